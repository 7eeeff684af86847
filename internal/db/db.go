// Package db opens the embedded SQLite database or a PostgreSQL server behind
// one type, runs the modules' embedded migrations and offers the transaction
// helper and clock every store uses. All SQL in the project is written with
// $1-style placeholders, which both drivers accept, so dialect differences
// stay in the migrations and in the few helpers of this package.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// Dialect names the SQL dialect of an open database.
type Dialect string

// The two supported dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is an open database. On SQLite writes go through a single connection
// (SQLite allows one writer at a time; queuing in Go is cheaper and fairer
// than spinning on SQLITE_BUSY) while reads use a pool, which WAL mode lets
// run beside the writer. On PostgreSQL both are the same pool.
type DB struct {
	write   *sql.DB
	read    *sql.DB
	dialect Dialect
	// stmts keeps the read pool's statements prepared (SQLite only; nil
	// on PostgreSQL).
	stmts *stmtCache
}

// Option adjusts how Open opens a database.
type Option func(*options)

type options struct{ logger *slog.Logger }

// WithLogger gives Open a logger for what it changes on the way (a
// database file's permissions).
func WithLogger(l *slog.Logger) Option {
	return func(o *options) {
		if l != nil {
			o.logger = l
		}
	}
}

// Open opens the database named by url: "sqlite:PATH" (or a bare path) or a
// "postgres://" / "postgresql://" URL.
func Open(ctx context.Context, rawURL string, opts ...Option) (*DB, error) {
	o := options{logger: slog.New(slog.DiscardHandler)}
	for _, f := range opts {
		f(&o)
	}
	u, err := ParseURL(rawURL)
	if err != nil {
		return nil, err
	}
	switch u.Dialect {
	case Postgres:
		pool, err := sql.Open("pgx", u.Raw)
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		pool.SetMaxOpenConns(32)
		// Keep every connection: with 16 kept idle, each burst under load
		// closed half of them and the next opened new ones (connection,
		// authentication, pgx's statement cache lost), which held the
		// audited pages at about 140 requests/s behind wrk; with all 32
		// kept, /crisis served 722 (TestPostgresPoolKeepsItsConnections).
		pool.SetMaxIdleConns(32)
		pool.SetConnMaxIdleTime(5 * time.Minute)
		d := &DB{write: pool, read: pool, dialect: Postgres}
		if err := d.Ping(ctx); err != nil {
			return nil, errors.Join(err, pool.Close())
		}
		return d, nil
	default:
		if err := restrictSQLiteFiles(u.Path, o.logger); err != nil {
			return nil, err
		}
		return openSQLite(ctx, u.Path)
	}
}

// restrictSQLiteFiles makes the SQLite database readable and writable by
// its owner only: it holds health data, and SQLite would create it with the
// umask's 0644, readable by every user of the machine. A new file is
// created 0600 before SQLite opens it (SQLite gives its -wal and -shm files
// the database file's mode); an existing file, -wal or -shm that others may
// read is tightened, with a log line saying so.
func restrictSQLiteFiles(path string, logger *slog.Logger) error {
	if path == ":memory:" || strings.HasPrefix(path, "file:") || strings.Contains(path, "mode=memory") {
		return nil
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err == nil {
		return f.Close()
	}
	if !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("create sqlite %s: %w", path, err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		st, err := os.Stat(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("sqlite %s: %w", p, err)
		}
		if mode := st.Mode().Perm(); mode&0o077 != 0 {
			if err := os.Chmod(p, mode&^0o077); err != nil {
				return fmt.Errorf("restrict sqlite %s to its owner: %w", p, err)
			}
			logger.Warn("database file was readable by other users: restricted to its owner", "path", p, "was", fmt.Sprintf("%04o", mode), "now", fmt.Sprintf("%04o", mode&^0o077))
		}
	}
	return nil
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "foreign_keys(1)", "busy_timeout(10000)", "synchronous(NORMAL)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	dsn := "file:" + path + "?" + q.Encode()
	w, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	r, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("open sqlite %s: %w", path, err), w.Close())
	}
	r.SetMaxOpenConns(8)
	// Keep all eight: database/sql keeps only two idle by default, so under
	// load every third read closed its connection and the next opened a new
	// one (file open, pragmas, and its prepared statements lost), which the
	// national-demo profile showed inside page rendering.
	r.SetMaxIdleConns(8)
	d := &DB{write: w, read: r, dialect: SQLite, stmts: newStmtCache(r)}
	// The first connection creates the file and switches it to WAL; do it on
	// the writer before readers race to do the same.
	if err := w.PingContext(ctx); err != nil {
		return nil, errors.Join(fmt.Errorf("open sqlite %s: %w", path, err), d.Close())
	}
	if err := r.PingContext(ctx); err != nil {
		return nil, errors.Join(fmt.Errorf("open sqlite %s: %w", path, err), d.Close())
	}
	return d, nil
}

// Dialect tells which SQL dialect the database speaks.
func (d *DB) Dialect() Dialect { return d.dialect }

// Ping checks that the database answers.
func (d *DB) Ping(ctx context.Context) error {
	if err := d.read.PingContext(ctx); err != nil {
		return fmt.Errorf("database unreachable: %w", err)
	}
	return nil
}

