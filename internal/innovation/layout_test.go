package innovation

import (
	"context"

	"github.com/volwaardig/volwaardig/internal/auth"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// before fails unless a occurs in body, and before b.
func before(t *testing.T, body, a, b string) {
	t.Helper()
	i, j := strings.Index(body, a), strings.Index(body, b)
	if i < 0 || j < 0 || i > j {
		t.Errorf("want %q (at %d) before %q (at %d)", a, i, b, j)
	}
}

// TestProjectPageCurrentWorkFirst: the project page starts with the
// current phase's work; the phases passed are short summaries that open,
// the phases to come are named only, with none of their forms.
func TestProjectPageCurrentWorkFirst(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		id := f.create(t)
		body := f.do(t, f.aanb, "GET", path(id, ""), nil).Body.String()
		// In the first phase nothing is done yet and everything after it
		// is only named.
		for _, form := range []string{"/zelfscan\"", "/matrix\"", "/kandidaten\"", "/taken\"", "/metingen\"", "/opschaling\""} {
			if strings.Contains(body, form) {
				t.Errorf("the care question phase shows the form %s of a later phase", form)
			}
		}
		before(t, body, `<h2 id="sectie-zorgvraag">`, `<h2 id="sectie-komt">Wat nog komt</h2>`)
		if strings.Contains(body, "Wat al klaar is") {
			t.Errorf("a new project shows a past")
		}
		before(t, body, "<strong>Randvoorwaarden (zelfscan)</strong>: De zelfscan:", "<strong>Opschalen</strong>: Opschalen naar meer locaties")

		// A gate lands at the page's top, where the next phase's work
		// now is, not at the gates further down.
		rec := f.do(t, f.aanb, "POST", path(id, "/besluit"), url.Values{"naar": {"randvoorwaarden"}, "besluit": {"go"}, "reden": {"De vraag is scherp."}})
		if loc := rec.Header().Get("Location"); rec.Code != http.StatusSeeOther || loc != path(id, "?melding=besluit-door") {
			t.Errorf("the gate lands at %q (%d)", loc, rec.Code)
		}
		f.advance(t, id, PhasePlan)
		body = f.do(t, f.aanb, "GET", path(id, ""), nil).Body.String()
		// The plan is the work at hand, with the gate after it; the care
		// question, the scan and the choice are closed summaries below.
		before(t, body, `<h2 id="sectie-plan">Implementatieplan</h2>`, `<h2 id="sectie-besluiten">`)
		before(t, body, `<h2 id="sectie-besluiten">`, `<h2 id="sectie-klaar">Wat al klaar is</h2>`)
		before(t, body, `<h2 id="sectie-klaar">Wat al klaar is</h2>`, `<summary><strong>Zorgvraag</strong>: Bewoners van De Linde</summary>`)
		for _, want := range []string{
			`<summary><strong>Randvoorwaarden (zelfscan)</strong>: deels op orde: Financiën</summary>`,
			`<summary><strong>Verkennen en kiezen</strong>: gekozen: Slaapsensor</summary>`,
			`<h3 id="sectie-zorgvraag">Zorgvraag</h3>`,
			`<ol class="phase-coming" start="6">`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("the plan phase lacks %s", want)
			}
		}
		if strings.Contains(body, `<details class="part-done" open>`) {
			t.Errorf("a part of the past is open without its form being used")
		}
		for _, form := range []string{"/metingen\"", "/opschaling\"", `id="sectie-effecten"`, `id="sectie-opschaling"`} {
			if strings.Contains(body, form) {
				t.Errorf("the plan phase shows %s of a later phase", form)
			}
		}
		// A form of the past that was just used opens its part, so its
		// confirmation is in view.
		body = f.do(t, f.aanb, "GET", path(id, "?melding=zorgvraag"), nil).Body.String()
		before(t, body, `<details class="part-done" open><summary><strong>Zorgvraag</strong>`, `<h3 id="sectie-zorgvraag">`)
		rec = f.do(t, f.aanb, "POST", path(id, "/zorgvraag"), url.Values{"titel": {""}})
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `<details class="part-done" open><summary><strong>Zorgvraag</strong>`) {
			t.Errorf("the care question's errors are hidden in a closed summary (%d)", rec.Code)
		}
	})
}

// TestStoppedProjectShowsWhatItDid: a stopped project shows the parts up
// to the phase it stopped in as its past, and nothing to come.
func TestStoppedProjectShowsWhatItDid(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		id := f.create(t)
		f.advance(t, id, PhaseExplore)
		if _, err := f.s.Decide(context.Background(), f.aanb, id, GateInput{Decision: "nogo", StopCategory: "geen_technologie", Reason: "Niets past bij de bewoners."}); err != nil {
			t.Fatal(err)
		}
		body := f.do(t, f.aanb, "GET", path(id, ""), nil).Body.String()
		for _, want := range []string{"Wat het project deed", `<h3 id="sectie-zorgvraag">`, `<h3 id="sectie-zelfscan">`, `<h3 id="sectie-verkennen">`, "Niets past bij de bewoners."} {
			if !strings.Contains(body, want) {
				t.Errorf("stopped project lacks %s", want)
			}
		}
		for _, not := range []string{"Wat nog komt", `id="sectie-plan"`, "/besluit\""} {
			if strings.Contains(body, not) {
				t.Errorf("stopped project shows %s", not)
			}
		}
		// The council reads that the project stopped, not that it is
		// "busy with: stopped".
		for _, page := range []string{path(id, ""), "/innovatie"} {
			body := f.do(t, f.raad, "GET", page, nil).Body.String()
			if !strings.Contains(body, "Dit project is gestopt.") || strings.Contains(body, "Nu bezig met: Gestopt") {
				t.Errorf("the council's %s does not say plainly that the project stopped", page)
			}
		}
	})
}

