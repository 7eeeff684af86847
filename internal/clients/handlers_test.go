package clients

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
	"github.com/volwaardig/volwaardig/internal/testkit"
	"github.com/volwaardig/volwaardig/internal/web"
)

// recorder is the shared in-memory auditor with this package's question:
// the events of an action about a client. It records RecordTx at call time
// even if the transaction later rolls back; the tests only count events of
// requests that succeed, and TestAuditFailureRefusesData checks that a
// failing audit rolls back the change.
type recorder struct{ testkit.Auditor }

func (r *recorder) find(action audit.Action, clientID int64) []audit.Event {
	return r.Find(func(e audit.Event) bool { return e.Action == action && e.ClientID == clientID })
}

type users map[string]*auth.User

func (u users) UserByName(_ context.Context, name string) (*auth.User, error) {
	if x, ok := u[name]; ok {
		return x, nil
	}
	return nil, errors.New("no such user")
}

type harness struct {
	t     *testing.T
	d     *db.DB
	s     *Service
	rt    *web.Router
	aud   *recorder
	clock *db.ManualClock
}

func newHarness(t *testing.T, d *db.DB) *harness {
	t.Helper()
	keys, err := GenerateKeys()
	if err != nil {
		t.Fatal(err)
	}
	clock := db.NewManualClock(t0)
	rt := web.NewRouter()
	contract.Install(rt) // API answers are checked against the document (contract_test.go)
	rd := web.NewRenderer(rt, slog.New(slog.DiscardHandler))
	rd.Clock = clock.Now
	aud := &recorder{}
	s, err := New(d, clock, aud, rd, keys, nil)
	if err != nil {
		t.Fatal(err)
	}
	s.Users = users{
		"naaste":  {ID: 900, Username: "naaste", DisplayName: "Jörg Müller", Role: auth.RoleNaaste},
		"mentor":  {ID: 901, Username: "mentor", DisplayName: "Noël de Mentor", Role: auth.RoleNaaste},
		"zorgkan": {ID: 1, Username: "zorgkan", DisplayName: "ZK", Role: auth.RoleZorgkantoor},
	}
	s.Routes(rt)
	return &harness{t: t, d: d, s: s, rt: rt, aud: aud, clock: clock}
}

// do sends a request as p through the router, the way the auth middleware
// would after resolving the session.
func (h *harness) do(p *auth.Principal, method, path string, form url.Values) *httptest.ResponseRecorder {
	h.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if p != nil {
		req = req.WithContext(auth.WithPrincipal(req.Context(), p))
	}
	w := httptest.NewRecorder()
	h.rt.ServeHTTP(w, req)
	return w
}

func (h *harness) json(p *auth.Principal, method, path, body string) (*httptest.ResponseRecorder, map[string]any) {
	h.t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if p != nil {
		req = req.WithContext(auth.WithPrincipal(req.Context(), p))
	}
	w := httptest.NewRecorder()
	h.rt.ServeHTTP(w, req)
	var m map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &m); err != nil {
		h.t.Fatalf("%s %s: not JSON (%d): %s", method, path, w.Code, w.Body.String())
	}
	return w, m
}

var (
	zk     = &auth.Principal{UserID: 1, Username: "zk", DisplayName: "Zorgkantoor", Role: auth.RoleZorgkantoor, Scope: auth.Scope{Regions: []string{"ZK-UTR"}}}
	zv     = &auth.Principal{UserID: 2, Username: "zv", DisplayName: "Zorgverlener", Role: auth.RoleZorgverlener, Scope: auth.Scope{Locations: []int64{7}}}
	zvElse = &auth.Principal{UserID: 3, Username: "zv2", DisplayName: "Andere zorgverlener", Role: auth.RoleZorgverlener, Scope: auth.Scope{Locations: []int64{99}}}
	ab     = &auth.Principal{UserID: 4, Username: "ab", DisplayName: "Aanbieder", Role: auth.RoleAanbieder, Scope: auth.Scope{Organisations: []int64{70}}}
	prog   = &auth.Principal{UserID: 5, Username: "prog", Role: auth.RoleProgramma, Scope: auth.Scope{Regions: []string{"ZK-UTR"}}}
	beh    = &auth.Principal{UserID: 6, Username: "beh", Role: auth.RoleBeheerder}
)

// seed makes one client in region ZK-UTR at location 7 of organisation 70.
func (h *harness) seed() int64 {
	h.t.Helper()
	ctx := context.Background()
	id, err := h.s.Create(ctx, nil, NewClient{Name: "Zoë Ëlberg", BirthDate: time.Date(1990, 2, 1, 0, 0, 0, 0, time.UTC), Region: "ZK-UTR", BSN: "123456782", Phone: "030-1234567"})
	if err != nil {
		h.t.Fatal(err)
	}
	for _, c := range []CareRelation{{ClientID: id, Kind: CareLocation, RefID: 7, Label: "De Linde"}, {ClientID: id, Kind: CareOrganisation, RefID: 70, Label: "Stichting Één"}} {
		if _, err := h.s.AddCareRelation(ctx, nil, c); err != nil {
			h.t.Fatal(err)
		}
	}
	return id
}

func TestRoutesAllHaveRulesAndExcludeAggregateRoles(t *testing.T) {
	h := newHarness(t, dbtest.SQLite(t, sets()...))
	routes := h.rt.Routes()
	if len(routes) < 20 {
		t.Fatalf("only %d routes registered", len(routes))
	}
	for _, r := range routes {
		if r.Rule.IsPublic() {
			t.Errorf("%s %s is public", r.Method, r.Pattern)
		}
		for _, role := range []auth.Role{auth.RoleProgramma, auth.RoleBeheerder} {
			if r.Rule.AllowsRole(role) {
				t.Errorf("%s %s allows %s, which never sees person-level data", r.Method, r.Pattern, role)
			}
		}
	}
}

