package safety

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/volwaardig/volwaardig/internal/web"
)

// Kind is what the reporter asked for: to talk to someone (advice, may be
// anonymous) or to make a report.
type Kind string

// The kinds.
const (
	KindAdvice Kind = "advies"
	KindReport Kind = "melding"
)

// Label is the kind in Dutch.
func (k Kind) Label() string {
	if k == KindAdvice {
		return "Adviesvraag"
	}
	return "Melding"
}

// Group is who made the report. Reports of professionals are kept apart
// from those of clients and relatives: their own list, their own page.
type Group string

// The groups.
const (
	GroupClient       Group = "client"
	GroupRelative     Group = "naaste"
	GroupProfessional Group = "medewerker"
)

// Label is the group in Dutch.
func (g Group) Label() string {
	switch g {
	case GroupClient:
		return "Cliënt"
	case GroupRelative:
		return "Familie of naaste"
	case GroupProfessional:
		return "Medewerker"
	}
	return string(g)
}

func (g Group) valid() bool { return g == GroupClient || g == GroupRelative || g == GroupProfessional }

// Situation is where the violence happens; it decides the routing.
type Situation string

// The situations: danger now goes to 112, at home to Veilig Thuis, in the
// care relationship to the provider's confidential adviser.
const (
	SituationDanger Situation = "gevaar"
	SituationHome   Situation = "thuis"
	SituationCare   Situation = "zorg"
)

// Answer is a yes, no or don't-know answer.
type Answer string

// The answers.
const (
	AnswerYes     Answer = "ja"
	AnswerNo      Answer = "nee"
	AnswerUnknown Answer = "weet_niet"
)

// Label is the answer in Dutch.
func (a Answer) Label() string {
	switch a {
	case AnswerYes:
		return "Ja"
	case AnswerNo:
		return "Nee"
	case AnswerUnknown:
		return "Weet ik niet"
	}
	return "Niet ingevuld"
}

func (a Answer) valid() bool { return a == AnswerYes || a == AnswerNo || a == AnswerUnknown }

// Status is where a report stands.
type Status string

// The statuses.
const (
	StatusNew        Status = "nieuw"
	StatusInProgress Status = "in_behandeling"
	StatusClosed     Status = "afgesloten"
)

// Label is the status in Dutch.
func (s Status) Label() string {
	switch s {
	case StatusNew:
		return "Nieuw"
	case StatusInProgress:
		return "In behandeling"
	case StatusClosed:
		return "Afgesloten"
	}
	return string(s)
}

// Open reports whether the report is still being handled.
func (s Status) Open() bool { return s != StatusClosed }

// MeldcodeStep is one of the five steps of the Wet verplichte meldcode
// huiselijk geweld en kindermishandeling, as the confidential adviser
// records them.
type MeldcodeStep struct {
	N       int
	Title   string // Dutch
	Hint    string
	Choices []Choice // an outcome to choose, where the step has one
}

// Choice is an option of a step.
type Choice struct{ Code, Label string }

// Steps are the five meldcode steps.
var Steps = []MeldcodeStep{
	{N: 1, Title: "Signalen in kaart brengen", Hint: "Wat is er gezien of gehoord, door wie en wanneer? Schrijf feiten op, geen meningen."},
	{N: 2, Title: "Collegiale consultatie en zo nodig Veilig Thuis raadplegen", Hint: "Met wie heeft u overlegd en wat kwam eruit?",
		Choices: []Choice{{"collega", "Met een collega of aandachtsfunctionaris"}, {"veilig_thuis", "Advies van Veilig Thuis"}, {"beide", "Met een collega en met Veilig Thuis"}}},
	{N: 3, Title: "Gesprek met de cliënt", Hint: "Wat heeft de cliënt (of de vertegenwoordiger) gezegd?"},
	{N: 4, Title: "Wegen met het afwegingskader", Hint: "Is er een vermoeden van geweld? Is er acute of structurele onveiligheid?",
		Choices: []Choice{{"acuut_structureel", "Vermoeden van acute of structurele onveiligheid"}, {"vermoeden", "Vermoeden van geweld, geen acute of structurele onveiligheid"}, {"geen_vermoeden", "Geen vermoeden van geweld"}}},
	{N: 5, Title: "Beslissen: melden bij Veilig Thuis en/of hulp organiseren", Hint: "Wat heeft u besloten en waarom?",
		Choices: []Choice{{"melden", "Melden bij Veilig Thuis"}, {"hulp", "Hulp organiseren"}, {"melden_en_hulp", "Melden bij Veilig Thuis en hulp organiseren"}, {"geen", "Niet melden, geen hulp nodig"}}},
}

// stepByN returns step n (1–5).
func stepByN(n int) (MeldcodeStep, bool) {
	if n < 1 || n > len(Steps) {
		return MeldcodeStep{}, false
	}
	return Steps[n-1], true
}

// ChoiceLabel is the Dutch label of a step's choice code.
func ChoiceLabel(step int, code string) string {
	st, ok := stepByN(step)
	if !ok {
		return code
	}
	for _, c := range st.Choices {
		if c.Code == code {
			return c.Label
		}
	}
	return code
}

