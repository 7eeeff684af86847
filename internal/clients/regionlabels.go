package clients

import "github.com/volwaardig/volwaardig/internal/orgs"

// People know a region by its name, the care office's systems by its
// code: the pages show both, "Utrecht (ZK11)" (issue 11); what is stored,
// exported and sent over the API stays the code.

// RegionLabel is the client's region as shown ("" when none).
func (c Client) RegionLabel() string {
	if c.Region == "" {
		return ""
	}
	return orgs.RegionLabel(c.Region)
}

// RegionLabel is the list line's region as shown ("" when none).
func (i ListItem) RegionLabel() string {
	if i.Region == "" {
		return ""
	}
	return orgs.RegionLabel(i.Region)
}

// RegionLabel shows a region code from the form's list of regions.
func (formPage) RegionLabel(code string) string { return orgs.RegionLabel(code) }
