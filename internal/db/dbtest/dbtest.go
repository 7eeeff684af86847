// Package dbtest gives tests real, migrated databases: a SQLite file in a
// temporary directory, and a fresh schema on the PostgreSQL server named by
// VOLWAARDIG_TEST_POSTGRES. Under CI (CI=true) a missing PostgreSQL server is
// a failure, not a skip, so a green run always means both dialects passed.
package dbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/db"
)

// EnvPostgres names the environment variable holding the test server's URL.
const EnvPostgres = "VOLWAARDIG_TEST_POSTGRES"

func now() string { return time.Now().UTC().Format(time.RFC3339Nano) }

// SQLite opens a migrated SQLite database in t's temporary directory.
func SQLite(t testing.TB, sets ...db.Migrations) *db.DB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "test.db")
	d, err := db.Open(context.Background(), "sqlite:"+path)
	if err != nil {
		t.Fatalf("open sqlite: %v", err)
	}
	t.Cleanup(func() {
		if err := d.Close(); err != nil {
			t.Error(err)
		}
	})
	if _, err := d.Migrate(context.Background(), sets, now); err != nil {
		t.Fatalf("migrate sqlite: %v", err)
	}
	return d
}

// SQLitePath is like SQLite but also returns the database file's path, for
// tests that inspect the raw file.
func SQLitePath(t testing.TB, sets ...db.Migrations) (*db.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "test.db")
	d, err := db.Open(context.Background(), "sqlite:"+path)
	if err != nil {
		t.Fatalf("open sqlite: %v", err)
	}
	t.Cleanup(func() {
		if err := d.Close(); err != nil {
			t.Error(err)
		}
	})
	if _, err := d.Migrate(context.Background(), sets, now); err != nil {
		t.Fatalf("migrate sqlite: %v", err)
	}
	return d, path
}

// PostgresURL returns the URL of a fresh, empty schema on the test server,
// dropped when the test ends. It skips the test when no server is configured,
// or fails it under CI.
func PostgresURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvPostgres)
	if base == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not set: CI must run every test on PostgreSQL too", EnvPostgres)
		}
		t.Skipf("%s not set: PostgreSQL variant skipped", EnvPostgres)
	}
	ctx := context.Background()
	admin, err := db.Open(ctx, base)
	if err != nil {
		t.Fatalf("connect to test PostgreSQL: %v", err)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(errors.Join(fmt.Errorf("create schema: %w", err), admin.Close()))
	}
	t.Cleanup(func() {
		if _, err := admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
		if err := admin.Close(); err != nil {
			t.Error(err)
		}
	})
	u, err := url.Parse(base)
	if err != nil || !strings.HasPrefix(u.Scheme, "postgres") {
		t.Fatalf("%s must be a postgres:// URL", EnvPostgres)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Postgres opens a migrated database in a fresh schema on the test server.
func Postgres(t testing.TB, sets ...db.Migrations) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), PostgresURL(t))
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	t.Cleanup(func() {
		if err := d.Close(); err != nil {
			t.Error(err)
		}
	})
	if _, err := d.Migrate(context.Background(), sets, now); err != nil {
		t.Fatalf("migrate postgres: %v", err)
	}
	return d
}

// Each runs fn as a subtest on SQLite and, when configured, on PostgreSQL.
func Each(t *testing.T, sets []db.Migrations, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t, sets...)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t, sets...)) })
}
