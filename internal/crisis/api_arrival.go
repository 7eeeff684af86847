package crisis

import (
	"context"
	"net/http"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/web"
)

// apiAcknowledge is the assigned C.O.T.'s acknowledgement of a case; the
// answer is the case with acknowledged_at set.
func (s *Service) apiAcknowledge(w http.ResponseWriter, r *http.Request) {
	s.apiAction(w, r, nil, func(p *auth.Principal, c Case) error { return s.Acknowledge(r.Context(), p, c.ID) })
}

// arrivalJSON is a crisis admission as the receiving provider sees it.
type arrivalJSON struct {
	CaseID        int64      `json:"case_id"`
	ClientName    string     `json:"client_name"`
	Region        string     `json:"region"`
	BedID         int64      `json:"bed_id"`
	BedName       string     `json:"bed_name"`
	Where         string     `json:"where"`
	ReservedAt    time.Time  `json:"reserved_at"`
	DeadlineAt    time.Time  `json:"deadline_at"`
	AdmittedAt    *time.Time `json:"admitted_at,omitempty"`
	StayUntil     *time.Time `json:"stay_until,omitempty"`
	ReporterName  string     `json:"reporter_name"`
	ReporterPhone string     `json:"reporter_phone,omitempty"`
	DirectorName  string     `json:"director_name,omitempty"`
	Overdue       bool       `json:"overdue"`
}

// arrivalsResponse is the provider's list of crisis admissions.
type arrivalsResponse struct {
	Arrivals []arrivalJSON `json:"arrivals"`
}

func toArrivalJSON(a Arrival) arrivalJSON {
	return arrivalJSON{CaseID: a.ID, ClientName: a.ClientName, Region: a.Region, BedID: a.BedID, BedName: a.Bed.Name, Where: a.Where,
		ReservedAt: a.DecidedAt, DeadlineAt: a.DeadlineAt, AdmittedAt: optTime(a.AdmittedAt), StayUntil: optTime(a.StayUntil),
		ReporterName: a.ReporterName, ReporterPhone: a.ReporterPhone, DirectorName: a.DirectorName, Overdue: a.Clock.Overdue}
}

// apiArrivals lists the crisis admissions in the caller's organisations'
// beds: who is coming, when and from whom, and who is staying.
func (s *Service) apiArrivals(w http.ResponseWriter, r *http.Request) {
	as, err := s.Arrivals(r.Context(), auth.FromContext(r.Context()), web.LangFromRequest(r))
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	out := make([]arrivalJSON, 0, len(as))
	for _, a := range as {
		out = append(out, toArrivalJSON(a))
	}
	web.WriteJSON(w, http.StatusOK, arrivalsResponse{Arrivals: out})
}

// apiProviderAction runs the bed provider's act on a case and answers
// with the provider's list of admissions.
func (s *Service) apiProviderAction(w http.ResponseWriter, r *http.Request, do func(context.Context, *auth.Principal, int64) error) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	if err := do(r.Context(), auth.FromContext(r.Context()), id); err != nil {
		s.apiFail(w, r, err)
		return
	}
	s.apiArrivals(w, r)
}

// apiAdmit is the bed provider confirming the person arrived: the clock
// stops.
func (s *Service) apiAdmit(w http.ResponseWriter, r *http.Request) {
	s.apiProviderAction(w, r, s.ConfirmAdmission)
}

// apiDischarge is the bed provider ending the stay: the case closes and
// the bed is free.
func (s *Service) apiDischarge(w http.ResponseWriter, r *http.Request) {
	s.apiProviderAction(w, r, s.EndStay)
}
