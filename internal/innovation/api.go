package innovation

import (
	"net/http"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/web"
)

func (s *Service) apiRoutes(rt *web.Router) {
	edit := auth.Roles(auth.RoleAanbieder)
	api := func(summary string, req, resp any, status int, query ...web.Param) web.Option {
		return web.API(web.Spec{Summary: summary, Tag: "innovation", Request: req, Response: resp, Status: status, Query: query})
	}
	rt.HandleFunc("GET /api/v1/innovation/projects", auth.Roles(projectReaders...), s.apiProjects, api("The innovation projects of the caller's organisations", nil, projectsResponse{}, 0))
	rt.HandleFunc("POST /api/v1/innovation/projects", edit, s.apiCreate, api("Start a project with its care question", ProjectInput{}, projectResponse{}, http.StatusCreated))
	rt.HandleFunc("GET /api/v1/innovation/projects/{id}", auth.Roles(projectReaders...), s.apiProject, api("One project with its gates, plan, effects and scale-up", nil, projectResponse{}, 0))
	rt.HandleFunc("POST /api/v1/innovation/projects/{id}/gate", edit, s.apiGate, api("Record a go or no-go at the project's current gate", GateInput{}, projectResponse{}, 0))
	rt.HandleFunc("POST /api/v1/innovation/projects/{id}/matrix", edit, s.apiMatrix, api("Store the weighted decision matrix (weights add up to 100)", matrixRequest{}, projectResponse{}, 0))
	rt.HandleFunc("POST /api/v1/innovation/projects/{id}/advice", auth.Roles(auth.RoleNaaste), s.apiAdvice, api("Record the client council's advice at the current gate", AdviceInput{}, projectResponse{}, 0))
	rt.HandleFunc("GET /api/v1/innovation/technologies", auth.Roles(overview...), s.apiTechnologies,
		api("The technology catalogue", nil, technologiesResponse{}, 0, web.Param{Name: "theme", Description: "Only technologies of this theme (code)."}))
	rt.HandleFunc("POST /api/v1/innovation/technologies", edit, s.apiAddTechnology, api("Add a technology to the catalogue (costs as Dutch euro amounts)", TechnologyInput{}, technologyJSON{}, http.StatusCreated))
	rt.HandleFunc("GET /api/v1/innovation/figures", auth.Roles(figureReaders...), s.apiFigures, api("The programme figures, small person counts hidden", nil, figuresResponse{}, 0))
}

func (s *Service) apiFail(w http.ResponseWriter, r *http.Request, err error) {
	web.WriteJSONError(w, r, s.logger, err)
}

type projectJSON struct {
	ID               int64     `json:"id"`
	Organisation     string    `json:"organisation"`
	Kind             Kind      `json:"kind"`
	Title            string    `json:"title"`
	Theme            string    `json:"theme"`
	ClientGroup      string    `json:"client_group"`
	Question         string    `json:"question"`
	DiffClient       string    `json:"difference_client"`
	DiffProfessional string    `json:"difference_professional"`
	Involved         []string  `json:"involved"`
	Phase            Phase     `json:"phase"`
	Technology       string    `json:"technology,omitempty"`
	Approach         string    `json:"approach,omitempty"`
	ChoiceReason     string    `json:"choice_reason,omitempty"`
	StopCategory     string    `json:"stop_category,omitempty"`
	StopReason       string    `json:"stop_reason,omitempty"`
	UpdatedAt        time.Time `json:"updated_at"`
}

func toJSON(p Project) projectJSON {
	inv := p.Involved
	if inv == nil {
		inv = []string{}
	}
	return projectJSON{ID: p.ID, Organisation: p.OrganisationName, Kind: p.Kind, Title: p.Title, Theme: p.Theme, ClientGroup: p.ClientGroup, Question: p.Question,
		DiffClient: p.DiffClient, DiffProfessional: p.DiffProfessional, Involved: inv, Phase: p.Phase, Technology: p.TechnologyName, Approach: p.Approach,
		ChoiceReason: p.ChoiceReason, StopCategory: p.StopCategory, StopReason: p.StopReason, UpdatedAt: p.UpdatedAt}
}

type projectsResponse struct {
	Projects []projectJSON `json:"projects"`
}

