package devicefile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
)

// rawCSVMaxRate is the highest rate a raw CSV may be given: the fastest
// supported device (Axivity, 3200 Hz).
const rawCSVMaxRate = 3200

// csvChunkSize is how much raw CSV one worker parses at a time: large enough
// to amortise the hand-over, small enough that a few chunks in flight stay
// cheap.
const csvChunkSize = 4 << 20

// ReadRawCSV reads raw acceleration from CSV: three columns x,y,z in g, one
// sample per line, sampled at hz (which may be fractional, e.g. 85.7).
//
// Accepted: an optional UTF-8 byte-order mark; an optional header line (a
// first line that does not start like a number, e.g. "x,y,z"); "\n" or "\r\n"
// line ends; blanks around cells; empty lines; decimal numbers with an
// optional exponent; "NaN" for a sample the sensor did not deliver (kept as
// NaN and reported once).
//
// Policy on bad input: any other malformed line (wrong number of cells, a
// cell that is not a number or is beyond float32 range) makes the whole read
// fail with an error naming the line and column, because counts computed
// around a silently dropped line would be shifted in time. The one repair is a last line cut off without a
// line end and with fewer than three cells (a truncated upload): it is
// dropped and reported as a Problem.
//
// The parser works on bytes without encoding/csv or per-line allocations and
// parses chunks of the input on all cores in parallel.
func ReadRawCSV(r io.Reader, hz float64) (*Raw, error) { return readRawCSV(r, hz, newCollector()) }

// readRawCSV is ReadRawCSV into e.
func readRawCSV(r io.Reader, hz float64, e *emitter) (*Raw, error) {
	if !(hz > 0) || hz > rawCSVMaxRate || math.IsInf(hz, 0) {
		return nil, fmt.Errorf("raw CSV: sample rate %v Hz is not a rate a sensor uses (more than 0, at most %d Hz)", hz, rawCSVMaxRate)
	}
	raw := e.begin(&Raw{Device: DeviceCSV, SampleRate: hz})
	// With the input's size known, the samples are allocated once.
	var sizeHint int64
	switch v := r.(type) {
	case interface{ Size() int64 }:
		sizeHint = v.Size()
	case *os.File:
		if st, err := v.Stat(); err == nil && st.Mode().IsRegular() {
			sizeHint = st.Size()
		}
	}
	workers := runtime.GOMAXPROCS(0)
	if workers > 8 {
		workers = 8
	}

	type job struct {
		seq  int
		data []byte
		last bool // the final chunk (may lack a line end)
	}
	jobs := make(chan job, workers)
	results := make(map[int]*csvChunkResult)
	// Chunk buffers and per-chunk sample slices are recycled, so a large
	// file costs a few chunks of memory besides its samples.
	freeBufs := make(chan []byte, 2*workers+2)
	freeRes := make(chan *csvChunkResult, 2*workers+2)
	var mu sync.Mutex
	cond := sync.NewCond(&mu)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				var res *csvChunkResult
				select {
				case res = <-freeRes:
				default:
					res = new(csvChunkResult)
				}
				parseCSVChunk(res, j.data, j.last)
				select {
				case freeBufs <- j.data[:0]:
				default:
				}
				mu.Lock()
				results[j.seq] = res
				cond.Broadcast()
				mu.Unlock()
			}
		}()
	}

	// Collector: append chunk results in order as they become ready.
	var (
		collectErr error
		line       int // lines before the current chunk
		nanCount   int
		firstNaN   int
		done       = make(chan struct{})
		nChunks    = -1 // set by the reader when it knows the total
		headerLine int
		failed     atomic.Bool // the collector found a bad line
	)
	go func() {
		defer close(done)
		for seq := 0; ; seq++ {
			mu.Lock()
			for results[seq] == nil && (nChunks < 0 || seq < nChunks) {
				cond.Wait()
			}
			res := results[seq]
			delete(results, seq)
			hl := headerLine
			mu.Unlock()
			if res == nil { // seq == nChunks: all done
				return
			}
			if seq == 0 {
				line = hl
				if sizeHint > 0 && res.lines > 0 && res.bytes > 0 {
					est := float64(sizeHint) / (float64(res.bytes) / float64(res.lines)) * 1.02
					if est = min(est, float64(sizeHint)/6+16); est > float64(len(res.x)) {
						e.reserve(int64(est))
					}
				}
			}
			if collectErr == nil {
				if res.err != "" {
					collectErr = fmt.Errorf("raw CSV: line %d: %s", line+res.errLine, res.err)
					failed.Store(true)
				} else if e.full(int64(len(res.x))) {
					collectErr = fmt.Errorf("raw CSV: %w", errTooManySamples(hz))
					failed.Store(true)
				} else if e.addAll(res.x, res.y, res.z); e.err != nil {
					collectErr = e.err
					failed.Store(true)
				} else {
					if res.nan > 0 {
						if nanCount == 0 {
							firstNaN = line + res.firstNaN
						}
						nanCount += res.nan
					}
					if res.truncated {
						raw.Report.Add("truncated", fmt.Sprintf("line %d", line+res.lines), "the last line is cut off (%q); dropped", res.truncText)
					}
				}
			}
			line += res.lines
			select {
			case freeRes <- res:
			default:
			}
		}
	}()

	// Reader: cut the input into chunks that end at a line end.
	readErr := func() error {
		seq := 0
		var carry []byte
		first := true
		for !failed.Load() {
			var buf []byte
			select {
			case buf = <-freeBufs:
			default:
			}
			if cap(buf) < len(carry)+csvChunkSize {
				buf = make([]byte, 0, len(carry)+csvChunkSize)
			}
			buf = append(buf[:0], carry...)
			n, err := io.ReadFull(r, buf[len(carry):cap(buf)])
			buf = buf[:len(carry)+n]
			eof := err == io.EOF || err == io.ErrUnexpectedEOF
			if err != nil && !eof {
				return err
			}
			if first {
				first = false
				buf = bytes.TrimPrefix(buf, []byte("\xef\xbb\xbf"))
				skip, ok := csvHeaderLength(buf, eof)
				if !ok && !eof {
					// A header longer than a chunk: not a raw CSV.
					return errors.New("raw CSV: the first line is longer than 4 MiB")
				}
				if skip > 0 {
					mu.Lock()
					headerLine = 1
					mu.Unlock()
					buf = buf[skip:]
				}
			}
			if eof {
				if len(buf) > 0 {
					jobs <- job{seq: seq, data: buf, last: true}
					seq++
				}
				mu.Lock()
				nChunks = seq
				cond.Broadcast()
				mu.Unlock()
				return nil
			}
			cut := bytes.LastIndexByte(buf, '\n')
			if cut < 0 {
				// A chunk without a line end is a line of more than 4 MiB,
				// where a sample's line is a few dozen bytes: not a raw
				// CSV. Carrying it on grew a buffer chunk by chunk up to
				// 64 MiB (over half a GB allocated along the way).
				return fmt.Errorf("raw CSV: a line longer than %d MiB", csvChunkSize>>20)
			}
			carry = append(carry[:0], buf[cut+1:]...)
			jobs <- job{seq: seq, data: buf[:cut+1]}
			seq++
		}
		// A bad line was found: stop reading; the collector reports it.
		mu.Lock()
		nChunks = seq
		cond.Broadcast()
		mu.Unlock()
		return nil
	}()
	close(jobs)
	if readErr != nil {
		mu.Lock()
		if nChunks < 0 {
			nChunks = 0 // stop the collector after what it has
		}
		cond.Broadcast()
		mu.Unlock()
	}
	wg.Wait()
	mu.Lock()
	if nChunks < 0 {
		nChunks = 0
	}
	cond.Broadcast()
	mu.Unlock()
	<-done
	if readErr != nil {
		return nil, readErr
	}
	if collectErr != nil {
		return nil, collectErr
	}
	if nanCount > 0 {
		raw.Report.Add("missing_sample", fmt.Sprintf("line %d", firstNaN), "%d samples are NaN (first on this line); kept as missing", nanCount)
	}
	if e.empty() {
		return nil, errors.New("raw CSV: no samples")
	}
	return e.done(raw, nil)
}

