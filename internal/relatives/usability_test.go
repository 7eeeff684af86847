package relatives

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/notify"
	"github.com/volwaardig/volwaardig/internal/web"
)

// mainNav is the page's main menu, so a test can tell a menu link from
// a link in the page's own content.
func mainNav(t *testing.T, page string) string {
	t.Helper()
	i := strings.Index(page, `class="main-nav"`)
	if i < 0 {
		t.Fatal("page has no main menu")
	}
	j := strings.Index(page[i:], "</nav>")
	if j < 0 {
		t.Fatal("main menu not closed")
	}
	return page[i : i+j]
}

// TestAnonymousMenuLeadsToRelatives: a relative without an account finds
// the relatives' section from the menu of a public page (before, the
// anonymous menu held only "Start" and the violence report, so the
// section, the Wegwijzer and "Wat als" could not be found from the front
// page), and a logged-in relative does not get the item twice.
func TestAnonymousMenuLeadsToRelatives(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		nav := mainNav(t, f.do(t, nil, "GET", "/naasten", nil).Body.String())
		if !strings.Contains(nav, `href="/naasten"`) || !strings.Contains(nav, "Voor naasten") {
			t.Errorf("anonymous menu lacks the relatives' section: %s", nav)
		}
		nav = mainNav(t, f.do(t, f.mother, "GET", "/naasten", nil).Body.String())
		if n := strings.Count(nav, `href="/naasten"`); n != 1 {
			t.Errorf("relative's menu has the section %d times", n)
		}
	})
}

// TestRespiteListedOnFirstVisit: opening the respite page lists the
// places at once (before, a relative saw an empty form and had to press
// "Zoeken" with nothing filled in), and a place whose location carries
// its provider's name does not say the provider twice ("De Zijlen, De
// Zijlen, locatie Zeist 2").
func TestRespiteListedOnFirstVisit(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		f.respite.places = []RespitePlace{{Name: "Deeltijdverblijf Zeist", Provider: "De Zijlen", Location: "De Zijlen, locatie Zeist 2", City: "Zeist",
			Kind: "Deeltijdverblijf", Region: "Utrecht (ZK11)", Availability: "drie nachten per week"}}
		rec := f.do(t, f.mother, "GET", "/naasten/logeren", nil)
		page := rec.Body.String()
		if rec.Code != http.StatusOK || !strings.Contains(page, "Deeltijdverblijf Zeist") {
			t.Fatalf("first visit lists no places: %d", rec.Code)
		}
		if strings.Contains(page, "De Zijlen, De Zijlen") || !strings.Contains(page, "De Zijlen, locatie Zeist 2, Zeist") {
			t.Error("provider said twice or location missing")
		}
		if f.respite.last != (RespiteQuery{}) {
			t.Errorf("first visit narrows the search: %+v", f.respite.last)
		}
	})
}

// TestOwnDocumentAddressesTheOwner: a relative's own plan is "your own
// document" to her, on her list and on the plan (before, she read about
// herself as "the relative's own document, written by Marieke de Vries").
func TestOwnDocumentAddressesTheOwner(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		rec := f.do(t, f.mother, "POST", "/naasten/plan/nieuw", url.Values{"client": {"eigen"}, "titel": {"Mijn regelingen"},
			"netwerk": {"Joost (broer) 06 22222222"}, "herzien": {"01-03-2027"}})
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("create: %d", rec.Code)
		}
		plan := rec.Header().Get("Location")
		if i := strings.Index(plan, "?"); i >= 0 {
			plan = plan[:i]
		}
		for _, target := range []string{"/naasten/plan", plan} {
			page := f.do(t, f.mother, "GET", target, nil).Body.String()
			if !strings.Contains(page, "Uw eigen document, niet in een dossier.") || strings.Contains(page, "Eigen document van de naaste.") {
				t.Errorf("%s does not address the owner", target)
			}
		}
	})
}

