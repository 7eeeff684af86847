package placement

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/web"
)

// DeclineReason is why a proposal was declined, by the person and family or
// by the provider.
type DeclineReason string

// The decline reasons.
const (
	DeclinePrefersWait   DeclineReason = "wacht_op_voorkeur" // client prefers to wait for another place
	DeclineNotEligible   DeclineReason = "niet_passend"      // the indication does not fit: reassess
	DeclineProviderFull  DeclineReason = "geen_ruimte"       // the provider has no room after all
	DeclineProviderRisk  DeclineReason = "groep_past_niet"   // the group composition does not allow it
	DeclineClientRefused DeclineReason = "client_weigert"    // client refused without a preference
)

// DeclineReasons lists the reasons in form order.
func DeclineReasons() []DeclineReason {
	return []DeclineReason{DeclinePrefersWait, DeclineNotEligible, DeclineProviderFull, DeclineProviderRisk, DeclineClientRefused}
}

// Label is the Dutch wording.
func (r DeclineReason) Label() string {
	switch r {
	case DeclinePrefersWait:
		return "Cliënt wacht liever op een andere plek"
	case DeclineNotEligible:
		return "Indicatie past niet; herindicatie nodig"
	case DeclineProviderFull:
		return "Aanbieder heeft toch geen ruimte"
	case DeclineProviderRisk:
		return "Samenstelling van de groep laat het niet toe"
	case DeclineClientRefused:
		return "Cliënt of familie wijst de plek af"
	}
	return string(r)
}

// OwnLabel is the reason in the client's own voice, for the client's page
// ("Ik wacht liever …"), where "Cliënt wacht liever" would speak about the
// reader in the third person. Reasons only a provider gives keep Label.
func (r DeclineReason) OwnLabel() string {
	switch r {
	case DeclinePrefersWait:
		return "Ik wacht liever op een andere plek"
	case DeclineClientRefused:
		return "Ik of mijn familie wil deze plek niet"
	case DeclineNotEligible:
		return "Ik heb andere zorg nodig dan in mijn indicatie staat"
	}
	return r.Label()
}

// AboutLabel is the reason told by a relative or representative about the
// client: a pattern whose %s is the client's name.
func (r DeclineReason) AboutLabel() string {
	switch r {
	case DeclinePrefersWait:
		return "%s wacht liever op een andere plek"
	case DeclineClientRefused:
		return "%s of de familie wil deze plek niet"
	case DeclineNotEligible:
		return "%s heeft andere zorg nodig dan in de indicatie staat"
	}
	return r.Label() + " (%s)"
}

// ParseDeclineReason checks a reason code.
func ParseDeclineReason(s string) (DeclineReason, error) {
	for _, r := range DeclineReasons() {
		if string(r) == strings.TrimSpace(s) {
			return r, nil
		}
	}
	return "", fmt.Errorf("kies een reden voor de afwijzing")
}

// Consequence is what a decline does to the case: the phase it returns to,
// an optional new waiting status, how long the case is parked (left out of
// batch runs), whether it waits for a reassessment of the indication, and
// whether the client may object.
type Consequence struct {
	Phase    Phase
	Waiting  WaitingStatus // "" = unchanged
	ParkDays int
	// Reassess keeps the case out of proposals and batch runs until a
	// reassessment (herindicatie) is recorded.
	Reassess bool
	// Objectable lets the client object to the consequence; the objection
	// goes on the regional table's agenda, which may uphold it.
	Objectable bool
	Agenda     bool // put the case on the regional table's agenda
	Explain    string
}

// Consequences maps each decline reason to its consequence; a care office
// configures it (DefaultConsequences are the programme's defaults).
type Consequences map[DeclineReason]Consequence

