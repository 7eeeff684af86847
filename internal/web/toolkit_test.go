package web_test

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/web"
)

// One error carries every field at fault: the form lists them all, the
// first stands for the whole in Field/Message for API clients, and it maps
// to 422 like a single bad input.
func TestInvalidCarriesEveryField(t *testing.T) {
	if web.Invalid() != nil {
		t.Fatal("Invalid without fields is an error")
	}
	err := web.Invalid(web.FieldError{Field: "naam", Message: "Vul de naam in."}, web.FieldError{Field: "regio", Message: "Kies de regio.", English: "Choose the region."})
	wrapped := fmt.Errorf("report: %w", err)
	fields, ok := web.FieldErrorsOf(wrapped)
	if !ok || len(fields) != 2 || fields[0].Field != "naam" || fields[1].Field != "regio" {
		t.Fatalf("FieldErrorsOf = %v %v", fields, ok)
	}
	e := web.AsError(wrapped)
	if e.Status() != http.StatusUnprocessableEntity || e.Field != "naam" || e.Message != "Vul de naam in." || e.English != "Check the field naam." {
		t.Errorf("the first field does not stand for the whole: %+v", e)
	}
	if s := err.Error(); !strings.Contains(s, "naam: Vul de naam in.") || !strings.Contains(s, "regio: Kies de regio.") {
		t.Errorf("Error() hides a field: %q", s)
	}
	// A single bad input is one field; other errors have none.
	if fs, ok := web.FieldErrorsOf(web.BadInput("bsn", "Vul een geldig BSN in.", "Enter a valid BSN.")); !ok || len(fs) != 1 || fs[0] != (web.FieldError{Field: "bsn", Message: "Vul een geldig BSN in.", English: "Enter a valid BSN."}) {
		t.Errorf("single bad input: %v %v", fs, ok)
	}
	for _, other := range []error{web.NotFound("Weg.", "Gone."), web.Conflict("Al gedaan.", "Done already."), errors.New("disk full"), nil} {
		if fs, ok := web.FieldErrorsOf(other); ok || fs != nil {
			t.Errorf("FieldErrorsOf(%v) = %v %v", other, fs, ok)
		}
	}
}

// The status mapping lives in one place and an unknown error never shows
// its cause.
func TestErrorStatus(t *testing.T) {
	for code, status := range map[web.Code]int{
		web.CodeBadInput: 422, web.CodeUnauthenticated: 401, web.CodeForbidden: 403, web.CodeNotFound: 404, web.CodeConflict: 409,
		web.CodeTooLarge: 413, web.CodeRateLimited: 429, web.CodeUnavailable: 503, web.CodeInternal: 500,
	} {
		if got := (&web.Error{Code: code}).Status(); got != status {
			t.Errorf("%s: %d, want %d", code, got, status)
		}
	}
	e := web.AsError(errors.New("pq: password authentication failed for user volwaardig"))
	if e.Code != web.CodeInternal || strings.Contains(e.Message+e.English, "pq") || e.Err == nil {
		t.Errorf("internal error shows or loses its cause: %+v", e)
	}
}

// SeeOther carries only the flash key, also after an existing query, and
// Flash shows only texts the module knows.
func TestSeeOtherAndFlash(t *testing.T) {
	flashes := map[string]string{"opgeslagen": "De gegevens zijn opgeslagen."}
	for path, want := range map[string]string{
		"/clienten/7":             "/clienten/7?melding=opgeslagen",
		"/mijn/gegevens?client=3": "/mijn/gegevens?client=3&melding=opgeslagen",
	} {
		rec := httptest.NewRecorder()
		web.SeeOther(rec, httptest.NewRequest("POST", path, nil), path, "opgeslagen")
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != want {
			t.Errorf("SeeOther(%q) = %d %q, want %q", path, rec.Code, rec.Header().Get("Location"), want)
		}
		next := httptest.NewRequest("GET", rec.Header().Get("Location"), nil)
		if got := web.Flash(next, flashes); got != "De gegevens zijn opgeslagen." {
			t.Errorf("Flash after %q = %q", want, got)
		}
	}
	rec := httptest.NewRecorder()
	web.SeeOther(rec, httptest.NewRequest("POST", "/x", nil), "/x", "")
	if rec.Header().Get("Location") != "/x" {
		t.Errorf("no key: %q", rec.Header().Get("Location"))
	}
	for _, q := range []string{"?melding=onbekend", "?melding=" + url.QueryEscape("<script>alert(1)</script>"), ""} {
		if got := web.Flash(httptest.NewRequest("GET", "/x"+q, nil), flashes); got != "" {
			t.Errorf("Flash(%q) = %q", q, got)
		}
	}
}

