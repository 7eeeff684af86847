package db_test

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/volwaardig/volwaardig/internal/db"
)

func mode(t *testing.T, path string) os.FileMode {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Mode().Perm()
}

// A new SQLite database and its -wal and -shm files are readable by their
// owner only, whatever the umask; an existing file others could read is
// tightened on open, with a log line.
func TestSQLiteFilesOwnerOnly(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "nieuw.db")
	d, err := db.Open(ctx, "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.ExecContext(ctx, `CREATE TABLE t (x INTEGER)`); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if m := mode(t, p); m != 0o600 {
			t.Errorf("%s: mode %04o, want 0600", filepath.Base(p), m)
		}
	}
	if err := d.Close(); err != nil {
		t.Error(err)
	}

	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if _, err := os.Stat(p); err == nil {
			if err := os.Chmod(p, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	var logs bytes.Buffer
	d, err = db.Open(ctx, "sqlite:"+path, db.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := d.Close(); err != nil {
			t.Error(err)
		}
	}()
	if m := mode(t, path); m != 0o600 {
		t.Errorf("existing file: mode %04o, want 0600", m)
	}
	if !strings.Contains(logs.String(), "restricted to its owner") || !strings.Contains(logs.String(), "was=0644") {
		t.Errorf("no log line for the tightened file: %q", logs.String())
	}
}
