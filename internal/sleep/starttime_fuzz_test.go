package sleep

import (
	"testing"
	"time"
)

// FuzzParseStartTime feeds the upload form's start time (typed by a
// night nurse for a raw CSV without clock times) any text (issue 18:
// every form decoder has a fuzz test). It never panics, and a time it
// accepts is a minute in Amsterdam's clock that reads back the same when
// written the way the form shows it.
func FuzzParseStartTime(f *testing.F) {
	for _, s := range []string{"05-12-2026 22:00", "5-12-2026 22.00", "2026-12-05T22:00", "  05-12-2026   22:00 ", "31-02-2026 22:00", "29-03-2026 02:30", "25-10-2026 02:30", "", "05-12-2026", "\x00", "05-12-99999 22:00"} {
		f.Add(s)
	}
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		at, err := parseStartTime(s, loc)
		if err != nil {
			return
		}
		if at.Location() != loc || at.Second() != 0 || at.Nanosecond() != 0 {
			t.Fatalf("%q read as %s", s, at)
		}
		back, err := parseStartTime(at.Format("02-01-2006 15:04"), loc)
		if err != nil || !back.Equal(at) {
			t.Fatalf("%q read as %s, which written back reads as %s (%v)", s, at, back, err)
		}
	})
}
