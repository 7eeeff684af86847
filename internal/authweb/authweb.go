// Package authweb holds the pages and endpoints of identity: logging in with
// a password and a second factor, OIDC, logging out, the own account page and
// account administration. It sits apart from package auth so the identity
// rules stay free of templates, and not under it: authweb imports web,
// which imports auth, so it belongs on the floor above both (platform
// packages below, the pages built on them above, app on top).
package authweb

import (
	"context"
	"embed"
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/web"
)

//go:embed templates
var templates embed.FS

// LoginAuditor records logins and account changes in the audit trail; the
// application wires the audit log in.
type LoginAuditor interface {
	Login(ctx context.Context, p *auth.Principal, ok bool, detail string)
}

// Handlers serves the identity pages.
type Handlers struct {
	svc        *auth.Service
	rd         *web.Renderer
	logger     *slog.Logger
	trustProxy bool
	oidc       *OIDC
	audit      LoginAuditor
	// HomeFor is where a role lands after logging in.
	HomeFor func(auth.Role) string

	login, totp, enrol, account, users, userNew, userContact *template.Template
}

// New makes the handlers. oidc may be nil when OIDC is not configured;
// audit may be nil in tests.
func New(svc *auth.Service, rd *web.Renderer, logger *slog.Logger, trustProxy bool, oidc *OIDC, audit LoginAuditor) *Handlers {
	rd.Catalog.Add(translations)
	return &Handlers{
		svc: svc, rd: rd, logger: logger, trustProxy: trustProxy, oidc: oidc, audit: audit,
		HomeFor: func(r auth.Role) string {
			if r == auth.RoleClient {
				return "/mijn"
			}
			return "/"
		},
		login:       rd.Parse(templates, "templates/login.html"),
		totp:        rd.Parse(templates, "templates/totp.html"),
		enrol:       rd.Parse(templates, "templates/enrol.html"),
		account:     rd.Parse(templates, "templates/account.html"),
		users:       rd.Parse(templates, "templates/users.html"),
		userNew:     rd.Parse(templates, "templates/user_new.html"),
		userContact: rd.Parse(templates, "templates/user_contact.html"),
	}
}

// Routes registers the identity routes.
func (h *Handlers) Routes(rt *web.Router) {
	rt.HandleFunc("GET /login", auth.Public(), h.loginForm)
	rt.HandleFunc("GET /inloggen", auth.Public(), h.loginForm)
	rt.HandleFunc("POST /login", auth.Public(), h.loginSubmit)
	rt.HandleFunc("POST /inloggen", auth.Public(), h.loginSubmit)
	rt.HandleFunc("GET /login/code", auth.Public(), h.totpForm)
	rt.HandleFunc("POST /login/code", auth.Public(), h.totpSubmit)
	rt.HandleFunc("GET /login/instellen", auth.Public(), h.enrolForm)
	rt.HandleFunc("POST /login/instellen", auth.Public(), h.enrolSubmit)
	rt.HandleFunc("POST /logout", auth.Public(), h.logout)
	rt.HandleFunc("GET /account", auth.AnyUser(), h.accountPage)
	rt.HandleFunc("POST /account/overal-uitloggen", auth.AnyUser(), h.logoutEverywhere)
	rt.HandleFunc("POST /account/apparaten/{id}/vergeten", auth.AnyUser(), h.forgetDevice)
	rt.HandleFunc("POST /account/wachtwoord", auth.AnyUser(), h.changePassword)
	rt.HandleFunc("POST /account/contactgegevens", auth.AnyUser(), h.ownContact)
	rt.HandleFunc("GET /account/tweede-factor", auth.AnyUser(), h.ownEnrolForm)
	rt.HandleFunc("POST /account/tweede-factor", auth.AnyUser(), h.ownEnrolSubmit)
	rt.HandleFunc("POST /account/tweede-factor/uitzetten", auth.AnyUser(), h.ownTOTPOff)
	admin := auth.Roles(auth.RoleBeheerder)
	rt.HandleFunc("GET /beheer/accounts", admin, h.userList)
	rt.HandleFunc("GET /beheer/accounts/nieuw", admin, h.userNewForm)
	rt.HandleFunc("POST /beheer/accounts/nieuw", admin, h.userCreate)
	rt.HandleFunc("GET /beheer/accounts/{id}/contactgegevens", admin, h.userContactForm)
	rt.HandleFunc("POST /beheer/accounts/{id}/contactgegevens", admin, h.userContactSave)
	rt.HandleFunc("POST /beheer/accounts/{id}/sessies-beeindigen", admin, h.userEndSessions)
	rt.HandleFunc("POST /beheer/accounts/{id}/blokkeren", admin, h.userDisable(true))
	rt.HandleFunc("POST /beheer/accounts/{id}/deblokkeren", admin, h.userDisable(false))
	rt.Nav(web.NavItem{Path: "/beheer/accounts", Label: "Accounts", English: "Accounts", Summary: "Accounts aanmaken, blokkeren en sessies beëindigen.", Rule: admin, Order: 90})
	if h.oidc != nil {
		rt.HandleFunc("GET /login/oidc", auth.Public(), h.oidc.start)
		rt.HandleFunc("GET /login/oidc/callback", auth.Public(), h.oidcCallback)
	}
}

