package crisis

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/web"
)

func (s *Service) apiRoutes(rt *web.Router) {
	director := auth.Roles(auth.RoleCrisisregisseur)
	working := auth.Roles(auth.RoleCrisisregisseur, auth.RoleCOT)
	api := func(summary string, req, resp any, status int, query ...web.Param) web.Option {
		return web.API(web.Spec{Summary: summary, Tag: "crisis", Request: req, Response: resp, Status: status, Query: query})
	}
	rt.HandleFunc("GET /api/v1/crisis/cases", auth.Roles(reporters...), s.apiList, api("The crisis cases the caller may see", nil, casesResponse{}, 0))
	rt.HandleFunc("POST /api/v1/crisis/cases", auth.Roles(reporters...), s.apiReport, api("Report a crisis", Intake{}, caseResponse{}, http.StatusCreated))
	rt.HandleFunc("GET /api/v1/crisis/cases/{id}", auth.Roles(reporters...), s.apiGet, api("One crisis case", nil, caseResponse{}, 0))
	rt.HandleFunc("POST /api/v1/crisis/cases/{id}/take", director, s.apiTake, api("Take a case as its crisisregisseur", nil, caseResponse{}, 0))
	rt.HandleFunc("POST /api/v1/crisis/cases/{id}/bed", director, s.apiReserve, api("Reserve a crisis bed for a case", decisionJSON{}, caseResponse{}, 0))
	rt.HandleFunc("POST /api/v1/crisis/cases/{id}/team", director, s.apiAssign, api("Assign a C.O.T. team to a case", decisionJSON{}, caseResponse{}, 0))
	rt.HandleFunc("POST /api/v1/crisis/cases/{id}/support", auth.Roles(auth.RoleCOT), s.apiSupport, api("Record the team's support", supportRequest{}, caseResponse{}, 0))
	rt.HandleFunc("POST /api/v1/crisis/cases/{id}/acknowledge", auth.Roles(auth.RoleCOT), s.apiAcknowledge, api("Acknowledge a C.O.T. assignment as the assigned team", nil, caseResponse{}, 0))
	rt.HandleFunc("POST /api/v1/crisis/cases/{id}/admit", auth.Roles(auth.RoleAanbieder), s.apiAdmit, api("Confirm a crisis admission in the provider's bed (stops the clock)", nil, arrivalsResponse{}, 0))
	rt.HandleFunc("POST /api/v1/crisis/cases/{id}/discharge", auth.Roles(auth.RoleAanbieder), s.apiDischarge, api("End a crisis stay and free the bed", nil, arrivalsResponse{}, 0))
	rt.HandleFunc("GET /api/v1/crisis/arrivals", auth.Roles(auth.RoleAanbieder), s.apiArrivals, api("Crisis admissions in the provider's beds", nil, arrivalsResponse{}, 0))
	rt.HandleFunc("POST /api/v1/crisis/cases/{id}/extensions", auth.Roles(reporters...), s.apiExtension, api("Ask to extend a stay", extensionRequest{}, caseResponse{}, 0))
	rt.HandleFunc("POST /api/v1/crisis/cases/{id}/extensions/{eid}", director, s.apiJudge, api("Grant or refuse an extension", judgeRequest{}, caseResponse{}, 0))
	rt.HandleFunc("POST /api/v1/crisis/cases/{id}/close", working, s.apiClose, api("Close a case", closeRequest{}, caseResponse{}, 0))
	rt.HandleFunc("POST /api/v1/crisis/cases/{id}/handover", working, s.apiHandover, api("Hand a case over to complex care", HandoverInput{}, caseResponse{}, 0))
	rt.HandleFunc("GET /api/v1/crisis/beds", auth.Roles(auth.RoleCrisisregisseur, auth.RoleAanbieder), s.apiBeds,
		api("The crisis beds", nil, bedsResponse{}, 0, web.Param{Name: "region", Description: "Only beds in this region."}))
	rt.HandleFunc("GET /api/v1/crisis/teams", auth.Roles(auth.RoleCrisisregisseur, auth.RoleAanbieder, auth.RoleCOT), s.apiTeams,
		api("The C.O.T. teams", nil, teamsResponse{}, 0, web.Param{Name: "region", Description: "Only teams in this region."}, web.Param{Name: "expertise", Description: "Only teams with this expertise."}))
	rt.HandleFunc("POST /api/v1/crisis/beds/{id}/availability", auth.Roles(auth.RoleAanbieder), s.apiBedStatus, api("Set a bed's status", bedStatusRequest{}, bedStatusResponse{}, 0))
	rt.HandleFunc("POST /api/v1/crisis/teams/{id}/availability", auth.Roles(auth.RoleAanbieder, auth.RoleCOT), s.apiTeamStatus, api("Set a team's availability", teamStatusRequest{}, teamStatusResponse{}, 0))
	rt.HandleFunc("GET /api/v1/crisis/aggregates", auth.Roles(monitors...), s.apiAggregates, api("Monthly figures, small numbers suppressed", nil, aggregatesResponse{}, 0))
	rt.HandleFunc("GET /api/v1/crisis/settings", director, s.apiSettings, api("The norm, stay limit and on-call duty per region", nil, settingsResponse{}, 0))
	rt.HandleFunc("POST /api/v1/crisis/settings", director, s.apiSetSettings, api("Change one region's settings", settingsRequest{}, settingsResponse{}, 0))
	rt.HandleFunc("GET /api/v1/crisis/mine", auth.Roles(auth.RoleClient, auth.RoleNaaste), s.apiMine, api("The client's own crisis cases in easy-read lines", nil, mineResponse{}, 0))
}

