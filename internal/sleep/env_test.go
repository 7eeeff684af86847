package sleep

import (
	"context"
	"database/sql"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/keyring"
	"github.com/volwaardig/volwaardig/internal/orgs"
	"github.com/volwaardig/volwaardig/internal/web"
)

// memAudit records audit events in memory.
type memAudit struct {
	mu     sync.Mutex
	events []audit.Event
}

func (m *memAudit) Record(ctx context.Context, p *auth.Principal, ev audit.Event) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.events = append(m.events, ev)
	return nil
}

func (m *memAudit) RecordTx(ctx context.Context, tx *sql.Tx, p *auth.Principal, ev audit.Event) error {
	return m.Record(ctx, p, ev)
}

func (m *memAudit) RecordMany(ctx context.Context, p *auth.Principal, evs []audit.Event) error {
	for _, ev := range evs {
		if err := m.Record(ctx, p, ev); err != nil {
			return err
		}
	}
	return nil
}

func (m *memAudit) count(object string, outcome audit.Outcome) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, e := range m.events {
		if e.Object == object && e.Outcome == outcome {
			n++
		}
	}
	return n
}

// env is a migrated database with one provider, two locations, clients
// and the Nachtrust service on a manual clock.
type env struct {
	db       *db.DB
	clock    *db.ManualClock
	clients  *clients.Service
	aud      *memAudit
	s        *Service
	org      int64
	loc      int64
	otherLoc int64
	client   int64 // has a legal basis
	noBasis  int64 // has none
	users    map[auth.Role]int64
}

func migrations() []db.Migrations {
	return []db.Migrations{auth.Migrations(), orgs.Migrations(), audit.Migrations(), clients.Migrations(), Migrations()}
}

// newEnv builds the environment on d; withRenderer parses the templates.
func newEnv(t *testing.T, d *db.DB, withRenderer bool) *env {
	t.Helper()
	ctx := context.Background()
	e := &env{db: d, clock: db.NewManualClock(time.Date(2026, 3, 20, 9, 0, 0, 0, time.UTC)), aud: &memAudit{}, users: map[auth.Role]int64{}}
	keys, err := clients.GenerateKeys()
	if err != nil {
		t.Fatal(err)
	}
	e.clients, err = clients.New(d, e.clock, nil, nil, keys, nil)
	if err != nil {
		t.Fatal(err)
	}
	ring, err := keyring.Generate()
	if err != nil {
		t.Fatal(err)
	}
	as, err := auth.New(d, e.clock, auth.Config{DemoMode: true, Secret: []byte("0123456789abcdef0123456789abcdef"), Keys: ring}, nil)
	if err != nil {
		t.Fatal(err)
	}
	st := orgs.NewStore(d)
	err = d.Tx(ctx, func(tx *sql.Tx) error {
		if err := st.AddRegion(ctx, tx, orgs.CareOfficeRegions()[0]); err != nil {
			return err
		}
		region := orgs.CareOfficeRegions()[0].Code
		if e.org, err = st.AddOrganisation(ctx, tx, orgs.Organisation{Name: "Zorg", Kind: "aanbieder", Region: region}); err != nil {
			return err
		}
		if e.loc, err = st.AddLocation(ctx, tx, orgs.Location{OrganisationID: e.org, Name: "De Linde", Region: region}); err != nil {
			return err
		}
		e.otherLoc, err = st.AddLocation(ctx, tx, orgs.Location{OrganisationID: e.org, Name: "De Eik", Region: region})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []auth.Role{auth.RoleZorgverlener, auth.RoleAanbieder, auth.RoleNaaste} {
		sc := auth.Scope{Organisations: []int64{e.org}}
		if r == auth.RoleZorgverlener {
			sc.Locations = []int64{e.loc}
		}
		if r == auth.RoleNaaste {
			sc = auth.Scope{}
		}
		id, err := as.CreateUser(ctx, auth.NewUser{Username: string(r), DisplayName: string(r), Role: r, Password: "correct horse battery staple 42", Scope: sc})
		if err != nil {
			t.Fatal(err)
		}
		e.users[r] = id
	}
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, name := range []string{"Anna", "Bert"} {
		id, err := e.clients.Create(ctx, nil, clients.NewClient{Name: name, Region: orgs.CareOfficeRegions()[0].Code})
		if err != nil {
			t.Fatal(err)
		}
		for _, rel := range []clients.CareRelation{{ClientID: id, Kind: clients.CareOrganisation, RefID: e.org, Start: start}, {ClientID: id, Kind: clients.CareLocation, RefID: e.loc, Start: start}} {
			if _, err := e.clients.AddCareRelation(ctx, nil, rel); err != nil {
				t.Fatal(err)
			}
		}
		if i == 0 {
			e.client = id
			if _, err := e.clients.AddConsent(ctx, nil, clients.Consent{ClientID: id, Subject: clients.SubjectSleepMonitoring, Basis: clients.BasisWzd, ValidFrom: start, RecordedBy: e.users[auth.RoleZorgverlener]}); err != nil {
				t.Fatal(err)
			}
			if _, err := e.clients.AddRepresentative(ctx, nil, clients.Representative{ClientID: id, UserID: e.users[auth.RoleNaaste], Name: "Naaste", Relation: clients.RelNaaste, ValidFrom: start, GrantedBy: e.users[auth.RoleZorgverlener]}); err != nil {
				t.Fatal(err)
			}
			if _, err := e.clients.AddConsent(ctx, nil, clients.Consent{ClientID: id, Subject: clients.SubjectSleepData, RecipientKind: clients.RecipientUser, RecipientID: e.users[auth.RoleNaaste], Basis: clients.BasisClient, ValidFrom: start, RecordedBy: e.users[auth.RoleZorgverlener]}); err != nil {
				t.Fatal(err)
			}
		} else {
			e.noBasis = id
		}
	}
	var rd *web.Renderer
	if withRenderer {
		rd = web.NewRenderer(web.NewRouter(), slog.New(slog.DiscardHandler))
		rd.Clock = e.clock.Now
	}
	if e.s, err = New(Deps{DB: d, Clock: e.clock, Audit: e.aud, Clients: e.clients, Renderer: rd}); err != nil {
		t.Fatal(err)
	}
	return e
}

// principal returns the test principal of a role with its scope.
func (e *env) principal(r auth.Role) *auth.Principal {
	p := &auth.Principal{UserID: e.users[r], Username: string(r), DisplayName: "Medewerker " + string(r), Role: r}
	switch r {
	case auth.RoleZorgverlener:
		p.Scope = auth.Scope{Organisations: []int64{e.org}, Locations: []int64{e.loc}}
	case auth.RoleAanbieder:
		p.Scope = auth.Scope{Organisations: []int64{e.org}}
	case auth.RoleNaaste:
		p.Scope = auth.Scope{Represents: []int64{e.client}}
	}
	return p
}

// sensor registers a sensor at the location linked to client from
// linkStart (open-ended).
func (e *env) sensor(t *testing.T, serial, kind string, client int64, linkStart time.Time) Sensor {
	t.Helper()
	ctx := context.Background()
	id, err := e.s.CreateSensor(ctx, Sensor{Serial: serial, Kind: kind, OrganisationID: e.org, LocationID: e.loc}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if client != 0 {
		if _, err := e.s.LinkSensor(ctx, id, client, linkStart, time.Time{}, 0); err != nil {
			t.Fatal(err)
		}
	}
	sn, err := e.s.SensorByID(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return sn
}
