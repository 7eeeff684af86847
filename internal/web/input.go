package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// PathID reads the positive whole number in the path value name (the
// {id} of "/crisis/{id}"). Anything else is a page that does not exist,
// so a mistyped address gets the same not-found answer as an unknown id.
func PathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, NotFound("Deze pagina bestaat niet. Controleer het adres.", "This page does not exist. Check the address.")
	}
	return id, nil
}

// QueryID reads an optional positive whole number from the query parameter
// name (a paging cursor such as ?before=123); absent is 0. Anything else is
// bad input naming the parameter, not a missing page: the address exists
// and only the parameter is wrong.
func QueryID(r *http.Request, name string) (int64, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, BadInput(name, name+" moet een positief geheel getal zijn.", name+" must be a positive whole number.")
	}
	return id, nil
}

// DecodeJSON reads a request body of one JSON value into v, strictly: a
// field v does not know, a value of the wrong kind or anything after the
// value is refused, so a misspelt field is reported instead of silently
// ignored. A body that is not that JSON is malformed (400), naming the
// field at fault or "body"; a value a type's own decoder refuses (a date
// in another layout) is bad input (422), as the domain's checks are. The
// errors say in Dutch what to fix; a body over the route's limit is a
// too-large error.
func DecodeJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	var body json.RawMessage
	if err := dec.Decode(&body); err != nil {
		return jsonError(err)
	}
	var rest json.RawMessage
	switch err := dec.Decode(&rest); {
	case errors.Is(err, io.EOF):
	case err != nil:
		return jsonError(err)
	default:
		return Malformed("body", "Na het JSON-object staat nog meer tekst. Stuur één JSON-object.", "There is more text after the JSON object. Send one JSON object.")
	}
	strict := json.NewDecoder(bytes.NewReader(body))
	strict.DisallowUnknownFields()
	if err := strict.Decode(v); err != nil {
		return jsonError(err)
	}
	return requirePresent(body, v)
}

// requirePresent refuses a body that lacks a field v's type marks
// required:"true" (or holds it as null): a malformed request naming every
// such field, as the API document's schema says.
func requirePresent(body json.RawMessage, v any) error {
	t := reflect.TypeOf(v)
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct {
		return nil
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(body, &obj) != nil {
		return nil // not an object: the decode into v refused it already
	}
	missing := missingFields(t, obj)
	if len(missing) == 0 {
		return nil
	}
	fields := make([]FieldError, len(missing))
	for i, name := range missing {
		fields[i] = FieldError{Field: name,
			Message: "Het veld " + strconv.Quote(name) + " ontbreekt. Dit verzoek heeft het nodig.",
			English: "The field " + strconv.Quote(name) + " is missing. This request needs it."}
	}
	return &Error{Code: CodeMalformed, Field: fields[0].Field, Message: fields[0].Message, English: fields[0].English, Fields: fields}
}

func jsonError(err error) error {
	var tooBig *http.MaxBytesError
	var syntax *json.SyntaxError
	var kind *json.UnmarshalTypeError
	switch {
	case errors.As(err, &tooBig):
		return &Error{Code: CodeTooLarge, Message: "Het verzoek is te groot.", English: "The request is too large.", Err: err}
	case errors.Is(err, io.EOF):
		return Malformed("body", "Het verzoek is leeg. Stuur een JSON-object.", "The request is empty. Send a JSON object.")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return Malformed("body", "Het JSON-object is niet af: er ontbreekt een haakje of aanhalingsteken aan het eind.", "The JSON object is incomplete: a bracket or quote is missing at the end.")
	case errors.As(err, &syntax):
		return Malformed("body", fmt.Sprintf("Het verzoek is geen geldige JSON: controleer het teken op positie %d.", syntax.Offset), fmt.Sprintf("The request is not valid JSON: check the character at position %d.", syntax.Offset))
	case errors.As(err, &kind):
		if kind.Field == "" {
			return Malformed("body", "Stuur een JSON-object met de velden van dit verzoek, geen "+jsonKind(kind.Value)+".", "Send a JSON object with this request's fields, not "+kind.Value+".")
		}
		return Malformed(kind.Field, fmt.Sprintf("Het veld %q heeft de verkeerde soort waarde (%s).", kind.Field, jsonKind(kind.Value)), fmt.Sprintf("The field %q has the wrong kind of value (%s).", kind.Field, kind.Value))
	}
	// encoding/json has no error type for an unknown field; its message
	// is `json: unknown field "name"`.
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		field, _ := strconv.Unquote(name)
		return Malformed(field, "Het veld "+name+" bestaat niet bij dit verzoek. Controleer de spelling of laat het weg.", "The field "+name+" does not exist for this request. Check its spelling or leave it out.")
	}
	return BadInput("", "Het verzoek is geen geldig JSON-object.", "The request is not a valid JSON object.")
}

// jsonKind names a JSON value kind in Dutch.
func jsonKind(v string) string {
	switch v {
	case "string":
		return "tekst"
	case "number":
		return "getal"
	case "bool":
		return "waar/onwaar"
	case "array":
		return "lijst"
	case "object":
		return "object"
	}
	return v
}

// ParseDate reads a calendar date as people type it in a Dutch form:
// dd-mm-jjjj (also with / or . and without leading zeros) or the ISO
// jjjj-mm-dd that <input type=date> and the API send. It returns midnight
// UTC: a day, not a moment (Formatter.ParseDate gives the moment the day
// starts in Europe/Amsterdam). Impossible dates (31-02-2020) are refused
// instead of rolled over, as are years outside 1900–2199; a caller with a
// narrower range checks it itself.
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	bad := fmt.Errorf("%q is geen datum; schrijf dd-mm-jjjj", s)
	if len(s) > 10 || s == "" {
		return time.Time{}, bad
	}
	var parts []string
	var sep byte
	start := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '-' || c == '/' || c == '.' {
			if sep != 0 && c != sep {
				return time.Time{}, bad // mixed separators: 01-02/2020
			}
			sep = c
			parts = append(parts, s[start:i])
			start = i + 1
		}
	}
	parts = append(parts, s[start:])
	if len(parts) != 3 {
		return time.Time{}, bad
	}
	var nums [3]int
	for i, p := range parts {
		if p == "" || len(p) > 4 {
			return time.Time{}, bad
		}
		for j := 0; j < len(p); j++ {
			if p[j] < '0' || p[j] > '9' {
				return time.Time{}, bad
			}
		}
		nums[i], _ = strconv.Atoi(p)
	}
	var y, m, d int
	switch {
	case len(parts[0]) == 4 && len(parts[1]) <= 2 && len(parts[2]) <= 2:
		y, m, d = nums[0], nums[1], nums[2]
	case len(parts[2]) == 4 && len(parts[0]) <= 2 && len(parts[1]) <= 2:
		d, m, y = nums[0], nums[1], nums[2]
	default:
		return time.Time{}, bad
	}
	if y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 {
		return time.Time{}, bad
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d || int(t.Month()) != m {
		return time.Time{}, bad
	}
	return t, nil
}
