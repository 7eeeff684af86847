package relatives

import (
	"context"
	"database/sql"
	"errors"

	"github.com/volwaardig/volwaardig/internal/db"
)

// ensureCycle returns the id of cycle c (by name), adding it when new.
func (st store) ensureCycle(ctx context.Context, q db.Querier, c Cycle) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM relatives_survey_cycles WHERE name = $1`, c.Name).Scan(&id)
	if !errors.Is(err, sql.ErrNoRows) {
		return id, err
	}
	if _, err := q.ExecContext(ctx, `INSERT INTO relatives_survey_cycles (name, opens_at, closes_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING`, c.Name, c.OpensAt, c.ClosesAt); err != nil {
		return 0, err
	}
	err = q.QueryRowContext(ctx, `SELECT id FROM relatives_survey_cycles WHERE name = $1`, c.Name).Scan(&id)
	return id, err
}

func (st store) answered(ctx context.Context, cycle, user int64) (bool, error) {
	var n int
	err := st.d.QueryRowContext(ctx, `SELECT COUNT(*) FROM relatives_survey_respondents WHERE cycle_id = $1 AND user_id = $2`, cycle, user).Scan(&n)
	return n > 0, err
}

func (st store) addRespondent(ctx context.Context, q db.Querier, cycle, user int64) error {
	_, err := q.ExecContext(ctx, `INSERT INTO relatives_survey_respondents (cycle_id, user_id) VALUES ($1, $2)`, cycle, user)
	return err
}

func (st store) addResponse(ctx context.Context, q db.Querier, cycle int64, a Answer) error {
	_, err := q.ExecContext(ctx, `INSERT INTO relatives_survey_responses (cycle_id, score, quality, happy, satisfaction, always_ready, remarks) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		cycle, a.Score, a.Quality, *a.Happy, a.Satisfaction, *a.AlwaysReady, a.Remarks)
	return err
}

// tallies sums the answers per cycle, oldest cycle first.
func (st store) tallies(ctx context.Context) ([]tally, error) {
	rows, err := st.d.QueryContext(ctx, `SELECT c.id, c.name, c.opens_at, c.closes_at, COUNT(r.id), COALESCE(SUM(r.score), 0),
		COALESCE(SUM(CASE WHEN r.quality IN ('zeer_goed', 'goed') THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN r.happy THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN r.satisfaction = 'niet_tevreden' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN r.always_ready THEN 1 ELSE 0 END), 0)
		FROM relatives_survey_cycles c LEFT JOIN relatives_survey_responses r ON r.cycle_id = c.id
		GROUP BY c.id, c.name, c.opens_at, c.closes_at ORDER BY c.opens_at`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []tally
	for rows.Next() {
		var t tally
		if err := rows.Scan(&t.cycle.ID, &t.cycle.Name, &t.cycle.OpensAt, &t.cycle.ClosesAt, &t.n, &t.scoreSum, &t.good, &t.happy, &t.notSatisfied, &t.alwaysReady); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// insertResponses adds many anonymous responses at once (the demo).
func (st store) insertResponses(ctx context.Context, q db.Querier, cycle int64, as []Answer) error {
	const per = 100
	for len(as) > 0 {
		n := min(per, len(as))
		batch := as[:n]
		as = as[n:]
		sqlText := `INSERT INTO relatives_survey_responses (cycle_id, score, quality, happy, satisfaction, always_ready, remarks) VALUES `
		args := make([]any, 0, 7*len(batch))
		for i, a := range batch {
			if i > 0 {
				sqlText += ", "
			}
			b := 7 * i
			sqlText += "(" + ph(b+1) + ", " + ph(b+2) + ", " + ph(b+3) + ", " + ph(b+4) + ", " + ph(b+5) + ", " + ph(b+6) + ", " + ph(b+7) + ")"
			args = append(args, cycle, a.Score, a.Quality, *a.Happy, a.Satisfaction, *a.AlwaysReady, a.Remarks)
		}
		if _, err := q.ExecContext(ctx, sqlText, args...); err != nil {
			return err
		}
	}
	return nil
}