type loginData struct {
	Next string
	Demo bool
	OIDC bool
}

// safeNext keeps redirects on our own site: a path, never a scheme or host.
func safeNext(next string) string { return web.LocalPath(next) }

func (h *Handlers) loginForm(w http.ResponseWriter, r *http.Request) {
	if p := auth.FromContext(r.Context()); p != nil {
		http.Redirect(w, r, h.HomeFor(p.Role), http.StatusSeeOther)
		return
	}
	h.rd.Render(w, r, http.StatusOK, h.login, web.Page{Title: "Inloggen", Data: loginData{Next: safeNext(r.URL.Query().Get("next")), Demo: h.svc.DemoMode(), OIDC: h.oidc != nil}})
}

func (h *Handlers) loginSubmit(w http.ResponseWriter, r *http.Request) {
	if err := web.ParseForm(r); err != nil {
		h.rd.Fail(w, r, err)
		return
	}
	user, pw := strings.TrimSpace(r.PostForm.Get("username")), r.PostForm.Get("password")
	next := safeNext(r.PostForm.Get("next"))
	fail := func(status int, errs ...web.FieldError) {
		h.rd.Render(w, r, status, h.login, web.Page{Title: "Inloggen", Errors: errs, Form: map[string]string{"username": user},
			Data: loginData{Next: next, Demo: h.svc.DemoMode(), OIDC: h.oidc != nil}})
	}
	var errs []web.FieldError
	if user == "" {
		errs = append(errs, web.FieldError{Field: "username", Message: "Vul uw gebruikersnaam in."})
	}
	if pw == "" {
		errs = append(errs, web.FieldError{Field: "password", Message: "Vul uw wachtwoord in."})
	}
	if len(errs) > 0 {
		fail(http.StatusUnprocessableEntity, errs...)
		return
	}
	res, err := h.svc.Login(r.Context(), user, pw, auth.ClientIP(r, h.trustProxy), deviceCookie(r))
	if err != nil {
		var locked *auth.LockedError
		switch {
		case errors.As(err, &locked):
			h.auditLogin(r.Context(), &auth.Principal{Username: user}, false, "locked")
			fail(http.StatusTooManyRequests, web.FieldError{Field: "username", Message: "Te veel mislukte pogingen. Wacht 15 minuten en probeer het opnieuw. Weet u uw wachtwoord niet meer? Vraag de beheerder van uw organisatie om een nieuw wachtwoord."})
		case errors.Is(err, auth.ErrBusy):
			w.Header().Set("Retry-After", "5")
			fail(http.StatusServiceUnavailable, web.FieldError{Field: "password", Message: "Het is nu erg druk. Probeer het over een paar seconden opnieuw."})
		case errors.Is(err, auth.ErrBadCredentials):
			h.auditLogin(r.Context(), &auth.Principal{Username: user}, false, "wrong_credentials")
			fail(http.StatusUnauthorized, web.FieldError{Field: "password", Message: "De gebruikersnaam of het wachtwoord klopt niet. Let op hoofdletters."})
		case errors.Is(err, auth.ErrDemoRefused):
			h.auditLogin(r.Context(), &auth.Principal{Username: user}, false, "demo_refused")
			fail(http.StatusUnauthorized, web.FieldError{Field: "username", Message: "Demo-accounts werken alleen als de server met --demo draait."})
		default:
			h.rd.Fail(w, r, err)
		}
		return
	}
	auth.SetSessionCookie(w, res.Token)
	if res.DeviceCookie != "" {
		auth.SetDeviceCookie(w, res.DeviceCookie)
	}
	switch res.Stage {
	case auth.StageTOTP:
		http.Redirect(w, r, "/login/code", http.StatusSeeOther)
	case auth.StageEnrol:
		http.Redirect(w, r, "/login/instellen", http.StatusSeeOther)
	default:
		h.auditLogin(r.Context(), &auth.Principal{UserID: res.User.ID, Username: res.User.Username, Role: res.User.Role}, true, "password")
		if next == "" {
			next = h.HomeFor(res.User.Role)
		}
		http.Redirect(w, r, next, http.StatusSeeOther)
	}
}

