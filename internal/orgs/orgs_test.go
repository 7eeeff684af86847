package orgs_test

import (
	"context"
	"regexp"
	"slices"
	"testing"

	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
	"github.com/volwaardig/volwaardig/internal/orgs"
)

func sets() []db.Migrations { return []db.Migrations{orgs.Migrations()} }

// The 31 Wlz care-office regions, ZK01 to ZK31 in order, each with a
// name and a centre inside the Netherlands (distances are measured from
// it when a location has no coordinates).
func TestCareOfficeRegions(t *testing.T) {
	rs := orgs.CareOfficeRegions()
	if len(rs) != 31 {
		t.Fatalf("%d regions, want 31", len(rs))
	}
	code := regexp.MustCompile(`^ZK\d\d$`)
	seen := map[string]bool{}
	for i, r := range rs {
		if !code.MatchString(r.Code) || seen[r.Code] || r.Name == "" {
			t.Errorf("region %d: %+v", i, r)
		}
		seen[r.Code] = true
		if r.Lat < 50.7 || r.Lat > 53.6 || r.Lon < 3.3 || r.Lon > 7.3 {
			t.Errorf("%s centre %v,%v lies outside the Netherlands", r.Code, r.Lat, r.Lon)
		}
		if i > 0 && rs[i-1].Code >= r.Code {
			t.Errorf("regions out of order at %s", r.Code)
		}
	}
}

// Regions, organisations and locations round-trip through the store on
// both databases: adding a region twice keeps the first, the lists are
// sorted and filter by kind and organisation, and the schema refuses an
// organisation in an unknown region, a duplicate name and a location of
// an unknown organisation.
func TestStore(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := orgs.NewStore(d)
		for _, r := range orgs.CareOfficeRegions() {
			if err := s.AddRegion(ctx, d, r); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.AddRegion(ctx, d, orgs.Region{Code: "ZK11", Name: "Anders", Lat: 1, Lon: 1}); err != nil {
			t.Fatalf("adding an existing region again: %v", err)
		}
		rs, err := s.Regions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(rs, orgs.CareOfficeRegions()) {
			t.Errorf("regions read back differ (or the second ZK11 replaced the first): %v", rs)
		}

		zorg, err := s.AddOrganisation(ctx, d, orgs.Organisation{Name: "Zorg Utrecht", Kind: "aanbieder", Region: "ZK11"})
		if err != nil {
			t.Fatal(err)
		}
		kantoor, err := s.AddOrganisation(ctx, d, orgs.Organisation{Name: "Zorgkantoor Amsterdam", Kind: "zorgkantoor", Region: "ZK16"})
		if err != nil {
			t.Fatal(err)
		}
		anders, err := s.AddOrganisation(ctx, d, orgs.Organisation{Name: "Anders Wonen", Kind: "aanbieder", Region: "ZK16"})
		if err != nil {
			t.Fatal(err)
		}
		if zorg == kantoor || zorg == anders || zorg <= 0 {
			t.Fatalf("ids %d %d %d", zorg, kantoor, anders)
		}
		if _, err := s.AddOrganisation(ctx, d, orgs.Organisation{Name: "Nergens", Kind: "aanbieder", Region: "ZK99"}); err == nil {
			t.Error("an organisation in an unknown region was stored")
		}
		if _, err := s.AddOrganisation(ctx, d, orgs.Organisation{Name: "Zorg Utrecht", Kind: "aanbieder", Region: "ZK11"}); err == nil {
			t.Error("a second organisation with the same name was stored")
		}

		all, err := s.Organisations(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		if names := orgNames(all); !slices.Equal(names, []string{"Anders Wonen", "Zorg Utrecht", "Zorgkantoor Amsterdam"}) {
			t.Errorf("all organisations by name: %v", names)
		}
		providers, err := s.Organisations(ctx, "aanbieder")
		if err != nil {
			t.Fatal(err)
		}
		if names := orgNames(providers); !slices.Equal(names, []string{"Anders Wonen", "Zorg Utrecht"}) {
			t.Errorf("providers: %v", names)
		}
		if providers[1] != (orgs.Organisation{ID: zorg, Name: "Zorg Utrecht", Kind: "aanbieder", Region: "ZK11"}) {
			t.Errorf("organisation read back: %+v", providers[1])
		}

		want := orgs.Location{OrganisationID: zorg, Name: "De Linde", Region: "ZK11", City: "Utrecht", Lat: 52.09, Lon: 5.12}
		if want.ID, err = s.AddLocation(ctx, d, want); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddLocation(ctx, d, orgs.Location{OrganisationID: zorg, Name: "Het Anker", Region: "ZK11", City: "Zeist"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddLocation(ctx, d, orgs.Location{OrganisationID: anders, Name: "Aan de Amstel", Region: "ZK16", City: "Amsterdam"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddLocation(ctx, d, orgs.Location{OrganisationID: 999999, Name: "Spook", Region: "ZK11", City: "Nergens"}); err == nil {
			t.Error("a location of an unknown organisation was stored")
		}
		own, err := s.Locations(ctx, zorg)
		if err != nil {
			t.Fatal(err)
		}
		if len(own) != 2 || own[0] != want || own[1].Name != "Het Anker" {
			t.Errorf("locations of the provider: %+v", own)
		}
		every, err := s.Locations(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(every) != 3 || every[0].Name != "Aan de Amstel" {
			t.Errorf("all locations by name: %+v", every)
		}
		none, err := s.Locations(ctx, kantoor)
		if err != nil || len(none) != 0 {
			t.Errorf("locations of an organisation without any: %v %v", none, err)
		}
	})
}

func orgNames(os []orgs.Organisation) []string {
	var out []string
	for _, o := range os {
		out = append(out, o.Name)
	}
	return out
}