// TestCouncilHasItsOwnView: the client council reads the project in easy
// words with the decision and its advice per step, answers included, and
// no working form of the professionals.
func TestCouncilHasItsOwnView(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		id := f.create(t)
		f.advance(t, id, PhaseExplore)
		rec := f.do(t, f.raad, "POST", path(id, "/advies"), url.Values{"advies": {"Laat de bewoners de sensor eerst passen."}})
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("advice: %d", rec.Code)
		}
		body := f.do(t, f.raad, "GET", path(id, ""), nil).Body.String()
		for _, not := range []string{"/zelfscan\"", "/matrix\"", "/kandidaten\"", "/besluit\"", "/taken\"", "/zorgvraag\"", "Zorgvraag wijzigen", `id="sectie-zelfscan"`, `id="sectie-verkennen"`, "Wat nog komt"} {
			if strings.Contains(body, not) {
				t.Errorf("the council's page shows the professionals' %s", not)
			}
		}
		before(t, body, `<h2 id="sectie-makkelijk">Dit project in het kort</h2>`, `<h2 id="sectie-raad">Besluiten en uw advies, per stap</h2>`)
		// The current step comes first, with the advice waiting for its
		// answer and the form; then the steps passed with their decision.
		before(t, body, `<h3 id="stap-verkennen">Stap: Verkennen (nu)</h3>`, "Laat de bewoners de sensor eerst passen.")
		before(t, body, "Wacht op antwoord", `action="/innovatie/projecten/`+strconv.FormatInt(id, 10)+`/advies"`)
		before(t, body, `action="/innovatie/projecten/`+strconv.FormatInt(id, 10)+`/advies"`, `<h3 id="stap-randvoorwaarden">`)
		before(t, body, `<h3 id="stap-randvoorwaarden">`, "Besluit: doorgaan naar Verkennen")
		before(t, body, `<h3 id="stap-randvoorwaarden">`, `<h3 id="stap-zorgvraag">`)
		if !regexp.MustCompile(`(?s)<h3 id="stap-zorgvraag">.*?Besluit: doorgaan naar Randvoorwaarden \(zelfscan\)</strong> \(Naam aanb, [0-9-]+\)\.</p>\s*<p>Waarom: Klaar voor de volgende stap</p>`).MatchString(body) {
			t.Errorf("the first step lacks its decision, who took it and why")
		}

		advice, err := f.s.store.advice(context.Background(), id)
		if err != nil || len(advice) != 1 {
			t.Fatalf("advice: %v %v", advice, err)
		}
		k := strconv.FormatInt(advice[0].ID, 10)
		if rec := f.do(t, f.aanb, "POST", path(id, "/advies/"+k), url.Values{"antwoord-" + k: {"Ja, in de eerste week."}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("answer: %d", rec.Code)
		}
		body = f.do(t, f.raad, "GET", path(id, ""), nil).Body.String()
		before(t, body, "Laat de bewoners de sensor eerst passen.", "Antwoord van het project")
		before(t, body, "Antwoord van het project", "Ja, in de eerste week.")
		if strings.Contains(body, "Wacht op antwoord") {
			t.Errorf("the answered advice still waits")
		}
	})
}

