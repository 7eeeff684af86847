package sleep

import (
	"context"
	"database/sql"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
)

// TestInzageNightsExportAsDecoded: the right-of-access export writes each
// night's detail from the stored text (issue 18: decoded only when the JSON
// is written) and says the same as a night decoded on reading, detail
// included; the page's table of nights is unchanged.
func TestInzageNightsExportAsDecoded(t *testing.T) {
	dbtest.Each(t, migrations(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, false)
		ctx := context.Background()
		at := time.Date(2026, 3, 2, 23, 10, 0, 0, time.UTC)
		nights := []Night{
			{ClientID: e.client, Date: "2026-03-02", Source: "epochs", Status: StatusOK, TST: 400, Efficiency: 80,
				Detail: NightDetail{Awake: []Moment{{Start: at, Minutes: 12}}, BedMinutes: 470, HeartRate: 58.5}},
			{ClientID: e.client, Date: "2026-03-03", Source: "epochs", Status: StatusNonWear},
		}
		for _, n := range nights {
			if err := d.Tx(ctx, func(tx *sql.Tx) error { return e.s.store.saveNight(ctx, tx, n, e.clock.Now()) }); err != nil {
				t.Fatal(err)
			}
		}
		decoded, err := e.s.store.queryNights(ctx, d, `WHERE client_id = $1 ORDER BY night`, e.client)
		if err != nil || len(decoded) != 2 || len(decoded[0].Detail.Awake) != 1 {
			t.Fatalf("decoded nights: %+v %v", decoded, err)
		}
		sec, err := e.s.Inzage(ctx, e.client)
		if err != nil {
			t.Fatal(err)
		}
		var fromDecoded, fromExport any
		a, _ := json.Marshal(decoded)
		b, err := json.Marshal(sec.Data.(map[string]any)["nights"])
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(a, &fromDecoded); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &fromExport); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(fromDecoded, fromExport) {
			t.Fatalf("export differs:\n%s\n%s", a, b)
		}
		if len(sec.Tables) < 2 || len(sec.Tables[1].Rows) != 2 {
			t.Fatalf("the page's table of nights: %+v", sec.Tables)
		}
	})
}

// TestLastNightsIsEachClientsLatest: the overview's one query for its
// clients' last nights (issue 18) gives each client its latest night, as
// LastNight does one client at a time, and leaves out a client without
// nights.
func TestLastNightsIsEachClientsLatest(t *testing.T) {
	dbtest.Each(t, migrations(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, false)
		ctx := context.Background()
		other := e.noBasis
		for _, n := range []Night{
			{ClientID: e.client, Date: "2026-03-02", Source: "epochs", Status: StatusOK, TST: 400},
			{ClientID: e.client, Date: "2026-03-04", Source: "epochs", Status: StatusOK, TST: 420, Detail: NightDetail{BedMinutes: 470}},
			{ClientID: e.client, Date: "2026-03-03", Source: "epochs", Status: StatusNonWear},
			{ClientID: other, Date: "2026-02-20", Source: "epochs", Status: StatusOK, TST: 300},
		} {
			if err := d.Tx(ctx, func(tx *sql.Tx) error { return e.s.store.saveNight(ctx, tx, n, e.clock.Now()) }); err != nil {
				t.Fatal(err)
			}
		}
		last, err := e.s.store.lastNights(ctx, []int64{e.client, other, 999_999})
		if err != nil {
			t.Fatal(err)
		}
		if len(last) != 2 || last[e.client].Date != "2026-03-04" || last[e.client].Detail.BedMinutes != 470 || last[other].Date != "2026-02-20" {
			t.Fatalf("last nights: %+v", last)
		}
		for _, c := range []int64{e.client, other} {
			one, ok, err := e.s.LastNight(ctx, c)
			if err != nil || !ok || !reflect.DeepEqual(one, last[c]) {
				t.Errorf("client %d: LastNight %+v, batch %+v (%v)", c, one, last[c], err)
			}
		}
	})
}
