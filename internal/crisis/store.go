package crisis

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/web"
)

// store holds all of the module's SQL, behind one type (DESIGN §6): the
// service decides, the store reads and writes the module's own tables.
// Every method takes the db.Querier it runs on, so a write runs in the
// caller's transaction. Names of clients, accounts and organisations are
// platform tables and are not joined here; the service reads them through
// the platform packages (names.go).
type store struct{ d *db.DB }

// caseColumns are read by scanCase.
const caseColumns = `k.id, k.client_id, k.region_code, k.status, k.urgency, k.location_text, k.what_happened, k.risks, k.tried,
	k.reporter_id, k.reporter_phone, k.dossierhouder, k.reported_at, k.norm_hours, k.deadline_at,
	COALESCE(k.taken_by, 0), k.taken_at, k.decided_at, COALESCE(k.decided_by, 0), k.decision, COALESCE(k.bed_id, 0), COALESCE(k.team_id, 0),
	k.care_relation_id, k.escalated_to, k.escalation_reason, k.stay_until, k.closed_at, COALESCE(k.closed_by, 0), k.close_note,
	k.handover_ref, k.handover_reason, k.admitted_at, COALESCE(k.admitted_by, 0), k.acknowledged_at, COALESCE(k.acknowledged_by, 0)`

const caseFrom = ` FROM crisis_cases k`

type scanner interface{ Scan(dest ...any) error }

func scanCase(r scanner) (Case, error) {
	var c Case
	var status, urgency, decision string
	var taken, decided, stay, closed, admitted, acked sql.NullTime
	err := r.Scan(&c.ID, &c.ClientID, &c.Region, &status, &urgency, &c.Where, &c.WhatHappened, &c.Risks, &c.Tried,
		&c.ReporterID, &c.ReporterPhone, &c.Dossierhouder, &c.ReportedAt, &c.NormHours, &c.DeadlineAt,
		&c.TakenBy, &taken, &decided, &c.DecidedBy, &decision, &c.BedID, &c.TeamID,
		&c.CareRelationID, &c.EscalatedTo, &c.EscalationReason, &stay, &closed, &c.ClosedBy, &c.CloseNote,
		&c.HandoverRef, &c.HandoverReason, &admitted, &c.AdmittedBy, &acked, &c.AcknowledgedBy)
	if err != nil {
		return c, err
	}
	c.Status, c.Urgency, c.Decision = Status(status), Urgency(urgency), Decision(decision)
	c.ReportedAt, c.DeadlineAt = c.ReportedAt.UTC(), c.DeadlineAt.UTC()
	c.TakenAt, c.DecidedAt, c.StayUntil, c.ClosedAt = nt(taken), nt(decided), nt(stay), nt(closed)
	c.AdmittedAt, c.AcknowledgedAt = nt(admitted), nt(acked)
	return c, nil
}

func nt(n sql.NullTime) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return n.Time.UTC()
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func errCaseNotFound() error {
	return web.NotFound("Deze crisismelding bestaat niet.", "This crisis report does not exist.")
}

// caseByID reads one case; lock takes its row lock for the transaction q.
func (st store) caseByID(ctx context.Context, q db.Querier, id int64, lock bool) (Case, error) {
	query := `SELECT ` + caseColumns + caseFrom + ` WHERE k.id = $1`
	if lock {
		// Lock only the case row (SQLite's single writer already
		// serialises the transaction).
		query += st.d.ForUpdateOf("k")
	}
	c, err := scanCase(q.QueryRowContext(ctx, query, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Case{}, errCaseNotFound()
	}
	return c, err
}

func (st store) cases(ctx context.Context, where string, args ...any) ([]Case, error) {
	rows, err := st.d.QueryContext(ctx, casesSQL(where), args...)
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
	return out, rows.Err()
}

// inList makes "$n, $n+1, ..." and the arguments for a list of values.
func inList[T any](vals []T, first int) (string, []any) {
	var b strings.Builder
	args := make([]any, len(vals))
	for i, v := range vals {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "$%d", first+i)
		args[i] = v
	}
	return b.String(), args
}

