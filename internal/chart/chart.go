// Package chart draws accessible SVG charts: each chart is an image with a
// title and description for screen readers, and comes with the same figures
// as a data table, because many people would rather look than read and
// others can only read (DESIGN §3, WCAG 1.1.1).
package chart

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
)

// Series is one named row of values, one per category.
type Series struct {
	Name   string
	Values []float64
}

// Bars is a grouped bar chart: categories along the x axis, one bar per
// series in each category.
type Bars struct {
	ID         string // unique on the page; used for aria references
	Title      string
	Desc       string
	Categories []string
	Series     []Series
	Unit       string
	Width      int // default 640
	Height     int // default 320
	// Format renders a value for labels and the table (default: decimal
	// comma, up to one decimal).
	Format func(float64) string
}

// Line is a line chart over numbered or labelled points.
type Line struct {
	ID     string
	Title  string
	Desc   string
	Labels []string // x labels, one per point
	Series []Series
	// Band draws a shaded range (e.g. a personal baseline ± spread) behind
	// the first series; nil for none. Low and High have one value per point.
	BandLow, BandHigh []float64
	BandName          string
	// BandEnds names the band's two table columns after BandName; Dutch
	// ("laag", "hoog") when empty, so an English page can pass its own.
	BandEnds      [2]string
	Unit          string
	Width, Height int
	Format        func(float64) string
}

// palette has colours distinguishable for common colour-vision deficiencies
// (Okabe–Ito) and with 3:1 contrast against white; series also differ by
// pattern (dash) so colour is never the only cue.
var palette = []string{"#0072b2", "#d55e00", "#009e73", "#cc79a7", "#56b4e9", "#e69f00"}
var dashes = []string{"", "6 3", "2 3", "8 3 2 3", "1 2", "4 4"}

// DutchNumber formats with a decimal comma and at most one decimal.
func DutchNumber(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	s := strconv.FormatFloat(v, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	return strings.Replace(s, ".", ",", 1)
}

func esc(s string) string { return template.HTMLEscapeString(s) }

// niceMax is the top of the value axis: four equal steps of a round size
// (1, 1.5, 2, 2.5, 3 or 5 times a power of ten), so every gridline carries a round
// number. Steps of 1.5 and 2.5 are used only from 15 and 25 up: on a count axis 2,5 or 1,2
// is a number no reader expects.
func niceMax(v float64) float64 {
	if v <= 0 {
		return 4
	}
	raw := v / 4
	exp := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 1.5, 2, 2.5, 3, 5, 10} {
		if (m == 1.5 || m == 2.5) && exp < 10 {
			continue
		}
		if m*exp >= raw {
			return 4 * m * exp
		}
	}
	return 40 * exp
}

