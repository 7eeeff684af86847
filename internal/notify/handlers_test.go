package notify

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
	"github.com/volwaardig/volwaardig/internal/web"
)

type fixture struct {
	s          *Service
	h          http.Handler
	rd         *web.Renderer
	anna, bert *auth.Principal
	// annaUnread, annaRead and bertsID are notification ids.
	annaUnread, annaRead, bertsID int64
}

func newFixture(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	clock := db.NewManualClock(start)
	rt := web.NewRouter()
	contract.Install(rt) // API answers are checked against the document (contract_test.go)
	rd := web.NewRenderer(rt, slog.New(slog.DiscardHandler))
	s := New(d, clock, SMTPConfig{}, nil)
	s.Routes(rt, rd)
	f := &fixture{s: s, h: rt, rd: rd}
	aID := addUser(t, d, "anna", auth.RoleCrisisregisseur, "")
	bID := addUser(t, d, "bert", auth.RoleCrisisregisseur, "")
	f.anna = &auth.Principal{UserID: aID, Username: "anna", DisplayName: "Anna", Role: auth.RoleCrisisregisseur}
	f.bert = &auth.Principal{UserID: bID, Username: "bert", DisplayName: "Bert", Role: auth.RoleCrisisregisseur}
	notes := []Notification{
		{UserIDs: []int64{aID}, Kind: KindDeadline, Title: "Termijn verstreken voor casus 12", Body: "De 48-uursnorm is overschreden.", Link: "/crisis/12"},
		{UserIDs: []int64{aID}, Kind: KindCrisisNew, Title: "Nieuwe crisis <script>alert(1)</script>", Link: "/crisis/13"},
		{UserIDs: []int64{bID}, Kind: KindProposal, Title: "Alleen voor Bert"},
	}
	for _, n := range notes {
		if err := s.Notify(ctx, n); err != nil {
			t.Fatal(err)
		}
		clock.Advance(1)
	}
	items, _ := s.List(ctx, aID, ListOptions{})
	f.annaUnread, f.annaRead = items[0].ID, items[1].ID
	if err := s.MarkRead(ctx, aID, f.annaRead); err != nil {
		t.Fatal(err)
	}
	f.bertsID = onlyID(t, s, bID)
	return f
}

func (f *fixture) do(t *testing.T, p *auth.Principal, method, target string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if p != nil {
		req = req.WithContext(auth.WithPrincipal(req.Context(), p))
	}
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	return rec
}

func (f *fixture) unread(t *testing.T, p *auth.Principal) int {
	t.Helper()
	n, err := f.s.Unread(context.Background(), p.UserID)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestInboxPage(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		rec := f.do(t, f.anna, http.MethodGet, "/meldingen-inbox")
		if rec.Code != http.StatusOK {
			t.Fatalf("status %d", rec.Code)
		}
		body := rec.Body.String()
		for _, want := range []string{
			"Termijn verstreken voor casus 12", `href="/crisis/12"`, "De 48-uursnorm is overschreden.",
			"&lt;script&gt;", // titles are escaped
			fmt.Sprintf(`action="/meldingen-inbox/%d/gelezen"`, f.annaUnread),
			`action="/meldingen-inbox/alles-gelezen"`,
			"U heeft 1 ongelezen bericht.",
			`<span class="badge">1`, // the header badge
			"<caption>", `scope="row"`,
			// On a phone each message stacks as a block with its cells named.
			`class="notifications table--stack"`, `data-label="Ontvangen"`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("inbox lacks %q", want)
			}
		}
		if strings.Contains(body, "<script>alert") {
			t.Error("title not escaped")
		}
		if strings.Contains(body, "Alleen voor Bert") {
			t.Error("anna's inbox shows bert's notification")
		}
		// Unread is marked in text, not by colour alone: one "Nieuw" and
		// one "Gelezen" status cell.
		if n := strings.Count(body, ">Nieuw</strong>"); n != 1 {
			t.Errorf("%d unread markers, want 1", n)
		}
		if n := strings.Count(body, `<td data-label="Status">Gelezen</td>`); n != 1 {
			t.Errorf("%d read markers, want 1", n)
		}
		if strings.Contains(body, fmt.Sprintf(`action="/meldingen-inbox/%d/gelezen"`, f.annaRead)) {
			t.Error("a read notification still offers 'markeer als gelezen'")
		}

		en := f.do(t, f.anna, http.MethodGet, "/meldingen-inbox?lang=en").Body.String()
		for _, want := range []string{"Messages", "Mark as read", "You have 1 unread message.", "Deadline passed"} {
			if !strings.Contains(en, want) {
				t.Errorf("English inbox lacks %q", want)
			}
		}
		if missing := f.rd.Catalog.Missing(); len(missing) > 0 {
			t.Errorf("rendered in English without translation: %q", missing)
		}

		if rec := f.do(t, nil, http.MethodGet, "/meldingen-inbox"); rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/login") {
			t.Errorf("anonymous: %d %s, want redirect to login", rec.Code, rec.Header().Get("Location"))
		}
	})
}

