// Package app wires the platform and the modules into one server: it opens
// the database, runs migrations, builds every service from configuration and
// registers every module's routes (routes.go) into one router.
package app

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/authweb"
	"github.com/volwaardig/volwaardig/internal/crisis"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/keyring"
	"github.com/volwaardig/volwaardig/internal/notify"
	"github.com/volwaardig/volwaardig/internal/placement"
	"github.com/volwaardig/volwaardig/internal/sleep"
)

// Config is the server's configuration, from flags and environment.
type Config struct {
	Addr       string
	DB         string
	Demo       bool
	DemoScale  string // "" or "small" (default) or "national"
	TrustProxy bool
	// TrustProxyHops is the number of proxies in a row in front of the
	// server whose X-Forwarded-For entries are trusted; with TrustProxy
	// and no number, 1.
	TrustProxyHops int
	// MetricsAddr, when set, is a listener of its own for /metrics (an
	// address only the monitoring can reach).
	MetricsAddr string
	// ShutdownDelay is how long the server keeps serving, with /readyz
	// answering 503, after a shutdown starts and before it drains
	// (--shutdown-delay, VOLWAARDIG_SHUTDOWN_DELAY; 0 by default, a few
	// seconds behind a load balancer).
	ShutdownDelay time.Duration
	// FigureCacheTTL is how long the programme figures, read from every
	// module for the monitor and the programme's start page, are reused
	// before they are read again. At national scale a reading costs a
	// hundred milliseconds of counting, and the figures are a programme
	// overview, not a live register; serve sets 30 s. 0 (tests) reads
	// them on every request.
	FigureCacheTTL time.Duration
	Getenv         func(string) string
	Logger         *slog.Logger
	Clock          db.Clock

	// The modules' settings, read from the environment by
	// readModuleSettings when New starts (a test may set them directly
	// and leave the variables unset).
	Placement placement.Config
	Crisis    crisis.Config
	Sleep     sleep.Config

	// env holds the platform's settings read from the environment by
	// load: secrets, keys and connections.
	env envSettings
}

// envSettings are the platform's settings from the environment.
type envSettings struct {
	secret            []byte
	metricsToken      string
	maxPasswordChecks int
	keys              *keyring.Ring
	audit             audit.Config
	smtp              notify.SMTPConfig
	oidc              authweb.OIDCConfig
}

// load reads every setting of the server from the environment, the one
// place it is read: each secret also from NAME_FILE (SecretsFromFiles),
// the platform's keys, secrets and connections, and the modules'
// settings. The flags were read before, by the command line into the
// other fields.
func (c *Config) load() error {
	getenv, err := SecretsFromFiles(c.Getenv)
	if err != nil {
		return err
	}
	c.Getenv = getenv
	u, err := db.ParseURL(c.DB)
	if err != nil {
		return err
	}
	// A demo run, and a run on SQLite (one instance by nature), may keep
	// generated keys beside the database.
	generate := c.Demo || u.IsSQLite()
	e := &c.env
	e.metricsToken = strings.TrimSpace(getenv(EnvMetricsToken))
	if e.secret, err = sessionSecret(*c, u); err != nil {
		return err
	}
	if e.keys, err = keyring.FromEnv(getenv, c.DB, generate, c.Logger); err != nil {
		return err
	}
	if v := getenv(EnvMaxPasswordChecks); v != "" {
		if e.maxPasswordChecks, err = strconv.Atoi(v); err != nil || e.maxPasswordChecks < 1 {
			return fmt.Errorf("%s must be a positive number of concurrent password checks (each takes 19 MiB), got %q", EnvMaxPasswordChecks, v)
		}
	}
	if e.audit, err = audit.ConfigFromEnv(getenv, c.DB, generate, c.Logger); err != nil {
		return err
	}
	if e.smtp, err = smtpConfig(getenv); err != nil {
		return err
	}
	e.oidc = oidcConfig(getenv)
	if err := c.readModuleSettings(); err != nil {
		return err
	}
	return nil
}

