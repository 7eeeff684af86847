package innovation

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/web"
)

// sleepWeeks is how far back a project's sleep aggregate looks.
const sleepWeeks = 8

// ProjectView is everything the project page and API show.
type ProjectView struct {
	Project
	Level        Level
	Partners     []string
	Route        []RouteStep
	Next         Phase
	HasNext      bool
	Gates        []Gate
	Advice       []Advice
	OpenAdvice   int
	Candidates   []Technology
	Matrix       []Criterion
	Ranking      []Ranked
	Tasks        []Task
	TasksDone    int
	Measures     []Measure
	Scale        []ScaleLine
	ScaleClients int
	ScaleHistory []ScalePoint
	Locations    []NamedID
	// Participants are named only for the provider and its professionals;
	// the client council sees how many take part.
	Participants     []string
	ParticipantCount int
	Sleep            *SleepView
}

// RouteStep is a phase on the project's route with where the project is.
type RouteStep struct {
	Phase   Phase
	Done    bool
	Current bool
}

// NamedID is an option of a select list: chosen by name, sent by id.
type NamedID struct {
	ID   int64
	Name string
}

// ScalePoint is the total client count on a date.
type ScalePoint struct {
	On      time.Time
	Clients int
}

// SleepView is the project's sleep aggregate, or why it is not shown.
type SleepView struct {
	Available  bool
	Suppressed bool
	Clients    int
	Aggregate  SleepAggregate
	From, To   time.Time
}

// View reads the project with everything around it for p, auditing the
// names of participating clients p reads.
func (s *Service) View(ctx context.Context, p *auth.Principal, id int64) (ProjectView, error) {
	pr, lvl, err := s.load(ctx, p, id, LevelCouncil)
	if err != nil {
		return ProjectView{}, err
	}
	v := ProjectView{Project: pr, Level: lvl}
	ps := []Project{pr}
	if err := s.nameProjects(ctx, ps); err != nil {
		return v, err
	}
	v.Project = ps[0]
	partners, err := s.store.partners(ctx, id)
	if err != nil {
		return v, err
	}
	if len(partners) > 0 {
		names, err := s.orgs.Names(ctx, partners)
		if err != nil {
			return v, err
		}
		for _, o := range partners {
			v.Partners = append(v.Partners, names[o])
		}
		slices.Sort(v.Partners)
	}
	v.Route = routeSteps(pr)
	v.Next, v.HasNext = Next(pr.Kind, pr.Phase)
	if v.Gates, err = s.store.gates(ctx, id); err != nil {
		return v, err
	}
	if v.Advice, err = s.store.advice(ctx, id); err != nil {
		return v, err
	}
	if err := s.nameDecisions(ctx, v.Gates, v.Advice); err != nil {
		return v, err
	}
	for _, a := range v.Advice {
		if a.Answer == "" {
			v.OpenAdvice++
		}
	}
	if pr.Kind == KindTechnology {
		cands, err := s.store.candidates(ctx, id)
		if err != nil {
			return v, err
		}
		for _, c := range cands {
			t, err := s.store.technology(ctx, c)
			if err != nil {
				return v, err
			}
			v.Candidates = append(v.Candidates, t)
		}
		if v.Matrix, err = s.store.matrix(ctx, id); err != nil {
			return v, err
		}
		if len(v.Matrix) > 0 {
			v.Ranking = rank(v.Matrix, v.Candidates)
		}
	}
	if v.Tasks, err = s.store.tasks(ctx, id); err != nil {
		return v, err
	}
	sortTasks(v.Tasks)
	for _, t := range v.Tasks {
		if !t.DoneAt.IsZero() {
			v.TasksDone++
		}
	}
	if v.Measures, err = s.store.measures(ctx, id); err != nil {
		return v, err
	}
	if err := s.fillScale(ctx, &v); err != nil {
		return v, err
	}
	ids, err := s.store.participants(ctx, id)
	if err != nil {
		return v, err
	}
	v.ParticipantCount = len(ids)
	if lvl >= LevelContribute && len(ids) > 0 {
		names, err := s.reg.Names(ctx, ids)
		if err != nil {
			return v, err
		}
		evs := make([]audit.Event, 0, len(ids))
		for _, c := range ids {
			evs = append(evs, audit.Event{Action: audit.ActionRead, ClientID: c, Object: "client_list", ObjectID: "innovation_project:" + strconv.FormatInt(id, 10), Purpose: audit.PurposeCare})
		}
		if err := audit.RecordAll(ctx, s.aud, p, evs); err != nil {
			return v, err
		}
		for _, c := range ids {
			v.Participants = append(v.Participants, names[c])
		}
	}
	if pr.Kind == KindTechnology && pr.TechnologyID != 0 {
		t, err := s.store.technology(ctx, pr.TechnologyID)
		if err != nil {
			return v, err
		}
		if t.SleepMonitor {
			sv, err := s.sleepView(ctx, ids)
			if err != nil {
				return v, err
			}
			v.Sleep = &sv
		}
	}
	return v, nil
}

