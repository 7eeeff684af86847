package placement

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
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
		// A case no care-office account registered (here: by the crisis
		// team's account) names its dossierhouder, with no number to
		// promise.
		if _, err := d.ExecContext(ctx, `UPDATE users SET role = 'cot' WHERE id = 1`); err != nil {
			t.Fatal(err)
		}
		body = get(client, true, "")
		if strings.Contains(body, "tel:") || !strings.Contains(body, "Vaste contactpersoon: Zorgkantoor Utrecht, team complexe zorg.") {
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
