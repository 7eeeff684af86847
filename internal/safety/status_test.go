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

// TestReplyFromMine: a reporter with an account writes back on their own
// page "Mijn meldingen", without the status code; the message is stored
// as theirs and audited. Another account's report id is not found, nothing
// is stored or shown, and the refusal is audited; an empty message names
// the field of that report's form.
func TestReplyFromMine(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		f.submit(t, f.client, report("melding", "client"))
		mine := f.lastReport(t)
		f.submit(t, f.relative, report("melding", "naaste"))
		theirs := f.lastReport(t)
		page := f.get(t, f.client, "/meldingen/mijn").Body.String()
		action := `action="/meldingen/mijn/` + itoa(int(mine)) + `/bericht"`
		if !strings.Contains(page, action) || strings.Contains(page, `action="/meldingen/mijn/`+itoa(int(theirs))+`/bericht"`) {
			t.Fatalf("the client's page does not offer a reply form for exactly her own report: %.2000s", page)
		}
		field := "bericht-" + itoa(int(mine))
		rec := f.post(t, f.client, "/meldingen/mijn/"+itoa(int(mine))+"/bericht", url.Values{field: {""}})
		if rec.Code != 422 || !strings.Contains(rec.Body.String(), `href="#`+field+`"`) || !strings.Contains(rec.Body.String(), `id="`+field+`-fout"`) {
			t.Fatalf("empty reply: %d, want the error at the report's own field", rec.Code)
		}
		rec = f.post(t, f.client, "/meldingen/mijn/"+itoa(int(mine))+"/bericht", url.Values{field: {"Donderdag kan ik om 14 uur."}})
		if rec.Code != 303 || !strings.HasPrefix(rec.Header().Get("Location"), "/meldingen/mijn") {
			t.Fatalf("reply: %d %s", rec.Code, rec.Header().Get("Location"))
		}
		if n := f.count(t, `SELECT COUNT(*) FROM safety_messages WHERE report_id = $1 AND from_reporter = $2 AND author_id = $3`, mine, true, f.client.UserID); n != 1 {
			t.Errorf("%d replies stored as the client's", n)
		}
		page = f.get(t, f.client, rec.Header().Get("Location")).Body.String()
		if !strings.Contains(page, "Donderdag kan ik om 14 uur.") || !strings.Contains(page, "Uw bericht is verstuurd.") {
			t.Error("the reply or its confirmation is not on the reporter's page")
		}
		if !strings.Contains(f.get(t, f.adviser, "/meldingen/behandelen/"+itoa(int(mine))).Body.String(), "Donderdag kan ik om 14 uur.") {
			t.Error("the adviser does not read the reply")
		}
		// The relative's report, by its id, as the client: not found.
		theirField := "bericht-" + itoa(int(theirs))
		rec = f.post(t, f.client, "/meldingen/mijn/"+itoa(int(theirs))+"/bericht", url.Values{theirField: {"Ik lees mee"}})
		if rec.Code != 404 || strings.Contains(rec.Body.String(), "raakt mij aan") {
			t.Fatalf("another account's report: %d, want 404 with nothing of it", rec.Code)
		}
		rec = f.post(t, f.client, "/meldingen/mijn/"+itoa(int(theirs))+"/bericht", url.Values{theirField: {""}})
		if rec.Code != 404 {
			t.Errorf("another account's report with an empty message: %d, want 404", rec.Code)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM safety_messages WHERE report_id = $1`, theirs); n != 0 {
			t.Errorf("%d messages stored on another account's report", n)
		}
		var denied, written bool
		for _, e := range f.entries(t, "safety_report") {
			if e.UserID == f.client.UserID && e.ObjectID == itoa(int(theirs)) && e.Outcome == "denied" {
				denied = true
			}
			if e.UserID == f.client.UserID && e.ObjectID == itoa(int(mine)) && e.Action == "update" && e.Outcome != "denied" {
				written = true
			}
		}
		if !denied || !written {
			t.Errorf("audit: refusal recorded %v, reply recorded %v", denied, written)
		}
		// A closed report takes no more messages and has no form.
		if err := f.s.Close(t.Context(), f.adviser, mine, "Afgerond na gesprek."); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(f.get(t, f.client, "/meldingen/mijn").Body.String(), action) {
			t.Error("a closed report still offers the reply form")
		}
		rec = f.post(t, f.client, "/meldingen/mijn/"+itoa(int(mine))+"/bericht", url.Values{field: {"Nog iets"}})
		if rec.Code != 422 || !strings.Contains(rec.Body.String(), "Deze melding is afgesloten.") {
			t.Errorf("reply to a closed report: %d", rec.Code)
		}
	})
}
