package placement

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
	"github.com/volwaardig/volwaardig/internal/notify"
	"github.com/volwaardig/volwaardig/internal/web"
)

// A client who has meerzorg is never offered meerzorg as the help that
// would make a place fit: that would contradict the case (issue 11).
func TestNoMeerzorgSuggestedWhenClientHasIt(t *testing.T) {
	pl := Place{ID: 1, Capacity: 1, Profiles: []Profile{"VG7"}}
	p := Person{CaseID: 1, Profile: "VG7", Needs: Needs{OneToOne: true}, Wzd: WzdNone, RegisteredAt: t0}
	without := Explain(p, pl, t0)
	if kinds, _, ok := without.Condition(); !ok || !slices.Equal(kinds, []FixKind{FixMeerzorg}) {
		t.Fatalf("a client without meerzorg: condition %v %v", kinds, ok)
	}
	p.Meerzorg = true
	with := Explain(p, pl, t0)
	for _, c := range with.Checks {
		if c.Fix == FixMeerzorg || strings.Contains(strings.ToLower(c.FixText), "meerzorg") {
			t.Errorf("meerzorg suggested to a client who has it: %+v", c)
		}
	}
	if _, text, ok := with.Condition(); ok || with.Fixable {
		t.Errorf("a condition for a client who has meerzorg: %q", text)
	}
	if !strings.Contains(with.Reason(), "meerzorg die deze persoon al heeft") {
		t.Errorf("reason %q", with.Reason())
	}
}

// The ranking the page shows is short: the few places that fit, then the
// near misses (help makes them fit, or one hard constraint fails), each
// with one reason; a place failing on two counts that no help fixes is
// left out.
func TestShortlist(t *testing.T) {
	p := Person{CaseID: 1, Profile: "VG7", Needs: Needs{LowStimulus: true}, Wzd: WzdNone, RegisteredAt: t0}
	var places []Place
	for i := 1; i <= 7; i++ {
		places = append(places, Place{ID: int64(i), Capacity: 2, LowStimulus: true})
	}
	places = append(places,
		Place{ID: 20, Capacity: 2, Adaptable: true},                                            // fixable: an adaptation
		Place{ID: 21, Capacity: 1, Occupied: 1, LowStimulus: true},                             // full: one reason, no help
		Place{ID: 22, Capacity: 1, Occupied: 1, Profiles: []Profile{"VG3"}},                    // three failures, no help
		Place{ID: 23, Capacity: 1, Occupied: 1, Profiles: []Profile{"VG3"}, LowStimulus: true}) // two failures, no help
	fit, near := Shortlist(Rank(p, places, t0), fitsShown, nearShown)
	if len(fit) != fitsShown {
		t.Fatalf("fits %d", len(fit))
	}
	var ids []int64
	for _, e := range near {
		ids = append(ids, e.Place.ID)
		if e.Reason() == "" {
			t.Errorf("near miss %d without a reason", e.Place.ID)
		}
	}
	if !slices.Equal(ids, []int64{20, 21}) {
		t.Fatalf("near misses %v", ids)
	}
	if near[0].ConditionText() == "" || near[1].ConditionText() != "" {
		t.Errorf("conditions %q %q", near[0].ConditionText(), near[1].ConditionText())
	}
	if near[1].Reason() != "Alle plaatsen zijn bezet of gereserveerd." {
		t.Errorf("reason %q", near[1].Reason())
	}
}

