package app

import (
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/innovation"
)

// TestNoDataAcrossScopes is the security sweep of issue 18: for every role
// with a scope, an account of that role whose scope holds nothing of the
// demo (another organisation, location, region, team; a naaste who
// represents no one; a client who is someone else) requests every object
// by id, through every page and API route with one id in its path (ids
// 1–25, and every address with an id that the demo's own account of the
// role reached by walking its pages), and by key where the key is not a
// number (every sensor by its serial, every theme and period by its
// code). No answer may carry any client's name, whatever its status; and
// the programme and the administrator, who have no client scope at all,
// may not see one anywhere either. Nor may any answer carry other data:
// it is 403 or 404 (the "403 or 404, never data"), except for the
// objects listed in unscopedObjects, which belong to no scope.
func TestNoDataAcrossScopes(t *testing.T) {
	a, srv := testApp(t, "sqlite")
	ctx := t.Context()

	var names []string
	rows, err := a.DB.QueryContext(ctx, `SELECT name FROM clients`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	rows.Close()
	if len(names) < 10 {
		t.Fatalf("only %d clients in the demo: the sweep would prove little", len(names))
	}

	// Routes with exactly one path parameter, requested with ids 1–25, or
	// with every key of the demo where the parameter is not an id.
	idRoute := regexp.MustCompile(`^[^{}]*\{[a-z_]+\}[^{}]*$`)
	var byID []string
	for _, r := range a.Router.Routes() {
		if r.Method == "GET" && idRoute.MatchString(r.Pattern) && !r.Rule.IsPublic() {
			byID = append(byID, r.Pattern)
		}
	}
	param := regexp.MustCompile(`\{[a-z_]+\}`)
	keys := map[string][]string{
		"{serial}": column(t, a, `SELECT serial FROM sleep_sensors`),
		"{code}":   column(t, a, `SELECT code FROM monitor_periods`),
	}
	for _, th := range innovation.Themes() {
		keys["{code}"] = append(keys["{code}"], th.Code)
	}
	if len(keys["{serial}"]) == 0 {
		t.Fatal("the demo has no sensors: the sweep by serial would prove nothing")
	}
	valuesFor := func(pattern string) []string {
		name := param.FindString(pattern)
		if name == "{id}" || strings.HasSuffix(name, "id}") {
			var ids []string
			for id := 1; id <= 25; id++ {
				ids = append(ids, strconv.Itoa(id))
			}
			return ids
		}
		vs, ok := keys[name]
		if !ok {
			t.Fatalf("route %s: the sweep has no keys for %s; add the demo's values of it", pattern, name)
		}
		return vs
	}
	withID := regexp.MustCompile(`/\d+(/|$|\?|\.)`)

	const noOne = 990_001 // an organisation, location, team or client that holds nothing
	foreign := map[auth.Role]auth.Scope{
		auth.RoleClient:          {ClientID: noOne},
		auth.RoleNaaste:          {},
		auth.RoleZorgverlener:    {Organisations: []int64{noOne}, Locations: []int64{noOne}},
		auth.RoleAanbieder:       {Organisations: []int64{noOne}},
		auth.RoleZorgkantoor:     {Regions: []string{"ZK99"}},
		auth.RoleCrisisregisseur: {Regions: []string{"ZK99"}},
		auth.RoleCOT:             {Regions: []string{"ZK99"}, Teams: []int64{noOne}},
		auth.RoleOndersteuner:    {Regions: []string{"ZK99"}},
		auth.RoleProgramma:       {},
		auth.RoleBeheerder:       {},
	}
	client := noRedirect()
	requests := 0
	for _, role := range auth.AllRoles() {
		scope, ok := foreign[role]
		if !ok {
			t.Fatalf("role %s has no foreign scope in this sweep: add one", role)
		}
		user := "vreemd-" + string(role)
		if _, err := a.Auth.CreateUser(ctx, auth.NewUser{Username: user, DisplayName: "Vreemde " + string(role), Role: role,
			Organisation: "Elders", Password: "demo", Demo: true, Scope: scope}); err != nil {
			t.Fatalf("create %s: %v", user, err)
		}
		cookie := login(t, srv.URL, user)

		paths := map[string]string{} // path → its route pattern ("" when found by walking)
		for _, pattern := range byID {
			for _, v := range valuesFor(pattern) {
				paths[param.ReplaceAllLiteralString(pattern, url.PathEscape(v))] = pattern
			}
		}
		for path := range crawl(t, srv.URL, login(t, srv.URL, string(role)), "/", 60, "") {
			if _, ok := paths[path]; !ok && withID.MatchString(path) {
				paths[path] = ""
			}
		}
		for path, pattern := range paths {
			req, _ := http.NewRequest("GET", srv.URL+path, nil)
			req.AddCookie(cookie)
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				t.Fatal(err)
			}
			requests++
			if resp.StatusCode >= 500 {
				t.Errorf("%s (scope elsewhere) GET %s: status %d", role, path, resp.StatusCode)
			}
			if resp.StatusCode != http.StatusForbidden && resp.StatusCode != http.StatusNotFound && !unscoped(role, pattern, path) {
				t.Errorf("%s (scope elsewhere) GET %s: status %d, want 403 or 404 for an object of another scope", role, path, resp.StatusCode)
			}
			for _, n := range names {
				if strings.Contains(string(body), n) {
					t.Errorf("%s (scope elsewhere) GET %s: status %d, the answer names client %q", role, path, resp.StatusCode, n)
					break
				}
			}
		}
	}
	t.Logf("%d requests of %d roles over %d id routes; no client's name crossed a scope", requests, len(foreign), len(byID))
}

// unscopedObjects are the routes whose objects belong to no organisation,
// region or client, by the roles that may read every one of them: the
// national technology catalogue, the programme's indicators and projects
// (aggregates for the programme and the platform's administrator), the
// themes' communities and the monitor's reports per period, and every
// account's contact details for the administrator.
var unscopedObjects = map[string]string{
	"/innovatie/technologie/{id}":           "any",
	"/innovatie/themas/{code}":              "any",
	"/monitor/indicatoren/{id}":             "programma,beheerder",
	"/api/v1/monitor/indicators/{id}":       "programma,beheerder",
	"/monitor/projecten/{id}":               "programma,beheerder",
	"/monitor/rapport/{code}":               "programma,beheerder",
	"/beheer/accounts/{id}/contactgegevens": "beheerder",
}

// unscoped reports whether role may read the object at path whatever its
// scope; a path found by walking the pages is matched against the routes
// by the router's own pattern.
func unscoped(role auth.Role, pattern, path string) bool {
	if pattern == "" {
		return false
	}
	who, ok := unscopedObjects[pattern]
	return ok && (who == "any" || slices.Contains(strings.Split(who, ","), string(role)))
}

// column reads one text column of a query's rows.
func column(t *testing.T, a *App, query string) []string {
	t.Helper()
	rows, err := a.DB.QueryContext(t.Context(), query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
