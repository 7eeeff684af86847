package safety

import (
	"net/http"
	"net/url"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/web"
)

func (s *Service) apiRoutes(rt *web.Router) {
	api := func(summary string, req, resp any, errs ...int) web.Option {
		return web.API(web.Spec{Summary: summary, Tag: "safety", Request: req, Response: resp, Errors: errs})
	}
	adviser := auth.Roles(auth.RoleAanbieder)
	rt.HandleFunc("POST /api/v1/safety/reports", auth.Public(), s.apiSubmit,
		api("Report violence in care or ask for advice, without logging in; danger now and violence at home get routing advice only", submitRequest{}, submitResponse{}, http.StatusTooManyRequests), web.MaxBody(formLimit))
	rt.HandleFunc("POST /api/v1/safety/status", auth.Public(), s.apiStatus,
		api("The status of a report by its status code (posted, never in the URL)", statusRequest{}, reporterView{}, http.StatusTooManyRequests), web.MaxBody(4<<10))
	rt.HandleFunc("GET /api/v1/safety/reports", adviser, s.apiList,
		web.API(web.Spec{Summary: "The reports for the confidential adviser, one list per group of reporters", Tag: "safety", Response: reportsResponse{},
			Query: []web.Param{{Name: "group", Enum: []string{"clients", "professionals"}, Description: "clients (clients and relatives, the default) or professionals"}}}))
	rt.HandleFunc("GET /api/v1/safety/reports/{id}", adviser, s.apiGet, api("One report for its confidential adviser", nil, reportJSON{}))
	rt.HandleFunc("GET /api/v1/safety/aggregates", auth.Roles(auth.RoleProgramma, auth.RoleZorgkantoor), s.apiAggregates,
		api("Reports and advice requests per quarter of the last two years with the median time to first contact; counts of 1–4 hidden", nil, Aggregates{}))
	rt.HandleFunc("GET /api/v1/safety/reports/{id}/inspectorate", adviser, s.apiInspectorate, api("The fields the inspectorate (IGJ) asks for in a report of violence in the care relationship", nil, inspectorateJSON{}))
}

type submitRequest struct {
	Kind        string `json:"kind" required:"true" doc:"One of: advies,melding"`
	Situation   string `json:"situation" required:"true" doc:"One of: gevaar,thuis,zorg"`
	Provider    string `json:"provider,omitempty"`
	Group       string `json:"group,omitempty" doc:"One of: client,naaste,medewerker"`
	What        string `json:"what,omitempty"`
	Where       string `json:"where,omitempty"`
	WhoInvolved string `json:"who_involved,omitempty"`
	StillGoing  string `json:"still_going_on,omitempty" doc:"One of: ja,nee,weet_niet"`
	SafeNow     string `json:"safe_now,omitempty" doc:"One of: ja,nee,weet_niet"`
	Contact     string `json:"contact,omitempty"`
}

type submitResponse struct {
	// Routing is where the reporter is sent: 112, veilig_thuis or
	// vertrouwenspersoon.
	Routing string `json:"routing"`
	Advice  string `json:"advice"`
	Stored  bool   `json:"stored"`
	// StatusCode is given once, when a report was stored.
	StatusCode string `json:"status_code,omitempty"`
}

