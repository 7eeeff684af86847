package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestMonitorJourneys walks the programme monitor of issue 16 in the
// browser, with axe on every page and at 1280 and 375 px: the programme
// filters the dashboard by period and region, adds an indicator (first
// with every error at once, then right), sets its status with a reason,
// edits a project's points of attention, reads the concept report in
// both versions, adds a period and a hand measurement (each first with
// every error at once) and publishes the period's report; the
// administrator reads the dashboard; anyone, without logging in, reads
// the published reports in both versions, as HTML and as PDF. The
// dashboard's chart labels are at least 10 px high at both widths. With
// VOLWAARDIG_E2E_SHOTS set to a directory, every page is saved there as
// a screenshot to look at.
func TestMonitorJourneys(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test skipped in -short mode")
	}
	bin := buildBinary(t)
	srv := startServer(t, bin)
	axe := loadAxe(t)
	browser := startBrowser(t)
	shots := os.Getenv("VOLWAARDIG_E2E_SHOTS")

	for _, width := range []int64{1280, 375} {
		tab := newTab(t, browser)
		ctx, cancel := context.WithTimeout(tab, 20*pageTimeout)
		if _, err := chromedp.Run(ctx, chromedp.EmulateViewport(width, 900)); err != nil {
			cancel()
			t.Fatal(err)
		}
		var results []pageResult
		shot := func(name string) {
			if shots == "" {
				return
			}
			if png, err := chromedp.Run(ctx, chromedp.FullScreenshot(70)); err == nil {
				_ = os.WriteFile(filepath.Join(shots, name+"-"+strconv.FormatInt(width, 10)+".png"), png, 0o644)
			}
		}
		sideways := func(path string) {
			t.Helper()
			if over, culprits, err := sideways(ctx, width); err != nil {
				t.Fatalf("%d px %s: sideways check: %v", width, path, err)
			} else if over > 0 {
				t.Errorf("%d px: %s scrolls sideways by %d px (%s)", width, path, over, culprits)
			}
		}
		check := func(path, name string) {
			t.Helper()
			r, err := axe.checkPage(tab, srv.Base+path)
			if err != nil {
				t.Fatalf("%d px %s: %v", width, path, err)
			}
			results = append(results, r)
			sideways(path)
			shot(name)
		}
		eval := func(js string) string {
			t.Helper()
			s, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
			if err != nil {
				t.Fatalf("%d px: %v", width, err)
			}
			return s
		}
		// submit fills a form by script, presses its button and checks the
		// page it lands on.
		submit := func(fill, button, name string, want int64) string {
			t.Helper()
			if got := eval(fill); got != "ok" {
				t.Fatalf("%d px: filling the form: %s", width, got)
			}
			resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(button)))
			if err != nil {
				t.Fatalf("%d px: submit %s: %v", width, button, err)
			}
			if resp.Status != want {
				t.Errorf("%d px: after %s: status %d, want %d", width, button, resp.Status, want)
			}
			r, err := axe.checkLoaded(ctx, pageResult{}, resp)
			if err != nil {
				t.Fatal(err)
			}
			if want != 200 {
				r.Problems = nil // checkLoaded expects 200; the status is checked above
				if len(r.Violations) == 0 {
					r = pageResult{}
				}
			}
			results = append(results, r)
			sideways(name)
			shot(name)
			at, _ := chromedp.Run(ctx, chromedp.Location())
			return pathOf(at)
		}
		body := func() string { return eval(`document.body.innerText`) }
		logout := func() {
			if has := eval(`document.querySelector('form[action="/logout"]') ? "yes" : "no"`); has == "yes" {
				if _, err := chromedp.RunResponse(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
					_, err := chromedp.Evaluate[bool](`(() => { document.querySelector('form[action="/logout"]').requestSubmit(); return true; })()`)(ctx, t)
					return err
				})); err != nil {
					t.Fatalf("log out: %v", err)
				}
			}
		}

		if status, _, _, err := loginWithForm(tab, srv.Base, "programma", "demo"); err != nil || status != 303 {
			t.Fatalf("%d px: login: %d %v", width, status, err)
		}
		check("/", "programma-home")
		if !strings.Contains(body(), "Monitor") {
			t.Errorf("%d px: the programme's home page does not link to the monitor", width)
		}
		check("/monitor", "dashboard")
		// The chart's labels are read on a phone at their own size: the
		// smallest visible label is at least 10 px high at every width.
		if small := eval(`String(Math.min(...[...document.querySelectorAll('.chart svg text')].filter(e => e.getClientRects().length).map(e => e.getBoundingClientRect().height)))`); small == "Infinity" {
			t.Errorf("%d px: no chart label is visible on the dashboard", width)
		} else if v, _ := strconv.ParseFloat(small, 64); v < 10 {
			t.Errorf("%d px: the smallest chart label is %s px high", width, small)
		}
		// On a phone no visible chart turns its names: long names lie the
		// bars on their side, whose value axis spans over two fifths of
		// the chart (beside turned names the plot kept about a third).
		if width < 640 {
			if n := eval(`String([...document.querySelectorAll('.chart svg text[transform]')].filter(e => e.getClientRects().length).length)`); n != "0" {
				t.Errorf("%d px: %s chart names are turned", width, n)
			}
			if got := eval(`String([...document.querySelectorAll('svg.chart--horizontal')].filter(e => e.getClientRects().length).map(svg => { const xs = [...svg.querySelectorAll('line')].map(l => l.getBoundingClientRect().x); return Math.max(...xs) - Math.min(...xs) > svg.getBoundingClientRect().width * 0.4; }).join())`); got == "" || strings.Contains(got, "false") {
				t.Errorf("%d px: no horizontal chart, or one whose value axis is two fifths of it or less: %q", width, got)
			}
		}
		if b := body(); !strings.Contains(b, "Actielijn 1") || !strings.Contains(b, "Niet beschikbaar") && !strings.Contains(b, "Berekend uit") {
			t.Errorf("%d px: dashboard lacks the action lines or the computed indicators", width)
		}
		check("/monitor?periode=2021&regio=", "dashboard-2021")
		if n := eval(`String(document.querySelectorAll('.tag--urgent').length)`); n == "0" {
			t.Errorf("%d px: 2021 shows no goal as not achieved", width)
		}
		check("/monitor?periode=2020&regio=ZK11", "dashboard-region")
		check("/monitor/periodes", "periods")
		check("/monitor", "dashboard-again")
		project := eval(`document.querySelector('a[href^="/monitor/projecten/"]').getAttribute('href')`)
		check(project, "project")
		submit(`(() => { const f = document.querySelector('form[action^="/monitor/projecten/"]');
			f.querySelector('#evaluatie-ja').checked = true; f.querySelector('#evaluatiedatum').value = '31-02-2022';
			f.querySelector('#doorgang-ja').checked = true; f.querySelector('#waar').value = ''; return "ok"; })()`, `form[action^="/monitor/projecten/"] button[type="submit"]`, "project-errors", 422)
		if b := body(); !strings.Contains(b, "Vul de datum van de evaluatie in") || !strings.Contains(b, "Schrijf waar het werk verder gaat") {
			t.Errorf("%d px: the project form does not show every error", width)
		}

		// A new indicator: every error at once, then right.
		check("/monitor/indicatoren/nieuw", "new")
		submit(`(() => { document.querySelector('#soort-berekend').checked = true; document.querySelector('#cijfer').value = 'placement.maatwerkplekken';
			document.querySelector('#streefwaarde').value = '70 bedden'; return "ok"; })()`, `form[action="/monitor/indicatoren"] button[type="submit"]`, "new-errors", 422)
		if b := body(); !strings.Contains(b, "Kies het doel") || !strings.Contains(b, "Geef de indicator een naam") || !strings.Contains(b, "niet in ‘bedden’") {
			t.Errorf("%d px: the indicator form does not show every error:\n%s", width, b)
		}
		at := submit(`(() => { const s = document.querySelector('#doel'); s.selectedIndex = 1; document.querySelector('#naam').value = 'Maatwerkplekken e2e `+strconv.FormatInt(width, 10)+`';
			document.querySelector('#streefwaarde').value = '70 plekken'; return "ok"; })()`, `form[action="/monitor/indicatoren"] button[type="submit"]`, "indicator", 200)
		if !strings.HasPrefix(at, "/monitor/indicatoren/") || !strings.Contains(body(), "De indicator is toegevoegd") {
			t.Fatalf("%d px: the indicator was not added (at %s)", width, at)
		}
		submit(`(() => { document.querySelector('#status-op_koers').checked = true; document.querySelector('#toelichting').value = 'Op schema volgens de zorgkantoren (e2e).'; return "ok"; })()`,
			`form[action$="/status"] button[type="submit"]`, "indicator-status", 200)
		if b := body(); !strings.Contains(b, "Op schema volgens de zorgkantoren (e2e).") || !strings.Contains(b, "De status is vastgelegd") {
			t.Errorf("%d px: the status history does not show the new status", width)
		}
		check("/monitor/rapport/2026", "concept")
		check("/monitor/rapport/2026?versie=eenvoudig", "concept-easy")

		// A new period: every error at once (no name, a bad code, an
		// overlap with 2026), then right.
		w := strconv.FormatInt(width, 10)
		check("/monitor/periodes", "periods-form")
		submit(`(() => { document.querySelector('#naam').value = ''; document.querySelector('#code').value = 'Fout code';
			document.querySelector('#start').value = '01-06-2026'; document.querySelector('#einde').value = '31-12-2027'; return "ok"; })()`,
			`form[action="/monitor/periodes"] button[type="submit"]`, "period-errors", 422)
		if b := body(); !strings.Contains(b, "Geef de periode een naam") || !strings.Contains(b, "Geef een korte code") || !strings.Contains(b, "overlapt met ‘2026’") {
			t.Errorf("%d px: the period form does not show every error at once:\n%s", width, b)
		}
		code, year := "proef-"+w, map[int64]string{1280: "2030", 375: "2031"}[width]
		submit(`(() => { document.querySelector('#naam').value = 'Proefperiode `+w+`'; document.querySelector('#code').value = '`+code+`';
			document.querySelector('#start').value = '01-01-`+year+`'; document.querySelector('#einde').value = '31-12-`+year+`'; return "ok"; })()`,
			`form[action="/monitor/periodes"] button[type="submit"]`, "period", 200)
		if !strings.Contains(body(), "De periode is toegevoegd") {
			t.Errorf("%d px: the period was not added", width)
		}

		// A hand measurement with its source and day: every error at
		// once (wrong unit, no source, a day in the future), then right.
		check(at, "indicator-again")
		submit(`(() => { document.querySelector('#m-periode').value = '`+code+`'; document.querySelector('#waarde').value = '52 bedden';
			document.querySelector('#bron').value = ''; document.querySelector('#gemeten').value = '01-01-2099'; return "ok"; })()`,
			`form[action$="/meting"] button[type="submit"]`, "measurement-errors", 422)
		if b := body(); !strings.Contains(b, "niet in ‘bedden’") || !strings.Contains(b, "Geef de bron van de meting") || !strings.Contains(b, "ligt in de toekomst") {
			t.Errorf("%d px: the measurement form does not show every error at once:\n%s", width, b)
		}
		submit(`(() => { document.querySelector('#m-periode').value = '`+code+`'; document.querySelector('#waarde').value = '52';
			document.querySelector('#bron').value = 'Telling van de zorgkantoren (e2e)'; document.querySelector('#gemeten').value = '01-03-2026'; return "ok"; })()`,
			`form[action$="/meting"] button[type="submit"]`, "measurement", 200)
		if b := body(); !strings.Contains(b, "De meting is opgeslagen") || !strings.Contains(b, "Telling van de zorgkantoren (e2e)") {
			t.Errorf("%d px: the measurement or its source is not shown", width)
		}

		// Publishing waits for the new indicator's easy-read text (tried
		// once, at 1280); once written and reviewed, both versions are
		// public.
		check("/monitor/rapport/"+code, "concept-new")
		if width == 1280 {
			submit(`"ok"`, `form[action$="/publiceren"] button[type="submit"]`, "publish-refused", 422)
			if !strings.Contains(body(), "heeft nog geen tekst in eenvoudige taal") {
				t.Errorf("%d px: publishing without the easy-read text is not refused with its reason", width)
			}
		}
		check(at, "indicator-easy")
		submit(`(() => { document.querySelector('#tekst').value = 'Er zijn nu {aantal} maatwerkplekken.\nDat zijn plekken die passen bij de persoon.';
			document.querySelector('#nagelezen').checked = true; return "ok"; })()`, `form[action$="/eenvoudig"] button[type="submit"]`, "indicator-easy-saved", 200)
		check("/monitor/rapport/"+code, "concept-new-again")
		at = submit(`"ok"`, `form[action$="/publiceren"] button[type="submit"]`, "published", 200)
		if at != "/monitor/rapporten/"+code || !strings.Contains(body(), "Het rapport is gepubliceerd") {
			t.Errorf("%d px: publishing landed on %s", width, at)
		}
		logout()

		// Anyone reads it without logging in: both versions, as HTML and
		// as PDF.
		check("/monitor/rapporten/"+code, "public-new")
		if b := body(); !strings.Contains(b, "Proefperiode "+w) || !strings.Contains(b, "Maatwerkplekken e2e") {
			t.Errorf("%d px: the published report lacks its period or the new indicator", width)
		}
		check("/monitor/rapporten/"+code+"/eenvoudig", "public-new-easy")
		if !strings.Contains(body(), "maatwerkplekken") {
			t.Errorf("%d px: the easy-read report lacks the indicator's easy-read text", width)
		}
		for _, pdf := range []string{"/monitor/rapporten/" + code + "/pdf", "/monitor/rapporten/" + code + "/eenvoudig/pdf"} {
			got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch('`+pdf+`').then(r => r.status + ' ' + r.headers.get('content-type'))`, chromedp.EvalAwaitPromise))
			if err != nil || got != "200 application/pdf" {
				t.Errorf("%d px: %s: %q %v", width, pdf, got, err)
			}
		}

		if status, _, _, err := loginWithForm(tab, srv.Base, "beheerder", "demo"); err != nil || status != 303 {
			t.Fatalf("%d px: login beheerder: %d %v", width, status, err)
		}
		check("/monitor", "dashboard-beheerder")
		if eval(`document.querySelector('form[action$="/status"]') ? "yes" : "no"`) == "yes" {
			t.Errorf("%d px: the administrator gets an editing form", width)
		}
		logout()

		check("/monitor/rapporten", "public-list")
		check("/monitor/rapporten/2020", "public-2020")
		check("/monitor/rapporten/2021/eenvoudig", "public-2021-easy")
		if b := body(); !strings.Contains(b, "Wat is er gebeurd?") || !strings.Contains(b, "Wat is nog niet gelukt?") {
			t.Errorf("%d px: the easy-read report lacks its question headings", width)
		}
		reportPages(t, results)
		cancel()
	}
}
