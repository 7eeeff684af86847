package crisis

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
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

// recorder is the shared in-memory auditor with this package's question:
// how many events of an action had an outcome (about object, if given).
type recorder struct{ testkit.Auditor }

func (r *recorder) count(action audit.Action, outcome audit.Outcome, object string) int {
	return r.Count(func(e audit.Event) bool {
		return e.Action == action && e.Outcome == outcome && (object == "" || e.Object == object)
	})
}

// fakePlacement records handovers; fail makes it refuse, existing makes it
// answer that the client is already in the register.
type fakePlacement struct {
	mu       sync.Mutex
	calls    []HandoverRequest
	fail     error
	existing bool
}

func (f *fakePlacement) HandoverTx(_ context.Context, tx *sql.Tx, _ *auth.Principal, r HandoverRequest) (HandoverResult, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if tx == nil {
		return HandoverResult{}, errors.New("handover outside the crisis transaction")
	}
	if f.fail != nil {
		return HandoverResult{}, f.fail
	}
	f.calls = append(f.calls, r)
	return HandoverResult{Ref: "CZ-" + strconv.FormatInt(r.ClientID, 10), Existing: f.existing, Dossierhouder: r.Dossierhouder}, nil
}

type fixture struct {
	d        *db.DB
	s        *Service
	clock    *db.ManualClock
	aud      *recorder
	reg      *clients.Service
	users    *auth.Service
	h        http.Handler
	place    *fakePlacement
	org      int64 // provider in ZK11
	org2     int64 // provider in ZK02
	team1    int64 // C.O.T. Utrecht, covers ZK11
	team2    int64 // C.O.T. Friesland, covers ZK02
	bed1     int64 // ZK11, org
	bed2     int64 // ZK02, org2
	client   int64 // existing client in ZK11
	regie    *auth.Principal
	regie2   *auth.Principal // crisisregisseur of ZK02
	cot      *auth.Principal
	zv       *auth.Principal // zorgverlener outside the client's care
	aanb     *auth.Principal
	aanb2    *auth.Principal
	reporter *auth.Principal
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

func newFixture(t *testing.T, d *db.DB, placement PlacementHandover) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{d: d, clock: db.NewManualClock(start), aud: &recorder{}}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	world := testkit.NewWorld(t, d)
	f.org = world.Organisation("Zorg Utrecht", "aanbieder", "ZK11")
	f.org2 = world.Organisation("Zorg Friesland", "aanbieder", "ZK02")
	keys, err := clients.GenerateKeys()
	must(err)
	// The register audits into the same log: the report form's client
	// picker records every search (issue 11).
	f.reg, err = clients.New(d, f.clock, f.aud, nil, keys, nil)
	must(err)
	nt := notify.New(d, f.clock, notify.SMTPConfig{}, nil)
	rt := web.NewRouter()
	contract.Install(rt) // API answers are checked against the document (contract_test.go)
	rd := web.NewRenderer(rt, slog.New(slog.DiscardHandler))
	rd.Clock = f.clock.Now
	if fp, ok := placement.(*fakePlacement); ok {
		f.place = fp
	}
	f.users = testkit.Accounts(t, d, f.clock)
	f.s, err = New(Deps{DB: d, Clock: f.clock, Audit: f.aud, Notify: nt, Clients: f.reg, Users: f.users, Organisations: orgs.NewStore(d), Renderer: rd, Placement: placement, Orgs: orgs.NewStore(d)})
	must(err)
	f.s.Routes(rt)
	f.h = rt
	must(d.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if f.team1, err = f.s.CreateTeam(ctx, tx, Team{Name: "C.O.T. Utrecht", Region: "ZK11", Regions: []string{"ZK11", "ZK12"}, OrganisationID: f.org, Expertise: []string{"LVB", "autisme"}, Active: true, Available: true}); err != nil {
			return err
		}
		if f.team2, err = f.s.CreateTeam(ctx, tx, Team{Name: "C.O.T. Friesland", Region: "ZK02", OrganisationID: f.org2, Active: true, Available: true}); err != nil {
			return err
		}
		if f.bed1, err = f.s.CreateBed(ctx, tx, Bed{Region: "ZK11", OrganisationID: f.org, Name: "Bed Utrecht", Contracted: true}); err != nil {
			return err
		}
		f.bed2, err = f.s.CreateBed(ctx, tx, Bed{Region: "ZK02", OrganisationID: f.org2, Name: "Bed Friesland", Contracted: true})
		return err
	}))
	p := func(name string, role auth.Role, sc auth.Scope, scopes ...[2]string) *auth.Principal {
		return &auth.Principal{UserID: addUser(t, d, name, role, scopes...), Username: name, DisplayName: "Naam " + name, Role: role, Scope: sc}
	}
	f.regie = p("regie", auth.RoleCrisisregisseur, auth.Scope{Regions: []string{"ZK11"}}, [2]string{"region", "ZK11"})
	f.regie2 = p("regie2", auth.RoleCrisisregisseur, auth.Scope{Regions: []string{"ZK02"}}, [2]string{"region", "ZK02"})
	f.cot = p("cot", auth.RoleCOT, auth.Scope{Regions: []string{"ZK11"}, Teams: []int64{f.team1}}, [2]string{"team", strconv.FormatInt(f.team1, 10)})
	f.zv = p("zv", auth.RoleZorgverlener, auth.Scope{Organisations: []int64{f.org2}, Locations: []int64{999}})
	f.aanb = p("aanb", auth.RoleAanbieder, auth.Scope{Organisations: []int64{f.org}}, [2]string{"organisation", strconv.FormatInt(f.org, 10)})
	f.aanb2 = p("aanb2", auth.RoleAanbieder, auth.Scope{Organisations: []int64{f.org2}}, [2]string{"organisation", strconv.FormatInt(f.org2, 10)})
	f.reporter = p("melder", auth.RoleZorgverlener, auth.Scope{Organisations: []int64{f.org}, Locations: []int64{1}})
	f.client, err = f.reg.Create(ctx, nil, clients.NewClient{Name: "Bestaande Cliënt", Region: "ZK11", CreatedBy: f.regie.UserID})
	must(err)
	return f
}

// report files a valid intake as the reporter for a new client.
func (f *fixture) report(t *testing.T, name string, u Urgency) int64 {
	t.Helper()
	id, err := f.s.Report(context.Background(), f.regie, Intake{ClientName: name, Region: "ZK11", Where: "Thuis", WhatHappened: "Escalatie", Urgency: u})
	if err != nil {
		t.Fatalf("report: %v", err)
	}
	return id
}

func (f *fixture) count(t *testing.T, q string, args ...any) int {
	t.Helper()
	var n int
	if err := f.d.QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("count %q: %v", q, err)
	}
	return n
}

func (f *fixture) notes(t *testing.T, userID int64, kind string) int {
	return f.count(t, `SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND kind = $2`, userID, kind)
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

func each(t *testing.T, fn func(t *testing.T, f *fixture)) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) { fn(t, newFixture(t, d, &fakePlacement{})) })
}
