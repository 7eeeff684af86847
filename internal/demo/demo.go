// Package demo fills an empty database with a realistic Dutch data set: the
// 31 care-office regions, providers and locations, clients, and one account
// per role (DESIGN §4). Each module adds its part through a Part function so
// this package stays the one place that knows what a demo contains.
package demo

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"math/rand/v2"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/orgs"
)

// Password is the demo accounts' password (DESIGN §4).
const Password = "demo"

// Scale selects the size of the data set.
type Scale string

// The scales: small for trying the product, national for benchmarks (DESIGN
// §5: the country's numbers).
const (
	Small    Scale = "small"
	National Scale = "national"
)

// ParseScale checks a --demo-scale value.
func ParseScale(s string) (Scale, error) {
	switch Scale(s) {
	case "", Small:
		return Small, nil
	case National:
		return National, nil
	}
	return "", fmt.Errorf("unknown demo scale %q: use small or national", s)
}

// World is what the platform part of the demo created, for the modules'
// parts to build on.
type World struct {
	Scale       Scale
	Regions     []orgs.Region
	Providers   []orgs.Organisation
	CareOffices []orgs.Organisation // one per region, with its UZOVI code
	Locations   []orgs.Location
	Users       map[auth.Role]int64 // demo account id per role
	// Duties holds the demo accounts of the scoped duties of DESIGN §1,
	// by user name (e.g. "landelijketafel").
	Duties       map[string]int64
	HomeRegion   string // region of the demo professionals
	HomeProvider int64
	HomeLocation int64
	Clients      []Client
	Rand         *rand.Rand
}

// Part is one module's contribution to the demo, run after the platform part.
type Part struct {
	Name string
	Load func(ctx context.Context, w *World) error
}

// Loader loads the demo data set.
type Loader struct {
	DB      *db.DB
	Auth    *auth.Service
	Orgs    *orgs.Store
	Clients *clients.Service
	Logger  *slog.Logger
	Parts   []Part
}

// Loaded reports whether the database already holds data (any account).
func (l *Loader) Loaded(ctx context.Context) (bool, error) {
	n, err := l.Auth.Count(ctx)
	return n > 0, err
}

// Load fills an empty database. On a database that holds data it loads
// nothing and returns false.
func (l *Loader) Load(ctx context.Context, scale Scale, progress func(step string)) (bool, error) {
	if done, err := l.Loaded(ctx); err != nil || done {
		return false, err
	}
	w := &World{Scale: scale, Users: map[auth.Role]int64{}, Duties: map[string]int64{}, HomeRegion: "ZK11", Rand: rand.New(rand.NewPCG(2026, 11))}
	progress("regio's, aanbieders en locaties")
	if err := l.loadOrgs(ctx, w); err != nil {
		return false, fmt.Errorf("demo organisations: %w", err)
	}
	progress("demo-accounts")
	if err := l.loadAccounts(ctx, w); err != nil {
		return false, fmt.Errorf("demo accounts: %w", err)
	}
	progress("cliënten")
	if err := l.loadClients(ctx, w); err != nil {
		return false, fmt.Errorf("demo clients: %w", err)
	}
	for _, p := range l.Parts {
		progress(p.Name)
		if err := p.Load(ctx, w); err != nil {
			return false, fmt.Errorf("demo %s: %w", p.Name, err)
		}
	}
	return true, nil
}

var providerNames = []string{"De Zijlen", "Cordaan", "Amerpoort", "'s Heeren Loo", "Philadelphia", "Ipse de Bruggen", "Koraal", "Severinus",
	"Abrona", "Sherpa", "Esdégé-Reigersdal", "Lunet zorg", "Dichterbij", "Prisma", "Zuidwester", "Gemiva-SVG", "Pluryn", "Ons Tweede Thuis",
	"Humanitas DMH", "Reinaerde", "Zozijn", "Talant", "Estinea", "Cosis", "Visio", "Bartiméus", "Kentalis", "Middin", "ASVZ", "Triade Vitree"}

// homeCities are the municipalities of the home region the demo's first
// locations lie in, the larger ones first.
var homeCities = []string{"Utrecht", "Zeist", "Nieuwegein", "Houten", "De Bilt", "Stichtse Vecht"}

// regionMunicipalities lists each region's municipalities, the home
// region's larger ones first, so a location lies in a real place with its
// centre from the product's list instead of a point near the region's
// centre.
func regionMunicipalities(home string) map[string][]orgs.Municipality {
	out := map[string][]orgs.Municipality{}
	for _, name := range homeCities {
		if m, ok := orgs.MunicipalityByName(name); ok && m.Region == home {
			out[home] = append(out[home], m)
		}
	}
	for _, m := range orgs.Municipalities() {
		if m.Region != home {
			out[m.Region] = append(out[m.Region], m)
		}
	}
	return out
}

