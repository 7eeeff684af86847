package placement

import (
	"bytes"
	"context"
	"html"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
	"github.com/volwaardig/volwaardig/internal/orgs"
)

// TestRegisterFormFindsClientByName: the registration form starts by
// finding the person by name (issue 11: nobody types an internal number),
// the family's home is a municipality chosen by name, and the CIZ
// indication number is stored and shown; a form with mistakes names every
// field at fault at once.
func TestRegisterFormFindsClientByName(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		_, do := f.server(t)
		ctx := context.Background()
		fenna, err := f.reg.Create(ctx, nil, clients.NewClient{Name: "Fenna de Vries", BirthDate: time.Date(2001, 5, 17, 0, 0, 0, 0, time.UTC), Region: "ZK11"})
		if err != nil {
			t.Fatal(err)
		}
		code, body := do(f.zk, "GET", "/complexe-zorg/nieuw?client_zoek="+url.QueryEscape("fenna"), nil)
		radio := `type="radio" id="client-` + itoa(fenna) + `" name="client" value="` + itoa(fenna) + `"`
		if code != http.StatusOK || !strings.Contains(body, radio) || !strings.Contains(body, "Fenna de Vries — geboren 17-05-2001 — Utrecht (ZK11)") {
			t.Fatalf("search by name: %d, radio %v", code, strings.Contains(body, radio))
		}
		if strings.Contains(body, `name="client_id"`) || strings.Contains(body, "familie_lat") {
			t.Error("the form still asks for a client number or coordinates")
		}
		if ev, ok := f.lastEvent("client_list", fenna); !ok || ev.Action != audit.ActionSearch {
			t.Errorf("search not audited with the client shown: %+v", ev)
		}
		code, body = do(f.zk, "GET", "/complexe-zorg/nieuw?client="+itoa(fenna), nil)
		if code != http.StatusOK || !strings.Contains(body, `<input type="hidden" name="client" value="`+itoa(fenna)+`">`) || !strings.Contains(body, `list="gemeenten"`) || !strings.Contains(body, `<option value="Utrecht">`) {
			t.Fatalf("chosen client: %d", code)
		}
		// No care profile is chosen for the user: the list starts empty, and
		// each profile says what it means.
		if !strings.Contains(body, `<select id="zorgprofiel" name="zorgprofiel"><option value="">Kies het zorgprofiel</option>`) || strings.Contains(body, `<option value="GGZW1" selected>`) {
			t.Error("a care profile is preselected on the registration form")
		}
		// Nor a waiting status: the first would put the person on the
		// urgent list without anyone choosing it.
		if !strings.Contains(body, `<select id="wachtstatus" name="wachtstatus"><option value="">Kies de wachtstatus</option>`) || strings.Contains(body, `<option value="urgent" selected>`) {
			t.Error("a waiting status is preselected on the registration form")
		}
		if code, body := do(f.zk, "POST", "/complexe-zorg/nieuw", url.Values{"client": {itoa(fenna)}, "regio": {"ZK11"}, "zorgprofiel": {"VG7"}, "wachtstatus": {""}, "aangemeld": {"01-01-2026"}}); code != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#wachtstatus"`) || !strings.Contains(body, "wachtstatus ontbreekt") {
			t.Errorf("no waiting status chosen: %d, named in the summary %v", code, strings.Contains(body, `href="#wachtstatus"`))
		}
		if !strings.Contains(body, `<select id="wens_regio" name="wens_regio"><option value="">Geen voorkeur</option>`) || !strings.Contains(body, `<option value="ZK16">Amsterdam (ZK16)</option>`) || strings.Contains(body, "bijvoorbeeld ZK11") {
			t.Error("the wished region is typed as a code instead of chosen by name")
		}
		if !strings.Contains(body, `<option value="VG7">VG7 — `) {
			t.Error("the care profiles are codes without their meaning")
		}
		if code, body := do(f.zk, "POST", "/complexe-zorg/nieuw", url.Values{"client": {itoa(fenna)}, "regio": {"ZK11"}, "zorgprofiel": {""}, "wachtstatus": {"urgent"}, "aangemeld": {"01-01-2026"}}); code != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#zorgprofiel"`) || !strings.Contains(body, `aria-invalid="true"><option value="">`) {
			t.Errorf("no profile chosen: %d, named in the summary %v", code, strings.Contains(body, `href="#zorgprofiel"`))
		}
		// Every mistake at once: an unknown municipality, a bad indication
		// number and an unknown care profile.
		form := url.Values{"client": {itoa(fenna)}, "regio": {"ZK11"}, "zorgprofiel": {"VG9"}, "wachtstatus": {"urgent"}, "aangemeld": {"2026-01-01"},
			"familie_gemeente": {"Atlantis"}, "indicatienummer": {"12AB"}}
		code, body = do(f.zk, "POST", "/complexe-zorg/nieuw", form)
		for _, field := range []string{"familie_gemeente", "indicatienummer", "zorgprofiel"} {
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#`+field+`"`) {
				t.Errorf("bad form: %d, no error for %s", code, field)
			}
		}
		if !strings.Contains(body, "geen Nederlandse gemeente") {
			t.Error("the municipality error does not say what is wrong")
		}
		// Without a chosen client the error sits at the picker.
		form.Del("client")
		if code, body := do(f.zk, "POST", "/complexe-zorg/nieuw", form); code != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#client"`) {
			t.Errorf("no client: %d", code)
		}
		form.Set("client", itoa(fenna))
		form.Set("zorgprofiel", "VG7")
		form.Set("familie_gemeente", "utrecht")
		form.Set("indicatienummer", "1234-5678")
		if code, body := do(f.zk, "POST", "/complexe-zorg/nieuw", form); code != http.StatusSeeOther {
			t.Fatalf("register: %d %s", code, body)
		}
		var id int64
		var muni, ind string
		var lat, lon float64
		if err := d.QueryRowContext(ctx, `SELECT id, family_municipality, ciz_indication, family_lat, family_lon FROM placement_cases WHERE client_id = $1`, fenna).Scan(&id, &muni, &ind, &lat, &lon); err != nil {
			t.Fatal(err)
		}
		utrecht, _ := orgs.MunicipalityByName("Utrecht")
		if muni != utrecht.Code || ind != "12345678" || lat != utrecht.Lat || lon != utrecht.Lon {
			t.Errorf("stored %q %q %v,%v; want %s, 12345678 and its centre", muni, ind, lat, lon, utrecht.Code)
		}
		code, body = do(f.zk, "GET", "/complexe-zorg/personen/"+itoa(id), nil)
		for _, want := range []string{"<dd>12345678</dd>", "<dd>Utrecht</dd>", "(iWlz 1)"} {
			if code != http.StatusOK || !strings.Contains(body, want) {
				t.Errorf("person page lacks %q", want)
			}
		}
	})
}

