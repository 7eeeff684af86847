package placement

import (
	"context"
	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/notify"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
	"github.com/volwaardig/volwaardig/internal/orgs"
	"github.com/volwaardig/volwaardig/internal/web"
)

// A "not eligible" decline sends the case back to the register until the
// indication is reassessed: no proposal, no batch, until Reassess, which
// keeps the old and new profile in the history.
func TestNotEligibleWaitsForReassessment(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		place := f.place(t, f.orgA, f.locA, 2, nil)
		id := f.register(t, f.person(0))
		pid := f.propose(t, id, place)
		if err := f.s.Answer(ctx, f.prov, pid, Answer{Reason: DeclineNotEligible}); err != nil {
			t.Fatal(err)
		}
		c, _ := newStore(d).getCase(ctx, d, id, "")
		if c.Phase != InBeeld || !c.ReassessSince.Equal(t0) {
			t.Fatalf("after not eligible: phase %s, reassess since %v", c.Phase, c.ReassessSince)
		}
		_, err := f.s.Propose(ctx, f.zk, id, place)
		if e := web.AsError(err); e.Code != web.CodeConflict || !strings.Contains(e.Message, "herindicatie") {
			t.Fatalf("proposal while waiting for reassessment: %v", err)
		}
		run, err := f.s.StartRun(ctx, f.zk, "ZK11", false)
		if err != nil {
			t.Fatal(err)
		}
		if v, _ := f.s.RunDetail(ctx, f.zk, run); v.People != 0 {
			t.Errorf("batch took a case waiting for reassessment: %+v", v.Run)
		}
		// Bad input is refused and changes nothing.
		if err := f.s.Reassess(ctx, f.zk, id, "VG9", false, WzdNone, "CIZ"); web.AsError(err).Field != "zorgprofiel" {
			t.Errorf("unknown profile: %v", err)
		}
		if err := f.s.Reassess(ctx, f.zk, id, "VG8", false, WzdNone, " "); web.AsError(err).Field != "toelichting" {
			t.Errorf("no note: %v", err)
		}
		other := &auth.Principal{UserID: 9, Role: auth.RoleZorgkantoor, Scope: auth.Scope{Regions: []string{"ZK16"}}}
		if err := f.s.Reassess(ctx, other, id, "VG8", true, WzdNone, "CIZ"); web.AsError(err).Code != web.CodeNotFound {
			t.Errorf("other region reassesses: %v", err)
		}
		if c, _ := newStore(d).getCase(ctx, d, id, ""); c.ReassessSince.IsZero() || c.Profile != "VG7" {
			t.Fatalf("refused reassessments changed the case: %+v", c)
		}
		f.clock.Advance(24 * time.Hour)
		if err := f.s.Reassess(ctx, f.zk, id, "VG8", true, WzdOnvrijwillig, "CIZ-besluit: VG8 met meerzorg"); err != nil {
			t.Fatal(err)
		}
		c, _ = newStore(d).getCase(ctx, d, id, "")
		if !c.ReassessSince.IsZero() || c.Profile != "VG8" || !c.Meerzorg || c.Wzd != WzdOnvrijwillig {
			t.Fatalf("after reassessment: %+v", c)
		}
		rs, err := newStore(d).listReassessments(ctx, d, id)
		if err != nil || len(rs) != 1 || rs[0].OldProfile != "VG7" || rs[0].NewProfile != "VG8" || rs[0].By != f.zk.UserID || !rs[0].RecordedAt.Equal(t0.Add(24*time.Hour)) {
			t.Fatalf("history %+v %v", rs, err)
		}
		if _, err := f.s.Propose(ctx, f.zk, id, place); err != nil {
			t.Errorf("proposal after reassessment: %v", err)
		}
	})
}