// SVG renders the bar chart.
func (b Bars) SVG() template.HTML {
	w, h := b.Width, b.Height
	if w == 0 {
		w = 640
	}
	if h == 0 {
		h = 320
	}
	f := b.Format
	if f == nil {
		f = DutchNumber
	}
	const right = 16
	left := 56
	// The legend's rows sit above the plot (one row fits in the first 16 px).
	top := max(16, legendRows(b.Series, left, w)*legendRowHeight+4)
	n := len(b.Categories)
	labels, rotated := categoryLabels(b.Categories, float64(w-left-right)/math.Max(float64(n), 1))
	if rotated && w < narrowWidth {
		return b.horizontalSVG(w, f)
	}
	if rotated {
		left = rotatedLeft(labels, w-right, left)
	}
	bottom := labelSpace(labels, rotated)
	if bottom > h/2 {
		// Long labels take room from the plot, never from themselves: the
		// chart grows rather than clip a category's name.
		h += bottom - h/2
	}
	pw, ph := float64(w-left-right), float64(h-top-bottom)
	maxV := niceMax(seriesMax(b.Series))
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg class="chart" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="%s-t %s-d" xmlns="http://www.w3.org/2000/svg">`, w, h, w, h, esc(b.ID), esc(b.ID))
	fmt.Fprintf(&sb, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, esc(b.ID), esc(b.Title), esc(b.ID), esc(b.Desc))
	for i := 0; i <= 4; i++ {
		v := maxV * float64(i) / 4
		y := float64(top) + ph - ph*float64(i)/4
		fmt.Fprintf(&sb, `<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#cccccc"/>`, left, w-right, y, y)
		fmt.Fprintf(&sb, `<text x="%d" y="%.1f" text-anchor="end" dominant-baseline="middle">%s</text>`, left-6, y, esc(f(v)))
	}
	if n > 0 && len(b.Series) > 0 {
		groupW := pw / float64(n)
		barW := groupW * 0.8 / float64(len(b.Series))
		for ci, cat := range b.Categories {
			x0 := float64(left) + groupW*float64(ci) + groupW*0.1
			for si, s := range b.Series {
				if ci >= len(s.Values) || math.IsNaN(s.Values[ci]) {
					continue
				}
				v := s.Values[ci]
				bh := ph * v / maxV
				x := x0 + barW*float64(si)
				fmt.Fprintf(&sb, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s" stroke="#1a1a1a" stroke-width="0.5"%s><title>%s, %s: %s</title></rect>`,
					x, float64(top)+ph-bh, math.Max(barW-2, 1), bh, palette[si%len(palette)], dashAttr(si), esc(cat), esc(s.Name), esc(f(v)))
			}
			writeCategoryLabel(&sb, labels[ci], rotated, x0+groupW*0.4, h-bottom+14)
		}
	}
	sb.WriteString(legend(b.Series, left, 4, w))
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}

// narrowWidth is the width under which a bar chart whose category names
// do not fit under their bars lies on its side: on a phone (the monitor
// draws its phone charts 340 wide) the turned names took so much room that
// the plot kept about 120 of its 340 px.
const narrowWidth = 480

