package sleep

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
	"github.com/volwaardig/volwaardig/internal/demo"
)

// loadDemo runs the demo part on the test environment: both test clients
// at the location (the one without a basis gets one through addBasis).
func loadDemo(t *testing.T, e *env) {
	t.Helper()
	w := &demo.World{HomeLocation: e.loc, HomeProvider: e.org, Users: e.users,
		Clients: []demo.Client{{ID: e.client, LocationID: e.loc}, {ID: e.noBasis, LocationID: e.loc}}}
	w.Users[auth.RoleAanbieder] = e.users[auth.RoleAanbieder]
	basis := 0
	e.s.demoBasis = func(ctx context.Context, clientID, by int64) error { basis++; return nil }
	part := e.s.Demo()
	start := time.Now()
	if err := part.Load(context.Background(), w); err != nil {
		t.Fatal(err)
	}
	t.Logf("demo part: %v", time.Since(start))
	if basis != 1 {
		t.Errorf("addBasis called %d times, want 1 (the second client)", basis)
	}
}

func TestDemoPart(t *testing.T) {
	dbtest.Each(t, migrations(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, false)
		loadDemo(t, e)
		ctx := context.Background()
		to := NightOf(e.clock.Now(), e.s.loc)
		ns, err := e.s.Nights(ctx, e.client, "2000-01-01", to)
		if err != nil {
			t.Fatal(err)
		}
		if len(ns) < 30 {
			t.Fatalf("demo client has %d nights, want 30+", len(ns))
		}
		ok := 0
		for _, n := range ns {
			if n.Status == StatusOK {
				ok++
			}
		}
		if ok < 25 {
			t.Errorf("only %d of %d demo nights have a sleep period", ok, len(ns))
		}
		// The last night came from a raw 30 Hz signal: its hours are stored
		// compressed, its minutes carry counts and a z-angle from the
		// reduction, and it is an ordinary night.
		var hours, bytes int
		if err := d.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(LENGTH(data)), 0) FROM sleep_raw_hours WHERE client_id = $1`, e.client).Scan(&hours, &bytes); err != nil {
			t.Fatal(err)
		}
		last := ns[len(ns)-1]
		wFrom, wTo, _ := NightWindow(last.Date, e.s.loc)
		rows, err := e.s.LoadEpochs(ctx, d, e.client, wFrom, wTo)
		if err != nil {
			t.Fatal(err)
		}
		withAngle := 0
		for _, r := range rows {
			if !math.IsNaN(r.ZAngle) && r.Coverage == 1 {
				withAngle++
			}
		}
		if hours < 16 || withAngle < 15*60 || last.Status != StatusOK || last.TST < 5*60 || last.TST > 10*60 {
			t.Errorf("raw night %s: %d raw hours (%d bytes), %d minutes with z-angle, status %s, TST %d, WASO %d, awakenings %d",
				last.Date, hours, bytes, withAngle, last.Status, last.TST, last.WASO, last.Awakenings)
		}
		t.Logf("raw night %s: %d raw hours, %.2f bytes/sample, in bed %s, TST %d, WASO %d, awakenings %d, restless %d",
			last.Date, hours, float64(bytes)/float64(hours*3600*demoRawHz), last.InBed.In(e.s.loc).Format("15:04"), last.TST, last.WASO, last.Awakenings, last.RestlessCount)
		notes, err := e.s.Notes(ctx, e.client)
		if err != nil || len(notes) != 1 {
			t.Fatalf("notes %v, %v", notes, err)
		}
		c, err := e.s.Compare(ctx, notes[0])
		if err != nil {
			t.Fatal(err)
		}
		if !(c.WASO.MedianAfter < c.WASO.MedianBefore) {
			t.Errorf("the demo intervention should reduce WASO: before %v after %v", c.WASO.MedianBefore, c.WASO.MedianAfter)
		}
		t.Logf("intervention: WASO %v -> %v p=%.4f; awakenings %v -> %v p=%.4f", c.WASO.MedianBefore, c.WASO.MedianAfter, c.WASO.P, c.Awakenings.MedianBefore, c.Awakenings.MedianAfter, c.Awakenings.P)
		other, err := e.s.Nights(ctx, e.noBasis, "2000-01-01", to)
		if err != nil {
			t.Fatal(err)
		}
		nonwear := 0
		for _, n := range other {
			if n.Status == StatusNonWear && n.HasFlag(FlagNonWear) {
				nonwear++
			}
		}
		if nonwear != 1 {
			t.Errorf("the table night should be non-wear: %d non-wear nights", nonwear)
		}
	})
}
