package notify

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Run sends the pending e-mails every PollInterval until ctx ends. It is
// safe to run on every instance: on PostgreSQL each round claims its rows
// with SELECT ... FOR UPDATE SKIP LOCKED, and on SQLite the single writer
// serialises the claims. Without SMTP configuration it returns at once, and
// it refuses an invalid configuration.
func (s *Service) Run(ctx context.Context) error {
	if !s.cfg.Enabled() {
		s.logger.Info("notification e-mail off: no SMTP host configured")
		return nil
	}
	if err := s.cfg.Validate(); err != nil {
		return err
	}
	t := time.NewTicker(s.cfg.PollInterval)
	defer t.Stop()
	for {
		_, err := s.SendDue(ctx)
		if err != nil && ctx.Err() == nil {
			s.logger.Error("notification e-mail round failed", "err", err)
		}
		if s.JobDone != nil && ctx.Err() == nil {
			s.JobDone(err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// job is one claimed e-mail. The address is held only in memory while
// sending and never logged.
type job struct {
	id        int64
	kind      Kind
	createdAt time.Time
	attempt   int // the number of this attempt, from 1
	email     string
	name      string
}

// maxBatchesPerRound bounds one round so a large backlog cannot keep one
// instance busy forever; the next tick continues.
const maxBatchesPerRound = 20

// SendDue runs one sending round: it claims the e-mails that are due, sends
// them and records the outcome, batch after batch until none is due. It
// returns how many were sent. Run calls it; tests and the CLI may call it
// directly.
func (s *Service) SendDue(ctx context.Context) (int, error) {
	if !s.cfg.Enabled() {
		return 0, nil
	}
	sent := 0
	for range maxBatchesPerRound {
		jobs, err := s.claim(ctx)
		if err != nil {
			return sent, err
		}
		if len(jobs) == 0 {
			return sent, nil
		}
		for _, j := range jobs {
			if ctx.Err() != nil {
				// The claim's lease runs out and another round retries.
				return sent, ctx.Err()
			}
			err := s.send(ctx, j)
			if rerr := s.record(ctx, j, err); rerr != nil {
				return sent, rerr
			}
			if err == nil {
				sent++
			}
		}
	}
	return sent, nil
}

// lease is how long a claimed e-mail stays invisible to other rounds: long
// enough to send the whole batch, short enough that a crashed instance's
// claims are retried soon.
func (s *Service) lease() time.Duration {
	return time.Duration(s.cfg.Batch)*s.cfg.Timeout + time.Minute
}

// claim takes up to Batch due e-mails in a short transaction: it counts the
// attempt and moves email_next_at past the lease, so no other round (on
// this or another instance) takes them while they are being sent. Sending
// happens after the commit, so a slow SMTP server never holds a database
// lock (on SQLite it would block every writer).
func (s *Service) claim(ctx context.Context) ([]job, error) {
	now := s.now()
	var jobs []job
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		jobs = jobs[:0]
		claimed, err := s.outbox.due(ctx, tx, now, s.cfg.Batch)
		if err != nil {
			return err
		}
		for _, r := range claimed {
			email, name, disabled, found, err := s.outbox.recipient(ctx, tx, r.userID)
			if err != nil {
				return err
			}
			r.j.email, r.j.name = email, name
			if !found || r.j.email == "" || disabled {
				// The address was removed or the account blocked since
				// the notification was made: nothing to send.
				if err := s.outbox.drop(ctx, tx, r.j.id); err != nil {
					return err
				}
				s.logger.Info("notification e-mail dropped: recipient has no address or is blocked", "notification", r.j.id)
				continue
			}
			if err := s.outbox.lease(ctx, tx, r.j.id, r.j.attempt, now.Add(s.lease())); err != nil {
				return err
			}
			jobs = append(jobs, r.j)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("notify: claim e-mails: %w", err)
	}
	return jobs, nil
}

// backoff is the wait after the attempt-th failure: RetryBase doubled per
// earlier failure, capped at RetryMax.
func (s *Service) backoff(attempt int) time.Duration {
	d := s.cfg.RetryBase
	for i := 1; i < attempt && d < s.cfg.RetryMax; i++ {
		d *= 2
	}
	return min(d, s.cfg.RetryMax)
}

// record stores the outcome of one attempt. The updates check the attempt
// number, so a round whose lease ran out cannot overwrite a newer round's
// outcome; a failure also checks that the e-mail is still pending, so one
// cancelled meanwhile (read in the application) stays cancelled.
func (s *Service) record(ctx context.Context, j job, sendErr error) error {
	now := s.now()
	if sendErr == nil {
		if err := s.outbox.sent(ctx, j); err != nil {
			return fmt.Errorf("notify: record sent e-mail %d: %w", j.id, err)
		}
		s.logger.Info("notification e-mail sent", "notification", j.id, "attempt", j.attempt)
		return nil
	}
	if permanent(sendErr) || j.attempt >= s.cfg.MaxAttempts {
		if err := s.outbox.failed(ctx, j); err != nil {
			return fmt.Errorf("notify: record failed e-mail %d: %w", j.id, err)
		}
		s.logger.Warn("notification e-mail failed, giving up", "notification", j.id, "attempt", j.attempt, "reason", describe(sendErr))
		return nil
	}
	next := now.Add(s.backoff(j.attempt))
	if err := s.outbox.retry(ctx, j, next); err != nil {
		return fmt.Errorf("notify: schedule e-mail retry %d: %w", j.id, err)
	}
	s.logger.Warn("notification e-mail failed, will retry", "notification", j.id, "attempt", j.attempt, "retry_at", next, "reason", describe(sendErr))
	return nil
}
