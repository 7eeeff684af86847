package notify

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/textproto"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
)

// pythonWithAiosmtpd finds a Python that can run Debian's python3-aiosmtpd
// (the one in PATH may be another installation). Without it the real-SMTP
// tests skip, except under CI, where they must run.
func pythonWithAiosmtpd(t *testing.T) string {
	t.Helper()
	var candidates []string
	if p, err := exec.LookPath("python3"); err == nil {
		candidates = append(candidates, p)
	}
	candidates = append(candidates, "/usr/bin/python3")
	for _, p := range candidates {
		if exec.Command(p, "-c", "import aiosmtpd.handlers").Run() == nil {
			return p
		}
	}
	msg := "python3 with aiosmtpd not found (install Debian's python3-aiosmtpd): real SMTP tests skipped"
	if os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// freePort returns a loopback port that was free a moment ago.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := l.Close(); err != nil {
			t.Error(err)
		}
	}()
	return l.Addr().(*net.TCPAddr).Port
}

// smtpSink is a real SMTP server (aiosmtpd) that stores what it receives in
// a maildir.
type smtpSink struct {
	port int
	dir  string
}

// startSink runs aiosmtpd with extra options (TLS certificates) until the
// test ends.
func startSink(t *testing.T, extra ...string) *smtpSink {
	t.Helper()
	py := pythonWithAiosmtpd(t)
	port, dir := freePort(t), filepath.Join(t.TempDir(), "maildir")
	args := append([]string{"-m", "aiosmtpd", "-n", "-l", fmt.Sprintf("127.0.0.1:%d", port)}, extra...)
	args = append(args, "-c", "aiosmtpd.handlers.Mailbox", dir)
	return runSink(t, port, dir, exec.Command(py, args...))
}

// startAuthSink runs testdata/smtp_auth_sink.py: STARTTLS required and
// AUTH with user and password.
func startAuthSink(t *testing.T, user, password, certFile, keyFile string) *smtpSink {
	t.Helper()
	py := pythonWithAiosmtpd(t)
	port, dir := freePort(t), filepath.Join(t.TempDir(), "maildir")
	return runSink(t, port, dir, exec.Command(py, "testdata/smtp_auth_sink.py", "127.0.0.1", fmt.Sprint(port), dir, user, password, certFile, keyFile))
}

