// Command placement measures ranking one person against every place at
// national scale (DESIGN §5): it loads the demo data set into a fresh
// SQLite database and grows the register to the national scale, then times GET /api/v1/placement/cases/{id}/ranking
// (database read of every place, the explained ranking, the audit event and
// the JSON answer) for random open cases, through the application's router
// in process. References through the same router in the same run: GET
// /api/v1/placement/places (reading every place and listing it as JSON,
// without ranking) and GET /healthz. It prints the latency percentiles and
// the ratios.
//
//	go run ./bench/placement -n 1000
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"time"

	"github.com/volwaardig/volwaardig/internal/app"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/demo"
	"github.com/volwaardig/volwaardig/internal/orgs"
	"github.com/volwaardig/volwaardig/internal/placement"
)

func main() {
	n := flag.Int("n", 1000, "requests per measured route")
	dir := flag.String("dir", "", "directory for the database (default: a temporary one)")
	prof := flag.String("cpuprofile", "", "write a CPU profile of the measured requests to this file")
	pg := flag.String("page", "", "measure only this page (e.g. /complexe-zorg), as a care-office user of the region with the most open cases")
	nat := flag.Bool("national-demo", false, "load the platform's national demo instead of the small demo grown to national scale")
	flag.Parse()
	profile, page, nationalDemo = *prof, *pg, *nat
	if err := run(*n, *dir); err != nil {
		fmt.Fprintln(os.Stderr, "placement bench:", err)
		os.Exit(1)
	}
}

// profile names the CPU profile file; empty for none. page is the one page
// to measure instead of the ranking; empty for the ranking.
var profile, page string

// nationalDemo loads the platform's national demo (see -national-demo).
var nationalDemo bool

