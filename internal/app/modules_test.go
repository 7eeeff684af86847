package app

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestModuleContract checks what every module in the list offers: a
// unique name, jobs with unique names that the job metrics know, figures
// from the demo data, and a section in the client's right-of-access
// export, so the complex-care case and its proposals (missing before
// the contract) reach the client in JSON and on the page. The figures'
// SQL runs on both databases.
func TestModuleContract(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) { moduleContract(t, dialect) })
	}
}

func moduleContract(t *testing.T, dialect string) {
	a, srv := testApp(t, dialect)
	ctx := context.Background()
	names := map[string]bool{}
	jobs := map[string]bool{}
	figures := map[string]int{}
	for _, m := range a.Modules() {
		if names[m.Name()] {
			t.Errorf("two modules are named %q", m.Name())
		}
		names[m.Name()] = true
		if len(m.RouteAccess()) == 0 {
			t.Errorf("module %s keeps no route × role table", m.Name())
		}
		for _, j := range m.Jobs() {
			if j.Name == "" || jobs[j.Name] || j.Round == nil {
				t.Errorf("module %s: job %q unnamed, duplicated or without a round", m.Name(), j.Name)
			}
			jobs[j.Name] = true
		}
		fs, err := m.Figures(ctx)
		if err != nil {
			t.Fatalf("module %s figures: %v", m.Name(), err)
		}
		for _, f := range fs {
			if !strings.HasPrefix(f.Key, m.Name()+".") || f.Label == "" || f.LabelEN == "" || f.Unit == "" {
				t.Errorf("module %s figure %+v: key must start with the module's name, and label, English label and unit are required", m.Name(), f)
			}
			if f.Region == "" { // region lines repeat the key per care-office region
				figures[f.Key] = f.Value
			}
		}
	}
	for _, want := range []string{"placement", "crisis", "sleep"} {
		if !names[want] {
			t.Errorf("module %s is not in the list", want)
		}
	}
	// The demo holds the letters' 70 maatwerkplekken and 14 C.O.T.s.
	if figures["placement.maatwerkplekken"] != 70 || figures["crisis.teams"] != 14 || figures["placement.open"] == 0 || figures["sleep.clients"] == 0 {
		t.Errorf("figures do not reflect the demo data: %v", figures)
	}

	cookie := login(t, srv.URL, "client")
	resp, body := request(t, srv, cookie, "GET", "/api/v1/clients/me/export", nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("export: %d %s", resp.StatusCode, body)
	}
	var export map[string]json.RawMessage
	if err := json.Unmarshal([]byte(body), &export); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"placement", "crisis", "sleep"} {
		if !strings.Contains(body, `"`+key+`"`) {
			t.Errorf("the client's export has no %q section: %.400s", key, body)
		}
	}
	if !strings.Contains(body, "Voorgestelde plekken") {
		t.Errorf("the client's export does not list the placement proposals made to them")
	}
	resp, page := request(t, srv, cookie, "GET", "/mijn/gegevens", nil)
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, "Complexe zorg: zoeken naar een passende plek") {
		t.Errorf("the client's own data page has no complex-care section: %d", resp.StatusCode)
	}
}
