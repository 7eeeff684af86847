package placement

import (
	"context"
	"fmt"
	"time"

	"github.com/volwaardig/volwaardig/internal/db"
)

// respitePlaces lists the respite places (stay other than living) with a
// free place, in region ("" = every region), taking guests somewhere in
// [from, to] (zero = no bound), ordered by region and name.
func (st store) respitePlaces(ctx context.Context, q db.Querier, region string, from, to time.Time) ([]Place, error) {
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

// countRespite counts the respite places published (capacity summed).
func (st store) countRespite(ctx context.Context, q db.Querier) (int, error) {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COALESCE(SUM(capacity), 0) FROM placement_places WHERE stay <> ''`).Scan(&n); err != nil {
		return 0, fmt.Errorf("placement: count respite places: %w", err)
	}
	return n, nil
}
