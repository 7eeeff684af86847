package relatives

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/volwaardig/volwaardig/internal/auth"
)

// FuzzParseClock feeds the expert's time fields any text: the parser
// never panics, and what it accepts is a time of day it can write back.
func FuzzParseClock(f *testing.F) {
	for _, s := range []string{"19:00", "9", "12u", "21.30", "24:00", "", "-1", "1:5", "99:99", "+9:00", "٣:٠٠"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseClock(s)
		if err != nil {
			return
		}
		if m < 0 || m > 24*60 {
			t.Fatalf("%q → %d minutes", s, m)
		}
		if back, err := ParseClock(clockText(m)); err != nil || back != m {
			t.Fatalf("%q → %d does not round-trip (%d, %v)", s, m, back, err)
		}
	})
}

// FuzzNormalisePhone feeds the call-back form's phone rule
// (auth.NormalizeAnyPhone) any text: an accepted number holds only digits,
// spaces and a leading plus, of a valid length, and has a tel: link.
func FuzzNormalisePhone(f *testing.F) {
	for _, s := range []string{"06 12345678", "+31 6 12345678", "(030) 123-4567", "", "++31", "06١٢٣٤٥٦٧٨", "0612345678901234567"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, ok := auth.NormalizeAnyPhone(s)
		if !ok || out == "" {
			return
		}
		digits := strings.ReplaceAll(strings.TrimPrefix(out, "+"), " ", "")
		if !utf8.ValidString(out) || strings.ContainsFunc(digits, func(r rune) bool { return r < '0' || r > '9' }) || len(digits) < 8 || len(digits) > 15 || auth.TelURI(out) == "" {
			t.Fatalf("%q accepted as %q", s, out)
		}
	})
}

// FuzzExpertForm posts any form body to the expert by experience's form
// (topics and a call-back slot per weekday): its decoder and parse. Nothing
// panics, and what it accepts is topics from the list and at most one slot
// per weekday, each within the day and ending after it starts; an active
// expert has a topic and a slot.
func FuzzExpertForm(f *testing.F) {
	for _, s := range []string{
		"actief=1&onderwerpen=" + Topics[0].Value + "&van-1=19:00&tot-1=21:00&van-3=9&tot-3=12u",
		"actief=1&onderwerpen=onbekend&van-2=21:00&tot-2=19:00",
		"actief=0&van-7=24:00&tot-7=24:00&van-8=1&tot-8=2",
		"actief=1&van-1=&tot-1=20:00",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		r := httptest.NewRequest(http.MethodPost, "/naasten/ervaringsdeskundige", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if err := r.ParseForm(); err != nil {
			return // the handler answers 400 here
		}
		in, form := expertInput(r)
		for d := range 7 {
			if n := strconv.Itoa(d + 1); form["van-"+n] != in.From[d] || form["tot-"+n] != in.To[d] {
				t.Fatalf("the form shown again differs from what was read on day %d", d+1)
			}
		}
		slots, err := in.parse()
		if err != nil {
			return
		}
		for _, topic := range in.Topics {
			if !validChoice(Topics, topic) {
				t.Fatalf("accepted topic %q", topic)
			}
		}
		seen := map[int]bool{}
		for _, sl := range slots {
			if sl.Weekday < 1 || sl.Weekday > 7 || seen[sl.Weekday] || sl.From < 0 || sl.To > 24*60 || sl.To <= sl.From {
				t.Fatalf("accepted slot %+v", sl)
			}
			seen[sl.Weekday] = true
		}
		if in.Active && (len(in.Topics) == 0 || len(slots) == 0) {
			t.Fatalf("accepted an active expert with %d topics and %d slots", len(in.Topics), len(slots))
		}
	})
}
