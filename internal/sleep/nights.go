package sleep

import (
	"math"
	"slices"
	"time"

	"github.com/volwaardig/volwaardig/internal/sleep/score"
)

// EpochRow is one stored minute of a client: wrist values (NaN when no
// wrist sensor delivered), bed values (NaN / InBed -1 when no bed sensor).
type EpochRow struct {
	T                                  time.Time
	Counts, CountsVM, ZAngle, Coverage float64
	Movement, HeartRate, BreathingRate float64
	InBed                              int8
	State                              byte // 'S' or 'W' once scored, 0 before
}

// Night statuses.
const (
	StatusOK      = "ok"            // a sleep period was found
	StatusNonWear = "niet_gedragen" // the sensor was not worn (e.g. on a table)
	StatusNoSleep = "geen_periode"  // data, but no sleep period by the rules
	StatusNoData  = "geen_gegevens" // too little data to say anything
)

// Night sources.
const (
	SourceWrist = "pols"
	SourceBed   = "matras"
)

// Flags of a night that deviates from the client's own baseline.
const (
	FlagTSTLow     = "tst_laag"
	FlagTSTHigh    = "tst_hoog"
	FlagWASOHigh   = "waso_hoog"
	FlagAwakeOften = "vaak_wakker"
	FlagNonWear    = "niet_gedragen"
)

// BaselineNights is the length of the rolling baseline and
// BaselineMinNights the fewest nights it needs before a night is flagged.
const (
	BaselineNights    = 14
	BaselineMinNights = 7
)

// bedMovementSleep is the bed-sensor movement level (0-100) below which a
// minute in bed counts as asleep when no wrist sensor is worn: an
// assumption of this product, not a validated rule.
const bedMovementSleep = 15

// Moment is a stretch of a night (an awake moment, a restless period).
type Moment struct {
	Start   time.Time `json:"start"`
	Minutes int       `json:"minutes"`
}

// NightDetail holds the lists the night view shows.
type NightDetail struct {
	Awake         []Moment `json:"awake,omitempty"`
	Restless      []Moment `json:"restless,omitempty"`
	BedMinutes    int      `json:"bed_minutes,omitempty"` // minutes the bed sensor said "in bed"
	HeartRate     float64  `json:"heart_rate,omitempty"`  // mean while asleep, bed sensor
	BreathingRate float64  `json:"breathing_rate,omitempty"`
}

// Baseline is the client's own rolling baseline before a night: median and
// spread (1.4826 × median absolute deviation, a robust standard deviation)
// of the previous BaselineNights usable nights.
type Baseline struct {
	N                     int
	TSTMed, TSTSpread     float64
	WASOMed, WASOSpread   float64
	AwakeMed, AwakeSpread float64
}

// Night is one night (noon to noon, Europe/Amsterdam) of a client with the
// Tudor-Locke metrics of its main sleep period.
type Night struct {
	ClientID                 int64
	Date                     string // the evening's date, yyyy-mm-dd
	Source, Status           string
	InBed, Onset, OutBed     time.Time
	Duration, TST, WASO      int
	Awakenings, Latency      int
	MeanAwakening            float64
	Efficiency, TotalCounts  float64
	MovementIndex, FragIndex float64
	SFI                      float64
	RestlessCount            int
	RestlessMinutes          int
	NonWearMinutes           int
	DataMinutes              int
	Detail                   NightDetail
	Baseline                 Baseline
	Flags                    []string
}

// Flagged reports whether the night deviates from the baseline.
func (n Night) Flagged() bool { return len(n.Flags) > 0 }

// HasFlag reports whether the night carries flag f.
func (n Night) HasFlag(f string) bool { return slices.Contains(n.Flags, f) }

// NightWindow is the noon-to-noon window of the night that starts on the
// evening of date (yyyy-mm-dd) in loc; it is 23 or 25 hours when the clocks
// change.
func NightWindow(date string, loc *time.Location) (from, to time.Time, err error) {
	d, err := time.ParseInLocation("2006-01-02", date, loc)
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	from = time.Date(d.Year(), d.Month(), d.Day(), 12, 0, 0, 0, loc)
	to = time.Date(d.Year(), d.Month(), d.Day()+1, 12, 0, 0, 0, loc)
	return from.UTC(), to.UTC(), nil
}

