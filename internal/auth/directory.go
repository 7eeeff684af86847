package auth

import (
	"context"
	"fmt"

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
// the name, the organisation as the account states it, and the work
// e-mail address and phone number ("" when none is known).
type Contact struct {
	Name, Organisation, Email, Phone string
	// Role tells a module whether the account speaks for, say, the care
	// office.
	Role Role
}

// Contacts returns the contact card of each account in ids that exists
// (unknown and zero ids are left out), in one query per 500 ids.
func (d *Directory) Contacts(ctx context.Context, q db.Querier, ids []int64) (map[int64]Contact, error) {
	out := make(map[int64]Contact, len(ids))
	err := db.QueryByIDs(ctx, q, `SELECT id, display_name, organisation, email, phone, role FROM users WHERE id IN (%s)`, ids, func(r db.Scanner) error {
		var id int64
		var c Contact
		var role string
		if err := r.Scan(&id, &c.Name, &c.Organisation, &c.Email, &c.Phone, &role); err != nil {
			return err
		}
		c.Role = Role(role)
		out[id] = c
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("auth: contacts: %w", err)
	}
	return out, nil
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

// Member is an account offered in a module's picker: its id (the value
// the form posts, never typed by a person) and its contact card.
type Member struct {
	ID int64
	// Username is how an imported list may name the account (or by its
	// e-mail address).
	Username string
	Contact
}

// RegionStaff lists the active accounts of role whose scope includes
// region, by name: the care-office employees a case of that region may
// have as its vaste contactpersoon. Disabled accounts are left out, so
// nobody is named as the person to call who can no longer answer.
func (d *Directory) RegionStaff(ctx context.Context, q db.Querier, role Role, region string) ([]Member, error) {
	rows, err := q.QueryContext(ctx, `SELECT u.id, u.username, u.display_name, u.organisation, u.email, u.phone, u.role
		FROM users u JOIN user_scopes s ON s.user_id = u.id AND s.kind = 'region' AND s.value = $2
		WHERE u.role = $1 AND NOT u.disabled ORDER BY u.display_name, u.id`, string(role), region)
	if err != nil {
		return nil, fmt.Errorf("auth: region staff: %w", err)
	}
	defer rows.Close()
	var out []Member
	for rows.Next() {
		var m Member
		var r string
		if err := rows.Scan(&m.ID, &m.Username, &m.Name, &m.Organisation, &m.Email, &m.Phone, &r); err != nil {
			return nil, err
		}
		m.Role = Role(r)
		out = append(out, m)
	}
	return out, rows.Err()
}
