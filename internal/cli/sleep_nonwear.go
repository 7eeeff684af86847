package cli

import (
	"bufio"
	"fmt"
	"strconv"
	"time"

	"github.com/volwaardig/volwaardig/internal/sleep/score"
)

// runSleepNonwear is `volwaardig sleep nonwear`: Choi (2011) non-wear on
// the same input as `sleep score`, printed as ActiLife exports it (the
// columns of the reference's -Choi-periods.csv up to length): the whole
// recording as alternating wear and non-wear periods, so that a sensor on
// the table is visible before anyone reads its minutes as sleep. It is not
// one of DESIGN §4's fixed contracts; its output follows their CSV
// conventions.
func runSleepNonwear(env Env, args []string) int {
	const cmd = "sleep nonwear"
	fs := newFlagSet(env, cmd, "sleep nonwear [flags] FILE\n\n"+
		"Choi (2011) non-wear periods of an ActiGraph .agd file or a CSV of epochs\n"+
		"(timestamp,axis1[,axis2,axis3,...]), on axis-1 counts per clock minute or\n"+
		"with --magnitude on the vector magnitude of the three axes. Prints\n"+
		"period_start,period_end,wear,length: the recording as alternating wear\n"+
		"(TRUE) and non-wear (FALSE) periods, length in minutes. Defaults are the\n"+
		"paper's (90-minute periods, 30-minute windows around a spike of at most\n"+
		"2 minutes).")
	var in sleepInput
	fs.StringVar(&in.tz, "tz", "", "zone of the recording's clock (e.g. Europe/Amsterdam): print UTC instead of clock time")
	s := score.DefaultChoi()
	fs.IntVar(&s.MinPeriod, "min-period", s.MinPeriod, "shortest non-wear period, minutes")
	fs.IntVar(&s.Window, "window", s.Window, "zero minutes required up- and downstream of a spike")
	fs.IntVar(&s.SpikeTolerance, "spike-tolerance", s.SpikeTolerance, "longest allowed stretch of nonzero counts, minutes")
	fs.BoolVar(&s.UseMagnitude, "magnitude", false, "use the vector magnitude of axis1..axis3 instead of axis 1")
	pos, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	if s.MinPeriod < 1 || s.Window < 0 || s.SpikeTolerance < 0 {
		env.errorf("volwaardig %s: --min-period must be at least 1, --window and --spike-tolerance at least 0\n", cmd)
		return ExitUsage
	}
	rec, code := in.readMinutes(env, cmd, pos)
	if code != ExitOK {
		return code
	}
	series := score.Counts(rec.minutes)
	if s.UseMagnitude {
		if rec.axes[1] == nil || rec.axes[2] == nil {
			env.errorf("volwaardig %s: --magnitude needs the columns axis2 and axis3\n", cmd)
			return ExitBadInput
		}
		series = score.VectorMagnitude(series, score.Counts(rec.axes[1]), score.Counts(rec.axes[2]))
	}
	ivs, err := score.Choi(series, s)
	if err != nil {
		env.errorf("volwaardig %s: %v\n", cmd, err)
		return ExitUsage
	}
	w := bufio.NewWriter(env.Stdout)
	w.WriteString("period_start,period_end,wear,length\n")
	at := func(i int) time.Time {
		if i < len(rec.minutes) {
			return rec.minutes[i].Start
		}
		return rec.minutes[len(rec.minutes)-1].Start.Add(time.Duration(i-len(rec.minutes)+1) * time.Minute)
	}
	line := func(from, to int, wear string) {
		if to > from {
			fmt.Fprintf(w, "%s,%s,%s,%s\n", rec.stamp(at(from)), rec.stamp(at(to)), wear, strconv.Itoa(to-from))
		}
	}
	prev := 0
	for _, iv := range ivs {
		line(prev, iv.Start, "TRUE")
		line(iv.Start, iv.End, "FALSE")
		prev = iv.End
	}
	line(prev, len(rec.minutes), "TRUE")
	if err := w.Flush(); err != nil {
		env.errorf("volwaardig %s: %v\n", cmd, err)
		return ExitOperational
	}
	return ExitOK
}
