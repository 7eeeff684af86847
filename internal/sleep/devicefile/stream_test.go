package devicefile

import (
	"bytes"
	"github.com/volwaardig/volwaardig/internal/testkit"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"testing"
)

// streamed reads data with StreamRawFrom and rebuilds the in-memory form
// from the blocks (a gap as NaN), checking the blocks' contract on the
// way: in order, without holes or overlaps, a gap without samples, no
// block over streamBlockSamples. It also returns the longest gap block.
func streamed(t testing.TB, name string, data []byte, hz float64) (*Raw, int64, error) {
	t.Helper()
	return streamedBy(t, func(fn BlockFunc) (*Raw, error) { return StreamRawFrom(name, bytes.NewReader(data), hz, fn) })
}

// streamedBy is streamed for a reader run by read with fn.
func streamedBy(t testing.TB, read func(fn BlockFunc) (*Raw, error)) (*Raw, int64, error) {
	t.Helper()
	var x, y, z []float32
	var next, longest int64
	var header *Raw
	h, err := read(func(h *Raw, b Block) error {
		if header == nil {
			header = h
			if h.SampleRate <= 0 || h.Start.IsZero() && h.Device != DeviceCSV {
				t.Fatalf("first block before the header: rate %v, start %v", h.SampleRate, h.Start)
			}
		}
		if b.Index != next {
			t.Fatalf("block at %d, expected %d", b.Index, next)
		}
		if b.Gap > 0 {
			if len(b.X) != 0 {
				t.Fatalf("gap block with %d samples", len(b.X))
			}
			longest = max(longest, b.Gap)
			nan := float32(math.NaN())
			for range b.Gap {
				x, y, z = append(x, nan), append(y, nan), append(z, nan)
			}
		} else {
			if len(b.X) == 0 || len(b.X) > streamBlockSamples || len(b.Y) != len(b.X) || len(b.Z) != len(b.X) {
				t.Fatalf("sample block of %d/%d/%d samples", len(b.X), len(b.Y), len(b.Z))
			}
			x, y, z = append(x, b.X...), append(y, b.Y...), append(z, b.Z...)
		}
		next += b.Len()
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	if h.X != nil {
		t.Fatal("a stream returned samples in its Raw")
	}
	h.X, h.Y, h.Z = x, y, z
	return h, longest, nil
}

// rawSame fails unless a and b hold the same recording bit for bit.
func rawSame(t testing.TB, what string, a, b *Raw) {
	t.Helper()
	if a.Device != b.Device || a.Serial != b.Serial || a.SampleRate != b.SampleRate || !a.Start.Equal(b.Start) || a.Start.Location().String() != b.Start.Location().String() {
		t.Fatalf("%s: header %s %s %v %v, read %s %s %v %v", what, a.Device, a.Serial, a.SampleRate, a.Start, b.Device, b.Serial, b.SampleRate, b.Start)
	}
	if a.Len() != b.Len() {
		t.Fatalf("%s: %d samples streamed, %d read", what, a.Len(), b.Len())
	}
	for i := range a.X {
		for k, p := range [3][2]float32{{a.X[i], b.X[i]}, {a.Y[i], b.Y[i]}, {a.Z[i], b.Z[i]}} {
			if math.Float32bits(p[0]) != math.Float32bits(p[1]) {
				t.Fatalf("%s: sample %d axis %d: streamed %v, read %v", what, i, k, p[0], p[1])
			}
		}
	}
	if !reflect.DeepEqual(a.Report, b.Report) || !reflect.DeepEqual(a.Temperature, b.Temperature) || !reflect.DeepEqual(a.Light, b.Light) {
		t.Fatalf("%s: report or auxiliary signals differ:\n%v\n%v", what, a.Report, b.Report)
	}
}

// rawCheckStream checks that the reader run by read, streaming, gives the
// recording r that reading whole gave, for the fuzzers.
func rawCheckStream(t testing.TB, r *Raw, read func(e *emitter) (*Raw, error)) {
	t.Helper()
	s, _, err := streamedBy(t, func(fn BlockFunc) (*Raw, error) { return read(newStreamer(fn)) })
	if err != nil {
		t.Fatalf("read, but the stream failed: %v", err)
	}
	rawSame(t, "stream", s, r)
}

// TestStreamMatchesRead: every reference recording streamed block by block
// is the recording read whole, sample for sample (bit-identical, gaps in
// the same places), with the same report.
func TestStreamMatchesRead(t *testing.T) {
	dir := testkit.Reference(t, "raw")
	for _, name := range []string{"ax3_testfile.cwa", "ax3_testfile_corrupt_blocks_0_13_14_142_143_144.cwa", "ax6_testfile.cwa", "actigraph_testfile.gt3x", "GENEActiv_testfile.bin"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		r, err := ReadRawBytes(name, data, 0)
		if err != nil {
			t.Fatal(err)
		}
		s, longest, err := streamed(t, name, data, 0)
		if err != nil {
			t.Fatal(err)
		}
		rawSame(t, name, s, r)
		if name == "ax3_testfile_corrupt_blocks_0_13_14_142_143_144.cwa" && longest < 100 {
			t.Errorf("%s: longest gap block %d samples, want the corrupt blocks as one gap", name, longest)
		}
	}
	csv := []byte("x,y,z\n0.1,0.2,0.3\nNaN,1,2\n0.0125,0,1\n")
	r, err := ReadRawBytes("a.csv", csv, 30)
	if err != nil {
		t.Fatal(err)
	}
	rawCheckStream(t, r, func(e *emitter) (*Raw, error) { return readRawCSV(bytes.NewReader(csv), 30, e) })
}

// TestStreamGapCostsNothing: a gap is one record, whatever its length. A
// CWA recording whose blocks pause for two hours streams the gap as a
// single Block, and streaming it allocates a small fixed amount (buffers,
// one block), not the 8 MiB the gap's NaN samples (12 bytes each) take
// when the recording is read whole.
func TestStreamGapCostsNothing(t *testing.T) {
	data := cwaTestFile(t, cwaTestSpec{blocks: 200, shiftTime: func() map[int]float64 {
		m := map[int]float64{}
		for b := 100; b < 200; b++ {
			m[b] = 2 * 3600
		}
		return m
	}()})
	whole, err := ReadRawBytes("pause.cwa", data, 0)
	if err != nil {
		t.Fatal(err)
	}
	var gaps int
	var gap int64
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err = StreamRawFrom("pause.cwa", bytes.NewReader(data), 0, func(h *Raw, b Block) error {
		if b.Gap > 0 {
			gaps++
			gap += b.Gap
		}
		return nil
	})
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	missing := whole.Missing()
	if gaps != 1 || gap != int64(missing) || missing < 2*3600*90 {
		t.Fatalf("%d gap blocks of %d samples in all; the whole read has %d missing", gaps, gap, missing)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1<<20 {
		t.Errorf("streaming a 2-hour gap allocated %d KiB; its NaN samples take %d KiB", alloc>>10, missing*12>>10)
	}
	if s, _, err := streamed(t, "pause.cwa", data, 0); err != nil {
		t.Fatal(err)
	} else {
		rawSame(t, "pause.cwa", s, whole)
	}
}
