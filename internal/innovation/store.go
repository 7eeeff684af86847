package innovation

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/db"
)

// store holds all of the module's SQL, behind one type (DESIGN §6): the
// service decides, the store reads and writes the module's own tables.
// A write takes the db.Querier it runs on, so it runs in the caller's
// transaction. Names of clients, accounts, organisations and locations are
// platform tables and are never joined here; the service reads them
// through the platform packages.
type store struct{ d *db.DB }

type scanner interface{ Scan(dest ...any) error }

// errNoRow is a project or other row that does not exist.
var errNoRow = errors.New("innovation: no such row")

const dateLayout = "2006-01-02"

func dateText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(dateLayout)
}

func parseDateText(s string) time.Time {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

func nullTime(t sql.NullTime) time.Time {
	if t.Valid {
		return t.Time
	}
	return time.Time{}
}

// ---- technologies ----

const techCols = `id, name, theme, care_questions, description, pros, cons, purchase_cents, yearly_cents, evidence, supplier,
 check_privacy, check_security, check_interop, check_access, sleep_monitoring, created_at`

func scanTech(r scanner) (Technology, error) {
	var t Technology
	var p, s, i, a string
	err := r.Scan(&t.ID, &t.Name, &t.Theme, &t.CareQuestions, &t.Description, &t.Pros, &t.Cons, &t.PurchaseCents, &t.YearlyCents, &t.Evidence, &t.Supplier,
		&p, &s, &i, &a, &t.SleepMonitor, &t.CreatedAt)
	t.Privacy, t.Security, t.Interop, t.Accessibility = Check(p), Check(s), Check(i), Check(a)
	t.fill()
	return t, err
}

func (st store) insertTechnology(ctx context.Context, q db.Querier, t Technology, by int64, at time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO innovation_technologies (name, theme, care_questions, description, pros, cons, purchase_cents, yearly_cents, evidence, supplier,
 check_privacy, check_security, check_interop, check_access, sleep_monitoring, created_by, created_at)
 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id`,
		t.Name, t.Theme, t.CareQuestions, t.Description, t.Pros, t.Cons, t.PurchaseCents, t.YearlyCents, t.Evidence, t.Supplier,
		string(t.Privacy), string(t.Security), string(t.Interop), string(t.Accessibility), t.SleepMonitor, nullID(by), at).Scan(&id)
	return id, err
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// technologyNames names the technologies of ids (the projects shown),
// reading only those rows: a client's data page named a handful of
// projects' technologies by reading the whole catalogue (issue 18).
func (st store) technologyNames(ctx context.Context, ids []int64) (map[int64]string, error) {
	return db.NamesByID(ctx, st.d, `SELECT id, name FROM innovation_technologies WHERE id IN (%s)`, ids)
}

func (st store) technologies(ctx context.Context, theme string) ([]Technology, error) {
	q := `SELECT ` + techCols + ` FROM innovation_technologies`
	var args []any
	if theme != "" {
		q += ` WHERE theme = $1`
		args = append(args, theme)
	}
	rows, err := st.d.QueryContext(ctx, q+` ORDER BY theme, name`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Technology
	for rows.Next() {
		t, err := scanTech(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func (st store) technology(ctx context.Context, id int64) (Technology, error) {
	t, err := scanTech(st.d.QueryRowContext(ctx, `SELECT `+techCols+` FROM innovation_technologies WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return t, errNoRow
	}
	return t, err
}

