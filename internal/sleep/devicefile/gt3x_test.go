package devicefile

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// gt3xTestSpec describes a synthetic .gt3x archive.
type gt3xTestSpec struct {
	seconds   int
	rate      int // default 30
	activity2 bool
	serial    string // default MOS2TEST0001
	infoScale string // "Acceleration Scale" in info.txt; "" = leave out
	firmware  string
	tz        string                // default "02:00:00"
	start     int64                 // Unix seconds of the first record
	idle      map[int]bool          // seconds without a record
	badSum    map[int]bool          // records with a broken checksum
	short     map[int]int           // records holding fewer samples
	paramsScl float64               // ACCEL_SCALE in a PARAMETERS record (0 = none)
	usb       bool                  // add a 1-byte activity record at the end
	zeros     bool                  // zero bytes between records
	nhanes    bool                  // activity.bin instead of log.bin
	noInfo    bool                  // leave out info.txt
	value     func(s, i, a int) int // raw value of second s, sample i, axis a (x,y,z)
	jump      map[int]int64         // seconds added to the stamps of this record and later ones
	spanTicks int64                 // info.txt Last Sample Time - Start Date (0 = leave both out)
}

func gt3xRecord(typ byte, ts int64, payload []byte, breakSum bool) []byte {
	rec := make([]byte, 8, 9+len(payload))
	rec[0] = 0x1e
	rec[1] = typ
	binary.LittleEndian.PutUint32(rec[2:], uint32(ts))
	binary.LittleEndian.PutUint16(rec[6:], uint16(len(payload)))
	rec = append(rec, payload...)
	var sum byte
	for _, b := range rec {
		sum ^= b
	}
	sum = ^sum
	if breakSum {
		sum ^= 0x55
	}
	return append(rec, sum)
}

// gt3xEncodeFloat encodes v in the PARAMETERS float format (the inverse of
// the format description's decoder, written from its prose).
func gt3xEncodeFloat(v float64) uint32 {
	frac, exp := math.Frexp(v) // v = frac * 2^exp, 0.5 <= |frac| < 1
	return uint32(int32(frac*8388608))&0xffffff | uint32(uint8(int8(exp)))<<24
}

func gt3xTestFile(t testing.TB, s gt3xTestSpec) []byte {
	log, info := gt3xTestLog(t, s)
	files := map[string][]byte{}
	if !s.noInfo {
		files["info.txt"] = []byte(info)
	}
	if s.nhanes {
		files["activity.bin"] = log
	} else {
		files["log.bin"] = log
	}
	return rawZip(t, files)
}

