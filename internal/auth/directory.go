package auth

import (
	"context"
	"fmt"
	"strings"

	"github.com/volwaardig/volwaardig/internal/db"
)

// Directory answers what a module may show about other accounts (who
// proposed, who decided, whom to call), in one query per set of ids, so
// that no module reads the users table itself (DESIGN §6). It needs only
// the database, so a module's store can hold one without the whole
// authentication service.
type Directory struct{ db *db.DB }

// NewDirectory returns the account directory on d.
func NewDirectory(d *db.DB) *Directory { return &Directory{db: d} }

// Contact is the part of an account a colleague may see to get in touch:
// the name, the organisation as the account states it, and the e-mail
// address ("" when none is known).
type Contact struct {
	Name, Organisation, Email string
}

// Contacts returns the contact card of each account in ids that exists
// (unknown and zero ids are left out), reading at most 500 ids per query.
func (d *Directory) Contacts(ctx context.Context, q db.Querier, ids []int64) (map[int64]Contact, error) {
	out := make(map[int64]Contact, len(ids))
	seen := make(map[int64]bool, len(ids))
	uniq := make([]int64, 0, len(ids))
	for _, id := range ids {
		if id != 0 && !seen[id] {
			seen[id] = true
			uniq = append(uniq, id)
		}
	}
	for len(uniq) > 0 {
		n := min(len(uniq), 500)
		args := make([]any, n)
		marks := make([]string, n)
		for i, id := range uniq[:n] {
			args[i] = id
			marks[i] = fmt.Sprintf("$%d", i+1)
		}
		if err := d.contacts(ctx, q, out, `SELECT id, display_name, organisation, email FROM users WHERE id IN (`+strings.Join(marks, ", ")+`)`, args); err != nil {
			return nil, fmt.Errorf("auth: contacts: %w", err)
		}
		uniq = uniq[n:]
	}
	return out, nil
}

func (d *Directory) contacts(ctx context.Context, q db.Querier, out map[int64]Contact, query string, args []any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var c Contact
		if err := rows.Scan(&id, &c.Name, &c.Organisation, &c.Email); err != nil {
			return err
		}
		out[id] = c
	}
	return rows.Err()
}

// Names returns the display names of the accounts in ids that exist.
func (d *Directory) Names(ctx context.Context, q db.Querier, ids []int64) (map[int64]string, error) {
	cs, err := d.Contacts(ctx, q, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]string, len(cs))
	for id, c := range cs {
		out[id] = c.Name
	}
	return out, nil
}
