package support

import (
	"context"

	"github.com/volwaardig/volwaardig/internal/web"
)

// PilotOutcome is one pilot's aggregate: the families in support now, the
// families measured at intake and follow-up, and the mean of each measure
// at both moments. The means are shown only with the count of measured
// families shown and at least web.SmallCount of them: a mean of a few
// families says something about each of them.
type PilotOutcome struct {
	Pilot    Pilot
	Families web.Count
	Measured web.Count
	// MeansShown says whether the means below may be shown.
	MeansShown                     bool
	QualityIntake, QualityFollowUp float64
	BurdenIntake, BurdenFollowUp   float64
	RestIntake, RestFollowUp       float64
}

// Outcomes are the aggregates per pilot and over all pilots (last row),
// small counts suppressed (web.Counts with the total as the sum of the
// pilots, so no small count follows from the others).
type Outcomes struct {
	Pilots []PilotOutcome
	Total  PilotOutcome
}

type meanAcc struct {
	n                      int
	qi, qf, bi, bf, ri, rf float64
}

// Outcomes computes the aggregates over every family.
func (s *Service) Outcomes(ctx context.Context) (Outcomes, error) {
	ms, err := s.store.allMeasurements(ctx)
	if err != nil {
		return Outcomes{}, err
	}
	counts, err := s.store.activeFamilies(ctx)
	if err != nil {
		return Outcomes{}, err
	}
	active := map[Pilot]int{}
	for _, c := range counts {
		active[c.Pilot] += c.N
	}
	// Per family its intake and its latest follow-up (rows come in family
	// and date order).
	type pair struct {
		pilot          Pilot
		intake, follow *Measurement
	}
	byFamily := map[int64]*pair{}
	var order []int64
	for i := range ms {
		m := ms[i]
		pr := byFamily[m.FamilyID]
		if pr == nil {
			pr = &pair{pilot: m.Pilot}
			byFamily[m.FamilyID] = pr
			order = append(order, m.FamilyID)
		}
		meas := m.Measurement
		if m.Moment == MomentIntake && pr.intake == nil {
			pr.intake = &meas
		} else if m.Moment == MomentFollowUp {
			pr.follow = &meas
		}
	}
	acc := map[Pilot]*meanAcc{}
	total := &meanAcc{}
	for _, id := range order {
		pr := byFamily[id]
		if pr.intake == nil || pr.follow == nil {
			continue
		}
		a := acc[pr.pilot]
		if a == nil {
			a = &meanAcc{}
			acc[pr.pilot] = a
		}
		for _, x := range []*meanAcc{a, total} {
			x.n++
			x.qi += float64(pr.intake.Quality)
			x.qf += float64(pr.follow.Quality)
			x.bi += float64(pr.intake.Burden)
			x.bf += float64(pr.follow.Burden)
			x.ri += float64(pr.intake.RestHours)
			x.rf += float64(pr.follow.RestHours)
		}
	}
	var c web.Counts
	var famIdx, measIdx []int
	famTotal, measTotal := 0, 0
	for _, p := range Pilots() {
		famIdx = append(famIdx, c.Count(active[p]))
		famTotal += active[p]
		n := 0
		if a := acc[p]; a != nil {
			n = a.n
		}
		measIdx = append(measIdx, c.Count(n))
		measTotal += n
	}
	famAll, measAll := c.Count(famTotal), c.Count(measTotal)
	c.Sum(famAll, famIdx...)
	c.Sum(measAll, measIdx...)
	c.Suppress()
	out := Outcomes{}
	fill := func(po *PilotOutcome, a *meanAcc) {
		if a == nil || po.Measured.Hidden || a.n < web.SmallCount {
			return
		}
		n := float64(a.n)
		po.MeansShown = true
		po.QualityIntake, po.QualityFollowUp = a.qi/n, a.qf/n
		po.BurdenIntake, po.BurdenFollowUp = a.bi/n, a.bf/n
		po.RestIntake, po.RestFollowUp = a.ri/n, a.rf/n
	}
	for i, p := range Pilots() {
		po := PilotOutcome{Pilot: p, Families: c.Value(famIdx[i]), Measured: c.Value(measIdx[i])}
		fill(&po, acc[p])
		out.Pilots = append(out.Pilots, po)
	}
	out.Total = PilotOutcome{Families: c.Value(famAll), Measured: c.Value(measAll)}
	fill(&out.Total, total)
	return out, nil
}
