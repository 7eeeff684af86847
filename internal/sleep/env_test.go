package sleep

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/keyring"
	"github.com/volwaardig/volwaardig/internal/orgs"
	"github.com/volwaardig/volwaardig/internal/testkit"
	"github.com/volwaardig/volwaardig/internal/web"
)

// memAudit is the shared in-memory auditor with this package's question:
// how many events about an object had an outcome ("" is success).
type memAudit struct{ testkit.Auditor }

func (m *memAudit) count(object string, outcome audit.Outcome) int {
	return m.Count(func(e audit.Event) bool { return e.Object == object && e.Outcome == outcome })
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
	// The register audits into the same log: the link form's client
	// picker records every search (issue 11).
	e.clients, err = clients.New(d, e.clock, e.aud, nil, keys, nil)
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
	world := testkit.NewWorld(t, d)
	region := orgs.CareOfficeRegions()[0].Code
	e.org = world.Organisation("Zorg", "aanbieder", region)
	e.loc = world.Location(orgs.Location{OrganisationID: e.org, Name: "De Linde", Region: region})
	e.otherLoc = world.Location(orgs.Location{OrganisationID: e.org, Name: "De Eik", Region: region})
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
