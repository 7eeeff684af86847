package cli

import (
	"io"
)

// runSleep dispatches the sleep file tools. They read no environment
// variables, so their output depends only on their arguments (DESIGN §4).
func runSleep(env Env, args []string) int {
	help := func(w io.Writer) {
		writeMessage(w, ""+
			"Usage: volwaardig sleep score|nights|nonwear|counts|window [flags] FILE\n"+
			"  score   sleep/wake per minute (Cole-Kripke or Sadeh; also Scripps, Oakley)\n"+
			"  nights  Tudor-Locke sleep periods with their metrics\n"+
			"  nonwear Choi (2011) non-wear periods\n"+
			"  counts  ActiGraph counts from raw acceleration (Brønd 2017)\n"+
			"  window  sustained inactivity (van Hees 2015) and sleep window (HDCZA) from raw acceleration\n"+
			"FILE may be - for standard input.\n")
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
	env.errorf("volwaardig sleep: unknown subcommand %q\n", args[0])
	return ExitUsage
}
