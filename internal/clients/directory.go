package clients

import (
	"context"
	"database/sql"
	"errors"

	"github.com/volwaardig/volwaardig/internal/db"
)

// Person is what another module shows of a client beside its own records:
// the name and birth date on its pages, the region its scope rules read.
// It carries no BSN or contact details.
type Person struct {
	ID        int64
	Name      string
	BirthDate string // as stored: "jjjj-mm-dd", "" when unknown
	Region    string
}

// Directory is the client register's read side for other modules' stores
// (DESIGN §3: platform tables are read through the platform's API, never
// joined by a module's SQL). It needs no keys, so a module's store-only use
// (demo loader, benchmarks) has it too. Methods take a db.Querier so they
// run inside the caller's transaction.
type Directory struct{ db *db.DB }

// NewDirectory makes the directory over the database.
func NewDirectory(d *db.DB) *Directory { return &Directory{db: d} }

// People returns the clients with the given ids, one query per 500 ids (not
// one per row); an id that does not exist is left out.
func (d *Directory) People(ctx context.Context, q db.Querier, ids []int64) (map[int64]Person, error) {
	out := make(map[int64]Person, len(ids))
	err := db.QueryByIDs(ctx, q, `SELECT id, name, birth_date, region FROM clients WHERE id IN (%s)`, ids, func(r db.Scanner) error {
		var p Person
		if err := r.Scan(&p.ID, &p.Name, &p.BirthDate, &p.Region); err != nil {
			return err
		}
		out[p.ID] = p
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Lock locks a client's row for the rest of tx (FOR UPDATE on PostgreSQL;
// SQLite has one writer) and returns the client's region, so that two
// actions creating something once per client (a placement case) queue
// on the client instead of both seeing none. ErrNotFound when unknown.
func (d *Directory) Lock(ctx context.Context, tx *sql.Tx, id int64) (region string, err error) {
	err = tx.QueryRowContext(ctx, `SELECT region FROM clients WHERE id = $1`+d.db.ForUpdate(), id).Scan(&region)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	return region, err
}
