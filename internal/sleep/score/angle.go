package score

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"time"
)

// Interval is a half-open stretch [Start, End) of a series, in indices of
// the series it was computed on.
type Interval struct {
	Start, End int
}

// Len is the number of steps in the interval.
func (iv Interval) Len() int { return iv.End - iv.Start }

// ZAngle is the angle of the sensor's z axis with the horizontal plane in
// degrees, from the mean acceleration of an epoch (van Hees 2015), the
// input of SustainedInactivity and SleepWindow.
func ZAngle(x, y, z float64) float64 {
	return math.Atan(z/math.Sqrt(x*x+y*y)) * 180 / math.Pi
}

// VanHeesSettings are the parameters of sustained-inactivity detection.
type VanHeesSettings struct {
	MaxChange   float64       // largest change in z-angle, degrees, that is not a posture change (5)
	MinPeriod   time.Duration // shortest stretch without a posture change that counts (5 min)
	EpochLength time.Duration // length of one z-angle epoch (5 s in the paper)
}

// DefaultVanHees returns the published parameters: no change larger than
// 5 degrees for at least 5 minutes, on 5-second epochs.
func DefaultVanHees() VanHeesSettings {
	return VanHeesSettings{MaxChange: 5, MinPeriod: 5 * time.Minute, EpochLength: 5 * time.Second}
}

// SustainedInactivity detects sustained-inactivity bouts (van Hees et al.
// 2015): a posture change is an epoch whose z-angle differs by more than
// MaxChange degrees from the previous epoch; the stretches between posture
// changes lasting at least MinPeriod are returned. An epoch that starts
// with a change belongs to the next stretch, so bouts never overlap.
// NaN angles (no data) count as posture changes, so a gap is never sleep.
func SustainedInactivity(angle []float64, s VanHeesSettings) ([]Interval, error) {
	if s.EpochLength <= 0 || s.MinPeriod <= 0 || s.MaxChange < 0 {
		return nil, errors.New("score: van Hees settings need a positive epoch, period and change")
	}
	minEpochs := int((s.MinPeriod + s.EpochLength - 1) / s.EpochLength)
	var out []Interval
	start := 0
	flush := func(end int) {
		if end-start >= minEpochs {
			out = append(out, Interval{start, end})
		}
	}
	for i := 1; i <= len(angle); i++ {
		if i == len(angle) {
			flush(i)
			break
		}
		if math.IsNaN(angle[i]) || math.IsNaN(angle[i-1]) || math.Abs(angle[i]-angle[i-1]) > s.MaxChange {
			flush(i)
			start = i
			if math.IsNaN(angle[i]) {
				start = i + 1
			}
		}
	}
	return out, nil
}

// HDCZASettings are the parameters of the HDCZA sleep-window detection.
type HDCZASettings struct {
	EpochLength  time.Duration // length of one z-angle epoch (5 s in the paper)
	MedianWindow time.Duration // rolling-median window (5 min)
	Percentile   float64       // percentile of the smoothed changes (10)
	Multiplier   float64       // threshold = percentile value * multiplier (15)
	MinBlock     time.Duration // shortest block below threshold that counts (more than 30 min)
	MaxGap       time.Duration // gaps shorter than this between blocks are joined (60 min)
}

// DefaultHDCZA returns the published parameters of van Hees et al. (2018).
func DefaultHDCZA() HDCZASettings {
	return HDCZASettings{
		EpochLength: 5 * time.Second, MedianWindow: 5 * time.Minute,
		Percentile: 10, Multiplier: 15,
		MinBlock: 30 * time.Minute, MaxGap: 60 * time.Minute,
	}
}

// SleepWindow detects the sleep-period-time window by the HDCZA heuristic
// (van Hees et al. 2018) on a z-angle series, normally one day (noon to
// noon): the absolute change of the z-angle between successive epochs, its
// 5-minute rolling median; the threshold is
// the 10th percentile of that series times 15; blocks below the threshold
// lasting more than 30 minutes are kept, blocks separated by gaps shorter
// than 60 minutes are joined, and the longest resulting block is the
// window. ok is false when no block qualifies. When at least a tenth of
// the epochs do not change at all (a sensor lying on a table) the
// threshold is 0 and no window is found: run a non-wear
// check (such as Choi) first.
// The 5-minute rolling median is centred and shrinks at the series' ends.
func SleepWindow(angle []float64, s HDCZASettings) (window Interval, threshold float64, ok bool, err error) {
	if s.EpochLength <= 0 || s.MedianWindow < s.EpochLength || s.Percentile < 0 || s.Percentile > 100 {
		return Interval{}, 0, false, fmt.Errorf("score: invalid HDCZA settings %+v", s)
	}
	n := len(angle)
	if n < 2 {
		return Interval{}, 0, false, nil
	}
	w := int(s.MedianWindow / s.EpochLength)
	diff := make([]float64, n)
	for i := 1; i < n; i++ {
		diff[i] = math.Abs(angle[i] - angle[i-1])
	}
	diff[0] = diff[1]
	change := rollingMedian(diff, w)
	threshold = percentile(change, s.Percentile) * s.Multiplier

	minEpochs := int(s.MinBlock / s.EpochLength)
	maxGap := int(s.MaxGap / s.EpochLength)
	var blocks []Interval
	for i := 0; i < n; {
		if !(change[i] < threshold) {
			i++
			continue
		}
		j := i
		for j < n && change[j] < threshold {
			j++
		}
		if j-i > minEpochs {
			blocks = append(blocks, Interval{i, j})
		}
		i = j
	}
	if len(blocks) == 0 {
		return Interval{}, threshold, false, nil
	}
	joined := []Interval{blocks[0]}
	for _, b := range blocks[1:] {
		last := &joined[len(joined)-1]
		if b.Start-last.End < maxGap {
			last.End = b.End
		} else {
			joined = append(joined, b)
		}
	}
	best := joined[0]
	for _, b := range joined[1:] {
		if b.Len() > best.Len() {
			best = b
		}
	}
	return best, threshold, true, nil
}