func TestAnonymousAndAggregateRolesRefused(t *testing.T) {
	h := newHarness(t, dbtest.SQLite(t, sets()...))
	id := h.seed()
	path := "/clienten/" + itoa(id)
	if w := h.do(nil, "GET", path, nil); w.Code != http.StatusSeeOther {
		t.Errorf("anonymous: %d", w.Code)
	}
	for _, p := range []*auth.Principal{prog, beh} {
		if w := h.do(p, "GET", path, nil); w.Code != http.StatusForbidden || strings.Contains(w.Body.String(), "Ëlberg") {
			t.Errorf("%s: %d", p.Role, w.Code)
		}
		w, m := h.json(p, "GET", "/api/v1/clients/"+itoa(id), "")
		if w.Code != http.StatusForbidden || m["code"] != "forbidden" {
			t.Errorf("%s API: %d %v", p.Role, w.Code, m)
		}
	}
}

func itoa(n int64) string { return strconvI(n) }

func TestCreateFormShowsDutchErrors(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		h := newHarness(t, d)
		form := url.Values{"naam": {"Anaïs"}, "bsn": {"123456783"}, "geboortedatum": {"31-02-1990"}, "regio": {"ZK-AMS"}, "email": {"geen-adres"}}
		w := h.do(zk, "POST", "/clienten/nieuw", form)
		body := w.Body.String()
		if w.Code != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", w.Code)
		}
		for _, want := range []string{
			`class="error-summary"`,
			`<a href="#bsn">Vul een geldig BSN in: 9 cijfers die voldoen aan de elfproef.</a>`,
			`href="#geboortedatum"`, `href="#regio"`, `href="#email"`,
			`aria-invalid="true"`, `value="Anaïs"`, `value="123456783"`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("form lacks %s", want)
			}
		}
		if n := len(h.aud.Events()); n != 0 {
			t.Errorf("%d audit events for a refused form", n)
		}
		// English interface: the same error, translated.
		w = h.do(zk, "POST", "/clienten/nieuw?lang=en", form)
		if !strings.Contains(w.Body.String(), "Enter a valid BSN: 9 digits that pass the eleven-test.") {
			t.Error("English error missing")
		}
	})
}

func TestCreateReadEmergencyFlow(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		h := newHarness(t, d)
		w := h.do(zk, "POST", "/clienten/nieuw", url.Values{"naam": {"Anaïs Çelik"}, "bsn": {"1234.56.782"}, "geboortedatum": {"01-02-1990"}, "regio": {"ZK-UTR"}})
		if w.Code != http.StatusSeeOther {
			t.Fatalf("create: %d %s", w.Code, w.Body.String())
		}
		loc := w.Header().Get("Location")
		if !strings.HasPrefix(loc, "/clienten/") {
			t.Fatalf("location %q", loc)
		}
		idStr := strings.TrimPrefix(strings.Split(loc, "?")[0], "/clienten/")
		id := parseI(idStr)
		if len(h.aud.find(audit.ActionCreate, id)) != 1 {
			t.Errorf("create not audited: %+v", h.aud.Events())
		}
		// Same BSN again: refused with a message on the BSN field.
		w = h.do(zk, "POST", "/clienten/nieuw", url.Values{"naam": {"Dubbel"}, "bsn": {"123456782"}, "regio": {"ZK-UTR"}})
		if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), "Er staat al een cliënt met dit BSN") {
			t.Errorf("duplicate: %d", w.Code)
		}
		// The care office in scope sees the record and the BSN.
		w = h.do(zk, "GET", "/clienten/"+idStr, nil)
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "1234.56.782") || !strings.Contains(w.Body.String(), "Anaïs Çelik") {
			t.Fatalf("record: %d", w.Code)
		}
		if ev := h.aud.find(audit.ActionRead, id); len(ev) != 1 || ev[0].Purpose != audit.PurposeMediation || ev[0].Emergency {
			t.Errorf("read audit %+v", ev)
		}
		// A professional outside scope gets the emergency page, audited as denied.
		w = h.do(zvElse, "GET", "/clienten/"+idStr, nil)
		if w.Code != http.StatusForbidden || !strings.Contains(w.Body.String(), "noodtoegang") || strings.Contains(w.Body.String(), "Çelik") {
			t.Fatalf("out of scope: %d", w.Code)
		}
		if ev := h.aud.find(audit.ActionRead, id); len(ev) != 2 || ev[1].Outcome != audit.OutcomeDenied {
			t.Errorf("denied read not audited: %+v", ev)
		}
		// Too short a reason.
		w = h.do(zvElse, "POST", "/clienten/"+idStr+"/noodtoegang", url.Values{"reden": {"nood"}})
		if !strings.Contains(w.Body.String(), "Geef een reden van minstens 10") {
			t.Errorf("short reason accepted: %d", w.Code)
		}
		reason := "Cliënt in crisis op de SEH, medicatie onbekend"
		w = h.do(zvElse, "POST", "/clienten/"+idStr+"/noodtoegang", url.Values{"reden": {reason}})
		if w.Code != http.StatusSeeOther {
			t.Fatalf("emergency grant: %d %s", w.Code, w.Body.String())
		}
		if ev := h.aud.find(audit.ActionEmergencyAccess, id); len(ev) != 1 || !ev[0].Emergency || ev[0].Reason != reason {
			t.Errorf("grant audit %+v", ev)
		}
		w = h.do(zvElse, "GET", "/clienten/"+idStr, nil)
		body := w.Body.String()
		if w.Code != http.StatusOK || !strings.Contains(body, "U gebruikt noodtoegang.") || !strings.Contains(body, "verborgen") || strings.Contains(body, "1234.56.782") {
			t.Fatalf("emergency read: %d", w.Code)
		}
		ev := h.aud.find(audit.ActionRead, id)
		last := ev[len(ev)-1]
		if !last.Emergency || last.Reason != reason || last.Purpose != audit.PurposeEmergency {
			t.Errorf("emergency read audit %+v", last)
		}
		// Emergency access gives no export and no changes.
		if w := h.do(zvElse, "GET", "/clienten/"+idStr+"/inzage", nil); w.Code != http.StatusForbidden {
			t.Errorf("inzage under emergency: %d", w.Code)
		}
		// After the time limit the record is closed again.
		h.clock.Advance(4*time.Hour + time.Minute)
		if w := h.do(zvElse, "GET", "/clienten/"+idStr, nil); w.Code != http.StatusForbidden {
			t.Errorf("after expiry: %d", w.Code)
		}
		list, _ := h.s.EmergencyAccesses(context.Background(), id)
		if len(list) != 1 || list[0].Reason != reason || !list[0].ExpiresAt.Equal(t0.Add(4*time.Hour)) {
			t.Errorf("emergency table %+v", list)
		}
		// A provider administrator cannot use the noodknop at all.
		if w := h.do(ab, "POST", "/clienten/"+idStr+"/noodtoegang", url.Values{"reden": {reason}}); w.Code != http.StatusForbidden {
			t.Errorf("aanbieder emergency: %d", w.Code)
		}
	})
}

