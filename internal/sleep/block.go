package sleep

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"fmt"
	"io"
	"time"
)

// Raw samples are kept compressed per sensor and hour ("VWH1" blocks), so
// the raw data can be reduced again with a better algorithm later without
// asking families for a new recording, while the pages only ever read the
// minute epochs.
//
// A block is DEFLATE (RFC 1951, level "best speed") of:
//
//	"VWH1", start (int64 Unix µs of sample 0), rate (uint32 milli-hertz),
//	n (uint32), then x[0..n), y[0..n), z[0..n) as int16 milli-g, each axis
//	delta-coded (v[i]-v[i-1], wrapping), little-endian.
//
// Planar, delta-coded axes turn a slowly changing signal into runs of small
// numbers, which DEFLATE compresses to roughly a third of the 6 bytes per
// sample; MissingSample survives the wrapping deltas exactly.

const blockMagic = "VWH1"

// Block is a stretch of raw samples at one rate: sample i was taken at
// Start + i/rate.
type Block struct {
	Start   time.Time
	RateMHz uint32
	X, Y, Z []int16
}

// Len is the number of samples.
func (b *Block) Len() int { return len(b.X) }

// EncodeBlock compresses a block.
func EncodeBlock(b *Block) ([]byte, error) {
	n := len(b.X)
	plain := make([]byte, 20+6*n)
	copy(plain, blockMagic)
	binary.LittleEndian.PutUint64(plain[4:], uint64(b.Start.UnixMicro()))
	binary.LittleEndian.PutUint32(plain[12:], b.RateMHz)
	binary.LittleEndian.PutUint32(plain[16:], uint32(n))
	o := 20
	for _, axis := range [3][]int16{b.X, b.Y, b.Z} {
		var prev int16
		for _, v := range axis {
			binary.LittleEndian.PutUint16(plain[o:], uint16(v-prev))
			prev = v
			o += 2
		}
	}
	var buf bytes.Buffer
	buf.Grow(len(plain) / 2)
	w, err := flate.NewWriter(&buf, flate.BestSpeed)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(plain); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	// The buffer was sized for a typical signal; a block of mostly
	// missing samples compresses to a few hundred bytes, and a file's
	// pieces wait in memory until they are stored: keep only what the
	// block takes, not the megabyte reserved for an hour of it.
	out := buf.Bytes()
	if cap(out)-len(out) > len(out)/8+512 {
		out = bytes.Clone(out)
	}
	return out, nil
}

// DecodeBlock reverses EncodeBlock. Stored blocks are ours, but a damaged
// database page must give an error, not a panic or a huge allocation.
func DecodeBlock(data []byte) (*Block, error) {
	r := flate.NewReader(bytes.NewReader(data))
	defer r.Close()
	var head [20]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return nil, fmt.Errorf("raw block: %w", err)
	}
	if string(head[:4]) != blockMagic {
		return nil, fmt.Errorf("raw block: bad magic")
	}
	n := binary.LittleEndian.Uint32(head[16:])
	if n > 8*MaxBatchSamples {
		return nil, fmt.Errorf("raw block: %d samples is implausible", n)
	}
	body := make([]byte, 6*int(n))
	if _, err := io.ReadFull(r, body); err != nil {
		return nil, fmt.Errorf("raw block: %w", err)
	}
	b := &Block{Start: time.UnixMicro(int64(binary.LittleEndian.Uint64(head[4:]))).UTC(), RateMHz: binary.LittleEndian.Uint32(head[12:])}
	axes := [3][]int16{make([]int16, n), make([]int16, n), make([]int16, n)}
	o := 0
	for a := range axes {
		var prev int16
		for i := range axes[a] {
			prev += int16(binary.LittleEndian.Uint16(body[o:]))
			axes[a][i] = prev
			o += 2
		}
	}
	b.X, b.Y, b.Z = axes[0], axes[1], axes[2]
	return b, nil
}
