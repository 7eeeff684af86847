package cli

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"github.com/volwaardig/volwaardig/internal/sleep/counts"
	"github.com/volwaardig/volwaardig/internal/sleep/devicefile"
)

// runSleepCounts implements `volwaardig sleep counts --hz N --epoch SECONDS
// FILE` (DESIGN §4): ActiGraph counts per axis from raw acceleration by the
// Brønd 2017 algorithm as agcounts computes them.
//
// A raw CSV is parsed here rather than through devicefile.ReadRawCSV: that
// reader keeps samples as float32, and the count algorithm rounds each 30 Hz
// sample to 0.001 g first, so a value such as 0.0125 g, stored as float32,
// rounds the other way than the float64 the reference reads; the counts
// would then differ from the reference's. This parser keeps float64 and
// streams, so memory stays bounded for a month of data. Device files go
// through devicefile.ReadRaw.
func runSleepCounts(env Env, args []string) int {
	const cmd = "sleep counts"
	fs := newFlagSet(env, cmd, "sleep counts --hz N --epoch SECONDS FILE\n\n"+
		"ActiGraph counts per axis (Brønd et al. 2017, as the agcounts reference\n"+
		"implementation computes them) from raw acceleration in g. FILE is a CSV of\n"+
		"x,y,z (optional header line; '-' reads standard input) sampled at --hz, or a\n"+
		"device file (.cwa, .gt3x, GENEActiv .bin) whose own rate is used. Prints\n"+
		"axis1,axis2,axis3 (the input's columns in order) for every complete epoch.\n"+
		"Rates 30-100 Hz in steps of 10 and 32, 64, 128, 256 Hz are the reference's;\n"+
		"other rates from 30 to 256 Hz (e.g. 85.7) are first interpolated linearly\n"+
		"to the next of those.")
	var hz float64
	fs.Float64Var(&hz, "hz", 0, "sample rate of a raw CSV in Hz, may be decimal (e.g. 85.7); device files use their own")
	epoch := fs.Int("epoch", 0, "epoch length in whole seconds (required)")
	pos, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	usageErr, badInput := fileCommandErrors(env, cmd)
	if len(pos) != 1 {
		return usageErr("expected one FILE, got %d arguments", len(pos))
	}
	if *epoch < 1 {
		return usageErr("--epoch SECONDS is required: a whole number of seconds, at least 1")
	}
	hzGiven := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "hz" {
			hzGiven = true
		}
	})
	path := pos[0]
	ctx := env.Ctx
	if ctx == nil {
		ctx = context.Background()
	}
	// The output is kept until the input has been read to its end, so a
	// file that turns out to be bad leaves nothing on stdout (one line per
	// epoch is small: a month of 1 s epochs is about 40 MB).
	var result bytes.Buffer
	out := &countsOutput{w: bufio.NewWriterSize(&result, 64<<10)}
	var err error
	if path == "-" {
		// A device file on standard input is spooled to a temporary file
		// (its readers seek); a raw CSV streams straight from the pipe.
		br := bufio.NewReaderSize(env.Stdin, 64<<10)
		head, _ := br.Peek(16)
		env.Stdin = br
		if stdinFormat(head) != ".csv" {
			spooled, cleanup, serr := spoolStdin(env)
			if serr != nil {
				return badInput("%v", serr)
			}
			defer cleanup()
			path = spooled
		}
	}
	if strings.EqualFold(filepath.Ext(path), ".agd") {
		return badInput("%s is an ActiGraph .agd file of epoch counts, not raw acceleration; score it with 'volwaardig sleep score'", filepath.Base(path))
	}
	if isDeviceFile(path) {
		err = countsFromDevice(ctx, env, path, hz, hzGiven, *epoch, out)
	} else {
		if !hzGiven {
			return usageErr("--hz is required for a raw CSV file (device files carry their own rate)")
		}
		if _, perr := counts.PlanRate(hz); perr != nil {
			return badInput("%v", perr)
		}
		var r io.Reader
		if path == "-" {
			r = env.Stdin
		} else {
			f, oerr := os.Open(path)
			if oerr != nil {
				return badInput("%v", oerr)
			}
			defer func() { _ = f.Close() }() // read only: a close error loses nothing
			r = f
		}
		err = countsFromCSV(ctx, env, r, hz, *epoch, out)
	}
	if err != nil {
		var we *countsWriteError
		if errors.As(err, &we) || errors.Is(err, context.Canceled) {
			env.errorf("volwaardig %s: %v\n", cmd, err)
			return ExitOperational
		}
		return badInput("%v", err)
	}
	if err := out.w.Flush(); err != nil {
		env.errorf("volwaardig %s: writing output: %v\n", cmd, err)
		return ExitOperational
	}
	if _, err := result.WriteTo(env.Stdout); err != nil {
		env.errorf("volwaardig %s: writing output: %v\n", cmd, err)
		return ExitOperational
	}
	return ExitOK
}

