package sleep

import (
	"context"

	"github.com/volwaardig/volwaardig/internal/db"
)

// nightSummary is one scored night of a client, the few columns an
// aggregate over clients needs.
type nightSummary struct {
	ClientID   int64
	Date       string
	TST        int
	Efficiency float64
}

// okNights reads the nights with a sleep period of the clients, from the
// evening of date from to that of date to (yyyy-mm-dd, inclusive).
func (st store) okNights(ctx context.Context, clientIDs []int64, from, to string) ([]nightSummary, error) {
	var out []nightSummary
	err := db.QueryByIDs(ctx, st.db, `SELECT client_id, night, tst, efficiency FROM sleep_nights WHERE status = 'ok' AND client_id IN (%s)`, clientIDs, func(r db.Scanner) error {
		var n nightSummary
		if err := r.Scan(&n.ClientID, &n.Date, &n.TST, &n.Efficiency); err != nil {
			return err
		}
		if n.Date >= from && n.Date <= to {
			out = append(out, n)
		}
		return nil
	})
	return out, err
}
