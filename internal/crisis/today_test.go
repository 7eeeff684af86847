package crisis

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/audit"
)

// TestToday checks the crisis part of the start page per role (issue 11):
// the crisisregisseur sees each waiting crisis of the region with its
// clock, the overdue and acute ones urgent and each named case an audited
// read; the C.O.T. sees the assignment to acknowledge until it does; the
// bed's provider sees who is on the way until the admission is confirmed;
// a director of another region sees none of it.
func TestToday(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		waiting := f.reportBy(t, "Wim Wacht", UrgencyNormal)
		acute := f.reportBy(t, "Ada Acuut", UrgencyAcute)
		toBed := f.reportBy(t, "Bert Bed", UrgencyHigh)
		toTeam := f.reportBy(t, "Tom Team", UrgencyHigh)
		f.clock.Advance(2 * time.Hour)
		if err := f.s.ReserveBed(ctx, f.regie, toBed, f.bed1, false, ""); err != nil {
			t.Fatal(err)
		}
		if err := f.s.AssignTeam(ctx, f.regie, toTeam, f.team1, false, ""); err != nil {
			t.Fatal(err)
		}
		reads := f.aud.count(audit.ActionRead, audit.OutcomeSuccess, "crisis_case")
		tasks, err := f.s.Today(ctx, f.regie)
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		for _, tk := range tasks {
			lines = append(lines, tk.Label+" | "+tk.Note)
		}
		all := strings.Join(lines, "\n")
		clock := regexp.MustCompile(`(Tijd over tot de norm|Norm overschreden met): \d`)
		for _, name := range []string{"Wim Wacht", "Ada Acuut", "Bert Bed"} {
			if !strings.Contains(all, "Crisis: "+name) {
				t.Errorf("the director's start page does not name %s's waiting crisis:\n%s", name, all)
			}
		}
		for _, tk := range tasks {
			if !clock.MatchString(tk.Note) || tk.NoteEN == "" || tk.LabelEN == "" {
				t.Errorf("task %q has no clock in both languages: %q / %q", tk.Label, tk.Note, tk.NoteEN)
			}
			if strings.Contains(tk.Label, "Ada Acuut") != tk.Urgent {
				t.Errorf("task %q urgent=%v; only the acute crisis is urgent here", tk.Label, tk.Urgent)
			}
			if strings.Contains(tk.Label, "Tom Team") {
				t.Errorf("a crisis helped by a C.O.T. no longer waits, but is listed: %q", tk.Label)
			}
		}
		if got := f.aud.count(audit.ActionRead, audit.OutcomeSuccess, "crisis_case") - reads; got != len(tasks) {
			t.Errorf("%d named crises recorded as %d reads", len(tasks), got)
		}
		_ = waiting
		_ = acute

		if ts, err := f.s.Today(ctx, f.regie2); err != nil || len(ts) != 0 {
			t.Errorf("the director of another region sees %v (%v)", ts, err)
		}

		ts, err := f.s.Today(ctx, f.cot)
		if err != nil || len(ts) != 1 || !strings.Contains(ts[0].Label, "Tom Team") || !ts[0].Urgent {
			t.Fatalf("the C.O.T.'s start page: %+v (%v), want one urgent task to acknowledge Tom Team", ts, err)
		}
		if err := f.s.Acknowledge(ctx, f.cot, toTeam); err != nil {
			t.Fatal(err)
		}
		if ts, _ := f.s.Today(ctx, f.cot); len(ts) != 0 {
			t.Errorf("after the acknowledgement the C.O.T. still has %+v", ts)
		}

		ts, err = f.s.Today(ctx, f.aanb)
		if err != nil || len(ts) != 1 || !strings.Contains(ts[0].Label, "Bert Bed komt eraan") {
			t.Fatalf("the provider's start page: %+v (%v), want Bert Bed on the way", ts, err)
		}
		if ts, _ := f.s.Today(ctx, f.aanb2); len(ts) != 0 {
			t.Errorf("another provider sees %+v", ts)
		}
		if err := f.s.ConfirmAdmission(ctx, f.aanb, toBed); err != nil {
			t.Fatal(err)
		}
		if ts, _ := f.s.Today(ctx, f.aanb); len(ts) != 0 {
			t.Errorf("after the admission the provider still has %+v", ts)
		}
	})
}

// TestArrivalCardNoStrayDot: the provider's arrival card showed "Komt
// eraan ·" with a dot before the clock badge (issue 11, a walk-through at
// 375 px); the status and the clock are two separate facts now.
func TestArrivalCardNoStrayDot(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		id := f.reportBy(t, "Petra Punt", UrgencyHigh)
		if err := f.s.ReserveBed(context.Background(), f.regie, id, f.bed1, false, ""); err != nil {
			t.Fatal(err)
		}
		body := f.do(t, f.aanb, "GET", "/crisis/beschikbaarheid", "", "").Body.String()
		i := strings.Index(body, "Komt eraan")
		if i < 0 {
			t.Fatal("no arrival card")
		}
		dd := body[i:]
		dd = dd[:strings.Index(dd, "</dd>")]
		if strings.Contains(dd, "·") {
			t.Errorf("the arrival card's status has a stray '·': %q", dd)
		}
	})
}
