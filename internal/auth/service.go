package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"embed"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/keyring"
)

//go:embed migrations
var migrationsFS embed.FS

// Migrations returns the auth module's schema.
func Migrations() db.Migrations {
	sub, _ := fs.Sub(migrationsFS, "migrations")
	return db.Migrations{Module: "auth", FS: sub}
}

// Config holds the identity settings.
type Config struct {
	// DemoMode admits demo accounts; without it they are refused.
	DemoMode bool
	// Secret is the installation secret (at least 32 bytes). Device
	// cookies no longer derive from it (they are random per device), but
	// it stays required so that every configuration remains valid.
	Secret []byte
	// IdleTimeout and AbsoluteTimeout bound sessions (30 min and 12 h by
	// default, per the issue).
	IdleTimeout     time.Duration
	AbsoluteTimeout time.Duration
	// Keys encrypts the TOTP secrets (the key ring the BSNs use too);
	// required.
	Keys *keyring.Ring
	// MaxPasswordChecks bounds the argon2id checks and hashes that run at
	// once (19 MiB each); 0 means twice GOMAXPROCS. PasswordCheckWait is
	// how long a login waits for its turn before it is answered "busy"
	// (default 3 s).
	MaxPasswordChecks int
	PasswordCheckWait time.Duration
}

// ScopeResolver supplies the parts of a scope that other packages own: the
// client record of a client account and the clients a naaste represents.
type ScopeResolver func(ctx context.Context, userID int64) (clientID int64, represents []int64, err error)

// Service is the identity service: accounts, sessions, tokens, throttling.
type Service struct {
	// PurgeDone, when set, is told the outcome of each round of the background
	// job (nil on success), so the operator's metrics count its runs,
	// failures and last success.
	PurgeDone func(err error)
	// RotationDone, when set, is told the outcome of each round of the background
	// job (nil on success), so the operator's metrics count its runs,
	// failures and last success.
	RotationDone func(err error)

	db       *db.DB
	clock    db.Clock
	cfg      Config
	Policy   Policy
	Password *PasswordPolicy
	logger   *slog.Logger
	// ResolveScope is set by the application wiring; nil means no client
	// links.
	ResolveScope ScopeResolver
	// Audit records account changes and refused logins; set by the
	// application wiring, nil in tests that do not look.
	Audit     AccountAuditor
	dummyHash string

	hashSlots chan struct{}
	hashing   atomic.Int64
	hashPeak  atomic.Int64
}

// New makes the identity service.
func New(d *db.DB, clock db.Clock, cfg Config, logger *slog.Logger) (*Service, error) {
	if cfg.IdleTimeout == 0 {
		cfg.IdleTimeout = 30 * time.Minute
	}
	if cfg.AbsoluteTimeout == 0 {
		cfg.AbsoluteTimeout = 12 * time.Hour
	}
	if len(cfg.Secret) < 32 {
		return nil, errors.New("auth: secret must be at least 32 bytes")
	}
	if cfg.Keys == nil {
		return nil, errors.New("auth: a key ring for the TOTP secrets is required")
	}
	if cfg.MaxPasswordChecks <= 0 {
		cfg.MaxPasswordChecks = 2 * runtime.GOMAXPROCS(0)
	}
	if cfg.PasswordCheckWait <= 0 {
		cfg.PasswordCheckWait = 3 * time.Second
	}
	dh, err := HashPassword("not a real password, only for timing")
	if err != nil {
		return nil, err
	}
	return &Service{db: d, clock: clock, cfg: cfg, Password: NewPasswordPolicy(), logger: logger, dummyHash: dh,
		hashSlots: make(chan struct{}, cfg.MaxPasswordChecks)}, nil
}

// DemoMode reports whether demo accounts are admitted.
func (s *Service) DemoMode() bool { return s.cfg.DemoMode }

// User is an account.
type User struct {
	ID           int64
	Username     string
	DisplayName  string
	Role         Role
	Organisation string
	Email        string
	// Phone is the work phone number (contact.go), "" for none.
	Phone       string
	Demo        bool
	Disabled    bool
	TOTPEnabled bool
	OIDCSubject string
	CreatedAt   time.Time
	Scope       Scope
}

// NewUser holds the fields to create an account.
type NewUser struct {
	Username     string
	DisplayName  string
	Role         Role
	Organisation string
	Email        string
	// Phone is the work phone number, checked with Email by CheckContact.
	Phone    string
	Password string
	// Demo marks a demo account: its password is exempt from the policy
	// (it is "demo") and it is refused unless the server runs with --demo.
	Demo  bool
	Scope Scope
}

// ErrNotFound is returned for unknown accounts and tokens.
var ErrNotFound = errors.New("niet gevonden")

// ErrExists is returned when a user name is taken.
var ErrExists = errors.New("gebruikersnaam bestaat al")

func validUsername(u string) error {
	if len(u) < 2 || len(u) > 64 {
		return errors.New("een gebruikersnaam heeft 2 tot 64 tekens")
	}
	for _, r := range u {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_' || r == '@') {
			return fmt.Errorf("een gebruikersnaam bestaat uit kleine letters, cijfers en . - _ @ (niet %q)", r)
		}
	}
	return nil
}

