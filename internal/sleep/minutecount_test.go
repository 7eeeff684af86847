package sleep

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
)

// TestStoredMinuteCountFollowsWrites checks the stored count of a client's
// minutes (issue 18) against a count of the minutes themselves after each
// kind of write: a file, an overlapping file, a bed sensor on minutes the
// wrist already wrote, a repeated write and a second client's minutes.
func TestStoredMinuteCountFollowsWrites(t *testing.T) {
	dbtest.Each(t, migrations(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, false)
		ctx := context.Background()
		check := func(step string, client int64, want int) {
			t.Helper()
			var counted int
			if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM sleep_epochs WHERE client_id = $1`, client).Scan(&counted); err != nil {
				t.Fatal(err)
			}
			stored, err := e.s.store.minuteCount(ctx, client)
			if err != nil {
				t.Fatal(err)
			}
			if stored != counted || counted != want {
				t.Errorf("%s: stored %d, counted %d, want %d", step, stored, counted, want)
			}
		}
		check("nothing yet", e.client, 0)
		w := e.sensor(t, "AG1", KindWrist, e.client, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
		start := time.Date(2026, 3, 2, 18, 0, 0, 0, time.UTC)
		if res := e.s.IngestFile(ctx, w, "nacht.csv", []byte(epochCSV(start, 18*60, nightCounts(start))), FileOptions{}); res.Error != "" {
			t.Fatalf("file: %+v", res)
		}
		check("one file", e.client, 18*60)
		later := start.Add(12 * time.Hour)
		if res := e.s.IngestFile(ctx, w, "nacht2.csv", []byte(epochCSV(later, 18*60, nightCounts(later))), FileOptions{}); res.Error != "" {
			t.Fatalf("overlapping file: %+v", res)
		}
		check("overlapping file", e.client, 30*60)
		bed := make([]BedMinute, 120)
		for i := range bed {
			bed[i] = BedMinute{T: later.Add(time.Duration(i) * time.Minute), Movement: 1, HeartRate: 60, BreathingRate: 14, InBed: 1}
		}
		write := func(client int64, ms []BedMinute) {
			t.Helper()
			if err := d.Tx(ctx, func(tx *sql.Tx) error { return e.s.store.upsertBed(ctx, tx, client, ms) }); err != nil {
				t.Fatal(err)
			}
		}
		write(e.client, bed)
		check("bed on the wrist's minutes", e.client, 30*60)
		// The files' wall-clock times are Amsterdam time, in March an hour
		// ahead of UTC: the wrist's minutes end at start+29h UTC.
		end := start.Add(29 * time.Hour)
		for i := range bed {
			bed[i].T = end.Add(time.Duration(i-60) * time.Minute)
		}
		write(e.client, bed)
		check("bed half past the wrist's minutes", e.client, 30*60+60)
		write(e.client, bed)
		check("the same minutes again", e.client, 30*60+60)
		write(e.noBasis, bed)
		check("another client's minutes", e.noBasis, 120)
		check("first client unchanged", e.client, 30*60+60)
	})
}
