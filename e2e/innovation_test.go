package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestInnovation walks the Innovatie-route (issue 13) per role at 1280 and
// 375 px, every page passing the page check (axe and the rest) and none
// scrolling sideways: the provider starts a project from the care
// question, fills the self-scan and passes the first gate with its
// reasons; the professional reads its organisation's project; the client
// council reads a project and gives advice at the gate; the programme reads
// the figures; the catalogue, a side-by-side comparison, the themes, a
// network and the guide for client councils. A full-page screenshot of
// every page is written to e2e/testdata/out/innovation-*.png to look at.
func TestInnovation(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test skipped in -short mode")
	}
	bin := buildBinary(t)
	srv := startServer(t, bin)
	axe := loadAxe(t)
	browser := startBrowser(t)
	for _, width := range []int64{1280, 375} {
		// set gives form fields their values as a person would by typing,
		// choosing ("option:N" picks the Nth option of a select) or
		// ticking ("checked"); closed <details> are opened first, as a
		// click on their summary does.
		set := func(j *journey, vals map[string]string) {
			j.t.Helper()
			b, err := json.Marshal(vals)
			if err != nil {
				j.t.Fatal(err)
			}
			missing, err := chromedp.Run(j.ctx, chromedp.Evaluate[string](`((vals) => { document.querySelectorAll('details').forEach(d => d.open = true); for (const [sel, v] of Object.entries(vals)) { const els = document.querySelectorAll(sel); if (!els.length) return sel; for (const el of els) { if (v === 'checked') el.checked = true; else if (v.startsWith('option:')) el.selectedIndex = Number(v.slice(7)) + (el.options[0].value === '' ? 1 : 0); else el.value = v; } } return ''; })(`+string(b)+`)`))
			if err != nil {
				j.t.Fatal(err)
			}
			if missing != "" {
				j.t.Fatalf("%s: no field %s", j.path(), missing)
			}
		}
		// submitWant sends a form that must come back with status want
		// (422: sent back with its errors) and checks that page.
		submitWant := func(j *journey, sel string, want int64) {
			j.t.Helper()
			console := consoleOf(j.tab)
			console.drain()
			resp, err := chromedp.RunResponse(j.ctx, chromedp.Click(chromedp.CSS(sel)))
			if err != nil {
				j.t.Fatalf("click %s: %v", sel, err)
			}
			if resp == nil || resp.Status != want {
				j.t.Fatalf("%s after %s: %v, want status %d", j.path(), sel, resp, want)
			}
			r, err := j.axe.checkLoaded(j.ctx, pageResult{URL: j.path(), Status: 200}, nil)
			for _, line := range console.drain() {
				if !strings.Contains(line, fmt.Sprintf("status of %d", want)) {
					r.Problems = append(r.Problems, line)
				}
			}
			if err != nil {
				j.t.Fatal(err)
			}
			j.results = append(j.results, r)
		}
		// inView fails when an element of sel ends past the screen's right
		// edge (or none is there): a phone reader would not see it.
		inView := func(j *journey, sel string) {
			j.t.Helper()
			if !j.eval(`(() => { const els = [...document.querySelectorAll(` + "`" + sel + "`" + `)]; return els.length > 0 && els.every(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.right <= document.documentElement.clientWidth + 1; }); })()`) {
				j.t.Errorf("%s: %s is not (all) on the screen at %d px", j.path(), sel, width)
			}
		}
		// noticeInView fails unless the confirmation or the error summary
		// sel is on the screen where the form landed: a form further down
		// the page must not confirm at the top, out of view.
		noticeInView := func(j *journey, sel string) {
			j.t.Helper()
			if !j.eval(`(() => { const e = document.querySelector(` + "`" + sel + "`" + `); if (!e) return false; const r = e.getBoundingClientRect(); return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight; })()`) {
				j.t.Errorf("%s: %s is not on the screen where the form landed (%d px)", j.path(), sel, width)
			}
		}
		// gate passes the current phase's gate with a go and its reason.
		gate := func(j *journey, reason string) {
			j.t.Helper()
			set(j, map[string]string{"#besluit-go": "checked", "#reden": reason})
			j.submit(`form[action$="/besluit"] button[type="submit"]`)
			if errs := j.text(".error-summary"); errs != "" {
				j.t.Fatalf("%s: the gate refused: %s", j.path(), errs)
			}
			j.contains(reason)
		}
		// startProject fills the care question on the new-project page.
		startProject := func(j *journey, title string) {
			j.t.Helper()
			set(j, map[string]string{"#titel": title, "#thema": "zelfstandig", "#betrokken-clienten": "checked", "#betrokken-naasten": "checked", "#betrokken-professionals": "checked",
				"#doelgroep": "Bewoners die graag zelf koken", "#zorgvraag": "Bewoners willen zelf hun maaltijd maken, maar de kookplaat is onveilig.",
				"#verschil_client": "Zelf koken, trots zijn op je maaltijd", "#verschil_professional": "Minder overnemen, meer begeleiden"})
			j.submit(`form[action="/innovatie/projecten"] button[type="submit"]`)
			if p := j.path(); !strings.HasPrefix(p, "/innovatie/projecten/") {
				j.t.Fatalf("after starting the browser is at %s; errors: %s", p, j.text(".error-summary"))
			}
			j.contains("<h1>" + title + "</h1>")
		}
		shot := func(j *journey, name string) {
			j.t.Helper()
			png, err := chromedp.Run(j.ctx, chromedp.FullScreenshot(100))
			if err != nil {
				j.t.Fatal(err)
			}
			out := filepath.Join(repoRoot(t), "e2e", "testdata", "out")
			if err := os.MkdirAll(out, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(out, fmt.Sprintf("innovation-%s-%d.png", name, width)), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		t.Run(fmt.Sprintf("provider-starts-a-project-%d", width), func(t *testing.T) {
			j := newJourney(t, axe, browser, srv.Base, width, "aanbieder")
			j.page("/innovatie")
			j.noSideways()
			shot(j, "aanbieder-start")
			j.page("/innovatie/projecten/nieuw")
			j.noSideways()
			title := fmt.Sprintf("Samen eten %d", width)
			startProject(j, title)
			j.noSideways()
			shot(j, "aanbieder-project")
			// A new project shows the care question and its gate; the
			// phases to come are named, without their forms.
			j.contains(`<h2 id="sectie-komt">Wat nog komt</h2>`)
			if j.eval(`!!document.querySelector('#kandidaat, #gewicht-0, #stap, #groep, #locatie, form[action$="/zelfscan"]')`) {
				t.Errorf("a new project shows the forms of later phases")
			}
			// The first gate: go, with the reason.
			if !j.eval(`(() => { document.querySelector('#besluit-go').checked = true; return true; })()`) {
				t.Fatal("choose go")
			}
			j.fill("#reden", "De zorgvraag is met bewoners en team scherp.")
			j.submit(`form[action$="/besluit"] button[type="submit"]`)
			j.contains(`aria-current="step"><strong>Randvoorwaarden (zelfscan)</strong>`)
			j.contains("De zorgvraag is met bewoners en team scherp.")
			// The self-scan: every area answered.
			if !j.eval(`(() => { for (const f of ['scan_org','scan_it','scan_finance','scan_staff']) { document.querySelector('#' + f + '-op_orde').checked = true; } return true; })()`) {
				t.Fatal("answer the scan")
			}
			j.submit(`form[action$="/zelfscan"] button[type="submit"]`)
			j.contains("De zelfscan is opgeslagen.")
			// On through every phase to scale-up, each through its form
			// and gate, with a wrong decision matrix on the way.
			gate(j, "De zelfscan laat zien dat alles op orde is.")
			j.contains(`aria-current="step"><strong>Verkennen</strong>`)
			for i := 0; i < 2; i++ {
				set(j, map[string]string{"#kandidaat": fmt.Sprintf("option:%d", i)})
				j.submit(`form:has(#kandidaat) button[type="submit"]`)
			}
			// The form proposes four criteria (40, 25, 20, 15); a first
			// weight of 50 makes 110.
			matrix := map[string]string{"#gewicht-0": "50", `input[id^="score-"]`: "4"}
			set(j, matrix)
			submitWant(j, `form[action$="/matrix"] button[type="submit"]`, 422)
			j.contains("De gewichten tellen op tot 110; samen moeten ze precies 100 zijn.")
			// The matrix is a grid: criteria down, the two technologies
			// across; on a phone every field is on the screen.
			if !j.eval(`document.querySelectorAll('table.matrix thead th').length === 4 && document.querySelectorAll('table.matrix tbody tr').length >= 4`) {
				t.Errorf("the decision matrix is not a grid of criteria by two technologies")
			}
			inView(j, `table.matrix input`)
			matrix["#gewicht-0"] = "40"
			set(j, matrix)
			j.submit(`form[action$="/matrix"] button[type="submit"]`)
			j.contains("Uitkomst van de beslismatrix, beste eerst")
			// Every score 4 weighs to 4,00 for both, at the matrix's foot.
			if !j.eval(`[...document.querySelectorAll('table.matrix tfoot td')].map(td => td.textContent.trim()).join('|') === '4,00|4,00'`) {
				t.Errorf("the matrix's foot lacks the weighted totals")
			}
			// A phone compares per technology: a block for each, with its
			// score per criterion and its weighted total, on the screen.
			matrixPerTechnology(j, width, 2)
			shot(j, "matrix")
			gate(j, "Twee technologieën vergeleken met de bewoners.")
			set(j, map[string]string{"#technologie": "option:0", "#keuze_reden": "Beste score en de bewoners vinden hem prettig."})
			j.submit(`form[action$="/keuze"] button[type="submit"]`)
			gate(j, "De keuze is gemaakt met de beslismatrix.")
			j.contains(`aria-current="step"><strong>Implementatieplan</strong>`)
			set(j, map[string]string{"#stap": "leverancier", "#taak": "Afspraken met de leverancier", "#eigenaar": "Inkoop", "#datum": "15-01-2027", "#risico": "Levertijd"})
			j.submit(`form[action$="/taken"] button[type="submit"]`)
			j.contains("Afspraken met de leverancier")
			j.contains("De taak staat in het implementatieplan.")
			noticeInView(j, ".alert--ok")
			gate(j, "Het plan is rond: taken, eigenaren en risico's.")
			// Every gate's reason is on the screen, also on a phone.
			inView(j, `table.gates td[data-label="Waarom"]`)
			// Small start: a baseline, a participant found by name, a count.
			day := time.Now().In(amsterdam(t)).AddDate(0, 0, -1).Format("02-01-2006")
			set(j, map[string]string{"#groep": "client", "#maat": "Kwaliteit van leven", "#nulmeting": "6,5", "#gemeten": day})
			j.submit(`form[action$="/metingen"] button[type="submit"]`)
			set(j, map[string]string{"#client": "Sanne"})
			j.submit(`form[role="search"] button[type="submit"]`)
			if !j.eval(`location.hash === '#sectie-deelnemers'`) {
				t.Errorf("the client search lands at %s, not at the participants", j.path())
			}
			j.submit(`.client-picker__results button[type="submit"]`)
			j.submit(`form[action$="/deelnemers"] button[type="submit"]`)
			j.contains("<li>Sanne de Vries</li>")
			set(j, map[string]string{"#locatie": "option:1", "#aantal": "4", "#peildatum": day})
			j.submit(`form[action$="/opschaling"] button[type="submit"]`)
			gate(j, "De kleinschalige start liep goed.")
			set(j, map[string]string{`input[id^="vervolg-"]`: "7,5", `input[id^="vervolgdatum-"]`: day})
			j.submit(`form[action*="/metingen/"] button[type="submit"]`)
			gate(j, "Het effect is er: door naar opschalen.")
			j.contains(`aria-current="step"><strong>Opschalen</strong>`)
			j.noSideways()
			shot(j, "aanbieder-opschalen")
			// A second project stops at its first gate: the reasons are
			// asked all at once, then recorded.
			j.page("/innovatie/projecten/nieuw")
			startProject(j, fmt.Sprintf("GPS op de wandeling %d", width))
			set(j, map[string]string{"#besluit-nogo": "checked"})
			submitWant(j, `form[action$="/besluit"] button[type="submit"]`, 422)
			j.contains("Kies waarom het project stopt.")
			j.contains("Vul de reden van dit besluit in.")
			set(j, map[string]string{"#besluit-nogo": "checked", "#stopreden": "randvoorwaarden", "#reden": "Er is geen wifi op de wandelroute."})
			j.submit(`form[action$="/besluit"] button[type="submit"]`)
			if errs := j.text(".error-summary"); errs != "" {
				t.Fatalf("the no-go with its reasons is refused: %s", errs)
			}
			j.contains("Dit project is gestopt.")
			j.contains("Er is geen wifi op de wandelroute.")
			j.page("/innovatie/technologie")
			j.noSideways()
			shot(j, "catalogus")
			j.page("/innovatie/projecten/1")
			j.noSideways()
			shot(j, "nachtrust-project")
			// The scale-up chart keeps every label inside its picture, and
			// its numbers in a table beside it.
			if !j.eval(`(() => { const sec = document.getElementById('sectie-opschaling').closest('section'); const svg = sec.querySelector('svg'); const w = svg.viewBox.baseVal.width; const ts = [...svg.querySelectorAll('text')]; return ts.length > 0 && ts.every(t => { const b = t.getBBox(); return b.x >= 0 && b.x + b.width <= w + 0.5; }) && [...sec.querySelectorAll('table caption')].some(c => c.textContent.includes('Cliënten die de technologie of aanpak gebruiken')); })()`) {
				t.Errorf("the scale-up chart cuts a label off, or lacks its table")
			}
			j.page("/innovatie/projecten/2")
			j.noSideways()
			shot(j, "matrix-project")
			j.page("/innovatie/technologie/vergelijken?id=1&id=2&id=3")
			j.noSideways()
			// A phone reads the comparison per technology, not a table
			// scrolling sideways out of sight.
			if width == 375 && !j.eval(`document.querySelectorAll('.compare-card').length === 3 && [...document.querySelectorAll('.compare-card, .table-wrap')].every(e => e.offsetParent === null || e.classList.contains('compare-card'))`) {
				t.Errorf("the comparison on a phone is not a block per technology")
			}
			shot(j, "vergelijken")
			j.page("/innovatie/themas/slapen")
			j.noSideways()
			shot(j, "netwerk")
			j.page("/innovatie/cijfers")
			j.noSideways()
		})
		t.Run(fmt.Sprintf("professional-reads-%d", width), func(t *testing.T) {
			j := newJourney(t, axe, browser, srv.Base, width, "zorgverlener")
			j.page("/innovatie")
			j.page("/innovatie/projecten/1")
			j.noSideways()
			j.contains("Deelnemende cliënten")
			// The matrix of the passed choice, opened, reads per technology
			// on a phone (three were compared).
			if !j.eval(`(() => { document.querySelectorAll('details').forEach(d => d.open = true); return true; })()`) {
				t.Fatal("open the passed parts")
			}
			matrixPerTechnology(j, width, 3)
			j.noSideways()
		})
		t.Run(fmt.Sprintf("council-advises-%d", width), func(t *testing.T) {
			j := newJourney(t, axe, browser, srv.Base, width, "clientenraad")
			j.page("/innovatie")
			j.noSideways()
			shot(j, "raad-start")
			j.page("/innovatie/projecten/2")
			j.contains("Dit project in het kort")
			j.fill("#advies", fmt.Sprintf("Laat bewoners zelf het scherm kiezen (%d).", width))
			j.submit(`form[action$="/advies"] button[type="submit"]`)
			j.contains("Uw advies is vastgelegd.")
			noticeInView(j, ".alert--ok")
			// The advice reads as a thread across the page, not as a
			// narrow tile.
			if width == 1280 && !j.eval(`document.querySelector('#sectie-raad').closest('section').querySelector('li').getBoundingClientRect().width > 500`) {
				t.Errorf("the council's advice is a narrow tile")
			}
			j.noSideways()
			shot(j, "raad-project")
			j.page("/innovatie/gids")
			j.noSideways()
			shot(j, "gids")
		})
		t.Run(fmt.Sprintf("professional-contributes-%d", width), func(t *testing.T) {
			// The professional finishes a task of the plan and measures:
			// a baseline (every error at once first), then its follow-up.
			j := newJourney(t, axe, browser, srv.Base, width, "zorgverlener")
			j.page("/innovatie/projecten/1")
			j.noSideways()
			if j.eval(`!!document.querySelector('form[action$="/besluit"], form[action$="/zelfscan"], form[action$="/taken"], form[action$="/opschaling"]')`) {
				t.Errorf("the professional sees the provider's forms")
			}
			j.submit(`form[action*="/taken/"] button[type="submit"]`)
			j.contains("De taak is afgerond.")
			noticeInView(j, ".alert--ok")
			day := time.Now().In(amsterdam(t)).AddDate(0, 0, -1).Format("02-01-2006")
			set(j, map[string]string{"#maat": ""})
			submitWant(j, `form[action$="/metingen"] button[type="submit"]`, 422)
			noticeInView(j, ".error-summary")
			for _, field := range []string{"groep", "maat", "nulmeting", "gemeten"} {
				j.contains(`href="#` + field + `"`)
			}
			measure := fmt.Sprintf("Rust in de groep (%d)", width)
			set(j, map[string]string{"#groep": "professional", "#maat": measure, "#nulmeting": "5,5", "#gemeten": day})
			j.submit(`form[action$="/metingen"] button[type="submit"]`)
			j.contains("De nulmeting is vastgelegd.")
			noticeInView(j, ".alert--ok")
			j.contains(measure)
			set(j, map[string]string{`input[id^="vervolg-"]`: "7", `input[id^="vervolgdatum-"]`: day})
			j.submit(`form[action*="/metingen/"] button[type="submit"]`)
			j.contains("De vervolgmeting is vastgelegd.")
			if !j.eval(`[...document.querySelectorAll('table tr')].some(tr => tr.textContent.includes(` + "`" + measure + "`" + `) && tr.textContent.includes('7,0'))`) {
				t.Errorf("the follow-up of %s is not in the table", measure)
			}
			j.noSideways()
			shot(j, "zorgverlener-meet")
		})
		t.Run(fmt.Sprintf("network-%d", width), func(t *testing.T) {
			// The provider invites an outside member and records a
			// meeting; a professional shares knowledge.
			j := newJourney(t, axe, browser, srv.Base, width, "aanbieder")
			j.page("/innovatie/themas/slapen")
			j.noSideways()
			set(j, map[string]string{"#lid_naam": ""})
			submitWant(j, `form[action$="/leden"] button[type="submit"]`, 422)
			noticeInView(j, ".error-summary")
			for _, field := range []string{"lid_naam", "lid_organisatie", "lid_soort"} {
				j.contains(`href="#` + field + `"`)
			}
			member := fmt.Sprintf("Dr. Noor Visser %d", width)
			set(j, map[string]string{"#lid_naam": member, "#lid_organisatie": "Hogeschool Utrecht", "#lid_soort": "kennisinstelling"})
			j.submit(`form[action$="/leden"] button[type="submit"]`)
			j.contains("Het lid is toegevoegd aan het netwerk.")
			noticeInView(j, ".alert--ok")
			j.contains(member + `, Hogeschool Utrecht <span class="muted">(Universiteit of hogeschool)</span>`)
			meeting := fmt.Sprintf("Ervaringen met de matrassensor (%d)", width)
			set(j, map[string]string{"#bijeenkomst_datum": time.Now().In(amsterdam(t)).Format("02-01-2006"), "#bijeenkomst_titel": meeting, "#bijeenkomst_verslag": "Drie organisaties deelden hun eerste maand."})
			j.submit(`form[action$="/bijeenkomsten"] button[type="submit"]`)
			j.contains("De bijeenkomst is vastgelegd.")
			noticeInView(j, ".alert--ok")
			j.contains(meeting)
			j.noSideways()
			pro := newJourney(t, axe, browser, srv.Base, width, "zorgverlener")
			pro.page("/innovatie/themas/slapen")
			if pro.eval(`!!document.querySelector('form[action$="/leden"], form[action$="/bijeenkomsten"]')`) {
				t.Errorf("the professional may invite members or record meetings")
			}
			link := fmt.Sprintf("Handreiking nachtzorg (%d)", width)
			set(pro, map[string]string{"#kennis_titel": link, "#kennis_url": "https://www.example.org/handreiking-nachtzorg"})
			pro.submit(`form[action$="/kennis"] button[type="submit"]`)
			pro.contains("De kennis is gedeeld met het netwerk.")
			noticeInView(pro, ".alert--ok")
			pro.contains(link)
			pro.noSideways()
			shot(pro, "netwerk-kennis")
		})
		t.Run(fmt.Sprintf("catalogue-add-%d", width), func(t *testing.T) {
			// Only the provider adds a technology to the catalogue (the
			// route's rule); an empty form names every missing field.
			pro := newJourney(t, axe, browser, srv.Base, width, "zorgverlener")
			pro.page("/innovatie/technologie")
			if pro.eval(`!!document.querySelector('form[method="post"][action="/innovatie/technologie"]')`) {
				t.Errorf("the professional is offered the form to add a technology")
			}
			j := newJourney(t, axe, browser, srv.Base, width, "aanbieder")
			j.page("/innovatie/technologie")
			set(j, map[string]string{"#naam": "", "#aanschaf": "twaalf"})
			submitWant(j, `form[method="post"][action="/innovatie/technologie"] button[type="submit"]`, 422)
			for _, field := range []string{"naam", "thema", "zorgvragen", "voordelen", "nadelen", "aanschaf", "leverancier"} {
				j.contains(`href="#` + field + `"`)
			}
			name := fmt.Sprintf("Dagplanner met pictogrammen %d", width)
			set(j, map[string]string{"#naam": name, "#thema": "option:1", "#zorgvragen": "Wat ga ik vandaag doen?", "#voordelen": "Zelf de dag overzien",
				"#nadelen": "Moet elke dag bijgewerkt", "#aanschaf": "1.250,00", "#jaarlijks": "240", "#leverancier": "Planwijs BV"})
			j.submit(`form[method="post"][action="/innovatie/technologie"] button[type="submit"]`)
			j.contains("De technologie staat in de catalogus.")
			j.contains(name)
			j.noSideways()
		})
		t.Run(fmt.Sprintf("social-route-%d", width), func(t *testing.T) {
			// Begeleiding à la carte: the same route without the
			// catalogue, its approach described instead of chosen.
			j := newJourney(t, axe, browser, srv.Base, width, "aanbieder")
			j.page("/innovatie/projecten/nieuw?soort=sociaal")
			if !j.eval(`document.querySelector('#soort-sociaal').checked`) {
				t.Fatal("the social route is not chosen from the link")
			}
			startProject(j, fmt.Sprintf("Zelf kiezen uit de menukaart %d", width))
			j.contains("Begeleiding à la carte")
			if j.eval(`document.body.textContent.includes('Verkennen') || document.body.textContent.includes('Beslismatrix')`) {
				t.Errorf("the social route shows the catalogue's phases")
			}
			gate(j, "De vraag komt van de deelnemers zelf.")
			if !j.eval(`(() => { for (const f of ['scan_org','scan_it','scan_finance','scan_staff']) { document.querySelector('#' + f + '-op_orde').checked = true; } return true; })()`) {
				t.Fatal("answer the scan")
			}
			j.submit(`form[action$="/zelfscan"] button[type="submit"]`)
			set(j, map[string]string{"#aanpak": "Deelnemers kiezen hun begeleiding van een menukaart.", "#keuze_reden": "Zo past de begeleiding bij wat ieder wil."})
			j.submit(`form[action$="/keuze"] button[type="submit"]`)
			j.contains("Deelnemers kiezen hun begeleiding van een menukaart.")
			gate(j, "Alles is op orde en de aanpak is beschreven.")
			j.contains(`aria-current="step"><strong>Implementatieplan</strong>`)
			set(j, map[string]string{"#stap": "option:0", "#taak": "Menukaart met deelnemers maken", "#eigenaar": "Teamleider", "#datum": "01-02-2027"})
			j.submit(`form[action$="/taken"] button[type="submit"]`)
			j.contains("Menukaart met deelnemers maken")
			gate(j, "Het plan staat.")
			j.contains(`aria-current="step"><strong>Kleinschalig starten</strong>`)
			if j.eval(`!!document.querySelector('#kandidaat, table.matrix')`) {
				t.Errorf("the social route offers the catalogue")
			}
			j.noSideways()
			shot(j, "sociaal")
		})
		t.Run(fmt.Sprintf("programme-figures-%d", width), func(t *testing.T) {
			j := newJourney(t, axe, browser, srv.Base, width, "programma")
			j.page("/innovatie")
			j.page("/innovatie/cijfers")
			j.noSideways()
			shot(j, "cijfers")
		})
	}
}

// amsterdam is the zone the product's dates are in.
func amsterdam(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// matrixPerTechnology checks the saved decision matrix on the page: at
// 375 px one block per technology (n of them) on the screen, each with its
// weighted total, and no grid to read sideways; wider, the grid and no
// blocks.
func matrixPerTechnology(j *journey, width int64, n int) {
	j.t.Helper()
	js := fmt.Sprintf(`(() => { const vis = e => e.offsetParent !== null;
		const cards = [...document.querySelectorAll('.matrix-card')].filter(vis);
		const grid = [...document.querySelectorAll('table.matrix')].filter(t => vis(t) && !t.querySelector('input'));
		if (%d < 500) return cards.length === %d && grid.length === 0 && cards.every(c => c.textContent.includes('Gewogen score') && c.getBoundingClientRect().right <= document.documentElement.clientWidth + 1);
		return cards.length === 0 && document.querySelectorAll('table.matrix').length > 0; })()`, width, n)
	if !j.eval(js) {
		j.t.Errorf("%s at %d px: the decision matrix is not one block per technology on a phone, or not a grid on a wide screen", j.path(), width)
	}
}
