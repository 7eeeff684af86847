package clients

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
	"github.com/volwaardig/volwaardig/internal/testkit"
)

// TestRegionListReadsOnlyItsPage keeps a care office's client list from
// reading and sorting all of a region's clients for each page of 50
// (issue 18): SQLite's plan must read the region's clients in name order
// from an index, without a sort of its own. PostgreSQL plans by its
// statistics, so there only the index is required.
func TestRegionListReadsOnlyItsPage(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if !d.InProcess() {
			var n int
			if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'clients_region_name' AND schemaname = current_schema()`).Scan(&n); err != nil || n != 1 {
				t.Errorf("index clients_region_name: %d (%v)", n, err)
			}
			return
		}
		p := &auth.Principal{Role: auth.RoleZorgkantoor, Scope: auth.Scope{Regions: []string{"ZK11"}}}
		where, args := scopeWhere(p, time.Now())
		plan := testkit.SQLitePlan(t, d, listSQL(where, 3), args...)
		joined := strings.Join(plan, "; ")
		if !strings.Contains(joined, "clients_region_name") || strings.Contains(joined, "TEMP B-TREE") {
			t.Errorf("the region's list is not read in order from its index: %s", joined)
		}
	})
}
