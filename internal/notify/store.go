package notify

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/web"
)

// ErrNotFound is returned when a notification does not exist or belongs to
// another user; the two are not told apart, so ids reveal nothing.
var ErrNotFound = errors.New("notify: notification not found")

// ErrUnknownUser is returned when a recipient id names no account.
var ErrUnknownUser = errors.New("notify: unknown recipient")

// Item is one stored notification as its recipient sees it.
type Item struct {
	ID    int64  `json:"id"`
	Kind  Kind   `json:"kind"`
	Title string `json:"title"`
	Body  string `json:"body"`
	// TitleEN and BodyEN are the English text when the sender gave one
	// (empty otherwise: older messages and Dutch-only senders).
	TitleEN     string      `json:"title_en,omitempty"`
	BodyEN      string      `json:"body_en,omitempty"`
	Link        string      `json:"link,omitempty"`
	CreatedAt   time.Time   `json:"created_at"`
	ReadAt      *time.Time  `json:"read_at"`
	EmailStatus EmailStatus `json:"email_status"`
}

// Unread reports whether the recipient has not marked it read.
func (it Item) Unread() bool { return it.ReadAt == nil }

// In is the item as a reader in lang reads it: in English ("en") the
// English title and body where the sender wrote them, otherwise the
// Dutch. A message whose sender wrote only Dutch (and every message
// stored before English was kept) stays readable as it was; a body a
// person wrote (a peer's message) has no English and is shown as written.
func (it Item) In(lang string) Item {
	if lang != web.LangEN {
		return it
	}
	if it.TitleEN != "" {
		it.Title = it.TitleEN
	}
	if it.BodyEN != "" {
		it.Body = it.BodyEN
	}
	return it
}

// Notify stores n for each recipient in its own transaction. A recipient who
// already has a notification with n.DedupeKey gets nothing new.
func (s *Service) Notify(ctx context.Context, n Notification) error {
	if err := n.validate(); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error { return s.NotifyTx(ctx, tx, n) })
}

// NotifyTx stores n inside the caller's transaction, so a module's state
// change and the notification about it commit (or roll back) together.
func (s *Service) NotifyTx(ctx context.Context, tx *sql.Tx, n Notification) error {
	if err := n.validate(); err != nil {
		return err
	}
	now := s.now()
	var key any
	if n.DedupeKey != "" {
		key = n.DedupeKey
	}
	seen := make(map[int64]bool, len(n.UserIDs))
	for _, uid := range n.UserIDs {
		if seen[uid] {
			continue
		}
		seen[uid] = true
		var email string
		var disabled bool
		err := tx.QueryRowContext(ctx, `SELECT email, disabled FROM users WHERE id = $1`, uid).Scan(&email, &disabled)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%w: user %d", ErrUnknownUser, uid)
		}
		if err != nil {
			return fmt.Errorf("notify: read recipient %d: %w", uid, err)
		}
		status, next := EmailNone, sql.NullTime{}
		if s.cfg.Enabled() && !n.InAppOnly && email != "" && !disabled {
			status, next = EmailPending, sql.NullTime{Time: now, Valid: true}
		}
		// ON CONFLICT DO NOTHING makes a duplicate a no-op instead of an
		// error, so it neither aborts the caller's PostgreSQL transaction
		// nor fails a job that runs on several instances at once.
		_, err = tx.ExecContext(ctx, `INSERT INTO notifications
			(user_id, kind, title, body, title_en, body_en, link, created_at, email_status, email_attempts, email_next_at, dedupe_key)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10, $11)
			ON CONFLICT (user_id, dedupe_key) DO NOTHING`,
			uid, string(n.Kind), n.Title, n.Body, n.TitleEN, n.BodyEN, n.Link, now, string(status), next, key)
		if err != nil {
			return fmt.Errorf("notify: store notification for user %d: %w", uid, err)
		}
	}
	return nil
}

