package app

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/module"
	"github.com/volwaardig/volwaardig/internal/notify"
	"github.com/volwaardig/volwaardig/internal/orgs"
	"github.com/volwaardig/volwaardig/internal/web"
)

// App is the assembled server.
type App struct {
	cfg      Config
	DB       *db.DB
	Auth     *auth.Service
	Audit    *audit.Log
	Orgs     *orgs.Store
	Notify   *notify.Service
	Clients  *clients.Service
	Router   *web.Router
	Renderer *web.Renderer
	handler  http.Handler
	ready    atomic.Bool
	// stopping is set the moment a shutdown starts: /readyz answers 503
	// from then on, so a load balancer stops sending before the drain.
	stopping atomic.Bool
	metrics  *prometheus.Registry
	// loginOutcomes counts logins by outcome and refusal code.
	loginOutcomes *prometheus.CounterVec
	// metricsToken, when set, is the bearer token /metrics asks for.
	metricsToken string
	jobs         []func(ctx context.Context)
	// modules are the built modules, in the order of moduleDefs.
	modules []module.Module
	// jobStats counts the background jobs' rounds for the metrics.
	jobStats *jobMetrics
	// figures is the last reading of the modules' programme figures
	// (Config.FigureCacheTTL).
	figures figureCache
}

// Migrations lists every module's schema in the order they are applied:
// platform first, modules after, so modules may reference platform tables.
func Migrations() []db.Migrations {
	ms := []db.Migrations{
		auth.Migrations(),
		orgs.Migrations(),
		audit.Migrations(),
		notify.Migrations(),
		clients.Migrations(),
	}
	for _, def := range moduleDefs() {
		ms = append(ms, def.migrations())
	}
	return ms
}

// Open opens the database named in cfg and brings its schema up to date. A
// database with a newer schema than this binary knows is refused.
func Open(ctx context.Context, cfg Config) (*db.DB, error) {
	d, err := db.Open(ctx, cfg.DB, db.WithLogger(cfg.Logger))
	if err != nil {
		return nil, err
	}
	if _, err := d.Migrate(ctx, Migrations(), func() string { return cfg.Clock.Now().Format(time.RFC3339Nano) }); err != nil {
		return nil, errors.Join(err, d.Close())
	}
	return d, nil
}

// New builds the server on an open, migrated database.
func New(ctx context.Context, cfg Config, d *db.DB) (*App, error) {
	if cfg.Clock == nil {
		cfg.Clock = db.SystemClock{}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	cfg.TrustProxy = cfg.proxyHops() > 0
	a := &App{cfg: cfg, DB: d, Orgs: orgs.NewStore(d)}
	a.metrics = prometheus.NewRegistry()
	a.jobStats = newJobMetrics(a.metrics, cfg.Clock)
	if err := cfg.load(); err != nil {
		return nil, err
	}
	a.cfg = cfg
	a.metricsToken = cfg.env.metricsToken
	var err error
	a.Auth, err = auth.New(d, cfg.Clock, auth.Config{DemoMode: cfg.Demo, Secret: cfg.env.secret, Keys: cfg.env.keys, MaxPasswordChecks: cfg.env.maxPasswordChecks}, cfg.Logger)
	if err != nil {
		return nil, err
	}
	a.Auth.RotationDone = a.jobStats.report("totp_rotation")
	a.Auth.PurgeDone = a.jobStats.report("session_purge")
	a.Job(a.Auth.RunRotation)
	a.Job(a.Auth.RunPurge)
	a.Audit, err = audit.New(d, cfg.Clock, cfg.env.audit)
	if err != nil {
		return nil, err
	}
	a.Auth.Audit = loginAuditor{log: a.Audit, logger: cfg.Logger}.Account
	a.Notify = notify.New(d, cfg.Clock, cfg.env.smtp, cfg.Logger)
	a.Notify.JobDone = a.jobStats.report("email")
	a.Job(func(ctx context.Context) { _ = a.Notify.Run(ctx) })
	a.Router = web.NewRouter()
	a.Renderer = web.NewRenderer(a.Router, cfg.Logger)
	// The reference data's texts (organisation code checks, labels).
	a.Renderer.Catalog.Add(orgs.Translations())
	a.Clients, err = clients.New(d, cfg.Clock, a.Audit, a.Renderer, clients.BSNKeys(cfg.env.keys), cfg.Logger)
	if err != nil {
		return nil, err
	}
	a.Clients.Users = a.Auth
	a.Clients.RotationDone = a.jobStats.report("bsn_rotation")
	a.Job(a.Clients.RunRotation)
	a.Auth.ResolveScope = a.Clients.ScopeFor
	a.Renderer.Clock = cfg.Clock.Now
	a.Renderer.Badge = a.Notify.Badge
	a.metrics.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	a.registerOperatorMetrics()
	a.observe()
	if err := a.routes(ctx); err != nil {
		return nil, err
	}
	var h http.Handler = a.Router
	h = a.Auth.Middleware(h)
	h = web.CrossOrigin(h)
	h = a.metricsOnMain(h)
	h = web.SecureHeaders(h, cfg.TrustProxy)
	h = a.withSource(h)
	h = web.TrustedProxies(h, cfg.proxyHops())
	h = web.RequestID(h, cfg.proxyHops() > 0)
	a.handler = h
	return a, nil
}

// withSource puts the client's address into the context for the audit log.
func (a *App) withSource(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(audit.WithSource(r.Context(), auth.ClientIP(r, a.cfg.TrustProxy))))
	})
}

