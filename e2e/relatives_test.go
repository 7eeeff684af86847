package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestRelativesJourneys walks the relatives' journeys of issue 14 in the
// browser at 1280 and 375 px, with axe on every page: the public landing
// page and survey results without login; Marieke (naaste) makes a plan,
// shares it with a care professional by name, asks for a call-back,
// searches respite and answers the survey; the expert-by-experience
// records a call; the supporter and Sanne (client, easy-read) read the
// demo plan shared with them. Each page is saved as a screenshot in
// e2e/testdata/out/relatives-*.png to look at.
func TestRelativesJourneys(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test skipped in -short mode")
	}
	bin := buildBinary(t)
	srv := startServer(t, bin)
	axe := loadAxe(t)
	browser := startBrowser(t)
	out := filepath.Join(repoRoot(t), "e2e", "testdata", "out")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, width := range []int64{1280, 375} {
		shot := func(j *journey, name string) {
			t.Helper()
			png, err := chromedp.Run(j.ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(out, fmt.Sprintf("relatives-%s-%d.png", name, width)), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}

		t.Run(fmt.Sprintf("naaste-%d", width), func(t *testing.T) {
			j := newJourney(t, axe, browser, srv.Base, width, "naaste")
			j.page("/naasten")
			j.noSideways()
			j.contains(`href="/naasten/plan"`)
			shot(j, "landing-naaste")
			j.page("/naasten/plan")
			j.contains("Plan voor Sanne")
			j.page("/naasten/plan/nieuw")
			j.fill("#titel", fmt.Sprintf("Plan voor Sanne (e2e %d)", width))
			j.fill("#netwerk", "Joost (broer) 06 22222222")
			j.fill("#medisch", "Epilepsie; levetiracetam 500 mg om 8 en 20 uur")
			j.submit(`form[action="/naasten/plan/nieuw"] button[type="submit"]`)
			if p := j.path(); !strings.HasPrefix(p, "/naasten/plan/") || strings.HasSuffix(p, "nieuw") {
				t.Fatalf("after saving: at %s", p)
			}
			j.contains("Het plan is opgeslagen.")
			j.noSideways()
			// She finds the professional by part of his name and picks
			// him from the list; nobody picked is named at the field first.
			j.fill("#zoek", "bakker")
			j.submit(`form.share-search button[type="submit"]`)
			j.submitRefused(`form[action$="/delen"] button[type="submit"]`)
			j.contains("Zoek de persoon op naam en kies hem of haar uit de lijst.")
			if !j.eval(`(() => { const r = [...document.querySelectorAll('input[name="persoon"]')].find(e => e.labels[0].textContent.includes('Jeroen Bakker'));
				if (!r) return false; r.checked = true; document.querySelector('#onderdeel-medisch').checked = true; return true; })()`) {
				t.Fatal("pick Jeroen Bakker and the medical section")
			}
			j.submit(`form[action$="/delen"] button[type="submit"]`)
			j.contains("Het plan is gedeeld met <strong>Jeroen Bakker</strong>. Deze persoon ziet alleen: Medische informatie.")
			j.contains("Jeroen Bakker")
			shot(j, "plan-owner")

			j.page("/naasten/terugbellen")
			if !j.eval(`(() => { document.querySelector('#onderwerp').value = 'broer_zus'; document.querySelector('#moment-avond').checked = true; return true; })()`) {
				t.Fatal("choose topic and moment")
			}
			j.fill("#telefoon", "06 12345678")
			j.submit(`form[action="/naasten/terugbellen"] button[type="submit"]`)
			j.contains("Uw verzoek is verstuurd.")
			j.noSideways()
			// The status of each request is on the screen, also on a
			// phone (it was a table's last column, scrolled out of sight).
			if !j.eval(`(() => { const s = [...document.querySelectorAll('.callback-mine strong')];
				return s.length > 0 && s.every(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.right <= document.documentElement.clientWidth; }); })()`) {
				t.Error("a call-back's status is not within the screen")
			}
			shot(j, "callback")

			// The respite page lists places at once, before any search.
			j.page("/naasten/logeren")
			j.contains("Gevonden plekken")
			// She chooses her municipality from the list (not a care-office
			// region): the places nearby come first, with their distance,
			// a number to call and the provider's website.
			if !j.eval(`(() => { document.querySelector('#gemeente').value = 'GM0355'; document.querySelector('#afstand').value = '50'; return true; })()`) {
				t.Fatal("choose municipality and distance")
			}
			j.submit(`form[action="/naasten/logeren"] button[type="submit"]`)
			j.contains("km van Zeist")
			if !j.eval(`!!document.querySelector('.card a[href^="tel:+31"]') && !!document.querySelector('.card a[href^="https://"]')`) {
				t.Error("a respite place has no tel: link or website")
			}
			j.noSideways()
			shot(j, "respite")
			j.page("/naasten/lotgenoten")
			j.noSideways()
			// The demo's pending request is accepted (at the first width),
			// then Marieke writes to her new contact.
			if j.eval(`!!document.querySelector('form[action$="/aannemen"]')`) {
				j.submit(`form[action$="/aannemen"] button[type="submit"]`)
				j.contains("U heeft het verzoek om contact aangenomen.")
			}
			j.fill(`form[action^="/naasten/lotgenoten/contacten/"] textarea`, "Bel gerust na 19 uur.")
			j.submit(`form[action^="/naasten/lotgenoten/contacten/"] button[type="submit"]`)
			j.contains("Uw bericht is verstuurd.")
			j.noSideways()
			shot(j, "peers")
			j.page("/naasten/vragenlijst")
			if !strings.Contains(j.text("main"), "al ingevuld") {
				if !j.eval(`(() => { document.querySelector('#cijfer').value = '7'; document.querySelector('#kwaliteit-goed').checked = true;
					document.querySelector('#gelukkig-ja').checked = true; document.querySelector('#tevreden-tevreden').checked = true;
					document.querySelector('#klaarstaan-ja').checked = true; return true; })()`) {
					t.Fatal("answer the survey")
				}
				j.submit(`form[action="/naasten/vragenlijst"] button[type="submit"]`)
				j.contains("Dank u wel voor het invullen.")
			} else {
				j.page("/naasten/vragenlijst/uitkomsten")
			}
			j.contains("7,5")
			j.noSideways()
			shot(j, "results")
		})

		t.Run(fmt.Sprintf("ervaringsdeskundige-%d", width), func(t *testing.T) {
			j := newJourney(t, axe, browser, srv.Base, width, "ervaringsdeskundige")
			j.page("/naasten/ervaringsdeskundige")
			j.noSideways()
			shot(j, "expert")
			if j.eval(`!!document.querySelector('form[action^="/naasten/ervaringsdeskundige/"]')`) {
				if !j.eval(`(() => { const f = document.querySelector('form[action^="/naasten/ervaringsdeskundige/"]'); f.id = 'e2e-call';
					f.querySelector('input[value="gebeld"]').checked = true; f.querySelector('textarea').value = 'Gesproken (e2e).'; return true; })()`) {
					t.Fatal("record the call")
				}
				j.submit(`#e2e-call button[type="submit"]`)
				j.contains("Het terugbelverzoek is bijgewerkt.")
			}
		})

		t.Run(fmt.Sprintf("readers-%d", width), func(t *testing.T) {
			j := newJourney(t, axe, browser, srv.Base, width, "ondersteuner")
			j.page("/naasten/plan")
			j.contains("Plan voor Sanne")
			href := j.text(`a[href^="/naasten/plan/"]`)
			if href == "" {
				t.Fatal("the supporter's list has no plan")
			}
			if !j.eval(`(() => { document.querySelector('a[href^="/naasten/plan/"]').id = 'e2e-plan'; return true; })()`) {
				t.Fatal("mark the plan link")
			}
			j.submit(`#e2e-plan`)
			j.contains("Plan B bij een acute situatie")
			j.noSideways()
			shot(j, "plan-supporter")

			c := newJourney(t, axe, browser, srv.Base, width, "client")
			c.page("/voorkeur/eenvoudig?aan=1&terug=/naasten/plan")
			c.contains("Plan voor Sanne")
			if !c.eval(`(() => { document.querySelector('a[href^="/naasten/plan/"]').id = 'e2e-plan'; return true; })()`) {
				t.Fatal("mark the plan link")
			}
			c.submit(`#e2e-plan`)
			c.contains("U ziet alleen de delen die met u gedeeld zijn.")
			c.noSideways()
			shot(c, "plan-client-easyread")
		})

		t.Run(fmt.Sprintf("public-%d", width), func(t *testing.T) {
			// A relative without an account finds the section from the
			// front page's menu.
			a := anonymousJourney(t, axe, browser, srv.Base, width)
			a.page("/")
			a.submit(`nav.main-nav a[href="/naasten"]`)
			if a.path() != "/naasten" {
				t.Fatalf("the front page's menu leads to %s", a.path())
			}
			a.submit(`main a[href^="/naasten/wegwijzer"]`)
			a.contains("Wegwijzer voor naasten")

			tab := newTab(t, browser)
			if _, err := chromedp.Run(tab, chromedp.EmulateViewport(width, 900)); err != nil {
				t.Fatal(err)
			}
			var results []pageResult
			for _, p := range []string{"/naasten", "/naasten?eenvoudig=1", "/naasten/vragenlijst/uitkomsten"} {
				r, err := axe.checkPage(tab, srv.Base+p)
				if err != nil {
					t.Fatal(err)
				}
				results = append(results, r)
			}
			reportPages(t, results)
			png, err := chromedp.Run(tab, chromedp.FullScreenshot(100))
			if err == nil {
				_ = os.WriteFile(filepath.Join(out, fmt.Sprintf("relatives-public-results-%d.png", width)), png, 0o644)
			}
		})
	}
}
