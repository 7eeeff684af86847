package web

import (
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/auth"
)

type requiredBase struct {
	Place int64 `json:"place_id" required:"true"`
}

type requiredCreate struct {
	requiredBase
	Name string  `json:"name" required:"true"`
	Note string  `json:"note"`
	Age  *int    `json:"age,omitempty"`
	When *string `json:"when" required:"true"`
}

// TestRequiredRequestFields: a request field tagged required:"true" is
// listed as required in the API document's request schema (and only
// those: a request field left out decodes as its zero value), and a body
// without it, or with it null, is a malformed request (400) naming every
// missing field in invalid-params before the handler runs.
func TestRequiredRequestFields(t *testing.T) {
	s := newSchemaSet()
	s.lax = true
	s.of(requiredCreate{})
	got := s.defs["WebRequiredCreate"]["required"]
	if want := []string{"place_id", "name", "when"}; !reflect.DeepEqual(got, want) {
		t.Errorf("request schema required = %v, want %v", got, want)
	}

	rt := NewRouter()
	reached := false
	rt.HandleFunc("POST /api/v1/widgets", auth.Public(), func(w http.ResponseWriter, r *http.Request) {
		var in requiredCreate
		if err := DecodeJSON(r, &in); err != nil {
			WriteJSONError(w, r, nil, err)
			return
		}
		reached = true
		w.WriteHeader(http.StatusCreated)
	}, API(Spec{Summary: "Create a widget", Tag: "widgets", Request: requiredCreate{}, Status: http.StatusCreated}))
	for _, c := range []struct {
		body    string
		missing []string
	}{
		{`{}`, []string{"place_id", "name", "when"}},
		{`{"place_id":1,"name":"x","note":"n"}`, []string{"when"}},
		{`{"place_id":1,"name":null,"when":"w"}`, []string{"name"}},
		{`{"name":"x","when":"w","age":3}`, []string{"place_id"}},
	} {
		reached = false
		rec := httptest.NewRecorder()
		rt.ServeHTTP(rec, httptest.NewRequest("POST", "/api/v1/widgets", strings.NewReader(c.body)))
		p := problemOf(t, rec)
		var names []string
		for _, ip := range p.InvalidParams {
			names = append(names, ip.Name)
			if !strings.Contains(ip.Reason, "ontbreekt") {
				t.Errorf("%s: reason %q does not say the field is missing", c.body, ip.Reason)
			}
		}
		if rec.Code != http.StatusBadRequest || p.Code != CodeMalformed || !reflect.DeepEqual(names, c.missing) || reached {
			t.Errorf("%s: %d %+v (handler reached: %v), want 400 naming %v", c.body, rec.Code, p, reached, c.missing)
		}
	}
	rec := httptest.NewRecorder()
	rt.ServeHTTP(rec, httptest.NewRequest("POST", "/api/v1/widgets", strings.NewReader(`{"place_id":1,"name":"x","when":"w"}`)))
	if rec.Code != http.StatusCreated {
		t.Errorf("a complete body: %d %s", rec.Code, rec.Body)
	}
}
