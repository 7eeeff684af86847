package devicefile

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"
)

// Axivity CWA layout (openmovement Docs/ax3/cwa.h): a 1024-byte "MD" header,
// then 512-byte data blocks. All integers are little-endian.
const (
	cwaHeaderSize = 1024
	cwaBlockSize  = 512
	cwaDataOffset = 30  // first sample byte in a data block
	cwaDataBytes  = 480 // sample bytes in a data block
)

// cwaMaxProblems bounds the problems listed one by one for a damaged file; a
// file that is mostly damage gets one summary line after that.
const cwaMaxProblems = 1000

// ReadCWA reads an Axivity AX3 or AX6 .cwa file.
//
// Block numbering: "block n" in the Report is the n-th 512-byte data block
// after the 1024-byte header, counted from 0, i.e. the block at byte offset
// 1024 + 512*n. (This is the numbering of the reference file
// ax3_testfile_corrupt_blocks_0_13_14_142_143_144.cwa and of GGIRread.)
//
// A block whose checksum (16-bit word sum of the whole block) is not zero, or
// whose header is impossible (wrong length, axes, packing, sample count, rate
// or timestamp, or a time further ahead than the file can account for), is
// skipped and reported with code "corrupt_block"; the rest of the file is
// kept. Samples are placed on the device clock from the block
// timestamps and resampled to the declared rate as the Raw doc comment
// describes; the time a skipped block covered is NaN. Other codes:
// "gap" (consecutive blocks whose times do not follow, e.g. a pause),
// "time_backwards" (samples dated before ones already read; dropped),
// "blank_block" (unwritten sectors), "truncated" (a partial last block),
// "rate_mismatch" (header and blocks disagree; the blocks' rate is used).
// For AX6 files (6 or 9 axes: gyroscope first, then accelerometer) only the
// accelerometer is kept. Timestamps carry no time zone: Start is the
// device's clock reading in UTC.
func ReadCWA(r io.Reader) (*Raw, error) { return readCWA(r, 0, newCollector()) }

