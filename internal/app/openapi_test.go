package app

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/web"
)

// Every JSON API route declares its contract (request, response, success
// status, query) at its registration, so the document has a schema for
// each answer; a route added without one fails here even before a test
// calls it.
func TestEveryAPIRouteDeclaresContract(t *testing.T) {
	a, _ := testApp(t, "sqlite")
	n := 0
	for _, rt := range a.Router.Routes() {
		if !web.IsAPIRoute(rt) {
			continue
		}
		n++
		if rt.API == nil {
			t.Errorf("%s %s declares no contract: add web.API(web.Spec{...}) at its registration", rt.Method, rt.Pattern)
			continue
		}
		if rt.API.Tag == "" || rt.API.Summary == "" {
			t.Errorf("%s %s: contract without tag or summary", rt.Method, rt.Pattern)
		}
		if rt.API.Response == nil {
			t.Errorf("%s %s: contract without a response type", rt.Method, rt.Pattern)
		}
	}
	if n < 60 {
		t.Errorf("only %d API routes found", n)
	}
}

// The served document: OpenAPI 3.1, a semantic version, servers, contact,
// every operation with operationId, tags and its declared success status
// (a 202 for a started matching run, a 201 for a created case); the
// API-Version header on its own response.
func TestOpenAPIDocument(t *testing.T) {
	_, srv := testApp(t, "sqlite")
	resp, body := request(t, srv, nil, "GET", "/api/v1/openapi.json", nil)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("API-Version") != web.APIVersion {
		t.Fatalf("%d, API-Version %q", resp.StatusCode, resp.Header.Get("API-Version"))
	}
	var doc struct {
		OpenAPI string `json:"openapi"`
		Info    struct {
			Version string         `json:"version"`
			Contact map[string]any `json:"contact"`
		} `json:"info"`
		Servers []struct{ URL string } `json:"servers"`
		Paths   map[string]map[string]struct {
			OperationID string                     `json:"operationId"`
			Tags        []string                   `json:"tags"`
			Responses   map[string]json.RawMessage `json:"responses"`
			RequestBody json.RawMessage            `json:"requestBody"`
		} `json:"paths"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" || doc.Info.Version != web.APIVersion || len(doc.Info.Contact) == 0 || len(doc.Servers) != 1 || doc.Servers[0].URL != "/api/v1" {
		t.Errorf("head of the document: %s %s %v %v", doc.OpenAPI, doc.Info.Version, doc.Info.Contact, doc.Servers)
	}
	ids := map[string]bool{}
	for path, ops := range doc.Paths {
		for method, op := range ops {
			if op.OperationID == "" || ids[op.OperationID] || len(op.Tags) != 1 {
				t.Errorf("%s %s: operationId %q (unique?), tags %v", method, path, op.OperationID, op.Tags)
			}
			ids[op.OperationID] = true
		}
	}
	for _, c := range []struct{ path, method, status string }{
		{"/placement/runs", "post", "202"}, {"/placement/cases", "post", "201"}, {"/crisis/cases", "post", "201"},
		{"/clients", "post", "201"}, {"/sleep/sensors/{serial}/links", "post", "201"}, {"/placement/cases", "get", "200"},
	} {
		op := doc.Paths[c.path][c.method]
		if op.Responses[c.status] == nil || (c.status != "200" && op.Responses["200"] != nil) {
			t.Errorf("%s %s: success status %s not listed (or 200 as well)", c.method, c.path, c.status)
		}
		if c.method == "post" && c.path != "/placement/runs" && len(op.RequestBody) == 0 {
			t.Errorf("%s %s: no request body", c.method, c.path)
		}
	}
}

// Errors on the wire: an unknown API path and a wrong method are problems
// (the 405 was text/plain), a missing login says how to authenticate.
// The recorder checks these against the document as well.
func TestAPIProblemsOnTheWire(t *testing.T) {
	_, srv := testApp(t, "sqlite")
	for _, c := range []struct {
		method, path string
		status       int
	}{
		{"GET", "/api/v1/nothing", http.StatusNotFound},
		{"POST", "/api/v1/nothing", http.StatusNotFound},
		{"DELETE", "/api/v1/crisis/beds", http.StatusMethodNotAllowed},
		{"PUT", "/api/v1/placement/cases", http.StatusMethodNotAllowed},
		{"GET", "/api/v1/placement/cases", http.StatusUnauthorized},
	} {
		resp, body := request(t, srv, nil, c.method, c.path, nil)
		var p map[string]any
		if err := json.Unmarshal([]byte(body), &p); err != nil || resp.StatusCode != c.status || resp.Header.Get("Content-Type") != web.ProblemMediaType {
			t.Errorf("%s %s: %d %q %s", c.method, c.path, resp.StatusCode, resp.Header.Get("Content-Type"), body)
			continue
		}
		if p["instance"] != c.path || p["status"] != float64(c.status) || p["title"] == "" || p["detail"] == "" || p["type"] == "" {
			t.Errorf("%s %s: problem %v", c.method, c.path, p)
		}
		if resp.Header.Get("API-Version") != web.APIVersion {
			t.Errorf("%s %s: no API-Version", c.method, c.path)
		}
		if c.status == http.StatusMethodNotAllowed && resp.Header.Get("Allow") == "" {
			t.Errorf("%s %s: 405 without Allow", c.method, c.path)
		}
		if c.status == http.StatusUnauthorized && !strings.Contains(strings.Join(resp.Header.Values("WWW-Authenticate"), ","), "Bearer") {
			t.Errorf("401 without a bearer challenge: %v", resp.Header.Values("WWW-Authenticate"))
		}
	}
}

// Spectral with the NL API Design Rules (Logius) finds no error in the
// served document. The linter comes from npm (e2e/package.json, installed
// by `npm ci --prefix e2e`); without it, or without the ruleset next to the
// repository, the test skips, unless CI is set, when it fails.
func TestOpenAPISpectral(t *testing.T) {
	root := moduleRoot(t)
	spectral := os.Getenv("VOLWAARDIG_SPECTRAL")
	if spectral == "" {
		spectral = filepath.Join(root, "e2e", "node_modules", ".bin", "spectral")
		if _, err := os.Stat(spectral); err != nil {
			if p, err := exec.LookPath("spectral"); err == nil {
				spectral = p
			}
		}
	}
	ruleset := filepath.Join(root, "..", "shared", "lint", "nl-api-design-rules.yaml")
	for _, f := range []string{spectral, ruleset} {
		if _, err := os.Stat(f); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s missing (CI is set, so this is a failure): run npm ci --prefix e2e", f)
			}
			t.Skipf("%s missing; run npm ci --prefix e2e (set CI=true to make this a failure)", f)
		}
	}
	_, srv := testApp(t, "sqlite")
	resp, err := http.Get(srv.URL + "/api/v1/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	file := filepath.Join(t.TempDir(), "openapi.json")
	if err := os.WriteFile(file, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(spectral, "lint", "--quiet", "-r", ruleset, "-f", "json", file)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	_ = cmd.Run() // exits non-zero when it finds errors; the JSON says which
	var results []struct {
		Code     string `json:"code"`
		Message  string `json:"message"`
		Severity int    `json:"severity"`
		Path     []any  `json:"path"`
	}
	if err := json.Unmarshal(bytes.TrimSpace(out.Bytes()), &results); err != nil {
		t.Fatalf("spectral output is not JSON: %v\n%s\n%s", err, out.String(), stderr.String())
	}
	errors := 0
	for _, r := range results {
		if r.Severity == 0 {
			errors++
			if errors <= 30 {
				t.Errorf("spectral %s: %s at %v", r.Code, r.Message, r.Path)
			}
		}
	}
	if errors > 0 {
		t.Errorf("spectral: %d errors", errors)
	}
	t.Logf("spectral: %d results, %d errors", len(results), errors)
}

func moduleRoot(t *testing.T) string {
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
			t.Fatal(fmt.Errorf("go.mod not found"))
		}
		dir = parent
	}
}
