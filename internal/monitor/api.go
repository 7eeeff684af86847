package monitor

import (
	"net/http"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/web"
)

func (s *Service) apiRoutes(rt *web.Router) {
	read, edit := auth.Roles(readers...), auth.Roles(editors...)
	api := func(summary string, req, resp any, status int, query ...web.Param) web.Option {
		return web.API(web.Spec{Summary: summary, Tag: "monitor", Request: req, Response: resp, Status: status, Query: query})
	}
	periodParam := web.Param{Name: "period", Description: "The period's code; default the current period."}
	rt.HandleFunc("GET /api/v1/monitor/indicators", read, s.apiIndicators, api("Every indicator with its value and status in a period and region", nil, indicatorsResponse{}, 0,
		periodParam, web.Param{Name: "region", Description: "A care-office region code (ZK11); default national."}))
	rt.HandleFunc("POST /api/v1/monitor/indicators", edit, s.apiCreate, api("Add an indicator to a goal", IndicatorInput{}, indicatorResponse{}, http.StatusCreated))
	rt.HandleFunc("GET /api/v1/monitor/indicators/{id}", read, s.apiIndicator, api("One indicator with its value per period and its status history", nil, indicatorResponse{}, 0))
	rt.HandleFunc("POST /api/v1/monitor/indicators/{id}/status", edit, s.apiStatus, api("Set an indicator's status in a period, with the reason", StatusInput{}, indicatorResponse{}, 0))
	rt.HandleFunc("POST /api/v1/monitor/indicators/{id}/measurements", edit, s.apiMeasurement, api("Enter an indicator's value in a period by hand, with its source", MeasurementInput{}, indicatorResponse{}, 0))
	rt.HandleFunc("GET /api/v1/monitor/periods", read, s.apiPeriods, api("The reporting periods", nil, periodsResponse{}, 0))
	rt.HandleFunc("POST /api/v1/monitor/periods", edit, s.apiCreatePeriod, api("Add a reporting period (periods do not overlap)", PeriodInput{}, periodsResponse{}, http.StatusCreated))
	rt.HandleFunc("GET /api/v1/monitor/figures", read, s.apiFigures, api("The module figures an indicator may be computed from, now", nil, figuresResponse{}, 0))
	rt.HandleFunc("GET /api/v1/monitor/reports/{code}", auth.Public(), s.apiReport, api("A published progress report (public)", nil, Report{}, 0))
}

func (s *Service) apiFail(w http.ResponseWriter, r *http.Request, err error) {
	web.WriteJSONError(w, r, s.logger, err)
}

// indicatorJSON is an indicator with its value in a period.
type indicatorJSON struct {
	ID         int64  `json:"id"`
	ActionLine string `json:"action_line,omitempty"`
	Project    string `json:"project,omitempty"`
	Goal       string `json:"goal,omitempty"`
	Name       string `json:"name"`
	Kind       Kind   `json:"kind"`
	FigureKey  string `json:"figure_key,omitempty"`
	Unit       string `json:"unit"`
	Decimals   int    `json:"decimals"`
	Persons    bool   `json:"persons"`
	Target     *int   `json:"target,omitempty"`
	// Value is the reading (0 when source says there is none; "<5" for
	// a hidden count of people).
	Value       web.Count `json:"value"`
	ValueText   string    `json:"value_text"`
	Source      Source    `json:"source"`
	How         string    `json:"how"`
	Status      Status    `json:"status,omitempty"`
	Reason      string    `json:"status_reason,omitempty"`
	ProgressPct *float64  `json:"progress_pct,omitempty"`
}

func toJSON(iv IndicatorView, l, p, g string) indicatorJSON {
	j := indicatorJSON{ID: iv.ID, ActionLine: l, Project: p, Goal: g, Name: iv.Name, Kind: iv.Kind, FigureKey: iv.FigureKey, Unit: iv.Unit, Decimals: iv.Decimals, Persons: iv.Persons,
		ValueText: iv.Reading.Text(), Source: iv.Reading.Source, How: how(iv.Reading, iv.FigureKey), Status: iv.Status, Reason: iv.Reason}
	if iv.HasTarget {
		t := iv.Target
		j.Target = &t
	}
	if iv.Reading.Known() {
		j.Value = iv.Reading.Count()
	}
	if iv.HasProgress {
		pr := iv.Progress
		j.ProgressPct = &pr
	}
	return j
}

type indicatorsResponse struct {
	Period     periodJSON      `json:"period"`
	Region     string          `json:"region,omitempty"`
	Indicators []indicatorJSON `json:"indicators"`
}

type periodJSON struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Starts Day    `json:"starts"`
	Ends   Day    `json:"ends"`
}

func toPeriod(p Period) periodJSON {
	return periodJSON{Code: p.Code, Name: p.Name, Starts: p.Starts, Ends: p.Ends}
}

