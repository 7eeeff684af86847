package placement

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
	"github.com/volwaardig/volwaardig/internal/notify"
	"github.com/volwaardig/volwaardig/internal/web"
)

func TestRegisterAndTransitions(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		id := f.register(t, f.person(0))
		if got := f.phase(t, id); got != InBeeld {
			t.Fatalf("phase %s", got)
		}
		// A second open case for the same client is refused.
		if _, err := f.s.Register(ctx, f.zk, f.person(0), true); web.AsError(err).Code != web.CodeConflict {
			t.Errorf("duplicate case: %v", err)
		}
		// Another region's person is refused for this care office.
		if _, err := f.s.Register(ctx, f.zk, f.person(4), true); web.AsError(err).Code != web.CodeBadInput {
			t.Errorf("other region: %v", err)
		}
		bad := f.person(1)
		bad.Profile = "VG9"
		if err := bad.Validate(); err == nil {
			t.Error("unknown profile validates")
		}
		// Invalid transition, with a Dutch message naming what is possible.
		err := f.s.Transition(ctx, f.zk, id, Verhuisd, "te vroeg")
		if e := web.AsError(err); e.Code != web.CodeConflict || !strings.Contains(e.Message, "mogelijk is") {
			t.Fatalf("invalid transition: %v", err)
		}
		if err := f.s.Transition(ctx, f.zk, id, Bemiddeling, ""); web.AsError(err).Code != web.CodeBadInput {
			t.Errorf("transition without reason: %v", err)
		}
		f.clock.Advance(time.Hour)
		if err := f.s.Transition(ctx, f.zk, id, Bemiddeling, "zoeken"); err != nil {
			t.Fatal(err)
		}
		ts, err := newStore(d).listTransitions(ctx, d, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(ts) != 3 || ts[2].From != InBeeld || ts[2].To != Bemiddeling || ts[2].By != f.zk.UserID || ts[2].Reason != "zoeken" || !ts[2].At.Equal(t0.Add(time.Hour)) {
			t.Fatalf("history %+v", ts)
		}
		// A provider without a proposal cannot see the case; another region's office neither.
		if _, err := f.s.Case(ctx, f.prov, id); web.AsError(err).Code != web.CodeNotFound {
			t.Errorf("provider sees case: %v", err)
		}
		other := &auth.Principal{UserID: 9, Role: auth.RoleZorgkantoor, Scope: auth.Scope{Regions: []string{"ZK16"}}}
		if _, err := f.s.Case(ctx, other, id); web.AsError(err).Code != web.CodeNotFound {
			t.Errorf("other region sees case: %v", err)
		}
		if f.aud.count("create") == 0 || f.aud.count("update") == 0 {
			t.Error("writes not audited")
		}
	})
}

func TestHoldExpiryWithManualClock(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		id := f.register(t, f.person(0))
		place := f.place(t, f.orgA, f.locA, 1, nil)
		if _, err := f.s.CreateHold(ctx, f.zk, place, id, t0.Add(-time.Hour)); web.AsError(err).Code != web.CodeBadInput {
			t.Errorf("hold in the past: %v", err)
		}
		hid, err := f.s.CreateHold(ctx, f.zk, place, id, t0.Add(72*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		// The place is now held: a second hold is refused.
		id2 := f.register(t, f.person(1))
		if _, err := f.s.CreateHold(ctx, f.zk, place, id2, t0.Add(24*time.Hour)); web.AsError(err).Code != web.CodeConflict {
			t.Errorf("second hold on a full place: %v", err)
		}
		r, err := f.s.RunJobOnce(ctx)
		if err != nil || r.Released != 0 || r.Warned != 0 {
			t.Fatalf("early job: %+v %v", r, err)
		}
		f.clock.Advance(30 * time.Hour) // within the 48 h warning window
		if r, err = f.s.RunJobOnce(ctx); err != nil || r.Warned != 1 || r.Released != 0 {
			t.Fatalf("warning job: %+v %v", r, err)
		}
		if _, err = f.s.RunJobOnce(ctx); err != nil {
			t.Fatal(err)
		}
		warned := 0
		for _, k := range f.not.kinds() {
			if k == notify.KindHoldExpiring {
				warned++
			}
		}
		if warned != 1 {
			t.Errorf("hold warning sent %d times, want once (dedupe)", warned)
		}
		f.not.inEnglish(t)
		f.clock.Advance(43 * time.Hour)
		if r, err = f.s.RunJobOnce(ctx); err != nil || r.Released != 1 {
			t.Fatalf("expiry job: %+v %v", r, err)
		}
		hs, err := newStore(d).listHolds(ctx, d, "h.id = $1", hid)
		if err != nil || len(hs) != 1 || hs[0].Active() || hs[0].ReleaseReason != "verlopen" {
			t.Fatalf("hold after expiry: %+v %v", hs, err)
		}
		// Running again changes nothing (safe to repeat on several instances).
		if r, err = f.s.RunJobOnce(ctx); err != nil || r.Released != 0 {
			t.Fatalf("repeat: %+v %v", r, err)
		}
		// The place is free again.
		if _, err := f.s.CreateHold(ctx, f.zk, place, id2, f.clock.Now().Add(24*time.Hour)); err != nil {
			t.Errorf("hold after release: %v", err)
		}
	})
}

