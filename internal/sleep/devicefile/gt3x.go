package devicefile

import (
	"archive/zip"
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// GT3X log record types used here (actigraph/GT3X-File-Format README).
const (
	gt3xActivity   = 0x00
	gt3xLux        = 0x05
	gt3xParameters = 0x15
	gt3xActivity2  = 0x1A
)

// gt3xMaxGapSeconds bounds one idle-sleep gap that is filled; a larger jump
// in record time is a broken clock.
const gt3xMaxGapSeconds = int64(maxRecording / time.Second)

// ReadGT3X reads an ActiGraph .gt3x file (a zip holding info.txt and
// log.bin), as written by GT3X+ (firmware 3 and later), wGT3X+, wGT3X-BT,
// ActiSleep+ and GT9X devices. The older NHANES-style GT3X (activity.bin) is
// refused with an error that says so.
//
// Sample rate comes from info.txt ("Sample Rate"); the acceleration scale
// from the PARAMETERS record's ACCEL_SCALE when present, else info.txt
// "Acceleration Scale", else by serial number (NEO and CLE 341 LSB/g, MOS
// 256 LSB/g), else 341. Values are rounded to three decimals as the format
// description prescribes. ACTIVITY records (12-bit packed, y,x,z order) and
// ACTIVITY2 records (16-bit x,y,z) are both read.
//
// Time: record timestamps are the device's local clock written as Unix
// seconds; Start carries the offset from info.txt "TimeZone" when present.
// Seconds without an activity record (idle sleep mode: the device stores
// nothing while it lies still) are filled by repeating the last sample, as
// ActiLife does, and reported with code "idle_sleep"; before the first
// sample they would be NaN. An activity record with a bad checksum whose
// timestamp fits the sequence leaves its second NaN ("corrupt_record"); other
// damaged records, and activity records dated further ahead than the file
// can account for, are skipped ("corrupt_record"). What the file can account
// for is gapLimit of the archive's compressed log.bin bytes: the bytes the
// uploader really sent, not a span info.txt claims, so a 400-byte file
// claiming a day at 256 Hz gets minutes, not 22 million samples. The sample
// rate must be one a device uses (at most gt3xMaxRate), and a recording over
// maxRawSamples (a deflate bomb) is refused. A record shorter than one second of samples
// is completed with the last sample ("short_record"); a 1-byte ACTIVITY or
// ACTIVITY2 record is the USB-connection marker (format description) and
// ignored. wGT3X-BT firmware 1.6.0's rotated axes are corrected as the
// format description prescribes ("axes_rotated").
func ReadGT3X(r io.ReaderAt, size int64) (*Raw, error) { return readGT3X(r, size, newCollector()) }

// readGT3X is ReadGT3X into e.
func readGT3X(r io.ReaderAt, size int64, e *emitter) (*Raw, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("GT3X: not a readable zip archive: %w", err)
	}
	var infoF, logF *zip.File
	for _, f := range zr.File {
		switch strings.ToLower(f.Name) {
		case "info.txt":
			infoF = f
		case "log.bin":
			logF = f
		}
	}
	if logF == nil {
		for _, f := range zr.File {
			if strings.EqualFold(f.Name, "activity.bin") {
				return nil, errors.New("GT3X: this is the older NHANES-style GT3X format (activity.bin), which is not supported; export the file as CSV from ActiLife")
			}
		}
		return nil, errors.New("GT3X: the archive holds no log.bin")
	}
	if infoF == nil {
		return nil, errors.New("GT3X: the archive holds no info.txt")
	}
	info, err := readGT3XInfo(infoF)
	if err != nil {
		return nil, err
	}
	lf, err := logF.Open()
	if err != nil {
		return nil, fmt.Errorf("GT3X: log.bin: %w", err)
	}
	defer lf.Close()
	// The compressed size is what the archive really holds; the zip reader
	// has checked it lies inside the file.
	return readGT3XLog(lf, info, min(int64(logF.CompressedSize64), size), e)
}

// gt3xMaxRate is the highest sample rate accepted from info.txt: ActiGraph
// devices sample at 30 to 100 Hz, some at up to 256 Hz.
const gt3xMaxRate = 256

