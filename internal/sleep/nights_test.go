package sleep

import (
	"math"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/web"
)

func TestMannWhitney(t *testing.T) {
	same := MannWhitney([]float64{400, 410, 420, 430, 440}, []float64{405, 415, 425, 435, 445})
	if same.P < 0.5 {
		t.Errorf("interleaved samples: p = %v, want large", same.P)
	}
	if !same.Exact {
		t.Error("5 vs 5 should be exact")
	}
	shifted := MannWhitney([]float64{300, 310, 320, 330, 340, 350}, []float64{400, 410, 420, 430, 440, 450})
	// Completely separated 6 vs 6: exact two-sided p = 2/C(12,6) = 2/924.
	if math.Abs(shifted.P-2.0/924) > 1e-12 {
		t.Errorf("separated samples: p = %v, want %v", shifted.P, 2.0/924)
	}
	if shifted.Shift != 100 || shifted.U != 36 {
		t.Errorf("shift %v U %v", shifted.Shift, shifted.U)
	}
	// Symmetric: swapping the groups gives the same p.
	back := MannWhitney(shifted.After, shifted.Before)
	if back.P != shifted.P || back.Shift != -100 {
		t.Errorf("swapped: p %v shift %v", back.P, back.Shift)
	}
	// Ties, large samples: the permutation path.
	var a, b []float64
	for i := range 14 {
		a = append(a, float64(10+i%3))
		b = append(b, float64(12+i%3))
	}
	big := MannWhitney(a, b)
	if big.Exact || big.P > 0.01 {
		t.Errorf("14 vs 14 with ties: exact %v p %v", big.Exact, big.P)
	}
	if again := MannWhitney(a, b); again.P != big.P {
		t.Error("permutation p-value not reproducible")
	}
	if empty := MannWhitney(nil, b); empty.P != 1 {
		t.Errorf("no nights before: p %v", empty.P)
	}
}

func mkNight(date string, tst, waso, awk int) Night {
	return Night{Date: date, Status: StatusOK, TST: tst, WASO: waso, Awakenings: awk}
}

func TestApplyBaselines(t *testing.T) {
	var ns []Night
	d := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 20 {
		ns = append(ns, mkNight(d.AddDate(0, 0, i).Format("2006-01-02"), 480+(i%5)*6, 20+(i%3)*3, 2+i%2))
	}
	ns[16] = mkNight(ns[16].Date, 300, 95, 9) // a bad night
	ns[17].Status = StatusNonWear             // a night not worn
	ns[3] = mkNight(ns[3].Date, 200, 150, 12) // bad, but too early for a baseline
	ApplyBaselines(ns)
	if len(ns[3].Flags) != 0 || ns[3].Baseline.N != 3 {
		t.Errorf("night 4 flagged without a baseline: %+v", ns[3])
	}
	bad := ns[16]
	for _, f := range []string{FlagTSTLow, FlagWASOHigh, FlagAwakeOften} {
		if !bad.HasFlag(f) {
			t.Errorf("bad night lacks %s: %v (baseline %+v)", f, bad.Flags, bad.Baseline)
		}
	}
	if !ns[17].HasFlag(FlagNonWear) {
		t.Errorf("non-wear night not flagged: %v", ns[17].Flags)
	}
	for i, n := range ns {
		if i != 3 && i != 16 && i != 17 && n.Flagged() {
			t.Errorf("ordinary night %d flagged: %v (baseline %+v, tst %d waso %d awk %d)", i, n.Flags, n.Baseline, n.TST, n.WASO, n.Awakenings)
		}
	}
	if ns[19].Baseline.N != BaselineNights {
		t.Errorf("baseline of the last night uses %d nights, want %d", ns[19].Baseline.N, BaselineNights)
	}
}

func TestNightWindowDST(t *testing.T) {
	loc := web.Amsterdam()
	for _, c := range []struct {
		date  string
		hours float64
	}{{"2026-03-28", 23}, {"2026-10-24", 25}, {"2026-06-01", 24}} {
		from, to, err := NightWindow(c.date, loc)
		if err != nil || to.Sub(from).Hours() != c.hours {
			t.Errorf("%s: %v-%v %v", c.date, from, to, err)
		}
		if NightOf(from, loc) != c.date || NightOf(to.Add(-time.Minute), loc) != c.date || NightOf(to, loc) == c.date {
			t.Errorf("%s: NightOf disagrees with the window", c.date)
		}
	}
}

// TestComputeNightBed: a mattress sensor alone gives a night from in-bed
// and movement, with heart and breathing rate while asleep.
func TestComputeNightBed(t *testing.T) {
	loc := web.Amsterdam()
	from, to, _ := NightWindow("2026-02-10", loc)
	var rows []EpochRow
	for m := range int(to.Sub(from) / time.Minute) {
		tm := from.Add(time.Duration(m) * time.Minute)
		h := tm.In(loc).Hour()
		r := EpochRow{T: tm, Counts: math.NaN(), CountsVM: math.NaN(), ZAngle: math.NaN(), Coverage: math.NaN(), Movement: 0, HeartRate: math.NaN(), BreathingRate: math.NaN(), InBed: 0}
		if h >= 22 || h < 7 {
			r.InBed, r.Movement, r.HeartRate, r.BreathingRate = 1, 3, 55, 13
			if h == 2 && tm.Minute() < 8 {
				r.Movement = 60
			}
		}
		rows = append(rows, r)
	}
	n, res := ComputeNight(1, "2026-02-10", from, to, rows)
	if n.Source != SourceBed || n.Status != StatusOK {
		t.Fatalf("%+v", n)
	}
	if n.InBed.In(loc).Hour() != 22 || n.WASO != 8 || n.Awakenings != 1 || n.Detail.HeartRate != 55 || n.Detail.BreathingRate != 13 {
		t.Errorf("in bed %v, heart %v, breathing %v", n.InBed.In(loc), n.Detail.HeartRate, n.Detail.BreathingRate)
	}
	if len(res) != len(rows) {
		t.Errorf("%d minute results for %d minutes", len(res), len(rows))
	}
}

