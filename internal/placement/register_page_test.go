package placement

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
)

// The register pages by registerPageSize: the caption tells which rows of
// how many, the links lead on and back, and only the rows shown are audited.
func TestRegisterPages(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		_, do := f.server(t)
		ctx := context.Background()
		const n = registerPageSize + 3
		for i := 0; i < n; i++ {
			var id int64
			if err := d.QueryRowContext(ctx, `INSERT INTO clients (name, name_search, region, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id`,
				"Persoon "+itoa(int64(i)), "persoon", "ZK11", t0).Scan(&id); err != nil {
				t.Fatal(err)
			}
			p := f.person(0)
			p.ClientID = id
			p.RegisteredAt = t0.AddDate(0, -2, i%28)
			f.register(t, p)
		}
		before := f.aud.count(audit.ActionSearch)
		code, body := do(f.zk, "GET", "/complexe-zorg", nil)
		if code != http.StatusOK {
			t.Fatalf("page 1: %d\n%s", code, body)
		}
		if got := f.aud.count(audit.ActionSearch) - before; got != registerPageSize {
			t.Errorf("page 1 audited %d rows, want %d", got, registerPageSize)
		}
		for _, w := range []string{"1–100 van 103", "pagina=2", "Volgende pagina"} {
			if !strings.Contains(body, w) {
				t.Errorf("page 1: missing %q", w)
			}
		}
		if strings.Contains(body, "Vorige pagina") {
			t.Error("page 1 links to a previous page")
		}
		if rows := strings.Count(body, `<th scope="row">`); rows != registerPageSize {
			t.Errorf("page 1 shows %d rows", rows)
		}
		before = f.aud.count(audit.ActionSearch)
		_, body = do(f.zk, "GET", "/complexe-zorg?pagina=2", nil)
		if got := f.aud.count(audit.ActionSearch) - before; got != 3 {
			t.Errorf("page 2 audited %d rows, want 3", got)
		}
		for _, w := range []string{"101–103 van 103", "Vorige pagina"} {
			if !strings.Contains(body, w) {
				t.Errorf("page 2: missing %q", w)
			}
		}
		if strings.Contains(body, "Volgende pagina") {
			t.Error("page 2 links to a next page")
		}
		// A phase filter counts only that phase; nobody is in "verhuisd".
		_, body = do(f.zk, "GET", "/complexe-zorg?fase=verhuisd", nil)
		if !strings.Contains(body, "Er staan geen personen in het register die bij dit filter passen.") {
			t.Error("empty phase: no empty-list message")
		}
		// A page past the end or a nonsense page number shows no error.
		for _, path := range []string{"/complexe-zorg?pagina=9", "/complexe-zorg?pagina=-1", "/complexe-zorg?pagina=x"} {
			if code, _ := do(f.zk, "GET", path, nil); code != http.StatusOK {
				t.Errorf("%s: %d", path, code)
			}
		}
	})
}

// TestRegisterStacksOnAPhone: the register's rows stack on a phone with
// each cell named, so the waiting status and the deadline are on screen at
// 375 px (they were cut off to the right of the name, region and profile).
func TestRegisterStacksOnAPhone(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		_, do := f.server(t)
		p := f.person(0)
		p.Deadline = t0.AddDate(0, 1, 0)
		f.register(t, p)
		code, body := do(f.zk, "GET", "/complexe-zorg", nil)
		if code != http.StatusOK {
			t.Fatalf("register: %d", code)
		}
		i := strings.Index(body, "<tbody>")
		j := strings.Index(body, "</tbody>")
		if !strings.Contains(body, `<table class="table--stack">`) || i < 0 || j < i {
			t.Fatal("the register table does not stack on a phone")
		}
		rows := body[i:j]
		if cells, named := strings.Count(rows, "<td"), strings.Count(rows, "<td data-label="); cells == 0 || cells != named {
			t.Errorf("%d cells, %d named", cells, named)
		}
		for _, label := range []string{`data-label="Wachtstatus"`, `data-label="Uiterste datum"`} {
			if !strings.Contains(rows, label) {
				t.Errorf("missing %s", label)
			}
		}
	})
}

// TestProviderPlacesStackOnAPhone: the provider's places stack on a phone
// with each figure named; at 375 px capacity, occupancy, readiness and the
// link to update a place were off screen to the right.
func TestProviderPlacesStackOnAPhone(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		_, do := f.server(t)
		f.place(t, f.orgA, f.locA, 2, nil)
		code, body := do(f.prov, "GET", "/complexe-zorg/aanbieder", nil)
		if code != http.StatusOK {
			t.Fatalf("provider page: %d", code)
		}
		if !strings.Contains(body, `<table class="table--stack"><caption class="visually-hidden">Uw plekken</caption>`) {
			t.Error("the places table does not stack on a phone")
		}
		for _, label := range []string{"Capaciteit", "Bezet", "Gereserveerd", "Gereed"} {
			if !strings.Contains(body, `data-label="`+label+`"`) {
				t.Errorf("cell %s not named", label)
			}
		}
	})
}