type gateJSON struct {
	From      Phase     `json:"from"`
	To        Phase     `json:"to"`
	Decision  string    `json:"decision"`
	Reason    string    `json:"reason"`
	DecidedBy string    `json:"decided_by"`
	DecidedAt time.Time `json:"decided_at"`
}

type adviceJSON struct {
	Phase      Phase      `json:"phase"`
	Advice     string     `json:"advice"`
	GivenBy    string     `json:"given_by"`
	GivenAt    time.Time  `json:"given_at"`
	Answer     string     `json:"answer,omitempty"`
	AnsweredAt *time.Time `json:"answered_at,omitempty"`
}

type taskJSON struct {
	Step  string `json:"step"`
	Title string `json:"title"`
	Owner string `json:"owner"`
	Due   string `json:"due"`
	Risk  string `json:"risk,omitempty"`
	Done  bool   `json:"done"`
}

type measureJSON struct {
	Group    string   `json:"group"`
	Name     string   `json:"name"`
	Unit     string   `json:"unit,omitempty"`
	Baseline float64  `json:"baseline"`
	FollowUp *float64 `json:"follow_up,omitempty"`
}

type scaleJSON struct {
	Location string `json:"location"`
	Clients  int    `json:"clients"`
	On       string `json:"recorded_on"`
}

type rankedJSON struct {
	Technology string  `json:"technology"`
	Score      float64 `json:"weighted_score"`
}

type sleepJSON struct {
	// Shown is false when fewer than five participants have nights; the
	// numbers are then left out.
	Shown            bool     `json:"shown"`
	Nights           *int     `json:"nights,omitempty"`
	MeanSleepMinutes *float64 `json:"mean_sleep_minutes,omitempty"`
	MeanEfficiency   *float64 `json:"mean_efficiency,omitempty"`
}

type projectResponse struct {
	Project      projectJSON   `json:"project"`
	NextPhase    Phase         `json:"next_phase,omitempty"`
	Gates        []gateJSON    `json:"gates"`
	Advice       []adviceJSON  `json:"advice"`
	Ranking      []rankedJSON  `json:"ranking"`
	Tasks        []taskJSON    `json:"tasks"`
	Measures     []measureJSON `json:"measures"`
	Scale        []scaleJSON   `json:"scale"`
	Participants int           `json:"participants"`
	Sleep        *sleepJSON    `json:"sleep,omitempty"`
}

func viewJSON(v ProjectView) projectResponse {
	out := projectResponse{Project: toJSON(v.Project), Gates: []gateJSON{}, Advice: []adviceJSON{}, Ranking: []rankedJSON{}, Tasks: []taskJSON{}, Measures: []measureJSON{},
		Scale: []scaleJSON{}, Participants: v.ParticipantCount}
	if v.HasNext && !v.Stopped() {
		out.NextPhase = v.Next
	}
	for _, g := range v.Gates {
		out.Gates = append(out.Gates, gateJSON{From: g.From, To: g.To, Decision: g.Decision, Reason: g.Reason, DecidedBy: g.DecidedName, DecidedAt: g.DecidedAt})
	}
	for _, a := range v.Advice {
		j := adviceJSON{Phase: a.Phase, Advice: a.Text, GivenBy: a.GivenName, GivenAt: a.GivenAt, Answer: a.Answer}
		if !a.AnsweredAt.IsZero() {
			t := a.AnsweredAt
			j.AnsweredAt = &t
		}
		out.Advice = append(out.Advice, j)
	}
	for _, rk := range v.Ranking {
		out.Ranking = append(out.Ranking, rankedJSON{Technology: rk.Technology.Name, Score: float64(rk.Total) / 100})
	}
	for _, t := range v.Tasks {
		out.Tasks = append(out.Tasks, taskJSON{Step: t.Step, Title: t.Title, Owner: t.Owner, Due: dateText(t.Due), Risk: t.Risk, Done: !t.DoneAt.IsZero()})
	}
	for _, m := range v.Measures {
		out.Measures = append(out.Measures, measureJSON{Group: m.Group, Name: m.Name, Unit: m.Unit, Baseline: m.Baseline, FollowUp: m.FollowUp})
	}
	for _, sc := range v.Scale {
		out.Scale = append(out.Scale, scaleJSON{Location: sc.LocationName, Clients: sc.Clients, On: dateText(sc.RecordedOn)})
	}
	if v.Sleep != nil && v.Sleep.Available {
		sj := &sleepJSON{Shown: !v.Sleep.Suppressed}
		if sj.Shown {
			n, m, e := v.Sleep.Aggregate.Nights, v.Sleep.Aggregate.MeanSleepMinutes, v.Sleep.Aggregate.MeanEfficiency
			sj.Nights, sj.MeanSleepMinutes, sj.MeanEfficiency = &n, &m, &e
		}
		out.Sleep = sj
	}
	return out
}

