package crisis

import (
	"context"
	"testing"
	"time"
)

// TestMessagesCarryEnglish: every inbox message of a crisis's course (the
// report, the bed and the team decisions, the deadline and stay warnings)
// is stored with its English title, and an English body beside a Dutch
// one, so a reader who uses the application in English reads it in
// English (the inbox picks by language).
func TestMessagesCarryEnglish(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		bedCase := f.report(t, "Bed", UrgencyHigh)
		if err := f.s.ReserveBed(ctx, f.regie, bedCase, f.bed1, false, ""); err != nil {
			t.Fatal(err)
		}
		teamCase := f.report(t, "Team", UrgencyNormal)
		if err := f.s.AssignTeam(ctx, f.regie, teamCase, f.team1, false, ""); err != nil {
			t.Fatal(err)
		}
		f.report(t, "Klok", UrgencyNormal)
		f.clock.Advance(49 * time.Hour)
		if _, err := f.s.CheckDeadlines(ctx); err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(DefaultStayLimitDays * 24 * time.Hour)
		if _, err := f.s.CheckDeadlines(ctx); err != nil {
			t.Fatal(err)
		}
		if n := f.count(t, `SELECT COUNT(DISTINCT kind) FROM notifications`); n < 5 {
			t.Fatalf("only %d kinds of message sent", n)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM notifications WHERE title_en = '' OR (body <> '' AND body_en = '')`); n != 0 {
			t.Errorf("%d messages without their English text", n)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM notifications WHERE kind = 'crisis_new' AND title_en LIKE 'New crisis report in region Utrecht (ZK11) (urgency %)'`); n == 0 {
			t.Error("the new crisis's English title does not read as written")
		}
	})
}