// TestCallbackStatusAsCards: the relative's own call-back requests are
// cards with the status first, not a table whose last column (the
// status) a phone scrolls out of sight.
func TestCallbackStatusAsCards(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		rec := f.do(t, f.mother, "POST", "/naasten/terugbellen", url.Values{"onderwerp": {"broer_zus"}, "telefoon": {"06 12345678"}, "moment": {"avond"}})
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("request: %d %s", rec.Code, rec.Body.String())
		}
		page := f.do(t, f.mother, "GET", "/naasten/terugbellen", nil).Body.String()
		i := strings.Index(page, `class="card callback-mine"`)
		if i < 0 || !strings.Contains(page[i:], "Status: <strong>") {
			t.Error("own requests are not cards with their status")
		}
	})
}

// TestRespiteNeedsInWords: a place's care profiles are named in words
// with their codes after them (before: "Soort zorg: VG3, VG4", codes a
// relative does not know), also in English.
func TestRespiteNeedsInWords(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		f.respite.places = []RespitePlace{{Name: "Logeerhuis", Provider: "Zorg Utrecht", Kind: "Logeeropvang", Profiles: "VG3, VG4, LG2, alle zorgprofielen"}}
		page := f.do(t, f.mother, "GET", "/naasten/logeren", nil).Body.String()
		want := "Soort zorg: Verstandelijke beperking (zorgprofiel VG3, VG4); Lichamelijke beperking (zorgprofiel LG2); alle zorgprofielen"
		if !strings.Contains(page, want) {
			t.Errorf("needs not in words; want %q", want)
		}
		page = f.do(t, f.mother, "GET", "/naasten/logeren?lang=en", nil).Body.String()
		if !strings.Contains(page, "Intellectual disability (care profile VG3, VG4)") {
			t.Error("needs not translated")
		}
	})
}

// TestPeersCanMessageEachOther: once a contact request is accepted, each
// side can send the other a message that arrives in the other's inbox
// with the sender's name (before, the page said "agree by a message in
// Volwaardig" but offered no way to send one: the journey ended at two
// names). An empty message is refused at its field; someone outside the
// contact gets a 404 and nothing is sent.
func TestPeersCanMessageEachOther(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		if err := f.s.SavePeer(ctx, f.mother, PeerInput{OptIn: true, Relation: "ouder", LifePhase: "volwassene"}); err != nil {
			t.Fatal(err)
		}
		if err := f.s.RequestContact(ctx, f.sister, f.mother.UserID, "Ik ben zus van iemand met autisme."); err != nil {
			t.Fatal(err)
		}
		d, err := f.s.Peers(ctx, f.mother, PeerFilter{})
		if err != nil || len(d.Incoming) != 1 {
			t.Fatalf("incoming %v %v", d.Incoming, err)
		}
		id := idString(d.Incoming[0].ID)
		if err := f.s.AcceptContact(ctx, f.mother, d.Incoming[0].ID); err != nil {
			t.Fatal(err)
		}
		target := "/naasten/lotgenoten/contacten/" + id + "/bericht"
		if !strings.Contains(f.do(t, f.mother, "GET", "/naasten/lotgenoten", nil).Body.String(), `action="`+target+`"`) {
			t.Fatal("no message form for the contact")
		}
		before := f.count(t, `SELECT COUNT(*) FROM notifications`)
		rec := f.do(t, f.mother, "POST", target, url.Values{"bericht": {"  "}})
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `id="contactbericht-`+id+`-fout"`) {
			t.Errorf("empty message: %d", rec.Code)
		}
		if rec := f.do(t, f.expert, "POST", target, url.Values{"bericht": {"Hallo"}}); rec.Code != http.StatusNotFound {
			t.Errorf("outsider sends: %d", rec.Code)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM notifications`); n != before {
			t.Errorf("%d notifications written by refused messages", n-before)
		}
		if rec := f.do(t, f.mother, "POST", target, url.Values{"bericht": {"Bel gerust: 06 12345678, na 19 uur."}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("send: %d %s", rec.Code, rec.Body.String())
		}
		if n := f.count(t, `SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND kind = 'relatives_peer_message' AND title = $2 AND body = $3`,
			f.sister.UserID, "Bericht van Marieke de Vries (lotgenoot)", "Bel gerust: 06 12345678, na 19 uur."); n != 1 {
			t.Errorf("the sister received %d messages", n)
		}
		if rec := f.do(t, f.sister, "POST", target, url.Values{"bericht": {"Dank u, ik bel morgen."}}); rec.Code != http.StatusSeeOther {
			t.Errorf("reply: %d", rec.Code)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND kind = 'relatives_peer_message'`, f.mother.UserID); n != 1 {
			t.Errorf("the mother received %d replies", n)
		}
	})
}

