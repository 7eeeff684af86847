package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Environment variables that steer the browser tests.
const (
	// envRequireBrowser turns every "cannot run here" skip (no Chromium, no
	// axe-core, no curl) into a failure; CI sets it so a green run means the
	// browser tests really ran.
	envRequireBrowser = "VOLWAARDIG_REQUIRE_BROWSER"
	// envChromium overrides the browser binary (default /usr/bin/chromium).
	envChromium = "VOLWAARDIG_CHROMIUM"
	// envMaxPages bounds the crawl per role (default defaultMaxPages).
	envMaxPages = "VOLWAARDIG_E2E_MAX_PAGES"
	// envReadyTimeout bounds the wait for /readyz, in seconds, for a slow
	// demo load on a busy machine.
	envReadyTimeout = "VOLWAARDIG_E2E_READY_TIMEOUT"
)

const (
	defaultMaxPages     = 60
	defaultReadyTimeout = 5 * time.Minute
	// pageTimeout bounds one navigation plus its checks.
	pageTimeout = 90 * time.Second
)

// browserRequired tells whether a missing tool must fail the test.
func browserRequired() bool {
	v := os.Getenv(envRequireBrowser)
	return v != "" && v != "0" && !strings.EqualFold(v, "false")
}

// skipOrFail skips the test with the reason, or fails it when the
// environment requires the browser tests to run.
func skipOrFail(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if browserRequired() {
		t.Fatalf("%s (%s is set, so this is a failure, not a skip)", msg, envRequireBrowser)
	}
	t.Skipf("%s; set %s=1 to make this a failure", msg, envRequireBrowser)
}

// repoRoot finds the module root by walking up to go.mod, so the tests work
// from any working directory.
func repoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the working directory")
		}
		dir = parent
	}
}

// chromiumPath returns the browser to drive: the override, Debian's
// /usr/bin/chromium, or whatever Chromium-like binary is on PATH.
func chromiumPath() (string, error) {
	if p := os.Getenv(envChromium); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("%s=%s: %w", envChromium, p, err)
		}
		return p, nil
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium", nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no Chromium found (install Debian's package chromium, or set " + envChromium + ")")
}

// startBrowser starts one headless Chromium with a fresh profile for the
// test and returns a context for it; tabs made with newTab share the process
// but not their cookies.
func startBrowser(t testing.TB) context.Context {
	t.Helper()
	path, err := chromiumPath()
	if err != nil {
		skipOrFail(t, "browser tests need Chromium: %v", err)
	}
	profile, err := os.MkdirTemp("", "volwaardig-e2e-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	var browserLog lockedBuffer
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox, // CI runs as root, where Chromium's sandbox cannot start
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
		chromedp.CombinedOutput(&browserLog),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	// The first Do starts the browser; it must run without a timeout, which
	// would stop the whole browser when it expires.
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		cancelAlloc()
		if err := os.RemoveAll(profile); err != nil {
			t.Logf("remove the browser profile %s: %v", profile, err)
		}
		t.Fatalf("start %s: %v\nbrowser output:\n%s", path, err, tail(browserLog.String(), 4000))
	}
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
		// Chromium may still flush its profile for a moment after exit;
		// the directory is temporary, so a failed removal is not a failure.
		_ = os.RemoveAll(profile)
	})
	return ctx
}

// newTab opens a tab in its own browser context (its own cookie jar), so
// each role logs in without seeing another role's session. The returned
// context also carries the tab's console log, which checkPage reads.
func newTab(t testing.TB, browser context.Context) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		t.Fatalf("open tab: %v", err)
	}
	t.Cleanup(cancel)
	cl := &consoleLog{}
	if err := chromedp.Listen(ctx, cl.record); err != nil {
		t.Fatalf("listen to the tab's console: %v", err)
	}
	return context.WithValue(ctx, consoleKey{}, cl)
}

// consoleKey finds a tab's consoleLog in its context.
type consoleKey struct{}

// consoleLog collects what the browser reports as errors on a page: CSP
// refusals (an inline script or style attribute the policy blocks), failed
// resource loads, and uncaught JavaScript exceptions. Each is a fault a
// visitor would meet, so a page check reports them.
type consoleLog struct {
	mu    sync.Mutex
	lines []string
}

// consoleOf returns the tab's console log, or nil for a context not made by
// newTab.
func consoleOf(ctx context.Context) *consoleLog {
	cl, _ := ctx.Value(consoleKey{}).(*consoleLog)
	return cl
}