// "What would help" starts a proposal under that condition; the
// condition is recorded with the proposal and the provider reads it with
// what it needs to decide (profile, meerzorg, Wzd, needs, wishes, the
// dossierhouder and a contact). After the provider's answer its form is
// gone and the status shows instead.
func TestProposeUnderConditionAndProviderAnswers(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		_, do := f.server(t)
		ctx := context.Background()
		if _, err := d.ExecContext(ctx, `INSERT INTO users (id, username, display_name, role, organisation, email, created_at) VALUES (1, 'pj', 'Pieter Jansen', 'zorgkantoor', 'Zorgkantoor Utrecht', 'p.jansen@zk.example', $1)`, t0); err != nil {
			t.Fatal(err)
		}
		p := f.person(0)
		p.Needs.LowStimulus = true
		p.Meerzorg = true
		p.Wzd = WzdArt21
		p.WishesClient = "Een eigen kamer met uitzicht op bomen"
		p.Dossierhouder = "Zorgkantoor Utrecht, team complexe zorg"
		id := f.register(t, p)
		adaptable := f.place(t, f.orgA, f.locA, 2, func(pl *Place) { pl.Name, pl.Adaptable, pl.WzdAccommodation = "De Linde", true, true })
		fixed := f.place(t, f.orgA, f.locA, 2, func(pl *Place) { pl.Name, pl.WzdAccommodation = "De Beuk", true })
		if _, err := f.s.Propose(ctx, f.zk, id, adaptable); web.AsError(err).Code != web.CodeConflict {
			t.Fatalf("proposing a place that does not fit: %v", err)
		}
		if _, err := f.s.ProposeUnderCondition(ctx, f.zk, id, fixed); web.AsError(err).Code != web.CodeConflict {
			t.Fatalf("a condition where no help makes the place fit: %v", err)
		}
		code, body := do(f.zk, "GET", "/complexe-zorg/personen/"+itoa(id), nil)
		if code != http.StatusOK || !strings.Contains(body, "Voorstellen onder deze voorwaarde") || !strings.Contains(body, "De Linde") {
			t.Fatalf("person page: %d", code)
		}
		code, _ = do(f.zk, "POST", "/complexe-zorg/personen/"+itoa(id)+"/voorstel", url.Values{"plek": {itoa(adaptable)}, "voorwaarde": {"ja"}})
		if code != http.StatusSeeOther {
			t.Fatalf("propose under condition: %d", code)
		}
		ps, err := newStore(d).listProposals(ctx, d, "pp.case_id = $1", id)
		if err != nil || len(ps) != 1 {
			t.Fatalf("proposals %v %v", ps, err)
		}
		det, err := f.s.store.proposalDetails(ctx, []int64{ps[0].ID})
		if err != nil || !slices.Equal(det[ps[0].ID].Condition, []FixKind{FixAdaptation}) || !strings.Contains(det[ps[0].ID].ConditionText, "prikkelarm") {
			t.Fatalf("condition recorded: %+v %v", det, err)
		}
		code, body = do(f.prov, "GET", "/complexe-zorg/voorstellen", nil)
		for _, want := range []string{"Voorstel onder voorwaarde", "De aanbieder kan de plek prikkelarm inrichten.", "VG7", "Meerzorg", "Prikkelarme omgeving",
			"Een eigen kamer met uitzicht op bomen", "Zorgkantoor Utrecht, team complexe zorg", "Pieter Jansen", "mailto:p.jansen@zk.example", "/antwoord"} {
			if !strings.Contains(body, want) {
				t.Errorf("provider's proposal lacks %q (%d)", want, code)
			}
		}
		if strings.Contains(body, "Kosten in het batchvoorstel") {
			t.Error("the provider reads raw cost terms")
		}
		code, _ = do(f.prov, "POST", "/complexe-zorg/voorstellen/"+itoa(ps[0].ID)+"/antwoord", url.Values{"antwoord": {"ja"}})
		if code != http.StatusSeeOther {
			t.Fatalf("provider answers: %d", code)
		}
		code, body = do(f.prov, "GET", "/complexe-zorg/voorstellen", nil)
		if code != http.StatusOK || strings.Contains(body, "/voorstellen/"+itoa(ps[0].ID)+"/antwoord") || !strings.Contains(body, "U heeft geantwoord") {
			t.Errorf("the answer form stays after the answer: %d", code)
		}
	})
}

