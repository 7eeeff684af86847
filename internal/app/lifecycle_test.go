package app

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
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
