package devicefile

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// geneactivTestSpec describes a synthetic GENEActiv .bin file.
type geneactivTestSpec struct {
	pages     int
	rate      string          // default "85.7 Hz"
	shift     map[int]float64 // seconds added to the page time of this page and later ones
	badHex    map[int]bool
	cut       int // bytes cut off the end
	declared  int // "Number of Pages"; 0 = pages
	noCal     bool
	timeZone  string // default "GMT +01:00"
	pageTimes map[int]string
	pageRate  string // "Measurement Frequency" in page headers; default the header's
}

// geneactivTestValue is the raw 12-bit value of axis a (x,y,z) or light (3)
// of sample i on page p.
func geneactivTestValue(p, i, a int) int {
	switch a {
	case 0:
		return (p*17+i*3)%400 - 200
	case 1:
		return (p*5+i)%300 - 150
	case 2:
		return 256
	}
	return (p + i) % 1024
}

func geneactivTestFile(s geneactivTestSpec) []byte {
	if s.rate == "" {
		s.rate = "85.7 Hz"
	}
	if s.timeZone == "" {
		s.timeZone = "GMT +01:00"
	}
	declared := s.declared
	if declared == 0 {
		declared = s.pages
	}
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format+"\r\n", args...) }
	w("Device Identity")
	w("Device Unique Serial Code:054321")
	w("Device Type:GENEActiv           ")
	w("")
	w("Configuration Info")
	w("Measurement Frequency:%s", s.rate)
	w("Start Time:2024-03-01 22:00:00:000")
	w("Time Zone:%s", s.timeZone)
	w("Subject Code:\x00\x00\x00")
	w("")
	if !s.noCal {
		w("Calibration Data")
		w("x gain:25600")
		w("x offset:100")
		w("y gain:25600")
		w("y offset:-200")
		w("z gain:25600")
		w("z offset:0")
		w("Volts:300")
		w("Lux:800")
	}
	w("")
	w("Memory Status")
	w("Number of Pages:%d", declared)
	w("")
	rate, _ := strconv.ParseFloat(strings.TrimSuffix(s.rate, " Hz"), 64)
	start := time.Date(2024, 3, 1, 22, 0, 0, 0, time.UTC)
	extra := 0.0
	for p := 0; p < s.pages; p++ {
		extra += s.shift[p]
		pt := start.Add(time.Duration((float64(p*300)/rate + extra) * 1e9)).Truncate(time.Millisecond)
		stamp := fmt.Sprintf("%s:%03d", pt.Format("2006-01-02 15:04:05"), pt.Nanosecond()/1e6)
		if v, ok := s.pageTimes[p]; ok {
			stamp = v
		}
		w("Recorded Data")
		w("Device Unique Serial Code:054321")
		w("Sequence Number:%d", p)
		w("Page Time:%s", stamp)
		w("Unassigned:")
		w("Temperature:%.1f", 20+float64(p)/10)
		w("Battery voltage:4.1")
		w("Device Status:Recording")
		if s.pageRate != "" {
			w("Measurement Frequency:%s", s.pageRate)
		} else {
			w("Measurement Frequency:%s", strings.TrimSuffix(s.rate, " Hz"))
		}
		var line strings.Builder
		for i := 0; i < 300; i++ {
			fmt.Fprintf(&line, "%03X%03X%03X%03X", geneactivTestValue(p, i, 0)&0xfff, geneactivTestValue(p, i, 1)&0xfff,
				geneactivTestValue(p, i, 2)&0xfff, geneactivTestValue(p, i, 3)<<2)
		}
		l := line.String()
		if s.badHex[p] {
			l = l[:1200] + "ZZ" + l[1202:]
		}
		w("%s", l)
	}
	out := []byte(b.String())
	return out[:len(out)-s.cut]
}

