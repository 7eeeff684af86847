package audit

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db"
)

// ErrClosed is returned by Record after Close.
var ErrClosed = errors.New("audit log closed")

// Log is the audit log of one process. It owns one hash chain; one
// background goroutine (the writer) assigns sequence numbers, computes the
// hashes and commits entries in batches, so callers never contend on a lock
// around a database write.
type Log struct {
	d     *db.DB
	clock db.Clock
	cfg   Config

	chainID string
	keyID   string

	// closeMu makes Close wait for Records that are handing over their
	// entry, so none is left in the queue after the writer's last drain.
	closeMu sync.RWMutex
	closed  bool

	reqs        chan request
	quit        chan struct{}
	stopped     chan struct{}
	pendingHint atomic.Bool

	// Written only by the writer goroutine (and by New before it starts).
	seq       int64
	head      string
	sinceCP   int
	lastCP    time.Time
	lastCPSeq int64
	lastSweep time.Time
	// lastCommit and busy pace the group commits (Config.CommitWindow):
	// when the last commit ended, and whether it had company.
	lastCommit time.Time
	busy       bool
	file       *os.File
	writerErrs int
	// stmts are the writer's prepared INSERTs (in process only).
	stmts *writeStmts
	// lastFailed is whether the latest write failed. A database outage
	// fails batches for a while; the entries of a failed batch are
	// refused to their callers or stay staged, and the next write takes
	// them, so only a failure at the end is reason to report on Close.
	lastFailed bool

	stats struct{ entries, batches, checkpoints, errors atomic.Int64 }
	// lastSigned is the time of the last signed checkpoint (Unix
	// nanoseconds), for the checkpoint-age metric: the unsigned tail an
	// operator alerts on when signing stalls.
	lastSigned atomic.Int64
}

// QueueLength is the number of entries waiting for the writer; a growing
// queue means the database does not keep up.
func (l *Log) QueueLength() int { return len(l.reqs) }

// LastSigned is the time of the last signed checkpoint this process wrote
// (zero before the first).
func (l *Log) LastSigned() time.Time {
	n := l.lastSigned.Load()
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n)
}

// Stats counts what the writer did since New, for metrics and benchmarks.
type Stats struct {
	Entries     int64 // entries put into the chain
	Batches     int64 // committed group-commit transactions
	Checkpoints int64 // checkpoints written, the genesis included
	Errors      int64 // batches that failed to commit
}

// Stats returns the writer's counters.
func (l *Log) Stats() Stats {
	return Stats{Entries: l.stats.entries.Load(), Batches: l.stats.batches.Load(),
		Checkpoints: l.stats.checkpoints.Load(), Errors: l.stats.errors.Load()}
}

type reqKind int

const (
	reqEntry reqKind = iota
	reqSync
	reqCheckpoint
)

type request struct {
	kind reqKind
	e    *Entry
	done chan error
}

