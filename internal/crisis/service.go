// Package crisis is the crisis module of DESIGN §2.2: a professional
// reports a client in crisis; the crisisregisseur of the region sees the
// reports in order of urgency with the admission clock running (the care
// offices' 48-hour norm, a per-region setting) and decides a crisis
// admission (a contracted crisis bed of the region is reserved, or one of
// another region on escalation) or support by a crisis and support team
// (C.O.T.); the team records its support and may hand the client over to
// placement, while the dossierhouder stays responsible. Providers keep the
// availability of their beds and teams current; old figures show as stale.
//
// Every read and write of a client's crisis is audited with purpose
// "crisis"; professionals outside the region reach a case only through the
// client register's emergency access.
package crisis

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
	"github.com/volwaardig/volwaardig/internal/notify"
	"github.com/volwaardig/volwaardig/internal/web"
)

//go:embed migrations
var migrationsFS embed.FS

//go:embed templates
var templatesFS embed.FS

// Migrations returns the crisis module's schema. It refers to the regions,
// organisations, locations, users and clients tables, so it runs after the
// platform's migrations.
func Migrations() db.Migrations {
	sub, err := fs.Sub(migrationsFS, "migrations")
	if err != nil {
		panic("crisis: embedded migrations missing: " + err.Error())
	}
	return db.Migrations{Module: "crisis", FS: sub}
}

// PlacementHandover hands a client over to the placement module (DESIGN
// §2.1) when a crisis shows the client needs another place. Modules do not
// import each other: the application wires the placement module's
// implementation in. HandoverTx runs in the crisis module's transaction, so
// the case closes as handed over exactly when the register holds the
// client, and a refusal leaves neither written. Bad input comes back as a
// bad-input *web.Error naming the fields of the handover form.
type PlacementHandover interface {
	HandoverTx(ctx context.Context, tx *sql.Tx, p *auth.Principal, r HandoverRequest) (HandoverResult, error)
}

// HandoverRequest is what the register needs of a handed-over client.
type HandoverRequest struct {
	CaseID   int64
	ClientID int64
	Region   string
	// Profile is the Wlz zorgprofiel as typed (e.g. VG7); the placement
	// module checks it.
	Profile string
	// Urgent asks for waiting status Urgent plaatsen.
	Urgent        bool
	Dossierhouder string
	Reason        string
}

// HandoverResult is the register's answer: its reference for the case
// record, and whether the client was already in the register (whose
// search, dossierhouder and history then stay as they are).
type HandoverResult struct {
	Ref           string
	Existing      bool
	Dossierhouder string
}

// Auditor is the part of the audit log the module uses; *audit.Log
// implements it. RecordTx writes the entry in the change's transaction.
type Auditor interface {
	Record(ctx context.Context, p *auth.Principal, ev audit.Event) error
	RecordTx(ctx context.Context, tx *sql.Tx, p *auth.Principal, ev audit.Event) error
}

var _ Auditor = (*audit.Log)(nil)

// Notifier is the part of the notification service the module uses.
type Notifier interface {
	NotifyTx(ctx context.Context, tx *sql.Tx, n notify.Notification) error
	NotifyRoleTx(ctx context.Context, tx *sql.Tx, role auth.Role, scopeKind, scopeValue string, n notify.Notification) error
}

var _ Notifier = (*notify.Service)(nil)

// ClientRegister is the part of the client register the module uses: a
// crisis intake creates a client with minimal facts when the BSN is not
// known yet, a team assignment is a care relation (so the team reaches the
// record), and the policy input and emergency grants decide who may open a
// case outside their scope. *clients.Service implements it.
type ClientRegister interface {
	Create(ctx context.Context, tx *sql.Tx, nc clients.NewClient) (int64, error)
	Ref(ctx context.Context, clientID int64) (auth.ClientRef, error)
	AddCareRelation(ctx context.Context, tx *sql.Tx, c clients.CareRelation) (int64, error)
	EndCareRelation(ctx context.Context, tx *sql.Tx, id int64, at time.Time) error
	EmergencyAccesses(ctx context.Context, clientID int64) ([]clients.EmergencyAccess, error)
	// Represented is the register's one decision on whose data a client
	// or representative reads on their own pages, and on whose behalf.
	Represented(ctx context.Context, p *auth.Principal, subject clients.Subject) ([]clients.Authority, error)
	// AuthorityFor is that decision for one client: a refusal is logged
	// on the client's behalf (clients.RefuseEach).
	AuthorityFor(ctx context.Context, p *auth.Principal, clientID int64, subject clients.Subject) (clients.Authority, error)
	// Find is the client picker the report form starts with (issue 11).
	Find(ctx context.Context, p *auth.Principal, req clients.PickRequest) (clients.Pick, error)
	// Names names clients on the module's lists, so the module does not
	// read the clients table itself.
	Names(ctx context.Context, ids []int64) (map[int64]string, error)
}

