package web

import (
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
)

// Route is the record of one registered route: its method, path pattern and
// access rule. The route × role test reads these records, so a route cannot
// exist without a rule.
type Route struct {
	Method  string
	Pattern string
	Rule    auth.Rule
	// MaxBody is the request body limit in bytes for this route.
	MaxBody int64
	// API is the declared contract of a JSON API route (see Spec); every
	// /api/v1 route has one, which the OpenAPI document is generated from.
	API *Spec
}

// NavItem is a link in the main navigation, shown to the roles whose rule
// allows it. Modules register their entry pages as nav items so every role's
// home page links to every module page it may use (DESIGN §4).
type NavItem struct {
	Path      string
	Label     string // Dutch
	English   string
	Summary   string // Dutch one-liner on the home page
	SummaryEN string
	Rule      auth.Rule
	Order     int
	// RelativeLabel and RelativeSummary, when set, replace Label and
	// Summary for a relative or representative (role naaste): she reads
	// about the client ("Wie bekeek de gegevens"), not as the client ("Wie
	// bekeek mijn gegevens"). Dutch; the module's catalog translates them.
	RelativeLabel   string
	RelativeSummary string
}

// Router is the one place routes are registered. It wraps net/http's
// ServeMux, enforces each route's rule before the handler runs and keeps the
// list of routes and navigation items.
type Router struct {
	mux    *http.ServeMux
	routes []Route
	nav    []NavItem
	// DefaultMaxBody limits request bodies for routes that set no limit.
	DefaultMaxBody int64
	// ErrorPage renders a refused request as a page; set by the renderer's
	// owner so the router needs no templates.
	ErrorPage func(w http.ResponseWriter, r *http.Request, e *Error)
	// Observe is told of every routed request with its route pattern (never
	// the concrete path, which may hold ids), for metrics and access logs.
	Observe func(r *http.Request, route Route, status int, d time.Duration)
	// Tap, when set, wraps the router's whole dispatch. Tests install the
	// API contract recorder here (apitest.Recorder.Install), so a module's
	// own tests check its API answers against the document too.
	Tap func(next http.Handler) http.Handler
}

// NewRouter makes an empty router.
func NewRouter() *Router {
	return &Router{mux: http.NewServeMux(), DefaultMaxBody: 1 << 20}
}

// Option adjusts a route at registration.
type Option func(*Route)

// MaxBody sets the body limit of a route (uploads need more than the default).
func MaxBody(n int64) Option { return func(r *Route) { r.MaxBody = n } }

// Handle registers h for pattern ("GET /path/{id}", method required) with the
// access rule.
func (rt *Router) Handle(pattern string, rule auth.Rule, h http.Handler, opts ...Option) {
	method, path, ok := strings.Cut(pattern, " ")
	if !ok || method == "" || !strings.HasPrefix(path, "/") {
		panic("web: route pattern must be \"METHOD /path\": " + pattern)
	}
	route := Route{Method: method, Pattern: path, Rule: rule, MaxBody: rt.DefaultMaxBody}
	for _, o := range opts {
		o(&route)
	}
	rt.routes = append(rt.routes, route)
	rt.mux.Handle(pattern, rt.guard(route, h))
}

// HandleFunc registers a handler function; see Handle.
func (rt *Router) HandleFunc(pattern string, rule auth.Rule, h http.HandlerFunc, opts ...Option) {
	rt.Handle(pattern, rule, h, opts...)
}

// Nav adds a navigation item.
func (rt *Router) Nav(item NavItem) { rt.nav = append(rt.nav, item) }

// Match returns the route r would be served by, if any (the site's
// catch-all page included).
func (rt *Router) Match(r *http.Request) (Route, bool) {
	_, pattern := rt.mux.Handler(r)
	for _, route := range rt.routes {
		if route.Method+" "+route.Pattern == pattern {
			return route, true
		}
	}
	return Route{}, false
}

// Routes returns every registered route.
func (rt *Router) Routes() []Route { return append([]Route(nil), rt.routes...) }

