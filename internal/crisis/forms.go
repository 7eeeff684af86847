package crisis

import (
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/volwaardig/volwaardig/internal/web"
)

// The case page's and availability page's forms, decoded without the
// database so each can be fuzzed (issue 18). Each check is also the
// service's (AddSupport, RequestExtension and so on call the same
// function), so a form and an API client are held to one rule; what needs
// the case (its status, who may act) stays in the service.

// supportForm is a C.O.T.'s support record: visit, advice or end.
type supportForm struct {
	Kind SupportKind
	Note string
}

// supportErrors checks a support record: a known kind and a note of at
// most maxLong characters without control characters.
func supportErrors(kind SupportKind, note string) []web.FieldError {
	var errs []web.FieldError
	if !kind.Valid() {
		errs = append(errs, web.FieldError{Field: "soort", Message: "Kies wat u vastlegt: bezoek, advies of einde ondersteuning."})
	}
	if note == "" {
		errs = append(errs, web.FieldError{Field: "notitie", Message: "Schrijf kort op wat er is gedaan of geadviseerd."})
	} else if utf8.RuneCountInString(note) > maxLong || hasControl(note) || !utf8.ValidString(note) {
		errs = append(errs, web.FieldError{Field: "notitie", Message: "De notitie is te lang of bevat tekens die niet zijn toegestaan (hoogstens 4000 tekens)."})
	}
	return errs
}

// decodeSupportForm reads the support form; the record only when it has
// no mistake.
func decodeSupportForm(f url.Values) (supportForm, []web.FieldError) {
	in := supportForm{Kind: SupportKind(f.Get("soort")), Note: strings.TrimSpace(f.Get("notitie"))}
	if errs := supportErrors(in.Kind, in.Note); len(errs) > 0 {
		return supportForm{}, errs
	}
	return in, nil
}

// extensionForm is a request to extend a crisis stay.
type extensionForm struct {
	Days   int
	Reason string
}

// extensionErrors checks an extension request: 1 to MaxExtensionDays days
// and a reason of at most maxLong characters.
func extensionErrors(days int, reason string) []web.FieldError {
	var errs []web.FieldError
	if days < 1 || days > MaxExtensionDays {
		errs = append(errs, web.FieldError{Field: "dagen", Message: "Vul een verlenging in van 1 tot en met 28 dagen."})
	}
	if reason == "" {
		errs = append(errs, web.FieldError{Field: "verlengreden", Message: "Schrijf op waarom de cliënt langer in het crisisbed moet blijven."})
	} else if utf8.RuneCountInString(reason) > maxLong || hasControl(reason) || !utf8.ValidString(reason) {
		errs = append(errs, web.FieldError{Field: "verlengreden", Message: "De reden is te lang of bevat tekens die niet zijn toegestaan (hoogstens 4000 tekens)."})
	}
	return errs
}

// decodeExtensionForm reads the extension form; days that are not a whole
// number are refused like 0.
func decodeExtensionForm(f url.Values) (extensionForm, []web.FieldError) {
	days, err := strconv.Atoi(strings.TrimSpace(f.Get("dagen")))
	if err != nil {
		days = 0
	}
	in := extensionForm{Days: days, Reason: strings.TrimSpace(f.Get("verlengreden"))}
	if errs := extensionErrors(in.Days, in.Reason); len(errs) > 0 {
		return extensionForm{}, errs
	}
	return in, nil
}

// judgeForm is the crisisregisseur's verdict on an extension request.
type judgeForm struct {
	Grant bool
	Note  string
}

// judgeErrors checks a verdict: a refusal needs a reason, and a note is at
// most maxLong characters.
func judgeErrors(grant bool, note string) []web.FieldError {
	if utf8.RuneCountInString(note) > maxLong || hasControl(note) || !utf8.ValidString(note) {
		return []web.FieldError{{Field: "oordeel", Message: "De toelichting is te lang of bevat tekens die niet zijn toegestaan (hoogstens 4000 tekens)."}}
	}
	if !grant && note == "" {
		return []web.FieldError{{Field: "oordeel", Message: "Schrijf op waarom u de verlenging afwijst."}}
	}
	return nil
}

// decodeJudgeForm reads the verdict form: anything but "toekennen" is a
// refusal.
func decodeJudgeForm(f url.Values) (judgeForm, []web.FieldError) {
	in := judgeForm{Grant: f.Get("besluit") == "toekennen", Note: strings.TrimSpace(f.Get("oordeel"))}
	if errs := judgeErrors(in.Grant, in.Note); len(errs) > 0 {
		return judgeForm{}, errs
	}
	return in, nil
}

// closeErrors checks why a case is closed: required, at most maxLong
// characters.
func closeErrors(note string) []web.FieldError {
	if note == "" {
		return []web.FieldError{{Field: "toelichting", Message: "Schrijf kort op waarom de crisis wordt afgesloten."}}
	}
	if utf8.RuneCountInString(note) > maxLong || hasControl(note) || !utf8.ValidString(note) {
		return []web.FieldError{{Field: "toelichting", Message: "De toelichting is te lang of bevat tekens die niet zijn toegestaan (hoogstens 4000 tekens)."}}
	}
	return nil
}

// decodeCloseForm reads the close form: the trimmed note.
func decodeCloseForm(f url.Values) (string, []web.FieldError) {
	note := strings.TrimSpace(f.Get("toelichting"))
	if errs := closeErrors(note); len(errs) > 0 {
		return "", errs
	}
	return note, nil
}

// decodeHandoverForm reads the handover form and checks it with
// HandoverInput.Validate, the API's rule too.
func decodeHandoverForm(f url.Values) (HandoverInput, []web.FieldError) {
	in := HandoverInput{Reason: f.Get("reden"), Dossierhouder: f.Get("dossierhouder"), Profile: f.Get("zorgprofiel"), Urgent: f.Get("urgent") == "1"}
	if errs := in.Validate(); len(errs) > 0 {
		return HandoverInput{}, errs
	}
	return in, nil
}

// bedStatusErrors checks a provider's bed status: only free or out of use
// can be set (reserved is the crisisregisseur's act).
func bedStatusErrors(status BedStatus) []web.FieldError {
	if status != BedFree && status != BedOut {
		return []web.FieldError{{Field: "status", Message: "Kies vrij of buiten gebruik."}}
	}
	return nil
}

// decodeBedStatusForm reads the bed status form.
func decodeBedStatusForm(f url.Values) (BedStatus, []web.FieldError) {
	st := BedStatus(f.Get("status"))
	if errs := bedStatusErrors(st); len(errs) > 0 {
		return "", errs
	}
	return st, nil
}

// teamStatusForm is a team's availability and a short note.
type teamStatusForm struct {
	Available bool
	Note      string
}

// teamStatusErrors checks the note: at most maxShort characters.
func teamStatusErrors(note string) []web.FieldError {
	if utf8.RuneCountInString(note) > maxShort || hasControl(note) || !utf8.ValidString(note) {
		return []web.FieldError{{Field: "toelichting", Message: "Gebruik bij de toelichting hoogstens 200 tekens."}}
	}
	return nil
}

// decodeTeamStatusForm reads the team status form: available only for
// "1".
func decodeTeamStatusForm(f url.Values) (teamStatusForm, []web.FieldError) {
	in := teamStatusForm{Available: f.Get("beschikbaar") == "1", Note: strings.TrimSpace(f.Get("toelichting"))}
	if errs := teamStatusErrors(in.Note); len(errs) > 0 {
		return teamStatusForm{}, errs
	}
	return in, nil
}
