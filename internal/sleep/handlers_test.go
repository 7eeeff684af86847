package sleep

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
	"github.com/volwaardig/volwaardig/internal/web"
)

// server routes Nachtrust with a test middleware that takes the principal
// from the X-Test-Role header ("device" for a device token of the
// aanbieder, "zv-other" for a zorgverlener of another location).
func server(t *testing.T, e *env) *httptest.Server {
	t.Helper()
	rt := web.NewRouter()
	contract.Install(rt) // API answers are checked against the document (contract_test.go)
	e.s.Places = placesFunc(func(ctx context.Context, org int64) ([]Place, error) {
		return []Place{{ID: e.loc, Name: "De Linde"}, {ID: e.otherLoc, Name: "De Eik"}}, nil
	})
	e.s.Routes(rt)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		role := r.Header.Get("X-Test-Role")
		var p *auth.Principal
		switch role {
		case "":
		case "device":
			p = e.principal(auth.RoleAanbieder)
			p.Device = true
		case "zv-other":
			p = e.principal(auth.RoleZorgverlener)
			p.Scope = auth.Scope{Locations: []int64{e.otherLoc}}
		default:
			p = e.principal(auth.Role(role))
		}
		if p != nil {
			r = r.WithContext(auth.WithPrincipal(r.Context(), p))
		}
		rt.ServeHTTP(w, r)
	})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

type client struct {
	t    *testing.T
	base string
}

func (c client) do(role, method, path string, body io.Reader, ctype string) (*http.Response, string) {
	c.t.Helper()
	req, _ := http.NewRequest(method, c.base+path, body)
	req.Header.Set("X-Test-Role", role)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(b)
}

func (c client) get(role, path string) (int, string) {
	resp, body := c.do(role, "GET", path, nil, "")
	return resp.StatusCode, body
}

func (c client) form(role, path string, v url.Values) (*http.Response, string) {
	return c.do(role, "POST", path, strings.NewReader(v.Encode()), "application/x-www-form-urlencoded")
}

