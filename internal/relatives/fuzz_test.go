package relatives

import (
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
