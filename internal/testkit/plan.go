package testkit

import (
	"context"
	"testing"

	"github.com/volwaardig/volwaardig/internal/db"
)

// SQLitePlan is SQLite's query plan for q, one detail line per step, for
// tests that keep a page's query on its index (issue 18): "SCAN t" without
// an index is a read of the whole table, "USE TEMP B-TREE" a sort of its
// own. PostgreSQL plans by its statistics, so tests pin only SQLite's.
func SQLitePlan(t testing.TB, d *db.DB, q string, args ...any) []string {
	t.Helper()
	rows, err := d.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+q, args...)
	if err != nil {
		t.Fatal(err)
	}
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	if len(plan) == 0 {
		t.Fatalf("no plan for %s", q)
	}
	return plan
}
