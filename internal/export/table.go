// Package export writes tables and simple documents in the formats people
// take out of Volwaardig (DESIGN §3 "Exports"): CSV for Dutch spreadsheet
// programs, XLSX, and PDF for print. The accessible version of every report
// stays its HTML page; these writers only serve download and print.
//
// The writers are generic: a module turns its data into a Table or a
// Document and picks a format; none of them knows about clients or audits.
package export

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/web"
)

// Table is a header and rows of cells, the one shape every table export
// takes. Cells may be nil, string, any integer type, float32/float64, bool,
// time.Time (a moment, shown in Europe/Amsterdam), Date (a calendar day) or
// anything with a String method; so that XLSX can keep numbers and dates as
// numbers and dates while CSV and PDF print them the Dutch way.
type Table struct {
	// Name is the XLSX sheet name and the PDF caption; may be empty.
	Name   string
	Header []string
	Rows   [][]any
}

// Date is a calendar day without a time (a birth date, a start date). Its
// own year, month and day are printed, without any zone conversion, so a
// date never shifts a day when the server runs in another zone.
type Date time.Time

// FormatCell renders one cell as Dutch text: decimal comma without
// thousands separators (so a spreadsheet reads it back as a number),
// dd-mm-jjjj for dates, dd-mm-jjjj hh:mm for moments in Europe/Amsterdam,
// ja/nee for booleans and the empty string for nil.
func FormatCell(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case int:
		return strconv.FormatInt(int64(x), 10)
	case int8:
		return strconv.FormatInt(int64(x), 10)
	case int16:
		return strconv.FormatInt(int64(x), 10)
	case int32:
		return strconv.FormatInt(int64(x), 10)
	case int64:
		return strconv.FormatInt(x, 10)
	case uint:
		return strconv.FormatUint(uint64(x), 10)
	case uint8:
		return strconv.FormatUint(uint64(x), 10)
	case uint16:
		return strconv.FormatUint(uint64(x), 10)
	case uint32:
		return strconv.FormatUint(uint64(x), 10)
	case uint64:
		return strconv.FormatUint(x, 10)
	case float32:
		return formatFloat(float64(x), 32)
	case float64:
		return formatFloat(x, 64)
	case bool:
		if x {
			return "ja"
		}
		return "nee"
	case Date:
		t := time.Time(x)
		if t.IsZero() {
			return ""
		}
		return t.Format("02-01-2006")
	case time.Time:
		if x.IsZero() {
			return ""
		}
		return x.In(web.Amsterdam()).Format("02-01-2006 15:04")
	case fmt.Stringer:
		return x.String()
	}
	return fmt.Sprint(v)
}

func formatFloat(x float64, bits int) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ""
	}
	return strings.Replace(strconv.FormatFloat(x, 'f', -1, bits), ".", ",", 1)
}

// isNumber reports whether v is a numeric cell, which is written as a
// number and therefore needs no formula guard even when negative.
func isNumber(v any) bool {
	switch v.(type) {
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, float32, float64:
		return true
	}
	return false
}
