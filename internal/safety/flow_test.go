package safety

import (
	"context"
	"html"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// TestFlowOneURLToStatusCode walks the whole public flow without logging
// in: every step is POSTed to /meldingen and answered there (no redirect,
// so no report data reaches an address or a history entry), earlier
// choices travel in hidden fields, and the last step stores the report
// for the provider named and shows a status code once.
func TestFlowOneURLToStatusCode(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		rec := f.get(t, nil, "/meldingen")
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), `data-snel-weg`) || !strings.Contains(rec.Body.String(), `src="/meldingen/snel-weg.js"`) {
			t.Fatalf("start page: %d, quick exit or its script missing", rec.Code)
		}
		steps := []url.Values{
			{"stap": {"soort"}, "soort": {"melding"}},
			{"stap": {"situatie"}, "soort": {"melding"}, "situatie": {"zorg"}},
			{"stap": {"aanbieder"}, "soort": {"melding"}, "situatie": {"zorg"}, "aanbieder": {"zorg utrecht"}, "wie": {"client"}},
		}
		wants := []string{`name="situatie"`, `name="aanbieder"`, `name="wat"`}
		for i, form := range steps {
			rec := f.post(t, nil, "/meldingen", form)
			if rec.Code != 200 || rec.Header().Get("Location") != "" {
				t.Fatalf("step %d: %d, location %q", i+1, rec.Code, rec.Header().Get("Location"))
			}
			body := rec.Body.String()
			if !strings.Contains(body, wants[i]) || !strings.Contains(body, `action="/meldingen"`) || !strings.Contains(body, `data-snel-weg`) {
				t.Fatalf("step %d does not show the next step at the same URL with the quick exit: %.600s", i+1, body)
			}
		}
		code := f.submit(t, nil, report("melding", "client"))
		if len(normaliseCode(code)) != 16 {
			t.Fatalf("code %q is not 16 characters", code)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM safety_reports WHERE provider_id = $1 AND kind = 'melding' AND reporter_group = 'client' AND reporter_id IS NULL AND client_id IS NULL`, f.org); n != 1 {
			t.Fatalf("%d anonymous reports stored for Zorg Utrecht, want 1", n)
		}
		// Only the hash is kept: the code itself is nowhere in the table.
		var what, hash string
		if err := f.d.QueryRowContext(context.Background(), `SELECT what_happened, code_hash FROM safety_reports`).Scan(&what, &hash); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(hash, normaliseCode(code)) || hash != hashCode(code) {
			t.Errorf("stored %q for code %q: want its hash only", hash, code)
		}
	})
}

// TestAnonymousSubmissionAuditedWithoutTraces: an anonymous report is
// audited with no user, no address and no object id, in the real log.
func TestAnonymousSubmissionAuditedWithoutTraces(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		code := f.submit(t, nil, report("advies", "naaste"))
		rec := f.post(t, nil, "/meldingen/status", url.Values{"code": {code}})
		if rec.Code != 200 {
			t.Fatalf("status: %d", rec.Code)
		}
		es := f.entries(t, "safety_report")
		if len(es) != 2 {
			t.Fatalf("%d audit entries, want the submission and the status read", len(es))
		}
		for _, e := range es {
			if e.UserID != 0 || e.ObjectID != "" || e.Source != "" || e.ClientID != 0 {
				t.Errorf("anonymous entry holds traces: %+v", e)
			}
		}
		// A logged-in reporter is audited as who they are.
		f.submit(t, f.client, report("melding", ""))
		es = f.entries(t, "safety_report")
		last := es[len(es)-1]
		if last.UserID != f.client.UserID || last.ClientID != f.clientID || last.ObjectID == "" {
			t.Errorf("a logged-in client's report is audited as %+v", last)
		}
	})
}

// TestRoutingAdviceStoresNothing: danger now gets 112, at home Veilig
// Thuis; nothing is stored but an anonymous count.
func TestRoutingAdviceStoresNothing(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		for sit, want := range map[string]string{"gevaar": `href="tel:112"`, "thuis": "0800-2000"} {
			rec := f.post(t, nil, "/meldingen", url.Values{"stap": {"situatie"}, "soort": {"melding"}, "situatie": {sit}})
			if rec.Code != 200 || !strings.Contains(rec.Body.String(), want) || !strings.Contains(rec.Body.String(), "Wij hebben niets van u bewaard.") {
				t.Errorf("%s: %d, want the routing advice %q", sit, rec.Code, want)
			}
		}
		if n := f.count(t, `SELECT COUNT(*) FROM safety_reports`); n != 0 {
			t.Errorf("%d reports stored for routing advice", n)
		}
		if n := f.count(t, `SELECT COALESCE(SUM(n), 0) FROM safety_routing`); n != 2 {
			t.Errorf("routing count %d, want 2", n)
		}
		if n := len(f.entries(t, "safety_report")); n != 0 {
			t.Errorf("%d audit entries for routing advice", n)
		}
	})
}

// TestFlowAllErrorsAtOnce: an empty last step names every field to fill
// in, at once, and stores nothing.
func TestFlowAllErrorsAtOnce(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		form := url.Values{"stap": {"verhaal"}, "soort": {"melding"}, "situatie": {"zorg"}, "aanbieder": {"Zorg Utrecht"}, "wie": {"client"}}
		rec := f.post(t, nil, "/meldingen", form)
		if rec.Code != 422 {
			t.Fatalf("empty report: %d, want 422", rec.Code)
		}
		body := rec.Body.String()
		for _, field := range []string{"wat", "waar", "nog_bezig", "veilig"} {
			if !strings.Contains(body, `href="#`+field+`"`) {
				t.Errorf("error summary does not name %s", field)
			}
		}
		if n := f.count(t, `SELECT COUNT(*) FROM safety_reports`); n != 0 {
			t.Errorf("%d reports stored from an empty form", n)
		}
	})
}

// TestFlowBadInput: oversized text, an unknown provider and a tampered
// step are refused with a clear error and nothing is written; script in
// the text is stored as typed and shown escaped.
func TestFlowBadInput(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		long := report("melding", "client")
		long.Set("wat", strings.Repeat("a", maxWhat+1))
		rec := f.post(t, nil, "/meldingen", long)
		if rec.Code != 422 || !strings.Contains(rec.Body.String(), "is te lang") {
			t.Errorf("oversized text: %d", rec.Code)
		}
		unknown := report("melding", "client")
		unknown.Set("aanbieder", "Zorg Nergens")
		rec = f.post(t, nil, "/meldingen", unknown)
		if rec.Code != 422 || !strings.Contains(rec.Body.String(), "Wij kennen geen zorgaanbieder met deze naam") || !strings.Contains(rec.Body.String(), `name="aanbieder"`) {
			t.Errorf("unknown provider: %d, want the provider step again with its error", rec.Code)
		}
		tampered := report("melding", "client")
		tampered.Set("situatie", "ergens")
		rec = f.post(t, nil, "/meldingen", tampered)
		if rec.Code != 422 || !strings.Contains(rec.Body.String(), `name="situatie"`) {
			t.Errorf("tampered hidden field: %d, want the situation step again", rec.Code)
		}
		huge := report("melding", "client")
		huge.Set("betrokken", strings.Repeat("x", formLimit))
		if rec := f.post(t, nil, "/meldingen", huge); rec.Code != 413 {
			t.Errorf("form over the body limit: %d, want 413", rec.Code)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM safety_reports`); n != 0 {
			t.Fatalf("%d reports stored from bad input", n)
		}
		script := report("melding", "client")
		script.Set("wat", `<script>alert("x")</script> en toen`)
		f.submit(t, nil, script)
		id := f.lastReport(t)
		rec = f.get(t, f.adviser, "/meldingen/behandelen/"+itoa(int(id)))
		if rec.Code != 200 || strings.Contains(rec.Body.String(), `<script>alert`) || !strings.Contains(rec.Body.String(), `&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; en toen`) {
			t.Errorf("script in text not shown escaped: %d", rec.Code)
		}
	})
}

