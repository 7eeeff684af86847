// Package devicefile reads sleep-sensor recordings from device files and CSV
// into plain in-memory series. It does I/O and format decoding only; scoring
// lives in internal/sleep/score and counts in internal/sleep/counts, so the
// algorithms can be tested without files and the readers without algorithms.
//
// Readers never fail silently on damaged input: what they skip is listed in a
// Report, and the good part of a file is kept.
package devicefile

import "fmt"

// Problem is one thing a reader skipped or repaired, with where it was found
// (a row, a block or a byte offset) so a person can check the file.
type Problem struct {
	Where string // e.g. "row 12", "block 13", "offset 4096"
	What  string // English description; the UI translates by Code
	Code  string // stable machine code, e.g. "corrupt_block", "time_backwards"
	Field string // the column or field at fault, when one is; "" otherwise
}

func (p Problem) String() string { return fmt.Sprintf("%s: %s", p.Where, p.What) }

// Report lists the problems found while reading one file.
type Report struct {
	Problems []Problem
}

// Add records a problem.
func (r *Report) Add(code, where, format string, args ...any) {
	r.Problems = append(r.Problems, Problem{Where: where, What: fmt.Sprintf(format, args...), Code: code})
}