func (s *Service) apiFail(w http.ResponseWriter, r *http.Request, err error) {
	web.WriteJSONError(w, r, s.logger, asWeb(err))
}

// caseJSON is a case in the API.
type caseJSON struct {
	ID              int64      `json:"id"`
	ClientID        int64      `json:"client_id"`
	ClientName      string     `json:"client_name"`
	Region          string     `json:"region"`
	Status          Status     `json:"status"`
	Urgency         Urgency    `json:"urgency"`
	Where           string     `json:"where"`
	WhatHappened    string     `json:"what_happened"`
	Risks           string     `json:"risks"`
	Tried           string     `json:"tried"`
	ReporterID      int64      `json:"reporter_id"`
	Dossierhouder   string     `json:"dossierhouder"`
	ReportedAt      time.Time  `json:"reported_at"`
	NormHours       int        `json:"norm_hours"`
	DeadlineAt      time.Time  `json:"deadline_at"`
	Overdue         bool       `json:"overdue"`
	SecondsLeft     int64      `json:"seconds_left"`
	Decision        Decision   `json:"decision,omitempty"`
	DecidedAt       *time.Time `json:"decided_at,omitempty"`
	BedID           int64      `json:"bed_id,omitempty"`
	TeamID          int64      `json:"team_id,omitempty"`
	EscalatedTo     string     `json:"escalated_to,omitempty"`
	StayUntil       *time.Time `json:"stay_until,omitempty"`
	StayOverLimit   bool       `json:"stay_over_limit"`
	ClosedAt        *time.Time `json:"closed_at,omitempty"`
	HandoverRef     string     `json:"handover_ref,omitempty"`
	EmergencyAccess bool       `json:"emergency_access,omitempty"`
	// The admission clock: running until the person is admitted (or the
	// crisis is resolved otherwise); clock_stopped_by says how it stopped.
	ClockRunning   bool       `json:"clock_running"`
	ClockStoppedBy ClockStop  `json:"clock_stopped_by,omitempty"`
	AdmittedAt     *time.Time `json:"admitted_at,omitempty"`
	AcknowledgedAt *time.Time `json:"acknowledged_at,omitempty"`
}

type casesResponse struct {
	Cases []caseJSON `json:"cases"`
}

// caseResponse is one case with the team's support and the extensions
// (each left out when it could not be read).
type caseResponse struct {
	Case       caseJSON         `json:"case"`
	Support    *[]supportJSON   `json:"support,omitempty"`
	Extensions *[]extensionJSON `json:"extensions,omitempty"`
}

