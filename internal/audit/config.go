package audit

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"time"

	"github.com/volwaardig/volwaardig/internal/db"
)

// Environment variables of the audit log's configuration.
const (
	EnvKey                = "VOLWAARDIG_AUDIT_KEY"                 // base64 Ed25519 seed
	EnvCheckpoints        = "VOLWAARDIG_AUDIT_CHECKPOINTS"         // checkpoint file path
	EnvInstance           = "VOLWAARDIG_INSTANCE"                  // instance id
	EnvCheckpointEvery    = "VOLWAARDIG_AUDIT_CHECKPOINT_EVERY"    // entries
	EnvCheckpointInterval = "VOLWAARDIG_AUDIT_CHECKPOINT_INTERVAL" // Go duration, e.g. 30s
	EnvCommitWindow       = "VOLWAARDIG_AUDIT_COMMIT_WINDOW"       // Go duration, e.g. 5ms; default 0, off
)

// Config configures a Log. Zero values take the defaults noted per field.
type Config struct {
	// Key signs the checkpoints. Required.
	Key ed25519.PrivateKey
	// InstanceID names this server instance in its chain ids; default the
	// host name.
	InstanceID string
	// CheckpointFile is where checkpoints are appended outside the
	// database; empty disables the file (the process log still gets them).
	CheckpointFile string
	// CheckpointEvery writes a checkpoint after this many entries; default
	// 1000.
	CheckpointEvery int
	// CheckpointInterval writes a checkpoint when this much time passed
	// since the last one and entries were written since; default 30 s.
	CheckpointInterval time.Duration
	// MaxBatch bounds how many entries one group commit writes; default 256.
	MaxBatch int
	// PendingInterval is how often entries written by RecordTx are moved into
	// the chain; default 500 ms.
	PendingInterval time.Duration
	// CommitWindow is the least time between two group commits while
	// requests keep coming: when the previous commit had company (more
	// than one entry, or entries queued while it was written), the next
	// gathers entries until this long after it. Every commit rewrites the
	// index pages it touches and makes every reader of the database drop
	// its page cache, so under load fewer, larger commits cost much less
	// per entry; a lone request (one user, a script recording one entry
	// after another) is still written at once. Entries are throttled this
	// way, never dropped: each caller still waits until its entry is
	// committed. Zero (the default) turns it off: behind wrk at 50
	// connections a 5 ms window gave the register pages no measurable gain
	// on SQLite (BENCHMARKS.md, "Web", 2026-12-08), and it adds up to its
	// length to every commit a request waits for under load.
	CommitWindow time.Duration
	// Logger receives every checkpoint as a structured line (and errors of
	// the background writer). Default: discard.
	Logger *slog.Logger
}

func (c *Config) defaults() error {
	if len(c.Key) != ed25519.PrivateKeySize {
		return errors.New("audit: no signing key configured (set " + EnvKey + ")")
	}
	if c.InstanceID == "" {
		h, err := os.Hostname()
		if err != nil || h == "" {
			h = "instance"
		}
		c.InstanceID = h
	}
	if c.CheckpointEvery <= 0 {
		c.CheckpointEvery = 1000
	}
	if c.CheckpointInterval <= 0 {
		c.CheckpointInterval = 30 * time.Second
	}
	if c.MaxBatch <= 0 {
		c.MaxBatch = 256
	}
	if c.PendingInterval <= 0 {
		c.PendingInterval = 500 * time.Millisecond
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return nil
}

// besideDB names a file next to the SQLite database (same directory, same
// base name with suffix), or in the working directory for PostgreSQL; an
// unreadable URL (which the server refuses anyway) is taken as PostgreSQL.
func besideDB(dbURL, suffix string) string {
	u, err := db.ParseURL(dbURL)
	if err != nil {
		return "volwaardig" + suffix
	}
	return u.Beside(suffix)
}

// DefaultCheckpointPath is the checkpoint file used when none is configured:
// next to the SQLite file ("volwaardig.db" → "volwaardig.audit-checkpoints.jsonl").
func DefaultCheckpointPath(dbURL string) string {
	return besideDB(dbURL, ".audit-checkpoints.jsonl")
}

// DemoKeyPath is where a demo run keeps the signing key it generated.
func DemoKeyPath(dbURL string) string { return besideDB(dbURL, ".audit-key") }

// ConfigFromEnv builds the configuration from the environment. Without a key
// a demo run generates one and stores it next to the database (with a
// warning on logger); any other run refuses to start, because checkpoints
// signed with a throw-away key prove nothing.
func ConfigFromEnv(getenv func(string) string, dbURL string, demo bool, logger *slog.Logger) (Config, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	cfg := Config{Logger: logger, InstanceID: getenv(EnvInstance)}
	if s := getenv(EnvKey); s != "" {
		k, err := ParsePrivateKey(s)
		if err != nil {
			return cfg, err
		}
		cfg.Key = k
	} else if demo {
		path := DemoKeyPath(dbURL)
		k, created, err := LoadOrCreateKeyFile(path)
		if err != nil {
			return cfg, fmt.Errorf("audit demo key: %w", err)
		}
		if created {
			logger.Warn("no audit key configured: generated a demo signing key; configure "+EnvKey+" in production",
				"path", path, "public_key", FormatPublicKey(k.Public().(ed25519.PublicKey)))
		}
		cfg.Key = k
	} else {
		return cfg, errors.New("audit: no signing key configured: set " + EnvKey + " to base64 of a 32-byte Ed25519 seed")
	}
	cfg.CheckpointFile = getenv(EnvCheckpoints)
	if cfg.CheckpointFile == "" {
		cfg.CheckpointFile = DefaultCheckpointPath(dbURL)
	}
	if s := getenv(EnvCheckpointEvery); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 {
			return cfg, fmt.Errorf("%s: %q is not a positive number", EnvCheckpointEvery, s)
		}
		cfg.CheckpointEvery = n
	}
	if s := getenv(EnvCheckpointInterval); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d <= 0 {
			return cfg, fmt.Errorf("%s: %q is not a positive duration such as 30s", EnvCheckpointInterval, s)
		}
		cfg.CheckpointInterval = d
	}
	if s := getenv(EnvCommitWindow); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d < 0 || d > time.Second {
			return cfg, fmt.Errorf("%s: %q is not a duration from 0 to 1s such as 5ms", EnvCommitWindow, s)
		}
		cfg.CommitWindow = d
	}
	return cfg, nil
}
