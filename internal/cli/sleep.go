package cli

import (
	"fmt"
	"io"
)

// runSleep dispatches the sleep file tools. They read no environment
// variables, so their output depends only on their arguments (DESIGN §4).
func runSleep(env Env, args []string) int {
	help := func(w io.Writer) {
		fmt.Fprintln(w, "Usage: volwaardig sleep score|nights|nonwear|counts|window [flags] FILE")
		fmt.Fprintln(w, "  score   sleep/wake per minute (Cole-Kripke or Sadeh; also Scripps, Oakley)")
		fmt.Fprintln(w, "  nights  Tudor-Locke sleep periods with their metrics")
		fmt.Fprintln(w, "  nonwear Choi (2011) non-wear periods")
		fmt.Fprintln(w, "  counts  ActiGraph counts from raw acceleration (Brønd 2017)")
		fmt.Fprintln(w, "  window  sustained inactivity (van Hees 2015) and sleep window (HDCZA) from raw acceleration")
		fmt.Fprintln(w, "FILE may be - for standard input.")
	}
	if len(args) == 0 {
		help(env.Stderr)
		return ExitUsage
	}
	switch args[0] {
	case "-h", "--help", "-help", "help":
		help(env.Stdout)
		return ExitOK
	case "score":
		return runSleepScore(env, args[1:])
	case "nights":
		return runSleepNights(env, args[1:])
	case "nonwear":
		return runSleepNonwear(env, args[1:])
	case "counts":
		return runSleepCounts(env, args[1:])
	case "window":
		return runSleepWindow(env, args[1:])
	}
	fmt.Fprintf(env.Stderr, "volwaardig sleep: unknown subcommand %q\n", args[0])
	return ExitUsage
}
