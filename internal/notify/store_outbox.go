package notify

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/volwaardig/volwaardig/internal/db"
)

// outbox holds the SQL of the e-mail outbox (DESIGN §6: a package's SQL
// behind a store type, in store*.go files): claiming due e-mails under a
// lease and recording each attempt's outcome.
type outbox struct{ db *db.DB }

// dueMail is a pending e-mail as the claim reads it.
type dueMail struct {
	j      job
	userID int64
}

// due reads and locks up to limit e-mails due at now (skipping those
// another instance holds).
func (o outbox) due(ctx context.Context, tx *sql.Tx, now time.Time, limit int) ([]dueMail, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, user_id, kind, created_at, email_attempts FROM notifications
			WHERE email_status = 'pending' AND email_next_at <= $1
			ORDER BY email_next_at, id LIMIT $2`+o.db.SkipLocked(), now, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var claimed []dueMail
	for rows.Next() {
		var r dueMail
		var kind string
		if err := rows.Scan(&r.j.id, &r.userID, &kind, &r.j.createdAt, &r.j.attempt); err != nil {
			return nil, err
		}
		r.j.kind = Kind(kind)
		r.j.attempt++
		claimed = append(claimed, r)
	}
	return claimed, rows.Err()
}

// recipient reads an account's address, name and whether it is blocked;
// found is false for an account that no longer exists.
func (o outbox) recipient(ctx context.Context, q db.Querier, userID int64) (email, name string, disabled, found bool, err error) {
	err = q.QueryRowContext(ctx, `SELECT email, display_name, disabled FROM users WHERE id = $1`, userID).Scan(&email, &name, &disabled)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", false, false, nil
	}
	return email, name, disabled, err == nil, err
}

// drop marks an e-mail as not to be sent.
func (o outbox) drop(ctx context.Context, q db.Querier, id int64) error {
	_, err := q.ExecContext(ctx, `UPDATE notifications SET email_status = 'none', email_next_at = NULL WHERE id = $1`, id)
	return err
}

// lease counts an attempt and moves the e-mail past the lease.
func (o outbox) lease(ctx context.Context, q db.Querier, id int64, attempt int, until time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE notifications SET email_attempts = $2, email_next_at = $3 WHERE id = $1`, id, attempt, until)
	return err
}

// sent, failed and retry record an attempt's outcome, only for the
// attempt that is still current (and, for a failure, still pending).
func (o outbox) sent(ctx context.Context, j job) error {
	_, err := o.db.ExecContext(ctx, `UPDATE notifications SET email_status = 'sent', email_next_at = NULL WHERE id = $1 AND email_attempts = $2`, j.id, j.attempt)
	return err
}

func (o outbox) failed(ctx context.Context, j job) error {
	_, err := o.db.ExecContext(ctx, `UPDATE notifications SET email_status = 'failed', email_next_at = NULL WHERE id = $1 AND email_attempts = $2 AND email_status = 'pending'`, j.id, j.attempt)
	return err
}

func (o outbox) retry(ctx context.Context, j job, next time.Time) error {
	_, err := o.db.ExecContext(ctx, `UPDATE notifications SET email_next_at = $3 WHERE id = $1 AND email_attempts = $2 AND email_status = 'pending'`, j.id, j.attempt, next)
	return err
}
