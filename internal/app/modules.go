package app

import (
	"context"
	"fmt"
	"time"

	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/crisis"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/innovation"
	"github.com/volwaardig/volwaardig/internal/knowledge"
	"github.com/volwaardig/volwaardig/internal/module"
	"github.com/volwaardig/volwaardig/internal/monitor"
	"github.com/volwaardig/volwaardig/internal/placement"
	"github.com/volwaardig/volwaardig/internal/relatives"
	"github.com/volwaardig/volwaardig/internal/safety"
	"github.com/volwaardig/volwaardig/internal/sleep"
	"github.com/volwaardig/volwaardig/internal/support"
)

// moduleDef is one line of the module list: the module's migrations (a
// package function, applied before anything is built) and how the
// application builds it from the platform.
type moduleDef struct {
	migrations func() db.Migrations
	build      func(a *App) (module.Module, error)
}

// moduleDefs is the one list of modules (DESIGN §6): adding a module is
// one package and one line here. The order is the order of their
// migrations, routes, demo parts and inzage sections; a module that
// consumes another's service (crisis hands over to placement) comes after
// it and finds it with App.module.
func moduleDefs() []moduleDef {
	return []moduleDef{
		{placement.Migrations, func(a *App) (module.Module, error) {
			return placement.New(placement.Deps{DB: a.DB, Clock: a.cfg.Clock, Audit: a.Audit, Notify: a.Notify, Contacts: a.Clients, Clients: a.Clients, Creator: a.Clients, Orgs: a.Orgs, Renderer: a.Renderer, Logger: a.cfg.Logger, Config: a.cfg.Placement})
		}},
		{crisis.Migrations, func(a *App) (module.Module, error) {
			return crisis.New(crisis.Deps{DB: a.DB, Clock: a.cfg.Clock, Audit: a.Audit, Notify: a.Notify, Clients: a.Clients, Renderer: a.Renderer, Placement: crisisHandover{a.module("placement").(*placement.Service)}, Orgs: a.Orgs, Users: a.Auth, Organisations: a.Orgs, Logger: a.cfg.Logger, Config: a.cfg.Crisis})
		}},
		{sleep.Migrations, func(a *App) (module.Module, error) {
			s, err := sleep.New(sleep.Deps{DB: a.DB, Clock: a.cfg.Clock, Audit: a.Audit, Clients: a.Clients, Renderer: a.Renderer, Logger: a.cfg.Logger, Places: sleepPlaces{a.Orgs}, DemoBasis: a.sleepDemoBasis, Config: a.cfg.Sleep})
			if err == nil {
				a.registerIngestMetrics(s)
			}
			return s, err
		}},
		{innovation.Migrations, func(a *App) (module.Module, error) {
			return innovation.New(innovation.Deps{DB: a.DB, Clock: a.cfg.Clock, Audit: a.Audit, Clients: a.Clients, Users: a.Auth, Organisations: a.Orgs, Sleep: innovationSleep{a.module("sleep").(*sleep.Service)}, Renderer: a.Renderer, Logger: a.cfg.Logger})
		}},
		{safety.Migrations, func(a *App) (module.Module, error) {
			return safety.New(safety.Deps{DB: a.DB, Clock: a.cfg.Clock, Audit: a.Audit, Providers: a.Orgs, Users: a.Auth, Clients: a.Clients, Renderer: a.Renderer, Logger: a.cfg.Logger})
		}},
		{support.Migrations, func(a *App) (module.Module, error) {
			return support.New(support.Deps{DB: a.DB, Clock: a.cfg.Clock, Audit: a.Audit, Notify: a.Notify, Clients: a.Clients, Accounts: a.Auth, Renderer: a.Renderer, Logger: a.cfg.Logger,
				Placement: supportReferral{a.module("placement").(*placement.Service)}})
		}},
		{knowledge.Migrations, func(a *App) (module.Module, error) {
			return knowledge.New(knowledge.Deps{DB: a.DB, Clock: a.cfg.Clock, Audit: a.Audit, Clients: a.Clients, Users: a.Auth, Renderer: a.Renderer, Logger: a.cfg.Logger})
		}},
		{relatives.Migrations, func(a *App) (module.Module, error) {
			return relatives.New(relatives.Deps{DB: a.DB, Clock: a.cfg.Clock, Audit: a.Audit, Notify: a.Notify, Clients: a.Clients, Users: a.Auth, Renderer: a.Renderer, Respite: newRelativesRespite(a), Logger: a.cfg.Logger})
		}},
		{monitor.Migrations, func(a *App) (module.Module, error) {
			return monitor.New(monitor.Deps{DB: a.DB, Clock: a.cfg.Clock, Figures: monitorFigures{a}, Users: a.Auth, Renderer: a.Renderer, Logger: a.cfg.Logger})
		}},
	}
}

// buildModules builds every module once, in the list's order, and hands
// each one's routes, inzage section and jobs to the platform.
func (a *App) buildModules() error {
	for _, def := range moduleDefs() {
		m, err := def.build(a)
		if err != nil {
			return err
		}
		a.modules = append(a.modules, m)
		m.Routes(a.Router)
		a.Clients.Sections = append(a.Clients.Sections, m.Inzage)
		for _, j := range m.Jobs() {
			done := a.jobStats.report(j.Name)
			logger := a.cfg.Logger
			a.Job(func(ctx context.Context) {
				module.Run(ctx, j, func(err error) {
					if err != nil {
						logger.Error("background job failed", "job", j.Name, "err", err)
					}
					done(err)
				})
			})
		}
	}
	return nil
}

// module returns the built module named name; the list's order makes sure
// it exists when a later module asks for it.
func (a *App) module(name string) module.Module {
	for _, m := range a.modules {
		if m.Name() == name {
			return m
		}
	}
	panic(fmt.Sprintf("app: module %q is used before it is built: put it earlier in moduleDefs", name))
}

// Modules returns the built modules, in the list's order.
func (a *App) Modules() []module.Module { return append([]module.Module(nil), a.modules...) }

// sleepDemoBasis records a representative's consent to sleep monitoring
// for a demo client that has no legal basis yet.
func (a *App) sleepDemoBasis(ctx context.Context, clientID, by int64) error {
	_, err := a.Clients.AddConsent(ctx, nil, clients.Consent{ClientID: clientID, Subject: clients.SubjectSleepMonitoring, Basis: clients.BasisRepresentative,
		Note: "Demo: toestemming vertegenwoordiger voor slaapmonitoring", ValidFrom: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), RecordedBy: by})
	return err
}
