package support

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/demo"
	"github.com/volwaardig/volwaardig/internal/module"
	"github.com/volwaardig/volwaardig/internal/orgs"
)

var _ module.Module = (*Service)(nil)
var _ module.Today = (*Service)(nil)

// Name is the module's code name.
func (s *Service) Name() string { return "support" }

// Demo loads the module's demo data (demo.go).
func (s *Service) Demo() demo.Part {
	return demo.Part{Name: "ondersteuning", Load: func(ctx context.Context, w *demo.World) error { return s.loadDemo(ctx, w) }}
}

// Jobs: the referral watch, which tells a supporter when a family's
// register case moves to another phase.
func (s *Service) Jobs() []module.Job {
	return []module.Job{{Name: "support_referral_watch", Every: 5 * time.Minute, Round: func(ctx context.Context) error {
		_, err := s.WatchReferrals(ctx)
		return err
	}}}
}

// Figures are the programme figures: families in support now, in total
// and per pilot (persons), the supporters working for them and the hours
// logged in the last twelve months; nationally and per care-office region.
func (s *Service) Figures(ctx context.Context) ([]module.Figure, error) {
	counts, err := s.store.activeFamilies(ctx)
	if err != nil {
		return nil, fmt.Errorf("support: figures: %w", err)
	}
	supporters, err := s.store.supportersByRegion(ctx)
	if err != nil {
		return nil, fmt.Errorf("support: figures: %w", err)
	}
	minutes, err := s.store.minutesByRegion(ctx, s.now().AddDate(-1, 0, 0))
	if err != nil {
		return nil, fmt.Errorf("support: figures: %w", err)
	}
	families := map[string]int{"": 0}
	perPilot := map[string]map[Pilot]int{"": {}}
	for _, c := range counts {
		if perPilot[c.Region] == nil {
			perPilot[c.Region] = map[Pilot]int{}
		}
		families[""] += c.N
		perPilot[""][c.Pilot] += c.N
		if c.Region != "" {
			families[c.Region] += c.N
			perPilot[c.Region][c.Pilot] += c.N
		}
	}
	regions := []string{""}
	seen := map[string]bool{"": true}
	for _, m := range []map[string]int{families, supporters, minutes} {
		for r := range m {
			if !seen[r] {
				seen[r] = true
				regions = append(regions, r)
			}
		}
	}
	sort.Strings(regions[1:])
	var out []module.Figure
	for _, r := range regions {
		out = append(out,
			module.Figure{Key: "support.families", Label: "Gezinnen met specialistische cliëntondersteuning", LabelEN: "Families with specialised client support", Unit: "gezinnen", Value: families[r], Region: r, Persons: true})
		for _, p := range Pilots() {
			out = append(out, module.Figure{Key: "support.families." + string(p), Label: "Gezinnen in de pilot " + p.Short(), LabelEN: "Families in the " + p.Short() + " pilot",
				Unit: "gezinnen", Value: perPilot[r][p], Region: r, Persons: true})
		}
		out = append(out,
			module.Figure{Key: "support.supporters", Label: "Cliëntondersteuners met een caseload", LabelEN: "Client supporters with a caseload", Unit: "ondersteuners", Value: supporters[r], Region: r},
			module.Figure{Key: "support.hours_12m", Label: "Uren ondersteuning in de afgelopen twaalf maanden", LabelEN: "Hours of support in the last twelve months", Unit: "uren", Value: (minutes[r] + 30) / 60, Region: r})
	}
	return out, nil
}

