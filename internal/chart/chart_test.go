package chart

import (
	"encoding/xml"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func wellFormed(t *testing.T, s string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(s))
	for {
		_, err := d.Token()
		if err != nil {
			if err.Error() == "EOF" {
				return
			}
			t.Fatalf("not well-formed: %v\n%s", err, s)
		}
	}
}

func TestBars(t *testing.T) {
	b := Bars{ID: "gap", Title: "Tekort <per> regio", Desc: "Aantal mensen zonder passende plek", Categories: []string{"Utrecht", "Zeeland & co"},
		Series: []Series{{Name: "Nu", Values: []float64{12, 3.5}}, {Name: "Vorig jaar", Values: []float64{8, math.NaN()}}}}
	svg := string(b.SVG())
	wellFormed(t, svg)
	for _, want := range []string{`role="img"`, `aria-labelledby="gap-t gap-d"`, "Tekort &lt;per&gt; regio", "Zeeland &amp; co", "3,5"} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
	if got := strings.Count(svg, "<rect "); got != 3+2 { // 3 bars (one NaN skipped) + 2 legend swatches
		t.Errorf("%d rects, want 5", got)
	}
	tbl := string(b.Table())
	wellFormed(t, tbl)
	for _, want := range []string{"<caption>Tekort &lt;per&gt; regio</caption>", `<th scope="row">Utrecht</th>`, `<td class="num">12</td>`, `<td class="num">–</td>`} {
		if !strings.Contains(tbl, want) {
			t.Errorf("table lacks %q in %s", want, tbl)
		}
	}
}

func TestLineWithBand(t *testing.T) {
	l := Line{ID: "tst", Title: "Slaaptijd", Desc: "Minuten per nacht", Labels: []string{"1-3", "2-3", "3-3"},
		Series: []Series{{Name: "Slaaptijd", Values: []float64{420, math.NaN(), 390}}}, BandLow: []float64{380, 380, 380}, BandHigh: []float64{450, 450, 450}, BandName: "Eigen gewoonte"}
	svg := string(l.SVG())
	wellFormed(t, svg)
	if strings.Count(svg, "<circle") != 2 {
		t.Error("NaN point drawn")
	}
	if !strings.Contains(svg, "<polygon") {
		t.Error("band missing")
	}
	tbl := string(l.Table())
	if !strings.Contains(tbl, "Eigen gewoonte (laag)") || !strings.Contains(tbl, "<td class=\"num\">420</td>") {
		t.Errorf("table: %s", tbl)
	}
}

func TestDutchNumber(t *testing.T) {
	for in, want := range map[float64]string{1: "1", 1.25: "1,2", 1.26: "1,3", 1000.5: "1000,5", math.NaN(): "–"} {
		if got := DutchNumber(in); got != want && !(math.IsNaN(in) && got == "–") {
			t.Errorf("DutchNumber(%v) = %q, want %q", in, got, want)
		}
	}
}

// TestBandColumnsNamed checks the band's table columns: Dutch by default,
// the page's own words when given (an English page said "(laag)").
func TestBandColumnsNamed(t *testing.T) {
	l := Line{Title: "t", Labels: []string{"a"}, Series: []Series{{Name: "s", Values: []float64{1}}},
		BandLow: []float64{0.5}, BandHigh: []float64{2}, BandName: "Baseline"}
	if h := string(l.Table()); !strings.Contains(h, "Baseline (laag)") || !strings.Contains(h, "Baseline (hoog)") {
		t.Errorf("default band columns: %s", h)
	}
	l.BandEnds = [2]string{"low", "high"}
	if h := string(l.Table()); !strings.Contains(h, "Baseline (low)") || strings.Contains(h, "laag") {
		t.Errorf("English band columns: %s", h)
	}
}

