package app

import (
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/auth"
)

// TestNoDataAcrossScopes is the security sweep of issue 18: for every role
// with a scope, an account of that role whose scope holds nothing of the
// demo (another organisation, location, region, team; a naaste who
// represents no one; a client who is someone else) requests every object
// by id, through every page and API route with one id in its path (ids
// 1–25, and every address with an id that the demo's own account of the
// role reached by walking its pages). No answer may carry any client's
// name, whatever its status; and the programme and the administrator,
// who have no client scope at all, may not see one anywhere either.
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

	// Routes with exactly one path parameter, requested with ids 1–25.
	idRoute := regexp.MustCompile(`^[^{}]*\{[a-z_]+\}[^{}]*$`)
	var byID []string
	for _, r := range a.Router.Routes() {
		if r.Method == "GET" && idRoute.MatchString(r.Pattern) && !r.Rule.IsPublic() {
			byID = append(byID, r.Pattern)
		}
	}
	param := regexp.MustCompile(`\{[a-z_]+\}`)
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

		paths := map[string]bool{}
		for _, pattern := range byID {
			for id := 1; id <= 25; id++ {
				paths[param.ReplaceAllString(pattern, strconv.Itoa(id))] = true
			}
		}
		for path := range crawl(t, srv.URL, login(t, srv.URL, string(role)), "/", 60, "") {
			if withID.MatchString(path) {
				paths[path] = true
			}
		}
		for path := range paths {
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
