// Command profile measures, page by page, what one request of the heaviest
// page of each module costs the server, and where that cost goes (issue 18:
// "profile each page: CPU and allocations per request, split into session,
// queries, audit, rendering"). It loads the national demo into a SQLite file
// (or reuses one it loaded before), logs in each demo role through the
// application's own login form and sends the page's requests through the
// application's handler in process, C at a time, with a CPU profile running.
// /healthz, measured the same way in the same run, is the reference.
//
//	go run ./bench/web/profile -dir /tmp/vw-profile -n 400
//
// Per page it prints the CPU time and the allocations per request and the
// share of the CPU spent in each part, from the profile's stacks: a sample
// whose stack holds the audit log counts as audit, else the session
// look-up as session, else a template as rendering, else database/sql or
// the SQLite library as queries; what is left is the handlers' own work and
// the HTTP plumbing ("handler") and the Go runtime's garbage collector and
// scheduler without any of these on the stack ("runtime").
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/volwaardig/volwaardig/internal/app"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/demo"
)

// defaultPages are bench/web/run.sh's: the heaviest page of each module for
// the role that uses it most.
const defaultPages = "zorgkantoor:/clienten,zorgkantoor:/complexe-zorg,crisisregisseur:/crisis,zorgverlener:/nachtrust,client:/mijn/gegevens," +
	"aanbieder:/innovatie,naaste:/naasten,zorgkantoor:/kennis,ondersteuner:/ondersteuning,programma:/monitor,vertrouwenspersoon:/meldingen/behandelen"

func main() {
	dir := flag.String("dir", "", "directory for the national demo database; reused when it already holds one (default: a temporary one)")
	dbURL := flag.String("db", "", "database URL instead of a SQLite file in -dir, e.g. a postgres:// URL of an empty schema (its keys then come from the environment, as for serve)")
	n := flag.Int("n", 300, "requests per page")
	c := flag.Int("c", 8, "requests in flight at once")
	pages := flag.String("pages", defaultPages, "comma-separated role:/path list")
	keep := flag.String("keep", "", "directory to keep each page's CPU profile in (empty: not kept)")
	flag.Parse()
	if err := run(*dir, *dbURL, *n, *c, strings.Split(*pages, ","), *keep); err != nil {
		fmt.Fprintln(os.Stderr, "profile:", err)
		os.Exit(1)
	}
}