type supportJSON struct {
	Kind SupportKind `json:"kind"`
	Note string      `json:"note"`
	At   time.Time   `json:"recorded_at"`
}

type extensionJSON struct {
	ID     int64           `json:"id"`
	Days   int             `json:"days"`
	Reason string          `json:"reason"`
	Status ExtensionStatus `json:"status"`
}

type supportRequest struct {
	Kind SupportKind `json:"kind"`
	Note string      `json:"note"`
}

type extensionRequest struct {
	Days   int    `json:"days"`
	Reason string `json:"reason"`
}

type judgeRequest struct {
	Grant bool   `json:"grant"`
	Note  string `json:"note"`
}

type closeRequest struct {
	Note string `json:"note"`
}

type bedsResponse struct {
	Beds []bedJSON `json:"beds"`
}

type teamsResponse struct {
	Teams []teamJSON `json:"teams"`
}

type bedStatusRequest struct {
	Status BedStatus `json:"status" required:"true"`
}

type bedStatusResponse struct {
	ID     int64     `json:"id"`
	Status BedStatus `json:"status"`
}

type teamStatusRequest struct {
	Available bool   `json:"available"`
	Note      string `json:"note"`
}

type teamStatusResponse struct {
	ID        int64 `json:"id"`
	Available bool  `json:"available"`
}

// figureJSON is a median in hours as the API shows it, null when there
// are too few values to show one (counts are web.Count).
type figureJSON struct{ v any }

func (f figureJSON) MarshalJSON() ([]byte, error) { return json.Marshal(f.v) }

// JSONSchema says what MarshalJSON writes.
func (figureJSON) JSONSchema() map[string]any {
	return map[string]any{"type": []string{"number", "null"}}
}

type monthFiguresJSON struct {
	Month     string    `json:"month"`
	Crises    web.Count `json:"crises"`
	Admission web.Count `json:"admission"`
	COT       web.Count `json:"cot"`
	// The clock stops at the admission (or C.O.T. support, or the end of
	// the case): the *_to_admission_or_help and within_norm names say
	// so; the older names carry the same figures for clients written
	// before (issue 11).
	MedianHours       figureJSON `json:"median_hours_to_decision"`
	DecidedInNorm     web.Count  `json:"decided_within_norm"`
	MedianToAdmission figureJSON `json:"median_hours_to_admission_or_help"`
	WithinNorm        web.Count  `json:"within_norm"`
}

type regionFiguresJSON struct {
	Region string    `json:"region"`
	Month  string    `json:"month"`
	Crises web.Count `json:"crises"`
}

type aggregatesResponse struct {
	Since             time.Time           `json:"since"`
	Months            []monthFiguresJSON  `json:"months"`
	Regions           []regionFiguresJSON `json:"regions"`
	TeamsActive       int                 `json:"teams_active"`
	TeamsTarget       int                 `json:"teams_target"`
	MedianHours       figureJSON          `json:"median_hours_to_decision"`
	MedianToAdmission figureJSON          `json:"median_hours_to_admission_or_help"`
	Total             web.Count           `json:"total"`
	Admission         web.Count           `json:"admission"`
	COT               web.Count           `json:"cot"`
	SuppressedBelow   int                 `json:"suppressed_below"`
}

type settingsResponse struct {
	Regions []settingsJSON `json:"regions"`
}

type settingsRequest struct {
	Region    string `json:"region"`
	NormHours int    `json:"norm_hours"`
	// AcuteNormHours 0 (left out) keeps the region's acute norm.
	AcuteNormHours int   `json:"acute_norm_hours"`
	StayLimitDays  int   `json:"stay_limit_days"`
	OnCall         *bool `json:"on_call"`
}

type mineJSON struct {
	ID         int64      `json:"id"`
	ClientID   int64      `json:"client_id"`
	Status     Status     `json:"status"`
	ReportedAt time.Time  `json:"reported_at"`
	StayUntil  *time.Time `json:"stay_until,omitempty"`
	Lines      []string   `json:"what_happens_now"`
	LinesEN    []string   `json:"what_happens_now_en,omitempty"`
	// Call is whom to call with questions, as the page names them
	// (callFor); absent when no number is known.
	Call *callJSON `json:"call,omitempty"`
}

