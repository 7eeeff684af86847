package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// themeCSS is a published NL Design System theme, installed from npm for
// the tests only (e2e/package.json): the Rijkshuisstijl community's
// "uitvoerend robijnrood" tokens, whose primary colour differs from ours,
// so a component that ignores the tokens shows.
const themeCSS = "node_modules/@rijkshuisstijl-community/design-tokens/dist/uitvoerend-robijnrood/root.css"

// TestPages checks the start page per role and the theme tokens in
// Chromium (issue 11, "Every page"). Select parts with -run, e.g.
// -run 'TestPages/start/crisisregisseur-375'.
func TestPages(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test skipped in -short mode")
	}
	bin := buildBinary(t)
	srv := startServer(t, bin)
	axe := loadAxe(t)
	browser := startBrowser(t)

	t.Run("theme", func(t *testing.T) {
		// A published theme's token stylesheet, added to the page as it
		// is: the primary button, a link and the h1 must take its values,
		// which means the CSS reads the real token names.
		css, err := os.ReadFile(filepath.Join(repoRoot(t), "e2e", themeCSS))
		if err != nil {
			skipOrFail(t, "the theme's tokens come from npm (npm ci --prefix e2e): %v", err)
		}
		tab := newTab(t, browser)
		if status, _, _, err := loginWithForm(tab, srv.Base, "zorgkantoor", "demo"); err != nil || status != 303 {
			t.Fatalf("login: %d %v", status, err)
		}
		ctx, cancel := context.WithTimeout(tab, pageTimeout)
		defer cancel()
		// The product's CSP allows no inline style; the test lifts it for
		// this tab only, to add the theme the way a deployment would link it.
		if _, err := chromedp.Call(ctx, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true}); err != nil {
			t.Fatal(err)
		}
		// The batch page has a primary button ("Batch starten"), links and
		// an h1; the register form now starts with the client picker, whose
		// first button is a secondary one.
		if _, err := chromedp.Run(ctx, chromedp.NavigateResponse(srv.Base+"/complexe-zorg/batch")); err != nil {
			t.Fatal(err)
		}
		measure := `(() => {
			const probe = (prop, token) => { const d = document.createElement('div'); d.style[prop] = 'var(' + token + ')'; document.body.append(d);
				const v = getComputedStyle(d)[prop]; d.remove(); return v; };
			const cs = (sel, prop) => { const e = document.querySelector(sel); return e ? getComputedStyle(e)[prop] : 'missing ' + sel; };
			const btn = 'main button[type=submit]:not(.secondary):not(.button--secondary):not(.link-button)';
			const link = 'main a:not(.button)';
			return {
				"button background": [cs(btn, 'backgroundColor'), probe('backgroundColor', '--utrecht-button-primary-action-background-color')],
				"button text": [cs(btn, 'color'), probe('color', '--utrecht-button-primary-action-color')],
				"link": [cs(link, 'color'), probe('color', '--nl-link-color')],
				"h1 colour": [cs('main h1', 'color'), probe('color', '--nl-heading-level-1-color')],
				"h1 size": [cs('main h1', 'fontSize'), probe('fontSize', '--nl-heading-level-1-font-size')],
			}; })()`
		before, err := chromedp.Run(ctx, chromedp.Evaluate[map[string][2]string](measure))
		if err != nil {
			t.Fatal(err)
		}
		js, _ := json.Marshal(string(css))
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const s = document.createElement('style'); s.textContent = `+string(js)+`; document.head.append(s); return true; })()`)); err != nil {
			t.Fatal(err)
		}
		after, err := chromedp.Run(ctx, chromedp.Evaluate[map[string][2]string](measure))
		if err != nil {
			t.Fatal(err)
		}
		if b, a := before["button background"][0], after["button background"][1]; b == a {
			t.Fatalf("our own button colour %s equals the theme's %s: the check would prove nothing", b, a)
		}
		for what, v := range after {
			t.Logf("%s: computed %s, theme token %s", what, v[0], v[1])
			if v[1] == "" || v[0] != v[1] {
				t.Errorf("with the theme loaded, the %s is %q, want the theme's token value %q", what, v[0], v[1])
			}
		}
	})

	t.Run("start", func(t *testing.T) {
		// Each role's start page shows what waits for that person today,
		// as a list of tasks with links, readable at 1280 px and on a
		// 375 px phone without sideways scrolling, and passes axe.
		roles := []struct{ role, path, want string }{
			{"zorgkantoor", "/", "verstreken termijn"},
			{"aanbieder", "/", "op uw antwoord"},
			{"crisisregisseur", "/", "Crisis: "},
			{"cot", "/", "Bevestig dat uw team"},
			{"zorgverlener", "/", "Afwijkende nacht: "},
			{"client", "/mijn", "Er is een plek voor u gevonden"},
		}
		for _, r := range roles {
			for _, width := range []int64{1280, 375} {
				t.Run(fmt.Sprintf("%s-%d", r.role, width), func(t *testing.T) {
					tab := newTab(t, browser)
					ctx, cancel := context.WithTimeout(tab, 2*pageTimeout)
					defer cancel()
					if width < 400 {
						if _, err := chromedp.Run(ctx, chromedp.EmulateViewport(width, 740, chromedp.EmulateMobile, chromedp.EmulateTouch)); err != nil {
							t.Fatal(err)
						}
					}
					if status, _, _, err := loginWithForm(tab, srv.Base, r.role, "demo"); err != nil || status != 303 {
						t.Fatalf("login: %d %v", status, err)
					}
					res, err := axe.checkPage(tab, srv.Base+r.path)
					if err != nil {
						t.Fatal(err)
					}
					reportPages(t, []pageResult{res})
					got, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]any](`(() => {
						const items = [...document.querySelectorAll('main ul.tasks > li')];
						return { tasks: items.map(li => li.textContent.replace(/\s+/g, ' ').trim()),
							links: items.filter(li => li.querySelector('a[href]')).length,
							right: Math.max(0, ...items.map(li => li.getBoundingClientRect().right)),
							scroll: document.documentElement.scrollWidth }; })()`))
					if err != nil {
						t.Fatal(err)
					}
					raw, _ := json.Marshal(got["tasks"])
					t.Logf("tasks: %s", raw)
					if !strings.Contains(string(raw), r.want) {
						t.Errorf("the start page of %s lists no task with %q; tasks: %s", r.role, r.want, raw)
					}
					if n, _ := got["links"].(float64); n == 0 {
						t.Errorf("no task on the start page of %s links to where the work is done", r.role)
					}
					if right, _ := got["right"].(float64); right > float64(width) {
						t.Errorf("a task ends at %.0f px, past the %d px screen", right, width)
					}
					if sw, _ := got["scroll"].(float64); sw > float64(width) {
						t.Errorf("the page is %.0f px wide on a %d px screen: it scrolls sideways", sw, width)
					}
				})
			}
		}
	})

	t.Run("phone-morning-caption", func(t *testing.T) {
		// The morning overview's table caption ran past the right edge of
		// a 375 px phone (the table scrolls sideways inside its wrapper,
		// and the caption took the table's width): its text must end
		// within the screen.
		tab := newTab(t, browser)
		ctx, cancel := context.WithTimeout(tab, 2*pageTimeout)
		defer cancel()
		if _, err := chromedp.Run(ctx, chromedp.EmulateViewport(375, 740, chromedp.EmulateMobile, chromedp.EmulateTouch)); err != nil {
			t.Fatal(err)
		}
		if status, _, _, err := loginWithForm(tab, srv.Base, "zorgverlener", "demo"); err != nil || status != 303 {
			t.Fatalf("login: %d %v", status, err)
		}
		res, err := axe.checkPage(tab, srv.Base+"/nachtrust")
		if err != nil {
			t.Fatal(err)
		}
		reportPages(t, []pageResult{res})
		right, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`(() => {
			const c = document.querySelector('main table caption'); if (!c) return -1;
			const r = document.createRange(); r.selectNodeContents(c);
			return Math.max(...[...r.getClientRects()].map(x => x.right)); })()`))
		if err != nil {
			t.Fatal(err)
		}
		if right < 0 {
			t.Fatal("the morning overview has no table caption")
		}
		if right > 375 {
			t.Errorf("the caption's text ends at %.0f px, past the 375 px screen", right)
		}
	})

	t.Run("phone-contact-and-charts", func(t *testing.T) {
		// On a 375 px phone (issue 11): the client's easy-read placement
		// and crisis pages say whom to call, with the number as a tel: link
		// on one line; the dates of "who looked at my data" stay whole; a facts list stacks each name above its value instead of
		// breaking names and numbers mid-word; the night nurse's actogram
		// keeps a readable size in its own sliding frame while the page
		// does not scroll sideways.
		pages := []struct {
			role, path, easy string
			check            string
		}{
			{"client", "/mijn/plaatsing", "1", `(() => {
				const a = [...document.querySelectorAll('main a[href^="tel:"]')][0];
				if (!a) return 'no tel: link';
				if (!/Bel /.test(a.parentElement.textContent)) return 'the number is not introduced with "Bel"';
				const rects = a.getClientRects();
				if (rects.length !== 1) return 'the number breaks over ' + rects.length + ' lines';
				if (rects[0].right > 375) return 'the number ends at ' + rects[0].right;
				return ''; })()`},
			// The crisis page names whom to call with the number (it said
			// "Bel uw begeleider" without one).
			{"client", "/mijn/crisis", "1", `(() => {
				const a = [...document.querySelectorAll('main a[href^="tel:"]')][0];
				if (!a) return 'no tel: link';
				if (!/Bel /.test(a.parentElement.textContent)) return 'the number is not introduced with "Bel"';
				const rects = a.getClientRects();
				if (rects.length !== 1) return 'the number breaks over ' + rects.length + ' lines';
				if (rects[0].right > 375) return 'the number ends at ' + rects[0].right;
				return ''; })()`},
			// The period's dates stay whole (they broke at a hyphen).
			{"client", "/mijn/inzage", "", `(() => {
				const h = [...document.querySelectorAll('main h2')].find(h => /\d\d-\d\d-\d{4}/.test(h.textContent));
				if (!h) return 'no heading with the period';
				const bad = [...h.querySelectorAll('.nowrap')].filter(s => s.getClientRects().length !== 1);
				if (h.querySelectorAll('.nowrap').length !== 2) return 'the dates are not kept whole';
				if (bad.length) return 'a date breaks over lines';
				return ''; })()`},
			{"client", "/mijn/gegevens", "", `(() => {
				const dt = document.querySelector('main dl.facts dt'), dd = document.querySelector('main dl.facts dd');
				if (!dt || !dd) return 'no facts list';
				const a = dt.getBoundingClientRect(), b = dd.getBoundingClientRect();
				if (Math.abs(a.left - b.left) > 1 || b.top < a.bottom - 1) return 'name and value side by side: dt ' + a.left + ',' + a.bottom + ' dd ' + b.left + ',' + b.top;
				return ''; })()`},
			{"zorgverlener", "/nachtrust", "", `(() => {
				const svg = document.querySelector('main .chart-scroll > svg.chart');
				if (!svg) return 'no actogram in a sliding frame';
				if (svg.getBoundingClientRect().width < 700) return 'the actogram is squeezed to ' + svg.getBoundingClientRect().width + ' px';
				return ''; })()`},
		}
		for _, pg := range pages {
			t.Run(pg.role+pg.path, func(t *testing.T) {
				tab := newTab(t, browser)
				ctx, cancel := context.WithTimeout(tab, 3*pageTimeout)
				defer cancel()
				if _, err := chromedp.Run(ctx, chromedp.EmulateViewport(375, 740, chromedp.EmulateMobile, chromedp.EmulateTouch)); err != nil {
					t.Fatal(err)
				}
				if status, _, _, err := loginWithForm(tab, srv.Base, pg.role, "demo"); err != nil || status != 303 {
					t.Fatalf("login: %d %v", status, err)
				}
				target := srv.Base + pg.path
				if pg.easy != "" {
					target += "?eenvoudig=1"
				}
				if pg.path == "/nachtrust" {
					// The morning overview links to each client's nights.
					if _, err := chromedp.Run(ctx, chromedp.NavigateResponse(target)); err != nil {
						t.Fatal(err)
					}
					href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector('main a[href^="/nachtrust/clienten/"]') || {href: ''}).href`))
					if err != nil || href == "" {
						t.Fatalf("the morning overview links to no client's nights (%v)", err)
					}
					target = href
				}
				res, err := axe.checkPage(tab, target)
				if err != nil {
					t.Fatal(err)
				}
				reportPages(t, []pageResult{res})
				problem, err := chromedp.Run(ctx, chromedp.Evaluate[string](pg.check))
				if err != nil {
					t.Fatal(err)
				}
				if problem != "" {
					t.Errorf("%s at 375 px: %s", pg.path, problem)
				}
				over, culprits, err := sideways(ctx, 375)
				if err != nil {
					t.Fatal(err)
				}
				if over > 0 {
					t.Errorf("%s scrolls sideways by %d px (%s)", pg.path, over, culprits)
				}
			})
		}
	})

	t.Run("easy-read", func(t *testing.T) {
		// Easy-read written per page (issue 11): the client's crisis page
		// and "who looked at my data", and the relative's Nachtrust page,
		// in easy-read mode have question headings, explain their words
		// under "Wat betekenen de woorden?" or the like, show no codes
		// (BSN, ZK11) and keep each sentence short.
		pages := []struct{ role, path, explains string }{
			{"client", "/mijn/crisis", "Crisisregisseur"},
			{"client", "/mijn/inzage", "Gegevens zijn dingen over iemand."},
			{"naaste", "/nachtrust", "Sensor"}, // followed to the client's own page below
		}
		for _, pg := range pages {
			t.Run(pg.role+pg.path, func(t *testing.T) {
				tab := newTab(t, browser)
				ctx, cancel := context.WithTimeout(tab, 2*pageTimeout)
				defer cancel()
				if status, _, _, err := loginWithForm(tab, srv.Base, pg.role, "demo"); err != nil || status != 303 {
					t.Fatalf("login: %d %v", status, err)
				}
				if _, err := chromedp.Run(ctx, chromedp.NavigateResponse(srv.Base+"/voorkeur/eenvoudig?aan=1&terug="+pg.path)); err != nil {
					t.Fatal(err)
				}
				target := srv.Base + pg.path
				if pg.path == "/nachtrust" {
					href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector('main a[href^="/nachtrust/naaste/"]') || {href: ''}).href`))
					if err != nil || href == "" {
						t.Fatalf("the relative's Nachtrust page links to no client's sleep page (%v)", err)
					}
					target = href
				}
				res, err := axe.checkPage(tab, target)
				if err != nil {
					t.Fatal(err)
				}
				reportPages(t, []pageResult{res})
				got, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]any](`(() => {
					const main = document.querySelector('main');
					const heads = [...main.querySelectorAll('h1, h2')].map(h => h.textContent.replace(/\s+/g, ' ').trim());
					const text = main.innerText;
					const sentences = text.split(/(?<=[.?!])\s+|\n+/).map(s => s.trim()).filter(s => s);
					return { heads, text, long: sentences.filter(s => s.split(/\s+/).length > 15),
						easy: document.body.classList.contains('eenvoudig') }; })()`))
				if err != nil {
					t.Fatal(err)
				}
				if easy, _ := got["easy"].(bool); !easy {
					t.Fatal("easy-read is not switched on")
				}
				heads, _ := got["heads"].([]any)
				for _, h := range heads {
					if s, _ := h.(string); !strings.HasSuffix(s, "?") {
						t.Errorf("heading %q is not a question", s)
					}
				}
				text, _ := got["text"].(string)
				if !strings.Contains(text, pg.explains) {
					t.Errorf("the page does not explain %q", pg.explains)
				}
				for _, code := range []string{"BSN", "ZK1", "ZK0"} {
					if strings.Contains(text, code) {
						t.Errorf("the easy-read page shows the code %q", code)
					}
				}
				if long, _ := got["long"].([]any); len(long) > 0 {
					t.Errorf("sentences longer than 15 words: %q", long)
				}
			})
		}
	})

	t.Run("sub-nav-and-inputs", func(t *testing.T) {
		// The complex-care sub-navigation is a menu bar: no bullets, its
		// items in one row at 1280 px, the current page marked; and every
		// input of a form is styled (a border) and sized (44 px high).
		tab := newTab(t, browser)
		ctx, cancel := context.WithTimeout(tab, 2*pageTimeout)
		defer cancel()
		if status, _, _, err := loginWithForm(tab, srv.Base, "zorgkantoor", "demo"); err != nil || status != 303 {
			t.Fatalf("login: %d %v", status, err)
		}
		res, err := axe.checkPage(tab, srv.Base+"/complexe-zorg/agenda")
		if err != nil {
			t.Fatal(err)
		}
		reportPages(t, []pageResult{res})
		nav, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]any](`(() => {
			const lis = [...document.querySelectorAll('nav.sub-nav li')];
			return { n: lis.length, bullets: lis.filter(li => getComputedStyle(li).listStyleType !== 'none' && getComputedStyle(li.parentElement).listStyleType !== 'none').length,
				rows: new Set(lis.map(li => Math.round(li.getBoundingClientRect().top))).size,
				current: (document.querySelector('nav.sub-nav a[aria-current="page"]') || {textContent: ''}).textContent.trim() }; })()`))
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("sub-nav: %v", nav)
		if n, _ := nav["n"].(float64); n < 2 {
			t.Fatalf("no sub-navigation on the agenda page: %v", nav)
		}
		if b, _ := nav["bullets"].(float64); b > 0 {
			t.Errorf("%.0f sub-navigation items show a bullet", b)
		}
		if r, _ := nav["rows"].(float64); r != 1 {
			t.Errorf("the sub-navigation takes %.0f rows at 1280 px, want one menu bar", r)
		}
		if c, _ := nav["current"].(string); c != "Agenda regionale tafel" {
			t.Errorf("the current page in the sub-navigation is %q, want the agenda", c)
		}
		if _, err := chromedp.Run(ctx, chromedp.NavigateResponse(srv.Base+"/complexe-zorg/nieuw")); err != nil {
			t.Fatal(err)
		}
		bad, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('main input, main select, main textarea')]
			.filter(e => !['hidden', 'checkbox', 'radio', 'submit', 'button'].includes(e.type) && e.offsetParent !== null)
			.filter(e => { const c = getComputedStyle(e); return parseFloat(c.borderTopWidth) < 1 || e.getBoundingClientRect().height < 44; })
			.map(e => e.outerHTML.slice(0, 120))`))
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range bad {
			t.Errorf("input not styled or below 44 px: %s", b)
		}
	})
}
