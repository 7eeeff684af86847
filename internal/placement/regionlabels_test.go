package placement

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
	"github.com/volwaardig/volwaardig/internal/orgs"
)

// Regions are shown by name with their code, "Utrecht (ZK11)", never the
// code alone (issue 11): on the register, a person's page, the form that
// registers a person, the provider's places and the monitor.
func TestRegionsShownByName(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		_, do := f.server(t)
		p := f.person(0)
		p.WishRegion = "ZK16"
		id := f.register(t, p)
		f.place(t, f.orgA, f.locA, 2, nil)
		for _, c := range []struct {
			path, want string
		}{
			{"/complexe-zorg", `<td data-label="Regio">Utrecht (ZK11)</td>`},
			{"/complexe-zorg/personen/" + itoa(id), "<dd>Utrecht (ZK11)</dd>"},
			{"/complexe-zorg/personen/" + itoa(id), "<dd>Amsterdam (ZK16)</dd>"},
			{"/complexe-zorg/nieuw?client=" + itoa(f.clients[0]), `<option value="ZK11">Utrecht (ZK11)</option>`},
			{"/complexe-zorg/cijfers", "Utrecht (ZK11)</th>"},
		} {
			code, body := do(f.zk, "GET", c.path, nil)
			if code != http.StatusOK || !strings.Contains(body, c.want) {
				t.Errorf("%s: %d, lacks %s", c.path, code, c.want)
			}
		}
		code, body := do(f.prov, "GET", "/complexe-zorg/aanbieder", nil)
		if code != http.StatusOK || !strings.Contains(body, `<td data-label="Regio">Utrecht (ZK11)</td>`) {
			t.Errorf("provider's places: %d, region not shown by name", code)
		}
	})
}

// A proposal shows the provider with its AGB code, where the care office
// and the provider check they have the right organisation (issue 11), and
// the region by name.
func TestProposalShowsProviderAGB(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		_, do := f.server(t)
		if err := orgs.NewStore(d).SetCodes(context.Background(), d, f.orgA, "4100 1234", "", "12345678"); err != nil {
			t.Fatal(err)
		}
		id := f.register(t, f.person(0))
		f.propose(t, id, f.place(t, f.orgA, f.locA, 2, nil))
		code, body := do(f.zk, "GET", "/complexe-zorg/voorstellen", nil)
		if code != http.StatusOK || !strings.Contains(body, "Aanbieder A <span class=\"muted\">(AGB-code 41001234)</span>") {
			t.Errorf("proposals: %d, provider without its AGB code", code)
		}
		if !strings.Contains(body, "<dd>Utrecht (ZK11)</dd>") {
			t.Error("proposals: region not shown by name")
		}
	})
}
