package auth_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
	"github.com/volwaardig/volwaardig/internal/keyring"
)

var secret = []byte("0123456789abcdef0123456789abcdef")

func newService(t testing.TB, d *db.DB, demo bool) (*auth.Service, *db.ManualClock) {
	t.Helper()
	clock := db.NewManualClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	s, err := auth.New(d, clock, auth.Config{DemoMode: demo, Secret: secret, Keys: testRing(t)}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	return s, clock
}

func testRing(t testing.TB) *keyring.Ring {
	t.Helper()
	r, err := keyring.Generate()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func sets() []db.Migrations { return []db.Migrations{auth.Migrations()} }

const goodPassword = "paarse olifant danst op het dak"

func TestPasswordHashing(t *testing.T) {
	h, err := auth.HashPassword(goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q does not carry the OWASP argon2id parameters", h)
	}
	if !auth.CheckPassword(h, goodPassword) || auth.CheckPassword(h, goodPassword+"x") {
		t.Fatal("CheckPassword accepts the wrong password or refuses the right one")
	}
	for _, bad := range []string{"", "$argon2id$", "$bcrypt$x$y$z$w", h[:len(h)-4]} {
		if auth.CheckPassword(bad, goodPassword) {
			t.Errorf("malformed hash %q accepted", bad)
		}
	}
}

func TestPasswordPolicy(t *testing.T) {
	pp := auth.NewPasswordPolicy()
	cases := []struct {
		user, pw string
		ok       bool
	}{
		{"piet", "kort", false},
		{"piet", "elf tekens!", false},
		{"piet", "twaalf tekens", true},
		{"piet", strings.Repeat("abcd", 32), true},
		{"piet", strings.Repeat("ab", 64), false},
		{"piet", strings.Repeat("a", 129), false},
		{"piet", "password1234", false},
		{"piet", "Wachtwoord123", false},
		{"piet", "welkom2026welkom", true},
		{"piet", "mijnnaamispiet!!", false},
		{"piet", "aaaaaaaaaaaaaaaa", false},
		{"piet", "ééééñññ øøø üüü", true},
		{"piet", goodPassword, true},
	}
	for _, c := range cases {
		err := pp.Check(c.user, c.pw)
		if (err == nil) != c.ok {
			t.Errorf("Check(%q, %q) = %v, want ok=%v", c.user, c.pw, err, c.ok)
		}
		if err != nil && !errors.Is(err, auth.ErrPasswordPolicy) {
			t.Errorf("error %v does not wrap ErrPasswordPolicy", err)
		}
	}
}

func TestSessions(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, clock := newService(t, d, false)
		id, err := s.CreateUser(ctx, auth.NewUser{Username: "Sanne", Role: auth.RoleClient, Password: goodPassword})
		if err != nil {
			t.Fatal(err)
		}
		res, err := s.Login(ctx, "sanne", goodPassword, "10.0.0.1", "")
		if err != nil {
			t.Fatal(err)
		}
		if res.Stage != auth.StageOK {
			t.Fatalf("client without second factor: stage %q, want ok", res.Stage)
		}
		p, _, err := s.Session(ctx, res.Token)
		if err != nil || p.UserID != id || p.Role != auth.RoleClient {
			t.Fatalf("session: %v %+v", err, p)
		}
		// Idle timeout: 29 minutes of silence keep the session, 30 end it.
		clock.Advance(29 * time.Minute)
		if _, _, err := s.Session(ctx, res.Token); err != nil {
			t.Fatalf("session ended before the idle timeout: %v", err)
		}
		clock.Advance(30 * time.Minute)
		if _, _, err := s.Session(ctx, res.Token); err == nil {
			t.Fatal("session survived 30 idle minutes")
		}
		// Absolute timeout: activity every 20 minutes still ends at 12 h.
		res, _ = s.Login(ctx, "sanne", goodPassword, "10.0.0.1", "")
		for i := 0; i < 35; i++ {
			clock.Advance(20 * time.Minute)
			if _, _, err := s.Session(ctx, res.Token); err != nil {
				t.Fatalf("active session ended after %d minutes", (i+1)*20)
			}
		}
		clock.Advance(21 * time.Minute) // 12 h 1 min after login
		if _, _, err := s.Session(ctx, res.Token); err == nil {
			t.Fatal("session outlived the absolute timeout of 12 hours")
		}
		// New token at each login, logout everywhere ends them all.
		r1, _ := s.Login(ctx, "sanne", goodPassword, "10.0.0.1", "")
		r2, _ := s.Login(ctx, "sanne", goodPassword, "10.0.0.2", "")
		if r1.Token == r2.Token {
			t.Fatal("two logins share a token")
		}
		if n, err := s.EndSessions(ctx, id); err != nil || n != 2 {
			t.Fatalf("EndSessions = %d, %v; want 2", n, err)
		}
		for _, tok := range []string{r1.Token, r2.Token} {
			if _, _, err := s.Session(ctx, tok); err == nil {
				t.Fatal("session survived log out everywhere")
			}
		}
		// A disabled account's sessions end.
		r3, _ := s.Login(ctx, "sanne", goodPassword, "10.0.0.1", "")
		if err := s.SetDisabled(ctx, id, true); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Session(ctx, r3.Token); err == nil {
			t.Fatal("disabled account keeps its session")
		}
		if _, err := s.Login(ctx, "sanne", goodPassword, "10.0.0.1", ""); !errors.Is(err, auth.ErrBadCredentials) {
			t.Fatalf("disabled account logged in: %v", err)
		}
	})
}

