package clients

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/testkit"
)

// FuzzClientForm posts any form body to the client register's form decoder
// and its validation, as the create and edit pages do (issue 18: every
// form decoder has a fuzz test). It never panics, and a form it accepts
// gives a record the register can store: a name of valid text within its
// limit, a region code, a birth date not in the future, a BSN only when it
// passes the eleven-test and the role may record one, and a care relation
// that puts the record in the creator's scope.
func FuzzClientForm(f *testing.F) {
	for _, s := range []string{
		"naam=Sanne+de+Vries&geboortedatum=01-02-1990&bsn=999990019&regio=ZK11&zorgrelatie=location:1",
		"naam=%00&regio=zk-utr&bsn=123&email=a@b",
		"naam=+&geboortedatum=31-02-2026&regio=Z&telefoon=%E2%80%AE",
		"naam=A&naam=B&regio=ZK11&zorgrelatie=organisation:2&email=naam%40voorbeeld.nl",
		"naam=%FF%FE&adres=straat%0A1&zorgrelatie=team:x",
	} {
		f.Add(s, 0)
		f.Add(s, 1)
	}
	roles := []*auth.Principal{
		{UserID: 1, Role: auth.RoleZorgverlener, Scope: auth.Scope{Organisations: []int64{2}, Locations: []int64{1, 3}}},
		{UserID: 2, Role: auth.RoleAanbieder, Scope: auth.Scope{Organisations: []int64{2}}},
		{UserID: 3, Role: auth.RoleZorgkantoor, Scope: auth.Scope{Regions: []string{"ZK11"}}},
	}
	today := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, body string, who int) {
		p := roles[(who%len(roles)+len(roles))%len(roles)]
		r := httptest.NewRequest(http.MethodPost, "/clienten/nieuw", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if err := r.ParseForm(); err != nil {
			return // the handler answers 400 here
		}
		in, form := inputFromForm(r)
		if form["naam"] != in.Name || form["bsn"] != in.BSN {
			t.Fatalf("the form shown again differs from what was read: %q %q", form["naam"], in.Name)
		}
		nc, care, errs := in.validate(p, today, true)
		for _, e := range errs {
			if e.Field == "" || e.Message == "" {
				t.Fatalf("a field error without field or message: %+v", e)
			}
		}
		if len(errs) > 0 {
			return
		}
		if nc.Name == "" || !utf8.ValidString(nc.Name) || utf8.RuneCountInString(nc.Name) > maxName {
			t.Fatalf("accepted name %q", nc.Name)
		}
		if !validRegion(nc.Region) {
			t.Fatalf("accepted region %q", nc.Region)
		}
		if nc.BirthDate.After(today) {
			t.Fatalf("accepted a birth date in the future: %s", nc.BirthDate)
		}
		if nc.BSN != "" && (!nc.BSN.Valid() || !mayEnterBSN(p.Role)) {
			t.Fatalf("accepted BSN %s for role %s", nc.BSN.GoString(), p.Role)
		}
		// The creator must see what they created: the care relation is
		// one of their own locations or organisations, never one typed in.
		switch {
		case p.Role == auth.RoleZorgverlener && (care == nil || care.Kind != CareLocation || !slices.Contains(p.Scope.Locations, care.RefID)),
			p.Role == auth.RoleAanbieder && (care == nil || care.Kind != CareOrganisation || !slices.Contains(p.Scope.Organisations, care.RefID)):
			t.Fatalf("care relation %+v outside the scope of %s", care, p.Role)
		}
	})
}

// FuzzDecodeReasonForm feeds the emergency access form arbitrary reasons:
// no panic, deterministic, an error only at "reden" in Dutch and English,
// and an accepted reason is the trimmed text, valid UTF-8 of 10 to 500
// characters.
func FuzzDecodeReasonForm(f *testing.F) {
	f.Add("Cliënt acuut opgenomen, dossier nodig voor medicatie.")
	f.Add("kort")
	f.Add("          0123456789          ")
	f.Add(strings.Repeat("é", 501))
	f.Add("0123456789\xff")
	f.Add("")
	f.Fuzz(func(t *testing.T, reason string) {
		form := url.Values{"reden": {reason}}
		got, errs := decodeReasonForm(form)
		got2, errs2 := decodeReasonForm(form)
		if got != got2 || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		for _, e := range errs {
			if e.Field != "reden" || e.Message == "" || e.English == "" {
				t.Fatalf("error %+v names no field of the form", e)
			}
		}
		if len(errs) > 0 {
			if got != "" {
				t.Fatalf("refused reason read as %q", got)
			}
			return
		}
		if n := utf8.RuneCountInString(got); got != strings.TrimSpace(reason) || n < minReason || n > 500 || !utf8.ValidString(got) {
			t.Fatalf("accepted %q", got)
		}
	})
}

