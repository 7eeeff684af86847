package audit

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db"
)

func TestRecordStoresAllFields(t *testing.T) {
	eachDB(t, func(t *testing.T, d *db.DB) {
		tl := newTestLog(t, d, nil)
		p := &auth.Principal{UserID: 3, Username: "naaste", DisplayName: "Piet Jansen", Role: auth.RoleNaaste,
			Organisation: "", SessionID: "sess-9", TokenID: 0}
		ctx := WithSource(context.Background(), "192.0.2.10")
		ev := Event{Action: ActionEmergencyAccess, Outcome: OutcomeSuccess, ClientID: 55, Object: "dossier", ObjectID: "55",
			Purpose: PurposeEmergency, OnBehalfOf: 12, Emergency: true, Reason: "cliënt onwel, dossierhouder onbereikbaar"}
		if err := tl.Record(ctx, p, ev); err != nil {
			t.Fatal(err)
		}
		es := loadChain(t, d, tl.ChainID())
		if len(es) != 1 {
			t.Fatalf("%d entries", len(es))
		}
		e := es[0]
		want := Entry{ID: e.ID, ChainID: tl.ChainID(), Seq: 1, EventID: e.EventID, Time: tl.clock.Now(), Action: ActionEmergencyAccess,
			Outcome: OutcomeSuccess, UserID: 3, UserName: "naaste", DisplayName: "Piet Jansen", Role: "naaste", OnBehalfOf: 12,
			ClientID: 55, Object: "dossier", ObjectID: "55", Purpose: PurposeEmergency, Emergency: true,
			Reason: "cliënt onwel, dossierhouder onbereikbaar", Source: "192.0.2.10", SessionID: "sess-9",
			PrevHash: genesisHash(tl.ChainID()), Hash: e.Hash}
		if !reflect.DeepEqual(*e, want) {
			t.Fatalf("stored\n%+v\nwant\n%+v", *e, want)
		}
		if e.EventID == "" || entryHash(e) != e.Hash {
			t.Fatalf("event id %q, hash consistent %v", e.EventID, entryHash(e) == e.Hash)
		}
	})
}

func TestRecordValidates(t *testing.T) {
	eachDB(t, func(t *testing.T, d *db.DB) {
		tl := newTestLog(t, d, nil)
		bad := []Event{
			{Action: "peek", Object: "client"},
			{Action: ActionRead, Outcome: "maybe"},
			{Action: ActionRead, ClientID: 1, Object: "client"},                                        // no purpose
			{Action: ActionRead, ClientID: 1, Object: "client", Purpose: PurposeCare, Emergency: true}, // no reason
			{Action: ActionRead, ClientID: 1, Object: "Jan Jansen", Purpose: PurposeCare},              // a name as object
			{Action: ActionRead, ClientID: 1, Object: "client", Purpose: "omdat het moest"},            // free-text purpose
			{Action: ActionRead, ClientID: 1, Object: "client", ObjectID: strings.Repeat("9", 65), Purpose: PurposeCare},
			{Action: ActionRead, ClientID: -1, Object: "client", Purpose: PurposeCare},
		}
		for i, ev := range bad {
			if err := tl.Record(context.Background(), professional(), ev); !errors.Is(err, ErrInvalidEvent) {
				t.Errorf("case %d: err = %v, want ErrInvalidEvent", i, err)
			}
		}
		if n := countRows(t, d, `SELECT COUNT(*) FROM audit_entries`); n != 0 {
			t.Fatalf("%d invalid entries stored", n)
		}
		// A failed login's name comes from outside: cleaned, not refused.
		odd := "admin\n\x00" + strings.Repeat("é", 150)
		if err := tl.Record(context.Background(), nil, Event{Action: ActionLogin, Outcome: OutcomeDenied, UserName: odd, Purpose: PurposeSecurity}); err != nil {
			t.Fatal(err)
		}
		e := loadChain(t, d, tl.ChainID())[0]
		if !strings.HasPrefix(e.UserName, "admin??é") || len(e.UserName) > maxText || strings.ContainsAny(e.UserName, "\n\x00") {
			t.Fatalf("user name stored as %q", e.UserName)
		}
	})
}

