package app

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/clients"
)

// sleepAccess lists the sleep module's routes and who may use them; see
// expectedAccess. The zorgverlener of a location follows the nights; the
// aanbieder administers sensors (no night data); both upload device files;
// a naaste sees the easy-read summary a client shares; device tokens only
// deliver data.
var sleepAccess = map[string]string{
	"GET /nachtrust":                                             "naaste,zorgverlener,aanbieder",
	"GET /nachtrust/clienten/{id}":                               "zorgverlener",
	"POST /nachtrust/clienten/{id}/notities":                     "zorgverlener",
	"GET /nachtrust/naaste/{id}":                                 "naaste",
	"GET /nachtrust/sensoren":                                    "aanbieder",
	"GET /nachtrust/sensoren/nieuw":                              "aanbieder",
	"POST /nachtrust/sensoren/nieuw":                             "aanbieder",
	"GET /nachtrust/sensoren/{id}":                               "aanbieder",
	"POST /nachtrust/sensoren/{id}/koppelingen":                  "aanbieder",
	"POST /nachtrust/sensoren/{id}/koppelingen/{lid}/beeindigen": "aanbieder",
	"GET /nachtrust/upload":                                      "zorgverlener,aanbieder",
	"POST /nachtrust/upload":                                     "zorgverlener,aanbieder",
	"GET /nachtrust/upload/{id}":                                 "zorgverlener,aanbieder",
	"GET /nachtrust/upload.js":                                   "zorgverlener,aanbieder",
	"GET /api/v1/sleep/sensors":                                  "zorgverlener,aanbieder",
	"POST /api/v1/sleep/sensors":                                 "aanbieder",
	"POST /api/v1/sleep/sensors/{serial}/links":                  "aanbieder",
	"GET /api/v1/sleep/sensors/{serial}/links":                   "aanbieder",
	"POST /api/v1/sleep/sensors/{serial}/links/{id}/end":         "aanbieder",
	"POST /api/v1/sleep/sensors/{serial}/files":                  "devices+zorgverlener,aanbieder",
	"POST /api/v1/sleep/sensors/{serial}/stream":                 "devices+",
	"GET /api/v1/sleep/uploads/{id}":                             "zorgverlener,aanbieder",
	"GET /api/v1/sleep/overview":                                 "zorgverlener",
	"GET /api/v1/sleep/clients/{id}/nights":                      "zorgverlener",
	"GET /api/v1/sleep/clients/{id}/summary":                     "naaste,zorgverlener",
	"GET /api/v1/sleep/clients/{id}/notes":                       "zorgverlener",
	"POST /api/v1/sleep/clients/{id}/notes":                      "zorgverlener",
}

// TestSleepLinkFormClients: the sensor page's link form offers every client
// of the organisation cared for at the sensor's location, beyond the client
// list's first page of 50, and no client of another location (who would
// then be on no location's morning overview). Before, it offered the first
// 50 clients of the whole organisation.
func TestSleepLinkFormClients(t *testing.T) {
	a, srv := testApp(t, "sqlite")
	ctx := context.Background()
	var sensorID, loc, org int64
	if err := a.DB.QueryRowContext(ctx, `SELECT id, location_id, organisation_id FROM sleep_sensors ORDER BY id LIMIT 1`).Scan(&sensorID, &loc, &org); err != nil {
		t.Fatal(err)
	}
	var otherLoc int64
	if err := a.DB.QueryRowContext(ctx, `SELECT id FROM locations WHERE organisation_id = $1 AND id <> $2 ORDER BY id LIMIT 1`, org, loc).Scan(&otherLoc); err != nil {
		t.Fatal(err)
	}
	var region string
	if err := a.DB.QueryRowContext(ctx, `SELECT region_code FROM locations WHERE id = $1`, loc).Scan(&region); err != nil {
		t.Fatal(err)
	}
	from := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	add := func(name string, at int64) int64 {
		id, err := a.Clients.Create(ctx, nil, clients.NewClient{Name: name, Region: region})
		if err != nil {
			t.Fatal(err)
		}
		for _, rel := range []clients.CareRelation{{ClientID: id, Kind: clients.CareOrganisation, RefID: org, Start: from}, {ClientID: id, Kind: clients.CareLocation, RefID: at, Start: from}} {
			if _, err := a.Clients.AddCareRelation(ctx, nil, rel); err != nil {
				t.Fatal(err)
			}
		}
		return id
	}
	// Names that sort after every demo name, so they fall beyond page 1.
	var here []int64
	for i := range clients.PageSize + 10 {
		here = append(here, add(fmt.Sprintf("Zz Hier %03d", i), loc))
	}
	elsewhere := add("Aa Elders", otherLoc)

	c := login(t, srv.URL, "aanbieder")
	req, _ := http.NewRequest("GET", srv.URL+"/nachtrust/sensoren/"+strconv.FormatInt(sensorID, 10), nil)
	req.AddCookie(c)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	page := string(b)
	if resp.StatusCode != 200 {
		t.Fatalf("sensor page: %d", resp.StatusCode)
	}
	for _, id := range here {
		if !strings.Contains(page, fmt.Sprintf(`<option value="%d"`, id)) {
			t.Fatalf("client %d of the sensor's location is not offered", id)
		}
	}
	if strings.Contains(page, fmt.Sprintf(`<option value="%d"`, elsewhere)) {
		t.Error("a client of another location is offered")
	}
	// Linking that client anyway is refused, on the form and in the API.
	post, _ := http.NewRequest("POST", srv.URL+"/nachtrust/sensoren/"+strconv.FormatInt(sensorID, 10)+"/koppelingen",
		strings.NewReader(url.Values{"client": {strconv.FormatInt(elsewhere, 10)}, "start": {"01-01-2030"}}.Encode()))
	post.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	post.AddCookie(c)
	resp, err = noRedirect().Do(post)
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 422 || !strings.Contains(string(b), "op de locatie van deze sensor") {
		t.Errorf("linking a client of another location: %d", resp.StatusCode)
	}
}
