// Package relatives is the relatives' module of DESIGN §2.5 (issue 14,
// second half): the landing page for naasten, the plan builder
// (zorgtestament / goed-leven-plan) a relative shares per section with the
// people they choose, call-backs by trained experts-by-experience and
// contact between peers, the search for respite places that providers
// publish in the complex-care module, and the quality-of-life survey of
// relatives repeated every two years with its anonymous results.
//
// A plan about a registered client is part of that client's record: only
// a representative who may act for the client makes one, every read is
// audited on the client's behalf and the plan is in the client's
// right-of-access export. A plan without a client is the relative's own
// document. The knowledge pages (/kennis, the Wegwijzer and "Wat als ik
// het niet meer kan?") belong to internal/knowledge; this module only
// links to them.
package relatives

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"github.com/volwaardig/volwaardig/internal/orgs"
	"html/template"
	"io/fs"
	"log/slog"
	"strings"
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

// Migrations returns the module's schema. It refers to the users and
// clients tables, so it runs after the platform's migrations.
func Migrations() db.Migrations {
	sub, err := fs.Sub(migrationsFS, "migrations")
	if err != nil {
		panic("relatives: embedded migrations missing: " + err.Error())
	}
	return db.Migrations{Module: "relatives", FS: sub}
}

// Auditor is the part of the audit log the module uses; *audit.Log
// implements it.
type Auditor interface {
	Record(ctx context.Context, p *auth.Principal, ev audit.Event) error
	RecordTx(ctx context.Context, tx *sql.Tx, p *auth.Principal, ev audit.Event) error
}

var _ Auditor = (*audit.Log)(nil)

// Notifier tells people in their inbox: a plan shared with them, a plan
// due for review, a call-back request for an expert.
type Notifier interface {
	NotifyTx(ctx context.Context, tx *sql.Tx, n notify.Notification) error
}

var _ Notifier = (*notify.Service)(nil)

// ClientRegister is the part of the client register the module uses: the
// one decision on what a relative may do for a client, and the clients'
// names. *clients.Service implements it.
type ClientRegister interface {
	Represented(ctx context.Context, p *auth.Principal, subject clients.Subject) ([]clients.Authority, error)
	AuthorityFor(ctx context.Context, p *auth.Principal, clientID int64, subject clients.Subject) (clients.Authority, error)
	Names(ctx context.Context, ids []int64) (map[int64]string, error)
	// Circle is the client's own account, representatives and supporters:
	// the only relatives and clients a plan about the client may be shared
	// with.
	Circle(ctx context.Context, clientID int64) ([]int64, error)
}

var _ ClientRegister = (*clients.Service)(nil)

// Accounts names accounts and finds the one a plan is shared with by its
// name (*auth.Service implements it). The module never reads the users
// table itself.
type Accounts interface {
	DisplayNames(ctx context.Context, ids []int64) (map[int64]string, error)
	Users(ctx context.Context) ([]auth.User, error)
}

var _ Accounts = (*auth.Service)(nil)

// RespitePlaces is the complex-care module's search for part-time stay
// and respite places (DESIGN §2.1 places of kind respite). Modules do not
// import each other: internal/app adapts the placement module to it. nil
// means no places module is wired, and the search says so.
type RespitePlaces interface {
	SearchRespite(ctx context.Context, q RespiteQuery) ([]RespitePlace, error)
	CountRespite(ctx context.Context) (int, error)
}

// RespiteQuery is a relative's search: region code (empty: every region),
// the dates of the stay and the care need (a zorgprofiel prefix such as
// VG, empty for any).
type RespiteQuery struct {
	Region   string
	From, To time.Time
	Need     string
	// Near is the municipality the relative lives in (zero: not chosen):
	// relatives think in municipalities, not care-office regions, so the
	// search then spans every region and each place gets its distance.
	Near orgs.Municipality
	// MaxKm bounds the distance from Near (0: no bound).
	MaxKm int
}

// RespitePlace is one place that fits a search, named for the relative.
type RespitePlace struct {
	Name         string
	Provider     string
	Location     string
	City         string
	Region       string
	Kind         string // Dutch label: deeltijdverblijf, logeeropvang, ...
	Profiles     string
	Availability string // Dutch text of when the place is open
	Phone        string // as the provider wrote it; "" = not given
	Website      string // full http(s) address; "" = not given
	// Km is the distance from the query's municipality in whole km, -1
	// when no municipality was chosen.
	Km int
}

