package app

import (
	"io"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/auth"
)

// expectedAccess is the explicit access table: every registered route and
// which roles may pass its rule. "public" admits anonymous visitors, "any"
// every logged-in role; otherwise a comma-separated list of roles
// (prefixed by "devices+" when device tokens pass). A route missing here,
// or an entry for a route that no longer exists, fails the test: adding a
// route means deciding who may use it.
var expectedAccess = map[string]string{
	"GET /meldingen-inbox":                          "any",
	"POST /meldingen-inbox/{id}/gelezen":            "any",
	"POST /meldingen-inbox/alles-gelezen":           "any",
	"GET /api/v1/notifications":                     "any",
	"POST /api/v1/notifications/{id}/read":          "any",
	"POST /api/v1/notifications/read-all":           "any",
	"GET /healthz":                                  "public",
	"GET /readyz":                                   "public",
	"GET /metrics":                                  "public",
	"GET /api/v1/openapi.json":                      "public",
	"GET /{$}":                                      "public",
	"GET /":                                         "public",
	"GET /privacy":                                  "public",
	"GET /favicon.ico":                              "public",
	"GET /mijn":                                     "client",
	"GET /toegankelijkheid":                         "public",
	"GET /voorkeur/taal":                            "public",
	"GET /voorkeur/eenvoudig":                       "public",
	"GET /static/":                                  "public",
	"GET /login":                                    "public",
	"GET /inloggen":                                 "public",
	"POST /login":                                   "public",
	"POST /inloggen":                                "public",
	"GET /login/code":                               "public",
	"POST /login/code":                              "public",
	"GET /login/instellen":                          "public",
	"POST /login/instellen":                         "public",
	"POST /logout":                                  "public",
	"GET /account":                                  "any",
	"POST /account/overal-uitloggen":                "any",
	"POST /account/apparaten/{id}/vergeten":         "any",
	"POST /account/wachtwoord":                      "any",
	"POST /account/contactgegevens":                 "any",
	"GET /account/tweede-factor":                    "any",
	"POST /account/tweede-factor":                   "any",
	"POST /account/tweede-factor/uitzetten":         "any",
	"GET /mijn/inzage":                              "client,naaste",
	"GET /api/v1/clients/me/accesses":               "client,naaste",
	"GET /beheer/noodtoegang":                       "aanbieder,beheerder",
	"POST /beheer/noodtoegang/{event}/beoordeling":  "aanbieder,beheerder",
	"GET /beheer/accounts":                          "beheerder",
	"GET /beheer/accounts/nieuw":                    "beheerder",
	"POST /beheer/accounts/nieuw":                   "beheerder",
	"GET /beheer/accounts/{id}/contactgegevens":     "beheerder",
	"POST /beheer/accounts/{id}/contactgegevens":    "beheerder",
	"POST /beheer/accounts/{id}/sessies-beeindigen": "beheerder",
	"POST /beheer/accounts/{id}/blokkeren":          "beheerder",
	"POST /beheer/accounts/{id}/deblokkeren":        "beheerder",
}

// allExpected merges the platform table with the tables each module keeps
// beside its own code (module.Module.RouteAccess).
func allExpected(a *App) map[string]string {
	all := map[string]string{}
	tables := []map[string]string{expectedAccess, clientsAccess}
	for _, m := range a.Modules() {
		tables = append(tables, m.RouteAccess())
	}
	for _, m := range tables {
		for k, v := range m {
			all[k] = v
		}
	}
	return all
}

func describeRule(r auth.Rule) string {
	if r.IsPublic() {
		return "public"
	}
	var roles []string
	for _, role := range auth.AllRoles() {
		if r.AllowsRole(role) {
			roles = append(roles, string(role))
		}
	}
	if len(roles) == len(auth.AllRoles()) && !r.AllowsDevices() {
		return "any"
	}
	s := strings.Join(roles, ",")
	if r.AllowsDevices() {
		s = "devices+" + s
	}
	if r.Duty() != "" {
		s += " with duty " + r.Duty()
	}
	return s
}

