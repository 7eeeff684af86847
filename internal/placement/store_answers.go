package placement

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// The statements of proposals and their answers, batch runs, wishes and
// objections (proposals.go), behind the store.

// countOwnHolds counts a case's active holds on a place.
func (store) countOwnHolds(ctx context.Context, tx *sql.Tx, placeID, caseID int64) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM placement_holds WHERE place_id = $1 AND case_id = $2 AND released_at IS NULL`, placeID, caseID).Scan(&n)
	return n, err
}

// countOpenProposals counts the open proposals of a case.
func (store) countOpenProposals(ctx context.Context, tx *sql.Tx, caseID int64) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM placement_proposals WHERE case_id = $1 AND status = 'open'`, caseID).Scan(&n)
	return n, err
}

// openConceptProposal turns a batch run's concept for the case and place
// into an open proposal sent by account by, and returns its id
// (sql.ErrNoRows when there is no such concept). The sender stands behind
// the proposal: the provider reads them as its care-office contact (a
// concept has no author; the run made it).
func (store) openConceptProposal(ctx context.Context, tx *sql.Tx, runID, caseID, placeID, by int64, now time.Time) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `UPDATE placement_proposals SET status = 'open', created_at = $1, created_by = $5 WHERE run_id = $2 AND case_id = $3 AND place_id = $4 AND status = 'concept' RETURNING id`,
		now, runID, caseID, placeID, by).Scan(&id)
	return id, err
}

// recordAnswer writes the client's or the provider's answer ("ja"/"nee")
// with an optional note.
func (store) recordAnswer(ctx context.Context, tx *sql.Tx, proposalID int64, column, answer, note string, by int64) error {
	// The column name is part of the statement, so only the proposal's
	// two answer columns are accepted.
	if column != "client_answer" && column != "provider_answer" {
		return fmt.Errorf("placement: no answer column %q", column)
	}
	_, err := tx.ExecContext(ctx, `UPDATE placement_proposals SET `+column+` = $1, note = CASE WHEN $2 = '' THEN note ELSE $2 END, answered_by = $3 WHERE id = $4`,
		answer, note, by, proposalID)
	return err
}

// declineProposal closes a proposal as declined for a reason.
func (store) declineProposal(ctx context.Context, tx *sql.Tx, proposalID int64, reason DeclineReason, now time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE placement_proposals SET status = 'afgewezen', decline_reason = $1, answered_at = $2 WHERE id = $3`, string(reason), now, proposalID)
	return err
}

// replaceWaiting sets a new waiting status and keeps the one it replaces,
// so an upheld objection can bring it back; a pending objection ends.
func (store) replaceWaiting(ctx context.Context, tx *sql.Tx, caseID int64, to, before WaitingStatus) error {
	_, err := tx.ExecContext(ctx, `UPDATE placement_cases SET waiting = $1, waiting_before = $2, objection = '', objection_at = NULL WHERE id = $3`,
		string(to), string(before), caseID)
	return err
}

// parkCase keeps a case out of matching until a date.
func (store) parkCase(ctx context.Context, tx *sql.Tx, caseID int64, until time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE placement_cases SET parked_until = $1 WHERE id = $2`, until, caseID)
	return err
}

// awaitReassessment marks a case as waiting for a new indication.
func (store) awaitReassessment(ctx context.Context, tx *sql.Tx, caseID int64, since time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE placement_cases SET reassess_since = $1 WHERE id = $2`, since, caseID)
	return err
}

// setObjectable records which decline the client may object to ("" = none).
func (store) setObjectable(ctx context.Context, tx *sql.Tx, caseID int64, reason string, now time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE placement_cases SET objectable_reason = $1, updated_at = $2 WHERE id = $3`, reason, now, caseID)
	return err
}

