package auth

import (
	"context"
	"database/sql"
	"html/template"
	"net/mail"
	"strings"
)

// An account's work phone number and e-mail address are how colleagues in
// other organisations reach its holder: a provider deciding on a proposal
// calls the care office's contact, a client calls their vaste
// contactpersoon. They are personal data of staff: shown to those who
// work with the holder, changed by the holder or the beheerder, and never
// written to a log or an audit record (the account audit records only
// that they changed).

// ContactError lists every problem with a phone number and e-mail address
// at once, by form field ("phone", "email"), in Dutch.
type ContactError struct {
	Fields map[string]string
}

func (e *ContactError) Error() string {
	var parts []string
	for _, f := range []string{"phone", "email"} {
		if m, ok := e.Fields[f]; ok {
			parts = append(parts, m)
		}
	}
	return strings.Join(parts, " ")
}

// CheckContact checks a work phone number and e-mail address as typed
// (both may be empty) and returns them as stored: the phone number in the
// usual Dutch written form ("030 234 5601", "06 1234 5678"), the e-mail
// address trimmed. The error, a *ContactError, names every wrong field.
func CheckContact(phone, email string) (string, string, error) {
	errs := map[string]string{}
	p, ok := NormalizePhone(phone)
	if !ok {
		errs["phone"] = "Vul een Nederlands telefoonnummer in, zoals 030 234 5601 of 06 1234 5678."
	}
	e := strings.TrimSpace(email)
	if e != "" && !validEmail(e) {
		errs["email"] = "Vul een e-mailadres in zoals naam@organisatie.nl."
	}
	if len(errs) > 0 {
		return "", "", &ContactError{Fields: errs}
	}
	return p, e, nil
}

// validEmail accepts one plain address (no display name) with a dot in
// its domain, as a colleague would type it.
func validEmail(s string) bool {
	if len(s) > 254 || strings.ContainsAny(s, " <>,;") {
		return false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	domain := s[at+1:]
	return at > 0 && strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}

// NormalizePhone reads a Dutch phone number as people write it (spaces,
// dashes, dots, brackets; 0…, +31…, 0031…, "+31 (0)…") and returns it in a
// written form; ok is false for anything else. "" is fine (no number).
// Accepted: ten-digit numbers (area code or 06 and the subscriber number)
// and the service numbers 0800 and 090x with four to seven more digits.
func NormalizePhone(s string) (string, bool) {
	d, ok := phoneDigits(s)
	if !ok || d == "" {
		return "", ok && strings.TrimSpace(s) == ""
	}
	switch {
	case strings.HasPrefix(d, "0031"):
		d = "0" + d[4:]
	case strings.HasPrefix(d, "00"):
		return "", false // a number abroad: not a Dutch work number
	}
	if len(d) < 2 || d[0] != '0' || d[1] == '0' {
		return "", false
	}
	if strings.HasPrefix(d, "0800") || strings.HasPrefix(d, "090") {
		if len(d) < 8 || len(d) > 11 {
			return "", false
		}
		return d[:4] + " " + d[4:], true
	}
	if len(d) != 10 {
		return "", false
	}
	switch {
	case strings.HasPrefix(d, "06"):
		return d[:2] + " " + d[2:6] + " " + d[6:], true
	case threeDigitArea(d):
		return d[:3] + " " + d[3:6] + " " + d[6:], true
	}
	return d[:4] + " " + d[4:7] + " " + d[7:], true
}

// phoneDigits reads a phone number as people write it into its digits,
// a leading "+" as "00" and a "(0)" dropped; ok is false for a character
// no phone number has. "" stays "".
func phoneDigits(s string) (string, bool) {
	s = strings.TrimSpace(s)
	s = strings.ReplaceAll(s, "(0)", "")
	var digits strings.Builder
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits.WriteRune(r)
		case r == '+' && i == 0:
			digits.WriteString("00")
		case r == ' ' || r == '-' || r == '.' || r == '(' || r == ')' || r == '/':
		default:
			return "", false
		}
	}
	return digits.String(), true
}

// NormalizeAnyPhone is the rule for a number that may be abroad (a
// relative asking to be called back from Belgium or Germany): a Dutch
// number as NormalizePhone writes it, and a number with another country
// code, written with + or 00, stored in one form: "+" and its digits
// ("+32 2 123 45 67" and "0032-2-1234567" are both "+3221234567"), 8 to
// 15 digits after the plus as the international numbering plan (ITU-T
// E.164) allows. "" is fine (no number).
func NormalizeAnyPhone(s string) (string, bool) {
	d, ok := phoneDigits(s)
	if !ok {
		return "", false
	}
	if strings.HasPrefix(d, "00") && !strings.HasPrefix(d, "0031") {
		rest := d[2:]
		if len(rest) < 8 || len(rest) > 15 || rest[0] == '0' {
			return "", false
		}
		return "+" + rest, true
	}
	return NormalizePhone(s)
}

// threeDigitArea reports whether a ten-digit number has a three-digit
// area code (010 Rotterdam, 020 Amsterdam, 030 Utrecht, …); the others
// have four digits (0341, 0575, …).
func threeDigitArea(d string) bool {
	switch d[:3] {
	case "010", "013", "015", "020", "023", "024", "026", "030", "033", "035", "036", "038",
		"040", "043", "045", "046", "050", "053", "055", "058", "070", "071", "072", "073", "074", "075", "076", "077", "078", "079", "085", "088", "091":
		return true
	}
	return false
}

// TelURI is the tel: link of a phone number NormalizePhone or
// NormalizeAnyPhone accepted, in the international form a phone dials from
// anywhere ("" for none).
func TelURI(phone string) string {
	if strings.HasPrefix(phone, "+") {
		d, ok := phoneDigits(phone)
		if !ok || len(d) < 10 {
			return ""
		}
		return "tel:+" + d[2:]
	}
	var d strings.Builder
	for _, r := range phone {
		if r >= '0' && r <= '9' {
			d.WriteRune(r)
		}
	}
	s := d.String()
	if len(s) < 2 || s[0] != '0' {
		return ""
	}
	if strings.HasPrefix(s, "0800") || strings.HasPrefix(s, "090") {
		return "tel:" + s // service numbers are dialled as they are
	}
	return "tel:+31" + s[1:]
}

// TelURI is the contact's phone number as a tel: link for a page ("" for
// none). html/template lets only http, https and mailto links through as
// they are; this one is made of digits and "+" only, so it is safe.
func (c Contact) TelURI() template.URL { return template.URL(TelURI(c.Phone)) }

// MailURI is the contact's e-mail address as a mailto: link ("" for none).
func (c Contact) MailURI() string {
	if c.Email == "" {
		return ""
	}
	return "mailto:" + c.Email
}

// SetContact sets an account's work phone number and e-mail address
// after CheckContact; the account audit records that they changed, never
// the values.
func (s *Service) SetContact(ctx context.Context, userID int64, phone, email string) error {
	p, e, err := CheckContact(phone, email)
	if err != nil {
		return err
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET phone = $1, email = $2 WHERE id = $3`, p, e, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return nil
	})
	s.auditAccount(ctx, "account.contact", userID, err)
	return err
}
