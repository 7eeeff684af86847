package authweb_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/authweb"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
	"github.com/volwaardig/volwaardig/internal/web"
)

// loginBeheerder creates a beheerder with a second factor and logs in.
func loginBeheerder(t *testing.T, s *site) int64 {
	t.Helper()
	ctx := context.Background()
	id, err := s.svc.CreateUser(ctx, auth.NewUser{Username: "beheer", DisplayName: "Beheer", Role: auth.RoleBeheerder, Password: password})
	if err != nil {
		t.Fatal(err)
	}
	_, secret, err := s.svc.BeginTOTP(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	code, _ := totp.GenerateCode(secret, s.clock.Now())
	if err := s.svc.ConfirmTOTP(ctx, id, code, "10.0.0.1", ""); err != nil {
		t.Fatal(err)
	}
	s.clock.Advance(time.Minute)
	s.do(t, "POST", "/login", url.Values{"username": {"beheer"}, "password": {password}})
	code, _ = totp.GenerateCode(secret, s.clock.Now())
	expect(t, "login", s.do(t, "POST", "/login/code", url.Values{"code": {code}}), http.StatusSeeOther, "/")
	return id
}

// A professional sets a work phone number and e-mail address on
// /account; every wrong field is named at once, in the summary and at the
// field, with what was typed kept.
func TestOwnContactDetails(t *testing.T) {
	dbtest.Each(t, []db.Migrations{auth.Migrations()}, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		id := loginBeheerder(t, s)
		expect(t, "account page", s.do(t, "GET", "/account", nil), http.StatusOK, "", "Contactgegevens voor collega&#39;s", `name="phone"`, `type="tel"`, `name="email"`)
		rec := s.do(t, "POST", "/account/contactgegevens", url.Values{"phone": {"030-23"}, "email": {"beheer@"}})
		expect(t, "wrong contact", rec, http.StatusUnprocessableEntity, "", "error-summary", `href="#phone"`, `href="#email"`, `id="phone-fout"`, `id="email-fout"`,
			"Vul een Nederlands telefoonnummer in", "Vul een e-mailadres in", `value="030-23"`, `value="beheer@"`)
		expect(t, "good contact", s.do(t, "POST", "/account/contactgegevens", url.Values{"phone": {"030-2345601"}, "email": {"beheer@volwaardig.example"}}), http.StatusOK, "",
			"Uw contactgegevens zijn bewaard.", "030 234 5601", "beheer@volwaardig.example")
		u, err := s.svc.UserByID(context.Background(), id)
		if err != nil || u.Phone != "030 234 5601" || u.Email != "beheer@volwaardig.example" {
			t.Errorf("stored %+v %v", u, err)
		}
		// Emptying both is allowed: the holder may withdraw them.
		expect(t, "empty contact", s.do(t, "POST", "/account/contactgegevens", url.Values{"phone": {""}, "email": {""}}), http.StatusOK, "", "Uw contactgegevens zijn bewaard.")
		if u, _ := s.svc.UserByID(context.Background(), id); u.Phone != "" || u.Email != "" {
			t.Errorf("after emptying: %+v", u)
		}
	})
}

