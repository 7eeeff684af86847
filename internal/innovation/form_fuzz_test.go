package innovation

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/volwaardig/volwaardig/internal/web"
)

// FuzzProjectForm posts any form body to the care-question form (new
// project and its edit) and to the selection matrix: their decoders and
// the care question's validation (issue 18: every form decoder has a fuzz
// test). Nothing panics; a care question it accepts has a kind and theme
// from the lists, texts within their limits, only the listed groups as
// involved (each once) and an expected number of clients in range; the
// matrix always has its fixed number of rows.
func FuzzProjectForm(f *testing.F) {
	for _, s := range []string{
		"soort=technologie&titel=Slimme+sensor&thema=" + themes[0].Code + "&doelgroep=Bewoners&zorgvraag=Rust&verschil_client=Meer+rust&verschil_professional=Minder+rondes&betrokken=clienten&betrokken=clienten&verwacht=35",
		"soort=bac&titel=%00&thema=onbekend&betrokken=iedereen&verwacht=-1",
		"titel=" + strings.Repeat("x", 130) + "&verwacht=99999999999999999999",
		"criterium-0=Prijs&gewicht-0=3&score-0-12=4&score-0-x=5&score-9-1=2&criterium-5=Gebruik",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		r := httptest.NewRequest(http.MethodPost, "/innovatie/nieuw", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if err := r.ParseForm(); err != nil {
			return // the handler answers 400 here
		}
		if rows := matrixForm(r); len(rows) != maxCriteria {
			t.Fatalf("the matrix form gave %d rows, want %d", len(rows), maxCriteria)
		}
		var errs []web.FieldError
		p := projectForm(r).check(&errs)
		for _, e := range errs {
			if e.Field == "" || e.Message == "" || e.English == "" {
				t.Fatalf("a field error without field or message: %+v", e)
			}
		}
		if len(errs) > 0 {
			return
		}
		if p.Kind != KindTechnology && p.Kind != KindSocial {
			t.Fatalf("accepted kind %q", p.Kind)
		}
		if _, ok := ThemeByCode(p.Theme); !ok {
			t.Fatalf("accepted theme %q", p.Theme)
		}
		for _, v := range []struct {
			text string
			max  int
		}{{p.Title, 120}, {p.ClientGroup, 300}, {p.Question, 2000}, {p.DiffClient, 2000}, {p.DiffProfessional, 2000}} {
			if strings.TrimSpace(v.text) == "" || utf8.RuneCountInString(v.text) > v.max {
				t.Fatalf("accepted text %q (at most %d characters)", v.text, v.max)
			}
		}
		if len(p.Involved) == 0 {
			t.Fatal("accepted a care question nobody was involved in")
		}
		for i, g := range p.Involved {
			if slices.Contains(p.Involved[:i], g) || !slices.ContainsFunc(involvedGroups, func(x struct{ Code, Label string }) bool { return x.Code == g }) {
				t.Fatalf("accepted involved groups %q", p.Involved)
			}
		}
		if p.ExpectedClients < 0 || p.ExpectedClients > 100000 {
			t.Fatalf("accepted %d expected clients", p.ExpectedClients)
		}
	})
}
