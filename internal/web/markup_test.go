package web

import (
	"html/template"
	"strings"
	"testing"
)

// markupReference prints s the way a page template does, once as element
// text and once as a quoted attribute value, so Markup can be held to
// html/template's own output.
func markupReference(t testing.TB, tmpl *template.Template, s string) string {
	t.Helper()
	var b strings.Builder
	if err := tmpl.Execute(&b, s); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func referenceTemplate() *template.Template {
	return template.Must(template.New("r").Parse(`<td data-label="{{.}}">{{.}}</td>`))
}

func markupOf(s string) string {
	var m Markup
	m.Tag(`<td data-label="`).Text(s).Tag(`">`).Text(s).Tag(`</td>`)
	return string(m.HTML())
}

// TestMarkupEscapesAsTemplates: Markup writes what html/template writes for
// the same values, hostile ones included, so a table built in Go is as safe
// as the template it replaced.
func TestMarkupEscapesAsTemplates(t *testing.T) {
	tmpl := referenceTemplate()
	for _, s := range []string{"", "Anna de Vries", `<script>alert("x")</script>`, `" onmouseover="x`, "a'b", "a+b & c", "nul\x00byte", "\xff\xfe invalid", "Zoë 's-Hertogenbosch", "&amp;"} {
		if got, want := markupOf(s), markupReference(t, tmpl, s); got != want {
			t.Errorf("%q:\n got %s\nwant %s", s, got, want)
		}
	}
	var m Markup
	m.Tag(`<a href="/p/`).Int(-42).Tag(`">`).Int(7).Tag(`</a>`)
	if got := string(m.HTML()); got != `<a href="/p/-42">7</a>` {
		t.Errorf("Int: %s", got)
	}
}

// FuzzMarkupText: for any value, Markup and html/template write the same.
func FuzzMarkupText(f *testing.F) {
	for _, s := range []string{"", "<b>", `"'&+`, "\x00", "\xc3\x28", "\uFDD0\uFFFF"} {
		f.Add(s)
	}
	tmpl := referenceTemplate()
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := markupOf(s), markupReference(t, tmpl, s); got != want {
			t.Fatalf("%q:\n got %s\nwant %s", s, got, want)
		}
	})
}
