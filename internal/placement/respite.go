package placement

import (
	"cmp"
	"context"
	"math"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/orgs"
)

// RespiteQuery is a relative's search for part-time stay or respite: the
// care-office region ("" = all), the days of the stay (zero = open) and
// the care need as a Wlz sector (VG, LVG, LG, ZG; "" = any).
type RespiteQuery struct {
	Region   string
	From, To time.Time
	Need     string
	// Near is the relative's municipality (Code "" = none): the places
	// then come nearest first, within MaxKm of its centre (0 = any
	// distance), at most maxNearPlaces of them.
	Near  orgs.Municipality
	MaxKm int
}

// maxNearPlaces bounds a distance search's answer: a relative reads the
// nearest places, not the country's.
const maxNearPlaces = 200

// SearchRespite lists the respite places providers published that have a
// free place and fit the query (issue 14: the relatives module searches
// them through internal/app). A place without profiles serves every
// need; a need matches a profile of its sector (VG matches VG5, not LVG2).
func (s *Service) SearchRespite(ctx context.Context, q RespiteQuery) ([]Place, error) {
	if q.Near.Code != "" {
		return s.nearestRespite(ctx, q)
	}
	ps, err := s.store.respitePlaces(ctx, s.db, q.Region, q.From, q.To)
	if err != nil || q.Need == "" {
		return ps, err
	}
	var out []Place
	for _, p := range ps {
		if servesSector(p.Profiles, q.Need) {
			out = append(out, p)
		}
	}
	return out, nil
}

// nearestRespite is the search around a municipality: the position of
// every fitting place is read (within a box around the distance, when
// there is one) and measured, so a near place is found however many
// places the country has; only the nearest are then read whole.
func (s *Service) nearestRespite(ctx context.Context, q RespiteQuery) ([]Place, error) {
	var box *[4]float64
	if q.MaxKm > 0 {
		// A degree of latitude is 111 km; of longitude 111 km times the
		// cosine of the latitude. One km extra: the answer rounds.
		dLat := float64(q.MaxKm+1) / 111.0
		dLon := float64(q.MaxKm+1) / (111.32 * math.Cos(q.Near.Lat*math.Pi/180))
		box = &[4]float64{q.Near.Lat - dLat, q.Near.Lat + dLat, q.Near.Lon - dLon, q.Near.Lon + dLon}
	}
	spots, err := s.store.respiteSpots(ctx, s.db, q.Region, q.From, q.To, box)
	if err != nil {
		return nil, err
	}
	type near struct {
		id int64
		km float64
	}
	var hits []near
	for _, sp := range spots {
		if q.Need != "" && !servesSector(sp.Profiles, q.Need) {
			continue
		}
		km := HaversineKm(q.Near.Lat, q.Near.Lon, sp.Lat, sp.Lon)
		if q.MaxKm > 0 && math.Round(km) > float64(q.MaxKm) {
			continue
		}
		hits = append(hits, near{sp.ID, km})
	}
	slices.SortFunc(hits, func(a, b near) int {
		if c := cmp.Compare(a.km, b.km); c != 0 {
			return c
		}
		return cmp.Compare(a.id, b.id)
	})
	hits = hits[:min(len(hits), maxNearPlaces)]
	ids := make([]int64, len(hits))
	for i, h := range hits {
		ids[i] = h.id
	}
	byID, err := s.store.placesByID(ctx, s.db, ids)
	if err != nil {
		return nil, err
	}
	out := make([]Place, 0, len(ids))
	for _, id := range ids {
		if p, ok := byID[id]; ok {
			out = append(out, p)
		}
	}
	return out, nil
}

// servesSector reports whether profiles (empty = all) include one of
// sector: the profile's letters before its number are the sector.
func servesSector(profiles []Profile, sector string) bool {
	if len(profiles) == 0 {
		return true
	}
	for _, p := range profiles {
		if strings.TrimRight(string(p), "0123456789") == sector {
			return true
		}
	}
	return false
}

// CountRespite is the number of respite places published, for the
// programme figures.
func (s *Service) CountRespite(ctx context.Context) (int, error) {
	return s.store.countRespite(ctx, s.db)
}

// phoneOK accepts no number or a Dutch number as auth.NormalizePhone reads
// it: one rule for every phone number the product stores for people to
// call (accounts, respite places).
func phoneOK(s string) bool {
	_, ok := auth.NormalizePhone(s)
	return ok
}

// validWebsite accepts a full web address (http or https with a host), so
// the link a relative follows leads to a site and never runs script.
func validWebsite(s string) bool {
	if utf8.RuneCountInString(s) > 200 || strings.ContainsAny(s, " \t\n\"'<>") {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && strings.Contains(u.Host, ".")
}
