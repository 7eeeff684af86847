package innovation

import (
	"context"
	"errors"
	"net/url"
	"strings"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/web"
)

// Technologies lists the catalogue, of one theme when theme is set.
func (s *Service) Technologies(ctx context.Context, theme string) ([]Technology, error) {
	if theme != "" {
		if _, ok := ThemeByCode(theme); !ok {
			return nil, web.BadInput("thema", "Kies een van de zes thema's.", "Choose one of the six themes.")
		}
	}
	return s.store.technologies(ctx, theme)
}

// Technology reads one catalogue entry.
func (s *Service) Technology(ctx context.Context, id int64) (Technology, error) {
	t, err := s.store.technology(ctx, id)
	if errors.Is(err, errNoRow) {
		return t, web.NotFound("Deze technologie staat niet in de catalogus.", "This technology is not in the catalogue.")
	}
	return t, err
}

// TechnologyInput is a new catalogue entry as typed: costs as the Dutch
// write amounts ("1.250,00").
type TechnologyInput struct {
	Name          string `json:"name" required:"true"`
	Theme         string `json:"theme" required:"true"`
	CareQuestions string `json:"care_questions" required:"true"`
	Description   string `json:"description"`
	Pros          string `json:"pros" required:"true"`
	Cons          string `json:"cons" required:"true"`
	Purchase      string `json:"purchase" required:"true"`
	Yearly        string `json:"yearly" required:"true"`
	Evidence      string `json:"evidence"`
	Supplier      string `json:"supplier" required:"true"`
	Privacy       Check  `json:"check_privacy"`
	Security      Check  `json:"check_security"`
	Interop       Check  `json:"check_interoperability"`
	Accessibility Check  `json:"check_accessibility"`
	SleepMonitor  bool   `json:"sleep_monitoring"`
}

// checkFields are the supplier checklist's form fields.
var checkFields = []struct{ Field, Label string }{
	{"avg", "Gegevensbescherming (AVG)"},
	{"beveiliging", "Informatiebeveiliging"},
	{"koppeling", "Koppeling met andere systemen"},
	{"toegankelijkheid", "Toegankelijkheid"},
}

// AddTechnology adds an entry to the catalogue (a provider that found a
// technology the catalogue lacks). Every field is checked at once; costs
// in another format than a Dutch amount are refused, naming the field.
func (s *Service) AddTechnology(ctx context.Context, p *auth.Principal, in TechnologyInput) (int64, error) {
	if p.Role != auth.RoleAanbieder {
		return 0, web.Forbidden("Alleen een aanbieder voegt technologie toe aan de catalogus.", "Only a provider adds technology to the catalogue.")
	}
	t, errs := checkTechnology(in)
	if t.Name != "" {
		taken, err := s.store.technologyNameTaken(ctx, s.d, t.Name)
		if err != nil {
			return 0, err
		}
		if taken {
			errs = append(errs, web.FieldError{Field: "naam", Message: "Er staat al een technologie met deze naam in de catalogus.", English: "A technology with this name is already in the catalogue."})
		}
	}
	if err := web.Invalid(errs...); err != nil {
		return 0, err
	}
	return s.store.insertTechnology(ctx, s.d, t, p.UserID, s.now())
}

// decodeTechnologyForm reads the form that adds a technology to the
// catalogue without the database, so it can be fuzzed (issue 18);
// checkTechnology checks it, for the API too.
func decodeTechnologyForm(f url.Values) TechnologyInput {
	return TechnologyInput{Name: f.Get("naam"), Theme: f.Get("thema"), CareQuestions: f.Get("zorgvragen"),
		Description: f.Get("beschrijving"), Pros: f.Get("voordelen"), Cons: f.Get("nadelen"), Purchase: f.Get("aanschaf"),
		Yearly: f.Get("jaarlijks"), Evidence: f.Get("bewijs"), Supplier: f.Get("leverancier"),
		Privacy: Check(f.Get("avg")), Security: Check(f.Get("beveiliging")), Interop: Check(f.Get("koppeling")), Accessibility: Check(f.Get("toegankelijkheid")),
		SleepMonitor: f.Get("nachtrust") == "1"}
}

