package score

import "time"

// MainWindowJoin is the longest wake, in minutes, between two sleep
// periods of one night (DESIGN §2.3, the staff's night): a shorter time
// awake or out of bed is wake after sleep onset, not the end of the night.
const MainWindowJoin = 60

// MainSleepWindow finds the staff's night in a noon-to-noon series (DESIGN
// §2.3): the main sleep window from lights-off, or the start of the first
// sleep period after earliest (18:00) when lights-off is unknown, to the
// final awakening before the end of the series (12:00). It differs from
// ActiLife's Tudor-Locke periods, which the `sleep nights` command keeps:
// a wake run of 10 minutes ends a Tudor-Locke period, so one awake spell
// at night split a night in two and the hours after it counted in no
// night.
//
// How: the sleep periods are found by the Tudor-Locke rules of s without
// their shortest-period rule (any period starting with s.BedtimeStart
// sleep minutes and ending with s.WakeEnd wake minutes), those starting
// before earliest are left out, periods less than join minutes apart are
// joined, and the joined stretch with the most sleep is the night. It must
// still be at least s.MinPeriod minutes long (160 by default), so a nap is
// no night. The metrics are then measured over the whole window: the wake
// between the joined periods counts as WASO and as awakenings.
func MainSleepWindow(minutes []Minute, states []State, s TudorLockeSettings, earliest time.Time, join int) (Period, bool, error) {
	loose := s
	loose.MinPeriod = 1
	periods, err := TudorLocke(minutes, states, loose)
	if err != nil {
		return Period{}, false, err
	}
	type chain struct{ in, onset, out, sleep int }
	var chains []chain
	for _, p := range periods {
		if p.InBedTime.Before(earliest) {
			continue
		}
		if n := len(chains); n > 0 && p.InBed-chains[n-1].out < join {
			chains[n-1].out = p.OutBed
			chains[n-1].sleep += p.TotalSleep
			continue
		}
		chains = append(chains, chain{in: p.InBed, onset: p.Onset, out: p.OutBed, sleep: p.TotalSleep})
	}
	best := -1
	for i, c := range chains {
		if c.out-c.in < s.MinPeriod || c.out-c.in > s.MaxPeriod {
			continue
		}
		if best < 0 || c.sleep > chains[best].sleep {
			best = i
		}
	}
	if best < 0 {
		return Period{}, false, nil
	}
	c := chains[best]
	return measure(minutes, states, c.in, c.onset, c.out), true, nil
}
