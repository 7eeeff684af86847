package placement

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/volwaardig/volwaardig/internal/web"
)

// AgeGroup is the age group a person belongs to or a place serves.
type AgeGroup string

// The age groups.
const (
	AgeAny   AgeGroup = ""
	AgeYouth AgeGroup = "jeugd"         // under 18
	AgeYoung AgeGroup = "jongvolwassen" // 18–27
	AgeAdult AgeGroup = "volwassen"
	AgeOlder AgeGroup = "ouderen" // 65 and older
)

// AgeGroups lists the groups in form order.
func AgeGroups() []AgeGroup { return []AgeGroup{AgeYouth, AgeYoung, AgeAdult, AgeOlder} }

// Label is the Dutch wording.
func (a AgeGroup) Label() string {
	switch a {
	case AgeYouth:
		return "Jeugd (tot 18)"
	case AgeYoung:
		return "Jongvolwassen (18 tot 27)"
	case AgeAdult:
		return "Volwassen"
	case AgeOlder:
		return "Ouderen (65+)"
	}
	return "Alle leeftijden"
}

// ParseAgeGroup checks an age group; empty means "any".
func ParseAgeGroup(s string) (AgeGroup, error) {
	a := AgeGroup(strings.ToLower(strings.TrimSpace(s)))
	if a == AgeAny || slices.Contains(AgeGroups(), a) {
		return a, nil
	}
	return "", fmt.Errorf("onbekende leeftijdsgroep %q; kies jeugd, jongvolwassen, volwassen of ouderen", s)
}

// AgeGroupAt derives the age group from a birth date.
func AgeGroupAt(birth, at time.Time) AgeGroup {
	if birth.IsZero() {
		return AgeAny
	}
	age := at.Year() - birth.Year()
	if at.YearDay() < birth.YearDay() {
		age--
	}
	switch {
	case age < 18:
		return AgeYouth
	case age < 27:
		return AgeYoung
	case age < 65:
		return AgeAdult
	}
	return AgeOlder
}

// Gender is the gender of a gender-specific group ("" = mixed or no need).
type Gender string

// The genders a group may be specific to.
const (
	GenderAny   Gender = ""
	GenderMen   Gender = "m"
	GenderWomen Gender = "v"
)

// ParseGender checks a gender code.
func ParseGender(s string) (Gender, error) {
	g := Gender(strings.ToLower(strings.TrimSpace(s)))
	switch g {
	case GenderAny, GenderMen, GenderWomen:
		return g, nil
	}
	return "", fmt.Errorf("onbekende groep %q; kies m (mannengroep), v (vrouwengroep) of leeg", s)
}

// Label is the Dutch wording.
func (g Gender) Label() string {
	switch g {
	case GenderMen:
		return "Mannengroep"
	case GenderWomen:
		return "Vrouwengroep"
	}
	return "Gemengd"
}

// LabelEN is the English wording of Label.
func (g Gender) LabelEN() string {
	switch g {
	case GenderMen:
		return "Men's group"
	case GenderWomen:
		return "Women's group"
	}
	return "Mixed"
}

// Expertise is a behaviour expertise a person needs and a place offers.
type Expertise string

// The expertises the register knows.
var expertises = map[Expertise]string{
	"autisme":                      "Autisme",
	"agressie":                     "Agressie en ernstig probleemgedrag",
	"verslaving":                   "Verslaving",
	"psychiatrie":                  "Psychiatrische problematiek",
	"seksueel":                     "Seksueel grensoverschrijdend gedrag",
	"ernstig_mvg":                  "Ernstig meervoudige beperking",
	"doofblind":                    "Doofblindheid",
	"niet_aangeboren_hersenletsel": "Niet-aangeboren hersenletsel",
}

// Expertises lists the known expertise codes, sorted.
func Expertises() []Expertise {
	out := make([]Expertise, 0, len(expertises))
	for e := range expertises {
		out = append(out, e)
	}
	slices.Sort(out)
	return out
}

// Label is the Dutch wording.
func (e Expertise) Label() string {
	if l, ok := expertises[e]; ok {
		return l
	}
	return string(e)
}

// LabelEN is the English wording of Label (the catalog's translation).
func (e Expertise) LabelEN() string {
	if en, ok := translations[e.Label()]; ok {
		return en
	}
	return e.Label()
}

// ParseExpertise reads a comma-separated list of expertise codes.
func ParseExpertise(s string) ([]Expertise, error) {
	var out []Expertise
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
		e := Expertise(strings.ToLower(f))
		if _, ok := expertises[e]; !ok {
			return nil, fmt.Errorf("onbekende expertise %q; kies uit %s", f, strings.Join(expertiseCodes(), ", "))
		}
		if !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	return out, nil
}