// csvHeaderLength returns the length (with its line end) of a header line at
// the start of b, 0 when the first line is data; ok is false when the first
// line is not complete in b and more input could follow.
func csvHeaderLength(b []byte, eof bool) (int, bool) {
	i := 0
	for i < len(b) && (b[i] == ' ' || b[i] == '\t') {
		i++
	}
	if i < len(b) && startsNumber(b[i]) {
		return 0, true
	}
	if i < len(b) && (b[i] == 'n' || b[i] == 'N') && len(b) >= i+3 && (string(b[i:i+3]) == "NaN" || string(b[i:i+3]) == "nan") {
		return 0, true
	}
	nl := bytes.IndexByte(b, '\n')
	if nl < 0 {
		if eof {
			return len(b), true
		}
		return 0, false
	}
	return nl + 1, true
}

func startsNumber(c byte) bool {
	return c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == '\n' || c == '\r'
}

// csvChunkResult is what one worker made of one chunk.
type csvChunkResult struct {
	x, y, z   []float32
	bytes     int // length of the chunk
	lines     int // line ends seen (plus one for a final line without end)
	nan       int
	firstNaN  int // 1-based line within the chunk
	err       string
	errLine   int // 1-based line within the chunk
	truncated bool
	truncText string
}

// parseCSVChunk parses whole lines of x,y,z into res (whose slices it
// reuses); last marks the final chunk, whose last line may lack a line end.
func parseCSVChunk(res *csvChunkResult, data []byte, last bool) {
	est := len(data)/20 + 16
	*res = csvChunkResult{bytes: len(data), x: res.x[:0], y: res.y[:0], z: res.z[:0]}
	if cap(res.x) < est {
		res.x = make([]float32, 0, est)
		res.y = make([]float32, 0, est)
		res.z = make([]float32, 0, est)
	}
	i := 0
	n := len(data)
	for i < n {
		res.lines++
		lineStart := i
		// Blank line?
		j := i
		for j < n && (data[j] == ' ' || data[j] == '\t' || data[j] == '\r') {
			j++
		}
		if j == n || data[j] == '\n' {
			i = j + 1
			continue
		}
		var v [3]float64
		col := 0
		var bad string
		for col < 3 {
			f, next, ok := parseCSVNumber(data, i)
			if !ok {
				bad = fmt.Sprintf("column %d is not a number", col+1)
				break
			}
			if math.IsInf(float64(float32(f)), 0) {
				bad = fmt.Sprintf("column %d is out of range", col+1)
				break
			}
			v[col] = f
			i = next
			col++
			if col < 3 {
				if i < n && data[i] == ',' {
					i++
					continue
				}
				bad = fmt.Sprintf("%d cells, expected 3 (x,y,z)", col)
				break
			}
		}
		if bad == "" {
			for i < n && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r') {
				i++
			}
			if i < n && data[i] != '\n' {
				if data[i] == ',' {
					bad = "more than 3 cells, expected 3 (x,y,z)"
				} else {
					bad = "column 3 is not a number"
				}
			}
		}
		if bad != "" {
			end := bytes.IndexByte(data[lineStart:], '\n')
			if last && end < 0 && strings3Cells(data[lineStart:]) < 3 {
				// A final line cut off in the middle: drop it.
				res.truncated = true
				text := data[lineStart:]
				if len(text) > 40 {
					text = text[:40]
				}
				res.truncText = string(text)
				return
			}
			res.err = bad
			res.errLine = res.lines
			return
		}
		i++ // the '\n' (or past the end)
		for a := 0; a < 3; a++ {
			if v[a] != v[a] {
				if res.nan == 0 {
					res.firstNaN = res.lines
				}
				res.nan++
				break
			}
		}
		res.x = append(res.x, float32(v[0]))
		res.y = append(res.y, float32(v[1]))
		res.z = append(res.z, float32(v[2]))
	}
}