// NotifyRole notifies every active user with role whose scope holds
// (scopeKind, scopeValue) — for example every crisisregisseur of region
// "ZK-UTR" — in its own transaction. An empty scopeKind reaches every user
// of the role. n.UserIDs are notified as well.
func (s *Service) NotifyRole(ctx context.Context, role auth.Role, scopeKind, scopeValue string, n Notification) error {
	if err := n.validate(); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error { return s.NotifyRoleTx(ctx, tx, role, scopeKind, scopeValue, n) })
}

// NotifyRoleTx is NotifyRole inside the caller's transaction.
func (s *Service) NotifyRoleTx(ctx context.Context, tx *sql.Tx, role auth.Role, scopeKind, scopeValue string, n Notification) error {
	ids, err := RoleRecipients(ctx, tx, role, scopeKind, scopeValue)
	if err != nil {
		return err
	}
	if len(ids) == 0 {
		// Nobody to tell about something that cannot wait is an
		// operational problem worth a warning; role and scope are
		// configuration, not personal data.
		s.logger.WarnContext(ctx, "notification has no recipients", "role", string(role), "scope_kind", scopeKind, "scope_value", scopeValue, "kind", string(n.Kind))
	}
	n.UserIDs = append(append([]int64(nil), n.UserIDs...), ids...)
	return s.NotifyTx(ctx, tx, n)
}

// scopeKinds are the user_scopes kinds auth writes.
var scopeKinds = map[string]bool{"region": true, "organisation": true, "location": true, "team": true}

