package innovation

import (
	"cmp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/volwaardig/volwaardig/internal/web"
)

// Theme is one of the six themes of the programme, each with its learning
// network. The set is fixed by the programme, so it is code, not data.
type Theme struct {
	Code    string
	Name    string // Dutch
	Summary string // Dutch, one line
}

// Themes are the programme's six themes, in the order the pages show them.
var themes = []Theme{
	{"slapen", "Lekker slapen", "Rustige nachten, minder onnodig wekken en een goede start van de dag."},
	{"begrepen", "Begrepen worden", "Communiceren met en zonder woorden: laten weten wat je wilt en voelt."},
	{"dagstructuur", "Dagstructuur", "Weten wat er vandaag gebeurt: overzicht, herinneringen en rust."},
	{"contact", "Sociaal contact", "Contact met familie, vrienden en de buurt, ook op afstand."},
	{"veilig", "Veilig en vrij bewegen", "Vrijheid waar het kan, toezicht waar het nodig is, zonder onnodige beperking."},
	{"zelfstandig", "Zelf doen", "Zelfstandig wonen, eten, wassen en ontspannen met hulpmiddelen."},
}

// Themes returns the six themes.
func Themes() []Theme { return slices.Clone(themes) }

// ThemeByCode finds a theme; ok is false for an unknown code.
func ThemeByCode(code string) (Theme, bool) {
	for _, t := range themes {
		if t.Code == code {
			return t, true
		}
	}
	return Theme{}, false
}

// themeName is the theme's Dutch name, or the code for an unknown one.
func themeName(code string) string {
	if t, ok := ThemeByCode(code); ok {
		return t.Name
	}
	return code
}

// Kind tells a technology project from a social-innovation trajectory of
// "Begeleiding à la carte", which follows the same route without the
// technology catalogue.
type Kind string

const (
	KindTechnology Kind = "technologie"
	KindSocial     Kind = "sociaal"
)

// Label is the kind in Dutch.
func (k Kind) Label() string {
	if k == KindSocial {
		return "Begeleiding à la carte"
	}
	return "Zorgtechnologie"
}

// Phase is where a project is on the route.
type Phase string

const (
	PhaseQuestion   Phase = "zorgvraag"
	PhaseReadiness  Phase = "randvoorwaarden"
	PhaseExplore    Phase = "verkennen"
	PhaseChoice     Phase = "keuze"
	PhasePlan       Phase = "plan"
	PhaseSmall      Phase = "kleinschalig"
	PhaseEvaluation Phase = "evaluatie"
	PhaseScale      Phase = "opschalen"
	PhaseStopped    Phase = "gestopt"
)

var phaseLabels = map[Phase]string{
	PhaseQuestion:   "Zorgvraag",
	PhaseReadiness:  "Randvoorwaarden (zelfscan)",
	PhaseExplore:    "Verkennen",
	PhaseChoice:     "Keuze",
	PhasePlan:       "Implementatieplan",
	PhaseSmall:      "Kleinschalig starten",
	PhaseEvaluation: "Evaluatie",
	PhaseScale:      "Opschalen",
	PhaseStopped:    "Gestopt",
}

// Label is the phase in Dutch.
func (p Phase) Label() string {
	if l, ok := phaseLabels[p]; ok {
		return l
	}
	return string(p)
}

// Route is the order of the phases for a kind of project: a social
// innovation has no catalogue to explore or choose from.
func Route(k Kind) []Phase {
	if k == KindSocial {
		return []Phase{PhaseQuestion, PhaseReadiness, PhasePlan, PhaseSmall, PhaseEvaluation, PhaseScale}
	}
	return []Phase{PhaseQuestion, PhaseReadiness, PhaseExplore, PhaseChoice, PhasePlan, PhaseSmall, PhaseEvaluation, PhaseScale}
}

// Next is the phase after p on k's route; ok is false at the end or for a
// stopped project.
func Next(k Kind, p Phase) (Phase, bool) {
	r := Route(k)
	i := slices.Index(r, p)
	if i < 0 || i+1 >= len(r) {
		return "", false
	}
	return r[i+1], true
}

// Involved are the groups that can take part in formulating the care
// question.
var involvedGroups = []struct{ Code, Label string }{
	{"clienten", "Cliënten"},
	{"naasten", "Naasten"},
	{"professionals", "Professionals"},
	{"clientenraad", "Cliëntenraad"},
}

// Readiness is one area's answer in the self-scan.
type Readiness string

