package devicefile

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Block is one stretch of a raw recording as a reader delivers it while
// reading: either samples, or (Gap > 0) a run of Gap samples the device did
// not deliver. A gap is a record of where and how long, never samples: a
// file claiming a month-long pause costs nothing until a consumer decides
// what a gap means to it (issue 9).
//
// Sample Index is taken at Raw.Start + Index/SampleRate, as for Raw.Time.
// X, Y and Z have the same length and may hold NaN where the file itself
// marks a value missing (a raw CSV's "NaN"); they are valid only during the
// call that receives them.
type Block struct {
	Index   int64
	X, Y, Z []float32
	Gap     int64
}

// Len is the number of samples the block covers, missing ones included.
func (b Block) Len() int64 {
	if b.Gap > 0 {
		return b.Gap
	}
	return int64(len(b.X))
}

// BlockFunc receives a recording's blocks in order, each starting where the
// previous ended. h is the recording without its samples: Device, Serial,
// SampleRate and Start are set before the first block; Report,
// Temperature and Light are complete only when the read returns. An error
// stops the reading and is returned by it.
type BlockFunc func(h *Raw, b Block) error

// streamBlockSamples is the most samples one Block carries: what a
// streaming consumer holds of a recording at a time.
const streamBlockSamples = 1 << 12

// StreamRaw reads a raw device file (.cwa, .gt3x, GENEActiv .bin) or raw
// CSV (hz is its rate) as ReadRawHz does, but hands the samples to fn block
// by block instead of keeping them: memory stays bounded by a block however
// long the recording is. The Raw it returns holds no samples (X, Y and Z
// are nil); its Report is the reader's.
func StreamRaw(path string, hz float64, fn BlockFunc) (*Raw, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	// Opened for reading only: closing it can lose nothing.
	defer func() { _ = f.Close() }()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, fmt.Errorf("%s is a directory", path)
	}
	raw, err := readRaw(filepath.Base(path), f, st.Size(), hz, newStreamer(fn))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	return raw, nil
}

// StreamRawFrom is ReadRawFrom handing the samples to fn block by block;
// see StreamRaw.
func StreamRawFrom(name string, r io.Reader, hz float64, fn BlockFunc) (*Raw, error) {
	return readRawFrom(name, r, hz, newStreamer(fn))
}

// emitter is where a reader puts the samples it decodes. It either
// collects them into the Raw (the readers' in-memory form: ReadRaw and
// friends, gaps become NaN) or hands them on in Blocks (StreamRaw; a gap
// is one Block whatever its length). The readers call the same methods
// either way, so both forms hold exactly the same samples.
type emitter struct {
	raw     *Raw      // the recording being read; set by the reader
	fn      BlockFunc // nil: collect into raw
	x, y, z []float32 // samples not yet handed on (streaming)
	n       int64     // samples handed on or collected, gaps included
	err     error     // the first error fn returned
}

func newCollector() *emitter { return &emitter{} }

func newStreamer(fn BlockFunc) *emitter {
	return &emitter{fn: fn, x: make([]float32, 0, streamBlockSamples), y: make([]float32, 0, streamBlockSamples), z: make([]float32, 0, streamBlockSamples)}
}

// begin names the Raw that samples are collected into (and whose header
// the blocks carry).
func (e *emitter) begin(raw *Raw) *Raw {
	e.raw = raw
	return raw
}

// count is the number of samples so far, missing ones included: the index
// of the next sample.
func (e *emitter) count() int64 {
	if e.fn == nil {
		return int64(len(e.raw.X))
	}
	return e.n + int64(len(e.x))
}

// full reports whether more samples would take the recording over
// maxRawSamples (counted the same way in both forms).
func (e *emitter) full(more int64) bool { return e.count()+more > maxRawSamples }

// reserve gives the collected samples room for n (see Raw.reserve); a
// stream needs none.
func (e *emitter) reserve(n int64) {
	if e.fn == nil {
		e.raw.reserve(n)
	}
}

// add appends one sample.
func (e *emitter) add(x, y, z float32) {
	if e.fn == nil {
		e.raw.X = append(e.raw.X, x)
		e.raw.Y = append(e.raw.Y, y)
		e.raw.Z = append(e.raw.Z, z)
		return
	}
	e.x = append(e.x, x)
	e.y = append(e.y, y)
	e.z = append(e.z, z)
	if len(e.x) == streamBlockSamples {
		e.flush()
	}
}

// addAll appends samples in bulk.
func (e *emitter) addAll(x, y, z []float32) {
	if e.fn == nil {
		e.raw.X = append(e.raw.X, x...)
		e.raw.Y = append(e.raw.Y, y...)
		e.raw.Z = append(e.raw.Z, z...)
		return
	}
	for len(x) > 0 {
		n := min(len(x), streamBlockSamples-len(e.x))
		e.x = append(e.x, x[:n]...)
		e.y = append(e.y, y[:n]...)
		e.z = append(e.z, z[:n]...)
		x, y, z = x[n:], y[n:], z[n:]
		if len(e.x) == streamBlockSamples {
			e.flush()
		}
	}
}

// gap appends n missing samples: NaN when collecting, one Block when
// streaming.
func (e *emitter) gap(n int64) {
	if n <= 0 {
		return
	}
	if e.fn == nil {
		e.raw.appendMissing(int(n))
		return
	}
	e.flush()
	if e.err == nil {
		e.err = e.fn(e.raw, Block{Index: e.n, Gap: n})
	}
	e.n += n
}

// flush hands the pending samples on.
func (e *emitter) flush() {
	if e.fn == nil || len(e.x) == 0 {
		return
	}
	if e.err == nil {
		e.err = e.fn(e.raw, Block{Index: e.n, X: e.x, Y: e.y, Z: e.z})
	}
	e.n += int64(len(e.x))
	e.x, e.y, e.z = e.x[:0], e.y[:0], e.z[:0]
}

// finish hands on what is pending and returns fn's error, if any.
func (e *emitter) finish() error {
	e.flush()
	return e.err
}

// empty reports whether no sample (real or missing) was read.
func (e *emitter) empty() bool { return e.count() == 0 }

// readRawFrom is ReadRawFrom into e.
func readRawFrom(name string, r io.Reader, hz float64, e *emitter) (*Raw, error) {
	if ra, ok := r.(interface {
		io.ReaderAt
		io.Seeker
	}); ok {
		if end, err := ra.Seek(0, io.SeekEnd); err == nil {
			return readRaw(name, ra, end, hz, e)
		}
	}
	br := bufio.NewReaderSize(io.LimitReader(r, maxFileSize+1), 64<<10)
	head, err := br.Peek(16)
	if err != nil && err != io.EOF {
		return nil, err
	}
	want, err := checkFormat(name, head, hz)
	if err != nil {
		return nil, err
	}
	if want == formatGT3X {
		data, err := io.ReadAll(br)
		if err != nil {
			return nil, err
		}
		if len(data) > maxFileSize {
			return nil, fmt.Errorf("file is more than the %d bytes this reader accepts", int64(maxFileSize))
		}
		return readGT3X(bytes.NewReader(data), int64(len(data)), e)
	}
	return readFormat(want, br, 0, hz, e)
}

// done ends a read: the pending samples are handed on, and fn's error, if
// any, is the read's.
func (e *emitter) done(raw *Raw, err error) (*Raw, error) {
	if err != nil {
		return nil, err
	}
	if err := e.finish(); err != nil {
		return nil, err
	}
	return raw, nil
}
