package placement

import (
	"log/slog"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/chart"
	"github.com/volwaardig/volwaardig/internal/web"
)

// TestFiguresThousandsSeparated: the figures page printed counts as 12345
// (the person counts and the per-region place columns); at the national
// scale they run past a thousand, and every page writes them as 12.345
// (issue 11). Its numbers over 999 must all carry the separator, "<5"
// still standing in for a suppressed count.
func TestFiguresThousandsSeparated(t *testing.T) {
	rt := web.NewRouter()
	rd := web.NewRenderer(rt, slog.New(slog.DiscardHandler))
	rd.Catalog.Add(translations)
	tmpl := rd.Parse(templatesFS, "templates/monitor.html", "templates/parts.html")
	big := RegionFigures{Region: "ZK11", InBeeld: web.Shown(12345), Urgent: web.Shown(2345), AboutToMove: web.Shown(1001), Moved: web.Shown(4321), OtherHelp: web.Count{N: 3, Hidden: true}, Escalated: web.Shown(1500),
		Maatwerk: 7000, MaatwerkInUse: 6999, Places: 23456, PlacesInUse: 20000}
	d := monitorData{Regions: []RegionFigures{big}, Total: big,
		Chart: chart.Bars{ID: "c", Title: "t", Unit: "aantal", Categories: []string{"In beeld"}, Series: []chart.Series{{Name: "Landelijk", Values: []float64{12345}}},
			Format: func(v float64) string { return web.NewFormatter().Int(int64(v)) }}}
	req := httptest.NewRequest("GET", "/complexe-zorg/cijfers", nil)
	req = req.WithContext(auth.WithPrincipal(req.Context(), &auth.Principal{UserID: 1, Role: auth.RoleProgramma}))
	rec := httptest.NewRecorder()
	rd.Render(rec, req, 200, tmpl, web.Page{Title: "Cijfers complexe zorg", Data: d})
	body := rec.Body.String()
	main := body[strings.Index(body, "<main"):]
	text := regexp.MustCompile(`<[^>]+>`).ReplaceAllString(main, " ")
	if raw := regexp.MustCompile(`(?:^|[^\d.,#-])(\d{4,})(?:[^\d.,]|$)`).FindAllStringSubmatch(text, -1); len(raw) > 0 {
		t.Errorf("numbers without thousands separator on the figures page: %q", raw)
	}
	for _, want := range []string{"12.345", "23.456", "&lt;5"} {
		if !strings.Contains(main, want) {
			t.Errorf("the figures page lacks %q", want)
		}
	}
}
