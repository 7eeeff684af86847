package devicefile

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
	"time"
)

// cwaTestSpec describes a synthetic CWA file. Samples are exact: block b
// starts at start + b*n/rate, so the decoded times fall on the output grid.
type cwaTestSpec struct {
	blocks    int
	axes      int  // 3 (default) or 6
	unpacked  bool // 16-bit samples (always for 6 axes)
	rateCode  byte // default 0x4a: 100 Hz, +-8 g
	start     time.Time
	corrupt   map[int]bool          // blocks whose checksum is broken
	shiftTime map[int]float64       // seconds added to a block's timestamp
	rateOf    map[int]byte          // per-block rate code override
	raw       map[int][]byte        // replace a whole sector
	value     func(b, i, a int) int // raw sample value (device units) of axis a
	cut       int                   // bytes cut off the end of the file
	oldRate   int                   // oldest format: rate code 0, rate in Hz in the offset field
}

func (s *cwaTestSpec) defaults() {
	if s.axes == 0 {
		s.axes = 3
	}
	if s.axes != 3 {
		s.unpacked = true
	}
	if s.rateCode == 0 {
		s.rateCode = 0x4a
	}
	if s.start.IsZero() {
		s.start = time.Date(2024, 3, 1, 22, 0, 0, 0, time.UTC)
	}
	if s.value == nil {
		s.value = func(b, i, a int) int {
			switch a {
			case 0:
				return (b*37+i*5)%300 - 150
			case 1:
				return (b*11+i*3)%200 - 100
			case 2:
				return 250
			}
			return (i % 7) - 3 // gyroscope axes of an AX6
		}
	}
}

// perBlock is the sample count of one block.
func (s *cwaTestSpec) perBlock() int {
	switch {
	case s.axes == 6:
		return 40
	case s.unpacked:
		return 80
	}
	return 120
}

// cwaPackTime packs a time into the CWA date-time format.
func cwaPackTime(t time.Time) uint32 {
	return uint32(t.Year()-2000)<<26 | uint32(t.Month())<<22 | uint32(t.Day())<<17 |
		uint32(t.Hour())<<12 | uint32(t.Minute())<<6 | uint32(t.Second())
}

// cwaTestFile builds a synthetic CWA file by the published layout.
func cwaTestFile(t testing.TB, s cwaTestSpec) []byte {
	s.defaults()
	var out bytes.Buffer
	head := make([]byte, cwaHeaderSize)
	copy(head, "MD")
	binary.LittleEndian.PutUint16(head[2:], 1020)
	if s.axes == 6 {
		head[4] = 0x64
	}
	binary.LittleEndian.PutUint16(head[5:], 4321)
	binary.LittleEndian.PutUint16(head[11:], 0xffff)
	head[36] = s.rateCode
	if s.oldRate > 0 {
		head[36] = 0
	}
	out.Write(head)
	n := s.perBlock()
	for b := 0; b < s.blocks; b++ {
		if r, ok := s.raw[b]; ok {
			sector := make([]byte, cwaBlockSize)
			copy(sector, r)
			out.Write(sector)
			continue
		}
		rateCode := s.rateCode
		if c, ok := s.rateOf[b]; ok {
			rateCode = c
		}
		rate := cwaRate(rateCode)
		if s.oldRate > 0 {
			rateCode, rate = 0, float64(s.oldRate)
		}
		blk := make([]byte, cwaBlockSize)
		copy(blk, "AX")
		binary.LittleEndian.PutUint16(blk[2:], 508)
		binary.LittleEndian.PutUint16(blk[4:], 0x1234) // device id, no fraction
		binary.LittleEndian.PutUint32(blk[10:], uint32(b))
		// First sample at start + b*n/rate; the timestamp is the next whole
		// second, which sample tsOffset reaches.
		first := float64(b*n)/rate + s.shiftTime[b]
		whole := math.Ceil(first)
		off := int(math.Round((whole - first) * rate))
		stamp := s.start.Add(time.Duration(whole) * time.Second)
		binary.LittleEndian.PutUint32(blk[14:], cwaPackTime(stamp))
		var lightScale uint16 = 0x0123
		if s.axes == 6 {
			lightScale |= 3 << 13 // accelerometer 1/2048 g
		}
		binary.LittleEndian.PutUint16(blk[18:], lightScale)
		binary.LittleEndian.PutUint16(blk[20:], 256+uint16(b%3))
		blk[24] = rateCode
		if s.unpacked {
			blk[25] = byte(s.axes<<4 | 2)
		} else {
			blk[25] = 0x30
		}
		if s.oldRate > 0 {
			// The timestamp belongs to the first sample.
			stamp = s.start.Add(time.Duration(first * float64(time.Second)))
			binary.LittleEndian.PutUint32(blk[14:], cwaPackTime(stamp))
			off = s.oldRate
		}
		binary.LittleEndian.PutUint16(blk[26:], uint16(int16(off)))
		binary.LittleEndian.PutUint16(blk[28:], uint16(n))
		for i := 0; i < n; i++ {
			if s.unpacked {
				for a := 0; a < s.axes; a++ {
					// AX6 stores gyroscope (axes 3..5 of value) first.
					va := a
					if s.axes == 6 {
						va = (a + 3) % 6
					}
					binary.LittleEndian.PutUint16(blk[30+(i*s.axes+a)*2:], uint16(int16(s.value(b, i, va))))
				}
				continue
			}
			x, y, z := s.value(b, i, 0), s.value(b, i, 1), s.value(b, i, 2)
			v := uint32(x)&0x3ff | (uint32(y)&0x3ff)<<10 | (uint32(z)&0x3ff)<<20
			binary.LittleEndian.PutUint32(blk[30+4*i:], v)
		}
		var sum uint16
		for i := 0; i < 510; i += 2 {
			sum += binary.LittleEndian.Uint16(blk[i:])
		}
		binary.LittleEndian.PutUint16(blk[510:], -sum)
		if s.corrupt[b] {
			blk[100] ^= 0x40
		}
		out.Write(blk)
	}
	data := out.Bytes()
	return data[:len(data)-s.cut]
}

