package crisis

import (
	"context"
	"testing"
)

// TestFiguresPerRegion: besides the national line, the crisis figures
// have a line per care-office region (the monitor's region filter), and
// they follow the data: a crisis reported in ZK11 counts there and
// nationally, not in ZK02; each team and bed counts in its own region.
func TestFiguresPerRegion(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
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
		before, _ := value("crisis.reported_12m", "ZK11")
		f.report(t, "Nieuwe Cliënt", UrgencyNormal)
		for _, c := range []struct {
			key, region string
			want        int
		}{
			{"crisis.reported_12m", "", 1}, {"crisis.reported_12m", "ZK11", before + 1}, {"crisis.open", "ZK11", 1},
			{"crisis.teams", "ZK11", 1}, {"crisis.teams", "ZK02", 1}, {"crisis.teams", "", 2},
			{"crisis.beds", "ZK02", 1},
		} {
			if got, ok := value(c.key, c.region); !ok || got != c.want {
				t.Errorf("%s in %q = %d (present %v), want %d", c.key, c.region, got, ok, c.want)
			}
		}
		if n, _ := value("crisis.reported_12m", "ZK02"); n != 0 {
			t.Errorf("ZK02 counts %d crises, want 0", n)
		}
	})
}
