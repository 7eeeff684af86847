package web

import (
	"net/http"
	"strings"
)

// ContentSecurityPolicy allows only our own scripts and styles: no inline
// script, no third-party origins, no framing.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"

// SecureHeaders sets the strict security headers on every response,
// Cache-Control: no-store among them. HSTS is
// sent only when the request arrived over TLS (directly or, with
// trustProxy, as told by the proxy), since browsers ignore it over HTTP.
func SecureHeaders(next http.Handler, trustProxy bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", ContentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		// Pages, API answers and exports carry health data: no browser or
		// proxy may keep a copy. The one place for it; a handler of public,
		// unchanging content (static assets) sets its own.
		h.Set("Cache-Control", "no-store")
		if IsHTTPS(r, trustProxy) {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

// IsHTTPS reports whether the client's connection is HTTPS: TLS on our own
// listener, or X-Forwarded-Proto from a TLS-terminating proxy we trust.
func IsHTTPS(r *http.Request, trustProxy bool) bool {
	if r.TLS != nil {
		return true
	}
	return trustProxy && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

// CrossOrigin rejects cross-site state-changing browser requests (CSRF)
// with Go's cross-origin protection, which reads Sec-Fetch-Site and Origin.
// Requests without those headers (curl, API clients with tokens) pass; the
// SameSite=Lax session cookie covers older browsers.
func CrossOrigin(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if IsAPI(r) {
			WriteJSONError(w, r, nil, Forbidden("Verzoek van een andere website geweigerd.", "Cross-origin request refused."))
			return
		}
		http.Error(w, "Verzoek van een andere website geweigerd (cross-origin request refused).", http.StatusForbidden)
	}))
	return cop.Handler(next)
}
