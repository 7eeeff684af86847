package relatives

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/web"
)

// TestCallbackRouting routes requests: to the expert with the topic and a
// slot at the preferred moment, else to one with the topic, else to
// nobody (any expert may take it); the expert is told.
func TestCallbackRouting(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		// Gerard: siblings, evenings on Monday. Hanna: siblings and housing, mornings.
		if err := f.s.SaveExpert(ctx, f.expert, ExpertInput{Topics: []string{"broer_zus"}, Active: true, From: [7]string{"19:00"}, To: [7]string{"21.00"}}); err != nil {
			t.Fatal(err)
		}
		if err := f.s.SaveExpert(ctx, f.expert2, ExpertInput{Topics: []string{"broer_zus", "wonen"}, Active: true, From: [7]string{"", "9"}, To: [7]string{"", "12u"}}); err != nil {
			t.Fatal(err)
		}
		c, err := f.s.RequestCallback(ctx, f.mother, CallbackInput{Topic: "broer_zus", Phone: "06-1234 5678", Preferred: "avond"})
		if err != nil || c.ExpertID != f.expert.UserID || c.Phone != "06 1234 5678" {
			t.Fatalf("evening siblings → %d (%v)", c.ExpertID, err)
		}
		c, _ = f.s.RequestCallback(ctx, f.mother, CallbackInput{Topic: "broer_zus", Phone: "0612345678", Preferred: "ochtend"})
		if c.ExpertID != f.expert2.UserID {
			t.Errorf("morning siblings → %d, want Hanna", c.ExpertID)
		}
		c, _ = f.s.RequestCallback(ctx, f.mother, CallbackInput{Topic: "wonen", Phone: "+31 6 12345678", Preferred: "avond"})
		if c.ExpertID != f.expert2.UserID {
			t.Errorf("housing in the evening → %d, want Hanna (the only one with the topic)", c.ExpertID)
		}
		c, _ = f.s.RequestCallback(ctx, f.mother, CallbackInput{Topic: "afscheid", Phone: "0612345678", Preferred: "middag"})
		if c.ExpertID != 0 {
			t.Errorf("no expert for grief → %d", c.ExpertID)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM notifications WHERE kind = 'relatives_callback'`); n != 3 {
			t.Errorf("%d experts told, want 3", n)
		}
		// Gerard takes the unassigned one; Hanna's requests are not his.
		desk, err := f.s.Desk(ctx, f.expert)
		if err != nil || len(desk.Mine) != 1 || len(desk.Unassigned) != 1 {
			t.Fatalf("desk: %d mine, %d unassigned, %v", len(desk.Mine), len(desk.Unassigned), err)
		}
		if desk.Unassigned[0].RequesterName != "Marieke de Vries" {
			t.Errorf("requester not named: %+v", desk.Unassigned[0])
		}
		if err := f.s.HandleCallback(ctx, f.expert, c.ID, HandleInput{Status: "gebeld", Outcome: "Gesproken over afscheid."}); err != nil {
			t.Fatal(err)
		}
		hanna, _ := f.s.store.callbacks(ctx, 10, `expert_id = $1`, f.expert2.UserID)
		if err := f.s.HandleCallback(ctx, f.expert, hanna[0].ID, HandleInput{Status: "gebeld", Outcome: "x"}); !isCode(err, web.CodeNotFound) {
			t.Errorf("another expert's request: %v", err)
		}
		if err := f.s.HandleCallback(ctx, f.mother, hanna[0].ID, HandleInput{Status: "gebeld", Outcome: "x"}); !isCode(err, web.CodeForbidden) {
			t.Errorf("relative without the duty: %v", err)
		}
		if got := fields(f.s.HandleCallback(ctx, f.expert, hanna[0].ID, HandleInput{Status: "?", Outcome: ""})); len(got) != 2 {
			t.Errorf("handling errors at once: %v", got)
		}
		if f.events(audit.ActionRead, audit.OutcomeSuccess, "relatives_callback") == 0 {
			t.Error("desk reads not audited")
		}
	})
}

// TestCallbackFormErrors sends an empty request form: every field named
// at once, nothing written.
func TestCallbackFormErrors(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		_, err := f.s.RequestCallback(context.Background(), f.mother, CallbackInput{Topic: "x", Phone: "12", Preferred: "nacht", Question: strings.Repeat("v", maxQuestion+1)})
		if got := fields(err); !slices.Equal(got, []string{"onderwerp", "telefoon", "moment", "vraag"}) {
			t.Errorf("fields %v", got)
		}
		rec := f.do(t, f.mother, "POST", "/naasten/terugbellen", url.Values{"telefoon": {"abc"}})
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "Vul een telefoonnummer in") || !strings.Contains(rec.Body.String(), "Kies waarover u wilt praten.") {
			t.Errorf("form: %d", rec.Code)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM relatives_callbacks`); n != 0 {
			t.Errorf("%d written", n)
		}
		// The expert form: bad times named per day, all at once.
		err = f.s.SaveExpert(context.Background(), f.expert, ExpertInput{Active: true, From: [7]string{"25:00", "10:00"}, To: [7]string{"21:00", "09:00"}})
		if got := fields(err); !slices.Equal(got, []string{"onderwerpen", "van-1", "tot-2"}) {
			t.Errorf("expert fields %v", got)
		}
		// A relative without the duty sees what the desk is for (200) and
		// cannot save a profile.
		if rec := f.do(t, f.mother, "GET", "/naasten/ervaringsdeskundige", nil); rec.Code != 200 || !strings.Contains(rec.Body.String(), "Deze pagina is voor ervaringsdeskundigen") {
			t.Errorf("desk for a non-expert: %d", rec.Code)
		}
		if rec := f.do(t, f.mother, "POST", "/naasten/ervaringsdeskundige", url.Values{"onderwerpen": {"wonen"}, "van-1": {"19:00"}, "tot-1": {"20:00"}, "actief": {"1"}}); rec.Code != http.StatusForbidden {
			t.Errorf("non-expert saves a profile: %d", rec.Code)
		}
	})
}