// regionCases are the open cases of the regions and those escalated to them.
func (st store) regionCases(ctx context.Context, regions []string) ([]Case, error) {
	where, args := regionCasesWhere(regions)
	return st.cases(ctx, where, args...)
}

// casesSQL is the one query of the case lists, newest report first.
func casesSQL(where string) string {
	return `SELECT ` + caseColumns + caseFrom + ` WHERE ` + where + ` ORDER BY k.reported_at DESC, k.id DESC`
}

// regionCasesWhere selects a region's open crises, its own and those
// escalated to it. Its status term is the exact WHERE of the partial
// indexes of migration 0003, so the databases read only open crises.
func regionCasesWhere(regions []string) (string, []any) {
	in, args := inList(regions, 1)
	return `k.status NOT IN ('afgesloten', 'overgedragen') AND (k.region_code IN (` + in + `) OR k.escalated_to IN (` + in + `))`, args
}

// reportedByWhere selects the crises a user reported.
const reportedByWhere = `k.reporter_id = $1`

// teamCases are the cases assigned to the teams.
func (st store) teamCases(ctx context.Context, teams []int64) ([]Case, error) {
	in, args := inList(teams, 1)
	return st.cases(ctx, `k.team_id IN (`+in+`)`, args...)
}

func (st store) reportedBy(ctx context.Context, userID int64) ([]Case, error) {
	return st.cases(ctx, reportedByWhere, userID)
}

func (st store) clientCases(ctx context.Context, clientID int64) ([]Case, error) {
	return st.cases(ctx, `k.client_id = $1`, clientID)
}

// admissionsIn are the running admissions in the beds of the organisations.
func (st store) admissionsIn(ctx context.Context, orgs []int64) ([]Case, error) {
	in, args := inList(orgs, 1)
	return st.cases(ctx, `k.status = 'opname' AND k.bed_id IN (SELECT id FROM crisis_beds WHERE organisation_id IN (`+in+`))`, args...)
}

