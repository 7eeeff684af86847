package devicefile

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// BedEpochs is a recording of a bed (mattress) sensor: per epoch the
// movement level, heart and breathing rate and whether someone is in bed.
// A value the sensor did not give is NaN (InBed: -1), never zero, so an
// empty bed is not mistaken for a very calm sleeper.
type BedEpochs struct {
	EpochLength   time.Duration // smallest step between rows; 0 for one row
	Times         []time.Time   // as in Epochs: clock time labelled UTC, or UTC instants when Zoned
	Zoned         bool
	Movement      []float64 // 0-100
	HeartRate     []float64 // beats per minute
	BreathingRate []float64 // breaths per minute
	InBed         []int8    // 1 in bed, 0 not, -1 unknown
	Skipped       int
	Report        Report
}

// Len is the number of epochs read.
func (b *BedEpochs) Len() int { return len(b.Times) }

// Plausible ranges of the bed sensor values: outside them a value is a
// sensor or export fault, and the row is reported rather than scored.
const (
	bedMaxHeartRate     = 300
	bedMaxBreathingRate = 100
)

var bedColumns = []string{"timestamp", "movement", "heart_rate", "breathing_rate", "in_bed"}

// ReadBedCSV reads a bed-sensor CSV with the header
// timestamp,movement,heart_rate,breathing_rate,in_bed (DESIGN §4; the
// columns may stand in any order). Cells may be empty where the sensor
// gives nothing, except the timestamp. A row with a bad timestamp, a value
// out of range (movement 0-100, heart rate 0-300, breathing rate 0-100,
// in_bed 0 or 1), the wrong number of cells, or a duplicate or backward
// time is skipped and named in the Report as "row N" (the header is row 1).
func ReadBedCSV(r io.Reader) (*BedEpochs, error) {
	lines := newCSVLines(r)
	header, _, err := lines.next()
	if err == io.EOF {
		return nil, errors.New("empty file: expected the header " + strings.Join(bedColumns, ","))
	}
	if err != nil {
		return nil, err
	}
	pos := map[string]int{}
	for i, h := range header {
		pos[strings.ToLower(h)] = i
	}
	for _, c := range bedColumns {
		if _, ok := pos[c]; !ok || len(header) != len(bedColumns) {
			return nil, fmt.Errorf("row 1: header must be %s, got %q", strings.Join(bedColumns, ","), strings.Join(header, ","))
		}
	}
	b := &BedEpochs{}
	sink := &problemSink{report: &b.Report}
	defer sink.finish()
	var order timeOrder
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
			b.Skipped++
			continue
		}
		t, zoned, err := parseEpochTime(cells[pos["timestamp"]])
		if err != nil {
			sink.add("bad_time", where.String(), "%v", err)
			b.Skipped++
			continue
		}
		var vals [3]float64
		var inBed int8 = -1
		bad := ""
		for k, spec := range []struct {
			col string
			max float64
		}{{"movement", 100}, {"heart_rate", bedMaxHeartRate}, {"breathing_rate", bedMaxBreathingRate}} {
			c := cells[pos[spec.col]]
			if c == "" {
				vals[k] = math.NaN()
				continue
			}
			v, err := strconv.ParseFloat(c, 64)
			if err != nil || !finite(v) || v < 0 || v > spec.max {
				bad = fmt.Sprintf("%s %q is not a number from 0 to %v", spec.col, c, spec.max)
				break
			}
			vals[k] = v
		}
		if bad == "" {
			switch c := cells[pos["in_bed"]]; c {
			case "":
			case "0":
				inBed = 0
			case "1":
				inBed = 1
			default:
				bad = fmt.Sprintf("in_bed %q is not 0 or 1", c)
			}
		}
		if bad != "" {
			sink.add("bad_value", where.String(), "%s", bad)
			b.Skipped++
			continue
		}
		if ok, code := order.accept(t); !ok {
			sink.add(code, where.String(), "time %s does not follow %s", cells[pos["timestamp"]], order.last.Format(time.RFC3339Nano))
			b.Skipped++
			continue
		}
		b.Zoned = b.Zoned || zoned
		if len(b.Times) >= maxEpochRows {
			return nil, errTooManyEpochs
		}
		b.Times = append(b.Times, t)
		b.Movement = append(b.Movement, vals[0])
		b.HeartRate = append(b.HeartRate, vals[1])
		b.BreathingRate = append(b.BreathingRate, vals[2])
		b.InBed = append(b.InBed, inBed)
	}
	if len(b.Times) == 0 {
		if b.Skipped > 0 {
			return nil, fmt.Errorf("no usable epochs: all %d rows are bad (first: %s)", b.Skipped, b.Report.Problems[0])
		}
		return nil, errors.New("no epochs after the header")
	}
	b.EpochLength = order.minStep
	return b, nil
}
