package db_test

import (
	"context"
	"sync"
	"testing"

	"github.com/volwaardig/volwaardig/internal/db/dbtest"
)

// TestPostgresPoolKeepsItsConnections: after a burst that uses all 32 of
// the pool's connections at once, none is closed for being idle. With 16
// kept idle, every burst under load closed half the connections and the
// next burst opened new ones (a TCP connection, authentication and pgx's
// statement cache each time): behind wrk at 50 connections /crisis served
// 141 requests/s that way and 722 with every connection kept (issue 18).
func TestPostgresPoolKeepsItsConnections(t *testing.T) {
	d := dbtest.Postgres(t)
	ctx := context.Background()
	var wg, open sync.WaitGroup
	open.Add(32)
	for range 32 {
		wg.Go(func() {
			rows, err := d.QueryContext(ctx, `SELECT 1`)
			open.Done()
			if err != nil {
				t.Error(err)
				return
			}
			open.Wait() // all 32 connections in use at once
			for rows.Next() {
			}
			if err := rows.Close(); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	for name, p := range d.Pools() {
		if st := p.Stats(); st.MaxIdleClosed > 0 || st.Idle < 32 {
			t.Errorf("pool %s after a burst of 32: %d idle, %d closed for being idle (want all 32 kept)", name, st.Idle, st.MaxIdleClosed)
		}
	}
}
