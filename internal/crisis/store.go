package crisis

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/web"
)

// caseColumns are read by scanCase, with the client's and reporter's names
// joined for display.
const caseColumns = `k.id, k.client_id, COALESCE(c.name, ''), k.region_code, k.status, k.urgency, k.location_text, k.what_happened, k.risks, k.tried,
	k.reporter_id, COALESCE(u.display_name, ''), k.reporter_phone, k.dossierhouder, k.reported_at, k.norm_hours, k.deadline_at,
	COALESCE(k.taken_by, 0), k.taken_at, k.decided_at, COALESCE(k.decided_by, 0), k.decision, COALESCE(k.bed_id, 0), COALESCE(k.team_id, 0),
	k.care_relation_id, k.escalated_to, k.escalation_reason, k.stay_until, k.closed_at, COALESCE(k.closed_by, 0), k.close_note,
	k.handover_ref, k.handover_reason, k.admitted_at, COALESCE(k.admitted_by, 0), k.acknowledged_at, COALESCE(k.acknowledged_by, 0), COALESCE(ua.display_name, '')`

const caseFrom = ` FROM crisis_cases k LEFT JOIN clients c ON c.id = k.client_id LEFT JOIN users u ON u.id = k.reporter_id LEFT JOIN users ua ON ua.id = k.acknowledged_by`

type scanner interface{ Scan(dest ...any) error }