func TestPages(t *testing.T) {
	dbtest.Each(t, migrations(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, true)
		e.clock.Set(time.Now().UTC())
		loadDemo(t, e)
		c := client{t, server(t, e).URL}
		id := strconv.FormatInt(e.client, 10)
		// Pages read minute epochs and nights only, never raw data: with
		// every stored raw hour made undecodable they still show the
		// demo client's last night, which came from raw samples.
		res, err := d.ExecContext(context.Background(), `UPDATE sleep_raw_hours SET data = $1`, []byte("not a raw block"))
		if n, _ := res.RowsAffected(); err != nil || n == 0 {
			t.Fatalf("no raw hours to spoil: %v", err)
		}

		st, body := c.get("zorgverlener", "/nachtrust")
		if st != 200 || !strings.Contains(body, "Anna") || !strings.Contains(body, "geen alarm") || !strings.Contains(body, "/nachtrust/clienten/"+id) {
			t.Fatalf("overview: %d", st)
		}
		st, body = c.get("zorgverlener", "/nachtrust/clienten/"+id)
		if st != 200 || !strings.Contains(body, "slaapperiode gevonden") || strings.Count(body, "<svg") != 7 || strings.Count(body, `<div class="chart chart-narrow">`) != 3 || !strings.Contains(body, "Nieuwe matras") || !strings.Contains(body, "<caption>") {
			t.Fatalf("client page: %d, %d charts (want the actogram and three trends, each trend also drawn for a phone)", st, strings.Count(body, "<svg"))
		}
		// The note's comparison in words, with its author and time; no
		// p-values or test names on the ward page (issue 11).
		if !strings.Contains(body, "Na de verandering sliep ") || !strings.Contains(body, "toeval") || !strings.Contains(body, "Geschreven door Jeroen Bakker op ") {
			t.Error("the note comparison is not told in words with its author")
		}
		for _, stat := range []string{"Mann-Whitney", "(p)", "p-waarde", "< 0,001"} {
			if strings.Contains(body, stat) {
				t.Errorf("ward page shows statistics: %q", stat)
			}
		}
		if e.aud.count("sleep_client", "") == 0 {
			t.Error("client page not audited")
		}
		if st, _ := c.get("zv-other", "/nachtrust/clienten/"+id); st != 403 {
			t.Errorf("zorgverlener of another location: %d", st)
		}
		if e.aud.count("sleep_client", audit.OutcomeDenied) == 0 {
			t.Error("refusal not audited")
		}
		if st, _ := c.get("aanbieder", "/nachtrust/clienten/"+id); st != 403 {
			t.Errorf("aanbieder on a client page: %d", st)
		}
		st, body = c.get("naaste", "/nachtrust")
		if st != 200 || !strings.Contains(body, "/nachtrust/naaste/"+id) || e.aud.count("sleep_shared", "") == 0 {
			t.Errorf("naaste overview: %d (audited %d)", st, e.aud.count("sleep_shared", ""))
		}
		st, body = c.get("naaste", "/nachtrust/naaste/"+id)
		if st != 200 || !strings.Contains(body, "Geslapen:") {
			t.Errorf("naaste summary: %d", st)
		}
		// Pictograms are the product's own SVG files with an empty alt,
		// never emoji (empty boxes on a phone without an emoji font).
		if regexp.MustCompile(`[\x{1F000}-\x{1FFFF}\x{2600}-\x{27BF}\x{FE0F}]`).MatchString(body) ||
			!strings.Contains(body, `<img class="picto" src="/static/picto/bed.svg" alt=""`) {
			t.Error("naaste summary: emoji instead of the product's SVG pictograms")
		}
		if st, _ := c.get("naaste", "/nachtrust/naaste/"+strconv.FormatInt(e.noBasis, 10)); st != 403 {
			t.Errorf("naaste on a client not shared: %d", st)
		}
		// Notes: an error re-renders with 422 and a summary; success 303.
		resp, body := c.form("zorgverlener", "/nachtrust/clienten/"+id+"/notities", url.Values{"text": {""}, "date": {"gisteren"}})
		if resp.StatusCode != 422 || !strings.Contains(body, `href="#text"`) || !strings.Contains(body, `href="#date"`) {
			t.Errorf("bad note: %d", resp.StatusCode)
		}
		resp, _ = c.form("zorgverlener", "/nachtrust/clienten/"+id+"/notities", url.Values{"text": {"Later avondeten"}, "date": {"2026-03-10"}})
		if resp.StatusCode != 303 {
			t.Errorf("note: %d", resp.StatusCode)
		}
		// Every page in English has its translations.
		for _, p := range []struct{ role, path string }{{"zorgverlener", "/nachtrust"}, {"zorgverlener", "/nachtrust/clienten/" + id}, {"naaste", "/nachtrust/naaste/" + id},
			{"naaste", "/nachtrust"}, {"aanbieder", "/nachtrust"}, {"aanbieder", "/nachtrust/sensoren"}, {"aanbieder", "/nachtrust/sensoren/nieuw"}, {"aanbieder", "/nachtrust/upload"}} {
			if st, _ := c.get(p.role, p.path+"?lang=en"); st != 200 {
				t.Errorf("%s %s in English: %d", p.role, p.path, st)
			}
		}
		if m := e.s.rd.Catalog.Missing(); len(m) > 0 {
			t.Errorf("missing translations: %q", m)
		}
		// JSON API.
		st, body = c.get("zorgverlener", "/api/v1/sleep/clients/"+id+"/nights")
		var out struct {
			Nights []nightJSON `json:"nights"`
		}
		if st != 200 || json.Unmarshal([]byte(body), &out) != nil || len(out.Nights) < 25 {
			t.Errorf("nights API: %d, %d nights", st, len(out.Nights))
		}
		if st, _ := c.get("zorgverlener", "/api/v1/sleep/overview"); st != 200 {
			t.Errorf("overview API: %d", st)
		}
		if st, _ := c.get("naaste", "/api/v1/sleep/clients/"+id+"/summary"); st != 200 {
			t.Errorf("summary API for naaste: %d", st)
		}
	})
}

