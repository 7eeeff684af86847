package placement

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/orgs"
	"github.com/volwaardig/volwaardig/internal/web"
)

// PlaceUpdate is what a provider keeps current about one of its places;
// a nil field stays as it is. Field names in errors are the form's
// (capaciteit, bezet, gereed, locatie, gemeente); the API maps them.
type PlaceUpdate struct {
	Capacity *int
	Occupied *int
	// ReadyDate is when the place is ready; the zero time means ready now.
	ReadyDate *time.Time
	// LocationID is one of the organisation's locations; 0 = none.
	LocationID *int64
	// Municipality is the CBS code of the municipality the place is in
	// (orgs.Municipalities); its centre and care-office region become the
	// place's, so nobody types coordinates.
	Municipality *string
	// Phone and Website are where relatives who find a respite place
	// call or look; "" removes them. The same rules as at creation: a
	// Dutch number (auth.NormalizePhone), a full http(s) address.
	Phone   *string
	Website *string
}

// UpdatePlace changes a place of the principal's own organisation and
// records it in the audit log. Every field at fault is reported at once.
// A place of another organisation is not found.
func (s *Service) UpdatePlace(ctx context.Context, p *auth.Principal, placeID int64, u PlaceUpdate) (Place, error) {
	return s.updatePlace(ctx, p, placeID, u, false)
}

// checkPlaceUpdate runs UpdatePlace's checks without writing anything,
// so a form whose own fields are at fault still shows every other error.
func (s *Service) checkPlaceUpdate(ctx context.Context, p *auth.Principal, placeID int64, u PlaceUpdate) error {
	_, err := s.updatePlace(ctx, p, placeID, u, true)
	return err
}

func (s *Service) updatePlace(ctx context.Context, p *auth.Principal, placeID int64, u PlaceUpdate, dry bool) (Place, error) {
	var out Place
	err := s.tx(ctx, p, func(tx *sql.Tx) error {
		pl, err := s.store.getPlace(ctx, tx, placeID, s.db.ForUpdate())
		if err != nil {
			return asWeb(err)
		}
		ev := audit.Event{Action: audit.ActionUpdate, Object: "placement_place", ObjectID: strconv.FormatInt(pl.ID, 10), Purpose: audit.PurposeMediation}
		if p.Role != auth.RoleAanbieder || !p.InOrganisation(pl.OrganisationID) {
			return audit.Deny(ev, notFound())
		}
		var errs []web.FieldError
		bad := func(field, nl, en string) {
			errs = append(errs, web.FieldError{Field: field, Message: nl, English: en})
		}
		if u.Capacity != nil {
			pl.Capacity = *u.Capacity
		}
		if u.Occupied != nil {
			pl.Occupied = *u.Occupied
		}
		switch {
		case pl.Capacity < 1 || pl.Capacity > 500:
			bad("capaciteit", "Vul een capaciteit in van 1 tot en met 500 plaatsen.", "Enter a capacity from 1 to 500.")
		case pl.Occupied < 0 || pl.Occupied > pl.Capacity:
			bad("bezet", fmt.Sprintf("Het aantal bewoners ligt tussen 0 en de capaciteit (%d).", pl.Capacity), fmt.Sprintf("The number of residents is between 0 and the capacity (%d).", pl.Capacity))
		case pl.Occupied+pl.Held > pl.Capacity:
			bad("bezet", fmt.Sprintf("Er zijn %d plaatsen gereserveerd; bewoners en reserveringen samen passen niet in %d plaatsen. Geef eerst een reservering vrij.", pl.Held, pl.Capacity),
				fmt.Sprintf("%d places are held; residents and holds together do not fit in %d places. Release a hold first.", pl.Held, pl.Capacity))
		}
		if u.ReadyDate != nil {
			pl.ReadyDate = *u.ReadyDate
		}
		if u.LocationID != nil {
			pl.LocationID = *u.LocationID
			if pl.LocationID != 0 {
				ok, err := s.ownLocation(ctx, pl.OrganisationID, pl.LocationID)
				if err != nil {
					return err
				}
				if !ok {
					bad("locatie", "Kies een locatie van uw eigen organisatie.", "Choose a location of your own organisation.")
				}
			}
		}
		if u.Municipality != nil {
			m, ok := orgs.MunicipalityByCode(*u.Municipality)
			if !ok {
				bad("gemeente", "Kies de gemeente uit de lijst.", "Choose the municipality from the list.")
			} else {
				pl.Lat, pl.Lon, pl.Region = m.Lat, m.Lon, m.Region
			}
		}
		if u.Phone != nil {
			if n, ok := auth.NormalizePhone(strings.TrimSpace(*u.Phone)); ok {
				pl.Phone = n
			} else {
				bad("telefoon", "Schrijf een Nederlands telefoonnummer met 10 cijfers, bijvoorbeeld 030 123 4567, of een 0800- of 090x-nummer.",
					"Write a Dutch phone number with 10 digits, for example 030 123 4567, or an 0800 or 090x number.")
			}
		}
		if u.Website != nil {
			if w := strings.TrimSpace(*u.Website); w == "" || validWebsite(w) {
				pl.Website = w
			} else {
				bad("website", "Schrijf de website als een volledig adres, bijvoorbeeld https://www.aanbieder.nl.", "Write the website as a full address, for example https://www.aanbieder.nl.")
			}
		}
		if len(errs) > 0 || dry {
			return web.Invalid(errs...)
		}
		if err := s.store.updatePlaceTx(ctx, tx, pl); err != nil {
			return err
		}
		out = pl
		return s.audit.RecordTx(ctx, tx, p, ev)
	})
	return out, err
}

// ownLocation reports whether location id belongs to organisation org.
func (s *Service) ownLocation(ctx context.Context, org, id int64) (bool, error) {
	locs, err := s.orgs.Locations(ctx, org)
	if err != nil {
		return false, err
	}
	for _, l := range locs {
		if l.ID == id {
			return true, nil
		}
	}
	return false, nil
}

// PlaceMunicipality is the municipality a place is in: the one whose
// centre is nearest to the place's position (a place set through the
// municipality list sits exactly on its centre). ok is false for a place
// without a position.
func PlaceMunicipality(pl Place) (orgs.Municipality, bool) {
	if pl.Lat == 0 && pl.Lon == 0 {
		return orgs.Municipality{}, false
	}
	var best orgs.Municipality
	bestD := math.Inf(1)
	for _, m := range orgs.Municipalities() {
		if d := HaversineKm(pl.Lat, pl.Lon, m.Lat, m.Lon); d < bestD {
			best, bestD = m, d
		}
	}
	return best, true
}