// DefaultConsequences are the defaults of DESIGN §2.1: a client who prefers
// to wait gets "Wacht op voorkeur" (and may object); a case that turns out
// not eligible goes back to the register until it is reassessed; a client's
// refusal parks the case 60 days; a provider's decline returns the case to
// mediation and puts it on the regional table's agenda.
func DefaultConsequences() Consequences {
	return Consequences{
		DeclinePrefersWait:   {Phase: Bemiddeling, Waiting: WachtOpVoorkeur, Objectable: true, Explain: "De wachtstatus wordt Wacht op voorkeur. De cliënt kan daartegen bezwaar maken."},
		DeclineNotEligible:   {Phase: InBeeld, Reassess: true, Agenda: true, Explain: "De casus gaat terug naar het register tot de herindicatie er is."},
		DeclineProviderFull:  {Phase: Bemiddeling, Agenda: true, Explain: "De casus gaat terug naar bemiddeling en op de agenda van de regionale tafel."},
		DeclineProviderRisk:  {Phase: Bemiddeling, Agenda: true, Explain: "De casus gaat terug naar bemiddeling en op de agenda van de regionale tafel."},
		DeclineClientRefused: {Phase: Bemiddeling, ParkDays: 60, Objectable: true, Explain: "De casus wordt 60 dagen niet in batchvoorstellen meegenomen."},
	}
}

// For returns the consequence of a reason, falling back to the default.
func (c Consequences) For(r DeclineReason) Consequence {
	if x, ok := c[r]; ok {
		return x
	}
	return DefaultConsequences()[r]
}

// ParseConsequences reads a configuration such as
// "client_weigert=bemiddeling:park90;geen_ruimte=bemiddeling:agenda" on top of
// the defaults, for the VOLWAARDIG_PLACEMENT_DECLINE setting. The options
// are agenda, bezwaar (the client may object), herindicatie (wait for a
// reassessment), parkN (N days out of batch runs) and status=CODE (a new
// waiting status). A rule replaces the reason's default options.
func ParseConsequences(s string) (Consequences, error) {
	out := DefaultConsequences()
	for _, item := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' }) {
		k, v, ok := strings.Cut(strings.TrimSpace(item), "=")
		if !ok {
			return nil, fmt.Errorf("beslisregel %q: schrijf reden=fase[:opties]", item)
		}
		r, err := ParseDeclineReason(k)
		if err != nil {
			return nil, fmt.Errorf("beslisregel %q: onbekende reden %q", item, k)
		}
		parts := strings.Split(v, ":")
		ph, err := ParsePhase(parts[0])
		if err != nil || (ph != InBeeld && ph != Bemiddeling) {
			return nil, fmt.Errorf("beslisregel %q: een afwijzing brengt de casus terug naar in_beeld of bemiddeling", item)
		}
		c := Consequence{Phase: ph}
		for _, o := range parts[1:] {
			switch {
			case o == "agenda":
				c.Agenda = true
			case o == "bezwaar":
				c.Objectable = true
			case o == "herindicatie":
				c.Reassess = true
			case strings.HasPrefix(o, "park"):
				var d int
				if _, err := fmt.Sscanf(o, "park%d", &d); err != nil || d < 0 || d > 365 {
					return nil, fmt.Errorf("beslisregel %q: park gevolgd door 0 tot 365 dagen", item)
				}
				c.ParkDays = d
			case strings.HasPrefix(o, "status="):
				w, err := ParseWaitingStatus(strings.TrimPrefix(o, "status="))
				if err != nil {
					return nil, fmt.Errorf("beslisregel %q: %v", item, err)
				}
				c.Waiting = w
			default:
				return nil, fmt.Errorf("beslisregel %q: onbekende optie %q", item, o)
			}
		}
		c.Explain = c.Describe()
		out[r] = c
	}
	return out, nil
}