// Demo organisation codes: well-formed and fictional. The providers carry
// names of real organisations, so their AGB codes and KvK numbers are made
// up in a block (AGB 4199xxxx, KvK 9900xxxx) no real code is known to use,
// never their real ones. The care offices' UZOVI codes are "55" and the
// region's number: the iWlz zorgkantoor codes follow a 55xx pattern as far
// as we know, but each one is unchecked.
func demoAGB(i int) string           { return fmt.Sprintf("4199%04d", i+1) }
func demoKvK(i int) string           { return fmt.Sprintf("9900%04d", i+1) }
func demoUZOVI(region string) string { return "55" + region[len(region)-2:] }

func (l *Loader) loadOrgs(ctx context.Context, w *World) error {
	w.Regions = orgs.CareOfficeRegions()
	nProviders := 60
	if w.Scale == National {
		nProviders = 165
	}
	places := regionMunicipalities(w.HomeRegion)
	return l.DB.Tx(ctx, func(tx *sql.Tx) error {
		for i, r := range w.Regions {
			if err := l.Orgs.AddRegion(ctx, tx, r); err != nil {
				return err
			}
			o := orgs.Organisation{Name: "Zorgkantoor " + r.Name, Kind: "zorgkantoor", Region: r.Code, UZOVI: demoUZOVI(r.Code), KvK: demoKvK(9000 + i)}
			id, err := l.Orgs.AddOrganisation(ctx, tx, o)
			if err != nil {
				return err
			}
			o.ID = id
			w.CareOffices = append(w.CareOffices, o)
		}
		for i := 0; i < nProviders; i++ {
			region := w.Regions[i%len(w.Regions)]
			if i == 0 {
				region = regionByCode(w.Regions, w.HomeRegion)
			}
			name := providerNames[i%len(providerNames)]
			if i >= len(providerNames) {
				name = fmt.Sprintf("%s %s", name, region.Name)
			}
			o := orgs.Organisation{Name: name, Kind: "aanbieder", Region: region.Code, AGB: demoAGB(i), KvK: demoKvK(i)}
			id, err := l.Orgs.AddOrganisation(ctx, tx, o)
			if err != nil {
				return err
			}
			o.ID = id
			w.Providers = append(w.Providers, o)
			nLoc := 3
			if w.Scale == National {
				nLoc = 12
			}
			for j := 0; j < nLoc; j++ {
				ms := places[region.Code]
				m := ms[(i+j)%len(ms)]
				// A few hundred metres around the municipality's centre; the
				// same two draws as before, so the rest of the demo is unchanged.
				loc := orgs.Location{OrganisationID: id, Name: fmt.Sprintf("%s, locatie %s %d", name, m.Name, j+1), Region: region.Code, City: m.Name,
					Lat: m.Lat + (w.Rand.Float64()-0.5)*0.01, Lon: m.Lon + (w.Rand.Float64()-0.5)*0.015}
				lid, err := l.Orgs.AddLocation(ctx, tx, loc)
				if err != nil {
					return err
				}
				loc.ID = lid
				w.Locations = append(w.Locations, loc)
			}
		}
		w.HomeProvider = w.Providers[0].ID
		w.HomeLocation = w.Locations[0].ID
		return nil
	})
}

func regionByCode(rs []orgs.Region, code string) orgs.Region {
	for _, r := range rs {
		if r.Code == code {
			return r
		}
	}
	return rs[0]
}

// Accounts names the demo accounts for the start-up line and the README:
// one per role (the user name is the role), then the accounts of the
// scoped duties (DESIGN §4).
func Accounts() []string {
	var out []string
	for _, r := range auth.AllRoles() {
		out = append(out, string(r))
	}
	for _, d := range dutyAccounts(orgs.Organisation{}) {
		out = append(out, d.username)
	}
	return out
}

// dutyAccount is a demo account of a scoped duty: a role with a duty in its
// scope, under a user name of its own.
type dutyAccount struct {
	username string
	role     auth.Role
	name     string
	org      string
	scope    auth.Scope
}

