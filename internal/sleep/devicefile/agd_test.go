package devicefile

import (
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/sleep/score"
	"github.com/volwaardig/volwaardig/internal/testkit"
)

func epochReadReferenceCSV(t testing.TB, name string) [][]string {
	t.Helper()
	f, err := os.Open(filepath.Join(testkit.Reference(t, "actilife"), name))
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := f.Close(); err != nil {
			t.Error(err)
		}
	}()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestAGDTicks(t *testing.T) {
	// The first epoch of the reference file: 634763912400000000 ticks.
	got, err := AGDTime(634763912400000000)
	if err != nil || !got.Equal(time.Date(2012, 6, 27, 10, 54, 0, 0, time.UTC)) {
		t.Errorf("AGDTime = %v, %v", got, err)
	}
	if AGDTicks(got) != 634763912400000000 {
		t.Errorf("AGDTicks round trip: %d", AGDTicks(got))
	}
	if _, err := AGDTime(-1); err == nil {
		t.Error("negative ticks must fail")
	}
}

// TestReadAGDReference reads ActiLife's .agd and checks every epoch against
// ActiLife's own CSV export of the same recording.
func TestReadAGDReference(t *testing.T) {
	ref := testkit.Reference(t, "actilife")
	e, err := ReadAGD(filepath.Join(ref, "GT3XPlus-RawData-Day01.agd"))
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Report.Problems) != 0 {
		t.Errorf("problems in a clean file: %v", e.Report.Problems)
	}
	if e.EpochLength != 10*time.Second || e.Settings["deviceserial"] == "" {
		t.Errorf("epoch length %v, settings %v", e.EpochLength, e.Settings)
	}
	recs := epochReadReferenceCSV(t, "GT3XPlus-RawData-Day01.csv")
	if e.Len() != len(recs)-1 {
		t.Fatalf("%d epochs, CSV has %d", e.Len(), len(recs)-1)
	}
	if strings.Join(e.Columns, ",") != strings.Join(recs[0][1:], ",") {
		t.Errorf("columns %v, CSV %v", e.Columns, recs[0][1:])
	}
	for i, r := range recs[1:] {
		if got := e.Times[i].Format(time.RFC3339); got != r[0] {
			t.Fatalf("epoch %d: time %s, CSV %s", i, got, r[0])
		}
		for c := range e.Columns {
			if got := strconv.FormatFloat(e.Values[c][i], 'f', -1, 64); got != r[c+1] {
				t.Fatalf("epoch %d %s: %s, CSV %s", i, e.Columns[c], got, r[c+1])
			}
		}
	}
}

// TestReferenceLabelsFromFiles scores the .agd and the epoch CSV and
// compares all 1500 Cole-Kripke and Sadeh labels with ActiLife's.
func TestReferenceLabelsFromFiles(t *testing.T) {
	ref := testkit.Reference(t, "actilife")
	want := epochReadReferenceCSV(t, "GT3XPlus-RawData-Day01-sleep-awake.csv")
	col := map[string]int{}
	for i, h := range want[0] {
		col[h] = i
	}
	fromAGD, err := ReadAGD(filepath.Join(ref, "GT3XPlus-RawData-Day01.agd"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(ref, "GT3XPlus-RawData-Day01.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := f.Close(); err != nil {
			t.Error(err)
		}
	}()
	fromCSV, err := ReadEpochCSV(f)
	if err != nil {
		t.Fatal(err)
	}
	for name, e := range map[string]*Epochs{"agd": fromAGD, "csv": fromCSV} {
		minutes, err := score.ToMinutes(e.Times, e.Axis1())
		if err != nil {
			t.Fatal(err)
		}
		if len(minutes) != len(want)-1 || len(minutes) != 1500 {
			t.Fatalf("%s: %d minutes, reference %d", name, len(minutes), len(want)-1)
		}
		counts := score.Counts(minutes)
		for alg, states := range map[string][]score.State{"cole-kripke": score.ColeKripke(counts), "sadeh": score.Sadeh(counts)} {
			bad := 0
			for i, r := range want[1:] {
				if minutes[i].Start.Format(time.RFC3339) != r[col["timestamp"]] || strconv.FormatFloat(counts[i], 'f', -1, 64) != r[col["axis1"]] {
					t.Fatalf("%s minute %d: %v %v, reference %v", name, i, minutes[i].Start, counts[i], r)
				}
				if states[i].String() != r[col[alg]] {
					bad++
				}
			}
			if bad != 0 {
				t.Errorf("%s %s: %d of 1500 labels differ from ActiLife", name, alg, bad)
			}
		}
	}
}

// agdWrite builds a small .agd-like SQLite file for tests: settings rows and
// data rows of (ticks, axis1, axis2, axis3); a nil axis1 writes NULL.
func agdWrite(t testing.TB, path string, settings map[string]string, rows [][]any) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+agdEscapePath(path))
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	}()
	stmts := []string{
		`CREATE TABLE settings (settingID INTEGER PRIMARY KEY, settingName VARCHAR(64), settingValue VARCHAR(8192))`,
		`CREATE TABLE data (dataTimestamp INTEGER, axis1 REAL, axis2 REAL, axis3 REAL)`,
	}
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	for k, v := range settings {
		if _, err := db.Exec(`INSERT INTO settings (settingName, settingValue) VALUES (?, ?)`, k, v); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range rows {
		if _, err := db.Exec(`INSERT INTO data VALUES (?, ?, ?, ?)`, r...); err != nil {
			t.Fatal(err)
		}
	}
}

