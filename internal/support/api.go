package support

import (
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/web"
)

func (s *Service) apiRoutes(rt *web.Router) {
	api := func(summary string, req, resp any, status int, query ...web.Param) web.Option {
		return web.API(web.Spec{Summary: summary, Tag: "support", Request: req, Response: resp, Status: status, Query: query})
	}
	supporter := auth.Roles(auth.RoleOndersteuner)
	fam := auth.Roles(family...)
	rt.HandleFunc("GET /api/v1/support/families", auth.Roles(professionals...), s.apiFamilies, api("The caller's caseload and the family files shared with them", nil, familiesResponse{}, 0))
	rt.HandleFunc("GET /api/v1/support/families/{id}", auth.Roles(readers...), s.apiFamily, api("One family file, with the sections the family shares with the caller", nil, fileResponse{}, 0))
	rt.HandleFunc("POST /api/v1/support/families/{id}/goals", supporter, s.apiAddGoal, api("Add a goal on a life domain", goalRequest{}, createdResponse{}, http.StatusCreated))
	rt.HandleFunc("POST /api/v1/support/families/{id}/actions", supporter, s.apiAddAction, api("Log an action or bottleneck with the minutes spent", actionRequest{}, createdResponse{}, http.StatusCreated))
	rt.HandleFunc("POST /api/v1/support/families/{id}/measurements", supporter, s.apiAddMeasurement, api("Record an outcome measure at intake or follow-up", measurementRequest{}, createdResponse{}, http.StatusCreated))
	rt.HandleFunc("POST /api/v1/support/families/{id}/end", auth.Roles(append(slices.Clone(family), auth.RoleOndersteuner)...), s.apiEnd, api("End the family's support with its reason and day (the supporter or the family)", endRequest{}, fileResponse{}, 0))
	rt.HandleFunc("POST /api/v1/support/families/{id}/grants", fam, s.apiInvite, api("The family invites a professional into its file", grantRequest{}, createdResponse{}, http.StatusCreated))
	rt.HandleFunc("POST /api/v1/support/families/{id}/grants/{gid}/withdraw", fam, s.apiWithdraw, api("The family withdraws an access it gave", nil, fileResponse{}, 0))
	rt.HandleFunc("GET /api/v1/support/outcomes", auth.Roles(aggregates...), s.apiOutcomes, api("Outcome measures aggregated per pilot, small counts suppressed", nil, outcomesResponse{}, 0))
	rt.HandleFunc("GET /api/v1/support/business-case", auth.Roles(aggregates...), s.apiBusinessCase, api("The social business case for two scenarios, per party", nil, businessCaseResponse{}, 0,
		web.Param{Name: "families_a", Type: "integer", Description: "Families in scenario A (default: the families in support now)."},
		web.Param{Name: "families_b", Type: "integer", Description: "Families in scenario B (default: twice scenario A)."}))
	rt.HandleFunc("GET /api/v1/support/mine", fam, s.apiMine, api("The caller's own family files: what the supporter works on and the next steps", nil, mineResponse{}, 0))
}

func (s *Service) apiFail(w http.ResponseWriter, r *http.Request, err error) {
	web.WriteJSONError(w, r, s.logger, err)
}

type familyJSON struct {
	ID            int64     `json:"id"`
	ClientName    string    `json:"client_name"`
	Pilot         Pilot     `json:"pilot"`
	Region        string    `json:"region"`
	SupporterName string    `json:"supporter_name"`
	IntakeOn      string    `json:"intake_on"`
	Active        bool      `json:"active"`
	EndedOn       string    `json:"ended_on,omitempty"`
	Minutes90d    int       `json:"minutes_90d"`
	Intensity     Intensity `json:"intensity"`
}

