package testkit

import (
	"context"
	"slices"
	"testing"

	"github.com/volwaardig/volwaardig/internal/db"
)

// SameTables fails the test unless the SQLite and the PostgreSQL database
// hold the same tables whose names start with prefix (a module's tables),
// each with the same columns, and SQLite holds want of them. A module keeps
// two migration sets, one per dialect; this is what keeps them in step, and
// the count catches a migration that was added to neither.
func SameTables(t testing.TB, lite, pg *db.DB, prefix string, want int) {
	t.Helper()
	l := tableColumns(t, lite, `SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name LIKE ? || '%'`, prefix)
	p := tableColumns(t, pg, `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name LIKE $1 || '%'`, prefix)
	if len(l) != want {
		t.Errorf("sqlite has %d %s tables, want %d", len(l), prefix, want)
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

// tableColumns reads (table, column) rows into the sorted columns per table.
func tableColumns(t testing.TB, d *db.DB, q, prefix string) map[string][]string {
	t.Helper()
	rows, err := d.QueryContext(context.Background(), q, prefix)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = rows.Close() }()
	out := map[string][]string{}
	for rows.Next() {
		var table, col string
		if err := rows.Scan(&table, &col); err != nil {
			t.Fatal(err)
		}
		out[table] = append(out[table], col)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for k := range out {
		slices.Sort(out[k])
	}
	return out
}