// readModuleSettings reads the modules' settings from the environment
// into c, where the variable is set; it is the one place they are read.
//   - VOLWAARDIG_PLACEMENT_DECLINE: the consequence per decline reason
//     (placement.ParseConsequences);
//   - VOLWAARDIG_CRISIS_STALE_AFTER, VOLWAARDIG_CRISIS_WARN_BEFORE: see
//     crisisConfig;
//   - VOLWAARDIG_MAX_SLEEP_INGESTS: device files read at once.
func (c *Config) readModuleSettings() error {
	if v := c.Getenv("VOLWAARDIG_PLACEMENT_DECLINE"); v != "" {
		cons, err := placement.ParseConsequences(v)
		if err != nil {
			return err
		}
		c.Placement.Consequences = cons
	}
	cc, err := crisisConfig(c.Getenv)
	if err != nil {
		return err
	}
	if cc.StaleAfter > 0 {
		c.Crisis.StaleAfter = cc.StaleAfter
	}
	if cc.WarnBefore > 0 {
		c.Crisis.WarnBefore = cc.WarnBefore
	}
	if v := c.Getenv(EnvMaxSleepIngests); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			return fmt.Errorf("%s must be a positive number of sleep files read at once, got %q", EnvMaxSleepIngests, v)
		}
		c.Sleep.MaxIngests = n
	}
	return nil
}

// crisisConfig reads the module's times from the environment:
// VOLWAARDIG_CRISIS_STALE_AFTER (age after which availability is shown as
// stale, default 24h) and VOLWAARDIG_CRISIS_WARN_BEFORE (how long before a
// deadline everyone involved is told, default 6h), as Go durations.
func crisisConfig(getenv func(string) string) (crisis.Config, error) {
	var cfg crisis.Config
	for _, v := range []struct {
		name string
		dst  *time.Duration
	}{{"VOLWAARDIG_CRISIS_STALE_AFTER", &cfg.StaleAfter}, {"VOLWAARDIG_CRISIS_WARN_BEFORE", &cfg.WarnBefore}} {
		s := getenv(v.name)
		if s == "" {
			continue
		}
		d, err := time.ParseDuration(s)
		if err != nil || d <= 0 {
			return cfg, fmt.Errorf("%s=%q: use a positive duration such as 24h", v.name, s)
		}
		*v.dst = d
	}
	return cfg, nil
}

// Environment variables read by the server (the flags' defaults).
const (
	EnvAddr       = "VOLWAARDIG_ADDR"
	EnvDB         = "VOLWAARDIG_DB"
	EnvDemo       = "VOLWAARDIG_DEMO"
	EnvTrustProxy = "VOLWAARDIG_TRUST_PROXY"
	EnvSecret     = "VOLWAARDIG_SECRET"
	// EnvMaxPasswordChecks bounds the argon2id checks running at once
	// (default twice the number of CPUs).
	EnvMaxPasswordChecks = "VOLWAARDIG_MAX_PASSWORD_CHECKS"
	// EnvTrustProxyHops is the number of trusted proxies in a row.
	EnvTrustProxyHops = "VOLWAARDIG_TRUST_PROXY_HOPS"
	// EnvMetricsAddr is the separate listener for /metrics.
	EnvMetricsAddr = "VOLWAARDIG_METRICS_ADDR"
	// EnvMetricsToken is the bearer token for /metrics (or, with _FILE,
	// the file holding it).
	EnvMetricsToken = "VOLWAARDIG_METRICS_TOKEN"
	// EnvMaxSleepIngests bounds the sleep device files read at once
	// (default 1; each may hold a recording of up to about a gigabyte).
	EnvMaxSleepIngests = "VOLWAARDIG_MAX_SLEEP_INGESTS"
)