// TestComputeNightLatencyFromBed: with a wrist and a bed sensor, the bed's
// in-bed time is the lights-off time: in bed at 22:00, awake (moving) until
// 22:40, asleep until 07:00 gives a latency of 40 minutes, in bed from
// 22:00, and the time to fall asleep is not counted as WASO. Without the
// bed data the same night starts at sleep onset with latency 0.
func TestComputeNightLatencyFromBed(t *testing.T) {
	loc := web.Amsterdam()
	from, to, _ := NightWindow("2026-02-10", loc)
	var withBed, wristOnly []EpochRow
	for m := range int(to.Sub(from) / time.Minute) {
		tm := from.Add(time.Duration(m) * time.Minute)
		l := tm.In(loc)
		hm := l.Hour()*60 + l.Minute()
		asleep := hm >= 22*60+40 || hm < 7*60
		inBed := hm >= 22*60 || hm < 7*60+10
		c := 400.0
		if asleep {
			c = 0
			if m%9 == 0 {
				c = 12 // a twitch now and then: a worn sensor, not one on the table
			}
		} else if inBed {
			c = 250 // lying awake, turning
		}
		r := EpochRow{T: tm, Counts: c, CountsVM: c, ZAngle: math.NaN(), Coverage: 1, Movement: math.NaN(), HeartRate: math.NaN(), BreathingRate: math.NaN(), InBed: -1}
		wristOnly = append(wristOnly, r)
		r.InBed, r.Movement = 0, 0
		if inBed {
			r.InBed, r.Movement = 1, 10
		}
		withBed = append(withBed, r)
	}
	n, _ := ComputeNight(1, "2026-02-10", from, to, withBed)
	if n.Source != SourceWrist || n.Status != StatusOK || n.Latency != 40 || n.InBed.In(loc).Format("15:04") != "22:00" || n.Onset.In(loc).Format("15:04") != "22:40" || n.WASO != 0 {
		t.Errorf("with bed: source %s status %s latency %d in bed %s onset %s WASO %d", n.Source, n.Status, n.Latency, n.InBed.In(loc).Format("15:04"), n.Onset.In(loc).Format("15:04"), n.WASO)
	}
	if n.Duration != n.Latency+n.TST+n.WASO {
		t.Errorf("duration %d != latency %d + TST %d + WASO %d", n.Duration, n.Latency, n.TST, n.WASO)
	}
	w, _ := ComputeNight(1, "2026-02-10", from, to, wristOnly)
	if w.Latency != 0 || w.InBed.In(loc).Format("15:04") != "22:40" || w.TST != n.TST {
		t.Errorf("wrist only: latency %d in bed %s TST %d (with bed %d)", w.Latency, w.InBed.In(loc).Format("15:04"), w.TST, n.TST)
	}
}

// TestComputeNightAwakeSpellStaysInTheNight is the night of issue 11: in
// bed from 21:59 to 06:46 (bed sensor), awake and moving for 25 minutes
// around 02:50. The night is the whole window with the spell as wake after
// sleep onset; before, the night ended at 02:50 and the hours after it
// counted in no night.
func TestComputeNightAwakeSpellStaysInTheNight(t *testing.T) {
	loc, _ := time.LoadLocation("Europe/Amsterdam")
	from, to, _ := NightWindow("2026-02-10", loc)
	inBed := time.Date(2026, 2, 10, 21, 59, 0, 0, loc)
	outBed := time.Date(2026, 2, 11, 6, 46, 0, 0, loc)
	spell := time.Date(2026, 2, 11, 2, 50, 0, 0, loc)
	var rows []EpochRow
	for m := range int(to.Sub(from) / time.Minute) {
		tm := from.Add(time.Duration(m) * time.Minute)
		r := EpochRow{T: tm, Counts: math.NaN(), CountsVM: math.NaN(), ZAngle: math.NaN(), Coverage: math.NaN(), Movement: 0, HeartRate: math.NaN(), BreathingRate: math.NaN(), InBed: 0}
		if !tm.Before(inBed) && tm.Before(outBed) {
			r.InBed, r.Movement = 1, 3
			if !tm.Before(spell) && tm.Before(spell.Add(25*time.Minute)) {
				r.Movement = 70
			}
		}
		rows = append(rows, r)
	}
	n, _ := ComputeNight(1, "2026-02-10", from, to, rows)
	if n.Status != StatusOK {
		t.Fatalf("%+v", n)
	}
	if !n.InBed.Equal(inBed.UTC()) || !n.OutBed.Equal(outBed.UTC()) {
		t.Errorf("night %v–%v, want %v–%v", n.InBed.In(loc), n.OutBed.In(loc), inBed, outBed)
	}
	if n.Duration != 527 || n.WASO != 25 || n.TST != 502 || n.Awakenings != 1 {
		t.Errorf("duration %d TST %d WASO %d awakenings %d, want 527 502 25 1", n.Duration, n.TST, n.WASO, n.Awakenings)
	}
}
