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

// The demo's cases tell a course that does not contradict itself: every
// case stands in the phase its last recorded step names, no proposal of a
// moved person is dated after the move or accepted before it was made, and
// no follow-up is recorded before its moment (issue 11).
func TestPlacementDemoTimelineConsistent(t *testing.T) {
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
	for what, q := range map[string]string{
		"a phase no step explains": `SELECT COUNT(*) FROM placement_cases pc WHERE pc.phase <> (SELECT t.to_phase FROM placement_transitions t
			WHERE t.case_id = pc.id ORDER BY t.at DESC, t.id DESC LIMIT 1)`,
		"a proposal after the move": `SELECT COUNT(*) FROM placement_proposals pp JOIN placement_transitions t ON t.case_id = pp.case_id AND t.to_phase = 'verhuisd'
			WHERE pp.created_at > t.at`,
		"an answer before the proposal": `SELECT COUNT(*) FROM placement_proposals WHERE answered_at IS NOT NULL AND answered_at < created_at`,
		"a follow-up before its moment": `SELECT COUNT(*) FROM placement_followups f JOIN placement_transitions t ON t.case_id = f.case_id AND t.to_phase = 'verhuisd'
			WHERE f.recorded_at < t.at`,
	} {
		if n := count(q); n != 0 {
			t.Errorf("%d demo cases with %s", n, what)
		}
	}
	if n := count(`SELECT COUNT(*) FROM placement_proposals WHERE status = 'geaccepteerd'`); n < 10 {
		t.Errorf("only %d accepted proposals in the demo", n)
	}
}
