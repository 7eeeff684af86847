package placement

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
	"github.com/volwaardig/volwaardig/internal/testkit"
	"github.com/volwaardig/volwaardig/internal/web"
)

// A provider deciding on a proposal can call or mail the care office's
// contact from the page; the client and the relative read who their vaste
// contactpersoon is and can call them, on the standard and the easy-read
// page, in Dutch and English (issue 11: the page gave a name, no number).
func TestContactCanBeCalled(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		rt, do := f.server(t)
		ctx := context.Background()
		if _, err := d.ExecContext(ctx, `INSERT INTO users (id, username, display_name, role, organisation, email, phone, created_at) VALUES (1, 'pj', 'Pieter Jansen', 'zorgkantoor', 'Zorgkantoor Utrecht', 'p.jansen@zk.example', '030 299 0101', $1)`, t0); err != nil {
			t.Fatal(err)
		}
		p := f.person(0)
		p.Dossierhouder = "Zorgkantoor Utrecht, team complexe zorg"
		a := f.register(t, p)
		f.propose(t, a, f.place(t, f.orgA, f.locA, 2, nil))
		code, body := do(f.prov, http.MethodGet, "/complexe-zorg/voorstellen", nil)
		for _, want := range []string{"Contact bij het zorgkantoor", "Pieter Jansen, Zorgkantoor Utrecht", `<a href="tel:&#43;31302990101">030 299 0101</a>`, `<a href="mailto:p.jansen@zk.example">p.jansen@zk.example</a>`} {
			if !strings.Contains(body, want) {
				t.Errorf("provider's proposal (%d) lacks %q", code, want)
			}
		}
		client := &auth.Principal{UserID: 101, Role: auth.RoleClient, Scope: auth.Scope{ClientID: f.clients[0]}}
		naaste := &auth.Principal{UserID: 102, Role: auth.RoleNaaste, Scope: auth.Scope{Represents: []int64{f.clients[0]}}}
		get := func(p *auth.Principal, easy bool, lang string) string {
			t.Helper()
			path := "/mijn/plaatsing"
			if lang != "" {
				path += "?lang=" + lang
			}
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
		tel := `<a href="tel:&#43;31302990101">030 299 0101</a>`
		for _, tc := range []struct {
			who   *auth.Principal
			easy  bool
			lang  string
			wants []string
		}{
			{client, false, "", []string{"Vaste contactpersoon", "Pieter Jansen, Zorgkantoor Utrecht", tel, "mailto:p.jansen@zk.example", "Zorgkantoor Utrecht, team complexe zorg"}},
			{client, true, "", []string{"Wie helpt mij?", "Pieter Jansen van het zorgkantoor helpt u.", "Bel Pieter Jansen: " + tel, "Mail Pieter Jansen:"}},
			{client, true, "en", []string{"Pieter Jansen of the care office helps you.", "Call Pieter Jansen: " + tel}},
			{naaste, true, "", []string{"Wie helpt Cliënt A?", "Pieter Jansen van het zorgkantoor helpt Cliënt A.", "Bel Pieter Jansen: " + tel}},
			{naaste, false, "", []string{"Vaste contactpersoon", tel}},
		} {
			body := get(tc.who, tc.easy, tc.lang)
			for _, want := range tc.wants {
				if !strings.Contains(body, want) {
					t.Errorf("%s (easy %v, lang %q) lacks %q", tc.who.Role, tc.easy, tc.lang, want)
				}
			}
			if strings.Contains(body, "Pieter Jansen van het zorgkantoor helpt u") && tc.who == naaste {
				t.Error("the relative is addressed as the client")
			}
		}
		// A case whose contact no longer speaks for the care office (here
		// the account became a crisis team's) promises no number and names
		// the care office instead.
		if _, err := d.ExecContext(ctx, `UPDATE users SET role = 'cot' WHERE id = 1`); err != nil {
			t.Fatal(err)
		}
		body = get(client, true, "")
		if strings.Contains(body, "tel:") || !strings.Contains(body, "Er is nog geen vaste contactpersoon.") {
			t.Errorf("a case without a care-office contact: %v", strings.Contains(body, "tel:"))
		}
	})
}

