package cli

import (
	"strings"
	"testing"
)

// TestCommandLineConventions checks every command and subcommand against
// the conventions scripts rely on: --help prints to standard output and
// exits 0; a usage error prints to standard error and exits 2; a group
// without its subcommand is a usage error.
func TestCommandLineConventions(t *testing.T) {
	var invocations [][]string
	groups := map[string][]string{"audit": {"verify"}, "sleep": {"score", "nights", "nonwear", "counts", "window"}}
	for _, s := range userSubs {
		groups["user"] = append(groups["user"], s[0])
	}
	for _, s := range tokenSubs {
		groups["token"] = append(groups["token"], s[0])
	}
	for _, c := range commands() {
		invocations = append(invocations, []string{c.name})
		for _, sub := range groups[c.name] {
			invocations = append(invocations, []string{c.name, sub})
		}
	}
	env := map[string]string{}
	for _, inv := range invocations {
		name := strings.Join(inv, " ")
		code, out, errs := runCLIEnv(env, append(append([]string{}, inv...), "--help")...)
		if code != ExitOK || out == "" || errs != "" {
			t.Errorf("%s --help: exit %d, %d bytes on stdout, stderr %q; want exit 0, usage on stdout only", name, code, len(out), errs)
		}
		if !strings.Contains(out, "Usage: volwaardig "+inv[0]) {
			t.Errorf("%s --help does not start with its usage line: %q", name, out)
		}
		code, out, errs = runCLIEnv(env, append(append([]string{}, inv...), "--no-such-flag")...)
		if _, isGroup := groups[name]; !isGroup {
			if code != ExitUsage || out != "" || errs == "" {
				t.Errorf("%s --no-such-flag: exit %d, stdout %q; want exit 2 with the error on stderr only", name, code, out)
			}
		}
		if _, isGroup := groups[name]; isGroup {
			code, out, errs = runCLIEnv(env, inv...)
			if code != ExitUsage || out != "" || errs == "" {
				t.Errorf("%s without a subcommand: exit %d, stdout %q; want exit 2 with the usage on stderr", name, code, out)
			}
		}
	}
	if _, out, _ := runCLIEnv(env, "user", "list", "--help"); strings.Contains(strings.SplitN(out, "\n", 2)[0], "USERNAME") {
		t.Errorf("user list's usage line names a USERNAME it does not take: %q", out)
	}
}
