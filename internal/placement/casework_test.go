package placement

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
	"github.com/volwaardig/volwaardig/internal/web"
)

func fieldsOf(err error) []string {
	var out []string
	for _, f := range web.AsError(err).Fields {
		out = append(out, f.Field)
	}
	return out
}

// The care office edits a case; each changed field is history with who,
// when, old and new; an unchanged save records nothing; other regions and
// providers are refused (audited); every input problem is named at once.
func TestEditCaseRecordsHistory(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		id := f.register(t, f.person(0))
		c, _ := newStore(d).getCase(ctx, d, id, "")
		e := editOf(c)
		e.Waiting, e.LowStimulus, e.Dossierhouder = UrgentPlaatsen, true, "J. de Wit, Zorgkantoor Utrecht"
		e.Deadline = time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
		e.Expertise = []Expertise{"autisme"}
		cs, err := f.s.EditCase(ctx, f.zk, id, e)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string][2]string{"Wachtstatus": {ActiefPlaatsen.Label(), UrgentPlaatsen.Label()}, "Prikkelarme omgeving": {"nee", "ja"},
			"Dossierhouder": {"—", "J. de Wit, Zorgkantoor Utrecht"}, "Uiterste datum": {"geen", "01-09-2026"}, "Expertise": {"geen", "Autisme"}}
		hist, err := newStore(d).listChanges(ctx, d, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(cs) != len(want) || len(hist) != len(want) {
			t.Fatalf("changes %+v, history %+v", cs, hist)
		}
		for _, h := range hist {
			w, ok := want[h.Field]
			if !ok || h.Old != w[0] || h.New != w[1] || h.ByName != "ZK" || h.By != 1 || !h.At.Equal(t0) {
				t.Errorf("history row %+v", h)
			}
		}
		after, _ := newStore(d).getCase(ctx, d, id, "")
		if after.Waiting != UrgentPlaatsen || !after.Needs.LowStimulus || after.Dossierhouder != "J. de Wit, Zorgkantoor Utrecht" || !after.Deadline.Equal(e.Deadline) {
			t.Errorf("case after edit %+v", after.Person)
		}
		// Saving the same values changes nothing and records nothing.
		if cs, err := f.s.EditCase(ctx, f.zk, id, editOf(after)); err != nil || len(cs) != 0 {
			t.Errorf("unchanged save: %v, %v", cs, err)
		}
		if hist, _ := newStore(d).listChanges(ctx, d, id); len(hist) != len(want) {
			t.Errorf("history grew on an unchanged save: %d", len(hist))
		}
		// Another region's care office and a provider: not found, audited.
		denied := f.aud.Count(func(ev audit.Event) bool { return ev.Outcome == audit.OutcomeDenied })
		other := &auth.Principal{UserID: 9, Role: auth.RoleZorgkantoor, Scope: auth.Scope{Regions: []string{"ZK16"}}}
		for _, p := range []*auth.Principal{other, f.prov} {
			if _, err := f.s.EditCase(ctx, p, id, e); web.AsError(err).Code != web.CodeNotFound {
				t.Errorf("%s edit: %v", p.Role, err)
			}
		}
		if got := f.aud.Count(func(ev audit.Event) bool { return ev.Outcome == audit.OutcomeDenied }); got != denied+2 {
			t.Errorf("denials audited %d, want %d", got, denied+2)
		}
		// Every problem at once.
		bad := editOf(after)
		bad.Profile, bad.MaxDistanceKm, bad.Dossierhouder = "XX9", 900, strings.Repeat("a", 201)
		_, err = f.s.EditCase(ctx, f.zk, id, bad)
		if got := strings.Join(fieldsOf(err), ","); got != "zorgprofiel,max_afstand_km,dossierhouder" {
			t.Errorf("fields at fault %q (%v)", got, err)
		}
	})
}

