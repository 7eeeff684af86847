package score

import (
	"testing"
	"time"
)

// nightSeries builds a noon-to-noon series of one-minute states from
// stretches of (state, minutes).
func nightSeries(start time.Time, parts ...any) ([]Minute, []State) {
	var ms []Minute
	var ss []State
	for i := 0; i < len(parts); i += 2 {
		st, n := parts[i].(State), parts[i+1].(int)
		for range n {
			c := 0.0
			if st == Wake {
				c = 200
			}
			ms = append(ms, Minute{Start: start.Add(time.Duration(len(ms)) * time.Minute), Count: c, Epochs: 1})
			ss = append(ss, st)
		}
	}
	return ms, ss
}

// TestMainSleepWindowJoinsAnAwakeSpell is the night of the issue: in bed
// and asleep from 21:59 to 06:46 with a 20-minute awake spell around 02:50.
// Tudor-Locke reports only the part before the spell (4 h 51 min); the
// staff's night is the whole window, the spell counted as wake after
// onset.
func TestMainSleepWindowJoinsAnAwakeSpell(t *testing.T) {
	noon := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	// 12:00–21:59 awake (599 min), 21:59–02:50 asleep (291), 02:50–03:10
	// awake (20), 03:10–06:46 asleep (216), 06:46–12:00 awake (314).
	ms, ss := nightSeries(noon, Wake, 599, Sleep, 291, Wake, 20, Sleep, 216, Wake, 314)
	tl, err := TudorLocke(ms, ss, DefaultTudorLocke())
	if err != nil || len(tl) != 2 || tl[0].Duration != 291 {
		t.Fatalf("Tudor-Locke periods %+v, %v: want the night split at the spell", tl, err)
	}
	p, ok, err := MainSleepWindow(ms, ss, DefaultTudorLocke(), noon.Add(6*time.Hour), MainWindowJoin)
	if err != nil || !ok {
		t.Fatalf("no main window: %v", err)
	}
	if got, want := p.InBedTime, noon.Add(599*time.Minute); !got.Equal(want) {
		t.Errorf("in bed %v, want %v", got, want)
	}
	if got, want := p.OutBedTime, noon.Add((599+291+20+216)*time.Minute); !got.Equal(want) {
		t.Errorf("out of bed %v, want %v", got, want)
	}
	if p.Duration != 527 || p.TotalSleep != 507 || p.WakeAfterOnset != 20 || p.Awakenings != 1 {
		t.Errorf("duration %d TST %d WASO %d awakenings %d, want 527 507 20 1", p.Duration, p.TotalSleep, p.WakeAfterOnset, p.Awakenings)
	}
}

// TestMainSleepWindowLeavesNapsAndEarlySleepOut: an afternoon nap before
// 18:00 and a long wake (over an hour) split nights; the stretch with the
// most sleep is the night, and a short one alone is no night.
func TestMainSleepWindowLeavesNapsAndEarlySleepOut(t *testing.T) {
	noon := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	// 12:00 awake 120, nap 14:00–16:00 (120), awake until 23:00 (420),
	// asleep 23:00–01:00 (120), awake 90 (too long to join), asleep
	// 02:30–07:30 (300), awake until noon (270).
	ms, ss := nightSeries(noon, Wake, 120, Sleep, 120, Wake, 420, Sleep, 120, Wake, 90, Sleep, 300, Wake, 270)
	p, ok, err := MainSleepWindow(ms, ss, DefaultTudorLocke(), noon.Add(6*time.Hour), MainWindowJoin)
	if err != nil || !ok {
		t.Fatalf("no main window: %v", err)
	}
	if want := noon.Add((120 + 120 + 420 + 120 + 90) * time.Minute); !p.InBedTime.Equal(want) || p.Duration != 300 {
		t.Errorf("window %v for %d min, want the 5-hour sleep from %v", p.InBedTime, p.Duration, want)
	}
	// Only a 2-hour sleep after 18:00: shorter than the 160-minute minimum.
	ms, ss = nightSeries(noon, Wake, 600, Sleep, 120, Wake, 720)
	if _, ok, err := MainSleepWindow(ms, ss, DefaultTudorLocke(), noon.Add(6*time.Hour), MainWindowJoin); err != nil || ok {
		t.Errorf("a 2-hour sleep became a night (%v)", err)
	}
}
