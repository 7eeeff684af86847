package db_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
)

// itemsSchema is a small schema for the helper tests: a unique name, a
// NOT NULL column to provoke non-unique constraint errors, and a counter.
func itemsSchema() []db.Migrations {
	return []db.Migrations{{
		Module: "dbtest_items",
		FS: fstest.MapFS{
			"sqlite/0001_items.sql": {Data: []byte(`
CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, note TEXT NOT NULL DEFAULT '');
CREATE TABLE counters (id INTEGER PRIMARY KEY, n INTEGER NOT NULL);
INSERT INTO counters (id, n) VALUES (1, 0);`)},
			"postgres/0001_items.sql": {Data: []byte(`
CREATE TABLE items (id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL UNIQUE, note TEXT NOT NULL DEFAULT '');
CREATE TABLE counters (id BIGINT PRIMARY KEY, n BIGINT NOT NULL);
INSERT INTO counters (id, n) VALUES (1, 0);`)},
		},
	}}
}

func countItems(t *testing.T, d *db.DB, name string) int {
	t.Helper()
	var n int
	if err := d.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM items WHERE name = $1`, name).Scan(&n); err != nil {
		t.Fatalf("count items: %v", err)
	}
	return n
}

func TestOpenSQLite(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	for _, url := range []string{"sqlite:" + filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")} {
		t.Run(url, func(t *testing.T) {
			d, err := db.Open(ctx, url)
			if err != nil {
				t.Fatalf("Open(%q): %v", url, err)
			}
			defer func() {
				if err := d.Close(); err != nil {
					t.Error(err)
				}
			}()
			if got := d.Dialect(); got != db.SQLite {
				t.Errorf("Dialect() = %q, want %q", got, db.SQLite)
			}
			if err := d.Ping(ctx); err != nil {
				t.Errorf("Ping: %v", err)
			}
			var mode string
			if err := d.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
				t.Fatalf("journal_mode: %v", err)
			}
			if !strings.EqualFold(mode, "wal") {
				t.Errorf("journal_mode = %q, want wal", mode)
			}
			var fk int
			if err := d.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk); err != nil {
				t.Fatalf("foreign_keys: %v", err)
			}
			if fk != 1 {
				t.Errorf("foreign_keys = %d, want 1", fk)
			}
		})
	}
}

func TestOpenSQLiteEmptyPath(t *testing.T) {
	if _, err := db.Open(context.Background(), "sqlite:"); err == nil {
		t.Fatal("Open(\"sqlite:\") succeeded, want an error")
	}
}

func TestOpenPostgres(t *testing.T) {
	url := dbtest.PostgresURL(t)
	ctx := context.Background()
	for _, u := range []string{url, "postgresql://" + strings.TrimPrefix(url, "postgres://")} {
		d, err := db.Open(ctx, u)
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		if got := d.Dialect(); got != db.Postgres {
			t.Errorf("Dialect() = %q, want %q", got, db.Postgres)
		}
		if err := d.Ping(ctx); err != nil {
			t.Errorf("Ping: %v", err)
		}
		if err := d.Close(); err != nil {
			t.Error(err)
		}
	}
}

func TestOpenPostgresUnreachable(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	// Port 1 on loopback is closed on any sane machine: the connection is
	// refused at once, and Open must report it instead of returning a handle
	// that fails later.
	d, err := db.Open(ctx, "postgres://nobody:nothing@127.0.0.1:1/none?sslmode=disable&connect_timeout=5")
	if err == nil {
		if err := d.Close(); err != nil {
			t.Error(err)
		}
		t.Fatal("Open on a closed port succeeded, want an error")
	}
	if !strings.Contains(err.Error(), "unreachable") {
		t.Errorf("error %q does not say the database is unreachable", err)
	}
}

func TestTxCommits(t *testing.T) {
	dbtest.Each(t, itemsSchema(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		err := d.Tx(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO items (name) VALUES ($1)`, "kept")
			return err
		})
		if err != nil {
			t.Fatalf("Tx: %v", err)
		}
		if n := countItems(t, d, "kept"); n != 1 {
			t.Errorf("after commit: %d rows, want 1", n)
		}
	})
}

