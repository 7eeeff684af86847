package innovation

import (
	"strings"
	"testing"
)

// FuzzParseEuro: any text either is refused or reads as an amount in range
// whose Dutch writing reads back as the same amount.
func FuzzParseEuro(f *testing.F) {
	for _, s := range []string{"1.250,50", "€ 12,5", "450,-", "12.50", "1,250", "EUR 3,05", "", "9.999.999,99", "0,01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := parseEuro(s)
		if err != nil {
			return
		}
		if c < 0 || c > maxEuroCents {
			t.Fatalf("parseEuro(%q) = %d out of range", s, c)
		}
		back, err := parseEuro(strings.TrimPrefix(euro(c), "€ "))
		if err != nil || back != c {
			t.Fatalf("parseEuro(%q) = %d, written %q reads back %d, %v", s, c, euro(c), back, err)
		}
	})
}
