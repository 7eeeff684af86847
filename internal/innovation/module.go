package innovation

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/demo"
	"github.com/volwaardig/volwaardig/internal/module"
	"github.com/volwaardig/volwaardig/internal/web"
)

var _ module.Module = (*Service)(nil)

// Name is the module's code name.
func (s *Service) Name() string { return "innovation" }

// Demo loads the module's demo data (demo.go).
func (s *Service) Demo() demo.Part {
	return demo.Part{Name: "innovatie", Load: s.loadDemo}
}

// Jobs: the module has no deadlines to watch.
func (s *Service) Jobs() []module.Job { return nil }

// Totals are the programme's numbers of the route, computed once for the
// monitor, the figures page and the API.
type Totals struct {
	Projects, OrgsActive, OrgsStopped, Locations, Clients, Technologies, Renewal, RenewalOrgs int
}

// themeKey prefixes the theme lines of totals (the figures page's table
// per theme); the monitor's figures are per region only.
const themeKey = "thema:"

// totals counts per region ("" is the nation) and per theme: technology projects, the
// organisations that continue (a project not stopped) and that stopped
// (only stopped projects), the locations and clients where a running
// project's technology is in use (the latest count per location), the
// catalogue, and the social-innovation trajectories with the
// organisations that carry them.
func (s *Service) totals(ctx context.Context) (map[string]*Totals, error) {
	ps, err := s.store.projectsOf(ctx, nil)
	if err != nil {
		return nil, err
	}
	partners, err := s.store.allPartners(ctx)
	if err != nil {
		return nil, err
	}
	hist, err := s.store.scaleHistory(ctx, 0)
	if err != nil {
		return nil, err
	}
	techs, err := s.store.countTechnologies(ctx)
	if err != nil {
		return nil, err
	}
	var orgIDs []int64
	for _, p := range ps {
		orgIDs = append(orgIDs, p.OrganisationID)
		orgIDs = append(orgIDs, partners[p.ID]...)
	}
	orgInfo, err := s.orgs.ByIDs(ctx, s.d, orgIDs)
	if err != nil {
		return nil, err
	}
	region := func(org int64) string { return orgInfo[org].Region }
	out := map[string]*Totals{"": {Technologies: techs}}
	at := func(r string) *Totals {
		if out[r] == nil {
			out[r] = &Totals{}
		}
		return out[r]
	}
	type key struct {
		region string
		id     int64
	}
	active, stopped, renewalOrgs, locs := map[key]bool{}, map[key]bool{}, map[key]bool{}, map[key]bool{}
	byID := map[int64]Project{}
	for _, p := range ps {
		byID[p.ID] = p
		rs := []string{"", region(p.OrganisationID), themeKey + p.Theme}
		switch p.Kind {
		case KindSocial:
			for _, r := range rs {
				at(r).Renewal++
				for _, o := range append([]int64{p.OrganisationID}, partners[p.ID]...) {
					renewalOrgs[key{r, o}] = true
				}
			}
		default:
			for _, r := range rs {
				at(r).Projects++
				if p.Stopped() {
					stopped[key{r, p.OrganisationID}] = true
				} else {
					active[key{r, p.OrganisationID}] = true
				}
			}
		}
	}
	for k := range active {
		at(k.region).OrgsActive++
	}
	for k := range stopped {
		if !active[k] {
			at(k.region).OrgsStopped++
		}
	}
	for k := range renewalOrgs {
		at(k.region).RenewalOrgs++
	}
	type pl struct{ project, location int64 }
	latest := map[pl]int{}
	for _, h := range hist {
		latest[pl{h.ProjectID, h.LocationID}] = h.Clients
	}
	for k, n := range latest {
		p := byID[k.project]
		if p.Kind != KindTechnology || p.Stopped() || n == 0 {
			continue
		}
		for _, r := range []string{"", region(p.OrganisationID), themeKey + p.Theme} {
			at(r).Clients += n
			if !locs[key{r, k.location}] {
				locs[key{r, k.location}] = true
				at(r).Locations++
			}
		}
	}
	return out, nil
}

