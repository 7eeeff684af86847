package auth_test

import (
	"context"
	"testing"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
)

// TestDirectoryContacts checks the card a module shows of another account
// (who proposed a place, whom to call): the right fields for each id, an
// unknown or zero id left out, and more ids than one query takes.
func TestDirectoryContacts(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, _ := newService(t, d, false)
		a, err := s.CreateUser(ctx, auth.NewUser{Username: "pieter", DisplayName: "Pieter Jansen", Role: auth.RoleZorgkantoor, Organisation: "Zorgkantoor Utrecht", Email: "pieter@example.nl", Phone: "030-2990101", Password: goodPassword})
		if err != nil {
			t.Fatal(err)
		}
		b, err := s.CreateUser(ctx, auth.NewUser{Username: "sanne", DisplayName: "Sanne de Vries", Role: auth.RoleClient, Password: goodPassword})
		if err != nil {
			t.Fatal(err)
		}
		ids := []int64{a, 0, b, a, 999999}
		for i := int64(1000); i < 1600; i++ { // more than one query's 500
			ids = append(ids, i)
		}
		dir := auth.NewDirectory(d)
		got, err := dir.Contacts(ctx, d, ids)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 {
			t.Fatalf("contacts of unknown ids returned: %+v", got)
		}
		if c := got[a]; c != (auth.Contact{Name: "Pieter Jansen", Organisation: "Zorgkantoor Utrecht", Email: "pieter@example.nl", Phone: "030 299 0101", Role: auth.RoleZorgkantoor}) {
			t.Errorf("contact of Pieter: %+v", c)
		}
		names, err := dir.Names(ctx, d, []int64{b})
		if err != nil || names[b] != "Sanne de Vries" {
			t.Errorf("names: %v %v", names, err)
		}
	})
}
