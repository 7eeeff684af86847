package innovation

import (
	"errors"
	"strconv"
	"strings"
)

// maxEuroCents caps an amount at ten million euros: a typing error beyond
// that is more likely than a care technology that costs it.
const maxEuroCents = 10_000_000_00

// errEuro is a cost that is not an amount as the Dutch write it.
var errEuro = errors.New("not a Dutch euro amount")

// parseEuro reads an amount as people type it in the Netherlands: "€ 1.250,50",
// "1250", "1.250", "12,5" or "450,-". A dot groups thousands and a comma
// starts the cents, so "12.50" (an English decimal point) is refused
// rather than read as twelve hundred and fifty. The result is in cents.
func parseEuro(s string) (int64, error) {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "€")
	s = strings.TrimPrefix(strings.ToUpper(s), "EUR")
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, ",-")
	s = strings.TrimSuffix(s, ",--")
	if s == "" || len(s) > 20 {
		return 0, errEuro
	}
	whole, frac, hasFrac := strings.Cut(s, ",")
	if hasFrac && (len(frac) == 0 || len(frac) > 2 || !digits(frac)) {
		return 0, errEuro
	}
	if strings.Contains(whole, ".") {
		groups := strings.Split(whole, ".")
		if len(groups[0]) == 0 || len(groups[0]) > 3 || !digits(groups[0]) {
			return 0, errEuro
		}
		for _, g := range groups[1:] {
			if len(g) != 3 || !digits(g) {
				return 0, errEuro
			}
		}
		whole = strings.Join(groups, "")
	} else if whole == "" || !digits(whole) {
		return 0, errEuro
	}
	if len(whole) > 12 {
		return 0, errEuro
	}
	euros, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, errEuro
	}
	cents := int64(0)
	if hasFrac {
		if len(frac) == 1 {
			frac += "0"
		}
		cents, _ = strconv.ParseInt(frac, 10, 64)
	}
	total := euros*100 + cents
	if total > maxEuroCents {
		return 0, errEuro
	}
	return total, nil
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// euro writes cents as the pages show them: "€ 1.250" or "€ 12,50".
func euro(cents int64) string {
	whole := cents / 100
	frac := cents % 100
	s := strconv.FormatInt(whole, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	out := "€ " + b.String()
	if frac != 0 {
		out += "," + strconv.FormatInt(100+frac, 10)[1:]
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }
