package auth

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"
)

// Login throttling (OWASP Authentication Cheat Sheet). Three counters:
//   - account+address: 5 failures in 15 minutes lock that pair for 15 minutes;
//   - address: 30 failures in 15 minutes lock the address for 15 minutes;
//   - account: 10 failures in 15 minutes lock the account for 15 minutes,
//     but NOT for browsers holding a device cookie from an earlier
//     successful login of that account. So an attacker elsewhere cannot keep
//     the owner out: the owner's own browser is never locked by the
//     account-wide counter, and every lock expires on its own.
//
// Second-factor codes count on their own account and account+address
// counters with the same limits (and on the address counter shared with
// passwords), and a half-logged-in session ends after
// limitSessionCodes wrong codes.
//
// An attempt is counted BEFORE the secret is checked, in one atomic
// statement per counter, and not checked when it would go over a limit.
// So parallel guesses cannot all slip through between a check and the
// write of its failure (issue 9: 20 parallel wrong passwords did not
// lock); a right answer gives its reserved count back.
const (
	throttleWindow    = 15 * time.Minute
	throttleLock      = 15 * time.Minute
	limitAccountAddr  = 5
	limitAddr         = 30
	limitAccount      = 10
	limitSessionCodes = 5
)

// maxKeyPart bounds what outside input puts into a throttle key, so a
// crafted header or user name cannot fill the table (a 900 KB user name
// was stored, issue 9).
const maxKeyPart = 64

// throttleCounter is one counter an attempt is charged to. binding is
// false for the account counter of a browser with a valid device cookie:
// the attempt still counts, but that counter's lock does not apply.
type throttleCounter struct {
	key     string
	limit   int
	binding bool
}

func clip(s string) string {
	if len(s) > maxKeyPart {
		return s[:maxKeyPart]
	}
	return s
}

func passwordCounters(username, ip string, trusted bool) []throttleCounter {
	u, ip := clip(normalise(username)), clip(ip)
	return []throttleCounter{
		{"pair:" + u + "|" + ip, limitAccountAddr, true},
		{"addr:" + ip, limitAddr, true},
		{"acct:" + u, limitAccount, !trusted},
	}
}

func codeCounters(userID int64, ip string) []throttleCounter {
	id, ip := strconv.FormatInt(userID, 10), clip(ip)
	return []throttleCounter{
		{"code-pair:" + id + "|" + ip, limitAccountAddr, true},
		{"addr:" + ip, limitAddr, true},
		{"code-acct:" + id, limitAccount, true},
	}
}

// throttleLockKey names the advisory lock of the throttle's transactions.
const throttleLockKey = 0x7468726f74746c65 // "throttle"

// attempt is a reservation on the counters, settled by Fail or OK.
type attempt struct {
	s        *Service
	counters []throttleCounter
	counts   []int
	now      time.Time
}

// throttleAttempt charges one attempt to every counter and refuses it with
// a LockedError when a binding counter is locked or over its limit.
func (s *Service) throttleAttempt(ctx context.Context, counters []throttleCounter, now time.Time) (*attempt, error) {
	a := &attempt{s: s, counters: counters, counts: make([]int, len(counters)), now: now}
	var locked *LockedError
	over := false
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		// One attempt's counters at a time: an attempt's three rows are
		// locked one by one, and a row another attempt is still inserting
		// cannot be locked in order (it is invisible until that commits),
		// so two attempts sharing counters deadlocked on PostgreSQL
		// (TestLoginThrottleParallel). The transaction is short.
		if err := s.db.AdvisoryLock(ctx, tx, throttleLockKey); err != nil {
			return err
		}
		// A locked counter refuses without counting, so attempts refused
		// by one lock do not push the other counters on.
		for _, c := range counters {
			if !c.binding {
				continue
			}
			var until sql.NullTime
			err := tx.QueryRowContext(ctx, `SELECT locked_until FROM login_throttle WHERE key = $1`+s.db.ForUpdate(), c.key).Scan(&until)
			if errors.Is(err, sql.ErrNoRows) {
				continue
			}
			if err != nil {
				return err
			}
			if until.Valid && now.Before(until.Time) {
				locked = &LockedError{Until: until.Time}
				return nil
			}
		}
		for i, c := range counters {
			// One statement: a window that ended starts again at 1, else
			// the count goes up by one, and the new count comes back.
			err := tx.QueryRowContext(ctx, `INSERT INTO login_throttle (key, failures, window_start) VALUES ($1, 1, $2)
				ON CONFLICT (key) DO UPDATE SET
					failures = CASE WHEN login_throttle.window_start <= $3 THEN 1 ELSE login_throttle.failures + 1 END,
					window_start = CASE WHEN login_throttle.window_start <= $3 THEN $2 ELSE login_throttle.window_start END
				RETURNING failures`, c.key, now, now.Add(-throttleWindow)).Scan(&a.counts[i])
			if err != nil {
				return err
			}
			if c.binding && a.counts[i] > c.limit {
				over = true
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if locked != nil {
		return nil, locked
	}
	if over {
		// More attempts at once than the limit allows: the ones beyond it
		// are not checked (so parallel guesses gain nothing) and do not
		// count; the failures among those checked set the lock. Honest
		// attempts that merely coincide (an office behind one address)
		// are told to try again in a moment.
		a.release(ctx, false)
		return nil, ErrBusy
	}
	return a, nil
}

// Fail settles a wrong answer: a counter whose failures (with the
// attempts still being checked) reached its limit locks.
func (a *attempt) Fail(ctx context.Context) {
	for _, c := range a.counters {
		if _, err := a.s.db.ExecContext(ctx, `UPDATE login_throttle SET locked_until = $1, failures = 0, window_start = $2 WHERE key = $3 AND failures >= $4`,
			a.now.Add(throttleLock), a.now, c.key, c.limit); err != nil && a.s.logger != nil {
			a.s.logger.ErrorContext(ctx, "login throttle update failed", "err", err)
		}
	}
}

// OK settles a right answer: the pair counter (the first) is cleared, the
// others get their reserved count back.
func (a *attempt) OK(ctx context.Context) {
	a.release(ctx, true)
}

// release gives the reserved counts back; with clearPair the first
// counter is removed altogether.
func (a *attempt) release(ctx context.Context, clearPair bool) {
	for i, c := range a.counters {
		var err error
		if i == 0 && clearPair {
			_, err = a.s.db.ExecContext(ctx, `DELETE FROM login_throttle WHERE key = $1`, c.key)
		} else {
			_, err = a.s.db.ExecContext(ctx, `UPDATE login_throttle SET failures = failures - 1 WHERE key = $1 AND failures > 0`, c.key)
		}
		if err != nil && a.s.logger != nil {
			a.s.logger.ErrorContext(ctx, "login throttle update failed", "err", err)
		}
	}
}

// purgeThrottle removes counters whose window and lock are over: they no
// longer decide anything, and without this the table only grows.
func (s *Service) purgeThrottle(ctx context.Context, now time.Time) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM login_throttle WHERE window_start <= $1 AND (locked_until IS NULL OR locked_until <= $2)`,
		now.Add(-throttleWindow), now)
	return err
}
