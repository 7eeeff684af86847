package crisis

import (
	"context"
	"database/sql"
	"time"

	"github.com/volwaardig/volwaardig/internal/db"
)

// The store's writes of the case's life. A conditional UPDATE returns its
// sql.Result: the service reads RowsAffected to tell "someone else was
// first" from success.

func (st store) insertCase(ctx context.Context, q db.Querier, clientID int64, in Intake, reporterID int64, at time.Time, norm int, deadline time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO crisis_cases (client_id, region_code, status, urgency, location_text, what_happened, risks, tried,
			reporter_id, reporter_phone, dossierhouder, reported_at, norm_hours, deadline_at)
			VALUES ($1, $2, 'gemeld', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
		clientID, in.Region, string(in.Urgency), in.Where, in.WhatHappened, in.Risks, in.Tried, reporterID, in.ReporterPhone, in.Dossierhouder, at, norm, deadline).Scan(&id)
	return id, err
}

func (st store) takeCase(ctx context.Context, q db.Querier, caseID, userID int64, at time.Time) (sql.Result, error) {
	return q.ExecContext(ctx, `UPDATE crisis_cases SET status = 'in_behandeling', taken_by = $1, taken_at = $2 WHERE id = $3 AND status = 'gemeld'`, userID, at, caseID)
}

// freeBeds counts the contracted beds of a region that are free.
func (st store) freeBeds(ctx context.Context, q db.Querier, region string) (int, error) {
	var free int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM crisis_beds WHERE region_code = $1 AND contracted AND status = 'vrij'`, region).Scan(&free)
	return free, err
}

// reserveBed holds a free bed for a case; only one of two concurrent
// reservations changes a row.
func (st store) reserveBed(ctx context.Context, q db.Querier, caseID int64, at time.Time, userID, bedID int64) (sql.Result, error) {
	return q.ExecContext(ctx, `UPDATE crisis_beds SET status = 'gereserveerd', case_id = $1, reserved_at = $2, reserved_by = $3, availability_at = $2, availability_by = $3
			WHERE id = $4 AND status = 'vrij'`, caseID, at, userID, bedID)
}

func (st store) decideAdmission(ctx context.Context, q db.Querier, at time.Time, userID, bedID int64, escalatedTo, why string, stay time.Time, caseID int64) (sql.Result, error) {
	return q.ExecContext(ctx, `UPDATE crisis_cases SET status = 'opname', decision = 'opname', decided_at = $1, decided_by = $2, bed_id = $3,
			escalated_to = $4, escalation_reason = $5, stay_until = $6 WHERE id = $7 AND status IN ('gemeld', 'in_behandeling')`,
		at, userID, bedID, escalatedTo, why, stay, caseID)
}

func (st store) decideTeam(ctx context.Context, q db.Querier, at time.Time, userID, teamID, careRelationID int64, escalatedTo, why string, caseID int64) (sql.Result, error) {
	return q.ExecContext(ctx, `UPDATE crisis_cases SET status = 'cot', decision = 'cot', decided_at = $1, decided_by = $2, team_id = $3, care_relation_id = $4,
			escalated_to = $5, escalation_reason = $6 WHERE id = $7 AND status IN ('gemeld', 'in_behandeling')`, at, userID, teamID, careRelationID, escalatedTo, why, caseID)
}

func (st store) insertSupport(ctx context.Context, q db.Querier, caseID, teamID int64, kind SupportKind, note string, at time.Time, userID int64) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO crisis_support (case_id, team_id, kind, note, recorded_at, recorded_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		caseID, teamID, string(kind), note, at, userID).Scan(&id)
	return id, err
}

// closeCase ends a case that is still open.
func (st store) closeCase(ctx context.Context, q db.Querier, to Status, at time.Time, userID int64, note, ref, reason string, caseID int64) (sql.Result, error) {
	return q.ExecContext(ctx, `UPDATE crisis_cases SET status = $1, closed_at = $2, closed_by = $3, close_note = $4, handover_ref = $5, handover_reason = $6
		WHERE id = $7 AND status NOT IN ('afgesloten', 'overgedragen')`, string(to), at, userID, note, ref, reason, caseID)
}

// releaseBed frees the bed a case held.
func (st store) releaseBed(ctx context.Context, q db.Querier, at time.Time, userID, bedID, caseID int64) error {
	_, err := q.ExecContext(ctx, `UPDATE crisis_beds SET status = 'vrij', case_id = NULL, availability_at = $1, availability_by = $2 WHERE id = $3 AND case_id = $4`,
		at, userID, bedID, caseID)
	return err
}

// handOverAdmission records the handover of a running admission that was
// not handed over yet.
func (st store) handOverAdmission(ctx context.Context, q db.Querier, dossierhouder, ref, reason string, caseID int64) (sql.Result, error) {
	return q.ExecContext(ctx, `UPDATE crisis_cases SET dossierhouder = $1, handover_ref = $2, handover_reason = $3 WHERE id = $4 AND status = 'opname' AND handover_ref = ''`,
		dossierhouder, ref, reason, caseID)
}

func (st store) setDossierhouder(ctx context.Context, q db.Querier, dossierhouder string, caseID int64) error {
	_, err := q.ExecContext(ctx, `UPDATE crisis_cases SET dossierhouder = $1 WHERE id = $2`, dossierhouder, caseID)
	return err
}

// pendingExtensions counts a case's extension requests still to be judged.
func (st store) pendingExtensions(ctx context.Context, q db.Querier, caseID int64) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM crisis_extensions WHERE case_id = $1 AND status = 'aangevraagd'`, caseID).Scan(&n)
	return n, err
}

