package placement

import (
	"archive/zip"
	"bufio"
	"bytes"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
)

// xlsxWithSheet is a valid workbook whose first sheet's XML is replaced
// by sheet, as an uploader could craft one.
func xlsxWithSheet(t testing.TB, sheet func(w *bufio.Writer)) []byte {
	t.Helper()
	base := xlsxList(t, [][]any{{"1", "ZK11", "VG7", "actief", "01-01-2026", "nee"}})
	zr, err := zip.NewReader(bytes.NewReader(base), int64(len(base)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(f.Name, "xl/worksheets/sheet") {
			bw := bufio.NewWriter(w)
			sheet(bw)
			if err := bw.Flush(); err != nil {
				t.Fatal(err)
			}
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(w, rc); err != nil {
			t.Fatal(err)
		}
		rc.Close()
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

const xlsxSheetHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`

// TestParseImportXLSXBounds: a small workbook could make the import
// allocate without bound (the same fault as issue 9, finding 1, in the
// placement list import). A cell in column XFD on each row made every row
// 16,384 cells (an 8 KB upload allocated 568 MB); and a sheet that unpacks
// to gigabytes was unpacked (excelize's default limit is 16 GB). Both are
// refused now, with a Dutch message, allocating little.
func TestParseImportXLSXBounds(t *testing.T) {
	wide := xlsxWithSheet(t, func(w *bufio.Writer) {
		w.WriteString(xlsxSheetHead)
		for r := 1; r <= 500; r++ {
			fmt.Fprintf(w, `<row r="%d"><c r="XFD%d" t="inlineStr"><is><t>x</t></is></c></row>`, r, r)
		}
		w.WriteString(`</sheetData></worksheet>`)
	})
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := ParseImportXLSX(wide)
	runtime.ReadMemStats(&after)
	if err == nil || !strings.Contains(err.Error(), "kolommen") {
		t.Errorf("rows of 16,384 cells: err = %v", err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 32<<20 {
		t.Errorf("a %d-byte workbook allocated %d MB", len(wide), alloc>>20)
	}

	bomb := xlsxWithSheet(t, func(w *bufio.Writer) {
		w.WriteString(xlsxSheetHead)
		pad := bytes.Repeat([]byte(" "), 1<<20)
		for range 40 {
			w.Write(pad)
		}
		w.WriteString(`</sheetData></worksheet>`)
	})
	if len(bomb) > 1<<20 {
		t.Fatalf("bomb is %d bytes", len(bomb))
	}
	if _, err := ParseImportXLSX(bomb); err == nil || !strings.Contains(err.Error(), "pakt uit tot meer dan") {
		t.Errorf("a sheet of 40 MB: err = %v", err)
	}

	// A CSV line of a million cells is refused by the same bound.
	line := "client_id;regio;zorgprofiel;wachtstatus;aangemeld\n" + strings.Repeat(";", 1<<20) + "\n"
	if _, err := ParseImportCSV([]byte(line)); err == nil || !strings.Contains(err.Error(), "kolommen") {
		t.Errorf("a CSV line of a million cells: err = %v", err)
	}
}
