package cli

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/sleep/counts"
	"github.com/volwaardig/volwaardig/internal/sleep/devicefile"
	"github.com/volwaardig/volwaardig/internal/testkit"
)

// runCounts runs `volwaardig sleep counts args...` with stdin.
func runCounts(t testing.TB, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Run(context.Background(), append([]string{"sleep", "counts"}, args...),
		func(string) string { t.Fatal("sleep counts must not read the environment"); return "" },
		strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

// synthRaw makes n samples of x,y,z with movement in some stretches.
func synthRaw(n int, hz float64) (x, y, z []float64) {
	x, y, z = make([]float64, n), make([]float64, n), make([]float64, n)
	for i := 0; i < n; i++ {
		t := float64(i) / hz
		act := 0.0
		if int(t/15)%2 == 1 {
			act = 0.4 * math.Sin(2*math.Pi*1.6*t)
		}
		x[i] = 0.1 + act + 0.01*math.Sin(float64(i)*1.3)
		y[i] = -0.2 + 0.7*act*math.Cos(2*math.Pi*0.3*t)
		z[i] = 0.97 + 0.2*act + 0.01*math.Cos(float64(i)*0.7)
	}
	return
}

// csvText renders samples with the given number of decimals.
func csvText(x, y, z []float64, decimals int, header, crlf, bom bool) (string, [3][]float64) {
	var b strings.Builder
	eol := "\n"
	if crlf {
		eol = "\r\n"
	}
	if bom {
		b.WriteString("\xef\xbb\xbf")
	}
	if header {
		b.WriteString("x,y,z" + eol)
	}
	var parsed [3][]float64
	for i := range x {
		for k, v := range [3]float64{x[i], y[i], z[i]} {
			s := strconv.FormatFloat(v, 'f', decimals, 64)
			if k > 0 {
				b.WriteByte(',')
			}
			b.WriteString(s)
			f, _ := strconv.ParseFloat(s, 64)
			parsed[k] = append(parsed[k], f)
		}
		b.WriteString(eol)
	}
	return b.String(), parsed
}

// expected computes the output through the counts package directly.
func expected(t testing.TB, cols [3][]float64, hz float64, epoch int) string {
	t.Helper()
	var per [3][]int
	for k := range cols {
		c, err := counts.Counts(cols[k], hz, epoch)
		if err != nil {
			t.Fatal(err)
		}
		per[k] = c
	}
	var b strings.Builder
	b.WriteString("axis1,axis2,axis3\n")
	for i := range per[0] {
		fmt.Fprintf(&b, "%d,%d,%d\n", per[0][i], per[1][i], per[2][i])
	}
	return b.String()
}

func writeTemp(t testing.TB, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestSleepCountsCSV(t *testing.T) {
	tests := []struct {
		name                string
		hz                  float64
		hzArg               string
		epoch               int
		seconds             float64
		decimals            int
		header, crlf, bom   bool
		flagsAfterFile      bool
		wantLines, minTotal int
	}{
		{"30 Hz plain", 30, "30", 10, 95, 3, false, false, false, false, 9, 1},
		{"30 Hz header CRLF BOM", 30, "30", 5, 61, 4, true, true, true, false, 12, 1},
		{"flags after file", 30, "30", 1, 20.5, 6, true, false, false, true, 20, 1},
		{"100 Hz", 100, "100", 10, 60, 4, true, false, false, false, 6, 1},
		{"85.7 Hz", 85.7, "85.7", 10, 60, 4, true, false, false, false, 6, 1},
		{"64 Hz", 64, "64", 10, 40, 5, false, false, false, false, 4, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, y, z := synthRaw(int(tt.seconds*tt.hz), tt.hz)
			text, parsed := csvText(x, y, z, tt.decimals, tt.header, tt.crlf, tt.bom)
			path := writeTemp(t, "raw.csv", text)
			args := []string{"--hz", tt.hzArg, "--epoch", strconv.Itoa(tt.epoch), path}
			if tt.flagsAfterFile {
				args = []string{path, "--hz", tt.hzArg, "--epoch", strconv.Itoa(tt.epoch)}
			}
			code, out, errs := runCounts(t, "", args...)
			if code != ExitOK {
				t.Fatalf("exit %d, stderr %s", code, errs)
			}
			if want := expected(t, parsed, tt.hz, tt.epoch); out != want {
				t.Errorf("output\n%s\nwant\n%s", out, want)
			}
			lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
			if len(lines)-1 != tt.wantLines {
				t.Errorf("%d epochs, want %d (complete epochs only)", len(lines)-1, tt.wantLines)
			}
			total := 0
			for _, l := range lines[1:] {
				for _, cell := range strings.Split(l, ",") {
					v, err := strconv.Atoi(cell)
					if err != nil || v < 0 {
						t.Fatalf("bad count %q", cell)
					}
					total += v
				}
			}
			if total < tt.minTotal {
				t.Errorf("no counts for a moving signal")
			}
		})
	}
}

func TestSleepCountsStdinAndMultiBlock(t *testing.T) {
	// More than one parse block (1 MiB), through standard input.
	x, y, z := synthRaw(30*60*40, 30)
	text, parsed := csvText(x, y, z, 9, true, false, false)
	if len(text) < 2*rawCSVBlockSize {
		t.Fatalf("test input only %d bytes", len(text))
	}
	code, out, errs := runCounts(t, text, "--hz", "30", "--epoch", "60", "-")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if want := expected(t, parsed, 30, 60); out != want {
		t.Errorf("multi-block output differs from direct counts:\n%s\nwant\n%s", out, want)
	}
	// An error deep in the file names its line (header is line 1).
	lines := strings.SplitAfter(text, "\n")
	bad := 70001
	lines[bad-1] = "0.1,oops,0.3\n"
	code, out, errs = runCounts(t, strings.Join(lines, ""), "--hz", "30", "--epoch", "60", "-")
	if code != ExitBadInput || !strings.Contains(errs, fmt.Sprintf("line %d", bad)) || !strings.Contains(errs, "column 2") {
		t.Errorf("exit %d, stderr %q; want exit 1 naming line %d column 2", code, errs, bad)
	}
	if out != "" {
		t.Errorf("%d bytes on stdout for a bad file", len(out))
	}
}

func TestSleepCountsFloat64Input(t *testing.T) {
	// 0.0125 g is exactly halfway at the reference's 0.001 g rounding: the
	// float64 the reference reads rounds down (to even), a float32 would
	// round up. The output must equal counts on the float64 values.
	var b strings.Builder
	var cols [3][]float64
	for i := 0; i < 30*30; i++ {
		v := 0.0125
		if (i/45)%2 == 1 {
			v = 0.9875 // also halfway
		}
		fmt.Fprintf(&b, "%s,%s,%s\n", strconv.FormatFloat(v, 'f', -1, 64), "0.0005", "1.0015")
		cols[0] = append(cols[0], v)
		cols[1] = append(cols[1], 0.0005)
		cols[2] = append(cols[2], 1.0015)
	}
	code, out, errs := runCounts(t, b.String(), "--hz", "30", "--epoch", "10", "-")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if want := expected(t, cols, 30, 10); out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

func TestSleepCountsMissingValues(t *testing.T) {
	x, y, z := synthRaw(30*40, 30)
	text, parsed := csvText(x, y, z, 4, false, false, false)
	lines := strings.SplitAfter(text, "\n")
	// Leading and inner gaps.
	for _, i := range []int{0, 1, 500, 501, 502} {
		lines[i] = "NaN,nan,NAN\n"
	}
	held := parsed
	for k := range held {
		held[k] = slices.Clone(parsed[k])
		held[k][0], held[k][1] = held[k][2], held[k][2]
		held[k][500], held[k][501], held[k][502] = held[k][499], held[k][499], held[k][499]
	}
	code, out, errs := runCounts(t, strings.Join(lines, ""), "--hz", "30", "--epoch", "10", "-")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if want := expected(t, held, 30, 10); out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
	if !strings.Contains(errs, "15 missing") {
		t.Errorf("stderr %q does not report the 15 missing values", errs)
	}
}

func TestSleepCountsErrors(t *testing.T) {
	good := writeTemp(t, "good.csv", "x,y,z\n0,0,1\n0,0,1\n")
	tests := []struct {
		name    string
		stdin   string
		args    []string
		code    int
		message string
	}{
		{"help", "", []string{"--help"}, ExitOK, "Usage"},
		{"no file", "", []string{"--hz", "30", "--epoch", "10"}, ExitUsage, "expected one FILE"},
		{"two files", "", []string{"--hz", "30", "--epoch", "10", good, good}, ExitUsage, "expected one FILE"},
		{"no epoch", "", []string{"--hz", "30", good}, ExitUsage, "--epoch"},
		{"epoch zero", "", []string{"--hz", "30", "--epoch", "0", good}, ExitUsage, "--epoch"},
		{"decimal epoch", "", []string{"--hz", "30", "--epoch", "1.5", good}, ExitUsage, ""},
		{"no hz for csv", "", []string{"--epoch", "10", good}, ExitUsage, "--hz is required"},
		{"unknown flag", "", []string{"--hz", "30", "--epoch", "10", "--frobnicate", good}, ExitUsage, ""},
		{"bad hz text", "", []string{"--hz", "fast", "--epoch", "10", good}, ExitUsage, ""},
		{"rate too low", "", []string{"--hz", "10", "--epoch", "10", good}, ExitBadInput, "not supported"},
		{"rate too high", "", []string{"--hz", "400", "--epoch", "10", good}, ExitBadInput, "not supported"},
		{"rate NaN", "", []string{"--hz", "NaN", "--epoch", "10", good}, ExitBadInput, "not supported"},
		{"missing file", "", []string{"--hz", "30", "--epoch", "10", filepath.Join(t.TempDir(), "nope.csv")}, ExitBadInput, "nope.csv"},
		{"missing device file", "", []string{"--epoch", "10", filepath.Join(t.TempDir(), "nope.cwa")}, ExitBadInput, "nope.cwa"},
		{"empty", "", []string{"--hz", "30", "--epoch", "10", "-"}, ExitBadInput, "no samples"},
		{"header only", "x,y,z\r\n", []string{"--hz", "30", "--epoch", "10", "-"}, ExitBadInput, "no samples"},
		{"two columns", "0,1\n", []string{"--hz", "30", "--epoch", "10", "-"}, ExitBadInput, "line 1: 2 cells"},
		{"four columns", "x,y,z\n0,1,2\n0,1,2,3\n", []string{"--hz", "30", "--epoch", "10", "-"}, ExitBadInput, "line 3: more than 3 cells"},
		{"not a number", "0,1,2\n0,1,abc\n", []string{"--hz", "30", "--epoch", "10", "-"}, ExitBadInput, `line 2: column 3: "abc"`},
		{"empty cell", "0,,2\n", []string{"--hz", "30", "--epoch", "10", "-"}, ExitBadInput, "column 2"},
		{"infinite", "0,1e999,2\n", []string{"--hz", "30", "--epoch", "10", "-"}, ExitBadInput, "column 2"},
		{"semicolons", "0;1;2\n", []string{"--hz", "30", "--epoch", "10", "-"}, ExitBadInput, "line 1"},
		{"agd file", "", []string{"--epoch", "10", "recording.agd"}, ExitBadInput, "epoch counts"},
		{"short recording", "0,0,1\n", []string{"--hz", "30", "--epoch", "10", "-"}, ExitOK, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runCounts(t, tt.stdin, tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr %q", code, tt.code, errs)
			}
			if tt.message != "" && !strings.Contains(errs+out, tt.message) {
				t.Errorf("output %q / stderr %q lacks %q", out, errs, tt.message)
			}
			if code != ExitOK && out != "" {
				t.Errorf("stdout %q on failure", out)
			}
			if tt.name == "short recording" && out != "axis1,axis2,axis3\n" {
				t.Errorf("short recording: %q, want only the header", out)
			}
		})
	}
}

func TestSleepCountsDeviceFiles(t *testing.T) {
	raw := testkit.Reference(t, "raw")
	files := []struct {
		name      string
		minEpochs int
	}{
		{"ax3_testfile.cwa", 10},
		{"ax3_testfile_corrupt_blocks_0_13_14_142_143_144.cwa", 10},
		{"ax6_testfile.cwa", 10},
		{"actigraph_testfile.gt3x", 10},
		{"GENEActiv_testfile.bin", 5},
	}
	const epoch = 10
	for _, f := range files {
		t.Run(f.name, func(t *testing.T) {
			code, out, errs := runCounts(t, "", "--epoch", strconv.Itoa(epoch), filepath.Join(raw, f.name))
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, errs)
			}
			lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
			if lines[0] != "axis1,axis2,axis3" {
				t.Fatalf("header %q", lines[0])
			}
			if len(lines)-1 < f.minEpochs {
				t.Errorf("%d epochs, want at least %d", len(lines)-1, f.minEpochs)
			}
			for _, l := range lines[1:] {
				cells := strings.Split(l, ",")
				if len(cells) != 3 {
					t.Fatalf("line %q", l)
				}
				for _, c := range cells {
					v, err := strconv.Atoi(c)
					// At most 128 per 10 Hz sample.
					if err != nil || v < 0 || v > 128*10*epoch {
						t.Fatalf("implausible count %q", c)
					}
				}
			}
		})
	}
	// --hz is ignored for a device file, with a note.
	code, _, errs := runCounts(t, "", "--hz", "30", "--epoch", "10", filepath.Join(raw, "ax3_testfile.cwa"))
	if code != ExitOK || !strings.Contains(errs, "ignored") {
		t.Errorf("exit %d, stderr %q; want a note that --hz is ignored", code, errs)
	}
}

