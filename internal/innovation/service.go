// Package innovation is the Innovatie-route of DESIGN §2.4: a provider
// turns a client's care question into a well-founded choice of care
// technology (or, for "Begeleiding à la carte", a social innovation), and
// takes it through a readiness self-scan, exploring and choosing from the
// catalogue with a weighted decision matrix, an implementation plan on the
// ZonMw model, a small-scale start, evaluation with effects at baseline and
// follow-up, and scale-up per location, or stops with the reasons
// recorded. Every step to the next phase is a go/no-go gate with who
// decided, when and why; the provider's client council reads the projects
// and advises at the gates, and the project answers. Six themes each have
// a learning network open to outside members.
//
// Projects hold the names of participating clients (chosen with the
// client picker); every read of them is audited. A project that chose
// sleep monitoring shows its participants' nights only aggregated, read
// from Nachtrust through the SleepNights interface.
package innovation

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"time"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/orgs"
	"github.com/volwaardig/volwaardig/internal/web"
)

//go:embed migrations
var migrationsFS embed.FS

//go:embed templates
var templatesFS embed.FS

// Migrations returns the module's schema. It refers to the organisations,
// locations, users and clients tables, so it runs after the platform's.
func Migrations() db.Migrations {
	sub, err := fs.Sub(migrationsFS, "migrations")
	if err != nil {
		panic("innovation: embedded migrations missing: " + err.Error())
	}
	return db.Migrations{Module: "innovation", FS: sub}
}

// Auditor is the part of the audit log the module uses; *audit.Log
// implements it.
type Auditor interface {
	Record(ctx context.Context, p *auth.Principal, ev audit.Event) error
	RecordTx(ctx context.Context, tx *sql.Tx, p *auth.Principal, ev audit.Event) error
}

var _ Auditor = (*audit.Log)(nil)

// ClientRegister is the part of the client register the module uses: the
// picker to choose a participating client, and names for the lists.
// *clients.Service implements it.
type ClientRegister interface {
	Find(ctx context.Context, p *auth.Principal, req clients.PickRequest) (clients.Pick, error)
	Names(ctx context.Context, ids []int64) (map[int64]string, error)
}

var _ ClientRegister = (*clients.Service)(nil)

// UserNames names accounts (*auth.Service implements it).
type UserNames interface {
	DisplayNames(ctx context.Context, ids []int64) (map[int64]string, error)
}

// Organisations names providers and their locations and tells their
// region (*orgs.Store implements it).
type Organisations interface {
	Names(ctx context.Context, ids []int64) (map[int64]string, error)
	ByIDs(ctx context.Context, q db.Querier, ids []int64) (map[int64]orgs.Organisation, error)
	Locations(ctx context.Context, orgID int64) ([]orgs.Location, error)
}

var _ Organisations = (*orgs.Store)(nil)

// SleepNights is what the module reads from Nachtrust (DESIGN §2.3) for a
// project that chose sleep monitoring: the nights of its participating
// clients, aggregated. Modules do not import each other; the application
// adapts the sleep module to it. Per-client nights never reach the module.
type SleepNights interface {
	NightsAggregate(ctx context.Context, clientIDs []int64, from, to time.Time) (SleepAggregate, error)
}

// SleepAggregate is the nights of a group of clients over a period.
type SleepAggregate struct {
	// Clients is how many of the clients have at least one night.
	Clients int
	Nights  int
	// MeanSleepMinutes and MeanEfficiency (0..100) are over the nights
	// with a sleep period.
	MeanSleepMinutes float64
	MeanEfficiency   float64
	Weeks            []SleepWeek
}

// SleepWeek is one week of the aggregate.
type SleepWeek struct {
	Start            time.Time
	Clients          int
	Nights           int
	MeanSleepMinutes float64
	MeanEfficiency   float64
}

// Deps are what the module is built from. Renderer may be nil for
// store-only use (demo loader, tests); Sleep may be nil, and a project
// that chose sleep monitoring then says the nights are not available.
type Deps struct {
	DB            *db.DB
	Clock         db.Clock
	Audit         Auditor
	Clients       ClientRegister
	Users         UserNames
	Organisations Organisations
	Sleep         SleepNights
	Renderer      *web.Renderer
	Logger        *slog.Logger
}

// Service is the innovation module.
type Service struct {
	d      *db.DB
	store  store
	clock  db.Clock
	aud    Auditor
	reg    ClientRegister
	users  UserNames
	orgs   Organisations
	sleep  SleepNights
	rd     *web.Renderer
	logger *slog.Logger
	tmpl   map[string]*template.Template
}

// New builds the module.
func New(deps Deps) (*Service, error) {
	if deps.DB == nil || deps.Audit == nil || deps.Clients == nil || deps.Users == nil || deps.Organisations == nil {
		return nil, errors.New("innovation: database, audit log, client register, accounts and organisations are required")
	}
	if deps.Clock == nil {
		deps.Clock = db.SystemClock{}
	}
	if deps.Logger == nil {
		deps.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Service{d: deps.DB, store: store{d: deps.DB}, clock: deps.Clock, aud: deps.Audit, reg: deps.Clients, users: deps.Users,
		orgs: deps.Organisations, sleep: deps.Sleep, rd: deps.Renderer, logger: deps.Logger}
	if s.rd != nil {
		s.rd.Catalog.Add(translations())
		s.parseTemplates()
	}
	return s, nil
}

// now is the clock's time in UTC at microsecond precision, which both
// dialects keep.
func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Microsecond) }
