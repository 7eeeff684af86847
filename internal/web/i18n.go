package web

import (
	"math"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Languages offered. Dutch is the default; every Dutch UI text has an English
// translation in a catalog.
const (
	LangNL = "nl"
	LangEN = "en"
)

// LangCookie and EasyReadCookie hold the visitor's choices.
const (
	LangCookie     = "taal"
	EasyReadCookie = "eenvoudig"
)

// LangFromRequest returns "en" when the visitor chose English (query
// parameter lang=en or the cookie), else "nl".
func LangFromRequest(r *http.Request) string {
	if l := r.URL.Query().Get("lang"); l == LangEN || l == LangNL {
		return l
	}
	if c, err := r.Cookie(LangCookie); err == nil && c.Value == LangEN {
		return LangEN
	}
	return LangNL
}

// EasyReadFromRequest reports whether easy-read mode is on.
func EasyReadFromRequest(r *http.Request) bool {
	if v := r.URL.Query().Get("eenvoudig"); v != "" {
		return v == "1"
	}
	c, err := r.Cookie(EasyReadCookie)
	return err == nil && c.Value == "1"
}

// Catalog maps Dutch UI texts to English. Modules add their texts at
// construction; the Dutch text is the key so templates stay readable.
type Catalog struct {
	en map[string]string
	// missing records Dutch texts rendered in English without a
	// translation, so a test can crawl the pages and list the gaps.
	missing sync.Map
}

// NewCatalog makes an empty catalog.
func NewCatalog() *Catalog { return &Catalog{en: map[string]string{}} }

// Add merges translations (Dutch → English).
func (c *Catalog) Add(m map[string]string) {
	for k, v := range m {
		c.en[k] = v
	}
}

// Translate returns s in lang; a missing English text falls back to Dutch.
func (c *Catalog) Translate(lang, s string) string {
	// An empty text (an optional hint or caption left out) has nothing
	// to translate.
	if lang == LangEN && s != "" {
		if t, ok := c.en[s]; ok {
			return t
		}
		c.missing.Store(s, true)
	}
	return s
}

// Missing lists the Dutch texts that were rendered in English without a
// translation since the catalog was made.
func (c *Catalog) Missing() []string {
	var out []string
	c.missing.Range(func(k, _ any) bool {
		out = append(out, k.(string))
		return true
	})
	sort.Strings(out)
	return out
}

// Formatter writes dates, times and numbers the Dutch way (dd-mm-jjjj,
// 24-hour clock, decimal comma) in Europe/Amsterdam, whatever the server's
// zone.
type Formatter struct {
	Loc *time.Location
}

// NewFormatter formats in Europe/Amsterdam.
func NewFormatter() Formatter { return Formatter{Loc: Amsterdam()} }

// Date formats t as dd-mm-jjjj.
func (f Formatter) Date(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return t.In(f.Loc).Format("02-01-2006")
}

// DateTime formats t as dd-mm-jjjj hh:mm.
func (f Formatter) DateTime(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return t.In(f.Loc).Format("02-01-2006 15:04")
}

// Time formats t as hh:mm.
func (f Formatter) Time(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return t.In(f.Loc).Format("15:04")
}

// Number formats x with the given decimals, a decimal comma and a dot for
// thousands (12.345,6).
func (f Formatter) Number(x float64, decimals int) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "–"
	}
	s := strconv.FormatFloat(math.Abs(x), 'f', decimals, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if x < 0 && strings.Trim(s, "0.") != "" {
		b.WriteByte('-')
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteByte(',')
		b.WriteString(frac)
	}
	return b.String()
}

// Int formats an integer with thousands separators.
func (f Formatter) Int(n int64) string { return f.Number(float64(n), 0) }

// ParseDate reads a date as ParseDate does (dd-mm-jjjj or jjjj-mm-dd) and
// returns the moment that day starts in the formatter's zone, for ranges
// and deadlines that are moments rather than calendar days.
func (f Formatter) ParseDate(s string) (time.Time, error) {
	d, err := ParseDate(s)
	if err != nil {
		return time.Time{}, err
	}
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, f.Loc), nil
}