func scanCase(r scanner) (Case, error) {
	var c Case
	var status, urgency, decision string
	var taken, decided, stay, closed, admitted, acked sql.NullTime
	err := r.Scan(&c.ID, &c.ClientID, &c.ClientName, &c.Region, &status, &urgency, &c.Where, &c.WhatHappened, &c.Risks, &c.Tried,
		&c.ReporterID, &c.ReporterName, &c.ReporterPhone, &c.Dossierhouder, &c.ReportedAt, &c.NormHours, &c.DeadlineAt,
		&c.TakenBy, &taken, &decided, &c.DecidedBy, &decision, &c.BedID, &c.TeamID,
		&c.CareRelationID, &c.EscalatedTo, &c.EscalationReason, &stay, &closed, &c.ClosedBy, &c.CloseNote,
		&c.HandoverRef, &c.HandoverReason, &admitted, &c.AdmittedBy, &acked, &c.AcknowledgedBy, &c.AcknowledgedName)
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

// Case reads one case.
func (s *Service) Case(ctx context.Context, id int64) (Case, error) {
	return s.getCase(ctx, s.d, id, false)
}

func (s *Service) getCase(ctx context.Context, q db.Querier, id int64, lock bool) (Case, error) {
	query := `SELECT ` + caseColumns + caseFrom + ` WHERE k.id = $1`
	if lock {
		// Lock only the case row: PostgreSQL refuses FOR UPDATE on the
		// nullable side of the outer joins (db.ForUpdate's plain suffix), and
		// SQLite's single writer already serialises the transaction.
		query += s.d.ForUpdateOf("k")
	}
	c, err := scanCase(q.QueryRowContext(ctx, query, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Case{}, errCaseNotFound()
	}
	return c, err
}

func (s *Service) listCases(ctx context.Context, where string, args ...any) ([]Case, error) {
	rows, err := s.d.QueryContext(ctx, `SELECT `+caseColumns+caseFrom+` WHERE `+where+` ORDER BY k.reported_at DESC, k.id DESC`, args...)
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

// SortQueue orders cases for the crisisregisseur: undecided cases first, by
// urgency and then by the deadline nearest (or most overdue); running cases
// after, a stay over its limit first.
func SortQueue(cs []Case, now time.Time) {
	sort.SliceStable(cs, func(i, j int) bool {
		a, b := cs[i], cs[j]
		if a.Status.Undecided() != b.Status.Undecided() {
			return a.Status.Undecided()
		}
		if a.Status.Undecided() {
			if a.Urgency.Rank() != b.Urgency.Rank() {
				return a.Urgency.Rank() < b.Urgency.Rank()
			}
			return a.DeadlineAt.Before(b.DeadlineAt)
		}
		if a.StayOverLimit(now) != b.StayOverLimit(now) {
			return a.StayOverLimit(now)
		}
		return a.ReportedAt.Before(b.ReportedAt)
	})
}

// RegionCases lists the open cases of the regions (and those escalated to
// them), in queue order.
func (s *Service) RegionCases(ctx context.Context, regions []string) ([]Case, error) {
	if len(regions) == 0 {
		return nil, nil
	}
	in, args := inList(regions, 1)
	cs, err := s.listCases(ctx, `k.status NOT IN ('afgesloten', 'overgedragen') AND (k.region_code IN (`+in+`) OR k.escalated_to IN (`+in+`))`, args...)
	if err != nil {
		return nil, err
	}
	SortQueue(cs, s.now())
	return cs, nil
}

// TeamCases lists the cases assigned to the teams, open ones first.
func (s *Service) TeamCases(ctx context.Context, teams []int64) ([]Case, error) {
	if len(teams) == 0 {
		return nil, nil
	}
	in, args := inList(teams, 1)
	cs, err := s.listCases(ctx, `k.team_id IN (`+in+`)`, args...)
	if err != nil {
		return nil, err
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].Status.Open() && !cs[j].Status.Open() })
	if len(cs) > 100 {
		cs = cs[:100]
	}
	return cs, nil
}

// ReportedBy lists the latest cases a user reported.
func (s *Service) ReportedBy(ctx context.Context, userID int64) ([]Case, error) {
	cs, err := s.listCases(ctx, `k.reporter_id = $1`, userID)
	if len(cs) > 50 {
		cs = cs[:50]
	}
	return cs, err
}

// ClientCases lists a client's cases, newest first.
func (s *Service) ClientCases(ctx context.Context, clientID int64) ([]Case, error) {
	return s.listCases(ctx, `k.client_id = $1`, clientID)
}

// Settings returns a region's crisis settings, the defaults when none are
// stored.
func (s *Service) Settings(ctx context.Context, region string) (Settings, error) {
	return s.settings(ctx, s.d, region)
}

func (s *Service) settings(ctx context.Context, q db.Querier, region string) (Settings, error) {
	st := Settings{Region: region, NormHours: DefaultNormHours, AcuteNormHours: DefaultAcuteNormHours, StayLimitDays: DefaultStayLimitDays}
	var onCall sql.NullInt64
	var name sql.NullString
	err := q.QueryRowContext(ctx, `SELECT r.norm_hours, r.acute_norm_hours, r.stay_limit_days, r.on_call_user_id, u.display_name, r.updated_at
		FROM crisis_regions r LEFT JOIN users u ON u.id = r.on_call_user_id WHERE r.region_code = $1`, region).
		Scan(&st.NormHours, &st.AcuteNormHours, &st.StayLimitDays, &onCall, &name, &st.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return st, nil
	}
	st.OnCallUserID, st.OnCallName = onCall.Int64, name.String
	return st, err
}

// teamColumns are read by scanTeams; load counts open assignments.
const teamQuery = `SELECT t.id, t.name, t.region_code, COALESCE(t.organisation_id, 0), t.expertise, t.active, t.available, t.availability_note, t.availability_at,
	(SELECT COUNT(*) FROM crisis_cases k WHERE k.team_id = t.id AND k.status NOT IN ('afgesloten', 'overgedragen'))
	FROM crisis_teams t`

// Teams lists teams; region "" lists all, else the teams covering region.
func (s *Service) Teams(ctx context.Context, region string) ([]Team, error) {
	q := teamQuery + ` ORDER BY t.id`
	var args []any
	if region != "" {
		q = teamQuery + ` WHERE t.region_code = $1 OR EXISTS (SELECT 1 FROM crisis_team_regions r WHERE r.team_id = t.id AND r.region_code = $1) ORDER BY t.name`
		args = append(args, region)
	}
	return s.scanTeams(ctx, s.d, q, args...)
}

// TeamsOf lists the teams run by the organisations.
func (s *Service) TeamsOf(ctx context.Context, orgs []int64) ([]Team, error) {
	if len(orgs) == 0 {
		return nil, nil
	}
	in, args := inList(orgs, 1)
	return s.scanTeams(ctx, s.d, teamQuery+` WHERE t.organisation_id IN (`+in+`) ORDER BY t.name`, args...)
}

// Team reads one team.
func (s *Service) Team(ctx context.Context, id int64) (Team, error) { return s.team(ctx, s.d, id) }

func (s *Service) team(ctx context.Context, q db.Querier, id int64) (Team, error) {
	ts, err := s.scanTeams(ctx, q, teamQuery+` WHERE t.id = $1`, id)
	if err != nil {
		return Team{}, err
	}
	if len(ts) == 0 {
		return Team{}, web.NotFound("Dit C.O.T.-team bestaat niet.", "This C.O.T. team does not exist.")
	}
	return ts[0], nil
}

func (s *Service) scanTeams(ctx context.Context, q db.Querier, query string, args ...any) ([]Team, error) {
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

// CreateTeam adds a team covering regions (its home region included).
func (s *Service) CreateTeam(ctx context.Context, tx *sql.Tx, t Team) (int64, error) {
	var id int64
	at := t.AvailabilityAt
	if at.IsZero() {
		at = s.now()
	}
	err := tx.QueryRowContext(ctx, `INSERT INTO crisis_teams (name, region_code, organisation_id, expertise, active, available, availability_note, availability_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, t.Name, t.Region, nullID(t.OrganisationID), strings.Join(t.Expertise, ", "), t.Active, t.Available, t.AvailabilityNote, at.UTC()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert team: %w", err)
	}
	regions := t.Regions
	if !t.Covers(t.Region) || len(regions) == 0 {
		regions = append([]string{t.Region}, regions...)
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

const bedQuery = `SELECT b.id, b.region_code, b.organisation_id, COALESCE(o.name, ''), COALESCE(b.location_id, 0), b.name, b.contracted, b.status, COALESCE(b.case_id, 0), b.availability_at, b.phone
	FROM crisis_beds b LEFT JOIN organisations o ON o.id = b.organisation_id`

// Beds lists the crisis beds of a region ("" = all regions).
func (s *Service) Beds(ctx context.Context, region string) ([]Bed, error) {
	if region == "" {
		return s.scanBeds(ctx, s.d, bedQuery+` ORDER BY b.region_code, b.name`)
	}
	return s.scanBeds(ctx, s.d, bedQuery+` WHERE b.region_code = $1 ORDER BY b.name`, region)
}

// BedsOf lists the beds of the organisations.
func (s *Service) BedsOf(ctx context.Context, orgs []int64) ([]Bed, error) {
	if len(orgs) == 0 {
		return nil, nil
	}
	in, args := inList(orgs, 1)
	return s.scanBeds(ctx, s.d, bedQuery+` WHERE b.organisation_id IN (`+in+`) ORDER BY b.name`, args...)
}

// Bed reads one bed.
func (s *Service) Bed(ctx context.Context, id int64) (Bed, error) { return s.bed(ctx, s.d, id) }

func (s *Service) bed(ctx context.Context, q db.Querier, id int64) (Bed, error) {
	bs, err := s.scanBeds(ctx, q, bedQuery+` WHERE b.id = $1`, id)
	if err != nil {
		return Bed{}, err
	}
	if len(bs) == 0 {
		return Bed{}, web.NotFound("Dit crisisbed bestaat niet.", "This crisis bed does not exist.")
	}
	return bs[0], nil
}

func (s *Service) scanBeds(ctx context.Context, q db.Querier, query string, args ...any) ([]Bed, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Bed
	for rows.Next() {
		var b Bed
		var status string
		if err := rows.Scan(&b.ID, &b.Region, &b.OrganisationID, &b.OrganisationName, &b.LocationID, &b.Name, &b.Contracted, &status, &b.CaseID, &b.AvailabilityAt, &b.Phone); err != nil {
			return nil, err
		}
		b.Status, b.AvailabilityAt = BedStatus(status), b.AvailabilityAt.UTC()
		out = append(out, b)
	}
	return out, rows.Err()
}

// CreateBed adds a contracted crisis bed.
func (s *Service) CreateBed(ctx context.Context, tx *sql.Tx, b Bed) (int64, error) {
	at := b.AvailabilityAt
	if at.IsZero() {
		at = s.now()
	}
	if b.Status == "" {
		b.Status = BedFree
	}
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO crisis_beds (region_code, organisation_id, location_id, name, contracted, status, availability_at, phone)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, b.Region, b.OrganisationID, nullID(b.LocationID), b.Name, b.Contracted, string(b.Status), at.UTC(), b.Phone).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert bed: %w", err)
	}
	return id, nil
}

// Support lists a case's support records, oldest first.
func (s *Service) Support(ctx context.Context, caseID int64) ([]SupportRecord, error) {
	rows, err := s.d.QueryContext(ctx, `SELECT r.id, r.case_id, COALESCE(r.team_id, 0), r.kind, r.note, r.recorded_at, r.recorded_by, COALESCE(u.display_name, '')
		FROM crisis_support r LEFT JOIN users u ON u.id = r.recorded_by WHERE r.case_id = $1 ORDER BY r.recorded_at, r.id`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SupportRecord
	for rows.Next() {
		var r SupportRecord
		var kind string
		if err := rows.Scan(&r.ID, &r.CaseID, &r.TeamID, &kind, &r.Note, &r.RecordedAt, &r.RecordedBy, &r.ByName); err != nil {
			return nil, err
		}
		r.Kind, r.RecordedAt = SupportKind(kind), r.RecordedAt.UTC()
		out = append(out, r)
	}
	return out, rows.Err()
}

// Extensions lists a case's extension requests, oldest first.
func (s *Service) Extensions(ctx context.Context, caseID int64) ([]Extension, error) {
	rows, err := s.d.QueryContext(ctx, `SELECT id, case_id, days, reason, status, requested_at, requested_by, decided_at, COALESCE(decided_by, 0), decision_note
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
func (s *Service) regionExists(ctx context.Context, q db.Querier, code string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM regions WHERE code = $1`, code).Scan(&n)
	return n > 0, err
}

// RegionCodes lists the known region codes, for the intake form.
func (s *Service) RegionCodes(ctx context.Context) ([]string, error) {
	rows, err := s.d.QueryContext(ctx, `SELECT code FROM regions ORDER BY code`)
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

// RegionNames maps the known region codes to their names, so pages say
// "Utrecht (ZK11)" instead of the code alone.
func (s *Service) RegionNames(ctx context.Context) (map[string]string, error) {
	rows, err := s.d.QueryContext(ctx, `SELECT code, name FROM regions`)
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
