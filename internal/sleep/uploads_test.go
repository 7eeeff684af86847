package sleep

import (
	"context"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
	"github.com/volwaardig/volwaardig/internal/testkit"
)

// TestStaleBusyUploadFails: an upload left "busy" (its instance stopped, or
// its file crashed the reader) was taken up again an hour later, so a
// hostile file crashed the server every hour (issue 9, finding 1). It is
// now marked failed with a reason and never processed again, even though
// the file itself would read fine; a fresh upload is still processed.
func TestStaleBusyUploadFails(t *testing.T) {
	dbtest.Each(t, migrations(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, false)
		ctx := context.Background()
		sn := e.sensor(t, "AG-STALE", KindWrist, e.client, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
		start := time.Date(2026, 3, 2, 18, 0, 0, 0, time.UTC)
		csv := []byte(epochCSV(start, 18*60, nightCounts(start)))
		by := e.users[auth.RoleZorgverlener]
		stale, err := e.s.QueueUploads(ctx, []NewUpload{{SensorID: sn.ID, Name: "nacht.csv", Data: csv}}, by)
		if err != nil {
			t.Fatal(err)
		}
		// The instance that claimed it two hours ago never finished.
		long := e.clock.Now().UTC().Add(-2 * time.Hour)
		if _, err := d.ExecContext(ctx, `UPDATE sleep_uploads SET status = $1, created_at = $2, started_at = $2 WHERE id = $3`, UploadBusy, long, stale); err != nil {
			t.Fatal(err)
		}
		// One claimed ten minutes ago is still being processed: left alone.
		busy, err := e.s.QueueUploads(ctx, []NewUpload{{SensorID: sn.ID, Name: "bezig.csv", Data: csv}}, by)
		if err != nil {
			t.Fatal(err)
		}
		recent := e.clock.Now().UTC().Add(-10 * time.Minute)
		if _, err := d.ExecContext(ctx, `UPDATE sleep_uploads SET status = $1, created_at = $2, started_at = $2 WHERE id = $3`, UploadBusy, long, busy); err != nil {
			t.Fatal(err)
		}
		if _, err := d.ExecContext(ctx, `UPDATE sleep_uploads SET started_at = $1 WHERE id = $2`, recent, busy); err != nil {
			t.Fatal(err)
		}
		ok, err := e.s.ProcessNextUpload(ctx)
		if err != nil || ok {
			t.Fatalf("ProcessNextUpload = %v, %v; want nothing to process", ok, err)
		}
		ups, err := e.s.UploadGroup(ctx, stale)
		if err != nil || len(ups) != 1 {
			t.Fatal(ups, err)
		}
		if u := ups[0]; u.Status != UploadFailed || u.Result == nil || u.Result.Error != msgUploadAborted || u.Result.ErrorIn("en") != msgUploadAbortedEN || u.Result.Epochs != 0 {
			t.Errorf("stale upload: status %q result %+v", u.Status, u.Result)
		}
		var n int
		if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM sleep_uploads WHERE id = $1 AND data IS NULL`, stale).Scan(&n); err != nil || n != 1 {
			t.Errorf("the stale upload's bytes are kept: %d %v", n, err)
		}
		if ups, _ := e.s.UploadGroup(ctx, busy); len(ups) != 1 || ups[0].Status != UploadBusy {
			t.Errorf("an upload busy for ten minutes was touched: %+v", ups)
		}
		// A new upload is processed as before.
		fresh, err := e.s.QueueUploads(ctx, []NewUpload{{SensorID: sn.ID, Name: "nieuw.csv", Data: csv}}, by)
		if err != nil {
			t.Fatal(err)
		}
		if ok, err := e.s.ProcessNextUpload(ctx); err != nil || !ok {
			t.Fatalf("fresh upload: %v %v", ok, err)
		}
		if ups, _ := e.s.UploadGroup(ctx, fresh); len(ups) != 1 || ups[0].Status != UploadDone {
			t.Errorf("fresh upload: %+v", ups)
		}
	})
}

// TestIngestsBounded: raw files were read in parallel without limit, each
// holding its whole recording in memory, so a few parallel 100 MB uploads
// could take the server's memory (issue 9, finding 1). While every reading
// slot is taken, POST .../files waits briefly and is answered 503 with
// Retry-After, and a form upload stays in the queue ("in de wachtrij" on
// its status page) instead of being read; once the slot is free both are
// processed.
func TestIngestsBounded(t *testing.T) {
	dbtest.Each(t, migrations(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, true)
		e.s.ingestWait = 100 * time.Millisecond
		ctx := context.Background()
		c := client{t, server(t, e).URL}
		sn := e.sensor(t, "AG-SLOT", KindWrist, e.client, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
		start := time.Date(2026, 3, 2, 18, 0, 0, 0, time.UTC)
		csv := epochCSV(start, 18*60, nightCounts(start))

		release, ok := e.s.acquireIngest(ctx, 0) // another file is being read
		if !ok {
			t.Fatal("no free slot at the start")
		}
		resp, body := c.do("device", "POST", "/api/v1/sleep/sensors/AG-SLOT/files?name=nacht.csv", strings.NewReader(csv), "text/csv")
		if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") != "30" || !strings.Contains(body, "andere bestanden") {
			t.Errorf("file API while the slot is taken: %d Retry-After %q %s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
		}
		grp, err := e.s.QueueUploads(ctx, []NewUpload{{SensorID: sn.ID, Name: "nacht.csv", Data: []byte(csv)}}, e.users[auth.RoleZorgverlener])
		if err != nil {
			t.Fatal(err)
		}
		short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
		ok, _ = e.s.ProcessNextUpload(short)
		cancel()
		if ok {
			t.Error("a queued upload was read while the slot was taken")
		}
		if ups, _ := e.s.UploadGroup(ctx, grp); len(ups) != 1 || ups[0].Status != UploadWaiting {
			t.Errorf("queued upload while waiting: %+v", ups)
		}
		if _, page := c.get("zorgverlener", "/nachtrust/upload/"+strconv.FormatInt(grp, 10)); !strings.Contains(page, "in de wachtrij") {
			t.Error("the status page does not say the upload is in the queue")
		}
		if n, _ := epochCount(t, e, e.client); n != 0 {
			t.Fatalf("%d minutes stored while the slot was taken", n)
		}

		release()
		if ok, err := e.s.ProcessNextUpload(ctx); err != nil || !ok {
			t.Fatalf("after release: %v %v", ok, err)
		}
		if ups, _ := e.s.UploadGroup(ctx, grp); len(ups) != 1 || ups[0].Status != UploadDone {
			t.Errorf("queued upload after release: %+v", ups)
		}
		if resp, body := c.do("device", "POST", "/api/v1/sleep/sensors/AG-SLOT/files?name=nacht2.csv", strings.NewReader(epochCSV(start.Add(24*time.Hour), 60, nightCounts(start))), "text/csv"); resp.StatusCode != 200 {
			t.Errorf("file API after release: %d %s", resp.StatusCode, body)
		}
	})
}

// rawCSV is n samples of x,y,z (a slow wave, so no two files agree by
// chance beyond what they share).
func rawCSV(n int) []byte {
	var b strings.Builder
	for i := range n {
		b.WriteString(strconv.FormatFloat(0.01*float64(i%97), 'f', 3, 64) + ",0.02," + strconv.FormatFloat(0.9+0.001*float64(i%13), 'f', 3, 64) + "\n")
	}
	return []byte(b.String())
}

// TestOverlapReported: a second file that repeats data already stored (a
// longer copy of the same recording) reported every sample as stored,
// though only the new minute was, and Overlap stayed empty. Refused
// counts now say whether they are minutes or samples ("Geweigerd" mixed
// both without saying which).
func TestOverlapReported(t *testing.T) {
	dbtest.Each(t, migrations(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, false)
		ctx := context.Background()
		sn := e.sensor(t, "AG-OVER", KindWrist, e.client, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
		start := time.Date(2026, 3, 2, 22, 0, 0, 0, time.UTC)
		first := e.s.IngestFile(ctx, sn, "tien.csv", rawCSV(10*60*30), FileOptions{Hz: 30, Start: start})
		if first.Error != "" || first.Samples != 18000 || first.Overlap != 0 {
			t.Fatalf("first file: samples %d overlap %d error %q", first.Samples, first.Overlap, first.Error)
		}
		second := e.s.IngestFile(ctx, sn, "elf.csv", rawCSV(11*60*30), FileOptions{Hz: 30, Start: start})
		if second.Error != "" || second.Duplicate || second.Samples != 1800 || second.Overlap != 18000 {
			t.Errorf("overlapping file: samples %d overlap %d duplicate %v error %q; want 1800 new, 18000 overlap", second.Samples, second.Overlap, second.Duplicate, second.Error)
		}
		found := false
		for _, p := range second.Problems {
			found = found || (p.Code == "overlap" && strings.Contains(p.What, "18000 metingen waren al opgeslagen"))
		}
		if !found {
			t.Errorf("the overlap is not explained: %+v", second.Problems)
		}

		// Raw data before the link (and the basis): refused, counted in samples.
		early := e.s.IngestFile(ctx, sn, "vroeg.csv", rawCSV(10*60*30), FileOptions{Hz: 30, Start: time.Date(2026, 2, 28, 23, 55, 0, 0, time.UTC)})
		if early.Refused != 18000 || early.RefusedUnit != "samples" || early.RefusedUnitNL() != "metingen" {
			t.Errorf("raw refusal: %d %q %q", early.Refused, early.RefusedUnit, early.RefusedUnitNL())
		}
		// An epoch file before the link: refused, counted in minutes.
		from := time.Date(2026, 2, 28, 23, 0, 0, 0, time.UTC)
		ep := e.s.IngestFile(ctx, sn, "vroeg-epochs.csv", []byte(epochCSV(from, 120, nightCounts(from))), FileOptions{})
		if ep.Refused != 120 || ep.RefusedUnit != "minutes" || ep.RefusedUnitNL() != "minuten" {
			t.Errorf("epoch refusal: %d %q %q", ep.Refused, ep.RefusedUnit, ep.RefusedUnitNL())
		}
	})
}

// TestSerialMismatchRefused: the serial number inside a device file was
// never compared with the sensor chosen for it, so one wearer's recording
// uploaded through another's sensor was stored in the wrong record. A
// mismatch is now refused, naming both serials; separators, case and a
// CWA's bare number do not count as a mismatch.
func TestSerialMismatchRefused(t *testing.T) {
	for _, c := range []struct {
		registered, file string
		ok               bool
	}{
		{"MOS2E39180594", "MOS2E39180594", true},
		{"mos2e-3918 0594", "MOS2E39180594", true},
		{"AX3-39434", "39434", true},
		{"39434", "039434", true},
		{"GA-012967", "012967", true},
		{"AG-1", "", true},
		{"AX3-39435", "39434", false},
		{"AX3", "39434", false},
		{"MOS2E39180595", "MOS2E39180594", false},
		{"39434", "MOS2E39434", false},
	} {
		if got := serialMatches(c.registered, c.file); got != c.ok {
			t.Errorf("serialMatches(%q, %q) = %v, want %v", c.registered, c.file, got, c.ok)
		}
	}
	ref := testkit.Reference(t)
	dbtest.Each(t, migrations(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, false)
		ctx := context.Background()
		data := mustRead(t, filepath.Join(ref, "raw", "ax3_testfile.cwa"))
		other := e.sensor(t, "AX3-12345", KindWrist, e.client, time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC))
		res := e.s.IngestFile(ctx, other, "nacht.cwa", data, FileOptions{})
		if !strings.Contains(res.Error, "sensor 39434") || !strings.Contains(res.Error, "sensor AX3-12345") || res.Samples != 0 || res.Epochs != 0 {
			t.Errorf("file of sensor 39434 through AX3-12345: %+v", res)
		}
		var n int
		if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM sleep_raw_hours`).Scan(&n); err != nil || n != 0 {
			t.Errorf("%d hours stored (%v)", n, err)
		}
	})
}