// TestExpertReadsPhoneGrouped: the expert reads the number to call
// grouped the Dutch way (before: "0611111111", ten digits in a row), by
// the platform's one phone rule (auth.NormalizeAnyPhone); a number abroad
// is taken and dialled with its country code.
func TestExpertReadsPhoneGrouped(t *testing.T) {
	for stored, want := range map[string]string{"0611111111": "06 1111 1111", "0301234567": "030 123 4567", "+31612345678": "06 1234 5678", "+3221234567": "+3221234567"} {
		if got := (Callback{Phone: stored}).PhoneText(); got != want {
			t.Errorf("%s: %q, want %q", stored, got, want)
		}
	}
	each(t, func(t *testing.T, f *fixture) {
		if rec := f.do(t, f.mother, "POST", "/naasten/terugbellen", url.Values{"onderwerp": {"broer_zus"}, "telefoon": {"06-11111111"}, "moment": {"avond"}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("request: %d", rec.Code)
		}
		page := f.do(t, f.expert, "GET", "/naasten/ervaringsdeskundige", nil).Body.String()
		if !strings.Contains(page, `<a href="tel:&#43;31611111111">06 1111 1111</a>`) {
			t.Error("the expert does not read the number grouped")
		}
		if rec := f.do(t, f.mother, "POST", "/naasten/terugbellen", url.Values{"onderwerp": {"broer_zus"}, "telefoon": {"0032 2 123 45 67"}, "moment": {"avond"}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("request from abroad: %d", rec.Code)
		}
		page = f.do(t, f.expert, "GET", "/naasten/ervaringsdeskundige", nil).Body.String()
		if !strings.Contains(page, `<a href="tel:&#43;3221234567">&#43;3221234567</a>`) {
			t.Error("a Belgian number is not dialled with its country code")
		}
	})
}

// TestRespiteListShortOnAPhone: a search that finds more places than a
// person can read (nationally some four hundred on first visit) lists the
// first 25 and says how many there are and how to narrow down.
func TestRespiteListShortOnAPhone(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		for i := range 30 {
			f.respite.places = append(f.respite.places, RespitePlace{Name: fmt.Sprintf("Logeerplek %02d", i), Provider: "Zorg Utrecht", Kind: "Logeeropvang"})
		}
		page := f.do(t, f.mother, "GET", "/naasten/logeren", nil).Body.String()
		if n := strings.Count(page, `<li class="card">`); n != 25 {
			t.Errorf("%d places listed, want 25", n)
		}
		if !strings.Contains(page, "30 plekken gevonden. Hieronder staan de eerste 25.") || strings.Contains(page, "Logeerplek 25") {
			t.Error("the list does not say it is cut short")
		}
	})
}

// TestStartPageNamesPeerRequests: a peer's contact request waiting for an
// answer is on the relative's start page (before, only plans due for
// review were: a request waited unseen until she opened the peers' page),
// and goes once she has answered it.
func TestStartPageNamesPeerRequests(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		if err := f.s.SavePeer(ctx, f.mother, PeerInput{OptIn: true, Relation: "ouder", LifePhase: "volwassene"}); err != nil {
			t.Fatal(err)
		}
		if err := f.s.RequestContact(ctx, f.sister, f.mother.UserID, "Mag ik u iets vragen over wonen?"); err != nil {
			t.Fatal(err)
		}
		task := func(p *auth.Principal) bool {
			tasks, err := f.s.Today(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			for _, tk := range tasks {
				if tk.Label == "1 lotgenoot wil contact met u" && tk.Href == "/naasten/lotgenoten" {
					return true
				}
			}
			return false
		}
		if !task(f.mother) {
			t.Error("no start-page task for the waiting request")
		}
		if task(f.sister) {
			t.Error("the asker gets the task too")
		}
		d, err := f.s.Peers(ctx, f.mother, PeerFilter{})
		if err != nil || len(d.Incoming) != 1 {
			t.Fatalf("incoming %v %v", d.Incoming, err)
		}
		if err := f.s.AcceptContact(ctx, f.mother, d.Incoming[0].ID); err != nil {
			t.Fatal(err)
		}
		if task(f.mother) {
			t.Error("task stays after answering")
		}
	})
}

