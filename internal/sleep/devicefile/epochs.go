package devicefile

import (
	"fmt"
	"math"
	"time"
)

// Epochs is an epoch-level activity recording (ActiGraph .agd or a CSV of
// epochs): one row per epoch with counts per axis and whatever other
// columns the file has. It is the input of minute aggregation and sleep
// scoring; the readers only decode, they do not aggregate.
type Epochs struct {
	// EpochLength is the length of one epoch: from the .agd settings, or
	// for CSV the smallest step between successive rows.
	EpochLength time.Duration
	// Times holds each epoch's start. An .agd file and a CSV with "Z"
	// timestamps give the recording's own clock time labelled UTC (the
	// device knows no zone); when a CSV carries numeric offsets, the times
	// are converted to UTC instants and Zoned is set.
	Times []time.Time
	Zoned bool
	// Columns names the value columns in file order, lower case, "axis1"
	// first; Values[c][i] is column c at epoch i.
	Columns []string
	Values  [][]float64
	// Settings holds the .agd settings table (name → value); nil for CSV.
	Settings map[string]string
	// Skipped counts rows dropped (bad values, duplicate or backward
	// times); the Report names them.
	Skipped int
	Report  Report
}

// Len is the number of epochs read.
func (e *Epochs) Len() int { return len(e.Times) }

// Column returns the values of a column by (lower-case) name, or nil when
// the file has no such column.
func (e *Epochs) Column(name string) []float64 {
	for i, c := range e.Columns {
		if c == name {
			return e.Values[i]
		}
	}
	return nil
}

// Axis1 returns the axis-1 counts, the series ActiLife's sleep algorithms
// score. Every reader guarantees the column exists.
func (e *Epochs) Axis1() []float64 { return e.Column("axis1") }

// epochMaxProblems bounds the problems listed one by one, so a file of
// garbage yields a readable report instead of one entry per line.
const epochMaxProblems = 1000

// problemSink adds problems to a report up to epochMaxProblems and counts
// the rest.
type problemSink struct {
	report *Report
	n      int
}

func (p *problemSink) add(code, where, format string, args ...any) {
	p.n++
	if p.n <= epochMaxProblems {
		p.report.Add(code, where, format, args...)
	}
}

// addField is add for a problem with one column, named in Problem.Field.
func (p *problemSink) addField(code, where, field, format string, args ...any) {
	p.add(code, where, format, args...)
	if p.n <= epochMaxProblems {
		p.report.Problems[len(p.report.Problems)-1].Field = field
	}
}

func (p *problemSink) finish() {
	if p.n > epochMaxProblems {
		p.report.Add("more_problems", "file", "%d further problems not listed", p.n-epochMaxProblems)
	}
}

// timeOrder checks that epoch times strictly increase, reporting a
// duplicate or a step back; such a row is dropped so no epoch is counted
// twice.
type timeOrder struct {
	last    time.Time
	have    bool
	minStep time.Duration
}

// accept reports whether t may follow the previous accepted time, and why
// not ("duplicate_time" or "time_backwards").
func (o *timeOrder) accept(t time.Time) (ok bool, code string) {
	if o.have {
		switch {
		case t.Equal(o.last):
			return false, "duplicate_time"
		case t.Before(o.last):
			return false, "time_backwards"
		}
		if step := t.Sub(o.last); o.minStep == 0 || step < o.minStep {
			o.minStep = step
		}
	}
	o.last, o.have = t, true
	return true, ""
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// maxCountPerSecond bounds an activity count per second of epoch: an
// ActiGraph count comes from a 16-bit accumulator per second of filtered
// acceleration, so 32767 per second is more than any device produces
// (real counts per minute rarely pass 20,000). An epoch of n seconds holds
// at most n times this; a larger, negative or non-finite count (1e308 was
// accepted and stored, issue 9 finding 19) is a fault or forgery, and the
// epoch is skipped with the code "implausible_count".
const maxCountPerSecond = 32767

// maxCountEpoch is the longest epoch a count bound is taken over: the
// readers accept epochs of at most an hour.
const maxCountEpoch = time.Hour

// maxEpochRows bounds the epochs one file may hold: 45 days of 1-second
// epochs. More is refused (split the file) instead of held in memory.
const maxEpochRows = 45 * 24 * 3600

// errTooManyEpochs is the error of a file over maxEpochRows.
var errTooManyEpochs = fmt.Errorf("the file holds more than %d epochs (45 days of 1-second epochs); split it into shorter files", maxEpochRows)

// isCountColumn reports whether a column holds activity counts.
func isCountColumn(name string) bool {
	switch name {
	case "axis1", "axis2", "axis3", "vm", "vectormagnitude", "vector magnitude":
		return true
	}
	return false
}

// countLimit is the largest count an epoch of length d can hold.
func countLimit(d time.Duration) float64 {
	if d <= 0 || d > maxCountEpoch {
		d = maxCountEpoch
	}
	return maxCountPerSecond * math.Ceil(d.Seconds())
}

// implausibleCount checks a count of column col against the bound for an
// epoch of length d (an hour when unknown) and says what is wrong, or ""
// when the count is plausible.
func implausibleCount(col string, v float64, d time.Duration) string {
	switch {
	case !finite(v):
		return fmt.Sprintf("%s %v is not a number", col, v)
	case v < 0:
		return fmt.Sprintf("%s %v is negative; counts cannot be", col, v)
	case v > countLimit(d):
		return fmt.Sprintf("%s %v is more than a device counts in an epoch of %v (at most %v)", col, v, min(max(d, time.Second), maxCountEpoch), countLimit(d))
	}
	return ""
}

// dropImplausibleCounts removes the epochs whose counts exceed the bound
// for the file's epoch length, known only once all rows are read; the
// readers already skipped counts over the bound for an hour's epoch, with
// their row. The epoch's time names it in the Report.
func (e *Epochs) dropImplausibleCounts(sink *problemSink) {
	var cols []int
	for i, c := range e.Columns {
		if isCountColumn(c) {
			cols = append(cols, i)
		}
	}
	keep := 0
	for i := range e.Times {
		bad, field := "", ""
		for _, c := range cols {
			if bad = implausibleCount(e.Columns[c], e.Values[c][i], e.EpochLength); bad != "" {
				field = e.Columns[c]
				break
			}
		}
		if bad != "" {
			sink.addField("implausible_count", e.Times[i].Format(time.RFC3339), field, "%s", bad)
			e.Skipped++
			continue
		}
		e.Times[keep] = e.Times[i]
		for c := range e.Values {
			e.Values[c][keep] = e.Values[c][i]
		}
		keep++
	}
	e.Times = e.Times[:keep]
	for c := range e.Values {
		e.Values[c] = e.Values[c][:keep]
	}
}
