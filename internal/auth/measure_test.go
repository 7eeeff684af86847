package auth_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
)

// Measurements for issue 9, not guards: run with
// VOLWAARDIG_MEASURE=1 go test ./internal/auth/ -run Measure -v

// TestMeasureParallelLoginMemory: heap in use by 60 parallel logins with
// the bound lifted (60, as before the fix) and with the default bound.
func TestMeasureParallelLoginMemory(t *testing.T) {
	if os.Getenv("VOLWAARDIG_MEASURE") == "" {
		t.Skip("a measurement; set VOLWAARDIG_MEASURE=1")
	}
	for _, max := range []int{60, 0} {
		d := dbtest.SQLite(t, sets()...)
		clock := db.NewManualClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
		s, _ := auth.New(d, clock, auth.Config{Secret: secret, Keys: testRing(t), MaxPasswordChecks: max, PasswordCheckWait: time.Minute}, slog.New(slog.DiscardHandler))
		runtime.GC()
		var base runtime.MemStats
		runtime.ReadMemStats(&base)
		var peak atomic.Uint64
		stop := make(chan struct{})
		go func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				if v := m.HeapInuse; v > peak.Load() {
					peak.Store(v)
				}
				time.Sleep(2 * time.Millisecond)
			}
		}()
		var wg sync.WaitGroup
		start := time.Now()
		for i := 0; i < 60; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, _ = s.Login(context.Background(), fmt.Sprintf("u%d", i), "wrong password", fmt.Sprintf("10.0.%d.1", i), "")
			}()
		}
		wg.Wait()
		close(stop)
		_, hp := s.PasswordChecks()
		fmt.Printf("MaxPasswordChecks=%d: 60 parallel logins, peak heap in use %d MiB above base, %d concurrent hashes at most, %v\n", max, (peak.Load()-base.HeapInuse)>>20, hp, time.Since(start).Round(time.Millisecond))
	}
}

// TestMeasureCodeGuessing: how many of 400 wrong TOTP codes from one
// address are checked at all (before the fix: all 400).
func TestMeasureCodeGuessing(t *testing.T) {
	if os.Getenv("VOLWAARDIG_MEASURE") == "" {
		t.Skip("a measurement; set VOLWAARDIG_MEASURE=1")
	}
	d := dbtest.SQLite(t, sets()...)
	s, clock := newService(t, d, false)
	id, key := enrolled(t, s, clock, "jan")
	ctx := context.Background()
	checked, locked, ended, sessions := 0, 0, 0, 0
	tok := ""
	for i := 0; i < 400; i++ {
		if tok == "" {
			res, err := s.Login(ctx, "jan", goodPassword, "192.0.2.1", "")
			if err != nil {
				locked++
				continue
			}
			tok = res.Token
			sessions++
		}
		err := s.VerifyTOTP(ctx, id, wrongCode(key, clock.Now()), "192.0.2.1", tok)
		var le *auth.LockedError
		switch {
		case errors.Is(err, auth.ErrBadCode):
			checked++
		case errors.Is(err, auth.ErrTooManyCodes):
			checked++
			ended++
			tok = ""
		case errors.As(err, &le):
			locked++
		}
	}
	fmt.Printf("400 wrong codes from one address: %d checked, %d refused by the lock, %d sessions ended, %d sessions started\n", checked, locked, ended, sessions)
}