func (s *Service) apiSubmit(w http.ResponseWriter, r *http.Request) {
	var req submitRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	form := url.Values{"stap": {stepSituation}, "soort": {req.Kind}, "situatie": {req.Situation}}
	sit := Situation(req.Situation)
	if sit == SituationCare {
		form = url.Values{"stap": {stepStory}, "soort": {req.Kind}, "situatie": {req.Situation}, "aanbieder": {req.Provider}, "wie": {req.Group},
			"wat": {req.What}, "waar": {req.Where}, "betrokken": {req.WhoInvolved}, "nog_bezig": {req.StillGoing}, "veilig": {req.SafeNow}, "contact": {req.Contact}}
	}
	p := auth.FromContext(r.Context())
	f, errs := decodeFlow(form, groupOf(p))
	var providerID int64
	var region string
	if len(errs) == 0 && sit == SituationCare {
		var err error
		if providerID, region, _, err = s.findProvider(r.Context(), f.Provider); err != nil {
			s.rd.Fail(w, r, err)
			return
		}
	}
	if err := web.Invalid(errs...); err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	switch sit {
	case SituationDanger:
		_ = s.store.countRouting(r.Context(), monthOf(s.now()), sit)
		web.WriteJSON(w, http.StatusOK, submitResponse{Routing: "112", Advice: "Bel nu 112. Kunt u niet praten? Bel 112 en druk op 333 als u het nummer hoort."})
		return
	case SituationHome:
		_ = s.store.countRouting(r.Context(), monthOf(s.now()), sit)
		web.WriteJSON(w, http.StatusOK, submitResponse{Routing: "veilig_thuis", Advice: "Bel Veilig Thuis: 0800-2000, gratis, dag en nacht. U mag anoniem bellen. In gevaar? Bel 112."})
		return
	}
	addr := addressOf(r)
	if s.limit.over("melding", addr, s.cfg.MaxReports) {
		s.rd.Fail(w, r, &web.Error{Code: web.CodeRateLimited, Message: "Vanaf deze verbinding zijn al veel meldingen gedaan; probeer het over een uur opnieuw. Bent u in gevaar? Bel 112. Gebeurt het thuis? Bel Veilig Thuis: 0800-2000.",
			English: "Many reports were made from this connection; try again in an hour. In danger? Call 112. At home? Call Veilig Thuis: 0800-2000."})
		return
	}
	sub, err := s.Submit(r.Context(), p, f, providerID, region)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	s.limit.add("melding", addr)
	advice := "De vertrouwenspersoon van de zorgaanbieder krijgt uw bericht. Bewaar de statuscode: u ziet hem maar één keer."
	if f.SafeNow != AnswerYes {
		advice += " Bent u nu in gevaar? Bel 112."
	}
	web.WriteJSON(w, http.StatusOK, submitResponse{Routing: "vertrouwenspersoon", Advice: advice, Stored: true, StatusCode: sub.Code})
}

type statusRequest struct {
	Code string `json:"code" required:"true"`
}

type messageJSON struct {
	FromReporter bool      `json:"from_reporter"`
	Body         string    `json:"body"`
	CreatedAt    time.Time `json:"created_at"`
}

type reporterView struct {
	Kind      string        `json:"kind"`
	Status    string        `json:"status"`
	Provider  string        `json:"provider"`
	CreatedAt time.Time     `json:"created_at"`
	Messages  []messageJSON `json:"messages"`
}

func messagesJSON(ms []Message) []messageJSON {
	out := make([]messageJSON, 0, len(ms))
	for _, m := range ms {
		out = append(out, messageJSON{FromReporter: m.FromReporter, Body: m.Body, CreatedAt: m.CreatedAt})
	}
	return out
}

func (s *Service) apiStatus(w http.ResponseWriter, r *http.Request) {
	var req statusRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	addr := addressOf(r)
	if s.limit.over("code", addr, s.cfg.MaxLookups) {
		s.rd.Fail(w, r, &web.Error{Code: web.CodeRateLimited, Message: "Te vaak een verkeerde code. Probeer het over een uur opnieuw.", English: "Too many wrong codes. Try again in an hour."})
		return
	}
	rep, ok, err := s.Lookup(r.Context(), auth.FromContext(r.Context()), req.Code)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	if !ok {
		s.limit.add("code", addr)
		s.rd.Fail(w, r, web.NotFound("Deze code kennen wij niet.", "This code is not known."))
		return
	}
	web.WriteJSON(w, http.StatusOK, reporterView{Kind: string(rep.Kind), Status: string(rep.Status), Provider: rep.ProviderName, CreatedAt: rep.CreatedAt, Messages: messagesJSON(rep.Messages)})
}

type stepJSON struct {
	Step       int       `json:"step"`
	Title      string    `json:"title"`
	Choice     string    `json:"choice,omitempty"`
	Outcome    string    `json:"outcome"`
	RecordedAt time.Time `json:"recorded_at"`
	RecordedBy string    `json:"recorded_by"`
}

type reportJSON struct {
	ID               int64         `json:"id"`
	Kind             string        `json:"kind"`
	Group            string        `json:"group"`
	Provider         string        `json:"provider"`
	Client           string        `json:"client,omitempty"`
	Reporter         string        `json:"reporter,omitempty"`
	What             string        `json:"what"`
	Where            string        `json:"where,omitempty"`
	WhoInvolved      string        `json:"who_involved,omitempty"`
	StillGoing       string        `json:"still_going_on,omitempty"`
	SafeNow          string        `json:"safe_now"`
	Contact          string        `json:"contact,omitempty"`
	Status           string        `json:"status"`
	CreatedAt        time.Time     `json:"created_at"`
	FirstContactAt   *time.Time    `json:"first_contact_at,omitempty"`
	ClosedAt         *time.Time    `json:"closed_at,omitempty"`
	InspectorateAt   *time.Time    `json:"inspectorate_reported_at,omitempty"`
	InspectorateDuty bool          `json:"inspectorate_duty"`
	Decision         string        `json:"decision,omitempty"`
	Steps            []stepJSON    `json:"steps"`
	Messages         []messageJSON `json:"messages"`
}

