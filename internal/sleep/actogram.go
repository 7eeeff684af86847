package sleep

import (
	"fmt"
	"html/template"
	"math"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/chart"
)

// lineChart builds a trend chart with the baseline band.
func lineChart(id, title, desc string, labels []string, series, unit string, vals, lo, hi []float64, band string) chart.Line {
	return chart.Line{ID: id, Title: title, Desc: desc, Labels: labels, Series: []chart.Series{{Name: series, Values: vals}},
		BandLow: lo, BandHigh: hi, BandName: band, Unit: unit}
}

// actoBin is the width of one actogram bar.
const actoBin = 15 * time.Minute

// Actogram draws a double-plotted actogram of days nights starting at
// first (a date in loc): row i shows day i and day i+1 side by side (48
// hours), so a night is never cut at midnight. Bars are the mean activity
// counts of 15 minutes (wrist counts or, without a wrist sensor, the bed
// sensor's movement), on a light blue background where most of the quarter
// hour was scored as sleep (explained in a legend); an empty stretch has
// no data. Each row has a title
// with its date, and the nights table on the page is its data table. t
// translates the Dutch labels.
//
// The bar height is logarithmic (actoHeight): a night's movement is a few
// counts per minute against hundreds by day, so on a linear scale every
// night was a flat line (issue 11). The plot keeps a right margin wide
// enough for the last hour label, which used to be cut at the edge.
func Actogram(eps []EpochRow, first time.Time, days int, loc *time.Location, t func(string) string) template.HTML {
	bins := int(48 * time.Hour / actoBin)
	binW := float64(actoPlotRight-actoLeft) / float64(bins)
	h := actoTop + days*actoRowH + 48
	type agg struct {
		sum      float64
		n, sleep int
	}
	dayBins := map[string][]agg{}
	dayKey := func(d time.Time) string { return d.Format("2006-01-02") }
	counts := false
	for _, e := range eps {
		l := e.T.In(loc)
		v := e.Counts
		if math.IsNaN(v) {
			v = e.Movement
		} else {
			counts = true
		}
		if math.IsNaN(v) {
			continue
		}
		k := dayKey(l)
		if dayBins[k] == nil {
			dayBins[k] = make([]agg, bins/2)
		}
		b := (l.Hour()*60 + l.Minute()) / int(actoBin/time.Minute)
		a := &dayBins[k][b]
		a.sum += v
		a.n++
		if e.State == 'S' {
			a.sleep++
		}
	}
	// Wrist counts run to a few hundred per minute when awake (capped at
	// 300, Cole-Kripke's cap); the bed sensor's movement is 0-100.
	top := 300.0
	if !counts {
		top = 100
	}
	const width, left, rowH = actoWidth, actoLeft, actoRowH
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg class="chart" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="acto-t acto-d" xmlns="http://www.w3.org/2000/svg">`, width, h, width, h)
	fmt.Fprintf(&sb, `<title id="acto-t">%s</title><desc id="acto-d">%s</desc>`, template.HTMLEscapeString(t("Actogram van 30 nachten")),
		template.HTMLEscapeString(t("Elke rij toont twee dagen naast elkaar (48 uur), zodat een nacht niet bij middernacht wordt afgebroken. Hoe hoger de balk, hoe meer beweging; een lichtblauwe achtergrond betekent slaap. De tabel met nachten hieronder bevat dezelfde gegevens.")))
	for hr := 0; hr <= 48; hr += 6 {
		x := float64(left) + float64(hr)*float64(time.Hour/actoBin)*binW
		fmt.Fprintf(&sb, `<line x1="%.1f" x2="%.1f" y1="%d" y2="%d" stroke="#cccccc"/>`, x, x, actoTop-4, actoTop+days*rowH)
		fmt.Fprintf(&sb, `<text x="%.1f" y="%d" text-anchor="middle">%02d:00</text>`, x, actoTop-8, hr%24)
	}
	for i := range days {
		d := first.AddDate(0, 0, i)
		y := actoTop + i*rowH
		fmt.Fprintf(&sb, `<g><title>%s</title>`, template.HTMLEscapeString(d.Format("02-01-2006")))
		fmt.Fprintf(&sb, `<text x="%d" y="%d" text-anchor="end" dominant-baseline="middle">%s</text>`, left-6, y+rowH/2, d.Format("02-01"))
		fmt.Fprintf(&sb, `<line x1="%d" x2="%d" y1="%d" y2="%d" stroke="#767676" stroke-width="0.5"/>`, left, actoPlotRight, y+rowH, y+rowH)
		for half := range 2 {
			ab := dayBins[dayKey(d.AddDate(0, 0, half))]
			for b, a := range ab {
				if a.n == 0 {
					continue
				}
				x := float64(left) + float64(half*bins/2+b)*binW
				if 2*a.sleep > a.n {
					fmt.Fprintf(&sb, `<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="#cfe3f5"/>`, x, y+1, binW, rowH-1)
				}
				bh := actoHeight(a.sum/float64(a.n), top, float64(rowH-3))
				if bh == 0 {
					continue
				}
				fmt.Fprintf(&sb, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#154273"/>`, x, float64(y+rowH)-bh, math.Max(binW-0.3, 0.5), bh)
			}
		}
		sb.WriteString(`</g>`)
	}
	legend := "Balkhoogte: gemiddelde beweging per kwartier, op een logaritmische schaal zodat ook weinig beweging in de nacht zichtbaar is (tellingen per minuut, vol bij 300)."
	if !counts {
		legend = "Balkhoogte: gemiddelde beweging per kwartier volgens de bedsensor, op een logaritmische schaal zodat ook weinig beweging in de nacht zichtbaar is (vol bij 100)."
	}
	fmt.Fprintf(&sb, `<text x="%d" y="%d">%s</text>`, left, h-22, template.HTMLEscapeString(t(legend)))
	fmt.Fprintf(&sb, `<rect x="%d" y="%d" width="12" height="12" fill="#cfe3f5" stroke="#767676" stroke-width="0.5"/><text x="%d" y="%d">%s</text>`, left, h-14, left+16, h-4,
		template.HTMLEscapeString(t("Lichtblauwe achtergrond: volgens de rekenregel geslapen (meer dan de helft van het kwartier).")))
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}

// The actogram's geometry: the plot runs from actoLeft to actoPlotRight;
// the margin right of it holds half of the last hour label ("00:00", about
// 32 px at the charts' 12 px font).
const (
	actoWidth     = 960
	actoLeft      = 60
	actoPlotRight = actoWidth - 30
	actoTop       = 24
	actoRowH      = 22
)

// actoHeight is the bar height for a mean of v per minute in a row of
// full pixels: log(1+v)/log(1+top), at least 2 px when there was any
// movement (so a single movement in a quiet quarter hour shows), full at
// top and above.
func actoHeight(v, top, full float64) float64 {
	if !(v > 0) {
		return 0
	}
	return math.Max(2, full*math.Min(1, math.Log1p(v)/math.Log1p(top)))
}
