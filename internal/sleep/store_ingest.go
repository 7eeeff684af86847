package sleep

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/db"
)

// The store's raw stream data: batches, chunks waiting to be reduced and
// the hour blocks they are reduced into.

// setFirstRate records a sensor's first delivered rate (a rate once set
// stays) and returns the rate the sensor now has.
func (st store) setFirstRate(ctx context.Context, sensorID, rateMHz int64) (int64, error) {
	if _, err := st.db.ExecContext(ctx, `UPDATE sleep_sensors SET rate_mhz = $1 WHERE id = $2 AND rate_mhz = 0`, rateMHz, sensorID); err != nil {
		return 0, err
	}
	var rate int64
	err := st.db.QueryRowContext(ctx, `SELECT rate_mhz FROM sleep_sensors WHERE id = $1`, sensorID).Scan(&rate)
	return rate, err
}

// pendingHours lists up to 500 sensor-hours with chunks waiting, up to
// the hour cutoff, oldest first.
func (st store) pendingHours(ctx context.Context, cutoff int64) ([]hourGroup, error) {
	rows, err := st.db.QueryContext(ctx, `SELECT DISTINCT sensor_id, client_id, hour FROM sleep_raw_chunks WHERE hour <= $1 ORDER BY hour LIMIT 500`, cutoff)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var groups []hourGroup
	for rows.Next() {
		var g hourGroup
		if err := rows.Scan(&g.sensorID, &g.clientID, &g.hour); err != nil {
			return nil, err
		}
		groups = append(groups, g)
	}
	return groups, rows.Err()
}

// rawChunk is one stored batch of raw samples waiting to be reduced.
type rawChunk struct {
	id   int64
	rate int64
	data []byte
}

// lockChunks reads and locks the chunks of a sensor-hour.
func (st store) lockChunks(ctx context.Context, tx *sql.Tx, g hourGroup) ([]rawChunk, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, rate_mhz, data FROM sleep_raw_chunks WHERE sensor_id = $1 AND client_id = $2 AND hour = $3 ORDER BY id`+st.db.ForUpdate(), g.sensorID, g.clientID, g.hour)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var chunks []rawChunk
	for rows.Next() {
		var c rawChunk
		if err := rows.Scan(&c.id, &c.rate, &c.data); err != nil {
			return nil, err
		}
		chunks = append(chunks, c)
	}
	return chunks, rows.Err()
}

// hourBlock reads the stored hour block of a sensor-hour; data is nil when
// there is none.
func (st store) hourBlock(ctx context.Context, q db.Querier, g hourGroup) (rate int64, data []byte, err error) {
	err = q.QueryRowContext(ctx, `SELECT rate_mhz, data FROM sleep_raw_hours WHERE sensor_id = $1 AND client_id = $2 AND hour = $3`, g.sensorID, g.clientID, g.hour).Scan(&rate, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil, nil
	}
	return rate, data, err
}

// presentInHour sums the samples present in a sensor-hour's block.
func (st store) presentInHour(ctx context.Context, g hourGroup) (int64, error) {
	var n int64
	err := st.db.QueryRowContext(ctx, `SELECT COALESCE(SUM(present), 0) FROM sleep_raw_hours WHERE sensor_id = $1 AND client_id = $2 AND hour = $3`, g.sensorID, g.clientID, g.hour).Scan(&n)
	return n, err
}

// saveHourBlock stores a sensor-hour's block and drops the chunks merged
// into it.
func (st store) saveHourBlock(ctx context.Context, q db.Querier, g hourGroup, rateMHz int64, present int, data []byte, at time.Time, chunks []rawChunk) error {
	if _, err := q.ExecContext(ctx, `INSERT INTO sleep_raw_hours (sensor_id, client_id, hour, rate_mhz, present, data, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (sensor_id, client_id, hour) DO UPDATE SET rate_mhz = excluded.rate_mhz, present = excluded.present, data = excluded.data, updated_at = excluded.updated_at`,
		g.sensorID, g.clientID, g.hour, rateMHz, present, data, at); err != nil {
		return err
	}
	ids := make([]any, len(chunks))
	marks := make([]string, len(chunks))
	for i, c := range chunks {
		ids[i] = c.id
		marks[i] = "$" + itoa(i+1)
	}
	_, err := q.ExecContext(ctx, `DELETE FROM sleep_raw_chunks WHERE id IN (`+strings.Join(marks, ",")+`)`, ids...)
	return err
}

// insertBatch records a batch by its key; the result's RowsAffected is 0
// when the key was stored before (a repeat).
func (st store) insertBatch(ctx context.Context, q db.Querier, sensorID int64, key, hash string, clientID any, samples int, at time.Time) (sql.Result, error) {
	return q.ExecContext(ctx, `INSERT INTO sleep_batches (sensor_id, batch_key, content_hash, client_id, samples, received_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (sensor_id, batch_key) DO NOTHING`,
		sensorID, key, hash, clientID, samples, at)
}

// batchHash reads the content hash a batch key was stored with.
func (st store) batchHash(ctx context.Context, q db.Querier, sensorID int64, key string) (string, error) {
	var h string
	err := q.QueryRowContext(ctx, `SELECT content_hash FROM sleep_batches WHERE sensor_id = $1 AND batch_key = $2`, sensorID, key).Scan(&h)
	return h, err
}

// insertChunk stores raw samples waiting to be reduced.
func (st store) insertChunk(ctx context.Context, q db.Querier, sensorID, clientID, hour, startUS int64, samples int, rateMHz int64, data []byte, at time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO sleep_raw_chunks (sensor_id, client_id, hour, start_us, samples, rate_mhz, data, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		sensorID, clientID, hour, startUS, samples, rateMHz, data, at)
	return err
}

// minutesBetween counts a client's stored minutes in [from, to).
func (st store) minutesBetween(ctx context.Context, clientID int64, from, to time.Time) (int, error) {
	var n int
	err := st.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sleep_epochs WHERE client_id = $1 AND t >= $2 AND t < $3`, clientID, from.Unix(), to.Unix()).Scan(&n)
	return n, err
}
