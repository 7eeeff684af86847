package crisis

import (
	"context"
	"database/sql"
	"time"

	"github.com/volwaardig/volwaardig/internal/db"
)

// The store's reads for the monitor's figures and the deadline job.

func (st store) activeTeams(ctx context.Context) (int, error) {
	var n int
	err := st.d.QueryRowContext(ctx, `SELECT COUNT(*) FROM crisis_teams WHERE active`).Scan(&n)
	return n, err
}

// eachCaseTimes streams every case's region, decision and moments to fn,
// so the aggregates hold one row at a time.
func (st store) eachCaseTimes(ctx context.Context, fn func(region, decision string, reported, deadline time.Time, decided, admitted, closed sql.NullTime)) error {
	rows, err := st.d.QueryContext(ctx, `SELECT region_code, reported_at, decided_at, decision, deadline_at, admitted_at, closed_at FROM crisis_cases`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var region, decision string
		var reported, deadline time.Time
		var decided, admitted, closed sql.NullTime
		if err := rows.Scan(&region, &reported, &decided, &decision, &deadline, &admitted, &closed); err != nil {
			return err
		}
		fn(region, decision, reported, deadline, decided, admitted, closed)
	}
	return rows.Err()
}

// moduleFigures are the counts of the module's figures for the monitor:
// cases reported since, cases open now, active teams and beds.
func (st store) moduleFigures(ctx context.Context, since time.Time) (year, open, teams, beds int, err error) {
	err = st.d.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM crisis_cases WHERE reported_at >= $1),
		(SELECT COUNT(*) FROM crisis_cases WHERE status IN ('gemeld', 'in_behandeling', 'opname', 'cot')),
		(SELECT COUNT(*) FROM crisis_teams WHERE active),
		(SELECT COUNT(*) FROM crisis_beds)`, since).Scan(&year, &open, &teams, &beds)
	return year, open, teams, beds, err
}

// dueCase is what the deadline job reads of a running case.
type dueCase struct {
	id, reporter, team int64
	region, escalated  string
	status             string
	deadline           time.Time
	stay, admitted     sql.NullTime
}

// runningCases reads the cases whose clock or stay may run out.
func (st store) runningCases(ctx context.Context, q db.Querier) ([]dueCase, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, region_code, escalated_to, status, reporter_id, COALESCE(team_id, 0), deadline_at, stay_until, admitted_at FROM crisis_cases WHERE status IN ('gemeld', 'in_behandeling', 'opname')`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []dueCase
	for rows.Next() {
		var d dueCase
		if err := rows.Scan(&d.id, &d.region, &d.escalated, &d.status, &d.reporter, &d.team, &d.deadline, &d.stay, &d.admitted); err != nil {
			return nil, err
		}
		list = append(list, d)
	}
	return list, rows.Err()
}

// regionFigures are the monitor's figures per care-office region (the
// case's region, the team's home region, the bed's region): reports since,
// open cases, active teams and beds, in that order.
func (st store) regionFigures(ctx context.Context, since time.Time) (map[string]*[4]int, error) {
	out := map[string]*[4]int{}
	at := func(region string) *[4]int {
		if out[region] == nil {
			out[region] = &[4]int{}
		}
		return out[region]
	}
	for i, q := range []string{
		`SELECT region_code, COUNT(*) FROM crisis_cases WHERE reported_at >= $1 GROUP BY region_code`,
		`SELECT region_code, COUNT(*) FROM crisis_cases WHERE status IN ('gemeld', 'in_behandeling', 'opname', 'cot') GROUP BY region_code`,
		`SELECT region_code, COUNT(*) FROM crisis_teams WHERE active GROUP BY region_code`,
		`SELECT region_code, COUNT(*) FROM crisis_beds GROUP BY region_code`,
	} {
		var args []any
		if i == 0 {
			args = append(args, since)
		}
		rows, err := st.d.QueryContext(ctx, q, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var region string
			var n int
			if err := rows.Scan(&region, &n); err != nil {
				rows.Close()
				return nil, err
			}
			at(region)[i] = n
		}
		err = rows.Err()
		if cerr := rows.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