// NewUserProblems checks every field of a new account at once, so that a
// form can name each wrong field together; CreateUser checks the same, one
// after the other. The messages are Dutch sentences, by field: username,
// role, password, phone, email.
func (s *Service) NewUserProblems(nu NewUser) map[string]string {
	out := map[string]string{}
	sentence := func(msg string) string {
		msg = strings.TrimPrefix(msg, ErrPasswordPolicy.Error()+": ")
		return strings.ToUpper(msg[:1]) + msg[1:] + "."
	}
	if err := validUsername(strings.ToLower(strings.TrimSpace(nu.Username))); err != nil {
		out["username"] = sentence(err.Error())
	}
	if _, err := ParseRole(string(nu.Role)); err != nil {
		out["role"] = sentence(err.Error())
	}
	if !nu.Demo {
		if err := s.Password.Check(strings.ToLower(strings.TrimSpace(nu.Username)), nu.Password); err != nil {
			out["password"] = sentence(err.Error())
		}
	}
	var ce *ContactError
	if _, _, err := CheckContact(nu.Phone, nu.Email); errors.As(err, &ce) {
		for f, m := range ce.Fields {
			out[f] = m
		}
	}
	return out
}

// CreateUser creates an account; the password must pass the policy unless
// the account is a demo account.
func (s *Service) CreateUser(ctx context.Context, nu NewUser) (int64, error) {
	nu.Username = strings.ToLower(strings.TrimSpace(nu.Username))
	if err := validUsername(nu.Username); err != nil {
		return 0, err
	}
	if _, err := ParseRole(string(nu.Role)); err != nil {
		return 0, err
	}
	if !nu.Demo {
		if err := s.Password.Check(nu.Username, nu.Password); err != nil {
			return 0, err
		}
	}
	var err error
	if nu.Phone, nu.Email, err = CheckContact(nu.Phone, nu.Email); err != nil {
		return 0, err
	}
	hash, err := s.hashPassword(ctx, nu.Password)
	if err != nil {
		return 0, err
	}
	if nu.DisplayName == "" {
		nu.DisplayName = nu.Username
	}
	var id int64
	now := s.clock.Now()
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO users (username, display_name, role, organisation, email, phone, password_hash, demo, created_at, password_changed_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
			nu.Username, nu.DisplayName, string(nu.Role), nu.Organisation, nu.Email, nu.Phone, hash, nu.Demo, now).Scan(&id)
		if err != nil {
			if db.IsUniqueViolation(err) {
				return ErrExists
			}
			return err
		}
		return setScopeTx(ctx, tx, id, nu.Scope)
	})
	if err == nil {
		s.auditAccount(ctx, "account.create", id, nil)
	}
	return id, err
}

func setScopeTx(ctx context.Context, tx *sql.Tx, userID int64, sc Scope) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM user_scopes WHERE user_id = $1`, userID); err != nil {
		return err
	}
	add := func(kind, value string) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO user_scopes (user_id, kind, value) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, userID, kind, value)
		return err
	}
	for _, r := range sc.Regions {
		if err := add("region", r); err != nil {
			return err
		}
	}
	for _, d := range sc.Duties {
		if err := add("duty", d); err != nil {
			return err
		}
	}
	for kind, ids := range map[string][]int64{"organisation": sc.Organisations, "location": sc.Locations, "team": sc.Teams} {
		for _, id := range ids {
			if err := add(kind, strconv.FormatInt(id, 10)); err != nil {
				return err
			}
		}
	}
	return nil
}

// SetScope replaces a user's scope.
func (s *Service) SetScope(ctx context.Context, userID int64, sc Scope) error {
	err := s.db.Tx(ctx, func(tx *sql.Tx) error { return setScopeTx(ctx, tx, userID, sc) })
	s.auditAccount(ctx, "account.scope", userID, err)
	return err
}

// SetRole changes a user's role and ends their sessions, since what they may
// see changed.
func (s *Service) SetRole(ctx context.Context, userID int64, role Role) error {
	if _, err := ParseRole(string(role)); err != nil {
		return err
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET role = $1 WHERE id = $2`, string(role), userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID)
		return err
	})
	s.auditAccount(ctx, "account.role", userID, err)
	return err
}

// SetDisabled disables or enables an account; disabling ends its sessions
// and its tokens stop working.
func (s *Service) SetDisabled(ctx context.Context, userID int64, disabled bool) error {
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET disabled = $1 WHERE id = $2`, disabled, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		if disabled {
			_, err = tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID)
		}
		return err
	})
	change := "account.enable"
	if disabled {
		change = "account.disable"
	}
	s.auditAccount(ctx, change, userID, err)
	return err
}

// SetPassword sets a new password (checked against the policy) and ends all
// sessions and remembered devices of the user.
func (s *Service) SetPassword(ctx context.Context, userID int64, pw string) error {
	u, err := s.UserByID(ctx, userID)
	if err != nil {
		return err
	}
	if err := s.Password.Check(u.Username, pw); err != nil {
		return err
	}
	hash, err := s.hashPassword(ctx, pw)
	if err != nil {
		return err
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $1, password_changed_at = $2, demo = FALSE WHERE id = $3`, hash, s.clock.Now(), userID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID); err != nil {
			return err
		}
		// A remembered device skips the account-wide lock; after a new
		// password (perhaps because the old one leaked) none is trusted.
		_, err := tx.ExecContext(ctx, `DELETE FROM device_tokens WHERE user_id = $1`, userID)
		return err
	})
	s.auditAccount(ctx, "account.password", userID, err)
	return err
}

