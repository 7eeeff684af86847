package knowledge

import (
	"html"
	"html/template"
	"regexp"
	"strings"
)

// The editors write items in a small markup of our own instead of HTML,
// so there is nothing to sanitise: every character is escaped and only
// the constructs below become tags (a strict allow-list by construction).
//
//	## Kop            a heading (### for a lower one)
//	- punt            a bulleted list (1. for a numbered one)
//	**vet**           bold
//	[tekst](adres)    a link: https://, http://, mailto:, tel: or /pad
//	(empty line)      a new paragraph

// htmlTag finds what looks like an HTML tag in an editor's text; the form
// refuses it with the markup to use instead.
var htmlTag = regexp.MustCompile(`<\s*/?\s*[A-Za-z!?]`)

// linkRe is [text](target) with a target without spaces or parentheses.
var linkRe = regexp.MustCompile(`\[([^\[\]\n]{1,200})\]\(([^()\s]{1,500})\)`)

// ContainsHTML reports whether text holds something like an HTML tag.
func ContainsHTML(text string) bool { return htmlTag.MatchString(text) }

// safeTarget reports whether a link target may become an href.
func safeTarget(u string) bool {
	l := strings.ToLower(u)
	switch {
	case strings.HasPrefix(l, "https://"), strings.HasPrefix(l, "http://"), strings.HasPrefix(l, "mailto:"), strings.HasPrefix(l, "tel:"):
		return true
	case strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//") && !strings.Contains(u, `\`):
		return true
	}
	return false
}

// BadLinks lists the link targets of text the markup will not make a link
// of (javascript:, data:, a protocol-relative //host).
func BadLinks(text string) []string {
	var bad []string
	for _, m := range linkRe.FindAllStringSubmatch(text, -1) {
		if !safeTarget(m[2]) {
			bad = append(bad, m[2])
		}
	}
	return bad
}

// RenderMarkup turns the markup into HTML. Everything typed is escaped
// first; only headings, lists, paragraphs, bold and safe links are made.
func RenderMarkup(text string) template.HTML {
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	var b strings.Builder
	for _, block := range strings.Split(text, "\n\n") {
		lines := nonEmptyLines(block)
		if len(lines) == 0 {
			continue
		}
		switch {
		case len(lines) == 1 && strings.HasPrefix(lines[0], "### "):
			b.WriteString("<h3>" + inline(strings.TrimPrefix(lines[0], "### ")) + "</h3>\n")
		case len(lines) == 1 && strings.HasPrefix(lines[0], "## "):
			b.WriteString("<h2>" + inline(strings.TrimPrefix(lines[0], "## ")) + "</h2>\n")
		case allPrefixed(lines, "- "):
			b.WriteString("<ul>\n")
			for _, l := range lines {
				b.WriteString("<li>" + inline(strings.TrimPrefix(l, "- ")) + "</li>\n")
			}
			b.WriteString("</ul>\n")
		case allNumbered(lines):
			b.WriteString("<ol>\n")
			for _, l := range lines {
				_, rest, _ := strings.Cut(l, ". ")
				b.WriteString("<li>" + inline(rest) + "</li>\n")
			}
			b.WriteString("</ol>\n")
		default:
			b.WriteString("<p>" + inline(strings.Join(lines, " ")) + "</p>\n")
		}
	}
	return template.HTML(b.String()) // #nosec: built from escaped text and fixed tags only
}

// PlainText is the markup without its marks, for the index and for
// summaries.
func PlainText(text string) string {
	text = linkRe.ReplaceAllString(text, "$1")
	r := strings.NewReplacer("**", "", "### ", "", "## ", "")
	return r.Replace(text)
}

func nonEmptyLines(block string) []string {
	var out []string
	for _, l := range strings.Split(block, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func allPrefixed(lines []string, p string) bool {
	for _, l := range lines {
		if !strings.HasPrefix(l, p) {
			return false
		}
	}
	return true
}

func allNumbered(lines []string) bool {
	for _, l := range lines {
		n, _, ok := strings.Cut(l, ". ")
		if !ok || n == "" || len(n) > 3 || strings.Trim(n, "0123456789") != "" {
			return false
		}
	}
	return true
}

// inline renders bold and links inside one block; the text between them is
// escaped.
func inline(s string) string {
	var b strings.Builder
	rest := s
	for {
		loc := linkRe.FindStringSubmatchIndex(rest)
		if loc == nil {
			b.WriteString(bold(rest))
			break
		}
		b.WriteString(bold(rest[:loc[0]]))
		label, target := rest[loc[2]:loc[3]], rest[loc[4]:loc[5]]
		if safeTarget(target) {
			ext := ""
			if strings.HasPrefix(strings.ToLower(target), "http") {
				ext = ` rel="noopener noreferrer"`
			}
			b.WriteString(`<a href="` + html.EscapeString(target) + `"` + ext + `>` + bold(label) + `</a>`)
		} else {
			b.WriteString(bold(label))
		}
		rest = rest[loc[1]:]
	}
	return b.String()
}

// bold escapes s and makes **x** bold; an unpaired ** stays as typed.
func bold(s string) string {
	parts := strings.Split(s, "**")
	tail := ""
	if len(parts)%2 == 0 {
		tail = "**" + html.EscapeString(parts[len(parts)-1])
		parts = parts[:len(parts)-1]
	}
	var b strings.Builder
	for i, p := range parts {
		if i%2 == 1 {
			b.WriteString("<strong>" + html.EscapeString(p) + "</strong>")
		} else {
			b.WriteString(html.EscapeString(p))
		}
	}
	return b.String() + tail
}
