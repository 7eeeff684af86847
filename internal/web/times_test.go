package web

import (
	"math"
	"testing"
)

// TestTimes: a count of times that may be a median of an even number of
// nights reads "4" when whole and "4,5" when not; a nurse saw "4,0 keer"
// (issue 11).
func TestTimes(t *testing.T) {
	p := Page{fmt: NewFormatter()}
	for x, want := range map[float64]string{4: "4", 4.5: "4,5", 0: "0", -0.5: "-0,5", -2: "-2", 1234: "1.234", math.NaN(): "–"} {
		if got := p.Times(x); got != want {
			t.Errorf("Times(%v) = %q, want %q", x, got, want)
		}
	}
}
