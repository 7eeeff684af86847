package safety

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzDecodeFlow feeds the public form decoder arbitrary posted bodies:
// it never panics, and whatever it accepts at the last step is a complete,
// bounded report (a kind, a situation, valid answers, texts within their
// limits and valid UTF-8 without control characters).
func FuzzDecodeFlow(f *testing.F) {
	f.Add("stap=verhaal&soort=melding&situatie=zorg&aanbieder=Zorg+Utrecht&wie=client&wat=Geduwd&waar=Gang&nog_bezig=ja&veilig=nee", "")
	f.Add("stap=soort&soort=advies", "naaste")
	f.Add("stap=verhaal&soort=advies&situatie=zorg&aanbieder=x&wie=medewerker&wat=%00&veilig=ja", "")
	f.Add("stap=situatie&actie=terug&soort=melding", "")
	f.Add("stap=verhaal&soort=melding&wat=%ff%fe&waar="+strings.Repeat("a", 300), "client")
	f.Fuzz(func(t *testing.T, body, fixed string) {
		form, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		fl, errs := decodeFlow(form, Group(fixed))
		if len(errs) > 0 || fl.Back || fl.Step != stepStory {
			return
		}
		if fl.Kind != KindAdvice && fl.Kind != KindReport || fl.Situation == "" || !fl.Group.valid() || !fl.SafeNow.valid() {
			t.Fatalf("accepted an incomplete report: %+v", fl)
		}
		if fl.Kind == KindReport && (!fl.Ongoing.valid() || fl.Where == "") {
			t.Fatalf("accepted a report without where or still-going-on: %+v", fl)
		}
		for _, s := range []struct {
			v     string
			limit int
		}{{fl.What, maxWhat}, {fl.Where, maxShort}, {fl.Who, maxWho}, {fl.Contact, maxShort}, {fl.Provider, maxShort}} {
			if !utf8.ValidString(s.v) || utf8.RuneCountInString(s.v) > s.limit {
				t.Fatalf("accepted text over its limit or not UTF-8: %q", s.v)
			}
			for _, r := range s.v {
				if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f {
					t.Fatalf("accepted a control character: %q", s.v)
				}
			}
		}
		if fl.What == "" || fl.Provider == "" {
			t.Fatalf("accepted an empty report: %+v", fl)
		}
	})
}

// FuzzNormaliseCode: a typed status code is read without panicking, and
// anything accepted is 16 characters of A–Z and 0–9.
func FuzzNormaliseCode(f *testing.F) {
	f.Add("K7QX-M2PA-9RTD-W4HB")
	f.Add("k7qx m2pa 9rtd w4hb")
	f.Add("ÄÄÄÄ")
	f.Fuzz(func(t *testing.T, s string) {
		n := normaliseCode(s)
		if n == "" {
			return
		}
		if len(n) != 16 || strings.Trim(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != "" {
			t.Fatalf("normalised %q to %q", s, n)
		}
	})
}
