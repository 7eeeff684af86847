package placement

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/orgs"
	"github.com/volwaardig/volwaardig/internal/web"
)

// ImportColumns are the documented columns of a regional list to import,
// in the order of the template; the header row must name them (in any
// order, any case). Required: regio, zorgprofiel, wachtstatus, aangemeld,
// and the client by bsn or client_id. wens_aanbieder is the organisation
// number of a wished provider, agb_aanbieder its AGB code; uzovi is the
// care office's UZOVI code, which must be of the row's region. Booleans
// are ja/nee (also 1/0, true/false, leeg = nee); dates dd-mm-jjjj or
// jjjj-mm-dd. Where each column comes from in the iWlz messages is in
// ImportSources and docs/import-register.md.
var ImportColumns = []string{"bsn", "client_id", "indicatienummer", "regio", "uzovi", "zorgprofiel", "meerzorg", "wzd", "wachtstatus", "aangemeld", "uiterste_datum",
	"prikkelarm", "een_op_een", "besloten", "rolstoel", "leeftijdsgroep", "groep", "max_afstand_km", "expertise",
	"familie_gemeente", "wens_regio", "wens_aanbieder", "agb_aanbieder", "dossierhouder", "contactpersoon", "wensen"}

var requiredImport = []string{"regio", "zorgprofiel", "wachtstatus", "aangemeld"}

// MaxImportRows bounds an import so a preview stays readable and fast.
const MaxImportRows = 5000

