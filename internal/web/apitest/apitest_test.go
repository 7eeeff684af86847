package apitest

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/web"
)

type item struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

type items struct {
	Items []item `json:"items"`
}

func raw(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}
}

// The check fails on each kind of drift between handler and document, and
// passes what matches: it is an independent validator of the raw bytes,
// so an unknown property, a wrong type, an undeclared status, a route
// without a contract or a page answer under /api/ are all caught.
func TestProblemsCatchDrift(t *testing.T) {
	rt := web.NewRouter()
	spec := web.API(web.Spec{Summary: "s", Tag: "t", Response: items{}})
	rt.HandleFunc("GET /api/v1/good", auth.Public(), raw(200, `{"items":[{"id":1,"name":"a"}]}`), spec)
	rt.HandleFunc("GET /api/v1/extra", auth.Public(), raw(200, `{"items":[{"id":1,"name":"a","bsn":"x"}]}`), spec)
	rt.HandleFunc("GET /api/v1/wrongtype", auth.Public(), raw(200, `{"items":[{"id":"1","name":"a"}]}`), spec)
	rt.HandleFunc("GET /api/v1/created", auth.Public(), raw(201, `{"items":[]}`), spec)
	rt.HandleFunc("GET /api/v1/nospec", auth.Public(), raw(200, `{}`))
	rt.HandleFunc("GET /api/v1/notfound", auth.Public(), func(w http.ResponseWriter, r *http.Request) {
		web.WriteJSONError(w, r, nil, web.NotFound("Niet gevonden.", "Not found."))
	}, spec)
	rt.HandleFunc("GET /api/v1/oldshape", auth.Public(), raw(404, `{"error":{"code":"not_found"}}`), spec)

	var rec Recorder
	srv := httptest.NewServer(rec.Wrap(rt, rt))
	defer srv.Close()
	for _, p := range []string{"good", "extra", "wrongtype", "created", "nospec", "notfound", "oldshape", "unknown"} {
		resp, err := http.Get(srv.URL + "/api/v1/" + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	got := strings.Join(rec.Problems(), "\n")
	for _, want := range []string{
		"/api/v1/extra", "/api/v1/wrongtype", "/api/v1/created", "/api/v1/nospec", "/api/v1/oldshape",
	} {
		if !strings.Contains(got, "GET "+want+" ") {
			t.Errorf("drift at %s not caught; problems:\n%s", want, got)
		}
	}
	for _, fine := range []string{"/api/v1/good", "/api/v1/notfound", "/api/v1/unknown"} {
		if strings.Contains(got, "GET "+fine+" ") {
			t.Errorf("%s refused although it matches:\n%s", fine, got)
		}
	}
	if !strings.Contains(got, "additional properties 'bsn'") && !strings.Contains(got, "bsn") {
		t.Errorf("unknown property not named:\n%s", got)
	}
	if n := len(rec.Exchanges()); n != 8 {
		t.Errorf("%d exchanges recorded", n)
	}
}
