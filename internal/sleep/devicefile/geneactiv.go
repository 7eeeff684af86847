package devicefile

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// geneactivPageSamples is the number of samples in one full GENEActiv page.
const geneactivPageSamples = 300

// geneactivCalibration converts raw 12-bit GENEActiv values to g and lux.
type geneactivCalibration struct {
	gain   [3]float64
	offset [3]float64
	volts  float64
	lux    float64
}

// ReadGENEActiv reads a GENEActiv .bin file: a text header (device identity,
// configuration, calibration), then pages of text headed "Recorded Data",
// each with a "Page Time" and a hex line of 300 samples of 12 hex digits
// (x, y, z as 12-bit two's complement, then 10 bits light, 1 bit button,
// 1 bit reserved). Acceleration in g is (raw*100 - offset)/gain per axis
// from the header's calibration; light in lux is raw*Lux/Volts.
//
// Samples are kept at the declared "Measurement Frequency" (e.g. 85.7 Hz)
// without resampling. A page whose time is more than one second later than
// the previous page's time plus its duration starts after a gap that is left
// NaN ("gap"); an unreadable data line leaves its page NaN ("corrupt_page");
// a file that ends inside a page keeps the complete samples of that page
// ("truncated"), and fewer pages than the header's "Number of Pages" is
// reported ("missing_pages"). An unreadable page time places the page right
// after the previous one ("corrupt_page"); a jump in "Sequence Number"
// ("sequence_gap") or a page rate unlike the header's ("rate_mismatch") is
// reported. Start carries the header's "Time Zone" offset.
func ReadGENEActiv(r io.Reader) (*Raw, error) { return readGENEActiv(r, newCollector()) }

