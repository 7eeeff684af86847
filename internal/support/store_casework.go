package support

import (
	"context"
	"database/sql"
	"errors"

	"github.com/volwaardig/volwaardig/internal/db"
)

// The SQL of ending a family's support and of its referrals to the
// register (ending.go, referral.go).

// endFamily records the ending and sets the file's end day, only if the
// support still runs (ok false otherwise, nothing written).
func (st store) endFamily(ctx context.Context, q db.Querier, e Ending) (bool, error) {
	res, err := q.ExecContext(ctx, `UPDATE support_families SET ended_on = $1 WHERE id = $2 AND ended_on IS NULL`, e.EndedOn, e.FamilyID)
	if err != nil {
		return false, err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, err
	}
	_, err = q.ExecContext(ctx, `INSERT INTO support_endings (family_id, ended_on, reason, note, ended_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		e.FamilyID, e.EndedOn, string(e.Reason), e.Note, nullID(e.EndedBy), e.RecordedAt)
	return err == nil, err
}

func (st store) ending(ctx context.Context, familyID int64) (Ending, error) {
	var e Ending
	var reason string
	err := st.d.QueryRowContext(ctx, `SELECT family_id, ended_on, reason, note, COALESCE(ended_by, 0), recorded_at FROM support_endings WHERE family_id = $1`, familyID).
		Scan(&e.FamilyID, &e.EndedOn, &reason, &e.Note, &e.EndedBy, &e.RecordedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return e, errNoRow
	}
	e.Reason, e.EndedOn, e.RecordedAt = EndReason(reason), e.EndedOn.UTC(), e.RecordedAt.UTC()
	return e, err
}

func (st store) insertReferral(ctx context.Context, q db.Querier, r Referral) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO support_referrals (family_id, ref, profile, urgent, dossierhouder, reason, existing, referred_by, referred_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		r.FamilyID, r.Ref, r.Profile, r.Urgent, r.Dossierhouder, r.Reason, r.Existing, nullID(r.ReferredBy), r.ReferredAt).Scan(&id)
	return id, err
}

func (st store) referrals(ctx context.Context, familyID int64) ([]Referral, error) {
	rows, err := st.d.QueryContext(ctx, `SELECT id, family_id, ref, profile, urgent, dossierhouder, reason, existing, COALESCE(referred_by, 0), referred_at FROM support_referrals WHERE family_id = $1 ORDER BY referred_at DESC, id DESC`, familyID)
	return collect(rows, err, func(r db.Scanner) (Referral, error) {
		var x Referral
		err := r.Scan(&x.ID, &x.FamilyID, &x.Ref, &x.Profile, &x.Urgent, &x.Dossierhouder, &x.Reason, &x.Existing, &x.ReferredBy, &x.ReferredAt)
		x.ReferredAt = x.ReferredAt.UTC()
		return x, err
	})
}