func TestReadCWASynthetic(t *testing.T) {
	tests := []struct {
		name     string
		spec     cwaTestSpec
		wantLen  int
		wantNaN  int
		problems map[string]int
		device   string
		scale    float64
	}{
		{name: "packed AX3", spec: cwaTestSpec{blocks: 5}, wantLen: 600, device: DeviceAX3, scale: 1.0 / 256},
		{name: "oldest format, rate in the offset field", spec: cwaTestSpec{blocks: 3, oldRate: 40}, wantLen: 360, device: DeviceAX3, scale: 1.0 / 256},
		{name: "unpacked AX3", spec: cwaTestSpec{blocks: 4, unpacked: true}, wantLen: 320, device: DeviceAX3, scale: 1.0 / 256},
		{name: "AX6 keeps the accelerometer", spec: cwaTestSpec{blocks: 6, axes: 6}, wantLen: 240, device: DeviceAX6, scale: 1.0 / 2048},
		{name: "corrupt middle block", spec: cwaTestSpec{blocks: 5, corrupt: map[int]bool{2: true}}, wantLen: 600, wantNaN: 120,
			problems: map[string]int{"corrupt_block": 1}, device: DeviceAX3, scale: 1.0 / 256},
		{name: "corrupt first and last blocks", spec: cwaTestSpec{blocks: 5, corrupt: map[int]bool{0: true, 4: true}}, wantLen: 360,
			problems: map[string]int{"corrupt_block": 2}, device: DeviceAX3, scale: 1.0 / 256},
		{name: "truncated last block", spec: cwaTestSpec{blocks: 5, cut: 100}, wantLen: 480,
			problems: map[string]int{"truncated": 1}, device: DeviceAX3, scale: 1.0 / 256},
		{name: "blank sectors at the end", spec: cwaTestSpec{blocks: 6, raw: map[int][]byte{4: bytes.Repeat([]byte{0xff}, 512), 5: bytes.Repeat([]byte{0xff}, 512)}}, wantLen: 480,
			problems: map[string]int{"blank_block": 1}, device: DeviceAX3, scale: 1.0 / 256},
		{name: "foreign sector", spec: cwaTestSpec{blocks: 5, raw: map[int][]byte{4: []byte("UB hello")}}, wantLen: 480,
			problems: map[string]int{"corrupt_block": 1}, device: DeviceAX3, scale: 1.0 / 256},
		{name: "rate change", spec: cwaTestSpec{blocks: 5, rateOf: map[int]byte{4: 0x49}}, wantLen: 480,
			problems: map[string]int{"corrupt_block": 1}, device: DeviceAX3, scale: 1.0 / 256},
		{name: "clock jumps back", spec: cwaTestSpec{blocks: 5, shiftTime: map[int]float64{3: -3}}, wantLen: 600, wantNaN: 120,
			problems: map[string]int{"time_backwards": 1}, device: DeviceAX3, scale: 1.0 / 256},
		{name: "block dated months ahead", spec: cwaTestSpec{blocks: 5, shiftTime: map[int]float64{2: 1e7}}, wantLen: 600, wantNaN: 120,
			problems: map[string]int{"corrupt_block": 1}, device: DeviceAX3, scale: 1.0 / 256},
		{name: "pause of 10 s", spec: cwaTestSpec{blocks: 4, shiftTime: map[int]float64{2: 10, 3: 10}}, wantLen: 480 + 1000, wantNaN: 1000,
			problems: map[string]int{"gap": 1}, device: DeviceAX3, scale: 1.0 / 256},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data := cwaTestFile(t, tc.spec)
			r, err := ReadCWA(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			rawCheckInvariants(t, r)
			rate := 100.0
			if tc.spec.oldRate > 0 {
				rate = float64(tc.spec.oldRate)
			}
			if r.Device != tc.device || r.SampleRate != rate || r.Serial != "4321" {
				t.Errorf("device %q rate %v serial %q", r.Device, r.SampleRate, r.Serial)
			}
			if r.Len() != tc.wantLen {
				t.Errorf("Len = %d, want %d", r.Len(), tc.wantLen)
			}
			if r.Missing() != tc.wantNaN {
				t.Errorf("Missing = %d, want %d", r.Missing(), tc.wantNaN)
			}
			got := rawProblemCodes(r)
			if fmt.Sprint(got) != fmt.Sprint(tc.problems) && !(len(got) == 0 && len(tc.problems) == 0) {
				t.Errorf("problems %v, want %v (%v)", got, tc.problems, r.Report.Problems)
			}
			// Every non-missing sample equals the synthetic value of the
			// block and sample its time falls on.
			spec := tc.spec
			spec.defaults()
			n := spec.perBlock()
			for k := 0; k < r.Len(); k++ {
				if math.IsNaN(float64(r.X[k])) {
					continue
				}
				sec := r.Time(k).Sub(spec.start).Seconds()
				var b, i int
				found := false
				for bb := 0; bb < spec.blocks; bb++ {
					first := float64(bb*n)/rate + spec.shiftTime[bb]
					ii := int(math.Round((sec - first) * rate))
					if ii >= 0 && ii < n && math.Abs(first+float64(ii)/rate-sec) < 1e-6 && !spec.corrupt[bb] {
						b, i, found = bb, ii, true
						break
					}
				}
				if !found {
					t.Fatalf("sample %d at %.3f s matches no block", k, sec)
				}
				want := [3]float64{float64(spec.value(b, i, 0)) * tc.scale, float64(spec.value(b, i, 1)) * tc.scale, float64(spec.value(b, i, 2)) * tc.scale}
				gotv := [3]float64{float64(r.X[k]), float64(r.Y[k]), float64(r.Z[k])}
				for a := 0; a < 3; a++ {
					if math.Abs(gotv[a]-want[a]) > 1e-6 {
						t.Fatalf("sample %d (block %d #%d) axis %d = %v, want %v", k, b, i, a, gotv[a], want[a])
					}
				}
			}
		})
	}
}

