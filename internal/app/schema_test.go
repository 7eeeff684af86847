package app

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
)

// TestSchemasMatchAcrossDialects migrates every module's schema on SQLite
// and on PostgreSQL and compares the tables, their columns and whether each
// column may be NULL. The two dialects are written by hand, so this is what
// keeps a column added to one from being forgotten in the other, which would
// only show up in production on the other database.
func TestSchemasMatchAcrossDialects(t *testing.T) {
	ctx := context.Background()
	lite := dbtest.SQLite(t, Migrations()...)
	pg := dbtest.Postgres(t, Migrations()...)
	read := func(d *db.DB, q string) map[string][]string {
		t.Helper()
		rows, err := d.QueryContext(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[string][]string{}
		for rows.Next() {
			var table, col string
			var nullable bool
			if err := rows.Scan(&table, &col, &nullable); err != nil {
				t.Fatal(err)
			}
			if strings.HasPrefix(table, "sqlite_") {
				continue
			}
			c := col
			if !nullable {
				c += " NOT NULL"
			}
			out[table] = append(out[table], c)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		for k := range out {
			slices.Sort(out[k])
		}
		return out
	}
	// In SQLite a PRIMARY KEY column may hold NULL unless declared NOT NULL,
	// except an INTEGER PRIMARY KEY (the rowid), which never can; count
	// primary keys as NOT NULL, as PostgreSQL makes them.
	l := read(lite, `SELECT m.name, p.name, (p."notnull" = 0 AND p.pk = 0) FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type IN ('table', 'view')`)
	p := read(pg, `SELECT table_name, column_name, is_nullable = 'YES' FROM information_schema.columns WHERE table_schema = current_schema()`)
	if len(l) < 20 {
		t.Fatalf("only %d tables on SQLite: were the migrations applied?", len(l))
	}
	var tables []string
	for k := range l {
		tables = append(tables, k)
	}
	for k := range p {
		if _, ok := l[k]; !ok {
			tables = append(tables, k)
		}
	}
	slices.Sort(tables)
	for _, table := range tables {
		lc, lok := l[table]
		pc, pok := p[table]
		switch {
		case !lok:
			t.Errorf("table %s exists only on PostgreSQL", table)
		case !pok:
			t.Errorf("table %s exists only on SQLite", table)
		case !slices.Equal(lc, pc):
			t.Errorf("table %s differs:\n  sqlite:   %v\n  postgres: %v", table, lc, pc)
		}
	}
}
