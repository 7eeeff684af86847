package audit

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
)

// testKey is a fixed key so failures are reproducible.
func testKey(name string) ed25519.PrivateKey {
	seed := sha256.Sum256([]byte("volwaardig audit test key " + name))
	return ed25519.NewKeyFromSeed(seed[:])
}

type testLog struct {
	*Log
	d      *db.DB
	clock  *db.ManualClock
	cpFile string
	pub    ed25519.PublicKey
}

func sets() []db.Migrations { return []db.Migrations{Migrations()} }

func newTestLog(t *testing.T, d *db.DB, adjust func(*Config)) *testLog {
	t.Helper()
	clock := db.NewManualClock(time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC))
	cfg := Config{
		Key:                testKey("main"),
		InstanceID:         "test",
		CheckpointFile:     filepath.Join(t.TempDir(), "checkpoints.jsonl"),
		CheckpointEvery:    1_000_000,
		CheckpointInterval: time.Hour,
		PendingInterval:    10 * time.Millisecond,
	}
	if adjust != nil {
		adjust(&cfg)
	}
	l, err := New(d, clock, cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() {
		if err := l.Close(); err != nil {
			t.Error(err)
		}
	})
	return &testLog{Log: l, d: d, clock: clock, cpFile: cfg.CheckpointFile, pub: cfg.Key.Public().(ed25519.PublicKey)}
}

func professional() *auth.Principal {
	return &auth.Principal{UserID: 7, Username: "zorgverlener", DisplayName: "Anna de Vries", Role: auth.RoleZorgverlener,
		Organisation: "Zorggroep Oost", SessionID: "s-12"}
}

func readEvent(client int64, object string) Event {
	return Event{Action: ActionRead, ClientID: client, Object: object, ObjectID: "42", Purpose: PurposeCare}
}

func (tl *testLog) record(t *testing.T, n int) {
	t.Helper()
	for i := range n {
		if err := tl.Record(context.Background(), professional(), readEvent(int64(100+i%3), "night")); err != nil {
			t.Fatalf("Record %d: %v", i, err)
		}
		tl.clock.Advance(time.Second)
	}
}

func (tl *testLog) verify(t *testing.T) *Report {
	t.Helper()
	ext := readCheckpointFile(t, tl.cpFile)
	rep, err := Verify(context.Background(), tl.d, VerifyOptions{Key: tl.pub, External: ext, ExternalGiven: true})
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	return rep
}

func readCheckpointFile(t *testing.T, path string) []FileCheckpoint {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("open checkpoint file: %v", err)
	}
	defer func() {
		if err := f.Close(); err != nil {
			t.Error(err)
		}
	}()
	cps, err := ParseCheckpoints(f, filepath.Base(path))
	if err != nil {
		t.Fatalf("parse checkpoint file: %v", err)
	}
	return cps
}

// tamper runs SQL as an attacker with database access would: first removing
// the append-only triggers.
func tamper(t *testing.T, d *db.DB, stmts ...string) {
	t.Helper()
	ctx := context.Background()
	drop := []string{"DROP TRIGGER IF EXISTS audit_entries_no_update", "DROP TRIGGER IF EXISTS audit_entries_no_delete"}
	if d.Dialect() == db.Postgres {
		for i := range drop {
			drop[i] += " ON audit_entries"
		}
	}
	for _, s := range append(drop, stmts...) {
		if _, err := d.ExecContext(ctx, s); err != nil {
			t.Fatalf("tamper %q: %v", s, err)
		}
	}
}

func reportText(r *Report) string {
	var b strings.Builder
	for _, p := range r.Problems {
		b.WriteString("problem: " + p.String() + "\n")
	}
	for _, p := range r.Warnings {
		b.WriteString("warning: " + p.String() + "\n")
	}
	return b.String()
}

func countRows(t *testing.T, q db.Querier, query string, args ...any) int {
	t.Helper()
	var n int
	if err := q.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func eachDB(t *testing.T, fn func(t *testing.T, d *db.DB)) { dbtest.Each(t, sets(), fn) }