// readCWA is ReadCWA for a file of size bytes (0 when unknown), which lets
// it reserve the samples the file's blocks can hold at once, into e.
func readCWA(r io.Reader, size int64, e *emitter) (*Raw, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head := make([]byte, cwaHeaderSize)
	n, err := io.ReadFull(br, head)
	if err != nil {
		if n == 0 {
			return nil, errors.New("CWA: file is empty")
		}
		if head[0] != 'M' || (n > 1 && head[1] != 'D') {
			return nil, errors.New(`CWA: no "MD" header at the start of the file`)
		}
		return nil, fmt.Errorf("CWA: file ends inside the %d-byte header (%d bytes)", cwaHeaderSize, n)
	}
	if head[0] != 'M' || head[1] != 'D' {
		return nil, errors.New(`CWA: no "MD" header at the start of the file`)
	}
	raw := e.begin(&Raw{Device: DeviceAX3})
	if head[4] == 0x64 {
		raw.Device = DeviceAX6
	}
	lower := uint32(binary.LittleEndian.Uint16(head[5:]))
	upper := uint32(binary.LittleEndian.Uint16(head[11:]))
	if upper == 0xffff {
		upper = 0
	}
	raw.Serial = strconv.FormatUint(uint64(upper<<16|lower), 10)
	headerRate := cwaRate(head[36])

	rs := cwaResampler{raw: raw, e: e}
	if size > cwaHeaderSize {
		// A block holds at most 120 samples (packed); 2 % more for a
		// device clock slower than the grid it is resampled to.
		e.reserve((size-cwaHeaderSize)/cwaBlockSize*(cwaDataBytes/4)*102/100 + 1024)
	}
	var (
		pending     *cwaBlock // decoded block waiting for its successor's time
		lastDt      float64   // per-sample interval of the last finished block
		blockBuf    = make([]byte, cwaBlockSize)
		blank       blankRun
		nProblems   int
		moreProblem int
	)
	addProblem := func(code, where, format string, args ...any) {
		if nProblems >= cwaMaxProblems {
			moreProblem++
			return
		}
		nProblems++
		raw.Report.Add(code, where, format, args...)
	}
	finish := func(b *cwaBlock, next *cwaBlock) error {
		nominal := float64(b.n) / b.rate
		dt := lastDt
		if next != nil && b.followedBy(next) {
			d := next.start - b.start
			if d >= 0.5*nominal && d <= 1.5*nominal {
				dt = d / float64(b.n)
				next.afterPrev = true
			}
		}
		if dt == 0 {
			dt = 1 / b.rate
		}
		lastDt = dt
		return rs.feedBlock(b, dt, addProblem)
	}

	for index := 0; ; index++ {
		if e.err != nil {
			return nil, e.err
		}
		n, err := io.ReadFull(br, blockBuf)
		if err == io.EOF {
			break
		}
		if err == io.ErrUnexpectedEOF {
			addProblem("truncated", fmt.Sprintf("block %d", index), "the file ends inside this block (%d of %d bytes); the partial block is ignored", n, cwaBlockSize)
			break
		}
		if err != nil {
			return nil, fmt.Errorf("CWA: block %d: %w", index, err)
		}
		rs.bytesRead = cwaHeaderSize + int64(index+1)*cwaBlockSize
		if isBlank(blockBuf) {
			blank.add(index)
			continue
		}
		if blank.n > 0 {
			blank.report(addProblem)
		}
		if blockBuf[0] != 'A' || blockBuf[1] != 'X' {
			addProblem("corrupt_block", fmt.Sprintf("block %d", index), "not a data block (starts with %q instead of \"AX\"); skipped", blockBuf[:2])
			continue
		}
		b, why := decodeCWABlock(blockBuf, index)
		if why != "" {
			addProblem("corrupt_block", fmt.Sprintf("block %d", index), "corrupt data block (%s); skipped", why)
			continue
		}
		if rs.rate == 0 {
			rs.rate = b.rate
			raw.SampleRate = b.rate
			if headerRate != 0 && headerRate != b.rate {
				addProblem("rate_mismatch", "header", "the header declares %g Hz but the data blocks record %g Hz; %g Hz is used", headerRate, b.rate, b.rate)
			}
		} else if b.rate != rs.rate {
			addProblem("corrupt_block", fmt.Sprintf("block %d", index), "sample rate changes from %g Hz to %g Hz; skipped", rs.rate, b.rate)
			continue
		}
		if rs.base.IsZero() {
			rs.base = time.Date(b.date.Year(), b.date.Month(), b.date.Day(), 0, 0, 0, 0, time.UTC)
		}
		b.start = b.date.Sub(rs.base).Seconds() + b.startFrac
		if pending != nil {
			if err := finish(pending, b); err != nil {
				return nil, err
			}
		}
		pending = b
	}
	if blank.n > 0 {
		blank.report(addProblem)
	}
	if pending != nil {
		if err := finish(pending, nil); err != nil {
			return nil, err
		}
	}
	if moreProblem > 0 {
		raw.Report.Add("more_problems", "file", "%d further problems not listed", moreProblem)
	}
	if rs.rate == 0 {
		return nil, errors.New("CWA: no valid data block in the file")
	}
	return e.done(raw, nil)
}

// cwaRate decodes a CWA sample-rate code: 3200/2^(15-code) Hz.
func cwaRate(code byte) float64 {
	if code == 0 {
		return 0
	}
	return 3200 / float64(uint(1)<<(15-(code&0x0f)))
}

// cwaBlock is one decoded data block.
type cwaBlock struct {
	index     int
	seq       uint32
	date      time.Time // the block's whole-second timestamp (clock, UTC location)
	startFrac float64   // seconds from date to the block's first sample (may be negative)
	start     float64   // seconds from the resampler's base to the first sample
	rate      float64
	n         int
	x, y, z   []float32
	temp      float32
	light     float32
	afterPrev bool // written right after the previous block, with consistent times
}

// followedBy says whether c is the block written right after b, so the time
// between their starts is the duration of b.
func (b *cwaBlock) followedBy(c *cwaBlock) bool {
	return c.index == b.index+1 && c.seq == b.seq+1
}

