package devicefile

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/testkit"
)

// rawReferenceFile reads one reference file.
func rawReferenceFile(t testing.TB, name string) (path string, data []byte) {
	t.Helper()
	path = filepath.Join(testkit.Reference(t, "raw"), name)
	data, err := os.ReadFile(path)
	if err != nil {
		if os.Getenv(testkit.RequireReferenceEnv) == "1" {
			t.Fatal(err)
		}
		t.Skipf("reference file %s not readable: %v", name, err)
	}
	return path, data
}

// rawStats summarises a recording's valid samples.
type rawStats struct {
	valid       int
	meanVM      float64
	medianVM    float64
	sumAbs      float64
	lengthsSame bool
}

func rawSummary(r *Raw) rawStats {
	s := rawStats{lengthsSame: len(r.X) == len(r.Y) && len(r.Y) == len(r.Z)}
	vms := make([]float64, 0, len(r.X))
	for i := range r.X {
		x, y, z := float64(r.X[i]), float64(r.Y[i]), float64(r.Z[i])
		if math.IsNaN(x) || math.IsNaN(y) || math.IsNaN(z) {
			continue
		}
		vm := math.Sqrt(x*x + y*y + z*z)
		vms = append(vms, vm)
		s.meanVM += vm
		s.sumAbs += math.Abs(x) + math.Abs(y) + math.Abs(z)
	}
	s.valid = len(vms)
	if s.valid > 0 {
		s.meanVM /= float64(s.valid)
		sort.Float64s(vms)
		s.medianVM = vms[len(vms)/2]
	}
	return s
}

// rawProblemCodes counts problems by code.
func rawProblemCodes(r *Raw) map[string]int {
	m := map[string]int{}
	for _, p := range r.Report.Problems {
		m[p.Code]++
	}
	return m
}

// rawCheckInvariants checks what every successful read promises.
func rawCheckInvariants(t testing.TB, r *Raw) {
	t.Helper()
	if len(r.X) != len(r.Y) || len(r.Y) != len(r.Z) {
		t.Fatalf("axis lengths differ: %d %d %d", len(r.X), len(r.Y), len(r.Z))
	}
	if !(r.SampleRate > 0) || math.IsInf(r.SampleRate, 0) {
		t.Fatalf("sample rate %v", r.SampleRate)
	}
	if r.Len() == 0 {
		t.Fatal("a successful read returned no samples")
	}
	for i := range r.X {
		nx, ny, nz := r.X[i] != r.X[i], r.Y[i] != r.Y[i], r.Z[i] != r.Z[i]
		if r.Device != DeviceCSV && (nx != ny || ny != nz) {
			t.Fatalf("sample %d: NaN in some axes only", i)
		}
	}
	for _, aux := range [][]Reading{r.Temperature, r.Light} {
		for k, rd := range aux {
			if rd.Index < 0 || rd.Index > r.Len() || (k > 0 && rd.Index < aux[k-1].Index) {
				t.Fatalf("auxiliary reading %d has index %d (len %d)", k, rd.Index, r.Len())
			}
		}
	}
}

func TestRawTime(t *testing.T) {
	r := &Raw{SampleRate: 85.7, Start: time.Date(2013, 5, 30, 10, 12, 54, 500e6, time.UTC), X: make([]float32, 300), Y: make([]float32, 300), Z: make([]float32, 300)}
	if got, want := r.Time(0), r.Start; !got.Equal(want) {
		t.Errorf("Time(0) = %v", got)
	}
	// 300 samples at 85.7 Hz last 3.50058 s.
	if got := r.Time(300).Sub(r.Start); got != time.Duration(math.Round(300/85.7*1e9)) {
		t.Errorf("Time(300) - Start = %v", got)
	}
	if got := r.Duration(); got != r.Time(300).Sub(r.Start) {
		t.Errorf("Duration = %v", got)
	}
	r.X[5] = float32(math.NaN())
	if r.Missing() != 1 {
		t.Errorf("Missing = %d, want 1", r.Missing())
	}
}

func TestRawSegments(t *testing.T) {
	nan := float32(math.NaN())
	tests := []struct {
		x, z []float32
		want string
	}{
		{[]float32{1, 2, 3}, []float32{1, 1, 1}, "[{0 3}]"},
		{[]float32{nan, 2, 3, nan, nan, 6}, []float32{1, 1, 1, 1, 1, 1}, "[{1 3} {5 6}]"},
		{[]float32{1, 2, 3}, []float32{1, nan, 1}, "[{0 1} {2 3}]"},
		{[]float32{nan, nan}, []float32{1, 1}, "[]"},
		{nil, nil, "[]"},
	}
	for _, tc := range tests {
		r := &Raw{SampleRate: 1, X: tc.x, Y: make([]float32, len(tc.x)), Z: tc.z}
		if got := fmt.Sprint(r.Segments()); got != tc.want {
			t.Errorf("Segments(%v, %v) = %s, want %s", tc.x, tc.z, got, tc.want)
		}
	}
}