// The beheerder gives an account a phone number and e-mail address when
// creating it and later; a wrong new account names all its wrong fields
// at once.
func TestBeheerderSetsContactDetails(t *testing.T) {
	dbtest.Each(t, []db.Migrations{auth.Migrations()}, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		loginBeheerder(t, s)
		expect(t, "new account form", s.do(t, "GET", "/beheer/accounts/nieuw", nil), http.StatusOK, "", `name="phone"`, `name="email"`)
		rec := s.do(t, "POST", "/beheer/accounts/nieuw", url.Values{"username": {"P J"}, "role": {"zorgkantoor"}, "phone": {"12"}, "email": {"pj"}, "password": {"kort"}})
		expect(t, "wrong new account", rec, http.StatusUnprocessableEntity, "", `href="#username"`, `href="#phone"`, `href="#email"`, `href="#password"`)
		rec = s.do(t, "POST", "/beheer/accounts/nieuw", url.Values{"username": {"pj"}, "display_name": {"Pieter Jansen"}, "role": {"zorgkantoor"},
			"phone": {"+31 30 299 0101"}, "email": {"p.jansen@zk.example"}, "password": {password}})
		expect(t, "new account", rec, http.StatusSeeOther, "/beheer/accounts")
		users, err := s.svc.Users(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var pj auth.User
		for _, u := range users {
			if u.Username == "pj" {
				pj = u
			}
		}
		if pj.Phone != "030 299 0101" || pj.Email != "p.jansen@zk.example" {
			t.Fatalf("created %+v", pj)
		}
		path := "/beheer/accounts/" + strconv.FormatInt(pj.ID, 10) + "/contactgegevens"
		expect(t, "list links to contact", s.do(t, "GET", "/beheer/accounts", nil), http.StatusOK, "", `href="`+path+`"`)
		expect(t, "contact form", s.do(t, "GET", path, nil), http.StatusOK, "", "Pieter Jansen", `value="030 299 0101"`)
		expect(t, "wrong edit", s.do(t, "POST", path, url.Values{"phone": {"06-123"}, "email": {"p.jansen@zk.example"}}), http.StatusUnprocessableEntity, "", `href="#phone"`)
		expect(t, "edit", s.do(t, "POST", path, url.Values{"phone": {"06-12345678"}, "email": {"pieter@zk.example"}}), http.StatusSeeOther, "/beheer/accounts")
		if u, _ := s.svc.UserByID(context.Background(), pj.ID); u.Phone != "06 1234 5678" || u.Email != "pieter@zk.example" {
			t.Errorf("edited %+v", u)
		}
		expect(t, "unknown account", s.do(t, "GET", "/beheer/accounts/9999/contactgegevens", nil), http.StatusNotFound, "")
		// A client's account has no work contact details: its page answers
		// as unknown and does not name the client.
		cid, err := s.svc.CreateUser(context.Background(), auth.NewUser{Username: "sanne", DisplayName: "Sanne de Vries", Role: auth.RoleClient, Password: password})
		if err != nil {
			t.Fatal(err)
		}
		rec = s.do(t, "GET", "/beheer/accounts/"+strconv.FormatInt(cid, 10)+"/contactgegevens", nil)
		if rec.Code != http.StatusNotFound || strings.Contains(rec.Body.String(), "Sanne") {
			t.Errorf("a client's contact page: %d", rec.Code)
		}
		rec = s.do(t, "POST", "/beheer/accounts/"+strconv.FormatInt(cid, 10)+"/contactgegevens", url.Values{"phone": {"06-12345678"}})
		if u, _ := s.svc.UserByID(context.Background(), cid); rec.Code != http.StatusNotFound || u.Phone != "" {
			t.Errorf("a client's contact saved: %d %q", rec.Code, u.Phone)
		}
	})
}

// Phone numbers and e-mail addresses of staff are personal data: setting
// them, right or wrong, writes neither to the server's log.
func TestContactDetailsNotLogged(t *testing.T) {
	dbtest.Each(t, []db.Migrations{auth.Migrations()}, func(t *testing.T, d *db.DB) {
		var logged bytes.Buffer
		s := newSite(t, d)
		logger := slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelDebug}))
		rt := web.NewRouter()
		authweb.New(s.svc, web.NewRenderer(rt, logger), logger, false, nil, s.audit).Routes(rt)
		s.handler = s.svc.Middleware(rt)
		loginBeheerder(t, s)
		s.do(t, "POST", "/account/contactgegevens", url.Values{"phone": {"030-2991234567"}, "email": {"geheim@"}})
		s.do(t, "POST", "/account/contactgegevens", url.Values{"phone": {"030-2994321"}, "email": {"geheim@volwaardig.example"}})
		s.do(t, "POST", "/beheer/accounts/nieuw", url.Values{"username": {"x y"}, "phone": {"06-87654321"}, "email": {"nieuw@"}})
		for _, secret := range []string{"2991234567", "299 4321", "2994321", "geheim", "87654321", "8765 4321", "nieuw@"} {
			if strings.Contains(logged.String(), secret) {
				t.Errorf("the log holds %q:\n%s", secret, logged.String())
			}
		}
	})
}
