// Package apitest holds the API contract check for tests: a Recorder wraps a
// test server's handler, keeps every API exchange the tests produce, and
// Problems checks the raw bytes of each response against the OpenAPI
// document generated from the same router, with an independent JSON Schema
// validator (not by decoding into the Go types the schema came from). A
// route without a declared contract, a status the document does not list, a
// property it does not know or a missing API-Version header is a problem,
// so the document cannot drift from the code. Only tests import this
// package.
package apitest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/volwaardig/volwaardig/internal/web"
)

// maxBody is how much of a response body is kept; a larger body (a big
// export) is not validated but still counted.
const maxBody = 8 << 20

// Exchange is one recorded API request and its response.
type Exchange struct {
	Method, Path string
	// Route is the matched API route ("GET /api/v1/..."), "" when the path
	// matched no API route (a 404 or 405 problem).
	Route     string
	HasSpec   bool
	Status    int
	Header    http.Header
	Body      []byte
	Truncated bool
	doc       int
}

// Recorder keeps the API exchanges of the handlers it wraps.
type Recorder struct {
	mu       sync.Mutex
	docs     [][]byte
	byRouter map[*web.Router]routerDoc
	ex       []Exchange
}

type routerDoc struct{ idx, routes int }

// Install records every /api/ exchange rt serves (rt.Tap): for tests that
// call a router directly.
func (rec *Recorder) Install(rt *web.Router) {
	rt.Tap = func(next http.Handler) http.Handler { return rec.Wrap(rt, next) }
}

// docFor returns the index of the document of rt's routes as they are now
// (generated once per router and set of routes).
func (rec *Recorder) docFor(rt *web.Router) int {
	routes := rt.Routes()
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if rec.byRouter == nil {
		rec.byRouter = map[*web.Router]routerDoc{}
	}
	if d, ok := rec.byRouter[rt]; ok && d.routes == len(routes) {
		return d.idx
	}
	doc, err := json.Marshal(web.OpenAPI(routes, web.OpenAPIInfo{Title: "test"}))
	if err != nil {
		panic(err)
	}
	idx := slices.IndexFunc(rec.docs, func(d []byte) bool { return bytes.Equal(d, doc) })
	if idx < 0 {
		rec.docs = append(rec.docs, doc)
		idx = len(rec.docs) - 1
	}
	rec.byRouter[rt] = routerDoc{idx: idx, routes: len(routes)}
	return idx
}

// Wrap returns h recording every /api/ exchange; rt is the router h serves,
// whose routes the document is generated from.
func (rec *Recorder) Wrap(rt *web.Router, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !web.IsAPI(r) {
			h.ServeHTTP(w, r)
			return
		}
		ex := Exchange{Method: r.Method, Path: r.URL.Path, doc: rec.docFor(rt)}
		if route, ok := rt.Match(r); ok && web.IsAPIRoute(route) || ok && route.Pattern == web.APIBase+"/openapi.json" {
			ex.Route = route.Method + " " + route.Pattern
			ex.HasSpec = route.API != nil
		}
		cw := &capture{ResponseWriter: w}
		h.ServeHTTP(cw, r)
		ex.Status = cw.status
		if ex.Status == 0 {
			ex.Status = http.StatusOK
		}
		ex.Header = w.Header().Clone()
		ex.Body = cw.body.Bytes()
		ex.Truncated = cw.truncated
		rec.mu.Lock()
		rec.ex = append(rec.ex, ex)
		rec.mu.Unlock()
	})
}

// Exchanges returns what was recorded so far.
func (rec *Recorder) Exchanges() []Exchange {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return slices.Clone(rec.ex)
}

type capture struct {
	http.ResponseWriter
	status    int
	body      bytes.Buffer
	truncated bool
}

func (c *capture) WriteHeader(code int) {
	if c.status == 0 {
		c.status = code
	}
	c.ResponseWriter.WriteHeader(code)
}

func (c *capture) Write(b []byte) (int, error) {
	if c.status == 0 {
		c.status = http.StatusOK
	}
	if c.body.Len()+len(b) <= maxBody {
		c.body.Write(b)
	} else {
		c.truncated = true
	}
	return c.ResponseWriter.Write(b)
}

// Unwrap lets streaming handlers reach the connection (flush, deadlines).
func (c *capture) Unwrap() http.ResponseWriter { return c.ResponseWriter }

// Main runs a test binary's tests and then the contract check of
// everything recorded; use it as TestMain's body: os.Exit(rec.Main(m)).
func (rec *Recorder) Main(m interface{ Run() int }) int {
	code := m.Run()
	problems := rec.Problems()
	if len(problems) > 0 {
		fmt.Fprintf(os.Stderr, "API contract: %d of %d recorded API responses do not match the OpenAPI document:\n", len(problems), len(rec.Exchanges()))
		for _, p := range problems {
			fmt.Fprintln(os.Stderr, "  "+p)
		}
		return 1
	}
	if testing.Verbose() {
		fmt.Fprintf(os.Stderr, "API contract: %d API responses on %d routes match the OpenAPI document\n", len(rec.Exchanges()), rec.routes())
	}
	return code
}

func (rec *Recorder) routes() int {
	seen := map[string]bool{}
	for _, ex := range rec.Exchanges() {
		seen[ex.Route] = true
	}
	return len(seen)
}

// Problems checks every recorded exchange against its document and returns
// one line per violation.
func (rec *Recorder) Problems() []string {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	var out []string
	checkers := map[int]*checker{}
	for _, ex := range rec.ex {
		c := checkers[ex.doc]
		if c == nil {
			var err error
			if c, err = newChecker(rec.docs[ex.doc], ex.doc); err != nil {
				return []string{"the OpenAPI document does not parse: " + err.Error()}
			}
			checkers[ex.doc] = c
		}
		if err := c.check(ex); err != nil {
			out = append(out, fmt.Sprintf("%s %s (route %q) → %d: %v", ex.Method, ex.Path, ex.Route, ex.Status, err))
		}
	}
	return out
}

