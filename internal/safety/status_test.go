package safety

import (
	"net/url"
	"strings"
	"testing"
)

// TestStatusByCode: the reporter follows the report with the code (posted,
// in any case and with or without dashes), reads the adviser's message and
// writes back; a closed report takes no more messages.
func TestStatusByCode(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		code := f.submit(t, nil, report("melding", "client"))
		id := f.lastReport(t)
		if err := f.s.SendMessage(t.Context(), f.adviser, id, "Kunnen we donderdag praten?"); err != nil {
			t.Fatal(err)
		}
		typed := strings.ToLower(strings.ReplaceAll(code, "-", " "))
		rec := f.post(t, nil, "/meldingen/status", url.Values{"code": {typed}})
		body := rec.Body.String()
		if rec.Code != 200 || !strings.Contains(body, "Kunnen we donderdag praten?") || !strings.Contains(body, "Zorg Utrecht") || !strings.Contains(body, "In behandeling") {
			t.Fatalf("status page: %d %.500s", rec.Code, body)
		}
		rec = f.post(t, nil, "/meldingen/status", url.Values{"code": {code}, "actie": {"bericht"}, "bericht": {"Ja, dat is goed."}})
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), "Uw bericht is verstuurd.") {
			t.Fatalf("reply: %d", rec.Code)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM safety_messages WHERE report_id = $1 AND from_reporter = $2`, id, true); n != 1 {
			t.Errorf("%d replies stored", n)
		}
		rec = f.post(t, nil, "/meldingen/status", url.Values{"code": {code}, "actie": {"bericht"}, "bericht": {""}})
		if rec.Code != 422 || !strings.Contains(rec.Body.String(), `href="#bericht"`) {
			t.Errorf("empty reply: %d", rec.Code)
		}
		if err := f.s.Close(t.Context(), f.adviser, id, "Afgerond na gesprek."); err != nil {
			t.Fatal(err)
		}
		rec = f.post(t, nil, "/meldingen/status", url.Values{"code": {code}, "actie": {"bericht"}, "bericht": {"Nog iets"}})
		if rec.Code != 422 || !strings.Contains(rec.Body.String(), "Deze melding is afgesloten.") {
			t.Errorf("reply to a closed report: %d", rec.Code)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM safety_messages WHERE report_id = $1 AND from_reporter = $2`, id, true); n != 1 {
			t.Errorf("%d replies stored after closing", n)
		}
	})
}

// TestGuessedCodesRateLimited: a wrong code is a clear error; after
// MaxLookups wrong codes from one address even the right code is refused
// until the window ends.
func TestGuessedCodesRateLimited(t *testing.T) {
	dbtestEach(t, Config{MaxLookups: 3}, func(t *testing.T, f *fixture) {
		code := f.submit(t, nil, report("advies", "client"))
		for i := 0; i < 3; i++ {
			rec := f.post(t, nil, "/meldingen/status", url.Values{"code": {"AAAA-BBBB-CCCC-DDDD"}})
			if rec.Code != 422 || !strings.Contains(rec.Body.String(), "Deze code kennen wij niet.") {
				t.Fatalf("wrong code %d: %d", i, rec.Code)
			}
		}
		rec := f.post(t, nil, "/meldingen/status", url.Values{"code": {code}})
		if rec.Code != 429 || strings.Contains(rec.Body.String(), "Zorg Utrecht") {
			t.Fatalf("right code after too many guesses: %d, want 429 without the report", rec.Code)
		}
		f.clock.Advance(f.s.cfg.Window)
		if rec := f.post(t, nil, "/meldingen/status", url.Values{"code": {code}}); rec.Code != 200 {
			t.Errorf("after the window: %d", rec.Code)
		}
	})
}

// TestCodeHandling: codes are 16 characters of the alphabet, different
// each time, and typed forms normalise; anything else is no code.
func TestCodeHandling(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 1000; i++ {
		c := NewStatusCode()
		n := normaliseCode(c)
		if len(n) != 16 || seen[n] || strings.Trim(n, codeAlphabet) != "" {
			t.Fatalf("code %q: normalised %q, repeated %v", c, n, seen[n])
		}
		seen[n] = true
	}
	for _, bad := range []string{"", "ABC", "AAAA-BBBB-CCCC-DDD!", strings.Repeat("A", 65), "AAAA-BBBB-CCCC-DDDD-E"} {
		if normaliseCode(bad) != "" {
			t.Errorf("%q accepted as a code", bad)
		}
	}
	if hashCode("k7qx m2pa 9rtd w4hb") != hashCode("K7QX-M2PA-9RTD-W4HB") {
		t.Error("typed forms of one code hash differently")
	}
}
