package web

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
)

type specThing struct {
	ID    int64      `json:"id"`
	Name  string     `json:"name"`
	Note  string     `json:"note,omitempty"`
	At    time.Time  `json:"at"`
	Until *time.Time `json:"until,omitempty"`
	Tags  []string   `json:"tags"`
	//lint:ignore U1000 an unexported field the schema generator must leave out; the test checks it does
	private int
}

type specCreate struct {
	Name string `json:"name"`
}

func specRouter() *Router {
	rt := NewRouter()
	rt.HandleFunc("GET /api/v1/things", auth.AnyUser(), func(w http.ResponseWriter, r *http.Request) {
		WriteJSON(w, http.StatusOK, []specThing{})
	}, API(Spec{Summary: "List", Tag: "things", Response: []specThing{}, Query: []Param{{Name: "q", Description: "search"}}}))
	rt.HandleFunc("POST /api/v1/things", auth.Public(), func(w http.ResponseWriter, r *http.Request) {
		WriteJSONError(w, r, nil, BadInput("name", "Vul een naam in.", "Give a name."))
	}, API(Spec{Summary: "Create", Tag: "things", Request: specCreate{}, Response: specThing{}, Status: http.StatusCreated}))
	rt.HandleFunc("GET /api/v1/things/{id}", auth.Public(), func(w http.ResponseWriter, r *http.Request) {
		WriteJSON(w, http.StatusOK, specThing{})
	}, API(Spec{Summary: "One", Tag: "things", Response: specThing{}}))
	rt.HandleFunc("GET /", auth.Public(), func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusNotFound)
	})
	return rt
}

func serve(rt *Router, method, path string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	rt.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
	return rec
}

func problemOf(t *testing.T, rec *httptest.ResponseRecorder) Problem {
	t.Helper()
	if ct := rec.Header().Get("Content-Type"); ct != ProblemMediaType {
		t.Fatalf("content type %q, want %s; body %s", ct, ProblemMediaType, rec.Body)
	}
	dec := json.NewDecoder(rec.Body)
	dec.DisallowUnknownFields()
	var p Problem
	if err := dec.Decode(&p); err != nil {
		t.Fatal(err)
	}
	if p.Status != rec.Code || p.Type == "" || p.Title == "" || p.Detail == "" || p.Instance == "" {
		t.Errorf("incomplete problem for %d: %+v", rec.Code, p)
	}
	return p
}

// Every API error is an RFC 9457 problem with the API-Version header: a
// wrong method (405 with Allow, was the mux's text/plain), an unknown path
// with any method (404, not the site's page nor a 405 from its catch-all),
// a missing login (401 with WWW-Authenticate for bearer and cookie), bad
// input (invalid-params naming the field).
func TestAPIErrorsAreProblems(t *testing.T) {
	rt := specRouter()

	rec := serve(rt, "DELETE", "/api/v1/things")
	if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != "GET, POST" {
		t.Errorf("wrong method: %d Allow %q", rec.Code, rec.Header().Get("Allow"))
	}
	if p := problemOf(t, rec); p.Code != CodeMethodNotAllowed || !strings.Contains(p.Detail, "GET") {
		t.Errorf("405 problem: %+v", p)
	}
	for _, m := range []string{"GET", "POST", "PUT"} {
		rec = serve(rt, m, "/api/v1/nothing/here")
		if rec.Code != http.StatusNotFound {
			t.Errorf("%s unknown path: %d", m, rec.Code)
		}
		if p := problemOf(t, rec); p.Instance != "/api/v1/nothing/here" || p.Code != CodeNotFound {
			t.Errorf("404 problem: %+v", p)
		}
	}
	rec = serve(rt, "GET", "/api/v1/things")
	if rec.Code != http.StatusUnauthorized {
		t.Fatalf("anonymous: %d", rec.Code)
	}
	problemOf(t, rec)
	if ch := strings.Join(rec.Header().Values("WWW-Authenticate"), " | "); !strings.Contains(ch, "Bearer realm=") || !strings.Contains(ch, auth.SessionCookie) {
		t.Errorf("WWW-Authenticate = %q", ch)
	}
	rec = serve(rt, "POST", "/api/v1/things")
	if p := problemOf(t, rec); rec.Code != http.StatusUnprocessableEntity || len(p.InvalidParams) != 1 || p.InvalidParams[0].Name != "name" || p.InvalidParams[0].Reason == "" {
		t.Errorf("bad input: %d %+v", rec.Code, p)
	}
	// A body labelled as something other than JSON is refused, not misread.
	req := httptest.NewRequest("POST", "/api/v1/things", strings.NewReader("name;x\n"))
	req.Header.Set("Content-Type", "text/csv")
	rec = httptest.NewRecorder()
	rt.ServeHTTP(rec, req)
	if p := problemOf(t, rec); rec.Code != http.StatusUnsupportedMediaType || p.Code != CodeUnsupportedMedia {
		t.Errorf("CSV to a JSON route: %d %+v", rec.Code, p)
	}
	for _, ct := range []string{"", "application/json; charset=utf-8", "application/x-www-form-urlencoded"} {
		req := httptest.NewRequest("POST", "/api/v1/things", strings.NewReader(`{"name":""}`))
		if ct != "" {
			req.Header.Set("Content-Type", ct)
		}
		rec = httptest.NewRecorder()
		rt.ServeHTTP(rec, req)
		if rec.Code != http.StatusUnprocessableEntity {
			t.Errorf("Content-Type %q: %d, want the handler's 422", ct, rec.Code)
		}
	}
	for _, path := range []string{"/api/v1/things/1", "/api/v1/nothing"} {
		if v := serve(rt, "GET", path).Header().Get("API-Version"); v != APIVersion {
			t.Errorf("%s: API-Version %q", path, v)
		}
	}
	// Pages keep their own answers.
	if rec := serve(rt, "POST", "/elders"); rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("API-Version") != "" {
		t.Errorf("page: %d %q", rec.Code, rec.Header().Get("API-Version"))
	}
}