// decodeCWABlock checks and decodes one "AX" block; why is non-empty when the
// block is corrupt.
func decodeCWABlock(blk []byte, index int) (b *cwaBlock, why string) {
	var sum uint16
	for i := 0; i < cwaBlockSize; i += 2 {
		sum += binary.LittleEndian.Uint16(blk[i:])
	}
	if sum != 0 {
		return nil, fmt.Sprintf("checksum: word sum is 0x%04x, not 0", sum)
	}
	if l := binary.LittleEndian.Uint16(blk[2:]); l != cwaBlockSize-4 {
		return nil, fmt.Sprintf("packet length %d, expected %d", l, cwaBlockSize-4)
	}
	frac := binary.LittleEndian.Uint16(blk[4:])
	seq := binary.LittleEndian.Uint32(blk[10:])
	stamp := binary.LittleEndian.Uint32(blk[14:])
	lightScale := binary.LittleEndian.Uint16(blk[18:])
	temp := binary.LittleEndian.Uint16(blk[20:])
	rateCode := blk[24]
	axes := int(blk[25] >> 4)
	packing := int(blk[25] & 0x0f)
	tsOffset := int(int16(binary.LittleEndian.Uint16(blk[26:])))
	count := int(binary.LittleEndian.Uint16(blk[28:]))

	if axes != 3 && axes != 6 && axes != 9 {
		return nil, fmt.Sprintf("%d axes", axes)
	}
	var capacity int
	switch packing {
	case 0:
		if axes != 3 {
			return nil, fmt.Sprintf("packed samples with %d axes", axes)
		}
		capacity = cwaDataBytes / 4
	case 2:
		capacity = cwaDataBytes / (2 * axes)
	default:
		return nil, fmt.Sprintf("unknown sample packing %d", packing)
	}
	if count == 0 || count > capacity {
		return nil, fmt.Sprintf("%d samples (at most %d fit)", count, capacity)
	}
	date, ok := cwaTime(stamp)
	if !ok {
		return nil, fmt.Sprintf("invalid timestamp 0x%08x", stamp)
	}
	var rate, startFrac float64
	if rateCode != 0 {
		rate = cwaRate(rateCode)
		if rate < 1 {
			return nil, fmt.Sprintf("sample rate code 0x%02x", rateCode)
		}
		// The whole-second timestamp belongs to sample tsOffset. With the top
		// bit of the device-id field set, its low 15 bits are a fraction of a
		// second (1/32768 s), and the firmware already moved tsOffset by
		// fraction*rate samples (rate truncated to an integer); undo that.
		shift := tsOffset
		var fraction float64
		if frac&0x8000 != 0 {
			f16 := int(frac&0x7fff) << 1 // in 1/65536 s
			fraction = float64(f16) / 65536
			shift += (f16 * int(rate)) >> 16
		}
		startFrac = fraction - float64(shift)/rate
	} else {
		// Oldest format: the offset field is the rate in Hz and the
		// timestamp belongs to the first sample.
		rate = float64(tsOffset)
		if rate < 1 || rate > 3200 {
			return nil, fmt.Sprintf("old-format sample rate %d Hz", tsOffset)
		}
	}

	b = &cwaBlock{
		index: index, seq: seq, date: date, startFrac: startFrac, rate: rate, n: count,
		x: make([]float32, count), y: make([]float32, count), z: make([]float32, count),
		temp:  float32(float64(temp&0x3ff)*75/256 - 50),
		light: float32(lightScale & 0x3ff),
	}
	data := blk[cwaDataOffset : cwaDataOffset+cwaDataBytes]
	if packing == 0 {
		const scale = 1.0 / 256
		for i := 0; i < count; i++ {
			v := binary.LittleEndian.Uint32(data[4*i:])
			e := v >> 30
			b.x[i] = float32(float64(signExtend10(v)<<e) * scale)
			b.y[i] = float32(float64(signExtend10(v>>10)<<e) * scale)
			b.z[i] = float32(float64(signExtend10(v>>20)<<e) * scale)
		}
		return b, ""
	}
	scale := 1 / float64(uint(1)<<(8+uint(lightScale>>13)))
	first := 0
	if axes >= 6 {
		first = 3 // gyroscope x,y,z come first, then the accelerometer
	}
	stride := 2 * axes
	for i := 0; i < count; i++ {
		p := data[i*stride+2*first:]
		b.x[i] = float32(float64(int16(binary.LittleEndian.Uint16(p))) * scale)
		b.y[i] = float32(float64(int16(binary.LittleEndian.Uint16(p[2:]))) * scale)
		b.z[i] = float32(float64(int16(binary.LittleEndian.Uint16(p[4:]))) * scale)
	}
	return b, ""
}