// NavFor returns the navigation items p may use, in order. An anonymous
// visitor (p nil) gets the public items, so a public page such as the
// reporting flow of /meldingen is found without logging in; a logged-in
// user gets the items of their role (a module that wants its public page
// in their menu too registers it with auth.AnyUser).
func (rt *Router) NavFor(p *auth.Principal) []NavItem {
	var out []NavItem
	for _, n := range rt.nav {
		if p == nil && n.Rule.IsPublic() || p != nil && n.Rule.Allows(p) && !n.Rule.IsPublic() {
			if p != nil && p.Role == auth.RoleNaaste && n.RelativeLabel != "" {
				n.Label, n.Summary = n.RelativeLabel, n.RelativeSummary
			}
			out = append(out, n)
		}
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Order < out[j-1].Order; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// ServeHTTP dispatches to the registered routes. An API request carries
// the API-Version header, and one that matches no API route is answered as
// a problem (404, or 405 with Allow) instead of the mux's plain text or the
// site's catch-all page.
func (rt *Router) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if rt.Tap != nil {
		rt.Tap(http.HandlerFunc(rt.dispatch)).ServeHTTP(w, r)
		return
	}
	rt.dispatch(w, r)
}

func (rt *Router) dispatch(w http.ResponseWriter, r *http.Request) {
	if !IsAPI(r) {
		rt.mux.ServeHTTP(w, r)
		return
	}
	w.Header().Set("API-Version", APIVersion)
	if rt.matchesAPI(r) {
		rt.mux.ServeHTTP(w, r)
		return
	}
	var allowed []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		if m == r.Method || (m == http.MethodGet && r.Method == http.MethodHead) {
			continue
		}
		probe := r.Clone(r.Context())
		probe.Method = m
		if rt.matchesAPI(probe) {
			allowed = append(allowed, m)
		}
	}
	if len(allowed) == 0 {
		WriteJSONError(w, r, nil, NotFound("Dit adres bestaat niet in de API. Controleer het pad; de beschrijving staat op "+APIBase+"/openapi.json.",
			"This address does not exist in the API. Check the path; the description is at "+APIBase+"/openapi.json."))
		return
	}
	w.Header().Set("Allow", strings.Join(allowed, ", "))
	WriteJSONError(w, r, nil, &Error{Code: CodeMethodNotAllowed,
		Message: "Deze methode is hier niet toegestaan; gebruik " + strings.Join(allowed, " of ") + ".",
		English: "This method is not allowed here; use " + strings.Join(allowed, " or ") + "."})
}

// matchesAPI reports whether r matches a registered route of the API
// itself, not the site's catch-all page ("GET /").
func (rt *Router) matchesAPI(r *http.Request) bool {
	_, pattern := rt.mux.Handler(r)
	if pattern == "" {
		return false
	}
	_, path, _ := strings.Cut(pattern, " ")
	if path == "" {
		path = pattern
	}
	return IsAPI(&http.Request{URL: &url.URL{Path: path}})
}

// IsAPI reports whether the request is for the JSON API, which answers
// errors as JSON instead of pages.
func IsAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// statusWriter remembers the status a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (s *statusWriter) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer (flush,
// deadlines) for streaming handlers.
func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }

func (rt *Router) guard(route Route, h http.Handler) http.Handler {
	inner := rt.enforce(route, h)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rt.Observe == nil {
			inner.ServeHTTP(w, r)
			return
		}
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		inner.ServeHTTP(sw, r)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		rt.Observe(r, route, sw.status, time.Since(start))
	})
}

func (rt *Router) enforce(route Route, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil && route.MaxBody > 0 {
			r.Body = http.MaxBytesReader(w, r.Body, route.MaxBody)
		}
		p := auth.FromContext(r.Context())
		if route.Rule.Allows(p) {
			if !acceptsMedia(route, r) {
				WriteJSONError(w, r, nil, &Error{Code: CodeUnsupportedMedia,
					Message: "Stuur de inhoud als JSON (Content-Type: application/json).",
					English: "Send the body as JSON (Content-Type: application/json)."})
				return
			}
			h.ServeHTTP(w, r)
			return
		}
		if p == nil {
			if IsAPI(r) {
				WriteJSONError(w, r, nil, &Error{Code: CodeUnauthenticated, Message: "Log eerst in.", English: "Log in first."})
				return
			}
			target := "/login?next=" + url.QueryEscape(r.URL.RequestURI())
			http.Redirect(w, r, target, http.StatusSeeOther)
			return
		}
		deny := Forbidden("U heeft geen toegang tot deze pagina met uw rol.", "Your role has no access to this page.")
		if IsAPI(r) {
			WriteJSONError(w, r, nil, deny)
			return
		}
		if rt.ErrorPage != nil {
			rt.ErrorPage(w, r, deny)
			return
		}
		http.Error(w, deny.Message, deny.Status())
	})
}

// acceptsMedia reports whether an API route that reads a JSON body can read
// r's: a body labelled as something else (a CSV, XML, a multipart form) is
// refused with 415 rather than misread. No label is accepted, and so is a
// form label, which is what `curl -d` sends by default.
func acceptsMedia(route Route, r *http.Request) bool {
	if route.API == nil || route.API.Request == nil || len(route.API.RequestMedia) > 0 {
		return true
	}
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return true
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return false
	}
	return mt == "application/json" || strings.HasSuffix(mt, "+json") || mt == "application/x-www-form-urlencoded"
}
