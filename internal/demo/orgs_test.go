package demo

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
	"github.com/volwaardig/volwaardig/internal/orgs"
)

// The demo's organisations carry well-formed codes (providers an AGB code
// and KvK number, one care office per region a UZOVI code), and every
// location lies in a real municipality of its own region, at that
// municipality's centre: before, a location was a random point near the
// region's centre named after the region ("locatie Zuid-Limburg").
func TestDemoOrganisationsAndPlaces(t *testing.T) {
	dbtest.Each(t, []db.Migrations{orgs.Migrations()}, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		l := &Loader{DB: d, Orgs: orgs.NewStore(d)}
		w := &World{Scale: Small, Users: map[auth.Role]int64{}, Duties: map[string]int64{}, HomeRegion: "ZK11", Rand: rand.New(rand.NewPCG(2026, 11))}
		if err := l.loadOrgs(ctx, w); err != nil {
			t.Fatal(err)
		}
		stored, err := l.Orgs.Organisations(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		agb := map[string]bool{}
		offices := map[string]string{}
		for _, o := range stored {
			if errs := o.CheckCodes(); errs != nil {
				t.Errorf("%s: %v", o.Name, errs)
			}
			switch o.Kind {
			case "aanbieder":
				if o.AGB == "" || o.KvK == "" || o.UZOVI != "" {
					t.Errorf("provider %s codes %q", o.Name, o.Codes())
				}
				if agb[o.AGB] {
					t.Errorf("AGB %s twice", o.AGB)
				}
				agb[o.AGB] = true
			case "zorgkantoor":
				if o.UZOVI == "" {
					t.Errorf("care office %s has no UZOVI code", o.Name)
				}
				offices[o.Region] = o.Name
			}
		}
		if len(agb) != len(w.Providers) {
			t.Errorf("%d providers with an AGB code, want %d", len(agb), len(w.Providers))
		}
		for _, r := range orgs.CareOfficeRegions() {
			if offices[r.Code] == "" {
				t.Errorf("no care office for %s", r.Label())
			}
		}
		for _, loc := range w.Locations {
			m, ok := orgs.MunicipalityByName(loc.City)
			if !ok {
				t.Errorf("location %s: %q is not a municipality", loc.Name, loc.City)
				continue
			}
			if m.Region != loc.Region {
				t.Errorf("location %s: %s lies in %s, not in %s", loc.Name, m.Name, m.Region, loc.Region)
			}
			// 0.01° of latitude is about 1.1 km.
			if math.Abs(loc.Lat-m.Lat) > 0.01 || math.Abs(loc.Lon-m.Lon) > 0.01 {
				t.Errorf("location %s at %.3f,%.3f, far from %s (%.2f,%.2f)", loc.Name, loc.Lat, loc.Lon, m.Name, m.Lat, m.Lon)
			}
		}
		if w.Locations[0].City != "Utrecht" {
			t.Errorf("the home location lies in %s, want Utrecht", w.Locations[0].City)
		}
	})
}