type callJSON struct {
	Name  string `json:"name"`
	Phone string `json:"phone"`
	Tel   string `json:"tel"`
}

type mineResponse struct {
	Cases []mineJSON `json:"cases"`
}

func optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func (s *Service) toJSON(c Case) caseJSON {
	now := s.now()
	k := c.ClockAt(now)
	return caseJSON{ID: c.ID, ClientID: c.ClientID, ClientName: c.ClientName, Region: c.Region, Status: c.Status, Urgency: c.Urgency, Where: c.Where,
		WhatHappened: c.WhatHappened, Risks: c.Risks, Tried: c.Tried, ReporterID: c.ReporterID, Dossierhouder: c.Dossierhouder, ReportedAt: c.ReportedAt,
		NormHours: c.NormHours, DeadlineAt: c.DeadlineAt, Overdue: k.Overdue > 0 || (k.Stopped && !k.Met), SecondsLeft: int64(k.Left / time.Second),
		Decision: c.Decision, DecidedAt: optTime(c.DecidedAt), BedID: c.BedID, TeamID: c.TeamID, EscalatedTo: c.EscalatedTo,
		StayUntil: optTime(c.StayUntil), StayOverLimit: c.StayOverLimit(now), ClosedAt: optTime(c.ClosedAt), HandoverRef: c.HandoverRef,
		ClockRunning: k.Running, ClockStoppedBy: k.By, AdmittedAt: optTime(c.AdmittedAt), AcknowledgedAt: optTime(c.AcknowledgedAt)}
}

func (s *Service) apiList(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	var cs []Case
	var err error
	switch p.Role {
	case auth.RoleCrisisregisseur:
		cs, err = s.RegionCases(r.Context(), p.Scope.Regions)
	case auth.RoleCOT:
		cs, err = s.TeamCases(r.Context(), p.Scope.Teams)
	default:
		cs, err = s.ReportedBy(r.Context(), p.UserID)
	}
	if err == nil {
		err = s.recordList(r.Context(), p, cs)
	}
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	out := make([]caseJSON, 0, len(cs))
	for _, c := range cs {
		out = append(out, s.toJSON(c))
	}
	web.WriteJSON(w, http.StatusOK, casesResponse{Cases: out})
}

func (s *Service) apiReport(w http.ResponseWriter, r *http.Request) {
	var in Intake
	if err := web.DecodeJSON(r, &in); err != nil {
		s.apiFail(w, r, err)
		return
	}
	id, err := s.Report(r.Context(), auth.FromContext(r.Context()), in)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	s.apiCase(w, r, id, http.StatusCreated)
}

func (s *Service) apiCase(w http.ResponseWriter, r *http.Request, id int64, status int) {
	v, err := s.Open(r.Context(), auth.FromContext(r.Context()), id)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	j := s.toJSON(v.Case)
	j.EmergencyAccess = v.Emergency
	body := caseResponse{Case: j}
	if sup, err := s.Support(r.Context(), id); err == nil {
		list := []supportJSON{}
		for _, x := range sup {
			list = append(list, supportJSON{x.Kind, x.Note, x.RecordedAt})
		}
		body.Support = &list
	}
	if ext, err := s.Extensions(r.Context(), id); err == nil {
		list := []extensionJSON{}
		for _, x := range ext {
			list = append(list, extensionJSON{x.ID, x.Days, x.Reason, x.Status})
		}
		body.Extensions = &list
	}
	web.WriteJSON(w, status, body)
}

func (s *Service) apiGet(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	s.apiCase(w, r, id, http.StatusOK)
}

// apiAction decodes the body into v (when given), opens the case (so a
// case outside scope is refused and audited) and runs do.
func (s *Service) apiAction(w http.ResponseWriter, r *http.Request, v any, do func(p *auth.Principal, c Case) error) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	if v != nil {
		if err := web.DecodeJSON(r, v); err != nil {
			s.apiFail(w, r, err)
			return
		}
	}
	p := auth.FromContext(r.Context())
	view, err := s.Open(r.Context(), p, id)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	if err := do(p, view.Case); err != nil {
		s.apiFail(w, r, err)
		return
	}
	s.apiCase(w, r, id, http.StatusOK)
}

