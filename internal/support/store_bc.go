package support

import (
	"context"
	"database/sql"
	"time"
)

// bcConfig reads the business case's drivers, their shares and the
// supporter's cost.
func (st store) bcConfig(ctx context.Context) (BCConfig, error) {
	var c BCConfig
	if err := st.d.QueryRowContext(ctx, `SELECT supporter_cost FROM support_bc_settings WHERE id = 1`).Scan(&c.SupporterCost); err != nil {
		return c, err
	}
	rows, err := st.d.QueryContext(ctx, `SELECT code, cost_without, cost_with FROM support_bc_drivers ORDER BY position, code`)
	if err != nil {
		return c, err
	}
	defer rows.Close()
	for rows.Next() {
		d := Driver{Shares: map[Party]int{}}
		if err := rows.Scan(&d.Code, &d.CostWithout, &d.CostWith); err != nil {
			return c, err
		}
		c.Drivers = append(c.Drivers, d)
	}
	if err := rows.Err(); err != nil {
		return c, err
	}
	srows, err := st.d.QueryContext(ctx, `SELECT driver_code, party, pct FROM support_bc_shares`)
	if err != nil {
		return c, err
	}
	defer srows.Close()
	for srows.Next() {
		var code, party string
		var pct int
		if err := srows.Scan(&code, &party, &pct); err != nil {
			return c, err
		}
		for i := range c.Drivers {
			if c.Drivers[i].Code == code {
				c.Drivers[i].Shares[Party(party)] = pct
			}
		}
	}
	return c, srows.Err()
}

// saveBC writes a checked configuration in the caller's transaction.
func (st store) saveBC(ctx context.Context, tx *sql.Tx, c BCConfig, by int64, at time.Time) error {
	if _, err := tx.ExecContext(ctx, `UPDATE support_bc_settings SET supporter_cost = $1, updated_at = $2, updated_by = $3 WHERE id = 1`, c.SupporterCost, at, nullID(by)); err != nil {
		return err
	}
	for _, d := range c.Drivers {
		if _, err := tx.ExecContext(ctx, `UPDATE support_bc_drivers SET cost_without = $1, cost_with = $2 WHERE code = $3`, d.CostWithout, d.CostWith, d.Code); err != nil {
			return err
		}
		for _, p := range Parties() {
			if _, err := tx.ExecContext(ctx, `UPDATE support_bc_shares SET pct = $1 WHERE driver_code = $2 AND party = $3`, d.Shares[p], d.Code, string(p)); err != nil {
				return err
			}
		}
	}
	return nil
}