func familyOut(f Family) familyJSON {
	return familyJSON{ID: f.ID, ClientName: f.ClientName, Pilot: f.Pilot, Region: f.Region, SupporterName: f.Supporter, IntakeOn: f.IntakeOn.Format("2006-01-02"),
		Active: f.Active(), EndedOn: dayOrEmpty(f.EndedOn), Minutes90d: f.Minutes, Intensity: f.Intensity}
}

func dayOrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

// endingJSON is why and when the support ended (supporter and family only).
type endingJSON struct {
	EndedOn     string    `json:"ended_on"`
	Reason      EndReason `json:"reason"`
	ReasonLabel string    `json:"reason_label"`
	Note        string    `json:"note"`
	EndedBy     string    `json:"ended_by"`
}

type endRequest struct {
	Reason  EndReason `json:"reason" required:"true"`
	EndedOn string    `json:"ended_on" required:"true"`
	Note    string    `json:"note"`
}

func (s *Service) apiEnd(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	var in endRequest
	if err := web.DecodeJSON(r, &in); err != nil {
		s.apiFail(w, r, err)
		return
	}
	p := auth.FromContext(r.Context())
	if err := s.End(r.Context(), p, id, EndInput{Reason: string(in.Reason), Date: in.EndedOn, Note: in.Note}); err != nil {
		s.apiFail(w, r, err)
		return
	}
	fl, err := s.File(r.Context(), p, id)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, fileOut(fl))
}

type familiesResponse struct {
	Caseload []familyJSON `json:"caseload"`
	Shared   []familyJSON `json:"shared"`
}

func (s *Service) apiFamilies(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	out := familiesResponse{Caseload: []familyJSON{}, Shared: []familyJSON{}}
	cl, err := s.Caseload(r.Context(), p)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	sh, err := s.SharedWith(r.Context(), p)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	for _, f := range cl {
		out.Caseload = append(out.Caseload, familyOut(f))
	}
	for _, f := range sh {
		out.Shared = append(out.Shared, familyOut(f))
	}
	web.WriteJSON(w, http.StatusOK, out)
}

type goalJSON struct {
	ID       int64  `json:"id"`
	Domain   Domain `json:"domain"`
	Goal     string `json:"goal"`
	NextStep string `json:"next_step"`
	Progress int    `json:"progress"`
}

type memberJSON struct {
	Name      string `json:"name"`
	Relation  string `json:"relation"`
	Kind      string `json:"kind"`
	Closeness int    `json:"closeness"`
}

type actionJSON struct {
	ID         int64      `json:"id"`
	Kind       ActionKind `json:"kind"`
	HappenedOn string     `json:"happened_on"`
	Subject    string     `json:"subject"`
	Outcome    string     `json:"outcome"`
	Minutes    int        `json:"minutes"`
	// Event names an entry the system wrote (aangemeld, aangemeld-liep-al)
	// with its reference, so a client can show it in its own language.
	Event    SystemEvent `json:"event,omitempty"`
	EventRef string      `json:"event_ref,omitempty"`
}

type measurementJSON struct {
	Moment     Moment `json:"moment"`
	MeasuredOn string `json:"measured_on"`
	Quality    int    `json:"quality_of_life"`
	Burden     int    `json:"burden"`
	RestHours  int    `json:"rest_hours_per_week"`
}

type grantJSON struct {
	ID          int64      `json:"id"`
	Name        string     `json:"name"`
	Kind        string     `json:"kind"`
	Sections    []Section  `json:"sections"`
	GrantedAt   time.Time  `json:"granted_at"`
	WithdrawnAt *time.Time `json:"withdrawn_at,omitempty"`
}

// fileResponse is a family file; a section the caller may not read is
// absent (null), not empty.
type fileResponse struct {
	Family       familyJSON         `json:"family"`
	Sections     []Section          `json:"sections"`
	Goals        *[]goalJSON        `json:"goals"`
	Network      *[]memberJSON      `json:"network"`
	Actions      *[]actionJSON      `json:"actions"`
	Measurements *[]measurementJSON `json:"measurements"`
	Grants       *[]grantJSON       `json:"grants"`
	Ending       *endingJSON        `json:"ending,omitempty"`
	MinutesTotal int                `json:"minutes_total"`
}