// readGT3XLog decodes log.bin with the settings from info.txt; fileBytes is
// the size log.bin takes in the upload (compressed), which bounds the idle
// sleep the reader fills in.
func readGT3XLog(log io.Reader, info map[string]string, fileBytes int64, e *emitter) (*Raw, error) {
	raw := e.begin(&Raw{Device: DeviceGT3X, Serial: info["Serial Number"]})
	rate, err := strconv.ParseFloat(strings.TrimSpace(info["Sample Rate"]), 64)
	if err != nil || rate < 1 || rate > gt3xMaxRate || rate != math.Trunc(rate) {
		return nil, fmt.Errorf("GT3X: info.txt has no usable Sample Rate (%q; ActiGraph devices use 30 to %d Hz)", info["Sample Rate"], gt3xMaxRate)
	}
	raw.SampleRate = rate
	perSecond := int(rate)

	scale := 341.0
	if s := strings.ToUpper(raw.Serial); strings.HasPrefix(s, "MOS") {
		scale = 256
	}
	if v, ok := info["Acceleration Scale"]; ok {
		if f, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(v), ",", "."), 64); err == nil && f > 0 {
			scale = f
		}
	}
	loc := time.UTC
	if tz, ok := info["TimeZone"]; ok {
		if off, ok := parseGT3XZone(tz); ok {
			loc = time.FixedZone(zoneName(off), off)
		}
	}

	budget := gapLimit(fileBytes, rate)

	// wGT3X-BT firmware 1.6.0 rotates the axes 90 degrees about Z; the
	// format description gives the correction.
	rotated := strings.HasPrefix(strings.ToUpper(raw.Serial), "MOS") && strings.TrimSpace(info["Firmware"]) == "1.6.0"
	if rotated {
		raw.Report.Add("axes_rotated", "info.txt", "wGT3X-BT firmware 1.6.0 swaps the X and Y axes; corrected (x = y, y = -x)")
	}

	br := bufio.NewReaderSize(io.LimitReader(log, maxFileSize), 256<<10)

	var (
		hdr        [8]byte
		payload    []byte
		offset     int64
		started    bool
		firstSec   int64
		nextSec    int64 // Unix second the next sample slot belongs to
		last       [3]float32
		haveLast   bool
		scaleFixed bool
		nProblems  int
		more       int
		lastLux    float32
		invented   int64
	)
	problem := func(code, where, format string, args ...any) {
		if nProblems >= cwaMaxProblems {
			more++
			return
		}
		nProblems++
		raw.Report.Add(code, where, format, args...)
	}
	var appended [3]float32 // the last sample appended
	appendSample := func(v [3]float32) {
		if rotated {
			v[0], v[1] = v[1], -v[0]
		}
		e.add(v[0], v[1], v[2])
		appended = v
	}
	for {
		if e.err != nil {
			return nil, e.err
		}
		c, err := br.ReadByte()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("GT3X: log.bin at offset %d: %w", offset, err)
		}
		if c != 0x1e {
			// Stray bytes (zeros happen between records, per the format
			// description): skip to the next separator.
			from := offset
			nonZero := c != 0
			offset++
			for {
				c, err = br.ReadByte()
				if err != nil || c == 0x1e {
					break
				}
				nonZero = nonZero || c != 0
				offset++
			}
			if nonZero {
				problem("stray_bytes", fmt.Sprintf("offset %d", from), "%d bytes that are no record skipped", offset-from)
			}
			if err != nil {
				break
			}
		}
		recOffset := offset
		hdr[0] = c
		if _, err := io.ReadFull(br, hdr[1:]); err != nil {
			problem("truncated", fmt.Sprintf("offset %d", recOffset), "log.bin ends inside a record header")
			break
		}
		typ := hdr[1]
		ts := int64(binary.LittleEndian.Uint32(hdr[2:]))
		sz := int(binary.LittleEndian.Uint16(hdr[6:]))
		if cap(payload) < sz+1 {
			payload = make([]byte, sz+1)
		}
		payload = payload[:sz+1]
		if _, err := io.ReadFull(br, payload); err != nil {
			problem("truncated", fmt.Sprintf("offset %d", recOffset), "log.bin ends inside a record (type 0x%02x, %d bytes)", typ, sz)
			break
		}
		offset += int64(9 + sz)
		sum := byte(0)
		for _, b := range hdr {
			sum ^= b
		}
		for _, b := range payload[:sz] {
			sum ^= b
		}
		corrupt := ^sum != payload[sz]
		if corrupt {
			// A damaged activity record still marks its second when its
			// timestamp fits the sequence; that second is left missing.
			if (typ == gt3xActivity || typ == gt3xActivity2) && sz > 1 && (!started || ts >= nextSec && ts-nextSec <= 60) {
				problem("corrupt_record", fmt.Sprintf("offset %d", recOffset), "activity record for %s has a bad checksum; its second is left missing", time.Unix(ts, 0).UTC().Format("2006-01-02 15:04:05"))
			} else {
				problem("corrupt_record", fmt.Sprintf("offset %d", recOffset), "record type 0x%02x has a bad checksum; skipped", typ)
				continue
			}
		}
		data := payload[:sz]
		switch typ {
		case gt3xParameters:
			if f, ok := gt3xAccelScale(data); ok && !scaleFixed {
				scale = f
			}
			continue
		case gt3xLux:
			// A reading belongs to a second already read; others (before
			// the first sample, or with a broken stamp) are ignored.
			idx := (ts - firstSec) * int64(perSecond)
			if len(data) >= 2 && started && idx >= 0 && idx <= e.count() && (len(raw.Light) == 0 || int(idx) >= raw.Light[len(raw.Light)-1].Index) {
				v := float32(binary.LittleEndian.Uint16(data))
				if len(raw.Light) == 0 || v != lastLux {
					raw.Light = append(raw.Light, Reading{Index: int(idx), Value: v})
					lastLux = v
				}
			}
			continue
		case gt3xActivity, gt3xActivity2:
		default:
			continue
		}
		if sz == 1 {
			continue // USB connection marker, not samples
		}
		scaleFixed = true
		if !started {
			started = true
			firstSec = ts
			nextSec = ts
			raw.Start = time.Unix(ts, 0).In(time.UTC)
			raw.Start = time.Date(raw.Start.Year(), raw.Start.Month(), raw.Start.Day(), raw.Start.Hour(), raw.Start.Minute(), raw.Start.Second(), 0, loc)
		}
		where := fmt.Sprintf("offset %d", recOffset)
		if ts < nextSec {
			problem("time_backwards", where, "activity record for %s repeats or precedes a second already read; skipped", time.Unix(ts, 0).UTC().Format("2006-01-02 15:04:05"))
			continue
		}
		if gap := ts - nextSec; gap > 0 {
			// Idle sleep may last hours (a device on a table overnight);
			// the budget is what the file's bytes can account for.
			if gap > gt3xMaxGapSeconds || invented+gap*int64(perSecond) > budget || e.full(gap*int64(perSecond)) {
				problem("corrupt_record", where, "activity record dated %s lies %d s after the previous one, more than the file can account for; skipped", time.Unix(ts, 0).UTC().Format("2006-01-02 15:04:05"), gap)
				continue
			}
			invented += gap * int64(perSecond)
			if haveLast {
				for i := int64(0); i < gap*int64(perSecond); i++ {
					appendSample(last)
				}
				problem("idle_sleep", where, "%d s without activity records before %s (idle sleep mode); filled with the last sample", gap, time.Unix(ts, 0).UTC().Format("15:04:05"))
			} else {
				e.gap(gap * int64(perSecond))
			}
		}
		nextSec = ts + 1
		if e.full(int64(perSecond)) {
			return nil, fmt.Errorf("GT3X: %w", errTooManySamples(rate))
		}
		if corrupt {
			e.gap(int64(perSecond))
			continue
		}
		var got int
		if typ == gt3xActivity {
			got = decodeGT3XActivity(data, perSecond, scale, appendSample)
		} else {
			got = decodeGT3XActivity2(data, perSecond, scale, appendSample)
		}
		if got > 0 {
			last = appended
			haveLast = true
		}
		if got < perSecond {
			if haveLast {
				for i := got; i < perSecond; i++ {
					appendSample(last)
				}
			} else {
				e.gap(int64(perSecond - got))
			}
			problem("short_record", where, "activity record holds %d of %d samples; completed with the last sample", got, perSecond)
		}
	}
	if more > 0 {
		raw.Report.Add("more_problems", "file", "%d further problems not listed", more)
	}
	if !started {
		return nil, errors.New("GT3X: log.bin holds no activity records")
	}
	return e.done(raw, nil)
}

