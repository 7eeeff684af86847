package knowledge

import (
	"context"
	"database/sql"
	"errors"
)

// reachKey is the day's random key for the visitor hash, made on the
// first read of the day; several instances share it through the table.
func (s store) reachKey(ctx context.Context, day, fresh string) (string, error) {
	if _, err := s.d.ExecContext(ctx, `INSERT INTO knowledge_reach_keys (day, key) VALUES ($1, $2) ON CONFLICT (day) DO NOTHING`, day, fresh); err != nil {
		return "", err
	}
	var key string
	err := s.d.QueryRowContext(ctx, `SELECT key FROM knowledge_reach_keys WHERE day = $1`, day).Scan(&key)
	if errors.Is(err, sql.ErrNoRows) {
		return "", errors.New("knowledge: reach key vanished")
	}
	return key, err
}

// markRead counts one read of an item and the (hashed) visitor of the day.
func (s store) markRead(ctx context.Context, day, visitor string, itemID int64) error {
	return s.d.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO knowledge_reach_seen (day, visitor) VALUES ($1, $2) ON CONFLICT (day, visitor) DO NOTHING`, day, visitor); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO knowledge_reads (day, item_id, reads) VALUES ($1, $2, 1)
			ON CONFLICT (day, item_id) DO UPDATE SET reads = knowledge_reads.reads + 1`, day, itemID)
		return err
	})
}

// rollUp turns the hashes of the days before today into counts and drops
// them with the days' keys, so no visitor hash outlives its day.
func (s store) rollUp(ctx context.Context, today string) (int, error) {
	var days int
	err := s.d.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO knowledge_reach_days (day, visitors, reads)
			SELECT v.day, COUNT(*), COALESCE((SELECT SUM(r.reads) FROM knowledge_reads r WHERE r.day = v.day), 0)
			FROM knowledge_reach_seen v WHERE v.day < $1 GROUP BY v.day
			ON CONFLICT (day) DO UPDATE SET visitors = knowledge_reach_days.visitors + excluded.visitors, reads = excluded.reads`, today)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		days = int(n)
		if _, err := tx.ExecContext(ctx, `DELETE FROM knowledge_reach_seen WHERE day < $1`, today); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM knowledge_reach_keys WHERE day < $1`, today)
		return err
	})
	return days, err
}

// reach is the number of visitor-days since a day: the counted days plus
// today's visitors not yet rolled up.
func (s store) reach(ctx context.Context, since string) (int, error) {
	var counted, open int
	if err := s.d.QueryRowContext(ctx, `SELECT COALESCE(SUM(visitors), 0) FROM knowledge_reach_days WHERE day >= $1`, since).Scan(&counted); err != nil {
		return 0, err
	}
	if err := s.d.QueryRowContext(ctx, `SELECT COUNT(*) FROM knowledge_reach_seen WHERE day >= $1`, since).Scan(&open); err != nil {
		return 0, err
	}
	return counted + open, nil
}

// insertReachDays writes counted days directly (the demo's history).
func (s store) insertReachDays(ctx context.Context, tx *sql.Tx, days map[string][2]int) error {
	for day, v := range days {
		if _, err := tx.ExecContext(ctx, `INSERT INTO knowledge_reach_days (day, visitors, reads) VALUES ($1, $2, $3)`, day, v[0], v[1]); err != nil {
			return err
		}
	}
	return nil
}
