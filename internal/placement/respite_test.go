package placement

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
	"github.com/volwaardig/volwaardig/internal/orgs"
)

// TestRespitePlacesNeverMatched publishes respite places beside a place
// to live: the matching's place list holds only the place to live, the
// provider's own list holds all, and the relatives' search finds the
// respite places by region, dates and care need (issue 14).
func TestRespitePlacesNeverMatched(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		day := func(m time.Month, dd int) time.Time { return time.Date(2026, m, dd, 0, 0, 0, 0, time.UTC) }
		living := f.place(t, f.orgA, f.locA, 2, nil)
		weekend := f.place(t, f.orgA, f.locA, 3, func(p *Place) {
			p.Name, p.Stay, p.Availability, p.Profiles = "Weekendlogeren", StayWeekend, "Om het weekend", []Profile{"VG5"}
		})
		holiday := f.place(t, f.orgA, f.locA, 4, func(p *Place) {
			p.Name, p.Stay, p.AvailableFrom, p.AvailableUntil = "Vakantieopvang", StayHoliday, day(7, 1), day(8, 31)
		})
		f.place(t, f.orgB, f.locB, 2, func(p *Place) {
			p.Name, p.Stay, p.Region, p.Profiles = "Logeerkamer Amsterdam", StayRespite, "ZK16", []Profile{"LVG2"}
		})
		f.place(t, f.orgA, f.locA, 1, func(p *Place) { p.Name, p.Stay, p.Occupied = "Vol", StayPartTime, 1 })

		matched, err := f.s.store.listPlaces(ctx, d, PlaceFilter{})
		if err != nil || len(matched) != 1 || matched[0].ID != living {
			t.Fatalf("matching sees %d places (%v), want only the place to live", len(matched), err)
		}
		all, err := f.s.Places(ctx, f.prov, nil)
		if err != nil || len(all) != 4 {
			t.Errorf("provider lists %d places, want all 4 of its own (%v)", len(all), err)
		}
		ids := func(ps []Place) []int64 {
			var out []int64
			for _, p := range ps {
				out = append(out, p.ID)
			}
			return out
		}
		for _, tc := range []struct {
			name string
			q    RespiteQuery
			want int
		}{
			{"Utrecht, any dates", RespiteQuery{Region: "ZK11"}, 2},
			{"Utrecht, a weekend in March", RespiteQuery{Region: "ZK11", From: day(3, 14), To: day(3, 15)}, 1},
			{"Utrecht, summer", RespiteQuery{Region: "ZK11", From: day(7, 10), To: day(7, 20)}, 2},
			{"VG anywhere", RespiteQuery{Need: "VG"}, 2},   // weekend (VG5) and holiday (all profiles)
			{"LVG anywhere", RespiteQuery{Need: "LVG"}, 2}, // Amsterdam (LVG2) and holiday, not VG5
			{"full places are not offered", RespiteQuery{}, 3},
		} {
			got, err := f.s.SearchRespite(ctx, tc.q)
			if err != nil || len(got) != tc.want {
				t.Errorf("%s: %v (%v), want %d places", tc.name, ids(got), err, tc.want)
			}
		}
		got, _ := f.s.SearchRespite(ctx, RespiteQuery{Region: "ZK11", From: day(3, 14), To: day(3, 15)})
		if len(got) != 1 || got[0].ID != weekend || got[0].Stay.Label() != "Weekendopvang" || got[0].Organisation == "" {
			t.Errorf("weekend search: %+v", got)
		}
		_ = holiday
		if n, err := f.s.CountRespite(ctx); err != nil || n != 3+4+2+1 {
			t.Errorf("respite places %d (%v)", n, err)
		}
	})
}

