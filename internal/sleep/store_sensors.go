package sleep

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/db"
)

// serialTaken reports whether a sensor with this serial exists.
func (st store) serialTaken(ctx context.Context, serial string) (bool, error) {
	var one int64
	err := st.db.QueryRowContext(ctx, `SELECT 1 FROM sleep_sensors WHERE serial = $1`, serial).Scan(&one)
	if err == sql.ErrNoRows {
		return false, nil
	}
	return err == nil, err
}

func (st store) insertSensor(ctx context.Context, q db.Querier, sn Sensor, by int64, at time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO sleep_sensors (serial, kind, label, organisation_id, location_id, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		sn.Serial, sn.Kind, strings.TrimSpace(sn.Label), sn.OrganisationID, sn.LocationID, nullID(by), at).Scan(&id)
	return id, err
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

const sensorCols = `id, serial, kind, label, organisation_id, location_id, rate_mhz, created_at`

func scanSensor(row interface{ Scan(...any) error }) (Sensor, error) {
	var sn Sensor
	err := row.Scan(&sn.ID, &sn.Serial, &sn.Kind, &sn.Label, &sn.OrganisationID, &sn.LocationID, &sn.RateMHz, &sn.CreatedAt)
	return sn, err
}

// sensor reads a sensor by id; sql.ErrNoRows when there is none.
func (st store) sensor(ctx context.Context, id int64) (Sensor, error) {
	return scanSensor(st.db.QueryRowContext(ctx, `SELECT `+sensorCols+` FROM sleep_sensors WHERE id = $1`, id))
}

// sensorBySerial reads a sensor by serial; sql.ErrNoRows when there is none.
func (st store) sensorBySerial(ctx context.Context, serial string) (Sensor, error) {
	return scanSensor(st.db.QueryRowContext(ctx, `SELECT `+sensorCols+` FROM sleep_sensors WHERE serial = $1`, serial))
}

// sensors lists the sensors of the organisations or locations (at least
// one given).
func (st store) sensors(ctx context.Context, orgs, locs []int64) ([]Sensor, error) {
	var conds []string
	var args []any
	for _, o := range orgs {
		args = append(args, o)
		conds = append(conds, "organisation_id = $"+itoa(len(args)))
	}
	for _, l := range locs {
		args = append(args, l)
		conds = append(conds, "location_id = $"+itoa(len(args)))
	}
	rows, err := st.db.QueryContext(ctx, `SELECT `+sensorCols+` FROM sleep_sensors WHERE `+strings.Join(conds, " OR ")+` ORDER BY serial`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Sensor
	for rows.Next() {
		sn, err := scanSensor(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, sn)
	}
	return out, rows.Err()
}

// sensorLinks and clientLinks list links oldest first.
func (st store) sensorLinks(ctx context.Context, sensorID int64) ([]Link, error) {
	return st.queryLinks(ctx, `WHERE sensor_id = $1 ORDER BY start_at`, sensorID)
}

func (st store) clientLinks(ctx context.Context, clientID int64) ([]Link, error) {
	return st.queryLinks(ctx, `WHERE client_id = $1 ORDER BY start_at`, clientID)
}

func (st store) queryLinks(ctx context.Context, where string, arg any) ([]Link, error) {
	rows, err := st.db.QueryContext(ctx, `SELECT id, sensor_id, client_id, start_at, end_at FROM sleep_links `+where, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Link
	for rows.Next() {
		l, err := scanLink(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

func scanLink(r db.Scanner) (Link, error) {
	var l Link
	var start int64
	var end sql.NullInt64
	if err := r.Scan(&l.ID, &l.SensorID, &l.ClientID, &start, &end); err != nil {
		return l, err
	}
	l.Start = time.Unix(start, 0).UTC()
	if end.Valid {
		l.End = time.Unix(end.Int64, 0).UTC()
	}
	return l, nil
}

// linksOfSensors lists the links of several sensors by sensor, each
// sensor's oldest first: the overview's sensors in one query instead of one
// each (issue 18).
func (st store) linksOfSensors(ctx context.Context, sensorIDs []int64) (map[int64][]Link, error) {
	out := map[int64][]Link{}
	err := db.QueryByIDs(ctx, st.db, `SELECT id, sensor_id, client_id, start_at, end_at FROM sleep_links WHERE sensor_id IN (%s) ORDER BY sensor_id, start_at, id`, sensorIDs, func(r db.Scanner) error {
		l, err := scanLink(r)
		if err == nil {
			out[l.SensorID] = append(out[l.SensorID], l)
		}
		return err
	})
	return out, err
}

// overlappingLinks counts a sensor's links that overlap [start, endKey).
func (st store) overlappingLinks(ctx context.Context, q db.Querier, sensorID, endKey, start int64) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM sleep_links WHERE sensor_id = $1 AND start_at < $2 AND (end_at IS NULL OR end_at > $3)`,
		sensorID, endKey, start).Scan(&n)
	return n, err
}

// insertLink stores a link; endArg is nil for an open link.
func (st store) insertLink(ctx context.Context, q db.Querier, sensorID, clientID, start int64, endArg any, by int64, at time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO sleep_links (sensor_id, client_id, start_at, end_at, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		sensorID, clientID, start, endArg, nullID(by), at).Scan(&id)
	return id, err
}

// openLink reads an open link's start and its sensor's serial;
// sql.ErrNoRows when the link does not exist or has ended.
func (st store) openLink(ctx context.Context, q db.Querier, linkID int64) (start int64, serial string, err error) {
	err = q.QueryRowContext(ctx, `SELECT l.start_at, s.serial FROM sleep_links l JOIN sleep_sensors s ON s.id = l.sensor_id WHERE l.id = $1 AND l.end_at IS NULL`, linkID).Scan(&start, &serial)
	return start, serial, err
}

func (st store) endLink(ctx context.Context, q db.Querier, linkID, end int64) error {
	_, err := q.ExecContext(ctx, `UPDATE sleep_links SET end_at = $1 WHERE id = $2`, end, linkID)
	return err
}
