package clients

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db"
)

// dateLayout stores birth dates as ISO text, which sorts and compares the
// same in both dialects and carries no zone.
const dateLayout = "2006-01-02"

func dateText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(dateLayout)
}

func parseStoredDate(s string) time.Time {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

func fromNull(n sql.NullTime) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return n.Time.UTC()
}

// Create adds a client and returns its id. With tx nil it runs in its own
// transaction. The BSN, when given, is encrypted with the current key bound
// to the new row's id, and its blind index makes a second client with the
// same BSN fail with ErrDuplicateBSN.
func (s *Service) Create(ctx context.Context, tx *sql.Tx, nc NewClient) (int64, error) {
	if err := checkNewClient(nc); err != nil {
		return 0, err
	}
	var id int64
	err := s.inTx(ctx, tx, func(tx *sql.Tx) error {
		now := s.now()
		err := tx.QueryRowContext(ctx, `INSERT INTO clients (name, name_search, birth_date, region, phone, email, address, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
			strings.TrimSpace(nc.Name), foldName(nc.Name), dateText(nc.BirthDate), nc.Region, nc.Phone, nc.Email, nc.Address, nc.CreatedBy, now).Scan(&id)
		if err != nil {
			return fmt.Errorf("insert client: %w", err)
		}
		return s.setBSN(ctx, tx, id, nc.BSN)
	})
	if err != nil {
		return 0, err
	}
	return id, nil
}

func checkNewClient(nc NewClient) error {
	if strings.TrimSpace(nc.Name) == "" {
		return errors.New("client name is required")
	}
	if nc.BSN != "" && !nc.BSN.Valid() {
		return ErrInvalidBSN
	}
	return nil
}

func (s *Service) setBSN(ctx context.Context, tx *sql.Tx, id int64, b BSN) error {
	if b == "" {
		_, err := tx.ExecContext(ctx, `UPDATE clients SET bsn_cipher = NULL, bsn_key = 0, bsn_index = NULL WHERE id = $1`, id)
		return err
	}
	ct, err := s.keys.seal(id, b)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE clients SET bsn_cipher = $1, bsn_key = $2, bsn_index = $3 WHERE id = $4`,
		ct, int64(s.keys.current), s.keys.blindIndex(b), id)
	if db.IsUniqueViolation(err) {
		return ErrDuplicateBSN
	}
	return err
}

// Update changes a client's identity and contact data.
func (s *Service) Update(ctx context.Context, tx *sql.Tx, id int64, nc NewClient) error {
	if err := checkNewClient(nc); err != nil {
		return err
	}
	return s.inTx(ctx, tx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE clients SET name = $1, name_search = $2, birth_date = $3, region = $4, phone = $5, email = $6, address = $7, updated_at = $8 WHERE id = $9`,
			strings.TrimSpace(nc.Name), foldName(nc.Name), dateText(nc.BirthDate), nc.Region, nc.Phone, nc.Email, nc.Address, s.now(), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return s.setBSN(ctx, tx, id, nc.BSN)
	})
}

// Get reads a client with the BSN decrypted. Callers decide whether the
// reader may see the BSN (Policy.CanSeeBSN) before showing it.
func (s *Service) Get(ctx context.Context, id int64) (Client, error) {
	return s.get(ctx, s.d, id)
}

func (s *Service) get(ctx context.Context, q db.Querier, id int64) (Client, error) {
	var c Client
	var birth string
	var ct []byte
	err := q.QueryRowContext(ctx, `SELECT id, name, birth_date, region, bsn_cipher, phone, email, address, created_by, created_at, updated_at FROM clients WHERE id = $1`, id).
		Scan(&c.ID, &c.Name, &birth, &c.Region, &ct, &c.Phone, &c.Email, &c.Address, &c.CreatedBy, &c.CreatedAt, &c.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return c, ErrNotFound
	}
	if err != nil {
		return c, err
	}
	c.BirthDate = parseStoredDate(birth)
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	if len(ct) > 0 {
		b, err := s.keys.open(c.ID, ct)
		if err != nil {
			return c, fmt.Errorf("client %d: %w", c.ID, err)
		}
		c.BSN = b
	}
	return c, nil
}

// Names returns the names of the clients with the given ids (an unknown id
// is left out), in one query for the set, so a module lists its cases by
// name without reading the clients table itself (DESIGN §6). It reads no
// more than a name: the caller audits the read of its own records.
func (s *Service) Names(ctx context.Context, ids []int64) (map[int64]string, error) {
	return db.NamesByID(ctx, s.d, `SELECT id, name FROM clients WHERE id IN (%s)`, ids)
}

// FindByBSN returns the id of the client with this BSN, by the blind index.
func (s *Service) FindByBSN(ctx context.Context, b BSN) (int64, error) {
	var id int64
	err := s.d.QueryRowContext(ctx, `SELECT id FROM clients WHERE bsn_index = $1`, s.keys.blindIndex(b)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrNotFound
	}
	return id, err
}

// Rotate re-encrypts every BSN that is not under the current key, 100 rows
// per transaction so a large register never holds a long write lock, and
// returns how many rows it changed. Run it after putting a new key first
// in the keyring while keeping the old one; remove the old key afterwards.
// It is safe to interrupt and rerun. The blind-index key is not rotated.
func (s *Service) Rotate(ctx context.Context) (int, error) { return s.rotate(ctx, 100) }

// RunRotation is the server's background job for key rotation: it
// re-encrypts at start and then every hour, so an operator rotates by
// putting the new key first in VOLWAARDIG_BSN_KEYS and restarting; once
// the log reports the rotation done, the old key can be removed. Rows are
// locked per batch, so several instances may run it at once.
func (s *Service) RunRotation(ctx context.Context) {
	for {
		n, err := s.Rotate(ctx)
		if s.RotationDone != nil && ctx.Err() == nil {
			s.RotationDone(err)
		}
		switch {
		case err != nil && ctx.Err() == nil:
			s.logger.Error("BSN key rotation failed", "err", err)
		case n > 0:
			s.logger.Info("BSN key rotation: re-encrypted under the current key", "rows", n, "key_id", s.keys.current)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Hour):
		}
	}
}

func (s *Service) rotate(ctx context.Context, batch int) (int, error) {
	if batch <= 0 {
		batch = 100
	}
	total := 0
	for {
		n := 0
		err := s.d.Tx(ctx, func(tx *sql.Tx) error {
			rows, err := tx.QueryContext(ctx, `SELECT id, bsn_cipher FROM clients WHERE bsn_cipher IS NOT NULL AND bsn_key <> $1 ORDER BY id LIMIT `+fmt.Sprint(batch)+s.d.ForUpdate(), int64(s.keys.current))
			if err != nil {
				return err
			}
			type row struct {
				id int64
				ct []byte
			}
			var list []row
			for rows.Next() {
				var r row
				if err := rows.Scan(&r.id, &r.ct); err != nil {
					rows.Close()
					return err
				}
				list = append(list, r)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			for _, r := range list {
				b, err := s.keys.open(r.id, r.ct)
				if err != nil {
					return fmt.Errorf("rotate client %d: %w", r.id, err)
				}
				ct, err := s.keys.seal(r.id, b)
				if err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, `UPDATE clients SET bsn_cipher = $1, bsn_key = $2 WHERE id = $3`, ct, int64(s.keys.current), r.id); err != nil {
					return err
				}
			}
			n = len(list)
			return nil
		})
		if err != nil {
			return total, err
		}
		total += n
		if n < batch {
			return total, nil
		}
	}
}

// AddCareRelation ties a client to an organisation, location, team or
// supporter; Start defaults to now.
func (s *Service) AddCareRelation(ctx context.Context, tx *sql.Tx, c CareRelation) (int64, error) {
	if !c.Kind.Valid() || c.RefID <= 0 || c.ClientID <= 0 {
		return 0, fmt.Errorf("care relation: invalid kind %q or id", c.Kind)
	}
	if c.Start.IsZero() {
		c.Start = s.now()
	}
	var id int64
	err := s.inTx(ctx, tx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO client_care (client_id, kind, ref_id, label, started_at, ended_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			c.ClientID, string(c.Kind), c.RefID, c.Label, c.Start.UTC(), nullTime(c.End), c.CreatedBy).Scan(&id)
	})
	return id, err
}

// EndCareRelation closes a care relation at `at` (the history stays).
func (s *Service) EndCareRelation(ctx context.Context, tx *sql.Tx, id int64, at time.Time) error {
	return s.inTx(ctx, tx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE client_care SET ended_at = $1 WHERE id = $2 AND ended_at IS NULL`, at.UTC(), id)
		return err
	})
}

