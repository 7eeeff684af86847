package db_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
)

// fixedNow is the migration clock of these tests, so the recorded
// applied_at can be checked exactly.
func fixedNow() string { return "2026-01-02T03:04:05Z" }

// mfs builds a migration file system; the same SQL is used for both dialects
// unless a file name already starts with a dialect directory.
func mfs(files map[string]string) fstest.MapFS {
	out := fstest.MapFS{}
	for name, body := range files {
		if strings.HasPrefix(name, "sqlite/") || strings.HasPrefix(name, "postgres/") {
			out[name] = &fstest.MapFile{Data: []byte(body)}
			continue
		}
		out["sqlite/"+name] = &fstest.MapFile{Data: []byte(body)}
		out["postgres/"+name] = &fstest.MapFile{Data: []byte(body)}
	}
	return out
}

// openEmpty opens an unmigrated database of each dialect.
func eachEmpty(t *testing.T, fn func(t *testing.T, d *db.DB, url string)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		url := "sqlite:" + filepath.Join(t.TempDir(), "m.db")
		d, err := db.Open(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			if err := d.Close(); err != nil {
				t.Error(err)
			}
		})
		fn(t, d, url)
	})
	t.Run("postgres", func(t *testing.T) {
		url := dbtest.PostgresURL(t)
		d, err := db.Open(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			if err := d.Close(); err != nil {
				t.Error(err)
			}
		})
		fn(t, d, url)
	})
}

type record struct {
	module    string
	version   int
	name      string
	appliedAt string
}