// FuzzDecodeRepForm feeds the representative form arbitrary values: no
// panic, deterministic, every error at one of its fields in Dutch and
// English, and an accepted form has a known relation, a name within 200
// characters and an end date after the start (or after now).
func FuzzDecodeRepForm(f *testing.F) {
	f.Add("jan", "Jan de Vries", "naaste", "1", "01-01-2026", "")
	f.Add("", "", "curator", "", "", "01-01-2027")
	f.Add("x", strings.Repeat("n", 201), "buurman", "ja", "31-02-2026", "1-1-2020")
	f.Add("x", "", "mentor", "0", "01-06-2027", "01-06-2027")
	now := time.Date(2026, 12, 7, 21, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, user, name, relation, act, from, until string) {
		form := url.Values{"gebruikersnaam": {user}, "naam": {name}, "relatie": {relation}, "mag_handelen": {act}, "ingangsdatum": {from}, "einddatum": {until}}
		in, errs := decodeRepForm(form, now)
		in2, errs2 := decodeRepForm(form, now)
		if in != in2 || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		for _, e := range errs {
			if !slices.Contains([]string{"relatie", "naam", "ingangsdatum", "einddatum"}, e.Field) || e.Message == "" || e.English == "" {
				t.Fatalf("error %+v names no field of the form", e)
			}
		}
		if in.Username != strings.TrimSpace(user) || in.MayAct != (strings.TrimSpace(act) == "1") {
			t.Fatalf("form read as %+v", in)
		}
		if len(errs) > 0 {
			return
		}
		start := in.ValidFrom
		if start.IsZero() {
			start = now
		}
		if !in.Relation.Valid() || utf8.RuneCountInString(in.Name) > 200 || !in.ValidUntil.IsZero() && !in.ValidUntil.After(start) {
			t.Fatalf("accepted %+v", in)
		}
	})
}

// FuzzDecodeConsentForm feeds the consent form arbitrary values: no panic,
// deterministic, every error at one of its fields in Dutch and English,
// in the order of the page, and an accepted form has a known subject and
// basis, a recipient of a known kind (an organisation by a positive
// number, with a name), a note and name within their limits, and an end
// date after the start (or after now).
func FuzzDecodeConsentForm(f *testing.F) {
	f.Add("slaapgegevens", "user", "naaste", "", "toestemming_vertegenwoordiger", "901", "", "", "01-01-2027")
	f.Add("plan", "", "", "", "toestemming_client", "", "Besproken in het zorgoverleg.", "01-12-2026", "")
	f.Add("dossier", "organisation", "12", "Zorggroep Noord", "wzd_besluit", "", "", "", "")
	f.Add("", "organisation", "-3", "", "", "x", strings.Repeat("é", 501), "31-02-2026", "32-01-2027")
	f.Add("crisis", "team", "1", strings.Repeat("n", 201), "toestemming_client", "", "", "01-06-2027", "01-06-2027")
	f.Add("plaatsing", "organisation", "9223372036854775808", "\xff", "toestemming_vertegenwoordiger", "9223372036854775807", "\x00", "2027-01-01", "1-1-2020")
	now := time.Date(2026, 12, 7, 21, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, subject, kind, recipient, label, basis, givenBy, note, from, until string) {
		form := url.Values{"onderwerp": {subject}, "ontvanger_soort": {kind}, "ontvanger": {recipient}, "ontvanger_naam": {label},
			"grondslag": {basis}, "gegeven_door": {givenBy}, "toelichting": {note}, "ingangsdatum": {from}, "einddatum": {until}}
		in, errs := decodeConsentForm(form, now)
		in2, errs2 := decodeConsentForm(form, now)
		if !reflect.DeepEqual(in, in2) || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		fields := consentFields()
		testkit.BilingualErrorsAtFields(t, errs, fields...)
		for i, e := range errs {
			if i > 0 && slices.Index(fields, e.Field) < slices.Index(fields, errs[i-1].Field) {
				t.Fatalf("errors out of the page's order: %+v", errs)
			}
		}
		c := in.Consent
		wantUser := ""
		if c.RecipientKind == RecipientUser {
			wantUser = strings.TrimSpace(recipient)
		}
		if c.ClientID != 0 || c.RecordedBy != 0 || in.Username != wantUser {
			t.Fatalf("form read as %+v", in)
		}
		if c.Basis != BasisRepresentative && c.GivenBy != 0 {
			t.Fatalf("a giver read for basis %q: %d", c.Basis, c.GivenBy)
		}
		if len(errs) > 0 {
			return
		}
		if !c.Subject.Valid() || !c.Basis.Valid() || c.Note != strings.TrimSpace(note) || utf8.RuneCountInString(c.Note) > 500 || utf8.RuneCountInString(c.RecipientLabel) > 200 {
			t.Fatalf("accepted %+v", c)
		}
		switch c.RecipientKind {
		case RecipientNone:
			if c.RecipientID != 0 {
				t.Fatalf("accepted a recipient without a kind: %+v", c)
			}
		case RecipientUser:
			if c.RecipientID != 0 {
				t.Fatalf("accepted account recipient %+v before the lookup", c)
			}
		case RecipientOrganisation:
			if c.RecipientID <= 0 || c.RecipientLabel == "" {
				t.Fatalf("accepted organisation recipient %+v", c)
			}
		default:
			t.Fatalf("accepted recipient kind %q", c.RecipientKind)
		}
		start := c.ValidFrom
		if start.IsZero() {
			start = now
		}
		if !c.ValidUntil.IsZero() && !c.ValidUntil.After(start) {
			t.Fatalf("accepted an end %s not after %s", c.ValidUntil, start)
		}
	})
}
