package placement

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
	"github.com/volwaardig/volwaardig/internal/orgs"
	"github.com/volwaardig/volwaardig/internal/web"
)

// addClients adds n clients of region to the fixture's register.
func (f *fixture) addClients(t *testing.T, region string, n int) []int64 {
	t.Helper()
	var ids []int64
	for i := range n {
		var id int64
		if err := f.d.QueryRowContext(context.Background(), `INSERT INTO clients (name, name_search, region, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id`,
			"Extra "+region+string(rune('a'+i)), "extra", region, t0).Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

// The programme gets no person count from 1 to 4 from any aggregate of
// the API, and none by subtracting shown counts from a shown total (the
// regions from the country, urgent from in view, without a place from in
// view); the gap analysis asked region by region gives none either.
func TestAPIGivesProgrammeNoSmallCounts(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		rt, _ := f.server(t)
		// ZK11: 7 in view, of whom 5 urgent; ZK16: 1 in view.
		for i, id := range f.addClients(t, "ZK11", 3) {
			p := f.person(0)
			p.ClientID = id
			if i < 2 {
				p.Waiting = WachtOpVoorkeur
			}
			f.register(t, p)
		}
		for i := range 5 {
			f.register(t, f.person(i))
		}
		f.place(t, f.orgA, f.locA, 1, nil)
		prog := &auth.Principal{UserID: 103, Role: auth.RoleProgramma}
		get := func(path string) map[string]any {
			t.Helper()
			req := httptest.NewRequest("GET", path, nil)
			req = req.WithContext(auth.WithPrincipal(req.Context(), prog))
			rec := httptest.NewRecorder()
			rt.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				t.Fatalf("%s: %d %s", path, rec.Code, rec.Body)
			}
			var out map[string]any
			if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
				t.Fatal(err)
			}
			noSmall(t, path, "", out)
			return out
		}
		agg := get("/api/v1/placement/aggregates")
		total := agg["total"].(map[string]any)
		var regions []map[string]any
		for _, r := range agg["regions"].([]any) {
			regions = append(regions, r.(map[string]any))
		}
		for _, col := range []string{"InBeeld", "Urgent", "AboutToMove", "Moved", "OtherHelp", "Stopped", "Escalated"} {
			var cells []float64
			for _, r := range regions {
				cells = append(cells, num(t, r[col]))
			}
			noDifference(t, "aggregates "+col, num(t, total[col]), cells)
		}
		for _, r := range append(regions, total) {
			noDifference(t, "aggregates in view - urgent", num(t, r["InBeeld"]), []float64{num(t, r["Urgent"]), -1})
			noDifference(t, "aggregates in view - escalated", num(t, r["InBeeld"]), []float64{num(t, r["Escalated"]), -1})
		}

		country := get("/api/v1/placement/gaps")
		var people []float64
		for _, r := range orgs.CareOfficeRegions() {
			g := get("/api/v1/placement/gaps?region=" + r.Code)
			people = append(people, num(t, g["People"]))
			noDifference(t, "gaps "+r.Code+" in view - without place", num(t, g["People"]), []float64{num(t, g["WithoutPlace"]), -1})
		}
		noDifference(t, "gaps country people", num(t, country["People"]), people)
	})
}

// num reads a person count of the API: its number, or -1 for a hidden
// count ("<5", web.Count's JSON), as noDifference expects.
func num(t *testing.T, v any) float64 {
	t.Helper()
	switch x := v.(type) {
	case float64:
		return x
	case string:
		if x == web.HiddenText {
			return -1
		}
	}
	t.Fatalf("count %v is neither a number nor %q", v, web.HiddenText)
	return 0
}

// noSmall fails on any count from 1 to 4 in v; place counts (no persons)
// and the threshold itself are left out.
func noSmall(t *testing.T, path, key string, v any) {
	t.Helper()
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			noSmall(t, path, k, e)
		}
	case []any:
		for _, e := range x {
			noSmall(t, path, key, e)
		}
	case float64:
		if strings.HasPrefix(key, "Maatwerk") || strings.HasPrefix(key, "Places") || key == "small_number_threshold" {
			return
		}
		if x >= 1 && x < SmallNumber {
			t.Errorf("%s: %s = %v", path, key, x)
		}
	}
}

// noDifference fails when total minus the shown parts gives a hidden
// (-1) part away: a lone hidden part, or hidden parts that can only all
// be 1. An unpublished part is passed as -1 too, and may be 0.
func noDifference(t *testing.T, what string, total float64, parts []float64) {
	t.Helper()
	if total < 0 {
		return
	}
	rest, hidden := total, 0
	for _, p := range parts {
		if p < 0 {
			hidden++
		} else {
			rest -= p
		}
	}
	if (hidden == 1 && rest >= 1 && rest < SmallNumber) || (hidden > 1 && rest == float64(hidden)) {
		t.Errorf("%s: total %v minus the shown parts of %v gives away %v", what, total, parts, rest)
	}
}