func (s *Service) apiTake(w http.ResponseWriter, r *http.Request) {
	s.apiAction(w, r, nil, func(p *auth.Principal, c Case) error { return s.Take(r.Context(), p, c.ID) })
}

type decisionJSON struct {
	BedID    int64  `json:"bed_id"`
	TeamID   int64  `json:"team_id"`
	Escalate bool   `json:"escalate"`
	Reason   string `json:"reason"`
}

func (s *Service) apiReserve(w http.ResponseWriter, r *http.Request) {
	var in decisionJSON
	s.apiAction(w, r, &in, func(p *auth.Principal, c Case) error {
		if in.BedID <= 0 {
			return fieldErr("bed_id", "Geef het nummer van het crisisbed (bed_id).")
		}
		return s.ReserveBed(r.Context(), p, c.ID, in.BedID, in.Escalate, in.Reason)
	})
}

func (s *Service) apiAssign(w http.ResponseWriter, r *http.Request) {
	var in decisionJSON
	s.apiAction(w, r, &in, func(p *auth.Principal, c Case) error {
		if in.TeamID <= 0 {
			return fieldErr("team_id", "Geef het nummer van het C.O.T.-team (team_id).")
		}
		return s.AssignTeam(r.Context(), p, c.ID, in.TeamID, in.Escalate, in.Reason)
	})
}

func (s *Service) apiSupport(w http.ResponseWriter, r *http.Request) {
	var in supportRequest
	s.apiAction(w, r, &in, func(p *auth.Principal, c Case) error { return s.AddSupport(r.Context(), p, c.ID, in.Kind, in.Note) })
}

func (s *Service) apiExtension(w http.ResponseWriter, r *http.Request) {
	var in extensionRequest
	s.apiAction(w, r, &in, func(p *auth.Principal, c Case) error {
		_, err := s.RequestExtension(r.Context(), p, c.ID, in.Days, in.Reason)
		return err
	})
}

func (s *Service) apiJudge(w http.ResponseWriter, r *http.Request) {
	var in judgeRequest
	eid, err := web.PathID(r, "eid")
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	s.apiAction(w, r, &in, func(p *auth.Principal, c Case) error {
		return s.JudgeExtension(r.Context(), p, c.ID, eid, in.Grant, in.Note)
	})
}

func (s *Service) apiClose(w http.ResponseWriter, r *http.Request) {
	var in closeRequest
	s.apiAction(w, r, &in, func(p *auth.Principal, c Case) error { return s.Close(r.Context(), p, c.ID, in.Note) })
}

func (s *Service) apiHandover(w http.ResponseWriter, r *http.Request) {
	var in HandoverInput
	s.apiAction(w, r, &in, func(p *auth.Principal, c Case) error {
		_, err := s.Handover(r.Context(), p, c.ID, in)
		return err
	})
}

type bedJSON struct {
	ID             int64     `json:"id"`
	Region         string    `json:"region"`
	OrganisationID int64     `json:"organisation_id"`
	Organisation   string    `json:"organisation"`
	Name           string    `json:"name"`
	Contracted     bool      `json:"contracted"`
	Status         BedStatus `json:"status"`
	AvailabilityAt time.Time `json:"availability_at"`
	Stale          bool      `json:"stale"`
	AgeSeconds     int64     `json:"age_seconds"`
}

func (s *Service) apiBeds(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	var bs []Bed
	var err error
	if p.Role == auth.RoleAanbieder {
		bs, err = s.BedsOf(r.Context(), p.Scope.Organisations)
	} else {
		region := r.URL.Query().Get("region")
		if region == "" && len(p.Scope.Regions) > 0 {
			region = p.Scope.Regions[0]
		}
		bs, err = s.Beds(r.Context(), region)
	}
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	out := []bedJSON{}
	for _, b := range s.bedRows(bs, "en") {
		out = append(out, bedJSON{ID: b.ID, Region: b.Region, OrganisationID: b.OrganisationID, Organisation: b.OrganisationName, Name: b.Name,
			Contracted: b.Contracted, Status: b.Status, AvailabilityAt: b.AvailabilityAt, Stale: b.Fresh.Stale, AgeSeconds: int64(b.Fresh.Age / time.Second)})
	}
	web.WriteJSON(w, http.StatusOK, bedsResponse{Beds: out})
}

