package app

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/clients"
)

// TestSleepLinkFormClients: the sensor page's link form finds every
// client of the organisation cared for at the sensor's location, beyond
// the client list's first page of 50, by name with the register's picker
// (issue 11), and no client of another location (who would then be on no
// location's morning overview). Before, it offered the first 50 clients of
// the whole organisation in a list.
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
	sensor := "/nachtrust/sensoren/" + strconv.FormatInt(sensorID, 10)
	find := func(q string) string {
		t.Helper()
		req, _ := http.NewRequest("GET", srv.URL+sensor+"?client_zoek="+url.QueryEscape(q), nil)
		req.AddCookie(c)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("sensor page: %d", resp.StatusCode)
		}
		return string(b)
	}
	for _, i := range []int{0, clients.PageSize + 9} {
		id := here[i]
		if page := find(fmt.Sprintf("Zz Hier %03d", i)); !strings.Contains(page, fmt.Sprintf(`name="client" value="%d"`, id)) {
			t.Fatalf("client %d of the sensor's location is not found", id)
		}
	}
	if page := find("Aa Elders"); strings.Contains(page, fmt.Sprintf(`value="%d"`, elsewhere)) {
		t.Error("a client of another location is offered")
	}
	// Linking that client anyway is refused, on the form and in the API.
	post, _ := http.NewRequest("POST", srv.URL+"/nachtrust/sensoren/"+strconv.FormatInt(sensorID, 10)+"/koppelingen",
		strings.NewReader(url.Values{"client": {strconv.FormatInt(elsewhere, 10)}, "start": {"01-01-2030"}}.Encode()))
	post.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	post.AddCookie(c)
	resp, err := noRedirect().Do(post)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 422 || !strings.Contains(string(b), "op de locatie van deze sensor") {
		t.Errorf("linking a client of another location: %d", resp.StatusCode)
	}
}

// TestSleepReadsAudited: reading an upload's status (page and API) tells
// what was stored or refused for the sensor's clients, and the sensor
// page's link form shows client names; neither was audited (issue 9,
// finding 11, NEN 7513). Now the status read records each client the
// sensor is linked to, and the link form records exactly the clients it
// rendered (those at the sensor's location), on both dialects.
func TestSleepReadsAudited(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			a, srv := testApp(t, dialect)
			ctx := context.Background()
			var sensorID int64
			if err := a.DB.QueryRowContext(ctx, `SELECT s.id FROM sleep_sensors s WHERE EXISTS (SELECT 1 FROM sleep_links l WHERE l.sensor_id = s.id) ORDER BY s.id LIMIT 1`).Scan(&sensorID); err != nil {
				t.Fatal(err)
			}
			user, err := a.Auth.UserByName(ctx, "aanbieder")
			if err != nil {
				t.Fatal(err)
			}
			ids := func(q string, args ...any) []int64 {
				t.Helper()
				rows, err := a.DB.QueryContext(ctx, q, args...)
				if err != nil {
					t.Fatal(err)
				}
				defer rows.Close()
				var out []int64
				for rows.Next() {
					var id int64
					if err := rows.Scan(&id); err != nil {
						t.Fatal(err)
					}
					out = append(out, id)
				}
				return out
			}
			c := login(t, srv.URL, "aanbieder")
			sid := strconv.FormatInt(sensorID, 10)

			// The link form's search: exactly the clients on the page.
			before := ids(`SELECT client_id FROM audit_accesses WHERE user_id = $1 AND object_type = 'client_list' AND action = 'search' ORDER BY client_id`, user.ID)
			resp, page := request(t, srv, c, "GET", "/nachtrust/sensoren/"+sid+"?client_zoek=e", nil)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("sensor page: %d", resp.StatusCode)
			}
			var shown []int64
			for _, m := range regexp.MustCompile(`type="radio" id="client-\d+" name="client" value="(\d+)"`).FindAllStringSubmatch(page, -1) {
				id, _ := strconv.ParseInt(m[1], 10, 64)
				shown = append(shown, id)
			}
			slices.Sort(shown)
			if len(shown) == 0 {
				t.Fatal("the link form finds no clients")
			}
			got := ids(`SELECT client_id FROM audit_accesses WHERE user_id = $1 AND object_type = 'client_list' AND action = 'search' ORDER BY client_id`, user.ID)
			if len(got) != len(before)+len(shown) {
				t.Errorf("link form audited %d clients, the page showed %v", len(got)-len(before), shown)
			}

			// An upload's status, on the page and in the API.
			var buf bytes.Buffer
			mw := multipart.NewWriter(&buf)
			_ = mw.WriteField("sensor", sid)
			fw, _ := mw.CreateFormFile("files", "nacht.csv")
			_, _ = fw.Write([]byte("timestamp,axis1\n"))
			if err := mw.Close(); err != nil {
				t.Error(err)
			}
			req, _ := http.NewRequest("POST", srv.URL+"/nachtrust/upload", &buf)
			req.Header.Set("Content-Type", mw.FormDataContentType())
			req.AddCookie(c)
			up, err := noRedirect().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			up.Body.Close()
			loc := up.Header.Get("Location")
			if up.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/nachtrust/upload/") {
				t.Fatalf("upload: %d %q", up.StatusCode, loc)
			}
			grp := strings.TrimPrefix(loc, "/nachtrust/upload/")
			linked := ids(`SELECT DISTINCT client_id FROM sleep_links WHERE sensor_id = $1 ORDER BY client_id`, sensorID)
			reads := func() []int64 {
				return ids(`SELECT client_id FROM audit_accesses WHERE user_id = $1 AND object_type = 'sleep_upload' AND object_id = $2 AND action = 'read' ORDER BY client_id`, user.ID, grp)
			}
			if r, _ := request(t, srv, c, "GET", loc, nil); r.StatusCode != http.StatusOK {
				t.Fatalf("status page: %d", r.StatusCode)
			}
			if got := reads(); !slices.Equal(got, linked) {
				t.Errorf("status page audited clients %v, the sensor is linked to %v", got, linked)
			}
			if r, _ := request(t, srv, c, "GET", "/api/v1/sleep/uploads/"+grp, nil); r.StatusCode != http.StatusOK {
				t.Fatalf("status API: %d", r.StatusCode)
			}
			if got := reads(); len(got) != 2*len(linked) {
				t.Errorf("after the API read: audited %v, want each of %v twice", got, linked)
			}
		})
	}
}
