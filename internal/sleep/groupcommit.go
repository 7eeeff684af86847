package sleep

import (
	"context"
	"database/sql"
	"time"
)

// Group commit: a live stream answers a batch only once it is committed,
// and a commit costs a disk flush (PostgreSQL) or the single writer
// (SQLite). Batches that arrive while a commit is running are therefore
// committed together in the next transaction, each still answered only
// after that commit. Whoever finds no commit running leads; when it has
// committed its group it hands the lead to the first batch that queued
// meanwhile, so no request waits on others forever.

// commitReq is one batch (or file) waiting for its commit.
type commitReq struct {
	sn        Sensor
	key, hash string
	pieces    []piece
	enc       [][]byte
	total     int
	now       time.Time
	res       *Result
	done      chan commitResult
}

type commitResult struct {
	err  error
	lead bool // the receiver now leads the next group
}

// maxGroup bounds one group transaction.
const maxGroup = 256

func (s *Service) commit(ctx context.Context, r *commitReq) error {
	s.gcMu.Lock()
	s.gcPending = append(s.gcPending, r)
	lead := !s.gcBusy
	s.gcBusy = true
	s.gcMu.Unlock()
	if !lead {
		res := <-r.done
		if !res.lead {
			return res.err
		}
	}
	// Lead: commit what is queued (this request's batch is among it,
	// since it is only answered by a commit), then hand over.
	s.gcMu.Lock()
	n := min(len(s.gcPending), maxGroup)
	group := s.gcPending[:n:n]
	s.gcPending = append([]*commitReq(nil), s.gcPending[n:]...)
	s.gcMu.Unlock()
	s.commitGroup(context.WithoutCancel(ctx), group)
	var mine error
	for _, g := range group {
		if g == r {
			mine = (<-g.done).err
			continue
		}
	}
	s.gcMu.Lock()
	if len(s.gcPending) > 0 {
		next := s.gcPending[0]
		s.gcMu.Unlock()
		next.done <- commitResult{lead: true}
	} else {
		s.gcBusy = false
		s.gcMu.Unlock()
	}
	return mine
}

// commitGroup writes a group in one transaction; when that fails as a
// whole it retries each batch alone so one bad batch fails only itself.
// Every request in the group gets its result on done.
func (s *Service) commitGroup(ctx context.Context, group []*commitReq) {
	results := make([]error, len(group))
	dups := make([]bool, len(group))
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		for i, r := range group {
			dup, ierr := s.writeBatch(ctx, tx, r)
			if ierr == errBatchConflict {
				results[i] = ierr
				continue
			}
			if ierr != nil {
				return ierr
			}
			dups[i] = dup
		}
		return nil
	})
	if err != nil && len(group) > 1 {
		for i, r := range group {
			results[i] = s.db.Tx(ctx, func(tx *sql.Tx) error {
				dup, err := s.writeBatch(ctx, tx, r)
				dups[i] = dup
				return err
			})
		}
	} else if err != nil {
		results[0] = err
	}
	for i, r := range group {
		if results[i] == nil {
			if dups[i] {
				r.res.Duplicate = true
			} else {
				r.res.Samples += r.total
			}
		}
		r.done <- commitResult{err: results[i]}
	}
}

// writeBatch inserts one batch's key and raw chunks; a key stored before
// with the same content is a duplicate, with other content a conflict.
func (s *Service) writeBatch(ctx context.Context, tx *sql.Tx, r *commitReq) (dup bool, err error) {
	if len(r.pieces) == 0 {
		return false, nil
	}
	ins, err := s.store.insertBatch(ctx, tx, r.sn.ID, r.key, r.hash, r.pieces[0].clientID, r.total, r.now)
	if err != nil {
		return false, err
	}
	if n, _ := ins.RowsAffected(); n == 0 {
		old, err := s.store.batchHash(ctx, tx, r.sn.ID, r.key)
		if err != nil {
			return false, err
		}
		if old != r.hash {
			return false, errBatchConflict
		}
		return true, nil
	}
	for i, p := range r.pieces {
		if err := s.store.insertChunk(ctx, tx, r.sn.ID, p.clientID, p.hour, p.blk.Start.UnixMicro(), p.n(), int64(p.blk.RateMHz), r.enc[i], r.now); err != nil {
			return false, err
		}
	}
	return false, nil
}
