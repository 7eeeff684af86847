package relatives

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/db"
)

// saveExpert replaces the expert's profile and slots.
func (st store) saveExpert(ctx context.Context, q db.Querier, e Expert, at time.Time) error {
	if _, err := q.ExecContext(ctx, `INSERT INTO relatives_experts (user_id, topics, active, updated_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (user_id) DO UPDATE SET topics = excluded.topics, active = excluded.active, updated_at = excluded.updated_at`,
		e.UserID, strings.Join(e.Topics, ","), e.Active, at); err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, `DELETE FROM relatives_expert_slots WHERE user_id = $1`, e.UserID); err != nil {
		return err
	}
	for _, sl := range e.Slots {
		if _, err := q.ExecContext(ctx, `INSERT INTO relatives_expert_slots (user_id, weekday, start_min, end_min) VALUES ($1, $2, $3, $4)`, e.UserID, sl.Weekday, sl.From, sl.To); err != nil {
			return err
		}
	}
	return nil
}

// expert reads one expert's profile; ok false when they have none yet.
func (st store) expert(ctx context.Context, user int64) (Expert, bool, error) {
	es, err := st.expertsWhere(ctx, st.d, `user_id = $1`, user)
	if err != nil || len(es) == 0 {
		return Expert{UserID: user}, false, err
	}
	return es[0], true, nil
}

// experts are every expert's profile (only the active ones when asked).
func (st store) experts(ctx context.Context, q db.Querier, activeOnly bool) ([]Expert, error) {
	if activeOnly {
		return st.expertsWhere(ctx, q, `active = $1`, true)
	}
	return st.expertsWhere(ctx, q, `1 = 1`)
}

func (st store) expertsWhere(ctx context.Context, q db.Querier, where string, args ...any) ([]Expert, error) {
	rows, err := q.QueryContext(ctx, `SELECT user_id, topics, active FROM relatives_experts WHERE `+where+` ORDER BY user_id`, args...)
	if err != nil {
		return nil, err
	}
	var out []Expert
	for rows.Next() {
		var e Expert
		var topics string
		if err := rows.Scan(&e.UserID, &topics, &e.Active); err != nil {
			rows.Close()
			return nil, err
		}
		if topics != "" {
			e.Topics = strings.Split(topics, ",")
		}
		out = append(out, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		srows, err := q.QueryContext(ctx, `SELECT weekday, start_min, end_min FROM relatives_expert_slots WHERE user_id = $1 ORDER BY weekday, start_min`, out[i].UserID)
		if err != nil {
			return nil, err
		}
		for srows.Next() {
			var sl Slot
			if err := srows.Scan(&sl.Weekday, &sl.From, &sl.To); err != nil {
				srows.Close()
				return nil, err
			}
			out[i].Slots = append(out[i].Slots, sl)
		}
		srows.Close()
		if err := srows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// openLoad counts each expert's open requests.
func (st store) openLoad(ctx context.Context, q db.Querier) (map[int64]int, error) {
	rows, err := q.QueryContext(ctx, `SELECT expert_id, COUNT(*) FROM relatives_callbacks WHERE status = 'open' AND expert_id IS NOT NULL GROUP BY expert_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}

const callbackColumns = `id, requester_id, topic, phone, preferred, question, COALESCE(expert_id, 0), status, outcome, requested_at, handled_at`

func (st store) insertCallback(ctx context.Context, q db.Querier, c Callback) (int64, error) {
	var id int64
	var handled any
	if !c.HandledAt.IsZero() {
		handled = c.HandledAt
	}
	err := q.QueryRowContext(ctx, `INSERT INTO relatives_callbacks (requester_id, topic, phone, preferred, question, expert_id, status, outcome, requested_at, handled_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		c.RequesterID, c.Topic, c.Phone, c.Preferred, c.Question, nullID(c.ExpertID), c.Status, c.Outcome, c.RequestedAt, handled).Scan(&id)
	return id, err
}

// callbacks lists requests, newest first, at most limit.
func (st store) callbacks(ctx context.Context, limit int, where string, args ...any) ([]Callback, error) {
	rows, err := st.d.QueryContext(ctx, `SELECT `+callbackColumns+` FROM relatives_callbacks WHERE `+where+` ORDER BY requested_at DESC, id DESC LIMIT `+strconv.Itoa(limit), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Callback
	for rows.Next() {
		var c Callback
		var handled sql.NullTime
		if err := rows.Scan(&c.ID, &c.RequesterID, &c.Topic, &c.Phone, &c.Preferred, &c.Question, &c.ExpertID, &c.Status, &c.Outcome, &c.RequestedAt, &handled); err != nil {
			return nil, err
		}
		if handled.Valid {
			c.HandledAt = handled.Time
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// handleCallback records the handling of an open request that is the
// expert's or nobody's; false when there is no such request.
func (st store) handleCallback(ctx context.Context, q db.Querier, id, expert int64, status, outcome string, at time.Time) (bool, error) {
	res, err := q.ExecContext(ctx, `UPDATE relatives_callbacks SET expert_id = $1, status = $2, outcome = $3, handled_at = $4
		WHERE id = $5 AND status = 'open' AND (expert_id = $1 OR expert_id IS NULL)`, expert, status, outcome, at, id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// countCallbacksSince counts the requests made since t.
func (st store) countCallbacksSince(ctx context.Context, t time.Time) (int, error) {
	var n int
	err := st.d.QueryRowContext(ctx, `SELECT COUNT(*) FROM relatives_callbacks WHERE requested_at >= $1`, t).Scan(&n)
	return n, err
}

// countOpenFor counts the open requests routed to expert or to nobody.
func (st store) countOpenFor(ctx context.Context, expert int64) (int, error) {
	var n int
	err := st.d.QueryRowContext(ctx, `SELECT COUNT(*) FROM relatives_callbacks WHERE status = 'open' AND (expert_id = $1 OR expert_id IS NULL)`, expert).Scan(&n)
	return n, err
}

// insertCallbacks adds many requests at once (the national demo).
func (st store) insertCallbacks(ctx context.Context, q db.Querier, cs []Callback) error {
	const per = 50
	for len(cs) > 0 {
		n := min(per, len(cs))
		batch := cs[:n]
		cs = cs[n:]
		text := `INSERT INTO relatives_callbacks (requester_id, topic, phone, preferred, question, expert_id, status, outcome, requested_at, handled_at) VALUES `
		args := make([]any, 0, 10*len(batch))
		for i, c := range batch {
			if i > 0 {
				text += ", "
			}
			b := 10 * i
			text += "(" + ph(b+1) + ", " + ph(b+2) + ", " + ph(b+3) + ", " + ph(b+4) + ", " + ph(b+5) + ", " + ph(b+6) + ", " + ph(b+7) + ", " + ph(b+8) + ", " + ph(b+9) + ", " + ph(b+10) + ")"
			args = append(args, c.RequesterID, c.Topic, c.Phone, c.Preferred, c.Question, nullID(c.ExpertID), c.Status, c.Outcome, c.RequestedAt, c.HandledAt)
		}
		if _, err := q.ExecContext(ctx, text, args...); err != nil {
			return err
		}
	}
	return nil
}
