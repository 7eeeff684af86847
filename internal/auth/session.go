package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Session stages: a password alone is not a full login for professionals.
const (
	StageOK    = "ok"    // fully logged in
	StageTOTP  = "totp"  // password checked, second factor still due
	StageEnrol = "enrol" // password checked, must first set up a second factor
)

// Login errors. Their texts are Dutch and safe to show: they never say
// whether the user name exists.
var (
	ErrBadCredentials = errors.New("gebruikersnaam of wachtwoord klopt niet")
	ErrDemoRefused    = errors.New("demo-accounts werken alleen als de server met --demo draait")
	ErrBadCode        = errors.New("de code klopt niet of is al gebruikt; gebruik de nieuwste code uit uw app")
)

// LockedError says how long a login is refused after too many failures.
type LockedError struct{ Until time.Time }

func (e *LockedError) Error() string {
	return fmt.Sprintf("te veel mislukte pogingen; probeer het na %s opnieuw", e.Until.Format("15:04"))
}

// LoginResult is a started session: Token goes into the cookie; Stage tells
// whether a second factor is due.
type LoginResult struct {
	Token string
	Stage string
	User  *User
	// DeviceCookie marks this browser as one that logged in successfully,
	// which exempts it from the account-wide throttle (OWASP device
	// cookies); empty while a second factor is still due.
	DeviceCookie string
}

// Login checks a user name and password and starts a session.
func (s *Service) Login(ctx context.Context, username, password, ip, deviceCookie string) (*LoginResult, error) {
	u, err := s.VerifyPassword(ctx, username, password, ip, deviceCookie)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	stage := SecondFactorStage(u)
	tok, err := s.newSession(ctx, u.ID, stage, now)
	if err != nil {
		return nil, err
	}
	// Only a complete login makes a remembered device: someone with the
	// password but not the second factor must not earn an exemption from
	// the account lock. After the second factor, RememberDevice does it.
	device := ""
	if stage == StageOK {
		if device, err = s.RememberDevice(ctx, u.ID, deviceCookie); err != nil {
			return nil, err
		}
	}
	return &LoginResult{Token: tok, Stage: stage, User: u, DeviceCookie: device}, nil
}

// VerifyPassword checks a user name and password under the login throttle
// without starting a session: for a password asked again before a
// sensitive change (a new password, switching off the second factor), which
// must not become a way around the throttle nor leave stray sessions.
func (s *Service) VerifyPassword(ctx context.Context, username, password, ip, deviceCookie string) (*User, error) {
	now := s.clock.Now()
	name := normalise(username)
	// No account has a longer name (validUsername), so such a name is
	// refused before it costs a hash or a row in the throttle table.
	if len(name) > maxUsernameLen {
		return nil, ErrBadCredentials
	}
	trusted := s.DeviceCookieValid(ctx, name, deviceCookie)
	at, err := s.throttleAttempt(ctx, passwordCounters(name, ip, trusted), now)
	if err != nil {
		return nil, err
	}
	var hash string
	var id int64
	var disabled, demo bool
	err = s.db.QueryRowContext(ctx, `SELECT id, password_hash, disabled, demo FROM users WHERE username = $1`, name).Scan(&id, &hash, &disabled, &demo)
	if errors.Is(err, sql.ErrNoRows) {
		hash, err = s.dummyHash, nil
		disabled = true
	}
	if err != nil {
		at.release(ctx, false)
		return nil, err
	}
	ok, err := s.checkPassword(ctx, hash, password)
	if err != nil {
		// Not checked (too busy): the attempt does not count.
		at.release(ctx, false)
		return nil, err
	}
	if !ok || disabled {
		at.Fail(ctx)
		return nil, ErrBadCredentials
	}
	at.OK(ctx)
	if demo && !s.cfg.DemoMode {
		return nil, ErrDemoRefused
	}
	return s.UserByID(ctx, id)
}

