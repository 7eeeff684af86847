package cli

import (
	"bufio"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"github.com/volwaardig/volwaardig/internal/sleep/devicefile"
	"github.com/volwaardig/volwaardig/internal/sleep/score"
)

// windowMinDay is the least valid z-angle data a noon-to-noon day needs
// before HDCZA looks for its sleep window: its threshold is a percentile of
// the day, which a few hours of data would make meaningless.
const windowMinDay = 12 * time.Hour

// runSleepWindow is `volwaardig sleep window`: the raw-data methods of van
// Hees on a device file or raw CSV, so they are usable on files like the
// count-based scorings (issue 5). It is not one of DESIGN §4's fixed
// contracts; its output follows the same CSV conventions.
func runSleepWindow(env Env, args []string) int {
	const cmd = "sleep window"
	fs := newFlagSet(env, cmd, "sleep window [--hz N --start TIME] FILE\n\n"+
		"Sustained inactivity (van Hees et al. 2015) and the sleep window (HDCZA,\n"+
		"van Hees et al. 2018) from raw acceleration: a device file (.cwa, .gt3x,\n"+
		"GENEActiv .bin) or a CSV of x,y,z in g with --hz and --start. The z-angle\n"+
		"of each 5-second epoch is the angle of its mean acceleration; a bout is a\n"+
		"stretch of at least 5 minutes without a change of more than 5 degrees; the\n"+
		"window is found per noon-to-noon day of the device clock that holds at\n"+
		"least 12 hours of data. Prints kind,start,end,minutes with kind\n"+
		"'inactivity' (a bout) or 'window' (a day's sleep window), times on the\n"+
		"device clock in RFC 3339. A sensor lying on a table is also still: check\n"+
		"non-wear before reading the window as sleep.")
	var hz float64
	fs.Float64Var(&hz, "hz", 0, "sample rate of a raw CSV in Hz (device files use their own)")
	startFlag := fs.String("start", "", "time of the first sample of a raw CSV, RFC 3339 (e.g. 2026-03-01T18:00:00+01:00)")
	pos, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	usageErr, badInput := fileCommandErrors(env, cmd)
	if len(pos) != 1 {
		return usageErr("expected one FILE, got %d arguments", len(pos))
	}
	path := pos[0]
	path, cleanup, err := inputPath(env, path)
	if err != nil {
		return badInput("%v", err)
	}
	defer cleanup()
	var start time.Time
	if !isDeviceFile(path) {
		if !(hz > 0) {
			return usageErr("--hz is required for a raw CSV file (device files carry their own rate)")
		}
		var err error
		if start, err = time.Parse(time.RFC3339, *startFlag); err != nil {
			return usageErr("--start is required for a raw CSV file, in RFC 3339 (e.g. 2026-03-01T18:00:00+01:00)")
		}
	}
	vh := score.DefaultVanHees()
	// The z-angles are computed block by block as the reader streams the
	// recording, a gap skipped epoch by epoch: memory stays bounded by a
	// block and the angles, whatever the recording's length (issue 9).
	var za *zAngles
	raw, err := devicefile.StreamRaw(path, hz, func(h *devicefile.Raw, b devicefile.Block) error {
		if za == nil {
			var err error
			if za, err = newZAngles(h.SampleRate, vh.EpochLength); err != nil {
				return err
			}
		}
		za.add(b)
		return nil
	})
	if err != nil {
		return badInput("%v", err)
	}
	if raw.Device == devicefile.DeviceCSV {
		raw.Start = start
	}
	const maxNotes = 10
	for i, p := range raw.Report.Problems {
		if i == maxNotes {
			env.errorf("note: %s: %d more problems like these\n", filepath.Base(path), len(raw.Report.Problems)-maxNotes)
			break
		}
		env.errorf("note: %s: %s\n", filepath.Base(path), p)
	}
	angles := za.close()
	rows, notes, err := sleepWindowRows(raw.Start, angles, vh, score.DefaultHDCZA())
	if err != nil {
		return badInput("%s: %v", filepath.Base(path), err)
	}
	for _, n := range notes {
		env.errorf("note: %s: %s\n", filepath.Base(path), n)
	}
	w := bufio.NewWriter(env.Stdout)
	fmt.Fprintln(w, "kind,start,end,minutes")
	for _, r := range rows {
		fmt.Fprintf(w, "%s,%s,%s,%s\n", r.kind, r.start.Format(time.RFC3339), r.end.Format(time.RFC3339),
			strconv.FormatFloat(math.Round(r.end.Sub(r.start).Minutes()*1000)/1000, 'f', -1, 64))
	}
	if err := w.Flush(); err != nil {
		env.errorf("volwaardig %s: writing output: %v\n", cmd, err)
		return ExitOperational
	}
	return ExitOK
}

