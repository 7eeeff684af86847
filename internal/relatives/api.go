package relatives

import (
	"net/http"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/web"
)

func (s *Service) apiRoutes(rt *web.Router) {
	api := func(summary string, req, resp any, status int, query ...web.Param) web.Option {
		return web.API(web.Spec{Summary: summary, Tag: "relatives", Request: req, Response: resp, Status: status, Query: query})
	}
	readers := auth.Roles(planReaders...)
	rt.HandleFunc("GET /api/v1/relatives/plans", readers, s.apiPlans, api("The caller's own plans and the plans shared with the caller", nil, plansResponse{}, 0))
	rt.HandleFunc("POST /api/v1/relatives/plans", relative, s.apiCreatePlan, api("Make a plan (care will / good-life plan)", planRequest{}, planJSON{}, http.StatusCreated))
	rt.HandleFunc("GET /api/v1/relatives/plans/{id}", readers, s.apiPlan, api("One plan, with the sections the caller may see", nil, planJSON{}, 0))
	rt.HandleFunc("POST /api/v1/relatives/plans/{id}/shares", relative, s.apiShare, api("Share the caller's plan with an account, by name and role", shareRequest{}, shareJSON{}, http.StatusCreated))
	rt.HandleFunc("POST /api/v1/relatives/callbacks", relative, s.apiRequestCallback, api("Ask an expert by experience to call back", callbackRequest{}, callbackJSON{}, http.StatusCreated))
	rt.HandleFunc("GET /api/v1/relatives/callbacks", relative, s.apiCallbacks, api("The caller's call-back requests", nil, callbacksResponse{}, 0))
	rt.HandleFunc("POST /api/v1/relatives/survey", relative, s.apiRespond, web.API(web.Spec{Summary: "Answer the quality-of-life survey of the current cycle (once per cycle)", Tag: "relatives",
		Request: surveyRequest{}, Response: surveyResponse{}, Status: http.StatusCreated, Errors: []int{http.StatusConflict}}))
	rt.HandleFunc("GET /api/v1/relatives/survey/results", auth.Public(), s.apiResults, api("The survey's results per cycle; cycles with fewer than 5 respondents are suppressed", nil, resultsResponse{}, 0))
	rt.HandleFunc("GET /api/v1/relatives/respite", auth.Roles(auth.RoleNaaste, auth.RoleZorgverlener, auth.RoleOndersteuner), s.apiRespite,
		api("Respite and part-time stay places by municipality and distance, region, dates and care need", nil, respiteResponse{}, 0,
			web.Param{Name: "region", Description: "Care-office region code, e.g. ZK11."},
			web.Param{Name: "municipality", Description: "The relative's municipality, CBS code (GM0355) or name (Zeist): places are then sorted by distance and carry km."},
			web.Param{Name: "max_km", Enum: []string{"10", "25", "50", "100"}, Description: "Only places within this distance of the municipality."},
			web.Param{Name: "from", Format: "date", Description: "First day of the stay (yyyy-mm-dd)."},
			web.Param{Name: "to", Format: "date", Description: "Last day of the stay (yyyy-mm-dd)."},
			web.Param{Name: "need", Enum: []string{"VG", "LVG", "LG", "ZG"}, Description: "Care need: the Wlz sector."}))
}

func (s *Service) apiFail(w http.ResponseWriter, r *http.Request, err error) {
	web.WriteJSONError(w, r, s.logger, err)
}

type planJSON struct {
	ID         int64             `json:"id"`
	Title      string            `json:"title"`
	Owner      string            `json:"owner"`
	Mine       bool              `json:"mine"`
	ClientID   int64             `json:"client_id,omitempty"`
	ClientName string            `json:"client_name,omitempty"`
	Sections   map[string]string `json:"sections"`
	ReviewAt   time.Time         `json:"review_at"`
	UpdatedAt  time.Time         `json:"updated_at"`
	Shares     []shareJSON       `json:"shares,omitempty"`
}

type shareJSON struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Sections  []string  `json:"sections"`
	GrantedAt time.Time `json:"granted_at"`
	Active    bool      `json:"active"`
}