// deviceCookie is the remembered-device cookie the browser sent, if any.
func deviceCookie(r *http.Request) string {
	if c, err := r.Cookie(auth.DeviceCookie); err == nil {
		return c.Value
	}
	return ""
}

// codeFailed answers a wrong, throttled or one-too-many second-factor
// code; it reports whether it answered (false: err is no such refusal).
func (h *Handlers) codeFailed(w http.ResponseWriter, r *http.Request, pd *auth.Pending, err error, again func(status int, msg string)) bool {
	var locked *auth.LockedError
	p := &auth.Principal{UserID: pd.UserID}
	switch {
	case errors.Is(err, auth.ErrTooManyCodes):
		// The half-logged-in session is gone: start again at the password.
		h.auditLogin(r.Context(), p, false, "code_session_ended")
		auth.ClearSessionCookie(w)
		h.rd.Render(w, r, http.StatusUnauthorized, h.login, web.Page{Title: "Inloggen",
			Errors: []web.FieldError{{Field: "username", Message: "Te veel onjuiste codes: u bent uitgelogd. Wacht 15 minuten en log dan opnieuw in met uw gebruikersnaam en wachtwoord. Klopt de code steeds niet? Controleer of de tijd op uw telefoon goed staat, of vraag de beheerder van uw organisatie om uw tweede factor opnieuw in te stellen."}},
			Data:   loginData{Demo: h.svc.DemoMode(), OIDC: h.oidc != nil}})
	case errors.As(err, &locked):
		h.auditLogin(r.Context(), p, false, "code_locked")
		again(http.StatusTooManyRequests, "Te veel onjuiste codes. Wacht 15 minuten en probeer het opnieuw. Klopt de code steeds niet? Controleer of de tijd op uw telefoon goed staat, of vraag de beheerder van uw organisatie om uw tweede factor opnieuw in te stellen.")
	case errors.Is(err, auth.ErrBusy):
		w.Header().Set("Retry-After", "5")
		again(http.StatusServiceUnavailable, "Het is nu erg druk. Probeer het over een paar seconden opnieuw.")
	case errors.Is(err, auth.ErrBadCode):
		h.auditLogin(r.Context(), p, false, "code_wrong")
		again(0, "")
	default:
		return false
	}
	return true
}

// auditLogin records a login or a refused one; for a refusal detail is a
// code saying why (wrong_credentials, locked, code_wrong, ...).
func (h *Handlers) auditLogin(ctx context.Context, p *auth.Principal, ok bool, detail string) {
	if h.audit != nil {
		h.audit.Login(ctx, p, ok, detail)
	}
}

func (h *Handlers) pending(w http.ResponseWriter, r *http.Request, stage string) *auth.Pending {
	pd := auth.PendingFromContext(r.Context())
	if pd == nil || pd.Stage != stage {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return nil
	}
	return pd
}

func (h *Handlers) totpForm(w http.ResponseWriter, r *http.Request) {
	if h.pending(w, r, auth.StageTOTP) == nil {
		return
	}
	h.rd.Render(w, r, http.StatusOK, h.totp, web.Page{Title: "Tweede stap: code uit uw app"})
}

