package auth

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// TOTP second factor (RFC 6238: 30-second steps, 6 digits, SHA-1, which is
// what every authenticator app supports). A code is accepted once: the last
// used step is stored, so a code seen over someone's shoulder cannot be
// replayed. Wrong codes are throttled like passwords (throttle.go), and a
// half-logged-in session ends after limitSessionCodes wrong codes.
//
// The secret is stored encrypted with the key ring (AES-GCM, bound to the
// account row), so a database dump does not give away anyone's second
// factor; totp_key names the key, 0 for a plaintext secret from before
// encryption, which RotateTOTP encrypts at start.

// ErrTooManyCodes is returned when a half-logged-in session gave too many
// wrong codes: the session has ended and the login starts again.
var ErrTooManyCodes = errors.New("te veel onjuiste codes; log opnieuw in")

func totpAAD(userID int64) []byte {
	return binary.BigEndian.AppendUint64([]byte("volwaardig/totp/v1/"), uint64(userID))
}

func (s *Service) sealSecret(userID int64, secret string) (string, int64, error) {
	ct, err := s.cfg.Keys.Seal(totpAAD(userID), []byte(secret))
	if err != nil {
		return "", 0, err
	}
	return base64.StdEncoding.EncodeToString(ct), int64(s.cfg.Keys.Current()), nil
}

func (s *Service) openSecret(userID int64, stored string, key int64) (string, error) {
	if key == 0 || stored == "" {
		return stored, nil
	}
	ct, err := base64.StdEncoding.DecodeString(stored)
	if err != nil {
		return "", fmt.Errorf("TOTP secret of account %d: not base64", userID)
	}
	pt, err := s.cfg.Keys.Open(totpAAD(userID), ct)
	if err != nil {
		return "", fmt.Errorf("TOTP secret of account %d: %w", userID, err)
	}
	return string(pt), nil
}

// BeginTOTP creates a new secret for the user (not yet active) and returns
// the otpauth:// URL and the secret for manual entry.
func (s *Service) BeginTOTP(ctx context.Context, userID int64) (url, secret string, err error) {
	u, err := s.UserByID(ctx, userID)
	if err != nil {
		return "", "", err
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: "Volwaardig", AccountName: u.Username})
	if err != nil {
		return "", "", err
	}
	sealed, keyID, err := s.sealSecret(userID, key.Secret())
	if err != nil {
		return "", "", err
	}
	_, err = s.db.ExecContext(ctx, `UPDATE users SET totp_secret = $1, totp_key = $2, totp_enabled = FALSE, totp_last_step = 0 WHERE id = $3`, sealed, keyID, userID)
	return key.URL(), key.Secret(), err
}

// PendingTOTPSecret returns the secret of an enrolment in progress.
func (s *Service) PendingTOTPSecret(ctx context.Context, userID int64) (string, error) {
	var stored string
	var key int64
	if err := s.db.QueryRowContext(ctx, `SELECT totp_secret, totp_key FROM users WHERE id = $1`, userID).Scan(&stored, &key); err != nil {
		return "", err
	}
	return s.openSecret(userID, stored, key)
}

// ConfirmTOTP activates the enrolment when code is valid for the pending
// secret. Wrong codes count as for a login (ip, and session when the
// enrolment happens in a half-logged-in session).
func (s *Service) ConfirmTOTP(ctx context.Context, userID int64, code, ip, session string) error {
	if err := s.checkTOTP(ctx, userID, code, false, ip, session); err != nil {
		return err
	}
	_, err := s.db.ExecContext(ctx, `UPDATE users SET totp_enabled = TRUE WHERE id = $1`, userID)
	s.auditAccount(ctx, "account.2fa_enrol", userID, err)
	return err
}

// VerifyTOTP checks a login code for a user with an active second factor,
// given from ip in the half-logged-in session whose token is session.
func (s *Service) VerifyTOTP(ctx context.Context, userID int64, code, ip, session string) error {
	return s.checkTOTP(ctx, userID, code, true, ip, session)
}

