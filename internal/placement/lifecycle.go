package placement

import (
	"fmt"
	"strings"
	"time"
)

// Phase is where a person stands in the placement lifecycle (DESIGN §2.1).
type Phase string

// The lifecycle: aangemeld → in beeld → bemiddeling → voorstel →
// geaccepteerd → verhuisd, or anders geholpen / gestopt. Follow-up after the
// move is recorded separately (FollowUp), never by changing the phase back.
const (
	Aangemeld      Phase = "aangemeld"
	InBeeld        Phase = "in_beeld"
	Bemiddeling    Phase = "bemiddeling"
	Voorstel       Phase = "voorstel"
	Geaccepteerd   Phase = "geaccepteerd"
	Verhuisd       Phase = "verhuisd"
	AndersGeholpen Phase = "anders_geholpen"
	Gestopt        Phase = "gestopt"
)

// Phases lists the phases in lifecycle order.
func Phases() []Phase {
	return []Phase{Aangemeld, InBeeld, Bemiddeling, Voorstel, Geaccepteerd, Verhuisd, AndersGeholpen, Gestopt}
}

// Label is the phase's Dutch name.
func (p Phase) Label() string {
	switch p {
	case Aangemeld:
		return "Aangemeld"
	case InBeeld:
		return "In beeld"
	case Bemiddeling:
		return "Bemiddeling"
	case Voorstel:
		return "Voorstel"
	case Geaccepteerd:
		return "Geaccepteerd"
	case Verhuisd:
		return "Verhuisd"
	case AndersGeholpen:
		return "Anders geholpen"
	case Gestopt:
		return "Gestopt"
	}
	return string(p)
}

// EasyLabel is the phase for the client's easy-read timeline: short, one
// idea, no jargon.
func (p Phase) EasyLabel() string {
	switch p {
	case Aangemeld:
		return "U bent aangemeld."
	case InBeeld:
		return "Wij kennen uw vraag."
	case Bemiddeling:
		return "Wij zoeken een plek voor u."
	case Voorstel:
		return "Er is een plek voor u. U mag kiezen."
	case Geaccepteerd:
		return "U gaat verhuizen."
	case Verhuisd:
		return "U woont op uw nieuwe plek."
	case AndersGeholpen:
		return "U bent op een andere manier geholpen."
	case Gestopt:
		return "Het zoeken is gestopt."
	}
	return string(p)
}

// EasyLabelAbout is EasyLabel told to a relative or representative about
// the client: a pattern whose %s is the client's name ("Sanne is
// aangemeld."), since the relative is not the one who moves.
func (p Phase) EasyLabelAbout() string {
	switch p {
	case Aangemeld:
		return "%s is aangemeld."
	case InBeeld:
		return "Wij kennen de vraag van %s."
	case Bemiddeling:
		return "Wij zoeken een plek voor %s."
	case Voorstel:
		return "Er is een plek voor %s. Praat er samen over."
	case Geaccepteerd:
		return "%s gaat verhuizen."
	case Verhuisd:
		return "%s woont op de nieuwe plek."
	case AndersGeholpen:
		return "%s is op een andere manier geholpen."
	case Gestopt:
		return "Het zoeken voor %s is gestopt."
	}
	return string(p) + " (%s)"
}

// Pictogram is the address of the phase's picture for the easy-read
// timeline, one of the product's own SVG files (an emoji shows as an empty
// box on a device without an emoji font); it stands beside the words, never
// instead of them, so it is shown with an empty alt.
func (p Phase) Pictogram() string {
	name := ""
	switch p {
	case Aangemeld:
		name = "aangemeld"
	case InBeeld:
		name = "bekijken"
	case Bemiddeling:
		name = "zoeken"
	case Voorstel:
		name = "brief"
	case Geaccepteerd:
		name = "klaar"
	case Verhuisd:
		name = "huis"
	case AndersGeholpen:
		name = "samen"
	case Gestopt:
		name = "stop"
	default:
		return ""
	}
	return "/static/picto/" + name + ".svg"
}

// Closed reports whether the phase ends the search.
func (p Phase) Closed() bool { return p == Verhuisd || p == AndersGeholpen || p == Gestopt }

// Open reports whether the person still waits for care (counted "in beeld").
func (p Phase) Open() bool { return !p.Closed() && p != Geaccepteerd && p != "" }