// The client may object to every decline consequence configured as
// objectable, not only to Wacht op voorkeur; the table upholds the
// objection (the earlier waiting status comes back, parking ends) or
// dismisses it (the consequence stays).
func TestObjectionUpheldRestoresStatus(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		place := f.place(t, f.orgA, f.locA, 3, nil)
		client := func(i int) *auth.Principal {
			return &auth.Principal{UserID: int64(101 + i), Role: auth.RoleClient, Scope: auth.Scope{ClientID: f.clients[i]}}
		}
		urgent := f.person(0)
		urgent.Waiting = UrgentPlaatsen
		a := f.register(t, urgent)
		b := f.register(t, f.person(1))
		c := f.register(t, f.person(2))
		for id, reason := range map[int64]DeclineReason{a: DeclinePrefersWait, b: DeclineClientRefused, c: DeclineProviderFull} {
			pid := f.propose(t, id, place)
			if err := f.s.Answer(ctx, f.zk, pid, Answer{Reason: reason, ForClientReason: "De cliënt belde"}); err != nil {
				t.Fatal(err)
			}
		}
		ca, _ := newStore(d).getCase(ctx, d, a, "")
		if ca.Waiting != WachtOpVoorkeur || ca.WaitingBefore != UrgentPlaatsen || !ca.MayObject() {
			t.Fatalf("prefers wait: %+v", ca)
		}
		cb, _ := newStore(d).getCase(ctx, d, b, "")
		if !cb.ParkedUntil.After(t0) || cb.ObjectableReason != DeclineClientRefused || !cb.MayObject() {
			t.Fatalf("client refused: %+v", cb)
		}
		// A provider's "no room" is not the client's to object to.
		if err := f.s.Object(ctx, client(2), c, "Ik wil bezwaar"); web.AsError(err).Code != web.CodeConflict {
			t.Errorf("objection to a provider's decline: %v", err)
		}
		for i, id := range []int64{a, b} {
			if err := f.s.Object(ctx, client(i), id, "Ik ben het er niet mee eens"); err != nil {
				t.Fatalf("object %d: %v", id, err)
			}
			if err := f.s.Object(ctx, client(i), id, "Nog een keer"); web.AsError(err).Code != web.CodeConflict {
				t.Errorf("second objection while the first is pending: %v", err)
			}
		}
		// Another client cannot object on someone else's case.
		if err := f.s.Object(ctx, client(2), a, "x"); web.AsError(err).Code != web.CodeNotFound {
			t.Errorf("objection by another client: %v", err)
		}
		ag, err := f.s.Agenda(ctx, f.zk)
		if err != nil {
			t.Fatal(err)
		}
		on := map[int64]AgendaKind{}
		for _, it := range ag {
			on[it.CaseID] = it.Kind
		}
		if on[a] != AgendaObjection || on[b] != AgendaObjection {
			t.Fatalf("objections on the agenda: %v", on)
		}
		// Uphold and dismiss need an objection to answer.
		if err := f.s.Decide(ctx, f.zk, c, AgendaDeclined, DecideUphold, "Toegewezen", time.Time{}); web.AsError(err).Code != web.CodeConflict {
			t.Errorf("uphold without objection: %v", err)
		}
		f.clock.Advance(time.Hour)
		if err := f.s.Decide(ctx, f.zk, a, AgendaObjection, DecideUphold, "Urgentie blijft", time.Time{}); err != nil {
			t.Fatal(err)
		}
		if err := f.s.Decide(ctx, f.zk, b, AgendaObjection, DecideDismiss, "Parkeren blijft", time.Time{}); err != nil {
			t.Fatal(err)
		}
		ca, _ = newStore(d).getCase(ctx, d, a, "")
		if ca.Waiting != UrgentPlaatsen || ca.WaitingBefore != "" || ca.Objection != "" || ca.Phase != Bemiddeling {
			t.Errorf("upheld: %+v", ca)
		}
		// The objection left the case but not the history.
		if ds, _ := newStore(d).listDecisions(ctx, d, a); len(ds) != 1 || !strings.Contains(ds[0].Note, "Ik ben het er niet mee eens") || !strings.Contains(ds[0].Note, "Urgentie blijft") {
			t.Errorf("decision history %+v", ds)
		}
		cb, _ = newStore(d).getCase(ctx, d, b, "")
		if !cb.ParkedUntil.After(t0) || cb.Objection != "" || cb.MayObject() {
			t.Errorf("dismissed: %+v", cb)
		}
		ag, _ = f.s.Agenda(ctx, f.zk)
		for _, it := range ag {
			if it.Kind == AgendaObjection {
				t.Errorf("decided objection still on the agenda: %+v", it)
			}
		}
		// The upheld case is back in the batch; the parked one is not.
		people, _, err := f.s.batchInput(ctx, "ZK11")
		if err != nil {
			t.Fatal(err)
		}
		in := map[int64]bool{}
		for _, p := range people {
			in[p.CaseID] = true
		}
		if !in[a] || in[b] {
			t.Errorf("batch input after decisions: %v", in)
		}
	})
}