func TestInboxForms(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		// Another user's notification: 404, and it stays unread.
		rec := f.do(t, f.anna, http.MethodPost, fmt.Sprintf("/meldingen-inbox/%d/gelezen", f.bertsID))
		if rec.Code != http.StatusNotFound {
			t.Errorf("marking bert's notification as anna: %d, want 404", rec.Code)
		}
		if f.unread(t, f.bert) != 1 {
			t.Error("bert's notification was marked read by anna")
		}
		// An address with no id in it is a page that does not exist, as
		// everywhere else (web.PathID).
		if rec := f.do(t, f.anna, http.MethodPost, "/meldingen-inbox/abc/gelezen"); rec.Code != http.StatusNotFound {
			t.Errorf("bad id: %d, want 404", rec.Code)
		}
		rec = f.do(t, f.anna, http.MethodPost, fmt.Sprintf("/meldingen-inbox/%d/gelezen", f.annaUnread))
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/meldingen-inbox?klaar=gelezen" {
			t.Errorf("mark read: %d %s", rec.Code, rec.Header().Get("Location"))
		}
		if f.unread(t, f.anna) != 0 {
			t.Error("notification not marked read")
		}
		page := f.do(t, f.anna, http.MethodGet, "/meldingen-inbox?klaar=gelezen").Body.String()
		if !strings.Contains(page, "Het bericht is gemarkeerd als gelezen.") || !strings.Contains(page, `role="status"`) {
			t.Error("no confirmation after marking read")
		}

		rec = f.do(t, f.bert, http.MethodPost, "/meldingen-inbox/alles-gelezen")
		if rec.Code != http.StatusSeeOther {
			t.Errorf("mark all: %d", rec.Code)
		}
		if f.unread(t, f.bert) != 0 {
			t.Error("mark all left unread notifications")
		}
		empty := f.do(t, f.bert, http.MethodGet, "/meldingen-inbox").Body.String()
		if strings.Contains(empty, "alles-gelezen") {
			t.Error("'alles gelezen' offered with nothing unread")
		}
	})
}

type apiList struct {
	Notifications []Item `json:"notifications"`
	Unread        int    `json:"unread"`
	NextBefore    int64  `json:"next_before"`
}

// apiErr is the part of an RFC 9457 problem the tests read.
type apiErr struct {
	Code   string `json:"code"`
	Detail string `json:"detail"`
}

func decode[T any](t *testing.T, rec *httptest.ResponseRecorder) T {
	t.Helper()
	var v T
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") && ct != web.ProblemMediaType {
		t.Fatalf("content type %q, body %s", ct, rec.Body)
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		t.Fatalf("decode %s: %v", rec.Body, err)
	}
	return v
}