// Report is one stored report or advice request.
type Report struct {
	ID             int64
	Kind           Kind
	Group          Group
	ProviderID     int64
	ProviderName   string
	Region         string
	ClientID       int64
	ClientName     string
	ReporterID     int64
	ReporterName   string
	What           string
	Where          string
	Who            string
	Ongoing        Answer
	SafeNow        Answer
	Contact        string
	Status         Status
	CreatedAt      time.Time
	FirstContactAt time.Time
	ClosedAt       time.Time
	IGJReportedAt  time.Time
	Decision       string
	Steps          []Step
	Messages       []Message
	// lastStep is the highest step recorded, read for a list without the
	// steps themselves.
	lastStep int
}

// IGJDuty reports whether the provider must report this to the
// inspectorate: violence in the care relationship (Wkkgz art. 11) is
// reported without delay; an advice request is not a report of violence.
func (r Report) IGJDuty() bool { return r.Kind == KindReport }

// LastStep is the highest meldcode step recorded (0 when none).
func (r Report) LastStep() int {
	n := r.lastStep
	for _, s := range r.Steps {
		n = max(n, s.Step)
	}
	return n
}

// Step is one recorded meldcode step.
type Step struct {
	ID         int64
	ReportID   int64
	Step       int
	Choice     string
	Outcome    string
	RecordedAt time.Time
	RecordedBy int64
	ByName     string
}

// Title is the step's title in Dutch.
func (s Step) Title() string {
	st, _ := stepByN(s.Step)
	return st.Title
}

// ChoiceLabel is the label of the step's choice.
func (s Step) ChoiceLabel() string { return ChoiceLabel(s.Step, s.Choice) }

// Message is a message between the confidential adviser and the reporter.
type Message struct {
	ID           int64
	ReportID     int64
	FromReporter bool
	Body         string
	CreatedAt    time.Time
	AuthorID     int64
}

// Lengths the forms accept (in characters); longer input is refused with
// a clear error, never cut.
const (
	maxWhat     = 4000
	maxShort    = 200
	maxWho      = 1000
	maxMessage  = 2000
	maxOutcome  = 4000
	codeGroups  = 4
	codeGroupSz = 4
)

// codeAlphabet has no look-alikes (0/O, 1/I/L), so a code read aloud or
// copied by hand survives.
const codeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// NewStatusCode makes a status code of 16 characters of a 31-letter
// alphabet (about 79 bits), in groups of four: "K7QX-M2PA-9RTD-W4HB".
func NewStatusCode() string {
	var b strings.Builder
	for g := 0; g < codeGroups; g++ {
		if g > 0 {
			b.WriteByte('-')
		}
		for i := 0; i < codeGroupSz; i++ {
			b.WriteByte(codeAlphabet[randIndex(len(codeAlphabet))])
		}
	}
	return b.String()
}

// randIndex draws an index below n without modulo bias.
func randIndex(n int) int {
	var buf [1]byte
	limit := 256 - 256%n
	for {
		if _, err := rand.Read(buf[:]); err != nil {
			panic("safety: no randomness: " + err.Error())
		}
		if int(buf[0]) < limit {
			return int(buf[0]) % n
		}
	}
}

// normaliseCode reads a typed code: case, spaces and dashes do not matter.
// It returns "" for anything that cannot be a code.
func normaliseCode(s string) string {
	if len(s) > 64 {
		return ""
	}
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == '-' || r == ' ' || r == '\t':
		case r >= 'A' && r <= 'Z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			return ""
		}
	}
	if b.Len() != codeGroups*codeGroupSz {
		return ""
	}
	return b.String()
}

// hashCode is the stored form of a status code.
func hashCode(code string) string {
	sum := sha256.Sum256([]byte("volwaardig-safety-status:" + normaliseCode(code)))
	return hex.EncodeToString(sum[:])
}

// sameHash compares two stored hashes in constant time.
func sameHash(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

// cleanText trims a typed text and reports whether it is acceptable:
// valid UTF-8, no control characters but line breaks and tabs, at most max
// characters.
func cleanText(s string, limit int) (string, bool) {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	if !utf8.ValidString(s) || utf8.RuneCountInString(s) > limit {
		return s, false
	}
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			return s, false
		}
	}
	return s, true
}

// textField checks one typed field and adds its error: empty (missing is
// then the message; "" for an optional field), too long, or unreadable.
func textField(errs *[]web.FieldError, field, value, label string, limit int, missing string) string {
	v, ok := cleanText(value, limit)
	switch {
	case !utf8.ValidString(value):
		*errs = append(*errs, web.FieldError{Field: field, Message: "De tekst bij ‘" + label + "’ bevat tekens die niet gelezen kunnen worden. Typ de tekst opnieuw."})
	case !ok && utf8.RuneCountInString(v) > limit:
		*errs = append(*errs, web.FieldError{Field: field, Message: "De tekst bij ‘" + label + "’ is te lang. Gebruik hoogstens " + itoa(limit) + " tekens.",
			English: "The text at ‘" + label + "’ is too long. Use at most " + itoa(limit) + " characters."})
	case !ok:
		*errs = append(*errs, web.FieldError{Field: field, Message: "De tekst bij ‘" + label + "’ bevat tekens die niet gelezen kunnen worden. Typ de tekst opnieuw."})
	case missing != "" && v == "":
		*errs = append(*errs, web.FieldError{Field: field, Message: missing})
	}
	return v
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}
