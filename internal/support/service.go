// Package support is the client support module of DESIGN §2.6: the
// specialised client supporter (cliëntondersteuner) of the five pilots
// (ZEVMB, autism, NAH, LVB+, relatives) keeps a caseload of families; each
// family file holds goals per life domain, a network map, an action and
// bottleneck log with the supporter's hours, and outcome measures at intake
// and follow-up. The file is the family's: the client and their naaste
// invite the supporter and, per section, other professionals, and withdraw
// them again; nobody else reads it, and every read, write, grant and
// withdrawal is audited with purpose "clientondersteuning". The programme
// sees aggregates per pilot only, with small counts suppressed, and a
// social business case calculator (Copiloot) whose cost drivers and
// attribution to the paying parties the programme configures.
package support

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"log/slog"

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

// Migrations returns the module's schema; it refers to the clients and
// users tables, so it runs after the platform's migrations.
func Migrations() db.Migrations {
	sub, err := fs.Sub(migrationsFS, "migrations")
	if err != nil {
		panic("support: embedded migrations missing: " + err.Error())
	}
	return db.Migrations{Module: "support", FS: sub}
}

// Auditor is the part of the audit log the module uses (*audit.Log).
type Auditor interface {
	Record(ctx context.Context, p *auth.Principal, ev audit.Event) error
	RecordTx(ctx context.Context, tx *sql.Tx, p *auth.Principal, ev audit.Event) error
}

var _ Auditor = (*audit.Log)(nil)

// ClientRegister is the part of the client register the module uses: the
// names of the clients on its lists, and the register's one decision on
// whose family file a client or naaste reads and manages.
// *clients.Service implements it.
type ClientRegister interface {
	Names(ctx context.Context, ids []int64) (map[int64]string, error)
	Ref(ctx context.Context, clientID int64) (auth.ClientRef, error)
	Represented(ctx context.Context, p *auth.Principal, subject clients.Subject) ([]clients.Authority, error)
	AuthorityFor(ctx context.Context, p *auth.Principal, clientID int64, subject clients.Subject) (clients.Authority, error)
	// ContactUsers are the accounts that answer for a client (the
	// client's own and the representatives who may act): the family is
	// told of its referral's progress through them.
	ContactUsers(ctx context.Context, clientID int64) ([]int64, error)
}

var _ ClientRegister = (*clients.Service)(nil)

// Accounts is the part of the account service the module uses: names of
// supporters and invited professionals, the list a family chooses a
// professional from (by name), and the demo's supporters' accounts.
// *auth.Service implements it.
type Accounts interface {
	DisplayNames(ctx context.Context, ids []int64) (map[int64]string, error)
	Users(ctx context.Context) ([]auth.User, error)
	CreateUser(ctx context.Context, nu auth.NewUser) (int64, error)
}

var _ Accounts = (*auth.Service)(nil)

// Notifier delivers in-app messages in the caller's transaction
// (*notify.Service implements it).
type Notifier interface {
	NotifyTx(ctx context.Context, tx *sql.Tx, n notify.Notification) error
}

var _ Notifier = (*notify.Service)(nil)

// Deps are what the module is built from. Renderer may be nil for
// store-only use (demo loader, tests).
type Deps struct {
	DB       *db.DB
	Clock    db.Clock
	Audit    Auditor
	Clients  ClientRegister
	Accounts Accounts
	Renderer *web.Renderer
	Logger   *slog.Logger
	// Notify delivers the supporter's messages (a referral's phase
	// changed); nil sends none.
	Notify Notifier
	// Placement takes a family's referral when the family needs a place
	// (the placement module, wired in by the application); nil means the
	// installation has no placement module and the page says so.
	Placement PlacementReferral
}

// Service is the client support module.
type Service struct {
	d        *db.DB
	store    store
	clock    db.Clock
	aud      Auditor
	reg      ClientRegister
	accounts Accounts
	rd       *web.Renderer
	logger   *slog.Logger
	tmpl     map[string]*template.Template
	place    PlacementReferral
	notes    Notifier
}

// New builds the module.
func New(deps Deps) (*Service, error) {
	if deps.DB == nil || deps.Audit == nil || deps.Clients == nil || deps.Accounts == nil {
		return nil, errors.New("support: database, audit log, client register and accounts are required")
	}
	if deps.Clock == nil {
		deps.Clock = db.SystemClock{}
	}
	if deps.Logger == nil {
		deps.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Service{d: deps.DB, store: store{d: deps.DB}, clock: deps.Clock, aud: deps.Audit, reg: deps.Clients, accounts: deps.Accounts, rd: deps.Renderer, logger: deps.Logger, place: deps.Placement, notes: deps.Notify}
	if s.rd != nil {
		s.rd.Catalog.Add(translations())
		s.parseTemplates()
	}
	return s, nil
}
