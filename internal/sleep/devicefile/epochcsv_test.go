package devicefile

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"
)

func TestReadEpochCSV(t *testing.T) {
	t0 := time.Date(2012, 6, 27, 10, 54, 0, 0, time.UTC)
	tests := []struct {
		name     string
		in       string
		n        int
		problems string // codes@where, comma-separated
		zoned    bool
		epoch    time.Duration
		err      string
	}{
		{name: "plain", in: "timestamp,axis1\n2012-06-27T10:54:00Z,5\n2012-06-27T10:54:10Z,7\n", n: 2, epoch: 10 * time.Second},
		{name: "BOM, CRLF, extra columns, blank line", in: "\ufefftimestamp,axis1,axis2,axis3,steps\r\n2012-06-27T10:54:00Z,5,1,2,0\r\n\r\n2012-06-27T10:55:00Z,7,1,2,3\r\n", n: 2, epoch: time.Minute},
		{name: "quoted cells", in: "\"timestamp\",\"axis1\"\n\"2012-06-27T10:54:00Z\",\"5\"\n", n: 1, epoch: time.Minute},
		{name: "offsets are instants", in: "timestamp,axis1\n2012-06-27T12:54:00+02:00,5\n2012-06-27T10:54:30Z,1\n", n: 2, zoned: true, epoch: 30 * time.Second},
		{name: "bad rows reported", in: "timestamp,axis1,axis2\n" +
			"2012-06-27T10:54:00Z,5,1\n" + // row 2
			"2012-06-27T10:54:10Z,5\n" + // row 3: too few cells
			"27/06/2012 10:54,5,1\n" + // row 4: bad time
			"2012-06-27T10:54:20Z,x,1\n" + // row 5: not a number
			"2012-06-27T10:54:30Z,NaN,1\n" + // row 6: NaN
			"2012-06-27T10:54:40Z,-1,1\n" + // row 7: negative count
			"2012-06-27T10:54:00Z,5,1\n" + // row 8: duplicate
			"2012-06-27T10:53:50Z,5,1\n" + // row 9: backwards
			"2012-06-27T10:54:50Z,5,1\n", // row 10
			n: 2, epoch: 50 * time.Second,
			problems: "field_count@row 3,bad_time@row 4,bad_value@row 5,bad_value@row 6,implausible_count@row 7,duplicate_time@row 8,time_backwards@row 9"},
		{name: "empty", in: "", err: "empty file"},
		{name: "wrong header", in: "time,counts\n2012-06-27T10:54:00Z,5\n", err: "row 1: header"},
		{name: "repeated column", in: "timestamp,axis1,axis1\n", err: "repeated"},
		{name: "header only", in: "timestamp,axis1\n", err: "no epochs"},
		{name: "all rows bad", in: "timestamp,axis1\nx,1\n", err: "row 2"},
		{name: "long line", in: "timestamp,axis1\n" + strings.Repeat("9", 70000) + "\n", err: "longer than"},
	}
	for _, tc := range tests {
		e, err := ReadEpochCSV(strings.NewReader(tc.in))
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		var codes []string
		for _, p := range e.Report.Problems {
			codes = append(codes, p.Code+"@"+p.Where)
		}
		if e.Len() != tc.n || strings.Join(codes, ",") != tc.problems || e.Zoned != tc.zoned || e.EpochLength != tc.epoch {
			t.Errorf("%s: n %d zoned %v epoch %v problems %v", tc.name, e.Len(), e.Zoned, e.EpochLength, codes)
		}
		if e.Skipped != len(codes) {
			t.Errorf("%s: skipped %d, problems %d", tc.name, e.Skipped, len(codes))
		}
		if !e.Times[0].Equal(t0) {
			t.Errorf("%s: first time %v", tc.name, e.Times[0])
		}
	}
}

