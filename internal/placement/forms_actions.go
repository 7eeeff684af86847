package placement

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/volwaardig/volwaardig/internal/web"
)

// The person page's action forms (transition, proposal of a place,
// reassessment, follow-up) and the hold form, decoded without the database
// so each can be fuzzed (issue 18). What needs the case or the place (the
// phase allowed next, whether the place is free) stays in the service.

// fieldError is a refusal at field with its English from the module's
// catalogues.
func fieldError(field, nl string) web.FieldError {
	return web.FieldError{Field: field, Message: nl, English: translateDomain(nl)}
}

// transitionForm is the move of a case to its next phase.
type transitionForm struct {
	To     Phase
	Reason string
}

// decodeTransitionForm reads the transition form: a known phase and the
// trimmed reason (whether it is required is the service's, per phase).
func decodeTransitionForm(f url.Values) (transitionForm, []web.FieldError) {
	to, err := ParsePhase(f.Get("naar"))
	if err != nil {
		return transitionForm{}, []web.FieldError{fieldError("naar", "Kies de volgende fase.")}
	}
	return transitionForm{To: to, Reason: strings.TrimSpace(f.Get("reden"))}, nil
}

// placeForm is the proposal of a place, possibly under a condition.
type placeForm struct {
	Place       int64
	Conditional bool
}

// decodePlaceForm reads the proposal form: a place by its number.
func decodePlaceForm(f url.Values) (placeForm, []web.FieldError) {
	place, err := strconv.ParseInt(f.Get("plek"), 10, 64)
	if err != nil {
		return placeForm{}, []web.FieldError{fieldError("plek", "Kies een plek.")}
	}
	return placeForm{Place: place, Conditional: f.Get("voorwaarde") == "ja"}, nil
}

// reassessForm is a new indication: zorgprofiel, extra care, Wzd status
// and a note.
type reassessForm struct {
	Profile  Profile
	Meerzorg bool
	Wzd      WzdStatus
	Note     string
}

// The reassessment form's fields. They are its own, not the case data
// form's "zorgprofiel" and "wzd" on the same person page: with shared names
// a mistake showed at both forms and the summary's links led to the
// other one (the browser walk of issue 18).
const (
	reassessProfile  = "her_zorgprofiel"
	reassessMeerzorg = "her_meerzorg"
	reassessWzd      = "her_wzd"
	reassessNote     = "her_toelichting"
)

// decodeReassessForm reads the reassessment form: a known zorgprofiel and
// Wzd status (none when empty), both mistakes at once. Both are chosen
// from a list, so the messages say to choose, not which codes exist.
func decodeReassessForm(f url.Values) (reassessForm, []web.FieldError) {
	var errs []web.FieldError
	prof, err := ParseProfile(f.Get(reassessProfile))
	if err != nil {
		errs = append(errs, fieldError(reassessProfile, "Kies het nieuwe zorgprofiel uit de lijst."))
	}
	wzd, err := ParseWzd(f.Get(reassessWzd))
	if err != nil {
		errs = append(errs, fieldError(reassessWzd, "Kies de Wzd-status uit de lijst."))
	}
	if len(errs) > 0 {
		return reassessForm{}, errs
	}
	return reassessForm{Profile: prof, Meerzorg: f.Get(reassessMeerzorg) == "ja", Wzd: wzd, Note: f.Get(reassessNote)}, nil
}

// followUpForm is a follow-up after a move: when, how it went, and the
// views of the client's wellbeing, relatives and staff.
type followUpForm struct {
	Months  int
	Outcome string
	Note    string
	Views   FollowUpViews
}

// followUpErrors checks a follow-up (RecordFollowUpViews's rule too): 3, 6
// or 12 months with a known outcome, a wellbeing on the scale, and views
// of at most maxNote characters.
func followUpErrors(months int, outcome string, v FollowUpViews) []web.FieldError {
	var errs []web.FieldError
	if _, err := ParseFollowUp(months, outcome); err != nil {
		errs = append(errs, fieldError("uitkomst", err.Error()))
	}
	if !slices.Contains(WellbeingScale(), v.Wellbeing) {
		errs = append(errs, fieldError("welzijn", "Kies hoe het met de cliënt gaat."))
	}
	if utf8.RuneCountInString(v.Relatives) > maxNote {
		errs = append(errs, fieldError("naasten", fmt.Sprintf("De visie van naasten mag hoogstens %d tekens zijn.", maxNote)))
	}
	if utf8.RuneCountInString(v.Staff) > maxNote {
		errs = append(errs, fieldError("begeleiders", fmt.Sprintf("De visie van begeleiders mag hoogstens %d tekens zijn.", maxNote)))
	}
	return errs
}