func TestDemoAccountsOnlyInDemoMode(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		demoSvc, _ := newService(t, d, true)
		if _, err := demoSvc.CreateUser(ctx, auth.NewUser{Username: "zorgkantoor", Role: auth.RoleZorgkantoor, Password: "demo", Demo: true}); err != nil {
			t.Fatal(err)
		}
		res, err := demoSvc.Login(ctx, "zorgkantoor", "demo", "127.0.0.1", "")
		if err != nil || res.Stage != auth.StageOK {
			t.Fatalf("demo login in demo mode: %v", err)
		}
		prod, _ := newService(t, d, false)
		if _, err := prod.Login(ctx, "zorgkantoor", "demo", "127.0.0.1", ""); !errors.Is(err, auth.ErrDemoRefused) {
			t.Fatalf("demo login without --demo: %v, want ErrDemoRefused", err)
		}
		if _, _, err := prod.Session(ctx, res.Token); err == nil {
			t.Fatal("a demo session stays valid on a server without --demo")
		}
		// The policy applies to every password a person sets: "demo" is
		// refused for a normal account.
		if _, err := prod.CreateUser(ctx, auth.NewUser{Username: "echt", Role: auth.RoleZorgkantoor, Password: "demo"}); !errors.Is(err, auth.ErrPasswordPolicy) {
			t.Fatalf("short password accepted: %v", err)
		}
	})
}

func TestSecondFactor(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, clock := newService(t, d, false)
		id, err := s.CreateUser(ctx, auth.NewUser{Username: "jan", Role: auth.RoleZorgkantoor, Password: goodPassword})
		if err != nil {
			t.Fatal(err)
		}
		res, err := s.Login(ctx, "jan", goodPassword, "10.0.0.1", "")
		if err != nil {
			t.Fatal(err)
		}
		if res.Stage != auth.StageEnrol {
			t.Fatalf("professional without TOTP: stage %q, want enrol", res.Stage)
		}
		if _, stage, _ := s.Session(ctx, res.Token); stage != auth.StageEnrol {
			t.Fatalf("partial session stage %q", stage)
		}
		_, secretKey, err := s.BeginTOTP(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.ConfirmTOTP(ctx, id, "000000", "10.0.0.1", ""); err == nil {
			t.Fatal("wrong enrolment code accepted")
		}
		code, _ := totp.GenerateCode(secretKey, clock.Now())
		if err := s.ConfirmTOTP(ctx, id, code, "10.0.0.1", ""); err != nil {
			t.Fatalf("enrolment: %v", err)
		}
		clock.Advance(time.Minute)
		res, _ = s.Login(ctx, "jan", goodPassword, "10.0.0.1", "")
		if res.Stage != auth.StageTOTP {
			t.Fatalf("professional with TOTP: stage %q, want totp", res.Stage)
		}
		code, _ = totp.GenerateCode(secretKey, clock.Now())
		if err := s.VerifyTOTP(ctx, id, code, "10.0.0.1", res.Token); err != nil {
			t.Fatalf("valid code refused: %v", err)
		}
		if err := s.VerifyTOTP(ctx, id, code, "10.0.0.1", res.Token); !errors.Is(err, auth.ErrBadCode) {
			t.Fatalf("replayed code: %v, want ErrBadCode", err)
		}
		full, err := s.CompleteSession(ctx, res.Token)
		if err != nil || full == res.Token {
			t.Fatalf("step-up must issue a new token: %v", err)
		}
		if _, _, err := s.Session(ctx, res.Token); err == nil {
			t.Fatal("partial session token still valid after step-up")
		}
		if _, stage, err := s.Session(ctx, full); err != nil || stage != auth.StageOK {
			t.Fatalf("full session: %v %q", err, stage)
		}
	})
}