// TestDecisionMatrixIsAGrid: the matrix is a table with a criterion per
// row and a technology per column, its fields in the cells and the saved
// weighted totals at its foot; bad input gives every error at once, each
// at its own field.
func TestDecisionMatrixIsAGrid(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		id := f.create(t)
		f.advance(t, id, PhaseExplore)
		ctx := context.Background()
		must(t, f.s.AddCandidate(ctx, f.aanb, id, f.tech[0]))
		must(t, f.s.AddCandidate(ctx, f.aanb, id, f.tech[1]))
		t0, t1 := strconv.FormatInt(f.tech[0], 10), strconv.FormatInt(f.tech[1], 10)
		body := f.do(t, f.aanb, "GET", path(id, ""), nil).Body.String()
		grid := regexp.MustCompile(`(?s)<table class="table--stack matrix">.*?<thead><tr><th scope="col">Criterium</th><th scope="col">Gewicht \(%\)</th><th scope="col">Slaapsensor</th><th scope="col">Matrassensor</th></tr></thead>.*?<td data-label="Criterium 1">.*?id="criterium-0".*?<td data-label="Gewicht \(%\)">.*?id="gewicht-0".*?<td data-label="Slaapsensor">.*?id="score-0-` + t0 + `".*?<td data-label="Matrassensor">.*?id="score-0-` + t1 + `"`)
		if !grid.MatchString(body) {
			t.Errorf("the matrix is not a grid of criteria by technologies")
		}
		if strings.Contains(body, "<tfoot>") {
			t.Errorf("an unsaved matrix shows totals")
		}
		form := url.Values{"criterium-0": {"Rust"}, "gewicht-0": {"60"}, "score-0-" + t0: {"7"}, "score-0-" + t1: {"4"},
			"criterium-1": {"Kosten"}, "gewicht-1": {"50"}, "score-1-" + t0: {""}, "score-1-" + t1: {"3"}}
		rec := f.do(t, f.aanb, "POST", path(id, "/matrix"), form)
		if rec.Code != http.StatusUnprocessableEntity {
			t.Fatalf("bad matrix: %d", rec.Code)
		}
		body = rec.Body.String()
		for _, want := range []string{
			`<a href="#score-0-` + t0 + `">Geef Slaapsensor bij criterium 1 (Rust) een score van 1 tot 5.</a>`,
			`<a href="#score-1-` + t0 + `">Geef Slaapsensor bij criterium 2 (Kosten) een score van 1 tot 5.</a>`,
			`<a href="#gewicht-0">De gewichten tellen op tot 110; samen moeten ze precies 100 zijn.</a>`,
			`<td data-label="Slaapsensor" class="form-field--error">`,
			`aria-describedby="score-1-` + t0 + `-fout"`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("the refused matrix lacks %s", want)
			}
		}
		if n := f.count(t, `SELECT COUNT(*) FROM innovation_criteria`); n != 0 {
			t.Errorf("a refused matrix wrote %d criteria", n)
		}
		form.Set("gewicht-1", "40")
		form.Set("score-0-"+t0, "5")
		form.Set("score-1-"+t0, "2")
		if rec := f.do(t, f.aanb, "POST", path(id, "/matrix"), form); rec.Code != http.StatusSeeOther {
			t.Fatalf("good matrix: %d %s", rec.Code, rec.Body.String())
		}
		body = f.do(t, f.aanb, "GET", path(id, ""), nil).Body.String()
		// 0,6×5 + 0,4×2 = 3,80 and 0,6×4 + 0,4×3 = 3,60.
		foot := regexp.MustCompile(`(?s)<tfoot>.*?<td data-label="Slaapsensor"><strong>3,80</strong></td>.*?<td data-label="Matrassensor"><strong>3,60</strong></td>.*?</tfoot>`)
		if !foot.MatchString(body) {
			t.Errorf("the matrix's foot lacks the weighted totals")
		}
	})
}

// TestCandidatesStartFromTheProjectsTheme: the catalogue list to choose
// candidates from offers the project's theme first, the rest after, and
// not what is on the list already.
func TestCandidatesStartFromTheProjectsTheme(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		id := f.create(t)
		f.advance(t, id, PhaseExplore)
		body := f.do(t, f.aanb, "GET", path(id, ""), nil).Body.String()
		before(t, body, `<optgroup label="Thema Lekker slapen"><option value="`+strconv.FormatInt(f.tech[1], 10)+`">Matrassensor</option><option value="`+strconv.FormatInt(f.tech[0], 10)+`">Slaapsensor</option></optgroup>`,
			`<optgroup label="Andere thema&#39;s"><option value="`+strconv.FormatInt(f.tech[2], 10)+`">`)
		must(t, f.s.AddCandidate(context.Background(), f.aanb, id, f.tech[0]))
		body = f.do(t, f.aanb, "GET", path(id, ""), nil).Body.String()
		if strings.Contains(body, `<option value="`+strconv.FormatInt(f.tech[0], 10)+`">`) {
			t.Errorf("a technology on the list is offered again")
		}
	})
}

// TestGatesStackOnAPhone: the gates table stacks on a phone with every
// cell named, so the reason is not past the screen's edge.
func TestGatesStackOnAPhone(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		id := f.create(t)
		f.advance(t, id, PhaseReadiness)
		body := f.do(t, f.aanb, "GET", path(id, ""), nil).Body.String()
		if !regexp.MustCompile(`(?s)<table class="table--stack gates">.*?<td data-label="Waarom">Klaar voor de volgende stap</td>`).MatchString(body) {
			t.Errorf("the gates table does not stack with its reason named")
		}
	})
}

// TestOpenTasksStayWorkAtHand: after the plan's phase the plan stays at
// the top while a task is open, so the professional who finishes it finds
// it; once all are done it joins the past.
func TestOpenTasksStayWorkAtHand(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		id := f.create(t)
		f.advance(t, id, PhaseSmall)
		body := f.do(t, f.zv, "GET", path(id, ""), nil).Body.String()
		before(t, body, `<h2 id="sectie-plan">Implementatieplan</h2>`, `<h2 id="sectie-effecten">`)
		tasks, err := f.s.store.tasks(context.Background(), id)
		if err != nil || len(tasks) != 1 {
			t.Fatalf("tasks: %v %v", tasks, err)
		}
		if rec := f.do(t, f.zv, "POST", path(id, "/taken/"+strconv.FormatInt(tasks[0].ID, 10)+"/klaar"), url.Values{}); rec.Code != http.StatusSeeOther {
			t.Fatalf("task done: %d", rec.Code)
		}
		body = f.do(t, f.zv, "GET", path(id, "?melding=klaar"), nil).Body.String()
		before(t, body, `<h2 id="sectie-effecten">`, `<details class="part-done" open><summary><strong>Implementatieplan</strong>: 1 van 1 taken klaar</summary>`)
	})
}

