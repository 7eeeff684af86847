package score

import (
	"encoding/binary"
	"math"
	"testing"
	"time"
)

// FuzzScoringPipeline feeds arbitrary epochs (any times, in or out of
// order, and any counts, including NaN and negative ones) through the whole
// pure pipeline: nothing may panic, and what comes back must be consistent.
func FuzzScoringPipeline(f *testing.F) {
	f.Add([]byte{0, 0, 0x80, 0x3f, 12, 0, 0x20, 0x44, 24, 0, 0, 0, 36, 0, 0xc0, 0x7f})
	f.Add(make([]byte, 200))
	f.Fuzz(func(t *testing.T, data []byte) {
		t0 := time.Date(2024, 3, 1, 22, 0, 0, 0, time.UTC)
		var times []time.Time
		var counts []float64
		// Each epoch: 2 bytes of time offset (5-second steps, about ±45 h,
		// so runs stay fast) and 2 bytes for the top half of a float32 count.
		for len(data) >= 4 && len(times) < 5000 {
			off := int16(binary.LittleEndian.Uint16(data))
			c := float64(math.Float32frombits(uint32(binary.LittleEndian.Uint16(data[2:])) << 16))
			data = data[4:]
			times = append(times, t0.Add(time.Duration(off)*5*time.Second))
			counts = append(counts, c)
		}
		minutes, err := ToMinutes(times, counts)
		if err != nil {
			return
		}
		c := Counts(minutes)
		for _, states := range [][]State{ColeKripke(c), Sadeh(c), Scripps(c), Webster(Sadeh(c))} {
			if len(states) != len(minutes) {
				t.Fatal("states and minutes differ in length")
			}
			ps, err := TudorLocke(minutes, states, TudorLockeSettings{BedtimeStart: 1, WakeEnd: 1, MinPeriod: 1, MaxPeriod: 1440})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range ps {
				if p.InBed < 0 || p.OutBed > len(minutes) || p.Duration != p.OutBed-p.InBed || p.TotalSleep+p.WakeAfterOnset+p.Latency != p.Duration {
					t.Fatalf("inconsistent period %+v", p)
				}
				SummarizeNight(minutes, states, p)
			}
		}
		if _, err := Oakley(c, time.Minute, OakleyMedium); err != nil {
			t.Fatal(err)
		}
		if _, err := Choi(c, DefaultChoi()); err != nil {
			t.Fatal(err)
		}
		if _, err := SustainedInactivity(c, DefaultVanHees()); err != nil {
			t.Fatal(err)
		}
		// The same values as raw x, y, z at 1 Hz: z-angles per 5-second
		// epoch, within ±90 degrees or NaN.
		f := make([]float32, len(counts))
		for i, v := range counts {
			f[i] = float32(v)
		}
		if angles, err := EpochZAngles(f, f, f, 1, 5*time.Second); err != nil || len(angles) != len(f)/5 {
			t.Fatalf("EpochZAngles: %d angles from %d samples, %v", len(angles), len(f), err)
		} else {
			for _, a := range angles {
				if a > 90 || a < -90 {
					t.Fatalf("z-angle %v", a)
				}
			}
		}
		if len(c) < 3000 {
			if _, _, _, err := SleepWindow(c, DefaultHDCZA()); err != nil {
				t.Fatal(err)
			}
		}
	})
}
