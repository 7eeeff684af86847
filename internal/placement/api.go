package placement

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/orgs"
	"github.com/volwaardig/volwaardig/internal/web"
)

// apiRoutes registers the JSON API under /api/v1/placement; it mirrors the
// pages' operations with the same rules.
func (s *Service) apiRoutes(rt *web.Router) {
	const b = "/api/v1/placement"
	api := func(summary string, req, resp any, status int, query ...web.Param) web.Option {
		return web.API(web.Spec{Summary: summary, Tag: "placement", Request: req, Response: resp, Status: status, Query: query})
	}
	seeCase := auth.Roles(auth.RoleClient, auth.RoleNaaste, auth.RoleAanbieder, auth.RoleZorgkantoor)
	rt.HandleFunc("GET "+b+"/cases", seeCase, s.apiCases,
		api("List the cases the caller may see", nil, casesResponse{}, 0, web.Param{Name: "phase", Description: "Only cases in this phase (its code)."}))
	rt.HandleFunc("POST "+b+"/cases", staff(), s.apiCreateCase, api("Register a case (the import columns as fields)", createCaseJSON{}, idResponse{}, http.StatusCreated))
	rt.HandleFunc("GET "+b+"/cases/{id}", seeCase, s.apiCase, api("One case with its history", nil, caseDetailResponse{}, 0))
	rt.HandleFunc("POST "+b+"/cases/{id}/transitions", staff(), s.apiTransition, api("Move a case to another phase", transitionRequest{}, phaseResponse{}, 0))
	s.caseworkRoutes(rt, b, api)
	rt.HandleFunc("POST "+b+"/cases/{id}/followups", staff(), s.apiFollowUp, api("Record a follow-up after a move", followUpRequest{}, recordedResponse{}, http.StatusCreated))
	rt.HandleFunc("POST "+b+"/cases/{id}/reassessments", staff(), s.apiReassess, api("Record a reassessment of the care profile", reassessRequest{}, recordedResponse{}, http.StatusCreated))
	rt.HandleFunc("POST "+b+"/cases/{id}/wishes", own(), s.apiWishes, api("Save the client's own wishes", textJSON{}, savedResponse{}, 0))
	rt.HandleFunc("POST "+b+"/cases/{id}/objection", own(), s.apiObject, api("Object to a step on the case", textJSON{}, objectedResponse{}, http.StatusCreated))
	rt.HandleFunc("POST "+b+"/imports", staff(), s.apiImport, web.MaxBody(maxUpload+1), web.API(web.Spec{
		Summary: "Check (and with confirm=1 store) a regional list", Tag: "placement", Response: importResponse{},
		RequestMedia: []string{"text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		Query:        []web.Param{{Name: "name", Description: "The file name; .xlsx reads a spreadsheet."}, {Name: "confirm", Enum: []string{"1"}, Description: "1: store the rows when none has an error."}}}))
	rt.HandleFunc("GET "+b+"/escalated", staff(), s.apiEscalated, api("The escalated cases", nil, escalatedResponse{}, 0))
	rt.HandleFunc("GET "+b+"/cases/{id}/ranking", staff(), s.apiRanking, api("The places ranked for a case", nil, rankingResponse{}, 0))
	rt.HandleFunc("POST "+b+"/cases/{id}/proposals", staff(), s.apiPropose, api("Propose a place for a case", proposeRequest{}, idResponse{}, http.StatusCreated))
	rt.HandleFunc("GET "+b+"/places", auth.Roles(auth.RoleAanbieder, auth.RoleZorgkantoor), s.apiPlaces,
		api("The places the caller may see", nil, placesResponse{}, 0, web.Param{Name: "region", Description: "Only places in this care-office region (ZK01 to ZK31)."}))
	rt.HandleFunc("POST "+b+"/places", provider(), s.apiAddPlace, api("Add a place", placeJSON{}, idResponse{}, http.StatusCreated))
	rt.HandleFunc("PATCH "+b+"/places/{id}", provider(), s.apiUpdatePlace,
		api("Update a place of the own organisation: capacity, occupancy, readiness, location and municipality", placeUpdateRequest{}, placeJSON{}, 0))
	rt.HandleFunc("GET "+b+"/holds", holders(), s.apiHolds, api("The holds on places", nil, holdsResponse{}, 0))
	rt.HandleFunc("POST "+b+"/holds", holders(), s.apiCreateHold, api("Hold a place for a case", createHoldRequest{}, idResponse{}, http.StatusCreated))
	rt.HandleFunc("POST "+b+"/holds/{id}/release", holders(), s.apiReleaseHold, api("Release a hold", nil, releasedResponse{}, 0))
	rt.HandleFunc("GET "+b+"/proposals", seeCase, s.apiProposals,
		api("The proposals the caller may see", nil, proposalsResponse{}, 0, web.Param{Name: "status", Description: "Only proposals with this status."}))
	rt.HandleFunc("POST "+b+"/proposals/{id}/answer", seeCase, s.apiAnswer, api("Answer a proposal", answerRequest{}, answeredResponse{}, 0))
	rt.HandleFunc("GET "+b+"/runs", staff(), s.apiRuns, api("The matching runs", nil, runsResponse{}, 0))
	rt.HandleFunc("POST "+b+"/runs", staff(), s.apiStartRun, api("Start a matching run for a region", startRunRequest{}, runStartedResponse{}, http.StatusAccepted))
	rt.HandleFunc("GET "+b+"/runs/{id}", staff(), s.apiRun, api("One matching run with its proposals", nil, runJSON{}, 0))
	rt.HandleFunc("POST "+b+"/runs/{id}/send", staff(), s.apiSendRun, api("Send a run's proposals", nil, sentResponse{}, 0))
	rt.HandleFunc("GET "+b+"/agenda", staff(), s.apiAgenda, api("The regional table's agenda", nil, agendaResponse{}, 0))
	rt.HandleFunc("POST "+b+"/agenda/{id}/decision", staff(), s.apiDecide, api("Record the table's decision on a case", decideRequest{}, decidedResponse{}, 0))
	rt.HandleFunc("GET "+b+"/gaps", figures(), s.apiGaps,
		api("The gap between needs and places", nil, GapReport{}, 0, web.Param{Name: "region", Description: "One care-office region instead of the country."}))
	rt.HandleFunc("GET "+b+"/aggregates", figures(), s.apiAggregates, api("Figures per region, small numbers suppressed", nil, aggregatesResponse{}, 0))
}

type caseJSON struct {
	ID               int64      `json:"id"`
	ClientID         int64      `json:"client_id"`
	Name             string     `json:"name"`
	Region           string     `json:"region"`
	Profile          string     `json:"profile"`
	Meerzorg         bool       `json:"meerzorg"`
	Wzd              string     `json:"wzd"`
	Waiting          string     `json:"waiting_status"`
	WaitingLabel     string     `json:"waiting_status_label"`
	Phase            string     `json:"phase"`
	Needs            needsJSON  `json:"needs"`
	WishesClient     string     `json:"wishes_client"`
	WishesFamily     string     `json:"wishes_family"`
	Dossierhouder    string     `json:"dossierhouder"`
	ContactUserID    int64      `json:"contact_user_id,omitempty"`
	WishRegion       string     `json:"wish_region,omitempty"`
	WishProvider     int64      `json:"wish_organisation,omitempty"`
	RegisteredAt     time.Time  `json:"registered_at"`
	Deadline         *time.Time `json:"deadline,omitempty"`
	Escalated        bool       `json:"escalated"`
	EscalationReason string     `json:"escalation_reason,omitempty"`
}

type needsJSON struct {
	LowStimulus   bool     `json:"low_stimulus"`
	OneToOne      bool     `json:"one_to_one"`
	Secured       bool     `json:"secured_unit"`
	Wheelchair    bool     `json:"wheelchair"`
	AgeGroup      string   `json:"age_group"`
	Gender        string   `json:"gender_group"`
	MaxDistanceKm int      `json:"max_distance_km"`
	Expertise     []string `json:"expertise"`
}

func toCaseJSON(c Case) caseJSON {
	j := caseJSON{ID: c.CaseID, ClientID: c.ClientID, Name: c.Name, Region: c.Region, Profile: string(c.Profile), Meerzorg: c.Meerzorg, Wzd: string(c.Wzd),
		Waiting: string(c.Waiting), WaitingLabel: c.Waiting.Label(), Phase: string(c.Phase), WishesClient: c.WishesClient, WishesFamily: c.WishesFamily,
		Dossierhouder: c.Dossierhouder, ContactUserID: c.ContactUser, WishRegion: c.WishRegion, WishProvider: c.WishOrganisation, RegisteredAt: c.RegisteredAt, Escalated: c.Escalated, EscalationReason: c.EscalationReason,
		Needs: needsJSON{LowStimulus: c.Needs.LowStimulus, OneToOne: c.Needs.OneToOne, Secured: c.Needs.Secured, Wheelchair: c.Needs.Wheelchair,
			AgeGroup: string(c.Needs.AgeGroup), Gender: string(c.Needs.Gender), MaxDistanceKm: c.Needs.MaxDistanceKm, Expertise: []string{}}}
	for _, e := range c.Needs.Expertise {
		j.Needs.Expertise = append(j.Needs.Expertise, string(e))
	}
	if !c.Deadline.IsZero() {
		d := c.Deadline
		j.Deadline = &d
	}
	return j
}

func (s *Service) apiCases(w http.ResponseWriter, r *http.Request) {
	f := CaseFilter{}
	if ph := r.URL.Query().Get("phase"); ph != "" {
		x, err := ParsePhase(ph)
		if err != nil {
			web.WriteJSONError(w, r, s.logger, web.BadInput("phase", err.Error(), "unknown phase"))
			return
		}
		f.Phase = x
	}
	cs, err := s.Cases(r.Context(), auth.FromContext(r.Context()), f)
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	out := []caseJSON{}
	for _, c := range cs {
		out = append(out, toCaseJSON(c))
	}
	web.WriteJSON(w, http.StatusOK, casesResponse{Cases: out})
}

// createCaseJSON is the body of POST /cases: the import columns as fields.
type createCaseJSON map[string]string

type casesResponse struct {
	Cases []caseJSON `json:"cases"`
}

// idResponse answers a create with the new thing's id.
type idResponse struct {
	ID int64 `json:"id"`
}

type recordedResponse struct {
	Recorded bool `json:"recorded"`
}

type savedResponse struct {
	Saved bool `json:"saved"`
}

type objectedResponse struct {
	Objected bool `json:"objected"`
}

// caseDetailResponse is one case; the care office's steps around it are
// left out for a provider (nil), and are a list, possibly empty, otherwise.
type caseDetailResponse struct {
	Case          caseJSON            `json:"case"`
	History       *[]transitionJSON   `json:"history,omitempty"`
	FollowUps     *[]followUpJSON     `json:"follow_ups,omitempty"`
	Reassessments *[]reassessmentJSON `json:"reassessments,omitempty"`
	// Casework (casework_api.go): the change history, notes and consults.
	Changes  *[]changeJSON  `json:"changes,omitempty"`
	Notes    *[]noteJSON    `json:"notes,omitempty"`
	Consults *[]consultJSON `json:"consults,omitempty"`
}

type transitionJSON struct {
	From   string    `json:"from"`
	To     string    `json:"to"`
	At     time.Time `json:"at"`
	By     int64     `json:"by"`
	Reason string    `json:"reason"`
}

type followUpJSON struct {
	Months         int       `json:"months"`
	Outcome        string    `json:"outcome"`
	Note           string    `json:"note"`
	RecordedAt     time.Time `json:"recorded_at"`
	Wellbeing      string    `json:"wellbeing"`
	ViewsRelatives string    `json:"views_relatives"`
	ViewsStaff     string    `json:"views_staff"`
}

type reassessmentJSON struct {
	OldProfile string    `json:"old_profile"`
	NewProfile string    `json:"new_profile"`
	Meerzorg   bool      `json:"meerzorg"`
	Wzd        string    `json:"wzd"`
	Note       string    `json:"note"`
	RecordedAt time.Time `json:"recorded_at"`
}

func (s *Service) apiCreateCase(w http.ResponseWriter, r *http.Request) {
	var in createCaseJSON
	if err := web.DecodeJSON(r, &in); err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	rec := make([]string, len(ImportColumns))
	col := map[string]int{}
	for i, c := range ImportColumns {
		col[c] = i
		rec[i] = in[c]
	}
	for k := range in {
		if _, ok := col[k]; !ok && k != "wensen_client" {
			// As web.DecodeJSON answers an unknown field of any other
			// route: a malformed request (400), not bad input.
			web.WriteJSONError(w, r, s.logger, web.Malformed(k, "Het veld "+strconv.Quote(k)+" bestaat niet bij dit verzoek. Controleer de spelling of laat het weg.", "The field "+strconv.Quote(k)+" does not exist for this request. Check its spelling or leave it out."))
			return
		}
	}
	row := parseRow(rec, col, 0)
	if len(row.Errors) == 0 {
		// The client by BSN, the provider by AGB code, as in an import.
		rows, err := s.resolveImport(r.Context(), auth.FromContext(r.Context()), []ImportRow{row})
		if err != nil {
			web.WriteJSONError(w, r, s.logger, err)
			return
		}
		row = rows[0]
	}
	if len(row.Errors) > 0 {
		web.WriteJSONError(w, r, s.logger, web.BadInput("", row.Errors[0], row.Errors[0]))
		return
	}
	row.Person.WishesClient = in["wensen_client"]
	id, err := s.Register(r.Context(), auth.FromContext(r.Context()), row.Person, true)
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	web.WriteJSON(w, http.StatusCreated, idResponse{ID: id})
}

func (s *Service) apiCase(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	c, err := s.Case(r.Context(), auth.FromContext(r.Context()), id)
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	out := caseDetailResponse{Case: toCaseJSON(c)}
	// A provider sees the case it has a proposal or hold for, not the
	// care office's steps around it.
	if auth.FromContext(r.Context()).Role != auth.RoleAanbieder {
		ts, err := s.store.listTransitions(r.Context(), s.db, id)
		if err != nil {
			web.WriteJSONError(w, r, s.logger, err)
			return
		}
		hist := []transitionJSON{}
		for _, t := range ts {
			hist = append(hist, transitionJSON{string(t.From), string(t.To), t.At, t.By, t.Reason})
		}
		fus, err := s.store.listFollowUps(r.Context(), s.db, id)
		if err != nil {
			web.WriteJSONError(w, r, s.logger, err)
			return
		}
		follow := []followUpJSON{}
		for _, f := range fus {
			follow = append(follow, followUpJSON{f.Months, string(f.Outcome), f.Note, f.RecordedAt, string(f.Wellbeing), f.Relatives, f.Staff})
		}
		ras, err := s.store.listReassessments(r.Context(), s.db, id)
		if err != nil {
			web.WriteJSONError(w, r, s.logger, err)
			return
		}
		reass := []reassessmentJSON{}
		for _, x := range ras {
			reass = append(reass, reassessmentJSON{string(x.OldProfile), string(x.NewProfile), x.Meerzorg, string(x.Wzd), x.Note, x.RecordedAt})
		}
		out.History, out.FollowUps, out.Reassessments = &hist, &follow, &reass
		chs, err := s.store.listChanges(r.Context(), s.db, id)
		if err != nil {
			web.WriteJSONError(w, r, s.logger, err)
			return
		}
		changes := []changeJSON{}
		for _, c := range chs {
			changes = append(changes, changeJSON{c.Field, c.Old, c.New, c.At, c.ByName})
		}
		ns, err := s.store.listNotes(r.Context(), s.db, id)
		if err != nil {
			web.WriteJSONError(w, r, s.logger, err)
			return
		}
		notes := []noteJSON{}
		for _, n := range ns {
			notes = append(notes, noteJSON{n.ID, n.Body, n.At, n.ByName})
		}
		cons, err := s.store.listConsults(r.Context(), s.db, id)
		if err != nil {
			web.WriteJSONError(w, r, s.logger, err)
			return
		}
		consults := []consultJSON{}
		for _, c := range cons {
			consults = append(consults, toConsultJSON(c))
		}
		out.Changes, out.Notes, out.Consults = &changes, &notes, &consults
	}
	web.WriteJSON(w, http.StatusOK, out)
}

func (s *Service) apiFollowUp(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	var in followUpRequest
	if err := web.DecodeJSON(r, &in); err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	// The wellbeing and views are optional here so that callers written
	// before they were asked keep working; the page asks for wellbeing.
	var err2 error
	if in.Wellbeing != "" || in.ViewsRelatives != "" || in.ViewsStaff != "" {
		err2 = s.RecordFollowUpViews(r.Context(), auth.FromContext(r.Context()), id, in.Months, in.Outcome, in.Note,
			FollowUpViews{Wellbeing: Wellbeing(in.Wellbeing), Relatives: in.ViewsRelatives, Staff: in.ViewsStaff})
	} else {
		err2 = s.RecordFollowUp(r.Context(), auth.FromContext(r.Context()), id, in.Months, in.Outcome, in.Note)
	}
	if err := err2; err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	web.WriteJSON(w, http.StatusCreated, recordedResponse{Recorded: true})
}

func (s *Service) apiReassess(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	var in reassessRequest
	if err := web.DecodeJSON(r, &in); err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	prof, err := ParseProfile(in.Profile)
	if err != nil {
		web.WriteJSONError(w, r, s.logger, badInput("profile", err.Error()))
		return
	}
	wzd, err := ParseWzd(in.Wzd)
	if err != nil {
		web.WriteJSONError(w, r, s.logger, badInput("wzd", err.Error()))
		return
	}
	if err := s.Reassess(r.Context(), auth.FromContext(r.Context()), id, prof, in.Meerzorg, wzd, in.Note); err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	web.WriteJSON(w, http.StatusCreated, recordedResponse{Recorded: true})
}

// textJSON is the body of the client's own texts: wishes and objections.
type textJSON struct {
	Text string `json:"text"`
}

type followUpRequest struct {
	Months         int    `json:"months"`
	Outcome        string `json:"outcome"`
	Note           string `json:"note"`
	Wellbeing      string `json:"wellbeing,omitempty"`
	ViewsRelatives string `json:"views_relatives,omitempty"`
	ViewsStaff     string `json:"views_staff,omitempty"`
}

type reassessRequest struct {
	Profile  string `json:"profile"`
	Meerzorg bool   `json:"meerzorg"`
	Wzd      string `json:"wzd"`
	Note     string `json:"note"`
}

type transitionRequest struct {
	To     string `json:"to" required:"true"`
	Reason string `json:"reason"`
}

type phaseResponse struct {
	Phase Phase `json:"phase"`
}

type proposeRequest struct {
	PlaceID int64 `json:"place_id" required:"true"`
}

type importRowJSON struct {
	Line     int      `json:"line"`
	ClientID int64    `json:"client_id"`
	Region   string   `json:"region"`
	Profile  string   `json:"profile"`
	Errors   []string `json:"errors"`
}

type importResponse struct {
	Rows    []importRowJSON `json:"rows"`
	Valid   int             `json:"valid"`
	Invalid int             `json:"invalid"`
	Stored  int             `json:"stored"`
}

// nationalOutcomeJSON is one decision of the national table as the
// region reads it.
type nationalOutcomeJSON struct {
	CaseID      int64     `json:"case_id"`
	Region      string    `json:"region"`
	Decision    string    `json:"decision"`
	Note        string    `json:"note"`
	NewDeadline string    `json:"new_deadline,omitempty"`
	DecidedAt   time.Time `json:"decided_at"`
	DecidedBy   string    `json:"decided_by"`
}

type escalatedResponse struct {
	Escalated []caseJSON `json:"escalated"`
	// NationalOutcomes are the national table's decisions on the region's
	// cases of the last 90 days, newest first.
	NationalOutcomes []nationalOutcomeJSON `json:"national_outcomes"`
}

type rankingResponse struct {
	CaseID  int64      `json:"case_id"`
	Ranking []rankJSON `json:"ranking"`
}

func (s *Service) apiWishes(w http.ResponseWriter, r *http.Request) {
	s.apiText(w, r, s.UpdateWishes, http.StatusOK, savedResponse{Saved: true})
}

func (s *Service) apiObject(w http.ResponseWriter, r *http.Request) {
	s.apiText(w, r, s.Object, http.StatusCreated, objectedResponse{Objected: true})
}

// apiText serves the client's own words on a case (wishes, an objection):
// the case from the path, {"text": ...} from the body, one service call.
func (s *Service) apiText(w http.ResponseWriter, r *http.Request, save func(context.Context, *auth.Principal, int64, string) error, status int, done any) {
	id, err := web.PathID(r, "id")
	var in textJSON
	if err == nil {
		err = web.DecodeJSON(r, &in)
	}
	if err == nil {
		err = save(r.Context(), auth.FromContext(r.Context()), id, in.Text)
	}
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	web.WriteJSON(w, status, done)
}

// apiImport takes a regional list as the request body (CSV, or XLSX when
// the Content-Type or ?name= says so) and answers the preview: every row
// with its errors. Nothing is stored unless ?confirm=1 is given and no row
// has an error; then every row is stored in one transaction.
func (s *Service) apiImport(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	data, err := io.ReadAll(r.Body)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			err = &web.Error{Code: web.CodeTooLarge, Message: "Het bestand is te groot (hoogstens 4 MB).", English: "The file is too large (at most 4 MB)."}
		}
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	name := r.URL.Query().Get("name")
	if name == "" {
		name = "lijst.csv"
		if strings.Contains(r.Header.Get("Content-Type"), "spreadsheetml") {
			name = "lijst.xlsx"
		}
	}
	rows, err := ParseImportFile(name, data)
	if err != nil {
		web.WriteJSONError(w, r, s.logger, badInput("file", err.Error()))
		return
	}
	checked, err := s.CheckImport(r.Context(), p, rows)
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	out := []importRowJSON{}
	invalid := 0
	for _, row := range checked {
		if len(row.Errors) > 0 {
			invalid++
		}
		out = append(out, importRowJSON{row.Line, row.Person.ClientID, row.Person.Region, string(row.Person.Profile), append([]string{}, row.Errors...)})
	}
	stored := 0
	if r.URL.Query().Get("confirm") == "1" {
		if stored, err = s.ImportRows(r.Context(), p, rows); err != nil {
			web.WriteJSONError(w, r, s.logger, err)
			return
		}
	}
	web.WriteJSON(w, http.StatusOK, importResponse{Rows: out, Valid: len(out) - invalid, Invalid: invalid, Stored: stored})
}

func (s *Service) apiEscalated(w http.ResponseWriter, r *http.Request) {
	cs, outcomes, err := s.Escalated(r.Context(), auth.FromContext(r.Context()))
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	out := escalatedResponse{Escalated: []caseJSON{}, NationalOutcomes: []nationalOutcomeJSON{}}
	for _, c := range cs {
		out.Escalated = append(out.Escalated, toCaseJSON(c))
	}
	for _, o := range outcomes {
		nd := ""
		if !o.NewDeadline.IsZero() {
			nd = o.NewDeadline.Format(time.DateOnly)
		}
		out.NationalOutcomes = append(out.NationalOutcomes, nationalOutcomeJSON{CaseID: o.CaseID, Region: o.Region, Decision: string(o.Decision),
			Note: o.Note, NewDeadline: nd, DecidedAt: o.DecidedAt, DecidedBy: o.ByName})
	}
	web.WriteJSON(w, http.StatusOK, out)
}

func (s *Service) apiTransition(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	var in transitionRequest
	if err := web.DecodeJSON(r, &in); err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	to, err := ParsePhase(in.To)
	if err != nil {
		web.WriteJSONError(w, r, s.logger, badInput("to", err.Error()))
		return
	}
	if err := s.Transition(r.Context(), auth.FromContext(r.Context()), id, to, in.Reason); err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, phaseResponse{Phase: to})
}

type checkJSON struct {
	Code    string `json:"code"`
	Label   string `json:"label"`
	Pass    bool   `json:"pass"`
	Detail  string `json:"detail"`
	Fix     string `json:"fix,omitempty"`
	FixText string `json:"fix_text,omitempty"`
}

type rankJSON struct {
	Rank    int         `json:"rank"`
	PlaceID int64       `json:"place_id"`
	Place   string      `json:"place"`
	Region  string      `json:"region"`
	Pass    bool        `json:"pass"`
	Fixable bool        `json:"fixable"`
	Checks  []checkJSON `json:"checks"`
	Soft    SoftScore   `json:"soft"`
}

func (s *Service) apiRanking(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	c, err := s.Case(r.Context(), auth.FromContext(r.Context()), id)
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	places, err := s.placesFor(r.Context(), c.CaseID)
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	out := []rankJSON{}
	for _, e := range Rank(c.Person, places, s.now()) {
		j := rankJSON{Rank: e.Rank, PlaceID: e.Place.ID, Place: e.Place.Name, Region: e.Place.Region, Pass: e.Pass, Fixable: e.Fixable, Soft: e.Soft}
		for _, ch := range e.Checks {
			j.Checks = append(j.Checks, checkJSON{ch.Code, ch.Label, ch.Pass, ch.Detail, string(ch.Fix), ch.FixText})
		}
		out = append(out, j)
	}
	// A national ranking is large: written without indentation.
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_ = json.NewEncoder(w).Encode(rankingResponse{CaseID: id, Ranking: out})
}

func (s *Service) apiPropose(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	var in proposeRequest
	if err := web.DecodeJSON(r, &in); err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	pid, err := s.Propose(r.Context(), auth.FromContext(r.Context()), id, in.PlaceID)
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	web.WriteJSON(w, http.StatusCreated, idResponse{ID: pid})
}

type placeJSON struct {
	ID             int64  `json:"id"`
	OrganisationID int64  `json:"organisation_id"`
	Organisation   string `json:"organisation"`
	LocationID     int64  `json:"location_id,omitempty"`
	Name           string `json:"name"`
	Kind           string `json:"kind"`
	Region         string `json:"region"`
	// MunicipalityCode is only read when a place is added: its
	// municipality (CBS code) gives the centre and the region.
	MunicipalityCode string   `json:"municipality_code,omitempty" doc:"CBS municipality code of the place, e.g. GM0344 (Utrecht); gives its centre and care-office region. Only read when adding a place."`
	Lat              float64  `json:"lat"`
	Lon              float64  `json:"lon"`
	Capacity         int      `json:"capacity"`
	Occupied         int      `json:"occupied"`
	Held             int      `json:"held"`
	Profiles         []string `json:"profiles"`
	LowStimulus      bool     `json:"low_stimulus"`
	OneToOne         bool     `json:"one_to_one"`
	Secured          bool     `json:"secured_unit"`
	Wheelchair       bool     `json:"wheelchair"`
	Wzd              bool     `json:"wzd_accommodation"`
	AgeGroups        []string `json:"age_groups"`
	Gender           string   `json:"gender_group"`
	Expertise        []string `json:"expertise"`
	Adaptable        bool     `json:"adaptable"`
	ReadyDate        string   `json:"ready_date,omitempty"`
	CostPerYear      int64    `json:"cost_per_year"`
}

func toPlaceJSON(p Place) placeJSON {
	j := placeJSON{ID: p.ID, OrganisationID: p.OrganisationID, Organisation: p.Organisation, LocationID: p.LocationID, Name: p.Name, Kind: string(p.Kind), Region: p.Region,
		Lat: p.Lat, Lon: p.Lon, Capacity: p.Capacity, Occupied: p.Occupied, Held: p.Held, LowStimulus: p.LowStimulus, OneToOne: p.OneToOne, Secured: p.Secured,
		Wheelchair: p.Wheelchair, Wzd: p.WzdAccommodation, Gender: string(p.Gender), Adaptable: p.Adaptable, CostPerYear: p.CostPerYear,
		Profiles: []string{}, AgeGroups: []string{}, Expertise: []string{}}
	for _, x := range p.Profiles {
		j.Profiles = append(j.Profiles, string(x))
	}
	for _, x := range p.AgeGroups {
		j.AgeGroups = append(j.AgeGroups, string(x))
	}
	for _, x := range p.Expertise {
		j.Expertise = append(j.Expertise, string(x))
	}
	if !p.ReadyDate.IsZero() {
		j.ReadyDate = p.ReadyDate.Format("2006-01-02")
	}
	return j
}

func (s *Service) apiPlaces(w http.ResponseWriter, r *http.Request) {
	var regions []string
	if rg := r.URL.Query().Get("region"); rg != "" {
		regions = []string{rg}
	}
	ps, err := s.Places(r.Context(), auth.FromContext(r.Context()), regions)
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	out := []placeJSON{}
	for _, p := range ps {
		out = append(out, toPlaceJSON(p))
	}
	web.WriteJSON(w, http.StatusOK, placesResponse{Places: out})
}

func (s *Service) apiAddPlace(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	var in placeJSON
	if err := web.DecodeJSON(r, &in); err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	pl := Place{OrganisationID: in.OrganisationID, LocationID: in.LocationID, Name: in.Name, Kind: PlaceKind(in.Kind), Region: in.Region, Lat: in.Lat, Lon: in.Lon,
		Capacity: in.Capacity, Occupied: in.Occupied, LowStimulus: in.LowStimulus, OneToOne: in.OneToOne, Secured: in.Secured, Wheelchair: in.Wheelchair,
		WzdAccommodation: in.Wzd, Adaptable: in.Adaptable, CostPerYear: in.CostPerYear}
	if pl.OrganisationID == 0 && len(p.Scope.Organisations) > 0 {
		pl.OrganisationID = p.Scope.Organisations[0]
	}
	// Every field at fault at once, as the form does.
	var errs []web.FieldError
	bad := func(field, nl string) {
		errs = append(errs, web.FieldError{Field: field, Message: nl, English: translateDomain(nl)})
	}
	// Where the place is comes from its municipality (its centre and its
	// care-office region), as in the places form; coordinates remain
	// accepted from scripts written before, but nobody has to know them.
	if in.MunicipalityCode != "" {
		m, ok := orgs.MunicipalityByCode(in.MunicipalityCode)
		switch {
		case !ok:
			bad("municipality_code", "Onbekende gemeentecode "+strconv.Quote(in.MunicipalityCode)+": geef de CBS-code, bijvoorbeeld GM0344 voor Utrecht.")
		case pl.Region != "" && pl.Region != m.Region:
			bad("region", "De gemeente "+m.Name+" ligt in regio "+orgs.RegionLabel(m.Region)+", niet in "+pl.Region+". Laat de regio weg of geef "+m.Region+".")
		default:
			pl.Lat, pl.Lon, pl.Region = m.Lat, m.Lon, m.Region
		}
	} else if in.Lat == 0 && in.Lon == 0 {
		bad("municipality_code", "Geef de gemeente van de plek als CBS-code, bijvoorbeeld GM0344 voor Utrecht.")
	}
	if !validRegion(pl.Region) && (in.MunicipalityCode == "" || pl.Region != "") {
		bad("region", "Kies een zorgkantoorregio (ZK01 t/m ZK31) of geef de gemeente van de plek.")
	}
	for _, x := range in.Profiles {
		pr, e := ParseProfile(x)
		if e != nil {
			bad("profiles", e.Error())
		}
		pl.Profiles = append(pl.Profiles, pr)
	}
	for _, x := range in.AgeGroups {
		a, e := ParseAgeGroup(x)
		if e != nil {
			bad("age_groups", e.Error())
		}
		pl.AgeGroups = append(pl.AgeGroups, a)
	}
	if g, e := ParseGender(in.Gender); e != nil {
		bad("gender_group", e.Error())
	} else {
		pl.Gender = g
	}
	for _, x := range in.Expertise {
		es, e := ParseExpertise(x)
		if e != nil {
			bad("expertise", e.Error())
		}
		pl.Expertise = append(pl.Expertise, es...)
	}
	if in.ReadyDate != "" {
		d, e := registerDate(in.ReadyDate)
		if e != nil {
			bad("ready_date", e.Error())
		}
		pl.ReadyDate = d
	}
	if err := web.Invalid(errs...); err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	id, err := s.AddPlace(r.Context(), p, pl)
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	web.WriteJSON(w, http.StatusCreated, idResponse{ID: id})
}

type holdJSON struct {
	ID            int64      `json:"id"`
	PlaceID       int64      `json:"place_id"`
	CaseID        int64      `json:"case_id"`
	Deadline      time.Time  `json:"deadline"`
	ReleasedAt    *time.Time `json:"released_at,omitempty"`
	ReleaseReason string     `json:"release_reason,omitempty"`
}

type placesResponse struct {
	Places []placeJSON `json:"places"`
}

type holdsResponse struct {
	Holds []holdJSON `json:"holds"`
}

type createHoldRequest struct {
	PlaceID  int64     `json:"place_id" required:"true"`
	CaseID   int64     `json:"case_id" required:"true"`
	Deadline time.Time `json:"deadline" required:"true"`
}

type releasedResponse struct {
	Released bool `json:"released"`
}

func (s *Service) apiHolds(w http.ResponseWriter, r *http.Request) {
	hs, err := s.Holds(r.Context(), auth.FromContext(r.Context()))
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	out := []holdJSON{}
	for _, h := range hs {
		out = append(out, holdJSON{ID: h.ID, PlaceID: h.PlaceID, CaseID: h.CaseID, Deadline: h.Deadline})
	}
	web.WriteJSON(w, http.StatusOK, holdsResponse{Holds: out})
}

func (s *Service) apiCreateHold(w http.ResponseWriter, r *http.Request) {
	var in createHoldRequest
	if err := web.DecodeJSON(r, &in); err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	id, err := s.CreateHold(r.Context(), auth.FromContext(r.Context()), in.PlaceID, in.CaseID, in.Deadline)
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	web.WriteJSON(w, http.StatusCreated, idResponse{ID: id})
}

func (s *Service) apiReleaseHold(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err == nil {
		err = s.ReleaseHold(r.Context(), auth.FromContext(r.Context()), id, "vrijgegeven")
	}
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, releasedResponse{Released: true})
}

type proposalJSON struct {
	ID             int64  `json:"id"`
	CaseID         int64  `json:"case_id"`
	PlaceID        int64  `json:"place_id"`
	Place          string `json:"place"`
	Status         string `json:"status"`
	Terms          Terms  `json:"cost_terms"`
	ClientAnswer   string `json:"client_answer"`
	ProviderAnswer string `json:"provider_answer"`
	DeclineReason  string `json:"decline_reason,omitempty"`
}

func toProposalJSON(p Proposal) proposalJSON {
	return proposalJSON{p.ID, p.CaseID, p.PlaceID, p.PlaceName, string(p.Status), p.Terms, p.ClientAnswer, p.ProviderAnswer, string(p.DeclineReason)}
}

type proposalsResponse struct {
	Proposals []proposalJSON `json:"proposals"`
}

type answerRequest struct {
	Accept bool   `json:"accept"`
	Reason string `json:"reason"`
	Note   string `json:"note"`
	// OnBehalfReason is required from a care office recording the
	// client's answer (Answer.ForClientReason).
	OnBehalfReason string `json:"on_behalf_reason"`
}

type answeredResponse struct {
	Answered bool `json:"answered"`
}

func (s *Service) apiProposals(w http.ResponseWriter, r *http.Request) {
	ps, err := s.Proposals(r.Context(), auth.FromContext(r.Context()), ProposalStatus(r.URL.Query().Get("status")))
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	out := []proposalJSON{}
	for _, p := range ps {
		out = append(out, toProposalJSON(p))
	}
	web.WriteJSON(w, http.StatusOK, proposalsResponse{Proposals: out})
}

func (s *Service) apiAnswer(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	var in answerRequest
	if err := web.DecodeJSON(r, &in); err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	err = s.Answer(r.Context(), auth.FromContext(r.Context()), id, Answer{Accept: in.Accept, Reason: DeclineReason(in.Reason), Note: in.Note, ForClientReason: in.OnBehalfReason})
	if e := web.AsError(err); err != nil && e.Field == forClientField {
		e.Field = "on_behalf_reason"
	}
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, answeredResponse{Answered: true})
}

