package e2e

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// pgKeysEnv is the secret and keys an operator configures for instances
// on PostgreSQL; servers and commands on one database share them.
func pgKeysEnv(t testing.TB) []string {
	key := func() string {
		var k [32]byte
		if _, err := rand.Read(k[:]); err != nil {
			t.Fatal(err)
		}
		return base64.StdEncoding.EncodeToString(k[:])
	}
	return []string{"VOLWAARDIG_SECRET=" + key(), "VOLWAARDIG_BSN_KEYS=1:" + key(), "VOLWAARDIG_BSN_INDEX_KEY=" + key(), "VOLWAARDIG_AUDIT_KEY=" + key()}
}

// ownCluster is a PostgreSQL cluster of the test's own, run as the
// postgres user, so it can be stopped and started without touching the
// server the other tests use.
type ownCluster struct {
	bin, data, sock string
	port            int
}

// startOwnCluster needs root (to act as the postgres user) and Debian's
// PostgreSQL binaries; under CI their absence fails the test.
func startOwnCluster(t *testing.T) *ownCluster {
	t.Helper()
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(bins) == 0 || os.Geteuid() != 0 {
		skipOrFail(t, "a PostgreSQL cluster of the test's own needs Debian's postgresql package and root (found initdb: %v, euid %d)", bins, os.Geteuid())
	}
	pgUser, err := user.Lookup("postgres")
	if err != nil {
		skipOrFail(t, "no postgres user: %v", err)
	}
	uid, _ := strconv.Atoi(pgUser.Uid)
	gid, _ := strconv.Atoi(pgUser.Gid)
	// Not t.TempDir: its parent is private to root, and the postgres
	// user must reach the folder.
	base, err := os.MkdirTemp("", "vw-pg-restart-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(base) })
	if err := os.Chmod(base, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(base, uid, gid); err != nil {
		t.Fatal(err)
	}
	c := &ownCluster{bin: filepath.Dir(bins[0]), data: filepath.Join(base, "data"), sock: base}
	if out, err := c.as("initdb", "-D", c.data, "-A", "trust", "-U", "postgres", "--no-sync"); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	addr := freeAddr(t)
	c.port, _ = strconv.Atoi(addr[strings.LastIndex(addr, ":")+1:])
	c.start(t)
	t.Cleanup(func() { _, _ = c.as("pg_ctl", "-D", c.data, "-m", "immediate", "-w", "stop") })
	return c
}

func (c *ownCluster) as(tool string, args ...string) (string, error) {
	cmd := exec.Command("runuser", append([]string{"-u", "postgres", "--", filepath.Join(c.bin, tool)}, args...)...)
	cmd.Dir = c.sock
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func (c *ownCluster) start(t *testing.T) {
	t.Helper()
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1", c.port, c.sock)
	if out, err := c.as("pg_ctl", "-D", c.data, "-o", opts, "-l", filepath.Join(c.sock, "log"), "-w", "start"); err != nil {
		t.Fatalf("pg_ctl start: %v\n%s", err, out)
	}
}

func (c *ownCluster) stop(t *testing.T) {
	t.Helper()
	if out, err := c.as("pg_ctl", "-D", c.data, "-m", "fast", "-w", "stop"); err != nil {
		t.Fatalf("pg_ctl stop: %v\n%s", err, out)
	}
}

func (c *ownCluster) url() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", c.port)
}

// TestDatabaseRestartUnderLoad restarts PostgreSQL while a night nurse's
// notes are being written (issue 18, "Database loss of connection"): the
// server says it is not ready while the database is gone, becomes ready
// again by itself when it is back, takes writes again, and every note it
// acknowledged, before, during or after, is there. The cluster is the
// test's own, so the server the other tests use is untouched.
func TestDatabaseRestartUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test skipped in -short mode")
	}
	cluster := startOwnCluster(t)
	bin := buildBinary(t)
	o := serverOptions{DB: cluster.url(), Dir: t.TempDir(), Env: pgKeysEnv(t)}
	srv := startServerWith(t, bin, o)
	code, out, errOut := runBinEnv(t, bin, o.Dir, o.Env, "token", "create", "--db", o.DB, "--name", "restart test", "zorgverlener")
	tok := regexp.MustCompile(`vw_[A-Za-z0-9_-]+`).FindString(out)
	if code != 0 || tok == "" {
		t.Fatalf("token create: exit %d\n%s%s", code, out, errOut)
	}
	nurse := apiClient{srv.Base, tok, &http.Client{Timeout: 10 * time.Second}}
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

	var mu sync.Mutex
	acked := map[string]bool{}
	var refused, afterRestart int
	restarted := false
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
				text := fmt.Sprintf("herstart-%d-%d", w, i)
				st, _, err := nurse.do("POST", notesPath, "application/json", []byte(`{"date":"2026-11-02","text":"`+text+`"}`))
				mu.Lock()
				if err == nil && st == http.StatusCreated {
					acked[text] = true
					if restarted {
						afterRestart++
					}
				} else {
					refused++ // while the database is away: an error, never a false yes
				}
				mu.Unlock()
				if err != nil || st != http.StatusCreated {
					time.Sleep(100 * time.Millisecond)
				}
			}
		}()
	}
	waitFor := func(what string, limit time.Duration, ok func() bool) {
		t.Helper()
		deadline := time.Now().Add(limit)
		for !ok() {
			if time.Now().After(deadline) {
				t.Fatalf("%s: not within %s", what, limit)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	ready := func() int {
		resp, err := http.Get(srv.Base + "/readyz")
		if err != nil {
			return 0
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	waitFor("first notes acknowledged", 30*time.Second, func() bool { mu.Lock(); defer mu.Unlock(); return len(acked) >= 5 })

	cluster.stop(t)
	waitFor("/readyz says 503 while the database is down", 15*time.Second, func() bool { return ready() == http.StatusServiceUnavailable })
	time.Sleep(2 * time.Second) // the writers keep trying against a missing database
	cluster.start(t)
	mu.Lock()
	restarted = true
	mu.Unlock()
	waitFor("/readyz says 200 again after the database is back", 60*time.Second, func() bool { return ready() == http.StatusOK })
	waitFor("notes acknowledged after the restart", 30*time.Second, func() bool { mu.Lock(); defer mu.Unlock(); return afterRestart >= 5 })
	close(stop)
	wg.Wait()

	st, resp, err := nurse.do("GET", notesPath, "", nil)
	if err != nil || st != 200 {
		t.Fatalf("GET notes: %d %v %s", st, err, tail(string(resp), 300))
	}
	missing := 0
	for text := range acked {
		if !bytes.Contains(resp, []byte(`"`+text+`"`)) {
			missing++
			t.Errorf("acknowledged note %q is missing", text)
		}
	}
	t.Logf("%d notes acknowledged (%d after the restart), %d requests refused while the database was away, %d missing", len(acked), afterRestart, refused, missing)
	// A graceful stop after the outage exits 0 (the batches that failed
	// while the database was away were retried, not lost), and the audit
	// chains verify.
	srv.stop(t)
	if code, out, errOut := runBinEnv(t, bin, o.Dir, o.Env, "audit", "verify", "--db", o.DB); code != 0 {
		t.Errorf("audit verify after the restart: exit %d\n%s%s", code, out, errOut)
	}
}
