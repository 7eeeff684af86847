package clients

import (
	"errors"
	"net/mail"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/web"
)

// clientInput is the create/update form or JSON body before validation.
type clientInput struct {
	Name      string `json:"name"`
	BirthDate string `json:"birth_date"`
	BSN       string `json:"bsn"`
	Region    string `json:"region"`
	Phone     string `json:"phone"`
	Email     string `json:"email"`
	Address   string `json:"address"`
	// Care is "location:ID", "organisation:ID" or "team:ID": where the
	// creator gives care, so the new record is in their scope.
	Care string `json:"care"`
}

// Field limits keep records sane and the page readable.
const (
	maxName    = 200
	maxContact = 300
)

// validate checks the input and returns the client and the care relation
// that puts it in p's scope, or the field errors in Dutch saying what to
// fix. today bounds the birth date.
func (in clientInput) validate(p *auth.Principal, today time.Time, creating bool) (NewClient, *CareRelation, []web.FieldError) {
	var errs []web.FieldError
	add := func(field, msg string) { errs = append(errs, web.FieldError{Field: field, Message: msg}) }
	nc := NewClient{Name: strings.TrimSpace(in.Name), Phone: strings.TrimSpace(in.Phone), Email: strings.TrimSpace(in.Email), Address: strings.TrimSpace(in.Address), CreatedBy: p.UserID}
	if nc.Name == "" {
		add("naam", "Vul de naam van de cliënt in.")
	} else if utf8.RuneCountInString(nc.Name) > maxName || !utf8.ValidString(nc.Name) || hasControl(nc.Name) {
		add("naam", "Vul een naam in van hoogstens 200 tekens.")
	}
	if strings.TrimSpace(in.BirthDate) != "" {
		d, err := web.ParseDate(in.BirthDate)
		if err != nil || d.After(today) {
			add("geboortedatum", "Vul een geldige geboortedatum in als dd-mm-jjjj, niet in de toekomst.")
		} else {
			nc.BirthDate = d
		}
	}
	if strings.TrimSpace(in.BSN) != "" {
		b, err := ParseBSN(in.BSN)
		if !mayEnterBSN(p.Role) {
			add("bsn", "Met uw rol legt u geen BSN vast.")
		} else if err != nil {
			add("bsn", "Vul een geldig BSN in: 9 cijfers die voldoen aan de elfproef.")
		} else {
			nc.BSN = b
		}
	}
	region := strings.ToUpper(strings.TrimSpace(in.Region))
	switch {
	case region == "":
		add("regio", "Vul de zorgkantoorregio van de cliënt in, bijvoorbeeld ZK-UTR.")
	case !validRegion(region):
		add("regio", "Vul een regiocode in van letters, cijfers en streepjes, bijvoorbeeld ZK-UTR.")
	case (p.Role == auth.RoleZorgkantoor || p.Role == auth.RoleCrisisregisseur) && !p.InRegion(region):
		add("regio", "Kies een regio waarvoor u werkt.")
	}
	nc.Region = region
	if nc.Email != "" {
		if a, err := mail.ParseAddress(nc.Email); err != nil || a.Address != nc.Email {
			add("email", "Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.")
		}
	}
	for _, f := range []struct{ name, v string }{{"telefoon", nc.Phone}, {"email", nc.Email}, {"adres", nc.Address}} {
		if utf8.RuneCountInString(f.v) > maxContact || !utf8.ValidString(f.v) || (f.name != "adres" && hasControl(f.v)) {
			add(f.name, "Dit veld is te lang of bevat ongeldige tekens.")
		}
	}
	var care *CareRelation
	if creating {
		c, err := careForCreator(p, in.Care)
		if err != nil {
			add("zorgrelatie", err.Error())
		}
		care = c
	}
	return nc, care, errs
}

// mayEnterBSN reports whether the role may record a BSN: the roles with a
// legal basis to see one (DESIGN §1). A provider administrator registers
// clients without it.
func mayEnterBSN(r auth.Role) bool {
	switch r {
	case auth.RoleZorgkantoor, auth.RoleZorgverlener, auth.RoleCrisisregisseur, auth.RoleCOT, auth.RoleOndersteuner:
		return true
	}
	return false
}

func validRegion(s string) bool {
	if len(s) < 2 || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

func hasControl(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return true
		}
	}
	return false
}