// The document is generated from the declarations: operationId, tags,
// the declared success status (201, not 200), query and path parameters,
// closed schemas of the Go types, problem responses, security, a semantic
// version and a versioned server.
func TestOpenAPIFromSpecs(t *testing.T) {
	doc := OpenAPI(specRouter().Routes(), OpenAPIInfo{Title: "T", ContactName: "c", Tags: map[string]string{"things": "Things."}})
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	var d map[string]any
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	get := func(v any, keys ...string) any {
		for _, k := range keys {
			m, _ := v.(map[string]any)
			v = m[k]
		}
		return v
	}
	if v, _ := get(d, "info", "version").(string); !regexp.MustCompile(`^\d+\.\d+\.\d+$`).MatchString(v) {
		t.Errorf("info.version %q", v)
	}
	if u := get(d, "servers").([]any)[0].(map[string]any)["url"]; u != "/api/v1" {
		t.Errorf("server %v", u)
	}
	post := get(d, "paths", "/things", "post")
	if get(post, "operationId") != "postThings" || get(post, "responses", "201") == nil || get(post, "responses", "200") != nil {
		t.Errorf("post: %v", post)
	}
	for _, st := range []string{"400", "413", "415", "422", "500"} {
		if get(post, "responses", st, "$ref") != "#/components/responses/Problem"+st {
			t.Errorf("post lacks problem %s", st)
		}
	}
	if get(post, "security") == nil || len(get(post, "security").([]any)) != 0 {
		t.Errorf("public route security: %v", get(post, "security"))
	}
	if get(d, "paths", "/things", "get", "responses", "401") == nil {
		t.Error("guarded route lists no 401")
	}
	if get(d, "paths", "/things", "get", "tags").([]any)[0] != "things" || get(d, "paths", "/things", "get", "parameters").([]any)[0].(map[string]any)["in"] != "query" {
		t.Error("tags or query parameter missing")
	}
	if p := get(d, "paths", "/things/{id}", "get", "parameters").([]any)[0].(map[string]any); p["in"] != "path" || get(p, "schema", "type") != "integer" {
		t.Errorf("path parameter: %v", p)
	}
	if get(d, "paths", "/things/{id}", "get", "responses", "200", "headers", "API-Version") == nil {
		t.Error("success response without API-Version header")
	}
	thing := get(d, "components", "schemas", "WebSpecThing")
	if get(thing, "additionalProperties") != false {
		t.Errorf("closed type not closed: %v", thing)
	}
	req := get(thing, "required").([]any)
	if !slices.Contains(req, any("id")) || slices.Contains(req, any("note")) || slices.Contains(req, any("until")) {
		t.Errorf("required = %v", req)
	}
	if get(thing, "properties", "private") != nil || get(thing, "properties", "at", "format") != "date-time" {
		t.Errorf("properties = %v", get(thing, "properties"))
	}
	if ty := get(thing, "properties", "tags", "type").([]any); len(ty) != 2 || ty[1] != "null" {
		t.Errorf("a nil slice is written as null; type = %v", ty)
	}
	if get(d, "components", "schemas", "WebSpecCreate", "required") != nil {
		t.Error("a request body lists required fields its decoder does not require")
	}
	if get(d, "components", "securitySchemes", "bearer", "scheme") != "bearer" || get(d, "components", "securitySchemes", "session", "in") != "cookie" {
		t.Error("security schemes")
	}
}

