// Package monitor is the programme monitor of DESIGN §2.7: the programme's
// action lines, projects, goals and indicators with their targets and a
// status history per period; indicators computed live from the figures
// every module offers through the module contract, or entered by hand
// with a source; a dashboard per action line; and progress reports per
// period in a standard and an easy-read version, public once published.
//
// The monitor holds no personal data: it reads aggregates only (the
// modules' figures, counts of people under 5 suppressed) and names only
// the programme staff who set a status or reviewed a text.
package monitor

import (
	"context"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"time"

	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/module"
	"github.com/volwaardig/volwaardig/internal/web"
)

//go:embed migrations
var migrationsFS embed.FS

//go:embed templates
var templatesFS embed.FS

// Migrations returns the monitor's schema. It refers to the users table,
// so it runs after the platform's migrations.
func Migrations() db.Migrations {
	sub, err := fs.Sub(migrationsFS, "migrations")
	if err != nil {
		panic("monitor: embedded migrations missing: " + err.Error())
	}
	return db.Migrations{Module: "monitor", FS: sub}
}

// ModuleFigures are one module's figures as the source read them; Err is
// set when that module could not answer (its indicators then show as not
// available, the others still work).
type ModuleFigures struct {
	Module  string
	Figures []module.Figure
	Err     error
}

// FigureSource gives the figures of every other built module at the moment
// of the call. Modules do not import each other: internal/app adapts the
// application's module list to this interface.
type FigureSource interface {
	AllFigures(ctx context.Context) []ModuleFigures
}

// UserNames names the programme staff who set a status or reviewed a text
// (*auth.Service implements it).
type UserNames interface {
	DisplayNames(ctx context.Context, ids []int64) (map[int64]string, error)
}

// Deps are what the module is built from. Renderer may be nil for
// store-only use (demo loader, tests).
type Deps struct {
	DB       *db.DB
	Clock    db.Clock
	Figures  FigureSource
	Users    UserNames
	Renderer *web.Renderer
	Logger   *slog.Logger
	// SnapshotEvery is the interval of the snapshot job (default 1 h; the
	// job keeps one reading per figure per day, the day's last).
	SnapshotEvery time.Duration
}

// Service is the monitor module.
type Service struct {
	d       *db.DB
	store   store
	clock   db.Clock
	figures FigureSource
	users   UserNames
	rd      *web.Renderer
	logger  *slog.Logger
	every   time.Duration
	tmpl    map[string]*template.Template
}

// New builds the module.
func New(deps Deps) (*Service, error) {
	if deps.DB == nil || deps.Figures == nil || deps.Users == nil {
		return nil, errors.New("monitor: database, figure source and account names are required")
	}
	if deps.Clock == nil {
		deps.Clock = db.SystemClock{}
	}
	if deps.Logger == nil {
		deps.Logger = slog.New(slog.DiscardHandler)
	}
	if deps.SnapshotEvery <= 0 {
		deps.SnapshotEvery = time.Hour
	}
	s := &Service{d: deps.DB, store: store{d: deps.DB}, clock: deps.Clock, figures: deps.Figures, users: deps.Users, rd: deps.Renderer, logger: deps.Logger, every: deps.SnapshotEvery}
	if s.rd != nil {
		s.rd.Catalog.Add(translations())
		s.parseTemplates()
	}
	return s, nil
}

// now is the clock's time in UTC at microsecond precision, which both
// dialects keep.
func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Microsecond) }

// today is the calendar day in the Netherlands.
func (s *Service) today() Day { return DayOf(s.clock.Now().In(web.Amsterdam())) }
