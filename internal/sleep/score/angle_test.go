package score

import (
	"math"
	"reflect"
	"testing"
	"time"
)

func TestZAngle(t *testing.T) {
	for _, tc := range []struct{ x, y, z, want float64 }{
		{0, 0, 1, 90}, {1, 0, 0, 0}, {0, 1, -1, -45},
	} {
		if got := ZAngle(tc.x, tc.y, tc.z); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("ZAngle(%v,%v,%v) = %v, want %v", tc.x, tc.y, tc.z, got, tc.want)
		}
	}
}

func TestSustainedInactivity(t *testing.T) {
	var a []float64
	for range 60 { // 5 min at 0°: exactly the minimum, a bout [0,60)
		a = append(a, 0)
	}
	for range 30 { // a 10° posture change, then 2.5 min: too short
		a = append(a, 10)
	}
	for i := range 70 { // a 20° change, then a drift of 4° per epoch (<= 5: no change)
		a = append(a, 30+4*float64(i))
	}
	for range 59 { // a change of exactly 5° is still no posture change ...
		a = append(a, a[len(a)-1]+5)
	}
	// ... so the drift and these 59 epochs form one bout [90,219).
	a = append(a, math.NaN()) // no data: never part of a bout
	for range 59 {
		a = append(a, 0) // 59 epochs after the gap: 4 min 55 s, too short
	}
	got, err := SustainedInactivity(a, DefaultVanHees())
	if err != nil {
		t.Fatal(err)
	}
	want := []Interval{{0, 60}, {90, 219}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	s := DefaultVanHees()
	s.EpochLength = 0
	if _, err := SustainedInactivity(a, s); err == nil {
		t.Error("zero epoch length must fail")
	}
}

// hdczaDay builds 24 h of 5-second z-angles from noon: restless (angle
// swinging 20° every epoch) except quiet stretches (0.1° jitter) given in
// minutes after noon.
func hdczaDay(quiet [][2]int) []float64 {
	const perMin = 12
	a := make([]float64, 24*60*perMin)
	for i := range a {
		if i%2 == 1 {
			a[i] = 20
		}
	}
	for _, q := range quiet {
		for i := q[0] * perMin; i < q[1]*perMin; i++ {
			a[i] = 10
			if i%2 == 1 {
				a[i] = 10.1
			}
		}
	}
	return a
}

func TestSleepWindow(t *testing.T) {
	// Quiet: a 45-minute nap at 14:00 (a block, but far from the night),
	// 20 minutes at 22:00 (too short: a block must last more than 30 min),
	// 23:00-03:00 and 03:40-07:00 (40-minute gap: joined). The quiet share
	// is 8 h 25 min of 24 h, so the 10th percentile of the smoothed change
	// is 0.1 and the threshold 1.5. The window is 23:00-07:00 to within
	// the rolling median's edge effects (a few epochs).
	at := func(h, m int) int { return ((h+12)%24)*60 + m }
	a := hdczaDay([][2]int{
		{at(14, 0), at(14, 45)},
		{at(22, 0), at(22, 20)},
		{at(23, 0), at(3, 0)},
		{at(3, 40), at(7, 0)},
	})
	w, thr, ok, err := SleepWindow(a, DefaultHDCZA())
	if err != nil || !ok {
		t.Fatalf("no window: %v", err)
	}
	if math.Abs(thr-1.5) > 1e-9 {
		t.Errorf("threshold %v, want 1.5", thr)
	}
	start, end := at(23, 0)*12, at(7, 0)*12
	if abs(w.Start-start) > 3 || abs(w.End-end) > 3 {
		t.Errorf("window %v (%s-%s), want about [%d,%d) 23:00-07:00", w, clock(w.Start), clock(w.End), start, end)
	}

	// A gap of 60 minutes or more is not joined: the longer half wins.
	a = hdczaDay([][2]int{{at(23, 0), at(2, 0)}, {at(3, 0), at(7, 0)}})
	w, _, ok, _ = SleepWindow(a, DefaultHDCZA())
	if !ok || abs(w.Start-at(3, 0)*12) > 3 || abs(w.End-at(7, 0)*12) > 3 {
		t.Errorf("unjoined: window %v (%s-%s), want 03:00-07:00", w, clock(w.Start), clock(w.End))
	}

	// All restless: the threshold is 20*15 = 300 and everything is below it,
	// which is why HDCZA is applied per day with some rest in it; with no
	// data at all there is no window.
	if _, _, ok, _ := SleepWindow(nil, DefaultHDCZA()); ok {
		t.Error("empty series must give no window")
	}
	bad := DefaultHDCZA()
	bad.Percentile = 120
	if _, _, _, err := SleepWindow(a, bad); err == nil {
		t.Error("percentile 120 must fail")
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func clock(epoch int) string {
	return time.Date(2000, 1, 1, 12, 0, 0, 0, time.UTC).Add(time.Duration(epoch) * 5 * time.Second).Format("15:04:05")
}

func TestPercentile(t *testing.T) {
	if got := percentile([]float64{4, 1, 3, 2, math.NaN()}, 50); got != 2.5 {
		t.Errorf("median of 1..4 = %v", got)
	}
	if got := percentile([]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 10); got != 2 {
		t.Errorf("10th percentile = %v", got)
	}
}

func TestEpochZAngles(t *testing.T) {
	// 2 Hz, 5-second epochs of 10 samples: flat on the table (z up, 90°),
	// then on its side (x up, 0°), then an epoch with a gap of 6 of its 10
	// samples (NaN: not stillness), then one tilted 45° with 4 missing
	// samples (kept: at least half present), then a partial epoch (dropped).
	var x, y, z []float32
	add := func(n int, a, b, c float32) {
		for range n {
			x, y, z = append(x, a), append(y, b), append(z, c)
		}
	}
	nan := float32(math.NaN())
	add(10, 0, 0, 1)
	add(10, 1, 0, 0)
	add(4, 0, 0, 1)
	add(6, nan, nan, nan)
	add(6, 0, 0.7071, -0.7071)
	add(2, 0, nan, 0)
	add(2, nan, 0, 0)
	add(7, 0, 0, 1)
	got, err := EpochZAngles(x, y, z, 2, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 4 || math.Abs(got[0]-90) > 1e-9 || math.Abs(got[1]) > 1e-9 || !math.IsNaN(got[2]) || math.Abs(got[3]+45) > 1e-3 {
		t.Errorf("got %v, want [90 0 NaN -45]", got)
	}
	// 85.7 Hz (GENEActiv): epochs of 428.5 samples alternate 428 and 429.
	n := 8570
	x, y, z = make([]float32, n), make([]float32, n), make([]float32, n)
	for i := range z {
		z[i] = 1
	}
	if got, err := EpochZAngles(x, y, z, 85.7, 5*time.Second); err != nil || len(got) != 20 {
		t.Errorf("85.7 Hz: %d epochs, %v", len(got), err)
	}
	if _, err := EpochZAngles(x, y, z[:10], 30, 5*time.Second); err == nil {
		t.Error("axes of different length must fail")
	}
	if _, err := EpochZAngles(x, y, z, 0.1, 5*time.Second); err == nil {
		t.Error("an epoch without a sample must fail")
	}
}
