package cli

import (
	"context"
	"crypto/ed25519"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
)

// `audit verify` tells the size of each chain's unsigned tail: none for a
// closed chain, the count and age of the entries after the last signed
// checkpoint for a running one.
func TestAuditVerifyReportsUnsignedTail(t *testing.T) {
	dbURL, cpFile, _, _ := auditFixture(t)
	pub := audit.FormatPublicKey(auditTestKey().Public().(ed25519.PublicKey))
	code, out, errs := runAuditCLI(nil, "verify", "--db", dbURL, "--audit-key", pub, "--checkpoints", cpFile)
	if code != ExitOK || !strings.Contains(out, "unsigned tail: none") {
		t.Fatalf("closed chain: code %d\n%s\n%s", code, out, errs)
	}

	d, path := dbtest.SQLitePath(t, audit.Migrations())
	cpFile = filepath.Join(t.TempDir(), "cp.jsonl")
	clock := db.NewManualClock(time.Now().Add(-time.Hour))
	l, err := audit.New(d, clock, audit.Config{Key: auditTestKey(), InstanceID: "open", CheckpointFile: cpFile, CheckpointEvery: 4, CheckpointInterval: 24 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := l.Close(); err != nil {
			t.Error(err)
		}
	}()
	p := &auth.Principal{UserID: 1, Username: "zorgverlener", Role: auth.RoleZorgverlener}
	for i := range 6 {
		if err := l.Record(context.Background(), p, audit.Event{Action: audit.ActionRead, ClientID: int64(i + 1), Object: "client", Purpose: audit.PurposeCare}); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	code, out, errs = runAuditCLI(nil, "verify", "--db", "sqlite:"+path, "--audit-key", pub, "--checkpoints", cpFile)
	if code != ExitOK || !strings.Contains(out, "unsigned tail: 2 entries after seq 4") || !strings.Contains(out, "(1h0m") {
		t.Fatalf("open chain: code %d\n%s\n%s", code, out, errs)
	}
}