func TestEntriesAreAppendOnly(t *testing.T) {
	eachDB(t, func(t *testing.T, d *db.DB) {
		tl := newTestLog(t, d, nil)
		tl.record(t, 2)
		ctx := context.Background()
		if _, err := d.ExecContext(ctx, `UPDATE audit_entries SET purpose = 'beheer'`); err == nil {
			t.Error("UPDATE of audit entries allowed")
		}
		if _, err := d.ExecContext(ctx, `DELETE FROM audit_entries`); err == nil {
			t.Error("DELETE of audit entries allowed")
		}
		if n := countRows(t, d, `SELECT COUNT(*) FROM audit_entries WHERE purpose = $1`, PurposeCare); n != 2 {
			t.Fatalf("entries changed: %d left", n)
		}
	})
}

// TestConcurrentRecordsFormOneChain checks group commit: many goroutines
// recording at once produce one gap-free chain that verifies.
func TestConcurrentRecordsFormOneChain(t *testing.T) {
	eachDB(t, func(t *testing.T, d *db.DB) {
		tl := newTestLog(t, d, func(c *Config) { c.CheckpointEvery = 50; c.MaxBatch = 16 })
		const workers, each = 8, 40
		var wg sync.WaitGroup
		errs := make(chan error, workers*each)
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range each {
					errs <- tl.Record(context.Background(), professional(), readEvent(int64(w*1000+i), "client"))
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if err := tl.Close(); err != nil {
			t.Fatal(err)
		}
		rep := tl.verify(t)
		if !rep.OK() || rep.Chains[0].Entries != workers*each || rep.Chains[0].LastSeq != workers*each {
			t.Fatalf("summary %+v\n%s", rep.Chains, reportText(rep))
		}
		if n := countRows(t, d, `SELECT COUNT(*) FROM audit_checkpoints`); n < 2 {
			t.Fatalf("only %d checkpoints", n)
		}
	})
}

// TestRecordTxCommitsWithTheWrite: an entry recorded in a transaction that
// rolls back leaves no trace; one that commits is chained.
func TestRecordTxCommitsWithTheWrite(t *testing.T) {
	eachDB(t, func(t *testing.T, d *db.DB) {
		tl := newTestLog(t, d, nil)
		ctx := context.Background()
		tl.record(t, 2)
		boom := errors.New("boom")
		err := d.Tx(ctx, func(tx *sql.Tx) error {
			if err := tl.RecordTx(ctx, tx, professional(), Event{Action: ActionUpdate, ClientID: 9, Object: "plan", ObjectID: "1", Purpose: PurposeCare}); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		err = d.Tx(ctx, func(tx *sql.Tx) error {
			return tl.RecordTx(ctx, tx, professional(), Event{Action: ActionCreate, ClientID: 9, Object: "plan", ObjectID: "2", Purpose: PurposeCare})
		})
		if err != nil {
			t.Fatal(err)
		}
		tl.record(t, 1)
		if err := tl.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		es := loadChain(t, d, tl.ChainID())
		var got []string
		for _, e := range es {
			got = append(got, fmt.Sprintf("%d:%s:%s", e.Seq, e.Action, e.ObjectID))
		}
		if len(es) != 4 || !strings.Contains(strings.Join(got, " "), ":create:2") || strings.Contains(strings.Join(got, " "), ":update:") {
			t.Fatalf("chain = %v", got)
		}
		if n := countRows(t, d, `SELECT COUNT(*) FROM audit_pending`); n != 0 {
			t.Fatalf("%d entries left staged", n)
		}
		if rep := tl.verify(t); !rep.OK() {
			t.Fatal(reportText(rep))
		}
	})
}

// TestTwoInstancesOneDatabase: two logs on one database keep a chain each and
// both verify.
func TestTwoInstancesOneDatabase(t *testing.T) {
	eachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestLog(t, d, func(c *Config) { c.InstanceID = "a"; c.CheckpointEvery = 7 })
		b := newTestLog(t, d, func(c *Config) { c.InstanceID = "b"; c.CheckpointEvery = 7 })
		var wg sync.WaitGroup
		for _, tl := range []*testLog{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range 30 {
					if err := tl.Record(context.Background(), professional(), readEvent(int64(i), "client")); err != nil {
						t.Error(err)
						return
					}
				}
			}()
		}
		wg.Wait()
		if err := a.Close(); err != nil {
			t.Error(err)
		}
		if err := b.Close(); err != nil {
			t.Error(err)
		}
		ext := append(readCheckpointFile(t, a.cpFile), readCheckpointFile(t, b.cpFile)...)
		rep, err := Verify(context.Background(), d, VerifyOptions{Key: a.pub, External: ext, ExternalGiven: true})
		if err != nil {
			t.Fatal(err)
		}
		if !rep.OK() || len(rep.Chains) != 2 || rep.Chains[0].Entries != 30 || rep.Chains[1].Entries != 30 {
			t.Fatalf("%+v\n%s", rep.Chains, reportText(rep))
		}
		// With only a's file, b's chain cannot be compared: a warning, not a
		// problem.
		rep, err = Verify(context.Background(), d, VerifyOptions{Key: a.pub, External: readCheckpointFile(t, a.cpFile), ExternalGiven: true})
		if err != nil {
			t.Fatal(err)
		}
		if !rep.OK() || !strings.Contains(reportText(rep), "no checkpoint of this chain in the external files") {
			t.Fatalf("with one file:\n%s", reportText(rep))
		}
	})
}

