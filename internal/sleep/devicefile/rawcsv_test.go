package devicefile

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

func TestReadRawCSV(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name     string
		in       string
		want     [][3]float64
		problems map[string]int
		err      string
	}{
		{name: "plain", in: "0.1,0.2,0.3\n-1,0,1e-3\n", want: [][3]float64{{0.1, 0.2, 0.3}, {-1, 0, 0.001}}},
		{name: "header, BOM, CRLF", in: "\ufeffx,y,z\r\n1,2,3\r\n4,5,6\r\n", want: [][3]float64{{1, 2, 3}, {4, 5, 6}}},
		{name: "quoted header", in: "\"X\",\"Y\",\"Z\"\n1,2,3\n", want: [][3]float64{{1, 2, 3}}},
		{name: "no final newline", in: "1,2,3\n4,5,6", want: [][3]float64{{1, 2, 3}, {4, 5, 6}}},
		{name: "blanks and empty lines", in: "\n 1 , 2 ,\t3 \n\n\r\n4,5,6\n\n", want: [][3]float64{{1, 2, 3}, {4, 5, 6}}},
		{name: "signs and forms", in: "+1.,-.5,1E2\n0.000000000000000000001,123456789012345678901234,-0\n",
			want: [][3]float64{{1, -0.5, 100}, {1e-21, 123456789012345678901234, 0}}},
		{name: "infinite", in: "1,2,1e400\n", err: "line 1: column 3 is out of range"},
		{name: "beyond float32", in: "1e39,2,3\n", err: "line 1: column 1 is out of range"},
		{name: "NaN kept as missing", in: "1,2,3\nNaN,0,0\nnan,nan,nan\n", want: [][3]float64{{1, 2, 3}, {nan, 0, 0}, {nan, nan, nan}},
			problems: map[string]int{"missing_sample": 1}},
		{name: "truncated last line", in: "1,2,3\n4,5", want: [][3]float64{{1, 2, 3}}, problems: map[string]int{"truncated": 1}},
		{name: "header only", in: "x,y,z\n", err: "no samples"},
		{name: "empty", in: "", err: "no samples"},
		{name: "two cells", in: "x,y,z\n1,2,3\n1,2\n3,4,5\n", err: "line 3: 2 cells, expected 3"},
		{name: "four cells", in: "1,2,3\n1,2,3,4\n", err: "line 2: more than 3 cells"},
		{name: "text cell", in: "1,2,3\n1,abc,3\n", err: "line 2: column 2 is not a number"},
		{name: "empty cell", in: "1,,3\n", err: "line 1: column 2 is not a number"},
		{name: "text after number", in: "1,2,3g\n", err: "line 1: column 3 is not a number"},
		{name: "semicolons", in: "1;2;3\n", err: "line 1"},
		{name: "bad exponent", in: "1e,2,3\n", err: "line 1: column 1"},
		{name: "line numbers count the header and blank lines", in: "x,y,z\n\n1,2,3\nbad\n", err: "line 4:"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := ReadRawCSV(strings.NewReader(tc.in), 30)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			rawCheckInvariants(t, r)
			if r.Len() != len(tc.want) {
				t.Fatalf("Len %d, want %d", r.Len(), len(tc.want))
			}
			for i, w := range tc.want {
				got := [3]float32{r.X[i], r.Y[i], r.Z[i]}
				for a := 0; a < 3; a++ {
					if math.IsNaN(w[a]) != math.IsNaN(float64(got[a])) || !math.IsNaN(w[a]) && got[a] != float32(w[a]) {
						t.Errorf("sample %d axis %d = %v, want %v", i, a, got[a], w[a])
					}
				}
			}
			c := rawProblemCodes(r)
			if fmt.Sprint(c) != fmt.Sprint(tc.problems) && !(len(c) == 0 && len(tc.problems) == 0) {
				t.Errorf("problems %v, want %v", c, tc.problems)
			}
		})
	}
	for _, hz := range []float64{0, -1, math.NaN(), math.Inf(1), 1e6} {
		if _, err := ReadRawCSV(strings.NewReader("1,2,3\n"), hz); err == nil {
			t.Errorf("hz %v accepted", hz)
		}
	}
	if r, err := ReadRawCSV(strings.NewReader("1,2,3\n"), 85.7); err != nil || r.SampleRate != 85.7 {
		t.Errorf("85.7 Hz: %v", err)
	}
}

