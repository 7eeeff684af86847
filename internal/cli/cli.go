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
	"text/tabwriter"
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

// errorf writes a message for the operator to standard error. Its own
// write error is dropped on purpose: standard error is where a failure is
// reported, so a failure to write there has nowhere left to go, and the
// exit status still says whether the command succeeded.
func (env Env) errorf(format string, a ...any) {
	_, _ = fmt.Fprintf(env.Stderr, format, a...)
}

// errorln is errorf with fmt.Fprintln's spacing.
func (env Env) errorln(a ...any) {
	_, _ = fmt.Fprintln(env.Stderr, a...)
}

// printf writes a progress or result message for the operator to standard
// output. Its write error is dropped like errorf's: the message only tells
// what the exit status and the command's effect (a file, the database)
// already say. Output that is the command's product (a secret, a list, CSV)
// is written with its error checked instead, see writeOutput.
func (env Env) printf(format string, a ...any) {
	_, _ = fmt.Fprintf(env.Stdout, format, a...)
}

// println is printf with fmt.Fprintln's spacing.
func (env Env) println(a ...any) {
	_, _ = fmt.Fprintln(env.Stdout, a...)
}

// writeOutput writes the command's product to standard output and reports a
// failed write (a full disk, a closed pipe) on standard error, so the
// command can exit non-zero instead of pretending it delivered.
func (env Env) writeOutput(cmd, s string) bool {
	if _, err := io.WriteString(env.Stdout, s); err != nil {
		env.errorf("volwaardig %s: cannot write the output: %v\n", cmd, err)
		return false
	}
	return true
}

// writeTable lines up the tab-separated rows in columns and writes them to
// standard output like writeOutput.
func (env Env) writeTable(cmd, rows string) bool {
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	_, err := io.WriteString(tw, rows)
	if err == nil {
		err = tw.Flush()
	}
	if err != nil {
		env.errorf("volwaardig %s: cannot write the output: %v\n", cmd, err)
		return false
	}
	return true
}

// writeMessage writes usage, help or an error message to w (standard
// output when help was asked for, standard error otherwise) where no Env is
// at hand. Its write error is dropped for the reason errorf gives: the exit
// status carries the outcome.
func writeMessage(w io.Writer, text string) {
	_, _ = io.WriteString(w, text)
}

// closeLogged closes what a command opened (the database, the application)
// when the command ends, where no caller is left to return the error to,
// so a failure is reported on standard error instead of dropped.
func (env Env) closeLogged(what string, c io.Closer) {
	if err := c.Close(); err != nil {
		env.errorf("volwaardig: closing the %s: %v\n", what, err)
	}
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
					writeMessage(stderr, fmt.Sprintf("volwaardig: %v\n", err))
					return ExitOperational
				}
				env.Getenv = getenv
			}
			return c.run(env, args[1:])
		}
	}
	writeMessage(stderr, fmt.Sprintf("volwaardig: unknown command %q\n\n", args[0]))
	usage(stderr)
	return ExitUsage
}

func usage(w io.Writer) {
	var b strings.Builder
	fmt.Fprintln(&b, "Usage: volwaardig COMMAND [flags]")
	fmt.Fprintln(&b, "\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-11s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(&b, "\nRun 'volwaardig COMMAND --help' for the flags of a command.")
	writeMessage(w, b.String())
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
		writeMessage(out, fmt.Sprintf("Usage: volwaardig %s\n", synopsis))
		var b strings.Builder
		fs.SetOutput(&b)
		fs.PrintDefaults()
		fs.SetOutput(uo)
		if b.Len() > 0 {
			writeMessage(out, "\nFlags:\n"+b.String())
		}
	}
	return fs
}
