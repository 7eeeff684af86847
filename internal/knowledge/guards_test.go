package knowledge

import (
	"testing"

	"github.com/volwaardig/volwaardig/internal/db/dbtest"
	"github.com/volwaardig/volwaardig/internal/testkit"
)

// TestNoPlatformTablesInSQL keeps the module's SQL on its own tables.
func TestNoPlatformTablesInSQL(t *testing.T) { testkit.NoPlatformSQL(t, ".") }

// TestSQLOnlyInStore keeps all of the module's SQL behind its store type.
func TestSQLOnlyInStore(t *testing.T) { testkit.SQLOnlyInStore(t, ".") }

// TestSchemasMatch checks that both dialects create the same knowledge
// tables with the same columns.
func TestSchemasMatch(t *testing.T) {
	lite := dbtest.SQLite(t, sets()...)
	pg := dbtest.Postgres(t, sets()...)
	testkit.SameTables(t, lite, pg, "knowledge", 12)
}
