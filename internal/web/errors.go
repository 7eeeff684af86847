package web

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/volwaardig/volwaardig/internal/auth"
)

// Code classifies an error for clients of the API and for the status code.
type Code string

// The error codes. They appear in JSON error bodies and are a contract.
const (
	CodeBadInput Code = "bad_input"
	// CodeMalformed is a request body that is not the JSON the route
	// reads: a syntax error, a value of the wrong kind, a field the
	// request does not have (400). CodeBadInput stays for a well-formed
	// request whose values the domain refuses (422).
	CodeMalformed        Code = "malformed_request"
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

// Error is the one error type that crosses from domain code to HTTP, for
// forms and the API alike. Message is Dutch (what the user reads, saying
// what to fix); English is its translation. Field names the form field or
// input position at fault; Fields holds every field at fault with its own
// reason when an operation checks several at once, so a form shows them
// all in its error summary and the API can list them, instead of each
// module keeping a multi-field error type of its own.
type Error struct {
	Code    Code
	Message string
	English string
	Field   string
	Fields  []FieldError
	Err     error // cause, for logs only; never shown
}

func (e *Error) Error() string {
	s := string(e.Code) + ": " + e.English
	if e.English == "" {
		s = string(e.Code) + ": " + e.Message
	}
	if len(e.Fields) > 1 {
		var b strings.Builder
		for i, f := range e.Fields {
			if i > 0 {
				b.WriteString("; ")
			}
			b.WriteString(f.Field + ": " + f.Message)
		}
		s += " (" + b.String() + ")"
	}
	if e.Err != nil {
		return s + ": " + e.Err.Error()
	}
	return s
}

// FieldErrors returns every field at fault with its reason: Fields, or the
// single Field and Message as one entry, or nothing for an error that
// names no field. Forms put them in the error summary beside the fields.
func (e *Error) FieldErrors() []FieldError {
	if len(e.Fields) > 0 {
		return e.Fields
	}
	if e.Field == "" && e.Code != CodeBadInput && e.Code != CodeMalformed {
		return nil
	}
	return []FieldError{{Field: e.Field, Message: e.Message, English: e.English}}
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Status maps the code to an HTTP status; the mapping lives only here.
func (e *Error) Status() int {
	switch e.Code {
	case CodeBadInput:
		return http.StatusUnprocessableEntity
	case CodeMalformed:
		return http.StatusBadRequest
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

// Invalid makes one bad-input error of every field at fault, so a form
// shows all of them at once. The first field stands for the whole in the
// Field, Message and English of the error (what a client reading only
// those sees); it returns nil when no field is at fault, so a validator
// can end with "return web.Invalid(errs...)".
func Invalid(fields ...FieldError) error {
	if len(fields) == 0 {
		return nil
	}
	first := fields[0]
	en := first.English
	if en == "" {
		en = "Check the field " + first.Field + "."
		if first.Field == "" {
			en = "Check your input."
		}
	}
	return &Error{Code: CodeBadInput, Field: first.Field, Message: first.Message, English: en, Fields: fields}
}

// FieldErrorsOf returns the fields at fault when err is a bad-input error,
// and false otherwise: a handler re-renders its form with them, and fails
// the request for any other error.
func FieldErrorsOf(err error) ([]FieldError, bool) {
	var e *Error
	if !errors.As(err, &e) || e.Code != CodeBadInput {
		return nil, false
	}
	return e.FieldErrors(), true
}

// Malformed makes the error of a request body that is not the JSON the
// route reads; field names the field at fault ("body" for the whole).
func Malformed(field, nl, en string) *Error {
	return &Error{Code: CodeMalformed, Field: field, Message: nl, English: en}
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
var allCodes = []Code{CodeBadInput, CodeMalformed, CodeUnauthenticated, CodeForbidden, CodeNotFound, CodeConflict, CodeMethodNotAllowed, CodeTooLarge, CodeUnsupportedMedia, CodeRateLimited, CodeUnavailable, CodeInternal}

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
	for _, f := range e.FieldErrors() {
		if f.Field == "" {
			continue
		}
		reason := f.Message
		if lang == LangEN && f.English != "" {
			reason = f.English
		}
		p.InvalidParams = append(p.InvalidParams, InvalidParam{Name: f.Field, Reason: reason})
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