// decodeFollowUpForm reads the follow-up form; months that are not a
// number read as 0, which followUpErrors refuses.
func decodeFollowUpForm(f url.Values) (followUpForm, []web.FieldError) {
	months, _ := strconv.Atoi(f.Get("maanden"))
	in := followUpForm{Months: months, Outcome: f.Get("uitkomst"), Note: strings.TrimSpace(f.Get("toelichting")),
		Views: FollowUpViews{Wellbeing: Wellbeing(f.Get("welzijn")), Relatives: strings.TrimSpace(f.Get("naasten")), Staff: strings.TrimSpace(f.Get("begeleiders"))}}
	if errs := followUpErrors(in.Months, in.Outcome, in.Views); len(errs) > 0 {
		return followUpForm{}, errs
	}
	return in, nil
}

// holdForm is a provider's or care office's hold of a place for a case
// until the end of a day.
type holdForm struct {
	Place, Case int64
	// CaseOK says the case number was read, also when another field is
	// wrong: the care office's refusal is shown on that case's page.
	CaseOK bool
	// Until is the last second of the day typed.
	Until time.Time
}

// decodeHoldForm reads the hold form as fm reads dates: a place and a
// case by number and the last day, every mistake at once. On a refusal
// only Case and CaseOK are kept.
func decodeHoldForm(f url.Values, fm web.Formatter) (holdForm, []web.FieldError) {
	var in holdForm
	var errs []web.FieldError
	place, err := strconv.ParseInt(f.Get("plek"), 10, 64)
	if err != nil {
		errs = append(errs, fieldError("plek", "Kies een plek."))
	}
	cs, err := strconv.ParseInt(f.Get("casus"), 10, 64)
	if err != nil {
		errs = append(errs, fieldError("casus", "Kies de persoon voor wie u reserveert."))
	} else {
		in.Case, in.CaseOK = cs, true
	}
	deadline, err := fm.ParseDate(f.Get("tot"))
	if err != nil {
		errs = append(errs, fieldError("tot", "Vul in tot wanneer de reservering geldt (dd-mm-jjjj)."))
	}
	if len(errs) > 0 {
		return holdForm{Case: in.Case, CaseOK: in.CaseOK}, errs
	}
	in.Place, in.Until = place, deadline.Add(24*time.Hour-time.Second)
	return in, nil
}

// wishesErrors checks the client's (or a relative's) own wishes, trimmed
// (UpdateWishes's rule too): not empty, so pressing Bewaren on an empty
// field does not wipe earlier wishes, and at most 2000 bytes.
func wishesErrors(text string) []web.FieldError {
	if text == "" {
		return []web.FieldError{fieldError("wensen", "Schrijf eerst uw wensen op. Het vak is nog leeg.")}
	}
	if len(text) > 2000 {
		return []web.FieldError{fieldError("wensen", "Uw wensen mogen hoogstens 2000 tekens zijn.")}
	}
	return nil
}

// decodeWishesForm reads the wishes form: the trimmed text.
func decodeWishesForm(f url.Values) (string, []web.FieldError) {
	text := strings.TrimSpace(f.Get("wensen"))
	if errs := wishesErrors(text); len(errs) > 0 {
		return "", errs
	}
	return text, nil
}

// objectionErrors checks the client's objection, trimmed (Object's rule
// too): not empty, at most 2000 bytes.
func objectionErrors(text string) []web.FieldError {
	if text == "" {
		return []web.FieldError{fieldError("bezwaar", "Schrijf waarom u het er niet mee eens bent.")}
	}
	if len(text) > 2000 {
		return []web.FieldError{fieldError("bezwaar", "Uw bezwaar mag hoogstens 2000 tekens zijn.")}
	}
	return nil
}

// decodeObjectionForm reads the objection form: the trimmed text.
func decodeObjectionForm(f url.Values) (string, []web.FieldError) {
	text := strings.TrimSpace(f.Get("bezwaar"))
	if errs := objectionErrors(text); len(errs) > 0 {
		return "", errs
	}
	return text, nil
}