func TestBSNHiddenWithoutLegalBasis(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		h := newHarness(t, d)
		id := h.seed()
		// aanbieder sees the client (own organisation) but not the BSN.
		w := h.do(ab, "GET", "/clienten/"+itoa(id), nil)
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "verborgen") || strings.Contains(w.Body.String(), "1234.56.782") {
			t.Errorf("aanbieder page: %d", w.Code)
		}
		_, m := h.json(ab, "GET", "/api/v1/clients/"+itoa(id), "")
		c := m["client"].(map[string]any)
		if _, ok := c["bsn"]; ok || c["name"] != "Zoë Ëlberg" {
			t.Errorf("aanbieder JSON %v", c)
		}
		_, m = h.json(zv, "GET", "/api/v1/clients/"+itoa(id), "")
		if c := m["client"].(map[string]any); c["bsn"] != "123456782" {
			t.Errorf("zorgverlener JSON %v", c)
		}
		if len(h.aud.find(audit.ActionRead, id)) != 3 {
			t.Errorf("reads audited: %+v", h.aud.Events())
		}
	})
}

func TestAuditFailureRefusesData(t *testing.T) {
	h := newHarness(t, dbtest.SQLite(t, sets()...))
	id := h.seed()
	h.aud.SetFail(true)
	w := h.do(zk, "GET", "/clienten/"+itoa(id), nil)
	if w.Code != http.StatusInternalServerError || strings.Contains(w.Body.String(), "Ëlberg") {
		t.Errorf("served without audit: %d", w.Code)
	}
	// A write whose audit fails is rolled back.
	w = h.do(zk, "POST", "/clienten/nieuw", url.Values{"naam": {"Niet opgeslagen"}, "regio": {"ZK-UTR"}})
	if w.Code != http.StatusInternalServerError {
		t.Errorf("create without audit: %d", w.Code)
	}
	var n int
	if err := h.d.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM clients WHERE name = 'Niet opgeslagen'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Error("client stored although its audit entry failed")
	}
}

func TestSearchPageByNameAndBSN(t *testing.T) {
	h := newHarness(t, dbtest.SQLite(t, sets()...))
	id := h.seed()
	for _, q := range []string{"zoe", "ËLBERG", "123456782", "1234 56 782"} {
		w := h.do(zk, "GET", "/clienten?zoek="+url.QueryEscape(q), nil)
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "/clienten/"+itoa(id)) {
			t.Errorf("search %q: %d", q, w.Code)
		}
	}
	w := h.do(zvElse, "GET", "/clienten?zoek=123456782", nil)
	if strings.Contains(w.Body.String(), "/clienten/"+itoa(id)) {
		t.Error("search found a client out of scope")
	}
	// Each search that showed the client names them; the empty one is
	// recorded without a client.
	if ev := h.aud.find(audit.ActionSearch, id); len(ev) != 4 {
		t.Errorf("searches audited with the client shown: %d, want 4", len(ev))
	}
	if ev := h.aud.find(audit.ActionSearch, 0); len(ev) != 1 {
		t.Errorf("empty searches audited: %d, want 1", len(ev))
	}
	for _, e := range h.aud.Events() {
		if strings.Contains(e.ObjectID+e.Reason, "1234") {
			t.Error("search query leaked into the audit log")
		}
	}
}

