package placement

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/notify"
	"github.com/volwaardig/volwaardig/internal/orgs"
	"github.com/volwaardig/volwaardig/internal/testkit"
	"github.com/volwaardig/volwaardig/internal/web"
)

func sets() []db.Migrations {
	return []db.Migrations{auth.Migrations(), orgs.Migrations(), clients.Migrations(), Migrations()}
}

// fakeAudit is the shared in-memory auditor with this package's question:
// how many events of an action were logged for mediation.
type fakeAudit struct{ testkit.Auditor }

func (f *fakeAudit) count(action audit.Action) int {
	return f.Count(func(e audit.Event) bool { return e.Action == action && e.Purpose == audit.PurposeMediation })
}

// fakeNotify records notifications, deduplicated by key as notify does.
type fakeNotify struct {
	mu   sync.Mutex
	sent []notify.Notification
	keys map[string]bool
}

func (f *fakeNotify) add(n notify.Notification) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.keys == nil {
		f.keys = map[string]bool{}
	}
	if n.DedupeKey != "" && f.keys[n.DedupeKey] {
		return
	}
	f.keys[n.DedupeKey] = true
	f.sent = append(f.sent, n)
}

func (f *fakeNotify) NotifyTx(ctx context.Context, tx *sql.Tx, n notify.Notification) error {
	f.add(n)
	return nil
}

func (f *fakeNotify) NotifyRoleTx(ctx context.Context, tx *sql.Tx, role auth.Role, kind, value string, n notify.Notification) error {
	f.add(n)
	return nil
}

func (f *fakeNotify) kinds() []notify.Kind {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []notify.Kind
	for _, n := range f.sent {
		out = append(out, n.Kind)
	}
	return out
}

type fakeContacts map[int64][]int64

func (f fakeContacts) ContactUsers(ctx context.Context, clientID int64) ([]int64, error) {
	return f[clientID], nil
}

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// fixture is a small world: two regions, two providers with a location
// each, and clients.
type fixture struct {
	d       *db.DB
	s       *Service
	clock   *db.ManualClock
	aud     *fakeAudit
	not     *fakeNotify
	orgA    int64 // provider in ZK11
	orgB    int64 // provider in ZK16
	locA    int64
	locB    int64
	clients []int64 // clients[0..] in ZK11, last one in ZK16
	reg     *clients.Service
	zk      *auth.Principal
	prov    *auth.Principal
}

func newFixture(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{d: d, clock: db.NewManualClock(t0), aud: &fakeAudit{}, not: &fakeNotify{}}
	world := testkit.NewWorld(t, d)
	f.orgA = world.Organisation("Aanbieder A", "aanbieder", "ZK11")
	f.orgB = world.Organisation("Aanbieder B", "aanbieder", "ZK16")
	f.locA = world.Location(orgs.Location{OrganisationID: f.orgA, Name: "A1", Region: "ZK11", City: "Utrecht", Lat: 52.09, Lon: 5.12})
	f.locB = world.Location(orgs.Location{OrganisationID: f.orgB, Name: "B1", Region: "ZK16", City: "Amsterdam", Lat: 52.37, Lon: 4.90})
	for i, region := range []string{"ZK11", "ZK11", "ZK11", "ZK11", "ZK16"} {
		var id int64
		if err := d.QueryRowContext(ctx, `INSERT INTO clients (name, name_search, region, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id`,
			"Cliënt "+string(rune('A'+i)), "client", region, t0).Scan(&id); err != nil {
			t.Fatal(err)
		}
		f.clients = append(f.clients, id)
	}
	keys, err := clients.GenerateKeys()
	if err != nil {
		t.Fatal(err)
	}
	// The register audits into the same log: its client picker records
	// every search (issue 11).
	if f.reg, err = clients.New(d, f.clock, f.aud, nil, keys, nil); err != nil {
		t.Fatal(err)
	}
	// User 102 is the naaste of clients[0], authorised to act for them.
	if _, err := f.reg.AddRepresentative(ctx, nil, clients.Representative{ClientID: f.clients[0], UserID: 102, Name: "Naaste", Relation: clients.RelMentor,
		MayAct: true, ValidFrom: t0.AddDate(-1, 0, 0), GrantedBy: 1}); err != nil {
		t.Fatal(err)
	}
	if f.s, err = New(Deps{DB: d, Clock: f.clock, Audit: f.aud, Notify: f.not, Contacts: fakeContacts{f.clients[0]: {101}}, Clients: f.reg}); err != nil {
		t.Fatal(err)
	}
	f.zk = &auth.Principal{UserID: 1, Role: auth.RoleZorgkantoor, DisplayName: "ZK", Scope: auth.Scope{Regions: []string{"ZK11"}}}
	f.prov = &auth.Principal{UserID: 2, Role: auth.RoleAanbieder, DisplayName: "Prov", Scope: auth.Scope{Organisations: []int64{f.orgA}}}
	return f
}

