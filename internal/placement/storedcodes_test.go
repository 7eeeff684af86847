package placement

import (
	"context"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
)

// TestUnknownStoredCodeIsAnError: a case or place whose stored expertise or
// profile code this binary does not know (a damaged row, or a code removed
// in a newer version) is reported, not read as "no expertise needed" or
// "no profiles", which would match the case to places without what it needs.
// Before, the parse error was dropped.
func TestUnknownStoredCodeIsAnError(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		place := f.place(t, f.orgA, f.locA, 2, nil)
		id := f.register(t, f.person(0))
		if _, err := d.ExecContext(ctx, `UPDATE placement_cases SET expertise = 'onbekend' WHERE id = $1`, id); err != nil {
			t.Fatal(err)
		}
		if _, err := newStore(d).getCase(ctx, d, id, ""); err == nil || !strings.Contains(err.Error(), "stored expertise") {
			t.Errorf("case with an unknown stored expertise: err = %v", err)
		}
		for _, col := range []string{"expertise", "profiles"} {
			if _, err := d.ExecContext(ctx, `UPDATE placement_places SET expertise = '', profiles = '' WHERE id = $1`, place); err != nil {
				t.Fatal(err)
			}
			if _, err := d.ExecContext(ctx, `UPDATE placement_places SET `+col+` = 'onbekend' WHERE id = $1`, place); err != nil {
				t.Fatal(err)
			}
			p, err := scanPlace(d.QueryRowContext(ctx, "SELECT "+placeColumns+" FROM placement_places pl JOIN organisations o ON o.id = pl.organisation_id WHERE pl.id = $1", place))
			if err == nil || !strings.Contains(err.Error(), "stored "+col) {
				t.Errorf("place with an unknown stored %s: err = %v (read %+v)", col, err, p)
			}
		}
	})
}