// TestProjectPagesTranslated: the project page in English, in every phase
// and for the provider, the professional and the council, has every text
// of the module's templates in the catalogue.
func TestProjectPagesTranslated(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		tech := f.create(t)
		soc := validInput()
		soc.Kind = KindSocial
		social, err := f.s.CreateProject(ctx, f.aanb, soc)
		if err != nil {
			t.Fatal(err)
		}
		stopped := f.create(t)
		if _, err := f.s.Decide(ctx, f.aanb, stopped, GateInput{Decision: "nogo", StopCategory: "anders", Reason: "Andere prioriteit."}); err != nil {
			t.Fatal(err)
		}
		visit := func() {
			for _, p := range []*auth.Principal{f.aanb, f.zv, f.raad} {
				for _, id := range []int64{tech, social, stopped} {
					if rec := f.do(t, p, "GET", path(id, "?lang=en"), nil); rec.Code != http.StatusOK {
						t.Fatalf("%s GET %d: %d", p.Username, id, rec.Code)
					}
				}
			}
		}
		for _, ph := range []Phase{PhaseReadiness, PhaseExplore, PhaseChoice, PhasePlan, PhaseSmall, PhaseEvaluation, PhaseScale} {
			f.advance(t, tech, ph)
			if ph != PhaseExplore && ph != PhaseChoice {
				f.advance(t, social, ph)
			}
			visit()
		}
		if rec := f.do(t, f.aanb, "POST", path(tech, "/matrix?lang=en"), url.Values{"gewicht-0": {"x"}}); rec.Code != http.StatusUnprocessableEntity {
			t.Errorf("bad matrix: %d", rec.Code)
		}
		src, err := templatesFS.ReadFile("templates/project.html")
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range f.s.rd.Catalog.Missing() {
			coming := false
			for _, c := range comingDescriptions {
				coming = coming || c == m
			}
			if strings.Contains(string(src), `"`+m+`"`) || coming {
				t.Errorf("no English for %q", m)
			}
		}
	})
}

// TestOnlyTheProviderAddsToCatalogueAndNetwork: the route's rule, as the
// pages show it: a professional shares knowledge in a network but neither
// adds a technology to the catalogue nor invites members or records
// meetings; nothing is written when it tries.
func TestOnlyTheProviderAddsToCatalogueAndNetwork(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		tech := url.Values{"naam": {"Nieuwe sensor"}, "thema": {"slapen"}, "zorgvragen": {"Onrust"}, "voordelen": {"Rust"}, "nadelen": {"Prijs"},
			"aanschaf": {"100"}, "jaarlijks": {"0"}, "leverancier": {"Sensor BV"}, "avg": {"voldoet"}, "beveiliging": {"voldoet"}, "koppeling": {"voldoet"}, "toegankelijkheid": {"voldoet"}}
		had := f.count(t, `SELECT COUNT(*) FROM innovation_technologies`)
		for _, p := range []*auth.Principal{f.zv, f.raad} {
			if rec := f.do(t, p, "POST", "/innovatie/technologie", tech); rec.Code != http.StatusForbidden {
				t.Errorf("%s adds a technology: %d", p.Username, rec.Code)
			}
		}
		if n := f.count(t, `SELECT COUNT(*) FROM innovation_technologies`); n != had {
			t.Errorf("a refused technology was written: %d, want %d", n, had)
		}
		if body := f.do(t, f.zv, "GET", "/innovatie/technologie", nil).Body.String(); strings.Contains(body, `<form method="post" action="/innovatie/technologie"`) {
			t.Errorf("the professional is offered the form to add a technology")
		}
		if body := f.do(t, f.aanb, "GET", "/innovatie/technologie", nil).Body.String(); !strings.Contains(body, `<form method="post" action="/innovatie/technologie"`) {
			t.Errorf("the provider is not offered the form to add a technology")
		}
		if rec := f.do(t, f.zv, "POST", "/innovatie/themas/slapen/leden", url.Values{"lid_naam": {"X"}, "lid_organisatie": {"Y"}, "lid_soort": {"kennisinstelling"}}); rec.Code != http.StatusForbidden {
			t.Errorf("the professional invites a member: %d", rec.Code)
		}
		if rec := f.do(t, f.zv, "POST", "/innovatie/themas/slapen/kennis", url.Values{"kennis_titel": {"Handreiking"}, "kennis_url": {"https://example.org/h"}}); rec.Code != http.StatusSeeOther {
			t.Errorf("the professional cannot share knowledge: %d", rec.Code)
		}
	})
}

