// Package cli implements the volwaardig subcommands. Each command parses its
// own flags and returns an exit status following DESIGN §4: 0 success, 1 bad
// input or a negative answer, 2 wrong usage, 3 an operational failure.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"github.com/volwaardig/volwaardig/internal/app"
	"io"
	"strings"
)

// Exit statuses of every command (DESIGN §4).
const (
	ExitOK          = 0
	ExitBadInput    = 1
	ExitUsage       = 2
	ExitOperational = 3
)

// Env carries what a command may use from the outside world. Passing it
// explicitly keeps commands testable and free of globals.
type Env struct {
	Ctx    context.Context
	Getenv func(string) string
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
}

type command struct {
	name    string
	summary string
	run     func(env Env, args []string) int
	// config: the command reads the server's configuration, so its
	// secrets may come from NAME_FILE (the file commands read none).
	config bool
}

func commands() []command {
	return []command{
		{"serve", "start the web application and JSON API", runServe, true},
		{"migrate", "apply database migrations and exit", runMigrate, true},
		{"user", "manage accounts (create, list, disable, reset-password, set-role, set-scope)", runUser, true},
		{"token", "manage API and device tokens (create, list, revoke)", runToken, true},
		{"audit", "check the audit log (verify)", runAudit, true},
		{"match", "optimal assignment of a cost matrix (CSV)", runMatch, false},
		{"sleep", "sleep scoring on device files (score, nights, counts)", runSleep, false},
		{"backup", "write a consistent copy of a running SQLite database", runBackup, true},
		{"restore", "put a backup in place as the database", runRestore, true},
		{"version", "print the version, commit and build of this binary", runVersion, false},
		{"healthcheck", "ask a running server whether it is ready (for container health checks)", runHealthcheck, false},
	}
}

// Run executes the command line args (without the program name) and returns
// the process exit status.
func Run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	env := Env{Ctx: ctx, Getenv: getenv, Stdin: stdin, Stdout: stdout, Stderr: stderr}
	if len(args) == 0 {
		usage(stderr)
		return ExitUsage
	}
	switch args[0] {
	case "-h", "--help", "-help", "help":
		usage(stdout)
		return ExitOK
	case "--version", "-version":
		return runVersion(env, nil)
	}
	for _, c := range commands() {
		if c.name == args[0] {
			if c.config {
				getenv, err := app.SecretsFromFiles(getenv)
				if err != nil {
					fmt.Fprintf(stderr, "volwaardig: %v\n", err)
					return ExitOperational
				}
				env.Getenv = getenv
			}
			return c.run(env, args[1:])
		}
	}
	fmt.Fprintf(stderr, "volwaardig: unknown command %q\n\n", args[0])
	usage(stderr)
	return ExitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: volwaardig COMMAND [flags]")
	fmt.Fprintln(w, "\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-11s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'volwaardig COMMAND --help' for the flags of a command.")
}

// parseFlags parses flags that may stand before or after positional
// arguments (DESIGN §4: "flags may stand before or after the file argument").
// It returns the positional arguments, or an exit status when parsing ended
// the command (help requested or a usage error).
func parseFlags(fs *flag.FlagSet, args []string) ([]string, int, bool) {
	if uo, ok := fs.Output().(*usageOutput); ok {
		uo.parsing, uo.wrote = true, false
		defer func() { uo.parsing = false }()
	}
	var positional []string
	rest := args
	for {
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, ExitOK, false
			}
			return nil, ExitUsage, false
		}
		rest = fs.Args()
		if len(rest) == 0 {
			return positional, 0, true
		}
		if rest[0] == "--" {
			return append(positional, rest[1:]...), 0, true
		}
		positional = append(positional, rest[0])
		rest = rest[1:]
	}
}

// usageOutput is a flag set's output. It tells the usage function whether
// it runs because --help was asked during parsing (nothing written yet:
// the help goes to standard output, exit 0) or after an error (standard
// error, exit 2), as command-line conventions expect.
type usageOutput struct {
	w       io.Writer
	parsing bool
	wrote   bool
}

func (u *usageOutput) Write(p []byte) (int, error) {
	u.wrote = true
	return u.w.Write(p)
}

// newFlagSet makes a flag set that reports errors instead of exiting and
// prints its usage with a one-line synopsis: to standard output when help
// is asked for, to standard error after a usage error.
func newFlagSet(env Env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	uo := &usageOutput{w: env.Stderr}
	fs.SetOutput(uo)
	fs.Usage = func() {
		out := env.Stderr
		if uo.parsing && !uo.wrote {
			out = env.Stdout
		}
		fmt.Fprintf(out, "Usage: volwaardig %s\n", synopsis)
		var b strings.Builder
		fs.SetOutput(&b)
		fs.PrintDefaults()
		fs.SetOutput(uo)
		if b.Len() > 0 {
			fmt.Fprintf(out, "\nFlags:\n%s", b.String())
		}
	}
	return fs
}
