package safety

import (
	"context"
	"fmt"
	"sort"

	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/demo"
	"github.com/volwaardig/volwaardig/internal/module"
	"github.com/volwaardig/volwaardig/internal/web"
)

var _ module.Module = (*Service)(nil)

// Name is the module's code name.
func (s *Service) Name() string { return "safety" }

// Demo loads the module's demo data: a handful of reports at the home
// provider in different meldcode steps for the demo confidential adviser
// (small), or reports at every provider over the last year (national).
func (s *Service) Demo() demo.Part {
	return demo.Part{Name: "meldingen", Load: func(ctx context.Context, w *demo.World) error { return s.loadDemo(ctx, w, s.now()) }}
}

// Jobs: the module has no deadlines of its own.
func (s *Service) Jobs() []module.Job { return nil }

// Figures are the programme figures: reports and advice requests of the
// last twelve months and those open now, nationally and per care-office
// region of the provider concerned. Each is a count of people (one report
// is one reporter), so the monitor hides 1–4.
func (s *Service) Figures(ctx context.Context) ([]module.Figure, error) {
	rows, err := s.store.figures(ctx, s.now().AddDate(-1, 0, 0))
	if err != nil {
		return nil, fmt.Errorf("safety: figures: %w", err)
	}
	var total figureRow
	for _, r := range rows {
		total.Reports += r.Reports
		total.Advice += r.Advice
		total.Open += r.Open
	}
	line := func(r figureRow, region string) []module.Figure {
		return []module.Figure{
			{Key: "safety.reports_12m", Label: "Meldingen van geweld in de zorg in de afgelopen twaalf maanden", LabelEN: "Reports of violence in care in the last twelve months", Unit: "meldingen", Value: r.Reports, Region: region, Persons: true},
			{Key: "safety.advice_12m", Label: "Adviesvragen over geweld in de zorg in de afgelopen twaalf maanden", LabelEN: "Requests for advice on violence in care in the last twelve months", Unit: "adviesvragen", Value: r.Advice, Region: region, Persons: true},
			{Key: "safety.open", Label: "Meldingen en adviesvragen in behandeling", LabelEN: "Reports and advice requests being handled", Unit: "meldingen", Value: r.Open, Region: region, Persons: true},
		}
	}
	out := line(total, "")
	sort.Slice(rows, func(i, j int) bool { return rows[i].Region < rows[j].Region })
	for _, r := range rows {
		if r.Region != "" {
			out = append(out, line(r, r.Region)...)
		}
	}
	return out, nil
}

// Inzage (module.Module) is the module's part of a client's right-of-access
// export: the reports the client made with an account, once closed. A
// report being handled is left out, and so is every report's content:
// a representative may read the export and may be the person reported.
// The client hears about an open report through the status code and the
// confidential adviser.
func (s *Service) Inzage(ctx context.Context, clientID int64) (clients.Section, error) {
	rs, err := s.store.reportsAboutClient(ctx, clientID)
	if err != nil {
		return clients.Section{}, err
	}
	sec := clients.Section{Key: "safety", Title: "Meldingen van geweld of misbruik",
		Intro: "Afgeronde meldingen die u met uw account deed. Een melding die nog loopt staat hier niet; die volgt u met uw code. De inhoud vraagt u op bij de vertrouwenspersoon."}
	tbl := clients.SectionTable{Caption: "Afgeronde meldingen", Header: []string{"Verstuurd op", "Soort", "Afgesloten op"}}
	f := web.NewFormatter()
	for _, r := range rs {
		if r.Status.Open() {
			continue
		}
		tbl.Rows = append(tbl.Rows, []string{f.Date(r.CreatedAt), r.Kind.Label(), f.Date(r.ClosedAt)})
	}
	if len(tbl.Rows) > 0 {
		sec.Tables = []clients.SectionTable{tbl}
	} else {
		sec.Fields = []clients.Field{{Label: "Afgeronde meldingen", Value: "Geen"}}
	}
	return sec, nil
}
