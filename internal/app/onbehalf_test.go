package app

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/clients"
)

// TestRepresentativeActsOnlyWithAuthority follows issue 9's finding through
// the running server on both dialects: the demo naaste's authorisation for
// Sanne is replaced by one with "mag handelen = nee" and her consents are
// withdrawn. She then gets 403 on every page and API call that reads or
// acts for Sanne (the placement case, answering the offer, the wishes, the
// crisis status, the sleep summary, the access log) and nothing changes.
// Authorised to act again, each works and the audit log records it on
// Sanne's behalf.
func TestRepresentativeActsOnlyWithAuthority(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			a, srv := testApp(t, dialect)
			ctx := context.Background()
			naasteUser, err := a.Auth.UserByName(ctx, "naaste")
			if err != nil {
				t.Fatal(err)
			}
			clientUser, err := a.Auth.UserByName(ctx, "client")
			if err != nil {
				t.Fatal(err)
			}
			sanne, _, err := a.Clients.ScopeFor(ctx, clientUser.ID)
			if err != nil || sanne == 0 {
				t.Fatalf("demo client: %d %v", sanne, err)
			}
			authorise := func(mayAct bool) {
				t.Helper()
				reps, err := a.Clients.Representatives(ctx, sanne)
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range reps {
					if r.UserID == naasteUser.ID && r.RevokedAt.IsZero() {
						if err := a.Clients.RevokeRepresentative(ctx, nil, sanne, r.ID, clientUser.ID); err != nil {
							t.Fatal(err)
						}
					}
				}
				if _, err := a.Clients.AddRepresentative(ctx, nil, clients.Representative{ClientID: sanne, UserID: naasteUser.ID, Name: "Marieke de Vries",
					Relation: clients.RelNaaste, MayAct: mayAct, ValidFrom: time.Now().Add(-time.Hour), GrantedBy: clientUser.ID}); err != nil {
					t.Fatal(err)
				}
			}
			authorise(false)
			consents, err := a.Clients.Consents(ctx, sanne)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range consents {
				if c.RecipientKind == clients.RecipientUser && c.RecipientID == naasteUser.ID && c.WithdrawnAt.IsZero() {
					if err := a.Clients.WithdrawConsent(ctx, nil, sanne, c.ID, clientUser.ID); err != nil {
						t.Fatal(err)
					}
				}
			}
			var caseID, proposalID int64
			var wishes string
			if err := a.DB.QueryRowContext(ctx, `SELECT pc.id, pp.id, pc.wishes_family FROM placement_cases pc JOIN placement_proposals pp ON pp.case_id = pc.id
				WHERE pc.client_id = $1 AND pp.status = 'open' ORDER BY pp.id LIMIT 1`, sanne).Scan(&caseID, &proposalID, &wishes); err != nil {
				t.Fatalf("the demo client's open proposal: %v", err)
			}
			cs, ps, id := strconv.FormatInt(caseID, 10), strconv.FormatInt(proposalID, 10), strconv.FormatInt(sanne, 10)

			type call struct {
				method, path string
				form         url.Values // a page form
				json         string     // an API body
				object       string     // the audit object a success records on Sanne's behalf
			}
			calls := []call{
				{"GET", "/mijn/plaatsing", nil, "", "placement_case"},
				{"GET", "/api/v1/placement/cases/" + cs, nil, "", "placement_case"},
				{"GET", "/mijn/crisis", nil, "", "crisis_case"},
				{"GET", "/api/v1/crisis/mine", nil, "", "crisis_case"},
				{"GET", "/mijn/inzage?client=" + id, nil, "", "audit_log"},
				{"GET", "/api/v1/clients/me/accesses?client=" + id, nil, "", "audit_log"},
				{"GET", "/nachtrust/naaste/" + id, nil, "", "sleep_summary"},
				{"GET", "/api/v1/sleep/clients/" + id + "/summary", nil, "", "sleep_summary"},
				{"POST", "/mijn/plaatsing/wensen", url.Values{"casus": {cs}, "wensen": {"Een kamer op de begane grond"}}, "", "placement_case"},
				{"POST", "/api/v1/placement/cases/" + cs + "/wishes", nil, `{"text":"Een rustige groep"}`, "placement_case"},
			}
			answerPage := call{"POST", "/mijn/plaatsing/voorstellen/" + ps, url.Values{"antwoord": {"ja"}}, "", "placement_case"}
			answerAPI := call{"POST", "/api/v1/placement/proposals/" + ps + "/answer", nil, `{"accept":true}`, "placement_case"}
			send := func(cookie *http.Cookie, c call) (int, string) {
				t.Helper()
				var body io.Reader
				switch {
				case c.form != nil:
					body = strings.NewReader(c.form.Encode())
				case c.json != "":
					body = strings.NewReader(c.json)
				}
				req, _ := http.NewRequest(c.method, srv.URL+c.path, body)
				switch {
				case c.form != nil:
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				case c.json != "":
					req.Header.Set("Content-Type", "application/json")
				}
				req.AddCookie(cookie)
				resp, err := noRedirect().Do(req)
				if err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				return resp.StatusCode, string(b)
			}

			weak := login(t, srv.URL, "naaste")
			objections := []call{
				{"POST", "/mijn/plaatsing/bezwaar", url.Values{"casus": {cs}, "bezwaar": {"Ik wil niet wachten"}}, "", "placement_case"},
				{"POST", "/api/v1/placement/cases/" + cs + "/objection", nil, `{"text":"Ik wil niet wachten"}`, "placement_case"},
				// The full inzage and withdrawing the client's consent are
				// acts for the client: only with "mag handelen".
				{"GET", "/mijn/gegevens?client=" + id, nil, "", "client"},
				{"GET", "/api/v1/clients/me/export?client=" + id, nil, "", "client"},
				{"POST", "/mijn/toestemmingen/1/intrekken?client=" + id, url.Values{}, "", "client"},
			}
			denied := func(object string) int {
				t.Helper()
				var n int
				if err := a.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_accesses WHERE user_id = $1 AND client_id = $2 AND object_type = $3 AND on_behalf_of = $4 AND outcome = 'denied'`,
					naasteUser.ID, sanne, object, clientUser.ID).Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}
			for _, c := range append(append(calls, answerPage, answerAPI), objections...) {
				before := denied(c.object)
				if st, body := send(weak, c); st != http.StatusForbidden {
					t.Errorf("%s %s by a naaste without authority: %d, want 403\n%.300s", c.method, c.path, st, body)
				}
				// Every refusal, of a read or of an act whose transaction
				// is rolled back, is in the log on the client's behalf.
				if after := denied(c.object); after != before+1 {
					t.Errorf("%s %s refused: %d denied entries on the client's behalf, want 1", c.method, c.path, after-before)
				}
			}
			var answer, nowWishes string
			if err := a.DB.QueryRowContext(ctx, `SELECT pp.client_answer, pc.wishes_family FROM placement_proposals pp JOIN placement_cases pc ON pc.id = pp.case_id WHERE pp.id = $1`,
				proposalID).Scan(&answer, &nowWishes); err != nil {
				t.Fatal(err)
			}
			if answer != "" || nowWishes != wishes {
				t.Fatalf("a naaste without authority changed the case: answer %q, wishes %q", answer, nowWishes)
			}

			authorise(true)
			strong := login(t, srv.URL, "naaste")
			for _, c := range append(calls, answerAPI) {
				st, body := send(strong, c)
				if st != http.StatusOK && st != http.StatusSeeOther {
					t.Errorf("%s %s by a naaste who may act: %d\n%.300s", c.method, c.path, st, body)
					continue
				}
				var n int
				if err := a.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_accesses WHERE user_id = $1 AND client_id = $2 AND object_type = $3 AND on_behalf_of = $4 AND outcome = 'success'`,
					naasteUser.ID, sanne, c.object, clientUser.ID).Scan(&n); err != nil || n == 0 {
					t.Errorf("%s %s: no audit entry on the client's behalf (%d, %v)", c.method, c.path, n, err)
				}
			}
			if err := a.DB.QueryRowContext(ctx, `SELECT client_answer FROM placement_proposals WHERE id = $1`, proposalID).Scan(&answer); err != nil || answer != "ja" {
				t.Errorf("the authorised naaste's answer was not stored: %q %v", answer, err)
			}
		})
	}
}
