package cli

import (
	"encoding/json"

	"github.com/volwaardig/volwaardig/internal/app"
)

func runVersion(env Env, args []string) int {
	fs := newFlagSet(env, "version", "version [--json]\n\nPrints the module version, commit, commit time, Go version and platform of this binary.")
	asJSON := fs.Bool("json", false, "print the fields as JSON")
	rest, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(rest) > 0 {
		env.errorf("volwaardig version: unexpected argument %q\n", rest[0])
		return ExitUsage
	}
	v := app.ReadVersion()
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(map[string]any{"module": v.Module, "commit": v.Commit, "commit_time": v.CommitAt,
			"modified": v.Modified, "go": v.GoVersion, "platform": v.Platform, "cgo_enabled": v.CGO}); err != nil {
			env.errorf("volwaardig version: %v\n", err)
			return ExitOperational
		}
		return ExitOK
	}
	if !env.writeOutput("version", v.String()+"\n") {
		return ExitOperational
	}
	return ExitOK
}
