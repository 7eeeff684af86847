package app

import (
	"context"
	"testing"
)

// TestPlacementDemoFigures checks that the demo holds the letters'
// situation: 70 maatwerkplekken; 13 people moved, 18 about to move, 17
// helped another way; and a well-filled home region.
func TestPlacementDemoFigures(t *testing.T) {
	a, _ := testApp(t, "sqlite")
	ctx := context.Background()
	count := func(q string) int {
		t.Helper()
		var n int
		if err := a.DB.QueryRowContext(ctx, q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for q, want := range map[string]int{
		`SELECT COALESCE(SUM(capacity), 0) FROM placement_places WHERE kind = 'maatwerk'`: 70,
		`SELECT COUNT(*) FROM placement_cases WHERE phase = 'verhuisd'`:                   13,
		`SELECT COUNT(*) FROM placement_cases WHERE phase = 'geaccepteerd'`:               18,
		`SELECT COUNT(*) FROM placement_cases WHERE phase = 'anders_geholpen'`:            17,
	} {
		if got := count(q); got != want {
			t.Errorf("%s = %d, want %d", q, got, want)
		}
	}
	if n := count(`SELECT COUNT(*) FROM placement_cases WHERE region = 'ZK11' AND phase IN ('aangemeld','in_beeld','bemiddeling','voorstel')`); n < 10 {
		t.Errorf("home region has only %d open cases", n)
	}
	if n := count(`SELECT COUNT(*) FROM placement_proposals WHERE status = 'open'`); n < 1 {
		t.Error("the demo client has no proposal to answer")
	}
}