func runSink(t *testing.T, port int, dir string, cmd *exec.Cmd) *smtpSink {
	t.Helper()
	s := &smtpSink{port: port, dir: dir}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatalf("start SMTP server: %v", err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
	})
	// Wait until it accepts connections (Python takes a moment to start).
	deadline := time.Now().Add(20 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", s.port), time.Second)
		if err == nil {
			if err := c.Close(); err != nil {
				t.Error(err)
			}
			return s
		}
		select {
		case <-exited:
			t.Fatalf("SMTP server exited: %s", out.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("SMTP server did not start listening: %s", out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// received is one delivered message, decoded.
type received struct {
	envelopeTo string
	to         string
	subject    string
	body       string
	raw        string
}

// snapshot names the messages received so far, so a test can look at only
// the ones that arrive after it (maildir file names do not sort by time).
func (s *smtpSink) snapshot(t *testing.T) map[string]bool {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(s.dir, "new", "*"))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, f := range files {
		seen[f] = true
	}
	return seen
}

// messages returns the received messages that are not in before (nil: all).
func (s *smtpSink) messages(t *testing.T, before map[string]bool) []received {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(s.dir, "new", "*"))
	if err != nil {
		t.Fatal(err)
	}
	var out []received
	dec := new(mime.WordDecoder)
	for _, f := range files {
		if before[f] {
			continue
		}
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		m, err := mail.ReadMessage(bytes.NewReader(raw))
		if err != nil {
			t.Fatalf("received message does not parse: %v\n%s", err, raw)
		}
		subject, err := dec.DecodeHeader(m.Header.Get("Subject"))
		if err != nil {
			t.Fatalf("subject: %v", err)
		}
		var body []byte
		if m.Header.Get("Content-Transfer-Encoding") == "quoted-printable" {
			body, err = io.ReadAll(quotedprintable.NewReader(m.Body))
		} else {
			body, err = io.ReadAll(m.Body)
		}
		if err != nil {
			t.Fatalf("body: %v", err)
		}
		to, err := m.Header.AddressList("To")
		if err != nil || len(to) != 1 {
			t.Fatalf("To header %q: %v", m.Header.Get("To"), err)
		}
		out = append(out, received{envelopeTo: m.Header.Get("X-RcptTo"), to: to[0].Address, subject: subject, body: string(body), raw: string(raw)})
	}
	return out
}

func plainConfig(port int) SMTPConfig {
	return SMTPConfig{Host: "127.0.0.1", Port: port, TLS: TLSNone, From: "Volwaardig <noreply@volwaardig.example>",
		BaseURL: "https://volwaardig.example/", Timeout: 10 * time.Second}
}

type emailRow struct {
	status   EmailStatus
	attempts int
	next     *time.Time
}

func emailState(t *testing.T, d *db.DB, id int64) emailRow {
	t.Helper()
	var r emailRow
	var status string
	var next *time.Time
	if err := d.QueryRowContext(context.Background(), `SELECT email_status, email_attempts, email_next_at FROM notifications WHERE id = $1`, id).Scan(&status, &r.attempts, &next); err != nil {
		t.Fatal(err)
	}
	r.status = EmailStatus(status)
	if next != nil {
		u := next.UTC()
		r.next = &u
	}
	return r
}

func onlyID(t *testing.T, s *Service, user int64) int64 {
	t.Helper()
	items, err := s.List(context.Background(), user, ListOptions{})
	if err != nil || len(items) != 1 {
		t.Fatalf("want one notification for %d, got %d (%v)", user, len(items), err)
	}
	return items[0].ID
}

func TestSendEmailRealSMTP(t *testing.T) {
	t.Parallel() // most of the time is Python starting the SMTP server
	sink := startSink(t)
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		before := sink.snapshot(t)
		ctx := context.Background()
		logger, logs := logBuffer()
		s := New(d, db.NewManualClock(start), plainConfig(sink.port), logger)
		anna := addUser(t, d, "anna", auth.RoleCrisisregisseur, "anna.devries@zorg.example")
		bert := addUser(t, d, "bert", auth.RoleNaaste, "bert.jansen@familie.example")
		crisis := crisisNote(anna)
		proposal := Notification{UserIDs: []int64{bert}, Kind: KindProposal, Title: "Voorstel: woonplek bij De Linde voor uw zoon",
			Body: "Zorgprofiel VG7 met meerzorg; epilepsie vraagt nachttoezicht.", Link: "/complexe-zorg/voorstellen/12"}
		for _, n := range []Notification{crisis, proposal} {
			if err := s.Notify(ctx, n); err != nil {
				t.Fatal(err)
			}
		}
		sent, err := s.SendDue(ctx)
		if err != nil || sent != 2 {
			t.Fatalf("SendDue = %d, %v; want 2", sent, err)
		}
		msgs := sink.messages(t, before)
		if len(msgs) != 2 {
			t.Fatalf("the SMTP server received %d messages, want 2", len(msgs))
		}
		want := map[string]Notification{"anna.devries@zorg.example": crisis, "bert.jansen@familie.example": proposal}
		for _, m := range msgs {
			n, ok := want[m.envelopeTo]
			if !ok {
				t.Errorf("message to unexpected envelope recipient %q", m.envelopeTo)
				continue
			}
			delete(want, m.envelopeTo)
			if m.to != m.envelopeTo {
				t.Errorf("To header %q differs from envelope recipient %q", m.to, m.envelopeTo)
			}
			if m.subject != "Nieuw bericht in Volwaardig: "+n.Kind.Label() {
				t.Errorf("subject %q is not the Dutch generic subject", m.subject)
			}
			if !strings.Contains(m.body, "nieuw bericht voor u klaar") || !strings.Contains(m.body, "https://volwaardig.example/meldingen-inbox") {
				t.Errorf("body lacks the Dutch notice or the inbox link:\n%s", m.body)
			}
			// Nothing of the notification's content may travel by e-mail:
			// not the title, not the body, not the record's link.
			for _, secret := range []string{n.Title, n.Body, n.Link, "VG7", "epilepsie", "gedragsproblemen", "De Linde"} {
				if strings.Contains(m.raw, secret) || strings.Contains(m.body, secret) {
					t.Errorf("e-mail to %s contains %q", m.envelopeTo, secret)
				}
			}
		}
		for _, u := range []int64{anna, bert} {
			if st := emailState(t, d, onlyID(t, s, u)); st.status != EmailSent || st.attempts != 1 || st.next != nil {
				t.Errorf("user %d: e-mail state %+v, want sent after 1 attempt", u, st)
			}
		}
		if again, err := s.SendDue(ctx); again != 0 || err != nil {
			t.Errorf("second round sent %d (%v), want 0", again, err)
		}
		if n := len(sink.messages(t, before)); n != 2 {
			t.Errorf("server has %d messages after a second round, want still 2", n)
		}
		assertNoPersonalData(t, logs.String())
		if !strings.Contains(logs.String(), "notification e-mail sent") {
			t.Errorf("sending left no log line:\n%s", logs)
		}
	})
}

