package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/volwaardig/volwaardig/internal/placement/assign"
)

const matchSynopsis = "match [--costs] FILE.csv"

// runMatch solves the min-cost assignment of a cost matrix CSV (DESIGN §4):
// rows are people, columns places, an empty cell a forbidden pair. It prints
// a `row,col` header, one line per assigned pair sorted by row (0-based) and
// `total,COST` with the exact decimal sum of the chosen cells. It reads no
// environment variables, so the output depends only on the arguments.
func runMatch(env Env, args []string) int {
	if matchWantsHelp(args) {
		matchUsage(env.Stdout)
		return ExitOK
	}
	fs := newFlagSet(env, "match", matchSynopsis)
	fs.Usage = func() { matchUsage(env.Stderr) }
	costs := fs.String("costs", "", "cost matrix CSV file (may also be given as the argument; - reads stdin)")
	pos, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	file := *costs
	switch {
	case file != "" && len(pos) > 0:
		env.errorln("volwaardig match: give the cost matrix once, either --costs FILE or FILE")
		matchUsage(env.Stderr)
		return ExitUsage
	case file == "" && len(pos) == 1:
		file = pos[0]
	case file == "" && len(pos) == 0:
		env.errorln("volwaardig match: missing cost matrix file")
		matchUsage(env.Stderr)
		return ExitUsage
	case len(pos) > 1:
		env.errorf("volwaardig match: one cost matrix file expected, got %d arguments\n", len(pos))
		matchUsage(env.Stderr)
		return ExitUsage
	}

	var data []byte
	var err error
	if file == "-" {
		data, err = io.ReadAll(env.Stdin)
	} else {
		data, err = os.ReadFile(file)
	}
	if err != nil {
		env.errorf("volwaardig match: %v\n", err)
		return ExitBadInput
	}
	c, err := assign.ParseCosts(data)
	if err != nil {
		env.errorf("volwaardig match: %s: %v\n", file, err)
		return ExitBadInput
	}
	res, err := assign.Solve(&c.Matrix)
	if err != nil {
		var inf *assign.InfeasibleError
		if errors.As(err, &inf) {
			env.errorf("volwaardig match: %s: %v (indices are 0-based as in the output; row r is line r+1 of the file)\n", file, err)
			return ExitBadInput
		}
		env.errorf("volwaardig match: %s: %v\n", file, err)
		return ExitBadInput
	}
	total, err := c.ExactTotal(res.ColOfRow)
	if err != nil {
		env.errorf("volwaardig match: %s: %v\n", file, err)
		return ExitBadInput
	}

	w := bufio.NewWriterSize(env.Stdout, 64<<10)
	w.WriteString("row,col\n")
	var line []byte
	for i, j := range res.ColOfRow {
		if j < 0 {
			continue
		}
		line = strconv.AppendInt(line[:0], int64(i), 10)
		line = append(line, ',')
		line = strconv.AppendInt(line, int64(j), 10)
		line = append(line, '\n')
		w.Write(line)
	}
	w.WriteString("total," + total + "\n")
	if err := w.Flush(); err != nil {
		env.errorf("volwaardig match: writing output: %v\n", err)
		return ExitOperational
	}
	return ExitOK
}

// matchWantsHelp reports a help flag anywhere before a "--".
func matchWantsHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "-help", "--help":
			return true
		}
	}
	return false
}

func matchUsage(w io.Writer) {
	writeMessage(w, fmt.Sprintf(`Usage: volwaardig %s

Finds an assignment of minimum total cost in a cost matrix: rows are people,
columns are places, no header line, every row with the same number of cells.
A cell is a non-negative decimal number (an exponent such as 1.5e3 is
allowed) or empty for a forbidden pair ("1,2," is three cells, the last
forbidden). Line ends may be \n or \r\n; a UTF-8 byte-order mark is skipped.

Every row is assigned when there are at most as many rows as columns, every
column otherwise. Output: a "row,col" header, one "row,col" line per assigned
pair (0-based, sorted by row), then "total,COST" with the exact sum of the
chosen cells as written in the file.

Exit status: 0 success; 1 unreadable or bad input (naming row and column,
1-based) or no feasible assignment (saying which rows lack columns);
2 wrong usage.

Flags (before or after the file):
  --costs FILE   the cost matrix CSV (instead of the argument; - reads stdin)
  -h, --help     print this help
`, matchSynopsis))
}
