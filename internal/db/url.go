package db

import (
	"errors"
	"path/filepath"
	"strings"
)

// URL is a parsed --db value (DESIGN §4: sqlite:PATH or a postgres://
// URL). It is the one place the value is read, so the server, the key
// files beside the database and the backup command agree on what it
// names.
type URL struct {
	// Dialect is SQLite or Postgres.
	Dialect Dialect
	// Path is the SQLite file; empty for PostgreSQL.
	Path string
	// Raw is the value as given (for PostgreSQL, the connection URL).
	Raw string
}

// ParseURL reads a --db value. A value without a known scheme is an
// SQLite path, with or without the "sqlite:" prefix.
func ParseURL(raw string) (URL, error) {
	if strings.HasPrefix(raw, "postgres://") || strings.HasPrefix(raw, "postgresql://") {
		return URL{Dialect: Postgres, Raw: raw}, nil
	}
	path := strings.TrimPrefix(raw, "sqlite:")
	if path == "" {
		return URL{}, errors.New("empty SQLite path: use --db sqlite:PATH")
	}
	return URL{Dialect: SQLite, Path: path, Raw: raw}, nil
}

// IsSQLite reports whether the URL names an SQLite file.
func (u URL) IsSQLite() bool { return u.Dialect == SQLite }

// Beside names a file next to the SQLite database: the same directory
// and base name with suffix ("volwaardig.db" → "volwaardig.audit-key").
// For PostgreSQL, which has no file, it is "volwaardig"+suffix in the
// working directory.
func (u URL) Beside(suffix string) string {
	if u.Dialect != SQLite {
		return "volwaardig" + suffix
	}
	return strings.TrimSuffix(u.Path, filepath.Ext(u.Path)) + suffix
}
