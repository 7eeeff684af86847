package audit

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/db"
)

// chainOf23 writes 23 entries with a checkpoint every 5 (at 5, 10, 15, 20),
// then closes the log, which adds the final checkpoint at 23.
func chainOf23(t *testing.T, d *db.DB) *testLog {
	t.Helper()
	tl := newTestLog(t, d, func(c *Config) { c.CheckpointEvery = 5 })
	tl.record(t, 23)
	if err := tl.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	return tl
}

func loadChain(t *testing.T, d *db.DB, chain string) []*Entry {
	t.Helper()
	var out []*Entry
	if err := eachEntry(context.Background(), d, "e.chain_id = $1", []any{chain}, func(e *Entry) error {
		out = append(out, e)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestVerifyIntact(t *testing.T) {
	eachDB(t, func(t *testing.T, d *db.DB) {
		tl := chainOf23(t, d)
		rep := tl.verify(t)
		if !rep.OK() || len(rep.Warnings) != 0 {
			t.Fatalf("intact log reported:\n%s", reportText(rep))
		}
		if len(rep.Chains) != 1 || rep.Chains[0].Entries != 23 || rep.Chains[0].Covered != 23 || !rep.Chains[0].Final {
			t.Fatalf("summary = %+v", rep.Chains)
		}
		if rep.Chains[0].Checkpoints != 6 || rep.Chains[0].External != 6 {
			t.Fatalf("want 6 checkpoints (genesis, 5, 10, 15, 20, final 23) in db and file, got %+v", rep.Chains[0])
		}
	})
}

// TestVerifyDetectsTampering is the heart of the audit log's promise: each
// way of altering the stored log is found, and the first problem names the
// first broken or missing entry.
func TestVerifyDetectsTampering(t *testing.T) {
	cases := []struct {
		name     string
		attack   func(t *testing.T, tl *testLog)
		wantSeq  int64
		wantText string
	}{
		{
			name: "changed field",
			attack: func(t *testing.T, tl *testLog) {
				tamper(t, tl.d, fmt.Sprintf(`UPDATE audit_entries SET purpose = 'beheer' WHERE chain_id = '%s' AND seq = 7`, tl.ChainID()))
			},
			wantSeq: 7, wantText: "a field was changed",
		},
		{
			name: "changed time",
			attack: func(t *testing.T, tl *testLog) {
				e := loadChain(t, tl.d, tl.ChainID())[2]
				if _, err := tl.d.ExecContext(context.Background(), `DROP TRIGGER IF EXISTS audit_entries_no_update`+onTable(tl.d)); err != nil {
					t.Fatal(err)
				}
				if _, err := tl.d.ExecContext(context.Background(), `UPDATE audit_entries SET occurred_at = $1 WHERE id = $2`, e.Time.Add(-time.Hour), e.ID); err != nil {
					t.Fatal(err)
				}
			},
			wantSeq: 3, wantText: "a field was changed",
		},
		{
			name: "changed field with the rest of the chain rehashed",
			attack: func(t *testing.T, tl *testLog) {
				entries := loadChain(t, tl.d, tl.ChainID())
				tamper(t, tl.d)
				prev := entries[10].PrevHash // seq 11
				for _, e := range entries[10:] {
					if e.Seq == 11 {
						e.ClientID = 999
					}
					e.PrevHash = prev
					e.Hash = entryHash(e)
					prev = e.Hash
					if _, err := tl.d.ExecContext(context.Background(), `UPDATE audit_entries SET client_id = $1, prev_hash = $2, hash = $3 WHERE id = $4`,
						e.ClientID, e.PrevHash, e.Hash, e.ID); err != nil {
						t.Fatal(err)
					}
				}
			},
			wantSeq: 15, wantText: "differs from the signed checkpoint",
		},
		{
			name: "removed entry in the middle",
			attack: func(t *testing.T, tl *testLog) {
				tamper(t, tl.d, fmt.Sprintf(`DELETE FROM audit_entries WHERE chain_id = '%s' AND seq = 8`, tl.ChainID()))
			},
			wantSeq: 8, wantText: "entry missing (removed); the next present entry is seq 9",
		},
		{
			name: "truncated tail covered by checkpoints",
			attack: func(t *testing.T, tl *testLog) {
				tamper(t, tl.d, fmt.Sprintf(`DELETE FROM audit_entries WHERE chain_id = '%s' AND seq >= 18`, tl.ChainID()))
			},
			wantSeq: 18, wantText: "truncated",
		},
		{
			name: "truncated tail and its checkpoint removed from the database",
			attack: func(t *testing.T, tl *testLog) {
				tamper(t, tl.d,
					fmt.Sprintf(`DELETE FROM audit_entries WHERE chain_id = '%s' AND seq > 20`, tl.ChainID()),
					fmt.Sprintf(`DELETE FROM audit_checkpoints WHERE chain_id = '%s' AND seq > 20`, tl.ChainID()))
			},
			wantSeq: 21, wantText: "truncated",
		},
		{
			name: "whole chain removed from the database",
			attack: func(t *testing.T, tl *testLog) {
				tamper(t, tl.d, `DELETE FROM audit_entries`, `DELETE FROM audit_checkpoints`, `DELETE FROM audit_chains`)
			},
			wantSeq: 0, wantText: "entries seq 1 to 23 missing",
		},
		{
			name: "forged checkpoint: altered hash in the database",
			attack: func(t *testing.T, tl *testLog) {
				e := loadChain(t, tl.d, tl.ChainID())[11]
				tamper(t, tl.d, fmt.Sprintf(`UPDATE audit_checkpoints SET last_hash = '%s' WHERE chain_id = '%s' AND seq = 15`, e.Hash, tl.ChainID()))
			},
			wantSeq: 15, wantText: "signature does not verify",
		},
		{
			name: "forged checkpoint: signed with another key",
			attack: func(t *testing.T, tl *testLog) {
				e := loadChain(t, tl.d, tl.ChainID())[16]
				cp := &Checkpoint{ChainID: tl.ChainID(), Seq: 17, Count: 17, Hash: e.Hash, At: e.Time, Final: true}
				cp.sign(testKey("attacker"))
				err := tl.d.Tx(context.Background(), func(tx *sql.Tx) error { return insertCheckpoint(context.Background(), tx, cp) })
				if err != nil {
					t.Fatal(err)
				}
			},
			wantSeq: 17, wantText: "signed by another key",
		},
		{
			name: "forged checkpoint in the external file",
			attack: func(t *testing.T, tl *testLog) {
				cp := &Checkpoint{ChainID: tl.ChainID(), Seq: 30, Count: 30, Hash: strings.Repeat("ab", 32), At: time.Now()}
				cp.sign(testKey("main"))
				cp.Signature[0] ^= 1
				appendLine(t, tl.cpFile, cp)
			},
			wantSeq: 30, wantText: "signature does not verify",
		},
		{
			name: "reordered entries",
			attack: func(t *testing.T, tl *testLog) {
				c := tl.ChainID()
				tamper(t, tl.d,
					fmt.Sprintf(`UPDATE audit_entries SET seq = -1 WHERE chain_id = '%s' AND seq = 12`, c),
					fmt.Sprintf(`UPDATE audit_entries SET seq = 12 WHERE chain_id = '%s' AND seq = 13`, c),
					fmt.Sprintf(`UPDATE audit_entries SET seq = 13 WHERE chain_id = '%s' AND seq = -1`, c))
			},
			wantSeq: 12, wantText: "out of order",
		},
		{
			name: "entry appended after the final checkpoint",
			attack: func(t *testing.T, tl *testLog) {
				last := loadChain(t, tl.d, tl.ChainID())[22]
				e := *last
				e.Seq, e.EventID, e.PrevHash, e.ClientID = 24, "forged-event", last.Hash, 555
				e.Hash = entryHash(&e)
				err := tl.d.Tx(context.Background(), func(tx *sql.Tx) error { return insertEntries(context.Background(), tx, nil, []*Entry{&e}) })
				if err != nil {
					t.Fatal(err)
				}
			},
			wantSeq: 24, wantText: "after the chain's final checkpoint",
		},
		{
			name: "made-up chain",
			attack: func(t *testing.T, tl *testLog) {
				e := *loadChain(t, tl.d, tl.ChainID())[0]
				e.ChainID, e.Seq, e.EventID = "fake/chain", 1, "fake-1"
				e.PrevHash = genesisHash(e.ChainID)
				e.Hash = entryHash(&e)
				err := tl.d.Tx(context.Background(), func(tx *sql.Tx) error { return insertEntries(context.Background(), tx, nil, []*Entry{&e}) })
				if err != nil {
					t.Fatal(err)
				}
			},
			wantSeq: 1, wantText: "no valid signed checkpoint",
		},
	}
	for _, tc := range cases {
		t.Run(strings.ReplaceAll(tc.name, " ", "_"), func(t *testing.T) {
			eachDB(t, func(t *testing.T, d *db.DB) {
				tl := chainOf23(t, d)
				if rep := tl.verify(t); !rep.OK() {
					t.Fatalf("before the attack:\n%s", reportText(rep))
				}
				tc.attack(t, tl)
				rep := tl.verify(t)
				if rep.OK() {
					t.Fatalf("attack not detected:\n%s", reportText(rep))
				}
				first := rep.Problems[0]
				if first.Seq != tc.wantSeq {
					t.Errorf("first problem at seq %d, want %d:\n%s", first.Seq, tc.wantSeq, reportText(rep))
				}
				if !strings.Contains(reportText(rep), tc.wantText) {
					t.Errorf("no problem says %q:\n%s", tc.wantText, reportText(rep))
				}
				t.Logf("report:\n%s", reportText(rep))
			})
		})
	}
}

// TestVerifyTailNotYetCheckpointed documents the limit of any hash chain:
// entries written after the newest checkpoint are vouched for by nothing
// outside the database yet, so removing them is reported only as an
// uncovered tail until the next checkpoint (CheckpointInterval bounds that
// window; Close closes it).
func TestVerifyTailNotYetCheckpointed(t *testing.T) {
	eachDB(t, func(t *testing.T, d *db.DB) {
		tl := newTestLog(t, d, func(c *Config) { c.CheckpointEvery = 5 })
		tl.record(t, 23)
		tamper(t, d, fmt.Sprintf(`DELETE FROM audit_entries WHERE chain_id = '%s' AND seq > 21`, tl.ChainID()))
		rep := tl.verify(t)
		if !rep.OK() {
			t.Fatalf("unexpected problems:\n%s", reportText(rep))
		}
		if !strings.Contains(reportText(rep), "entries seq 21 to 21 are not yet covered") {
			t.Fatalf("want a warning about the uncovered tail:\n%s", reportText(rep))
		}
	})
}

// TestVerifyWithoutExternalFile: the database's own signed checkpoints
// still reveal removed entries they cover.
func TestVerifyWithoutExternalFile(t *testing.T) {
	eachDB(t, func(t *testing.T, d *db.DB) {
		tl := chainOf23(t, d)
		tamper(t, d, fmt.Sprintf(`DELETE FROM audit_entries WHERE chain_id = '%s' AND seq >= 12`, tl.ChainID()))
		rep, err := Verify(context.Background(), d, VerifyOptions{Key: tl.pub})
		if err != nil {
			t.Fatal(err)
		}
		if rep.OK() || rep.Problems[0].Seq != 12 || !strings.Contains(rep.Problems[0].What, "truncated") {
			t.Fatalf("truncation not found from database checkpoints:\n%s", reportText(rep))
		}
	})
}

func TestVerifyWrongKey(t *testing.T) {
	eachDB(t, func(t *testing.T, d *db.DB) {
		tl := chainOf23(t, d)
		rep, err := Verify(context.Background(), d, VerifyOptions{Key: testKey("other").Public().(ed25519.PublicKey)})
		if err != nil {
			t.Fatal(err)
		}
		if rep.OK() || !strings.Contains(rep.Problems[0].What, "wrong --audit-key") {
			t.Fatalf("wrong key not reported:\n%s", reportText(rep))
		}
		_ = tl
	})
}

// TestVerifyAfterKeyRotation: chains signed with an earlier key verify when
// that key is given as an old key, and only then.
func TestVerifyAfterKeyRotation(t *testing.T) {
	eachDB(t, func(t *testing.T, d *db.DB) {
		old := newTestLog(t, d, func(c *Config) { c.Key = testKey("2025"); c.CheckpointEvery = 3 })
		old.record(t, 5)
		if err := old.Close(); err != nil {
			t.Error(err)
		}
		cur := newTestLog(t, d, func(c *Config) { c.CheckpointFile = old.cpFile; c.CheckpointEvery = 3 })
		cur.record(t, 4)
		if err := cur.Close(); err != nil {
			t.Error(err)
		}
		ext := readCheckpointFile(t, old.cpFile)
		rep, err := Verify(context.Background(), d, VerifyOptions{Key: cur.pub, External: ext, ExternalGiven: true})
		if err != nil {
			t.Fatal(err)
		}
		if rep.OK() || rep.Problems[0].ChainID != old.ChainID() {
			t.Fatalf("old chain accepted without its key:\n%s", reportText(rep))
		}
		rep, err = Verify(context.Background(), d, VerifyOptions{Key: cur.pub, OldKeys: []ed25519.PublicKey{old.pub}, External: ext, ExternalGiven: true})
		if err != nil {
			t.Fatal(err)
		}
		if !rep.OK() || len(rep.Chains) != 2 {
			t.Fatalf("with the old key:\n%s", reportText(rep))
		}
	})
}

func appendLine(t *testing.T, path string, cp *Checkpoint) {
	t.Helper()
	line, err := marshalCheckpoint(cp)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := f.Close(); err != nil {
			t.Error(err)
		}
	}()
	if _, err := f.Write(line); err != nil {
		t.Fatal(err)
	}
}

func onTable(d *db.DB) string {
	if d.Dialect() == db.Postgres {
		return " ON audit_entries"
	}
	return ""
}