func (s *Service) apiProjects(w http.ResponseWriter, r *http.Request) {
	ps, err := s.Projects(r.Context(), auth.FromContext(r.Context()))
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	out := projectsResponse{Projects: []projectJSON{}}
	for _, p := range ps {
		out.Projects = append(out.Projects, toJSON(p))
	}
	web.WriteJSON(w, http.StatusOK, out)
}

func (s *Service) writeProject(w http.ResponseWriter, r *http.Request, id int64, status int) {
	v, err := s.View(r.Context(), auth.FromContext(r.Context()), id)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	web.WriteJSON(w, status, viewJSON(v))
}

func (s *Service) apiCreate(w http.ResponseWriter, r *http.Request) {
	var in ProjectInput
	if err := web.DecodeJSON(r, &in); err != nil {
		s.apiFail(w, r, err)
		return
	}
	id, err := s.CreateProject(r.Context(), auth.FromContext(r.Context()), in)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	s.writeProject(w, r, id, http.StatusCreated)
}

func (s *Service) apiProject(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	s.writeProject(w, r, id, http.StatusOK)
}

func (s *Service) apiGate(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	var in GateInput
	if err := web.DecodeJSON(r, &in); err != nil {
		s.apiFail(w, r, err)
		return
	}
	if _, err := s.Decide(r.Context(), auth.FromContext(r.Context()), id, in); err != nil {
		s.apiFail(w, r, err)
		return
	}
	s.writeProject(w, r, id, http.StatusOK)
}

// matrixRequest is the decision matrix: each criterion with its weight
// (whole percent; together 100) and a score of 1 to 5 per candidate id.
type matrixRequest struct {
	Criteria []matrixCriterion `json:"criteria" required:"true"`
}

type matrixCriterion struct {
	Name   string         `json:"name" required:"true"`
	Weight int            `json:"weight" required:"true"`
	Scores map[string]int `json:"scores" required:"true"`
}

func (s *Service) apiMatrix(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	var in matrixRequest
	if err := web.DecodeJSON(r, &in); err != nil {
		s.apiFail(w, r, err)
		return
	}
	if len(in.Criteria) > maxCriteria {
		s.apiFail(w, r, web.BadInput("criteria", "Gebruik hoogstens 6 criteria.", "Use at most 6 criteria."))
		return
	}
	rows := make([]CriterionInput, len(in.Criteria))
	for i, c := range in.Criteria {
		rows[i] = CriterionInput{Name: c.Name, Weight: itoa(c.Weight), Scores: map[int64]string{}}
		for k, v := range c.Scores {
			t, err := parseID(k)
			if err != nil {
				s.apiFail(w, r, web.BadInput("scores", "De scores horen bij de id's van de technologieën op de lijst.", "Scores are keyed by the ids of the listed technologies."))
				return
			}
			rows[i].Scores[t] = itoa(v)
		}
	}
	if err := s.SaveMatrix(r.Context(), auth.FromContext(r.Context()), id, rows); err != nil {
		s.apiFail(w, r, err)
		return
	}
	s.writeProject(w, r, id, http.StatusOK)
}

func (s *Service) apiAdvice(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	var in AdviceInput
	if err := web.DecodeJSON(r, &in); err != nil {
		s.apiFail(w, r, err)
		return
	}
	if err := s.Advise(r.Context(), auth.FromContext(r.Context()), id, in); err != nil {
		s.apiFail(w, r, err)
		return
	}
	s.writeProject(w, r, id, http.StatusOK)
}