func TestEscalationAfterDeadline(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		p := f.person(0)
		p.Deadline = t0.AddDate(0, 0, 10)
		id := f.register(t, p)
		f.clock.Advance(20 * 24 * time.Hour)
		if r, _ := f.s.RunJobOnce(ctx); r.Escalated != 0 {
			t.Fatal("escalated within the grace period")
		}
		f.clock.Advance(30 * 24 * time.Hour)
		if r, err := f.s.RunJobOnce(ctx); err != nil || r.Escalated != 1 {
			t.Fatalf("escalation: %+v %v", r, err)
		}
		c, _ := newStore(d).getCase(ctx, d, id, "")
		if !c.Escalated || !strings.Contains(c.EscalationReason, "niet binnen de termijn") {
			t.Fatalf("case not escalated with a reason: %+v", c)
		}
		if r, _ := f.s.RunJobOnce(ctx); r.Escalated != 0 {
			t.Fatal("escalated twice")
		}
		f.not.inEnglish(t) // the deadline passed, and the escalation
	})
}

// proposeAndAnswer opens a proposal and records the client's answer.
func (f *fixture) propose(t *testing.T, caseID, placeID int64) int64 {
	t.Helper()
	id, err := f.s.Propose(context.Background(), f.zk, caseID, placeID)
	if err != nil {
		t.Fatalf("propose: %v", err)
	}
	return id
}

func TestDeclineConsequences(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		place := f.place(t, f.orgA, f.locA, 3, nil)
		cases := []struct {
			reason  DeclineReason
			by      *auth.Principal
			phase   Phase
			waiting WaitingStatus
			parked  bool
		}{
			{DeclinePrefersWait, f.zk, Bemiddeling, WachtOpVoorkeur, false},
			{DeclineNotEligible, f.prov, InBeeld, ActiefPlaatsen, false},
			{DeclineClientRefused, f.zk, Bemiddeling, ActiefPlaatsen, true},
		}
		for i, c := range cases {
			id := f.register(t, f.person(i))
			pid := f.propose(t, id, place)
			if got := f.phase(t, id); got != Voorstel {
				t.Fatalf("after proposal: %s", got)
			}
			if err := f.s.Answer(ctx, c.by, pid, Answer{}); web.AsError(err).Code != web.CodeBadInput {
				t.Errorf("decline without reason: %v", err)
			}
			if err := f.s.Answer(ctx, c.by, pid, Answer{Reason: c.reason, ForClientReason: "De cliënt belde"}); err != nil {
				t.Fatalf("%s: %v", c.reason, err)
			}
			got, _ := newStore(d).getCase(ctx, d, id, "")
			if got.Phase != c.phase || got.Waiting != c.waiting || got.ParkedUntil.After(t0) != c.parked {
				t.Errorf("%s: phase %s waiting %s parked %v; want %s %s %v", c.reason, got.Phase, got.Waiting, got.ParkedUntil, c.phase, c.waiting, c.parked)
			}
			if err := f.s.Answer(ctx, f.prov, pid, Answer{Accept: true}); web.AsError(err).Code != web.CodeConflict {
				t.Errorf("answer on a declined proposal: %v", err)
			}
		}
		// The client may object to Wacht op voorkeur; it comes on the agenda.
		first, _ := newStore(d).listCases(ctx, d, CaseFilter{ClientIDs: []int64{f.clients[0]}})
		cl := &auth.Principal{UserID: 101, Role: auth.RoleClient, Scope: auth.Scope{ClientID: f.clients[0]}}
		if err := f.s.Object(ctx, cl, first[0].CaseID, "Ik wil niet langer wachten"); err != nil {
			t.Fatal(err)
		}
		ag, err := f.s.Agenda(ctx, f.zk)
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[int64]AgendaKind{}
		for _, it := range ag {
			kinds[it.CaseID] = it.Kind
		}
		if kinds[first[0].CaseID] != AgendaObjection {
			t.Errorf("objection not on the agenda: %v", kinds)
		}
		// The provider's "not eligible" decline is on the agenda; the client's refusal is not.
		second, _ := newStore(d).listCases(ctx, d, CaseFilter{ClientIDs: []int64{f.clients[1]}})
		third, _ := newStore(d).listCases(ctx, d, CaseFilter{ClientIDs: []int64{f.clients[2]}})
		if kinds[second[0].CaseID] != AgendaDeclined || kinds[third[0].CaseID] != "" {
			t.Errorf("agenda kinds %v", kinds)
		}
		// A decision moves the case and takes it off the agenda.
		f.clock.Advance(time.Minute)
		if err := f.s.Decide(ctx, f.zk, second[0].CaseID, AgendaDeclined, DecideMediate, "Nieuwe aanbieder zoeken", t0.AddDate(0, 2, 0)); err != nil {
			t.Fatal(err)
		}
		if got := f.phase(t, second[0].CaseID); got != Bemiddeling {
			t.Errorf("after decision: %s", got)
		}
		ag, _ = f.s.Agenda(ctx, f.zk)
		for _, it := range ag {
			if it.CaseID == second[0].CaseID {
				t.Errorf("decided case still on the agenda: %+v", it)
			}
		}
		if err := f.s.Decide(ctx, f.zk, third[0].CaseID, AgendaStalled, DecideEscalate, "Regio heeft geen plek", time.Time{}); err != nil {
			t.Fatal(err)
		}
		c3, _ := newStore(d).getCase(ctx, d, third[0].CaseID, "")
		if !c3.Escalated || c3.EscalationReason != "Regio heeft geen plek" {
			t.Errorf("escalation decision: %+v", c3)
		}
	})
}

