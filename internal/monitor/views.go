package monitor

import (
	"context"
	"errors"
	"time"

	"github.com/volwaardig/volwaardig/internal/orgs"
	"github.com/volwaardig/volwaardig/internal/web"
)

// Indicator reads one indicator; a missing one is a not-found error.
func (s *Service) Indicator(ctx context.Context, id int64) (Indicator, error) {
	in, err := s.store.indicator(ctx, id)
	if errors.Is(err, errNotFound) {
		return in, web.NotFound("Deze indicator bestaat niet.", "This indicator does not exist.")
	}
	if err != nil {
		return in, err
	}
	if in.ReviewedBy != 0 {
		names, err := s.users.DisplayNames(ctx, []int64{in.ReviewedBy})
		if err != nil {
			return in, err
		}
		in.ReviewerName = names[in.ReviewedBy]
	}
	return in, nil
}

// Periods lists the reporting periods, oldest first.
func (s *Service) Periods(ctx context.Context) ([]Period, error) { return s.store.periods(ctx, s.d) }

// periodByCode finds a period by its code.
func (s *Service) periodByCode(ctx context.Context, code string) (Period, bool, error) {
	ps, err := s.store.periods(ctx, s.d)
	if err != nil {
		return Period{}, false, err
	}
	for _, p := range ps {
		if p.Code == code {
			return p, true, nil
		}
	}
	return Period{}, false, nil
}

// choosePeriod is the period asked for by code, else the one holding
// today, else the latest; with no periods at all, today alone.
func (s *Service) choosePeriod(ps []Period, code string) (Period, bool) {
	for _, p := range ps {
		if p.Code == code {
			return p, true
		}
	}
	if code != "" {
		return Period{}, false
	}
	today := s.today()
	for _, p := range ps {
		if p.Contains(today) {
			return p, true
		}
	}
	if len(ps) > 0 {
		return ps[len(ps)-1], true
	}
	return Period{Name: "Vandaag", Starts: today, Ends: today}, true
}

// previous is the period before p (the latest that ended before p
// started), for the comparison.
func previous(ps []Period, p Period) (Period, bool) {
	var out Period
	found := false
	for _, q := range ps {
		if q.Ends.Before(p.Starts) && (!found || out.Ends.Before(q.Ends)) {
			out, found = q, true
		}
	}
	return out, found
}

// IndicatorView is an indicator with its reading and status in a period.
type IndicatorView struct {
	Indicator
	Reading     Reading
	Status      Status
	Reason      string
	Progress    float64
	HasProgress bool
}

// TargetText is the target as shown ("" for none).
func (v IndicatorView) TargetText() string {
	if !v.HasTarget {
		return ""
	}
	return FormatAmount(v.Target, v.Decimals)
}

// GoalView is a goal with its indicators; its status is the worst of
// theirs.
type GoalView struct {
	Goal
	Status     Status
	Indicators []IndicatorView
}

// ProjectView is a project with its goals and how current its knowledge
// products are.
type ProjectView struct {
	Project
	Goals          []GoalView
	KnowledgeStale bool
}

// LineView is an action line on the dashboard.
type LineView struct {
	ActionLine
	Projects []ProjectView
}

// Indicators lists the line's indicators in order.
func (l LineView) Indicators() []IndicatorView {
	var out []IndicatorView
	for _, p := range l.Projects {
		for _, g := range p.Goals {
			out = append(out, g.Indicators...)
		}
	}
	return out
}

// Dashboard is the monitor's overview for a period and region.
type Dashboard struct {
	Periods  []Period
	Period   Period
	Region   string
	Lines    []LineView
	FigureAt time.Time
	// Modules are the modules whose figures could be read now.
	Modules []string
}

// RegionLabel is the chosen region as shown ("" national).
func (d Dashboard) RegionLabel() string {
	if d.Region == "" {
		return ""
	}
	return orgs.RegionLabel(d.Region)
}

// staleAfter is when knowledge products count as not current: the letters
// ask that knowledge be updated regularly; a year is this product's rule.
const staleAfter = 365 * 24 * time.Hour

// Dashboard reads the hierarchy with every indicator's reading and status
// in the period (by code; "" the current one) and region ("" national).
func (s *Service) Dashboard(ctx context.Context, periodCode, region string) (Dashboard, error) {
	var errs []web.FieldError
	if region != "" && orgs.RegionName(region) == "" {
		errs = append(errs, field("regio", "Kies een zorgkantoorregio uit de lijst.", "Choose a care-office region from the list."))
	}
	ps, err := s.Periods(ctx)
	if err != nil {
		return Dashboard{}, err
	}
	per, ok := s.choosePeriod(ps, periodCode)
	if !ok {
		errs = append(errs, field("periode", "Kies een periode uit de lijst.", "Choose a period from the list."))
	}
	if err := web.Invalid(errs...); err != nil {
		return Dashboard{}, err
	}
	lines, err := s.store.hierarchy(ctx)
	if err != nil {
		return Dashboard{}, err
	}
	ix := s.readFigures(ctx)
	rc, err := s.newReadingContext(ctx, ix, per, region)
	if err != nil {
		return Dashboard{}, err
	}
	current, err := s.currentStatuses(ctx)
	if err != nil {
		return Dashboard{}, err
	}
	d := Dashboard{Periods: ps, Period: per, Region: region, FigureAt: ix.at, Modules: ix.modules}
	for _, l := range lines {
		d.Lines = append(d.Lines, s.lineView(l, rc, current))
	}
	return d, nil
}

