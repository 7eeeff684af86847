package sleep

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/volwaardig/volwaardig/internal/db"
)

// The store's upload queue and the module's figures.

// insertUpload queues one file in group grp (0: the first of a new group,
// whose id then becomes the group's id).
func (st store) insertUpload(ctx context.Context, q db.Querier, grp int64, f NewUpload, opts string, by int64, at time.Time) (int64, error) {
	var id int64
	if err := q.QueryRowContext(ctx, `INSERT INTO sleep_uploads (grp, sensor_id, file_name, hz, size, data, status, result, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		grp, f.SensorID, f.Name, f.Hz, len(f.Data), f.Data, UploadWaiting, opts, nullID(by), at).Scan(&id); err != nil {
		return 0, err
	}
	if grp == 0 {
		if _, err := q.ExecContext(ctx, `UPDATE sleep_uploads SET grp = $1 WHERE id = $1`, id); err != nil {
			return 0, err
		}
	}
	return id, nil
}

func (st store) uploadGroup(ctx context.Context, grp int64) ([]Upload, error) {
	rows, err := st.db.QueryContext(ctx, `SELECT id, grp, sensor_id, file_name, size, status, progress, result, COALESCE(created_by, 0), created_at FROM sleep_uploads WHERE grp = $1 ORDER BY id`, grp)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Upload
	for rows.Next() {
		var u Upload
		var result string
		if err := rows.Scan(&u.ID, &u.Group, &u.SensorID, &u.FileName, &u.Size, &u.Status, &u.Progress, &result, &u.CreatedBy, &u.CreatedAt); err != nil {
			return nil, err
		}
		if u.Status == UploadDone || u.Status == UploadFailed || u.Status == UploadRefused {
			u.Result = &Result{}
			_ = json.Unmarshal([]byte(result), u.Result)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// failStaleUploads marks uploads whose reading began before `before` and
// is still going (their heartbeat lives) as failed: a reader that hangs on
// a file would otherwise keep it "busy", and a reading slot, for ever.
func (st store) failStaleUploads(ctx context.Context, result string, at, before time.Time) error {
	_, err := st.db.ExecContext(ctx, `UPDATE sleep_uploads SET status = $1, progress = 100, result = $2, data = NULL, finished_at = $3 WHERE status = $4 AND COALESCE(started_at, created_at) < $5`,
		UploadFailed, result, at, UploadBusy, before)
	return err
}

// releaseOrphanedUploads handles the claims whose heartbeat stopped before
// deadBefore (the process reading them died): those tried maxAttempts
// times fail with result, the others go back to the queue. A claim from
// before heartbeats existed counts from when its reading began. On
// PostgreSQL each row is re-checked after a concurrent update, so two
// instances releasing at once release each claim once.
func (st store) releaseOrphanedUploads(ctx context.Context, result string, at, deadBefore time.Time, maxAttempts int) error {
	if _, err := st.db.ExecContext(ctx, `UPDATE sleep_uploads SET status = $1, progress = 100, result = $2, data = NULL, finished_at = $3 WHERE status = $4 AND COALESCE(heartbeat_at, started_at, created_at) < $5 AND attempts >= $6`,
		UploadFailed, result, at, UploadBusy, deadBefore, maxAttempts); err != nil {
		return err
	}
	// The result column still holds the upload's options (see claimUpload).
	_, err := st.db.ExecContext(ctx, `UPDATE sleep_uploads SET status = $1, progress = 0, heartbeat_at = NULL WHERE status = $2 AND COALESCE(heartbeat_at, started_at, created_at) < $3`,
		UploadWaiting, UploadBusy, deadBefore)
	return err
}

// claimedUpload is a waiting upload taken up for processing; attempt is
// the claim's number, which every later write of the claim names so that
// a claim released as orphaned cannot overwrite the next one.
type claimedUpload struct {
	id, sensorID int64
	attempt      int
	name, opts   string
	hz           float64
	data         []byte
}

// claimUpload takes the oldest waiting upload (skipping those another
// instance holds), marks it busy with a fresh heartbeat and counts the
// attempt; sql.ErrNoRows when none waits.
func (st store) claimUpload(ctx context.Context, tx *sql.Tx, at time.Time) (claimedUpload, error) {
	var u claimedUpload
	err := tx.QueryRowContext(ctx, `SELECT id, sensor_id, file_name, hz, data, result, attempts FROM sleep_uploads WHERE status = $1 ORDER BY id LIMIT 1`+st.db.SkipLocked(),
		UploadWaiting).Scan(&u.id, &u.sensorID, &u.name, &u.hz, &u.data, &u.opts, &u.attempt)
	if err != nil {
		return u, err
	}
	u.attempt++
	_, err = tx.ExecContext(ctx, `UPDATE sleep_uploads SET status = $1, progress = 5, started_at = $2, heartbeat_at = $2, attempts = $3 WHERE id = $4`, UploadBusy, at, u.attempt, u.id)
	return u, err
}

// uploadHeartbeat tells other instances that the claim's process lives.
func (st store) uploadHeartbeat(ctx context.Context, id int64, attempt int, at time.Time) error {
	_, err := st.db.ExecContext(ctx, `UPDATE sleep_uploads SET heartbeat_at = $1 WHERE id = $2 AND status = $3 AND attempts = $4`, at, id, UploadBusy, attempt)
	return err
}

func (st store) uploadProgress(ctx context.Context, id int64, attempt, progress int) error {
	_, err := st.db.ExecContext(ctx, `UPDATE sleep_uploads SET progress = $1 WHERE id = $2 AND status = $3 AND attempts = $4`, progress, id, UploadBusy, attempt)
	return err
}

// finishUpload stores an upload's outcome and drops its bytes, unless the
// claim was given up meanwhile (released as orphaned or failed as stale).
func (st store) finishUpload(ctx context.Context, id int64, attempt int, status, result string, at time.Time) error {
	_, err := st.db.ExecContext(ctx, `UPDATE sleep_uploads SET status = $1, progress = 100, result = $2, data = NULL, finished_at = $3 WHERE id = $4 AND status = $5 AND attempts = $6`, status, result, at, id, UploadBusy, attempt)
	return err
}

// figures counts the clients with a sensor linked at now, the locations
// with sensors and the nights from the date since on.
func (st store) figures(ctx context.Context, now int64, since string) (clientsNow, locations, nights int, err error) {
	err = st.db.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(DISTINCT client_id) FROM sleep_links WHERE start_at <= $1 AND (end_at IS NULL OR end_at > $1)),
		(SELECT COUNT(DISTINCT location_id) FROM sleep_sensors),
		(SELECT COUNT(*) FROM sleep_nights WHERE night >= $2)`, now, since).Scan(&clientsNow, &locations, &nights)
	return clientsNow, locations, nights, err
}
