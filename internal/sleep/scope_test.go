package sleep

import (
	"bytes"
	"context"
	"mime/multipart"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
	"github.com/volwaardig/volwaardig/internal/orgs"
)

// TestDeliveryStaysAtLocation: a care worker of one location uploaded
// sleep data into the record of a client at another location of the same
// organisation (issue 9, finding 13): the organisation in their scope
// made every sensor of it theirs to upload to. Now a user bound to
// locations delivers only through sensors of those locations (form, file
// API, stream), and whatever the path, data is stored only for a linked
// client who is cared for at the sensor's location.
func TestDeliveryStaysAtLocation(t *testing.T) {
	dbtest.Each(t, migrations(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, true)
		ctx := context.Background()
		c := client{t, server(t, e).URL}
		from := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		// Cor is cared for at the other location, with a legal basis.
		cor, err := e.clients.Create(ctx, nil, clients.NewClient{Name: "Cor", Region: orgs.CareOfficeRegions()[0].Code})
		if err != nil {
			t.Fatal(err)
		}
		for _, rel := range []clients.CareRelation{{ClientID: cor, Kind: clients.CareOrganisation, RefID: e.org, Start: from}, {ClientID: cor, Kind: clients.CareLocation, RefID: e.otherLoc, Start: from}} {
			if _, err := e.clients.AddCareRelation(ctx, nil, rel); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := e.clients.AddConsent(ctx, nil, clients.Consent{ClientID: cor, Subject: clients.SubjectSleepMonitoring, Basis: clients.BasisWzd, ValidFrom: from}); err != nil {
			t.Fatal(err)
		}
		sid, err := e.s.CreateSensor(ctx, Sensor{Serial: "EIK-1", Kind: KindWrist, OrganisationID: e.org, LocationID: e.otherLoc}, 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.LinkSensor(ctx, sid, cor, from, time.Time{}, 0); err != nil {
			t.Fatal(err)
		}
		start := time.Date(2026, 3, 2, 18, 0, 0, 0, time.UTC)
		csv := epochCSV(start, 18*60, nightCounts(start))
		stored := func(client int64) int {
			var n int
			if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM sleep_epochs WHERE client_id = $1`, client).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}

		// Form: the other location's sensor is not offered and is refused.
		if _, page := c.get("zorgverlener", "/nachtrust/upload"); strings.Contains(page, "EIK-1") {
			t.Error("the upload form offers a sensor of another location")
		}
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		_ = mw.WriteField("sensor", strconv.FormatInt(sid, 10))
		fw, _ := mw.CreateFormFile("files", "nacht.csv")
		_, _ = fw.Write([]byte(csv))
		if err := mw.Close(); err != nil {
			t.Error(err)
		}
		if resp, _ := c.do("zorgverlener", "POST", "/nachtrust/upload", &buf, mw.FormDataContentType()); resp.StatusCode != 422 {
			t.Errorf("form upload through another location's sensor: %d", resp.StatusCode)
		}
		for {
			ok, err := e.s.ProcessNextUpload(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !ok {
				break
			}
		}
		// File API and stream: refused.
		if resp, body := c.do("zorgverlener", "POST", "/api/v1/sleep/sensors/EIK-1/files?name=nacht.csv", strings.NewReader(csv), "text/csv"); resp.StatusCode != 403 || !strings.Contains(body, "uw locatie") {
			t.Errorf("file API through another location's sensor: %d %s", resp.StatusCode, body)
		}
		batch := EncodeBatch(synthBatch(1, time.Date(2026, 3, 5, 23, 0, 0, 0, time.UTC), 30000, 900, 0))
		if resp, _ := c.do("zorgverlener", "POST", "/api/v1/sleep/sensors/EIK-1/stream", bytes.NewReader(batch), "application/octet-stream"); resp.StatusCode != 403 {
			t.Errorf("stream through another location's sensor: %d", resp.StatusCode)
		}
		if n := stored(cor); n != 0 {
			t.Fatalf("%d minutes stored for the other location's client", n)
		}
		// The organisation's aanbieder may deliver for any location.
		if resp, body := c.do("aanbieder", "POST", "/api/v1/sleep/sensors/EIK-1/files?name=nacht.csv", strings.NewReader(csv), "text/csv"); resp.StatusCode != 200 {
			t.Errorf("aanbieder file API: %d %s", resp.StatusCode, body)
		}
		if stored(cor) == 0 {
			t.Error("nothing stored through the aanbieder")
		}

		// Ingest: a sensor of this location still linked to Cor (a link
		// from before links were checked, or Cor moved) stores nothing for
		// Cor, and says why.
		here := e.sensor(t, "LINDE-1", KindWrist, 0, time.Time{})
		if _, err := e.s.LinkSensor(ctx, here.ID, cor, from, time.Time{}, 0); err != nil {
			t.Fatal(err)
		}
		before := stored(cor)
		later := start.Add(7 * 24 * time.Hour)
		res := e.s.IngestFile(ctx, here, "nacht.csv", []byte(epochCSV(later, 18*60, nightCounts(later))), FileOptions{})
		if res.Error != msgClientElsewhere || res.Epochs != 0 {
			t.Errorf("ingest for a client elsewhere: %+v", res)
		}
		if stored(cor) != before {
			t.Error("the ingest stored data for a client of another location")
		}
		if resp, body := c.do("zorgverlener", "POST", "/api/v1/sleep/sensors/LINDE-1/stream", bytes.NewReader(batch), "application/octet-stream"); resp.StatusCode == 200 {
			t.Errorf("stream for a client elsewhere: %d %s", resp.StatusCode, body)
		}
		var raw int
		if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM sleep_raw_chunks WHERE client_id = $1`, cor).Scan(&raw); err != nil || raw != 0 {
			t.Errorf("raw data stored for a client elsewhere: %d %v", raw, err)
		}
	})
}

// TestImpossibleCountNotStored: an epoch count of 1e308 sent through the
// file API was accepted and stored (issue 9, finding 19). It is skipped,
// the rest of the file stored, and the answer names the row and, in
// Dutch, the column.
func TestImpossibleCountNotStored(t *testing.T) {
	dbtest.Each(t, migrations(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, true)
		ctx := context.Background()
		c := client{t, server(t, e).URL}
		e.sensor(t, "AG-1E308", KindWrist, e.client, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		night := time.Date(2026, 3, 2, 22, 0, 0, 0, time.UTC)
		lines := strings.Split(strings.TrimSpace(epochCSV(night, 60, nightCounts(night))), "\n")
		lines[11] = night.Add(10*time.Minute).Format(time.RFC3339) + ",1e308,1,1" // row 12
		resp, body := c.do("zorgverlener", "POST", "/api/v1/sleep/sensors/AG-1E308/files?name=nacht.csv", strings.NewReader(strings.Join(lines, "\n")+"\n"), "text/csv")
		if resp.StatusCode != 200 || !strings.Contains(body, `"implausible_count"`) || !strings.Contains(body, `"where": "row 12"`) || !strings.Contains(body, "kolom axis1") {
			t.Errorf("answer: %d %s", resp.StatusCode, body)
		}
		var n int
		var most float64
		if err := d.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(MAX(counts), 0) FROM sleep_epochs WHERE client_id = $1`, e.client).Scan(&n, &most); err != nil {
			t.Fatal(err)
		}
		if n != 59 || most > 1e6 {
			t.Errorf("stored %d minutes, largest count %v", n, most)
		}
	})
}

// TestUploadFormRate: the upload form took "NaN" and "Inf" as a sample
// rate (they parse as numbers) and queued the files, which then failed in
// the background with an English reader message; such a rate, or one
// beyond any device, is now refused on the form.
func TestUploadFormRate(t *testing.T) {
	dbtest.Each(t, migrations(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, true)
		c := client{t, server(t, e).URL}
		sn := e.sensor(t, "AG-HZ", KindWrist, e.client, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		for _, hz := range []string{"NaN", "Inf", "-1", "100000"} {
			var buf bytes.Buffer
			mw := multipart.NewWriter(&buf)
			_ = mw.WriteField("sensor", strconv.FormatInt(sn.ID, 10))
			_ = mw.WriteField("hz", hz)
			_ = mw.WriteField("start", "2026-03-02T20:00")
			fw, _ := mw.CreateFormFile("files", "ruw.csv")
			_, _ = fw.Write([]byte("0,0,1\n"))
			if err := mw.Close(); err != nil {
				t.Error(err)
			}
			if resp, body := c.do("zorgverlener", "POST", "/nachtrust/upload", &buf, mw.FormDataContentType()); resp.StatusCode != 422 || !strings.Contains(body, "samplefrequentie") {
				t.Errorf("hz %s: %d", hz, resp.StatusCode)
			}
		}
	})
}