// round3 rounds to three decimals, as the GT3X format description prescribes.
func round3(v float64) float32 {
	return float32(math.Round(v*1000) / 1000)
}

// decodeGT3XActivity unpacks up to max 12-bit samples stored y,x,z
// (big-endian nibbles, 36 bits per sample); it returns how many it decoded.
func decodeGT3XActivity(data []byte, max int, scale float64, emit func([3]float32)) int {
	bits := len(data) * 8
	n := bits / 36
	if n > max {
		n = max
	}
	get := func(k int) int { // k-th 12-bit value
		bit := k * 12
		byteI := bit / 8
		var v int
		if bit%8 == 0 {
			v = int(data[byteI])<<4 | int(data[byteI+1])>>4
		} else {
			v = int(data[byteI]&0x0f)<<8 | int(data[byteI+1])
		}
		if v&0x800 != 0 {
			v -= 0x1000
		}
		return v
	}
	for i := 0; i < n; i++ {
		y := get(3 * i)
		x := get(3*i + 1)
		z := get(3*i + 2)
		emit([3]float32{round3(float64(x) / scale), round3(float64(y) / scale), round3(float64(z) / scale)})
	}
	return n
}

// decodeGT3XActivity2 reads up to max samples of little-endian int16 x,y,z.
func decodeGT3XActivity2(data []byte, max int, scale float64, emit func([3]float32)) int {
	n := len(data) / 6
	if n > max {
		n = max
	}
	for i := 0; i < n; i++ {
		p := data[6*i:]
		x := int16(binary.LittleEndian.Uint16(p))
		y := int16(binary.LittleEndian.Uint16(p[2:]))
		z := int16(binary.LittleEndian.Uint16(p[4:]))
		emit([3]float32{round3(float64(x) / scale), round3(float64(y) / scale), round3(float64(z) / scale)})
	}
	return n
}