func isDeviceFile(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".cwa", ".gt3x", ".bin":
		return true
	}
	return false
}

// countsWriteError marks a failure to write the output (an operational
// failure, not bad input).
type countsWriteError struct{ err error }

func (e *countsWriteError) Error() string { return "writing output: " + e.err.Error() }
func (e *countsWriteError) Unwrap() error { return e.err }

// countsOutput prints epochs as they complete on all three axes.
type countsOutput struct {
	w       *bufio.Writer
	started bool
	line    []byte
}

func (o *countsOutput) header() error {
	if o.started {
		return nil
	}
	o.started = true
	if _, err := o.w.WriteString("axis1,axis2,axis3\n"); err != nil {
		return &countsWriteError{err}
	}
	return nil
}

// flush prints the epochs complete on every axis and removes them from the
// per-axis queues.
func (o *countsOutput) flush(q *[3][]int) error {
	if err := o.header(); err != nil {
		return err
	}
	n := min(len(q[0]), len(q[1]), len(q[2]))
	for i := 0; i < n; i++ {
		b := o.line[:0]
		b = strconv.AppendInt(b, int64(q[0][i]), 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(q[1][i]), 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(q[2][i]), 10)
		b = append(b, '\n')
		o.line = b
		if _, err := o.w.Write(b); err != nil {
			return &countsWriteError{err}
		}
	}
	for k := range q {
		q[k] = append(q[k][:0], q[k][n:]...)
	}
	return nil
}

// gapFill replaces missing samples (NaN) of one axis by the last sample
// present, or, before the first one, by the first sample present; an axis
// with no sample at all is 0 g. The reference implementation has no notion
// of missing samples; holding the value keeps the band-pass filter from
// seeing a step, so a gap counts as no movement.
type gapFill struct {
	seen    bool
	last    float64
	pending int // leading missing samples not yet passed on
	missing int
}

func (g *gapFill) fill(in []float64, out []float64) []float64 {
	for _, v := range in {
		if v != v {
			g.missing++
			if !g.seen {
				g.pending++
				continue
			}
			v = g.last
		} else if !g.seen {
			g.seen = true
			for ; g.pending > 0; g.pending-- {
				out = append(out, v)
			}
		}
		g.last = v
		out = append(out, v)
	}
	return out
}

func (g *gapFill) close(out []float64) []float64 {
	for ; g.pending > 0; g.pending-- {
		out = append(out, 0)
	}
	return out
}

// tripleCounter feeds three axes and prints their epochs.
type tripleCounter struct {
	axes  [3]*counts.Axis
	gaps  [3]gapFill
	queue [3][]int
	buf   []float64
	out   *countsOutput
}

func newTripleCounter(hz float64, epoch int, out *countsOutput) (*tripleCounter, error) {
	t := &tripleCounter{out: out}
	for k := range t.axes {
		a, err := counts.NewAxis(hz, epoch)
		if err != nil {
			return nil, err
		}
		t.axes[k] = a
	}
	return t, nil
}

func (t *tripleCounter) write(x, y, z []float64, nan bool) error {
	for k, v := range [3][]float64{x, y, z} {
		g := &t.gaps[k]
		if nan || g.pending > 0 {
			t.buf = g.fill(v, t.buf[:0])
			v = t.buf
		} else if len(v) > 0 {
			g.seen, g.last = true, v[len(v)-1]
		}
		t.queue[k] = t.axes[k].Write(v, t.queue[k])
	}
	return t.out.flush(&t.queue)
}

// gap counts n missing samples on every axis as fill does NaN samples:
// held at the last value present, or, before the first one, passed on
// when it comes. It writes in steps of at most 64 Ki samples, printing
// finished epochs after each, so a long gap costs time, never memory.
func (t *tripleCounter) gap(n int64) error {
	const step = 1 << 16
	for n > 0 {
		m := int(min(n, step))
		n -= int64(m)
		for k := range t.axes {
			g := &t.gaps[k]
			g.missing += m
			if !g.seen {
				g.pending += m
				continue
			}
			buf := t.buf[:0]
			for range m {
				buf = append(buf, g.last)
			}
			t.buf = buf
			t.queue[k] = t.axes[k].Write(buf, t.queue[k])
		}
		if err := t.out.flush(&t.queue); err != nil {
			return err
		}
	}
	return nil
}

