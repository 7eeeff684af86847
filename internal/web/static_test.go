package web

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

// TestStaticVersioned: the stylesheet and script are linked with this
// build's digest and that address may be cached for a year; an address
// without it (or with an old one) for an hour only, so a new release's
// pages never meet last release's stylesheet.
func TestStaticVersioned(t *testing.T) {
	u := StaticURL("app.css")
	if !regexp.MustCompile(`^/static/app\.css\?v=[0-9a-f]{12}$`).MatchString(u) {
		t.Fatalf("StaticURL = %q", u)
	}
	h := StaticHandler()
	for path, want := range map[string]string{
		u:                             "public, max-age=31536000, immutable",
		"/static/app.css":             "public, max-age=3600",
		"/static/app.css?v=000000000": "public, max-age=3600",
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != http.StatusOK || rec.Header().Get("Cache-Control") != want || !strings.Contains(rec.Body.String(), "{") {
			t.Errorf("GET %s: %d, Cache-Control %q, want %q", path, rec.Code, rec.Header().Get("Cache-Control"), want)
		}
	}
}
