package app

import (
	"context"
	"fmt"
	"github.com/prometheus/client_golang/prometheus"
	"strconv"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/demo"
	"github.com/volwaardig/volwaardig/internal/orgs"
	"github.com/volwaardig/volwaardig/internal/sleep"
)

// sleepMigrations returns the sleep module's schema.
func sleepMigrations() []db.Migrations { return []db.Migrations{sleep.Migrations()} }

// wireSleep builds the sleep module and registers its routes and jobs.
func (a *App) wireSleep(ctx context.Context) error {
	s := sleep.New(a.DB, a.cfg.Clock, a.Audit, a.Clients, a.Renderer, a.cfg.Logger)
	s.Places = sleepPlaces{a.Orgs}
	s.LocationOrg = func(loc int64) (int64, error) {
		var org int64
		err := a.DB.QueryRowContext(context.Background(), `SELECT organisation_id FROM locations WHERE id = $1`, loc).Scan(&org)
		return org, err
	}
	s.ClientList = sleepClients{a.Clients}
	if v := a.cfg.Getenv(EnvMaxSleepIngests); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			return fmt.Errorf("%s must be a positive number of sleep files read at once, got %q", EnvMaxSleepIngests, v)
		}
		s.MaxIngests = n
	}
	a.Clients.Sections = append(a.Clients.Sections, s.InzageSection)
	s.Routes(a.Router)
	s.JobDone = a.jobStats.report("sleep_ingest")
	// Ingest figures for the operator: rate() of the samples gives samples
	// per second; refused files and batches are worth an alert.
	a.metrics.MustRegister(
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "volwaardig_ingest_samples_total",
			Help: "Raw sensor samples stored (files and streams)."}, func() float64 { return float64(s.IngestStats().Samples) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "volwaardig_ingest_epochs_total",
			Help: "Minute epochs stored from epoch files."}, func() float64 { return float64(s.IngestStats().Epochs) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "volwaardig_ingest_rejected_total",
			Help: "Device files and stream batches refused as a whole."}, func() float64 { return float64(s.IngestStats().Rejected) }),
	)
	a.Job(s.Run)
	return nil
}

// sleepDemo returns the sleep module's part of the demo data.
func (a *App) sleepDemo() []demo.Part {
	s := sleep.New(a.DB, a.cfg.Clock, nil, a.Clients, nil, a.cfg.Logger)
	return []demo.Part{s.DemoPart(func(ctx context.Context, clientID, by int64) error {
		_, err := a.Clients.AddConsent(ctx, nil, clients.Consent{ClientID: clientID, Subject: clients.SubjectSleepMonitoring, Basis: clients.BasisRepresentative,
			Note: "Demo: toestemming vertegenwoordiger voor slaapmonitoring", ValidFrom: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), RecordedBy: by})
		return err
	})}
}

// sleepPlaces names an organisation's locations for Nachtrust's forms.
type sleepPlaces struct{ o *orgs.Store }

func (p sleepPlaces) Locations(ctx context.Context, org int64) ([]sleep.Place, error) {
	ls, err := p.o.Locations(ctx, org)
	if err != nil {
		return nil, err
	}
	out := make([]sleep.Place, len(ls))
	for i, l := range ls {
		out[i] = sleep.Place{ID: l.ID, Name: l.Name}
	}
	return out, nil
}

// sleepClients offers the clients a user may see for the sensor link form.
type sleepClients struct{ c *clients.Service }

// Every page of the list: the first page alone (50 clients) left the
// rest of a larger organisation's clients impossible to link.
func (c sleepClients) Clients(ctx context.Context, p *auth.Principal) ([]sleep.Place, error) {
	var out []sleep.Place
	for page := 1; ; page++ {
		items, more, err := c.c.List(ctx, p, "", page)
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			out = append(out, sleep.Place{ID: it.ID, Name: it.Name})
		}
		if !more {
			return out, nil
		}
	}
}