// assertNoPersonalData checks log output for the test users' addresses and
// names.
func assertNoPersonalData(t *testing.T, logs string) {
	t.Helper()
	for _, pd := range []string{"@zorg.example", "@familie.example", "anna.devries", "Naam anna", "Naam bert", "bert.jansen"} {
		if strings.Contains(logs, pd) {
			t.Errorf("log contains personal data %q:\n%s", pd, logs)
		}
	}
}

func TestRetryBackoffThenFailed(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clock := db.NewManualClock(start)
		logger, logs := logBuffer()
		cfg := plainConfig(freePort(t)) // nothing listens there
		cfg.MaxAttempts, cfg.RetryBase, cfg.RetryMax = 3, time.Minute, time.Hour
		s := New(d, clock, cfg, logger)
		anna := addUser(t, d, "anna", auth.RoleCOT, "anna.devries@zorg.example")
		if err := s.Notify(ctx, crisisNote(anna)); err != nil {
			t.Fatal(err)
		}
		id := onlyID(t, s, anna)

		steps := []struct {
			advance  time.Duration
			attempts int
			status   EmailStatus
			nextIn   time.Duration // from the clock after the round; 0: NULL
		}{
			{0, 1, EmailPending, time.Minute},
			{30 * time.Second, 1, EmailPending, 30 * time.Second}, // not due yet: untouched
			{30 * time.Second, 2, EmailPending, 2 * time.Minute},
			{2 * time.Minute, 3, EmailFailed, 0},
			{24 * time.Hour, 3, EmailFailed, 0}, // failed stays failed
		}
		for i, st := range steps {
			clock.Advance(st.advance)
			sent, err := s.SendDue(ctx)
			if err != nil || sent != 0 {
				t.Fatalf("step %d: SendDue = %d, %v; want 0 sent, no error (failures are recorded, not returned)", i, sent, err)
			}
			got := emailState(t, d, id)
			if got.attempts != st.attempts || got.status != st.status {
				t.Errorf("step %d: attempts %d status %s, want %d %s", i, got.attempts, got.status, st.attempts, st.status)
			}
			switch {
			case st.nextIn == 0 && got.next != nil:
				t.Errorf("step %d: next attempt %v, want none", i, got.next)
			case st.nextIn != 0 && (got.next == nil || !got.next.Equal(clock.Now().Add(st.nextIn))):
				t.Errorf("step %d: next attempt %v, want %v", i, got.next, clock.Now().Add(st.nextIn))
			}
		}
		if !strings.Contains(logs.String(), "will retry") || !strings.Contains(logs.String(), "giving up") {
			t.Errorf("retries and giving up are not logged:\n%s", logs)
		}
		assertNoPersonalData(t, logs.String())
	})
}

func TestBackoff(t *testing.T) {
	s := New(nil, nil, SMTPConfig{Host: "x", RetryBase: time.Minute, RetryMax: time.Hour}, nil)
	want := []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 16 * time.Minute, 32 * time.Minute, time.Hour, time.Hour, time.Hour}
	for i, w := range want {
		if got := s.backoff(i + 1); got != w {
			t.Errorf("backoff(%d) = %v, want %v", i+1, got, w)
		}
	}
}

