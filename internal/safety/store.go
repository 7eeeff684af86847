package safety

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/web"
)

// store holds all of the module's SQL, behind one type (DESIGN §6). Names
// of clients, accounts and organisations are platform tables and are not
// joined here; the service reads them through the platform packages.
type store struct{ d *db.DB }

const reportColumns = `id, kind, reporter_group, provider_id, region_code, COALESCE(client_id, 0), COALESCE(reporter_id, 0), what_happened, where_text,
	who_involved, ongoing, safe_now, contact, status, created_at, first_contact_at, closed_at, igj_reported_at, decision`

type scanner interface{ Scan(dest ...any) error }

func scanReport(r scanner) (Report, error) {
	var rep Report
	var kind, group, ongoing, safe, status string
	var first, closed, igj sql.NullTime
	err := r.Scan(&rep.ID, &kind, &group, &rep.ProviderID, &rep.Region, &rep.ClientID, &rep.ReporterID, &rep.What, &rep.Where,
		&rep.Who, &ongoing, &safe, &rep.Contact, &status, &rep.CreatedAt, &first, &closed, &igj, &rep.Decision)
	if err != nil {
		return rep, err
	}
	rep.Kind, rep.Group, rep.Ongoing, rep.SafeNow, rep.Status = Kind(kind), Group(group), Answer(ongoing), Answer(safe), Status(status)
	rep.CreatedAt = rep.CreatedAt.UTC()
	rep.FirstContactAt, rep.ClosedAt, rep.IGJReportedAt = nt(first), nt(closed), nt(igj)
	return rep, nil
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

func errReportNotFound() error {
	return web.NotFound("Deze melding bestaat niet of is niet voor u.", "This report does not exist or is not for you.")
}

// insertReport stores a new report with its code's hash.
func (st store) insertReport(ctx context.Context, q db.Querier, r Report, codeHash string) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO safety_reports (kind, reporter_group, provider_id, region_code, client_id, reporter_id, what_happened, where_text,
			who_involved, ongoing, safe_now, contact, code_hash, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
		string(r.Kind), string(r.Group), r.ProviderID, r.Region, nullID(r.ClientID), nullID(r.ReporterID), r.What, r.Where,
		r.Who, string(r.Ongoing), string(r.SafeNow), r.Contact, codeHash, string(r.Status), r.CreatedAt).Scan(&id)
	return id, err
}

