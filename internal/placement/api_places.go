package placement

import (
	"net/http"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/web"
)

// placeUpdateRequest changes what a provider keeps current about a place;
// an absent field stays as it is.
type placeUpdateRequest struct {
	Capacity *int `json:"capacity,omitempty" doc:"Number of places, 1 to 500."`
	Occupied *int `json:"occupied,omitempty" doc:"Residents; with the holds at most the capacity."`
	// ReadyDate is YYYY-MM-DD; an empty string means ready now.
	ReadyDate  *string `json:"ready_date,omitempty" doc:"Date the place is ready (YYYY-MM-DD); empty for ready now."`
	LocationID *int64  `json:"location_id,omitempty" doc:"One of the organisation's locations; 0 for none."`
	// MunicipalityCode is the CBS code; its centre and care-office region
	// become the place's.
	MunicipalityCode *string `json:"municipality_code,omitempty" doc:"CBS municipality code, e.g. GM0344 (Utrecht)."`
	Phone            *string `json:"phone,omitempty" doc:"Phone for relatives: a Dutch number; empty removes it."`
	Website          *string `json:"website,omitempty" doc:"Website for relatives: a full http(s) address; empty removes it."`
}

// apiPlaceField names a form field of the place as the API's.
func apiPlaceField(form string) string {
	switch form {
	case "capaciteit":
		return "capacity"
	case "bezet":
		return "occupied"
	case "gereed":
		return "ready_date"
	case "locatie":
		return "location_id"
	case "gemeente":
		return "municipality_code"
	case "telefoon":
		return "phone"
	}
	return form
}

func (s *Service) apiUpdatePlace(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	var in placeUpdateRequest
	if err := web.DecodeJSON(r, &in); err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	u := PlaceUpdate{Capacity: in.Capacity, Occupied: in.Occupied, LocationID: in.LocationID, Municipality: in.MunicipalityCode, Phone: in.Phone, Website: in.Website}
	var errs []web.FieldError
	if in.ReadyDate != nil {
		t, err := registerDate(*in.ReadyDate)
		if err != nil {
			errs = append(errs, web.FieldError{Field: "ready_date", Message: "De datum van gereedheid bestaat niet; schrijf jjjj-mm-dd.", English: "The ready date does not exist; write YYYY-MM-DD."})
		}
		u.ReadyDate = &t
	}
	p := auth.FromContext(r.Context())
	var pl Place
	if len(errs) > 0 {
		// Nothing is written; the other fields are still checked so the
		// answer lists every field at fault.
		err = s.checkPlaceUpdate(r.Context(), p, id, u)
	} else {
		pl, err = s.UpdatePlace(r.Context(), p, id, u)
	}
	if fe, ok := web.FieldErrorsOf(err); ok || (len(errs) > 0 && err == nil) {
		for _, e := range fe {
			e.Field = apiPlaceField(e.Field)
			errs = append(errs, e)
		}
		web.WriteJSONError(w, r, s.logger, web.Invalid(errs...))
		return
	}
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, toPlaceJSON(pl))
}
