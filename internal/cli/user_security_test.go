package cli

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/keyring"
)

// TestUserCommandsAuditedAndForgetDevices: `user end-sessions` and `user
// reset-password` forget the account's remembered devices, and the
// commands' account changes are in the audit log as the command line's,
// without the password (issue 9, findings 11 and 17).
func TestUserCommandsAuditedAndForgetDevices(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v.db")
	dbFlag := "--db=sqlite:" + path
	run := func(stdin string, args ...string) {
		t.Helper()
		if code, out, errs := runCLI(stdin, append(args, dbFlag)...); code != ExitOK {
			t.Fatalf("%v: exit %d\n%s%s", args, code, out, errs)
		}
	}
	run("", "migrate")
	run("een heel lang wachtwoord\n", "user", "create", "--role", "client", "jan")
	remember := func() string {
		t.Helper()
		d, err := db.Open(context.Background(), "sqlite:"+path)
		if err != nil {
			t.Fatal(err)
		}
		defer func() {
			if err := d.Close(); err != nil {
				t.Error(err)
			}
		}()
		ring, _ := keyring.Generate()
		svc, err := auth.New(d, db.SystemClock{}, auth.Config{Secret: []byte("0123456789abcdef0123456789abcdef"), Keys: ring}, nil)
		if err != nil {
			t.Fatal(err)
		}
		u, err := svc.UserByName(context.Background(), "jan")
		if err != nil {
			t.Fatal(err)
		}
		dev, err := svc.RememberDevice(context.Background(), u.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		return dev
	}
	valid := func(dev string) bool {
		t.Helper()
		d, err := db.Open(context.Background(), "sqlite:"+path)
		if err != nil {
			t.Fatal(err)
		}
		defer func() {
			if err := d.Close(); err != nil {
				t.Error(err)
			}
		}()
		ring, _ := keyring.Generate()
		svc, _ := auth.New(d, db.SystemClock{}, auth.Config{Secret: []byte("0123456789abcdef0123456789abcdef"), Keys: ring}, nil)
		return svc.DeviceCookieValid(context.Background(), "jan", dev)
	}
	dev := remember()
	if !valid(dev) {
		t.Fatal("device not remembered")
	}
	run("", "user", "end-sessions", "jan")
	if valid(dev) {
		t.Fatal("user end-sessions left the remembered device")
	}
	dev = remember()
	run("een ander heel lang wachtwoord\n", "user", "reset-password", "jan")
	if valid(dev) {
		t.Fatal("user reset-password left the remembered device")
	}
	run("", "user", "set-role", "--role", "naaste", "jan")
	run("", "user", "reset-2fa", "jan")

	d, err := db.Open(context.Background(), "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := d.Close(); err != nil {
			t.Error(err)
		}
	}()
	for _, obj := range []string{"account.create", "account.end_sessions", "account.password", "account.role", "account.2fa_reset"} {
		var n int
		if err := d.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM audit_entries WHERE object_type = $1 AND user_name = 'command line'`, obj).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Errorf("%s by the command line: %d audit entries, want 1", obj, n)
		}
	}
	var leaked int
	_ = d.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM audit_entries WHERE user_name LIKE '%wachtwoord%' OR object_id LIKE '%wachtwoord%' OR reason LIKE '%wachtwoord%'`).Scan(&leaked)
	if leaked != 0 {
		t.Error("a password is in the audit log")
	}
}
