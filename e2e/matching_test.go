package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestMatchingJourneys walks the complex-care journeys of issue 11 in the
// browser, with axe on every page and at 1280 and 375 px: the region
// escalates a case and the national table (its own account,
// landelijketafel) sees it on its own agenda and decides, after which the
// region reads the outcome; a provider updates a place and answers a
// proposal, after which the answer form is gone; the care office reads a
// short ranking with near misses and proposes under a condition; the
// batch page tells the run in words without raw costs.
func TestMatchingJourneys(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test skipped in -short mode")
	}
	bin := buildBinary(t)
	srv := startServer(t, bin)
	axe := loadAxe(t)
	browser := startBrowser(t)

	for _, width := range []int64{1280, 375} {
		tab := newTab(t, browser)
		ctx, cancel := context.WithTimeout(tab, 12*pageTimeout)
		if _, err := chromedp.Run(ctx, chromedp.EmulateViewport(width, 800)); err != nil {
			cancel()
			t.Fatal(err)
		}
		var results []pageResult
		check := func(path string) {
			t.Helper()
			r, err := axe.checkPage(tab, srv.Base+path)
			if err != nil {
				t.Fatalf("%d px %s: %v", width, path, err)
			}
			results = append(results, r)
			if over, culprits, err := sideways(ctx, width); err != nil {
				t.Fatalf("%d px %s: sideways check: %v", width, path, err)
			} else if over > 0 {
				t.Errorf("%d px: %s scrolls sideways by %d px (%s)", width, path, over, culprits)
			}
		}
		eval := func(js string) string {
			t.Helper()
			s, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
			if err != nil {
				t.Fatalf("%d px: %v", width, err)
			}
			return s
		}
		// submit fills a form by script and presses its submit button,
		// as a person would; it returns the path the browser lands on.
		submit := func(fill, button string) string {
			t.Helper()
			if got := eval(fill); got != "ok" {
				t.Fatalf("%d px: filling the form: %s", width, got)
			}
			resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(button)))
			if err != nil {
				t.Fatalf("%d px: submit %s: %v", width, button, err)
			}
			if resp.Status != 200 {
				t.Errorf("%d px: after %s: status %d", width, button, resp.Status)
			}
			at, _ := chromedp.Run(ctx, chromedp.Location())
			return pathOf(at)
		}
		login := func(user string) {
			t.Helper()
			if has := eval(`document.querySelector('form[action="/logout"]') ? "yes" : "no"`); has == "yes" {
				if _, err := chromedp.RunResponse(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
					_, err := chromedp.Evaluate[bool](`(() => { document.querySelector('form[action="/logout"]').requestSubmit(); return true; })()`)(ctx, t)
					return err
				})); err != nil {
					t.Fatalf("log out: %v", err)
				}
			}
			if status, _, _, err := loginWithForm(tab, srv.Base, user, "demo"); err != nil || status != 303 {
				t.Fatalf("%d px: login %s: %d %v", width, user, status, err)
			}
		}
		body := func() string { return eval(`document.body.innerText`) }

		// The region escalates a case from its agenda (not one whose
		// deadline passed: the background job may escalate that one
		// itself meanwhile, and the region is then told it already is).
		login("zorgkantoor")
		check("/complexe-zorg/agenda")
		name := eval(`(() => {
			const f = [...document.querySelectorAll('form[action$="/besluit"]')].find(f => f.querySelector('option[value="escaleren"]') && f.querySelector('input[name="agenda"]').value !== 'termijn');
			if (!f) { return ""; }
			f.id = "e2e-escalate";
			return f.closest('section').querySelector('h2').innerText.trim(); })()`)
		if name == "" {
			t.Fatalf("%d px: the demo agenda has no case to escalate", width)
		}
		submit(`(() => { const f = document.getElementById('e2e-escalate'); f.querySelector('select').value = 'escaleren';
			f.querySelector('textarea').value = 'De regio vindt geen plek (e2e).'; return "ok"; })()`, `#e2e-escalate button[type="submit"]`)
		if !strings.Contains(body(), "Het besluit is vastgelegd") {
			t.Errorf("%d px: escalating: no confirmation", width)
		}

		// The national table sees it on its own agenda and decides.
		login("landelijketafel")
		check("/complexe-zorg/agenda")
		if b := body(); !strings.Contains(b, "Agenda landelijke tafel") || !strings.Contains(b, name) {
			t.Fatalf("%d px: the national table's agenda lacks %q", width, name)
		}
		deadline := time.Now().AddDate(0, 2, 0).Format("02-01-2006")
		submit(`(() => { const h = [...document.querySelectorAll('section h2')].find(h => h.innerText.includes(`+jsString(name)+`));
			const f = h.closest('section').querySelector('form'); f.id = "e2e-national";
			f.querySelector('select').value = 'bemiddelen'; f.querySelector('input[name="deadline"]').value = '`+deadline+`';
			f.querySelector('textarea').value = 'Plek gevonden in een andere regio (e2e).'; return "ok"; })()`, `#e2e-national button[type="submit"]`)
		if b := body(); !strings.Contains(b, "Het besluit is vastgelegd") {
			t.Errorf("%d px: the national decision was not recorded", width)
		}

		// The region reads the outcome.
		login("zorgkantoor")
		check("/complexe-zorg/agenda")
		if b := body(); !strings.Contains(b, "Uitkomsten van de landelijke tafel") || !strings.Contains(b, "Plek gevonden in een andere regio (e2e).") || !strings.Contains(b, "Noor Hendriks") {
			t.Errorf("%d px: the region does not read the national outcome", width)
		}

		// The ranking: fitting places, near misses, a proposal under a condition.
		check("/complexe-zorg")
		links := eval(`[...document.querySelectorAll('a[href^="/complexe-zorg/personen/"]')].map(a => a.getAttribute('href')).slice(0, 25).join(' ')`)
		proposed := false
		for _, href := range strings.Fields(links) {
			if _, err := chromedp.RunResponse(ctx, chromedp.Navigate(srv.Base+href)); err != nil {
				t.Fatal(err)
			}
			if eval(`document.querySelector('input[name="voorwaarde"]') ? "yes" : "no"`) != "yes" {
				continue
			}
			check(href)
			if b := body(); !strings.Contains(b, "Passende plekken") || !strings.Contains(b, "Bijna passend") || !strings.Contains(b, "Wat zou helpen") {
				t.Errorf("%d px: %s: the short ranking is missing", width, href)
			}
			submit(`(() => { const i = document.querySelector('input[name="voorwaarde"]'); i.form.id = "e2e-condition"; return "ok"; })()`, `#e2e-condition button[type="submit"]`)
			if b := body(); !strings.Contains(b, "Het voorstel is verstuurd") && !strings.Contains(b, "open voorstel") {
				t.Errorf("%d px: proposing under a condition: no confirmation", width)
			}
			proposed = true
			break
		}
		if !proposed {
			t.Errorf("%d px: no person in the demo register has a near miss that help would make fit", width)
		}

		// The batch in words.
		check("/complexe-zorg/batch")
		at := submit(`"ok"`, `form[action="/complexe-zorg/batch"] button[type="submit"]`)
		for i := 0; i < 60 && strings.Contains(body(), "bezig"); i++ {
			time.Sleep(time.Second)
			if _, err := chromedp.RunResponse(ctx, chromedp.Navigate(srv.Base+at)); err != nil {
				t.Fatal(err)
			}
		}
		check(at)
		if b := body(); !strings.Contains(b, "Wie krijgt welke plek") || !strings.Contains(b, "Wie krijgt geen plek") || strings.Contains(b, "Totale kosten") {
			t.Errorf("%d px: the batch page does not tell the run in words", width)
		}

		// The provider updates a place and answers a proposal.
		login("aanbieder")
		check("/complexe-zorg/aanbieder")
		edit := eval(`(() => { const a = [...document.querySelectorAll('a[href^="/complexe-zorg/plekken/"]')].find(a => /\/plekken\/\d+$/.test(a.getAttribute('href'))); return a ? a.getAttribute('href') : ""; })()`)
		if edit == "" {
			t.Fatalf("%d px: the provider page links to no place to update", width)
		}
		check(edit)
		if p := submit(`(() => { const c = document.getElementById('capaciteit'); c.value = String(Number(c.value) + 1); return "ok"; })()`,
			`form[action^="/complexe-zorg/plekken/"] button[type="submit"]`); p != "/complexe-zorg/aanbieder" || !strings.Contains(body(), "De plek is bijgewerkt") {
			t.Errorf("%d px: updating the place ended at %s", width, p)
		}
		check("/complexe-zorg/voorstellen")
		action := eval(`(() => { const f = document.querySelector('form[action$="/antwoord"]'); if (!f) { return ""; } f.id = "e2e-answer"; return f.getAttribute('action'); })()`)
		if action == "" {
			t.Logf("%d px: no open proposal left for the provider to answer", width)
		} else {
			submit(`(() => { document.querySelector('#e2e-answer input[value="ja"]').checked = true; return "ok"; })()`, `#e2e-answer button[type="submit"]`)
			check("/complexe-zorg/voorstellen")
			if eval(`document.querySelector('form[action="`+action+`"]') ? "yes" : "no"`) == "yes" || !strings.Contains(body(), "U heeft geantwoord") {
				t.Errorf("%d px: the answer form of %s stays after the answer", width, action)
			}
		}
		reportPages(t, results)
		cancel()
	}
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`).Replace(s) + "'"
}