func (t *tripleCounter) close() error {
	for k := range t.axes {
		t.buf = t.gaps[k].close(t.buf[:0])
		t.queue[k] = t.axes[k].Write(t.buf, t.queue[k])
		t.queue[k] = t.axes[k].Close(t.queue[k])
	}
	return t.out.flush(&t.queue)
}

func (t *tripleCounter) missing() (n int) {
	for k := range t.gaps {
		n += t.gaps[k].missing
	}
	return n
}

// countsFromDevice counts a device file at the rate it declares, block by
// block as the reader delivers it: memory stays bounded by a block and the
// filters' state however long the recording is, and a gap (one record of
// its length) is counted as the held last value in bounded steps, exactly
// as its NaN samples were (issue 9).
func countsFromDevice(ctx context.Context, env Env, path string, hz float64, hzGiven bool, epoch int, out *countsOutput) error {
	var (
		hdr     *devicefile.Raw
		tc      *tripleCounter
		x, y, z []float64
	)
	raw, err := devicefile.StreamRaw(path, 0, func(h *devicefile.Raw, b devicefile.Block) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if tc == nil {
			hdr = h
			if _, err := counts.PlanRate(h.SampleRate); err != nil {
				return err
			}
			var err error
			if tc, err = newTripleCounter(h.SampleRate, epoch, out); err != nil {
				return err
			}
		}
		if b.Gap > 0 {
			return tc.gap(b.Gap)
		}
		x, y, z = widen(b.X, x[:0]), widen(b.Y, y[:0]), widen(b.Z, z[:0])
		return tc.write(x, y, z, true)
	})
	if raw == nil {
		raw = hdr
	}
	if raw != nil {
		if hzGiven && hz != raw.SampleRate {
			env.errorf("note: %s declares %g Hz; --hz %g is ignored\n", filepath.Base(path), raw.SampleRate, hz)
		}
		const maxNotes = 10
		for i, p := range raw.Report.Problems {
			if i == maxNotes {
				env.errorf("note: %s: %d more problems like these\n", filepath.Base(path), len(raw.Report.Problems)-maxNotes)
				break
			}
			env.errorf("note: %s: %s\n", filepath.Base(path), p)
		}
	}
	if err != nil {
		return err
	}
	if tc == nil {
		return fmt.Errorf("%s: no samples", filepath.Base(path))
	}
	if err := tc.close(); err != nil {
		return err
	}
	if n := tc.missing(); n > 0 {
		env.errorf("note: %d missing axis values held at the last value present\n", n)
	}
	return nil
}

func widen(in []float32, out []float64) []float64 {
	for _, v := range in {
		out = append(out, float64(v))
	}
	return out
}

// rawCSVBlockSize is how much CSV one parse job covers.
const rawCSVBlockSize = 1 << 20

// rawBlock is one parsed block of CSV lines.
type rawBlock struct {
	x, y, z []float64
	lines   int // lines in the block, blank ones included
	nan     bool
	errLine int // 1-based line within the block of the first error; 0 if none
	err     string
}