func TestConcurrentSendersSendOnce(t *testing.T) {
	t.Parallel() // most of the time is Python starting the SMTP server
	// Several instances (here: goroutines with their own Service) sending
	// at once must each e-mail be sent exactly once.
	sink := startSink(t)
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		before := sink.snapshot(t)
		ctx := context.Background()
		clock := db.NewManualClock(start)
		cfg := plainConfig(sink.port)
		cfg.Batch = 2
		const users = 12
		var ids []int64
		for i := range users {
			ids = append(ids, addUser(t, d, fmt.Sprintf("u%d", i), auth.RoleCOT, fmt.Sprintf("u%d@zorg.example", i)))
		}
		if err := New(d, clock, cfg, nil).Notify(ctx, crisisNote(ids...)); err != nil {
			t.Fatal(err)
		}
		const senders = 3
		var wg sync.WaitGroup
		var mu sync.Mutex
		total := 0
		for range senders {
			wg.Go(func() {
				n, err := New(d, clock, cfg, nil).SendDue(ctx)
				if err != nil {
					t.Errorf("SendDue: %v", err)
				}
				mu.Lock()
				total += n
				mu.Unlock()
			})
		}
		wg.Wait()
		if total != users {
			t.Errorf("senders report %d sent, want %d", total, users)
		}
		msgs := sink.messages(t, before)
		perRcpt := map[string]int{}
		for _, m := range msgs {
			perRcpt[m.envelopeTo]++
		}
		if len(msgs) != users || len(perRcpt) != users {
			t.Errorf("server received %d messages for %d recipients, want %d each once: %v", len(msgs), len(perRcpt), users, perRcpt)
		}
		var notSent int
		if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications WHERE email_status <> 'sent' OR email_attempts <> 1`).Scan(&notSent); err != nil {
			t.Fatal(err)
		}
		if notSent != 0 {
			t.Errorf("%d notifications not sent exactly once", notSent)
		}
	})
}

// selfSigned writes a certificate for 127.0.0.1 and returns the file names
// and a pool that trusts it.
func selfSigned(t *testing.T) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	return certFile, keyFile, pool
}

func TestSendTLSModes(t *testing.T) {
	t.Parallel() // most of the time is Python starting the SMTP server
	pythonWithAiosmtpd(t)
	certFile, keyFile, pool := selfSigned(t)
	startTLS := startSink(t, "--tlscert", certFile, "--tlskey", keyFile)
	implicit := startSink(t, "--smtpscert", certFile, "--smtpskey", keyFile)
	plain := startSink(t)

	tests := []struct {
		name     string
		sink     *smtpSink
		mode     TLSMode
		roots    *x509.CertPool
		wantSent bool
		reason   string // expected start of the logged reason when not sent
	}{
		{"starttls", startTLS, TLSStartTLS, pool, true, ""},
		{"implicit tls", implicit, TLSImplicit, pool, true, ""},
		{"starttls with untrusted certificate", startTLS, TLSStartTLS, nil, false, "starttls:"},
		{"implicit tls with untrusted certificate", implicit, TLSImplicit, nil, false, "tls:"},
		{"starttls required but not offered", plain, TLSStartTLS, pool, false, "starttls: server does not offer STARTTLS"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := dbtest.SQLite(t, sets()...)
			ctx := context.Background()
			before := tc.sink.snapshot(t)
			cfg := plainConfig(tc.sink.port)
			cfg.TLS, cfg.RootCAs = tc.mode, tc.roots
			logger, logs := logBuffer()
			s := New(d, db.NewManualClock(start), cfg, logger)
			anna := addUser(t, d, "anna", auth.RoleCOT, "anna.devries@zorg.example")
			if err := s.Notify(ctx, crisisNote(anna)); err != nil {
				t.Fatal(err)
			}
			sent, err := s.SendDue(ctx)
			if err != nil {
				t.Fatal(err)
			}
			got := len(tc.sink.messages(t, before))
			st := emailState(t, d, onlyID(t, s, anna))
			if tc.wantSent {
				if sent != 1 || got != 1 || st.status != EmailSent {
					t.Errorf("sent %d, server got %d, status %s; want delivered", sent, got, st.status)
				}
				return
			}
			if sent != 0 || got != 0 {
				t.Errorf("sent %d, server got %d; want nothing delivered", sent, got)
			}
			if st.status != EmailPending || st.attempts != 1 {
				t.Errorf("status %s after %d attempts; want pending for a retry", st.status, st.attempts)
			}
			if !strings.Contains(logs.String(), "reason=\""+tc.reason) {
				t.Errorf("log does not give reason %q:\n%s", tc.reason, logs)
			}
			assertNoPersonalData(t, logs.String())
		})
	}
}

func TestPermanentAndDescribe(t *testing.T) {
	reply := func(code int) error {
		return &textproto.Error{Code: code, Msg: "5.1.1 <anna.devries@zorg.example>: Recipient address rejected"}
	}
	tests := []struct {
		name      string
		err       error
		permanent bool
		describe  string
	}{
		{"rcpt 550", &sendError{"rcpt", reply(550)}, true, "rcpt: smtp 550"},
		{"rcpt 450", &sendError{"rcpt", reply(450)}, false, "rcpt: smtp 450"},
		{"data 554", &sendError{"data", reply(554)}, true, "data: smtp 554"},
		{"auth 535", &sendError{"auth", reply(535)}, false, "auth: smtp 535"},
		{"mail 421", &sendError{"mail", reply(421)}, false, "mail: smtp 421"},
		{"bad address", &sendError{"address", fmt.Errorf("unusable recipient address")}, true, "address: failed"},
		{"dial", &sendError{"dial", fmt.Errorf("dial tcp 127.0.0.1:1: connect: connection refused")}, false, "dial: dial tcp 127.0.0.1:1: connect: connection refused"},
		{"other", fmt.Errorf("boom"), false, "unknown"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := permanent(tc.err); got != tc.permanent {
				t.Errorf("permanent = %v, want %v", got, tc.permanent)
			}
			got := describe(tc.err)
			if got != tc.describe {
				t.Errorf("describe = %q, want %q", got, tc.describe)
			}
			if strings.Contains(got, "anna") {
				t.Errorf("describe leaks the address: %q", got)
			}
		})
	}
}

func TestDroppedWhenAddressRemoved(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := New(d, db.NewManualClock(start), plainConfig(freePort(t)), nil)
		anna := addUser(t, d, "anna", auth.RoleCOT, "anna.devries@zorg.example")
		bert := addUser(t, d, "bert", auth.RoleCOT, "not an address")
		if err := s.Notify(ctx, crisisNote(anna, bert)); err != nil {
			t.Fatal(err)
		}
		if _, err := d.ExecContext(ctx, `UPDATE users SET email = '' WHERE id = $1`, anna); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SendDue(ctx); err != nil {
			t.Fatal(err)
		}
		if st := emailState(t, d, onlyID(t, s, anna)); st.status != EmailNone || st.attempts != 0 {
			t.Errorf("removed address: %+v, want none without an attempt", st)
		}
		if st := emailState(t, d, onlyID(t, s, bert)); st.status != EmailFailed || st.attempts != 1 {
			t.Errorf("unusable address: %+v, want failed after 1 attempt", st)
		}
	})
}

func TestValidateConfig(t *testing.T) {
	ok := SMTPConfig{Host: "smtp.example.nl", From: "Volwaardig <noreply@example.nl>"}
	tests := []struct {
		name    string
		modify  func(c *SMTPConfig)
		wantErr bool
	}{
		{"valid", func(c *SMTPConfig) {}, false},
		{"off", func(c *SMTPConfig) { *c = SMTPConfig{} }, false},
		{"bad from", func(c *SMTPConfig) { c.From = "noreply" }, true},
		{"from with newline", func(c *SMTPConfig) { c.From = "a@b.nl\r\nBcc: x@y.nl" }, true},
		{"bad mode", func(c *SMTPConfig) { c.TLS = "ssl" }, true},
		{"bad port", func(c *SMTPConfig) { c.Port = 70000 }, true},
		{"password in clear over network", func(c *SMTPConfig) { c.TLS, c.Username, c.Password = TLSNone, "u", "p" }, true},
		{"password in clear to loopback", func(c *SMTPConfig) { c.TLS, c.Host, c.Username = TLSNone, "127.0.0.1", "u" }, false},
		{"base url without scheme", func(c *SMTPConfig) { c.BaseURL = "volwaardig.example.nl" }, true},
		{"host with slash", func(c *SMTPConfig) { c.Host = "smtp.example.nl/x" }, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := ok
			tc.modify(&c)
			if err := c.Validate(); (err != nil) != tc.wantErr {
				t.Errorf("Validate() = %v, want error %v", err, tc.wantErr)
			}
		})
	}
	for in, want := range map[string]TLSMode{"": TLSStartTLS, "STARTTLS": TLSStartTLS, "tls": TLSImplicit, " none ": TLSNone} {
		if got, err := ParseTLSMode(in); err != nil || got != want {
			t.Errorf("ParseTLSMode(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseTLSMode("ssl"); err == nil {
		t.Error("ParseTLSMode accepted ssl")
	}
}

func TestRunSendsAndStops(t *testing.T) {
	t.Parallel() // most of the time is Python starting the SMTP server
	sink := startSink(t)
	d := dbtest.SQLite(t, sets()...)
	cfg := plainConfig(sink.port)
	cfg.PollInterval = 20 * time.Millisecond
	s := New(d, db.SystemClock{}, cfg, nil)
	anna := addUser(t, d, "anna", auth.RoleCOT, "anna.devries@zorg.example")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	if err := s.Notify(context.Background(), crisisNote(anna)); err != nil {
		t.Fatal(err)
	}
	// Wait (without a timing assertion) until Run has sent it.
	for emailState(t, d, onlyID(t, s, anna)).status != EmailSent {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run returned %v after cancel", err)
	}
	bad := New(d, db.SystemClock{}, SMTPConfig{Host: "x", From: "nope"}, nil)
	if err := bad.Run(context.Background()); err == nil {
		t.Error("Run accepted an invalid configuration")
	}
}

func TestSendWithAuth(t *testing.T) {
	t.Parallel() // most of the time is Python starting the SMTP server
	certFile, keyFile, pool := selfSigned(t)
	sink := startAuthSink(t, "volwaardig", "geheim-wachtwoord-42", certFile, keyFile)
	tests := []struct {
		name, user, password string
		wantSent             bool
		reason               string
	}{
		{"right password", "volwaardig", "geheim-wachtwoord-42", true, ""},
		{"wrong password", "volwaardig", "fout-wachtwoord", false, "auth: smtp 535"},
		{"no credentials", "", "", false, "mail: smtp 530"}, // the server requires AUTH
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := dbtest.SQLite(t, sets()...)
			ctx := context.Background()
			before := sink.snapshot(t)
			cfg := plainConfig(sink.port)
			cfg.TLS, cfg.RootCAs, cfg.Username, cfg.Password = TLSStartTLS, pool, tc.user, tc.password
			logger, logs := logBuffer()
			s := New(d, db.NewManualClock(start), cfg, logger)
			anna := addUser(t, d, "anna", auth.RoleCOT, "anna.devries@zorg.example")
			if err := s.Notify(ctx, crisisNote(anna)); err != nil {
				t.Fatal(err)
			}
			sent, err := s.SendDue(ctx)
			if err != nil {
				t.Fatal(err)
			}
			msgs := sink.messages(t, before)
			st := emailState(t, d, onlyID(t, s, anna))
			if tc.wantSent {
				if sent != 1 || len(msgs) != 1 || msgs[0].envelopeTo != "anna.devries@zorg.example" || st.status != EmailSent {
					t.Errorf("sent %d, server got %d, status %s; want delivered to anna\n%s", sent, len(msgs), st.status, logs)
				}
			} else {
				if sent != 0 || len(msgs) != 0 || st.status != EmailPending {
					t.Errorf("sent %d, server got %d, status %s; want nothing delivered and a retry", sent, len(msgs), st.status)
				}
				if !strings.Contains(logs.String(), `reason="`+tc.reason+`"`) {
					t.Errorf("log does not give reason %q:\n%s", tc.reason, logs)
				}
			}
			if tc.password != "" && strings.Contains(logs.String(), tc.password) {
				t.Errorf("log contains the SMTP password:\n%s", logs)
			}
			assertNoPersonalData(t, logs.String())
		})
	}
}
