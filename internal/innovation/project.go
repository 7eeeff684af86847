package innovation

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/web"
)

// Level is what a principal may do with one project.
type Level int

const (
	LevelNone Level = iota
	// LevelCouncil reads the project in easy-read and advises at the gates
	// (a client council member of the organisation).
	LevelCouncil
	// LevelContribute reads the project and adds to it: measurements,
	// tasks done, knowledge (a professional of the organisation).
	LevelContribute
	// LevelEdit runs the project: care question, scan, choice, plan,
	// gates (the provider's administrator).
	LevelEdit
)

// levelFor decides what p may do with a project of the organisations orgs
// (the owner first, then partners). Programme readers, care offices and
// everyone outside the organisations get nothing: they see aggregates.
func levelFor(p *auth.Principal, orgs []int64) Level {
	in := false
	for _, o := range orgs {
		if p.InOrganisation(o) {
			in = true
		}
	}
	if !in {
		return LevelNone
	}
	switch {
	case p.Role == auth.RoleAanbieder:
		return LevelEdit
	case p.Role == auth.RoleZorgverlener:
		return LevelContribute
	case p.Role == auth.RoleNaaste && p.HasDuty(auth.DutyClientCouncil):
		return LevelCouncil
	}
	return LevelNone
}

// IsCouncil reports whether p is a client council member.
func IsCouncil(p *auth.Principal) bool {
	return p.Role == auth.RoleNaaste && p.HasDuty(auth.DutyClientCouncil)
}

// notFound is the answer for a project that does not exist and for one
// outside the reader's scope alike, so an id in a path tells nothing.
func notFound() error {
	return web.NotFound("Dit project bestaat niet of u heeft er geen toegang toe.", "This project does not exist or you have no access to it.")
}

// load reads a project p may reach at least at level min.
func (s *Service) load(ctx context.Context, p *auth.Principal, id int64, min Level) (Project, Level, error) {
	pr, err := s.store.project(ctx, s.d, id)
	if errors.Is(err, errNoRow) {
		return pr, LevelNone, notFound()
	}
	if err != nil {
		return pr, LevelNone, err
	}
	partners, err := s.store.partners(ctx, id)
	if err != nil {
		return pr, LevelNone, err
	}
	lvl := levelFor(p, append([]int64{pr.OrganisationID}, partners...))
	if lvl == LevelNone {
		return pr, lvl, notFound()
	}
	if lvl < min {
		return pr, lvl, web.Forbidden("U mag dit project lezen, maar dit niet wijzigen.", "You may read this project but not change this.")
	}
	return pr, lvl, nil
}

// loadOpen is load for a change: a stopped project is no longer changed.
func (s *Service) loadOpen(ctx context.Context, p *auth.Principal, id int64, min Level) (Project, Level, error) {
	pr, lvl, err := s.load(ctx, p, id, min)
	if err == nil && pr.Stopped() {
		return pr, lvl, stoppedErr()
	}
	return pr, lvl, err
}

// loadComparing is load for a change to what a technology project
// compares (its candidates, the decision matrix): an editor's, and only
// while it explores or chooses; otherwise the change is refused at field
// with the message given (a stopped project is in neither phase).
func (s *Service) loadComparing(ctx context.Context, p *auth.Principal, id int64, field, nl, en string) (Project, error) {
	pr, _, err := s.load(ctx, p, id, LevelEdit)
	if err != nil {
		return pr, err
	}
	if pr.Kind != KindTechnology || (pr.Phase != PhaseExplore && pr.Phase != PhaseChoice) {
		return pr, web.BadInput(field, nl, en)
	}
	return pr, nil
}

// Projects lists the projects of p's organisations.
func (s *Service) Projects(ctx context.Context, p *auth.Principal) ([]Project, error) {
	if p.Role != auth.RoleAanbieder && p.Role != auth.RoleZorgverlener && !IsCouncil(p) {
		return nil, nil
	}
	ps, err := s.store.projectsOf(ctx, append([]int64{}, p.Scope.Organisations...))
	if err != nil {
		return nil, err
	}
	return ps, s.nameProjects(ctx, ps)
}

// nameProjects fills the organisation and technology names.
func (s *Service) nameProjects(ctx context.Context, ps []Project) error {
	if len(ps) == 0 {
		return nil
	}
	ids := make([]int64, len(ps))
	for i, p := range ps {
		ids[i] = p.OrganisationID
	}
	names, err := s.orgs.Names(ctx, ids)
	if err != nil {
		return err
	}
	techIDs := make([]int64, len(ps))
	for i, p := range ps {
		techIDs[i] = p.TechnologyID
	}
	techs, err := s.store.technologyNames(ctx, techIDs)
	if err != nil {
		return err
	}
	for i := range ps {
		ps[i].OrganisationName = names[ps[i].OrganisationID]
		ps[i].TechnologyName = techs[ps[i].TechnologyID]
	}
	return nil
}

// ProjectInput is the care question: the start of every project and what
// its edit form changes.
type ProjectInput struct {
	OrganisationID   int64    `json:"organisation_id,omitempty"`
	Kind             Kind     `json:"kind"`
	Title            string   `json:"title" required:"true"`
	Theme            string   `json:"theme" required:"true"`
	ClientGroup      string   `json:"client_group" required:"true"`
	Question         string   `json:"question" required:"true"`
	DiffClient       string   `json:"difference_client" required:"true"`
	DiffProfessional string   `json:"difference_professional" required:"true"`
	Involved         []string `json:"involved"`
	ExpectedClients  string   `json:"expected_clients,omitempty"`
}

