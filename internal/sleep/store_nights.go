package sleep

import (
	"context"
	"database/sql"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/db"
)

// The store's nights, minutes and notes.

// queryer is what a read runs on: the database or a transaction.
type queryer interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

func (st store) deleteNight(ctx context.Context, q db.Querier, clientID int64, night string) error {
	_, err := q.ExecContext(ctx, `DELETE FROM sleep_nights WHERE client_id = $1 AND night = $2`, clientID, night)
	return err
}

// setBaseline stores a night's baseline and flags.
func (st store) setBaseline(ctx context.Context, q db.Querier, b Baseline, flags []string, clientID int64, night string) error {
	_, err := q.ExecContext(ctx, `UPDATE sleep_nights SET base_n = $1, base_tst_med = $2, base_tst_spread = $3, base_waso_med = $4, base_waso_spread = $5, base_awk_med = $6, base_awk_spread = $7, flags = $8 WHERE client_id = $9 AND night = $10`,
		b.N, b.TSTMed, b.TSTSpread, b.WASOMed, b.WASOSpread, b.AwakeMed, b.AwakeSpread, strings.Join(flags, ","), clientID, night)
	return err
}

// nightsFrom lists a client's nights from a date on, oldest first.
func (st store) nightsFrom(ctx context.Context, q queryer, clientID int64, from string) ([]Night, error) {
	return st.queryNights(ctx, q, `WHERE client_id = $1 AND night >= $2 ORDER BY night`, clientID, from)
}

func (st store) nightsBetween(ctx context.Context, clientID int64, from, to string) ([]Night, error) {
	return st.queryNights(ctx, st.db, `WHERE client_id = $1 AND night >= $2 AND night <= $3 ORDER BY night`, clientID, from, to)
}

