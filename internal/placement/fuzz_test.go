package placement

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/export"
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
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := ParseImportCSV(data)
		if err != nil {
			if strings.TrimSpace(err.Error()) == "" {
				t.Fatal("empty error message")
			}
			return
		}
		for _, r := range rows {
			if len(r.Errors) == 0 {
				if err := r.Person.Validate(); err != nil {
					t.Fatalf("row %d without errors fails validation: %v", r.Line, err)
				}
			}
		}
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
		for _, r := range rows {
			if len(r.Errors) == 0 {
				if err := r.Person.Validate(); err != nil {
					t.Fatalf("row %d without errors fails validation: %v", r.Line, err)
				}
			}
		}
	})
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
		if len(errs) > 0 || len(e.validate()) > 0 {
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
		_ = changes(base, e)
	})
}