func opt(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func toJSON(r Report) reportJSON {
	j := reportJSON{ID: r.ID, Kind: string(r.Kind), Group: string(r.Group), Provider: r.ProviderName, Client: r.ClientName, Reporter: r.ReporterName,
		What: r.What, Where: r.Where, WhoInvolved: r.Who, StillGoing: string(r.Ongoing), SafeNow: string(r.SafeNow), Contact: r.Contact, Status: string(r.Status),
		CreatedAt: r.CreatedAt, FirstContactAt: opt(r.FirstContactAt), ClosedAt: opt(r.ClosedAt), InspectorateAt: opt(r.IGJReportedAt), InspectorateDuty: r.IGJDuty(),
		Decision: r.Decision, Steps: []stepJSON{}, Messages: messagesJSON(r.Messages)}
	for _, st := range r.Steps {
		j.Steps = append(j.Steps, stepJSON{Step: st.Step, Title: st.Title(), Choice: st.Choice, Outcome: st.Outcome, RecordedAt: st.RecordedAt, RecordedBy: st.ByName})
	}
	return j
}

type reportsResponse struct {
	Reports []reportJSON `json:"reports"`
}

func (s *Service) apiList(w http.ResponseWriter, r *http.Request) {
	groups := clientGroups
	switch r.URL.Query().Get("group") {
	case "", "clients":
	case "professionals":
		groups = professionalGroups
	default:
		s.rd.Fail(w, r, web.BadInput("group", "Kies bij group: clients of professionals.", "Choose group: clients or professionals."))
		return
	}
	out := reportsResponse{Reports: []reportJSON{}}
	p := auth.FromContext(r.Context())
	if !IsAdviser(p) {
		// A provider account without the duty reaches no report: the
		// list is empty, as the page says who handles reports.
		web.WriteJSON(w, http.StatusOK, out)
		return
	}
	rs, err := s.AdviserList(r.Context(), p, groups)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	for _, rep := range rs {
		out.Reports = append(out.Reports, toJSON(rep))
	}
	web.WriteJSON(w, http.StatusOK, out)
}

// adviserReport is the report in the path as the confidential adviser
// reading it may see it; to anyone else, and for another provider's
// report, it does not exist. The pages and the API read it the same way.
func (s *Service) adviserReport(r *http.Request) (Report, error) {
	id, err := web.PathID(r, "id")
	if err != nil {
		return Report{}, err
	}
	p := auth.FromContext(r.Context())
	if !IsAdviser(p) {
		return Report{}, errReportNotFound()
	}
	return s.ForAdviser(r.Context(), p, id)
}

func (s *Service) apiGet(w http.ResponseWriter, r *http.Request) {
	rep, err := s.adviserReport(r)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, toJSON(rep))
}

// inspectorateJSON holds what the IGJ's form for a report of violence in
// the care relationship asks: the provider, when it happened and became
// known, what happened and where, who was involved (by role, the names
// stay with the provider), whether it goes on, and the measures taken
// (the meldcode steps and the decision).
type inspectorateJSON struct {
	Provider        string     `json:"provider"`
	ReportID        int64      `json:"report_id"`
	KnownAt         time.Time  `json:"known_at"`
	ReportedByGroup string     `json:"reported_by_group"`
	What            string     `json:"what"`
	Where           string     `json:"where"`
	WhoInvolved     string     `json:"who_involved"`
	StillGoing      string     `json:"still_going_on"`
	SafeNow         string     `json:"safe_now"`
	Measures        []stepJSON `json:"measures"`
	Decision        string     `json:"decision,omitempty"`
	ReportedToIGJAt *time.Time `json:"reported_to_inspectorate_at,omitempty"`
}

func (s *Service) apiInspectorate(w http.ResponseWriter, r *http.Request) {
	rep, err := s.adviserReport(r)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	if !rep.IGJDuty() {
		s.rd.Fail(w, r, web.NotFound("Een adviesvraag wordt niet bij de IGJ gemeld.", "An advice request is not reported to the inspectorate."))
		return
	}
	j := toJSON(rep)
	web.WriteJSON(w, http.StatusOK, inspectorateJSON{Provider: rep.ProviderName, ReportID: rep.ID, KnownAt: rep.CreatedAt, ReportedByGroup: string(rep.Group),
		What: rep.What, Where: rep.Where, WhoInvolved: rep.Who, StillGoing: string(rep.Ongoing), SafeNow: string(rep.SafeNow), Measures: j.Steps, Decision: rep.Decision, ReportedToIGJAt: opt(rep.IGJReportedAt)})
}