// TestFamilyMessagesInReadersLanguage: every message the module sends to
// a relative or an expert (a peer's request, its acceptance, a peer's
// message, a call-back request, a plan's review reminder) reads in Dutch
// for a Dutch reader and in English for an English one; the peer's own
// words stay as she wrote them.
func TestFamilyMessagesInReadersLanguage(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		if err := f.s.SavePeer(ctx, f.mother, PeerInput{OptIn: true, Relation: "ouder", LifePhase: "volwassene"}); err != nil {
			t.Fatal(err)
		}
		if err := f.s.RequestContact(ctx, f.sister, f.mother.UserID, "Ik ben zus van iemand met autisme."); err != nil {
			t.Fatal(err)
		}
		d, err := f.s.Peers(ctx, f.mother, PeerFilter{})
		if err != nil || len(d.Incoming) != 1 {
			t.Fatalf("incoming %v %v", d.Incoming, err)
		}
		if err := f.s.AcceptContact(ctx, f.mother, d.Incoming[0].ID); err != nil {
			t.Fatal(err)
		}
		if err := f.s.MessageContact(ctx, f.mother, d.Incoming[0].ID, "Bel gerust na 19 uur."); err != nil {
			t.Fatal(err)
		}
		if err := f.s.SaveExpert(ctx, f.expert, ExpertInput{Topics: []string{"broer_zus"}, Active: true, From: [7]string{"19:00"}, To: [7]string{"21.00"}}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.RequestCallback(ctx, f.sister, CallbackInput{Topic: "broer_zus", Phone: "0612345678", Preferred: "avond"}); err != nil {
			t.Fatal(err)
		}
		pi := f.fullPlan()
		pi.Review = "10-03-2026"
		if _, err := f.s.CreatePlan(ctx, f.mother, pi); err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(9 * 24 * time.Hour)
		if n, err := f.s.RemindReviews(ctx); err != nil || n != 1 {
			t.Fatalf("reminders %d %v", n, err)
		}
		inbox := notify.New(f.d, f.clock, notify.SMTPConfig{}, nil)
		read := func(user int64, lang string) string {
			t.Helper()
			items, err := inbox.List(ctx, user, notify.ListOptions{Limit: 50})
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for _, it := range items {
				it = it.In(lang)
				b.WriteString(it.Title + " | " + it.Body + "\n")
			}
			return b.String()
		}
		for _, c := range []struct {
			user    int64
			nl, en  []string
			notInEN string
		}{
			{f.mother.UserID, []string{"Een lotgenoot wil contact", "U beslist zelf", "Uw plan is toe aan een controle"},
				[]string{"A peer would like contact", "You decide whether", "Your plan is due for a check", "medicines and plan B"}, "lotgenoot wil"},
			{f.sister.UserID, []string{"Uw verzoek om contact is aangenomen", "Bericht van Marieke de Vries (lotgenoot) | Bel gerust na 19 uur."},
				[]string{"Your request for contact was accepted", "Message from Marieke de Vries (peer) | Bel gerust na 19 uur."}, "is aangenomen"},
			{f.expert.UserID, []string{"Nieuw terugbelverzoek", "over ‘Broer of zus zijn’"},
				[]string{"New call-back request", "about ‘Being a brother or sister’"}, "terugbelverzoek"},
		} {
			nl, en := read(c.user, web.LangNL), read(c.user, web.LangEN)
			for _, want := range c.nl {
				if !strings.Contains(nl, want) {
					t.Errorf("Dutch inbox of %d lacks %q:\n%s", c.user, want, nl)
				}
			}
			for _, want := range c.en {
				if !strings.Contains(en, want) {
					t.Errorf("English inbox of %d lacks %q:\n%s", c.user, want, en)
				}
			}
			if strings.Contains(en, c.notInEN) {
				t.Errorf("English inbox of %d still reads Dutch %q", c.user, c.notInEN)
			}
		}
	})
}
