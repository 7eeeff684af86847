package innovation

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/demo"
	"github.com/volwaardig/volwaardig/internal/orgs"
)

// demoWorld builds a demo world of n providers with three locations each,
// as the platform part of the demo would.
func demoWorld(t *testing.T, f *fixture, scale demo.Scale, n int) *demo.World {
	t.Helper()
	ctx := context.Background()
	st := orgs.NewStore(f.d)
	w := &demo.World{Scale: scale, HomeRegion: "ZK11", Users: map[auth.Role]int64{auth.RoleAanbieder: f.aanb.UserID}, Duties: map[string]int64{"clientenraad": f.raad.UserID},
		Rand: rand.New(rand.NewPCG(1, 2))}
	regions := orgs.CareOfficeRegions()
	for i := 0; i < n; i++ {
		r := regions[i%len(regions)].Code
		o := orgs.Organisation{Name: fmt.Sprintf("Aanbieder %d", i), Kind: "aanbieder", Region: r}
		id, err := st.AddOrganisation(ctx, f.d, o)
		if err != nil {
			t.Fatal(err)
		}
		o.ID = id
		w.Providers = append(w.Providers, o)
		for j := 0; j < 3; j++ {
			l := orgs.Location{OrganisationID: id, Name: fmt.Sprintf("Locatie %d-%d", i, j), Region: r}
			if l.ID, err = st.AddLocation(ctx, f.d, l); err != nil {
				t.Fatal(err)
			}
			w.Locations = append(w.Locations, l)
		}
	}
	w.HomeProvider, w.HomeLocation = w.Providers[0].ID, w.Locations[0].ID
	return w
}

// TestDemoProgrammeFigures: both demo scales carry the programme's numbers
// as live data: 39 organisations of which 26 continue and 13 stopped, 74
// locations and 580 clients, 36 renewal trajectories at 40
// organisations; the small scale in its world of 60 providers, where
// trajectories also go to technology organisations. (The small demo had
// only the home provider's projects: the monitor read 1 organisation
// against the letters' 26.)
func TestDemoProgrammeFigures(t *testing.T) {
	for _, c := range []struct {
		scale     demo.Scale
		providers int
	}{{demo.National, 80}, {demo.Small, 60}} {
		t.Run(string(c.scale), func(t *testing.T) {
			each(t, func(t *testing.T, f *fixture) {
				w := demoWorld(t, f, c.scale, c.providers)
				began := time.Now()
				if err := f.s.Demo().Load(context.Background(), w); err != nil {
					t.Fatal(err)
				}
				t.Logf("%s demo part loaded in %s", c.scale, time.Since(began).Round(time.Millisecond))
				fs, err := f.s.Figures(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				got := map[string]int{}
				for _, x := range fs {
					if x.Region == "" {
						got[x.Key] = x.Value
					}
				}
				want := map[string]int{"innovation.organisations_active": 26, "innovation.organisations_stopped": 13, "innovation.locations": 74, "innovation.clients": 580,
					"innovation.technologies": 58, "innovation.renewal_trajectories": 36, "innovation.renewal_organisations": 40, "innovation.projects": 42}
				for k, v := range want {
					if got[k] != v {
						t.Errorf("%s = %d, want %d", k, got[k], v)
					}
				}
			})
		})
	}
}

// TestDemoSmall: the home provider's projects are in different phases,
// one stopped, one with sleep monitoring, and every page of them renders.
func TestDemoSmall(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		w := demoWorld(t, f, demo.Small, 60)
		f.aanb.Scope.Organisations = []int64{w.HomeProvider}
		f.raad.Scope.Organisations = []int64{w.HomeProvider}
		if err := f.s.Demo().Load(context.Background(), w); err != nil {
			t.Fatal(err)
		}
		ps, err := f.s.Projects(context.Background(), f.aanb)
		if err != nil {
			t.Fatal(err)
		}
		phases := map[Phase]bool{}
		sleepProject := false
		for _, p := range ps {
			phases[p.Phase] = true
			v, err := f.s.View(context.Background(), f.aanb, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			sleepProject = sleepProject || v.Sleep != nil
			for _, who := range []*auth.Principal{f.aanb, f.raad} {
				if rec := f.do(t, who, "GET", path(p.ID, ""), nil); rec.Code != 200 {
					t.Errorf("%s GET project %d: %d", who.Username, p.ID, rec.Code)
				}
			}
		}
		if len(ps) != 5 || !phases[PhaseStopped] || len(phases) < 4 || !sleepProject {
			t.Fatalf("small demo: %d projects, phases %v, sleep %v", len(ps), phases, sleepProject)
		}
		for _, p := range []string{"/innovatie", "/innovatie/technologie", "/innovatie/themas", "/innovatie/themas/slapen", "/innovatie/cijfers", "/innovatie/gids"} {
			if rec := f.do(t, f.aanb, "GET", p, nil); rec.Code != 200 {
				t.Errorf("GET %s: %d", p, rec.Code)
			}
		}
	})
}

// TestDemoMeasuresNameTheirUnitOnce: a measure's unit is shown once, after
// its name, to the professional and to the client council alike (walked:
// "Kwaliteit van leven (cijfer) (cijfer 1-10)" on the project page, while
// the council read only "Kwaliteit van leven (cijfer)" and not the scale).
func TestDemoMeasuresNameTheirUnitOnce(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		w := demoWorld(t, f, demo.Small, 60)
		f.aanb.Scope.Organisations = []int64{w.HomeProvider}
		f.raad.Scope.Organisations = []int64{w.HomeProvider}
		if err := f.s.Demo().Load(context.Background(), w); err != nil {
			t.Fatal(err)
		}
		ps, err := f.s.Projects(context.Background(), f.aanb)
		if err != nil {
			t.Fatal(err)
		}
		measured := 0
		for _, p := range ps {
			pro := f.do(t, f.aanb, "GET", path(p.ID, ""), nil).Body.String()
			if !strings.Contains(pro, "Kwaliteit van leven") {
				continue
			}
			measured++
			if strings.Contains(pro, "(cijfer) <span") {
				t.Errorf("project %d names a unit twice", p.ID)
			}
			if !strings.Contains(pro, `Kwaliteit van leven <span class="muted">(cijfer 1-10)</span>`) {
				t.Errorf("project %d: the professional does not see the scale", p.ID)
			}
			council := f.do(t, f.raad, "GET", path(p.ID, ""), nil).Body.String()
			if !strings.Contains(council, "<strong>Kwaliteit van leven</strong> (cijfer 1-10), voor") {
				t.Errorf("project %d: the council does not see the scale", p.ID)
			}
			// Inside a sentence the group reads in small letters.
			if !strings.Contains(council, "(cijfer 1-10), voor de cliënt:") || strings.Contains(council, "voor Cliënt") {
				t.Errorf("project %d: the council's sentence names the group as a heading", p.ID)
			}
		}
		if measured == 0 {
			t.Fatal("no demo project with measurements")
		}
	})
}
