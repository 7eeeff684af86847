package safety

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/volwaardig/volwaardig/internal/db"
)

// limiter counts submissions and wrong status codes per address without
// keeping the address: it keys on an HMAC of the address with a random key
// that lives only in memory and is replaced every window, which also
// forgets every count. After a rotation nobody, not even with the
// database, can tell which address made which count.
type limiter struct {
	mu     sync.Mutex
	clock  db.Clock
	window time.Duration
	key    [32]byte
	since  time.Time
	counts map[string]int
}

func newLimiter(clock db.Clock, window time.Duration) *limiter {
	l := &limiter{clock: clock, window: window}
	l.rotate(clock.Now())
	return l
}

func (l *limiter) rotate(now time.Time) {
	if _, err := rand.Read(l.key[:]); err != nil {
		panic("safety: no randomness: " + err.Error())
	}
	l.since, l.counts = now, map[string]int{}
}

// addressOf is the request's address without its port; web.TrustedProxies
// has already put the trusted client address in RemoteAddr.
func addressOf(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (l *limiter) keyFor(kind, addr string) string {
	m := hmac.New(sha256.New, l.key[:])
	m.Write([]byte(kind + "\x00" + addr))
	return string(m.Sum(nil)[:16])
}

// over reports whether the address has used up max of kind in this window.
func (l *limiter) over(kind, addr string, max int) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now := l.clock.Now(); now.Sub(l.since) >= l.window {
		l.rotate(now)
	}
	return l.counts[l.keyFor(kind, addr)] >= max
}

// add counts one of kind for the address.
func (l *limiter) add(kind, addr string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now := l.clock.Now(); now.Sub(l.since) >= l.window {
		l.rotate(now)
	}
	l.counts[l.keyFor(kind, addr)]++
}