// NightOf is the night (evening date) an instant belongs to.
func NightOf(t time.Time, loc *time.Location) string {
	l := t.In(loc)
	if l.Hour() < 12 {
		l = l.AddDate(0, 0, -1)
	}
	return l.Format("2006-01-02")
}

// MinuteResult is the scored state of one minute of a night, written back
// to the epochs.
type MinuteResult struct {
	T       time.Time
	State   score.State
	NonWear bool
}

// ComputeNight scores one night window [from, to) from the stored minutes
// (in any order; minutes outside the window are ignored). With wrist counts
// it scores Cole-Kripke (ActiLife conventions), with Choi non-wear minutes
// forced to wake so a sensor on a table is never sleep; with only a bed
// sensor a minute in bed with little movement is sleep. The night is the
// main sleep window (score.MainSleepWindow: Tudor-Locke periods after
// 18:00 less than an hour apart joined, the one with the most sleep); when a bed
// sensor saw the person get into bed before sleep onset, the period starts
// there and the latency is the time to fall asleep.
func ComputeNight(clientID int64, date string, from, to time.Time, rows []EpochRow) (Night, []MinuteResult) {
	n := Night{ClientID: clientID, Date: date, Status: StatusNoData}
	total := int(to.Sub(from) / time.Minute)
	if total <= 0 {
		return n, nil
	}
	minutes := make([]score.Minute, total)
	counts := make([]float64, total)
	vm := make([]float64, total)
	movement := make([]float64, total)
	inBed := make([]int8, total)
	heart := make([]float64, total)
	breath := make([]float64, total)
	wrist := make([]bool, total)
	bed := make([]bool, total)
	nWrist, nBed := 0, 0
	for i := range total {
		minutes[i].Start = from.Add(time.Duration(i) * time.Minute)
		inBed[i] = -1
		movement[i], heart[i], breath[i] = math.NaN(), math.NaN(), math.NaN()
	}
	for _, r := range rows {
		i := int(r.T.Sub(from) / time.Minute)
		if i < 0 || i >= total {
			continue
		}
		if !math.IsNaN(r.Counts) {
			counts[i], wrist[i] = r.Counts, true
			vm[i] = r.Counts
			if !math.IsNaN(r.CountsVM) {
				vm[i] = r.CountsVM
			}
			nWrist++
		}
		if r.InBed >= 0 || !math.IsNaN(r.Movement) {
			bed[i] = true
			nBed++
			inBed[i], movement[i], heart[i], breath[i] = r.InBed, r.Movement, r.HeartRate, r.BreathingRate
		}
	}
	var states []score.State
	nonwear := make([]bool, total)
	switch {
	case nWrist >= 120:
		n.Source = SourceWrist
		n.DataMinutes = nWrist
		for i := range total {
			if wrist[i] {
				minutes[i].Count, minutes[i].Epochs = counts[i], 1
			}
		}
		states = score.ColeKripke(counts)
		// Minutes without data are not zero movement: they are neither
		// sleep nor counted as worn.
		choiIn := make([]float64, total)
		for i := range total {
			choiIn[i] = vm[i]
		}
		if ivs, err := score.Choi(choiIn, score.DefaultChoi()); err == nil {
			for _, iv := range ivs {
				for i := iv.Start; i < iv.End; i++ {
					nonwear[i] = true
				}
			}
		}
		for i := range total {
			if !wrist[i] {
				nonwear[i] = true
			}
			if nonwear[i] {
				states[i] = score.Wake
				if wrist[i] {
					n.NonWearMinutes++
				}
			}
		}
	case nBed >= 120:
		n.Source = SourceBed
		n.DataMinutes = nBed
		states = make([]score.State, total)
		for i := range total {
			states[i] = score.Wake
			if !bed[i] {
				nonwear[i] = true
				continue
			}
			mv := movement[i]
			if math.IsNaN(mv) {
				mv = 0
			}
			minutes[i].Count, minutes[i].Epochs = mv, 1
			if inBed[i] == 1 {
				n.Detail.BedMinutes++
				if mv < bedMovementSleep {
					states[i] = score.Sleep
				}
			}
		}
	default:
		return n, nil
	}
	res := make([]MinuteResult, 0, total)
	for i := range total {
		if wrist[i] || bed[i] {
			res = append(res, MinuteResult{T: minutes[i].Start, State: states[i], NonWear: nonwear[i] && (wrist[i] || bed[i])})
		}
	}
	// The staff's night (DESIGN §2.3): the main sleep window from the
	// first sleep after 18:00 to the final awakening before noon, sleep
	// periods less than an hour apart joined, so a short time awake or
	// out of bed is wake inside the night, not its end.
	p, found, err := score.MainSleepWindow(minutes, states, score.DefaultTudorLocke(), from.Add(6*time.Hour), score.MainWindowJoin)
	if err != nil || !found {
		n.Status = StatusNoSleep
		if n.Source == SourceWrist && n.NonWearMinutes*2 >= n.DataMinutes {
			n.Status = StatusNonWear
			n.Flags = []string{FlagNonWear}
		}
		return n, res
	}
	// A bed sensor knows when the person got into bed: taken as lights
	// off, it gives the sleep onset latency the Tudor-Locke rules cannot
	// (DESIGN §2.3), and the time in bed starts there.
	if nBed > 0 && p.Onset > 0 {
		i := p.Onset
		for i > 0 && inBed[i-1] == 1 {
			i--
		}
		if i < p.Onset && (inBed[p.Onset] == 1 || inBed[p.Onset-1] == 1) {
			p = score.WithLightsOff(minutes, states, p, minutes[i].Start)
		}
	}
	sum := score.SummarizeNight(minutes, states, p)
	n.Status = StatusOK
	n.InBed, n.Onset, n.OutBed = p.InBedTime.UTC(), p.OnsetTime.UTC(), p.OutBedTime.UTC()
	n.Duration, n.TST, n.WASO, n.Awakenings, n.Latency = p.Duration, p.TotalSleep, p.WakeAfterOnset, p.Awakenings, p.Latency
	n.MeanAwakening, n.Efficiency, n.TotalCounts = p.MeanAwakening, p.Efficiency, p.TotalCounts
	n.MovementIndex, n.FragIndex, n.SFI = p.MovementIndex, p.FragmentationIndex, p.SleepFragmentationIndex
	for _, m := range sum.AwakeMoments {
		n.Detail.Awake = append(n.Detail.Awake, Moment{Start: m.Start.UTC(), Minutes: m.Minutes})
	}
	for _, m := range sum.RestlessPeriods {
		n.Detail.Restless = append(n.Detail.Restless, Moment{Start: m.Start.UTC(), Minutes: m.Minutes})
		n.RestlessMinutes += m.Minutes
	}
	n.RestlessCount = len(sum.RestlessPeriods)
	if n.Source == SourceBed || nBed > 0 {
		var hs, bs float64
		var hn, bn int
		for i := p.InBed; i < p.OutBed; i++ {
			if states[i] == score.Sleep && !math.IsNaN(heart[i]) {
				hs += heart[i]
				hn++
			}
			if states[i] == score.Sleep && !math.IsNaN(breath[i]) {
				bs += breath[i]
				bn++
			}
		}
		if hn > 0 {
			n.Detail.HeartRate = hs / float64(hn)
		}
		if bn > 0 {
			n.Detail.BreathingRate = bs / float64(bn)
		}
	}
	return n, res
}

