package monitor

import (
	"html/template"
	"os"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/web"
)

// projectRowsTemplate is the dashboard's row loop of a project's table as
// it stood before the rows were built in Go (issue 18). It runs with the
// "status" and "value" parts of templates/parts.html.
const projectRowsTemplate = `{{define "rows"}}{{$d := .D}}{{with .PV}}` +
	`{{$lInd := $.T "Indicator"}}{{$lStand := $.T "Stand"}}{{$lDoel := $.T "Streefwaarde"}}{{$lStatus := $.T "Status"}}{{$lHoe := $.T "Hoe bepaald"}}{{$geen := $.T "geen"}}` +
	`{{range .Goals}}{{$g := .}}{{range $i, $in := .Indicators}}<tr>
    {{if eq $i 0}}<th scope="row" rowspan="{{len $g.Indicators}}">{{$g.Name}}<br>{{template "status" (dict "P" $ "S" $g.Status)}}</th>{{end}}
    <td data-label="{{$lInd}}"><a href="/monitor/indicatoren/{{.ID}}">{{.Name}}</a></td>
    <td data-label="{{$lStand}}">{{template "value" (dict "P" $ "R" .Reading)}}{{if .Reading.Known}} {{.Unit}}{{end}}</td>
    <td data-label="{{$lDoel}}">{{with .TargetText}}{{.}} {{$in.Unit}}{{else}}<span class="muted">{{$geen}}</span>{{end}}</td>
    {{$c := index $d.Cells .ID}}<td data-label="{{$lStatus}}">{{if $c.NoStatus}}<span class="muted">{{$c.Status}}</span>{{else}}<span class="tag{{if $c.Urgent}} tag--urgent{{end}}">{{$c.Status}}</span>{{end}}</td>
    <td data-label="{{$lHoe}}">{{if $c.Unavailable}}<strong>{{$.T "Niet beschikbaar"}}</strong>: {{end}}{{$c.How}}</td>
  </tr>{{end}}{{end}}{{end}}{{end}}`

// refRoot stands for the page in the reference template: T translates,
// Count writes a count as web.Page does.
type refRoot struct {
	D  indexPage
	PV ProjectView
	tr func(string) string
}

func (r refRoot) T(s string) string { return r.tr(s) }

func (r refRoot) Count(c web.Count) template.HTML {
	if c.Hidden {
		return template.HTML(`<abbr title="` + template.HTMLEscapeString(r.T(web.HiddenWords)) + `">` + template.HTMLEscapeString(web.HiddenText) + `</abbr>`)
	}
	return template.HTML(template.HTMLEscapeString(web.NewFormatter().Int(int64(c.N))))
}

// TestProjectBodyIsTheTemplatesRows: a project's rows built in Go are
// byte for byte what the template rows wrote, for goals with one and with
// several indicators, every kind of status and reading, hidden counts, and
// names and texts that try to break out of their element or attribute.
func TestProjectBodyIsTheTemplatesRows(t *testing.T) {
	parts, err := os.ReadFile("templates/parts.html")
	if err != nil {
		t.Fatal(err)
	}
	dict := func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}
	ref := template.Must(template.Must(template.New("parts").Funcs(template.FuncMap{"dict": dict}).Parse(string(parts))).Parse(projectRowsTemplate))
	bad := ` <script>"x'&+`
	ind := func(id int64, r Reading, target bool) IndicatorView {
		return IndicatorView{Indicator: Indicator{ID: id, Name: "Indicator" + bad, Unit: "personen" + bad, Decimals: 1, Target: 125, HasTarget: target}, Reading: r}
	}
	pv := ProjectView{Goals: []GoalView{
		{Goal: Goal{Name: "Doel een" + bad}, Status: StatusNotAchieved, Indicators: []IndicatorView{
			ind(1, Reading{Source: SourceLive, Value: 3, Hidden: true}, true),
			ind(2, Reading{Source: SourceManual, Value: 12345, Decimals: 1}, false),
			ind(3, Reading{Source: SourceUnavailable, Why: "geen cijfers"}, true),
		}},
		{Goal: Goal{Name: "Doel twee"}, Indicators: []IndicatorView{ind(4, Reading{}, false)}},
		{Goal: Goal{Name: "Doel drie"}, Status: StatusAttention, Indicators: []IndicatorView{ind(5, Reading{Source: SourceSnapshot, Value: 7}, true)}},
		{Goal: Goal{Name: "Doel vier"}, Status: Status("gehaald"), Indicators: []IndicatorView{ind(6, Reading{Source: SourceLive, Value: 70}, true)}},
	}}
	cells := map[int64]indicatorCells{
		1: {Status: "Niet gehaald" + bad, Urgent: true, How: "Berekend uit ‘x’" + bad},
		2: {Status: "Gehaald", How: "Met de hand" + bad},
		3: {NoStatus: true, Status: "Nog geen status", Unavailable: true, How: "geen cijfers" + bad},
		4: {NoStatus: true, Status: "Nog geen status"},
		5: {Status: "Aandacht", Urgent: true, How: "momentopname"},
		6: {Status: "Gehaald", How: "live"},
	}
	for _, tr := range []func(string) string{func(s string) string { return s }, func(s string) string { return "EN " + s + bad }} {
		var want strings.Builder
		if err := ref.ExecuteTemplate(&want, "rows", refRoot{D: indexPage{Cells: cells}, PV: pv, tr: tr}); err != nil {
			t.Fatal(err)
		}
		if got := string(projectBody(pv, cells, tr)); got != want.String() {
			t.Fatalf("rows differ from the template's:\n got %s\nwant %s", got, want.String())
		}
	}
}
