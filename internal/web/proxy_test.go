package web

import (
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TrustedProxies takes the entry the trusted proxies appended, never what
// the client put in front of it, and leaves later readers only that.
func TestTrustedProxies(t *testing.T) {
	for _, c := range []struct {
		name  string
		hops  int
		xff   []string
		proto []string
		want  string // RemoteAddr host
		https bool
	}{
		{"no proxy trusted: header ignored", 0, []string{"6.6.6.6"}, []string{"https"}, "10.0.0.9", false},
		{"one proxy, no spoof", 1, []string{"198.51.100.7"}, []string{"https"}, "198.51.100.7", true},
		{"one proxy, spoofed first entry", 1, []string{"6.6.6.6, 198.51.100.7"}, []string{"https"}, "198.51.100.7", true},
		{"one proxy, spoof on a line of its own", 1, []string{"6.6.6.6", "198.51.100.7"}, []string{"http", "https"}, "198.51.100.7", true},
		{"one proxy, client claims https", 1, []string{"198.51.100.7"}, []string{"https, http"}, "198.51.100.7", false},
		{"two proxies", 2, []string{"6.6.6.6, 198.51.100.7, 203.0.113.5"}, nil, "198.51.100.7", false},
		{"two proxies, client came to the inner one directly", 2, []string{"198.51.100.7"}, nil, "198.51.100.7", false},
		{"garbage entry", 1, []string{"6.6.6.6, not-an-ip"}, nil, "10.0.0.9", false},
		{"with port", 1, []string{"[2001:db8::1]:4711"}, nil, "2001:db8::1", false},
	} {
		var gotAddr, gotXFF string
		var gotHTTPS bool
		h := TrustedProxies(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			gotAddr, _, _ = net.SplitHostPort(r.RemoteAddr)
			gotXFF = r.Header.Get("X-Forwarded-For")
			gotHTTPS = IsHTTPS(r, c.hops > 0)
		}), c.hops)
		req := httptest.NewRequest("GET", "/", nil)
		req.RemoteAddr = "10.0.0.9:1234"
		req.Header["X-Forwarded-For"] = c.xff
		req.Header["X-Forwarded-Proto"] = c.proto
		h.ServeHTTP(httptest.NewRecorder(), req)
		if gotAddr != c.want || gotHTTPS != c.https {
			t.Errorf("%s: address %q https %v, want %q %v", c.name, gotAddr, gotHTTPS, c.want, c.https)
		}
		if gotXFF != "" && gotXFF != c.want {
			t.Errorf("%s: X-Forwarded-For left as %q", c.name, gotXFF)
		}
	}
}

func FuzzForwardedFor(f *testing.F) {
	for _, s := range []string{"6.6.6.6, 198.51.100.7", "[2001:db8::1]:4711", "", ",,,", "1.2.3.4:5, ::1"} {
		f.Add(s, 1)
	}
	f.Fuzz(func(t *testing.T, xff string, hops int) {
		hops = hops % 8
		if hops < 0 {
			hops = -hops
		}
		var got string
		h := TrustedProxies(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			host, _, err := net.SplitHostPort(r.RemoteAddr)
			if err != nil {
				t.Fatalf("RemoteAddr %q: %v", r.RemoteAddr, err)
			}
			got = host
		}), hops)
		req := httptest.NewRequest("GET", "/", nil)
		req.RemoteAddr = "10.0.0.9:1234"
		req.Header.Set("X-Forwarded-For", xff)
		h.ServeHTTP(httptest.NewRecorder(), req)
		// The address is the proxy's peer or an IP address a trusted
		// proxy wrote; never anything else.
		if got != "10.0.0.9" && net.ParseIP(got) == nil {
			t.Fatalf("X-Forwarded-For %q gave address %q", xff, got)
		}
		if hops == 0 && got != "10.0.0.9" {
			t.Fatalf("untrusted X-Forwarded-For %q used", xff)
		}
		entries := forwardedList([]string{xff})
		if hops > 0 && got != "10.0.0.9" && len(entries) > 0 {
			want := parseForwardedIP(entries[max(0, len(entries)-hops)])
			if want == nil || want.String() != got {
				t.Fatalf("X-Forwarded-For %q hops %d: %q, want %v", xff, hops, got, want)
			}
		}
	})
}
