package monitor

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/module"
)

// store holds all of the module's SQL.
type store struct{ d *db.DB }

// errNotFound is a row that is not there.
var errNotFound = errors.New("monitor: not found")

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// hierarchy reads the whole programme: action lines with their projects,
// goals and indicators, in their order. The programme is small (tens of
// rows), so four queries read it all.
func (st store) hierarchy(ctx context.Context) ([]ActionLine, error) {
	var lines []ActionLine
	rows, err := st.d.QueryContext(ctx, `SELECT id, position, name, summary, easy_read FROM monitor_action_lines ORDER BY position, id`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var l ActionLine
		if err := rows.Scan(&l.ID, &l.Position, &l.Name, &l.Summary, &l.EasyRead); err != nil {
			rows.Close()
			return nil, err
		}
		lines = append(lines, l)
	}
	if err := closeRows(rows); err != nil {
		return nil, err
	}
	projects, err := st.projects(ctx, 0)
	if err != nil {
		return nil, err
	}
	goals := map[int64][]Goal{}
	rows, err = st.d.QueryContext(ctx, `SELECT id, project_id, name FROM monitor_goals ORDER BY id`)
	if err != nil {
		return nil, err
	}
	var goalOrder []Goal
	for rows.Next() {
		var g Goal
		if err := rows.Scan(&g.ID, &g.ProjectID, &g.Name); err != nil {
			rows.Close()
			return nil, err
		}
		goalOrder = append(goalOrder, g)
	}
	if err := closeRows(rows); err != nil {
		return nil, err
	}
	inds, err := st.indicators(ctx, 0)
	if err != nil {
		return nil, err
	}
	byGoal := map[int64][]Indicator{}
	for _, in := range inds {
		byGoal[in.GoalID] = append(byGoal[in.GoalID], in)
	}
	for _, g := range goalOrder {
		g.Indicators = byGoal[g.ID]
		goals[g.ProjectID] = append(goals[g.ProjectID], g)
	}
	byLine := map[int64][]Project{}
	for _, p := range projects {
		p.Goals = goals[p.ID]
		byLine[p.ActionLineID] = append(byLine[p.ActionLineID], p)
	}
	for i := range lines {
		lines[i].Projects = byLine[lines[i].ID]
	}
	return lines, nil
}

func closeRows(rows *sql.Rows) error {
	err := rows.Err()
	if cerr := rows.Close(); err == nil {
		err = cerr
	}
	return err
}

const projectCols = `id, action_line_id, name, summary, evaluation, evaluation_date, continues, continues_where, knowledge_products, knowledge_updated`

func scanProject(sc db.Scanner) (Project, error) {
	var p Project
	var ed, ku string
	err := sc.Scan(&p.ID, &p.ActionLineID, &p.Name, &p.Summary, &p.Evaluation, &ed, &p.Continues, &p.ContinuesWhere, &p.KnowledgeProducts, &ku)
	p.EvaluationDate, p.KnowledgeUpdated = Day(ed), Day(ku)
	return p, err
}

// projects reads every project, or the one with id when id is not 0.
func (st store) projects(ctx context.Context, id int64) ([]Project, error) {
	q := `SELECT ` + projectCols + ` FROM monitor_projects`
	var args []any
	if id != 0 {
		q += ` WHERE id = $1`
		args = append(args, id)
	}
	rows, err := st.d.QueryContext(ctx, q+` ORDER BY action_line_id, id`, args...)
	if err != nil {
		return nil, err
	}
	var out []Project
	for rows.Next() {
		p, err := scanProject(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, p)
	}
	return out, closeRows(rows)
}

// project reads one project.
func (st store) project(ctx context.Context, id int64) (Project, error) {
	ps, err := st.projects(ctx, id)
	if err != nil {
		return Project{}, err
	}
	if len(ps) == 0 {
		return Project{}, errNotFound
	}
	return ps[0], nil
}

// updateProject writes a project's four points of attention.
func (st store) updateProject(ctx context.Context, p Project, by int64, at time.Time) error {
	_, err := st.d.ExecContext(ctx, `UPDATE monitor_projects SET evaluation = $1, evaluation_date = $2, continues = $3, continues_where = $4, knowledge_products = $5, knowledge_updated = $6, updated_at = $7, updated_by = $8 WHERE id = $9`,
		p.Evaluation, string(p.EvaluationDate), p.Continues, p.ContinuesWhere, p.KnowledgeProducts, string(p.KnowledgeUpdated), at, nullID(by), p.ID)
	return err
}

const indicatorCols = `id, goal_id, name, kind, figure_key, unit, decimals, persons, target, easy_read, easy_read_reviewed_by, easy_read_reviewed_at`