// Describe says in Dutch what the consequence does, for a configured rule
// whose default explanation no longer fits.
func (c Consequence) Describe() string {
	parts := []string{"De casus gaat terug naar fase " + c.Phase.Label() + "."}
	if c.Waiting != "" {
		parts = append(parts, "De wachtstatus wordt "+c.Waiting.Label()+".")
	}
	if c.ParkDays > 0 {
		parts = append(parts, fmt.Sprintf("De casus wordt %d dagen niet in batchvoorstellen meegenomen.", c.ParkDays))
	}
	if c.Reassess {
		parts = append(parts, "Er komen geen voorstellen tot de herindicatie er is.")
	}
	if c.Agenda {
		parts = append(parts, "De casus komt op de agenda van de regionale tafel.")
	}
	if c.Objectable {
		parts = append(parts, "De cliënt kan daartegen bezwaar maken.")
	}
	return strings.Join(parts, " ")
}

// AgendaKind says why a case is on the regional table's agenda.
type AgendaKind string

// The agenda kinds.
const (
	AgendaDeadline  AgendaKind = "termijn"   // the deadline passed
	AgendaStalled   AgendaKind = "stilstand" // no step for too long
	AgendaDeclined  AgendaKind = "afgewezen" // a proposal was declined
	AgendaObjection AgendaKind = "bezwaar"   // the client objects to a decision
	// AgendaNoPlace is an urgent case for which no place in the country
	// fits today: the table should not wait for its deadline to pass.
	AgendaNoPlace AgendaKind = "geen_plek"
	// AgendaNational is a case escalated to the national table; its
	// outcome is recorded like a regional decision.
	AgendaNational AgendaKind = "landelijk"
)

// Label is the Dutch wording.
func (k AgendaKind) Label() string {
	switch k {
	case AgendaDeadline:
		return "Termijn verstreken"
	case AgendaStalled:
		return "Geen voortgang"
	case AgendaDeclined:
		return "Voorstel afgewezen"
	case AgendaObjection:
		return "Bezwaar van de cliënt"
	case AgendaNoPlace:
		return "Urgent, geen passende plek"
	case AgendaNational:
		return "Landelijke tafel"
	}
	return string(k)
}

// ParseAgendaKind checks the agenda item a decision answers; empty means
// none in particular.
func ParseAgendaKind(s string) (AgendaKind, error) {
	switch k := AgendaKind(strings.TrimSpace(s)); k {
	case "", AgendaDeadline, AgendaStalled, AgendaDeclined, AgendaObjection, AgendaNoPlace, AgendaNational:
		return k, nil
	}
	return "", fmt.Errorf("onbekend agendapunt %q; kies termijn, stilstand, afgewezen, bezwaar, geen_plek of landelijk", s)
}

// StalledAfter is how long an open case may stay in one phase before it
// comes on the agenda.
const StalledAfter = 60 * 24 * time.Hour

// AgendaItem is one case the regional table should discuss, and why.
// Detail is the reason in Dutch (the API's wording); the fields after it
// are the same reason as codes and numbers, so that DetailIn can say it in
// the reader's language. Detail alone (no Kind-specific fields) is a text a
// person wrote, such as the reason for an escalation, and stays as written.
type AgendaItem struct {
	CaseID int64
	Region string
	Kind   AgendaKind
	Since  time.Time
	Detail string
	// Days is how long the deadline has passed or the case has stood
	// still, in whole days.
	Days int
	// Phase is the phase a stalled case stands in.
	Phase Phase
	// Declined is why the proposal was declined.
	Declined DeclineReason
	// Objection is the client's objection, as the client wrote it.
	Objection string
}

// DetailIn is the agenda item's reason in lang. Numbers and labels are
// composed in that language; what a person wrote (an objection, the
// reason for an escalation) stays as written.
func (it AgendaItem) DetailIn(lang string) string {
	if lang != web.LangEN {
		return it.Detail
	}
	switch it.Kind {
	case AgendaDeadline:
		return "The deadline passed " + daysTextEN(it.Days) + " ago."
	case AgendaStalled:
		if it.Phase == "" {
			break
		}
		return "In phase " + it.Phase.LabelEN() + " for " + daysTextEN(it.Days) + "."
	case AgendaDeclined:
		if it.Declined == "" {
			break
		}
		return "Declined: " + pick(lang, it.Declined.Label(), translations[it.Declined.Label()]) + "."
	case AgendaObjection:
		if it.Objection == "" {
			break
		}
		return "Objection: " + it.Objection
	case AgendaNoPlace:
		return "Urgent placement, and not one place in the country fits now."
	}
	return it.Detail
}