func (st store) insertExtension(ctx context.Context, q db.Querier, caseID int64, days int, reason string, at time.Time, userID int64) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO crisis_extensions (case_id, days, reason, status, requested_at, requested_by) VALUES ($1, $2, $3, 'aangevraagd', $4, $5) RETURNING id`,
		caseID, days, reason, at, userID).Scan(&id)
	return id, err
}

// extensionDays reads the days an extension request of the case asks;
// sql.ErrNoRows when it is not the case's.
func (st store) extensionDays(ctx context.Context, q db.Querier, extID, caseID int64) (int, error) {
	var days int
	err := q.QueryRowContext(ctx, `SELECT days FROM crisis_extensions WHERE id = $1 AND case_id = $2`, extID, caseID).Scan(&days)
	return days, err
}

// judgeExtension decides a request that is still waiting.
func (st store) judgeExtension(ctx context.Context, q db.Querier, status ExtensionStatus, at time.Time, userID int64, note string, extID int64) (sql.Result, error) {
	return q.ExecContext(ctx, `UPDATE crisis_extensions SET status = $1, decided_at = $2, decided_by = $3, decision_note = $4 WHERE id = $5 AND status = 'aangevraagd'`,
		string(status), at, userID, note, extID)
}

func (st store) setStayUntil(ctx context.Context, q db.Querier, until time.Time, caseID int64) error {
	_, err := q.ExecContext(ctx, `UPDATE crisis_cases SET stay_until = $1 WHERE id = $2`, until, caseID)
	return err
}

// saveSettings inserts or replaces a region's settings.
func (st store) saveSettings(ctx context.Context, q db.Querier, s Settings, at time.Time, userID int64) error {
	_, err := q.ExecContext(ctx, `INSERT INTO crisis_regions (region_code, norm_hours, acute_norm_hours, stay_limit_days, on_call_user_id, updated_at, updated_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (region_code) DO UPDATE SET norm_hours = excluded.norm_hours, acute_norm_hours = excluded.acute_norm_hours, stay_limit_days = excluded.stay_limit_days,
			on_call_user_id = excluded.on_call_user_id, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
		s.Region, s.NormHours, s.AcuteNormHours, s.StayLimitDays, nullID(s.OnCallUserID), at, userID)
	return err
}

// confirmBed records that a bed's status was confirmed as current.
func (st store) confirmBed(ctx context.Context, q db.Querier, at time.Time, userID, bedID int64) error {
	_, err := q.ExecContext(ctx, `UPDATE crisis_beds SET availability_at = $1, availability_by = $2 WHERE id = $3`, at, userID, bedID)
	return err
}

// setBedStatus changes a bed's status unless it is held for a case.
func (st store) setBedStatus(ctx context.Context, q db.Querier, status BedStatus, at time.Time, userID, bedID int64) error {
	_, err := q.ExecContext(ctx, `UPDATE crisis_beds SET status = $1, availability_at = $2, availability_by = $3 WHERE id = $4 AND status <> 'gereserveerd'`, string(status), at, userID, bedID)
	return err
}

func (st store) setTeamAvailability(ctx context.Context, q db.Querier, available bool, note string, at time.Time, userID, teamID int64) error {
	_, err := q.ExecContext(ctx, `UPDATE crisis_teams SET available = $1, availability_note = $2, availability_at = $3, availability_by = $4 WHERE id = $5`,
		available, note, at, userID, teamID)
	return err
}

// acknowledge records the team's acknowledgement, once.
func (st store) acknowledge(ctx context.Context, q db.Querier, at time.Time, userID, caseID int64) (sql.Result, error) {
	return q.ExecContext(ctx, `UPDATE crisis_cases SET acknowledged_at = $1, acknowledged_by = $2 WHERE id = $3 AND acknowledged_at IS NULL`, at, userID, caseID)
}

// admit records the person's arrival in the bed, once.
func (st store) admit(ctx context.Context, q db.Querier, at time.Time, userID, caseID int64) (sql.Result, error) {
	return q.ExecContext(ctx, `UPDATE crisis_cases SET admitted_at = $1, admitted_by = $2 WHERE id = $3 AND status = 'opname' AND admitted_at IS NULL`, at, userID, caseID)
}
