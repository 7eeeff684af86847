package app

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/crisis"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/demo"
	"github.com/volwaardig/volwaardig/internal/placement"
)

// crisisMigrations returns the crisis module's schema.
func crisisMigrations() []db.Migrations { return []db.Migrations{crisis.Migrations()} }

// wireCrisis builds the crisis module and registers its routes, its part of
// the client's inzage and its deadline job. The C.O.T.'s handover to
// placement goes to the placement module's register through
// crisisHandover.
func (a *App) wireCrisis(ctx context.Context) error {
	cfg, err := crisisConfig(a.cfg.Getenv)
	if err != nil {
		return err
	}
	ps, err := a.placementService()
	if err != nil {
		return err
	}
	s, err := crisis.New(crisis.Deps{DB: a.DB, Clock: a.cfg.Clock, Audit: a.Audit, Notify: a.Notify, Clients: a.Clients,
		Renderer: a.Renderer, Placement: crisisHandover{ps}, Logger: a.cfg.Logger, Config: cfg})
	if err != nil {
		return err
	}
	s.Routes(a.Router)
	a.Clients.Sections = append(a.Clients.Sections, s.InzageSection)
	s.JobDone = a.jobStats.report("crisis_deadlines")
	a.Job(s.Run)
	return nil
}

// crisisHandover adapts the placement register to the crisis module's
// PlacementHandover: modules do not import each other, so the request and
// the result are translated here; a refusal is the shared bad-input
// *web.Error, which reaches the crisis form as it is.
type crisisHandover struct{ s *placement.Service }

var _ crisis.PlacementHandover = crisisHandover{}

func (h crisisHandover) HandoverTx(ctx context.Context, tx *sql.Tx, p *auth.Principal, r crisis.HandoverRequest) (crisis.HandoverResult, error) {
	res, err := h.s.HandoverTx(ctx, tx, p, placement.HandoverRequest{ClientID: r.ClientID, Region: r.Region, Profile: r.Profile, Urgent: r.Urgent,
		Dossierhouder: r.Dossierhouder, Reason: r.Reason, Source: "crisismelding " + strconv.FormatInt(r.CaseID, 10)})
	if err != nil {
		return crisis.HandoverResult{}, err
	}
	return crisis.HandoverResult{Ref: res.Ref(), Existing: res.Existing, Dossierhouder: res.Dossierhouder}, nil
}

// crisisConfig reads the module's times from the environment:
// VOLWAARDIG_CRISIS_STALE_AFTER (age after which availability is shown as
// stale, default 24h) and VOLWAARDIG_CRISIS_WARN_BEFORE (how long before a
// deadline everyone involved is told, default 6h), as Go durations.
func crisisConfig(getenv func(string) string) (crisis.Config, error) {
	var cfg crisis.Config
	for _, v := range []struct {
		name string
		dst  *time.Duration
	}{{"VOLWAARDIG_CRISIS_STALE_AFTER", &cfg.StaleAfter}, {"VOLWAARDIG_CRISIS_WARN_BEFORE", &cfg.WarnBefore}} {
		s := getenv(v.name)
		if s == "" {
			continue
		}
		d, err := time.ParseDuration(s)
		if err != nil || d <= 0 {
			return cfg, fmt.Errorf("%s=%q: use a positive duration such as 24h", v.name, s)
		}
		*v.dst = d
	}
	return cfg, nil
}

// crisisDemo returns the crisis module's part of the demo data.
func (a *App) crisisDemo() []demo.Part {
	s, err := crisis.New(crisis.Deps{DB: a.DB, Clock: a.cfg.Clock, Audit: a.Audit, Notify: a.Notify, Clients: a.Clients, Logger: a.cfg.Logger})
	if err != nil {
		return nil
	}
	return []demo.Part{s.DemoPart(a.cfg.Clock.Now)}
}
