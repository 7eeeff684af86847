package export

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

func TestWriteXLSXRoundTrip(t *testing.T) {
	tbl := Table{
		Name:   "Cliënten: overzicht/2026",
		Header: []string{"Naam", "Geboren", "Aantal", "Bedrag", "Actief", "Bijgewerkt"},
		Rows: [][]any{
			{"Zoë Ëlberg", Date(time.Date(1990, 2, 1, 0, 0, 0, 0, time.UTC)), 3, 12.5, true, time.Date(2026, 7, 1, 22, 30, 0, 0, time.UTC)},
			{"=1+1", nil, -4, -0.25, false, nil},
		},
	}
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, tbl, Table{Name: "Cliënten: overzicht/2026", Header: []string{"x"}}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatalf("excelize cannot read our file: %v", err)
	}
	defer func() {
		if err := f.Close(); err != nil {
			t.Error(err)
		}
	}()
	sheets := f.GetSheetList()
	if len(sheets) != 2 {
		t.Fatalf("sheets = %q, want 2", sheets)
	}
	if sheets[0] != "Cliënten- overzicht-2026" {
		t.Errorf("sheet name = %q", sheets[0])
	}
	if sheets[1] == sheets[0] || len([]rune(sheets[1])) > 31 {
		t.Errorf("second sheet name %q must be unique and ≤31 characters", sheets[1])
	}
	s := sheets[0]
	get := func(cell string) string {
		v, err := f.GetCellValue(s, cell, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	checks := map[string]string{
		"A1": "Naam", "F1": "Bijgewerkt",
		"A2": "Zoë Ëlberg", "C2": "3", "D2": "12.5", "E2": "1",
		"A3": "=1+1", "C3": "-4", "D3": "-0.25", "E3": "0", "B3": "",
	}
	for cell, want := range checks {
		if got := get(cell); got != want {
			t.Errorf("%s = %q, want %q", cell, got, want)
		}
	}
	if formula, _ := f.GetCellFormula(s, "A3"); formula != "" {
		t.Errorf("text cell became a formula: %q", formula)
	}
	// Numbers are stored as numbers (no type attribute or "n"), text as
	// inline text and booleans as booleans.
	for cell, want := range map[string][]excelize.CellType{
		"C2": {excelize.CellTypeUnset, excelize.CellTypeNumber},
		"D3": {excelize.CellTypeUnset, excelize.CellTypeNumber},
		"A2": {excelize.CellTypeInlineString},
		"A3": {excelize.CellTypeInlineString},
		"E2": {excelize.CellTypeBool},
	} {
		typ, err := f.GetCellType(s, cell)
		if err != nil || !slices.Contains(want, typ) {
			t.Errorf("%s type = %v (%v), want one of %v", cell, typ, err, want)
		}
	}
	// Dates read back as dates in their display format; the moment is shown
	// in Amsterdam wall-clock time.
	if v, _ := f.GetCellValue(s, "B2"); v != "01-02-1990" {
		t.Errorf("B2 formatted = %q, want 01-02-1990", v)
	}
	if v, _ := f.GetCellValue(s, "F2"); v != "02-07-2026 00:30" {
		t.Errorf("F2 formatted = %q, want 02-07-2026 00:30", v)
	}
	if raw := get("B2"); strings.Contains(raw, "-") || raw == "" {
		t.Errorf("B2 raw = %q, want an Excel serial number", raw)
	}
	panes, err := f.GetPanes(s)
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("header row not frozen: %+v %v", panes, err)
	}
}

func TestSheetName(t *testing.T) {
	cases := []struct {
		in   string
		i    int
		want string
	}{
		{"", 0, "Blad1"},
		{"  ", 2, "Blad3"},
		{"a/b\\c?d*e[f]g:h", 0, "a-b-c-d-e-f-g-h"},
		{"'quoted'", 0, "quoted"},
		{strings.Repeat("é", 40), 0, strings.Repeat("é", 31)},
	}
	for _, c := range cases {
		if got := sheetName(c.in, c.i); got != c.want {
			t.Errorf("sheetName(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	used := map[string]bool{}
	a := uniqueSheetName(strings.Repeat("x", 31), used)
	b := uniqueSheetName(strings.Repeat("X", 31), used)
	if a == b || len(b) > 31 {
		t.Errorf("unique names %q %q", a, b)
	}
}

func TestWriteXLSXEmptyAndRagged(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteXLSX(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.GetSheetList(); len(got) != 1 || got[0] != "Blad1" {
		t.Errorf("empty workbook sheets %q", got)
	}
	if err := f.Close(); err != nil {
		t.Error(err)
	}
	buf.Reset()
	// Rows longer than the header keep their extra cells.
	if err := WriteXLSX(&buf, Table{Header: []string{"a"}, Rows: [][]any{{1, "extra", 2.5}}}); err != nil {
		t.Fatal(err)
	}
	f, _ = excelize.OpenReader(&buf)
	defer func() {
		if err := f.Close(); err != nil {
			t.Error(err)
		}
	}()
	rows, _ := f.GetRows("Blad1")
	if len(rows) != 2 || len(rows[1]) != 3 || rows[1][1] != "extra" {
		t.Errorf("rows %q", rows)
	}
}