func expertiseCodes() []string {
	var s []string
	for _, e := range Expertises() {
		s = append(s, string(e))
	}
	return s
}

// JoinExpertise writes a list for storage.
func JoinExpertise(es []Expertise) string {
	s := make([]string, len(es))
	for i, e := range es {
		s[i] = string(e)
	}
	return strings.Join(s, ",")
}

// Needs are a person's structured care needs: each one a hard constraint
// that a place must meet (or could meet with a fix, see Explain).
type Needs struct {
	LowStimulus   bool
	OneToOne      bool // 1:1 supervision
	Secured       bool // secured (closed) unit
	Wheelchair    bool
	AgeGroup      AgeGroup
	Gender        Gender // gender-specific group wanted; "" = no need
	MaxDistanceKm int    // maximum distance to family; 0 = no limit
	Expertise     []Expertise
}

// Person is one case in the register, with what matching needs.
type Person struct {
	CaseID    int64
	ClientID  int64
	Name      string // display only; never in logs or audit events
	Region    string
	Profile   Profile
	Meerzorg  bool
	Wzd       WzdStatus
	Waiting   WaitingStatus
	Phase     Phase
	Needs     Needs
	FamilyLat float64 // where the family lives; 0,0 = unknown
	FamilyLon float64
	// FamilyMunicipality is the CBS code of the municipality the family
	// lives in, chosen by name; FamilyLat/FamilyLon are its centre
	// (orgs.Municipalities), never typed by a person. "" = unknown.
	FamilyMunicipality string
	// Indication is the CIZ indication number (besluitnummer) of the Wlz
	// decision, digits only (ParseIndication); "" = not known.
	Indication string
	// WishRegion and WishOrganisation are the structured wishes; the
	// wishes in the person's and family's own words are free text.
	WishRegion       string
	WishOrganisation int64
	WishesClient     string
	WishesFamily     string
	Dossierhouder    string
	// ContactUser is the vaste contactpersoon: a care-office account of
	// the case's region whom the client, the family and a provider call
	// (0 = none; the pages then name the region's care office).
	ContactUser      int64
	RegisteredAt     time.Time // start of waiting
	Deadline         time.Time // zero = none
	PhaseSince       time.Time
	Escalated        bool
	EscalationReason string
	ParkedUntil      time.Time // a decline consequence; zero = not parked
	// HeldPlaces are the places with an active hold for this person; a
	// batch run may give them to this person only (see SolveBatch).
	HeldPlaces []int64
}

// HasFamilyLocation reports whether the family's place is known.
func (p Person) HasFamilyLocation() bool { return p.FamilyLat != 0 || p.FamilyLon != 0 }

// PlaceKind distinguishes purpose-built maatwerkplekken from regular places.
type PlaceKind string

// The kinds of place.
const (
	Maatwerkplek PlaceKind = "maatwerk"
	RegularPlace PlaceKind = "regulier"
)

// Label is the Dutch wording.
func (k PlaceKind) Label() string {
	if k == Maatwerkplek {
		return "Maatwerkplek"
	}
	return "Reguliere plek"
}

// Place is a place (or a group of identical places: capacity k takes k
// people) at a provider's location.
type Place struct {
	ID               int64
	OrganisationID   int64
	LocationID       int64
	Organisation     string
	Name             string
	Kind             PlaceKind
	Region           string
	Lat, Lon         float64
	Capacity         int
	Occupied         int
	Held             int       // active holds by other cases, filled by the store
	Profiles         []Profile // served profiles; empty = all
	LowStimulus      bool
	OneToOne         bool
	Secured          bool
	Wheelchair       bool
	WzdAccommodation bool
	AgeGroups        []AgeGroup // empty = all
	Gender           Gender
	Expertise        []Expertise
	// Adaptable says the provider can adapt the place (e.g. make it
	// low-stimulus or wheelchair-accessible) for a person.
	Adaptable   bool
	ReadyDate   time.Time
	CostPerYear int64 // whole euros; informative, never a matching term
	// Stay is the kind of stay: StayLiving for a place to live (the
	// matching's places), or a respite kind the matching never offers.
	Stay Stay
	// AvailableFrom and AvailableUntil bound when a respite place takes
	// guests (zero: open-ended); Availability says it in words.
	AvailableFrom, AvailableUntil time.Time
	Availability                  string
	// Phone and Website reach the provider about a respite place (issue
	// 14: a relative who found one must be able to call); "" = not given.
	Phone, Website string
}

// Stay is the kind of stay a place offers (issue 14): living there, or
// part-time stay and respite for relatives who need a break.
type Stay string

// The kinds of stay.
const (
	StayLiving   Stay = ""
	StayPartTime Stay = "deeltijd"
	StayRespite  Stay = "logeren"
	StayWeekend  Stay = "weekend"
	StayHoliday  Stay = "vakantie"
)

