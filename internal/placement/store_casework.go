package placement

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/volwaardig/volwaardig/internal/db"
)

// The casework statements: edited case fields with their history, notes
// and consults (see casework.go).

// updateCaseFields stores the editable fields of a case.
func (st store) updateCaseFields(ctx context.Context, tx *sql.Tx, caseID int64, e CaseEdit, now time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE placement_cases SET profile = $1, meerzorg = $2, wzd = $3, low_stimulus = $4, one_to_one = $5, secured = $6,
		wheelchair = $7, max_distance_km = $8, expertise = $9, waiting = $10, deadline = $11, dossierhouder = $12, wishes_client = $13, wishes_family = $14,
		updated_at = $15, contact_user_id = $17 WHERE id = $16`,
		string(e.Profile), e.Meerzorg, string(e.Wzd), e.LowStimulus, e.OneToOne, e.Secured, e.Wheelchair, e.MaxDistanceKm, JoinExpertise(e.Expertise),
		string(e.Waiting), nullTime(e.Deadline), e.Dossierhouder, e.WishesClient, e.WishesFamily, now, caseID, nullID(e.ContactUser))
	if err != nil {
		return fmt.Errorf("placement: update case: %w", err)
	}
	return nil
}

// insertChange records one changed field in the case's history.
func (st store) insertChange(ctx context.Context, tx *sql.Tx, c CaseChange) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO placement_case_changes (case_id, field, old_value, new_value, at, by_user, by_name) VALUES ($1,$2,$3,$4,$5,$6,$7)`,
		c.CaseID, c.Field, c.Old, c.New, c.At.UTC(), c.By, c.ByName); err != nil {
		return fmt.Errorf("placement: record change: %w", err)
	}
	return nil
}

// listChanges is the case's change history, oldest first.
func (st store) listChanges(ctx context.Context, q db.Querier, caseID int64) ([]CaseChange, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, case_id, field, old_value, new_value, at, by_user, by_name FROM placement_case_changes WHERE case_id = $1 ORDER BY at, id`, caseID)
	if err != nil {
		return nil, fmt.Errorf("placement: list changes: %w", err)
	}
	defer rows.Close()
	var out []CaseChange
	for rows.Next() {
		var c CaseChange
		if err := rows.Scan(&c.ID, &c.CaseID, &c.Field, &c.Old, &c.New, &c.At, &c.By, &c.ByName); err != nil {
			return nil, err
		}
		c.At = c.At.UTC()
		out = append(out, c)
	}
	return out, rows.Err()
}

// insertNote adds a note to a case.
func (st store) insertNote(ctx context.Context, tx *sql.Tx, n Note) (int64, error) {
	var id int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO placement_notes (case_id, body, at, by_user, by_name) VALUES ($1,$2,$3,$4,$5) RETURNING id`,
		n.CaseID, n.Body, n.At.UTC(), n.By, n.ByName).Scan(&id); err != nil {
		return 0, fmt.Errorf("placement: insert note: %w", err)
	}
	return id, nil
}

// listNotes is the case's notes, oldest first.
func (st store) listNotes(ctx context.Context, q db.Querier, caseID int64) ([]Note, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, case_id, body, at, by_user, by_name FROM placement_notes WHERE case_id = $1 ORDER BY at, id`, caseID)
	if err != nil {
		return nil, fmt.Errorf("placement: list notes: %w", err)
	}
	defer rows.Close()
	var out []Note
	for rows.Next() {
		var n Note
		if err := rows.Scan(&n.ID, &n.CaseID, &n.Body, &n.At, &n.By, &n.ByName); err != nil {
			return nil, err
		}
		n.At = n.At.UTC()
		out = append(out, n)
	}
	return out, rows.Err()
}

// insertConsult records a consult request.
func (st store) insertConsult(ctx context.Context, tx *sql.Tx, c Consult) (int64, error) {
	var id int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO placement_consults (case_id, consultant, centre, question, asked_at, asked_by, asked_by_name) VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING id`,
		c.CaseID, string(c.Consultant), c.Centre, c.Question, c.AskedAt.UTC(), c.AskedBy, c.AskedByName).Scan(&id); err != nil {
		return 0, fmt.Errorf("placement: insert consult: %w", err)
	}
	return id, nil
}

// answerConsult records the answer of an unanswered consult of the case;
// false when there is no such consult or it was answered before.
func (st store) answerConsult(ctx context.Context, tx *sql.Tx, caseID, consultID int64, answer, byName string, now time.Time) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE placement_consults SET answer = $1, answered_at = $2, answered_by_name = $3 WHERE id = $4 AND case_id = $5 AND answered_at IS NULL`,
		answer, now.UTC(), byName, consultID, caseID)
	if err != nil {
		return false, fmt.Errorf("placement: answer consult: %w", err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// listConsults is the case's consults, oldest first.
func (st store) listConsults(ctx context.Context, q db.Querier, caseID int64) ([]Consult, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, case_id, consultant, centre, question, asked_at, asked_by, asked_by_name, answer, answered_at, answered_by_name
		FROM placement_consults WHERE case_id = $1 ORDER BY asked_at, id`, caseID)
	if err != nil {
		return nil, fmt.Errorf("placement: list consults: %w", err)
	}
	defer rows.Close()
	var out []Consult
	for rows.Next() {
		var c Consult
		var who string
		var ans sql.NullTime
		if err := rows.Scan(&c.ID, &c.CaseID, &who, &c.Centre, &c.Question, &c.AskedAt, &c.AskedBy, &c.AskedByName, &c.Answer, &ans, &c.AnsweredByName); err != nil {
			return nil, err
		}
		c.Consultant, c.AskedAt, c.AnsweredAt = Consultant(who), c.AskedAt.UTC(), ans.Time.UTC()
		out = append(out, c)
	}
	return out, rows.Err()
}
