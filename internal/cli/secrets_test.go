package cli

import (
	"context"
	"github.com/volwaardig/volwaardig/internal/app"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