// checkTechnology checks a catalogue entry without the database, so the
// form can be fuzzed (issue 18): a name of at most 120 characters, a
// theme, care questions of at most 1000, pros and cons of at most 2000,
// both costs as Dutch euro amounts, a supplier of at most 120 and each
// checklist item pass, fail or unknown (unknown when left empty). Whether
// the name is taken is AddTechnology's to check.
func checkTechnology(in TechnologyInput) (Technology, []web.FieldError) {
	var errs []web.FieldError
	t := Technology{Theme: in.Theme, SleepMonitor: in.SleepMonitor}
	t.Name = textField(&errs, "naam", "de naam", in.Name, 120)
	if _, ok := ThemeByCode(in.Theme); !ok {
		errs = append(errs, web.FieldError{Field: "thema", Message: "Kies een van de zes thema's.", English: "Choose one of the six themes."})
	}
	t.CareQuestions = textField(&errs, "zorgvragen", "de zorgvragen waarop het een antwoord is", in.CareQuestions, 1000)
	t.Description = optionalText(&errs, "beschrijving", "De beschrijving", in.Description, 2000)
	t.Pros = textField(&errs, "voordelen", "de voordelen", in.Pros, 2000)
	t.Cons = textField(&errs, "nadelen", "de nadelen", in.Cons, 2000)
	var err error
	if t.PurchaseCents, err = parseEuro(in.Purchase); err != nil {
		errs = append(errs, web.FieldError{Field: "aanschaf", Message: "Schrijf de aanschafkosten als bedrag in euro's, bijvoorbeeld 1.250,00 of 1250 (punt voor duizendtallen, komma voor centen).", English: "Write the purchase cost as a euro amount, e.g. 1.250,00."})
	}
	if t.YearlyCents, err = parseEuro(in.Yearly); err != nil {
		errs = append(errs, web.FieldError{Field: "jaarlijks", Message: "Schrijf de kosten per jaar als bedrag in euro's, bijvoorbeeld 240,00 (0 als er geen kosten per jaar zijn).", English: "Write the yearly cost as a euro amount, e.g. 240,00."})
	}
	t.Evidence = optionalText(&errs, "bewijs", "Het bewijs", in.Evidence, 2000)
	t.Supplier = textField(&errs, "leverancier", "de leverancier", in.Supplier, 120)
	checks := []Check{in.Privacy, in.Security, in.Interop, in.Accessibility}
	for i, c := range checks {
		if c == "" {
			checks[i] = CheckUnknown
			continue
		}
		if c != CheckPass && c != CheckFail && c != CheckUnknown {
			errs = append(errs, web.FieldError{Field: checkFields[i].Field, Message: "Kies bij " + checkFields[i].Label + ": voldoet, voldoet niet of onbekend.", English: "Choose pass, fail or unknown."})
		}
	}
	t.Privacy, t.Security, t.Interop, t.Accessibility = checks[0], checks[1], checks[2], checks[3]
	return t, errs
}

// Network is a theme's learning network as its page shows it.
type Network struct {
	Theme    Theme
	Members  []Member
	Meetings []Meeting
	Links    []Link
	// Choices are the projects of the theme that p's network shares: the
	// owning organisation, the phase, the choice and the lessons (the
	// reasons at the gates).
	Choices []SharedChoice
}

// SharedChoice is what a project shares with its theme network.
type SharedChoice struct {
	Organisation string
	Title        string
	Kind         Kind
	Phase        Phase
	// Technology is the chosen technology's name, or for the social route
	// the approach tried; Reason is why it was chosen (empty until then).
	Technology string
	Reason     string
	StopReason string
}