func TestAPI(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		rec := f.do(t, f.anna, http.MethodGet, "/api/v1/notifications")
		if rec.Code != http.StatusOK {
			t.Fatalf("list: %d %s", rec.Code, rec.Body)
		}
		l := decode[apiList](t, rec)
		if len(l.Notifications) != 2 || l.Unread != 1 || l.NextBefore != 0 {
			t.Fatalf("list = %+v", l)
		}
		if l.Notifications[0].ID != f.annaUnread || l.Notifications[0].ReadAt != nil || l.Notifications[1].ReadAt == nil {
			t.Errorf("order or read state wrong: %+v", l.Notifications)
		}
		if l.Notifications[0].Link != "/crisis/13" || l.Notifications[0].Kind != KindCrisisNew {
			t.Errorf("fields: %+v", l.Notifications[0])
		}

		p1 := decode[apiList](t, f.do(t, f.anna, http.MethodGet, "/api/v1/notifications?limit=1"))
		if len(p1.Notifications) != 1 || p1.NextBefore != f.annaUnread {
			t.Fatalf("page 1 = %+v", p1)
		}
		p2 := decode[apiList](t, f.do(t, f.anna, http.MethodGet, fmt.Sprintf("/api/v1/notifications?limit=1&before=%d", p1.NextBefore)))
		if len(p2.Notifications) != 1 || p2.Notifications[0].ID != f.annaRead || p2.NextBefore != 0 {
			t.Errorf("page 2 = %+v", p2)
		}
		un := decode[apiList](t, f.do(t, f.anna, http.MethodGet, "/api/v1/notifications?unread=true"))
		if len(un.Notifications) != 1 || un.Notifications[0].ID != f.annaUnread {
			t.Errorf("unread only = %+v", un)
		}
		for _, q := range []string{"limit=0", "limit=201", "limit=x", "unread=maybe", "before=-1"} {
			rec := f.do(t, f.anna, http.MethodGet, "/api/v1/notifications?"+q)
			if e := decode[apiErr](t, rec); rec.Code != http.StatusUnprocessableEntity || e.Code != "bad_input" || e.Detail == "" {
				t.Errorf("%s: %d %+v", q, rec.Code, e)
			}
		}

		// A path id that is no id is a page that does not exist, as on
		// every other route (web.PathID), not bad input.
		for _, id := range []string{"0", "-1", "abc"} {
			rec := f.do(t, f.anna, http.MethodPost, "/api/v1/notifications/"+id+"/read")
			if e := decode[apiErr](t, rec); rec.Code != http.StatusNotFound || e.Code != "not_found" {
				t.Errorf("path id %q: %d %+v", id, rec.Code, e)
			}
		}

		// Another user's id: 404 in the API's error shape, nothing changed.
		rec = f.do(t, f.anna, http.MethodPost, fmt.Sprintf("/api/v1/notifications/%d/read", f.bertsID))
		if e := decode[apiErr](t, rec); rec.Code != http.StatusNotFound || e.Code != "not_found" {
			t.Errorf("other user's id: %d %+v", rec.Code, e)
		}
		if f.unread(t, f.bert) != 1 {
			t.Error("bert's notification changed through anna's API call")
		}
		rec = f.do(t, f.anna, http.MethodPost, fmt.Sprintf("/api/v1/notifications/%d/read", f.annaUnread))
		if it := decode[Item](t, rec); rec.Code != http.StatusOK || it.ID != f.annaUnread || it.ReadAt == nil {
			t.Errorf("mark read: %d %+v", rec.Code, it)
		}
		rec = f.do(t, f.bert, http.MethodPost, "/api/v1/notifications/read-all")
		if m := decode[map[string]int](t, rec); rec.Code != http.StatusOK || m["marked"] != 1 {
			t.Errorf("read-all: %d %v", rec.Code, m)
		}

		rec = f.do(t, nil, http.MethodGet, "/api/v1/notifications")
		if e := decode[apiErr](t, rec); rec.Code != http.StatusUnauthorized || e.Code != "unauthenticated" {
			t.Errorf("anonymous API: %d %+v", rec.Code, e)
		}
		device := &auth.Principal{UserID: f.anna.UserID, Role: auth.RoleCrisisregisseur, Device: true}
		if rec := f.do(t, device, http.MethodGet, "/api/v1/notifications"); rec.Code != http.StatusForbidden {
			t.Errorf("device token: %d, want 403", rec.Code)
		}
	})
}

func TestRoutesRecorded(t *testing.T) {
	rt := web.NewRouter()
	rd := web.NewRenderer(rt, slog.New(slog.DiscardHandler))
	New(nil, nil, SMTPConfig{}, nil).Routes(rt, rd)
	want := map[string]bool{
		"GET /meldingen-inbox": true, "POST /meldingen-inbox/{id}/gelezen": true, "POST /meldingen-inbox/alles-gelezen": true,
		"GET /api/v1/notifications": true, "POST /api/v1/notifications/{id}/read": true, "POST /api/v1/notifications/read-all": true,
	}
	for _, r := range rt.Routes() {
		key := r.Method + " " + r.Pattern
		if !want[key] {
			t.Errorf("unexpected route %s", key)
			continue
		}
		delete(want, key)
		if r.Rule.String() != auth.AnyUser().String() {
			t.Errorf("%s has rule %s, want any user", key, r.Rule)
		}
	}
	for k := range want {
		t.Errorf("route %s missing", k)
	}
	if rd.Badge == nil {
		t.Error("the renderer's badge is not wired to the unread count")
	}
}

