package sleep

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
)

// The start time of a raw CSV is typed as dd-mm-jjjj uu:mm (issue 11: the
// field was a datetime-local input, which the browser showed as
// mm/dd/yyyy); a wrong one is named with the format, together with the
// other errors of the form.
func TestUploadStartTimeTypedDutch(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]time.Time{
		"05-12-2026 22:00":  time.Date(2026, 12, 5, 22, 0, 0, 0, loc),
		" 5-12-2026  22.30": time.Date(2026, 12, 5, 22, 30, 0, 0, loc),
		"2026-12-05T22:00":  time.Date(2026, 12, 5, 22, 0, 0, 0, loc),
	} {
		if got, err := parseStartTime(in, loc); err != nil || !got.Equal(want) {
			t.Errorf("parseStartTime(%q) = %v %v", in, got, err)
		}
	}
	for _, bad := range []string{"12/05/2026 22:00", "31-02-2026 22:00", "05-12-2026", "22:00"} {
		if _, err := parseStartTime(bad, loc); err == nil {
			t.Errorf("parseStartTime(%q) accepted", bad)
		}
	}
	dbtest.Each(t, migrations(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, true)
		c := client{t, server(t, e).URL}
		resp, _ := c.form("aanbieder", "/nachtrust/sensoren/nieuw", url.Values{"serial": {"AG-90"}, "kind": {"pols"}, "location": {strconv.FormatInt(e.loc, 10)}})
		if resp.StatusCode != 303 {
			t.Fatalf("sensor: %d", resp.StatusCode)
		}
		sn, err := e.s.SensorBySerial(context.Background(), "AG-90")
		if err != nil {
			t.Fatal(err)
		}
		// The sensor page's link form is one section headed by its task
		// (before: an h3 "Koppelen aan een cliënt" above the picker's own
		// h2 "Cliënt", headings out of order).
		if st, body := c.get("aanbieder", resp.Header.Get("Location")); st != 200 || !strings.Contains(body, `-kop">Koppelen aan een cliënt</h2>`) || strings.Contains(body, "<h3>Koppelen") {
			t.Errorf("sensor page %d: link section heading", st)
		}
		// Its links table stacks on a phone, so the end button is not cut
		// off at the screen's edge.
		linked, _, _ := strings.Cut(resp.Header.Get("Location"), "?")
		if r, _ := c.form("aanbieder", linked+"/koppelingen", url.Values{"client": {strconv.FormatInt(e.client, 10)}, "start": {"01-03-2026"}}); r.StatusCode != 303 {
			t.Fatalf("link: %d", r.StatusCode)
		}
		if _, body := c.get("aanbieder", linked); !strings.Contains(body, `<table class="table--stack">`) || !strings.Contains(body, `data-label="Actie"`) {
			t.Error("the sensor's links table does not stack on a phone")
		}
		if _, body := c.get("aanbieder", "/nachtrust/sensoren"); !strings.Contains(body, `<table class="table--stack">`) || !strings.Contains(body, `data-label="Nu gekoppeld aan"`) {
			t.Error("the sensors table does not stack on a phone")
		}
		st, body := c.get("zorgverlener", "/nachtrust/upload")
		// The nurse picks the sensor by who wears it, not by serial alone.
		if !strings.Contains(body, ">Anna: AG-90</option>") {
			t.Error("the upload form does not name the client a sensor is linked to")
		}
		if st != 200 || strings.Contains(body, `type="datetime-local"`) || !strings.Contains(body, "dd-mm-jjjj uu:mm") {
			t.Fatalf("upload form: %d, datetime-local %v", st, strings.Contains(body, `type="datetime-local"`))
		}
		post := func(start, hz string) (int, string) {
			var buf bytes.Buffer
			mw := multipart.NewWriter(&buf)
			_ = mw.WriteField("sensor", strconv.FormatInt(sn.ID, 10))
			_ = mw.WriteField("start", start)
			_ = mw.WriteField("hz", hz)
			fw, _ := mw.CreateFormFile("files", "ruw.csv")
			_, _ = fw.Write([]byte("x,y,z\n0,0,1\n"))
			if err := mw.Close(); err != nil {
				t.Fatal(err)
			}
			resp, body := c.do("zorgverlener", "POST", "/nachtrust/upload", &buf, mw.FormDataContentType())
			return resp.StatusCode, body
		}
		code, body := post("12/05/2026 22:00", "abc")
		if code != 422 || !strings.Contains(body, `href="#start"`) || !strings.Contains(body, "Vul de starttijd in als dd-mm-jjjj uu:mm") || !strings.Contains(body, `href="#hz"`) || !strings.Contains(body, `value="12/05/2026 22:00"`) {
			t.Errorf("wrong start time and rate: %d", code)
		}
		if code, _ := post("05-12-2026 22:00", "30"); code != 303 {
			t.Errorf("start time typed as dd-mm-jjjj uu:mm: %d", code)
		}
		// On a phone the actogram slides in its own frame (its labels stay
		// readable, the page does not scroll sideways); the trend charts'
		// 30-row tables fold away under the chart; a night's date does not
		// break at its hyphens.
		st, body = c.get("zorgverlener", "/nachtrust/clienten/"+strconv.FormatInt(e.client, 10))
		if st != 200 || !strings.Contains(body, `<div class="chart-scroll" role="region" tabindex="0" aria-label="Actogram van 30 nachten"><svg class="chart"`) ||
			strings.Count(body, `<details class="chart-data"><summary>De cijfers per nacht</summary>`) != 3 {
			t.Errorf("client page: %d, actogram frame %v, folded tables %d", st, strings.Contains(body, `class="chart-scroll"`), strings.Count(body, `<details class="chart-data">`))
		}
	})
}
