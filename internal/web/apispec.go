package web

import "net/http"

// APIVersion is the semantic version of the JSON API (NL API Design Rules:
// the full version in info.version and in an API-Version header on every
// response). The major part is the /api/v1 of the paths; raise the minor
// part for additions, the patch part for fixes of the description.
const APIVersion = "1.0.0"

// Spec declares an API route's contract next to its registration: what it
// reads, what it answers and with which success status. The OpenAPI
// document is generated from these declarations (never written by hand),
// and the contract test validates every response the test suite produces
// against it, so the declaration cannot drift from the handler.
type Spec struct {
	Summary string // one line, English
	Tag     string // the module, e.g. "placement"
	// Request is a value of the JSON request body's type (nil: no body).
	Request any
	// RequestMedia lists other request media types the route accepts
	// instead of JSON (an uploaded file, CSV); their bodies are opaque.
	RequestMedia []string
	// Response is a value of the JSON response body's type (nil: no body).
	Response any
	// Status is the success status; 0 means 200.
	Status int
	// Query lists the query parameters the handler reads.
	Query []Param
	// Errors lists error statuses beyond those every API route may answer
	// (e.g. 409, 429, 503); see ErrorStatuses.
	Errors []int
}

// Param is a query parameter.
type Param struct {
	Name        string
	Type        string // JSON Schema type: "string" (default), "integer", "boolean", "number"
	Format      string // e.g. "date", "date-time"
	Enum        []string
	Required    bool
	Description string
}

// API attaches the contract of an /api/v1 route.
func API(s Spec) Option {
	return func(r *Route) {
		c := s
		if c.Status == 0 {
			c.Status = http.StatusOK
		}
		r.API = &c
	}
}

// ErrorStatuses returns the error statuses route may answer, each as an
// RFC 9457 problem: bad input and missing things everywhere; 401/403 where
// a rule guards it; 409 and 413 for a change, 415 where the body must be JSON;
// what the spec adds.
func (route Route) ErrorStatuses() []int {
	s := []int{http.StatusBadRequest, http.StatusNotFound, http.StatusMethodNotAllowed, http.StatusUnprocessableEntity, http.StatusInternalServerError}
	if !route.Rule.IsPublic() {
		s = append(s, http.StatusUnauthorized, http.StatusForbidden)
	}
	if route.Method != http.MethodGet && route.Method != http.MethodHead && route.Method != http.MethodDelete {
		// A change may conflict with the state it finds (409); a body may
		// be too large (413).
		s = append(s, http.StatusConflict, http.StatusRequestEntityTooLarge)
		if route.API != nil && route.API.Request != nil && len(route.API.RequestMedia) == 0 {
			s = append(s, http.StatusUnsupportedMediaType)
		}
	}
	if route.API != nil {
		s = append(s, route.API.Errors...)
	}
	return s
}
