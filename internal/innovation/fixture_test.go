package innovation

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

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

var start = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func sets() []db.Migrations {
	return []db.Migrations{auth.Migrations(), orgs.Migrations(), clients.Migrations(), Migrations()}
}

// fakeSleep stands in for Nachtrust behind the module's SleepNights
// interface (the application adapts the real sleep module to it; see
// internal/app): it answers the aggregate set in agg and records the
// client ids it was asked for.
type fakeSleep struct {
	agg   SleepAggregate
	asked []int64
}

func (f *fakeSleep) NightsAggregate(_ context.Context, ids []int64, _, _ time.Time) (SleepAggregate, error) {
	f.asked = append([]int64(nil), ids...)
	return f.agg, nil
}

type fixture struct {
	d      *db.DB
	s      *Service
	clock  *db.ManualClock
	aud    *testkit.Auditor
	reg    *clients.Service
	h      http.Handler
	sleep  *fakeSleep
	org    int64 // the provider in ZK11
	org2   int64 // another provider in ZK02
	loc    int64 // a location of org
	loc2   int64 // a location of org2
	aanb   *auth.Principal
	aanb2  *auth.Principal
	zv     *auth.Principal
	raad   *auth.Principal // client council of org
	raad2  *auth.Principal // client council of org2
	naaste *auth.Principal // a relative without the duty
	prog   *auth.Principal
	tech   []int64 // three catalogue entries; tech[0] is sleep monitoring
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

func newFixture(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{d: d, clock: db.NewManualClock(start), aud: &testkit.Auditor{}, sleep: &fakeSleep{}}
	world := testkit.NewWorld(t, d)
	f.org = world.Organisation("Zorg Utrecht", "aanbieder", "ZK11")
	f.org2 = world.Organisation("Zorg Friesland", "aanbieder", "ZK02")
	f.loc = world.Location(orgs.Location{OrganisationID: f.org, Name: "De Linde", Region: "ZK11", City: "Utrecht"})
	f.loc2 = world.Location(orgs.Location{OrganisationID: f.org2, Name: "Het Wad", Region: "ZK02", City: "Leeuwarden"})
	keys, err := clients.GenerateKeys()
	if err != nil {
		t.Fatal(err)
	}
	f.reg, err = clients.New(d, f.clock, f.aud, nil, keys, nil)
	if err != nil {
		t.Fatal(err)
	}
	rt := web.NewRouter()
	contract.Install(rt)
	rd := web.NewRenderer(rt, slog.New(slog.DiscardHandler))
	rd.Clock = f.clock.Now
	users := testkit.Accounts(t, d, f.clock)
	f.s, err = New(Deps{DB: d, Clock: f.clock, Audit: f.aud, Clients: f.reg, Users: users, Organisations: orgs.NewStore(d), Sleep: f.sleep, Renderer: rd})
	if err != nil {
		t.Fatal(err)
	}
	f.s.Routes(rt)
	f.h = rt
	p := func(name string, role auth.Role, sc auth.Scope) *auth.Principal {
		return &auth.Principal{UserID: addUser(t, d, name, role), Username: name, DisplayName: "Naam " + name, Role: role, Scope: sc}
	}
	f.aanb = p("aanb", auth.RoleAanbieder, auth.Scope{Organisations: []int64{f.org}})
	f.aanb2 = p("aanb2", auth.RoleAanbieder, auth.Scope{Organisations: []int64{f.org2}})
	f.zv = p("zv", auth.RoleZorgverlener, auth.Scope{Organisations: []int64{f.org}, Locations: []int64{f.loc}})
	f.raad = p("raad", auth.RoleNaaste, auth.Scope{Organisations: []int64{f.org}, Duties: []string{auth.DutyClientCouncil}})
	f.raad2 = p("raad2", auth.RoleNaaste, auth.Scope{Organisations: []int64{f.org2}, Duties: []string{auth.DutyClientCouncil}})
	f.naaste = p("naaste", auth.RoleNaaste, auth.Scope{Organisations: []int64{f.org}})
	f.prog = p("prog", auth.RoleProgramma, auth.Scope{})
	for i, tc := range []Technology{
		{Name: "Slaapsensor", Theme: "slapen", SleepMonitor: true, PurchaseCents: 18000},
		{Name: "Matrassensor", Theme: "slapen", PurchaseCents: 45000},
		{Name: "Beeldbellen", Theme: "contact"},
	} {
		tc.Privacy, tc.Security, tc.Interop, tc.Accessibility = CheckPass, CheckPass, CheckUnknown, CheckFail
		id, err := f.s.store.insertTechnology(ctx, d, tc, 0, start)
		if err != nil {
			t.Fatalf("technology %d: %v", i, err)
		}
		f.tech = append(f.tech, id)
	}
	return f
}

func each(t *testing.T, fn func(t *testing.T, f *fixture)) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) { fn(t, newFixture(t, d)) })
}

