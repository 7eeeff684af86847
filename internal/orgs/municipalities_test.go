package orgs

import (
	"math"
	"regexp"
	"testing"
)

// distanceKM is the great-circle distance between two points.
func distanceKM(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	rad := math.Pi / 180
	dLat := (lat2 - lat1) * rad
	dLon := (lon2 - lon1) * rad
	a := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * r * math.Asin(math.Sqrt(a))
}

func TestMunicipalitiesCount(t *testing.T) {
	if n := len(Municipalities()); n != 342 {
		t.Fatalf("%d municipalities, want 342 (CBS, 1 January %d)", n, MunicipalityYear())
	}
}

func TestMunicipalitiesUniqueAndWellFormed(t *testing.T) {
	code := regexp.MustCompile(`^GM[0-9]{4}$`)
	codes, names, folded := map[string]bool{}, map[string]bool{}, map[string]string{}
	for _, m := range Municipalities() {
		if !code.MatchString(m.Code) {
			t.Errorf("%s: code %q is not GM followed by four digits", m.Name, m.Code)
		}
		if codes[m.Code] {
			t.Errorf("code %s twice", m.Code)
		}
		codes[m.Code] = true
		if m.Name == "" || names[m.Name] {
			t.Errorf("name %q empty or twice", m.Name)
		}
		names[m.Name] = true
		// Names must also differ after folding, or the search box could not
		// tell them apart.
		f := foldName(m.Name)
		if other, ok := folded[f]; ok {
			t.Errorf("%q and %q fold to the same %q", m.Name, other, f)
		}
		folded[f] = m.Name
	}
	for _, pair := range [][2]string{{"Bergen (NH.)", "GM0373"}, {"Bergen (L.)", "GM0893"}} {
		m, ok := MunicipalityByName(pair[0])
		if !ok || m.Code != pair[1] {
			t.Errorf("%s: got %+v, %v; want %s", pair[0], m, ok, pair[1])
		}
	}
	for code, aliases := range municipalityAliases() {
		if !codes[code] {
			t.Errorf("alias for unknown code %s", code)
		}
		for _, a := range aliases {
			if other, ok := folded[foldName(a)]; ok {
				t.Errorf("alias %q of %s is also the name of %s", a, code, other)
			}
		}
	}
}

func TestMunicipalitiesPerProvince(t *testing.T) {
	// CBS, gemeentelijke indeling 1 januari 2025.
	want := map[string]int{
		Groningen: 10, Fryslan: 18, Drenthe: 12, Overijssel: 25, Flevoland: 6, Gelderland: 51,
		Utrecht: 26, NoordHolland: 44, ZuidHolland: 50, Zeeland: 13, NoordBrabant: 56, Limburg: 31,
	}
	sum := 0
	for _, n := range want {
		sum += n
	}
	if sum != 342 {
		t.Fatalf("province counts sum to %d, want 342", sum)
	}
	got := map[string]int{}
	for _, m := range Municipalities() {
		got[m.Province]++
	}
	for p, n := range want {
		if got[p] != n {
			t.Errorf("%s: %d municipalities, want %d", p, got[p], n)
		}
	}
	if len(got) != len(want) {
		t.Errorf("provinces %v, want the twelve", got)
	}
}

func TestMunicipalitiesInsideTheirRegion(t *testing.T) {
	regions := map[string]Region{}
	for _, r := range CareOfficeRegions() {
		regions[r.Code] = r
	}
	used := map[string]int{}
	for _, m := range Municipalities() {
		// The Netherlands' European part: 50.75 (Vaals) to 53.56 (Rottumeroog),
		// 3.36 (Cadzand) to 7.23 (Bad Nieuweschans).
		if m.Lat < 50.75 || m.Lat > 53.56 || m.Lon < 3.35 || m.Lon > 7.23 {
			t.Errorf("%s: centre %.2f,%.2f outside the Netherlands", m.Name, m.Lat, m.Lon)
		}
		r, ok := regions[m.Region]
		if !ok {
			t.Errorf("%s: unknown region %q", m.Name, m.Region)
			continue
		}
		used[m.Region]++
		if d := distanceKM(m.Lat, m.Lon, r.Lat, r.Lon); d > 60 {
			t.Errorf("%s: %.0f km from the centre of its region %s", m.Name, d, r.Label())
		}
	}
	for code, r := range regions {
		if used[code] == 0 {
			t.Errorf("region %s has no municipality", r.Label())
		}
	}
}

