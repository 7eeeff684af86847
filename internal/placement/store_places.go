package placement

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/orgs"
)

// The statements on places, holds and runs of the service, the background
// job and the demo, and the platform look-ups the module needs beside
// names (see store).

// insertHold reserves a place for a case until deadline.
func (st store) insertHold(ctx context.Context, tx *sql.Tx, placeID, caseID, by int64, now, deadline time.Time) (int64, error) {
	var id int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO placement_holds (place_id, case_id, created_by, created_at, deadline) VALUES ($1,$2,$3,$4,$5) RETURNING id`,
		placeID, caseID, by, now, deadline.UTC()).Scan(&id); err != nil {
		return 0, fmt.Errorf("placement: insert hold: %w", err)
	}
	return id, nil
}

// releaseHold ends a hold with a reason; false when it had already ended.
func (st store) releaseHold(ctx context.Context, tx *sql.Tx, holdID int64, reason string, now time.Time) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE placement_holds SET released_at = $1, release_reason = $2 WHERE id = $3 AND released_at IS NULL`, now, reason, holdID)
	if err != nil {
		return false, fmt.Errorf("placement: release hold: %w", err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// failStaleRuns marks batch runs still "bezig" after an hour as failed: the
// instance running them stopped, and they would otherwise show "bezig" for
// ever.
func (st store) failStaleRuns(ctx context.Context, tx *sql.Tx, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `UPDATE placement_runs SET status = 'mislukt', error = 'onderbroken: de server stopte tijdens de batch', finished_at = $1
		WHERE status = 'bezig' AND started_at < $2`, now, now.Add(-time.Hour)); err != nil {
		return fmt.Errorf("placement: fail stale runs: %w", err)
	}
	return nil
}

// addOccupant counts one more person living at a place.
func (st store) addOccupant(ctx context.Context, tx *sql.Tx, placeID int64) error {
	if _, err := tx.ExecContext(ctx, `UPDATE placement_places SET occupied = occupied + 1 WHERE id = $1`, placeID); err != nil {
		return fmt.Errorf("placement: add occupant: %w", err)
	}
	return nil
}

// insertAcceptedProposal records a proposal made at proposed that the
// client and provider both accepted at accepted (the demo's placed people).
func (st store) insertAcceptedProposal(ctx context.Context, tx *sql.Tx, caseID, placeID, by int64, proposed, accepted time.Time) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO placement_proposals (case_id, place_id, status, client_answer, provider_answer, created_by, created_at, answered_at)
		VALUES ($1,$2,'geaccepteerd','ja','ja',$3,$4,$5)`, caseID, placeID, by, proposed.UTC(), accepted.UTC()); err != nil {
		return fmt.Errorf("placement: insert accepted proposal: %w", err)
	}
	return nil
}

// countPlacesOfKind counts the places of one kind over the whole country.
func (st store) countPlacesOfKind(ctx context.Context, q db.Querier, kind PlaceKind) (int, error) {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM placement_places WHERE kind = $1 AND stay = ''`, string(kind)).Scan(&n); err != nil {
		return 0, fmt.Errorf("placement: count places: %w", err)
	}
	return n, nil
}

// providerExists reports whether an organisation exists, for the wished
// provider of a case, through the reference data's API.
func (st store) providerExists(ctx context.Context, q db.Querier, id int64) (bool, error) {
	os, err := st.orgs.ByIDs(ctx, q, []int64{id})
	if err != nil {
		return false, err
	}
	_, ok := os[id]
	return ok, nil
}

// regionExists reports whether a care-office region code is known.
func (st store) regionExists(ctx context.Context, q db.Querier, code string) (bool, error) {
	return st.orgs.RegionExists(ctx, q, code)
}

// locations lists every provider location by id, for the national demo.
func (st store) locations(ctx context.Context) ([]orgs.Location, error) {
	ls, err := st.orgs.Locations(ctx, 0)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(ls, func(a, b orgs.Location) int { return cmp.Compare(a.ID, b.ID) })
	return ls, nil
}
