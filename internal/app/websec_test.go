package app

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Answers with personal data (pages, the JSON API, CSV/XLSX/PDF exports)
// say Cache-Control: no-store; static assets may be cached.
func TestNoStoreOnPersonalData(t *testing.T) {
	_, srv := testApp(t, "sqlite")
	zk, client := login(t, srv.URL, "zorgkantoor"), login(t, srv.URL, "client")
	for _, c := range []struct {
		cookie *http.Cookie
		path   string
	}{
		{zk, "/api/v1/placement/cases"}, {zk, "/complexe-zorg/export.csv"}, {zk, "/complexe-zorg/export.xlsx"},
		{zk, "/complexe-zorg"}, {zk, "/api/v1/placement/cases/999999"}, {client, "/mijn/gegevens.pdf"},
	} {
		resp, _ := request(t, srv, c.cookie, "GET", c.path, nil)
		if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("%s: %d Cache-Control %q, want no-store", c.path, resp.StatusCode, cc)
		}
	}
	if resp, _ := request(t, srv, nil, "GET", "/static/app.css", nil); !strings.Contains(resp.Header.Get("Cache-Control"), "max-age") {
		t.Errorf("static asset: Cache-Control %q", resp.Header.Get("Cache-Control"))
	}
}

// lastLoginSource is the source address the audit log recorded for the
// latest login.
func lastLoginSource(t *testing.T, a *App) string {
	t.Helper()
	if err := a.Audit.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	var src string
	if err := a.DB.QueryRowContext(context.Background(), `SELECT source FROM audit_entries WHERE action = 'login' ORDER BY id DESC LIMIT 1`).Scan(&src); err != nil {
		t.Fatal(err)
	}
	return src
}

