package placement

import (
	"context"
	"testing"

	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
)

// TestFiguresPerRegion: besides the national line, the register's figures
// have a line per care-office region (the monitor's region filter), and
// they follow the data: a case registered in ZK16 and a maatwerkplek in
// ZK11 show up in their own region only.
func TestFiguresPerRegion(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		value := func(key, region string) (int, bool) {
			t.Helper()
			fs, err := f.s.Figures(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, fig := range fs {
				if fig.Key == key && fig.Region == region {
					return fig.Value, true
				}
			}
			return 0, false
		}
		f.register(t, f.person(0))
		f.register(t, f.person(4))
		f.place(t, f.orgA, f.locA, 3, nil)
		for _, c := range []struct {
			key, region string
			want        int
		}{
			{"placement.open", "", 2}, {"placement.open", "ZK11", 1}, {"placement.open", "ZK16", 1},
			{"placement.maatwerkplekken", "", 3}, {"placement.maatwerkplekken", "ZK11", 3}, {"placement.maatwerkplekken", "ZK16", 0},
		} {
			if got, ok := value(c.key, c.region); !ok || got != c.want {
				t.Errorf("%s in %q = %d (present %v), want %d", c.key, c.region, got, ok, c.want)
			}
		}
	})
}
