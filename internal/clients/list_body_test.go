package clients

import (
	"html/template"
	"strings"
	"testing"
	"time"
)

// TestListBodyIsTheTemplatesRows: the client list's rows built in Go are
// byte for byte what the row template wrote before (issue 18), for names
// that try to break out of their element and for a client without region.
func TestListBodyIsTheTemplatesRows(t *testing.T) {
	ref := template.Must(template.New("rows").Parse(`{{range .Items}}<tr><td><a href="/clienten/{{.ID}}">{{.Name}}</a></td><td>{{call $.Date .BirthDate}}</td><td>{{.RegionLabel}}</td></tr>
  {{end}}`))
	date := func(t time.Time) string { return t.Format("02-01-2006") + ` <&"'+>` }
	items := []ListItem{
		{ID: 1, Name: "Anna de Vries", BirthDate: time.Date(1990, 3, 4, 0, 0, 0, 0, time.UTC), Region: "ZK11"},
		{ID: 2, Name: `<script>alert("x")</script> & 'Zoë' + \x00 \xff`, Region: ""},
		{ID: 3, Name: `"><img src=x onerror=alert(1)>`, Region: `ZK<01>`},
	}
	var want strings.Builder
	if err := ref.Execute(&want, map[string]any{"Items": items, "Date": date}); err != nil {
		t.Fatal(err)
	}
	if got := string(listBody(items, date)); got != want.String() {
		t.Fatalf("rows differ from the template's:\n got %s\nwant %s", got, want.String())
	}
}

// TestSectionBodyIsTheTemplatesRows: a section table's rows built in Go
// are byte for byte what the inzage template's row loop wrote (issue 18).
func TestSectionBodyIsTheTemplatesRows(t *testing.T) {
	ref := template.Must(template.New("rows").Parse(`{{range .Rows}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>{{end}}`))
	tab := SectionTable{Rows: [][]string{{"01-02-2026", "goed", "480"}, {`<script>"x'&+`, "", "\x00\xff"}, {}, {`"><img src=x>`}}}
	var want strings.Builder
	if err := ref.Execute(&want, tab); err != nil {
		t.Fatal(err)
	}
	if got := string(tab.Body()); got != want.String() {
		t.Fatalf("rows differ from the template's:\n got %s\nwant %s", got, want.String())
	}
}