func TestReadAGDProblems(t *testing.T) {
	t0 := time.Date(2024, 3, 1, 22, 0, 0, 0, time.UTC)
	tick := func(s int) int64 { return AGDTicks(t0.Add(time.Duration(s) * time.Second)) }
	dir := t.TempDir()
	path := filepath.Join(dir, "we?ird #name%.agd")
	agdWrite(t, path, map[string]string{"epochlength": "30", "deviceserial": "X"}, [][]any{
		{tick(0), 1.0, 2.0, 3.0},
		{tick(30), 4.0, 5.0, 6.0},
		{tick(30), 7.0, 8.0, 9.0},  // duplicate
		{tick(0), 7.0, 8.0, 9.0},   // backwards
		{tick(60), nil, 8.0, 9.0},  // NULL axis1
		{nil, 1.0, 1.0, 1.0},       // no timestamp
		{int64(-5), 1.0, 1.0, 1.0}, // out of range
		{tick(90), 10.0, 11.0, 12.0},
	})
	e, err := ReadAGD(path)
	if err != nil {
		t.Fatal(err)
	}
	if e.Len() != 3 || e.Skipped != 5 || e.EpochLength != 30*time.Second {
		t.Fatalf("len %d skipped %d epoch %v", e.Len(), e.Skipped, e.EpochLength)
	}
	codes := []string{}
	for _, p := range e.Report.Problems {
		codes = append(codes, p.Code+"@"+p.Where)
	}
	want := "duplicate_time@data rowid 3,time_backwards@data rowid 4,bad_value@data rowid 5,bad_time@data rowid 6,bad_time@data rowid 7"
	if strings.Join(codes, ",") != want {
		t.Errorf("problems %v\nwant %s", codes, want)
	}
	if got := e.Axis1(); len(got) != 3 || got[2] != 10 {
		t.Errorf("axis1 %v", got)
	}

	// Not an .agd: a SQLite file without a data table, a text file, a
	// directory, a missing file.
	other := filepath.Join(dir, "other.agd")
	db, err := sql.Open("sqlite", "file:"+other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE settings (settingName TEXT, settingValue TEXT)`); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Error(err)
	}
	text := filepath.Join(dir, "text.agd")
	if err := os.WriteFile(text, []byte("timestamp,axis1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{other, text, dir, filepath.Join(dir, "missing.agd")} {
		if _, err := ReadAGD(p); err == nil {
			t.Errorf("%s: want an error", p)
		}
	}
	// A stream is read through a temporary file that is removed again.
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	fromStream, err := ReadAGDFrom(context.Background(), f, tmp)
	if err := f.Close(); err != nil {
		t.Error(err)
	}
	if err != nil || fromStream.Len() != 3 {
		t.Errorf("ReadAGDFrom: %v", err)
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("ReadAGDFrom left %d files behind", len(left))
	}
	if _, err := ReadAGDFrom(context.Background(), strings.NewReader("not sqlite"), tmp); err == nil || strings.Contains(err.Error(), "volwaardig-") {
		t.Errorf("ReadAGDFrom on garbage: %v (must fail without naming the temporary file)", err)
	}

	// The reader must not have changed the file it read.
	st1, _ := os.Stat(path)
	if _, err := ReadAGD(path); err != nil {
		t.Fatal(err)
	}
	st2, _ := os.Stat(path)
	if st1.ModTime() != st2.ModTime() || st1.Size() != st2.Size() {
		t.Error("ReadAGD modified the file")
	}
	if _, err := os.Stat(path + "-journal"); err == nil {
		t.Error("ReadAGD left a journal")
	}
}

// FuzzReadAGD writes the fuzzed bytes to a file and reads it: whatever the
// bytes, the reader returns epochs or an error, never panics, and what it
// returns is ordered. The seeds are a small valid file and its truncations.
func FuzzReadAGD(f *testing.F) {
	dir := f.TempDir()
	seed := filepath.Join(dir, "seed.agd")
	t0 := time.Date(2024, 3, 1, 22, 0, 0, 0, time.UTC)
	agdWrite(f, seed, map[string]string{"epochlength": "60"}, [][]any{
		{AGDTicks(t0), 1.0, 2.0, 3.0}, {AGDTicks(t0.Add(time.Minute)), 4.0, 5.0, 6.0},
	})
	b, err := os.ReadFile(seed)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add(b[:len(b)/2])
	f.Add([]byte("SQLite format 3\x00"))
	// A hostile file: its data is an endless view (refused unread).
	endless := filepath.Join(dir, "endless.agd")
	agdHostile(f, endless, agdEndlessView)
	if b, err := os.ReadFile(endless); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "f.agd")
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		e, err := ReadAGD(p)
		if err != nil {
			return
		}
		if e.Len() == 0 || len(e.Axis1()) != e.Len() || e.EpochLength <= 0 {
			t.Fatalf("inconsistent epochs: %d times, %d axis1, epoch %v", e.Len(), len(e.Axis1()), e.EpochLength)
		}
		for c, name := range e.Columns {
			for _, v := range e.Values[c] {
				if isCountColumn(name) && (v < 0 || v > countLimit(e.EpochLength)) {
					t.Fatalf("%s count %v beyond what a device counts in %v", name, v, e.EpochLength)
				}
			}
		}
		for i := 1; i < e.Len(); i++ {
			if !e.Times[i].After(e.Times[i-1]) {
				t.Fatalf("times not increasing at %d", i)
			}
		}
	})
}

// TestReadAGDMutations complements FuzzReadAGD, which runs only a few
// inputs a minute under the fuzzing engine (the coverage instrumentation
// of the pure-Go SQLite is heavy): 200 copies of a valid file with a few
// random bytes changed (fixed seed) must each read or fail cleanly.
func TestReadAGDMutations(t *testing.T) {
	dir := t.TempDir()
	seed := filepath.Join(dir, "seed.agd")
	t0 := time.Date(2024, 3, 1, 22, 0, 0, 0, time.UTC)
	agdWrite(t, seed, map[string]string{"epochlength": "60"}, [][]any{
		{AGDTicks(t0), 1.0, 2.0, 3.0}, {AGDTicks(t0.Add(time.Minute)), 4.0, 5.0, 6.0},
	})
	orig, err := os.ReadFile(seed)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 11))
	read, failed := 0, 0
	for range 200 {
		m := append([]byte(nil), orig...)
		for range 1 + rng.IntN(8) {
			m[rng.IntN(len(m))] = byte(rng.IntN(256))
		}
		p := filepath.Join(dir, "m.agd")
		if err := os.WriteFile(p, m, 0o600); err != nil {
			t.Fatal(err)
		}
		e, err := ReadAGD(p)
		if err != nil {
			failed++
			continue
		}
		read++
		for i := 1; i < e.Len(); i++ {
			if !e.Times[i].After(e.Times[i-1]) {
				t.Fatalf("times not increasing")
			}
		}
	}
	t.Logf("%d mutated files read, %d refused", read, failed)
}

// agdHostile writes a SQLite file with a plain settings table and the
// given statements, as an uploader could craft one.
func agdHostile(t testing.TB, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+agdEscapePath(path))
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	}()
	stmts = append([]string{`CREATE TABLE settings (settingID INTEGER PRIMARY KEY, settingName VARCHAR(64), settingValue VARCHAR(8192))`,
		`INSERT INTO settings (settingName, settingValue) VALUES ('epochlength', '60')`}, stmts...)
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// agdEndlessView is a data "table" that is a view whose recursive query
// never ends and never yields a row: reading it holds a core for ever.
const agdEndlessView = `CREATE VIEW data AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x AS rowid, x AS dataTimestamp, x AS axis1 FROM c WHERE x < 0`

// TestReadAGDRefusesSchemaCode: an uploaded .agd is the uploader's SQLite
// file. A data view with an endless recursive query held a core for
// minutes (issue 9, finding 2); views, triggers, virtual tables and
// computed columns are now refused before any row is read, fast.
func TestReadAGDRefusesSchemaCode(t *testing.T) {
	dir := t.TempDir()
	plainData := `CREATE TABLE data (dataTimestamp INTEGER, axis1 REAL, axis2 REAL, axis3 REAL)`
	row := fmt.Sprintf(`INSERT INTO data VALUES (%d, 1, 2, 3)`, AGDTicks(time.Date(2024, 3, 1, 22, 0, 0, 0, time.UTC)))
	cases := []struct {
		name  string
		stmts []string
		want  string
	}{
		{"endless view", []string{agdEndlessView}, "view"},
		{"view beside the data", []string{plainData, row, `CREATE VIEW v AS SELECT * FROM data`}, "view"},
		{"trigger", []string{plainData, row, `CREATE TRIGGER trg AFTER INSERT ON data BEGIN SELECT 1; END`}, "trigger"},
		{"virtual table", []string{plainData, row, `CREATE VIRTUAL TABLE vt USING fts5(a)`}, "virtual table"},
		{"generated column", []string{`CREATE TABLE data (dataTimestamp INTEGER, axis0 REAL, axis1 REAL GENERATED ALWAYS AS (axis0 * 2))`,
			fmt.Sprintf(`INSERT INTO data (dataTimestamp, axis0) VALUES (%d, 1)`, AGDTicks(time.Date(2024, 3, 1, 22, 0, 0, 0, time.UTC)))}, "computed"},
		{"computed default", []string{`CREATE TABLE data (dataTimestamp INTEGER, axis1 REAL DEFAULT (length(hex(zeroblob(1000000)))))`}, "computed"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "_")+".agd")
			agdHostile(t, p, tc.stmts...)
			done := make(chan error, 1)
			begin := time.Now()
			go func() {
				_, err := ReadAGD(p)
				done <- err
			}()
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("err = %v, want it to name the %s", err, tc.want)
				}
				if d := time.Since(begin); d > 2*time.Second {
					t.Errorf("refusing took %v", d)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("still reading after 10 s")
			}
		})
	}
	// The same file, plain, reads: the checks refuse code, not .agd files.
	p := filepath.Join(dir, "plain.agd")
	agdHostile(t, p, plainData, row, `CREATE INDEX data_ts ON data(dataTimestamp)`, `CREATE TABLE extra (a INTEGER DEFAULT 0, b TEXT DEFAULT 'x''y', c REAL DEFAULT (-1.5))`)
	if e, err := ReadAGD(p); err != nil || e.Len() != 1 {
		t.Errorf("plain file: %v", err)
	}
}

// TestReadAGDContext: reading stops when its context ends. The endless
// view is read here through readAGD directly, past the schema check, to
// show that the deadline interrupts SQLite itself; and ReadAGDContext
// with an ended context reads nothing.
func TestReadAGDContext(t *testing.T) {
	p := filepath.Join(t.TempDir(), "endless.agd")
	agdHostile(t, p, agdEndlessView)
	db, err := sql.Open("sqlite", "file:"+agdEscapePath(p)+"?mode=ro&immutable=1")
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	begin := time.Now()
	done := make(chan error, 1)
	go func() {
		_, err := readAGD(ctx, db)
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil {
			t.Error("the endless view read without error")
		}
		if d := time.Since(begin); d > 3*time.Second {
			t.Errorf("the deadline took %v to stop the query", d)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the deadline did not interrupt the query")
	}

	good := filepath.Join(t.TempDir(), "good.agd")
	agdWrite(t, good, map[string]string{"epochlength": "60"}, [][]any{{AGDTicks(time.Date(2024, 3, 1, 22, 0, 0, 0, time.UTC)), 1.0, 2.0, 3.0}})
	ended, stop := context.WithCancel(context.Background())
	stop()
	if _, err := ReadAGDContext(ended, good); err == nil || !strings.Contains(err.Error(), "canceled") {
		t.Errorf("ended context: %v", err)
	}
	if _, err := ReadAGDFrom(ended, strings.NewReader("x"), t.TempDir()); err == nil {
		t.Error("ReadAGDFrom with an ended context read")
	}
}

// TestReadAGDCountsBounded: the .agd reader bounds counts as the CSV
// reader does (issue 9, finding 19), naming the row and column.
func TestReadAGDCountsBounded(t *testing.T) {
	t0 := time.Date(2024, 3, 1, 22, 0, 0, 0, time.UTC)
	tick := func(m int) int64 { return AGDTicks(t0.Add(time.Duration(m) * time.Minute)) }
	p := filepath.Join(t.TempDir(), "counts.agd")
	agdWrite(t, p, map[string]string{"epochlength": "60"}, [][]any{
		{tick(0), 5.0, 1.0, 1.0},
		{tick(1), 1e308, 1.0, 1.0},
		{tick(2), 5.0, -3.0, 1.0},
		{tick(3), 5.0, 1.0, float64(maxCountPerSecond*60 + 1)},
		{tick(4), float64(maxCountPerSecond * 60), 1.0, 1.0},
	})
	e, err := ReadAGD(p)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, pr := range e.Report.Problems {
		got = append(got, pr.Code+"@"+pr.Where+"/"+pr.Field)
	}
	want := "implausible_count@data rowid 2/axis1,implausible_count@data rowid 3/axis2,implausible_count@2024-03-01T22:03:00Z/axis3"
	if e.Len() != 2 || strings.Join(got, ",") != want {
		t.Errorf("kept %d, problems %v\nwant %s", e.Len(), got, want)
	}
}
