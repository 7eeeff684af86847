package crisis

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/module"
	"github.com/volwaardig/volwaardig/internal/notify"
	"github.com/volwaardig/volwaardig/internal/orgs"
	"github.com/volwaardig/volwaardig/internal/web"
)

func TestReportMissingFactsWritesNothing(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		_, err := f.s.Report(ctx, f.reporter, Intake{Region: "XX"})
		got := fields(err)
		for _, want := range []string{"naam", "regio", "waar", "wat", "urgentie"} {
			if !slices.Contains(got, want) {
				t.Errorf("missing field error for %q; got %v", want, got)
			}
		}
		// A region that passes the pattern but does not exist: also nothing written.
		_, err = f.s.Report(ctx, f.reporter, Intake{ClientName: "Nieuw", Region: "ZK99", Where: "x", WhatHappened: "y", Urgency: UrgencyHigh})
		if got := fields(err); !slices.Equal(got, []string{"regio"}) {
			t.Errorf("unknown region: fields %v, err %v", got, err)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM crisis_cases`); n != 0 {
			t.Errorf("%d cases written", n)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM clients WHERE name = 'Nieuw'`); n != 0 {
			t.Errorf("a client was created by a failed report")
		}
	})
}

func TestReportNewClientNotifiesRegion(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		id, err := f.s.Report(ctx, f.reporter, Intake{ClientName: "Onbekend BSN", BirthDateText: "31-12-1990", Region: "ZK11", Where: "Thuis", WhatHappened: "Agressie", Urgency: UrgencyAcute})
		if err != nil {
			t.Fatal(err)
		}
		c, err := f.s.Case(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if c.Status != StatusReported || c.ClientName != "Onbekend BSN" || c.ReporterID != f.reporter.UserID {
			t.Errorf("case %+v", c)
		}
		// An acute crisis runs on the region's acute norm (default 24 h).
		if want := start.Add(24 * time.Hour); !c.DeadlineAt.Equal(want) || c.NormHours != 24 {
			t.Errorf("deadline %v (norm %d), want %v", c.DeadlineAt, c.NormHours, want)
		}
		if n := f.notes(t, f.regie.UserID, "crisis_new"); n != 1 {
			t.Errorf("crisisregisseur of ZK11 got %d new-crisis notices, want 1", n)
		}
		if n := f.notes(t, f.regie2.UserID, "crisis_new"); n != 0 {
			t.Errorf("crisisregisseur of ZK02 got %d notices", n)
		}
		if f.aud.count(audit.ActionCreate, audit.OutcomeSuccess, "crisis_case") != 1 || f.aud.count(audit.ActionCreate, audit.OutcomeSuccess, "client") != 1 {
			t.Error("intake not audited as case and client creation")
		}
	})
}

func TestRegionSettingsAndOnCall(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		if err := f.s.SetSettings(ctx, f.regie, Settings{Region: "ZK02", NormHours: 24, StayLimitDays: 14}); !isCode(err, web.CodeForbidden) {
			t.Errorf("setting another region: %v", err)
		}
		if got := fields(f.s.SetSettings(ctx, f.regie, Settings{Region: "ZK11", NormHours: 0, StayLimitDays: 200})); !slices.Equal(got, []string{"norm-ZK11", "verblijf-ZK11"}) {
			t.Errorf("bad settings fields %v", got)
		}
		other := addUser(t, f.d, "regie-b", auth.RoleCrisisregisseur, [2]string{"region", "ZK11"})
		if err := f.s.SetSettings(ctx, f.regie, Settings{Region: "ZK11", NormHours: 24, StayLimitDays: 14, OnCallUserID: f.regie.UserID}); err != nil {
			t.Fatal(err)
		}
		id := f.report(t, "Iemand", UrgencyHigh)
		c, _ := f.s.Case(ctx, id)
		if !c.DeadlineAt.Equal(start.Add(24*time.Hour)) || c.NormHours != 24 {
			t.Errorf("region norm not used: deadline %v", c.DeadlineAt)
		}
		if f.notes(t, f.regie.UserID, "crisis_new") != 1 || f.notes(t, other, "crisis_new") != 0 {
			t.Error("only the crisisregisseur on call should be notified")
		}
	})
}

