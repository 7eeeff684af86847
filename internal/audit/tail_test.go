package audit

import (
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/db"
)

// Verify reports each chain's unsigned tail, the entries after its last
// signed checkpoint that could be removed unnoticed: how many and since
// when; a closed chain has none.
func TestVerifyReportsUnsignedTail(t *testing.T) {
	eachDB(t, func(t *testing.T, d *db.DB) {
		tl := newTestLog(t, d, func(c *Config) { c.CheckpointEvery = 5 })
		tl.record(t, 12) // checkpoints at 5 and 10
		if err := tl.Sync(t.Context()); err != nil {
			t.Fatal(err)
		}
		tl.clock.Advance(40 * time.Second)
		tl.record(t, 1) // seq 13, 40 s later
		if err := tl.Sync(t.Context()); err != nil {
			t.Fatal(err)
		}
		rep := tl.verify(t)
		if len(rep.Chains) != 1 {
			t.Fatalf("chains: %+v", rep.Chains)
		}
		c := rep.Chains[0]
		// record advances the clock a second per entry: entry n at n-1 s.
		start := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
		oldest, signed := start.Add(10*time.Second), start.Add(9*time.Second)
		if c.Covered != 10 || c.Unsigned != 3 || !c.OldestUnsigned.Equal(oldest) || !c.LastSigned.Equal(signed) {
			t.Errorf("unsigned tail: covered %d, %d entries, oldest %s, last signed %s; want 10, 3, %s, %s", c.Covered, c.Unsigned, c.OldestUnsigned, c.LastSigned, oldest, signed)
		}
		if err := tl.Close(); err != nil {
			t.Fatal(err)
		}
		c = tl.verify(t).Chains[0]
		if c.Unsigned != 0 || !c.OldestUnsigned.IsZero() || c.Covered != 13 {
			t.Errorf("closed chain: %+v", c)
		}
	})
}
