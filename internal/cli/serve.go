package cli

import (
	"errors"
	"flag"
	"fmt"
	"github.com/volwaardig/volwaardig/internal/web"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/app"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/demo"
)

// serverFlags are the flags shared by commands that open the database; each
// reads its default from the environment (DESIGN §4).
type serverFlags struct {
	addr, dbURL, demoScale, logLevel, metricsAddr string
	demo, trustProxy                              bool
	trustProxyHops                                int
	shutdownDelay                                 time.Duration
}

func (sf *serverFlags) registerDB(fs *flag.FlagSet, env Env) {
	fs.StringVar(&sf.dbURL, "db", envOr(env, app.EnvDB, app.DefaultDB), "database: sqlite:PATH or a postgres:// URL (env "+app.EnvDB+")")
	fs.StringVar(&sf.logLevel, "log-level", envOr(env, "VOLWAARDIG_LOG_LEVEL", "info"), "log level: debug, info, warn, error (env VOLWAARDIG_LOG_LEVEL)")
}

func (sf *serverFlags) logger(env Env) *slog.Logger {
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(sf.logLevel)); err != nil {
		lvl = slog.LevelInfo
	}
	return slog.New(web.LogHandler(slog.NewJSONHandler(env.Stderr, &slog.HandlerOptions{Level: lvl})))
}

func (sf *serverFlags) config(env Env, logger *slog.Logger) app.Config {
	return app.Config{Addr: sf.addr, DB: sf.dbURL, Demo: sf.demo, DemoScale: sf.demoScale, TrustProxy: sf.trustProxy,
		TrustProxyHops: sf.trustProxyHops, MetricsAddr: sf.metricsAddr, ShutdownDelay: sf.shutdownDelay, FigureCacheTTL: 30 * time.Second, Getenv: env.Getenv, Logger: logger, Clock: db.SystemClock{}}
}

// openFailure maps an open/migrate error to a message and exit status.
func openFailure(env Env, err error) int {
	var tooNew *db.SchemaTooNewError
	if errors.As(err, &tooNew) {
		env.errorf("volwaardig: %v\n", err)
		return ExitOperational
	}
	env.errorf("volwaardig: %v\n", err)
	return ExitOperational
}