func (st store) technologyNameTaken(ctx context.Context, q db.Querier, name string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM innovation_technologies WHERE LOWER(name) = LOWER($1)`, name).Scan(&n)
	return n > 0, err
}

// ---- projects ----

const projectCols = `id, organisation_id, kind, title, theme, client_group, question, diff_client, diff_professional, involved, phase,
 scan_org, scan_it, scan_finance, scan_staff, scan_note, scan_at, COALESCE(technology_id, 0), approach, choice_reason, stop_category, stop_reason,
 expected_clients, COALESCE(created_by, 0), created_at, updated_at`

func scanProject(r scanner) (Project, error) {
	var p Project
	var kind, involved, phase, so, si, sf, ss string
	var scanAt sql.NullTime
	err := r.Scan(&p.ID, &p.OrganisationID, &kind, &p.Title, &p.Theme, &p.ClientGroup, &p.Question, &p.DiffClient, &p.DiffProfessional, &involved, &phase,
		&so, &si, &sf, &ss, &p.ScanNote, &scanAt, &p.TechnologyID, &p.Approach, &p.ChoiceReason, &p.StopCategory, &p.StopReason,
		&p.ExpectedClients, &p.CreatedBy, &p.CreatedAt, &p.UpdatedAt)
	p.Kind, p.Phase = Kind(kind), Phase(phase)
	p.ScanOrg, p.ScanIT, p.ScanFinance, p.ScanStaff = Readiness(so), Readiness(si), Readiness(sf), Readiness(ss)
	p.ScanAt = nullTime(scanAt)
	if involved != "" {
		p.Involved = strings.Split(involved, ",")
	}
	p.ThemeName = themeName(p.Theme)
	return p, err
}

func (st store) insertProject(ctx context.Context, q db.Querier, p Project, at time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO innovation_projects (organisation_id, kind, title, theme, client_group, question, diff_client, diff_professional, involved, phase,
 scan_org, scan_it, scan_finance, scan_staff, scan_note, technology_id, approach, choice_reason, stop_category, stop_reason, expected_clients, created_by, created_at, updated_at)
 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $23) RETURNING id`,
		p.OrganisationID, string(p.Kind), p.Title, p.Theme, p.ClientGroup, p.Question, p.DiffClient, p.DiffProfessional, strings.Join(p.Involved, ","), string(p.Phase),
		string(p.ScanOrg), string(p.ScanIT), string(p.ScanFinance), string(p.ScanStaff), p.ScanNote, nullID(p.TechnologyID), p.Approach, p.ChoiceReason,
		p.StopCategory, p.StopReason, p.ExpectedClients, nullID(p.CreatedBy), at).Scan(&id)
	return id, err
}