// A configured consequence is explained by what it does, not by the
// default's text.
func TestConfiguredConsequenceExplained(t *testing.T) {
	c, err := ParseConsequences("client_weigert=bemiddeling:park90:bezwaar;geen_ruimte=in_beeld:herindicatie:status=voorzorg")
	if err != nil {
		t.Fatal(err)
	}
	r := c.For(DeclineClientRefused)
	if !strings.Contains(r.Explain, "90 dagen") || strings.Contains(r.Explain, "60") || !r.Objectable {
		t.Errorf("client_weigert: %+v", r)
	}
	g := c.For(DeclineProviderFull)
	if !g.Reassess || g.Waiting != WachtUitVoorzorg || g.Phase != InBeeld || !strings.Contains(g.Explain, "herindicatie") {
		t.Errorf("geen_ruimte: %+v", g)
	}
	if !DefaultConsequences()[DeclineNotEligible].Reassess {
		t.Error("not eligible does not wait for a reassessment by default")
	}
}

// The person's own hold does not make the held place look full in their
// ranking; for anyone else it does.
func TestRankingCountsOwnHoldAsFree(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		place := f.place(t, f.orgA, f.locA, 1, nil)
		a := f.register(t, f.person(0))
		b := f.register(t, f.person(1))
		if _, err := f.s.CreateHold(ctx, f.zk, place, a, t0.Add(48*time.Hour)); err != nil {
			t.Fatal(err)
		}
		for id, want := range map[int64]bool{a: true, b: false} {
			places, err := f.s.placesFor(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			c, _ := newStore(d).getCase(ctx, d, id, "")
			if got := Rank(c.Person, places, t0)[0].Pass; got != want {
				t.Errorf("case %d: held place passes %v, want %v", id, got, want)
			}
		}
	})
}

// The wished provider is part of the register (form, import, API): an
// unknown organisation is refused naming the field, a known one is stored
// and counts in the soft score of that provider's places.
func TestWishedProvider(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		_, do := f.server(t)
		ctx := context.Background()
		f.place(t, f.orgA, f.locA, 1, nil)
		form := func(org string) url.Values {
			return url.Values{"client": {itoa(f.clients[0])}, "regio": {"ZK11"}, "zorgprofiel": {"VG7"}, "wachtstatus": {"actief"}, "aangemeld": {"2026-01-01"}, "wens_aanbieder": {org}}
		}
		code, body := do(f.zk, "POST", "/complexe-zorg/nieuw", form("99999"))
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#wens_aanbieder"`) {
			t.Fatalf("unknown provider: %d", code)
		}
		if code, body := do(f.zk, "POST", "/complexe-zorg/nieuw", form("x")); code != http.StatusUnprocessableEntity || !strings.Contains(body, "geen organisatienummer") {
			t.Fatalf("provider not a number: %d", code)
		}
		if code, _ := do(f.zk, "GET", "/complexe-zorg/nieuw", nil); code != http.StatusOK {
			t.Fatalf("form: %d", code)
		}
		if code, _ := do(f.zk, "POST", "/complexe-zorg/nieuw", form(itoa(f.orgA))); code != http.StatusSeeOther {
			t.Fatalf("known provider: %d", code)
		}
		cs, _ := newStore(d).listCases(ctx, d, CaseFilter{ClientIDs: []int64{f.clients[0]}})
		if len(cs) != 1 || cs[0].WishOrganisation != f.orgA {
			t.Fatalf("stored %+v", cs)
		}
		code, body = do(f.zk, "GET", "/complexe-zorg/personen/"+itoa(cs[0].CaseID), nil)
		if code != http.StatusOK || !strings.Contains(body, "Aanbieder A") {
			t.Errorf("person page does not name the wished provider: %d", code)
		}
		places, _ := newStore(d).listPlaces(ctx, d, PlaceFilter{})
		if e := Explain(cs[0].Person, places[0], t0); e.Soft.Wishes != 15+7.5 {
			t.Errorf("wishes score %v, want 22.5 (provider met, no region wish)", e.Soft.Wishes)
		}
		rows, err := ParseImportCSV([]byte("client_id;regio;zorgprofiel;wachtstatus;aangemeld;wens_aanbieder\n" + itoa(f.clients[1]) + ";ZK11;VG7;actief;01-01-2026;424242\n"))
		if err != nil {
			t.Fatal(err)
		}
		checked, err := f.s.CheckImport(ctx, f.zk, rows)
		if err != nil || len(checked[0].Errors) != 1 || !strings.HasPrefix(checked[0].Errors[0], "wens_aanbieder:") {
			t.Errorf("import with an unknown provider: %v %v", checked, err)
		}
	})
}