// median of xs (xs is reordered).
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	slices.Sort(xs)
	m := len(xs) / 2
	if len(xs)%2 == 1 {
		return xs[m]
	}
	return (xs[m-1] + xs[m]) / 2
}

// robustSpread is 1.4826 × the median absolute deviation, at least floor so
// a very regular person is not flagged for a few minutes' difference.
func robustSpread(xs []float64, med, floor float64) float64 {
	dev := make([]float64, len(xs))
	for i, x := range xs {
		dev[i] = math.Abs(x - med)
	}
	return math.Max(1.4826*median(dev), floor)
}

// Spread floors: the smallest spread the baseline assumes, in minutes
// (TST, WASO) and awakenings.
const (
	floorTST   = 20
	floorWASO  = 10
	floorAwake = 1
)

// ApplyBaselines fills Baseline and Flags of nights (sorted by date,
// oldest first): each night is compared with the median ± 2 × spread of the
// previous BaselineNights nights with status ok. A night is flagged when
// total sleep is below (or above) that band, WASO or the number of
// awakenings above it, and only once BaselineMinNights nights exist; a
// night the sensor was not worn is flagged as such.
func ApplyBaselines(nights []Night) {
	for i := range nights {
		var tst, waso, awk []float64
		for j := i - 1; j >= 0 && len(tst) < BaselineNights; j-- {
			if nights[j].Status != StatusOK {
				continue
			}
			tst = append(tst, float64(nights[j].TST))
			waso = append(waso, float64(nights[j].WASO))
			awk = append(awk, float64(nights[j].Awakenings))
		}
		b := Baseline{N: len(tst)}
		if b.N > 0 {
			b.TSTMed = median(slices.Clone(tst))
			b.TSTSpread = robustSpread(tst, b.TSTMed, floorTST)
			b.WASOMed = median(slices.Clone(waso))
			b.WASOSpread = robustSpread(waso, b.WASOMed, floorWASO)
			b.AwakeMed = median(slices.Clone(awk))
			b.AwakeSpread = robustSpread(awk, b.AwakeMed, floorAwake)
		}
		n := &nights[i]
		n.Baseline = b
		n.Flags = nil
		if n.Status == StatusNonWear {
			n.Flags = []string{FlagNonWear}
			continue
		}
		if n.Status != StatusOK || b.N < BaselineMinNights {
			continue
		}
		if float64(n.TST) < b.TSTMed-2*b.TSTSpread {
			n.Flags = append(n.Flags, FlagTSTLow)
		}
		if float64(n.TST) > b.TSTMed+2*b.TSTSpread {
			n.Flags = append(n.Flags, FlagTSTHigh)
		}
		if float64(n.WASO) > b.WASOMed+2*b.WASOSpread {
			n.Flags = append(n.Flags, FlagWASOHigh)
		}
		if float64(n.Awakenings) > b.AwakeMed+2*b.AwakeSpread {
			n.Flags = append(n.Flags, FlagAwakeOften)
		}
	}
}

