package audit

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
)

// TestCommitWindowGathersOnlyUnderLoad: with requests coming from many
// callers at once the writer gathers them into fewer commits (the commit
// window, issue 18), every entry is still written and the chain verifies;
// one caller recording entry after entry is not held for the window. The
// window here is a whole second, so a lone caller held by it would take
// twenty seconds for its twenty entries instead of milliseconds.
func TestCommitWindowGathersOnlyUnderLoad(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		tl := newTestLog(t, d, func(c *Config) { c.CommitWindow = time.Second })
		ctx := context.Background()
		start := time.Now()
		for i := range 20 {
			if err := tl.Record(ctx, professional(), readEvent(int64(100+i), "night")); err != nil {
				t.Fatal(err)
			}
		}
		if took := time.Since(start); took > 10*time.Second {
			t.Fatalf("one caller's 20 entries took %v: held for the commit window", took)
		}
		if b := tl.stats.batches.Load(); b != 20 {
			t.Fatalf("one caller: %d commits for 20 entries, want one each", b)
		}

		// Many callers: a short window so the test stays quick.
		tl2 := newTestLog(t, d, func(c *Config) { c.CommitWindow, c.InstanceID = 50*time.Millisecond, "test-2" })
		var wg sync.WaitGroup
		errs := make(chan error, 16*10)
		for g := range 16 {
			wg.Go(func() {
				for i := range 10 {
					if err := tl2.Record(ctx, professional(), readEvent(int64(1000+g*10+i), "night")); err != nil {
						errs <- err
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		entries, batches := tl2.stats.entries.Load(), tl2.stats.batches.Load()
		if entries != 160 {
			t.Fatalf("many callers: %d entries written, want 160", entries)
		}
		t.Logf("%d commits for %d entries", batches, entries)
		if batches*8 > entries { // without the window: about 5 entries per commit here
			t.Fatalf("many callers: %d commits for %d entries: not gathered", batches, entries)
		}
		if err := tl2.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		if rep := tl2.verify(t); !rep.OK() {
			t.Fatalf("chain: %+v", rep)
		}
	})
}