// Every list can be exported as CSV and XLSX: the register, proposals,
// places and the gap analysis; exported personal data is audited.
func TestListExports(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		_, do := f.server(t)
		place := f.place(t, f.orgA, f.locA, 2, func(p *Place) { p.Name = "=Plek met formule" })
		a := f.register(t, f.person(0))
		f.propose(t, a, place)
		prog := &auth.Principal{UserID: 103, Role: auth.RoleProgramma}
		for _, c := range []struct {
			p    *auth.Principal
			path string
			want []string
		}{
			{f.zk, "/complexe-zorg/voorstellen/export.csv", []string{"Cliënt A", "Open", "Urgentie"}},
			{f.prov, "/complexe-zorg/voorstellen/export.csv", []string{"Cliënt A"}},
			{f.prov, "/complexe-zorg/plekken/export.csv", []string{"'=Plek met formule", "Aanbieder A"}},
			{f.zk, "/complexe-zorg/plekken/export.csv", []string{"Plek met formule"}},
			{f.zk, "/complexe-zorg/tekorten/export.csv", []string{"Nederland", "ZK11", "Mensen in beeld zonder passende plek"}},
			{prog, "/complexe-zorg/tekorten/export.csv", []string{"Nederland"}},
		} {
			before := f.aud.count(audit.ActionExport)
			code, body := do(c.p, "GET", c.path, nil)
			if code != http.StatusOK || !strings.HasPrefix(body, "\xef\xbb\xbf") {
				t.Errorf("%s %s: %d %q", c.p.Role, c.path, code, body[:min(len(body), 60)])
				continue
			}
			for _, w := range c.want {
				if !strings.Contains(body, w) {
					t.Errorf("%s %s: missing %q in\n%s", c.p.Role, c.path, w, body)
				}
			}
			if strings.Contains(c.path, "voorstellen") && f.aud.count(audit.ActionExport) != before+1 {
				t.Errorf("%s %s: export not audited", c.p.Role, c.path)
			}
			x := strings.TrimSuffix(c.path, ".csv") + ".xlsx"
			if code, body := do(c.p, "GET", x, nil); code != http.StatusOK || !strings.HasPrefix(body, "PK") {
				t.Errorf("%s %s: %d", c.p.Role, x, code)
			}
		}
	})
}

// Small person counts are hidden from the programme, with a second count
// hidden beside a lone small one so it cannot be derived from the total.
func TestSuppressFiguresComplementary(t *testing.T) {
	n := web.Shown
	regions, total := SuppressFigures([]RegionFigures{{Region: "ZK01", Moved: n(12), InBeeld: n(2), Urgent: n(2)}, {Region: "ZK02", Moved: n(1), InBeeld: n(6), Urgent: n(6)}},
		RegionFigures{Moved: n(13), InBeeld: n(8), Urgent: n(8), Maatwerk: 3}, nil)
	if !regions[0].Moved.Hidden || !regions[1].Moved.Hidden || total.Moved != n(13) || !regions[0].InBeeld.Hidden || !regions[1].InBeeld.Hidden || total.Maatwerk != 3 {
		t.Errorf("suppressed %+v total %+v", regions, total)
	}
	if _, tot := SuppressFigures(nil, RegionFigures{InBeeld: n(4), Urgent: n(4)}, nil); !tot.InBeeld.Hidden {
		t.Errorf("small total shown: %+v", tot)
	}
}