// windowRow is one output line of `sleep window`.
type windowRow struct {
	kind       string
	start, end time.Time
}

// sleepWindowRows runs sustained-inactivity detection on the whole series
// of z-angles (epoch k starts at start + k·epoch) and HDCZA on each
// noon-to-noon day of start's clock with enough data, in time order of
// their start. notes tell which days were too short for a window.
func sleepWindowRows(start time.Time, angles []float64, vh score.VanHeesSettings, hd score.HDCZASettings) (rows []windowRow, notes []string, err error) {
	at := func(k int) time.Time { return start.Add(time.Duration(k) * vh.EpochLength) }
	bouts, err := score.SustainedInactivity(angles, vh)
	if err != nil {
		return nil, nil, err
	}
	var windows []windowRow
	for k := 0; k < len(angles); {
		t := at(k)
		noon := time.Date(t.Year(), t.Month(), t.Day(), 12, 0, 0, 0, t.Location())
		if t.Before(noon) {
			noon = noon.AddDate(0, 0, -1)
		}
		next := noon.AddDate(0, 0, 1)
		end := min(len(angles), int(math.Ceil(float64(next.Sub(start))/float64(vh.EpochLength))))
		valid := 0
		for _, a := range angles[k:end] {
			if !math.IsNaN(a) {
				valid++
			}
		}
		if time.Duration(valid)*vh.EpochLength < windowMinDay {
			notes = append(notes, fmt.Sprintf("the day from %s holds %v of data, less than the %v a sleep window needs", noon.Format("2006-01-02 15:04"), time.Duration(valid)*vh.EpochLength, windowMinDay))
		} else {
			w, _, found, err := score.SleepWindow(angles[k:end], hd)
			if err != nil {
				return nil, nil, err
			}
			if found {
				windows = append(windows, windowRow{"window", at(k + w.Start), at(k + w.End)})
			} else {
				notes = append(notes, fmt.Sprintf("no sleep window in the day from %s", noon.Format("2006-01-02 15:04")))
			}
		}
		k = end
	}
	for _, b := range bouts {
		rows = append(rows, windowRow{"inactivity", at(b.Start), at(b.End)})
	}
	rows = append(rows, windows...)
	// Stable by start: a window and the bouts inside it read in order.
	slices.SortStableFunc(rows, func(a, b windowRow) int { return a.start.Compare(b.start) })
	return rows, notes, nil
}

// zAngles is score.EpochZAngles over a streamed recording: the angle of
// each epoch's mean acceleration over the samples present, NaN when fewer
// than half are, epoch k covering samples [round(k·per), round((k+1)·per))
// and only complete epochs kept. A gap adds nothing to the sums, so it is
// passed over an epoch at a time, never sample by sample.
type zAngles struct {
	per        float64 // samples per epoch
	k          int     // current epoch
	lo, hi     int64   // its samples
	pos        int64   // next sample
	sx, sy, sz float64
	present    int
	out        []float64
}

func newZAngles(hz float64, epoch time.Duration) (*zAngles, error) {
	per := hz * epoch.Seconds()
	if !(per >= 1) || math.IsInf(per, 0) {
		return nil, fmt.Errorf("score: %v epochs at %g Hz hold less than one sample", epoch, hz)
	}
	z := &zAngles{per: per}
	z.lo, z.hi = 0, int64(math.Round(per))
	return z, nil
}

// next ends the current epoch.
func (z *zAngles) next() {
	if 2*int64(z.present) < z.hi-z.lo || z.present == 0 {
		z.out = append(z.out, math.NaN())
	} else {
		f := float64(z.present)
		z.out = append(z.out, score.ZAngle(z.sx/f, z.sy/f, z.sz/f))
	}
	z.k++
	z.lo, z.hi = int64(math.Round(float64(z.k)*z.per)), int64(math.Round(float64(z.k+1)*z.per))
	z.sx, z.sy, z.sz, z.present = 0, 0, 0, 0
}

func (z *zAngles) add(b devicefile.Block) {
	if b.Gap > 0 {
		end := z.pos + b.Gap
		for z.hi <= end {
			z.pos = z.hi
			z.next()
		}
		z.pos = end
		return
	}
	for i := range b.X {
		a, bb, c := float64(b.X[i]), float64(b.Y[i]), float64(b.Z[i])
		if !math.IsNaN(a) && !math.IsNaN(bb) && !math.IsNaN(c) {
			z.sx, z.sy, z.sz = z.sx+a, z.sy+bb, z.sz+c
			z.present++
		}
		z.pos++
		if z.pos == z.hi {
			z.next()
		}
	}
}

// close returns the angles of the complete epochs, as many as
// score.EpochZAngles gives for the recording's length.
func (z *zAngles) close() []float64 {
	if z == nil {
		return nil
	}
	n := int(float64(z.pos) / z.per)
	return z.out[:min(n, len(z.out))]
}
