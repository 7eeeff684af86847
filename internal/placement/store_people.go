package placement

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/volwaardig/volwaardig/internal/db"
)

// The SQL of issue 11's people and places: the family's municipality and
// the CIZ indication number of a case, stored beside the case row.

// setCaseIdentity stores the family's municipality and the indication
// number of a case just inserted, in the insert's transaction.
func (st store) setCaseIdentity(ctx context.Context, tx *sql.Tx, caseID int64, p Person) error {
	if p.FamilyMunicipality == "" && p.Indication == "" {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE placement_cases SET family_municipality = $1, ciz_indication = $2 WHERE id = $3`,
		p.FamilyMunicipality, p.Indication, caseID); err != nil {
		return fmt.Errorf("placement: store municipality and indication: %w", err)
	}
	return nil
}

// caseIdentity reads them back for the person page.
func (st store) caseIdentity(ctx context.Context, q db.Querier, caseID int64) (municipality, indication string, err error) {
	err = q.QueryRowContext(ctx, `SELECT family_municipality, ciz_indication FROM placement_cases WHERE id = $1`, caseID).Scan(&municipality, &indication)
	return municipality, indication, err
}
