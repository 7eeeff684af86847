package sleep

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"strconv"
	"strings"
	"time"
)

// The store's writes of minutes (epochs), in multi-row statements.

// nf turns NaN into NULL.
func nf(x float64) any {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return x
}

// upsertRows writes rows of cols in multi-row statements; update names
// the columns an existing minute takes over, so wrist and bed data of the
// same minute merge into one row and a repeated minute replaces itself.
// SQLite gets anonymous "?" placeholders: it resolves "$N" names by a
// linear search per parameter, quadratic in a statement of thousands.
func (st store) upsertRows(ctx context.Context, tx *sql.Tx, clientID int64, cols []string, update []string, rows [][]any) error {
	const perStmt = 400
	anon := st.anon()
	for lo := 0; lo < len(rows); lo += perStmt {
		hi := min(lo+perStmt, len(rows))
		var sb strings.Builder
		sb.WriteString("INSERT INTO sleep_epochs (" + strings.Join(cols, ", ") + ") VALUES ")
		args := make([]any, 0, (hi-lo)*len(cols))
		for i := lo; i < hi; i++ {
			if i > lo {
				sb.WriteByte(',')
			}
			sb.WriteByte('(')
			for j := range cols {
				if j > 0 {
					sb.WriteByte(',')
				}
				args = append(args, rows[i][j])
				if anon {
					sb.WriteByte('?')
				} else {
					sb.WriteString("$" + strconv.Itoa(len(args)))
				}
			}
			sb.WriteByte(')')
		}
		sb.WriteString(" ON CONFLICT (client_id, t) DO UPDATE SET ")
		for j, c := range update {
			if j > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString(c + " = excluded." + c)
		}
		sp := minuteSpan(clientID, rows[lo:hi])
		before, err := st.spanCount(ctx, tx, sp)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, sb.String(), args...); err != nil {
			return err
		}
		after, err := st.spanCount(ctx, tx, sp)
		if err != nil {
			return err
		}
		if err := st.addMinutes(ctx, tx, clientID, after-before); err != nil {
			return err
		}
	}
	return nil
}

// span is the range of minutes one statement writes for the client.
type span struct{ client, from, to int64 }

// minuteSpan is the range of the rows' minutes (t, the second column, in
// Unix seconds as every caller writes it).
func minuteSpan(client int64, rows [][]any) span {
	sp := span{client: client}
	for i, r := range rows {
		t, _ := r[1].(int64)
		if i == 0 {
			sp.from, sp.to = t, t
			continue
		}
		sp.from, sp.to = min(sp.from, t), max(sp.to, t)
	}
	return sp
}

// spanCount counts the stored minutes in the span. Counted before and
// after an upsert in the same transaction, the difference is the number
// of new minutes, which keeps sleep_minute_counts exact without counting
// a client's whole history (33,600 minutes for a year of nights) on every
// view of the client's data.
func (st store) spanCount(ctx context.Context, tx *sql.Tx, sp span) (int64, error) {
	var n int64
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM sleep_epochs WHERE client_id = $1 AND t >= $2 AND t <= $3`,
		sp.client, sp.from, sp.to).Scan(&n)
	return n, err
}

// addMinutes adds n new minutes to a client's stored count.
func (st store) addMinutes(ctx context.Context, tx *sql.Tx, client, n int64) error {
	if n == 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO sleep_minute_counts (client_id, minutes) VALUES ($1, $2)
		ON CONFLICT (client_id) DO UPDATE SET minutes = sleep_minute_counts.minutes + excluded.minutes`, client, n)
	return err
}

var wristCols = []string{"client_id", "t", "counts", "counts_vm", "z_angle", "coverage"}

func (st store) upsertWrist(ctx context.Context, tx *sql.Tx, clientID int64, eps []MinuteEpoch) error {
	rows := make([][]any, len(eps))
	for i, e := range eps {
		rows[i] = []any{clientID, e.T.Unix(), nf(e.Counts), nf(e.CountsVM), nf(e.ZAngle), nf(e.Coverage)}
	}
	return st.upsertRows(ctx, tx, clientID, wristCols, wristCols[2:], rows)
}

// BedMinute is one minute of a bed sensor.
type BedMinute struct {
	T                                  time.Time
	Movement, HeartRate, BreathingRate float64 // NaN when not given
	InBed                              int8    // -1 unknown
}

var bedCols = []string{"client_id", "t", "movement", "heart_rate", "breathing_rate", "in_bed"}

func (st store) upsertBed(ctx context.Context, tx *sql.Tx, clientID int64, ms []BedMinute) error {
	rows := make([][]any, len(ms))
	for i, m := range ms {
		var ib any
		if m.InBed >= 0 {
			ib = int64(m.InBed)
		}
		rows[i] = []any{clientID, m.T.Unix(), nf(m.Movement), nf(m.HeartRate), nf(m.BreathingRate), ib}
	}
	return st.upsertRows(ctx, tx, clientID, bedCols, bedCols[2:], rows)
}

// minuteCount is the number of a client's stored minutes, kept by
// upsertRows (issue 18: counting them per view was a quarter of the CPU of
// the client's own data page).
func (st store) minuteCount(ctx context.Context, clientID int64) (int, error) {
	var n int
	err := st.db.QueryRowContext(ctx, `SELECT minutes FROM sleep_minute_counts WHERE client_id = $1`, clientID).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return n, err
}
