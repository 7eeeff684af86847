package notify

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// InboxPath is the inbox page; the e-mail links here rather than to the
// item itself, so the e-mail does not even reveal which record it is about.
const InboxPath = "/meldingen-inbox"

// sendError remembers at which step of the SMTP conversation sending
// failed, which decides whether a retry can help and what may be logged.
type sendError struct {
	stage string // address, dial, tls, hello, starttls, auth, mail, rcpt, data, quit
	err   error
}

func (e *sendError) Error() string { return e.stage + ": " + e.err.Error() }
func (e *sendError) Unwrap() error { return e.err }

// permanent reports whether err will not go away by retrying: an address we
// cannot use, or a 5xx answer to the recipient or to the message itself.
// Everything else (network, 4xx, authentication, which an operator fixes)
// is retried with backoff.
func permanent(err error) bool {
	var se *sendError
	if !errors.As(err, &se) {
		return false
	}
	if se.stage == "address" {
		return true
	}
	var te *textproto.Error
	if errors.As(err, &te) && te.Code >= 500 && (se.stage == "rcpt" || se.stage == "data") {
		return true
	}
	return false
}

// describe tells what went wrong without personal data: SMTP servers echo
// addresses in their replies, so for reply errors only the step and the
// status code are given; network and TLS errors name only our own server.
func describe(err error) string {
	var se *sendError
	if !errors.As(err, &se) {
		if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
			return "cancelled"
		}
		return "unknown"
	}
	var te *textproto.Error
	if errors.As(err, &te) {
		return se.stage + ": smtp " + strconv.Itoa(te.Code)
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return se.stage + ": timeout"
	}
	switch se.stage {
	case "dial", "tls", "starttls":
		return se.Error()
	}
	return se.stage + ": failed"
}

// send delivers one e-mail over its own SMTP connection.
func (s *Service) send(ctx context.Context, j job) error {
	to, err := recipientAddress(j.email)
	if err != nil {
		return &sendError{"address", err}
	}
	from, err := mail.ParseAddress(s.cfg.From)
	if err != nil {
		return &sendError{"address", errors.New("bad sender address")}
	}
	msg, err := s.compose(j, from, to, s.clock.Now())
	if err != nil {
		return &sendError{"address", err}
	}
	return s.deliver(ctx, from.Address, to, msg)
}

// recipientAddress accepts a bare address only: no name part, no line
// breaks, so nothing read from the database can add headers or recipients.
func recipientAddress(email string) (string, error) {
	email = strings.TrimSpace(email)
	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email || strings.ContainsAny(email, "\r\n<>,;") {
		return "", errors.New("unusable recipient address")
	}
	return a.Address, nil
}

// cleanName keeps a display name to letters, digits, spaces and the
// punctuation names use (.-'), on one line: enough for a salutation, and
// nothing a mail header parser could read as structure.
func cleanName(name string) string {
	name = strings.Map(func(r rune) rune {
		switch {
		case r == utf8.RuneError:
			return -1
		case unicode.IsLetter(r), unicode.IsMark(r), unicode.IsDigit(r), r == '.', r == '-', r == '\'':
			return r
		}
		return ' '
	}, name)
	name = strings.Join(strings.Fields(name), " ")
	if r := []rune(name); len(r) > 100 {
		name = strings.TrimSpace(string(r[:100]))
	}
	return name
}

// Subject is the e-mail subject for a notification of kind: Dutch, and only
// the kind's generic label, never the notification's title.
func Subject(kind Kind) string {
	return "Nieuw bericht in Volwaardig: " + kind.Label()
}

