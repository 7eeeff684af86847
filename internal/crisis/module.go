package crisis

import (
	"context"
	"fmt"
	"sort"

	"github.com/volwaardig/volwaardig/internal/demo"
	"github.com/volwaardig/volwaardig/internal/module"
)

var _ module.Module = (*Service)(nil)

// Name is the module's code name.
func (s *Service) Name() string { return "crisis" }

// Demo loads the crisis module's demo data: the 14 C.O.T.s, contracted
// crisis beds in every region, and about half a year of crises, with open
// cases in the home region for the demo crisisregisseur and cases for team
// 1 for the demo cot account.
func (s *Service) Demo() demo.Part {
	return demo.Part{Name: "crisis", Load: func(ctx context.Context, w *demo.World) error { return s.loadDemo(ctx, w, s.clock.Now().UTC()) }}
}

// Jobs is the deadline check: the admission clock and crisis stays.
func (s *Service) Jobs() []module.Job {
	return []module.Job{{Name: "crisis_deadlines", Every: s.cfg.CheckEvery, Round: func(ctx context.Context) error {
		_, err := s.CheckDeadlines(ctx)
		return err
	}}}
}

// Figures are the national crisis figures for the programme monitor:
// crises reported in the last twelve months and those open now, the
// active C.O.T.s and the contracted crisis beds.
func (s *Service) Figures(ctx context.Context) ([]module.Figure, error) {
	since := s.now().AddDate(-1, 0, 0)
	year, open, teams, beds, err := s.store.moduleFigures(ctx, since)
	if err != nil {
		return nil, fmt.Errorf("crisis: figures: %w", err)
	}
	lines := func(region string, year, open, teams, beds int) []module.Figure {
		return []module.Figure{
			{Key: "crisis.reported_12m", Label: "Crisismeldingen in de afgelopen twaalf maanden", LabelEN: "Crises reported in the last twelve months", Unit: "meldingen", Value: year, Persons: true, Region: region},
			{Key: "crisis.open", Label: "Crises die nu lopen", LabelEN: "Crises open now", Unit: "meldingen", Value: open, Persons: true, Region: region},
			{Key: "crisis.teams", Label: "Actieve C.O.T.'s", LabelEN: "Active crisis teams (C.O.T.)", Unit: "teams", Value: teams, Region: region},
			{Key: "crisis.beds", Label: "Gecontracteerde crisisbedden", LabelEN: "Contracted crisis beds", Unit: "bedden", Value: beds, Region: region},
		}
	}
	out := lines("", year, open, teams, beds)
	// One line per region as well, so the monitor can filter by region.
	regions, err := s.store.regionFigures(ctx, since)
	if err != nil {
		return nil, fmt.Errorf("crisis: figures per region: %w", err)
	}
	codes := make([]string, 0, len(regions))
	for r := range regions {
		codes = append(codes, r)
	}
	sort.Strings(codes)
	for _, r := range codes {
		n := regions[r]
		out = append(out, lines(r, n[0], n[1], n[2], n[3])...)
	}
	return out, nil
}