// TestBSNSearchOnlyWithLegalBasis: a provider administrator sees the
// client of its organisation by name, but a search by that client's BSN
// finds nobody (page and API) and the page says to search by name or
// birth date: a role without a basis for the BSN does not learn who has
// one by searching (issue 11).
func TestBSNSearchOnlyWithLegalBasis(t *testing.T) {
	h := newHarness(t, dbtest.SQLite(t, sets()...))
	id := h.seed()
	if w := h.do(ab, "GET", "/clienten?zoek=zoe", nil); !strings.Contains(w.Body.String(), "/clienten/"+itoa(id)) {
		t.Fatal("the aanbieder does not find its own client by name")
	}
	w := h.do(ab, "GET", "/clienten?zoek=123456782", nil)
	body := w.Body.String()
	if strings.Contains(body, "/clienten/"+itoa(id)) {
		t.Error("the aanbieder found a client by BSN")
	}
	if !strings.Contains(body, "Met uw rol zoekt u niet op BSN. Zoek op naam of geboortedatum.") || strings.Contains(body, "Zoek op naam, geboortedatum of BSN") {
		t.Error("the page does not tell the aanbieder to search by name or birth date")
	}
	_, m := h.json(ab, "GET", "/api/v1/clients?q=123456782", "")
	if cs, _ := m["clients"].([]any); len(cs) != 0 {
		t.Errorf("the API found a client by BSN for the aanbieder: %v", m)
	}
	if w := h.do(zk, "GET", "/clienten", nil); !strings.Contains(w.Body.String(), "Zoek op naam, geboortedatum of BSN") {
		t.Error("the care office's search no longer offers the BSN")
	}
}

func TestConsentAndRepresentativeForms(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		h := newHarness(t, d)
		id := h.seed()
		base := "/clienten/" + itoa(id)
		// The legal relations say so after a comma: in English the label
		// itself has brackets ("Guardian (curator)"), and a second pair
		// read "Guardian (curator) (legal representative)".
		for _, lang := range []string{"", "?lang=en"} {
			page := h.do(zv, "GET", base+"/vertegenwoordigers/nieuw"+lang, nil).Body.String()
			if strings.Contains(page, ") (") || !strings.Contains(page, ", ") {
				t.Errorf("representative form %q: the legal relations' labels read oddly", lang)
			}
		}
		// Representative authorisation.
		w := h.do(zv, "POST", base+"/vertegenwoordigers/nieuw", url.Values{"gebruikersnaam": {"onbekend"}, "relatie": {"oom"}})
		if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), "Vul de gebruikersnaam in van een bestaand account van een naaste.") || !strings.Contains(w.Body.String(), "Kies de relatie") {
			t.Errorf("bad representative form: %d", w.Code)
		}
		w = h.do(zv, "POST", base+"/vertegenwoordigers/nieuw", url.Values{"gebruikersnaam": {"zorgkan"}, "relatie": {"naaste"}})
		if w.Code != http.StatusUnprocessableEntity {
			t.Errorf("non-naaste account accepted: %d", w.Code)
		}
		// An end date in the past without a start date: the message says
		// the start is today, not "after the start date" nobody typed.
		w = h.do(zv, "POST", base+"/vertegenwoordigers/nieuw", url.Values{"gebruikersnaam": {"mentor"}, "relatie": {"mentor"}, "einddatum": {"01-01-2020"}})
		if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), "De einddatum moet na vandaag liggen") || !strings.Contains(w.Body.String(), `value="01-01-2020"`) {
			t.Errorf("representative ending in the past: %d", w.Code)
		}
		w = h.do(zv, "POST", base+"/vertegenwoordigers/nieuw", url.Values{"gebruikersnaam": {"mentor"}, "relatie": {"mentor"}, "mag_handelen": {"1"}})
		if w.Code != http.StatusSeeOther {
			t.Fatalf("representative: %d %s", w.Code, w.Body.String())
		}
		if ev := h.aud.find(audit.ActionGrant, id); len(ev) != 1 || ev[0].Object != "representative" {
			t.Errorf("grant audit %+v", ev)
		}
		// Consent given by the representative, shared with a naaste.
		w = h.do(zv, "POST", base+"/toestemmingen/nieuw", url.Values{"onderwerp": {"slaapgegevens"}, "ontvanger_soort": {"user"}, "ontvanger": {"naaste"},
			"grondslag": {"toestemming_vertegenwoordiger"}, "gegeven_door": {"901"}, "einddatum": {"01-01-2027"}})
		if w.Code != http.StatusSeeOther {
			t.Fatalf("consent: %d %s", w.Code, w.Body.String())
		}
		ok, _ := h.s.SharedWith(context.Background(), id, SubjectSleepData, 900, h.clock.Now())
		if !ok {
			t.Error("sharing not recorded")
		}
		// Invalid consent: representative basis without a representative who may act.
		w = h.do(zv, "POST", base+"/toestemmingen/nieuw", url.Values{"onderwerp": {"plan"}, "grondslag": {"toestemming_vertegenwoordiger"}, "einddatum": {"32-01-2027"}})
		body := w.Body.String()
		if w.Code != http.StatusUnprocessableEntity || !strings.Contains(body, "Kies de vertegenwoordiger die toestemming gaf") || !strings.Contains(body, "Vul de einddatum in als dd-mm-jjjj.") {
			t.Errorf("invalid consent: %d", w.Code)
		}
		// The record lists both, and withdrawal keeps the history.
		w = h.do(zv, "GET", base, nil)
		if !strings.Contains(w.Body.String(), "Noël de Mentor") || !strings.Contains(w.Body.String(), "Slaapgegevens") {
			t.Error("record lacks representative or consent")
		}
		cons, _ := h.s.Consents(context.Background(), id)
		w = h.do(zv, "POST", base+"/toestemmingen/"+itoa(cons[0].ID)+"/intrekken", url.Values{})
		if w.Code != http.StatusSeeOther {
			t.Fatalf("withdraw: %d", w.Code)
		}
		if w := h.do(zv, "POST", base+"/toestemmingen/"+itoa(cons[0].ID)+"/intrekken", url.Values{}); w.Code != http.StatusNotFound {
			t.Errorf("second withdraw: %d", w.Code)
		}
		if ev := h.aud.find(audit.ActionRevoke, id); len(ev) != 1 || ev[0].Object != "consent" {
			t.Errorf("revoke audit %+v", ev)
		}
		// Someone out of scope can change nothing, not even with emergency access.
		if w := h.do(zvElse, "POST", base+"/toestemmingen/nieuw", url.Values{"onderwerp": {"plan"}, "grondslag": {"toestemming_client"}}); w.Code != http.StatusForbidden {
			t.Errorf("out-of-scope consent: %d", w.Code)
		}
	})
}