// check validates the care question, every field at once.
func (in ProjectInput) check(errs *[]web.FieldError) Project {
	p := Project{Kind: in.Kind}
	if p.Kind == "" {
		p.Kind = KindTechnology
	}
	if p.Kind != KindTechnology && p.Kind != KindSocial {
		*errs = append(*errs, web.FieldError{Field: "soort", Message: "Kies of het om zorgtechnologie of Begeleiding à la carte gaat.", English: "Choose technology or Begeleiding à la carte."})
	}
	p.Title = textField(errs, "titel", "de titel", in.Title, 120)
	if _, ok := ThemeByCode(in.Theme); !ok {
		*errs = append(*errs, web.FieldError{Field: "thema", Message: "Kies een van de zes thema's.", English: "Choose one of the six themes."})
	}
	p.Theme = in.Theme
	p.ClientGroup = textField(errs, "doelgroep", "de cliëntengroep (voor welke cliënten)", in.ClientGroup, 300)
	p.Question = textField(errs, "zorgvraag", "de zorgvraag vanuit de cliënt", in.Question, 2000)
	p.DiffClient = textField(errs, "verschil_client", "het verschil voor de cliënt", in.DiffClient, 2000)
	p.DiffProfessional = textField(errs, "verschil_professional", "het verschil voor het werk van de professional", in.DiffProfessional, 2000)
	for _, g := range in.Involved {
		if !slices.ContainsFunc(involvedGroups, func(x struct{ Code, Label string }) bool { return x.Code == g }) {
			*errs = append(*errs, web.FieldError{Field: "betrokken", Message: "Kies uit cliënten, naasten, professionals en cliëntenraad.", English: "Choose from clients, relatives, professionals and client council."})
			break
		}
		if !slices.Contains(p.Involved, g) {
			p.Involved = append(p.Involved, g)
		}
	}
	if len(in.Involved) == 0 {
		*errs = append(*errs, web.FieldError{Field: "betrokken", Message: "Kruis aan wie meedachten over de zorgvraag: de vraag komt van cliënten, naasten en professionals samen.", English: "Tick who took part in the care question."})
	}
	if v := strings.TrimSpace(in.ExpectedClients); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 100000 {
			*errs = append(*errs, web.FieldError{Field: "verwacht", Message: "Vul het verwachte aantal cliënten in als een heel getal, bijvoorbeeld 35.", English: "Fill in the expected number of clients as a whole number."})
		}
		p.ExpectedClients = n
	}
	return p
}

// CreateProject starts a project in the care-question phase for one of
// p's organisations.
func (s *Service) CreateProject(ctx context.Context, p *auth.Principal, in ProjectInput) (int64, error) {
	if p.Role != auth.RoleAanbieder {
		return 0, web.Forbidden("Alleen de aanbieder start een innovatieproject.", "Only the provider starts an innovation project.")
	}
	var errs []web.FieldError
	org := in.OrganisationID
	if org == 0 && len(p.Scope.Organisations) == 1 {
		org = p.Scope.Organisations[0]
	}
	if org == 0 || !p.InOrganisation(org) {
		errs = append(errs, web.FieldError{Field: "organisatie", Message: "Kies de organisatie waarvoor u het project start.", English: "Choose the organisation the project is for."})
	}
	pr := in.check(&errs)
	if err := web.Invalid(errs...); err != nil {
		return 0, err
	}
	pr.OrganisationID, pr.Phase, pr.CreatedBy = org, PhaseQuestion, p.UserID
	return s.store.insertProject(ctx, s.d, pr, s.now())
}

// UpdateQuestion changes the care question of a running project.
func (s *Service) UpdateQuestion(ctx context.Context, p *auth.Principal, id int64, in ProjectInput) error {
	cur, _, err := s.load(ctx, p, id, LevelEdit)
	if err != nil {
		return err
	}
	if cur.Stopped() {
		return stoppedErr()
	}
	var errs []web.FieldError
	in.Kind = cur.Kind
	pr := in.check(&errs)
	if err := web.Invalid(errs...); err != nil {
		return err
	}
	pr.ID = id
	return s.store.updateQuestion(ctx, s.d, pr, s.now())
}

func stoppedErr() error {
	return web.Conflict("Dit project is gestopt; het kan niet meer worden gewijzigd.", "This project has stopped and can no longer be changed.")
}

// ScanInput is the readiness self-scan.
type ScanInput struct {
	Organisation Readiness `json:"organisation"`
	IT           Readiness `json:"it"`
	Finance      Readiness `json:"finance"`
	Staff        Readiness `json:"staff"`
	Note         string    `json:"note"`
}

// SaveScan records the self-scan (organisation, IT, finances, staff).
func (s *Service) SaveScan(ctx context.Context, p *auth.Principal, id int64, in ScanInput) error {
	pr, _, err := s.loadOpen(ctx, p, id, LevelEdit)
	if err != nil {
		return err
	}
	sc, errs := checkScan(in)
	if err := web.Invalid(errs...); err != nil {
		return err
	}
	pr.ScanOrg, pr.ScanIT, pr.ScanFinance, pr.ScanStaff, pr.ScanNote = sc.ScanOrg, sc.ScanIT, sc.ScanFinance, sc.ScanStaff, sc.ScanNote
	return s.store.updateScan(ctx, s.d, pr, s.now())
}

