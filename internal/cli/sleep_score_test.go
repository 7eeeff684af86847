package cli

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/sleep/devicefile"
	"github.com/volwaardig/volwaardig/internal/testkit"
)

// runScoreCLI runs the real command line. Its getenv fails the test: the
// file tools read no environment variables (DESIGN §4).
func runScoreCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	getenv := func(k string) string {
		t.Errorf("the sleep tools must not read the environment (read %q)", k)
		return ""
	}
	code = Run(context.Background(), args, getenv, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func scoreParseCSV(t *testing.T, s string) [][]string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(s)).ReadAll()
	if err != nil {
		t.Fatalf("output is not CSV: %v\n%s", err, s)
	}
	return recs
}

func scoreReadCSVFile(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return scoreParseCSV(t, string(b))
}

// TestSleepScoreReference: `sleep score` on the .agd and on the epoch CSV
// gives ActiLife's 1500 minutes, counts and labels for both algorithms.
func TestSleepScoreReference(t *testing.T) {
	ref := testkit.Reference(t, "actilife")
	want := scoreReadCSVFile(t, filepath.Join(ref, "GT3XPlus-RawData-Day01-sleep-awake.csv"))
	col := map[string]int{}
	for i, h := range want[0] {
		col[h] = i
	}
	for _, file := range []string{"GT3XPlus-RawData-Day01.agd", "GT3XPlus-RawData-Day01.csv"} {
		for _, alg := range []string{"cole-kripke", "sadeh"} {
			// Flags after the file, as DESIGN §4 allows.
			code, out, errs := runScoreCLI(t, "sleep", "score", filepath.Join(ref, file), "--algorithm", alg)
			if code != ExitOK {
				t.Fatalf("%s %s: exit %d: %s", file, alg, code, errs)
			}
			if !strings.HasPrefix(out, "timestamp,count,state\n") || strings.Contains(out, "\r") {
				t.Fatalf("header/line ends wrong: %q", out[:min(len(out), 40)])
			}
			got := scoreParseCSV(t, out)
			if len(got) != len(want) {
				t.Fatalf("%s %s: %d lines, want %d", file, alg, len(got), len(want))
			}
			bad := 0
			for i := 1; i < len(want); i++ {
				w := want[i]
				if got[i][0] != w[col["timestamp"]] || got[i][1] != w[col["axis1"]] {
					t.Fatalf("%s line %d: %v, reference %v", file, i+1, got[i], w)
				}
				if got[i][2] != w[col[alg]] {
					bad++
				}
			}
			if bad > 0 {
				t.Errorf("%s %s: %d of %d labels differ from ActiLife", file, alg, bad, len(want)-1)
			}
		}
	}
}

