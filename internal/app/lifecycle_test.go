package app

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/web"
)

// lockedBuf is a log sink the server and the test share.
type lockedBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuf) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuf) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestReadyzDuringShutdownAndRequestIDs: /readyz answers 503 from the
// moment a shutdown starts while the server still serves (so a load
// balancer stops sending before the drain), the probes' 503 is not logged
// as an error, and every request's id is in its answer, its log line and
// its error page.
func TestReadyzDuringShutdownAndRequestIDs(t *testing.T) {
	logs := &lockedBuf{}
	a, _ := testAppWith(t, "sqlite", func(c *Config) {
		c.ShutdownDelay = 2 * time.Second
		c.Logger = slog.New(web.LogHandler(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- a.Serve(ctx, ln) }()
	get := func(path string) (*http.Response, string) {
		t.Helper()
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	if resp, _ := get("/readyz"); resp.StatusCode != http.StatusOK {
		t.Fatalf("/readyz before the shutdown: %d", resp.StatusCode)
	}

	// Each background job reports its rounds: the first runs at start.
	jobs := map[string]bool{}
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		rec := httptest.NewRecorder()
		a.MetricsHandler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
		jobs = map[string]bool{}
		for _, line := range strings.Split(rec.Body.String(), "\n") {
			if strings.HasPrefix(line, "volwaardig_job_runs_total{") && strings.Contains(line, `outcome="ok"`) && !strings.HasSuffix(line, " 0") {
				jobs[strings.SplitN(strings.SplitN(line, `job="`, 2)[1], `"`, 2)[0]] = true
			}
		}
		if jobs["placement"] && jobs["crisis_deadlines"] && jobs["sleep_ingest"] && jobs["session_purge"] && jobs["totp_rotation"] && jobs["bsn_rotation"] {
			break
		}
	}
	for _, job := range []string{"placement", "crisis_deadlines", "sleep_ingest", "session_purge", "totp_rotation", "bsn_rotation"} {
		if !jobs[job] {
			t.Errorf("no successful round of job %s in the metrics (have %v)", job, jobs)
		}
	}

	resp, body := get("/bestaat-niet")
	id := resp.Header.Get(web.RequestIDHeader)
	if resp.StatusCode != http.StatusNotFound || len(id) != 16 {
		t.Fatalf("404 page: %d, request id %q", resp.StatusCode, id)
	}
	if !strings.Contains(body, id) {
		t.Errorf("the error page does not show the request id %s to quote", id)
	}
	if resp2, _ := get("/bestaat-niet"); resp2.Header.Get(web.RequestIDHeader) == id {
		t.Errorf("two requests got the same id")
	}

	stop()
	deadline := time.Now().Add(time.Second)
	for {
		resp, body := get("/readyz")
		if resp.StatusCode == http.StatusServiceUnavailable && strings.Contains(body, "stopping") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz after the shutdown started: %d %q, want 503 stopping while still serving", resp.StatusCode, body)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if resp, _ := get("/healthz"); resp.StatusCode != http.StatusOK {
		t.Errorf("/healthz during the drain delay: %d", resp.StatusCode)
	}
	select {
	case err := <-served:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the server did not stop")
	}

	out := logs.String()
	if strings.Contains(out, `"level":"ERROR"`) {
		t.Errorf("the probes' 503 was logged as an error:\n%s", out)
	}
	if !strings.Contains(out, `"request_id":"`+id+`"`) {
		t.Errorf("no log line carries the request id %s:\n%.2000s", id, out)
	}
}

// TestMaxSleepIngestsConfig: a bound on concurrent sleep-file ingests that
// is no positive number stops the start with an error naming the variable.
func TestMaxSleepIngestsConfig(t *testing.T) {
	a, _ := testApp(t, "sqlite")
	for _, bad := range []string{"veel", "0", "-1"} {
		cfg := a.cfg
		cfg.Getenv = func(k string) string {
			if k == EnvMaxSleepIngests {
				return bad
			}
			return ""
		}
		if _, err := New(context.Background(), cfg, a.DB); err == nil || !strings.Contains(err.Error(), EnvMaxSleepIngests) {
			t.Errorf("%s=%q: %v, want a start-up error naming the variable", EnvMaxSleepIngests, bad, err)
		}
	}
}
