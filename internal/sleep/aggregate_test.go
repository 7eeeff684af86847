package sleep

import (
	"context"
	"database/sql"
	"math"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
)

// TestNightsAggregate: the aggregate another module reads counts the
// clients with a scored night in the period, the nights with a sleep
// period, their means and per-week figures, and leaves out nights of
// other clients, outside the period or without a sleep period.
func TestNightsAggregate(t *testing.T) {
	dbtest.Each(t, migrations(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, false)
		ctx := context.Background()
		other := e.noBasis
		save := func(client int64, date, status string, tst int, eff float64) {
			t.Helper()
			if err := d.Tx(ctx, func(tx *sql.Tx) error {
				return e.s.store.saveNight(ctx, tx, Night{ClientID: client, Date: date, Source: "epochs", Status: status, TST: tst, Efficiency: eff}, e.clock.Now())
			}); err != nil {
				t.Fatal(err)
			}
		}
		save(e.client, "2026-03-02", StatusOK, 400, 80) // Monday
		save(e.client, "2026-03-03", StatusOK, 420, 90)
		save(e.client, "2026-03-09", StatusOK, 380, 85)   // next week
		save(e.client, "2026-03-04", StatusNonWear, 0, 0) // no sleep period
		save(e.client, "2026-02-20", StatusOK, 999, 99)   // before the period
		save(other, "2026-03-05", StatusOK, 500, 70)      // not asked for
		loc := e.s.loc
		from := time.Date(2026, 3, 1, 12, 0, 0, 0, loc)
		to := time.Date(2026, 3, 15, 12, 0, 0, 0, loc)
		agg, err := e.s.NightsAggregate(ctx, []int64{e.client}, from, to)
		if err != nil {
			t.Fatal(err)
		}
		if agg.Clients != 1 || agg.Nights != 3 || math.Abs(agg.MeanSleepMinutes-400) > 1e-9 || math.Abs(agg.MeanEfficiency-85) > 1e-9 {
			t.Fatalf("aggregate: %+v", agg)
		}
		if len(agg.Weeks) != 2 || agg.Weeks[0].Nights != 2 || agg.Weeks[0].Start.Weekday() != time.Monday || agg.Weeks[1].MeanSleepMinutes != 380 {
			t.Fatalf("weeks: %+v", agg.Weeks)
		}
		both, err := e.s.NightsAggregate(ctx, []int64{e.client, other}, from, to)
		if err != nil || both.Clients != 2 || both.Nights != 4 {
			t.Fatalf("two clients: %+v %v", both, err)
		}
		none, err := e.s.NightsAggregate(ctx, nil, from, to)
		if err != nil || none.Clients != 0 || none.Weeks != nil {
			t.Fatalf("no clients: %+v %v", none, err)
		}
	})
}