func scanIndicator(sc db.Scanner) (Indicator, error) {
	var in Indicator
	var target, by sql.NullInt64
	var at sql.NullTime
	var kind string
	err := sc.Scan(&in.ID, &in.GoalID, &in.Name, &kind, &in.FigureKey, &in.Unit, &in.Decimals, &in.Persons, &target, &in.EasyRead, &by, &at)
	in.Kind = Kind(kind)
	in.Target, in.HasTarget = int(target.Int64), target.Valid
	in.ReviewedBy = by.Int64
	if at.Valid {
		in.ReviewedAt = at.Time
	}
	return in, err
}

// indicators reads every indicator, or the one with id when id is not 0.
func (st store) indicators(ctx context.Context, id int64) ([]Indicator, error) {
	q := `SELECT ` + indicatorCols + ` FROM monitor_indicators`
	var args []any
	if id != 0 {
		q += ` WHERE id = $1`
		args = append(args, id)
	}
	rows, err := st.d.QueryContext(ctx, q+` ORDER BY goal_id, id`, args...)
	if err != nil {
		return nil, err
	}
	var out []Indicator
	for rows.Next() {
		in, err := scanIndicator(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, in)
	}
	return out, closeRows(rows)
}

// indicator reads one indicator.
func (st store) indicator(ctx context.Context, id int64) (Indicator, error) {
	is, err := st.indicators(ctx, id)
	if err != nil {
		return Indicator{}, err
	}
	if len(is) == 0 {
		return Indicator{}, errNotFound
	}
	return is[0], nil
}

// goalExists reports whether a goal is there.
func (st store) goalExists(ctx context.Context, q db.Querier, id int64) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM monitor_goals WHERE id = $1`, id).Scan(&n)
	return n > 0, err
}

// goals lists every goal with its project's name, for the indicator form.
func (st store) goalChoices(ctx context.Context) ([]GoalChoice, error) {
	rows, err := st.d.QueryContext(ctx, `SELECT g.id, g.name, p.name FROM monitor_goals g JOIN monitor_projects p ON p.id = g.project_id ORDER BY p.action_line_id, p.id, g.id`)
	if err != nil {
		return nil, err
	}
	var out []GoalChoice
	for rows.Next() {
		var c GoalChoice
		if err := rows.Scan(&c.ID, &c.Name, &c.Project); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, c)
	}
	return out, closeRows(rows)
}

// insertIndicator writes a new indicator in tx.
func (st store) insertIndicator(ctx context.Context, q db.Querier, in Indicator, by int64, at time.Time) (int64, error) {
	var target any
	if in.HasTarget {
		target = in.Target
	}
	var reviewedAt any
	if in.ReviewedBy != 0 {
		reviewedAt = at
	}
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO monitor_indicators (goal_id, name, kind, figure_key, unit, decimals, persons, target, easy_read, easy_read_reviewed_by, easy_read_reviewed_at, created_at, created_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
		in.GoalID, in.Name, string(in.Kind), in.FigureKey, in.Unit, in.Decimals, in.Persons, target, in.EasyRead, nullID(in.ReviewedBy), reviewedAt, at, nullID(by)).Scan(&id)
	return id, err
}

// setEasyRead writes an indicator's easy-read text; reviewedBy 0 marks it
// not reviewed (a changed text needs a new review).
func (st store) setEasyRead(ctx context.Context, id int64, text string, reviewedBy int64, at time.Time) error {
	var reviewedAt any
	if reviewedBy != 0 {
		reviewedAt = at
	}
	_, err := st.d.ExecContext(ctx, `UPDATE monitor_indicators SET easy_read = $1, easy_read_reviewed_by = $2, easy_read_reviewed_at = $3 WHERE id = $4`, text, nullID(reviewedBy), reviewedAt, id)
	return err
}

func scanPeriod(sc db.Scanner) (Period, error) {
	var p Period
	var s, e string
	err := sc.Scan(&p.ID, &p.Code, &p.Name, &s, &e)
	p.Starts, p.Ends = Day(s), Day(e)
	return p, err
}

// periods lists the periods, oldest first.
func (st store) periods(ctx context.Context, q db.Querier) ([]Period, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, code, name, starts, ends FROM monitor_periods ORDER BY starts`)
	if err != nil {
		return nil, err
	}
	var out []Period
	for rows.Next() {
		p, err := scanPeriod(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, p)
	}
	return out, closeRows(rows)
}

