package relatives

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
	"github.com/volwaardig/volwaardig/internal/notify"
	"github.com/volwaardig/volwaardig/internal/orgs"
	"github.com/volwaardig/volwaardig/internal/testkit"
	"github.com/volwaardig/volwaardig/internal/web"
)

var start = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func sets() []db.Migrations {
	return []db.Migrations{auth.Migrations(), orgs.Migrations(), notify.Migrations(), clients.Migrations(), Migrations()}
}

// fakeRespite is the placement module's respite search as the tests need
// it: it records the query and answers the places it holds.
type fakeRespite struct {
	last   RespiteQuery
	places []RespitePlace
}

func (f *fakeRespite) SearchRespite(_ context.Context, q RespiteQuery) ([]RespitePlace, error) {
	f.last = q
	return f.places, nil
}
func (f *fakeRespite) CountRespite(context.Context) (int, error) { return len(f.places), nil }

type fixture struct {
	d       *db.DB
	s       *Service
	clock   *db.ManualClock
	aud     *testkit.Auditor
	reg     *clients.Service
	users   *auth.Service
	h       http.Handler
	respite *fakeRespite
	client  int64 // Sanne, represented by mother (may act)
	other   int64 // a client mother does not represent

	mother  *auth.Principal // naaste, mentor of client
	sister  *auth.Principal // naaste without representation
	sanne   *auth.Principal // client account of client
	mee     *auth.Principal // ondersteuner "Ilse Mulder"
	zv      *auth.Principal // zorgverlener "Jeroen Bakker"
	zv2     *auth.Principal // another zorgverlener
	expert  *auth.Principal // naaste with the expert duty
	expert2 *auth.Principal
	beheer  *auth.Principal
}

func newFixture(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	f := &fixture{d: d, clock: db.NewManualClock(start), aud: &testkit.Auditor{}, respite: &fakeRespite{}}
	world := testkit.NewWorld(t, d)
	world.Organisation("Zorg Utrecht", "aanbieder", "ZK11")
	keys, err := clients.GenerateKeys()
	must(err)
	f.reg, err = clients.New(d, f.clock, f.aud, nil, keys, nil)
	must(err)
	f.users = testkit.Accounts(t, d, f.clock)
	nt := notify.New(d, f.clock, notify.SMTPConfig{}, nil)
	rt := web.NewRouter()
	contract.Install(rt)
	rd := web.NewRenderer(rt, slog.New(slog.DiscardHandler))
	rd.Clock = f.clock.Now
	f.s, err = New(Deps{DB: d, Clock: f.clock, Audit: f.aud, Notify: nt, Clients: f.reg, Users: f.users, Renderer: rd, Respite: f.respite})
	must(err)
	f.s.Routes(rt)
	f.h = rt
	f.client, err = f.reg.Create(ctx, nil, clients.NewClient{Name: "Sanne de Vries", Region: "ZK11", CreatedBy: 0})
	must(err)
	f.other, err = f.reg.Create(ctx, nil, clients.NewClient{Name: "Piet Anders", Region: "ZK11"})
	must(err)
	user := func(username, name string, role auth.Role, sc auth.Scope) *auth.Principal {
		id, err := f.users.CreateUser(ctx, auth.NewUser{Username: username, DisplayName: name, Role: role, Password: "demo", Demo: true, Scope: sc})
		must(err)
		return &auth.Principal{UserID: id, Username: username, DisplayName: name, Role: role, Scope: sc}
	}
	f.mother = user("moeder", "Marieke de Vries", auth.RoleNaaste, auth.Scope{})
	f.mother.Scope.Represents = []int64{f.client}
	_, err = f.reg.AddRepresentative(ctx, nil, clients.Representative{ClientID: f.client, UserID: f.mother.UserID, Name: "Marieke de Vries", Relation: clients.RelMentor, MayAct: true, ValidFrom: start.AddDate(-1, 0, 0)})
	must(err)
	f.sister = user("zus", "Anna de Vries", auth.RoleNaaste, auth.Scope{})
	f.sanne = user("sanne", "Sanne de Vries", auth.RoleClient, auth.Scope{ClientID: f.client})
	must(f.reg.LinkClientAccount(ctx, nil, f.sanne.UserID, f.client))
	f.mee = user("mee", "Ilse Mulder", auth.RoleOndersteuner, auth.Scope{Regions: []string{"ZK11"}})
	f.zv = user("zv", "Jeroen Bakker", auth.RoleZorgverlener, auth.Scope{})
	f.zv2 = user("zv2", "Karin Smit", auth.RoleZorgverlener, auth.Scope{})
	f.expert = user("expert", "Gerard Willems", auth.RoleNaaste, auth.Scope{Duties: []string{auth.DutyExpertByExperience}})
	f.expert2 = user("expert2", "Hanna Kok", auth.RoleNaaste, auth.Scope{Duties: []string{auth.DutyExpertByExperience}})
	f.beheer = user("beheer", "Beheerder", auth.RoleBeheerder, auth.Scope{})
	return f
}

func each(t *testing.T, fn func(t *testing.T, f *fixture)) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) { fn(t, newFixture(t, d)) })
}

func (f *fixture) count(t *testing.T, q string, args ...any) int {
	t.Helper()
	var n int
	if err := f.d.QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("count %q: %v", q, err)
	}
	return n
}

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

func (f *fixture) doJSON(t *testing.T, p *auth.Principal, method, target, body string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if p != nil {
		req = req.WithContext(auth.WithPrincipal(req.Context(), p))
	}
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	return rec
}

func isCode(err error, code web.Code) bool {
	var we *web.Error
	return errors.As(err, &we) && we.Code == code
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

// events counts audit events of action on object with an outcome.
func (f *fixture) events(action audit.Action, outcome audit.Outcome, object string) int {
	return f.aud.Count(func(e audit.Event) bool {
		o := e.Outcome
		if o == "" {
			o = audit.OutcomeSuccess
		}
		return e.Action == action && o == outcome && e.Object == object
	})
}

// fullPlan is a valid plan input about the fixture's client.
func (f *fixture) fullPlan() PlanInput {
	return PlanInput{ClientID: f.client, Title: "Plan voor Sanne", Text: map[string]string{"netwerk": "Joost 06 22222222", "medisch": "Epilepsie; levetiracetam 500 mg", "planb": "Bel Joost"}}
}

func (f *fixture) makePlan(t *testing.T) int64 {
	t.Helper()
	id, err := f.s.CreatePlan(context.Background(), f.mother, f.fullPlan())
	if err != nil {
		t.Fatalf("create plan: %v", err)
	}
	return id
}
