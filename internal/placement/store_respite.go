package placement

import (
	"context"
	"fmt"
	"time"

	"github.com/volwaardig/volwaardig/internal/db"
)

// respiteWhere is the condition of the respite places with a free place,
// in region ("" = every region), taking guests somewhere in [from, to]
// (zero = no bound), with its arguments.
func respiteWhere(region string, from, to time.Time) (string, []any) {
	where := "pl.stay <> '' AND pl.occupied < pl.capacity"
	var args []any
	if region != "" {
		args = append(args, region)
		where += fmt.Sprintf(" AND pl.region = $%d", len(args))
	}
	if !to.IsZero() {
		args = append(args, to)
		where += fmt.Sprintf(" AND (pl.available_from IS NULL OR pl.available_from <= $%d)", len(args))
	}
	if !from.IsZero() {
		args = append(args, from)
		where += fmt.Sprintf(" AND (pl.available_until IS NULL OR pl.available_until >= $%d)", len(args))
	}
	return where, args
}

// respitePlaces lists the respite places (stay other than living) with a
// free place, in region ("" = every region), taking guests somewhere in
// [from, to] (zero = no bound), ordered by region and name; at most 500,
// the list a relative reads without a municipality to measure from.
func (st store) respitePlaces(ctx context.Context, q db.Querier, region string, from, to time.Time) ([]Place, error) {
	where, args := respiteWhere(region, from, to)
	rows, err := q.QueryContext(ctx, "SELECT "+placeColumns+" FROM placement_places pl WHERE "+where+" ORDER BY pl.region, pl.name, pl.id LIMIT 500", args...)
	if err != nil {
		return nil, fmt.Errorf("placement: respite places: %w", err)
	}
	defer rows.Close()
	var out []Place
	for rows.Next() {
		p, err := scanPlace(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	return out, st.placesNamed(ctx, q, out)
}

// respiteSpot is where a respite place is and whom it serves: all the
// distance search needs to choose the nearest places before reading them.
type respiteSpot struct {
	ID       int64
	Lat, Lon float64
	Profiles []Profile
}

// respiteSpots reads the position and profiles of every respite place
// that fits, within the box [minLat, maxLat] × [minLon, maxLon] when box
// is set: a few numbers per place, so the search measures all of them
// however many there are, and reads whole rows only of the nearest.
func (st store) respiteSpots(ctx context.Context, q db.Querier, region string, from, to time.Time, box *[4]float64) ([]respiteSpot, error) {
	where, args := respiteWhere(region, from, to)
	if box != nil {
		args = append(args, box[0], box[1], box[2], box[3])
		n := len(args)
		where += fmt.Sprintf(" AND pl.lat BETWEEN $%d AND $%d AND pl.lon BETWEEN $%d AND $%d", n-3, n-2, n-1, n)
	}
	rows, err := q.QueryContext(ctx, "SELECT pl.id, pl.lat, pl.lon, pl.profiles FROM placement_places pl WHERE "+where, args...)
	if err != nil {
		return nil, fmt.Errorf("placement: respite positions: %w", err)
	}
	defer rows.Close()
	var out []respiteSpot
	for rows.Next() {
		var sp respiteSpot
		var profs string
		if err := rows.Scan(&sp.ID, &sp.Lat, &sp.Lon, &profs); err != nil {
			return nil, err
		}
		if sp.Profiles, err = ParseProfiles(profs); err != nil {
			return nil, err
		}
		out = append(out, sp)
	}
	return out, rows.Err()
}

// placesByID reads whole places by id, named, keyed by id.
func (st store) placesByID(ctx context.Context, q db.Querier, ids []int64) (map[int64]Place, error) {
	var ps []Place
	err := db.QueryByIDs(ctx, q, "SELECT "+placeColumns+" FROM placement_places pl WHERE pl.id IN (%s)", ids, func(r db.Scanner) error {
		p, err := scanPlace(r)
		if err == nil {
			ps = append(ps, p)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("placement: places by id: %w", err)
	}
	if err := st.placesNamed(ctx, q, ps); err != nil {
		return nil, err
	}
	out := make(map[int64]Place, len(ps))
	for _, p := range ps {
		out[p.ID] = p
	}
	return out, nil
}

// countRespite counts the respite places published (capacity summed).
func (st store) countRespite(ctx context.Context, q db.Querier) (int, error) {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COALESCE(SUM(capacity), 0) FROM placement_places WHERE stay <> ''`).Scan(&n); err != nil {
		return 0, fmt.Errorf("placement: count respite places: %w", err)
	}
	return n, nil
}