// record is the tab's event listener; it runs on chromedp's reader
// goroutine, so it only appends.
func (c *consoleLog) record(ev any) {
	var line string
	switch e := ev.(type) {
	case *cdplog.EventEntryAdded:
		if e.Entry == nil || e.Entry.Level != cdplog.EntryLevelError {
			return
		}
		if strings.HasSuffix(e.Entry.URL, "/favicon.ico") {
			// Browsers ask for it on their own; no page links it.
			return
		}
		line = fmt.Sprintf("browser console error (%s): %s", e.Entry.Source, e.Entry.Text)
		if e.Entry.URL != "" {
			line += " [" + e.Entry.URL + "]"
		}
	case *cdpruntime.EventExceptionThrown:
		d := e.ExceptionDetails
		if d == nil {
			return
		}
		line = "uncaught JavaScript exception: " + d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			line += " " + d.Exception.Description
		}
		if d.URL != "" {
			line += fmt.Sprintf(" [%s:%d]", d.URL, d.LineNumber+1)
		}
	default:
		return
	}
	c.mu.Lock()
	c.lines = append(c.lines, line)
	c.mu.Unlock()
}

// drain returns and forgets what was recorded so far.
func (c *consoleLog) drain() []string {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.lines
	c.lines = nil
	return out
}

// lockedBuffer collects output written from another goroutine (a child
// process's stdout and stderr).
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// tail returns the last n bytes of s, for quoting logs in failures.
func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}

// buildBinary compiles the real command once per test into a temporary
// directory, with the same toolchain that runs the tests.
func buildBinary(t testing.TB) string {
	t.Helper()
	root := repoRoot(t)
	bin := filepath.Join(t.TempDir(), "volwaardig")
	//lint:ignore SA1019 the test binary's own GOROOT is the toolchain running the tests, which is the one wanted; the deprecation is about binaries copied elsewhere
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goTool); err != nil {
		goTool = "go"
	}
	cmd := exec.Command(goTool, "build", "-o", bin, "./cmd/volwaardig")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/volwaardig: %v\n%s", err, out)
	}
	return bin
}

// freeAddr picks a free loopback port. Another process could take it before
// the server binds it, which is unlikely enough on a test machine.
func freeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		t.Error(err)
	}
	return addr
}

// server is one running volwaardig process.
type server struct {
	// Base is the server's origin, e.g. http://127.0.0.1:41234.
	Base string
	cmd  *exec.Cmd
	log  *lockedBuffer
	done chan struct{}
	err  error // the result of cmd.Wait, valid once done is closed
}

// serverEnv is the test process's environment without the server's own
// VOLWAARDIG_ variables, so a developer's settings cannot change what the
// flags ask for.
func serverEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "VOLWAARDIG_") && !strings.HasPrefix(name, "VOLWAARDIG_TEST_") && !strings.HasPrefix(name, "VOLWAARDIG_REQUIRE_") && !strings.HasPrefix(name, "VOLWAARDIG_E2E_") {
			continue
		}
		env = append(env, kv)
	}
	return env
}

// startServer runs `volwaardig serve --demo` on a free port with a fresh
// SQLite database, waits until /readyz answers 200 and returns it. The
// caller stops it with stop, which also checks the graceful shutdown; a
// cleanup kills it if the test ends earlier.
func startServer(t testing.TB, bin string, extra ...string) *server {
	t.Helper()
	return startServerWith(t, bin, serverOptions{DB: "sqlite:" + filepath.Join(t.TempDir(), "e2e.db"), Args: extra})
}

// serverOptions says how to start a server beyond the defaults.
type serverOptions struct {
	DB   string   // --db URL, which several servers may share
	Env  []string // extra NAME=value settings, e.g. a shared secret
	Args []string // extra flags
	// Dir is the working directory, where a server keeps the keys it
	// generates in demo mode when the database is not a file; servers
	// that share a database must share it. Default: a new temporary one.
	Dir string
}