// reportByID reads one report with its steps and messages.
func (st store) reportByID(ctx context.Context, q db.Querier, id int64) (Report, error) {
	r, err := scanReport(q.QueryRowContext(ctx, `SELECT `+reportColumns+` FROM safety_reports WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, errReportNotFound()
	}
	if err != nil {
		return r, err
	}
	return r, st.details(ctx, q, &r)
}

// reportByCode finds a report by its code's hash; ok is false when none.
// The hash found is compared again in constant time, so the answer's
// timing does not tell how much of a guessed code was right.
func (st store) reportByCode(ctx context.Context, q db.Querier, codeHash string) (Report, bool, error) {
	var stored string
	r, err := scanReportWithHash(q.QueryRowContext(ctx, `SELECT `+reportColumns+`, code_hash FROM safety_reports WHERE code_hash = $1`, codeHash), &stored)
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	if err != nil {
		return r, false, err
	}
	if !sameHash(stored, codeHash) {
		return Report{}, false, nil
	}
	return r, true, st.details(ctx, q, &r)
}

func scanReportWithHash(row *sql.Row, hash *string) (Report, error) {
	return scanReport(scannerFunc(func(dest ...any) error { return row.Scan(append(dest, hash)...) }))
}

type scannerFunc func(dest ...any) error

func (f scannerFunc) Scan(dest ...any) error { return f(dest...) }

func (st store) details(ctx context.Context, q db.Querier, r *Report) error {
	rows, err := q.QueryContext(ctx, `SELECT id, report_id, step, choice, outcome, recorded_at, recorded_by FROM safety_steps WHERE report_id = $1 ORDER BY recorded_at, id`, r.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var s Step
		if err := rows.Scan(&s.ID, &s.ReportID, &s.Step, &s.Choice, &s.Outcome, &s.RecordedAt, &s.RecordedBy); err != nil {
			rows.Close()
			return err
		}
		s.RecordedAt = s.RecordedAt.UTC()
		r.Steps = append(r.Steps, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = q.QueryContext(ctx, `SELECT id, report_id, from_reporter, body, created_at, COALESCE(author_id, 0) FROM safety_messages WHERE report_id = $1 ORDER BY created_at, id`, r.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var m Message
		if err := rows.Scan(&m.ID, &m.ReportID, &m.FromReporter, &m.Body, &m.CreatedAt, &m.AuthorID); err != nil {
			return err
		}
		m.CreatedAt = m.CreatedAt.UTC()
		r.Messages = append(r.Messages, m)
	}
	return rows.Err()
}

// reportsFor lists the reports of the providers in orgs made by the
// groups given, newest first (open ones before closed).
func (st store) reportsFor(ctx context.Context, orgs []int64, groups []Group) ([]Report, error) {
	if len(orgs) == 0 || len(groups) == 0 {
		return nil, nil
	}
	args := []any{}
	ph := func(v any) string {
		args = append(args, v)
		return "$" + itoa(len(args))
	}
	var op, gp []string
	for _, o := range orgs {
		op = append(op, ph(o))
	}
	for _, g := range groups {
		gp = append(gp, ph(string(g)))
	}
	rows, err := st.d.QueryContext(ctx, `SELECT `+reportColumns+` FROM safety_reports WHERE provider_id IN (`+strings.Join(op, ", ")+`)
		AND reporter_group IN (`+strings.Join(gp, ", ")+`) ORDER BY CASE WHEN status = 'afgesloten' THEN 1 ELSE 0 END, created_at DESC, id DESC`, args...)
	if err != nil {
		return nil, err
	}
	out, err := collect(rows)
	if err != nil || len(out) == 0 {
		return out, err
	}
	// The list shows how far each report is in the meldcode: one query
	// for the highest step of every report of these providers.
	rows, err = st.d.QueryContext(ctx, `SELECT s.report_id, MAX(s.step) FROM safety_steps s JOIN safety_reports r ON r.id = s.report_id
		WHERE r.provider_id IN (`+strings.Join(op, ", ")+`) GROUP BY s.report_id`, args[:len(orgs)]...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	last := map[int64]int{}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		last[id] = n
	}
	for i := range out {
		out[i].lastStep = last[out[i].ID]
	}
	return out, rows.Err()
}

// reportsByReporter lists the reports an account made, newest first.
func (st store) reportsByReporter(ctx context.Context, userID int64) ([]Report, error) {
	rows, err := st.d.QueryContext(ctx, `SELECT `+reportColumns+` FROM safety_reports WHERE reporter_id = $1 ORDER BY created_at DESC, id DESC`, userID)
	if err != nil {
		return nil, err
	}
	out, err := collect(rows)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if err := st.details(ctx, st.d, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// reportsAboutClient lists the reports that name the client, oldest first.
func (st store) reportsAboutClient(ctx context.Context, clientID int64) ([]Report, error) {
	rows, err := st.d.QueryContext(ctx, `SELECT `+reportColumns+` FROM safety_reports WHERE client_id = $1 ORDER BY created_at, id`, clientID)
	if err != nil {
		return nil, err
	}
	return collect(rows)
}

func collect(rows *sql.Rows) ([]Report, error) {
	defer rows.Close()
	var out []Report
	for rows.Next() {
		r, err := scanReport(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// countNew counts the reports of the providers in orgs that nobody has
// answered yet.
func (st store) countNew(ctx context.Context, orgs []int64) (int, error) {
	n := 0
	for _, o := range orgs {
		var c int
		if err := st.d.QueryRowContext(ctx, `SELECT COUNT(*) FROM safety_reports WHERE provider_id = $1 AND status = 'nieuw'`, o).Scan(&c); err != nil {
			return 0, err
		}
		n += c
	}
	return n, nil
}

// insertStep records a meldcode step and moves the report into handling.
func (st store) insertStep(ctx context.Context, tx *sql.Tx, s Step) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO safety_steps (report_id, step, choice, outcome, recorded_at, recorded_by) VALUES ($1, $2, $3, $4, $5, $6)`,
		s.ReportID, s.Step, s.Choice, s.Outcome, s.RecordedAt, s.RecordedBy); err != nil {
		return err
	}
	return st.touch(ctx, tx, s.ReportID, s.RecordedAt)
}

// touch marks the first contact and moves a new report into handling.
func (st store) touch(ctx context.Context, tx *sql.Tx, id int64, at time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE safety_reports SET status = CASE WHEN status = 'nieuw' THEN 'in_behandeling' ELSE status END,
		first_contact_at = COALESCE(first_contact_at, $2) WHERE id = $1`, id, at)
	return err
}

// insertMessage stores a message.
func (st store) insertMessage(ctx context.Context, tx *sql.Tx, m Message) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO safety_messages (report_id, from_reporter, body, created_at, author_id) VALUES ($1, $2, $3, $4, $5)`,
		m.ReportID, m.FromReporter, m.Body, m.CreatedAt, nullID(m.AuthorID))
	return err
}

