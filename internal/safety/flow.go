package safety

import (
	"net/url"
	"strings"

	"github.com/volwaardig/volwaardig/internal/web"
)

// The steps of the public flow, in order. Every step is POSTed to the
// same URL (/meldingen); what earlier steps chose travels in hidden
// fields of the form, never in the URL, so no report data lands in the
// address bar or the browser's history.
const (
	stepKind      = "soort"
	stepSituation = "situatie"
	stepProvider  = "aanbieder"
	stepStory     = "verhaal"
)

var stepOrder = map[string]int{stepKind: 1, stepSituation: 2, stepProvider: 3, stepStory: 4}

// stepNames lists the steps by their number.
var stepNames = []string{"", stepKind, stepSituation, stepProvider, stepStory}

// flow is what the reporter has filled in so far.
type flow struct {
	Step      string // the step that was posted
	Back      bool   // "Terug" was pressed
	Kind      Kind
	Situation Situation
	Provider  string // the provider's name as typed or chosen
	Group     Group
	What      string
	Where     string
	Who       string
	Ongoing   Answer
	SafeNow   Answer
	Contact   string
}

// decodeFlow reads a posted step of the flow. It checks every field of the
// posted step and of the steps before it (whose values came back in
// hidden fields) and returns every error at once. groupFixed is the
// reporter's group when it follows from their account (then the form does
// not ask it). Provider names are checked by the caller, which knows them.
func decodeFlow(form url.Values, groupFixed Group) (flow, []web.FieldError) {
	f := flow{Step: form.Get("stap"), Back: form.Get("actie") == "terug"}
	var errs []web.FieldError
	n, ok := stepOrder[f.Step]
	if !ok {
		// Not a step of this flow (an old or tampered form): start again.
		return flow{Step: ""}, []web.FieldError{{Field: "soort", Message: "Het formulier was niet compleet. Begin opnieuw: kies wat u wilt doen.", English: "The form was not complete. Start again: choose what you want to do."}}
	}
	f.Kind = Kind(form.Get("soort"))
	if n >= 1 && f.Kind != KindAdvice && f.Kind != KindReport {
		errs = append(errs, web.FieldError{Field: "soort", Message: "Kies wat u wilt: praten met iemand of iets melden.", English: "Choose what you want: talk to someone or make a report."})
	}
	f.Situation = Situation(form.Get("situatie"))
	if n >= 2 && f.Situation != SituationDanger && f.Situation != SituationHome && f.Situation != SituationCare {
		errs = append(errs, web.FieldError{Field: "situatie", Message: "Kies waar het gebeurt.", English: "Choose where it happens."})
	}
	f.Provider = form.Get("aanbieder")
	f.Group = groupFixed
	if groupFixed == "" {
		f.Group = Group(form.Get("wie"))
	}
	if n >= 3 {
		f.Provider = textField(&errs, "aanbieder", f.Provider, "Bij welke zorgaanbieder gebeurt het?", maxShort, "Typ de naam van de zorgaanbieder en kies uit de lijst.")
		if !f.Group.valid() {
			errs = append(errs, web.FieldError{Field: "wie", Message: "Kies wie u bent: cliënt, familie of naaste, of medewerker.", English: "Choose who you are: client, relative or professional."})
		}
	}
	f.What, f.Where, f.Who, f.Contact = form.Get("wat"), form.Get("waar"), form.Get("betrokken"), form.Get("contact")
	f.Ongoing, f.SafeNow = Answer(form.Get("nog_bezig")), Answer(form.Get("veilig"))
	if n >= 4 && !f.Back {
		whatLabel, whatMissing := "Wat is er gebeurd?", "Schrijf op wat er is gebeurd."
		if f.Kind == KindAdvice {
			whatLabel, whatMissing = "Waar wilt u over praten?", "Schrijf op waar u over wilt praten."
		}
		f.What = textField(&errs, "wat", f.What, whatLabel, maxWhat, whatMissing)
		if f.Kind == KindReport {
			f.Where = textField(&errs, "waar", f.Where, "Waar gebeurde het?", maxShort, "Schrijf op waar het gebeurde.")
			f.Who = textField(&errs, "betrokken", f.Who, "Wie waren erbij?", maxWho, "")
			if !f.Ongoing.valid() {
				errs = append(errs, web.FieldError{Field: "nog_bezig", Message: "Kies of het nog steeds gebeurt: ja, nee of weet ik niet.", English: "Choose whether it is still going on: yes, no or don't know."})
			}
		} else {
			f.Where, f.Who, f.Ongoing = "", "", ""
		}
		if !f.SafeNow.valid() {
			errs = append(errs, web.FieldError{Field: "veilig", Message: "Kies of u nu veilig bent: ja, nee of weet ik niet.", English: "Choose whether you are safe now: yes, no or don't know."})
		}
		f.Contact = textField(&errs, "contact", f.Contact, "Hoe kunnen we u bereiken?", maxShort, "")
	}
	if f.Back {
		return f, nil
	}
	return f, errs
}

// firstErrorStep is the earliest step with an error, so a tampered hidden
// field of an earlier step sends the reporter back there.
func firstErrorStep(errs []web.FieldError, posted string) string {
	fieldStep := map[string]string{"soort": stepKind, "situatie": stepSituation, "aanbieder": stepProvider, "wie": stepProvider}
	best := stepOrder[posted]
	if best == 0 {
		best = 1
	}
	for _, e := range errs {
		if s, ok := fieldStep[e.Field]; ok && stepOrder[s] < best {
			best = stepOrder[s]
		}
	}
	return stepNames[best]
}

// formValues is the flow as form values, to refill the fields and the
// hidden fields of the next step.
func (f flow) formValues() map[string]string {
	return map[string]string{"soort": string(f.Kind), "situatie": string(f.Situation), "aanbieder": f.Provider, "wie": string(f.Group),
		"wat": f.What, "waar": f.Where, "betrokken": f.Who, "nog_bezig": string(f.Ongoing), "veilig": string(f.SafeNow), "contact": f.Contact}
}

// normName is a name in lower case with single spaces, for comparing
// what a reporter typed with a provider's name.
func normName(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}