func TestParseRawNumber(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"0", 0, true},
		{"1", 1, true},
		{"-1.5", -1.5, true},
		{"+.5", 0.5, true},
		{"5.", 5, true},
		{"0.0125", 0.0125, true},
		{"1e-3", 0.001, true},
		{"1.23E+2", 123, true},
		{"0.1234567890123456789", 0.1234567890123456789, true},
		{"123456789012345678901234", 0, false}, // above the plausibility bound
		{"1e-400", 0, true},
		{"", 0, false},
		{".", 0, false},
		{"-", 0, false},
		{"1e", 0, false},
		{"1e+", 0, false},
		{"0x10", 0, false},
		{"1_000", 0, false},
		{"inf", 0, false},
		{"1.2.3", 0, false},
		{"1 2", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseRawNumber([]byte(tt.in))
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("parseRawNumber(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
	if v, ok := parseRawNumber([]byte("NaN")); !ok || !math.IsNaN(v) {
		t.Errorf("NaN not recognised")
	}
}

// FuzzParseRawNumber checks the fast number parser against strconv for
// every input both accept.
func FuzzParseRawNumber(f *testing.F) {
	for _, s := range []string{"0", "-1.5", "0.0125", "1e-3", "123456.789012345678", "9007199254740993", ".5e22", "1e23", "nan", "0x1p3", "+0.000000000000000000001"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := parseRawNumber([]byte(s))
		if !ok {
			return
		}
		if math.IsNaN(got) {
			if !strings.EqualFold(s, "nan") {
				t.Fatalf("%q parsed as NaN", s)
			}
			return
		}
		want, err := strconv.ParseFloat(s, 64)
		if err != nil && want == 0 { // underflow is accepted as 0
			want = 0
		} else if err != nil {
			t.Fatalf("%q accepted as %v but strconv says %v", s, got, err)
		}
		if got != want && !(got == 0 && want == 0) {
			t.Fatalf("%q = %v, strconv says %v", s, got, want)
		}
		if math.Abs(got) > maxAcceleration {
			t.Fatalf("%q = %v beyond the bound", s, got)
		}
	})
}

