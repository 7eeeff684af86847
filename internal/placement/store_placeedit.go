package placement

import (
	"context"
	"database/sql"
)

// updatePlaceTx writes what a provider keeps current about a place: its
// capacity, occupancy, readiness and where it is (location of the
// organisation, and the municipality's centre and care-office region),
// and the phone and website relatives use.
func (store) updatePlaceTx(ctx context.Context, tx *sql.Tx, pl Place) error {
	var loc any
	if pl.LocationID > 0 {
		loc = pl.LocationID
	}
	_, err := tx.ExecContext(ctx, `UPDATE placement_places SET capacity = $1, occupied = $2, ready_date = $3, location_id = $4, lat = $5, lon = $6, region = $7,
		contact_phone = $8, website = $9 WHERE id = $10`,
		pl.Capacity, pl.Occupied, nullTime(pl.ReadyDate), loc, pl.Lat, pl.Lon, pl.Region, pl.Phone, pl.Website, pl.ID)
	return err
}