// A proposal sent from a batch run names its sender as the care office's
// contact, with the number to call (before, a batch proposal had no
// author, so the provider read no contact at all).
func TestBatchProposalHasContact(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		if _, err := d.ExecContext(ctx, `INSERT INTO users (id, username, display_name, role, organisation, phone, created_at) VALUES (1, 'pj', 'Pieter Jansen', 'zorgkantoor', 'Zorgkantoor Utrecht', '030 299 0101', $1)`, t0); err != nil {
			t.Fatal(err)
		}
		f.register(t, f.person(0))
		f.place(t, f.orgA, f.locA, 1, nil)
		run, err := f.s.StartRun(ctx, f.zk, "ZK11", false)
		if err != nil {
			t.Fatal(err)
		}
		if n, err := f.s.SendRun(ctx, f.zk, run); err != nil || n != 1 {
			t.Fatalf("send run: %d %v", n, err)
		}
		ps, err := newStore(d).listProposals(ctx, d, "pp.run_id = $1 AND pp.status = 'open'", run)
		if err != nil || len(ps) != 1 {
			t.Fatalf("open proposals of the run: %v %v", ps, err)
		}
		det, err := f.s.store.proposalDetails(ctx, []int64{ps[0].ID})
		if err != nil {
			t.Fatal(err)
		}
		if c := det[ps[0].ID]; c.ContactName != "Pieter Jansen" || c.ContactTel() != "tel:+31302990101" {
			t.Errorf("batch proposal contact %+v", c)
		}
	})
}