func TestSensorAdminAndUpload(t *testing.T) {
	dbtest.Each(t, migrations(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, true)
		c := client{t, server(t, e).URL}
		loc := strconv.FormatInt(e.loc, 10)
		resp, body := c.form("aanbieder", "/nachtrust/sensoren/nieuw", url.Values{"serial": {""}, "kind": {"pols"}, "location": {loc}})
		if resp.StatusCode != 422 || !strings.Contains(body, `href="#serial"`) {
			t.Fatalf("sensor without serial: %d", resp.StatusCode)
		}
		resp, _ = c.form("aanbieder", "/nachtrust/sensoren/nieuw", url.Values{"serial": {"AG-77"}, "kind": {"pols"}, "location": {loc}})
		if resp.StatusCode != 303 {
			t.Fatalf("sensor: %d", resp.StatusCode)
		}
		// The sensor's page confirms what was done (the browser walk of
		// issue 18 found it silent), here and after a link.
		if st, body := c.get("aanbieder", resp.Header.Get("Location")); st != 200 || !strings.Contains(body, "De sensor is geregistreerd.") {
			t.Fatalf("sensor page after registering: %d, no confirmation", st)
		}
		sensorPath, _, _ := strings.Cut(resp.Header.Get("Location"), "?")
		resp, _ = c.form("aanbieder", sensorPath+"/koppelingen", url.Values{"client": {strconv.FormatInt(e.client, 10)}, "start": {"01-03-2026"}})
		if resp.StatusCode != 303 {
			t.Fatalf("link: %d", resp.StatusCode)
		}
		if _, body := c.get("aanbieder", resp.Header.Get("Location")); !strings.Contains(body, "De sensor is gekoppeld aan de cliënt.") {
			t.Error("sensor page after linking: no confirmation")
		}
		resp, body = c.form("aanbieder", sensorPath+"/koppelingen", url.Values{"client": {strconv.FormatInt(e.client, 10)}, "start": {"05-03-2026"}})
		if resp.StatusCode != 422 || !strings.Contains(body, "al aan een cliënt gekoppeld") {
			t.Errorf("overlapping link: %d", resp.StatusCode)
		}
		// Legal basis first: a sensor linked to a client without a basis
		// says on its page that its data is refused; one with a basis not.
		if _, body := c.get("aanbieder", sensorPath); strings.Contains(body, "geen grondslag vastgelegd") {
			t.Error("client with a basis shown without one")
		}
		resp, _ = c.form("aanbieder", "/nachtrust/sensoren/nieuw", url.Values{"serial": {"AG-78"}, "kind": {"pols"}, "location": {loc}})
		other, _, _ := strings.Cut(resp.Header.Get("Location"), "?")
		c.form("aanbieder", other+"/koppelingen", url.Values{"client": {strconv.FormatInt(e.noBasis, 10)}, "start": {"01-03-2026"}})
		if _, body := c.get("aanbieder", other); !strings.Contains(body, "geen grondslag vastgelegd: gegevens worden geweigerd") {
			t.Error("sensor page does not say that the client has no basis")
		}
		// The form shows how far the files are sent with a few lines of
		// script (progressive enhancement; the form posts without them).
		if st, body := c.get("zorgverlener", "/nachtrust/upload"); st != 200 || !strings.Contains(body, "data-upload-progress") || !strings.Contains(body, `<script src="/nachtrust/upload.js" defer>`) || !strings.Contains(body, `<progress id="upload-progress"`) {
			t.Errorf("upload form: %d", st)
		}
		if resp, js := c.do("zorgverlener", "GET", "/nachtrust/upload.js", nil, ""); resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/javascript") || !strings.Contains(js, "xhr.upload.onprogress") {
			t.Errorf("upload.js: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		// No file and a bad rate: both mistakes at once, in the form's
		// order, with the rate kept as typed.
		var empty bytes.Buffer
		emw := multipart.NewWriter(&empty)
		_ = emw.WriteField("hz", "dertig")
		if err := emw.Close(); err != nil {
			t.Error(err)
		}
		resp, body = c.do("zorgverlener", "POST", "/nachtrust/upload", &empty, emw.FormDataContentType())
		if i, j := strings.Index(body, `href="#files"`), strings.Index(body, `href="#hz"`); resp.StatusCode != 422 || i < 0 || j < i || !strings.Contains(body, `value="dertig"`) {
			t.Errorf("upload without a file and with a bad rate: %d, files at %d, hz at %d", resp.StatusCode, i, j)
		}
		// Upload an epoch CSV through the form; the status page shows a
		// progress bar that works without JavaScript until processed.
		start := time.Date(2026, 3, 2, 18, 0, 0, 0, time.UTC)
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		sn, _ := e.s.SensorBySerial(context.Background(), "AG-77")
		_ = mw.WriteField("sensor", strconv.FormatInt(sn.ID, 10))
		fw, _ := mw.CreateFormFile("files", "nacht.csv")
		_, _ = fw.Write([]byte(epochCSV(start, 18*60, nightCounts(start))))
		fw, _ = mw.CreateFormFile("files", "kapot.cwa")
		_, _ = fw.Write([]byte("dit is geen cwa"))
		if err := mw.Close(); err != nil {
			t.Error(err)
		}
		resp, _ = c.do("zorgverlener", "POST", "/nachtrust/upload", &buf, mw.FormDataContentType())
		if resp.StatusCode != 303 {
			t.Fatalf("upload: %d", resp.StatusCode)
		}
		status := resp.Header.Get("Location")
		resp, body = c.do("zorgverlener", "GET", status, nil, "")
		if resp.StatusCode != 200 || resp.Header.Get("Refresh") == "" || !strings.Contains(body, "<progress") {
			t.Fatalf("status while waiting: %d refresh %q", resp.StatusCode, resp.Header.Get("Refresh"))
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
		resp, body = c.do("zorgverlener", "GET", status, nil, "")
		if resp.StatusCode != 200 || resp.Header.Get("Refresh") != "" || !strings.Contains(body, "Alle bestanden zijn verwerkt") || !strings.Contains(body, "1.080") || !strings.Contains(body, "alert--error") {
			t.Errorf("status when done: %d", resp.StatusCode)
		}
		if _, en := c.get("zorgverlener", status+"?lang=en"); !strings.Contains(en, "could not be read") || !strings.Contains(en, "CSV of epochs") {
			t.Error("the per-file report is not in English on the English page")
		}
		// The format in words, not its code (the browser walk of issue 18).
		if !strings.Contains(body, "<dd>CSV met epochs</dd>") || strings.Contains(body, "epoch-csv") {
			t.Error("the status page names the file's format by its code")
		}
		if st, _ := c.get("zv-other", status); st != 403 {
			t.Errorf("upload status for another location: %d", st)
		}
		// API: a device streams a batch; a retry is acknowledged once.
		batch := EncodeBatch(synthBatch(1, time.Date(2026, 3, 5, 23, 0, 0, 0, time.UTC), 30000, 900, 0))
		for i, want := range []bool{false, true} {
			resp, body = c.do("device", "POST", "/api/v1/sleep/sensors/AG-77/stream", bytes.NewReader(batch), "application/octet-stream")
			var ack struct {
				Stored    int  `json:"stored"`
				Duplicate bool `json:"duplicate"`
			}
			if resp.StatusCode != 200 || json.Unmarshal([]byte(body), &ack) != nil || ack.Duplicate != want {
				t.Errorf("stream %d: %d %s", i, resp.StatusCode, body)
			}
		}
		// The same format gzip-compressed, as a sensor on a slow link sends it.
		var gz bytes.Buffer
		zw := gzip.NewWriter(&gz)
		_, _ = zw.Write(EncodeBatch(synthBatch(2, time.Date(2026, 3, 5, 23, 0, 30, 0, time.UTC), 30000, 900, 30)))
		if err := zw.Close(); err != nil {
			t.Error(err)
		}
		req, _ := http.NewRequest("POST", c.base+"/api/v1/sleep/sensors/AG-77/stream", &gz)
		req.Header.Set("X-Test-Role", "device")
		req.Header.Set("Content-Encoding", "gzip")
		if r, err := http.DefaultClient.Do(req); err != nil || r.StatusCode != 200 {
			t.Errorf("gzip batch: %v %v", r.StatusCode, err)
		} else {
			r.Body.Close()
		}
		resp, _ = c.do("device", "POST", "/api/v1/sleep/sensors/AG-77/stream", strings.NewReader("VWS1 kapot"), "")
		if resp.StatusCode != 422 {
			t.Errorf("broken batch: %d", resp.StatusCode)
		}
		if resp, _ := c.do("device", "GET", "/nachtrust", nil, ""); resp.StatusCode != 403 {
			t.Errorf("device token on a page: %d", resp.StatusCode)
		}
		resp, body = c.do("device", "POST", "/api/v1/sleep/sensors/AG-77/files?name=nacht2.csv", strings.NewReader(epochCSV(start.Add(24*time.Hour), 60, nightCounts(start))), "text/csv")
		if resp.StatusCode != 200 || !strings.Contains(body, `"epochs": 60`) {
			t.Errorf("file API: %d %s", resp.StatusCode, body)
		}
		// Who saw which client a sensor is on, who delivered files and who
		// ended a link: all in the audit log.
		links, err := e.s.Links(context.Background(), sn.ID)
		if err != nil || len(links) != 1 {
			t.Fatalf("links %v %v", links, err)
		}
		resp, _ = c.form("aanbieder", sensorPath+"/koppelingen/"+strconv.FormatInt(links[0].ID, 10)+"/beeindigen", url.Values{})
		if resp.StatusCode != 303 {
			t.Errorf("end link: %d", resp.StatusCode)
		}
		for _, obj := range []string{"sleep_link", "sleep_upload", "sleep_file"} {
			if e.aud.count(obj, "") == 0 {
				t.Errorf("no audit entry for %s", obj)
			}
		}
		ended := 0
		for _, ev := range e.aud.Events() {
			if ev.Object == "sleep_link" && ev.Action == audit.ActionUpdate && ev.ClientID == e.client {
				ended++
			}
		}
		if ended != 1 {
			t.Errorf("%d audit entries for ending the link, want 1", ended)
		}
	})
}

type placesFunc func(ctx context.Context, org int64) ([]Place, error)

func (f placesFunc) Locations(ctx context.Context, org int64) ([]Place, error) { return f(ctx, org) }

// LocationOrganisation knows no location: a new sensor takes the
// aanbieder's own organisation.
func (f placesFunc) LocationOrganisation(ctx context.Context, loc int64) (int64, error) {
	return 0, nil
}

// TestMorningOverviewFlags stores 15 ordinary nights for two clients and a
// restless 16th night for one of them, through the file ingest: that night
// is flagged against the client's own 14-night baseline and the client
// stands first on the location's morning overview (before the
// alphabetically earlier client), with the reason in words.
func TestMorningOverviewFlags(t *testing.T) {
	dbtest.Each(t, migrations(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, true)
		ctx := context.Background()
		if _, err := e.clients.AddConsent(ctx, nil, clients.Consent{ClientID: e.noBasis, Subject: clients.SubjectSleepMonitoring, Basis: clients.BasisRepresentative,
			ValidFrom: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), RecordedBy: e.users[auth.RoleZorgverlener]}); err != nil {
			t.Fatal(err)
		}
		linkStart := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
		anna := e.sensor(t, "AG-A", KindWrist, e.client, linkStart)
		bert := e.sensor(t, "AG-B", KindWrist, e.noBasis, linkStart)
		start := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
		steady := nightCounts(start)
		const days = 16
		restless := func(i int) int {
			tm := start.Add(time.Duration(i) * time.Minute)
			// The last night: three minutes of movement every hour from
			// 23:00 to 06:00, each an awakening.
			if i >= (days-1)*24*60 && tm.Minute() < 3 && (tm.Hour() >= 23 || tm.Hour() <= 6) {
				return 500
			}
			return steady(i)
		}
		for _, c := range []struct {
			sn Sensor
			f  func(int) int
		}{{anna, steady}, {bert, restless}} {
			if r := e.s.IngestFile(ctx, c.sn, "maand.csv", []byte(epochCSV(start, days*24*60, c.f)), FileOptions{}); r.Error != "" {
				t.Fatal(r.Error)
			}
		}
		last := start.AddDate(0, 0, days-1).Format("2006-01-02")
		for _, c := range []struct {
			id      int64
			flagged bool
		}{{e.client, false}, {e.noBasis, true}} {
			n, ok, err := e.s.LastNight(ctx, c.id)
			if err != nil || !ok || n.Date != last {
				t.Fatalf("last night of %d: %+v %v %v", c.id, n, ok, err)
			}
			if n.Baseline.N != BaselineNights || n.HasFlag(FlagAwakeOften) != c.flagged || (!c.flagged && n.Flagged()) {
				t.Errorf("client %d night %s: %d awakenings, flags %v, baseline %+v", c.id, n.Date, n.Awakenings, n.Flags, n.Baseline)
			}
		}
		e.clock.Set(time.Date(2026, 3, 18, 8, 0, 0, 0, time.UTC))
		c := client{t, server(t, e).URL}
		st, body := c.get("zorgverlener", "/nachtrust")
		ia, ib := strings.Index(body, ">Anna<"), strings.Index(body, ">Bert<")
		if st != 200 || ia < 0 || ib < 0 || ib > ia || !strings.Contains(body, "vaker wakker dan gewoonlijk") {
			t.Errorf("overview: status %d, Bert at %d, Anna at %d, flag text shown %v", st, ib, ia, strings.Contains(body, "vaker wakker dan gewoonlijk"))
		}
		if st, en := c.get("zorgverlener", "/nachtrust?lang=en"); st != 200 || !strings.Contains(en, "woke more often than usual") {
			t.Errorf("English overview lacks the flag in English")
		}
		// The flag is the first column, so that on a phone it is seen
		// without scrolling the table sideways (issue 11).
		if iflag := strings.Index(body, "vaker wakker dan gewoonlijk"); iflag < 0 || iflag > ib {
			t.Errorf("flag at %d, Bert's name at %d: the flag column must come first", iflag, ib)
		}
		if !strings.Contains(body, "Nacht van 17-03-2026 op 18-03-2026") || !strings.Contains(body, `value="18-03-2026"`) {
			t.Error("overview does not say which morning it shows (default today)")
		}
		// Another morning: the night before it, without the flag of the
		// restless last night.
		st, body = c.get("zorgverlener", "/nachtrust?ochtend=17-03-2026")
		if st != 200 || !strings.Contains(body, "Nacht van 16-03-2026 op 17-03-2026") || strings.Contains(body, "vaker wakker dan gewoonlijk") || !strings.Contains(body, ">Bert<") {
			t.Errorf("morning of 17-03-2026: status %d, shows the last night's flag %v", st, strings.Contains(body, "vaker wakker dan gewoonlijk"))
		}
		if st, body = c.get("zorgverlener", "/nachtrust?ochtend=01-01-2026"); st != 200 || strings.Count(body, "Geen nacht ontvangen voor deze ochtend.") != 2 {
			t.Errorf("a morning without nights: status %d", st)
		}
		if st, body = c.get("zorgverlener", "/nachtrust?ochtend=31-02-2026"); st != 422 || !strings.Contains(body, "Vul bij ‘ochtend’ een datum in als dd-mm-jjjj") || !strings.Contains(body, `value="31-02-2026"`) {
			t.Errorf("a wrong date: status %d", st)
		}
		// The relative's easy-read summary: short lines, the intended use
		// in easy words, pictograms (the product's SVG files, issue 11) with
		// an empty alt, so screen readers skip them.
		st, body = c.get("naaste", "/nachtrust/naaste/"+strconv.FormatInt(e.client, 10))
		if st != 200 || !strings.Contains(body, "Het is geen alarm.") || !strings.Contains(body, `<img class="picto" src="/static/picto/slapen.svg" alt=""`) || !strings.Contains(body, "zoals gewoonlijk") {
			t.Errorf("naaste summary: %d", st)
		}
	})
}

