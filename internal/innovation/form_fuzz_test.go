package innovation

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"slices"
	"strconv"
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

// networkErrors fails unless every error names one of fields in Dutch and
// English.
func networkErrors(t *testing.T, errs []web.FieldError, fields ...string) {
	t.Helper()
	for _, e := range errs {
		if !slices.Contains(fields, e.Field) || e.Message == "" || e.English == "" {
			t.Fatalf("error %+v names no field of %v", e, fields)
		}
	}
}

// FuzzMemberForm feeds a theme network's member form arbitrary values:
// nothing panics, decoding is deterministic, every error names a field of
// the form, and an accepted member has a name (at most 120 characters),
// an organisation (at most 160) and a kind from the list.
func FuzzMemberForm(f *testing.F) {
	f.Add("Anna de Vries", "Zorggroep Noord", memberKinds[0].Code)
	f.Add("", "", "")
	f.Add(strings.Repeat("n", 121), strings.Repeat("o", 161), "buurman")
	f.Add(" \t", "\xff", memberKinds[len(memberKinds)-1].Code)
	f.Fuzz(func(t *testing.T, name, org, kind string) {
		form := url.Values{"lid_naam": {name}, "lid_organisatie": {org}, "lid_soort": {kind}}
		m, errs := checkMember(decodeMemberForm(form))
		m2, errs2 := checkMember(decodeMemberForm(form))
		if m != m2 || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		networkErrors(t, errs, "lid_naam", "lid_organisatie", "lid_soort")
		if len(errs) > 0 {
			return
		}
		if m.Name == "" || utf8.RuneCountInString(m.Name) > 120 || m.Organisation == "" || utf8.RuneCountInString(m.Organisation) > 160 ||
			!slices.ContainsFunc(memberKinds, func(k struct{ Code, Label string }) bool { return k.Code == m.Kind }) {
			t.Fatalf("accepted %+v", m)
		}
	})
}

// FuzzMeetingForm feeds a theme network's meeting form arbitrary values:
// nothing panics, decoding is deterministic, every error names a field of
// the form, and an accepted meeting has a day from 2000 to 2100, a title
// of at most 200 characters and a report of at most 3000.
func FuzzMeetingForm(f *testing.F) {
	f.Add("15-03-2027", "Netwerkdag", "Verslag van de dag.")
	f.Add("", "", "")
	f.Add("31-02-2027", strings.Repeat("t", 201), strings.Repeat("v", 3001))
	f.Add("01-01-1999", "x", "")
	f.Add("1-1-2101", "\xff", " ")
	f.Fuzz(func(t *testing.T, held, title, summary string) {
		form := url.Values{"bijeenkomst_datum": {held}, "bijeenkomst_titel": {title}, "bijeenkomst_verslag": {summary}}
		m, errs := checkMeeting(decodeMeetingForm(form))
		m2, errs2 := checkMeeting(decodeMeetingForm(form))
		if !reflect.DeepEqual(m, m2) || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		networkErrors(t, errs, "bijeenkomst_datum", "bijeenkomst_titel", "bijeenkomst_verslag")
		if len(errs) > 0 {
			return
		}
		if m.HeldOn.Year() < 2000 || m.HeldOn.Year() > 2100 || m.Title == "" || utf8.RuneCountInString(m.Title) > 200 || utf8.RuneCountInString(m.Summary) > 3000 {
			t.Fatalf("accepted %+v", m)
		}
	})
}

// FuzzLinkForm feeds a theme network's knowledge form arbitrary values:
// nothing panics, decoding is deterministic, every error names a field of
// the form, and an accepted link has a title of at most 200 characters
// and a full http or https address of at most 500 bytes.
func FuzzLinkForm(f *testing.F) {
	f.Add("Handreiking", "https://example.org/handreiking.pdf")
	f.Add("", "")
	f.Add("x", "javascript:alert(1)")
	f.Add("x", "//example.org/x")
	f.Add(strings.Repeat("t", 201), "https://"+strings.Repeat("a", 500)+".nl")
	f.Add("x", " http://[::1]:80/ ")
	f.Fuzz(func(t *testing.T, title, address string) {
		form := url.Values{"kennis_titel": {title}, "kennis_url": {address}}
		l, errs := checkLink(decodeLinkForm(form))
		l2, errs2 := checkLink(decodeLinkForm(form))
		if l != l2 || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		networkErrors(t, errs, "kennis_titel", "kennis_url")
		if len(errs) > 0 {
			return
		}
		u, err := url.Parse(l.URL)
		if l.Title == "" || utf8.RuneCountInString(l.Title) > 200 || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(l.URL) > 500 {
			t.Fatalf("accepted %+v", l)
		}
	})
}

// FuzzAdviceForms feeds the client council's advice form and the
// provider's answer form arbitrary text: nothing panics, checking is
// deterministic, an error names the form's field (the answer's carries
// the advice's id), and an accepted text is trimmed and 1 to 3000
// characters.
func FuzzAdviceForms(f *testing.F) {
	f.Add("Betrek de bewoners eerder.", int64(3))
	f.Add("", int64(0))
	f.Add(" \n ", int64(-1))
	f.Add(strings.Repeat("é", 3001), int64(1<<62))
	f.Fuzz(func(t *testing.T, text string, adviceID int64) {
		field := "antwoord-" + strconv.FormatInt(adviceID, 10)
		form := url.Values{"advies": {text}, field: {text}}
		for _, c := range []struct {
			field string
			check func() (string, []web.FieldError)
		}{
			{"advies", func() (string, []web.FieldError) { return checkAdvice(AdviceInput{Text: form.Get("advies")}) }},
			{field, func() (string, []web.FieldError) { return checkAnswer(form.Get(field), adviceID) }},
		} {
			got, errs := c.check()
			got2, errs2 := c.check()
			if got != got2 || !reflect.DeepEqual(errs, errs2) {
				t.Fatal("checking is not deterministic")
			}
			networkErrors(t, errs, c.field)
			if len(errs) > 0 {
				continue
			}
			if got == "" || got != strings.TrimSpace(text) || utf8.RuneCountInString(got) > 3000 {
				t.Fatalf("%s: accepted %q", c.field, got)
			}
		}
	})
}