func (st store) project(ctx context.Context, q db.Querier, id int64) (Project, error) {
	p, err := scanProject(q.QueryRowContext(ctx, `SELECT `+projectCols+` FROM innovation_projects WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, errNoRow
	}
	return p, err
}

// projectsOf lists the projects of the organisations (as owner or
// partner), newest first; nil orgs lists every project (for figures).
func (st store) projectsOf(ctx context.Context, orgIDs []int64) ([]Project, error) {
	q := `SELECT ` + projectCols + ` FROM innovation_projects`
	var args []any
	if orgIDs != nil {
		if len(orgIDs) == 0 {
			return nil, nil
		}
		ph := make([]string, len(orgIDs))
		for i, id := range orgIDs {
			ph[i] = "$" + itoa(i+1)
			args = append(args, id)
		}
		in := strings.Join(ph, ", ")
		q += ` WHERE organisation_id IN (` + in + `) OR id IN (SELECT project_id FROM innovation_partners WHERE organisation_id IN (` + in + `))`
	}
	rows, err := st.d.QueryContext(ctx, q+` ORDER BY updated_at DESC, id DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Project
	for rows.Next() {
		p, err := scanProject(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func (st store) updateQuestion(ctx context.Context, q db.Querier, p Project, at time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE innovation_projects SET title = $1, theme = $2, client_group = $3, question = $4, diff_client = $5, diff_professional = $6,
 involved = $7, expected_clients = $8, updated_at = $9 WHERE id = $10`,
		p.Title, p.Theme, p.ClientGroup, p.Question, p.DiffClient, p.DiffProfessional, strings.Join(p.Involved, ","), p.ExpectedClients, at, p.ID)
	return err
}

func (st store) updateScan(ctx context.Context, q db.Querier, p Project, at time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE innovation_projects SET scan_org = $1, scan_it = $2, scan_finance = $3, scan_staff = $4, scan_note = $5, scan_at = $6, updated_at = $6 WHERE id = $7`,
		string(p.ScanOrg), string(p.ScanIT), string(p.ScanFinance), string(p.ScanStaff), p.ScanNote, at, p.ID)
	return err
}

func (st store) updateChoice(ctx context.Context, q db.Querier, p Project, at time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE innovation_projects SET technology_id = $1, approach = $2, choice_reason = $3, updated_at = $4 WHERE id = $5`,
		nullID(p.TechnologyID), p.Approach, p.ChoiceReason, at, p.ID)
	return err
}

// movePhase moves the project from one phase to another only if it is
// still in from (two people deciding at once: the second sees a conflict).
func (st store) movePhase(ctx context.Context, q db.Querier, id int64, from, to Phase, stopCategory, stopReason string, at time.Time) (bool, error) {
	res, err := q.ExecContext(ctx, `UPDATE innovation_projects SET phase = $1, stop_category = $2, stop_reason = $3, updated_at = $4 WHERE id = $5 AND phase = $6`,
		string(to), stopCategory, stopReason, at, id, string(from))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func (st store) addPartner(ctx context.Context, q db.Querier, projectID, orgID int64) error {
	_, err := q.ExecContext(ctx, `INSERT INTO innovation_partners (project_id, organisation_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, projectID, orgID)
	return err
}

func (st store) partners(ctx context.Context, projectID int64) ([]int64, error) {
	return st.ids(ctx, `SELECT organisation_id FROM innovation_partners WHERE project_id = $1 ORDER BY organisation_id`, projectID)
}

func (st store) ids(ctx context.Context, q string, args ...any) ([]int64, error) {
	rows, err := st.d.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// ---- gates and advice ----

func (st store) insertGate(ctx context.Context, q db.Querier, g Gate) error {
	_, err := q.ExecContext(ctx, `INSERT INTO innovation_gates (project_id, from_phase, to_phase, decision, reason, decided_by, decided_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		g.ProjectID, string(g.From), string(g.To), g.Decision, g.Reason, nullID(g.DecidedBy), g.DecidedAt)
	return err
}

func (st store) gates(ctx context.Context, projectID int64) ([]Gate, error) {
	rows, err := st.d.QueryContext(ctx, `SELECT id, project_id, from_phase, to_phase, decision, reason, COALESCE(decided_by, 0), decided_at FROM innovation_gates WHERE project_id = $1 ORDER BY decided_at, id`, projectID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Gate
	for rows.Next() {
		var g Gate
		var from, to string
		if err := rows.Scan(&g.ID, &g.ProjectID, &from, &to, &g.Decision, &g.Reason, &g.DecidedBy, &g.DecidedAt); err != nil {
			return nil, err
		}
		g.From, g.To = Phase(from), Phase(to)
		out = append(out, g)
	}
	return out, rows.Err()
}

func (st store) insertAdvice(ctx context.Context, q db.Querier, a Advice) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO innovation_advice (project_id, phase, advice, given_by, given_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		a.ProjectID, string(a.Phase), a.Text, nullID(a.GivenBy), a.GivenAt).Scan(&id)
	return id, err
}

func (st store) advice(ctx context.Context, projectID int64) ([]Advice, error) {
	rows, err := st.d.QueryContext(ctx, `SELECT id, project_id, phase, advice, COALESCE(given_by, 0), given_at, answer, COALESCE(answered_by, 0), answered_at
 FROM innovation_advice WHERE project_id = $1 ORDER BY given_at, id`, projectID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Advice
	for rows.Next() {
		var a Advice
		var phase string
		var answered sql.NullTime
		if err := rows.Scan(&a.ID, &a.ProjectID, &phase, &a.Text, &a.GivenBy, &a.GivenAt, &a.Answer, &a.AnsweredBy, &answered); err != nil {
			return nil, err
		}
		a.Phase, a.AnsweredAt = Phase(phase), nullTime(answered)
		out = append(out, a)
	}
	return out, rows.Err()
}

func (st store) answerAdvice(ctx context.Context, q db.Querier, projectID, adviceID int64, answer string, by int64, at time.Time) (bool, error) {
	res, err := q.ExecContext(ctx, `UPDATE innovation_advice SET answer = $1, answered_by = $2, answered_at = $3 WHERE id = $4 AND project_id = $5 AND answer = ''`,
		answer, by, at, adviceID, projectID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func (st store) openAdvice(ctx context.Context, q db.Querier, projectID int64) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM innovation_advice WHERE project_id = $1 AND answer = ''`, projectID).Scan(&n)
	return n, err
}

// ---- candidates and the decision matrix ----

func (st store) addCandidate(ctx context.Context, q db.Querier, projectID, techID int64) error {
	_, err := q.ExecContext(ctx, `INSERT INTO innovation_candidates (project_id, technology_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, projectID, techID)
	return err
}

func (st store) removeCandidate(ctx context.Context, q db.Querier, projectID, techID int64) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM innovation_scores WHERE technology_id = $1 AND criterion_id IN (SELECT id FROM innovation_criteria WHERE project_id = $2)`, techID, projectID); err != nil {
		return err
	}
	_, err := q.ExecContext(ctx, `DELETE FROM innovation_candidates WHERE project_id = $1 AND technology_id = $2`, projectID, techID)
	return err
}

func (st store) candidates(ctx context.Context, projectID int64) ([]int64, error) {
	return st.ids(ctx, `SELECT technology_id FROM innovation_candidates WHERE project_id = $1 ORDER BY technology_id`, projectID)
}

// replaceMatrix stores the project's criteria and scores in place of the
// ones it had.
func (st store) replaceMatrix(ctx context.Context, q db.Querier, projectID int64, cs []Criterion) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM innovation_scores WHERE criterion_id IN (SELECT id FROM innovation_criteria WHERE project_id = $1)`, projectID); err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, `DELETE FROM innovation_criteria WHERE project_id = $1`, projectID); err != nil {
		return err
	}
	for i, c := range cs {
		var id int64
		if err := q.QueryRowContext(ctx, `INSERT INTO innovation_criteria (project_id, position, name, weight) VALUES ($1, $2, $3, $4) RETURNING id`, projectID, i, c.Name, c.Weight).Scan(&id); err != nil {
			return err
		}
		for tech, score := range c.Scores {
			if _, err := q.ExecContext(ctx, `INSERT INTO innovation_scores (criterion_id, technology_id, score) VALUES ($1, $2, $3)`, id, tech, score); err != nil {
				return err
			}
		}
	}
	return nil
}

func (st store) matrix(ctx context.Context, projectID int64) ([]Criterion, error) {
	rows, err := st.d.QueryContext(ctx, `SELECT c.id, c.name, c.weight, COALESCE(s.technology_id, 0), COALESCE(s.score, 0)
 FROM innovation_criteria c LEFT JOIN innovation_scores s ON s.criterion_id = c.id WHERE c.project_id = $1 ORDER BY c.position, s.technology_id`, projectID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Criterion
	for rows.Next() {
		var id, tech int64
		var name string
		var weight, score int
		if err := rows.Scan(&id, &name, &weight, &tech, &score); err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].ID != id {
			out = append(out, Criterion{ID: id, Name: name, Weight: weight, Scores: map[int64]int{}})
		}
		if tech != 0 {
			out[len(out)-1].Scores[tech] = score
		}
	}
	return out, rows.Err()
}

// ---- plan, effects, scale-up, participants ----

func (st store) insertTask(ctx context.Context, q db.Querier, t Task, by int64, at time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO innovation_tasks (project_id, step, title, owner, due_on, risk, done_at, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		t.ProjectID, t.Step, t.Title, t.Owner, dateText(t.Due), t.Risk, nullableTime(t.DoneAt), nullID(by), at).Scan(&id)
	return id, err
}

func nullableTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

func (st store) tasks(ctx context.Context, projectID int64) ([]Task, error) {
	rows, err := st.d.QueryContext(ctx, `SELECT id, project_id, step, title, owner, due_on, risk, done_at FROM innovation_tasks WHERE project_id = $1 ORDER BY due_on, id`, projectID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Task
	for rows.Next() {
		var t Task
		var due string
		var done sql.NullTime
		if err := rows.Scan(&t.ID, &t.ProjectID, &t.Step, &t.Title, &t.Owner, &due, &t.Risk, &done); err != nil {
			return nil, err
		}
		t.Due, t.DoneAt = parseDateText(due), nullTime(done)
		out = append(out, t)
	}
	return out, rows.Err()
}

func (st store) taskDone(ctx context.Context, q db.Querier, projectID, taskID int64, at time.Time) (bool, error) {
	res, err := q.ExecContext(ctx, `UPDATE innovation_tasks SET done_at = $1 WHERE id = $2 AND project_id = $3 AND done_at IS NULL`, at, taskID, projectID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func (st store) insertMeasure(ctx context.Context, q db.Querier, m Measure, by int64, at time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO innovation_measures (project_id, grp, name, unit, baseline, followup, measured_on, followup_on, created_by, created_at)
 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		m.ProjectID, m.Group, m.Name, m.Unit, m.Baseline, m.FollowUp, dateText(m.MeasuredOn), dateText(m.FollowOn), nullID(by), at).Scan(&id)
	return id, err
}

func (st store) setFollowUp(ctx context.Context, q db.Querier, projectID, measureID int64, v float64, on time.Time) (bool, error) {
	res, err := q.ExecContext(ctx, `UPDATE innovation_measures SET followup = $1, followup_on = $2 WHERE id = $3 AND project_id = $4`, v, dateText(on), measureID, projectID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func (st store) measures(ctx context.Context, projectID int64) ([]Measure, error) {
	rows, err := st.d.QueryContext(ctx, `SELECT id, project_id, grp, name, unit, baseline, followup, measured_on, followup_on FROM innovation_measures WHERE project_id = $1 ORDER BY id`, projectID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Measure
	for rows.Next() {
		var m Measure
		var f sql.NullFloat64
		var on, fon string
		if err := rows.Scan(&m.ID, &m.ProjectID, &m.Group, &m.Name, &m.Unit, &m.Baseline, &f, &on, &fon); err != nil {
			return nil, err
		}
		if f.Valid {
			v := f.Float64
			m.FollowUp = &v
		}
		m.MeasuredOn, m.FollowOn = parseDateText(on), parseDateText(fon)
		out = append(out, m)
	}
	return out, rows.Err()
}

func (st store) insertScale(ctx context.Context, q db.Querier, projectID, locationID int64, clients int, on time.Time, by int64, at time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO innovation_scale (project_id, location_id, clients, recorded_on, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		projectID, locationID, clients, dateText(on), nullID(by), at)
	return err
}

// scaleRow is one recorded client count.
type scaleRow struct {
	ProjectID, LocationID int64
	Clients               int
	On                    time.Time
}

// scaleHistory is every recorded count of the projects (nil: all), oldest
// first.
func (st store) scaleHistory(ctx context.Context, projectID int64) ([]scaleRow, error) {
	q := `SELECT project_id, location_id, clients, recorded_on FROM innovation_scale`
	var args []any
	if projectID != 0 {
		q += ` WHERE project_id = $1`
		args = append(args, projectID)
	}
	rows, err := st.d.QueryContext(ctx, q+` ORDER BY recorded_on, id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []scaleRow
	for rows.Next() {
		var r scaleRow
		var on string
		if err := rows.Scan(&r.ProjectID, &r.LocationID, &r.Clients, &on); err != nil {
			return nil, err
		}
		r.On = parseDateText(on)
		out = append(out, r)
	}
	return out, rows.Err()
}

func (st store) addParticipant(ctx context.Context, q db.Querier, projectID, clientID, by int64, at time.Time) (bool, error) {
	res, err := q.ExecContext(ctx, `INSERT INTO innovation_participants (project_id, client_id, added_by, added_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
		projectID, clientID, nullID(by), at)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func (st store) participants(ctx context.Context, projectID int64) ([]int64, error) {
	return st.ids(ctx, `SELECT client_id FROM innovation_participants WHERE project_id = $1 ORDER BY added_at, client_id`, projectID)
}

// participation is a client's part in a project, for the right of access.
type participation struct {
	ProjectID int64
	AddedAt   time.Time
}

func (st store) participationOf(ctx context.Context, clientID int64) ([]participation, error) {
	rows, err := st.d.QueryContext(ctx, `SELECT project_id, added_at FROM innovation_participants WHERE client_id = $1 ORDER BY added_at`, clientID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []participation
	for rows.Next() {
		var p participation
		if err := rows.Scan(&p.ProjectID, &p.AddedAt); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// ---- theme networks ----

func (st store) insertMember(ctx context.Context, q db.Querier, m Member, by int64) error {
	_, err := q.ExecContext(ctx, `INSERT INTO innovation_members (theme, name, organisation, kind, joined_at, added_by) VALUES ($1, $2, $3, $4, $5, $6)`,
		m.Theme, m.Name, m.Organisation, m.Kind, m.JoinedAt, nullID(by))
	return err
}

func (st store) members(ctx context.Context, theme string) ([]Member, error) {
	rows, err := st.d.QueryContext(ctx, `SELECT id, theme, name, organisation, kind, joined_at FROM innovation_members WHERE theme = $1 ORDER BY kind, organisation, name`, theme)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Member
	for rows.Next() {
		var m Member
		if err := rows.Scan(&m.ID, &m.Theme, &m.Name, &m.Organisation, &m.Kind, &m.JoinedAt); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

func (st store) insertMeeting(ctx context.Context, q db.Querier, m Meeting, by int64, at time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO innovation_meetings (theme, held_on, title, summary, added_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		m.Theme, dateText(m.HeldOn), m.Title, m.Summary, nullID(by), at)
	return err
}

func (st store) meetings(ctx context.Context, theme string) ([]Meeting, error) {
	rows, err := st.d.QueryContext(ctx, `SELECT id, theme, held_on, title, summary FROM innovation_meetings WHERE theme = $1 ORDER BY held_on DESC, id DESC`, theme)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Meeting
	for rows.Next() {
		var m Meeting
		var on string
		if err := rows.Scan(&m.ID, &m.Theme, &on, &m.Title, &m.Summary); err != nil {
			return nil, err
		}
		m.HeldOn = parseDateText(on)
		out = append(out, m)
	}
	return out, rows.Err()
}

func (st store) insertLink(ctx context.Context, q db.Querier, l Link, by int64, at time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO innovation_links (theme, title, url, organisation_id, added_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		l.Theme, l.Title, l.URL, nullID(l.OrganisationID), nullID(by), at)
	return err
}

func (st store) links(ctx context.Context, theme string) ([]Link, error) {
	rows, err := st.d.QueryContext(ctx, `SELECT id, theme, title, url, COALESCE(organisation_id, 0) FROM innovation_links WHERE theme = $1 ORDER BY created_at DESC, id DESC`, theme)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Link
	for rows.Next() {
		var l Link
		if err := rows.Scan(&l.ID, &l.Theme, &l.Title, &l.URL, &l.OrganisationID); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

func (st store) countTechnologies(ctx context.Context) (int, error) {
	var n int
	err := st.d.QueryRowContext(ctx, `SELECT COUNT(*) FROM innovation_technologies`).Scan(&n)
	return n, err
}

// allPartners maps every project to its partner organisations.
func (st store) allPartners(ctx context.Context) (map[int64][]int64, error) {
	rows, err := st.d.QueryContext(ctx, `SELECT project_id, organisation_id FROM innovation_partners ORDER BY project_id, organisation_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]int64{}
	for rows.Next() {
		var p, o int64
		if err := rows.Scan(&p, &o); err != nil {
			return nil, err
		}
		out[p] = append(out[p], o)
	}
	return out, rows.Err()
}

// adviceTx lists the ids of a project's unanswered advice in tx.
func (st store) adviceTx(ctx context.Context, tx *sql.Tx, projectID int64) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id FROM innovation_advice WHERE project_id = $1 AND answer = '' ORDER BY id`, projectID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