// The programme's figures page and API show "<5", never the count.
func TestProgrammeSeesNoSmallCounts(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		rt, do := f.server(t)
		f.register(t, f.person(0))
		f.register(t, f.person(1))
		prog := &auth.Principal{UserID: 103, Role: auth.RoleProgramma}
		code, body := do(prog, "GET", "/complexe-zorg/cijfers", nil)
		if code != http.StatusOK || !strings.Contains(body, `<dd><abbr title="minder dan 5">&lt;5</abbr></dd>`) || strings.Contains(body, "<dd>2</dd>") {
			t.Errorf("programme page: %d\n%s", code, body)
		}
		if _, body := do(f.zk, "GET", "/complexe-zorg/cijfers", nil); !strings.Contains(body, "<dd>2</dd>") {
			t.Error("care office does not see its own counts")
		}
		req := httptest.NewRequest("GET", "/api/v1/placement/aggregates", nil)
		req = req.WithContext(auth.WithPrincipal(req.Context(), prog))
		rec := httptest.NewRecorder()
		rt.ServeHTTP(rec, req)
		if !strings.Contains(rec.Body.String(), `"InBeeld": "\u003c5"`) || strings.Contains(rec.Body.String(), `"InBeeld": 2`) {
			t.Errorf("programme API: %s", rec.Body.String())
		}
	})
}

// A held plaats goes to its holder in a batch run, even against someone
// more urgent, and to nobody else; without the hold the urgent person
// gets it.
func TestBatchGivesHeldPlaceToHolder(t *testing.T) {
	urgent := basePerson()
	urgent.Waiting = UrgentPlaatsen
	holder := basePerson()
	holder.CaseID = 2
	held := basePlace(7)
	held.Held = 1 // capacity 1, held for holder
	other := basePlace(8)
	other.Capacity, other.Occupied = 2, 1

	holder.HeldPlaces = []int64{7}
	res, err := SolveBatch([]Person{urgent, holder}, []Place{held, other}, t0, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[int]int{}
	for _, a := range res.Assignments {
		got[a.Person] = a.Place
	}
	if len(res.Assignments) != 2 || got[1] != 0 || got[0] != 1 {
		t.Fatalf("with the hold: %+v", res.Assignments)
	}
	// Nobody else may take the held plaats: alone with it, the urgent
	// person stays unplaced.
	res, _ = SolveBatch([]Person{urgent, holder}, []Place{held}, t0, nil)
	if len(res.Assignments) != 1 || res.Assignments[0].Person != 1 || len(res.Unplaced) != 1 || res.Unplaced[0].Person != 0 {
		t.Fatalf("held place alone: %+v", res)
	}
	holder.HeldPlaces = nil
	free := basePlace(7)
	res, _ = SolveBatch([]Person{urgent, holder}, []Place{free}, t0, nil)
	if len(res.Assignments) != 1 || res.Assignments[0].Person != 0 {
		t.Fatalf("without the hold the urgent person gets it: %+v", res)
	}
}

// Through the service: a batch run proposes the held place to its holder
// and sending it keeps it (the own hold does not make it look full).
func TestBatchRunWithHold(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		urgent := f.person(0)
		urgent.Waiting = UrgentPlaatsen
		f.register(t, urgent)
		b := f.register(t, f.person(1))
		place := f.place(t, f.orgA, f.locA, 1, nil)
		if _, err := f.s.CreateHold(ctx, f.zk, place, b, t0.Add(72*time.Hour)); err != nil {
			t.Fatal(err)
		}
		id, err := f.s.StartRun(ctx, f.zk, "ZK11", false)
		if err != nil {
			t.Fatal(err)
		}
		v, _ := f.s.RunDetail(ctx, f.zk, id)
		if v.Assigned != 1 || len(v.Proposals) != 1 || v.Proposals[0].CaseID != b {
			t.Fatalf("run %+v proposals %+v", v.Run, v.Proposals)
		}
		if n, err := f.s.SendRun(ctx, f.zk, id); err != nil || n != 1 || f.phase(t, b) != Voorstel {
			t.Fatalf("send: %d %v, phase %s", n, err, f.phase(t, b))
		}
	})
}

