package crisis

import (
	"html/template"
	"math"
	"net/http"
	"time"

	"github.com/volwaardig/volwaardig/internal/chart"
	"github.com/volwaardig/volwaardig/internal/web"
)

type monitorPage struct {
	Agg   Aggregates
	Chart template.HTML
	Table template.HTML
	Since time.Time
}

// monitorSince is the start of the monitor's period: the last twelve
// months, from the first of the month.
func monitorSince(now time.Time) time.Time {
	y, m, _ := now.In(web.Amsterdam()).AddDate(0, -11, 0).Date()
	return time.Date(y, m, 1, 0, 0, 0, 0, web.Amsterdam())
}

func (s *Service) handleMonitor(w http.ResponseWriter, r *http.Request) {
	since := monitorSince(s.now())
	agg, err := s.Aggregates(r.Context(), since)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lang := web.LangFromRequest(r)
	t := func(nl string) string { return s.rd.Catalog.Translate(lang, nl) }
	bars := chart.Bars{ID: "crisis-besluit", Title: t("Besluiten per maand: crisisopname en C.O.T.-ondersteuning"),
		Desc: t("Aantallen onder de 5 zijn weggelaten: geen staaf, in de tabel “<5”."), Unit: "",
		Format: suppressedFormat}
	adm, cot := chart.Series{Name: t("Crisisopname")}, chart.Series{Name: t("C.O.T.-ondersteuning")}
	for _, m := range agg.Months {
		bars.Categories = append(bars.Categories, m.Month)
		adm.Values = append(adm.Values, shown(m.Admission))
		cot.Values = append(cot.Values, shown(m.COT))
	}
	bars.Series = []chart.Series{adm, cot}
	d := monitorPage{Agg: agg, Since: since}
	if len(agg.Months) > 0 {
		d.Chart, d.Table = bars.ForScreens(), bars.Table()
	}
	s.rd.Render(w, r, http.StatusOK, s.tmpl["monitor"], web.Page{Title: "Crisis: cijfers voor de monitor", Data: d})
}

// shown is the value a chart draws for a possibly suppressed count: NaN
// for a suppressed one, so the chart draws no bar and its table says "<5"
// like the page's own tables, instead of a 0 that contradicts them.
func shown(c web.Count) float64 {
	if c.Hidden {
		return math.NaN()
	}
	return float64(c.N)
}

// suppressedFormat renders a chart value, a suppressed (NaN) count as
// "<5".
func suppressedFormat(v float64) string {
	if math.IsNaN(v) {
		return web.HiddenText
	}
	return chart.DutchNumber(v)
}
