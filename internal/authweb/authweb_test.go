package authweb_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/authweb"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
	"github.com/volwaardig/volwaardig/internal/keyring"
	"github.com/volwaardig/volwaardig/internal/web"
)

const password = "paarse olifant danst op het dak"

// logins records what the handlers report to the audit trail.
type logins struct {
	mu   sync.Mutex
	seen []string // "ok detail" or "refused detail"
}

func (l *logins) Login(_ context.Context, p *auth.Principal, ok bool, detail string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	verdict := "refused"
	if ok {
		verdict = "ok"
	}
	l.seen = append(l.seen, verdict+" "+detail)
}

func (l *logins) last() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.seen) == 0 {
		return ""
	}
	return l.seen[len(l.seen)-1]
}

// site is the identity pages behind the session middleware, as the
// application serves them, with a browser that keeps its cookies.
type site struct {
	svc     *auth.Service
	clock   *db.ManualClock
	handler http.Handler
	audit   *logins
	cookies map[string]string
}

func newSite(t *testing.T, d *db.DB) *site {
	t.Helper()
	clock := db.NewManualClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	ring, err := keyring.Generate()
	if err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.DiscardHandler)
	svc, err := auth.New(d, clock, auth.Config{Secret: []byte("0123456789abcdef0123456789abcdef"), Keys: ring}, logger)
	if err != nil {
		t.Fatal(err)
	}
	rt := web.NewRouter()
	rd := web.NewRenderer(rt, logger)
	s := &site{svc: svc, clock: clock, audit: &logins{}, cookies: map[string]string{}}
	authweb.New(svc, rd, logger, false, nil, s.audit).Routes(rt)
	s.handler = svc.Middleware(rt)
	return s
}

// do sends a request with the browser's cookies and keeps the ones the
// answer sets or clears.
func (s *site) do(t *testing.T, method, path string, form url.Values) *httptest.ResponseRecorder {
	t.Helper()
	var r *http.Request
	if form != nil {
		r = httptest.NewRequest(method, "https://volwaardig.test"+path, strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		r = httptest.NewRequest(method, "https://volwaardig.test"+path, nil)
	}
	for name, value := range s.cookies {
		r.AddCookie(&http.Cookie{Name: name, Value: value})
	}
	rec := httptest.NewRecorder()
	s.handler.ServeHTTP(rec, r)
	for _, c := range rec.Result().Cookies() {
		if c.MaxAge < 0 || c.Value == "" {
			delete(s.cookies, c.Name)
		} else {
			s.cookies[c.Name] = c.Value
		}
	}
	return rec
}

func expect(t *testing.T, what string, rec *httptest.ResponseRecorder, status int, location string, says ...string) {
	t.Helper()
	if rec.Code != status {
		t.Errorf("%s: status %d, want %d", what, rec.Code, status)
	}
	if got := rec.Header().Get("Location"); got != location {
		t.Errorf("%s: redirected to %q, want %q", what, got, location)
	}
	body := rec.Body.String()
	for _, s := range says {
		if !strings.Contains(body, s) {
			t.Errorf("%s: the page does not say %q", what, s)
		}
	}
}

// The login form names what is missing, and a wrong password is refused
// with the username kept and the refusal audited.
func TestLoginForm(t *testing.T) {
	dbtest.Each(t, []db.Migrations{auth.Migrations()}, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		if _, err := s.svc.CreateUser(context.Background(), auth.NewUser{Username: "noor", DisplayName: "Noor", Role: auth.RoleClient, Password: password}); err != nil {
			t.Fatal(err)
		}
		expect(t, "login form", s.do(t, "GET", "/login", nil), http.StatusOK, "", `name="username"`, `name="password"`)
		expect(t, "empty form", s.do(t, "POST", "/login", url.Values{}), http.StatusUnprocessableEntity, "",
			"Vul uw gebruikersnaam in.", "Vul uw wachtwoord in.", `href="#username"`, `href="#password"`)
		expect(t, "wrong password", s.do(t, "POST", "/login", url.Values{"username": {"noor"}, "password": {"fout"}}), http.StatusUnauthorized, "",
			"De gebruikersnaam of het wachtwoord klopt niet.", `value="noor"`)
		if got := s.audit.last(); got != "refused wrong_credentials" {
			t.Errorf("wrong password audited as %q", got)
		}
		if _, ok := s.cookies[auth.SessionCookie]; ok {
			t.Error("a refused login set a session cookie")
		}
		// A client has no second factor: straight to the page asked for,
		// but only on this site.
		expect(t, "client login", s.do(t, "POST", "/login", url.Values{"username": {"noor"}, "password": {password}, "next": {"//evil.example/x"}}), http.StatusSeeOther, "/mijn")
		if got := s.audit.last(); got != "ok password" {
			t.Errorf("login audited as %q", got)
		}
		expect(t, "logged-in login form", s.do(t, "GET", "/login", nil), http.StatusSeeOther, "/mijn")
		expect(t, "own account", s.do(t, "GET", "/account", nil), http.StatusOK, "")
	})
}