type runJSON struct {
	ID        int64          `json:"id"`
	Region    string         `json:"region"`
	Status    string         `json:"status"`
	Progress  string         `json:"progress"`
	People    int            `json:"people"`
	Places    int            `json:"places"`
	Assigned  int            `json:"assigned"`
	TotalCost int64          `json:"total_cost"`
	Error     string         `json:"error,omitempty"`
	Proposals []proposalJSON `json:"proposals"`
}

type runsResponse struct {
	Runs []runJSON `json:"runs"`
}

type startRunRequest struct {
	Region string `json:"region"`
	Wait   bool   `json:"wait"`
}

type runStartedResponse struct {
	ID        int64  `json:"id"`
	StatusURL string `json:"status_url"`
}

type sentResponse struct {
	Sent int `json:"sent"`
}

type agendaItemJSON struct {
	CaseID int64     `json:"case_id"`
	Region string    `json:"region"`
	Kind   string    `json:"kind"`
	Since  time.Time `json:"since"`
	Detail string    `json:"detail"`
}

type agendaResponse struct {
	Agenda []agendaItemJSON `json:"agenda"`
}

type decideRequest struct {
	Agenda      string `json:"agenda"`
	Decision    string `json:"decision"`
	Note        string `json:"note"`
	NewDeadline string `json:"new_deadline"`
}

