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
func Actogram(eps []EpochRow, first time.Time, days int, loc *time.Location, t func(string) string) template.HTML {
	const left, top, rowH, width = 70, 24, 22, 960
	bins := int(48 * time.Hour / actoBin)
	binW := float64(width-left-10) / float64(bins)
	h := top + days*rowH + 48
	type agg struct {
		sum      float64
		n, sleep int
	}
	dayBins := map[string][]agg{}
	dayKey := func(d time.Time) string { return d.Format("2006-01-02") }
	maxV := 0.0
	for _, e := range eps {
		l := e.T.In(loc)
		v := e.Counts
		if math.IsNaN(v) {
			v = e.Movement
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
		maxV = math.Max(maxV, v)
	}
	_ = maxV
	// Scale: mean counts per minute, capped at 300 (Cole-Kripke's cap).
	scale := func(v float64) float64 { return math.Min(v, 300) / 300 }
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg class="chart" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="acto-t acto-d" xmlns="http://www.w3.org/2000/svg">`, width, h, width, h)
	fmt.Fprintf(&sb, `<title id="acto-t">%s</title><desc id="acto-d">%s</desc>`, template.HTMLEscapeString(t("Actogram van 30 nachten")),
		template.HTMLEscapeString(t("Elke rij toont twee dagen naast elkaar (48 uur), zodat een nacht niet bij middernacht wordt afgebroken. Hoe hoger de balk, hoe meer beweging; een lichtblauwe achtergrond betekent slaap. De tabel met nachten hieronder bevat dezelfde gegevens.")))
	for hr := 0; hr <= 48; hr += 6 {
		x := float64(left) + float64(hr)*float64(time.Hour/actoBin)*binW
		fmt.Fprintf(&sb, `<line x1="%.1f" x2="%.1f" y1="%d" y2="%d" stroke="#cccccc"/>`, x, x, top-4, top+days*rowH)
		fmt.Fprintf(&sb, `<text x="%.1f" y="%d" text-anchor="middle">%02d:00</text>`, x, top-8, hr%24)
	}
	for i := range days {
		d := first.AddDate(0, 0, i)
		y := top + i*rowH
		fmt.Fprintf(&sb, `<g><title>%s</title>`, template.HTMLEscapeString(d.Format("02-01-2006")))
		fmt.Fprintf(&sb, `<text x="%d" y="%d" text-anchor="end" dominant-baseline="middle">%s</text>`, left-6, y+rowH/2, d.Format("02-01"))
		fmt.Fprintf(&sb, `<line x1="%d" x2="%d" y1="%d" y2="%d" stroke="#767676" stroke-width="0.5"/>`, left, width-10, y+rowH, y+rowH)
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
				bh := float64(rowH-3) * scale(a.sum/float64(a.n))
				if bh < 0.5 {
					continue
				}
				fmt.Fprintf(&sb, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#154273"/>`, x, float64(y+rowH)-bh, math.Max(binW-0.3, 0.5), bh)
			}
		}
		sb.WriteString(`</g>`)
	}
	fmt.Fprintf(&sb, `<text x="%d" y="%d">%s</text>`, left, h-22, template.HTMLEscapeString(t("Balkhoogte: gemiddelde beweging per kwartier (tellingen per minuut, afgekapt op 300).")))
	fmt.Fprintf(&sb, `<rect x="%d" y="%d" width="12" height="12" fill="#cfe3f5" stroke="#767676" stroke-width="0.5"/><text x="%d" y="%d">%s</text>`, left, h-14, left+16, h-4,
		template.HTMLEscapeString(t("Lichtblauwe achtergrond: volgens de rekenregel geslapen (meer dan de helft van het kwartier).")))
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}
