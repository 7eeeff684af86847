package auth

import (
	"context"
	"net/http"
	"strings"
	"time"
)

// Cookie names. The __Host- prefix makes browsers refuse the cookie unless
// it is Secure, host-only and for path /, so no subdomain or plain-HTTP page
// can plant or read it. Browsers and curl treat loopback as a secure context,
// so this works over plain HTTP on 127.0.0.1 too.
const (
	SessionCookie = "__Host-vw_sessie"
	DeviceCookie  = "__Host-vw_apparaat"
)

type pendingKey struct{}

// Pending is a session that passed the password step but still owes a
// second factor.
type Pending struct {
	UserID int64
	Stage  string
	Token  string
}

// PendingFromContext returns the partial session of the request, if any.
func PendingFromContext(ctx context.Context) *Pending {
	p, _ := ctx.Value(pendingKey{}).(*Pending)
	return p
}

// Middleware authenticates each request by session cookie or bearer token
// and puts the principal into the context. Invalid credentials make the
// request anonymous; the router's rules then decide.
func (s *Service) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
			if p, err := s.TokenPrincipal(ctx, strings.TrimSpace(strings.TrimPrefix(h, "Bearer "))); err == nil {
				next.ServeHTTP(w, r.WithContext(WithPrincipal(ctx, p)))
				return
			}
			w.Header().Set("WWW-Authenticate", `Bearer realm="volwaardig"`)
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"error": {"code": "unauthenticated", "message": "Het token is onbekend, verlopen of ingetrokken."}}` + "\n"))
			return
		}
		if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
			p, stage, err := s.Session(ctx, c.Value)
			switch {
			case err != nil:
				ClearSessionCookie(w)
			case stage == StageOK:
				ctx = WithPrincipal(ctx, p)
			default:
				ctx = context.WithValue(ctx, pendingKey{}, &Pending{UserID: p.UserID, Stage: stage, Token: c.Value})
			}
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// SetSessionCookie writes the session cookie. It has no Max-Age: the server
// ends sessions after the idle and absolute timeouts, and closing the
// browser ends it on the client side.
func SetSessionCookie(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: token, Path: "/", Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode})
}

// ClearSessionCookie removes the session cookie.
func ClearSessionCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

// SetDeviceCookie remembers that this browser logged in successfully, for a
// year.
func SetDeviceCookie(w http.ResponseWriter, value string) {
	http.SetCookie(w, &http.Cookie{Name: DeviceCookie, Value: value, Path: "/", Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode, MaxAge: int((365 * 24 * time.Hour).Seconds())})
}

// ClientIP returns the address a request came from; with trustProxy the
// last address of X-Forwarded-For, the one our proxy appended (entries
// before it are the client's own claim). The server's web.TrustedProxies
// has already reduced the header to the trusted entry, for any number of
// proxies in a row.
func ClientIP(r *http.Request, trustProxy bool) string {
	if trustProxy {
		if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
			last := xff[len(xff)-1]
			if i := strings.LastIndexByte(last, ','); i >= 0 {
				last = last[i+1:]
			}
			if last = strings.TrimSpace(last); last != "" {
				return last
			}
		}
	}
	host := r.RemoteAddr
	if i := strings.LastIndexByte(host, ':'); i > 0 {
		host = host[:i]
	}
	return strings.Trim(host, "[]")
}
