package export

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/volwaardig/volwaardig/internal/web"
)

// WriteXLSX writes one or more tables as an XLSX workbook, one sheet each.
// Numbers stay numbers and dates stay dates (shown dd-mm-jjjj, moments in
// Europe/Amsterdam wall-clock time since Excel has no zones). Text is
// stored as text, never as a formula, so XLSX needs no formula guard: a
// cell "=1+1" reads back as the text "=1+1". The header row is bold and
// frozen.
func WriteXLSX(w io.Writer, tables ...Table) (err error) {
	if len(tables) == 0 {
		tables = []Table{{}}
	}
	f := excelize.NewFile()
	// Close removes excelize's temporary files; a failure there is the
	// caller's to know as well.
	defer func() { err = errors.Join(err, f.Close()) }()
	styles, err := newXLSXStyles(f)
	if err != nil {
		return err
	}
	used := map[string]bool{}
	for i, t := range tables {
		name := uniqueSheetName(sheetName(t.Name, i), used)
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return fmt.Errorf("xlsx sheet name: %w", err)
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return fmt.Errorf("xlsx new sheet: %w", err)
		}
		if err := writeSheet(f, name, t, styles); err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)
	return f.Write(w)
}

type xlsxStyles struct{ header, date, moment int }

func newXLSXStyles(f *excelize.File) (xlsxStyles, error) {
	var s xlsxStyles
	var err error
	if s.header, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}}); err != nil {
		return s, err
	}
	dd := "dd-mm-yyyy"
	if s.date, err = f.NewStyle(&excelize.Style{CustomNumFmt: &dd}); err != nil {
		return s, err
	}
	dt := "dd-mm-yyyy hh:mm"
	if s.moment, err = f.NewStyle(&excelize.Style{CustomNumFmt: &dt}); err != nil {
		return s, err
	}
	return s, nil
}

func writeSheet(f *excelize.File, name string, t Table, st xlsxStyles) error {
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	for col, width := range columnWidths(t) {
		if err := sw.SetColWidth(col+1, col+1, width); err != nil {
			return err
		}
	}
	row := 1
	if len(t.Header) > 0 {
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return err
		}
		cells := make([]any, len(t.Header))
		for i, h := range t.Header {
			cells[i] = excelize.Cell{StyleID: st.header, Value: h}
		}
		if err := sw.SetRow("A1", cells); err != nil {
			return err
		}
		row++
	}
	for _, r := range t.Rows {
		cells := make([]any, len(r))
		for i, v := range r {
			cells[i] = xlsxCell(v, st)
		}
		ref, err := excelize.CoordinatesToCellName(1, row)
		if err != nil {
			return err
		}
		if err := sw.SetRow(ref, cells); err != nil {
			return err
		}
		row++
	}
	return sw.Flush()
}

func xlsxCell(v any, st xlsxStyles) any {
	switch x := v.(type) {
	case nil:
		return nil
	case string, bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, float32, float64:
		return x
	case Date:
		t := time.Time(x)
		if t.IsZero() {
			return nil
		}
		y, m, d := t.Date()
		return excelize.Cell{StyleID: st.date, Value: time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
	case time.Time:
		if x.IsZero() {
			return nil
		}
		// Excel has no zones: store the Amsterdam wall-clock time.
		a := x.In(web.Amsterdam())
		wall := time.Date(a.Year(), a.Month(), a.Day(), a.Hour(), a.Minute(), a.Second(), 0, time.UTC)
		return excelize.Cell{StyleID: st.moment, Value: wall}
	}
	return FormatCell(v)
}

// columnWidths estimates each column's width in characters from the header
// and the first rows, so the sheet opens readable without resizing.
func columnWidths(t Table) []float64 {
	n := len(t.Header)
	for _, r := range t.Rows {
		n = max(n, len(r))
	}
	w := make([]float64, n)
	measure := func(i int, s string) {
		if l := float64(utf8.RuneCountInString(s)) + 2; l > w[i] {
			w[i] = l
		}
	}
	for i, h := range t.Header {
		measure(i, h)
	}
	for ri, r := range t.Rows {
		if ri >= 200 {
			break
		}
		for i, v := range r {
			measure(i, FormatCell(v))
		}
	}
	for i := range w {
		w[i] = min(max(w[i], 8), 60)
	}
	return w
}

// sheetName turns a table name into a valid sheet name: Excel allows at most
// 31 characters and none of : \ / ? * [ ].
func sheetName(name string, i int) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) || r < 0x20 {
			return '-'
		}
		return r
	}, strings.TrimSpace(name))
	name = strings.Trim(name, "'")
	if name == "" {
		name = fmt.Sprintf("Blad%d", i+1)
	}
	if utf8.RuneCountInString(name) > 31 {
		name = string([]rune(name)[:31])
	}
	return name
}

func uniqueSheetName(name string, used map[string]bool) string {
	base := name
	for n := 2; used[strings.ToLower(name)]; n++ {
		suffix := fmt.Sprintf(" (%d)", n)
		r := []rune(base)
		if len(r)+len(suffix) > 31 {
			r = r[:31-len(suffix)]
		}
		name = string(r) + suffix
	}
	used[strings.ToLower(name)] = true
	return name
}
