// Package notify is the shared notification mechanism of DESIGN §3: modules
// tell a user (or every user of a role in a region, organisation, location
// or team) about something that cannot wait — a new crisis, a hold about to
// expire, a deadline passed, a proposal to answer. The notification shows in
// the application's inbox (/meldingen-inbox) and, when SMTP is configured,
// an e-mail tells the user that a message is waiting.
//
// E-mail is not a safe channel for special-category (health) data, so the
// e-mail never carries the notification's title or body: it says only that
// there is a new message, of which kind, and links to the inbox.
package notify

import (
	"crypto/x509"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net"
	"net/mail"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/volwaardig/volwaardig/internal/db"
)

//go:embed migrations
var migrationsFS embed.FS

//go:embed templates
var templatesFS embed.FS

// Migrations returns the notify module's schema. It refers to the users
// table, so it must run after the auth module's migrations.
func Migrations() db.Migrations {
	sub, err := fs.Sub(migrationsFS, "migrations")
	if err != nil {
		panic("notify: embedded migrations missing: " + err.Error())
	}
	return db.Migrations{Module: "notify", FS: sub}
}

// Kind says what a notification is about. It selects the generic label the
// e-mail subject and the inbox show, so the e-mail needs no content.
type Kind string

// The kinds of DESIGN §3. Modules may use other kinds (lower-case letters,
// digits and underscores); those show as a plain "Bericht".
const (
	KindCrisisNew    Kind = "crisis_new"
	KindHoldExpiring Kind = "hold_expiring"
	KindDeadline     Kind = "deadline"
	KindProposal     Kind = "proposal"
)

var kindPattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

// Label is the kind's Dutch name, safe to put in an e-mail subject because
// it names a category, never a person or a health detail.
func (k Kind) Label() string {
	switch k {
	case KindCrisisNew:
		return "Nieuwe crisismelding"
	case KindHoldExpiring:
		return "Reservering verloopt binnenkort"
	case KindDeadline:
		return "Termijn verstreken"
	case KindProposal:
		return "Voorstel om te beantwoorden"
	}
	return "Bericht"
}

// EmailStatus is where a notification's e-mail stands.
type EmailStatus string

// The e-mail states: none (no e-mail: SMTP off, no address, in-app only, or
// read in the application before it went out), pending (waiting for the
// sender, possibly for a retry), sent, failed (gave up).
const (
	EmailNone    EmailStatus = "none"
	EmailPending EmailStatus = "pending"
	EmailSent    EmailStatus = "sent"
	EmailFailed  EmailStatus = "failed"
)

// Notification is what a module asks to be delivered.
type Notification struct {
	// UserIDs are the recipients. Duplicates are ignored.
	UserIDs []int64
	Kind    Kind
	// Title is the Dutch headline shown in the inbox (at most 200
	// characters). It never goes into an e-mail.
	Title string
	// Body is a short Dutch explanation shown in the inbox (at most 1,000
	// characters). It never goes into an e-mail.
	Body string
	// TitleEN and BodyEN are the same message in English, shown to a
	// reader who uses the application in English (same limits). A sender
	// composes both at sending time, from the same facts; left empty, the
	// English reader sees the Dutch text (so a body a person wrote is
	// shown as written under an English title).
	TitleEN, BodyEN string
	// Link is the path in the application the notification is about, such
	// as "/crisis/42"; empty when there is nothing to open.
	Link string
	// DedupeKey makes the notification happen once per recipient: a second
	// notification with the same key for the same user is dropped. Jobs that
	// run on several instances, or every minute, set it (for example
	// "deadline:case:42:2026-11-22").
	DedupeKey string
	// InAppOnly suppresses the e-mail for this notification.
	InAppOnly bool
}

const (
	maxTitle = 200
	maxBody  = 1000
	maxLink  = 500
	maxKey   = 200
)

// validate checks what a module passes in. Errors here are programming
// errors of the calling module, so they are plain errors, not user messages.
func (n Notification) validate() error {
	if !kindPattern.MatchString(string(n.Kind)) {
		return fmt.Errorf("notify: kind %q must be lower-case letters, digits and underscores", n.Kind)
	}
	title := strings.TrimSpace(n.Title)
	if title == "" {
		return errors.New("notify: a notification needs a title")
	}
	if utf8.RuneCountInString(title) > maxTitle || utf8.RuneCountInString(n.Body) > maxBody ||
		utf8.RuneCountInString(n.TitleEN) > maxTitle || utf8.RuneCountInString(n.BodyEN) > maxBody {
		return fmt.Errorf("notify: title at most %d and body at most %d characters", maxTitle, maxBody)
	}
	if n.BodyEN != "" && strings.TrimSpace(n.TitleEN) == "" {
		return errors.New("notify: an English body needs an English title")
	}
	if !utf8.ValidString(n.Title) || !utf8.ValidString(n.Body) || !utf8.ValidString(n.TitleEN) || !utf8.ValidString(n.BodyEN) {
		return errors.New("notify: title and body must be UTF-8")
	}
	if n.Link != "" && !SafeLink(n.Link) {
		return fmt.Errorf("notify: link %q must be a path in the application", n.Link)
	}
	if len(n.DedupeKey) > maxKey {
		return fmt.Errorf("notify: dedupe key longer than %d bytes", maxKey)
	}
	return nil
}

// SafeLink reports whether link is a path inside the application: it must
// start with one slash and carry no scheme, host or control characters, so a
// stored link can never send a user to another site.
func SafeLink(link string) bool {
	if len(link) > maxLink || !strings.HasPrefix(link, "/") || strings.HasPrefix(link, "//") || strings.HasPrefix(link, "/\\") {
		return false
	}
	for _, r := range link {
		if r < 0x20 || r == 0x7f || r == '\\' {
			return false
		}
	}
	return true
}

