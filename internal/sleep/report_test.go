package sleep

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
	"github.com/volwaardig/volwaardig/internal/orgs"
	"github.com/volwaardig/volwaardig/internal/web"
)

// uploadThroughForm posts files to the upload form for sensor sn, runs the
// background processing and returns the status page's path.
func uploadThroughForm(t *testing.T, e *env, c client, sn Sensor, fields map[string]string, files map[string]string) string {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("sensor", strconv.FormatInt(sn.ID, 10))
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	for name, data := range files {
		fw, _ := mw.CreateFormFile("files", name)
		_, _ = fw.Write([]byte(data))
	}
	if err := mw.Close(); err != nil {
		t.Error(err)
	}
	resp, body := c.do("zorgverlener", "POST", "/nachtrust/upload", &buf, mw.FormDataContentType())
	if resp.StatusCode != 303 {
		t.Fatalf("upload: %d %s", resp.StatusCode, body)
	}
	for {
		ok, err := e.s.ProcessNextUpload(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			break
		}
	}
	return resp.Header.Get("Location")
}

var rfc3339ish = regexp.MustCompile(`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}`)

// TestUploadReportLanguage: the per-file report on a Dutch page is Dutch
// throughout, with Dutch dates; the English page gives the readers' own
// English details. Before, the Dutch page showed "1500 minutes",
// "line 4", "the last line is cut off", nights as 2026-03-02 and times
// as 2026-03-02T18:00:00Z.
func TestUploadReportLanguage(t *testing.T) {
	dbtest.Each(t, migrations(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, true)
		c := client{t, server(t, e).URL}
		linkFrom := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
		withBasis := e.sensor(t, "AG-1", KindWrist, e.client, linkFrom)
		without := e.sensor(t, "AG-2", KindWrist, e.noBasis, linkFrom)

		night := time.Date(2026, 3, 2, 18, 0, 0, 0, time.UTC)
		st := uploadThroughForm(t, e, c, without, nil, map[string]string{"nacht.csv": epochCSV(night, 60, nightCounts(night))})
		_, nl := c.get("zorgverlener", st)
		_, en := c.get("zorgverlener", st+"?lang=en")
		if !strings.Contains(nl, "geen grondslag vastgelegd") || !strings.Contains(nl, "60 minuten") || strings.Contains(nl, "minutes") {
			t.Errorf("no basis, Dutch page: want the refusal with \"60 minuten\", no English")
		}
		if !strings.Contains(en, "60 minutes") {
			t.Errorf("no basis, English page: want \"60 minutes\"")
		}
		// All of it refused: the upload is refused with its reason, not
		// "klaar (100%)", on the page and in the API (issue 11).
		// A finished file shows its outcome, not a full progress bar
		// beside it.
		if strings.Contains(nl, "klaar") || !strings.Contains(nl, "Status: <strong>geweigerd</strong>") || strings.Contains(nl, "<progress") || !strings.Contains(nl, "Niets opgeslagen: alle 60 minuten in dit bestand zijn geweigerd.") {
			t.Errorf("all minutes refused, but the page says the upload is done")
		}
		if code, api := c.get("zorgverlener", "/api/v1/sleep/uploads/"+strings.TrimPrefix(st, "/nachtrust/upload/")); code != 200 || !regexp.MustCompile(`"status":\s*"geweigerd"`).MatchString(api) || !regexp.MustCompile(`"error":\s*"Niets opgeslagen`).MatchString(api) {
			t.Errorf("all minutes refused, API: %d %s", code, api)
		}

		// A file of another kind is named as such, with the kinds that
		// are read; not a complaint about a raw CSV's sample rate.
		st = uploadThroughForm(t, e, c, withBasis, nil, map[string]string{"verslag.pdf": "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"})
		_, nl = c.get("zorgverlener", st)
		if !strings.Contains(nl, "Dit is geen apparaatbestand dat Nachtrust kent: verslag.pdf.") || !strings.Contains(nl, "Axivity (.cwa)") || strings.Contains(nl, "samplefrequentie") || strings.Contains(nl, "klaar (100%)") {
			t.Errorf("a PDF is not refused as a file of an unknown kind")
		}
		// Of a file nothing was read from, the page gives the error alone:
		// no rows of zeros, no "Niets overgeslagen" under "mislukt".
		if strings.Contains(nl, "Niets overgeslagen") || strings.Contains(nl, "Minuten opgeslagen") || !strings.Contains(nl, "Status: <strong>mislukt</strong>") {
			t.Errorf("an unread file is reported with counts of zero")
		}

		// A raw CSV whose last line is cut off, at 30 Hz from 2 March
		// 2026 20:00: the reader's place and detail are English; the Dutch
		// page names the place in Dutch and leaves the English out.
		var raw strings.Builder
		for i := range 30 * 120 {
			fmt.Fprintf(&raw, "0.0%d,0.01,0.99\n", i%7)
		}
		raw.WriteString("0.01,0.")
		st = uploadThroughForm(t, e, c, withBasis, map[string]string{"hz": "30", "start": "2026-03-02T20:00"}, map[string]string{"ruw.csv": raw.String()})
		_, nl = c.get("zorgverlener", st)
		_, en = c.get("zorgverlener", st+"?lang=en")
		if !strings.Contains(nl, "regel 3601") || strings.Contains(nl, "line 3601") || strings.Contains(nl, "cut off") {
			t.Errorf("truncated raw CSV, Dutch page: want \"regel 3601\" and no English detail")
		}
		if !strings.Contains(nl, "02-03-2026") || strings.Contains(nl, "2026-03-02") {
			t.Errorf("the recomputed night is not shown as dd-mm-jjjj")
		}
		if !strings.Contains(en, "line 3601") || !strings.Contains(en, "cut off") {
			t.Errorf("truncated raw CSV, English page: want the reader's English detail")
		}

		// Data from before the client's basis began (1 January 2025) is
		// refused saying the basis did not apply then, not that none is
		// recorded; the time is shown in Dutch notation.
		old := time.Date(2024, 6, 1, 18, 0, 0, 0, time.UTC)
		st = uploadThroughForm(t, e, c, withBasis, nil, map[string]string{"oud.csv": epochCSV(old, 60, nightCounts(old))})
		_, nl = c.get("zorgverlener", st)
		if !strings.Contains(nl, "gold toen niet") || strings.Contains(nl, "geen grondslag vastgelegd") {
			t.Errorf("data before the basis: want \"gold toen niet\"")
		}
		if m := rfc3339ish.FindString(nl); m != "" {
			t.Errorf("Dutch page shows a time as %q", m)
		}
		if !strings.Contains(nl, "01-06-2024") {
			t.Errorf("the first refused minute is not shown as dd-mm-jjjj")
		}
		if m := e.s.rd.Catalog.Missing(); len(m) > 0 {
			t.Errorf("missing translations: %q", m)
		}
	})
}

