package app

import (
	"context"
	"net/http"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/authweb"
	"github.com/volwaardig/volwaardig/internal/web"
)

// routes registers every module's routes. This is the one file that knows
// all modules (DESIGN §6).
func (a *App) routes(ctx context.Context) error {
	rt := a.Router
	rt.HandleFunc("GET /healthz", auth.Public(), a.healthz)
	rt.HandleFunc("GET /readyz", auth.Public(), a.readyz)
	// Answered before the router by metricsOnMain (its own token); the
	// route stays in the table so the route × role test knows it.
	rt.HandleFunc("GET /metrics", auth.Public(), http.NotFound)
	rt.HandleFunc("GET /api/v1/openapi.json", auth.Public(), a.openAPI)

	web.NewShell(a.Renderer, a.cfg.TrustProxy).WithToday(a.today).Routes(rt)

	var oidc *authweb.OIDC
	if c := a.cfg.env.oidc; c.Issuer != "" {
		var err error
		if oidc, err = authweb.NewOIDC(ctx, c); err != nil {
			return err
		}
	}
	a.Notify.Routes(rt, a.Renderer)
	a.Audit.Routes(rt, a.Renderer, a.Clients.AccessLogAuthority, a.Clients.Names) // "wie heeft mijn gegevens bekeken" and the emergency-access review
	a.Clients.Routes(rt)
	authweb.New(a.Auth, a.Renderer, a.cfg.Logger, a.cfg.TrustProxy, oidc, loginAuditor{a.Audit, a.cfg.Logger, a.loginOutcomes}).Routes(rt)

	if err := a.buildModules(); err != nil {
		return err
	}

	rt.Handle("GET /", auth.Public(), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a.Renderer.Fail(w, r, web.NotFound("Deze pagina bestaat niet. Controleer het adres.", "This page does not exist. Check the address."))
	}))
	return nil
}