func TestInzageForClientAndRepresentatives(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		h := newHarness(t, d)
		ctx := context.Background()
		id := h.seed()
		if err := h.s.LinkClientAccount(ctx, nil, 800, id); err != nil {
			t.Fatal(err)
		}
		if _, err := h.s.AddRepresentative(ctx, nil, Representative{ClientID: id, UserID: 900, Name: "Jörg Müller", Relation: RelNaaste, MayAct: true}); err != nil {
			t.Fatal(err)
		}
		if _, err := h.s.AddRepresentative(ctx, nil, Representative{ClientID: id, UserID: 901, Name: "Noël", Relation: RelCurator, MayAct: true}); err != nil {
			t.Fatal(err)
		}
		if _, err := h.s.AddRepresentative(ctx, nil, Representative{ClientID: id, UserID: 902, Name: "Buur", Relation: RelNaaste}); err != nil {
			t.Fatal(err)
		}
		if _, err := h.s.AddConsent(ctx, nil, Consent{ClientID: id, Subject: SubjectSleepMonitoring, Basis: BasisWzd, Note: "Wzd-besluit ‘nacht’ – 2026"}); err != nil {
			t.Fatal(err)
		}
		h.s.Sections = append(h.s.Sections, func(ctx context.Context, clientID int64) (Section, error) {
			return Section{Key: "sleep", Title: "Nachtrust", Fields: []Field{{Label: "Nachten", Value: "12"}},
				Tables: []SectionTable{{Caption: "Laatste nacht", Header: []string{"Datum", "Efficiëntie"}, Rows: [][]string{{"01-03-2026", "87,5 %"}}}}}, nil
		})
		client := &auth.Principal{UserID: 800, Role: auth.RoleClient, Scope: auth.Scope{ClientID: id}}
		naaste := &auth.Principal{UserID: 900, Role: auth.RoleNaaste, Scope: auth.Scope{Represents: []int64{id}}}
		curator := &auth.Principal{UserID: 901, Role: auth.RoleNaaste, Scope: auth.Scope{Represents: []int64{id}}}
		buur := &auth.Principal{UserID: 902, Role: auth.RoleNaaste, Scope: auth.Scope{Represents: []int64{id}}}

		w := h.do(client, "GET", "/mijn/gegevens", nil)
		body := w.Body.String()
		for _, want := range []string{"Zoë Ëlberg", "1234.56.782", "De Linde", "Jörg Müller", "Slaapmonitoring met sensoren", "Nachtrust", "87,5 %", "<h1>Mijn gegevens</h1>"} {
			if !strings.Contains(body, want) {
				t.Errorf("client inzage lacks %q", want)
			}
		}
		if ev := h.aud.find(audit.ActionRead, id); len(ev) != 1 || ev[0].Purpose != audit.PurposeClientAccess {
			t.Errorf("inzage audit %+v", ev)
		}
		// A naaste who may act sees the data but not the BSN; the audit names the client's account.
		w = h.do(naaste, "GET", "/mijn/gegevens", nil)
		if w.Code != http.StatusOK || strings.Contains(w.Body.String(), "1234.56.782") || !strings.Contains(w.Body.String(), "verborgen") {
			t.Errorf("naaste inzage: %d", w.Code)
		}
		// She reads about the client by name, never as the client (issue 11),
		// in both modes.
		for _, q := range []string{"", "?eenvoudig=1"} {
			b := h.do(naaste, "GET", "/mijn/gegevens"+q, nil).Body.String()
			if !strings.Contains(b, "<h1>Gegevens van Zoë Ëlberg</h1>") || strings.Contains(b, "Mijn gegevens</h1>") ||
				strings.Contains(b, "over u bewaart") || strings.Contains(b, "over u bewaren") {
				t.Errorf("naaste inzage%s addressed as the client", q)
			}
		}
		if ev := h.aud.find(audit.ActionRead, id); ev[len(ev)-1].OnBehalfOf != 800 {
			t.Errorf("on behalf of = %d", ev[len(ev)-1].OnBehalfOf)
		}
		// The curator (legal representative) sees the BSN.
		_, m := h.json(curator, "GET", "/api/v1/clients/me/export", "")
		if c := m["client"].(map[string]any); c["bsn"] != "123456782" {
			t.Errorf("curator export %v", c)
		}
		if sec := m["sections"].(map[string]any); sec["sleep"] == nil {
			t.Error("section missing in JSON export")
		}
		// A naaste without authorisation to act gets no inzage.
		w = h.do(buur, "GET", "/mijn/gegevens", nil)
		if strings.Contains(w.Body.String(), "Ëlberg") {
			t.Error("naaste without may_act saw the inzage")
		}
		if w := h.do(buur, "GET", "/mijn/gegevens?client="+itoa(id), nil); w.Code != http.StatusForbidden {
			t.Errorf("buur with ?client: %d", w.Code)
		}
		// JSON export for the client.
		w2, m := h.json(client, "GET", "/api/v1/clients/me/export", "")
		if w2.Code != http.StatusOK || m["client"].(map[string]any)["bsn"] != "123456782" || len(m["consents"].([]any)) != 1 || len(m["representatives"].([]any)) != 3 {
			t.Errorf("export %d %v", w2.Code, m)
		}
		if len(h.aud.find(audit.ActionExport, id)) != 2 {
			t.Error("exports not audited")
		}
		// The client withdraws the consent.
		cons, _ := h.s.Consents(ctx, id)
		if w := h.do(client, "POST", "/mijn/toestemmingen/"+itoa(cons[0].ID)+"/intrekken", url.Values{}); w.Code != http.StatusSeeOther {
			t.Errorf("client withdraw: %d", w.Code)
		}
		if ok, _ := h.s.HasBasis(ctx, id, SubjectSleepMonitoring, h.clock.Now()); ok {
			t.Error("withdrawn by the client but still active")
		}
		// Professional inzage with PDF.
		w = h.do(zv, "GET", "/clienten/"+itoa(id)+"/inzage.pdf", nil)
		if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "application/pdf" {
			t.Fatalf("pdf: %d %s", w.Code, w.Header().Get("Content-Type"))
		}
		text := pdfText(t, w.Body.Bytes())
		for _, want := range []string{"Inzage persoonsgegevens – Zoë Ëlberg", "1234.56.782", "Stichting Één", "Jörg Müller", "Noël", "Wzd-besluit ‘nacht’ – 2026", "Nachtrust", "Efficiëntie", "87,5 %", "Vertrouwelijk"} {
			if !strings.Contains(text, want) {
				t.Errorf("PDF text lacks %q", want)
			}
		}
		w = h.do(client, "GET", "/mijn/gegevens.pdf", nil)
		if w.Code != http.StatusOK || !strings.Contains(pdfText(t, w.Body.Bytes()), "1234.56.782") {
			t.Errorf("client pdf: %d", w.Code)
		}
	})
}