// horizontalSVG draws the bar chart on its side: each category's name on
// the left, wrapped into lines and read straight, its bars to the right
// with their value at the end, the value axis below. The chart is as high
// as its categories need.
func (b Bars) horizontalSVG(w int, f func(float64) string) template.HTML {
	const gap, barH, rowPad = 8, 14, 10
	// Room on the right for the longest value written after its bar.
	right := 16
	for _, s := range b.Series {
		for _, v := range s.Values {
			if !math.IsNaN(v) {
				right = max(right, int(math.Ceil(float64(len([]rune(f(v))))*charWidth))+6)
			}
		}
	}
	// The names' column is two fifths of the chart, wider (up to a bit
	// over half) when a single word needs it, so no word is broken.
	longest := 0
	for _, c := range b.Categories {
		for _, word := range strings.Fields(c) {
			longest = max(longest, len([]rune(word)))
		}
	}
	labelW := max(w*40/100, min(int(math.Ceil(float64(longest)*charWidth))+gap+1, w*55/100))
	maxChars := max(int(float64(labelW-gap)/charWidth), 4)
	lines := make([][]string, len(b.Categories))
	for i, c := range b.Categories {
		lines[i] = wrapWords(c, maxChars)
	}
	top := 8
	if len(b.Series) > 1 {
		// One legend entry a line: side by side they run off a phone.
		top += len(b.Series)*18 + 4
	}
	rowH := make([]int, len(lines))
	plotH := 0
	for i, l := range lines {
		rowH[i] = max(len(l)*lineHeight, len(b.Series)*barH) + rowPad
		plotH += rowH[i]
	}
	h := top + plotH + 24
	left := labelW
	pw := float64(w - left - right)
	maxV := niceMax(seriesMax(b.Series))
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg class="chart chart--horizontal" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="%s-t %s-d" xmlns="http://www.w3.org/2000/svg">`, w, h, w, h, esc(b.ID), esc(b.ID))
	fmt.Fprintf(&sb, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, esc(b.ID), esc(b.Title), esc(b.ID), esc(b.Desc))
	for i := 0; i <= 4; i++ {
		v := maxV * float64(i) / 4
		x := float64(left) + pw*float64(i)/4
		// The last number is centred on its line when the right margin
		// holds its half, else it ends there: centred, it stays clear of
		// the number before it.
		anchor := "middle"
		if i == 4 && float64(len([]rune(f(v))))*charWidth/2 > float64(right) {
			anchor = "end"
		}
		fmt.Fprintf(&sb, `<line x1="%.1f" x2="%.1f" y1="%d" y2="%d" stroke="#cccccc"/>`, x, x, top, top+plotH)
		fmt.Fprintf(&sb, `<text x="%.1f" y="%d" text-anchor="%s">%s</text>`, x, top+plotH+16, anchor, esc(f(v)))
	}
	y := top
	for ci, cat := range b.Categories {
		mid := float64(y) + float64(rowH[ci])/2
		// The name's lines centred on the row, ending just left of the bars.
		ly := mid - float64(len(lines[ci])-1)*lineHeight/2
		fmt.Fprintf(&sb, `<text x="%d" y="%.1f" text-anchor="end" dominant-baseline="middle">`, left-gap, ly)
		for i, line := range lines[ci] {
			dy := 0
			if i > 0 {
				dy = lineHeight
			}
			fmt.Fprintf(&sb, `<tspan x="%d" dy="%d">%s</tspan>`, left-gap, dy, esc(line))
		}
		sb.WriteString(`</text>`)
		by := mid - float64(len(b.Series)*barH)/2
		for si, s := range b.Series {
			if ci >= len(s.Values) || math.IsNaN(s.Values[ci]) {
				continue
			}
			v := s.Values[ci]
			bw := pw * v / maxV
			ry := by + float64(si*barH)
			fmt.Fprintf(&sb, `<rect x="%d" y="%.1f" width="%.1f" height="%d" fill="%s" stroke="#1a1a1a" stroke-width="0.5"%s><title>%s, %s: %s</title></rect>`,
				left, ry+1, bw, barH-2, palette[si%len(palette)], dashAttr(si), esc(cat), esc(s.Name), esc(f(v)))
			fmt.Fprintf(&sb, `<text x="%.1f" y="%.1f" dominant-baseline="middle">%s</text>`, float64(left)+bw+4, ry+float64(barH)/2, esc(f(v)))
		}
		y += rowH[ci]
	}
	if len(b.Series) > 1 {
		for i, s := range b.Series {
			ly := 8 + i*18
			fmt.Fprintf(&sb, `<rect x="0" y="%d" width="12" height="12" fill="%s"/><text x="16" y="%d" dominant-baseline="hanging">%s</text>`, ly, palette[i%len(palette)], ly, esc(s.Name))
		}
	}
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}

// wrapWords splits s into lines of at most maxChars characters at its
// spaces; a word longer than a line is broken with a hyphen.
func wrapWords(s string, maxChars int) []string {
	var lines []string
	for _, word := range strings.Fields(s) {
		r := []rune(word)
		broken := false
		for len(r) > maxChars {
			lines = append(lines, string(r[:maxChars-1])+"-")
			r, broken = r[maxChars-1:], true
		}
		word = string(r)
		if k := len(lines) - 1; k >= 0 && !broken && len([]rune(lines[k]))+1+len(r) <= maxChars {
			lines[k] += " " + word
			continue
		}
		lines = append(lines, word)
	}
	if len(lines) == 0 {
		lines = []string{""}
	}
	return lines
}

// seriesMax is the largest value the series hold (0 for none); NaN marks a
// value that is not shown and counts for nothing.
func seriesMax(series []Series) float64 {
	m := 0.0
	for _, s := range series {
		for _, v := range s.Values {
			if !math.IsNaN(v) {
				m = math.Max(m, v)
			}
		}
	}
	return m
}

func dashAttr(i int) string {
	if d := dashes[i%len(dashes)]; d != "" {
		return fmt.Sprintf(` stroke-dasharray="%s"`, d)
	}
	return ""
}

// legendStep is the room one legend entry takes: its swatch and a name
// of about twenty characters at 12 px.
const legendStep, legendRowHeight = 150, 16

// legendRows is how many rows the legend of series needs between x and
// the chart's right edge w: entries that do not fit beside each other go
// to the next row, so none is drawn off a phone-wide chart.
func legendRows(series []Series, x, w int) int {
	if len(series) < 2 {
		return 0
	}
	per := max(1, (w-x)/legendStep)
	return (len(series) + per - 1) / per
}

func legend(series []Series, x, y, w int) string {
	if len(series) < 2 {
		return ""
	}
	per := max(1, (w-x)/legendStep)
	var sb strings.Builder
	for i, s := range series {
		lx, ly := x+(i%per)*legendStep, y+(i/per)*legendRowHeight
		fmt.Fprintf(&sb, `<rect x="%d" y="%d" width="12" height="12" fill="%s"/><text x="%d" y="%d" dominant-baseline="hanging">%s</text>`, lx, ly, palette[i%len(palette)], lx+16, ly, esc(s.Name))
	}
	return sb.String()
}

// Table renders the figures of the bar chart as an accessible table.
func (b Bars) Table() template.HTML {
	f := b.Format
	if f == nil {
		f = DutchNumber
	}
	return table(b.Title, "", b.Categories, b.Series, b.Unit, f)
}

func table(caption, firstHeader string, rows []string, series []Series, unit string, f func(float64) string) template.HTML {
	var sb strings.Builder
	sb.WriteString(`<div class="table-wrap"><table><caption>`)
	sb.WriteString(esc(caption))
	if unit != "" {
		sb.WriteString(" (" + esc(unit) + ")")
	}
	sb.WriteString(`</caption><thead><tr><th scope="col">` + esc(firstHeader) + `</th>`)
	for _, s := range series {
		sb.WriteString(`<th scope="col" class="num">` + esc(s.Name) + `</th>`)
	}
	sb.WriteString(`</tr></thead><tbody>`)
	for i, r := range rows {
		sb.WriteString(`<tr><th scope="row">` + esc(r) + `</th>`)
		for _, s := range series {
			v := math.NaN()
			if i < len(s.Values) {
				v = s.Values[i]
			}
			sb.WriteString(`<td class="num">` + esc(f(v)) + `</td>`)
		}
		sb.WriteString(`</tr>`)
	}
	sb.WriteString(`</tbody></table></div>`)
	return template.HTML(sb.String())
}

// SVG renders the line chart.
func (l Line) SVG() template.HTML {
	w, h := l.Width, l.Height
	if w == 0 {
		w = 640
	}
	if h == 0 {
		h = 280
	}
	f := l.Format
	if f == nil {
		f = DutchNumber
	}
	const left, right, bottom = 56, 16, 48
	// The legend's rows sit above the plot (one row fits in the first 24 px).
	top := max(24, legendRows(l.Series, left, w)*legendRowHeight+8)
	pw, ph := float64(w-left-right), float64(h-top-bottom)
	maxV := seriesMax(l.Series)
	for _, v := range l.BandHigh {
		if !math.IsNaN(v) {
			maxV = math.Max(maxV, v)
		}
	}
	maxV = niceMax(maxV)
	n := len(l.Labels)
	xAt := func(i int) float64 {
		if n <= 1 {
			return float64(left) + pw/2
		}
		return float64(left) + pw*float64(i)/float64(n-1)
	}
	yAt := func(v float64) float64 { return float64(top) + ph - ph*v/maxV }
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg class="chart" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="%s-t %s-d" xmlns="http://www.w3.org/2000/svg">`, w, h, w, h, esc(l.ID), esc(l.ID))
	fmt.Fprintf(&sb, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, esc(l.ID), esc(l.Title), esc(l.ID), esc(l.Desc))
	for i := 0; i <= 4; i++ {
		v := maxV * float64(i) / 4
		y := yAt(v)
		fmt.Fprintf(&sb, `<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#cccccc"/>`, left, w-right, y, y)
		fmt.Fprintf(&sb, `<text x="%d" y="%.1f" text-anchor="end" dominant-baseline="middle">%s</text>`, left-6, y, esc(f(v)))
	}
	if len(l.BandLow) == n && len(l.BandHigh) == n && n > 1 {
		var pts []string
		for i := 0; i < n; i++ {
			if !math.IsNaN(l.BandHigh[i]) {
				pts = append(pts, fmt.Sprintf("%.1f,%.1f", xAt(i), yAt(l.BandHigh[i])))
			}
		}
		for i := n - 1; i >= 0; i-- {
			if !math.IsNaN(l.BandLow[i]) {
				pts = append(pts, fmt.Sprintf("%.1f,%.1f", xAt(i), yAt(math.Max(l.BandLow[i], 0))))
			}
		}
		fmt.Fprintf(&sb, `<polygon points="%s" fill="#e8e8e8"><title>%s</title></polygon>`, strings.Join(pts, " "), esc(l.BandName))
	}
	// At most 12 labels, and no more than fit side by side: on a phone's
	// drawing (340 wide) twelve dates ran into each other.
	longest := 0
	for _, lb := range l.Labels {
		longest = max(longest, len([]rune(lb)))
	}
	fit := max(int(pw/(float64(longest)*charWidth+8)), 1)
	step := 1
	if most := min(12, fit); n > most {
		step = (n + most - 1) / most
	}
	for i := 0; i < n; i += step {
		// The last point sits at the plot's right edge, closer to the
		// chart's edge than half a label: centred there, a date label
		// loses its last digits, so it ends at its point instead.
		anchor := "middle"
		if n > 1 && i == n-1 {
			anchor = "end"
		}
		fmt.Fprintf(&sb, `<text x="%.1f" y="%d" text-anchor="%s">%s</text>`, xAt(i), h-bottom+18, anchor, esc(l.Labels[i]))
	}
	for si, s := range l.Series {
		var d strings.Builder
		pen := false
		for i, v := range s.Values {
			if i >= n || math.IsNaN(v) {
				pen = false
				continue
			}
			cmd := "L"
			if !pen {
				cmd = "M"
			}
			fmt.Fprintf(&d, "%s%.1f %.1f ", cmd, xAt(i), yAt(v))
			pen = true
		}
		fmt.Fprintf(&sb, `<path d="%s" fill="none" stroke="%s" stroke-width="2.5"%s/>`, strings.TrimSpace(d.String()), palette[si%len(palette)], dashAttr(si))
		for i, v := range s.Values {
			if i < n && !math.IsNaN(v) {
				fmt.Fprintf(&sb, `<circle cx="%.1f" cy="%.1f" r="3" fill="%s"><title>%s, %s: %s</title></circle>`, xAt(i), yAt(v), palette[si%len(palette)], esc(l.Labels[i]), esc(s.Name), esc(f(v)))
			}
		}
	}
	sb.WriteString(legend(l.Series, left, 2, w))
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}

