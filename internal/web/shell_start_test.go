package web

import (
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/auth"
)

// TestStartPageShowsTasks: the start page lists the day's tasks the
// modules give, urgent first and in the page's language, each linking to
// where the work is done; with none it says so; a failing module is an
// error page, not a page that silently leaves work out (issue 11).
func TestStartPageShowsTasks(t *testing.T) {
	rt := NewRouter()
	rd := NewRenderer(rt, slog.New(slog.DiscardHandler))
	var tasks []Task
	var fail error
	NewShell(rd, false).WithToday(func(*http.Request) ([]Task, error) { return tasks, fail }).Routes(rt)
	get := func(p *auth.Principal, path, lang string) (int, string) {
		req := httptest.NewRequest("GET", path, nil)
		if lang != "" {
			req.AddCookie(&http.Cookie{Name: LangCookie, Value: lang})
		}
		req = req.WithContext(auth.WithPrincipal(req.Context(), p))
		rec := httptest.NewRecorder()
		rt.ServeHTTP(rec, req)
		return rec.Code, rec.Body.String()
	}
	office := &auth.Principal{UserID: 1, Role: auth.RoleZorgkantoor, DisplayName: "Kim"}
	tasks = []Task{
		{Label: "1 voorstel nog zonder antwoord", LabelEN: "1 proposal not answered", Href: "/complexe-zorg/voorstellen", Count: 1},
		{Label: "2 personen met een verstreken termijn", LabelEN: "2 people past their deadline", Href: "/complexe-zorg", Count: 2, Urgent: true, Note: "sinds gisteren", NoteEN: "since yesterday"},
	}
	_, body := get(office, "/", "")
	urgent, other := strings.Index(body, "2 personen met een verstreken termijn"), strings.Index(body, "1 voorstel nog zonder antwoord")
	if urgent < 0 || other < 0 || urgent > other {
		t.Fatalf("tasks missing or the urgent one not first (urgent at %d, other at %d):\n%s", urgent, other, body)
	}
	for _, want := range []string{`<a href="/complexe-zorg">`, "sinds gisteren", `class="tag tag--urgent"`, "Wat wacht er vandaag op u"} {
		if !strings.Contains(body, want) {
			t.Errorf("start page lacks %q", want)
		}
	}
	if _, en := get(office, "/", "en"); !strings.Contains(en, "2 people past their deadline") || !strings.Contains(en, "since yesterday") {
		t.Error("the English start page does not show the tasks' English labels")
	}
	client := &auth.Principal{UserID: 2, Role: auth.RoleClient, DisplayName: "Sanne"}
	if _, mijn := get(client, "/mijn", ""); !strings.Contains(mijn, "2 personen met een verstreken termijn") {
		t.Error("the client's /mijn does not show the tasks")
	}
	tasks = nil
	if _, body := get(office, "/", ""); !strings.Contains(body, "Er wacht vandaag niets op u.") {
		t.Error("an empty day is not said")
	}
	fail = errors.New("boom")
	if code, _ := get(office, "/", ""); code != http.StatusInternalServerError {
		t.Errorf("a failing module gives %d, want 500", code)
	}
}

// TestFavicon: every page names our own SVG icon, and /favicon.ico (which
// browsers ask for on their own) leads to it instead of a 404.
func TestFavicon(t *testing.T) {
	rt := NewRouter()
	rd := NewRenderer(rt, slog.New(slog.DiscardHandler))
	NewShell(rd, false).Routes(rt)
	rec := httptest.NewRecorder()
	rt.ServeHTTP(rec, httptest.NewRequest("GET", "/privacy", nil))
	if !strings.Contains(rec.Body.String(), `<link rel="icon" href="`+StaticURL("favicon.svg")+`" type="image/svg+xml">`) {
		t.Error("the layout names no icon")
	}
	rec = httptest.NewRecorder()
	rt.ServeHTTP(rec, httptest.NewRequest("GET", "/favicon.ico", nil))
	if rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") != "/static/favicon.svg" {
		t.Fatalf("/favicon.ico: %d to %q", rec.Code, rec.Header().Get("Location"))
	}
	rec = httptest.NewRecorder()
	rt.ServeHTTP(rec, httptest.NewRequest("GET", "/static/favicon.svg", nil))
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "image/svg+xml") || !strings.Contains(rec.Body.String(), "<svg") {
		t.Errorf("/static/favicon.svg: %d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
}

// TestHeaderNamesTheDuty: an account with a scoped duty sees the duty in
// the header, not only its role ("Landelijke tafel", not "Zorgkantoor"),
// in both languages (issue 11).
func TestHeaderNamesTheDuty(t *testing.T) {
	rt := NewRouter()
	rd := NewRenderer(rt, slog.New(slog.DiscardHandler))
	NewShell(rd, false).Routes(rt)
	get := func(p *auth.Principal, lang string) string {
		req := httptest.NewRequest("GET", "/", nil)
		if lang != "" {
			req.AddCookie(&http.Cookie{Name: LangCookie, Value: lang})
		}
		req = req.WithContext(auth.WithPrincipal(req.Context(), p))
		rec := httptest.NewRecorder()
		rt.ServeHTTP(rec, req)
		return rec.Body.String()
	}
	table := &auth.Principal{UserID: 1, Role: auth.RoleZorgkantoor, DisplayName: "Noor", Scope: auth.Scope{Duties: []string{auth.DutyNationalTable}}}
	if body := get(table, ""); !strings.Contains(body, `<span class="role">(Landelijke tafel)</span>`) {
		t.Errorf("the national table's header does not name its duty:\n%s", body)
	}
	if body := get(table, "en"); !strings.Contains(body, `<span class="role">(National table)</span>`) {
		t.Error("the English header does not name the duty")
	}
	office := &auth.Principal{UserID: 2, Role: auth.RoleZorgkantoor, DisplayName: "Kim"}
	if body := get(office, ""); !strings.Contains(body, `<span class="role">(Zorgkantoor)</span>`) {
		t.Error("an account without a duty no longer shows its role")
	}
}
