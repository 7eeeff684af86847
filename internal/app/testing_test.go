package app

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
	"github.com/volwaardig/volwaardig/internal/demo"
)

// testApp builds the real server on a fresh database of the given dialect
// ("sqlite" or "postgres") with the demo data loaded.
func testApp(t *testing.T, dialect string) (*App, *httptest.Server) {
	t.Helper()
	return testAppWith(t, dialect, func(*Config) {})
}

// testAppWith is testApp with a chance to adjust the configuration.
func testAppWith(t *testing.T, dialect string, adjust func(*Config)) (*App, *httptest.Server) {
	t.Helper()
	dir := t.TempDir()
	url := "sqlite:" + filepath.Join(dir, "app.db")
	env := map[string]string{}
	if dialect == "postgres" {
		url = dbtest.PostgresURL(t)
		env[EnvSecret] = "c2VjcmV0IHNlY3JldCBzZWNyZXQgc2VjcmV0IHNlY3JldCBzZWNyZXQ="
		env["VOLWAARDIG_AUDIT_CHECKPOINTS"] = filepath.Join(dir, "checkpoints.jsonl")
	}
	cfg := Config{DB: url, Demo: true, Getenv: func(k string) string { return env[k] }, Clock: db.SystemClock{}}
	adjust(&cfg)
	ctx := context.Background()
	d, err := Open(ctx, cfg)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() {
		if err := d.Close(); err != nil {
			t.Error(err)
		}
	})
	a, err := New(ctx, cfg, d)
	if err != nil {
		t.Fatalf("new app: %v", err)
	}
	t.Cleanup(func() {
		if err := a.Close(); err != nil {
			t.Error(err)
		}
	})
	if _, err := a.LoadDemo(ctx, demo.Small, func(string) {}); err != nil {
		t.Fatalf("demo: %v", err)
	}
	a.SetReady()
	srv := httptest.NewServer(contract.Wrap(a.Router, a.Handler())) // every API answer is checked against the document (apicontract_test.go)
	t.Cleanup(srv.Close)
	return a, srv
}

// noRedirect is an HTTP client that shows redirects instead of following.
func noRedirect() *http.Client {
	return &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// request sends one request to the test server as the holder of cookie c
// (nil for none), a form body when form is not nil, without following
// redirects, and returns the response with its body read.
func request(t *testing.T, srv *httptest.Server, c *http.Cookie, method, path string, form url.Values) (*http.Response, string) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, srv.URL+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if c != nil {
		req.AddCookie(c)
	}
	resp, err := noRedirect().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(b)
}