// Stays are the respite kinds of stay, in the form's order.
var Stays = []Stay{StayPartTime, StayRespite, StayWeekend, StayHoliday}

// Label is the Dutch wording.
func (k Stay) Label() string {
	switch k {
	case StayPartTime:
		return "Deeltijdverblijf"
	case StayRespite:
		return "Logeeropvang"
	case StayWeekend:
		return "Weekendopvang"
	case StayHoliday:
		return "Vakantieopvang"
	}
	return "Wonen"
}

// Valid reports whether k is a known kind of stay.
func (k Stay) Valid() bool { return k == StayLiving || slices.Contains(Stays, k) }

// Free is the number of people the place can still take.
func (p Place) Free() int {
	f := p.Capacity - p.Occupied - p.Held
	if f < 0 {
		return 0
	}
	return f
}

// Validate refuses impossible places, naming the field.
func (p Place) Validate() error {
	switch {
	case strings.TrimSpace(p.Name) == "":
		return fieldErr("naam", "geef de plek een naam")
	case p.Capacity < 1:
		return fieldErr("capaciteit", "de capaciteit moet minstens 1 zijn")
	case p.Capacity > 500:
		return fieldErr("capaciteit", "de capaciteit kan niet meer dan 500 zijn")
	case p.Occupied < 0:
		return fieldErr("bezet", "het aantal bewoners kan niet negatief zijn")
	case p.Occupied > p.Capacity:
		return fieldErr("capaciteit", fmt.Sprintf("de capaciteit (%d) is lager dan het aantal bewoners (%d)", p.Capacity, p.Occupied))
	case p.CostPerYear < 0:
		return fieldErr("kosten", "de kosten per jaar kunnen niet negatief zijn")
	case p.Lat < -90 || p.Lat > 90 || p.Lon < -180 || p.Lon > 180:
		return fieldErr("lat", "de coördinaten liggen buiten de wereld")
	case !p.Stay.Valid():
		return fieldErr("verblijf", "kies een soort verblijf uit de lijst")
	case !p.AvailableFrom.IsZero() && !p.AvailableUntil.IsZero() && p.AvailableUntil.Before(p.AvailableFrom):
		return fieldErr("beschikbaar_tot", "de laatste beschikbare dag ligt voor de eerste")
	case utf8.RuneCountInString(p.Availability) > 200:
		return fieldErr("beschikbaarheid", "schrijf de beschikbaarheid in hoogstens 200 tekens")
	case !phoneOK(p.Phone):
		return fieldErr("telefoon", "schrijf een Nederlands telefoonnummer met 10 cijfers, bijvoorbeeld 030 123 4567, of een 0800- of 090x-nummer")
	case p.Website != "" && !validWebsite(p.Website):
		return fieldErr("website", "schrijf de website als een volledig adres, bijvoorbeeld https://www.aanbieder.nl")
	}
	return nil
}

// fieldErr is a domain validation error that names the field at fault, so
// forms and imports can point at it: the shared bad-input error, its
// message in lower case to follow a field name or a line number.
func fieldErr(field, msg string) error { return web.BadInput(field, msg, translateDomain(msg)) }

// Validate refuses an impossible person record, naming the field.
func (p Person) Validate() error {
	switch {
	case p.ClientID <= 0:
		return fieldErr("client", "kies de cliënt")
	case p.Region == "":
		return fieldErr("regio", "kies de regio")
	case p.Needs.MaxDistanceKm < 0 || p.Needs.MaxDistanceKm > 1000:
		return fieldErr("max_afstand", "de maximale afstand moet tussen 0 en 1000 km liggen")
	case !p.Deadline.IsZero() && !p.RegisteredAt.IsZero() && p.Deadline.Before(p.RegisteredAt):
		return fieldErr("deadline", "de uiterste datum ligt vóór de aanmelding")
	case p.RegisteredAt.Year() < 2000 || p.RegisteredAt.Year() > 2100:
		return fieldErr("aangemeld", "de datum van aanmelding is onmogelijk")
	case p.FamilyLat < -90 || p.FamilyLat > 90 || p.FamilyLon < -180 || p.FamilyLon > 180:
		return fieldErr("familie_lat", "de coördinaten van de familie liggen buiten de wereld")
	}
	if _, ok := profiles[p.Profile]; !ok {
		return fieldErr("profiel", fmt.Sprintf("onbekend zorgprofiel %q", p.Profile))
	}
	return nil
}

// HaversineKm is the great-circle distance between two points in km
// (mean earth radius 6371.0088 km).
func HaversineKm(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0088
	rad := math.Pi / 180
	dLat := (lat2 - lat1) * rad
	dLon := (lon2 - lon1) * rad
	a := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(a)))
}
