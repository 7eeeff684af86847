package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBackupRestoreRefusals covers what the end-to-end backup test does not:
// usage errors, PostgreSQL, a damaged backup and the version command. The
// journey itself (backup under load, restore, serve, verify) is
// e2e.TestBackupRestore.
func TestBackupRestoreRefusals(t *testing.T) {
	dir := t.TempDir()
	live := filepath.Join(dir, "live")
	store := filepath.Join(dir, "store")
	for _, d := range []string{live, store} {
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	dbFlag := "--db=sqlite:" + filepath.Join(live, "v.db")
	expect := func(want int, args ...string) string {
		t.Helper()
		code, out, errs := runCLI("", args...)
		if code != want {
			t.Fatalf("%v: exit %d, want %d\nstdout: %s\nstderr: %s", args, code, want, out, errs)
		}
		return out + errs
	}
	expect(ExitOK, "migrate", dbFlag)
	expect(ExitUsage, "backup", dbFlag)
	if out := expect(ExitUsage, "backup", "--db=postgres://x@127.0.0.1/none", "--out", filepath.Join(store, "a.db")); !strings.Contains(out, "pg_dump") {
		t.Errorf("backup of PostgreSQL does not point to pg_dump: %s", out)
	}
	expect(ExitOperational, "backup", "--db=sqlite:"+filepath.Join(live, "missing.db"), "--out", filepath.Join(store, "a.db"))
	if err := os.WriteFile(filepath.Join(store, "other.bsn-keys"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	expect(ExitBadInput, "backup", dbFlag, "--out", filepath.Join(store, "a.db"))
	if err := os.Remove(filepath.Join(store, "other.bsn-keys")); err != nil {
		t.Fatal(err)
	}
	expect(ExitOK, "backup", dbFlag, "--out", filepath.Join(store, "a.db"))

	// A damaged copy is refused and leaves nothing at the target.
	damaged := filepath.Join(store, "damaged.db")
	b, err := os.ReadFile(filepath.Join(store, "a.db"))
	if err != nil {
		t.Fatal(err)
	}
	for i := 4096; i < len(b) && i < 4096*6; i++ {
		b[i] ^= 0x5a
	}
	if err := os.WriteFile(damaged, b, 0o600); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(dir, "restored", "v.db")
	if err := os.Mkdir(filepath.Dir(target), 0o700); err != nil {
		t.Fatal(err)
	}
	expect(ExitBadInput, "restore", "--from", damaged, "--db=sqlite:"+target)
	if _, err := os.Stat(target); err == nil {
		t.Errorf("a refused restore left a database at the target")
	}
	expect(ExitUsage, "restore", "--db=sqlite:"+target)
	expect(ExitOK, "restore", "--from", filepath.Join(store, "a.db"), "--db=sqlite:"+target)
	if fi, err := os.Stat(target); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("restored database: %v; want mode 0600", err)
	}

	if out := expect(ExitOK, "version"); !strings.HasPrefix(out, "volwaardig ") || !strings.Contains(out, "go1") {
		t.Errorf("version: %q", out)
	}
	if out := expect(ExitOK, "--version"); !strings.HasPrefix(out, "volwaardig ") {
		t.Errorf("--version: %q", out)
	}
	if out := expect(ExitOK, "version", "--json"); !strings.Contains(out, `"commit"`) {
		t.Errorf("version --json: %q", out)
	}
}