// TestPlacesFailureIsAnError: when the organisation's locations cannot be
// read, the sensor form and the sensor API answer 500. Before, the failure
// was dropped: the form offered no location and the API refused a valid
// location with 400 "does not belong to your organisation".
func TestPlacesFailureIsAnError(t *testing.T) {
	d := dbtest.SQLite(t, migrations()...)
	e := newEnv(t, d, true)
	c := client{t, server(t, e).URL}
	e.s.Places = placesFunc(func(ctx context.Context, org int64) ([]Place, error) {
		return nil, errors.New("database unreachable")
	})
	if st, _ := c.get("aanbieder", "/nachtrust/sensoren/nieuw"); st != http.StatusInternalServerError {
		t.Errorf("sensor form: %d, want 500", st)
	}
	loc := strconv.FormatInt(e.loc, 10)
	if resp, _ := c.form("aanbieder", "/nachtrust/sensoren/nieuw", url.Values{"serial": {"AG-90"}, "kind": {"pols"}, "location": {loc}}); resp.StatusCode != http.StatusInternalServerError {
		t.Errorf("sensor create: %d, want 500", resp.StatusCode)
	}
	resp, body := c.do("aanbieder", "POST", "/api/v1/sleep/sensors", strings.NewReader(`{"serial":"AG-91","kind":"pols","location_id":`+loc+`}`), "application/json")
	if resp.StatusCode != http.StatusInternalServerError {
		t.Errorf("sensor API: %d %s, want 500", resp.StatusCode, body)
	}
	if st, _ := c.get("aanbieder", "/nachtrust/sensoren"); st != http.StatusInternalServerError {
		t.Errorf("sensor list: %d, want 500", st)
	}
}