func TestLoginThrottle(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, clock := newService(t, d, false)
		if _, err := s.CreateUser(ctx, auth.NewUser{Username: "owner", Role: auth.RoleClient, Password: goodPassword}); err != nil {
			t.Fatal(err)
		}
		// The owner logged in before from their own browser.
		first, err := s.Login(ctx, "owner", goodPassword, "192.0.2.10", "")
		if err != nil {
			t.Fatal(err)
		}
		device := first.DeviceCookie
		// An attacker from one address: locked after 5 tries.
		var locked *auth.LockedError
		for i := 0; i < 5; i++ {
			if _, err := s.Login(ctx, "owner", "wrong guess number x", "198.51.100.7", ""); !errors.Is(err, auth.ErrBadCredentials) {
				t.Fatalf("attempt %d: %v", i, err)
			}
		}
		if _, err := s.Login(ctx, "owner", goodPassword, "198.51.100.7", ""); !errors.As(err, &locked) {
			t.Fatalf("6th attempt from the same address: %v, want locked", err)
		}
		// Attackers from many addresses push the account over its limit...
		for i := 0; i < 10; i++ {
			_, _ = s.Login(ctx, "owner", "another wrong guess", "203.0.113."+string(rune('1'+i)), "")
		}
		if _, err := s.Login(ctx, "owner", goodPassword, "192.0.2.99", ""); !errors.As(err, &locked) {
			t.Fatalf("account-wide lock not applied to an unknown browser: %v", err)
		}
		// ...but the owner's own browser (device cookie) still gets in.
		if _, err := s.Login(ctx, "owner", goodPassword, "192.0.2.10", device); err != nil {
			t.Fatalf("owner with device cookie locked out: %v", err)
		}
		// And every lock ends on its own.
		clock.Advance(16 * time.Minute)
		if _, err := s.Login(ctx, "owner", goodPassword, "198.51.100.7", ""); err != nil {
			t.Fatalf("lock did not expire: %v", err)
		}
	})
}