// TestRateMessages: a rate in a message reads as Hz in each language's
// notation; "%.3f" made 30 Hz "30.000 Hz", thirty thousand in Dutch.
func TestRateMessages(t *testing.T) {
	dbtest.Each(t, migrations(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, false)
		ctx := context.Background()
		sn := e.sensor(t, "AG-9", KindWrist, e.client, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		start := time.Date(2026, 3, 5, 23, 0, 0, 0, time.UTC)
		if _, err := e.s.IngestBatch(ctx, sn.Serial, EncodeBatch(synthBatch(1, start, 30000, 900, 0))); err != nil {
			t.Fatal(err)
		}
		_, err := e.s.IngestBatch(ctx, sn.Serial, EncodeBatch(synthBatch(2, start.Add(time.Minute), 85700, 900, 0)))
		if err == nil {
			t.Fatal("a batch at another rate was accepted")
		}
		we := web.AsError(err)
		msg := we.Message + " | " + we.English
		if !strings.Contains(msg, "85,7 Hz wijkt af van de 30 Hz") || !strings.Contains(msg, "85.7 Hz differs from the 30 Hz") || strings.Contains(msg, "30.000") {
			t.Errorf("rate message: %s", msg)
		}
		sn, _ = e.s.SensorByID(ctx, sn.ID)
		if sn.RateHz() != "30" {
			t.Errorf("RateHz %q", sn.RateHz())
		}
		sn.RateMHz = 85700
		if sn.RateHz() != "85,7" {
			t.Errorf("RateHz %q, want the decimal comma", sn.RateHz())
		}
	})
}

