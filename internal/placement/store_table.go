package placement

import (
	"context"
	"database/sql"
	"time"
)

// The SQL of the regional and national tables (table.go's Agenda, Decide
// and Escalated): what the agenda is built from and what a decision
// changes. Methods that change a case take the caller's transaction.

// objections are the clients' pending objections, the agenda's input.
func (st store) objections(ctx context.Context) ([]Objection, error) {
	rows, err := st.db.QueryContext(ctx, `SELECT id, objection, objection_at FROM placement_cases WHERE objection <> '' AND objection_at IS NOT NULL`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Objection
	for rows.Next() {
		var o Objection
		if err := rows.Scan(&o.CaseID, &o.Text, &o.At); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// declinesSince are the proposals declined at or after since.
func (st store) declinesSince(ctx context.Context, since time.Time) ([]DeclineEvent, error) {
	rows, err := st.db.QueryContext(ctx, `SELECT case_id, answered_at, decline_reason FROM placement_proposals WHERE status = 'afgewezen' AND answered_at >= $1`, since)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []DeclineEvent
	for rows.Next() {
		var d DeclineEvent
		var r string
		if err := rows.Scan(&d.CaseID, &d.At, &r); err != nil {
			return nil, err
		}
		d.Reason = DeclineReason(r)
		out = append(out, d)
	}
	return out, rows.Err()
}

// lastDecisions gives per case the time of the latest decision a person
// recorded (the job's automatic escalations, by_user 0, do not count),
// either of the regional tables (national false) or of the national table
// (national true).
func (st store) lastDecisions(ctx context.Context, national bool) (map[int64]time.Time, error) {
	op := "<>"
	if national {
		op = "="
	}
	rows, err := st.db.QueryContext(ctx, `SELECT case_id, decided_at FROM placement_decisions WHERE by_user <> 0 AND agenda `+op+` $1`, string(AgendaNational))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]time.Time{}
	for rows.Next() {
		var id int64
		var at time.Time
		if err := rows.Scan(&id, &at); err != nil {
			return nil, err
		}
		if at.After(out[id]) {
			out[id] = at.UTC()
		}
	}
	return out, rows.Err()
}

// escalatedCases are the open cases at the national table, from every
// region, for the national table's own agenda.
func (st store) escalatedCases(ctx context.Context) ([]Case, error) {
	args := []any{}
	rows, err := st.db.QueryContext(ctx, `SELECT `+caseColumns+` FROM placement_cases pc
		WHERE pc.escalated_at IS NOT NULL AND pc.phase IN (`+inArgs(openPhases(), &args)+`) ORDER BY pc.escalated_at, pc.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Case
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	return out, st.named(ctx, st.db, out)
}

// nationalOutcomes are the national table's decisions since `since` on
// the cases of regions, newest first, for the regional table to read.
func (st store) nationalOutcomes(ctx context.Context, regions []string, since time.Time) ([]NationalOutcome, error) {
	if len(regions) == 0 {
		return nil, nil
	}
	args := []any{string(AgendaNational), since}
	rows, err := st.db.QueryContext(ctx, `SELECT d.case_id, pc.client_id, d.region, d.decision, d.note, d.new_deadline, d.decided_at, d.by_user
		FROM placement_decisions d JOIN placement_cases pc ON pc.id = d.case_id
		WHERE d.agenda = $1 AND d.decided_at >= $2 AND d.by_user <> 0 AND d.region IN (`+inArgs(regions, &args)+`)
		ORDER BY d.decided_at DESC, d.id DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []NationalOutcome
	var clientIDs, users []int64
	for rows.Next() {
		var o NationalOutcome
		var dec string
		var nd sql.NullTime
		var client, by int64
		if err := rows.Scan(&o.CaseID, &client, &o.Region, &dec, &o.Note, &nd, &o.DecidedAt, &by); err != nil {
			return nil, err
		}
		o.Decision, o.NewDeadline, o.DecidedAt, o.ClientID = Decision(dec), nd.Time.UTC(), o.DecidedAt.UTC(), client
		clientIDs, users = append(clientIDs, client), append(users, by)
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	people, err := st.people.People(ctx, st.db, clientIDs)
	if err != nil {
		return nil, err
	}
	names, err := st.accounts.Names(ctx, st.db, users)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Name, out[i].ByName = people[clientIDs[i]].Name, names[users[i]]
	}
	return out, nil
}

// setDeadlineTx gives a case a new deadline.
func (store) setDeadlineTx(ctx context.Context, tx *sql.Tx, caseID int64, deadline, now time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE placement_cases SET deadline = $1, updated_at = $2 WHERE id = $3`, deadline.UTC(), now, caseID)
	return err
}

// escalateTx puts a case at the national table with the table's reason,
// unless it is there already.
func (store) escalateTx(ctx context.Context, tx *sql.Tx, caseID int64, reason string, now time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE placement_cases SET escalated_at = $1, escalation_reason = $2 WHERE id = $3 AND escalated_at IS NULL`, now, reason, caseID)
	return err
}

// returnToRegionTx ends a case's stay at the national table; the
// escalation stays in the decisions.
func (store) returnToRegionTx(ctx context.Context, tx *sql.Tx, caseID int64, now time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE placement_cases SET escalated_at = NULL, updated_at = $1 WHERE id = $2`, now, caseID)
	return err
}

// restoreWaitingTx undoes a decline's consequence: the waiting status
// comes back and parking and a pending reassessment end.
func (store) restoreWaitingTx(ctx context.Context, tx *sql.Tx, caseID int64, w WaitingStatus, now time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE placement_cases SET waiting = $1, waiting_before = '', parked_until = NULL, reassess_since = NULL, updated_at = $2 WHERE id = $3`,
		string(w), now, caseID)
	return err
}

// clearObjectionTx removes an answered objection from the case (it stays
// in the decision's note).
func (store) clearObjectionTx(ctx context.Context, tx *sql.Tx, caseID int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE placement_cases SET objection = '', objection_at = NULL, objectable_reason = '' WHERE id = $1`, caseID)
	return err
}

// insertDecisionTx records a table's decision with who recorded it.
func (store) insertDecisionTx(ctx context.Context, tx *sql.Tx, d DecisionRecord) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO placement_decisions (case_id, region, agenda, decision, note, new_deadline, decided_at, by_user) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
		d.CaseID, d.Region, string(d.Agenda), string(d.Decision), d.Note, nullTime(d.NewDeadline), d.DecidedAt, d.By)
	return err
}