// New starts the audit log of this process: it opens a fresh chain (stored
// with a signed genesis checkpoint in the database, the checkpoint file and
// the process log) and starts the writer. The audit migrations must have
// been applied.
func New(d *db.DB, clock db.Clock, cfg Config) (*Log, error) {
	if err := cfg.defaults(); err != nil {
		return nil, err
	}
	if clock == nil {
		clock = db.SystemClock{}
	}
	if strings.ContainsAny(cfg.InstanceID, "\n\r") || len(cfg.InstanceID) > 100 {
		return nil, errors.New("audit: instance id must be one short line")
	}
	l := &Log{
		d: d, clock: clock, cfg: cfg,
		keyID:   KeyID(cfg.Key.Public().(ed25519.PublicKey)),
		reqs:    make(chan request, 4*cfg.MaxBatch),
		quit:    make(chan struct{}),
		stopped: make(chan struct{}),
	}
	now := truncTime(clock.Now())
	var rnd [4]byte
	if _, err := rand.Read(rnd[:]); err != nil {
		return nil, err
	}
	l.chainID = cfg.InstanceID + "/" + now.Format("20060102T150405.000000Z") + "/" + hex.EncodeToString(rnd[:])
	l.head = genesisHash(l.chainID)
	if cfg.CheckpointFile != "" {
		f, err := os.OpenFile(cfg.CheckpointFile, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
		if err != nil {
			return nil, fmt.Errorf("audit checkpoint file: %w", err)
		}
		l.file = f
	}
	genesis := &Checkpoint{ChainID: l.chainID, Seq: 0, Count: 0, Hash: l.head, At: now}
	genesis.sign(cfg.Key)
	ctx := context.Background()
	err := d.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO audit_chains (chain_id, instance, started_at, key_id) VALUES ($1, $2, $3, $4)`,
			l.chainID, cfg.InstanceID, now, l.keyID); err != nil {
			return err
		}
		return insertCheckpoint(ctx, tx, genesis)
	})
	if err != nil {
		err = fmt.Errorf("audit: start chain: %w", err)
		if l.file != nil {
			err = errors.Join(err, l.file.Close())
		}
		return nil, err
	}
	l.lastCP = now
	l.lastSweep = time.Now()
	l.publishCheckpoint(genesis)
	go l.writer()
	return l, nil
}

// ChainID is the id of this process's chain.
func (l *Log) ChainID() string { return l.chainID }

// PublicKey is the key that verifies this log's checkpoints.
func (l *Log) PublicKey() ed25519.PublicKey { return l.cfg.Key.Public().(ed25519.PublicKey) }

// newEntry fills in everything Record knows before the writer assigns the
// chain position.
func (l *Log) newEntry(ctx context.Context, p *auth.Principal, ev Event) (*Entry, error) {
	if err := ev.validate(); err != nil {
		return nil, err
	}
	e := &Entry{
		EventID:    rand.Text(),
		Time:       truncTime(l.clock.Now()),
		Action:     ev.Action,
		Outcome:    ev.Outcome,
		OnBehalfOf: ev.OnBehalfOf,
		ClientID:   ev.ClientID,
		Object:     ev.Object,
		ObjectID:   ev.ObjectID,
		Purpose:    ev.Purpose,
		Emergency:  ev.Emergency,
		Reason:     ev.Reason,
		Source:     ev.Source,
		UserName:   ev.UserName,
	}
	if e.Source == "" {
		e.Source = cleanText(sourceFrom(ctx))
	}
	if p != nil {
		e.UserID = p.UserID
		e.UserName = p.Username
		e.DisplayName = p.DisplayName
		e.Role = string(p.Role)
		e.Organisation = p.Organisation
		e.SessionID = p.SessionID
		e.TokenID = p.TokenID
	}
	return e, nil
}

// Record logs one event by p (nil for an anonymous request such as a failed
// login) and returns when the entry is committed to the database. Callers
// that show or change personal data should not go on when it fails.
func (l *Log) Record(ctx context.Context, p *auth.Principal, ev Event) error {
	e, err := l.newEntry(ctx, p, ev)
	if err != nil {
		return err
	}
	return l.send(ctx, request{kind: reqEntry, e: e, done: make(chan error, 1)})
}

// RecordMany logs several events by p (a list page showing several clients)
// and returns when all are committed; they share one group commit. Events
// that differ only in the client and object shown become one list entry
// with those people as its subjects: every person is still recorded and
// found on their "wie heeft mijn gegevens bekeken" page, at a fraction of
// the cost of one chained entry each. (On PostgreSQL they were off for a
// while: behind wrk the register pages were slower with them, which turned
// out to be the connection pool closing and reopening connections under
// load, fixed in internal/db; with it fixed, list entries raised
// /complexe-zorg from 236 to 409 requests/s.) Emergency access is never grouped:
// each use of the noodknop stays an entry of its own for its review.
func (l *Log) RecordMany(ctx context.Context, p *auth.Principal, evs []Event) error {
	reqs := make([]request, 0, len(evs))
	lists := map[listKey]*Entry{}
	for _, ev := range evs {
		e, err := l.newEntry(ctx, p, ev)
		if err != nil {
			return err
		}
		if e.Emergency {
			reqs = append(reqs, request{kind: reqEntry, e: e, done: make(chan error, 1)})
			continue
		}
		k := listKeyOf(e)
		// A list entry holds at most maxSubjectsPerStmt people (what one
		// statement writes on PostgreSQL); a longer list, an export of a
		// large register, continues in the next entry.
		if le, ok := lists[k]; ok && len(le.Subjects) < maxSubjectsPerStmt {
			le.Subjects = append(le.Subjects, Subject{ClientID: e.ClientID, ObjectID: e.ObjectID})
			continue
		}
		e.Subjects = []Subject{{ClientID: e.ClientID, ObjectID: e.ObjectID}}
		lists[k] = e
		reqs = append(reqs, request{kind: reqEntry, e: e, done: make(chan error, 1)})
	}
	for _, r := range reqs {
		// A group of one is an ordinary entry, as Record writes it.
		if e := r.e; len(e.Subjects) == 1 {
			e.ClientID, e.ObjectID, e.Subjects = e.Subjects[0].ClientID, e.Subjects[0].ObjectID, nil
		} else if len(e.Subjects) > 1 {
			e.ClientID, e.ObjectID = 0, ""
		}
	}
	l.closeMu.RLock()
	if l.closed {
		l.closeMu.RUnlock()
		return ErrClosed
	}
	for _, r := range reqs {
		select {
		case l.reqs <- r:
		case <-ctx.Done():
			l.closeMu.RUnlock()
			return ctx.Err()
		}
	}
	l.closeMu.RUnlock()
	var first error
	for _, r := range reqs {
		select {
		case err := <-r.done:
			if err != nil && first == nil {
				first = err
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return first
}

// listKey is what the events of one list entry share: everything but the
// client and the object shown.
type listKey struct {
	action     Action
	outcome    Outcome
	onBehalfOf int64
	object     string
	purpose    string
	reason     string
	source     string
	userName   string
}

func listKeyOf(e *Entry) listKey {
	return listKey{e.Action, e.Outcome, e.OnBehalfOf, e.Object, e.Purpose, e.Reason, e.Source, e.UserName}
}

func (l *Log) send(ctx context.Context, r request) error {
	l.closeMu.RLock()
	if l.closed {
		l.closeMu.RUnlock()
		return ErrClosed
	}
	select {
	case l.reqs <- r:
	case <-ctx.Done():
		l.closeMu.RUnlock()
		return ctx.Err()
	}
	l.closeMu.RUnlock()
	select {
	case err := <-r.done:
		return err
	case <-ctx.Done():
		// The entry may still be written; the caller stops waiting.
		return ctx.Err()
	}
}

// RecordTx logs one event inside the caller's write transaction, so that a
// change of personal data and its audit entry commit (or roll back)
// together. The entry is staged in the transaction and put into the chain
// by the writer after the commit.
func (l *Log) RecordTx(ctx context.Context, tx *sql.Tx, p *auth.Principal, ev Event) error {
	e, err := l.newEntry(ctx, p, ev)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, insertPendingSQL, eventValues(e)...); err != nil {
		return fmt.Errorf("audit: stage entry: %w", err)
	}
	l.pendingHint.Store(true)
	return nil
}

// Sync returns when every entry recorded before it, including committed
// RecordTx entries, is in the chain.
func (l *Log) Sync(ctx context.Context) error {
	return l.send(ctx, request{kind: reqSync, done: make(chan error, 1)})
}

// Checkpoint writes a checkpoint now (after a Sync), whatever the schedule.
func (l *Log) Checkpoint(ctx context.Context) error {
	return l.send(ctx, request{kind: reqCheckpoint, done: make(chan error, 1)})
}

// Close flushes every queued and staged entry, writes the final checkpoint
// of the chain and stops the writer. Record fails with ErrClosed afterwards.
func (l *Log) Close() error {
	l.closeMu.Lock()
	if l.closed {
		l.closeMu.Unlock()
		<-l.stopped
		return nil
	}
	l.closed = true
	close(l.quit)
	l.closeMu.Unlock()
	<-l.stopped
	var err error
	if l.file != nil {
		err = l.file.Close()
	}
	if l.lastFailed && err == nil {
		err = fmt.Errorf("audit: the final flush failed to commit (%d failed batches in this run); staged entries stay for the next start", l.writerErrs)
	}
	return err
}

// writer is the only goroutine that touches the chain head.
func (l *Log) writer() {
	defer close(l.stopped)
	defer l.stmts.close()
	tick := time.NewTicker(l.cfg.PendingInterval)
	defer tick.Stop()
	batch := make([]request, 0, l.cfg.MaxBatch)
	for {
		select {
		case r := <-l.reqs:
			batch = append(batch[:0], r)
			// Let the goroutines that are about to record run first, so
			// they join this commit instead of waiting for the next.
			runtime.Gosched()
			batch = l.drain(batch, l.cfg.MaxBatch)
			if l.busy && l.cfg.CommitWindow > 0 {
				batch = l.gather(batch, l.cfg.MaxBatch, l.lastCommit.Add(l.cfg.CommitWindow))
			}
			l.flush(batch, false)
			l.lastCommit = time.Now()
			l.busy = len(batch) > 1 || len(l.reqs) > 0
		case <-tick.C:
			l.flush(nil, false)
		case <-l.quit:
			for {
				batch = l.drain(batch[:0], l.cfg.MaxBatch)
				if len(batch) == 0 {
					break
				}
				l.flush(batch, false)
			}
			l.pendingHint.Store(true)
			l.flush(nil, true)
			return
		}
	}
}

// gather adds requests to batch until it holds max or until is reached:
// the commit window of a busy log (Config.CommitWindow).
func (l *Log) gather(batch []request, max int, until time.Time) []request {
	wait := time.Until(until)
	if wait <= 0 || len(batch) >= max {
		return batch
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	for len(batch) < max {
		select {
		case r := <-l.reqs:
			batch = append(batch, r)
		case <-t.C:
			return batch
		}
	}
	return batch
}

func (l *Log) drain(batch []request, max int) []request {
	for len(batch) < max {
		select {
		case r := <-l.reqs:
			batch = append(batch, r)
		default:
			return batch
		}
	}
	return batch
}

// flush writes one group commit: the queued entries, staged RecordTx entries
// when due, and a checkpoint when due (or forced, or final).
func (l *Log) flush(batch []request, final bool) {
	ctx := context.Background()
	sweep := final || l.pendingHint.Swap(false) || time.Since(l.lastSweep) >= l.cfg.PendingInterval
	forceCP := final
	for _, r := range batch {
		switch r.kind {
		case reqSync:
			sweep = true
		case reqCheckpoint:
			sweep, forceCP = true, true
		}
	}
	if len(batch) == 0 && !final {
		// An idle tick: open no write transaction unless there is
		// something to write (a staged entry or a checkpoint due), so
		// idle instances leave the single SQLite writer alone.
		cpDue := l.sinceCP > 0 && l.clock.Now().Sub(l.lastCP) >= l.cfg.CheckpointInterval
		if sweep && !cpDue {
			var n int
			err := l.d.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM audit_pending LIMIT 1) p`).Scan(&n)
			if err == nil && n == 0 {
				sweep = false
				l.lastSweep = time.Now()
			}
		}
		if !sweep && !cpDue {
			return
		}
	}
	startSeq, startHead := l.seq, l.head
	var cp *Checkpoint
	var written int
	var entries []*Entry
	lists := 0
	for _, r := range batch {
		if r.kind == reqEntry {
			entries = append(entries, r.e)
			if len(r.e.Subjects) > 0 {
				lists++
			}
		}
	}
	// Prepared before the transaction: the writer pool's one connection
	// is the transaction's while it is open.
	ws := l.writeStmts(ctx)
	write := l.d.Tx
	oneStatement := (lists == 0 && len(entries) <= insertPerStmt) ||
		(lists == 1 && len(entries) == 1 && len(entries[0].Subjects) <= maxSubjectsPerStmt)
	if !l.d.InProcess() && !sweep && !forceCP && len(entries) > 0 && oneStatement {
		since := l.sinceCP + len(entries)
		if since < l.cfg.CheckpointEvery && l.clock.Now().Sub(l.lastCP) < l.cfg.CheckpointInterval {
			// One statement is atomic by itself: without a checkpoint or
			// staged entries to write with it, skip BEGIN and COMMIT, two
			// of three round trips.
			write = func(ctx context.Context, fn func(tx *sql.Tx) error) error {
				l.chain(entries)
				var err error
				if lists == 1 {
					err = insertList(ctx, l.d, entries[0])
				} else {
					err = insertMulti(ctx, l.d, entries)
				}
				if err != nil {
					return err
				}
				written = len(entries)
				return nil
			}
		}
	}
	err := write(ctx, func(tx *sql.Tx) error {
		if len(entries) > 0 {
			l.chain(entries)
			if err := insertEntries(ctx, tx, ws, entries); err != nil {
				return err
			}
			written += len(entries)
		}
		if sweep {
			n, err := l.movePending(ctx, tx, ws)
			if err != nil {
				return err
			}
			written += n
		}
		now := truncTime(l.clock.Now())
		since := l.sinceCP + written
		// A checkpoint at the sequence of the previous one would add
		// nothing (and its sequence is taken), so forced and final
		// checkpoints are written only when entries came since.
		due := since >= l.cfg.CheckpointEvery || (since > 0 && now.Sub(l.lastCP) >= l.cfg.CheckpointInterval) ||
			(forceCP && l.seq != l.lastCPSeq)
		if due {
			cp = &Checkpoint{ChainID: l.chainID, Seq: l.seq, Count: l.seq, Hash: l.head, At: now, Final: final}
			cp.sign(l.cfg.Key)
			return insertCheckpoint(ctx, tx, cp)
		}
		cp = nil
		return nil
	})
	if sweep && err == nil {
		l.lastSweep = time.Now()
	}
	l.lastFailed = err != nil
	if err != nil {
		l.seq, l.head = startSeq, startHead
		l.writerErrs++
		l.stats.errors.Add(1)
		l.cfg.Logger.Error("audit: writing batch failed", "chain", l.chainID, "entries", len(batch), "err", err)
	} else {
		l.sinceCP += written
		l.stats.entries.Add(int64(written))
		if written > 0 {
			l.stats.batches.Add(1)
		}
		if cp != nil {
			l.sinceCP = 0
			l.lastCP = cp.At
			l.lastCPSeq = cp.Seq
			l.publishCheckpoint(cp)
		}
	}
	for _, r := range batch {
		r.done <- err
	}
}

