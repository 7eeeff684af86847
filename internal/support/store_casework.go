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

// watchedReferral is a referral of a running file, as the watch job
// needs it: whose client, which supporter, and the phase last told.
type watchedReferral struct {
	ID, FamilyID, ClientID, SupporterID int64
	Ref, ToldPhase, ToldPhaseEN         string
}

// watchedReferrals lists the referrals of the files whose support runs.
func (st store) watchedReferrals(ctx context.Context, q db.Querier) ([]watchedReferral, error) {
	rows, err := q.QueryContext(ctx, `SELECT r.id, r.family_id, f.client_id, COALESCE(f.supporter_id, 0), r.ref, r.told_phase, r.told_phase_en
		FROM support_referrals r JOIN support_families f ON f.id = r.family_id WHERE f.ended_on IS NULL ORDER BY r.id`)
	return collect(rows, err, func(r db.Scanner) (watchedReferral, error) {
		var w watchedReferral
		err := r.Scan(&w.ID, &w.FamilyID, &w.ClientID, &w.SupporterID, &w.Ref, &w.ToldPhase, &w.ToldPhaseEN)
		return w, err
	})
}

// setToldPhase records the phase (in Dutch and English) the supporter was
// told of, only if it is still the one read before (ok false: another
// round was first).
func (st store) setToldPhase(ctx context.Context, q db.Querier, id int64, was string, now ReferralStatus) (bool, error) {
	res, err := q.ExecContext(ctx, `UPDATE support_referrals SET told_phase = $1, told_phase_en = $2 WHERE id = $3 AND told_phase = $4`, now.Phase, now.PhaseEN, id, was)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// reopenFamily undoes an ending: the ending moves to the reopenings with
// the reason, and the file runs again (ok false when it was not ended).
func (st store) reopenFamily(ctx context.Context, q db.Querier, e Ending, r Reopening) (bool, error) {
	res, err := q.ExecContext(ctx, `UPDATE support_families SET ended_on = NULL WHERE id = $1 AND ended_on IS NOT NULL`, e.FamilyID)
	if err != nil {
		return false, err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, err
	}
	if _, err := q.ExecContext(ctx, `INSERT INTO support_reopenings (family_id, ended_on, end_reason, end_note, ended_by, reason, reopened_by, reopened_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		e.FamilyID, e.EndedOn, string(e.Reason), e.Note, nullID(e.EndedBy), r.Reason, nullID(r.ReopenedBy), r.ReopenedAt); err != nil {
		return false, err
	}
	_, err = q.ExecContext(ctx, `DELETE FROM support_endings WHERE family_id = $1`, e.FamilyID)
	return err == nil, err
}

// reopenings lists a file's undone endings, newest first.
func (st store) reopenings(ctx context.Context, familyID int64) ([]Reopening, error) {
	rows, err := st.d.QueryContext(ctx, `SELECT family_id, ended_on, end_reason, reason, COALESCE(reopened_by, 0), reopened_at FROM support_reopenings WHERE family_id = $1 ORDER BY reopened_at DESC, id DESC`, familyID)
	return collect(rows, err, func(r db.Scanner) (Reopening, error) {
		var x Reopening
		var endReason string
		err := r.Scan(&x.FamilyID, &x.EndedOn, &endReason, &x.Reason, &x.ReopenedBy, &x.ReopenedAt)
		x.EndReason, x.EndedOn, x.ReopenedAt = EndReason(endReason), x.EndedOn.UTC(), x.ReopenedAt.UTC()
		return x, err
	})
}

// runningFileOf is the id of another file of clientID whose support runs
// (0: none), so an ending is not undone beside a newer file.
func (st store) runningFileOf(ctx context.Context, q db.Querier, clientID, except int64) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM support_families WHERE client_id = $1 AND id <> $2 AND ended_on IS NULL ORDER BY id LIMIT 1`, clientID, except).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}
