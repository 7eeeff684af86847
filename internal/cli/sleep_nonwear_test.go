package cli

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/sleep/score"
	"github.com/volwaardig/volwaardig/internal/testkit"
)

// TestSleepNonwearReference: `sleep nonwear` on the .agd and on the epoch
// CSV prints, for each of ActiLife's three Choi settings in the reference,
// exactly ActiLife's periods (start, end, wear, length).
func TestSleepNonwearReference(t *testing.T) {
	ref := testkit.Reference(t, "actilife")
	rows := scoreReadCSVFile(t, filepath.Join(ref, "GT3XPlus-RawData-Day01-Choi-periods.csv"))
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	type setting struct {
		args []string
		want []string
	}
	var order []string
	by := map[string]*setting{}
	for _, r := range rows[1:] {
		name := r[col["nonwear_algorithm"]]
		s := by[name]
		if s == nil {
			s = &setting{args: []string{"--min-period", r[col["min_period_len"]], "--window", r[col["min_window_len"]], "--spike-tolerance", r[col["spike_tolerance"]]}}
			if r[col["use_magnitude"]] != "FALSE" {
				s.args = append(s.args, "--magnitude")
			}
			by[name] = s
			order = append(order, name)
		}
		s.want = append(s.want, strings.Join([]string{r[col["period_start"]], r[col["period_end"]], r[col["wear"]], r[col["length"]]}, ","))
	}
	if len(order) != 3 {
		t.Fatalf("settings %v", order)
	}
	for _, name := range order {
		s := by[name]
		for _, file := range []string{"GT3XPlus-RawData-Day01.agd", "GT3XPlus-RawData-Day01.csv"} {
			code, out, errs := runScoreCLI(t, append(append([]string{"sleep", "nonwear"}, s.args...), filepath.Join(ref, file))...)
			if code != ExitOK {
				t.Fatalf("%s %s: exit %d: %s", name, file, code, errs)
			}
			want := "period_start,period_end,wear,length\n" + strings.Join(s.want, "\n") + "\n"
			if out != want {
				t.Errorf("%s on %s:\n got\n%s want\n%s", name, file, out, want)
			}
		}
	}
	if code, _, errs := runScoreCLI(t, "sleep", "nonwear", "--min-period", "0", filepath.Join(ref, "GT3XPlus-RawData-Day01.csv")); code != ExitUsage {
		t.Errorf("--min-period 0: exit %d %s", code, errs)
	}
	// With --magnitude the spike at midnight is larger (axes 2 and 3 move
	// too): non-wear starts a minute later than on axis 1.
	code, out, _ := runScoreCLI(t, "sleep", "nonwear", "--magnitude", "--min-period", "60", filepath.Join(ref, "GT3XPlus-RawData-Day01.csv"))
	if code != ExitOK || !strings.Contains(out, "2012-06-28T00:01:00Z,2012-06-28T02:37:00Z,FALSE,156") {
		t.Errorf("--magnitude: exit %d\n%s", code, out)
	}
}

// TestSleepScoreScrippsOakley: the other count-based scorings run on the
// same minute sums as Cole-Kripke and Sadeh.
func TestSleepScoreScrippsOakley(t *testing.T) {
	ref := testkit.Reference(t, "actilife")
	rows := scoreReadCSVFile(t, filepath.Join(ref, "GT3XPlus-RawData-Day01-10sec60sec.csv"))
	var counts []float64
	for _, r := range rows[1:] {
		v, err := strconv.ParseFloat(r[1], 64)
		if err != nil {
			t.Fatal(err)
		}
		counts = append(counts, v)
	}
	oakley, _ := score.Oakley(counts, 60e9, score.OakleyMedium)
	for alg, want := range map[string][]score.State{"scripps": score.Scripps(counts), "oakley": oakley} {
		code, out, errs := runScoreCLI(t, "sleep", "score", "--algorithm", alg, filepath.Join(ref, "GT3XPlus-RawData-Day01.agd"))
		if code != ExitOK {
			t.Fatalf("%s: exit %d %s", alg, code, errs)
		}
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")[1:]
		if len(lines) != len(want) {
			t.Fatalf("%s: %d minutes, want %d", alg, len(lines), len(want))
		}
		sleep := 0
		for i, l := range lines {
			if l[len(l)-1] != byte(want[i]) {
				t.Fatalf("%s minute %d: %s, want %s", alg, i, l, want[i])
			}
			if want[i] == score.Sleep {
				sleep++
			}
		}
		// Both must find the night: neither all sleep nor all wake.
		if sleep < 300 || sleep > 1200 {
			t.Errorf("%s: %d of %d minutes sleep", alg, sleep, len(want))
		}
	}
}
