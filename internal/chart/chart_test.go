package chart

import (
	"encoding/xml"
	"math"
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
