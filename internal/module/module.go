// Package module is the contract every module of Volwaardig keeps (DESIGN
// §6), so that the eight modules have one shape and internal/app can list
// them in one place: a module is built by its own New(Deps), and then
// offers its routes with their access rules, the route × role table that
// says who may use them, its part of the demo data, its section of the
// client's right-of-access page, its background jobs and its figures for
// the programme monitor. Its migrations are a package function, since
// they are applied before anything is built.
//
// The package sits between the platform packages and the modules: it
// imports only platform packages, and modules import it.
package module

import (
	"context"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/demo"
	"github.com/volwaardig/volwaardig/internal/web"
)

// Module is what a built module offers the application.
type Module interface {
	// Name is the module's code name ("placement"), used in logs, job
	// metrics and the figures' keys.
	Name() string
	// Routes registers the module's pages and API routes, each with its
	// access rule.
	Routes(rt *web.Router)
	// RouteAccess is the module's route × role expectation table: for
	// every route it registers ("GET /crisis"), which roles may pass its
	// rule ("public", "any", or a comma-separated list of roles, prefixed
	// by "devices+" when device tokens pass). The route test fails for a
	// registered route missing here, so adding a route means deciding who
	// may use it, next to the module's own code.
	RouteAccess() map[string]string
	// Demo is the module's part of the demo data set; its Load reads
	// World.Scale and builds the small or the national set.
	Demo() demo.Part
	// Inzage is the module's section of a client's right-of-access page
	// (HTML, JSON and PDF are rendered from it by the client register). A
	// module that holds nothing about the client returns a section with
	// no fields and no tables, which says so.
	Inzage(ctx context.Context, clientID int64) (clients.Section, error)
	// Jobs are the module's background jobs; the application runs each
	// round on its interval on every instance (a job that must run once
	// across instances takes its advisory lock inside the round), logs a
	// failed round and counts rounds for the operator's metrics.
	Jobs() []Job
	// Figures are the module's current programme figures for the monitor.
	Figures(ctx context.Context) ([]Figure, error)
}

// Job is one background job of a module.
type Job struct {
	// Name labels the job in logs and metrics ("crisis_deadlines").
	Name string
	// Every is the time between the starts of two rounds.
	Every time.Duration
	// Round does one round of work; ctx ends when the server stops.
	Round func(ctx context.Context) error
}

// Figure is one programme figure a module reports to the monitor: a count
// or an amount at the moment it is asked, nationally.
type Figure struct {
	// Key is stable across releases ("placement.waiting"): the monitor
	// links indicators to it.
	Key string
	// Label and LabelEN say what is counted, in Dutch and English.
	Label, LabelEN string
	// Unit is what the value counts ("personen", "plekken", "meldingen").
	Unit string
	// Value is the figure. With Decimals > 0 it is in units of
	// 10^-Decimals (a survey score of 7.5 is Value 75, Decimals 1), so a
	// figure stays an exact integer on both databases.
	Value int
	// Decimals is the number of decimals Value carries (0 for counts).
	Decimals int
	// Region is empty for the national figure; a module may add the same
	// key once per region (care-office region code, "ZK11") so the monitor
	// can filter by region. The national line is always there.
	Region string
	// Persons marks a count of people: the monitor publishes it with the
	// small-count suppression of web.Counts, since the programme may not
	// see the persons behind it.
	Persons bool
}

// Run runs a job's rounds until ctx ends: a round right away, then one
// every job.Every. done, when not nil, is told each round's outcome (nil
// on success) for the metrics; a failed round is also logged by done's
// owner, so no failure is dropped.
func Run(ctx context.Context, job Job, done func(err error)) {
	every := job.Every
	if every <= 0 {
		every = time.Minute
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		err := job.Round(ctx)
		if ctx.Err() != nil {
			return
		}
		if done != nil {
			done(err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Today is what a module may also offer: what waits today for the person
// asking, for their start page (proposals to answer, a crisis whose clock
// runs, a night that deviated). It is optional because not every module
// has daily work for every role; the start page asks every module that
// has it. A module reads through its own scoped queries and records the
// reads as its list pages do; counts name nobody and are not recorded.
type Today interface {
	Today(ctx context.Context, p *auth.Principal) ([]Task, error)
}

// Task is one line of the start page; the shell in internal/web renders
// it, so the type lives there and the contract names it here.
type Task = web.Task