func TestCheckpointSchedule(t *testing.T) {
	eachDB(t, func(t *testing.T, d *db.DB) {
		// No background ticks: the test moves the clock and decides when
		// the writer looks at it.
		tl := newTestLog(t, d, func(c *Config) {
			c.CheckpointEvery, c.CheckpointInterval, c.PendingInterval = 1000, time.Minute, time.Hour
		})
		seqs := func() []int64 {
			rows, err := d.QueryContext(context.Background(), `SELECT seq FROM audit_checkpoints WHERE chain_id = $1 ORDER BY seq`, tl.ChainID())
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var out []int64
			for rows.Next() {
				var s int64
				if err := rows.Scan(&s); err != nil {
					t.Fatal(err)
				}
				out = append(out, s)
			}
			return out
		}
		tl.record(t, 3) // 3 s of clock time: no checkpoint yet
		if got := fmt.Sprint(seqs()); got != "[0]" {
			t.Fatalf("after 3 entries: %s", got)
		}
		tl.clock.Advance(time.Minute)
		tl.record(t, 1) // the interval has passed: checkpoint at 4
		if got := fmt.Sprint(seqs()); got != "[0 4]" {
			t.Fatalf("after the interval: %s", got)
		}
		if err := tl.Checkpoint(context.Background()); err != nil { // nothing new: no checkpoint
			t.Fatal(err)
		}
		tl.record(t, 2)
		if err := tl.Checkpoint(context.Background()); err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprint(seqs()); got != "[0 4 6]" {
			t.Fatalf("after forced checkpoint: %s", got)
		}
		tl.record(t, 1)
		if err := tl.Close(); err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprint(seqs()); got != "[0 4 6 7]" {
			t.Fatalf("after Close: %s", got)
		}
		if err := tl.Record(context.Background(), professional(), readEvent(1, "client")); !errors.Is(err, ErrClosed) {
			t.Fatalf("Record after Close: %v", err)
		}
		ext := readCheckpointFile(t, tl.cpFile)
		if len(ext) != 4 || !ext[3].Final || ext[3].Seq != 7 {
			t.Fatalf("file checkpoints %+v", ext)
		}
	})
}