func fileOut(fl File) fileResponse {
	out := fileResponse{Family: familyOut(fl.Family), Sections: fl.Sections}
	if fl.Ended {
		e := fl.Ending
		out.Ending = &endingJSON{EndedOn: e.EndedOn.Format("2006-01-02"), Reason: e.Reason, ReasonLabel: e.Reason.Label(), Note: e.Note, EndedBy: e.EndedByWho}
	}
	if fl.May(SectionGoals) {
		gs := []goalJSON{}
		for _, g := range fl.Goals {
			gs = append(gs, goalJSON{ID: g.ID, Domain: g.Domain, Goal: g.Goal, NextStep: g.NextStep, Progress: g.Progress})
		}
		out.Goals = &gs
	}
	if fl.May(SectionNetwork) {
		ms := []memberJSON{}
		for _, m := range fl.Network {
			ms = append(ms, memberJSON{Name: m.Name, Relation: m.Relation, Kind: m.Kind, Closeness: m.Closeness})
		}
		out.Network = &ms
	}
	if fl.May(SectionLog) {
		as := []actionJSON{}
		for _, a := range fl.Actions {
			as = append(as, actionJSON{ID: a.ID, Kind: a.Kind, HappenedOn: a.HappenedOn.Format("2006-01-02"), Subject: a.Subject, Outcome: a.Outcome, Minutes: a.Minutes, Event: a.Event, EventRef: a.EventRef})
		}
		out.Actions, out.MinutesTotal = &as, fl.MinutesTotal
	}
	if fl.May(SectionMeasures) {
		ms := []measurementJSON{}
		for _, m := range fl.Measurements {
			ms = append(ms, measurementJSON{Moment: m.Moment, MeasuredOn: m.MeasuredOn.Format("2006-01-02"), Quality: m.Quality, Burden: m.Burden, RestHours: m.RestHours})
		}
		out.Measurements = &ms
	}
	if fl.Own || fl.Write {
		gs := []grantJSON{}
		for _, g := range fl.Grants {
			gj := grantJSON{ID: g.ID, Name: g.UserName, Kind: g.Kind, Sections: g.Sections, GrantedAt: g.GrantedAt}
			if !g.WithdrawnAt.IsZero() {
				t := g.WithdrawnAt
				gj.WithdrawnAt = &t
			}
			if gj.Sections == nil {
				gj.Sections = []Section{}
			}
			gs = append(gs, gj)
		}
		out.Grants = &gs
	}
	if out.Sections == nil {
		out.Sections = []Section{}
	}
	return out
}

func (s *Service) apiFamily(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	fl, err := s.File(r.Context(), auth.FromContext(r.Context()), id)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, fileOut(fl))
}

type createdResponse struct {
	ID int64 `json:"id"`
}

type goalRequest struct {
	Domain   Domain `json:"domain" required:"true"`
	Goal     string `json:"goal" required:"true"`
	NextStep string `json:"next_step"`
	Progress int    `json:"progress"`
}

type actionRequest struct {
	Kind       ActionKind `json:"kind" required:"true"`
	HappenedOn string     `json:"happened_on" required:"true"`
	Subject    string     `json:"subject" required:"true"`
	Outcome    string     `json:"outcome"`
	Minutes    int        `json:"minutes"`
}

type measurementRequest struct {
	Moment     Moment `json:"moment" required:"true"`
	MeasuredOn string `json:"measured_on" required:"true"`
	Quality    int    `json:"quality_of_life" required:"true"`
	Burden     int    `json:"burden" required:"true"`
	RestHours  int    `json:"rest_hours_per_week" required:"true"`
}

type grantRequest struct {
	UserID   int64    `json:"user_id" required:"true"`
	Sections []string `json:"sections"`
}

