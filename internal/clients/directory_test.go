package clients

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
)

// countingQuerier counts the statements sent to the real database, so a
// test sees a per-row look-up for what it is.
type countingQuerier struct {
	db.Querier
	n int
}

func (c *countingQuerier) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	c.n++
	return c.Querier.QueryContext(ctx, q, args...)
}

// Other modules name clients through the directory instead of joining the
// clients table: one query per 500 ids, the name and birth date as stored,
// unknown ids left out, and a lock that queues a second creator.
func TestDirectoryPeopleAndLock(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, _ := newStore(t, d)
		var ids []int64
		for i := range 620 {
			ids = append(ids, mustCreate(t, s, NewClient{Name: fmt.Sprintf("Cliënt %03d", i), BirthDate: time.Date(1980, 1, 1+i%28, 0, 0, 0, 0, time.UTC), Region: "ZK11"}))
		}
		dir := NewDirectory(d)
		q := &countingQuerier{Querier: d}
		got, err := dir.People(ctx, q, append(append([]int64{}, ids...), ids[0], ids[len(ids)-1]+1000))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(ids) {
			t.Fatalf("%d people for %d ids", len(got), len(ids))
		}
		if q.n != 2 {
			t.Errorf("%d queries for 620 ids, want 2 (500 per query)", q.n)
		}
		if p := got[ids[3]]; p.Name != "Cliënt 003" || p.BirthDate != "1980-01-04" || p.Region != "ZK11" {
			t.Errorf("person %+v", p)
		}
		if none, err := dir.People(ctx, d, nil); err != nil || len(none) != 0 {
			t.Errorf("no ids: %v, %v", none, err)
		}
		err = d.Tx(ctx, func(tx *sql.Tx) error {
			region, err := dir.Lock(ctx, tx, ids[1])
			if err != nil || region != "ZK11" {
				t.Errorf("Lock = %q, %v", region, err)
			}
			if _, err := dir.Lock(ctx, tx, ids[len(ids)-1]+1000); !errors.Is(err, ErrNotFound) {
				t.Errorf("Lock of an unknown client: %v", err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
