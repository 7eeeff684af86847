package devicefile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Device names used in Raw.Device, stable so stored recordings and the UI can
// rely on them.
const (
	DeviceAX3       = "axivity-ax3"
	DeviceAX6       = "axivity-ax6"
	DeviceGT3X      = "actigraph-gt3x"
	DeviceGENEActiv = "geneactiv"
	DeviceCSV       = "csv"
)

// Raw is a raw acceleration recording in g at one constant sample rate, the
// common form every raw reader produces so that counts, z-angle and sleep
// window code never need to know the device.
//
// Sample i was taken at Start + i/SampleRate (see Time). X, Y and Z always have
// the same length. Samples the device did not deliver are NaN in all three
// axes (a CSV may also mark single cells NaN: treat a sample as missing when
// any axis is NaN), so the time axis stays regular; a consumer must skip or
// mask NaN (math.IsNaN, or work per Segments) and the Report says where and
// why samples are missing. Readers do not make up data where the device
// recorded none, with one documented exception: ActiGraph's idle sleep mode,
// where the device stores nothing while it lies still and ActiLife repeats
// the last sample; this reader does the same and reports it.
//
// Per device:
//   - Axivity CWA: the device's own clock runs the sampler at roughly the
//     declared rate (the AX3 test file really samples at 98.86 Hz for a
//     declared 100 Hz), and every 512-byte block carries a timestamp. The
//     reader places every sample on the device clock from those timestamps and
//     linearly resamples to the declared rate on a grid of whole multiples of
//     1/SampleRate since the clock's midnight of the first block, as GGIRread
//     does (its timing formula; its grid starts at the first sample instead). Corrupt or missing blocks inside the recording leave NaN
//     over their time span; lost blocks at the start or end shorten it.
//   - ActiGraph GT3X: one record per second with SampleRate samples; missing
//     seconds are idle sleep (last sample repeated, reported).
//   - GENEActiv: pages of 300 samples at the declared rate (e.g. 85.7 Hz),
//     not resampled; a jump in page time leaves NaN (reported).
//   - CSV: as given, at the rate the caller supplies.
//
// Raw is the in-memory form, for code that needs the whole recording at
// once (sleep window, tests). Code that can work through a recording in
// order (counts, ingest) reads it with StreamRaw instead: the same samples
// in Blocks, a gap as one record of its length rather than NaN samples, so
// memory stays bounded by a block however long the recording or its gaps.
//
// Start is the time of sample 0 on the device clock. Its location is the
// offset the file declares (GT3X "TimeZone", GENEActiv "Time Zone"), or UTC
// when the file declares none (CWA), in which case the wall-clock reading is
// right and the instant may not be.
type Raw struct {
	Device     string    // DeviceAX3, DeviceAX6, DeviceGT3X, DeviceGENEActiv or DeviceCSV
	Serial     string    // device serial number as the file states it; "" when unknown
	SampleRate float64   // Hz, as the device declares it (may be fractional, e.g. 85.7)
	Start      time.Time // time of sample 0 on the device clock
	X, Y, Z    []float32 // acceleration in g; NaN where no sample exists

	// Temperature (°C) and Light (lux for GENEActiv and GT3X, raw 10-bit
	// sensor units for Axivity, whose lux conversion is only indicative) are
	// slow auxiliary signals, stored as steps: each reading holds from its
	// Index until the next reading's Index. Empty when the device records
	// none (CSV) or the reader does not decode it (GT3X temperature).
	Temperature []Reading
	Light       []Reading

	Report Report
}

// Reading is one value of a slow auxiliary signal, valid from sample Index on.
type Reading struct {
	Index int
	Value float32
}

// Len is the number of samples, missing ones included.
func (r *Raw) Len() int { return len(r.X) }

// Time is the time of sample i on the device clock.
func (r *Raw) Time(i int) time.Time {
	return r.Start.Add(time.Duration(math.Round(float64(i) / r.SampleRate * 1e9)))
}

// Duration is the time the samples cover (Len/SampleRate).
func (r *Raw) Duration() time.Duration {
	return time.Duration(math.Round(float64(r.Len()) / r.SampleRate * 1e9))
}

// Missing counts the samples that are NaN.
func (r *Raw) Missing() int {
	n := 0
	for _, v := range r.X {
		if v != v {
			n++
		}
	}
	return n
}

// Segment is a run of samples [From, To) without missing ones.
type Segment struct{ From, To int }

