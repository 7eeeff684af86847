package placement

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/volwaardig/volwaardig/internal/db"
)

// The case statements of the service, the background job, the crisis
// handover, the import check and the demo (see store for why they are here).

// lockClient locks the client's row in the client register for the rest of
// tx and returns the client's region: two registrations or handovers of one
// person at the same moment then queue, and the second sees the first's
// case. clients.ErrNotFound when the client does not exist.
func (st store) lockClient(ctx context.Context, tx *sql.Tx, clientID int64) (string, error) {
	return st.people.Lock(ctx, tx, clientID)
}

// openCaseCount counts the client's cases in an open phase.
func (st store) openCaseCount(ctx context.Context, q db.Querier, clientID int64) (int, error) {
	var n int
	args := []any{clientID}
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM placement_cases WHERE client_id = $1 AND phase IN (`+inArgs(openPhases(), &args)+`)`, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("placement: count open cases: %w", err)
	}
	return n, nil
}

// runningCase is the client's oldest case that is not closed (ErrNotFound
// when none), for a handover that must not open a second one.
func (st store) runningCase(ctx context.Context, q db.Querier, clientID int64) (Case, error) {
	args := []any{clientID}
	running := inArgs(runningPhases(), &args)
	c, err := scanCase(q.QueryRowContext(ctx, "SELECT "+caseColumns+" FROM placement_cases pc WHERE pc.client_id = $1 AND pc.phase IN ("+running+") ORDER BY pc.id LIMIT 1", args...))
	if errors.Is(err, sql.ErrNoRows) {
		return c, ErrNotFound
	}
	if err != nil {
		return c, err
	}
	one := []Case{c}
	err = st.named(ctx, q, one)
	return one[0], err
}

// countOpenCases counts the cases in an open phase over the whole country,
// only those with one of the waiting statuses when any are given.
func (st store) countOpenCases(ctx context.Context, q db.Querier, waiting ...WaitingStatus) (int, error) {
	var args []any
	where := "phase IN (" + inArgs(openPhases(), &args) + ")"
	if len(waiting) > 0 {
		where += " AND waiting IN (" + inArgs(waiting, &args) + ")"
	}
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM placement_cases WHERE `+where, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("placement: count open cases: %w", err)
	}
	return n, nil
}

// setPhase stores a case's new phase; the caller has checked the move and
// records the transition.
func (st store) setPhase(ctx context.Context, tx *sql.Tx, caseID int64, to Phase, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `UPDATE placement_cases SET phase = $1, phase_since = $2, updated_at = $2 WHERE id = $3`, string(to), now, caseID); err != nil {
		return fmt.Errorf("placement: set phase: %w", err)
	}
	return nil
}

// insertFollowUp records a follow-up after the move; a second one for the
// same moment is a unique violation (db.IsUniqueViolation), left to the
// caller to explain.
func (st store) insertFollowUp(ctx context.Context, tx *sql.Tx, f FollowUp) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO placement_followups (case_id, months, outcome, note, recorded_at, by_user, by_name, wellbeing, views_relatives, views_staff)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
		f.CaseID, f.Months, string(f.Outcome), f.Note, f.RecordedAt.UTC(), f.By, f.ByName, string(f.Wellbeing), f.Relatives, f.Staff)
	return err
}

// reassess stores a new indication on the case and ends the wait a "not
// eligible" decline started (and the objection against it), and records
// the reassessment with the old profile.
func (st store) reassess(ctx context.Context, tx *sql.Tx, c Case, profile Profile, meerzorg bool, wzd WzdStatus, note string, now time.Time, by int64) error {
	if _, err := tx.ExecContext(ctx, `UPDATE placement_cases SET profile = $1, meerzorg = $2, wzd = $3, reassess_since = NULL,
			objectable_reason = CASE WHEN objectable_reason = $4 THEN '' ELSE objectable_reason END, updated_at = $5 WHERE id = $6`,
		string(profile), meerzorg, string(wzd), string(DeclineNotEligible), now, c.CaseID); err != nil {
		return fmt.Errorf("placement: reassess: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO placement_reassessments (case_id, old_profile, new_profile, meerzorg, wzd, note, recorded_at, by_user) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
		c.CaseID, string(c.Profile), string(profile), meerzorg, string(wzd), note, now, by); err != nil {
		return fmt.Errorf("placement: record reassessment: %w", err)
	}
	return nil
}

// escalateByJob puts a case on the national table's agenda because its
// deadline passed long ago, with the decision the job records for it;
// false when another instance escalated it first.
func (st store) escalateByJob(ctx context.Context, tx *sql.Tx, c Case, reason string, now time.Time) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE placement_cases SET escalated_at = $1, escalation_reason = $2, updated_at = $1 WHERE id = $3 AND escalated_at IS NULL`, now, reason, c.CaseID)
	if err != nil {
		return false, fmt.Errorf("placement: escalate: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil || n == 0 {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO placement_decisions (case_id, region, agenda, decision, note, decided_at, by_user) VALUES ($1,$2,$3,$4,$5,$6,0)`,
		c.CaseID, c.Region, string(AgendaDeadline), string(DecideEscalate), reason, now); err != nil {
		return false, fmt.Errorf("placement: record escalation: %w", err)
	}
	return true, nil
}

// markDeadlineTold notes that the care office was told about the case's
// current deadline; false when it was told before (by this or another
// instance), so it is told once per deadline.
func (st store) markDeadlineTold(ctx context.Context, tx *sql.Tx, caseID int64) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE placement_cases SET deadline_notified = deadline
		WHERE id = $1 AND deadline IS NOT NULL AND (deadline_notified IS NULL OR deadline_notified <> deadline)`, caseID)
	if err != nil {
		return false, fmt.Errorf("placement: mark deadline told: %w", err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}
