package placement

import (
	"net/http"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/web"
)

// The casework API (casework.go): the same edit, notes and consults as the
// person page, with the same scope checks and audit.

// caseEditRequest changes the fields it names and leaves the others as
// they are. deadline is "jjjj-mm-dd" or "dd-mm-jjjj", "" for none.
type caseEditRequest struct {
	Profile       *string   `json:"profile,omitempty"`
	Meerzorg      *bool     `json:"meerzorg,omitempty"`
	Wzd           *string   `json:"wzd,omitempty"`
	LowStimulus   *bool     `json:"low_stimulus,omitempty"`
	OneToOne      *bool     `json:"one_to_one,omitempty"`
	Secured       *bool     `json:"secured,omitempty"`
	Wheelchair    *bool     `json:"wheelchair,omitempty"`
	MaxDistanceKm *int      `json:"max_distance_km,omitempty"`
	Expertise     *[]string `json:"expertise,omitempty"`
	WaitingStatus *string   `json:"waiting_status,omitempty"`
	Deadline      *string   `json:"deadline,omitempty"`
	Dossierhouder *string   `json:"dossierhouder,omitempty"`
	// ContactUserID is the vaste contactpersoon: the id of a care-office
	// account of the case's region (GET /api/v1/placement/cases/{id}/contacts
	// lists them); 0 = none.
	ContactUserID *int64  `json:"contact_user_id,omitempty"`
	WishesClient  *string `json:"wishes_client,omitempty"`
	WishesFamily  *string `json:"wishes_family,omitempty"`
}

type changeJSON struct {
	Field  string    `json:"field"`
	Old    string    `json:"old"`
	New    string    `json:"new"`
	At     time.Time `json:"at"`
	ByName string    `json:"by_name"`
}

type changesResponse struct {
	Changes []changeJSON `json:"changes"`
}

type noteRequest struct {
	Text string `json:"text" required:"true"`
}

type noteJSON struct {
	ID     int64     `json:"id"`
	Text   string    `json:"text"`
	At     time.Time `json:"at"`
	ByName string    `json:"by_name"`
}

type consultRequest struct {
	Consultant string `json:"consultant"`
	Centre     string `json:"centre,omitempty"`
	Question   string `json:"question"`
}

type consultAnswerRequest struct {
	Answer string `json:"answer"`
}

type consultJSON struct {
	ID             int64      `json:"id"`
	Consultant     string     `json:"consultant"`
	Whom           string     `json:"whom"`
	Question       string     `json:"question"`
	AskedAt        time.Time  `json:"asked_at"`
	AskedByName    string     `json:"asked_by_name"`
	Answer         string     `json:"answer"`
	AnsweredAt     *time.Time `json:"answered_at,omitempty"`
	AnsweredByName string     `json:"answered_by_name"`
}

// caseworkRoutes registers the casework API; called from apiRoutes.
func (s *Service) caseworkRoutes(rt *web.Router, b string, api func(summary string, req, resp any, status int, query ...web.Param) web.Option) {
	rt.HandleFunc("POST "+b+"/cases/{id}/changes", staff(), s.apiEditCase, api("Change a case's needs, wishes, waiting status, deadline or dossierhouder; each change is recorded", caseEditRequest{}, changesResponse{}, 0))
	rt.HandleFunc("GET "+b+"/cases/{id}/contacts", staff(), s.apiCaseContacts, api("The care-office accounts of the case's region that may be its vaste contactpersoon (contact_user_id of a change)", nil, contactChoicesResponse{}, 0))
	rt.HandleFunc("POST "+b+"/cases/{id}/notes", staff(), s.apiAddNote, api("Add a note to a case", noteRequest{}, idResponse{}, http.StatusCreated))
	rt.HandleFunc("POST "+b+"/cases/{id}/consults", staff(), s.apiRequestConsult, api("Ask the CCE or an expertise centre for a consult on a case", consultRequest{}, idResponse{}, http.StatusCreated))
	rt.HandleFunc("POST "+b+"/cases/{id}/consults/{cid}/answer", staff(), s.apiAnswerConsult, api("Record a consultant's answer", consultAnswerRequest{}, recordedResponse{}, 0))
}

type contactChoiceJSON struct {
	ID           int64  `json:"id"`
	Name         string `json:"name"`
	Organisation string `json:"organisation"`
}

type contactChoicesResponse struct {
	Contacts []contactChoiceJSON `json:"contacts"`
}

// apiCaseContacts lists who may be the case's vaste contactpersoon: for
// the care office that works on the case, as the person page's picker.
func (s *Service) apiCaseContacts(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	p := auth.FromContext(r.Context())
	c, err := s.Case(r.Context(), p, id)
	if err == nil && (p.Role != auth.RoleZorgkantoor || !p.InRegion(c.Region)) {
		err = notFound()
	}
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	staff, err := s.caseStaff(r.Context(), c.Region)
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	out := contactChoicesResponse{Contacts: []contactChoiceJSON{}}
	for _, m := range staff {
		out.Contacts = append(out.Contacts, contactChoiceJSON{m.ID, m.Name, m.Organisation})
	}
	web.WriteJSON(w, http.StatusOK, out)
}

