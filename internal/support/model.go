package support

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Pilot is one of the five pilots of specialised client support.
type Pilot string

// The five pilots of the letters; their codes are the suffixes of the
// support.families.* figure keys.
const (
	PilotZEVMB   Pilot = "zevmb"
	PilotAutisme Pilot = "autisme"
	PilotNAH     Pilot = "nah"
	PilotLVBPlus Pilot = "lvbplus"
	PilotNaasten Pilot = "naasten"
)

// Pilots lists the pilots in the order of the letters.
func Pilots() []Pilot { return []Pilot{PilotZEVMB, PilotAutisme, PilotNAH, PilotLVBPlus, PilotNaasten} }

// Valid reports whether p is one of the five pilots.
func (p Pilot) Valid() bool { return slices.Contains(Pilots(), p) }

// Label is the pilot's Dutch name.
func (p Pilot) Label() string {
	switch p {
	case PilotZEVMB:
		return "ZEVMB (zeer ernstige verstandelijke en meervoudige beperking)"
	case PilotAutisme:
		return "Autisme"
	case PilotNAH:
		return "NAH (niet-aangeboren hersenletsel)"
	case PilotLVBPlus:
		return "LVB+ (licht verstandelijke beperking met bijkomende problemen)"
	case PilotNaasten:
		return "Naasten"
	}
	return string(p)
}

// Short is the pilot's short Dutch name, for tables and charts.
func (p Pilot) Short() string {
	switch p {
	case PilotZEVMB:
		return "ZEVMB"
	case PilotAutisme:
		return "Autisme"
	case PilotNAH:
		return "NAH"
	case PilotLVBPlus:
		return "LVB+"
	case PilotNaasten:
		return "Naasten"
	}
	return string(p)
}

// Domain is a life domain the support covers ("op alle levensdomeinen").
type Domain string

// The life domains.
const (
	DomainCare       Domain = "zorg"
	DomainHousing    Domain = "wonen"
	DomainSchoolWork Domain = "school_werk"
	DomainFinances   Domain = "financien"
	DomainNetwork    Domain = "netwerk"
	DomainLeisure    Domain = "vrije_tijd"
	DomainSelfDeterm Domain = "zelfbeschikking"
	DomainHealth     Domain = "gezondheid"
)

// Domains lists the life domains in form order.
func Domains() []Domain {
	return []Domain{DomainCare, DomainHousing, DomainSchoolWork, DomainFinances, DomainNetwork, DomainLeisure, DomainSelfDeterm, DomainHealth}
}

// Valid reports whether d is a known life domain.
func (d Domain) Valid() bool { return slices.Contains(Domains(), d) }

// Label is the domain's Dutch name.
func (d Domain) Label() string {
	switch d {
	case DomainCare:
		return "Zorg"
	case DomainHousing:
		return "Wonen"
	case DomainSchoolWork:
		return "School en werk"
	case DomainFinances:
		return "Geldzaken"
	case DomainNetwork:
		return "Sociaal netwerk"
	case DomainLeisure:
		return "Vrije tijd"
	case DomainSelfDeterm:
		return "Zelf beslissen"
	case DomainHealth:
		return "Gezondheid"
	}
	return string(d)
}

// Section is a part of the family file the family shares on its own:
// the supporter reads every section; another professional only the ones
// the family chose.
type Section string

// The sections of a family file.
const (
	SectionGoals    Section = "doelen"
	SectionNetwork  Section = "netwerk"
	SectionLog      Section = "logboek"
	SectionMeasures Section = "metingen"
)

// Sections lists the sections in page order.
func Sections() []Section {
	return []Section{SectionGoals, SectionNetwork, SectionLog, SectionMeasures}
}

// Label is the section's Dutch name.
func (s Section) Label() string {
	switch s {
	case SectionGoals:
		return "Levensdomeinen en doelen"
	case SectionNetwork:
		return "Netwerk"
	case SectionLog:
		return "Acties, knelpunten en uren"
	case SectionMeasures:
		return "Metingen"
	}
	return string(s)
}

// parseSections reads a stored comma-separated list, keeping known
// sections only.
func parseSections(s string) []Section {
	var out []Section
	for _, x := range strings.Split(s, ",") {
		if sec := Section(strings.TrimSpace(x)); slices.Contains(Sections(), sec) && !slices.Contains(out, sec) {
			out = append(out, sec)
		}
	}
	return out
}

func joinSections(ss []Section) string {
	var b []string
	for _, s := range ss {
		b = append(b, string(s))
	}
	return strings.Join(b, ",")
}

// Intensity is how much support a family gets now.
type Intensity string

// The intensities, with the hours a month they stand for.
const (
	IntensityLight  Intensity = "licht"
	IntensityMedium Intensity = "middel"
	IntensityHigh   Intensity = "intensief"
)