func TestReadCWAErrors(t *testing.T) {
	good := cwaTestFile(t, cwaTestSpec{blocks: 2})
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "empty"},
		{"no MD", append([]byte("XX"), good[2:]...), `no "MD" header`},
		{"header cut", good[:700], "ends inside the 1024-byte header"},
		{"header only", good[:cwaHeaderSize], "no valid data block"},
		{"all blocks corrupt", cwaTestFile(t, cwaTestSpec{blocks: 2, corrupt: map[int]bool{0: true, 1: true}}), "no valid data block"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadCWA(bytes.NewReader(tc.data))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestCWAPackedExponent(t *testing.T) {
	// x = -3 with exponent 2 is -12/256 g; y = 5<<2, z = -512<<2.
	v := uint32(0x3fd) | uint32(5)<<10 | uint32(0x200)<<20 | 2<<30
	blk := make([]byte, cwaBlockSize)
	copy(blk, "AX")
	binary.LittleEndian.PutUint16(blk[2:], 508)
	binary.LittleEndian.PutUint32(blk[14:], cwaPackTime(time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)))
	blk[24] = 0x4a
	blk[25] = 0x30
	binary.LittleEndian.PutUint16(blk[28:], 1)
	binary.LittleEndian.PutUint32(blk[30:], v)
	var sum uint16
	for i := 0; i < 510; i += 2 {
		sum += binary.LittleEndian.Uint16(blk[i:])
	}
	binary.LittleEndian.PutUint16(blk[510:], -sum)
	b, why := decodeCWABlock(blk, 0)
	if why != "" {
		t.Fatal(why)
	}
	if b.x[0] != -12.0/256 || b.y[0] != 20.0/256 || b.z[0] != -2048.0/256 {
		t.Errorf("unpacked %v %v %v", b.x[0], b.y[0], b.z[0])
	}
	if _, ok := cwaTime(cwaPackTime(time.Date(2021, 2, 28, 0, 0, 0, 0, time.UTC)) + 3<<17); ok {
		t.Error("31 February accepted")
	}
}

