package sleep

import (
	"context"
	"slices"
	"time"
)

// Aggregate is the nights of a group of clients over a period, with no
// night or client in it: what another module (an innovation project that
// chose sleep monitoring) may show its readers. Suppressing small groups
// is the caller's duty; Clients says how many clients the numbers cover.
type Aggregate struct {
	// Clients is how many of the clients had at least one night with a
	// sleep period in the period.
	Clients int
	Nights  int
	// MeanSleepMinutes (total sleep time) and MeanEfficiency (percent of
	// the time in bed asleep) are over those nights.
	MeanSleepMinutes float64
	MeanEfficiency   float64
	// Weeks are the same figures per week (Monday to Sunday, by the
	// evening's date), oldest first.
	Weeks []WeekAggregate
}

// WeekAggregate is one week of an Aggregate.
type WeekAggregate struct {
	Start            time.Time // Monday 00:00, Europe/Amsterdam
	Clients          int
	Nights           int
	MeanSleepMinutes float64
	MeanEfficiency   float64
}

// NightsAggregate sums up the scored nights of clientIDs whose evening
// falls between from and to (inclusive, by date in Europe/Amsterdam).
// It reads no names and returns no per-client figure, so it is not a read
// of one client's record; callers that show it to people outside the
// clients' care must suppress groups under the small-count threshold.
func (s *Service) NightsAggregate(ctx context.Context, clientIDs []int64, from, to time.Time) (Aggregate, error) {
	var out Aggregate
	if len(clientIDs) == 0 {
		return out, nil
	}
	nights, err := s.store.okNights(ctx, clientIDs, from.In(s.loc).Format("2006-01-02"), to.In(s.loc).Format("2006-01-02"))
	if err != nil {
		return out, err
	}
	type acc struct {
		clients  map[int64]bool
		nights   int
		tst, eff float64
	}
	all := acc{clients: map[int64]bool{}}
	weeks := map[time.Time]*acc{}
	add := func(a *acc, n nightSummary) {
		a.clients[n.ClientID] = true
		a.nights++
		a.tst += float64(n.TST)
		a.eff += n.Efficiency
	}
	for _, n := range nights {
		day, err := time.ParseInLocation("2006-01-02", n.Date, s.loc)
		if err != nil {
			continue
		}
		start := day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
		if weeks[start] == nil {
			weeks[start] = &acc{clients: map[int64]bool{}}
		}
		add(&all, n)
		add(weeks[start], n)
	}
	out.Clients, out.Nights = len(all.clients), all.nights
	if all.nights > 0 {
		out.MeanSleepMinutes, out.MeanEfficiency = all.tst/float64(all.nights), all.eff/float64(all.nights)
	}
	for start, a := range weeks {
		out.Weeks = append(out.Weeks, WeekAggregate{Start: start, Clients: len(a.clients), Nights: a.nights, MeanSleepMinutes: a.tst / float64(a.nights), MeanEfficiency: a.eff / float64(a.nights)})
	}
	slices.SortFunc(out.Weeks, func(a, b WeekAggregate) int { return a.Start.Compare(b.Start) })
	return out, nil
}