// TestSleepNightsReference: `sleep nights` reproduces every ActiLife
// Tudor-Locke period of the reference file, for each of its settings
// rows, numerically (ActiLife prints efficiency and the mean awakening with
// 2 decimals, we with up to 3).
func TestSleepNightsReference(t *testing.T) {
	ref := testkit.Reference(t, "actilife")
	want := scoreReadCSVFile(t, filepath.Join(ref, "GT3XPlus-RawData-Day01-sleep-periods.csv"))
	col := map[string]int{}
	for i, h := range want[0] {
		col[h] = i
	}
	from := col["in_bed_time"]
	type group struct {
		alg  string
		args []string
		rows [][]string
	}
	var groups []*group
	byName := map[string]*group{}
	for _, r := range want[1:] {
		name := r[col["sleep_algorithm"]] + "/" + r[col["period_algorithm"]]
		g, ok := byName[name]
		if !ok {
			alg := map[string]string{"Sadeh": "sadeh", "Cole-Kripke": "cole-kripke"}[r[col["sleep_algorithm"]]]
			g = &group{alg: alg, args: []string{
				"--bedtime-start", r[col["n_bedtime_start"]], "--wake-end", r[col["n_wake_time_end"]],
				"--min-period", r[col["min_sleep_period"]], "--max-period", r[col["max_sleep_period"]],
				"--min-nonzero", r[col["min_nonzero_epochs"]],
			}}
			byName[name] = g
			groups = append(groups, g)
		}
		g.rows = append(g.rows, r[from:])
	}
	if len(groups) < 2 {
		t.Fatalf("expected several settings in the reference, got %d", len(groups))
	}
	for _, g := range groups {
		args := append([]string{"sleep", "nights", "--algorithm", g.alg}, g.args...)
		args = append(args, filepath.Join(ref, "GT3XPlus-RawData-Day01.agd"))
		code, out, errs := runScoreCLI(t, args...)
		if code != ExitOK {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
		got := scoreParseCSV(t, out)
		if strings.Join(got[0], ",") != strings.Join(want[0][from:], ",") {
			t.Fatalf("header %v, want %v", got[0], want[0][from:])
		}
		if len(got)-1 != len(g.rows) {
			t.Fatalf("%v: %d periods, ActiLife %d\n%s", g.args, len(got)-1, len(g.rows), out)
		}
		for i, w := range g.rows {
			for c, h := range got[0] {
				gv, wv := got[i+1][c], w[c]
				if strings.HasSuffix(h, "_time") || h == "onset" {
					if gv != wv {
						t.Errorf("%v period %d %s: %s, ActiLife %s", g.args, i+1, h, gv, wv)
					}
					continue
				}
				gf, err1 := strconv.ParseFloat(gv, 64)
				wf, err2 := strconv.ParseFloat(wv, 64)
				if err1 != nil || err2 != nil || math.Abs(gf-wf) > 0.005 {
					t.Errorf("%v period %d %s: %s, ActiLife %s", g.args, i+1, h, gv, wv)
				}
			}
		}
	}
}

// scoreWriteFile writes a small epoch CSV for the usage tests.
func scoreWriteFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestSleepScoreUsageAndErrors(t *testing.T) {
	good := scoreWriteFile(t, "good.csv", "\ufefftimestamp,axis1\r\n2024-07-01T22:00:00Z,0\r\n2024-07-01T22:00:30Z,600\r\n2024-07-01T22:01:00Z,0\r\n")
	badRow := scoreWriteFile(t, "bad.csv", "timestamp,axis1\n2024-07-01T22:00:00Z,0\n2024-07-01T22:01:00Z,lots\n")
	dup := scoreWriteFile(t, "dup.csv", "timestamp,axis1\n2024-07-01T22:00:00Z,0\n2024-07-01T22:00:00Z,5\n")
	zoned := scoreWriteFile(t, "zoned.csv", "timestamp,axis1\n2024-07-01T22:00:00+02:00,0\n")
	gap := scoreWriteFile(t, "gap.csv", "timestamp,axis1\n2024-07-01T22:00:00Z,0\n2024-07-01T22:00:30Z,0\n2024-07-01T22:03:00Z,0\n")
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string // exact, when set
		stderr string // substring
	}{
		{"help", []string{"sleep", "score", "--help"}, ExitOK, "", "--algorithm"},
		{"missing algorithm", []string{"sleep", "score", good}, ExitUsage, "", "--algorithm is required"},
		{"unknown algorithm", []string{"sleep", "score", "--algorithm", "kripke-2010", good}, ExitUsage, "", "unknown --algorithm"},
		{"unknown flag", []string{"sleep", "score", "--algorithm", "sadeh", "--fast", good}, ExitUsage, "", "fast"},
		{"no file", []string{"sleep", "score", "--algorithm", "sadeh"}, ExitUsage, "", "exactly one FILE"},
		{"two files", []string{"sleep", "score", "--algorithm", "sadeh", good, good}, ExitUsage, "", "exactly one FILE"},
		{"bad rescore", []string{"sleep", "score", "--algorithm", "sadeh", "--rescore", "cole", good}, ExitUsage, "", "webster"},
		{"bad zone", []string{"sleep", "score", "--algorithm", "sadeh", "--tz", "Mars/Olympus", good}, ExitUsage, "", "unknown --tz"},
		{"Local zone reads the environment", []string{"sleep", "score", "--algorithm", "sadeh", "--tz", "Local", good}, ExitUsage, "", "not Local"},
		{"missing file", []string{"sleep", "score", "--algorithm", "sadeh", good + ".nope"}, ExitBadInput, "", "no such file"},
		{"bad row named", []string{"sleep", "score", "--algorithm", "sadeh", badRow}, ExitBadInput, "", "row 3"},
		{"duplicate named", []string{"sleep", "score", "--algorithm", "sadeh", dup}, ExitBadInput, "", "row 3"},
		{"tz with offsets", []string{"sleep", "score", "--algorithm", "sadeh", "--tz", "Europe/Amsterdam", zoned}, ExitUsage, "", "offsets"},
		{"not an agd", []string{"sleep", "score", "--algorithm", "sadeh", scoreWriteFile(t, "x.agd", "hello")}, ExitBadInput, "", "x.agd"},
		// 600 counts in minute 22:00: Cole-Kripke D = 0.001*230*6 = 1.38 (W);
		// 22:01 sees it at -1: 0.456 (S).
		{"cole-kripke", []string{"sleep", "score", "--algorithm", "cole-kripke", good}, ExitOK,
			"timestamp,count,state\n2024-07-01T22:00:00Z,600,W\n2024-07-01T22:01:00Z,0,S\n", ""},
		{"tz converts clock time to UTC", []string{"sleep", "score", "--tz", "Europe/Amsterdam", "--algorithm", "cole-kripke", good}, ExitOK,
			"timestamp,count,state\n2024-07-01T20:00:00Z,600,W\n2024-07-01T20:01:00Z,0,S\n", ""},
		{"gap filled and reported", []string{"sleep", "score", "--algorithm", "sadeh", gap}, ExitOK,
			"timestamp,count,state\n2024-07-01T22:00:00Z,0,S\n2024-07-01T22:01:00Z,0,S\n2024-07-01T22:02:00Z,0,S\n2024-07-01T22:03:00Z,0,S\n", "2 minutes without epochs"},
		{"nights help", []string{"sleep", "nights", "--help"}, ExitOK, "", "--lights-off"},
		{"nights bad settings", []string{"sleep", "nights", "--algorithm", "sadeh", "--min-period", "0", good}, ExitUsage, "", "min period"},
		{"nights bad lights-off", []string{"sleep", "nights", "--algorithm", "sadeh", "--lights-off", "late", good}, ExitUsage, "", "HH:MM"},
		{"nights no period", []string{"sleep", "nights", "--algorithm", "sadeh", good}, ExitOK, nightsHeader + "\n", ""},
	}
	for _, tc := range tests {
		code, out, errs := runScoreCLI(t, tc.args...)
		if code != tc.code {
			t.Errorf("%s: exit %d, want %d (stderr %q)", tc.name, code, tc.code, errs)
		}
		if tc.stdout != "" && out != tc.stdout {
			t.Errorf("%s: stdout %q, want %q", tc.name, out, tc.stdout)
		}
		if !strings.Contains(errs+out, tc.stderr) {
			t.Errorf("%s: output %q lacks %q", tc.name, errs+out, tc.stderr)
		}
	}
}

