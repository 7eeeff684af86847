package safety

import (
	"testing"

	"github.com/volwaardig/volwaardig/internal/testkit"
)

// TestNoPlatformTablesInSQL keeps the module's SQL on its own tables: the
// names of providers, clients and accounts come through the platform
// packages (DESIGN §6).
func TestNoPlatformTablesInSQL(t *testing.T) { testkit.NoPlatformSQL(t, ".") }

// TestSQLOnlyInStore keeps all of the module's SQL behind its store type.
func TestSQLOnlyInStore(t *testing.T) { testkit.SQLOnlyInStore(t, ".") }