func toPlanJSON(p *auth.Principal, pl Plan) planJSON {
	out := planJSON{ID: pl.ID, Title: pl.Title, Owner: pl.OwnerName, Mine: pl.Mine(p), ClientID: pl.ClientID, ClientName: pl.ClientName, Sections: map[string]string{},
		ReviewAt: pl.ReviewAt, UpdatedAt: pl.UpdatedAt}
	for _, c := range pl.Granted {
		out.Sections[c] = pl.Text[c]
	}
	for _, sh := range pl.Shares {
		out.Shares = append(out.Shares, shareJSON{ID: sh.ID, Name: sh.Name, Sections: sh.Sections, GrantedAt: sh.GrantedAt, Active: sh.Active()})
	}
	return out
}

type plansResponse struct {
	Plans  []planJSON `json:"plans"`
	Shared []planJSON `json:"shared"`
}

func (s *Service) apiPlans(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	own, shared, err := s.MyPlans(r.Context(), p)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	out := plansResponse{Plans: []planJSON{}, Shared: []planJSON{}}
	for _, pl := range own {
		out.Plans = append(out.Plans, toPlanJSON(p, pl))
	}
	for _, pl := range shared {
		out.Shared = append(out.Shared, toPlanJSON(p, pl))
	}
	web.WriteJSON(w, http.StatusOK, out)
}

// planRequest is a new plan: client_id 0 or absent for the relative's own
// document; sections by code (netwerk, dagritme, medisch, planb, taken);
// review as yyyy-mm-dd (empty: a year from now).
type planRequest struct {
	ClientID int64             `json:"client_id,omitempty"`
	Title    string            `json:"title" required:"true"`
	Sections map[string]string `json:"sections" required:"true"`
	Review   string            `json:"review,omitempty" doc:"Next review date, yyyy-mm-dd."`
}

func (s *Service) apiCreatePlan(w http.ResponseWriter, r *http.Request) {
	var req planRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		s.apiFail(w, r, err)
		return
	}
	p := auth.FromContext(r.Context())
	id, err := s.CreatePlan(r.Context(), p, PlanInput{ClientID: req.ClientID, Title: req.Title, Text: req.Sections, Review: req.Review})
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	pl, err := s.ReadPlan(r.Context(), p, id)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusCreated, toPlanJSON(p, pl))
}

func (s *Service) apiPlan(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	p := auth.FromContext(r.Context())
	pl, err := s.ReadPlan(r.Context(), p, id)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, toPlanJSON(p, pl))
}

// shareRequest names the account by its display name and role (naaste,
// client, ondersteuner, zorgverlener) and the sections it may see.
type shareRequest struct {
	Name     string   `json:"name" required:"true"`
	Role     string   `json:"role" required:"true"`
	Sections []string `json:"sections" required:"true"`
}

func (s *Service) apiShare(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	var req shareRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		s.apiFail(w, r, err)
		return
	}
	sh, err := s.SharePlan(r.Context(), auth.FromContext(r.Context()), id, ShareInput{Name: req.Name, Role: auth.Role(req.Role), Sections: req.Sections})
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusCreated, shareJSON{ID: sh.ID, Name: sh.Name, Sections: sh.Sections, GrantedAt: sh.GrantedAt, Active: true})
}

type callbackRequest struct {
	Topic     string `json:"topic" required:"true"`
	Phone     string `json:"phone" required:"true"`
	Preferred string `json:"preferred" required:"true" doc:"ochtend, middag or avond"`
	Question  string `json:"question,omitempty"`
}

type callbackJSON struct {
	ID          int64     `json:"id"`
	Topic       string    `json:"topic"`
	Preferred   string    `json:"preferred"`
	Status      string    `json:"status"`
	Expert      string    `json:"expert,omitempty"`
	RequestedAt time.Time `json:"requested_at"`
}

type callbacksResponse struct {
	Callbacks []callbackJSON `json:"callbacks"`
}

func (s *Service) apiRequestCallback(w http.ResponseWriter, r *http.Request) {
	var req callbackRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		s.apiFail(w, r, err)
		return
	}
	c, err := s.RequestCallback(r.Context(), auth.FromContext(r.Context()), CallbackInput(req))
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	if err := s.nameCallbacks(r.Context(), []Callback{c}); err != nil {
		s.apiFail(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusCreated, callbackJSON{ID: c.ID, Topic: c.Topic, Preferred: c.Preferred, Status: c.Status, RequestedAt: c.RequestedAt})
}

func (s *Service) apiCallbacks(w http.ResponseWriter, r *http.Request) {
	cs, err := s.MyCallbacks(r.Context(), auth.FromContext(r.Context()))
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	out := callbacksResponse{Callbacks: []callbackJSON{}}
	for _, c := range cs {
		out.Callbacks = append(out.Callbacks, callbackJSON{ID: c.ID, Topic: c.Topic, Preferred: c.Preferred, Status: c.Status, Expert: c.ExpertName, RequestedAt: c.RequestedAt})
	}
	web.WriteJSON(w, http.StatusOK, out)
}