func TestReadGENEActivSynthetic(t *testing.T) {
	tests := []struct {
		name     string
		spec     geneactivTestSpec
		wantLen  int
		wantNaN  int
		problems map[string]int
	}{
		{name: "clean", spec: geneactivTestSpec{pages: 3}, wantLen: 900},
		{name: "integer rate", spec: geneactivTestSpec{pages: 2, rate: "100 Hz"}, wantLen: 600},
		{name: "gap of 10 s", spec: geneactivTestSpec{pages: 3, rate: "100 Hz", shift: map[int]float64{2: 10}}, wantLen: 1900, wantNaN: 1000,
			problems: map[string]int{"gap": 1}},
		{name: "page dated months ahead", spec: geneactivTestSpec{pages: 3, rate: "100 Hz", shift: map[int]float64{1: 1e7, 2: -1e7}}, wantLen: 900,
			problems: map[string]int{"corrupt_page": 1}},
		{name: "time goes back", spec: geneactivTestSpec{pages: 3, rate: "100 Hz", shift: map[int]float64{1: -10}}, wantLen: 900,
			problems: map[string]int{"time_backwards": 1}},
		{name: "small jitter is no gap", spec: geneactivTestSpec{pages: 3, rate: "100 Hz", shift: map[int]float64{1: 0.4}}, wantLen: 900},
		{name: "corrupt hex", spec: geneactivTestSpec{pages: 3, badHex: map[int]bool{1: true}}, wantLen: 900, wantNaN: 200,
			problems: map[string]int{"corrupt_page": 1}},
		{name: "cut inside the last data line", spec: geneactivTestSpec{pages: 2, cut: 1000}, wantLen: 300 + 216,
			problems: map[string]int{"truncated": 1}},
		{name: "fewer pages than declared", spec: geneactivTestSpec{pages: 2, declared: 50}, wantLen: 600,
			problems: map[string]int{"missing_pages": 1}},
		{name: "page rate differs", spec: geneactivTestSpec{pages: 2, pageRate: "100"}, wantLen: 600,
			problems: map[string]int{"rate_mismatch": 1}},
		{name: "unreadable page time", spec: geneactivTestSpec{pages: 3, pageTimes: map[int]string{1: "yesterday"}}, wantLen: 900,
			problems: map[string]int{"corrupt_page": 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := ReadGENEActiv(bytes.NewReader(geneactivTestFile(tc.spec)))
			if err != nil {
				t.Fatal(err)
			}
			rawCheckInvariants(t, r)
			if r.Serial != "054321" || r.Device != DeviceGENEActiv {
				t.Errorf("serial %q device %q", r.Serial, r.Device)
			}
			if r.Len() != tc.wantLen || r.Missing() != tc.wantNaN {
				t.Errorf("Len %d Missing %d, want %d %d", r.Len(), r.Missing(), tc.wantLen, tc.wantNaN)
			}
			got := rawProblemCodes(r)
			if fmt.Sprint(got) != fmt.Sprint(tc.problems) && !(len(got) == 0 && len(tc.problems) == 0) {
				t.Errorf("problems %v, want %v (%v)", got, tc.problems, r.Report.Problems)
			}
			if r.Start.Format("2006-01-02 15:04:05 -07:00") != "2024-03-01 22:00:00 +01:00" {
				t.Errorf("Start %v", r.Start)
			}
			// First sample by the calibration formula (raw*100 - offset)/gain.
			want := [3]float64{(float64(geneactivTestValue(0, 0, 0))*100 - 100) / 25600, (float64(geneactivTestValue(0, 0, 1))*100 + 200) / 25600, float64(geneactivTestValue(0, 0, 2)) * 100 / 25600}
			if math.Abs(float64(r.X[0])-want[0]) > 1e-6 || math.Abs(float64(r.Y[0])-want[1]) > 1e-6 || math.Abs(float64(r.Z[0])-want[2]) > 1e-6 {
				t.Errorf("first sample %v %v %v, want %v", r.X[0], r.Y[0], r.Z[0], want)
			}
			if r.Temperature[0].Value != 20 {
				t.Errorf("temperature %v", r.Temperature[0])
			}
		})
	}
}