// currentStatuses is the latest status per indicator and period.
func (s *Service) currentStatuses(ctx context.Context) (map[[2]int64]StatusEntry, error) {
	all, err := s.store.statuses(ctx, 0)
	if err != nil {
		return nil, err
	}
	out := map[[2]int64]StatusEntry{}
	for _, e := range all { // newest first
		k := [2]int64{e.IndicatorID, e.PeriodID}
		if _, seen := out[k]; !seen {
			out[k] = e
		}
	}
	return out, nil
}

func (s *Service) lineView(l ActionLine, rc readingContext, current map[[2]int64]StatusEntry) LineView {
	lv := LineView{ActionLine: l}
	for _, p := range l.Projects {
		pv := ProjectView{Project: p}
		if p.KnowledgeProducts > 0 {
			t := p.KnowledgeUpdated.Time()
			pv.KnowledgeStale = t.IsZero() || s.now().Sub(t) > staleAfter
		}
		for _, g := range p.Goals {
			gv := GoalView{Goal: g}
			var ss []Status
			for _, in := range g.Indicators {
				iv := IndicatorView{Indicator: in, Reading: rc.reading(in)}
				if e, ok := current[[2]int64{in.ID, rc.period.ID}]; ok {
					iv.Status, iv.Reason = e.Status, e.Reason
				}
				iv.Progress, iv.HasProgress = Progress(iv.Reading, in)
				ss = append(ss, iv.Status)
				gv.Indicators = append(gv.Indicators, iv)
			}
			gv.Status = Worst(ss...)
			pv.Goals = append(pv.Goals, gv)
		}
		lv.Projects = append(lv.Projects, pv)
	}
	return lv
}

// IndicatorDetail is one indicator with its history.
type IndicatorDetail struct {
	Indicator IndicatorView
	Goal      string
	Periods   []Period
	// PerPeriod is the indicator's reading and status in every period.
	PerPeriod []PeriodReading
	History   []StatusEntry
	// Snapshots are the daily readings of a computed indicator's figure
	// (national), oldest first.
	Snapshots []Snapshot
	Figures   []FigureInfo
}

// Figure is the module figure a computed indicator reads, by its label
// and module; nil for a hand-entered indicator or a figure no module
// offers now.
func (d IndicatorDetail) Figure() *FigureInfo {
	for _, f := range d.Figures {
		if d.Indicator.Kind == KindComputed && f.Key == d.Indicator.FigureKey {
			return &f
		}
	}
	return nil
}

// PeriodReading is an indicator's reading and status in one period.
type PeriodReading struct {
	Period  Period
	Reading Reading
	Status  Status
}

// Detail reads an indicator with its readings per period, its status
// history (with who set each status) and its snapshots.
func (s *Service) Detail(ctx context.Context, id int64) (IndicatorDetail, error) {
	in, err := s.Indicator(ctx, id)
	if err != nil {
		return IndicatorDetail{}, err
	}
	ps, err := s.Periods(ctx)
	if err != nil {
		return IndicatorDetail{}, err
	}
	ix := s.readFigures(ctx)
	current, err := s.currentStatuses(ctx)
	if err != nil {
		return IndicatorDetail{}, err
	}
	d := IndicatorDetail{Periods: ps, Figures: ix.national()}
	cur, _ := s.choosePeriod(ps, "")
	for _, p := range ps {
		rc, err := s.newReadingContext(ctx, ix, p, "")
		if err != nil {
			return IndicatorDetail{}, err
		}
		pr := PeriodReading{Period: p, Reading: rc.reading(in)}
		if e, ok := current[[2]int64{in.ID, p.ID}]; ok {
			pr.Status = e.Status
		}
		d.PerPeriod = append(d.PerPeriod, pr)
	}
	rc, err := s.newReadingContext(ctx, ix, cur, "")
	if err != nil {
		return IndicatorDetail{}, err
	}
	d.Indicator = IndicatorView{Indicator: in, Reading: rc.reading(in)}
	if e, ok := current[[2]int64{in.ID, cur.ID}]; ok {
		d.Indicator.Status, d.Indicator.Reason = e.Status, e.Reason
	}
	d.Indicator.Progress, d.Indicator.HasProgress = Progress(d.Indicator.Reading, in)
	if d.History, err = s.store.statuses(ctx, id); err != nil {
		return IndicatorDetail{}, err
	}
	ids := make([]int64, 0, len(d.History))
	for _, e := range d.History {
		ids = append(ids, e.SetBy)
	}
	names, err := s.users.DisplayNames(ctx, ids)
	if err != nil {
		return IndicatorDetail{}, err
	}
	for i := range d.History {
		d.History[i].SetByName = names[d.History[i].SetBy]
	}
	if in.Kind == KindComputed {
		snaps, err := s.store.snapshots(ctx, "0000-01-01", "9999-12-31", in.FigureKey)
		if err != nil {
			return IndicatorDetail{}, err
		}
		for _, sn := range snaps {
			if sn.Region == "" {
				d.Snapshots = append(d.Snapshots, sn)
			}
		}
	}
	lines, err := s.store.hierarchy(ctx)
	if err != nil {
		return IndicatorDetail{}, err
	}
	for _, l := range lines {
		for _, p := range l.Projects {
			for _, g := range p.Goals {
				if g.ID == in.GoalID {
					d.Goal = p.Name + ": " + g.Name
				}
			}
		}
	}
	return d, nil
}
