package web

import (
	"net"
	"net/http"
	"strings"
)

// TrustedProxies takes the client's address and scheme from the
// X-Forwarded-For and X-Forwarded-Proto headers that the proxies in front
// of the server add, and from nothing the client wrote itself. Each proxy
// appends the address it received the request from, so with hops trusted
// proxies in a row the client's address is the hops-th entry from the end;
// whatever stands before it the client may have sent and is ignored. The
// address found replaces r.RemoteAddr and the forwarding headers are
// reduced to the trusted entries, so every later reader (the audit log's
// source, the login throttle, HSTS and Secure cookies) sees the same
// trusted answer. With hops 0 the headers are removed: nobody in front is
// trusted.
func TrustedProxies(next http.Handler, hops int) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		xff := forwardedList(r.Header.Values("X-Forwarded-For"))
		proto := forwardedList(r.Header.Values("X-Forwarded-Proto"))
		r.Header.Del("X-Forwarded-For")
		r.Header.Del("X-Forwarded-Proto")
		r.Header.Del("X-Real-Ip")
		r.Header.Del("Forwarded")
		if hops > 0 && len(xff) > 0 {
			if ip := parseForwardedIP(xff[max(0, len(xff)-hops)]); ip != nil {
				r2 := *r
				r2.RemoteAddr = net.JoinHostPort(ip.String(), "0")
				r2.Header = r.Header.Clone()
				r2.Header.Set("X-Forwarded-For", ip.String())
				if len(proto) > 0 {
					r2.Header.Set("X-Forwarded-Proto", proto[max(0, len(proto)-hops)])
				}
				r = &r2
			}
		}
		next.ServeHTTP(w, r)
	})
}

// forwardedList splits the header lines into their comma-separated
// entries, in order.
func forwardedList(lines []string) []string {
	var out []string
	for _, l := range lines {
		for _, e := range strings.Split(l, ",") {
			if e = strings.TrimSpace(e); e != "" {
				out = append(out, e)
			}
		}
	}
	return out
}

// parseForwardedIP reads an address as proxies write it: "192.0.2.1",
// "2001:db8::1", or with a port ("192.0.2.1:4711", "[2001:db8::1]:4711").
func parseForwardedIP(s string) net.IP {
	if ip := net.ParseIP(s); ip != nil {
		return ip
	}
	if host, _, err := net.SplitHostPort(s); err == nil {
		return net.ParseIP(host)
	}
	return nil
}
