package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// demoRoles are the demo accounts of DESIGN §4, one per role, password demo.
var demoRoles = []string{"zorgkantoor", "crisisregisseur", "cot", "aanbieder", "zorgverlener", "ondersteuner", "naaste", "client", "programma", "beheerder"}

// anonymousPages are reachable without logging in.
var anonymousPages = []string{"/login", "/privacy", "/toegankelijkheid"}

// TestSite runs every end-to-end check against one real server with the demo
// data: curl logins (plain and behind a TLS proxy), the anonymous pages, the
// keyboard-only login, a screenshot, a crawl of every role's pages with axe,
// and last the graceful shutdown. Select parts with -run, e.g.
// -run 'TestSite/browser/roles/cot'.
func TestSite(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test skipped in -short mode")
	}
	bin := buildBinary(t)
	srv := startServer(t, bin)

	t.Run("curl-login", func(t *testing.T) {
		checkCurlLogin(t, srv.Base, "zorgkantoor", false)
	})

	t.Run("curl-login-tls-proxy", func(t *testing.T) {
		if !strings.Contains(serveHelp(bin), "trust-proxy") {
			if browserRequired() || os.Getenv("CI") != "" {
				t.Fatal("`volwaardig serve --help` lists no --trust-proxy flag: the server cannot be run behind a TLS-terminating proxy")
			}
			t.Skip("`volwaardig serve --help` lists no --trust-proxy flag yet")
		}
		behind := startServer(t, bin, "--trust-proxy")
		proxy := tlsProxy(t, behind.Base)
		checkCurlLogin(t, proxy.URL, "zorgkantoor", true)
		behind.stop(t)
	})

	t.Run("browser", func(t *testing.T) {
		axe := loadAxe(t)
		browser := startBrowser(t)

		t.Run("anonymous", func(t *testing.T) {
			tab := newTab(t, browser)
			var results []pageResult
			for _, p := range anonymousPages {
				r, err := axe.checkPage(tab, srv.Base+p)
				if err != nil {
					t.Errorf("%s: %v", p, err)
					continue
				}
				if got := pathOf(r.FinalURL); got != p {
					r.Problems = append(r.Problems, "ended at "+got+" instead of staying on "+p)
				}
				results = append(results, r)
			}
			reportPages(t, results)
		})

		t.Run("keyboard-login", func(t *testing.T) {
			res, err := loginWithKeyboard(newTab(t, browser), srv.Base, "zorgkantoor", "demo")
			t.Logf("focus order: %s", strings.Join(res.Order, " → "))
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Order) == 0 || !strings.Contains(res.Order[0], `href="#`) {
				t.Errorf("the first Tab focused %v, want the skip link", res.Order)
			}
			for _, p := range focusProblems(res.Stops) {
				t.Error(p)
			}
			if res.RedirectStatus != 303 {
				t.Errorf("POST /login answered %d, want 303", res.RedirectStatus)
			}
			if p := pathOf(res.HomeURL); p == "/login" || res.Home == nil || res.Home.Status != 200 {
				t.Errorf("after Enter the browser is at %s (response %+v), want the role's home page with 200", res.HomeURL, res.Home)
			}
		})

		t.Run("screenshot", func(t *testing.T) {
			tab := newTab(t, browser)
			status, _, home, err := loginWithForm(tab, srv.Base, "zorgkantoor", "demo")
			if err != nil {
				t.Fatal(err)
			}
			if status != 303 || pathOf(home) == "/login" {
				t.Fatalf("login as zorgkantoor: status %d, at %s", status, home)
			}
			ctx, cancel := context.WithTimeout(tab, pageTimeout)
			defer cancel()
			// A low viewport, so the full-page capture ends where the page
			// does instead of padding it with white.
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 480)); err != nil {
				t.Fatal(err)
			}
			png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(repoRoot(t), "e2e", "testdata", "out")
			if err := os.MkdirAll(out, 0o755); err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(out, "zorgkantoor-home.png")
			if err := os.WriteFile(file, png, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("wrote %s (%d bytes) of %s", file, len(png), home)
		})

		t.Run("preferences", func(t *testing.T) {
			// The crawl skips the preference switches; here they are
			// followed once, and the pages are checked in that mode.
			variants := []struct {
				name, role, on, proof string
			}{
				{"english", "zorgkantoor", `a[hreflang="en"][href*="/voorkeur/taal"]`, `document.documentElement.lang.startsWith('en')`},
				{"easy-read", "client", `a[href*="/voorkeur/eenvoudig"][href*="aan=1"]`, `document.querySelector('a[href*="/voorkeur/eenvoudig"][href*="aan=0"]') !== null`},
			}
			for _, v := range variants {
				t.Run(v.name, func(t *testing.T) {
					tab := newTab(t, browser)
					status, _, home, err := loginWithForm(tab, srv.Base, v.role, "demo")
					if err != nil {
						t.Fatal(err)
					}
					if status != 303 || pathOf(home) == "/login" {
						t.Fatalf("login as %s: status %d, at %s", v.role, status, home)
					}
					ctx, cancel := context.WithTimeout(tab, pageTimeout)
					defer cancel()
					href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector('`+v.on+`') || {href: ''}).href`))
					if err != nil {
						t.Fatal(err)
					}
					if href == "" {
						t.Fatalf("the home page of %s has no link matching %s to switch %s on", v.role, v.on, v.name)
					}
					resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(href))
					if err != nil {
						t.Fatal(err)
					}
					if resp.Status != 200 {
						t.Fatalf("switching %s on via %s answered %d", v.name, href, resp.Status)
					}
					on, err := chromedp.Run(ctx, chromedp.Evaluate[bool](v.proof))
					if err != nil {
						t.Fatal(err)
					}
					if !on {
						t.Fatalf("after %s the page does not show %s mode (%s is false)", href, v.name, v.proof)
					}
					results, _, err := axe.crawl(tab, home, min(20, maxPages()))
					if err != nil {
						t.Fatal(err)
					}
					reportPages(t, results)
				})
			}
		})

		t.Run("phone-tables-and-errors", func(t *testing.T) {
			// At 375 px wide, tables wider than the screen scroll inside
			// their wrapper, which keyboard users must reach (axe
			// scrollable-region-focusable), and a form sent back with
			// errors focuses its summary, whose links must keep their
			// contrast on the focus style (axe color-contrast).
			tab := newTab(t, browser)
			ctx, cancel := context.WithTimeout(tab, 4*pageTimeout)
			defer cancel()
			if _, err := chromedp.Run(ctx, chromedp.EmulateViewport(375, 740, chromedp.EmulateMobile, chromedp.EmulateTouch)); err != nil {
				t.Fatal(err)
			}
			if _, page, _, err := loginWithForm(tab, srv.Base, "zorgkantoor", "wrong password"); err != nil || page == nil || page.Status != 401 {
				t.Fatalf("wrong login: %v %v", page, err)
			}
			var results []pageResult
			// The 401 login page is what this check is about: its status
			// is expected, so the result starts as if it were a 200.
			r, err := axe.checkLoaded(ctx, pageResult{URL: srv.Base + "/login (after a wrong password)", Status: 200}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if focused, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.activeElement && document.activeElement.classList.contains('error-summary')`)); err != nil || !focused {
				t.Errorf("the error summary is not focused after a wrong password (%v), so its focus style was not checked", err)
			}
			results = append(results, r)
			if status, _, _, err := loginWithForm(tab, srv.Base, "programma", "demo"); err != nil || status != 303 {
				t.Fatalf("login: %d %v", status, err)
			}
			for _, p := range []string{"/complexe-zorg/cijfers", "/crisis/monitor"} {
				r, err := axe.checkPage(tab, srv.Base+p)
				if err != nil {
					t.Fatal(err)
				}
				results = append(results, r)
			}
			// A text input without a type attribute (the answer form's
			// reason) is styled like the others: a full-width 44 px field,
			// not the browser's tiny default; a radio's label sits beside it.
			if _, err := chromedp.RunResponse(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
				_, err := chromedp.Evaluate[bool](`(() => { document.querySelector('form[action="/logout"]').requestSubmit(); return true; })()`)(ctx, t)
				return err
			})); err != nil {
				t.Fatalf("log out: %v", err)
			}
			if status, _, _, err := loginWithForm(tab, srv.Base, "zorgkantoor", "demo"); err != nil || status != 303 {
				t.Fatalf("login: %d %v", status, err)
			}
			r, err = axe.checkPage(tab, srv.Base+"/complexe-zorg/voorstellen")
			if err != nil {
				t.Fatal(err)
			}
			results = append(results, r)
			type box struct{ InputHeight, InputWidth, RadioBottom, LabelTop float64 }
			b, err := chromedp.Run(ctx, chromedp.Evaluate[box](`(() => {
			  const i = document.querySelector('input[name="namens_reden"]'), r = document.querySelector('input[name="antwoord"]');
			  if (!i || !r) { return {}; }
			  const l = document.querySelector('label[for="' + r.id + '"]');
			  return {InputHeight: i.offsetHeight, InputWidth: i.offsetWidth, RadioBottom: r.getBoundingClientRect().bottom, LabelTop: l.getBoundingClientRect().top};
			})()`))
			if err != nil {
				t.Fatal(err)
			}
			if b.InputHeight < 44 || b.InputWidth < 300 {
				t.Errorf("the reason input on /complexe-zorg/voorstellen is %.0f×%.0f px at 375 px wide, want at least 300×44 (styled like other inputs)", b.InputWidth, b.InputHeight)
			}
			if b.LabelTop >= b.RadioBottom {
				t.Errorf("a radio's label starts below the radio (label top %.0f, radio bottom %.0f)", b.LabelTop, b.RadioBottom)
			}
			reportPages(t, results)
		})

		t.Run("phone-intake", func(t *testing.T) {
			// Crisis intake is made on a phone (issue 4): at 375 px wide the
			// form passes axe, needs no sideways scrolling, and a crisis
			// can be reported with only the required facts.
			tab := newTab(t, browser)
			ctx, cancel := context.WithTimeout(tab, 2*pageTimeout)
			defer cancel()
			if _, err := chromedp.Run(ctx, chromedp.EmulateViewport(375, 740, chromedp.EmulateMobile, chromedp.EmulateTouch)); err != nil {
				t.Fatal(err)
			}
			if status, _, _, err := loginWithForm(tab, srv.Base, "crisisregisseur", "demo"); err != nil || status != 303 {
				t.Fatalf("login: %d %v", status, err)
			}
			r, err := axe.checkPage(tab, srv.Base+"/crisis/melden")
			if err != nil {
				t.Fatal(err)
			}
			reportPages(t, []pageResult{r})
			over, culprits, err := sideways(ctx, 375)
			if err != nil {
				t.Fatal(err)
			}
			if over > 0 {
				t.Errorf("the intake form scrolls sideways by %d px on a 375 px phone screen (%s)", over, culprits)
			}
			form := `form[method="post"][action="/crisis/melden"] `
			if err := chromedp.Do(ctx,
				chromedp.SendKeys(chromedp.CSS(form+`#naam`), "Telefoontest"),
				chromedp.SendKeys(chromedp.CSS(form+`#waar`), "thuis"),
				chromedp.SendKeys(chromedp.CSS(form+`#wat`), "Escaleert, slaat om zich heen."),
				chromedp.Click(chromedp.CSS(form+`input[name="urgentie"]`)),
			); err != nil {
				t.Fatalf("fill the intake form: %v", err)
			}
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const s = document.querySelector('#regio'); if (!s.value) { s.selectedIndex = 1; } return true; })()`)); err != nil {
				t.Fatal(err)
			}
			resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(form+`button[type="submit"]`)))
			if err != nil {
				t.Fatalf("submit the intake form: %v", err)
			}
			if resp.Status != 200 {
				t.Fatalf("after submitting: status %d", resp.Status)
			}
			at, err := chromedp.Run(ctx, chromedp.Location())
			if err != nil {
				t.Fatal(err)
			}
			if p := pathOf(at); !strings.HasPrefix(p, "/crisis/") || strings.HasPrefix(p, "/crisis/melden") {
				t.Fatalf("after reporting on a phone the browser is at %s, want the new case", at)
			}
		})

		t.Run("people", func(t *testing.T) { peopleJourneys(t, axe, browser, srv.Base) })

		t.Run("phone-morning-overview", func(t *testing.T) {
			// The night nurse's morning overview on a phone (issue 11):
			// the "Opvallend" (flag) column is on screen without scrolling
			// the table sideways, and another morning is chosen with a
			// plain form (dd-mm-jjjj, no JavaScript needed).
			tab := newTab(t, browser)
			ctx, cancel := context.WithTimeout(tab, 2*pageTimeout)
			defer cancel()
			if _, err := chromedp.Run(ctx, chromedp.EmulateViewport(375, 740, chromedp.EmulateMobile, chromedp.EmulateTouch)); err != nil {
				t.Fatal(err)
			}
			if status, _, _, err := loginWithForm(tab, srv.Base, "zorgverlener", "demo"); err != nil || status != 303 {
				t.Fatalf("login: %d %v", status, err)
			}
			r, err := axe.checkPage(tab, srv.Base+"/nachtrust")
			if err != nil {
				t.Fatal(err)
			}
			reportPages(t, []pageResult{r})
			right, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`(() => {
				const ths = [...document.querySelectorAll('table thead th')];
				const th = ths.find(h => h.textContent.trim() === 'Opvallend');
				return th ? th.getBoundingClientRect().right : 99999; })()`))
			if err != nil {
				t.Fatal(err)
			}
			if right > 375 {
				t.Errorf("the flag column ends at %.0f px, off a 375 px phone screen", right)
			}
			ams, err := time.LoadLocation("Europe/Amsterdam")
			if err != nil {
				t.Fatal(err)
			}
			morning := time.Now().In(ams).AddDate(0, 0, -2).Format("02-01-2006")
			if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS(`#ochtend`), morning)); err != nil {
				t.Fatalf("choose a morning: %v", err)
			}
			if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`form[action="/nachtrust"] button[type="submit"]`))); err != nil {
				t.Fatalf("show the morning: %v", err)
			}
			caption, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector('table caption') || {}).textContent || ''`))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(caption, " op "+morning) {
				t.Errorf("after choosing the morning of %s the table says %q", morning, caption)
			}
		})
		t.Run("phone-crisis-case", func(t *testing.T) {
			// A crisis case read on a phone at night (issue 11): at 375 px
			// wide the status and the admission clock are on the first
			// screen, nothing scrolls sideways, and the reporter's phone
			// number is a tel: link.
			tab := newTab(t, browser)
			ctx, cancel := context.WithTimeout(tab, 2*pageTimeout)
			defer cancel()
			if _, err := chromedp.Run(ctx, chromedp.EmulateViewport(375, 740, chromedp.EmulateMobile, chromedp.EmulateTouch)); err != nil {
				t.Fatal(err)
			}
			if status, _, _, err := loginWithForm(tab, srv.Base, "crisisregisseur", "demo"); err != nil || status != 303 {
				t.Fatalf("login: %d %v", status, err)
			}
			if _, err := chromedp.Run(ctx, chromedp.NavigateResponse(srv.Base+"/crisis")); err != nil {
				t.Fatal(err)
			}
			// The demo's own cases (the lowest numbers) carry the
			// reporter's call-back number; a case another subtest reported
			// through the form may have none, and its page then has no
			// number to link.
			href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const ids = [...document.querySelectorAll('a[href^="/crisis/"]')].map(a => a.getAttribute('href')).filter(h => /^\/crisis\/\d+$/.test(h)).map(h => +h.slice(8)).sort((a, b) => a - b); return ids.length ? '/crisis/' + ids[0] : ''; })()`))
			if err != nil || href == "" {
				t.Fatalf("no case in the crisisregisseur's queue (%v)", err)
			}
			r, err := axe.checkPage(tab, srv.Base+href)
			if err != nil {
				t.Fatal(err)
			}
			reportPages(t, []pageResult{r})
			type view struct {
				StatusBottom, StatusRight, Width, Height float64
				Tel                                      int
			}
			v, err := chromedp.Run(ctx, chromedp.Evaluate[view](`(() => { const s = document.querySelector('.case-status'); const b = s ? s.getBoundingClientRect() : {bottom: 1e9, right: 1e9};
				return {StatusBottom: b.bottom + window.scrollY, StatusRight: b.right,
				  Width: window.innerWidth, Height: window.innerHeight, Tel: document.querySelectorAll('a[href^="tel:"]').length}; })()`))
			if err != nil {
				t.Fatal(err)
			}
			if over, culprits, err := sideways(ctx, 375); err != nil {
				t.Fatal(err)
			} else if over > 0 {
				t.Errorf("the case page %s scrolls sideways by %d px on a 375 px screen (%s)", href, over, culprits)
			}
			if v.StatusBottom > v.Height || v.StatusRight > v.Width {
				t.Errorf("the status and clock of %s are not on the first screen (bottom %.0f of %.0f, right %.0f of %.0f)", href, v.StatusBottom, v.Height, v.StatusRight, v.Width)
			}
			if v.Tel == 0 {
				t.Errorf("the case page %s shows no phone number as a tel: link", href)
			}
		})

		t.Run("casework-edit-note", func(t *testing.T) {
			// A care-office employee works on a complex-care case (issue
			// 11) at 1280 and at 375 px: changes a field through the form,
			// adds a note, and sees both in the history; the page passes
			// the page check (axe) and does not scroll sideways on a phone.
			for _, width := range []int64{1280, 375} {
				tab := newTab(t, browser)
				ctx, cancel := context.WithTimeout(tab, 3*pageTimeout)
				opts := []chromedp.EmulateViewportOption{}
				if width < 500 {
					opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch)
				}
				if _, err := chromedp.Run(ctx, chromedp.EmulateViewport(width, 800, opts...)); err != nil {
					t.Fatal(err)
				}
				if status, _, _, err := loginWithForm(tab, srv.Base, "zorgkantoor", "demo"); err != nil || status != 303 {
					t.Fatalf("login: %d %v", status, err)
				}
				if _, err := chromedp.Run(ctx, chromedp.NavigateResponse(srv.Base+"/complexe-zorg")); err != nil {
					t.Fatal(err)
				}
				href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const a = [...document.querySelectorAll('a[href^="/complexe-zorg/personen/"]')].map(a => a.getAttribute('href')).find(h => /^\/complexe-zorg\/personen\/\d+$/.test(h)); return a || ''; })()`))
				if err != nil || href == "" {
					t.Fatalf("no case on the register page (%v)", err)
				}
				if _, err := chromedp.Run(ctx, chromedp.NavigateResponse(srv.Base+href)); err != nil {
					t.Fatal(err)
				}
				holder := fmt.Sprintf("E2E dossierhouder %d", width)
				note := fmt.Sprintf("E2E notitie op %d px", width)
				if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`details.casework-edit > summary`))); err != nil {
					t.Fatalf("open the edit form: %v", err)
				}
				if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS(`#dossierhouder`), holder)); err != nil {
					t.Fatal(err)
				}
				if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`form[action$="/gegevens"] button[type="submit"]`))); err != nil {
					t.Fatalf("save the edit: %v", err)
				}
				if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS(`#notitie`), note)); err != nil {
					t.Fatal(err)
				}
				if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`form[action$="/notities"] button[type="submit"]`))); err != nil {
					t.Fatalf("add the note: %v", err)
				}
				text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
				if err != nil {
					t.Fatal(err)
				}
				for _, want := range []string{"De notitie is toegevoegd.", holder, note, "Gewijzigd: Dossierhouder"} {
					if !strings.Contains(text, want) {
						t.Errorf("at %d px the case page lacks %q after the edit and the note", width, want)
					}
				}
				r, err := axe.checkPage(tab, srv.Base+href)
				if err != nil {
					t.Fatal(err)
				}
				reportPages(t, []pageResult{r})
				over, culprits, err := sideways(ctx, width)
				if err != nil {
					t.Fatal(err)
				}
				if over > 0 {
					t.Errorf("the case page scrolls sideways by %d px at %d px: %s", over, width, culprits)
				}
				cancel()
			}
		})

		t.Run("upload-progress", func(t *testing.T) {
			// The sleep upload form sends its files with a progress bar
			// (internal/sleep/assets/upload.js) and lands on the per-file
			// result. The script is proven to have run by a mark it leaves
			// in sessionStorage, which survives the navigation.
			tab := newTab(t, browser)
			ctx, cancel := context.WithTimeout(tab, 3*pageTimeout)
			defer cancel()
			if status, _, _, err := loginWithForm(tab, srv.Base, "zorgverlener", "demo"); err != nil || status != 303 {
				t.Fatalf("login: %d %v", status, err)
			}
			file := filepath.Join(t.TempDir(), "e2e-matras.csv")
			var b strings.Builder
			b.WriteString("timestamp,movement,heart_rate,breathing_rate,in_bed\n")
			start := time.Now().UTC().Add(-6 * time.Hour).Truncate(time.Minute)
			for i := range 60 {
				fmt.Fprintf(&b, "%s,%d,58,14,1\n", start.Add(time.Duration(i)*time.Minute).Format(time.RFC3339), i%7)
			}
			if err := os.WriteFile(file, []byte(b.String()), 0o600); err != nil {
				t.Fatal(err)
			}
			if _, err := chromedp.Run(ctx, chromedp.NavigateResponse(srv.Base+"/nachtrust/upload")); err != nil {
				t.Fatal(err)
			}
			hook := `(() => { sessionStorage.removeItem('xhr'); const send = XMLHttpRequest.prototype.send;
				XMLHttpRequest.prototype.send = function (body) { sessionStorage.setItem('xhr', document.getElementById('upload-progress-field').hidden ? 'hidden' : 'shown'); return send.call(this, body); };
				return true; })()`
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](hook)); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS(`#files`), []string{file})); err != nil {
				t.Fatalf("choose the file: %v", err)
			}
			if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`form[data-upload-progress] button[type="submit"]`))); err != nil {
				t.Fatalf("send the file: %v", err)
			}
			at, err := chromedp.Run(ctx, chromedp.Location())
			if err != nil {
				t.Fatal(err)
			}
			if pathOf(at) == "/nachtrust/upload" {
				t.Fatalf("still on the upload form after sending: %s", at)
			}
			mark, err := chromedp.Run(ctx, chromedp.Evaluate[string](`sessionStorage.getItem('xhr') || ''`))
			if err != nil {
				t.Fatal(err)
			}
			if mark != "shown" {
				t.Errorf("the upload script did not send the file with its progress bar shown (mark %q)", mark)
			}
			body, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(body, "e2e-matras.csv") {
				t.Errorf("the result page at %s does not name the uploaded file:\n%s", at, body)
			}
			r, err := axe.checkPage(tab, at)
			if err != nil {
				t.Fatal(err)
			}
			reportPages(t, []pageResult{r})
		})

		t.Run("roles", func(t *testing.T) {
			for _, role := range demoRoles {
				t.Run(role, func(t *testing.T) {
					t.Parallel()
					tab := newTab(t, browser)
					status, resp, home, err := loginWithForm(tab, srv.Base, role, "demo")
					if err != nil {
						t.Fatal(err)
					}
					if status != 303 {
						t.Errorf("POST /login as %s answered %d, want 303", role, status)
					}
					if pathOf(home) == "/login" {
						t.Fatalf("login as %s stayed on %s: the demo account was refused", role, home)
					}
					if resp == nil || resp.Status != 200 {
						var st int64
						if resp != nil {
							st = resp.Status
						}
						t.Fatalf("login as %s led to its home page %s, which answered %d, want 200", role, home, st)
					}
					results, left, err := axe.crawl(tab, home, maxPages())
					if err != nil {
						t.Fatal(err)
					}
					for i, r := range results {
						if pathOf(r.FinalURL) == "/login" && pathOf(r.URL) != "/login" {
							results[i].Problems = append(results[i].Problems, "ended on the login page: the session was lost, or a link points to a page this role may not see")
						}
					}
					reportPages(t, results)
					if len(left) > 0 {
						t.Logf("crawl bound of %d pages reached; %d links not visited, e.g. %s", maxPages(), len(left), left[0])
					}
				})
			}
		})
	})

	t.Run("graceful-shutdown", func(t *testing.T) {
		srv.stop(t)
	})
}
