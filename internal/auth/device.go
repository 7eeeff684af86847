package auth

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
)

// Remembered devices (OWASP device cookies). A browser that logged in
// successfully gets a random token of its own, stored hashed per account;
// it exempts that browser from the account-wide lock, so an attacker
// elsewhere cannot keep the owner out. The token is replaced at every
// login it is used for, ends after a year without use, and the owner sees
// and forgets devices on the account page; a new password and "log out
// everywhere" forget them all. (It used to be one HMAC of the user name,
// the same on every device and never changing, so one leaked copy
// bypassed the lock for good: issue 9.)

// deviceTTL is how long an unused device stays remembered.
const deviceTTL = 365 * 24 * time.Hour

// maxDevices is how many remembered devices an account keeps; the least
// recently used go first.
const maxDevices = 20

const devicePrefix = "vwd_"

// Device is a remembered browser.
type Device struct {
	ID         int64
	CreatedAt  time.Time
	LastUsedAt time.Time
	// Current is the browser the request came from.
	Current bool
}

// deviceUser returns the account a device cookie belongs to, or 0.
func (s *Service) deviceUser(ctx context.Context, cookie string, now time.Time) int64 {
	if !strings.HasPrefix(cookie, devicePrefix) || len(cookie) > 100 {
		return 0
	}
	var id int64
	err := s.db.QueryRowContext(ctx, `SELECT user_id FROM device_tokens WHERE token_hash = $1 AND last_used_at > $2`,
		hashToken(cookie), now.Add(-deviceTTL)).Scan(&id)
	if err != nil {
		return 0
	}
	return id
}

// DeviceCookieValid reports whether a device cookie is a remembered
// device of the account named username.
func (s *Service) DeviceCookieValid(ctx context.Context, username, cookie string) bool {
	id := s.deviceUser(ctx, cookie, s.clock.Now())
	if id == 0 {
		return false
	}
	var name string
	err := s.db.QueryRowContext(ctx, `SELECT username FROM users WHERE id = $1`, id).Scan(&name)
	return err == nil && name == normalise(username)
}

// RememberDevice issues a new device token for userID after a complete
// login, replacing old (the cookie the browser sent, if it was this
// account's).
func (s *Service) RememberDevice(ctx context.Context, userID int64, old string) (string, error) {
	now := s.clock.Now()
	raw, err := randomToken()
	if err != nil {
		return "", err
	}
	tok := devicePrefix + raw
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		created := now
		if old != "" {
			var c time.Time
			err := tx.QueryRowContext(ctx, `DELETE FROM device_tokens WHERE token_hash = $1 AND user_id = $2 RETURNING created_at`, hashToken(old), userID).Scan(&c)
			if err == nil {
				created = c
			} else if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO device_tokens (user_id, token_hash, created_at, last_used_at) VALUES ($1, $2, $3, $4)`,
			userID, hashToken(tok), created, now); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM device_tokens WHERE user_id = $1 AND (last_used_at <= $2 OR id NOT IN
			(SELECT id FROM device_tokens WHERE user_id = $1 ORDER BY last_used_at DESC, id DESC LIMIT $3))`, userID, now.Add(-deviceTTL), maxDevices)
		return err
	})
	return tok, err
}

// Devices lists the remembered devices of an account, most recently used
// first; current is the device cookie of the request.
func (s *Service) Devices(ctx context.Context, userID int64, current string) ([]Device, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, token_hash, created_at, last_used_at FROM device_tokens WHERE user_id = $1 AND last_used_at > $2 ORDER BY last_used_at DESC, id DESC`,
		userID, s.clock.Now().Add(-deviceTTL))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cur := ""
	if current != "" {
		cur = hashToken(current)
	}
	var out []Device
	for rows.Next() {
		var d Device
		var h string
		if err := rows.Scan(&d.ID, &h, &d.CreatedAt, &d.LastUsedAt); err != nil {
			return nil, err
		}
		d.Current = h == cur
		out = append(out, d)
	}
	return out, rows.Err()
}

// ForgetDevice removes one remembered device of an account.
func (s *Service) ForgetDevice(ctx context.Context, userID, deviceID int64) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM device_tokens WHERE id = $1 AND user_id = $2`, deviceID, userID)
	if err == nil {
		if n, _ := res.RowsAffected(); n == 0 {
			err = ErrNotFound
		}
	}
	s.auditAccount(ctx, "account.forget_device", userID, err)
	return err
}
