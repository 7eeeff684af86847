package export

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/web"
)

func TestSafeCell(t *testing.T) {
	cases := []struct{ in, want string }{
		{"", ""},
		{"gewoon", "gewoon"},
		{"=1+1", "'=1+1"},
		{"=HYPERLINK(\"http://x\";\"klik\")", "'=HYPERLINK(\"http://x\";\"klik\")"},
		{"+31 6 1234", "'+31 6 1234"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1:A2)", "'@SUM(A1:A2)"},
		{"\t=1+1", "'\t=1+1"},
		{"\r=1+1", "'\r=1+1"},
		{"＝1+1", "'＝1+1"},
		{"a=1", "a=1"},
		{" =1", " =1"},
		{"'al veilig", "'al veilig"},
		{"é=", "é="},
	}
	for _, c := range cases {
		if got := SafeCell(c.in); got != c.want {
			t.Errorf("SafeCell(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestFormatCell(t *testing.T) {
	ams := web.Amsterdam()
	cases := []struct {
		in   any
		want string
	}{
		{nil, ""},
		{"tekst", "tekst"},
		{42, "42"},
		{int64(-7), "-7"},
		{uint8(3), "3"},
		{3.5, "3,5"},
		{float32(0.25), "0,25"},
		{-1234.5, "-1234,5"},
		{true, "ja"},
		{false, "nee"},
		{Date(time.Date(1990, 2, 1, 0, 0, 0, 0, time.UTC)), "01-02-1990"},
		{Date(time.Time{}), ""},
		// 22:30 UTC in summer is 00:30 the next day in Amsterdam.
		{time.Date(2026, 7, 1, 22, 30, 0, 0, time.UTC), "02-07-2026 00:30"},
		{time.Date(2026, 1, 1, 12, 0, 0, 0, ams), "01-01-2026 12:00"},
		{time.Time{}, ""},
		{time.Duration(90) * time.Second, "1m30s"},
	}
	for _, c := range cases {
		if got := FormatCell(c.in); got != c.want {
			t.Errorf("FormatCell(%#v) = %q, want %q", c.in, got, c.want)
		}
	}
}

func readBack(t *testing.T, b []byte) [][]string {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) {
		t.Fatalf("CSV does not start with a UTF-8 BOM: % x", b[:min(len(b), 8)])
	}
	r := csv.NewReader(bytes.NewReader(b[3:]))
	r.Comma = ';'
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("read back CSV: %v", err)
	}
	return recs
}

func TestWriteCSVRoundTrip(t *testing.T) {
	tbl := Table{
		Header: []string{"Naam", "Geboortedatum", "Bedrag (€)", "Opmerking"},
		Rows: [][]any{
			{"Anaïs Çelik-de Vries", Date(time.Date(2001, 12, 31, 0, 0, 0, 0, time.UTC)), 1234.56, "zegt: \"goed\"; slaapt slecht"},
			{"=cmd|' /C calc'!A0", nil, -5, "regel 1\nregel 2"},
			{"@risico", Date{}, 0.5, "-- streepjes"},
			{"+aanval", nil, int64(7), "\tverborgen"},
		},
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, tbl); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "\r\n") {
		t.Error("expected CRLF line ends")
	}
	got := readBack(t, buf.Bytes())
	want := [][]string{
		{"Naam", "Geboortedatum", "Bedrag (€)", "Opmerking"},
		{"Anaïs Çelik-de Vries", "31-12-2001", "1234,56", "zegt: \"goed\"; slaapt slecht"},
		{"'=cmd|' /C calc'!A0", "", "-5", "regel 1\nregel 2"},
		{"'@risico", "", "0,5", "'-- streepjes"},
		{"'+aanval", "", "7", "'\tverborgen"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d records, want %d: %q", len(got), len(want), got)
	}
	for i := range want {
		if strings.Join(got[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("record %d = %q, want %q", i, got[i], want[i])
		}
	}
}

func TestWriteCSVNoCellStartsDangerous(t *testing.T) {
	// Every text cell of any row must come back unable to start a formula.
	starts := []string{"=", "+", "-", "@", "\t", "\r", "＝", "＠"}
	var rows [][]any
	for _, s := range starts {
		rows = append(rows, []any{s + "1+1", "x" + s, s})
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, Table{Header: []string{"=a", "b", "-c"}, Rows: rows}); err != nil {
		t.Fatal(err)
	}
	for i, rec := range readBack(t, buf.Bytes()) {
		for j, cell := range rec {
			for _, s := range starts {
				if strings.HasPrefix(cell, s) {
					t.Errorf("record %d cell %d %q starts with %q", i, j, cell, s)
				}
			}
		}
	}
}

func TestWriteCSVEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCSV(&buf, Table{}); err != nil {
		t.Fatal(err)
	}
	if buf.String() != "\ufeff" {
		t.Errorf("empty table = %q, want only the BOM", buf.String())
	}
}