// cwaHandSample decodes packed sample i of the data block at file index b
// by plain arithmetic on the bytes, independently of the reader.
func cwaHandSample(data []byte, b, i int) (x, y, z float64) {
	p := cwaHeaderSize + b*cwaBlockSize + 30 + 4*i
	v := uint64(data[p]) + uint64(data[p+1])*256 + uint64(data[p+2])*65536 + uint64(data[p+3])*16777216
	e := v / (1 << 30)
	part := func(k uint64) float64 {
		u := int64(v / (1 << (10 * k)) % 1024)
		if u >= 512 {
			u -= 1024
		}
		return float64(u*int64(1<<e)) / 256
	}
	return part(0), part(1), part(2)
}

func TestReadCWAReferenceAX3(t *testing.T) {
	path, data := rawReferenceFile(t, "ax3_testfile.cwa")
	r, err := ReadRaw(path)
	if err != nil {
		t.Fatal(err)
	}
	rawCheckInvariants(t, r)
	// Facts from GGIRread's test suite for this file: device, serial, rate,
	// 17599 rows for the whole file resampled to 100 Hz, temperatures of
	// blocks 0 and 1, block 1 first x = 0.7656 and 4th y = -0.3125, and the
	// time of block 1's first sample 10:55:07.215.
	if r.Device != DeviceAX3 || r.Serial != "39434" || r.SampleRate != 100 {
		t.Errorf("device %q serial %q rate %v", r.Device, r.Serial, r.SampleRate)
	}
	if r.Len() != 17599 {
		t.Errorf("Len = %d, want 17599", r.Len())
	}
	if len(r.Report.Problems) != 0 || r.Missing() != 0 {
		t.Errorf("problems %v, missing %d", r.Report.Problems, r.Missing())
	}
	// Block 0's first sample is at 10:55:06.000488 (GGIRread: 10:55:06.000
	// at ms precision); the grid's first point after it is .010.
	if want := time.Date(2019, 2, 26, 10, 55, 6, 10e6, time.UTC); !r.Start.Equal(want) {
		t.Errorf("Start = %v, want %v", r.Start, want)
	}
	b0, why := decodeCWABlock(data[cwaHeaderSize:cwaHeaderSize+cwaBlockSize], 0)
	b1, why1 := decodeCWABlock(data[cwaHeaderSize+cwaBlockSize:cwaHeaderSize+2*cwaBlockSize], 1)
	if why != "" || why1 != "" {
		t.Fatal(why, why1)
	}
	if got := b0.date.Add(time.Duration(b0.startFrac * 1e9)); got.Sub(time.Date(2019, 2, 26, 10, 55, 6, 0, time.UTC)).Abs() > time.Millisecond {
		t.Errorf("block 0 starts %v", got)
	}
	s1 := b1.date.Add(time.Duration(math.Round(b1.startFrac * 1e9)))
	if d := s1.Sub(time.Date(2019, 2, 26, 10, 55, 7, 215e6, time.UTC)).Abs(); d > time.Millisecond {
		t.Errorf("block 1 starts %v, GGIRread 10:55:07.215", s1)
	}
	if len(r.Temperature) < 2 || math.Abs(float64(r.Temperature[0].Value)-25.5859) > 1e-4 || math.Abs(float64(r.Temperature[1].Value)-26.46484) > 1e-4 {
		t.Errorf("temperatures %v, want 25.5859 then 26.46484", r.Temperature[:2])
	}
	x0, y0, z0 := cwaHandSample(data, 1, 0)
	x1, y1, z1 := cwaHandSample(data, 1, 1)
	_, y3, _ := cwaHandSample(data, 1, 3)
	if x0 != 0.765625 || y3 != -0.3125 {
		t.Errorf("hand-decoded block 1: x0 %v (GGIRread 0.7656), y3 %v (GGIRread -0.3125)", x0, y3)
	}
	// The output sample just after block 1's start lies between the block's
	// first two samples (linear interpolation).
	k := int(math.Ceil(s1.Sub(r.Start).Seconds() * 100))
	between := func(v float32, a, b float64) bool {
		return float64(v) >= math.Min(a, b)-1e-6 && float64(v) <= math.Max(a, b)+1e-6
	}
	if !between(r.X[k], x0, x1) || !between(r.Y[k], y0, y1) || !between(r.Z[k], z0, z1) {
		t.Errorf("sample %d = %v %v %v, not between %v..%v, %v..%v, %v..%v", k, r.X[k], r.Y[k], r.Z[k], x0, x1, y0, y1, z0, z1)
	}
	st := rawSummary(r)
	if st.meanVM < 0.9 || st.meanVM > 1.1 {
		t.Errorf("mean vector magnitude %v, want about 1 g", st.meanVM)
	}
	// GGIRread: floor(sum(abs(x,y,z))) = 25367 over its 17599 rows; our grid
	// starts 10 ms later and interpolates the same way, so within 0.5 %.
	if math.Abs(st.sumAbs-25367)/25367 > 0.005 {
		t.Errorf("sum |x|+|y|+|z| = %.1f, GGIRread 25367", st.sumAbs)
	}
}