// Segments lists the runs of samples in which no axis is NaN, in order, so a
// consumer can process each stretch of real data on its own (for instance
// restart a filter after a gap) instead of handling NaN sample by sample.
func (r *Raw) Segments() []Segment {
	var segs []Segment
	from := -1
	for i := range r.X {
		ok := r.X[i] == r.X[i] && r.Y[i] == r.Y[i] && r.Z[i] == r.Z[i]
		switch {
		case ok && from < 0:
			from = i
		case !ok && from >= 0:
			segs = append(segs, Segment{from, i})
			from = -1
		}
	}
	if from >= 0 {
		segs = append(segs, Segment{from, len(r.X)})
	}
	return segs
}

// appendMissing appends n NaN samples.
func (r *Raw) appendMissing(n int) {
	nan := float32(math.NaN())
	for i := 0; i < n; i++ {
		r.X = append(r.X, nan)
		r.Y = append(r.Y, nan)
		r.Z = append(r.Z, nan)
	}
}

// ErrNeedRate is returned when a raw CSV file is read without a sample rate:
// a CSV of x,y,z carries no time.
var ErrNeedRate = errors.New("a raw x,y,z CSV file carries no sample rate: give it (e.g. --hz 30)")

// maxFileSize bounds what a reader accepts, so a hostile upload cannot make
// the server allocate without limit: 4 GiB is more than a month of 100 Hz AX3.
const maxFileSize = 4 << 30

// gapLimit bounds the samples a reader may invent (NaN for gaps, repeats for
// idle sleep) after reading bytesRead bytes of the file: ten minutes (at
// most 100 Hz of them) plus 8 samples per byte (a 100 MB file may hold gaps
// of months; a real recording holds about 0.2 to 1 sample per byte, so this
// is ten times what any real pause needs), never more than maxRawSamples.
// What a file claims (a span, a rate, a timestamp far ahead) grants
// nothing: a few hostile bytes claiming a month-long gap, or a gap at
// 3200 Hz, cannot make the server allocate gigabytes.
func gapLimit(bytesRead int64, rate float64) int64 {
	return min(8*bytesRead+int64(600*min(rate, 100)), maxRawSamples)
}

// errGapTooLong reports a gap larger than gapLimit allows.
func errGapTooLong(seconds float64) error {
	return fmt.Errorf("a gap of %.0f s is more missing time than the file can account for (broken clock?)", seconds)
}

// maxRawSamples bounds the samples (real, missing and repeated) one raw
// recording may hold in memory: 2^26 samples take 768 MiB as float32 x, y,
// z, and cover 7.7 days at 100 Hz or 26 days at 30 Hz, more than a 100 MB
// upload of any supported device can hold. A longer recording is refused
// with an error that says to split it, instead of exhausting the server's
// memory (a deflate bomb in a .gt3x, or gaps claimed by timestamps).
const maxRawSamples = 1 << 26

// errTooManySamples is the error of a recording over maxRawSamples.
func errTooManySamples(rate float64) error {
	return fmt.Errorf("the recording holds more than %d samples (%.1f days at %g Hz), more than one file may; split the recording into shorter files", int64(maxRawSamples), float64(maxRawSamples)/rate/86400, rate)
}

// reserve gives X, Y and Z room for n samples (at most maxRawSamples)
// before a reader appends them. Without it a large recording grew by
// repeated copying, leaving the heap at about three times the recording
// until the collector caught up (950 MiB for a 100 MB CWA file); n comes
// from the file's real size, never from what the file claims.
func (r *Raw) reserve(n int64) {
	n = min(n, maxRawSamples)
	if n <= int64(cap(r.X)) {
		return
	}
	r.X = append(make([]float32, 0, n), r.X...)
	r.Y = append(make([]float32, 0, n), r.Y...)
	r.Z = append(make([]float32, 0, n), r.Z...)
}

// maxRecording bounds the span one idle-sleep gap may fill (GT3X).
const maxRecording = 45 * 24 * time.Hour

// ReadRaw reads a raw accelerometer device file (.cwa, .gt3x, GENEActiv .bin)
// into a Raw, choosing the reader by the file's extension and checking its
// magic bytes. A raw CSV needs its sample rate: use ReadRawHz.
func ReadRaw(path string) (*Raw, error) { return ReadRawHz(path, 0) }

// ReadRawHz is ReadRaw that also reads raw x,y,z CSV files (.csv, .txt), for
// which hz is the sample rate. Device files use their own declared rate and
// ignore hz, as `volwaardig sleep counts --hz` documents.
func ReadRawHz(path string, hz float64) (*Raw, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer func() { _ = f.Close() }() // read only: a close error loses nothing
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, fmt.Errorf("%s is a directory", path)
	}
	raw, err := readRaw(filepath.Base(path), f, st.Size(), hz, newCollector())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	return raw, nil
}