// TestRateLimitStillShows112: over the limit of an address nothing more is
// stored, but the reporter still sees 112 and Veilig Thuis; routing
// advice is never limited.
func TestRateLimitStillShows112(t *testing.T) {
	dbtestEach(t, Config{MaxReports: 2}, func(t *testing.T, f *fixture) {
		f.submit(t, nil, report("melding", "client"))
		f.submit(t, nil, report("advies", "client"))
		rec := f.post(t, nil, "/meldingen", report("melding", "client"))
		body := rec.Body.String()
		if rec.Code != 429 || !strings.Contains(body, `Bent u nu in gevaar? Bel 112.`) || !strings.Contains(body, "0800-2000") || findCode(body) != "" {
			t.Errorf("over the limit: %d, want 429 with the 112 advice and no code", rec.Code)
		}
		// What the reporter wrote is not lost: it is on the page to copy.
		if !strings.Contains(body, `readonly`) || !strings.Contains(body, "Een begeleider raakt mij aan en ik wil dat niet.") {
			t.Errorf("over the limit the reporter's text is gone")
		}
		if n := f.count(t, `SELECT COUNT(*) FROM safety_reports`); n != 2 {
			t.Errorf("%d reports stored, want 2", n)
		}
		rec = f.post(t, nil, "/meldingen", url.Values{"stap": {"situatie"}, "soort": {"melding"}, "situatie": {"gevaar"}})
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), `href="tel:112"`) {
			t.Errorf("danger advice over the limit: %d", rec.Code)
		}
		// In easy-read the refusal has its own short sentences, in Dutch
		// and English, and still the 112 advice and the text to copy.
		for lang, want := range map[string][2]string{"nl": {"Daarom kan het nu even niet.", "Bel toch 112."}, "en": {"That is why it cannot be done right now.", "Call 112 anyway."}} {
			rec = f.post(t, nil, "/meldingen?eenvoudig=1&lang="+lang, report("melding", "client"))
			body = html.UnescapeString(rec.Body.String())
			if rec.Code != 429 || !strings.Contains(body, want[0]) || !strings.Contains(body, want[1]) || strings.Contains(body, "Vanaf deze verbinding zijn al veel meldingen gedaan.") ||
				!strings.Contains(body, "Een begeleider raakt mij aan en ik wil dat niet.") {
				t.Errorf("easy-read refusal (%s): %d, want its own text %q and %q", lang, rec.Code, want[0], want[1])
			}
		}
		if missing := f.rd.Catalog.Missing(); len(missing) > 0 {
			t.Errorf("rendered in English without translation: %q", missing)
		}
		// The window ends: the key rotates and the count is forgotten.
		f.clock.Advance(f.s.cfg.Window)
		f.submit(t, nil, report("melding", "client"))
	})
}