// Dates are typed as dd-mm-jjjj text (issue 11), not <input type=date>,
// which shows the browser's locale (mm/dd/yyyy in an English Chromium):
// the note's night and the sensor link's dates are text fields with a
// dd-mm-jjjj hint, filled with today as dd-mm-jjjj, and accept it.
func TestDatesTypedAsDayMonthYear(t *testing.T) {
	dbtest.Each(t, migrations(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, true)
		c := client{t, server(t, e).URL}
		id := strconv.FormatInt(e.client, 10)
		st, body := c.get("zorgverlener", "/nachtrust/clienten/"+id)
		if st != 200 || strings.Contains(body, `type="date"`) || !strings.Contains(body, `name="date" autocomplete="off" value="20-03-2026" aria-describedby="date-hint"`) {
			t.Errorf("note form: %d, a browser-locale date field or no dd-mm-jjjj default", st)
		}
		resp, _ := c.form("aanbieder", "/nachtrust/sensoren/nieuw", url.Values{"serial": {"AG-78"}, "kind": {"pols"}, "location": {strconv.FormatInt(e.loc, 10)}})
		sensorPath, _, _ := strings.Cut(resp.Header.Get("Location"), "?")
		st, body = c.get("aanbieder", sensorPath+"?client="+id)
		if st != 200 || strings.Contains(body, `type="date"`) || !strings.Contains(body, `name="start" autocomplete="off" value="20-03-2026"`) || !strings.Contains(body, `id="end-hint"`) {
			t.Errorf("sensor link form: %d, a browser-locale date field or no dd-mm-jjjj default", st)
		}
		// A date that does not exist is named as such, with the text's
		// error at the same time.
		resp, body = c.form("zorgverlener", "/nachtrust/clienten/"+id+"/notities", url.Values{"text": {""}, "date": {"31-02-2026"}})
		if resp.StatusCode != 422 || !strings.Contains(body, "Vul een bestaande datum in als dd-mm-jjjj") || !strings.Contains(body, `href="#text"`) {
			t.Errorf("impossible date: %d", resp.StatusCode)
		}
		// The summary lists the mistakes in the form's order: the text
		// field stands above the date.
		if i, j := strings.Index(body, `href="#text"`), strings.Index(body, `href="#date"`); i < 0 || j < i {
			t.Errorf("note summary not in the form's order: text at %d, date at %d", i, j)
		}
		resp, _ = c.form("zorgverlener", "/nachtrust/clienten/"+id+"/notities", url.Values{"text": {"Nieuwe matras"}, "date": {"18-03-2026"}})
		if resp.StatusCode != 303 || !strings.HasSuffix(resp.Header.Get("Location"), "#notities") {
			t.Fatalf("note with dd-mm-jjjj: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		// The confirmation stands at the notes, where the page opens.
		loc, _, _ := strings.Cut(resp.Header.Get("Location"), "#")
		_, body = c.get("zorgverlener", loc)
		if i, j := strings.Index(body, `id="notities"`), strings.Index(body, "De notitie is opgeslagen."); j < 0 || j < i {
			t.Errorf("no confirmation at the notes (heading at %d, confirmation at %d)", i, j)
		}
	})
}