// metricsOnMain answers GET /metrics on the main listener before the
// session and token check, since the monitoring brings its own bearer
// token: without VOLWAARDIG_METRICS_TOKEN it is not there (404), so the
// request counts per route (emergency accesses, crisis reports, failed
// logins) are not public; with a separate metrics listener that is where
// they are.
func (a *App) metricsOnMain(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/metrics" || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
			next.ServeHTTP(w, r)
			return
		}
		if a.metricsToken == "" {
			http.NotFound(w, r)
			return
		}
		a.serveMetrics(w, r)
	})
}

// serveMetrics checks the bearer token when one is configured and writes
// the metrics.
func (a *App) serveMetrics(w http.ResponseWriter, r *http.Request) {
	if a.metricsToken != "" {
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), []byte(a.metricsToken)) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="volwaardig-metrics"`)
			http.Error(w, "metrics: bearer token required", http.StatusUnauthorized)
			return
		}
	}
	promhttp.HandlerFor(a.metrics, promhttp.HandlerOpts{}).ServeHTTP(w, r)
}

// MetricsHandler is the handler of the separate metrics listener: only
// /metrics, behind the token when one is configured.
func (a *App) MetricsHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /metrics", a.serveMetrics)
	return mux
}

// observe records request metrics and an access log line per request, by
// route pattern, never by concrete path or with personal data.
func (a *App) observe() {
	reqs := prometheus.NewCounterVec(prometheus.CounterOpts{Name: "volwaardig_http_requests_total", Help: "HTTP requests by route and status."}, []string{"method", "route", "status"})
	dur := prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "volwaardig_http_request_duration_seconds", Help: "HTTP request duration by route.", Buckets: prometheus.DefBuckets}, []string{"method", "route"})
	a.metrics.MustRegister(reqs, dur)
	logger := a.cfg.Logger
	a.Router.Observe = func(r *http.Request, route web.Route, status int, d time.Duration) {
		reqs.WithLabelValues(route.Method, route.Pattern, strconv.Itoa(status)).Inc()
		dur.WithLabelValues(route.Method, route.Pattern).Observe(d.Seconds())
		// A 503 from the probes while starting or stopping is their
		// answer, not a failure: it is not logged as an error.
		probe := route.Pattern == "/readyz" || route.Pattern == "/healthz"
		if status >= 500 && !probe {
			logger.ErrorContext(r.Context(), "request", "method", route.Method, "route", route.Pattern, "status", status, "ms", d.Milliseconds())
		} else {
			logger.DebugContext(r.Context(), "request", "method", route.Method, "route", route.Pattern, "status", status, "ms", d.Milliseconds())
		}
	}
}

// Handler is the complete HTTP handler.
func (a *App) Handler() http.Handler { return a.handler }

// SetReady marks the server ready (database migrated, demo loaded).
func (a *App) SetReady() { a.ready.Store(true) }

func (a *App) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
}

func (a *App) readyz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if a.stopping.Load() {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("stopping\n"))
		return
	}
	if !a.ready.Load() {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("starting\n"))
		return
	}
	if err := a.DB.Ping(ctx); err != nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("database unreachable\n"))
		return
	}
	if pending, err := a.DB.Status(ctx, Migrations()); err != nil || len(pending) > 0 {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("database not migrated\n"))
		return
	}
	_, _ = w.Write([]byte("ready\n"))
}

// Job adds a background job that runs until the server stops.
func (a *App) Job(fn func(ctx context.Context)) { a.jobs = append(a.jobs, fn) }

// Serve listens on the configured address until ctx ends, then shuts down
// gracefully: it stops accepting, lets running requests finish (up to 20 s),
// stops background jobs and flushes the audit log.
func (a *App) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           a.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute,
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(a.cfg.Logger.Handler(), slog.LevelWarn),
	}
	jobCtx, stopJobs := context.WithCancel(context.Background())
	done := make(chan struct{})
	for _, j := range a.jobs {
		go func() {
			j(jobCtx)
			done <- struct{}{}
		}()
	}
	errc := make(chan error, 2)
	go func() { errc <- srv.Serve(ln) }()
	var msrv *http.Server
	if a.cfg.MetricsAddr != "" {
		mln, err := net.Listen("tcp", a.cfg.MetricsAddr)
		if err != nil {
			stopJobs()
			_ = srv.Close()
			for range a.jobs {
				<-done
			}
			_ = a.Close()
			return fmt.Errorf("metrics listener %s: %w", a.cfg.MetricsAddr, err)
		}
		msrv = &http.Server{Handler: a.MetricsHandler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
			WriteTimeout: 30 * time.Second, ErrorLog: srv.ErrorLog}
		go func() { errc <- msrv.Serve(mln) }()
	}
	var err error
	select {
	case <-ctx.Done():
	case err = <-errc:
	}
	a.stopping.Store(true)
	if d := a.cfg.ShutdownDelay; d > 0 && err == nil {
		// Keep serving while /readyz says 503, so the load balancer
		// notices and stops sending new requests before the drain.
		a.cfg.Logger.Info("shutting down: not ready, draining after the delay", "delay", d.String())
		time.Sleep(d)
	}
	shutCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if e := srv.Shutdown(shutCtx); e != nil && err == nil {
		err = e
	}
	if msrv != nil {
		_ = msrv.Shutdown(shutCtx)
	}
	stopJobs()
	for range a.jobs {
		<-done
	}
	if e := a.Close(); e != nil && err == nil {
		err = e
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// Close flushes the audit log and closes the database.
func (a *App) Close() error {
	var err error
	if a.Audit != nil {
		if e := a.Audit.Close(); e != nil {
			err = fmt.Errorf("close audit log: %w", e)
		}
		a.Audit = nil
	}
	return err
}

// loginAuditor records logins in the audit trail.
type loginAuditor struct {
	log    *audit.Log
	logger *slog.Logger
	// outcomes, when set, counts logins for the metrics.
	outcomes *prometheus.CounterVec
}

func (l loginAuditor) Login(ctx context.Context, p *auth.Principal, ok bool, detail string) {
	if l.outcomes != nil {
		if ok {
			l.outcomes.WithLabelValues("success", detail).Inc()
		} else {
			l.outcomes.WithLabelValues("refused", detail).Inc()
		}
	}
	ev := audit.Event{Action: audit.ActionLogin, Object: "session", Purpose: audit.PurposeSecurity, Outcome: audit.OutcomeSuccess}
	if !ok {
		// A refusal has no principal: the name tried (which may be
		// anyone's), the account id when one is known, and why, as a code
		// in the object (login_refused.locked, login_refused.code_wrong).
		ev.Outcome = audit.OutcomeDenied
		ev.UserName = p.Username
		ev.Object = "login_refused." + detail
		if p.UserID > 0 {
			ev.ObjectID = strconv.FormatInt(p.UserID, 10)
		}
		p = nil
	}
	if err := l.log.Record(ctx, p, ev); err != nil {
		l.logger.ErrorContext(ctx, "audit of a login failed", "object", ev.Object, "err", err)
	}
}

// Account records a change to an account (NEN 7513): by whom, which
// change, which account, by id only. A change from the command line has
// no principal and is recorded under the name "command line".
func (l loginAuditor) Account(ctx context.Context, ev auth.AccountEvent) {
	e := audit.Event{Action: audit.ActionUpdate, Object: ev.Change, ObjectID: strconv.FormatInt(ev.UserID, 10), Purpose: audit.PurposeSecurity, Outcome: audit.OutcomeSuccess}
	if ev.Change == "account.create" {
		e.Action = audit.ActionCreate
	}
	if !ev.OK {
		e.Outcome = audit.OutcomeFailure
	}
	if ev.Actor == nil {
		e.UserName = "command line"
	}
	if err := l.log.Record(ctx, ev.Actor, e); err != nil {
		l.logger.Error("audit of an account change failed", "change", ev.Change, "err", err)
	}
}