// TestLimiterKeepsNoAddress: the limiter's keys are keyed hashes, never
// the address, and change with the key.
func TestLimiterKeepsNoAddress(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		l := f.s.limit
		l.add("melding", "192.0.2.1")
		for k := range l.counts {
			if strings.Contains(k, "192.0.2.1") {
				t.Fatal("the limiter keeps the address")
			}
		}
		before := l.keyFor("melding", "192.0.2.1")
		f.clock.Advance(f.s.cfg.Window)
		if l.over("melding", "192.0.2.1", 1) {
			t.Error("the count survived the window")
		}
		if l.keyFor("melding", "192.0.2.1") == before {
			t.Error("the key did not rotate")
		}
	})
}

// TestFlowProviderByPart: a reporter who types only part of the provider's
// name ("utrecht") goes on when it fits one provider, and the next step
// carries the full name; a part that fits several providers names some of
// them; too short a part is not guessed.
func TestFlowProviderByPart(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		step := func(name string) *httptest.ResponseRecorder {
			return f.post(t, nil, "/meldingen", url.Values{"stap": {"aanbieder"}, "soort": {"melding"}, "situatie": {"zorg"}, "aanbieder": {name}, "wie": {"client"}, "actie": {"volgende"}})
		}
		rec := step("  utrecht ")
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), `name="aanbieder" value="Zorg Utrecht"`) || !strings.Contains(rec.Body.String(), `name="wat"`) {
			t.Fatalf("part of one provider's name: %d", rec.Code)
		}
		// The reporter typed a part; the last step names the provider it
		// found before anything is sent, so a wrong guess can be mended
		// with "Terug" (it was named only after sending).
		for _, want := range []string{"Uw bericht gaat naar de vertrouwenspersoon van <strong>Zorg Utrecht</strong>.", "Is dit niet de goede zorgaanbieder? Kies dan Terug."} {
			if !strings.Contains(rec.Body.String(), want) {
				t.Errorf("the story step does not say %q", want)
			}
		}
		rec = step("Zorg")
		if rec.Code != 422 || !strings.Contains(rec.Body.String(), "Er zijn 2 zorgaanbieders met deze naam. Typ de hele naam, bijvoorbeeld") {
			t.Errorf("part of two names: %d", rec.Code)
		}
		if rec = step("Zo"); rec.Code != 422 || !strings.Contains(rec.Body.String(), "Wij kennen geen zorgaanbieder met deze naam") {
			t.Errorf("two letters: %d", rec.Code)
		}
	})
}