// checkScan checks the self-scan without the database, so the form can be
// fuzzed (issue 18): each of the four areas answered with one of the three
// answers, a note of at most 2000 characters. Only the scan's fields of
// the project it returns are filled.
func checkScan(in ScanInput) (Project, []web.FieldError) {
	var errs []web.FieldError
	vals := []Readiness{in.Organisation, in.IT, in.Finance, in.Staff}
	for i, a := range scanAreas {
		if vals[i] != ReadyYes && vals[i] != ReadyPartly && vals[i] != ReadyNo {
			errs = append(errs, web.FieldError{Field: a.Field, Message: "Kies bij " + a.Label + " of het op orde, deels op orde of niet op orde is.", English: "Choose a readiness answer for " + a.Field + "."})
		}
	}
	var pr Project
	pr.ScanNote = optionalText(&errs, "scan_toelichting", "De toelichting", in.Note, 2000)
	pr.ScanOrg, pr.ScanIT, pr.ScanFinance, pr.ScanStaff = in.Organisation, in.IT, in.Finance, in.Staff
	return pr, errs
}

// GateInput is a go/no-go decision at the end of the current phase.
type GateInput struct {
	// To is the phase the decision leads to; it must be the next one on
	// the route (a phase is never skipped).
	To           Phase  `json:"to"`
	Decision     string `json:"decision" required:"true"`
	Reason       string `json:"reason" required:"true"`
	StopCategory string `json:"stop_category,omitempty"`
}

// Decide records a go (the project moves to the next phase) or no-go (the
// project stops, with the category and reasons) at the current gate.
// Nothing is written when the decision is refused.
func (s *Service) Decide(ctx context.Context, p *auth.Principal, id int64, in GateInput) (Phase, error) {
	pr, _, err := s.loadOpen(ctx, p, id, LevelEdit)
	if err != nil {
		return "", err
	}
	d, ready, errs := checkGate(in, pr.Kind, pr.Phase)
	if ready {
		errs = append(errs, s.gateReady(ctx, pr)...)
	}
	open, err := s.store.openAdvice(ctx, s.d, id)
	if err != nil {
		return "", err
	}
	if open > 0 {
		errs = append(errs, web.FieldError{Field: "besluit", Message: "De cliëntenraad heeft advies gegeven dat nog geen antwoord heeft. Beantwoord eerst het advies.",
			English: "The client council's advice has not been answered yet. Answer it first."})
	}
	if err := web.Invalid(errs...); err != nil {
		return "", err
	}
	to := d.To
	now := s.now()
	err = s.d.Tx(ctx, func(tx *sql.Tx) error {
		moved, err := s.store.movePhase(ctx, tx, id, pr.Phase, to, d.StopCategory, d.StopReason, now)
		if err != nil {
			return err
		}
		if !moved {
			return web.Conflict("Iemand anders heeft net een besluit genomen over dit project. Bekijk het project opnieuw.", "Someone else just decided on this project. Look at it again.")
		}
		return s.store.insertGate(ctx, tx, Gate{ProjectID: id, From: pr.Phase, To: to, Decision: in.Decision, Reason: d.Reason, DecidedBy: p.UserID, DecidedAt: now})
	})
	return to, err
}

// gateDecision is a gate decision as checked: the phase it leads to, its
// reason and, for a no-go, the stop's category and reason.
type gateDecision struct {
	To                       Phase
	Reason                   string
	StopCategory, StopReason string
}

// checkGate checks a gate decision at the end of phase from of a project
// of kind, without the database, so the form can be fuzzed (issue 18): go
// or no-go, a reason of at most 2000 characters, a go to the next phase
// only, a no-go with a category from the list. ready says the decision is
// a go that may pass once the phase's work is done, which only the
// database knows (gateReady); whether advice is still open too.
func checkGate(in GateInput, kind Kind, from Phase) (d gateDecision, ready bool, errs []web.FieldError) {
	next, hasNext := Next(kind, from)
	reason := textField(&errs, "reden", "de reden van dit besluit", in.Reason, 2000)
	switch in.Decision {
	case "go":
		switch {
		case !hasNext:
			errs = append(errs, web.FieldError{Field: "besluit", Message: "Het project is in de laatste fase (opschalen); er is geen volgende fase.", English: "The project is in its last phase."})
		case in.To != "" && in.To != next:
			errs = append(errs, web.FieldError{Field: "besluit", Message: "Een fase overslaan kan niet: na " + from.Label() + " komt " + next.Label() + ". Neem eerst daarover een besluit.",
				English: "A phase cannot be skipped: after " + string(from) + " comes " + string(next) + "."})
		default:
			ready = true
		}
	case "nogo":
		if !slices.ContainsFunc(stopCategories, func(c struct{ Code, Label string }) bool { return c.Code == in.StopCategory }) {
			errs = append(errs, web.FieldError{Field: "stopreden", Message: "Kies waarom het project stopt.", English: "Choose why the project stops."})
		}
		// The page's form names the gate it was made for by its next
		// phase (naar), for a no-go too; a form of another phase is stale.
		if in.To != "" && in.To != PhaseStopped && in.To != next {
			errs = append(errs, web.FieldError{Field: "besluit", Message: "Bij een no-go stopt het project; kies geen andere fase.", English: "A no-go stops the project."})
		}
	default:
		errs = append(errs, web.FieldError{Field: "besluit", Message: "Kies go (door naar de volgende fase) of no-go (stoppen).", English: "Choose go or no-go."})
	}
	d = gateDecision{To: next, Reason: reason}
	if in.Decision == "nogo" {
		d.To, d.StopCategory, d.StopReason = PhaseStopped, in.StopCategory, reason
	}
	return d, ready, errs
}