// created decodes the request, runs the change and answers 201 with the id.
func (s *Service) created(w http.ResponseWriter, r *http.Request, body any, do func(p *auth.Principal, id int64) (int64, error)) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	if err := web.DecodeJSON(r, body); err != nil {
		s.apiFail(w, r, err)
		return
	}
	nid, err := do(auth.FromContext(r.Context()), id)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusCreated, createdResponse{ID: nid})
}

func (s *Service) apiAddGoal(w http.ResponseWriter, r *http.Request) {
	var in goalRequest
	s.created(w, r, &in, func(p *auth.Principal, id int64) (int64, error) {
		return s.AddGoal(r.Context(), p, id, GoalInput{Domain: string(in.Domain), Goal: in.Goal, NextStep: in.NextStep, Progress: strconv.Itoa(in.Progress)})
	})
}

func (s *Service) apiAddAction(w http.ResponseWriter, r *http.Request) {
	var in actionRequest
	s.created(w, r, &in, func(p *auth.Principal, id int64) (int64, error) {
		return s.AddAction(r.Context(), p, id, ActionInput{Kind: string(in.Kind), Date: in.HappenedOn, Subject: in.Subject, Outcome: in.Outcome, Minutes: strconv.Itoa(in.Minutes)})
	})
}

func (s *Service) apiAddMeasurement(w http.ResponseWriter, r *http.Request) {
	var in measurementRequest
	s.created(w, r, &in, func(p *auth.Principal, id int64) (int64, error) {
		return s.AddMeasurement(r.Context(), p, id, MeasureInput{Moment: string(in.Moment), Date: in.MeasuredOn, Quality: strconv.Itoa(in.Quality), Burden: strconv.Itoa(in.Burden), RestHours: strconv.Itoa(in.RestHours)})
	})
}

func (s *Service) apiInvite(w http.ResponseWriter, r *http.Request) {
	var in grantRequest
	s.created(w, r, &in, func(p *auth.Principal, id int64) (int64, error) {
		return s.Invite(r.Context(), p, id, InviteInput(in))
	})
}

func (s *Service) apiWithdraw(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	gid, err := web.PathID(r, "gid")
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	p := auth.FromContext(r.Context())
	if err := s.Withdraw(r.Context(), p, id, gid); err != nil {
		s.apiFail(w, r, err)
		return
	}
	fl, err := s.File(r.Context(), p, id)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, fileOut(fl))
}

type pilotOutcomeJSON struct {
	Pilot           Pilot     `json:"pilot,omitempty"`
	Families        web.Count `json:"families"`
	Measured        web.Count `json:"measured_families"`
	MeansShown      bool      `json:"means_shown"`
	QualityIntake   *float64  `json:"quality_of_life_intake,omitempty"`
	QualityFollowUp *float64  `json:"quality_of_life_follow_up,omitempty"`
	BurdenIntake    *float64  `json:"burden_intake,omitempty"`
	BurdenFollowUp  *float64  `json:"burden_follow_up,omitempty"`
	RestIntake      *float64  `json:"rest_hours_intake,omitempty"`
	RestFollowUp    *float64  `json:"rest_hours_follow_up,omitempty"`
}

func pilotOut(po PilotOutcome) pilotOutcomeJSON {
	out := pilotOutcomeJSON{Pilot: po.Pilot, Families: po.Families, Measured: po.Measured, MeansShown: po.MeansShown}
	if po.MeansShown {
		f := func(v float64) *float64 { r := float64(int(v*10+0.5)) / 10; return &r }
		out.QualityIntake, out.QualityFollowUp = f(po.QualityIntake), f(po.QualityFollowUp)
		out.BurdenIntake, out.BurdenFollowUp = f(po.BurdenIntake), f(po.BurdenFollowUp)
		out.RestIntake, out.RestFollowUp = f(po.RestIntake), f(po.RestFollowUp)
	}
	return out
}

type outcomesResponse struct {
	Pilots []pilotOutcomeJSON `json:"pilots"`
	Total  pilotOutcomeJSON   `json:"total"`
}

