package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
		// wide fails when the page is wider than the screen. The journey's
		// own check compares with window.innerWidth, which a phone's
		// emulation widens to the content, so it cannot see this.
		wide := func(j *journey) {
			t.Helper()
			if j.eval(fmt.Sprintf(`document.documentElement.scrollWidth > %d`, width+1)) {
				t.Errorf("%s scrolls sideways at %d px", j.path(), width)
			}
		}
		shot := func(j *journey, name string) {
			t.Helper()
			png, err := chromedp.Run(j.ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
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
			wide(j)
			shot(j, "aanbieder-start")
			j.page("/innovatie/projecten/nieuw")
			wide(j)
			title := fmt.Sprintf("Samen eten %d", width)
			j.fill("#titel", title)
			if !j.eval(`(() => { document.querySelector('#thema').value = 'zelfstandig'; for (const v of ['clienten','naasten','professionals']) { document.querySelector('#betrokken-' + v).checked = true; } return true; })()`) {
				t.Fatal("choose theme and who took part")
			}
			j.fill("#doelgroep", "Bewoners die graag zelf koken")
			j.fill("#zorgvraag", "Bewoners willen zelf hun maaltijd maken, maar de kookplaat is onveilig.")
			j.fill("#verschil_client", "Zelf koken, trots zijn op je maaltijd")
			j.fill("#verschil_professional", "Minder overnemen, meer begeleiden")
			j.submit(`form[action="/innovatie/projecten"] button[type="submit"]`)
			if p := j.path(); !strings.HasPrefix(p, "/innovatie/projecten/") {
				t.Fatalf("after starting the browser is at %s; errors: %s", p, j.text(".error-summary"))
			}
			j.contains("<h1>" + title + "</h1>")
			wide(j)
			shot(j, "aanbieder-project")
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
			j.page("/innovatie/technologie")
			wide(j)
			shot(j, "catalogus")
			j.page("/innovatie/projecten/1")
			wide(j)
			shot(j, "nachtrust-project")
			j.page("/innovatie/projecten/2")
			wide(j)
			shot(j, "matrix-project")
			j.page("/innovatie/technologie/vergelijken?id=1&id=2&id=3")
			wide(j)
			shot(j, "vergelijken")
			j.page("/innovatie/themas/slapen")
			wide(j)
			shot(j, "netwerk")
			j.page("/innovatie/cijfers")
			wide(j)
		})
		t.Run(fmt.Sprintf("professional-reads-%d", width), func(t *testing.T) {
			j := newJourney(t, axe, browser, srv.Base, width, "zorgverlener")
			j.page("/innovatie")
			j.page("/innovatie/projecten/1")
			wide(j)
			j.contains("Deelnemende cliënten")
		})
		t.Run(fmt.Sprintf("council-advises-%d", width), func(t *testing.T) {
			j := newJourney(t, axe, browser, srv.Base, width, "clientenraad")
			j.page("/innovatie")
			wide(j)
			shot(j, "raad-start")
			j.page("/innovatie/projecten/2")
			j.contains("Dit project in het kort")
			j.fill("#advies", fmt.Sprintf("Laat bewoners zelf het scherm kiezen (%d).", width))
			j.submit(`form[action$="/advies"] button[type="submit"]`)
			j.contains("Uw advies is vastgelegd.")
			wide(j)
			shot(j, "raad-project")
			j.page("/innovatie/gids")
			wide(j)
			shot(j, "gids")
		})
		t.Run(fmt.Sprintf("programme-figures-%d", width), func(t *testing.T) {
			j := newJourney(t, axe, browser, srv.Base, width, "programma")
			j.page("/innovatie")
			j.page("/innovatie/cijfers")
			wide(j)
			shot(j, "cijfers")
		})
	}
}