// canReadNetworks: the networks are open to the providers, professionals,
// care offices (care purchasers), client councils and the programme.
func canReadNetworks(p *auth.Principal) bool {
	switch p.Role {
	case auth.RoleAanbieder, auth.RoleZorgverlener, auth.RoleZorgkantoor, auth.RoleProgramma:
		return true
	}
	return IsCouncil(p)
}

// Network reads a theme's network.
func (s *Service) Network(ctx context.Context, p *auth.Principal, code string) (Network, error) {
	th, ok := ThemeByCode(code)
	if !ok {
		return Network{}, web.NotFound("Dit thema bestaat niet.", "This theme does not exist.")
	}
	if !canReadNetworks(p) {
		return Network{}, web.Forbidden("De lerende netwerken zijn voor aanbieders, professionals, zorginkopers, cliëntenraden en het programma.", "The learning networks are for providers, professionals, care purchasers, client councils and the programme.")
	}
	n := Network{Theme: th}
	var err error
	if n.Members, err = s.store.members(ctx, code); err != nil {
		return n, err
	}
	if n.Meetings, err = s.store.meetings(ctx, code); err != nil {
		return n, err
	}
	if n.Links, err = s.store.links(ctx, code); err != nil {
		return n, err
	}
	var orgIDs []int64
	for _, l := range n.Links {
		orgIDs = append(orgIDs, l.OrganisationID)
	}
	all, err := s.store.projectsOf(ctx, nil)
	if err != nil {
		return n, err
	}
	var theme []Project
	for _, pr := range all {
		if pr.Theme == code && pr.Phase != PhaseQuestion {
			theme = append(theme, pr)
			orgIDs = append(orgIDs, pr.OrganisationID)
		}
	}
	names, err := s.orgs.Names(ctx, orgIDs)
	if err != nil {
		return n, err
	}
	for i := range n.Links {
		n.Links[i].OrganisationName = names[n.Links[i].OrganisationID]
	}
	techIDs := make([]int64, len(theme))
	for i, pr := range theme {
		techIDs[i] = pr.TechnologyID
	}
	techs, err := s.store.technologyNames(ctx, techIDs)
	if err != nil {
		return n, err
	}
	for _, pr := range theme {
		n.Choices = append(n.Choices, SharedChoice{Organisation: names[pr.OrganisationID], Title: pr.Title, Kind: pr.Kind, Phase: pr.Phase,
			Technology: firstNonEmpty(techs[pr.TechnologyID], pr.Approach), Reason: pr.ChoiceReason, StopReason: pr.StopReason})
	}
	return n, nil
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// MemberInput invites a member to a network, also from outside.
type MemberInput struct {
	Name         string `json:"name" required:"true"`
	Organisation string `json:"organisation" required:"true"`
	Kind         string `json:"kind" required:"true"`
}

// AddMember adds a member to a theme network (a provider invites).
func (s *Service) AddMember(ctx context.Context, p *auth.Principal, code string, in MemberInput) error {
	if _, ok := ThemeByCode(code); !ok {
		return web.NotFound("Dit thema bestaat niet.", "This theme does not exist.")
	}
	if p.Role != auth.RoleAanbieder {
		return web.Forbidden("Alleen een aanbieder nodigt leden uit.", "Only a provider invites members.")
	}
	m, errs := checkMember(in)
	if err := web.Invalid(errs...); err != nil {
		return err
	}
	m.Theme, m.JoinedAt = code, s.now()
	return s.store.insertMember(ctx, s.d, m, p.UserID)
}

// MeetingInput records a network meeting.
type MeetingInput struct {
	HeldOn  string `json:"held_on" required:"true"`
	Title   string `json:"title" required:"true"`
	Summary string `json:"summary"`
}

// AddMeeting records a meeting of a theme network.
func (s *Service) AddMeeting(ctx context.Context, p *auth.Principal, code string, in MeetingInput) error {
	if _, ok := ThemeByCode(code); !ok {
		return web.NotFound("Dit thema bestaat niet.", "This theme does not exist.")
	}
	if p.Role != auth.RoleAanbieder {
		return web.Forbidden("Alleen een aanbieder legt bijeenkomsten vast.", "Only a provider records meetings.")
	}
	m, errs := checkMeeting(in)
	if err := web.Invalid(errs...); err != nil {
		return err
	}
	m.Theme = code
	return s.store.insertMeeting(ctx, s.d, m, p.UserID, s.now())
}

// LinkInput shares knowledge (a document, report or video) with a network.
type LinkInput struct {
	Title string `json:"title" required:"true"`
	URL   string `json:"url" required:"true"`
}

// AddLink shares a knowledge link in a theme network on behalf of p's
// organisation (providers and professionals).
func (s *Service) AddLink(ctx context.Context, p *auth.Principal, code string, in LinkInput) error {
	if _, ok := ThemeByCode(code); !ok {
		return web.NotFound("Dit thema bestaat niet.", "This theme does not exist.")
	}
	if (p.Role != auth.RoleAanbieder && p.Role != auth.RoleZorgverlener) || len(p.Scope.Organisations) == 0 {
		return web.Forbidden("Kennis delen doen aanbieders en professionals namens hun organisatie.", "Providers and professionals share knowledge for their organisation.")
	}
	l, errs := checkLink(in)
	if err := web.Invalid(errs...); err != nil {
		return err
	}
	l.Theme, l.OrganisationID = code, p.Scope.Organisations[0]
	return s.store.insertLink(ctx, s.d, l, p.UserID, s.now())
}

// checkMember checks a network member without the database, so the form
// can be fuzzed (issue 18): a name of at most 120 characters, an
// organisation of at most 160 and a kind from memberKinds. The member has
// no theme or date yet.
func checkMember(in MemberInput) (Member, []web.FieldError) {
	var errs []web.FieldError
	m := Member{Kind: in.Kind}
	m.Name = textField(&errs, "lid_naam", "de naam van het lid", in.Name, 120)
	m.Organisation = textField(&errs, "lid_organisatie", "de organisatie van het lid", in.Organisation, 160)
	found := false
	for _, k := range memberKinds {
		found = found || k.Code == in.Kind
	}
	if !found {
		errs = append(errs, web.FieldError{Field: "lid_soort", Message: "Kies wat voor lid het is: aanbieder, zorginkoper, kennisinstelling, cliëntenraad of leverancier.", English: "Choose the kind of member."})
	}
	return m, errs
}

// checkMeeting checks a network meeting without the database, so the
// form can be fuzzed (issue 18): a day from 2000 to 2100, a title of at
// most 200 characters, a report of at most 3000. The meeting has no theme
// yet.
func checkMeeting(in MeetingInput) (Meeting, []web.FieldError) {
	var errs []web.FieldError
	var m Meeting
	m.HeldOn = dateField(&errs, "bijeenkomst_datum", "de datum", in.HeldOn)
	m.Title = textField(&errs, "bijeenkomst_titel", "het onderwerp", in.Title, 200)
	m.Summary = optionalText(&errs, "bijeenkomst_verslag", "Het verslag", in.Summary, 3000)
	return m, errs
}

// checkLink checks a knowledge link without the database, so the form can
// be fuzzed (issue 18): a title of at most 200 characters and a full http
// or https address of at most 500 bytes. The link has no theme or
// organisation yet.
func checkLink(in LinkInput) (Link, []web.FieldError) {
	var errs []web.FieldError
	var l Link
	l.Title = textField(&errs, "kennis_titel", "de titel", in.Title, 200)
	l.URL = strings.TrimSpace(in.URL)
	if u, err := url.Parse(l.URL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(l.URL) > 500 || !readable(l.URL) {
		errs = append(errs, web.FieldError{Field: "kennis_url", Message: "Vul een volledig webadres in dat begint met https://.", English: "Fill in a full web address starting with https://."})
	}
	return l, errs
}
