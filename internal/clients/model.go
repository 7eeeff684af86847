package clients

import (
	"errors"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Client is one person in the register. BSN is empty when unknown (a crisis
// intake may not have it yet) and when the reader may not see it.
type Client struct {
	ID        int64
	Name      string
	BirthDate time.Time // midnight UTC; zero when unknown
	Region    string    // care-office region code, e.g. "ZK-UTR"
	BSN       BSN
	Phone     string
	Email     string
	Address   string
	CreatedBy int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// NewClient is what creating a client takes; Update takes the same fields.
type NewClient struct {
	Name      string
	BirthDate time.Time
	Region    string
	BSN       BSN
	Phone     string
	Email     string
	Address   string
	CreatedBy int64
}

// CareKind says how a care relation ties a client to someone who may then
// see the client (auth.ClientRef).
type CareKind string

// The care relations the policy reads.
const (
	CareOrganisation CareKind = "organisation" // a provider caring for the client
	CareLocation     CareKind = "location"     // the location where care is given
	CareTeam         CareKind = "team"         // a C.O.T. team with an open assignment
	CareSupporter    CareKind = "supporter"    // an ondersteuner with the client in caseload (RefID = user id)
)

// Valid reports whether k is a known kind.
func (k CareKind) Valid() bool {
	switch k {
	case CareOrganisation, CareLocation, CareTeam, CareSupporter:
		return true
	}
	return false
}

// CareRelation ties a client to an organisation, location, team or
// supporter from Start until End (zero = open).
type CareRelation struct {
	ID        int64
	ClientID  int64
	Kind      CareKind
	RefID     int64
	Label     string // display name, e.g. "Locatie De Linde"
	Start     time.Time
	End       time.Time
	CreatedBy int64
}

// KindLabel is the Dutch name of the relation's kind.
func (c CareRelation) KindLabel() string {
	switch c.Kind {
	case CareOrganisation:
		return "Zorgaanbieder"
	case CareLocation:
		return "Locatie"
	case CareTeam:
		return "C.O.T.-team"
	case CareSupporter:
		return "Cliëntondersteuner"
	}
	return string(c.Kind)
}

// ActiveAt reports whether the relation holds at t.
func (c CareRelation) ActiveAt(t time.Time) bool {
	return !c.Start.After(t) && (c.End.IsZero() || c.End.After(t))
}

// Relation is how a representative relates to the client.
type Relation string

// The relations. Curator, mentor and bewindvoerder are legal
// representatives appointed by the court (wettelijk vertegenwoordiger);
// naaste is a relative or friend without legal status.
const (
	RelNaaste        Relation = "naaste"
	RelCurator       Relation = "curator"
	RelMentor        Relation = "mentor"
	RelBewindvoerder Relation = "bewindvoerder"
)

// Valid reports whether r is a known relation.
func (r Relation) Valid() bool {
	switch r {
	case RelNaaste, RelCurator, RelMentor, RelBewindvoerder:
		return true
	}
	return false
}

// Legal reports whether the relation is a legal representation, which gives
// a legal basis to see the BSN (DESIGN §1).
func (r Relation) Legal() bool { return r == RelCurator || r == RelMentor || r == RelBewindvoerder }

// Label is the Dutch name.
func (r Relation) Label() string {
	switch r {
	case RelNaaste:
		return "Naaste"
	case RelCurator:
		return "Curator"
	case RelMentor:
		return "Mentor"
	case RelBewindvoerder:
		return "Bewindvoerder"
	}
	return string(r)
}

// Representative is the explicit authorisation of a naaste account for a
// client. MayAct allows acting on the client's behalf (inzage, consent);
// without it the naaste sees only what the client shares with them.
type Representative struct {
	ID         int64
	ClientID   int64
	UserID     int64
	Name       string
	Relation   Relation
	MayAct     bool
	ValidFrom  time.Time
	ValidUntil time.Time // zero = no end
	GrantedBy  int64
	GrantedAt  time.Time
	RevokedAt  time.Time
	RevokedBy  int64
}

// ActiveAt reports whether the authorisation holds at t.
func (r Representative) ActiveAt(t time.Time) bool {
	return r.RevokedAt.IsZero() && !r.ValidFrom.After(t) && (r.ValidUntil.IsZero() || r.ValidUntil.After(t))
}

// Basis is the legal ground of a consent record.
type Basis string

// The bases: consent of the client, consent of the representative, or a
// decision under the Wzd (involuntary care, e.g. monitoring a person who
// resists).
const (
	BasisClient         Basis = "toestemming_client"
	BasisRepresentative Basis = "toestemming_vertegenwoordiger"
	BasisWzd            Basis = "wzd_besluit"
)

// Valid reports whether b is a known basis.
func (b Basis) Valid() bool { return b == BasisClient || b == BasisRepresentative || b == BasisWzd }

// Label is the Dutch wording.
func (b Basis) Label() string {
	switch b {
	case BasisClient:
		return "Toestemming van de cliënt"
	case BasisRepresentative:
		return "Toestemming van de vertegenwoordiger"
	case BasisWzd:
		return "Besluit volgens de Wzd"
	}
	return string(b)
}

// Subject is a consent's subject: a kind of data or processing. Other
// modules ask HasBasis and SharedWith with these codes.
type Subject string

// The known subjects.
const (
	SubjectSleepMonitoring Subject = "slaapmonitoring" // monitoring sleep with sensors at all
	SubjectSleepData       Subject = "slaapgegevens"   // sharing sleep data
	SubjectPlan            Subject = "plan"            // goed-leven-plan / zorgtestament
	SubjectRecord          Subject = "dossier"         // the data in this register
	SubjectSupport         Subject = "ondersteuning"   // the family file of client support
	SubjectPlacement       Subject = "plaatsing"       // the search for a place (complexe zorg)
	SubjectCrisis          Subject = "crisis"          // crisis reports and what happens now
)

// Subjects lists the subjects in form order.
func Subjects() []Subject {
	return []Subject{SubjectSleepMonitoring, SubjectSleepData, SubjectPlan, SubjectRecord, SubjectSupport, SubjectPlacement, SubjectCrisis}
}

// Valid reports whether s is a known subject.
func (s Subject) Valid() bool {
	for _, x := range Subjects() {
		if s == x {
			return true
		}
	}
	return false
}

// Label is the Dutch wording.
func (s Subject) Label() string {
	switch s {
	case SubjectSleepMonitoring:
		return "Slaapmonitoring met sensoren"
	case SubjectSleepData:
		return "Slaapgegevens"
	case SubjectPlan:
		return "Goed-leven-plan en zorgtestament"
	case SubjectRecord:
		return "Gegevens in het cliëntenregister"
	case SubjectSupport:
		return "Gezinsdossier cliëntondersteuning"
	case SubjectPlacement:
		return "Zoektocht naar een passende plek (complexe zorg)"
	case SubjectCrisis:
		return "Crisis en wat er nu gebeurt"
	}
	return string(s)
}

// Recipient kinds of a consent: nobody in particular (a basis for the
// processing itself), a user (e.g. a naaste) or an organisation.
const (
	RecipientNone         = ""
	RecipientUser         = "user"
	RecipientOrganisation = "organisation"
)

// Consent records a legal basis or a sharing decision: what (Subject) is
// shared with whom (Recipient*), on which Basis, from when until when.
// Consents are never deleted, only withdrawn.
type Consent struct {
	ID             int64
	ClientID       int64
	Subject        Subject
	RecipientKind  string
	RecipientID    int64
	RecipientLabel string
	Basis          Basis
	GivenBy        int64 // user id of the representative who consented, if any
	Note           string
	ValidFrom      time.Time
	ValidUntil     time.Time
	RecordedBy     int64
	RecordedAt     time.Time
	WithdrawnAt    time.Time
	WithdrawnBy    int64
}

// ActiveAt reports whether the consent holds at t.
func (c Consent) ActiveAt(t time.Time) bool {
	return c.WithdrawnAt.IsZero() && !c.ValidFrom.After(t) && (c.ValidUntil.IsZero() || c.ValidUntil.After(t))
}

// EmergencyAccess is one use of the noodknop.
type EmergencyAccess struct {
	ID        int64
	ClientID  int64
	UserID    int64
	Role      string
	Reason    string
	GrantedAt time.Time
	ExpiresAt time.Time
}

// Errors of the store.
var (
	ErrNotFound     = errors.New("client not found")
	ErrDuplicateBSN = errors.New("a client with this BSN exists")
)

// foldName makes the search form of a name: lower case without accents, so
// "Zoë" is found by "zoe" and "Çelik" by "celik".
func foldName(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