// TestImportByBSNAndCodes: a care office's list names the client by BSN,
// the provider by AGB code and the care office by UZOVI code, the wait
// status by its iWlz code, with the indication number and the family's
// municipality; the preview shows names, never a number or a BSN.
func TestImportByBSNAndCodes(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		rt, do := f.server(t)
		ctx := context.Background()
		st := orgs.NewStore(d)
		if err := st.SetCodes(ctx, d, f.orgA, "12345678", "", ""); err != nil {
			t.Fatal(err)
		}
		zkOrg, err := st.AddOrganisation(ctx, d, orgs.Organisation{Name: "Zorgkantoor Utrecht", Kind: "zorgkantoor", Region: "ZK11", UZOVI: "5501"})
		if err != nil {
			t.Fatal(err)
		}
		_ = zkOrg
		fenna, err := f.reg.Create(ctx, nil, clients.NewClient{Name: "Fenna de Vries", Region: "ZK11", BSN: "111222333"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.reg.Create(ctx, nil, clients.NewClient{Name: "Elders Ver", Region: "ZK16", BSN: "123456782"}); err != nil {
			t.Fatal(err)
		}
		upload := func(p *auth.Principal, content string) (int, string) {
			var b bytes.Buffer
			mw := multipart.NewWriter(&b)
			fw, _ := mw.CreateFormFile("bestand", "lijst.csv")
			_, _ = fw.Write([]byte(content))
			_ = mw.Close()
			req := httptest.NewRequest("POST", "/complexe-zorg/import", &b)
			req.Header.Set("Content-Type", mw.FormDataContentType())
			req = req.WithContext(auth.WithPrincipal(req.Context(), p))
			rec := httptest.NewRecorder()
			rt.ServeHTTP(rec, req)
			return rec.Code, rec.Body.String()
		}
		head := "bsn;indicatienummer;regio;uzovi;zorgprofiel;wachtstatus;aangemeld;familie_gemeente;agb_aanbieder\n"
		// Errors: a BSN failing the 11-proof, another region's client, a
		// care office of another region, an unknown AGB code, an unknown
		// municipality.
		code, body := upload(f.zk, head+
			"111222334;123456;ZK11;5501;VG7;1;01-02-2026;Utrecht;12345678\n"+
			"123456782;123456;ZK11;5501;VG7;1;01-02-2026;Utrecht;12345678\n"+
			"111222333;123456;ZK16;5501;VG7;1;01-02-2026;Atlantis;87654321\n")
		for _, want := range []string{"bsn: geen geldig BSN", "bsn: deze cliënt staat niet in het cliëntenregister of valt buiten uw regio", "uzovi: het zorgkantoor met UZOVI-code 5501 is van regio Utrecht (ZK11)",
			"agb_aanbieder: er is geen aanbieder met AGB-code 87654321", "familie_gemeente: &#34;Atlantis&#34; is geen Nederlandse gemeente"} {
			if code != http.StatusOK || !strings.Contains(body, want) {
				t.Errorf("preview lacks %q", want)
			}
		}
		if strings.Contains(body, "111222334") || strings.Contains(body, "123456782") || strings.Contains(body, "Elders Ver") {
			t.Error("the preview repeats a BSN or names another region's client")
		}
		code, body = upload(f.zk, head+"111 222 333;12-34-56;ZK11;5501;VG7;01;01-02-2026;Den Haag;1234 5678\n")
		if code != http.StatusOK || !strings.Contains(body, "<td>Fenna de Vries</td>") || !strings.Contains(body, `name="gegevens"`) || strings.Contains(body, "111 222 333") {
			t.Fatalf("good preview: %d\n%s", code, body)
		}
		i := strings.Index(body, `name="gegevens" value="`)
		payload := body[i+len(`name="gegevens" value="`):]
		payload = html.UnescapeString(payload[:strings.Index(payload, `"`)])
		if code, _ := do(f.zk, "POST", "/complexe-zorg/import/bevestigen", url.Values{"gegevens": {payload}}); code != http.StatusSeeOther {
			t.Fatalf("confirm: %d", code)
		}
		var waiting, muni, ind string
		var wish int64
		if err := d.QueryRowContext(ctx, `SELECT waiting, family_municipality, ciz_indication, wish_organisation FROM placement_cases WHERE client_id = $1`, fenna).Scan(&waiting, &muni, &ind, &wish); err != nil {
			t.Fatal(err)
		}
		denHaag, _ := orgs.MunicipalityByName("'s-Gravenhage")
		if waiting != string(UrgentPlaatsen) || muni != denHaag.Code || ind != "123456" || wish != f.orgA {
			t.Errorf("stored %s %s %s %d", waiting, muni, ind, wish)
		}
		// A provider administrator may not use a BSN (no legal basis).
		ab := &auth.Principal{UserID: 7, Role: auth.RoleAanbieder, Scope: auth.Scope{Organisations: []int64{f.orgA}}}
		rows, err := ParseImportCSV([]byte(head + "111222333;;ZK11;;VG7;1;01-02-2026;;\n"))
		if err != nil {
			t.Fatal(err)
		}
		checked, err := f.s.resolveImport(ctx, ab, rows)
		if err != nil || len(checked[0].Errors) != 1 || !strings.HasPrefix(checked[0].Errors[0], "bsn: met uw rol") {
			t.Errorf("aanbieder BSN import: %v %v", checked[0].Errors, err)
		}
	})
}