// Table renders the line chart's figures (and the band, if any).
func (l Line) Table() template.HTML {
	f := l.Format
	if f == nil {
		f = DutchNumber
	}
	series := l.Series
	if len(l.BandLow) == len(l.Labels) && l.BandName != "" {
		ends := l.BandEnds
		if ends[0] == "" || ends[1] == "" {
			ends = [2]string{"laag", "hoog"}
		}
		series = append(append([]Series(nil), series...), Series{Name: l.BandName + " (" + ends[0] + ")", Values: l.BandLow}, Series{Name: l.BandName + " (" + ends[1] + ")", Values: l.BandHigh})
	}
	return table(l.Title, "", l.Labels, series, l.Unit, f)
}

// Category labels are shown whole (a reader must be able to tell which bar
// is which without the table): wrapped into at most labelLines lines under
// the bar when every word fits the bar's width, otherwise written whole at
// an angle with room made for the longest one.
const (
	labelLines   = 3
	charWidth    = 7.2 // px per character of DejaVu Sans at the chart's 12 px, a generous average
	lineHeight   = 13
	rotatedAngle = 35
)

// categoryLabels splits each category into lines that fit groupW, or
// reports that the labels must be rotated.
func categoryLabels(cats []string, groupW float64) ([][]string, bool) {
	maxChars := int(groupW / charWidth)
	out := make([][]string, len(cats))
	for i, c := range cats {
		var lines []string
		for _, word := range strings.Fields(c) {
			if len([]rune(word)) > maxChars {
				return rotatedLabels(cats), true
			}
			if k := len(lines) - 1; k >= 0 && len([]rune(lines[k]))+1+len([]rune(word)) <= maxChars {
				lines[k] += " " + word
				continue
			}
			lines = append(lines, word)
		}
		if len(lines) > labelLines {
			return rotatedLabels(cats), true
		}
		out[i] = lines
	}
	return out, false
}

