package auth_test

import (
	"context"
	"errors"
	"testing"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
)

// Dutch phone numbers as people write them are read and written in one
// form; numbers abroad, too short or too long, or with letters are not.
func TestNormalizePhone(t *testing.T) {
	for in, want := range map[string]string{
		"":                  "",
		"030-2345601":       "030 234 5601",
		"030 234 56 01":     "030 234 5601",
		"(030) 234 5601":    "030 234 5601",
		"+31 30 234 5601":   "030 234 5601",
		"+31 (0)30 2345601": "030 234 5601",
		"0031302345601":     "030 234 5601",
		"06-12345678":       "06 1234 5678",
		"+31612345678":      "06 1234 5678",
		"0341-123456":       "0341 123 456",
		"0800-1234":         "0800 1234",
		"0900 123 4567":     "0900 1234567",
		"088 123 4567":      "088 123 4567",
	} {
		got, ok := auth.NormalizePhone(in)
		if !ok || got != want {
			t.Errorf("auth.NormalizePhone(%q) = %q %v, want %q", in, got, ok, want)
		}
	}
	for _, bad := range []string{"12345", "030-23456", "030-234560123", "+32 2 123 45 67", "0044 20 7946 0000", "06-1234abcd", "0030 2345601", "tel:0302345601", "0800-123"} {
		if got, ok := auth.NormalizePhone(bad); ok {
			t.Errorf("auth.NormalizePhone(%q) accepted as %q", bad, got)
		}
	}
}

// A call-back may be abroad: NormalizeAnyPhone takes a number with
// another country code, written with + or 00, and stores it in one form;
// a Dutch number as NormalizePhone writes it. The tel: link dials it.
func TestNormalizeAnyPhone(t *testing.T) {
	for in, want := range map[string]string{
		"":                  "",
		"06-12345678":       "06 1234 5678",
		"+31 (0)6 12345678": "06 1234 5678",
		"+32 2 123 45 67":   "+3221234567",
		"0032-2-1234567":    "+3221234567",
		"+49 (0)30 1234567": "+49301234567",
		"0044 20 7946 0000": "+442079460000",
	} {
		got, ok := auth.NormalizeAnyPhone(in)
		if !ok || got != want {
			t.Errorf("auth.NormalizeAnyPhone(%q) = %q %v, want %q", in, got, ok, want)
		}
	}
	for _, bad := range []string{"12345", "+32 12", "+1 234 567 890 123 456 78", "0000 1234567", "030-23456", "+32 2 abc", "--"} {
		if got, ok := auth.NormalizeAnyPhone(bad); ok {
			t.Errorf("auth.NormalizeAnyPhone(%q) accepted as %q", bad, got)
		}
	}
	if got := auth.TelURI("+3221234567"); got != "tel:+3221234567" {
		t.Errorf("tel: link of a Belgian number: %q", got)
	}
}

// A tel: link dials from anywhere: +31 without the leading 0; a service
// number as it is.
func TestTelURI(t *testing.T) {
	for in, want := range map[string]string{"030 234 5601": "tel:+31302345601", "06 1234 5678": "tel:+31612345678", "0800 1234": "tel:08001234", "": ""} {
		if got := auth.TelURI(in); got != want {
			t.Errorf("auth.TelURI(%q) = %q, want %q", in, got, want)
		}
	}
}

// Every wrong field is named at once.
func TestCheckContactAllErrors(t *testing.T) {
	_, _, err := auth.CheckContact("030-23", "p.jansen@")
	var ce *auth.ContactError
	if !errors.As(err, &ce) || ce.Fields["phone"] == "" || ce.Fields["email"] == "" {
		t.Fatalf("both fields should be named: %v", err)
	}
	for _, bad := range []string{"jansen", "Pieter <p@zk.nl>", "p@zk", "p@.nl", "p @zk.nl", "p@zk.nl,q@zk.nl"} {
		if _, _, err := auth.CheckContact("", bad); err == nil {
			t.Errorf("e-mail %q accepted", bad)
		}
	}
	p, e, err := auth.CheckContact(" 06-12345678 ", " p.jansen@zorgkantoor.example ")
	if err != nil || p != "06 1234 5678" || e != "p.jansen@zorgkantoor.example" {
		t.Errorf("good contact: %q %q %v", p, e, err)
	}
}

// The holder's contact details are stored, shown to colleagues through
// the directory, and their change audited without the values.
func TestSetContact(t *testing.T) {
	dbtest.Each(t, []db.Migrations{auth.Migrations()}, func(t *testing.T, d *db.DB) {
		s, _ := newService(t, d, false)
		var events []auth.AccountEvent
		s.Audit = func(_ context.Context, ev auth.AccountEvent) { events = append(events, ev) }
		ctx := context.Background()
		id, err := s.CreateUser(ctx, auth.NewUser{Username: "pj", DisplayName: "Pieter Jansen", Role: auth.RoleZorgkantoor, Password: "lang genoeg wachtwoord 42", Phone: "030-2990101"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateUser(ctx, auth.NewUser{Username: "x", DisplayName: "X", Role: auth.RoleZorgkantoor, Password: "lang genoeg wachtwoord 42", Phone: "12"}); err == nil {
			t.Error("a wrong phone number at creation was accepted")
		}
		if err := s.SetContact(ctx, id, "0612", "nee"); err == nil {
			t.Fatal("wrong contact stored")
		}
		if err := s.SetContact(ctx, id, "+31 6 1234 5678", "p.jansen@zk.example"); err != nil {
			t.Fatal(err)
		}
		cs, err := auth.NewDirectory(d).Contacts(ctx, d, []int64{id})
		if err != nil {
			t.Fatal(err)
		}
		if c := cs[id]; c.Phone != "06 1234 5678" || c.Email != "p.jansen@zk.example" || c.Role != auth.RoleZorgkantoor || c.TelURI() != "tel:+31612345678" || c.MailURI() != "mailto:p.jansen@zk.example" {
			t.Errorf("contact %+v", c)
		}
		var changes []string
		for _, ev := range events {
			changes = append(changes, ev.Change)
		}
		// A refused change writes nothing and is not an account change (as
		// with a wrong role); the stored one is recorded, without values:
		// AccountEvent has no field that could carry them.
		if len(events) != 2 || events[0].Change != "account.create" || events[1].Change != "account.contact" || !events[1].OK || events[1].UserID != id {
			t.Errorf("audited changes %v", changes)
		}
	})
}