// gateReady lists what must be done before the current phase may end
// with a go.
func (s *Service) gateReady(ctx context.Context, pr Project) []web.FieldError {
	need := func(nl string) []web.FieldError {
		return []web.FieldError{{Field: "besluit", Message: nl, English: "The phase is not finished: " + string(pr.Phase) + "."}}
	}
	switch pr.Phase {
	case PhaseReadiness:
		if !pr.ScanDone() {
			return need("Vul eerst de zelfscan in: organisatie, ICT, financiën en personeel. Zonder die randvoorwaarden stoppen de meeste projecten later alsnog.")
		}
		var out []web.FieldError
		for _, a := range pr.ScanAnswers() {
			if a.Answer == ReadyNo {
				out = append(out, web.FieldError{Field: a.Field, Message: "De zelfscan zegt: " + a.Label + " is niet op orde. Zorg dat dit op orde komt, of stop het project (no-go).",
					English: "The self-scan says: " + translations()[a.Label] + " is not in order. Put it in order, or stop the project (no-go)."})
			}
		}
		return out
	case PhaseExplore:
		c, err := s.store.candidates(ctx, pr.ID)
		if err != nil || len(c) == 0 {
			return need("Zet eerst ten minste één technologie uit de catalogus op de lijst om te vergelijken.")
		}
	case PhaseChoice:
		if pr.TechnologyID == 0 {
			return need("Leg eerst de keuze vast: welke technologie en waarom.")
		}
	case PhasePlan:
		ts, err := s.store.tasks(ctx, pr.ID)
		if err != nil || len(ts) == 0 {
			return need("Zet eerst ten minste één taak in het implementatieplan, met een eigenaar en een datum.")
		}
		if pr.Kind == KindSocial && pr.Approach == "" {
			return need("Beschrijf eerst de aanpak die u gaat uitproberen.")
		}
	case PhaseSmall:
		ms, err := s.store.measures(ctx, pr.ID)
		if err != nil || len(ms) == 0 {
			return need("Leg eerst een nulmeting vast: hoe het nu gaat voor de cliënt, de professional of naasten.")
		}
	case PhaseEvaluation:
		ms, err := s.store.measures(ctx, pr.ID)
		followed := false
		for _, m := range ms {
			if m.FollowUp != nil {
				followed = true
			}
		}
		if err != nil || !followed {
			return need("Vul eerst bij ten minste één meting de vervolgmeting in, zodat het effect te zien is.")
		}
	}
	return nil
}

// ChoiceInput is the choice: a candidate technology (or, for a social
// innovation, the approach) and the reasons.
type ChoiceInput struct {
	TechnologyID int64  `json:"technology_id,omitempty"`
	Approach     string `json:"approach,omitempty"`
	Reason       string `json:"reason" required:"true"`
}

// Choose records the choice and its reasons.
func (s *Service) Choose(ctx context.Context, p *auth.Principal, id int64, in ChoiceInput) error {
	pr, _, err := s.loadOpen(ctx, p, id, LevelEdit)
	if err != nil {
		return err
	}
	c, errs := checkChoice(in, pr.Kind, pr.Phase)
	pr.ChoiceReason = c.ChoiceReason
	if pr.Kind == KindSocial {
		pr.Approach = c.Approach
	} else {
		cands, err := s.store.candidates(ctx, id)
		if err != nil {
			return err
		}
		if in.TechnologyID > 0 && !slices.Contains(cands, in.TechnologyID) {
			errs = append(errs, web.FieldError{Field: "technologie", Message: msgChooseCandidate, English: msgChooseCandidateEN})
		}
		pr.TechnologyID = c.TechnologyID
	}
	if err := web.Invalid(errs...); err != nil {
		return err
	}
	return s.store.updateChoice(ctx, s.d, pr, s.now())
}

// The refusal of a chosen technology that is not on the list, in
// checkChoice (no technology) and Choose (one not compared) alike.
const (
	msgChooseCandidate   = "Kies een van de technologieën die u vergeleek."
	msgChooseCandidateEN = "Choose one of the compared technologies."
)

// checkChoice checks the choice of a project of kind in phase without the
// database, so the form can be fuzzed (issue 18): a reason of at most
// 2000 characters; for the social route an approach of at most 2000,
// recorded at the self-scan or the plan; for technology a technology,
// chosen in the choice phase. Whether that technology was one of the
// compared is Choose's to check. Only the choice's fields of the project
// it returns are filled.
func checkChoice(in ChoiceInput, kind Kind, phase Phase) (Project, []web.FieldError) {
	var errs []web.FieldError
	var pr Project
	pr.ChoiceReason = textField(&errs, "keuze_reden", "de reden van deze keuze", in.Reason, 2000)
	if kind == KindSocial {
		if phase != PhasePlan && phase != PhaseReadiness {
			errs = append(errs, web.FieldError{Field: "aanpak", Message: "De aanpak legt u vast voor of tijdens het implementatieplan.", English: "Record the approach before or during the plan."})
		}
		pr.Approach = textField(&errs, "aanpak", "de aanpak", in.Approach, 2000)
		return pr, errs
	}
	if phase != PhaseChoice {
		errs = append(errs, web.FieldError{Field: "technologie", Message: "De keuze legt u vast in de fase Keuze; neem eerst de besluiten van de fasen ervoor.", English: "The choice is made in the choice phase."})
	}
	if in.TechnologyID <= 0 {
		errs = append(errs, web.FieldError{Field: "technologie", Message: msgChooseCandidate, English: msgChooseCandidateEN})
	}
	pr.TechnologyID = in.TechnologyID
	return pr, errs
}

