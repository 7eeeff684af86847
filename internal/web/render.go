package web

import (
	"bytes"
	"context"
	"embed"
	"html/template"
	"io/fs"
	"log/slog"
	"math"
	"net/http"
	"sync"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
)

//go:embed templates
var baseTemplates embed.FS

// FieldError is one entry of a form's error summary: the field's id and the
// message telling what to fix (Dutch), with its English translation when
// the code that found it has one (the page's catalog translates the rest).
type FieldError struct {
	Field   string
	Message string
	English string
}

// Page is the view model every page template receives. Handlers fill Title,
// Data and, for forms, Errors and Form; Render fills the rest.
type Page struct {
	Title  string // Dutch; translated on render
	Data   any
	Errors []FieldError
	Form   map[string]string // submitted values to show again
	Flash  string
	// NoticeInPlace: the page shows its confirmation and error summary
	// itself, next to the form they belong to (a form far down a long
	// page), instead of at the top, out of view where the form landed.
	NoticeInPlace bool

	Lang          string
	EasyRead      bool
	Principal     *auth.Principal
	Nav           []NavItem
	Path          string
	Notifications int
	Now           time.Time
	// Here is the page's own address with its query (filters, paging),
	// where the language and easy-read switches return to.
	Here string
	// RequestID is the request's id, shown on error pages so a user can
	// quote it to the helpdesk.
	RequestID string

	catalog *Catalog
	fmt     Formatter
}

// T translates a Dutch UI text into the page's language. A field error's
// message built from data (a count, a name) cannot be in the catalog, so
// its handler gives the English beside it; that English is used here, where
// the error summary and the field both translate the message.
func (p Page) T(nl string) string {
	if p.Lang == LangEN && nl != "" {
		for _, e := range p.Errors {
			if e.Message == nl && e.English != "" {
				return e.English
			}
		}
	}
	return p.catalog.Translate(p.Lang, nl)
}

// Date formats a time as dd-mm-jjjj in Europe/Amsterdam.
func (p Page) Date(t time.Time) string { return p.fmt.Date(t) }

// DateTime formats a time as dd-mm-jjjj hh:mm in Europe/Amsterdam.
func (p Page) DateTime(t time.Time) string { return p.fmt.DateTime(t) }

// Time formats a time as hh:mm in Europe/Amsterdam.
func (p Page) Time(t time.Time) string { return p.fmt.Time(t) }

// Num formats a number with decimals and a decimal comma.
func (p Page) Num(x float64, decimals int) string { return p.fmt.Number(x, decimals) }

// Int formats a whole number with thousands separators.
func (p Page) Int(n int) string { return p.fmt.Int(int64(n)) }

// Times formats how many times something happened, which may be a half
// (the median of an even number of nights): "4" or "4,5", never "4,0".
func (p Page) Times(x float64) string {
	if x == math.Trunc(x) {
		return p.fmt.Number(x, 0)
	}
	return p.fmt.Number(x, 1)
}

// Value returns the submitted value of a form field, to refill forms.
func (p Page) Value(field string) string { return p.Form[field] }

// ErrorFor returns the error message for a field, if any.
func (p Page) ErrorFor(field string) string {
	for _, e := range p.Errors {
		if e.Field == field {
			return e.Message
		}
	}
	return ""
}

// Renderer parses templates on top of the shared layout and renders pages.
type Renderer struct {
	Catalog *Catalog
	Fmt     Formatter
	router  *Router
	logger  *slog.Logger
	// Badge returns the number of unread notifications for the header.
	Badge func(ctx context.Context, p *auth.Principal) int
	Clock func() time.Time

	errOnce sync.Once
	errTmpl *template.Template
}

// NewRenderer makes a renderer whose pages show the router's navigation.
func NewRenderer(rt *Router, logger *slog.Logger) *Renderer {
	rd := &Renderer{Catalog: NewCatalog(), Fmt: NewFormatter(), router: rt, logger: logger, Clock: time.Now}
	rd.Catalog.Add(shellTranslations)
	rd.Catalog.Add(shellPageTranslations)
	rt.ErrorPage = rd.ErrorPage
	return rd
}

var funcs = template.FuncMap{
	"inc":    func(i int) int { return i + 1 },
	"static": StaticURL,
	"dict": func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	},
	"pct": func(a, b int) float64 {
		if b == 0 {
			return 0
		}
		return 100 * float64(a) / float64(b)
	},
}

// Parse builds a page template from the shared layout and the module's
// files, which define the "content" block. It panics on a broken template:
// templates are embedded, so that is a programming error found at start-up.
func (rd *Renderer) Parse(fsys fs.FS, files ...string) *template.Template {
	t := template.Must(template.New("layout.html").Funcs(funcs).ParseFS(baseTemplates, "templates/*.html"))
	return template.Must(t.ParseFS(fsys, files...))
}

// Render writes a full page with status.
func (rd *Renderer) Render(w http.ResponseWriter, r *http.Request, status int, t *template.Template, p Page) {
	p.Lang = LangFromRequest(r)
	p.EasyRead = EasyReadFromRequest(r)
	p.Principal = auth.FromContext(r.Context())
	p.Nav = rd.router.NavFor(p.Principal)
	p.Path = r.URL.Path
	p.Here = r.URL.RequestURI()
	p.Now = rd.Clock()
	p.RequestID = RequestIDFrom(r.Context())
	p.catalog = rd.Catalog
	p.fmt = rd.Fmt
	if rd.Badge != nil && p.Principal != nil {
		p.Notifications = rd.Badge(r.Context(), p.Principal)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", p); err != nil {
		rd.logger.ErrorContext(r.Context(), "render failed", "path", r.URL.Path, "err", err)
		http.Error(w, "Er ging iets mis bij het tonen van deze pagina.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// ErrorPage renders an error as a page with the right status.
func (rd *Renderer) ErrorPage(w http.ResponseWriter, r *http.Request, e *Error) {
	if e.Code == CodeInternal && rd.logger != nil {
		rd.logger.ErrorContext(r.Context(), "request failed", "path", r.URL.Path, "method", r.Method, "err", e.Err)
	}
	t := rd.errorTemplate()
	rd.Render(w, r, e.Status(), t, Page{Title: errorTitle(e.Code), Data: e.Localized(LangFromRequest(r))})
}

func (rd *Renderer) errorTemplate() *template.Template {
	rd.errOnce.Do(func() { rd.errTmpl = rd.Parse(baseTemplates, "templates/error_content.tmpl") })
	return rd.errTmpl
}

// Fail answers a failed request: JSON for the API, an error page otherwise.
func (rd *Renderer) Fail(w http.ResponseWriter, r *http.Request, err error) {
	if IsAPI(r) {
		WriteJSONError(w, r, rd.logger, err)
		return
	}
	rd.ErrorPage(w, r, AsError(err))
}

func errorTitle(c Code) string {
	switch c {
	case CodeNotFound:
		return "Niet gevonden"
	case CodeForbidden:
		return "Geen toegang"
	case CodeUnauthenticated:
		return "Niet ingelogd"
	case CodeBadInput:
		return "Controleer uw invoer"
	case CodeRateLimited:
		return "Even geduld"
	}
	return "Er ging iets mis"
}
