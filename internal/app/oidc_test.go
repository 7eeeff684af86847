package app

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/volwaardig/volwaardig/internal/auth"
)

// broker is an OpenID Connect provider in the test process, standing in for
// the DigiD/eHerkenning broker a deployment puts in front. It speaks the
// real protocol (discovery, JWKS, authorisation code exchange, RS256-signed
// id tokens), so the application's OIDC client is exercised exactly as in
// production; only who the person is gets decided by the test.
type broker struct {
	srv    *httptest.Server
	key    *rsa.PrivateKey
	mu     sync.Mutex
	grants map[string]grant // code → what the token endpoint answers
	// acr is the assurance level the next login's id token reports.
	acr string
}

// grant is what the broker remembers of an authorisation: who, the nonce,
// the PKCE challenge to check the verifier against, the level.
type grant struct{ sub, nonce, aud, challenge, acr string }

func newBroker(t *testing.T) *broker {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	b := &broker{key: key, grants: map[string]grant{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewEncoder(w).Encode(map[string]any{
			"issuer": b.srv.URL, "authorization_endpoint": b.srv.URL + "/authorize", "token_endpoint": b.srv.URL + "/token",
			"jwks_uri": b.srv.URL + "/jwks", "response_types_supported": []string{"code"},
			"subject_types_supported": []string{"public"}, "id_token_signing_alg_values_supported": []string{"RS256"},
		})
	})
	mux.HandleFunc("GET /jwks", func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewEncoder(w).Encode(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &key.PublicKey, KeyID: "k1", Algorithm: "RS256", Use: "sig"}}})
	})
	mux.HandleFunc("POST /token", func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		id, secret, _ := r.BasicAuth()
		if id == "" {
			id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
		}
		b.mu.Lock()
		g, ok := b.grants[r.PostForm.Get("code")]
		delete(b.grants, r.PostForm.Get("code"))
		b.mu.Unlock()
		// PKCE (RFC 7636): the verifier must hash to the challenge of the
		// authorisation request, with S256.
		sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
		pkceOK := r.PostForm.Get("code_verifier") != "" && base64.RawURLEncoding.EncodeToString(sum[:]) == g.challenge
		if !ok || id != "volwaardig" || secret != "geheim" || !pkceOK {
			w.WriteHeader(http.StatusBadRequest)
			_ = json.NewEncoder(w).Encode(map[string]string{"error": "invalid_grant"})
			return
		}
		if g.aud == "" {
			g.aud = id
		}
		now := time.Now()
		cl := map[string]any{"iss": b.srv.URL, "sub": g.sub, "aud": g.aud, "nonce": g.nonce,
			"iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix()}
		if g.acr != "" {
			cl["acr"] = g.acr
		}
		claims, _ := json.Marshal(cl)
		signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: b.key}, (&jose.SignerOptions{}).WithHeader("kid", "k1"))
		if err != nil {
			t.Error(err)
			return
		}
		jws, err := signer.Sign(claims)
		if err != nil {
			t.Error(err)
			return
		}
		raw, _ := jws.CompactSerialize()
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"access_token": "a", "token_type": "Bearer", "expires_in": 300, "id_token": raw})
	})
	b.srv = httptest.NewServer(mux)
	t.Cleanup(b.srv.Close)
	return b
}