// ReadRawFrom reads a raw recording from r, for uploads that arrive as a
// stream; name (the uploaded file name) supplies the extension. hz is the
// sample rate of a raw CSV and ignored for device files. CWA, GENEActiv and
// CSV are decoded while streaming; a GT3X zip needs random access, so unless
// r is an io.ReaderAt with an io.Seeker it is read into memory first.
func ReadRawFrom(name string, r io.Reader, hz float64) (*Raw, error) {
	return readRawFrom(name, r, hz, newCollector())
}

// ReadRawBytes reads a raw recording held in memory; see ReadRawFrom.
func ReadRawBytes(name string, data []byte, hz float64) (*Raw, error) {
	br := bytes.NewReader(data)
	return readRaw(name, br, int64(len(data)), hz, newCollector())
}

// format identifies a raw file format.
type format int

const (
	formatUnknown format = iota
	formatCWA
	formatGT3X
	formatGENEActiv
	formatCSV
)

func (f format) String() string {
	switch f {
	case formatCWA:
		return "Axivity CWA"
	case formatGT3X:
		return "ActiGraph GT3X (zip)"
	case formatGENEActiv:
		return "GENEActiv .bin"
	case formatCSV:
		return "raw CSV"
	}
	return "unknown"
}

// formatByExt maps a file extension to the format it promises.
func formatByExt(name string) format {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".cwa":
		return formatCWA
	case ".gt3x":
		return formatGT3X
	case ".bin":
		return formatGENEActiv
	case ".csv", ".txt":
		return formatCSV
	}
	return formatUnknown
}

// formatByMagic recognises a format from the first bytes of a file.
func formatByMagic(head []byte) format {
	switch {
	case len(head) >= 2 && head[0] == 'M' && head[1] == 'D':
		return formatCWA
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.HasPrefix(head, []byte("PK\x05\x06")):
		return formatGT3X
	case bytes.HasPrefix(head, []byte("Device Identity")):
		return formatGENEActiv
	}
	return formatUnknown
}

// readRaw reads a file with random access.
func readRaw(name string, ra io.ReaderAt, size int64, hz float64, e *emitter) (*Raw, error) {
	if size > maxFileSize {
		return nil, fmt.Errorf("file is %d bytes, more than the %d this reader accepts", size, int64(maxFileSize))
	}
	head := make([]byte, 16)
	n, err := ra.ReadAt(head, 0)
	if err != nil && err != io.EOF {
		return nil, err
	}
	want, err := checkFormat(name, head[:n], hz)
	if err != nil {
		return nil, err
	}
	if want == formatGT3X {
		return readGT3X(ra, size, e)
	}
	return readFormat(want, io.NewSectionReader(ra, 0, size), size, hz, e)
}

// checkFormat decides the format: the extension says what the file must be,
// the magic bytes must agree (a mislabelled file is an error that names
// both), and a file without a known extension is recognised by its magic
// alone.
func checkFormat(name string, head []byte, hz float64) (format, error) {
	if len(head) == 0 {
		return formatUnknown, errors.New("file is empty")
	}
	byMagic := formatByMagic(head)
	want := formatByExt(name)
	if want == formatUnknown {
		want = byMagic
		if want == formatUnknown {
			return want, fmt.Errorf("unknown raw file format (extension %q, no known magic bytes); expected .cwa, .gt3x, GENEActiv .bin or a raw .csv", filepath.Ext(name))
		}
	}
	if want == formatCSV {
		if byMagic != formatUnknown {
			return want, fmt.Errorf("file is named as CSV but its content is a %s file", byMagic)
		}
		if hz <= 0 {
			return want, ErrNeedRate
		}
		return want, nil
	}
	if byMagic != want {
		what := "its content is not recognised"
		if byMagic != formatUnknown {
			what = "its content is a " + byMagic.String() + " file"
		}
		return want, fmt.Errorf("file is named as %s but %s", want, what)
	}
	return want, nil
}

// readFormat runs the streaming reader of a format other than GT3X; size
// is the file's size when known (0 otherwise).
func readFormat(f format, r io.Reader, size int64, hz float64, e *emitter) (*Raw, error) {
	switch f {
	case formatCWA:
		return readCWA(r, size, e)
	case formatGENEActiv:
		return readGENEActiv(r, e)
	case formatCSV:
		return readRawCSV(r, hz, e)
	}
	return nil, errors.New("unknown raw file format")
}
