package cli

import "testing"

func TestProgressBar(t *testing.T) {
	for _, c := range []struct {
		done, total int
		want        string
	}{
		{0, 4, "[····]"}, {1, 4, "[#···]"}, {4, 4, "[####]"}, {9, 4, "[####]"}, {-1, 4, "[····]"}, {1, 0, ""},
	} {
		if got := progressBar(c.done, c.total, 4); got != c.want {
			t.Errorf("progressBar(%d, %d) = %q, want %q", c.done, c.total, got, c.want)
		}
	}
}
