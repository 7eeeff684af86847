package chart

import "html/template"

// PhoneWidth is the width a chart is drawn at for a phone: about the
// page's width there, so its labels keep their size. Drawn at 640 and
// scaled down to a phone, they shrank to about 6 px.
const PhoneWidth = 340

// ForScreens draws the bar chart twice, at its own width for a wide
// screen and at PhoneWidth for a phone (where a bar chart whose names do
// not fit lies on its side); the style sheet shows one of them
// (.chart-wide, .chart-narrow) and hides the other with display: none, so
// a screen reader meets one image. The data table is the same for both and
// stays beside it.
func (b Bars) ForScreens() template.HTML {
	n := b
	n.ID, n.Width, n.Height = b.ID+"-telefoon", PhoneWidth, 300
	return bothWidths(b.SVG(), n.SVG())
}

// ForScreens is Bars.ForScreens for a line chart.
func (l Line) ForScreens() template.HTML {
	n := l
	n.ID, n.Width, n.Height = l.ID+"-telefoon", PhoneWidth, 260
	return bothWidths(l.SVG(), n.SVG())
}

func bothWidths(wide, narrow template.HTML) template.HTML {
	return template.HTML(`<div class="chart chart-wide">` + string(wide) + `</div><div class="chart chart-narrow">` + string(narrow) + `</div>`)
}
