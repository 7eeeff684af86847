package support

import (
	"context"
	"slices"
	"testing"

	"github.com/volwaardig/volwaardig/internal/db"
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
	ctx := context.Background()
	cols := func(d *db.DB, q string) map[string][]string {
		rows, err := d.QueryContext(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[string][]string{}
		for rows.Next() {
			var table, col string
			if err := rows.Scan(&table, &col); err != nil {
				t.Fatal(err)
			}
			out[table] = append(out[table], col)
		}
		for k := range out {
			slices.Sort(out[k])
		}
		return out
	}
	l := cols(lite, `SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name LIKE 'support%'`)
	p := cols(pg, `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name LIKE 'support%'`)
	if len(l) != 13 {
		t.Errorf("sqlite has %d support tables, want 13", len(l))
	}
	if len(l) != len(p) {
		t.Errorf("tables differ: sqlite %v, postgres %v", l, p)
	}
	for table, c := range l {
		if !slices.Equal(c, p[table]) {
			t.Errorf("%s: sqlite %v, postgres %v", table, c, p[table])
		}
	}
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
