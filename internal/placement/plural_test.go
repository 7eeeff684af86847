package placement

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
	"github.com/volwaardig/volwaardig/internal/web"
)

// TestAgendaDaysPlural: a deadline passed a day ago read "De uiterste
// datum is 1 dagen verstreken" (issue 11: Dutch plurals right).
func TestAgendaDaysPlural(t *testing.T) {
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		ago  time.Duration
		want string
	}{{30 * time.Hour, "De uiterste datum is 1 dag verstreken."}, {3 * 24 * time.Hour, "De uiterste datum is 3 dagen verstreken."}, {2 * time.Hour, "De uiterste datum is minder dan een dag verstreken."}} {
		p := Person{CaseID: 1, Region: "ZK11", Phase: Bemiddeling, Deadline: now.Add(-c.ago), PhaseSince: now.Add(-c.ago)}
		items := BuildAgenda([]Person{p}, nil, nil, now.Add(-AgendaLookback), now, Consequences{})
		if len(items) != 1 || items[0].Detail != c.want {
			t.Errorf("deadline %s ago: %+v, want %q", c.ago, items, c.want)
		}
	}
	if got := daysText(1) + "|" + daysText(61); !strings.Contains(got, "1 dag|61 dagen") {
		t.Errorf("daysText: %q", got)
	}
}

// TestImportOneBadLineSingular: a list with one faulty line was refused as
// "1 regels hebben fouten"; it is "1 regel heeft fouten" now, and two
// lines stay plural.
func TestImportOneBadLineSingular(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		for _, c := range []struct {
			csv, want string
		}{
			{"client_id;regio;zorgprofiel;wachtstatus;aangemeld\n99999;ZK11;VG7;actief;01-02-2026\n", "1 regel heeft fouten"},
			{"client_id;regio;zorgprofiel;wachtstatus;aangemeld\n99999;ZK11;VG7;actief;01-02-2026\n99998;ZK11;VG7;actief;01-02-2026\n", "2 regels hebben fouten"},
		} {
			rows, err := ParseImportCSV([]byte(c.csv))
			if err != nil {
				t.Fatal(err)
			}
			_, err = f.s.ImportRows(ctx, f.zk, rows)
			var we *web.Error
			if !errors.As(err, &we) || !strings.Contains(we.Message+fmt.Sprint(we.Fields), c.want) {
				t.Errorf("import refusal: %v, want %q", err, c.want)
			}
		}
	})
}
