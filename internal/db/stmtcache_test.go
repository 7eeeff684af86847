package db

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
)

// openItems opens a SQLite file with one small table for the cache tests.
func openItems(t testing.TB) *DB {
	t.Helper()
	d, err := Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.Close() })
	if _, err := d.ExecContext(context.Background(), `CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	for i := range 50 {
		if _, err := d.ExecContext(context.Background(), `INSERT INTO items (name) VALUES ($1)`, fmt.Sprintf("item %d", i)); err != nil {
			t.Fatal(err)
		}
	}
	return d
}

// TestStmtCacheSeesLaterWrites: a kept statement is reset when its rows are
// closed, so it never reads an old snapshot: a write after the statement
// was prepared is seen by the next read, from every pooled connection.
func TestStmtCacheSeesLaterWrites(t *testing.T) {
	d := openItems(t)
	ctx := context.Background()
	count := func() int {
		var n int
		if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM items`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(); n != 50 {
		t.Fatalf("count %d, want 50", n)
	}
	// Hold eight connections at once (each reader keeps its rows open
	// until all eight have theirs), so the statement is prepared on each.
	var wg, open sync.WaitGroup
	open.Add(8)
	for range 8 {
		wg.Go(func() {
			rows, err := d.QueryContext(ctx, `SELECT name FROM items ORDER BY id`)
			if err != nil {
				t.Error(err)
				open.Done()
				return
			}
			open.Done()
			open.Wait()
			n := 0
			for rows.Next() {
				n++
			}
			if err := rows.Close(); err != nil || n != 50 {
				t.Errorf("read %d rows (%v), want 50", n, err)
			}
		})
	}
	wg.Wait()
	// The pool keeps its connections (and their prepared statements) idle
	// instead of closing all but two after a burst.
	if st := d.read.Stats(); st.MaxIdleClosed > 0 {
		t.Errorf("the read pool closed %d idle connections after a burst of 8 reads", st.MaxIdleClosed)
	}
	if _, err := d.ExecContext(ctx, `INSERT INTO items (name) VALUES ('late')`); err != nil {
		t.Fatal(err)
	}
	for range 16 {
		if n := count(); n != 51 {
			t.Fatalf("count %d after the insert, want 51", n)
		}
	}
	if len(d.stmts.m) != 2 {
		t.Errorf("%d statements kept, want 2 (the two query texts)", len(d.stmts.m))
	}
}

// TestStmtCacheBounded: past stmtCacheSize distinct texts, queries run
// unprepared and still answer right; the cache does not grow.
func TestStmtCacheBounded(t *testing.T) {
	d := openItems(t)
	ctx := context.Background()
	for i := range stmtCacheSize + 20 {
		var n int
		// A distinct text per i, as an IN list of varying length makes.
		q := fmt.Sprintf(`SELECT COUNT(*) FROM items WHERE id <= %d`, i)
		if err := d.QueryRowContext(ctx, q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if want := min(i, 50); n != want {
			t.Fatalf("query %d: count %d, want %d", i, n, want)
		}
	}
	if len(d.stmts.m) != stmtCacheSize || !d.stmts.full {
		t.Errorf("cache holds %d (full %v), want %d and full", len(d.stmts.m), d.stmts.full, stmtCacheSize)
	}
}

// TestStmtCacheErrors: a statement that does not compile gives its error
// through both read paths, and nothing is kept for it.
func TestStmtCacheErrors(t *testing.T) {
	d := openItems(t)
	ctx := context.Background()
	if _, err := d.QueryContext(ctx, `SELECT nope FROM items`); err == nil {
		t.Error("QueryContext: no error for an unknown column")
	}
	var s string
	if err := d.QueryRowContext(ctx, `SELECT nope FROM items`).Scan(&s); err == nil {
		t.Error("QueryRowContext: no error for an unknown column")
	}
	if len(d.stmts.m) != 0 {
		t.Errorf("%d statements kept after errors, want 0", len(d.stmts.m))
	}
	// After Close, reads fail instead of using closed statements.
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM items`).Scan(new(int)); err == nil {
		t.Error("read after Close succeeded")
	}
}

// BenchmarkReadQuery compares a typical store read (a join with a filter
// and ordering, 20 rows) through the statement cache with the same read
// unprepared on the same pool, in one process: the ratio is what the cache
// saves per query.
func BenchmarkReadQuery(b *testing.B) {
	d := openItems(b)
	ctx := context.Background()
	const q = `SELECT a.id, a.name, COALESCE(b.name, '') FROM items a LEFT JOIN items b ON b.id = a.id + 1 WHERE a.id > $1 AND a.name LIKE 'item%' ORDER BY a.name DESC LIMIT 20`
	read := func(b *testing.B, run func() error) {
		for b.Loop() {
			if err := run(); err != nil {
				b.Fatal(err)
			}
		}
	}
	scan := func(rows interface {
		Next() bool
		Scan(...any) error
		Close() error
	}) error {
		for rows.Next() {
			var id int
			var a, c string
			if err := rows.Scan(&id, &a, &c); err != nil {
				return err
			}
		}
		return rows.Close()
	}
	b.Run("unprepared", func(b *testing.B) {
		read(b, func() error {
			rows, err := d.read.QueryContext(ctx, q, 10)
			if err != nil {
				return err
			}
			return scan(rows)
		})
	})
	b.Run("cached", func(b *testing.B) {
		read(b, func() error {
			rows, err := d.QueryContext(ctx, q, 10)
			if err != nil {
				return err
			}
			return scan(rows)
		})
	})
}
