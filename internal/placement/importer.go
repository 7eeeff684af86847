package placement

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/volwaardig/volwaardig/internal/web"
)

// ImportColumns are the documented columns of a regional list to import,
// in the order of the template; the header row must name them (in any
// order, any case). Required: client_id, regio, zorgprofiel, wachtstatus,
// aangemeld. wens_aanbieder is the organisation number of a wished
// provider. Booleans are ja/nee (also 1/0, true/false, leeg = nee);
// dates dd-mm-jjjj or jjjj-mm-dd.
var ImportColumns = []string{"client_id", "regio", "zorgprofiel", "meerzorg", "wzd", "wachtstatus", "aangemeld", "uiterste_datum",
	"prikkelarm", "een_op_een", "besloten", "rolstoel", "leeftijdsgroep", "groep", "max_afstand_km", "expertise",
	"familie_lat", "familie_lon", "wens_regio", "wens_aanbieder", "dossierhouder", "wensen"}

var requiredImport = []string{"client_id", "regio", "zorgprofiel", "wachtstatus", "aangemeld"}

// MaxImportRows bounds an import so a preview stays readable and fast.
const MaxImportRows = 5000

// ImportRow is one parsed data row: the person it describes or the errors
// that keep it from being stored, each naming the column.
type ImportRow struct {
	Line   int // 1-based line (CSV) or row (XLSX) in the file
	Person Person
	Errors []string
}

// ParseImportFile reads a CSV (";" or "," separated, optional UTF-8 BOM,
// CRLF allowed) or, when the name ends in .xlsx, the first sheet of an
// XLSX workbook.
func ParseImportFile(name string, data []byte) ([]ImportRow, error) {
	if strings.HasSuffix(strings.ToLower(name), ".xlsx") {
		return ParseImportXLSX(data)
	}
	return ParseImportCSV(data)
}

// ParseImportCSV parses a CSV list.
func ParseImportCSV(data []byte) ([]ImportRow, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		return nil, errors.New("het bestand is geen UTF-8-tekst; sla het op als CSV UTF-8")
	}
	first, _, _ := bytes.Cut(data, []byte("\n"))
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = ';'
	if bytes.Count(first, []byte(",")) > bytes.Count(first, []byte(";")) {
		r.Comma = ','
	}
	r.FieldsPerRecord = -1
	r.ReuseRecord = false
	var records [][]string
	var lines []int
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("regel %d: het CSV-bestand is niet leesbaar (%v)", pe.Line, pe.Err)
			}
			return nil, fmt.Errorf("het CSV-bestand is niet leesbaar: %v", err)
		}
		line, _ := r.FieldPos(0)
		if len(rec) > maxImportCells {
			return nil, fmt.Errorf("regel %d heeft meer dan %d kolommen; gebruik de kolommen %s", line, maxImportCells, strings.Join(ImportColumns, ", "))
		}
		records = append(records, rec)
		lines = append(lines, line)
		if len(records) > MaxImportRows+1 {
			return nil, fmt.Errorf("het bestand heeft meer dan %d rijen; splits het op", MaxImportRows)
		}
	}
	return parseRecords(records, lines)
}

// maxImportUnzipped bounds what a workbook may unpack to. A list of
// MaxImportRows rows is a few MB of XML; the zip's sizes are checked
// against this before anything is unpacked, so a small workbook cannot
// unpack to gigabytes (a decompression bomb; excelize's own default is
// 16 GB).
const maxImportUnzipped = 32 << 20

// maxImportCells bounds the cells of one row: far more than the
// documented columns, far fewer than the 16,384 a single cell in column
// XFD makes a row hold.
const maxImportCells = 100