func run(dir, dbURL string, n, conc int, pages []string, keep string) (err error) {
	ctx := context.Background()
	if dir == "" {
		d, err := os.MkdirTemp("", "vw-profile")
		if err != nil {
			return err
		}
		defer func() { err = errors.Join(err, os.RemoveAll(d)) }()
		dir = d
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	if dbURL == "" {
		dbURL = "sqlite:" + filepath.Join(dir, "vw.db")
	}
	// As `serve --demo` configures it: the demo's secrets beside a SQLite
	// file or in the environment, and the monitor's figures cached 30 s.
	cfg := app.Config{DB: dbURL, Demo: true, Getenv: os.Getenv, FigureCacheTTL: 30 * time.Second,
		Clock: db.SystemClock{}, Logger: slog.New(slog.DiscardHandler)}
	// And with serve's collector settings (GOGC=400, 1 GiB soft limit,
	// unless GOGC or GOMEMLIMIT are set).
	defer app.TuneGC(os.Getenv)()
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
	began := time.Now()
	loaded, err := a.LoadDemo(ctx, demo.National, func(string) {})
	if err != nil {
		return err
	}
	a.SetReady()
	if loaded {
		fmt.Printf("# national demo loaded in %s into %s\n", time.Since(began).Round(time.Second), dir)
	} else {
		fmt.Printf("# national demo reused from %s\n", dir)
	}
	h := a.Handler()
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	fmt.Printf("# %s, %d cores, %s, %d requests per page, %d at a time, in process (no network)\n",
		time.Now().UTC().Format(time.RFC3339), runtime.NumCPU(), runtime.Version(), n, conc)
	fmt.Println("| page | role | CPU ms/request | ratio to /healthz (requests per CPU second) | allocations/request | KB allocated/request | KB page | p50 | p99 | session | queries | audit | rendering | handler | runtime |")
	fmt.Println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
	ref, err := measure(h, "/healthz", "", n*200, conc, exe, "") // many: its CPU time is read in 10 ms ticks
	if err != nil {
		return err
	}
	ref.print("/healthz", "–", ref)
	for _, spec := range pages {
		role, path, ok := strings.Cut(spec, ":")
		if !ok {
			return fmt.Errorf("page %q: want role:/path", spec)
		}
		cookie, err := login(h, role)
		if err != nil {
			return err
		}
		keepAs := ""
		if keep != "" {
			keepAs = filepath.Join(keep, role+strings.ReplaceAll(path, "/", "_")+".prof")
		}
		res, err := measure(h, path, cookie, n, conc, exe, keepAs)
		if err != nil {
			return fmt.Errorf("%s as %s: %w", path, role, err)
		}
		res.print(path, role, ref)
	}
	return nil
}

// login posts the login form as the demo account role and returns the
// session cookie.
func login(h http.Handler, role string) (string, error) {
	form := url.Values{"username": {role}, "password": {"demo"}}
	req := httptest.NewRequest(http.MethodPost, "https://127.0.0.1/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	for _, c := range rec.Result().Cookies() {
		if c.Value != "" && strings.Contains(c.Name, "sessie") {
			return c.Name + "=" + c.Value, nil
		}
	}
	return "", fmt.Errorf("login as %s: no session cookie (status %d)", role, rec.Code)
}

// result is one page's measurement.
type result struct {
	requests      int
	cpu           time.Duration // process CPU time over the run
	allocs, bytes uint64
	sent          int64 // bytes of one answer (the page's size)
	p50, p99      time.Duration
	share         map[string]float64 // part of the profile's samples per category
}

func (r result) perRequest() time.Duration { return r.cpu / time.Duration(r.requests) }

func (r result) print(path, role string, ref result) {
	ratio := float64(ref.perRequest()) / float64(r.perRequest())
	pct := func(k string) string { return strconv.Itoa(int(r.share[k]*100+0.5)) + "%" }
	fmt.Printf("| %s | %s | %.3f | %.4f | %d | %d | %d | %s | %s | %s | %s | %s | %s | %s | %s |\n", path, role,
		float64(r.perRequest().Microseconds())/1000, ratio, r.allocs/uint64(r.requests), r.bytes/uint64(r.requests)/1024, r.sent/1024,
		r.p50.Round(10*time.Microsecond), r.p99.Round(10*time.Microsecond),
		pct("session"), pct("queries"), pct("audit"), pct("rendering"), pct("handler"), pct("runtime"))
}

// measure sends n GET requests for path, conc at a time, under a CPU
// profile, and reads the profile's split.
func measure(h http.Handler, path, cookie string, n, conc int, exe, keepAs string) (result, error) {
	// One request first: the page must answer 200 (a measurement of an
	// error page would be worthless), and caches fill as in use.
	code, sent := get(h, path, cookie)
	if code != http.StatusOK {
		return result{}, fmt.Errorf("answered %d", code)
	}
	prof, err := os.CreateTemp("", "vw-page-*.prof")
	if err != nil {
		return result{}, err
	}
	defer func() { _ = os.Remove(prof.Name()) }()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	cpu0 := processCPU()
	if err := pprof.StartCPUProfile(prof); err != nil {
		return result{}, err
	}
	times := make([]time.Duration, n)
	var next atomic.Int64
	var bad atomic.Int64
	var wg sync.WaitGroup
	for range conc {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				t := time.Now()
				if code, _ := get(h, path, cookie); code != http.StatusOK {
					bad.Add(1)
				}
				times[i] = time.Since(t)
			}
		})
	}
	wg.Wait()
	pprof.StopCPUProfile()
	cpu := processCPU() - cpu0
	runtime.ReadMemStats(&after)
	if err := prof.Close(); err != nil {
		return result{}, err
	}
	if b := bad.Load(); b > 0 {
		return result{}, fmt.Errorf("%d of %d requests did not answer 200", b, n)
	}
	slices.Sort(times)
	res := result{requests: n, cpu: cpu, allocs: after.Mallocs - before.Mallocs, bytes: after.TotalAlloc - before.TotalAlloc, sent: sent,
		p50: times[n/2], p99: times[n*99/100]}
	res.share, err = split(exe, prof.Name())
	if err != nil {
		return result{}, err
	}
	if keepAs != "" {
		if err := copyFile(prof.Name(), keepAs); err != nil {
			return result{}, err
		}
	}
	return res, nil
}

