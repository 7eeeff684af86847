package placement

import (
	"html/template"
	"strings"
	"testing"
)

// registerRowsTemplate is the register's row template as it stood before
// the rows were built in Go (issue 18), with $.T a function of the data.
const registerRowsTemplate = `{{$meerzorg := call $.T "meerzorg"}}{{$national := call $.T "Landelijke tafel"}}{{$expired := call $.T "verstreken"}}` +
	`{{$lRegio := call $.T "Regio"}}{{$lProfiel := call $.T "Zorgprofiel"}}{{$lWacht := call $.T "Wachtstatus"}}{{$lFase := call $.T "Fase"}}{{$lAangemeld := call $.T "Aangemeld"}}{{$lUiterste := call $.T "Uiterste datum"}}` +
	`{{range .Rows}}<tr>
<th scope="row"><a href="/complexe-zorg/personen/{{.CaseID}}">{{.Name}}</a>{{if .Escalated}} <span class="tag">{{$national}}</span>{{end}}</th>
<td data-label="{{$lRegio}}">{{.RegionLabel}}</td><td data-label="{{$lProfiel}}">{{.Profile}}{{if .Meerzorg}} + {{$meerzorg}}{{end}}</td>
<td data-label="{{$lWacht}}">{{if .Urgent}}<strong class="tag tag--urgent">{{.Waiting}}</strong>{{else}}<span class="tag">{{.Waiting}}</span>{{end}}</td>
<td data-label="{{$lFase}}">{{.Phase}}</td><td data-label="{{$lAangemeld}}">{{.Registered}}</td>
<td data-label="{{$lUiterste}}">{{.Deadline}}{{if .Expired}} <strong class="tag tag--urgent">{{$expired}}</strong>{{end}}</td>
</tr>{{end}}`

// TestRegisterBodyIsTheTemplatesRows: the register rows built in Go are
// byte for byte what the row template wrote, for every combination of the
// row's marks and for names and translations that try to break out of their
// element or attribute.
func TestRegisterBodyIsTheTemplatesRows(t *testing.T) {
	ref := template.Must(template.New("rows").Parse(registerRowsTemplate))
	hostile := func(s string) string { return s + ` <script>"x'&+` }
	var rows []registerRow
	for i := range 16 {
		rows = append(rows, registerRow{CaseID: int64(100 + i), Name: hostile("Anna de Vries"), Region: "ZK11", Profile: "<b>VG7</b>",
			Meerzorg: i&1 != 0, Escalated: i&2 != 0, Urgent: i&4 != 0, Expired: i&8 != 0,
			Waiting: hostile("Urgent plaatsen"), Phase: hostile("Aangemeld"), Registered: "01-02-2026", Deadline: "—"})
	}
	rows = append(rows, registerRow{CaseID: 7, Name: "Zoë \x00 \xff", Region: `"><img src=x>`})
	for _, tr := range []func(string) string{func(s string) string { return s }, hostile} {
		var want strings.Builder
		if err := ref.Execute(&want, map[string]any{"Rows": rows, "T": tr}); err != nil {
			t.Fatal(err)
		}
		if got := string(registerBody(rows, tr)); got != want.String() {
			t.Fatalf("rows differ from the template's:\n got %s\nwant %s", got, want.String())
		}
	}
	if registerBody(nil, func(s string) string { return s }) != "" {
		t.Error("no rows should write nothing")
	}
}