func TestAcceptanceCancelsCompetingProposals(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		place := f.place(t, f.orgA, f.locA, 1, nil)
		a := f.register(t, f.person(0))
		b := f.register(t, f.person(1))
		pa := f.propose(t, a, place)
		pb := f.propose(t, b, place)
		// The provider accepts first, then the person: the place is taken.
		if err := f.s.Answer(ctx, f.prov, pa, Answer{Accept: true}); err != nil {
			t.Fatal(err)
		}
		if got := f.phase(t, a); got != Voorstel {
			t.Fatalf("accepted by provider only: %s", got)
		}
		cl := &auth.Principal{UserID: 101, Role: auth.RoleClient, Scope: auth.Scope{ClientID: f.clients[0]}}
		if err := f.s.Answer(ctx, cl, pa, Answer{Accept: true}); err != nil {
			t.Fatal(err)
		}
		if got := f.phase(t, a); got != Geaccepteerd {
			t.Fatalf("accepted by both: %s", got)
		}
		ps, _ := newStore(d).listProposals(ctx, d, "pp.id = $1", pb)
		if ps[0].Status != ProposalCancelled {
			t.Errorf("competing proposal %s, want vervallen", ps[0].Status)
		}
		if got := f.phase(t, b); got != Bemiddeling {
			t.Errorf("competing case %s, want bemiddeling", got)
		}
		pl, _ := newStore(d).getPlace(ctx, d, place, "")
		if pl.Occupied != 1 {
			t.Errorf("occupied %d", pl.Occupied)
		}
		// A new proposal to the full place is refused with the reason.
		if _, err := f.s.Propose(ctx, f.zk, b, place); web.AsError(err).Code != web.CodeConflict || !strings.Contains(web.AsError(err).Message, "vrije plaats") {
			t.Errorf("propose to a full place: %v", err)
		}
		// The client and provider were notified of the proposals.
		got := map[notify.Kind]int{}
		for _, k := range f.not.kinds() {
			got[k]++
		}
		if got[notify.KindProposal] < 3 { // client of a, provider for a and b
			t.Errorf("notifications %v", got)
		}
		f.not.inEnglish(t)
		if f.phase(t, a) == Geaccepteerd {
			if err := f.s.Transition(ctx, f.zk, a, Verhuisd, "verhuisd"); err != nil {
				t.Fatal(err)
			}
			// Not before the moment: a 3-month follow-up on the day of the move is refused.
			if err := f.s.RecordFollowUp(ctx, f.zk, a, 3, "stabiel", ""); web.AsError(err).Code != web.CodeBadInput || web.AsError(err).Field != "maanden" {
				t.Fatalf("follow-up on the day of the move: %v", err)
			}
			f.clock.Advance(80 * 24 * time.Hour) // 3 months minus less than FollowUpEarly
			if err := f.s.RecordFollowUp(ctx, f.zk, a, 3, "stabiel", ""); err != nil {
				t.Fatal(err)
			}
			if err := f.s.RecordFollowUp(ctx, f.zk, a, 6, "stabiel", ""); web.AsError(err).Code != web.CodeBadInput {
				t.Errorf("6-month follow-up after 80 days: %v", err)
			}
			if err := f.s.RecordFollowUp(ctx, f.zk, a, 3, "nieuwe_crisis", ""); web.AsError(err).Code != web.CodeConflict {
				t.Errorf("follow-up rewritten: %v", err)
			}
			if err := f.s.RecordFollowUp(ctx, f.zk, a, 4, "stabiel", ""); web.AsError(err).Code != web.CodeBadInput {
				t.Errorf("follow-up at 4 months: %v", err)
			}
		}
	})
}