func run(n int, dir string) (err error) {
	ctx := context.Background()
	if dir == "" {
		d, err := os.MkdirTemp("", "placement-bench")
		if err != nil {
			return err
		}
		defer func() { err = errors.Join(err, os.RemoveAll(d)) }()
		dir = d
	}
	cfg := app.Config{DB: "sqlite:" + filepath.Join(dir, "bench.db"), Demo: true, Getenv: func(string) string { return "" },
		Clock: db.SystemClock{}, Logger: slog.New(slog.DiscardHandler)}
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
	start := time.Now()
	// The platform's national demo cannot load yet (it runs out of test
	// BSNs), so the small platform demo is loaded and the register is
	// grown to the national scale of DESIGN §5 by the placement module.
	if nationalDemo {
		// The platform's own national demo (2,500 clients, a third of
		// them in the home region), as `serve --demo --demo-scale
		// national` loads it for bench/web.
		if _, err := a.LoadDemo(ctx, demo.National, func(string) {}); err != nil {
			return err
		}
	} else {
		if _, err := a.LoadDemo(ctx, demo.Small, func(string) {}); err != nil {
			return err
		}
		var zk int64
		if err := d.QueryRowContext(ctx, `SELECT id FROM users WHERE username = 'zorgkantoor'`).Scan(&zk); err != nil {
			return err
		}
		ps, err := placement.New(placement.Deps{DB: d, Clock: cfg.Clock, Audit: a.Audit, Clients: a.Clients, Logger: cfg.Logger})
		if err != nil {
			return err
		}
		if err := ps.GrowToNationalScale(ctx, a.Clients, zk, 1); err != nil {
			return err
		}
	}
	load := time.Since(start)

	var places, open, userID int
	if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM placement_places`).Scan(&places); err != nil {
		return err
	}
	rows, err := d.QueryContext(ctx, `SELECT id FROM placement_cases WHERE phase IN ('aangemeld','in_beeld','bemiddeling','voorstel')`)
	if err != nil {
		return err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	open = len(ids)
	if err := d.QueryRowContext(ctx, `SELECT id FROM users WHERE username = 'zorgkantoor'`).Scan(&userID); err != nil {
		return err
	}
	var regions []string
	for _, r := range orgs.CareOfficeRegions() {
		regions = append(regions, r.Code)
	}
	// A care-office user of the national table: every region in scope.
	p := &auth.Principal{UserID: int64(userID), Username: "zorgkantoor", DisplayName: "Bench", Role: auth.RoleZorgkantoor, Scope: auth.Scope{Regions: regions}}
	rng := rand.New(rand.NewPCG(1, 2))
	measure := func(path func() string) ([]time.Duration, error) {
		out := make([]time.Duration, 0, n)
		for i := 0; i < n+n/10; i++ {
			req := httptest.NewRequest("GET", path(), nil)
			req = req.WithContext(auth.WithPrincipal(req.Context(), p))
			rec := httptest.NewRecorder()
			t := time.Now()
			a.Router.ServeHTTP(rec, req)
			el := time.Since(t)
			if rec.Code != http.StatusOK {
				body, _ := io.ReadAll(rec.Body)
				return nil, fmt.Errorf("%s: %d %s", req.URL.Path, rec.Code, body)
			}
			if i >= n/10 { // the first tenth warms up
				out = append(out, el)
			}
		}
		slices.Sort(out)
		return out, nil
	}
	if profile != "" {
		f, err := os.Create(profile)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	if page != "" {
		var busiest string
		if err := d.QueryRowContext(ctx, `SELECT region FROM placement_cases WHERE phase IN ('aangemeld','in_beeld','bemiddeling','voorstel')
			GROUP BY region ORDER BY COUNT(*) DESC, region LIMIT 1`).Scan(&busiest); err != nil {
			return err
		}
		p.Scope.Regions = []string{busiest}
		xs, err := measure(func() string { return page })
		if err != nil {
			return err
		}
		pct := func(q float64) time.Duration {
			return xs[min(len(xs)-1, int(q*float64(len(xs))))].Round(time.Microsecond)
		}
		fmt.Printf("machine: %d cores, %s/%s, %s; national demo: %d places, %d open cases; region %s\n", runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, runtime.Version(), places, open, busiest)
		fmt.Printf("%s: %d requests, p50 %s, p90 %s, p99 %s\n", page, len(xs), pct(0.5), pct(0.9), pct(0.99))
		return nil
	}
	rank, err := measure(func() string {
		return "/api/v1/placement/cases/" + strconv.FormatInt(ids[rng.IntN(len(ids))], 10) + "/ranking"
	})
	if err != nil {
		return err
	}
	list, err := measure(func() string { return "/api/v1/placement/places" })
	if err != nil {
		return err
	}
	health, err := measure(func() string { return "/healthz" })
	if err != nil {
		return err
	}
	pct := func(xs []time.Duration, q float64) time.Duration { return xs[min(len(xs)-1, int(q*float64(len(xs))))] }
	fmt.Printf("machine: %d cores, %s/%s, %s\n", runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, runtime.Version())
	fmt.Printf("national demo: %d places, %d open cases, loaded in %s\n", places, open, load.Round(time.Millisecond))
	fmt.Printf("%-10s %8s %10s %10s %10s %10s\n", "route", "requests", "p50", "p90", "p99", "max")
	for _, r := range []struct {
		name string
		xs   []time.Duration
	}{{"ranking", rank}, {"places", list}, {"healthz", health}} {
		fmt.Printf("%-10s %8d %10s %10s %10s %10s\n", r.name, len(r.xs), pct(r.xs, 0.5).Round(time.Microsecond), pct(r.xs, 0.9).Round(time.Microsecond),
			pct(r.xs, 0.99).Round(time.Microsecond), r.xs[len(r.xs)-1].Round(time.Microsecond))
	}
	fmt.Printf("ratio ranking/places (every place read and listed as JSON): p50 %.1f, p99 %.1f\n",
		float64(pct(rank, 0.5))/float64(pct(list, 0.5)), float64(pct(rank, 0.99))/float64(pct(list, 0.99)))
	fmt.Printf("ratio p99 ranking/healthz: %.0f\n", float64(pct(rank, 0.99))/float64(pct(health, 0.99)))
	return nil
}
