package sleep

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/web"
)

// LoadEpochs reads a client's stored minutes in [from, to).
func (s *Service) LoadEpochs(ctx context.Context, q interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}, clientID int64, from, to time.Time) ([]EpochRow, error) {
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

// RecomputeNights recomputes the given nights of a client from the stored
// minutes, writes the scored state and non-wear flag back to the minutes,
// and refreshes the baseline and flags of these and all later nights.
func (s *Service) RecomputeNights(ctx context.Context, clientID int64, dates []string) error {
	if len(dates) == 0 {
		return nil
	}
	slices.Sort(dates)
	dates = slices.Compact(dates)
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		for _, d := range dates {
			from, to, err := NightWindow(d, s.loc)
			if err != nil {
				return err
			}
			rows, err := s.LoadEpochs(ctx, tx, clientID, from, to)
			if err != nil {
				return err
			}
			n, res := ComputeNight(clientID, d, from, to, rows)
			if len(res) > 0 {
				up := make([][]any, len(res))
				for i, m := range res {
					nw := int64(0)
					if m.NonWear {
						nw = 1
					}
					up[i] = []any{clientID, m.T.Unix(), string(rune(m.State)), nw}
				}
				if err := upsertRows(ctx, tx, s.anon(), []string{"client_id", "t", "state", "nonwear"}, []string{"state", "nonwear"}, up); err != nil {
					return err
				}
			}
			if n.Status == StatusNoData && len(res) == 0 {
				if _, err := tx.ExecContext(ctx, `DELETE FROM sleep_nights WHERE client_id = $1 AND night = $2`, clientID, d); err != nil {
					return err
				}
				continue
			}
			if err := s.saveNight(ctx, tx, n); err != nil {
				return err
			}
		}
		return s.refreshBaselines(ctx, tx, clientID, dates[0])
	})
	return err
}

func unixOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

func (s *Service) saveNight(ctx context.Context, tx *sql.Tx, n Night) error {
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
		n.NonWearMinutes, n.DataMinutes, string(detail), strings.Join(n.Flags, ","), s.clock.Now().UTC())
	return err
}

// refreshBaselines recomputes baselines and flags of the nights from `from`
// on, using the nights before it as history.
func (s *Service) refreshBaselines(ctx context.Context, tx *sql.Tx, clientID int64, from string) error {
	d, err := time.Parse("2006-01-02", from)
	if err != nil {
		return err
	}
	histFrom := d.AddDate(0, 0, -60).Format("2006-01-02")
	nights, err := s.queryNights(ctx, tx, `WHERE client_id = $1 AND night >= $2 ORDER BY night`, clientID, histFrom)
	if err != nil {
		return err
	}
	ApplyBaselines(nights)
	for _, n := range nights {
		if n.Date < from {
			continue
		}
		b := n.Baseline
		if _, err := tx.ExecContext(ctx, `UPDATE sleep_nights SET base_n = $1, base_tst_med = $2, base_tst_spread = $3, base_waso_med = $4, base_waso_spread = $5, base_awk_med = $6, base_awk_spread = $7, flags = $8 WHERE client_id = $9 AND night = $10`,
			b.N, b.TSTMed, b.TSTSpread, b.WASOMed, b.WASOSpread, b.AwakeMed, b.AwakeSpread, strings.Join(n.Flags, ","), clientID, n.Date); err != nil {
			return err
		}
	}
	return nil
}

const nightCols = `client_id, night, source, status, in_bed_at, onset_at, out_bed_at, duration, tst, waso, awakenings, mean_awakening, efficiency, latency,
 total_counts, movement_index, fragmentation_index, sfi, restless_count, restless_minutes, nonwear_minutes, data_minutes, detail,
 base_n, base_tst_med, base_tst_spread, base_waso_med, base_waso_spread, base_awk_med, base_awk_spread, flags`