// compose writes the e-mail. It carries neither the notification's title
// nor its body, which may hold special-category data: only that a message
// of some kind waits in the application, and where to read it.
func (s *Service) compose(j job, from *mail.Address, to string, now time.Time) ([]byte, error) {
	name := cleanName(j.name)
	toHeader := (&mail.Address{Name: name, Address: to}).String()
	domain := from.Address[strings.LastIndexByte(from.Address, '@')+1:]

	var body strings.Builder
	if name != "" {
		fmt.Fprintf(&body, "Beste %s,\n\n", name)
	} else {
		body.WriteString("Beste gebruiker,\n\n")
	}
	fmt.Fprintf(&body, "Er staat een nieuw bericht voor u klaar in Volwaardig (%s).\n\n", strings.ToLower(j.kind.Label()))
	body.WriteString("Om uw privacy en die van cliënten te beschermen, staat de inhoud niet in deze e-mail.\n")
	if s.cfg.BaseURL != "" {
		fmt.Fprintf(&body, "Log in om het bericht te lezen:\n%s%s\n\n", s.cfg.BaseURL, InboxPath)
	} else {
		body.WriteString("Log in op Volwaardig en open Berichten om het te lezen.\n\n")
	}
	body.WriteString("Deze e-mail is automatisch verstuurd; u kunt er niet op antwoorden.\n\n")
	body.WriteString("-- \nYou have a new message in Volwaardig. For privacy, its content is not in this e-mail; please log in to read it.\n")

	var b bytes.Buffer
	header := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	header("From", from.String())
	header("To", toHeader)
	header("Subject", mime.QEncoding.Encode("utf-8", Subject(j.kind)))
	header("Date", now.In(time.UTC).Format(time.RFC1123Z))
	// A stable Message-ID per notification lets mail clients fold a
	// duplicate (delivery is at least once) into one.
	header("Message-ID", fmt.Sprintf("<notification-%d.%d@%s>", j.id, j.createdAt.UnixMicro(), domain))
	header("MIME-Version", "1.0")
	header("Content-Type", `text/plain; charset="utf-8"`)
	header("Content-Transfer-Encoding", "quoted-printable")
	header("Content-Language", "nl")
	header("Auto-Submitted", "auto-generated")
	header("X-Auto-Response-Suppress", "All")
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	if _, err := qp.Write([]byte(strings.ReplaceAll(body.String(), "\n", "\r\n"))); err != nil {
		return nil, err
	}
	if err := qp.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// deliver runs one SMTP conversation. The whole conversation is bounded by
// the configured timeout on the real clock (the network does not follow a
// test's manual clock).
func (s *Service) deliver(ctx context.Context, from, to string, msg []byte) error {
	cfg := s.cfg
	ctx, cancel := context.WithTimeout(ctx, cfg.Timeout)
	defer cancel()
	addr := net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port))
	tlsConf := &tls.Config{ServerName: cfg.Host, RootCAs: cfg.RootCAs, MinVersion: tls.VersionTLS12}
	dialer := &net.Dialer{}
	var conn net.Conn
	var err error
	if cfg.TLS == TLSImplicit {
		conn, err = (&tls.Dialer{NetDialer: dialer, Config: tlsConf}).DialContext(ctx, "tcp", addr)
		if err != nil {
			return &sendError{"tls", err}
		}
	} else {
		conn, err = dialer.DialContext(ctx, "tcp", addr)
		if err != nil {
			return &sendError{"dial", err}
		}
	}
	deadline, _ := ctx.Deadline()
	_ = conn.SetDeadline(deadline)
	// Closing the connection when ctx ends unblocks a read in progress;
	// the send then fails with ctx's error, which is the one that matters.
	stop := context.AfterFunc(ctx, func() { _ = conn.Close() })
	defer stop()

	c, err := smtp.NewClient(conn, cfg.Host)
	if err != nil {
		return &sendError{"hello", errors.Join(err, conn.Close())}
	}
	// After QUIT the connection is closed already; on an earlier failure
	// that failure is the error reported. Close only frees the connection.
	defer func() { _ = c.Close() }()
	if err := c.Hello(cfg.HeloName); err != nil {
		return &sendError{"hello", err}
	}
	if cfg.TLS == TLSStartTLS {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			// Never fall back to plain text: the operator asked for TLS.
			return &sendError{"starttls", errors.New("server does not offer STARTTLS")}
		}
		if err := c.StartTLS(tlsConf); err != nil {
			return &sendError{"starttls", err}
		}
	}
	if cfg.Username != "" {
		if ok, _ := c.Extension("AUTH"); !ok {
			return &sendError{"auth", errors.New("server does not offer AUTH")}
		}
		if err := c.Auth(smtp.PlainAuth("", cfg.Username, cfg.Password, cfg.Host)); err != nil {
			return &sendError{"auth", err}
		}
	}
	if err := c.Mail(from); err != nil {
		return &sendError{"mail", err}
	}
	if err := c.Rcpt(to); err != nil {
		return &sendError{"rcpt", err}
	}
	w, err := c.Data()
	if err != nil {
		return &sendError{"data", err}
	}
	if _, err := w.Write(msg); err != nil {
		return &sendError{"data", err}
	}
	if err := w.Close(); err != nil {
		return &sendError{"data", err}
	}
	// The message is accepted once DATA is; a failing QUIT does not undo
	// that, so it is not an error.
	_ = c.Quit()
	return nil
}