func TestTxRollsBackOnError(t *testing.T) {
	dbtest.Each(t, itemsSchema(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		sentinel := errors.New("refused by the rules")
		err := d.Tx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, `INSERT INTO items (name) VALUES ($1)`, "half"); err != nil {
				return err
			}
			return sentinel
		})
		if !errors.Is(err, sentinel) {
			t.Fatalf("Tx returned %v, want the function's error", err)
		}
		if n := countItems(t, d, "half"); n != 0 {
			t.Errorf("after an error: %d rows left behind, want 0", n)
		}
		// The writer must be usable again: a leaked transaction would block
		// SQLite's single write connection here.
		if err := d.Tx(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO items (name) VALUES ($1)`, "after")
			return err
		}); err != nil {
			t.Fatalf("Tx after rollback: %v", err)
		}
	})
}

func TestTxRollsBackOnPanic(t *testing.T) {
	dbtest.Each(t, itemsSchema(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		type boom struct{ why string }
		var recovered any
		func() {
			defer func() { recovered = recover() }()
			_ = d.Tx(ctx, func(tx *sql.Tx) error {
				if _, err := tx.ExecContext(ctx, `INSERT INTO items (name) VALUES ($1)`, "panicked"); err != nil {
					t.Errorf("insert: %v", err)
				}
				panic(boom{"bug"})
			})
		}()
		if b, ok := recovered.(boom); !ok || b.why != "bug" {
			t.Fatalf("recovered %#v, want the original panic value re-raised", recovered)
		}
		if n := countItems(t, d, "panicked"); n != 0 {
			t.Errorf("after a panic: %d rows left behind, want 0", n)
		}
		if err := d.Tx(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO items (name) VALUES ($1)`, "after")
			return err
		}); err != nil {
			t.Fatalf("Tx after panic: %v", err)
		}
	})
}

func TestTxCommitFailureIsReported(t *testing.T) {
	dbtest.Each(t, itemsSchema(), func(t *testing.T, d *db.DB) {
		ctx, cancel := context.WithCancel(context.Background())
		err := d.Tx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, `INSERT INTO items (name) VALUES ($1)`, "cancelled"); err != nil {
				return err
			}
			cancel() // the commit now runs on a cancelled context
			return nil
		})
		if err == nil {
			t.Fatal("Tx on a context cancelled before commit returned nil")
		}
		if n := countItems(t, d, "cancelled"); n != 0 {
			t.Errorf("%d rows committed despite the error, want 0", n)
		}
	})
}

func TestForUpdateSuffix(t *testing.T) {
	dbtest.Each(t, itemsSchema(), func(t *testing.T, d *db.DB) {
		want := ""
		if d.Dialect() == db.Postgres {
			want = " FOR UPDATE"
		}
		if got := d.ForUpdate(); got != want {
			t.Errorf("ForUpdate() = %q, want %q", got, want)
		}
	})
}

