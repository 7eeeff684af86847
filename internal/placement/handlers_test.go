package placement

import (
	"bytes"
	"context"
	"encoding/json"
	"html"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
)

func TestPagesRender(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		_, do := f.server(t)
		p0 := f.person(0)
		p0.Needs = Needs{LowStimulus: true, Expertise: []Expertise{"autisme"}}
		a := f.register(t, p0)
		place := f.place(t, f.orgA, f.locA, 2, func(p *Place) { p.LowStimulus, p.Expertise = true, []Expertise{"autisme"} })
		f.place(t, f.orgB, f.locB, 1, func(p *Place) { p.Region, p.Adaptable = "ZK16", true })
		pid := f.propose(t, a, place)
		client := &auth.Principal{UserID: 101, Role: auth.RoleClient, Scope: auth.Scope{ClientID: f.clients[0]}}
		naaste := &auth.Principal{UserID: 102, Role: auth.RoleNaaste, Scope: auth.Scope{Represents: []int64{f.clients[0]}}}
		prog := &auth.Principal{UserID: 103, Role: auth.RoleProgramma}
		pages := []struct {
			p    *auth.Principal
			path string
			want []string
		}{
			{f.zk, "/complexe-zorg", []string{"Cliënt A", "Actief plaatsen"}},
			{f.zk, "/complexe-zorg/personen/" + itoa(a), []string{"Passende plekken", "Bijna passend", "Prikkelarme omgeving", "Aanpassing van de plek", "Er staat een voorstel open", "Geschiedenis"}},
			{f.zk, "/complexe-zorg/personen/" + itoa(a) + "?alle=1", []string{"Toon alleen de korte lijst", "Rangschikking"}},
			{f.zk, "/complexe-zorg/nieuw", []string{"Zoek de cliënt", `name="client_zoek"`}},
			{f.zk, "/complexe-zorg/nieuw?client=" + itoa(f.clients[1]), []string{"Zorgprofiel", `name="client" value="` + itoa(f.clients[1]) + `"`}},
			{f.zk, "/complexe-zorg/voorstellen", []string{"Open voorstellen", "Plek"}},
			{f.zk, "/complexe-zorg/agenda", []string{"Agenda regionale tafel"}},
			{f.zk, "/complexe-zorg/tekorten", []string{"Tekortenanalyse", "Het hele land"}},
			{f.zk, "/complexe-zorg/batch", []string{"Batch starten"}},
			{f.zk, "/complexe-zorg/import", []string{"client_id"}},
			{f.zk, "/complexe-zorg/cijfers", []string{"Mensen in beeld", "<svg", "Alle plekken in gebruik"}},
			{f.prov, "/complexe-zorg/aanbieder", []string{"Voorstellen om te beantwoorden", "Cliënt A"}},
			{f.prov, "/complexe-zorg/voorstellen", []string{"Antwoord van de aanbieder"}},
			{f.prov, "/complexe-zorg/plekken/nieuw", []string{"Capaciteit"}},
			{client, "/mijn/plaatsing", []string{"Er is een plek voor u", "Wat ik wil"}},
			{naaste, "/mijn/plaatsing", []string{"Wensen van de familie"}},
			{prog, "/complexe-zorg/cijfers", []string{"aantallen onder 5 niet getoond"}},
			{prog, "/complexe-zorg/tekorten", []string{"Het hele land"}},
		}
		for _, pg := range pages {
			code, body := do(pg.p, "GET", pg.path, nil)
			if code != http.StatusOK {
				t.Errorf("%s %s: %d\n%s", pg.p.Role, pg.path, code, body)
				continue
			}
			for _, w := range pg.want {
				if !strings.Contains(body, w) {
					t.Errorf("%s %s: missing %q", pg.p.Role, pg.path, w)
				}
			}
			if strings.Count(body, "<h1") != 1 {
				t.Errorf("%s %s: want exactly one h1", pg.p.Role, pg.path)
			}
		}
		// Out of scope: a care office of another region, a provider without a proposal.
		other := &auth.Principal{UserID: 9, Role: auth.RoleZorgkantoor, Scope: auth.Scope{Regions: []string{"ZK16"}}}
		if code, _ := do(other, "GET", "/complexe-zorg/personen/"+itoa(a), nil); code != http.StatusNotFound {
			t.Errorf("other region's person page: %d", code)
		}
		// The client answers through /mijn; the provider through the proposals page.
		// The reassessment form shows both mistakes at its own fields (not
		// at the case data form's, which has fields of the same meaning on
		// the same page), in words that say what to do, and keeps what was
		// typed.
		code, body := do(f.zk, "POST", "/complexe-zorg/personen/"+itoa(a)+"/herindicatie", url.Values{"her_zorgprofiel": {"XX"}, "her_wzd": {"YY"}, "her_meerzorg": {"ja"}, "her_toelichting": {"Gedrag veranderd"}})
		for _, want := range []string{`href="#her_zorgprofiel"`, `href="#her_wzd"`, `id="her_zorgprofiel-fout"`, `id="her_wzd-fout"`, "Kies het nieuwe zorgprofiel uit de lijst.", "Kies de Wzd-status uit de lijst.", `value="Gedrag veranderd"`, `id="her_meerzorg" name="her_meerzorg" value="ja" checked`} {
			if !strings.Contains(body, want) {
				t.Errorf("reassessment with two mistakes (%d) lacks %s", code, want)
			}
		}
		if code != http.StatusUnprocessableEntity || strings.Contains(body, "onbekend zorgprofiel") || strings.Contains(body, `aria-describedby="zorgprofiel-fout"`) {
			t.Errorf("reassessment with two mistakes: %d, a code list or the error at the case data form", code)
		}
		code, _ = do(f.zk, "POST", "/complexe-zorg/personen/"+itoa(a)+"/herindicatie", url.Values{"her_zorgprofiel": {"VG7"}, "her_wzd": {"geen"}, "her_toelichting": {"Nieuwe indicatie"}})
		if code != http.StatusSeeOther {
			t.Errorf("reassessment: %d", code)
		}
		// A hold with a date that is not one: at the provider's form the
		// mistake stands at its field with the place and person kept; at
		// the care office's person page at that place's own date field.
		code, body = do(f.prov, "POST", "/complexe-zorg/reserveringen", url.Values{"plek": {itoa(place)}, "casus": {itoa(a)}, "tot": {"volgende week"}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, `value="volgende week"`) || !strings.Contains(body, `<option value="`+itoa(place)+`" selected>`) || !strings.Contains(body, `<option value="`+itoa(a)+`" selected>`) {
			t.Errorf("provider hold with a bad date: %d, typed values not kept", code)
		}
		b := f.register(t, f.person(3))
		code, body = do(f.zk, "POST", "/complexe-zorg/reserveringen", url.Values{"plek": {itoa(place)}, "casus": {itoa(b)}, "tot": {"volgende week"}})
		tot := "tot-" + itoa(place)
		for _, want := range []string{`href="#` + tot + `"`, `id="` + tot + `-fout"`, `id="` + tot + `" name="tot" autocomplete="off" size="10" value="volgende week" aria-invalid="true"`} {
			if !strings.Contains(body, want) {
				t.Errorf("care office hold with a bad date (%d) lacks %s", code, want)
			}
		}
		code, body = do(client, "POST", "/mijn/plaatsing/voorstellen/"+itoa(pid), url.Values{"antwoord": {"ja"}})
		if code != http.StatusSeeOther {
			t.Fatalf("client answer: %d %s", code, body)
		}
		code, body = do(f.prov, "POST", "/complexe-zorg/voorstellen/"+itoa(pid)+"/antwoord", url.Values{"antwoord": {"nee"}, "toelichting": {"Groep is vol"}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Kies een reden") {
			t.Errorf("decline without reason: %d", code)
		}
		// The card keeps what was typed: the choice and the note.
		if !strings.Contains(body, `id="nee-`+itoa(pid)+`" name="antwoord" value="nee" checked`) || !strings.Contains(body, `name="toelichting" value="Groep is vol"`) {
			t.Error("decline without reason: the answer and note typed are gone")
		}
		code, _ = do(f.prov, "POST", "/complexe-zorg/voorstellen/"+itoa(pid)+"/antwoord", url.Values{"antwoord": {"ja"}})
		if code != http.StatusSeeOther || f.phase(t, a) != Geaccepteerd {
			t.Errorf("provider accept: %d, phase %s", code, f.phase(t, a))
		}
		// An invalid transition re-renders the person page with the message.
		code, body = do(f.zk, "POST", "/complexe-zorg/personen/"+itoa(a)+"/fase", url.Values{"naar": {"in_beeld"}, "reden": {"terug"}})
		if code != http.StatusConflict || !strings.Contains(body, "error-summary") || !strings.Contains(body, "kan niet") {
			t.Errorf("invalid transition page: %d", code)
		}
		// The register form names the field at fault.
		code, body = do(f.zk, "POST", "/complexe-zorg/nieuw", url.Values{"client": {itoa(f.clients[1])}, "regio": {"ZK11"}, "zorgprofiel": {"VG9"}, "wachtstatus": {"actief"}, "aangemeld": {"2026-01-01"}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#zorgprofiel"`) {
			t.Errorf("bad register form: %d", code)
		}
		code, _ = do(f.zk, "POST", "/complexe-zorg/nieuw", url.Values{"client": {itoa(f.clients[1])}, "regio": {"ZK11"}, "zorgprofiel": {"VG7"}, "wachtstatus": {"actief"}, "aangemeld": {"2026-01-01"}, "prikkelarm": {"ja"}})
		if code != http.StatusSeeOther {
			t.Errorf("register form: %d", code)
		}
		// Exports.
		code, body = do(f.zk, "GET", "/complexe-zorg/export.csv", nil)
		if code != http.StatusOK || !strings.HasPrefix(body, "\xef\xbb\xbf") || !strings.Contains(body, "Cliënt A") {
			t.Errorf("csv export: %d %q", code, body[:min(len(body), 80)])
		}
		code, body = do(f.zk, "GET", "/complexe-zorg/export.xlsx", nil)
		if code != http.StatusOK || !strings.HasPrefix(body, "PK") {
			t.Errorf("xlsx export: %d", code)
		}
	})
}

func TestAPI(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		rt, _ := f.server(t)
		call := func(p *auth.Principal, method, path, body string) (int, map[string]any) {
			req, _ := http.NewRequest(method, path, strings.NewReader(body))
			req = req.WithContext(auth.WithPrincipal(req.Context(), p))
			rec := newRecorder()
			rt.ServeHTTP(rec, req)
			var out map[string]any
			_ = json.Unmarshal([]byte(rec.body.String()), &out)
			return rec.code, out
		}
		code, out := call(f.zk, "POST", "/api/v1/placement/cases", `{"client_id":"`+itoa(f.clients[0])+`","regio":"ZK11","zorgprofiel":"VG7","wachtstatus":"urgent","aangemeld":"2026-01-01","prikkelarm":"ja"}`)
		if code != http.StatusCreated {
			t.Fatalf("create case: %d %v", code, out)
		}
		id := int64(out["id"].(float64))
		code, out = call(f.zk, "POST", "/api/v1/placement/cases", `{"client_id":"`+itoa(f.clients[1])+`","regio":"ZK11","zorgprofiel":"XX","wachtstatus":"urgent","aangemeld":"2026-01-01"}`)
		if code != http.StatusUnprocessableEntity || out["code"] != "bad_input" {
			t.Errorf("bad profile: %d %v", code, out)
		}
		f.place(t, f.orgA, f.locA, 1, func(p *Place) { p.LowStimulus = true })
		f.place(t, f.orgB, f.locB, 1, nil)
		code, out = call(f.zk, "GET", "/api/v1/placement/cases/"+itoa(id)+"/ranking", "")
		if code != http.StatusOK {
			t.Fatalf("ranking: %d %v", code, out)
		}
		ranking := out["ranking"].([]any)
		if len(ranking) != 2 || ranking[0].(map[string]any)["pass"] != true || ranking[1].(map[string]any)["pass"] != false {
			t.Errorf("ranking %v", ranking)
		}
		code, out = call(f.zk, "POST", "/api/v1/placement/cases/"+itoa(id)+"/transitions", `{"to":"verhuisd","reason":"x"}`)
		if code != http.StatusConflict {
			t.Errorf("invalid transition: %d %v", code, out)
		}
		code, out = call(f.zk, "POST", "/api/v1/placement/runs", `{"region":"ZK11","wait":true}`)
		if code != http.StatusAccepted {
			t.Fatalf("run: %d %v", code, out)
		}
		runID := int64(out["id"].(float64))
		code, out = call(f.zk, "GET", "/api/v1/placement/runs/"+itoa(runID), "")
		if code != http.StatusOK || out["status"] != "klaar" || len(out["proposals"].([]any)) != 1 {
			t.Errorf("run detail: %d %v", code, out)
		}
		code, out = call(f.zk, "POST", "/api/v1/placement/runs/"+itoa(runID)+"/send", `{}`)
		if code != http.StatusOK || out["sent"].(float64) != 1 {
			t.Errorf("send: %d %v", code, out)
		}
		code, out = call(f.prov, "GET", "/api/v1/placement/proposals", "")
		if code != http.StatusOK || len(out["proposals"].([]any)) != 1 {
			t.Fatalf("provider proposals: %d %v", code, out)
		}
		pid := int64(out["proposals"].([]any)[0].(map[string]any)["id"].(float64))
		code, out = call(f.prov, "POST", "/api/v1/placement/proposals/"+itoa(pid)+"/answer", `{"accept":false,"reason":"geen_ruimte"}`)
		if code != http.StatusOK {
			t.Errorf("decline: %d %v", code, out)
		}
		code, out = call(f.zk, "GET", "/api/v1/placement/agenda", "")
		if code != http.StatusOK || len(out["agenda"].([]any)) != 1 {
			t.Errorf("agenda: %d %v", code, out)
		}
		code, out = call(f.zk, "GET", "/api/v1/placement/gaps", "")
		if code != http.StatusOK {
			t.Errorf("gaps: %d %v", code, out)
		}
		code, out = call(f.zk, "GET", "/api/v1/placement/aggregates", "")
		if code != http.StatusOK || out["total"].(map[string]any)["InBeeld"].(float64) != 1 {
			t.Errorf("aggregates: %d %v", code, out)
		}
		code, _ = call(f.zk, "POST", "/api/v1/placement/holds", `{"place_id":1,"case_id":`+itoa(id)+`,"deadline":"2026-03-03T09:00:00Z"}`)
		if code != http.StatusCreated {
			t.Errorf("hold: %d", code)
		}
		// An unknown field is a malformed request (400) naming the field,
		// as web.DecodeJSON answers it on every other route.
		code, out = call(f.zk, "POST", "/api/v1/placement/cases", `{"onbekend":"1"}`)
		if ip, _ := out["invalid-params"].([]any); code != http.StatusBadRequest || out["code"] != "malformed_request" || len(ip) != 1 || ip[0].(map[string]any)["name"] != "onbekend" {
			t.Errorf("unknown field: %d %v", code, out)
		}
		// A body without a field the route needs is a malformed request
		// (400) naming every missing field, before the domain sees it; the
		// API document lists them as required.
		for _, c := range []struct {
			path, body string
			missing    []string
		}{
			{"/api/v1/placement/cases/" + itoa(id) + "/transitions", `{"reason":"x"}`, []string{"to"}},
			{"/api/v1/placement/cases/" + itoa(id) + "/proposals", `{}`, []string{"place_id"}},
			{"/api/v1/placement/holds", `{"case_id":` + itoa(id) + `}`, []string{"place_id", "deadline"}},
			{"/api/v1/placement/cases/" + itoa(id) + "/notes", `{"text":null}`, []string{"text"}},
		} {
			code, out := call(f.zk, "POST", c.path, c.body)
			ip, _ := out["invalid-params"].([]any)
			var names []string
			for _, p := range ip {
				names = append(names, p.(map[string]any)["name"].(string))
			}
			if code != http.StatusBadRequest || out["code"] != "malformed_request" || strings.Join(names, ",") != strings.Join(c.missing, ",") {
				t.Errorf("%s %s: %d %v, want 400 naming %v", c.path, c.body, code, out, c.missing)
			}
		}
		_ = context.Background()
		_ = strconv.Itoa
	})
}