// maxUsernameLen and maxPasswordLen bound what a login reads. No password
// the policy admits (128 characters) is longer than 512 bytes, so a longer
// one is wrong without hashing it.
const (
	maxUsernameLen = 64
	maxPasswordLen = 1024
)

// ErrBusy is returned when too many password checks run at once and a
// check waited longer than Config.PasswordCheckWait for its turn.
var ErrBusy = errors.New("het is nu erg druk; probeer het over een paar seconden opnieuw")

// checkPassword compares pw with hash, at most Config.MaxPasswordChecks at
// a time: each argon2id check takes 19 MiB, so unbounded parallel logins
// could take the server's memory (issue 9: 60 at once added ~800 MB).
func (s *Service) checkPassword(ctx context.Context, hash, pw string) (bool, error) {
	if len(pw) > maxPasswordLen {
		return false, nil
	}
	release, err := s.acquireHashSlot(ctx)
	if err != nil {
		return false, err
	}
	defer release()
	return CheckPassword(hash, pw), nil
}

// hashPassword hashes under the same bound as checkPassword.
func (s *Service) hashPassword(ctx context.Context, pw string) (string, error) {
	release, err := s.acquireHashSlot(ctx)
	if err != nil {
		return "", err
	}
	defer release()
	return HashPassword(pw)
}