// TestBarLabelsWhole guards that a category's name is never cut off: the
// programme's figures chart showed "Anders gehol…" and "Maatwerkplekk…".
func TestBarLabelsWhole(t *testing.T) {
	for _, cats := range [][]string{
		{"In beeld", "Gaat verhuizen", "Verhuisd", "Anders geholpen", "Maatwerkplekken gerealiseerd", "Maatwerkplekken in gebruik"},
		{"Groningen", "Zuid-Hollandse Eilanden", "Noord- en Midden-Limburg"},
		{"a", "b"},
	} {
		vals := make([]float64, len(cats))
		for i := range vals {
			vals[i] = float64(i + 1)
		}
		svg := string(Bars{ID: "x", Title: "t", Categories: cats, Series: []Series{{Name: "s", Values: vals}}}.SVG())
		if strings.Contains(svg, "…") {
			t.Errorf("a label is cut off: %s", svg)
		}
		for _, c := range cats {
			for _, word := range strings.Fields(c) {
				if !strings.Contains(svg, word) {
					t.Errorf("label %q: word %q missing from the chart", c, word)
				}
			}
		}
	}
	labels, rotated := categoryLabels([]string{"In beeld", "Anders geholpen"}, 100)
	if rotated || len(labels[1]) != 2 {
		t.Errorf("short words should wrap under the bar, got %v rotated=%v", labels, rotated)
	}
	if _, rotated := categoryLabels([]string{"Maatwerkplekkengerealiseerd"}, 60); !rotated {
		t.Error("a word wider than its bar should turn the labels")
	}
}

