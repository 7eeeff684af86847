package cli

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/db"
)

// auditEnvDB names the database for "audit verify", as for the server.
const auditEnvDB = "VOLWAARDIG_DB"

// auditDefaultDB is DESIGN §4's default database.
const auditDefaultDB = "sqlite:volwaardig.db"

func runAudit(env Env, args []string) int {
	if len(args) == 0 {
		env.errorln("Usage: volwaardig audit verify [flags]\n\nCommands:\n  verify   check the audit hash chains and their signed checkpoints")
		return ExitUsage
	}
	switch args[0] {
	case "verify":
		return runAuditVerify(env, args[1:])
	case "-h", "--help", "-help", "help":
		env.println("Usage: volwaardig audit verify [flags]\n\nCommands:\n  verify   check the audit hash chains and their signed checkpoints\n\nRun 'volwaardig audit verify --help' for its flags.")
		return ExitOK
	}
	env.errorf("volwaardig audit: unknown command %q (the command is: verify)\n", args[0])
	return ExitUsage
}

// auditMaxPrinted bounds the problems printed; the first ones are what matter.
const auditMaxPrinted = 50

func runAuditVerify(env Env, args []string) int {
	fs := newFlagSet(env, "audit verify", "audit verify [--db URL] [--audit-key KEY] [--checkpoints FILE]...\n\n"+
		"Checks every audit hash chain: sequence continuity, hash links, the content of each entry,\n"+
		"checkpoint signatures, that the database's checkpoints agree with the external checkpoint\n"+
		"files, and that no chain is shorter than a signed checkpoint says (truncation).\n"+
		"Exit status: 0 intact, 1 broken (the first broken or missing entry is named on stderr),\n"+
		"2 wrong usage, 3 database unreachable.")
	dbURL := fs.String("db", "", "database: sqlite:PATH or a postgres:// URL (default $"+auditEnvDB+", else "+auditDefaultDB+")")
	var keyFlags []string
	fs.Func("audit-key", "key to verify signatures: the server's base64 seed, or "+audit.PublicKeyPrefix+
		"BASE64 public key; repeat to accept earlier keys after a rotation, the first being the current one\n(default $"+
		audit.EnvKey+", else a demo key stored next to a SQLite database)", func(s string) error {
		keyFlags = append(keyFlags, s)
		return nil
	})
	var files []string
	fs.Func("checkpoints", "external checkpoint file or JSON process log; repeat for several instances (default $"+
		audit.EnvCheckpoints+", else the file next to a SQLite database)", func(s string) error {
		files = append(files, s)
		return nil
	})
	rest, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(rest) > 0 {
		env.errorf("volwaardig audit verify: unexpected argument %q\n", rest[0])
		fs.Usage()
		return ExitUsage
	}
	cfg := loadOpsConfig(env)
	if *dbURL == "" {
		*dbURL = cfg.DB
	}
	if *dbURL == "" {
		*dbURL = auditDefaultDB
	}

	// A missing SQLite file is an unreachable database; db.Open would
	// create an empty one instead.
	if p := auditSQLitePath(*dbURL); p != "" {
		if _, err := os.Stat(p); err != nil {
			env.errorf("volwaardig audit verify: database unreachable: %v\n", err)
			return ExitOperational
		}
	}

	first := ""
	if len(keyFlags) > 0 {
		first = keyFlags[0]
	}
	pub, code, ok := auditVerifyKey(env, first, cfg.AuditKey, *dbURL)
	if !ok {
		return code
	}
	var oldKeys []ed25519.PublicKey
	for _, s := range keyFlags[min(1, len(keyFlags)):] {
		k, err := audit.ParseVerifyKey(s)
		if err != nil {
			env.errorf("volwaardig audit verify: --audit-key: %v\n", err)
			return ExitUsage
		}
		oldKeys = append(oldKeys, k)
	}

	explicit := true
	if len(files) == 0 {
		if len(cfg.Checkpoints) > 0 {
			files = cfg.Checkpoints
		} else {
			files = []string{audit.DefaultCheckpointPath(*dbURL)}
			explicit = false
		}
	}
	var external []audit.FileCheckpoint
	given := false
	for _, path := range files {
		f, err := os.Open(path)
		if err != nil {
			if !explicit && errors.Is(err, os.ErrNotExist) {
				env.errorf("volwaardig audit verify: warning: no checkpoint file %s: database checkpoints are not compared with an external copy (give --checkpoints)\n", path)
				continue
			}
			env.errorf("volwaardig audit verify: cannot read checkpoint file: %v\n", err)
			return ExitBadInput
		}
		cps, err := audit.ParseCheckpoints(f, path)
		_ = f.Close() // read only: everything was read, a close error loses nothing
		if err != nil {
			env.errorf("volwaardig audit verify: %v\n", err)
			return ExitBadInput
		}
		external = append(external, cps...)
		given = true
	}

	d, err := db.Open(env.Ctx, *dbURL)
	if err != nil {
		env.errorf("volwaardig audit verify: database unreachable: %v\n", err)
		return ExitOperational
	}
	defer env.closeLogged("database", d)
	if err := d.Ping(env.Ctx); err != nil {
		env.errorf("volwaardig audit verify: %v\n", err)
		return ExitOperational
	}
	var n int
	if err := d.QueryRowContext(env.Ctx, `SELECT COUNT(*) FROM audit_chains`).Scan(&n); err != nil {
		if d.Ping(env.Ctx) != nil {
			env.errorf("volwaardig audit verify: database unreachable: %v\n", err)
			return ExitOperational
		}
		env.errorf("volwaardig audit verify: the database holds no audit log (audit migrations not applied?): %v\n", err)
		return ExitBadInput
	}

	rep, err := audit.Verify(env.Ctx, d, audit.VerifyOptions{Key: pub, OldKeys: oldKeys, External: external, ExternalGiven: given})
	if err != nil {
		env.errorf("volwaardig audit verify: %v\n", err)
		return ExitOperational
	}
	for _, c := range rep.Chains {
		state := ""
		if c.Final {
			state = ", closed"
		}
		env.printf("chain %s: %d entries, last seq %d, %d checkpoints in the database, %d in files, signed up to seq %d%s\n",
			c.ChainID, c.Entries, c.LastSeq, c.Checkpoints, c.External, c.Covered, state)
		env.printf("chain %s: %s\n", c.ChainID, unsignedTail(c, time.Now()))
	}
	for _, w := range rep.Warnings {
		env.errorf("warning: %s\n", w)
	}
	if rep.Pending > 0 {
		env.errorf("warning: %d entries written in transactions are not chained yet (a running server chains them within a second)\n", rep.Pending)
	}
	if !rep.OK() {
		env.errorf("audit log BROKEN: %d problem(s); first: %s\n", len(rep.Problems), rep.Problems[0])
		for i, p := range rep.Problems {
			if i == auditMaxPrinted {
				env.errorf("... and %d more\n", len(rep.Problems)-auditMaxPrinted)
				break
			}
			env.errorf("problem: %s\n", p)
		}
		return ExitBadInput
	}
	env.printf("audit log intact: %d chain(s)\n", len(rep.Chains))
	return ExitOK
}