func (s *Service) acquireHashSlot(ctx context.Context) (func(), error) {
	t := time.NewTimer(s.cfg.PasswordCheckWait)
	defer t.Stop()
	select {
	case s.hashSlots <- struct{}{}:
	case <-t.C:
		return nil, ErrBusy
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	n := s.hashing.Add(1)
	for {
		p := s.hashPeak.Load()
		if n <= p || s.hashPeak.CompareAndSwap(p, n) {
			break
		}
	}
	return func() {
		s.hashing.Add(-1)
		<-s.hashSlots
	}, nil
}

// PasswordChecks reports how many password hashes run now and the most
// that ran at once since the start, for metrics and tests.
func (s *Service) PasswordChecks() (now, peak int64) {
	return s.hashing.Load(), s.hashPeak.Load()
}

// SecondFactorStage is where a login that proved the first factor goes
// next. One rule for every way in (password or OIDC broker), so that a
// professional never reaches health data on a single factor: an enrolled
// account must give its code, a professional without one must enrol first.
// Demo accounts are exempt, as DESIGN §4 promises scripts.
func SecondFactorStage(u *User) string {
	switch {
	case u.Demo:
		return StageOK
	case u.TOTPEnabled:
		return StageTOTP
	case u.Role.Professional():
		return StageEnrol
	}
	return StageOK
}

// StartSession opens a session for an already authenticated user (OIDC),
// skipping the password.
func (s *Service) StartSession(ctx context.Context, userID int64, stage string) (string, error) {
	return s.newSession(ctx, userID, stage, s.clock.Now())
}

func (s *Service) newSession(ctx context.Context, userID int64, stage string, now time.Time) (string, error) {
	tok, err := randomToken()
	if err != nil {
		return "", err
	}
	_, err = s.db.ExecContext(ctx, `INSERT INTO sessions (id_hash, user_id, stage, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $4, $5)`,
		hashToken(tok), userID, stage, now, now.Add(s.cfg.AbsoluteTimeout))
	if err != nil {
		return "", err
	}
	return tok, nil
}

// Session resolves a session token into the principal and the session's
// stage. It enforces the idle and absolute timeouts and refuses sessions of
// disabled accounts and of demo accounts outside demo mode.
func (s *Service) Session(ctx context.Context, token string) (*Principal, string, error) {
	if token == "" {
		return nil, "", ErrNotFound
	}
	now := s.clock.Now()
	h := hashToken(token)
	var userID int64
	var stage string
	var lastSeen, expires time.Time
	err := s.db.QueryRowContext(ctx, `SELECT user_id, stage, last_seen_at, expires_at FROM sessions WHERE id_hash = $1`, h).Scan(&userID, &stage, &lastSeen, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", ErrNotFound
	}
	if err != nil {
		return nil, "", err
	}
	if !now.Before(expires) || now.Sub(lastSeen) >= s.cfg.IdleTimeout {
		_, _ = s.db.ExecContext(ctx, `DELETE FROM sessions WHERE id_hash = $1`, h)
		return nil, "", ErrNotFound
	}
	u, err := s.UserByID(ctx, userID)
	if err != nil {
		return nil, "", err
	}
	if u.Disabled || (u.Demo && !s.cfg.DemoMode) {
		return nil, "", ErrNotFound
	}
	// Writing last_seen on every request would make every page view a
	// write; a minute of slack is far below the 30-minute idle timeout.
	if now.Sub(lastSeen) > time.Minute {
		_, _ = s.db.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2`, now, h)
	}
	p := principalFor(u)
	p.SessionID = h[:16]
	return p, stage, nil
}

// CompleteSession ends a partial session and starts a full one with a new
// token, after the second factor was checked (a new token at every step up
// prevents session fixation).
func (s *Service) CompleteSession(ctx context.Context, oldToken string) (string, error) {
	var userID int64
	h := hashToken(oldToken)
	if err := s.db.QueryRowContext(ctx, `SELECT user_id FROM sessions WHERE id_hash = $1`, h).Scan(&userID); err != nil {
		return "", ErrNotFound
	}
	if _, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE id_hash = $1`, h); err != nil {
		return "", err
	}
	return s.newSession(ctx, userID, StageOK, s.clock.Now())
}

// Logout ends one session.
func (s *Service) Logout(ctx context.Context, token string) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE id_hash = $1`, hashToken(token))
	return err
}

// EndSessions ends every session of a user ("log out everywhere", or an
// administrator ending a user's sessions) and forgets their remembered
// devices. It returns how many sessions ended.
func (s *Service) EndSessions(ctx context.Context, userID int64) (int64, error) {
	var n int64
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID)
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		_, err = tx.ExecContext(ctx, `DELETE FROM device_tokens WHERE user_id = $1`, userID)
		return err
	})
	s.auditAccount(ctx, "account.end_sessions", userID, err)
	return n, err
}

// ActiveSessions counts a user's live sessions.
func (s *Service) ActiveSessions(ctx context.Context, userID int64) (int, error) {
	var n int
	now := s.clock.Now()
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sessions WHERE user_id = $1 AND expires_at > $2 AND last_seen_at > $3`,
		userID, now, now.Add(-s.cfg.IdleTimeout)).Scan(&n)
	return n, err
}

// PurgeExpired deletes expired sessions, throttle counters that decide
// nothing any more and devices unused for a year; RunPurge runs it.
func (s *Service) PurgeExpired(ctx context.Context) error {
	now := s.clock.Now()
	if _, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2`, now, now.Add(-s.cfg.IdleTimeout)); err != nil {
		return err
	}
	if _, err := s.db.ExecContext(ctx, `DELETE FROM device_tokens WHERE last_used_at <= $1`, now.Add(-deviceTTL)); err != nil {
		return err
	}
	return s.purgeThrottle(ctx, now)
}

// RunPurge is the server's background job for PurgeExpired: every ten
// minutes until ctx ends. Several instances may run it; the deletes are
// idempotent.
func (s *Service) RunPurge(ctx context.Context) {
	for {
		err := s.PurgeExpired(ctx)
		if err != nil && ctx.Err() == nil && s.logger != nil {
			s.logger.Error("purging expired sessions and login counters failed", "err", err)
		}
		if s.PurgeDone != nil && ctx.Err() == nil {
			s.PurgeDone(err)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(10 * time.Minute):
		}
	}
}

func normalise(u string) string {
	b := []byte(u)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(trimSpace(b))
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t') {
		b = b[:len(b)-1]
	}
	return b
}