// AddCandidate puts a catalogue technology on the project's list to compare.
func (s *Service) AddCandidate(ctx context.Context, p *auth.Principal, id, techID int64) error {
	_, err := s.loadComparing(ctx, p, id, "technologie", "Technologieën vergelijken doet u in de fasen Verkennen en Keuze van een technologieproject.", "Compare technologies in the exploring and choice phases.")
	if err != nil {
		return err
	}
	if _, err := s.store.technology(ctx, techID); err != nil {
		if errors.Is(err, errNoRow) {
			return web.BadInput("technologie", "Kies een technologie uit de catalogus.", "Choose a technology from the catalogue.")
		}
		return err
	}
	return s.store.addCandidate(ctx, s.d, id, techID)
}

// RemoveCandidate takes a technology off the list (with its scores).
func (s *Service) RemoveCandidate(ctx context.Context, p *auth.Principal, id, techID int64) error {
	pr, err := s.loadComparing(ctx, p, id, "technologie", "Technologieën vergelijken doet u in de fasen Verkennen en Keuze van een technologieproject.", "Compare technologies in the exploring and choice phases.")
	if err != nil {
		return err
	}
	if pr.TechnologyID == techID {
		return web.Conflict("Dit is de gekozen technologie; die kunt u niet van de lijst halen.", "This is the chosen technology.")
	}
	return s.d.Tx(ctx, func(tx *sql.Tx) error { return s.store.removeCandidate(ctx, tx, id, techID) })
}

// CriterionInput is one row of the decision matrix as typed: name,
// weight (whole percent) and a score 1..5 per candidate.
type CriterionInput struct {
	Name   string           `json:"name"`
	Weight string           `json:"weight"`
	Scores map[int64]string `json:"scores"`
}

// SaveMatrix stores the weighted decision matrix. The weights, set with
// the client group, must add up to 100; every candidate gets a score of 1
// to 5 on every criterion. Rows without a name and weight are left out.
// Nothing is stored when anything is wrong.
func (s *Service) SaveMatrix(ctx context.Context, p *auth.Principal, id int64, rows []CriterionInput) error {
	_, err := s.loadComparing(ctx, p, id, "gewicht-0", "De beslismatrix vult u in de fasen Verkennen en Keuze van een technologieproject.", "Fill the decision matrix in the exploring and choice phases.")
	if err != nil {
		return err
	}
	cands, err := s.store.candidates(ctx, id)
	if err != nil {
		return err
	}
	if len(cands) == 0 {
		return web.BadInput("gewicht-0", "Zet eerst technologieën op de lijst om te vergelijken.", "Add technologies to compare first.")
	}
	// Every score error names the criterion and the technology, so the
	// summary says which of the many score fields to fix.
	techName := map[int64]string{}
	for _, t := range cands {
		tech, err := s.store.technology(ctx, t)
		if err != nil {
			return err
		}
		techName[t] = tech.Name
	}
	cs, errs := checkMatrix(rows, cands, techName)
	if err := web.Invalid(errs...); err != nil {
		return err
	}
	return s.d.Tx(ctx, func(tx *sql.Tx) error { return s.store.replaceMatrix(ctx, tx, id, cs) })
}

// checkMatrix checks the decision matrix for the candidates cands (named
// in techName) without the database, so the form can be fuzzed (issue
// 18): a row left empty is left out; every other row has a name of at
// most 120 characters, a weight from 1 to 100 and a score from 1 to 5 for
// every candidate; at least one row, and the weights add up to 100.
func checkMatrix(rows []CriterionInput, cands []int64, techName map[int64]string) ([]Criterion, []web.FieldError) {
	var errs []web.FieldError
	var cs []Criterion
	sum := 0
	for i, r := range rows {
		name, w := strings.TrimSpace(r.Name), strings.TrimSpace(r.Weight)
		if name == "" && w == "" {
			continue
		}
		fi := strconv.Itoa(i)
		c := Criterion{Name: name, Scores: map[int64]int{}}
		if name == "" {
			errs = append(errs, web.FieldError{Field: "criterium-" + fi, Message: "Geef criterium " + strconv.Itoa(i+1) + " een naam.", English: "Name criterion " + strconv.Itoa(i+1) + "."})
		} else if !readable(name) {
			errs = append(errs, unreadable("criterium-"+fi, "de naam van criterium "+strconv.Itoa(i+1)))
		} else if len([]rune(name)) > 120 {
			errs = append(errs, web.FieldError{Field: "criterium-" + fi, Message: "De naam van criterium " + strconv.Itoa(i+1) + " is te lang.", English: "Criterion name too long."})
		}
		n, err := strconv.Atoi(w)
		if err != nil || n < 1 || n > 100 {
			errs = append(errs, web.FieldError{Field: "gewicht-" + fi, Message: "Vul bij criterium " + strconv.Itoa(i+1) + " een gewicht in als heel getal van 1 tot 100 (procent).", English: "Weight must be a whole number 1..100."})
		}
		c.Weight = n
		sum += n
		for _, t := range cands {
			v := strings.TrimSpace(r.Scores[t])
			sc, err := strconv.Atoi(v)
			if err != nil || sc < 1 || sc > 5 {
				crit := "criterium " + strconv.Itoa(i+1)
				if name != "" {
					crit += " (" + name + ")"
				}
				errs = append(errs, web.FieldError{Field: "score-" + fi + "-" + strconv.FormatInt(t, 10),
					Message: "Geef " + techName[t] + " bij " + crit + " een score van 1 tot 5.",
					English: "Give " + techName[t] + " a score of 1 to 5 on " + strings.Replace(crit, "criterium", "criterion", 1) + "."})
				continue
			}
			c.Scores[t] = sc
		}
		cs = append(cs, c)
	}
	if len(cs) == 0 {
		errs = append(errs, web.FieldError{Field: "criterium-0", Message: "Vul ten minste één criterium in met een gewicht.", English: "Fill in at least one criterion."})
	} else if sum != 100 {
		errs = append(errs, web.FieldError{Field: "gewicht-0", Message: "De gewichten tellen op tot " + strconv.Itoa(sum) + "; samen moeten ze precies 100 zijn.", English: "The weights add up to " + strconv.Itoa(sum) + "; they must be exactly 100."})
	}
	return cs, errs
}