func TestBatchRunAndSend(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		urgent := f.person(0)
		urgent.Waiting = UrgentPlaatsen
		a := f.register(t, urgent)
		b := f.register(t, f.person(1))
		waiting := f.person(2)
		waiting.Waiting = WachtUitVoorzorg
		c := f.register(t, waiting)
		f.place(t, f.orgA, f.locA, 1, nil)
		id, err := f.s.StartRun(ctx, f.zk, "ZK11", false)
		if err != nil {
			t.Fatal(err)
		}
		v, err := f.s.RunDetail(ctx, f.zk, id)
		if err != nil {
			t.Fatal(err)
		}
		if v.Status != "klaar" || v.People != 2 || v.Assigned != 1 || len(v.Proposals) != 1 || v.Proposals[0].CaseID != a {
			t.Fatalf("run %+v proposals %+v", v.Run, v.Proposals)
		}
		if v.Proposals[0].Terms.Cost != v.TotalCost-NotPlacedCost {
			t.Errorf("terms %+v total %d", v.Proposals[0].Terms, v.TotalCost)
		}
		n, err := f.s.SendRun(ctx, f.zk, id)
		if err != nil || n != 1 {
			t.Fatalf("send: %d %v", n, err)
		}
		if f.phase(t, a) != Voorstel || f.phase(t, b) != InBeeld || f.phase(t, c) != InBeeld {
			t.Errorf("phases after send: %s %s %s", f.phase(t, a), f.phase(t, b), f.phase(t, c))
		}
		if _, err := f.s.SendRun(ctx, f.zk, id); web.AsError(err).Code != web.CodeConflict {
			t.Errorf("sent twice: %v", err)
		}
		if _, err := f.s.StartRun(ctx, f.zk, "ZK16", false); web.AsError(err).Code != web.CodeBadInput {
			t.Errorf("run for another region: %v", err)
		}
	})
}

