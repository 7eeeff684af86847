package placement

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
)

// The operations of the pages that had no JSON counterpart: the client's
// own case and history, wishes, objection, follow-up, reassessment, import
// with preview and confirmation, the escalated cases and the list of runs.
func TestAPIParity(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		rt, _ := f.server(t)
		ctx := context.Background()
		call := func(p *auth.Principal, method, path, contentType, body string) (int, map[string]any) {
			t.Helper()
			req, _ := http.NewRequest(method, path, strings.NewReader(body))
			if contentType != "" {
				req.Header.Set("Content-Type", contentType)
			}
			req = req.WithContext(auth.WithPrincipal(req.Context(), p))
			rec := newRecorder()
			rt.ServeHTTP(rec, req)
			var out map[string]any
			if err := json.Unmarshal([]byte(rec.body.String()), &out); err != nil {
				t.Fatalf("%s %s: not JSON (%d): %s", method, path, rec.code, rec.body.String())
			}
			return rec.code, out
		}
		client := &auth.Principal{UserID: 101, Role: auth.RoleClient, Scope: auth.Scope{ClientID: f.clients[0]}}
		naaste := &auth.Principal{UserID: 102, Role: auth.RoleNaaste, Scope: auth.Scope{Represents: []int64{f.clients[0]}}}
		stranger := &auth.Principal{UserID: 103, Role: auth.RoleClient, Scope: auth.Scope{ClientID: f.clients[1]}}
		p := f.person(0)
		p.Waiting = WachtOpVoorkeur
		id := f.register(t, p)
		path := "/api/v1/placement/cases/" + itoa(id)

		// The client reads their own case with its history; another client cannot.
		code, out := call(client, "GET", path, "", "")
		if code != http.StatusOK || len(out["history"].([]any)) != 2 {
			t.Fatalf("own case: %d %v", code, out)
		}
		if code, _ := call(stranger, "GET", path, "", ""); code != http.StatusNotFound {
			t.Errorf("another client's case: %d", code)
		}
		// Wishes in their own words, the client's and the family's apart.
		if code, out := call(client, "POST", path+"/wishes", "", `{"text":"Dicht bij mijn zus"}`); code != http.StatusOK {
			t.Fatalf("client wishes: %d %v", code, out)
		}
		if code, out := call(naaste, "POST", path+"/wishes", "", `{"text":"Een rustige groep"}`); code != http.StatusOK {
			t.Fatalf("family wishes: %d %v", code, out)
		}
		if code, _ := call(stranger, "POST", path+"/wishes", "", `{"text":"x"}`); code != http.StatusNotFound {
			t.Errorf("stranger's wishes: %d", code)
		}
		c, _ := newStore(d).getCase(ctx, d, id, "")
		if c.WishesClient != "Dicht bij mijn zus" || c.WishesFamily != "Een rustige groep" {
			t.Errorf("wishes %q %q", c.WishesClient, c.WishesFamily)
		}
		// Objection to Wacht op voorkeur.
		if code, out := call(client, "POST", path+"/objection", "", `{"text":""}`); code != http.StatusUnprocessableEntity {
			t.Errorf("empty objection: %d %v", code, out)
		}
		if code, out := call(client, "POST", path+"/objection", "", `{"text":"Ik wil niet wachten"}`); code != http.StatusCreated {
			t.Fatalf("objection: %d %v", code, out)
		}
		// Upheld for a case registered as Wacht op voorkeur: the search is active.
		if code, out := call(f.zk, "POST", "/api/v1/placement/agenda/"+itoa(id)+"/decision", "", `{"agenda":"bezwaar","decision":"bezwaar_gegrond","note":"Terecht"}`); code != http.StatusOK {
			t.Fatalf("uphold: %d %v", code, out)
		}
		if c, _ := newStore(d).getCase(ctx, d, id, ""); c.Waiting != ActiefPlaatsen || c.Objection != "" {
			t.Errorf("after upholding: waiting %s, objection %q", c.Waiting, c.Objection)
		}
		// Follow-up before the move is a conflict; the field and message say why.
		code, out = call(f.zk, "POST", path+"/followups", "", `{"months":3,"outcome":"stabiel"}`)
		if code != http.StatusConflict {
			t.Errorf("follow-up before the move: %d %v", code, out)
		}
		if code, out := call(f.zk, "POST", path+"/followups", "", `{"months":4,"outcome":"stabiel"}`); code != http.StatusUnprocessableEntity {
			t.Errorf("follow-up at 4 months: %d %v", code, out)
		}
		// Reassessment, then visible in the case.
		if code, out := call(f.zk, "POST", path+"/reassessments", "", `{"profile":"VG9","note":"x"}`); code != http.StatusUnprocessableEntity || out["invalid-params"].([]any)[0].(map[string]any)["name"] != "profile" {
			t.Errorf("reassessment with an unknown profile: %d %v", code, out)
		}
		if code, out := call(f.zk, "POST", path+"/reassessments", "", `{"profile":"vg8","meerzorg":true,"note":"CIZ-besluit"}`); code != http.StatusCreated {
			t.Fatalf("reassessment: %d %v", code, out)
		}
		_, out = call(f.zk, "GET", path, "", "")
		if ra := out["reassessments"].([]any); len(ra) != 1 || ra[0].(map[string]any)["new_profile"] != "VG8" {
			t.Errorf("reassessments %v", out["reassessments"])
		}

		// Import: the preview stores nothing; an error keeps the confirmation from storing.
		head := "client_id;regio;zorgprofiel;wachtstatus;aangemeld\n"
		bad := head + itoa(f.clients[1]) + ";ZK11;VG7;urgent;01-02-2026\n" + itoa(f.clients[2]) + ";ZK11;VG7;urgent;30-02-2026\n"
		code, out = call(f.zk, "POST", "/api/v1/placement/imports?confirm=1", "text/csv", bad)
		if code != http.StatusUnprocessableEntity {
			t.Errorf("confirm with an error: %d %v", code, out)
		}
		code, out = call(f.zk, "POST", "/api/v1/placement/imports", "text/csv", bad)
		if code != http.StatusOK || out["invalid"].(float64) != 1 || out["stored"].(float64) != 0 {
			t.Fatalf("preview: %d %v", code, out)
		}
		rows := out["rows"].([]any)
		if errs := rows[1].(map[string]any)["errors"].([]any); len(errs) != 1 || !strings.HasPrefix(errs[0].(string), "aangemeld:") {
			t.Errorf("row 3 errors %v", errs)
		}
		count := func() int {
			var n int
			_ = d.QueryRowContext(ctx, `SELECT COUNT(*) FROM placement_cases`).Scan(&n)
			return n
		}
		if count() != 1 {
			t.Fatalf("%d cases after preview and refused confirmation", count())
		}
		good := head + itoa(f.clients[1]) + ";ZK11;VG7;urgent;01-02-2026\n"
		if code, out := call(f.zk, "POST", "/api/v1/placement/imports", "text/csv", good); code != http.StatusOK || count() != 1 {
			t.Fatalf("good preview: %d %v, %d cases", code, out, count())
		}
		if code, out := call(f.zk, "POST", "/api/v1/placement/imports?confirm=1", "text/csv", good); code != http.StatusOK || out["stored"].(float64) != 1 || count() != 2 {
			t.Fatalf("confirm: %d %v, %d cases", code, out, count())
		}
		if code, _ := call(f.zk, "POST", "/api/v1/placement/imports", "text/csv", "kolom\n1\n"); code != http.StatusUnprocessableEntity {
			t.Errorf("unreadable list: %d", code)
		}

		// Escalated cases, audited; the list of runs.
		p2 := f.person(2)
		p2.Deadline = t0.AddDate(0, 0, 1)
		esc := f.register(t, p2)
		f.clock.Advance(40 * 24 * time.Hour)
		if _, err := f.s.RunJobOnce(ctx); err != nil {
			t.Fatal(err)
		}
		before := f.aud.count(audit.ActionSearch)
		code, out = call(f.zk, "GET", "/api/v1/placement/escalated", "", "")
		if code != http.StatusOK || len(out["escalated"].([]any)) != 1 || int64(out["escalated"].([]any)[0].(map[string]any)["id"].(float64)) != esc {
			t.Fatalf("escalated: %d %v", code, out)
		}
		if f.aud.count(audit.ActionSearch) != before+1 {
			t.Error("escalated list not audited")
		}
		if _, err := f.s.StartRun(ctx, f.zk, "ZK11", false); err != nil {
			t.Fatal(err)
		}
		if code, out := call(f.zk, "GET", "/api/v1/placement/runs", "", ""); code != http.StatusOK || len(out["runs"].([]any)) != 1 {
			t.Errorf("runs: %d %v", code, out)
		}
	})
}