// strings3Cells counts the comma-separated cells in a (final) line.
func strings3Cells(b []byte) int {
	return bytes.Count(b, []byte(",")) + 1
}

// pow10tab holds the powers of ten that float64 represents exactly.
var pow10tab = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// parseCSVNumber parses a decimal number (blanks around it allowed) starting
// at b[i]; it returns the value and the index after it. Numbers with at most
// 15 significant digits and a small exponent take the exact fast path
// (an integer mantissa times or divided by an exact power of ten is correctly
// rounded); anything else goes to strconv.ParseFloat.
func parseCSVNumber(b []byte, i int) (float64, int, bool) {
	n := len(b)
	for i < n && (b[i] == ' ' || b[i] == '\t') {
		i++
	}
	start := i
	if i < n && (b[i] == 'N' || b[i] == 'n') {
		if i+3 <= n && (string(b[i:i+3]) == "NaN" || string(b[i:i+3]) == "nan") {
			i += 3
			for i < n && (b[i] == ' ' || b[i] == '\t') {
				i++
			}
			return math.NaN(), i, true
		}
		return 0, i, false
	}
	neg := false
	if i < n && (b[i] == '-' || b[i] == '+') {
		neg = b[i] == '-'
		i++
	}
	var mant uint64
	nd := 0     // significant digits taken into mant
	dexp := 0   // decimal exponent adjustment
	digits := 0 // all digits seen
	exact := true
	for ; i < n && b[i] >= '0' && b[i] <= '9'; i++ {
		digits++
		if nd < 19 {
			mant = mant*10 + uint64(b[i]-'0')
			if mant != 0 {
				nd++
			}
		} else {
			dexp++
			if b[i] != '0' {
				exact = false
			}
		}
	}
	if i < n && b[i] == '.' {
		i++
		for ; i < n && b[i] >= '0' && b[i] <= '9'; i++ {
			digits++
			if nd < 19 {
				mant = mant*10 + uint64(b[i]-'0')
				dexp--
				if mant != 0 {
					nd++
				}
			} else if b[i] != '0' {
				exact = false
			}
		}
	}
	if digits == 0 {
		return 0, start, false
	}
	if i < n && (b[i] == 'e' || b[i] == 'E') {
		i++
		eneg := false
		if i < n && (b[i] == '-' || b[i] == '+') {
			eneg = b[i] == '-'
			i++
		}
		if i >= n || b[i] < '0' || b[i] > '9' {
			return 0, start, false
		}
		e := 0
		for ; i < n && b[i] >= '0' && b[i] <= '9'; i++ {
			if e < 100000 {
				e = e*10 + int(b[i]-'0')
			}
		}
		if eneg {
			e = -e
		}
		dexp += e
	}
	end := i
	for i < n && (b[i] == ' ' || b[i] == '\t') {
		i++
	}
	var f float64
	switch {
	case mant == 0:
		f = 0
	case exact && nd <= 15 && dexp >= -22 && dexp <= 22:
		f = float64(mant)
		if dexp < 0 {
			f /= pow10tab[-dexp]
		} else {
			f *= pow10tab[dexp]
		}
	default:
		v, err := strconv.ParseFloat(string(b[start:end]), 64)
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			return 0, start, false
		}
		return v, i, true
	}
	if neg {
		f = -f
	}
	return f, i, true
}