// Behind a trusted proxy the client's address is the one the proxy
// appended to X-Forwarded-For, never an entry the client sent itself; with
// two proxies in a row (--trust-proxy-hops 2) the one the outer proxy saw.
func TestTrustProxyIgnoresSpoofedForwardedFor(t *testing.T) {
	for _, hops := range []int{1, 2} {
		a, backend := testAppWith(t, "sqlite", func(c *Config) { c.TrustProxy = true; c.TrustProxyHops = hops })
		target, _ := url.Parse(backend.URL)
		// Each proxy appends the address it got the request from, as
		// nginx's $proxy_add_x_forwarded_for does.
		var h http.Handler = &httputil.ReverseProxy{Rewrite: func(pr *httputil.ProxyRequest) {
			pr.SetURL(target)
			pr.Out.Header["X-Forwarded-For"] = pr.In.Header["X-Forwarded-For"]
			pr.SetXForwarded()
		}}
		if hops == 2 {
			inner := httptest.NewServer(h)
			defer inner.Close()
			innerURL, _ := url.Parse(inner.URL)
			h = &httputil.ReverseProxy{Rewrite: func(pr *httputil.ProxyRequest) {
				pr.SetURL(innerURL)
				pr.Out.Header["X-Forwarded-For"] = pr.In.Header["X-Forwarded-For"]
				// The outer proxy saw the client at 198.51.100.7.
				pr.In.RemoteAddr = "198.51.100.7:5555"
				pr.SetXForwarded()
			}}
		}
		proxy := httptest.NewServer(h)
		defer proxy.Close()
		for _, spoof := range []string{"6.6.6.6", "6.6.6.6, 7.7.7.7", "not-an-address"} {
			form := url.Values{"username": {"zorgkantoor"}, "password": {"demo"}}
			req, _ := http.NewRequest("POST", proxy.URL+"/login", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("X-Forwarded-For", spoof)
			resp, err := noRedirect().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			want := "127.0.0.1"
			if hops == 2 {
				want = "198.51.100.7"
			}
			if got := lastLoginSource(t, a); got != want {
				t.Errorf("hops %d, client sent X-Forwarded-For %q: source %q, want %q", hops, spoof, got, want)
			}
		}
	}
}

// /metrics is not public: without a token or a listener of its own it is
// not there; with a token only the bearer gets it (the token may come from
// a file); on its own listener it is served there.
func TestMetricsNotPublic(t *testing.T) {
	_, srv := testApp(t, "sqlite")
	if resp, body := request(t, srv, nil, "GET", "/metrics", nil); resp.StatusCode != http.StatusNotFound || strings.Contains(body, "volwaardig_http_requests_total") {
		t.Errorf("public /metrics: %d", resp.StatusCode)
	}

	tokenFile := filepath.Join(t.TempDir(), "metrics-token")
	if err := os.WriteFile(tokenFile, []byte("s3cret-metrics-token\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, srv = testAppWith(t, "sqlite", func(c *Config) {
		get := c.Getenv
		c.Getenv = func(k string) string {
			if k == EnvMetricsToken+"_FILE" {
				return tokenFile
			}
			return get(k)
		}
	})
	for _, auth := range []string{"", "Bearer wrong", "Bearer s3cret-metrics-tokenX", "Basic czNjcmV0"} {
		req, _ := http.NewRequest("GET", srv.URL+"/metrics", nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("/metrics with %q: %d, want 401", auth, resp.StatusCode)
		}
	}
	login(t, srv.URL, "zorgkantoor")
	req, _ := http.NewRequest("GET", srv.URL+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer s3cret-metrics-token")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(b), `volwaardig_http_requests_total{method="POST",route="/login",status="303"}`) {
		t.Errorf("/metrics with the token: %d\n%.500s", resp.StatusCode, b)
	}
	// The labels are route patterns and statuses: no id, name or address.
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "volwaardig_http_requests_total{") && (strings.ContainsAny(line, "0123456789") && strings.Contains(line, "route=\"/") && strings.ContainsAny(strings.SplitN(strings.SplitN(line, `route="`, 2)[1], `"`, 2)[0], "0123456789")) {
			t.Errorf("a metric label holds a number other than the status: %s", line)
		}
	}

	// A listener of its own.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	if err := ln.Close(); err != nil {
		t.Error(err)
	}
	a, _ := testAppWith(t, "sqlite", func(c *Config) { c.MetricsAddr = addr })
	mainLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, mainLn) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()
	var got *http.Response
	for range 50 {
		if got, err = http.Get("http://" + addr + "/metrics"); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	got.Body.Close()
	if got.StatusCode != http.StatusOK {
		t.Errorf("metrics listener: %d", got.StatusCode)
	}
	if resp, err := http.Get("http://" + mainLn.Addr().String() + "/metrics"); err != nil || resp.StatusCode != http.StatusNotFound {
		t.Errorf("main listener still serves /metrics: %v %v", resp, err)
	}
}

// The login's "next" and the preference switches' "terug" lead only to a
// path of this site.
func TestRedirectTargetsStayLocal(t *testing.T) {
	_, srv := testApp(t, "sqlite")
	for _, evil := range []string{"//evil.example", "/\t/evil.example", "/\\evil.example", "https://evil.example", "/x/../\\evil.example", "/ /evil.example"} {
		for _, path := range []string{"/voorkeur/taal?lang=en&terug=", "/voorkeur/eenvoudig?aan=1&terug="} {
			resp, _ := request(t, srv, nil, "GET", path+url.QueryEscape(evil), nil)
			if loc := resp.Header.Get("Location"); !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") || strings.ContainsAny(loc, "\\\t ") {
				t.Errorf("%s%q: Location %q", path, evil, loc)
			}
		}
		resp, _ := request(t, srv, nil, "POST", "/login", url.Values{"username": {"programma"}, "password": {"demo"}, "next": {evil}})
		if loc := resp.Header.Get("Location"); !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") || strings.ContainsAny(loc, "\\\t ") {
			t.Errorf("login next %q: Location %q", evil, loc)
		}
	}
}