func (s *Service) queryNights(ctx context.Context, q interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}, where string, args ...any) ([]Night, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+nightCols+` FROM sleep_nights `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Night
	for rows.Next() {
		var n Night
		var inBed, onset, outBed int64
		var detail, flags string
		b := &n.Baseline
		if err := rows.Scan(&n.ClientID, &n.Date, &n.Source, &n.Status, &inBed, &onset, &outBed, &n.Duration, &n.TST, &n.WASO, &n.Awakenings, &n.MeanAwakening,
			&n.Efficiency, &n.Latency, &n.TotalCounts, &n.MovementIndex, &n.FragIndex, &n.SFI, &n.RestlessCount, &n.RestlessMinutes, &n.NonWearMinutes,
			&n.DataMinutes, &detail, &b.N, &b.TSTMed, &b.TSTSpread, &b.WASOMed, &b.WASOSpread, &b.AwakeMed, &b.AwakeSpread, &flags); err != nil {
			return nil, err
		}
		n.InBed, n.Onset, n.OutBed = unixTime(inBed), unixTime(onset), unixTime(outBed)
		_ = json.Unmarshal([]byte(detail), &n.Detail)
		if flags != "" {
			n.Flags = strings.Split(flags, ",")
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

func unixTime(u int64) time.Time {
	if u == 0 {
		return time.Time{}
	}
	return time.Unix(u, 0).UTC()
}

// Nights lists a client's nights from date from to date to (inclusive),
// oldest first.
func (s *Service) Nights(ctx context.Context, clientID int64, from, to string) ([]Night, error) {
	return s.queryNights(ctx, s.db, `WHERE client_id = $1 AND night >= $2 AND night <= $3 ORDER BY night`, clientID, from, to)
}

// LastNight returns the client's most recent night, if any.
func (s *Service) LastNight(ctx context.Context, clientID int64) (Night, bool, error) {
	ns, err := s.queryNights(ctx, s.db, `WHERE client_id = $1 ORDER BY night DESC LIMIT 1`, clientID)
	if err != nil || len(ns) == 0 {
		return Night{}, false, err
	}
	return ns[0], true, nil
}

// Note is a note on an intervention ("nieuwe matras", "later eten").
type Note struct {
	ID        int64
	ClientID  int64
	Date      string // the first night the change applied to
	Text      string
	CreatedBy int64
	// Author is the writer's name as it was when the note was written
	// (empty for notes from before it was recorded).
	Author    string
	CreatedAt time.Time
}

// DateNL is the note's first night as dd-mm-jjjj.
func (n Note) DateNL() string { return dateNL(n.Date) }

// AddNote records an intervention note.
func (s *Service) AddNote(ctx context.Context, n Note) (int64, error) {
	n.Text = strings.TrimSpace(n.Text)
	if n.Text == "" || len([]rune(n.Text)) > 500 {
		return 0, errNoteText
	}
	if _, err := time.Parse("2006-01-02", n.Date); err != nil {
		return 0, errNoteDate
	}
	var id int64
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO sleep_notes (client_id, night, text, created_by, created_by_name, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			n.ClientID, n.Date, n.Text, nullID(n.CreatedBy), n.Author, s.clock.Now().UTC()).Scan(&id)
	})
	return id, err
}

// Notes lists a client's notes, newest first.
func (s *Service) Notes(ctx context.Context, clientID int64) ([]Note, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, client_id, night, text, COALESCE(created_by, 0), created_by_name, created_at FROM sleep_notes WHERE client_id = $1 ORDER BY night DESC, id DESC`, clientID)
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

// NoteComparison compares the usable nights in the CompareNights nights
// before a note's date with those from its date on.
type NoteComparison struct {
	Note                      Note
	TST, WASO, Awakenings     Comparison
	BeforeNights, AfterNights int
}

// CompareNights is the window on each side of a note.
const CompareNights = 14

// Compare builds the before/after comparison of a note.
func (s *Service) Compare(ctx context.Context, n Note) (NoteComparison, error) {
	d, err := time.Parse("2006-01-02", n.Date)
	if err != nil {
		return NoteComparison{}, errors.Join(errNoteDate, err)
	}
	ns, err := s.Nights(ctx, n.ClientID, d.AddDate(0, 0, -CompareNights).Format("2006-01-02"), d.AddDate(0, 0, CompareNights-1).Format("2006-01-02"))
	if err != nil {
		return NoteComparison{}, err
	}
	var bt, at, bw, aw, ba, aa []float64
	for _, x := range ns {
		if x.Status != StatusOK {
			continue
		}
		if x.Date < n.Date {
			bt, bw, ba = append(bt, float64(x.TST)), append(bw, float64(x.WASO)), append(ba, float64(x.Awakenings))
		} else {
			at, aw, aa = append(at, float64(x.TST)), append(aw, float64(x.WASO)), append(aa, float64(x.Awakenings))
		}
	}
	return NoteComparison{Note: n, TST: MannWhitney(bt, at), WASO: MannWhitney(bw, aw), Awakenings: MannWhitney(ba, aa), BeforeNights: len(bt), AfterNights: len(at)}, nil
}

var (
	errNoteText = web.BadInput("text", "Beschrijf de verandering in hoogstens 500 tekens, bijvoorbeeld ‘nieuwe matras’.", "Describe the change in at most 500 characters, for example ‘new mattress’.")
	errNoteDate = web.BadInput("date", "Vul de datum in als dd-mm-jjjj.", "Enter the date as dd-mm-yyyy.")
)
