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

// TestSafetyJourneys walks the reporting module (internal/safety) in
// Chromium at 1280 and 375 px, every page checked with axe-core: an
// anonymous reporter goes through the one-URL flow to a status code and
// follows the report with it; the quick exit leaves with location.replace
// (the flow is not in the history); the demo confidential adviser sees the
// two lists apart, opens a report, is told what to fix in an empty step and
// records it, then takes the anonymous report through the rest of the
// meldcode, the IGJ date, the IGJ's PDF, a message and closing; the
// anonymous reporter reads the answer with the code; the client writes
// back on /meldingen/mijn without her code; the flow's steps are walked in
// easy-read, anonymous and as the client, each reading its own easy-read
// text, and both send their report. The easy-read journeys run on a
// server of their own: the flow allows 5 submissions per address, and
// every journey here comes from the same address.
func TestSafetyJourneys(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test skipped in -short mode")
	}
	bin := buildBinary(t)
	srv := startServer(t, bin)
	easySrv := startServer(t, bin)
	axe := loadAxe(t)
	browser := startBrowser(t)
	for _, width := range []int64{1280, 375} {
		// The anonymous reporter's code, to read the adviser's answer with.
		var code string
		t.Run(fmt.Sprintf("anonymous-report-%d", width), func(t *testing.T) {
			j := newSafetyJourney(t, axe, browser, srv.Base, width, "")
			j.page("/meldingen")
			j.choose("soort-melding")
			j.submit(`button[value="volgende"]`, 200)
			j.choose("situatie-zorg")
			j.submit(`button[value="volgende"]`, 200)
			j.fill("#aanbieder", "De Zijlen")
			j.choose("wie-naaste")
			j.submit(`button[value="volgende"]`, 200)
			// Everything empty: every error at once, at the same URL.
			j.submit(`button[value="volgende"]`, 422)
			j.contains(`href="#wat"`)
			j.contains(`href="#nog_bezig"`)
			j.fill("#wat", "Mijn zus wordt uitgescholden door een begeleider.")
			j.fill("#waar", "Op de groep")
			j.choose("nog_bezig-ja")
			j.choose("veilig-ja")
			j.submit(`button[value="volgende"]`, 200)
			if j.path() != "/meldingen" {
				t.Errorf("the flow left its one URL: %s", j.path())
			}
			code = j.text(".statuscode__code")
			if len(strings.ReplaceAll(code, "-", "")) != 16 {
				t.Fatalf("no status code shown: %q", code)
			}
			j.codeOnOneLine()
			j.noSideways()
			j.page("/meldingen/status")
			j.fill("#code", code)
			j.submit(`form[action="/meldingen/status"] button[type="submit"]`, 200)
			j.contains("Hoe gaat het met uw melding?")
			j.noSideways()
		})
		t.Run(fmt.Sprintf("routing-and-exit-%d", width), func(t *testing.T) {
			j := newSafetyJourney(t, axe, browser, srv.Base, width, "")
			j.page("/meldingen")
			j.choose("soort-advies")
			j.submit(`button[value="volgende"]`, 200)
			j.choose("situatie-thuis")
			j.submit(`button[value="volgende"]`, 200)
			j.contains("0800-2000")
			j.page("/meldingen/wat-is-goed")
			j.noSideways()
			// The quick exit replaces the page: the history does not grow,
			// so the back button cannot return to the flow.
			before := j.number(`history.length`)
			if _, err := chromedp.Run(j.ctx, chromedp.Click(chromedp.CSS("[data-snel-weg]"))); err != nil {
				t.Fatal(err)
			}
			var at string
			for i := 0; i < 50; i++ {
				at, _ = chromedp.Run(j.ctx, chromedp.Evaluate[string](`location.href`))
				if !strings.HasPrefix(at, srv.Base) {
					break
				}
				if _, err := chromedp.Run(j.ctx, chromedp.Sleep(100*time.Millisecond)); err != nil {
					t.Fatal(err)
				}
			}
			if strings.HasPrefix(at, srv.Base) {
				t.Fatalf("the quick exit did not leave: %s", at)
			}
			if after := j.number(`history.length`); after != before {
				t.Errorf("the quick exit added a history entry: %d → %d", before, after)
			}
		})
		t.Run(fmt.Sprintf("adviser-%d", width), func(t *testing.T) {
			j := newSafetyJourney(t, axe, browser, srv.Base, width, "vertrouwenspersoon")
			j.page("/meldingen/behandelen/medewerkers")
			j.page("/meldingen/behandelen")
			href := j.attr(`table a[href^="/meldingen/behandelen/"]`, "href")
			if href == "" {
				t.Fatal("no report on the adviser's list")
			}
			j.page(href)
			j.contains("Meldplicht bij de Inspectie")
			j.submit(`form[action$="/stap"] button[type="submit"]`, 422)
			j.contains(`href="#uitkomst"`)
			j.fill("#uitkomst", "Signalen vastgelegd in de e2e-test.")
			j.submit(`form[action$="/stap"] button[type="submit"]`, 200)
			j.contains("De stap is vastgelegd.")
			j.noSideways()
		})
		t.Run(fmt.Sprintf("adviser-handling-%d", width), func(t *testing.T) {
			// The newest open report is the anonymous one of this width,
			// whose step 1 the previous journey recorded: the adviser
			// takes it through the rest of the meldcode, records the day
			// it was reported to the IGJ, prints the IGJ's fields, writes
			// to the reporter and closes it.
			j := newSafetyJourney(t, axe, browser, srv.Base, width, "vertrouwenspersoon")
			j.page("/meldingen/behandelen")
			href := j.attr(`table a[href^="/meldingen/behandelen/"]`, "href")
			j.page(href)
			j.contains("Mijn zus wordt uitgescholden door een begeleider.")
			// The heading's date stays whole on a phone, and the page is
			// for a person: no link to the JSON meant for systems.
			j.onOneLine("h1 .moment", "the report's date")
			if n := j.number(`document.querySelectorAll('main a[href^="/api/"]').length`); n != 0 {
				t.Errorf("the adviser's report page links the API %d times", n)
			}
			j.contains("Nog niet gemeld bij de IGJ.")
			j.fill("#igj_datum", "31-02-2026")
			j.submit(`form[action$="/igj"] button[type="submit"]`, 422)
			j.contains(`href="#igj_datum"`)
			today := time.Now().In(amsterdam(t)).Format("02-01-2006")
			j.fill("#igj_datum", today)
			j.submit(`form[action$="/igj"] button[type="submit"]`, 200)
			j.contains("Gemeld bij de IGJ op " + today)
			steps := []struct{ step, choice, outcome string }{
				{"2", "collega", "Overlegd met de aandachtsfunctionaris."},
				{"3", "", "Gesprek met de zus van de cliënt en met de cliënt."},
				{"4", "vermoeden", "Vermoeden van grensoverschrijdend gedrag."},
				{"5", "hulp", "Begeleider uit de groep gehaald; vervolggesprek over twee weken."},
			}
			for _, st := range steps {
				j.selectValue("#stap", st.step)
				if st.choice != "" {
					j.selectValue("#keuze", st.choice)
				}
				j.fill("#uitkomst", st.outcome)
				j.submit(`form[action$="/stap"] button[type="submit"]`, 200)
				j.contains("De stap is vastgelegd.")
				j.contains(st.outcome)
			}
			if status := j.fetchStatus(href + "/igj.pdf"); status != 200 {
				t.Errorf("the IGJ PDF answers %d", status)
			}
			j.fill("#bericht", "Dank u wel voor uw melding. De begeleider werkt niet meer op de groep van uw zus.")
			j.submit(`form[action$="/bericht"] button[type="submit"]`, 200)
			// Closing without a decision names the field; then closed.
			j.submit(`form[action$="/afsluiten"] button[type="submit"]`, 422)
			j.contains(`href="#besluit"`)
			j.fill("#besluit", "Afgerond: maatregelen genomen, melder geïnformeerd.")
			j.submit(`form[action$="/afsluiten"] button[type="submit"]`, 200)
			j.contains("De melding is afgesloten.")
			j.contains("Afgerond: maatregelen genomen, melder geïnformeerd.")
			j.noSideways()
		})
		t.Run(fmt.Sprintf("reporter-reads-answer-%d", width), func(t *testing.T) {
			if code == "" {
				t.Skip("no status code from the anonymous report")
			}
			j := newSafetyJourney(t, axe, browser, srv.Base, width, "")
			j.page("/meldingen/status")
			j.fill("#code", code)
			j.submit(`form[action="/meldingen/status"] button[type="submit"]`, 200)
			j.contains("De begeleider werkt niet meer op de groep van uw zus.")
			j.contains("De vertrouwenspersoon heeft uw melding afgerond.")
			j.noSideways()
		})
		t.Run(fmt.Sprintf("client-mine-%d", width), func(t *testing.T) {
			// The client writes back on her own page, without her code.
			j := newSafetyJourney(t, axe, browser, srv.Base, width, "client")
			j.page("/meldingen/mijn")
			j.contains("Dank u wel dat u dit vertelt.")
			form := `form[action^="/meldingen/mijn/"]`
			field := j.attr(form+" textarea", "id")
			if field == "" {
				t.Fatal("no reply form on /meldingen/mijn")
			}
			j.submit(form+` button[type="submit"]`, 422)
			j.contains(`href="#` + field + `"`)
			reply := fmt.Sprintf("Donderdag om 10 uur is goed (%d px).", width)
			j.fill("#"+field, reply)
			j.submit(form+` button[type="submit"]`, 200)
			j.contains("Uw bericht is verstuurd.")
			j.contains(reply)
			j.noSideways()
		})
		t.Run(fmt.Sprintf("easy-read-flow-%d", width), func(t *testing.T) {
			// Every step of the flow in easy-read, anonymous and as the
			// client, each with the explanation of the words; the client
			// sends hers, the anonymous visitor reads the status and
			// prevention pages.
			for _, role := range []string{"", "client"} {
				j := newSafetyJourney(t, axe, browser, easySrv.Base, width, role)
				if _, err := chromedp.Run(j.ctx, chromedp.Navigate(easySrv.Base+"/voorkeur/eenvoudig?aan=1&terug=/meldingen")); err != nil {
					t.Fatal(err)
				}
				j.page("/meldingen")
				j.contains("Of heeft iemand u aangeraakt, en wilde u dat niet?")
				j.contains("Wat betekenen de woorden?")
				j.choose("soort-melding")
				j.submit(`button[value="volgende"]`, 200)
				j.contains("Kies wat het beste past.")
				j.contains("Wat betekenen de woorden?")
				j.choose("situatie-zorg")
				j.submit(`button[value="volgende"]`, 200)
				j.contains("Een zorgaanbieder is de organisatie die de zorg geeft.")
				j.contains("Wat betekenen de woorden?")
				j.fill("#aanbieder", "De Zijlen")
				if role == "" {
					j.choose("wie-client")
				}
				j.submit(`button[value="volgende"]`, 200)
				j.contains("Bent u nu veilig?")
				j.contains("Is schrijven moeilijk? Vraag iemand om te helpen.")
				j.contains("Wat betekenen de woorden?")
				j.noSideways()
				if role == "" {
					// Back a step and on again: the choices are kept.
					j.submit(`button[value="terug"]`, 200)
					j.contains("Een zorgaanbieder is de organisatie die de zorg geeft.")
					j.noSideways()
					j.submit(`button[value="volgende"]`, 200)
					j.contains("Is schrijven moeilijk? Vraag iemand om te helpen.")
				}
				// Both send it: the outcome in easy-read, with the code (and
				// for the client the way to her own page).
				j.fill("#wat", "Iemand op de groep pakt mijn spullen af.")
				j.fill("#waar", "Op de groep")
				j.choose("nog_bezig-ja")
				j.choose("veilig-ja")
				j.submit(`button[value="volgende"]`, 200)
				if j.path() != "/meldingen" {
					t.Errorf("the easy-read flow left its one URL: %s", j.path())
				}
				j.contains("Uw melding is verstuurd")
				j.contains("U ziet de code maar 1 keer.")
				j.contains("Wat betekenen de woorden?")
				code := j.text(".statuscode__code")
				if len(strings.ReplaceAll(code, "-", "")) != 16 {
					t.Errorf("no status code in easy-read: %q", code)
				}
				j.codeOnOneLine()
				j.noSideways()
				if role == "client" {
					j.contains(`href="/meldingen/mijn"`)
				} else {
					// The anonymous reporter follows the report with the
					// code, and reads the prevention page.
					// Both have their own easy-read text.
					j.page("/meldingen/status")
					j.contains("Hebt u iets gemeld?")
					j.contains("Bent u de code kwijt?")
					j.fill("#code", code)
					j.submit(`form[action="/meldingen/status"] button[type="submit"]`, 200)
					j.contains("Hoe gaat het met uw melding?")
					j.contains("De vertrouwenspersoon heeft het nog niet gelezen.")
					j.contains("Wilt u iets terugschrijven?")
					j.noSideways()
					j.page("/meldingen/wat-is-goed")
					j.contains("Iemand vraagt eerst: mag ik u aanraken?")
					j.contains("Maar het geheim voelt niet fijn.")
					j.noSideways()
				}
				if _, err := chromedp.Run(j.ctx, chromedp.Navigate(easySrv.Base+"/voorkeur/eenvoudig?aan=0&terug=/meldingen")); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// codeOnOneLine checks the status code is not broken over two lines,
// where a person copying it would read two codes.
func (j *safetyJourney) codeOnOneLine() {
	j.t.Helper()
	j.onOneLine(".statuscode__code strong", "the status code")
}

// onOneLine checks the text of sel is not broken over two lines, where
// a code or a date broken at its dash reads as two things.
func (j *safetyJourney) onOneLine(sel, what string) {
	j.t.Helper()
	lines, err := chromedp.Run(j.ctx, chromedp.Evaluate[int](`(() => { const e = document.querySelector('`+sel+`'); if (!e) return 0; const r = document.createRange(); r.selectNodeContents(e);
		return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; })()`))
	if err != nil {
		j.t.Fatalf("%s lines: %v", what, err)
	}
	if lines != 1 {
		j.t.Errorf("%s: %s runs over %d lines at %d px", j.path(), what, lines, j.width)
	}
}

// selectValue picks an option of a select, as a person does with the list.
func (j *safetyJourney) selectValue(sel, v string) {
	j.t.Helper()
	if err := chromedp.Do(j.ctx, chromedp.SetValue(chromedp.CSS(sel), v)); err != nil {
		j.t.Fatalf("select %s: %v", sel, err)
	}
}

// fetchStatus fetches a path in the page's session (with its cookies) and
// returns the status, for a download the browser would save.
func (j *safetyJourney) fetchStatus(path string) int {
	j.t.Helper()
	n, err := chromedp.Run(j.ctx, chromedp.Evaluate[int](`fetch(`+"`"+path+"`"+`, {credentials: 'same-origin'}).then(r => r.headers.get('content-type') === 'application/pdf' ? r.status : -r.status)`, chromedp.EvalAwaitPromise))
	if err != nil {
		j.t.Fatal(err)
	}
	return n
}

// safetyJourney is a tab at one width, logged in as role (or anonymous),
// whose every page is checked and reported at the end.
type safetyJourney struct {
	name    string
	shots   int
	width   int64
	t       *testing.T
	axe     *axeScript
	tab     context.Context
	ctx     context.Context
	base    string
	results []pageResult
}

func newSafetyJourney(t *testing.T, axe *axeScript, browser context.Context, base string, width int64, role string) *safetyJourney {
	t.Helper()
	tab := newTab(t, browser)
	ctx, cancel := context.WithTimeout(tab, 6*pageTimeout)
	t.Cleanup(cancel)
	emulate := chromedp.EmulateViewport(width, 900)
	if width < 500 {
		emulate = chromedp.EmulateViewport(width, 740, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	if _, err := chromedp.Run(ctx, emulate); err != nil {
		t.Fatal(err)
	}
	if role != "" {
		if status, _, _, err := loginWithForm(tab, base, role, "demo"); err != nil || status != 303 {
			t.Fatalf("login %s: %d %v", role, status, err)
		}
	}
	j := &safetyJourney{name: strings.ReplaceAll(strings.TrimPrefix(t.Name(), "TestSafetyJourneys/"), "/", "-"), width: width, t: t, axe: axe, tab: tab, ctx: ctx, base: base}
	t.Cleanup(func() { reportPages(t, j.results) })
	return j
}

func (j *safetyJourney) page(path string) {
	j.t.Helper()
	r, err := j.axe.checkPage(j.tab, j.base+path)
	if err != nil {
		j.t.Fatal(err)
	}
	j.results = append(j.results, r)
	j.shot()
}

// shot saves a screenshot of the page when VOLWAARDIG_E2E_SCREENSHOTS
// names a directory, to look at as the user would.
func (j *safetyJourney) shot() {
	dir := os.Getenv("VOLWAARDIG_E2E_SCREENSHOTS")
	if dir == "" {
		return
	}
	buf, err := chromedp.Run(j.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		j.t.Logf("screenshot: %v", err)
		return
	}
	j.shots++
	if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%02d.png", j.name, j.shots)), buf, 0o644); err != nil {
		j.t.Logf("screenshot: %v", err)
	}
}

func (j *safetyJourney) fill(sel, v string) {
	j.t.Helper()
	if err := chromedp.Do(j.ctx, chromedp.SetValue(chromedp.CSS(sel), v)); err != nil {
		j.t.Fatalf("fill %s: %v", sel, err)
	}
}

// choose clicks the radio button with the id, as a person does.
func (j *safetyJourney) choose(id string) {
	j.t.Helper()
	if err := chromedp.Do(j.ctx, chromedp.Click(chromedp.CSS("#"+id))); err != nil {
		j.t.Fatalf("choose %s: %v", id, err)
	}
}

// submit clicks a button and checks the page the browser lands on, whose
// status must be want (422 for a form sent back with its errors).
func (j *safetyJourney) submit(sel string, want int64) {
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
	if resp == nil || resp.Status != want {
		var got int64
		if resp != nil {
			got = resp.Status
		}
		j.t.Fatalf("%s after %s: status %d, want %d", at, sel, got, want)
	}
	// The status is what this step is about; the page is checked as if
	// it were a 200.
	r, err := j.axe.checkLoaded(j.ctx, pageResult{URL: at, Status: 200}, nil)
	for _, line := range console.drain() {
		// The browser logs the expected status of a form sent back with
		// its errors as a failed load; that is this step's point.
		if want != 200 && strings.Contains(line, fmt.Sprintf("status of %d", want)) {
			continue
		}
		r.Problems = append(r.Problems, line)
	}
	if err != nil {
		j.t.Fatal(err)
	}
	j.results = append(j.results, r)
	j.shot()
}

func (j *safetyJourney) text(sel string) string {
	j.t.Helper()
	s, err := chromedp.Run(j.ctx, chromedp.Evaluate[string](`((document.querySelector(`+"`"+sel+"`"+`) || {}).textContent || '').trim()`))
	if err != nil {
		return ""
	}
	return s
}

func (j *safetyJourney) attr(sel, name string) string {
	j.t.Helper()
	s, err := chromedp.Run(j.ctx, chromedp.Evaluate[string](`((document.querySelector(`+"`"+sel+"`"+`) || {getAttribute: () => ''}).getAttribute('`+name+`') || '')`))
	if err != nil {
		j.t.Fatal(err)
	}
	return s
}

func (j *safetyJourney) number(js string) int {
	j.t.Helper()
	n, err := chromedp.Run(j.ctx, chromedp.Evaluate[int](js))
	if err != nil {
		j.t.Fatal(err)
	}
	return n
}

func (j *safetyJourney) path() string {
	j.t.Helper()
	at, err := chromedp.Run(j.ctx, chromedp.Location())
	if err != nil {
		j.t.Fatal(err)
	}
	return pathOf(at)
}

func (j *safetyJourney) contains(s string) {
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
func (j *safetyJourney) noSideways() {
	j.t.Helper()
	over, culprits, err := sideways(j.ctx, j.width)
	if err != nil {
		j.t.Fatalf("sideways check: %v", err)
	}
	if over > 0 {
		j.t.Errorf("%s scrolls sideways by %d px at %d px (%s)", j.path(), over, j.width, culprits)
	}
}
