package placement

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
	"github.com/volwaardig/volwaardig/internal/web"
)

// lastEvent is the newest audit event of object about client.
func (f *fixture) lastEvent(object string, clientID int64) (audit.Event, bool) {
	events := f.aud.Events()
	for i := len(events) - 1; i >= 0; i-- {
		if ev := events[i]; ev.Object == object && ev.ClientID == clientID {
			return ev, true
		}
	}
	return audit.Event{}, false
}

// TestRepresentativeFollowsAuthorisation: a naaste whose authorisation says
// "mag handelen = nee" and who has no consent reads nothing of the
// client's search and answers, writes and objects nothing (403, nothing
// changes), on the pages and in the API; with a consent for the placement
// they read but still do not act; a naaste who may act does, and the audit
// entries carry the client's account as on_behalf_of.
func TestRepresentativeFollowsAuthorisation(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		_, do := f.server(t)
		const clientAccount, mayAct, mayNot = 101, 102, 104
		if err := f.reg.LinkClientAccount(ctx, nil, clientAccount, f.clients[0]); err != nil {
			t.Fatal(err)
		}
		if _, err := f.reg.AddRepresentative(ctx, nil, clients.Representative{ClientID: f.clients[0], UserID: mayNot, Name: "Buurman", Relation: clients.RelNaaste,
			MayAct: false, ValidFrom: t0.AddDate(-1, 0, 0), GrantedBy: 1}); err != nil {
			t.Fatal(err)
		}
		p := f.person(0)
		p.Waiting = WachtOpVoorkeur
		id := f.register(t, p)
		place := f.place(t, f.orgA, f.locA, 2, nil)
		pid := f.propose(t, id, place)
		weak := &auth.Principal{UserID: mayNot, Role: auth.RoleNaaste, Scope: auth.Scope{Represents: []int64{f.clients[0]}}}
		strong := &auth.Principal{UserID: mayAct, Role: auth.RoleNaaste, Scope: auth.Scope{Represents: []int64{f.clients[0]}}}
		before, _ := newStore(d).getCase(ctx, d, id, "")

		refused := func(what string, err error) {
			t.Helper()
			if e := web.AsError(err); err == nil || e.Code != web.CodeForbidden {
				t.Errorf("%s by a naaste without authority: %v, want forbidden", what, err)
			}
		}
		cs, err := f.s.Cases(ctx, weak, CaseFilter{})
		refused("listing the cases", err)
		if len(cs) != 0 {
			t.Errorf("%d cases listed for a naaste without authority", len(cs))
		}
		ps, err := f.s.Proposals(ctx, weak, "")
		refused("listing the offers", err)
		if len(ps) != 0 {
			t.Errorf("%d proposals listed for a naaste without authority", len(ps))
		}
		_, err = f.s.Case(ctx, weak, id)
		refused("reading the case", err)
		refused("accepting the offer", f.s.Answer(ctx, weak, pid, Answer{Accept: true}))
		refused("writing the wishes", f.s.UpdateWishes(ctx, weak, id, "Anders"))
		refused("objecting", f.s.Object(ctx, weak, id, "Ik wil niet wachten"))
		for _, c := range []struct{ method, path, body string }{
			{"GET", "/api/v1/placement/cases/" + itoa(id), ""},
			{"GET", "/api/v1/placement/cases", ""},
			{"GET", "/api/v1/placement/proposals", ""},
			{"POST", "/api/v1/placement/proposals/" + itoa(pid) + "/answer", `{"accept":true}`},
			{"POST", "/api/v1/placement/cases/" + itoa(id) + "/wishes", `{"text":"Anders"}`},
			{"POST", "/api/v1/placement/cases/" + itoa(id) + "/objection", `{"text":"Nee"}`},
		} {
			req := newJSONRequest(c.method, c.path, c.body, weak)
			rec := newRecorder()
			rt, _ := f.server(t)
			rt.ServeHTTP(rec, req)
			if rec.code != http.StatusForbidden {
				t.Errorf("API %s %s by a naaste without authority: %d %s", c.method, c.path, rec.code, rec.body.String())
			}
		}
		for _, c := range []struct {
			path string
			form url.Values
		}{
			{"/mijn/plaatsing/voorstellen/" + itoa(pid), url.Values{"antwoord": {"ja"}}},
			{"/mijn/plaatsing/wensen", url.Values{"casus": {itoa(id)}, "wensen": {"Anders"}}},
			{"/mijn/plaatsing/bezwaar", url.Values{"casus": {itoa(id)}, "bezwaar": {"Nee"}}},
		} {
			if code, _ := do(weak, "POST", c.path, c.form); code != http.StatusForbidden {
				t.Errorf("page POST %s by a naaste without authority: %d", c.path, code)
			}
		}
		if code, body := do(weak, "GET", "/mijn/plaatsing", nil); code != http.StatusForbidden || strings.Contains(body, "Cliënt A") {
			t.Errorf("/mijn/plaatsing for a naaste without authority: %d, shows the client: %v", code, strings.Contains(body, "Cliënt A"))
		} else if !strings.Contains(body, "Vraag de cliënt om dit met u te delen, of vraag het zorgkantoor om uw machtiging aan te passen.") {
			// The refusal says why and whom to ask, for a relative who may be under stress.
			t.Error("/mijn/plaatsing refusal does not say whom to ask")
		}
		after, _ := newStore(d).getCase(ctx, d, id, "")
		if after.WishesFamily != before.WishesFamily || after.Objection != "" || after.Phase != before.Phase {
			t.Errorf("the case changed: wishes %q objection %q phase %s", after.WishesFamily, after.Objection, after.Phase)
		}
		if ps, _ := newStore(d).listProposals(ctx, d, "pp.id = $1", pid); len(ps) != 1 || ps[0].ClientAnswer != "" {
			t.Errorf("the offer was answered: %+v", ps)
		}

		// Shared with them, the naaste reads the case; acting still needs
		// the authorisation.
		if _, err := f.reg.AddConsent(ctx, nil, clients.Consent{ClientID: f.clients[0], Subject: clients.SubjectPlacement, RecipientKind: clients.RecipientUser,
			RecipientID: mayNot, Basis: clients.BasisClient, ValidFrom: t0.AddDate(0, -1, 0), RecordedBy: 1}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.Case(ctx, weak, id); err != nil {
			t.Errorf("reading a shared case: %v", err)
		}
		if ev, _ := f.lastEvent("placement_case", f.clients[0]); ev.OnBehalfOf != clientAccount || ev.Outcome == audit.OutcomeDenied {
			t.Errorf("shared read audited as %+v, want on behalf of %d", ev, clientAccount)
		}
		refused("accepting with only a consent to read", f.s.Answer(ctx, weak, pid, Answer{Accept: true}))
		code, body := do(weak, "GET", "/mijn/plaatsing", nil)
		if code != http.StatusOK || !strings.Contains(body, "Cliënt A") || !strings.Contains(body, "niet namens Cliënt A antwoorden") ||
			strings.Contains(body, `action="/mijn/plaatsing/wensen"`) || strings.Contains(body, `action="/mijn/plaatsing/voorstellen/`) {
			t.Errorf("/mijn/plaatsing for a naaste who may read only: %d, forms offered %v", code, strings.Contains(body, `action="/mijn/plaatsing/`))
		}
		if code, body := do(strong, "GET", "/mijn/plaatsing", nil); code != http.StatusOK || !strings.Contains(body, `action="/mijn/plaatsing/wensen"`) {
			t.Errorf("/mijn/plaatsing for a naaste who may act: %d, no wishes form", code)
		}

		// The naaste who may act does, on the client's behalf.
		if err := f.s.UpdateWishes(ctx, strong, id, "Een rustige groep"); err != nil {
			t.Fatal(err)
		}
		if ev, _ := f.lastEvent("placement_case", f.clients[0]); ev.OnBehalfOf != clientAccount || ev.Action != audit.ActionUpdate {
			t.Errorf("wishes audited as %+v, want on behalf of %d", ev, clientAccount)
		}
		if err := f.s.Answer(ctx, strong, pid, Answer{Accept: true}); err != nil {
			t.Fatal(err)
		}
		if ev, _ := f.lastEvent("placement_case", f.clients[0]); ev.OnBehalfOf != clientAccount {
			t.Errorf("answer audited as %+v, want on behalf of %d", ev, clientAccount)
		}
		// A revoked authorisation ends it.
		reps, _ := f.reg.Representatives(ctx, f.clients[0])
		for _, r := range reps {
			if r.UserID == mayAct {
				if err := f.reg.RevokeRepresentative(ctx, nil, f.clients[0], r.ID, 1); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := f.s.UpdateWishes(ctx, strong, id, "Toch anders"); err == nil {
			t.Error("a revoked representative wrote the wishes")
		}
	})
}

func newJSONRequest(method, path, body string, p *auth.Principal) *http.Request {
	req, _ := http.NewRequest(method, path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	return req.WithContext(auth.WithPrincipal(req.Context(), p))
}

// TestRegisterChecksClientScope: a ZK11 care office cannot register a ZK16
// client by naming the id while claiming its own region, neither by the
// form nor by the API; nothing is stored and the refusal is audited.
func TestRegisterChecksClientScope(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		rt, do := f.server(t)
		other := f.clients[4] // ZK16
		p := f.person(0)
		p.ClientID, p.Region = other, "ZK11"
		_, err := f.s.Register(ctx, f.zk, p, true)
		if e := web.AsError(err); err == nil || e.Code != web.CodeForbidden {
			t.Fatalf("registering another region's client: %v, want forbidden", err)
		}
		if ev, ok := f.lastEvent("placement_case", other); !ok || ev.Outcome != audit.OutcomeDenied {
			t.Errorf("refusal not audited as denied: %+v", ev)
		}
		rec := newRecorder()
		rt.ServeHTTP(rec, newJSONRequest("POST", "/api/v1/placement/cases", `{"client_id":"`+itoa(other)+`","regio":"ZK11","zorgprofiel":"VG7","wachtstatus":"actief","aangemeld":"2026-01-01"}`, f.zk))
		if rec.code != http.StatusForbidden {
			t.Errorf("API registration of another region's client: %d %s", rec.code, rec.body.String())
		}
		// The form takes its client from the picker, which refuses a
		// client outside the scope at the field (and audits the refusal);
		// a typed client_id is ignored.
		code, body := do(f.zk, "POST", "/complexe-zorg/nieuw", url.Values{"client": {itoa(other)}, "client_id": {itoa(other)}, "regio": {"ZK11"}, "zorgprofiel": {"VG7"}, "wachtstatus": {"actief"}, "aangemeld": {"01-01-2026"}})
		if code != http.StatusUnprocessableEntity || strings.Contains(body, "Cliënt E") || !strings.Contains(body, `href="#client"`) {
			t.Errorf("form registration of another region's client: %d, name shown %v", code, strings.Contains(body, "Cliënt E"))
		}
		if ev, ok := f.lastEvent("client_pick", other); !ok || ev.Outcome != audit.OutcomeDenied {
			t.Errorf("refused choice not audited as denied: %+v", ev)
		}
		var n int
		if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM placement_cases WHERE client_id = $1`, other).Scan(&n); err != nil || n != 0 {
			t.Errorf("%d cases stored for the other region's client (%v)", n, err)
		}
		// The own region's client still registers.
		if _, err := f.s.Register(ctx, f.zk, f.person(1), true); err != nil {
			t.Errorf("own client: %v", err)
		}
	})
}

// TestCareOfficeAnswersForClientWithReason: a care office records the
// client's answer only with a reason, named in a Dutch error when missing;
// the audit entry carries the reason and the client's account as on whose
// behalf.
func TestCareOfficeAnswersForClientWithReason(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		rt, do := f.server(t)
		if err := f.reg.LinkClientAccount(ctx, nil, 101, f.clients[0]); err != nil {
			t.Fatal(err)
		}
		id := f.register(t, f.person(0))
		pid := f.propose(t, id, f.place(t, f.orgA, f.locA, 2, nil))
		err := f.s.Answer(ctx, f.zk, pid, Answer{Accept: true})
		if e := web.AsError(err); err == nil || e.Field != forClientField || !strings.Contains(e.Message, "Reden om namens de cliënt te antwoorden") {
			t.Fatalf("answer without a reason: %v", err)
		}
		rec := newRecorder()
		rt.ServeHTTP(rec, newJSONRequest("POST", "/api/v1/placement/proposals/"+itoa(pid)+"/answer", `{"accept":true}`, f.zk))
		if rec.code != http.StatusBadRequest && rec.code != http.StatusUnprocessableEntity || !strings.Contains(rec.body.String(), "on_behalf_reason") {
			t.Errorf("API answer without a reason: %d %s", rec.code, rec.body.String())
		}
		if code, body := do(f.zk, "POST", "/complexe-zorg/voorstellen/"+itoa(pid)+"/antwoord", url.Values{"antwoord": {"ja"}}); code < 400 || !strings.Contains(body, "Reden om namens de cliënt te antwoorden") {
			t.Errorf("form answer without a reason: %d", code)
		}
		if ps, _ := newStore(d).listProposals(ctx, d, "pp.id = $1", pid); ps[0].ClientAnswer != "" {
			t.Fatal("an answer without a reason was stored")
		}
		if code, _ := do(f.zk, "POST", "/complexe-zorg/voorstellen/"+itoa(pid)+"/antwoord", url.Values{"antwoord": {"ja"}, "namens_reden": {"De cliënt belde en zei ja"}}); code != http.StatusSeeOther {
			t.Fatalf("form answer with a reason: %d", code)
		}
		ev, _ := f.lastEvent("placement_case", f.clients[0])
		if ev.Reason != "De cliënt belde en zei ja" || ev.OnBehalfOf != 101 || ev.Purpose != audit.PurposeMediation {
			t.Errorf("care office's answer audited as %+v", ev)
		}
	})
}

// TestCareOfficeAnswerFormShowsEveryError: a care office sending the
// answer form empty sees every mistake at once (no answer, no reason to
// answer for the client; a decline without its reason), each in the error
// summary linking to the input of this proposal's card and shown at that
// input, and the form lets the browser send it so these Dutch errors, not
// the browser's own bubble, are what the person sees.
func TestCareOfficeAnswerFormShowsEveryError(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		_, do := f.server(t)
		if err := f.reg.LinkClientAccount(ctx, nil, 101, f.clients[0]); err != nil {
			t.Fatal(err)
		}
		id := f.register(t, f.person(0))
		pid := f.propose(t, id, f.place(t, f.orgA, f.locA, 2, nil))
		p := itoa(pid)
		code, body := do(f.zk, "GET", "/complexe-zorg/voorstellen", nil)
		if code != http.StatusOK || !strings.Contains(body, `action="/complexe-zorg/voorstellen/`+p+`/antwoord" novalidate`) {
			t.Errorf("the answer form leaves validation to the browser (%d)", code)
		}
		code, body = do(f.zk, "POST", "/complexe-zorg/voorstellen/"+p+"/antwoord", url.Values{})
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("empty answer form: %d", code)
		}
		for _, want := range []string{
			`href="#ja-` + p + `">Kies ja of nee.`,
			`href="#namens_reden-` + p + `">Vul bij ‘Reden om namens de cliënt te antwoorden’`,
			`id="ja-` + p + `-error"`,
			`id="namens_reden-` + p + `-error"`,
			`aria-describedby="namens_reden-` + p + `-hint namens_reden-` + p + `-error" aria-invalid="true"`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("empty answer form: missing %q", want)
			}
		}
		code, body = do(f.zk, "POST", "/complexe-zorg/voorstellen/"+p+"/antwoord", url.Values{"antwoord": {"nee"}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#reden-`+p+`">Kies een reden voor de afwijzing.`) ||
			!strings.Contains(body, `href="#namens_reden-`+p+`">`) || strings.Contains(body, "Kies ja of nee.") {
			t.Errorf("decline without reasons: %d, want both reasons named and no 'Kies ja of nee.'", code)
		}
		if ps, _ := newStore(d).listProposals(ctx, d, "pp.id = $1", pid); ps[0].ClientAnswer != "" {
			t.Fatal("an incomplete answer was stored")
		}
	})
}

