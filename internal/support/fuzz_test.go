package support

import (
	"testing"
	"unicode/utf8"
)

// FuzzParseBCForm feeds the business case settings form arbitrary values:
// it never panics, and a form it accepts has amounts in range and shares
// adding up to 100 % per driver.
func FuzzParseBCForm(f *testing.F) {
	f.Add("4500", "6000", "3500", "40", "60")
	f.Add("-1", "€ 6.000", "3,5", "", "abc")
	f.Add("99999999999999999999", "0", "0", "100", "0")
	cur := BCConfig{Drivers: []Driver{{Code: "verzuim"}}}
	f.Fuzz(func(t *testing.T, cost, without, with, society, uwv string) {
		form := map[string]string{"kosten_ondersteuner": cost, "zonder_verzuim": without, "met_verzuim": with,
			"pct_verzuim_maatschappij": society, "pct_verzuim_uwv": uwv, "pct_verzuim_zvw": "0", "pct_verzuim_wmo": "0", "pct_verzuim_wlz": "0"}
		c, err := ParseBCForm(cur, form)
		if err != nil {
			if fieldsOf(err) == nil {
				t.Fatalf("refusal without fields: %v", err)
			}
			return
		}
		d := c.Drivers[0]
		sum := 0
		for _, p := range Parties() {
			if d.Shares[p] < 0 || d.Shares[p] > 100 {
				t.Fatalf("share %d accepted", d.Shares[p])
			}
			sum += d.Shares[p]
		}
		if sum != 100 || d.CostWithout < 0 || d.CostWith < 0 || c.SupporterCost < 0 || d.CostWithout > maxAmount || c.SupporterCost > maxAmount {
			t.Fatalf("accepted %+v (sum %d)", c, sum)
		}
	})
}

// FuzzScenarioAndDay feeds the scenario sizes and the date fields
// arbitrary text: accepted sizes lie in [1, maxFamilies], accepted days are
// real days, and every refusal names its field.
func FuzzScenarioAndDay(f *testing.F) {
	f.Add("450", "900", "01-06-2026")
	f.Add("-3", "1.000.000", "2026-02-31")
	f.Add("", "0", "31/12/1999")
	f.Fuzz(func(t *testing.T, a, b, day string) {
		na, nb, err := ParseScenarioFamilies(a, b, 7, 8)
		if err == nil && (na < 1 || nb < 1 || na > maxFamilies || nb > maxFamilies) {
			t.Fatalf("accepted %d, %d from %q, %q", na, nb, a, b)
		}
		if err != nil && len(fieldsOf(err)) == 0 {
			t.Fatalf("refusal without fields: %v", err)
		}
		if d, err := parseDay(day); err == nil && (d.Year() < 1900 || d.Year() > 2199 || !utf8.ValidString(day)) {
			t.Fatalf("day %q read as %v", day, d)
		}
	})
}
