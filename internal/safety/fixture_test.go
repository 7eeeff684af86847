package safety

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"database/sql"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
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

var start = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func sets() []db.Migrations {
	return []db.Migrations{auth.Migrations(), orgs.Migrations(), clients.Migrations(), audit.Migrations(), Migrations()}
}

// fixture is the module on a real database with the real audit log, two
// providers (each with a confidential adviser), a provider account without
// the duty, a client with an account and a relative.
type fixture struct {
	d        *db.DB
	s        *Service
	clock    *db.ManualClock
	log      *audit.Log
	h        http.Handler
	rd       *web.Renderer
	org      int64 // Zorg Utrecht
	org2     int64 // Zorg Friesland
	adviser  *auth.Principal
	adviser2 *auth.Principal
	manager  *auth.Principal // aanbieder of org without the duty
	client   *auth.Principal
	relative *auth.Principal
	clientID int64
}

func addUser(t *testing.T, d *db.DB, name string, role auth.Role, scopes ...[2]string) int64 {
	t.Helper()
	var id int64
	err := d.Tx(context.Background(), func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(context.Background(), `INSERT INTO users (username, display_name, role, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
			name, "Naam "+name, string(role), start).Scan(&id); err != nil {
			return err
		}
		for _, sc := range scopes {
			if _, err := tx.ExecContext(context.Background(), `INSERT INTO user_scopes (user_id, kind, value) VALUES ($1, $2, $3)`, id, sc[0], sc[1]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("add user %s: %v", name, err)
	}
	return id
}

func newFixture(t *testing.T, d *db.DB, cfg Config) *fixture {
	t.Helper()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	f := &fixture{d: d, clock: db.NewManualClock(start)}
	world := testkit.NewWorld(t, d)
	f.org = world.Organisation("Zorg Utrecht", "aanbieder", "ZK11")
	f.org2 = world.Organisation("Zorg Friesland", "aanbieder", "ZK02")
	seed := sha256.Sum256([]byte("safety test audit key"))
	var err error
	f.log, err = audit.New(d, f.clock, audit.Config{Key: ed25519.NewKeyFromSeed(seed[:]), InstanceID: "safety-test", PendingInterval: 5 * time.Millisecond})
	must(err)
	t.Cleanup(func() { _ = f.log.Close() })
	keys, err := clients.GenerateKeys()
	must(err)
	reg, err := clients.New(d, f.clock, f.log, nil, keys, nil)
	must(err)
	rt := web.NewRouter()
	contract.Install(rt)
	rd := web.NewRenderer(rt, slog.New(slog.DiscardHandler))
	rd.Clock = f.clock.Now
	f.rd = rd
	f.s, err = New(Deps{DB: d, Clock: f.clock, Audit: f.log, Providers: orgs.NewStore(d), Users: testkit.Accounts(t, d, f.clock), Clients: reg, Renderer: rd, Config: cfg})
	must(err)
	f.s.Routes(rt)
	// As the application does, every request carries its address for the
	// audit log's source (app.go); an anonymous report must drop it.
	f.h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rt.ServeHTTP(w, r.WithContext(audit.WithSource(r.Context(), addressOf(r))))
	})
	org := func(id int64) [2]string { return [2]string{"organisation", strconv.FormatInt(id, 10)} }
	p := func(name string, role auth.Role, sc auth.Scope, scopes ...[2]string) *auth.Principal {
		return &auth.Principal{UserID: addUser(t, d, name, role, scopes...), Username: name, DisplayName: "Naam " + name, Role: role, Scope: sc}
	}
	duty := [2]string{"duty", auth.DutyConfidentialAdviser}
	f.adviser = p("vp", auth.RoleAanbieder, auth.Scope{Organisations: []int64{f.org}, Duties: []string{auth.DutyConfidentialAdviser}}, org(f.org), duty)
	f.adviser2 = p("vp2", auth.RoleAanbieder, auth.Scope{Organisations: []int64{f.org2}, Duties: []string{auth.DutyConfidentialAdviser}}, org(f.org2), duty)
	f.manager = p("manager", auth.RoleAanbieder, auth.Scope{Organisations: []int64{f.org}}, org(f.org))
	f.clientID, err = reg.Create(context.Background(), nil, clients.NewClient{Name: "Sanne Test", Region: "ZK11", CreatedBy: f.adviser.UserID})
	must(err)
	f.client = p("client", auth.RoleClient, auth.Scope{ClientID: f.clientID})
	f.relative = p("naaste", auth.RoleNaaste, auth.Scope{Represents: []int64{f.clientID}})
	return f
}

func each(t *testing.T, fn func(t *testing.T, f *fixture)) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) { fn(t, newFixture(t, d, Config{})) })
}

// post posts a form as p (nil: anonymous) from addr.
func (f *fixture) post(t *testing.T, p *auth.Principal, target string, form url.Values) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest("POST", target, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if p != nil {
		req = req.WithContext(auth.WithPrincipal(req.Context(), p))
	}
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	return rec
}

func (f *fixture) get(t *testing.T, p *auth.Principal, target string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest("GET", target, nil)
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

// report is a complete last step of the flow for a report at Zorg Utrecht.
func report(kind, group string) url.Values {
	v := url.Values{"stap": {"verhaal"}, "soort": {kind}, "situatie": {"zorg"}, "aanbieder": {"Zorg Utrecht"}, "wie": {group},
		"wat": {"Een begeleider raakt mij aan en ik wil dat niet."}, "veilig": {"ja"}, "actie": {"volgende"}}
	if kind == "melding" {
		v.Set("waar", "Op mijn kamer")
		v.Set("nog_bezig", "ja")
	}
	return v
}

// submit walks the last step and returns the status code shown.
func (f *fixture) submit(t *testing.T, p *auth.Principal, form url.Values) string {
	t.Helper()
	rec := f.post(t, p, "/meldingen", form)
	if rec.Code != 200 {
		t.Fatalf("submit: %d %s", rec.Code, rec.Body.String())
	}
	code := findCode(rec.Body.String())
	if code == "" {
		t.Fatalf("no status code shown: %s", rec.Body.String())
	}
	return code
}

// findCode finds the status code on the page (AAAA-BBBB-CCCC-DDDD).
func findCode(body string) string {
	i := strings.Index(body, `class="statuscode__code"`)
	if i < 0 {
		return ""
	}
	rest := body[i:]
	j := strings.Index(rest, "<strong>")
	k := strings.Index(rest, "</strong>")
	if j < 0 || k < j {
		return ""
	}
	return rest[j+len("<strong>") : k]
}

// reportID is the id of the only report, or of the newest.
func (f *fixture) lastReport(t *testing.T) int64 {
	t.Helper()
	var id int64
	if err := f.d.QueryRowContext(context.Background(), `SELECT MAX(id) FROM safety_reports`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// entries are the audit entries of an object code, after a sync.
type entry struct {
	UserID   int64
	ClientID int64
	ObjectID string
	Source   string
	Action   string
	Outcome  string
}

func (f *fixture) entries(t *testing.T, object string) []entry {
	t.Helper()
	if err := f.log.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	rows, err := f.d.QueryContext(context.Background(), `SELECT user_id, client_id, object_id, source, action, outcome FROM audit_accesses WHERE object_type = $1 ORDER BY id`, object)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []entry
	for rows.Next() {
		var e entry
		var client sql.NullInt64
		if err := rows.Scan(&e.UserID, &client, &e.ObjectID, &e.Source, &e.Action, &e.Outcome); err != nil {
			t.Fatal(err)
		}
		e.ClientID = client.Int64
		out = append(out, e)
	}
	return out
}

// dbtestEach is each with a module configuration.
func dbtestEach(t *testing.T, cfg Config, fn func(t *testing.T, f *fixture)) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) { fn(t, newFixture(t, d, cfg)) })
}

func (f *fixture) postJSON(t *testing.T, target, body string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest("POST", target, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	return rec
}