func (s *Service) apiIndicators(w http.ResponseWriter, r *http.Request) {
	d, err := s.Dashboard(r.Context(), r.URL.Query().Get("period"), r.URL.Query().Get("region"))
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	out := indicatorsResponse{Period: toPeriod(d.Period), Region: d.Region, Indicators: []indicatorJSON{}}
	for _, l := range d.Lines {
		for _, p := range l.Projects {
			for _, g := range p.Goals {
				for _, iv := range g.Indicators {
					out.Indicators = append(out.Indicators, toJSON(iv, l.Name, p.Name, g.Name))
				}
			}
		}
	}
	web.WriteJSON(w, http.StatusOK, out)
}

type statusJSON struct {
	Period string    `json:"period"`
	Status Status    `json:"status"`
	Reason string    `json:"reason"`
	SetBy  string    `json:"set_by"`
	SetAt  time.Time `json:"set_at"`
}

type periodValueJSON struct {
	Period    string `json:"period"`
	ValueText string `json:"value_text"`
	Source    Source `json:"source"`
	Status    Status `json:"status,omitempty"`
}

type indicatorResponse struct {
	Indicator indicatorJSON     `json:"indicator"`
	PerPeriod []periodValueJSON `json:"per_period"`
	History   []statusJSON      `json:"status_history"`
}

func (s *Service) indicatorJSON(w http.ResponseWriter, r *http.Request, id int64, status int) {
	d, err := s.Detail(r.Context(), id)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	out := indicatorResponse{Indicator: toJSON(d.Indicator, "", "", d.Goal), PerPeriod: []periodValueJSON{}, History: []statusJSON{}}
	for _, pr := range d.PerPeriod {
		out.PerPeriod = append(out.PerPeriod, periodValueJSON{Period: pr.Period.Code, ValueText: pr.Reading.Text(), Source: pr.Reading.Source, Status: pr.Status})
	}
	for _, e := range d.History {
		out.History = append(out.History, statusJSON{Period: e.PeriodName, Status: e.Status, Reason: e.Reason, SetBy: e.SetByName, SetAt: e.SetAt})
	}
	web.WriteJSON(w, status, out)
}

func (s *Service) apiIndicator(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	s.indicatorJSON(w, r, id, http.StatusOK)
}

func (s *Service) apiCreate(w http.ResponseWriter, r *http.Request) {
	var in IndicatorInput
	if err := web.DecodeJSON(r, &in); err != nil {
		s.apiFail(w, r, err)
		return
	}
	id, err := s.CreateIndicator(r.Context(), auth.FromContext(r.Context()), in)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	s.indicatorJSON(w, r, id, http.StatusCreated)
}

func (s *Service) apiStatus(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	var in StatusInput
	if err := web.DecodeJSON(r, &in); err != nil {
		s.apiFail(w, r, err)
		return
	}
	if err := s.SetStatus(r.Context(), auth.FromContext(r.Context()), id, in); err != nil {
		s.apiFail(w, r, err)
		return
	}
	s.indicatorJSON(w, r, id, http.StatusOK)
}

func (s *Service) apiMeasurement(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	var in MeasurementInput
	if err := web.DecodeJSON(r, &in); err != nil {
		s.apiFail(w, r, err)
		return
	}
	if err := s.PutMeasurement(r.Context(), auth.FromContext(r.Context()), id, in); err != nil {
		s.apiFail(w, r, err)
		return
	}
	s.indicatorJSON(w, r, id, http.StatusOK)
}

type periodsResponse struct {
	Periods []periodJSON `json:"periods"`
}

func (s *Service) writePeriods(w http.ResponseWriter, r *http.Request, status int) {
	ps, err := s.Periods(r.Context())
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	out := periodsResponse{Periods: []periodJSON{}}
	for _, p := range ps {
		out.Periods = append(out.Periods, toPeriod(p))
	}
	web.WriteJSON(w, status, out)
}

func (s *Service) apiPeriods(w http.ResponseWriter, r *http.Request) {
	s.writePeriods(w, r, http.StatusOK)
}

func (s *Service) apiCreatePeriod(w http.ResponseWriter, r *http.Request) {
	var in PeriodInput
	if err := web.DecodeJSON(r, &in); err != nil {
		s.apiFail(w, r, err)
		return
	}
	if _, err := s.CreatePeriod(r.Context(), in); err != nil {
		s.apiFail(w, r, err)
		return
	}
	s.writePeriods(w, r, http.StatusCreated)
}

type figuresResponse struct {
	Modules []string     `json:"modules"`
	Figures []FigureInfo `json:"figures"`
}

func (s *Service) apiFigures(w http.ResponseWriter, r *http.Request) {
	ix := s.readFigures(r.Context())
	out := figuresResponse{Modules: append([]string{}, ix.modules...), Figures: append([]FigureInfo{}, ix.national()...)}
	web.WriteJSON(w, http.StatusOK, out)
}

func (s *Service) apiReport(w http.ResponseWriter, r *http.Request) {
	rep, err := s.Published(r.Context(), r.PathValue("code"))
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, rep)
}
