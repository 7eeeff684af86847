package support

import (
	"testing"

	"github.com/volwaardig/volwaardig/internal/db/dbtest"
	"github.com/volwaardig/volwaardig/internal/testkit"
)

// TestNoPlatformTablesInSQL keeps the module's SQL on its own tables: the
// names of clients and accounts come through the platform packages.
func TestNoPlatformTablesInSQL(t *testing.T) { testkit.NoPlatformSQL(t, ".") }

// TestSQLOnlyInStore keeps all of the module's SQL behind its store type.
func TestSQLOnlyInStore(t *testing.T) { testkit.SQLOnlyInStore(t, ".") }

// TestSchemasMatch checks that both dialects create the same support
// tables with the same columns.
func TestSchemasMatch(t *testing.T) {
	lite := dbtest.SQLite(t, sets()...)
	pg := dbtest.Postgres(t, sets()...)
	testkit.SameTables(t, lite, pg, "support", 13)
}

// TestRouteAccessListsEveryRoute: every route the module registers is in
// its route × role table, and the table names no route that is not
// registered (the application's TestRouteRoleTable then checks the roles).
func TestRouteAccessListsEveryRoute(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		table := f.s.RouteAccess()
		seen := map[string]bool{}
		for _, r := range f.h.Routes() {
			key := r.Method + " " + r.Pattern
			seen[key] = true
			if _, ok := table[key]; !ok {
				t.Errorf("route %s is missing from RouteAccess", key)
			}
		}
		for key := range table {
			if !seen[key] {
				t.Errorf("RouteAccess names %s, which is not registered", key)
			}
		}
	})
}
