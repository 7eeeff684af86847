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
	raw, err := devicefile.ReadRawHz(path, hz)
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
	vh := score.DefaultVanHees()
	angles, err := score.EpochZAngles(raw.X, raw.Y, raw.Z, raw.SampleRate, vh.EpochLength)
	if err != nil {
		return badInput("%s: %v", filepath.Base(path), err)
	}
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
