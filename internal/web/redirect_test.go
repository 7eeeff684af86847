package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

var evilTargets = []string{
	"", "evil.example", "//evil.example", "///evil.example", "/\\evil.example", "\\\\evil.example",
	"/\t/evil.example", "/\n/evil.example", "/\r/evil.example", "/ /evil.example", "/%09/evil.example" + "\t",
	"https://evil.example", "http:evil.example", "javascript:alert(1)", "/x/../\\evil.example",
	"/a/..//evil.example", "/.//evil.example", "/\u2028/evil.example", "\x00/", "/\x7f/evil",
	"https:/evil.example", "//evil.example/%2F..", "/\\/evil.example",
}

// Every evil target is refused; a same-site path is kept (cleaned).
func TestLocalPath(t *testing.T) {
	for _, target := range evilTargets {
		if got := LocalPath(target); got != "" && (strings.HasPrefix(got, "//") || !strings.HasPrefix(got, "/")) {
			t.Errorf("LocalPath(%q) = %q", target, got)
		} else if got != "" {
			// Accepted only when it is a plain path of ours.
			u, err := url.Parse(got)
			if err != nil || u.Host != "" || u.Scheme != "" {
				t.Errorf("LocalPath(%q) = %q", target, got)
			}
		}
	}
	for in, want := range map[string]string{
		"/complexe-zorg":          "/complexe-zorg",
		"/clienten/12?tab=a&b=c":  "/clienten/12?tab=a&b=c",
		"/a/../b/":                "/b/",
		"/a/..//evil.example":     "/evil.example",
		"/":                       "/",
		"/nachtrust/clienten/3/x": "/nachtrust/clienten/3/x",
	} {
		if got := LocalPath(in); got != want {
			t.Errorf("LocalPath(%q) = %q, want %q", in, got, want)
		}
	}
}

// The language and easy-read switches send the visitor back only to a
// path of this site (the issue's /voorkeur/taal?lang=en&terug=%2F%09%2Fevil.example).
func TestPreferenceRedirectStaysLocal(t *testing.T) {
	rt := NewRouter()
	NewShell(NewRenderer(rt, nil), false).Routes(rt)
	for _, switchPath := range []string{"/voorkeur/taal?lang=en", "/voorkeur/eenvoudig?aan=1"} {
		for _, target := range evilTargets {
			req := httptest.NewRequest("GET", switchPath+"&terug="+url.QueryEscape(target), nil)
			rec := httptest.NewRecorder()
			rt.ServeHTTP(rec, req)
			loc := rec.Header().Get("Location")
			if rec.Code != http.StatusSeeOther || !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") || strings.ContainsAny(loc, "\\\t\r\n ") {
				t.Errorf("%s terug=%q: %d Location %q", switchPath, target, rec.Code, loc)
			}
		}
		req := httptest.NewRequest("GET", switchPath+"&terug="+url.QueryEscape("/privacy?x=1"), nil)
		rec := httptest.NewRecorder()
		rt.ServeHTTP(rec, req)
		if loc := rec.Header().Get("Location"); loc != "/privacy?x=1" {
			t.Errorf("%s: back to %q, want /privacy?x=1", switchPath, loc)
		}
	}
}

func FuzzLocalPath(f *testing.F) {
	for _, s := range evilTargets {
		f.Add(s)
	}
	f.Add("/complexe-zorg?x=1")
	f.Fuzz(func(t *testing.T, target string) {
		got := LocalPath(target)
		if got == "" {
			return
		}
		if !strings.HasPrefix(got, "/") || strings.HasPrefix(got, "//") || strings.ContainsAny(got, "\\\t\r\n ") {
			t.Fatalf("LocalPath(%q) = %q", target, got)
		}
		u, err := url.Parse(got)
		if err != nil || u.Host != "" || u.Scheme != "" || u.User != nil {
			t.Fatalf("LocalPath(%q) = %q parses to another site", target, got)
		}
		// What a browser does with the Location: drop tabs and line
		// breaks, read backslashes as slashes, resolve against our origin.
		base, _ := url.Parse("https://volwaardig.example/x/y")
		ref, err := url.Parse(strings.ReplaceAll(got, "\\", "/"))
		if err == nil {
			if res := base.ResolveReference(ref); res.Host != "volwaardig.example" {
				t.Fatalf("LocalPath(%q) = %q resolves to %s", target, got, res)
			}
		}
	})
}
