package placement

import "github.com/volwaardig/volwaardig/internal/orgs"

// People know a region by its name, the care office's systems by its
// code: the pages show both, "Utrecht (ZK11)" (issue 11), while what is
// stored, exported and sent over the API stays the code. These methods are
// what the templates call instead of printing the code alone.

// RegionLabel is the person's region as shown.
func (p Person) RegionLabel() string { return orgs.RegionLabel(p.Region) }

// RegionName is the person's region by its name alone ("Utrecht"), for
// easy-read and client pages that show no codes.
func (p Person) RegionName() string {
	if n := orgs.RegionName(p.Region); n != "" {
		return n
	}
	return p.Region
}

// WishRegionLabel is the wished region as shown.
func (p Person) WishRegionLabel() string { return orgs.RegionLabel(p.WishRegion) }

// RegionLabel is the place's region as shown.
func (p Place) RegionLabel() string { return orgs.RegionLabel(p.Region) }

// RegionLabel is the proposal's region as shown.
func (p Proposal) RegionLabel() string { return orgs.RegionLabel(p.Region) }

// RegionLabel is the run's region as shown ("" for the whole country).
func (r Run) RegionLabel() string {
	if r.Region == "" {
		return ""
	}
	return orgs.RegionLabel(r.Region)
}

// RegionLabel is the monitor row's region as shown.
func (f RegionFigures) RegionLabel() string { return orgs.RegionLabel(f.Region) }

// RegionLabel is the register row's region as shown.
func (r registerRow) RegionLabel() string { return orgs.RegionLabel(r.Region) }

// RegionLabel shows a region code from the form's list of regions.
func (newCaseData) RegionLabel(code string) string { return orgs.RegionLabel(code) }

// RegionLabel shows a region code from the batch form's list of regions.
func (batchData) RegionLabel(code string) string { return orgs.RegionLabel(code) }

// ScopeLabel is the report's region as shown ("" for the country).
func (g GapReport) ScopeLabel() string {
	if g.Scope == "" {
		return ""
	}
	return orgs.RegionLabel(g.Scope)
}
