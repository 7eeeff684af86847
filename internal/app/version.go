package app

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// Version is what the running binary was built from, read from the Go
// build info that `go build` embeds: operators quote it in a support call,
// and the same values are the volwaardig_build_info metric, so a dashboard
// shows which build runs where.
type Version struct {
	Module    string // module version: a tag, a pseudo-version, or "(devel)" for a build from a work tree
	Commit    string // VCS revision, "" when built outside a git work tree
	CommitAt  string // commit time (RFC 3339): Go records no build time, and a commit time is reproducible
	Modified  bool   // built from a work tree with uncommitted changes
	GoVersion string
	Platform  string // GOOS/GOARCH
	CGO       string // "0" for the static build
}

// ReadVersion returns the build's version; fields stay empty where the
// binary carries no build information (e.g. `go test` binaries).
func ReadVersion() Version {
	v := Version{GoVersion: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return v
	}
	v.Module = bi.Main.Version
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			v.Commit = s.Value
		case "vcs.time":
			v.CommitAt = s.Value
		case "vcs.modified":
			v.Modified = s.Value == "true"
		case "CGO_ENABLED":
			v.CGO = s.Value
		}
	}
	return v
}

// String is the one-line form `volwaardig version` prints.
func (v Version) String() string {
	commit := v.Commit
	if commit == "" {
		commit = "unknown"
	}
	if v.Modified {
		commit += " (modified)"
	}
	at := v.CommitAt
	if at == "" {
		at = "unknown"
	}
	mod := v.Module
	if mod == "" {
		mod = "unknown"
	}
	cgo := v.CGO
	if cgo == "" {
		cgo = "unknown"
	}
	return fmt.Sprintf("volwaardig %s, commit %s of %s, %s %s, CGO_ENABLED=%s", mod, commit, at, v.GoVersion, v.Platform, cgo)
}
