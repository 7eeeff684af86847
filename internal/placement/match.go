package placement

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/web"
)

// FixKind names what could make a failing place fit (DESIGN §2.1).
type FixKind string

// The fixes.
const (
	FixNone       FixKind = ""
	FixMeerzorg   FixKind = "meerzorg"
	FixAdaptation FixKind = "aanpassing"
	FixCOT        FixKind = "cot"
)

// Label is the Dutch wording.
func (f FixKind) Label() string {
	switch f {
	case FixMeerzorg:
		return "Meerzorg"
	case FixAdaptation:
		return "Aanpassing van de plek"
	case FixCOT:
		return "Ondersteuning door het C.O.T."
	}
	return "Geen oplossing"
}

// LabelEN is the English wording.
func (f FixKind) LabelEN() string {
	switch f {
	case FixMeerzorg:
		return "Meerzorg (additional care)"
	case FixAdaptation:
		return "Adaptation of the place"
	case FixCOT:
		return "Support by the C.O.T."
	}
	return "No solution"
}

// Check is one hard constraint of a person against a place.
type Check struct {
	Code    string // stable code, e.g. "profiel"
	Label   string // Dutch name of the constraint
	Pass    bool
	Detail  string  // Dutch explanation
	Fix     FixKind // for a failing check: what could make it pass
	FixText string
	// LabelEN, DetailEN and FixTextEN are the same in English, for the
	// pages in English (the API and the stored condition keep Dutch).
	LabelEN, DetailEN, FixTextEN string
}

// LabelIn, DetailIn and FixTextIn are the check's texts in lang.
func (c Check) LabelIn(lang string) string { return pick(lang, c.Label, c.LabelEN) }

// DetailIn is the check's explanation in lang.
func (c Check) DetailIn(lang string) string { return pick(lang, c.Detail, c.DetailEN) }

// FixTextIn is what would help, in lang.
func (c Check) FixTextIn(lang string) string { return pick(lang, c.FixText, c.FixTextEN) }

// pick is the English text when the reader reads English and there is
// one, else the Dutch.
func pick(lang, nl, en string) string {
	if lang == web.LangEN && en != "" {
		return en
	}
	return nl
}

// nlen is a text in Dutch and English.
type nlen struct{ nl, en string }

func either(c bool, a, b nlen) nlen {
	if c {
		return a
	}
	return b
}

// SoftScore is the 0–100 preference between places that pass every hard
// constraint, with its parts so the explanation can show each.
type SoftScore struct {
	Distance   float64 // 0–40: closer to family is better
	Wishes     float64 // 0–30: the structured wishes met
	Waiting    float64 // 0–30: time waiting (same for every place of one person)
	Total      float64
	DistanceKm float64 // -1 when the family's place is unknown
}

// Explanation is one place ranked for one person, with its reasons.
type Explanation struct {
	Place   Place
	Checks  []Check
	Pass    bool // every hard constraint passes
	Fixable bool // failing, but every failing check has a fix
	Fixes   []Check
	Soft    SoftScore
	Rank    int // 1-based position in the ranking
	// Failed counts the failing checks.
	Failed int
}

// Failures lists the failing checks.
func (e Explanation) Failures() []Check {
	var out []Check
	for _, c := range e.Checks {
		if !c.Pass {
			out = append(out, c)
		}
	}
	return out
}

// Reason is the one reason a near miss does not fit, in words: the detail
// of its failing check, or for a place that help would make fit on
// several counts, those counts in one sentence ("" for a place that fits).
func (e Explanation) Reason() string { return e.ReasonIn(web.LangNL) }

// ReasonIn is Reason in lang.
func (e Explanation) ReasonIn(lang string) string {
	fs := e.Failures()
	switch len(fs) {
	case 0:
		return ""
	case 1:
		return fs[0].DetailIn(lang)
	}
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = strings.ToLower(f.LabelIn(lang))
	}
	list := strings.Join(names[:len(names)-1], ", ")
	if lang == web.LangEN {
		return "The place lacks " + list + " and " + names[len(names)-1] + "."
	}
	return "De plek mist " + list + " en " + names[len(names)-1] + "."
}