// TestAPINotesAndLinks: what the pages let staff do is in the API too:
// intervention notes with their before/after comparison, a sensor's links
// and ending one. Before, none of these routes existed.
func TestAPINotesAndLinks(t *testing.T) {
	dbtest.Each(t, migrations(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, true)
		e.clock.Set(time.Now().UTC())
		loadDemo(t, e)
		c := client{t, server(t, e).URL}
		id := strconv.FormatInt(e.client, 10)

		st, body := c.get("zorgverlener", "/api/v1/sleep/clients/"+id+"/notes")
		var out struct {
			Notes []struct {
				ID       int64  `json:"id"`
				Date     string `json:"date"`
				Text     string `json:"text"`
				Author   string `json:"author"`
				Compared bool   `json:"compared"`
				TST      *struct {
					MedianBefore *float64 `json:"median_before"`
					P            *float64 `json:"p"`
				} `json:"tst_minutes"`
			} `json:"notes"`
			Caveat string `json:"caveat"`
		}
		if st != 200 || json.Unmarshal([]byte(body), &out) != nil || len(out.Notes) == 0 || out.Caveat == "" {
			t.Fatalf("notes API: %d %s", st, body)
		}
		if n := out.Notes[0]; !n.Compared || n.TST == nil || n.TST.P == nil || n.TST.MedianBefore == nil || *n.TST.MedianBefore <= 0 {
			t.Errorf("the demo's note has no comparison in the API: %+v", n)
		}
		if e.aud.count("sleep_notes", "") == 0 {
			t.Error("reading notes over the API is not audited")
		}
		// The page shows the note's date as dd-mm-jjjj.
		d0, _ := time.Parse("2006-01-02", out.Notes[0].Date)
		if _, page := c.get("zorgverlener", "/nachtrust/clienten/"+id); !strings.Contains(page, "vanaf "+d0.Format("02-01-2006")) {
			t.Errorf("client page does not show the note's date as dd-mm-jjjj")
		}

		// A note with no usable nights around it: no comparison, and no
		// NaN breaking the JSON.
		resp, body := c.do("zorgverlener", "POST", "/api/v1/sleep/clients/"+id+"/notes", strings.NewReader(`{"date":"2020-01-01","text":"Later avondeten"}`), "application/json")
		if resp.StatusCode != 201 {
			t.Fatalf("add note: %d %s", resp.StatusCode, body)
		}
		st, body = c.get("zorgverlener", "/api/v1/sleep/clients/"+id+"/notes")
		out.Notes = nil
		if st != 200 || json.Unmarshal([]byte(body), &out) != nil {
			t.Fatalf("notes after adding: %d %s", st, body)
		}
		found := false
		for _, n := range out.Notes {
			if n.Text == "Later avondeten" && n.Date == "2020-01-01" {
				found = true
				if n.Author != "Medewerker zorgverlener" {
					t.Errorf("note's author in the API: %q", n.Author)
				}
				if n.Compared || n.TST != nil {
					t.Errorf("a note without nights is compared: %+v", n)
				}
			}
		}
		if !found {
			t.Errorf("added note not listed: %s", body)
		}
		if e.aud.count("sleep_note", "") == 0 {
			t.Error("adding a note over the API is not audited")
		}
		for _, bad := range []string{`{"date":"01-01-2020","text":"x"}`, `{"date":"2020-01-01","text":"  "}`, `nope`} {
			if resp, _ := c.do("zorgverlener", "POST", "/api/v1/sleep/clients/"+id+"/notes", strings.NewReader(bad), "application/json"); resp.StatusCode < 400 || resp.StatusCode >= 500 {
				t.Errorf("bad note %s: %d", bad, resp.StatusCode)
			}
		}
		// Decoding is strict like the other modules' APIs: a misspelt
		// field is refused by name instead of ignored (it was lax).
		if resp, body := c.do("zorgverlener", "POST", "/api/v1/sleep/clients/"+id+"/notes", strings.NewReader(`{"date":"2020-01-02","text":"x","tekst":"y"}`), "application/json"); resp.StatusCode != 400 || !strings.Contains(body, `"tekst"`) {
			t.Errorf("note with an unknown field: %d %s", resp.StatusCode, body)
		}
		if st, _ := c.get("zv-other", "/api/v1/sleep/clients/"+id+"/notes"); st != 403 {
			t.Errorf("notes for a zorgverlener of another location: %d", st)
		}
		if resp, _ := c.do("zv-other", "POST", "/api/v1/sleep/clients/"+id+"/notes", strings.NewReader(`{"date":"2020-01-01","text":"x"}`), "application/json"); resp.StatusCode != 403 {
			t.Errorf("adding a note at another location: %d", resp.StatusCode)
		}
		// A from that is no date is bad input, not "no nights".
		if st, _ := c.get("zorgverlener", "/api/v1/sleep/clients/"+id+"/nights?from=gisteren"); st < 400 || st >= 500 {
			t.Errorf("nights with from=gisteren: %d", st)
		}

		// Links: listed (audited) and ended over the API.
		sn := e.sensor(t, "AG-API", KindWrist, e.client, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		before := e.aud.count("sleep_link", "")
		st, body = c.get("aanbieder", "/api/v1/sleep/sensors/AG-API/links")
		var ls struct {
			Links []struct {
				ID       int64      `json:"id"`
				ClientID int64      `json:"client_id"`
				End      *time.Time `json:"end"`
			} `json:"links"`
		}
		if st != 200 || json.Unmarshal([]byte(body), &ls) != nil || len(ls.Links) != 1 || ls.Links[0].ClientID != e.client || ls.Links[0].End != nil {
			t.Fatalf("links API: %d %s", st, body)
		}
		if e.aud.count("sleep_link", "") == before {
			t.Error("reading links over the API is not audited")
		}
		if st, _ := c.get("zorgverlener", "/api/v1/sleep/sensors/AG-API/links"); st != 403 {
			t.Errorf("links for a zorgverlener: %d", st)
		}
		end := "/api/v1/sleep/sensors/AG-API/links/" + strconv.FormatInt(ls.Links[0].ID, 10) + "/end"
		resp, body = c.do("aanbieder", "POST", end, nil, "")
		if resp.StatusCode != 200 || !strings.Contains(body, `"end": "`) {
			t.Errorf("end link: %d %s", resp.StatusCode, body)
		}
		if links, _ := e.s.Links(context.Background(), sn.ID); len(links) != 1 || links[0].End.IsZero() {
			t.Errorf("link not ended: %+v", links)
		}
		if resp, _ := c.do("aanbieder", "POST", end, nil, ""); resp.StatusCode != 404 {
			t.Errorf("ending an ended link: %d", resp.StatusCode)
		}
		if resp, _ := c.do("aanbieder", "POST", "/api/v1/sleep/sensors/AG-API/links/999999/end", nil, ""); resp.StatusCode != 404 {
			t.Errorf("ending a link of another sensor: %d", resp.StatusCode)
		}
		// A client cared for only at another location cannot be linked to
		// this location's sensor: no morning overview would show them.
		ctx := context.Background()
		elsewhere, err := e.clients.Create(ctx, nil, clients.NewClient{Name: "Cor", Region: orgs.CareOfficeRegions()[0].Code})
		if err != nil {
			t.Fatal(err)
		}
		for _, rel := range []clients.CareRelation{{ClientID: elsewhere, Kind: clients.CareOrganisation, RefID: e.org, Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}, {ClientID: elsewhere, Kind: clients.CareLocation, RefID: e.otherLoc, Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}} {
			if _, err := e.clients.AddCareRelation(ctx, nil, rel); err != nil {
				t.Fatal(err)
			}
		}
		for _, tc := range []struct {
			cid  int64
			want bool
		}{{elsewhere, false}, {e.noBasis, true}} {
			cid, want := tc.cid, tc.want
			resp, body := c.do("aanbieder", "POST", "/api/v1/sleep/sensors/AG-API/links", strings.NewReader(fmt.Sprintf(`{"client_id":%d,"start":"2027-01-01T00:00:00Z"}`, cid)), "application/json")
			if (resp.StatusCode == 201) != want {
				t.Errorf("link client %d: %d %s", cid, resp.StatusCode, body)
			}
		}
		if resp, body := c.do("aanbieder", "POST", "/api/v1/sleep/sensors/AG-API/links", strings.NewReader(fmt.Sprintf(`{"client_id":%d,"start":"2027-02-01T00:00:00Z","einde":"2027-03-01T00:00:00Z"}`, e.noBasis)), "application/json"); resp.StatusCode != 400 || !strings.Contains(body, `"einde"`) {
			t.Errorf("link with an unknown field: %d %s", resp.StatusCode, body)
		}
		// A body without a field the route needs is refused before the
		// domain: 400 naming it, as the API document's required says.
		for _, tc := range []struct{ path, body, field string }{
			{"/api/v1/sleep/sensors/AG-API/links", `{"start":"2027-01-01T00:00:00Z"}`, "client_id"},
			{"/api/v1/sleep/sensors/AG-API/links", fmt.Sprintf(`{"client_id":%d}`, e.noBasis), "start"},
			{"/api/v1/sleep/sensors", `{"kind":"pols","label":"x"}`, "serial"},
		} {
			resp, body := c.do("aanbieder", "POST", tc.path, strings.NewReader(tc.body), "application/json")
			var p struct {
				Code   string `json:"code"`
				Params []struct {
					Name string `json:"name"`
				} `json:"invalid-params"`
			}
			_ = json.Unmarshal([]byte(body), &p)
			if resp.StatusCode != 400 || p.Code != "malformed_request" || len(p.Params) != 1 || p.Params[0].Name != tc.field {
				t.Errorf("%s %s without %s: %d %s", tc.path, tc.body, tc.field, resp.StatusCode, body)
			}
		}
	})
}
