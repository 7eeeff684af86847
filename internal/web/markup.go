package web

import (
	"html/template"
	"strconv"
	"strings"
)

// Markup builds the rows of a long table in Go. html/template calls its
// escapers through reflection for every value it prints, and on the
// national data set that was a third of the CPU of the register pages (100
// rows of seven cells) and of a client's own data page (issue 18). Markup
// writes the same bytes html/template would: constant tags go in through
// Tag, and every value, whether element text or a quoted attribute value,
// through Text, which escapes exactly as html/template does in those two
// places (TestMarkupEscapesAsTemplates and FuzzMarkupText compare the two).
// Values never go in through Tag, and values never land in a URL, a script,
// a style or an unquoted attribute, where other escaping would apply.
type Markup struct{ b strings.Builder }

// markupEscaper is html/template's escaping of text and of quoted attribute
// values (its htmlReplacementTable): NUL becomes U+FFFD, and the five
// markup characters plus '+' become entities. Other bytes, invalid UTF-8
// included, pass unchanged, as they do there.
var markupEscaper = strings.NewReplacer(
	"\x00", "\uFFFD",
	`"`, "&#34;",
	"&", "&amp;",
	"'", "&#39;",
	"+", "&#43;",
	"<", "&lt;",
	">", "&gt;",
)

// Tag appends constant markup: a tag, an attribute name, literal text the
// code itself holds. Never a value from the database or the request.
func (m *Markup) Tag(s string) *Markup {
	m.b.WriteString(s)
	return m
}

// Text appends a value escaped for element content or a quoted attribute.
func (m *Markup) Text(s string) *Markup {
	_, _ = markupEscaper.WriteString(&m.b, s)
	return m
}

// Int appends a number: digits and a minus sign need no escaping, so an id
// may also go into a path inside a quoted href.
func (m *Markup) Int(n int64) *Markup {
	m.b.WriteString(strconv.FormatInt(n, 10))
	return m
}

// Count appends a person count as Page.Count writes it: the number, or
// "<5" with its reading (t translates it) when the count is hidden.
func (m *Markup) Count(c Count, t func(string) string, f Formatter) *Markup {
	m.b.WriteString(string(countHTML(c, t, f)))
	return m
}

// Grow reserves room for n more bytes: a table's size is known roughly
// from its row count.
func (m *Markup) Grow(n int) { m.b.Grow(n) }

// HTML is the markup built so far, for a template to print as is.
func (m *Markup) HTML() template.HTML {
	return template.HTML(m.b.String()) // #nosec G203: constant tags and escaped values only (see Markup)
}