// Notes carry author and time and are refused empty; consults are asked of
// the CCE or a named centre and answered once.
func TestNotesAndConsults(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		id := f.register(t, f.person(0))
		if _, err := f.s.AddNote(ctx, f.zk, id, "   "); web.AsError(err).Field != "notitie" {
			t.Errorf("empty note: %v", err)
		}
		if _, err := f.s.AddNote(ctx, f.prov, id, "x"); web.AsError(err).Code != web.CodeNotFound {
			t.Errorf("provider note: %v", err)
		}
		if _, err := f.s.AddNote(ctx, f.zk, id, "Moeder belde: voorkeur voor Zeist."); err != nil {
			t.Fatal(err)
		}
		ns, _ := newStore(d).listNotes(ctx, d, id)
		if len(ns) != 1 || ns[0].Body != "Moeder belde: voorkeur voor Zeist." || ns[0].ByName != "ZK" || !ns[0].At.Equal(t0) {
			t.Errorf("notes %+v", ns)
		}
		_, err := f.s.RequestConsult(ctx, f.zk, id, "", "", "")
		if got := strings.Join(fieldsOf(err), ","); got != "consulent,vraag" {
			t.Errorf("empty consult: fields %q", got)
		}
		if _, err := f.s.RequestConsult(ctx, f.zk, id, ConsultCentre, "", "Welke woonvorm?"); web.AsError(err).Field != "centrum" {
			t.Errorf("centre without a name: %v", err)
		}
		cid, err := f.s.RequestConsult(ctx, f.zk, id, ConsultCCE, "genegeerd", "Welke woonvorm past bij dit gedrag?")
		if err != nil {
			t.Fatal(err)
		}
		other := f.register(t, f.person(1))
		if err := f.s.AnswerConsult(ctx, f.zk, other, cid, "Antwoord"); web.AsError(err).Code != web.CodeConflict {
			t.Errorf("answer through another case: %v", err)
		}
		if err := f.s.AnswerConsult(ctx, f.zk, id, cid, "Kleinschalig, vaste begeleiders."); err != nil {
			t.Fatal(err)
		}
		if err := f.s.AnswerConsult(ctx, f.zk, id, cid, "Nog eens"); web.AsError(err).Code != web.CodeConflict {
			t.Errorf("second answer: %v", err)
		}
		cs, _ := newStore(d).listConsults(ctx, d, id)
		if len(cs) != 1 || cs[0].Centre != "" || cs[0].Whom() != ConsultCCE.Label() || cs[0].Answer != "Kleinschalig, vaste begeleiders." || !cs[0].Answered() || cs[0].AskedByName != "ZK" {
			t.Errorf("consults %+v", cs)
		}
	})
}