// Inzage (module.Module) is the module's part of the client's
// right-of-access export: the family files with who has access, the goals,
// the log and the measurements. The register audits the export itself.
func (s *Service) Inzage(ctx context.Context, clientID int64) (clients.Section, error) {
	fs, err := s.store.familiesOfClient(ctx, clientID)
	if err != nil {
		return clients.Section{}, err
	}
	sec := clients.Section{Key: "support", Title: "Cliëntondersteuning", Intro: "Het gezinsdossier van de specialistische cliëntondersteuning: wie toegang heeft, de doelen, de acties en de metingen."}
	if len(fs) == 0 {
		sec.Fields = []clients.Field{{Label: "Gezinsdossier", Value: "Geen"}}
		return sec, nil
	}
	ptrs := make([]*Family, len(fs))
	for i := range fs {
		ptrs[i] = &fs[i]
	}
	if err := s.nameFamilies(ctx, ptrs); err != nil {
		return sec, err
	}
	date := func(t interface{ Format(string) string }) string { return t.Format("02-01-2006") }
	fam := clients.SectionTable{Caption: "Gezinsdossiers", Header: []string{"Pilot", "Regio", "Cliëntondersteuner", "Intake", "Beëindigd", "Reden van beëindiging"}}
	access := clients.SectionTable{Caption: "Wie heeft toegang (gegeven door het gezin)", Header: []string{"Wie", "Soort", "Onderdelen", "Gegeven op", "Ingetrokken op"}}
	goals := clients.SectionTable{Caption: "Doelen per levensdomein", Header: []string{"Levensdomein", "Doel", "Volgende stap", "Voortgang"}}
	acts := clients.SectionTable{Caption: "Acties en knelpunten", Header: []string{"Datum", "Soort", "Onderwerp", "Uitkomst", "Minuten"}}
	meas := clients.SectionTable{Caption: "Metingen", Header: []string{"Datum", "Moment", "Kwaliteit van leven", "Belasting door regelen", "Uren voor gezin en rust"}}
	netw := clients.SectionTable{Caption: "Netwerk", Header: []string{"Naam", "Wie", "Soort"}}
	refs := clients.SectionTable{Caption: "Aanmeldingen bij het zorgkantoor voor een plek", Header: []string{"Datum", "Kenmerk", "Zorgprofiel", "Dossierhouder", "Reden"}}
	elig := clients.SectionTable{Caption: "Toelating tot de pilot", Header: []string{"Datum", "Pilot", "Besluit", "Voldoet aan", "Toelichting"}}
	for _, f := range fs {
		ended, why := "", ""
		if !f.EndedOn.IsZero() {
			ended = date(f.EndedOn)
			e, ok, err := s.endingOf(ctx, f.ID)
			if err != nil {
				return sec, err
			}
			if ok {
				why = e.Reason.Label()
				if e.Note != "" {
					why += ": " + e.Note
				}
			}
		}
		fam.Rows = append(fam.Rows, []string{f.Pilot.Short(), orgs.RegionLabel(f.Region), f.Supporter, date(f.IntakeOn), ended, why})
		gs, err := s.grantsNamed(ctx, f.ID)
		if err != nil {
			return sec, err
		}
		for _, g := range gs {
			w := ""
			if !g.WithdrawnAt.IsZero() {
				w = date(g.WithdrawnAt)
			}
			var names []string
			for _, x := range g.Sections {
				names = append(names, x.Label())
			}
			access.Rows = append(access.Rows, []string{g.UserName, grantKindLabel(g.Kind), joinLabels(names), date(g.GrantedAt), w})
		}
		gl, err := s.store.goals(ctx, f.ID)
		if err != nil {
			return sec, err
		}
		for _, g := range gl {
			goals.Rows = append(goals.Rows, []string{g.Domain.Label(), g.Goal, g.NextStep, strconv.Itoa(g.Progress) + " %"})
		}
		as, err := s.store.actions(ctx, f.ID)
		if err != nil {
			return sec, err
		}
		for _, a := range as {
			acts.Rows = append(acts.Rows, []string{date(a.HappenedOn), a.Kind.Label(), a.Subject, a.Outcome, strconv.Itoa(a.Minutes)})
		}
		ms, err := s.store.measurements(ctx, f.ID)
		if err != nil {
			return sec, err
		}
		for _, m := range ms {
			meas.Rows = append(meas.Rows, []string{date(m.MeasuredOn), m.Moment.Label(), strconv.Itoa(m.Quality), strconv.Itoa(m.Burden), strconv.Itoa(m.RestHours)})
		}
		es, err := s.store.eligibility(ctx, f.ID)
		if err != nil {
			return sec, err
		}
		for _, e := range es {
			decision := "Afgewezen"
			if e.Admitted {
				decision = "Toegelaten"
			}
			elig.Rows = append(elig.Rows, []string{date(e.DecidedAt), e.Pilot.Short(), decision, joinLabels(e.MetLabels()), e.Note})
		}
		rs, err := s.store.referrals(ctx, f.ID)
		if err != nil {
			return sec, err
		}
		for _, r := range rs {
			refs.Rows = append(refs.Rows, []string{date(r.ReferredAt), r.Ref, r.Profile, r.Dossierhouder, r.Reason})
		}
		nw, err := s.store.network(ctx, f.ID)
		if err != nil {
			return sec, err
		}
		for _, m := range nw {
			netw.Rows = append(netw.Rows, []string{m.Name, m.Relation, NetworkKindLabel(m.Kind)})
		}
	}
	for _, t := range []clients.SectionTable{fam, elig, refs, access, goals, netw, acts, meas} {
		if len(t.Rows) > 0 {
			sec.Tables = append(sec.Tables, t)
		}
	}
	return sec, nil
}

func joinLabels(ls []string) string {
	out := ""
	for i, l := range ls {
		if i > 0 {
			out += ", "
		}
		out += l
	}
	return out
}