// Condition is what would make a failing place fit when every failing
// check has a fix: the kinds of help, each once, and the condition in
// words ("Meerzorg: ..."), recorded with a proposal made under it. ok is
// false for a place that fits or that no help would make fit.
func (e Explanation) Condition() (kinds []FixKind, text string, ok bool) {
	if e.Pass || !e.Fixable {
		return nil, "", false
	}
	for _, c := range e.Fixes {
		if !slices.Contains(kinds, c.Fix) {
			kinds = append(kinds, c.Fix)
		}
	}
	return kinds, e.ConditionText(), true
}

// ConditionText is Condition's text, "" when no help makes the place fit
// (for the pages).
func (e Explanation) ConditionText() string { return e.ConditionTextIn(web.LangNL) }

// ConditionTextIn is ConditionText in lang.
func (e Explanation) ConditionTextIn(lang string) string {
	if e.Pass || !e.Fixable {
		return ""
	}
	var parts []string
	for _, c := range e.Fixes {
		parts = append(parts, pick(lang, c.Fix.Label(), c.Fix.LabelEN())+": "+c.FixTextIn(lang))
	}
	return strings.Join(parts, " ")
}

// FitReason says in words why a place that fits is a good one: the
// distance to the family and the wishes it meets.
func (e Explanation) FitReason(p Person) string { return e.FitReasonIn(p, web.LangNL) }

// FitReasonIn is FitReason in lang.
func (e Explanation) FitReasonIn(p Person, lang string) string {
	inWishRegion := p.WishRegion != "" && p.WishRegion == e.Place.Region
	withWishProvider := p.WishOrganisation != 0 && p.WishOrganisation == e.Place.OrganisationID
	return fitWords(e.Soft.DistanceKm, inWishRegion, withWishProvider, e.Place.Free(), lang)
}