// moveOut puts a case in "verhuisd", moved the given days ago.
func moveOut(t *testing.T, f *fixture, id int64, daysAgo int) {
	t.Helper()
	st := newStore(f.d)
	at := t0.AddDate(0, 0, -daysAgo)
	err := f.d.Tx(context.Background(), func(tx *sql.Tx) error {
		if err := st.setPhase(context.Background(), tx, id, Verhuisd, at); err != nil {
			return err
		}
		return st.insertTransition(context.Background(), tx, Transition{CaseID: id, From: Geaccepteerd, To: Verhuisd, At: at, By: 1, ByName: "ZK", Reason: "verhuisd"})
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A follow-up records the client's wellbeing in words and what relatives
// and staff see; the page form refuses one without the wellbeing, naming
// every field at fault.
func TestFollowUpWellbeingAndViews(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		id := f.register(t, f.person(0))
		moveOut(t, f, id, 100)
		err := f.s.RecordFollowUpViews(ctx, f.zk, id, 4, "stabiel", "", FollowUpViews{Relatives: strings.Repeat("x", maxNote+1)})
		if got := strings.Join(fieldsOf(err), ","); got != "uitkomst,welzijn,naasten" {
			t.Errorf("fields at fault %q (%v)", got, err)
		}
		if err := f.s.RecordFollowUpViews(ctx, f.zk, id, 3, "stabiel", "Eerste maanden", FollowUpViews{Wellbeing: WellMixed,
			Relatives: "Moeder ziet dat hij beter slaapt.", Staff: "Minder onrust in de avond."}); err != nil {
			t.Fatal(err)
		}
		fs, _ := newStore(d).listFollowUps(ctx, d, id)
		if len(fs) != 1 || fs[0].Wellbeing != WellMixed || fs[0].Relatives != "Moeder ziet dat hij beter slaapt." || fs[0].Staff != "Minder onrust in de avond." || fs[0].ByName != "ZK" {
			t.Errorf("follow-ups %+v", fs)
		}
		sec, err := f.s.Inzage(ctx, f.clients[0])
		if err != nil {
			t.Fatal(err)
		}
		if !sectionHas(sec.Tables, "Nazorg na de verhuizing", "Moeder ziet dat hij beter slaapt.") || !sectionHas(sec.Tables, "Nazorg na de verhuizing", WellMixed.Label()) {
			t.Errorf("inzage lacks the follow-up: %+v", sec.Tables)
		}
	})
}

func sectionHas(tables []clients.SectionTable, caption, cell string) bool {
	for _, t := range tables {
		if t.Caption != caption {
			continue
		}
		for _, row := range t.Rows {
			for _, c := range row {
				if c == cell {
					return true
				}
			}
		}
	}
	return false
}

// The client's right-of-access export holds the change history, the notes
// and the consults of their case (WGBO/AVG: the care office's working
// notes are part of the file).
func TestInzageHoldsCasework(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		id := f.register(t, f.person(0))
		c, _ := newStore(d).getCase(ctx, d, id, "")
		e := editOf(c)
		e.Dossierhouder = "A. Bakker"
		if _, err := f.s.EditCase(ctx, f.zk, id, e); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.AddNote(ctx, f.zk, id, "Gesprek met de cliënt gehad."); err != nil {
			t.Fatal(err)
		}
		cid, err := f.s.RequestConsult(ctx, f.zk, id, ConsultCentre, "Centrum Autisme Utrecht", "Welke prikkels vermijden?")
		if err != nil {
			t.Fatal(err)
		}
		if err := f.s.AnswerConsult(ctx, f.zk, id, cid, "Fel licht en drukte."); err != nil {
			t.Fatal(err)
		}
		sec, err := f.s.Inzage(ctx, f.clients[0])
		if err != nil {
			t.Fatal(err)
		}
		for caption, cell := range map[string]string{"Wijzigingen in uw gegevens": "A. Bakker", "Notities van het zorgkantoor": "Gesprek met de cliënt gehad.",
			"Consultatie": "Fel licht en drukte."} {
			if !sectionHas(sec.Tables, caption, cell) {
				t.Errorf("inzage table %q lacks %q", caption, cell)
			}
		}
		if !sectionHas(sec.Tables, "Consultatie", "Centrum Autisme Utrecht") {
			t.Error("inzage does not name the expertise centre")
		}
	})
}