// TestPeersNoNamesUntilAccepted: the peer list shows relation and phase,
// never the name, until the contact request is accepted.
func TestPeersNoNamesUntilAccepted(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		if err := f.s.SavePeer(ctx, f.mother, PeerInput{OptIn: true, Relation: "ouder", LifePhase: "volwassene", Intro: "Moeder van een volwassen dochter"}); err != nil {
			t.Fatal(err)
		}
		if got := fields(f.s.SavePeer(ctx, f.sister, PeerInput{OptIn: true, Relation: "tante", LifePhase: "?"})); !slices.Equal(got, []string{"relatie", "levensfase"}) {
			t.Errorf("peer fields %v", got)
		}
		rec := f.do(t, f.sister, "GET", "/naasten/lotgenoten", nil)
		if rec.Code != 200 || strings.Contains(rec.Body.String(), "Marieke") || !strings.Contains(rec.Body.String(), "Moeder van een volwassen dochter") {
			t.Fatalf("peer list shows a name or misses the peer: %d", rec.Code)
		}
		if rec := f.do(t, f.sister, "POST", "/naasten/lotgenoten/"+idString(f.mother.UserID)+"/contact", url.Values{"bericht": {""}}); rec.Code != http.StatusUnprocessableEntity {
			t.Errorf("empty message: %d", rec.Code)
		}
		if rec := f.do(t, f.sister, "POST", "/naasten/lotgenoten/"+idString(f.zv.UserID)+"/contact", url.Values{"bericht": {"Hallo"}}); rec.Code != http.StatusNotFound {
			t.Errorf("contact to someone not on the list: %d", rec.Code)
		}
		if err := f.s.RequestContact(ctx, f.sister, f.mother.UserID, "Ik ben zus van iemand met autisme."); err != nil {
			t.Fatal(err)
		}
		if err := f.s.RequestContact(ctx, f.sister, f.mother.UserID, "Nog eens"); !isCode(err, web.CodeConflict) {
			t.Errorf("second request: %v", err)
		}
		d, _ := f.s.Peers(ctx, f.mother, PeerFilter{})
		if len(d.Incoming) != 1 || len(d.Contacts) != 0 {
			t.Fatalf("incoming %d contacts %d", len(d.Incoming), len(d.Contacts))
		}
		if rec := f.do(t, f.mother, "GET", "/naasten/lotgenoten", nil); strings.Contains(rec.Body.String(), "Anna") {
			t.Error("requester's name shown before acceptance")
		}
		if err := f.s.AcceptContact(ctx, f.zv, d.Incoming[0].ID); !isCode(err, web.CodeNotFound) {
			t.Errorf("someone else accepts: %v", err)
		}
		if err := f.s.AcceptContact(ctx, f.mother, d.Incoming[0].ID); err != nil {
			t.Fatal(err)
		}
		if rec := f.do(t, f.mother, "GET", "/naasten/lotgenoten", nil); !strings.Contains(rec.Body.String(), "Anna de Vries") {
			t.Error("name not shown after acceptance")
		}
		if rec := f.do(t, f.sister, "GET", "/naasten/lotgenoten", nil); !strings.Contains(rec.Body.String(), "Marieke de Vries") {
			t.Error("name not shown to the requester after acceptance")
		}
	})
}