// TestSleepScoreWebster: a minute of sleep after 4 minutes of wake is
// rescored wake only with --rescore webster (rule a).
func TestSleepScoreWebster(t *testing.T) {
	var b strings.Builder
	b.WriteString("timestamp,axis1\n")
	counts := []int{2000, 2000, 2000, 2000, 0, 0, 0, 0, 0, 0, 0, 0}
	for i, c := range counts {
		b.WriteString("2024-07-01T22:" + strconv.Itoa(10+i) + ":00Z," + strconv.Itoa(c) + "\n")
	}
	p := scoreWriteFile(t, "w.csv", b.String())
	states := func(args ...string) string {
		code, out, errs := runScoreCLI(t, append([]string{"sleep", "score", "--algorithm", "cole-kripke", p}, args...)...)
		if code != ExitOK {
			t.Fatalf("exit %d: %s", code, errs)
		}
		var s []byte
		for _, r := range scoreParseCSV(t, out)[1:] {
			s = append(s, r[2][0])
		}
		return string(s)
	}
	// Without rescoring (2000 counts scale to 20): minutes 0-3 are W
	// (0.001*230*20 = 4.6 alone); minutes 4-7 still see them in their past
	// window: minute 6 has them at -3 and -4, 0.001*(54+106)*20 = 3.2, and
	// minute 7 at -4 only, 0.001*106*20 = 2.12: W; from minute 8: S.
	plain := states()
	if plain != "WWWWWWWWSSSS" {
		t.Fatalf("plain %s", plain)
	}
	// 8 wake minutes then sleep: rule a rescored the first sleep minute.
	if got := states("--rescore", "webster"); got != "WWWWWWWWWSSS" {
		t.Errorf("webster %s", got)
	}
}