// DeclineEvent is a declined proposal the agenda builder considers.
type DeclineEvent struct {
	CaseID int64
	At     time.Time
	Reason DeclineReason
}

// Objection is a client's objection the agenda builder considers.
type Objection struct {
	CaseID int64
	At     time.Time
	Text   string
}

// daysText is "1 dag" or "n dagen": the agenda's details are read as
// sentences, and "1 dagen" is not Dutch. Under a day is "minder dan een
// dag".
func daysText(n int) string {
	switch {
	case n < 1:
		return "minder dan een dag"
	case n == 1:
		return "1 dag"
	}
	return fmt.Sprintf("%d dagen", n)
}

// daysTextEN is daysText in English.
func daysTextEN(n int) string {
	switch {
	case n < 1:
		return "less than a day"
	case n == 1:
		return "1 day"
	}
	return fmt.Sprintf("%d days", n)
}

// BuildAgenda derives the agenda from the register: open cases past their
// deadline, open cases without a step for StalledAfter, and cases with a
// proposal declined since `since` (whose consequence asks for the table).
// Escalated cases stay off the regional agenda: the national table has them.
// The result is ordered by kind, then longest waiting first.
func BuildAgenda(people []Person, declines []DeclineEvent, objections []Objection, since, now time.Time, cons Consequences) []AgendaItem {
	var out []AgendaItem
	byID := map[int64]Person{}
	for _, p := range people {
		byID[p.CaseID] = p
		if !p.Phase.Open() || p.Escalated {
			continue
		}
		if !p.Deadline.IsZero() && now.After(p.Deadline) {
			days := int(now.Sub(p.Deadline).Hours() / 24)
			out = append(out, AgendaItem{CaseID: p.CaseID, Region: p.Region, Kind: AgendaDeadline, Since: p.Deadline, Days: days,
				Detail: "De uiterste datum is " + daysText(days) + " verstreken."})
			continue
		}
		if !p.PhaseSince.IsZero() && now.Sub(p.PhaseSince) >= StalledAfter {
			days := int(now.Sub(p.PhaseSince).Hours() / 24)
			out = append(out, AgendaItem{CaseID: p.CaseID, Region: p.Region, Kind: AgendaStalled, Since: p.PhaseSince, Days: days, Phase: p.Phase,
				Detail: "Al " + daysText(days) + " in fase " + p.Phase.Label() + "."})
		}
	}
	seen := map[int64]bool{}
	for _, it := range out {
		seen[it.CaseID] = true
	}
	for _, d := range declines {
		p, ok := byID[d.CaseID]
		if !ok || seen[d.CaseID] || d.At.Before(since) || !p.Phase.Open() || p.Escalated || !cons.For(d.Reason).Agenda {
			continue
		}
		seen[d.CaseID] = true
		out = append(out, AgendaItem{CaseID: d.CaseID, Region: p.Region, Kind: AgendaDeclined, Since: d.At, Declined: d.Reason, Detail: "Afgewezen: " + d.Reason.Label() + "."})
	}
	for _, o := range objections {
		p, ok := byID[o.CaseID]
		if !ok || seen[o.CaseID] || !p.Phase.Open() || p.Escalated {
			continue
		}
		seen[o.CaseID] = true
		out = append(out, AgendaItem{CaseID: o.CaseID, Region: p.Region, Kind: AgendaObjection, Since: o.At, Objection: o.Text, Detail: "Bezwaar: " + o.Text})
	}
	sortAgenda(out)
	return out
}