// An urgent case for which no place in the country fits goes on the
// regional table's agenda by itself, once, and drops off after a decision
// (for two weeks) or when a place fits.
func TestUrgentWithoutPlaceOnAgenda(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		p := f.person(0)
		p.Waiting = UrgentPlaatsen
		p.Needs.Secured = true
		id := f.register(t, p)
		calm := f.register(t, f.person(1)) // actief, not urgent: not on the agenda
		f.place(t, f.orgA, f.locA, 2, nil)
		for range 2 {
			items, err := f.s.Agenda(ctx, f.zk)
			if err != nil {
				t.Fatal(err)
			}
			if len(items) != 1 || items[0].CaseID != id || items[0].Kind != AgendaNoPlace || items[0].CaseID == calm {
				t.Fatalf("agenda %+v", items)
			}
		}
		if n := f.aud.count("search"); n < 2 {
			t.Errorf("agenda reads audited: %d", n)
		}
		if err := f.s.Decide(ctx, f.zk, id, AgendaNoPlace, DecideExtendSearch, "Landelijk zoeken naar een besloten plek", f.clock.Now().AddDate(0, 1, 0)); err != nil {
			t.Fatal(err)
		}
		if items, _ := f.s.Agenda(ctx, f.zk); len(items) != 0 {
			t.Fatalf("decided item stays: %+v", items)
		}
		f.clock.Advance(15 * 24 * time.Hour)
		if items, _ := f.s.Agenda(ctx, f.zk); len(items) != 1 || items[0].Kind != AgendaNoPlace {
			t.Fatalf("after two weeks, still no place: %+v", items)
		}
		f.place(t, f.orgB, f.locB, 1, func(pl *Place) { pl.Secured = true })
		if items, _ := f.s.Agenda(ctx, f.zk); len(items) != 0 {
			t.Fatalf("a place fits, the item stays: %+v", items)
		}
	})
}

// The care office is told once, by the background job, of an urgent case
// for which no place in the country fits (issue 11: before, it only
// appeared on the agenda, which nobody may be looking at); a case that is
// not urgent, or for which a place fits, is not.
func TestUrgentWithoutPlaceNotified(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		p := f.person(0)
		p.Waiting = UrgentPlaatsen
		p.Needs.Secured = true
		id := f.register(t, p)
		f.register(t, f.person(1)) // actief, not urgent
		f.place(t, f.orgA, f.locA, 2, nil)
		told := func() []notify.Notification {
			f.not.mu.Lock()
			defer f.not.mu.Unlock()
			var out []notify.Notification
			for _, n := range f.not.sent {
				if strings.HasPrefix(n.DedupeKey, "placement:urgent-no-place:") {
					out = append(out, n)
				}
			}
			return out
		}
		for range 2 {
			if _, err := f.s.RunJobOnce(ctx); err != nil {
				t.Fatal(err)
			}
		}
		got := told()
		if len(got) != 1 || got[0].Link != "/complexe-zorg/personen/"+itoa(id) || got[0].Kind != notify.KindDeadline {
			t.Fatalf("urgent case without a place: %+v", got)
		}
		if strings.Contains(got[0].Title+got[0].Body, itoa(p.ClientID)) || strings.Contains(got[0].Title+got[0].Body, itoa(id)) {
			t.Error("the notification's text carries an id; it links to the case instead")
		}
		// A fitting place for a second urgent case: nobody is told.
		q := f.person(2)
		q.Waiting = UrgentPlaatsen
		f.register(t, q)
		if r, err := f.s.RunJobOnce(ctx); err != nil || r.UrgentNoPlace != 1 || len(told()) != 1 {
			t.Fatalf("an urgent case that a place fits was told: %+v %v, %d told", r, err, len(told()))
		}
	})
}