// settings reads a region's stored settings over the defaults; the
// on-call person's name is the service's to add.
func (st store) settings(ctx context.Context, q db.Querier, region string) (Settings, error) {
	s := Settings{Region: region, NormHours: DefaultNormHours, AcuteNormHours: DefaultAcuteNormHours, StayLimitDays: DefaultStayLimitDays}
	var onCall sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT norm_hours, acute_norm_hours, stay_limit_days, on_call_user_id, updated_at
		FROM crisis_regions WHERE region_code = $1`, region).
		Scan(&s.NormHours, &s.AcuteNormHours, &s.StayLimitDays, &onCall, &s.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return s, nil
	}
	s.OnCallUserID = onCall.Int64
	return s, err
}

// teamQuery is read by scanTeams; load counts open assignments.
const teamQuery = `SELECT t.id, t.name, t.region_code, COALESCE(t.organisation_id, 0), t.expertise, t.active, t.available, t.availability_note, t.availability_at,
	(SELECT COUNT(*) FROM crisis_cases k WHERE k.team_id = t.id AND k.status NOT IN ('afgesloten', 'overgedragen'))
	FROM crisis_teams t`

// teams lists teams; region "" lists all, else the teams covering region.
func (st store) teams(ctx context.Context, region string) ([]Team, error) {
	if region == "" {
		return st.scanTeams(ctx, st.d, teamQuery+` ORDER BY t.id`)
	}
	return st.scanTeams(ctx, st.d, teamQuery+` WHERE t.region_code = $1 OR EXISTS (SELECT 1 FROM crisis_team_regions r WHERE r.team_id = t.id AND r.region_code = $1) ORDER BY t.name`, region)
}

func (st store) teamsOf(ctx context.Context, orgs []int64) ([]Team, error) {
	in, args := inList(orgs, 1)
	return st.scanTeams(ctx, st.d, teamQuery+` WHERE t.organisation_id IN (`+in+`) ORDER BY t.name`, args...)
}

func (st store) team(ctx context.Context, q db.Querier, id int64) (Team, error) {
	ts, err := st.scanTeams(ctx, q, teamQuery+` WHERE t.id = $1`, id)
	if err != nil {
		return Team{}, err
	}
	if len(ts) == 0 {
		return Team{}, web.NotFound("Dit C.O.T.-team bestaat niet.", "This C.O.T. team does not exist.")
	}
	return ts[0], nil
}

func (st store) scanTeams(ctx context.Context, q db.Querier, query string, args ...any) ([]Team, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	var out []Team
	for rows.Next() {
		var t Team
		var tags string
		if err := rows.Scan(&t.ID, &t.Name, &t.Region, &t.OrganisationID, &tags, &t.Active, &t.Available, &t.AvailabilityNote, &t.AvailabilityAt, &t.Load); err != nil {
			rows.Close()
			return nil, err
		}
		t.Expertise, t.AvailabilityAt = parseTags(tags), t.AvailabilityAt.UTC()
		out = append(out, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return out, nil
	}
	ids := make([]int64, len(out))
	for i, t := range out {
		ids[i] = t.ID
	}
	in, rargs := inList(ids, 1)
	rrows, err := q.QueryContext(ctx, `SELECT team_id, region_code FROM crisis_team_regions WHERE team_id IN (`+in+`) ORDER BY region_code`, rargs...)
	if err != nil {
		return nil, err
	}
	defer rrows.Close()
	idx := map[int64]int{}
	for i, t := range out {
		idx[t.ID] = i
	}
	for rrows.Next() {
		var id int64
		var r string
		if err := rrows.Scan(&id, &r); err != nil {
			return nil, err
		}
		out[idx[id]].Regions = append(out[idx[id]].Regions, r)
	}
	return out, rrows.Err()
}

// createTeam inserts a team and the regions it covers (deduplicated).
func (st store) createTeam(ctx context.Context, tx *sql.Tx, t Team, regions []string, at time.Time) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO crisis_teams (name, region_code, organisation_id, expertise, active, available, availability_note, availability_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, t.Name, t.Region, nullID(t.OrganisationID), strings.Join(t.Expertise, ", "), t.Active, t.Available, t.AvailabilityNote, at.UTC()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert team: %w", err)
	}
	seen := map[string]bool{}
	for _, r := range regions {
		if seen[r] {
			continue
		}
		seen[r] = true
		if _, err := tx.ExecContext(ctx, `INSERT INTO crisis_team_regions (team_id, region_code) VALUES ($1, $2)`, id, r); err != nil {
			return 0, fmt.Errorf("insert team region: %w", err)
		}
	}
	return id, nil
}

// bedQuery is read by scanBeds; the organisation's name is the service's
// to add.
const bedQuery = `SELECT b.id, b.region_code, b.organisation_id, COALESCE(b.location_id, 0), b.name, b.contracted, b.status, COALESCE(b.case_id, 0), b.availability_at, b.phone
	FROM crisis_beds b`

// beds lists the crisis beds of a region ("" = all regions).
func (st store) beds(ctx context.Context, region string) ([]Bed, error) {
	if region == "" {
		return st.scanBeds(ctx, st.d, bedQuery+` ORDER BY b.region_code, b.name`)
	}
	return st.scanBeds(ctx, st.d, bedQuery+` WHERE b.region_code = $1 ORDER BY b.name`, region)
}

func (st store) bedsOf(ctx context.Context, orgs []int64) ([]Bed, error) {
	in, args := inList(orgs, 1)
	return st.scanBeds(ctx, st.d, bedQuery+` WHERE b.organisation_id IN (`+in+`) ORDER BY b.name`, args...)
}

func (st store) bed(ctx context.Context, q db.Querier, id int64) (Bed, error) {
	bs, err := st.scanBeds(ctx, q, bedQuery+` WHERE b.id = $1`, id)
	if err != nil {
		return Bed{}, err
	}
	if len(bs) == 0 {
		return Bed{}, web.NotFound("Dit crisisbed bestaat niet.", "This crisis bed does not exist.")
	}
	return bs[0], nil
}

func (st store) scanBeds(ctx context.Context, q db.Querier, query string, args ...any) ([]Bed, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Bed
	for rows.Next() {
		var b Bed
		var status string
		if err := rows.Scan(&b.ID, &b.Region, &b.OrganisationID, &b.LocationID, &b.Name, &b.Contracted, &status, &b.CaseID, &b.AvailabilityAt, &b.Phone); err != nil {
			return nil, err
		}
		b.Status, b.AvailabilityAt = BedStatus(status), b.AvailabilityAt.UTC()
		out = append(out, b)
	}
	return out, rows.Err()
}

func (st store) createBed(ctx context.Context, tx *sql.Tx, b Bed, at time.Time) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO crisis_beds (region_code, organisation_id, location_id, name, contracted, status, availability_at, phone)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, b.Region, b.OrganisationID, nullID(b.LocationID), b.Name, b.Contracted, string(b.Status), at.UTC(), b.Phone).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert bed: %w", err)
	}
	return id, nil
}

// support lists a case's support records, oldest first; who recorded them
// is the service's to name.
func (st store) support(ctx context.Context, caseID int64) ([]SupportRecord, error) {
	rows, err := st.d.QueryContext(ctx, `SELECT id, case_id, COALESCE(team_id, 0), kind, note, recorded_at, recorded_by
		FROM crisis_support WHERE case_id = $1 ORDER BY recorded_at, id`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SupportRecord
	for rows.Next() {
		var r SupportRecord
		var kind string
		if err := rows.Scan(&r.ID, &r.CaseID, &r.TeamID, &kind, &r.Note, &r.RecordedAt, &r.RecordedBy); err != nil {
			return nil, err
		}
		r.Kind, r.RecordedAt = SupportKind(kind), r.RecordedAt.UTC()
		out = append(out, r)
	}
	return out, rows.Err()
}

func (st store) extensions(ctx context.Context, caseID int64) ([]Extension, error) {
	rows, err := st.d.QueryContext(ctx, `SELECT id, case_id, days, reason, status, requested_at, requested_by, decided_at, COALESCE(decided_by, 0), decision_note
		FROM crisis_extensions WHERE case_id = $1 ORDER BY requested_at, id`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Extension
	for rows.Next() {
		var e Extension
		var status string
		var decided sql.NullTime
		if err := rows.Scan(&e.ID, &e.CaseID, &e.Days, &e.Reason, &status, &e.RequestedAt, &e.RequestedBy, &decided, &e.DecidedBy, &e.DecisionNote); err != nil {
			return nil, err
		}
		e.Status, e.RequestedAt, e.DecidedAt = ExtensionStatus(status), e.RequestedAt.UTC(), nt(decided)
		out = append(out, e)
	}
	return out, rows.Err()
}

// regionExists reports whether a care-office region is known.
func (st store) regionExists(ctx context.Context, q db.Querier, code string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM regions WHERE code = $1`, code).Scan(&n)
	return n > 0, err
}

func (st store) regionCodes(ctx context.Context) ([]string, error) {
	rows, err := st.d.QueryContext(ctx, `SELECT code FROM regions ORDER BY code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func (st store) regionNames(ctx context.Context) (map[string]string, error) {
	rows, err := st.d.QueryContext(ctx, `SELECT code, name FROM regions`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var c, n string
		if err := rows.Scan(&c, &n); err != nil {
			return nil, err
		}
		out[c] = n
	}
	return out, rows.Err()
}