// rawZip builds a zip archive holding the given files.
func rawZip(t testing.TB, files map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(files[n]); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadRawDispatch(t *testing.T) {
	cwa := cwaTestFile(t, cwaTestSpec{blocks: 3})
	gt3x := gt3xTestFile(t, gt3xTestSpec{seconds: 3})
	gen := geneactivTestFile(geneactivTestSpec{pages: 2})
	csv := []byte("x,y,z\n0,0,1\n0,0,1\n")

	tests := []struct {
		name    string
		file    string
		data    []byte
		hz      float64
		device  string
		wantErr string // substring; "" = success
	}{
		{"cwa", "a.cwa", cwa, 0, DeviceAX3, ""},
		{"cwa upper-case extension", "A.CWA", cwa, 0, DeviceAX3, ""},
		{"gt3x", "a.gt3x", gt3x, 0, DeviceGT3X, ""},
		{"geneactiv", "a.bin", gen, 0, DeviceGENEActiv, ""},
		{"csv", "a.csv", csv, 30, DeviceCSV, ""},
		{"device file ignores hz", "a.cwa", cwa, 30, DeviceAX3, ""},
		{"no extension, CWA magic", "upload", cwa, 0, DeviceAX3, ""},
		{"no extension, zip magic", "upload", gt3x, 0, DeviceGT3X, ""},
		{"no extension, GENEActiv magic", "upload", gen, 0, DeviceGENEActiv, ""},
		{"cwa that is a zip", "a.cwa", gt3x, 0, "", "named as Axivity CWA but its content is a ActiGraph GT3X (zip) file"},
		{"gt3x that is a cwa", "a.gt3x", cwa, 0, "", "named as ActiGraph GT3X (zip) but its content is a Axivity CWA file"},
		{"bin that is garbage", "a.bin", []byte("hello world\n"), 0, "", "content is not recognised"},
		{"csv that is a cwa", "a.csv", cwa, 30, "", "content is a Axivity CWA file"},
		{"csv without rate", "a.csv", csv, 0, "", "sample rate"},
		{"unknown", "a.dat", []byte("12345"), 0, "", "unknown raw file format"},
		{"empty", "a.cwa", nil, 0, "", "empty"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := ReadRawBytes(tc.file, tc.data, tc.hz)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			rawCheckInvariants(t, r)
			if r.Device != tc.device {
				t.Errorf("device %q, want %q", r.Device, tc.device)
			}
			// The streaming entry point gives the same result.
			r2, err := ReadRawFrom(tc.file, bytes.NewReader(tc.data), tc.hz)
			if err != nil {
				t.Fatal(err)
			}
			if r2.Len() != r.Len() || r2.Device != r.Device {
				t.Errorf("ReadRawFrom differs: %d %s", r2.Len(), r2.Device)
			}
			r3, err := ReadRawFrom(tc.file, io.MultiReader(bytes.NewReader(tc.data)), tc.hz)
			if err != nil || r3.Len() != r.Len() {
				t.Errorf("ReadRawFrom on a plain reader: %v", err)
			}
		})
	}
	if _, err := ReadRawBytes("a.csv", csv, 0); !errors.Is(err, ErrNeedRate) {
		t.Errorf("csv without rate: %v, want ErrNeedRate", err)
	}
}

func TestReadRawPath(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "night.cwa")
	if err := os.WriteFile(p, cwaTestFile(t, cwaTestSpec{blocks: 2}), 0o600); err != nil {
		t.Fatal(err)
	}
	r, err := ReadRaw(p)
	if err != nil {
		t.Fatal(err)
	}
	if r.Len() == 0 {
		t.Fatal("no samples")
	}
	if _, err := ReadRaw(filepath.Join(dir, "absent.cwa")); err == nil {
		t.Error("missing file: no error")
	}
	if _, err := ReadRaw(dir); err == nil {
		t.Error("directory: no error")
	}
	csvPath := filepath.Join(dir, "raw.csv")
	if err := os.WriteFile(csvPath, []byte("1,2,3\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadRaw(csvPath); !errors.Is(err, ErrNeedRate) {
		t.Errorf("ReadRaw on CSV: %v, want ErrNeedRate", err)
	}
	if r, err := ReadRawHz(csvPath, 85.7); err != nil || r.SampleRate != 85.7 || r.Len() != 1 {
		t.Errorf("ReadRawHz on CSV: %v %+v", err, r)
	}
	gp := filepath.Join(dir, "night.gt3x")
	if err := os.WriteFile(gp, gt3xTestFile(t, gt3xTestSpec{seconds: 2}), 0o600); err != nil {
		t.Fatal(err)
	}
	if r, err := ReadRaw(gp); err != nil || r.Device != DeviceGT3X {
		t.Errorf("gt3x by path: %v", err)
	}
}

// TestRawReadersBoundClaims: what a file claims (a rate, a gap) must not
// decide what the reader allocates (issue 9, finding 1 and the same fault
// elsewhere). A CWA file of two blocks at 3200 Hz, the second dated ten
// minutes after the first, was filled with 1.9 million missing samples
// (ten minutes at the claimed rate, whatever the file's size); the gap
// budget now grants ten minutes at no more than 100 Hz plus 8 samples per
// byte. A raw CSV rate beyond any device is refused.
func TestRawReadersBoundClaims(t *testing.T) {
	if got, want := gapLimit(1024, 3200), int64(600*100+8*1024); got != want {
		t.Errorf("gapLimit(1 KiB, 3200 Hz) = %d, want %d", got, want)
	}
	if got := gapLimit(1<<40, 100); got != maxRawSamples {
		t.Errorf("gapLimit of a huge file = %d, want the cap %d", got, maxRawSamples)
	}
	data := cwaTestFile(t, cwaTestSpec{blocks: 2, rateCode: 0x4f, shiftTime: map[int]float64{1: 600}})
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	r, err := ReadCWA(bytes.NewReader(data))
	runtime.ReadMemStats(&after)
	if err == nil && int64(r.Len()) > gapLimit(int64(len(data)), 3200)+2*120 {
		t.Errorf("%d samples from a %d-byte file", r.Len(), len(data))
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8<<20 {
		t.Errorf("reading a %d-byte CWA file allocated %d MB", len(data), alloc>>20)
	}
	if _, err := ReadRawCSV(strings.NewReader("0,0,1\n"), 1e5); err == nil {
		t.Error("a raw CSV at 100 kHz was accepted")
	}
}
