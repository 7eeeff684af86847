package app

import (
	"context"
	"sync"
	"testing"
)

// TestJobsOnceAcrossInstances runs every module's background job on two
// application instances that share one PostgreSQL database, at the same
// moment and several rounds in a row, as two `serve` processes behind a
// load balancer do (issue 18, "Several instances"). No round may fail
// because the other instance did the same work, and the work is done once:
// no notification is sent twice and no snapshot is taken twice.
func TestJobsOnceAcrossInstances(t *testing.T) {
	a, _ := testApp(t, "postgres") // instance A, with the demo loaded
	ctx := context.Background()
	cfg := a.cfg // demo mode: B finds A's generated keys; it loads no demo data
	d, err := Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.Close() })
	b, err := New(ctx, cfg, d) // instance B on the same database
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = b.Close() })

	const rounds = 3
	for i, m := range a.modules {
		jobsA, jobsB := m.Jobs(), b.modules[i].Jobs()
		for j := range jobsA {
			for r := range rounds {
				var wg sync.WaitGroup
				errs := make([]error, 2)
				for k, job := range []func(context.Context) error{jobsA[j].Round, jobsB[j].Round} {
					wg.Add(1)
					go func() {
						defer wg.Done()
						errs[k] = job(ctx)
					}()
				}
				wg.Wait()
				for k, err := range errs {
					if err != nil {
						t.Errorf("job %s round %d on instance %c: %v", jobsA[j].Name, r+1, 'A'+k, err)
					}
				}
			}
		}
	}

	for _, check := range []struct{ what, query string }{
		{"notifications sent twice", `SELECT COUNT(*) FROM (SELECT user_id, kind, title, body, link FROM notifications
			GROUP BY user_id, kind, title, body, link HAVING COUNT(*) > 1) twice`},
		{"monitor snapshots taken twice", `SELECT COUNT(*) FROM (SELECT taken_on, figure_key, region FROM monitor_snapshots
			GROUP BY taken_on, figure_key, region HAVING COUNT(*) > 1) twice`},
	} {
		var n int
		if err := a.DB.QueryRowContext(ctx, check.query).Scan(&n); err != nil {
			t.Fatalf("%s: %v", check.what, err)
		}
		if n > 0 {
			t.Errorf("%s: %d", check.what, n)
		}
	}
	var sent int
	if err := a.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications`).Scan(&sent); err != nil {
		t.Fatal(err)
	}
	if sent == 0 {
		t.Fatal("the jobs sent no notification at all; the check above proves nothing")
	}
}
