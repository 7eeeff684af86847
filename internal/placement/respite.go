package placement

import (
	"context"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/volwaardig/volwaardig/internal/auth"
)

// RespiteQuery is a relative's search for part-time stay or respite: the
// care-office region ("" = all), the days of the stay (zero = open) and
// the care need as a Wlz sector (VG, LVG, LG, ZG; "" = any).
type RespiteQuery struct {
	Region   string
	From, To time.Time
	Need     string
}

// SearchRespite lists the respite places providers published that have a
// free place and fit the query (issue 14: the relatives module searches
// them through internal/app). A place without profiles serves every
// need; a need matches a profile of its sector (VG matches VG5, not LVG2).
func (s *Service) SearchRespite(ctx context.Context, q RespiteQuery) ([]Place, error) {
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