// Ranked is a candidate's weighted total in the matrix.
type Ranked struct {
	Technology Technology
	// Total is the weighted score times 100 (a 3,85 is 385), so it stays
	// exact.
	Total int
}

// TotalText is the total with two decimals.
func (r Ranked) TotalText() string {
	return strconv.Itoa(r.Total/100) + "," + strconv.Itoa(100 + r.Total%100)[1:]
}

// rank computes the weighted totals, best first.
func rank(cs []Criterion, techs []Technology) []Ranked {
	out := make([]Ranked, 0, len(techs))
	for _, t := range techs {
		total := 0
		for _, c := range cs {
			total += c.Weight * c.Scores[t.ID]
		}
		out = append(out, Ranked{Technology: t, Total: total})
	}
	slices.SortStableFunc(out, func(a, b Ranked) int { return b.Total - a.Total })
	return out
}

// TaskInput is a task of the implementation plan.
type TaskInput struct {
	Step  string `json:"step" required:"true"`
	Title string `json:"title" required:"true"`
	Owner string `json:"owner" required:"true"`
	Due   string `json:"due" required:"true"`
	Risk  string `json:"risk"`
}

// AddTask adds a task to the plan.
func (s *Service) AddTask(ctx context.Context, p *auth.Principal, id int64, in TaskInput) error {
	pr, _, err := s.loadOpen(ctx, p, id, LevelEdit)
	if err != nil {
		return err
	}
	t, errs := checkTask(in, pr.Kind)
	if err := web.Invalid(errs...); err != nil {
		return err
	}
	t.ProjectID = id
	_, err = s.store.insertTask(ctx, s.d, t, p.UserID, s.now())
	return err
}

// checkTask checks a task of the plan of a project of kind without the
// database, so the form can be fuzzed (issue 18): a step of that route's
// plan, a title of at most 300 characters, an owner of at most 120, a due
// day from 2000 to 2100 and a risk of at most 1000. The task has no
// project yet.
func checkTask(in TaskInput, kind Kind) (Task, []web.FieldError) {
	var errs []web.FieldError
	if !slices.ContainsFunc(stepsFor(kind), func(x struct{ Code, Label string }) bool { return x.Code == in.Step }) {
		errs = append(errs, web.FieldError{Field: "stap", Message: "Kies de stap van het implementatiemodel.", English: "Choose the step."})
	}
	t := Task{Step: in.Step}
	t.Title = textField(&errs, "taak", "de taak", in.Title, 300)
	t.Owner = textField(&errs, "eigenaar", "de eigenaar (wie de taak doet)", in.Owner, 120)
	t.Due = dateField(&errs, "datum", "de datum waarop de taak klaar is", in.Due)
	t.Risk = optionalText(&errs, "risico", "Het risico", in.Risk, 1000)
	return t, errs
}

// dateField reads a required date as dd-mm-jjjj.
func dateField(errs *[]web.FieldError, field, label, v string) time.Time {
	v = strings.TrimSpace(v)
	if v == "" {
		*errs = append(*errs, web.FieldError{Field: field, Message: "Vul " + label + " in als dd-mm-jjjj.", English: "Fill in the date as dd-mm-yyyy."})
		return time.Time{}
	}
	t, err := web.ParseDate(v)
	if err != nil || t.Year() < 2000 || t.Year() > 2100 {
		*errs = append(*errs, web.FieldError{Field: field, Message: "Schrijf " + label + " als dd-mm-jjjj, bijvoorbeeld 15-03-2027.", English: "Write the date as dd-mm-yyyy, for example 15-03-2027."})
		return time.Time{}
	}
	return t
}

// pastDateField is dateField for a date on which something was measured
// or counted: it cannot lie after today (Amsterdam, at now), or a figure
// for the monitor would claim a future it does not know. now is a
// parameter, not the service's clock, so the forms' checks stay pure.
func pastDateField(errs *[]web.FieldError, field, label, v string, now time.Time) time.Time {
	n := len(*errs)
	t := dateField(errs, field, label, v)
	if len(*errs) > n {
		return t
	}
	now = now.In(web.Amsterdam())
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	if t.After(today) {
		*errs = append(*errs, web.FieldError{Field: field, Message: upperFirst(label) + " ligt na vandaag. Vul de dag in waarop u mat of telde.", English: "This date is after today. Fill in the day you measured or counted."})
	}
	return t
}

