package e2e

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// runBin runs a volwaardig command the way an operator does and returns its
// exit status with both outputs.
func runBin(t testing.TB, bin, dir string, args ...string) (int, string, string) {
	t.Helper()
	return runBinEnv(t, bin, dir, nil, args...)
}

// runBinEnv is runBin with extra NAME=value settings, e.g. the secret that
// instances on PostgreSQL share.
func runBinEnv(t testing.TB, bin, dir string, env []string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append(serverEnv(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0, stdout.String(), stderr.String()
	case errors.As(err, &exit):
		return exit.ExitCode(), stdout.String(), stderr.String()
	}
	t.Fatalf("volwaardig %s: %v", strings.Join(args, " "), err)
	return 0, "", ""
}

// TestBackupRestore is the operator's journey of DESIGN §3 Operations: while
// the server takes writes, `volwaardig backup` copies the database; the
// copy is restored into a fresh folder and served, every write that was
// acknowledged before the backup started is there, and `audit verify`
// exits 0 on it.
func TestBackupRestore(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test skipped in -short mode")
	}
	bin := buildBinary(t)
	live := t.TempDir()
	dbURL := "sqlite:" + filepath.Join(live, "live.db")
	srv := startServerWith(t, bin, serverOptions{DB: dbURL, Dir: live})

	code, out, errOut := runBin(t, bin, live, "token", "create", "--db", dbURL, "--name", "backup test", "zorgverlener")
	if code != 0 {
		t.Fatalf("token create: exit %d\n%s%s", code, out, errOut)
	}
	token := regexp.MustCompile(`vw_[A-Za-z0-9_-]+`).FindString(out)
	if token == "" {
		t.Fatalf("token create printed no token:\n%s", out)
	}
	client := &http.Client{Timeout: 30 * time.Second}
	api := func(method, path, body string) (int, []byte) {
		t.Helper()
		req, err := http.NewRequest(method, srv.Base+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+token)
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := client.Do(req)
		if err != nil {
			return 0, []byte(err.Error())
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b
	}
	status, body := api("GET", "/api/v1/sleep/overview", "")
	var overview struct {
		Clients []struct {
			ClientID int64 `json:"client_id"`
		} `json:"clients"`
	}
	if status != 200 || json.Unmarshal(body, &overview) != nil || len(overview.Clients) == 0 {
		t.Fatalf("GET /api/v1/sleep/overview: %d %s", status, tail(string(body), 500))
	}
	notes := fmt.Sprintf("/api/v1/sleep/clients/%d/notes", overview.Clients[0].ClientID)

	// Two writers add intervention notes until told to stop; each note
	// acknowledged (201) is recorded with the moment of the answer.
	var mu sync.Mutex
	acked := map[string]time.Time{}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				text := fmt.Sprintf("backup-schrijver-%d-notitie-%d", w, i)
				st, b := api("POST", notes, `{"date":"2026-11-01","text":"`+text+`"}`)
				if st != http.StatusCreated && st != http.StatusOK {
					t.Errorf("POST note: %d %s", st, tail(string(b), 300))
					return
				}
				mu.Lock()
				acked[text] = time.Now()
				mu.Unlock()
			}
		}()
	}
	time.Sleep(1500 * time.Millisecond)

	store := t.TempDir()
	backupFile := filepath.Join(store, "volwaardig-backup.db")
	// A backup beside the key files is refused and writes nothing.
	if code, _, errOut := runBin(t, bin, live, "backup", "--db", dbURL, "--out", filepath.Join(live, "naast-sleutels.db")); code != 1 || !strings.Contains(errOut, "key files") {
		t.Errorf("backup into the folder holding the key files: exit %d, want 1 naming the key files\n%s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(live, "naast-sleutels.db")); err == nil {
		t.Errorf("a refused backup left a file beside the keys")
	}

	mu.Lock()
	before := map[string]bool{}
	for k := range acked {
		before[k] = true
	}
	mu.Unlock()
	code, out, errOut = runBin(t, bin, live, "backup", "--db", dbURL, "--out", backupFile)
	time.Sleep(300 * time.Millisecond) // writes go on after the copy, too
	close(stop)
	wg.Wait()
	if code != 0 {
		t.Fatalf("backup under load: exit %d\n%s%s", code, out, errOut)
	}
	if !strings.Contains(out, "volwaardig-backup.audit-checkpoints.jsonl") {
		t.Errorf("backup does not name the checkpoint file to keep with it:\n%s", out)
	}
	if fi, err := os.Stat(backupFile); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("backup file: %v, mode %v; want 0600", err, fi.Mode().Perm())
	}
	if len(before) == 0 {
		t.Fatalf("no write was acknowledged before the backup started")
	}
	// A second backup to the same name never overwrites the first.
	if code, _, _ := runBin(t, bin, live, "backup", "--db", dbURL, "--out", backupFile); code != 1 {
		t.Errorf("backup onto an existing file: exit %d, want 1", code)
	}
	srv.stop(t)

	// Restore into a fresh folder, as on a new machine: the operator puts
	// the keys back from their own safe place.
	fresh := t.TempDir()
	restoredURL := "sqlite:" + filepath.Join(fresh, "volwaardig.db")
	code, out, errOut = runBin(t, bin, fresh, "restore", "--from", backupFile, "--db", restoredURL)
	if code != 0 {
		t.Fatalf("restore: exit %d\n%s%s", code, out, errOut)
	}
	for _, suffix := range []string{".secret", ".audit-key", ".bsn-keys"} {
		b, err := os.ReadFile(filepath.Join(live, "live"+suffix))
		if err != nil {
			t.Fatalf("key file of the live run: %v", err)
		}
		if err := os.WriteFile(filepath.Join(fresh, "volwaardig"+suffix), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if code, _, _ := runBin(t, bin, fresh, "restore", "--from", backupFile, "--db", restoredURL); code != 1 {
		t.Errorf("restore onto an existing database: exit %d, want 1", code)
	}

	srv = startServerWith(t, bin, serverOptions{DB: restoredURL, Dir: fresh})
	status, body = api("GET", notes, "")
	if status != 200 {
		t.Fatalf("GET notes on the restored copy: %d %s", status, tail(string(body), 500))
	}
	var missing []string
	for text := range before {
		if !bytes.Contains(body, []byte(text)) {
			missing = append(missing, text)
		}
	}
	if len(missing) > 0 {
		t.Errorf("%d of %d writes acknowledged before the backup are missing from the restored copy, e.g. %s", len(missing), len(before), missing[0])
	}
	t.Logf("%d writes acknowledged before the backup, %d in all; all of the first are in the restored copy", len(before), len(acked))
	srv.stop(t)

	code, out, errOut = runBin(t, bin, fresh, "audit", "verify", "--db", restoredURL)
	if code != 0 {
		t.Errorf("audit verify on the restored copy: exit %d\n%s%s", code, out, errOut)
	}
}
