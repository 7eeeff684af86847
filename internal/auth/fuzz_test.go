package auth_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
)

// FuzzLoginInput feeds the login outside input (user name, password,
// address as a proxy reports it, device cookie): it never panics, answers
// only "wrong" or "locked", and never stores more than a bounded throttle
// key, whatever the input's size or bytes.
func FuzzLoginInput(f *testing.F) {
	for _, s := range [][4]string{
		{"owner", goodPassword, "192.0.2.1", ""},
		{"OWNER ", "x", "2001:db8::1", "vwd_abc"},
		{strings.Repeat("a", 5000), "", strings.Repeat("1", 300), "vwd_" + strings.Repeat("z", 200)},
		{"\x00\xff", strings.Repeat("p", 2000), "", "__Host-"},
	} {
		f.Add(s[0], s[1], s[2], s[3])
	}
	d := dbtest.SQLite(f, sets()...)
	s, _ := newService(f, d, false)
	ctx := context.Background()
	if _, err := s.CreateUser(ctx, auth.NewUser{Username: "owner", Role: auth.RoleClient, Password: goodPassword}); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, user, pw, ip, device string) {
		if user == "owner" && pw == goodPassword {
			return
		}
		_, err := s.Login(ctx, user, pw, ip, device)
		var locked *auth.LockedError
		if !errors.Is(err, auth.ErrBadCredentials) && !errors.As(err, &locked) {
			t.Fatalf("Login(%q, %d bytes, %q): %v", user, len(pw), ip, err)
		}
		var longest int
		if err := d.QueryRowContext(ctx, `SELECT COALESCE(MAX(LENGTH(key)), 0) FROM login_throttle`).Scan(&longest); err != nil {
			t.Fatal(err)
		}
		if longest > 200 {
			t.Fatalf("a throttle key of %d bytes was stored", longest)
		}
	})
}
