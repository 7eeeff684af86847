package app

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/orgs"
	"github.com/volwaardig/volwaardig/internal/relatives"
)

// TestRespiteSearchMeasuresInThePlacesModule: the relatives' respite
// search hands the municipality and the distance to the places module,
// which measures every place (not the first rows of a list): around
// Groningen no demo place lies within 10 km (all are near Utrecht),
// around Zeist all lie within 25 km, nearest first; and a demo place's
// website is a fictional .example address.
func TestRespiteSearchMeasuresInThePlacesModule(t *testing.T) {
	a, _ := testApp(t, "sqlite")
	r := newRelativesRespite(a)
	ctx := context.Background()
	groningen, ok1 := orgs.MunicipalityByCode("GM0014")
	zeist, ok2 := orgs.MunicipalityByCode("GM0355")
	if !ok1 || !ok2 {
		t.Fatal("municipalities missing")
	}
	far, err := r.SearchRespite(ctx, relatives.RespiteQuery{Near: groningen, MaxKm: 10})
	if err != nil || len(far) != 0 {
		t.Errorf("within 10 km of Groningen: %d places (%v)", len(far), err)
	}
	near, err := r.SearchRespite(ctx, relatives.RespiteQuery{Near: zeist, MaxKm: 25})
	if err != nil || len(near) == 0 {
		t.Fatalf("within 25 km of Zeist: %d places (%v)", len(near), err)
	}
	for i, p := range near {
		if p.Km < 0 || p.Km > 25 || i > 0 && p.Km < near[i-1].Km {
			t.Errorf("place %d at %d km", i, p.Km)
		}
		// A relative reads the region by its name; the care office's
		// code ("ZK11") means nothing to them.
		if p.Region == "" || strings.Contains(p.Region, "ZK") {
			t.Errorf("place %d's region reads %q", i, p.Region)
		}
		u, err := url.Parse(p.Website)
		if err != nil || u.Scheme != "https" || !strings.HasSuffix(u.Host, ".example") {
			t.Errorf("demo website %q", p.Website)
		}
	}
}
