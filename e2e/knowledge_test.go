package e2e

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestKnowledge walks the knowledge base's journeys in Chromium at 1280
// and 375 px, every page checked with axe (issue 14): a visitor without
// an account searches, opens an item, uses the Wegwijzer and "Wat als ik
// het niet meer kan?"; the editor (redacteur) writes an item, meets every
// error of the form at once, and takes it through review to publication;
// a relative records a three-party conversation for her daughter.
// Select parts with -run, e.g. -run 'TestKnowledge/public-375'.
func TestKnowledge(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test skipped in -short mode")
	}
	bin := buildBinary(t)
	srv := startServer(t, bin)
	axe := loadAxe(t)
	browser := startBrowser(t)

	for _, width := range []int64{1280, 375} {
		t.Run(fmt.Sprintf("public-%d", width), func(t *testing.T) {
			j := anonymousJourney(t, axe, browser, srv.Base, width)
			// A relative without an account starts at the front page and
			// finds the knowledge base in its menu.
			j.page("/")
			j.submit(`nav.main-nav a[href="/kennis"]`)
			if j.path() != "/kennis" {
				t.Fatalf("the front page's menu leads to %s", j.path())
			}
			j.noSideways()
			j.fill("#q", "broers zussen")
			j.submit(`form[role="search"] button[type="submit"]`)
			j.contains("onderwerpen gevonden")
			j.noSideways()
			j.submit(`main .kb-list a`)
			if !strings.HasPrefix(j.path(), "/kennis/") {
				t.Fatalf("a hit leads to %s", j.path())
			}
			j.contains("Over deze informatie")
			j.page("/kennis/mijn-plan-voor-later-voor-clienten?eenvoudig=1")
			j.contains("Lees de gewone tekst")
			j.page("/kennis/video-een-zorgtestament-maken-in-vijf-stappen")
			j.contains(`href="/kennis/ondertiteling/video-een-zorgtestament-maken-in-vijf-stappen"`)
			j.contains("Uitgeschreven tekst van de video")
			j.noSideways()
			j.page("/naasten/wegwijzer")
			if !j.eval(`(() => { document.querySelector('#rol-broer-zus').checked = true; document.querySelector('#fase-puber').checked = true; return true; })()`) {
				t.Fatal("choose role and phase")
			}
			j.submit(`main form[action="/naasten/wegwijzer"] button[type="submit"]`)
			j.contains("Wat komt hierna")
			j.contains("Broer of zus in de puberteit")
			j.noSideways()
			j.submit(`main a[href="/naasten/wegwijzer?rol=broer-zus&pad=1"]`)
			j.contains("Het pad voor broers en zussen")
			j.page("/naasten/wat-als")
			j.fill("#vraag", "wie wordt mentor")
			j.submit(`main form[action="/naasten/wat-als"] button[type="submit"]`)
			j.contains("Vragen die passen bij uw vraag")
			j.submit(`main a[href^="/naasten/wat-als?thema=overdragen"]`)
			j.contains("Ervaringsverhalen")
			j.noSideways()
		})
		t.Run(fmt.Sprintf("editor-%d", width), func(t *testing.T) {
			j := newJourney(t, axe, browser, srv.Base, width, "redacteur")
			j.page("/kennis/redactie")
			j.contains("voorbij de controledatum")
			j.noSideways()
			shot(j, fmt.Sprintf("editor-list-%d", width))
			j.submit(`main a[href="/kennis/redactie/nieuw"]`)
			if !j.eval(`(() => { document.querySelector('#review_by').value = ''; return true; })()`) {
				t.Fatal("clear the review date")
			}
			submitInvalid(j, `main form[action="/kennis/redactie/nieuw"] button[type="submit"]`)
			shot(j, fmt.Sprintf("editor-errors-%d", width))
			for _, want := range []string{`href="#title"`, `href="#summary"`, `href="#owner"`, `href="#review_by"`, `href="#roles"`} {
				j.contains(want)
			}
			title := fmt.Sprintf("Samen op vakantie %d", width)
			j.fill("#title", title)
			j.fill("#summary", "Tips voor een vakantie met uw naaste met een beperking.")
			j.fill("#body", "## Voorbereiden\n\n- Bel de accommodatie vooraf.\n- Neem het dagritme mee.")
			j.fill("#owner", "Redactie Volwaardig kennisbank")
			j.fill("#review_by", "01-06-2027")
			if !j.eval(`(() => { document.querySelector('#roles-broer-zus').checked = true; document.querySelector('#themes-familie').checked = true; return true; })()`) {
				t.Fatal("tick role and theme")
			}
			j.submit(`main form[action="/kennis/redactie/nieuw"] button[type="submit"]`)
			j.contains("opgeslagen als concept")
			j.noSideways()
			j.submit(`main button[value="review"]`)
			j.contains("ter beoordeling aangeboden")
			// The reviewer finds it from the start page's task, at the
			// top of the editors' list in its own group.
			j.page("/")
			j.contains("op beoordeling")
			j.submit(`main a[href="/kennis/redactie#beoordelen"]`)
			// The review group is the list's first table and holds the
			// item; its link is marked to be followed.
			if !j.eval(fmt.Sprintf(`(() => { const g = document.querySelector('main #beoordelen + .table-wrap');
				if (!g || g !== document.querySelector('main .table-wrap')) return false;
				const a = [...g.querySelectorAll('a')].find(a => a.textContent.trim() === %q);
				if (!a) return false; a.id = 'e2e-review'; return true; })()`, title)) {
				t.Fatal("the item in review is not in the review group at the top of the list")
			}
			j.submit(`#e2e-review`)
			// Four eyes: the author is not offered to publish her own
			// text; the second editor reviews and publishes it.
			j.contains("Een andere redacteur beoordeelt en publiceert haar")
			if j.eval(`!!document.querySelector('main button[value="gepubliceerd"]')`) {
				t.Error("the author can publish her own text")
			}
			at, err := chromedp.Run(j.ctx, chromedp.Location())
			if err != nil {
				t.Fatal(err)
			}
			j = newJourney(t, axe, browser, srv.Base, width, "eindredacteur")
			j.page(strings.TrimPrefix(at, srv.Base))
			j.submit(`main button[value="gepubliceerd"]`)
			j.contains("Het onderwerp is gepubliceerd.")
			j.contains("Versiegeschiedenis")
			shot(j, fmt.Sprintf("editor-published-%d", width))
			j.submit(`main a[href^="/kennis/samen-op-vakantie"]`)
			j.contains(title)
			public := j.path()

			// A correction of the published text is a new version: the
			// public keeps reading the published one until another
			// editor has reviewed and published the new one.
			edit := pathOf(at)
			j.page(edit)
			j.contains("Wat u hieronder verandert, wordt een nieuwe versie")
			j.fill("#summary", "Tips voor een vakantie of een logeerweekend met uw naaste.")
			j.fill("#note", "logeerweekend erbij")
			j.submit(`main form[action="` + edit + `"] button[type="submit"]`)
			j.contains("opgeslagen als nieuwe versie")
			j.contains("Op de website staat nog versie")
			j.contains("Staat op de website")
			j.noSideways()
			shot(j, fmt.Sprintf("editor-new-version-%d", width))
			publicReads(t, srv.Base+public, "Tips voor een vakantie met uw naaste met een beperking.", "logeerweekend")
			j.submit(`main button[value="review"]`)
			publicReads(t, srv.Base+public, "Tips voor een vakantie met uw naaste met een beperking.", "logeerweekend")
			// The list marks it as his own: another editor publishes it.
			j.page("/kennis/redactie")
			if !j.eval(fmt.Sprintf(`(() => { const g = document.querySelector('main #beoordelen + .table-wrap');
				const row = g && [...g.querySelectorAll('tr')].find(r => r.querySelector('a') && r.querySelector('a').textContent.trim() === %q);
				return !!row && row.textContent.includes('Door u geschreven') && row.textContent.includes('de gepubliceerde staat nog online'); })()`, title)) {
				t.Error("the editors' list does not mark the new version as waiting and his own")
			}
			shot(j, fmt.Sprintf("editor-list-mine-%d", width))
			j = newJourney(t, axe, browser, srv.Base, width, "redacteur")
			j.page(edit)
			j.submit(`main button[value="gepubliceerd"]`)
			j.contains("Het onderwerp is gepubliceerd.")
			publicReads(t, srv.Base+public, "Tips voor een vakantie of een logeerweekend met uw naaste.", "met een beperking.")

			// A next correction waits; the second editor throws it away
			// and the published text stays.
			newVersion := func(summary string) {
				j = newJourney(t, axe, browser, srv.Base, width, "redacteur")
				j.page(edit)
				j.fill("#summary", summary)
				j.submit(`main form[action="` + edit + `"] button[type="submit"]`)
				j.contains("opgeslagen als nieuwe versie")
				j = newJourney(t, axe, browser, srv.Base, width, "eindredacteur")
				j.page(edit)
			}
			newVersion("Een tekst die niet klopt.")
			j.fill("#discard_note", "Dubbel met een ander onderwerp")
			j.submit(`#weggooien-form button[type="submit"]`)
			j.contains("De nieuwe versie is weggegooid.")
			j.contains("nieuwe versie weggegooid")
			publicReads(t, srv.Base+public, "logeerweekend met uw naaste.", "niet klopt")

			// Another version waits, and the published text turns out
			// wrong: the editor takes it offline at once, with a reason;
			// the waiting version is kept.
			newVersion("Tips voor een vakantie, nagekeken.")
			submitInvalid(j, `#offline-form button[type="submit"]`)
			j.contains(`href="#reason"`)
			j.contains(`id="reason-fout"`)
			j.fill("#reason", "Het telefoonnummer in de tekst klopt niet meer")
			j.submit(`#offline-form button[type="submit"]`)
			j.contains("Het onderwerp is offline gehaald.")
			j.contains("Het telefoonnummer in de tekst klopt niet meer")
			j.contains("Tips voor een vakantie, nagekeken.")
			j.noSideways()
			shot(j, fmt.Sprintf("editor-offline-%d", width))
			publicGone(t, srv.Base+public)
		})
		t.Run(fmt.Sprintf("conversation-%d", width), func(t *testing.T) {
			j := newJourney(t, axe, browser, srv.Base, width, "naaste")
			j.page("/kennis/driegesprek")
			j.contains("Gesprekken met Sanne de Vries")
			j.noSideways()
			shot(j, fmt.Sprintf("conversations-%d", width))
			submitInvalid(j, `main form[action="/kennis/driegesprek"] button[type="submit"]`)
			j.contains(`href="#topic"`)
			j.fill("#topic", fmt.Sprintf("Logeren en later wonen %d", width))
			j.fill("#view_goed_naaste", "Sanne geniet van de logeerweekenden.")
			j.fill("#view_later_client", "Ik wil bij mijn vriendin Eva blijven wonen.")
			j.fill("#agreement_what_1", "Samen een woonvorm bekijken")
			j.fill("#agreement_who_1", "Marieke en de begeleider")
			j.submit(`main form[action="/kennis/driegesprek"] button[type="submit"]`)
			if !strings.HasPrefix(j.path(), "/kennis/driegesprek/") {
				t.Fatalf("after saving the browser is at %s; errors: %s", j.path(), j.text(".error-summary"))
			}
			j.contains("Het gesprek is opgeslagen.")
			j.contains("Ik wil bij mijn vriendin Eva blijven wonen.")
			j.noSideways()
			shot(j, fmt.Sprintf("conversation-%d", width))
		})
	}
}