// careForCreator decides the care relation a new record starts with, so the
// creator can see what they created: a provider names one of their
// locations or organisations, a supporter takes the client into their
// caseload; care offices and crisis directors see by region and need none.
func careForCreator(p *auth.Principal, choice string) (*CareRelation, error) {
	kind, idStr, _ := strings.Cut(strings.TrimSpace(choice), ":")
	id, _ := strconv.ParseInt(idStr, 10, 64)
	switch p.Role {
	case auth.RoleZorgkantoor, auth.RoleCrisisregisseur:
		return nil, nil
	case auth.RoleOndersteuner:
		return &CareRelation{Kind: CareSupporter, RefID: p.UserID}, nil
	case auth.RoleZorgverlener:
		if kind == string(CareLocation) && slices.Contains(p.Scope.Locations, id) {
			return &CareRelation{Kind: CareLocation, RefID: id}, nil
		}
		if len(p.Scope.Locations) == 1 && choice == "" {
			return &CareRelation{Kind: CareLocation, RefID: p.Scope.Locations[0]}, nil
		}
		//lint:ignore ST1005 a Dutch sentence shown to the user as the field's message, not wrapped into other errors
		return nil, errors.New("Kies de locatie waar de cliënt zorg van u krijgt.")
	case auth.RoleAanbieder:
		if kind == string(CareOrganisation) && slices.Contains(p.Scope.Organisations, id) {
			return &CareRelation{Kind: CareOrganisation, RefID: id}, nil
		}
		if len(p.Scope.Organisations) == 1 && choice == "" {
			return &CareRelation{Kind: CareOrganisation, RefID: p.Scope.Organisations[0]}, nil
		}
		//lint:ignore ST1005 a Dutch sentence shown to the user as the field's message, not wrapped into other errors
		return nil, errors.New("Kies de organisatie die de cliënt zorg geeft.")
	}
	//lint:ignore ST1005 a Dutch sentence shown to the user as the field's message, not wrapped into other errors
	return nil, errors.New("Met uw rol kunt u geen cliënt inschrijven.")
}

// decodeReasonForm reads the reason for emergency access without the
// database, so it can be fuzzed (issue 18): minReason to 500 characters of
// readable text, trimmed, for the audit log and the reviewer. The reason
// only when it keeps that rule.
func decodeReasonForm(f url.Values) (string, []web.FieldError) {
	reason := strings.TrimSpace(f.Get("reden"))
	if n := utf8.RuneCountInString(reason); n < minReason || n > 500 || !utf8.ValidString(reason) {
		return "", []web.FieldError{{Field: "reden", Message: "Geef een reden van minstens 10 en hoogstens 500 tekens.", English: "Give a reason of at least 10 and at most 500 characters."}}
	}
	return reason, nil
}

// repForm is the form that makes an account a client's representative.
type repForm struct {
	Username   string
	Name       string
	Relation   Relation
	MayAct     bool
	ValidFrom  time.Time
	ValidUntil time.Time
}

// decodeRepForm reads the representative form without the database, so it
// can be fuzzed (issue 18): a known relation, a name of at most 200
// characters, optional dates as dd-mm-jjjj and an end after the start (or
// after now without one). Every mistake at once; whether the username is
// a relative's account is the handler's to look up.
func decodeRepForm(f url.Values, now time.Time) (repForm, []web.FieldError) {
	get := func(k string) string { return strings.TrimSpace(f.Get(k)) }
	in := repForm{Username: get("gebruikersnaam"), Name: get("naam"), Relation: Relation(get("relatie")), MayAct: get("mag_handelen") == "1"}
	var errs []web.FieldError
	add := func(field, nl, en string) {
		errs = append(errs, web.FieldError{Field: field, Message: nl, English: en})
	}
	if !in.Relation.Valid() {
		add("relatie", "Kies de relatie: naaste, curator, mentor of bewindvoerder.", "Choose the relation: relative, guardian, mentor or financial administrator.")
	}
	if utf8.RuneCountInString(in.Name) > 200 {
		add("naam", "Vul een naam in van hoogstens 200 tekens.", "Enter a name of at most 200 characters.")
	}
	if zero, t, err := optionalDate(get("ingangsdatum")); err != nil {
		add("ingangsdatum", "Vul de ingangsdatum in als dd-mm-jjjj.", "Enter the start date as dd-mm-yyyy.")
	} else if !zero {
		in.ValidFrom = t
	}
	if zero, t, err := optionalDate(get("einddatum")); err != nil {
		add("einddatum", "Vul de einddatum in als dd-mm-jjjj.", "Enter the end date as dd-mm-yyyy.")
	} else if !zero {
		in.ValidUntil = t
		// Without a start date the authorisation starts today: say so,
		// rather than name a start date the user did not type.
		switch {
		case in.ValidFrom.IsZero() && !t.After(now):
			add("einddatum", "De einddatum moet na vandaag liggen: zonder ingangsdatum gaat de machtiging vandaag in.", "The end date must lie after today: without a start date the authorisation starts today.")
		case !in.ValidFrom.IsZero() && !t.After(in.ValidFrom):
			add("einddatum", "De einddatum moet na de ingangsdatum liggen.", "The end date must lie after the start date.")
		}
	}
	return in, errs
}

