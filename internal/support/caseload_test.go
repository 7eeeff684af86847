package support

import (
	"context"
	"testing"
	"time"
)

// TestCaseloadMinutesPerFamily: the caseload's hours per family count that
// family's own logged minutes of the last 90 days and no other family's,
// also now that they are summed only for the caseload's families.
func TestCaseloadMinutesPerFamily(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		// 200 days after intake, so both action dates fall after it.
		f.clock.Advance(200 * 24 * time.Hour)
		day := f.clock.Now().AddDate(0, 0, -3).Format("02-01-2006")
		old := f.clock.Now().AddDate(0, 0, -120).Format("02-01-2006")
		for _, a := range []struct {
			sup     int
			family  int64
			date    string
			minutes string
		}{{1, f.family, day, "60"}, {1, f.family, day, "15"}, {1, f.family, old, "500"}, {2, f.otherFamily, day, "45"}} {
			p := f.sup
			if a.sup == 2 {
				p = f.sup2
			}
			if _, err := f.s.AddAction(ctx, p, a.family, ActionInput{Kind: "afspraak", Date: a.date, Subject: "Gesprek", Minutes: a.minutes}); err != nil {
				t.Fatal(err)
			}
		}
		minutes := func(fs []Family, id int64) int {
			for _, fam := range fs {
				if fam.ID == id {
					return fam.Minutes
				}
			}
			t.Fatalf("family %d not in the caseload", id)
			return 0
		}
		cl, err := f.s.Caseload(ctx, f.sup)
		if err != nil {
			t.Fatal(err)
		}
		if m := minutes(cl, f.family); m != 75 {
			t.Errorf("sup's family: %d minutes, want 75 (60 + 15; the action of 120 days ago not counted)", m)
		}
		for _, fam := range cl {
			if fam.ID == f.otherFamily {
				t.Error("sup's caseload holds the other supporter's family")
			}
		}
		cl2, err := f.s.Caseload(ctx, f.sup2)
		if err != nil {
			t.Fatal(err)
		}
		if m := minutes(cl2, f.otherFamily); m != 45 {
			t.Errorf("sup2's family: %d minutes, want 45", m)
		}
	})
}