// The person page edits through a form: every error at once (dd-mm-jjjj),
// then the history, a note and the link to the client record on the page.
func TestPersonPageEditAndNote(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		id := f.register(t, f.person(0))
		_, do := f.server(t)
		path := "/complexe-zorg/personen/" + strconv.FormatInt(id, 10)
		code, body := do(f.zk, http.MethodGet, path, nil)
		if code != http.StatusOK || !strings.Contains(body, `href="/clienten/`+strconv.FormatInt(f.clients[0], 10)+`"`) || !strings.Contains(body, `name="wachtstatus"`) {
			t.Fatalf("page %d without edit form or client link", code)
		}
		form := url.Values{"zorgprofiel": {"VG7"}, "wzd": {"geen"}, "wachtstatus": {"urgent"}, "uiterste_datum": {"31-02-2027"}, "max_afstand_km": {"dertig"},
			"dossierhouder": {"J. de Wit"}}
		code, body = do(f.zk, http.MethodPost, path+"/gegevens", form)
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#uiterste_datum"`) || !strings.Contains(body, `href="#max_afstand_km"`) {
			t.Fatalf("bad edit: %d, errors not all in the summary", code)
		}
		if !strings.Contains(body, `value="J. de Wit"`) {
			t.Error("the submitted values are not kept on an error")
		}
		form.Set("uiterste_datum", "01-03-2027")
		form.Set("max_afstand_km", "30")
		if code, _ = do(f.zk, http.MethodPost, path+"/gegevens", form); code != http.StatusSeeOther {
			t.Fatalf("edit: %d", code)
		}
		if code, _ = do(f.zk, http.MethodPost, path+"/notities", url.Values{"notitie": {"Bezoek gepland op 12-03."}}); code != http.StatusSeeOther {
			t.Fatalf("note: %d", code)
		}
		if code, body = do(f.zk, http.MethodGet, path, nil); code != http.StatusOK {
			t.Fatalf("page after edit: %d", code)
		}
		for _, want := range []string{"Urgent plaatsen", "01-03-2027", "30 km", "Bezoek gepland op 12-03.", "Gewijzigd: Wachtstatus", "Notitie"} {
			if !strings.Contains(body, want) {
				t.Errorf("page lacks %q", want)
			}
		}
		// A consult asked without whom and without a question: both named.
		code, body = do(f.zk, http.MethodPost, path+"/consultaties", url.Values{"centrum": {""}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#consulent"`) || !strings.Contains(body, `href="#vraag"`) {
			t.Errorf("empty consult: %d, not every field in the summary", code)
		}
		if code, _ = do(f.prov, http.MethodPost, path+"/notities", url.Values{"notitie": {"x"}}); code != http.StatusForbidden && code != http.StatusNotFound {
			t.Errorf("provider note: %d", code)
		}
	})
}

// A proposal dated after the move is flagged on the timeline with why,
// instead of standing there unexplained.
func TestTimelineExplainsProposalAfterMove(t *testing.T) {
	moved := t0.AddDate(0, -2, 0)
	ts := []Transition{{To: Aangemeld, At: t0.AddDate(-1, 0, 0), Reason: "Aangemeld"}, {From: Geaccepteerd, To: Verhuisd, At: moved, Reason: "verhuisd"}}
	ps := []Proposal{{PlaceName: "Plek", OrgName: "Org", Status: ProposalOpen, CreatedAt: moved.AddDate(0, 0, 3)},
		{PlaceName: "Eerder", OrgName: "Org", Status: ProposalAccepted, CreatedAt: moved.AddDate(0, -1, 0), AnsweredAt: moved.AddDate(0, 0, -20)}}
	tl := caseTimeline(func(s string) string { return s }, ts, nil, nil, nil, ps, nil, nil, nil)
	if len(tl) != 5 {
		t.Fatalf("timeline %+v", tl)
	}
	for i := 1; i < len(tl); i++ {
		if tl[i].At.Before(tl[i-1].At) {
			t.Errorf("timeline out of order at %d", i)
		}
	}
	warned := 0
	for _, e := range tl {
		if e.Warning != "" {
			warned++
			if !strings.HasPrefix(e.What, "Voorstel: Plek") {
				t.Errorf("warning on %q", e.What)
			}
		}
	}
	if warned != 1 {
		t.Errorf("%d warnings, want 1", warned)
	}
}