// CareRelations lists a client's care relations, current and past.
func (s *Service) CareRelations(ctx context.Context, clientID int64) ([]CareRelation, error) {
	rows, err := s.d.QueryContext(ctx, `SELECT id, client_id, kind, ref_id, label, started_at, ended_at, created_by FROM client_care WHERE client_id = $1 ORDER BY started_at, id`, clientID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CareRelation
	for rows.Next() {
		var c CareRelation
		var end sql.NullTime
		var kind string
		if err := rows.Scan(&c.ID, &c.ClientID, &kind, &c.RefID, &c.Label, &c.Start, &end, &c.CreatedBy); err != nil {
			return nil, err
		}
		c.Kind, c.Start, c.End = CareKind(kind), c.Start.UTC(), fromNull(end)
		out = append(out, c)
	}
	return out, rows.Err()
}

// AddRepresentative records a representative's authorisation. ValidFrom
// defaults to now; GrantedBy names who granted it.
func (s *Service) AddRepresentative(ctx context.Context, tx *sql.Tx, r Representative) (int64, error) {
	if !r.Relation.Valid() || r.UserID <= 0 || r.ClientID <= 0 {
		return 0, fmt.Errorf("representative: invalid relation %q or id", r.Relation)
	}
	now := s.now()
	if r.ValidFrom.IsZero() {
		r.ValidFrom = now
	}
	if !r.ValidUntil.IsZero() && !r.ValidUntil.After(r.ValidFrom) {
		return 0, errors.New("representative: the end must lie after the start")
	}
	var id int64
	err := s.inTx(ctx, tx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO client_representatives (client_id, user_id, name, relation, may_act, valid_from, valid_until, granted_by, granted_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			r.ClientID, r.UserID, r.Name, string(r.Relation), r.MayAct, r.ValidFrom.UTC(), nullTime(r.ValidUntil), r.GrantedBy, now).Scan(&id)
	})
	return id, err
}