type teamJSON struct {
	ID             int64     `json:"id"`
	Name           string    `json:"name"`
	Region         string    `json:"region"`
	Regions        []string  `json:"regions"`
	Expertise      []string  `json:"expertise"`
	Active         bool      `json:"active"`
	Available      bool      `json:"available"`
	Note           string    `json:"note"`
	Load           int       `json:"load"`
	AvailabilityAt time.Time `json:"availability_at"`
	Stale          bool      `json:"stale"`
	AgeSeconds     int64     `json:"age_seconds"`
	// MatchesExpertise answers ?expertise=, which also ranks the list
	// as the decision page does.
	MatchesExpertise bool `json:"matches_expertise,omitempty"`
}

func (s *Service) apiTeams(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	var ts []Team
	var err error
	switch p.Role {
	case auth.RoleAanbieder:
		ts, err = s.TeamsOf(r.Context(), p.Scope.Organisations)
	case auth.RoleCOT:
		all, e := s.Teams(r.Context(), "")
		err = e
		for _, t := range all {
			if slices.Contains(p.Scope.Teams, t.ID) {
				ts = append(ts, t)
			}
		}
	default:
		ts, err = s.Teams(r.Context(), r.URL.Query().Get("region"))
	}
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	expertise := strings.TrimSpace(r.URL.Query().Get("expertise"))
	if expertise != "" {
		RankTeams(ts, expertise)
	}
	out := []teamJSON{}
	for _, t := range s.teamRows(ts, "en") {
		out = append(out, teamJSON{ID: t.ID, Name: t.Name, Region: t.Region, Regions: t.Regions, Expertise: t.Expertise, Active: t.Active, Available: t.Available,
			Note: t.AvailabilityNote, Load: t.Load, AvailabilityAt: t.AvailabilityAt, Stale: t.Fresh.Stale, AgeSeconds: int64(t.Fresh.Age / time.Second),
			MatchesExpertise: expertise != "" && t.HasExpertise(expertise)})
	}
	web.WriteJSON(w, http.StatusOK, teamsResponse{Teams: out})
}

