package devicefile

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// epochCSVMaxLine bounds one CSV line; an epoch row is a few hundred bytes,
// so a longer line means the file is not a CSV of epochs.
const epochCSVMaxLine = 64 << 10

// csvLines reads a comma-separated file line by line: a UTF-8 byte-order
// mark and \r\n line ends are accepted (DESIGN §4), blank lines are
// skipped, cells are trimmed of spaces and of one pair of surrounding
// double quotes. The epoch formats hold no commas inside cells, so no
// further quoting rules are needed.
type csvLines struct {
	sc   *bufio.Scanner
	line int
	buf  []string
}

func newCSVLines(r io.Reader) *csvLines {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), epochCSVMaxLine)
	return &csvLines{sc: sc}
}

// next returns the cells of the next non-blank line and its 1-based line
// number in the file, or io.EOF.
func (c *csvLines) next() ([]string, int, error) {
	for c.sc.Scan() {
		c.line++
		b := c.sc.Bytes()
		if c.line == 1 {
			b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
		}
		b = bytes.TrimRight(b, "\r")
		if len(bytes.TrimSpace(b)) == 0 {
			continue
		}
		c.buf = c.buf[:0]
		rest := string(b) // one allocation per line; the cells share it
		for {
			f := rest
			comma := strings.IndexByte(rest, ',')
			if comma >= 0 {
				f, rest = rest[:comma], rest[comma+1:]
			}
			f = strings.TrimSpace(f)
			if len(f) >= 2 && f[0] == '"' && f[len(f)-1] == '"' {
				f = f[1 : len(f)-1]
			}
			c.buf = append(c.buf, f)
			if comma < 0 {
				break
			}
		}
		return c.buf, c.line, nil
	}
	if err := c.sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, c.line + 1, fmt.Errorf("row %d: line longer than %d bytes: not a CSV of epochs", c.line+1, epochCSVMaxLine)
		}
		return nil, c.line, err
	}
	return nil, c.line, io.EOF
}

// rowName names a line for a Problem. It is a lazy string so that good
// rows, the vast majority, cost no formatting.
type rowName int

func (r rowName) String() string { return "row " + strconv.Itoa(int(r)) }

// parseEpochTime parses an RFC 3339 timestamp. A "Z" timestamp is taken as
// the recording's clock time (the convention of ActiLife's exports); a
// numeric offset makes it an instant, returned in UTC with zoned set.
func parseEpochTime(s string) (t time.Time, zoned bool, err error) {
	t, err = time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("timestamp %q is not RFC 3339 (2006-01-02T15:04:05Z)", s)
	}
	if t.Year() < 1900 || t.Year() > 9999 {
		return time.Time{}, false, fmt.Errorf("timestamp %q is outside 1900-9999", s)
	}
	zoned = !strings.HasSuffix(s, "Z") && !strings.HasSuffix(s, "z")
	return t.UTC(), zoned, nil
}

// ReadEpochCSV reads a CSV of epochs with the header
// timestamp,axis1[,axis2,axis3,...] and RFC 3339 timestamps (the layout of
// ActiLife's CSV export). A wrong header, a read error or a file without
// a single good row is an error; a bad row (wrong number of cells, a bad
// timestamp, a value that is not a finite number, an activity count that
// is negative or more than a device can count in the epoch (see
// maxCountPerSecond), a duplicate or backward time) is skipped and named in the Report as
// "row N", N being the line number in the file (the header is row 1).
func ReadEpochCSV(r io.Reader) (*Epochs, error) {
	lines := newCSVLines(r)
	header, _, err := lines.next()
	if err == io.EOF {
		return nil, errors.New("empty file: expected the header timestamp,axis1[,axis2,...]")
	}
	if err != nil {
		return nil, err
	}
	if len(header) < 2 || !strings.EqualFold(header[0], "timestamp") || !strings.EqualFold(header[1], "axis1") {
		return nil, fmt.Errorf("row 1: header must start with timestamp,axis1, got %q", strings.Join(header, ","))
	}
	e := &Epochs{}
	seen := map[string]bool{}
	for i, h := range header[1:] {
		name := strings.ToLower(h)
		if name == "" || seen[name] {
			return nil, fmt.Errorf("row 1: column %d is empty or repeated (%q)", i+2, h)
		}
		seen[name] = true
		e.Columns = append(e.Columns, name)
	}
	e.Values = make([][]float64, len(e.Columns))
	sink := &problemSink{report: &e.Report}
	defer sink.finish()
	var order timeOrder
	vals := make([]float64, len(e.Columns))
	for {
		cells, line, err := lines.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		where := rowName(line)
		if len(cells) != len(header) {
			sink.add("field_count", where.String(), "%d cells, the header has %d", len(cells), len(header))
			e.Skipped++
			continue
		}
		t, zoned, err := parseEpochTime(cells[0])
		if err != nil {
			sink.add("bad_time", where.String(), "%v", err)
			e.Skipped++
			continue
		}
		bad := false
		for i, c := range cells[1:] {
			v, err := strconv.ParseFloat(c, 64)
			if err != nil || !finite(v) {
				sink.add("bad_value", where.String(), "%s %q is not a number", e.Columns[i], c)
				bad = true
				break
			}
			if isCountColumn(e.Columns[i]) {
				if what := implausibleCount(e.Columns[i], v, 0); what != "" {
					sink.addField("implausible_count", where.String(), e.Columns[i], "%s", what)
					bad = true
					break
				}
			}
			vals[i] = v
		}
		if bad {
			e.Skipped++
			continue
		}
		if ok, code := order.accept(t); !ok {
			sink.add(code, where.String(), "time %s does not follow %s", cells[0], order.last.Format(time.RFC3339Nano))
			e.Skipped++
			continue
		}
		if len(e.Times) >= maxEpochRows {
			return nil, errTooManyEpochs
		}
		e.Zoned = e.Zoned || zoned
		e.Times = append(e.Times, t)
		for i, v := range vals {
			e.Values[i] = append(e.Values[i], v)
		}
	}
	if len(e.Times) == 0 {
		if e.Skipped > 0 {
			return nil, fmt.Errorf("no usable epochs: all %d rows are bad (first: %s)", e.Skipped, e.Report.Problems[0])
		}
		return nil, errors.New("no epochs after the header")
	}
	e.EpochLength = order.minStep
	if e.EpochLength == 0 {
		e.EpochLength = time.Minute // a single row: ActiLife's default epoch for sleep
	}
	e.dropImplausibleCounts(sink)
	if len(e.Times) == 0 {
		return nil, fmt.Errorf("no usable epochs: all %d rows are bad (first: %s)", e.Skipped, e.Report.Problems[0])
	}
	return e, nil
}
