package web

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
)

// Code classifies an error for clients of the API and for the status code.
type Code string

// The error codes. They appear in JSON error bodies and are a contract.
const (
	CodeBadInput        Code = "bad_input"
	CodeUnauthenticated Code = "unauthenticated"
	CodeForbidden       Code = "forbidden"
	CodeNotFound        Code = "not_found"
	CodeConflict        Code = "conflict"
	CodeTooLarge        Code = "too_large"
	CodeRateLimited     Code = "rate_limited"
	CodeUnavailable     Code = "unavailable"
	CodeInternal        Code = "internal"
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
	case CodeTooLarge:
		return http.StatusRequestEntityTooLarge
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

// WriteJSONError writes the API error shape of DESIGN §4:
// {"error": {"code": "...", "message": "..."}}.
func WriteJSONError(w http.ResponseWriter, r *http.Request, logger *slog.Logger, err error) {
	e := AsError(err)
	if e.Code == CodeInternal && logger != nil {
		logger.ErrorContext(r.Context(), "request failed", "path", r.URL.Path, "method", r.Method, "err", e.Err)
	}
	body := map[string]any{"code": e.Code, "message": e.Localized(LangFromRequest(r))}
	if id := RequestIDFrom(r.Context()); id != "" && e.Code == CodeInternal {
		body["request_id"] = id
	}
	if e.Field != "" {
		body["field"] = e.Field
	}
	WriteJSON(w, e.Status(), map[string]any{"error": body})
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
