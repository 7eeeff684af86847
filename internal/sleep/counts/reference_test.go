package counts

import (
	"bufio"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/testkit"
)

// readColumn reads a file of one number per line.
func readColumn(t testing.TB, path string) []float64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		if os.Getenv(testkit.RequireReferenceEnv) == "1" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	defer func() {
		if err := f.Close(); err != nil {
			t.Error(err)
		}
	}()
	var out []float64
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		v, err := strconv.ParseFloat(line, 64)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, v)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestResampleReferenceVector checks the 32 Hz → 30 Hz resampler against
// the reference implementation's test vector.
func TestResampleReferenceVector(t *testing.T) {
	ref := testkit.Reference(t)
	in := readColumn(t, filepath.Join(ref, "counts", "32Hz_input.csv"))
	want := readColumn(t, filepath.Join(ref, "counts", "30Hz_output.csv"))
	for _, split := range []int{len(in), 1, 7, 100, 1000} {
		r, err := NewResampler(32)
		if err != nil {
			t.Fatal(err)
		}
		var got []float64
		for rest := in; len(rest) > 0; {
			n := min(split, len(rest))
			got = r.Write(rest[:n], got)
			rest = rest[n:]
		}
		got = r.Close(got)
		if len(got) != len(want) {
			t.Fatalf("split %d: %d samples, want %d", split, len(got), len(want))
		}
		var maxDiff float64
		exact := 0
		for i := range want {
			d := math.Abs(got[i] - want[i])
			maxDiff = max(maxDiff, d)
			if got[i] == want[i] {
				exact++
			}
			if d > 1e-12 {
				t.Fatalf("split %d: sample %d = %.17g, want %.17g", split, i, got[i], want[i])
			}
		}
		t.Logf("split %d: max |diff| %.3g, %d of %d bit-identical", split, maxDiff, exact, len(want))
	}
}