func TestTranslationsComplete(t *testing.T) {
	rt := web.NewRouter()
	rd := web.NewRenderer(rt, slog.New(slog.DiscardHandler))
	New(nil, nil, SMTPConfig{}, nil).Routes(rt, rd)
	tmpl, err := templatesFS.ReadFile("templates/inbox.html")
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, m := range regexp.MustCompile(`\.T "([^"]+)"`).FindAllStringSubmatch(string(tmpl), -1) {
		keys = append(keys, m[1])
	}
	if len(keys) < 10 {
		t.Fatalf("found only %d texts in the template; the pattern is broken", len(keys))
	}
	keys = append(keys, "Het bericht is gemarkeerd als gelezen.", "Alle berichten zijn gemarkeerd als gelezen.")
	for _, k := range []Kind{KindCrisisNew, KindHoldExpiring, KindDeadline, KindProposal, "other"} {
		keys = append(keys, k.Label())
	}
	for _, k := range keys {
		rd.Catalog.Translate(web.LangEN, k)
	}
	if missing := rd.Catalog.Missing(); len(missing) > 0 {
		t.Errorf("no English for %q", missing)
	}
}

// TestInboxInReadersLanguage: a message whose sender wrote it in Dutch
// and English reads in the reader's language: Dutch on the Dutch inbox,
// English on the English one; a message with only Dutch (as every older
// row) stays readable in Dutch on the English inbox. The API carries
// both texts.
func TestInboxInReadersLanguage(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		if err := f.s.Notify(context.Background(), Notification{UserIDs: []int64{f.anna.UserID}, Kind: "support_referral_family",
			Title: "Nieuws over uw woonplek", Body: "Wij zoeken een plek voor u.", TitleEN: "News about your home", BodyEN: "We are looking for a place for you.", Link: "/ondersteuning/mijn"}); err != nil {
			t.Fatal(err)
		}
		nl := f.do(t, f.anna, http.MethodGet, "/meldingen-inbox").Body.String()
		en := f.do(t, f.anna, http.MethodGet, "/meldingen-inbox?lang=en").Body.String()
		if !strings.Contains(nl, "Nieuws over uw woonplek") || !strings.Contains(nl, "Wij zoeken een plek voor u.") || strings.Contains(nl, "News about your home") {
			t.Error("the Dutch inbox does not show the Dutch text")
		}
		if !strings.Contains(en, "News about your home") || !strings.Contains(en, "We are looking for a place for you.") || strings.Contains(en, "Nieuws over uw woonplek") {
			t.Error("the English inbox does not show the English text")
		}
		if !strings.Contains(en, "Termijn verstreken voor casus 12") {
			t.Error("a Dutch-only message is not readable on the English inbox")
		}
		api := f.do(t, f.anna, http.MethodGet, "/api/v1/notifications").Body.String()
		if !strings.Contains(api, `"title_en": "News about your home"`) || !strings.Contains(api, `"title": "Nieuws over uw woonplek"`) {
			t.Errorf("the API lacks a text: %s", api)
		}
		if err := f.s.Notify(context.Background(), Notification{UserIDs: []int64{f.anna.UserID}, Kind: "x", Title: "T", BodyEN: "Only an English body"}); err == nil {
			t.Error("an English body without an English title was stored")
		}
		// A body a person wrote has no English: under the English title
		// it is shown as written.
		if err := f.s.Notify(context.Background(), Notification{UserIDs: []int64{f.anna.UserID}, Kind: "relatives_peer_message", Title: "Bericht van Els (lotgenoot)",
			TitleEN: "Message from Els (peer)", Body: "Zullen we donderdag bellen?"}); err != nil {
			t.Fatal(err)
		}
		en = f.do(t, f.anna, http.MethodGet, "/meldingen-inbox?lang=en").Body.String()
		if !strings.Contains(en, "Message from Els (peer)") || !strings.Contains(en, "Zullen we donderdag bellen?") {
			t.Error("a person's own words under an English title are not shown as written")
		}
	})
}
