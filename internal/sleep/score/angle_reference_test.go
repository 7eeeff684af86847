package score

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/sleep/devicefile"
	"github.com/volwaardig/volwaardig/internal/testkit"
)

// TestSustainedInactivityReferenceGT3X runs the raw-data path (5-second
// z-angles from raw x,y,z, then van Hees bouts) on the real ActiGraph file.
// The recording is 29 minutes, too short for the published 5-minute bouts
// or a day's HDCZA window, but it holds a fact a still wrist must satisfy:
// the device stops recording while it lies still (idle sleep; the reader
// repeats the last sample, as ActiLife does). Every such stretch of at least
// 70 s must lie inside a sustained-inactivity bout when the minimum bout is
// one minute, and no bout may hold a change of more than 5 degrees.
func TestSustainedInactivityReferenceGT3X(t *testing.T) {
	ref := testkit.Reference(t)
	r, err := devicefile.ReadRaw(filepath.Join(ref, "raw", "actigraph_testfile.gt3x"))
	if err != nil {
		t.Fatal(err)
	}
	s := DefaultVanHees()
	angles, err := EpochZAngles(r.X, r.Y, r.Z, r.SampleRate, s.EpochLength)
	if err != nil {
		t.Fatal(err)
	}
	if want := r.Len() / (30 * 5); len(angles) != want {
		t.Fatalf("%d epochs, want %d", len(angles), want)
	}
	s.MinPeriod = time.Minute
	bouts, err := SustainedInactivity(angles, s)
	if err != nil {
		t.Fatal(err)
	}
	// Idle stretches: runs of identical samples (the reader's repeat).
	per := int(r.SampleRate)
	var idle []Interval
	for i := 0; i < r.Len(); {
		j := i + 1
		for j < r.Len() && r.X[j] == r.X[i] && r.Y[j] == r.Y[i] && r.Z[j] == r.Z[i] {
			j++
		}
		if j-i >= 70*per {
			idle = append(idle, Interval{i, j})
		}
		i = j
	}
	// 261, 74, 85, 88 s and the rest the reader reports (idle_sleep).
	if len(idle) < 4 {
		t.Fatalf("only %d idle stretches of 70 s or more found", len(idle))
	}
	for _, iv := range idle {
		// The epochs wholly inside the stretch.
		first, last := (iv.Start+5*per-1)/(5*per), iv.End/(5*per)
		covered := false
		for _, b := range bouts {
			covered = covered || (b.Start <= first && b.End >= last)
		}
		if !covered {
			t.Errorf("idle %s-%s (epochs %d-%d) not inside a bout; bouts %v", r.Time(iv.Start).Format("15:04:05"), r.Time(iv.End).Format("15:04:05"), first, last, bouts)
		}
	}
	for _, b := range bouts {
		for k := b.Start + 1; k < b.End; k++ {
			if d := angles[k] - angles[k-1]; d > 5 || d < -5 {
				t.Fatalf("bout %v holds a change of %.1f degrees at epoch %d", b, d, k)
			}
		}
	}
	t.Logf("%d idle stretches >= 70 s, %d bouts of >= 1 min", len(idle), len(bouts))
}