// RevokeRepresentative ends an authorisation now; the record stays.
func (s *Service) RevokeRepresentative(ctx context.Context, tx *sql.Tx, clientID, id, by int64) error {
	return s.inTx(ctx, tx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE client_representatives SET revoked_at = $1, revoked_by = $2 WHERE id = $3 AND client_id = $4 AND revoked_at IS NULL`, s.now(), by, id, clientID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return nil
	})
}

const repColumns = `id, client_id, user_id, name, relation, may_act, valid_from, valid_until, granted_by, granted_at, revoked_at, revoked_by`

func scanRepresentative(rows *sql.Rows) (Representative, error) {
	var r Representative
	var rel string
	var until, revoked sql.NullTime
	var revokedBy sql.NullInt64
	err := rows.Scan(&r.ID, &r.ClientID, &r.UserID, &r.Name, &rel, &r.MayAct, &r.ValidFrom, &until, &r.GrantedBy, &r.GrantedAt, &revoked, &revokedBy)
	r.Relation, r.ValidUntil, r.RevokedAt, r.RevokedBy = Relation(rel), fromNull(until), fromNull(revoked), revokedBy.Int64
	r.ValidFrom, r.GrantedAt = r.ValidFrom.UTC(), r.GrantedAt.UTC()
	return r, err
}

// Representatives lists a client's representatives, current and past.
func (s *Service) Representatives(ctx context.Context, clientID int64) ([]Representative, error) {
	rows, err := s.d.QueryContext(ctx, `SELECT `+repColumns+` FROM client_representatives WHERE client_id = $1 ORDER BY granted_at, id`, clientID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Representative
	for rows.Next() {
		r, err := scanRepresentative(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// representation returns userID's active authorisation for the client, if
// any (the most permissive when several hold).
func (s *Service) representation(ctx context.Context, clientID, userID int64) (Representative, bool, error) {
	rows, err := s.d.QueryContext(ctx, `SELECT `+repColumns+` FROM client_representatives WHERE client_id = $1 AND user_id = $2 AND revoked_at IS NULL`, clientID, userID)
	if err != nil {
		return Representative{}, false, err
	}
	defer rows.Close()
	now := s.now()
	var best Representative
	found := false
	for rows.Next() {
		r, err := scanRepresentative(rows)
		if err != nil {
			return best, false, err
		}
		if !r.ActiveAt(now) {
			continue
		}
		if !found || (r.MayAct && !best.MayAct) || (r.Relation.Legal() && !best.Relation.Legal()) {
			best, found = r, true
		}
	}
	return best, found, rows.Err()
}

// AddConsent records a consent or other basis. ValidFrom defaults to now.
func (s *Service) AddConsent(ctx context.Context, tx *sql.Tx, c Consent) (int64, error) {
	if err := checkConsent(c); err != nil {
		return 0, err
	}
	now := s.now()
	if c.ValidFrom.IsZero() {
		c.ValidFrom = now
	}
	var id int64
	err := s.inTx(ctx, tx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO client_consents (client_id, subject, recipient_kind, recipient_id, recipient_label, basis, given_by, note, valid_from, valid_until, recorded_by, recorded_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
			c.ClientID, string(c.Subject), c.RecipientKind, c.RecipientID, c.RecipientLabel, string(c.Basis), c.GivenBy, c.Note,
			c.ValidFrom.UTC(), nullTime(c.ValidUntil), c.RecordedBy, now).Scan(&id)
	})
	return id, err
}

func checkConsent(c Consent) error {
	switch {
	case c.ClientID <= 0:
		return errors.New("consent: no client")
	case !c.Subject.Valid():
		return fmt.Errorf("consent: unknown subject %q", c.Subject)
	case !c.Basis.Valid():
		return fmt.Errorf("consent: unknown basis %q", c.Basis)
	case c.RecipientKind != RecipientNone && c.RecipientKind != RecipientUser && c.RecipientKind != RecipientOrganisation:
		return fmt.Errorf("consent: unknown recipient kind %q", c.RecipientKind)
	case c.RecipientKind != RecipientNone && c.RecipientID <= 0:
		return errors.New("consent: recipient without id")
	case !c.ValidUntil.IsZero() && !c.ValidFrom.IsZero() && !c.ValidUntil.After(c.ValidFrom):
		return errors.New("consent: the end must lie after the start")
	}
	return nil
}

// WithdrawConsent ends a consent now; the record stays.
func (s *Service) WithdrawConsent(ctx context.Context, tx *sql.Tx, clientID, id, by int64) error {
	return s.inTx(ctx, tx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE client_consents SET withdrawn_at = $1, withdrawn_by = $2 WHERE id = $3 AND client_id = $4 AND withdrawn_at IS NULL`, s.now(), by, id, clientID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return nil
	})
}

