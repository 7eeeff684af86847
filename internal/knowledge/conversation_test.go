package knowledge

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/orgs"
	"github.com/volwaardig/volwaardig/internal/testkit"
)

// people are a client with a relative who may act, a professional at the
// client's location, and a professional and a relative outside.
type people struct {
	client                      int64
	self, relative, stranger    *auth.Principal
	carer, outsider, otherCarer *auth.Principal
}

func (f *fixture) people(t *testing.T) people {
	t.Helper()
	ctx := context.Background()
	world := testkit.NewWorld(t, f.d)
	org := world.Organisation("Zorg Utrecht", "aanbieder", "ZK11")
	loc := world.Location(orgs.Location{OrganisationID: org, Name: "De Linde", Region: "ZK11", City: "Utrecht"})
	loc2 := world.Location(orgs.Location{OrganisationID: org, Name: "De Eik", Region: "ZK11", City: "Utrecht"})
	var ps people
	var err error
	if ps.client, err = f.reg.Create(ctx, nil, clients.NewClient{Name: "Sanne de Vries", Region: "ZK11", CreatedBy: f.editor.UserID}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.reg.AddCareRelation(ctx, nil, clients.CareRelation{ClientID: ps.client, Kind: clients.CareLocation, RefID: loc, Label: "De Linde", Start: start.AddDate(-1, 0, 0), CreatedBy: f.editor.UserID}); err != nil {
		t.Fatal(err)
	}
	rel := addUser(t, f.d, "marieke", auth.RoleNaaste)
	if _, err := f.reg.AddRepresentative(ctx, nil, clients.Representative{ClientID: ps.client, UserID: rel, Relation: clients.RelMentor, MayAct: true, ValidFrom: start.AddDate(-1, 0, 0), GrantedBy: f.editor.UserID}); err != nil {
		t.Fatal(err)
	}
	ps.self = &auth.Principal{UserID: addUser(t, f.d, "sanne", auth.RoleClient), Username: "sanne", Role: auth.RoleClient, Scope: auth.Scope{ClientID: ps.client}}
	ps.relative = &auth.Principal{UserID: rel, Username: "marieke", Role: auth.RoleNaaste, Scope: auth.Scope{Represents: []int64{ps.client}}}
	ps.stranger = &auth.Principal{UserID: addUser(t, f.d, "vreemde", auth.RoleNaaste), Username: "vreemde", Role: auth.RoleNaaste, Scope: auth.Scope{Represents: []int64{ps.client}}}
	ps.carer = &auth.Principal{UserID: addUser(t, f.d, "jeroen", auth.RoleZorgverlener), Username: "jeroen", Role: auth.RoleZorgverlener, Scope: auth.Scope{Organisations: []int64{org}, Locations: []int64{loc}}}
	ps.otherCarer = &auth.Principal{UserID: addUser(t, f.d, "els", auth.RoleZorgverlener), Username: "els", Role: auth.RoleZorgverlener, Scope: auth.Scope{Organisations: []int64{org}, Locations: []int64{loc2}}}
	ps.outsider = &auth.Principal{UserID: addUser(t, f.d, "ilse", auth.RoleOndersteuner), Username: "ilse", Role: auth.RoleOndersteuner}
	return ps
}

func conversationPost(client int64, extra url.Values) string {
	v := url.Values{"client": {itoa(client)}, "topic": {"Wonen als papa en mama ouder worden"}, "held_on": {"02-03-2026"}, "follow_up": {"01-09-2026"},
		"view_goed_client": {"Ik woon graag hier."}, "view_later_naaste": {"Mijn broer Tom wil mentor worden."},
		"agreement_what_1": {"Tom gaat mee naar het volgende gesprek"}, "agreement_who_1": {"Marieke"}}
	for k, vs := range extra {
		v[k] = vs
	}
	return v.Encode()
}

// TestConversationAllErrorsAtOnce: an empty form names the topic, the
// dates and the perspectives at once, and a follow-up before the
// conversation is refused; nothing is written.
func TestConversationAllErrorsAtOnce(t *testing.T) {
	each(t, false, func(t *testing.T, f *fixture) {
		ps := f.people(t)
		_, err := f.s.SaveConversation(context.Background(), ps.carer, 0, ConversationInput{ClientID: ps.client, Agreements: []Agreement{{Who: "Tom"}}})
		got := fieldsOf(err)
		for _, want := range []string{"topic", "held_on", "follow_up", "view_goed_client", "agreement_what_1"} {
			if !slices.Contains(got, want) {
				t.Errorf("no error for %s: %v", want, got)
			}
		}
		rec := f.do(t, ps.carer, "POST", "/kennis/driegesprek", conversationPost(ps.client, url.Values{"follow_up": {"01-01-2026"}, "held_on": {"31-02-2026"}}), formType)
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "error-summary") {
			t.Errorf("form: %d", rec.Code)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM knowledge_conversations`); n != 0 {
			t.Errorf("%d conversations written", n)
		}
	})
}

// TestConversationAccessPerRole: the carer at the client's location and
// the relative who may act write and read; the client reads their own;
// a carer at another location, a supporter without the client in the
// caseload and a relative without an authorisation get 404 for the same
// ids, written nowhere, and each refusal is in the audit log.
func TestConversationAccessPerRole(t *testing.T) {
	each(t, false, func(t *testing.T, f *fixture) {
		ps := f.people(t)
		rec := f.do(t, ps.carer, "POST", "/kennis/driegesprek", conversationPost(ps.client, nil), formType)
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("carer writes: %d %s", rec.Code, rec.Body.String())
		}
		id := strings.TrimPrefix(strings.Split(rec.Header().Get("Location"), "?")[0], "/kennis/driegesprek/")
		for _, p := range []*auth.Principal{ps.carer, ps.relative, ps.self} {
			page := f.do(t, p, "GET", "/kennis/driegesprek/"+id, "", "")
			if page.Code != http.StatusOK || !strings.Contains(page.Body.String(), "Mijn broer Tom wil mentor worden.") {
				t.Errorf("%s reads: %d", p.Username, page.Code)
			}
		}
		if rec := f.do(t, ps.relative, "POST", "/kennis/driegesprek/"+id, conversationPost(ps.client, url.Values{"topic": {"Wonen later"}}), formType); rec.Code != http.StatusSeeOther {
			t.Errorf("relative writes: %d", rec.Code)
		}
		before := f.aud.Count(func(e audit.Event) bool { return e.Outcome == audit.OutcomeDenied })
		for _, p := range []*auth.Principal{ps.otherCarer, ps.outsider, ps.stranger} {
			if rec := f.do(t, p, "GET", "/kennis/driegesprek/"+id, "", ""); rec.Code != http.StatusNotFound {
				t.Errorf("%s reads another's conversation: %d", p.Username, rec.Code)
			}
			if rec := f.do(t, p, "POST", "/kennis/driegesprek/"+id, conversationPost(ps.client, url.Values{"topic": {"gekaapt"}}), formType); rec.Code != http.StatusNotFound {
				t.Errorf("%s changes another's conversation: %d", p.Username, rec.Code)
			}
			if rec := f.do(t, p, "POST", "/kennis/driegesprek", conversationPost(ps.client, nil), formType); rec.Code != http.StatusNotFound {
				t.Errorf("%s writes for a client outside scope: %d", p.Username, rec.Code)
			}
		}
		if n := f.count(t, `SELECT COUNT(*) FROM knowledge_conversations WHERE topic = 'gekaapt'`); n != 0 {
			t.Error("a refused change was written")
		}
		if n := f.count(t, `SELECT COUNT(*) FROM knowledge_conversations`); n != 1 {
			t.Errorf("%d conversations", n)
		}
		if after := f.aud.Count(func(e audit.Event) bool { return e.Outcome == audit.OutcomeDenied && e.Object == objectConversation }); after-before < 6 {
			t.Errorf("%d refusals audited, want at least 6", after-before)
		}
		reads := f.aud.Count(func(e audit.Event) bool {
			return e.Action == audit.ActionRead && e.Outcome == "" && e.Object == objectConversation && e.ClientID == ps.client
		})
		if reads < 3 {
			t.Errorf("%d reads audited", reads)
		}
		onBehalf := f.aud.Count(func(e audit.Event) bool {
			return e.Object == objectConversation && e.Purpose == audit.PurposeClientAccess && e.ClientID == ps.client
		})
		if onBehalf == 0 {
			t.Error("the relative's reads are not recorded as access on the client's behalf")
		}
	})
}

// TestConversationInzage: the conversation is in the client's inzage
// with what was said, the agreements and the follow-up date.
func TestConversationInzage(t *testing.T) {
	each(t, false, func(t *testing.T, f *fixture) {
		ps := f.people(t)
		sec, err := f.s.Inzage(context.Background(), ps.client)
		if err != nil || len(sec.Fields) != 1 || sec.Fields[0].Value != "Geen" {
			t.Fatalf("empty inzage: %+v %v", sec, err)
		}
		if rec := f.do(t, ps.relative, "POST", "/kennis/driegesprek", conversationPost(ps.client, nil), formType); rec.Code != http.StatusSeeOther {
			t.Fatalf("relative writes: %d", rec.Code)
		}
		sec, err = f.s.Inzage(context.Background(), ps.client)
		if err != nil || len(sec.Tables) != 1 || len(sec.Tables[0].Rows) != 1 {
			t.Fatalf("inzage: %+v %v", sec, err)
		}
		row := strings.Join(sec.Tables[0].Rows[0], " | ")
		for _, want := range []string{"02-03-2026", "Mijn broer Tom wil mentor worden.", "Tom gaat mee naar het volgende gesprek (Marieke)", "01-09-2026"} {
			if !strings.Contains(row, want) {
				t.Errorf("inzage lacks %q: %s", want, row)
			}
		}
	})
}

// TestConversationPagesTranslated: the guide's pages in English have every
// text in the catalog.
func TestConversationPagesTranslated(t *testing.T) {
	each(t, false, func(t *testing.T, f *fixture) {
		ps := f.people(t)
		f.do(t, ps.carer, "GET", "/kennis/driegesprek?lang=en&client_zoek=Sanne", "", "")
		f.do(t, ps.carer, "GET", "/kennis/driegesprek?lang=en&client="+itoa(ps.client), "", "")
		f.do(t, ps.relative, "GET", "/kennis/driegesprek?lang=en", "", "")
		f.do(t, ps.self, "GET", "/kennis/driegesprek?lang=en&eenvoudig=1", "", "")
		f.do(t, ps.carer, "POST", "/kennis/driegesprek?lang=en", "client="+itoa(ps.client), formType)
		rec := f.do(t, ps.carer, "POST", "/kennis/driegesprek", conversationPost(ps.client, nil), formType)
		id := strings.TrimPrefix(strings.Split(rec.Header().Get("Location"), "?")[0], "/kennis/driegesprek/")
		f.do(t, ps.self, "GET", "/kennis/driegesprek/"+id+"?lang=en", "", "")
		for _, m := range f.s.rd.Catalog.Missing() {
			t.Errorf("no English translation for %q", m)
		}
	})
}

// TestConversationAPI: the API records and lists a client's conversations
// for someone in scope, names every missing field at once, and answers
// 404 for a client outside scope.
func TestConversationAPI(t *testing.T) {
	each(t, false, func(t *testing.T, f *fixture) {
		ps := f.people(t)
		body := `{"client_id":` + itoa(ps.client) + `,"topic":"Later","held_on":"02-03-2026","follow_up":"01-09-2026","views":{"goed":{"client":"Fijn hier."}},"agreements":[{"what":"Tom belt","who":"Tom"}]}`
		if rec := f.do(t, ps.carer, "POST", "/api/v1/knowledge/conversations", body, "application/json"); rec.Code != http.StatusCreated || !strings.Contains(rec.Body.String(), `"client_name": "Sanne de Vries"`) {
			t.Fatalf("create: %d %s", rec.Code, rec.Body.String())
		}
		if rec := f.do(t, ps.carer, "POST", "/api/v1/knowledge/conversations", `{"client_id":`+itoa(ps.client)+`,"topic":"","held_on":"x","follow_up":""}`, "application/json"); rec.Code != http.StatusUnprocessableEntity ||
			!strings.Contains(rec.Body.String(), `"topic"`) || !strings.Contains(rec.Body.String(), `"held_on"`) || !strings.Contains(rec.Body.String(), `"follow_up"`) {
			t.Errorf("bad input: %d %s", rec.Code, rec.Body.String())
		}
		if rec := f.do(t, ps.relative, "GET", "/api/v1/knowledge/conversations?client="+itoa(ps.client), "", ""); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Tom belt") {
			t.Errorf("list: %d %s", rec.Code, rec.Body.String())
		}
		for _, p := range []*auth.Principal{ps.otherCarer, ps.stranger} {
			if rec := f.do(t, p, "GET", "/api/v1/knowledge/conversations?client="+itoa(ps.client), "", ""); rec.Code != http.StatusNotFound {
				t.Errorf("%s lists another's conversations: %d", p.Username, rec.Code)
			}
			if rec := f.do(t, p, "POST", "/api/v1/knowledge/conversations", body, "application/json"); rec.Code != http.StatusNotFound {
				t.Errorf("%s writes for a client outside scope: %d", p.Username, rec.Code)
			}
		}
		if n := f.count(t, `SELECT COUNT(*) FROM knowledge_conversations`); n != 1 {
			t.Errorf("%d conversations", n)
		}
	})
}

// TestEarlierConversationsStackOnAPhone: the list of a client's earlier
// conversations stacks per conversation on a phone with each cell named
// (walked at 375 px: the table was 420 px wide and "Vervolg op" fell off
// the screen).
func TestEarlierConversationsStackOnAPhone(t *testing.T) {
	each(t, false, func(t *testing.T, f *fixture) {
		ps := f.people(t)
		if rec := f.do(t, ps.carer, "POST", "/kennis/driegesprek", conversationPost(ps.client, nil), formType); rec.Code != http.StatusSeeOther {
			t.Fatalf("record: %d", rec.Code)
		}
		page := f.do(t, ps.carer, "GET", "/kennis/driegesprek?client="+itoa(ps.client), "", "").Body.String()
		i := strings.Index(page, "Eerdere driegesprekken")
		if i < 0 {
			t.Fatal("no earlier conversations listed")
		}
		table := page[strings.LastIndex(page[:i], "<table"):]
		table = table[:strings.Index(table, "</table>")]
		if !strings.Contains(table, `class="table--stack"`) {
			t.Error("the earlier conversations do not stack on a phone")
		}
		for _, want := range []string{`data-label="Onderwerp">Wonen als papa en mama ouder worden`, `data-label="Afspraken">1`, `data-label="Vervolg op">01-09-2026`} {
			if !strings.Contains(table, want) {
				t.Errorf("earlier conversation lacks %s", want)
			}
		}
	})
}