// TLSMode says how the connection to the SMTP server is protected.
type TLSMode string

// The TLS modes: starttls upgrades a plain connection (port 587) and refuses
// to send when the server does not offer it; tls is TLS from the first byte
// (port 465); none sends in plain text, only for a relay on the same host or
// a trusted network.
const (
	TLSStartTLS TLSMode = "starttls"
	TLSImplicit TLSMode = "tls"
	TLSNone     TLSMode = "none"
)

// ParseTLSMode reads a TLS mode from configuration; empty means starttls.
func ParseTLSMode(s string) (TLSMode, error) {
	switch m := TLSMode(strings.ToLower(strings.TrimSpace(s))); m {
	case "":
		return TLSStartTLS, nil
	case TLSStartTLS, TLSImplicit, TLSNone:
		return m, nil
	}
	return "", fmt.Errorf("unknown SMTP TLS mode %q (choose starttls, tls or none)", s)
}

// SMTPConfig is the e-mail configuration. Without a Host, e-mail is off and
// notifications stay in the application.
type SMTPConfig struct {
	Host     string
	Port     int // 587 for starttls, 465 for tls, 25 for none when zero
	Username string
	Password string
	// From is the sender address, e.g. "Volwaardig <noreply@example.nl>".
	From string
	TLS  TLSMode
	// BaseURL is the application's public address, e.g.
	// "https://volwaardig.example.nl", for the link in the e-mail; without
	// it the e-mail tells the user to log in.
	BaseURL string
	// RootCAs verifies the server's certificate; nil uses the system's.
	RootCAs *x509.CertPool
	// HeloName is the name this host gives in EHLO; "localhost" when empty.
	HeloName string

	// Timeout bounds one message's whole SMTP conversation (30 s).
	Timeout time.Duration
	// PollInterval is how often the sender looks for due e-mails (5 s).
	PollInterval time.Duration
	// MaxAttempts is how many times one e-mail is tried before it is
	// marked failed (8).
	MaxAttempts int
	// RetryBase is the wait after the first failure, doubling after every
	// further failure (1 min), up to RetryMax (1 h).
	RetryBase time.Duration
	RetryMax  time.Duration
	// Batch is how many e-mails one round claims at a time (10).
	Batch int
}

// Enabled reports whether e-mail is configured at all.
func (c SMTPConfig) Enabled() bool { return strings.TrimSpace(c.Host) != "" }

// withDefaults fills the zero values.
func (c SMTPConfig) withDefaults() SMTPConfig {
	if c.TLS == "" {
		c.TLS = TLSStartTLS
	}
	if c.Port == 0 {
		switch c.TLS {
		case TLSImplicit:
			c.Port = 465
		case TLSNone:
			c.Port = 25
		default:
			c.Port = 587
		}
	}
	if c.HeloName == "" {
		c.HeloName = "localhost"
	}
	if c.Timeout <= 0 {
		c.Timeout = 30 * time.Second
	}
	if c.PollInterval <= 0 {
		c.PollInterval = 5 * time.Second
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 8
	}
	if c.RetryBase <= 0 {
		c.RetryBase = time.Minute
	}
	if c.RetryMax <= 0 {
		c.RetryMax = time.Hour
	}
	if c.Batch <= 0 {
		c.Batch = 10
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	return c
}

// Validate checks an enabled configuration, so the server can refuse to
// start with settings that could never deliver (or would send a password in
// plain text over the network).
func (c SMTPConfig) Validate() error {
	if !c.Enabled() {
		return nil
	}
	c = c.withDefaults()
	if _, err := ParseTLSMode(string(c.TLS)); err != nil {
		return err
	}
	if c.Port < 1 || c.Port > 65535 {
		return fmt.Errorf("SMTP port %d out of range", c.Port)
	}
	if strings.ContainsAny(c.Host, " /\r\n") {
		return fmt.Errorf("SMTP host %q is not a host name", c.Host)
	}
	if _, err := mail.ParseAddress(c.From); err != nil || strings.ContainsAny(c.From, "\r\n") {
		return fmt.Errorf("SMTP sender address %q is not an e-mail address", c.From)
	}
	if c.Username != "" && c.TLS == TLSNone && !isLoopback(c.Host) {
		return errors.New("SMTP with a user name needs TLS: a password is not sent unencrypted over the network (use starttls or tls)")
	}
	if c.BaseURL != "" && !strings.HasPrefix(c.BaseURL, "https://") && !strings.HasPrefix(c.BaseURL, "http://") {
		return fmt.Errorf("public base URL %q must start with https://", c.BaseURL)
	}
	return nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Service stores notifications, serves the inbox and sends the e-mails.
type Service struct {
	// JobDone, when set, is told the outcome of each round of the background
	// job (nil on success), so the operator's metrics count its runs,
	// failures and last success.
	JobDone func(err error)

	db     *db.DB
	outbox outbox
	clock  db.Clock
	cfg    SMTPConfig
	logger *slog.Logger

	inbox *template.Template
}

// New makes the notification service. cfg without a Host turns e-mail off.
// Check cfg.Validate at start-up; Run refuses an invalid configuration.
func New(d *db.DB, clock db.Clock, cfg SMTPConfig, logger *slog.Logger) *Service {
	if clock == nil {
		clock = db.SystemClock{}
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Service{db: d, outbox: outbox{db: d}, clock: clock, cfg: cfg.withDefaults(), logger: logger.With("module", "notify")}
}

// EmailEnabled reports whether notifications are also sent by e-mail.
func (s *Service) EmailEnabled() bool { return s.cfg.Enabled() }

// now is the service clock in UTC at microsecond precision, the precision
// PostgreSQL keeps, so a value read back equals the value written.
func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Microsecond) }
