package cli

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/sleep/devicefile"
	"github.com/volwaardig/volwaardig/internal/sleep/score"
	"github.com/volwaardig/volwaardig/internal/testkit"
)

func runWindow(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), append([]string{"sleep", "window"}, args...),
		func(string) string { t.Fatal("sleep window must not read the environment"); return "" },
		strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// windowCSV is a raw x,y,z CSV at 1 Hz from 12:00: restless (the z-angle
// jumps between 10 and 40 degrees every 5-second epoch), still from 15:00
// to 15:20 (a nap too short for HDCZA's 30-minute blocks) and from 23:00 to
// 07:00 (angle 30 degrees, 0.1 degree jitter), for hours hours.
func windowCSV(hours int) string {
	var b strings.Builder
	b.WriteString("x,y,z\n")
	for i := range hours * 3600 {
		k := i / 5
		min := (12*60 + i/60) % (24 * 60)
		a := 10.0
		if k%2 == 1 {
			a = 40
		}
		if (min >= 15*60 && min < 15*60+20) || min >= 23*60 || min < 7*60 {
			a = 30 + 0.1*float64(k%2)
		}
		r := a * math.Pi / 180
		fmt.Fprintf(&b, "%.6f,0,%.6f\n", math.Cos(r), math.Sin(r))
	}
	return b.String()
}

func TestSleepWindowCSV(t *testing.T) {
	path := writeTemp(t, "pols.csv", windowCSV(30))
	code, out, errs := runWindow(t, path, "--hz", "1", "--start", "2026-03-01T12:00:00+01:00")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	want := []string{
		"kind,start,end,minutes",
		"inactivity,2026-03-01T15:00:00+01:00,2026-03-01T15:20:00+01:00,20",
		"inactivity,2026-03-01T23:00:00+01:00,2026-03-02T07:00:00+01:00,480",
	}
	if len(lines) != 5 || strings.Join(lines[:2], "\n") != strings.Join(want[:2], "\n") ||
		lines[4] != "inactivity,2026-03-02T15:00:00+01:00,2026-03-02T15:20:00+01:00,20" {
		t.Fatalf("output:\n%s", out)
	}
	// The window and the night's bout both start at 23:00; the window may
	// differ by the 5-minute rolling median's edge (a few epochs).
	var bout, window string
	for _, l := range lines[2:4] {
		if strings.HasPrefix(l, "window,") {
			window = l
		} else {
			bout = l
		}
	}
	if bout != want[2] {
		t.Errorf("night bout %q, want %q", bout, want[2])
	}
	f := strings.Split(window, ",")
	if len(f) != 4 {
		t.Fatalf("no window line in\n%s", out)
	}
	for i, w := range []string{"2026-03-01T23:00:00+01:00", "2026-03-02T07:00:00+01:00"} {
		got, err1 := time.Parse(time.RFC3339, f[1+i])
		exp, _ := time.Parse(time.RFC3339, w)
		if err1 != nil || got.Sub(exp).Abs() > 30*time.Second {
			t.Errorf("window %s, want about %s", f[1+i], w)
		}
	}
	// The second day (12:00-18:00) is too short for a window: said, not guessed.
	if !strings.Contains(errs, "less than the 12h0m0s a sleep window needs") {
		t.Errorf("stderr %q", errs)
	}
}

func TestSleepWindowUsageAndReference(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{nil, ExitUsage, "expected one FILE"},
		{[]string{"x.csv"}, ExitUsage, "--hz is required"},
		{[]string{"x.csv", "--hz", "30"}, ExitUsage, "--start is required"},
		{[]string{"--bogus", "x.csv"}, ExitUsage, "not defined"},
		{[]string{"/nonexistent/x.cwa"}, ExitBadInput, "no such file"},
	} {
		code, _, errs := runWindow(t, c.args...)
		if code != c.code || !strings.Contains(errs, c.msg) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, code, errs, c.code, c.msg)
		}
	}
	// The real GT3X file: 29 minutes, read with its idle-sleep notes; no
	// 5-minute bout and no day long enough for a window.
	code, out, errs := runWindow(t, filepath.Join(testkit.Reference(t, "raw"), "actigraph_testfile.gt3x"))
	if code != ExitOK || out != "kind,start,end,minutes\n" || !strings.Contains(errs, "idle sleep") || !strings.Contains(errs, "a sleep window needs") {
		t.Errorf("gt3x: exit %d\n%s\n%s", code, out, errs)
	}
	if code, _, _ := runWindow(t, "--help"); code != ExitOK {
		t.Errorf("--help: exit %d", code)
	}
}

// TestSleepWindowStreamedAngles: the z-angles computed block by block as
// the reader streams a recording (a gap passed over epoch by epoch) are
// exactly score.EpochZAngles of the whole recording in memory, on every
// reference recording (the corrupt-block file has gaps).
func TestSleepWindowStreamedAngles(t *testing.T) {
	dir := testkit.Reference(t, "raw")
	vh := score.DefaultVanHees()
	for _, name := range []string{"ax3_testfile.cwa", "ax3_testfile_corrupt_blocks_0_13_14_142_143_144.cwa", "ax6_testfile.cwa", "actigraph_testfile.gt3x", "GENEActiv_testfile.bin"} {
		path := filepath.Join(dir, name)
		r, err := devicefile.ReadRaw(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, epoch := range []time.Duration{vh.EpochLength, 1100 * time.Millisecond} {
			want, err := score.EpochZAngles(r.X, r.Y, r.Z, r.SampleRate, epoch)
			if err != nil {
				t.Fatal(err)
			}
			var za *zAngles
			if _, err := devicefile.StreamRaw(path, 0, func(h *devicefile.Raw, b devicefile.Block) error {
				if za == nil {
					za, err = newZAngles(h.SampleRate, epoch)
				}
				za.add(b)
				return err
			}); err != nil {
				t.Fatal(err)
			}
			got := za.close()
			if len(got) != len(want) || len(want) < 10 {
				t.Fatalf("%s, %v: %d angles streamed, %d whole", name, epoch, len(got), len(want))
			}
			for i := range want {
				if math.Float64bits(got[i]) != math.Float64bits(want[i]) && !(math.IsNaN(got[i]) && math.IsNaN(want[i])) {
					t.Fatalf("%s, %v: epoch %d: %v streamed, %v whole", name, epoch, i, got[i], want[i])
				}
			}
		}
	}
}
