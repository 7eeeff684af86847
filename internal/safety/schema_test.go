package safety

import (
	"testing"

	"github.com/volwaardig/volwaardig/internal/db/dbtest"
	"github.com/volwaardig/volwaardig/internal/testkit"
)

// TestSchemasMatch checks that the SQLite and PostgreSQL migrations create
// the same safety tables with the same columns.
func TestSchemasMatch(t *testing.T) {
	lite := dbtest.SQLite(t, sets()...)
	pg := dbtest.Postgres(t, sets()...)
	testkit.SameTables(t, lite, pg, "safety", 4)
}