func (h *Handlers) totpSubmit(w http.ResponseWriter, r *http.Request) {
	pd := h.pending(w, r, auth.StageTOTP)
	if pd == nil {
		return
	}
	if err := web.ParseForm(r); err != nil {
		h.rd.Fail(w, r, err)
		return
	}
	code := decodeCodeForm(r.PostForm)
	if err := h.svc.VerifyTOTP(r.Context(), pd.UserID, code, auth.ClientIP(r, h.trustProxy), pd.Token); err != nil {
		again := func(status int, msg string) {
			if status == 0 {
				status, msg = http.StatusUnauthorized, "De code klopt niet of is al gebruikt. Vul de nieuwste code uit uw app in."
			}
			h.rd.Render(w, r, status, h.totp, web.Page{Title: "Tweede stap: code uit uw app", Errors: []web.FieldError{{Field: "code", Message: msg}}})
		}
		if !h.codeFailed(w, r, pd, err, again) {
			h.rd.Fail(w, r, err)
		}
		return
	}
	h.finishStepUp(w, r, pd)
}

func (h *Handlers) finishStepUp(w http.ResponseWriter, r *http.Request, pd *auth.Pending) {
	tok, err := h.svc.CompleteSession(r.Context(), pd.Token)
	if err != nil {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	auth.SetSessionCookie(w, tok)
	u, err := h.svc.UserByID(r.Context(), pd.UserID)
	if err != nil {
		h.rd.Fail(w, r, err)
		return
	}
	// Only now, with both factors given, is this browser remembered.
	if device, err := h.svc.RememberDevice(r.Context(), u.ID, deviceCookie(r)); err == nil {
		auth.SetDeviceCookie(w, device)
	} else {
		h.logger.ErrorContext(r.Context(), "remembering the device failed", "err", err)
	}
	h.auditLogin(r.Context(), &auth.Principal{UserID: u.ID, Username: u.Username, Role: u.Role}, true, "password+totp")
	http.Redirect(w, r, h.HomeFor(u.Role), http.StatusSeeOther)
}

// enrolData fills the enrolment page, used both at login (a professional
// must enrol) and from the account page (a client or relative may).
type enrolData struct {
	URL, Secret, Action string
	Required            bool
}

func (h *Handlers) enrolForm(w http.ResponseWriter, r *http.Request) {
	pd := h.pending(w, r, auth.StageEnrol)
	if pd == nil {
		return
	}
	u, secret, err := h.svc.BeginTOTP(r.Context(), pd.UserID)
	if err != nil {
		h.rd.Fail(w, r, err)
		return
	}
	h.rd.Render(w, r, http.StatusOK, h.enrol, web.Page{Title: "Tweede factor instellen", Data: enrolData{URL: u, Secret: secret, Action: "/login/instellen", Required: true}})
}

func (h *Handlers) enrolSubmit(w http.ResponseWriter, r *http.Request) {
	pd := h.pending(w, r, auth.StageEnrol)
	if pd == nil {
		return
	}
	if err := web.ParseForm(r); err != nil {
		h.rd.Fail(w, r, err)
		return
	}
	code := decodeCodeForm(r.PostForm)
	if err := h.svc.ConfirmTOTP(r.Context(), pd.UserID, code, auth.ClientIP(r, h.trustProxy), pd.Token); err != nil {
		if !h.codeFailed(w, r, pd, err, h.enrolAgain(w, r, pd.UserID, "/login/instellen", true)) {
			h.rd.Fail(w, r, err)
		}
		return
	}
	h.finishStepUp(w, r, pd)
}

// enrolAgain shows the enrolment page again after a refused code.
func (h *Handlers) enrolAgain(w http.ResponseWriter, r *http.Request, userID int64, action string, required bool) func(int, string) {
	return func(status int, msg string) {
		if status == 0 {
			status, msg = http.StatusUnprocessableEntity, "De code klopt niet. Controleer of de sleutel goed is ingevoerd en vul de nieuwste code in."
		}
		secret, _ := h.svc.PendingTOTPSecret(r.Context(), userID)
		h.rd.Render(w, r, status, h.enrol, web.Page{Title: "Tweede factor instellen", Data: enrolData{Secret: secret, Action: action, Required: required},
			Errors: []web.FieldError{{Field: "code", Message: msg}}})
	}
}

func (h *Handlers) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(auth.SessionCookie); err == nil {
		_ = h.svc.Logout(r.Context(), c.Value)
	}
	auth.ClearSessionCookie(w)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

type accountData struct {
	User     *auth.User
	Sessions int
	Devices  []auth.Device
}

func (h *Handlers) accountPage(w http.ResponseWriter, r *http.Request) {
	h.renderAccount(w, r, http.StatusOK, "", nil)
}

func (h *Handlers) renderAccount(w http.ResponseWriter, r *http.Request, status int, flash string, errs []web.FieldError) {
	h.renderAccountForm(w, r, status, flash, errs, nil)
}

// renderAccountForm is the account page with the contact form refilled
// from form (nil: from the account).
func (h *Handlers) renderAccountForm(w http.ResponseWriter, r *http.Request, status int, flash string, errs []web.FieldError, form map[string]string) {
	p := auth.FromContext(r.Context())
	u, err := h.svc.UserByID(r.Context(), p.UserID)
	if err != nil {
		h.rd.Fail(w, r, err)
		return
	}
	n, _ := h.svc.ActiveSessions(r.Context(), p.UserID)
	devices, err := h.svc.Devices(r.Context(), p.UserID, deviceCookie(r))
	if err != nil {
		h.rd.Fail(w, r, err)
		return
	}
	if form == nil {
		form = map[string]string{"phone": u.Phone, "email": u.Email}
	}
	h.rd.Render(w, r, status, h.account, web.Page{Title: "Mijn account", Flash: flash, Errors: errs, Form: form, Data: accountData{User: u, Sessions: n, Devices: devices}})
}

// contactErrors turns CheckContact's problems into form errors, phone
// first, each at its field.
func contactErrors(err error) ([]web.FieldError, bool) {
	var ce *auth.ContactError
	if !errors.As(err, &ce) {
		return nil, false
	}
	var out []web.FieldError
	for _, f := range []string{"phone", "email"} {
		if m, ok := ce.Fields[f]; ok {
			out = append(out, web.FieldError{Field: f, Message: m})
		}
	}
	return out, true
}

// ownContact sets the signed-in account's own work phone number and
// e-mail address, which colleagues in other organisations see to reach
// them.
func (h *Handlers) ownContact(w http.ResponseWriter, r *http.Request) {
	if err := web.ParseForm(r); err != nil {
		h.rd.Fail(w, r, err)
		return
	}
	form, errs := decodeContactForm(r.PostForm)
	var err error
	if len(errs) == 0 {
		err = h.svc.SetContact(r.Context(), auth.FromContext(r.Context()).UserID, form["phone"], form["email"])
		errs, _ = contactErrors(err)
	}
	if len(errs) > 0 {
		h.renderAccountForm(w, r, http.StatusUnprocessableEntity, "", errs, form)
		return
	}
	if err != nil {
		h.rd.Fail(w, r, err)
		return
	}
	h.renderAccount(w, r, http.StatusOK, "Uw contactgegevens zijn bewaard.", nil)
}

// forgetDevice ends a remembered device of the signed-in account: that
// browser is no longer exempt from the account-wide lock.
func (h *Handlers) forgetDevice(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		h.rd.Fail(w, r, err)
		return
	}
	if err := h.svc.ForgetDevice(r.Context(), auth.FromContext(r.Context()).UserID, id); err != nil {
		if errors.Is(err, auth.ErrNotFound) {
			err = web.NotFound("Dit apparaat is niet bekend.", "No such device.")
		}
		h.rd.Fail(w, r, err)
		return
	}
	h.renderAccount(w, r, http.StatusOK, "Het apparaat is vergeten. Daar geldt weer de gewone blokkering na mislukte pogingen.", nil)
}

