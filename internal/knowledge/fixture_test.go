package knowledge

import (
	"context"
	"database/sql"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
	"github.com/volwaardig/volwaardig/internal/demo"
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
	return []db.Migrations{auth.Migrations(), orgs.Migrations(), clients.Migrations(), Migrations()}
}

type fixture struct {
	d      *db.DB
	s      *Service
	clock  *db.ManualClock
	aud    *testkit.Auditor
	reg    *clients.Service
	h      http.Handler
	editor *auth.Principal
	// editor2 is a second editor: the four-eyes principle has her publish
	// what editor wrote.
	editor2 *auth.Principal
	admin   *auth.Principal // beheerder without the redacteur duty
}

func addUser(t *testing.T, d *db.DB, name string, role auth.Role) int64 {
	t.Helper()
	var id int64
	if err := d.QueryRowContext(context.Background(), `INSERT INTO users (username, display_name, role, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
		name, "Naam "+name, string(role), start).Scan(&id); err != nil {
		t.Fatalf("add user %s: %v", name, err)
	}
	return id
}

// newFixture builds the module on d; with content, the demo content is
// loaded as the editor.
func newFixture(t *testing.T, d *db.DB, content bool) *fixture {
	t.Helper()
	f := &fixture{d: d, clock: db.NewManualClock(start), aud: &testkit.Auditor{}}
	keys, err := clients.GenerateKeys()
	if err != nil {
		t.Fatal(err)
	}
	if f.reg, err = clients.New(d, f.clock, f.aud, nil, keys, nil); err != nil {
		t.Fatal(err)
	}
	rt := web.NewRouter()
	contract.Install(rt)
	rd := web.NewRenderer(rt, slog.New(slog.DiscardHandler))
	rd.Clock = f.clock.Now
	users := testkit.Accounts(t, d, f.clock)
	if f.s, err = New(Deps{DB: d, Clock: f.clock, Audit: f.aud, Clients: f.reg, Users: users, Renderer: rd}); err != nil {
		t.Fatal(err)
	}
	f.s.Routes(rt)
	f.h = rt
	f.editor = &auth.Principal{UserID: addUser(t, d, "redacteur", auth.RoleBeheerder), Username: "redacteur", Role: auth.RoleBeheerder, Scope: auth.Scope{Duties: []string{auth.DutyEditor}}}
	f.editor2 = &auth.Principal{UserID: addUser(t, d, "eindredacteur", auth.RoleBeheerder), Username: "eindredacteur", Role: auth.RoleBeheerder, Scope: auth.Scope{Duties: []string{auth.DutyEditor}}}
	f.admin = &auth.Principal{UserID: addUser(t, d, "beheerder", auth.RoleBeheerder), Username: "beheerder", Role: auth.RoleBeheerder}
	if content {
		w := &demo.World{Scale: demo.Small, Users: map[auth.Role]int64{}, Duties: map[string]int64{"redacteur": f.editor.UserID}, Rand: rand.New(rand.NewPCG(1, 2))}
		if err := f.s.loadDemo(context.Background(), w); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

func each(t *testing.T, content bool, fn func(t *testing.T, f *fixture)) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) { fn(t, newFixture(t, d, content)) })
}

const formType = "application/x-www-form-urlencoded"

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

func (f *fixture) count(t *testing.T, q string, args ...any) int {
	t.Helper()
	var n int
	if err := f.d.QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("count %q: %v", q, err)
	}
	return n
}

func fieldsOf(err error) []string {
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

var _ = sql.ErrNoRows
