package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/keyring"
)

func runCLI(stdin string, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := Run(context.Background(), args, func(string) string { return "" }, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

// TestUserAndTokenCommands drives the account and token commands on a real
// database file as an administrator would, and checks every exit status of
// DESIGN §4: 0 done, 1 bad input, 2 wrong usage, 3 database unreachable.
func TestUserAndTokenCommands(t *testing.T) {
	dbFlag := "--db=sqlite:" + filepath.Join(t.TempDir(), "v.db")
	must := func(want int, stdin string, args ...string) string {
		t.Helper()
		code, out, errs := runCLI(stdin, args...)
		if code != want {
			t.Fatalf("%v: exit %d, want %d\nstdout: %s\nstderr: %s", args, code, want, out, errs)
		}
		return out + errs
	}
	must(ExitOK, "", "migrate", dbFlag)
	must(ExitOK, "een heel lang wachtwoord\n", "user", "create", "--role", "zorgkantoor", "--regions", "ZK11,ZK12", "jan", dbFlag)
	// Flags after the argument work too.
	must(ExitOK, "nog een heel lang wachtwoord\n", "user", "create", "piet", "--role", "cot", dbFlag)
	if out := must(ExitOK, "", "user", "list", dbFlag); !strings.Contains(out, "jan") || !strings.Contains(out, "regions=ZK11,ZK12") || !strings.Contains(out, "piet") {
		t.Fatalf("user list does not show both accounts and jan's scope:\n%s", out)
	}
	must(ExitOK, "", "user", "set-role", "--role", "crisisregisseur", "jan", dbFlag)
	must(ExitOK, "", "user", "set-scope", "--regions", "ZK03", "jan", dbFlag)
	must(ExitOK, "", "user", "link-oidc", "--subject", "eh-jan", "jan", dbFlag)
	if out := must(ExitBadInput, "", "user", "link-oidc", "--subject", "eh-jan", "piet", dbFlag); !strings.Contains(out, "al aan een ander account") {
		t.Errorf("linking a taken subject: %s", out)
	}
	must(ExitOK, "", "user", "disable", "piet", dbFlag)

	// What the commands did is what the database holds.
	d, err := db.Open(context.Background(), strings.TrimPrefix(dbFlag, "--db="))
	if err != nil {
		t.Fatal(err)
	}
	ring, err := keyring.Generate()
	if err != nil {
		t.Fatal(err)
	}
	svc, err := auth.New(d, db.SystemClock{}, auth.Config{Secret: []byte("0123456789abcdef0123456789abcdef"), Keys: ring}, nil)
	if err != nil {
		t.Fatal(err)
	}
	jan, err := svc.UserByName(context.Background(), "jan")
	if err != nil {
		t.Fatal(err)
	}
	if jan.Role != auth.RoleCrisisregisseur || strings.Join(jan.Scope.Regions, ",") != "ZK03" || jan.OIDCSubject != "eh-jan" {
		t.Errorf("jan = role %s, regions %v, subject %q; want crisisregisseur, [ZK03], eh-jan", jan.Role, jan.Scope.Regions, jan.OIDCSubject)
	}
	if piet, _ := svc.UserByName(context.Background(), "piet"); piet == nil || !piet.Disabled {
		t.Error("piet is not disabled")
	}
	if err := d.Close(); err != nil {
		t.Error(err)
	}

	must(ExitOK, "", "user", "link-oidc", "--unlink", "jan", dbFlag)
	must(ExitOK, "een ander lang wachtwoord\n", "user", "reset-password", "jan", dbFlag)
	must(ExitOK, "", "user", "end-sessions", "jan", dbFlag)
	must(ExitOK, "", "user", "reset-2fa", "jan", dbFlag)

	out := must(ExitOK, "", "token", "create", "--name", "sensorbrug", "--kind", "device", "jan", dbFlag)
	if !strings.Contains(out, "vw_") {
		t.Fatalf("token create prints no secret:\n%s", out)
	}
	if out := must(ExitOK, "", "token", "list", dbFlag); !strings.Contains(out, "sensorbrug") || !strings.Contains(out, "active") {
		t.Fatalf("token list:\n%s", out)
	}
	must(ExitOK, "", "token", "revoke", "1", dbFlag)
	if out := must(ExitOK, "", "token", "list", "jan", dbFlag); strings.Contains(out, "active") {
		t.Fatalf("revoked token still active:\n%s", out)
	}

	// Bad input: 1, with the reason.
	for _, c := range []struct {
		stdin string
		args  []string
		want  string
	}{
		{"kort\n", []string{"user", "create", "--role", "cot", "kees"}, "minstens 12"},
		{"een heel lang wachtwoord\n", []string{"user", "create", "--role", "koning", "kees"}, "unknown role"},
		{"", []string{"user", "disable", "niemand"}, "no user"},
		{"een heel lang wachtwoord\n", []string{"user", "create", "--role", "cot", "jan"}, ""},
		{"", []string{"token", "revoke", "99"}, ""},
	} {
		code, o, e := runCLI(c.stdin, append(c.args, dbFlag)...)
		if code != ExitBadInput || !strings.Contains(o+e, c.want) {
			t.Errorf("%v: exit %d (want 1), output %q (want %q)", c.args, code, o+e, c.want)
		}
	}
	// Wrong usage: 2.
	for _, args := range [][]string{
		{"user", "list", "--bogus"},
		{"user", "create", "kees"},
		{"user", "nonsense"},
		{"user", "link-oidc", "jan"},
		{"token", "revoke", "abc"},
		{"token", "create", "jan"},
	} {
		if code, o, e := runCLI("", append(args, dbFlag)...); code != ExitUsage {
			t.Errorf("%v: exit %d, want 2\n%s%s", args, code, o, e)
		}
	}
	// Database unreachable: 3.
	if code, _, e := runCLI("", "user", "list", "--db", "postgres://x:y@127.0.0.1:1/z?connect_timeout=2"); code != ExitOperational {
		t.Errorf("unreachable database: exit %d, want 3\n%s", code, e)
	}
	// Every command and subcommand prints its help with exit 0.
	for _, args := range [][]string{{"user", "--help"}, {"token", "--help"}, {"user", "create", "--help"}, {"user", "link-oidc", "--help"}, {"token", "create", "--help"}} {
		if code, o, e := runCLI("", args...); code != ExitOK || !strings.Contains(o+e, "Usage") {
			t.Errorf("%v: exit %d, output %q", args, code, o+e)
		}
	}
}

// user create takes the work phone number and e-mail address that the web
// forms take, checked by the same rule (auth.CheckContact): stored in the
// one written form, and every wrong flag named at once before a password
// is asked, with nothing created.
func TestUserCreateContact(t *testing.T) {
	dbFlag := "--db=sqlite:" + filepath.Join(t.TempDir(), "v.db")
	if code, _, errs := runCLI("", "migrate", dbFlag); code != ExitOK {
		t.Fatal(errs)
	}
	code, _, errs := runCLI("", "user", "create", "--role", "zorgkantoor", "--phone", "030 12", "--email", "jan at zk", "jan", dbFlag)
	if code != ExitBadInput || !strings.Contains(errs, "--phone: not a phone number") || !strings.Contains(errs, "--email: not an e-mail address") {
		t.Fatalf("bad phone and e-mail: exit %d\n%s", code, errs)
	}
	if code, _, errs := runCLI("een heel lang wachtwoord\n", "user", "create", "--role", "zorgkantoor", "--phone", "+31 (0)30-2345601", "--email", "jan@zk.example", "jan", dbFlag); code != ExitOK {
		t.Fatalf("create with contact: exit %d\n%s", code, errs)
	}
	d, err := db.Open(context.Background(), strings.TrimPrefix(dbFlag, "--db="))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := d.Close(); err != nil {
			t.Error(err)
		}
	})
	var n int
	var phone, email string
	if err := d.QueryRowContext(context.Background(), `SELECT COUNT(*), MAX(phone), MAX(email) FROM users`).Scan(&n, &phone, &email); err != nil {
		t.Fatal(err)
	}
	if n != 1 || phone != "030 234 5601" || email != "jan@zk.example" {
		t.Errorf("users: %d, phone %q, e-mail %q; want one account with 030 234 5601 and jan@zk.example", n, phone, email)
	}
}
