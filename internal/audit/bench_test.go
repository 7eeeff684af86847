package audit

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"syscall"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
)

// benchClients is the size of the table the benchmark reads from: a stand-in
// for a module's personal-data table.
const benchClients = 10_000

func benchDB(b *testing.B) *db.DB {
	b.Helper()
	d := dbtest.SQLite(b, Migrations())
	ctx := context.Background()
	if _, err := d.ExecContext(ctx, `CREATE TABLE bench_clients (id INTEGER PRIMARY KEY, region TEXT NOT NULL, profile TEXT NOT NULL, status TEXT NOT NULL)`); err != nil {
		b.Fatal(err)
	}
	err := d.Tx(ctx, func(tx *sql.Tx) error {
		for i := 1; i <= benchClients; i++ {
			if _, err := tx.ExecContext(ctx, `INSERT INTO bench_clients (id, region, profile, status) VALUES ($1, $2, $3, $4)`,
				i, fmt.Sprintf("ZK-%02d", i%31), "VG7", "actief plaatsen"); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return d
}

func benchRead(ctx context.Context, d *db.DB, id int64) error {
	var region, profile, status string
	return d.QueryRowContext(ctx, `SELECT region, profile, status FROM bench_clients WHERE id = $1`, id).Scan(&region, &profile, &status)
}

// BenchmarkRead compares a read of one client record without and with its
// audit entry, on SQLite, from many goroutines at once (as concurrent HTTP
// requests would). The audited read returns only when its entry is
// committed (group commit). Run: bench/audit/run.sh.
func BenchmarkRead(b *testing.B) {
	for _, par := range []int{1, 8} {
		b.Run(fmt.Sprintf("unaudited/par%d", par), func(b *testing.B) {
			d := benchDB(b)
			b.SetParallelism(par)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				r := rand.New(rand.NewPCG(rand.Uint64(), 1))
				for pb.Next() {
					if err := benchRead(context.Background(), d, 1+r.Int64N(benchClients)); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
		b.Run(fmt.Sprintf("audited/par%d", par), func(b *testing.B) {
			d := benchDB(b)
			l, err := New(d, db.SystemClock{}, Config{Key: testKey("bench"), InstanceID: "bench", CheckpointInterval: 10 * time.Second})
			if err != nil {
				b.Fatal(err)
			}
			defer func() {
				if err := l.Close(); err != nil {
					b.Error(err)
				}
			}()
			p := professional()
			b.SetParallelism(par)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				r := rand.New(rand.NewPCG(rand.Uint64(), 2))
				ctx := WithSource(context.Background(), "192.0.2.1")
				for pb.Next() {
					id := 1 + r.Int64N(benchClients)
					if err := benchRead(ctx, d, id); err != nil {
						b.Error(err)
						return
					}
					if err := l.Record(ctx, p, Event{Action: ActionRead, ClientID: id, Object: "client", ObjectID: fmt.Sprint(id), Purpose: PurposeCare}); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.StopTimer()
			var n int64
			if err := d.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM audit_entries`).Scan(&n); err != nil {
				b.Fatal(err)
			}
			st := l.Stats()
			if n != int64(b.N) || st.Entries != n {
				b.Errorf("%d entries stored, %d counted, for %d reads", n, st.Entries, b.N)
			}
			if st.Batches > 0 {
				b.ReportMetric(float64(st.Entries)/float64(st.Batches), "entries/batch")
			}
		})
	}
}

// BenchmarkEntryHash is the CPU cost the writer pays per entry.
func BenchmarkEntryHash(b *testing.B) {
	e := &Entry{ChainID: "bench/x", Seq: 1, PrevHash: genesisHash("bench/x"), EventID: "E", Time: time.Now(), Action: ActionRead,
		Outcome: OutcomeSuccess, UserID: 7, UserName: "zorgverlener", DisplayName: "Anna de Vries", Role: "zorgverlener",
		Organisation: "Zorggroep Oost", ClientID: 42, Object: "client", ObjectID: "42", Purpose: PurposeCare}
	for b.Loop() {
		e.Hash = entryHash(e)
	}
}

// BenchmarkListView records the read of a list page of 100 people, as
// the register pages do (one RecordMany per page view), 4 views at once.
// "list-entry" is how they are recorded: one chained entry with the 100
// people as subjects. "entry-per-person" is the reference in the same run:
// the same events made distinct (a reason each), so each person becomes a
// chained entry of its own, as every page view was recorded before list
// entries (issue 18).
func BenchmarkListView(b *testing.B) {
	for _, mode := range []string{"list-entry", "list-entry-5ms-window", "entry-per-person"} {
		b.Run(mode, func(b *testing.B) {
			d := dbtest.SQLite(b, Migrations())
			cfg := Config{Key: testKey("bench"), InstanceID: "bench", CheckpointInterval: 10 * time.Second}
			if mode == "list-entry-5ms-window" {
				cfg.CommitWindow = 5 * time.Millisecond
			}
			l, err := New(d, db.SystemClock{}, cfg)
			if err != nil {
				b.Fatal(err)
			}
			defer func() {
				if err := l.Close(); err != nil {
					b.Error(err)
				}
			}()
			ctx := context.Background()
			p := professional()
			b.SetParallelism(2)
			cpu0 := cpuTime(b)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				evs := make([]Event, 100)
				for pb.Next() {
					for i := range evs {
						evs[i] = Event{Action: ActionSearch, ClientID: int64(i + 1), Object: "placement_cases", ObjectID: fmt.Sprint(i + 1), Purpose: PurposeCare}
						if mode == "entry-per-person" {
							evs[i].Reason = fmt.Sprint("r", i)
						}
					}
					if err := l.RecordMany(ctx, p, evs); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N*100)/b.Elapsed().Seconds(), "people/s")
			// CPU time is what a loaded machine disturbs least.
			b.ReportMetric(float64((cpuTime(b)-cpu0).Microseconds())/float64(b.N*100), "cpu-µs/person")
			b.ReportMetric(float64(l.stats.entries.Load())/float64(max(l.stats.batches.Load(), 1)), "entries/commit")
		})
	}
}

// cpuTime is the process's user and system CPU time so far.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