// The batch page tells the run in words: who gets which place and why,
// who gets none, why not and what would change that; no raw cost totals
// on the page (the API keeps them).
func TestBatchExplainedInWords(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		_, do := f.server(t)
		ctx := context.Background()
		urgent := f.person(0)
		urgent.Waiting = UrgentPlaatsen
		a := f.register(t, urgent)
		b := f.register(t, f.person(1)) // actief: the one place goes to the urgent person
		secured := f.person(2)
		secured.Needs.Secured = true
		secured.Profile = "VG8"
		c := f.register(t, secured) // no place is secured; an adaptable one would be
		f.place(t, f.orgA, f.locA, 1, func(pl *Place) { pl.Name, pl.Profiles = "De Linde", []Profile{"VG7"} })
		f.place(t, f.orgA, f.locA, 1, func(pl *Place) { pl.Name, pl.Occupied, pl.Capacity = "Het Anker", 0, 1; pl.Profiles = []Profile{"VG3"} })
		f.place(t, f.orgA, f.locA, 1, func(pl *Place) { pl.Name, pl.Adaptable, pl.Profiles = "De Es", true, []Profile{"VG8"} })
		id, err := f.s.StartRun(ctx, f.zk, "ZK11", false)
		if err != nil {
			t.Fatal(err)
		}
		v, err := f.s.RunDetail(ctx, f.zk, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Placed) != 1 || v.Placed[0].CaseID != a || !strings.Contains(v.Placed[0].Why, "Urgent plaatsen") || !strings.Contains(v.Placed[0].Why, "Voldoet aan alle harde eisen") {
			t.Fatalf("placed %+v", v.Placed)
		}
		un := map[int64]RunPerson{}
		for _, u := range v.Unplaced {
			un[u.CaseID] = u
		}
		if len(un) != 2 || !strings.Contains(un[b].Why, "De enige passende plek ging naar iemand met meer urgentie") || !strings.Contains(un[b].Help, "Een passende plek erbij") {
			t.Fatalf("unplaced b %+v", un[b])
		}
		if !strings.Contains(un[c].Why, "Geen vrije plek voldoet") || !strings.Contains(un[c].Help, "De Es past als hulp geregeld wordt") || !strings.Contains(un[c].Help, "besloten") {
			t.Fatalf("unplaced c %+v", un[c])
		}
		code, body := do(f.zk, "GET", "/complexe-zorg/batch/"+itoa(id), nil)
		if code != http.StatusOK {
			t.Fatalf("run page %d", code)
		}
		for _, want := range []string{"Wie krijgt welke plek", "De Linde", "Wie krijgt geen plek", "Waarom niet", "Wat zou helpen", un[c].Help} {
			if !strings.Contains(body, want) {
				t.Errorf("run page lacks %q", want)
			}
		}
		for _, raw := range []string{"Totale kosten", strconv.FormatInt(v.TotalCost, 10), strconv.FormatInt(v.Proposals[0].Terms.Cost, 10)} {
			if strings.Contains(body, raw) {
				t.Errorf("run page shows raw cost %q", raw)
			}
		}
		code, body = do(f.zk, "GET", "/api/v1/placement/runs/"+itoa(id), nil)
		if code != http.StatusOK || !strings.Contains(body, `"total_cost": `+strconv.FormatInt(v.TotalCost, 10)) {
			t.Errorf("the API lost the total cost: %d %s", code, body)
		}
	})
}