// passwordRefused is the account page's answer to a password asked again
// that was not accepted.
func (h *Handlers) passwordRefused(w http.ResponseWriter, r *http.Request, field string, err error) {
	var locked *auth.LockedError
	switch {
	case errors.As(err, &locked):
		h.renderAccount(w, r, http.StatusTooManyRequests, "", []web.FieldError{{Field: field, Message: "Te veel mislukte pogingen. Wacht 15 minuten en probeer het opnieuw."}})
	case errors.Is(err, auth.ErrBusy):
		w.Header().Set("Retry-After", "5")
		h.renderAccount(w, r, http.StatusServiceUnavailable, "", []web.FieldError{{Field: field, Message: "Het is nu erg druk. Probeer het over een paar seconden opnieuw."}})
	case errors.Is(err, auth.ErrBadCredentials):
		msg := "Het wachtwoord klopt niet."
		if field == "current" {
			msg = "Het huidige wachtwoord klopt niet."
		}
		h.renderAccount(w, r, http.StatusUnprocessableEntity, "", []web.FieldError{{Field: field, Message: msg}})
	default:
		h.rd.Fail(w, r, err)
	}
}

func (h *Handlers) logoutEverywhere(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	if _, err := h.svc.EndSessions(r.Context(), p.UserID); err != nil {
		h.rd.Fail(w, r, err)
		return
	}
	auth.ClearSessionCookie(w)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// passwordChange is the account page's form that changes the password.
type passwordChange struct{ Current, New string }

// decodePasswordForm reads the password change form without the database,
// so it can be fuzzed (issue 18): the new password must meet the policy
// for username, refused at "new" with the policy's reason. The current
// password is checked against the account (VerifyPassword), first, so a
// refusal of the new one tells nothing to who does not know the current.
func decodePasswordForm(f url.Values, username string, policy *auth.PasswordPolicy) (passwordChange, []web.FieldError) {
	in := passwordChange{Current: f.Get("current"), New: f.Get("new")}
	if err := policy.Check(username, in.New); err != nil {
		return in, []web.FieldError{policyError(err)}
	}
	return in, nil
}

// policyError is a password policy refusal at the "new" field, in the
// policy's Dutch words without its prefix.
func policyError(err error) web.FieldError {
	msg := strings.TrimPrefix(err.Error(), auth.ErrPasswordPolicy.Error()+": ")
	return web.FieldError{Field: "new", Message: capitalise(msg) + "."}
}

// decodeCodeForm reads the code of a second-factor form (at login, when
// setting one up) without the database, so it can be fuzzed (issue 18):
// the code as typed without surrounding spaces. Its format is checked
// with the attempt counted (auth's checkTOTP), so a malformed code counts
// towards the lockout like a wrong one.
func decodeCodeForm(f url.Values) string {
	return strings.TrimSpace(f.Get("code"))
}

func (h *Handlers) changePassword(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	if err := web.ParseForm(r); err != nil {
		h.rd.Fail(w, r, err)
		return
	}
	in, errs := decodePasswordForm(r.PostForm, p.Username, h.svc.Password)
	if _, err := h.svc.VerifyPassword(r.Context(), p.Username, in.Current, auth.ClientIP(r, h.trustProxy), deviceCookie(r)); err != nil {
		h.passwordRefused(w, r, "current", err)
		return
	}
	if len(errs) > 0 {
		h.renderAccount(w, r, http.StatusUnprocessableEntity, "", errs)
		return
	}
	if err := h.svc.SetPassword(r.Context(), p.UserID, in.New); err != nil {
		h.renderAccount(w, r, http.StatusUnprocessableEntity, "", []web.FieldError{policyError(err)})
		return
	}
	auth.ClearSessionCookie(w)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// ownEnrolForm lets a signed-in account holder without a second factor
// (clients and relatives, for whom it is optional) set one up. An account
// that already has one is sent back: starting again would switch off the
// working factor until the new one is confirmed.
// optionalEnrolee is the signed-in account that may set up an optional
// second factor, or nil after answering: one that has a factor already or
// is a demo account goes back to the account page.
func (h *Handlers) optionalEnrolee(w http.ResponseWriter, r *http.Request) *auth.User {
	u, err := h.svc.UserByID(r.Context(), auth.FromContext(r.Context()).UserID)
	if err != nil {
		h.rd.Fail(w, r, err)
		return nil
	}
	if u.TOTPEnabled || u.Demo {
		http.Redirect(w, r, "/account", http.StatusSeeOther)
		return nil
	}
	return u
}

func (h *Handlers) ownEnrolForm(w http.ResponseWriter, r *http.Request) {
	u := h.optionalEnrolee(w, r)
	if u == nil {
		return
	}
	url, secret, err := h.svc.BeginTOTP(r.Context(), u.ID)
	if err != nil {
		h.rd.Fail(w, r, err)
		return
	}
	h.rd.Render(w, r, http.StatusOK, h.enrol, web.Page{Title: "Tweede factor instellen", Data: enrolData{URL: url, Secret: secret, Action: "/account/tweede-factor"}})
}

func (h *Handlers) ownEnrolSubmit(w http.ResponseWriter, r *http.Request) {
	u := h.optionalEnrolee(w, r)
	if u == nil {
		return
	}
	if err := web.ParseForm(r); err != nil {
		h.rd.Fail(w, r, err)
		return
	}
	if err := h.svc.ConfirmTOTP(r.Context(), u.ID, decodeCodeForm(r.PostForm), auth.ClientIP(r, h.trustProxy), ""); err != nil {
		if !h.codeFailed(w, r, &auth.Pending{UserID: u.ID}, err, h.enrolAgain(w, r, u.ID, "/account/tweede-factor", false)) {
			h.rd.Fail(w, r, err)
		}
		return
	}
	h.renderAccount(w, r, http.StatusOK, "Uw tweede factor is ingesteld. Vanaf nu vraagt Volwaardig bij het inloggen ook om de code uit uw app.", nil)
}

// ownTOTPOff switches an optional second factor off again, after the
// current password, so that someone at an unlocked screen cannot. For a
// professional the factor is not optional and stays on.
func (h *Handlers) ownTOTPOff(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	if p.Role.Professional() {
		h.renderAccount(w, r, http.StatusForbidden, "", []web.FieldError{{Field: "totp-current", Message: "Voor uw rol is een tweede factor verplicht; die kunt u niet uitzetten. Nieuwe telefoon? Vraag de beheerder de tweede factor opnieuw in te stellen."}})
		return
	}
	if _, err := h.svc.VerifyPassword(r.Context(), p.Username, r.PostFormValue("current"), auth.ClientIP(r, h.trustProxy), deviceCookie(r)); err != nil {
		h.passwordRefused(w, r, "totp-current", err)
		return
	}
	if err := h.svc.DisableTOTP(r.Context(), p.UserID); err != nil {
		h.rd.Fail(w, r, err)
		return
	}
	h.renderAccount(w, r, http.StatusOK, "Uw tweede factor staat uit. U logt voortaan in met alleen uw wachtwoord.", nil)
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func (h *Handlers) userList(w http.ResponseWriter, r *http.Request) {
	users, err := h.svc.Users(r.Context())
	if err != nil {
		h.rd.Fail(w, r, err)
		return
	}
	h.rd.Render(w, r, http.StatusOK, h.users, web.Page{Title: "Accounts beheren", Data: users})
}

func (h *Handlers) userNewForm(w http.ResponseWriter, r *http.Request) {
	h.rd.Render(w, r, http.StatusOK, h.userNew, web.Page{Title: "Nieuw account", Data: auth.AllRoles()})
}

func (h *Handlers) userCreate(w http.ResponseWriter, r *http.Request) {
	if err := web.ParseForm(r); err != nil {
		h.rd.Fail(w, r, err)
		return
	}
	nu, f, errs := decodeNewUser(r.PostForm, h.svc.NewUserProblems)
	refuse := func(errs []web.FieldError) {
		h.rd.Render(w, r, http.StatusUnprocessableEntity, h.userNew, web.Page{Title: "Nieuw account", Data: auth.AllRoles(), Form: f, Errors: errs})
	}
	if len(errs) > 0 {
		refuse(errs)
		return
	}
	if _, err := h.svc.CreateUser(r.Context(), nu); err != nil {
		field := "username"
		msg := err.Error()
		if errors.Is(err, auth.ErrPasswordPolicy) {
			field, msg = "password", strings.TrimPrefix(msg, auth.ErrPasswordPolicy.Error()+": ")
		} else if strings.Contains(msg, "rol") || strings.Contains(msg, "role") {
			field = "role"
		}
		refuse([]web.FieldError{{Field: field, Message: capitalise(msg) + "."}})
		return
	}
	http.Redirect(w, r, "/beheer/accounts", http.StatusSeeOther)
}

// decodeNewUser reads the new account form without the database, so it
// can be fuzzed (issue 18): the fields trimmed, the regions a comma list,
// and every wrong field at once, in the form's order, as problems (the
// service's NewUserProblems, which needs only the password policy) finds
// them. It returns the account, the form to show again (without the
// password) and the errors.
func decodeNewUser(f url.Values, problems func(auth.NewUser) map[string]string) (auth.NewUser, map[string]string, []web.FieldError) {
	form := map[string]string{}
	for _, k := range []string{"username", "display_name", "role", "organisation", "regions", "phone", "email"} {
		form[k] = strings.TrimSpace(f.Get(k))
	}
	var regions []string
	for _, x := range strings.Split(form["regions"], ",") {
		if x = strings.TrimSpace(x); x != "" {
			regions = append(regions, x)
		}
	}
	nu := auth.NewUser{Username: form["username"], DisplayName: form["display_name"], Role: auth.Role(form["role"]),
		Organisation: form["organisation"], Phone: form["phone"], Email: form["email"], Password: f.Get("password"), Scope: auth.Scope{Regions: regions}}
	var errs []web.FieldError
	p := problems(nu)
	for _, k := range []string{"username", "role", "phone", "email", "password"} {
		if m, ok := p[k]; ok {
			errs = append(errs, web.FieldError{Field: k, Message: m})
		}
	}
	return nu, form, errs
}

// decodeContactForm reads a work contact form (the account's own, or a
// beheerder's for a colleague) without the database, so it can be fuzzed
// (issue 18): a Dutch phone number or none, an e-mail address or none,
// every wrong field at once (auth.CheckContact's rules). It returns the
// form as typed, to store or show again, and the errors.
func decodeContactForm(f url.Values) (map[string]string, []web.FieldError) {
	form := map[string]string{"phone": f.Get("phone"), "email": f.Get("email")}
	_, _, err := auth.CheckContact(form["phone"], form["email"])
	errs, _ := contactErrors(err)
	return form, errs
}

// userContactForm lets the beheerder set an account's work phone number
// and e-mail address (for a colleague who cannot, or an account made
// before there were such fields).
func (h *Handlers) userContactForm(w http.ResponseWriter, r *http.Request) {
	u := h.pathUser(w, r)
	if u == nil {
		return
	}
	h.rd.Render(w, r, http.StatusOK, h.userContact, web.Page{Title: "Contactgegevens", Data: u, Form: map[string]string{"phone": u.Phone, "email": u.Email}})
}

func (h *Handlers) userContactSave(w http.ResponseWriter, r *http.Request) {
	u := h.pathUser(w, r)
	if u == nil {
		return
	}
	if err := web.ParseForm(r); err != nil {
		h.rd.Fail(w, r, err)
		return
	}
	form, errs := decodeContactForm(r.PostForm)
	var err error
	if len(errs) == 0 {
		err = h.svc.SetContact(r.Context(), u.ID, form["phone"], form["email"])
		errs, _ = contactErrors(err)
	}
	if len(errs) > 0 {
		h.rd.Render(w, r, http.StatusUnprocessableEntity, h.userContact, web.Page{Title: "Contactgegevens", Data: u, Form: form, Errors: errs})
		return
	}
	if err != nil {
		h.rd.Fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/beheer/accounts", http.StatusSeeOther)
}

// pathUser is the professional account named by the path's id, or nil
// after answering. Only professionals have work contact details; a client's
// or relative's account answers as unknown, so these pages never show a
// beheerder of another scope whose account it is.
func (h *Handlers) pathUser(w http.ResponseWriter, r *http.Request) *auth.User {
	id, err := web.PathID(r, "id")
	if err != nil {
		h.rd.Fail(w, r, err)
		return nil
	}
	u, err := h.svc.UserByID(r.Context(), id)
	if errors.Is(err, auth.ErrNotFound) || (err == nil && !u.Role.Professional()) {
		err = web.NotFound("Dit account bestaat niet of heeft geen werkgegevens.", "No such account, or it has no work contact details.")
	}
	if err != nil {
		h.rd.Fail(w, r, err)
		return nil
	}
	return u
}

func (h *Handlers) userEndSessions(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		h.rd.Fail(w, r, err)
		return
	}
	if _, err := h.svc.EndSessions(r.Context(), id); err != nil {
		h.rd.Fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/beheer/accounts", http.StatusSeeOther)
}

func (h *Handlers) userDisable(disabled bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := web.PathID(r, "id")
		if err != nil {
			h.rd.Fail(w, r, err)
			return
		}
		if err := h.svc.SetDisabled(r.Context(), id, disabled); err != nil {
			if errors.Is(err, auth.ErrNotFound) {
				err = web.NotFound("Dit account bestaat niet.", "No such account.")
			}
			h.rd.Fail(w, r, err)
			return
		}
		http.Redirect(w, r, "/beheer/accounts", http.StatusSeeOther)
	}
}