// TestParseCSVNumberMatchesStrconv checks the fast path against
// strconv.ParseFloat on many random decimal spellings.
func TestParseCSVNumberMatchesStrconv(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	forms := []func() string{
		func() string { return strconv.FormatFloat(rng.NormFloat64(), 'f', rng.IntN(10), 64) },
		func() string { return strconv.FormatFloat(rng.NormFloat64()*8, 'g', -1, 64) },
		func() string { return strconv.FormatFloat(rng.Float64()*1e-5, 'e', rng.IntN(17), 64) },
		func() string { return strconv.FormatFloat(float64(float32(rng.NormFloat64())), 'f', -1, 32) },
		func() string { return strconv.Itoa(rng.IntN(4096) - 2048) },
		func() string { return "-" + strconv.FormatFloat(rng.Float64(), 'f', 20, 64) },
	}
	for i := 0; i < 200000; i++ {
		s := forms[i%len(forms)]()
		want, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatal(err)
		}
		got, next, ok := parseCSVNumber([]byte(s), 0)
		if !ok || next != len(s) || got != want {
			t.Fatalf("%q: got %v (next %d ok %v), strconv %v", s, got, next, ok, want)
		}
	}
}

// rawCSVTestData builds n lines of x,y,z in g with a header.
func rawCSVTestData(n int) []byte {
	rng := rand.New(rand.NewPCG(7, 8))
	var b bytes.Buffer
	b.WriteString("x,y,z\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "%.6f,%.6f,%.6f\n", rng.NormFloat64()*0.3, rng.NormFloat64()*0.3, 1+rng.NormFloat64()*0.1)
	}
	return b.Bytes()
}

func TestReadRawCSVChunks(t *testing.T) {
	// More than three chunks, parsed in parallel and reassembled in order.
	data := rawCSVTestData(700000)
	if len(data) < 3*csvChunkSize {
		t.Fatalf("test data only %d bytes", len(data))
	}
	r, err := ReadRawCSV(bytes.NewReader(data), 30)
	if err != nil {
		t.Fatal(err)
	}
	if r.Len() != 700000 {
		t.Fatalf("Len %d", r.Len())
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.ReuseRecord = true
	if _, err := cr.Read(); err != nil {
		t.Fatal(err)
	}
	for i := 0; ; i++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		for a, dst := range [][]float32{r.X, r.Y, r.Z} {
			v, _ := strconv.ParseFloat(rec[a], 64)
			if dst[i] != float32(v) {
				t.Fatalf("line %d axis %d: %v, want %v", i+2, a, dst[i], v)
			}
		}
	}
	// An error deep in the third chunk names its line in the whole file.
	lines := bytes.SplitAfter(data, []byte("\n"))
	bad := 650000
	lines[bad] = []byte("0.1,oops,0.3\n")
	_, err = ReadRawCSV(bytes.NewReader(bytes.Join(lines, nil)), 30)
	if want := fmt.Sprintf("line %d: column 2", bad+1); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("err = %v, want %q", err, want)
	}
	// A reader that returns a few bytes at a time gives the same samples.
	r2, err := ReadRawCSV(io.LimitReader(&trickleReader{data: data[:200000]}, 1<<30), 30)
	if err != nil {
		t.Fatal(err)
	}
	if r2.Len() == 0 || r2.X[r2.Len()-1] != r.X[r2.Len()-1] {
		t.Errorf("trickle read differs")
	}
}

// trickleReader returns at most 7 bytes per Read.
type trickleReader struct{ data []byte }

func (t *trickleReader) Read(p []byte) (int, error) {
	if len(t.data) == 0 {
		return 0, io.EOF
	}
	n := min(len(p), 7, len(t.data))
	copy(p, t.data[:n])
	t.data = t.data[n:]
	return n, nil
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, fmt.Errorf("disk on fire") }

func TestReadRawCSVReadError(t *testing.T) {
	_, err := ReadRawCSV(io.MultiReader(strings.NewReader("1,2,3\n"), errReader{}), 30)
	if err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Errorf("err = %v", err)
	}
}

// BenchmarkReadRawCSV measures raw CSV throughput; samples/s is reported.
// BenchmarkReadRawCSVEncodingCSV is the naive encoding/csv + strconv reader
// on the same data, the in-run reference for BENCHMARKS.md.
func BenchmarkReadRawCSV(b *testing.B) {
	data := rawCSVTestData(1_000_000)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := ReadRawCSV(bytes.NewReader(data), 30)
		if err != nil || r.Len() != 1_000_000 {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)*1e6/b.Elapsed().Seconds(), "samples/s")
}

