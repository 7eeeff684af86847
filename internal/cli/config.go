package cli

import (
	"os"
	"strings"

	"github.com/volwaardig/volwaardig/internal/audit"
)

// This file is the one place the commands read the environment; every
// other file asks these functions (a grep test, TestOnlyConfigReadsEnvironment,
// holds that). The environment arrives as Env.Getenv, which Run has already
// wrapped with app.SecretsFromFiles for the commands that use the
// configuration, so each secret here (VOLWAARDIG_DB, VOLWAARDIG_AUDIT_KEY)
// may also come from NAME_FILE, read by the same loader as for the server.

// envOr is the variable key, or def when it is unset or empty: the default
// of a flag (DESIGN §4: a flag overrides its variable).
func envOr(env Env, key, def string) string {
	if v := env.Getenv(key); v != "" {
		return v
	}
	return def
}

// envBool reads a yes/no variable: 1, true or yes is yes.
func envBool(env Env, key string) bool {
	v := strings.ToLower(env.Getenv(key))
	return v == "1" || v == "true" || v == "yes"
}

// opsConfig is what the operations commands (audit verify, backup,
// restore) take from the environment, with the names the server uses.
type opsConfig struct {
	// DB is VOLWAARDIG_DB ("" when unset; the command picks its default).
	DB string
	// AuditKey is VOLWAARDIG_AUDIT_KEY, the key that verifies signatures.
	AuditKey string
	// Checkpoints are the files of VOLWAARDIG_AUDIT_CHECKPOINTS, split at
	// the path list separator (nil when unset).
	Checkpoints []string
}

// loadOpsConfig reads the operations commands' settings from env.
func loadOpsConfig(env Env) opsConfig {
	c := opsConfig{DB: env.Getenv(auditEnvDB), AuditKey: env.Getenv(audit.EnvKey)}
	if s := env.Getenv(audit.EnvCheckpoints); s != "" {
		c.Checkpoints = strings.Split(s, string(os.PathListSeparator))
	}
	return c
}

// checkpointFilesFor names the external audit checkpoint files of a
// database, as the server and `audit verify` find them: the configured
// ones, else the file next to a SQLite database.
func (c opsConfig) checkpointFilesFor(dbURL string) []string {
	if len(c.Checkpoints) > 0 {
		return c.Checkpoints
	}
	return []string{audit.DefaultCheckpointPath(dbURL)}
}
