// Command ingest measures streaming ingest of raw samples over HTTP into
// the database (DESIGN §5: 10,000 people wearing a 30 Hz sensor, 300,000
// samples per second on one 2-core server), through the real server: device
// token authentication, the VWS1 batch decoder, link and legal-basis checks,
// compression and one committed transaction per batch before the answer.
//
// Simulated sensors post consecutive batches (default 60 s of 30 Hz, 1800
// samples) from concurrent connections on loopback until the duration or the
// sample budget is spent. The reference, in the same process and the same
// HTTP client loop, posts the same bodies to a handler that only reads the
// body. Afterwards the reducer turns the stored raw hours into minute
// epochs and its throughput is reported too. Run:
//
//	go run ./bench/ingest -duration 15s
//	go run ./bench/ingest -db 'postgres://volwaardig:volwaardig@127.0.0.1:5432/volwaardig_test?sslmode=disable'
package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"hash/crc32"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/volwaardig/volwaardig/internal/app"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/orgs"
	"github.com/volwaardig/volwaardig/internal/sleep"
	"github.com/volwaardig/volwaardig/internal/web"
)

func main() {
	dbURL := flag.String("db", "", "database URL (default: a new SQLite file in a temporary directory); a postgres:// URL gets a fresh schema, dropped afterwards")
	sensors := flag.Int("sensors", 500, "simulated sensors (each linked to its own client)")
	workers := flag.Int("workers", 32, "concurrent HTTP connections")
	batchSec := flag.Int("batch", 60, "seconds of samples per batch (VWS1 recommends 60)")
	hz := flag.Int("hz", 30, "sample rate")
	dur := flag.Duration("duration", 15*time.Second, "how long each phase posts")
	maxSamples := flag.Int64("max-samples", 30_000_000, "stop a phase after this many samples")
	profile := flag.String("profile", "", "write CPU (FILE.cpu) and blocking (FILE.block) profiles of the ingest phase")
	flag.Parse()
	profilePrefix = *profile
	if err := run(*dbURL, *sensors, *workers, *batchSec, *hz, *dur, *maxSamples); err != nil {
		fmt.Fprintln(os.Stderr, "bench/ingest:", err)
		os.Exit(1)
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

type phase struct {
	name      string
	samples   int64
	requests  int64
	wall, cpu time.Duration
	lat       []time.Duration
	errors    int64
}

func (p phase) rate() float64 { return float64(p.samples) / p.wall.Seconds() }

func pct(l []time.Duration, q float64) time.Duration {
	if len(l) == 0 {
		return 0
	}
	slices.Sort(l)
	return l[int(math.Min(float64(len(l)-1), q*float64(len(l))))]
}

func run(dbURL string, nSensors, workers, batchSec, hz int, dur time.Duration, maxSamples int64) (err error) {
	ctx := context.Background()
	tmp, err := os.MkdirTemp("", "bench-ingest")
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, os.RemoveAll(tmp)) }()
	env := map[string]string{"VOLWAARDIG_AUDIT_CHECKPOINTS": filepath.Join(tmp, "checkpoints.jsonl"), app.EnvSecret: "c2VjcmV0IHNlY3JldCBzZWNyZXQgc2VjcmV0IHNlY3JldCBzZWNyZXQ="}
	dialect := "sqlite"
	if strings.HasPrefix(dbURL, "postgres") {
		dialect = "postgres"
		var b [6]byte
		_, _ = rand.Read(b[:])
		schema := "bench_" + hex.EncodeToString(b[:])
		admin, err := db.Open(ctx, dbURL)
		if err != nil {
			return err
		}
		if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
			return err
		}
		defer func() {
			_, derr := admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
			err = errors.Join(err, derr, admin.Close())
		}()
		u, _ := url.Parse(dbURL)
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		dbURL = u.String()
	} else if dbURL == "" {
		dbURL = "sqlite:" + filepath.Join(tmp, "bench.db")
	}
	cfg := app.Config{DB: dbURL, Demo: true, Getenv: func(k string) string { return env[k] }, Clock: db.SystemClock{}, Logger: slog.New(slog.DiscardHandler)}
	d, err := app.Open(ctx, cfg)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, d.Close()) }()
	a, err := app.New(ctx, cfg, d)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, a.Close()) }()
	a.SetReady()
	srv := httptest.NewServer(a.Handler())
	defer srv.Close()

	tokens, serials, err := setup(ctx, a, srv.URL, nSensors, workers)
	if err != nil {
		return err
	}
	// The same ingest without the token look-up, to tell its cost apart:
	// Nachtrust's routes on their own router, the device principal put in
	// the context directly.
	devP, err := a.Auth.TokenPrincipal(ctx, tokens[0])
	if err != nil {
		return err
	}
	directRouter := web.NewRouter()
	directSleep, err := sleep.New(sleep.Deps{DB: d, Audit: a.Audit, Clients: a.Clients, Renderer: web.NewRenderer(directRouter, slog.New(slog.DiscardHandler))})
	if err != nil {
		return err
	}
	directSleep.Routes(directRouter)
	direct := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		directRouter.ServeHTTP(w, r.WithContext(auth.WithPrincipal(r.Context(), devP)))
	}))
	defer direct.Close()
	ref := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"stored": 900, "duplicate": false}` + "\n"))
	}))
	defer ref.Close()

	n := batchSec * hz
	template := sleep.EncodeBatch(synth(n, hz))
	start := time.Date(2026, 3, 1, 22, 0, 0, 0, time.UTC)
	fmt.Printf("machine: %d CPUs (GOMAXPROCS %d), %s; database %s; %d sensors, %d connections, batches of %d s at %d Hz (%d samples, %d bytes)\n",
		runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.Version(), dialect, nSensors, workers, batchSec, hz, n, len(template))

	post := func(base string, auth bool) phase {
		return load(base, tokens, auth, serials, template, start, 0, batchSec, n, workers, dur, maxSamples)
	}
	refP := post(ref.URL, false)
	refP.name = "reference (read body only)"
	var stopProfile func()
	if profilePrefix != "" {
		stopProfile = startProfile(profilePrefix)
	}
	ing := post(srv.URL, true)
	if stopProfile != nil {
		stopProfile()
	}
	dir := load(direct.URL, tokens, false, serials, template, start.Add(24*time.Hour), 1_000_000, batchSec, n, workers, dur, maxSamples)
	dir.name = "ingest without token look-up"
	ing.name = "ingest (durable, acknowledged)"
	for _, p := range []phase{refP, ing, dir} {
		fmt.Printf("%-32s %10.0f samples/s  %7.0f req/s  %6.1f s  CPU %5.1f s (%.0f%% of %d cores)  p50 %v  p99 %v  errors %d\n",
			p.name, p.rate(), float64(p.requests)/p.wall.Seconds(), p.wall.Seconds(), p.cpu.Seconds(), 100*p.cpu.Seconds()/p.wall.Seconds()/float64(runtime.NumCPU()), runtime.NumCPU(),
			pct(p.lat, 0.5).Round(10*time.Microsecond), pct(p.lat, 0.99).Round(10*time.Microsecond), p.errors)
	}
	fmt.Printf("ratio ingest/reference: %.3f (without token look-up %.3f); CPU per million samples: ingest %.2f s, without token look-up %.2f s\n",
		ing.rate()/refP.rate(), dir.rate()/refP.rate(), ing.cpu.Seconds()/float64(ing.samples)*1e6, dir.cpu.Seconds()/float64(dir.samples)*1e6)

	// The reducer: every stored hour to minute epochs.
	red, err := sleep.New(sleep.Deps{DB: d, Audit: a.Audit, Clients: a.Clients})
	if err != nil {
		return err
	}
	c0, t0 := cpuTime(), time.Now()
	hours := 0
	for {
		h, err := red.ReducePending(ctx, true)
		if err != nil {
			return err
		}
		if h == 0 {
			break
		}
		hours += h
	}
	wall, cpu := time.Since(t0), cpuTime()-c0
	var epochs, rawBytes, present int64
	_ = d.QueryRowContext(ctx, `SELECT COUNT(*) FROM sleep_epochs`).Scan(&epochs)
	_ = d.QueryRowContext(ctx, `SELECT COALESCE(SUM(LENGTH(data)), 0), COALESCE(SUM(present), 0) FROM sleep_raw_hours`).Scan(&rawBytes, &present)
	fmt.Printf("reducer: %d sensor-hours, %d samples to %d minute epochs and nights in %.1f s (%.0f samples/s, CPU %.1f s)\n",
		hours, present, epochs, wall.Seconds(), float64(present)/wall.Seconds(), cpu.Seconds())
	if present > 0 {
		fmt.Printf("raw storage: %.2f bytes per sample (6 uncompressed)\n", float64(rawBytes)/float64(present))
	}
	if ing.errors > 0 {
		return fmt.Errorf("%d ingest requests failed", ing.errors)
	}
	return nil
}

// synth is a plausible wrist signal: gravity on y, slow turns, tremor.
func synth(n, hz int) *sleep.Batch {
	b := &sleep.Batch{RateMHz: uint32(hz * 1000), X: make([]int16, n), Y: make([]int16, n), Z: make([]int16, n)}
	for i := range n {
		t := float64(i) / float64(hz)
		b.X[i] = int16(120*math.Sin(t/3) + 15*math.Sin(7*t))
		b.Y[i] = int16(-980 + 40*math.Cos(t/5))
		b.Z[i] = int16(200*math.Sin(t/11) + 10*math.Sin(13*t))
	}
	return b
}

// load posts batches from workers connections: each worker owns every
// workers-th sensor and sends their batches in turn, each with its next
// sequence number and start time.
func load(base string, tokens []string, withAuth bool, serials []string, template []byte, start time.Time, seqBase uint64, batchSec, n, workers int, dur time.Duration, maxSamples int64) phase {
	var samples, requests, errs atomic.Int64
	var mu sync.Mutex
	var lat []time.Duration
	deadline := time.Now().Add(dur)
	tr := &http.Transport{MaxIdleConnsPerHost: workers, MaxConnsPerHost: workers}
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	c0, t0 := cpuTime(), time.Now()
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := slices.Clone(template)
			var mine []int
			for i := w; i < len(serials); i += workers {
				mine = append(mine, i)
			}
			seq := make([]uint64, len(mine))
			var local []time.Duration
			for k := 0; time.Now().Before(deadline) && samples.Load() < maxSamples && len(mine) > 0; k++ {
				j := k % len(mine)
				seq[j]++
				binary.LittleEndian.PutUint64(body[4:], seqBase+seq[j])
				binary.LittleEndian.PutUint64(body[12:], uint64(start.Add(time.Duration(seq[j]-1)*time.Duration(batchSec)*time.Second).UnixMicro()))
				binary.LittleEndian.PutUint32(body[len(body)-4:], crc32.ChecksumIEEE(body[:len(body)-4]))
				req, _ := http.NewRequest("POST", base+"/api/v1/sleep/sensors/"+serials[mine[j]]+"/stream", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/octet-stream")
				if withAuth {
					req.Header.Set("Authorization", "Bearer "+tokens[w%len(tokens)])
				}
				t := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					errs.Add(1)
					continue
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				local = append(local, time.Since(t))
				requests.Add(1)
				if resp.StatusCode != 200 {
					if errs.Add(1) == 1 {
						fmt.Fprintf(os.Stderr, "first error: status %d\n", resp.StatusCode)
					}
					continue
				}
				samples.Add(int64(n))
			}
			mu.Lock()
			lat = append(lat, local...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	tr.CloseIdleConnections()
	return phase{samples: samples.Load(), requests: requests.Load(), wall: time.Since(t0), cpu: cpuTime() - c0, lat: lat, errors: errs.Load()}
}

// setup creates a provider, a location, one client per sensor with a legal
// basis, an aanbieder with an API token and a device token, and registers
// and links the sensors through the API.
func setup(ctx context.Context, a *app.App, base string, n, nTokens int) ([]string, []string, error) {
	region := orgs.CareOfficeRegions()[0]
	if err := a.Orgs.AddRegion(ctx, a.DB, region); err != nil {
		return nil, nil, err
	}
	org, err := a.Orgs.AddOrganisation(ctx, a.DB, orgs.Organisation{Name: "Bench", Kind: "aanbieder", Region: region.Code})
	if err != nil {
		return nil, nil, err
	}
	loc, err := a.Orgs.AddLocation(ctx, a.DB, orgs.Location{OrganisationID: org, Name: "Bench", Region: region.Code})
	if err != nil {
		return nil, nil, err
	}
	uid, err := a.Auth.CreateUser(ctx, auth.NewUser{Username: "bench-aanbieder", DisplayName: "Bench", Role: auth.RoleAanbieder, Password: "bench ingest password 2026!",
		Scope: auth.Scope{Organisations: []int64{org}}})
	if err != nil {
		return nil, nil, err
	}
	_, apiTok, err := a.Auth.CreateToken(ctx, uid, "bench api", auth.TokenAPI, 0)
	if err != nil {
		return nil, nil, err
	}
	// One device token per connection, as a gateway per ward would have:
	// the token's last-used time is updated on every request, and one
	// token shared by all connections would serialise them on that row.
	var devToks []string
	for i := range nTokens {
		_, tok, err := a.Auth.CreateToken(ctx, uid, fmt.Sprintf("bench device %d", i), auth.TokenDevice, 0)
		if err != nil {
			return nil, nil, err
		}
		devToks = append(devToks, tok)
	}
	from := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var serials []string
	for i := range n {
		cid, err := a.Clients.Create(ctx, nil, clients.NewClient{Name: fmt.Sprintf("Bench %d", i), Region: region.Code})
		if err != nil {
			return nil, nil, err
		}
		for _, rel := range []clients.CareRelation{{ClientID: cid, Kind: clients.CareOrganisation, RefID: org, Start: from}, {ClientID: cid, Kind: clients.CareLocation, RefID: loc, Start: from}} {
			if _, err := a.Clients.AddCareRelation(ctx, nil, rel); err != nil {
				return nil, nil, err
			}
		}
		if _, err := a.Clients.AddConsent(ctx, nil, clients.Consent{ClientID: cid, Subject: clients.SubjectSleepMonitoring, Basis: clients.BasisRepresentative, ValidFrom: from, RecordedBy: uid}); err != nil {
			return nil, nil, err
		}
		serial := fmt.Sprintf("BENCH-%05d", i)
		if err := api(base, apiTok, "/api/v1/sleep/sensors", map[string]any{"serial": serial, "kind": "pols", "location_id": loc}); err != nil {
			return nil, nil, err
		}
		if err := api(base, apiTok, "/api/v1/sleep/sensors/"+serial+"/links", map[string]any{"client_id": cid, "start": from}); err != nil {
			return nil, nil, err
		}
		serials = append(serials, serial)
	}
	return devToks, serials, nil
}

func api(base, token, path string, body any) error {
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest("POST", base+path, bytes.NewReader(b))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		msg, _ := io.ReadAll(resp.Body)
		return fmt.Errorf("POST %s: %d %s", path, resp.StatusCode, msg)
	}
	return nil
}

var profilePrefix string

func startProfile(prefix string) func() {
	f, err := os.Create(prefix + ".cpu")
	if err != nil {
		return func() {}
	}
	_ = pprof.StartCPUProfile(f)
	runtime.SetBlockProfileRate(int(10 * time.Microsecond))
	return func() {
		pprof.StopCPUProfile()
		if err := f.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "bench/ingest: cpu profile:", err)
		}
		b, err := os.Create(prefix + ".block")
		if err == nil {
			err = errors.Join(pprof.Lookup("block").WriteTo(b, 0), b.Close())
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench/ingest: block profile:", err)
		}
		runtime.SetBlockProfileRate(0)
	}
}
