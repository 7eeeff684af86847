package crisis

import "github.com/volwaardig/volwaardig/internal/orgs"

// People know a region by its name, the care office's systems by its
// code: the pages show both, "Utrecht (ZK11)" (issue 11); what is stored,
// sent over the API and put in hidden form fields stays the code.

// RegionLabel is the crisis's region as shown.
func (c Case) RegionLabel() string { return orgs.RegionLabel(c.Region) }

// EscalatedToLabel is the region the crisis was escalated to, as shown
// ("" when it was not).
func (c Case) EscalatedToLabel() string {
	if c.EscalatedTo == "" {
		return ""
	}
	return orgs.RegionLabel(c.EscalatedTo)
}

// RegionLabel is the bed's region as shown.
func (b Bed) RegionLabel() string { return orgs.RegionLabel(b.Region) }

// RegionLabel is the settings' region as shown.
func (s Settings) RegionLabel() string { return orgs.RegionLabel(s.Region) }

// RegionLabel is the monitor row's region as shown.
func (r RegionMonth) RegionLabel() string { return orgs.RegionLabel(r.Region) }

// RegionLabel is the region whose beds and teams the decision page lists.
func (d decidePage) RegionLabel() string { return orgs.RegionLabel(d.Region) }

// LabelOf shows a region code from the decision form's list of regions.
func (decidePage) LabelOf(code string) string { return orgs.RegionLabel(code) }

// RegionLabel shows a region code from the report form's list of regions.
func (intakePage) RegionLabel(code string) string { return orgs.RegionLabel(code) }
