package testkit

import (
	"log/slog"
	"testing"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/keyring"
)

// Accounts is the real account service on d (which must have the auth
// migrations applied), for module tests whose module names people through
// it. Its secret and key ring are fresh per test.
func Accounts(t testing.TB, d *db.DB, clock db.Clock) *auth.Service {
	t.Helper()
	ring, err := keyring.Generate()
	if err != nil {
		t.Fatal(err)
	}
	s, err := auth.New(d, clock, auth.Config{Secret: []byte("testkit-secret-of-at-least-32-bytes!!"), Keys: ring}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	return s
}
