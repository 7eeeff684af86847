// Command audit measures what the NEN 7513 audit log costs a read of
// personal data on SQLite: the same point read of a client record, without
// and with its audit entry (Record, which returns once the entry is
// committed by the group-commit writer), from many goroutines at once.
//
// The machine is shared, so rounds of the two modes alternate and the
// medians are reported, both as wall time per read and as process CPU time
// per read (which other processes disturb less). Run:
//
//	go run ./bench/audit -rounds 7 -round 2s -workers 16
package main

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db"
)

const clients = 10_000

func main() {
	rounds := flag.Int("rounds", 7, "rounds per mode (alternating)")
	roundDur := flag.Duration("round", 2*time.Second, "duration of one round")
	workers := flag.Int("workers", 16, "concurrent readers")
	dbURL := flag.String("db", "", "database URL (default: a new SQLite file in a temporary directory); a postgres:// URL gets its tables created and dropped")
	profile := flag.String("cpuprofile", "", "write a CPU profile to this file")
	flag.Parse()
	if *profile != "" {
		f, err := os.Create(*profile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench/audit:", err)
			os.Exit(1)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, "bench/audit:", err)
			os.Exit(1)
		}
		defer func() {
			pprof.StopCPUProfile()
			if err := f.Close(); err != nil {
				fmt.Fprintln(os.Stderr, "bench/audit: profile:", err)
			}
		}()
	}
	if err := run(*rounds, *roundDur, *workers, *dbURL); err != nil {
		fmt.Fprintln(os.Stderr, "bench/audit:", err)
		pprof.StopCPUProfile()
		os.Exit(1)
	}
}