func records(t *testing.T, d *db.DB) []record {
	t.Helper()
	rows, err := d.QueryContext(context.Background(), `SELECT module, version, name, applied_at FROM schema_migrations ORDER BY module, version`)
	if err != nil {
		t.Fatalf("read schema_migrations: %v", err)
	}
	defer rows.Close()
	var out []record
	for rows.Next() {
		var r record
		if err := rows.Scan(&r.module, &r.version, &r.name, &r.appliedAt); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func names(ms []db.Migration) []string {
	var out []string
	for _, m := range ms {
		out = append(out, fmt.Sprintf("%s/%d_%s", m.Module, m.Version, m.Name))
	}
	return out
}

// orderedSet has versions whose file names sort differently from their
// numbers (10 before 2 as text) and that depend on each other, so applying
// them in name order fails.
func orderedSet() db.Migrations {
	return db.Migrations{Module: "alpha", FS: mfs(map[string]string{
		"1_people.sql":       `CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL)`,
		"2_places.sql":       `CREATE TABLE places (id INTEGER PRIMARY KEY, person_id INTEGER REFERENCES people(id))`,
		"10_place_label.sql": `ALTER TABLE places ADD COLUMN label TEXT NOT NULL DEFAULT ''`,
		"README.txt":         `not a migration`,
	})}
}

func TestMigrateAppliesInOrderAndRecords(t *testing.T) {
	eachEmpty(t, func(t *testing.T, d *db.DB, _ string) {
		ctx := context.Background()
		beta := db.Migrations{Module: "beta", FS: mfs(map[string]string{
			"0001_notes.sql": `CREATE TABLE notes (id INTEGER PRIMARY KEY, person_id INTEGER REFERENCES people(id))`,
		})}
		done, err := d.Migrate(ctx, []db.Migrations{orderedSet(), beta}, fixedNow)
		if err != nil {
			t.Fatalf("Migrate: %v", err)
		}
		want := []string{"alpha/1_people", "alpha/2_places", "alpha/10_place_label", "beta/1_notes"}
		if got := names(done); strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("applied %v, want %v", got, want)
		}
		// The last migration's column exists.
		if _, err := d.ExecContext(ctx, `INSERT INTO people (id, name) VALUES (1, 'a')`); err != nil {
			t.Fatal(err)
		}
		if _, err := d.ExecContext(ctx, `INSERT INTO places (id, person_id, label) VALUES (1, 1, 'x')`); err != nil {
			t.Fatalf("schema incomplete: %v", err)
		}
		got := records(t, d)
		wantRec := []record{
			{"alpha", 1, "people", fixedNow()},
			{"alpha", 2, "places", fixedNow()},
			{"alpha", 10, "place_label", fixedNow()},
			{"beta", 1, "notes", fixedNow()},
		}
		if fmt.Sprint(got) != fmt.Sprint(wantRec) {
			t.Errorf("schema_migrations = %v, want %v", got, wantRec)
		}
	})
}

func TestMigrateIsIdempotent(t *testing.T) {
	eachEmpty(t, func(t *testing.T, d *db.DB, _ string) {
		ctx := context.Background()
		sets := []db.Migrations{orderedSet()}
		if _, err := d.Migrate(ctx, sets, fixedNow); err != nil {
			t.Fatalf("first Migrate: %v", err)
		}
		before := records(t, d)
		done, err := d.Migrate(ctx, sets, func() string { return "later" })
		if err != nil {
			t.Fatalf("second Migrate: %v", err)
		}
		if len(done) != 0 {
			t.Errorf("second Migrate applied %v, want nothing", names(done))
		}
		pending, err := d.Status(ctx, sets)
		if err != nil {
			t.Fatalf("Status: %v", err)
		}
		if len(pending) != 0 {
			t.Errorf("Status pending = %v, want none", names(pending))
		}
		if after := records(t, d); fmt.Sprint(after) != fmt.Sprint(before) {
			t.Errorf("records changed by a no-op Migrate: %v -> %v", before, after)
		}
	})
}

func TestMigrateAppliesOnlyNewVersions(t *testing.T) {
	eachEmpty(t, func(t *testing.T, d *db.DB, _ string) {
		ctx := context.Background()
		v1 := db.Migrations{Module: "alpha", FS: mfs(map[string]string{
			"0001_people.sql": `CREATE TABLE people (id INTEGER PRIMARY KEY)`,
		})}
		if _, err := d.Migrate(ctx, []db.Migrations{v1}, fixedNow); err != nil {
			t.Fatal(err)
		}
		v2 := db.Migrations{Module: "alpha", FS: mfs(map[string]string{
			// Re-running 0001 would fail: the table exists.
			"0001_people.sql": `CREATE TABLE people (id INTEGER PRIMARY KEY)`,
			"0002_name.sql":   `ALTER TABLE people ADD COLUMN name TEXT`,
		})}
		pending, err := d.Status(ctx, []db.Migrations{v2})
		if err != nil {
			t.Fatal(err)
		}
		if got := names(pending); len(got) != 1 || got[0] != "alpha/2_name" {
			t.Errorf("pending = %v, want [alpha/2_name]", got)
		}
		done, err := d.Migrate(ctx, []db.Migrations{v2}, fixedNow)
		if err != nil {
			t.Fatalf("Migrate v2: %v", err)
		}
		if got := names(done); len(got) != 1 || got[0] != "alpha/2_name" {
			t.Errorf("applied %v, want [alpha/2_name]", got)
		}
	})
}

func TestMigrateRefusesNewerSchema(t *testing.T) {
	eachEmpty(t, func(t *testing.T, d *db.DB, _ string) {
		ctx := context.Background()
		newer := db.Migrations{Module: "alpha", FS: mfs(map[string]string{
			"0001_people.sql": `CREATE TABLE people (id INTEGER PRIMARY KEY)`,
			"0002_name.sql":   `ALTER TABLE people ADD COLUMN name TEXT`,
		})}
		if _, err := d.Migrate(ctx, []db.Migrations{newer}, fixedNow); err != nil {
			t.Fatal(err)
		}
		older := db.Migrations{Module: "alpha", FS: mfs(map[string]string{
			"0001_people.sql": `CREATE TABLE people (id INTEGER PRIMARY KEY)`,
			"0003_never.sql":  `CREATE TABLE never (id INTEGER)`,
		})}
		for _, call := range []struct {
			name string
			run  func() error
		}{
			{"Migrate", func() error { _, err := d.Migrate(ctx, []db.Migrations{older}, fixedNow); return err }},
			{"Status", func() error { _, err := d.Status(ctx, []db.Migrations{older}); return err }},
		} {
			err := call.run()
			var tooNew *db.SchemaTooNewError
			if !errors.As(err, &tooNew) {
				t.Fatalf("%s on a newer schema returned %v, want *SchemaTooNewError", call.name, err)
			}
			if tooNew.Module != "alpha" || tooNew.Version != 2 || tooNew.Name != "name" {
				t.Errorf("%s: error names %s %d %q, want alpha 2 \"name\"", call.name, tooNew.Module, tooNew.Version, tooNew.Name)
			}
			if !strings.Contains(err.Error(), "newer") {
				t.Errorf("%s: message %q does not say the schema is newer", call.name, err)
			}
		}
		// Refusal means nothing was applied, not even the unknown 0003.
		var n int
		if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = 3`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Error("a refused Migrate still applied a migration")
		}
		// A module the binary does not know at all is also newer.
		other := db.Migrations{Module: "gamma", FS: mfs(map[string]string{"0001_x.sql": `CREATE TABLE gx (id INTEGER)`})}
		_, err := d.Migrate(ctx, []db.Migrations{other}, fixedNow)
		var tooNew *db.SchemaTooNewError
		if !errors.As(err, &tooNew) || tooNew.Module != "alpha" {
			t.Errorf("Migrate without module alpha returned %v, want *SchemaTooNewError for alpha", err)
		}
	})
}

func TestMigrateFailureRollsBackThatStep(t *testing.T) {
	eachEmpty(t, func(t *testing.T, d *db.DB, _ string) {
		ctx := context.Background()
		set := db.Migrations{Module: "alpha", FS: mfs(map[string]string{
			"0001_people.sql": `CREATE TABLE people (id INTEGER PRIMARY KEY)`,
			"0002_broken.sql": `CREATE TABLE half (id INTEGER); INSERT INTO no_such_table VALUES (1)`,
			"0003_after.sql":  `CREATE TABLE after_broken (id INTEGER)`,
		})}
		done, err := d.Migrate(ctx, []db.Migrations{set}, fixedNow)
		if err == nil {
			t.Fatal("Migrate with a broken migration succeeded")
		}
		if !strings.Contains(err.Error(), "0002_broken") {
			t.Errorf("error %q does not name the broken migration", err)
		}
		if got := names(done); len(got) != 1 || got[0] != "alpha/1_people" {
			t.Errorf("reported applied %v, want [alpha/1_people]", got)
		}
		if got := records(t, d); len(got) != 1 || got[0].version != 1 {
			t.Errorf("recorded %v, want only version 1", got)
		}
		for _, table := range []string{"half", "after_broken"} {
			if _, err := d.ExecContext(ctx, "INSERT INTO "+table+" (id) VALUES (1)"); err == nil {
				t.Errorf("table %s exists after a failed migration run", table)
			}
		}
	})
}

func TestLoadRejectsBadFiles(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"no number", map[string]string{"sqlite/people.sql": "x"}, "NNNN_name"},
		{"zero version", map[string]string{"sqlite/0000_people.sql": "x"}, "NNNN_name"},
		{"not a number", map[string]string{"sqlite/abcd_people.sql": "x"}, "NNNN_name"},
		{"duplicate version", map[string]string{"sqlite/0001_a.sql": "x", "sqlite/1_b.sql": "y"}, "share version 1"},
		{"no dialect directory", map[string]string{"postgres/0001_a.sql": "x"}, "no sqlite migrations"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := fstest.MapFS{}
			for n, b := range tt.files {
				fs[n] = &fstest.MapFile{Data: []byte(b)}
			}
			_, err := db.Migrations{Module: "m", FS: fs}.Load(db.SQLite)
			if err == nil {
				t.Fatalf("Load succeeded, want an error containing %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Load error %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestLoadSortsNumerically(t *testing.T) {
	ms, err := orderedSet().Load(db.Postgres)
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for _, m := range ms {
		got = append(got, m.Version)
		if m.Module != "alpha" || m.SQL == "" {
			t.Errorf("migration %+v lacks module or SQL", m)
		}
	}
	if fmt.Sprint(got) != "[1 2 10]" {
		t.Errorf("versions %v, want [1 2 10]", got)
	}
}

// TestMigrateConcurrentPostgres starts two instances migrating the same empty
// schema at once, as several servers behind a load balancer do after a
// deploy: both must succeed and every migration must run exactly once.
func TestMigrateConcurrentPostgres(t *testing.T) {
	testMigrateConcurrent(t, func(t *testing.T) string { return dbtest.PostgresURL(t) })
}

// TestMigrateConcurrentSQLite is the same on one SQLite file opened twice,
// as when `volwaardig migrate` runs while a server starts.
func TestMigrateConcurrentSQLite(t *testing.T) {
	testMigrateConcurrent(t, func(t *testing.T) string { return "sqlite:" + filepath.Join(t.TempDir(), "c.db") })
}

func testMigrateConcurrent(t *testing.T, newURL func(t *testing.T) string) {
	const rounds = 3
	for round := 0; round < rounds; round++ {
		t.Run(fmt.Sprint("round", round), func(t *testing.T) {
			url := newURL(t)
			ctx := context.Background()
			// A counter table lets us see if a migration body ran twice.
			set := db.Migrations{Module: "alpha", FS: mfs(map[string]string{
				"0001_runs.sql":  `CREATE TABLE runs (n INTEGER NOT NULL); INSERT INTO runs VALUES (1)`,
				"0002_more.sql":  `INSERT INTO runs VALUES (2)`,
				"0003_table.sql": `CREATE TABLE extra (id INTEGER); INSERT INTO runs VALUES (3)`,
			})}
			var handles [2]*db.DB
			for i := range handles {
				d, err := db.Open(ctx, url)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() {
					if err := d.Close(); err != nil {
						t.Error(err)
					}
				})
				handles[i] = d
			}
			var wg sync.WaitGroup
			start := make(chan struct{})
			applied := make([][]db.Migration, len(handles))
			errs := make([]error, len(handles))
			for i, d := range handles {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					applied[i], errs[i] = d.Migrate(ctx, []db.Migrations{set}, fixedNow)
				}()
			}
			close(start)
			wg.Wait()
			for i, err := range errs {
				if err != nil {
					t.Errorf("instance %d: Migrate: %v", i, err)
				}
			}
			if t.Failed() {
				return
			}
			var runs []int
			rows, err := handles[0].QueryContext(ctx, `SELECT n FROM runs ORDER BY n`)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var n int
				if err := rows.Scan(&n); err != nil {
					t.Fatal(err)
				}
				runs = append(runs, n)
			}
			rows.Close()
			if fmt.Sprint(runs) != "[1 2 3]" {
				t.Errorf("migration bodies ran as %v, want each once: [1 2 3]", runs)
			}
			if got := records(t, handles[0]); len(got) != 3 {
				t.Errorf("recorded %d migrations, want 3: %v", len(got), got)
			}
			for _, d := range handles {
				pending, err := d.Status(ctx, []db.Migrations{set})
				if err != nil || len(pending) != 0 {
					t.Errorf("Status after concurrent Migrate: %v pending, err %v", names(pending), err)
				}
			}
		})
	}
}
