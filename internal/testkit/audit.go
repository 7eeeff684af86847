package testkit

import (
	"context"
	"database/sql"
	"errors"
	"sync"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
)

// ErrAuditDown is what Auditor returns while Fail is set.
var ErrAuditDown = errors.New("testkit: audit log unavailable")

// Auditor records audit events in memory, for tests that check what a
// module logs without reading the hash-chained log back. It offers the
// methods the modules' auditor interfaces ask for (Record, RecordTx,
// RecordMany). A test that needs the real chain uses audit.New instead.
type Auditor struct {
	mu     sync.Mutex
	events []audit.Event
	users  []int64
	fail   bool
}

// Record keeps ev and the acting user, or fails while SetFail(true).
func (a *Auditor) Record(_ context.Context, p *auth.Principal, ev audit.Event) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.fail {
		return ErrAuditDown
	}
	var user int64
	if p != nil {
		user = p.UserID
	}
	a.events = append(a.events, ev)
	a.users = append(a.users, user)
	return nil
}

// RecordTx records at call time: the real log writes in tx, but the module
// tests run real transactions, so a rollback test uses SetFail instead.
func (a *Auditor) RecordTx(ctx context.Context, _ *sql.Tx, p *auth.Principal, ev audit.Event) error {
	return a.Record(ctx, p, ev)
}

// RecordMany records every event, stopping at the first failure.
func (a *Auditor) RecordMany(ctx context.Context, p *auth.Principal, evs []audit.Event) error {
	for _, ev := range evs {
		if err := a.Record(ctx, p, ev); err != nil {
			return err
		}
	}
	return nil
}

// SetFail makes every following Record fail (true) or succeed (false), to
// check that a module refuses what it cannot log.
func (a *Auditor) SetFail(fail bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.fail = fail
}

// Events returns a copy of the events recorded so far, in order.
func (a *Auditor) Events() []audit.Event {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]audit.Event(nil), a.events...)
}

// Users returns the acting user of each recorded event, in order.
func (a *Auditor) Users() []int64 {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]int64(nil), a.users...)
}

// Find returns the events for which match holds.
func (a *Auditor) Find(match func(audit.Event) bool) []audit.Event {
	var out []audit.Event
	for _, e := range a.Events() {
		if match(e) {
			out = append(out, e)
		}
	}
	return out
}

// Count returns how many events match.
func (a *Auditor) Count(match func(audit.Event) bool) int { return len(a.Find(match)) }