// The vaste contactpersoon is a field of the case (issue 11): the care
// office chooses it by name from its colleagues of the case's region, with
// every error of the form at once, the change kept in the history; the
// client's page (standard and easy-read) and the provider's proposal name
// that person with tel: and mailto: links; a case without one names the
// region's care office; an import names it by user name or e-mail.
func TestCaseContactChosenByName(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		rt, do := f.server(t)
		ctx := context.Background()
		world := testkit.NewWorld(t, d)
		world.Organisation("Zorgkantoor Utrecht", "zorgkantoor", "ZK11")
		for _, u := range []struct {
			id                                  int64
			user, name, role, region, mail, tel string
		}{
			{1, "pj", "Pieter Jansen", "zorgkantoor", "ZK11", "", ""},
			{5, "avries", "Anna de Vries", "zorgkantoor", "ZK11", "a.devries@zk.example", "030 299 0105"},
			{6, "kbos", "Kees Bos", "zorgkantoor", "ZK16", "", ""},
			{7, "dsmit", "Daan Smit", "cot", "ZK11", "", ""},
		} {
			if _, err := d.ExecContext(ctx, `INSERT INTO users (id, username, display_name, role, organisation, email, phone, created_at) VALUES ($1, $2, $3, $4, '', $5, $6, $7)`,
				u.id, u.user, u.name, u.role, u.mail, u.tel, t0); err != nil {
				t.Fatal(err)
			}
			if _, err := d.ExecContext(ctx, `INSERT INTO user_scopes (user_id, kind, value) VALUES ($1, 'region', $2)`, u.id, u.region); err != nil {
				t.Fatal(err)
			}
		}
		a := f.register(t, f.person(0))
		if c, err := f.s.store.getCase(ctx, d, a, ""); err != nil || c.ContactUser != 1 {
			t.Fatalf("the registering care-office employee is the default contact: %d %v", c.ContactUser, err)
		}
		path := "/complexe-zorg/personen/" + strconv.FormatInt(a, 10)
		code, body := do(f.zk, http.MethodGet, path, nil)
		// The picker offers the region's care-office staff by name, not
		// another region's nor a crisis team's account.
		for _, want := range []string{`<option value="5">Anna de Vries</option>`, `<option value="1" selected>Pieter Jansen</option>`} {
			if !strings.Contains(body, want) {
				t.Errorf("person page (%d) lacks %q", code, want)
			}
		}
		for _, not := range []string{"Kees Bos", "Daan Smit"} {
			if strings.Contains(body, not) {
				t.Errorf("the picker offers %s", not)
			}
		}
		form := url.Values{"zorgprofiel": {"VG7"}, "wzd": {"geen"}, "wachtstatus": {"actief"}, "max_afstand_km": {"dertig"}, "contactpersoon": {"6"}}
		code, body = do(f.zk, http.MethodPost, path+"/gegevens", form)
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Kies de vaste contactpersoon uit de medewerkers van het zorgkantoor van deze regio.") ||
			!strings.Contains(body, "Schrijf de maximale afstand") {
			t.Fatalf("another region's employee and a bad distance, both named at once: %d", code)
		}
		form.Set("max_afstand_km", "")
		for _, bad := range []string{"7", "Anna"} {
			form.Set("contactpersoon", bad)
			if code, _ = do(f.zk, http.MethodPost, path+"/gegevens", form); code != http.StatusUnprocessableEntity {
				t.Errorf("contactpersoon %q accepted: %d", bad, code)
			}
		}
		form.Set("contactpersoon", "5")
		if code, _ = do(f.zk, http.MethodPost, path+"/gegevens", form); code != http.StatusSeeOther {
			t.Fatalf("choose Anna: %d", code)
		}
		cs, err := f.s.store.listChanges(ctx, d, a)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, c := range cs {
			found = found || c.Field == "Vaste contactpersoon" && c.Old == "Pieter Jansen" && c.New == "Anna de Vries"
		}
		if !found {
			t.Errorf("history lacks the change of contact person: %+v", cs)
		}
		f.propose(t, a, f.place(t, f.orgA, f.locA, 2, nil))
		tel := `<a href="tel:&#43;31302990105">030 299 0105</a>`
		_, body = do(f.prov, http.MethodGet, "/complexe-zorg/voorstellen", nil)
		if !strings.Contains(body, "Anna de Vries") || !strings.Contains(body, tel) {
			t.Error("the provider's proposal does not name the case's contact person with her number")
		}
		client := &auth.Principal{UserID: 101, Role: auth.RoleClient, Scope: auth.Scope{ClientID: f.clients[0]}}
		get := func(easy bool, lang string) string {
			t.Helper()
			req := httptest.NewRequest("GET", "/mijn/plaatsing?lang="+lang, nil)
			if easy {
				req.AddCookie(&http.Cookie{Name: web.EasyReadCookie, Value: "1"})
			}
			req = req.WithContext(auth.WithPrincipal(req.Context(), client))
			rec := newRecorder()
			rt.ServeHTTP(rec, req)
			return rec.body.String()
		}
		if b := get(false, "nl"); !strings.Contains(b, "Anna de Vries") || !strings.Contains(b, tel) || !strings.Contains(b, "mailto:a.devries@zk.example") {
			t.Error("the client's page does not name Anna with her number and address")
		}
		if b := get(true, "nl"); !strings.Contains(b, "Bel Anna de Vries: "+tel) {
			t.Error("the easy-read page does not say whom to call")
		}
		// No contact person: the page says whom to contact instead.
		form.Set("contactpersoon", "")
		if code, _ = do(f.zk, http.MethodPost, path+"/gegevens", form); code != http.StatusSeeOther {
			t.Fatalf("clear the contact: %d", code)
		}
		for _, tc := range []struct {
			easy       bool
			lang, want string
		}{
			{false, "nl", "Met vragen kunt u terecht bij Zorgkantoor Utrecht."},
			{true, "nl", "Hebt u een vraag? Vraag het aan Zorgkantoor Utrecht."},
			{true, "en", "Do you have a question? Ask Zorgkantoor Utrecht."},
		} {
			if b := get(tc.easy, tc.lang); !strings.Contains(b, tc.want) || strings.Contains(b, "tel:") {
				t.Errorf("without a contact (easy %v, %s) the page lacks %q", tc.easy, tc.lang, tc.want)
			}
		}
		// An import names the contact by user name or e-mail address; a
		// colleague of another region is named as the column's error.
		rows, err := ParseImportCSV([]byte("client_id;regio;zorgprofiel;wachtstatus;aangemeld;contactpersoon\n" +
			itoa(f.clients[1]) + ";ZK11;VG7;actief;01-01-2026;A.deVries@zk.example\n" +
			itoa(f.clients[2]) + ";ZK11;VG7;actief;01-01-2026;kbos\n" +
			itoa(f.clients[3]) + ";ZK11;VG7;actief;01-01-2026;\n"))
		if err != nil {
			t.Fatal(err)
		}
		checked, err := f.s.CheckImport(ctx, f.zk, rows)
		if err != nil {
			t.Fatal(err)
		}
		if checked[0].Person.ContactUser != 5 || len(checked[0].Errors) != 0 {
			t.Errorf("row by e-mail: %d %v", checked[0].Person.ContactUser, checked[0].Errors)
		}
		if len(checked[1].Errors) != 1 || !strings.HasPrefix(checked[1].Errors[0], "contactpersoon: er is geen medewerker van het zorgkantoor van regio Utrecht (ZK11)") {
			t.Errorf("another region's colleague: %v", checked[1].Errors)
		}
		rows = append(rows[:1], rows[2:]...)
		if n, err := f.s.ImportRows(ctx, f.zk, rows); err != nil || n != 2 {
			t.Fatalf("import: %d %v", n, err)
		}
		got := map[int64]int64{}
		qr, err := d.QueryContext(ctx, `SELECT client_id, contact_user_id FROM placement_cases WHERE client_id IN ($1, $2)`, f.clients[1], f.clients[3])
		if err != nil {
			t.Fatal(err)
		}
		defer qr.Close()
		for qr.Next() {
			var c, u int64
			if err := qr.Scan(&c, &u); err != nil {
				t.Fatal(err)
			}
			got[c] = u
		}
		if got[f.clients[1]] != 5 || got[f.clients[3]] != 1 {
			t.Errorf("imported contacts %v: want Anna (5) as named and the importer (1) by default", got)
		}
		// The API offers the same choice and refuses the same wrong one,
		// named by its JSON field.
		api := func(p *auth.Principal, method, path, body string) (int, string) {
			rec := newRecorder()
			rt.ServeHTTP(rec, newJSONRequest(method, path, body, p))
			return rec.code, rec.body.String()
		}
		base := "/api/v1/placement/cases/" + strconv.FormatInt(a, 10)
		if code, body := api(f.zk, http.MethodGet, base+"/contacts", ""); code != http.StatusOK || !strings.Contains(body, `"name": "Anna de Vries"`) || strings.Contains(body, "Kees Bos") {
			t.Errorf("contacts API: %d %s", code, body)
		}
		if code, _ := api(f.prov, http.MethodGet, base+"/contacts", ""); code == http.StatusOK {
			t.Error("a provider lists the care office's staff")
		}
		if code, body := api(f.zk, http.MethodPost, base+"/changes", `{"contact_user_id":6,"max_distance_km":-1}`); code != http.StatusUnprocessableEntity ||
			!strings.Contains(body, `"contact_user_id"`) || !strings.Contains(body, `"max_distance_km"`) {
			t.Errorf("API edit with another region's employee: %d %s", code, body)
		}
		if code, body := api(f.zk, http.MethodPost, base+"/changes", `{"contact_user_id":5}`); code != http.StatusOK || !strings.Contains(body, "Anna de Vries") {
			t.Errorf("API edit choosing Anna: %d %s", code, body)
		}
		// A case the crisis director hands over has no contact until the
		// care office chooses one: the person page says so and offers the
		// region's staff, none chosen.
		res, err := f.handover(crisisDirector(), HandoverRequest{ClientID: f.clients[2], Region: "ZK11", Profile: "VG7", Dossierhouder: "D", Reason: "R"})
		if err != nil {
			t.Fatal(err)
		}
		_, body = do(f.zk, http.MethodGet, "/complexe-zorg/personen/"+strconv.FormatInt(res.CaseID, 10), nil)
		if !strings.Contains(body, "Nog niet gekozen (bij Gegevens wijzigen)") || !strings.Contains(body, `<option value="5">Anna de Vries</option>`) || strings.Contains(body, " selected>Pieter Jansen") {
			t.Error("a handed-over case does not say its contact person is still to be chosen")
		}
	})
}