// ParseImportXLSX parses the first sheet of a workbook, row by row, so a
// sheet is never held in memory beyond the rows an import may have.
func ParseImportXLSX(data []byte) (_ []ImportRow, err error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxImportUnzipped, UnzipXMLSizeLimit: maxImportUnzipped})
	if err != nil {
		if strings.Contains(err.Error(), "unzip size") {
			return nil, fmt.Errorf("het werkboek pakt uit tot meer dan %d MB; dat is geen lijst van hoogstens %d rijen", maxImportUnzipped>>20, MaxImportRows)
		}
		return nil, errors.New("het bestand is geen leesbaar XLSX-werkboek")
	}
	// Close removes excelize's temporary files; a failure leaves them
	// behind, which the caller is told.
	defer func() { err = errors.Join(err, f.Close()) }()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, errors.New("het werkboek heeft geen tabblad")
	}
	it, err := f.Rows(sheets[0])
	if err != nil {
		return nil, errors.New("het eerste tabblad is niet leesbaar")
	}
	defer func() { err = errors.Join(err, it.Close()) }()
	var rows [][]string
	for n := 1; it.Next(); n++ {
		cells, err := it.Columns()
		if err != nil {
			return nil, errors.New("het eerste tabblad is niet leesbaar")
		}
		for len(cells) > 0 && strings.TrimSpace(cells[len(cells)-1]) == "" {
			cells = cells[:len(cells)-1]
		}
		if len(cells) > maxImportCells {
			return nil, fmt.Errorf("rij %d heeft meer dan %d kolommen; gebruik de kolommen %s", n, maxImportCells, strings.Join(ImportColumns, ", "))
		}
		if n > MaxImportRows+1 {
			if len(cells) > 0 {
				return nil, fmt.Errorf("het werkboek heeft meer dan %d rijen; splits het op", MaxImportRows)
			}
			continue // empty rows past the limit are not kept
		}
		rows = append(rows, cells)
	}
	if err := it.Error(); err != nil {
		return nil, errors.New("het eerste tabblad is niet leesbaar")
	}
	for len(rows) > 0 && len(rows[len(rows)-1]) == 0 {
		rows = rows[:len(rows)-1]
	}
	lines := make([]int, len(rows))
	for i := range rows {
		lines[i] = i + 1
	}
	return parseRecords(rows, lines)
}

func parseRecords(records [][]string, lines []int) ([]ImportRow, error) {
	if len(records) == 0 {
		return nil, errors.New("het bestand is leeg; de eerste regel moet de kolomnamen bevatten")
	}
	col := map[string]int{}
	for i, h := range records[0] {
		h = strings.ToLower(strings.TrimSpace(h))
		if h == "" {
			continue
		}
		known := false
		for _, c := range ImportColumns {
			if c == h {
				known = true
			}
		}
		if !known {
			return nil, fmt.Errorf("regel %d: onbekende kolom %q; gebruik de kolommen %s", lines[0], h, strings.Join(ImportColumns, ", "))
		}
		if _, dup := col[h]; dup {
			return nil, fmt.Errorf("regel %d: kolom %q staat er twee keer in", lines[0], h)
		}
		col[h] = i
	}
	for _, req := range requiredImport {
		if _, ok := col[req]; !ok {
			return nil, fmt.Errorf("regel %d: de verplichte kolom %q ontbreekt", lines[0], req)
		}
	}
	var out []ImportRow
	for k, rec := range records[1:] {
		empty := true
		for _, v := range rec {
			if strings.TrimSpace(v) != "" {
				empty = false
			}
		}
		if empty {
			continue
		}
		out = append(out, parseRow(rec, col, lines[k+1]))
	}
	if len(out) == 0 {
		return nil, errors.New("het bestand bevat geen gegevensregels onder de kolomnamen")
	}
	return out, nil
}