func TestMunicipalityLookups(t *testing.T) {
	byCode := map[string]string{"GM0363": "Amsterdam", "gm0344": "Utrecht", "0014": "Groningen", "14": "Groningen", " GM1992 ": "Voorne aan Zee"}
	for code, name := range byCode {
		m, ok := MunicipalityByCode(code)
		if !ok || m.Name != name {
			t.Errorf("MunicipalityByCode(%q) = %q, %v; want %s", code, m.Name, ok, name)
		}
	}
	for _, bad := range []string{"", "GM", "GM00001", "GMabcd", "GM0000", "GM9999", "-1"} {
		if m, ok := MunicipalityByCode(bad); ok {
			t.Errorf("MunicipalityByCode(%q) found %s", bad, m.Name)
		}
	}
	byName := map[string]string{
		"amsterdam": "GM0363", "DEN HAAG": "GM0518", "'s-Gravenhage": "GM0518", "s gravenhage": "GM0518",
		"Sudwest Fryslan": "GM1900", "súdwest-fryslân": "GM1900", "den bosch": "GM0796", "Bergen NH": "GM0373",
		"bergen (l)": "GM0893", "Nuenen": "GM0820", "Hengelo (O.)": "GM0164",
	}
	for name, code := range byName {
		m, ok := MunicipalityByName(name)
		if !ok || m.Code != code {
			t.Errorf("MunicipalityByName(%q) = %s, %v; want %s", name, m.Code, ok, code)
		}
	}
	for _, ambiguous := range []string{"Bergen", "", "   ", "Atlantis"} {
		if m, ok := MunicipalityByName(ambiguous); ok {
			t.Errorf("MunicipalityByName(%q) found %s", ambiguous, m.Name)
		}
	}
	if r, ok := MunicipalityRegion("GM0344"); !ok || r != "ZK11" {
		t.Errorf("MunicipalityRegion(Utrecht) = %q, %v", r, ok)
	}
	if r, ok := MunicipalityRegion("GM0935"); !ok || r != "ZK31" {
		t.Errorf("MunicipalityRegion(Maastricht) = %q, %v", r, ok)
	}
	if _, ok := MunicipalityRegion("GM9999"); ok {
		t.Error("MunicipalityRegion of an unknown code found a region")
	}
}

func TestSearchMunicipalities(t *testing.T) {
	got := SearchMunicipalities("berg", 10)
	var names []string
	for _, m := range got {
		names = append(names, m.Name)
	}
	// Prefix matches first, by name; then names containing "berg".
	want := []string{"Berg en Dal", "Bergeijk", "Bergen (L.)", "Bergen (NH.)", "Bergen op Zoom", "Steenbergen", "Valkenburg aan de Geul"}
	if len(names) < len(want) {
		t.Fatalf("search berg: %v", names)
	}
	for i, w := range want[:5] {
		if names[i] != w {
			t.Errorf("search berg: %v, want the prefix matches %v first", names, want[:5])
			break
		}
	}
	inner := map[string]bool{}
	for _, n := range names[5:] {
		inner[n] = true
	}
	if !inner["Steenbergen"] {
		t.Errorf("search berg: %v lacks Steenbergen", names)
	}
	if got := SearchMunicipalities("den haag", 5); len(got) != 1 || got[0].Code != "GM0518" {
		t.Errorf("search den haag: %+v", got)
	}
	if got := SearchMunicipalities("fryslan", 5); len(got) != 2 {
		t.Errorf("search fryslan (accent-free): %+v", got)
	}
	if got := SearchMunicipalities("a", 3); len(got) != 3 {
		t.Errorf("limit not kept: %d", len(got))
	}
	if got := SearchMunicipalities("  ", 10); got != nil {
		t.Errorf("blank query found %d", len(got))
	}
}

func TestRegionLabel(t *testing.T) {
	if got := RegionLabel("ZK11"); got != "Utrecht (ZK11)" {
		t.Errorf("RegionLabel(ZK11) = %q", got)
	}
	if got := RegionName("ZK31"); got != "Zuid-Limburg" {
		t.Errorf("RegionName(ZK31) = %q", got)
	}
	// An unknown code is shown as it is, never hidden.
	if got := RegionLabel("ZK99"); got != "ZK99" {
		t.Errorf("RegionLabel(ZK99) = %q", got)
	}
	if got := RegionName("ZK99"); got != "" {
		t.Errorf("RegionName(ZK99) = %q", got)
	}
	for _, r := range CareOfficeRegions() {
		if r.Label() != RegionLabel(r.Code) {
			t.Errorf("%s: Label %q, RegionLabel %q", r.Code, r.Label(), RegionLabel(r.Code))
		}
	}
}

// FuzzSearchMunicipalities feeds what a search box may send: the lookups
// must not panic and whatever they find must match the query's folded form.
func FuzzSearchMunicipalities(f *testing.F) {
	for _, s := range []string{"berg", "Den Haag", "súdwest", "'s-", "GM0363", "(NH.)", "\xff\xfe", "ǅ", "a\u0301"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		res := SearchMunicipalities(q, 20)
		if len(res) > 20 {
			t.Fatalf("limit exceeded: %d", len(res))
		}
		if m, ok := MunicipalityByName(q); ok && len(res) == 0 {
			t.Fatalf("%q names %s but search finds nothing", q, m.Name)
		}
		if m, ok := MunicipalityByCode(q); ok && m.Code == "" {
			t.Fatalf("%q found an empty municipality", q)
		}
	})
}
