package app

import "runtime/debug"

// The garbage collector's defaults for a server (issue 18). Go's own
// default (GOGC=100) collects each time the heap doubles; a server whose
// live heap is a few tens of megabytes then collects many times a second
// under load, and the profiles of the heaviest pages put the collector at
// 10 to 20% of their CPU. Collecting when the heap has grown fourfold
// (GOGC=400) cut the CPU per request of /monitor by a quarter and of
// /crisis by a fifth (BENCHMARKS.md, "Web"); the soft memory limit makes
// the collector work harder before the heap passes 1 GiB, so a large live
// heap (an ingest of big files) does not grow the process to five times
// its size.
const (
	serverGCPercent   = 400
	serverMemoryLimit = 1 << 30
)

// TuneGC sets those defaults for the process, each only when the operator
// did not choose it through Go's own GOGC or GOMEMLIMIT, and returns a
// function that restores what was there (for tests and tools that run a
// server inside a longer process).
func TuneGC(getenv func(string) string) (restore func()) {
	prevPercent, prevLimit := int(-2), int64(-1)
	if getenv("GOGC") == "" {
		prevPercent = debug.SetGCPercent(serverGCPercent)
	}
	if getenv("GOMEMLIMIT") == "" {
		prevLimit = debug.SetMemoryLimit(serverMemoryLimit)
	}
	return func() {
		if prevPercent != -2 {
			debug.SetGCPercent(prevPercent)
		}
		if prevLimit >= 0 {
			debug.SetMemoryLimit(prevLimit)
		}
	}
}
