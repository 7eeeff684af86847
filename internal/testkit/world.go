package testkit

import (
	"context"
	"testing"

	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/orgs"
)

// World is the organisational part most module tests start from: every
// care-office region, and per region the organisations and locations a
// test adds. Its methods fail the test on an error, so a fixture reads as
// a list of what exists.
type World struct {
	t     testing.TB
	d     *db.DB
	store *orgs.Store
}

// NewWorld adds the care-office regions (ZK01…) to d, which must have the
// orgs migrations applied.
func NewWorld(t testing.TB, d *db.DB) *World {
	t.Helper()
	w := &World{t: t, d: d, store: orgs.NewStore(d)}
	for _, r := range orgs.CareOfficeRegions() {
		if err := w.store.AddRegion(context.Background(), d, r); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

// Organisation adds an organisation of kind (aanbieder, zorgkantoor, …) in
// region and returns its id.
func (w *World) Organisation(name, kind, region string) int64 {
	w.t.Helper()
	id, err := w.store.AddOrganisation(context.Background(), w.d, orgs.Organisation{Name: name, Kind: kind, Region: region})
	if err != nil {
		w.t.Fatal(err)
	}
	return id
}

// Location adds a location (OrganisationID and Region set) and returns its
// id.
func (w *World) Location(loc orgs.Location) int64 {
	w.t.Helper()
	id, err := w.store.AddLocation(context.Background(), w.d, loc)
	if err != nil {
		w.t.Fatal(err)
	}
	return id
}