// TestNiceMaxRoundTicks guards that every gridline is a round number: a
// count axis read 0; 1,2; 2,5; 3,8; 5 before.
func TestNiceMaxRoundTicks(t *testing.T) {
	for _, c := range []struct{ in, want float64 }{{4, 4}, {3, 4}, {5, 8}, {70, 80}, {100, 100}, {13, 20}, {0, 4}, {0.3, 0.4}, {9, 12}, {480, 600}} {
		if got := niceMax(c.in); got != c.want {
			t.Errorf("niceMax(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}

// TestRotatedLabelsInsideChart guards that a turned label stays inside the
// chart on the left: the monitor's first label read "…ties met
// zorgtechnologie", its start cut off by the chart's edge.
func TestRotatedLabelsInsideChart(t *testing.T) {
	cats := []string{"Zorgorganisaties met zorgtechnologie", "Vernieuwingstrajecten", "Zorgorganisaties in de vernieuwingstrajecten", "Kennisproducten"}
	svg := string(Bars{ID: "x", Title: "t", Categories: cats, Series: []Series{{Name: "s", Values: []float64{4, 3, 5, 17}}}}.SVG())
	re := regexp.MustCompile(`<text x="([0-9.]+)" y="[0-9]+" text-anchor="end" transform="rotate\(-35 [^)]*\)">([^<]+)</text>`)
	found := re.FindAllStringSubmatch(svg, -1)
	if len(found) != len(cats) {
		t.Fatalf("%d turned labels, want %d: %s", len(found), len(cats), svg)
	}
	for _, m := range found {
		x, _ := strconv.ParseFloat(m[1], 64)
		width := float64(len([]rune(m[2]))) * charWidth * math.Cos(rotatedAngle*math.Pi/180)
		if x-width < 0 {
			t.Errorf("label %q starts at x=%.0f, outside the chart", m[2], x-width)
		}
	}
}

// TestLastLineLabelInsideChart: the x label of a line's last point ends at
// the point instead of being centred on it, where half of it fell outside
// the chart (the scale-up chart read "30-11-20").
func TestLastLineLabelInsideChart(t *testing.T) {
	l := Line{ID: "x", Title: "t", Labels: []string{"07-09-2026", "30-11-2026"}, Series: []Series{{Name: "s", Values: []float64{5, 10}}}}
	svg := string(l.SVG())
	re := regexp.MustCompile(`<text x="([0-9.]+)" y="[0-9]+" text-anchor="(\w+)">30-11-2026</text>`)
	m := re.FindStringSubmatch(svg)
	if m == nil {
		t.Fatalf("no last label in %s", svg)
	}
	if m[2] != "end" {
		t.Errorf("the last label is anchored %s at x=%s of a 640 wide chart: half of it is cut off", m[2], m[1])
	}
	if !strings.Contains(svg, `text-anchor="middle">07-09-2026</text>`) {
		t.Errorf("the first label is no longer centred on its point")
	}
}

// TestNarrowBarsLieOnTheirSide: a phone's bar chart (340 wide) whose
// names do not fit under their bars draws the bars horizontally, each name
// straight on the left and whole, so the plot keeps most of the width
// instead of ~120 px beside turned names; a wide chart of the same figures
// keeps its upright bars.
func TestNarrowBarsLieOnTheirSide(t *testing.T) {
	cats := []string{"Zorgorganisaties met zorgtechnologie", "Vernieuwingstrajecten", "Zorgorganisaties in de vernieuwingstrajecten", "Kennisproducten"}
	b := Bars{ID: "x", Title: "t", Categories: cats, Series: []Series{{Name: "Nu", Values: []float64{26, 36, math.NaN(), 35}}, {Name: "Doel", Values: []float64{30, 36, 40, 35}}},
		Width: 340, Height: 300}
	svg := string(b.SVG())
	wellFormed(t, svg)
	if strings.Contains(svg, "rotate(") {
		t.Errorf("the phone's chart still turns its names")
	}
	vb := regexp.MustCompile(`viewBox="0 0 (\d+) (\d+)"`).FindStringSubmatch(svg)
	if vb == nil || vb[1] != "340" {
		t.Fatalf("viewBox %v", vb)
	}
	// Every name whole, each line ending left of the bars and starting
	// inside the chart.
	re := regexp.MustCompile(`<tspan x="(\d+)" dy="\d+">([^<]+)</tspan>`)
	var words []string
	for _, m := range re.FindAllStringSubmatch(svg, -1) {
		x, _ := strconv.Atoi(m[1])
		if float64(x)-float64(len([]rune(m[2])))*charWidth < 0 {
			t.Errorf("the name's line %q starts outside the chart", m[2])
		}
		words = append(words, strings.Fields(m[2])...)
	}
	if got, want := strings.Join(words, " "), strings.Join(cats, " "); got != want {
		t.Errorf("the names read %q, want %q", got, want)
	}
	// Bars run sideways from one left edge; the longest (40 of an axis
	// to 40) takes the plot's whole width, well over half the chart.
	bars := regexp.MustCompile(`<rect x="(\d+)" y="[0-9.]+" width="([0-9.]+)" height="12" fill="#[0-9a-f]+" stroke=`).FindAllStringSubmatch(svg, -1)
	if len(bars) != 7 {
		t.Fatalf("%d bars, want 7 (one value missing)", len(bars))
	}
	widest := 0.0
	for _, m := range bars {
		if m[1] != bars[0][1] {
			t.Errorf("bars start at %s and %s", bars[0][1], m[1])
		}
		wd, _ := strconv.ParseFloat(m[2], 64)
		widest = math.Max(widest, wd)
	}
	if widest < 150 {
		t.Errorf("the widest bar is %.0f px of a 340 px chart", widest)
	}
	for _, want := range []string{">Nu</text>", ">Doel</text>", ">36</text>"} {
		if !strings.Contains(svg, want) {
			t.Errorf("the chart lacks %s", want)
		}
	}
	b.Width, b.Height = 640, 320
	if wide := string(b.SVG()); !strings.Contains(wide, "rotate(-35") || strings.Contains(wide, "chart--horizontal") {
		t.Errorf("the wide chart no longer has upright bars with turned names")
	}
	if got := wrapWords("Noord- en Midden-Limburg", 12); strings.Join(got, "|") != "Noord- en|Midden-Limb-|urg" {
		t.Errorf("wrapWords: %q", got)
	}
}

// TestLineLabelsDoNotOverlap: a line chart writes no more x labels than
// fit side by side, so a phone's drawing (340 wide) of twelve weeks does
// not run its dates into each other; the first stays, and the table keeps
// every week.
func TestLineLabelsDoNotOverlap(t *testing.T) {
	var labels []string
	var vals []float64
	for i := range 12 {
		labels = append(labels, fmt.Sprintf("%02d-03-2026", i+1))
		vals = append(vals, float64(400+i))
	}
	for _, w := range []int{340, 640} {
		svg := string(Line{ID: "x", Title: "t", Labels: labels, Series: []Series{{Name: "s", Values: vals}}, Width: w}.SVG())
		re := regexp.MustCompile(`<text x="([0-9.]+)" y="\d+" text-anchor="(\w+)">(\d\d-03-2026)</text>`)
		found := re.FindAllStringSubmatch(svg, -1)
		if len(found) < 2 || found[0][3] != "01-03-2026" {
			t.Fatalf("%d wide: labels %v", w, found)
		}
		for i := 1; i < len(found); i++ {
			a, _ := strconv.ParseFloat(found[i-1][1], 64)
			b, _ := strconv.ParseFloat(found[i][1], 64)
			if b-a < 10*charWidth {
				t.Errorf("%d wide: %s and %s are %.0f px apart, narrower than a date", w, found[i-1][3], found[i][3], b-a)
			}
		}
	}
}

// TestForScreens: a chart is drawn for a wide screen and again at
// PhoneWidth with its own ids (the title and description an SVG is
// labelled by must be unique on the page), each in the container the
// style sheet shows on its screen.
func TestForScreens(t *testing.T) {
	b := Bars{ID: "b", Title: "Plekken", Categories: []string{"Utrecht", "Noord-Holland Noord"}, Series: []Series{{Name: "Plekken", Values: []float64{3, 5}}}}
	l := Line{ID: "l", Title: "Cliënten", Labels: []string{"01-01", "01-02"}, Series: []Series{{Name: "Cliënten", Values: []float64{3, 5}}}}
	for name, html := range map[string]string{"bars": string(b.ForScreens()), "line": string(l.ForScreens())} {
		wide, narrow, ok := strings.Cut(html, `<div class="chart chart-narrow">`)
		if !ok || !strings.HasPrefix(wide, `<div class="chart chart-wide">`) {
			t.Fatalf("%s: not one wide and one narrow container: %.120s", name, html)
		}
		if !strings.Contains(narrow, `viewBox="0 0 340 `) || strings.Contains(wide, `viewBox="0 0 340 `) {
			t.Errorf("%s: the phone version is not the one drawn %d wide", name, PhoneWidth)
		}
		if !strings.Contains(narrow, `-telefoon-t`) || strings.Contains(wide, `-telefoon-t`) {
			t.Errorf("%s: the phone version does not have its own ids", name)
		}
	}
}

// TestLegendWrapsOnANarrowChart: a legend of four series on a phone-wide
// chart goes onto more rows instead of running off the chart's right
// edge (the survey chart showed two of its four names at 375 px), and the
// plot starts below it.
func TestLegendWrapsOnANarrowChart(t *testing.T) {
	series := []Series{{Name: "Goed of zeer goed", Values: []float64{75}}, {Name: "Gelukkig", Values: []float64{85}},
		{Name: "Niet tevreden", Values: []float64{10}}, {Name: "Altijd klaarstaan", Values: []float64{60}}}
	entry := regexp.MustCompile(`<text x="(\d+)" y="(\d+)" dominant-baseline="hanging">([^<]+)</text>`)
	for _, svg := range []string{
		string(Bars{ID: "b", Width: PhoneWidth, Categories: []string{"2024–2025"}, Series: series}.SVG()),
		string(Line{ID: "l", Width: PhoneWidth, Labels: []string{"2022", "2024"}, Series: series}.SVG()),
	} {
		found, lowest := 0, 0
		for _, m := range entry.FindAllStringSubmatch(svg, -1) {
			x, _ := strconv.Atoi(m[1])
			y, _ := strconv.Atoi(m[2])
			found++
			lowest = max(lowest, y)
			// 16 px of swatch gap plus the name at about 7 px a letter.
			if x+7*len([]rune(m[3])) > PhoneWidth {
				t.Errorf("legend entry %q at x %d runs off a %d px chart", m[3], x, PhoneWidth)
			}
		}
		if found != 4 {
			t.Fatalf("%d legend entries, want 4", found)
		}
		grid := regexp.MustCompile(`<line x1="\d+" x2="\d+" y1="([\d.]+)"`).FindAllStringSubmatch(svg, -1)
		top := 1e9
		for _, g := range grid {
			y, _ := strconv.ParseFloat(g[1], 64)
			top = min(top, y)
		}
		if top < float64(lowest+12) {
			t.Errorf("the plot starts at y %.0f, over the legend's last row at y %d", top, lowest)
		}
	}
}
