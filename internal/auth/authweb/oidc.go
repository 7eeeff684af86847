package authweb

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/web"
)

// OIDCConfig configures login through an OpenID Connect provider, such as a
// DigiD/eHerkenning broker.
type OIDCConfig struct {
	Issuer       string
	ClientID     string
	ClientSecret string
	RedirectURL  string // e.g. https://volwaardig.example.nl/login/oidc/callback
}

// OIDC performs the authorisation-code flow with state and nonce.
type OIDC struct {
	verifier *oidc.IDTokenVerifier
	oauth    oauth2.Config
}

// NewOIDC discovers the provider's endpoints.
func NewOIDC(ctx context.Context, cfg OIDCConfig) (*OIDC, error) {
	if cfg.Issuer == "" || cfg.ClientID == "" || cfg.RedirectURL == "" {
		return nil, errors.New("OIDC needs an issuer, a client id and a redirect URL")
	}
	prov, err := oidc.NewProvider(ctx, cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("OIDC discovery at %s: %w", cfg.Issuer, err)
	}
	return &OIDC{
		verifier: prov.Verifier(&oidc.Config{ClientID: cfg.ClientID}),
		oauth: oauth2.Config{ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, RedirectURL: cfg.RedirectURL,
			Endpoint: prov.Endpoint(), Scopes: []string{oidc.ScopeOpenID}},
	}, nil
}

const oidcStateCookie = "__Host-vw_oidc"

func randomString() string {
	var b [24]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

func (o *OIDC) start(w http.ResponseWriter, r *http.Request) {
	state, nonce := randomString(), randomString()
	http.SetCookie(w, &http.Cookie{Name: oidcStateCookie, Value: state + "." + nonce, Path: "/", Secure: true, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, MaxAge: int((10 * time.Minute).Seconds())})
	http.Redirect(w, r, o.oauth.AuthCodeURL(state, oidc.Nonce(nonce)), http.StatusFound)
}

// subject completes the flow and returns the verified subject.
func (o *OIDC) subject(r *http.Request) (string, error) {
	c, err := r.Cookie(oidcStateCookie)
	if err != nil {
		return "", errors.New("login session expired")
	}
	var state, nonce string
	for i := range c.Value {
		if c.Value[i] == '.' {
			state, nonce = c.Value[:i], c.Value[i+1:]
			break
		}
	}
	if state == "" || r.URL.Query().Get("state") != state {
		return "", errors.New("state mismatch")
	}
	tok, err := o.oauth.Exchange(r.Context(), r.URL.Query().Get("code"))
	if err != nil {
		return "", fmt.Errorf("code exchange: %w", err)
	}
	raw, ok := tok.Extra("id_token").(string)
	if !ok {
		return "", errors.New("no id_token in token response")
	}
	idt, err := o.verifier.Verify(r.Context(), raw)
	if err != nil {
		return "", fmt.Errorf("id token: %w", err)
	}
	if idt.Nonce != nonce {
		return "", errors.New("nonce mismatch")
	}
	return idt.Subject, nil
}

func (h *Handlers) oidcCallback(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: oidcStateCookie, Value: "", Path: "/", Secure: true, HttpOnly: true, MaxAge: -1})
	sub, err := h.oidc.subject(r)
	if err != nil {
		h.logger.Warn("OIDC login failed", "err", err)
		h.rd.Fail(w, r, &web.Error{Code: web.CodeUnauthenticated, Message: "Inloggen via DigiD of eHerkenning is niet gelukt. Probeer het opnieuw.", English: "Logging in through DigiD or eHerkenning failed. Please try again."})
		return
	}
	u, err := h.svc.UserByOIDCSubject(r.Context(), sub)
	if err != nil {
		if !errors.Is(err, auth.ErrNotFound) {
			h.rd.Fail(w, r, err)
			return
		}
		h.auditLogin(r.Context(), &auth.Principal{}, false, "oidc_unlinked")
		h.rd.Fail(w, r, &web.Error{Code: web.CodeForbidden, Message: "Er is geen account gekoppeld aan deze inlog. Neem contact op met uw zorgkantoor of zorgaanbieder.", English: "No account is linked to this login."})
		return
	}
	if u.Demo && !h.svc.DemoMode() {
		h.rd.Fail(w, r, &web.Error{Code: web.CodeUnauthenticated, Message: "Demo-accounts werken alleen als de server met --demo draait.", English: "Demo accounts only work when the server runs with --demo."})
		return
	}
	// The broker proves who the person is; a professional still gives the
	// second factor of this application (or enrols one), exactly as after
	// a password, so the broker's level never lowers the bar for health
	// data. Clients and relatives are done here.
	stage := auth.SecondFactorStage(u)
	tok, err := h.svc.StartSession(r.Context(), u.ID, stage)
	if err != nil {
		h.rd.Fail(w, r, err)
		return
	}
	auth.SetSessionCookie(w, tok)
	switch stage {
	case auth.StageTOTP:
		http.Redirect(w, r, "/login/code", http.StatusSeeOther)
		return
	case auth.StageEnrol:
		http.Redirect(w, r, "/login/instellen", http.StatusSeeOther)
		return
	}
	h.auditLogin(r.Context(), &auth.Principal{UserID: u.ID, Username: u.Username, Role: u.Role}, true, "oidc")
	http.Redirect(w, r, h.HomeFor(u.Role), http.StatusSeeOther)
}