// ParsePhase checks a phase code.
func ParsePhase(s string) (Phase, error) {
	t := Phase(strings.ToLower(strings.TrimSpace(s)))
	for _, p := range Phases() {
		if p == t {
			return p, nil
		}
	}
	return "", fmt.Errorf("onbekende fase %q", s)
}

// transitions is the lifecycle's transition table: from → allowed to. A
// proposal that falls through goes back to bemiddeling; an accepted place
// that falls through (the move is called off) also goes back; a person
// found not eligible goes back to in beeld until reassessed. Anders
// geholpen and gestopt are reachable from every open phase. Closed phases
// have no way out: a person who needs a place again is registered anew so
// the history of the first search stays as it was.
var transitions = map[Phase][]Phase{
	Aangemeld:    {InBeeld, AndersGeholpen, Gestopt},
	InBeeld:      {Bemiddeling, AndersGeholpen, Gestopt},
	Bemiddeling:  {Voorstel, InBeeld, AndersGeholpen, Gestopt},
	Voorstel:     {Geaccepteerd, Bemiddeling, InBeeld, AndersGeholpen, Gestopt},
	Geaccepteerd: {Verhuisd, Bemiddeling, AndersGeholpen, Gestopt},
}

// Allowed lists the phases p may move to.
func (p Phase) Allowed() []Phase { return append([]Phase(nil), transitions[p]...) }

// CheckTransition refuses a move the table does not allow, with a Dutch
// message that says what is possible instead.
func CheckTransition(from, to Phase) error {
	if _, err := ParsePhase(string(to)); err != nil {
		return err
	}
	if from == to {
		return fmt.Errorf("de casus staat al in fase %q", from.Label())
	}
	next := transitions[from]
	for _, n := range next {
		if n == to {
			return nil
		}
	}
	if len(next) == 0 {
		return fmt.Errorf("van fase %q kan de casus niet meer verder: de zoektocht is afgesloten; meld de persoon opnieuw aan als er weer een plek nodig is", from.Label())
	}
	names := make([]string, len(next))
	for i, n := range next {
		names[i] = "\"" + n.Label() + "\""
	}
	return fmt.Errorf("van fase %q naar %q kan niet; mogelijk is: %s", from.Label(), to.Label(), strings.Join(names, ", "))
}

// Transition is one recorded step: who moved the case, when and why. Rows
// are only ever added.
type Transition struct {
	ID     int64
	CaseID int64
	From   Phase
	To     Phase
	At     time.Time
	By     int64
	ByName string
	Reason string
}

// FollowUpOutcome is how a person is doing some months after the move.
type FollowUpOutcome string

// The follow-up outcomes.
const (
	FollowStable     FollowUpOutcome = "stabiel"
	FollowNewCrisis  FollowUpOutcome = "nieuwe_crisis"
	FollowMovedAgain FollowUpOutcome = "opnieuw_verhuisd"
)

// Label is the Dutch wording.
func (o FollowUpOutcome) Label() string {
	switch o {
	case FollowStable:
		return "Stabiel"
	case FollowNewCrisis:
		return "Nieuwe crisis"
	case FollowMovedAgain:
		return "Opnieuw verhuisd"
	}
	return string(o)
}

// FollowUpMonths are the moments of follow-up after the move.
var FollowUpMonths = []int{3, 6, 12}

// ParseFollowUp checks a follow-up: months one of 3, 6, 12 and a known outcome.
func ParseFollowUp(months int, outcome string) (FollowUpOutcome, error) {
	if months != 3 && months != 6 && months != 12 {
		return "", fmt.Errorf("nazorg wordt vastgelegd na 3, 6 of 12 maanden, niet na %d", months)
	}
	o := FollowUpOutcome(strings.TrimSpace(outcome))
	switch o {
	case FollowStable, FollowNewCrisis, FollowMovedAgain:
		return o, nil
	}
	return "", fmt.Errorf("onbekende uitkomst %q; kies stabiel, nieuwe_crisis of opnieuw_verhuisd", outcome)
}

// FollowUpDue returns the follow-up moments after a move on movedAt.
func FollowUpDue(movedAt time.Time) []time.Time {
	out := make([]time.Time, len(FollowUpMonths))
	for i, m := range FollowUpMonths {
		out[i] = movedAt.AddDate(0, m, 0)
	}
	return out
}