// FuzzSleepCountsCSV feeds arbitrary input to the command: it must not
// panic, must answer 0 or 1, and on success print a header and lines of
// three non-negative integers.
func FuzzSleepCountsCSV(f *testing.F) {
	var seed strings.Builder
	seed.WriteString("\xef\xbb\xbfx,y,z\r\n")
	for i := 0; i < 70; i++ {
		fmt.Fprintf(&seed, "%.3f,%.3f,%.3f\r\n", math.Sin(float64(i)), 0.1, 1.0)
	}
	f.Add(seed.String())
	f.Add("0,0,1\n\n 0 , 0 ,1 \nNaN,0,1\n")
	f.Add("x,y,z\n1,2\n")
	f.Add("1e5,-1e5,3\n0,0,0")
	f.Fuzz(func(t *testing.T, in string) {
		code, out, errs := runCounts(t, in, "--hz", "30", "--epoch", "1", "-")
		switch code {
		case ExitOK:
			lines := strings.Split(out, "\n")
			if lines[0] != "axis1,axis2,axis3" || lines[len(lines)-1] != "" {
				t.Fatalf("output %q", out)
			}
			for _, l := range lines[1 : len(lines)-1] {
				cells := strings.Split(l, ",")
				if len(cells) != 3 {
					t.Fatalf("line %q", l)
				}
				for _, c := range cells {
					if v, err := strconv.Atoi(c); err != nil || v < 0 || v > 1280 {
						t.Fatalf("count %q", c)
					}
				}
			}
		case ExitBadInput:
			if errs == "" || out != "" {
				t.Fatalf("exit 1 with stdout %q stderr %q", out, errs)
			}
		default:
			t.Fatalf("exit %d: %s", code, errs)
		}
	})
}