// insertPeriod writes a period in tx.
func (st store) insertPeriod(ctx context.Context, q db.Querier, p Period) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO monitor_periods (code, name, starts, ends) VALUES ($1, $2, $3, $4) RETURNING id`, p.Code, p.Name, string(p.Starts), string(p.Ends)).Scan(&id)
	return id, err
}

// measurements reads every hand-entered measurement by indicator and
// period.
func (st store) measurements(ctx context.Context) (map[[2]int64]Measurement, error) {
	rows, err := st.d.QueryContext(ctx, `SELECT indicator_id, period_id, value, source, measured_on, COALESCE(entered_by, 0) FROM monitor_measurements`)
	if err != nil {
		return nil, err
	}
	out := map[[2]int64]Measurement{}
	for rows.Next() {
		var m Measurement
		var on string
		if err := rows.Scan(&m.IndicatorID, &m.PeriodID, &m.Value, &m.Source, &on, &m.EnteredBy); err != nil {
			rows.Close()
			return nil, err
		}
		m.MeasuredOn = Day(on)
		out[[2]int64{m.IndicatorID, m.PeriodID}] = m
	}
	return out, closeRows(rows)
}

// putMeasurement writes or replaces the measurement of an indicator in a
// period.
func (st store) putMeasurement(ctx context.Context, q db.Querier, m Measurement, at time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO monitor_measurements (indicator_id, period_id, value, source, measured_on, entered_by, entered_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (indicator_id, period_id) DO UPDATE SET value = excluded.value, source = excluded.source, measured_on = excluded.measured_on, entered_by = excluded.entered_by, entered_at = excluded.entered_at`,
		m.IndicatorID, m.PeriodID, m.Value, m.Source, string(m.MeasuredOn), nullID(m.EnteredBy), at)
	return err
}

// insertStatus adds a line to the status history.
func (st store) insertStatus(ctx context.Context, q db.Querier, e StatusEntry) error {
	_, err := q.ExecContext(ctx, `INSERT INTO monitor_statuses (indicator_id, period_id, status, reason, set_by, set_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		e.IndicatorID, e.PeriodID, string(e.Status), e.Reason, nullID(e.SetBy), e.SetAt)
	return err
}

// statuses reads the status history, newest first: of one indicator, or of
// all when indicatorID is 0.
func (st store) statuses(ctx context.Context, indicatorID int64) ([]StatusEntry, error) {
	q := `SELECT s.indicator_id, s.period_id, p.name, s.status, s.reason, COALESCE(s.set_by, 0), s.set_at FROM monitor_statuses s JOIN monitor_periods p ON p.id = s.period_id`
	var args []any
	if indicatorID != 0 {
		q += ` WHERE s.indicator_id = $1`
		args = append(args, indicatorID)
	}
	rows, err := st.d.QueryContext(ctx, q+` ORDER BY s.set_at DESC, s.id DESC`, args...)
	if err != nil {
		return nil, err
	}
	var out []StatusEntry
	for rows.Next() {
		var e StatusEntry
		var s string
		if err := rows.Scan(&e.IndicatorID, &e.PeriodID, &e.PeriodName, &s, &e.Reason, &e.SetBy, &e.SetAt); err != nil {
			rows.Close()
			return nil, err
		}
		e.Status = Status(s)
		out = append(out, e)
	}
	return out, closeRows(rows)
}

// putSnapshot records a figure's reading of a day; a later reading of the
// same day replaces it, so the day keeps its last reading.
func (st store) putSnapshot(ctx context.Context, q db.Querier, day Day, mod string, f module.Figure, at time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO monitor_snapshots (taken_on, figure_key, region, module, label, unit, value, decimals, persons, taken_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
		ON CONFLICT (taken_on, figure_key, region) DO UPDATE SET module = excluded.module, label = excluded.label, unit = excluded.unit, value = excluded.value, decimals = excluded.decimals, persons = excluded.persons, taken_at = excluded.taken_at`,
		string(day), f.Key, f.Region, mod, f.Label, f.Unit, f.Value, f.Decimals, f.Persons, at)
	return err
}

// Snapshot is a figure's reading on a day.
type Snapshot struct {
	Day     Day
	Key     string
	Region  string
	Module  string
	Label   string
	Unit    string
	Value   int
	Decim   int
	Persons bool
	At      time.Time
}

// snapshots reads the readings between two days (inclusive), of one key
// when key is not "", oldest first.
func (st store) snapshots(ctx context.Context, from, to Day, key string) ([]Snapshot, error) {
	q := `SELECT taken_on, figure_key, region, module, label, unit, value, decimals, persons, taken_at FROM monitor_snapshots WHERE taken_on >= $1 AND taken_on <= $2`
	args := []any{string(from), string(to)}
	if key != "" {
		q += ` AND figure_key = $3`
		args = append(args, key)
	}
	rows, err := st.d.QueryContext(ctx, q+` ORDER BY taken_on, figure_key, region`, args...)
	if err != nil {
		return nil, err
	}
	return scanSnapshots(rows)
}