// acceptProposal closes a proposal as accepted, releases the person's
// holds and voids their other proposals.
func (store) acceptProposal(ctx context.Context, tx *sql.Tx, proposalID, caseID int64, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `UPDATE placement_proposals SET status = 'geaccepteerd', answered_at = $1 WHERE id = $2`, now, proposalID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE placement_holds SET released_at = $1, release_reason = 'geaccepteerd' WHERE case_id = $2 AND released_at IS NULL`, now, caseID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE placement_proposals SET status = 'vervallen', answered_at = $1, note = 'Andere plek geaccepteerd' WHERE case_id = $2 AND id <> $3 AND status IN ('open', 'concept')`,
		now, caseID, proposalID)
	return err
}

// voidProposal closes a proposal as void with the reason as its note; a
// zero at leaves the answer time unset (a concept nobody answered).
func (store) voidProposal(ctx context.Context, tx *sql.Tx, proposalID int64, note string, at time.Time) error {
	if at.IsZero() {
		_, err := tx.ExecContext(ctx, `UPDATE placement_proposals SET status = 'vervallen', note = $1 WHERE id = $2`, note, proposalID)
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE placement_proposals SET status = 'vervallen', answered_at = $1, note = $2 WHERE id = $3`, at, note, proposalID)
	return err
}

// insertRun starts a batch run's row.
func (store) insertRun(ctx context.Context, tx *sql.Tx, region string, by int64, now time.Time) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO placement_runs (region, status, progress, started_by, started_at) VALUES ($1, 'bezig', 'gestart', $2, $3) RETURNING id`,
		region, by, now).Scan(&id)
	return id, err
}

// failRun marks a run as failed with its error.
func (st store) failRun(ctx context.Context, id int64, msg string, now time.Time) error {
	_, err := st.db.ExecContext(ctx, `UPDATE placement_runs SET status = 'mislukt', error = $1, finished_at = $2 WHERE id = $3`, msg, now, id)
	return err
}

// runProgress writes how far a run is, for its waiting page.
func (st store) runProgress(ctx context.Context, id int64, step string, people, places int) error {
	_, err := st.db.ExecContext(ctx, `UPDATE placement_runs SET progress = $1, people = $2, places = $3 WHERE id = $4`, step, people, places, id)
	return err
}

// finishRun records a finished run's figures.
func (store) finishRun(ctx context.Context, tx *sql.Tx, id int64, people, places, assigned int, total int64, now time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE placement_runs SET status = 'klaar', progress = 'klaar', people = $1, places = $2, assigned = $3, total_cost = $4, finished_at = $5 WHERE id = $6`,
		people, places, assigned, total, now, id)
	return err
}

// markRunSent records that a run's concepts went out.
func (store) markRunSent(ctx context.Context, tx *sql.Tx, id int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE placement_runs SET status = 'verstuurd' WHERE id = $1`, id)
	return err
}

// casesWithOpenProposal are the cases that wait for an answer, which a
// batch leaves alone.
func (st store) casesWithOpenProposal(ctx context.Context) (map[int64]bool, error) {
	rows, err := st.db.QueryContext(ctx, `SELECT DISTINCT case_id FROM placement_proposals WHERE status = 'open'`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	busy := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		busy[id] = true
	}
	return busy, rows.Err()
}

// setWishes writes the client's or the family's wishes.
func (store) setWishes(ctx context.Context, tx *sql.Tx, caseID int64, column, text string, now time.Time) error {
	// The column name is part of the statement: only the client's and
	// the family's wishes.
	if column != "wishes_client" && column != "wishes_family" {
		return fmt.Errorf("placement: no wishes column %q", column)
	}
	_, err := tx.ExecContext(ctx, `UPDATE placement_cases SET `+column+` = $1, updated_at = $2 WHERE id = $3`, text, now, caseID)
	return err
}

// setObjection records the client's objection.
func (store) setObjection(ctx context.Context, tx *sql.Tx, caseID int64, text string, now time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE placement_cases SET objection = $1, objection_at = $2, updated_at = $2 WHERE id = $3`, text, now, caseID)
	return err
}