func parseRow(rec []string, col map[string]int, line int) ImportRow {
	row := ImportRow{Line: line}
	get := func(name string) string {
		i, ok := col[name]
		if !ok || i >= len(rec) {
			return ""
		}
		return strings.TrimSpace(rec[i])
	}
	fail := func(name, msg string) { row.Errors = append(row.Errors, name+": "+msg) }
	p := &row.Person
	if v := get("client_id"); v == "" {
		fail("client_id", "verplicht")
	} else if id, err := strconv.ParseInt(v, 10, 64); err != nil || id <= 0 {
		fail("client_id", fmt.Sprintf("%q is geen cliëntnummer", v))
	} else {
		p.ClientID = id
	}
	p.Region = strings.ToUpper(get("regio"))
	if !validRegion(p.Region) {
		fail("regio", fmt.Sprintf("%q is geen zorgkantoorregio (ZK01 t/m ZK31)", get("regio")))
	}
	if prof, err := ParseProfile(get("zorgprofiel")); err != nil {
		fail("zorgprofiel", err.Error())
	} else {
		p.Profile = prof
	}
	p.Meerzorg = boolField(get("meerzorg"), "meerzorg", fail)
	if w, err := ParseWzd(get("wzd")); err != nil {
		fail("wzd", err.Error())
	} else {
		p.Wzd = w
	}
	if w, err := ParseWaitingStatus(get("wachtstatus")); err != nil {
		fail("wachtstatus", err.Error())
	} else {
		p.Waiting = w
	}
	if t, err := registerDate(get("aangemeld")); err != nil || t.IsZero() {
		if err == nil {
			err = errors.New("verplicht")
		}
		fail("aangemeld", err.Error())
	} else {
		p.RegisteredAt = t
	}
	if v := get("uiterste_datum"); v != "" {
		if t, err := registerDate(v); err != nil {
			fail("uiterste_datum", err.Error())
		} else {
			p.Deadline = t
		}
	}
	p.Needs.LowStimulus = boolField(get("prikkelarm"), "prikkelarm", fail)
	p.Needs.OneToOne = boolField(get("een_op_een"), "een_op_een", fail)
	p.Needs.Secured = boolField(get("besloten"), "besloten", fail)
	p.Needs.Wheelchair = boolField(get("rolstoel"), "rolstoel", fail)
	if a, err := ParseAgeGroup(get("leeftijdsgroep")); err != nil {
		fail("leeftijdsgroep", err.Error())
	} else {
		p.Needs.AgeGroup = a
	}
	if g, err := ParseGender(get("groep")); err != nil {
		fail("groep", err.Error())
	} else {
		p.Needs.Gender = g
	}
	if v := get("max_afstand_km"); v != "" {
		if n, err := strconv.Atoi(v); err != nil || n < 0 || n > 1000 {
			fail("max_afstand_km", fmt.Sprintf("%q is geen afstand tussen 0 en 1000 km", v))
		} else {
			p.Needs.MaxDistanceKm = n
		}
	}
	if e, err := ParseExpertise(get("expertise")); err != nil {
		fail("expertise", err.Error())
	} else {
		p.Needs.Expertise = e
	}
	p.FamilyLat = floatField(get("familie_lat"), "familie_lat", -90, 90, fail)
	p.FamilyLon = floatField(get("familie_lon"), "familie_lon", -180, 180, fail)
	if v := strings.ToUpper(get("wens_regio")); v != "" {
		if !validRegion(v) {
			fail("wens_regio", fmt.Sprintf("%q is geen zorgkantoorregio (ZK01 t/m ZK31)", get("wens_regio")))
		}
		p.WishRegion = v
	}
	if v := get("wens_aanbieder"); v != "" {
		if id, err := strconv.ParseInt(v, 10, 64); err != nil || id <= 0 {
			fail("wens_aanbieder", fmt.Sprintf("%q is geen organisatienummer", v))
		} else {
			p.WishOrganisation = id
		}
	}
	p.Dossierhouder = get("dossierhouder")
	p.WishesFamily = get("wensen")
	if len(p.Dossierhouder) > 200 {
		fail("dossierhouder", "hoogstens 200 tekens")
	}
	if len(p.WishesFamily) > 2000 {
		fail("wensen", "hoogstens 2000 tekens")
	}
	if len(row.Errors) == 0 {
		if err := p.Validate(); err != nil {
			var fe *web.Error
			if errors.As(err, &fe) && fe.Code == web.CodeBadInput {
				fail(fe.Field, fe.Message)
			} else {
				fail("regel", err.Error())
			}
		}
	}
	return row
}

func validRegion(s string) bool {
	if len(s) != 4 || !strings.HasPrefix(s, "ZK") {
		return false
	}
	n, err := strconv.Atoi(s[2:])
	return err == nil && n >= 1 && n <= 31
}

func boolField(v, name string, fail func(string, string)) bool {
	switch strings.ToLower(v) {
	case "", "nee", "n", "0", "false", "onwaar":
		return false
	case "ja", "j", "1", "true", "waar", "x":
		return true
	}
	fail(name, fmt.Sprintf("%q is geen ja of nee", v))
	return false
}

func floatField(v, name string, lo, hi float64, fail func(string, string)) float64 {
	if v == "" {
		return 0
	}
	f, err := strconv.ParseFloat(strings.Replace(v, ",", ".", 1), 64)
	if err != nil || f < lo || f > hi || f != f {
		fail(name, fmt.Sprintf("%q is geen getal tussen %g en %g", v, lo, hi))
		return 0
	}
	return f
}

// registerDate reads an optional date of the register ("" is no date) as
// web.ParseDate does, and keeps it between 2000 and 2100: the register
// started in this century, so an earlier year is a typing error.
func registerDate(s string) (time.Time, error) {
	if strings.TrimSpace(s) == "" {
		return time.Time{}, nil
	}
	t, err := web.ParseDate(s)
	if err != nil {
		return time.Time{}, err
	}
	if t.Year() < 2000 || t.Year() > 2100 {
		return time.Time{}, fmt.Errorf("%q ligt niet tussen 2000 en 2100", strings.TrimSpace(s))
	}
	return t, nil
}
