package placement

import (
	"context"
	"errors"
	"log/slog"
	"sort"
	"strconv"
	"time"

	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/demo"
	"github.com/volwaardig/volwaardig/internal/module"
	"github.com/volwaardig/volwaardig/internal/orgs"
	"github.com/volwaardig/volwaardig/internal/web"
)

var _ module.Module = (*Service)(nil)

// Deps are what the module is built from (the module contract, DESIGN §6).
type Deps struct {
	DB    *db.DB
	Clock db.Clock
	Audit Auditor
	// Notify may be nil: then nobody is told (benchmarks).
	Notify Notifier
	// Contacts finds who answers a proposal for a client; nil tells only
	// the care office.
	Contacts ClientContacts
	// Clients decides what a principal may do for a client. Without it
	// nobody reaches a client through the module: registering and the
	// client's own pages are refused (the demo loader and benchmarks need
	// no person to act).
	Clients ClientAccess
	// Creator makes the extra clients of the national demo scale; nil
	// loads no national set.
	Creator ClientCreator
	// Orgs names organisations on the pages; required with a Renderer.
	Orgs Organisations
	// Renderer is needed by Routes; nil for store-only use.
	Renderer *web.Renderer
	Logger   *slog.Logger
	Config   Config
}

// New builds the module.
func New(d Deps) (*Service, error) {
	if d.DB == nil || d.Audit == nil {
		return nil, errors.New("placement: database and audit log are required")
	}
	if d.Renderer != nil && (d.Orgs == nil || d.Clients == nil) {
		return nil, errors.New("placement: the pages need the organisations and the client register")
	}
	if d.Clock == nil {
		d.Clock = db.SystemClock{}
	}
	cfg := d.Config
	if cfg.Consequences == nil {
		cfg.Consequences = DefaultConsequences()
	}
	if cfg.HoldWarning <= 0 {
		cfg.HoldWarning = 48 * time.Hour
	}
	if cfg.EscalationGrace <= 0 {
		cfg.EscalationGrace = 30 * 24 * time.Hour
	}
	if cfg.JobInterval <= 0 {
		cfg.JobInterval = time.Minute
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Service{db: d.DB, store: newStore(d.DB), clock: d.Clock, audit: d.Audit, notify: d.Notify, contacts: d.Contacts, reg: d.Clients, creator: d.Creator, orgs: d.Orgs,
		cfg: cfg, logger: d.Logger, rd: d.Renderer, runs: make(chan struct{}, 1)}
	if s.rd != nil {
		s.parseTemplates()
	}
	return s, nil
}

// Name is the module's code name.
func (s *Service) Name() string { return "placement" }

// Demo is the module's part of the demo data set (see loadDemo).
func (s *Service) Demo() demo.Part {
	return demo.Part{Name: "complexe zorg", Load: func(ctx context.Context, w *demo.World) error {
		if err := s.loadDemo(ctx, w, s.creator); err != nil {
			return err
		}
		// One round of the job, so the demo starts as it stands after it:
		// deadlines told and overdue cases at the national table, rather
		// than a national table that is empty until the first round.
		_, err := s.RunJobOnce(ctx)
		return err
	}}
}

// Jobs is the background job: deadlines, expiring holds, escalation to
// the national table.
func (s *Service) Jobs() []module.Job {
	return []module.Job{{Name: "placement", Every: s.cfg.JobInterval, Round: func(ctx context.Context) error {
		_, err := s.RunJobOnce(ctx)
		return err
	}}}
}

// Figures are the register's national figures for the programme monitor:
// people waiting (open cases), of whom urgent, people placed (moved), and
// the maatwerkplekken on offer.
func (s *Service) Figures(ctx context.Context) ([]module.Figure, error) {
	f, err := s.store.nationalFigures(ctx, s.db)
	if err != nil {
		return nil, err
	}
	lines := func(region string, f nationalCounts) []module.Figure {
		return []module.Figure{
			{Key: "placement.open", Label: "Personen in het register complexe zorg", LabelEN: "People in the complex-care register", Unit: "personen", Value: f.open, Persons: true, Region: region},
			{Key: "placement.urgent", Label: "Van wie urgent", LabelEN: "Of whom urgent", Unit: "personen", Value: f.urgent, Persons: true, Region: region},
			{Key: "placement.moved", Label: "Verhuisd naar een passende plek", LabelEN: "Moved to a fitting place", Unit: "personen", Value: f.moved, Persons: true, Region: region},
			{Key: "placement.maatwerkplekken", Label: "Maatwerkplekken", LabelEN: "Tailor-made places", Unit: "plekken", Value: f.maatwerk, Region: region},
		}
	}
	out := lines("", f)
	// One line per region as well, so the monitor can filter by region.
	regions, err := s.store.regionFigures(ctx, s.db)
	if err != nil {
		return nil, err
	}
	codes := make([]string, 0, len(regions))
	for r := range regions {
		codes = append(codes, r)
	}
	sort.Strings(codes)
	for _, r := range codes {
		out = append(out, lines(r, *regions[r])...)
	}
	return out, nil
}

// Inzage is the module's part of a client's right-of-access export: the
// client's cases in the complex-care register with their course, and
// every placement proposal made to them with its answers. The register
// audits the export itself.
func (s *Service) Inzage(ctx context.Context, clientID int64) (clients.Section, error) {
	cases, err := s.store.listCases(ctx, s.db, CaseFilter{ClientIDs: []int64{clientID}})
	if err != nil {
		return clients.Section{}, err
	}
	sec := clients.Section{Key: "placement", Title: "Complexe zorg: zoeken naar een passende plek",
		Intro: "Uw aanmelding bij het zorgkantoor voor een passende plek, wat er gebeurde en welke plekken u werden voorgesteld."}
	if len(cases) == 0 {
		sec.Fields = []clients.Field{{Label: "Aanmeldingen", Value: "Geen"}}
		return sec, nil
	}
	fm := web.NewFormatter()
	date := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return fm.Date(t)
	}
	ct := clients.SectionTable{Caption: "Aanmeldingen", Header: []string{"Aangemeld op", "Regio", "Zorgprofiel", "Wachtstatus", "Fase", "Sinds", "Uiterste datum", "Uw wensen", "Wensen familie", "Bezwaar"}}
	tt := clients.SectionTable{Caption: "Verloop van de aanmelding", Header: []string{"Aangemeld op", "Datum", "Van", "Naar", "Reden"}}
	// Everything the care office recorded on the case is the client's file
	// (WGBO art. 7:456, AVG art. 15), its working notes included; see
	// casework.go.
	cht := clients.SectionTable{Caption: "Wijzigingen in uw gegevens", Header: []string{"Aangemeld op", "Datum", "Gegeven", "Was", "Werd", "Door"}}
	nt := clients.SectionTable{Caption: "Notities van het zorgkantoor", Header: []string{"Aangemeld op", "Datum", "Notitie", "Door"}}
	cot := clients.SectionTable{Caption: "Consultatie", Header: []string{"Aangemeld op", "Gevraagd op", "Aan", "Vraag", "Antwoord", "Beantwoord op"}}
	ft := clients.SectionTable{Caption: "Nazorg na de verhuizing", Header: []string{"Aangemeld op", "Na maanden", "Datum", "Uitkomst", "Hoe het met u gaat", "Wat uw naasten zien", "Wat de begeleiders zien", "Toelichting"}}
	pt := clients.SectionTable{Caption: "Voorgestelde plekken", Header: []string{"Aangemeld op", "Voorgesteld op", "Plek", "Aanbieder", "Status", "Uw antwoord", "Antwoord aanbieder", "Reden van nee", "Beantwoord op"}}
	for _, c := range cases {
		registered := date(c.RegisteredAt)
		ct.Rows = append(ct.Rows, []string{registered, orgs.RegionLabel(c.Region), string(c.Profile) + " " + c.Profile.Label(), c.Waiting.Label(), c.Phase.Label(),
			date(c.PhaseSince), date(c.Deadline), c.WishesClient, c.WishesFamily, c.Objection})
		trs, err := s.store.listTransitions(ctx, s.db, c.CaseID)
		if err != nil {
			return clients.Section{}, err
		}
		for _, tr := range trs {
			tt.Rows = append(tt.Rows, []string{registered, date(tr.At), tr.From.Label(), tr.To.Label(), tr.Reason})
		}
		chs, err := s.store.listChanges(ctx, s.db, c.CaseID)
		if err != nil {
			return clients.Section{}, err
		}
		for _, ch := range chs {
			cht.Rows = append(cht.Rows, []string{registered, date(ch.At), ch.Field, ch.Old, ch.New, ch.ByName})
		}
		ns, err := s.store.listNotes(ctx, s.db, c.CaseID)
		if err != nil {
			return clients.Section{}, err
		}
		for _, n := range ns {
			nt.Rows = append(nt.Rows, []string{registered, date(n.At), n.Body, n.ByName})
		}
		cons, err := s.store.listConsults(ctx, s.db, c.CaseID)
		if err != nil {
			return clients.Section{}, err
		}
		for _, co := range cons {
			cot.Rows = append(cot.Rows, []string{registered, date(co.AskedAt), co.Whom(), co.Question, co.Answer, date(co.AnsweredAt)})
		}
		fus, err := s.store.listFollowUps(ctx, s.db, c.CaseID)
		if err != nil {
			return clients.Section{}, err
		}
		for _, f := range fus {
			well := ""
			if f.Wellbeing != "" {
				well = f.Wellbeing.Label()
			}
			ft.Rows = append(ft.Rows, []string{registered, strconv.Itoa(f.Months), date(f.RecordedAt), f.Outcome.Label(), well, f.Relatives, f.Staff, f.Note})
		}
		props, err := s.store.listProposals(ctx, s.db, "pp.case_id = $1 AND pp.status <> $2", c.CaseID, string(ProposalConcept))
		if err != nil {
			return clients.Section{}, err
		}
		for _, p := range props {
			pt.Rows = append(pt.Rows, []string{registered, date(p.CreatedAt), p.PlaceName, p.OrgName, p.Status.Label(), p.ClientAnswer, p.ProviderAnswer,
				p.DeclineReason.Label(), date(p.AnsweredAt)})
		}
	}
	sec.Tables = []clients.SectionTable{ct}
	for _, t := range []clients.SectionTable{tt, cht, nt, cot, ft, pt} {
		if len(t.Rows) > 0 {
			sec.Tables = append(sec.Tables, t)
		}
	}
	return sec, nil
}