// The API edits, notes and consults as the page does, with all errors at
// once as invalid-params, and the case detail carries them; responses are
// checked against the OpenAPI document (contract.Install).
func TestCaseworkAPI(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		id := f.register(t, f.person(0))
		rt, _ := f.server(t)
		base := "/api/v1/placement/cases/" + strconv.FormatInt(id, 10)
		call := func(p *auth.Principal, method, path, body string) (int, string) {
			rec := newRecorder()
			rt.ServeHTTP(rec, newJSONRequest(method, path, body, p))
			var out bytes.Buffer
			if err := json.Compact(&out, []byte(rec.body.String())); err != nil {
				return rec.code, rec.body.String()
			}
			return rec.code, out.String()
		}
		code, body := call(f.zk, http.MethodPost, base+"/changes", `{"profile":"XX","deadline":"31-02-2027","max_distance_km":-1}`)
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, `"profile"`) || !strings.Contains(body, `"deadline"`) || !strings.Contains(body, `"max_distance_km"`) {
			t.Fatalf("bad edit: %d %s", code, body)
		}
		code, body = call(f.zk, http.MethodPost, base+"/changes", `{"waiting_status":"urgent","dossierhouder":"J. de Wit","deadline":"2027-03-01"}`)
		if code != http.StatusOK || !strings.Contains(body, `"field":"Wachtstatus"`) || !strings.Contains(body, `"new":"01-03-2027"`) {
			t.Fatalf("edit: %d %s", code, body)
		}
		if code, body = call(f.zk, http.MethodPost, base+"/notes", `{"text":"Gebeld met de mentor."}`); code != http.StatusCreated {
			t.Fatalf("note: %d %s", code, body)
		}
		if code, body = call(f.prov, http.MethodPost, base+"/notes", `{"text":"x"}`); code != http.StatusNotFound && code != http.StatusForbidden {
			t.Errorf("provider note: %d %s", code, body)
		}
		code, body = call(f.zk, http.MethodPost, base+"/consults", `{"consultant":"cce","question":"Welke woonvorm?"}`)
		if code != http.StatusCreated {
			t.Fatalf("consult: %d %s", code, body)
		}
		cid := strings.TrimSuffix(strings.TrimPrefix(body, `{"id":`), "}")
		if code, body = call(f.zk, http.MethodPost, base+"/consults/"+cid+"/answer", `{"answer":"Kleinschalig."}`); code != http.StatusOK {
			t.Fatalf("answer %s: %d %s", cid, code, body)
		}
		code, body = call(f.zk, http.MethodGet, base, "")
		for _, want := range []string{`"changes":[{`, `"notes":[{`, `"Gebeld met de mentor."`, `"consults":[{`, `"Kleinschalig."`} {
			if code != http.StatusOK || !strings.Contains(body, want) {
				t.Errorf("case detail lacks %s: %d %s", want, code, body)
			}
		}
	})
}

