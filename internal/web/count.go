package web

import (
	"encoding/json"
	"fmt"
	"html/template"
	"strconv"
)

// Count is one published person count after small-count suppression
// (Counts): N is the count, Hidden says it must not be shown. It is the
// one output type of every aggregate, so pages, API and exports of all
// modules hide and write a small count the same way; a hidden count's N is
// kept for the sums of the code but never written out.
type Count struct {
	N      int
	Hidden bool
}

// HiddenText is how a hidden count is written in the API, exports and
// charts: "<5". Pages show it with the words (HiddenWords) beside it.
const HiddenText = "<5" // "<" + SmallCount

// HiddenWords is the Dutch reading of a hidden count, translated by the
// shell catalog ("fewer than 5").
const HiddenWords = "minder dan 5"

// Shown wraps a count that needs no suppression (a place count, or one
// the reader may see).
func Shown(n int) Count { return Count{N: n} }

// Value returns count i of a suppressed publication as a Count.
func (c *Counts) Value(i int) Count { return Count{N: c.cells[i].n, Hidden: c.cells[i].hide} }

// String is the count as plain text for exports: the number, or "<5".
func (c Count) String() string {
	if c.Hidden {
		return HiddenText
	}
	return strconv.Itoa(c.N)
}

// MarshalJSON writes a shown count as a JSON integer and a hidden one as
// the string "<5": a client reads the number, or sees at once that it is
// hidden, and the hidden count is never on the wire.
func (c Count) MarshalJSON() ([]byte, error) {
	if c.Hidden {
		return json.Marshal(HiddenText)
	}
	return json.Marshal(c.N)
}

// UnmarshalJSON reads what MarshalJSON writes (a hidden count's N is 0).
func (c *Count) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		if s != HiddenText {
			return fmt.Errorf("count: %q is no number and not %q", s, HiddenText)
		}
		*c = Count{Hidden: true}
		return nil
	}
	var n int
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("count: %w", err)
	}
	*c = Count{N: n}
	return nil
}

// JSONSchema says what MarshalJSON writes, for the OpenAPI document.
func (Count) JSONSchema() map[string]any {
	return map[string]any{
		"description": "A person count; counts from 1 to " + strconv.Itoa(SmallCount-1) + " (and what would give one away) are hidden and written as \"" + HiddenText + "\".",
		"anyOf": []any{
			map[string]any{"type": "integer", "minimum": 0},
			map[string]any{"type": "string", "const": HiddenText},
		},
	}
}

// Count shows a count on a page: the number in Dutch format, or "<5" with
// "minder dan 5" (in the page's language) as its accessible reading.
func (p Page) Count(c Count) template.HTML {
	return countHTML(c, p.T, p.fmt)
}

// countHTML is Page.Count's markup, shared with Markup.Count so a table
// built in Go writes a count as a template does.
func countHTML(c Count, t func(string) string, f Formatter) template.HTML {
	if c.Hidden {
		w := template.HTMLEscapeString(t(HiddenWords))
		return template.HTML(`<abbr title="` + w + `">` + template.HTMLEscapeString(HiddenText) + `</abbr>`)
	}
	return template.HTML(template.HTMLEscapeString(f.Int(int64(c.N))))
}