// A professional gives the password, then the code from the app: the
// half-logged-in session opens nothing, a wrong code is refused, the right
// one gives a new session, and logging out ends it.
func TestSecondFactorAndLogout(t *testing.T) {
	dbtest.Each(t, []db.Migrations{auth.Migrations()}, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		ctx := context.Background()
		id, err := s.svc.CreateUser(ctx, auth.NewUser{Username: "jan", DisplayName: "Jan", Role: auth.RoleZorgkantoor, Password: password})
		if err != nil {
			t.Fatal(err)
		}
		_, secret, err := s.svc.BeginTOTP(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		code, _ := totp.GenerateCode(secret, s.clock.Now())
		if err := s.svc.ConfirmTOTP(ctx, id, code, "10.0.0.1", ""); err != nil {
			t.Fatal(err)
		}
		s.clock.Advance(time.Minute)

		expect(t, "code before password", s.do(t, "GET", "/login/code", nil), http.StatusSeeOther, "/login")
		expect(t, "password", s.do(t, "POST", "/login", url.Values{"username": {"jan"}, "password": {password}}), http.StatusSeeOther, "/login/code")
		pending := s.cookies[auth.SessionCookie]
		if pending == "" {
			t.Fatal("no session cookie after the password step")
		}
		expect(t, "account with only a password", s.do(t, "GET", "/account", nil), http.StatusSeeOther, "/login?next=%2Faccount")
		expect(t, "code form", s.do(t, "GET", "/login/code", nil), http.StatusOK, "", `name="code"`)
		expect(t, "wrong code", s.do(t, "POST", "/login/code", url.Values{"code": {"000000"}}), http.StatusUnauthorized, "",
			"De code klopt niet of is al gebruikt.", `href="#code"`)
		if got := s.audit.last(); got != "refused code_wrong" {
			t.Errorf("wrong code audited as %q", got)
		}
		code, _ = totp.GenerateCode(secret, s.clock.Now())
		expect(t, "right code", s.do(t, "POST", "/login/code", url.Values{"code": {code}}), http.StatusSeeOther, "/")
		if got := s.audit.last(); got != "ok password+totp" {
			t.Errorf("login audited as %q", got)
		}
		full := s.cookies[auth.SessionCookie]
		if full == "" || full == pending {
			t.Fatal("the second factor did not start a new session")
		}
		if _, _, err := s.svc.Session(ctx, pending); err == nil {
			t.Error("the half-logged-in session still works after the second factor")
		}
		if _, ok := s.cookies[auth.DeviceCookie]; !ok {
			t.Error("the browser is not remembered after both factors")
		}
		expect(t, "own account", s.do(t, "GET", "/account", nil), http.StatusOK, "")

		expect(t, "logout", s.do(t, "POST", "/logout", nil), http.StatusSeeOther, "/login")
		if _, ok := s.cookies[auth.SessionCookie]; ok {
			t.Error("logging out left the session cookie")
		}
		if _, _, err := s.svc.Session(ctx, full); err == nil {
			t.Error("the session still works after logging out")
		}
		s.cookies[auth.SessionCookie] = full // a copied cookie opens nothing either
		expect(t, "account after logout", s.do(t, "GET", "/account", nil), http.StatusSeeOther, "/login?next=%2Faccount")
	})
}

// A malformed account id in an administrator's path is a page that does
// not exist, not a server error.
func TestAdminPathID(t *testing.T) {
	dbtest.Each(t, []db.Migrations{auth.Migrations()}, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		ctx := context.Background()
		id, err := s.svc.CreateUser(ctx, auth.NewUser{Username: "beheer", DisplayName: "Beheer", Role: auth.RoleBeheerder, Password: password})
		if err != nil {
			t.Fatal(err)
		}
		_, secret, err := s.svc.BeginTOTP(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		code, _ := totp.GenerateCode(secret, s.clock.Now())
		if err := s.svc.ConfirmTOTP(ctx, id, code, "10.0.0.1", ""); err != nil {
			t.Fatal(err)
		}
		s.clock.Advance(time.Minute)
		s.do(t, "POST", "/login", url.Values{"username": {"beheer"}, "password": {password}})
		code, _ = totp.GenerateCode(secret, s.clock.Now())
		expect(t, "admin login", s.do(t, "POST", "/login/code", url.Values{"code": {code}}), http.StatusSeeOther, "/")
		for _, bad := range []string{"abc", "0", "-1"} {
			expect(t, "block account "+bad, s.do(t, "POST", "/beheer/accounts/"+bad+"/blokkeren", url.Values{}), http.StatusNotFound, "", "Deze pagina bestaat niet.")
		}
	})
}