func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftotext (Debian poppler-utils) is required under CI")
		}
		t.Skip("pdftotext (poppler-utils) not installed")
	}
	path := filepath.Join(t.TempDir(), "x.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

func TestAPICreateAndList(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		h := newHarness(t, d)
		w, m := h.json(zv, "POST", "/api/v1/clients", `{"name":"Bram","bsn":"111222334","region":"ZK-UTR","care":"location:7"}`)
		if w.Code != http.StatusUnprocessableEntity || m["code"] != "bad_input" || problemField(m) != "bsn" || !strings.Contains(m["detail"].(string), "elfproef") {
			t.Errorf("invalid BSN: %d %v", w.Code, m)
		}
		w, m = h.json(zv, "POST", "/api/v1/clients", `{"name":"Bram","bsn":"111222333","region":"ZK-UTR","care":"location:99"}`)
		if w.Code != http.StatusUnprocessableEntity {
			t.Errorf("location out of scope accepted: %d %v", w.Code, m)
		}
		w, m = h.json(zv, "POST", "/api/v1/clients", `{"name":"Bram","bsn":"111222333","region":"zk-utr","birth_date":"2001-12-31","care":"location:7"}`)
		if w.Code != http.StatusCreated || m["bsn"] != "111222333" || m["region"] != "ZK-UTR" || m["birth_date"] != "2001-12-31" {
			t.Fatalf("create: %d %v", w.Code, m)
		}
		if w, _ := h.json(zv, "POST", "/api/v1/clients", `{"name":"X","unknown":1}`); w.Code != http.StatusBadRequest {
			t.Errorf("unknown field: %d", w.Code)
		}
		w, m = h.json(zv, "GET", "/api/v1/clients?q=bram", "")
		list := m["clients"].([]any)
		if w.Code != http.StatusOK || len(list) != 1 || list[0].(map[string]any)["name"] != "Bram" {
			t.Errorf("list: %d %v", w.Code, m)
		}
		if _, has := list[0].(map[string]any)["bsn"]; has {
			t.Error("list carries a BSN")
		}
		_, m = h.json(zvElse, "GET", "/api/v1/clients", "")
		if len(m["clients"].([]any)) != 0 {
			t.Error("list out of scope")
		}
		w, m = h.json(zvElse, "GET", "/api/v1/clients/"+itoa(int64(list[0].(map[string]any)["id"].(float64)))+"/export", "")
		if w.Code != http.StatusForbidden || m["code"] != "forbidden" {
			t.Errorf("export out of scope: %d %v", w.Code, m)
		}
		if w, _ := h.json(zv, "GET", "/api/v1/clients/424242", ""); w.Code != http.StatusNotFound {
			t.Errorf("missing client: %d", w.Code)
		}
	})
}