// startServerWith is startServer with a chosen database, environment and
// flags.
func startServerWith(t testing.TB, bin string, o serverOptions) *server {
	t.Helper()
	addr := freeAddr(t)
	args := append([]string{"serve", "--demo", "--addr", addr, "--db", o.DB}, o.Args...)
	cmd := exec.Command(bin, args...)
	cmd.Env = append(serverEnv(), o.Env...)
	cmd.Dir = o.Dir
	if cmd.Dir == "" {
		cmd.Dir = t.TempDir()
	}
	s := &server{Base: "http://" + addr, cmd: cmd, log: &lockedBuffer{}, done: make(chan struct{})}
	cmd.Stdout = s.log
	cmd.Stderr = s.log
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	go func() {
		s.err = cmd.Wait()
		close(s.done)
	}()
	t.Cleanup(func() {
		select {
		case <-s.done:
		default:
			_ = cmd.Process.Kill()
			<-s.done
		}
		if t.Failed() {
			t.Logf("server log (%s):\n%s", strings.Join(args, " "), tail(s.log.String(), 8000))
		}
	})
	t.Logf("started volwaardig %s (pid %d)", strings.Join(args, " "), cmd.Process.Pid)

	timeout := defaultReadyTimeout
	if v := os.Getenv(envReadyTimeout); v != "" {
		if secs, err := strconv.Atoi(v); err == nil && secs > 0 {
			timeout = time.Duration(secs) * time.Second
		}
	}
	started := time.Now()
	deadline := started.Add(timeout)
	client := &http.Client{Timeout: 5 * time.Second}
	last := "no answer yet"
	for {
		select {
		case <-s.done:
			t.Fatalf("volwaardig serve exited before it was ready (%v); its log follows", s.err)
		default:
		}
		resp, err := client.Get(s.Base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				t.Logf("ready after %s", time.Since(started).Round(time.Millisecond))
				return s
			}
			last = "status " + resp.Status
		} else {
			last = err.Error()
		}
		if time.Now().After(deadline) {
			t.Fatalf("GET /readyz did not answer 200 within %s (last: %s); the server log follows", timeout, last)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// stop sends SIGTERM and checks that the server finishes its requests and
// exits with status 0 within 30 seconds: the graceful shutdown of DESIGN §3.
func (s *server) stop(t testing.TB) {
	t.Helper()
	select {
	case <-s.done:
		t.Fatalf("server had already exited (%v) before it was asked to stop; the server log follows", s.err)
	default:
	}
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("SIGTERM: %v", err)
	}
	select {
	case <-s.done:
	case <-time.After(30 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
		t.Fatalf("server did not exit within 30 s of SIGTERM; the server log follows")
	}
	if s.err != nil {
		t.Fatalf("server exited with %v after SIGTERM, want status 0 (graceful shutdown); the server log follows", s.err)
	}
}

// maxPages is the crawl bound per role.
func maxPages() int {
	if v := os.Getenv(envMaxPages); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n > 0 {
			return n
		}
	}
	return defaultMaxPages
}

// sidewaysJS measures how far the page reaches past the visible width and
// names up to four of the outermost elements that do, outside the frames
// that scroll on purpose (a wide table's .table-wrap, a chart's
// .chart-scroll), so a failure says what to fix. %d is the emulated width.
const sidewaysJS = `(() => {
  const vw = Math.min(window.innerWidth, document.documentElement.clientWidth, %d);
  const over = document.documentElement.scrollWidth - vw;
  if (over <= 1) return {Over: 0, Culprits: ''};
  const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().replace(/\s+/g, '.') : '');
  const culprits = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > vw + 1 && (!e.parentElement || e.parentElement.getBoundingClientRect().right <= vw + 1) && !e.closest('.table-wrap, .chart-scroll'))
    .slice(0, 4).map(e => name(e) + ' ' + Math.round(e.getBoundingClientRect().right) + ' px').join(', ');
  return {Over: over, Culprits: culprits};
})()`

// sideways reports how many CSS pixels the page in ctx reaches past a
// screen width px wide (0 when it fits), and what reaches past it. The
// visible width is the smallest of window.innerWidth, the root's
// clientWidth and the width emulated: a phone's emulation zooms a page that
// is too wide out, so innerWidth grows with the content and a check against
// it alone passes a page that scrolls sideways; clientWidth leaves out a
// desktop scrollbar. Every module's journeys use this one check.
func sideways(ctx context.Context, width int64) (over int, culprits string, err error) {
	if width <= 0 {
		return 0, "", fmt.Errorf("sideways: the journey has no screen width (%d)", width)
	}
	type result struct {
		Over     int
		Culprits string
	}
	r, err := chromedp.Run(ctx, chromedp.Evaluate[result](fmt.Sprintf(sidewaysJS, width)))
	return r.Over, r.Culprits, err
}