// setIGJ records the date the provider reported to the inspectorate.
func (st store) setIGJ(ctx context.Context, tx *sql.Tx, id int64, at time.Time, by int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE safety_reports SET igj_reported_at = $2, igj_reported_by = $3 WHERE id = $1`, id, at, by)
	return err
}

// close closes a report with its decision.
func (st store) close(ctx context.Context, tx *sql.Tx, id int64, at time.Time, decision string) error {
	_, err := tx.ExecContext(ctx, `UPDATE safety_reports SET status = 'afgesloten', closed_at = $2, decision = $3, first_contact_at = COALESCE(first_contact_at, $2) WHERE id = $1`, id, at, decision)
	return err
}

// lockReport takes the report's row lock for tx (SQLite's single writer
// already serialises the transaction).
func (st store) lockReport(ctx context.Context, tx *sql.Tx, id int64) (Report, error) {
	r, err := scanReport(tx.QueryRowContext(ctx, `SELECT `+reportColumns+` FROM safety_reports WHERE id = $1`+st.d.ForUpdate(), id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, errReportNotFound()
	}
	if err != nil {
		return r, err
	}
	return r, st.details(ctx, tx, &r)
}

// countRouting adds one to the anonymous count of a routing advice.
func (st store) countRouting(ctx context.Context, month string, sit Situation) error {
	_, err := st.d.ExecContext(ctx, `INSERT INTO safety_routing (month, situation, n) VALUES ($1, $2, 1)
		ON CONFLICT (month, situation) DO UPDATE SET n = safety_routing.n + 1`, month, string(sit))
	return err
}

// figureRow is one region's counts for the programme figures.
type figureRow struct {
	Region                string
	Reports, Advice, Open int
}

// figures counts per region: reports and advice requests since, and open.
func (st store) figures(ctx context.Context, since time.Time) ([]figureRow, error) {
	rows, err := st.d.QueryContext(ctx, `SELECT region_code,
			SUM(CASE WHEN kind = 'melding' AND created_at >= $1 THEN 1 ELSE 0 END),
			SUM(CASE WHEN kind = 'advies' AND created_at >= $1 THEN 1 ELSE 0 END),
			SUM(CASE WHEN status <> 'afgesloten' THEN 1 ELSE 0 END)
		FROM safety_reports GROUP BY region_code ORDER BY region_code`, since)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []figureRow
	for rows.Next() {
		var f figureRow
		if err := rows.Scan(&f.Region, &f.Reports, &f.Advice, &f.Open); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// contacts reads kind, creation and first-contact times since a moment,
// for the aggregates (quarters are made by the service, alike on both
// dialects).
func (st store) contacts(ctx context.Context, since time.Time) ([]Report, error) {
	rows, err := st.d.QueryContext(ctx, `SELECT kind, created_at, first_contact_at FROM safety_reports WHERE created_at >= $1`, since)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Report
	for rows.Next() {
		var r Report
		var kind string
		var first sql.NullTime
		if err := rows.Scan(&kind, &r.CreatedAt, &first); err != nil {
			return nil, err
		}
		r.Kind, r.CreatedAt, r.FirstContactAt = Kind(kind), r.CreatedAt.UTC(), nt(first)
		out = append(out, r)
	}
	return out, rows.Err()
}

// demoBatch writes the national demo's reports as they stand, many rows
// per statement.
func (st store) demoBatch(ctx context.Context, tx *sql.Tx, rs []Report) error {
	const per = 200
	for start := 0; start < len(rs); start += per {
		chunk := rs[start:min(len(rs), start+per)]
		var b strings.Builder
		b.WriteString(`INSERT INTO safety_reports (kind, reporter_group, provider_id, region_code, what_happened, where_text, who_involved, ongoing, safe_now,
			code_hash, status, created_at, first_contact_at, closed_at, decision) VALUES `)
		args := make([]any, 0, 15*len(chunk))
		for i, r := range chunk {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(")
			for j := 0; j < 15; j++ {
				if j > 0 {
					b.WriteString(", ")
				}
				b.WriteString("$" + itoa(len(args)+j+1))
			}
			b.WriteString(")")
			var closed any
			if !r.ClosedAt.IsZero() {
				closed = r.ClosedAt
			}
			args = append(args, string(r.Kind), string(r.Group), r.ProviderID, r.Region, r.What, r.Where, r.Who, string(r.Ongoing), string(r.SafeNow),
				hashCode(NewStatusCode()), string(r.Status), r.CreatedAt, r.FirstContactAt, closed, r.Decision)
		}
		if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
			return err
		}
	}
	return nil
}