// TaskDone marks a task done (the provider or a professional).
func (s *Service) TaskDone(ctx context.Context, p *auth.Principal, id, taskID int64) error {
	if _, _, err := s.load(ctx, p, id, LevelContribute); err != nil {
		return err
	}
	ok, err := s.store.taskDone(ctx, s.d, id, taskID, s.now())
	if err == nil && !ok {
		return web.NotFound("Deze taak bestaat niet in dit project of is al afgerond.", "This task does not exist in this project or is already done.")
	}
	return err
}

// MeasureInput is an effect measure at baseline (and maybe follow-up).
type MeasureInput struct {
	Group      string `json:"group" required:"true"`
	Name       string `json:"name" required:"true"`
	Unit       string `json:"unit"`
	Baseline   string `json:"baseline" required:"true"`
	MeasuredOn string `json:"measured_on" required:"true"`
}

// number reads a measured value with a decimal comma or point.
func number(errs *[]web.FieldError, field, label, v string) float64 {
	v = strings.ReplaceAll(strings.TrimSpace(v), ",", ".")
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f != f || f < -1e9 || f > 1e9 {
		*errs = append(*errs, web.FieldError{Field: field, Message: "Vul " + label + " in als getal, bijvoorbeeld 6,5.", English: "Fill in a number, for example 6.5."})
	}
	return f
}

// AddMeasure records a baseline measurement (provider or professional).
func (s *Service) AddMeasure(ctx context.Context, p *auth.Principal, id int64, in MeasureInput) error {
	_, _, err := s.loadOpen(ctx, p, id, LevelContribute)
	if err != nil {
		return err
	}
	m, errs := checkMeasure(in, s.now())
	if err := web.Invalid(errs...); err != nil {
		return err
	}
	m.ProjectID = id
	_, err = s.store.insertMeasure(ctx, s.d, m, p.UserID, s.now())
	return err
}

// checkMeasure checks a baseline measurement without the database, so the
// form can be fuzzed (issue 18): a group from the list, a name of at most
// 200 characters, a unit of at most 40, a number from -1e9 to 1e9 and a
// day from 2000 on, not after the day of now. The measure has no project
// yet.
func checkMeasure(in MeasureInput, now time.Time) (Measure, []web.FieldError) {
	var errs []web.FieldError
	if !slices.ContainsFunc(measureGroups, func(x struct{ Code, Label string }) bool { return x.Code == in.Group }) {
		errs = append(errs, web.FieldError{Field: "groep", Message: "Kies voor wie de meting is: cliënt, professional of naasten.", English: "Choose the group."})
	}
	m := Measure{Group: in.Group}
	m.Name = textField(&errs, "maat", "de maat (wat u meet)", in.Name, 200)
	m.Unit = optionalText(&errs, "eenheid", "De eenheid", in.Unit, 40)
	m.Baseline = number(&errs, "nulmeting", "de nulmeting", in.Baseline)
	m.MeasuredOn = pastDateField(&errs, "gemeten", "de datum van de nulmeting", in.MeasuredOn, now)
	return m, errs
}

// FollowUpInput is the follow-up value of a measure.
type FollowUpInput struct {
	Value string `json:"value" required:"true"`
	On    string `json:"measured_on" required:"true"`
}

// SetFollowUp records the follow-up measurement.
func (s *Service) SetFollowUp(ctx context.Context, p *auth.Principal, id, measureID int64, in FollowUpInput) error {
	if _, _, err := s.load(ctx, p, id, LevelContribute); err != nil {
		return err
	}
	v, on, errs := checkFollowUp(in, measureID, s.now())
	if err := web.Invalid(errs...); err != nil {
		return err
	}
	ok, err := s.store.setFollowUp(ctx, s.d, id, measureID, v, on)
	if err == nil && !ok {
		return web.NotFound("Deze meting bestaat niet in dit project.", "This measure does not exist in this project.")
	}
	return err
}

// checkFollowUp checks the follow-up of measure measureID without the
// database, so the form can be fuzzed (issue 18): a number from -1e9 to
// 1e9 and a day from 2000 on, not after the day of now, at the fields of
// that measure (the page has a form per measure).
func checkFollowUp(in FollowUpInput, measureID int64, now time.Time) (float64, time.Time, []web.FieldError) {
	var errs []web.FieldError
	fi := strconv.FormatInt(measureID, 10)
	v := number(&errs, "vervolg-"+fi, "de vervolgmeting", in.Value)
	on := pastDateField(&errs, "vervolgdatum-"+fi, "de datum van de vervolgmeting", in.On, now)
	return v, on, errs
}

// ScaleInput is how many clients use the project's technology or approach
// at one of the organisation's locations.
type ScaleInput struct {
	LocationID int64  `json:"location_id" required:"true"`
	Clients    string `json:"clients" required:"true"`
	On         string `json:"recorded_on" required:"true"`
}