// TestSleepNightsLightsOff: lights off 10 minutes before sleep onset gives
// a latency of 10 and moves in-bed back.
func TestSleepNightsLightsOff(t *testing.T) {
	var b strings.Builder
	b.WriteString("timestamp,axis1\n")
	// 21:50-21:59 moving (wake), 22:00-22:29 still (sleep), 22:30-22:49 moving.
	for i := range 60 {
		c := 0
		if i < 10 || i >= 40 {
			c = 3000
		}
		b.WriteString("2024-07-01T" + []string{"21", "22", "23"}[(50+i)/60] + ":" + pad2((50+i)%60) + ":00Z," + strconv.Itoa(c) + "\n")
	}
	p := scoreWriteFile(t, "n.csv", b.String())
	code, out, errs := runScoreCLI(t, "sleep", "nights", "--algorithm", "sadeh", "--min-period", "10", "--lights-off", "21:45", p)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	rows := scoreParseCSV(t, out)
	if len(rows) != 2 {
		t.Fatalf("want one period:\n%s", out)
	}
	r := rows[1]
	// Recording starts 21:50, so lights-off 21:45 falls before it: unchanged.
	if r[4] != "0" {
		t.Errorf("lights-off before the recording must leave latency 0: %v", r)
	}
	code, out, _ = runScoreCLI(t, "sleep", "nights", "--algorithm", "sadeh", "--min-period", "10", "--lights-off", "21:55", p)
	r2 := scoreParseCSV(t, out)[1]
	onset := r2[2]
	if code != ExitOK || r2[0] != "2024-07-01T21:55:00Z" || r2[4] == "0" || onset != r[2] {
		t.Errorf("with lights-off 21:55: %v (without: %v)", r2, r)
	}
	dur, _ := strconv.Atoi(r[5])
	dur2, _ := strconv.Atoi(r2[5])
	lat, _ := strconv.Atoi(r2[4])
	if dur2 != dur+lat {
		t.Errorf("duration %d should be %d + latency %d", dur2, dur, lat)
	}
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// TestSleepScoreAGDWithoutEpochSetting: an .agd without its epochlength
// setting is still scored (the step between rows gives the epoch); the
// reader's note is a warning, not a refusal.
func TestSleepScoreAGDWithoutEpochSetting(t *testing.T) {
	p := filepath.Join(t.TempDir(), "small.agd")
	db, err := sql.Open("sqlite", "file:"+p)
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2024, 7, 1, 22, 0, 0, 0, time.UTC)
	for _, q := range []string{
		`CREATE TABLE settings (settingID INTEGER PRIMARY KEY, settingName VARCHAR(64), settingValue VARCHAR(8192))`,
		`CREATE TABLE data (dataTimestamp INTEGER, axis1 REAL, axis2 REAL, axis3 REAL)`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	for i, c := range []float64{600, 0} {
		if _, err := db.Exec(`INSERT INTO data VALUES (?, ?, 0, 0)`, devicefile.AGDTicks(t0.Add(time.Duration(i)*time.Minute)), c); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Error(err)
	}
	code, out, errs := runScoreCLI(t, "sleep", "score", "--algorithm", "cole-kripke", p)
	if code != ExitOK || out != "timestamp,count,state\n2024-07-01T22:00:00Z,600,W\n2024-07-01T22:01:00Z,0,S\n" || !strings.Contains(errs, "warning") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
}
