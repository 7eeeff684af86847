package sleep

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/demo"
	"github.com/volwaardig/volwaardig/internal/sleep/devicefile"
)

// DemoNights is how many nights the demo generates per client.
const DemoNights = 35

// demoPlan describes one demo client's sleep.
type demoPlan struct {
	client   int64
	wrist    bool // wrist sensor; otherwise a mattress sensor
	restless float64
	// interventionDay: nights before it are restless, nights from it on
	// calmer; 0 for none.
	interventionDay int
	tableNight      int // a night the sensor lay on the table; -1 none
}

// demoSleepers is how many clients at the demo location get a sensor and
// nights.
const demoSleepers = 6

// DemoPart is Nachtrust's part of the demo data: at the demo location, one
// sensor per client for up to six clients (the demo client's own record
// first; the third sleeps on a mattress sensor, the others wear a wrist
// sensor; six because the innovation demo's sleep project shows its
// participants' nights only from five clients on), DemoNights nights of
// synthetic minute epochs with a few restless periods, a night with the sensor left on the table, and for the demo
// client a new mattress that helped, with its note. The demo client's last
// night is a synthetic raw 30 Hz wrist signal that goes the way of a real
// upload (compressed raw hours, Brønd counts, z-angle, scoring), so the
// page shows a night computed from raw data and the raw store is not empty;
// the other nights are generated as minute epochs so the demo loads in a
// few seconds. Deps.DemoBasis records a legal basis for a client that has
// none (the demo client already has consent); without it the module loads
// no demo nights.
func (s *Service) Demo() demo.Part {
	addBasis := s.demoBasis
	return demo.Part{Name: "nachtrust", Load: func(ctx context.Context, w *demo.World) error {
		if addBasis == nil {
			return nil
		}
		var ids []int64
		for _, c := range w.Clients {
			if c.LocationID == w.HomeLocation && len(ids) < demoSleepers {
				ids = append(ids, c.ID)
			}
		}
		if len(ids) == 0 {
			return nil
		}
		admin := w.Users[auth.RoleAanbieder]
		now := s.clock.Now()
		first := now.In(s.loc).AddDate(0, 0, -DemoNights)
		firstDay := time.Date(first.Year(), first.Month(), first.Day(), 0, 0, 0, 0, s.loc)
		plans := make([]demoPlan, len(ids))
		for i, id := range ids {
			plans[i] = demoPlan{client: id, wrist: i != 2, restless: 0.15 + 0.1*float64(i%2), tableNight: -1}
			if i == 0 {
				plans[i].interventionDay = DemoNights - 12
				plans[i].restless = 0.2
			}
			if i == 1 {
				plans[i].tableNight = DemoNights - 4
			}
			if i > 0 && addBasis != nil {
				if err := addBasis(ctx, id, w.Users[auth.RoleZorgverlener]); err != nil {
					return err
				}
			}
		}
		rng := rand.New(rand.NewPCG(7, 2026))
		for i, pl := range plans {
			kind, prefix := KindWrist, "DEMO-POLS-"
			if !pl.wrist {
				kind, prefix = KindBed, "DEMO-MATRAS-"
			}
			sid, err := s.CreateSensor(ctx, Sensor{Serial: fmt.Sprintf("%s%02d", prefix, i+1), Kind: kind, Label: "Demo", OrganisationID: w.HomeProvider, LocationID: w.HomeLocation}, admin)
			if err != nil {
				return err
			}
			if _, err := s.LinkSensor(ctx, sid, pl.client, firstDay.AddDate(0, 0, -1), time.Time{}, admin); err != nil {
				return err
			}
			var wrist, rawNight []MinuteEpoch
			var bed []BedMinute
			var dates []string
			for d := range DemoNights {
				day := firstDay.AddDate(0, 0, d)
				dates = append(dates, day.Format("2006-01-02"))
				restless := pl.restless
				if pl.interventionDay > 0 {
					if d < pl.interventionDay {
						restless = 1.0
					} else {
						restless = 0.05
					}
				}
				if rng.Float64() < 0.12 {
					restless += 0.5 // an occasional bad night
				}
				w, b := demoNight(rng, day, s.loc, pl.wrist, restless, d == pl.tableNight)
				if i == 0 && pl.wrist && d == DemoNights-1 {
					rawNight = w
					continue
				}
				wrist = append(wrist, w...)
				bed = append(bed, b...)
			}
			if err := s.db.Tx(ctx, func(tx *sql.Tx) error {
				if len(wrist) > 0 {
					if err := s.store.upsertWrist(ctx, tx, pl.client, wrist); err != nil {
						return err
					}
				}
				if len(bed) > 0 {
					return s.store.upsertBed(ctx, tx, pl.client, bed)
				}
				return nil
			}); err != nil {
				return err
			}
			if err := s.RecomputeNights(ctx, pl.client, dates); err != nil {
				return err
			}
			if rawNight != nil {
				sn, err := s.SensorByID(ctx, sid)
				if err != nil {
					return err
				}
				if err := s.demoRaw(ctx, sn, rng, rawNight); err != nil {
					return err
				}
			}
			if pl.interventionDay > 0 {
				if _, err := s.AddNote(ctx, Note{ClientID: pl.client, Date: firstDay.AddDate(0, 0, pl.interventionDay).Format("2006-01-02"),
					Text: "Nieuwe matras en verzwaringsdeken", CreatedBy: w.Users[auth.RoleZorgverlener],
					Author: demoCareName}); err != nil {
					return err
				}
			}
		}
		return nil
	}}
}

