package app

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/demo"
	"github.com/volwaardig/volwaardig/internal/placement"
)

// placementMigrations returns the placement module's schema.
func placementMigrations() []db.Migrations { return []db.Migrations{placement.Migrations()} }

// placementService builds the module's service from the App. The service
// keeps no state beyond its configuration, so the demo part may build its
// own.
func (a *App) placementService() (*placement.Service, error) {
	cons, err := placement.ParseConsequences(a.cfg.Getenv("VOLWAARDIG_PLACEMENT_DECLINE"))
	if err != nil {
		return nil, err
	}
	return placement.New(a.DB, a.cfg.Clock, a.Audit, a.Notify, placementContacts{a}, a.Clients, placement.Config{Consequences: cons}, a.cfg.Logger), nil
}

// wirePlacement builds the placement module and registers its routes and jobs.
func (a *App) wirePlacement(ctx context.Context) error {
	s, err := a.placementService()
	if err != nil {
		return err
	}
	s.Routes(a.Router, a.Renderer)
	s.JobDone = a.jobStats.report("placement")
	a.Job(s.Run)
	return nil
}

// placementDemo returns the placement module's part of the demo data.
func (a *App) placementDemo() []demo.Part {
	s, err := a.placementService()
	if err != nil {
		return nil
	}
	var cc placement.ClientCreator
	if a.Clients != nil {
		cc = a.Clients
	}
	return []demo.Part{s.DemoPart(cc)}
}

// placementContacts finds the accounts that answer a proposal for a client:
// the client's own account and the representatives currently authorised to
// act for the client.
type placementContacts struct{ a *App }

func (c placementContacts) ContactUsers(ctx context.Context, clientID int64) ([]int64, error) {
	var ids []int64
	var own int64
	err := c.a.DB.QueryRowContext(ctx, `SELECT user_id FROM client_accounts WHERE client_id = $1 ORDER BY user_id LIMIT 1`, clientID).Scan(&own)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	if own > 0 {
		ids = append(ids, own)
	}
	if c.a.Clients == nil {
		return ids, nil
	}
	reps, err := c.a.Clients.Representatives(ctx, clientID)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	if c.a.cfg.Clock != nil {
		now = c.a.cfg.Clock.Now()
	}
	for _, r := range reps {
		// A proposal is asked of those who may answer it: a representative
		// without "mag handelen" cannot (clients.AuthorityFor).
		if r.ActiveAt(now) && r.MayAct {
			ids = append(ids, r.UserID)
		}
	}
	return ids, nil
}
