package placement

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
	"github.com/volwaardig/volwaardig/internal/web"
)

// TestProviderHoldsOnlyForCasesItSees: a provider cannot hold one of its
// places for a case id it does not see (another region's person, or one
// without a proposal at its places) by the form or the service: the hold
// would make the case, with the person's name, visible to the provider.
// For a case with a proposal at its place it can.
func TestProviderHoldsOnlyForCasesItSees(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		_, do := f.server(t)
		place := f.place(t, f.orgA, f.locA, 2, nil)
		unseen := f.register(t, f.person(4)) // ZK16, nothing at the provider
		seen := f.register(t, f.person(0))
		f.propose(t, seen, place)
		until := t0.Add(72 * time.Hour)

		if _, err := f.s.CreateHold(ctx, f.prov, place, unseen, until); web.AsError(err).Code != web.CodeBadInput {
			t.Errorf("hold for a case the provider does not see: %v, want bad input", err)
		}
		code, body := do(f.prov, "POST", "/complexe-zorg/reserveringen", url.Values{"plek": {itoa(place)}, "casus": {itoa(unseen)}, "tot": {"05-03-2026"}})
		if code == http.StatusSeeOther || strings.Contains(body, "Cliënt E") {
			t.Errorf("form hold for an unseen case: %d, name shown %v", code, strings.Contains(body, "Cliënt E"))
		}
		cs, err := f.s.Cases(ctx, f.prov, CaseFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			if c.CaseID == unseen {
				t.Fatal("the provider now sees the other region's case")
			}
		}
		if _, err := f.s.CreateHold(ctx, f.prov, place, seen, until); err != nil {
			t.Errorf("hold for a case with a proposal at the provider's place: %v", err)
		}
	})
}