// Whatever method, path and content type a client sends under /api/, the
// answer carries the API-Version header and any error is a well-formed
// problem with its own status; the router never panics.
func FuzzAPIDispatch(f *testing.F) {
	f.Add("GET", "/api/v1/things", "")
	f.Add("DELETE", "/api/v1/things/1", "")
	f.Add("POST", "/api/v1/things", "text/csv")
	f.Add("POST", "/api/v1/things", "application/json; charset=\"")
	f.Add("PATCH", "/api/v1/../things", "")
	f.Add("GET", "/api/v1/things/%zz", "")
	rt := specRouter()
	f.Fuzz(func(t *testing.T, method, path, ct string) {
		if !strings.HasPrefix(path, "/api/") {
			path = "/api/" + path
		}
		req, err := http.NewRequest(method, "http://x"+path, strings.NewReader(`{"name":"a"}`))
		if err != nil || req.URL.Path == "" || !IsAPI(req) {
			return
		}
		req.Header.Set("Content-Type", ct)
		rec := httptest.NewRecorder()
		rt.ServeHTTP(rec, req)
		if rec.Code >= 300 && rec.Code < 400 {
			return // the mux's redirect to a cleaned path
		}
		if rec.Header().Get("API-Version") != APIVersion {
			t.Fatalf("%s %q: no API-Version", method, path)
		}
		if rec.Code >= 400 {
			if ct := rec.Header().Get("Content-Type"); ct != ProblemMediaType {
				t.Fatalf("%s %q → %d as %q", method, path, rec.Code, ct)
			}
			var p Problem
			if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil || p.Status != rec.Code || p.Title == "" {
				t.Fatalf("%s %q → %d: %s", method, path, rec.Code, rec.Body)
			}
		}
	})
}

// A body that is not the JSON the route reads (a syntax error, a value of
// the wrong kind, a field the request does not have) is 400 with
// invalid-params naming the field; a well-formed body the handler refuses
// stays 422.
func TestMalformedBodyIs400(t *testing.T) {
	rt := NewRouter()
	rt.HandleFunc("POST /api/v1/widgets", auth.Public(), func(w http.ResponseWriter, r *http.Request) {
		var in specCreate
		if err := DecodeJSON(r, &in); err != nil {
			WriteJSONError(w, r, nil, err)
			return
		}
		WriteJSONError(w, r, nil, BadInput("name", "Vul een naam in.", "Enter a name."))
	}, API(Spec{Summary: "Create a widget", Tag: "widgets", Request: specCreate{}, Response: specThing{}, Status: http.StatusCreated}))
	for _, c := range []struct {
		body, param string
		status      int
	}{
		{`{"name":`, "body", http.StatusBadRequest},
		{`{"name":1}`, "name", http.StatusBadRequest},
		{`{"name":"x","colour":"red"}`, "colour", http.StatusBadRequest},
		{`[]`, "body", http.StatusBadRequest},
		{`{"name":""}`, "name", http.StatusUnprocessableEntity},
	} {
		rec := httptest.NewRecorder()
		rt.ServeHTTP(rec, httptest.NewRequest("POST", "/api/v1/widgets", strings.NewReader(c.body)))
		p := problemOf(t, rec)
		if rec.Code != c.status || len(p.InvalidParams) != 1 || p.InvalidParams[0].Name != c.param || p.InvalidParams[0].Reason == "" {
			t.Errorf("%s: %d %+v, want %d naming %q", c.body, rec.Code, p, c.status, c.param)
		}
	}
}