// TestImportDocumentation: every import column is documented on the
// import page with its iWlz source, in docs/import-register.md too.
func TestImportDocumentation(t *testing.T) {
	src := ImportSources()
	if len(src) != len(ImportColumns) {
		t.Fatalf("%d sources for %d columns", len(src), len(ImportColumns))
	}
	doc, err := os.ReadFile("../../docs/import-register.md")
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range ImportColumns {
		if src[i].Column != c || src[i].Meaning == "" || src[i].Source == "" {
			t.Errorf("column %s: source %+v", c, src[i])
		}
		if !strings.Contains(string(doc), "| `"+c+"` |") {
			t.Errorf("docs/import-register.md does not document %s", c)
		}
	}
}

// TestIWlzWaitingCodes: each status has its own code, and an import may
// give the code instead of the name.
func TestIWlzWaitingCodes(t *testing.T) {
	seen := map[string]bool{}
	for _, w := range WaitingStatuses() {
		c := w.IWlzCode()
		if c == "" || seen[c] {
			t.Errorf("%s: code %q", w, c)
		}
		seen[c] = true
		if got, err := ParseWaitingStatus(c); err != nil || got != w {
			t.Errorf("code %s parses to %s, %v", c, got, err)
		}
	}
	for _, bad := range []string{"5", "0", "12AB", "1234567890123"} {
		if _, err := ParseIndication(bad); err == nil && bad != "" {
			t.Errorf("indication %q accepted", bad)
		}
	}
}

