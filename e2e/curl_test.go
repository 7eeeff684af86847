package e2e

import (
	"bufio"
	"context"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// runCurl runs the real curl binary, the way a script uses the product, and
// returns its standard output.
func runCurl(t testing.TB, args ...string) string {
	t.Helper()
	bin, err := exec.LookPath("curl")
	if err != nil {
		skipOrFail(t, "curl is not installed (Debian package curl)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("curl %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}

// jarCookie is one line of curl's Netscape cookie jar.
type jarCookie struct {
	Domain, Path, Name, Value string
	Secure, HTTPOnly          bool
}

// readJar parses curl's cookie jar file.
func readJar(t testing.TB, path string) []jarCookie {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("cookie jar: %v", err)
	}
	defer func() {
		if err := f.Close(); err != nil {
			t.Error(err)
		}
	}()
	var out []jarCookie
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		httpOnly := false
		if rest, ok := strings.CutPrefix(line, "#HttpOnly_"); ok {
			line, httpOnly = rest, true
		} else if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 7 {
			continue
		}
		out = append(out, jarCookie{Domain: f[0], Path: f[2], Secure: f[3] == "TRUE", Name: f[5], Value: f[6], HTTPOnly: httpOnly})
	}
	return out
}

// checkCurlLogin logs in as role with curl and a cookie jar against base,
// follows the redirect and fetches the home page, then checks that the same
// request without the cookie is not let in. insecure accepts the test
// proxy's self-signed certificate.
func checkCurlLogin(t *testing.T, base, role string, insecure bool) {
	t.Helper()
	dir := t.TempDir()
	jar := filepath.Join(dir, "cookies.txt")
	common := []string{"-sS", "--max-time", "30"}
	if insecure {
		common = append(common, "-k")
	}
	withJar := append(append([]string{}, common...), "-c", jar, "-b", jar)

	out := runCurl(t, append(withJar, "-o", filepath.Join(dir, "login.html"), "-w", "%{http_code} %{redirect_url}",
		"--data-urlencode", "username="+role, "--data-urlencode", "password=demo", base+"/login")...)
	code, redirect, _ := strings.Cut(strings.TrimSpace(out), " ")
	if code != "303" {
		body, _ := os.ReadFile(filepath.Join(dir, "login.html"))
		t.Fatalf("POST /login as %s answered %s, want 303\n%s", role, code, tail(string(body), 2000))
	}
	if redirect == "" || pathOf(redirect) == "/login" {
		t.Fatalf("POST /login redirected to %q, want the role's home page", redirect)
	}

	// Every __Host- cookie must carry what the prefix demands (Secure,
	// path /, no Domain) plus HttpOnly; curl drops one that breaks the
	// prefix rules, so the session cookie must be among them.
	var hostCookies []jarCookie
	for _, c := range readJar(t, jar) {
		if strings.HasPrefix(c.Name, "__Host-") {
			hostCookies = append(hostCookies, c)
			if !c.Secure || !c.HTTPOnly || c.Path != "/" {
				t.Errorf("cookie %s: secure=%v httponly=%v path=%q, want Secure, HttpOnly, path /", c.Name, c.Secure, c.HTTPOnly, c.Path)
			}
		}
	}
	if len(hostCookies) == 0 {
		t.Fatalf("curl kept no __Host- cookie from the login answer; jar:\n%s", readFile(jar))
	}

	home := filepath.Join(dir, "home.html")
	out = runCurl(t, append(withJar, "-L", "-o", home, "-w", "%{http_code} %{url_effective}", redirect)...)
	code, effective, _ := strings.Cut(strings.TrimSpace(out), " ")
	body, _ := os.ReadFile(home)
	if code != "200" || pathOf(effective) != pathOf(redirect) {
		t.Fatalf("GET %s with the session cookie: status %s at %s, want 200 at the home page\n%s", redirect, code, effective, tail(string(body), 2000))
	}
	if !loggedIn(string(body)) {
		t.Errorf("the home page after login offers no log-out: the session was not accepted\n%s", tail(string(body), 2000))
	}

	// Without the cookie the same page must not open: this proves that it
	// was the cookie that logged curl in.
	anon := filepath.Join(dir, "anon.html")
	out = runCurl(t, append(common, "-L", "-o", anon, "-w", "%{http_code} %{url_effective}", redirect)...)
	code, effective, _ = strings.Cut(strings.TrimSpace(out), " ")
	body, _ = os.ReadFile(anon)
	if loggedIn(string(body)) {
		t.Errorf("GET %s without a session shows a logged-in page (status %s at %s): the check above proves nothing", redirect, code, effective)
	}
}

// loggedIn tells whether a page is shown to a logged-in user: every such
// page offers a way to log out (the layout's POST /logout form).
func loggedIn(body string) bool {
	return strings.Contains(body, `"/logout"`) && !strings.Contains(body, `name="password"`)
}

// readFile returns a file's content for a failure message.
func readFile(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	return string(b)
}

// tlsProxy puts a TLS-terminating reverse proxy with a self-signed
// certificate in front of backend, telling it the original scheme the way a
// load balancer does.
func tlsProxy(t *testing.T, backend string) *httptest.Server {
	t.Helper()
	target, err := url.Parse(backend)
	if err != nil {
		t.Fatal(err)
	}
	proxy := &httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
		r.SetURL(target)
		r.Out.Host = r.In.Host // keep the Host the client asked for, as proxies usually do
		r.SetXForwarded()      // X-Forwarded-For/-Host/-Proto: https
		r.Out.Header.Set("X-Forwarded-Proto", "https")
	}}
	srv := httptest.NewTLSServer(proxy)
	t.Cleanup(srv.Close)
	return srv
}

// serveHelp returns `volwaardig serve --help`, to learn which optional flags
// this build has.
func serveHelp(bin string) string {
	out, _ := exec.Command(bin, "serve", "--help").CombinedOutput()
	return string(out)
}