// TestRespiteSearch checks the search form: every fault at once, and a
// good search handed to the places module as typed.
func TestRespiteSearch(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		f.respite.places = []RespitePlace{{Name: "Logeerhuis De Linde", Provider: "Zorg Utrecht", Kind: "Logeeropvang", Region: "Utrecht (ZK11)", Availability: "weekenden"}}
		rec := f.do(t, f.mother, "GET", "/naasten/logeren?zoek=1&regio=ZK99&van=31-02-2026&tot=01-01-2026&zorg=XX", nil)
		if rec.Code != http.StatusUnprocessableEntity {
			t.Fatalf("bad search: %d", rec.Code)
		}
		for _, want := range []string{"Kies een regio uit de lijst.", "Schrijf de eerste dag", "Kies een soort zorg uit de lijst."} {
			if !strings.Contains(rec.Body.String(), want) {
				t.Errorf("missing %q", want)
			}
		}
		rec = f.do(t, f.mother, "GET", "/naasten/logeren?zoek=1&regio=ZK11&van=06-03-2026&tot=08-03-2026&zorg=VG", nil)
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), "Logeerhuis De Linde") {
			t.Errorf("search: %d", rec.Code)
		}
		if f.respite.last.Region != "ZK11" || f.respite.last.Need != "VG" || f.respite.last.From.Day() != 6 || f.respite.last.To.Day() != 8 {
			t.Errorf("query %+v", f.respite.last)
		}
		if rec := f.doJSON(t, f.zv, "GET", "/api/v1/relatives/respite?region=ZK11&from=2026-03-06&to=2026-03-08", ""); rec.Code != 200 || !strings.Contains(rec.Body.String(), "Logeerhuis De Linde") {
			t.Errorf("api: %d %s", rec.Code, rec.Body.String())
		}
		if rec := f.do(t, f.beheer, "GET", "/naasten/logeren", nil); rec.Code != http.StatusForbidden {
			t.Errorf("beheerder searches respite: %d", rec.Code)
		}
	})
}