type surveyRequest struct {
	Score        int    `json:"score" required:"true" doc:"Mark 1 to 10."`
	Quality      string `json:"quality" required:"true" doc:"zeer_goed, goed, redelijk, matig or slecht"`
	Happy        *bool  `json:"happy" required:"true"`
	Satisfaction string `json:"satisfaction" required:"true" doc:"tevreden, neutraal or niet_tevreden"`
	AlwaysReady  *bool  `json:"always_ready" required:"true"`
	Remarks      string `json:"remarks,omitempty"`
}

func (s *Service) apiRespond(w http.ResponseWriter, r *http.Request) {
	var req surveyRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		s.apiFail(w, r, err)
		return
	}
	if err := s.Respond(r.Context(), auth.FromContext(r.Context()), Answer(req)); err != nil {
		s.apiFail(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusCreated, surveyResponse{Cycle: cycleAt(s.now()).Name, Answered: true})
}

// surveyResponse confirms an answer: the cycle it counts in. It carries
// nothing of the answer, which is stored without the account.
type surveyResponse struct {
	Cycle    string `json:"cycle"`
	Answered bool   `json:"answered"`
}

type resultJSON struct {
	Cycle           string    `json:"cycle"`
	Respondents     web.Count `json:"respondents"`
	Published       bool      `json:"published"`
	Score           *float64  `json:"score"`
	GoodPct         *int      `json:"good_pct"`
	HappyPct        *int      `json:"happy_pct"`
	NotSatisfiedPct *int      `json:"not_satisfied_pct"`
	AlwaysReadyPct  *int      `json:"always_ready_pct"`
}

type resultsResponse struct {
	Cycles []resultJSON `json:"cycles"`
}

func (s *Service) apiResults(w http.ResponseWriter, r *http.Request) {
	rs, err := s.Results(r.Context())
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	out := resultsResponse{Cycles: []resultJSON{}}
	for _, x := range rs {
		j := resultJSON{Cycle: x.Cycle.Name, Respondents: x.Respondents, Published: x.Published}
		if x.Published {
			score := float64(x.Score) / 10
			j.Score, j.GoodPct, j.HappyPct, j.NotSatisfiedPct, j.AlwaysReadyPct = &score, &x.GoodPct, &x.HappyPct, &x.NotSatisfiedPct, &x.AlwaysReadyPct
		}
		out.Cycles = append(out.Cycles, j)
	}
	web.WriteJSON(w, http.StatusOK, out)
}

type respiteJSON struct {
	Name         string `json:"name"`
	Provider     string `json:"provider"`
	Location     string `json:"location"`
	City         string `json:"city"`
	Region       string `json:"region"`
	Kind         string `json:"kind"`
	Profiles     string `json:"profiles"`
	Availability string `json:"availability"`
	Phone        string `json:"phone"`
	Website      string `json:"website"`
	// Km is the distance from the municipality asked for (absent without one).
	Km *int `json:"km,omitempty"`
}

type respiteResponse struct {
	Places []respiteJSON `json:"places"`
}

func (s *Service) apiRespite(w http.ResponseWriter, r *http.Request) {
	if s.respite == nil {
		web.WriteJSON(w, http.StatusOK, respiteResponse{Places: []respiteJSON{}})
		return
	}
	qv := r.URL.Query()
	q, err := s.RespiteSearch(RespiteForm{Region: qv.Get("region"), Municipality: qv.Get("municipality"), MaxKm: qv.Get("max_km"), From: qv.Get("from"), To: qv.Get("to"), Need: qv.Get("need")})
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	ps, err := s.FindRespite(r.Context(), q)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	out := respiteResponse{Places: []respiteJSON{}}
	for _, p := range ps {
		j := respiteJSON{Name: p.Name, Provider: p.Provider, Location: p.Location, City: p.City, Region: p.Region, Kind: p.Kind,
			Profiles: p.Profiles, Availability: p.Availability, Phone: p.Phone, Website: p.Website}
		if p.Km >= 0 && q.Near.Code != "" {
			km := p.Km
			j.Km = &km
		}
		out.Places = append(out.Places, j)
	}
	web.WriteJSON(w, http.StatusOK, out)
}