// Label is the intensity in Dutch with its meaning.
func (i Intensity) Label() string {
	switch i {
	case IntensityLight:
		return "Licht (minder dan 4 uur per maand)"
	case IntensityHigh:
		return "Intensief (meer dan 12 uur per maand)"
	}
	return "Middel (4 tot 12 uur per maand)"
}

// intensityFor derives the intensity from the supporter's minutes in the
// last 90 days, so it follows the logged hours instead of being a guess.
func intensityFor(minutes90d int) Intensity {
	perMonth := float64(minutes90d) / 60 / 3
	switch {
	case perMonth < 4:
		return IntensityLight
	case perMonth > 12:
		return IntensityHigh
	}
	return IntensityMedium
}

// Family is a family file: one client with their relatives.
type Family struct {
	ID          int64
	ClientID    int64
	ClientName  string
	Pilot       Pilot
	Region      string
	SupporterID int64
	Supporter   string
	IntakeOn    time.Time
	EndedOn     time.Time
	CreatedAt   time.Time
	// Minutes is the supporter's time in the last 90 days (filled by the
	// lists), Intensity what it amounts to.
	Minutes   int
	Intensity Intensity
}

// Active reports whether the support runs.
func (f Family) Active() bool { return f.EndedOn.IsZero() }

// Hours is Minutes in hours, for the pages.
func (f Family) Hours() float64 { return float64(f.Minutes) / 60 }

// Grant is an access the family gave.
type Grant struct {
	ID          int64
	FamilyID    int64
	UserID      int64
	UserName    string
	Kind        string // "ondersteuner" or "professional"
	Sections    []Section
	GrantedBy   int64
	GrantedAt   time.Time
	WithdrawnAt time.Time
}

// Active reports whether the grant still gives access.
func (g Grant) Active() bool { return g.WithdrawnAt.IsZero() }

// grantKindLabel is a grant kind in Dutch.
func grantKindLabel(k string) string {
	if k == GrantSupporter {
		return "Cliëntondersteuner"
	}
	return "Andere professional"
}

// Grant kinds.
const (
	GrantSupporter    = "ondersteuner"
	GrantProfessional = "professional"
)

// Goal is a goal on a life domain with its progress.
type Goal struct {
	ID        int64
	FamilyID  int64
	Domain    Domain
	Goal      string
	NextStep  string
	Progress  int // 0-100
	UpdatedAt time.Time
}

// NetworkMember is a person or organisation in the family's network.
type NetworkMember struct {
	ID        int64
	FamilyID  int64
	Name      string
	Relation  string
	Kind      string // familie, vriend, professional, organisatie
	Closeness int    // 1 close, 2 middle, 3 far
}

// NetworkKind is what a network member is to the family.
type NetworkKind string

// NetworkKinds are the kinds of network members, in form order.
func NetworkKinds() []NetworkKind {
	return []NetworkKind{"familie", "vriend", "professional", "organisatie"}
}

// Label is the kind in Dutch.
func (k NetworkKind) Label() string { return NetworkKindLabel(string(k)) }

// KindLabel is the member's kind in Dutch.
func (m NetworkMember) KindLabel() string { return NetworkKindLabel(m.Kind) }

// CloseLabel is the member's closeness in Dutch.
func (m NetworkMember) CloseLabel() string { return Closeness(m.Closeness).Label() }

// Closeness is how close a contact stands: 1 close, 2 in between, 3 far.
type Closeness int

// Closenesses lists the closenesses in form order.
func Closenesses() []Closeness { return []Closeness{1, 2, 3} }

// Label is the closeness in Dutch.
func (c Closeness) Label() string {
	switch c {
	case 1:
		return "Dichtbij"
	case 2:
		return "Tussenin"
	}
	return "Verder weg"
}

// NetworkKindLabel is a network kind in Dutch.
func NetworkKindLabel(k string) string {
	switch k {
	case "familie":
		return "Familie"
	case "vriend":
		return "Vriend of buur"
	case "professional":
		return "Professional"
	case "organisatie":
		return "Organisatie"
	}
	return k
}

// ActionKind is a kind of entry in the action and bottleneck log.
type ActionKind string

// The kinds of log entries.
const (
	ActionApplication ActionKind = "aanvraag"
	ActionAppointment ActionKind = "afspraak"
	ActionEscalation  ActionKind = "escalatie"
	ActionBottleneck  ActionKind = "knelpunt"
	ActionContact     ActionKind = "gesprek"
)

// ActionKinds lists the kinds in form order.
func ActionKinds() []ActionKind {
	return []ActionKind{ActionContact, ActionApplication, ActionAppointment, ActionBottleneck, ActionEscalation}
}

// Label is the kind in Dutch.
func (k ActionKind) Label() string {
	switch k {
	case ActionApplication:
		return "Aanvraag"
	case ActionAppointment:
		return "Afspraak"
	case ActionEscalation:
		return "Escalatie naar het zorgkantoor"
	case ActionBottleneck:
		return "Knelpunt"
	case ActionContact:
		return "Gesprek met het gezin"
	}
	return string(k)
}