type checker struct {
	doc      map[string]any
	base     string
	compiler *jsonschema.Compiler
	compiled map[string]*jsonschema.Schema
	n        int
}

func newChecker(doc []byte, idx int) (*checker, error) {
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return nil, err
	}
	c := &checker{doc: v.(map[string]any), base: "mem://doc" + strconv.Itoa(idx) + "/openapi.json", compiler: jsonschema.NewCompiler(), compiled: map[string]*jsonschema.Schema{}}
	c.compiler.DefaultDraft(jsonschema.Draft2020)
	// The document is a resource the schemas' $refs point into.
	if err := c.compiler.AddResource(c.base, v); err != nil {
		return nil, err
	}
	return c, nil
}

func obj(v any, keys ...string) map[string]any {
	for _, k := range keys {
		m, _ := v.(map[string]any)
		v = m[k]
	}
	m, _ := v.(map[string]any)
	return m
}

// deref follows a local $ref ("#/components/responses/X").
func (c *checker) deref(m map[string]any) map[string]any {
	ref, ok := m["$ref"].(string)
	if !ok {
		return m
	}
	var v any = c.doc
	for _, k := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
		v = obj(v)[strings.ReplaceAll(strings.ReplaceAll(k, "~1", "/"), "~0", "~")]
	}
	m, _ = v.(map[string]any)
	return m
}

// rebase copies a schema with its local $refs made absolute, so it can be
// compiled as a resource of its own that refers into the document.
func (c *checker) rebase(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range t {
			if s, ok := e.(string); ok && k == "$ref" && strings.HasPrefix(s, "#") {
				out[k] = c.base + s
				continue
			}
			out[k] = c.rebase(e)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = c.rebase(e)
		}
		return out
	}
	return v
}

func (c *checker) schema(key string, sch any) (*jsonschema.Schema, error) {
	if s, ok := c.compiled[key]; ok {
		return s, nil
	}
	c.n++
	url := "mem://check/" + strconv.Itoa(c.n) + ".json"
	if err := c.compiler.AddResource(url, c.rebase(sch)); err != nil {
		return nil, err
	}
	s, err := c.compiler.Compile(url)
	if err != nil {
		return nil, err
	}
	c.compiled[key] = s
	return s, nil
}

func (c *checker) check(ex Exchange) error {
	if got := ex.Header.Get("API-Version"); got != web.APIVersion {
		return fmt.Errorf("API-Version header is %q, want %q", got, web.APIVersion)
	}
	media, _, _ := mime.ParseMediaType(ex.Header.Get("Content-Type"))
	if ex.Status == http.StatusUnauthorized && len(ex.Header.Values("WWW-Authenticate")) == 0 {
		return fmt.Errorf("a 401 without WWW-Authenticate")
	}
	if ex.Route == web.APIBase+"/openapi.json" || strings.HasSuffix(ex.Route, " "+web.APIBase+"/openapi.json") {
		return nil
	}
	var resp map[string]any
	key := ""
	if ex.Route == "" {
		if ex.Status != http.StatusNotFound && ex.Status != http.StatusMethodNotAllowed {
			return fmt.Errorf("no API route matched, yet the status is not 404 or 405")
		}
		resp = obj(c.doc, "components", "responses", "Problem"+strconv.Itoa(ex.Status))
		key = "unmatched " + strconv.Itoa(ex.Status)
		if resp == nil {
			return fmt.Errorf("the document has no Problem%d response", ex.Status)
		}
	} else {
		if !ex.HasSpec {
			return fmt.Errorf("the route declares no contract (web.API(web.Spec{...}) at its registration), so its response has no schema")
		}
		method, pattern, _ := strings.Cut(ex.Route, " ")
		if method == http.MethodHead {
			method = http.MethodGet
		}
		op := obj(c.doc, "paths", web.SpecPath(pattern), strings.ToLower(method))
		if op == nil {
			return fmt.Errorf("the document has no operation %s %s", method, web.SpecPath(pattern))
		}
		r := obj(op, "responses", strconv.Itoa(ex.Status))
		if r == nil {
			return fmt.Errorf("status %d is not listed for the operation %s", ex.Status, op["operationId"])
		}
		resp = c.deref(r)
		key = ex.Route + " " + strconv.Itoa(ex.Status)
	}
	content := obj(resp, "content")
	if len(content) == 0 {
		if len(bytes.TrimSpace(ex.Body)) > 0 {
			return fmt.Errorf("the document lists no body, yet the response has %d bytes (%s)", len(ex.Body), media)
		}
		return nil
	}
	if ex.Status >= 400 && media != web.ProblemMediaType {
		return fmt.Errorf("an error answered as %q, not %s", media, web.ProblemMediaType)
	}
	mt := obj(content, media)
	if mt == nil {
		return fmt.Errorf("content type %q is not listed (listed: %v)", media, keys(content))
	}
	if ex.Method == http.MethodHead || ex.Truncated {
		return nil
	}
	sch, err := c.schema(key+" "+media, mt["schema"])
	if err != nil {
		return fmt.Errorf("schema does not compile: %v", err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(ex.Body))
	if err != nil {
		return fmt.Errorf("body is not JSON: %v", err)
	}
	if err := sch.Validate(inst); err != nil {
		return fmt.Errorf("body does not match the schema: %v\nbody: %.600s", err, ex.Body)
	}
	return nil
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