// TestAPIRegistersByBSN: the case API names the client by BSN as the
// import does; a BSN of another region's client is refused like a number.
func TestAPIRegistersByBSN(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		rt, _ := f.server(t)
		ctx := context.Background()
		fenna, err := f.reg.Create(ctx, nil, clients.NewClient{Name: "Fenna de Vries", Region: "ZK11", BSN: "111222333"})
		if err != nil {
			t.Fatal(err)
		}
		rec := newRecorder()
		rt.ServeHTTP(rec, newJSONRequest("POST", "/api/v1/placement/cases", `{"bsn":"111222333","regio":"ZK11","zorgprofiel":"VG7","wachtstatus":"2","aangemeld":"2026-01-01","indicatienummer":"987654","familie_gemeente":"Amersfoort"}`, f.zk))
		if rec.code != http.StatusCreated {
			t.Fatalf("API registration by BSN: %d %s", rec.code, rec.body.String())
		}
		var waiting, muni, ind string
		if err := d.QueryRowContext(ctx, `SELECT waiting, family_municipality, ciz_indication FROM placement_cases WHERE client_id = $1`, fenna).Scan(&waiting, &muni, &ind); err != nil {
			t.Fatal(err)
		}
		if waiting != string(ActiefPlaatsen) || muni == "" || ind != "987654" {
			t.Errorf("stored %s %s %s", waiting, muni, ind)
		}
		rec = newRecorder()
		rt.ServeHTTP(rec, newJSONRequest("POST", "/api/v1/placement/cases", `{"bsn":"111222334","regio":"ZK11","zorgprofiel":"VG7","wachtstatus":"2","aangemeld":"2026-01-01"}`, f.zk))
		if rec.code != http.StatusUnprocessableEntity || strings.Contains(rec.body.String(), "111222334") {
			t.Errorf("invalid BSN: %d %s", rec.code, rec.body.String())
		}
	})
}

// TestPeoplePagesTranslated: the registration form with its picker and
// municipality list, and the import page with its column sources, have
// every text in English too.
func TestPeoplePagesTranslated(t *testing.T) {
	d := dbtest.SQLite(t, sets()...)
	f := newFixture(t, d)
	_, do := f.server(t)
	for _, path := range []string{"/complexe-zorg/import?lang=en", "/complexe-zorg/nieuw?lang=en&client_zoek=client", "/complexe-zorg/nieuw?lang=en&client=" + itoa(f.clients[0])} {
		if code, _ := do(f.zk, "GET", path, nil); code != http.StatusOK {
			t.Errorf("%s: %d", path, code)
		}
	}
	if m := f.s.rd.Catalog.Missing(); len(m) > 0 {
		t.Errorf("no English for %q", m)
	}
	// The column table's meanings and sources were shown in Dutch on the
	// English page; on a phone the table stacks its rows.
	_, body := do(f.zk, "GET", "/complexe-zorg/import?lang=en", nil)
	for _, want := range []string{"Not from iWlz: a Volwaardig number", "Care office region, ZK01 to ZK31.", `<table class="table--stack">`, `data-label="Meaning"`} {
		if !strings.Contains(body, want) {
			t.Errorf("English import page lacks %q", want)
		}
	}
	for _, dutch := range []string{"Niet uit iWlz", "Zorgkantoorregio, ZK01"} {
		if strings.Contains(body, dutch) {
			t.Errorf("English import page says %q", dutch)
		}
	}
}
