package sleep

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
	"github.com/volwaardig/volwaardig/internal/orgs"
)

// TestLinkFormFindsClientByName: the sensor link form finds the client by
// name with the register's picker (issue 11), offers only clients cared
// for at the sensor's location, records exactly the clients it showed,
// and links the chosen client.
func TestLinkFormFindsClientByName(t *testing.T) {
	dbtest.Each(t, migrations(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, true)
		c := client{t, server(t, e).URL}
		ctx := context.Background()
		// A client of the organisation cared for at another location.
		elsewhere, err := e.clients.Create(ctx, nil, clients.NewClient{Name: "Anna Elders", Region: orgs.CareOfficeRegions()[0].Code})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.clients.AddCareRelation(ctx, nil, clients.CareRelation{ClientID: elsewhere, Kind: clients.CareOrganisation, RefID: e.org, Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
			t.Fatal(err)
		}
		resp, _ := c.form("aanbieder", "/nachtrust/sensoren/nieuw", url.Values{"serial": {"AG-90"}, "kind": {"pols"}, "location": {strconv.FormatInt(e.loc, 10)}})
		if resp.StatusCode != 303 {
			t.Fatalf("sensor: %d", resp.StatusCode)
		}
		sensorPath, _, _ := strings.Cut(resp.Header.Get("Location"), "?")
		st, body := c.get("aanbieder", sensorPath)
		if st != 200 || !strings.Contains(body, `name="client_zoek"`) || strings.Contains(body, "<select id=\"client\"") {
			t.Fatalf("link form does not start with the picker: %d", st)
		}
		id := strconv.FormatInt(e.client, 10)
		st, body = c.get("aanbieder", sensorPath+"?client_zoek=anna")
		radio := `type="radio" id="client-` + id + `" name="client" value="` + id + `"`
		if st != 200 || !strings.Contains(body, radio) || strings.Contains(body, "Anna Elders") {
			t.Fatalf("search by name: %d, radio %v, other location shown %v", st, strings.Contains(body, radio), strings.Contains(body, "Anna Elders"))
		}
		if n := e.aud.Count(func(ev audit.Event) bool { return ev.Action == audit.ActionSearch && ev.ClientID == elsewhere }); n != 0 {
			t.Error("a client not shown is recorded as seen")
		}
		if n := e.aud.Count(func(ev audit.Event) bool { return ev.Action == audit.ActionSearch && ev.ClientID == e.client }); n != 1 {
			t.Errorf("the client shown is recorded %d times, want 1", n)
		}
		st, body = c.get("aanbieder", sensorPath+"?client="+id)
		if st != 200 || !strings.Contains(body, `<input type="hidden" name="client" value="`+id+`">`) || !strings.Contains(body, "Anna — ") {
			t.Fatalf("chosen client: %d", st)
		}
		// Choosing the other location's client by its number is refused.
		if st, body := c.get("aanbieder", sensorPath+"?client="+strconv.FormatInt(elsewhere, 10)); st != 200 || !strings.Contains(body, `href="#client"`) || strings.Contains(body, "Anna Elders") {
			t.Errorf("other location's client chosen: %d", st)
		}
		resp, _ = c.form("aanbieder", sensorPath+"/koppelingen", url.Values{"client": {id}, "start": {"01-03-2026"}})
		if resp.StatusCode != 303 {
			t.Fatalf("link: %d", resp.StatusCode)
		}
		if _, body := c.get("aanbieder", sensorPath); !strings.Contains(body, "<th scope=\"row\">Anna") {
			t.Error("the link is not shown with the client's name")
		}
	})
}
