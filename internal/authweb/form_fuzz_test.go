package authweb

import (
	"net/url"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/testkit"
)

// FuzzDecodeNewUser feeds the new account form arbitrary values: decoding
// never panics and is deterministic, every error names a field of the
// form, the form shown again never holds the password, and an accepted
// account has a known role, a password the policy passes, contact details
// CreateUser stores and no empty region.
func FuzzDecodeNewUser(f *testing.F) {
	f.Add("j.dewit", "Jan de Wit", string(auth.RoleZorgkantoor), "Zorgkantoor", "ZK11, ZK31", "030 234 5601", "jan@zk.nl", "paard-nietje-batterij-42")
	f.Add("", "", "", "", "", "", "", "")
	f.Add("A B", "x", "koning", "", ",,", "12", "geen mail", "welkom")
	f.Add(" owner ", "", string(auth.RoleClient), "", " , ZK01 ,", "06 1234 5678", "", "owner")
	problems := (&auth.Service{Password: auth.NewPasswordPolicy()}).NewUserProblems
	f.Fuzz(func(t *testing.T, username, name, role, organisation, regions, phone, email, password string) {
		form := url.Values{"username": {username}, "display_name": {name}, "role": {role}, "organisation": {organisation}, "regions": {regions},
			"phone": {phone}, "email": {email}, "password": {password}}
		nu, shown, errs := decodeNewUser(form, problems)
		nu2, shown2, errs2 := decodeNewUser(form, problems)
		if !reflect.DeepEqual(nu, nu2) || !reflect.DeepEqual(shown, shown2) || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		testkit.ErrorsAtFields(t, errs, "username", "role", "phone", "email", "password")
		if _, ok := shown["password"]; ok {
			t.Fatal("the form shown again holds the password")
		}
		for _, r := range nu.Scope.Regions {
			if r == "" || r != strings.TrimSpace(r) || strings.Contains(r, ",") {
				t.Fatalf("region %q read from %q", r, regions)
			}
		}
		if len(errs) > 0 {
			return
		}
		if _, err := auth.ParseRole(string(nu.Role)); err != nil {
			t.Fatalf("role %q accepted", nu.Role)
		}
		if err := auth.NewPasswordPolicy().Check(strings.ToLower(nu.Username), nu.Password); err != nil {
			t.Fatalf("password refused by the policy accepted: %v", err)
		}
		if _, _, err := auth.CheckContact(nu.Phone, nu.Email); err != nil {
			t.Fatalf("contact %q %q accepted: %v", nu.Phone, nu.Email, err)
		}
	})
}

// FuzzDecodeContactForm feeds the work contact form arbitrary values:
// decoding never panics and is deterministic, every error names the phone
// or e-mail field, and what it accepts normalises to a phone number that
// reads back the same and a trimmed e-mail address.
func FuzzDecodeContactForm(f *testing.F) {
	f.Add("030 234 5601", "naam@organisatie.nl")
	f.Add("", "")
	f.Add("+31 6 12345678", " a@b.nl ")
	f.Add("12", "Jan <jan@x.nl>")
	f.Add("\x00", "a@.nl")
	f.Fuzz(func(t *testing.T, phone, email string) {
		form := url.Values{"phone": {phone}, "email": {email}}
		shown, errs := decodeContactForm(form)
		shown2, errs2 := decodeContactForm(form)
		if !reflect.DeepEqual(shown, shown2) || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		testkit.ErrorsAtFields(t, errs, "phone", "email")
		if shown["phone"] != phone || shown["email"] != email {
			t.Fatalf("form shown again as %v", shown)
		}
		if len(errs) > 0 {
			return
		}
		p, e, err := auth.CheckContact(phone, email)
		if err != nil {
			t.Fatalf("accepted %q %q refused on storing: %v", phone, email, err)
		}
		if p2, e2, err := auth.CheckContact(p, e); err != nil || p2 != p || e2 != e {
			t.Fatalf("stored contact %q %q does not read back: %q %q %v", p, e, p2, e2, err)
		}
	})
}

// FuzzDecodePasswordForm feeds the password change form arbitrary values:
// decoding never panics and is deterministic, a refusal names the new
// password's field with a sentence, the current password is read as typed,
// and an accepted new password has 12 to 128 characters, at least 4
// different ones, and does not contain the user name.
func FuzzDecodePasswordForm(f *testing.F) {
	policy := auth.NewPasswordPolicy()
	f.Add("anna", "oud wachtwoord", "paard batterij nietje correct")
	f.Add("anna", "", "")
	f.Add("anna", "x", "welkom123456")
	f.Add("anna", "x", "mijn naam is Anna en meer")
	f.Add("", "x", "aaaaaaaaaaaaaaaaaaaaaaaab")
	f.Add("bert", "x", strings.Repeat("ab cd ", 30))
	f.Add("bert", "\xff", "\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8\xf7\xf6\xf5\xf4")
	f.Fuzz(func(t *testing.T, username, current, next string) {
		form := url.Values{"current": {current}, "new": {next}}
		in, errs := decodePasswordForm(form, username, policy)
		in2, errs2 := decodePasswordForm(form, username, policy)
		if in != in2 || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		if in.Current != current || in.New != next {
			t.Fatalf("form read as %+v", in)
		}
		testkit.ErrorsAtFields(t, errs, "new")
		if len(errs) > 0 {
			if len(errs) != 1 || !strings.HasSuffix(errs[0].Message, ".") || strings.HasPrefix(errs[0].Message, auth.ErrPasswordPolicy.Error()) {
				t.Fatalf("refusal %+v", errs)
			}
			return
		}
		n := utf8.RuneCountInString(in.New)
		distinct := map[rune]bool{}
		for _, r := range in.New {
			distinct[r] = true
		}
		if n < 12 || n > 128 || len(distinct) < 4 || (username != "" && strings.Contains(strings.ToLower(in.New), strings.ToLower(username))) {
			t.Fatalf("accepted %q for %q", in.New, username)
		}
	})
}

// FuzzDecodeCodeForm feeds the second-factor forms' code arbitrary text:
// decoding never panics, is deterministic and gives the code without
// surrounding spaces, which auth then checks with the attempt counted.
func FuzzDecodeCodeForm(f *testing.F) {
	f.Add("123456")
	f.Add(" 123 456 ")
	f.Add("")
	f.Add("\u00a0123456\t")
	f.Add("\xff")
	f.Fuzz(func(t *testing.T, code string) {
		form := url.Values{"code": {code}}
		got := decodeCodeForm(form)
		if got != decodeCodeForm(form) {
			t.Fatal("decoding is not deterministic")
		}
		if got != strings.TrimSpace(code) || strings.TrimSpace(got) != got {
			t.Fatalf("code %q read as %q", code, got)
		}
	})
}
