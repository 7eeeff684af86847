package app

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/volwaardig/volwaardig/internal/auth"
)

// TestOptionalSecondFactor follows a client who sets up a second factor
// from the account page, then must give a code at the next login, and
// switches it off again with the password; a professional cannot switch
// the mandatory factor off.
func TestOptionalSecondFactor(t *testing.T) {
	a, srv := testApp(t, "sqlite")
	ctx := context.Background()
	const pw = "een heel lang wachtwoord voor de test"
	if _, err := a.Auth.CreateUser(ctx, auth.NewUser{Username: "anna", DisplayName: "Anna", Role: auth.RoleClient, Password: pw}); err != nil {
		t.Fatal(err)
	}
	do := func(method, path string, c *http.Cookie, form url.Values) (*http.Response, string) {
		t.Helper()
		return request(t, srv, c, method, path, form)
	}
	loginAs := func(user, password string) (*http.Response, *http.Cookie) {
		t.Helper()
		resp, _ := do("POST", "/login", nil, url.Values{"username": {user}, "password": {password}})
		return resp, sessionFrom(resp)
	}

	resp, sess := loginAs("anna", pw)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") == "/login/code" || sess == nil {
		t.Fatalf("first login: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if _, page := do("GET", "/account", sess, nil); !strings.Contains(page, `href="/account/tweede-factor"`) {
		t.Fatal("account page offers no second factor to a client")
	}
	_, page := do("GET", "/account/tweede-factor", sess, nil)
	m := regexp.MustCompile(`<code class="secret">([A-Z2-7]+)</code>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("enrolment page shows no secret:\n%s", page)
	}
	if resp, _ := do("POST", "/account/tweede-factor", sess, url.Values{"code": {"000000"}}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("wrong code: status %d, want 422", resp.StatusCode)
	}
	code, _ := totp.GenerateCode(m[1], time.Now())
	if resp, page := do("POST", "/account/tweede-factor", sess, url.Values{"code": {code}}); resp.StatusCode != http.StatusOK || !strings.Contains(page, "tweede factor is ingesteld") {
		t.Fatalf("confirm: status %d", resp.StatusCode)
	}
	// Visiting the enrolment page again must not switch the working factor off.
	if resp, _ := do("GET", "/account/tweede-factor", sess, nil); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("enrolment page with a factor set up: %d, want 303 back to the account", resp.StatusCode)
	}
	if u, _ := a.Auth.UserByName(ctx, "anna"); !u.TOTPEnabled {
		t.Fatal("factor not enabled after confirmation")
	}
	if resp, _ := loginAs("anna", pw); resp.Header.Get("Location") != "/login/code" {
		t.Fatalf("login with a factor set up goes to %q, want /login/code", resp.Header.Get("Location"))
	}

	if resp, _ := do("POST", "/account/tweede-factor/uitzetten", sess, url.Values{"current": {"fout wachtwoord hier"}}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("switch off with a wrong password: %d, want 422", resp.StatusCode)
	}
	if u, _ := a.Auth.UserByName(ctx, "anna"); !u.TOTPEnabled {
		t.Fatal("a wrong password switched the factor off")
	}
	if resp, _ := do("POST", "/account/tweede-factor/uitzetten", sess, url.Values{"current": {pw}}); resp.StatusCode != http.StatusOK {
		t.Fatalf("switch off: %d", resp.StatusCode)
	}
	if resp, _ := loginAs("anna", pw); resp.Header.Get("Location") == "/login/code" {
		t.Fatal("still asked for a code after switching the factor off")
	}

	// A professional's factor is mandatory.
	zk := login(t, srv.URL, "zorgkantoor")
	if resp, _ := do("POST", "/account/tweede-factor/uitzetten", zk, url.Values{"current": {"demo"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("professional switching the factor off: %d, want 403", resp.StatusCode)
	}
}
