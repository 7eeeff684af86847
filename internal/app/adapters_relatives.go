package app

import (
	"context"
	"math"

	"github.com/volwaardig/volwaardig/internal/orgs"
	"github.com/volwaardig/volwaardig/internal/placement"
	"github.com/volwaardig/volwaardig/internal/relatives"
	"github.com/volwaardig/volwaardig/internal/web"
)

// relativesRespite is the placement module's respite places as the
// relatives module's search (issue 14): the places providers publish with
// a kind of stay for respite, named for a relative (provider, location,
// city, region by name).
type relativesRespite struct {
	places *placement.Service
	orgs   *orgs.Store
}

func newRelativesRespite(a *App) relatives.RespitePlaces {
	return relativesRespite{places: a.module("placement").(*placement.Service), orgs: a.Orgs}
}

func (r relativesRespite) SearchRespite(ctx context.Context, q relatives.RespiteQuery) ([]relatives.RespitePlace, error) {
	ps, err := r.places.SearchRespite(ctx, placement.RespiteQuery{Region: q.Region, From: q.From, To: q.To, Need: q.Need, Near: q.Near, MaxKm: q.MaxKm})
	if err != nil {
		return nil, err
	}
	locs := map[int64]orgs.Location{}
	seen := map[int64]bool{}
	for _, p := range ps {
		if seen[p.OrganisationID] {
			continue
		}
		seen[p.OrganisationID] = true
		ls, err := r.orgs.Locations(ctx, p.OrganisationID)
		if err != nil {
			return nil, err
		}
		for _, l := range ls {
			locs[l.ID] = l
		}
	}
	f := web.NewFormatter()
	out := make([]relatives.RespitePlace, 0, len(ps))
	for _, p := range ps {
		l := locs[p.LocationID]
		profiles := ""
		for i, pr := range p.Profiles {
			if i > 0 {
				profiles += ", "
			}
			profiles += string(pr)
		}
		if profiles == "" {
			profiles = "alle zorgprofielen"
		}
		avail := p.Availability
		if !p.AvailableFrom.IsZero() || !p.AvailableUntil.IsZero() {
			span := "vanaf " + f.Date(p.AvailableFrom)
			switch {
			case p.AvailableFrom.IsZero():
				span = "tot en met " + f.Date(p.AvailableUntil)
			case !p.AvailableUntil.IsZero():
				span = f.Date(p.AvailableFrom) + " tot en met " + f.Date(p.AvailableUntil)
			}
			if avail != "" {
				span += ". " + avail
			}
			avail = span
		}
		km := -1
		if q.Near.Code != "" {
			km = int(math.Round(placement.HaversineKm(q.Near.Lat, q.Near.Lon, p.Lat, p.Lon)))
		}
		// A relative knows the region by its name, not the care office's
		// code; a code that is not one of the 31 is shown as it is.
		region := orgs.RegionName(p.Region)
		if region == "" {
			region = p.Region
		}
		out = append(out, relatives.RespitePlace{Name: p.Name, Provider: p.Organisation, Location: l.Name, City: l.City, Region: region,
			Kind: p.Stay.Label(), Profiles: profiles, Availability: avail, Phone: p.Phone, Website: p.Website, Km: km})
	}
	return out, nil
}

func (r relativesRespite) CountRespite(ctx context.Context) (int, error) {
	return r.places.CountRespite(ctx)
}
