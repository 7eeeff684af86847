package authweb

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
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
	// ACRValues are the assurance levels (acr) the broker may report,
	// ordered from low to high, e.g. DigiD Basis, Midden, Substantieel,
	// Hoog. MinACR is the lowest accepted; empty means the first. Without
	// ACRValues the level is not requested nor checked.
	ACRValues []string
	MinACR    string
}

// OIDC performs the authorisation-code flow with state, nonce and PKCE
// (S256), and checks the assurance level of the id token.
type OIDC struct {
	verifier *oidc.IDTokenVerifier
	oauth    oauth2.Config
	// accepted are the acr values at or above the minimum, lowest first;
	// nil when no level is required.
	accepted []string
}

// NewOIDC discovers the provider's endpoints.
func NewOIDC(ctx context.Context, cfg OIDCConfig) (*OIDC, error) {
	if cfg.Issuer == "" || cfg.ClientID == "" || cfg.RedirectURL == "" {
		return nil, errors.New("OIDC needs an issuer, a client id and a redirect URL")
	}
	accepted, err := acceptedACR(cfg.ACRValues, cfg.MinACR)
	if err != nil {
		return nil, err
	}
	prov, err := oidc.NewProvider(ctx, cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("OIDC discovery at %s: %w", cfg.Issuer, err)
	}
	return &OIDC{
		verifier: prov.Verifier(&oidc.Config{ClientID: cfg.ClientID}),
		oauth: oauth2.Config{ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, RedirectURL: cfg.RedirectURL,
			Endpoint: prov.Endpoint(), Scopes: []string{oidc.ScopeOpenID}},
		accepted: accepted,
	}, nil
}

// acceptedACR returns the values from min up in an ordered list.
func acceptedACR(values []string, min string) ([]string, error) {
	var list []string
	for _, v := range values {
		if v = strings.TrimSpace(v); v != "" {
			list = append(list, v)
		}
	}
	if len(list) == 0 {
		if min != "" {
			return nil, errors.New("OIDC: a minimum acr needs the ordered list of acr values it belongs to")
		}
		return nil, nil
	}
	if min == "" {
		return list, nil
	}
	for i, v := range list {
		if v == min {
			return list[i:], nil
		}
	}
	return nil, fmt.Errorf("OIDC: minimum acr %q is not among the acr values %q", min, list)
}

// acrNames are the Dutch names of the assurance levels brokers commonly
// report, for the message to someone who logged in below the minimum.
var acrNames = map[string]string{
	"urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport": "DigiD Basis",
	"urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract":    "DigiD Midden",
	"urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard":                  "DigiD Substantieel",
	"urn:oasis:names:tc:SAML:2.0:ac:classes:SmartcardPKI":               "DigiD Hoog",
	"http://eidas.europa.eu/LoA/low":                                    "eIDAS laag",
	"http://eidas.europa.eu/LoA/substantial":                            "eIDAS substantieel",
	"http://eidas.europa.eu/LoA/high":                                   "eIDAS hoog",
}

func acrName(v string) string {
	if n, ok := acrNames[v]; ok {
		return n
	}
	return v
}

// acrTooLow is a verified id token whose assurance level is below the
// minimum (or missing).
type acrTooLow struct{ got, min string }

func (e *acrTooLow) Error() string { return fmt.Sprintf("acr %q below the minimum %q", e.got, e.min) }

const oidcStateCookie = "__Host-vw_oidc"

func randomString() string {
	var b [24]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

func (o *OIDC) start(w http.ResponseWriter, r *http.Request) {
	// PKCE (RFC 7636, S256): the code is worth nothing without the
	// verifier, which only this browser's cookie holds.
	state, nonce, verifier := randomString(), randomString(), oauth2.GenerateVerifier()
	http.SetCookie(w, &http.Cookie{Name: oidcStateCookie, Value: state + "." + nonce + "." + verifier, Path: "/", Secure: true, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, MaxAge: int((10 * time.Minute).Seconds())})
	opts := []oauth2.AuthCodeOption{oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)}
	if len(o.accepted) > 0 {
		opts = append(opts, oauth2.SetAuthURLParam("acr_values", strings.Join(o.accepted, " ")))
	}
	http.Redirect(w, r, o.oauth.AuthCodeURL(state, opts...), http.StatusFound)
}

// subject completes the flow and returns the verified subject.
func (o *OIDC) subject(r *http.Request) (string, error) {
	c, err := r.Cookie(oidcStateCookie)
	if err != nil {
		return "", errors.New("login session expired")
	}
	parts := strings.Split(c.Value, ".")
	if len(parts) != 3 || parts[0] == "" || parts[2] == "" {
		return "", errors.New("login cookie malformed")
	}
	state, nonce, verifier := parts[0], parts[1], parts[2]
	if r.URL.Query().Get("state") != state {
		return "", errors.New("state mismatch")
	}
	tok, err := o.oauth.Exchange(r.Context(), r.URL.Query().Get("code"), oauth2.VerifierOption(verifier))
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
	if len(o.accepted) > 0 {
		var claims struct {
			ACR string `json:"acr"`
		}
		if err := idt.Claims(&claims); err != nil {
			return "", fmt.Errorf("id token claims: %w", err)
		}
		if !slices.Contains(o.accepted, claims.ACR) {
			return "", &acrTooLow{got: claims.ACR, min: o.accepted[0]}
		}
	}
	return idt.Subject, nil
}

func (h *Handlers) oidcCallback(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: oidcStateCookie, Value: "", Path: "/", Secure: true, HttpOnly: true, MaxAge: -1})
	sub, err := h.oidc.subject(r)
	var low *acrTooLow
	if errors.As(err, &low) {
		h.auditLogin(r.Context(), &auth.Principal{}, false, "oidc_acr_too_low")
		got := "onbekend"
		if low.got != "" {
			got = acrName(low.got)
		}
		h.rd.Fail(w, r, &web.Error{Code: web.CodeForbidden,
			Message: fmt.Sprintf("U bent ingelogd met een te laag betrouwbaarheidsniveau (%s). Voor Volwaardig is minimaal %s nodig, omdat het om gezondheidsgegevens gaat. Log opnieuw in en kies een inlogmiddel van dat niveau of hoger, bijvoorbeeld de DigiD-app met identiteitscheck.", got, acrName(low.min)),
			English: fmt.Sprintf("You logged in at too low an assurance level (%s). Volwaardig needs at least %s, because it holds health data. Log in again with a means of at least that level.", got, acrName(low.min))})
		return
	}
	if err != nil {
		h.logger.WarnContext(r.Context(), "OIDC login failed", "err", err)
		h.auditLogin(r.Context(), &auth.Principal{}, false, "oidc_failed")
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
		h.auditLogin(r.Context(), &auth.Principal{UserID: u.ID, Username: u.Username}, false, "demo_refused")
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