func (f *fixture) person(i int) Person {
	region := "ZK11"
	if i == 4 {
		region = "ZK16"
	}
	return Person{ClientID: f.clients[i], Region: region, Profile: "VG7", Waiting: ActiefPlaatsen, Wzd: WzdNone, RegisteredAt: t0.AddDate(0, -2, 0),
		FamilyLat: 52.1, FamilyLon: 5.1}
}

func (f *fixture) register(t *testing.T, p Person) int64 {
	t.Helper()
	pr := f.zk
	if p.Region != "ZK11" {
		pr = &auth.Principal{UserID: 3, Role: auth.RoleZorgkantoor, Scope: auth.Scope{Regions: []string{p.Region}}}
	}
	id, err := f.s.Register(context.Background(), pr, p, true)
	if err != nil {
		t.Fatalf("register: %v", err)
	}
	return id
}

func (f *fixture) place(t *testing.T, org, loc int64, capacity int, mod func(*Place)) int64 {
	t.Helper()
	p := Place{OrganisationID: org, LocationID: loc, Name: "Plek", Kind: Maatwerkplek, Region: "ZK11", Lat: 52.09, Lon: 5.12, Capacity: capacity}
	if mod != nil {
		mod(&p)
	}
	id, err := newStore(f.d).insertPlace(context.Background(), f.d, p, t0)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func (f *fixture) phase(t *testing.T, caseID int64) Phase {
	t.Helper()
	c, err := newStore(f.d).getCase(context.Background(), f.d, caseID, "")
	if err != nil {
		t.Fatal(err)
	}
	return c.Phase
}

// server serves the module's routes with the principal injected.
func (f *fixture) server(t *testing.T) (*web.Router, func(p *auth.Principal, method, path string, form url.Values) (int, string)) {
	t.Helper()
	rt := web.NewRouter()
	contract.Install(rt) // API answers are checked against the document (contract_test.go)
	rd := web.NewRenderer(rt, slog.New(slog.DiscardHandler))
	rd.Clock = f.clock.Now
	// The module parses its pages when built with a renderer; the
	// fixture's service was built without one.
	f.s.rd = rd
	f.s.orgs = orgs.NewStore(f.d)
	f.s.parseTemplates()
	f.s.Routes(rt)
	do := func(p *auth.Principal, method, path string, form url.Values) (int, string) {
		var body io.Reader
		if form != nil {
			body = strings.NewReader(form.Encode())
		}
		req := httptest.NewRequest(method, path, body)
		if form != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		if p != nil {
			req = req.WithContext(auth.WithPrincipal(req.Context(), p))
		}
		rec := httptest.NewRecorder()
		rt.ServeHTTP(rec, req)
		return rec.Code, rec.Body.String()
	}
	return rt, do
}

var _ http.Handler = (*web.Router)(nil)

type recorder struct {
	code   int
	header http.Header
	body   strings.Builder
}

func newRecorder() *recorder { return &recorder{code: 200, header: http.Header{}} }

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }
func (r *recorder) WriteHeader(c int)           { r.code = c }
