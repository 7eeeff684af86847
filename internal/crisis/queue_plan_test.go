package crisis

import (
	"context"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
	"github.com/volwaardig/volwaardig/internal/testkit"
)

// TestQueueReadsOnlyOpenCrises keeps the crisis director's queue from
// reading every crisis ever recorded (issue 18: in the national demo the
// queue read 2,009 crises to show 9). SQLite's plan for the region's open
// crises and for a reporter's crises must go through an index; a plain
// "SCAN k" is a read of the whole table. PostgreSQL chooses by its
// statistics, so its plan is not pinned; the indexes exist there too.
func TestQueueReadsOnlyOpenCrises(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		if !d.InProcess() {
			for _, ix := range []string{"crisis_cases_open_region", "crisis_cases_open_escalated", "crisis_cases_reporter"} {
				var n int
				if err := d.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM pg_indexes WHERE indexname = $1 AND schemaname = current_schema()`, ix).Scan(&n); err != nil || n != 1 {
					t.Errorf("index %s: %d (%v)", ix, n, err)
				}
			}
			return
		}
		region, args := regionCasesWhere([]string{"ZK11", "ZK05"})
		for name, q := range map[string]struct {
			sql  string
			args []any
		}{
			"region queue": {casesSQL(region), args},
			"reported by":  {casesSQL(reportedByWhere), []any{int64(1)}},
		} {
			plan := testkit.SQLitePlan(t, d, q.sql, q.args...)
			for _, line := range plan {
				if strings.HasPrefix(line, "SCAN k") && !strings.Contains(line, "INDEX") {
					t.Errorf("%s reads the whole table: %q", name, plan)
				}
			}
		}
	})
}