// gt3xTestLog builds the log.bin and info.txt of a synthetic .gt3x.
func gt3xTestLog(t testing.TB, s gt3xTestSpec) (log []byte, info string) {
	if s.rate == 0 {
		s.rate = 30
	}
	if s.serial == "" {
		s.serial = "MOS2TEST0001"
	}
	if s.tz == "" {
		s.tz = "02:00:00"
	}
	if s.start == 0 {
		s.start = time.Date(2024, 3, 1, 22, 0, 0, 0, time.UTC).Unix()
	}
	if s.firmware == "" {
		s.firmware = "1.9.2"
	}
	if s.value == nil {
		s.value = func(sec, i, a int) int {
			switch a {
			case 0:
				return (sec*31+i*7)%200 - 100
			case 1:
				return (sec*13+i)%100 - 50
			}
			return -256
		}
	}
	var logBuf bytes.Buffer
	logBuf.Write(gt3xRecord(0x06, s.start-10, []byte(`{"MetadataType":"Subject"}`), false))
	if s.paramsScl > 0 {
		p := make([]byte, 16)
		binary.LittleEndian.PutUint16(p[2:], 8) // BOARD_REVISION
		binary.LittleEndian.PutUint32(p[4:], 3)
		binary.LittleEndian.PutUint16(p[10:], 55) // ACCEL_SCALE
		binary.LittleEndian.PutUint32(p[12:], gt3xEncodeFloat(s.paramsScl))
		logBuf.Write(gt3xRecord(0x15, s.start-10, p, false))
	}
	var shift int64
	for sec := 0; sec < s.seconds; sec++ {
		shift += s.jump[sec]
		if s.idle[sec] {
			continue
		}
		n := s.rate
		if v, ok := s.short[sec]; ok {
			n = v
		}
		var payload []byte
		if s.activity2 {
			for i := 0; i < n; i++ {
				for a := 0; a < 3; a++ {
					payload = binary.LittleEndian.AppendUint16(payload, uint16(int16(s.value(sec, i, a))))
				}
			}
		} else {
			var hx strings.Builder
			for i := 0; i < n; i++ {
				for _, a := range []int{1, 0, 2} { // y, x, z
					fmt.Fprintf(&hx, "%03x", uint16(s.value(sec, i, a))&0xfff)
				}
			}
			if hx.Len()%2 == 1 {
				hx.WriteByte('0')
			}
			var err error
			payload, err = hex.DecodeString(hx.String())
			if err != nil {
				t.Fatal(err)
			}
		}
		typ := byte(0x00)
		if s.activity2 {
			typ = 0x1a
		}
		logBuf.Write(gt3xRecord(typ, s.start+shift+int64(sec), payload, s.badSum[sec]))
		logBuf.Write(gt3xRecord(0x05, s.start+shift+int64(sec), []byte{byte(sec), 0}, false))
		if s.zeros {
			logBuf.Write([]byte{0, 0, 0})
		}
	}
	if s.usb {
		logBuf.Write(gt3xRecord(0x00, s.start+int64(s.seconds), []byte{1}, false))
	}
	info = fmt.Sprintf("Serial Number: %s\r\nDevice Type: wGT3XBT\r\nFirmware: %s\r\nSample Rate: %d\r\nStart Date: 0\r\nTimeZone: %s\r\n", s.serial, s.firmware, s.rate, s.tz)
	if s.infoScale != "" {
		info += "Acceleration Scale: " + s.infoScale + "\r\n"
	}
	if s.spanTicks > 0 {
		startTicks := s.start*10_000_000 + 621355968000000000
		info += fmt.Sprintf("Start Date: %d\r\nLast Sample Time: %d\r\n", startTicks, startTicks+s.spanTicks)
	}
	return logBuf.Bytes(), info
}