// BenchmarkReadRawCSVFile reads the file named by VOLWAARDIG_RAWCSV_BENCH
// (skipped when unset), to compare with other readers on the same bytes.
func BenchmarkReadRawCSVFile(b *testing.B) {
	path := os.Getenv("VOLWAARDIG_RAWCSV_BENCH")
	if path == "" {
		b.Skip("set VOLWAARDIG_RAWCSV_BENCH to a raw x,y,z CSV file")
	}
	n := 0
	for i := 0; i < b.N; i++ {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		r, err := ReadRawCSV(f, 30)
		if err := f.Close(); err != nil {
			b.Error(err)
		}
		if err != nil {
			b.Fatal(err)
		}
		n = r.Len()
	}
	b.ReportMetric(float64(b.N)*float64(n)/b.Elapsed().Seconds(), "samples/s")
}

func BenchmarkReadRawCSVEncodingCSV(b *testing.B) {
	data := rawCSVTestData(1_000_000)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cr := csv.NewReader(bytes.NewReader(data))
		cr.ReuseRecord = true
		var x, y, z []float32
		if _, err := cr.Read(); err != nil {
			b.Fatal(err)
		}
		for {
			rec, err := cr.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			vx, _ := strconv.ParseFloat(rec[0], 64)
			vy, _ := strconv.ParseFloat(rec[1], 64)
			vz, _ := strconv.ParseFloat(rec[2], 64)
			x, y, z = append(x, float32(vx)), append(y, float32(vy)), append(z, float32(vz))
		}
		if len(x) != 1_000_000 || len(y) != len(z) {
			b.Fatal("count")
		}
	}
	b.ReportMetric(float64(b.N)*1e6/b.Elapsed().Seconds(), "samples/s")
}

// rawPlainDecimal matches the number forms the fast parser handles itself.
var rawPlainDecimal = regexp.MustCompile(`^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$`)

func FuzzReadRawCSV(f *testing.F) {
	for _, s := range []string{
		"x,y,z\n0.1,0.2,0.3\n",
		"\ufeff1,2,3\r\n4,5,6\r\n",
		"1e5,-2.5E-3,+.5\nNaN,1,2\n",
		"1,2\n",
		"a,b,c\n1,2,3,4\n",
		"  1 ,\t2 , 3 \n\n",
		"123456789012345678901234567890,0.0000000000000000000000001,1e400\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := ReadRawCSV(bytes.NewReader(data), 50)
		if err != nil {
			return
		}
		rawCheckInvariants(t, r)
		rawCheckStream(t, r, func(e *emitter) (*Raw, error) { return readRawCSV(bytes.NewReader(data), 50, e) })
		if r.Len() > bytes.Count(data, []byte("\n"))+1 {
			t.Fatalf("%d samples from %d lines", r.Len(), bytes.Count(data, []byte("\n"))+1)
		}
		// Every plain decimal cell parses exactly as strconv.ParseFloat does.
		for _, cell := range bytes.FieldsFunc(data, func(r rune) bool { return r == ',' || r == '\n' || r == '\r' }) {
			c := strings.Trim(string(cell), " \t")
			if !rawPlainDecimal.MatchString(c) {
				continue
			}
			want, _ := strconv.ParseFloat(c, 64)
			got, next, ok := parseCSVNumber([]byte(c), 0)
			if !ok || next != len(c) || got != want && !(got == 0 && want == 0) {
				t.Fatalf("%q: %v (ok %v), strconv %v", c, got, ok, want)
			}
		}
	})
}

// TestReadRawCSVLongLine: a line without end was carried on chunk by
// chunk up to 64 MiB, allocating over half a GB on the way; a line longer
// than a chunk (4 MiB) is refused at once now.
func TestReadRawCSVLongLine(t *testing.T) {
	data := append([]byte("0,0,1\n"), bytes.Repeat([]byte("1"), 20<<20)...)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := ReadRawCSV(bytes.NewReader(data), 30)
	runtime.ReadMemStats(&after)
	if err == nil || !strings.Contains(err.Error(), "longer than 4 MiB") {
		t.Errorf("err = %v", err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 100<<20 { // the samples are preallocated from the input size (2x)
		t.Errorf("a line of 20 MiB allocated %d MB", alloc>>20)
	}
}
