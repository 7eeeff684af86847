package clients

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/web"
)

type listItemJSON struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	BirthDate string `json:"birth_date,omitempty"`
	Region    string `json:"region"`
}

type listResponse struct {
	Clients []listItemJSON `json:"clients"`
	Page    int            `json:"page"`
	More    bool           `json:"more"`
}

type clientResponse struct {
	Client          clientJSON           `json:"client"`
	EmergencyAccess bool                 `json:"emergency_access"`
	CareRelations   []careJSON           `json:"care_relations"`
	Representatives []representativeJSON `json:"representatives"`
	Consents        []consentJSON        `json:"consents"`
}

func (s *Service) apiList(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if len(q) > 200 {
		web.WriteJSONError(w, r, s.logger, web.BadInput("q", "De zoekopdracht is te lang.", "The query is too long."))
		return
	}
	page := 1
	if v := r.URL.Query().Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			web.WriteJSONError(w, r, s.logger, web.BadInput("page", "page moet een positief geheel getal zijn.", "page must be a positive integer."))
			return
		}
		page = n
	}
	items, more, err := s.List(r.Context(), p, q, page)
	if err == nil {
		err = s.auditList(r.Context(), p, q, items)
	}
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	out := []listItemJSON{}
	for _, it := range items {
		out = append(out, listItemJSON{ID: it.ID, Name: it.Name, BirthDate: dateText(it.BirthDate), Region: it.Region})
	}
	web.WriteJSON(w, http.StatusOK, listResponse{Clients: out, Page: page, More: more})
}

func (s *Service) apiCreate(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	var in clientInput
	if err := web.DecodeJSON(r, &in); err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	id, errs, err := s.create(r.Context(), p, in)
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	if len(errs) > 0 {
		web.WriteJSONError(w, r, s.logger, web.BadInput(apiField(errs[0].Field), errs[0].Message, english(errs[0].Message)))
		return
	}
	c, err := s.Get(r.Context(), id)
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	ref, err := s.Ref(r.Context(), id)
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	w.Header().Set("Location", "/api/v1/clients/"+strconv.FormatInt(id, 10))
	web.WriteJSON(w, http.StatusCreated, toClientJSON(c, s.policy.CanSeeBSN(p, ref)))
}

// apiField maps the Dutch form field names to the JSON names.
func apiField(f string) string {
	switch f {
	case "naam":
		return "name"
	case "geboortedatum":
		return "birth_date"
	case "regio":
		return "region"
	case "telefoon":
		return "phone"
	case "adres":
		return "address"
	case "zorgrelatie":
		return "care"
	}
	return f
}

// openAPI is open for the API: errors as JSON.
func (s *Service) openAPI(w http.ResponseWriter, r *http.Request, allowEmergency bool) (*access, bool) {
	p := auth.FromContext(r.Context())
	id, err := web.PathID(r, "id")
	if err == nil {
		var a *access
		a, err = s.open(r.Context(), p, id, allowEmergency)
		if err == nil {
			return a, true
		}
	}
	web.WriteJSONError(w, r, s.logger, err)
	return nil, false
}

func (s *Service) apiGet(w http.ResponseWriter, r *http.Request) {
	a, ok := s.openAPI(w, r, true)
	if !ok {
		return
	}
	ctx := r.Context()
	c, err := s.Get(ctx, a.ref.ID)
	var care []CareRelation
	var reps []Representative
	var cons []Consent
	if err == nil {
		care, err = s.CareRelations(ctx, c.ID)
	}
	if err == nil {
		reps, err = s.Representatives(ctx, c.ID)
	}
	if err == nil {
		cons, err = s.Consents(ctx, c.ID)
	}
	if err == nil {
		err = s.audit(ctx, a.p, a.event(audit.ActionRead, "client", c.ID))
	}
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, clientResponse{
		Client: toClientJSON(c, a.showBSN), EmergencyAccess: a.emergency,
		CareRelations: toCareJSON(care), Representatives: toRepsJSON(reps), Consents: toConsentsJSON(cons),
	})
}

func (s *Service) apiExport(w http.ResponseWriter, r *http.Request) {
	a, ok := s.openAPI(w, r, false)
	if !ok {
		return
	}
	s.writeExport(w, r, a)
}

func (s *Service) writeExport(w http.ResponseWriter, r *http.Request, a *access) {
	in, err := s.buildInzage(r.Context(), a)
	if err == nil {
		err = s.audit(r.Context(), a.p, a.event(audit.ActionExport, "client_inzage", a.ref.ID))
	}
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	w.Header().Set("Content-Disposition", "attachment; filename=\"inzage-"+strconv.FormatInt(a.ref.ID, 10)+".json\"")
	w.Header().Set("Cache-Control", "no-store")
	web.WriteJSON(w, http.StatusOK, in.json())
}

func (s *Service) apiMineExport(w http.ResponseWriter, r *http.Request) {
	a, ok := s.mine(w, r)
	if !ok {
		return
	}
	s.writeExport(w, r, a)
}
