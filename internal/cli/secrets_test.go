package cli

import (
	"context"
	"crypto/ed25519"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/app"
	"github.com/volwaardig/volwaardig/internal/audit"
)

// TestSecretFiles: every secret may come from NAME_FILE (DESIGN §3); a
// missing file or a setting given twice stops the command instead of
// running with an empty secret.
func TestSecretFiles(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "audit_key")
	if err := os.WriteFile(p, []byte("c2VjcmV0\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"VOLWAARDIG_AUDIT_KEY_FILE": p, "VOLWAARDIG_ADDR": "127.0.0.1:1"}
	get, err := app.SecretsFromFiles(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if got := get("VOLWAARDIG_AUDIT_KEY"); got != "c2VjcmV0" {
		t.Errorf("VOLWAARDIG_AUDIT_KEY from its file = %q", got)
	}
	if got := get("VOLWAARDIG_ADDR"); got != "127.0.0.1:1" {
		t.Errorf("other settings pass through: %q", got)
	}
	env["VOLWAARDIG_AUDIT_KEY"] = "x"
	if _, err := app.SecretsFromFiles(func(k string) string { return env[k] }); err == nil || !strings.Contains(err.Error(), "both") {
		t.Errorf("a secret given twice: %v", err)
	}
	delete(env, "VOLWAARDIG_AUDIT_KEY")
	env["VOLWAARDIG_AUDIT_KEY_FILE"] = filepath.Join(dir, "missing")
	if _, err := app.SecretsFromFiles(func(k string) string { return env[k] }); err == nil {
		t.Errorf("a missing secret file was accepted")
	}
	code, _, errs := runCLIEnv(env, "migrate", "--db=sqlite:"+filepath.Join(dir, "v.db"))
	if code != ExitOperational || !strings.Contains(errs, "VOLWAARDIG_AUDIT_KEY_FILE") {
		t.Errorf("migrate with a missing secret file: exit %d %s", code, errs)
	}
}

func runCLIEnv(env map[string]string, args ...string) (int, string, string) {
	var out, errb strings.Builder
	code := Run(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// TestAuditVerifyKeyFromFile: audit verify takes its key from
// VOLWAARDIG_AUDIT_KEY_FILE, read by the same loader as the server's
// secrets (app.SecretsFromFiles), and its database and checkpoint files
// from VOLWAARDIG_DB and VOLWAARDIG_AUDIT_CHECKPOINTS.
func TestAuditVerifyKeyFromFile(t *testing.T) {
	dbURL, cpFile, _, _ := auditFixture(t)
	keyFile := filepath.Join(t.TempDir(), "audit_key")
	if err := os.WriteFile(keyFile, []byte(audit.FormatPrivateKey(auditTestKey())+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"VOLWAARDIG_DB": dbURL, audit.EnvKey + "_FILE": keyFile, audit.EnvCheckpoints: cpFile}
	if code, out, errs := runAuditCLI(env, "verify"); code != ExitOK || !strings.Contains(out, "audit log intact") {
		t.Fatalf("key from its file: code %d\nstdout %s\nstderr %s", code, out, errs)
	}
	// The file's key is the one used: a wrong key in it breaks the check.
	if err := os.WriteFile(keyFile, []byte(audit.FormatPrivateKey(ed25519.NewKeyFromSeed(make([]byte, 32)))), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, out, errs := runAuditCLI(env, "verify"); code != ExitBadInput {
		t.Errorf("a wrong key in the file: code %d\nstdout %s\nstderr %s", code, out, errs)
	}
	// Given both ways, the command refuses instead of picking one.
	env[audit.EnvKey] = audit.FormatPrivateKey(auditTestKey())
	if code, _, errs := runAuditCLI(env, "verify"); code != ExitOperational || !strings.Contains(errs, audit.EnvKey+"_FILE") {
		t.Errorf("key set twice: code %d %s", code, errs)
	}
}

// TestOnlyConfigReadsEnvironment: the commands read the environment in
// one place, config.go (and serve hands Env.Getenv to app.Config, whose
// load reads the server's settings); no other file of the package asks
// for a variable itself, so every variable gets the same NAME_FILE
// handling and is named in one place.
func TestOnlyConfigReadsEnvironment(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	call := regexp.MustCompile(`\b(Getenv|LookupEnv|Environ)\(`)
	for _, f := range files {
		if f == "config.go" || strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			if call.MatchString(line) {
				t.Errorf("%s:%d reads the environment itself; read it in config.go: %s", f, i+1, strings.TrimSpace(line))
			}
		}
	}
}
