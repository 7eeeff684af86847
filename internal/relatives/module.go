package relatives

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/demo"
	"github.com/volwaardig/volwaardig/internal/module"
	"github.com/volwaardig/volwaardig/internal/web"
)

var _ module.Module = (*Service)(nil)

// Name is the module's code name.
func (s *Service) Name() string { return "relatives" }

// Demo loads the module's demo data (demo.go).
func (s *Service) Demo() demo.Part {
	return demo.Part{Name: "naasten", Load: func(ctx context.Context, w *demo.World) error { return s.loadDemo(ctx, w) }}
}

// Jobs is the review reminder: the owner of a plan whose review date
// passed is told once (until the plan is saved again).
func (s *Service) Jobs() []module.Job {
	return []module.Job{{Name: "relatives_review_reminders", Every: s.cfg.RemindEvery, Round: func(ctx context.Context) error {
		_, err := s.RemindReviews(ctx)
		return err
	}}}
}

// Inzage (module.Module) is the module's part of a client's right-of-access
// export: every plan in the client's record, with who wrote it, what it
// says and with whom it is shared. The register audits the export itself.
func (s *Service) Inzage(ctx context.Context, clientID int64) (clients.Section, error) {
	ps, err := s.ClientPlans(ctx, clientID)
	if err != nil {
		return clients.Section{}, err
	}
	sec := clients.Section{Key: "relatives", Title: "Plannen van naasten", Intro: "Zorgtestament of goed-leven-plan dat een vertegenwoordiger over de cliënt bijhoudt, en met wie het gedeeld is."}
	if len(ps) == 0 {
		sec.Fields = []clients.Field{{Label: "Plannen van naasten", Value: "Geen"}}
		return sec, nil
	}
	f := web.NewFormatter()
	plans := clients.SectionTable{Caption: "Plannen", Header: []string{"Plan", "Opgesteld door", "Bijgewerkt op", "Volgende controle"}}
	texts := clients.SectionTable{Caption: "Inhoud van de plannen", Header: []string{"Plan", "Onderdeel", "Tekst"}}
	shares := clients.SectionTable{Caption: "Gedeeld met", Header: []string{"Plan", "Persoon", "Onderdelen", "Sinds", "Gestopt op"}}
	for _, pl := range ps {
		plans.Rows = append(plans.Rows, []string{pl.Title, pl.OwnerName, f.Date(pl.UpdatedAt), f.Date(pl.ReviewAt)})
		for _, sc := range Sections {
			if t := pl.Text[sc.Code]; t != "" {
				texts.Rows = append(texts.Rows, []string{pl.Title, sc.Label, t})
			}
		}
		for _, sh := range pl.Shares {
			stopped := ""
			if !sh.Active() {
				stopped = f.Date(sh.RevokedAt)
			}
			shares.Rows = append(shares.Rows, []string{pl.Title, sh.Name, strings.Join(sh.SectionLabels(), ", "), f.Date(sh.GrantedAt), stopped})
		}
	}
	sec.Tables = []clients.SectionTable{plans, texts}
	if len(shares.Rows) > 0 {
		sec.Tables = append(sec.Tables, shares)
	}
	return sec, nil
}

// Figures are the module's programme figures: the latest published
// survey measurement (a cycle with fewer than five answers is not
// published, so its percentages are never offered), among them the share
// who feel they must always be ready (the letters' "three in five"), the
// people with a plan, call-backs in twelve months and the respite places
// published.
func (s *Service) Figures(ctx context.Context) ([]module.Figure, error) {
	rs, err := s.Results(ctx)
	if err != nil {
		return nil, fmt.Errorf("relatives: figures: %w", err)
	}
	last, _ := Latest(rs)
	plans, err := s.store.countPlanPersons(ctx)
	if err != nil {
		return nil, fmt.Errorf("relatives: figures: %w", err)
	}
	calls, err := s.store.countCallbacksSince(ctx, s.now().AddDate(-1, 0, 0))
	if err != nil {
		return nil, fmt.Errorf("relatives: figures: %w", err)
	}
	places := 0
	if s.respite != nil {
		if places, err = s.respite.CountRespite(ctx); err != nil {
			return nil, fmt.Errorf("relatives: figures: %w", err)
		}
	}
	cycle := ""
	if last.Cycle.Name != "" {
		cycle = " (" + last.Cycle.Name + ")"
	}
	return []module.Figure{
		{Key: "relatives.survey_score", Label: "Gemiddeld rapportcijfer kwaliteit van leven van naasten" + cycle, LabelEN: "Average quality-of-life mark of relatives" + cycle, Unit: "cijfer", Value: last.Score, Decimals: 1},
		{Key: "relatives.survey_good_pct", Label: "Naasten met een goede of zeer goede kwaliteit van leven" + cycle, LabelEN: "Relatives with a good or very good quality of life" + cycle, Unit: "procent", Value: last.GoodPct},
		{Key: "relatives.survey_happy_pct", Label: "Naasten die zich gelukkig voelen" + cycle, LabelEN: "Relatives who feel happy" + cycle, Unit: "procent", Value: last.HappyPct},
		{Key: "relatives.survey_not_satisfied_pct", Label: "Naasten die niet tevreden zijn over hun steun" + cycle, LabelEN: "Relatives not satisfied with their support" + cycle, Unit: "procent", Value: last.NotSatisfiedPct},
		{Key: "relatives.survey_always_ready_pct", Label: "Naasten die het gevoel hebben dat zij altijd klaar moeten staan" + cycle, LabelEN: "Relatives who feel they must always be ready" + cycle, Unit: "procent", Value: last.AlwaysReadyPct},
		{Key: "relatives.survey_respondents", Label: "Naasten die de vragenlijst invulden" + cycle, LabelEN: "Relatives who answered the survey" + cycle, Unit: "personen", Value: last.Respondents.N, Persons: true},
		{Key: "relatives.plans", Label: "Mensen met een plan van een naaste (zorgtestament, goed-leven-plan)", LabelEN: "People with a relative's plan (care will, good-life plan)", Unit: "personen", Value: plans, Persons: true},
		{Key: "relatives.callbacks_12m", Label: "Terugbelverzoeken aan ervaringsdeskundigen in de afgelopen twaalf maanden", LabelEN: "Call-back requests to experts by experience in the last twelve months", Unit: "verzoeken", Value: calls},
		{Key: "relatives.respite_places", Label: "Gepubliceerde logeer- en deeltijdplekken", LabelEN: "Published respite and part-time stay places", Unit: "plekken", Value: places},
	}, nil
}

func idString(id int64) string { return strconv.FormatInt(id, 10) }

// parseID reads a positive id from a form value; 0 for anything else.
func parseID(s string) int64 {
	id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || id <= 0 {
		return 0
	}
	return id
}
