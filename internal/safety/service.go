// Package safety is the reporting module of DESIGN §2.8 (Meldingen): a
// client, a relative or a professional reports violence or abuse in the
// care relationship, or asks for advice, without logging in, through an
// easy-read flow at /meldingen that keeps one URL and has a quick exit on
// every page. Danger now and violence at home get routing advice only (112,
// Veilig Thuis) and nothing is stored but an anonymous count. A report in
// the care relationship goes to the confidential adviser (vertrouwenspersoon)
// of the provider it names, who handles it with the five steps of the
// meldcode and sees the provider's duty to report to the inspectorate; the
// reporter follows it with a status code that is shown once and kept only
// as a hash.
//
// Privacy: an anonymous submission is audited without user, address or
// object id; the rate limit keys on a keyed hash of the address whose key
// lives in memory and rotates; no report text reaches a log; the reads of
// a report are marked (object "safety_report") so the audit log never
// shows them to a representative, who may be the person reported.
package safety

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
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/orgs"
	"github.com/volwaardig/volwaardig/internal/web"
)

//go:embed migrations
var migrationsFS embed.FS

//go:embed templates
var templatesFS embed.FS

//go:embed assets
var assetsFS embed.FS

// Migrations returns the safety module's schema. It refers to the
// organisations, users and clients tables, so it runs after the platform's
// migrations.
func Migrations() db.Migrations {
	sub, err := fs.Sub(migrationsFS, "migrations")
	if err != nil {
		panic("safety: embedded migrations missing: " + err.Error())
	}
	return db.Migrations{Module: "safety", FS: sub}
}

// Auditor is the part of the audit log the module uses; *audit.Log
// implements it.
type Auditor interface {
	Record(ctx context.Context, p *auth.Principal, ev audit.Event) error
	RecordTx(ctx context.Context, tx *sql.Tx, p *auth.Principal, ev audit.Event) error
}

var _ Auditor = (*audit.Log)(nil)

// Providers lists and names the care providers a report can be about
// (*orgs.Store implements it): the reporter chooses one by its name.
type Providers interface {
	Organisations(ctx context.Context, kind string) ([]orgs.Organisation, error)
	Names(ctx context.Context, ids []int64) (map[int64]string, error)
}

// UserNames names accounts (*auth.Service implements it).
type UserNames interface {
	DisplayNames(ctx context.Context, ids []int64) (map[int64]string, error)
}

// ClientNames names clients (*clients.Service implements it), for the
// confidential adviser's view of a report made by a logged-in client.
type ClientNames interface {
	Names(ctx context.Context, ids []int64) (map[int64]string, error)
}

// Config holds the module's tunable limits.
type Config struct {
	// MaxReports is how many reports one address may store per window
	// (default 5); over it the reporter still sees the routing advice.
	MaxReports int
	// MaxLookups is how many wrong status codes one address may try per
	// window (default 10).
	MaxLookups int
	// Window is the rate limit's window and the lifetime of the key that
	// hashes addresses (default 1 h).
	Window time.Duration
	// ExitURL is where the quick exit goes (default a search engine's
	// front page: neutral, and common on a shared computer).
	ExitURL string
}

func (c Config) withDefaults() Config {
	if c.MaxReports <= 0 {
		c.MaxReports = 5
	}
	if c.MaxLookups <= 0 {
		c.MaxLookups = 10
	}
	if c.Window <= 0 {
		c.Window = time.Hour
	}
	if c.ExitURL == "" {
		c.ExitURL = "https://www.google.nl/"
	}
	return c
}

// Deps are what the module is built from. Renderer may be nil for
// store-only use (demo loader, tests).
type Deps struct {
	DB        *db.DB
	Clock     db.Clock
	Audit     Auditor
	Providers Providers
	Users     UserNames
	Clients   ClientNames
	Renderer  *web.Renderer
	Logger    *slog.Logger
	Config    Config
}

// Service is the safety module.
type Service struct {
	d         *db.DB
	store     store
	clock     db.Clock
	aud       Auditor
	providers Providers
	users     UserNames
	clients   ClientNames
	rd        *web.Renderer
	logger    *slog.Logger
	cfg       Config
	limit     *limiter
	tmpl      map[string]*template.Template
}

// New builds the module.
func New(deps Deps) (*Service, error) {
	if deps.DB == nil || deps.Audit == nil || deps.Providers == nil || deps.Users == nil || deps.Clients == nil {
		return nil, errors.New("safety: database, audit log, providers, accounts and client names are required")
	}
	if deps.Clock == nil {
		deps.Clock = db.SystemClock{}
	}
	if deps.Logger == nil {
		deps.Logger = slog.New(slog.DiscardHandler)
	}
	cfg := deps.Config.withDefaults()
	s := &Service{d: deps.DB, store: store{d: deps.DB}, clock: deps.Clock, aud: deps.Audit, providers: deps.Providers, users: deps.Users,
		clients: deps.Clients, rd: deps.Renderer, logger: deps.Logger, cfg: cfg, limit: newLimiter(deps.Clock, cfg.Window)}
	if s.rd != nil {
		s.rd.Catalog.Add(translations())
		s.parseTemplates()
	}
	return s, nil
}

// now is the clock's time in UTC at microsecond precision, which both
// dialects keep.
func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Microsecond) }
