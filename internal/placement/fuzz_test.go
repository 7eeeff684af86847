package placement

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/export"
	"github.com/volwaardig/volwaardig/internal/orgs"
)

func strconvFormat(n int64) string { return strconv.FormatInt(n, 10) }

// FuzzParseImportCSV feeds arbitrary files to the regional-list parser: it
// must never panic, and every row it returns either has errors or a valid
// person.
func FuzzParseImportCSV(f *testing.F) {
	f.Add([]byte("client_id;regio;zorgprofiel;wachtstatus;aangemeld\n1;ZK11;VG7;urgent;01-01-2026\n"))
	f.Add([]byte("\xef\xbb\xbfclient_id,regio,zorgprofiel,wachtstatus,aangemeld,familie_lat\r\n2,ZK31,sglvg,Actief plaatsen,2026-02-29,NaN\r\n"))
	f.Add([]byte("client_id;regio;zorgprofiel;wachtstatus;aangemeld;expertise;max_afstand_km\n3;zk01;lvg 3;voorzorg;31-12-2099;autisme,doofblind;1000\n;;;;\n"))
	f.Add([]byte("\"client_id\";\"regio\"\n\"1\";\"ZK11\n"))
	// Issue 11's columns: the client by BSN, the codes, the municipality.
	f.Add([]byte("bsn;indicatienummer;regio;uzovi;zorgprofiel;wachtstatus;aangemeld;familie_gemeente;agb_aanbieder\n111 222 333;12-34-56;ZK11;5501;VG7;01;01-02-2026;Den Haag;1234 5678\n"))
	f.Add([]byte("bsn,client_id,regio,zorgprofiel,wachtstatus,aangemeld,familie_gemeente\n111222334,,zk11,vg7,4,2026-01-01,GM0344\n,7,ZK11,VG7,2,2026-01-01,Bergen\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := ParseImportCSV(data)
		if err != nil {
			if strings.TrimSpace(err.Error()) == "" {
				t.Fatal("empty error message")
			}
			return
		}
		checkImportRows(t, rows)
	})
}

func xlsxList(t testing.TB, rows [][]any) []byte {
	t.Helper()
	var b bytes.Buffer
	tab := export.Table{Name: "Lijst", Header: []string{"client_id", "regio", "zorgprofiel", "wachtstatus", "aangemeld", "rolstoel"}, Rows: rows}
	if err := export.WriteXLSX(&b, tab); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestParseImportXLSX(t *testing.T) {
	data := xlsxList(t, [][]any{{"12", "ZK11", "VG7", "Urgent plaatsen", "01-02-2026", "ja"}, {"x", "ZK99", "VG7", "actief", "30-02-2026", ""}})
	rows, err := ParseImportFile("lijst.xlsx", data)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || len(rows[0].Errors) != 0 || rows[0].Person.ClientID != 12 || !rows[0].Person.Needs.Wheelchair || rows[0].Line != 2 {
		t.Fatalf("row 1: %+v", rows[0])
	}
	if len(rows[1].Errors) != 3 || rows[1].Line != 3 {
		t.Fatalf("row 2 errors %v", rows[1].Errors)
	}
}

// FuzzParseImportXLSX feeds mutated workbooks to the XLSX path.
func FuzzParseImportXLSX(f *testing.F) {
	f.Add(xlsxList(f, [][]any{{"1", "ZK11", "VG7", "urgent", "01-01-2026", "nee"}}))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := ParseImportXLSX(data)
		if err != nil {
			return
		}
		checkImportRows(t, rows)
	})
}

// checkImportRows is what every parsed list must keep: a row without
// errors is a valid person, except that a row naming its client by BSN
// has its client found later (resolveImport), and then carries a BSN that
// passed the 11-proof; codes are digits, a municipality is a real one
// whose centre the row carries.
func checkImportRows(t *testing.T, rows []ImportRow) {
	t.Helper()
	for _, r := range rows {
		if len(r.Errors) > 0 {
			continue
		}
		p := r.Person
		if p.ClientID == 0 {
			if r.BSN == "" {
				t.Fatalf("row %d without errors names no client", r.Line)
			}
			if _, err := clients.ParseBSN(string(r.BSN)); err != nil {
				t.Fatalf("row %d carries an invalid BSN", r.Line)
			}
			p.ClientID = 1
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("row %d without errors fails validation: %v", r.Line, err)
		}
		if p.FamilyMunicipality != "" {
			m, ok := orgs.MunicipalityByCode(p.FamilyMunicipality)
			if !ok || m.Lat != p.FamilyLat || m.Lon != p.FamilyLon {
				t.Fatalf("row %d: municipality %q with centre %v,%v", r.Line, p.FamilyMunicipality, p.FamilyLat, p.FamilyLon)
			}
		}
		for _, c := range []string{r.AGB, r.UZOVI, p.Indication} {
			if strings.Trim(c, "0123456789") != "" {
				t.Fatalf("row %d: code %q is not digits", r.Line, c)
			}
		}
	}
}

// FuzzCaseEditRequest feeds arbitrary API bodies to the case edit: decoding
// and applying them must never panic, and an edit that passes apply and
// validate holds only known codes and limits, so storing it cannot write a
// value the register cannot read back.
func FuzzCaseEditRequest(f *testing.F) {
	f.Add(`{"profile":"VG7","waiting_status":"urgent","deadline":"01-03-2027","expertise":["autisme"]}`)
	f.Add(`{"deadline":"31-02-2027","max_distance_km":-1,"wzd":"x"}`)
	f.Add(`{"deadline":"","dossierhouder":"J. de Wit","wishes_client":"rust"}`)
	f.Fuzz(func(t *testing.T, body string) {
		var in caseEditRequest
		if err := json.Unmarshal([]byte(body), &in); err != nil {
			return
		}
		base := editOf(Case{Person: Person{Profile: "VG7", Wzd: WzdNone, Waiting: ActiefPlaatsen}})
		e, errs := in.apply(base)
		if len(errs) > 0 || len(e.validate(nil, 0)) > 0 {
			return
		}
		if _, ok := profiles[e.Profile]; !ok {
			t.Fatalf("unknown profile %q accepted", e.Profile)
		}
		if _, err := ParseExpertise(JoinExpertise(e.Expertise)); err != nil {
			t.Fatalf("expertise %v does not read back: %v", e.Expertise, err)
		}
		if e.MaxDistanceKm < 0 || e.MaxDistanceKm > 500 {
			t.Fatalf("distance %d accepted", e.MaxDistanceKm)
		}
		_ = changes(base, e, nil)
	})
}
