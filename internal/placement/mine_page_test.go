package placement

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
	"github.com/volwaardig/volwaardig/internal/web"
)

// emojiRe matches pictographic characters (emoji, dingbats, the variation
// selector), which show as empty boxes on a phone without an emoji font.
var emojiRe = regexp.MustCompile(`[\x{1F000}-\x{1FFFF}\x{2600}-\x{27BF}\x{FE0F}]`)

// TestMineEmptyInputRefused: pressing Bewaren on an empty wishes field or
// Bezwaar maken on an empty objection is refused with a message at the
// field (the summary links to it), and nothing is stored; before, empty
// wishes were confirmed as saved and wiped what the client had written.
func TestMineEmptyInputRefused(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		_, do := f.server(t)
		p := f.person(0)
		p.Waiting = WachtOpVoorkeur
		id := f.register(t, p)
		client := &auth.Principal{UserID: 101, Role: auth.RoleClient, Scope: auth.Scope{ClientID: f.clients[0]}}
		if code, body := do(client, "POST", "/mijn/plaatsing/wensen", url.Values{"casus": {itoa(id)}, "wensen": {"Een eigen kamer"}}); code != http.StatusSeeOther {
			t.Fatalf("wishes: %d %s", code, body)
		}
		for _, tc := range []struct{ path, field, value string }{
			{"/mijn/plaatsing/wensen", "wensen", "   "},
			{"/mijn/plaatsing/wensen", "wensen", ""},
			{"/mijn/plaatsing/bezwaar", "bezwaar", " \n "},
		} {
			code, body := do(client, "POST", tc.path, url.Values{"casus": {itoa(id)}, tc.field: {tc.value}})
			fid := tc.field + "-" + itoa(id)
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, "error-summary") ||
				!strings.Contains(body, `href="#`+fid+`"`) || !strings.Contains(body, `id="`+fid+`-error"`) {
				t.Errorf("%s with %q: %d, summary link to #%s %v, message at the field %v", tc.path, tc.value, code, fid,
					strings.Contains(body, `href="#`+fid+`"`), strings.Contains(body, `id="`+fid+`-error"`))
			}
			// The box shows what was sent (empty), not the wishes stored:
			// "Het vak is nog leeg" above a full box read as a mistake of
			// the page (the browser walk of issue 18).
			if tc.field == "wensen" && strings.Contains(body, ">Een eigen kamer</textarea>") {
				t.Errorf("%s with %q: the box shows the stored wishes again", tc.path, tc.value)
			}
		}
		// A text too long is kept as typed, to shorten.
		long := strings.Repeat("Een rustige plek. ", 120)
		if code, body := do(client, "POST", "/mijn/plaatsing/bezwaar", url.Values{"casus": {itoa(id)}, "bezwaar": {long}}); code != http.StatusUnprocessableEntity || !strings.Contains(body, ">"+long+"</textarea>") {
			t.Errorf("objection too long: %d, text not kept", code)
		}
		c, err := newStore(d).getCase(ctx, d, id, "")
		if err != nil {
			t.Fatal(err)
		}
		if c.WishesClient != "Een eigen kamer" || c.Objection != "" {
			t.Errorf("after empty posts: wishes %q, objection %q", c.WishesClient, c.Objection)
		}
	})
}

