package audit

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"encoding/base64"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/db"
)

// Problem is one finding of Verify: where (chain, sequence, row id when
// known) and what is wrong.
type Problem struct {
	ChainID string
	Seq     int64
	EntryID int64 // 0 when the entry is missing or the finding is not about a row
	What    string
}

func (p Problem) String() string {
	id := ""
	if p.EntryID != 0 {
		id = fmt.Sprintf(" (id %d)", p.EntryID)
	}
	return fmt.Sprintf("chain %s seq %d%s: %s", p.ChainID, p.Seq, id, p.What)
}

// ChainSummary tells what Verify saw of one chain.
type ChainSummary struct {
	ChainID     string
	Entries     int64
	LastSeq     int64
	Checkpoints int   // valid checkpoints in the database
	External    int   // valid checkpoints in the external files
	Covered     int64 // highest sequence vouched for by a valid checkpoint
	Final       bool  // the chain was closed with a final checkpoint
	// Unsigned is the chain's unsigned tail: the entries after the last
	// valid signed checkpoint. Someone who can write the database (and
	// drops the append-only triggers) can remove them without Verify
	// noticing; the checkpoint interval bounds it.
	Unsigned int64
	// OldestUnsigned is when the first entry of the unsigned tail was
	// written (zero without a tail), LastSigned when the last valid
	// checkpoint was signed (zero without one).
	OldestUnsigned, LastSigned time.Time
}

// Report is the outcome of Verify. Problems mean the log was altered (or a
// witness damaged); Warnings are facts that limit what could be checked.
type Report struct {
	Chains   []ChainSummary
	Problems []Problem
	Warnings []Problem
	Pending  int64 // RecordTx entries still staged, not yet chained
}

// OK reports whether no problem was found.
func (r *Report) OK() bool { return len(r.Problems) == 0 }

// VerifyOptions says what to verify against.
type VerifyOptions struct {
	// Key verifies the checkpoint signatures. Required.
	Key ed25519.PublicKey
	// OldKeys are earlier keys, still accepted for the chains they signed
	// (after a key rotation); each checkpoint names its key by KeyID.
	OldKeys []ed25519.PublicKey
	// External holds the checkpoints read from outside the database (the
	// checkpoint files, process logs); ExternalGiven says whether any such
	// source was read, even if it held none.
	External      []FileCheckpoint
	ExternalGiven bool
}

// maxProblemsPerChain keeps the report readable when a whole chain is
// rewritten; the first problems are the ones that matter.
const maxProblemsPerChain = 20

type chainCheck struct {
	id          string
	known       bool
	dbCP        map[int64]*Checkpoint
	dbBad       map[int64]bool // database checkpoints that failed their check
	extCP       map[int64]*FileCheckpoint
	entries     int64
	lastSeq     int64
	lastID      int64
	problems    int
	suppressed  int
	dbCPCount   int
	extCPCount  int
	finalSeq    int64
	maxSigned   int64
	maxSignedAt string
	signedTime  time.Time // when the checkpoint at maxSigned was made
	oldestTail  time.Time // the first entry after maxSigned
}

type verifier struct {
	opt    VerifyOptions
	keyID  string
	keys   map[string]ed25519.PublicKey // by KeyID
	chains map[string]*chainCheck
	rep    *Report
}

func (v *verifier) chain(id string) *chainCheck {
	c := v.chains[id]
	if c == nil {
		c = &chainCheck{id: id, dbCP: map[int64]*Checkpoint{}, extCP: map[int64]*FileCheckpoint{}, dbBad: map[int64]bool{}, finalSeq: -1, maxSigned: -1}
		v.chains[id] = c
	}
	return c
}

func (v *verifier) problem(c *chainCheck, seq, id int64, format string, args ...any) {
	if c.problems >= maxProblemsPerChain {
		c.suppressed++
		return
	}
	c.problems++
	v.rep.Problems = append(v.rep.Problems, Problem{ChainID: c.id, Seq: seq, EntryID: id, What: fmt.Sprintf(format, args...)})
}

func (v *verifier) warn(c *chainCheck, seq int64, format string, args ...any) {
	v.rep.Warnings = append(v.rep.Warnings, Problem{ChainID: c.id, Seq: seq, What: fmt.Sprintf(format, args...)})
}