// TestRespitePlaceForm adds a respite place through the provider's form:
// every fault of the new fields named, then stored with its kind of stay
// and the phone number and website a relative reaches the provider by.
func TestRespitePlaceForm(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		_, do := f.server(t)
		form := url.Values{"naam": {"Logeerkamer"}, "soort": {"regulier"}, "gemeente": {"GM0344"}, "capaciteit": {"2"},
			"verblijf": {"ruimtereis"}, "beschikbaar_van": {"01-08-2026"}, "beschikbaar_tot": {"01-07-2026"}, "beschikbaarheid": {strings.Repeat("w", 201)},
			"telefoon": {"bel maar"}, "website": {"javascript:alert(1)"}}
		code, body := do(f.prov, "POST", "/complexe-zorg/plekken/nieuw", form)
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("bad respite place: %d", code)
		}
		for _, field := range []string{"verblijf", "beschikbaar_tot", "beschikbaarheid", "telefoon", "website"} {
			if !strings.Contains(body, `href="#`+field+`"`) {
				t.Errorf("no error at %s", field)
			}
		}
		form.Set("verblijf", "logeren")
		form.Set("beschikbaar_tot", "31-12-2026")
		form.Set("beschikbaarheid", "Elk weekend")
		form.Set("telefoon", "030 123 4567")
		form.Set("website", "https://www.logeerhuis.nl")
		if code, body := do(f.prov, "POST", "/complexe-zorg/plekken/nieuw", form); code != http.StatusSeeOther {
			t.Fatalf("good respite place: %d %s", code, body)
		}
		ps, err := f.s.SearchRespite(context.Background(), RespiteQuery{})
		if err != nil || len(ps) != 1 || ps[0].Stay != StayRespite || ps[0].Availability != "Elk weekend" || ps[0].AvailableUntil.Day() != 31 ||
			ps[0].Phone != "030 123 4567" || ps[0].Website != "https://www.logeerhuis.nl" {
			t.Errorf("stored %+v (%v)", ps, err)
		}
		if code, body := do(f.prov, "GET", "/complexe-zorg/aanbieder", nil); code != 200 || !strings.Contains(body, "Logeeropvang") {
			t.Errorf("provider page does not show the kind of stay: %d", code)
		}
	})
}

// TestRespitePlaceEditForm keeps a respite place's phone and website
// current through the edit form (issue 14): the form shows them, a wrong
// number and a script address are refused at their fields together with
// a capacity error (every error at once, nothing written), a good number
// is stored in its one written form, and empty fields remove them.
func TestRespitePlaceEditForm(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		_, do := f.server(t)
		id := f.place(t, f.orgA, f.locA, 2, func(p *Place) {
			p.Name, p.Stay, p.Phone, p.Website = "Logeerhuis De Linde", StayRespite, "030 123 4567", "https://www.delinde.example"
		})
		path := "/complexe-zorg/plekken/" + strconv.FormatInt(id, 10)
		code, body := do(f.prov, "GET", path, nil)
		if code != http.StatusOK || !strings.Contains(body, `value="030 123 4567"`) || !strings.Contains(body, `value="https://www.delinde.example"`) {
			t.Fatalf("edit form lacks phone or website: %d", code)
		}
		stored := func() Place {
			t.Helper()
			ps, err := f.s.Places(ctx, f.prov, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range ps {
				if p.ID == id {
					return p
				}
			}
			t.Fatal("place gone")
			return Place{}
		}
		form := url.Values{"capaciteit": {"0"}, "bezet": {"0"}, "gemeente": {"GM0344"}, "locatie": {"0"}, "telefoon": {"bel maar"}, "website": {"javascript:alert(1)"}}
		code, body = do(f.prov, "POST", path, form)
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("bad edit: %d", code)
		}
		for _, field := range []string{"capaciteit", "telefoon", "website"} {
			if !strings.Contains(body, `href="#`+field+`"`) || !strings.Contains(body, `id="`+field+`-fout"`) {
				t.Errorf("no error at %s", field)
			}
		}
		if p := stored(); p.Phone != "030 123 4567" || p.Website != "https://www.delinde.example" {
			t.Errorf("a refused form wrote %q %q", p.Phone, p.Website)
		}
		form.Set("capaciteit", "2")
		form.Set("telefoon", "0301234999")
		form.Set("website", "https://logeren.delinde.example/aanmelden")
		if code, body := do(f.prov, "POST", path, form); code != http.StatusSeeOther {
			t.Fatalf("good edit: %d %s", code, body)
		}
		if p := stored(); p.Phone != "030 123 4999" || p.Website != "https://logeren.delinde.example/aanmelden" {
			t.Errorf("stored %q %q", p.Phone, p.Website)
		}
		form.Set("telefoon", "")
		form.Set("website", "")
		if code, _ := do(f.prov, "POST", path, form); code != http.StatusSeeOther {
			t.Fatalf("clearing: %d", code)
		}
		if p := stored(); p.Phone != "" || p.Website != "" {
			t.Errorf("not removed: %q %q", p.Phone, p.Website)
		}
	})
}