// countsFromCSV parses a raw x,y,z CSV in parallel blocks and counts it in
// order as the blocks arrive.
func countsFromCSV(ctx context.Context, env Env, r io.Reader, hz float64, epoch int, out *countsOutput) error {
	tc, err := newTripleCounter(hz, epoch, out)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	type job struct {
		data []byte
		last bool
		res  chan *rawBlock
	}
	workers := max(1, runtime.GOMAXPROCS(0))
	jobs := make(chan job, workers)
	order := make(chan chan *rawBlock, 2*workers)
	for w := 0; w < workers; w++ {
		go func() {
			for j := range jobs {
				b := &rawBlock{}
				parseRawBlock(j.data, j.last, b)
				j.res <- b
			}
		}()
	}
	headerLines := 0
	readErr := make(chan error, 1)
	go func() {
		var rerr error
		defer func() { readErr <- rerr }()
		defer close(order)
		defer close(jobs)
		first := true
		var carry []byte
		for {
			buf := make([]byte, len(carry), len(carry)+rawCSVBlockSize)
			copy(buf, carry)
			n, err := io.ReadFull(r, buf[len(carry):cap(buf)])
			buf = buf[:len(carry)+n]
			eof := err == io.EOF || err == io.ErrUnexpectedEOF
			if err != nil && !eof {
				rerr = err
				return
			}
			if first {
				first = false
				buf = bytes.TrimPrefix(buf, []byte("\xef\xbb\xbf"))
				if h, ok := rawCSVHeader(buf, eof); !ok {
					rerr = errors.New("the first line is longer than 1 MiB: not a raw x,y,z CSV")
					return
				} else if h > 0 {
					headerLines = 1
					buf = buf[h:]
				}
			}
			var data []byte
			if eof {
				data, carry = buf, nil
			} else {
				cut := bytes.LastIndexByte(buf, '\n')
				if cut < 0 {
					if len(buf) > 16*rawCSVBlockSize {
						rerr = errors.New("a line longer than 16 MiB: not a raw x,y,z CSV")
						return
					}
					carry = buf
					continue
				}
				data, carry = buf[:cut+1], append([]byte(nil), buf[cut+1:]...)
			}
			if len(data) > 0 {
				res := make(chan *rawBlock, 1)
				select {
				case jobs <- job{data: data, last: eof, res: res}:
				case <-ctx.Done():
					rerr = ctx.Err()
					return
				}
				select {
				case order <- res:
				case <-ctx.Done():
					rerr = ctx.Err()
					return
				}
			}
			if eof {
				return
			}
		}
	}()

	line := -1 // set once the header is known (the reader sets it before the first block)
	samples := 0
	for res := range order {
		b := <-res
		if line < 0 {
			line = headerLines
		}
		if b.err != "" {
			cancel()
			return fmt.Errorf("line %d: %s", line+b.errLine, b.err)
		}
		line += b.lines
		samples += len(b.x)
		if err := tc.write(b.x, b.y, b.z, b.nan); err != nil {
			cancel()
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	if err := <-readErr; err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if samples == 0 {
		return errors.New("no samples in the CSV")
	}
	if err := tc.close(); err != nil {
		return err
	}
	if n := tc.missing(); n > 0 {
		env.errorf("note: %d missing (NaN) axis values held at the last value present\n", n)
	}
	return nil
}

// rawCSVHeader returns the length of a header line at the start of b (0 when
// the first line is data). A header is a first line whose first cell does
// not start like a number. ok is false when the first line is not complete
// in b and more input follows.
func rawCSVHeader(b []byte, eof bool) (n int, ok bool) {
	i := 0
	for i < len(b) && (b[i] == ' ' || b[i] == '\t') {
		i++
	}
	if i == len(b) {
		return 0, true
	}
	c := b[i]
	if c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == '\n' || c == '\r' || c == ',' {
		return 0, true
	}
	if len(b)-i >= 3 && strings.EqualFold(string(b[i:i+3]), "nan") {
		return 0, true
	}
	nl := bytes.IndexByte(b, '\n')
	if nl < 0 {
		if eof {
			return len(b), true
		}
		return 0, false
	}
	return nl + 1, true
}

// parseRawBlock parses lines of x,y,z. Blanks around cells, "\r\n" line
// ends and blank lines are accepted; "NaN" marks a missing value. Anything
// else that is not three decimal numbers is an error naming the line and
// column. Only the last block (last) may end without a line end.
func parseRawBlock(data []byte, last bool, b *rawBlock) {
	est := len(data)/18 + 8
	b.x = make([]float64, 0, est)
	b.y = make([]float64, 0, est)
	b.z = make([]float64, 0, est)
	i, n := 0, len(data)
	for i < n {
		b.lines++
		end := bytes.IndexByte(data[i:], '\n')
		if end < 0 {
			end = n
		} else {
			end += i
		}
		line := data[i:end]
		i = end + 1
		if len(line) > 0 && line[len(line)-1] == '\r' {
			line = line[:len(line)-1]
		}
		if isBlank(line) {
			continue
		}
		var v [3]float64
		pos := 0
		for col := 0; col < 3; col++ {
			p := skipBlanks(line, pos)
			f, e, ok := parseNumberAt(line, p)
			q := skipBlanks(line, e)
			if !ok || (q < len(line) && line[q] != ',') {
				cell := line[p:]
				if c := bytes.IndexByte(cell, ','); c >= 0 {
					cell = cell[:c]
				}
				b.errLine, b.err = b.lines, fmt.Sprintf("column %d: %q is not a number (acceleration in g)", col+1, shorten(trimBlanks(cell)))
				return
			}
			if col < 2 && q == len(line) {
				b.errLine, b.err = b.lines, fmt.Sprintf("%d cells, expected 3 (x,y,z)", col+1)
				return
			}
			if col == 2 && q < len(line) {
				b.errLine, b.err = b.lines, "more than 3 cells, expected 3 (x,y,z)"
				return
			}
			if f != f {
				b.nan = true
			}
			v[col] = f
			pos = q + 1
		}
		b.x = append(b.x, v[0])
		b.y = append(b.y, v[1])
		b.z = append(b.z, v[2])
	}
}

func isBlank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\r' {
			return false
		}
	}
	return true
}

