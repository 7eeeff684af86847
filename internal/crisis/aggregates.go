package crisis

import (
	"context"
	"database/sql"
	"sort"
	"time"

	"github.com/volwaardig/volwaardig/internal/web"
)

// MinCount is the smallest count the monitor shows; smaller counts are
// suppressed so no person can be recognised in a small region.
const MinCount = web.SmallCount

// TeamsTarget is the letters' number of regional C.O.T.s.
const TeamsTarget = 14

// RegionMonth is the number of crises of one region in one month.
type RegionMonth struct {
	Region string
	Month  string // jjjj-mm
	Crises web.Count
}

// MonthFigures are the national figures of one month.
type MonthFigures struct {
	Month     string
	Crises    web.Count
	Admission web.Count
	COT       web.Count
	// MedianHours is the median time from report to the clock's stop
	// (the person admitted, C.O.T. support started, or the crisis
	// resolved otherwise); -1 when fewer than MinCount stops make it
	// suppressed. WithinNorm counts the stops within the norm.
	MedianHours float64
	WithinNorm  web.Count
	Decided     int
	Stopped     int
}

// Aggregates are the crisis figures for the monitor: aggregates only, small
// numbers suppressed.
type Aggregates struct {
	Months       []MonthFigures
	Regions      []RegionMonth
	TeamsActive  int
	TeamsTarget  int
	MedianHours  float64 // over the whole period; -1 when suppressed
	Total        web.Count
	AdmissionAll web.Count
	COTAll       web.Count
}

// Aggregates computes the monitor's figures over the months from since.
func (s *Service) Aggregates(ctx context.Context, since time.Time) (Aggregates, error) {
	agg := Aggregates{TeamsTarget: TeamsTarget}
	var err error
	if agg.TeamsActive, err = s.store.activeTeams(ctx); err != nil {
		return agg, err
	}
	type monthAcc struct {
		crises, adm, cot, within, decided int
		hours                             []float64
	}
	months := map[string]*monthAcc{}
	regions := map[[2]string]int{}
	var allHours []float64
	var total, adm, cot int
	loc := web.Amsterdam()
	err = s.store.eachCaseTimes(ctx, func(region, decision string, reported, deadline time.Time, decided, admitted, closed sql.NullTime) {
		if reported.Before(since) {
			return
		}
		m := reported.In(loc).Format("2006-01")
		acc := months[m]
		if acc == nil {
			acc = &monthAcc{}
			months[m] = acc
		}
		acc.crises++
		total++
		regions[[2]string{region, m}]++
		switch Decision(decision) {
		case DecisionAdmission:
			acc.adm++
			adm++
		case DecisionCOT:
			acc.cot++
			cot++
		}
		if decided.Valid {
			acc.decided++
		}
		c := Case{ReportedAt: reported, DeadlineAt: deadline, Decision: Decision(decision), DecidedAt: nt(decided), AdmittedAt: nt(admitted), ClosedAt: nt(closed)}
		if at, by := c.ClockStopped(); by != StopNone {
			h := at.Sub(reported).Hours()
			acc.hours = append(acc.hours, h)
			allHours = append(allHours, h)
			if !at.After(deadline) {
				acc.within++
			}
		}
	})
	if err != nil {
		return agg, err
	}
	var keys []string
	for m := range months {
		keys = append(keys, m)
	}
	sort.Strings(keys)
	for _, m := range keys {
		a := months[m]
		agg.Months = append(agg.Months, MonthFigures{Month: m, Crises: web.Shown(a.crises), Admission: web.Shown(a.adm), COT: web.Shown(a.cot),
			MedianHours: median(a.hours), WithinNorm: web.Shown(a.within), Decided: a.decided, Stopped: len(a.hours)})
	}
	for k, n := range regions {
		agg.Regions = append(agg.Regions, RegionMonth{Region: k[0], Month: k[1], Crises: web.Shown(n)})
	}
	sort.Slice(agg.Regions, func(i, j int) bool {
		if agg.Regions[i].Region != agg.Regions[j].Region {
			return agg.Regions[i].Region < agg.Regions[j].Region
		}
		return agg.Regions[i].Month < agg.Regions[j].Month
	})
	agg.MedianHours, agg.Total, agg.AdmissionAll, agg.COTAll = median(allHours), web.Shown(total), web.Shown(adm), web.Shown(cot)
	suppress(&agg)
	return agg, nil
}

// suppress hides the small counts of the figures, and what would give one
// away by a difference, through web.Counts (DESIGN §3), for every role
// that sees the monitor. The sums a reader knows: a month's crises are its
// admissions, C.O.T. decisions and undecided ones; its decisions are those
// within the norm and the late ones; the period's figures are the months'
// together; a month's crises are its regions' together.
func suppress(agg *Aggregates) {
	var c web.Counts
	type monthCells struct{ crises, adm, cot, within, decided, stopped int }
	cells := make([]monthCells, len(agg.Months))
	byMonth := map[string]int{}
	for i, m := range agg.Months {
		byMonth[m.Month] = i
		x := monthCells{crises: c.Count(m.Crises.N), adm: c.Count(m.Admission.N), cot: c.Count(m.COT.N), within: c.Count(m.WithinNorm.N), decided: c.Unpublished(m.Decided), stopped: c.Unpublished(m.Stopped)}
		c.Sum(x.crises, x.decided, c.Unpublished(m.Crises.N-m.Decided))
		c.Sum(x.crises, x.stopped, c.Unpublished(m.Crises.N-m.Stopped))
		c.Sum(x.decided, x.adm, x.cot, c.Unpublished(m.Decided-m.Admission.N-m.COT.N))
		c.Sum(x.stopped, x.within, c.Unpublished(m.Stopped-m.WithinNorm.N))
		cells[i] = x
	}
	total, adm, cot := c.Count(agg.Total.N), c.Count(agg.AdmissionAll.N), c.Count(agg.COTAll.N)
	if len(cells) > 0 {
		var crisesParts, admParts, cotParts []int
		for _, x := range cells {
			crisesParts, admParts, cotParts = append(crisesParts, x.crises), append(admParts, x.adm), append(cotParts, x.cot)
		}
		c.Sum(total, crisesParts...)
		c.Sum(adm, admParts...)
		c.Sum(cot, cotParts...)
	}
	regionCells := make([]int, len(agg.Regions))
	perMonth := map[string][]int{}
	for i, r := range agg.Regions {
		regionCells[i] = c.Count(r.Crises.N)
		perMonth[r.Month] = append(perMonth[r.Month], regionCells[i])
	}
	for m, parts := range perMonth {
		if i, ok := byMonth[m]; ok {
			c.Sum(cells[i].crises, parts...)
		}
	}
	c.Suppress()
	hide := func(x *web.Count, i int) { x.Hidden = c.Hidden(i) }
	for i := range agg.Months {
		m, x := &agg.Months[i], cells[i]
		hide(&m.Crises, x.crises)
		hide(&m.Admission, x.adm)
		hide(&m.COT, x.cot)
		hide(&m.WithinNorm, x.within)
	}
	for i := range agg.Regions {
		hide(&agg.Regions[i].Crises, regionCells[i])
	}
	hide(&agg.Total, total)
	hide(&agg.AdmissionAll, adm)
	hide(&agg.COTAll, cot)
}

// median returns the median, or -1 when fewer than MinCount values would
// let a single case be read from it.
func median(xs []float64) float64 {
	if len(xs) < MinCount {
		return -1
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