func TestImportPreviewErrorsNothingStored(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		csv := "\xef\xbb\xbfclient_id;regio;zorgprofiel;wachtstatus;aangemeld;besloten;max_afstand_km\r\n" +
			itoa(f.clients[0]) + ";ZK11;VG7;Urgent plaatsen;01-02-2026;ja;40\r\n" +
			itoa(f.clients[1]) + ";ZK11;VG9;Actief plaatsen;31-02-2026;misschien;x\r\n" +
			"99999;ZK11;VG7;actief;01-02-2026;;\r\n" +
			itoa(f.clients[4]) + ";ZK11;VG7;voorkeur;01-02-2026;;\r\n" +
			itoa(f.clients[0]) + ";ZK11;VG6;actief;01-01-2026;;\r\n" +
			itoa(f.clients[2]) + ";ZK16;VG7;actief;01-02-2026;;\r\n"
		rows, err := ParseImportCSV([]byte(csv))
		if err != nil {
			t.Fatal(err)
		}
		checked, err := f.s.CheckImport(ctx, f.zk, rows)
		if err != nil {
			t.Fatal(err)
		}
		// Line 5 names a ZK16 client while claiming the user's own region:
		// the client register refuses it (a client outside one's scope reads
		// as unknown); line 7 names an own client in another region.
		wantErr := map[int][]string{2: nil, 3: {"zorgprofiel", "aangemeld", "besloten", "max_afstand_km"}, 4: {"client_id"}, 5: {"client_id"}, 6: {"client_id"}, 7: {"regio"}}
		for _, r := range checked {
			want := wantErr[r.Line]
			if len(r.Errors) != len(want) {
				t.Errorf("line %d errors %v, want fields %v", r.Line, r.Errors, want)
				continue
			}
			for i, fld := range want {
				if !strings.HasPrefix(r.Errors[i], fld+":") {
					t.Errorf("line %d error %d = %q, want field %s", r.Line, i, r.Errors[i], fld)
				}
			}
		}
		if _, err := f.s.ImportRows(ctx, f.zk, rows); web.AsError(err).Code != web.CodeBadInput {
			t.Fatalf("import with errors: %v", err)
		}
		var n int
		if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM placement_cases`).Scan(&n); err != nil || n != 0 {
			t.Fatalf("stored %d cases after a refused import (%v)", n, err)
		}
		good, err := ParseImportCSV([]byte("client_id,regio,zorgprofiel,wachtstatus,aangemeld\n" + itoa(f.clients[0]) + ",ZK11,VG7,urgent,2026-02-01\n" + itoa(f.clients[1]) + ",ZK11,LVG4,actief,2026-01-15\n"))
		if err != nil {
			t.Fatal(err)
		}
		if n, err := f.s.ImportRows(ctx, f.zk, good); err != nil || n != 2 {
			t.Fatalf("good import: %d %v", n, err)
		}
	})
}

func TestImportFileErrors(t *testing.T) {
	for name, in := range map[string]string{
		"empty":          "",
		"unknown column": "client_id;regio;zorgprofiel;wachtstatus;aangemeld;kleur\n1;ZK11;VG7;urgent;01-01-2026;rood\n",
		"missing column": "client_id;regio;zorgprofiel\n1;ZK11;VG7\n",
		"header only":    "client_id;regio;zorgprofiel;wachtstatus;aangemeld\n",
		"bad quotes":     "client_id;regio;zorgprofiel;wachtstatus;aangemeld\n\"1;ZK11;VG7;urgent;01-01-2026\n",
		"not utf8":       "client_id;regio\xff;zorgprofiel;wachtstatus;aangemeld\n",
	} {
		if _, err := ParseImportCSV([]byte(in)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := ParseImportXLSX([]byte("not a zip")); err == nil {
		t.Error("bad xlsx accepted")
	}
}

func itoa(n int64) string { return strconvFormat(n) }

// TestJobOnSeveralInstances runs the background job from two service
// instances at once on the same database: each hold is released once.
func TestJobOnSeveralInstances(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		for i := 0; i < 3; i++ {
			id := f.register(t, f.person(i))
			place := f.place(t, f.orgA, f.locA, 1, nil)
			if _, err := f.s.CreateHold(ctx, f.zk, place, id, t0.Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
		}
		f.clock.Advance(2 * time.Hour)
		other, err := New(Deps{DB: d, Clock: f.clock, Audit: f.aud, Notify: f.not, Clients: f.reg})
		if err != nil {
			t.Fatal(err)
		}
		results := make(chan JobResult, 2)
		errs := make(chan error, 2)
		for _, s := range []*Service{f.s, other} {
			go func() {
				r, err := s.RunJobOnce(ctx)
				results <- r
				errs <- err
			}()
		}
		total := 0
		for i := 0; i < 2; i++ {
			total += (<-results).Released
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
		// A job that found the lock taken does nothing; a later pass
		// finishes whatever is left.
		r, err := other.RunJobOnce(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if total+r.Released != 3 {
			t.Fatalf("released %d + %d holds, want 3 in total", total, r.Released)
		}
	})
}

func TestBatchRunAsyncShowsProgress(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		f.register(t, f.person(0))
		f.place(t, f.orgA, f.locA, 1, nil)
		id, err := f.s.StartRun(ctx, f.zk, "", true)
		if err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(20 * time.Second)
		for {
			r, err := newStore(d).getRun(ctx, d, id)
			if err != nil {
				t.Fatal(err)
			}
			if r.Status == "klaar" {
				if r.Assigned != 1 || r.Progress != "klaar" {
					t.Fatalf("run %+v", r)
				}
				break
			}
			if r.Status != "bezig" || time.Now().After(deadline) {
				t.Fatalf("run status %q: %s", r.Status, r.Error)
			}
			time.Sleep(20 * time.Millisecond)
		}
	})
}

// TestRegisterConcurrently registers one person from several requests at
// once: exactly one open case results, the others are told the person is
// already in the register (the client row is locked first, on PostgreSQL
// as on SQLite's single writer).
func TestRegisterConcurrently(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		const n = 6
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = f.s.Register(context.Background(), f.zk, f.person(0), true)
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case !strings.Contains(err.Error(), "already in the register"):
				t.Errorf("unexpected error: %v", err)
			}
		}
		var cases int
		if err := d.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM placement_cases WHERE client_id = $1`, f.clients[0]).Scan(&cases); err != nil {
			t.Fatal(err)
		}
		if ok != 1 || cases != 1 {
			t.Fatalf("%d registrations succeeded and %d cases exist, want 1 and 1", ok, cases)
		}
	})
}
