package audit

import (
	"context"
	"errors"
	"testing"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
)

// oneByOne is a Recorder without RecordMany.
type oneByOne struct {
	got  []Event
	fail int
}

func (r *oneByOne) Record(_ context.Context, _ *auth.Principal, ev Event) error {
	if len(r.got) == r.fail {
		return errors.New("full")
	}
	r.got = append(r.got, ev)
	return nil
}

// TestRecordAllWritesOnePageInOneEntry: a page's events go to the Log as
// one list entry, every person in it, in one commit; a recorder without
// RecordMany gets them one by one and its failure is returned.
func TestRecordAllWritesOnePageInOneEntry(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		tl := newTestLog(t, d, nil)
		ctx := context.Background()
		evs := []Event{readEvent(101, "sleep_overview"), readEvent(102, "sleep_overview"), readEvent(103, "sleep_overview")}
		if err := RecordAll(ctx, tl.Log, professional(), evs); err != nil {
			t.Fatal(err)
		}
		if n, b := tl.stats.entries.Load(), tl.stats.batches.Load(); n != 1 || b != 1 {
			t.Fatalf("%d entries in %d commits, want one list entry in one commit", n, b)
		}
		for _, c := range []int64{101, 102, 103} {
			acc, err := ClientAccesses(ctx, d, ClientQuery{ClientID: c})
			if err != nil || len(acc) != 1 {
				t.Fatalf("client %d: %d accesses, %v", c, len(acc), err)
			}
		}
		if err := RecordAll(ctx, tl.Log, professional(), nil); err != nil || tl.stats.entries.Load() != 1 {
			t.Fatalf("no events: %v", err)
		}
	})
	r := &oneByOne{fail: 2}
	err := RecordAll(context.Background(), r, professional(), []Event{readEvent(1, "x"), readEvent(2, "x"), readEvent(3, "x")})
	if err == nil || len(r.got) != 2 {
		t.Fatalf("one by one: %d recorded, err %v", len(r.got), err)
	}
}

// TestLongListSplitsIntoEntries: a list longer than one entry holds (an
// export of a large register) is written as several list entries, every
// person recorded, where before one entry that long failed to write on
// PostgreSQL.
func TestLongListSplitsIntoEntries(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		tl := newTestLog(t, d, nil)
		ctx := context.Background()
		n := maxSubjectsPerStmt + 5
		evs := make([]Event, n)
		for i := range evs {
			evs[i] = Event{Action: ActionExport, ClientID: int64(1 + i), Object: "placement_case", ObjectID: "c", Purpose: PurposeCare}
		}
		if err := RecordAll(ctx, tl.Log, professional(), evs); err != nil {
			t.Fatal(err)
		}
		if got := tl.stats.entries.Load(); got != 2 {
			t.Fatalf("%d entries for %d people, want 2", got, n)
		}
		var subjects int
		if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_subjects`).Scan(&subjects); err != nil || subjects != n {
			t.Fatalf("%d people recorded (%v), want %d", subjects, err, n)
		}
		if err := tl.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		if rep := tl.verify(t); !rep.OK() {
			t.Fatalf("chain: %+v", rep)
		}
	})
}
