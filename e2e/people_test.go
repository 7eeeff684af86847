package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// peopleJourneys are issue 11's "people and places, not internal numbers"
// journeys in the browser, each page passing the page check (axe and the
// rest): registering a complex-care case by finding the client by name and
// choosing its vaste contactpersoon by name (at 1280 and 375 px), a crisis
// report that starts with finding the person (375 px), the C.O.T.
// reporting a person not yet registered (375 px),
// linking a sensor to a client found by name, and the care office's
// contact reached from a proposal by phone or e-mail (375 px).
func peopleJourneys(t *testing.T, axe *axeScript, browser context.Context, base string) {
	for _, width := range []int64{1280, 375} {
		t.Run(fmt.Sprintf("register-case-by-name-%d", width), func(t *testing.T) {
			j := newJourney(t, axe, browser, base, width, "zorgkantoor")
			name := fmt.Sprintf("Efje Registratie %d", width)
			// A new client, so the journey does not depend on which demo
			// clients are already in the register.
			j.page("/clienten/nieuw")
			j.fill("#naam", name)
			j.fill("#geboortedatum", "17-05-2001")
			j.submit(`form[action="/clienten/nieuw"] button[type="submit"]`)
			j.page("/complexe-zorg/nieuw")
			j.noSideways()
			j.fill("#client", name)
			j.submit(`form[role="search"] button[type="submit"]`)
			j.contains(name + " — geboren 17-05-2001")
			j.submit(`.client-picker__results button[type="submit"]`)
			j.contains(`name="client" value="`)
			j.fill("#familie_gemeente", "Utrecht")
			j.fill("#indicatienummer", "123456789")
			// No care profile and no waiting status are chosen for the
			// user: sending without them names both fields at once, and
			// the typed values stay.
			submitInvalid(j, `form[method="post"][action="/complexe-zorg/nieuw"] button[type="submit"]`)
			j.contains(`<a href="#zorgprofiel">`)
			j.contains(`<a href="#wachtstatus">`)
			j.contains(`value="123456789"`)
			j.fill("#zorgprofiel", "VG7")
			j.fill("#wachtstatus", "actief")
			j.submit(`form[method="post"][action="/complexe-zorg/nieuw"] button[type="submit"]`)
			if p := j.path(); !strings.HasPrefix(p, "/complexe-zorg/personen/") {
				t.Fatalf("after registering the browser is at %s, want the person's page; errors: %s", p, j.text(".error-summary"))
			}
			j.contains("<h1>" + name + "</h1>")
			j.contains("123456789")
			// The vaste contactpersoon is who registered the case, shown
			// by name with a tel: link, and chosen again by name in the
			// edit form; the change is in the history (issue 11).
			j.contains(`<dt>Vaste contactpersoon</dt><dd>Pieter Jansen, <a href="tel:`)
			if !j.eval(`(() => { const d = document.querySelector('details.casework-edit'); d.open = true; const s = document.querySelector('#contactpersoon'); return [...s.options].some(o => o.selected && o.textContent.startsWith('Pieter Jansen')); })()`) {
				t.Fatal("the picker does not show the registering employee as the contact")
			}
			j.noSideways()
			j.fill("#contactpersoon", "")
			j.submit(`form[action$="/gegevens"] button[type="submit"]`)
			j.contains("Nog niet gekozen (bij Gegevens wijzigen)")
			if !j.eval(`[...document.querySelectorAll('#wijzigingen + .table-wrap tbody tr')].some(r => r.textContent.includes('Vaste contactpersoon') && r.textContent.includes('Pieter Jansen') && r.textContent.includes('—'))`) {
				t.Error("the history does not show the contact person's change by name")
			}
			// The care office asks the CCE for a consult on the case: an
			// empty request names both fields at once; the request and
			// then the consultant's answer are recorded with who and when
			// (issue 11: consults were covered by handler tests only).
			consult := `form[action$="/consultaties"] `
			submitInvalid(j, consult+`button[type="submit"]`)
			j.contains(`<a href="#consulent">`)
			j.contains(`<a href="#vraag">`)
			if !j.eval(`(() => { const r = document.querySelector('#consulent-cce'); if (!r) { return false; } r.checked = true; return true; })()`) {
				t.Fatal("the consult form offers no CCE")
			}
			j.fill(consult+"#vraag", "Welke woonvorm past bij haar gedrag in de avond?")
			j.submit(consult + `button[type="submit"]`)
			j.contains("Welke woonvorm past bij haar gedrag in de avond?")
			j.noSideways()
			j.fill(`form[action$="/antwoord"] textarea[name="antwoord"]`, "Kleinschalig en prikkelarm; avondbegeleiding 1-op-1 de eerste maand.")
			j.submit(`form[action$="/antwoord"] button[type="submit"]`)
			j.contains("Kleinschalig en prikkelarm; avondbegeleiding 1-op-1 de eerste maand.")
			j.contains("vastgelegd door")
			if j.eval(`!!document.querySelector('form[action$="/antwoord"]')`) {
				t.Error("the answered consult still offers its answer form")
			}
		})
	}
	t.Run("care-office-contact-375", func(t *testing.T) {
		// The care office's contact gives a work number and address on
		// /account (a wrong one is named per field, both at once), and the
		// provider deciding on that contact's proposal can call or mail
		// from the page (issue 11: the proposal gave a name only).
		j := newJourney(t, axe, browser, base, 375, "zorgkantoor")
		j.page("/account")
		j.noSideways()
		form := `form[action="/account/contactgegevens"] `
		j.fill(form+"#phone", "030-23")
		j.fill(form+"#email", "p.jansen@")
		submitInvalid(j, form+`button[type="submit"]`)
		j.contains(`href="#phone"`)
		j.contains(`href="#email"`)
		j.contains(`value="030-23"`)
		j.fill(form+"#phone", "030-2990199")
		j.fill(form+"#email", "p.jansen@zorgkantoor-utrecht.example")
		j.submit(form + `button[type="submit"]`)
		j.contains("Uw contactgegevens zijn bewaard.")
		j.contains("030 299 0199")
		p := newJourney(t, axe, browser, base, 375, "aanbieder")
		p.page("/complexe-zorg/voorstellen")
		p.noSideways()
		p.contains(`href="tel:+31302990199"`)
		p.contains(`href="mailto:p.jansen@zorgkantoor-utrecht.example"`)
		if !p.eval(`(() => { const a = document.querySelector('main a[href="tel:+31302990199"]'); return !!a && a.getClientRects().length === 1 && a.getBoundingClientRect().right <= 375; })()`) {
			t.Error("the contact's number is not one tappable line within the phone's screen")
		}
		// The answered proposals stack on the phone, every column on the
		// screen (the status column was cut off in its scroll frame).
		if !p.eval(`(() => { const ts = [...document.querySelectorAll('main table')]; return ts.length > 0 && ts.every(t => t.getBoundingClientRect().right <= 376); })()`) {
			t.Error("a table on the proposals page is wider than the phone's screen")
		}
	})
	t.Run("crisis-report-finds-person-375", func(t *testing.T) {
		j := newJourney(t, axe, browser, base, 375, "crisisregisseur")
		name := "Efje Crisispersoon"
		// First report: a person not yet in the register, by name.
		j.page("/crisis/melden")
		j.noSideways()
		if !j.eval(`(() => { const s = document.querySelector('#client'), w = document.querySelector('#waar'); return !!s && !!w && (s.compareDocumentPosition(w) & Node.DOCUMENT_POSITION_FOLLOWING) > 0; })()`) {
			t.Fatal("the report form does not start with finding the person")
		}
		j.fill(`form[method="post"] #naam`, name)
		j.reportFacts()
		if p := j.path(); !strings.HasPrefix(p, "/crisis/") || strings.HasPrefix(p, "/crisis/melden") {
			t.Fatalf("after reporting the browser is at %s; errors: %s", p, j.text(".error-summary"))
		}
		// Second report: the person is found by name and chosen.
		j.page("/crisis/melden")
		j.fill("#client", name)
		j.submit(`form[role="search"] button[type="submit"]`)
		j.noSideways()
		j.contains(name + " — geboortedatum onbekend")
		j.submit(`.client-picker__results button[type="submit"]`)
		j.contains(`name="client" value="`)
		j.noSideways()
		j.reportFacts()
		if p := j.path(); !strings.HasPrefix(p, "/crisis/") || strings.HasPrefix(p, "/crisis/melden") {
			t.Fatalf("after reporting for the chosen person the browser is at %s; errors: %s", p, j.text(".error-summary"))
		}
		j.contains(name)
		// The director decides on the phone: the bed and team lists stack
		// instead of pushing the page sideways, and a free bed is reserved.
		j.page(j.path() + "/besluit")
		j.noSideways()
		if !j.eval(`(() => { const r = document.querySelector('input[name="bed"]'); if (!r) { return false; } r.checked = true; return true; })()`) {
			t.Fatal("the decision page offers no free crisis bed")
		}
		j.submit(`form[action$="/bed"] button[type="submit"]`)
		j.contains("Het crisisbed is gereserveerd.")
		j.noSideways()
	})
	// Three months after a move the care office records how the client
	// is doing and what relatives and staff see, not only stable or
	// crisis (issue 11: the follow-up was covered by handler tests only).
	t.Run("follow-up-after-move-375", func(t *testing.T) {
		j := newJourney(t, axe, browser, base, 375, "zorgkantoor")
		j.page("/complexe-zorg?fase=verhuisd")
		people, err := chromedp.Run(j.ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('main tbody th a[href^="/complexe-zorg/personen/"]')].map(a => a.getAttribute('href'))`))
		if err != nil || len(people) == 0 {
			t.Fatalf("no moved people in the register: %v", err)
		}
		found := false
		for _, href := range people {
			j.page(href)
			if j.eval(`!!document.querySelector('form[action$="/nazorg"]') && !document.querySelector('main').textContent.includes('3 maanden (')`) {
				found = true
				break
			}
		}
		if !found {
			t.Fatal("no moved person waits for the 3-month follow-up")
		}
		j.noSideways()
		form := `form[action$="/nazorg"] `
		submitInvalid(j, form+`button[type="submit"]`)
		j.contains(`<a href="#welzijn">`)
		if !j.eval(`(() => { const s = document.querySelector('#welzijn'); if (!s || s.options.length < 2) { return false; } s.selectedIndex = 1; return true; })()`) {
			t.Fatal("the follow-up offers no answer to how the client is doing")
		}
		j.fill(form+"#naasten", "Ze lacht weer vaker als we op bezoek komen.")
		j.fill(form+"#begeleiders", "Slaapt beter sinds de verhuizing.")
		j.submit(form + `button[type="submit"]`)
		j.contains("Ze lacht weer vaker als we op bezoek komen.")
		j.contains("Slaapt beter sinds de verhuizing.")
		j.contains("3 maanden (")
		j.noSideways()
	})
	// The director assigns a C.O.T. team on the phone; the team confirms
	// it takes the crisis, and the case says so with who and when (issue
	// 11: the acknowledgement was covered by handler tests only).
	t.Run("cot-acknowledges-assignment-375", func(t *testing.T) {
		j := newJourney(t, axe, browser, base, 375, "crisisregisseur")
		j.page("/crisis/melden")
		j.fill(`form[method="post"] #naam`, "Efje Teamtoewijzing")
		j.reportFacts()
		casePath := j.path()
		if !strings.HasPrefix(casePath, "/crisis/") || strings.HasPrefix(casePath, "/crisis/melden") {
			t.Fatalf("after reporting the browser is at %s; errors: %s", casePath, j.text(".error-summary"))
		}
		j.page(casePath + "/besluit")
		j.noSideways()
		if !j.eval(`(() => { const r = document.querySelector('input[name="team"][value="1"]'); if (!r) { return false; } r.checked = true; return true; })()`) {
			t.Fatal("the decision page does not offer the C.O.T. of the region")
		}
		j.submit(`form[action$="/team"] button[type="submit"]`)
		j.contains("Nog niet bevestigd door het C.O.T.")
		c := newJourney(t, axe, browser, base, 375, "cot")
		c.page(casePath)
		c.noSideways()
		c.submit(`form[action$="/bevestigen"] button[type="submit"]`)
		c.contains("U heeft bevestigd dat uw team de crisis oppakt.")
		c.contains("Bevestigd door het C.O.T. op")
		if c.eval(`!!document.querySelector('form[action$="/bevestigen"]')`) {
			t.Error("the acknowledged assignment still offers its button")
		}
		j.page(casePath)
		j.contains("Bevestigd door het C.O.T. op")
	})
	// A C.O.T. at night meets a person nobody registered: on a phone it
	// searches first, finds nobody, and reports with the person's name
	// and birth date (issue 11).
	t.Run("cot-reports-new-person-375", func(t *testing.T) {
		j := newJourney(t, axe, browser, base, 375, "cot")
		name := "Efje Nachtmelding"
		j.page("/crisis/melden")
		j.fill("#client", name)
		j.submit(`form[role="search"] button[type="submit"]`)
		j.noSideways()
		j.fill(`form[method="post"] #naam`, name)
		j.fill(`form[method="post"] #geboortedatum`, "03-04-1998")
		j.reportFacts()
		if p := j.path(); !strings.HasPrefix(p, "/crisis/") || strings.HasPrefix(p, "/crisis/melden") {
			t.Fatalf("after the C.O.T.'s report the browser is at %s; errors: %s", p, j.text(".error-summary"))
		}
		j.contains(name)
		j.noSideways()
	})
	t.Run("sensor-link-by-name", func(t *testing.T) {
		j := newJourney(t, axe, browser, base, 1280, "aanbieder")
		j.page("/nachtrust/sensoren/nieuw")
		j.fill("#serial", "E2E-PICK-1")
		if !j.eval(`(() => { document.querySelector('input[name="kind"][value="pols"]').checked = true; return true; })()`) {
			t.Fatal("choose the kind")
		}
		j.submit(`form[action="/nachtrust/sensoren/nieuw"] button[type="submit"]`)
		if p := j.path(); !strings.HasPrefix(p, "/nachtrust/sensoren/") {
			t.Fatalf("after registering the sensor the browser is at %s", p)
		}
		j.fill("#client", "e")
		j.submit(`form[role="search"] button[type="submit"]`)
		chosen := j.text(`input[name="client"][type="radio"]:checked + label`)
		if chosen == "" {
			t.Fatal("the search found no client at the sensor's location")
		}
		name, _, _ := strings.Cut(chosen, " — ")
		j.submit(`.client-picker__results button[type="submit"]`)
		j.submit(`form[action$="/koppelingen"] button[type="submit"]`)
		j.contains(`<th scope="row">` + name)
	})
}