func TestReadCWAReferenceAX6(t *testing.T) {
	path, data := rawReferenceFile(t, "ax6_testfile.cwa")
	r, err := ReadRaw(path)
	if err != nil {
		t.Fatal(err)
	}
	rawCheckInvariants(t, r)
	// GGIRread: serial 6011834, 100 Hz, 11428 rows for the whole file (our
	// end rule keeps a final grid point GGIRread drops: within 1), first
	// block temperature 27.34375.
	if r.Device != DeviceAX6 || r.Serial != "6011834" || r.SampleRate != 100 {
		t.Errorf("device %q serial %q rate %v", r.Device, r.Serial, r.SampleRate)
	}
	if d := r.Len() - 11428; d < 0 || d > 1 {
		t.Errorf("Len = %d, GGIRread 11428", r.Len())
	}
	if len(r.Report.Problems) != 0 || r.Missing() != 0 {
		t.Errorf("problems %v missing %d", r.Report.Problems, r.Missing())
	}
	if math.Abs(float64(r.Temperature[0].Value)-27.34375) > 1e-4 {
		t.Errorf("temperature %v", r.Temperature[0])
	}
	// Hand decoding of block 0 sample 0: 6 int16 (gyro x,y,z, accel x,y,z),
	// accelerometer scale 1/2^(8+3) from the top bits of the light field.
	p := cwaHeaderSize + 30
	acc := func(a int) float64 {
		return float64(int16(uint16(data[p+6+2*a])|uint16(data[p+7+2*a])<<8)) / 2048
	}
	if data[cwaHeaderSize+19]>>5 != 3 {
		t.Fatalf("accel scale code %d", data[cwaHeaderSize+19]>>5)
	}
	x0, y0, z0 := acc(0), acc(1), acc(2)
	p += 12 // sample 1
	x1, y1, z1 := acc(0), acc(1), acc(2)
	// Block 0 starts 0.2 ms before the first grid point: the first output
	// sample lies between the block's first two samples.
	between := func(v float32, a, b float64) bool {
		return float64(v) >= math.Min(a, b)-1e-6 && float64(v) <= math.Max(a, b)+1e-6
	}
	if !between(r.X[0], x0, x1) || !between(r.Y[0], y0, y1) || !between(r.Z[0], z0, z1) {
		t.Errorf("first sample %v %v %v, hand-decoded neighbours %v..%v %v..%v %v..%v", r.X[0], r.Y[0], r.Z[0], x0, x1, y0, y1, z0, z1)
	}
	// The device moves a lot in this file; at rest the accelerometer reads
	// 1 g, so the median magnitude is close to 1 (the gyroscope's would not be).
	st := rawSummary(r)
	if st.medianVM < 0.95 || st.medianVM > 1.05 {
		t.Errorf("median vector magnitude %v", st.medianVM)
	}
}