// Bad place input is refused naming the field, and nothing is stored: a
// capacity below the occupants, an impossible readiness date, an unknown
// profile; on the form and in the API.
func TestBadPlaceInputStoresNothing(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		rt, do := f.server(t)
		ctx := context.Background()
		good := url.Values{"naam": {"Groep Noord"}, "soort": {"regulier"}, "gemeente": {"GM0344"}, "capaciteit": {"4"}, "bezet": {"2"}, "gereed": {"01-05-2026"}}
		for field, bad := range map[string][2]string{
			"gemeente":   {"gemeente", ""},
			"locatie":    {"locatie", itoa(f.locB)},
			"capaciteit": {"bezet", "5"},
			"gereed":     {"gereed", "31-02-2026"},
			"profielen":  {"profielen", "VG9"},
		} {
			form := url.Values{}
			for k, v := range good {
				form[k] = v
			}
			form.Set(bad[0], bad[1])
			code, body := do(f.prov, "POST", "/complexe-zorg/plekken/nieuw", form)
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#`+field+`"`) {
				t.Errorf("%s=%s: %d, no error at %s", bad[0], bad[1], code, field)
			}
		}
		call := func(body string) (int, string) {
			req := httptest.NewRequest("POST", "/api/v1/placement/places", strings.NewReader(body))
			req = req.WithContext(auth.WithPrincipal(req.Context(), f.prov))
			rec := httptest.NewRecorder()
			rt.ServeHTTP(rec, req)
			return rec.Code, rec.Body.String()
		}
		if code, body := call(`{"name":"X","kind":"regulier","municipality_code":"GM0344","capacity":1,"occupied":3}`); code != http.StatusUnprocessableEntity || !strings.Contains(body, `"name": "capaciteit"`) {
			t.Errorf("API capacity below occupants: %d %s", code, body)
		}
		if code, body := call(`{"name":"X","kind":"regulier","municipality_code":"GM0344","capacity":1,"ready_date":"2026-02-30"}`); code != http.StatusUnprocessableEntity || !strings.Contains(body, `"name": "ready_date"`) {
			t.Errorf("API impossible date: %d %s", code, body)
		}
		// Every field at fault at once: no municipality, an unknown
		// region and an impossible date are one answer with three names.
		if code, body := call(`{"name":"X","kind":"regulier","region":"ZK99","capacity":1,"ready_date":"2026-02-30"}`); code != http.StatusUnprocessableEntity ||
			!strings.Contains(body, `"name": "municipality_code"`) || !strings.Contains(body, `"name": "region"`) || !strings.Contains(body, `"name": "ready_date"`) {
			t.Errorf("API did not name every field at fault: %d %s", code, body)
		}
		if code, body := call(`{"name":"X","kind":"regulier","municipality_code":"GM9999","capacity":1}`); code != http.StatusUnprocessableEntity || !strings.Contains(body, `"name": "municipality_code"`) {
			t.Errorf("API unknown municipality: %d %s", code, body)
		}
		if code, body := call(`{"name":"X","kind":"regulier","municipality_code":"GM0344","region":"ZK01","capacity":1}`); code != http.StatusUnprocessableEntity || !strings.Contains(body, `"name": "region"`) {
			t.Errorf("API municipality in another region: %d %s", code, body)
		}
		var n int
		if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM placement_places`).Scan(&n); err != nil || n != 0 {
			t.Fatalf("%d places stored after refused input (%v)", n, err)
		}
		if code, _ := do(f.prov, "POST", "/complexe-zorg/plekken/nieuw", good); code != http.StatusSeeOther {
			t.Errorf("good place: %d", code)
		}
		// Through the API the municipality alone places it: Utrecht's
		// centre and region, no coordinates typed.
		if code, body := call(`{"name":"Groep Zuid","kind":"regulier","municipality_code":"GM0344","capacity":2}`); code != http.StatusCreated {
			t.Fatalf("API place by municipality: %d %s", code, body)
		}
		var region string
		var lat, lon float64
		if err := d.QueryRowContext(ctx, `SELECT region, lat, lon FROM placement_places WHERE name = 'Groep Zuid'`).Scan(&region, &lat, &lon); err != nil {
			t.Fatal(err)
		}
		if m, _ := orgs.MunicipalityByCode("GM0344"); region != m.Region || lat != m.Lat || lon != m.Lon {
			t.Errorf("API place by municipality stored at %s %.2f,%.2f, want %s %.2f,%.2f", region, lat, lon, m.Region, m.Lat, m.Lon)
		}
	})
}

// The outcome of the national table is recorded for an escalated case;
// further mediation hands it back to the region with a new deadline.
func TestNationalTableOutcome(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		_, do := f.server(t)
		ctx := context.Background()
		// The national table's own account: a care-office role with the
		// national duty and no region (demo account landelijketafel).
		lt := &auth.Principal{UserID: 77, Role: auth.RoleZorgkantoor, DisplayName: "Noor Hendriks", Scope: auth.Scope{Duties: []string{auth.DutyNationalTable}}}
		if _, err := d.ExecContext(ctx, `INSERT INTO users (id, username, display_name, role, password_hash, created_at) VALUES (77, 'landelijketafel', 'Noor Hendriks', 'zorgkantoor', 'x', $1)`, t0); err != nil {
			t.Fatal(err)
		}
		p := f.person(0)
		p.Deadline = t0.AddDate(0, 0, 1)
		id := f.register(t, p)
		other := f.register(t, f.person(1))
		f.clock.Advance(40 * 24 * time.Hour)
		if r, err := f.s.RunJobOnce(ctx); err != nil || r.Escalated != 1 {
			t.Fatalf("job: %+v %v", r, err)
		}
		// The region no longer records the national table's outcome.
		code, body := do(f.zk, "GET", "/complexe-zorg/agenda", nil)
		if code != http.StatusOK || strings.Contains(body, "Uitkomst landelijke tafel") || strings.Contains(body, `value="landelijk"`) || !strings.Contains(body, "Bij de landelijke tafel") {
			t.Fatalf("region's agenda page: %d", code)
		}
		now := f.clock.Now()
		if err := f.s.Decide(ctx, f.zk, id, AgendaNational, DecideMediate, "x", now.AddDate(0, 1, 0)); web.AsError(err).Code != web.CodeForbidden {
			t.Errorf("region records the national outcome: %v", err)
		}
		code, _ = do(f.zk, "POST", "/complexe-zorg/agenda/"+itoa(id)+"/besluit", url.Values{"agenda": {"landelijk"}, "besluit": {"bemiddelen"},
			"deadline": {now.AddDate(0, 2, 0).Format("2006-01-02")}, "toelichting": {"namens de landelijke tafel"}})
		if code != http.StatusForbidden {
			t.Errorf("region posts the national outcome: %d", code)
		}
		// The national table sees the escalated case on its own agenda.
		items, err := f.s.Agenda(ctx, lt)
		if err != nil || len(items) != 1 || items[0].CaseID != id || items[0].Kind != AgendaNational {
			t.Fatalf("national agenda: %+v %v", items, err)
		}
		code, body = do(lt, "GET", "/complexe-zorg/agenda", nil)
		if code != http.StatusOK || !strings.Contains(body, "Agenda landelijke tafel") || !strings.Contains(body, "Uitkomst landelijke tafel") || !strings.Contains(body, "Cliënt A") {
			t.Fatalf("national agenda page: %d", code)
		}
		// Its menu is the national table's, not a region's (no import, no batch).
		if strings.Contains(body, "Lijst inlezen") || strings.Contains(body, "Batchvoorstel") || strings.Contains(body, "Agenda regionale tafel") {
			t.Errorf("the national table's menu offers the region's work")
		}
		if err := f.s.Decide(ctx, lt, other, AgendaNational, DecideMediate, "x", now.AddDate(0, 1, 0)); web.AsError(err).Code != web.CodeConflict {
			t.Errorf("national outcome for a case not escalated: %v", err)
		}
		if err := f.s.Decide(ctx, lt, id, AgendaNational, DecideEscalate, "x", time.Time{}); web.AsError(err).Field != "besluit" {
			t.Errorf("national table escalates: %v", err)
		}
		if err := f.s.Decide(ctx, f.zk, id, "verzonnen", DecideStop, "x", time.Time{}); web.AsError(err).Field != "agenda" {
			t.Errorf("unknown agenda kind: %v", err)
		}
		// Every error of the form at once: no decision, no date, no note.
		code, body = do(lt, "POST", "/complexe-zorg/agenda/"+itoa(id)+"/besluit", url.Values{"agenda": {"landelijk"}, "besluit": {""}, "deadline": {"morgen"}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#besluit-`+itoa(id)+`"`) || !strings.Contains(body, `href="#deadline-`+itoa(id)+`"`) || !strings.Contains(body, `href="#toel-`+itoa(id)+`"`) {
			t.Fatalf("form errors: %d", code)
		}
		code, _ = do(lt, "POST", "/complexe-zorg/agenda/"+itoa(id)+"/besluit", url.Values{"agenda": {"landelijk"}, "besluit": {"bemiddelen"},
			"deadline": {now.AddDate(0, 2, 0).Format("2006-01-02")}, "toelichting": {"Plek in regio ZK16 gevonden; regio bemiddelt"}})
		if code != http.StatusSeeOther {
			t.Fatalf("national outcome: %d", code)
		}
		c, _ := newStore(d).getCase(ctx, d, id, "")
		if c.Escalated || !c.Deadline.After(now) || c.Phase != Bemiddeling {
			t.Errorf("after the national table: %+v", c)
		}
		ds, _ := newStore(d).listDecisions(ctx, d, id)
		if len(ds) != 2 || ds[0].Decision != DecideEscalate || ds[1].Agenda != AgendaNational || ds[1].Decision != DecideMediate || ds[1].By != lt.UserID {
			t.Errorf("decisions %+v", ds)
		}
		// The region reads the outcome, recorded by the national table.
		_, outcomes, err := f.s.Escalated(ctx, f.zk)
		if err != nil || len(outcomes) != 1 || outcomes[0].CaseID != id || outcomes[0].ByName != "Noor Hendriks" {
			t.Errorf("region's view of the outcome: %+v %v", outcomes, err)
		}
		code, body = do(f.zk, "GET", "/complexe-zorg/agenda", nil)
		if code != http.StatusOK || !strings.Contains(body, "Plek in regio ZK16 gevonden") || !strings.Contains(body, "Noor Hendriks") {
			t.Errorf("region's agenda page lacks the outcome: %d", code)
		}
		if items, _ := f.s.Agenda(ctx, lt); len(items) != 0 {
			t.Errorf("decided case stays on the national agenda: %+v", items)
		}
	})
}