// readGENEActiv is ReadGENEActiv into e.
func readGENEActiv(r io.Reader, e *emitter) (*Raw, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	lineNo := 0
	var bytesRead int64
	next := func() ([]byte, bool) {
		if !sc.Scan() {
			return nil, false
		}
		lineNo++
		bytesRead += int64(len(sc.Bytes())) + 1
		return bytes.TrimRight(sc.Bytes(), "\r"), true
	}

	// Header: key:value lines up to the first "Recorded Data".
	hdr := map[string]string{}
	found := false
	for {
		line, ok := next()
		if !ok {
			break
		}
		if lineNo == 1 && !bytes.HasPrefix(line, []byte("Device Identity")) {
			return nil, errors.New(`GENEActiv: the file does not start with "Device Identity"`)
		}
		if string(bytes.TrimSpace(line)) == "Recorded Data" {
			found = true
			break
		}
		if k, v, ok := strings.Cut(string(line), ":"); ok {
			hdr[strings.TrimSpace(k)] = strings.TrimSpace(strings.Trim(v, "\x00"))
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("GENEActiv: line %d: %w", lineNo+1, err)
	}
	if lineNo == 0 {
		return nil, errors.New("GENEActiv: file is empty")
	}
	if !found {
		return nil, errors.New(`GENEActiv: no "Recorded Data" page in the file (truncated header?)`)
	}

	raw := e.begin(&Raw{Device: DeviceGENEActiv, Serial: hdr["Device Unique Serial Code"]})
	rate, err := parseGENEActivRate(hdr["Measurement Frequency"])
	if err != nil {
		return nil, err
	}
	raw.SampleRate = rate
	var cal geneactivCalibration
	for a, axis := range []string{"x", "y", "z"} {
		g, err1 := strconv.ParseFloat(hdr[axis+" gain"], 64)
		o, err2 := strconv.ParseFloat(hdr[axis+" offset"], 64)
		if err1 != nil || err2 != nil || g == 0 {
			return nil, fmt.Errorf("GENEActiv: calibration for %s is missing or invalid (gain %q, offset %q)", axis, hdr[axis+" gain"], hdr[axis+" offset"])
		}
		cal.gain[a], cal.offset[a] = g, o
	}
	cal.volts, _ = strconv.ParseFloat(hdr["Volts"], 64)
	cal.lux, _ = strconv.ParseFloat(hdr["Lux"], 64)
	loc := time.UTC
	if off, ok := parseGENEActivZone(hdr["Time Zone"]); ok {
		loc = time.FixedZone(zoneName(off), off)
	}
	declaredPages := -1
	if v, err := strconv.Atoi(hdr["Number of Pages"]); err == nil && v >= 0 {
		declaredPages = v
	}

	pageDur := float64(geneactivPageSamples) / rate
	var (
		pages      int
		prevTime   time.Time
		prevSeq    = -1
		lastTemp   float32
		lastLight  float32
		pageKeys   = map[string]string{}
		truncated  bool
		invented   int64
		rateWarned bool
	)
	for !truncated {
		if e.err != nil {
			return nil, e.err
		}
		// Page header lines, then the data line.
		pageLine := lineNo
		clear(pageKeys)
		var data []byte
		for {
			line, ok := next()
			if !ok {
				break
			}
			if t := bytes.TrimSpace(line); len(t) == 0 || string(t) == "Recorded Data" {
				continue
			}
			if k, v, ok := bytes.Cut(line, []byte(":")); ok && len(line) < 200 {
				pageKeys[string(bytes.TrimSpace(k))] = string(bytes.TrimSpace(v))
				continue
			}
			data = line
			break
		}
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("GENEActiv: line %d: %w", lineNo+1, err)
		}
		where := fmt.Sprintf("page %d", pages)
		if data == nil {
			if len(pageKeys) > 0 {
				raw.Report.Add("truncated", where, "the file ends inside the page header (line %d)", pageLine)
			}
			break
		}
		pt, err := parseGENEActivTime(pageKeys["Page Time"], loc)
		if err != nil {
			if pages == 0 {
				raw.Report.Add("corrupt_page", where, "page time %q is not readable (%v); the first page cannot be placed in time and is skipped", pageKeys["Page Time"], err)
				pages++
				continue
			}
			raw.Report.Add("corrupt_page", where, "page time %q is not readable (%v); the page is taken to follow the previous one", pageKeys["Page Time"], err)
			pt = prevTime.Add(time.Duration(pageDur * 1e9))
		}
		if raw.Start.IsZero() {
			raw.Start = pt
		} else {
			expect := prevTime.Add(time.Duration(pageDur * 1e9))
			d := pt.Sub(expect).Seconds()
			switch {
			case d > 1 && invented+int64(math.Round(d*rate)) > gapLimit(bytesRead, rate):
				// A jump more than the file can account for is a broken
				// page time: place the page after the previous one.
				raw.Report.Add("corrupt_page", where, "page time %s lies %.0f s after the previous page, more than the file can account for; the page is taken to follow the previous one", pt.Format("2006-01-02 15:04:05.000"), d)
				pt = expect
			case d > 1:
				n := int(math.Round(d * rate))
				invented += int64(n)
				e.gap(int64(n))
				raw.Report.Add("gap", where, "page time %s is %.1f s after the previous page ends; %d missing samples", pt.Format("2006-01-02 15:04:05.000"), d, n)
			case d < -1:
				raw.Report.Add("time_backwards", where, "page time %s is %.1f s before the previous page ends; samples kept in file order", pt.Format("2006-01-02 15:04:05.000"), -d)
			}
		}
		if f, err := strconv.ParseFloat(strings.TrimSpace(pageKeys["Measurement Frequency"]), 64); err == nil && f != rate && !rateWarned {
			raw.Report.Add("rate_mismatch", where, "the page declares %g Hz, the header %g Hz; the header's rate is used", f, rate)
			rateWarned = true
		}
		if seq, err := strconv.Atoi(pageKeys["Sequence Number"]); err == nil {
			if prevSeq >= 0 && seq != prevSeq+1 {
				raw.Report.Add("sequence_gap", where, "sequence number %d follows %d", seq, prevSeq)
			}
			prevSeq = seq
		}
		prevTime = pt
		idx := int(e.count())
		if t, err := strconv.ParseFloat(pageKeys["Temperature"], 64); err == nil {
			if v := float32(t); len(raw.Temperature) == 0 || v != lastTemp {
				raw.Temperature = append(raw.Temperature, Reading{Index: idx, Value: v})
				lastTemp = v
			}
		}
		if e.full(geneactivPageSamples) {
			return nil, fmt.Errorf("GENEActiv: %w", errTooManySamples(rate))
		}
		got, light, bad := decodeGENEActivPage(data, &cal, e)
		if bad != "" {
			e.gap(int64(geneactivPageSamples - got))
			raw.Report.Add("corrupt_page", where, "data line is not hex (%s); %d samples missing", bad, geneactivPageSamples-got)
		} else if got < geneactivPageSamples {
			// Only the last page may be short: the file was cut.
			raw.Report.Add("truncated", where, "the file ends inside the page: %d of %d samples", got, geneactivPageSamples)
			truncated = true
		}
		if got > 0 && cal.volts > 0 && (len(raw.Light) == 0 || light != lastLight) {
			raw.Light = append(raw.Light, Reading{Index: idx, Value: light})
			lastLight = light
		}
		pages++
	}
	if pages == 0 {
		return nil, errors.New("GENEActiv: no data pages in the file")
	}
	if declaredPages >= 0 && pages < declaredPages {
		raw.Report.Add("missing_pages", "file", "the header declares %d pages but the file holds %d (the file is incomplete)", declaredPages, pages)
	}
	if e.empty() {
		return nil, errors.New("GENEActiv: no samples in the file")
	}
	return e.done(raw, nil)
}