// login walks one OIDC login through the application: start, the broker's
// consent (the test decides the subject and may spoil state or nonce), the
// callback. It returns the callback's response and the cookies it set.
func (b *broker) login(t *testing.T, app *httptest.Server, sub string, spoil string) *http.Response {
	t.Helper()
	client := noRedirect()
	resp, err := client.Get(app.URL + "/login/oidc")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("GET /login/oidc: status %d, want 302 to the broker", resp.StatusCode)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || !strings.HasPrefix(loc.String(), b.srv.URL+"/authorize") {
		t.Fatalf("redirect to %q, want the broker's authorisation endpoint", resp.Header.Get("Location"))
	}
	q := loc.Query()
	if q.Get("client_id") != "volwaardig" || q.Get("state") == "" || q.Get("nonce") == "" || !strings.Contains(q.Get("scope"), "openid") {
		t.Fatalf("authorisation request lacks client, state, nonce or scope: %v", q)
	}
	if q.Get("code_challenge_method") != "S256" || len(q.Get("code_challenge")) < 43 {
		t.Fatalf("authorisation request without a PKCE S256 challenge: %v", q)
	}
	var stateCookie *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == "__Host-vw_oidc" {
			stateCookie = c
		}
	}
	if stateCookie == nil || !stateCookie.Secure || !stateCookie.HttpOnly {
		t.Fatalf("state cookie missing or not Secure+HttpOnly: %+v", stateCookie)
	}
	state, nonce, challenge := q.Get("state"), q.Get("nonce"), q.Get("code_challenge")
	switch spoil {
	case "state":
		state = "een-andere-state"
	case "nonce":
		nonce = "een-andere-nonce"
	case "verifier":
		// An attacker who got the code but not the browser's verifier.
		parts := strings.Split(stateCookie.Value, ".")
		parts[len(parts)-1] = "een-geraden-verifier-een-geraden-verifier-12345"
		stateCookie.Value = strings.Join(parts, ".")
	}
	b.mu.Lock()
	b.grants["code-"+sub] = grant{sub: sub, nonce: nonce, challenge: challenge, acr: b.acr}
	b.mu.Unlock()
	req, _ := http.NewRequest("GET", app.URL+"/login/oidc/callback?"+url.Values{"state": {state}, "code": {"code-" + sub}}.Encode(), nil)
	req.AddCookie(stateCookie)
	resp, err = client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

func sessionFrom(resp *http.Response) *http.Cookie {
	for _, c := range resp.Cookies() {
		if c.Name == auth.SessionCookie && c.Value != "" {
			return c
		}
	}
	return nil
}

