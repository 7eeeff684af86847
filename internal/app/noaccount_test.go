package app

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/clients"
)

// TestOnBehalfWithoutClientAccount: for a client without an account of
// their own, on_behalf_of has no user to name. A representative's act is
// then still identified by the entry's client id: it is stored with the
// client, and "wie heeft mijn gegevens bekeken" (API) shows it to the
// client's other representative, as a naaste's change.
func TestOnBehalfWithoutClientAccount(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			a, srv := testApp(t, dialect)
			ctx := context.Background()
			naaste, err := a.Auth.UserByName(ctx, "naaste")
			if err != nil {
				t.Fatal(err)
			}
			var caseID, clientID int64
			if err := a.DB.QueryRowContext(ctx, `SELECT pc.id, pc.client_id FROM placement_cases pc
				WHERE pc.client_id > 0 AND pc.phase NOT IN ('geplaatst', 'verhuisd', 'afgesloten', 'gestopt')
				AND NOT EXISTS (SELECT 1 FROM client_accounts ca WHERE ca.client_id = pc.client_id) ORDER BY pc.id LIMIT 1`).Scan(&caseID, &clientID); err != nil {
				t.Fatalf("a demo case of a client without an account: %v", err)
			}
			other, err := a.Auth.CreateUser(ctx, auth.NewUser{Username: "naaste2", DisplayName: "Tweede Naaste", Role: auth.RoleNaaste, Password: "demo", Demo: true})
			if err != nil {
				t.Fatal(err)
			}
			for _, u := range []int64{naaste.ID, other} {
				if _, err := a.Clients.AddRepresentative(ctx, nil, clients.Representative{ClientID: clientID, UserID: u, Name: "Vertegenwoordiger",
					Relation: clients.RelNaaste, MayAct: true, ValidFrom: time.Now().Add(-time.Hour), GrantedBy: 1}); err != nil {
					t.Fatal(err)
				}
			}
			req, _ := http.NewRequest("POST", srv.URL+"/api/v1/placement/cases/"+strconv.FormatInt(caseID, 10)+"/wishes", strings.NewReader(`{"text":"Dicht bij zijn zus"}`))
			req.Header.Set("Content-Type", "application/json")
			req.AddCookie(login(t, srv.URL, "naaste"))
			resp, err := noRedirect().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("wishes by an authorised naaste: %d %.300s", resp.StatusCode, b)
			}
			if err := a.Audit.Sync(ctx); err != nil {
				t.Fatal(err)
			}
			var n int
			if err := a.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_accesses WHERE user_id = $1 AND client_id = $2 AND object_type = 'placement_case' AND action = 'update' AND on_behalf_of = 0`,
				naaste.ID, clientID).Scan(&n); err != nil || n != 1 {
				t.Fatalf("the act on behalf of a client without account: %d entries naming the client (%v)", n, err)
			}

			req, _ = http.NewRequest("GET", srv.URL+"/api/v1/clients/me/accesses?client="+strconv.FormatInt(clientID, 10), nil)
			req.AddCookie(login(t, srv.URL, "naaste2"))
			resp, err = noRedirect().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ = io.ReadAll(resp.Body)
			resp.Body.Close()
			var out struct {
				Accesses []struct{ Who, Role, What string } `json:"accesses"`
			}
			if resp.StatusCode != http.StatusOK || json.Unmarshal(b, &out) != nil {
				t.Fatalf("the other representative's access log: %d %.300s", resp.StatusCode, b)
			}
			found := false
			for _, l := range out.Accesses {
				found = found || (l.Role == string(auth.RoleNaaste) && strings.Contains(l.What, "gewijzigd"))
			}
			if !found {
				t.Errorf("the access log does not show the representative's change: %+v", out.Accesses)
			}
		})
	}
}