const (
	ReadyYes     Readiness = "op_orde"
	ReadyPartly  Readiness = "deels"
	ReadyNo      Readiness = "niet_op_orde"
	readyUnknown Readiness = ""
)

var readinessLabels = map[Readiness]string{ReadyYes: "Op orde", ReadyPartly: "Deels op orde", ReadyNo: "Niet op orde", readyUnknown: "Nog niet ingevuld"}

// Label is the answer in Dutch.
func (r Readiness) Label() string { return readinessLabels[r] }

// scanAreas are the four areas of the readiness self-scan.
var scanAreas = []struct{ Field, Label, Hint string }{
	{"scan_org", "Organisatie", "Draagvlak bij bestuur en team, een eigenaar van het project, tijd om te leren."},
	{"scan_it", "ICT", "Wifi op de locatie, koppeling met het dossier, beheer en support."},
	{"scan_finance", "Financiën", "Aanschaf, jaarlijkse kosten en wie ze betaalt na de proefperiode."},
	{"scan_staff", "Personeel", "Opleiding, bezetting en wie de technologie dagelijks gebruikt."},
}

// StopCategory is why a project stopped.
var stopCategories = []struct{ Code, Label string }{
	{"randvoorwaarden", "De randvoorwaarden waren niet op orde"},
	{"geen_technologie", "Geen passende technologie of aanpak gevonden"},
	{"effect", "Te weinig effect voor cliënt of professional"},
	{"financiering", "Geen financiering na de proefperiode"},
	{"anders", "Een andere reden"},
}

func stopLabel(code string) string {
	for _, c := range stopCategories {
		if c.Code == code {
			return c.Label
		}
	}
	return code
}

// Steps of the implementation plan: the five steps of the ZonMw
// implementation model plus the two the programme adds, each where it
// happens: the agreements with the supplier once the strategies are
// chosen and before the plan is tried, the embedding in the care process
// after it was carried out and before the evaluation. A plan's tasks are
// shown in this order (stepRank).
var planSteps = []struct{ Code, Label string }{
	{"voorstel", "1. Voorstel voor verandering"},
	{"analyse", "2. Analyse van doelgroep en omgeving"},
	{"strategie", "3. Strategieën kiezen"},
	{"leverancier", "Samenwerking met de leverancier"},
	{"uitvoeren", "4. Plan testen en uitvoeren"},
	{"inbedding", "Inbedding in het zorgproces"},
	{"evalueren", "5. Evalueren en bijstellen"},
}

// stepRank is a step's place in the plan (an unknown step last).
func stepRank(code string) int {
	for i, s := range planSteps {
		if s.Code == code {
			return i
		}
	}
	return len(planSteps)
}