// Close closes both pools.
func (d *DB) Close() error {
	var err error
	if d.stmts != nil {
		err = d.stmts.close()
	}
	if e := d.write.Close(); err == nil {
		err = e
	}
	if d.read != d.write {
		if e := d.read.Close(); err == nil {
			err = e
		}
	}
	return err
}

// QueryContext runs a read-only query on the read pool.
func (d *DB) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if d.stmts != nil {
		return d.stmts.query(ctx, q, args...)
	}
	return d.read.QueryContext(ctx, q, args...)
}

// QueryRowContext runs a read-only single-row query on the read pool.
func (d *DB) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	if d.stmts != nil {
		return d.stmts.queryRow(ctx, q, args...)
	}
	return d.read.QueryRowContext(ctx, q, args...)
}

// ExecContext runs one statement on the writer, in its own implicit
// transaction.
func (d *DB) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return d.write.ExecContext(ctx, q, args...)
}

// PrepareWrite prepares q on the writer, for a statement that one
// long-lived writer runs in many transactions: tx.StmtContext reuses it on
// the writer's connection instead of parsing it again, which in process
// (SQLite) is much of the cost of a small INSERT.
func (d *DB) PrepareWrite(ctx context.Context, q string) (*sql.Stmt, error) {
	return d.write.PrepareContext(ctx, q)
}

// Tx runs fn in a write transaction and commits when fn returns nil; any error
// or panic rolls everything back, so a failed operation never leaves half of
// its writes behind.
func (d *DB) Tx(ctx context.Context, fn func(tx *sql.Tx) error) (err error) {
	tx, err := d.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// Querier is what both *sql.Tx and *DB offer for reading, so store functions
// can run inside or outside a transaction.
type Querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
}

// IsUniqueViolation reports whether err is a unique-constraint violation in
// either dialect, so stores can turn it into a "already exists" answer.
func IsUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	return strings.Contains(s, "UNIQUE constraint failed") || strings.Contains(s, "SQLSTATE 23505")
}

// ForUpdate returns the row-locking suffix for a SELECT in a write
// transaction: PostgreSQL needs FOR UPDATE to serialise concurrent writers;
// SQLite's single writer already does.
func (d *DB) ForUpdate() string {
	if d.dialect == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// TryAdvisoryLock takes a transaction-scoped lock named by key so that a
// background job runs on one instance at a time. SQLite has one writer, so
// holding the write transaction is the lock.
func (d *DB) TryAdvisoryLock(ctx context.Context, tx *sql.Tx, key int64) (bool, error) {
	if d.dialect != Postgres {
		return true, nil
	}
	var ok bool
	// Advisory locks are per database, not per schema: the key is mixed
	// with the schema, so installations (or test runs) that share a
	// PostgreSQL database in separate schemas do not skip each other's jobs.
	if err := tx.QueryRowContext(ctx, "SELECT pg_try_advisory_xact_lock(hashtextextended(current_schema() || ':' || $1, 0))", strconv.FormatInt(key, 10)).Scan(&ok); err != nil {
		return false, err
	}
	return ok, nil
}

// AdvisoryLock waits for a transaction-scoped lock named by key, for
// writers that must take several rows' locks in one order, which row locks
// alone cannot promise when some of the rows are still being inserted by
// another transaction (the login throttle's counters). SQLite has one
// writer, so holding the write transaction is the lock. The key is mixed
// with the schema, as in TryAdvisoryLock.
func (d *DB) AdvisoryLock(ctx context.Context, tx *sql.Tx, key int64) error {
	if d.dialect != Postgres {
		return nil
	}
	_, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(hashtextextended(current_schema() || ':' || $1, 0))", strconv.FormatInt(key, 10))
	return err
}

// SkipLocked returns the suffix for a SELECT that claims rows of a work
// queue in a write transaction: on PostgreSQL several instances claim at
// once and SKIP LOCKED gives each row to one of them; SQLite's single
// writer already does.
func (d *DB) SkipLocked() string {
	if d.dialect == Postgres {
		return " FOR UPDATE SKIP LOCKED"
	}
	return ""
}

// ForUpdateOf returns the row-locking suffix that locks only the rows of
// the table with the given alias in a joined SELECT: PostgreSQL refuses
// FOR UPDATE on the nullable side of an outer join.
func (d *DB) ForUpdateOf(alias string) string {
	if d.dialect == Postgres {
		return " FOR UPDATE OF " + alias
	}
	return ""
}

// AnonymousPlaceholders reports whether generated statements with many
// parameters should use "?" instead of "$N": SQLite resolves "$N" names
// by a linear search, which makes a statement of thousands of parameters
// quadratic; PostgreSQL's driver needs "$N".
func (d *DB) AnonymousPlaceholders() bool { return d.dialect == SQLite }

// InProcess reports whether the database runs inside this process
// (SQLite): a round trip costs nothing there, and statement parsing is
// the main cost, so a writer prepares one statement and runs it per row;
// over the network (PostgreSQL) a multi-row statement saves round trips.
func (d *DB) InProcess() bool { return d.dialect == SQLite }
