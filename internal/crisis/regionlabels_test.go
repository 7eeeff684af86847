package crisis

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
)

// Regions are shown by name with their code, "Utrecht (ZK11)", never the
// code alone (issue 11): on the crisis list, the crisis, the decision page,
// the report form, the settings and the beds' availability. The hidden
// form fields keep the code.
func TestRegionsShownByName(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d, nil)
		id := strconv.FormatInt(f.report(t, "Sam", UrgencyHigh), 10)
		for _, c := range []struct{ path, want string }{
			{"/crisis", `<td data-label="Regio">Utrecht (ZK11)</td>`},
			{"/crisis/" + id, "<dd>Utrecht (ZK11)</dd>"},
			{"/crisis/" + id + "/besluit", "crisisbedden in regio Utrecht (ZK11)</h2>"},
			{"/crisis/" + id + "/besluit", `name="regio" value="ZK11"`},
			{"/crisis/regio", "Regio Utrecht (ZK11)</h2>"},
			{"/crisis/melden", `>Utrecht (ZK11)</option>`},
		} {
			rec := f.do(t, f.regie, "GET", c.path, "", "")
			if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), c.want) {
				t.Errorf("%s: %d, lacks %s", c.path, rec.Code, c.want)
			}
		}
		// The crisis director's notification names the region too.
		if n := f.count(t, `SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND kind = 'crisis_new' AND title LIKE '%regio Utrecht (ZK11)%'`, f.regie.UserID); n != 1 {
			t.Errorf("%d new-crisis notifications name the region Utrecht (ZK11)", n)
		}
		rec := f.do(t, f.aanb, "GET", "/crisis/beschikbaarheid", "", "")
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `<td data-label="Regio">Utrecht (ZK11)</td>`) {
			t.Errorf("availability: %d, region not shown by name", rec.Code)
		}
	})
}