// A care office with several regions sees the gap analysis of each.
func TestGapsPerRegion(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		_, do := f.server(t)
		p := f.person(0)
		p.Needs.Secured = true
		f.register(t, p)
		f.register(t, f.person(4)) // ZK16
		f.place(t, f.orgA, f.locA, 1, nil)
		both := &auth.Principal{UserID: 1, Role: auth.RoleZorgkantoor, Scope: auth.Scope{Regions: []string{"ZK16", "ZK11"}}}
		code, body := do(both, "GET", "/complexe-zorg/tekorten", nil)
		if code != http.StatusOK || !strings.Contains(body, "Uw regio Utrecht (ZK11)") || !strings.Contains(body, "Uw regio Amsterdam (ZK16)") || strings.Index(body, "ZK11") > strings.Index(body, "Uw regio Amsterdam (ZK16)") {
			t.Errorf("gaps per region: %d", code)
		}
		if !strings.Contains(body, "Besloten afdeling") {
			t.Error("the secured-unit gap of ZK11 is not shown")
		}
		if !strings.Contains(body, `<div class="chart chart-narrow"><svg class="chart" viewBox="0 0 340 `) {
			t.Error("the gaps chart has no version drawn for a phone")
		}
		code, body = do(both, "GET", "/complexe-zorg/tekorten/export.csv", nil)
		if code != http.StatusOK || !strings.Contains(body, "ZK11") || !strings.Contains(body, "ZK16") {
			t.Errorf("gaps export per region: %d %s", code, body)
		}
	})
}

// The region's care office is told once when a case's deadline passes,
// and again for a new deadline that passes.
func TestDeadlinePassedNotified(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		p := f.person(0)
		p.Deadline = t0.AddDate(0, 0, 5)
		id := f.register(t, p)
		count := func() int {
			n := 0
			for _, k := range f.not.kinds() {
				if k == notify.KindDeadline {
					n++
				}
			}
			return n
		}
		if _, err := f.s.RunJobOnce(ctx); err != nil || count() != 0 {
			t.Fatalf("before the deadline: %d notices (%v)", count(), err)
		}
		f.clock.Advance(6 * 24 * time.Hour)
		for i := 0; i < 2; i++ {
			if _, err := f.s.RunJobOnce(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if count() != 1 {
			t.Fatalf("after the deadline: %d notices, want 1", count())
		}
		if err := f.s.Decide(ctx, f.zk, id, AgendaDeadline, DecideMediate, "Nieuwe termijn", f.clock.Now().AddDate(0, 0, 3)); err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(4 * 24 * time.Hour)
		if _, err := f.s.RunJobOnce(ctx); err != nil || count() != 2 {
			t.Fatalf("after the new deadline: %d notices (%v)", count(), err)
		}
	})
}