// TestRespiteByMunicipality: a relative chooses their municipality from
// the list instead of a care-office region; the places within the chosen
// distance come nearest first with their distance, each with a tel: link
// and the provider's website; bad choices are all named at once.
func TestRespiteByMunicipality(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		f.respite.places = []RespitePlace{
			{Name: "Vakantieopvang Amersfoort", Provider: "Amerpoort", Kind: "Vakantieopvang", Km: 22, Phone: "033 123 4567"},
			{Name: "Logeerkamer Zeist", Provider: "De Zijlen", Kind: "Logeeropvang", Km: 3, Phone: "030 123 4567", Website: "https://www.dezijlen.nl"},
			{Name: "Weekendlogeren Groningen", Provider: "Noorderzorg", Kind: "Weekendopvang", Km: 160},
			{Name: "Deeltijdverblijf Zeist-Centrum", Provider: "De Zijlen", Kind: "Deeltijdverblijf", Km: 0},
		}
		rec := f.do(t, f.mother, "GET", "/naasten/logeren?gemeente=Atlantis&afstand=7", nil)
		if rec.Code != http.StatusUnprocessableEntity {
			t.Fatalf("bad search: %d", rec.Code)
		}
		for _, want := range []string{"Kies uw gemeente uit de lijst.", "Kies een afstand uit de lijst."} {
			if !strings.Contains(rec.Body.String(), want) {
				t.Errorf("missing %q", want)
			}
		}
		if rec := f.do(t, f.mother, "GET", "/naasten/logeren?afstand=25", nil); !strings.Contains(rec.Body.String(), "Kies uw gemeente: de afstand wordt vanaf daar gemeten.") {
			t.Errorf("a distance without a municipality is not refused: %d", rec.Code)
		}
		rec = f.do(t, f.mother, "GET", "/naasten/logeren?gemeente=GM0355&afstand=25", nil)
		body := rec.Body.String()
		if rec.Code != 200 || f.respite.last.Near.Name != "Zeist" || f.respite.last.Region != "" {
			t.Fatalf("search around Zeist: %d, query %+v", rec.Code, f.respite.last)
		}
		zeist, amersfoort := strings.Index(body, "Logeerkamer Zeist"), strings.Index(body, "Vakantieopvang Amersfoort")
		if zeist < 0 || amersfoort < zeist || strings.Contains(body, "Weekendlogeren Groningen") {
			t.Errorf("places not nearest first within 25 km (Zeist at %d, Amersfoort at %d)", zeist, amersfoort)
		}
		for _, want := range []string{"Ongeveer 3 km van Zeist", "In of vlak bij Zeist", `href="tel:&#43;31301234567"`, `href="https://www.dezijlen.nl"`, "www.dezijlen.nl", `<option value="GM0355" selected>Zeist</option>`} {
			if !strings.Contains(body, want) {
				t.Errorf("missing %q", want)
			}
		}
		if strings.Contains(body, `id="regio"`) {
			t.Error("the page still asks for a care-office region")
		}
		rec = f.doJSON(t, f.zv, "GET", "/api/v1/relatives/respite?municipality=Zeist&max_km=50", "")
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"km": 3`) || !strings.Contains(rec.Body.String(), `"website": "https://www.dezijlen.nl"`) || strings.Contains(rec.Body.String(), "Groningen") {
			t.Errorf("api: %d %s", rec.Code, rec.Body.String())
		}
	})
}

// TestHandledCallsStackOnAPhone: the expert's list of handled requests
// stacks per request on a phone with every cell named, so the outcome is
// not hidden beyond the screen's edge (walked at 375 px: the table was
// 554 px wide in its scroll frame and "Uitkomst" fell off).
func TestHandledCallsStackOnAPhone(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		if err := f.s.SaveExpert(ctx, f.expert, ExpertInput{Topics: []string{"broer_zus"}, Active: true, From: [7]string{"19:00"}, To: [7]string{"21:00"}}); err != nil {
			t.Fatal(err)
		}
		c, err := f.s.RequestCallback(ctx, f.mother, CallbackInput{Topic: "broer_zus", Phone: "0612345678", Preferred: "avond"})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.s.HandleCallback(ctx, f.expert, c.ID, HandleInput{Status: "gebeld", Outcome: "Gesproken over logeren."}); err != nil {
			t.Fatal(err)
		}
		page := f.do(t, f.expert, "GET", "/naasten/ervaringsdeskundige", nil).Body.String()
		i := strings.Index(page, "Door u afgehandelde verzoeken")
		if i < 0 {
			t.Fatal("no handled requests shown")
		}
		table := page[strings.LastIndex(page[:i], "<table"):]
		table = table[:strings.Index(table, "</table>")]
		if !strings.Contains(table, `class="table--stack"`) {
			t.Error("the handled requests do not stack on a phone")
		}
		for _, want := range []string{`data-label="Onderwerp"`, `data-label="Status"`, `data-label="Uitkomst">Gesproken over logeren.`, `data-label="Op"`} {
			if !strings.Contains(table, want) {
				t.Errorf("handled request lacks %s", want)
			}
		}
	})
}

// TestUnassignedCallbackSaysItWaits: when no expert has the topic at the
// chosen moment, the relative is not promised a call at that moment: the
// confirmation and the request's status say it waits for the first expert
// who is free. A routed request keeps the promise and names the expert.
func TestUnassignedCallbackSaysItWaits(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		if err := f.s.SaveExpert(context.Background(), f.expert, ExpertInput{Topics: []string{"broer_zus"}, Active: true, From: [7]string{"19:00"}, To: [7]string{"21:00"}}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			topic, flash, status string
		}{
			{"afscheid", "Er is nog geen ervaringsdeskundige die over dit onderwerp praat en op het moment dat u koos kan bellen.", "Wacht op een vrije ervaringsdeskundige"},
			{"broer_zus", "Een ervaringsdeskundige belt u terug op het moment dat u koos.", "Wacht op terugbellen</strong> (Gerard"},
		} {
			rec := f.do(t, f.mother, "POST", "/naasten/terugbellen", url.Values{"onderwerp": {c.topic}, "telefoon": {"0612345678"}, "moment": {"avond"}})
			if rec.Code != http.StatusSeeOther {
				t.Fatalf("%s: %d", c.topic, rec.Code)
			}
			page := f.do(t, f.mother, "GET", rec.Header().Get("Location"), nil).Body.String()
			if !strings.Contains(page, c.flash) {
				t.Errorf("%s: the confirmation does not say %q", c.topic, c.flash)
			}
			if !strings.Contains(page, c.status) {
				t.Errorf("%s: the status does not say %q", c.topic, c.status)
			}
		}
		page := f.do(t, f.mother, "GET", "/naasten/terugbellen?melding=wachtrij&lang=en", nil).Body.String()
		for _, want := range []string{"No expert by experience who talks about this topic", "Waiting for an expert by experience who is free"} {
			if !strings.Contains(page, want) {
				t.Errorf("English page lacks %q", want)
			}
		}
	})
}