// TestOIDCLogin logs in through a real OpenID Connect exchange: a client
// linked to a broker subject gets a session; a professional still has to
// give this application's second factor; an unlinked subject, a forged
// state, a replayed nonce and a disabled account get no session.
func TestOIDCLogin(t *testing.T) {
	b := newBroker(t)
	env := map[string]string{
		"VOLWAARDIG_OIDC_ISSUER": b.srv.URL, "VOLWAARDIG_OIDC_CLIENT_ID": "volwaardig",
		"VOLWAARDIG_OIDC_CLIENT_SECRET": "geheim", "VOLWAARDIG_OIDC_REDIRECT_URL": "https://volwaardig.test/login/oidc/callback",
	}
	a, srv := testAppWith(t, "sqlite", func(c *Config) { c.Getenv = func(k string) string { return env[k] } })
	ctx := context.Background()
	create := func(name string, role auth.Role, sub string) int64 {
		id, err := a.Auth.CreateUser(ctx, auth.NewUser{Username: name, DisplayName: name, Role: role, Password: "een heel lang wachtwoord voor de test"})
		if err != nil {
			t.Fatalf("create %s: %v", name, err)
		}
		if err := a.Auth.LinkOIDCSubject(ctx, id, sub); err != nil {
			t.Fatalf("link %s: %v", name, err)
		}
		return id
	}
	create("oidc-client", auth.RoleClient, "digid-123")
	create("oidc-zk", auth.RoleZorgkantoor, "eh-456")
	disabled := create("oidc-weg", auth.RoleNaaste, "digid-789")
	if err := a.Auth.SetDisabled(ctx, disabled, true); err != nil {
		t.Fatal(err)
	}

	t.Run("linked client gets a session", func(t *testing.T) {
		resp := b.login(t, srv, "digid-123", "")
		if resp.StatusCode != http.StatusSeeOther || strings.HasPrefix(resp.Header.Get("Location"), "/login") {
			t.Fatalf("callback: %d to %q, want 303 to the home page", resp.StatusCode, resp.Header.Get("Location"))
		}
		c := sessionFrom(resp)
		if c == nil {
			t.Fatal("no session cookie after OIDC login")
		}
		req, _ := http.NewRequest("GET", srv.URL+"/account", nil)
		req.AddCookie(c)
		r, err := noRedirect().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
		if r.StatusCode != http.StatusOK {
			t.Fatalf("account page with the OIDC session: %d", r.StatusCode)
		}
	})
	t.Run("professional still enrols a second factor", func(t *testing.T) {
		resp := b.login(t, srv, "eh-456", "")
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login/instellen" {
			t.Fatalf("callback: %d to %q, want 303 to /login/instellen", resp.StatusCode, resp.Header.Get("Location"))
		}
		c := sessionFrom(resp)
		if c == nil {
			t.Fatal("no pending session")
		}
		req, _ := http.NewRequest("GET", srv.URL+"/complexe-zorg", nil)
		req.AddCookie(c)
		r, err := noRedirect().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
		if r.StatusCode == http.StatusOK {
			t.Fatal("a professional reached /complexe-zorg on the broker's login alone")
		}
	})
	for _, tc := range []struct{ name, sub, spoil string }{
		{"unlinked subject", "digid-onbekend", ""},
		{"forged state", "digid-123", "state"},
		{"wrong nonce", "digid-123", "nonce"},
		{"wrong PKCE verifier", "digid-123", "verifier"},
		{"disabled account", "digid-789", ""},
	} {
		t.Run(tc.name+" is refused", func(t *testing.T) {
			resp := b.login(t, srv, tc.sub, tc.spoil)
			if resp.StatusCode != http.StatusUnauthorized && resp.StatusCode != http.StatusForbidden {
				t.Errorf("callback: status %d, want 401 or 403", resp.StatusCode)
			}
			if sessionFrom(resp) != nil {
				t.Error("a session cookie was set")
			}
		})
	}
	t.Run("refusals are audited", func(t *testing.T) {
		// forged state, wrong nonce, wrong verifier; the unlinked subject
		// and the disabled account (not found as linked) have their own.
		if n := auditCount(t, a, `object_type = 'login_refused.oidc_failed' AND outcome = 'denied'`); n != 3 {
			t.Errorf("failed OIDC logins: %d audit entries, want 3", n)
		}
		if n := auditCount(t, a, `object_type = 'login_refused.oidc_unlinked'`); n != 2 {
			t.Errorf("unlinked subject and disabled account: %d audit entries, want 2", n)
		}
	})
	t.Run("a subject belongs to one account", func(t *testing.T) {
		id, err := a.Auth.CreateUser(ctx, auth.NewUser{Username: "oidc-dubbel", Role: auth.RoleClient, Password: "een heel lang wachtwoord voor de test"})
		if err != nil {
			t.Fatal(err)
		}
		if err := a.Auth.LinkOIDCSubject(ctx, id, "digid-123"); err != auth.ErrSubjectTaken {
			t.Fatalf("second link of one subject: %v, want ErrSubjectTaken", err)
		}
	})
}

