package cli

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
)

func auditTestKey() ed25519.PrivateKey {
	seed := sha256.Sum256([]byte("cli audit test"))
	return ed25519.NewKeyFromSeed(seed[:])
}

// auditFixture makes a SQLite database with one closed chain of 12 entries
// and returns its URL, checkpoint file and chain id.
func auditFixture(t *testing.T) (dbURL, cpFile, chain string, d *db.DB) {
	t.Helper()
	d, path := dbtest.SQLitePath(t, audit.Migrations())
	cpFile = filepath.Join(t.TempDir(), "cp.jsonl")
	l, err := audit.New(d, nil, audit.Config{Key: auditTestKey(), InstanceID: "cli", CheckpointFile: cpFile, CheckpointEvery: 4})
	if err != nil {
		t.Fatal(err)
	}
	p := &auth.Principal{UserID: 1, Username: "zorgverlener", Role: auth.RoleZorgverlener}
	for i := range 12 {
		if err := l.Record(context.Background(), p, audit.Event{Action: audit.ActionRead, ClientID: int64(i + 1), Object: "client", Purpose: audit.PurposeCare}); err != nil {
			t.Fatal(err)
		}
	}
	chain = l.ChainID()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return "sqlite:" + path, cpFile, chain, d
}

func runAuditCLI(env map[string]string, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := Run(context.Background(), append([]string{"audit"}, args...), func(k string) string { return env[k] }, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestAuditVerifyCommand(t *testing.T) {
	dbURL, cpFile, chain, d := auditFixture(t)
	seed := audit.FormatPrivateKey(auditTestKey())
	pub := audit.FormatPublicKey(auditTestKey().Public().(ed25519.PublicKey))
	other := audit.FormatPrivateKey(ed25519.NewKeyFromSeed(make([]byte, 32)))

	// Intact, with the key by flag (public) and by environment (seed).
	code, out, errs := runAuditCLI(nil, "verify", "--db", dbURL, "--audit-key", pub, "--checkpoints", cpFile)
	if code != ExitOK || !strings.Contains(out, "audit log intact") || !strings.Contains(out, "12 entries") {
		t.Fatalf("intact: code %d\nstdout %s\nstderr %s", code, out, errs)
	}
	env := map[string]string{"VOLWAARDIG_DB": dbURL, audit.EnvKey: seed, audit.EnvCheckpoints: cpFile}
	if code, out, errs := runAuditCLI(env, "verify"); code != ExitOK {
		t.Fatalf("intact by environment: code %d\n%s\n%s", code, out, errs)
	}

	// Usage errors and an unreachable database.
	usage := []struct {
		name string
		env  map[string]string
		args []string
		want int
	}{
		{"no subcommand", env, nil, ExitUsage},
		{"unknown subcommand", env, []string{"check"}, ExitUsage},
		{"unknown flag", env, []string{"verify", "--fast"}, ExitUsage},
		{"stray argument", env, []string{"verify", "x"}, ExitUsage},
		{"no key", map[string]string{"VOLWAARDIG_DB": dbURL}, []string{"verify"}, ExitUsage},
		{"bad key", env, []string{"verify", "--audit-key", "pub:xyz"}, ExitUsage},
		{"help", env, []string{"verify", "--help"}, ExitOK},
		{"wrong key", env, []string{"verify", "--audit-key", other}, ExitBadInput},
		{"missing checkpoint file", env, []string{"verify", "--checkpoints", cpFile + ".missing"}, ExitBadInput},
		{"missing sqlite file", env, []string{"verify", "--db", "sqlite:" + filepath.Join(t.TempDir(), "none.db")}, ExitOperational},
		{"missing sqlite file, no key", nil, []string{"verify", "--db", "sqlite:" + filepath.Join(t.TempDir(), "none.db")}, ExitOperational},
		{"postgres down", env, []string{"verify", "--db", "postgres://nobody@127.0.0.1:1/none?connect_timeout=2"}, ExitOperational},
	}
	for _, tc := range usage {
		if code, out, errs := runAuditCLI(tc.env, tc.args...); code != tc.want {
			t.Errorf("%s: code %d, want %d\nstdout %s\nstderr %s", tc.name, code, tc.want, out, errs)
		}
	}

	// A removed entry: exit 1 naming chain, sequence and what is wrong.
	for _, s := range []string{"DROP TRIGGER audit_entries_no_delete", fmt.Sprintf("DELETE FROM audit_entries WHERE chain_id = '%s' AND seq = 6", chain)} {
		if _, err := d.ExecContext(context.Background(), s); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errs = runAuditCLI(env, "verify")
	want := fmt.Sprintf("first: chain %s seq 6: entry missing (removed)", chain)
	if code != ExitBadInput || !strings.Contains(errs, want) {
		t.Fatalf("removed entry: code %d, want stderr with %q\nstdout %s\nstderr %s", code, want, out, errs)
	}
}

func TestAuditVerifyDemoKeyAndDefaultFile(t *testing.T) {
	dir := t.TempDir()
	dbURL := "sqlite:" + filepath.Join(dir, "volwaardig.db")
	d, err := db.Open(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := d.Close(); err != nil {
			t.Error(err)
		}
	}()
	if _, err := d.Migrate(context.Background(), []db.Migrations{audit.Migrations()}, func() string { return "2026-01-01T00:00:00Z" }); err != nil {
		t.Fatal(err)
	}
	cfg, err := audit.ConfigFromEnv(func(string) string { return "" }, dbURL, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	l, err := audit.New(d, nil, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Record(context.Background(), nil, audit.Event{Action: audit.ActionLogin, Outcome: audit.OutcomeDenied, UserName: "onbekend", Purpose: audit.PurposeSecurity}); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Error(err)
	}
	code, out, errs := runAuditCLI(nil, "verify", "--db", dbURL)
	if code != ExitOK || !strings.Contains(errs, "using the demo key") || !strings.Contains(out, "1 entries") {
		t.Fatalf("code %d\nstdout %s\nstderr %s", code, out, errs)
	}
}
