package monitor

import (
	"context"
	"database/sql"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
	"github.com/volwaardig/volwaardig/internal/module"
	"github.com/volwaardig/volwaardig/internal/orgs"
	"github.com/volwaardig/volwaardig/internal/testkit"
	"github.com/volwaardig/volwaardig/internal/web"
	"github.com/volwaardig/volwaardig/internal/web/apitest"
)

// contract records the API answers of the package's test routers and
// checks them against the generated OpenAPI document after the tests.
var contract apitest.Recorder

func TestMain(m *testing.M) { os.Exit(contract.Main(m)) }

var start = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func sets() []db.Migrations {
	return []db.Migrations{auth.Migrations(), orgs.Migrations(), Migrations()}
}

// figureTable stands in for the other modules in this package's tests: a
// settable table of figures per module (the real modules are wired and
// tested through internal/app). fail makes a module's Figures fail.
type figureTable struct {
	mu      sync.Mutex
	modules map[string][]module.Figure
	fail    map[string]bool
}

func (f *figureTable) AllFigures(context.Context) []ModuleFigures {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []ModuleFigures
	for name, fs := range f.modules {
		mf := ModuleFigures{Module: name, Figures: append([]module.Figure(nil), fs...)}
		if f.fail[name] {
			mf.Err = context.DeadlineExceeded
		}
		out = append(out, mf)
	}
	return out
}

func (f *figureTable) set(mod string, fs ...module.Figure) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.modules[mod] = fs
}

type fixture struct {
	d      *db.DB
	s      *Service
	clock  *db.ManualClock
	figs   *figureTable
	h      http.Handler
	prog   *auth.Principal
	admin  *auth.Principal
	period int64
	goal   int64
}

func addUser(t *testing.T, d *db.DB, name string, role auth.Role) *auth.Principal {
	t.Helper()
	var id int64
	if err := d.QueryRowContext(context.Background(), `INSERT INTO users (username, display_name, role, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
		name, "Naam "+name, string(role), start).Scan(&id); err != nil {
		t.Fatalf("add user %s: %v", name, err)
	}
	return &auth.Principal{UserID: id, Username: name, DisplayName: "Naam " + name, Role: role}
}

func newFixture(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{d: d, clock: db.NewManualClock(start), figs: &figureTable{modules: map[string][]module.Figure{}, fail: map[string]bool{}}}
	f.figs.set("crisis",
		module.Figure{Key: "crisis.teams", Label: "Actieve C.O.T.'s", Unit: "teams", Value: 3},
		module.Figure{Key: "crisis.open", Label: "Crises die nu lopen", Unit: "meldingen", Value: 3, Persons: true},
		module.Figure{Key: "crisis.open", Label: "Crises die nu lopen", Unit: "meldingen", Value: 2, Persons: true, Region: "ZK11"})
	f.figs.set("placement", module.Figure{Key: "placement.maatwerkplekken", Label: "Maatwerkplekken", Unit: "plekken", Value: 12})
	rt := web.NewRouter()
	contract.Install(rt)
	rd := web.NewRenderer(rt, slog.New(slog.DiscardHandler))
	rd.Clock = f.clock.Now
	var err error
	f.s, err = New(Deps{DB: d, Clock: f.clock, Figures: f.figs, Users: testkit.Accounts(t, d, f.clock), Renderer: rd})
	if err != nil {
		t.Fatal(err)
	}
	f.s.Routes(rt)
	f.h = rt
	f.prog = addUser(t, d, "prog", auth.RoleProgramma)
	f.admin = addUser(t, d, "beheer", auth.RoleBeheerder)
	if f.period, err = f.s.CreatePeriod(ctx, PeriodInput{Code: "2026", Name: "2026", Starts: "01-01-2026", Ends: "31-12-2026"}); err != nil {
		t.Fatal(err)
	}
	err = d.Tx(ctx, func(tx *sql.Tx) error {
		lid, err := f.s.store.insertActionLine(ctx, tx, ActionLine{Position: 1, Name: "Actielijn complexe zorg"})
		if err != nil {
			return err
		}
		pid, err := f.s.store.insertProject(ctx, tx, Project{ActionLineID: lid, Name: "Maatwerkplekken", Evaluation: "nee", Continues: "onbekend"})
		if err != nil {
			return err
		}
		f.goal, err = f.s.store.insertGoal(ctx, tx, Goal{ProjectID: pid, Name: "Passende plekken"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fixture) count(t *testing.T, table string) int {
	t.Helper()
	n, err := f.s.store.countRows(context.Background(), table)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func (f *fixture) do(t *testing.T, p *auth.Principal, method, target, body, contentType string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if p != nil {
		req = req.WithContext(auth.WithPrincipal(req.Context(), p))
	}
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	return rec
}

func fields(err error) []string {
	fs, ok := web.FieldErrorsOf(err)
	if !ok {
		return nil
	}
	var out []string
	for _, f := range fs {
		out = append(out, f.Field)
	}
	return out
}

func each(t *testing.T, fn func(t *testing.T, f *fixture)) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) { fn(t, newFixture(t, d)) })
}