type result struct {
	ops        int64
	wall, cpu  time.Duration
	perOpWall  float64 // µs
	perOpCPU   float64 // µs
	entries    int64
	batches    int64
	checkpoint int64
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func run(rounds int, roundDur time.Duration, workers int, dbURL string) (err error) {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "volwaardig-audit-bench")
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, os.RemoveAll(dir)) }()
	if dbURL == "" {
		dbURL = "sqlite:" + filepath.Join(dir, "bench.db")
	}
	d, err := db.Open(ctx, dbURL)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, d.Close()) }()
	if d.Dialect() == db.Postgres {
		// A scratch database: the benchmark's own tables go when it ends.
		defer func() {
			for _, t := range []string{"bench_clients", "audit_reviews", "audit_checkpoints", "audit_pending", "audit_entries", "audit_chains", "schema_migrations"} {
				_, _ = d.ExecContext(ctx, "DROP TABLE IF EXISTS "+t+" CASCADE")
			}
			_, _ = d.ExecContext(ctx, "DROP FUNCTION IF EXISTS audit_entries_append_only()")
		}()
	}
	if _, err := d.Migrate(ctx, []db.Migrations{audit.Migrations()}, func() string { return time.Now().UTC().Format(time.RFC3339Nano) }); err != nil {
		return err
	}
	if _, err := d.ExecContext(ctx, `CREATE TABLE bench_clients (id INTEGER PRIMARY KEY, region TEXT NOT NULL, profile TEXT NOT NULL, status TEXT NOT NULL)`); err != nil {
		return err
	}
	err = d.Tx(ctx, func(tx *sql.Tx) error {
		for i := 1; i <= clients; i++ {
			if _, err := tx.ExecContext(ctx, `INSERT INTO bench_clients VALUES ($1, $2, 'VG7', 'actief plaatsen')`, i, fmt.Sprintf("ZK-%02d", i%31)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	seed := sha256.Sum256([]byte("bench"))
	l, err := audit.New(d, db.SystemClock{}, audit.Config{Key: ed25519.NewKeyFromSeed(seed[:]), InstanceID: "bench",
		CheckpointFile: filepath.Join(dir, "bench.audit-checkpoints.jsonl")})
	if err != nil {
		return err
	}
	p := &auth.Principal{UserID: 7, Username: "zorgverlener", DisplayName: "Anna de Vries", Role: auth.RoleZorgverlener, Organisation: "Zorggroep Oost"}

	read := func(id int64) error {
		var a, b, c string
		return d.QueryRowContext(ctx, `SELECT region, profile, status FROM bench_clients WHERE id = $1`, id).Scan(&a, &b, &c)
	}
	round := func(audited bool) (result, error) {
		var ops atomic.Int64
		var firstErr atomic.Value
		st0 := l.Stats()
		stop := time.Now().Add(roundDur)
		c0, w0 := cpuTime(), time.Now()
		var wg sync.WaitGroup
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := rand.New(rand.NewPCG(uint64(w), uint64(time.Now().UnixNano())))
				for time.Now().Before(stop) {
					id := 1 + r.Int64N(clients)
					if err := read(id); err != nil {
						firstErr.CompareAndSwap(nil, err)
						return
					}
					if audited {
						err := l.Record(ctx, p, audit.Event{Action: audit.ActionRead, ClientID: id, Object: "client", ObjectID: fmt.Sprint(id), Purpose: audit.PurposeCare})
						if err != nil {
							firstErr.CompareAndSwap(nil, err)
							return
						}
					}
					ops.Add(1)
				}
			}()
		}
		wg.Wait()
		res := result{ops: ops.Load(), wall: time.Since(w0), cpu: cpuTime() - c0}
		if e := firstErr.Load(); e != nil {
			return res, e.(error)
		}
		st := l.Stats()
		res.entries, res.batches, res.checkpoint = st.Entries-st0.Entries, st.Batches-st0.Batches, st.Checkpoints-st0.Checkpoints
		res.perOpWall = float64(res.wall.Microseconds()) / float64(res.ops)
		res.perOpCPU = float64(res.cpu.Microseconds()) / float64(res.ops)
		return res, nil
	}

	fmt.Printf("%s, %d goroutines, %d alternating rounds of %s per mode, GOMAXPROCS %d, %d CPUs\n", d.Dialect(), workers, rounds, roundDur, runtime.GOMAXPROCS(0), runtime.NumCPU())
	var plain, audited []result
	for i := range rounds {
		for _, mode := range []bool{false, true} {
			r, err := round(mode)
			if err != nil {
				return err
			}
			name := "unaudited"
			if mode {
				name = "audited"
				audited = append(audited, r)
			} else {
				plain = append(plain, r)
			}
			extra := ""
			if r.batches > 0 {
				extra = fmt.Sprintf(", %.1f entries per group commit, %d checkpoints", float64(r.entries)/float64(r.batches), r.checkpoint)
			}
			fmt.Printf("round %d %-9s: %8d reads, %7.1f µs wall/read, %7.1f µs CPU/read%s\n", i+1, name, r.ops, r.perOpWall, r.perOpCPU, extra)
		}
	}
	if err := l.Close(); err != nil {
		return err
	}
	med := func(rs []result, f func(result) float64) float64 {
		v := make([]float64, len(rs))
		for i, r := range rs {
			v[i] = f(r)
		}
		slices.Sort(v)
		return v[len(v)/2]
	}
	wall := func(r result) float64 { return r.perOpWall }
	cpu := func(r result) float64 { return r.perOpCPU }
	pw, aw := med(plain, wall), med(audited, wall)
	pc, ac := med(plain, cpu), med(audited, cpu)
	fmt.Printf("median unaudited: %.1f µs wall/read (%.0f reads/s), %.1f µs CPU/read\n", pw, 1e6/pw, pc)
	fmt.Printf("median audited:   %.1f µs wall/read (%.0f reads/s), %.1f µs CPU/read\n", aw, 1e6/aw, ac)
	fmt.Printf("ratio audited/unaudited: %.2f wall, %.2f CPU\n", aw/pw, ac/pc)

	// The log written during the benchmark must verify.
	f, err := os.Open(filepath.Join(dir, "bench.audit-checkpoints.jsonl"))
	if err != nil {
		return err
	}
	ext, err := audit.ParseCheckpoints(f, "bench")
	_ = f.Close() // read only: everything was read, a close error loses nothing
	if err != nil {
		return err
	}
	vstart := time.Now()
	rep, err := audit.Verify(ctx, d, audit.VerifyOptions{Key: l.PublicKey(), External: ext, ExternalGiven: true})
	if err != nil {
		return err
	}
	if !rep.OK() {
		return fmt.Errorf("audit log does not verify after the benchmark: %v", rep.Problems[0])
	}
	took := time.Since(vstart)
	fmt.Printf("verify: %d entries intact in %s (%.1f µs per entry)\n", rep.Chains[0].Entries, took.Round(time.Millisecond),
		float64(took.Microseconds())/float64(rep.Chains[0].Entries))
	return nil
}
