package app

import (
	"context"
	"github.com/volwaardig/volwaardig/internal/support"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestSupportReferralToPlacement follows a client supporter's referral of
// a family that needs a place through the real server on both dialects
// (issue 15, "hand-over to placement"): the empty form names every field
// at once and writes nothing on either side; a good one puts the client in
// the care office's register as aangemeld with the dossierhouder kept,
// says where it came from, records the register's reference in the family
// file and its log, and the care office of the region sees the person.
// A zorgverlener cannot refer.
func TestSupportReferralToPlacement(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			a, srv := testApp(t, dialect)
			ctx := context.Background()
			client := noRedirect()
			do := func(cookie *http.Cookie, method, path string, form url.Values) (int, string) {
				t.Helper()
				req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(form.Encode()))
				if form != nil {
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				}
				req.AddCookie(cookie)
				resp, err := client.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				body, _ := io.ReadAll(resp.Body)
				return resp.StatusCode, string(body)
			}
			// A family of the demo supporter whose client has no search
			// underway in the register (the demo's families moved before).
			var family, clientID int64
			var region string
			const running = `phase NOT IN ('verhuisd', 'anders_geholpen', 'gestopt')`
			if err := a.DB.QueryRowContext(ctx, `SELECT f.id, f.client_id, f.region_code FROM support_families f JOIN users u ON u.id = f.supporter_id
				WHERE u.username = 'ondersteuner' AND f.ended_on IS NULL AND f.client_id NOT IN (SELECT client_id FROM placement_cases WHERE `+running+`) ORDER BY f.id LIMIT 1`).Scan(&family, &clientID, &region); err != nil {
				t.Fatalf("no demo family outside the register: %v", err)
			}
			path := "/ondersteuning/gezin/" + strconv.FormatInt(family, 10)
			count := func(q string) int {
				t.Helper()
				var n int
				if err := a.DB.QueryRowContext(ctx, q, clientID).Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}
			cases := `SELECT COUNT(*) FROM placement_cases WHERE client_id = $1 AND ` + running
			const refs = `SELECT COUNT(*) FROM support_referrals r JOIN support_families f ON f.id = r.family_id WHERE f.client_id = $1`
			sup := login(t, srv.URL, "ondersteuner")
			if code, body := do(sup, "GET", path, nil); code != http.StatusOK || !strings.Contains(body, `action="`+path+`/plek"`) {
				t.Fatalf("family page: %d, referral form: %v", code, strings.Contains(body, path+"/plek"))
			}
			code, body := do(sup, "POST", path+"/plek", url.Values{"zorgprofiel": {"VG9"}})
			for _, f := range []string{"zorgprofiel", "dossierhouder", "plekreden", "toestemming"} {
				if !strings.Contains(body, `href="#`+f+`"`) {
					t.Errorf("bad referral: %s not named", f)
				}
			}
			if code != http.StatusUnprocessableEntity || count(cases) != 0 || count(refs) != 0 {
				t.Fatalf("bad referral: %d, %d register cases, %d referrals", code, count(cases), count(refs))
			}
			form := url.Values{"zorgprofiel": {"vg7"}, "dossierhouder": {"Ilse Mulder, MEE"}, "plekreden": {"Ouders kunnen de zorg thuis niet meer dragen"}, "toestemming": {"ja"}}
			if code, body := do(login(t, srv.URL, "zorgverlener"), "POST", path+"/plek", form); code != http.StatusForbidden {
				t.Errorf("zorgverlener refers: %d %.200s", code, body)
			}
			if code, body := do(sup, "POST", path+"/plek", form); code != http.StatusSeeOther {
				t.Fatalf("referral: %d %s", code, body)
			}
			var pcID int64
			var phase, dossierhouder, pcRegion string
			if err := a.DB.QueryRowContext(ctx, `SELECT id, phase, dossierhouder, region FROM placement_cases WHERE client_id = $1 AND `+running, clientID).Scan(&pcID, &phase, &dossierhouder, &pcRegion); err != nil {
				t.Fatal(err)
			}
			if phase != "aangemeld" || dossierhouder != "Ilse Mulder, MEE" || pcRegion != region {
				t.Errorf("register case: %s %q %s", phase, dossierhouder, pcRegion)
			}
			var why string
			if err := a.DB.QueryRowContext(ctx, `SELECT reason FROM placement_transitions WHERE case_id = $1`, pcID).Scan(&why); err != nil || !strings.Contains(why, "cliëntondersteuner") {
				t.Errorf("register history: %q %v", why, err)
			}
			ref := "CZ-" + strconv.FormatInt(pcID, 10)
			if code, body := do(sup, "GET", path, nil); code != http.StatusOK || !strings.Contains(body, ref) || !strings.Contains(body, "Aangemeld bij het zorgkantoor voor een plek ("+ref+")") {
				t.Errorf("family page after referral: %d, shows %s: %v", code, ref, strings.Contains(body, ref))
			}
			if n := count(refs); n != 1 {
				t.Errorf("%d referrals recorded, want 1", n)
			}
			// The care office of the family's region sees the person.
			if region == "ZK11" { // the demo care-office account's region
				if code, body := do(login(t, srv.URL, "zorgkantoor"), "GET", "/complexe-zorg/personen/"+strconv.FormatInt(pcID, 10), nil); code != http.StatusOK || !strings.Contains(body, "Ilse Mulder, MEE") {
					t.Errorf("care office's person page: %d", code)
				}
			}
			// The supporter stays informed: the file names the register
			// case's phase now, and follows it when the care office moves
			// the case on; each look is on the client's access log.
			if code, body := do(sup, "GET", path, nil); code != http.StatusOK || !strings.Contains(body, "Nu: Aangemeld, sinds") {
				t.Errorf("family page names no current phase of %s: %d", ref, code)
			}
			// The watch job's first look records the phase; when the care
			// office moves the case on, the supporter gets a message.
			watch := a.module("support").(*support.Service)
			if _, err := watch.WatchReferrals(ctx); err != nil {
				t.Fatal(err)
			}
			if _, err := a.DB.ExecContext(ctx, `UPDATE placement_cases SET phase = 'bemiddeling' WHERE id = $1`, pcID); err != nil {
				t.Fatal(err)
			}
			if n, err := watch.WatchReferrals(ctx); err != nil || n != 1 {
				t.Errorf("watch after the phase changed: %d messages (%v), want 1", n, err)
			}
			var title string
			if err := a.DB.QueryRowContext(ctx, `SELECT n.title FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.username = 'ondersteuner' AND n.kind = 'support_referral_phase'`).Scan(&title); err != nil || !strings.Contains(title, "Bemiddeling") {
				t.Errorf("supporter's message: %q %v", title, err)
			}
			if code, body := do(sup, "GET", path+"?lang=en", nil); code != http.StatusOK || !strings.Contains(body, "Now: Mediation, since") {
				t.Errorf("family page in English does not follow the register (want the phase Mediation): %d", code)
			}
			// A reference to another client's case on this file (as a
			// forged or mistyped one would be) tells nothing about it.
			var foreign int64
			if err := a.DB.QueryRowContext(ctx, `SELECT id FROM placement_cases WHERE client_id <> $1 ORDER BY id LIMIT 1`, clientID).Scan(&foreign); err != nil {
				t.Fatal(err)
			}
			if _, err := a.DB.ExecContext(ctx, `INSERT INTO support_referrals (family_id, ref, profile, urgent, dossierhouder, reason, existing, referred_at) VALUES ($1, $2, 'VG7', false, 'x', 'x', false, $3)`,
				family, "CZ-"+strconv.FormatInt(foreign, 10), time.Now().UTC()); err != nil {
				t.Fatal(err)
			}
			if code, body := do(sup, "GET", path, nil); code != http.StatusOK || strings.Count(body, "Nu: ") != 1 {
				t.Errorf("family page with another client's case reference: %d, %d current phases shown, want only its own", code, strings.Count(body, "Nu: "))
			}
			if err := a.Audit.Sync(ctx); err != nil {
				t.Fatal(err)
			}
			var reads int
			if err := a.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_accesses WHERE user_name = 'ondersteuner' AND object_type = 'placement_case' AND client_id = $1`, clientID).Scan(&reads); err != nil || reads < 2 {
				t.Errorf("the supporter's looks at the register case are not on the client's log: %d %v", reads, err)
			}
			// A family whose client's search already runs: the register
			// keeps its case and the file says so.
			var other, otherClient int64
			if err := a.DB.QueryRowContext(ctx, `SELECT f.id, f.client_id FROM support_families f JOIN users u ON u.id = f.supporter_id
				WHERE u.username = 'ondersteuner' AND f.ended_on IS NULL AND f.client_id IN (SELECT client_id FROM placement_cases WHERE `+running+`) ORDER BY f.id LIMIT 1`).Scan(&other, &otherClient); err != nil {
				t.Fatalf("no demo family with a running search: %v", err)
			}
			before := 0
			if err := a.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM placement_cases WHERE client_id = $1`, otherClient).Scan(&before); err != nil {
				t.Fatal(err)
			}
			otherPath := "/ondersteuning/gezin/" + strconv.FormatInt(other, 10)
			if code, body := do(sup, "POST", otherPath+"/plek", form); code != http.StatusSeeOther {
				t.Fatalf("referral of a client in the register: %d %s", code, body)
			}
			after := 0
			if err := a.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM placement_cases WHERE client_id = $1`, otherClient).Scan(&after); err != nil {
				t.Fatal(err)
			}
			if code, body := do(sup, "GET", otherPath, nil); after != before || code != http.StatusOK || !strings.Contains(body, "de zoektocht liep al") {
				t.Errorf("referral to a running search: %d -> %d cases, page %d", before, after, code)
			}
		})
	}
}

// TestSupportWatchJobInEnglish runs the module's registered watch job
// (support_referral_watch, every 5 minutes in a server) once through its
// Round, as the server's scheduler would, around a change the care
// office makes, and reads the inboxes and the family file in English:
// the supporter's message, the family's message and the log entry of the
// referral are English, with no Dutch text left.
func TestSupportWatchJobInEnglish(t *testing.T) {
	a, srv := testApp(t, "sqlite")
	ctx := context.Background()
	var job func(context.Context) error
	for _, j := range a.module("support").Jobs() {
		if j.Name == "support_referral_watch" {
			job = j.Round
		}
	}
	if job == nil {
		t.Fatal("the support module registers no support_referral_watch job")
	}
	get := func(cookie *http.Cookie, path string) string {
		t.Helper()
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		req.AddCookie(cookie)
		resp, err := noRedirect().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", path, resp.StatusCode)
		}
		return string(body)
	}
	const running = `phase NOT IN ('verhuisd', 'anders_geholpen', 'gestopt')`
	// The demo naaste's family: its client's search already runs in the
	// register, and the client and the naaste have accounts to tell.
	var family, clientID int64
	if err := a.DB.QueryRowContext(ctx, `SELECT f.id, f.client_id FROM support_families f JOIN users u ON u.id = f.supporter_id
		WHERE u.username = 'ondersteuner' AND f.ended_on IS NULL AND f.client_id IN (SELECT r.client_id FROM client_representatives r JOIN users n ON n.id = r.user_id WHERE n.username = 'naaste')
		AND f.client_id IN (SELECT client_id FROM placement_cases WHERE `+running+`) ORDER BY f.id LIMIT 1`).Scan(&family, &clientID); err != nil {
		t.Fatalf("no demo family of the naaste with a running search: %v", err)
	}
	path := "/ondersteuning/gezin/" + strconv.FormatInt(family, 10)
	sup := login(t, srv.URL, "ondersteuner")
	form := url.Values{"zorgprofiel": {"vg7"}, "dossierhouder": {"Ilse Mulder, MEE"}, "plekreden": {"Ouders kunnen de zorg thuis niet meer dragen"}, "toestemming": {"ja"}}
	req, _ := http.NewRequest("POST", srv.URL+path+"/plek", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(sup)
	resp, err := noRedirect().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("referral: %d", resp.StatusCode)
	}
	if err := job(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := a.DB.ExecContext(ctx, `UPDATE placement_cases SET phase = 'verhuisd' WHERE client_id = $1 AND `+running, clientID); err != nil {
		t.Fatal(err)
	}
	if err := job(ctx); err != nil {
		t.Fatal(err)
	}
	inbox := get(sup, "/meldingen-inbox?lang=en")
	if !strings.Contains(inbox, "Place for ") || !strings.Contains(inbox, "The care office moved referral CZ-") {
		t.Errorf("the supporter's English inbox lacks the English message")
	}
	if strings.Contains(inbox, "Plek voor ") || strings.Contains(inbox, "Het zorgkantoor heeft de aanmelding") {
		t.Errorf("the supporter's English inbox shows the Dutch message")
	}
	file := get(sup, path+"?lang=en")
	if !strings.Contains(file, "Asked the care office for a place to live; the search was already running (CZ-") || strings.Contains(file, "zoektocht liep al") || strings.Contains(file, "in beeld") {
		t.Errorf("the family file in English shows the referral's log entry in Dutch")
	}
	// The family hears it too, in English when it reads in English.
	for _, who := range []string{"naaste", "client"} {
		fam := get(login(t, srv.URL, who), "/meldingen-inbox?lang=en")
		if !strings.Contains(fam, "News about ") || strings.Contains(fam, "Nieuws over ") {
			t.Errorf("%s's English inbox does not carry the family's message in English", who)
		}
	}
}