// proxyHops is how many forwarding proxies the server trusts: none
// without TrustProxy, else TrustProxyHops or 1.
func (c Config) proxyHops() int {
	if !c.TrustProxy && c.TrustProxyHops <= 0 {
		return 0
	}
	return max(c.TrustProxyHops, 1)
}

// DefaultDB is the embedded default database of DESIGN §4.
const DefaultDB = "sqlite:./volwaardig.db"

// IsSQLite reports whether a database URL names an SQLite file.
func IsSQLite(url string) bool {
	u, err := db.ParseURL(url)
	return err == nil && u.IsSQLite()
}

// sessionSecret returns the HMAC secret for device cookies. Several
// instances must share it, so production sets VOLWAARDIG_SECRET; a run on
// SQLite (one instance by nature) may keep a generated one next to its
// database file.
func sessionSecret(cfg Config, u db.URL) ([]byte, error) {
	if s := cfg.Getenv(EnvSecret); s != "" {
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil || len(b) < 32 {
			return nil, fmt.Errorf("%s must be base64 of at least 32 random bytes (e.g. openssl rand -base64 32)", EnvSecret)
		}
		return b, nil
	}
	if !u.IsSQLite() {
		return nil, fmt.Errorf("set %s: instances on PostgreSQL must share one secret (base64 of 32 random bytes)", EnvSecret)
	}
	path := u.Beside(".secret")
	if b, err := os.ReadFile(path); err == nil {
		k, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(b)))
		if err != nil || len(k) < 32 {
			return nil, fmt.Errorf("%s is damaged: remove it to generate a new secret", path)
		}
		return k, nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	k := make([]byte, 32)
	if _, err := rand.Read(k); err != nil {
		return nil, err
	}
	if err := os.WriteFile(path, []byte(base64.StdEncoding.EncodeToString(k)+"\n"), 0o600); err != nil {
		return nil, fmt.Errorf("store generated secret: %w", err)
	}
	cfg.Logger.Warn("no "+EnvSecret+" configured: generated one next to the database", "path", path)
	return k, nil
}

// smtpConfig reads the e-mail settings; without VOLWAARDIG_SMTP_HOST e-mail
// is off and notifications stay in the application.
func smtpConfig(getenv func(string) string) (notify.SMTPConfig, error) {
	c := notify.SMTPConfig{
		Host:     getenv("VOLWAARDIG_SMTP_HOST"),
		Username: getenv("VOLWAARDIG_SMTP_USER"),
		Password: getenv("VOLWAARDIG_SMTP_PASSWORD"),
		From:     getenv("VOLWAARDIG_SMTP_FROM"),
		BaseURL:  getenv("VOLWAARDIG_BASE_URL"),
	}
	if !c.Enabled() {
		return c, nil
	}
	if p := getenv("VOLWAARDIG_SMTP_PORT"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n <= 0 || n > 65535 {
			return c, fmt.Errorf("VOLWAARDIG_SMTP_PORT: %q is not a port number", p)
		}
		c.Port = n
	}
	if m := getenv("VOLWAARDIG_SMTP_TLS"); m != "" {
		mode, err := notify.ParseTLSMode(m)
		if err != nil {
			return c, fmt.Errorf("VOLWAARDIG_SMTP_TLS: %w", err)
		}
		c.TLS = mode
	}
	return c, c.Validate()
}

func oidcConfig(getenv func(string) string) authweb.OIDCConfig {
	return authweb.OIDCConfig{
		Issuer:       getenv("VOLWAARDIG_OIDC_ISSUER"),
		ClientID:     getenv("VOLWAARDIG_OIDC_CLIENT_ID"),
		ClientSecret: getenv("VOLWAARDIG_OIDC_CLIENT_SECRET"),
		RedirectURL:  getenv("VOLWAARDIG_OIDC_REDIRECT_URL"),
		ACRValues:    strings.Split(getenv("VOLWAARDIG_OIDC_ACR_VALUES"), ","),
		MinACR:       strings.TrimSpace(getenv("VOLWAARDIG_OIDC_MIN_ACR")),
	}
}