var _ ClientRegister = (*clients.Service)(nil)

// Config holds the module's tunable times.
type Config struct {
	// StaleAfter is the age after which a bed's or team's availability is
	// shown as stale (default 24 h).
	StaleAfter time.Duration
	// WarnBefore is how long before a deadline everyone involved is told
	// (default 6 h).
	WarnBefore time.Duration
	// CheckEvery is the deadline job's interval (default 1 min).
	CheckEvery time.Duration
}

func (c Config) withDefaults() Config {
	if c.StaleAfter <= 0 {
		c.StaleAfter = 24 * time.Hour
	}
	if c.WarnBefore <= 0 {
		c.WarnBefore = 6 * time.Hour
	}
	if c.CheckEvery <= 0 {
		c.CheckEvery = time.Minute
	}
	return c
}

// Deps are what the module is built from. Renderer may be nil for store-only
// use (demo loader, tests); Placement may be nil, and the handover then
// says it is not available.
type Deps struct {
	DB        *db.DB
	Clock     db.Clock
	Audit     Auditor
	Notify    Notifier
	Clients   ClientRegister
	Renderer  *web.Renderer
	Placement PlacementHandover
	// Orgs tells the region a reporter works in, to preselect it; nil
	// preselects nothing for someone without a region in their scope.
	Orgs Regions
	// Users and Organisations name the reporters, deciders and bed
	// providers the pages show (the platform's accounts and organisations).
	Users         UserNames
	Organisations OrganisationNames
	Logger        *slog.Logger
	Config        Config
}

// Regions finds the care-office region of a location or organisation
// (*orgs.Store implements it).
type Regions interface {
	HomeRegion(ctx context.Context, locationID, organisationID int64) (string, error)
}

// Service is the crisis module.
type Service struct {
	d             *db.DB
	store         store
	users         UserNames
	organisations OrganisationNames
	clock         db.Clock
	aud           Auditor
	notes         Notifier
	reg           ClientRegister
	rd            *web.Renderer
	placement     PlacementHandover
	orgs          Regions
	logger        *slog.Logger
	cfg           Config
	policy        auth.Policy
	tmpl          map[string]*template.Template
}

// New builds the module.
func New(deps Deps) (*Service, error) {
	if deps.DB == nil || deps.Clients == nil || deps.Audit == nil || deps.Notify == nil || deps.Users == nil || deps.Organisations == nil {
		return nil, errors.New("crisis: database, client register, accounts, organisations, audit log and notifications are required")
	}
	if deps.Clock == nil {
		deps.Clock = db.SystemClock{}
	}
	if deps.Logger == nil {
		deps.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Service{d: deps.DB, store: store{d: deps.DB}, users: deps.Users, organisations: deps.Organisations, clock: deps.Clock, aud: deps.Audit, notes: deps.Notify, reg: deps.Clients, rd: deps.Renderer,
		placement: deps.Placement, orgs: deps.Orgs, logger: deps.Logger, cfg: deps.Config.withDefaults()}
	if s.rd != nil {
		s.rd.Catalog.Add(translations())
		s.parseTemplates()
	}
	return s, nil
}

// now is the clock's time in UTC at microsecond precision, which both
// dialects keep.
func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Microsecond) }

// HandoverAvailable reports whether a placement module is wired in.
func (s *Service) HandoverAvailable() bool { return s.placement != nil }