// Every ranking reason has its English words: each check of a person with
// every need against a place that meets none, and the near miss's one
// reason, what would help and a fit's reason, read in English without a
// Dutch word of the module left (issue 11).
func TestRankingReasonsInEnglish(t *testing.T) {
	p := Person{Profile: "VG7", Wzd: WzdRM, Meerzorg: false, Deadline: t0.AddDate(0, 1, 0), FamilyLat: 52.1, FamilyLon: 5.1,
		Needs: Needs{LowStimulus: true, OneToOne: true, Secured: true, Wheelchair: true, AgeGroup: AgeAdult, Gender: GenderWomen, MaxDistanceKm: 10, Expertise: []Expertise{"autisme"}}}
	none := Place{Name: "Ver weg", Profiles: []Profile{"VG5"}, Capacity: 1, Occupied: 1, ReadyDate: t0.AddDate(0, 3, 0), AgeGroups: []AgeGroup{AgeYouth}, Gender: GenderMen, Lat: 53.2, Lon: 6.5, Adaptable: true}
	e := Explain(p, none, t0)
	if len(e.Checks) != 12 {
		t.Fatalf("%d checks, want every need checked: %+v", len(e.Checks), e.Checks)
	}
	dutch := []string{"plek", "plaats", "familie", "groep ", "aanbieder", "De ", "geen", "niet"}
	for _, c := range e.Checks {
		for _, s := range []string{c.LabelIn(web.LangEN), c.DetailIn(web.LangEN)} {
			if s == "" || s == c.Detail && c.Detail != "" && s != c.Label {
				t.Errorf("check %s has no English: %q", c.Code, s)
			}
			for _, w := range dutch {
				if strings.Contains(s, w) {
					t.Errorf("check %s in English has the Dutch %q: %q", c.Code, w, s)
				}
			}
		}
		if c.Fix != FixNone && (c.FixTextEN == "" || c.FixTextIn(web.LangEN) == c.FixText) {
			t.Errorf("check %s: what would help has no English", c.Code)
		}
	}
	if r := e.ReasonIn(web.LangEN); !strings.HasPrefix(r, "The place lacks ") || strings.Contains(r, " en ") {
		t.Errorf("reason in English: %q", r)
	}
	if r := e.ReasonIn(web.LangNL); r != e.Reason() || !strings.HasPrefix(r, "De plek mist ") {
		t.Errorf("reason in Dutch: %q", r)
	}
	// A near miss that help makes fit: the condition in English.
	p2 := Person{Profile: "VG7", Needs: Needs{OneToOne: true, LowStimulus: true}}
	near := Explain(p2, Place{Name: "Bijna", Capacity: 2, Adaptable: true}, t0)
	if c := near.ConditionTextIn(web.LangEN); !strings.Contains(c, "Meerzorg (additional care): With meerzorg") || !strings.Contains(c, "Adaptation of the place: The provider can make the place low-stimulus.") {
		t.Errorf("condition in English: %q", c)
	}
	if _, nl, ok := near.Condition(); !ok || nl != near.ConditionText() || !strings.Contains(nl, "Meerzorg: Met meerzorg") {
		t.Errorf("stored condition stays Dutch: %q", nl)
	}
	// A near miss on one expertise names it, since its one reason is all
	// the page shows.
	exp := Explain(Person{Profile: "VG7", Needs: Needs{Expertise: []Expertise{"autisme"}}}, Place{Name: "Zonder", Capacity: 2}, t0)
	if nl, en := exp.ReasonIn(web.LangNL), exp.ReasonIn(web.LangEN); nl != "De aanbieder heeft geen expertise in autisme." || en != "The provider has no expertise in autism." {
		t.Errorf("expertise reason: %q / %q", nl, en)
	}
	fit := Explain(Person{Profile: "VG7", FamilyLat: 52.1, FamilyLon: 5.1}, Place{Name: "Past", Capacity: 3, Occupied: 1, Lat: 52.1, Lon: 5.1}, t0)
	if r := fit.FitReasonIn(Person{}, web.LangEN); r != "0 km from the family, 2 places free." {
		t.Errorf("fit reason in English: %q", r)
	}
}

// The person page in English: the ranking and the timeline in English
// (phases, changed fields and their labelled values, notes' heading),
// with no text of the page left without a translation; the Dutch page
// unchanged.
func TestPersonPageTimelineInEnglish(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		p := f.person(0)
		p.Needs.OneToOne = true
		id := f.register(t, p)
		f.place(t, f.orgA, f.locA, 2, func(pl *Place) { pl.Name, pl.Adaptable = "De Linde", true })
		_, do := f.server(t)
		path := "/complexe-zorg/personen/" + strconv.FormatInt(id, 10)
		form := url.Values{"zorgprofiel": {"VG7"}, "wzd": {"geen"}, "wachtstatus": {"urgent"}, "een_op_een": {"ja"}, "prikkelarm": {"ja"}, "dossierhouder": {"J. de Wit"}}
		if code, body := do(f.zk, http.MethodPost, path+"/gegevens", form); code != http.StatusSeeOther {
			t.Fatalf("edit: %d %s", code, body)
		}
		if code, _ := do(f.zk, http.MethodPost, path+"/notities", url.Values{"notitie": {"Moeder belde."}}); code != http.StatusSeeOther {
			t.Fatalf("note: %d", code)
		}
		code, body := do(f.zk, http.MethodGet, path+"?lang=en", nil)
		if code != http.StatusOK {
			t.Fatalf("English page: %d", code)
		}
		for _, want := range []string{"Phase: ", "Changed: Waiting status", "Changed: Case holder", "no → yes", "Moeder belde.", "The place lacks 1:1 supervision and low-stimulus setting.", "Adaptation of the place: The provider can make the place low-stimulus."} {
			if !strings.Contains(body, want) {
				t.Errorf("English page lacks %q", want)
			}
		}
		for _, nl := range []string{"Fase: ", "Gewijzigd: ", "Notitie<", "De plek mist", "De aanbieder kan"} {
			if strings.Contains(body, nl) {
				t.Errorf("English page has the Dutch %q", nl)
			}
		}
		if m := f.s.rd.Catalog.Missing(); len(m) > 0 {
			t.Errorf("texts without an English translation: %q", m)
		}
		if _, body = do(f.zk, http.MethodGet, path, nil); !strings.Contains(body, "Gewijzigd: Wachtstatus") || !strings.Contains(body, "De plek mist 1-op-1 begeleiding en prikkelarme omgeving.") {
			t.Error("the Dutch page lost its Dutch")
		}
	})
}