// ImportRow is one parsed data row: the person it describes or the errors
// that keep it from being stored, each naming the column.
type ImportRow struct {
	Line   int // 1-based line (CSV) or row (XLSX) in the file
	Person Person
	Errors []string
	// BSN names the client when the list has no client_id; resolved to
	// the client through the register's keyed hash (resolveImport), never
	// stored by placement, never shown back.
	BSN clients.BSN
	// AGB and UZOVI are the provider's and the care office's codes as the
	// list gives them (digits only), resolved by resolveImport.
	AGB, UZOVI string
	// Contact names the vaste contactpersoon by user name or work e-mail
	// address, resolved by resolveImport to a care-office account of the
	// row's region ("" = the importing care-office employee).
	Contact string
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
	_, hasBSN := col["bsn"]
	if _, hasID := col["client_id"]; !hasBSN && !hasID {
		return nil, fmt.Errorf("regel %d: de kolom bsn of client_id ontbreekt; een van beide noemt de cliënt", lines[0])
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
	if v := get("bsn"); v != "" {
		// The value is never echoed: it is a BSN or a mistyped one.
		if b, err := clients.ParseBSN(v); err != nil {
			fail("bsn", "geen geldig BSN: 9 cijfers die voldoen aan de elfproef")
		} else {
			row.BSN = b
		}
	}
	if v := get("client_id"); v == "" {
		if get("bsn") == "" {
			fail("client_id", "vul het BSN (kolom bsn) of het cliëntnummer (kolom client_id) in")
		}
	} else if id, err := strconv.ParseInt(v, 10, 64); err != nil || id <= 0 {
		fail("client_id", fmt.Sprintf("%q is geen cliëntnummer", v))
	} else {
		p.ClientID = id
	}
	if ind, err := ParseIndication(get("indicatienummer")); err != nil {
		fail("indicatienummer", err.Error())
	} else {
		p.Indication = ind
	}
	if v := get("uzovi"); v != "" {
		if !orgs.ValidUZOVI(v) {
			fail("uzovi", fmt.Sprintf("%q is geen UZOVI-code: 4 cijfers", v))
		} else {
			row.UZOVI = digits(v)
		}
	}
	if v := get("agb_aanbieder"); v != "" {
		if !orgs.ValidAGB(v) {
			fail("agb_aanbieder", fmt.Sprintf("%q is geen AGB-code: 8 cijfers", v))
		} else {
			row.AGB = digits(v)
		}
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
	if v := get("familie_gemeente"); v != "" {
		if m, ok := municipalityNamed(v); ok {
			p.FamilyMunicipality, p.FamilyLat, p.FamilyLon = m.Code, m.Lat, m.Lon
		} else {
			fail("familie_gemeente", fmt.Sprintf("%q is geen Nederlandse gemeente; schrijf de naam zoals in de gemeentelijst (bijvoorbeeld Utrecht of Bergen (NH.)) of de CBS-code (GM0344)", v))
		}
	}
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
	row.Contact = get("contactpersoon")
	if len(row.Contact) > 254 {
		fail("contactpersoon", "hoogstens 254 tekens")
	}
	p.WishesFamily = get("wensen")
	if len(p.Dossierhouder) > 200 {
		fail("dossierhouder", "hoogstens 200 tekens")
	}
	if len(p.WishesFamily) > 2000 {
		fail("wensen", "hoogstens 2000 tekens")
	}
	if len(row.Errors) == 0 {
		v := *p
		if v.ClientID == 0 && row.BSN != "" {
			v.ClientID = 1 // the client is found by the BSN later (resolveImport)
		}
		if err := v.Validate(); err != nil {
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

// digits keeps the digits of a code as typed ("1234 56 78").
func digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// municipalityNamed finds a municipality by its name (or other known
// name) or its CBS code, as a form's list or an import's column gives it.
func municipalityNamed(v string) (orgs.Municipality, bool) {
	if m, ok := orgs.MunicipalityByName(v); ok {
		return m, true
	}
	t := strings.ToUpper(strings.TrimSpace(v))
	if strings.HasPrefix(t, "GM") {
		return orgs.MunicipalityByCode(t)
	}
	return orgs.Municipality{}, false
}

// resolveImport turns the codes of an imported list into what the
// register stores: the client of a BSN (through the register's keyed
// hash, and only for the roles that may use a BSN), the provider of an AGB
// code, and checks that a UZOVI code is the care office of the row's
// region. The errors name the column; a BSN is never repeated in them.
func (s *Service) resolveImport(ctx context.Context, p *auth.Principal, rows []ImportRow) ([]ImportRow, error) {
	out := make([]ImportRow, len(rows))
	staff := map[string][]auth.Member{} // per region, read once
	for i, row := range rows {
		row.Errors = append([]string(nil), row.Errors...)
		fail := func(col, msg string) { row.Errors = append(row.Errors, col+": "+msg) }
		if row.BSN != "" {
			switch {
			case p == nil || !clients.MayEnterBSN(p.Role):
				fail("bsn", "met uw rol leest u geen BSN in; gebruik de kolom client_id")
			case s.reg == nil:
				fail("bsn", "het cliëntenregister is hier niet gekoppeld")
			default:
				id, err := s.reg.FindByBSN(ctx, row.BSN)
				switch {
				case errors.Is(err, clients.ErrNotFound):
					// Read the same as a client outside the scope
					// (CheckImport): a list cannot probe which BSNs exist.
					fail("bsn", "deze cliënt staat niet in het cliëntenregister of valt buiten uw regio")
				case err != nil:
					return nil, err
				case row.Person.ClientID != 0 && row.Person.ClientID != id:
					fail("bsn", "het BSN hoort bij een andere cliënt dan het cliëntnummer in client_id")
				default:
					row.Person.ClientID = id
				}
			}
		}
		if row.AGB != "" || row.UZOVI != "" {
			if s.orgs == nil {
				fail("agb_aanbieder", "de organisaties zijn hier niet gekoppeld")
			}
		}
		if row.AGB != "" && s.orgs != nil {
			o, err := s.orgs.OrganisationByCode(ctx, row.AGB)
			switch {
			case errors.Is(err, sql.ErrNoRows) || err == nil && o.AGB != row.AGB:
				fail("agb_aanbieder", "er is geen aanbieder met AGB-code "+row.AGB)
			case err != nil:
				return nil, err
			case row.Person.WishOrganisation != 0 && row.Person.WishOrganisation != o.ID:
				fail("agb_aanbieder", "de AGB-code hoort bij een andere aanbieder dan wens_aanbieder")
			default:
				row.Person.WishOrganisation = o.ID
			}
		}
		if row.Contact != "" && row.Person.Region != "" {
			if _, ok := staff[row.Person.Region]; !ok {
				m, err := s.caseStaff(ctx, row.Person.Region)
				if err != nil {
					return nil, err
				}
				staff[row.Person.Region] = m
			}
			i := slices.IndexFunc(staff[row.Person.Region], func(m auth.Member) bool {
				return strings.EqualFold(m.Username, row.Contact) || m.Email != "" && strings.EqualFold(m.Email, row.Contact)
			})
			if i < 0 {
				fail("contactpersoon", "er is geen medewerker van het zorgkantoor van regio "+orgs.RegionLabel(row.Person.Region)+" met gebruikersnaam of e-mailadres "+row.Contact)
			} else {
				row.Person.ContactUser = staff[row.Person.Region][i].ID
			}
		}
		if row.UZOVI != "" && s.orgs != nil {
			o, err := s.orgs.OrganisationByCode(ctx, row.UZOVI)
			switch {
			case errors.Is(err, sql.ErrNoRows) || err == nil && o.UZOVI != row.UZOVI:
				fail("uzovi", "er is geen zorgkantoor met UZOVI-code "+row.UZOVI)
			case err != nil:
				return nil, err
			case o.Region != "" && row.Person.Region != "" && o.Region != row.Person.Region:
				fail("uzovi", "het zorgkantoor met UZOVI-code "+row.UZOVI+" is van regio "+orgs.RegionLabel(o.Region)+", niet van "+orgs.RegionLabel(row.Person.Region))
			}
		}
		out[i] = row
	}
	return out, nil
}

// ImportSource says what an import column holds and where a care office's
// systems have it: the iWlz message and element (iStandaarden). Checked is
// false where we could not verify the message or element against the
// iWlz specification (see docs/import-register.md for the sources).
type ImportSource struct {
	Column, Meaning, Source string
	Checked                 bool
}

// ImportSources documents every column of ImportColumns, in that order;
// the import page and docs/import-register.md show it (a test keeps the
// three in step).
func ImportSources() []ImportSource {
	return []ImportSource{
		{"bsn", "BSN van de cliënt (9 cijfers, elfproef); alleen voor rollen die een BSN mogen zien. Wordt via de sleutel-hash in het cliëntenregister opgezocht en niet in de plaatsing bewaard.", "Indicatiebericht van het CIZ (IO31) en toewijzingsbericht (AW33): element Burgerservicenummer van de cliënt", false},
		{"client_id", "Nummer van de cliënt in dit cliëntenregister; alleen als er geen bsn-kolom is.", "Niet uit iWlz: een nummer van Volwaardig", true},
		{"indicatienummer", "Nummer van het Wlz-indicatiebesluit van het CIZ, 6 tot 12 cijfers.", "Indicatiebericht van het CIZ (IO31): element Besluitnummer (LDT_Besluitnummer, sinds iWlz 2.2)", false},
		{"regio", "Zorgkantoorregio, ZK01 tot en met ZK31.", "Volgt uit het verantwoordelijke zorgkantoor (AW33, LDT_ZorgkantoorCode)", false},
		{"uzovi", "UZOVI-code van het zorgkantoor (4 cijfers); moet bij de regio van de regel horen.", "Toewijzingsbericht (AW33) en wachtlijstbericht (AW39): verantwoordelijk zorgkantoor (LDT_ZorgkantoorCode)", false},
		{"zorgprofiel", "Zorgprofiel van de indicatie, bijvoorbeeld VG7.", "Indicatiebericht van het CIZ (IO31): zorgprofiel van het besluit", false},
		{"meerzorg", "Meerzorg toegekend: ja of nee.", "Niet uit iWlz: het meerzorgbesluit van het zorgkantoor", true},
		{"wzd", "Wzd-status: geen, artikel21, rm, ibs of zorgplan.", "Niet uit iWlz: het dossier van de aanbieder", true},
		{"wachtstatus", "Wachtstatus: Urgent plaatsen, Actief plaatsen, Wacht op voorkeur of Wacht uit voorzorg, of de iWlz-code 1 tot en met 4.", "Wachtlijstbericht (AW39): wachtstatus (leveringsstatus); de codes 1–4 zijn niet gecontroleerd", false},
		{"aangemeld", "Datum van aanmelding (begin van het wachten), dd-mm-jjjj.", "Wachtlijstbericht (AW39): ingangsdatum van de wachtstatus", false},
		{"uiterste_datum", "Uiterste datum voor een plek, dd-mm-jjjj.", "Niet uit iWlz: afspraak van de regionale tafel", true},
		{"prikkelarm", "Prikkelarme omgeving nodig: ja of nee.", "Niet uit iWlz: zorgbehoefte volgens de regionale tafel", true},
		{"een_op_een", "1-op-1 begeleiding nodig: ja of nee.", "Niet uit iWlz: zorgbehoefte volgens de regionale tafel", true},
		{"besloten", "Besloten afdeling nodig: ja of nee.", "Niet uit iWlz: zorgbehoefte volgens de regionale tafel", true},
		{"rolstoel", "Rolstoeltoegankelijk nodig: ja of nee.", "Niet uit iWlz: zorgbehoefte volgens de regionale tafel", true},
		{"leeftijdsgroep", "jeugd, jongvolwassen, volwassen of ouderen.", "Niet uit iWlz", true},
		{"groep", "m, v of leeg (gemengd).", "Niet uit iWlz", true},
		{"max_afstand_km", "Maximale afstand tot de familie in km, 0 tot 1000.", "Niet uit iWlz: wens van cliënt en familie", true},
		{"expertise", "Expertise bij gedrag: codes gescheiden door komma's.", "Niet uit iWlz", true},
		{"familie_gemeente", "Gemeente waar de familie woont: de naam (Utrecht, Bergen (NH.)) of de CBS-code (GM0344).", "Niet uit iWlz: het adres van de familie, als gemeente", true},
		{"wens_regio", "Gewenste zorgkantoorregio, bijvoorbeeld ZK11.", "Niet uit iWlz: wens van cliënt en familie", true},
		{"wens_aanbieder", "Organisatienummer van de gewenste aanbieder in Volwaardig.", "Niet uit iWlz: een nummer van Volwaardig", true},
		{"agb_aanbieder", "AGB-code van de gewenste aanbieder (8 cijfers), in plaats van wens_aanbieder.", "Toewijzingsbericht (AW33) en wachtlijstbericht (AW39): zorgaanbieder (LDT_AgbCode)", false},
		{"dossierhouder", "Naam van de dossierhouder.", "Niet uit iWlz", true},
		{"contactpersoon", "Vaste contactpersoon: gebruikersnaam of werk-e-mailadres van een medewerker van het zorgkantoor van de regio van de regel. Leeg = wie de lijst inleest.", "Niet uit iWlz: een account in Volwaardig", true},
		{"wensen", "Wensen van de familie, in eigen woorden.", "Niet uit iWlz", true},
	}
}

// clientColumn is the column a row names its client in, for its errors.
func (r ImportRow) clientColumn() string {
	if r.BSN != "" {
		return "bsn"
	}
	return "client_id"
}