type technologyJSON struct {
	ID                 int64  `json:"id"`
	Name               string `json:"name"`
	Theme              string `json:"theme"`
	CareQuestions      string `json:"care_questions"`
	Pros               string `json:"pros"`
	Cons               string `json:"cons"`
	PurchaseCents      int64  `json:"purchase_cents"`
	YearlyCents        int64  `json:"yearly_cents"`
	Evidence           string `json:"evidence"`
	Supplier           string `json:"supplier"`
	CheckPrivacy       Check  `json:"check_privacy"`
	CheckSecurity      Check  `json:"check_security"`
	CheckInteroperable Check  `json:"check_interoperability"`
	CheckAccessibility Check  `json:"check_accessibility"`
	SleepMonitoring    bool   `json:"sleep_monitoring"`
}

func techJSON(t Technology) technologyJSON {
	return technologyJSON{ID: t.ID, Name: t.Name, Theme: t.Theme, CareQuestions: t.CareQuestions, Pros: t.Pros, Cons: t.Cons, PurchaseCents: t.PurchaseCents,
		YearlyCents: t.YearlyCents, Evidence: t.Evidence, Supplier: t.Supplier, CheckPrivacy: t.Privacy, CheckSecurity: t.Security, CheckInteroperable: t.Interop,
		CheckAccessibility: t.Accessibility, SleepMonitoring: t.SleepMonitor}
}

type technologiesResponse struct {
	Technologies []technologyJSON `json:"technologies"`
}

func (s *Service) apiTechnologies(w http.ResponseWriter, r *http.Request) {
	ts, err := s.Technologies(r.Context(), r.URL.Query().Get("theme"))
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	out := technologiesResponse{Technologies: []technologyJSON{}}
	for _, t := range ts {
		out.Technologies = append(out.Technologies, techJSON(t))
	}
	web.WriteJSON(w, http.StatusOK, out)
}

func (s *Service) apiAddTechnology(w http.ResponseWriter, r *http.Request) {
	var in TechnologyInput
	if err := web.DecodeJSON(r, &in); err != nil {
		s.apiFail(w, r, err)
		return
	}
	id, err := s.AddTechnology(r.Context(), auth.FromContext(r.Context()), in)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	t, err := s.Technology(r.Context(), id)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusCreated, techJSON(t))
}

type figureLine struct {
	Region               string    `json:"region"`
	Projects             int       `json:"projects"`
	OrganisationsActive  int       `json:"organisations_active"`
	OrganisationsStopped int       `json:"organisations_stopped"`
	Locations            int       `json:"locations"`
	Clients              web.Count `json:"clients"`
	RenewalTrajectories  int       `json:"renewal_trajectories"`
	RenewalOrganisations int       `json:"renewal_organisations"`
}

type figuresResponse struct {
	Technologies int          `json:"technologies"`
	National     figureLine   `json:"national"`
	Regions      []figureLine `json:"regions"`
	// Themes are the same figures per theme; region holds the theme's code.
	Themes []figureLine `json:"themes"`
}

func line(region string, t Totals, c web.Count) figureLine {
	return figureLine{Region: region, Projects: t.Projects, OrganisationsActive: t.OrgsActive, OrganisationsStopped: t.OrgsStopped, Locations: t.Locations, Clients: c,
		RenewalTrajectories: t.Renewal, RenewalOrganisations: t.RenewalOrgs}
}

func (s *Service) apiFigures(w http.ResponseWriter, r *http.Request) {
	d, err := s.figures(r)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	out := figuresResponse{Technologies: d.Technologies, National: line("", d.Totals, d.Clients), Regions: []figureLine{}}
	for _, rl := range d.Regions {
		out.Regions = append(out.Regions, line(rl.Region, rl.Totals, rl.Clients))
	}
	out.Themes = []figureLine{}
	for _, tl := range d.Themes {
		out.Themes = append(out.Themes, line(tl.Region, tl.Totals, tl.Clients))
	}
	web.WriteJSON(w, http.StatusOK, out)
}

func parseID(s string) (int64, error) {
	var n int64
	if s == "" || len(s) > 18 {
		return 0, errEuro
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, errEuro
		}
		n = n*10 + int64(r-'0')
	}
	return n, nil
}
