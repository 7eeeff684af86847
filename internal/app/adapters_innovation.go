package app

import (
	"context"
	"time"

	"github.com/volwaardig/volwaardig/internal/innovation"
	"github.com/volwaardig/volwaardig/internal/sleep"
)

// innovationSleep lets an innovation project that chose sleep monitoring
// read its participants' nights from Nachtrust, aggregated: the sleep
// module's Aggregate turned into the innovation module's type, so neither
// module imports the other.
type innovationSleep struct{ s *sleep.Service }

func (a innovationSleep) NightsAggregate(ctx context.Context, clientIDs []int64, from, to time.Time) (innovation.SleepAggregate, error) {
	agg, err := a.s.NightsAggregate(ctx, clientIDs, from, to)
	if err != nil {
		return innovation.SleepAggregate{}, err
	}
	out := innovation.SleepAggregate{Clients: agg.Clients, Nights: agg.Nights, MeanSleepMinutes: agg.MeanSleepMinutes, MeanEfficiency: agg.MeanEfficiency}
	for _, w := range agg.Weeks {
		out.Weeks = append(out.Weeks, innovation.SleepWeek{Start: w.Start, Clients: w.Clients, Nights: w.Nights, MeanSleepMinutes: w.MeanSleepMinutes, MeanEfficiency: w.MeanEfficiency})
	}
	return out, nil
}
