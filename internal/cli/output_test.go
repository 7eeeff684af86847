package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOutputFailureExitsNonZero writes the commands' products to /dev/full,
// a real device on which every write fails with "no space left": a token
// whose secret could not be shown is revoked and the command exits 3, and a
// list or version that could not be written does not report success.
// Before the output's write error was checked, all of them exited 0.
func TestOutputFailureExitsNonZero(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skipf("no /dev/full on this system: %v", err)
	}
	defer func() { _ = full.Close() }() // opened for a test's writes that fail anyway
	dbFlag := "--db=sqlite:" + filepath.Join(t.TempDir(), "v.db")
	run := func(stdout *os.File, stdin string, args ...string) (int, string) {
		t.Helper()
		var out, errb bytes.Buffer
		if stdout != nil {
			code := Run(context.Background(), args, func(string) string { return "" }, strings.NewReader(stdin), stdout, &errb)
			return code, errb.String()
		}
		code := Run(context.Background(), args, func(string) string { return "" }, strings.NewReader(stdin), &out, &errb)
		return code, out.String() + errb.String()
	}
	if code, msg := run(nil, "", "migrate", dbFlag); code != ExitOK {
		t.Fatalf("migrate: %d %s", code, msg)
	}
	if code, msg := run(nil, "een heel lang wachtwoord\n", "user", "create", "--role", "zorgkantoor", "jan", dbFlag); code != ExitOK {
		t.Fatalf("user create: %d %s", code, msg)
	}
	code, msg := run(full, "", "token", "create", "--name", "sensorbrug", "--kind", "device", "jan", dbFlag)
	if code != ExitOperational || !strings.Contains(msg, "cannot write the output") {
		t.Errorf("token create onto a full disk: exit %d, stderr %q; want %d and the reason", code, msg, ExitOperational)
	}
	// The unseen token is revoked, not left active.
	if code, out := run(nil, "", "token", "list", "jan", dbFlag); code != ExitOK || !strings.Contains(out, "sensorbrug") || strings.Contains(out, "active") {
		t.Errorf("after a failed token create, token list (exit %d):\n%s\nwant the token revoked", code, out)
	}
	for _, args := range [][]string{{"user", "list", dbFlag}, {"token", "list", dbFlag}, {"version"}} {
		if code, msg := run(full, "", args...); code != ExitOperational || !strings.Contains(msg, "cannot write the output") {
			t.Errorf("%v onto a full disk: exit %d, stderr %q; want %d and the reason", args, code, msg, ExitOperational)
		}
	}
}
