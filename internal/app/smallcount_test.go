package app

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/web"
)

// TestHiddenCountSameJSONInBothModules: the programme's figures of the
// complex-care register and of the crisis monitor hide small counts with
// one engine, and their APIs now write a hidden count the same way: the
// string "<5" (web.Count). Before, placement wrote -1 and crisis "<5", so
// a client read a hidden count as a number in one API and not in the
// other. Each API must show at least one hidden count in the small demo
// (the programme sees no region's persons) and no count as -1.
func TestHiddenCountSameJSONInBothModules(t *testing.T) {
	_, srv := testApp(t, "sqlite")
	cookie := login(t, srv.URL, "programma")
	shapes := map[string]map[string]bool{}
	for _, path := range []string{"/api/v1/placement/aggregates", "/api/v1/crisis/aggregates"} {
		resp, body := request(t, srv, cookie, "GET", path, nil)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d %s", path, resp.StatusCode, body)
		}
		dec := json.NewDecoder(strings.NewReader(body))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		shapes[path] = map[string]bool{}
		hiddenLeaves(v, shapes[path])
		if len(shapes[path]) == 0 {
			t.Errorf("%s shows no hidden count to the programme:\n%s", path, body)
		}
		if bytes.Contains([]byte(body), []byte(": -1")) {
			t.Errorf("%s still writes a hidden count as -1:\n%s", path, body)
		}
	}
	for path, s := range shapes {
		for shape := range s {
			if shape != "string "+web.HiddenText {
				t.Errorf("%s writes a hidden count as %s, want the string %q", path, shape, web.HiddenText)
			}
		}
	}
}

// hiddenLeaves records the JSON type and value of every leaf of v that
// is not a plain count: a string starting with "<" or a negative number.
func hiddenLeaves(v any, out map[string]bool) {
	switch x := v.(type) {
	case map[string]any:
		for _, e := range x {
			hiddenLeaves(e, out)
		}
	case []any:
		for _, e := range x {
			hiddenLeaves(e, out)
		}
	case string:
		if strings.HasPrefix(x, "<") {
			out["string "+x] = true
		}
	case json.Number:
		if strings.HasPrefix(x.String(), "-") {
			out["number "+x.String()] = true
		}
	}
}