// TestProcessLogCarriesCheckpoints: the slog JSON lines are a second
// external witness that Verify can read.
func TestProcessLogCarriesCheckpoints(t *testing.T) {
	eachDB(t, func(t *testing.T, d *db.DB) {
		var buf bytes.Buffer
		var mu sync.Mutex
		logger := slog.New(slog.NewJSONHandler(&lockedWriter{w: &buf, mu: &mu}, nil))
		tl := newTestLog(t, d, func(c *Config) { c.CheckpointEvery = 2; c.Logger = logger; c.CheckpointFile = "" })
		tl.record(t, 5)
		if err := tl.Close(); err != nil {
			t.Error(err)
		}
		mu.Lock()
		text := buf.String()
		mu.Unlock()
		cps, err := ParseCheckpoints(strings.NewReader("not json\n"+text), "process.log")
		if err != nil {
			t.Fatal(err)
		}
		if len(cps) != 4 { // genesis, 2, 4, final 5
			t.Fatalf("%d checkpoints in the process log:\n%s", len(cps), text)
		}
		rep, err := Verify(context.Background(), d, VerifyOptions{Key: tl.pub, External: cps, ExternalGiven: true})
		if err != nil || !rep.OK() || len(rep.Warnings) != 0 {
			t.Fatalf("err %v\n%s", err, reportText(rep))
		}
	})
}

type lockedWriter struct {
	w  *bytes.Buffer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func TestConfigFromEnv(t *testing.T) {
	dir := t.TempDir()
	dbURL := "sqlite:" + filepath.Join(dir, "volwaardig.db")
	env := map[string]string{}
	getenv := func(k string) string { return env[k] }
	if _, err := ConfigFromEnv(getenv, dbURL, false, nil); err == nil {
		t.Fatal("no key and no demo: want an error")
	}
	cfg, err := ConfigFromEnv(getenv, dbURL, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	again, err := ConfigFromEnv(getenv, dbURL, true, nil)
	if err != nil || !again.Key.Equal(cfg.Key) {
		t.Fatalf("demo key not persisted: %v", err)
	}
	if cfg.CheckpointFile != filepath.Join(dir, "volwaardig.audit-checkpoints.jsonl") {
		t.Fatalf("checkpoint file %q", cfg.CheckpointFile)
	}
	env[EnvKey] = FormatPrivateKey(testKey("main"))
	env[EnvCheckpointEvery] = "12"
	env[EnvCheckpointInterval] = "5s"
	cfg, err = ConfigFromEnv(getenv, "postgres://x/y", false, nil)
	if err != nil || !cfg.Key.Equal(testKey("main")) || cfg.CheckpointEvery != 12 || cfg.CheckpointInterval != 5*time.Second {
		t.Fatalf("cfg %+v err %v", cfg, err)
	}
	env[EnvCheckpointInterval] = "soon"
	if _, err := ConfigFromEnv(getenv, dbURL, false, nil); err == nil {
		t.Fatal("bad interval accepted")
	}
	env[EnvCheckpointInterval] = "5s"
	for v, want := range map[string]time.Duration{"": 0, "2ms": 2 * time.Millisecond, "0": 0} {
		env[EnvCommitWindow] = v
		cfg, err := ConfigFromEnv(getenv, dbURL, false, nil)
		if err != nil || cfg.CommitWindow != want {
			t.Errorf("commit window %q: %v, %v (want %v; 0 is off)", v, cfg.CommitWindow, err, want)
		}
	}
	for _, v := range []string{"soon", "-1ms", "2s"} {
		env[EnvCommitWindow] = v
		if _, err := ConfigFromEnv(getenv, dbURL, false, nil); err == nil {
			t.Errorf("commit window %q accepted", v)
		}
	}
}

func TestParseKeys(t *testing.T) {
	k := testKey("main")
	pub := k.Public()
	for _, s := range []string{FormatPrivateKey(k), FormatPublicKey(k.Public().(ed25519.PublicKey))} {
		got, err := ParseVerifyKey(s)
		if err != nil || !got.Equal(pub) {
			t.Errorf("ParseVerifyKey(%q) = %v, %v", s, got, err)
		}
	}
	for _, s := range []string{"", "pub:abc", "bm90IGEga2V5", "pub:" + FormatPrivateKey(k) + "AAAA"} {
		if _, err := ParseVerifyKey(s); err == nil {
			t.Errorf("ParseVerifyKey(%q) accepted", s)
		}
	}
}