func runServe(env Env, args []string) int {
	var sf serverFlags
	fs := newFlagSet(env, "serve", "serve [flags]")
	fs.StringVar(&sf.addr, "addr", envOr(env, app.EnvAddr, "127.0.0.1:8080"), "listen address HOST:PORT (env "+app.EnvAddr+")")
	sf.registerDB(fs, env)
	fs.BoolVar(&sf.demo, "demo", envBool(env, app.EnvDemo), "load the demo data set into an empty database and admit the demo accounts (env "+app.EnvDemo+")")
	fs.StringVar(&sf.demoScale, "demo-scale", envOr(env, "VOLWAARDIG_DEMO_SCALE", "small"), "demo size: small or national (env VOLWAARDIG_DEMO_SCALE)")
	fs.BoolVar(&sf.trustProxy, "trust-proxy", envBool(env, app.EnvTrustProxy), "trust X-Forwarded-For/-Proto from a TLS-terminating proxy in front (env "+app.EnvTrustProxy+")")
	hops := envOr(env, app.EnvTrustProxyHops, "0")
	fs.StringVar(&hops, "trust-proxy-hops", hops, "number of trusted proxies in a row in front; the client's address is that many X-Forwarded-For entries from the end (implies --trust-proxy; default 1 with it) (env "+app.EnvTrustProxyHops+")")
	delay := envOr(env, "VOLWAARDIG_SHUTDOWN_DELAY", "0s")
	fs.Func("shutdown-delay", "after SIGTERM, keep serving this long with /readyz answering 503 before draining, e.g. 5s behind a load balancer (env VOLWAARDIG_SHUTDOWN_DELAY; default "+delay+")", func(v string) error {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 || d > time.Minute {
			return fmt.Errorf("want a duration between 0s and 1m, such as 5s")
		}
		sf.shutdownDelay = d
		return nil
	})
	if d, err := time.ParseDuration(delay); err == nil && d >= 0 && d <= time.Minute {
		sf.shutdownDelay = d
	} else {
		env.errorf("volwaardig serve: VOLWAARDIG_SHUTDOWN_DELAY=%q: want a duration between 0s and 1m, such as 5s\n", delay)
		return ExitUsage
	}
	fs.StringVar(&sf.metricsAddr, "metrics-addr", envOr(env, app.EnvMetricsAddr, ""), "separate listen address HOST:PORT for /metrics; without it or "+app.EnvMetricsToken+" /metrics is not served (env "+app.EnvMetricsAddr+")")
	pos, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	n, err := strconv.Atoi(hops)
	if err != nil || n < 0 || n > 16 {
		env.errorf("volwaardig serve: --trust-proxy-hops %q: give the number of proxies in front, 0 to 16\n", hops)
		return ExitUsage
	}
	sf.trustProxyHops = n
	if len(pos) > 0 {
		env.errorf("volwaardig serve: unexpected argument %q\n", pos[0])
		return ExitUsage
	}
	scale, err := demo.ParseScale(sf.demoScale)
	if err != nil {
		env.errorf("volwaardig serve: %v\n", err)
		return ExitUsage
	}
	logger := sf.logger(env)
	cfg := sf.config(env, logger)
	ctx := env.Ctx
	defer app.TuneGC(env.Getenv)()
	d, err := app.Open(ctx, cfg)
	if err != nil {
		return openFailure(env, err)
	}
	defer env.closeLogged("database", d)
	a, err := app.New(ctx, cfg, d)
	if err != nil {
		env.errorf("volwaardig serve: %v\n", err)
		return ExitOperational
	}
	ln, err := net.Listen("tcp", sf.addr)
	if err != nil {
		env.closeLogged("application", a)
		env.errorf("volwaardig serve: cannot listen on %s: %v\n", sf.addr, err)
		return ExitOperational
	}
	url := "http://" + ln.Addr().String()
	// Serve at once so /healthz answers and /readyz says 503 while the
	// demo data loads.
	served := make(chan error, 1)
	go func() { served <- a.Serve(ctx, ln) }()
	if sf.demo {
		// The national data set takes a minute or more: a bar per step
		// shows how far it is (one line each, so it reads in a log too).
		total, n, began := a.DemoSteps(), 0, time.Now()
		loaded, err := a.LoadDemo(ctx, scale, func(step string) {
			n++
			logger.Info("demo data", "step", step)
			env.printf("Demodata laden %s %d/%d %s (%s)\n", progressBar(n-1, total, 20), n, total, step, time.Since(began).Round(time.Second))
		})
		if err != nil {
			env.errorf("volwaardig serve: demo data: %v\n", err)
			return ExitOperational
		}
		if !loaded {
			env.println("De database bevat al gegevens: demodata niet opnieuw geladen (the database already holds data; demo data not loaded).")
		}
		env.printf("Demo-accounts (wachtwoord %q): %s\n", demo.Password, strings.Join(demo.Accounts(), ", "))
	}
	a.SetReady()
	env.printf("Volwaardig draait op %s (database %s). Stop met Ctrl+C.\n", url, redactURL(sf.dbURL))
	if err := <-served; err != nil {
		env.errorf("volwaardig serve: %v\n", err)
		return ExitOperational
	}
	return ExitOK
}

// redactURL hides a password in a database URL before printing it.
func redactURL(u string) string {
	if i := strings.Index(u, "://"); i >= 0 {
		rest := u[i+3:]
		if at := strings.Index(rest, "@"); at >= 0 {
			cred := rest[:at]
			if c := strings.Index(cred, ":"); c >= 0 {
				return u[:i+3] + cred[:c] + ":***" + rest[at:]
			}
		}
	}
	return u
}

func runMigrate(env Env, args []string) int {
	var sf serverFlags
	fs := newFlagSet(env, "migrate", "migrate [flags]")
	sf.registerDB(fs, env)
	pos, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		env.errorf("volwaardig migrate: unexpected argument %q\n", pos[0])
		return ExitUsage
	}
	ctx := env.Ctx
	d, err := db.Open(ctx, sf.dbURL)
	if err != nil {
		return openFailure(env, err)
	}
	defer env.closeLogged("database", d)
	done, err := d.Migrate(ctx, app.Migrations(), func() string { return db.SystemClock{}.Now().Format("2006-01-02T15:04:05.999999999Z07:00") })
	for _, m := range done {
		env.printf("applied %s %04d_%s\n", m.Module, m.Version, m.Name)
	}
	if err != nil {
		return openFailure(env, err)
	}
	if len(done) == 0 {
		env.println("schema up to date")
	}
	return ExitOK
}

// progressBar draws done of total as a bar of width characters:
// "[######··············]".
func progressBar(done, total, width int) string {
	if total <= 0 {
		return ""
	}
	filled := min(width, max(0, done*width/total))
	return "[" + strings.Repeat("#", filled) + strings.Repeat("·", width-filled) + "]"
}