// signExtend10 takes the low 10 bits of v as a two's-complement number.
func signExtend10(v uint32) int32 {
	return int32(v<<22) >> 22
}

// cwaTime decodes the packed CWA date-time YYYYYYMM MMDDDDDh hhhhmmmm mmssssss
// (year from 2000); ok is false for an impossible date.
func cwaTime(v uint32) (time.Time, bool) {
	year := int(v>>26&0x3f) + 2000
	month := int(v >> 22 & 0x0f)
	day := int(v >> 17 & 0x1f)
	hour := int(v >> 12 & 0x1f)
	minute := int(v >> 6 & 0x3f)
	sec := int(v & 0x3f)
	if month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, false
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, 0, time.UTC)
	if t.Day() != day { // e.g. 31 February
		return time.Time{}, false
	}
	return t, true
}

// isBlank reports a sector that was never written (all 0x00 or all 0xFF).
func isBlank(b []byte) bool {
	c := b[0]
	if c != 0 && c != 0xff {
		return false
	}
	for _, v := range b {
		if v != c {
			return false
		}
	}
	return true
}

// blankRun collects consecutive blank sectors so they are reported once.
type blankRun struct{ first, n int }

func (r *blankRun) add(index int) {
	if r.n == 0 {
		r.first = index
	}
	r.n++
}

func (r *blankRun) report(add func(code, where, format string, args ...any)) {
	where := fmt.Sprintf("block %d", r.first)
	if r.n > 1 {
		where = fmt.Sprintf("blocks %d-%d", r.first, r.first+r.n-1)
	}
	add("blank_block", where, "%d unwritten sector(s) (all 0x00 or 0xFF); skipped", r.n)
	r.n = 0
}

// cwaResampler places block samples on the device clock and emits samples on
// the regular grid k/rate seconds after base (the clock's midnight of the
// first block), interpolating linearly between neighbouring samples of the
// same or the directly following block and leaving NaN across gaps.
type cwaResampler struct {
	raw  *Raw
	e    *emitter
	rate float64
	base time.Time

	started bool
	k       int64 // next grid point
	have    bool  // prev holds a sample
	prevT   float64
	prev    [3]float32
	prevBlk *cwaBlock
	lastT   float32 // last temperature and light recorded
	lastL   float32

	bytesRead int64 // file bytes read so far
	invented  int64 // grid points inside gaps so far
}