// demoNight makes the minutes from 18:00 on day to 10:00 the next morning:
// active evening, bedtime around 22:00, sleep with a few awakenings and
// restless periods (more with a higher restless level), up around 07:00.
// A table night is all zeros with a constant angle: non-wear, not sleep.
func demoNight(rng *rand.Rand, day time.Time, loc *time.Location, wristSensor bool, restless float64, table bool) ([]MinuteEpoch, []BedMinute) {
	start := time.Date(day.Year(), day.Month(), day.Day(), 18, 0, 0, 0, loc)
	bed := 240 + int(rng.NormFloat64()*25)  // minutes after 18:00
	wake := 780 + int(rng.NormFloat64()*25) // ~07:00
	n := 960
	awakeUntil := -1
	restUntil := -1
	var ws []MinuteEpoch
	var bs []BedMinute
	for m := range n {
		t := start.Add(time.Duration(m) * time.Minute).UTC()
		asleep := m >= bed+10 && m < wake
		inBed := m >= bed && m < wake+5
		var c float64
		switch {
		case table:
			c = 0
		case !inBed:
			c = 150 + rng.Float64()*500
		case !asleep:
			c = 20 + rng.Float64()*120
		default:
			if m > awakeUntil+10 && rng.Float64() < 0.002+0.008*restless {
				awakeUntil = m + 3 + rng.IntN(6) // under the 10 wake minutes that end a Tudor-Locke period
			}
			if m > restUntil && rng.Float64() < 0.003+0.01*restless {
				restUntil = m + 3 + rng.IntN(8)
			}
			switch {
			case m <= awakeUntil:
				c = 120 + rng.Float64()*250
			case m <= restUntil:
				c = 15 + rng.Float64()*60
			case rng.Float64() < 0.08:
				c = 1 + rng.Float64()*30
			}
		}
		c = math.Round(c)
		if wristSensor {
			z := -60 + rng.NormFloat64()*2
			if table {
				z = -89.5
			} else if !inBed {
				z = 20 + rng.NormFloat64()*20
			}
			ws = append(ws, MinuteEpoch{T: t, Counts: c, CountsVM: math.Round(c * 1.4), ZAngle: z, Coverage: 1})
			continue
		}
		b := BedMinute{T: t, Movement: math.NaN(), HeartRate: math.NaN(), BreathingRate: math.NaN(), InBed: 0}
		if inBed && !table {
			b.InBed = 1
			b.Movement = math.Min(100, math.Round(c/4))
			b.HeartRate = math.Round(58 + rng.NormFloat64()*3 + c/40)
			b.BreathingRate = math.Round(14 + rng.NormFloat64())
		} else {
			b.Movement = 0
		}
		bs = append(bs, b)
	}
	return ws, bs
}

