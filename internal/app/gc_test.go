package app

import (
	"runtime/debug"
	"testing"
)

// TestTuneGC: without GOGC and GOMEMLIMIT the server collects at 400% with
// a soft limit of 1 GiB; an operator's own choice is left alone; restore
// puts back what was there.
func TestTuneGC(t *testing.T) {
	read := func() (int, int64) {
		p := debug.SetGCPercent(100)
		debug.SetGCPercent(p)
		return p, debug.SetMemoryLimit(-1)
	}
	beforeP, beforeL := read()
	restore := TuneGC(func(string) string { return "" })
	p, l := read()
	restore()
	if p != 400 || l != 1<<30 {
		t.Fatalf("tuned: GOGC %d, limit %d; want 400 and 1 GiB", p, l)
	}
	if p, l := read(); p != beforeP || l != beforeL {
		t.Fatalf("restored: GOGC %d, limit %d; want %d and %d", p, l, beforeP, beforeL)
	}
	restore = TuneGC(func(k string) string { return map[string]string{"GOGC": "150", "GOMEMLIMIT": "2GiB"}[k] })
	p, l = read()
	restore()
	if p != beforeP || l != beforeL {
		t.Fatalf("an operator's GOGC/GOMEMLIMIT were overridden: %d, %d", p, l)
	}
}
