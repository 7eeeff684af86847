package sleep

import (
	"context"
	"database/sql"
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

// claimAsDeadProcess claims the next waiting upload the way a reading
// process does and then "dies": it never finishes nor renews the claim.
func claimAsDeadProcess(t *testing.T, e *env) claimedUpload {
	t.Helper()
	var u claimedUpload
	if err := e.db.Tx(context.Background(), func(tx *sql.Tx) error {
		var err error
		u, err = e.s.store.claimUpload(context.Background(), tx, e.clock.Now().UTC())
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return u
}

// uploadStatus is one upload's status and result.
func uploadStatus(t *testing.T, e *env, id int64) Upload {
	t.Helper()
	ups, err := e.s.UploadGroup(context.Background(), id)
	if err != nil || len(ups) != 1 {
		t.Fatal(ups, err)
	}
	return ups[0]
}

// TestOrphanedUploadIsReadAgain: an upload whose reading a server crash
// interrupted stayed "bezig" for an hour and was then failed for good
// (issue 18), though the crash was not the file's fault. A claim whose
// process stopped renewing its heartbeat now goes back to the queue and
// is read by the next round, of another instance or of the restarted
// one; a claim whose process lives is left alone, and the dead claim's
// late result cannot overwrite the new reading's.
func TestOrphanedUploadIsReadAgain(t *testing.T) {
	dbtest.Each(t, migrations(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, false)
		ctx := context.Background()
		sn := e.sensor(t, "AG-ORPHAN", KindWrist, e.client, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
		start := time.Date(2026, 3, 2, 18, 0, 0, 0, time.UTC)
		by := e.users[auth.RoleZorgverlener]
		queue := func(name string, at time.Time) int64 {
			t.Helper()
			id, err := e.s.QueueUploads(ctx, []NewUpload{{SensorID: sn.ID, Name: name, Data: []byte(epochCSV(at, 6*60, nightCounts(at)))}}, by)
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		dead := queue("gestorven.csv", start)
		live := queue("levend.csv", start.Add(24*time.Hour))
		if u := claimAsDeadProcess(t, e); u.id != dead || u.attempt != 1 {
			t.Fatalf("first claim: %+v", u)
		}
		liveClaim := claimAsDeadProcess(t, e)
		if liveClaim.id != live {
			t.Fatalf("second claim: %+v", liveClaim)
		}
		// 20 s later neither heartbeat is old enough to call its process dead.
		e.clock.Advance(20 * time.Second)
		if err := e.s.store.uploadHeartbeat(ctx, live, liveClaim.attempt, e.clock.Now().UTC()); err != nil {
			t.Fatal(err)
		}
		if ok, err := e.s.ProcessNextUpload(ctx); err != nil || ok {
			t.Fatalf("ProcessNextUpload with two living claims = %v, %v", ok, err)
		}
		if u := uploadStatus(t, e, dead); u.Status != UploadBusy {
			t.Fatalf("a claim 20 s old was released: %q", u.Status)
		}
		// 40 s after its claim the dead process's upload is back in the
		// queue and read; the living one (heartbeat renewed) is left alone.
		e.clock.Advance(20 * time.Second)
		if err := e.s.store.uploadHeartbeat(ctx, live, liveClaim.attempt, e.clock.Now().UTC()); err != nil {
			t.Fatal(err)
		}
		if err := e.s.releaseDeadClaims(ctx, e.clock.Now().UTC()); err != nil {
			t.Fatal(err)
		}
		if u := uploadStatus(t, e, dead); u.Status != UploadWaiting || u.StatusText() != "in de wachtrij" || u.Finished() {
			t.Fatalf("the dead process's upload: %q, want back in the queue", u.Status)
		}
		if ok, err := e.s.ProcessNextUpload(ctx); err != nil || !ok {
			t.Fatalf("ProcessNextUpload = %v, %v; want the orphaned upload read", ok, err)
		}
		if u := uploadStatus(t, e, dead); u.Status != UploadDone || u.Result == nil || u.Result.Epochs == 0 || u.Result.Error != "" {
			t.Errorf("orphaned upload after the second reading: %q %+v", u.Status, u.Result)
		}
		var attempts int
		if err := d.QueryRowContext(ctx, `SELECT attempts FROM sleep_uploads WHERE id = $1`, dead).Scan(&attempts); err != nil || attempts != 2 {
			t.Errorf("attempts = %d, %v; want 2", attempts, err)
		}
		if u := uploadStatus(t, e, live); u.Status != UploadBusy {
			t.Errorf("an upload whose process lives was touched: %q", u.Status)
		}
		// The living process finishes; a late write of an older claim of
		// the same upload changes nothing.
		if err := e.s.store.finishUpload(ctx, live, liveClaim.attempt-1, UploadFailed, `{}`, e.clock.Now().UTC()); err != nil {
			t.Fatal(err)
		}
		if u := uploadStatus(t, e, live); u.Status != UploadBusy {
			t.Errorf("an older claim's result overwrote the living claim: %q", u.Status)
		}

		// A reading that lives but has gone on for over an hour hangs on
		// its file: it fails with its reason and is not read again.
		e.clock.Advance(uploadStale)
		if err := e.s.store.uploadHeartbeat(ctx, live, liveClaim.attempt, e.clock.Now().UTC()); err != nil {
			t.Fatal(err)
		}
		if ok, err := e.s.ProcessNextUpload(ctx); err != nil || ok {
			t.Fatalf("ProcessNextUpload = %v, %v; want nothing to read", ok, err)
		}
		if u := uploadStatus(t, e, live); u.Status != UploadFailed || u.Result == nil || u.Result.Error != msgUploadHung || u.Result.ErrorIn("en") != msgUploadHungEN {
			t.Errorf("a reading going on for an hour: %q %+v", u.Status, u.Result)
		}
		var n int
		if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM sleep_uploads WHERE id = $1 AND data IS NULL`, live).Scan(&n); err != nil || n != 1 {
			t.Errorf("the failed upload's bytes are kept: %d %v", n, err)
		}
	})
}

// TestOrphanedUploadFailsAfterBound: a file that brings the server down
// each time it is read (not a panic, which fails it at once) must not do
// so for ever (issue 9): after maxUploadAttempts dead claims the upload
// fails with a reason that names the count, and is not read again.
func TestOrphanedUploadFailsAfterBound(t *testing.T) {
	if !strings.Contains(msgUploadAborted, strconv.Itoa(maxUploadAttempts)+" keer") || !strings.Contains(msgUploadAbortedEN, strconv.Itoa(maxUploadAttempts)+" times") {
		t.Errorf("the aborted message does not name %d attempts: %q / %q", maxUploadAttempts, msgUploadAborted, msgUploadAbortedEN)
	}
	dbtest.Each(t, migrations(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, false)
		ctx := context.Background()
		sn := e.sensor(t, "AG-BOUND", KindWrist, e.client, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
		start := time.Date(2026, 3, 2, 18, 0, 0, 0, time.UTC)
		id, err := e.s.QueueUploads(ctx, []NewUpload{{SensorID: sn.ID, Name: "dodelijk.csv", Data: []byte(epochCSV(start, 6*60, nightCounts(start)))}}, e.users[auth.RoleZorgverlener])
		if err != nil {
			t.Fatal(err)
		}
		for attempt := 1; attempt <= maxUploadAttempts; attempt++ {
			if u := claimAsDeadProcess(t, e); u.id != id || u.attempt != attempt {
				t.Fatalf("claim %d: %+v", attempt, u)
			}
			e.clock.Advance(uploadOrphaned + time.Second)
			if err := e.s.releaseDeadClaims(ctx, e.clock.Now().UTC()); err != nil {
				t.Fatal(err)
			}
			u := uploadStatus(t, e, id)
			if attempt < maxUploadAttempts && u.Status != UploadWaiting {
				t.Fatalf("after dead claim %d: %q, want back in the queue", attempt, u.Status)
			}
			if attempt == maxUploadAttempts && (u.Status != UploadFailed || u.Result == nil || u.Result.Error != msgUploadAborted || u.Result.ErrorIn("en") != msgUploadAbortedEN || u.Result.Epochs != 0) {
				t.Fatalf("after dead claim %d: %q %+v, want failed with the reason", attempt, u.Status, u.Result)
			}
		}
		if ok, err := e.s.ProcessNextUpload(ctx); err != nil || ok {
			t.Errorf("ProcessNextUpload = %v, %v; the failed upload was read again", ok, err)
		}
		var n int
		if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM sleep_uploads WHERE id = $1 AND data IS NULL`, id).Scan(&n); err != nil || n != 1 {
			t.Errorf("the failed upload's bytes are kept: %d %v", n, err)
		}
		// A fresh upload is processed as before.
		fresh, err := e.s.QueueUploads(ctx, []NewUpload{{SensorID: sn.ID, Name: "nieuw.csv", Data: []byte(epochCSV(start.Add(48*time.Hour), 6*60, nightCounts(start.Add(48*time.Hour))))}}, e.users[auth.RoleZorgverlener])
		if err != nil {
			t.Fatal(err)
		}
		if ok, err := e.s.ProcessNextUpload(ctx); err != nil || !ok {
			t.Fatalf("fresh upload: %v %v", ok, err)
		}
		if u := uploadStatus(t, e, fresh); u.Status != UploadDone {
			t.Errorf("fresh upload: %q %+v", u.Status, u.Result)
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