// Tel is the place's tel: link ("" for none), as auth.TelURI makes it for
// every number the product shows to call. It is built from digits and a
// fixed prefix only, so it is marked safe for html/template (which passes
// no tel: scheme from a plain string).
func (p RespitePlace) Tel() template.URL { return template.URL(auth.TelURI(p.Phone)) }

// WebsiteName is the website as a relative reads it: without scheme and
// trailing slash ("www.dezijlen.nl").
func (p RespitePlace) WebsiteName() string {
	w := strings.TrimPrefix(strings.TrimPrefix(p.Website, "https://"), "http://")
	return strings.TrimSuffix(w, "/")
}

// Where is the place's provider and location for a relative to read:
// a location's name often starts with its provider's ("De Zijlen, locatie
// Zeist 2"), and then the provider is not said twice.
func (p RespitePlace) Where() string {
	var parts []string
	if p.Provider != "" && !strings.HasPrefix(strings.ToLower(p.Location), strings.ToLower(p.Provider)) {
		parts = append(parts, p.Provider)
	}
	for _, s := range []string{p.Location, p.City} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ", ")
}

// NeedGroup is one kind of care a respite place serves, by name, with its
// zorgprofiel codes.
type NeedGroup struct{ Label, Codes string }

// Needs names the kinds of care the place serves: the codes alone
// ("VG3, VG4") mean nothing to most relatives, so each sector is said in
// words with its codes after it. Codes of no known sector, and the text
// for every profile, stay as they are.
func (p RespitePlace) Needs() []NeedGroup {
	var out []NeedGroup
	at := map[string]int{}
	for _, code := range strings.Split(p.Profiles, ",") {
		code = strings.TrimSpace(code)
		if code == "" {
			continue
		}
		label := code
		for _, n := range Needs {
			if strings.TrimRight(code, "0123456789") == n.Value && code != n.Value {
				label = strings.TrimSuffix(n.Label, " ("+n.Value+")")
			}
		}
		if i, ok := at[label]; ok {
			out[i].Codes += ", " + code
			continue
		}
		at[label] = len(out)
		g := NeedGroup{Label: label}
		if label != code {
			g.Codes = code
		}
		out = append(out, g)
	}
	return out
}

// Config holds the module's settings.
type Config struct {
	// RemindEvery is the review-reminder job's interval (default 1 h).
	RemindEvery time.Duration
	// ReviewAfter is the default time until a plan's next review (one
	// year).
	ReviewAfter time.Duration
}

func (c Config) withDefaults() Config {
	if c.RemindEvery <= 0 {
		c.RemindEvery = time.Hour
	}
	if c.ReviewAfter <= 0 {
		c.ReviewAfter = 365 * 24 * time.Hour
	}
	return c
}

// Deps are what the module is built from. Renderer may be nil for
// store-only use; Respite may be nil.
type Deps struct {
	DB       *db.DB
	Clock    db.Clock
	Audit    Auditor
	Notify   Notifier
	Clients  ClientRegister
	Users    Accounts
	Renderer *web.Renderer
	Respite  RespitePlaces
	Logger   *slog.Logger
	Config   Config
}

// Service is the relatives module.
type Service struct {
	d       *db.DB
	store   store
	clock   db.Clock
	aud     Auditor
	notes   Notifier
	reg     ClientRegister
	users   Accounts
	rd      *web.Renderer
	respite RespitePlaces
	logger  *slog.Logger
	cfg     Config
	tmpl    map[string]*template.Template
	// rt is the router the module registered on, to link to the
	// knowledge pages only once they exist.
	rt *web.Router
}

// New builds the module.
func New(deps Deps) (*Service, error) {
	if deps.DB == nil || deps.Audit == nil || deps.Notify == nil || deps.Clients == nil || deps.Users == nil {
		return nil, errors.New("relatives: database, audit log, notifications, client register and accounts are required")
	}
	if deps.Clock == nil {
		deps.Clock = db.SystemClock{}
	}
	if deps.Logger == nil {
		deps.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Service{d: deps.DB, store: store{d: deps.DB}, clock: deps.Clock, aud: deps.Audit, notes: deps.Notify, reg: deps.Clients, users: deps.Users,
		rd: deps.Renderer, respite: deps.Respite, logger: deps.Logger, cfg: deps.Config.withDefaults()}
	if s.rd != nil {
		s.rd.Catalog.Add(translations())
		s.parseTemplates()
	}
	return s, nil
}

// now is the clock's time in UTC at microsecond precision, which both
// dialects keep.
func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Microsecond) }