type decidedResponse struct {
	Decided bool `json:"decided"`
}

type aggregatesResponse struct {
	Regions              []RegionFigures `json:"regions"`
	Total                RegionFigures   `json:"total"`
	SmallNumberThreshold int             `json:"small_number_threshold"`
}

func (s *Service) apiRuns(w http.ResponseWriter, r *http.Request) {
	runs, err := s.Runs(r.Context(), auth.FromContext(r.Context()))
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	out := []runJSON{}
	for _, v := range runs {
		out = append(out, runJSON{ID: v.ID, Region: v.Region, Status: v.Status, Progress: v.Progress, People: v.People, Places: v.Places, Assigned: v.Assigned, TotalCost: v.TotalCost, Error: v.Error, Proposals: []proposalJSON{}})
	}
	web.WriteJSON(w, http.StatusOK, runsResponse{Runs: out})
}

func (s *Service) apiStartRun(w http.ResponseWriter, r *http.Request) {
	var in startRunRequest
	if err := web.DecodeJSON(r, &in); err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	id, err := s.StartRun(r.Context(), auth.FromContext(r.Context()), in.Region, !in.Wait)
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	web.WriteJSON(w, http.StatusAccepted, runStartedResponse{ID: id, StatusURL: "/api/v1/placement/runs/" + strconv.FormatInt(id, 10)})
}