// Dates are typed as dd-mm-jjjj in text fields, never <input type=date>
// (which shows the browser's locale, mm/dd/yyyy in an English Chromium):
// the forms of the care office and the provider offer text fields with a
// dd-mm-jjjj hint, are filled in dd-mm-jjjj, accept it and name the field
// of a date that does not exist.
func TestDatesTypedAsDayMonthYear(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		_, do := f.server(t)
		own := f.place(t, f.orgA, f.locA, 2, func(pl *Place) { pl.Name = "De Linde" })
		id := f.register(t, f.person(0))
		today := t0.In(web.Amsterdam()).Format("02-01-2006")
		pages := []struct {
			p    *auth.Principal
			path string
			want []string
		}{
			{f.zk, "/complexe-zorg/nieuw?client=" + itoa(f.clients[1]), []string{`name="aangemeld" autocomplete="off" value="` + today + `"`, `id="uiterste_datum-hint"`}},
			{f.zk, "/complexe-zorg/personen/" + itoa(id), []string{`name="tot" autocomplete="off"`, "(dd-mm-jjjj)"}},
			{f.prov, "/complexe-zorg/aanbieder", nil},
			{f.prov, "/complexe-zorg/plekken/nieuw", []string{`id="gereed-hint"`}},
			{f.prov, "/complexe-zorg/plekken/" + itoa(own), []string{`id="gereed-hint"`}},
		}
		for _, pg := range pages {
			code, body := do(pg.p, http.MethodGet, pg.path, nil)
			if code != http.StatusOK || strings.Contains(body, `type="date"`) {
				t.Errorf("%s: %d, date input by the browser's locale: %v", pg.path, code, strings.Contains(body, `type="date"`))
			}
			for _, w := range pg.want {
				if !strings.Contains(body, w) {
					t.Errorf("%s lacks %q", pg.path, w)
				}
			}
		}
		edit := url.Values{"capaciteit": {"3"}, "bezet": {"1"}, "gereed": {"15-13-2027"}, "locatie": {itoa(f.locA)}, "gemeente": {"GM0344"}}
		if code, body := do(f.prov, http.MethodPost, "/complexe-zorg/plekken/"+itoa(own), edit); code != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#gereed"`) || !strings.Contains(body, `aria-invalid="true"`) {
			t.Errorf("impossible date: %d", code)
		}
		edit.Set("gereed", "15-01-2027")
		if code, _ := do(f.prov, http.MethodPost, "/complexe-zorg/plekken/"+itoa(own), edit); code != http.StatusSeeOther {
			t.Fatalf("save with dd-mm-jjjj: %d", code)
		}
		if _, body := do(f.prov, http.MethodGet, "/complexe-zorg/plekken/"+itoa(own), nil); !strings.Contains(body, `value="15-01-2027"`) {
			t.Error("the ready date does not come back as dd-mm-jjjj")
		}
	})
}