func TestReadGT3XSynthetic(t *testing.T) {
	tests := []struct {
		name     string
		spec     gt3xTestSpec
		wantLen  int
		wantNaN  int
		scale    float64
		problems map[string]int
		check    func(t *testing.T, r *Raw)
	}{
		{name: "ACTIVITY 12-bit, MOS scale", spec: gt3xTestSpec{seconds: 4}, wantLen: 120, scale: 256},
		{name: "ACTIVITY2 16-bit", spec: gt3xTestSpec{seconds: 3, activity2: true}, wantLen: 90, scale: 256},
		{name: "NEO serial uses 341", spec: gt3xTestSpec{seconds: 2, serial: "NEO1C16110020"}, wantLen: 60, scale: 341},
		{name: "info.txt scale wins over serial", spec: gt3xTestSpec{seconds: 2, serial: "NEO1", infoScale: "256,0"}, wantLen: 60, scale: 256},
		{name: "PARAMETERS scale wins", spec: gt3xTestSpec{seconds: 2, infoScale: "341.0", paramsScl: 256}, wantLen: 60, scale: 256},
		{name: "odd sample count uses a half byte", spec: gt3xTestSpec{seconds: 2, rate: 25}, wantLen: 50, scale: 256},
		{name: "idle sleep repeats the last sample", spec: gt3xTestSpec{seconds: 6, idle: map[int]bool{2: true, 3: true}}, wantLen: 180, scale: 256,
			problems: map[string]int{"idle_sleep": 1},
			check: func(t *testing.T, r *Raw) {
				for k := 60; k < 120; k++ {
					if r.X[k] != r.X[59] || r.Y[k] != r.Y[59] || r.Z[k] != r.Z[59] {
						t.Fatalf("idle sample %d = %v, want the last sample %v", k, r.X[k], r.X[59])
					}
				}
			}},
		{name: "five minutes of idle sleep early", spec: gt3xTestSpec{seconds: 4, jump: map[int]int64{2: 300}},
			wantLen: (4 + 300) * 30, scale: 256, problems: map[string]int{"idle_sleep": 1},
			check: func(t *testing.T, r *Raw) {
				if r.X[60+300*30] == r.X[59] && r.Y[60+300*30] == r.Y[59] {
					t.Errorf("real samples after the idle stretch equal the fill")
				}
			}},
		// A span info.txt declares grants nothing: three hours of idle
		// sleep in a file of four seconds are more than its bytes hold.
		{name: "three hours of idle sleep early, only the span declared", spec: gt3xTestSpec{seconds: 4, jump: map[int]int64{2: 3 * 3600}, spanTicks: 4 * 3600 * 10_000_000},
			wantLen: 60, scale: 256, problems: map[string]int{"corrupt_record": 2},
			check: func(t *testing.T, r *Raw) {}},
		{name: "a record dated days ahead without a declared span", spec: gt3xTestSpec{seconds: 4, jump: map[int]int64{2: 5 * 86400, 3: -5 * 86400}},
			wantLen: 120, scale: 256, problems: map[string]int{"corrupt_record": 1, "idle_sleep": 1},
			check: func(t *testing.T, r *Raw) {}},
		{name: "bad checksum leaves a missing second", spec: gt3xTestSpec{seconds: 4, badSum: map[int]bool{1: true}}, wantLen: 120, wantNaN: 30, scale: 256,
			problems: map[string]int{"corrupt_record": 1}},
		{name: "short record completed", spec: gt3xTestSpec{seconds: 3, short: map[int]int{1: 10}}, wantLen: 90, scale: 256,
			problems: map[string]int{"short_record": 1}},
		{name: "USB marker and zero padding ignored", spec: gt3xTestSpec{seconds: 3, usb: true, zeros: true}, wantLen: 90, scale: 256},
		{name: "firmware 1.6.0 axis fix", spec: gt3xTestSpec{seconds: 2, firmware: "1.6.0"}, wantLen: 60, scale: 256,
			problems: map[string]int{"axes_rotated": 1},
			check: func(t *testing.T, r *Raw) {
				// x = recorded y, y = -recorded x.
				if r.X[5] != round3(float64((0*13+5)%100-50)/256) || r.Y[5] != -round3(float64((0*31+5*7)%200-100)/256) {
					t.Errorf("rotated sample %v %v", r.X[5], r.Y[5])
				}
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := ReadGT3X(bytes.NewReader(gt3xTestFile(t, tc.spec)), int64(len(gt3xTestFile(t, tc.spec))))
			if err != nil {
				t.Fatal(err)
			}
			rawCheckInvariants(t, r)
			rate := tc.spec.rate
			if rate == 0 {
				rate = 30
			}
			if r.SampleRate != float64(rate) || r.Device != DeviceGT3X {
				t.Errorf("rate %v device %q", r.SampleRate, r.Device)
			}
			if r.Len() != tc.wantLen || r.Missing() != tc.wantNaN {
				t.Errorf("Len %d Missing %d, want %d %d", r.Len(), r.Missing(), tc.wantLen, tc.wantNaN)
			}
			wantStart := time.Date(2024, 3, 1, 22, 0, 0, 0, time.FixedZone("+02:00", 7200))
			if !r.Start.Equal(wantStart) || r.Start.Format("15:04 -07:00") != "22:00 +02:00" {
				t.Errorf("Start %v, want clock 22:00 at +02:00", r.Start)
			}
			got := rawProblemCodes(r)
			if fmt.Sprint(got) != fmt.Sprint(tc.problems) && !(len(got) == 0 && len(tc.problems) == 0) {
				t.Errorf("problems %v, want %v", got, tc.problems)
			}
			if tc.check != nil {
				tc.check(t, r)
				return
			}
			// Plain records: every sample equals its synthetic value.
			v := func(sec, i, a int) int {
				switch a {
				case 0:
					return (sec*31+i*7)%200 - 100
				case 1:
					return (sec*13+i)%100 - 50
				}
				return -256
			}
			for k := 0; k < r.Len(); k++ {
				sec, i := k/rate, k%rate
				if tc.spec.short[sec] > 0 && i >= tc.spec.short[sec] || tc.spec.badSum[sec] || tc.spec.idle[sec] {
					continue
				}
				want := [3]float32{round3(float64(v(sec, i, 0)) / tc.scale), round3(float64(v(sec, i, 1)) / tc.scale), round3(float64(v(sec, i, 2)) / tc.scale)}
				if r.X[k] != want[0] || r.Y[k] != want[1] || r.Z[k] != want[2] {
					t.Fatalf("sample %d = %v %v %v, want %v", k, r.X[k], r.Y[k], r.Z[k], want)
				}
			}
		})
	}
}