// demoRawHz is the rate of the demo's synthetic raw night.
const demoRawHz = 30

// demoRaw ingests the night planned as minutes plan as a raw 30 Hz signal
// through the raw file path (legal basis, link, compressed hours, counts).
// Without a basis for the client the night is refused like any upload;
// the demo then says so instead of storing it another way.
func (s *Service) demoRaw(ctx context.Context, sn Sensor, rng *rand.Rand, plan []MinuteEpoch) error {
	links, err := s.Links(ctx, sn.ID)
	if err != nil {
		return err
	}
	raw := demoRawSignal(rng, plan)
	// A zoned start: the instant, not a wall-clock reading to interpret.
	raw.Start = plan[0].T.In(s.loc)
	res := &Result{File: "demo-nacht.cwa"}
	if err := s.ingestRaw(ctx, sn, links, fmt.Sprintf("demo-raw-%d-%d", sn.ID, plan[0].T.Unix()), raw, res); err != nil {
		return err
	}
	if res.Refused > 0 || res.Samples == 0 {
		return fmt.Errorf("sleep demo: the raw night was not stored (%d samples refused, %d stored)", res.Refused, res.Samples)
	}
	return nil
}

// demoRawSignal makes raw wrist acceleration (g, demoRawHz) for the
// minutes of plan: gravity along the minute's z-angle (the arm's posture,
// which turns when the person turns), sensor noise of a few milli-g, an arm
// swing at 1 Hz while up and about, and in bed movement bursts at 1.2 Hz
// whose length grows with the minute's planned count, so the Brønd
// counts of the signal follow the plan without copying it.
func demoRawSignal(rng *rand.Rand, plan []MinuteEpoch) *devicefile.Raw {
	per := 60 * demoRawHz
	n := len(plan) * per
	raw := &devicefile.Raw{Device: devicefile.DeviceCSV, SampleRate: demoRawHz, Start: plan[0].T,
		X: make([]float32, n), Y: make([]float32, n), Z: make([]float32, n)}
	phi := 0.4
	for m, e := range plan {
		angle := e.ZAngle * math.Pi / 180
		if rng.Float64() < 0.02 {
			phi = rng.Float64() * 2 * math.Pi // the arm turns
		}
		c := e.Counts
		swing, burst := 0.0, 0
		switch {
		case e.ZAngle > -40: // up and about (in bed the plan's wrist lies at about -60°): an arm swing
			swing = 0.1 + 0.2*math.Min(c, 650)/650
		case c > 0: // in bed: a burst of 0.15 g, about 35 counts a second
			burst = min(per, max(demoRawHz, int(c/35*demoRawHz)))
		}
		from := rng.IntN(per - burst + 1)
		for k := range per {
			i := m*per + k
			t := float64(i) / demoRawHz
			gx, gy, gz := math.Cos(angle)*math.Cos(phi), math.Cos(angle)*math.Sin(phi), math.Sin(angle)
			a := swing * math.Sin(2*math.Pi*1.0*t)
			if burst > 0 && k >= from && k < from+burst {
				a = 0.15 * math.Sin(2*math.Pi*1.2*t)
			}
			raw.X[i] = float32(gx + a + 0.003*rng.NormFloat64())
			raw.Y[i] = float32(gy + 0.6*a + 0.003*rng.NormFloat64())
			raw.Z[i] = float32(gz + 0.3*a + 0.003*rng.NormFloat64())
		}
	}
	return raw
}

// demoCareName is the demo zorgverlener's display name (internal/demo's
// account list), the author of the demo's note.
const demoCareName = "Jeroen Bakker"
