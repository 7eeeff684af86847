package app

import (
	"bytes"
	"crypto/tls"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/clients"
)

func TestSecurityHeaders(t *testing.T) {
	_, srv := testApp(t, "sqlite")
	resp, err := http.Get(srv.URL + "/login")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	h := resp.Header
	csp := h.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
		t.Errorf("CSP allows inline or eval: %q", csp)
	}
	for k, v := range map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"} {
		if h.Get(k) != v {
			t.Errorf("%s = %q, want %q", k, h.Get(k), v)
		}
	}
	if h.Get("Strict-Transport-Security") != "" {
		t.Error("HSTS sent over plain HTTP")
	}
}

func TestCrossOriginPostRefused(t *testing.T) {
	_, srv := testApp(t, "sqlite")
	form := url.Values{"username": {"zorgkantoor"}, "password": {"demo"}}
	req, _ := http.NewRequest("POST", srv.URL+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://kwaadwillend.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := noRedirect().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site POST: status %d, want 403", resp.StatusCode)
	}
	for _, c := range resp.Cookies() {
		if c.Name == auth.SessionCookie && c.Value != "" {
			t.Fatal("cross-site POST started a session")
		}
	}
}

func TestBodyLimit(t *testing.T) {
	_, srv := testApp(t, "sqlite")
	big := "username=x&password=" + strings.Repeat("a", 2<<20)
	resp, err := noRedirect().Post(srv.URL+"/login", "application/x-www-form-urlencoded", strings.NewReader(big))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("2 MiB form: status %d, want 413", resp.StatusCode)
	}
}