func TestReadGT3XErrors(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"not a zip", []byte("PK\x03\x04 but not really"), "not a readable zip"},
		{"NHANES format", gt3xTestFile(t, gt3xTestSpec{seconds: 2, nhanes: true}), "older NHANES-style GT3X format (activity.bin), which is not supported"},
		{"no info.txt", gt3xTestFile(t, gt3xTestSpec{seconds: 2, noInfo: true}), "no info.txt"},
		{"no log.bin", rawZip(t, map[string][]byte{"info.txt": []byte("Sample Rate: 30\n")}), "no log.bin"},
		{"no samples", gt3xTestFile(t, gt3xTestSpec{seconds: 0}), "no activity records"},
		{"bad rate", rawZip(t, map[string][]byte{"info.txt": []byte("Sample Rate: abc\n"), "log.bin": nil}), "Sample Rate"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadGT3X(bytes.NewReader(tc.data), int64(len(tc.data)))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

// gt3xClaimFile is the kind of file from issue 9: info.txt claims a day at
// rate Hz, and log.bin holds two ACTIVITY2 records of one sample each,
// a day apart.
func gt3xClaimFile(t testing.TB, rate int, days int64) []byte {
	start := time.Date(2024, 3, 1, 22, 0, 0, 0, time.UTC).Unix()
	startTicks := start*10_000_000 + 621355968000000000
	info := fmt.Sprintf("Serial Number: MOS2X\r\nSample Rate: %d\r\nStart Date: %d\r\nLast Sample Time: %d\r\n", rate, startTicks, startTicks+days*86400*10_000_000)
	sample := []byte{0, 1, 0, 1, 0, 1}
	log := append(gt3xRecord(0x1a, start, sample, false), gt3xRecord(0x1a, start+days*86400, sample, false)...)
	return rawZip(t, map[string][]byte{"info.txt": []byte(info), "log.bin": log})
}

// TestReadGT3XClaimedSpanBoundsMemory: a file of a few hundred bytes that
// claims a day at 256 Hz made the reader fill 22 million samples (issue 9,
// finding 1); a claim of 45 days at 1000 Hz would need tens of GB. The
// reader now allocates by what the file holds: the day-long gap is skipped
// as more than the file can account for, and the rate is refused.
func TestReadGT3XClaimedSpanBoundsMemory(t *testing.T) {
	data := gt3xClaimFile(t, 256, 1)
	if len(data) > 600 {
		t.Fatalf("crafted file is %d bytes", len(data))
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	r, err := ReadGT3X(bytes.NewReader(data), int64(len(data)))
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8<<20 {
		t.Errorf("reading a %d-byte file allocated %d MB", len(data), alloc>>20)
	}
	if r.Len() > 600*256 {
		t.Errorf("%d samples from a %d-byte file", r.Len(), len(data))
	}
	if c := rawProblemCodes(r); c["corrupt_record"] != 1 {
		t.Errorf("problems %v, want the day-ahead record skipped", c)
	}
	// Rates no ActiGraph uses are refused outright.
	big := gt3xClaimFile(t, 1000, 45)
	if _, err := ReadGT3X(bytes.NewReader(big), int64(len(big))); err == nil || !strings.Contains(err.Error(), "Sample Rate") {
		t.Errorf("1000 Hz: err = %v", err)
	}
}

func TestGT3XFloat(t *testing.T) {
	// Examples from the PARAMETERS record description.
	for _, tc := range []struct {
		v    uint32
		want float64
	}{{0x09400000, 256}, {0x0C400000, 2048}, {0, 0}, {0x03419581, 4.1}} {
		if got := gt3xFloat(tc.v); math.Abs(got-tc.want) > 0.01 {
			t.Errorf("gt3xFloat(%#x) = %v, want %v", tc.v, got, tc.want)
		}
	}
	if got := gt3xFloat(gt3xEncodeFloat(-341)); got != -341 {
		t.Errorf("round trip -341: %v", got)
	}
	for _, tc := range []struct {
		in   string
		want int
		ok   bool
	}{{"02:00:00", 7200, true}, {"-05:30:00", -19800, true}, {"+01:00", 3600, true}, {"25:00:00", 0, false}, {"x", 0, false}} {
		got, ok := parseGT3XZone(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("parseGT3XZone(%q) = %d %v", tc.in, got, ok)
		}
	}
}

// gt3xHandFirstSample finds the first ACTIVITY record in log.bin and decodes
// its first sample from the hex digits of the payload (y, x, z order).
func gt3xHandFirstSample(t *testing.T, data []byte) (ts int64, x, y, z int) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var log []byte
	for _, f := range zr.File {
		if f.Name == "log.bin" {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			log, _ = io.ReadAll(rc)
			rc.Close()
		}
	}
	for p := 0; p+8 <= len(log); {
		size := int(log[p+6]) | int(log[p+7])<<8
		if log[p+1] == 0 && size > 1 {
			digits := hex.EncodeToString(log[p+8 : p+8+5])
			val := func(s string) int {
				v, _ := strconv.ParseInt(s, 16, 32)
				if v >= 2048 {
					v -= 4096
				}
				return int(v)
			}
			return int64(binary.LittleEndian.Uint32(log[p+2:])), val(digits[3:6]), val(digits[0:3]), val(digits[6:9])
		}
		p += 9 + size
	}
	t.Fatal("no activity record")
	return
}

func TestReadGT3XReference(t *testing.T) {
	path, data := rawReferenceFile(t, "actigraph_testfile.gt3x")
	r, err := ReadRaw(path)
	if err != nil {
		t.Fatal(err)
	}
	rawCheckInvariants(t, r)
	// Facts from GGIR's tests for this file: 30 Hz, serial MOS2E39180594,
	// the second sample at 10:09:00.0333 (clock), X[1] = 0.004, Y[2] = -0.004,
	// Z[1] = -0.957 (R indices are 1-based).
	if r.Device != DeviceGT3X || r.Serial != "MOS2E39180594" || r.SampleRate != 30 {
		t.Errorf("device %q serial %q rate %v", r.Device, r.Serial, r.SampleRate)
	}
	if got := r.Time(1).Format("2006-01-02 15:04:05.0000 -07:00"); got != "2020-08-26 10:09:00.0333 +02:00" {
		t.Errorf("Time(1) = %s", got)
	}
	if r.X[0] != 0.004 || r.Y[1] != -0.004 || r.Z[0] != -0.957 {
		t.Errorf("X[0] %v Y[1] %v Z[0] %v, GGIR 0.004 -0.004 -0.957", r.X[0], r.Y[1], r.Z[0])
	}
	ts, hx, hy, hz := gt3xHandFirstSample(t, data)
	if ts != time.Date(2020, 8, 26, 10, 9, 0, 0, time.UTC).Unix() {
		t.Errorf("first record stamp %d", ts)
	}
	if r.X[0] != round3(float64(hx)/256) || r.Y[0] != round3(float64(hy)/256) || r.Z[0] != round3(float64(hz)/256) {
		t.Errorf("first sample %v %v %v, hand-decoded %d %d %d /256", r.X[0], r.Y[0], r.Z[0], hx, hy, hz)
	}
	// Records run from 10:09:00 to 10:38:27 local clock: 1768 s of 30 samples,
	// 23 stretches of idle sleep filled, nothing missing.
	if r.Len() != 1768*30 || r.Missing() != 0 {
		t.Errorf("Len %d Missing %d, want %d 0", r.Len(), r.Missing(), 1768*30)
	}
	if c := rawProblemCodes(r); c["idle_sleep"] != 23 || len(c) != 1 {
		t.Errorf("problems %v, want 23 idle_sleep", c)
	}
	st := rawSummary(r)
	if st.meanVM < 0.95 || st.meanVM > 1.05 {
		t.Errorf("mean vector magnitude %v", st.meanVM)
	}
}

func FuzzReadGT3X(f *testing.F) {
	f.Add(gt3xTestFile(f, gt3xTestSpec{seconds: 2}))
	f.Add(gt3xTestFile(f, gt3xTestSpec{seconds: 3, activity2: true, idle: map[int]bool{1: true}}))
	f.Add(gt3xTestFile(f, gt3xTestSpec{seconds: 3, badSum: map[int]bool{0: true}, short: map[int]int{2: 3}, usb: true}))
	f.Add(gt3xTestFile(f, gt3xTestSpec{seconds: 1, nhanes: true}))
	f.Add(gt3xClaimFile(f, 256, 1)) // issue 9: a day claimed at 256 Hz
	if dir := fuzzReferenceDir(); dir != "" {
		if data, err := os.ReadFile(dir + "/actigraph_testfile.gt3x"); err == nil {
			f.Add(data)
		}
	}
	for _, s := range []gt3xTestSpec{{seconds: 2}, {seconds: 3, activity2: true, idle: map[int]bool{1: true}}, {seconds: 2, paramsScl: 341, usb: true, zeros: true}} {
		log, _ := gt3xTestLog(f, s)
		f.Add(log)
	}
	// Found by the fuzzer: two records 3,328 s apart fill almost an hour of idle
	// sleep from 163 bytes (within the hour the budget always grants).
	f.Add([]byte("\x1e\x000B\xe2e\x02\x00000\x1e\x000O\xe2e0\x00" + strings.Repeat("0", 144)))
	info := map[string]string{"Serial Number": "MOS2FUZZ", "Sample Rate": "30", "TimeZone": "-03:00:00"}
	f.Fuzz(func(t *testing.T, data []byte) {
		// The input as a whole .gt3x archive...
		if r, err := ReadGT3X(bytes.NewReader(data), int64(len(data))); err == nil {
			rawCheckInvariants(t, r)
			rawCheckStream(t, r, func(e *emitter) (*Raw, error) { return readGT3X(bytes.NewReader(data), int64(len(data)), e) })
			// Real samples come from log.bin, which is at most what the
			// zip's deflate can expand the file to; invented ones from
			// the gap budget of the file's bytes.
			if int64(r.Len()) > gapLimit(int64(len(data)), r.SampleRate)+int64(r.SampleRate)*1100*int64(len(data)) {
				t.Fatalf("%d samples from a %d-byte archive", r.Len(), len(data))
			}
		}
		// ...and as log.bin, as is and with every record checksum made
		// right so mutations reach the record decoding.
		for _, log := range [][]byte{data, gt3xFixChecksums(data)} {
			r, err := readGT3XLog(bytes.NewReader(log), info, int64(len(log)), newCollector())
			if err != nil {
				continue
			}
			rawCheckInvariants(t, r)
			rawCheckStream(t, r, func(e *emitter) (*Raw, error) { return readGT3XLog(bytes.NewReader(log), info, int64(len(log)), e) })
			if int64(r.Len()) > gapLimit(int64(len(log)), 30)+30*int64(len(log)) {
				t.Fatalf("%d samples from %d bytes", r.Len(), len(log))
			}
		}
	})
}

// gt3xFixChecksums walks log.bin records and rewrites each checksum.
func gt3xFixChecksums(data []byte) []byte {
	out := append([]byte(nil), data...)
	for p := 0; p+8 < len(out); {
		if out[p] != 0x1e {
			p++
			continue
		}
		size := int(binary.LittleEndian.Uint16(out[p+6:]))
		end := p + 8 + size
		if end >= len(out) {
			break
		}
		var sum byte
		for _, b := range out[p:end] {
			sum ^= b
		}
		out[end] = ^sum
		p = end + 1
	}
	return out
}
