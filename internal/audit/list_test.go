package audit

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/db"
)

// listPage records a page view showing clients 201..200+n (object "case-N"),
// the way the register pages call RecordMany.
func listPage(t *testing.T, tl *testLog, n int) {
	t.Helper()
	evs := make([]Event, n)
	for i := range evs {
		evs[i] = Event{Action: ActionSearch, ClientID: int64(201 + i), Object: "placement_case", ObjectID: fmt.Sprintf("case-%d", i+1), Purpose: PurposeCare}
	}
	if err := tl.RecordMany(context.Background(), professional(), evs); err != nil {
		t.Fatal(err)
	}
}

// TestListEntryRecordsEveryPerson: a page view of several people is one
// chained entry with each person as a subject, every person finds it on
// their own page with the object of theirs that was shown, and the
// chain verifies.
func TestListEntryRecordsEveryPerson(t *testing.T) {
	eachDB(t, func(t *testing.T, d *db.DB) {
		tl := newTestLog(t, d, nil)
		ctx := context.Background()
		listPage(t, tl, 30)
		// An emergency event in the same call stays an entry of its own.
		evs := []Event{
			{Action: ActionRead, ClientID: 300, Object: "dossier", ObjectID: "a", Purpose: PurposeCare},
			{Action: ActionRead, ClientID: 301, Object: "dossier", ObjectID: "b", Purpose: PurposeCare},
			{Action: ActionRead, ClientID: 302, Object: "plan", ObjectID: "c", Purpose: PurposeCare},
			{Action: ActionEmergencyAccess, ClientID: 303, Object: "dossier", ObjectID: "d", Purpose: PurposeEmergency, Emergency: true, Reason: "onwel"},
		}
		if err := tl.RecordMany(ctx, professional(), evs); err != nil {
			t.Fatal(err)
		}
		if err := tl.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		es := loadChain(t, d, tl.ChainID())
		var shape []string
		for _, e := range es {
			shape = append(shape, fmt.Sprintf("%s/%d/%d", e.Object, e.ClientID, len(e.Subjects)))
		}
		want := "placement_case/0/30 dossier/0/2 plan/302/0 dossier/303/0"
		if got := strings.Join(shape, " "); got != want {
			t.Fatalf("entries %q, want %q", got, want)
		}
		for i, s := range es[0].Subjects {
			if s.ClientID != int64(201+i) || s.ObjectID != fmt.Sprintf("case-%d", i+1) {
				t.Fatalf("subject %d = %+v (order or content lost)", i, s)
			}
		}
		for _, c := range []struct {
			client int64
			object string
		}{{201, "case-1"}, {230, "case-30"}, {301, "b"}, {302, "c"}} {
			got, err := ClientAccesses(ctx, d, ClientQuery{ClientID: c.client})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 || got[0].ObjectID != c.object || got[0].DisplayName != "Anna de Vries" {
				t.Fatalf("client %d sees %+v, want one access to %s by Anna de Vries", c.client, got, c.object)
			}
		}
		var perPerson int
		if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_accesses WHERE user_id = 7`).Scan(&perPerson); err != nil {
			t.Fatal(err)
		}
		if perPerson != 34 {
			t.Fatalf("audit_accesses has %d rows for 34 people shown", perPerson)
		}
		if rep := tl.verify(t); !rep.OK() {
			t.Fatalf("log with list entries reported:\n%s", reportText(rep))
		}
	})
}

// TestListEntryTamperingFound: a person removed from, changed in or added
// to a list entry is found by verification, and the triggers refuse it
// without tampering.
func TestListEntryTamperingFound(t *testing.T) {
	cases := []struct {
		name, stmt, want string
	}{
		{"person removed", `DELETE FROM audit_subjects WHERE position = 3`, "a person removed or added"},
		{"person changed", `UPDATE audit_subjects SET client_id = 999 WHERE position = 3`, "a field was changed"},
		{"object changed", `UPDATE audit_subjects SET object_id = 'x' WHERE position = 0`, "a field was changed"},
		{"person added", `INSERT INTO audit_subjects (entry_id, position, client_id, occurred_at, object_id)
			SELECT entry_id, 99, 777, occurred_at, 'y' FROM audit_subjects WHERE position = 0`, "a person removed or added"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			eachDB(t, func(t *testing.T, d *db.DB) {
				tl := newTestLog(t, d, nil)
				listPage(t, tl, 10)
				if err := tl.Sync(context.Background()); err != nil {
					t.Fatal(err)
				}
				if !strings.HasPrefix(c.stmt, "INSERT") {
					if _, err := d.ExecContext(context.Background(), c.stmt); err == nil || !strings.Contains(err.Error(), "append-only") {
						t.Fatalf("%s without dropping the triggers: %v, want refused", c.name, err)
					}
				}
				drop := []string{"DROP TRIGGER IF EXISTS audit_subjects_no_update", "DROP TRIGGER IF EXISTS audit_subjects_no_delete"}
				for _, s := range drop {
					if _, err := d.ExecContext(context.Background(), s+subjectsTable(d)); err != nil {
						t.Fatal(err)
					}
				}
				if _, err := d.ExecContext(context.Background(), c.stmt); err != nil {
					t.Fatal(err)
				}
				rep := tl.verify(t)
				if rep.OK() || !strings.Contains(reportText(rep), c.want) {
					t.Fatalf("after %s: report\n%s\nwant %q", c.name, reportText(rep), c.want)
				}
			})
		})
	}
}

func subjectsTable(d *db.DB) string {
	if d.Dialect() == db.Postgres {
		return " ON audit_subjects"
	}
	return ""
}