func (s *Service) apiOutcomes(w http.ResponseWriter, r *http.Request) {
	o, err := s.Outcomes(r.Context())
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	out := outcomesResponse{Total: pilotOut(o.Total)}
	for _, po := range o.Pilots {
		out.Pilots = append(out.Pilots, pilotOut(po))
	}
	web.WriteJSON(w, http.StatusOK, out)
}

type partyJSON struct {
	Party        Party `json:"party"`
	WithoutCents int64 `json:"cost_without_supporter_cents"`
	WithCents    int64 `json:"cost_with_supporter_cents"`
	SavingCents  int64 `json:"saving_cents"`
}

type scenarioJSON struct {
	Families           int         `json:"families"`
	Parties            []partyJSON `json:"parties"`
	SavingCents        int64       `json:"saving_cents"`
	SupporterCostCents int64       `json:"supporter_cost_cents"`
	NetCents           int64       `json:"net_cents"`
}

type driverJSON struct {
	Code        string        `json:"code"`
	Label       string        `json:"label"`
	CostWithout int           `json:"cost_without_supporter_euros"`
	CostWith    int           `json:"cost_with_supporter_euros"`
	Shares      map[Party]int `json:"shares_percent"`
}

type businessCaseResponse struct {
	Drivers            []driverJSON `json:"drivers"`
	SupporterCostEuros int          `json:"supporter_cost_per_family_euros"`
	ScenarioA          scenarioJSON `json:"scenario_a"`
	ScenarioB          scenarioJSON `json:"scenario_b"`
}

func scenarioOut(sc Scenario) scenarioJSON {
	out := scenarioJSON{Families: sc.Families, SavingCents: sc.Saving, SupporterCostCents: sc.SupporterCost, NetCents: sc.Net}
	for _, r := range sc.Rows {
		out.Parties = append(out.Parties, partyJSON{Party: r.Party, WithoutCents: r.Without, WithCents: r.With, SavingCents: r.Saving})
	}
	return out
}

func (s *Service) apiBusinessCase(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	da, db := s.scenarioDefaults(r)
	a, b, err := ParseScenarioFamilies(q.Get("families_a"), q.Get("families_b"), da, db)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	c, err := s.BusinessCase(r.Context())
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	out := businessCaseResponse{SupporterCostEuros: c.SupporterCost, ScenarioA: scenarioOut(c.Calculate(a)), ScenarioB: scenarioOut(c.Calculate(b))}
	for _, d := range c.Drivers {
		out.Drivers = append(out.Drivers, driverJSON{Code: d.Code, Label: DriverLabel(d.Code), CostWithout: d.CostWithout, CostWith: d.CostWith, Shares: d.Shares})
	}
	web.WriteJSON(w, http.StatusOK, out)
}

type mineFamilyJSON struct {
	Family    familyJSON `json:"family"`
	WorkingOn []goalJSON `json:"working_on"`
	// EasyRead are the page's easy-read lines about the file.
	EasyRead []string `json:"easy_read"`
}

type mineResponse struct {
	Families []mineFamilyJSON `json:"families"`
}

func (s *Service) apiMine(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	files, _, err := s.Own(r.Context(), p)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	out := mineResponse{Families: []mineFamilyJSON{}}
	for _, fl := range files {
		m := mineFamilyJSON{Family: familyOut(fl.Family), WorkingOn: []goalJSON{}, EasyRead: EasyRead(fl, p.Role != auth.RoleClient)}
		for _, g := range fl.Goals {
			if g.Progress < 100 {
				m.WorkingOn = append(m.WorkingOn, goalJSON{ID: g.ID, Domain: g.Domain, Goal: g.Goal, NextStep: g.NextStep, Progress: g.Progress})
			}
		}
		out.Families = append(out.Families, m)
	}
	web.WriteJSON(w, http.StatusOK, out)
}
