package placement

import (
	"context"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
	"github.com/volwaardig/volwaardig/internal/testkit"
)

// TestRegisterPageReadsOnlyItsIndex: a page of a region's register, with
// and without a phase filter, is read from the covering index alone, in
// order, without fetching table rows or sorting (issue 18: every audit
// commit empties the readers' page caches, so each table page fetched was
// read again per view). On PostgreSQL the index carries the same columns.
func TestRegisterPageReadsOnlyItsIndex(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if !d.InProcess() {
			var def string
			if err := d.QueryRowContext(ctx, `SELECT indexdef FROM pg_indexes WHERE indexname = 'placement_cases_register' AND schemaname = current_schema()`).Scan(&def); err != nil {
				t.Fatalf("index placement_cases_register: %v", err)
			}
			for _, col := range strings.Split(strings.ReplaceAll(registerColumns, "pc.", ""), ", ") {
				if !strings.Contains(def, col) {
					t.Errorf("index %s lacks %s", def, col)
				}
			}
			return
		}
		for _, f := range []CaseFilter{
			{Regions: []string{"ZK11"}, Limit: registerPageSize, RegisterOnly: true},
			{Regions: []string{"ZK11"}, Phase: Aangemeld, Limit: registerPageSize, Offset: registerPageSize, RegisterOnly: true},
		} {
			q, args, _ := caseListSQL(f)
			plan := strings.Join(testkit.SQLitePlan(t, d, q, args...), "; ")
			if !strings.Contains(plan, "COVERING INDEX placement_cases_register") || strings.Contains(plan, "TEMP B-TREE") {
				t.Errorf("filter %+v: the register page is not read from its covering index in order: %s", f, plan)
			}
		}
	})
}