// A provider keeps its places current on the page and in the API:
// capacity, occupancy, readiness, its own location and the municipality
// chosen from the list (no coordinates typed); only its own places; every
// error at once; each change audited.
func TestProviderEditsPlace(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		rt, do := f.server(t)
		ctx := context.Background()
		own := f.place(t, f.orgA, f.locA, 2, func(pl *Place) { pl.Name = "De Linde" })
		other := f.place(t, f.orgB, f.locB, 2, func(pl *Place) { pl.Name = "Elders" })
		code, body := do(f.prov, "GET", "/complexe-zorg/aanbieder", nil)
		if code != http.StatusOK || !strings.Contains(body, `href="/complexe-zorg/plekken/`+itoa(own)+`"`) {
			t.Fatalf("provider page lacks the edit link: %d", code)
		}
		code, body = do(f.prov, "GET", "/complexe-zorg/plekken/"+itoa(own), nil)
		if code != http.StatusOK || !strings.Contains(body, `<option value="GM0344" selected>Utrecht (Utrecht)</option>`) || strings.Contains(body, "Breedtegraad") {
			t.Fatalf("edit page: %d", code)
		}
		if code, _ := do(f.prov, "GET", "/complexe-zorg/plekken/"+itoa(other), nil); code != http.StatusNotFound {
			t.Errorf("another organisation's place: %d", code)
		}
		// Every error at once, nothing stored.
		code, body = do(f.prov, "POST", "/complexe-zorg/plekken/"+itoa(own), url.Values{"capaciteit": {"twee"}, "bezet": {"1"}, "gereed": {"31-02-2026"}, "locatie": {itoa(f.locB)}, "gemeente": {""}})
		for _, field := range []string{"capaciteit", "gereed", "locatie", "gemeente"} {
			if !strings.Contains(body, `href="#`+field+`"`) {
				t.Errorf("error summary lacks %s (%d)", field, code)
			}
		}
		if pl, _ := newStore(d).getPlace(ctx, d, own, ""); pl.Capacity != 2 || pl.Occupied != 0 {
			t.Fatalf("stored after errors: %+v", pl)
		}
		code, _ = do(f.prov, "POST", "/complexe-zorg/plekken/"+itoa(own), url.Values{"capaciteit": {"3"}, "bezet": {"1"}, "gereed": {"2026-04-01"}, "locatie": {itoa(f.locA)}, "gemeente": {"GM0363"}})
		if code != http.StatusSeeOther {
			t.Fatalf("save: %d", code)
		}
		pl, _ := newStore(d).getPlace(ctx, d, own, "")
		if pl.Capacity != 3 || pl.Occupied != 1 || pl.ReadyDate.In(web.Amsterdam()).Format("2006-01-02") != "2026-04-01" || pl.Region == "ZK11" || pl.Lat != 52.37 {
			t.Errorf("after save: %+v", pl)
		}
		if n := f.aud.Count(func(e audit.Event) bool { return e.Object == "placement_place" && e.Action == audit.ActionUpdate }); n != 1 {
			t.Errorf("place updates audited: %d", n)
		}
		// The API: PATCH, own organisation only, errors by field.
		api := func(p *auth.Principal, id int64, body string) (int, string) {
			rec := httptest.NewRecorder()
			rt.ServeHTTP(rec, newJSONRequest("PATCH", "/api/v1/placement/places/"+itoa(id), body, p))
			return rec.Code, rec.Body.String()
		}
		if code, body := api(f.prov, own, `{"occupied": 2, "municipality_code": "GM0344"}`); code != http.StatusOK || !strings.Contains(body, `"occupied": 2`) || !strings.Contains(body, `"region": "ZK11"`) {
			t.Errorf("patch: %d %s", code, body)
		}
		if code, body := api(f.prov, own, `{"occupied": 9, "municipality_code": "GM9999", "ready_date": "gisteren"}`); code != http.StatusUnprocessableEntity ||
			!strings.Contains(body, "occupied") || !strings.Contains(body, "municipality_code") || !strings.Contains(body, "ready_date") {
			t.Errorf("patch errors: %d %s", code, body)
		}
		if code, _ := api(f.prov, other, `{"occupied": 1}`); code != http.StatusNotFound {
			t.Errorf("patch of another organisation's place: %d", code)
		}
		if pl, _ := newStore(d).getPlace(ctx, d, other, ""); pl.Occupied != 0 {
			t.Errorf("another organisation's place changed: %+v", pl)
		}
	})
}

// A table's decision to mediate works on a case that is only registered
// (aangemeld): it is taken into view first instead of refused as an
// impossible step (found in the e2e walk-through: a 409 on the agenda).
func TestDecideMediateOnRegisteredCase(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		id, err := f.s.Register(ctx, f.zk, f.person(0), false)
		if err != nil {
			t.Fatal(err)
		}
		if got := f.phase(t, id); got != Aangemeld {
			t.Fatalf("phase %s", got)
		}
		if err := f.s.Decide(ctx, f.zk, id, AgendaStalled, DecideMediate, "Verder zoeken", f.clock.Now().AddDate(0, 1, 0)); err != nil {
			t.Fatalf("mediate on an aangemeld case: %v", err)
		}
		if got := f.phase(t, id); got != Bemiddeling {
			t.Errorf("phase %s, want bemiddeling", got)
		}
	})
}
