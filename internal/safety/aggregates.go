package safety

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"time"

	"github.com/volwaardig/volwaardig/internal/web"
)

// QuarterFigures are one quarter's reports and advice requests, with the
// median time to the first contact (an adviser's message or step).
type QuarterFigures struct {
	Quarter string    `json:"quarter"` // jjjj-Qn
	Reports web.Count `json:"reports"`
	Advice  web.Count `json:"advice"`
	// MedianHours is the median of the hours from receipt to first
	// contact of the quarter's contacted reports and requests; null when
	// fewer than five make it.
	MedianHours *float64 `json:"median_hours_to_first_contact"`
}

// Aggregates are the module's figures for the monitor: per kind and
// quarter, and the time to first contact; counts of 1–4 hidden, with the
// complementary cells so the totals do not give them away.
type Aggregates struct {
	Quarters     []QuarterFigures `json:"quarters"`
	TotalReports web.Count        `json:"total_reports"`
	TotalAdvice  web.Count        `json:"total_advice"`
}

func quarterOf(t time.Time) string {
	t = t.In(web.Amsterdam())
	return fmt.Sprintf("%d-Q%d", t.Year(), (int(t.Month())-1)/3+1)
}

// Aggregates computes the figures of the reports since a moment.
func (s *Service) Aggregates(ctx context.Context, since time.Time) (Aggregates, error) {
	rs, err := s.store.contacts(ctx, since)
	if err != nil {
		return Aggregates{}, err
	}
	type acc struct {
		reports, advice int
		hours           []float64
	}
	byQ := map[string]*acc{}
	for _, r := range rs {
		q := quarterOf(r.CreatedAt)
		a := byQ[q]
		if a == nil {
			a = &acc{}
			byQ[q] = a
		}
		if r.Kind == KindAdvice {
			a.advice++
		} else {
			a.reports++
		}
		if !r.FirstContactAt.IsZero() {
			a.hours = append(a.hours, r.FirstContactAt.Sub(r.CreatedAt).Hours())
		}
	}
	quarters := make([]string, 0, len(byQ))
	for q := range byQ {
		quarters = append(quarters, q)
	}
	sort.Strings(quarters)
	var c web.Counts
	var repCells, advCells []int
	totalRep, totalAdv := 0, 0
	for _, q := range quarters {
		repCells = append(repCells, c.Count(byQ[q].reports))
		advCells = append(advCells, c.Count(byQ[q].advice))
		totalRep += byQ[q].reports
		totalAdv += byQ[q].advice
	}
	tr, ta := c.Count(totalRep), c.Count(totalAdv)
	c.Sum(tr, repCells...)
	c.Sum(ta, advCells...)
	c.Suppress()
	out := Aggregates{TotalReports: c.Value(tr), TotalAdvice: c.Value(ta), Quarters: []QuarterFigures{}}
	for i, q := range quarters {
		f := QuarterFigures{Quarter: q, Reports: c.Value(repCells[i]), Advice: c.Value(advCells[i])}
		if h := byQ[q].hours; len(h) >= web.SmallCount {
			sort.Float64s(h)
			m := h[len(h)/2]
			if len(h)%2 == 0 {
				m = (h[len(h)/2-1] + h[len(h)/2]) / 2
			}
			m = float64(int(m*10+0.5)) / 10
			f.MedianHours = &m
		}
		out.Quarters = append(out.Quarters, f)
	}
	return out, nil
}

func (s *Service) apiAggregates(w http.ResponseWriter, r *http.Request) {
	agg, err := s.Aggregates(r.Context(), s.now().AddDate(-2, 0, 0))
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, agg)
}
