package sleep

import (
	"encoding/xml"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"
)

// svgElems decodes the actogram and returns its rect and text elements.
func svgElems(t *testing.T, svg string) (rects, texts []map[string]string, textBodies []string) {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(svg))
	inText := false
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch el := tok.(type) {
		case xml.StartElement:
			attrs := map[string]string{}
			for _, a := range el.Attr {
				attrs[a.Name.Local] = a.Value
			}
			switch el.Name.Local {
			case "rect":
				rects = append(rects, attrs)
			case "text":
				texts = append(texts, attrs)
				inText = true
			}
		case xml.CharData:
			if inText {
				textBodies = append(textBodies, string(el))
				inText = false
			}
		}
	}
	return rects, texts, textBodies
}

func attrF(t *testing.T, m map[string]string, k string) float64 {
	t.Helper()
	f, err := strconv.ParseFloat(m[k], 64)
	if err != nil {
		t.Fatalf("attribute %s=%q", k, m[k])
	}
	return f
}

// A normal night moves little: mostly no counts, now and then a minute of
// a few to 30 counts (the demo's night). On the linear 0-300 scale every
// quarter hour of such a night was below half a pixel and not drawn: the
// night was a flat line. Its movement must show as bars of a few pixels,
// and the hour labels must lie within the drawing.
func TestActogramShowsANormalNight(t *testing.T) {
	loc, _ := time.LoadLocation("Europe/Amsterdam")
	first := time.Date(2026, 3, 2, 0, 0, 0, 0, loc)
	var eps []EpochRow
	start := time.Date(2026, 3, 2, 22, 0, 0, 0, loc)
	for m := range 8 * 60 {
		c := 0.0
		if m%13 == 0 {
			c = 1 + float64(m%30)
		}
		eps = append(eps, EpochRow{T: start.Add(time.Duration(m) * time.Minute), Counts: c, Movement: math.NaN(), State: 'S'})
	}
	svg := string(Actogram(eps, first, 2, loc, func(s string) string { return s }))
	rects, texts, bodies := svgElems(t, svg)
	bars := 0
	for _, r := range rects {
		if r["fill"] != "#154273" {
			continue
		}
		if h := attrF(t, r, "height"); h < 2 {
			t.Errorf("bar of %.1f px: too thin to see", h)
		}
		bars++
	}
	// 32 quarter hours of the night, each with some movement; the night
	// is drawn twice (double plot: right half of row 1, left of row 2).
	if bars < 32 {
		t.Errorf("%d movement bars for a night of 32 quarter hours with movement", bars)
	}
	// Hour labels ("00:00", 5 characters at 12 px: about 32 px wide,
	// centred on x) must not be cut at the edges of the 960 px drawing.
	for i, tx := range texts {
		if tx["text-anchor"] != "middle" {
			continue
		}
		x := attrF(t, tx, "x")
		if x-17 < 0 || x+17 > actoWidth {
			t.Errorf("label %q at x=%.1f is cut at the edge of the chart", bodies[i], x)
		}
	}
}

func TestActoHeight(t *testing.T) {
	if actoHeight(0, 300, 19) != 0 || actoHeight(math.NaN(), 300, 19) != 0 {
		t.Error("no movement must draw no bar")
	}
	if h := actoHeight(1, 300, 19); h < 2 {
		t.Errorf("one count per minute: %.1f px", h)
	}
	if actoHeight(300, 300, 19) != 19 || actoHeight(5000, 300, 19) != 19 {
		t.Error("at and above the top the bar is full")
	}
	if !(actoHeight(10, 300, 19) < actoHeight(100, 300, 19)) {
		t.Error("more movement must be a higher bar")
	}
}