// validInput is a complete care question.
func validInput() ProjectInput {
	return ProjectInput{Kind: KindTechnology, Title: "Rustige nachten", Theme: "slapen", ClientGroup: "Bewoners van De Linde", Question: "Minder wakker worden van rondes",
		DiffClient: "Doorslapen", DiffProfessional: "Gericht kijken", Involved: []string{"clienten", "professionals"}}
}

func (f *fixture) create(t *testing.T) int64 {
	t.Helper()
	id, err := f.s.CreateProject(context.Background(), f.aanb, validInput())
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	return id
}

// advance takes project id through the gates to phase, doing what each
// gate needs on the way.
func (f *fixture) advance(t *testing.T, id int64, to Phase) {
	t.Helper()
	ctx := context.Background()
	for {
		pr, err := f.s.store.project(ctx, f.d, id)
		if err != nil {
			t.Fatal(err)
		}
		if pr.Phase == to {
			return
		}
		switch pr.Phase {
		case PhaseReadiness:
			must(t, f.s.SaveScan(ctx, f.aanb, id, ScanInput{Organisation: ReadyYes, IT: ReadyYes, Finance: ReadyPartly, Staff: ReadyYes}))
		case PhaseExplore:
			must(t, f.s.AddCandidate(ctx, f.aanb, id, f.tech[0]))
			must(t, f.s.AddCandidate(ctx, f.aanb, id, f.tech[1]))
		case PhaseChoice:
			must(t, f.s.Choose(ctx, f.aanb, id, ChoiceInput{TechnologyID: f.tech[0], Reason: "Beste score"}))
		case PhasePlan:
			// The social route has no supplier to make a contract with.
			if pr.Kind == KindSocial {
				must(t, f.s.AddTask(ctx, f.aanb, id, TaskInput{Step: "inbedding", Title: "Werkwijze in het ondersteuningsplan", Owner: "Teamleider", Due: "01-04-2026"}))
			} else {
				must(t, f.s.AddTask(ctx, f.aanb, id, TaskInput{Step: "leverancier", Title: "Contract", Owner: "Inkoop", Due: "01-04-2026"}))
			}
			if pr.Kind == KindSocial {
				must(t, f.s.Choose(ctx, f.aanb, id, ChoiceInput{Approach: "Menukaart", Reason: "Cliënten kiezen zelf"}))
			}
		case PhaseSmall:
			must(t, f.s.AddMeasure(ctx, f.aanb, id, MeasureInput{Group: "client", Name: "Kwaliteit van leven", Baseline: "6,5", MeasuredOn: "01-03-2026"}))
		case PhaseEvaluation:
			ms, err := f.s.store.measures(ctx, id)
			if err != nil || len(ms) == 0 {
				t.Fatalf("measures: %v", err)
			}
			must(t, f.s.SetFollowUp(ctx, f.aanb, id, ms[0].ID, FollowUpInput{Value: "7,5", On: "02-03-2026"}))
		}
		if _, err := f.s.Decide(ctx, f.aanb, id, GateInput{Decision: "go", Reason: "Klaar voor de volgende stap"}); err != nil {
			t.Fatalf("go from %s: %v", pr.Phase, err)
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
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

func (f *fixture) api(t *testing.T, p *auth.Principal, method, target, body string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	req = req.WithContext(auth.WithPrincipal(req.Context(), p))
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	return rec
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

func isCode(err error, code web.Code) bool {
	var we *web.Error
	return errors.As(err, &we) && we.Code == code
}

func path(id int64, rest string) string {
	return "/innovatie/projecten/" + strconv.FormatInt(id, 10) + rest
}

var _ = sql.ErrNoRows