// TestQuickExitBeforeErrors: on a step sent back with its errors the quick
// exit is still the first thing on the page, before the error summary.
func TestQuickExitBeforeErrors(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		rec := f.post(t, nil, "/meldingen", url.Values{"stap": {"verhaal"}, "soort": {"melding"}, "situatie": {"zorg"}, "aanbieder": {"Zorg Utrecht"}, "wie": {"client"}, "actie": {"volgende"}})
		body := rec.Body.String()
		exit, summary := strings.Index(body, "data-snel-weg"), strings.Index(body, `class="error-summary"`)
		if rec.Code != 422 || exit < 0 || summary < 0 || exit > summary {
			t.Errorf("status %d: quick exit at %d, error summary at %d", rec.Code, exit, summary)
		}
		if n := strings.Count(body, "data-snel-weg"); n != 1 {
			t.Errorf("%d quick exits on the page", n)
		}
	})
}

// TestStoryStepAddressesWhoReports: the last step asks a client whether
// she is safe now, and a relative or a professional whether the client is;
// the hint for the place speaks of "my room" only to the client.
func TestStoryStepAddressesWhoReports(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		for who, want := range map[string][2]string{
			"client":     {"Bent u nu veilig?", "op mijn kamer"},
			"naaste":     {"Is de cliënt nu veilig?", "op de kamer van de cliënt"},
			"medewerker": {"Is de cliënt nu veilig?", "op de kamer van de cliënt"},
		} {
			rec := f.post(t, nil, "/meldingen", url.Values{"stap": {"aanbieder"}, "soort": {"melding"}, "situatie": {"zorg"}, "aanbieder": {"zorg utrecht"}, "wie": {who}})
			body := html.UnescapeString(rec.Body.String())
			if rec.Code != 200 || !strings.Contains(body, want[0]) || !strings.Contains(body, want[1]) {
				t.Errorf("%s at step 4: %d, want %q and %q", who, rec.Code, want[0], want[1])
			}
			if who != "client" && (strings.Contains(body, "Bent u nu veilig?") || strings.Contains(body, "op mijn kamer")) {
				t.Errorf("%s at step 4 is addressed as the client", who)
			}
		}
	})
}

