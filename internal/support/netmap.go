package support

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

// NetworkMap draws the family's network as rings around the family: the
// closest contacts on the inner ring, the farthest on the outer one, each
// a dot with its name (and a different shape per kind, so colour is never
// the only cue). It is an image with a title and description; the page
// lists the same people beside it, for those who read instead of look.
func NetworkMap(family string, ms []NetworkMember, tr func(string) string) template.HTML {
	const w, h = 640, 480
	cx, cy := float64(w)/2, float64(h)/2
	radii := map[int]float64{1: 80, 2: 145, 3: 205}
	var b strings.Builder
	esc := template.HTMLEscapeString
	title := tr("Netwerkkaart")
	desc := fmt.Sprintf(tr("%d contacten rond het gezin; dichtbij staat binnen, verder weg buiten. Dezelfde namen staan in de lijst eronder."), len(ms))
	fmt.Fprintf(&b, `<svg class="chart network-map" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-labelledby="netwerk-titel netwerk-desc" xmlns="http://www.w3.org/2000/svg">`, w, h, w, h)
	fmt.Fprintf(&b, `<title id="netwerk-titel">%s</title><desc id="netwerk-desc">%s</desc>`, esc(title), esc(desc))
	for ring := 3; ring >= 1; ring-- {
		fmt.Fprintf(&b, `<circle cx="%.0f" cy="%.0f" r="%.0f" fill="none" stroke="#767676" stroke-dasharray="4 4"/>`, cx, cy, radii[ring])
	}
	fmt.Fprintf(&b, `<circle cx="%.0f" cy="%.0f" r="34" fill="#0072b2"/><text x="%.0f" y="%.0f" text-anchor="middle" fill="#fff" font-size="13">%s</text>`,
		cx, cy, cx, cy+4, esc(tr("Gezin")))
	byRing := map[int][]NetworkMember{}
	for _, m := range ms {
		byRing[m.Closeness] = append(byRing[m.Closeness], m)
	}
	for ring := 1; ring <= 3; ring++ {
		list := byRing[ring]
		for i, m := range list {
			angle := 2*math.Pi*float64(i)/float64(len(list)) - math.Pi/2 + float64(ring)*0.35
			x, y := cx+radii[ring]*math.Cos(angle), cy+radii[ring]*math.Sin(angle)
			fmt.Fprintf(&b, `<line x1="%.0f" y1="%.0f" x2="%.1f" y2="%.1f" stroke="#767676"/>`, cx, cy, x, y)
			switch m.Kind {
			case "professional", "organisatie":
				fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="14" height="14" fill="#d55e00"/>`, x-7, y-7)
			default:
				fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="8" fill="#009e73"/>`, x, y)
			}
			// The name goes outward from the family, so names on the same
			// ring do not run into the lines or each other.
			anchor, dx, dy := "start", 12.0, 4.0
			if x < cx-1 {
				anchor, dx = "end", -12
			}
			if math.Abs(x-cx) < 30 {
				anchor, dx, dy = "middle", 0, 22
				if y < cy {
					dy = -14
				}
			}
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="%s" font-size="13" fill="#1a1a1a">%s</text>`, x+dx, y+dy, anchor, esc(m.Name))
		}
	}
	b.WriteString(`</svg>`)
	_ = family
	return template.HTML(b.String())
}