func TestTokens(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, clock := newService(t, d, false)
		id, _ := s.CreateUser(ctx, auth.NewUser{Username: "sensor-admin", Role: auth.RoleZorgverlener, Password: goodPassword})
		tid, secretTok, err := s.CreateToken(ctx, id, "bed sensors", auth.TokenDevice, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		p, err := s.TokenPrincipal(ctx, secretTok)
		if err != nil || !p.Device || p.UserID != id {
			t.Fatalf("device token: %v %+v", err, p)
		}
		if auth.Roles(auth.RoleZorgverlener).Allows(p) {
			t.Fatal("a device token passes a role rule")
		}
		if !auth.Devices().Allows(p) {
			t.Fatal("a device token is refused by a device rule")
		}
		toks, _ := s.Tokens(ctx, id)
		if len(toks) != 1 || strings.Contains(toks[0].Name, secretTok) {
			t.Fatalf("tokens: %+v", toks)
		}
		clock.Advance(2 * time.Hour)
		if _, err := s.TokenPrincipal(ctx, secretTok); err == nil {
			t.Fatal("expired token accepted")
		}
		_, apiTok, _ := s.CreateToken(ctx, id, "script", auth.TokenAPI, 0)
		if _, err := s.TokenPrincipal(ctx, apiTok); err != nil {
			t.Fatal(err)
		}
		// "Last used" is kept to the minute, not written on every request.
		lastUsed := func() time.Time {
			toks, _ := s.Tokens(ctx, id)
			if toks[1].LastUsedAt == nil {
				t.Fatal("last use not recorded")
			}
			return *toks[1].LastUsedAt
		}
		first := lastUsed()
		clock.Advance(30 * time.Second)
		_, _ = s.TokenPrincipal(ctx, apiTok)
		if got := lastUsed(); !got.Equal(first) {
			t.Errorf("last use rewritten after 30 s: %v, want %v", got, first)
		}
		clock.Advance(31 * time.Second)
		_, _ = s.TokenPrincipal(ctx, apiTok)
		if got := lastUsed(); !got.After(first) {
			t.Errorf("last use not updated after a minute: %v", got)
		}
		toks, _ = s.Tokens(ctx, id)
		if err := s.RevokeToken(ctx, toks[1].ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.TokenPrincipal(ctx, apiTok); err == nil {
			t.Fatal("revoked token accepted")
		}
		if err := s.RevokeToken(ctx, tid+100); !errors.Is(err, auth.ErrNotFound) {
			t.Fatalf("revoking an unknown token: %v", err)
		}
	})
}

func TestRecordPolicy(t *testing.T) {
	var pol auth.Policy
	c := auth.ClientRef{ID: 7, Region: "ZK11", Organisations: []int64{3}, Locations: []int64{30}, Teams: []int64{1}, Supporters: []int64{50}, Representatives: []int64{60, 61}, LegalRepresentatives: []int64{61}}
	cases := []struct {
		p        auth.Principal
		see, bsn bool
	}{
		{auth.Principal{Role: auth.RoleZorgkantoor, Scope: auth.Scope{Regions: []string{"ZK11"}}}, true, true},
		{auth.Principal{Role: auth.RoleZorgkantoor, Scope: auth.Scope{Regions: []string{"ZK01"}}}, false, false},
		{auth.Principal{Role: auth.RoleZorgverlener, Scope: auth.Scope{Locations: []int64{30}}}, true, true},
		{auth.Principal{Role: auth.RoleZorgverlener, Scope: auth.Scope{Locations: []int64{31}}}, false, false},
		{auth.Principal{Role: auth.RoleAanbieder, Scope: auth.Scope{Organisations: []int64{3}}}, true, false},
		{auth.Principal{Role: auth.RoleCOT, Scope: auth.Scope{Teams: []int64{1}}}, true, true},
		{auth.Principal{UserID: 50, Role: auth.RoleOndersteuner}, true, true},
		{auth.Principal{UserID: 60, Role: auth.RoleNaaste}, true, false},
		{auth.Principal{UserID: 61, Role: auth.RoleNaaste}, true, true},
		{auth.Principal{UserID: 62, Role: auth.RoleNaaste}, false, false},
		{auth.Principal{Role: auth.RoleClient, Scope: auth.Scope{ClientID: 7}}, true, true},
		{auth.Principal{Role: auth.RoleClient, Scope: auth.Scope{ClientID: 8}}, false, false},
		{auth.Principal{Role: auth.RoleProgramma, Scope: auth.Scope{Regions: []string{"ZK11"}}}, false, false},
		{auth.Principal{Role: auth.RoleBeheerder}, false, false},
	}
	for _, cs := range cases {
		p := cs.p
		if got := pol.CanSeeClient(&p, c); got != cs.see {
			t.Errorf("%s %+v: CanSeeClient = %v, want %v", p.Role, p.Scope, got, cs.see)
		}
		if got := pol.CanSeeBSN(&p, c); got != cs.bsn {
			t.Errorf("%s %+v: CanSeeBSN = %v, want %v", p.Role, p.Scope, got, cs.bsn)
		}
	}
	if pol.CanSeeClient(nil, c) || pol.CanSeeBSN(nil, c) {
		t.Error("anonymous sees a client")
	}
}