// MergeAgenda adds the items of extra whose case is not on the agenda yet
// (one item per case: the first reason found stays) and orders the result
// as BuildAgenda does.
func MergeAgenda(items, extra []AgendaItem) []AgendaItem {
	seen := map[int64]bool{}
	for _, it := range items {
		seen[it.CaseID] = true
	}
	out := append([]AgendaItem(nil), items...)
	for _, it := range extra {
		if !seen[it.CaseID] {
			seen[it.CaseID] = true
			out = append(out, it)
		}
	}
	sortAgenda(out)
	return out
}

// sortAgenda orders an agenda by kind (a passed deadline first), then
// longest waiting first.
func sortAgenda(out []AgendaItem) {
	order := map[AgendaKind]int{AgendaDeadline: 0, AgendaNoPlace: 1, AgendaObjection: 2, AgendaDeclined: 3, AgendaStalled: 4}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return order[out[i].Kind] < order[out[j].Kind]
		}
		if !out[i].Since.Equal(out[j].Since) {
			return out[i].Since.Before(out[j].Since)
		}
		return out[i].CaseID < out[j].CaseID
	})
}

// UrgentWithoutPlace lists the open, urgent cases (Urgent plaatsen, not
// at the national table) for which not one of places passes every hard
// constraint at now, as agenda items: such a case goes on the regional
// table's agenda by itself instead of waiting for its deadline. A case
// already on the agenda for another reason keeps that item (BuildAgenda
// ranks a passed deadline first). It is derived from the register each
// time, so it cannot be put on the agenda twice, and it drops off as soon
// as a place fits or the case is no longer urgent.
func UrgentWithoutPlace(people []Person, places []Place, now time.Time) []AgendaItem {
	var out []AgendaItem
	for _, p := range people {
		if !p.Phase.Open() || p.Escalated || p.Waiting != UrgentPlaatsen {
			continue
		}
		fits := false
		for _, pl := range places {
			if f, _ := checkBits(p, pl, now, false); f == 0 {
				fits = true
				break
			}
		}
		if !fits {
			out = append(out, AgendaItem{CaseID: p.CaseID, Region: p.Region, Kind: AgendaNoPlace, Since: p.PhaseSince,
				Detail: "Urgent plaatsen, en geen enkele plek in het land past nu."})
		}
	}
	return out
}

// Decision is a structured outcome of the regional table for one case.
type Decision string

// The decisions; each moves the case (see DecisionEffect).
const (
	DecideMediate      Decision = "bemiddelen"       // continue mediation with a new deadline
	DecideExtendSearch Decision = "landelijk_zoeken" // widen the search to the whole country
	DecideOtherHelp    Decision = "anders_helpen"    // help another way
	DecideEscalate     Decision = "escaleren"        // to the national table
	DecideStop         Decision = "stoppen"
	// DecideUphold upholds the client's objection: the waiting status the
	// decline replaced comes back, parking ends, and mediation goes on.
	DecideUphold Decision = "bezwaar_gegrond"
	// DecideDismiss dismisses the objection: the consequence stays.
	DecideDismiss Decision = "bezwaar_ongegrond"
)

// Decisions lists the decisions in form order.
func Decisions() []Decision {
	return []Decision{DecideMediate, DecideExtendSearch, DecideOtherHelp, DecideEscalate, DecideStop, DecideUphold, DecideDismiss}
}

// LabelEN is the decision's wording in English, for a message read in
// English (the inbox).
func (d Decision) LabelEN() string {
	if en, ok := translations[d.Label()]; ok {
		return en
	}
	return d.Label()
}

// Label is the Dutch wording.
func (d Decision) Label() string {
	switch d {
	case DecideMediate:
		return "Verder bemiddelen met nieuwe termijn"
	case DecideExtendSearch:
		return "Landelijk zoeken"
	case DecideOtherHelp:
		return "Op een andere manier helpen"
	case DecideEscalate:
		return "Escaleren naar de landelijke tafel"
	case DecideStop:
		return "Zoektocht stoppen"
	case DecideUphold:
		return "Bezwaar gegrond: vorige wachtstatus terug"
	case DecideDismiss:
		return "Bezwaar ongegrond"
	}
	return string(d)
}

