package score

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/testkit"
)

// readCSV reads a whole reference CSV as header plus rows of named cells.
func readCSV(t testing.TB, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := f.Close(); err != nil {
			t.Error(err)
		}
	}()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var rows []map[string]string
	for _, r := range recs[1:] {
		m := make(map[string]string, len(r))
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		rows = append(rows, m)
	}
	return rows
}

func mustFloat(t testing.TB, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func mustTime(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// referenceMinutes aggregates the 10-second epoch CSV to minutes with
// ToMinutes, so the validation covers the aggregation as well.
func referenceMinutes(t testing.TB) []Minute {
	t.Helper()
	ref := testkit.Reference(t)
	rows := readCSV(t, filepath.Join(ref, "actilife", "GT3XPlus-RawData-Day01.csv"))
	times := make([]time.Time, len(rows))
	counts := make([]float64, len(rows))
	for i, r := range rows {
		times[i] = mustTime(t, r["timestamp"])
		counts[i] = mustFloat(t, r["axis1"])
	}
	m, err := ToMinutes(times, counts)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestReferenceMinutesMatchActiLife60s(t *testing.T) {
	ref := testkit.Reference(t)
	minutes := referenceMinutes(t)
	want := readCSV(t, filepath.Join(ref, "actilife", "GT3XPlus-RawData-Day01-10sec60sec.csv"))
	if len(minutes) != len(want) {
		t.Fatalf("got %d minutes, ActiLife has %d", len(minutes), len(want))
	}
	for i, w := range want {
		if !minutes[i].Start.Equal(mustTime(t, w["timestamp"])) || minutes[i].Count != mustFloat(t, w["axis1"]) {
			t.Fatalf("minute %d: got %v %v, want %s %s", i, minutes[i].Start, minutes[i].Count, w["timestamp"], w["axis1"])
		}
	}
}

func TestReferenceSleepAwakeLabels(t *testing.T) {
	ref := testkit.Reference(t)
	counts := Counts(referenceMinutes(t))
	want := readCSV(t, filepath.Join(ref, "actilife", "GT3XPlus-RawData-Day01-sleep-awake.csv"))
	if len(want) != 1500 || len(counts) != 1500 {
		t.Fatalf("want 1500 minutes, got reference %d, ours %d", len(want), len(counts))
	}
	for _, tc := range []struct {
		column string
		score  func([]float64) []State
	}{{"cole-kripke", ColeKripke}, {"sadeh", Sadeh}} {
		got := tc.score(counts)
		bad := 0
		for i, w := range want {
			if got[i].String() != w[tc.column] {
				bad++
				if bad <= 5 {
					t.Errorf("%s minute %d (%s, count %v): got %s, ActiLife %s", tc.column, i, w["timestamp"], counts[i], got[i], w[tc.column])
				}
			}
		}
		if bad > 0 {
			t.Errorf("%s: %d of %d labels differ", tc.column, bad, len(want))
		}
	}
}