func TestReadGENEActivErrors(t *testing.T) {
	good := geneactivTestFile(geneactivTestSpec{pages: 1})
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "empty"},
		{"not GENEActiv", []byte("hello\r\nworld\r\n"), `does not start with "Device Identity"`},
		{"header only", good[:bytes.Index(good, []byte("Recorded Data"))], `no "Recorded Data"`},
		{"no calibration", geneactivTestFile(geneactivTestSpec{pages: 1, noCal: true}), "calibration for x"},
		{"bad rate", geneactivTestFile(geneactivTestSpec{pages: 1, rate: "fast"}), "Measurement Frequency"},
		// A rate no GENEActiv uses made every gap cost 600 s of it (issue 9).
		{"rate beyond the device", geneactivTestFile(geneactivTestSpec{pages: 1, rate: "10000 Hz"}), "Measurement Frequency"},
		{"page header without data", good[:bytes.Index(good, []byte("Temperature"))], "no data pages"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadGENEActiv(bytes.NewReader(tc.data))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestReadGENEActivReference(t *testing.T) {
	path, data := rawReferenceFile(t, "GENEActiv_testfile.bin")
	r, err := ReadRaw(path)
	if err != nil {
		t.Fatal(err)
	}
	rawCheckInvariants(t, r)
	// Facts from GGIRread's tests for this file: 85.7 Hz, 222048 pages
	// declared, first page time 10:12:54.500 (clock), temperature 21.5,
	// z of sample 300 = -0.80836403369903564453, light of sample 2 = 2.666667.
	if r.Device != DeviceGENEActiv || r.Serial != "012967" || r.SampleRate != 85.7 {
		t.Errorf("device %q serial %q rate %v", r.Device, r.Serial, r.SampleRate)
	}
	if got := r.Start.Format("2006-01-02 15:04:05.000 -07:00"); got != "2013-05-30 10:12:54.500 +01:00" {
		t.Errorf("Start %s", got)
	}
	if math.Abs(float64(r.Z[299])-(-0.80836403369903564453)) > 1e-6 {
		t.Errorf("Z[299] = %v, GGIRread -0.808364", r.Z[299])
	}
	if r.Temperature[0].Value != 21.5 {
		t.Errorf("temperature %v", r.Temperature[0])
	}
	// The file is the first 64 KiB of a recording: 16 whole pages and 231
	// samples of the 17th.
	if r.Len() != 16*300+231 || r.Missing() != 0 {
		t.Errorf("Len %d Missing %d", r.Len(), r.Missing())
	}
	var missing string
	for _, p := range r.Report.Problems {
		if p.Code == "missing_pages" {
			missing = p.What
		}
	}
	if !strings.Contains(missing, "222048 pages") || rawProblemCodes(r)["truncated"] != 1 {
		t.Errorf("problems %v", r.Report.Problems)
	}
	// Hand decoding of the first data line's first two samples.
	i := bytes.Index(data, []byte("Measurement Frequency:85.7\r\n"))
	line := data[i+len("Measurement Frequency:85.7\r\n"):]
	hexv := func(s []byte) int {
		v, err := strconv.ParseInt(string(s), 16, 32)
		if err != nil {
			t.Fatal(err)
		}
		return int(v)
	}
	signed := func(v int) float64 {
		if v >= 2048 {
			v -= 4096
		}
		return float64(v)
	}
	x := (signed(hexv(line[0:3]))*100 - 439) / 25875
	y := (signed(hexv(line[3:6]))*100 + 662) / 25734
	z := (signed(hexv(line[6:9]))*100 + 3056) / 25538
	if math.Abs(float64(r.X[0])-x) > 1e-6 || math.Abs(float64(r.Y[0])-y) > 1e-6 || math.Abs(float64(r.Z[0])-z) > 1e-6 {
		t.Errorf("first sample %v %v %v, hand %v %v %v", r.X[0], r.Y[0], r.Z[0], x, y, z)
	}
	light2 := float64(hexv(line[12+9:12+12])>>2) * 800 / 300
	if math.Abs(light2-2.666667) > 1e-5 || math.Abs(float64(r.Light[0].Value)-2.666667) > 1e-5 {
		t.Errorf("light: hand %v, reader %v, GGIRread 2.666667", light2, r.Light[0])
	}
	st := rawSummary(r)
	if st.meanVM < 0.95 || st.meanVM > 1.1 {
		t.Errorf("mean vector magnitude %v", st.meanVM)
	}
}

func FuzzReadGENEActiv(f *testing.F) {
	f.Add(geneactivTestFile(geneactivTestSpec{pages: 1}))
	f.Add(geneactivTestFile(geneactivTestSpec{pages: 2, shift: map[int]float64{1: 5}, badHex: map[int]bool{0: true}}))
	f.Add(geneactivTestFile(geneactivTestSpec{pages: 2, cut: 500}))
	if dir := fuzzReferenceDir(); dir != "" {
		if data, err := os.ReadFile(dir + "/GENEActiv_testfile.bin"); err == nil {
			f.Add(data[:min(len(data), 12000)])
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := ReadGENEActiv(bytes.NewReader(data))
		if err != nil {
			return
		}
		rawCheckInvariants(t, r)
		rawCheckStream(t, r, func(e *emitter) (*Raw, error) { return readGENEActiv(bytes.NewReader(data), e) })
		if int64(r.Len()) > gapLimit(int64(len(data)), r.SampleRate)+int64(len(data)) {
			t.Fatalf("%d samples from %d bytes", r.Len(), len(data))
		}
	})
}