// TestNoticeShowsAtItsForm: after a form further down the project page the
// page lands at that form's part, and its confirmation or its errors show
// there, once, not at the page's top out of view; a gate decision, which
// moves the project on, confirms at the top.
func TestNoticeShowsAtItsForm(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		id := f.create(t)
		f.advance(t, id, PhasePlan)
		const ok = `<div class="alert alert--ok" role="status">`
		const summary = `<div class="error-summary"`
		once := func(t *testing.T, body, what, after, before string) {
			t.Helper()
			if n := strings.Count(body, what); n != 1 {
				t.Errorf("%s shows %d times, want once", what, n)
			}
			i, j := strings.Index(body, after), strings.Index(body, what)
			if i < 0 || j < i {
				t.Errorf("%s (at %d) is not after %s (at %d)", what, j, after, i)
			}
			if k := strings.Index(body, before); before != "" && (k < 0 || j > k) {
				t.Errorf("%s (at %d) is not before %s (at %d)", what, j, before, k)
			}
		}
		// A task with nothing filled in: every error at the plan's form.
		rec := f.do(t, f.aanb, "POST", path(id, "/taken"), url.Values{"taak": {""}})
		if rec.Code != http.StatusUnprocessableEntity {
			t.Fatalf("an empty task: %d", rec.Code)
		}
		once(t, rec.Body.String(), summary, `<h2 id="sectie-plan">`, `action="/innovatie/projecten/`+strconv.FormatInt(id, 10)+`/taken"`)
		// A task that is right lands at the plan, confirmed there.
		rec = f.do(t, f.aanb, "POST", path(id, "/taken"), url.Values{"stap": {"leverancier"}, "taak": {"Wifi op de gang"}, "eigenaar": {"ICT"}, "datum": {"01-05-2026"}})
		if loc := rec.Header().Get("Location"); rec.Code != http.StatusSeeOther || loc != path(id, "?melding=taak#sectie-plan") {
			t.Fatalf("a task lands at %q (%d): %s", loc, rec.Code, rec.Body.String())
		}
		body := f.do(t, f.aanb, "GET", path(id, "?melding=taak"), nil).Body.String()
		once(t, body, ok, `<h2 id="sectie-plan">`, `<div class="table-wrap">`)
		// The care question is a part of the past: it opens and confirms
		// inside it.
		body = f.do(t, f.aanb, "GET", path(id, "?melding=zorgvraag"), nil).Body.String()
		once(t, body, ok, `<h3 id="sectie-zorgvraag">`, "")
		before(t, body, `<h2 id="sectie-klaar">`, ok)
		// The council's advice confirms at the advice, in the council's
		// own view.
		if rec := f.do(t, f.raad, "POST", path(id, "/advies"), url.Values{"advies": {""}}); rec.Code != http.StatusUnprocessableEntity {
			t.Errorf("empty advice: %d", rec.Code)
		} else {
			once(t, rec.Body.String(), summary, `<h2 id="sectie-raad">`, "")
		}
		body = f.do(t, f.raad, "GET", path(id, "?melding=advies"), nil).Body.String()
		once(t, body, ok, `<h2 id="sectie-raad">`, `<h3 id="stap-`)
		// A gate without a decision: the errors at the gate's form; a gate
		// taken: confirmed at the top, where the next phase's work is.
		rec = f.do(t, f.aanb, "POST", path(id, "/besluit"), url.Values{"naar": {"klein"}})
		if rec.Code != http.StatusUnprocessableEntity {
			t.Fatalf("a gate without a decision: %d", rec.Code)
		}
		once(t, rec.Body.String(), summary, `<h2 id="sectie-besluiten">`, `action="/innovatie/projecten/`+strconv.FormatInt(id, 10)+`/besluit"`)
		body = f.do(t, f.aanb, "GET", path(id, "?melding=besluit"), nil).Body.String()
		once(t, body, ok, `<main id="inhoud"`, "<h1>")

		// A theme's network page likewise: shared knowledge is confirmed
		// under its heading, and a meeting's errors show at the meetings.
		rec = f.do(t, f.zv, "POST", "/innovatie/themas/slapen/kennis", url.Values{"kennis_titel": {"Handreiking"}, "kennis_url": {"https://example.org/h"}})
		if loc := rec.Header().Get("Location"); rec.Code != http.StatusSeeOther || loc != "/innovatie/themas/slapen?melding=kennis#sectie-kennis" {
			t.Errorf("shared knowledge lands at %q (%d)", loc, rec.Code)
		}
		body = f.do(t, f.zv, "GET", "/innovatie/themas/slapen?melding=kennis", nil).Body.String()
		once(t, body, ok, `<h2 id="sectie-kennis">`, "Handreiking")
		rec = f.do(t, f.aanb, "POST", "/innovatie/themas/slapen/bijeenkomsten", url.Values{"bijeenkomst_titel": {""}})
		if rec.Code != http.StatusUnprocessableEntity {
			t.Fatalf("an empty meeting: %d", rec.Code)
		}
		once(t, rec.Body.String(), summary, `<h2 id="sectie-bijeenkomsten">`, `action="/innovatie/themas/slapen/bijeenkomsten"`)
	})
}