// latestSnapshots reads, per figure, the last snapshot of region taken in
// the period: what a reading of that period shows. It reads only those,
// through the region index, however many days of snapshots the period
// holds.
func (st store) latestSnapshots(ctx context.Context, from, to Day, region string) ([]Snapshot, error) {
	rows, err := st.d.QueryContext(ctx, `SELECT s.taken_on, s.figure_key, s.region, s.module, s.label, s.unit, s.value, s.decimals, s.persons, s.taken_at
		FROM monitor_snapshots s
		JOIN (SELECT figure_key, MAX(taken_on) AS taken_on FROM monitor_snapshots
			WHERE region = $3 AND taken_on >= $1 AND taken_on <= $2 GROUP BY figure_key) m
		ON m.figure_key = s.figure_key AND m.taken_on = s.taken_on
		WHERE s.region = $3
		ORDER BY s.figure_key`, string(from), string(to), region)
	if err != nil {
		return nil, err
	}
	return scanSnapshots(rows)
}

// scanSnapshots reads snapshot rows in the column order both readers use.
func scanSnapshots(rows *sql.Rows) ([]Snapshot, error) {
	var out []Snapshot
	for rows.Next() {
		var s Snapshot
		var day string
		if err := rows.Scan(&day, &s.Key, &s.Region, &s.Module, &s.Label, &s.Unit, &s.Value, &s.Decim, &s.Persons, &s.At); err != nil {
			_ = rows.Close() // the scan error is the one to report
			return nil, err
		}
		s.Day = Day(day)
		out = append(out, s)
	}
	return out, closeRows(rows)
}

// terms reads the glossary of the easy-read report.
func (st store) terms(ctx context.Context) (map[string]string, error) {
	rows, err := st.d.QueryContext(ctx, `SELECT term, explanation FROM monitor_terms ORDER BY term`)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for rows.Next() {
		var t, e string
		if err := rows.Scan(&t, &e); err != nil {
			rows.Close()
			return nil, err
		}
		out[t] = e
	}
	return out, closeRows(rows)
}

// report reads a published report's frozen content.
func (st store) report(ctx context.Context, periodID int64) (content string, at time.Time, err error) {
	err = st.d.QueryRowContext(ctx, `SELECT content, published_at FROM monitor_reports WHERE period_id = $1`, periodID).Scan(&content, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return "", time.Time{}, errNotFound
	}
	return content, at, err
}

// publishedPeriods lists the ids of the periods with a published report.
func (st store) publishedPeriods(ctx context.Context) (map[int64]time.Time, error) {
	rows, err := st.d.QueryContext(ctx, `SELECT period_id, published_at FROM monitor_reports`)
	if err != nil {
		return nil, err
	}
	out := map[int64]time.Time{}
	for rows.Next() {
		var id int64
		var at time.Time
		if err := rows.Scan(&id, &at); err != nil {
			rows.Close()
			return nil, err
		}
		out[id] = at
	}
	return out, closeRows(rows)
}

// insertReport freezes a report; a second publication of the period is a
// unique violation.
func (st store) insertReport(ctx context.Context, periodID int64, content string, by int64, at time.Time) error {
	_, err := st.d.ExecContext(ctx, `INSERT INTO monitor_reports (period_id, content, published_at, published_by) VALUES ($1, $2, $3, $4)`, periodID, content, at, nullID(by))
	return err
}

// The demo's inserts of the hierarchy.

func (st store) insertActionLine(ctx context.Context, q db.Querier, l ActionLine) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO monitor_action_lines (position, name, summary, easy_read) VALUES ($1, $2, $3, $4) RETURNING id`, l.Position, l.Name, l.Summary, l.EasyRead).Scan(&id)
	return id, err
}

func (st store) insertProject(ctx context.Context, q db.Querier, p Project) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO monitor_projects (action_line_id, name, summary, evaluation, evaluation_date, continues, continues_where, knowledge_products, knowledge_updated) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		p.ActionLineID, p.Name, p.Summary, p.Evaluation, string(p.EvaluationDate), p.Continues, p.ContinuesWhere, p.KnowledgeProducts, string(p.KnowledgeUpdated)).Scan(&id)
	return id, err
}

func (st store) insertGoal(ctx context.Context, q db.Querier, g Goal) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO monitor_goals (project_id, name) VALUES ($1, $2) RETURNING id`, g.ProjectID, g.Name).Scan(&id)
	return id, err
}

func (st store) insertTerm(ctx context.Context, q db.Querier, term, explanation string) error {
	_, err := q.ExecContext(ctx, `INSERT INTO monitor_terms (term, explanation) VALUES ($1, $2)`, term, explanation)
	return err
}

// countRows counts the rows of one of the module's tables, for the
// checks that bad input wrote nothing.
func (st store) countRows(ctx context.Context, table string) (int, error) {
	switch table {
	case "monitor_indicators", "monitor_periods", "monitor_measurements", "monitor_statuses", "monitor_reports", "monitor_snapshots":
	default:
		return 0, errors.New("monitor: unknown table " + table)
	}
	var n int
	err := st.d.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table).Scan(&n)
	return n, err
}