func TestReadCWAReferenceCorrupt(t *testing.T) {
	cleanPath, clean := rawReferenceFile(t, "ax3_testfile.cwa")
	badPath, _ := rawReferenceFile(t, "ax3_testfile_corrupt_blocks_0_13_14_142_143_144.cwa")
	good, err := ReadRaw(cleanPath)
	if err != nil {
		t.Fatal(err)
	}
	bad, err := ReadRaw(badPath)
	if err != nil {
		t.Fatal(err)
	}
	rawCheckInvariants(t, bad)
	var got []string
	for _, p := range bad.Report.Problems {
		got = append(got, p.Code+" "+p.Where)
	}
	want := []string{"corrupt_block block 0", "corrupt_block block 13", "corrupt_block block 14",
		"corrupt_block block 142", "corrupt_block block 143", "corrupt_block block 144"}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Fatalf("problems\n%v\nwant\n%v", got, want)
	}
	// Block start times (seconds on the clock) from the clean file.
	starts := make([]float64, 145)
	base := time.Date(2019, 2, 26, 0, 0, 0, 0, time.UTC)
	for b := range starts {
		blk, why := decodeCWABlock(clean[cwaHeaderSize+b*cwaBlockSize:cwaHeaderSize+(b+1)*cwaBlockSize], b)
		if why != "" {
			t.Fatal(why)
		}
		starts[b] = blk.date.Sub(base).Seconds() + blk.startFrac
	}
	blockOf := func(sec float64) int {
		for b := len(starts) - 1; b >= 0; b-- {
			if sec >= starts[b] {
				return b
			}
		}
		return -1
	}
	offset := int(math.Round(bad.Start.Sub(good.Start).Seconds() * 100))
	if math.Abs(bad.Start.Sub(good.Start).Seconds()*100-float64(offset)) > 1e-6 {
		t.Fatalf("grids differ: %v vs %v", bad.Start, good.Start)
	}
	corrupt := map[int]bool{0: true, 13: true, 14: true, 142: true, 143: true, 144: true}
	same, nan := 0, 0
	for k := 0; k < bad.Len(); k++ {
		sec := bad.Time(k).Sub(base).Seconds()
		b := blockOf(sec)
		if b < 1 || b > 141 {
			t.Fatalf("sample %d at %.3f lies in block %d, outside the recovered blocks 1..141", k, sec, b)
		}
		g := k + offset
		isNaN := math.IsNaN(float64(bad.X[k]))
		if isNaN {
			// Missing samples lie only in the time of blocks 13 and 14.
			if sec <= starts[13]-0.02 || sec >= starts[15] {
				t.Errorf("sample %d at %.3f s (block %d) is NaN", k, sec, b)
			}
			nan++
		}
		switch {
		case sec >= starts[13]+0.01 && sec <= starts[15]-0.01:
			if !isNaN {
				t.Errorf("sample %d inside corrupt block %d is %v, want NaN", k, b, bad.X[k])
			}
		case !corrupt[b-1] && !corrupt[b] && !corrupt[b+1]:
			// Blocks whose neighbours are intact decode exactly as in the
			// clean file.
			if bad.X[k] != good.X[g] || bad.Y[k] != good.Y[g] || bad.Z[k] != good.Z[g] {
				t.Fatalf("sample %d (block %d) = %v %v %v, clean %v %v %v", k, b, bad.X[k], bad.Y[k], bad.Z[k], good.X[g], good.Y[g], good.Z[g])
			}
			same++
		}
	}
	// Blocks 13 and 14 span about 2.43 s at the device's 98.9 Hz.
	if nan < 235 || nan > 250 || bad.Missing() != nan {
		t.Errorf("%d NaN samples inside blocks 13-14 (Missing %d), want about 243", nan, bad.Missing())
	}
	if segs := bad.Segments(); len(segs) != 2 || segs[0].From != 0 || segs[1].To != bad.Len() {
		t.Errorf("segments %v, want two around blocks 13-14", segs)
	}
	if same < 16000 {
		t.Errorf("only %d samples compared equal", same)
	}
}