func (s *Service) apiRun(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	v, err := s.RunDetail(r.Context(), auth.FromContext(r.Context()), id)
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	j := runJSON{ID: v.ID, Region: v.Region, Status: v.Status, Progress: v.Progress, People: v.People, Places: v.Places, Assigned: v.Assigned, TotalCost: v.TotalCost, Error: v.Error, Proposals: []proposalJSON{}}
	for _, p := range v.Proposals {
		j.Proposals = append(j.Proposals, toProposalJSON(p))
	}
	web.WriteJSON(w, http.StatusOK, j)
}

func (s *Service) apiSendRun(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	n, err := s.SendRun(r.Context(), auth.FromContext(r.Context()), id)
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, sentResponse{Sent: n})
}

func (s *Service) apiAgenda(w http.ResponseWriter, r *http.Request) {
	items, err := s.Agenda(r.Context(), auth.FromContext(r.Context()))
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	out := []agendaItemJSON{}
	for _, it := range items {
		out = append(out, agendaItemJSON{it.CaseID, it.Region, string(it.Kind), it.Since, it.Detail})
	}
	web.WriteJSON(w, http.StatusOK, agendaResponse{Agenda: out})
}

func (s *Service) apiDecide(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	var in decideRequest
	if err := web.DecodeJSON(r, &in); err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	d, err := ParseDecision(in.Decision)
	if err != nil {
		web.WriteJSONError(w, r, s.logger, badInput("decision", "Kies een besluit: bemiddelen, landelijk_zoeken, anders_helpen, escaleren of stoppen."))
		return
	}
	var nd time.Time
	if in.NewDeadline != "" {
		if nd, err = registerDate(in.NewDeadline); err != nil {
			web.WriteJSONError(w, r, s.logger, badInput("new_deadline", err.Error()))
			return
		}
	}
	if err := s.Decide(r.Context(), auth.FromContext(r.Context()), id, AgendaKind(in.Agenda), d, in.Note, nd); err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, decidedResponse{Decided: true})
}

func (s *Service) apiGaps(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	region := r.URL.Query().Get("region")
	if region != "" && p.Role == auth.RoleZorgkantoor && !p.InRegion(region) {
		web.WriteJSONError(w, r, s.logger, notFound())
		return
	}
	regions, g, err := s.GapFigures(r.Context(), p)
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	if region != "" {
		i := slices.IndexFunc(regions, func(x GapReport) bool { return x.Scope == region })
		if i < 0 {
			web.WriteJSONError(w, r, s.logger, notFound())
			return
		}
		g = regions[i]
	}
	web.WriteJSON(w, http.StatusOK, g)
}

func (s *Service) apiAggregates(w http.ResponseWriter, r *http.Request) {
	regions, total, err := s.Aggregates(r.Context())
	if err != nil {
		web.WriteJSONError(w, r, s.logger, err)
		return
	}
	// Small numbers suppressed (DESIGN §3), with complementary
	// suppression, for every region the viewer may not see: a hidden
	// count is written as "<5" (web.Count).
	regions, total = SuppressFigures(regions, total, ownRegions(auth.FromContext(r.Context())))
	web.WriteJSON(w, http.StatusOK, aggregatesResponse{Regions: regions, Total: total, SmallNumberThreshold: SmallNumber})
}