// apply lays the request over the case's current values; every field that
// does not parse is named at once.
func (in caseEditRequest) apply(e CaseEdit) (CaseEdit, []web.FieldError) {
	var errs []web.FieldError
	fail := func(field, nl string) {
		errs = append(errs, web.FieldError{Field: field, Message: nl, English: translateDomain(nl)})
	}
	if in.Profile != nil {
		if p, err := ParseProfile(*in.Profile); err != nil {
			fail("profile", err.Error())
		} else {
			e.Profile = p
		}
	}
	if in.Wzd != nil {
		if w, err := ParseWzd(*in.Wzd); err != nil {
			fail("wzd", err.Error())
		} else {
			e.Wzd = w
		}
	}
	if in.WaitingStatus != nil {
		if w, err := ParseWaitingStatus(*in.WaitingStatus); err != nil {
			fail("waiting_status", err.Error())
		} else {
			e.Waiting = w
		}
	}
	if in.Expertise != nil {
		if es, err := ParseExpertise(strings.Join(*in.Expertise, ",")); err != nil {
			fail("expertise", err.Error())
		} else {
			e.Expertise = es
		}
	}
	if in.Deadline != nil {
		if *in.Deadline == "" {
			e.Deadline = time.Time{}
		} else if t, err := web.ParseDate(*in.Deadline); err != nil {
			fail("deadline", err.Error())
		} else {
			e.Deadline = t
		}
	}
	set := func(dst *bool, v *bool) {
		if v != nil {
			*dst = *v
		}
	}
	set(&e.Meerzorg, in.Meerzorg)
	set(&e.LowStimulus, in.LowStimulus)
	set(&e.OneToOne, in.OneToOne)
	set(&e.Secured, in.Secured)
	set(&e.Wheelchair, in.Wheelchair)
	if in.MaxDistanceKm != nil {
		e.MaxDistanceKm = *in.MaxDistanceKm
	}
	if in.ContactUserID != nil {
		e.ContactUser = *in.ContactUserID
	}
	for _, f := range []struct {
		dst *string
		v   *string
	}{{&e.Dossierhouder, in.Dossierhouder}, {&e.WishesClient, in.WishesClient}, {&e.WishesFamily, in.WishesFamily}} {
		if f.v != nil {
			*f.dst = *f.v
		}
	}
	return e, errs
}

// apiFields maps the edit's form field names to the API's.
var apiFields = map[string]string{"zorgprofiel": "profile", "wachtstatus": "waiting_status", "uiterste_datum": "deadline", "max_afstand_km": "max_distance_km",
	"wensen_client": "wishes_client", "wensen_familie": "wishes_family", "contactpersoon": "contact_user_id"}

func (s *Service) apiEditCase(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	var in caseEditRequest
	if err := web.DecodeJSON(r, &in); err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	p := auth.FromContext(r.Context())
	c, err := s.Case(r.Context(), p, id)
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	e, errs := in.apply(editOf(c))
	staff, err := s.caseStaff(r.Context(), c.Region)
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	for _, v := range e.validate(staff, c.ContactUser) {
		if name, ok := apiFields[v.Field]; ok {
			v.Field = name
		}
		errs = append(errs, v)
	}
	if len(errs) > 0 {
		web.WriteJSONError(w, r, s.logger, web.Invalid(errs...))
		return
	}
	cs, err := s.EditCase(r.Context(), p, id, e)
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	out := changesResponse{Changes: []changeJSON{}}
	for _, c := range cs {
		out.Changes = append(out.Changes, changeJSON{c.Field, c.Old, c.New, c.At, c.ByName})
	}
	web.WriteJSON(w, http.StatusOK, out)
}

func (s *Service) apiAddNote(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	var in noteRequest
	if err := web.DecodeJSON(r, &in); err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	nid, err := s.AddNote(r.Context(), auth.FromContext(r.Context()), id, in.Text)
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	web.WriteJSON(w, http.StatusCreated, idResponse{ID: nid})
}

func (s *Service) apiRequestConsult(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	var in consultRequest
	if err := web.DecodeJSON(r, &in); err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	cid, err := s.RequestConsult(r.Context(), auth.FromContext(r.Context()), id, Consultant(in.Consultant), in.Centre, in.Question)
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	web.WriteJSON(w, http.StatusCreated, idResponse{ID: cid})
}

func (s *Service) apiAnswerConsult(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	cid, err := web.PathID(r, "cid")
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	var in consultAnswerRequest
	if err := web.DecodeJSON(r, &in); err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	if err := s.AnswerConsult(r.Context(), auth.FromContext(r.Context()), id, cid, in.Answer); err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, recordedResponse{Recorded: true})
}

func toConsultJSON(c Consult) consultJSON {
	out := consultJSON{ID: c.ID, Consultant: string(c.Consultant), Whom: c.Whom(), Question: c.Question, AskedAt: c.AskedAt, AskedByName: c.AskedByName,
		Answer: c.Answer, AnsweredByName: c.AnsweredByName}
	if c.Answered() {
		t := c.AnsweredAt
		out.AnsweredAt = &t
	}
	return out
}