// TestComparisonAndFiguresStackOnAPhone: the side-by-side comparison
// has, for a phone, a block per technology with every point named, and
// the figures per region and per theme stack with each number labelled,
// so neither scrolls sideways out of sight.
func TestComparisonAndFiguresStackOnAPhone(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		target := "/innovatie/technologie/vergelijken?id=" + strconv.FormatInt(f.tech[0], 10) + "&id=" + strconv.FormatInt(f.tech[1], 10)
		body := f.do(t, f.aanb, "GET", target, nil).Body.String()
		if !strings.Contains(body, `<div class="table-wrap wide-only"><table>`) {
			t.Errorf("the side-by-side table is not kept to wide screens")
		}
		phone := body[strings.Index(body, `<div class="narrow-only">`)+1:]
		for _, name := range []string{"Slaapsensor", "Matrassensor"} {
			re := regexp.MustCompile(`(?s)<section class="compare-card" aria-labelledby="vergelijk-\d+">\s*<h2 id="vergelijk-\d+">` + name + `</h2>\s*<dl class="facts">.*?<dt>Voordelen</dt>.*?<dt>Toegankelijkheid</dt><dd>Voldoet niet</dd>`)
			if !re.MatchString(phone) {
				t.Errorf("the phone's comparison has no block of its own for %s with every point named", name)
			}
		}
		id := f.create(t)
		f.advance(t, id, PhaseSmall)
		body = f.do(t, f.prog, "GET", "/innovatie/cijfers", nil).Body.String()
		for _, caption := range []string{"Per zorgkantoorregio", "Per thema"} {
			i := strings.Index(body, "<caption>"+caption+"</caption>")
			if i < 0 || !strings.HasSuffix(body[:i], `<table class="table--stack">`+"\n  ") {
				t.Errorf("the figures %s do not stack on a phone", caption)
				continue
			}
			table := body[i : i+strings.Index(body[i:], "</table>")]
			if n, labelled := strings.Count(table, "<td"), strings.Count(table, "<td data-label="); n == 0 || n != labelled {
				t.Errorf("the figures %s label %d of their %d numbers", caption, labelled, n)
			}
		}
	})
}

// TestSocialPlanHasNoSupplier: the social route (Begeleiding à la carte)
// has no supplier, so its plan neither says nor offers supplier
// collaboration; the technology route's plan still does.
func TestSocialPlanHasNoSupplier(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		in := validInput()
		in.Kind = KindSocial
		social, err := f.s.CreateProject(context.Background(), f.aanb, in)
		must(t, err)
		f.advance(t, social, PhasePlan)
		body := f.do(t, f.aanb, "GET", path(social, ""), nil).Body.String()
		if !strings.Contains(body, "met de inbedding van de nieuwe aanpak in de dagelijkse begeleiding.") {
			t.Errorf("the social route's plan lacks its own introduction")
		}
		for _, not := range []string{"samenwerking met de leverancier", `<option value="leverancier"`} {
			if strings.Contains(strings.ToLower(body), strings.ToLower(not)) {
				t.Errorf("the social route's plan shows %s", not)
			}
		}
		rec := f.do(t, f.aanb, "POST", path(social, "/taken"), url.Values{"stap": {"leverancier"}, "taak": {"Contract"}, "eigenaar": {"Inkoop"}, "datum": {"01-05-2026"}})
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `<a href="#stap">Kies de stap van het implementatiemodel.</a>`) {
			t.Errorf("a supplier task on the social route: %d", rec.Code)
		}
		tech := f.create(t)
		f.advance(t, tech, PhasePlan)
		body = f.do(t, f.aanb, "GET", path(tech, ""), nil).Body.String()
		for _, want := range []string{"met de samenwerking met de leverancier en de inbedding in het zorgproces.", `<option value="leverancier"`} {
			if !strings.Contains(body, want) {
				t.Errorf("the technology route's plan lacks %s", want)
			}
		}
	})
}

// TestNoticeNeverLost: whatever confirmation a project page is asked to
// show (an old address, a phase since passed, the council's own view), it
// shows exactly once: at its form's part when the page has it, else at the
// top.
func TestNoticeNeverLost(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		in := validInput()
		in.Kind = KindSocial
		social, err := f.s.CreateProject(context.Background(), f.aanb, in)
		must(t, err)
		tech := f.create(t)
		keys := []string{"besluit", "besluit-door", "besluit-gestopt", "gestart"}
		for k := range noticeAnchors {
			keys = append(keys, k)
		}
		for _, ph := range []Phase{PhaseQuestion, PhaseReadiness, PhaseExplore, PhaseChoice, PhasePlan, PhaseSmall, PhaseEvaluation, PhaseScale} {
			f.advance(t, tech, ph)
			ids := []int64{tech}
			if ph != PhaseExplore && ph != PhaseChoice {
				f.advance(t, social, ph)
				ids = append(ids, social)
			}
			for _, id := range ids {
				for _, p := range []*auth.Principal{f.aanb, f.zv, f.raad} {
					for _, k := range keys {
						body := f.do(t, p, "GET", path(id, "?melding="+k), nil).Body.String()
						if n := strings.Count(body, `<div class="alert alert--ok" role="status">`); n != 1 {
							t.Errorf("project %d in %s for %s: the confirmation %q shows %d times", id, ph, p.Username, k, n)
						}
					}
				}
			}
		}
	})
}