// TestOwnAnswerFormShowsErrorAtField: the client (or a representative who
// may act) sending the own-page answer form without a choice is told so at
// the card's radio group, and the summary links there; the form leaves
// validation to the server so this Dutch message is what they see.
func TestOwnAnswerFormShowsErrorAtField(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		_, do := f.server(t)
		if err := f.reg.LinkClientAccount(ctx, nil, 101, f.clients[0]); err != nil {
			t.Fatal(err)
		}
		id := f.register(t, f.person(0))
		pid := f.propose(t, id, f.place(t, f.orgA, f.locA, 2, nil))
		p := itoa(pid)
		client := &auth.Principal{UserID: 101, Role: auth.RoleClient, Scope: auth.Scope{ClientID: f.clients[0]}}
		code, body := do(client, "GET", "/mijn/plaatsing", nil)
		if code != http.StatusOK || !strings.Contains(body, `action="/mijn/plaatsing/voorstellen/`+p+`" novalidate`) {
			t.Errorf("own answer form leaves validation to the browser (%d)", code)
		}
		code, body = do(client, "POST", "/mijn/plaatsing/voorstellen/"+p, url.Values{})
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#mja-`+p+`">Kies ja of nee.`) || !strings.Contains(body, `id="mja-`+p+`-error"`) {
			t.Errorf("own answer without a choice: %d, want the error linked to and shown at the card's choice", code)
		}
		code, body = do(client, "POST", "/mijn/plaatsing/voorstellen/"+p, url.Values{"antwoord": {"nee"}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#mreden-`+p+`">`) || !strings.Contains(body, `id="mreden-`+p+`-error"`) {
			t.Errorf("own decline without a reason: %d, want the error at the card's reason", code)
		}
	})
}