// consentForm is the consent form before the database has its say: the
// consent as typed, and the username of the account it is shared with.
type consentForm struct {
	Consent Consent
	// Username names the account the data are shared with when the
	// recipient is an account; the handler looks it up, and its display
	// name is the recipient's name when none was typed.
	Username string
}

// consentFields are the consent form's fields in the order of the page,
// the order its errors are listed in.
func consentFields() []string {
	return []string{"onderwerp", "ontvanger_soort", "ontvanger", "ontvanger_naam", "grondslag", "gegeven_door", "toelichting", "ingangsdatum", "einddatum"}
}

// decodeConsentForm reads the consent form without the database, so it
// can be fuzzed (issue 18): a known subject and basis, a recipient of a
// known kind (an organisation by its number) with a name, a note of at
// most 500 and a name of at most 200 characters, optional dates as
// dd-mm-jjjj and an end after the start (or after now without one). Every
// mistake at once, in the order of the page. Whether the account exists
// and may see health data, and whether the representative who gave
// consent may act, are the handler's to look up: an account recipient's
// name may still come from the account, so it is not required here.
// GivenBy is the representative's account id as typed, 0 when not a
// number.
func decodeConsentForm(f url.Values, now time.Time) (consentForm, []web.FieldError) {
	get := func(k string) string { return strings.TrimSpace(f.Get(k)) }
	c := Consent{Subject: Subject(get("onderwerp")), RecipientKind: get("ontvanger_soort"), RecipientLabel: get("ontvanger_naam"),
		Basis: Basis(get("grondslag")), Note: get("toelichting")}
	in := consentForm{}
	var errs []web.FieldError
	add := func(field, nl, en string) {
		errs = append(errs, web.FieldError{Field: field, Message: nl, English: en})
	}
	if !c.Subject.Valid() {
		add("onderwerp", "Kies waarover de toestemming gaat.", "Choose what the consent is about.")
	}
	switch c.RecipientKind {
	case RecipientNone:
	case RecipientUser:
		in.Username = get("ontvanger")
	case RecipientOrganisation:
		n, err := strconv.ParseInt(get("ontvanger"), 10, 64)
		if err != nil || n <= 0 {
			add("ontvanger", "Vul het nummer van de organisatie in.", "Enter the organisation's number.")
		}
		c.RecipientID = n
	default:
		add("ontvanger_soort", "Kies met wie de gegevens worden gedeeld.", "Choose with whom the data are shared.")
	}
	if c.RecipientKind != RecipientNone && c.RecipientKind != RecipientUser && c.RecipientLabel == "" {
		add("ontvanger_naam", recipientNameNL, recipientNameEN)
	}
	if !c.Basis.Valid() {
		add("grondslag", "Kies de grondslag: toestemming van de cliënt, van de vertegenwoordiger of een Wzd-besluit.",
			"Choose the basis: consent of the client, of the representative or a decision under the Wzd.")
	}
	if c.Basis == BasisRepresentative {
		c.GivenBy, _ = strconv.ParseInt(get("gegeven_door"), 10, 64)
	}
	if utf8.RuneCountInString(c.Note) > 500 || utf8.RuneCountInString(c.RecipientLabel) > 200 {
		add("toelichting", noteTooLongNL, noteTooLongEN)
	}
	if zero, t, err := optionalDate(get("ingangsdatum")); err != nil {
		add("ingangsdatum", "Vul de ingangsdatum in als dd-mm-jjjj.", "Enter the start date as dd-mm-yyyy.")
	} else if !zero {
		c.ValidFrom = t
	}
	if zero, t, err := optionalDate(get("einddatum")); err != nil {
		add("einddatum", "Vul de einddatum in als dd-mm-jjjj.", "Enter the end date as dd-mm-yyyy.")
	} else if !zero {
		c.ValidUntil = t
		from := c.ValidFrom
		if from.IsZero() {
			from = now
		}
		if !t.After(from) {
			add("einddatum", "De einddatum moet na de ingangsdatum liggen.", "The end date must lie after the start date.")
		}
	}
	in.Consent = c
	return in, errs
}

// The consent form's messages that the handler gives too, once the
// account has supplied the recipient's name.
const (
	recipientNameNL = "Vul de naam van de ontvanger in, zodat de cliënt weet met wie wordt gedeeld."
	recipientNameEN = "Enter the recipient's name, so the client knows with whom the data are shared."
	noteTooLongNL   = "Houd de toelichting korter dan 500 tekens."
	noteTooLongEN   = "Keep the note shorter than 500 characters."
)

// inFormOrder sorts errors by their field's place in fields, keeping the
// order of errors at one field, so the errors the handler adds after its
// lookups stand where the page shows their field.
func inFormOrder(errs []web.FieldError, fields []string) {
	slices.SortStableFunc(errs, func(a, b web.FieldError) int {
		return slices.Index(fields, a.Field) - slices.Index(fields, b.Field)
	})
}