// gt3xAccelScale finds ACCEL_SCALE (address space 0, identifier 55) in a
// PARAMETERS payload of 8-byte key/value pairs.
func gt3xAccelScale(data []byte) (float64, bool) {
	for i := 0; i+8 <= len(data); i += 8 {
		space := binary.LittleEndian.Uint16(data[i:])
		id := binary.LittleEndian.Uint16(data[i+2:])
		if space == 0 && id == 55 {
			f := gt3xFloat(binary.LittleEndian.Uint32(data[i+4:]))
			if f > 0 && f < 1e6 {
				return f, true
			}
		}
	}
	return 0, false
}

// gt3xFloat decodes the PARAMETERS float: a 24-bit two's-complement fraction
// (2^23 times the mantissa) and an 8-bit two's-complement binary exponent.
func gt3xFloat(v uint32) float64 {
	if v == 0x007fffff {
		return math.MaxFloat64
	}
	if v == 0x00800000 {
		return -math.MaxFloat64
	}
	exp := int(int8(v >> 24))
	frac := int32(v<<8) >> 8
	return float64(frac) / 8388608 * math.Pow(2, float64(exp))
}

// readGT3XInfo reads info.txt's "Key: value" lines.
func readGT3XInfo(f *zip.File) (map[string]string, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("GT3X: info.txt: %w", err)
	}
	defer rc.Close()
	info := map[string]string{}
	sc := bufio.NewScanner(io.LimitReader(rc, 1<<20))
	for sc.Scan() {
		line := strings.TrimPrefix(sc.Text(), "\ufeff")
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		info[strings.TrimSpace(k)] = strings.TrimSpace(v)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("GT3X: info.txt: %w", err)
	}
	return info, nil
}

// parseGT3XZone reads an info.txt TimeZone such as "02:00:00" or "-05:00:00"
// into seconds east of UTC.
func parseGT3XZone(s string) (int, bool) {
	s = strings.TrimSpace(s)
	sign := 1
	if strings.HasPrefix(s, "-") {
		sign = -1
		s = s[1:]
	} else {
		s = strings.TrimPrefix(s, "+")
	}
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, false
	}
	var vals [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 {
			return 0, false
		}
		vals[i] = v
	}
	off := sign * (vals[0]*3600 + vals[1]*60 + vals[2])
	if off < -14*3600 || off > 14*3600 {
		return 0, false
	}
	return off, true
}

// zoneName formats an offset like "+02:00" for a time.FixedZone.
func zoneName(off int) string {
	sign := '+'
	if off < 0 {
		sign = '-'
		off = -off
	}
	return fmt.Sprintf("%c%02d:%02d", sign, off/3600, off%3600/60)
}