func rotatedLabels(cats []string) [][]string {
	out := make([][]string, len(cats))
	for i, c := range cats {
		out[i] = []string{c}
	}
	return out
}

// rotatedLeft is the left margin that keeps every turned label inside the
// chart: a turned label runs down and to the left from under its bar, so a
// long first name ran off the chart's left edge ("…ties met
// zorgtechnologie" on the monitor). The plot narrows rather than clip it;
// a few rounds settle the margin, as a wider margin narrows the bars.
func rotatedLeft(labels [][]string, plotRight, minLeft int) int {
	cos := math.Cos(rotatedAngle * math.Pi / 180)
	left := float64(minLeft)
	for range 4 {
		groupW := (float64(plotRight) - left) / math.Max(float64(len(labels)), 1)
		need := left
		for i, l := range labels {
			width := float64(len([]rune(strings.Join(l, " ")))) * charWidth * cos
			// The label ends at the bar's middle (x0 + 0.4 groupW).
			if over := width + 4 - (left + groupW*(float64(i)+0.5)); over > 0 {
				need = math.Max(need, left+over)
			}
		}
		if need <= left {
			break
		}
		left = need
	}
	return int(math.Ceil(left))
}

// labelSpace is the bottom margin the labels need.
func labelSpace(labels [][]string, rotated bool) int {
	longest, lines := 0, 1
	for _, l := range labels {
		lines = max(lines, len(l))
		for _, line := range l {
			longest = max(longest, len([]rune(line)))
		}
	}
	if !rotated {
		return max(40, 14+lines*lineHeight)
	}
	return max(64, 24+int(float64(longest)*charWidth*math.Sin(rotatedAngle*math.Pi/180)))
}

func writeCategoryLabel(sb *strings.Builder, lines []string, rotated bool, x float64, y int) {
	if rotated {
		fmt.Fprintf(sb, `<text x="%.1f" y="%d" text-anchor="end" transform="rotate(-%d %.1f %d)">%s</text>`, x, y, rotatedAngle, x, y, esc(strings.Join(lines, " ")))
		return
	}
	fmt.Fprintf(sb, `<text x="%.1f" y="%d" text-anchor="middle">`, x, y)
	for i, line := range lines {
		dy := 0
		if i > 0 {
			dy = lineHeight
		}
		fmt.Fprintf(sb, `<tspan x="%.1f" dy="%d">%s</tspan>`, x, dy, esc(line))
	}
	sb.WriteString(`</text>`)
}