// checkSig verifies a checkpoint's key and signature and says what is wrong
// ("" when it is sound).
func (v *verifier) checkSig(cp *Checkpoint) string {
	pub, ok := v.keys[cp.KeyID]
	if !ok {
		return fmt.Sprintf("signed by another key (key id %q, expected %s): forged checkpoint or wrong --audit-key", cp.KeyID, v.keyID)
	}
	if !cp.verify(pub) {
		return "signature does not verify: forged or altered checkpoint"
	}
	if cp.Count != cp.Seq {
		return fmt.Sprintf("count %d differs from sequence %d", cp.Count, cp.Seq)
	}
	if cp.Seq == 0 && cp.Hash != genesisHash(cp.ChainID) {
		return "genesis checkpoint does not carry the chain's genesis hash"
	}
	return ""
}

func (c *chainCheck) sign(seq int64, where string, final bool, at time.Time) {
	if seq > c.maxSigned {
		c.maxSigned, c.maxSignedAt, c.signedTime = seq, where, at
	}
	if final && seq > c.finalSeq {
		c.finalSeq = seq
	}
}

// Verify checks every audit chain in the database: sequence continuity,
// hash links, the content hash of each entry, checkpoint signatures,
// agreement of database and external checkpoints, and that no chain is
// shorter than a signed checkpoint says. It returns an error only when the
// database cannot be read; findings are in the report.
func Verify(ctx context.Context, d *db.DB, opt VerifyOptions) (*Report, error) {
	if len(opt.Key) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("verify: no audit key")
	}
	v := &verifier{opt: opt, keyID: KeyID(opt.Key), keys: map[string]ed25519.PublicKey{KeyID(opt.Key): opt.Key},
		chains: map[string]*chainCheck{}, rep: &Report{}}
	for _, k := range opt.OldKeys {
		if len(k) == ed25519.PublicKeySize {
			v.keys[KeyID(k)] = k
		}
	}

	// Chains the database knows.
	if err := eachRow(ctx, d, `SELECT chain_id FROM audit_chains`, func(rows *sql.Rows) error {
		var id string
		if err := rows.Scan(&id); err != nil {
			return err
		}
		v.chain(id).known = true
		return nil
	}); err != nil {
		return nil, err
	}

	// Checkpoints in the database.
	if err := eachRow(ctx, d, `SELECT id, chain_id, seq, entry_count, last_hash, created_at, final, key_id, signature FROM audit_checkpoints ORDER BY chain_id, seq`, func(rows *sql.Rows) error {
		var id int64
		var sig string
		cp := &Checkpoint{}
		if err := rows.Scan(&id, &cp.ChainID, &cp.Seq, &cp.Count, &cp.Hash, &cp.At, &cp.Final, &cp.KeyID, &sig); err != nil {
			return err
		}
		cp.At = cp.At.UTC()
		c := v.chain(cp.ChainID)
		b, err := base64.StdEncoding.DecodeString(sig)
		if err != nil {
			v.problem(c, cp.Seq, 0, "checkpoint (row %d) in the database: signature is not base64: forged or altered checkpoint", id)
			c.dbBad[cp.Seq] = true
			return nil
		}
		cp.Signature = b
		if what := v.checkSig(cp); what != "" {
			v.problem(c, cp.Seq, 0, "checkpoint (row %d) in the database: %s", id, what)
			c.dbBad[cp.Seq] = true
			return nil
		}
		c.dbCP[cp.Seq] = cp
		c.dbCPCount++
		c.sign(cp.Seq, "the database", cp.Final, cp.At)
		return nil
	}); err != nil {
		return nil, err
	}

	// Checkpoints outside the database.
	for i := range opt.External {
		fc := &opt.External[i]
		c := v.chain(fc.ChainID)
		if what := v.checkSig(&fc.Checkpoint); what != "" {
			v.problem(c, fc.Seq, 0, "checkpoint in %s line %d: %s", fc.Source, fc.Line, what)
			continue
		}
		if prev, dup := c.extCP[fc.Seq]; dup {
			if prev.Hash != fc.Hash {
				v.problem(c, fc.Seq, 0, "checkpoints in %s line %d and %s line %d disagree", prev.Source, prev.Line, fc.Source, fc.Line)
			}
			continue
		}
		c.extCP[fc.Seq] = fc
		c.extCPCount++
		c.sign(fc.Seq, fmt.Sprintf("%s line %d", fc.Source, fc.Line), fc.Final, fc.At)
	}

	// Database and external checkpoints must agree.
	for _, c := range v.sortedChains() {
		v.compareCheckpoints(c)
	}

	// Walk the entries.
	var cur *chainCheck
	var prevHash string
	gap := false
	err := eachEntry(ctx, d, "", nil, func(e *Entry) error {
		if cur == nil || cur.id != e.ChainID {
			cur = v.chain(e.ChainID)
			prevHash = genesisHash(e.ChainID)
			gap = false
		}
		v.checkEntry(cur, e, &prevHash, &gap)
		return nil
	})
	if err != nil {
		return nil, err
	}

	for _, c := range v.sortedChains() {
		v.finishChain(c)
	}

	if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_pending`).Scan(&v.rep.Pending); err != nil {
		return nil, fmt.Errorf("read audit_pending: %w", err)
	}

	sort.SliceStable(v.rep.Problems, func(i, j int) bool {
		a, b := v.rep.Problems[i], v.rep.Problems[j]
		if a.ChainID != b.ChainID {
			return a.ChainID < b.ChainID
		}
		return a.Seq < b.Seq
	})
	return v.rep, nil
}

func (v *verifier) sortedChains() []*chainCheck {
	out := make([]*chainCheck, 0, len(v.chains))
	for _, c := range v.chains {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}

func (v *verifier) compareCheckpoints(c *chainCheck) {
	if !v.opt.ExternalGiven {
		return
	}
	var extMax int64 = -1
	for seq, fc := range c.extCP {
		extMax = max(extMax, seq)
		dc, ok := c.dbCP[seq]
		if !ok && c.dbBad[seq] {
			continue // reported already
		}
		if !ok {
			v.problem(c, seq, 0, "checkpoint of %s line %d is missing from the database (checkpoint deleted)", fc.Source, fc.Line)
			continue
		}
		if dc.Hash != fc.Hash || dc.Count != fc.Count || dc.Final != fc.Final || !dc.At.Equal(fc.At) {
			v.problem(c, seq, 0, "checkpoint in the database differs from %s line %d", fc.Source, fc.Line)
		}
	}
	if len(c.dbCP) > 0 && len(c.extCP) == 0 {
		v.warn(c, 0, "no checkpoint of this chain in the external files given (another instance's file?): database checkpoints could not be compared")
		return
	}
	var late []int64
	for seq := range c.dbCP {
		if _, ok := c.extCP[seq]; ok {
			continue
		}
		if seq < extMax {
			v.problem(c, seq, 0, "checkpoint in the database is missing from the external files although later ones are there")
		} else {
			late = append(late, seq)
		}
	}
	if len(late) > 0 {
		sort.Slice(late, func(i, j int) bool { return late[i] < late[j] })
		v.warn(c, late[0], "%d newest database checkpoint(s) are not in the external files (the process may have stopped before writing them)", len(late))
	}
}

func (v *verifier) checkEntry(c *chainCheck, e *Entry, prevHash *string, gap *bool) {
	c.entries++
	expect := c.lastSeq + 1
	switch {
	case e.Seq < expect:
		v.problem(c, e.Seq, e.ID, "duplicate sequence number (entry inserted)")
		return
	case e.Seq > expect:
		if e.Seq == expect+1 {
			v.problem(c, expect, 0, "entry missing (removed); the next present entry is seq %d (id %d)", e.Seq, e.ID)
		} else {
			v.problem(c, expect, 0, "entries seq %d to %d missing (removed); the next present entry is seq %d (id %d)", expect, e.Seq-1, e.Seq, e.ID)
		}
		*gap = true
	}
	switch {
	case e.ID < c.lastID:
		v.problem(c, e.Seq, e.ID, "entry out of order: it was stored before seq %d (entry moved or reordered)", c.lastSeq)
	case !*gap && e.PrevHash != *prevHash:
		v.problem(c, e.Seq, e.ID, "does not link to the previous entry's hash (entry reordered, inserted or the previous one altered)")
	case int64(len(e.Subjects)) != e.subjectCount:
		v.problem(c, e.Seq, e.ID, "list entry has %d of its %d people (a person removed or added)", len(e.Subjects), e.subjectCount)
	case entryHash(e) != e.Hash:
		v.problem(c, e.Seq, e.ID, "content does not match the entry's hash (a field was changed)")
	}
	*gap = false
	for _, cp := range []*Checkpoint{c.dbCP[e.Seq], extCheckpoint(c.extCP[e.Seq])} {
		if cp != nil && cp.Hash != e.Hash {
			v.problem(c, e.Seq, e.ID, "hash differs from the signed checkpoint at this sequence (chain rewritten)")
			break
		}
	}
	if e.Seq > c.maxSigned && c.oldestTail.IsZero() {
		c.oldestTail = e.Time
	}
	*prevHash = e.Hash
	c.lastSeq = e.Seq
	c.lastID = max(c.lastID, e.ID)
}

func extCheckpoint(fc *FileCheckpoint) *Checkpoint {
	if fc == nil {
		return nil
	}
	return &fc.Checkpoint
}

func (v *verifier) finishChain(c *chainCheck) {
	if c.entries > 0 && c.maxSigned < 0 {
		v.problem(c, 1, 0, "the chain has no valid signed checkpoint, not even its genesis: its entries cannot be authenticated")
	}
	if c.maxSigned > c.lastSeq {
		if c.lastSeq+1 == c.maxSigned {
			v.problem(c, c.lastSeq+1, 0, "entry missing at the end of the chain (truncated): the chain ends at seq %d but a signed checkpoint in %s covers %d entries", c.lastSeq, c.maxSignedAt, c.maxSigned)
		} else {
			v.problem(c, c.lastSeq+1, 0, "entries seq %d to %d missing at the end of the chain (truncated): the chain ends at seq %d but a signed checkpoint in %s covers %d entries", c.lastSeq+1, c.maxSigned, c.lastSeq, c.maxSignedAt, c.maxSigned)
		}
	}
	if c.finalSeq >= 0 && c.lastSeq > c.finalSeq {
		v.problem(c, c.finalSeq+1, 0, "entries after the chain's final checkpoint at seq %d (entries appended after the instance stopped)", c.finalSeq)
	}
	if c.lastSeq > c.maxSigned && c.maxSigned >= 0 {
		v.warn(c, c.maxSigned+1, "entries seq %d to %d are not yet covered by a signed checkpoint", c.maxSigned+1, c.lastSeq)
	}
	if c.suppressed > 0 {
		v.rep.Problems = append(v.rep.Problems, Problem{ChainID: c.id, Seq: c.lastSeq + 1, What: fmt.Sprintf("and %d more problems in this chain", c.suppressed)})
	}
	v.rep.Chains = append(v.rep.Chains, ChainSummary{
		ChainID: c.id, Entries: c.entries, LastSeq: c.lastSeq, Checkpoints: c.dbCPCount, External: c.extCPCount,
		Covered: max(c.maxSigned, 0), Final: c.finalSeq >= 0 && c.finalSeq == c.lastSeq,
		Unsigned: max(c.lastSeq-max(c.maxSigned, 0), 0), OldestUnsigned: c.oldestTail, LastSigned: c.signedTime,
	})
}

func eachRow(ctx context.Context, d *db.DB, q string, fn func(*sql.Rows) error) error {
	rows, err := d.QueryContext(ctx, q)
	if err != nil {
		return fmt.Errorf("read audit log: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return fmt.Errorf("read audit log: %w", err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read audit log: %w", err)
	}
	return nil
}

// eachEntry streams the chained entries (those matching where, if given) in
// chain order, each with the people of a list entry, which come from
// audit_subjects in the same query.
func eachEntry(ctx context.Context, d *db.DB, where string, args []any, fn func(*Entry) error) error {
	cols := "e." + strings.ReplaceAll(entryColumns, ", ", ", e.")
	q := `SELECT e.id, ` + cols + `, s.position, s.client_id, s.object_id
		FROM audit_entries e LEFT JOIN audit_subjects s ON s.entry_id = e.id`
	if where != "" {
		q += ` WHERE ` + where
	}
	q += ` ORDER BY e.chain_id, e.seq, e.id, s.position`
	rows, err := d.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("read audit log: %w", err)
	}
	defer rows.Close()
	var cur *Entry
	for rows.Next() {
		e := &Entry{}
		var pos, client sql.NullInt64
		var object sql.NullString
		if err := rows.Scan(append(entryTargets(e), &pos, &client, &object)...); err != nil {
			return fmt.Errorf("read audit log: %w", err)
		}
		if cur != nil && cur.ID == e.ID {
			cur.Subjects = append(cur.Subjects, Subject{ClientID: client.Int64, ObjectID: object.String})
			continue
		}
		if cur != nil {
			if err := fn(cur); err != nil {
				return err
			}
		}
		e.Time = e.Time.UTC()
		if pos.Valid {
			e.Subjects = []Subject{{ClientID: client.Int64, ObjectID: object.String}}
		}
		cur = e
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read audit log: %w", err)
	}
	if cur != nil {
		return fn(cur)
	}
	return nil
}
