package web

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"github.com/volwaardig/volwaardig/internal/auth"
)

// Code classifies an error for clients of the API and for the status code.
type Code string

// The error codes. They appear in JSON error bodies and are a contract.
const (
	CodeBadInput         Code = "bad_input"
	CodeUnauthenticated  Code = "unauthenticated"
	CodeForbidden        Code = "forbidden"
	CodeNotFound         Code = "not_found"
	CodeConflict         Code = "conflict"
	CodeMethodNotAllowed Code = "method_not_allowed"
	CodeTooLarge         Code = "too_large"
	CodeUnsupportedMedia Code = "unsupported_media_type"
	CodeRateLimited      Code = "rate_limited"
	CodeUnavailable      Code = "unavailable"
	CodeInternal         Code = "internal"
)

// Error is the one error type that crosses from domain code to HTTP. Message
// is Dutch (what the user reads, saying what to fix); English is its
// translation. Field names the form field or input position at fault.
type Error struct {
	Code    Code
	Message string
	English string
	Field   string
	Err     error // cause, for logs only; never shown
}

func (e *Error) Error() string {
	if e.Err != nil {
		return string(e.Code) + ": " + e.English + ": " + e.Err.Error()
	}
	return string(e.Code) + ": " + e.English
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Status maps the code to an HTTP status; the mapping lives only here.
func (e *Error) Status() int {
	switch e.Code {
	case CodeBadInput:
		return http.StatusUnprocessableEntity
	case CodeUnauthenticated:
		return http.StatusUnauthorized
	case CodeForbidden:
		return http.StatusForbidden
	case CodeNotFound:
		return http.StatusNotFound
	case CodeConflict:
		return http.StatusConflict
	case CodeMethodNotAllowed:
		return http.StatusMethodNotAllowed
	case CodeTooLarge:
		return http.StatusRequestEntityTooLarge
	case CodeUnsupportedMedia:
		return http.StatusUnsupportedMediaType
	case CodeRateLimited:
		return http.StatusTooManyRequests
	case CodeUnavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// Localized returns the message in lang ("nl" or "en").
func (e *Error) Localized(lang string) string {
	if lang == "en" && e.English != "" {
		return e.English
	}
	return e.Message
}

// BadInput makes a bad-input error for a field.
func BadInput(field, nl, en string) *Error {
	return &Error{Code: CodeBadInput, Field: field, Message: nl, English: en}
}

// NotFound makes a not-found error.
func NotFound(nl, en string) *Error { return &Error{Code: CodeNotFound, Message: nl, English: en} }

// Forbidden makes an access-denied error.
func Forbidden(nl, en string) *Error { return &Error{Code: CodeForbidden, Message: nl, English: en} }

// Conflict makes a conflict error (the state changed or the thing exists).
func Conflict(nl, en string) *Error { return &Error{Code: CodeConflict, Message: nl, English: en} }

// AsError turns any error into an *Error; unknown errors become internal
// errors whose cause is kept for the log but never shown.
func AsError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Code: CodeInternal, Message: "Er ging iets mis aan onze kant. Probeer het later opnieuw.", English: "Something went wrong on our side. Please try again later.", Err: err}
}

// WriteJSON writes v as JSON with status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

// allCodes lists every Code, for the problem schema of the API document.
var allCodes = []Code{CodeBadInput, CodeUnauthenticated, CodeForbidden, CodeNotFound, CodeConflict, CodeMethodNotAllowed, CodeTooLarge, CodeUnsupportedMedia, CodeRateLimited, CodeUnavailable, CodeInternal}

// Problem is the RFC 9457 problem detail every API error is answered with
// (DESIGN §4): type, title, status, detail (what to fix, in the request's
// language), instance (the request's path), code (our stable error class)
// and, for bad input, invalid-params naming each field at fault.
type Problem struct {
	Type          string         `json:"type"`
	Title         string         `json:"title"`
	Status        int            `json:"status"`
	Detail        string         `json:"detail"`
	Instance      string         `json:"instance"`
	Code          Code           `json:"code"`
	RequestID     string         `json:"request_id,omitempty"`
	InvalidParams []InvalidParam `json:"invalid-params,omitempty"`
}

// InvalidParam names one input field at fault and why.
type InvalidParam struct {
	Name   string `json:"name"`
	Reason string `json:"reason"`
}

// ProblemMediaType is the content type of an API error.
const ProblemMediaType = "application/problem+json"

// ProblemFor builds the problem detail of e as answered to r.
func ProblemFor(r *http.Request, e *Error) Problem {
	lang := LangFromRequest(r)
	p := Problem{
		Type:     "about:blank", // the status says what kind of problem; Code refines it
		Title:    http.StatusText(e.Status()),
		Status:   e.Status(),
		Detail:   e.Localized(lang),
		Instance: r.URL.Path,
		Code:     e.Code,
	}
	if e.Code == CodeInternal {
		p.RequestID = RequestIDFrom(r.Context())
	}
	if e.Field != "" {
		p.InvalidParams = []InvalidParam{{Name: e.Field, Reason: e.Localized(lang)}}
	}
	return p
}

// WriteJSONError answers an API error as an RFC 9457 problem
// (application/problem+json) with the API-Version header; a 401 says how to
// authenticate in WWW-Authenticate (a bearer token, or the session cookie
// of a login). An internal error's cause goes to the log, never to the
// client.
func WriteJSONError(w http.ResponseWriter, r *http.Request, logger *slog.Logger, err error) {
	e := AsError(err)
	if e.Code == CodeInternal && logger != nil {
		logger.ErrorContext(r.Context(), "request failed", "path", r.URL.Path, "method", r.Method, "err", e.Err)
	}
	p := ProblemFor(r, e)
	h := w.Header()
	h.Set("API-Version", APIVersion)
	if p.Status == http.StatusUnauthorized {
		h.Set("WWW-Authenticate", `Bearer realm="volwaardig"`)
		h.Add("WWW-Authenticate", `Cookie realm="volwaardig", form-action="/login", cookie-name="`+auth.SessionCookie+`"`)
	}
	h.Set("Content-Type", ProblemMediaType)
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(p.Status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(p)
}

// ParseForm parses a submitted form within the route's body limit; a body
// over the limit becomes a too-large error instead of a vague parse failure.
func ParseForm(r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return &Error{Code: CodeTooLarge, Message: "Het formulier is te groot.", English: "The form is too large.", Err: err}
		}
		return BadInput("", "Het formulier kon niet worden gelezen.", "The form could not be read.")
	}
	return nil
}