// submitInvalid submits a form that is meant to come back with its
// errors: the page answers 422 (Unprocessable Entity) with the error
// summary, which is checked like any page; the browser's note of the 422
// status is the expected answer, not a problem.
func submitInvalid(j *journey, sel string) {
	j.t.Helper()
	console := consoleOf(j.tab)
	console.drain()
	resp, err := chromedp.RunResponse(j.ctx, chromedp.Click(chromedp.CSS(sel)))
	if err != nil {
		j.t.Fatalf("click %s: %v", sel, err)
	}
	if resp == nil || resp.Status != 422 {
		j.t.Fatalf("the form %s was not sent back with its errors: %v", sel, resp)
	}
	at, err := chromedp.Run(j.ctx, chromedp.Location())
	if err != nil {
		j.t.Fatal(err)
	}
	r, err := j.axe.checkLoaded(j.ctx, pageResult{URL: at + " (with errors)", Status: 200}, nil)
	if err != nil {
		j.t.Fatal(err)
	}
	for _, line := range console.drain() {
		if !strings.Contains(line, "status of 422") {
			r.Problems = append(r.Problems, line)
		}
	}
	j.results = append(j.results, r)
	j.contains("error-summary")
}

// shot saves the page as e2e/testdata/out/knowledge-NAME.png, to look at
// as the user would (the directory is ignored by git).
func shot(j *journey, name string) {
	j.t.Helper()
	png, err := chromedp.Run(j.ctx, chromedp.FullScreenshot(80))
	if err != nil {
		j.t.Fatal(err)
	}
	out := filepath.Join(repoRoot(j.t), "e2e", "testdata", "out")
	if err := os.MkdirAll(out, 0o755); err != nil {
		j.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "knowledge-"+name+".png"), png, 0o644); err != nil {
		j.t.Fatal(err)
	}
}

// anonymousJourney is a journey without logging in, for the public pages.
func anonymousJourney(t *testing.T, axe *axeScript, browser context.Context, base string, width int64) *journey {
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
	j := &journey{t: t, axe: axe, tab: tab, ctx: ctx, base: base, width: width}
	t.Cleanup(func() { reportPages(t, j.results) })
	return j
}

// publicReads fetches a public page without logging in and checks it
// reads want and not notWant.
func publicReads(t *testing.T, url, want, notWant string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if page := string(b); resp.StatusCode != http.StatusOK || !strings.Contains(page, want) || strings.Contains(page, notWant) {
		t.Errorf("%s (%d): want %q and not %q", url, resp.StatusCode, want, notWant)
	}
}

// publicGone checks that a public page taken offline answers 404 with
// the plain message that the editors took it down.
func publicGone(t *testing.T, url string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusNotFound || !strings.Contains(string(b), "De redactie heeft dit onderwerp offline gehaald.") {
		t.Errorf("%s after taking offline: %d", url, resp.StatusCode)
	}
}
