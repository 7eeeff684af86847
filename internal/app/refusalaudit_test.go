package app

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestPlacementRefusalsAudited: a care office that names another region's
// case in an act (a phase step, a proposal, a table decision, a
// reassessment, a follow-up, a hold) gets 404 and nothing changes, and the
// refused attempt is in the audit log as denied with the client it
// concerned (NEN 7513). Each of these is refused inside a write
// transaction that is rolled back; the entry is written after it.
func TestPlacementRefusalsAudited(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			a, srv := testApp(t, dialect)
			ctx := context.Background()
			zk, err := a.Auth.UserByName(ctx, "zorgkantoor")
			if err != nil {
				t.Fatal(err)
			}
			var caseID, clientID, placeID int64
			var phase string
			if err := a.DB.QueryRowContext(ctx, `SELECT id, client_id, phase FROM placement_cases WHERE client_id IS NOT NULL AND client_id > 0 ORDER BY id LIMIT 1`).Scan(&caseID, &clientID, &phase); err != nil {
				t.Fatal(err)
			}
			if err := a.DB.QueryRowContext(ctx, `SELECT id FROM placement_places ORDER BY id LIMIT 1`).Scan(&placeID); err != nil {
				t.Fatal(err)
			}
			// The case moves to a region this care office does not serve.
			if _, err := a.DB.ExecContext(ctx, `UPDATE placement_cases SET region = 'ZZ99' WHERE id = $1`, caseID); err != nil {
				t.Fatal(err)
			}
			cs := strconv.FormatInt(caseID, 10)
			deadline := time.Now().Add(7 * 24 * time.Hour).UTC().Format(time.RFC3339)
			cookie := login(t, srv.URL, "zorgkantoor")
			denied := func() int {
				t.Helper()
				var n int
				if err := a.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_accesses WHERE user_id = $1 AND client_id = $2 AND object_type = 'placement_case' AND outcome = 'denied'`,
					zk.ID, clientID).Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}
			for _, c := range []struct{ path, body string }{
				{"/api/v1/placement/cases/" + cs + "/transitions", `{"to":"bemiddeling","reason":"Volgende stap"}`},
				{"/api/v1/placement/cases/" + cs + "/proposals", `{"place_id":` + strconv.FormatInt(placeID, 10) + `}`},
				{"/api/v1/placement/agenda/" + cs + "/decision", `{"agenda":"termijn","decision":"stoppen","note":"Gestopt"}`},
				{"/api/v1/placement/cases/" + cs + "/reassessments", `{"profile":"VG7","wzd":"geen","note":"CIZ-besluit"}`},
				{"/api/v1/placement/cases/" + cs + "/followups", `{"months":3,"outcome":"stabiel","note":"Gaat goed"}`},
				{"/api/v1/placement/holds", `{"place_id":` + strconv.FormatInt(placeID, 10) + `,"case_id":` + cs + `,"deadline":"` + deadline + `"}`},
			} {
				before := denied()
				req, _ := http.NewRequest("POST", srv.URL+c.path, strings.NewReader(c.body))
				req.Header.Set("Content-Type", "application/json")
				req.AddCookie(cookie)
				resp, err := noRedirect().Do(req)
				if err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusNotFound {
					t.Errorf("POST %s for another region's case: %d, want 404\n%.300s", c.path, resp.StatusCode, b)
				}
				if after := denied(); after != before+1 {
					t.Errorf("POST %s refused: %d denied entries for the client, want 1", c.path, after-before)
				}
			}
			var now string
			if err := a.DB.QueryRowContext(ctx, `SELECT phase FROM placement_cases WHERE id = $1`, caseID).Scan(&now); err != nil || now != phase {
				t.Errorf("the case changed: phase %q, was %q (%v)", now, phase, err)
			}
		})
	}
}

// TestCrisisRefusalsAudited: a crisisregisseur who sees a crisis because
// it was escalated to their region, but who does not direct it, is refused
// taking it up (403, nothing changes) and the refusal, made inside the
// rolled-back transaction, is in the audit log as denied with the client.
func TestCrisisRefusalsAudited(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			a, srv := testApp(t, dialect)
			ctx := context.Background()
			cr, err := a.Auth.UserByName(ctx, "crisisregisseur")
			if err != nil {
				t.Fatal(err)
			}
			var caseID, clientID int64
			var region, status string
			if err := a.DB.QueryRowContext(ctx, `SELECT id, client_id, region_code, status FROM crisis_cases WHERE status = 'gemeld' ORDER BY id LIMIT 1`).Scan(&caseID, &clientID, &region, &status); err != nil {
				t.Fatalf("a reported demo crisis: %v", err)
			}
			// Directed by another region, escalated to this director's.
			var other string
			if err := a.DB.QueryRowContext(ctx, `SELECT code FROM regions WHERE code <> $1 ORDER BY code LIMIT 1`, region).Scan(&other); err != nil {
				t.Fatal(err)
			}
			if _, err := a.DB.ExecContext(ctx, `UPDATE crisis_cases SET region_code = $1, escalated_to = $2 WHERE id = $3`, other, region, caseID); err != nil {
				t.Fatal(err)
			}
			count := func(outcome string) int {
				t.Helper()
				var n int
				if err := a.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_accesses WHERE user_id = $1 AND client_id = $2 AND object_type = 'crisis_case' AND outcome = $3`,
					cr.ID, clientID, outcome).Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}
			before := count("denied")
			req, _ := http.NewRequest("POST", srv.URL+"/api/v1/crisis/cases/"+strconv.FormatInt(caseID, 10)+"/take", strings.NewReader(`{}`))
			req.Header.Set("Content-Type", "application/json")
			req.AddCookie(login(t, srv.URL, "crisisregisseur"))
			resp, err := noRedirect().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusForbidden {
				t.Fatalf("taking up another region's crisis: %d, want 403\n%.300s", resp.StatusCode, b)
			}
			if after := count("denied"); after != before+1 {
				t.Errorf("the refusal left %d denied entries for the client, want 1", after-before)
			}
			var now string
			if err := a.DB.QueryRowContext(ctx, `SELECT status FROM crisis_cases WHERE id = $1`, caseID).Scan(&now); err != nil || now != status {
				t.Errorf("the crisis changed: %q, was %q (%v)", now, status, err)
			}
		})
	}
}
