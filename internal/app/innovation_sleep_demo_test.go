package app

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// TestDemoSleepProjectShowsItsNights walks the innovation issue's sleep
// bullet in the demo: the project that chose sleep monitoring shows its
// participants' nights, aggregated. The aggregate stays hidden below five
// clients with nights, so the demo must measure every participant; with
// only four measured the project page said "fewer than 5" and the effect
// could not be seen anywhere.
func TestDemoSleepProjectShowsItsNights(t *testing.T) {
	_, srv := testApp(t, "sqlite")
	c := login(t, srv.URL, "aanbieder")
	resp, body := request(t, srv, c, "GET", "/api/v1/innovation/projects", nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("projects: %d", resp.StatusCode)
	}
	var list struct {
		Projects []struct {
			ID    int64  `json:"id"`
			Title string `json:"title"`
		} `json:"projects"`
	}
	if err := json.Unmarshal([]byte(body), &list); err != nil {
		t.Fatal(err)
	}
	var id int64
	for _, p := range list.Projects {
		if p.Title == "Rustige nachten op de woongroep" {
			id = p.ID
		}
	}
	if id == 0 {
		t.Fatalf("no sleep project in the demo: %s", body)
	}
	resp, body = request(t, srv, c, "GET", "/api/v1/innovation/projects/"+strconv.FormatInt(id, 10), nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("project: %d", resp.StatusCode)
	}
	var p struct {
		Participants int `json:"participants"`
		Sleep        *struct {
			Shown  bool `json:"shown"`
			Nights *int `json:"nights"`
		} `json:"sleep"`
	}
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		t.Fatal(err)
	}
	if p.Sleep == nil || !p.Sleep.Shown || p.Sleep.Nights == nil || *p.Sleep.Nights < 5*p.Participants {
		t.Fatalf("the sleep project's %d participants show no nights: %s", p.Participants, body)
	}
	resp, body = request(t, srv, login(t, srv.URL, "clientenraad"), "GET", "/innovatie/projecten/"+strconv.FormatInt(id, 10), nil)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Nachtrust van de deelnemers") || strings.Contains(body, "Minder dan 5 deelnemers") {
		t.Errorf("the council's page hides the nights (%d)", resp.StatusCode)
	}
}
