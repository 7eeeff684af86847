package crisis

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/volwaardig/volwaardig/internal/clients"
)

// FuzzParseIntakeForm feeds arbitrary form bodies to the intake parser: it
// must never panic, and whatever it accepts must satisfy the rules the
// store relies on.
func FuzzParseIntakeForm(f *testing.F) {
	for _, seed := range []string{
		"naam=Kees&regio=ZK11&waar=Thuis&wat=Crisis&urgentie=acuut",
		"client=12&regio=zk11&waar=x&wat=y&urgentie=hoog&geboortedatum=31-12-1990",
		"client=-3&regio=ZK1&urgentie=zeer",
		"naam=Kees&bsn=111222333&regio=ZK11&waar=Thuis&wat=Crisis&urgentie=acuut",
		"naam=Kees&bsn=111222334&client=5&regio=ZK11&waar=Thuis&wat=Crisis&urgentie=acuut",
		"naam=%00&regio=ZK11&waar=%C3%28&wat=y&urgentie=normaal&telefoon=abc",
		"geboortedatum=1990-02-30&client=99999999999999999999",
		"",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		vals, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		in, errs := ParseIntakeForm(vals)
		if len(errs) > 0 {
			for _, e := range errs {
				if e.Field == "" || e.Message == "" {
					t.Fatalf("field error without field or message: %+v", e)
				}
			}
			return
		}
		if in.ClientID <= 0 && in.ClientName == "" {
			t.Fatal("accepted an intake without a client")
		}
		// A chosen client may leave the region out: the register's is used.
		if !regionPattern.MatchString(in.Region) && !(in.Region == "" && in.ClientID > 0) || !in.Urgency.Valid() || in.Where == "" || in.WhatHappened == "" {
			t.Fatalf("accepted an incomplete intake: %+v", in)
		}
		for _, s := range []string{in.ClientName, in.Where, in.WhatHappened, in.Risks, in.Tried, in.Dossierhouder} {
			if !utf8.ValidString(s) || hasControl(s) || utf8.RuneCountInString(s) > maxLong {
				t.Fatalf("accepted bad text %q", s)
			}
		}
		if in.BirthDateText != "" && in.BirthDate.IsZero() {
			t.Fatal("accepted a birth date it did not parse")
		}
		if in.BSN != "" {
			if _, err := clients.ParseBSN(string(in.BSN)); err != nil || in.ClientID != 0 {
				t.Fatalf("accepted BSN %q (client %d)", in.BSN, in.ClientID)
			}
		}
	})
}

// FuzzTelURI feeds arbitrary phone texts (typed by reporters and
// providers) to the tel: link maker: the link is empty or "tel:" with an
// optional leading plus and 3 to 15 digits, nothing a browser could run.
func FuzzTelURI(f *testing.F) {
	for _, seed := range []string{"030 123 45 67", "+31 (0)30-1234567", "06-12345678", "javascript:alert(1)", "+", "++31", "12", "", "０６１２３４５６７８"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, phone string) {
		u := string(telURI(phone))
		if u == "" {
			return
		}
		rest, ok := strings.CutPrefix(u, "tel:")
		rest = strings.TrimPrefix(rest, "+")
		if !ok || len(rest) < 3 || len(rest) > 15 {
			t.Fatalf("telURI(%q) = %q", phone, u)
		}
		for _, r := range rest {
			if r < '0' || r > '9' {
				t.Fatalf("telURI(%q) = %q holds %q", phone, u, r)
			}
		}
	})
}
