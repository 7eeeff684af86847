package support

import (
	"context"
	"database/sql"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
	"github.com/volwaardig/volwaardig/internal/orgs"
	"github.com/volwaardig/volwaardig/internal/testkit"
	"github.com/volwaardig/volwaardig/internal/web"
	"github.com/volwaardig/volwaardig/internal/web/apitest"
)

// contract records the API answers of the package's test routers; after
// the tests each is checked against the OpenAPI document generated from
// the same routes (apitest).
var contract apitest.Recorder

func TestMain(m *testing.M) { os.Exit(contract.Main(m)) }

var start = time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)

func sets() []db.Migrations {
	return []db.Migrations{auth.Migrations(), orgs.Migrations(), clients.Migrations(), Migrations()}
}

type fixture struct {
	d      *db.DB
	s      *Service
	clock  *db.ManualClock
	aud    *testkit.Auditor
	reg    *clients.Service
	h      *web.Router
	client int64 // the family's client, in ZK11
	other  int64 // another client with a file of its own
	family int64 // the client's family file, started by the naaste with sup
	// otherFamily is other's file, with sup2.
	otherFamily int64

	sup, sup2, zv, prog, beheer, own, naaste, naaste2 *auth.Principal
}

func addUser(t *testing.T, d *db.DB, name, display string, role auth.Role) int64 {
	t.Helper()
	var id int64
	if err := d.QueryRowContext(context.Background(), `INSERT INTO users (username, display_name, role, organisation, created_at) VALUES ($1, $2, $3, 'Test', $4) RETURNING id`,
		name, display, string(role), start).Scan(&id); err != nil {
		t.Fatalf("add user %s: %v", name, err)
	}
	return id
}

func newFixture(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{d: d, clock: db.NewManualClock(start), aud: &testkit.Auditor{}}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	testkit.NewWorld(t, d)
	keys, err := clients.GenerateKeys()
	must(err)
	f.reg, err = clients.New(d, f.clock, f.aud, nil, keys, nil)
	must(err)
	rt := web.NewRouter()
	contract.Install(rt)
	rd := web.NewRenderer(rt, slog.New(slog.DiscardHandler))
	rd.Clock = f.clock.Now
	f.s, err = New(Deps{DB: d, Clock: f.clock, Audit: f.aud, Clients: f.reg, Accounts: testkit.Accounts(t, d, f.clock), Renderer: rd})
	must(err)
	f.s.Routes(rt)
	f.h = rt
	p := func(name, display string, role auth.Role, sc auth.Scope) *auth.Principal {
		return &auth.Principal{UserID: addUser(t, d, name, display, role), Username: name, DisplayName: display, Role: role, Scope: sc}
	}
	f.sup = p("ilse", "Ilse Mulder", auth.RoleOndersteuner, auth.Scope{Regions: []string{"ZK11"}})
	f.sup2 = p("karim", "Karim Benali", auth.RoleOndersteuner, auth.Scope{Regions: []string{"ZK02"}})
	f.zv = p("jeroen", "Jeroen Bakker", auth.RoleZorgverlener, auth.Scope{})
	f.prog = p("tom", "Tom de Boer", auth.RoleProgramma, auth.Scope{})
	f.beheer = p("beheer", "Beheerder", auth.RoleBeheerder, auth.Scope{})
	f.client, err = f.reg.Create(ctx, nil, clients.NewClient{Name: "Sanne de Vries", Region: "ZK11", CreatedBy: f.sup.UserID})
	must(err)
	f.other, err = f.reg.Create(ctx, nil, clients.NewClient{Name: "Daan Jansen", Region: "ZK02", CreatedBy: f.sup.UserID})
	must(err)
	f.own = p("sanne", "Sanne de Vries", auth.RoleClient, auth.Scope{ClientID: f.client})
	f.naaste = p("marieke", "Marieke de Vries", auth.RoleNaaste, auth.Scope{Represents: []int64{f.client}})
	f.naaste2 = p("anja", "Anja Jansen", auth.RoleNaaste, auth.Scope{Represents: []int64{f.other}})
	must(d.Tx(ctx, func(tx *sql.Tx) error {
		if err := f.reg.LinkClientAccount(ctx, tx, f.own.UserID, f.client); err != nil {
			return err
		}
		for _, r := range []clients.Representative{
			{ClientID: f.client, UserID: f.naaste.UserID, Name: "Marieke de Vries", Relation: clients.RelMentor, MayAct: true, ValidFrom: start.AddDate(-1, 0, 0), GrantedBy: f.sup.UserID, GrantedAt: start.AddDate(-1, 0, 0)},
			{ClientID: f.other, UserID: f.naaste2.UserID, Name: "Anja Jansen", Relation: clients.RelMentor, MayAct: true, ValidFrom: start.AddDate(-1, 0, 0), GrantedBy: f.sup.UserID, GrantedAt: start.AddDate(-1, 0, 0)},
		} {
			if _, err := f.reg.AddRepresentative(ctx, tx, r); err != nil {
				return err
			}
		}
		return nil
	}))
	f.family, err = f.s.Start(ctx, f.naaste, StartInput{ClientID: f.client, Pilot: string(PilotZEVMB), SupporterID: f.sup.UserID})
	must(err)
	f.otherFamily, err = f.s.Start(ctx, f.naaste2, StartInput{ClientID: f.other, Pilot: string(PilotNAH), SupporterID: f.sup2.UserID})
	must(err)
	return f
}

func each(t *testing.T, fn func(t *testing.T, f *fixture)) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) { fn(t, newFixture(t, d)) })
}

// do sends a request as p; a form body is url-encoded.
func (f *fixture) do(t *testing.T, p *auth.Principal, method, target string, form url.Values) *httptest.ResponseRecorder {
	t.Helper()
	var body *strings.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	} else {
		body = strings.NewReader("")
	}
	req := httptest.NewRequest(method, target, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
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

// events counts audit events of action (and outcome) on the family file.
func (f *fixture) events(action audit.Action, outcome audit.Outcome) int {
	return f.aud.Count(func(e audit.Event) bool {
		return e.Action == action && e.Outcome == outcome && e.Object == "family_file"
	})
}

func fieldsOf(err error) []string {
	fs, ok := web.FieldErrorsOf(err)
	if !ok {
		return nil
	}
	var out []string
	for _, x := range fs {
		out = append(out, x.Field)
	}
	return out
}

func path(id int64, rest string) string {
	return familyPath(id) + rest
}

// json sends a JSON body as p.
func (f *fixture) json(t *testing.T, p *auth.Principal, method, target, body string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req = req.WithContext(auth.WithPrincipal(req.Context(), p))
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	return rec
}