// TestChartsDrawnForPhones: the scale-up chart is drawn at its own width
// and again 340 wide for a phone, where a 640 drawing scaled down wrote
// its dates at about 6 px; the style sheet shows one, the table stays.
func TestChartsDrawnForPhones(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		id := f.create(t)
		f.advance(t, id, PhaseSmall)
		must(t, f.s.AddScale(ctx, f.aanb, id, ScaleInput{LocationID: f.loc, Clients: "7", On: "01-03-2026"}))
		body := f.do(t, f.aanb, "GET", path(id, ""), nil).Body.String()
		re := regexp.MustCompile(`<div class="chart chart-wide"><svg class="chart" viewBox="0 0 640 \d+"[^>]*aria-labelledby="opschaling-grafiek-t opschaling-grafiek-d".*?</div><div class="chart chart-narrow"><svg class="chart" viewBox="0 0 340 260"[^>]*aria-labelledby="opschaling-grafiek-telefoon-t opschaling-grafiek-telefoon-d"`)
		if !re.MatchString(body) {
			t.Errorf("the scale-up chart is not drawn for both screens")
		}
		if !strings.Contains(body, "<caption>Cliënten die de technologie of aanpak gebruiken (cliënten)</caption>") {
			t.Errorf("the scale-up chart lost its table")
		}
	})
}

// TestMatrixOnAPhoneIsPerTechnology: a phone shows the saved decision
// matrix as one block per technology, each with its score per criterion
// (and the criterion's weight) and its weighted total, so a person
// compares candidates; the grid itself is for wider screens (read-only)
// or the form to fill in per criterion (editing).
func TestMatrixOnAPhoneIsPerTechnology(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		id := f.create(t)
		f.advance(t, id, PhaseExplore)
		ctx := context.Background()
		must(t, f.s.AddCandidate(ctx, f.aanb, id, f.tech[0]))
		must(t, f.s.AddCandidate(ctx, f.aanb, id, f.tech[1]))
		t0, t1 := strconv.FormatInt(f.tech[0], 10), strconv.FormatInt(f.tech[1], 10)
		if body := f.do(t, f.aanb, "GET", path(id, ""), nil).Body.String(); strings.Contains(body, "matrix-card") {
			t.Error("an unsaved matrix shows blocks per technology")
		}
		form := url.Values{"criterium-0": {"Rust"}, "gewicht-0": {"60"}, "score-0-" + t0: {"5"}, "score-0-" + t1: {"4"},
			"criterium-1": {"Kosten"}, "gewicht-1": {"40"}, "score-1-" + t0: {"2"}, "score-1-" + t1: {"3"}}
		if rec := f.do(t, f.aanb, "POST", path(id, "/matrix"), form); rec.Code != http.StatusSeeOther {
			t.Fatalf("matrix: %d %s", rec.Code, rec.Body.String())
		}
		card := func(tech, total string) *regexp.Regexp {
			return regexp.MustCompile(`(?s)<section class="compare-card matrix-card" aria-labelledby="matrix-kaart-\d+">\s*<h[45] id="matrix-kaart-\d+">` + tech +
				`</h[45]>.*?<dt>Rust <span class="muted">\(weegt 60 %\)</span></dt><dd>Score \d van 5</dd>.*?<dt>Kosten <span class="muted">\(weegt 40 %\)</span></dt><dd>Score \d van 5</dd>.*?<dt>Gewogen score \(1 tot 5\)</dt><dd><strong>` + total + `</strong></dd>`)
		}
		body := f.do(t, f.aanb, "GET", path(id, ""), nil).Body.String()
		blocks := body[strings.Index(body, `<div class="narrow-only"><p>Per technologie, zoals opgeslagen:</p>`):]
		if i := strings.Index(blocks, `<form method="post" action="/innovatie/projecten/`); i < 0 || !card("Slaapsensor", "3,80").MatchString(blocks[:i]) || !card("Matrassensor", "3,60").MatchString(blocks[:i]) {
			t.Errorf("the editor's phone lacks a block per technology before the form")
		}
		if !strings.Contains(body, `<table class="table--stack matrix">`) {
			t.Error("the editor's form is no longer the grid that stacks per criterion")
		}
		// A member who reads the project without editing it reads the
		// matrix: the grid is for wide screens, the blocks for a phone.
		body = f.do(t, f.zv, "GET", path(id, ""), nil).Body.String()
		if strings.Contains(body, `action="/innovatie/projecten/`+strconv.FormatInt(id, 10)+`/matrix"`) {
			t.Fatal("the zorgverlener may edit the matrix")
		}
		if !strings.Contains(body, `<div class="table-wrap wide-only"><table class="matrix">`) || !card("Slaapsensor", "3,80").MatchString(body) || !card("Matrassensor", "3,60").MatchString(body) {
			t.Errorf("the read-only matrix is not a grid on wide screens and blocks on a phone")
		}
	})
}

