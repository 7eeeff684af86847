package innovation

import "slices"

// pagePart is a part of the professionals' project page with the phases
// in which it is the work at hand. A part belongs to the project's past
// once the route has gone beyond its first phase, and is not shown at all
// before its first phase: the page then names that phase under "what comes
// next" instead of offering an empty form.
type pagePart struct {
	Key    string
	Phases []Phase
}

var (
	technologyParts = []pagePart{
		{"zorgvraag", []Phase{PhaseQuestion}},
		{"zelfscan", []Phase{PhaseReadiness}},
		{"verkennen", []Phase{PhaseExplore, PhaseChoice}},
		{"plan", []Phase{PhasePlan}},
		{"effecten", []Phase{PhaseSmall, PhaseEvaluation}},
		{"deelnemers", []Phase{PhaseSmall, PhaseEvaluation, PhaseScale}},
		{"opschaling", []Phase{PhaseSmall, PhaseEvaluation, PhaseScale}},
	}
	// A social innovation describes its approach while it checks its
	// preconditions and plans; it has no catalogue to explore.
	socialParts = []pagePart{
		{"zorgvraag", []Phase{PhaseQuestion}},
		{"zelfscan", []Phase{PhaseReadiness}},
		{"aanpak", []Phase{PhaseReadiness, PhasePlan}},
		{"plan", []Phase{PhasePlan}},
		{"effecten", []Phase{PhaseSmall, PhaseEvaluation}},
		{"deelnemers", []Phase{PhaseSmall, PhaseEvaluation, PhaseScale}},
		{"opschaling", []Phase{PhaseSmall, PhaseEvaluation, PhaseScale}},
	}
)

// PageLayout orders the professionals' project page: the current phase's
// work first and open, the parts of phases already passed as short
// summaries to open, and the phases still to come only by name.
type PageLayout struct {
	Current []string
	Done    []string
	Coming  []Phase
	// ComingStart is the number of the first phase to come on the route.
	ComingStart int
	// Open is the part of the past that opens by itself: the one whose
	// form was just sent, so its confirmation or errors are in view.
	Open string
}

// reachedIndex is the index on the route of the phase the project is in,
// or for a stopped project the phase it stopped in (the no-go gate's
// start).
func reachedIndex(pr Project, gates []Gate) int {
	r := Route(pr.Kind)
	if !pr.Stopped() {
		return slices.Index(r, pr.Phase)
	}
	for i := len(gates) - 1; i >= 0; i-- {
		if gates[i].Decision != "go" {
			return slices.Index(r, gates[i].From)
		}
	}
	return 0
}

// layout places the page's parts for a project in its phase. The plan
// stays work at hand after its phase while tasks are open: marking them
// done is what the professionals do during the small start.
func layout(pr Project, gates []Gate, open string, openTasks bool) PageLayout {
	r := Route(pr.Kind)
	cur := reachedIndex(pr, gates)
	parts := technologyParts
	if pr.Kind == KindSocial {
		parts = socialParts
	}
	l := PageLayout{}
	for _, part := range parts {
		first := slices.Index(r, part.Phases[0])
		switch {
		case !pr.Stopped() && slices.Contains(part.Phases, pr.Phase),
			!pr.Stopped() && part.Key == "plan" && openTasks && first <= cur:
			l.Current = append(l.Current, part.Key)
		case first <= cur:
			l.Done = append(l.Done, part.Key)
		}
	}
	if !pr.Stopped() && cur >= 0 {
		l.Coming = append(l.Coming, r[cur+1:]...)
		l.ComingStart = cur + 2
	}
	if slices.Contains(l.Done, open) {
		l.Open = open
	}
	return l
}

// partOf is the page part a form's section anchor or confirmation belongs
// to, so that a part of the past opens when its form was used.
func partOf(kind Kind, key string) string {
	switch key {
	case "zorgvraag", "zelfscan", "plan", "effecten", "deelnemers", "opschaling":
		return key
	case "taak", "klaar":
		return "plan"
	case "meting", "vervolg":
		return "effecten"
	case "deelnemer":
		return "deelnemers"
	case "verkennen", "kandidaat", "matrix", "keuze":
		if kind == KindSocial {
			return "aanpak"
		}
		return "verkennen"
	}
	return ""
}

// comingDescriptions say in one line what happens in a phase still to
// come.
var comingDescriptions = map[Phase]string{
	PhaseReadiness:  "De zelfscan: zijn organisatie, ICT, financiën en personeel op orde?",
	PhaseExplore:    "Technologieën uit de catalogus naast elkaar zetten en wegen in de beslismatrix.",
	PhaseChoice:     "De keuze vastleggen, met de voordelen, nadelen en kosten die de doorslag gaven.",
	PhasePlan:       "Het implementatieplan: taken, eigenaren, data en risico's.",
	PhaseSmall:      "Klein beginnen: deelnemers, een nulmeting en het gebruik per locatie.",
	PhaseEvaluation: "De vervolgmeting: wat is het verschil voor cliënt, professional en naasten?",
	PhaseScale:      "Opschalen naar meer locaties en cliënten.",
}

// ComingText is the one-line description of a phase still to come.
func (d projectPage) ComingText(ph Phase) string { return comingDescriptions[ph] }

// Has tells the template whether a list of part keys holds key.
func (d projectPage) Has(keys []string, key string) bool { return slices.Contains(keys, key) }

// AdviceAt is the council's advice given during phase ph, oldest first.
func (d projectPage) AdviceAt(ph Phase) []Advice {
	var out []Advice
	for _, a := range d.Advice {
		if a.Phase == ph {
			out = append(out, a)
		}
	}
	return out
}

// GateFrom is the gate decided at the end of phase ph, if any.
func (d projectPage) GateFrom(ph Phase) (Gate, bool) {
	for i := len(d.Gates) - 1; i >= 0; i-- {
		if d.Gates[i].From == ph {
			return d.Gates[i], true
		}
	}
	return Gate{}, false
}

// CouncilSteps are the phases the council has seen the project in, with
// the gate at each and the council's advice there, the current step first:
// that is where the council can still give advice.
func (d projectPage) CouncilSteps() []CouncilStep {
	r := Route(d.Kind)
	cur := reachedIndex(d.Project, d.Gates)
	var out []CouncilStep
	for i, ph := range r {
		if i > cur {
			break
		}
		st := CouncilStep{Phase: ph, Current: !d.Stopped() && ph == d.Phase, Advice: d.AdviceAt(ph)}
		st.Gate, st.Decided = d.GateFrom(ph)
		out = append(out, st)
	}
	slices.Reverse(out)
	return out
}

// CouncilStep is one step of the route on the council's page.
type CouncilStep struct {
	Phase   Phase
	Current bool
	Gate    Gate
	Decided bool
	Advice  []Advice
}

// ScanAreas names the self-scan's areas with answer r.
func (d projectPage) ScanAreas(r Readiness) []string {
	var out []string
	for _, a := range d.ScanAnswers() {
		if a.Answer == r {
			out = append(out, a.Label)
		}
	}
	return out
}

// TotalFor is the saved weighted total of technology id in the decision
// matrix, with two decimals.
func (d projectPage) TotalFor(id int64) string {
	for _, r := range d.Ranking {
		if r.Technology.ID == id {
			return r.TotalText()
		}
	}
	return ""
}