// sleepView reads the participants' nights aggregated; under
// web.SmallCount clients with nights it shows nothing, since a reader of
// the project could work out one client's nights from a small group.
func (s *Service) sleepView(ctx context.Context, ids []int64) (SleepView, error) {
	to := s.now()
	from := to.AddDate(0, 0, -7*sleepWeeks)
	sv := SleepView{From: from, To: to}
	if s.sleep == nil {
		return sv, nil
	}
	sv.Available = true
	if len(ids) == 0 {
		sv.Suppressed = true
		return sv, nil
	}
	agg, err := s.sleep.NightsAggregate(ctx, ids, from, to)
	if err != nil {
		return sv, err
	}
	sv.Clients = agg.Clients
	if agg.Clients < web.SmallCount {
		sv.Suppressed = true
		return sv, nil
	}
	// A week with fewer clients than the threshold is left out for the
	// same reason.
	weeks := agg.Weeks[:0:0]
	for _, w := range agg.Weeks {
		if w.Clients >= web.SmallCount {
			weeks = append(weeks, w)
		}
	}
	agg.Weeks = weeks
	sv.Aggregate = agg
	return sv, nil
}

func routeSteps(pr Project) []RouteStep {
	r := Route(pr.Kind)
	cur := slices.Index(r, pr.Phase)
	out := make([]RouteStep, len(r))
	for i, ph := range r {
		out[i] = RouteStep{Phase: ph, Done: cur >= 0 && i < cur, Current: i == cur}
	}
	return out
}

func (s *Service) nameDecisions(ctx context.Context, gs []Gate, as []Advice) error {
	var ids []int64
	for _, g := range gs {
		ids = append(ids, g.DecidedBy)
	}
	for _, a := range as {
		ids = append(ids, a.GivenBy, a.AnsweredBy)
	}
	if len(ids) == 0 {
		return nil
	}
	names, err := s.users.DisplayNames(ctx, ids)
	if err != nil {
		return err
	}
	for i := range gs {
		gs[i].DecidedName = names[gs[i].DecidedBy]
	}
	for i := range as {
		as[i].GivenName, as[i].AnswerName = names[as[i].GivenBy], names[as[i].AnsweredBy]
	}
	return nil
}

// fillScale sets the latest count per location, the total and the history
// of the total.
func (s *Service) fillScale(ctx context.Context, v *ProjectView) error {
	hist, err := s.store.scaleHistory(ctx, v.ID)
	if err != nil {
		return err
	}
	locs, err := s.projectLocations(ctx, v.Project)
	if err != nil {
		return err
	}
	for id, name := range locs {
		v.Locations = append(v.Locations, NamedID{ID: id, Name: name})
	}
	slices.SortFunc(v.Locations, func(a, b NamedID) int {
		if a.Name < b.Name {
			return -1
		}
		if a.Name > b.Name {
			return 1
		}
		return 0
	})
	latest := map[int64]scaleRow{}
	for _, r := range hist {
		latest[r.LocationID] = r
		total := 0
		for _, l := range latest {
			total += l.Clients
		}
		if n := len(v.ScaleHistory); n > 0 && v.ScaleHistory[n-1].On.Equal(r.On) {
			v.ScaleHistory[n-1].Clients = total
		} else {
			v.ScaleHistory = append(v.ScaleHistory, ScalePoint{On: r.On, Clients: total})
		}
	}
	for loc, r := range latest {
		v.Scale = append(v.Scale, ScaleLine{LocationID: loc, LocationName: locs[loc], Clients: r.Clients, RecordedOn: r.On})
		v.ScaleClients += r.Clients
	}
	slices.SortFunc(v.Scale, func(a, b ScaleLine) int {
		if a.LocationName < b.LocationName {
			return -1
		}
		if a.LocationName > b.LocationName {
			return 1
		}
		return 0
	})
	return nil
}

// pickRequest is the client picker of a project's participants form. Its
// searches come back to the participants' section: the project page is
// long, and landing at its top hides the results.
func pickRequest(projectID, chosen int64) clients.PickRequest {
	return clients.PickRequest{Field: "client", Action: "/innovatie/projecten/" + strconv.FormatInt(projectID, 10) + "#sectie-deelnemers", Chosen: chosen}
}