// lastNights is each client's latest stored night, for the overview: one
// query for all its clients instead of one each (issue 18).
func (st store) lastNights(ctx context.Context, clientIDs []int64) (map[int64]Night, error) {
	out := map[int64]Night{}
	for start := 0; start < len(clientIDs); start += 500 {
		ids := clientIDs[start:min(start+500, len(clientIDs))]
		marks := make([]string, len(ids))
		args := make([]any, len(ids))
		for i, id := range ids {
			marks[i], args[i] = "$"+strconv.Itoa(i+1), id
		}
		err := st.scanNights(ctx, st.db, `n WHERE n.client_id IN (`+strings.Join(marks, ", ")+`) AND n.night = (SELECT MAX(m.night) FROM sleep_nights m WHERE m.client_id = n.client_id)`, args, func(n Night, detail string) {
			_ = json.Unmarshal([]byte(detail), &n.Detail)
			out[n.ClientID] = n
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (st store) lastNight(ctx context.Context, clientID int64) ([]Night, error) {
	return st.queryNights(ctx, st.db, `WHERE client_id = $1 ORDER BY night DESC LIMIT 1`, clientID)
}

// allNightsStored lists all of a client's nights, oldest first, for the
// right-of-access export, with each night's detail left as stored: the page
// shows no detail and only the JSON download writes it, while decoding it
// for every night was a tenth of /mijn/gegevens' CPU (issue 18).
func (st store) allNightsStored(ctx context.Context, clientID int64) ([]storedNight, error) {
	var out []storedNight
	err := st.scanNights(ctx, st.db, `WHERE client_id = $1 ORDER BY night`, []any{clientID}, func(n Night, detail string) {
		out = append(out, storedNight{Night: n, Detail: storedDetail(detail)})
	})
	return out, err
}

// storedNight is a night whose Detail is still the stored JSON text; it
// writes the same JSON as a Night (the outer Detail hides the Night's).
type storedNight struct {
	Night
	Detail storedDetail
}

// storedDetail is a night's detail as stored. It is decoded only when
// written out, the same way queryNights decodes it, so the export is the
// same as when every night was decoded on reading.
type storedDetail string

// MarshalJSON decodes the stored detail and writes it as NightDetail.
func (d storedDetail) MarshalJSON() ([]byte, error) {
	var nd NightDetail
	_ = json.Unmarshal([]byte(d), &nd)
	return json.Marshal(nd)
}

func (st store) insertNote(ctx context.Context, q db.Querier, n Note, at time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO sleep_notes (client_id, night, text, created_by, created_by_name, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		n.ClientID, n.Date, n.Text, nullID(n.CreatedBy), n.Author, at).Scan(&id)
	return id, err
}

// epochs reads a client's stored minutes in [from, to).
func (st store) epochs(ctx context.Context, q queryer, clientID int64, from, to time.Time) ([]EpochRow, error) {
	rows, err := q.QueryContext(ctx, `SELECT t, counts, counts_vm, z_angle, coverage, movement, heart_rate, breathing_rate, in_bed, COALESCE(state, '') FROM sleep_epochs WHERE client_id = $1 AND t >= $2 AND t < $3 ORDER BY t`,
		clientID, from.Unix(), to.Unix())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []EpochRow
	for rows.Next() {
		var t int64
		var c, vm, za, cov, mv, hr, br sql.NullFloat64
		var ib sql.NullInt64
		var state string
		if err := rows.Scan(&t, &c, &vm, &za, &cov, &mv, &hr, &br, &ib, &state); err != nil {
			return nil, err
		}
		r := EpochRow{T: time.Unix(t, 0).UTC(), Counts: nv(c), CountsVM: nv(vm), ZAngle: nv(za), Coverage: nv(cov), Movement: nv(mv), HeartRate: nv(hr), BreathingRate: nv(br), InBed: -1}
		if ib.Valid {
			r.InBed = int8(ib.Int64)
		}
		if state != "" {
			r.State = state[0]
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func nv(x sql.NullFloat64) float64 {
	if !x.Valid {
		return math.NaN()
	}
	return x.Float64
}

func unixOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

// saveNight inserts or replaces a computed night.
func (st store) saveNight(ctx context.Context, tx *sql.Tx, n Night, at time.Time) error {
	detail, err := json.Marshal(n.Detail)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO sleep_nights (client_id, night, source, status, in_bed_at, onset_at, out_bed_at, duration, tst, waso, awakenings, mean_awakening, efficiency, latency,
 total_counts, movement_index, fragmentation_index, sfi, restless_count, restless_minutes, nonwear_minutes, data_minutes, detail, flags, computed_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25)
ON CONFLICT (client_id, night) DO UPDATE SET source = excluded.source, status = excluded.status, in_bed_at = excluded.in_bed_at, onset_at = excluded.onset_at,
 out_bed_at = excluded.out_bed_at, duration = excluded.duration, tst = excluded.tst, waso = excluded.waso, awakenings = excluded.awakenings,
 mean_awakening = excluded.mean_awakening, efficiency = excluded.efficiency, latency = excluded.latency, total_counts = excluded.total_counts,
 movement_index = excluded.movement_index, fragmentation_index = excluded.fragmentation_index, sfi = excluded.sfi, restless_count = excluded.restless_count,
 restless_minutes = excluded.restless_minutes, nonwear_minutes = excluded.nonwear_minutes, data_minutes = excluded.data_minutes, detail = excluded.detail,
 flags = excluded.flags, computed_at = excluded.computed_at`,
		n.ClientID, n.Date, n.Source, n.Status, unixOrZero(n.InBed), unixOrZero(n.Onset), unixOrZero(n.OutBed), n.Duration, n.TST, n.WASO, n.Awakenings,
		n.MeanAwakening, n.Efficiency, n.Latency, n.TotalCounts, n.MovementIndex, n.FragIndex, n.SFI, n.RestlessCount, n.RestlessMinutes,
		n.NonWearMinutes, n.DataMinutes, string(detail), strings.Join(n.Flags, ","), at)
	return err
}

const nightCols = `client_id, night, source, status, in_bed_at, onset_at, out_bed_at, duration, tst, waso, awakenings, mean_awakening, efficiency, latency,
 total_counts, movement_index, fragmentation_index, sfi, restless_count, restless_minutes, nonwear_minutes, data_minutes, detail,
 base_n, base_tst_med, base_tst_spread, base_waso_med, base_waso_spread, base_awk_med, base_awk_spread, flags`

func (st store) queryNights(ctx context.Context, q queryer, where string, args ...any) ([]Night, error) {
	var out []Night
	err := st.scanNights(ctx, q, where, args, func(n Night, detail string) {
		_ = json.Unmarshal([]byte(detail), &n.Detail)
		out = append(out, n)
	})
	return out, err
}

// scanNights reads the nights of where and hands each to add with its
// detail still the stored JSON text.
func (st store) scanNights(ctx context.Context, q queryer, where string, args []any, add func(n Night, detail string)) error {
	rows, err := q.QueryContext(ctx, `SELECT `+nightCols+` FROM sleep_nights `+where, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var n Night
		var inBed, onset, outBed int64
		var detail, flags string
		b := &n.Baseline
		if err := rows.Scan(&n.ClientID, &n.Date, &n.Source, &n.Status, &inBed, &onset, &outBed, &n.Duration, &n.TST, &n.WASO, &n.Awakenings, &n.MeanAwakening,
			&n.Efficiency, &n.Latency, &n.TotalCounts, &n.MovementIndex, &n.FragIndex, &n.SFI, &n.RestlessCount, &n.RestlessMinutes, &n.NonWearMinutes,
			&n.DataMinutes, &detail, &b.N, &b.TSTMed, &b.TSTSpread, &b.WASOMed, &b.WASOSpread, &b.AwakeMed, &b.AwakeSpread, &flags); err != nil {
			return err
		}
		n.InBed, n.Onset, n.OutBed = unixTime(inBed), unixTime(onset), unixTime(outBed)
		if flags != "" {
			n.Flags = strings.Split(flags, ",")
		}
		add(n, detail)
	}
	return rows.Err()
}

func unixTime(u int64) time.Time {
	if u == 0 {
		return time.Time{}
	}
	return time.Unix(u, 0).UTC()
}

// notes lists a client's notes, newest first.
func (st store) notes(ctx context.Context, clientID int64) ([]Note, error) {
	rows, err := st.db.QueryContext(ctx, `SELECT id, client_id, night, text, COALESCE(created_by, 0), created_by_name, created_at FROM sleep_notes WHERE client_id = $1 ORDER BY night DESC, id DESC`, clientID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Note
	for rows.Next() {
		var n Note
		if err := rows.Scan(&n.ID, &n.ClientID, &n.Date, &n.Text, &n.CreatedBy, &n.Author, &n.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}
