package db

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// ErrNotSQLite is returned by BackupTo on a PostgreSQL database, whose
// backups are made with the server's own tools (pg_dump, pg_basebackup).
var ErrNotSQLite = errors.New("backup: only an SQLite database is copied by volwaardig; back up PostgreSQL with pg_dump or pg_basebackup")

// BackupTo writes a consistent copy of a running SQLite database to out.
//
// It uses VACUUM INTO on a reader connection: in WAL mode that is one read
// transaction, so the copy holds exactly the commits made before it started,
// while the server goes on writing. The copy is a compact, self-contained
// database (no -wal file to forget). out must not exist yet; it is created
// readable by its owner only, because it holds health data.
func (d *DB) BackupTo(ctx context.Context, out string) error {
	if d.dialect != SQLite {
		return ErrNotSQLite
	}
	abs, err := filepath.Abs(out)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	// VACUUM INTO accepts an existing empty file, so creating it first with
	// O_EXCL gives both the refusal to overwrite and the 0600 mode.
	f, err := os.OpenFile(abs, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := d.read.ExecContext(ctx, "VACUUM INTO $1", abs); err != nil {
		if rmErr := os.Remove(abs); rmErr != nil && !errors.Is(rmErr, os.ErrNotExist) {
			return fmt.Errorf("backup: %w (and removing the partial copy failed: %v)", err, rmErr)
		}
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// CheckIntegrity runs SQLite's integrity check, for a copy about to be
// restored: a damaged backup is refused before it replaces anything.
func (d *DB) CheckIntegrity(ctx context.Context) error {
	if d.dialect != SQLite {
		return ErrNotSQLite
	}
	rows, err := d.read.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return fmt.Errorf("integrity check: %w", err)
		}
		if s != "ok" {
			problems = append(problems, s)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("integrity check: %d problems, first: %s", len(problems), problems[0])
	}
	return nil
}
