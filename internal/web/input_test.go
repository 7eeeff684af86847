package web_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/web"
)

// A path id is a positive whole number; anything else is a page that does
// not exist (404), never a server error or a zero id.
func TestPathID(t *testing.T) {
	for _, c := range []struct {
		value string
		want  int64
	}{{"1", 1}, {"42", 42}, {"9223372036854775807", 9223372036854775807}, {"0", 0}, {"-3", 0}, {"abc", 0}, {"", 0}, {"1e3", 0}, {" 7", 0}, {"9223372036854775808", 0}, {"0x10", 0}} {
		r := httptest.NewRequest("GET", "/x", nil)
		r.SetPathValue("id", c.value)
		id, err := web.PathID(r, "id")
		if id != c.want {
			t.Errorf("PathID(%q) = %d, want %d", c.value, id, c.want)
		}
		if (err == nil) != (c.want > 0) {
			t.Errorf("PathID(%q) error %v", c.value, err)
		}
		if err != nil && web.AsError(err).Status() != http.StatusNotFound {
			t.Errorf("PathID(%q) status %d, want 404", c.value, web.AsError(err).Status())
		}
	}
}

// A query id is optional (absent is 0) and otherwise a positive whole
// number; anything else is bad input naming the parameter.
func TestQueryID(t *testing.T) {
	for _, c := range []struct {
		query string
		want  int64
		bad   bool
	}{{"", 0, false}, {"before=7", 7, false}, {"before=", 0, false}, {"before=0", 0, true}, {"before=-1", 0, true}, {"before=x", 0, true}, {"before=1e3", 0, true}} {
		r := httptest.NewRequest("GET", "/x?"+c.query, nil)
		id, err := web.QueryID(r, "before")
		if id != c.want || (err != nil) != c.bad {
			t.Errorf("QueryID(%q) = %d, %v; want %d, bad %v", c.query, id, err, c.want, c.bad)
		}
		if err != nil {
			e := web.AsError(err)
			if e.Code != web.CodeBadInput || e.Field != "before" {
				t.Errorf("QueryID(%q) error %+v, want bad input naming before", c.query, e)
			}
		}
	}
}

type decoded struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
	When  time.Time
}

// decodedRequired is decoded with a field the request must hold.
type decodedRequired struct {
	Name  *string `json:"name" required:"true"`
	Count int     `json:"count"`
}

func decode(t *testing.T, body string, limit int64) (decoded, *web.Error) {
	t.Helper()
	r := httptest.NewRequest("POST", "/api/v1/x", strings.NewReader(body))
	if limit > 0 {
		r.Body = http.MaxBytesReader(httptest.NewRecorder(), r.Body, limit)
	}
	var v decoded
	err := web.DecodeJSON(r, &v)
	if err == nil {
		return v, nil
	}
	var we *web.Error
	if !errors.As(err, &we) {
		t.Fatalf("DecodeJSON(%q) returned %T %v, not a *web.Error", body, err, err)
	}
	return v, we
}

// Decoding is strict: an unknown field, a value of the wrong kind,
// trailing data or an empty body are malformed (400) naming what to fix; a body
// over the limit is too large. A correct object decodes.
func TestDecodeJSONStrict(t *testing.T) {
	v, e := decode(t, `{"name":"Anna","count":2}`+"\n", 0)
	if e != nil || v.Name != "Anna" || v.Count != 2 {
		t.Fatalf("good body: %+v %v", v, e)
	}
	for _, c := range []struct {
		body, field, says string
		code              web.Code
	}{
		{`{"name":"Anna","naam":"Anna"}`, "naam", `Het veld "naam" bestaat niet`, web.CodeMalformed},
		{`{"count":"twee"}`, "count", `Het veld "count" heeft de verkeerde soort waarde (tekst)`, web.CodeMalformed},
		{`{"name":"Anna"} {"name":"Bert"}`, "body", "Na het JSON-object staat nog meer", web.CodeMalformed},
		{`{"name":"Anna"} x`, "body", "geen geldige JSON", web.CodeMalformed},
		{``, "body", "Het verzoek is leeg", web.CodeMalformed},
		{`{"name":"An`, "body", "niet af", web.CodeMalformed},
		{`{"name":}`, "body", "positie 9", web.CodeMalformed},
		{`[1,2]`, "body", "Stuur een JSON-object", web.CodeMalformed},
		{`{"name":"` + strings.Repeat("a", 200) + `"}`, "", "te groot", web.CodeTooLarge},
	} {
		limit := int64(0)
		if c.code == web.CodeTooLarge {
			limit = 100
		}
		_, e := decode(t, c.body, limit)
		if e == nil {
			t.Errorf("%q accepted", c.body)
			continue
		}
		if e.Code != c.code || e.Field != c.field || !strings.Contains(e.Message, c.says) || e.English == "" {
			t.Errorf("%q: code %s field %q message %q (English %q), want %s %q %q", c.body, e.Code, e.Field, e.Message, e.English, c.code, c.field, c.says)
		}
	}
}

// Whatever a client sends, DecodeJSON answers nil or the shared error type
// with a status a client can act on (400, 422 or 413), never a 500.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{`{"name":"Anna","count":2}`, `{"x":1}`, `{"count":1.5}`, `null`, `"s"`, `{}{}`, `{"When":"2026-01-02"}`, "\xff", `{"name":"\ud800"}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		r := httptest.NewRequest("POST", "/api/v1/x", strings.NewReader(body))
		r.Body = http.MaxBytesReader(httptest.NewRecorder(), r.Body, 1<<10)
		var v decoded
		err := web.DecodeJSON(r, &v)
		if err == nil {
			return
		}
		var we *web.Error
		if !errors.As(err, &we) {
			t.Fatalf("%q: %T %v", body, err, err)
		}
		if s := we.Status(); s != http.StatusBadRequest && s != http.StatusUnprocessableEntity && s != http.StatusRequestEntityTooLarge {
			t.Fatalf("%q: status %d", body, s)
		}
		if we.Message == "" || we.English == "" {
			t.Fatalf("%q: no message: %+v", body, we)
		}
	})
}