// ForObjection reports whether the decision answers a client's objection
// and needs one to answer.
func (d Decision) ForObjection() bool { return d == DecideUphold || d == DecideDismiss }

// ParseDecision checks a decision code.
func ParseDecision(s string) (Decision, error) {
	for _, d := range Decisions() {
		if string(d) == strings.TrimSpace(s) {
			return d, nil
		}
	}
	return "", fmt.Errorf("kies een besluit")
}

// DecisionEffect says which phase a decision moves an open case to ("" =
// the phase stays) and whether it escalates.
func DecisionEffect(d Decision, from Phase) (to Phase, escalate bool) {
	switch d {
	case DecideMediate, DecideExtendSearch:
		if from == Bemiddeling {
			return "", false
		}
		return Bemiddeling, false
	case DecideOtherHelp:
		return AndersGeholpen, false
	case DecideStop:
		return Gestopt, false
	case DecideEscalate:
		return "", true
	case DecideUphold:
		// Back to the search, but an open proposal keeps its phase.
		if from == InBeeld {
			return Bemiddeling, false
		}
		return "", false
	}
	return "", false
}

// EscalationDue reports whether an open case should go to the national
// table: the region did not solve it within its deadline plus grace.
func EscalationDue(p Person, now time.Time, grace time.Duration) bool {
	return p.Phase.Open() && !p.Escalated && !p.Deadline.IsZero() && now.After(p.Deadline.Add(grace))
}

// NeedCode names one need for the gap analysis.
type NeedCode string

// Gap is one need that no place in scope meets for some people, counted:
// the specification for new maatwerkplekken.
type Gap struct {
	Need   string // Dutch description of the need
	Code   string
	People web.Count
}

// GapAnalysis counts, for the open cases, the hard constraints that fail at
// every place in scope (counting free capacity aside, since a full place
// that would fit is no gap in kind). A person with no fitting place counts
// once for each such constraint; People without any fitting place are also
// counted in total.
func GapAnalysis(people []Person, places []Place, now time.Time) (gaps []Gap, withoutPlace int) {
	counts := map[string]*Gap{}
	for _, p := range people {
		if !p.Phase.Open() {
			continue
		}
		// The checks that fail at every place, as bits (see fastChecks):
		// at national scale this runs for millions of pairs.
		everywhere := ^uint32(0)
		anyFits := false
		for _, pl := range places {
			pl.Occupied, pl.Held = 0, 0 // kind, not room
			fails, _ := checkBits(p, pl, now, false)
			if fails == 0 {
				anyFits = true
				break
			}
			everywhere &= fails
		}
		if anyFits {
			continue
		}
		withoutPlace++
		failEverywhere := map[string]string{}
		codes, labels := failNames(everywhere)
		for i, c := range codes {
			failEverywhere[c] = labels[i]
		}
		if len(places) == 0 {
			failEverywhere = map[string]string{"geen_plekken": "Geen plekken in beeld"}
		}
		if len(failEverywhere) == 0 {
			failEverywhere = map[string]string{"combinatie": "Combinatie van eisen"}
		}
		for code, label := range failEverywhere {
			g := counts[code]
			if g == nil {
				g = &Gap{Need: label, Code: code}
				counts[code] = g
			}
			g.People.N++
		}
	}
	for _, g := range counts {
		gaps = append(gaps, *g)
	}
	sort.Slice(gaps, func(i, j int) bool {
		if gaps[i].People.N != gaps[j].People.N {
			return gaps[i].People.N > gaps[j].People.N
		}
		return gaps[i].Code < gaps[j].Code
	})
	return gaps, withoutPlace
}