// The router lets a request through only when the route's rule allows it:
// anonymous pages go to the login with the way back, anonymous API calls
// get 401, a role without access 403, and a body over the route's limit
// is refused as too large.
func TestRouterGuard(t *testing.T) {
	rt := web.NewRouter()
	rd := web.NewRenderer(rt, slog.New(slog.DiscardHandler))
	ok := func(w http.ResponseWriter, r *http.Request) {
		if err := web.ParseForm(r); err != nil {
			rd.Fail(w, r, err)
			return
		}
		fmt.Fprint(w, "binnen")
	}
	rt.HandleFunc("GET /open", auth.Public(), ok)
	rt.HandleFunc("GET /kantoor", auth.Roles(auth.RoleZorgkantoor), ok)
	rt.HandleFunc("GET /api/v1/kantoor", auth.Roles(auth.RoleZorgkantoor), ok)
	rt.HandleFunc("POST /klein", auth.AnyUser(), ok, web.MaxBody(64))
	zk := &auth.Principal{UserID: 1, Role: auth.RoleZorgkantoor}
	client := &auth.Principal{UserID: 2, Role: auth.RoleClient}
	for _, c := range []struct {
		p              *auth.Principal
		method, path   string
		body           string
		status         int
		location, says string
	}{
		{nil, "GET", "/open", "", 200, "", "binnen"},
		{nil, "GET", "/kantoor?regio=ZK11", "", 303, "/login?next=%2Fkantoor%3Fregio%3DZK11", ""},
		{nil, "GET", "/api/v1/kantoor", "", 401, "", `"unauthenticated"`},
		{client, "GET", "/kantoor", "", 403, "", "geen toegang"},
		{client, "GET", "/api/v1/kantoor", "", 403, "", `"forbidden"`},
		{zk, "GET", "/kantoor", "", 200, "", "binnen"},
		{zk, "GET", "/api/v1/kantoor", "", 200, "", "binnen"},
		{zk, "POST", "/klein", "a=" + strings.Repeat("x", 10), 200, "", "binnen"},
		{zk, "POST", "/klein", "a=" + strings.Repeat("x", 100), 413, "", "te groot"},
	} {
		r := httptest.NewRequest(c.method, c.path, strings.NewReader(c.body))
		if c.body != "" {
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		if c.p != nil {
			r = r.WithContext(auth.WithPrincipal(r.Context(), c.p))
		}
		rec := httptest.NewRecorder()
		rt.ServeHTTP(rec, r)
		if rec.Code != c.status || rec.Header().Get("Location") != c.location || !strings.Contains(rec.Body.String(), c.says) {
			t.Errorf("%v %s %s: %d %q %q", c.p, c.method, c.path, rec.Code, rec.Header().Get("Location"), rec.Body.String())
		}
	}
	if n := len(rt.Routes()); n != 4 {
		t.Errorf("%d routes recorded, want 4", n)
	}
}

// The shared form field links its error and hint to the input, marks it
// invalid, refills what was typed but never a password, and the layout's
// error summary links every error to its field.
func TestFieldAndErrorSummary(t *testing.T) {
	rt := web.NewRouter()
	rd := web.NewRenderer(rt, slog.New(slog.DiscardHandler))
	tmpl := rd.Parse(fstest.MapFS{"form.html": {Data: []byte(`{{define "content"}}<form novalidate>
{{template "field" (dict "P" . "Name" "naam" "Label" "Naam" "Type" "text" "Hint" "Zoals in het paspoort.")}}
{{template "field" (dict "P" . "Name" "wachtwoord" "Label" "Wachtwoord" "Type" "password")}}
{{template "field" (dict "P" . "Name" "notitie" "Label" "Notitie" "Type" "textarea" "Optional" true)}}
</form>{{end}}`)}}, "form.html")
	rec := httptest.NewRecorder()
	rd.Render(rec, httptest.NewRequest("POST", "/formulier", nil), http.StatusUnprocessableEntity, tmpl, web.Page{Title: "Formulier",
		Errors: []web.FieldError{{Field: "naam", Message: "Vul de naam in."}, {Field: "wachtwoord", Message: "Het wachtwoord is te kort."}, {Message: "Probeer het opnieuw."}},
		Form:   map[string]string{"naam": "Anna <b>", "wachtwoord": "geheim123", "notitie": "regel"}})
	body := rec.Body.String()
	for _, want := range []string{
		`<a href="#naam">Vul de naam in.</a>`, `<a href="#wachtwoord">Het wachtwoord is te kort.</a>`, `<li>Probeer het opnieuw.</li>`,
		`id="naam" name="naam" value="Anna &lt;b&gt;"`, `aria-describedby="naam-hint naam-fout" aria-invalid="true" required`,
		`<span class="field-error" id="naam-fout">`, `id="wachtwoord" name="wachtwoord" value=""`,
		`<textarea id="notitie" name="notitie" rows="3">regel</textarea>`, `(niet verplicht)`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if strings.Contains(body, "geheim123") {
		t.Error("the password was written back into the page")
	}
}

// TestNavForAnonymous: an anonymous visitor's menu holds the public items
// (a public reporting page is found without logging in), a logged-in
// user's the items of their role and not the public ones.
func TestNavForAnonymous(t *testing.T) {
	rt := web.NewRouter()
	rt.Nav(web.NavItem{Path: "/openbaar", Label: "Openbaar", Rule: auth.Public()})
	rt.Nav(web.NavItem{Path: "/mijn", Label: "Mijn", Rule: auth.Roles(auth.RoleClient)})
	if got := rt.NavFor(nil); len(got) != 1 || got[0].Path != "/openbaar" {
		t.Errorf("anonymous menu: %+v", got)
	}
	if got := rt.NavFor(&auth.Principal{Role: auth.RoleClient}); len(got) != 1 || got[0].Path != "/mijn" {
		t.Errorf("client menu: %+v", got)
	}
}