// TestStoryStepTellsWhereTheAnswerIs: at step 4 a logged-in reporter is
// told the answer waits under Mijn meldingen; an anonymous one that it is
// read with the code.
func TestStoryStepTellsWhereTheAnswerIs(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		step := url.Values{"stap": {"aanbieder"}, "soort": {"melding"}, "situatie": {"zorg"}, "aanbieder": {"zorg utrecht"}, "wie": {"client"}}
		body := f.post(t, f.client, "/meldingen", step).Body.String()
		if !strings.Contains(body, "dan leest u het antwoord bij Mijn meldingen") || strings.Contains(body, "dan leest u het antwoord met uw code") {
			t.Error("a logged-in client is sent to the code for the answer")
		}
		body = f.post(t, nil, "/meldingen", step).Body.String()
		if !strings.Contains(body, "dan leest u het antwoord met uw code") {
			t.Error("an anonymous reporter is not told to read the answer with the code")
		}
	})
}

// TestEasyReadStepsHaveTheirOwnTexts: in easy-read every step of the flow
// and its outcomes carry a text written for easy-read (short sentences,
// one idea on each line), not the standard text with word explanations;
// the standard flow does not show the easy-read texts; both read in
// English with nothing left untranslated.
func TestEasyReadStepsHaveTheirOwnTexts(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		step := func(vs ...string) url.Values {
			v := url.Values{"actie": {"volgende"}}
			for i := 0; i+1 < len(vs); i += 2 {
				v.Set(vs[i], vs[i+1])
			}
			return v
		}
		cases := []struct {
			name      string
			get       bool
			form      url.Values
			easy, std []string
			easyEN    string
		}{
			{"step 1", true, nil,
				[]string{"Of heeft iemand u aangeraakt, en wilde u dat niet?", "Uw naam zeggen hoeft niet.", "Iemand gaat dat uitzoeken.", "Kunt u niet praten? Bel toch 112."},
				[]string{"Hier kunt u het vertellen.", "U krijgt advies. U hoeft uw naam niet te zeggen.", "of stuur een sms naar 112"}, "Or has someone touched you, and you did not want that?"},
			{"step 2", false, step("stap", "soort", "soort", "melding"),
				[]string{"Kies wat het beste past.", "Iemand thuis doet het.", "Bijvoorbeeld een begeleider of een andere cliënt."},
				[]string{"Het gebeurt nu, of het kan zo weer gebeuren.", "Door iemand van uw familie"}, "Someone in care does it."},
			{"step 3", false, step("stap", "situatie", "soort", "melding", "situatie", "zorg"),
				[]string{"Welke zorgaanbieder?", "Een zorgaanbieder is de organisatie die de zorg geeft.", "Typ de naam. Kies dan de naam uit de lijst.", "Ik krijg zelf zorg"},
				[]string{"Over wie gaat het?", "Typ de naam en kies uit de lijst.", "Ik ben cliënt"}, "A care provider is the organisation that gives the care."},
			{"step 4", false, step("stap", "aanbieder", "soort", "melding", "situatie", "zorg", "aanbieder", "Zorg Utrecht", "wie", "client"),
				[]string{"Gebruik uw eigen woorden.", "Is schrijven moeilijk? Vraag iemand om te helpen.", "Bijvoorbeeld: op mijn kamer. Of in de bus.", "Zonder nummer leest u het antwoord met uw code."},
				[]string{"Schrijf het op in uw eigen woorden.", "op mijn kamer, in de bus", "U mag dit leeg laten"}, "Is writing hard? Ask someone to help."},
			{"danger", false, step("stap", "situatie", "soort", "melding", "situatie", "gevaar"),
				[]string{"Dan komt er snel hulp.", "Ga als het kan naar een plek met andere mensen."},
				[]string{"De politie of de ambulance komt dan snel."}, "Then help comes quickly."},
			{"at home", false, step("stap", "situatie", "soort", "melding", "situatie", "thuis"),
				[]string{"U kunt altijd bellen, ook 's nachts.", "Samen kijkt u wat er moet gebeuren."},
				[]string{"U mag anoniem bellen"}, "You can always call, also at night."},
		}
		page := func(c int, target string) string {
			t.Helper()
			var rec *httptest.ResponseRecorder
			if cases[c].get {
				rec = f.get(t, nil, target)
			} else {
				rec = f.post(t, nil, target, cases[c].form)
			}
			if rec.Code != 200 {
				t.Fatalf("%s %s: %d", cases[c].name, target, rec.Code)
			}
			return html.UnescapeString(rec.Body.String())
		}
		for i, c := range cases {
			easy, std, en := page(i, "/meldingen?eenvoudig=1"), page(i, "/meldingen?eenvoudig=0"), page(i, "/meldingen?eenvoudig=1&lang=en")
			for _, s := range c.easy {
				if !strings.Contains(easy, s) {
					t.Errorf("%s in easy-read lacks its own text %q", c.name, s)
				}
				if strings.Contains(std, s) {
					t.Errorf("%s in the standard version shows the easy-read text %q", c.name, s)
				}
			}
			for _, s := range c.std {
				if strings.Contains(easy, s) {
					t.Errorf("%s in easy-read still shows the standard text %q", c.name, s)
				}
				if !strings.Contains(std, s) {
					t.Errorf("%s in the standard version lacks %q", c.name, s)
				}
			}
			if !strings.Contains(en, c.easyEN) {
				t.Errorf("%s in easy-read English lacks %q", c.name, c.easyEN)
			}
		}
		// The outcome with the status code, in easy-read.
		rec := f.post(t, nil, "/meldingen?eenvoudig=1", report("melding", "client"))
		body := html.UnescapeString(rec.Body.String())
		if findCode(rec.Body.String()) == "" || !strings.Contains(body, "U ziet de code maar 1 keer.") || !strings.Contains(body, "Met de code leest u ook het antwoord.") ||
			strings.Contains(body, "Schrijf deze code op. U ziet hem maar één keer.") {
			t.Errorf("the easy-read outcome does not carry its own text: %d", rec.Code)
		}
		if missing := f.rd.Catalog.Missing(); len(missing) > 0 {
			t.Errorf("rendered in English without translation: %q", missing)
		}
	})
}