// chain assigns sequence numbers and hashes, advancing the head.
func (l *Log) chain(entries []*Entry) {
	for _, e := range entries {
		l.seq++
		e.ChainID = l.chainID
		e.Seq = l.seq
		e.PrevHash = l.head
		e.Hash = entryHash(e)
		l.head = e.Hash
	}
}

// movePending chains staged entries whose transactions have committed. On
// PostgreSQL several instances may sweep at once; SKIP LOCKED gives each
// row to one of them.
func (l *Log) movePending(ctx context.Context, tx *sql.Tx, ws *writeStmts) (int, error) {
	lock := l.d.SkipLocked()
	total := 0
	for {
		rows, err := tx.QueryContext(ctx, `SELECT id, `+eventColumns+` FROM audit_pending ORDER BY id LIMIT $1`+lock, l.cfg.MaxBatch)
		if err != nil {
			return total, fmt.Errorf("read staged audit entries: %w", err)
		}
		var ids []int64
		var entries []*Entry
		for rows.Next() {
			var id int64
			e := &Entry{}
			if err := rows.Scan(append([]any{&id}, eventTargets(e)...)...); err != nil {
				rows.Close()
				return total, err
			}
			e.Time = e.Time.UTC()
			ids = append(ids, id)
			entries = append(entries, e)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return total, err
		}
		if len(entries) == 0 {
			return total, nil
		}
		l.chain(entries)
		if err := insertEntries(ctx, tx, ws, entries); err != nil {
			return total, err
		}
		args := make([]any, len(ids))
		for i, id := range ids {
			args[i] = id
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM audit_pending WHERE id IN (`+placeholders(1, len(ids))+`)`, args...); err != nil {
			return total, err
		}
		total += len(entries)
		if len(entries) < l.cfg.MaxBatch {
			return total, nil
		}
	}
}

// publishCheckpoint writes a committed checkpoint outside the database: one
// JSON line appended (and synced) to the checkpoint file, and one line in the
// process log. Failures are logged: the entries are committed already, and
// verify will report the missing copy.
func (l *Log) publishCheckpoint(cp *Checkpoint) {
	l.stats.checkpoints.Add(1)
	l.lastSigned.Store(cp.At.UnixNano())
	l.cfg.Logger.Info(checkpointMsg, checkpointAttrs(cp)...)
	if l.file == nil {
		return
	}
	line, err := marshalCheckpoint(cp)
	if err == nil {
		_, err = l.file.Write(line)
	}
	if err == nil {
		err = l.file.Sync()
	}
	if err != nil {
		l.cfg.Logger.Error("audit: writing checkpoint file failed", "path", l.cfg.CheckpointFile, "err", err)
	}
}

// Columns of an event (without chain position), in the order of
// eventValues and eventTargets.
const eventColumns = `event_id, occurred_at, action, outcome, user_id, user_name, display_name, role, organisation, on_behalf_of, client_id, object_type, object_id, purpose, emergency, reason, source, session_id, token_id`

const nEventColumns = 19

func eventValues(e *Entry) []any {
	return []any{e.EventID, e.Time, string(e.Action), string(e.Outcome), e.UserID, e.UserName, e.DisplayName, e.Role, e.Organisation,
		e.OnBehalfOf, e.ClientID, e.Object, e.ObjectID, e.Purpose, e.Emergency, e.Reason, e.Source, e.SessionID, e.TokenID}
}

func eventTargets(e *Entry) []any {
	return []any{&e.EventID, &e.Time, &e.Action, &e.Outcome, &e.UserID, &e.UserName, &e.DisplayName, &e.Role, &e.Organisation,
		&e.OnBehalfOf, &e.ClientID, &e.Object, &e.ObjectID, &e.Purpose, &e.Emergency, &e.Reason, &e.Source, &e.SessionID, &e.TokenID}
}

const entryColumns = `chain_id, seq, ` + eventColumns + `, prev_hash, hash, subject_count`

const nEntryColumns = nEventColumns + 5

func entryValues(e *Entry) []any {
	v := append([]any{e.ChainID, e.Seq}, eventValues(e)...)
	return append(v, e.PrevHash, e.Hash, int64(len(e.Subjects)))
}

func entryTargets(e *Entry) []any {
	t := append([]any{&e.ID, &e.ChainID, &e.Seq}, eventTargets(e)...)
	return append(t, &e.PrevHash, &e.Hash, &e.subjectCount)
}

// insertPendingSQL stages one entry; built once, it never changes.
var insertPendingSQL = `INSERT INTO audit_pending (` + eventColumns + `) VALUES (` + placeholders(1, nEventColumns) + `)`

// insertEntrySQL inserts one entry; built once, it never changes.
var insertEntrySQL = `INSERT INTO audit_entries (` + entryColumns + `) VALUES (` + placeholders(1, nEntryColumns) + `)`

func placeholders(from, n int) string {
	b := make([]byte, 0, n*5)
	for i := range n {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, '$')
		b = strconv.AppendInt(b, int64(from+i), 10)
	}
	return string(b)
}

// writeStmts are the INSERTs the writer runs in every batch, prepared once
// on the writer's connection (SQLite), so a batch of 100 entries and their
// people is not parsed again each time.
type writeStmts struct{ entry, subject *sql.Stmt }

// writeStmts prepares the writer's statements in process, once; nil means
// the multi-row path (PostgreSQL, or preparing failed and is tried again
// next batch).
func (l *Log) writeStmts(ctx context.Context) *writeStmts {
	if !l.d.InProcess() {
		return nil
	}
	if l.stmts == nil {
		entry, err := l.d.PrepareWrite(ctx, insertEntrySQL)
		if err != nil {
			return nil
		}
		subject, err := l.d.PrepareWrite(ctx, insertSubjectSQL)
		if err != nil {
			_ = entry.Close()
			return nil
		}
		l.stmts = &writeStmts{entry: entry, subject: subject}
	}
	return l.stmts
}

func (ws *writeStmts) close() {
	if ws != nil {
		_ = ws.entry.Close()
		_ = ws.subject.Close()
	}
}

// insertSubjectSQL writes one person of a list entry.
const insertSubjectSQL = `INSERT INTO audit_subjects (entry_id, position, client_id, occurred_at, object_id) VALUES ($1, $2, $3, $4, $5)`

// insertEntries writes a batch. PostgreSQL gets multi-row INSERTs (one
// round trip per 64 rows); SQLite, in process, the writer's prepared
// statements executed per row, since parsing is its main cost. A list
// entry is written on its own, to learn its row id, and then its subjects.
func insertEntries(ctx context.Context, tx *sql.Tx, ws *writeStmts, entries []*Entry) error {
	if ws != nil {
		entry, subject := tx.StmtContext(ctx, ws.entry), tx.StmtContext(ctx, ws.subject)
		for _, e := range entries {
			res, err := entry.ExecContext(ctx, entryValues(e)...)
			if err != nil {
				return fmt.Errorf("write audit entries: %w", err)
			}
			if len(e.Subjects) == 0 {
				continue
			}
			if e.ID, err = res.LastInsertId(); err != nil {
				return fmt.Errorf("write audit list entry: %w", err)
			}
			for i, s := range e.Subjects {
				if _, err := subject.ExecContext(ctx, e.ID, i, s.ClientID, e.Time, s.ObjectID); err != nil {
					return fmt.Errorf("write audit subjects: %w", err)
				}
			}
		}
		return nil
	}
	// Row ids follow the chain (verification checks it), so runs of plain
	// entries go in multi-row INSERTs between the list entries, in order.
	var plain []*Entry
	writePlain := func() error {
		for start := 0; start < len(plain); start += insertPerStmt {
			if err := insertMulti(ctx, tx, plain[start:min(start+insertPerStmt, len(plain))]); err != nil {
				return err
			}
		}
		plain = plain[:0]
		return nil
	}
	for _, e := range entries {
		if len(e.Subjects) == 0 {
			plain = append(plain, e)
			continue
		}
		if err := writePlain(); err != nil {
			return err
		}
		if err := insertList(ctx, tx, e); err != nil {
			return err
		}
	}
	return writePlain()
}

// maxSubjectsPerStmt bounds the people of a list entry written in one
// statement (3 parameters each; PostgreSQL takes 65,535).
const maxSubjectsPerStmt = 20_000

// insertList writes list entry e and its people in one statement (one
// round trip on PostgreSQL, and atomic without a transaction around it).
func insertList(ctx context.Context, ex interface {
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
}, e *Entry) error {
	if len(e.Subjects) > maxSubjectsPerStmt {
		return fmt.Errorf("write audit list entry: %d people, at most %d in one entry", len(e.Subjects), maxSubjectsPerStmt)
	}
	var q strings.Builder
	q.WriteString(`WITH e AS (INSERT INTO audit_entries (` + entryColumns + `) VALUES (` + placeholders(1, nEntryColumns) + `) RETURNING id, occurred_at)
		INSERT INTO audit_subjects (entry_id, position, client_id, occurred_at, object_id)
		SELECT e.id, v.position, v.client_id, e.occurred_at, v.object_id FROM e, (VALUES `)
	args := append(make([]any, 0, nEntryColumns+3*len(e.Subjects)), entryValues(e)...)
	for i, s := range e.Subjects {
		if i > 0 {
			q.WriteString(", ")
		}
		n := len(args)
		// Typed, since nothing else tells PostgreSQL what a VALUES list
		// holds.
		q.WriteString("($" + strconv.Itoa(n+1) + "::integer, $" + strconv.Itoa(n+2) + "::bigint, $" + strconv.Itoa(n+3) + "::text)")
		args = append(args, i, s.ClientID, s.ObjectID)
	}
	q.WriteString(`) AS v(position, client_id, object_id)`)
	if _, err := ex.ExecContext(ctx, q.String(), args...); err != nil {
		return fmt.Errorf("write audit list entry: %w", err)
	}
	return nil
}

// insertPerStmt bounds the rows of one multi-row INSERT (24 parameters a
// row stay far below both databases' parameter limits).
const insertPerStmt = 64

// insertMulti writes entries with one multi-row INSERT.
func insertMulti(ctx context.Context, ex interface {
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
}, entries []*Entry) error {
	var q strings.Builder
	q.WriteString(`INSERT INTO audit_entries (` + entryColumns + `) VALUES `)
	args := make([]any, 0, len(entries)*nEntryColumns)
	for i, e := range entries {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString("(" + placeholders(len(args)+1, nEntryColumns) + ")")
		args = append(args, entryValues(e)...)
	}
	if _, err := ex.ExecContext(ctx, q.String(), args...); err != nil {
		return fmt.Errorf("write audit entries: %w", err)
	}
	return nil
}

func insertCheckpoint(ctx context.Context, tx *sql.Tx, cp *Checkpoint) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_checkpoints (chain_id, seq, entry_count, last_hash, created_at, final, key_id, signature)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		cp.ChainID, cp.Seq, cp.Count, cp.Hash, cp.At, cp.Final, cp.KeyID, encodeSig(cp.Signature))
	if err != nil {
		return fmt.Errorf("write audit checkpoint: %w", err)
	}
	return nil
}
