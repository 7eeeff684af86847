package orgs

import (
	"strings"
)

// The organisation codes are checked for their format only. The AGB code
// (Vektis) and the KvK number have no public check-digit rule one can rely
// on (the KvK's old 11-test no longer holds for new numbers), and the UZOVI
// list is Vektis's register: whether a code exists is for the register to
// say, not for a format check. So: the right number of digits, nothing else.

// CodeError is one wrong code: the form field it came from and a Dutch
// message naming what to fix.
type CodeError struct {
	Field   string // "agb", "uzovi" or "kvk"
	Message string
}

// CodeErrors are all wrong codes of an organisation at once, so a form can
// show each at its field.
type CodeErrors []CodeError

func (e CodeErrors) Error() string {
	msgs := make([]string, len(e))
	for i, c := range e {
		msgs[i] = c.Message
	}
	return strings.Join(msgs, " ")
}

// The messages, also keys of Translations.
const (
	msgAGB       = "De AGB-code bestaat uit 8 cijfers, bijvoorbeeld 41001234."
	msgUZOVI     = "De UZOVI-code bestaat uit 4 cijfers, bijvoorbeeld 5510."
	msgKvK       = "Het KvK-nummer bestaat uit 8 cijfers, bijvoorbeeld 12345678."
	msgUZOVIKind = "Alleen een zorgkantoor heeft een UZOVI-code. Laat dit veld leeg of kies als soort zorgkantoor."
	labelAGB     = "AGB-code"
	labelUZOVI   = "UZOVI-code"
	labelKvK     = "KvK-nummer"
)

// Translations are the English texts of this package's Dutch messages and
// labels, for the web catalogue.
func Translations() map[string]string {
	return map[string]string{
		msgAGB:       "The AGB code is 8 digits, for example 41001234.",
		msgUZOVI:     "The UZOVI code is 4 digits, for example 5510.",
		msgKvK:       "The KvK (Chamber of Commerce) number is 8 digits, for example 12345678.",
		msgUZOVIKind: "Only a care office has a UZOVI code. Leave this field empty or choose care office as the kind.",
		labelAGB:     "AGB code",
		labelUZOVI:   "UZOVI code",
		labelKvK:     "KvK number",
	}
}

// digitsOnly removes what people type between digits (spaces, dots,
// hyphens) so "4100 1234" and "41.00.12.34" are the same code; anything
// else is kept, so a letter still fails the check.
func digitsOnly(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '.', '-', '\t', '\u00a0':
			return -1
		}
		return r
	}, strings.TrimSpace(s))
}

func allDigits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// ValidAGB reports whether s (normalised) has the AGB code's format: 8 digits.
func ValidAGB(s string) bool { return allDigits(digitsOnly(s), 8) }

// ValidUZOVI reports whether s (normalised) has the UZOVI code's format: 4 digits.
func ValidUZOVI(s string) bool { return allDigits(digitsOnly(s), 4) }

// ValidKvK reports whether s (normalised) has the KvK number's format: 8 digits.
func ValidKvK(s string) bool { return allDigits(digitsOnly(s), 8) }

// Normalised returns the organisation with its codes as stored: without
// the spaces, dots and hyphens people type between the digits.
func (o Organisation) Normalised() Organisation {
	o.AGB, o.UZOVI, o.KvK = digitsOnly(o.AGB), digitsOnly(o.UZOVI), digitsOnly(o.KvK)
	return o
}

// CheckCodes returns every wrong code of the organisation (nil when all
// are right or empty). A UZOVI code is only for a care office.
func (o Organisation) CheckCodes() CodeErrors {
	var errs CodeErrors
	if o.AGB != "" && !ValidAGB(o.AGB) {
		errs = append(errs, CodeError{"agb", msgAGB})
	}
	if o.UZOVI != "" && !ValidUZOVI(o.UZOVI) {
		errs = append(errs, CodeError{"uzovi", msgUZOVI})
	} else if o.UZOVI != "" && o.Kind != "" && o.Kind != "zorgkantoor" {
		errs = append(errs, CodeError{"uzovi", msgUZOVIKind})
	}
	if o.KvK != "" && !ValidKvK(o.KvK) {
		errs = append(errs, CodeError{"kvk", msgKvK})
	}
	return errs
}

// Codes is the organisation's codes as a professional reads them next to
// its name: "AGB-code 41001234 · KvK-nummer 12345678", in Dutch (the
// labels are in Translations); "" when none is known.
func (o Organisation) Codes() string {
	var parts []string
	for _, c := range [][2]string{{labelAGB, o.AGB}, {labelUZOVI, o.UZOVI}, {labelKvK, o.KvK}} {
		if c[1] != "" {
			parts = append(parts, c[0]+" "+c[1])
		}
	}
	return strings.Join(parts, " · ")
}
