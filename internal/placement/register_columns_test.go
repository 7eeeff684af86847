package placement

import (
	"context"
	"net/http/httptest"
	"reflect"
	"testing"

	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
)

// TestRegisterColumnsShowTheSameRows: the register page reads only its own
// columns (issue 18); its rows must read exactly as from whole cases, for
// an urgent, an escalated and an expired case, a case with meerzorg and
// one without a deadline.
func TestRegisterColumnsShowTheSameRows(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		f.server(t) // the rows' texts need the renderer's catalogue and formats
		ctx := context.Background()
		for i := range 4 {
			p := f.person(i)
			switch i {
			case 0:
				p.Waiting, p.Deadline = UrgentPlaatsen, t0.AddDate(0, 0, -3)
			case 1:
				p.Meerzorg, p.Deadline = true, t0.AddDate(0, 1, 0)
			case 2:
				p.Profile = "LG5"
			}
			f.register(t, p)
		}
		if _, err := d.ExecContext(ctx, `UPDATE placement_cases SET escalated_at = $1 WHERE client_id = $2`, t0, f.clients[2]); err != nil {
			t.Fatal(err)
		}
		whole, err := f.s.Cases(ctx, f.zk, CaseFilter{Limit: registerPageSize})
		if err != nil {
			t.Fatal(err)
		}
		narrow, err := f.s.Cases(ctx, f.zk, CaseFilter{Limit: registerPageSize, RegisterOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(whole) != 4 || len(narrow) != 4 {
			t.Fatalf("cases: %d whole, %d narrow", len(whole), len(narrow))
		}
		// The narrow read is really narrow: a field the register does not
		// show stays empty (else this test would compare whole with whole).
		if narrow[0].FamilyLat != 0 || whole[0].FamilyLat == 0 {
			t.Errorf("family position: whole %v, narrow %v; the register's read is not its own", whole[0].FamilyLat, narrow[0].FamilyLat)
		}
		r := httptest.NewRequest("GET", "/complexe-zorg", nil)
		a, b := f.s.registerRows(r, whole), f.s.registerRows(r, narrow)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("register rows differ:\nwhole  %+v\nnarrow %+v", a, b)
		}
		var escalated, expired, meerzorg, urgent bool
		for _, row := range b {
			escalated, expired, meerzorg, urgent = escalated || row.Escalated, expired || row.Expired, meerzorg || row.Meerzorg, urgent || row.Urgent
		}
		if !escalated || !expired || !meerzorg || !urgent {
			t.Errorf("the fixture does not cover every mark: escalated %v expired %v meerzorg %v urgent %v", escalated, expired, meerzorg, urgent)
		}
	})
}