// noteErrors checks a casework note, trimmed (AddNote's rule too): not
// empty, at most maxNote characters.
func noteErrors(body string) []web.FieldError {
	switch {
	case body == "":
		return []web.FieldError{fieldError("notitie", "Schrijf de notitie; een lege notitie wordt niet bewaard.")}
	case utf8.RuneCountInString(body) > maxNote:
		return []web.FieldError{{Field: "notitie", Message: fmt.Sprintf("Een notitie mag hoogstens %d tekens zijn; verdeel een lange tekst over meer notities.", maxNote),
			English: fmt.Sprintf("A note may be at most %d characters; spread a long text over more notes.", maxNote)}}
	}
	return nil
}

// decodeNoteForm reads the casework note form: the trimmed note.
func decodeNoteForm(f url.Values) (string, []web.FieldError) {
	body := strings.TrimSpace(f.Get("notitie"))
	if errs := noteErrors(body); len(errs) > 0 {
		return "", errs
	}
	return body, nil
}

// consultErrors checks a consultation request, its texts trimmed
// (RequestConsult's rule too): the CCE or a named expertise centre, and a
// question, each within its length. It returns the centre as stored:
// none for the CCE.
func consultErrors(who Consultant, centre, question string) (string, []web.FieldError) {
	var errs []web.FieldError
	switch who {
	case ConsultCCE:
		centre = ""
	case ConsultCentre:
		if centre == "" {
			errs = append(errs, fieldError("centrum", "Schrijf de naam van het expertisecentrum."))
		}
	default:
		errs = append(errs, fieldError("consulent", "Kies wie u om consultatie vraagt: het CCE of een expertisecentrum."))
	}
	if utf8.RuneCountInString(centre) > maxCentre {
		errs = append(errs, fieldError("centrum", fmt.Sprintf("De naam van het expertisecentrum mag hoogstens %d tekens zijn.", maxCentre)))
	}
	switch {
	case question == "":
		errs = append(errs, fieldError("vraag", "Schrijf de vraag aan de consulent."))
	case utf8.RuneCountInString(question) > maxConsultText:
		errs = append(errs, fieldError("vraag", fmt.Sprintf("De vraag mag hoogstens %d tekens zijn.", maxConsultText)))
	}
	return centre, errs
}

// consultForm is a request for consultation.
type consultForm struct {
	Who      Consultant
	Centre   string
	Question string
}

// decodeConsultForm reads the consultation form, every mistake at once.
func decodeConsultForm(f url.Values) (consultForm, []web.FieldError) {
	in := consultForm{Who: Consultant(f.Get("consulent")), Centre: strings.TrimSpace(f.Get("centrum")), Question: strings.TrimSpace(f.Get("vraag"))}
	centre, errs := consultErrors(in.Who, in.Centre, in.Question)
	if len(errs) > 0 {
		return consultForm{}, errs
	}
	in.Centre = centre
	return in, nil
}

// consultAnswerErrors checks the consultant's answer, trimmed
// (AnswerConsult's rule too): not empty, at most maxConsultText
// characters.
func consultAnswerErrors(answer string) []web.FieldError {
	switch {
	case answer == "":
		return []web.FieldError{fieldError("antwoord", "Schrijf het antwoord van de consulent.")}
	case utf8.RuneCountInString(answer) > maxConsultText:
		return []web.FieldError{{Field: "antwoord", Message: fmt.Sprintf("Het antwoord mag hoogstens %d tekens zijn.", maxConsultText),
			English: fmt.Sprintf("The answer may be at most %d characters.", maxConsultText)}}
	}
	return nil
}

// decodeConsultAnswerForm reads the consultant's answer form.
func decodeConsultAnswerForm(f url.Values) (string, []web.FieldError) {
	answer := strings.TrimSpace(f.Get("antwoord"))
	if errs := consultAnswerErrors(answer); len(errs) > 0 {
		return "", errs
	}
	return answer, nil
}

// decodeRegionForm reads the batch proposal's region form: "land" is the
// whole country (""), any other region must be one of the user's
// (inRegion, StartRun's rule too).
func decodeRegionForm(f url.Values, inRegion func(string) bool) (string, []web.FieldError) {
	region := f.Get("regio")
	if region == "land" {
		region = ""
	}
	if region != "" && !inRegion(region) {
		return "", []web.FieldError{fieldError("regio", "Kies uw eigen regio of het hele land.")}
	}
	return region, nil
}