func TestNoBSNPlaintextInDatabaseFile(t *testing.T) {
	// The real audit log writes into the same file, so its entries are
	// searched too.
	d, path := dbtest.SQLitePath(t, Migrations(), audit.Migrations())
	h := newHarness(t, d)
	_, key, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	log, err := audit.New(d, h.clock, audit.Config{Key: key, InstanceID: "test"})
	if err != nil {
		t.Fatal(err)
	}
	h.s.aud = log
	bsns := []BSN{"123456782", "111222333", "012345672", "999999990"}
	for i, b := range bsns {
		if _, err := h.s.Create(context.Background(), nil, NewClient{Name: "Persoon " + string(rune('A'+i)), Region: "ZK-UTR", BSN: b}); err != nil {
			t.Fatal(err)
		}
	}
	// Also via the form, which sees the formatted input.
	if w := h.do(zk, "POST", "/clienten/nieuw", url.Values{"naam": {"Via formulier"}, "bsn": {"2345.67.892"}, "regio": {"ZK-UTR"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("form create: %d %s", w.Code, w.Body.String())
	}
	bsns = append(bsns, "234567892")
	// Read and search through the pages, then flush the audit log.
	if w := h.do(zk, "GET", "/clienten?zoek=123456782", nil); w.Code != http.StatusOK {
		t.Fatalf("search: %d", w.Code)
	}
	if err := log.Close(); err != nil {
		t.Fatal(err)
	}
	var entries int
	if err := d.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM audit_accesses`).Scan(&entries); err != nil || entries < 2 {
		t.Fatalf("audit entries: %d %v", entries, err)
	}
	var raw []byte
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		b, err := os.ReadFile(path + suffix)
		if err == nil {
			raw = append(raw, b...)
		}
	}
	if len(raw) == 0 {
		t.Fatal("could not read the database file")
	}
	// Make sure the search does work on this data: names are plaintext.
	if !strings.Contains(string(raw), "Persoon A") {
		t.Fatal("names not found in the raw file; the search below would prove nothing")
	}
	for _, b := range bsns {
		for _, form := range []string{b.Digits(), b.Formatted(), b.Digits()[:3] + " " + b.Digits()[3:6] + " " + b.Digits()[6:], b.Digits()[:4] + " " + b.Digits()[4:6] + " " + b.Digits()[6:]} {
			if strings.Contains(string(raw), form) {
				t.Errorf("BSN plaintext %q found in the database file", form)
			}
		}
	}
}

func TestCatalogComplete(t *testing.T) {
	h := newHarness(t, dbtest.SQLite(t, sets()...))
	var keys []string
	entries, _ := templateFS.ReadDir("templates")
	for _, e := range entries {
		b, _ := templateFS.ReadFile("templates/" + e.Name())
		s := string(b)
		for _, marker := range []string{`.T "`, `"Label" "`, `"Hint" "`} {
			for rest := s; ; {
				i := strings.Index(rest, marker)
				if i < 0 {
					break
				}
				rest = rest[i+len(marker):]
				j := strings.Index(rest, `"`)
				keys = append(keys, rest[:j])
			}
		}
	}
	for _, r := range []Relation{RelNaaste, RelCurator, RelMentor, RelBewindvoerder} {
		keys = append(keys, r.Label())
	}
	for _, b := range []Basis{BasisClient, BasisRepresentative, BasisWzd} {
		keys = append(keys, b.Label())
	}
	for _, s := range Subjects() {
		keys = append(keys, s.Label())
	}
	for _, k := range []CareKind{CareOrganisation, CareLocation, CareTeam, CareSupporter} {
		keys = append(keys, CareRelation{Kind: k}.KindLabel())
	}
	for _, m := range flashes {
		keys = append(keys, m)
	}
	if len(keys) < 100 {
		t.Fatalf("only %d texts found; the extraction is broken", len(keys))
	}
	tr := translations()
	var missing []string
	for _, k := range keys {
		if _, ok := tr[k]; !ok {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		t.Errorf("no English for: %q", missing)
	}
	if got := h.s.rd.Catalog.Translate("en", "Vul een geldig BSN in: 9 cijfers die voldoen aan de elfproef."); !strings.HasPrefix(got, "Enter a valid BSN") {
		t.Errorf("catalog not registered with the renderer: %q", got)
	}
}

func strconvI(n int64) string { return strconv.FormatInt(n, 10) }

func parseI(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

func TestEditAndRevokeRepresentative(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		h := newHarness(t, d)
		ctx := context.Background()
		id := h.seed()
		base := "/clienten/" + itoa(id)
		w := h.do(zv, "GET", base+"/bewerken", nil)
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `value="123456782"`) || !strings.Contains(w.Body.String(), `value="01-02-1990"`) {
			t.Fatalf("edit form: %d", w.Code)
		}
		form := url.Values{"naam": {"Zoë Elberg-de Vries"}, "geboortedatum": {"1990-02-01"}, "bsn": {"111222333"}, "regio": {"ZK-UTR"}, "telefoon": {"06-12345678"}}
		if w := h.do(zv, "POST", base+"/bewerken", form); w.Code != http.StatusSeeOther {
			t.Fatalf("update: %d %s", w.Code, w.Body.String())
		}
		c, _ := h.s.Get(ctx, id)
		if c.Name != "Zoë Elberg-de Vries" || c.BSN != "111222333" || c.Phone != "06-12345678" {
			t.Errorf("after update %+v", c)
		}
		if len(h.aud.find(audit.ActionUpdate, id)) != 1 {
			t.Error("update not audited")
		}
		// The provider administrator may edit but not see, so not change, the BSN.
		form.Set("bsn", "")
		form.Set("naam", "Zoë E.")
		if w := h.do(ab, "POST", base+"/bewerken", form); w.Code != http.StatusSeeOther {
			t.Fatalf("aanbieder update: %d", w.Code)
		}
		if c, _ := h.s.Get(ctx, id); c.BSN != "111222333" || c.Name != "Zoë E." {
			t.Errorf("aanbieder changed the BSN: %+v", c)
		}
		if w := h.do(ab, "GET", base+"/bewerken", nil); strings.Contains(w.Body.String(), "111222333") {
			t.Error("edit form shows the BSN to the provider administrator")
		}
		// Revoke a representative through the page.
		rid, _ := h.s.AddRepresentative(ctx, nil, Representative{ClientID: id, UserID: 900, Name: "Jörg", Relation: RelNaaste, MayAct: true})
		if w := h.do(zv, "POST", base+"/vertegenwoordigers/"+itoa(rid)+"/intrekken", url.Values{}); w.Code != http.StatusSeeOther {
			t.Fatalf("revoke: %d", w.Code)
		}
		if _, reps, _ := h.s.ScopeFor(ctx, 900); len(reps) != 0 {
			t.Errorf("still represents %v", reps)
		}
		if ev := h.aud.find(audit.ActionRevoke, id); len(ev) != 1 || ev[0].Object != "representative" {
			t.Errorf("revoke audit %+v", ev)
		}
		// C.O.T. members do not edit records.
		cot := &auth.Principal{UserID: 30, Role: auth.RoleCOT, Scope: auth.Scope{Teams: []int64{1}}}
		if w := h.do(cot, "GET", base+"/bewerken", nil); w.Code != http.StatusForbidden {
			t.Errorf("cot edit: %d", w.Code)
		}
	})
}