// Figures are the programme figures for the monitor: the national line of
// every key, then one per region that has projects.
func (s *Service) Figures(ctx context.Context) ([]module.Figure, error) {
	tot, err := s.totals(ctx)
	if err != nil {
		return nil, fmt.Errorf("innovation: figures: %w", err)
	}
	regions := make([]string, 0, len(tot))
	for r := range tot {
		if r != "" && !strings.HasPrefix(r, themeKey) {
			regions = append(regions, r)
		}
	}
	slices.Sort(regions)
	var out []module.Figure
	for _, r := range append([]string{""}, regions...) {
		t := tot[r]
		out = append(out,
			module.Figure{Key: "innovation.projects", Label: "Innovatieprojecten zorgtechnologie", LabelEN: "Care technology innovation projects", Unit: "projecten", Value: t.Projects, Region: r},
			module.Figure{Key: "innovation.organisations_active", Label: "Organisaties die doorgaan met zorgtechnologie", LabelEN: "Organisations continuing with care technology", Unit: "organisaties", Value: t.OrgsActive, Region: r},
			module.Figure{Key: "innovation.organisations_stopped", Label: "Organisaties die stopten", LabelEN: "Organisations that stopped", Unit: "organisaties", Value: t.OrgsStopped, Region: r},
			module.Figure{Key: "innovation.locations", Label: "Locaties waar de technologie in gebruik is", LabelEN: "Locations using the technology", Unit: "locaties", Value: t.Locations, Region: r},
			module.Figure{Key: "innovation.clients", Label: "Cliënten die de technologie gebruiken", LabelEN: "Clients using the technology", Unit: "personen", Value: t.Clients, Region: r, Persons: true},
		)
		if r == "" {
			out = append(out, module.Figure{Key: "innovation.technologies", Label: "Technologieën in de catalogus", LabelEN: "Technologies in the catalogue", Unit: "technologieën", Value: t.Technologies})
		}
		out = append(out,
			module.Figure{Key: "innovation.renewal_trajectories", Label: "Vernieuwingstrajecten Begeleiding à la carte", LabelEN: "Begeleiding à la carte renewal trajectories", Unit: "trajecten", Value: t.Renewal, Region: r},
			module.Figure{Key: "innovation.renewal_organisations", Label: "Organisaties in Begeleiding à la carte", LabelEN: "Organisations in Begeleiding à la carte", Unit: "organisaties", Value: t.RenewalOrgs, Region: r},
		)
	}
	return out, nil
}

// Inzage (module.Module) is the module's part of a client's right-of-access
// export: the innovation projects the client takes part in. The register
// audits the export itself.
func (s *Service) Inzage(ctx context.Context, clientID int64) (clients.Section, error) {
	parts, err := s.store.participationOf(ctx, clientID)
	if err != nil {
		return clients.Section{}, err
	}
	sec := clients.Section{Key: "innovation", Title: "Innovatieprojecten", Intro: "Projecten met zorgtechnologie of nieuwe begeleiding waaraan de cliënt meedoet."}
	tbl := clients.SectionTable{Caption: "Deelname aan innovatieprojecten", Header: []string{"Project", "Organisatie", "Thema", "Fase", "Technologie of aanpak", "Deelnemer sinds"}}
	loc := web.Amsterdam()
	for _, pa := range parts {
		pr, err := s.store.project(ctx, s.d, pa.ProjectID)
		if err != nil {
			return sec, err
		}
		ps := []Project{pr}
		if err := s.nameProjects(ctx, ps); err != nil {
			return sec, err
		}
		pr = ps[0]
		tbl.Rows = append(tbl.Rows, []string{pr.Title, pr.OrganisationName, pr.ThemeName, pr.Phase.Label(), firstNonEmpty(pr.TechnologyName, pr.Approach), pa.AddedAt.In(loc).Format("02-01-2006")})
	}
	if len(tbl.Rows) > 0 {
		sec.Tables = []clients.SectionTable{tbl}
	} else {
		sec.Fields = []clients.Field{{Label: "Innovatieprojecten", Value: "Geen"}}
	}
	return sec, nil
}