// TestDemoWebsitesAreFictional: a demo place's website is under the
// reserved .example domain (never a real organisation's site a relative
// would be sent to), readable as the provider's name with the stay's page.
func TestDemoWebsitesAreFictional(t *testing.T) {
	got := demoWebsite("Zorggroep De Linde", "logeren")
	if got != "https://www.zorggroep-de-linde.example/logeren" || !validWebsite(got) {
		t.Errorf("demo website %q", got)
	}
	if u, err := url.Parse(demoWebsite("'s Heeren Loo", "vakantieopvang")); err != nil || !strings.HasSuffix(u.Host, ".example") || u.Host != "www.s-heeren-loo.example" {
		t.Errorf("demo website host %v %v", u, err)
	}
}

// TestNearRespiteBeyondTheFirstRows: around a municipality every respite
// place is measured, not the first 500 rows: with 520 places in the north
// that sort first, the one place near Zeist (sorting last) is found, and
// first; a distance bound keeps the far ones out, a care need too.
func TestNearRespiteBeyondTheFirstRows(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		for i := range 520 {
			f.place(t, f.orgB, f.locB, 2, func(p *Place) {
				p.Name, p.Stay, p.Region, p.Lat, p.Lon = fmt.Sprintf("A-logeerhuis %03d", i), StayRespite, "ZK01", 53.2+float64(i%10)*0.01, 6.56
			})
		}
		near := f.place(t, f.orgA, f.locA, 2, func(p *Place) {
			p.Name, p.Stay, p.Region, p.Lat, p.Lon, p.Profiles = "Z-logeerkamer Zeist", StayRespite, "ZK99", 52.09, 5.23, []Profile{"VG5"}
		})
		zeist, ok := orgs.MunicipalityByCode("GM0355")
		if !ok {
			t.Fatal("no Zeist")
		}
		if all, _ := f.s.SearchRespite(ctx, RespiteQuery{}); len(all) != 500 {
			t.Fatalf("the list without a municipality holds %d places", len(all))
		}
		got, err := f.s.SearchRespite(ctx, RespiteQuery{Near: zeist, MaxKm: 25})
		if err != nil || len(got) != 1 || got[0].ID != near || got[0].Organisation == "" || got[0].Name != "Z-logeerkamer Zeist" {
			t.Fatalf("within 25 km of Zeist: %d places (%v)", len(got), err)
		}
		got, err = f.s.SearchRespite(ctx, RespiteQuery{Near: zeist})
		if err != nil || len(got) != maxNearPlaces || got[0].ID != near {
			t.Errorf("nearest first without a bound: %d places, first %v (%v)", len(got), got[0].Name, err)
		}
		for i := 1; i < len(got); i++ {
			if HaversineKm(zeist.Lat, zeist.Lon, got[i].Lat, got[i].Lon) < HaversineKm(zeist.Lat, zeist.Lon, got[i-1].Lat, got[i-1].Lon) {
				t.Fatalf("not nearest first at %d", i)
			}
		}
		if got, _ := f.s.SearchRespite(ctx, RespiteQuery{Near: zeist, MaxKm: 100, Need: "LVG"}); len(got) != 0 {
			t.Errorf("an LVG search found the VG5 place: %d", len(got))
		}
	})
}
