package crisis

import (
	"context"
	"time"

	"github.com/volwaardig/volwaardig/internal/db"
)

// The store's writes of the demo data: histories written as they stand,
// without the service's checks, inside the demo load's transaction.

func (st store) demoSettings(ctx context.Context, q db.Querier, region string, onCall int64, at time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO crisis_regions (region_code, norm_hours, stay_limit_days, on_call_user_id, updated_at, updated_by) VALUES ($1, 48, 28, $2, $3, $2)`,
		region, onCall, at)
	return err
}

func (st store) demoCase(ctx context.Context, q db.Querier, clientID int64, region string, u Urgency, where, what, risks, tried string, reporter int64, dossierhouder string, reported time.Time) (int64, error) {
	var id int64
	// The demo's cases keep the default norms, the acute one for an acute
	// crisis, as a real report does (Settings.NormFor).
	norm := Settings{NormHours: DefaultNormHours, AcuteNormHours: DefaultAcuteNormHours}.NormFor(u)
	err := q.QueryRowContext(ctx, `INSERT INTO crisis_cases (client_id, region_code, status, urgency, location_text, what_happened, risks, tried,
			reporter_id, reporter_phone, dossierhouder, reported_at, norm_hours, deadline_at) VALUES ($1, $2, 'gemeld', $3, $4, $5, $6, $7, $8, '030 123 45 67', $9, $10, $11, $12) RETURNING id`,
		clientID, region, string(u), where, what, risks, tried, reporter, dossierhouder, reported, norm, reported.Add(time.Duration(norm)*time.Hour)).Scan(&id)
	return id, err
}

// demoClosed writes a decided and closed case of the history; team and
// admitted may be nil.
func (st store) demoClosed(ctx context.Context, q db.Querier, status, decision string, decided time.Time, director int64, team any, closed time.Time, caseID int64, admitted any) error {
	_, err := q.ExecContext(ctx, `UPDATE crisis_cases SET status = $1, decision = $2, decided_at = $3, decided_by = $4, team_id = $5, closed_at = $6, closed_by = $4,
			close_note = 'Crisis voorbij; terug naar de eigen woonplek.', admitted_at = $8 WHERE id = $7`, status, decision, decided, director, team, closed, caseID, admitted)
	return err
}

// demoAdmission writes a running admission and holds its bed.
func (st store) demoAdmission(ctx context.Context, q db.Querier, decided time.Time, director, bed int64, stay time.Time, caseID int64, admitted time.Time) error {
	if _, err := q.ExecContext(ctx, `UPDATE crisis_cases SET status = 'opname', decision = 'opname', decided_at = $1, decided_by = $2, bed_id = $3, stay_until = $4, admitted_at = $6 WHERE id = $5`,
		decided, director, bed, stay, caseID, admitted); err != nil {
		return err
	}
	_, err := q.ExecContext(ctx, `UPDATE crisis_beds SET status = 'gereserveerd', case_id = $1, reserved_at = $2, reserved_by = $3 WHERE id = $4`, caseID, decided, director, bed)
	return err
}

func (st store) demoExtension(ctx context.Context, q db.Querier, caseID int64, reason string, at time.Time, by int64) error {
	_, err := q.ExecContext(ctx, `INSERT INTO crisis_extensions (case_id, days, reason, status, requested_at, requested_by) VALUES ($1, 14, $2, 'aangevraagd', $3, $4)`,
		caseID, reason, at, by)
	return err
}

// demoTeamCase writes a case supported by team 1 with a first visit.
func (st store) demoTeamCase(ctx context.Context, q db.Querier, decided time.Time, director, careRelationID, caseID int64, note string, visited time.Time, by int64) error {
	if _, err := q.ExecContext(ctx, `UPDATE crisis_cases SET status = 'cot', decision = 'cot', decided_at = $1, decided_by = $2, team_id = 1, care_relation_id = $3 WHERE id = $4`,
		decided, director, careRelationID, caseID); err != nil {
		return err
	}
	_, err := q.ExecContext(ctx, `INSERT INTO crisis_support (case_id, team_id, kind, note, recorded_at, recorded_by) VALUES ($1, 1, 'bezoek', $2, $3, $4)`,
		caseID, note, visited, by)
	return err
}