func TestRepresentativeOfSeveralClientsChoosesAndWithdraws(t *testing.T) {
	h := newHarness(t, dbtest.SQLite(t, sets()...))
	ctx := context.Background()
	a := h.seed()
	b, _ := h.s.Create(ctx, nil, NewClient{Name: "Broer Bas", Region: "ZK-UTR"})
	for _, id := range []int64{a, b} {
		if _, err := h.s.AddRepresentative(ctx, nil, Representative{ClientID: id, UserID: 900, Name: "Ouder", Relation: RelMentor, MayAct: true}); err != nil {
			t.Fatal(err)
		}
	}
	cid, _ := h.s.AddConsent(ctx, nil, Consent{ClientID: b, Subject: SubjectPlan, Basis: BasisRepresentative, GivenBy: 900})
	mentor := &auth.Principal{UserID: 900, Role: auth.RoleNaaste, Scope: auth.Scope{Represents: []int64{a, b}}}
	w := h.do(mentor, "GET", "/mijn/gegevens", nil)
	if body := w.Body.String(); !strings.Contains(body, "/mijn/gegevens?client="+itoa(a)) || !strings.Contains(body, "Broer Bas") || strings.Contains(body, "1234.56.782") {
		t.Fatalf("chooser: %d", w.Code)
	}
	if len(h.aud.Events()) != 0 {
		t.Errorf("chooser audited as a read of personal data: %+v", h.aud.Events())
	}
	w = h.do(mentor, "GET", "/mijn/gegevens?client="+itoa(b), nil)
	action := "/mijn/toestemmingen/" + itoa(cid) + "/intrekken?client=" + itoa(b)
	if !strings.Contains(w.Body.String(), `action="`+action+`"`) {
		t.Fatalf("withdraw form lacks %s", action)
	}
	if w := h.do(mentor, "POST", action, url.Values{}); w.Code != http.StatusSeeOther {
		t.Fatalf("withdraw: %d", w.Code)
	}
	if ok, _ := h.s.HasBasis(ctx, b, SubjectPlan, h.clock.Now()); ok {
		t.Error("not withdrawn")
	}
	if ev := h.aud.find(audit.ActionRevoke, b); len(ev) != 1 || ev[0].Purpose != audit.PurposeClientAccess {
		t.Errorf("revoke audit %+v", ev)
	}
	// Emergency access is not granted to someone already in scope.
	if w := h.do(zk, "POST", "/clienten/"+itoa(a)+"/noodtoegang", url.Values{"reden": {"dit is een reden"}}); w.Code != http.StatusSeeOther {
		t.Errorf("in-scope emergency: %d", w.Code)
	}
	if list, _ := h.s.EmergencyAccesses(ctx, a); len(list) != 0 {
		t.Error("emergency access recorded for a professional in scope")
	}
}

func TestProviderAdministratorRegistersWithoutBSN(t *testing.T) {
	h := newHarness(t, dbtest.SQLite(t, sets()...))
	if w := h.do(ab, "GET", "/clienten/nieuw", nil); strings.Contains(w.Body.String(), `name="bsn"`) {
		t.Error("BSN field shown to aanbieder")
	}
	w, m := h.json(ab, "POST", "/api/v1/clients", `{"name":"Met BSN","bsn":"123456782","region":"ZK-UTR"}`)
	if w.Code != http.StatusUnprocessableEntity || problemField(m) != "bsn" {
		t.Errorf("aanbieder recorded a BSN: %d %v", w.Code, m)
	}
	w, m = h.json(ab, "POST", "/api/v1/clients", `{"name":"Zonder BSN","region":"ZK-UTR"}`)
	if w.Code != http.StatusCreated {
		t.Fatalf("aanbieder create: %d %v", w.Code, m)
	}
	// One organisation in scope: the care relation is implied, so the new
	// client is in the creator's list.
	_, m = h.json(ab, "GET", "/api/v1/clients", "")
	if len(m["clients"].([]any)) != 1 {
		t.Errorf("created client not in the creator's scope: %v", m)
	}
}

func TestInzageEasyRead(t *testing.T) {
	h := newHarness(t, dbtest.SQLite(t, sets()...))
	id := h.seed()
	if err := h.s.LinkClientAccount(context.Background(), nil, 800, id); err != nil {
		t.Fatal(err)
	}
	client := &auth.Principal{UserID: 800, Role: auth.RoleClient, Scope: auth.Scope{ClientID: id}}
	w := h.do(client, "GET", "/mijn/gegevens?eenvoudig=1", nil)
	if !strings.Contains(w.Body.String(), "U mag dit altijd zien.") || strings.Contains(w.Body.String(), "artikel 15 AVG") {
		t.Error("easy-read intro missing")
	}
	w = h.do(client, "GET", "/mijn/gegevens", nil)
	if strings.Contains(w.Body.String(), "U mag dit altijd zien.") {
		t.Error("easy-read text in the standard page")
	}
}

// problemField is the first field an RFC 9457 problem's invalid-params
// names, "" when it names none.
func problemField(m map[string]any) string {
	ps, _ := m["invalid-params"].([]any)
	if len(ps) == 0 {
		return ""
	}
	name, _ := ps[0].(map[string]any)["name"].(string)
	return name
}
