package db

import (
	"context"
	"database/sql"
	"sync"
)

// stmtCacheSize bounds the statements kept prepared: the stores hold a few
// hundred distinct read queries; a query built with a variable IN list
// makes a new text per list length, and past the bound such texts are run
// unprepared rather than kept forever.
const stmtCacheSize = 1024

// stmtCache keeps SQLite's read statements prepared. SQLite compiles every
// statement it is given; without a cache each page view parses and plans
// each of its queries again, which the national-demo profile showed as the
// largest single cost in the SQLite library (its parser, yy_reduce, was a
// sixth of the CPU of /mijn/gegevens). A *sql.Stmt prepares itself once per
// pooled connection and is safe for concurrent use. PostgreSQL's driver
// keeps its own per-connection statement cache, so this is for SQLite only.
type stmtCache struct {
	pool *sql.DB
	mu   sync.RWMutex
	m    map[string]*sql.Stmt
	full bool
}

func newStmtCache(pool *sql.DB) *stmtCache {
	return &stmtCache{pool: pool, m: make(map[string]*sql.Stmt)}
}

// get returns the prepared statement for q, preparing it on first use, or
// nil when the cache is full (the caller then runs q unprepared). A prepare
// error is returned as is: the same text run unprepared would fail alike.
func (c *stmtCache) get(ctx context.Context, q string) (*sql.Stmt, error) {
	c.mu.RLock()
	st, ok := c.m[q]
	full := c.full
	c.mu.RUnlock()
	if ok || full {
		return st, nil
	}
	// Prepared outside the lock: preparing waits for a connection.
	st, err := c.pool.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if have, ok := c.m[q]; ok { // another request prepared it meanwhile
		_ = st.Close() // read only: closing a spare statement loses nothing
		return have, nil
	}
	if len(c.m) >= stmtCacheSize {
		c.full = true
		_ = st.Close() // as above
		return nil, nil
	}
	c.m[q] = st
	return st, nil
}

// close closes every kept statement; the pool is closed after it.
func (c *stmtCache) close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	var first error
	for q, st := range c.m {
		if err := st.Close(); err != nil && first == nil {
			first = err
		}
		delete(c.m, q)
	}
	c.full = true // a late reader runs unprepared on the closed pool and gets its error
	return first
}

// query runs q on the read pool, prepared when it can be.
func (c *stmtCache) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	st, err := c.get(ctx, q)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return c.pool.QueryContext(ctx, q, args...)
	}
	return st.QueryContext(ctx, args...)
}

// queryRow is query for one row.
func (c *stmtCache) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	st, err := c.get(ctx, q)
	if err != nil || st == nil {
		// The unprepared run reports the same error through Row.Scan.
		return c.pool.QueryRowContext(ctx, q, args...)
	}
	return st.QueryRowContext(ctx, args...)
}