// hexVal maps an ASCII hex digit to its value, 0xff for anything else.
var hexVal = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xff
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = byte(c - '0')
	}
	for c := 'a'; c <= 'f'; c++ {
		t[c] = byte(c-'a') + 10
		t[c-'a'+'A'] = byte(c-'a') + 10
	}
	return t
}()

// decodeGENEActivPage appends the samples of one hex data line to e; it
// returns the samples decoded, the light value of the first sample (lux) and
// a description when the line holds a non-hex character.
func decodeGENEActivPage(line []byte, cal *geneactivCalibration, e *emitter) (int, float32, string) {
	n := len(line) / 12
	if n > geneactivPageSamples {
		n = geneactivPageSamples
	}
	var light float32
	for i := 0; i < n; i++ {
		p := line[12*i : 12*i+12]
		var v uint64
		for _, c := range p {
			h := hexVal[c]
			if h == 0xff {
				return i, light, fmt.Sprintf("character %q at column %d", c, 12*i+bytes.IndexByte(p, c)+1)
			}
			v = v<<4 | uint64(h)
		}
		x := signExtend12(v >> 36)
		y := signExtend12(v >> 24)
		z := signExtend12(v >> 12)
		e.add(float32((float64(x)*100-cal.offset[0])/cal.gain[0]),
			float32((float64(y)*100-cal.offset[1])/cal.gain[1]),
			float32((float64(z)*100-cal.offset[2])/cal.gain[2]))
		if i == 0 && cal.volts > 0 {
			light = float32(float64(v>>2&0x3ff) * cal.lux / cal.volts)
		}
	}
	return n, light, ""
}

// signExtend12 takes the low 12 bits of v as a two's-complement number.
func signExtend12(v uint64) int32 {
	return int32(uint32(v)<<20) >> 20
}

// parseGENEActivRate reads "85.7 Hz" or "85.7".
// geneactivMaxRate is the highest rate a GENEActiv samples at; a header
// claiming more is refused, not trusted.
const geneactivMaxRate = 100

func parseGENEActivRate(s string) (float64, error) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "Hz"))
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || !(f > 0) || f > geneactivMaxRate {
		return 0, fmt.Errorf("GENEActiv: header has no usable Measurement Frequency (%q; GENEActiv devices sample at 10 to %d Hz)", s, geneactivMaxRate)
	}
	return f, nil
}

// parseGENEActivTime reads a page time "2013-05-30 10:12:54:500" (the last
// field is milliseconds).
func parseGENEActivTime(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if len(s) < 19 {
		return time.Time{}, errors.New("too short")
	}
	t, err := time.ParseInLocation("2006-01-02 15:04:05", s[:19], loc)
	if err != nil {
		return time.Time{}, err
	}
	if len(s) > 19 {
		if s[19] != ':' && s[19] != '.' {
			return time.Time{}, errors.New("bad millisecond separator")
		}
		ms, err := strconv.Atoi(s[20:])
		if err != nil || ms < 0 || ms > 999 {
			return time.Time{}, errors.New("bad milliseconds")
		}
		t = t.Add(time.Duration(ms) * time.Millisecond)
	}
	return t, nil
}

// parseGENEActivZone reads "GMT +01:00" (or "GMT -05:30", "GMT") into seconds
// east of UTC.
func parseGENEActivZone(s string) (int, bool) {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "GMT"))
	if s == "" {
		return 0, false
	}
	return parseGT3XZone(s)
}