// TestLoginBehindTLSProxy logs in through a TLS-terminating reverse proxy,
// as in production: the __Host- cookie must come back over HTTPS and HSTS
// must be sent.
func TestLoginBehindTLSProxy(t *testing.T) {
	_, backend := testAppWith(t, "sqlite", func(c *Config) { c.TrustProxy = true })
	target, _ := url.Parse(backend.URL)
	proxy := httptest.NewTLSServer(&httputil.ReverseProxy{Rewrite: func(pr *httputil.ProxyRequest) {
		pr.SetURL(target)
		pr.SetXForwarded()
		pr.Out.Host = pr.In.Host
	}})
	defer proxy.Close()
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	resp, err := client.PostForm(proxy.URL+"/login", url.Values{"username": {"zorgkantoor"}, "password": {"demo"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/" {
		t.Fatalf("login through proxy ended at %s with %d", resp.Request.URL, resp.StatusCode)
	}
	if resp.Header.Get("Strict-Transport-Security") == "" {
		t.Error("no HSTS over HTTPS behind a trusted proxy")
	}
	u, _ := url.Parse(proxy.URL)
	var found bool
	for _, c := range jar.Cookies(u) {
		found = found || c.Name == auth.SessionCookie
	}
	if !found {
		t.Fatal("no session cookie kept over HTTPS")
	}
	resp, err = client.Get(proxy.URL + "/account")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("account page through proxy: %d", resp.StatusCode)
	}
}

// lockedBuffer collects log output from several goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestLogsHoldNoPersonalData logs in (and fails to) as every role, walks
// each role's pages across all modules (issue 18, "no personal data in
// logs"), and checks that the process log holds none of the accounts'
// names and none of the clients' names, phone numbers or e-mail addresses.
func TestLogsHoldNoPersonalData(t *testing.T) {
	var buf lockedBuffer
	a, srv := testAppWith(t, "sqlite", func(c *Config) {
		c.Logger = slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	pages := 0
	accounts := []string{"landelijketafel", "vertrouwenspersoon", "ervaringsdeskundige", "clientenraad", "redacteur"}
	for _, role := range auth.AllRoles() {
		accounts = append(accounts, string(role))
	}
	for _, account := range accounts {
		cookie := login(t, srv.URL, account)
		pages += len(crawl(t, srv.URL, cookie, "/", 40, ""))
	}
	resp, _ := noRedirect().PostForm(srv.URL+"/login", url.Values{"username": {"geheime.naam"}, "password": {"verkeerd wachtwoord"}})
	resp.Body.Close()

	// Requests that carry a BSN or a name themselves, not only pages that
	// show them: a search of the register by BSN and by name (in the
	// query string, which a request log could copy), and a new client
	// entered with a BSN, once accepted, once refused as a duplicate and
	// once with a number that fails the eleven-test.
	var demoBSNs []clients.BSN
	for v := 999990000; v <= 999999999 && len(demoBSNs) < 40; v++ {
		if b, err := clients.ParseBSN(strconv.Itoa(v)); err == nil {
			if _, err := a.Clients.FindByBSN(t.Context(), b); err == nil {
				demoBSNs = append(demoBSNs, b)
			}
		}
	}
	if len(demoBSNs) < 10 {
		t.Fatalf("only %d of the demo's BSNs found: the BSN check would prove little", len(demoBSNs))
	}
	var someName string
	if err := a.DB.QueryRowContext(t.Context(), `SELECT name FROM clients ORDER BY id LIMIT 1`).Scan(&someName); err != nil {
		t.Fatal(err)
	}
	office := login(t, srv.URL, "zorgkantoor")
	for _, q := range []string{demoBSNs[0].Digits(), demoBSNs[1].Formatted(), someName} {
		if r, _ := request(t, srv, office, "GET", "/clienten?zoek="+url.QueryEscape(q), nil); r.StatusCode != http.StatusOK {
			t.Fatalf("search of the register: %d", r.StatusCode)
		}
	}
	var fresh clients.BSN
	for v := 999989999; fresh == ""; v-- {
		if b, err := clients.ParseBSN(strconv.Itoa(v)); err == nil {
			if _, err := a.Clients.FindByBSN(t.Context(), b); err != nil {
				fresh = b
			}
		}
	}
	demoBSNs = append(demoBSNs, fresh)
	for _, bsn := range []string{fresh.Digits(), demoBSNs[2].Digits(), "999999990"} {
		r, _ := request(t, srv, office, "POST", "/clienten/nieuw", url.Values{"naam": {"Geheime Inschrijving"}, "geboortedatum": {"01-02-1990"},
			"bsn": {bsn}, "regio": {"ZK11"}})
		if r.StatusCode != http.StatusSeeOther && r.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("new client with a BSN: %d", r.StatusCode)
		}
	}
	if err := a.Audit.Sync(t.Context()); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.Contains(out, "request") {
		t.Fatal("no request lines were logged: the test would prove nothing")
	}
	users, _ := a.Auth.Users(t.Context())
	for _, u := range users {
		if strings.Contains(out, u.DisplayName) {
			t.Errorf("log contains the name %q", u.DisplayName)
		}
	}
	if strings.Contains(out, "geheime.naam") {
		t.Error("log contains a user name from a failed login")
	}
	rows, err := a.DB.QueryContext(t.Context(), `SELECT name, phone, email FROM clients`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	count := 0
	for rows.Next() {
		var name, phone, email string
		if err := rows.Scan(&name, &phone, &email); err != nil {
			t.Fatal(err)
		}
		count++
		for _, v := range []string{name, phone, email} {
			if len(v) > 3 && strings.Contains(out, v) {
				t.Errorf("log contains a client's %q", v)
			}
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for _, b := range append(demoBSNs, "999999990") {
		for _, v := range []string{b.Digits(), b.Formatted()} {
			if strings.Contains(out, v) {
				t.Errorf("log contains the BSN %s", v)
			}
		}
	}
	if strings.Contains(out, "Geheime Inschrijving") {
		t.Error("log contains the name of a client entered in the form")
	}
	if count == 0 || pages < 100 {
		t.Fatalf("only %d clients and %d pages: the test would prove little", count, pages)
	}
	t.Logf("%d pages of %d accounts walked; log of %d bytes checked against %d clients and %d accounts", pages, len(accounts), len(out), count, len(users))
}
