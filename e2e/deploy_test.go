package e2e

import (
	"bufio"
	"crypto/ed25519"
	"crypto/rand"
	"debug/elf"
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// requireRoot skips the test where it cannot run (not root: no user switch,
// no mount namespace), or fails it under CI, which runs as root.
func requireRoot(t *testing.T, what string) {
	t.Helper()
	if os.Geteuid() == 0 {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s needs root (CI runs .ci/run as root)", what)
	}
	t.Skipf("%s needs root", what)
}

// containerfile is what the test reads from deploy/Containerfile, so that
// it runs the binary the way the definition says, not the way the test
// author remembers it.
type containerfile struct {
	buildFlags []string          // flags of the `go build` in the build stage
	user       string            // USER uid:gid
	volume     string            // VOLUME path
	env        map[string]string // ENV
	health     []string          // HEALTHCHECK CMD
	entrypoint []string
	cmd        []string
}

func readContainerfile(t *testing.T) containerfile {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot(t), "deploy", "Containerfile"))
	if err != nil {
		t.Fatal(err)
	}
	// Join continuation lines first.
	text := regexp.MustCompile(`\\\n\s*`).ReplaceAllString(string(b), " ")
	cf := containerfile{env: map[string]string{}}
	jsonList := func(s string) []string {
		var out []string
		for _, m := range regexp.MustCompile(`"([^"]*)"`).FindAllStringSubmatch(s, -1) {
			out = append(out, m[1])
		}
		return out
	}
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		word, rest, _ := strings.Cut(line, " ")
		switch word {
		case "RUN":
			if i := strings.Index(rest, "CGO_ENABLED=0 go build"); i >= 0 {
				fields := strings.Fields(rest[i+len("CGO_ENABLED=0 go build"):])
				for _, f := range fields {
					if f == "-o" {
						break
					}
					cf.buildFlags = append(cf.buildFlags, f)
				}
			}
		case "USER":
			cf.user = strings.TrimSpace(rest)
		case "VOLUME":
			if l := jsonList(rest); len(l) == 1 {
				cf.volume = l[0]
			}
		case "ENV":
			for _, kv := range strings.Fields(rest) {
				k, v, _ := strings.Cut(kv, "=")
				cf.env[k] = v
			}
		case "HEALTHCHECK":
			if _, c, ok := strings.Cut(rest, "CMD "); ok {
				cf.health = jsonList(c)
			}
		case "ENTRYPOINT":
			cf.entrypoint = jsonList(rest)
		case "CMD":
			cf.cmd = jsonList(rest)
		}
	}
	if len(cf.buildFlags) == 0 || cf.user == "" || cf.volume == "" || len(cf.health) == 0 || len(cf.entrypoint) == 0 {
		t.Fatalf("deploy/Containerfile lacks a static build, USER, VOLUME, HEALTHCHECK or ENTRYPOINT: %+v", cf)
	}
	return cf
}