// journey is one browser tab logged in as a demo role at a width, whose
// every page is checked.
type journey struct {
	t       *testing.T
	axe     *axeScript
	tab     context.Context
	ctx     context.Context
	base    string
	width   int64
	results []pageResult
}

func newJourney(t *testing.T, axe *axeScript, browser context.Context, base string, width int64, role string) *journey {
	t.Helper()
	tab := newTab(t, browser)
	ctx, cancel := context.WithTimeout(tab, 4*pageTimeout)
	t.Cleanup(cancel)
	emulate := chromedp.EmulateViewport(width, 900)
	if width < 500 {
		emulate = chromedp.EmulateViewport(width, 740, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	if _, err := chromedp.Run(ctx, emulate); err != nil {
		t.Fatal(err)
	}
	if status, _, _, err := loginWithForm(tab, base, role, "demo"); err != nil || status != 303 {
		t.Fatalf("login %s: %d %v", role, status, err)
	}
	j := &journey{t: t, axe: axe, tab: tab, ctx: ctx, base: base, width: width}
	t.Cleanup(func() { reportPages(t, j.results) })
	return j
}

// page opens a path and checks it.
func (j *journey) page(path string) {
	j.t.Helper()
	r, err := j.axe.checkPage(j.tab, j.base+path)
	if err != nil {
		j.t.Fatal(err)
	}
	j.results = append(j.results, r)
}

func (j *journey) fill(sel, v string) {
	j.t.Helper()
	if err := chromedp.Do(j.ctx, chromedp.SetValue(chromedp.CSS(sel), v)); err != nil {
		j.t.Fatalf("fill %s: %v", sel, err)
	}
}

// submit clicks a button (or the first match of sel) and checks the page
// the browser lands on.
func (j *journey) submit(sel string) {
	j.t.Helper()
	console := consoleOf(j.tab)
	console.drain()
	resp, err := chromedp.RunResponse(j.ctx, chromedp.Click(chromedp.CSS(sel)))
	if err != nil {
		j.t.Fatalf("click %s: %v", sel, err)
	}
	at, err := chromedp.Run(j.ctx, chromedp.Location())
	if err != nil {
		j.t.Fatal(err)
	}
	r, err := j.axe.checkLoaded(j.ctx, pageResult{URL: at}, resp)
	r.Problems = append(r.Problems, console.drain()...)
	if err != nil {
		j.t.Fatal(err)
	}
	j.results = append(j.results, r)
}

func (j *journey) eval(js string) bool {
	j.t.Helper()
	ok, err := chromedp.Run(j.ctx, chromedp.Evaluate[bool](js))
	if err != nil {
		j.t.Fatal(err)
	}
	return ok
}

func (j *journey) text(sel string) string {
	j.t.Helper()
	s, err := chromedp.Run(j.ctx, chromedp.Evaluate[string](`((document.querySelector(`+"`"+sel+"`"+`) || {}).textContent || '').trim()`))
	if err != nil {
		j.t.Fatal(err)
	}
	return s
}

func (j *journey) path() string {
	j.t.Helper()
	at, err := chromedp.Run(j.ctx, chromedp.Location())
	if err != nil {
		j.t.Fatal(err)
	}
	return pathOf(at)
}

// contains asserts that the page's HTML holds s.
func (j *journey) contains(s string) {
	j.t.Helper()
	html, err := chromedp.Run(j.ctx, chromedp.Evaluate[string](`document.documentElement.outerHTML`))
	if err != nil {
		j.t.Fatal(err)
	}
	if !strings.Contains(html, s) {
		j.t.Fatalf("%s lacks %q", j.path(), s)
	}
}

// noSideways asserts that the page does not scroll sideways (sideways).
func (j *journey) noSideways() {
	j.t.Helper()
	over, culprits, err := sideways(j.ctx, j.width)
	if err != nil {
		j.t.Fatalf("%s: sideways check: %v", j.path(), err)
	}
	if over > 0 {
		j.t.Errorf("%s scrolls sideways by %d px at %d px (%s)", j.path(), over, j.width, culprits)
	}
}

// reportFacts fills the crisis report's required facts and submits it.
func (j *journey) reportFacts() {
	j.t.Helper()
	form := `form[method="post"][action="/crisis/melden"] `
	j.fill(form+"#waar", "thuis")
	j.fill(form+"#wat", "Escaleert, slaat om zich heen.")
	if !j.eval(`(() => { document.querySelector('input[name="urgentie"]').checked = true; const s = document.querySelector('#regio'); if (!s.value) { s.selectedIndex = 1; } return true; })()`) {
		j.t.Fatal("choose urgency and region")
	}
	j.submit(form + `button[type="submit"]`)
}