// get answers the status and the size of the page's body.
func get(h http.Handler, path, cookie string) (int, int64) {
	req := httptest.NewRequest(http.MethodGet, "https://127.0.0.1"+path, nil)
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	rec := &discard{header: http.Header{}, code: http.StatusOK}
	h.ServeHTTP(rec, req)
	return rec.code, rec.sent
}

// discard is a ResponseWriter that keeps only the status: a recorder
// would copy every page into a buffer and count that copy as the page's.
type discard struct {
	header http.Header
	code   int
	wrote  bool
	sent   int64
}

func (d *discard) Header() http.Header { return d.header }
func (d *discard) Write(b []byte) (int, error) {
	d.wrote = true
	d.sent += int64(len(b))
	return len(b), nil
}
func (d *discard) WriteHeader(code int) {
	if !d.wrote {
		d.code, d.wrote = code, true
	}
}

// processCPU is the process's user and system CPU time so far.
func processCPU() time.Duration {
	b, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return 0
	}
	// Fields after the command name (which may hold spaces) start after ")".
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * time.Second / 100 // USER_HZ is 100 on Linux
}

// split reads the profile's stacks with `go tool pprof -traces` and returns
// the share of samples per category.
func split(exe, prof string) (map[string]float64, error) {
	// categories, in the order a stack is tested: the first that a frame of
	// the stack matches takes the sample.
	categories := []struct{ name, frame string }{
		{"audit", "volwaardig/internal/audit."},
		{"session", "volwaardig/internal/auth.(*Service).Session"},
		{"rendering", "text/template."},
		{"rendering", "html/template."},
		{"rendering", "volwaardig/internal/web.(*Renderer)"},
		{"queries", "database/sql."},
		{"queries", "modernc.org/sqlite"},
		{"queries", "github.com/jackc/pgx"},
		{"handler", "volwaardig/internal/"},
		{"handler", "net/http."},
	}
	out, err := exec.Command("go", "tool", "pprof", "-traces", exe, prof).Output()
	if err != nil {
		return nil, fmt.Errorf("go tool pprof: %w", err)
	}
	weights := map[string]float64{}
	total := 0.0
	var weight float64
	var stack []string
	flush := func() {
		if weight == 0 {
			return
		}
		cat := "runtime"
	find:
		for _, c := range categories {
			for _, f := range stack {
				if strings.Contains(f, c.frame) {
					cat = c.name
					break find
				}
			}
		}
		weights[cat] += weight
		total += weight
		weight, stack = 0, nil
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "-----") {
			flush()
			continue
		}
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		// A trace starts with its weight ("10ms fn"); later lines are frames.
		if d, err := time.ParseDuration(fields[0]); err == nil && len(fields) >= 2 {
			flush()
			weight = float64(d)
			stack = append(stack, fields[1])
			continue
		}
		stack = append(stack, fields[0])
	}
	flush()
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if total == 0 {
		return weights, nil
	}
	for k := range weights {
		weights[k] /= total
	}
	return weights, nil
}

func copyFile(from, to string) error {
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer func() { _ = in.Close() }()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		return errors.Join(err, out.Close())
	}
	return out.Close()
}