// TestReserveBedConcurrently lets many requests reserve the same bed for
// different cases at once: exactly one may get it.
func TestReserveBedConcurrently(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		const n = 8
		ids := make([]int64, n)
		for i := range ids {
			ids[i] = f.report(t, "Cliënt", UrgencyHigh)
		}
		var wg sync.WaitGroup
		errs := make([]error, n)
		startGun := make(chan struct{})
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				<-startGun
				errs[i] = f.s.ReserveBed(ctx, f.regie, ids[i], f.bed1, false, "")
			}(i)
		}
		close(startGun)
		wg.Wait()
		wins := 0
		var winner int64
		for i, err := range errs {
			switch {
			case err == nil:
				wins++
				winner = ids[i]
			case !isCode(err, web.CodeConflict):
				t.Errorf("request %d: %v, want a conflict", i, err)
			}
		}
		if wins != 1 {
			t.Fatalf("%d requests reserved the same bed, want exactly 1", wins)
		}
		b, _ := f.s.Bed(ctx, f.bed1)
		if b.Status != BedReserved || b.CaseID != winner {
			t.Errorf("bed %+v, want reserved for case %d", b, winner)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM crisis_cases WHERE status = 'opname'`); n != 1 {
			t.Errorf("%d cases in admission", n)
		}
		c, _ := f.s.Case(ctx, winner)
		if !c.StayUntil.Equal(start.Add(DefaultStayLimitDays*24*time.Hour)) || c.Decision != DecisionAdmission {
			t.Errorf("winner %+v", c)
		}
		// The same case cannot be decided twice either.
		if err := f.s.ReserveBed(ctx, f.regie, winner, f.bed1, false, ""); !isCode(err, web.CodeConflict) {
			t.Errorf("second decision: %v", err)
		}
	})
}

func TestEscalation(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		id := f.report(t, "Cliënt", UrgencyAcute)
		if got := fields(f.s.ReserveBed(ctx, f.regie, id, f.bed2, false, "")); !slices.Equal(got, []string{"bed"}) {
			t.Errorf("other region's bed without escalation: %v", got)
		}
		if got := fields(f.s.ReserveBed(ctx, f.regie, id, f.bed2, true, " ")); !slices.Equal(got, []string{"bedreden"}) {
			t.Errorf("escalation without reason: %v", got)
		}
		if got := fields(f.s.ReserveBed(ctx, f.regie, id, f.bed2, true, "Geen plek")); !slices.Equal(got, []string{"bed"}) {
			t.Errorf("escalation while the own bed is free: %v", got)
		}
		if got := fields(f.s.AssignTeam(ctx, f.regie, id, f.team2, false, "")); !slices.Equal(got, []string{"team"}) {
			t.Errorf("other region's team without escalation: %v", got)
		}
		if err := f.s.ReserveBed(ctx, f.regie2, id, f.bed1, false, ""); !isCode(err, web.CodeForbidden) {
			t.Errorf("crisisregisseur of another region decided: %v", err)
		}
		c, _ := f.s.Case(ctx, id)
		if c.Status != StatusReported || f.count(t, `SELECT COUNT(*) FROM client_care WHERE kind = 'team'`) != 0 || f.count(t, `SELECT COUNT(*) FROM crisis_beds WHERE status <> 'vrij'`) != 0 {
			t.Fatal("a refused decision left something behind")
		}
		if err := f.s.SetBedStatus(ctx, f.aanb, f.bed1, BedOut); err != nil {
			t.Fatal(err)
		}
		if err := f.s.ReserveBed(ctx, f.regie, id, f.bed2, true, "Geen crisisbed vrij in ZK11"); err != nil {
			t.Fatalf("escalation with no own bed free: %v", err)
		}
		c, _ = f.s.Case(ctx, id)
		if c.EscalatedTo != "ZK02" || c.BedID != f.bed2 {
			t.Errorf("escalated case %+v", c)
		}
		if f.notes(t, f.regie2.UserID, "crisis_escalated") != 1 || f.notes(t, f.aanb2.UserID, "crisis_bed_reserved") != 1 || f.notes(t, f.aanb.UserID, "crisis_bed_reserved") != 0 {
			t.Errorf("receiving region or the bed's provider not told of the escalated reservation")
		}
		// The other region's crisisregisseur sees the escalated case.
		if _, err := f.s.Open(ctx, f.regie2, id); err != nil {
			t.Errorf("receiving region cannot see the escalated case: %v", err)
		}
		// A team of another region with escalation and reason.
		id2 := f.report(t, "Ander", UrgencyHigh)
		if err := f.s.AssignTeam(ctx, f.regie, id2, f.team2, true, "Expertise zintuiglijk nodig"); err != nil {
			t.Fatal(err)
		}
	})
}

func TestTeamSupportLifecycle(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		id, err := f.s.Report(ctx, f.regie, Intake{ClientID: f.client, Region: "ZK11", Where: "Woning", WhatHappened: "Zelfverwonding", Urgency: UrgencyHigh})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.s.Take(ctx, f.regie, id); err != nil {
			t.Fatal(err)
		}
		if err := f.s.Take(ctx, f.regie, id); !isCode(err, web.CodeConflict) {
			t.Errorf("taking twice: %v", err)
		}
		if _, err := f.s.Open(ctx, f.cot, id); err == nil {
			t.Error("team sees a case before assignment")
		}
		f.clock.Advance(5 * time.Hour)
		if err := f.s.AssignTeam(ctx, f.regie, id, f.team1, false, ""); err != nil {
			t.Fatal(err)
		}
		ref, _ := f.reg.Ref(ctx, f.client)
		if !slices.Contains(ref.Teams, f.team1) {
			t.Errorf("team has no care relation: %+v", ref)
		}
		if f.notes(t, f.cot.UserID, string(kindAssigned)) != 1 {
			t.Error("team member not notified of the assignment")
		}
		teams, _ := f.s.Teams(ctx, "ZK11")
		if len(teams) != 1 || teams[0].Load != 1 {
			t.Errorf("team load %+v", teams)
		}
		v, err := f.s.Open(ctx, f.cot, id)
		if err != nil || !v.Team {
			t.Fatalf("team view %+v %v", v, err)
		}
		if k := v.Case.ClockAt(f.clock.Now()); !k.Stopped || !k.Met || k.TakenFor != 5*time.Hour {
			t.Errorf("clock %+v", k)
		}
		if err := f.s.AddSupport(ctx, f.regie, id, SupportVisit, "x"); !isCode(err, web.CodeForbidden) {
			t.Errorf("crisisregisseur recorded team support: %v", err)
		}
		if got := fields(f.s.AddSupport(ctx, f.cot, id, "telefoon", "")); !slices.Equal(got, []string{"soort", "notitie"}) {
			t.Errorf("bad support fields %v", got)
		}
		if err := f.s.AddSupport(ctx, f.cot, id, SupportVisit, "Bezoek aan de woning"); err != nil {
			t.Fatal(err)
		}
		if err := f.s.AddSupport(ctx, f.cot, id, SupportAdvice, "Advies: vaste dagstructuur"); err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(24 * time.Hour)
		if err := f.s.AddSupport(ctx, f.cot, id, SupportEnd, "Zorgteam kan het weer aan"); err != nil {
			t.Fatal(err)
		}
		c, _ := f.s.Case(ctx, id)
		if c.Status != StatusClosed || c.ClosedAt.IsZero() {
			t.Errorf("case after end of support %+v", c)
		}
		ref, _ = f.reg.Ref(ctx, f.client)
		if slices.Contains(ref.Teams, f.team1) {
			t.Error("team keeps access after the end of support")
		}
		recs, _ := f.s.Support(ctx, id)
		if len(recs) != 3 {
			t.Errorf("%d support records", len(recs))
		}
	})
}

func TestExtensionOfStay(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		id := f.report(t, "Opname", UrgencyHigh)
		if err := f.s.ReserveBed(ctx, f.regie, id, f.bed1, false, ""); err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(29 * 24 * time.Hour)
		c, _ := f.s.Case(ctx, id)
		if !c.StayOverLimit(f.clock.Now()) {
			t.Fatal("stay over limit not flagged")
		}
		if _, err := f.s.RequestExtension(ctx, f.cot, id, 40, ""); !slices.Equal(fields(err), []string{"dagen", "verlengreden"}) {
			got := fields(err)
			t.Errorf("bad extension fields %v", got)
		}
		if _, err := f.s.RequestExtension(ctx, f.zv, id, 7, "x"); !isCode(err, web.CodeForbidden) {
			t.Errorf("outsider requested an extension: %v", err)
		}
		eid, err := f.s.RequestExtension(ctx, f.regie, id, 7, "Terugkeer pas na aanpassing woning")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.RequestExtension(ctx, f.regie, id, 7, "nog een"); !isCode(err, web.CodeConflict) {
			t.Errorf("second pending request: %v", err)
		}
		if got := fields(f.s.JudgeExtension(ctx, f.regie, id, eid, false, "")); !slices.Equal(got, []string{"oordeel"}) {
			t.Errorf("refusal without reason: %v", got)
		}
		if err := f.s.JudgeExtension(ctx, f.regie, id, eid, true, ""); err != nil {
			t.Fatal(err)
		}
		if err := f.s.JudgeExtension(ctx, f.regie, id, eid, true, ""); !isCode(err, web.CodeConflict) {
			t.Errorf("judging twice: %v", err)
		}
		c, _ = f.s.Case(ctx, id)
		if want := start.Add((DefaultStayLimitDays + 7) * 24 * time.Hour); !c.StayUntil.Equal(want) || c.StayOverLimit(f.clock.Now()) {
			t.Errorf("stay until %v, want %v", c.StayUntil, want)
		}
		if err := f.s.Close(ctx, f.regie, id, "Terug naar de woning"); err != nil {
			t.Fatal(err)
		}
		b, _ := f.s.Bed(ctx, f.bed1)
		if b.Status != BedFree || b.CaseID != 0 {
			t.Errorf("bed not freed at close: %+v", b)
		}
	})
}

func TestDeadlineJob(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		id := f.report(t, "Klok", UrgencyNormal)
		if n, err := f.s.CheckDeadlines(ctx); err != nil || n != 0 {
			t.Fatalf("fresh case: %d notices, %v", n, err)
		}
		f.clock.Advance(43 * time.Hour)
		for i := 0; i < 2; i++ { // a second run (another instance) adds nothing
			if _, err := f.s.CheckDeadlines(ctx); err != nil {
				t.Fatal(err)
			}
		}
		soon := `SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND dedupe_key = $2`
		if n := f.count(t, soon, f.regie.UserID, "crisis:deadline-soon:"+itoa(int(id))); n != 1 {
			t.Errorf("deadline-soon notices: %d", n)
		}
		f.clock.Advance(6 * time.Hour)
		if _, err := f.s.CheckDeadlines(ctx); err != nil {
			t.Fatal(err)
		}
		if n := f.count(t, soon, f.regie.UserID, "crisis:deadline-passed:"+itoa(int(id))); n != 1 {
			t.Errorf("deadline-passed notices: %d", n)
		}
		// Stay limit: admission, then past the limit; the team is told too.
		id2 := f.report(t, "Verblijf", UrgencyHigh)
		if err := f.s.ReserveBed(ctx, f.regie, id2, f.bed1, false, ""); err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(DefaultStayLimitDays*24*time.Hour + time.Hour)
		if _, err := f.s.CheckDeadlines(ctx); err != nil {
			t.Fatal(err)
		}
		if n := f.notes(t, f.regie.UserID, string(kindStay)); n != 1 {
			t.Errorf("stay notices %d", n)
		}
	})
}

func TestHandover(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		id := f.report(t, "Andere plek", UrgencyHigh)
		if err := f.s.AssignTeam(ctx, f.regie, id, f.team1, false, ""); err != nil {
			t.Fatal(err)
		}
		in := HandoverInput{Reason: "Past niet meer op de groep", Dossierhouder: "J. de Wit, Zorg Utrecht", Profile: "VG7", Urgent: true}
		if _, err := f.s.Handover(ctx, f.cot, id, HandoverInput{Reason: " "}); !slices.Equal(fields(err), []string{"reden", "dossierhouder", "zorgprofiel"}) {
			t.Errorf("handover without facts: %v", err)
		}
		if _, err := f.s.Handover(ctx, f.zv, id, in); !isCode(err, web.CodeForbidden) {
			t.Errorf("outsider handed over: %v", err)
		}
		// The register refuses (e.g. an unknown profile): its field error
		// reaches the form and the case stays as it was.
		f.place.fail = web.Invalid(web.FieldError{Field: "zorgprofiel", Message: "onbekend zorgprofiel"})
		if _, err := f.s.Handover(ctx, f.cot, id, in); !slices.Equal(fields(err), []string{"zorgprofiel"}) {
			t.Errorf("register's refusal: %v", err)
		}
		f.place.fail = errors.New("placement down")
		if _, err := f.s.Handover(ctx, f.cot, id, in); err == nil {
			t.Error("handover succeeded while placement failed")
		}
		if c, _ := f.s.Case(ctx, id); c.Status != StatusCOT || c.Dossierhouder != "" {
			t.Errorf("failed handover changed the case: %s %q", c.Status, c.Dossierhouder)
		}
		f.place.fail = nil
		res, err := f.s.Handover(ctx, f.cot, id, in)
		if err != nil {
			t.Fatal(err)
		}
		c, _ := f.s.Case(ctx, id)
		if c.Status != StatusHandedOver || c.HandoverRef != res.Ref || res.Ref == "" || c.Dossierhouder != "J. de Wit, Zorg Utrecht" || len(f.place.calls) != 1 {
			t.Errorf("handed over case %+v", c)
		}
		if got := f.place.calls[0]; got.ClientID != c.ClientID || got.Region != "ZK11" || got.Profile != "VG7" || !got.Urgent || got.CaseID != id {
			t.Errorf("request to the register %+v", got)
		}
		// The team's access ends with the handover.
		if ref, _ := f.reg.Ref(ctx, c.ClientID); slices.Contains(ref.Teams, f.team1) {
			t.Error("team keeps access after the handover")
		}
		// A repeated handover is refused clearly and does not reach the register.
		if _, err := f.s.Handover(ctx, f.cot, id, in); !isCode(err, web.CodeConflict) || len(f.place.calls) != 1 {
			t.Errorf("repeated handover: %v (%d register calls)", err, len(f.place.calls))
		}
		// A client already in the register: the case says so.
		f.place.existing = true
		id2 := f.report(t, "Al in beeld", UrgencyHigh)
		if _, err := f.s.Handover(ctx, f.regie, id2, in); err != nil {
			t.Fatal(err)
		}
		if c, _ := f.s.Case(ctx, id2); c.Status != StatusHandedOver || !strings.Contains(c.CloseNote, "stond al in het register") {
			t.Errorf("handover to a running search: %+v", c)
		}
		// Without a placement module the handover explains it is unavailable.
		f.s.placement = nil
		if _, err := f.s.Handover(ctx, f.regie, f.report(t, "x", UrgencyHigh), in); !isCode(err, web.CodeUnavailable) {
			t.Errorf("nil placement: %v", err)
		}
	})
}

func TestCaseAccessAndEmergency(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		id := f.report(t, "Privé", UrgencyHigh)
		c, _ := f.s.Case(ctx, id)
		for _, p := range []*auth.Principal{f.zv, f.regie2, f.cot, f.aanb} {
			_, err := f.s.Open(ctx, p, id)
			var out *ErrOutsideScope
			if !errors.As(err, &out) || out.ClientID != c.ClientID {
				t.Errorf("%s opened a case outside scope: %v", p.Username, err)
			}
		}
		if n := f.aud.count(audit.ActionRead, audit.OutcomeDenied, "crisis_case"); n != 4 {
			t.Errorf("%d denied reads audited, want 4", n)
		}
		// Emergency access granted in the client register opens the case.
		if _, err := f.d.ExecContext(ctx, `INSERT INTO client_emergency_access (client_id, user_id, role, reason, granted_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`,
			c.ClientID, f.zv.UserID, "zorgverlener", "Cliënt in crisis op mijn locatie", start, start.Add(4*time.Hour)); err != nil {
			t.Fatal(err)
		}
		v, err := f.s.Open(ctx, f.zv, id)
		if err != nil || !v.Emergency {
			t.Fatalf("emergency open: %+v %v", v, err)
		}
		var found bool
		for _, e := range f.aud.Events() {
			if e.Emergency && e.Purpose == audit.PurposeEmergency && e.ClientID == c.ClientID && e.Reason != "" {
				found = true
			}
		}
		if !found {
			t.Error("emergency read not audited as emergency")
		}
		f.clock.Advance(5 * time.Hour)
		if _, err := f.s.Open(ctx, f.zv, id); err == nil {
			t.Error("expired emergency access still opens the case")
		}
		// The reporter follows the own report; a reader for an unseen client
		// cannot report on that client.
		if _, err := f.s.Open(ctx, f.regie, id); err != nil {
			t.Error(err)
		}
		if _, err := f.s.Report(ctx, f.zv, Intake{ClientID: c.ClientID, Region: "ZK11", Where: "x", WhatHappened: "y", Urgency: UrgencyHigh}); !slices.Equal(fields(err), []string{"client_id"}) {
			t.Errorf("report on a client outside scope: %v", err)
		}
	})
}

func TestAvailability(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		if err := f.s.SetBedStatus(ctx, f.aanb2, f.bed1, BedOut); !isCode(err, web.CodeForbidden) {
			t.Errorf("other provider updated the bed: %v", err)
		}
		if err := f.s.SetBedStatus(ctx, f.aanb, f.bed1, BedReserved); !slices.Equal(fields(err), []string{"status"}) {
			t.Errorf("provider set reserved: %v", err)
		}
		f.clock.Advance(30 * time.Hour)
		b, _ := f.s.Bed(ctx, f.bed1)
		if fr := FreshnessAt(b.AvailabilityAt, f.clock.Now(), f.s.cfg.StaleAfter); !fr.Stale || fr.Age != 30*time.Hour {
			t.Errorf("freshness %+v", fr)
		}
		if err := f.s.SetBedStatus(ctx, f.aanb, f.bed1, BedFree); err != nil {
			t.Fatal(err)
		}
		b, _ = f.s.Bed(ctx, f.bed1)
		if fr := FreshnessAt(b.AvailabilityAt, f.clock.Now(), f.s.cfg.StaleAfter); fr.Stale {
			t.Error("confirmed figure still stale")
		}
		if err := f.s.SetTeamAvailability(ctx, f.cot, f.team2, false, ""); !isCode(err, web.CodeForbidden) {
			t.Errorf("cot updated another team: %v", err)
		}
		if err := f.s.SetTeamAvailability(ctx, f.cot, f.team1, false, "Twee collega's ziek"); err != nil {
			t.Fatal(err)
		}
		tm, _ := f.s.Team(ctx, f.team1)
		if tm.Available || tm.AvailabilityNote != "Twee collega's ziek" || !tm.AvailabilityAt.Equal(f.clock.Now()) {
			t.Errorf("team %+v", tm)
		}
		// A reserved bed stays reserved whatever the provider says.
		id := f.report(t, "x", UrgencyHigh)
		if err := f.s.ReserveBed(ctx, f.regie, id, f.bed1, false, ""); err != nil {
			t.Fatal(err)
		}
		if err := f.s.SetBedStatus(ctx, f.aanb, f.bed1, BedFree); !isCode(err, web.CodeConflict) {
			t.Errorf("provider freed a reserved bed: %v", err)
		}
	})
}

func TestAggregatesSuppressSmallCounts(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		for i := 0; i < 6; i++ {
			id := f.report(t, "Agg", UrgencyHigh)
			f.clock.Advance(time.Duration(i+1) * time.Hour)
			var err error
			if i < 5 {
				err = f.s.AssignTeam(ctx, f.regie, id, f.team1, false, "")
			} else if err = f.s.ReserveBed(ctx, f.regie, id, f.bed1, false, ""); err == nil {
				// The clock stops at the arrival, confirmed at once here.
				err = f.s.ConfirmAdmission(ctx, f.aanb, id)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		agg, err := f.s.Aggregates(ctx, start.Add(-time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		// One admission (<5) beside five C.O.T. decisions: the five are
		// suppressed too, or 6 - 5 would give the hidden one away.
		if agg.Total.N != 6 || agg.Total.Hidden || agg.COTAll.N != 5 || !agg.COTAll.Hidden || !agg.AdmissionAll.Hidden || agg.TeamsActive != 2 {
			t.Errorf("aggregates %+v", agg)
		}
		// C.O.T. decisions and the admission 1..6 h after each report: median 3.5 h.
		if agg.MedianHours != 3.5 {
			t.Errorf("median %v, want 3.5", agg.MedianHours)
		}
		if median([]float64{1, 2, 3, 4}) != -1 {
			t.Error("a median of fewer than 5 values must be suppressed")
		}
	})
}

func TestSortQueue(t *testing.T) {
	now := start
	cs := []Case{
		{ID: 1, Status: StatusCOT, ReportedAt: now},
		{ID: 2, Status: StatusReported, Urgency: UrgencyNormal, DeadlineAt: now.Add(time.Hour)},
		{ID: 3, Status: StatusInProgress, Urgency: UrgencyAcute, DeadlineAt: now.Add(40 * time.Hour)},
		{ID: 4, Status: StatusReported, Urgency: UrgencyNormal, DeadlineAt: now.Add(-time.Hour)},
		{ID: 5, Status: StatusAdmission, StayUntil: now.Add(-time.Hour), ReportedAt: now.Add(time.Hour)},
	}
	SortQueue(cs, now)
	var got []int64
	for _, c := range cs {
		got = append(got, c.ID)
	}
	if want := []int64{3, 4, 2, 5, 1}; !slices.Equal(got, want) {
		t.Errorf("queue order %v, want %v", got, want)
	}
}

func TestDurationText(t *testing.T) {
	for _, c := range []struct {
		d      time.Duration
		nl, en string
	}{
		{12 * time.Minute, "12 min", "12 min"},
		{5*time.Hour + 10*time.Minute, "5 uur 10 min", "5 h 10 min"},
		{2 * time.Hour, "2 uur", "2 h"},
		{24 * time.Hour, "1 dag", "1 day"},
		{51 * time.Hour, "2 dagen 3 uur", "2 days 3 h"},
		{-90 * time.Minute, "1 uur 30 min", "1 h 30 min"},
	} {
		if got := DurationText(c.d, "nl"); got != c.nl {
			t.Errorf("%v nl: %q, want %q", c.d, got, c.nl)
		}
		if got := DurationText(c.d, "en"); got != c.en {
			t.Errorf("%v en: %q, want %q", c.d, got, c.en)
		}
	}
}

var _ = sql.ErrNoRows

func TestReportExistingClientTakesItsRegion(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		id, err := f.s.Report(ctx, f.regie, Intake{ClientID: f.client, Where: "Thuis", WhatHappened: "Onrust", Urgency: UrgencyNormal})
		if err != nil {
			t.Fatal(err)
		}
		if c, _ := f.s.Case(ctx, id); c.Region != "ZK11" || c.ClientID != f.client {
			t.Errorf("case %+v", c)
		}
		if _, err := f.s.Report(ctx, f.regie, Intake{ClientID: 999999, Where: "x", WhatHappened: "y", Urgency: UrgencyNormal}); !slices.Equal(fields(err), []string{"client_id"}) {
			t.Errorf("unknown client: %v", err)
		}
	})
}

func TestRankTeams(t *testing.T) {
	ts := []Team{
		{ID: 1, Name: "A", Active: true, Available: true, Load: 3, Expertise: []string{"LVB"}},
		{ID: 2, Name: "B", Active: true, Available: true, Load: 1, Expertise: []string{"autisme"}},
		{ID: 3, Name: "C", Active: true, Available: false, Load: 0, Expertise: []string{"Autisme", "LVB"}},
		{ID: 4, Name: "D", Active: false, Available: true, Load: 0, Expertise: []string{"autisme"}},
		{ID: 5, Name: "E", Active: true, Available: true, Load: 1, Expertise: []string{"autisme"}},
	}
	order := func() []int64 {
		var ids []int64
		for _, t := range ts {
			ids = append(ids, t.ID)
		}
		return ids
	}
	RankTeams(ts, " autisme ")
	// With the expertise and able to take a case, least loaded (B, E tie on
	// load 1: by name), then C (full), then A without it, inactive D last.
	if want := []int64{2, 5, 3, 1, 4}; !slices.Equal(order(), want) {
		t.Errorf("ranked for autisme %v, want %v", order(), want)
	}
	RankTeams(ts, "")
	if want := []int64{2, 5, 1, 3, 4}; !slices.Equal(order(), want) {
		t.Errorf("ranked without expertise %v, want %v", order(), want)
	}
	if got := Expertises(ts); !slices.Equal(got, []string{"LVB", "autisme"}) {
		t.Errorf("expertises %v", got)
	}
}

// TestNotificationsByMail checks what goes out by e-mail when SMTP is
// configured: the new crisis to the crisisregisseur on call, the
// assignment to the team's members and the deadline notices; the
// reporter's confirmation of the decision stays in the application.
func TestNotificationsByMail(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		nt := notify.New(f.d, f.clock, notify.SMTPConfig{Host: "127.0.0.1", Port: 2525, From: "Volwaardig <noreply@example.nl>"}, nil)
		s, err := New(Deps{DB: f.d, Clock: f.clock, Audit: f.aud, Notify: nt, Clients: f.reg, Users: f.users, Organisations: orgs.NewStore(f.d)})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range []*auth.Principal{f.regie, f.cot, f.reporter} {
			if _, err := f.d.ExecContext(ctx, `UPDATE users SET email = $1 WHERE id = $2`, p.Username+"@example.nl", p.UserID); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.SetSettings(ctx, f.regie, Settings{Region: "ZK11", NormHours: 48, StayLimitDays: 28, OnCallUserID: f.regie.UserID}); err != nil {
			t.Fatal(err)
		}
		mail := func(user int64, kind string) string {
			t.Helper()
			var st string
			err := f.d.QueryRowContext(ctx, `SELECT email_status FROM notifications WHERE user_id = $1 AND kind = $2 ORDER BY id DESC LIMIT 1`, user, kind).Scan(&st)
			if errors.Is(err, sql.ErrNoRows) {
				return "no notice"
			}
			if err != nil {
				t.Fatal(err)
			}
			return st
		}
		id, err := s.Report(ctx, f.reporter, Intake{ClientName: "Mail", Region: "ZK11", Where: "Thuis", WhatHappened: "Crisis", Urgency: UrgencyAcute})
		if err != nil {
			t.Fatal(err)
		}
		if got := mail(f.regie.UserID, "crisis_new"); got != string(notify.EmailPending) {
			t.Errorf("new crisis to the crisisregisseur on call: e-mail %s, want pending", got)
		}
		if err := s.AssignTeam(ctx, f.regie, id, f.team1, false, ""); err != nil {
			t.Fatal(err)
		}
		if got := mail(f.cot.UserID, string(kindAssigned)); got != string(notify.EmailPending) {
			t.Errorf("assignment to the team: e-mail %s, want pending", got)
		}
		if got := mail(f.reporter.UserID, "crisis_decided"); got != string(notify.EmailNone) {
			t.Errorf("reporter's confirmation: e-mail %s, want none (in the application only)", got)
		}
		if _, err := s.Report(ctx, f.reporter, Intake{ClientName: "Klok", Region: "ZK11", Where: "Thuis", WhatHappened: "Crisis", Urgency: UrgencyNormal}); err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(43 * time.Hour)
		if _, err := s.CheckDeadlines(ctx); err != nil {
			t.Fatal(err)
		}
		for _, u := range []int64{f.regie.UserID, f.reporter.UserID} {
			if got := mail(u, string(notify.KindDeadline)); got != string(notify.EmailPending) {
				t.Errorf("deadline about to pass, user %d: e-mail %s, want pending", u, got)
			}
		}
	})
}

// TestDeadlineRunnersOnTwoInstances runs the deadline job loop of two
// services at once, as two server instances would, while the clock passes
// the warning and the deadline: every notice arrives exactly once and
// neither runner fails.
func TestDeadlineRunnersOnTwoInstances(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		var logs syncBuffer
		logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelError}))
		nt := notify.New(f.d, f.clock, notify.SMTPConfig{}, nil)
		var runners []*Service
		for i := 0; i < 2; i++ {
			s, err := New(Deps{DB: f.d, Clock: f.clock, Audit: f.aud, Notify: nt, Clients: f.reg, Users: f.users, Organisations: orgs.NewStore(f.d), Logger: logger, Config: Config{CheckEvery: 2 * time.Millisecond}})
			if err != nil {
				t.Fatal(err)
			}
			runners = append(runners, s)
		}
		var ids []int64
		for i := 0; i < 4; i++ {
			ids = append(ids, f.report(t, "Twee", UrgencyHigh))
		}
		ctx, cancel := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		for _, s := range runners {
			wg.Add(1)
			go func() {
				defer wg.Done()
				module.Run(ctx, s.Jobs()[0], func(err error) {
					if err != nil {
						logger.Error("crisis deadline check", "err", err)
					}
				})
			}()
		}
		keys := `SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND dedupe_key LIKE $2`
		wait := func(prefix string) {
			t.Helper()
			for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
				if f.count(t, keys, f.regie.UserID, prefix+"%") == len(ids) {
					time.Sleep(20 * time.Millisecond) // more rounds of both runners
					return
				}
			}
			t.Fatalf("the runners did not issue the %s notices", prefix)
		}
		f.clock.Advance(43 * time.Hour)
		wait("crisis:deadline-soon:")
		f.clock.Advance(6 * time.Hour)
		wait("crisis:deadline-passed:")
		cancel()
		wg.Wait()
		for _, prefix := range []string{"crisis:deadline-soon:", "crisis:deadline-passed:"} {
			if n := f.count(t, keys, f.regie.UserID, prefix+"%"); n != len(ids) {
				t.Errorf("%d %s notices, want one per case (%d)", n, prefix, len(ids))
			}
		}
		// f.report files as the crisisregisseur: the other professionals
		// are not involved and hear nothing.
		if n := f.count(t, `SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND kind = 'deadline'`, f.reporter.UserID); n != 0 {
			t.Errorf("%d notices to an uninvolved user", n)
		}
		if s := logs.String(); s != "" {
			t.Errorf("a runner failed: %s", s)
		}
	})
}

// syncBuffer is a bytes.Buffer safe for the runners' concurrent logging.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestHandoverDuringAdmission: a client in a crisis bed keeps it after the
// handover, until the admission is closed.
func TestHandoverDuringAdmission(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		id := f.report(t, "In bed", UrgencyAcute)
		if err := f.s.ReserveBed(ctx, f.regie, id, f.bed1, false, ""); err != nil {
			t.Fatal(err)
		}
		in := HandoverInput{Reason: "Terugkeer naar huis is niet meer mogelijk", Dossierhouder: "M. Jansen, Zorg Utrecht", Profile: "VG6", Urgent: true}
		res, err := f.s.Handover(ctx, f.regie, id, in)
		if err != nil {
			t.Fatal(err)
		}
		c := mustCase(t, f, id)
		if c.Status != StatusAdmission || c.HandoverRef != res.Ref || c.HandoverReason != in.Reason || c.Dossierhouder != in.Dossierhouder || !c.ClosedAt.IsZero() {
			t.Errorf("admission after handover %+v", c)
		}
		if b, _ := f.s.Bed(ctx, f.bed1); b.Status != BedReserved || b.CaseID != id {
			t.Errorf("the bed was freed while the client is in it: %+v", b)
		}
		if lines := EasyRead(c); !slices.Contains(lines, "Er wordt een nieuwe plek voor u gezocht.") {
			t.Errorf("easy-read does not say a place is sought: %v", lines)
		}
		if _, err := f.s.Handover(ctx, f.regie, id, in); !isCode(err, web.CodeConflict) || len(f.place.calls) != 1 {
			t.Errorf("second handover: %v (%d register calls)", err, len(f.place.calls))
		}
		// The stay may still be extended; closing frees the bed.
		if _, err := f.s.RequestExtension(ctx, f.regie, id, 7, "Plek pas over twee weken vrij"); err != nil {
			t.Errorf("extension after handover: %v", err)
		}
		if err := f.s.Close(ctx, f.regie, id, "Verhuisd naar de nieuwe plek"); err != nil {
			t.Fatal(err)
		}
		if b, _ := f.s.Bed(ctx, f.bed1); b.Status != BedFree {
			t.Errorf("bed after close %+v", b)
		}
	})
}

func TestOnlyContractedBedsReserved(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		var loose int64
		if err := f.d.Tx(ctx, func(tx *sql.Tx) error {
			var err error
			loose, err = f.s.CreateBed(ctx, tx, Bed{Region: "ZK11", OrganisationID: f.org, Name: "Logeerbed zonder contract", Contracted: false})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		id := f.report(t, "Contract", UrgencyHigh)
		if got := fields(f.s.ReserveBed(ctx, f.regie, id, loose, false, "")); !slices.Equal(got, []string{"bed"}) {
			t.Errorf("non-contracted bed: %v", got)
		}
		if b, _ := f.s.Bed(ctx, loose); b.Status != BedFree || mustCase(t, f, id).Status != StatusReported {
			t.Error("a refused reservation left something behind")
		}
		body := f.do(t, f.regie, "GET", "/crisis/"+itoa(int(id))+"/besluit", "", "").Body.String()
		if strings.Contains(body, `value="`+itoa(int(loose))+`"`) || !strings.Contains(body, "niet gecontracteerd") {
			t.Error("the decision page offers a non-contracted bed")
		}
	})
}

func TestQueueOrderAndEscalatedStay(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		normal := f.report(t, "Normaal", UrgencyNormal)
		f.clock.Advance(time.Minute)
		acute := f.report(t, "Acuut", UrgencyAcute)
		cs, err := f.s.RegionCases(ctx, []string{"ZK11"})
		if err != nil || len(cs) != 2 || cs[0].ID != acute || cs[1].ID != normal {
			t.Fatalf("queue %v %v, want acute first", cs, err)
		}
		body := f.do(t, f.regie, "GET", "/crisis", "", "").Body.String()
		// Each row is headed by the person (the reports' names here are
		// "Acuut" and "Normaal").
		if a, n := strings.Index(body, `>Acuut</a>`), strings.Index(body, `>Normaal</a>`); a < 0 || n < 0 || a > n {
			t.Errorf("the queue page does not list the acute crisis first (%d, %d)", a, n)
		}
		if !strings.Contains(body, `<time datetime="2026-03-04T09:00:00Z" data-deadline>`) || !strings.Contains(body, "Tijd over tot de norm") {
			t.Error("the queue does not show the clock with the deadline")
		}
		// The running clock carries its deadline and both wordings, so the
		// page script (internal/web/static/app.js) can keep it current.
		if !strings.Contains(body, `data-clock="2026-03-04T09:00:00Z" data-left="Tijd over tot de norm" data-over="Norm overschreden met"`) {
			t.Error("the running clock carries no data-clock for the page script")
		}
		// An admission in another region's bed: that region's
		// crisisregisseur hears of the stay limit too.
		if err := f.s.SetBedStatus(ctx, f.aanb, f.bed1, BedOut); err != nil {
			t.Fatal(err)
		}
		if err := f.s.ReserveBed(ctx, f.regie, acute, f.bed2, true, "Geen bed vrij in ZK11"); err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(DefaultStayLimitDays*24*time.Hour + time.Hour)
		if _, err := f.s.CheckDeadlines(ctx); err != nil {
			t.Fatal(err)
		}
		if f.notes(t, f.regie.UserID, string(kindStay)) != 1 || f.notes(t, f.regie2.UserID, string(kindStay)) != 1 {
			t.Error("stay over the limit not told to both regions' crisisregisseurs")
		}
	})
}

// TestStaleAfterIsConfigured: the configured age decides what is stale,
// and the providers' page says which age that is.
func TestStaleAfterIsConfigured(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		rt := web.NewRouter()
		contract.Install(rt) // API answers are checked against the document (contract_test.go)
		rd := web.NewRenderer(rt, slog.New(slog.DiscardHandler))
		rd.Clock = f.clock.Now
		nt := notify.New(f.d, f.clock, notify.SMTPConfig{}, nil)
		s, err := New(Deps{DB: f.d, Clock: f.clock, Audit: f.aud, Notify: nt, Clients: f.reg, Users: f.users, Organisations: orgs.NewStore(f.d), Renderer: rd, Config: Config{StaleAfter: 2 * time.Hour}})
		if err != nil {
			t.Fatal(err)
		}
		s.Routes(rt)
		f.h = rt
		f.clock.Advance(3 * time.Hour)
		body := f.do(t, f.aanb, "GET", "/crisis/beschikbaarheid", "", "").Body.String()
		if !strings.Contains(body, "Gegevens ouder dan 2 uur worden als niet actueel getoond.") || !strings.Contains(body, "Niet actueel") || !strings.Contains(body, "3 uur geleden") {
			t.Errorf("availability page with a 2-hour limit:\n%s", body)
		}
		if err := s.SetBedStatus(context.Background(), f.aanb, f.bed1, BedFree); err != nil {
			t.Fatal(err)
		}
		body = f.do(t, f.aanb, "GET", "/crisis/beschikbaarheid", "", "").Body.String()
		if strings.Count(body, "Niet actueel") != 1 { // the team's figure is still 3 hours old; the bed's is fresh
			t.Errorf("%d stale figures after confirming the bed, want 1 (the team)", strings.Count(body, "Niet actueel"))
		}
	})
}

// TestHandoverConcurrently: the team and the crisisregisseur hand the same
// case over at once; one handover reaches the register, the other is told
// it already happened.
func TestHandoverConcurrently(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		id := f.report(t, "Tegelijk", UrgencyHigh)
		if err := f.s.AssignTeam(ctx, f.regie, id, f.team1, false, ""); err != nil {
			t.Fatal(err)
		}
		in := HandoverInput{Reason: "Andere plek nodig", Dossierhouder: "D", Profile: "VG7"}
		const n = 6
		errs := make([]error, n)
		var wg sync.WaitGroup
		gun := make(chan struct{})
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				p := f.cot
				if i%2 == 1 {
					p = f.regie
				}
				<-gun
				_, errs[i] = f.s.Handover(ctx, p, id, in)
			}(i)
		}
		close(gun)
		wg.Wait()
		ok := 0
		for i, err := range errs {
			switch {
			case err == nil:
				ok++
			case !isCode(err, web.CodeConflict):
				t.Errorf("handover %d: %v, want a conflict", i, err)
			}
		}
		if ok != 1 || len(f.place.calls) != 1 {
			t.Errorf("%d handovers succeeded, %d reached the register; want 1 and 1", ok, len(f.place.calls))
		}
	})
}