// RoleRecipients returns the ids of the active users with role whose scope
// holds (scopeKind, scopeValue); with an empty scopeKind, every active user
// of the role.
func RoleRecipients(ctx context.Context, q db.Querier, role auth.Role, scopeKind, scopeValue string) ([]int64, error) {
	if _, err := auth.ParseRole(string(role)); err != nil {
		return nil, fmt.Errorf("notify: %w", err)
	}
	var rows *sql.Rows
	var err error
	switch {
	case scopeKind == "":
		rows, err = q.QueryContext(ctx, `SELECT id FROM users WHERE role = $1 AND NOT disabled ORDER BY id`, string(role))
	case scopeKinds[scopeKind]:
		rows, err = q.QueryContext(ctx, `SELECT u.id FROM users u
			WHERE u.role = $1 AND NOT u.disabled
			AND EXISTS (SELECT 1 FROM user_scopes s WHERE s.user_id = u.id AND s.kind = $2 AND s.value = $3)
			ORDER BY u.id`, string(role), scopeKind, scopeValue)
	default:
		return nil, fmt.Errorf("notify: unknown scope kind %q (region, organisation, location or team)", scopeKind)
	}
	if err != nil {
		return nil, fmt.Errorf("notify: find recipients: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// Unread counts the user's unread notifications, for the header badge.
func (s *Service) Unread(ctx context.Context, userID int64) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL`, userID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("notify: count unread: %w", err)
	}
	return n, nil
}

// ListOptions pages through a user's notifications.
type ListOptions struct {
	// Before returns only notifications older than the one with this id
	// (0: from the newest).
	Before int64
	// Limit caps the number returned (default 50, at most 200).
	Limit int
	// UnreadOnly leaves out read notifications.
	UnreadOnly bool
}

// List returns the user's notifications, newest first.
func (s *Service) List(ctx context.Context, userID int64, o ListOptions) ([]Item, error) {
	if o.Limit <= 0 {
		o.Limit = 50
	}
	if o.Limit > 200 {
		o.Limit = 200
	}
	q := `SELECT id, kind, title, body, title_en, body_en, link, created_at, read_at, email_status FROM notifications WHERE user_id = $1`
	args := []any{userID}
	if o.Before > 0 {
		// Order by (created_at, id) so the cursor is stable even when
		// several notifications share a timestamp.
		q += ` AND (created_at, id) < (SELECT created_at, id FROM notifications WHERE id = $2 AND user_id = $1)`
		args = append(args, o.Before)
	}
	if o.UnreadOnly {
		q += ` AND read_at IS NULL`
	}
	q += fmt.Sprintf(` ORDER BY created_at DESC, id DESC LIMIT %d`, o.Limit)
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("notify: list: %w", err)
	}
	defer rows.Close()
	var out []Item
	for rows.Next() {
		var it Item
		var kind, status string
		var read sql.NullTime
		if err := rows.Scan(&it.ID, &kind, &it.Title, &it.Body, &it.TitleEN, &it.BodyEN, &it.Link, &it.CreatedAt, &read, &status); err != nil {
			return nil, fmt.Errorf("notify: list: %w", err)
		}
		it.Kind, it.EmailStatus = Kind(kind), EmailStatus(status)
		it.CreatedAt = it.CreatedAt.UTC()
		if read.Valid {
			t := read.Time.UTC()
			it.ReadAt = &t
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// Get returns one of the user's notifications; another user's id is
// ErrNotFound.
func (s *Service) Get(ctx context.Context, userID, id int64) (Item, error) {
	var it Item
	var kind, status string
	var read sql.NullTime
	err := s.db.QueryRowContext(ctx, `SELECT id, kind, title, body, title_en, body_en, link, created_at, read_at, email_status
		FROM notifications WHERE id = $1 AND user_id = $2`, id, userID).
		Scan(&it.ID, &kind, &it.Title, &it.Body, &it.TitleEN, &it.BodyEN, &it.Link, &it.CreatedAt, &read, &status)
	if errors.Is(err, sql.ErrNoRows) {
		return Item{}, ErrNotFound
	}
	if err != nil {
		return Item{}, fmt.Errorf("notify: get: %w", err)
	}
	it.Kind, it.EmailStatus = Kind(kind), EmailStatus(status)
	it.CreatedAt = it.CreatedAt.UTC()
	if read.Valid {
		t := read.Time.UTC()
		it.ReadAt = &t
	}
	return it, nil
}

// MarkRead marks one of the user's notifications read. Marking it again
// keeps the first time. An e-mail still waiting is cancelled: the user has
// seen the message, so the e-mail would only be noise.
func (s *Service) MarkRead(ctx context.Context, userID, id int64) error {
	res, err := s.db.ExecContext(ctx, `UPDATE notifications SET
			read_at = COALESCE(read_at, $3),
			email_status = CASE WHEN email_status = 'pending' THEN 'none' ELSE email_status END
		WHERE id = $1 AND user_id = $2`, id, userID, s.now())
	if err != nil {
		return fmt.Errorf("notify: mark read: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("notify: mark read: %w", err)
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}

// MarkAllRead marks every unread notification of the user read and returns
// how many it marked.
func (s *Service) MarkAllRead(ctx context.Context, userID int64) (int64, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE notifications SET
			read_at = $2,
			email_status = CASE WHEN email_status = 'pending' THEN 'none' ELSE email_status END
		WHERE user_id = $1 AND read_at IS NULL`, userID, s.now())
	if err != nil {
		return 0, fmt.Errorf("notify: mark all read: %w", err)
	}
	return res.RowsAffected()
}

// Purge deletes read notifications older than cutoff, so the table does not
// grow without end; unread ones are kept whatever their age.
func (s *Service) Purge(ctx context.Context, cutoff time.Time) (int64, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM notifications WHERE read_at IS NOT NULL AND created_at < $1 AND email_status <> 'pending'`, cutoff.UTC().Truncate(time.Microsecond))
	if err != nil {
		return 0, fmt.Errorf("notify: purge: %w", err)
	}
	return res.RowsAffected()
}

// Outbox counts e-mails waiting to be sent and e-mails given up on, for
// the operator's metrics: a growing backlog means the mail server is
// unreachable or slow.
func (s *Service) Outbox(ctx context.Context) (pending, failed int, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(CASE WHEN email_status = 'pending' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN email_status = 'failed' THEN 1 ELSE 0 END), 0)
		FROM notifications WHERE email_status IN ('pending', 'failed')`).Scan(&pending, &failed)
	return pending, failed, err
}
