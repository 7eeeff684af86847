package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
	"github.com/volwaardig/volwaardig/internal/sleep"
)

// TestCrashKeepsAcknowledgedWrites kills the server with SIGKILL while it
// takes four kinds of writes at once (issue 18, "Crash safety"): a sensor
// streaming raw batches, device files delivered, a night nurse's notes and
// a C.O.T.'s availability changes, with files queued through the upload
// form; the kill comes while one of those is being read. After a restart
// on the same database every write that was acknowledged is there and
// whole, the write in flight is either wholly there or absent, every
// acknowledged upload is read (the interrupted one too), and `audit
// verify` finds the audit chains intact. On SQLite and on PostgreSQL.
func TestCrashKeepsAcknowledgedWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test skipped in -short mode")
	}
	bin := buildBinary(t)
	t.Run("sqlite", func(t *testing.T) {
		dir := t.TempDir()
		crashAndCheck(t, bin, serverOptions{DB: "sqlite:" + filepath.Join(dir, "crash.db"), Dir: dir})
	})
	t.Run("postgres", func(t *testing.T) {
		// Instances on PostgreSQL take their session keys from a shared
		// secret, and the commands run beside it (token create, audit
		// verify) the BSN and audit keys; the restarted server has the
		// same ones, as on any PostgreSQL deployment.
		crashAndCheck(t, bin, serverOptions{DB: dbtest.PostgresURL(t), Dir: t.TempDir(), Env: pgKeysEnv(t)})
	})
}

// apiClient calls the JSON API of one server with one bearer token.
type apiClient struct {
	base, token string
	http        *http.Client
}