// TestMineAddressesRelativeAboutClient: a relative reads /mijn/plaatsing
// about the client by name ("Waar staat Cliënt A?"), never as the client
// ("Er is een plek voor u", "U bent aangemeld"), in both modes; the client
// still reads "ik/u". The easy-read page is its own text with question
// headings, not the normal page in bigger letters; pictograms are the
// product's SVG files with an empty alt, never emoji.
func TestMineAddressesRelativeAboutClient(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		rt, _ := f.server(t)
		a := f.register(t, f.person(0))
		f.propose(t, a, f.place(t, f.orgA, f.locA, 2, nil))
		client := &auth.Principal{UserID: 101, Role: auth.RoleClient, Scope: auth.Scope{ClientID: f.clients[0]}}
		naaste := &auth.Principal{UserID: 102, Role: auth.RoleNaaste, Scope: auth.Scope{Represents: []int64{f.clients[0]}}}
		get := func(p *auth.Principal, easy bool) string {
			t.Helper()
			path := "/mijn/plaatsing"
			req := httptest.NewRequest("GET", path, nil)
			if easy {
				req.AddCookie(&http.Cookie{Name: web.EasyReadCookie, Value: "1"})
			}
			req = req.WithContext(auth.WithPrincipal(req.Context(), p))
			rec := newRecorder()
			rt.ServeHTTP(rec, req)
			if rec.code != http.StatusOK {
				t.Fatalf("%s %s: %d", p.Role, path, rec.code)
			}
			return rec.body.String()
		}
		for _, easy := range []bool{false, true} {
			body := get(naaste, easy)
			for _, want := range []string{"Waar staat Cliënt A?", "Er is een plek voor Cliënt A", "Wil Cliënt A deze plek?"} {
				if !strings.Contains(body, want) {
					t.Errorf("naaste (easy %v): missing %q", easy, want)
				}
			}
			for _, never := range []string{"Er is een plek voor u", "U bent aangemeld", "Wij zoeken een plek voor u", "Uw wachtstatus", "Wilt u deze plek?", "Ja, ik wil"} {
				if strings.Contains(body, never) {
					t.Errorf("naaste (easy %v): addressed as the client: %q", easy, never)
				}
			}
			cb := get(client, easy)
			if !strings.Contains(cb, "Er is een plek voor u") {
				t.Errorf("client (easy %v): not addressed as u", easy)
			}
			for _, b := range []string{body, cb} {
				if emojiRe.MatchString(b) {
					t.Errorf("easy %v: emoji on the page: %q", easy, emojiRe.FindString(b))
				}
				if !strings.Contains(b, `<img class="picto" src="/static/picto/`) || !strings.Contains(b, `alt=""`) {
					t.Errorf("easy %v: no SVG pictogram with empty alt", easy)
				}
			}
		}
		easy, normal := get(client, true), get(client, false)
		// With a place proposed the question is what the care office does
		// now, not how soon (TestMineSearchSentenceFollowsPhase).
		for _, q := range []string{"Waar sta ik?", "Wat doet het zorgkantoor nu?", "Wie helpt mij?", "Wat wil ik?"} {
			if !strings.Contains(easy, q) {
				t.Errorf("easy-read: missing question heading %q", q)
			}
			if strings.Contains(normal, q) {
				t.Errorf("normal page has the easy-read heading %q", q)
			}
		}
		// The standard page names the iWlz status and says what it means.
		if !strings.Contains(normal, "Uw wachtstatus: Actief plaatsen.\nHet zorgkantoor heeft een plek gevonden.") {
			t.Error("the standard page names the waiting status without saying what it means")
		}
		// The decline reasons speak in the reader's voice: the client says
		// "ik", the relative names the client; never "Cliënt wacht liever".
		nb := get(naaste, false)
		for page, want := range map[string]string{normal: "Ik wacht liever op een andere plek", easy: "Ik of mijn familie wil deze plek niet", nb: "Cliënt A wacht liever op een andere plek"} {
			if !strings.Contains(page, want) {
				t.Errorf("decline reason not in the reader's voice: missing %q", want)
			}
		}
		for _, page := range []string{normal, easy, nb} {
			if strings.Contains(page, "Cliënt wacht liever") || strings.Contains(page, "Cliënt of familie wijst") {
				t.Error("decline reason speaks about the reader as \"Cliënt\"")
			}
		}
		if strings.Contains(easy, "Actief plaatsen") || strings.Contains(easy, "Urgent plaatsen") {
			t.Error("easy-read names the iWlz status code instead of explaining it")
		}
	})
}

// TestMineSearchSentenceFollowsPhase: while the care office searches, the
// client reads what the waiting status means ("zoekt nu een plek"); once a
// place is proposed the page says a place was found, so it never says
// "zoekt nu een plek" beside "Er is een plek voor u" (the standard and the
// easy-read version alike).
func TestMineSearchSentenceFollowsPhase(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		_, do := f.server(t)
		a := f.register(t, f.person(0))
		client := &auth.Principal{UserID: 101, Role: auth.RoleClient, Scope: auth.Scope{ClientID: f.clients[0]}}
		if code, body := do(client, "GET", "/mijn/plaatsing", nil); code != http.StatusOK || !strings.Contains(body, "Het zorgkantoor zoekt nu een plek.") {
			t.Fatalf("while searching: %d, says the care office searches %v", code, strings.Contains(body, "Het zorgkantoor zoekt nu een plek."))
		}
		f.propose(t, a, f.place(t, f.orgA, f.locA, 2, nil))
		_, body := do(client, "GET", "/mijn/plaatsing", nil)
		if !strings.Contains(body, "Er is een plek voor u") || !strings.Contains(body, "Het zorgkantoor heeft een plek gevonden.") {
			t.Error("with a proposal: the page does not say a place was found")
		}
		if strings.Contains(body, "zoekt nu een plek") {
			t.Error("with a proposal the page still says the care office is looking for a place")
		}
	})
}

// TestPhasePictogramsServed: every phase's pictogram is an SVG file the
// product serves itself, so the easy-read timeline never depends on an
// emoji font.
func TestPhasePictogramsServed(t *testing.T) {
	h := web.StaticHandler()
	for _, p := range []Phase{Aangemeld, InBeeld, Bemiddeling, Voorstel, Geaccepteerd, Verhuisd, AndersGeholpen, Gestopt} {
		src := p.Pictogram()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", src, nil))
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "image/svg+xml" || !strings.Contains(rec.Body.String(), "<svg") {
			t.Errorf("%s: pictogram %q answered %d %q", p, src, rec.Code, rec.Header().Get("Content-Type"))
		}
	}
}
