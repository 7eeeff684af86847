package safety

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/web"
)

// The adviser's forms on a report (step, IGJ date, message, close) and the
// reporter's follow-up form, decoded without the database so each can be
// fuzzed (issue 18). The checks are the service's too (RecordStep and the
// others call the same functions), so the API is held to the same rules;
// what needs the report (its status, the steps done) stays there.

// stepErrors checks a meldcode step: a step of 1 to 5 (only that error
// when it is not), an outcome, and for a step with choices one of them.
// It returns the input as stored: the outcome cleaned, no choice for a
// step without choices.
func stepErrors(in StepInput) (StepInput, []web.FieldError) {
	st, ok := stepByN(in.Step)
	if !ok {
		// The outcome is checked too, so both mistakes show at once; the
		// choice depends on the step and waits for a known one.
		errs := []web.FieldError{{Field: "stap", Message: "Kies een stap van de meldcode (1 tot en met 5).", English: "Choose a step of the reporting code (1 to 5)."}}
		in.Outcome = textField(&errs, "uitkomst", in.Outcome, "Uitkomst en toelichting", maxOutcome, "Schrijf de uitkomst van deze stap op.")
		return in, errs
	}
	// In the form's order (the choice stands above the outcome), so the
	// summary reads like the form.
	var errs []web.FieldError
	if len(st.Choices) > 0 && !slices.ContainsFunc(st.Choices, func(c Choice) bool { return c.Code == in.Choice }) {
		errs = append(errs, web.FieldError{Field: "keuze", Message: "Kies een uitkomst van deze stap.", English: "Choose an outcome of this step."})
	}
	in.Outcome = textField(&errs, "uitkomst", in.Outcome, "Uitkomst en toelichting", maxOutcome, "Schrijf de uitkomst van deze stap op.")
	if len(st.Choices) == 0 {
		in.Choice = ""
	}
	return in, errs
}

// decodeStepForm reads the step form: a step that is not a number is
// refused like an unknown one. The step only when there is no mistake.
func decodeStepForm(f url.Values) (StepInput, []web.FieldError) {
	n, err := strconv.Atoi(f.Get("stap"))
	if err != nil {
		n = 0
	}
	in, errs := stepErrors(StepInput{Step: n, Choice: f.Get("keuze"), Outcome: f.Get("uitkomst")})
	if len(errs) > 0 {
		return StepInput{}, errs
	}
	return in, nil
}

// igjDay reads the day a provider reported to the inspectorate: dd-mm-jjjj,
// a day that exists, not after now.
func igjDay(day string, now time.Time) (time.Time, []web.FieldError) {
	t, err := web.NewFormatter().ParseDate(day)
	if err != nil && typedAsDate.MatchString(strings.TrimSpace(day)) {
		// Written as a date, but the day does not exist (31-02-2026):
		// say so instead of asking for the format that was used.
		return time.Time{}, []web.FieldError{{Field: "igj_datum", Message: "Die dag bestaat niet. Kijk de dag en de maand na.", English: "That day does not exist. Check the day and the month."}}
	}
	if err != nil {
		return time.Time{}, []web.FieldError{{Field: "igj_datum", Message: "Vul de datum van de melding bij de IGJ in als dd-mm-jjjj, bijvoorbeeld 01-03-2026.", English: "Enter the date of the report to the inspectorate as dd-mm-yyyy, e.g. 01-03-2026."}}
	}
	if t.After(now) {
		return time.Time{}, []web.FieldError{{Field: "igj_datum", Message: "De datum van de melding bij de IGJ ligt in de toekomst.", English: "The date of the report to the inspectorate is in the future."}}
	}
	return t, nil
}

// decodeIGJForm reads the IGJ form as of now.
func decodeIGJForm(f url.Values, now time.Time) (time.Time, []web.FieldError) {
	return igjDay(f.Get("igj_datum"), now)
}

// messageErrors checks the adviser's message to the reporter and returns
// it cleaned.
func messageErrors(body string) (string, []web.FieldError) {
	var errs []web.FieldError
	body = textField(&errs, "bericht", body, "Bericht aan de melder", maxMessage, "Schrijf een bericht aan de melder.")
	return body, errs
}

// decodeMessageForm reads the adviser's message form.
func decodeMessageForm(f url.Values) (string, []web.FieldError) {
	body, errs := messageErrors(f.Get("bericht"))
	if len(errs) > 0 {
		return "", errs
	}
	return body, nil
}

// decisionErrors checks the decision that closes a report and returns it
// cleaned.
func decisionErrors(decision string) (string, []web.FieldError) {
	var errs []web.FieldError
	decision = textField(&errs, "besluit", decision, "Besluit en afronding", maxOutcome, "Schrijf op wat is besloten.")
	return decision, errs
}

// decodeCloseForm reads the close form.
func decodeCloseForm(f url.Values) (string, []web.FieldError) {
	decision, errs := decisionErrors(f.Get("besluit"))
	if len(errs) > 0 {
		return "", errs
	}
	return decision, nil
}

// replyErrors checks the reporter's reply and returns it cleaned.
func replyErrors(body string) (string, []web.FieldError) {
	var errs []web.FieldError
	body = textField(&errs, "bericht", body, "Iets terugschrijven", maxMessage, "Schrijf uw bericht.")
	return body, errs
}

// followUp is the reporter's follow-up form: the status code, and when
// Reply a message to the adviser.
type followUp struct {
	Code  string
	Reply bool
	Body  string
}

// decodeFollowUpForm reads the follow-up form. Whether the code is known
// is the database's (and counted against guessing), so the code has no
// error here: an unreadable code normalises to "", which no report has.
// The message is checked only when the reporter sends one.
func decodeFollowUpForm(f url.Values) (followUp, []web.FieldError) {
	in := followUp{Code: normaliseCode(f.Get("code")), Reply: f.Get("actie") == "bericht"}
	if !in.Reply {
		return in, nil
	}
	body, errs := replyErrors(f.Get("bericht"))
	if len(errs) > 0 {
		return followUp{Code: in.Code, Reply: true}, errs
	}
	in.Body = body
	return in, nil
}