const userColumns = `id, username, display_name, role, organisation, email, phone, demo, disabled, totp_enabled, COALESCE(oidc_subject, ''), created_at`

func scanUser(row interface{ Scan(...any) error }) (*User, error) {
	var u User
	var role string
	if err := row.Scan(&u.ID, &u.Username, &u.DisplayName, &role, &u.Organisation, &u.Email, &u.Phone, &u.Demo, &u.Disabled, &u.TOTPEnabled, &u.OIDCSubject, &u.CreatedAt); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, ErrNotFound
		}
		return nil, err
	}
	u.Role = Role(role)
	return &u, nil
}

// UserByID loads an account with its scope.
func (s *Service) UserByID(ctx context.Context, id int64) (*User, error) {
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
	if err != nil {
		return nil, err
	}
	return u, s.loadScope(ctx, u)
}

// DisplayNames returns the display names of the accounts with the given
// ids (an unknown id is left out), in one query for the set: modules show
// who reported or decided something without reading the users table
// themselves (DESIGN §6).
func (s *Service) DisplayNames(ctx context.Context, ids []int64) (map[int64]string, error) {
	return db.NamesByID(ctx, s.db, `SELECT id, display_name FROM users WHERE id IN (%s)`, ids)
}

// UserByName loads an account by user name.
func (s *Service) UserByName(ctx context.Context, name string) (*User, error) {
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE username = $1`, strings.ToLower(strings.TrimSpace(name))))
	if err != nil {
		return nil, err
	}
	return u, s.loadScope(ctx, u)
}

// Users lists every account.
func (s *Service) Users(ctx context.Context) ([]User, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+userColumns+` FROM users ORDER BY username`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *u)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if err := s.loadScope(ctx, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (s *Service) loadScope(ctx context.Context, u *User) error {
	rows, err := s.db.QueryContext(ctx, `SELECT kind, value FROM user_scopes WHERE user_id = $1 ORDER BY kind, value`, u.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	var sc Scope
	for rows.Next() {
		var kind, value string
		if err := rows.Scan(&kind, &value); err != nil {
			return err
		}
		n, _ := strconv.ParseInt(value, 10, 64)
		switch kind {
		case "region":
			sc.Regions = append(sc.Regions, value)
		case "organisation":
			sc.Organisations = append(sc.Organisations, n)
		case "location":
			sc.Locations = append(sc.Locations, n)
		case "team":
			sc.Teams = append(sc.Teams, n)
		case "duty":
			sc.Duties = append(sc.Duties, value)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if s.ResolveScope != nil {
		cid, reps, err := s.ResolveScope(ctx, u.ID)
		if err != nil {
			return err
		}
		sc.ClientID, sc.Represents = cid, reps
	}
	u.Scope = sc
	return nil
}

// principalFor makes the request principal of an account.
func principalFor(u *User) *Principal {
	return &Principal{UserID: u.ID, Username: u.Username, DisplayName: u.DisplayName, Role: u.Role, Scope: u.Scope, Demo: u.Demo, Organisation: u.Organisation}
}

// Count returns the number of accounts, used to decide whether a database is
// empty before loading demo data.
func (s *Service) Count(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n)
	return n, err
}

func randomToken() (string, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b[:]), nil
}

func hashToken(tok string) string {
	h := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(h[:])
}

// UserByOIDCSubject finds the account linked to an OIDC subject; disabled
// accounts are not found.
func (s *Service) UserByOIDCSubject(ctx context.Context, sub string) (*User, error) {
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE oidc_subject = $1 AND disabled = FALSE`, sub))
	if err != nil {
		return nil, err
	}
	return u, s.loadScope(ctx, u)
}

// ErrSubjectTaken is returned when an OIDC subject already belongs to
// another account: one person at the broker is one account here, or a login
// could land in someone else's records.
var ErrSubjectTaken = errors.New("dit OIDC-subject is al aan een ander account gekoppeld")

// LinkOIDCSubject links an account to an OIDC subject; an empty subject
// removes the link, after which that person can no longer log in through
// the broker.
func (s *Service) LinkOIDCSubject(ctx context.Context, userID int64, sub string) error {
	var v any = strings.TrimSpace(sub)
	if v == "" {
		v = nil
	}
	res, err := s.db.ExecContext(ctx, `UPDATE users SET oidc_subject = $1 WHERE id = $2`, v, userID)
	if db.IsUniqueViolation(err) {
		err = ErrSubjectTaken
	} else if err == nil {
		if n, _ := res.RowsAffected(); n == 0 {
			err = ErrNotFound
		}
	}
	s.auditAccount(ctx, "account.oidc_link", userID, err)
	return err
}
