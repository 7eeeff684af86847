package app

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/volwaardig/volwaardig/internal/auth"
)

// auditCount counts audit entries matching a condition on audit_accesses (one row per person recorded).
func auditCount(t *testing.T, a *App, where string, args ...any) int {
	t.Helper()
	var n int
	if err := a.DB.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM audit_accesses WHERE `+where, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestSecondFactorThrottledOverHTTP walks the web login of a professional
// with a real second factor: wrong codes are answered 401, the fifth ends
// the half-logged-in session (back to the password, with a Dutch
// message), each wrong code is audited, and the right code from that
// address is then refused while locked (issue 9, finding 3).
func TestSecondFactorThrottledOverHTTP(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			a, srv := testApp(t, dialect)
			ctx := context.Background()
			const pw = "een heel lang wachtwoord voor de test"
			id, err := a.Auth.CreateUser(ctx, auth.NewUser{Username: "kees", Role: auth.RoleZorgkantoor, Password: pw})
			if err != nil {
				t.Fatal(err)
			}
			_, key, err := a.Auth.BeginTOTP(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			code, _ := totp.GenerateCode(key, time.Now())
			if err := a.Auth.ConfirmTOTP(ctx, id, code, "127.0.0.2", ""); err != nil {
				t.Fatal(err)
			}
			resp, _ := request(t, srv, nil, "POST", "/login", url.Values{"username": {"kees"}, "password": {pw}})
			pending := sessionFrom(resp)
			if resp.Header.Get("Location") != "/login/code" || pending == nil {
				t.Fatalf("login: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
			}
			wrong := "000000"
			if right, _ := totp.GenerateCode(key, time.Now()); right == wrong {
				wrong = "111111"
			}
			for i := 1; i <= 4; i++ {
				if resp, _ := request(t, srv, pending, "POST", "/login/code", url.Values{"code": {wrong}}); resp.StatusCode != http.StatusUnauthorized {
					t.Fatalf("wrong code %d: status %d, want 401", i, resp.StatusCode)
				}
			}
			resp, page := request(t, srv, pending, "POST", "/login/code", url.Values{"code": {wrong}})
			if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(page, "Te veel onjuiste codes: u bent uitgelogd. Wacht 15 minuten en log dan opnieuw in") {
				t.Fatalf("fifth wrong code: status %d, want 401 with the login page saying why", resp.StatusCode)
			}
			if resp, _ := request(t, srv, pending, "GET", "/login/code", nil); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login" {
				t.Fatalf("the half-logged-in session still works after five wrong codes: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
			}
			if n := auditCount(t, a, `object_type = 'login_refused.code_wrong' AND object_id = $1 AND outcome = 'denied'`, strconv.FormatInt(id, 10)); n != 4 {
				t.Errorf("%d wrong codes audited, want 4", n)
			}
			if n := auditCount(t, a, `object_type = 'login_refused.code_session_ended'`); n != 1 {
				t.Errorf("ended session audited %d times, want 1", n)
			}
			// Log in again: the right code is refused, the address is locked.
			resp, _ = request(t, srv, nil, "POST", "/login", url.Values{"username": {"kees"}, "password": {pw}})
			again := sessionFrom(resp)
			right, _ := totp.GenerateCode(key, time.Now().Add(30*time.Second))
			if resp, _ := request(t, srv, again, "POST", "/login/code", url.Values{"code": {right}}); resp.StatusCode != http.StatusTooManyRequests {
				t.Fatalf("right code while locked: status %d, want 429", resp.StatusCode)
			}
		})
	}
}

// TestAccountChangesAudited: an administrator's account changes, on the
// web and from the command line's service calls, and logins refused by
// the lock are in the audit log, by whom and on which account, without
// the password (issue 9, finding 11).
func TestAccountChangesAudited(t *testing.T) {
	a, srv := testApp(t, "sqlite")
	ctx := context.Background()
	admin := login(t, srv.URL, "beheerder")
	const pw = "een heel lang wachtwoord voor de test"
	resp, _ := request(t, srv, admin, "POST", "/beheer/accounts/nieuw", url.Values{"username": {"nieuw"}, "role": {"client"}, "password": {pw}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", resp.StatusCode)
	}
	u, err := a.Auth.UserByName(ctx, "nieuw")
	if err != nil {
		t.Fatal(err)
	}
	uid := strconv.FormatInt(u.ID, 10)
	for _, path := range []string{"/beheer/accounts/" + uid + "/blokkeren", "/beheer/accounts/" + uid + "/deblokkeren", "/beheer/accounts/" + uid + "/sessies-beeindigen"} {
		if resp, _ := request(t, srv, admin, "POST", path, url.Values{}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: %d", path, resp.StatusCode)
		}
	}
	for _, obj := range []string{"account.create", "account.disable", "account.enable", "account.end_sessions"} {
		if n := auditCount(t, a, `object_type = $1 AND object_id = $2 AND user_name = 'beheerder' AND purpose = 'beveiliging'`, obj, uid); n != 1 {
			t.Errorf("%s by the administrator: %d audit entries, want 1", obj, n)
		}
	}
	// The command line changes through the same service, with no one
	// logged in: recorded as the command line.
	if err := a.Auth.SetRole(ctx, u.ID, auth.RoleNaaste); err != nil {
		t.Fatal(err)
	}
	if err := a.Auth.SetScope(ctx, u.ID, auth.Scope{Regions: []string{"ZK03"}}); err != nil {
		t.Fatal(err)
	}
	if err := a.Auth.SetPassword(ctx, u.ID, "nog een heel lang wachtwoord"); err != nil {
		t.Fatal(err)
	}
	if err := a.Auth.DisableTOTP(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	for _, obj := range []string{"account.role", "account.scope", "account.password", "account.2fa_reset"} {
		if n := auditCount(t, a, `object_type = $1 AND object_id = $2 AND user_name = 'command line'`, obj, uid); n != 1 {
			t.Errorf("%s from the command line: %d audit entries, want 1", obj, n)
		}
	}
	if n := auditCount(t, a, `user_name LIKE '%wachtwoord%' OR object_id LIKE '%wachtwoord%'`); n != 0 {
		t.Errorf("a password is in the audit log (%d entries)", n)
	}
	// Refused by the lock: logged as such.
	for i := 0; i < 6; i++ {
		request(t, srv, nil, "POST", "/login", url.Values{"username": {"nieuw"}, "password": {"fout fout fout fout"}})
	}
	if n := auditCount(t, a, `object_type = 'login_refused.locked' AND user_name = 'nieuw' AND outcome = 'denied'`); n != 1 {
		t.Errorf("login refused by the lock: %d audit entries, want 1", n)
	}
	if n := auditCount(t, a, `object_type = 'login_refused.wrong_credentials' AND user_name = 'nieuw'`); n != 5 {
		t.Errorf("wrong passwords: %d audit entries, want 5", n)
	}
}

// TestRememberedDevicesOnAccountPage: the account page lists the
// browser's remembered device, marked as this one; forgetting it there
// ends its exemption from the account lock (issue 9, finding 17).
func TestRememberedDevicesOnAccountPage(t *testing.T) {
	a, srv := testApp(t, "sqlite")
	ctx := context.Background()
	const pw = "een heel lang wachtwoord voor de test"
	if _, err := a.Auth.CreateUser(ctx, auth.NewUser{Username: "anna", Role: auth.RoleClient, Password: pw}); err != nil {
		t.Fatal(err)
	}
	resp, _ := request(t, srv, nil, "POST", "/login", url.Values{"username": {"anna"}, "password": {pw}})
	sess := sessionFrom(resp)
	var device *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == auth.DeviceCookie {
			device = c
		}
	}
	if sess == nil || device == nil || !strings.HasPrefix(device.Value, "vwd_") {
		t.Fatalf("login set no session or device cookie: %v", resp.Cookies())
	}
	req, _ := http.NewRequest("GET", srv.URL+"/account", nil)
	req.AddCookie(sess)
	req.AddCookie(device)
	r, err := noRedirect().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(r.Body)
	r.Body.Close()
	page := string(body)
	m := regexp.MustCompile(`action="/account/apparaten/(\d+)/vergeten"`).FindStringSubmatch(page)
	if m == nil || !strings.Contains(page, "dit apparaat") {
		t.Fatalf("account page lists no remembered device marked as this one:\n%s", page)
	}
	if !a.Auth.DeviceCookieValid(ctx, "anna", device.Value) {
		t.Fatal("device cookie not valid after login")
	}
	if resp, _ := request(t, srv, sess, "POST", "/account/apparaten/"+m[1]+"/vergeten", url.Values{}); resp.StatusCode != http.StatusOK {
		t.Fatalf("forget device: %d", resp.StatusCode)
	}
	if a.Auth.DeviceCookieValid(ctx, "anna", device.Value) {
		t.Fatal("a forgotten device is still remembered")
	}
	// Another account's device cannot be forgotten by id.
	// anna logs in again, which remembers this new device.
	if resp, _ := request(t, srv, nil, "POST", "/login", url.Values{"username": {"anna"}, "password": {pw}}); sessionFrom(resp) == nil {
		t.Fatalf("second login set no session: %v", resp.Cookies())
	}
	other := login(t, srv.URL, "client")
	devs, _ := a.Auth.Devices(ctx, mustUser(t, a, "anna"), "")
	if len(devs) != 1 {
		t.Fatalf("anna has %d devices, want 1", len(devs))
	}
	if resp, _ := request(t, srv, other, "POST", "/account/apparaten/"+strconv.FormatInt(devs[0].ID, 10)+"/vergeten", url.Values{}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("forgetting another account's device: %d, want 404", resp.StatusCode)
	}
}

func mustUser(t *testing.T, a *App, name string) int64 {
	t.Helper()
	u, err := a.Auth.UserByName(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

// TestDeviceRememberedOnlyAfterSecondFactor: the password step of a
// professional sets no device cookie (the password alone must not earn an
// exemption from the account lock); the right code does.
func TestDeviceRememberedOnlyAfterSecondFactor(t *testing.T) {
	a, srv := testApp(t, "sqlite")
	ctx := context.Background()
	const pw = "een heel lang wachtwoord voor de test"
	id, err := a.Auth.CreateUser(ctx, auth.NewUser{Username: "els", Role: auth.RoleZorgkantoor, Password: pw})
	if err != nil {
		t.Fatal(err)
	}
	_, key, _ := a.Auth.BeginTOTP(ctx, id)
	code, _ := totp.GenerateCode(key, time.Now().Add(-30*time.Second))
	if err := a.Auth.ConfirmTOTP(ctx, id, code, "127.0.0.2", ""); err != nil {
		t.Fatal(err)
	}
	deviceFrom := func(resp *http.Response) *http.Cookie {
		for _, c := range resp.Cookies() {
			if c.Name == auth.DeviceCookie && c.Value != "" {
				return c
			}
		}
		return nil
	}
	resp, _ := request(t, srv, nil, "POST", "/login", url.Values{"username": {"els"}, "password": {pw}})
	if deviceFrom(resp) != nil {
		t.Fatal("the password step set a device cookie")
	}
	code, _ = totp.GenerateCode(key, time.Now())
	resp, _ = request(t, srv, sessionFrom(resp), "POST", "/login/code", url.Values{"code": {code}})
	if resp.StatusCode != http.StatusSeeOther || deviceFrom(resp) == nil {
		t.Fatalf("right code: status %d, device cookie %v; want 303 with a device cookie", resp.StatusCode, deviceFrom(resp))
	}
	if !a.Auth.DeviceCookieValid(ctx, "els", deviceFrom(resp).Value) {
		t.Fatal("the device cookie set after the second factor is not valid")
	}
}

// TestMaxPasswordChecksConfig: the bound on concurrent password checks is
// read from the configuration, and a value that is no positive number
// stops the server at start.
func TestMaxPasswordChecksConfig(t *testing.T) {
	a, _ := testAppWith(t, "sqlite", func(c *Config) {
		c.Getenv = func(k string) string {
			if k == EnvMaxPasswordChecks {
				return "1"
			}
			return ""
		}
	})
	var wg sync.WaitGroup
	for i := 0; i < 6; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _ = a.Auth.Login(context.Background(), "niemand", "fout wachtwoord", "10.3.0."+strconv.Itoa(i), "")
		}()
	}
	wg.Wait()
	if _, peak := a.Auth.PasswordChecks(); peak != 1 {
		t.Errorf("peak of concurrent password checks %d with %s=1", peak, EnvMaxPasswordChecks)
	}
	cfg := a.cfg
	cfg.Getenv = func(k string) string {
		if k == EnvMaxPasswordChecks {
			return "veel"
		}
		return ""
	}
	if _, err := New(context.Background(), cfg, a.DB); err == nil || !strings.Contains(err.Error(), EnvMaxPasswordChecks) {
		t.Errorf("a bound that is no number: %v, want a start-up error naming the variable", err)
	}
}
