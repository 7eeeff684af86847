package notify

import (
	"testing"

	"github.com/volwaardig/volwaardig/internal/testkit"
)

// TestSQLOnlyInStore keeps the package's SQL in its store*.go files.
func TestSQLOnlyInStore(t *testing.T) {
	testkit.SQLOnlyInStore(t, ".")
}