// AddScale records a client count at a location.
func (s *Service) AddScale(ctx context.Context, p *auth.Principal, id int64, in ScaleInput) error {
	pr, _, err := s.loadOpen(ctx, p, id, LevelEdit)
	if err != nil {
		return err
	}
	if pr.Phase != PhaseSmall && pr.Phase != PhaseEvaluation && pr.Phase != PhaseScale {
		return web.BadInput("locatie", "Het gebruik per locatie legt u vast vanaf de kleinschalige start.", "Record use per location from the small-scale start on.")
	}
	locs, err := s.projectLocations(ctx, pr)
	if err != nil {
		return err
	}
	n, on, errs := checkScale(in, s.now())
	if _, ok := locs[in.LocationID]; in.LocationID > 0 && !ok {
		errs = slices.Insert(errs, 0, web.FieldError{Field: "locatie", Message: msgScaleLocation, English: msgScaleLocationEN})
	}
	if err := web.Invalid(errs...); err != nil {
		return err
	}
	return s.store.insertScale(ctx, s.d, id, in.LocationID, n, on, p.UserID, s.now())
}

// The refusal of a location, in checkScale (none chosen) and AddScale (not
// the organisation's) alike.
const (
	msgScaleLocation   = "Kies een locatie van de organisatie."
	msgScaleLocationEN = "Choose a location of the organisation."
)

// checkScale checks a client count without the database, so the form can
// be fuzzed (issue 18): a location chosen, a whole number from 0 to 10000
// and a day from 2000 on, not after the day of now. Whether the location
// is one of the project's organisations is AddScale's to check.
func checkScale(in ScaleInput, now time.Time) (int, time.Time, []web.FieldError) {
	var errs []web.FieldError
	if in.LocationID <= 0 {
		errs = append(errs, web.FieldError{Field: "locatie", Message: msgScaleLocation, English: msgScaleLocationEN})
	}
	n, err := strconv.Atoi(strings.TrimSpace(in.Clients))
	if err != nil || n < 0 || n > 10000 {
		errs = append(errs, web.FieldError{Field: "aantal", Message: "Vul het aantal cliënten in als heel getal (0 of meer).", English: "Fill in the number of clients as a whole number."})
	}
	on := pastDateField(&errs, "peildatum", "de peildatum", in.On, now)
	return n, on, errs
}

// projectLocations are the locations of the project's organisations by id.
func (s *Service) projectLocations(ctx context.Context, pr Project) (map[int64]string, error) {
	partners, err := s.store.partners(ctx, pr.ID)
	if err != nil {
		return nil, err
	}
	out := map[int64]string{}
	for _, o := range append([]int64{pr.OrganisationID}, partners...) {
		ls, err := s.orgs.Locations(ctx, o)
		if err != nil {
			return nil, err
		}
		for _, l := range ls {
			out[l.ID] = l.Name
		}
	}
	return out, nil
}

// AddParticipant adds a client chosen with the picker; the register checks
// the client is one p may choose.
func (s *Service) AddParticipant(ctx context.Context, p *auth.Principal, id, clientID int64) error {
	_, _, err := s.loadOpen(ctx, p, id, LevelContribute)
	if err != nil {
		return err
	}
	pick, err := s.reg.Find(ctx, p, pickRequest(id, clientID))
	if err != nil {
		return err
	}
	if pick.Picked.ID == 0 {
		return web.Invalid(pick.Error())
	}
	_, err = s.store.addParticipant(ctx, s.d, id, clientID, p.UserID, s.now())
	return err
}

// AdviceInput is the client council's advice.
type AdviceInput struct {
	Text string `json:"advice" required:"true"`
}

// Advise records the client council's advice at the current gate; the
// project cannot pass the gate until it has answered.
func (s *Service) Advise(ctx context.Context, p *auth.Principal, id int64, in AdviceInput) error {
	pr, lvl, err := s.load(ctx, p, id, LevelCouncil)
	if err != nil {
		return err
	}
	if lvl != LevelCouncil {
		return web.Forbidden("Alleen de cliëntenraad geeft advies bij een besluit.", "Only the client council gives advice at a gate.")
	}
	if pr.Stopped() {
		return stoppedErr()
	}
	text, errs := checkAdvice(in)
	if err := web.Invalid(errs...); err != nil {
		return err
	}
	_, err = s.store.insertAdvice(ctx, s.d, Advice{ProjectID: id, Phase: pr.Phase, Text: text, GivenBy: p.UserID, GivenAt: s.now()})
	return err
}

// Answer records the project's answer to the council's advice.
func (s *Service) Answer(ctx context.Context, p *auth.Principal, id, adviceID int64, answer string) error {
	if _, _, err := s.load(ctx, p, id, LevelEdit); err != nil {
		return err
	}
	text, errs := checkAnswer(answer, adviceID)
	if err := web.Invalid(errs...); err != nil {
		return err
	}
	ok, err := s.store.answerAdvice(ctx, s.d, id, adviceID, text, p.UserID, s.now())
	if err == nil && !ok {
		return web.NotFound("Dit advies bestaat niet in dit project of is al beantwoord.", "This advice does not exist in this project or was already answered.")
	}
	return err
}

// checkAdvice checks the client council's advice without the database, so
// the form can be fuzzed (issue 18): 1 to 3000 characters, trimmed.
func checkAdvice(in AdviceInput) (string, []web.FieldError) {
	var errs []web.FieldError
	return textField(&errs, "advies", "uw advies", in.Text, 3000), errs
}

// checkAnswer checks the provider's answer to advice adviceID without the
// database, so the form can be fuzzed (issue 18): 1 to 3000 characters,
// trimmed, at the field of that advice (the page has a form per advice).
func checkAnswer(answer string, adviceID int64) (string, []web.FieldError) {
	var errs []web.FieldError
	return textField(&errs, "antwoord-"+strconv.FormatInt(adviceID, 10), "uw antwoord aan de cliëntenraad", answer, 3000), errs
}