// dutyAccounts are the demo accounts of the scoped duties this build has.
// The national table sees every region's escalated cases through its duty,
// not through a list of regions.
func dutyAccounts(home orgs.Organisation) []dutyAccount {
	return []dutyAccount{
		{username: "landelijketafel", role: auth.RoleZorgkantoor, name: "Noor Hendriks", org: "Landelijke tafel complexe zorg",
			scope: auth.Scope{Duties: []string{auth.DutyNationalTable}}},
		{username: "vertrouwenspersoon", role: auth.RoleAanbieder, name: "Esther Kok", org: home.Name,
			scope: auth.Scope{Organisations: []int64{home.ID}, Duties: []string{auth.DutyConfidentialAdviser}}},
		{username: "ervaringsdeskundige", role: auth.RoleNaaste, name: "Gerard Willems", org: "Ervaringsdeskundigen naasten",
			scope: auth.Scope{Duties: []string{auth.DutyExpertByExperience}}},
		{username: "clientenraad", role: auth.RoleNaaste, name: "Wilma Brouwer", org: "Cliëntenraad " + home.Name,
			scope: auth.Scope{Organisations: []int64{home.ID}, Duties: []string{auth.DutyClientCouncil}}},
		{username: "redacteur", role: auth.RoleBeheerder, name: "Lotte van Dam", org: "Volwaardig kennisbank",
			scope: auth.Scope{Duties: []string{auth.DutyEditor}}},
		// A second editor: under the four-eyes principle an editor never
		// publishes her own text, so the knowledge base needs two.
		{username: "eindredacteur", role: auth.RoleBeheerder, name: "Bram Hoekstra", org: "Volwaardig kennisbank",
			scope: auth.Scope{Duties: []string{auth.DutyEditor}}},
	}
}

func (l *Loader) loadAccounts(ctx context.Context, w *World) error {
	home := w.Providers[0]
	specs := []struct {
		role  auth.Role
		name  string
		org   string
		scope auth.Scope
	}{
		{auth.RoleClient, "Sanne de Vries", "", auth.Scope{}},
		{auth.RoleNaaste, "Marieke de Vries", "", auth.Scope{}},
		{auth.RoleZorgverlener, "Jeroen Bakker", home.Name, auth.Scope{Organisations: []int64{home.ID}, Locations: []int64{w.HomeLocation}}},
		{auth.RoleAanbieder, "Fatima El Amrani", home.Name, auth.Scope{Organisations: []int64{home.ID}}},
		{auth.RoleZorgkantoor, "Pieter Jansen", "Zorgkantoor Utrecht", auth.Scope{Regions: []string{w.HomeRegion}}},
		{auth.RoleCrisisregisseur, "Annelies Visser", "Crisisregie Utrecht", auth.Scope{Regions: []string{w.HomeRegion}}},
		{auth.RoleCOT, "Daan Smit", "C.O.T. Utrecht", auth.Scope{Regions: []string{w.HomeRegion}, Teams: []int64{1}}},
		{auth.RoleOndersteuner, "Ilse Mulder", "MEE Utrecht", auth.Scope{Regions: []string{w.HomeRegion}}},
		{auth.RoleProgramma, "Tom de Boer", "Ministerie van VWS", auth.Scope{}},
		{auth.RoleBeheerder, "Beheerder Volwaardig", "Volwaardig", auth.Scope{}},
	}
	// Work numbers and addresses of the professional demo accounts, so a
	// provider can call the care office from a proposal: fictional (the
	// .example domain is reserved; the numbers are made up in the
	// Utrecht area code, not real people's).
	contact := map[auth.Role][2]string{
		auth.RoleZorgkantoor:     {"030 299 0101", "p.jansen@zorgkantoor-utrecht.example"},
		auth.RoleAanbieder:       {"030 299 0202", "f.elamrani@aanbieder.example"},
		auth.RoleZorgverlener:    {"030 299 0203", "j.bakker@aanbieder.example"},
		auth.RoleCrisisregisseur: {"030 299 0301", "a.visser@crisisregie-utrecht.example"},
		auth.RoleCOT:             {"030 299 0302", "d.smit@cot-utrecht.example"},
		auth.RoleOndersteuner:    {"030 299 0401", "i.mulder@mee-utrecht.example"},
	}
	for _, s := range specs {
		id, err := l.Auth.CreateUser(ctx, auth.NewUser{Username: string(s.role), DisplayName: s.name, Role: s.role, Organisation: s.org,
			Phone: contact[s.role][0], Email: contact[s.role][1], Password: Password, Demo: true, Scope: s.scope})
		if err != nil {
			return fmt.Errorf("account %s: %w", s.role, err)
		}
		w.Users[s.role] = id
	}
	for _, d := range dutyAccounts(home) {
		id, err := l.Auth.CreateUser(ctx, auth.NewUser{Username: d.username, DisplayName: d.name, Role: d.role, Organisation: d.org,
			Password: Password, Demo: true, Scope: d.scope})
		if err != nil {
			return fmt.Errorf("account %s: %w", d.username, err)
		}
		w.Duties[d.username] = id
	}
	return nil
}