func TestReadEpochCSVProblemCap(t *testing.T) {
	var b strings.Builder
	b.WriteString("timestamp,axis1\n2012-06-27T10:54:00Z,1\n")
	for range 1500 {
		b.WriteString("bad,row\n")
	}
	e, err := ReadEpochCSV(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	last := e.Report.Problems[len(e.Report.Problems)-1]
	if len(e.Report.Problems) != epochMaxProblems+1 || last.Code != "more_problems" || e.Skipped != 1500 {
		t.Errorf("%d problems, last %v, skipped %d", len(e.Report.Problems), last, e.Skipped)
	}
}

// FuzzReadEpochCSV checks that any input gives epochs or an error, never a
// panic, and that returned epochs are ordered, finite and consistent.
func FuzzReadEpochCSV(f *testing.F) {
	for _, s := range []string{
		"timestamp,axis1\n2012-06-27T10:54:00Z,5\n2012-06-27T10:54:10Z,7\n",
		"\ufefftimestamp,axis1,axis2,axis3\r\n2012-06-27T10:54:00Z,5,1,2\r\n2012-06-27T10:54:00Z,5,1,2\r\n",
		"timestamp,axis1\n2012-06-27T12:54:00+02:00,5\n2012-06-27T10:53:00Z,1\n",
		"timestamp,axis1\n\"2012-06-27T10:54:00.5Z\",1e3\n,\n",
		"timestamp,axis1,axis2\n2012-06-27T10:54:00Z,1e308,1\n2012-06-27T10:54:01Z,40000,-1\n2012-06-27T10:54:02Z,32767,0\n",
		"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := ReadEpochCSV(strings.NewReader(string(data)))
		if err != nil {
			return
		}
		if e.Len() == 0 || len(e.Values) != len(e.Columns) || e.Columns[0] != "axis1" || e.EpochLength <= 0 {
			t.Fatalf("inconsistent: %d epochs, %d columns %v, epoch %v", e.Len(), len(e.Values), e.Columns, e.EpochLength)
		}
		for c := range e.Values {
			if len(e.Values[c]) != e.Len() {
				t.Fatalf("column %d has %d values for %d epochs", c, len(e.Values[c]), e.Len())
			}
			for _, v := range e.Values[c] {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("non-finite value %v", v)
				}
				if isCountColumn(e.Columns[c]) && (v < 0 || v > countLimit(e.EpochLength)) {
					t.Fatalf("%s count %v beyond what a device counts in %v", e.Columns[c], v, e.EpochLength)
				}
			}
		}
		for i := 1; i < e.Len(); i++ {
			if !e.Times[i].After(e.Times[i-1]) {
				t.Fatalf("times not increasing at %d", i)
			}
		}
	})
}

// TestEpochCountsBounded: an epoch count of 1e308 was accepted and stored
// (issue 9, finding 19). Counts are bounded by what a device can count in
// the epoch (maxCountPerSecond per second of epoch): a count over the bound
// for an hour is skipped with its row, one over the bound for the file's
// own epoch length with its time; both name the column.
func TestEpochCountsBounded(t *testing.T) {
	limit := maxCountPerSecond * 60 // 60-s epochs
	in := "timestamp,axis1,axis2,axis3\n" +
		"2024-03-01T22:00:00Z,10,1,1\n" +
		"2024-03-01T22:01:00Z,1e308,1,1\n" + // row 3
		fmt.Sprintf("2024-03-01T22:02:00Z,1,%d,1\n", limit+1) + // over the bound for 60 s
		fmt.Sprintf("2024-03-01T22:03:00Z,%d,1,1\n", limit) + // exactly the bound
		"2024-03-01T22:04:00Z,1,1,-0.5\n" // row 6
	e, err := ReadEpochCSV(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if e.Len() != 2 || e.Axis1()[1] != float64(limit) || e.Skipped != 3 {
		t.Fatalf("kept %d epochs (axis1 %v), skipped %d", e.Len(), e.Axis1(), e.Skipped)
	}
	var got []string
	for _, p := range e.Report.Problems {
		got = append(got, p.Code+"@"+p.Where+"/"+p.Field)
	}
	want := "implausible_count@row 3/axis1,implausible_count@row 6/axis3,implausible_count@2024-03-01T22:02:00Z/axis2"
	if strings.Join(got, ",") != want {
		t.Errorf("problems %v\nwant %s", got, want)
	}
	// A file of nothing but impossible counts is refused.
	if _, err := ReadEpochCSV(strings.NewReader("timestamp,axis1\n2024-03-01T22:00:00Z,1e308\n")); err == nil || !strings.Contains(err.Error(), "axis1") {
		t.Errorf("only impossible counts: %v", err)
	}
}