// TestContainerDefinition builds the static binary exactly as
// deploy/Containerfile does and runs it the way the image would: as the
// image's unprivileged user, on a read-only root file system (a private
// mount namespace with / remounted read-only) with only the volume
// writable, secrets from files, and the image's own health check deciding
// that it is ready. No container engine runs on these machines; this is
// the same binary in the same confinement.
func TestContainerDefinition(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test skipped in -short mode")
	}
	requireRoot(t, "running the binary as the image's user on a read-only root")
	cf := readContainerfile(t)
	if !slicesContains(cf.buildFlags, "-trimpath") {
		t.Errorf("the image's build does not use -trimpath: %v", cf.buildFlags)
	}

	// A world-readable folder: the image's user must reach the binary.
	root, err := os.MkdirTemp("", "volwaardig-image-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := os.RemoveAll(root); err != nil {
			t.Error(err)
		}
	})
	if err := os.Chmod(root, 0o755); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(root, "volwaardig")
	//lint:ignore SA1019 the test binary's own GOROOT is the toolchain running the tests, which is the one wanted; the deprecation is about binaries copied elsewhere
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	build := exec.Command(goTool, append(append([]string{"build"}, cf.buildFlags...), "-o", bin, "./cmd/volwaardig")...)
	build.Dir = repoRoot(t)
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("static build: %v\n%s", err, out)
	}
	checkStatic(t, bin)
	if out, err := exec.Command(bin, "version").Output(); err != nil || !strings.Contains(string(out), "CGO_ENABLED=0") {
		t.Errorf("volwaardig version of the static build: %v %q", err, out)
	}

	uid, gid := parseUser(t, cf.user)
	if uid == 0 {
		t.Fatalf("the image runs as root (USER %s)", cf.user)
	}
	data := filepath.Join(root, "data")
	secrets := filepath.Join(root, "secrets")
	for _, d := range []string{data, secrets} {
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.Chown(d, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	random := func(n int) string {
		b := make([]byte, n)
		if _, err := rand.Read(b); err != nil {
			t.Fatal(err)
		}
		return base64.StdEncoding.EncodeToString(b)
	}
	seed := make([]byte, ed25519.SeedSize)
	if _, err := rand.Read(seed); err != nil {
		t.Fatal(err)
	}
	secretFiles := map[string]string{
		"VOLWAARDIG_AUDIT_KEY":     base64.StdEncoding.EncodeToString(seed),
		"VOLWAARDIG_SECRET":        random(32),
		"VOLWAARDIG_BSN_KEYS":      "1:" + random(32),
		"VOLWAARDIG_BSN_INDEX_KEY": random(32),
	}
	addr := freeAddr(t)
	env := []string{"PATH=/usr/bin:/bin"}
	for k, v := range cf.env {
		v = strings.ReplaceAll(v, cf.volume, data)
		if k == "VOLWAARDIG_ADDR" {
			v = addr
		}
		env = append(env, k+"="+v)
	}
	for name, value := range secretFiles {
		p := filepath.Join(secrets, strings.ToLower(name))
		if err := os.WriteFile(p, []byte(value+"\n"), 0o400); err != nil {
			t.Fatal(err)
		}
		if err := os.Chown(p, uid, gid); err != nil {
			t.Fatal(err)
		}
		env = append(env, name+"_FILE="+p)
	}

	// ENTRYPOINT + CMD, with the image's binary path mapped to ours.
	args := append(append([]string{}, cf.entrypoint...), cf.cmd...)
	args[0] = bin
	script := `set -e
mount --make-rprivate /
mount --bind "$DATA" "$DATA"
mount -o remount,bind,ro /
exec setpriv --reuid "$UID_" --regid "$GID_" --clear-groups -- "$@"`
	cmd := exec.Command("unshare", append([]string{"--mount", "sh", "-c", script, "sh"}, args...)...)
	cmd.Dir = data
	cmd.Env = append(env, "DATA="+data, "UID_="+strconv.Itoa(uid), "GID_="+strconv.Itoa(gid))
	log := &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = log, log
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Start(); err != nil {
		t.Fatalf("start in a mount namespace: %v", err)
	}
	done := make(chan struct{})
	var waitErr error
	go func() { waitErr = cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		select {
		case <-done:
		default:
			_ = cmd.Process.Kill()
			<-done
		}
		if t.Failed() {
			t.Logf("server log:\n%s", tail(log.String(), 6000))
		}
	})

	// The image's HEALTHCHECK, run as the image would (same binary).
	health := append([]string{}, cf.health...)
	health[0] = bin
	healthy := func() (int, string) {
		c := exec.Command(health[0], health[1:]...)
		c.Env = env
		out, err := c.CombinedOutput()
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode(), string(out)
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0, string(out)
	}
	deadline := time.Now().Add(2 * time.Minute)
	for {
		code, out := healthy()
		if code == 0 {
			break
		}
		select {
		case <-done:
			t.Fatalf("the server exited before it was healthy (%v)", waitErr)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("health check never passed; last: exit %d %s", code, out)
		}
		time.Sleep(300 * time.Millisecond)
	}

	// It wrote its database into the volume, and nowhere else could it.
	if _, err := os.Stat(filepath.Join(data, "volwaardig.db")); err != nil {
		t.Errorf("no database in the volume: %v", err)
	}
	if strings.Contains(log.String(), "read-only file system") {
		t.Errorf("the server tried to write outside its volume:\n%s", tail(log.String(), 3000))
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-done:
		if waitErr != nil {
			t.Errorf("server exit after SIGTERM: %v, want status 0", waitErr)
		}
	case <-time.After(45 * time.Second):
		t.Fatalf("server did not stop within 45 s of SIGTERM")
	}
	if code, _ := healthy(); code == 0 {
		t.Errorf("health check passes on a stopped server")
	}
}

func slicesContains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func parseUser(t *testing.T, s string) (int, int) {
	t.Helper()
	u, g, ok := strings.Cut(s, ":")
	uid, err1 := strconv.Atoi(u)
	gid, err2 := strconv.Atoi(g)
	if !ok || err1 != nil || err2 != nil {
		t.Fatalf("USER %q is not numeric uid:gid (a scratch image has no /etc/passwd)", s)
	}
	return uid, gid
}

// checkStatic fails unless bin is a static executable: no program
// interpreter and no shared libraries, so it runs on an empty base image.
func checkStatic(t *testing.T, bin string) {
	t.Helper()
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := f.Close(); err != nil {
			t.Error(err)
		}
	}()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Errorf("%s has a program interpreter: not a static build", bin)
		}
	}
	if libs, err := f.ImportedLibraries(); err == nil && len(libs) > 0 {
		t.Errorf("%s needs shared libraries %v: not a static build", bin, libs)
	}
}

// TestSystemdUnit checks deploy/volwaardig.service with systemd's own
// verifier, pointed at a real binary, and that the hardening the README
// promises is in it.
func TestSystemdUnit(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test skipped in -short mode")
	}
	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("systemd-analyze is not installed (Debian package systemd; .ci/run installs it)")
		}
		t.Skip("systemd-analyze is not installed (Debian package systemd)")
	}
	b, err := os.ReadFile(filepath.Join(repoRoot(t), "deploy", "volwaardig.service"))
	if err != nil {
		t.Fatal(err)
	}
	unit := string(b)
	for _, want := range []string{"DynamicUser=yes", "ProtectSystem=strict", "NoNewPrivileges=yes", "PrivateTmp=yes",
		"StateDirectory=volwaardig", "EnvironmentFile=", "_FILE=", "ExecStart=/usr/local/bin/volwaardig serve"} {
		if !strings.Contains(unit, want) {
			t.Errorf("the unit lacks %q", want)
		}
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "volwaardig.service")
	if err := os.WriteFile(path, []byte(strings.ReplaceAll(unit, "/usr/local/bin/volwaardig", bin)), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(analyze, "verify", path).CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "" {
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}
}
