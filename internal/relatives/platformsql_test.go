package relatives

import (
	"testing"

	"github.com/volwaardig/volwaardig/internal/testkit"
)

// TestNoPlatformTablesInSQL keeps the module's SQL on its own tables: the
// names of relatives, clients and experts come through the platform
// packages (DESIGN §6), never by a JOIN on clients, users or organisations.
func TestNoPlatformTablesInSQL(t *testing.T) {
	testkit.NoPlatformSQL(t, ".")
}

// TestSQLOnlyInStore keeps all of the module's SQL behind its store type.
func TestSQLOnlyInStore(t *testing.T) {
	testkit.SQLOnlyInStore(t, ".")
}
