package placement

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/orgs"
	"github.com/volwaardig/volwaardig/internal/web"
)

// placeEditData is the form a provider keeps a place current with:
// capacity, occupancy, readiness, the organisation's location and the
// municipality chosen from the list (no coordinates typed).
type placeEditData struct {
	Place          Place
	Locations      []orgs.Location
	Municipalities []orgs.Municipality
}

// ownPlace finds a place of the principal's organisation; another
// organisation's place is not found.
func (s *Service) ownPlace(r *http.Request, p *auth.Principal, id int64) (Place, error) {
	ps, err := s.Places(r.Context(), p, nil)
	if err != nil {
		return Place{}, err
	}
	for _, pl := range ps {
		if pl.ID == id {
			return pl, nil
		}
	}
	return Place{}, notFound()
}

func (s *Service) placeEditPage(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	pl, err := s.ownPlace(r, auth.FromContext(r.Context()), id)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	form := map[string]string{"capaciteit": strconv.Itoa(pl.Capacity), "bezet": strconv.Itoa(pl.Occupied), "locatie": strconv.FormatInt(pl.LocationID, 10),
		"telefoon": pl.Phone, "website": pl.Website}
	if !pl.ReadyDate.IsZero() {
		form["gereed"] = pl.ReadyDate.In(web.Amsterdam()).Format("02-01-2006")
	}
	if m, ok := PlaceMunicipality(pl); ok {
		form["gemeente"] = m.Code
	}
	s.renderPlaceEdit(w, r, http.StatusOK, pl, nil, form)
}

func (s *Service) renderPlaceEdit(w http.ResponseWriter, r *http.Request, status int, pl Place, errs []web.FieldError, form map[string]string) {
	locs, err := s.orgs.Locations(r.Context(), pl.OrganisationID)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	s.rd.Render(w, r, status, s.pages.placeEdit, web.Page{Title: "Plek bijwerken", Data: placeEditData{Place: pl, Locations: locs, Municipalities: orgs.Municipalities()},
		Errors: errs, Form: form})
}

// placeEditSubmit saves the form; every error at once, at its field.
func (s *Service) placeEditSubmit(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	if err := web.ParseForm(r); err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	p := auth.FromContext(r.Context())
	pl, err := s.ownPlace(r, p, id)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	u, form, errs := decodePlaceEdit(r.PostForm, s.rd.Fmt)
	if len(errs) > 0 {
		// The service's own checks (capacity against residents and holds,
		// the location's organisation) are added, so the form shows all.
		if serr := s.checkPlaceUpdate(r.Context(), p, id, u); serr != nil {
			if fe, ok := web.FieldErrorsOf(serr); ok {
				for _, e := range fe {
					if !hasField(errs, e.Field) {
						errs = append(errs, e)
					}
				}
			}
		}
		s.renderPlaceEdit(w, r, http.StatusUnprocessableEntity, pl, errs, form)
		return
	}
	_, err = s.UpdatePlace(r.Context(), p, id, u)
	s.afterAction(w, r, err, "/complexe-zorg/aanbieder", "plek-bijgewerkt", func(status int, errs []web.FieldError) { s.renderPlaceEdit(w, r, status, pl, errs, form) })
}

func hasField(errs []web.FieldError, field string) bool {
	for _, e := range errs {
		if e.Field == field {
			return true
		}
	}
	return false
}

// decodePlaceEdit reads the place edit form without the database, so it
// can be fuzzed (issue 18): whole numbers for capacity and residents, a
// real ready date or none, a location id or none, a municipality chosen.
// It returns the update, the trimmed form to show again, and every
// mistake at once; the bounds that need the place (capacity against
// residents and holds, the location's organisation) are the service's.
func decodePlaceEdit(f url.Values, fm web.Formatter) (PlaceUpdate, map[string]string, []web.FieldError) {
	form := map[string]string{}
	for _, k := range []string{"capaciteit", "bezet", "gereed", "locatie", "gemeente", "telefoon", "website"} {
		form[k] = strings.TrimSpace(f.Get(k))
	}
	var errs []web.FieldError
	bad := func(field, nl, en string) {
		errs = append(errs, web.FieldError{Field: field, Message: nl, English: en})
	}
	var u PlaceUpdate
	if n, err := strconv.Atoi(form["capaciteit"]); err != nil {
		bad("capaciteit", "Vul de capaciteit in als heel getal.", "Enter the capacity as a whole number.")
	} else {
		u.Capacity = &n
	}
	if n, err := strconv.Atoi(form["bezet"]); err != nil {
		bad("bezet", "Vul het aantal bewoners in als heel getal.", "Enter the number of residents as a whole number.")
	} else {
		u.Occupied = &n
	}
	if ready, err := fm.ParseDate(form["gereed"]); form["gereed"] != "" && err != nil {
		bad("gereed", "De datum van gereedheid bestaat niet; schrijf dd-mm-jjjj.", "The ready date does not exist; write dd-mm-yyyy.")
	} else {
		u.ReadyDate = &ready
	}
	if loc, err := strconv.ParseInt(form["locatie"], 10, 64); err != nil && form["locatie"] != "" {
		bad("locatie", "Kies een locatie van uw eigen organisatie.", "Choose a location of your own organisation.")
	} else {
		u.LocationID = &loc
	}
	if form["gemeente"] == "" {
		bad("gemeente", "Kies de gemeente uit de lijst.", "Choose the municipality from the list.")
	} else {
		code := form["gemeente"]
		u.Municipality = &code
	}
	phone, site := form["telefoon"], form["website"]
	u.Phone, u.Website = &phone, &site
	return u, form, errs
}