// FuzzDecodeJSONRequired: a body DecodeJSON accepts holds every required
// field (not null); a refusal is a web.Error with a message.
func FuzzDecodeJSONRequired(f *testing.F) {
	for _, s := range []string{`{"name":"Anna","count":2}`, `{"count":1}`, `{"name":null}`, `{}`, `[]`, `{"name":"x"} {}`, `{"Name":"x"}`, `{"name":"a","name":null}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		r := httptest.NewRequest("POST", "/api/v1/x", strings.NewReader(body))
		r.Body = http.MaxBytesReader(httptest.NewRecorder(), r.Body, 1<<10)
		var v decodedRequired
		err := web.DecodeJSON(r, &v)
		if err == nil {
			if v.Name == nil {
				t.Fatalf("%q: accepted without its required name", body)
			}
			return
		}
		var we *web.Error
		if !errors.As(err, &we) || we.Message == "" || we.English == "" {
			t.Fatalf("%q: %T %v", body, err, err)
		}
	})
}

// Formatter.ParseDate is ParseDate's day as the moment it starts in
// Europe/Amsterdam (23:00 UTC in winter, 22:00 in summer).
func TestFormatterParseDate(t *testing.T) {
	f := web.NewFormatter()
	for in, want := range map[string]string{"15-01-2026": "2026-01-14T23:00:00Z", "2026-07-15": "2026-07-14T22:00:00Z", "1.7.2026": "2026-06-30T22:00:00Z"} {
		got, err := f.ParseDate(in)
		if err != nil || got.UTC().Format(time.RFC3339) != want || got.Location() != web.Amsterdam() {
			t.Errorf("ParseDate(%q) = %v %v, want %s", in, got, err, want)
		}
	}
	if _, err := f.ParseDate("30-02-2026"); err == nil {
		t.Error("30 February accepted")
	}
}

// The one Amsterdam zone is the real one: it knows summer time.
func TestAmsterdam(t *testing.T) {
	loc := web.Amsterdam()
	if loc.String() != "Europe/Amsterdam" || web.Amsterdam() != loc {
		t.Fatalf("Amsterdam() = %v", loc)
	}
	if _, off := time.Date(2026, 7, 1, 12, 0, 0, 0, loc).Zone(); off != 2*3600 {
		t.Errorf("summer offset %d", off)
	}
	if _, off := time.Date(2026, 1, 1, 12, 0, 0, 0, loc).Zone(); off != 3600 {
		t.Errorf("winter offset %d", off)
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"01-02-1990", "1-2-1990", "1990-02-01", "31/12/2001", "29-02-2024", "29-02-2023", "01-02/1990", "", "1990", "00-00-0000", "٠١-٠٢-١٩٩٠"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := web.ParseDate(s)
		if err != nil {
			return
		}
		if d.Hour() != 0 || d.Minute() != 0 || d.Location() != time.UTC || d.Year() < 1900 || d.Year() > 2199 {
			t.Fatalf("web.ParseDate(%q) = %v", s, d)
		}
		// Both printed forms parse back to the same day.
		for _, f := range []string{d.Format("02-01-2006"), d.Format("2006-01-02")} {
			again, err := web.ParseDate(f)
			if err != nil || !again.Equal(d) {
				t.Fatalf("%q → %v → %q → %v %v", s, d, f, again, err)
			}
		}
	})
}

func TestParseDate(t *testing.T) {
	cases := []struct {
		in   string
		want string
	}{
		{"01-02-1990", "1990-02-01"},
		{"1-2-1990", "1990-02-01"},
		{" 1990-02-01 ", "1990-02-01"},
		{"31/12/2001", "2001-12-31"},
		{"29.02.2024", "2024-02-29"},
		{"29-02-2023", ""},
		{"31-04-2020", ""},
		{"01-02/1990", ""},
		{"01-13-1990", ""},
		{"1990-2-1", "1990-02-01"},
		{"90-02-01", ""},
		{"01-02-90", ""},
		{"01-02-1899", ""},
		{"+1-02-1990", ""},
		{"", ""},
	}
	for _, c := range cases {
		d, err := web.ParseDate(c.in)
		got := ""
		if err == nil {
			got = d.Format("2006-01-02")
		}
		if got != c.want {
			t.Errorf("web.ParseDate(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// FuzzQueryID: any query value gives 0 and no error when absent, a
// positive id, or bad input naming the parameter; never a panic or a
// non-positive id with no error.
func FuzzQueryID(f *testing.F) {
	for _, s := range []string{"", "1", "0", "-1", "x", "9223372036854775808", "%00", "1&before=2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		r := httptest.NewRequest("GET", "/x", nil)
		r.URL.RawQuery = "before=" + v
		id, err := web.QueryID(r, "before")
		if err != nil {
			if id != 0 || web.AsError(err).Field != "before" {
				t.Fatalf("QueryID(%q) = %d, %v", v, id, err)
			}
			return
		}
		if id < 0 || (id == 0 && r.URL.Query().Get("before") != "") {
			t.Fatalf("QueryID(%q) = %d without an error", v, id)
		}
	})
}