func trimBlanks(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t') {
		b = b[:len(b)-1]
	}
	return b
}

func shorten(b []byte) string {
	if len(b) > 40 {
		return string(b[:40]) + "..."
	}
	return string(b)
}

// maxAcceleration bounds accepted values: beyond it a value is not an
// acceleration in g (accelerometers measure at most a few hundred g), and
// the filter arithmetic would approach overflow.
const maxAcceleration = 1e6

// exactPow10 returns 10^e for 0 <= e <= 22, the powers float64 holds exactly.
func exactPow10(e int) float64 {
	return [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
		1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}[e]
}

// parseRawNumber parses a whole cell: a decimal number
// ([+-]digits[.digits][e[+-]digits]) to the nearest float64, or "NaN" (any
// case) to NaN. Infinite or implausibly large values are refused.
func parseRawNumber(s []byte) (float64, bool) {
	f, end, ok := parseNumberAt(s, 0)
	return f, ok && end == len(s)
}

func skipBlanks(s []byte, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

// parseNumberAt parses the number that starts at s[i] and returns it with
// the index after it. Numbers with at most 15 significant digits and a
// decimal exponent within ±22 take an exact fast path (one correctly
// rounded multiplication or division of exact operands); others go to
// strconv.ParseFloat. ok is false when no number starts at i, or it is
// infinite or beyond maxAcceleration.
func parseNumberAt(s []byte, i int) (f float64, end int, ok bool) {
	n := len(s)
	if n-i >= 3 && (s[i]|0x20) == 'n' && (s[i+1]|0x20) == 'a' && (s[i+2]|0x20) == 'n' {
		return math.NaN(), i + 3, true
	}
	start := i
	neg := false
	if i < n && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	var mant uint64
	sig, exp10, digits := 0, 0, 0
	for ; i < n && s[i] >= '0' && s[i] <= '9'; i++ {
		digits++
		if mant == 0 && s[i] == '0' {
			continue
		}
		if sig < 19 {
			mant = mant*10 + uint64(s[i]-'0')
		} else {
			exp10++
		}
		sig++
	}
	if i < n && s[i] == '.' {
		i++
		for ; i < n && s[i] >= '0' && s[i] <= '9'; i++ {
			digits++
			if mant == 0 && s[i] == '0' {
				exp10--
				continue
			}
			if sig < 19 {
				mant = mant*10 + uint64(s[i]-'0')
				exp10--
			}
			sig++
		}
	}
	if digits == 0 {
		return 0, start, false
	}
	if i < n && (s[i] == 'e' || s[i] == 'E') {
		i++
		eneg := false
		if i < n && (s[i] == '+' || s[i] == '-') {
			eneg = s[i] == '-'
			i++
		}
		if i == n || s[i] < '0' || s[i] > '9' {
			return 0, start, false
		}
		e := 0
		for ; i < n && s[i] >= '0' && s[i] <= '9'; i++ {
			if e < 100000 {
				e = e*10 + int(s[i]-'0')
			}
		}
		if eneg {
			e = -e
		}
		exp10 += e
	}
	switch {
	case mant == 0:
		f = 0
	case sig <= 15 && exp10 >= -22 && exp10 <= 22:
		f = float64(mant)
		if exp10 < 0 {
			f /= exactPow10(-exp10)
		} else {
			f *= exactPow10(exp10)
		}
	default:
		v, err := strconv.ParseFloat(string(s[start:i]), 64)
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			return 0, start, false
		}
		f = math.Abs(v)
	}
	if f > maxAcceleration {
		return 0, start, false
	}
	if neg {
		f = -f
	}
	return f, i, true
}

// fileCommandErrors returns a file command's two ways to fail (DESIGN §4):
// wrong usage (exit 2, with a pointer to --help) and bad input (exit 1),
// each one line on stderr naming the command.
func fileCommandErrors(env Env, cmd string) (usageErr, badInput func(format string, a ...any) int) {
	say := func(format string, a []any) {
		env.errorf("volwaardig %s: "+format+"\n", append([]any{cmd}, a...)...)
	}
	usageErr = func(format string, a ...any) int {
		say(format, a)
		env.errorf("Run 'volwaardig %s --help' for usage.\n", cmd)
		return ExitUsage
	}
	badInput = func(format string, a ...any) int {
		say(format, a)
		return ExitBadInput
	}
	return usageErr, badInput
}