func FuzzReadCWA(f *testing.F) {
	f.Add(cwaTestFile(f, cwaTestSpec{blocks: 2}))
	f.Add(cwaTestFile(f, cwaTestSpec{blocks: 2, axes: 6}))
	f.Add(cwaTestFile(f, cwaTestSpec{blocks: 3, unpacked: true, corrupt: map[int]bool{1: true}}))
	f.Add(cwaTestFile(f, cwaTestSpec{blocks: 3, shiftTime: map[int]float64{2: -5}}))
	f.Add(cwaTestFile(f, cwaTestSpec{blocks: 1, cut: 10}))
	f.Add([]byte("MD"))
	for _, name := range []string{"ax3_testfile.cwa"} {
		if dir := fuzzReferenceDir(); dir != "" {
			if data, err := os.ReadFile(dir + "/" + name); err == nil {
				f.Add(data[:min(len(data), 8*1024)])
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		// As is, and with every block checksum made right so that mutations
		// reach the block decoding and the resampler.
		for _, d := range [][]byte{data, cwaFixChecksums(data)} {
			r, err := ReadCWA(bytes.NewReader(d))
			if err != nil {
				continue
			}
			rawCheckInvariants(t, r)
			rawCheckStream(t, r, func(e *emitter) (*Raw, error) { return readCWA(bytes.NewReader(d), 0, e) })
			if int64(r.Len()) > gapLimit(int64(len(d)), r.SampleRate)+int64(len(d))+2 {
				t.Fatalf("%d samples from %d bytes", r.Len(), len(d))
			}
			// Reading with the size known reserves the samples up front:
			// the same recording, and room for no more than the blocks hold.
			sized, err := readCWA(bytes.NewReader(d), int64(len(d)), newCollector())
			if err != nil || sized.Len() != r.Len() {
				t.Fatalf("with the size known: %v, %d samples instead of %d", err, sized.Len(), r.Len())
			}
			if c := int64(cap(sized.X)); c > int64(len(d))/cwaBlockSize*(cwaDataBytes/4)*102/100+1024 && c > int64(sized.Len())*2 {
				t.Fatalf("reserved %d samples for %d bytes", c, len(d))
			}
		}
	})
}

// fuzzReferenceDir finds the reference folder for seeding fuzzers without
// skipping when it is absent.
func fuzzReferenceDir() string {
	for _, p := range []string{"../../../../shared/reference/raw"} {
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			return p
		}
	}
	return ""
}

// cwaFixChecksums rewrites the checksum word of every data block.
func cwaFixChecksums(data []byte) []byte {
	out := append([]byte(nil), data...)
	for p := cwaHeaderSize; p+cwaBlockSize <= len(out); p += cwaBlockSize {
		var sum uint16
		for i := 0; i < cwaBlockSize-2; i += 2 {
			sum += binary.LittleEndian.Uint16(out[p+i:])
		}
		binary.LittleEndian.PutUint16(out[p+cwaBlockSize-2:], -sum)
	}
	return out
}

// BenchmarkReadCWA decodes and resamples the AX3 reference file (17599
// samples) from memory.
func BenchmarkReadCWA(b *testing.B) {
	_, data := rawReferenceFile(b, "ax3_testfile.cwa")
	n := 0
	for i := 0; i < b.N; i++ {
		r, err := ReadCWA(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		n = r.Len()
	}
	b.ReportMetric(float64(b.N)*float64(n)/b.Elapsed().Seconds(), "samples/s")
}