func (rs *cwaResampler) feedBlock(b *cwaBlock, dt float64, problem func(code, where, format string, args ...any)) error {
	if rs.e.full(int64(2 * b.n)) {
		return fmt.Errorf("CWA: %w", errTooManySamples(rs.rate))
	}
	idx := int(rs.e.count())
	if len(rs.raw.Temperature) == 0 || rs.lastT != b.temp {
		rs.raw.Temperature = append(rs.raw.Temperature, Reading{Index: idx, Value: b.temp})
		rs.lastT = b.temp
	}
	if len(rs.raw.Light) == 0 || rs.lastL != b.light {
		rs.raw.Light = append(rs.raw.Light, Reading{Index: idx, Value: b.light})
		rs.lastL = b.light
	}
	// A block dated so far ahead that filling the gap would exceed what the
	// file can account for has a broken timestamp: skip it.
	if rs.have {
		if gap := (b.start - rs.prevT) * rs.rate; gap > 2 && int64(gap)+rs.invented > gapLimit(rs.bytesRead, rs.rate) {
			problem("corrupt_block", fmt.Sprintf("block %d", b.index), "timestamp %s lies %.0f s after the previous sample, more than the file can account for; skipped", b.date.Format("2006-01-02 15:04:05"), b.start-rs.prevT)
			return nil
		}
	}
	// A block right after the previous one in the file whose time does not
	// continue it (a pause, or a restarted sequence) leaves a gap that no
	// corrupt block explains: report it.
	if rs.prevBlk != nil && rs.have && b.index == rs.prevBlk.index+1 && !b.afterPrev {
		if gap := b.start - rs.prevT; gap > 1.5/rs.rate {
			problem("gap", fmt.Sprintf("block %d", b.index), "the block starts %.3f s after the previous sample (sequence %d after %d); the time between is missing", gap, b.seq, rs.prevBlk.seq)
		}
	}
	backwards := 0
	for j := 0; j < b.n; j++ {
		t := b.start + float64(j)*dt
		// Interpolate only between neighbours: samples of one block, or the
		// last sample of the block right before this one.
		linked := rs.prevBlk == b || (j == 0 && b.afterPrev && rs.prevBlk != nil && rs.prevBlk.followedBy(b))
		ok, err := rs.feed(t, [3]float32{b.x[j], b.y[j], b.z[j]}, linked)
		if err != nil {
			return fmt.Errorf("CWA: block %d: %w", b.index, err)
		}
		if !ok {
			backwards++
			continue
		}
		rs.prevBlk = b
	}
	if backwards > 0 {
		problem("time_backwards", fmt.Sprintf("block %d", b.index), "%d samples lie at or before samples already read (the clock went back); dropped", backwards)
	}
	return nil
}

// feed adds one device sample at clock time t (seconds after base); linked
// says it directly follows the previous sample. It returns false when the
// sample is not later than the previous one and was dropped.
func (rs *cwaResampler) feed(t float64, v [3]float32, linked bool) (bool, error) {
	const eps = 1e-9
	period := 1 / rs.rate
	if !rs.started {
		rs.k = int64(math.Ceil(t*rs.rate - 1e-6))
		g := float64(rs.k) / rs.rate
		rs.raw.Start = rs.base.Add(time.Duration(math.Round(g * 1e9)))
		rs.started = true
	}
	if rs.have && t <= rs.prevT {
		return false, nil
	}
	if rs.have {
		gap := (t - rs.prevT) * rs.rate
		if gap > 2 && int64(gap)+rs.invented > gapLimit(rs.bytesRead, rs.rate) {
			return false, errGapTooLong(t - rs.prevT)
		}
		if gap > 2 {
			rs.invented += int64(gap)
		}
	}
	for {
		g := float64(rs.k) / rs.rate
		if g > t+eps {
			break
		}
		var out [3]float32
		switch {
		case !rs.have:
			out = v
		case linked:
			w := (g - rs.prevT) / (t - rs.prevT)
			for a := 0; a < 3; a++ {
				p := float64(rs.prev[a])
				out[a] = float32(p + w*(float64(v[a])-p))
			}
		case g-rs.prevT <= 0.5*period:
			out = rs.prev
		case t-g <= 0.5*period:
			out = v
		default:
			// Grid points neither sample is near lie in a gap: the whole
			// run is one gap record, however long, never a sample each.
			end := max(rs.k+1, int64(math.Ceil((t-0.5*period)*rs.rate)))
			for end > rs.k+1 && !rs.inGap(end-1, t, period) {
				end--
			}
			for rs.inGap(end, t, period) {
				end++
			}
			rs.e.gap(end - rs.k)
			rs.k = end
			continue
		}
		rs.e.add(out[0], out[1], out[2])
		rs.k++
	}
	rs.have = true
	rs.prevT = t
	rs.prev = v
	return true, nil
}

// inGap reports whether grid point k falls in the gap between the previous
// sample and one at t: the default case of feed's switch, with its very
// comparisons, so the gap's length is the count of points that case would
// have made NaN one by one.
func (rs *cwaResampler) inGap(k int64, t, period float64) bool {
	const eps = 1e-9
	g := float64(k) / rs.rate
	return g <= t+eps && !(g-rs.prevT <= 0.5*period) && !(t-g <= 0.5*period)
}