// TestForUpdateSerialisesReadModifyWrite has several writers each read a
// counter and write it back plus one. Without a row lock on PostgreSQL (READ
// COMMITTED) two writers read the same value and one increment is lost.
func TestForUpdateSerialisesReadModifyWrite(t *testing.T) {
	dbtest.Each(t, itemsSchema(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		const workers, rounds = 4, 15
		var wg sync.WaitGroup
		errs := make(chan error, workers)
		start := make(chan struct{})
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				for r := 0; r < rounds; r++ {
					err := d.Tx(ctx, func(tx *sql.Tx) error {
						var n int
						if err := tx.QueryRowContext(ctx, `SELECT n FROM counters WHERE id = 1`+d.ForUpdate()).Scan(&n); err != nil {
							return err
						}
						// Widen the window between read and write so a
						// missing lock shows as a lost update.
						time.Sleep(time.Millisecond)
						_, err := tx.ExecContext(ctx, `UPDATE counters SET n = $1 WHERE id = 1`, n+1)
						return err
					})
					if err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		close(start)
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("writer: %v", err)
		}
		var n int
		if err := d.QueryRowContext(ctx, `SELECT n FROM counters WHERE id = 1`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != workers*rounds {
			t.Errorf("counter = %d, want %d: increments were lost", n, workers*rounds)
		}
	})
}

func TestTryAdvisoryLock(t *testing.T) {
	dbtest.Each(t, itemsSchema(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		const key = 424242
		held := make(chan struct{})
		release := make(chan struct{})
		done := make(chan error, 1)
		go func() {
			done <- d.Tx(ctx, func(tx *sql.Tx) error {
				ok, err := d.TryAdvisoryLock(ctx, tx, key)
				if err != nil {
					return err
				}
				if !ok {
					return errors.New("first holder did not get the lock")
				}
				close(held)
				<-release
				return nil
			})
		}()
		select {
		case <-held:
		case err := <-done:
			t.Fatalf("first holder: %v", err)
		}
		if d.Dialect() == db.Postgres {
			// A second transaction on another connection must be refused
			// while the first holds the lock.
			err := d.Tx(ctx, func(tx *sql.Tx) error {
				ok, err := d.TryAdvisoryLock(ctx, tx, key)
				if err != nil {
					return err
				}
				if ok {
					return errors.New("second transaction got a lock that is held")
				}
				return nil
			})
			if err != nil {
				t.Error(err)
			}
		}
		close(release)
		if err := <-done; err != nil {
			t.Fatalf("first holder: %v", err)
		}
		// Released at commit: the next transaction gets it.
		err := d.Tx(ctx, func(tx *sql.Tx) error {
			ok, err := d.TryAdvisoryLock(ctx, tx, key)
			if err != nil {
				return err
			}
			if !ok {
				return errors.New("lock not released at the end of its transaction")
			}
			return nil
		})
		if err != nil {
			t.Error(err)
		}
	})
}

func TestIsUniqueViolation(t *testing.T) {
	if db.IsUniqueViolation(nil) {
		t.Error("IsUniqueViolation(nil) = true")
	}
	if db.IsUniqueViolation(errors.New("connection reset by peer")) {
		t.Error("IsUniqueViolation(unrelated error) = true")
	}
	dbtest.Each(t, itemsSchema(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := d.ExecContext(ctx, `INSERT INTO items (name) VALUES ($1)`, "once"); err != nil {
			t.Fatalf("first insert: %v", err)
		}
		_, dup := d.ExecContext(ctx, `INSERT INTO items (name) VALUES ($1)`, "once")
		if dup == nil {
			t.Fatal("duplicate insert succeeded")
		}
		if !db.IsUniqueViolation(dup) {
			t.Errorf("IsUniqueViolation(%v) = false, want true", dup)
		}
		if !db.IsUniqueViolation(fmt.Errorf("create account: %w", dup)) {
			t.Errorf("IsUniqueViolation(wrapped %v) = false, want true", dup)
		}
		// Inside a transaction, as stores use it.
		txErr := d.Tx(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO items (name) VALUES ($1)`, "once")
			return err
		})
		if !db.IsUniqueViolation(txErr) {
			t.Errorf("IsUniqueViolation(tx error %v) = false, want true", txErr)
		}
		// Other constraint and SQL errors are not unique violations.
		_, notNull := d.ExecContext(ctx, `INSERT INTO items (name, note) VALUES ($1, NULL)`, "nn")
		if notNull == nil {
			t.Fatal("NULL into a NOT NULL column succeeded")
		}
		if db.IsUniqueViolation(notNull) {
			t.Errorf("IsUniqueViolation(%v) = true for a NOT NULL violation", notNull)
		}
		_, syntax := d.ExecContext(ctx, `INSERT INTO no_such_table (x) VALUES (1)`)
		if syntax == nil {
			t.Fatal("insert into a missing table succeeded")
		}
		if db.IsUniqueViolation(syntax) {
			t.Errorf("IsUniqueViolation(%v) = true for a missing table", syntax)
		}
	})
}
