package clients

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
)

// A client's region is shown by name with its code, "Utrecht (ZK11)", on
// the list, the record and the form's choice (issue 11); a code that is not
// one of the 31 regions is still shown as it is.
func TestRegionShownByName(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		h := newHarness(t, d)
		id, err := h.s.Create(context.Background(), nil, NewClient{Name: "Noor", Region: "ZK11"})
		if err != nil {
			t.Fatal(err)
		}
		zk11 := &auth.Principal{UserID: 1, Username: "zk", DisplayName: "Zorgkantoor", Role: auth.RoleZorgkantoor, Scope: auth.Scope{Regions: []string{"ZK11"}}}
		for path, want := range map[string]string{
			"/clienten":             "<td>Utrecht (ZK11)</td>",
			"/clienten/" + itoa(id): "<dd>Utrecht (ZK11)</dd>",
			"/clienten/nieuw":       `<option value="ZK11">Utrecht (ZK11)</option>`,
		} {
			w := h.do(zk11, "GET", path, nil)
			if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), want) {
				t.Errorf("%s: %d, lacks %s", path, w.Code, want)
			}
		}
		other := h.seed() // region ZK-UTR, not one of the 31
		if w := h.do(zk, "GET", "/clienten/"+itoa(other), nil); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "<dd>ZK-UTR</dd>") {
			t.Errorf("unknown region code: %d", w.Code)
		}
	})
}
