package audit

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db"
)

func TestClientAccesses(t *testing.T) {
	eachDB(t, func(t *testing.T, d *db.DB) {
		tl := newTestLog(t, d, nil)
		ctx := context.Background()
		client := &auth.Principal{UserID: 500, Username: "client", DisplayName: "Cliënt", Role: auth.RoleClient}
		start := tl.clock.Now()
		steps := []struct {
			p   *auth.Principal
			ev  Event
			adv time.Duration
		}{
			{professional(), readEvent(1, "night"), time.Hour},                                                                // day 0 09:30
			{professional(), readEvent(2, "night"), time.Hour},                                                                // other client
			{client, Event{Action: ActionRead, ClientID: 1, Object: "dossier", Purpose: PurposeClientAccess}, 24 * time.Hour}, // own view
			{professional(), Event{Action: ActionUpdate, ClientID: 1, Object: "plan", Purpose: PurposeCare}, 24 * time.Hour},
			{professional(), Event{Action: ActionRead, Outcome: OutcomeDenied, ClientID: 1, Object: "plan", Purpose: PurposeCare}, time.Hour},
			{professional(), Event{Action: ActionExport, ClientID: 1, Object: "export", Purpose: PurposeCare}, 0},
		}
		for _, s := range steps {
			if err := tl.Record(ctx, s.p, s.ev); err != nil {
				t.Fatal(err)
			}
			tl.clock.Advance(s.adv)
		}
		all, err := ClientAccesses(ctx, d, ClientQuery{ClientID: 1, ExcludeUserID: 500})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, a := range all {
			got = append(got, string(a.Action)+"/"+a.Object)
		}
		if strings.Join(got, " ") != "export/export update/plan read/night" {
			t.Fatalf("all accesses (newest first, own and refused left out) = %v", got)
		}
		a := all[2]
		if a.Who() != "Anna de Vries" || a.Organisation != "Zorggroep Oost" || a.Role != auth.RoleZorgverlener ||
			a.Purpose != PurposeCare || !a.Time.Equal(start) {
			t.Fatalf("access = %+v", a)
		}
		// Period [day 1, day 2): only the update, 24 h + 2 h after start.
		day := start.Truncate(24 * time.Hour)
		in, err := ClientAccesses(ctx, d, ClientQuery{ClientID: 1, From: day.Add(24 * time.Hour), To: day.Add(48 * time.Hour), ExcludeUserID: 500})
		if err != nil {
			t.Fatal(err)
		}
		if len(in) != 1 || in[0].Action != ActionUpdate {
			t.Fatalf("period: %+v", in)
		}
		withDenied, err := ClientAccesses(ctx, d, ClientQuery{ClientID: 1, AllOutcomes: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(withDenied) != 5 {
			t.Fatalf("all outcomes and users: %d", len(withDenied))
		}
	})
}

func TestEmergencyReview(t *testing.T) {
	eachDB(t, func(t *testing.T, d *db.DB) {
		tl := newTestLog(t, d, nil)
		ctx := context.Background()
		for i := range 3 {
			ev := Event{Action: ActionEmergencyAccess, ClientID: int64(10 + i), Object: "dossier", Purpose: PurposeEmergency,
				Emergency: true, Reason: "crisis in de nacht"}
			if err := tl.Record(ctx, professional(), ev); err != nil {
				t.Fatal(err)
			}
			tl.clock.Advance(time.Minute)
		}
		tl.record(t, 2) // ordinary reads are not listed
		// What the professional reads under the access counts with it,
		// not as an access of its own.
		for range 2 {
			if err := tl.Record(ctx, professional(), Event{Action: ActionRead, ClientID: 10, Object: "dossier", Purpose: PurposeEmergency, Emergency: true, Reason: "crisis in de nacht"}); err != nil {
				t.Fatal(err)
			}
		}
		open, err := EmergencyAccesses(ctx, d, EmergencyQuery{Unreviewed: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(open) != 3 || open[0].ClientID != 10 || open[0].Reason != "crisis in de nacht" || open[0].Reviewed {
			t.Fatalf("open = %+v", open)
		}
		if open[0].Uses != 2 || open[1].Uses != 0 {
			t.Errorf("uses = %d, %d; want 2 for client 10 and 0 for client 11", open[0].Uses, open[1].Uses)
		}
		reviewer := &auth.Principal{UserID: 99, Username: "beheerder", DisplayName: "B. Heerder", Role: auth.RoleBeheerder}
		if err := tl.Review(ctx, reviewer, open[0].EventID, "prima", ""); !errors.Is(err, ErrInvalidEvent) {
			t.Fatalf("unknown conclusion: %v", err)
		}
		if err := tl.Review(ctx, reviewer, "no-such-event", ConclusionJustified, ""); !errors.Is(err, ErrNotFound) {
			t.Fatalf("unknown event: %v", err)
		}
		if err := tl.Review(ctx, reviewer, open[0].EventID, ConclusionJustified, "Terecht: cliënt in crisis."); err != nil {
			t.Fatal(err)
		}
		if err := tl.Review(ctx, reviewer, open[0].EventID, ConclusionUnjustified, ""); !errors.Is(err, ErrAlreadyReviewed) {
			t.Fatalf("second review: %v", err)
		}
		open, err = EmergencyAccesses(ctx, d, EmergencyQuery{Unreviewed: true})
		if err != nil || len(open) != 2 {
			t.Fatalf("after review: %d open, %v", len(open), err)
		}
		all, err := EmergencyAccesses(ctx, d, EmergencyQuery{})
		if err != nil || len(all) != 3 {
			t.Fatalf("all: %d, %v", len(all), err)
		}
		done := all[2] // newest first: the oldest is the reviewed one
		if !done.Reviewed || done.Conclusion != ConclusionJustified || done.ReviewerName != "beheerder" || done.Note != "Terecht: cliënt in crisis." {
			t.Fatalf("reviewed = %+v", done)
		}
		// The review is itself audited, and the original entry is unchanged.
		if err := tl.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		if n := countRows(t, d, `SELECT COUNT(*) FROM audit_entries WHERE action = 'review' AND object_id = $1 AND client_id = 10 AND user_id = 99`, done.EventID); n != 1 {
			t.Fatalf("review audited %d times", n)
		}
		if rep := tl.verify(t); !rep.OK() {
			t.Fatal(reportText(rep))
		}
	})
}
