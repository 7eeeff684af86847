package support

import (
	"context"
	"fmt"
	"strings"

	"github.com/volwaardig/volwaardig/internal/db"
)

// insertMany writes rows into table in multi-row INSERTs of at most 400
// rows, for the demo's year of logged actions (both dialects take the $n
// placeholders).
func (st store) insertMany(ctx context.Context, q db.Querier, table string, cols []string, rows [][]any) error {
	for len(rows) > 0 {
		n := min(len(rows), 400)
		var b strings.Builder
		args := make([]any, 0, n*len(cols))
		fmt.Fprintf(&b, "INSERT INTO %s (%s) VALUES ", table, strings.Join(cols, ", "))
		for i, r := range rows[:n] {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteByte('(')
			for j := range cols {
				if j > 0 {
					b.WriteString(", ")
				}
				fmt.Fprintf(&b, "$%d", len(args)+j+1)
			}
			b.WriteByte(')')
			args = append(args, r...)
		}
		if _, err := q.ExecContext(ctx, b.String(), args...); err != nil {
			return fmt.Errorf("insert %s: %w", table, err)
		}
		rows = rows[n:]
	}
	return nil
}