// DateNL is the night's date as dd-mm-jjjj.
func (n Night) DateNL() string { return dateNL(n.Date) }

// FlagTexts are the Dutch descriptions of the night's flags.
func (n Night) FlagTexts() []string {
	var out []string
	for _, f := range n.Flags {
		switch f {
		case FlagTSTLow:
			out = append(out, "korter geslapen dan gewoonlijk")
		case FlagTSTHigh:
			out = append(out, "langer geslapen dan gewoonlijk")
		case FlagWASOHigh:
			out = append(out, "langer wakker dan gewoonlijk")
		case FlagAwakeOften:
			out = append(out, "vaker wakker dan gewoonlijk")
		case FlagNonWear:
			out = append(out, "sensor niet gedragen")
		}
	}
	return out
}

// StatusText is the Dutch description of the night's status.
func (n Night) StatusText() string {
	switch n.Status {
	case StatusOK:
		return "slaapperiode gevonden"
	case StatusNonWear:
		return "sensor niet gedragen"
	case StatusNoSleep:
		return "geen slaapperiode gevonden"
	}
	return "te weinig gegevens"
}

// SourceText is the Dutch name of the night's source.
func (n Night) SourceText() string {
	if n.Source == SourceBed {
		return "matrassensor"
	}
	return "polssensor"
}

// TSTHours is the total sleep time as h:mm.
func (n Night) TSTHours() string { return hm(n.TST) }

// InBedHours is the time in bed as h:mm.
func (n Night) InBedHours() string { return hm(n.Duration) }
