package support

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/db"
)

// store holds all of the module's SQL, behind one type (DESIGN §6). The
// names of clients and accounts are platform tables and are not joined
// here; the service names them through the platform packages.
type store struct{ d *db.DB }

var errNoRow = errors.New("support: not found")

const familyColumns = `f.id, f.client_id, f.pilot, f.region_code, COALESCE(f.supporter_id, 0), f.intake_on, f.ended_on, f.created_at`

func scanFamily(r db.Scanner) (Family, error) {
	var f Family
	var pilot string
	var ended sql.NullTime
	if err := r.Scan(&f.ID, &f.ClientID, &pilot, &f.Region, &f.SupporterID, &f.IntakeOn, &ended, &f.CreatedAt); err != nil {
		return f, err
	}
	f.Pilot = Pilot(pilot)
	f.IntakeOn, f.CreatedAt = f.IntakeOn.UTC(), f.CreatedAt.UTC()
	if ended.Valid {
		f.EndedOn = ended.Time.UTC()
	}
	return f, nil
}

func collect[T any](rows *sql.Rows, err error, scan func(db.Scanner) (T, error)) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func (st store) family(ctx context.Context, id int64) (Family, error) {
	f, err := scanFamily(st.d.QueryRowContext(ctx, `SELECT `+familyColumns+` FROM support_families f WHERE f.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return f, errNoRow
	}
	return f, err
}

// familiesGranted reads the families whose file the user holds an active
// grant of kind to. The grants are looked up first (IN, through their user index)
// and the families by key: a per-family EXISTS made SQLite walk every
// family in the country for each supporter's page.
func (st store) familiesGranted(ctx context.Context, userID int64, kind string) ([]Family, error) {
	rows, err := st.d.QueryContext(ctx, `SELECT `+familyColumns+` FROM support_families f
		WHERE f.id IN (SELECT g.family_id FROM support_grants g WHERE g.user_id = $1 AND g.kind = $2 AND g.withdrawn_at IS NULL)
		ORDER BY f.ended_on IS NOT NULL, f.pilot, f.intake_on, f.id`, userID, kind)
	return collect(rows, err, scanFamily)
}

func (st store) familiesOfClient(ctx context.Context, clientID int64) ([]Family, error) {
	rows, err := st.d.QueryContext(ctx, `SELECT `+familyColumns+` FROM support_families f WHERE f.client_id = $1 ORDER BY f.ended_on IS NOT NULL, f.intake_on DESC, f.id DESC`, clientID)
	return collect(rows, err, scanFamily)
}

// minutesSince sums the supporter's logged minutes per family since a day,
// for the given families only (a chunk of at most 500 at a time): summing
// every family's actions in the country and keeping the caseload's made
// the supporter's start page the slowest of the national demo.
func (st store) minutesSince(ctx context.Context, familyIDs []int64, since time.Time) (map[int64]int, error) {
	out := map[int64]int{}
	for start := 0; start < len(familyIDs); start += 500 {
		chunk := familyIDs[start:min(start+500, len(familyIDs))]
		args := []any{since}
		marks := make([]string, len(chunk))
		for i, id := range chunk {
			args = append(args, id)
			marks[i] = "$" + strconv.Itoa(i+2)
		}
		rows, err := st.d.QueryContext(ctx, `SELECT family_id, SUM(minutes) FROM support_actions
			WHERE happened_on >= $1 AND family_id IN (`+strings.Join(marks, ", ")+`) GROUP BY family_id`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			var n int
			if err := rows.Scan(&id, &n); err != nil {
				_ = rows.Close() // the scan error is the one to report
				return nil, err
			}
			out[id] = n
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (st store) createFamily(ctx context.Context, q db.Querier, f Family) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO support_families (client_id, pilot, region_code, supporter_id, intensity, intake_on, created_at)
		VALUES ($1, $2, $3, $4, 'middel', $5, $6) RETURNING id`, f.ClientID, string(f.Pilot), f.Region, nullID(f.SupporterID), f.IntakeOn, f.CreatedAt).Scan(&id)
	return id, err
}

func (st store) setSupporter(ctx context.Context, q db.Querier, familyID, userID int64) error {
	_, err := q.ExecContext(ctx, `UPDATE support_families SET supporter_id = $1 WHERE id = $2`, nullID(userID), familyID)
	return err
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

const grantColumns = `id, family_id, user_id, kind, sections, COALESCE(granted_by, 0), granted_at, withdrawn_at`

func scanGrant(r db.Scanner) (Grant, error) {
	var g Grant
	var sections string
	var withdrawn sql.NullTime
	if err := r.Scan(&g.ID, &g.FamilyID, &g.UserID, &g.Kind, &sections, &g.GrantedBy, &g.GrantedAt, &withdrawn); err != nil {
		return g, err
	}
	g.Sections = parseSections(sections)
	g.GrantedAt = g.GrantedAt.UTC()
	if withdrawn.Valid {
		g.WithdrawnAt = withdrawn.Time.UTC()
	}
	return g, nil
}

func (st store) grants(ctx context.Context, familyID int64) ([]Grant, error) {
	rows, err := st.d.QueryContext(ctx, `SELECT `+grantColumns+` FROM support_grants WHERE family_id = $1 ORDER BY withdrawn_at IS NOT NULL, granted_at, id`, familyID)
	return collect(rows, err, scanGrant)
}

// activeGrant is the user's active grant on the family, if any.
func (st store) activeGrant(ctx context.Context, familyID, userID int64) (Grant, bool, error) {
	g, err := scanGrant(st.d.QueryRowContext(ctx, `SELECT `+grantColumns+` FROM support_grants WHERE family_id = $1 AND user_id = $2 AND withdrawn_at IS NULL ORDER BY id DESC LIMIT 1`, familyID, userID))
	if errors.Is(err, sql.ErrNoRows) {
		return g, false, nil
	}
	return g, err == nil, err
}

func (st store) grantByID(ctx context.Context, q db.Querier, id int64) (Grant, error) {
	g, err := scanGrant(q.QueryRowContext(ctx, `SELECT `+grantColumns+` FROM support_grants WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return g, errNoRow
	}
	return g, err
}

func (st store) insertGrant(ctx context.Context, q db.Querier, g Grant) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO support_grants (family_id, user_id, kind, sections, granted_by, granted_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		g.FamilyID, g.UserID, g.Kind, joinSections(g.Sections), nullID(g.GrantedBy), g.GrantedAt).Scan(&id)
	return id, err
}

// withdrawGrant ends an active grant; it reports false when the grant was
// already withdrawn.
func (st store) withdrawGrant(ctx context.Context, q db.Querier, id, by int64, at time.Time) (bool, error) {
	res, err := q.ExecContext(ctx, `UPDATE support_grants SET withdrawn_at = $1, withdrawn_by = $2 WHERE id = $3 AND withdrawn_at IS NULL`, at, nullID(by), id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func scanGoal(r db.Scanner) (Goal, error) {
	var g Goal
	var domain string
	err := r.Scan(&g.ID, &g.FamilyID, &domain, &g.Goal, &g.NextStep, &g.Progress, &g.UpdatedAt)
	g.Domain, g.UpdatedAt = Domain(domain), g.UpdatedAt.UTC()
	return g, err
}

func (st store) goals(ctx context.Context, familyID int64) ([]Goal, error) {
	rows, err := st.d.QueryContext(ctx, `SELECT id, family_id, domain, goal, next_step, progress, updated_at FROM support_goals WHERE family_id = $1 ORDER BY id`, familyID)
	return collect(rows, err, scanGoal)
}

func (st store) insertGoal(ctx context.Context, q db.Querier, g Goal, by int64) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO support_goals (family_id, domain, goal, next_step, progress, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		g.FamilyID, string(g.Domain), g.Goal, g.NextStep, g.Progress, g.UpdatedAt, nullID(by)).Scan(&id)
	return id, err
}

// updateGoal sets a goal's progress and next step; it reports false when
// the goal is not the family's.
func (st store) updateGoal(ctx context.Context, q db.Querier, familyID, goalID int64, progress int, next string, at time.Time, by int64) (bool, error) {
	res, err := q.ExecContext(ctx, `UPDATE support_goals SET progress = $1, next_step = $2, updated_at = $3, updated_by = $4 WHERE id = $5 AND family_id = $6`,
		progress, next, at, nullID(by), goalID, familyID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func scanMember(r db.Scanner) (NetworkMember, error) {
	var m NetworkMember
	err := r.Scan(&m.ID, &m.FamilyID, &m.Name, &m.Relation, &m.Kind, &m.Closeness)
	return m, err
}

func (st store) network(ctx context.Context, familyID int64) ([]NetworkMember, error) {
	rows, err := st.d.QueryContext(ctx, `SELECT id, family_id, name, relation, kind, closeness FROM support_network WHERE family_id = $1 ORDER BY closeness, id`, familyID)
	return collect(rows, err, scanMember)
}

func (st store) insertMember(ctx context.Context, q db.Querier, m NetworkMember, at time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO support_network (family_id, name, relation, kind, closeness, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		m.FamilyID, m.Name, m.Relation, m.Kind, m.Closeness, at).Scan(&id)
	return id, err
}

func scanAction(r db.Scanner) (Action, error) {
	var a Action
	var kind string
	var event string
	err := r.Scan(&a.ID, &a.FamilyID, &kind, &a.HappenedOn, &a.Subject, &a.Outcome, &a.Minutes, &a.CreatedBy, &event, &a.EventRef)
	a.Kind, a.HappenedOn, a.Event = ActionKind(kind), a.HappenedOn.UTC(), SystemEvent(event)
	return a, err
}

func (st store) actions(ctx context.Context, familyID int64) ([]Action, error) {
	rows, err := st.d.QueryContext(ctx, `SELECT id, family_id, kind, happened_on, subject, outcome, minutes, COALESCE(created_by, 0), event, event_ref FROM support_actions
		WHERE family_id = $1 ORDER BY happened_on DESC, id DESC`, familyID)
	return collect(rows, err, scanAction)
}

func (st store) insertAction(ctx context.Context, q db.Querier, a Action, at time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO support_actions (family_id, kind, happened_on, subject, outcome, minutes, created_by, created_at, event, event_ref) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		a.FamilyID, string(a.Kind), a.HappenedOn, a.Subject, a.Outcome, a.Minutes, nullID(a.CreatedBy), at, string(a.Event), a.EventRef).Scan(&id)
	return id, err
}

func scanMeasurement(r db.Scanner) (Measurement, error) {
	var m Measurement
	var moment string
	err := r.Scan(&m.ID, &m.FamilyID, &moment, &m.MeasuredOn, &m.Quality, &m.Burden, &m.RestHours)
	m.Moment, m.MeasuredOn = Moment(moment), m.MeasuredOn.UTC()
	return m, err
}

func (st store) measurements(ctx context.Context, familyID int64) ([]Measurement, error) {
	rows, err := st.d.QueryContext(ctx, `SELECT id, family_id, moment, measured_on, quality, burden, rest_hours FROM support_measurements WHERE family_id = $1 ORDER BY measured_on, id`, familyID)
	return collect(rows, err, scanMeasurement)
}

func (st store) insertMeasurement(ctx context.Context, q db.Querier, m Measurement, by int64, at time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO support_measurements (family_id, moment, measured_on, quality, burden, rest_hours, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		m.FamilyID, string(m.Moment), m.MeasuredOn, m.Quality, m.Burden, m.RestHours, nullID(by), at).Scan(&id)
	return id, err
}

// outcomeRow is one measurement with its family's pilot and region, for
// the aggregates.
type outcomeRow struct {
	Pilot  Pilot
	Region string
	Measurement
}

// allMeasurements reads every measurement with its family's pilot, in
// family and date order; the aggregates are computed from them.
func (st store) allMeasurements(ctx context.Context) ([]outcomeRow, error) {
	rows, err := st.d.QueryContext(ctx, `SELECT f.pilot, f.region_code, m.id, m.family_id, m.moment, m.measured_on, m.quality, m.burden, m.rest_hours
		FROM support_measurements m JOIN support_families f ON f.id = m.family_id ORDER BY m.family_id, m.measured_on, m.id`)
	return collect(rows, err, func(r db.Scanner) (outcomeRow, error) {
		var o outcomeRow
		var pilot, moment string
		err := r.Scan(&pilot, &o.Region, &o.ID, &o.FamilyID, &moment, &o.MeasuredOn, &o.Quality, &o.Burden, &o.RestHours)
		o.Pilot, o.Moment = Pilot(pilot), Moment(moment)
		return o, err
	})
}

// familyCount is one count of active families by pilot and region.
type familyCount struct {
	Pilot  Pilot
	Region string
	N      int
}

// activeFamilies counts the families in support now by pilot and region.
func (st store) activeFamilies(ctx context.Context) ([]familyCount, error) {
	rows, err := st.d.QueryContext(ctx, `SELECT pilot, region_code, COUNT(*) FROM support_families WHERE ended_on IS NULL GROUP BY pilot, region_code ORDER BY pilot, region_code`)
	return collect(rows, err, func(r db.Scanner) (familyCount, error) {
		var c familyCount
		var pilot string
		err := r.Scan(&pilot, &c.Region, &c.N)
		c.Pilot = Pilot(pilot)
		return c, err
	})
}

// supportersByRegion counts the distinct supporters of active families,
// per region and nationally ("" key).
func (st store) supportersByRegion(ctx context.Context) (map[string]int, error) {
	out := map[string]int{}
	var n int
	if err := st.d.QueryRowContext(ctx, `SELECT COUNT(DISTINCT supporter_id) FROM support_families WHERE ended_on IS NULL AND supporter_id IS NOT NULL`).Scan(&n); err != nil {
		return nil, err
	}
	out[""] = n
	rows, err := st.d.QueryContext(ctx, `SELECT region_code, COUNT(DISTINCT supporter_id) FROM support_families WHERE ended_on IS NULL AND supporter_id IS NOT NULL GROUP BY region_code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var region string
		var c int
		if err := rows.Scan(&region, &c); err != nil {
			return nil, err
		}
		if region != "" {
			out[region] = c
		}
	}
	return out, rows.Err()
}

// minutesByRegion sums the logged minutes since a day, per region and
// nationally ("" key).
func (st store) minutesByRegion(ctx context.Context, since time.Time) (map[string]int, error) {
	out := map[string]int{"": 0}
	rows, err := st.d.QueryContext(ctx, `SELECT f.region_code, COALESCE(SUM(a.minutes), 0) FROM support_actions a JOIN support_families f ON f.id = a.family_id
		WHERE a.happened_on >= $1 GROUP BY f.region_code`, since)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var region string
		var n int
		if err := rows.Scan(&region, &n); err != nil {
			return nil, err
		}
		out[""] += n
		if region != "" {
			out[region] += n
		}
	}
	return out, rows.Err()
}

func (st store) insertEligibility(ctx context.Context, q db.Querier, e Eligibility) (int64, error) {
	decision := "afgewezen"
	if e.Admitted {
		decision = "toegelaten"
	}
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO support_eligibility (family_id, pilot, criteria, decision, note, decided_at, decided_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		e.FamilyID, string(e.Pilot), joinCodes(e.Met), decision, e.Note, e.DecidedAt, nullID(e.DecidedBy)).Scan(&id)
	return id, err
}

func (st store) eligibility(ctx context.Context, familyID int64) ([]Eligibility, error) {
	rows, err := st.d.QueryContext(ctx, `SELECT id, family_id, pilot, criteria, decision, note, decided_at, COALESCE(decided_by, 0) FROM support_eligibility WHERE family_id = $1 ORDER BY decided_at DESC, id DESC`, familyID)
	return collect(rows, err, func(r db.Scanner) (Eligibility, error) {
		var e Eligibility
		var pilot, criteria, decision string
		err := r.Scan(&e.ID, &e.FamilyID, &pilot, &criteria, &decision, &e.Note, &e.DecidedAt, &e.DecidedBy)
		e.Pilot, e.Admitted, e.DecidedAt = Pilot(pilot), decision == "toegelaten", e.DecidedAt.UTC()
		for _, c := range strings.Split(criteria, ",") {
			if c != "" {
				e.Met = append(e.Met, c)
			}
		}
		return e, err
	})
}