// BenchmarkParseRawBlock measures the CSV parser alone on one block.
func BenchmarkParseRawBlock(b *testing.B) {
	x, y, z := synthRaw(60000, 30)
	text, _ := csvText(x, y, z, 4, false, false, false)
	data := []byte(text)
	b.SetBytes(int64(len(data)))
	for i := 0; i < b.N; i++ {
		var blk rawBlock
		parseRawBlock(data, true, &blk)
		if blk.err != "" {
			b.Fatal(blk.err)
		}
	}
}

// TestSleepCountsStreamMatchesWhole: counting a device file block by block
// as the reader streams it (gaps as records, the filters' state carried
// across blocks) gives exactly the integer counts of the whole recording
// read into memory (gaps as NaN held at the last value) and counted in one
// call, on every reference recording (the corrupt-block file has gaps) and
// for short and long epochs.
func TestSleepCountsStreamMatchesWhole(t *testing.T) {
	raw := testkit.Reference(t, "raw")
	for _, name := range []string{"ax3_testfile.cwa", "ax3_testfile_corrupt_blocks_0_13_14_142_143_144.cwa", "ax6_testfile.cwa", "actigraph_testfile.gt3x", "GENEActiv_testfile.bin"} {
		path := filepath.Join(raw, name)
		for _, epoch := range []int{1, 10, 60} {
			want := wholeCounts(t, path, epoch)
			code, got, errs := runCounts(t, "", "--epoch", strconv.Itoa(epoch), path)
			if code != ExitOK {
				t.Fatalf("%s: exit %d: %s", name, code, errs)
			}
			if got != want {
				t.Errorf("%s, epoch %d: streamed counts differ from the whole-recording counts", name, epoch)
			}
			if strings.Count(want, "\n") < 2 && epoch < 60 {
				t.Errorf("%s, epoch %d: only %q", name, epoch, want)
			}
		}
	}
}

// wholeCounts counts a device file the way it was done before streaming:
// the whole recording in memory, every axis widened and counted in one
// Write, missing samples held by gapFill.
func wholeCounts(t *testing.T, path string, epoch int) string {
	t.Helper()
	r, err := devicefile.ReadRaw(path)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	out := &countsOutput{w: bufio.NewWriter(&buf)}
	tc, err := newTripleCounter(r.SampleRate, epoch, out)
	if err != nil {
		t.Fatal(err)
	}
	if err := tc.write(widen(r.X, nil), widen(r.Y, nil), widen(r.Z, nil), true); err != nil {
		t.Fatal(err)
	}
	if err := tc.close(); err != nil {
		t.Fatal(err)
	}
	if err := out.w.Flush(); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}