// TestRouteRoleTable compares every registered route's rule with the
// explicit table, for every role.
func TestRouteRoleTable(t *testing.T) {
	a, _ := testApp(t, "sqlite")
	expectedAccess := allExpected(a)
	seen := map[string]bool{}
	for _, r := range a.Router.Routes() {
		key := r.Method + " " + r.Pattern
		if seen[key] {
			t.Errorf("route %s registered twice", key)
		}
		seen[key] = true
		want, ok := expectedAccess[key]
		if !ok {
			t.Errorf("route %s (rule %s) is missing from expectedAccess: decide who may use it", key, describeRule(r.Rule))
			continue
		}
		if got := describeRule(r.Rule); got != want {
			t.Errorf("route %s: rule admits %q, table expects %q", key, got, want)
		}
	}
	var stale []string
	for k := range expectedAccess {
		if !seen[k] {
			stale = append(stale, k)
		}
	}
	sort.Strings(stale)
	for _, k := range stale {
		t.Errorf("expectedAccess lists %s but no such route is registered", k)
	}
}

// TestRouteEnforcement logs in as every demo role and requests every GET
// route without path parameters: a role outside the table gets 403, an
// anonymous visitor is sent to the login page (or 401 for the API).
func TestRouteEnforcement(t *testing.T) {
	a, srv := testApp(t, "sqlite")
	expectedAccess := allExpected(a)
	client := noRedirect()
	var gets []string
	for _, r := range a.Router.Routes() {
		if r.Method == "GET" && !strings.Contains(r.Pattern, "{") && !strings.HasSuffix(r.Pattern, "/") && expectedAccess[r.Method+" "+r.Pattern] != "public" {
			gets = append(gets, r.Pattern)
		}
	}
	for _, path := range gets {
		resp, err := client.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if strings.HasPrefix(path, "/api/") {
			if resp.StatusCode != http.StatusUnauthorized {
				t.Errorf("anonymous GET %s: status %d, want 401", path, resp.StatusCode)
			}
		} else if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
			t.Errorf("anonymous GET %s: status %d to %q, want 303 to /login", path, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	for _, role := range auth.AllRoles() {
		cookie := login(t, srv.URL, string(role))
		for _, path := range gets {
			req, _ := http.NewRequest("GET", srv.URL+path, nil)
			req.AddCookie(cookie)
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := io.Copy(io.Discard, resp.Body); err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			want := expectedAccess["GET "+path]
			// The demo account named after a role holds no duty, so a
			// route that needs one refuses it (TestDutyRoutes checks the
			// duty's own account passes).
			allowed := want == "any" || (!strings.Contains(want, " with duty ") && slices.Contains(strings.Split(strings.TrimPrefix(want, "devices+"), ","), string(role)))
			if allowed && resp.StatusCode == http.StatusForbidden {
				t.Errorf("%s GET %s: 403, but the table allows it", role, path)
			}
			if !allowed && resp.StatusCode != http.StatusForbidden {
				t.Errorf("%s GET %s: status %d, want 403", role, path, resp.StatusCode)
			}
		}
	}
}

// TestDutyRoutes: a route that needs a duty admits the account that holds
// it, and the plain account of the same role gets 403.
func TestDutyRoutes(t *testing.T) {
	a, srv := testApp(t, "sqlite")
	client := noRedirect()
	checked := 0
	for _, r := range a.Router.Routes() {
		if r.Rule.Duty() == "" || r.Method != "GET" || strings.Contains(r.Pattern, "{") {
			continue
		}
		for account, want := range map[string]int{r.Rule.Duty(): http.StatusOK, "beheerder": http.StatusForbidden} {
			req, _ := http.NewRequest("GET", srv.URL+r.Pattern, nil)
			req.AddCookie(login(t, srv.URL, account))
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != want {
				t.Errorf("%s GET %s: %d, want %d", account, r.Pattern, resp.StatusCode, want)
			}
			checked++
		}
	}
	if checked == 0 {
		t.Fatal("no GET route needs a duty; the knowledge editors' pages should")
	}
}

// login posts the login form as a demo account and returns the session
// cookie.
func login(t *testing.T, base, user string) *http.Cookie {
	t.Helper()
	resp, err := noRedirect().PostForm(base+"/login", url.Values{"username": {user}, "password": {"demo"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login %s: status %d", user, resp.StatusCode)
	}
	for _, c := range resp.Cookies() {
		if c.Name == auth.SessionCookie {
			return c
		}
	}
	t.Fatalf("login %s: no session cookie", user)
	return nil
}