// Consents lists a client's consents, current, ended and withdrawn.
func (s *Service) Consents(ctx context.Context, clientID int64) ([]Consent, error) {
	rows, err := s.d.QueryContext(ctx, `SELECT id, client_id, subject, recipient_kind, recipient_id, recipient_label, basis, given_by, note, valid_from, valid_until, recorded_by, recorded_at, withdrawn_at, withdrawn_by
		FROM client_consents WHERE client_id = $1 ORDER BY recorded_at, id`, clientID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Consent
	for rows.Next() {
		var c Consent
		var subject, basis string
		var until, withdrawn sql.NullTime
		var withdrawnBy sql.NullInt64
		if err := rows.Scan(&c.ID, &c.ClientID, &subject, &c.RecipientKind, &c.RecipientID, &c.RecipientLabel, &basis, &c.GivenBy, &c.Note,
			&c.ValidFrom, &until, &c.RecordedBy, &c.RecordedAt, &withdrawn, &withdrawnBy); err != nil {
			return nil, err
		}
		c.Subject, c.Basis = Subject(subject), Basis(basis)
		c.ValidFrom, c.RecordedAt = c.ValidFrom.UTC(), c.RecordedAt.UTC()
		c.ValidUntil, c.WithdrawnAt, c.WithdrawnBy = fromNull(until), fromNull(withdrawn), withdrawnBy.Int64
		out = append(out, c)
	}
	return out, rows.Err()
}

// HasBasis reports whether a recorded basis for subject holds at `at`
// (any recipient). The sleep module asks it before accepting sensor data.
func (s *Service) HasBasis(ctx context.Context, clientID int64, subject Subject, at time.Time) (bool, error) {
	list, err := s.Consents(ctx, clientID)
	if err != nil {
		return false, err
	}
	for _, c := range list {
		if c.Subject == subject && c.ActiveAt(at) {
			return true, nil
		}
	}
	return false, nil
}

// SharedWith reports whether the client shares subject with user userID at
// `at`, e.g. sleep data with a naaste.
func (s *Service) SharedWith(ctx context.Context, clientID int64, subject Subject, userID int64, at time.Time) (bool, error) {
	list, err := s.Consents(ctx, clientID)
	if err != nil {
		return false, err
	}
	for _, c := range list {
		if c.Subject == subject && c.RecipientKind == RecipientUser && c.RecipientID == userID && c.ActiveAt(at) {
			return true, nil
		}
	}
	return false, nil
}

// LinkClientAccount makes userID the account of the client (role client):
// the user's own record. A user has at most one.
func (s *Service) LinkClientAccount(ctx context.Context, tx *sql.Tx, userID, clientID int64) error {
	if userID <= 0 || clientID <= 0 {
		return errors.New("link client account: invalid id")
	}
	return s.inTx(ctx, tx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO client_accounts (user_id, client_id, created_at) VALUES ($1, $2, $3)`, userID, clientID, s.now())
		if db.IsUniqueViolation(err) {
			return fmt.Errorf("user %d is already linked to a client record", userID)
		}
		return err
	})
}

// ScopeFor is the auth.ScopeResolver of the client register: the own
// record of a client account and the clients a naaste currently holds an
// authorisation for.
func (s *Service) ScopeFor(ctx context.Context, userID int64) (clientID int64, represents []int64, err error) {
	err = s.d.QueryRowContext(ctx, `SELECT client_id FROM client_accounts WHERE user_id = $1`, userID).Scan(&clientID)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, nil, err
	}
	rows, err := s.d.QueryContext(ctx, `SELECT `+repColumns+` FROM client_representatives WHERE user_id = $1 AND revoked_at IS NULL ORDER BY client_id`, userID)
	if err != nil {
		return 0, nil, err
	}
	defer rows.Close()
	now := s.now()
	for rows.Next() {
		r, err := scanRepresentative(rows)
		if err != nil {
			return 0, nil, err
		}
		if r.ActiveAt(now) && (len(represents) == 0 || represents[len(represents)-1] != r.ClientID) {
			represents = append(represents, r.ClientID)
		}
	}
	return clientID, represents, rows.Err()
}

// accountOf returns the user id of the client's own account, 0 if none;
// the audit log's "on behalf of" when a representative acts.
func (s *Service) accountOf(ctx context.Context, clientID int64) (int64, error) {
	var uid int64
	err := s.d.QueryRowContext(ctx, `SELECT user_id FROM client_accounts WHERE client_id = $1 ORDER BY user_id LIMIT 1`, clientID).Scan(&uid)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return uid, err
}

// Ref builds the policy input for a client: region, current care
// relations and current representatives.
func (s *Service) Ref(ctx context.Context, clientID int64) (auth.ClientRef, error) {
	refs, err := s.refs(ctx, []int64{clientID})
	if err != nil {
		return auth.ClientRef{}, err
	}
	ref, ok := refs[clientID]
	if !ok {
		return auth.ClientRef{}, ErrNotFound
	}
	return ref, nil
}

// Refs builds the policy input of several clients at once (Ref for a
// page); a client not in the register is missing from the map.
func (s *Service) Refs(ctx context.Context, ids []int64) (map[int64]auth.ClientRef, error) {
	return s.refs(ctx, ids)
}

// refs builds the policy input of several clients in three queries.
func (s *Service) refs(ctx context.Context, ids []int64) (map[int64]auth.ClientRef, error) {
	out := map[int64]auth.ClientRef{}
	if len(ids) == 0 {
		return out, nil
	}
	in, args := inList(ids, 1)
	rows, err := s.d.QueryContext(ctx, `SELECT id, region FROM clients WHERE id IN (`+in+`)`, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var r auth.ClientRef
		if err := rows.Scan(&r.ID, &r.Region); err != nil {
			rows.Close()
			return nil, err
		}
		out[r.ID] = r
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	now := s.now()
	rows, err = s.d.QueryContext(ctx, `SELECT client_id, kind, ref_id, started_at, ended_at FROM client_care WHERE client_id IN (`+in+`)`, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var c CareRelation
		var kind string
		var end sql.NullTime
		if err := rows.Scan(&c.ClientID, &kind, &c.RefID, &c.Start, &end); err != nil {
			rows.Close()
			return nil, err
		}
		c.End = fromNull(end)
		if !c.ActiveAt(now) {
			continue
		}
		r := out[c.ClientID]
		switch CareKind(kind) {
		case CareOrganisation:
			r.Organisations = append(r.Organisations, c.RefID)
		case CareLocation:
			r.Locations = append(r.Locations, c.RefID)
		case CareTeam:
			r.Teams = append(r.Teams, c.RefID)
		case CareSupporter:
			r.Supporters = append(r.Supporters, c.RefID)
		}
		out[c.ClientID] = r
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = s.d.QueryContext(ctx, `SELECT `+repColumns+` FROM client_representatives WHERE revoked_at IS NULL AND client_id IN (`+in+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		rep, err := scanRepresentative(rows)
		if err != nil {
			return nil, err
		}
		if !rep.ActiveAt(now) {
			continue
		}
		r := out[rep.ClientID]
		r.Representatives = append(r.Representatives, rep.UserID)
		if rep.Relation.Legal() {
			r.LegalRepresentatives = append(r.LegalRepresentatives, rep.UserID)
		}
		out[rep.ClientID] = r
	}
	return out, rows.Err()
}

// inList makes "$n, $n+1, ..." for ids and the matching arguments.
func inList(ids []int64, first int) (string, []any) {
	var b strings.Builder
	args := make([]any, len(ids))
	for i, id := range ids {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "$%d", first+i)
		args[i] = id
	}
	return b.String(), args
}

// grantEmergency records a noodknop use and returns when it expires.
func (s *Service) grantEmergency(ctx context.Context, tx *sql.Tx, clientID int64, p *auth.Principal, reason string) (time.Time, error) {
	now := s.now()
	exp := now.Add(s.EmergencyDuration)
	_, err := tx.ExecContext(ctx, `INSERT INTO client_emergency_access (client_id, user_id, role, reason, granted_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		clientID, p.UserID, string(p.Role), reason, now, exp)
	return exp, err
}

// emergencyUntil returns until when userID holds emergency access to the
// client and the reason given (zero when none holds).
func (s *Service) emergencyUntil(ctx context.Context, clientID, userID int64) (time.Time, string, error) {
	var t time.Time
	var reason string
	err := s.d.QueryRowContext(ctx, `SELECT expires_at, reason FROM client_emergency_access WHERE client_id = $1 AND user_id = $2 ORDER BY expires_at DESC LIMIT 1`, clientID, userID).Scan(&t, &reason)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, "", nil
	}
	if err != nil {
		return time.Time{}, "", err
	}
	if t.After(s.now()) {
		return t.UTC(), reason, nil
	}
	return time.Time{}, "", nil
}

// EmergencyAccesses lists the noodknop uses for a client (for the client's
// own inzage; the review list lives in the audit module).
func (s *Service) EmergencyAccesses(ctx context.Context, clientID int64) ([]EmergencyAccess, error) {
	rows, err := s.d.QueryContext(ctx, `SELECT id, client_id, user_id, role, reason, granted_at, expires_at FROM client_emergency_access WHERE client_id = $1 ORDER BY granted_at, id`, clientID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []EmergencyAccess
	for rows.Next() {
		var e EmergencyAccess
		if err := rows.Scan(&e.ID, &e.ClientID, &e.UserID, &e.Role, &e.Reason, &e.GrantedAt, &e.ExpiresAt); err != nil {
			return nil, err
		}
		e.GrantedAt, e.ExpiresAt = e.GrantedAt.UTC(), e.ExpiresAt.UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}

// Circle returns the accounts close to a client: the client's own account,
// every representative registered now (acting or not) and the supporters
// who have the client in their caseload. A relative who shares a plan
// about the client may pick among these people, and only these: letting a
// relative search every client's and relative's account by name would tell
// strangers who is a client.
func (s *Service) Circle(ctx context.Context, clientID int64) ([]int64, error) {
	ids, err := s.ownAndRepresentatives(ctx, clientID, false)
	if err != nil {
		return nil, err
	}
	rels, err := s.CareRelations(ctx, clientID)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	for _, c := range rels {
		if c.Kind == CareSupporter && (c.End.IsZero() || c.End.After(now)) {
			ids = append(ids, c.RefID)
		}
	}
	return ids, nil
}

// ContactUsers returns the accounts that answer for a client: the client's
// own account and the representatives currently authorised to act (a
// representative without "mag handelen" cannot answer, AuthorityFor). A
// module that must ask the client something (a placement proposal) tells
// these accounts.
func (s *Service) ContactUsers(ctx context.Context, clientID int64) ([]int64, error) {
	return s.ownAndRepresentatives(ctx, clientID, true)
}

// ownAndRepresentatives returns the client's own account and the
// representatives registered now; with acting, only those who may act.
func (s *Service) ownAndRepresentatives(ctx context.Context, clientID int64, acting bool) ([]int64, error) {
	var ids []int64
	own, err := s.accountOf(ctx, clientID)
	if err != nil {
		return nil, err
	}
	if own > 0 {
		ids = append(ids, own)
	}
	reps, err := s.Representatives(ctx, clientID)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	for _, r := range reps {
		if r.ActiveAt(now) && (r.MayAct || !acting) {
			ids = append(ids, r.UserID)
		}
	}
	return ids, nil
}