func (s *Service) checkTOTP(ctx context.Context, userID int64, code string, mustBeEnabled bool, ip, session string) error {
	now := s.clock.Now()
	at, err := s.throttleAttempt(ctx, codeCounters(userID, ip), now)
	if err != nil {
		return err
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		var stored string
		var key, last int64
		var enabled bool
		err := tx.QueryRowContext(ctx, `SELECT totp_secret, totp_key, totp_enabled, totp_last_step FROM users WHERE id = $1`+s.db.ForUpdate(), userID).Scan(&stored, &key, &enabled, &last)
		if err != nil {
			return err
		}
		secret, err := s.openSecret(userID, stored, key)
		if err != nil {
			return err
		}
		if secret == "" || (mustBeEnabled && !enabled) {
			return errors.New("geen tweede factor ingesteld")
		}
		if len(code) != 6 {
			return ErrBadCode
		}
		// Accept the current step and one on either side for clock drift.
		for _, skew := range []int64{0, -1, 1} {
			t := now.Add(time.Duration(skew) * 30 * time.Second)
			step := t.Unix() / 30
			ok, err := totp.ValidateCustom(code, secret, t, totp.ValidateOpts{Period: 30, Skew: 0, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
			if err != nil || !ok {
				continue
			}
			if step <= last {
				return ErrBadCode
			}
			_, err = tx.ExecContext(ctx, `UPDATE users SET totp_last_step = $1 WHERE id = $2`, step, userID)
			return err
		}
		return ErrBadCode
	})
	if !errors.Is(err, ErrBadCode) {
		if err != nil {
			at.release(ctx, false)
			return err
		}
		at.OK(ctx)
		return nil
	}
	at.Fail(ctx)
	if session == "" {
		return ErrBadCode
	}
	var n int
	if e := s.db.Tx(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `UPDATE sessions SET code_failures = code_failures + 1 WHERE id_hash = $1 AND stage <> $2 RETURNING code_failures`,
			hashToken(session), StageOK).Scan(&n)
	}); e != nil && !errors.Is(e, sql.ErrNoRows) {
		return e
	}
	if n >= limitSessionCodes {
		if _, e := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE id_hash = $1 AND stage <> $2`, hashToken(session), StageOK); e != nil {
			return e
		}
		return ErrTooManyCodes
	}
	return ErrBadCode
}

// DisableTOTP removes the second factor (administrator reset, or a client
// switching the optional factor off).
func (s *Service) DisableTOTP(ctx context.Context, userID int64) error {
	_, err := s.db.ExecContext(ctx, `UPDATE users SET totp_secret = '', totp_key = 0, totp_enabled = FALSE, totp_last_step = 0 WHERE id = $1`, userID)
	s.auditAccount(ctx, "account.2fa_reset", userID, err)
	return err
}

// RotateTOTP encrypts every TOTP secret that is not under the key ring's
// current key (a plaintext secret from before encryption, or one under an
// older key), 100 rows per transaction, and returns how many it changed.
func (s *Service) RotateTOTP(ctx context.Context) (int, error) {
	const batch = 100
	total := 0
	for {
		n := 0
		err := s.db.Tx(ctx, func(tx *sql.Tx) error {
			rows, err := tx.QueryContext(ctx, `SELECT id, totp_secret, totp_key FROM users WHERE totp_secret <> '' AND totp_key <> $1 ORDER BY id LIMIT `+fmt.Sprint(batch)+s.db.ForUpdate(),
				int64(s.cfg.Keys.Current()))
			if err != nil {
				return err
			}
			type row struct {
				id, key int64
				stored  string
			}
			var list []row
			for rows.Next() {
				var r row
				if err := rows.Scan(&r.id, &r.stored, &r.key); err != nil {
					rows.Close()
					return err
				}
				list = append(list, r)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			for _, r := range list {
				secret, err := s.openSecret(r.id, r.stored, r.key)
				if err != nil {
					return err
				}
				sealed, keyID, err := s.sealSecret(r.id, secret)
				if err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, `UPDATE users SET totp_secret = $1, totp_key = $2 WHERE id = $3`, sealed, keyID, r.id); err != nil {
					return err
				}
			}
			n = len(list)
			return nil
		})
		if err != nil {
			return total, err
		}
		total += n
		if n < batch {
			return total, nil
		}
	}
}

// RunRotation is the background job that keeps the TOTP secrets under the
// current key, beside the BSN rotation of the clients module: at start
// (which also encrypts plaintext secrets of an upgraded database) and then
// every hour.
func (s *Service) RunRotation(ctx context.Context) {
	for {
		n, err := s.RotateTOTP(ctx)
		if s.RotationDone != nil && ctx.Err() == nil {
			s.RotationDone(err)
		}
		switch {
		case err != nil && ctx.Err() == nil && s.logger != nil:
			s.logger.Error("TOTP secret rotation failed", "err", err)
		case n > 0 && s.logger != nil:
			s.logger.Info("TOTP secrets re-encrypted under the current key", "rows", n, "key_id", s.cfg.Keys.Current())
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Hour):
		}
	}
}