// TestPlanReadsInStepOrder: tasks added in any order and with any dates
// read in the order of the plan's steps (1, 2, 3, the supplier, 4, the
// embedding, 5), by date within a step, on the page and in the plan.
func TestPlanReadsInStepOrder(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		id := f.create(t)
		f.advance(t, id, PhasePlan)
		ctx := context.Background()
		for _, in := range []TaskInput{
			{Step: "evalueren", Title: "Taak evalueren", Owner: "A", Due: "01-01-2027"},
			{Step: "leverancier", Title: "Taak leverancier", Owner: "A", Due: "01-02-2027"},
			{Step: "analyse", Title: "Taak analyse later", Owner: "A", Due: "01-06-2027"},
			{Step: "uitvoeren", Title: "Taak uitvoeren", Owner: "A", Due: "01-03-2027"},
			{Step: "analyse", Title: "Taak analyse eerst", Owner: "A", Due: "01-05-2027"},
			{Step: "inbedding", Title: "Taak inbedding", Owner: "A", Due: "01-01-2027"},
		} {
			must(t, f.s.AddTask(ctx, f.aanb, id, in))
		}
		v, err := f.s.View(ctx, f.aanb, id)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, tk := range v.Tasks {
			if strings.HasPrefix(tk.Title, "Taak ") {
				got = append(got, strings.TrimPrefix(tk.Title, "Taak "))
			}
		}
		want := []string{"analyse eerst", "analyse later", "leverancier", "uitvoeren", "inbedding", "evalueren"}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("plan order %v, want %v", got, want)
		}
		body := f.do(t, f.aanb, "GET", path(id, ""), nil).Body.String()
		before(t, body, ">Taak analyse later<", ">Taak leverancier<")
		before(t, body, ">Taak leverancier<", ">Taak uitvoeren<")
		before(t, body, ">Taak inbedding<", ">Taak evalueren<")
	})
}

// TestGateConfirmationSaysWhichWay: after a gate the confirmation says
// whether the project goes on or has stopped, not only that "the
// decision has been recorded" (walked as the provider: the page reloads
// with a new phase and a bare confirmation).
func TestGateConfirmationSaysWhichWay(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		for _, c := range []struct {
			form url.Values
			says string
		}{
			{url.Values{"naar": {"randvoorwaarden"}, "besluit": {"go"}, "reden": {"De vraag is scherp."}}, "Het besluit is vastgelegd: het project gaat door."},
			{url.Values{"naar": {"randvoorwaarden"}, "besluit": {"nogo"}, "stopreden": {"randvoorwaarden"}, "reden": {"Geen wifi op de woongroep."}}, "Het besluit is vastgelegd: het project is gestopt."},
		} {
			id := f.create(t)
			rec := f.do(t, f.aanb, "POST", path(id, "/besluit"), c.form)
			if rec.Code != http.StatusSeeOther {
				t.Fatalf("%s: %d", c.form.Get("besluit"), rec.Code)
			}
			if body := f.do(t, f.aanb, "GET", rec.Header().Get("Location"), nil).Body.String(); !strings.Contains(body, c.says) {
				t.Errorf("%s: the confirmation does not say %q", c.form.Get("besluit"), c.says)
			}
		}
	})
}

// TestEnglishCatalogueSaysItIsDutch: the catalogue's technologies are
// described in Dutch, so the English catalogue and technology pages say
// so and mark those texts lang="nl" (walked as an English reader: Dutch
// names and care questions under English headings, unexplained).
func TestEnglishCatalogueSaysItIsDutch(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		const note = "The technologies in the catalogue are described in Dutch."
		list := f.do(t, f.aanb, "GET", "/innovatie/technologie?lang=en", nil).Body.String()
		i := strings.Index(list, `<a href="/innovatie/technologie/`)
		if i < 0 {
			t.Fatal("no technology in the catalogue")
		}
		link := list[i : i+strings.Index(list[i:], ">")]
		if !strings.Contains(list, note) || !strings.Contains(link, `lang="nl"`) {
			t.Errorf("English catalogue: note %v, first link %s", strings.Contains(list, note), link)
		}
		href := strings.Split(strings.TrimPrefix(link, `<a href="`), `"`)[0]
		page := f.do(t, f.aanb, "GET", href+"?lang=en", nil).Body.String()
		if !strings.Contains(page, note) || !strings.Contains(page, `<h1 lang="nl">`) {
			t.Errorf("English technology page %s lacks the note or lang=\"nl\"", href)
		}
		if nl := f.do(t, f.aanb, "GET", href, nil).Body.String(); strings.Contains(nl, "in het Nederlands beschreven") {
			t.Error("the Dutch technology page carries the note for English readers")
		}
		for _, m := range f.s.rd.Catalog.Missing() {
			t.Errorf("no English translation for %q", m)
		}
	})
}

// TestNetworkShowsTheApproachAsTheChoice: in a theme's network a social
// route's approach stands under "Technologie of aanpak" and its reason
// under "Waarom"; the approach was shown as the reason, with the choice
// column empty (walked as a professional on the network page).
func TestNetworkShowsTheApproachAsTheChoice(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		in := validInput()
		in.Kind = KindSocial
		social, err := f.s.CreateProject(context.Background(), f.aanb, in)
		must(t, err)
		f.advance(t, social, PhaseSmall)
		in.Title = "Nog zonder aanpak"
		open, err := f.s.CreateProject(context.Background(), f.aanb, in)
		must(t, err)
		f.advance(t, open, PhasePlan)
		page := f.do(t, f.zv, "GET", "/innovatie/themas/"+in.Theme, nil).Body.String()
		for _, want := range []string{
			`<td data-label="Technologie of aanpak">Menukaart</td><td data-label="Waarom, of waarom gestopt">Cliënten kiezen zelf</td>`,
			`<td data-label="Technologie of aanpak"><span class="muted">Nog niet gekozen</span></td><td data-label="Waarom, of waarom gestopt"><span class="muted">Nog niet vastgelegd</span></td>`,
		} {
			if !strings.Contains(page, want) {
				t.Errorf("network page (projects %d, %d) lacks %s", social, open, want)
			}
		}
	})
}
