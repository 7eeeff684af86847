package app

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/orgs"
)

// TestWhoViewedMyDataAndEmergencyReview follows NEN 7513's promise to the
// client through the running server: a care-office employee reads Sanne's
// record, a crisis director outside her region opens it with the noodknop;
// Sanne and her representative see both on "wie heeft mijn gegevens
// bekeken", the emergency one marked; the administrator finds the
// emergency access on the review list and records a conclusion.
func TestWhoViewedMyDataAndEmergencyReview(t *testing.T) {
	a, srv := testApp(t, "sqlite")
	ctx := context.Background()
	do := func(c *http.Cookie, method, path string, form url.Values) (int, string) {
		t.Helper()
		resp, body := request(t, srv, c, method, path, form)
		return resp.StatusCode, body
	}
	sanneUser, err := a.Auth.UserByName(ctx, "client")
	if err != nil {
		t.Fatal(err)
	}
	sanne, _, err := a.Clients.ScopeFor(ctx, sanneUser.ID)
	if err != nil || sanne == 0 {
		t.Fatalf("the demo client account is not linked to a record: %d %v", sanne, err)
	}
	record := "/clienten/" + strconv.FormatInt(sanne, 10)

	if st, _ := do(login(t, srv.URL, "zorgkantoor"), "GET", record, nil); st != http.StatusOK {
		t.Fatalf("care office reads the record: %d", st)
	}
	// Move the crisis director to another region: Sanne is now outside it.
	cr, _ := a.Auth.UserByName(ctx, "crisisregisseur")
	other := ""
	for _, r := range orgs.CareOfficeRegions() {
		if !slices.Contains(cr.Scope.Regions, r.Code) {
			other = r.Code
			break
		}
	}
	if err := a.Auth.SetScope(ctx, cr.ID, auth.Scope{Regions: []string{other}}); err != nil {
		t.Fatal(err)
	}
	crc := login(t, srv.URL, "crisisregisseur")
	if st, _ := do(crc, "GET", record, nil); st == http.StatusOK {
		t.Fatal("a crisis director outside the region read the record without the noodknop")
	}
	if st, _ := do(crc, "POST", record+"/noodtoegang", url.Values{"reden": {"Acute crisis, de eigen regio is onbereikbaar."}}); st != http.StatusSeeOther {
		t.Fatalf("emergency access: %d", st)
	}
	if st, _ := do(crc, "GET", record, nil); st != http.StatusOK {
		t.Fatalf("record after the noodknop: %d", st)
	}

	for _, who := range []string{"client", "naaste"} {
		st, page := do(login(t, srv.URL, who), "GET", "/mijn/inzage", nil)
		if st != http.StatusOK {
			t.Fatalf("%s: /mijn/inzage answered %d", who, st)
		}
		for _, want := range []string{"Zorgkantoor Utrecht", "Crisisregie Utrecht", "noodtoegang"} {
			if !strings.Contains(page, want) {
				t.Errorf("%s: 'wie heeft mijn gegevens bekeken' does not show %q", who, want)
			}
		}
	}
	// The same lines in the API, and a bad date named.
	st, body := do(login(t, srv.URL, "client"), "GET", "/api/v1/clients/me/accesses", nil)
	var api struct {
		ClientID int64 `json:"client_id"`
		Accesses []struct {
			Organisation string `json:"organisation"`
			Emergency    bool   `json:"emergency"`
		} `json:"accesses"`
	}
	if err := json.Unmarshal([]byte(body), &api); err != nil || st != http.StatusOK || api.ClientID != sanne {
		t.Fatalf("API: %d %v %s", st, err, body)
	}
	var orgsSeen []string
	emergency := false
	for _, x := range api.Accesses {
		orgsSeen = append(orgsSeen, x.Organisation)
		emergency = emergency || (x.Emergency && x.Organisation == "Crisisregie Utrecht")
	}
	if !slices.Contains(orgsSeen, "Zorgkantoor Utrecht") || !emergency {
		t.Errorf("API accesses do not show the care office and the marked emergency access: %s", body)
	}
	if st, body := do(login(t, srv.URL, "client"), "GET", "/api/v1/clients/me/accesses?van=31-02-2026", nil); st != http.StatusBadRequest && st != http.StatusUnprocessableEntity || !strings.Contains(body, `"name": "van"`) {
		t.Errorf("API with an impossible date: %d %s", st, body)
	}
	if st, _ := do(login(t, srv.URL, "zorgkantoor"), "GET", "/mijn/inzage", nil); st != http.StatusForbidden && st != http.StatusNotFound {
		t.Errorf("a professional opened a client's own inzage page: %d", st)
	}

	admin := login(t, srv.URL, "beheerder")
	st, page := do(admin, "GET", "/beheer/noodtoegang", nil)
	// The administrator sees no health data, so not the reason's words.
	if st != http.StatusOK || strings.Contains(page, "Acute crisis") || !strings.Contains(page, "opgegeven (45 tekens). Alleen de cliënt kan de reden lezen") {
		t.Fatalf("review list: %d, reason shown: %v", st, strings.Contains(page, "Acute crisis"))
	}
	if _, page := do(login(t, srv.URL, "client"), "GET", "/mijn/inzage", nil); !strings.Contains(page, "Acute crisis, de eigen regio is onbereikbaar.") {
		t.Error("the client does not read the reason for the emergency access")
	}
	m := regexp.MustCompile(`action="(/beheer/noodtoegang/[^"]+/beoordeling)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no review form on the list")
	}
	if st, _ := do(admin, "POST", m[1], url.Values{"conclusie": {"niet_gerechtvaardigd"}}); st != http.StatusBadRequest {
		t.Errorf("unjustified without a note: %d, want 400", st)
	}
	if st, _ := do(admin, "POST", m[1], url.Values{"conclusie": {"gerechtvaardigd"}}); st != http.StatusSeeOther && st != http.StatusOK {
		t.Fatalf("review: %d", st)
	}
	if _, page := do(admin, "GET", "/beheer/noodtoegang", nil); strings.Contains(page, m[1]) {
		t.Error("a reviewed access is still on the to-review list")
	}
}