func (c apiClient) do(method, path, contentType string, body []byte) (int, []byte, error) {
	req, err := http.NewRequest(method, c.base+path, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

// noFollow is c answering redirects instead of following them: the
// upload form's 303 names the upload group.
func noFollow(c *http.Client) *http.Client {
	return &http.Client{Timeout: c.Timeout, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// crashLedger is what the writers saw acknowledged, and what was in
// flight when the server died.
type crashLedger struct {
	mu        sync.Mutex
	batches   map[uint64][]byte // seq → the exact bytes acknowledged
	inflightB []byte
	files     map[string][]byte // name → content acknowledged
	inflightF []byte
	notes     map[string]bool
	lastNote  int                 // index of the last acknowledged team note, -1 none
	uploads   map[string][]string // upload group → its files' names, acknowledged
}

func crashAndCheck(t *testing.T, bin string, o serverOptions) {
	srv := startServerWith(t, bin, o)
	token := func(kind, user string) string {
		t.Helper()
		code, out, errOut := runBinEnv(t, bin, o.Dir, o.Env, "token", "create", "--db", o.DB, "--kind", kind, "--name", "crash test "+kind, user)
		tok := regexp.MustCompile(`vw_[A-Za-z0-9_-]+`).FindString(out)
		if code != 0 || tok == "" {
			t.Fatalf("token create %s %s: exit %d\n%s%s", kind, user, code, out, errOut)
		}
		return tok
	}
	hc := &http.Client{Timeout: 20 * time.Second}
	nurse := apiClient{srv.Base, token("api", "zorgverlener"), hc}
	device := apiClient{srv.Base, token("device", "zorgverlener"), hc}
	team := apiClient{srv.Base, token("api", "cot"), hc}

	// Whom and what to write about, found as the users would.
	status, body, err := nurse.do("GET", "/api/v1/sleep/overview", "", nil)
	var overview struct {
		Clients []struct {
			ClientID int64 `json:"client_id"`
		} `json:"clients"`
	}
	if err != nil || status != 200 || json.Unmarshal(body, &overview) != nil || len(overview.Clients) == 0 {
		t.Fatalf("GET /api/v1/sleep/overview: %d %v %s", status, err, tail(string(body), 300))
	}
	notesPath := fmt.Sprintf("/api/v1/sleep/clients/%d/notes", overview.Clients[0].ClientID)
	status, body, err = team.do("GET", "/api/v1/crisis/teams", "", nil)
	var teams struct {
		Teams []struct {
			ID   int64  `json:"id"`
			Note string `json:"note"`
		} `json:"teams"`
	}
	if err != nil || status != 200 || json.Unmarshal(body, &teams) != nil || len(teams.Teams) == 0 {
		t.Fatalf("GET /api/v1/crisis/teams: %d %v %s", status, err, tail(string(body), 300))
	}
	teamPath := ""
	for _, tm := range teams.Teams {
		p := fmt.Sprintf("/api/v1/crisis/teams/%d/availability", tm.ID)
		if st, _, _ := team.do("POST", p, "application/json", []byte(`{"available":true,"note":"start"}`)); st == 200 {
			teamPath = p
			break
		}
	}
	if teamPath == "" {
		t.Fatal("the cot account may change no team's availability")
	}
	const serial = "DEMO-POLS-01"

	// The sensor's number, for the upload form (files queued for the
	// background job, each group stored in one transaction).
	status, body, err = nurse.do("GET", "/api/v1/sleep/sensors", "", nil)
	var sensors struct {
		Sensors []struct {
			ID     int64  `json:"id"`
			Serial string `json:"serial"`
		} `json:"sensors"`
	}
	if err != nil || status != 200 || json.Unmarshal(body, &sensors) != nil {
		t.Fatalf("GET /api/v1/sleep/sensors: %d %v %s", status, err, tail(string(body), 300))
	}
	var sensorID int64
	for _, sn := range sensors.Sensors {
		if sn.Serial == serial {
			sensorID = sn.ID
		}
	}
	if sensorID == 0 {
		t.Fatalf("the nurse may not deliver for sensor %s", serial)
	}

	led := &crashLedger{batches: map[uint64][]byte{}, files: map[string][]byte{}, notes: map[string]bool{}, lastNote: -1, uploads: map[string][]string{}}
	start := time.Now().UTC().Add(-3 * time.Hour).Truncate(time.Minute)
	var wg sync.WaitGroup
	// Each writer goes on until a request fails: the kill ends them all.
	writer := func(f func(i int) bool) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; f(i); i++ {
			}
		}()
	}
	writer(func(i int) bool { // a live sensor's batches, 10 s each
		b := crashBatch(uint64(i+1), start.Add(time.Duration(i)*10*time.Second))
		led.mu.Lock()
		led.inflightB = b
		led.mu.Unlock()
		st, resp, err := device.do("POST", "/api/v1/sleep/sensors/"+serial+"/stream", "application/octet-stream", b)
		if err != nil {
			return false
		}
		if st != 200 {
			t.Errorf("stream batch %d: %d %s", i+1, st, tail(string(resp), 300))
			return false
		}
		led.mu.Lock()
		led.batches[uint64(i+1)] = b
		led.inflightB = nil
		led.mu.Unlock()
		return true
	})
	writer(func(i int) bool { // device files of 30 minutes, each its own content
		name := fmt.Sprintf("crash-%d.csv", i)
		f := crashEpochCSV(start.Add(-48*time.Hour+time.Duration(i)*30*time.Minute), 30, i)
		led.mu.Lock()
		led.inflightF = f
		led.mu.Unlock()
		st, resp, err := device.do("POST", "/api/v1/sleep/sensors/"+serial+"/files?name="+name, "text/csv", f)
		if err != nil {
			return false
		}
		if st != 200 && st != 201 {
			t.Errorf("file %s: %d %s", name, st, tail(string(resp), 300))
			return false
		}
		led.mu.Lock()
		led.files[name] = f
		led.inflightF = nil
		led.mu.Unlock()
		return true
	})
	writer(func(i int) bool { // the upload form: two files at a time, queued
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		_ = mw.WriteField("sensor", strconv.FormatInt(sensorID, 10))
		names := []string{fmt.Sprintf("upload-%d-a.csv", i), fmt.Sprintf("upload-%d-b.csv", i)}
		for k, name := range names {
			fw, err := mw.CreateFormFile("files", name)
			if err != nil {
				t.Error(err)
				return false
			}
			_, _ = fw.Write(crashEpochCSV(start.Add(-96*time.Hour+time.Duration(2*i+k)*30*time.Minute), 30, 1000+2*i+k))
		}
		if err := mw.Close(); err != nil {
			t.Error(err)
			return false
		}
		req, err := http.NewRequest("POST", nurse.base+"/nachtrust/upload", &buf)
		if err != nil {
			t.Error(err)
			return false
		}
		req.Header.Set("Authorization", "Bearer "+nurse.token)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		resp, err := noFollow(hc).Do(req)
		if err != nil {
			return false
		}
		_ = resp.Body.Close()
		loc := resp.Header.Get("Location")
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/nachtrust/upload/") {
			t.Errorf("upload %d: %d %q", i, resp.StatusCode, loc)
			return false
		}
		led.mu.Lock()
		led.uploads[strings.TrimPrefix(loc, "/nachtrust/upload/")] = names
		led.mu.Unlock()
		return true
	})
	writer(func(i int) bool { // the nurse's notes
		text := fmt.Sprintf("crash-notitie-%d", i)
		st, resp, err := nurse.do("POST", notesPath, "application/json", []byte(`{"date":"2026-11-01","text":"`+text+`"}`))
		if err != nil {
			return false
		}
		if st != 201 && st != 200 {
			t.Errorf("note: %d %s", st, tail(string(resp), 300))
			return false
		}
		led.mu.Lock()
		led.notes[text] = true
		led.mu.Unlock()
		return true
	})
	writer(func(i int) bool { // the team's availability, note "stand-i"
		st, resp, err := team.do("POST", teamPath, "application/json", fmt.Appendf(nil, `{"available":%t,"note":"stand-%d"}`, i%2 == 0, i))
		if err != nil {
			return false
		}
		if st != 200 {
			t.Errorf("team availability: %d %s", st, tail(string(resp), 300))
			return false
		}
		led.mu.Lock()
		led.lastNote = i
		led.mu.Unlock()
		return true
	})

	// Kill once every writer has had writes acknowledged and, looking
	// into the database, while an uploaded file is being read: the claim
	// the kill orphans is what issue 18 is about. The form uploads share
	// the reading slot with the device files, so a reading can take a
	// while to come: two minutes at most.
	peek, err := db.Open(context.Background(), o.DB)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = peek.Close() }()
	reading := func() int {
		var n int
		if err := peek.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM sleep_uploads WHERE status = 'bezig'`).Scan(&n); err != nil {
			t.Error(err)
		}
		return n
	}
	deadline := time.Now().Add(2 * time.Minute)
	for {
		led.mu.Lock()
		ready := len(led.batches) >= 3 && len(led.files) >= 2 && len(led.notes) >= 3 && led.lastNote >= 2 && len(led.uploads) >= 2
		led.mu.Unlock()
		if ready && reading() > 0 || time.Now().After(deadline) || t.Failed() {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := srv.cmd.Process.Kill(); err != nil { // SIGKILL: no shutdown code runs
		t.Fatal(err)
	}
	<-srv.done
	wg.Wait()
	if t.Failed() {
		return
	}
	orphaned := reading()
	t.Logf("killed after %d batches, %d files, %d notes, %d team changes, %d uploads acknowledged; %d uploaded files were being read", len(led.batches), len(led.files), len(led.notes), led.lastNote+1, len(led.uploads), orphaned)
	if orphaned == 0 {
		t.Errorf("the kill interrupted no reading of an uploaded file within two minutes: the restart's handling of orphaned claims is not tested")
	}

	srv = startServerWith(t, bin, o) // --demo on a filled database loads nothing
	nurse.base, device.base, team.base = srv.Base, srv.Base, srv.Base

	// Every acknowledged batch and file is stored whole: delivered again,
	// each is recognised as the same content (a partly stored one would
	// be a conflict or be stored anew).
	for seq, b := range led.batches {
		st, resp, err := device.do("POST", "/api/v1/sleep/sensors/"+serial+"/stream", "application/octet-stream", b)
		var ack struct {
			Duplicate bool `json:"duplicate"`
		}
		if err != nil || st != 200 || json.Unmarshal(resp, &ack) != nil || !ack.Duplicate {
			t.Errorf("acknowledged batch %d after the crash: %d %v %s, want 200 duplicate", seq, st, err, tail(string(resp), 300))
		}
	}
	if led.inflightB != nil { // the batch in flight: stored whole or not at all
		if st, resp, err := device.do("POST", "/api/v1/sleep/sensors/"+serial+"/stream", "application/octet-stream", led.inflightB); err != nil || st != 200 {
			t.Errorf("the batch in flight, delivered again: %d %v %s", st, err, tail(string(resp), 300))
		}
	}
	for name, f := range led.files {
		st, resp, err := device.do("POST", "/api/v1/sleep/sensors/"+serial+"/files?name="+name, "text/csv", f)
		var res struct {
			Duplicate bool   `json:"duplicate"`
			Error     string `json:"error"`
		}
		if err != nil || (st != 200 && st != 201) || json.Unmarshal(resp, &res) != nil || !res.Duplicate {
			t.Errorf("acknowledged file %s after the crash: %d %v %s, want it recognised as received", name, st, err, tail(string(resp), 300))
		}
	}
	if led.inflightF != nil {
		if st, resp, err := device.do("POST", "/api/v1/sleep/sensors/"+serial+"/files?name=inflight.csv", "text/csv", led.inflightF); err != nil || (st != 200 && st != 201) {
			t.Errorf("the file in flight, delivered again: %d %v %s", st, err, tail(string(resp), 300))
		}
	}

	// Every acknowledged upload is there with both its files, and each
	// file is read after the restart: one whose reading the kill
	// interrupted goes back to the queue once its claim's heartbeat is
	// old (issue 18), instead of staying "bezig" and failing an hour
	// later. Waited for with a deadline: the orphaned claims need their
	// heartbeat to age, then the background job reads them one by one.
	uploadsRead := func(final bool) map[string]int {
		statuses := map[string]int{}
		for grp, names := range led.uploads {
			st, resp, err := nurse.do("GET", "/api/v1/sleep/uploads/"+grp, "", nil)
			var got struct {
				Uploads []struct {
					File   string `json:"file"`
					Status string `json:"status"`
				} `json:"uploads"`
			}
			if err != nil || st != 200 || json.Unmarshal(resp, &got) != nil {
				t.Errorf("acknowledged upload %s after the crash: %d %v %s", grp, st, err, tail(string(resp), 300))
				continue
			}
			var files []string
			for _, u := range got.Uploads {
				files = append(files, u.File)
				statuses[u.Status]++
				if final && u.Status != "klaar" {
					t.Errorf("acknowledged upload %s file %s after the restart: %q, want klaar (read)", grp, u.File, u.Status)
				}
			}
			if !slices.Equal(files, names) {
				t.Errorf("acknowledged upload %s after the crash holds %q, want %q", grp, files, names)
			}
		}
		return statuses
	}
	statuses := uploadsRead(false)
	t.Logf("acknowledged uploads' files just after the restart, by status: %v", statuses)
	readBy := time.Now().Add(3 * time.Minute)
	for !t.Failed() && statuses["bezig"]+statuses["wachtend"] > 0 && time.Now().Before(readBy) {
		time.Sleep(500 * time.Millisecond)
		statuses = uploadsRead(false)
	}
	statuses = uploadsRead(true)
	t.Logf("acknowledged uploads' files after waiting, by status: %v", statuses)

	// Every acknowledged note is there with its whole text.
	st, resp, err := nurse.do("GET", notesPath, "", nil)
	if err != nil || st != 200 {
		t.Fatalf("GET notes after the crash: %d %v %s", st, err, tail(string(resp), 300))
	}
	for text := range led.notes {
		if !bytes.Contains(resp, []byte(`"`+text+`"`)) {
			t.Errorf("acknowledged note %q is missing after the crash", text)
		}
	}

	// The team's availability is the last acknowledged change or the one
	// in flight after it, never an older one.
	st, resp, err = team.do("GET", "/api/v1/crisis/teams", "", nil)
	if err != nil || st != 200 || json.Unmarshal(resp, &teams) != nil {
		t.Fatalf("GET teams after the crash: %d %v", st, err)
	}
	want := map[string]bool{fmt.Sprintf("stand-%d", led.lastNote): true, fmt.Sprintf("stand-%d", led.lastNote+1): true}
	found := false
	for _, tm := range teams.Teams {
		if want[tm.Note] {
			found = true
		}
	}
	if !found {
		t.Errorf("no team shows availability note stand-%d (or the one in flight) after the crash", led.lastNote)
	}

	srv.stop(t)
	if code, out, errOut := runBinEnv(t, bin, o.Dir, o.Env, "audit", "verify", "--db", o.DB); code != 0 {
		t.Errorf("audit verify after the crash: exit %d\n%s%s", code, out, errOut)
	}
}

// crashBatch is 10 s of 30 Hz raw samples, distinct per sequence number.
func crashBatch(seq uint64, start time.Time) []byte {
	const n = 300
	b := &sleep.Batch{Seq: seq, Start: start, RateMHz: 30000, X: make([]int16, n), Y: make([]int16, n), Z: make([]int16, n)}
	for i := range n {
		b.X[i] = int16((i*7 + int(seq)) % 400)
		b.Y[i] = int16(-1000 + (i*3)%200)
		b.Z[i] = int16(int(seq) % 50)
	}
	return sleep.EncodeBatch(b)
}

// crashEpochCSV is a minute-epoch file whose counts carry the file's index.
func crashEpochCSV(start time.Time, minutes, index int) []byte {
	var sb strings.Builder
	sb.WriteString("timestamp,axis1,axis2,axis3\n")
	for i := range minutes {
		c := 100 + index*3 + i
		fmt.Fprintf(&sb, "%s,%d,%d,%d\n", start.Add(time.Duration(i)*time.Minute).Format("2006-01-02T15:04:05Z"), c, c/2, c/3)
	}
	return []byte(sb.String())
}