func TestImportPagesPreviewThenConfirm(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		rt, _ := f.server(t)
		upload := func(content string) (int, string) {
			var b bytes.Buffer
			mw := multipart.NewWriter(&b)
			fw, _ := mw.CreateFormFile("bestand", "lijst.csv")
			_, _ = fw.Write([]byte(content))
			_ = mw.Close()
			req := httptest.NewRequest("POST", "/complexe-zorg/import", &b)
			req.Header.Set("Content-Type", mw.FormDataContentType())
			req = req.WithContext(auth.WithPrincipal(req.Context(), f.zk))
			rec := httptest.NewRecorder()
			rt.ServeHTTP(rec, req)
			return rec.Code, rec.Body.String()
		}
		head := "client_id;regio;zorgprofiel;wachtstatus;aangemeld\n"
		code, body := upload(head + itoa(f.clients[0]) + ";ZK11;VG7;urgent;01-02-2026\n" + itoa(f.clients[1]) + ";ZK11;VG77;urgent;01-02-2026\n")
		if code != http.StatusOK || !strings.Contains(body, "zorgprofiel: onbekend zorgprofiel") || strings.Contains(body, `name="gegevens"`) {
			t.Fatalf("preview with an error: %d", code)
		}
		count := func() int {
			var n int
			_ = d.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM placement_cases`).Scan(&n)
			return n
		}
		if count() != 0 {
			t.Fatal("preview stored cases")
		}
		// Another region's client, claimed as one's own region: refused,
		// and the preview does not show the name.
		code, body = upload(head + itoa(f.clients[4]) + ";ZK11;VG7;urgent;01-02-2026\n")
		if code != http.StatusOK || strings.Contains(body, "Cliënt E") || !strings.Contains(body, "valt buiten uw regio") || strings.Contains(body, `name="gegevens"`) {
			t.Errorf("preview of another region's client: %d, name shown %v", code, strings.Contains(body, "Cliënt E"))
		}
		code, body = upload(head + itoa(f.clients[0]) + ";ZK11;VG7;urgent;01-02-2026\n")
		if code != http.StatusOK || count() != 0 {
			t.Fatalf("good preview: %d, %d stored", code, count())
		}
		i := strings.Index(body, `name="gegevens" value="`)
		if i < 0 {
			t.Fatal("no confirm form")
		}
		payload := body[i+len(`name="gegevens" value="`):]
		payload = html.UnescapeString(payload[:strings.Index(payload, `"`)])
		_, do := f.server(t)
		if code, _ := do(f.zk, "POST", "/complexe-zorg/import/bevestigen", url.Values{"gegevens": {payload}}); code != http.StatusSeeOther || count() != 1 {
			t.Fatalf("confirm: %d, %d stored", code, count())
		}
	})
}