// TestOIDCAssuranceLevel: with an ordered list of accepted levels and a
// minimum (DigiD Substantieel), the authorisation request asks for the
// levels from the minimum up, and an id token below it (or without one)
// is refused with a Dutch message naming the level needed; at or above the
// minimum the login goes through.
func TestOIDCAssuranceLevel(t *testing.T) {
	const (
		basis        = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
		midden       = "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract"
		substantieel = "urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard"
		hoog         = "urn:oasis:names:tc:SAML:2.0:ac:classes:SmartcardPKI"
	)
	b := newBroker(t)
	env := map[string]string{
		"VOLWAARDIG_OIDC_ISSUER": b.srv.URL, "VOLWAARDIG_OIDC_CLIENT_ID": "volwaardig",
		"VOLWAARDIG_OIDC_CLIENT_SECRET": "geheim", "VOLWAARDIG_OIDC_REDIRECT_URL": "https://volwaardig.test/login/oidc/callback",
		"VOLWAARDIG_OIDC_ACR_VALUES": strings.Join([]string{basis, midden, substantieel, hoog}, ","),
		"VOLWAARDIG_OIDC_MIN_ACR":    substantieel,
	}
	a, srv := testAppWith(t, "sqlite", func(c *Config) { c.Getenv = func(k string) string { return env[k] } })
	ctx := context.Background()
	id, err := a.Auth.CreateUser(ctx, auth.NewUser{Username: "acr-client", Role: auth.RoleClient, Password: "een heel lang wachtwoord voor de test"})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Auth.LinkOIDCSubject(ctx, id, "digid-acr"); err != nil {
		t.Fatal(err)
	}

	resp, err := noRedirect().Get(srv.URL + "/login/oidc")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, _ := url.Parse(resp.Header.Get("Location"))
	if got := loc.Query().Get("acr_values"); got != substantieel+" "+hoog {
		t.Errorf("acr_values %q, want the levels from Substantieel up", got)
	}

	for _, tc := range []struct {
		acr string
		ok  bool
	}{{basis, false}, {midden, false}, {"", false}, {"urn:iets:anders", false}, {substantieel, true}, {hoog, true}} {
		b.mu.Lock()
		b.acr = tc.acr
		b.mu.Unlock()
		resp := b.login(t, srv, "digid-acr", "")
		if tc.ok {
			if resp.StatusCode != http.StatusSeeOther || sessionFrom(resp) == nil {
				t.Errorf("acr %q: status %d, want a session", tc.acr, resp.StatusCode)
			}
			continue
		}
		if resp.StatusCode != http.StatusForbidden || sessionFrom(resp) != nil {
			t.Errorf("acr %q: status %d, want 403 without a session", tc.acr, resp.StatusCode)
		}
	}
	if n := auditCount(t, a, `object_type = 'login_refused.oidc_acr_too_low' AND outcome = 'denied'`); n != 4 {
		t.Errorf("logins below the minimum level: %d audit entries, want 4", n)
	}
	// The refusal says what is needed, in Dutch.
	b.mu.Lock()
	b.acr = midden
	b.mu.Unlock()
	client := noRedirect()
	r0, _ := client.Get(srv.URL + "/login/oidc")
	r0.Body.Close()
	l0, _ := url.Parse(r0.Header.Get("Location"))
	q := l0.Query()
	b.mu.Lock()
	b.grants["code-x"] = grant{sub: "digid-acr", nonce: q.Get("nonce"), challenge: q.Get("code_challenge"), acr: midden}
	b.mu.Unlock()
	req, _ := http.NewRequest("GET", srv.URL+"/login/oidc/callback?"+url.Values{"state": {q.Get("state")}, "code": {"code-x"}}.Encode(), nil)
	for _, c := range r0.Cookies() {
		req.AddCookie(c)
	}
	r1, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(r1.Body)
	r1.Body.Close()
	if !strings.Contains(string(body), "te laag betrouwbaarheidsniveau (DigiD Midden)") || !strings.Contains(string(body), "minimaal DigiD Substantieel") {
		t.Errorf("refusal does not name the levels:\n%s", body)
	}

	// A minimum that is not in the list stops the server from starting.
	env["VOLWAARDIG_OIDC_MIN_ACR"] = "urn:bestaat:niet"
	cfg := a.cfg
	cfg.Getenv = func(k string) string { return env[k] }
	if _, err := New(ctx, cfg, a.DB); err == nil || !strings.Contains(err.Error(), "minimum acr") {
		t.Errorf("unknown minimum acr: %v, want a start-up error", err)
	}
}