// fitWords is the sentence of FitReasonIn from its facts: the distance to
// the family (negative: unknown), whether the place is in the wished-for
// region and with the wished-for provider, and its free places. The batch
// run stores these facts (RunReason) and says them again with it.
func fitWords(km float64, inWishRegion, withWishProvider bool, free int, lang string) string {
	en := lang == web.LangEN
	var parts []string
	if km >= 0 {
		parts = append(parts, fmt.Sprintf(pick(lang, "%.0f km van de familie", "%.0f km from the family"), km))
	}
	if inWishRegion {
		parts = append(parts, pick(lang, "in de gewenste regio", "in the wished-for region"))
	}
	if withWishProvider {
		parts = append(parts, pick(lang, "bij de gewenste aanbieder", "with the wished-for provider"))
	}
	switch {
	case free == 1 && en:
		parts = append(parts, "1 place free")
	case free == 1:
		parts = append(parts, "1 plaats vrij")
	case en:
		parts = append(parts, strconv.Itoa(free)+" places free")
	default:
		parts = append(parts, strconv.Itoa(free)+" plaatsen vrij")
	}
	s := strings.Join(parts, ", ")
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

// Shortlist is the readable ranking of DESIGN §2.1 and issue 11: at most
// fits places that pass every hard constraint (best first), then at most
// near near misses, each with its one reason: places that help would make
// fit (meerzorg, the C.O.T., an adaptation) and places that fail on
// exactly one hard constraint, in Rank's order (help first). ranked is
// Rank's result.
func Shortlist(ranked []Explanation, fits, near int) (fit, nearMiss []Explanation) {
	for _, e := range ranked {
		switch {
		case e.Pass && len(fit) < fits:
			fit = append(fit, e)
		case !e.Pass && (e.Fixable || e.Failed == 1) && len(nearMiss) < near:
			nearMiss = append(nearMiss, e)
		}
	}
	return fit, nearMiss
}

// Explain checks one place for one person at time now.
func Explain(p Person, pl Place, now time.Time) Explanation {
	e := Explanation{Place: pl}
	add := func(code string, label nlen, pass bool, detail nlen, fix FixKind, fixText nlen) {
		c := Check{Code: code, Label: label.nl, LabelEN: label.en, Pass: pass, Detail: detail.nl, DetailEN: detail.en}
		if !pass {
			c.Fix, c.FixText, c.FixTextEN = fix, fixText.nl, fixText.en
		}
		e.Checks = append(e.Checks, c)
	}
	none := nlen{}
	// Profile.
	okProfile := len(pl.Profiles) == 0 || slices.Contains(pl.Profiles, p.Profile)
	add("profiel", nlen{"Zorgprofiel", "Care profile"}, okProfile, either(okProfile,
		nlen{fmt.Sprintf("De plek is er voor %s.", p.Profile), fmt.Sprintf("The place is for %s.", p.Profile)},
		nlen{fmt.Sprintf("De plek is niet ingericht voor zorgprofiel %s.", p.Profile), fmt.Sprintf("The place is not set up for care profile %s.", p.Profile)}), FixNone, none)
	// Capacity and readiness.
	free := pl.Free()
	freeText := nlen{"Alle plaatsen zijn bezet of gereserveerd.", "Every place is occupied or held."}
	switch {
	case free == 1:
		freeText = nlen{"Er is nog 1 plaats vrij.", "1 place is still free."}
	case free > 1:
		freeText = nlen{"Er zijn nog " + strconv.Itoa(free) + " plaatsen vrij.", strconv.Itoa(free) + " places are still free."}
	}
	add("beschikbaar", nlen{"Vrije plaats", "Free place"}, free > 0, freeText, FixNone, none)
	ready := pl.ReadyDate.IsZero() || !pl.ReadyDate.After(now) || p.Deadline.IsZero() || !pl.ReadyDate.After(p.Deadline)
	add("gereed", nlen{"Op tijd gereed", "Ready in time"}, ready, either(ready, nlen{"De plek is op tijd gereed.", "The place is ready in time."},
		nlen{"De plek is pas gereed na de uiterste datum van deze persoon.", "The place is ready only after this person's deadline."}), FixNone, none)
	// Needs.
	n := p.Needs
	if n.OneToOne {
		// Meerzorg helps only a client who does not have it yet: to one who
		// has, it is no suggestion but a contradiction of the case.
		fix, text := FixMeerzorg, nlen{"Met meerzorg kan de aanbieder extra begeleiding inzetten voor 1-op-1 begeleiding.", "With meerzorg the provider can add staff for 1:1 supervision."}
		detail := nlen{"De plek biedt geen 1-op-1 begeleiding.", "The place offers no 1:1 supervision."}
		if p.Meerzorg {
			fix, text = FixNone, none
			detail = nlen{"De plek biedt geen 1-op-1 begeleiding, ook niet met de meerzorg die deze persoon al heeft.", "The place offers no 1:1 supervision, not even with the meerzorg this person already has."}
		}
		add("een_op_een", nlen{"1-op-1 begeleiding", "1:1 supervision"}, pl.OneToOne, either(pl.OneToOne, nlen{"De plek biedt 1-op-1 begeleiding.", "The place offers 1:1 supervision."}, detail), fix, text)
	}
	if n.LowStimulus {
		add("prikkelarm", nlen{"Prikkelarme omgeving", "Low-stimulus setting"}, pl.LowStimulus, either(pl.LowStimulus, nlen{"De plek is prikkelarm.", "The place is low-stimulus."}, nlen{"De plek is niet prikkelarm.", "The place is not low-stimulus."}),
			fixIf(pl.Adaptable, FixAdaptation), nlen{"De aanbieder kan de plek prikkelarm inrichten.", "The provider can make the place low-stimulus."})
	}
	if n.Secured {
		add("besloten", nlen{"Besloten afdeling", "Secured unit"}, pl.Secured, either(pl.Secured, nlen{"De plek ligt op een besloten afdeling.", "The place is on a secured unit."}, nlen{"De plek ligt niet op een besloten afdeling.", "The place is not on a secured unit."}),
			fixIf(pl.Adaptable, FixAdaptation), nlen{"De aanbieder kan de afdeling besloten maken.", "The provider can make the unit secured."})
	}
	if n.Wheelchair {
		add("rolstoel", nlen{"Rolstoeltoegankelijk", "Wheelchair accessible"}, pl.Wheelchair, either(pl.Wheelchair, nlen{"De plek is rolstoeltoegankelijk.", "The place is wheelchair accessible."}, nlen{"De plek is niet rolstoeltoegankelijk.", "The place is not wheelchair accessible."}),
			fixIf(pl.Adaptable, FixAdaptation), nlen{"De aanbieder kan de plek rolstoeltoegankelijk maken.", "The provider can make the place wheelchair accessible."})
	}
	if p.Wzd.NeedsAccommodation() {
		add("wzd", nlen{"Wzd-accommodatie", "Wzd accommodation"}, pl.WzdAccommodation, either(pl.WzdAccommodation, nlen{"De locatie is een geregistreerde Wzd-accommodatie.", "The location is a registered Wzd accommodation."}, nlen{"De locatie is geen geregistreerde Wzd-accommodatie.", "The location is not a registered Wzd accommodation."}),
			fixIf(pl.Adaptable, FixAdaptation), nlen{"De aanbieder kan de locatie laten registreren als Wzd-accommodatie.", "The provider can have the location registered as a Wzd accommodation."})
	}
	if n.AgeGroup != AgeAny {
		ok := len(pl.AgeGroups) == 0 || slices.Contains(pl.AgeGroups, n.AgeGroup)
		add("leeftijd", nlen{"Leeftijdsgroep", "Age group"}, ok, either(ok, nlen{"De groep past bij de leeftijd.", "The group suits the age."}, nlen{"De groep is voor een andere leeftijd.", "The group is for another age."}), FixNone, none)
	}
	if n.Gender != GenderAny {
		ok := pl.Gender == n.Gender
		g := nlen{n.Gender.Label(), n.Gender.LabelEN()}
		add("groep", nlen{"Samenstelling groep", "Group composition"}, ok, either(ok, nlen{"De groep is " + g.nl + ".", "The group is a " + strings.ToLower(g.en) + "."}, nlen{"De groep is geen " + g.nl + ".", "The group is not a " + strings.ToLower(g.en) + "."}), FixNone, none)
	}
	for _, x := range n.Expertise {
		ok := slices.Contains(pl.Expertise, x)
		add("expertise_"+string(x), nlen{"Expertise: " + x.Label(), "Expertise: " + x.LabelEN()}, ok, either(ok, nlen{"De aanbieder heeft expertise in " + strings.ToLower(x.Label()) + ".", "The provider has expertise in " + strings.ToLower(x.LabelEN()) + "."},
			nlen{"De aanbieder heeft geen expertise in " + strings.ToLower(x.Label()) + ".", "The provider has no expertise in " + strings.ToLower(x.LabelEN()) + "."}), FixCOT,
			nlen{"Het C.O.T. kan de aanbieder met deze expertise ondersteunen.", "The C.O.T. can support the provider with this expertise."})
	}
	km := -1.0
	if p.HasFamilyLocation() && (pl.Lat != 0 || pl.Lon != 0) {
		km = HaversineKm(p.FamilyLat, p.FamilyLon, pl.Lat, pl.Lon)
	}
	if n.MaxDistanceKm > 0 {
		ok := km >= 0 && km <= float64(n.MaxDistanceKm)
		detail := nlen{fmt.Sprintf("%.0f km van de familie; de grens is %d km.", km, n.MaxDistanceKm), fmt.Sprintf("%.0f km from the family; the limit is %d km.", km, n.MaxDistanceKm)}
		if km < 0 {
			ok, detail = true, nlen{"De afstand tot de familie is onbekend.", "The distance to the family is unknown."}
		}
		add("afstand", nlen{"Afstand tot familie", "Distance to family"}, ok, detail, FixNone, none)
	}
	e.Pass, e.Fixable = true, true
	for _, c := range e.Checks {
		if !c.Pass {
			e.Failed++
			e.Pass = false
			if c.Fix == FixNone {
				e.Fixable = false
			} else {
				e.Fixes = append(e.Fixes, c)
			}
		}
	}
	if e.Pass {
		e.Fixable = false
	}
	e.Soft = Soft(p, pl, km, now)
	return e
}

// Soft computes the soft score of a place for a person: distance to family
// (0–40, linear from 0 km to 200 km or more; 20 when unknown), wishes (0–30:
// 15 for the wished region and 15 for the wished provider, half when no wish
// is stated) and waiting time (0–30, linear up to a year).
func Soft(p Person, pl Place, km float64, now time.Time) SoftScore {
	s := SoftScore{DistanceKm: km}
	if km < 0 {
		s.Distance = 20
	} else {
		s.Distance = 40 * (1 - math.Min(km, 200)/200)
	}
	switch {
	case p.WishRegion == "":
		s.Wishes += 7.5
	case p.WishRegion == pl.Region:
		s.Wishes += 15
	}
	switch {
	case p.WishOrganisation == 0:
		s.Wishes += 7.5
	case p.WishOrganisation == pl.OrganisationID:
		s.Wishes += 15
	}
	days := now.Sub(p.RegisteredAt).Hours() / 24
	s.Waiting = 30 * math.Max(0, math.Min(days, 365)) / 365
	s.Total = s.Distance + s.Wishes + s.Waiting
	return s
}

// Rank explains every place for one person and orders them: places that
// pass first (highest soft score first), then places a fix would make fit
// (fewest fixes first), then the rest (fewest failures first). Ties go to
// the lower place id so the order is stable.
func Rank(p Person, places []Place, now time.Time) []Explanation {
	all := make([]Explanation, len(places))
	type key struct {
		class, failed int
		soft          float64
		id            int64
		i             int
	}
	keys := make([]key, len(places))
	for i, pl := range places {
		e := Explain(p, pl, now)
		all[i] = e
		class := 2
		switch {
		case e.Pass:
			class = 0
		case e.Fixable:
			class = 1
		}
		keys[i] = key{class, e.Failed, e.Soft.Total, pl.ID, i}
	}
	// Sorting small keys instead of whole explanations keeps the ranking of
	// a national register well below the cost of explaining it.
	sort.Slice(keys, func(i, j int) bool {
		a, b := &keys[i], &keys[j]
		if a.class != b.class {
			return a.class < b.class
		}
		if a.failed != b.failed {
			return a.failed < b.failed
		}
		if a.soft != b.soft {
			return a.soft > b.soft
		}
		if a.id != b.id {
			return a.id < b.id
		}
		return a.i < b.i
	})
	out := make([]Explanation, len(places))
	for r, k := range keys {
		out[r] = all[k.i]
		out[r].Rank = r + 1
	}
	return out
}

func fixIf(c bool, f FixKind) FixKind {
	if c {
		return f
	}
	return FixNone
}

// The hard constraints as bits, for the checks that run over every pair of
// a region or the country (batch costs, gap analysis), where Explain's
// Dutch texts would cost more than the decision. fastChecks must decide
// exactly as Explain does; a test compares them on random pairs.
const (
	failProfile uint32 = 1 << iota
	failFree
	failReady
	failOneToOne
	failLowStimulus
	failSecured
	failWheelchair
	failWzd
	failAge
	failGender
	failDistance
	failExpertise // the first expertise bit; the others follow in expertiseOrder
)

// expertiseOrder fixes the bit of each expertise (failExpertise << index).
var expertiseOrder = Expertises()

// fastChecks returns the failing hard constraints of a place for a person
// as bits, and the distance to the family in km (-1 when unknown).
func fastChecks(p Person, pl Place, now time.Time) (fails uint32, km float64) {
	return checkBits(p, pl, now, true)
}

// checkBits is fastChecks; without wantKm it measures the distance only
// when a maximum distance makes it a hard constraint (km is then -1 when
// not measured), which the gap analysis, needing no soft score, can skip.
func checkBits(p Person, pl Place, now time.Time, wantKm bool) (fails uint32, km float64) {
	if len(pl.Profiles) > 0 && !slices.Contains(pl.Profiles, p.Profile) {
		fails |= failProfile
	}
	if pl.Free() <= 0 {
		fails |= failFree
	}
	if !(pl.ReadyDate.IsZero() || !pl.ReadyDate.After(now) || p.Deadline.IsZero() || !pl.ReadyDate.After(p.Deadline)) {
		fails |= failReady
	}
	n := p.Needs
	if n.OneToOne && !pl.OneToOne {
		fails |= failOneToOne
	}
	if n.LowStimulus && !pl.LowStimulus {
		fails |= failLowStimulus
	}
	if n.Secured && !pl.Secured {
		fails |= failSecured
	}
	if n.Wheelchair && !pl.Wheelchair {
		fails |= failWheelchair
	}
	if p.Wzd.NeedsAccommodation() && !pl.WzdAccommodation {
		fails |= failWzd
	}
	if n.AgeGroup != AgeAny && len(pl.AgeGroups) > 0 && !slices.Contains(pl.AgeGroups, n.AgeGroup) {
		fails |= failAge
	}
	if n.Gender != GenderAny && pl.Gender != n.Gender {
		fails |= failGender
	}
	for _, x := range n.Expertise {
		if !slices.Contains(pl.Expertise, x) {
			fails |= expertiseBit(x)
		}
	}
	km = -1
	if (wantKm || n.MaxDistanceKm > 0) && p.HasFamilyLocation() && (pl.Lat != 0 || pl.Lon != 0) {
		km = HaversineKm(p.FamilyLat, p.FamilyLon, pl.Lat, pl.Lon)
	}
	if n.MaxDistanceKm > 0 && km >= 0 && km > float64(n.MaxDistanceKm) {
		fails |= failDistance
	}
	return fails, km
}

func expertiseBit(x Expertise) uint32 {
	for i, e := range expertiseOrder {
		if e == x {
			return failExpertise << i
		}
	}
	return 0 // unknown codes are refused on input and never stored
}

// failNames gives the code and Dutch label of each failing bit, as Explain
// names the same check.
func failNames(fails uint32) (codes, labels []string) {
	fixed := []struct{ code, label string }{
		{"profiel", "Zorgprofiel"}, {"beschikbaar", "Vrije plaats"}, {"gereed", "Op tijd gereed"}, {"een_op_een", "1-op-1 begeleiding"},
		{"prikkelarm", "Prikkelarme omgeving"}, {"besloten", "Besloten afdeling"}, {"rolstoel", "Rolstoeltoegankelijk"}, {"wzd", "Wzd-accommodatie"},
		{"leeftijd", "Leeftijdsgroep"}, {"groep", "Samenstelling groep"}, {"afstand", "Afstand tot familie"},
	}
	for i, f := range fixed {
		if fails&(1<<i) != 0 {
			codes, labels = append(codes, f.code), append(labels, f.label)
		}
	}
	for i, e := range expertiseOrder {
		if fails&(failExpertise<<i) != 0 {
			codes, labels = append(codes, "expertise_"+string(e)), append(labels, "Expertise: "+e.Label())
		}
	}
	return codes, labels
}