// TestRunPageFollowsProgress checks that the page of a batch run that is
// still going refreshes itself (an HTTP Refresh header, no script) and
// stops doing so when the run is done.
func TestRunPageFollowsProgress(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		rt, _ := f.server(t)
		var id int64
		if err := d.QueryRowContext(context.Background(), `INSERT INTO placement_runs (region, status, progress, started_by, started_at) VALUES ('ZK11', 'bezig', 'kosten berekenen', 1, $1) RETURNING id`, f.clock.Now()).Scan(&id); err != nil {
			t.Fatal(err)
		}
		get := func() *httptest.ResponseRecorder {
			req := httptest.NewRequest("GET", "/complexe-zorg/batch/"+strconv.FormatInt(id, 10), nil)
			req = req.WithContext(auth.WithPrincipal(req.Context(), f.zk))
			rec := httptest.NewRecorder()
			rt.ServeHTTP(rec, req)
			return rec
		}
		rec := get()
		if rec.Code != 200 || rec.Header().Get("Refresh") != "2" || !strings.Contains(rec.Body.String(), "kosten berekenen") || !strings.Contains(rec.Body.String(), "ververst zichzelf") {
			t.Fatalf("running batch page: %d, Refresh %q", rec.Code, rec.Header().Get("Refresh"))
		}
		if _, err := d.ExecContext(context.Background(), `UPDATE placement_runs SET status = 'klaar' WHERE id = $1`, id); err != nil {
			t.Fatal(err)
		}
		if rec := get(); rec.Code != 200 || rec.Header().Get("Refresh") != "" {
			t.Fatalf("finished batch page: %d, Refresh %q", rec.Code, rec.Header().Get("Refresh"))
		}
	})
}
