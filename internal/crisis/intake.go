package crisis

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/web"
)

// Intake is a crisis report as a professional submits it: the client (an
// existing record, or a new one with minimal facts when the BSN is not
// known yet), where, what happened, risks, urgency and what has been tried.
type Intake struct {
	ClientID      int64     `json:"client_id,omitempty"`
	ClientName    string    `json:"client_name,omitempty"`
	BirthDate     time.Time `json:"-"`
	BirthDateText string    `json:"birth_date,omitempty"` // dd-mm-jjjj or jjjj-mm-dd
	Region        string    `json:"region"`
	Where         string    `json:"where"`
	WhatHappened  string    `json:"what_happened"`
	Risks         string    `json:"risks,omitempty"`
	Urgency       Urgency   `json:"urgency"`
	Tried         string    `json:"tried,omitempty"`
	ReporterPhone string    `json:"reporter_phone,omitempty"`
	Dossierhouder string    `json:"dossierhouder,omitempty"`
	// BSN of a person not yet in the register, from the report form when
	// the reporter's role may record one; "" = not known.
	BSN clients.BSN `json:"-"`
}

// Field limits keep one report to what a crisis line needs and the
// database rows small.
const (
	maxShort = 200
	maxLong  = 4000
	maxPhone = 40
)

var regionPattern = regexp.MustCompile(`^ZK[0-9]{2}$`)

// ParseIntakeForm reads the intake form. It never fails as a whole: every
// problem becomes a field error in Dutch naming what to fix, so the form can
// be shown again with all of them at once.
func ParseIntakeForm(f url.Values) (Intake, []web.FieldError) {
	in := Intake{
		ClientName:    strings.TrimSpace(f.Get("naam")),
		BirthDateText: strings.TrimSpace(f.Get("geboortedatum")),
		Region:        strings.ToUpper(strings.TrimSpace(f.Get("regio"))),
		Where:         strings.TrimSpace(f.Get("waar")),
		WhatHappened:  strings.TrimSpace(f.Get("wat")),
		Risks:         strings.TrimSpace(f.Get("risicos")),
		Urgency:       Urgency(strings.TrimSpace(f.Get("urgentie"))),
		Tried:         strings.TrimSpace(f.Get("geprobeerd")),
		ReporterPhone: strings.TrimSpace(f.Get("telefoon")),
		Dossierhouder: strings.TrimSpace(f.Get("dossierhouder")),
	}
	var errs []web.FieldError
	// The client comes from the picker (field "client", a hidden field of
	// the chosen client); nobody types its number (issue 11).
	if v := strings.TrimSpace(f.Get("client")); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			errs = append(errs, web.FieldError{Field: "client", Message: msgFindClient})
		} else {
			in.ClientID = id
		}
	}
	if v := strings.TrimSpace(f.Get("bsn")); v != "" && in.ClientID == 0 {
		if b, err := clients.ParseBSN(v); err != nil {
			errs = append(errs, web.FieldError{Field: "bsn", Message: "Vul een geldig BSN in: 9 cijfers die voldoen aan de elfproef, of laat het veld leeg."})
		} else {
			in.BSN = b
		}
	}
	for _, e := range in.Validate() {
		switch {
		case e.Field == "client_id":
			e.Field, e.Message = "client", msgFindClient
		case e.Field == "naam" && in.ClientID == 0 && in.ClientName == "":
			e.Field, e.Message = "client", msgFindClient
		}
		errs = append(errs, e)
	}
	return in, errs
}

// msgFindClient is the report form's error when it names no client.
const msgFindClient = "Zoek de cliënt en kies uit de resultaten. Staat de persoon niet in het register, vul dan de naam in bij Nieuwe persoon."

// Validate checks an intake from the form or the API. Only what the
// crisisregisseur cannot do without is required: the client, the region,
// where, what happened and the urgency.
func (in *Intake) Validate() []web.FieldError {
	var errs []web.FieldError
	add := func(field, msg string) { errs = append(errs, web.FieldError{Field: field, Message: msg}) }
	if in.ClientID == 0 && in.ClientName == "" {
		add("naam", "Vul de naam van de cliënt in (of het cliëntnummer als de cliënt al in het register staat).")
	}
	if in.ClientID < 0 {
		add("client_id", "Vul bij cliëntnummer alleen cijfers in, of laat het leeg en vul de naam in.")
	}
	if in.BirthDateText != "" {
		t, err := web.ParseDate(in.BirthDateText)
		if err != nil || t.Year() > 2100 {
			add("geboortedatum", "Vul de geboortedatum in als dag-maand-jaar, bijvoorbeeld 31-12-1990, of laat het veld leeg.")
		} else {
			in.BirthDate = t
		}
	}
	// With a client number the region may be left out: the client's
	// region from the register is used.
	if !regionPattern.MatchString(in.Region) && !(in.Region == "" && in.ClientID > 0) {
		add("regio", "Kies de zorgkantoorregio waar de crisis is.")
	}
	if in.Where == "" {
		add("waar", "Vul in waar de cliënt nu is.")
	}
	if in.WhatHappened == "" {
		add("wat", "Beschrijf kort wat er is gebeurd.")
	}
	if !in.Urgency.Valid() {
		add("urgentie", "Kies hoe dringend de crisis is.")
	}
	// The platform's one phone rule (auth.NormalizeAnyPhone): the number
	// is stored in its written form, so its tel: link dials.
	if p, ok := auth.NormalizeAnyPhone(in.ReporterPhone); ok {
		in.ReporterPhone = p
	} else {
		add("telefoon", "Vul een telefoonnummer in zoals 06 1234 5678 of 030 234 5601 (in het buitenland met + en het landnummer), of laat het leeg.")
	}
	for _, c := range []struct {
		field, value string
		max          int
	}{
		{"naam", in.ClientName, maxShort}, {"waar", in.Where, maxShort}, {"dossierhouder", in.Dossierhouder, maxShort},
		{"wat", in.WhatHappened, maxLong}, {"risicos", in.Risks, maxLong}, {"geprobeerd", in.Tried, maxLong},
	} {
		if !utf8.ValidString(c.value) || hasControl(c.value) {
			add(c.field, "Dit veld bevat tekens die niet zijn toegestaan; typ de tekst opnieuw.")
		} else if utf8.RuneCountInString(c.value) > c.max {
			add(c.field, "Deze tekst is te lang: gebruik hoogstens "+strconv.Itoa(c.max)+" tekens.")
		}
	}
	return errs
}

// hasControl reports control characters other than line breaks and tabs,
// which a browser never sends from a text field.
func hasControl(s string) bool {
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' {
			return true
		}
	}
	return false
}

func itoa(n int) string { return strconv.Itoa(n) }