// auditVerifyKey finds the key: flag, configuration (VOLWAARDIG_AUDIT_KEY or
// its _FILE), then (for a demo database) the key file a demo server stored
// next to it.
func auditVerifyKey(env Env, flagValue, configured, dbURL string) (ed25519.PublicKey, int, bool) {
	s, from := flagValue, "--audit-key"
	if s == "" {
		s, from = configured, audit.EnvKey
	}
	if s == "" {
		path := audit.DemoKeyPath(dbURL)
		b, err := os.ReadFile(path)
		if err != nil {
			env.errorf("volwaardig audit verify: no audit key: give --audit-key or set %s\n", audit.EnvKey)
			return nil, ExitUsage, false
		}
		env.errorf("volwaardig audit verify: note: using the demo key in %s\n", path)
		s, from = string(b), path
	}
	pub, err := audit.ParseVerifyKey(s)
	if err != nil {
		env.errorf("volwaardig audit verify: %s: %v\n", from, err)
		return nil, ExitUsage, false
	}
	return pub, 0, true
}

// auditSQLitePath is the file of a SQLite URL, "" for PostgreSQL.
func auditSQLitePath(dbURL string) string {
	if strings.HasPrefix(dbURL, "postgres://") || strings.HasPrefix(dbURL, "postgresql://") {
		return ""
	}
	return strings.TrimPrefix(dbURL, "sqlite:")
}

// unsignedTail describes the entries after a chain's last signed
// checkpoint: someone able to write the database can remove those
// unnoticed, so the operator should know how many and how old they are.
func unsignedTail(c audit.ChainSummary, now time.Time) string {
	if c.Unsigned == 0 {
		return "unsigned tail: none (every entry is covered by a signed checkpoint)"
	}
	signed := "no signed checkpoint"
	if !c.LastSigned.IsZero() {
		signed = "last signed checkpoint " + c.LastSigned.UTC().Format(time.RFC3339)
	}
	return fmt.Sprintf("unsigned tail: %d entries after seq %d, the oldest written %s (%s ago), %s; these could be removed unnoticed by someone who can write the database",
		c.Unsigned, c.Covered, c.OldestUnsigned.UTC().Format(time.RFC3339), now.Sub(c.OldestUnsigned).Round(time.Second), signed)
}
