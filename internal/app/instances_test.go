package app

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestJobsOnceAcrossInstances runs every module's background job on two
// application instances that share one PostgreSQL database, at the same
// moment and several rounds in a row, as two `serve` processes behind a
// load balancer do (issue 18, "Several instances"). No round may fail
// because the other instance did the same work, and the work is done once:
// no notification is sent twice and no snapshot is taken twice.
func TestJobsOnceAcrossInstances(t *testing.T) {
	a, _ := testApp(t, "postgres") // instance A, with the demo loaded
	ctx := context.Background()
	cfg := a.cfg // demo mode: B finds A's generated keys; it loads no demo data
	d, err := Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.Close() })
	b, err := New(ctx, cfg, d) // instance B on the same database
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = b.Close() })

	// The demo holds a reservation about to expire (a warning) but none
	// expired; one more, expired an hour ago, so that releasing holds runs
	// too and can be seen to run once.
	var expiredHold int64
	if err := a.DB.QueryRowContext(ctx, `INSERT INTO placement_holds (place_id, case_id, created_by, created_at, deadline)
		SELECT place_id, case_id, created_by, created_at, $1 FROM placement_holds ORDER BY id LIMIT 1 RETURNING id`, time.Now().Add(-time.Hour)).Scan(&expiredHold); err != nil {
		t.Fatal(err)
	}

	const rounds = 3
	for i, m := range a.modules {
		jobsA, jobsB := m.Jobs(), b.modules[i].Jobs()
		for j := range jobsA {
			for r := range rounds {
				var wg sync.WaitGroup
				errs := make([]error, 2)
				for k, job := range []func(context.Context) error{jobsA[j].Round, jobsB[j].Round} {
					wg.Add(1)
					go func() {
						defer wg.Done()
						errs[k] = job(ctx)
					}()
				}
				wg.Wait()
				for k, err := range errs {
					if err != nil {
						t.Errorf("job %s round %d on instance %c: %v", jobsA[j].Name, r+1, 'A'+k, err)
					}
				}
			}
		}
	}

	for _, check := range []struct{ what, query string }{
		{"notifications sent twice", `SELECT COUNT(*) FROM (SELECT user_id, kind, title, body, link FROM notifications
			GROUP BY user_id, kind, title, body, link HAVING COUNT(*) > 1) twice`},
		{"monitor snapshots taken twice", `SELECT COUNT(*) FROM (SELECT taken_on, figure_key, region FROM monitor_snapshots
			GROUP BY taken_on, figure_key, region HAVING COUNT(*) > 1) twice`},
	} {
		var n int
		if err := a.DB.QueryRowContext(ctx, check.query).Scan(&n); err != nil {
			t.Fatalf("%s: %v", check.what, err)
		}
		if n > 0 {
			t.Errorf("%s: %d", check.what, n)
		}
	}
	// Each kind of work the issue names must have been done, or the checks
	// above prove nothing about it: deadlines (placement and crisis),
	// escalations to the national table, holds (warned and released) and
	// alerts (an urgent case without a place, a crisis stay too long).
	for _, kind := range []struct{ what, query string }{
		{"placement deadline passed", `SELECT COUNT(*) FROM notifications WHERE kind = 'deadline' AND title = 'Uiterste datum verstreken'`},
		{"crisis admission deadline", `SELECT COUNT(*) FROM notifications WHERE kind = 'deadline' AND title LIKE 'Norm tot opname%'`},
		{"escalation to the national table", `SELECT COUNT(*) FROM notifications WHERE kind = 'deadline' AND title = 'Casus geëscaleerd naar de landelijke tafel'`},
		{"hold about to expire", `SELECT COUNT(*) FROM notifications WHERE kind = 'hold_expiring'`},
		{"alert: urgent case without a place", `SELECT COUNT(*) FROM notifications WHERE title = 'Urgente casus zonder passende plek'`},
		{"alert: crisis stay too long", `SELECT COUNT(*) FROM notifications WHERE kind = 'crisis_stay'`},
	} {
		var n int
		if err := a.DB.QueryRowContext(ctx, kind.query).Scan(&n); err != nil {
			t.Fatalf("%s: %v", kind.what, err)
		}
		if n == 0 {
			t.Errorf("the jobs did no %q at all; the duplicate checks prove nothing for it", kind.what)
		}
	}
	// Work recorded outside notifications, once: an escalation is one
	// decision per case, a released hold one audit entry.
	var twice int
	if err := a.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT case_id FROM placement_decisions WHERE decision = 'escaleren' AND by_user = 0
		GROUP BY case_id HAVING COUNT(*) > 1) twice`).Scan(&twice); err != nil {
		t.Fatal(err)
	}
	if twice > 0 {
		t.Errorf("%d cases escalated twice by the job", twice)
	}
	if err := a.Audit.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	if err := b.Audit.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	var released, audited int
	if err := a.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM placement_holds WHERE id = $1 AND released_at IS NOT NULL`, expiredHold).Scan(&released); err != nil {
		t.Fatal(err)
	}
	if err := a.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_entries WHERE object_type = 'placement_hold' AND object_id = $1 AND source = 'placement job'`,
		strconv.FormatInt(expiredHold, 10)).Scan(&audited); err != nil {
		t.Fatal(err)
	}
	if released != 1 || audited != 1 {
		t.Errorf("the expired hold: released %d, release audited %d times; want 1 and 1", released, audited)
	}
}

// TestUploadsAcrossInstances: sensor files uploaded through one instance
// are read by the background job of whichever instance claims them first,
// each file exactly once, and the upload's status page shows the outcome
// on the other instance, with the session made on the first (issue 18,
// "Several instances": uploads). Four files go up in one form so that both
// instances' jobs, started at the same moment, race for them; a claim
// without a row lock lets both read the same file, and the second reading
// then finds its data already stored (Duplicate, no epochs of its own).
func TestUploadsAcrossInstances(t *testing.T) {
	a, srvA := testApp(t, "postgres")
	ctx := context.Background()
	d, err := Open(ctx, a.cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.Close() })
	b, err := New(ctx, a.cfg, d)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = b.Close() })
	b.SetReady()
	srvB := httptest.NewServer(b.Handler())
	t.Cleanup(srvB.Close)

	// A sensor of the demo aanbieder with a client linked, and a stretch of
	// time after the link began and before the demo's own data.
	var sensorID, clientID, linkStart int64
	if err := a.DB.QueryRowContext(ctx, `SELECT s.id, l.client_id, l.start_at FROM sleep_sensors s JOIN sleep_links l ON l.sensor_id = s.id
		WHERE l.end_at IS NULL ORDER BY s.id LIMIT 1`).Scan(&sensorID, &clientID, &linkStart); err != nil {
		t.Fatal(err)
	}
	const files, minutes = 4, 120
	from := time.Unix(linkStart, 0).UTC().Add(time.Hour).Truncate(time.Hour)
	until := from.Add(files * minutes * time.Minute)
	var first sql.NullInt64
	if err := a.DB.QueryRowContext(ctx, `SELECT MIN(t) FROM sleep_epochs WHERE client_id = $1`, clientID).Scan(&first); err != nil {
		t.Fatal(err)
	}
	// The file's clock times are read as the recording's local time, so the
	// stored stretch may lie an hour or two from from–until: a margin of
	// half a day on either side, and none of the demo's data inside it.
	lo, hi := from.Add(-12*time.Hour).Unix(), until.Add(12*time.Hour).Unix()
	if first.Valid && first.Int64 < hi {
		t.Fatalf("the demo's data begins at %s, inside the test's stretch %s–%s", time.Unix(first.Int64, 0).UTC(), from, until)
	}

	grp := func(status string) string { return strings.TrimPrefix(status, "/nachtrust/upload/") }
	c := login(t, srvA.URL, "aanbieder")
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("sensor", strconv.FormatInt(sensorID, 10))
	for f := range files {
		var sb strings.Builder
		sb.WriteString("timestamp,axis1,axis2,axis3\n")
		start := from.Add(time.Duration(f*minutes) * time.Minute)
		for i := range minutes {
			fmt.Fprintf(&sb, "%s,%d,%d,%d\n", start.Add(time.Duration(i)*time.Minute).Format(time.RFC3339), (i*37)%400, (i*11)%200, (i*5)%100)
		}
		fw, err := mw.CreateFormFile("files", fmt.Sprintf("deel-%d.csv", f+1))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fw.Write([]byte(sb.String())); err != nil {
			t.Fatal(err)
		}
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("POST", srvA.URL+"/nachtrust/upload", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.AddCookie(c)
	up, err := noRedirect().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = up.Body.Close()
	status := up.Header.Get("Location")
	if up.StatusCode != http.StatusSeeOther || !strings.HasPrefix(status, "/nachtrust/upload/") {
		t.Fatalf("upload on instance A: %d %q", up.StatusCode, status)
	}
	if resp, body := request(t, srvB, c, "GET", status, nil); resp.StatusCode != http.StatusOK || !strings.Contains(body, "deel-4.csv") {
		t.Fatalf("instance B does not show the upload made on A: status %d", resp.StatusCode)
	}

	job := func(ap *App) func(context.Context) error {
		for _, m := range ap.modules {
			for _, j := range m.Jobs() {
				if j.Name == "sleep_ingest" {
					return j.Round
				}
			}
		}
		t.Fatal("no sleep_ingest job")
		return nil
	}

	// An instance in the middle of claiming the first file: its row locked
	// and marked busy, not yet committed. B's job must pass it by and read
	// the other three, neither waiting for that instance nor reading the
	// file a second time (which a claim without SKIP LOCKED does once the
	// lock is gone).
	locked, release, stopped := make(chan int64, 1), make(chan struct{}), make(chan error, 1)
	errStopped := errors.New("the claiming instance stopped")
	go func() {
		stopped <- a.DB.Tx(ctx, func(tx *sql.Tx) error {
			var id int64
			if err := tx.QueryRowContext(ctx, `SELECT id FROM sleep_uploads WHERE status = 'wachtend' ORDER BY id LIMIT 1 FOR UPDATE`).Scan(&id); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE sleep_uploads SET status = 'bezig' WHERE id = $1`, id); err != nil {
				return err
			}
			locked <- id
			<-release
			return errStopped
		})
	}()
	select {
	case <-locked:
	case err := <-stopped:
		t.Fatalf("holding the first file: %v", err)
	}
	done := make(chan error, 1)
	go func() { done <- job(b)(ctx) }()
	waited := false
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("upload job on instance B beside a held file: %v", err)
		}
	case <-time.After(30 * time.Second):
		waited = true
		t.Error("instance B's upload job waits for the file another instance is claiming")
	}
	var busy int
	if err := a.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM sleep_uploads WHERE (id = $1 OR grp = $1) AND status <> 'wachtend'`, grp(status)).Scan(&busy); err != nil {
		t.Fatal(err)
	}
	if busy != files-1 {
		t.Errorf("beside the held file, instance B read %d files, want the other %d", busy, files-1)
	}
	// The claiming instance stops before committing: the file is waiting
	// again, for whichever instance comes first.
	close(release)
	if err := <-stopped; !errors.Is(err, errStopped) {
		t.Fatalf("releasing the first file: %v", err)
	}
	if waited { // the round that was left waiting goes on now
		if err := <-done; err != nil {
			t.Errorf("upload job on instance B: %v", err)
		}
	}

	// Both instances' upload jobs at the same moment, as two serve
	// processes run them.
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for k, round := range []func(context.Context) error{job(a), job(b)} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[k] = round(ctx)
		}()
	}
	wg.Wait()
	for k, err := range errs {
		if err != nil {
			t.Errorf("upload job on instance %c: %v", 'A'+k, err)
		}
	}

	rows, err := a.DB.QueryContext(ctx, `SELECT file_name, status, result FROM sleep_uploads WHERE id = $1 OR grp = $1 ORDER BY id`, grp(status))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var name, st, result string
		if err := rows.Scan(&name, &st, &result); err != nil {
			t.Fatal(err)
		}
		n++
		var r struct {
			Epochs    int  `json:"epochs"`
			Duplicate bool `json:"duplicate"`
			Overlap   int  `json:"overlap"`
		}
		if err := json.Unmarshal([]byte(result), &r); err != nil {
			t.Fatalf("%s: result %q: %v", name, result, err)
		}
		if st != "klaar" || r.Epochs != minutes || r.Duplicate || r.Overlap != 0 {
			t.Errorf("%s: status %s, %d epochs stored, duplicate %v, overlap %d; want klaar with %d epochs read once", name, st, r.Epochs, r.Duplicate, r.Overlap, minutes)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n != files {
		t.Fatalf("%d uploads in the group, want %d", n, files)
	}
	var stored int
	if err := a.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM sleep_epochs WHERE client_id = $1 AND t >= $2 AND t < $3`, clientID, lo, hi).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if stored != files*minutes {
		t.Errorf("%d epochs stored for the uploaded stretch, want %d", stored, files*minutes)
	}
	if resp, body := request(t, srvB, c, "GET", status, nil); resp.StatusCode != http.StatusOK || !strings.Contains(body, "Alle bestanden zijn verwerkt") {
		t.Errorf("instance B's status page after the jobs: %d", resp.StatusCode)
	}

	// Instance A claims one more file and dies while reading it: its
	// claim's heartbeat stops. Instance B's job puts it back in the queue
	// and reads it (issue 18); before, it stayed "bezig" for an hour and
	// then failed for good.
	var sb strings.Builder
	sb.WriteString("timestamp,axis1,axis2,axis3\n")
	for i := range minutes {
		fmt.Fprintf(&sb, "%s,%d,%d,%d\n", until.Add(time.Duration(i)*time.Minute).Format(time.RFC3339), (i*37)%400, (i*11)%200, (i*5)%100)
	}
	buf.Reset()
	mw = multipart.NewWriter(&buf)
	_ = mw.WriteField("sensor", strconv.FormatInt(sensorID, 10))
	fw, err := mw.CreateFormFile("files", "verweesd.csv")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fw.Write([]byte(sb.String())); err != nil {
		t.Fatal(err)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	req, _ = http.NewRequest("POST", srvA.URL+"/nachtrust/upload", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.AddCookie(c)
	up, err = noRedirect().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = up.Body.Close()
	orphan := up.Header.Get("Location")
	if up.StatusCode != http.StatusSeeOther || !strings.HasPrefix(orphan, "/nachtrust/upload/") {
		t.Fatalf("second upload on instance A: %d %q", up.StatusCode, orphan)
	}
	died := time.Now().UTC().Add(-time.Minute)
	if _, err := a.DB.ExecContext(ctx, `UPDATE sleep_uploads SET status = 'bezig', progress = 40, attempts = 1, started_at = $1, heartbeat_at = $1 WHERE id = $2`, died, grp(orphan)); err != nil {
		t.Fatal(err)
	}
	if err := job(b)(ctx); err != nil {
		t.Errorf("upload job on instance B beside a dead claim: %v", err)
	}
	var st, result string
	var attempts int
	if err := a.DB.QueryRowContext(ctx, `SELECT status, result, attempts FROM sleep_uploads WHERE id = $1`, grp(orphan)).Scan(&st, &result, &attempts); err != nil {
		t.Fatal(err)
	}
	var r struct {
		Epochs int `json:"epochs"`
	}
	if err := json.Unmarshal([]byte(result), &r); err != nil || st != "klaar" || r.Epochs != minutes || attempts != 2 {
		t.Errorf("the file instance A died reading, after B's job: status %s, %d epochs, attempt %d (%v); want klaar with %d epochs on the second attempt", st, r.Epochs, attempts, err, minutes)
	}
}
