package auth

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
)

// Token kinds. API tokens act as their user; device tokens may only deliver
// sensor data.
const (
	TokenAPI    = "api"
	TokenDevice = "device"
)

// tokenPrefix makes tokens recognisable in secret scanners.
const tokenPrefix = "vw_"

// Token is a stored token's metadata; the secret itself is only ever shown
// once, at creation, and stored as a SHA-256 hash.
type Token struct {
	ID         int64
	UserID     int64
	Username   string
	Name       string
	Kind       string
	CreatedAt  time.Time
	ExpiresAt  *time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

// CreateToken makes a token for a user and returns its secret.
func (s *Service) CreateToken(ctx context.Context, userID int64, name, kind string, ttl time.Duration) (int64, string, error) {
	if kind != TokenAPI && kind != TokenDevice {
		return 0, "", errors.New("soort token moet 'api' of 'device' zijn")
	}
	if strings.TrimSpace(name) == "" {
		return 0, "", errors.New("geef het token een naam")
	}
	if _, err := s.UserByID(ctx, userID); err != nil {
		return 0, "", err
	}
	raw, err := randomToken()
	if err != nil {
		return 0, "", err
	}
	secret := tokenPrefix + raw
	now := s.clock.Now()
	var expires any
	if ttl > 0 {
		expires = now.Add(ttl)
	}
	var id int64
	err = s.db.QueryRowContext(ctx, `INSERT INTO api_tokens (user_id, name, kind, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		userID, name, kind, hashToken(secret), now, expires).Scan(&id)
	return id, secret, err
}

// Tokens lists tokens, of one user when userID > 0.
func (s *Service) Tokens(ctx context.Context, userID int64) ([]Token, error) {
	q := `SELECT t.id, t.user_id, u.username, t.name, t.kind, t.created_at, t.expires_at, t.last_used_at, t.revoked_at FROM api_tokens t JOIN users u ON u.id = t.user_id`
	args := []any{}
	if userID > 0 {
		q += ` WHERE t.user_id = $1`
		args = append(args, userID)
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY t.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Token
	for rows.Next() {
		var t Token
		var exp, used, rev sql.NullTime
		if err := rows.Scan(&t.ID, &t.UserID, &t.Username, &t.Name, &t.Kind, &t.CreatedAt, &exp, &used, &rev); err != nil {
			return nil, err
		}
		t.ExpiresAt, t.LastUsedAt, t.RevokedAt = nullTime(exp), nullTime(used), nullTime(rev)
		out = append(out, t)
	}
	return out, rows.Err()
}

func nullTime(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	v := t.Time
	return &v
}

// RevokeToken revokes a token; revoked tokens are kept for the record.
func (s *Service) RevokeToken(ctx context.Context, id int64) error {
	res, err := s.db.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL`, s.clock.Now(), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// TokenPrincipal resolves a bearer token.
func (s *Service) TokenPrincipal(ctx context.Context, secret string) (*Principal, error) {
	if !strings.HasPrefix(secret, tokenPrefix) {
		return nil, ErrNotFound
	}
	now := s.clock.Now()
	var id, userID int64
	var kind string
	var exp, rev, used sql.NullTime
	err := s.db.QueryRowContext(ctx, `SELECT id, user_id, kind, expires_at, revoked_at, last_used_at FROM api_tokens WHERE token_hash = $1`, hashToken(secret)).Scan(&id, &userID, &kind, &exp, &rev, &used)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if rev.Valid || (exp.Valid && !now.Before(exp.Time)) {
		return nil, ErrNotFound
	}
	u, err := s.UserByID(ctx, userID)
	if err != nil {
		return nil, err
	}
	if u.Disabled || (u.Demo && !s.cfg.DemoMode) {
		return nil, ErrNotFound
	}
	// "Last used" is for the administrator's list, to the minute; writing
	// it on every request would put a write on each ingest batch of a
	// device that sends many a second, and on SQLite every write queues
	// behind the one writer.
	if !used.Valid || now.Sub(used.Time) >= time.Minute {
		_, _ = s.db.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $1 WHERE id = $2`, now, id)
	}
	p := principalFor(u)
	p.TokenID = id
	p.Device = kind == TokenDevice
	return p, nil
}