// sortTasks puts a plan's tasks in the order of its steps, and within a
// step by date: tasks may be added in any order, the plan reads from its
// first step to its last.
func sortTasks(ts []Task) {
	slices.SortStableFunc(ts, func(a, b Task) int {
		if c := cmp.Compare(stepRank(a.Step), stepRank(b.Step)); c != 0 {
			return c
		}
		if c := a.Due.Compare(b.Due); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
}

// stepsFor are the plan's steps for a route: the social route has no
// supplier to work with, so it plans without that step.
func stepsFor(kind Kind) []struct{ Code, Label string } {
	if kind != KindSocial {
		return planSteps
	}
	var out []struct{ Code, Label string }
	for _, s := range planSteps {
		if s.Code != "leverancier" {
			out = append(out, s)
		}
	}
	return out
}

func stepLabel(code string) string {
	for _, s := range planSteps {
		if s.Code == code {
			return s.Label
		}
	}
	return code
}

// Measure groups: effects for the client, the professional and relatives.
var measureGroups = []struct{ Code, Label string }{
	{"client", "Cliënt"},
	{"professional", "Professional"},
	{"naasten", "Naasten"},
}

// groupsInSentence are the groups as words inside a sentence ("voor de
// cliënt"), where the label's capital would read as a heading.
var groupsInSentence = map[string]string{"client": "de cliënt", "professional": "professionals", "naasten": "naasten"}

func groupInSentence(code string) string {
	if w, ok := groupsInSentence[code]; ok {
		return w
	}
	return code
}

func groupLabel(code string) string {
	for _, g := range measureGroups {
		if g.Code == code {
			return g.Label
		}
	}
	return code
}

// Check is one pass/fail item of the supplier checklist.
type Check string

const (
	CheckPass    Check = "voldoet"
	CheckFail    Check = "voldoet_niet"
	CheckUnknown Check = "onbekend"
)

// Label is the answer in Dutch.
func (c Check) Label() string {
	switch c {
	case CheckPass:
		return "Voldoet"
	case CheckFail:
		return "Voldoet niet"
	}
	return "Onbekend"
}

// Technology is one entry of the catalogue.
type Technology struct {
	ID             int64
	Name           string
	Theme          string
	CareQuestions  string
	Description    string
	Pros, Cons     string
	PurchaseCents  int64
	YearlyCents    int64
	Evidence       string
	Supplier       string
	Privacy        Check
	Security       Check
	Interop        Check
	Accessibility  Check
	SleepMonitor   bool
	CreatedAt      time.Time
	ThemeName      string
	PurchaseText   string
	YearlyText     string
	ChecklistPass  int
	ChecklistTotal int
}

func (t *Technology) fill() {
	t.ThemeName = themeName(t.Theme)
	t.PurchaseText = euro(t.PurchaseCents)
	t.YearlyText = euro(t.YearlyCents)
	t.ChecklistPass, t.ChecklistTotal = 0, 4
	for _, c := range []Check{t.Privacy, t.Security, t.Interop, t.Accessibility} {
		if c == CheckPass {
			t.ChecklistPass++
		}
	}
}

// Checklist lists the four supplier checks in order, for the pages.
func (t Technology) Checklist() []CheckItem {
	return []CheckItem{{"Gegevensbescherming (AVG)", t.Privacy}, {"Informatiebeveiliging", t.Security}, {"Koppeling met andere systemen", t.Interop}, {"Toegankelijkheid", t.Accessibility}}
}

// CheckItem is a named check for the pages.
type CheckItem struct {
	Label  string
	Answer Check
}

// Project is a provider's innovation project.
type Project struct {
	ID               int64
	OrganisationID   int64
	Kind             Kind
	Title            string
	Theme            string
	ClientGroup      string
	Question         string
	DiffClient       string
	DiffProfessional string
	Involved         []string
	Phase            Phase
	ScanOrg          Readiness
	ScanIT           Readiness
	ScanFinance      Readiness
	ScanStaff        Readiness
	ScanNote         string
	ScanAt           time.Time
	TechnologyID     int64
	Approach         string
	ChoiceReason     string
	StopCategory     string
	StopReason       string
	ExpectedClients  int
	CreatedBy        int64
	CreatedAt        time.Time
	UpdatedAt        time.Time

	// Filled for the pages.
	OrganisationName string
	TechnologyName   string
	ThemeName        string
}

// ScanDone reports whether every area of the self-scan is answered.
func (p Project) ScanDone() bool {
	return p.ScanOrg != "" && p.ScanIT != "" && p.ScanFinance != "" && p.ScanStaff != ""
}

// ScanAnswers lists the four areas with their answers.
func (p Project) ScanAnswers() []ScanAnswer {
	vals := []Readiness{p.ScanOrg, p.ScanIT, p.ScanFinance, p.ScanStaff}
	out := make([]ScanAnswer, len(scanAreas))
	for i, a := range scanAreas {
		out[i] = ScanAnswer{Field: a.Field, Label: a.Label, Hint: a.Hint, Answer: vals[i]}
	}
	return out
}

// ScanAnswer is one area of the self-scan for the pages.
type ScanAnswer struct {
	Field, Label, Hint string
	Answer             Readiness
}

// InvolvedLabels are the groups that took part, in Dutch.
func (p Project) InvolvedLabels() []string {
	var out []string
	for _, g := range involvedGroups {
		if slices.Contains(p.Involved, g.Code) {
			out = append(out, g.Label)
		}
	}
	return out
}

// Stopped reports whether the project ended with a no-go.
func (p Project) Stopped() bool { return p.Phase == PhaseStopped }

// StopLabel is the stop category in Dutch.
func (p Project) StopLabel() string { return stopLabel(p.StopCategory) }

// Gate is one recorded go/no-go decision.
type Gate struct {
	ID          int64
	ProjectID   int64
	From, To    Phase
	Decision    string // "go" or "nogo"
	Reason      string
	DecidedBy   int64
	DecidedAt   time.Time
	DecidedName string
}

// Advice is the client council's advice at a gate and the answer to it.
type Advice struct {
	ID         int64
	ProjectID  int64
	Phase      Phase
	Text       string
	GivenBy    int64
	GivenAt    time.Time
	Answer     string
	AnsweredBy int64
	AnsweredAt time.Time
	GivenName  string
	AnswerName string
}

// Task is one task of the implementation plan.
type Task struct {
	ID        int64
	ProjectID int64
	Step      string
	Title     string
	Owner     string
	Due       time.Time
	Risk      string
	DoneAt    time.Time
}

// StepLabel is the task's step in Dutch.
func (t Task) StepLabel() string { return stepLabel(t.Step) }

// Measure is one effect measure at baseline and follow-up.
type Measure struct {
	ID         int64
	ProjectID  int64
	Group      string
	Name       string
	Unit       string
	Baseline   float64
	FollowUp   *float64
	MeasuredOn time.Time
	FollowOn   time.Time
}

// FollowUpValue is the follow-up value (0 when there is none).
func (m Measure) FollowUpValue() float64 {
	if m.FollowUp == nil {
		return 0
	}
	return *m.FollowUp
}

// GroupLabel is the measure's group in Dutch.
func (m Measure) GroupLabel() string { return groupLabel(m.Group) }

// GroupInSentence is the measure's group inside a sentence.
func (m Measure) GroupInSentence() string { return groupInSentence(m.Group) }

// ScaleLine is the latest client count at one location.
type ScaleLine struct {
	LocationID   int64
	LocationName string
	Clients      int
	RecordedOn   time.Time
}

// Criterion is one row of the weighted decision matrix.
type Criterion struct {
	ID     int64
	Name   string
	Weight int
	Scores map[int64]int // technology id → score 1..5
}

// Member is a member of a theme network.
type Member struct {
	ID           int64
	Theme        string
	Name         string
	Organisation string
	Kind         string
	JoinedAt     time.Time
}

// memberKinds are who can be in a network: providers and outside members.
var memberKinds = []struct{ Code, Label string }{
	{"aanbieder", "Zorgaanbieder"},
	{"zorginkoper", "Zorginkoper (zorgkantoor)"},
	{"kennisinstelling", "Universiteit of hogeschool"},
	{"clientenraad", "Cliëntenraad"},
	{"leverancier", "Leverancier"},
}

// KindLabel is the member's kind in Dutch.
func (m Member) KindLabel() string {
	for _, k := range memberKinds {
		if k.Code == m.Kind {
			return k.Label
		}
	}
	return m.Kind
}

// Meeting is a meeting of a theme network.
type Meeting struct {
	ID      int64
	Theme   string
	HeldOn  time.Time
	Title   string
	Summary string
}

// Link is shared knowledge in a theme network.
type Link struct {
	ID               int64
	Theme            string
	Title            string
	URL              string
	OrganisationID   int64
	OrganisationName string
}

// readable says a typed text can be stored: valid UTF-8 without a NUL.
// PostgreSQL refuses anything else in a text column (SQLSTATE 22021), so
// such a post was an internal error there while SQLite stored it as sent
// (found while writing the form fuzz targets, issue 18). A browser never
// sends it; a script or a broken client can.
func readable(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }

// unreadable is the error of a text that is not readable.
func unreadable(field, label string) web.FieldError {
	return web.FieldError{Field: field, Message: upperFirst(label) + " bevat tekens die niet te lezen zijn. Typ de tekst opnieuw.",
		English: "This text contains characters that cannot be read. Type it again."}
}

// textField checks a required free-text field: present, readable and not
// longer than max characters.
func textField(errs *[]web.FieldError, field, label, value string, max int) string {
	v := strings.TrimSpace(value)
	switch {
	case v == "":
		*errs = append(*errs, web.FieldError{Field: field, Message: "Vul " + label + " in.", English: "Fill in this field."})
	case !readable(v):
		*errs = append(*errs, unreadable(field, label))
	case utf8.RuneCountInString(v) > max:
		*errs = append(*errs, web.FieldError{Field: field, Message: upperFirst(label) + " is te lang: gebruik hoogstens " + itoa(max) + " tekens.", English: "This text is too long: use at most " + itoa(max) + " characters."})
	}
	return v
}

// upperFirst starts a sentence with a capital: labels are written to
// follow "Vul ... in".
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// optionalText trims an optional text and checks it is readable and not
// too long.
func optionalText(errs *[]web.FieldError, field, label, value string, max int) string {
	v := strings.TrimSpace(value)
	if !readable(v) {
		*errs = append(*errs, unreadable(field, label))
	} else if utf8.RuneCountInString(v) > max {
		*errs = append(*errs, web.FieldError{Field: field, Message: upperFirst(label) + " is te lang: gebruik hoogstens " + itoa(max) + " tekens.", English: "This text is too long: use at most " + itoa(max) + " characters."})
	}
	return v
}