// Action is an entry in the action and bottleneck log.
type Action struct {
	ID         int64
	FamilyID   int64
	Kind       ActionKind
	HappenedOn time.Time
	Subject    string
	Outcome    string
	Minutes    int
	CreatedBy  int64
	// Event is set on an entry the system wrote (a referral to the care
	// office), EventRef its reference: such an entry is shown from the
	// code in the reader's language, Subject and Outcome keep the Dutch
	// text for exports and the API.
	Event    SystemEvent
	EventRef string
}

// SystemEvent names an entry the system writes into a family's log.
type SystemEvent string

// The entries the system writes.
const (
	// EventReferred: the supporter referred the family to the care
	// office for a place to live.
	EventReferred SystemEvent = "aangemeld"
	// EventReferredRunning: the same, while the care office's search for
	// the client was already running.
	EventReferredRunning SystemEvent = "aangemeld-liep-al"
)

// eventText is one system entry in one language: the subject (with the
// reference as its %s), the outcome, and the plain lines the family reads
// on its easy-read page (one idea a line), which leave the reference out.
type eventText struct {
	subject, outcome string
	plain            []string
}

// text gives the entry's words in lang ("en" or Dutch otherwise); ok is
// false for an event this version does not know, which then shows the
// stored Dutch text.
func (e SystemEvent) text(lang string) (eventText, bool) {
	en := lang == "en"
	switch e {
	case EventReferred:
		if en {
			return eventText{"Referred to the care office for a place to live (%s)", "The care office looks at what the client needs.",
				[]string{"The client supporter asked the care office to look for a place to live.", "The care office will look at which place fits."}}, true
		}
		return eventText{"Aangemeld bij het zorgkantoor voor een plek (%s)", "Het zorgkantoor brengt de cliënt in beeld.",
			[]string{"De cliëntondersteuner vroeg het zorgkantoor om een woonplek te zoeken.", "Het zorgkantoor kijkt welke woonplek past."}}, true
	case EventReferredRunning:
		if en {
			return eventText{"Asked the care office for a place to live; the search was already running (%s)", "The care office looks at what the client needs.",
				[]string{"The client supporter asked the care office for a place to live.", "The care office was already looking.", "It keeps looking."}}, true
		}
		return eventText{"Plek gevraagd bij het zorgkantoor; de zoektocht liep al (%s)", "Het zorgkantoor brengt de cliënt in beeld.",
			[]string{"De cliëntondersteuner vroeg het zorgkantoor om een woonplek.", "Het zorgkantoor zocht al.", "Het zoekt verder."}}, true
	}
	return eventText{}, false
}

// SubjectIn is the subject in the reader's language: a system entry from
// its code, an entry a person wrote as written.
func (a Action) SubjectIn(lang string) string {
	if t, ok := a.Event.text(lang); ok {
		return fmt.Sprintf(t.subject, a.EventRef)
	}
	return a.Subject
}

// OutcomeIn is the outcome in the reader's language, as SubjectIn.
func (a Action) OutcomeIn(lang string) string {
	if t, ok := a.Event.text(lang); ok {
		return t.outcome
	}
	return a.Outcome
}

// PlainIn is what the family reads on its easy-read page, one idea a
// line: a system entry in plain words in the reader's language, without
// the care office's reference or its jargon; an entry a person wrote as
// its Sentence, on one line.
func (a Action) PlainIn(lang string) []string {
	if t, ok := a.Event.text(lang); ok {
		return t.plain
	}
	return []string{a.Sentence()}
}

// Sentence is the action as one line a family reads: the subject, then
// the outcome, with a full stop between them only where the subject has
// no closing mark of its own ("Wat heeft het gezin nodig? Plek
// gevonden.", never "nodig?. Plek").
func (a Action) Sentence() string {
	out := strings.TrimSpace(a.Subject)
	if o := strings.TrimSpace(a.Outcome); o != "" {
		if out != "" && !strings.ContainsAny(out[len(out)-1:], ".?!") {
			out += "."
		}
		out += " " + o
	}
	return out
}

// Moment is when an outcome measure was taken.
type Moment string

// The measurement moments.
const (
	MomentIntake   Moment = "intake"
	MomentFollowUp Moment = "vervolg"
)

// Label is the moment in Dutch.
func (m Moment) Label() string {
	if m == MomentIntake {
		return "Intake"
	}
	return "Vervolgmeting"
}

// Measurement is one outcome measure of a family.
type Measurement struct {
	ID         int64
	FamilyID   int64
	Moment     Moment
	MeasuredOn time.Time
	Quality    int // quality of life 1-10
	Burden     int // burden of arranging care 1-10 (10 heaviest)
	RestHours  int // hours a week for family and rest
}