// rollingMedian is the centred rolling median over w epochs, the window
// shrinking at both ends; NaN values are left out of each window.
func rollingMedian(x []float64, w int) []float64 {
	if w < 1 {
		w = 1
	}
	lo := (w - 1) / 2
	hi := w - 1 - lo
	out := make([]float64, len(x))
	buf := make([]float64, 0, w)
	for i := range x {
		buf = buf[:0]
		for j := max(0, i-lo); j <= min(len(x)-1, i+hi); j++ {
			if !math.IsNaN(x[j]) {
				buf = append(buf, x[j])
			}
		}
		if len(buf) == 0 {
			out[i] = math.NaN()
			continue
		}
		slices.Sort(buf)
		m := len(buf) / 2
		if len(buf)%2 == 1 {
			out[i] = buf[m]
		} else {
			out[i] = (buf[m-1] + buf[m]) / 2
		}
	}
	return out
}

// percentile is the p-th percentile with linear interpolation between order
// statistics (the R and NumPy default), ignoring NaN.
func percentile(x []float64, p float64) float64 {
	v := make([]float64, 0, len(x))
	for _, e := range x {
		if !math.IsNaN(e) {
			v = append(v, e)
		}
	}
	if len(v) == 0 {
		return math.NaN()
	}
	slices.Sort(v)
	h := (float64(len(v)) - 1) * p / 100
	l := math.Floor(h)
	if int(l)+1 >= len(v) {
		return v[len(v)-1]
	}
	return v[int(l)] + (h-l)*(v[int(l)+1]-v[int(l)])
}

// EpochZAngles reduces raw acceleration (g, at hz samples per second) to
// one z-angle per epoch, the input of SustainedInactivity and SleepWindow:
// epoch k covers samples [round(k·epoch·hz), round((k+1)·epoch·hz)) and
// gets the ZAngle of the mean x, y and z of its samples. Samples with a NaN
// axis are left out; an epoch with fewer than half of its samples is NaN,
// so a gap in the recording is never taken for stillness. A final partial
// epoch is dropped.
//
// GGIR first smooths each axis with a rolling median and averages the
// per-sample angles; for a still wrist, the case the methods detect, both
// give the same angle, and during movement both change by more than the
// 5 degrees that count as a posture change. The mean is used here because
// it costs one pass, also over a week at 100 Hz.
func EpochZAngles(x, y, z []float32, hz float64, epoch time.Duration) ([]float64, error) {
	if len(y) != len(x) || len(z) != len(x) {
		return nil, fmt.Errorf("score: axes of %d, %d and %d samples", len(x), len(y), len(z))
	}
	per := hz * epoch.Seconds()
	if !(per >= 1) || math.IsInf(per, 0) {
		return nil, fmt.Errorf("score: %v epochs at %g Hz hold less than one sample", epoch, hz)
	}
	n := int(float64(len(x)) / per)
	out := make([]float64, 0, n)
	for k := range n {
		lo, hi := int(math.Round(float64(k)*per)), min(len(x), int(math.Round(float64(k+1)*per)))
		var sx, sy, sz float64
		present := 0
		for i := lo; i < hi; i++ {
			a, b, c := float64(x[i]), float64(y[i]), float64(z[i])
			if math.IsNaN(a) || math.IsNaN(b) || math.IsNaN(c) {
				continue
			}
			sx, sy, sz = sx+a, sy+b, sz+c
			present++
		}
		if 2*present < hi-lo || present == 0 {
			out = append(out, math.NaN())
			continue
		}
		f := float64(present)
		out = append(out, ZAngle(sx/f, sy/f, sz/f))
	}
	return out, nil
}