// TestStatusAndPreventionHaveEasyReadTexts: following a report with its
// code and the page on what is and is not all right have their own
// easy-read text (short sentences, one idea a line), in Dutch and
// English, not the standard text in larger letters; the standard
// version keeps its own.
func TestStatusAndPreventionHaveEasyReadTexts(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		code := findCode(f.post(t, nil, "/meldingen", report("melding", "client")).Body.String())
		if code == "" {
			t.Fatal("no status code")
		}
		cases := []struct {
			name      string
			page      func(q string) *httptest.ResponseRecorder
			easy, std []string
			easyEN    []string
		}{
			{"code form", func(q string) *httptest.ResponseRecorder { return f.get(t, nil, "/meldingen/status?"+q) },
				[]string{"Hebt u iets gemeld?", "Toen kreeg u een code.", "De code heeft 16 letters en cijfers.", "Bent u de code kwijt?", "Zeg dan: ik heb al eerder iets gemeld."},
				[]string{"Vul de code in die u kreeg toen u iets meldde.", "bijvoorbeeld K7QX-M2PA-9RTD-W4HB", "Code kwijt?"},
				[]string{"Did you report something?", "Have you lost the code?"}},
			{"report followed", func(q string) *httptest.ResponseRecorder {
				return f.post(t, nil, "/meldingen/status?"+q, url.Values{"code": {code}})
			},
				[]string{"U stuurde uw bericht op", "De vertrouwenspersoon heeft het nog niet gelezen.", "U krijgt snel antwoord.", "Wat schreef de vertrouwenspersoon?", "Er is nog geen bericht.", "Wilt u iets terugschrijven?"},
				[]string{"Verstuurd op", "U krijgt zo snel mogelijk antwoord.", "Er zijn nog geen berichten.", "Iets terugschrijven"},
				[]string{"You sent your message on", "The confidential adviser has not read it yet.", "What did the confidential adviser write?"}},
			{"prevention", func(q string) *httptest.ResponseRecorder { return f.get(t, nil, "/meldingen/wat-is-goed?"+q) },
				[]string{"U zegt zelf wat u fijn vindt.", "Iemand vraagt eerst: mag ik u aanraken?", "Dan komt hij binnen.", "Iemand doet u pijn.", "Maar het geheim voelt niet fijn.", "Die werkt waar u zorg krijgt.", "Ook als het lang geleden is."},
				[]string{"Uw lichaam is van u. U mag zelf zeggen", "Iemand slaat, duwt of knijpt u.", "Het is nooit uw schuld. Praten helpt, ook als het lang geleden is."},
				[]string{"Your body is yours.", "Someone asks first: may I touch you?", "But the secret does not feel good."}},
		}
		for _, c := range cases {
			read := func(q string) string {
				t.Helper()
				rec := c.page(q)
				if rec.Code != 200 {
					t.Fatalf("%s ?%s: %d", c.name, q, rec.Code)
				}
				return html.UnescapeString(rec.Body.String())
			}
			easy, std, en := read("eenvoudig=1"), read("eenvoudig=0"), read("eenvoudig=1&lang=en")
			for _, s := range c.easy {
				if !strings.Contains(easy, s) {
					t.Errorf("%s in easy-read lacks its own text %q", c.name, s)
				}
				if strings.Contains(std, s) {
					t.Errorf("%s in the standard version shows the easy-read text %q", c.name, s)
				}
			}
			for _, s := range c.std {
				if strings.Contains(easy, s) {
					t.Errorf("%s in easy-read still shows the standard text %q", c.name, s)
				}
				if !strings.Contains(std, s) {
					t.Errorf("%s in the standard version lacks %q", c.name, s)
				}
			}
			for _, s := range c.easyEN {
				if !strings.Contains(en, s) {
					t.Errorf("%s in easy-read English lacks %q", c.name, s)
				}
			}
		}
		// Being handled, then closed: each told in its own short lines;
		// a closed report takes no more replies.
		for _, c := range []struct {
			status     Status
			want, deny string
		}{
			{StatusInProgress, "De vertrouwenspersoon is ermee bezig.", "De vertrouwenspersoon is met uw melding bezig."},
			{StatusClosed, "Lees hieronder wat de vertrouwenspersoon schreef.", "De vertrouwenspersoon heeft uw melding afgerond."},
		} {
			if _, err := f.d.ExecContext(context.Background(), `UPDATE safety_reports SET status = $1`, string(c.status)); err != nil {
				t.Fatal(err)
			}
			body := html.UnescapeString(f.post(t, nil, "/meldingen/status?eenvoudig=1", url.Values{"code": {code}}).Body.String())
			if !strings.Contains(body, c.want) || strings.Contains(body, c.deny) {
				t.Errorf("%s in easy-read: want %q", c.status, c.want)
			}
			if c.status == StatusClosed && strings.Contains(body, "Wilt u iets terugschrijven?") {
				t.Error("a closed report offers to write back")
			}
		}
		// A wrong code is named at its field in the page's own words.
		for _, c := range []struct{ q, want, deny string }{
			{"eenvoudig=1", "Deze code kennen wij niet. Kijk de code nog een keer goed na.", "bijvoorbeeld K7QX"},
			{"eenvoudig=1&lang=en", "We do not know this code. Check the code once more.", "Deze code"},
			{"eenvoudig=0", "Kijk of u de code goed heeft overgenomen", "Kijk de code nog een keer goed na."},
		} {
			rec := f.post(t, nil, "/meldingen/status?"+c.q, url.Values{"code": {"AAAA-BBBB-CCCC-DDDD"}})
			body := html.UnescapeString(rec.Body.String())
			if rec.Code != 422 || !strings.Contains(body, c.want) || strings.Contains(body, c.deny) || !strings.Contains(body, `href="#code"`) {
				t.Errorf("wrong code ?%s: %d, want %q at the field", c.q, rec.Code, c.want)
			}
		}
		if missing := f.rd.Catalog.Missing(); len(missing) > 0 {
			t.Errorf("rendered in English without translation: %q", missing)
		}
	})
}