func (s *Service) apiBedStatus(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	var in bedStatusRequest
	if err := web.DecodeJSON(r, &in); err != nil {
		s.apiFail(w, r, err)
		return
	}
	if err := s.SetBedStatus(r.Context(), auth.FromContext(r.Context()), id, in.Status); err != nil {
		s.apiFail(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, bedStatusResponse{ID: id, Status: in.Status})
}

func (s *Service) apiTeamStatus(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	var in teamStatusRequest
	if err := web.DecodeJSON(r, &in); err != nil {
		s.apiFail(w, r, err)
		return
	}
	if err := s.SetTeamAvailability(r.Context(), auth.FromContext(r.Context()), id, in.Available, in.Note); err != nil {
		s.apiFail(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, teamStatusResponse{ID: id, Available: in.Available})
}

func (s *Service) apiAggregates(w http.ResponseWriter, r *http.Request) {
	since := monitorSince(s.now())
	agg, err := s.Aggregates(r.Context(), since)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	med := func(h float64) figureJSON {
		if h < 0 {
			return figureJSON{nil}
		}
		return figureJSON{h}
	}
	var months []monthFiguresJSON
	for _, m := range agg.Months {
		months = append(months, monthFiguresJSON{Month: m.Month, Crises: m.Crises, Admission: m.Admission, COT: m.COT,
			MedianHours: med(m.MedianHours), DecidedInNorm: m.WithinNorm,
			MedianToAdmission: med(m.MedianHours), WithinNorm: m.WithinNorm})
	}
	var regions []regionFiguresJSON
	for _, x := range agg.Regions {
		regions = append(regions, regionFiguresJSON(x))
	}
	web.WriteJSON(w, http.StatusOK, aggregatesResponse{Since: since, Months: months, Regions: regions, TeamsActive: agg.TeamsActive,
		TeamsTarget: agg.TeamsTarget, MedianHours: med(agg.MedianHours), MedianToAdmission: med(agg.MedianHours), Total: agg.Total,
		Admission: agg.AdmissionAll, COT: agg.COTAll, SuppressedBelow: MinCount})
}

type settingsJSON struct {
	Region         string    `json:"region"`
	NormHours      int       `json:"norm_hours"`
	AcuteNormHours int       `json:"acute_norm_hours"`
	StayLimitDays  int       `json:"stay_limit_days"`
	OnCallUserID   int64     `json:"on_call_user_id,omitempty"`
	OnCallName     string    `json:"on_call_name,omitempty"`
	UpdatedAt      time.Time `json:"updated_at,omitzero"`
}

func (s *Service) writeSettings(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	out := []settingsJSON{}
	for _, region := range p.Scope.Regions {
		st, err := s.Settings(r.Context(), region)
		if err != nil {
			s.apiFail(w, r, err)
			return
		}
		out = append(out, settingsJSON{Region: st.Region, NormHours: st.NormHours, AcuteNormHours: st.AcuteNormHours, StayLimitDays: st.StayLimitDays, OnCallUserID: st.OnCallUserID,
			OnCallName: st.OnCallName, UpdatedAt: st.UpdatedAt.UTC()})
	}
	web.WriteJSON(w, http.StatusOK, settingsResponse{Regions: out})
}

// apiSettings is the settings page's data: the norm, stay limit and who is
// on call for each of the crisisregisseur's regions.
func (s *Service) apiSettings(w http.ResponseWriter, r *http.Request) { s.writeSettings(w, r) }

// apiSetSettings changes one region's settings as the settings form does;
// on_call true puts the caller on call, false ends the caller's own duty,
// absent leaves it as it is.
func (s *Service) apiSetSettings(w http.ResponseWriter, r *http.Request) {
	var in settingsRequest
	if err := web.DecodeJSON(r, &in); err != nil {
		s.apiFail(w, r, err)
		return
	}
	p := auth.FromContext(r.Context())
	st := Settings{Region: strings.ToUpper(strings.TrimSpace(in.Region)), NormHours: in.NormHours, AcuteNormHours: in.AcuteNormHours, StayLimitDays: in.StayLimitDays}
	cur, err := s.Settings(r.Context(), st.Region)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	st.OnCallUserID = cur.OnCallUserID
	if in.OnCall != nil {
		st.OnCallUserID = onCallAfter(cur.OnCallUserID, p.UserID, *in.OnCall)
	}
	if err := s.SetSettings(r.Context(), p, st); err != nil {
		s.apiFail(w, r, err)
		return
	}
	s.writeSettings(w, r)
}

// apiMine is the client's "wat gebeurt er nu?" in the API: the same
// easy-read lines as the page, in Dutch with the English beside them.
func (s *Service) apiMine(w http.ResponseWriter, r *http.Request) {
	cs, err := s.ownCases(r.Context(), auth.FromContext(r.Context()))
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	out := []mineJSON{}
	for _, c := range cs {
		m := mineJSON{ID: c.ID, ClientID: c.ClientID, Status: c.Status, ReportedAt: c.ReportedAt, Lines: append(EasyRead(c), easyReadCall)}
		if c.Status == StatusAdmission {
			m.StayUntil = optTime(c.StayUntil)
		}
		if s.rd != nil {
			for _, l := range m.Lines {
				m.LinesEN = append(m.LinesEN, s.rd.Catalog.Translate(web.LangEN, l))
			}
		}
		k, err := s.callFor(r.Context(), c)
		if err != nil {
			s.apiFail(w, r, err)
			return
		}
		if k.Phone != "" {
			m.Call = &callJSON{Name: k.Name, Phone: k.Phone, Tel: string(k.Tel())}
		}
		out = append(out, m)
	}
	web.WriteJSON(w, http.StatusOK, mineResponse{Cases: out})
}
