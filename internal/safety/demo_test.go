package safety

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/demo"
	"github.com/volwaardig/volwaardig/internal/orgs"
	"github.com/volwaardig/volwaardig/internal/web"
)

// TestDemoSmallAndNational loads the module's demo part on both scales:
// small has the handful of reports at the home provider in different
// meldcode steps (one by a professional, one anonymous advice request with
// the demo status code); national adds thousands of reports at every
// provider, written in batches within seconds.
func TestDemoSmallAndNational(t *testing.T) {
	for _, scale := range []demo.Scale{demo.Small, demo.National} {
		t.Run(string(scale), func(t *testing.T) {
			each(t, func(t *testing.T, f *fixture) {
				w := &demo.World{Scale: scale, Users: map[auth.Role]int64{auth.RoleClient: f.client.UserID, auth.RoleNaaste: f.relative.UserID, auth.RoleZorgverlener: f.manager.UserID},
					Duties: map[string]int64{auth.DutyConfidentialAdviser: f.adviser.UserID}, HomeProvider: f.org, Rand: rand.New(rand.NewPCG(1, 2)),
					Clients: []demo.Client{{ID: f.clientID, Region: "ZK11", ProviderID: f.org}}}
				store := orgs.NewStore(f.d)
				w.Providers = append(w.Providers, orgs.Organisation{ID: f.org, Name: "Zorg Utrecht", Region: "ZK11"})
				if scale == demo.National {
					for i := 0; i < 160; i++ {
						o := orgs.Organisation{Name: fmt.Sprintf("Aanbieder %d", i), Kind: "aanbieder", Region: orgs.CareOfficeRegions()[i%31].Code}
						id, err := store.AddOrganisation(t.Context(), f.d, o)
						if err != nil {
							t.Fatal(err)
						}
						o.ID = id
						w.Providers = append(w.Providers, o)
					}
				}
				began := time.Now()
				if err := f.s.Demo().Load(t.Context(), w); err != nil {
					t.Fatal(err)
				}
				took := time.Since(began)
				home := f.count(t, `SELECT COUNT(*) FROM safety_reports WHERE provider_id = $1`, f.org)
				steps := f.count(t, `SELECT COUNT(DISTINCT report_id) FROM safety_steps`)
				pro := f.count(t, `SELECT COUNT(*) FROM safety_reports WHERE provider_id = $1 AND reporter_group = 'medewerker' AND status <> 'afgesloten'`, f.org)
				if scale == demo.Small && (home != 6 || steps != 4 || pro != 1) {
					t.Errorf("small demo: %d reports at home, %d with steps, %d open by a professional", home, steps, pro)
				}
				if _, ok, err := f.s.Lookup(t.Context(), nil, DemoStatusCode); err != nil || !ok {
					t.Errorf("the demo status code finds nothing: %v", err)
				}
				total := f.count(t, `SELECT COUNT(*) FROM safety_reports`)
				t.Logf("%s: %d reports in %v", scale, total, took)
				if scale == demo.National && (total < 600 || took > 30*time.Second) {
					t.Errorf("national demo: %d reports in %v", total, took)
				}
				rs, err := f.s.AdviserList(t.Context(), f.adviser, clientGroups)
				if err != nil || len(rs) == 0 {
					t.Errorf("the demo adviser sees no reports: %v", err)
				}
			})
		})
	}
}

// TestDemoAdviserWorksOfficeHours: the demo adviser's messages, meldcode
// steps and closings fall on weekdays between 08:00 and 18:00 Amsterdam
// time, never after the demo's now, even when the demo is loaded on a
// Sunday night (a message at 04:48 read as a night shift).
func TestDemoAdviserWorksOfficeHours(t *testing.T) {
	for _, now := range []time.Time{time.Date(2026, 12, 6, 2, 10, 0, 0, time.UTC), time.Date(2026, 7, 1, 14, 25, 0, 0, time.UTC), time.Date(2026, 3, 30, 5, 5, 0, 0, time.UTC)} {
		t.Run(now.Format("2006-01-02T15"), func(t *testing.T) { testDemoOfficeHours(t, now) })
	}
}

func testDemoOfficeHours(t *testing.T, now time.Time) {
	each(t, func(t *testing.T, f *fixture) {
		f.clock.Set(now)
		w := &demo.World{Scale: demo.Small, Users: map[auth.Role]int64{auth.RoleClient: f.client.UserID, auth.RoleNaaste: f.relative.UserID, auth.RoleZorgverlener: f.manager.UserID},
			Duties: map[string]int64{auth.DutyConfidentialAdviser: f.adviser.UserID}, HomeProvider: f.org, Rand: rand.New(rand.NewPCG(1, 2)),
			Clients: []demo.Client{{ID: f.clientID, Region: "ZK11", ProviderID: f.org}}, Providers: []orgs.Organisation{{ID: f.org, Name: "Zorg Utrecht", Region: "ZK11"}}}
		if err := f.s.Demo().Load(t.Context(), w); err != nil {
			t.Fatal(err)
		}
		var moments []time.Time
		collect := func(q string) {
			rows, err := f.d.QueryContext(t.Context(), q)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			for rows.Next() {
				var at time.Time
				if err := rows.Scan(&at); err != nil {
					t.Fatal(err)
				}
				moments = append(moments, at)
			}
		}
		collect(`SELECT created_at FROM safety_messages WHERE from_reporter = false`)
		collect(`SELECT recorded_at FROM safety_steps`)
		collect(`SELECT closed_at FROM safety_reports WHERE closed_at IS NOT NULL`)
		if len(moments) < 10 {
			t.Fatalf("only %d adviser moments in the demo", len(moments))
		}
		for _, at := range moments {
			local := at.In(web.Amsterdam())
			if wd := local.Weekday(); wd == time.Saturday || wd == time.Sunday || local.Hour() < 8 || local.Hour() >= 18 || at.After(now) {
				t.Errorf("demo now %v: the adviser acted at %s", now, local.Format("Mon 02-01-2006 15:04"))
			}
		}
	})
}
