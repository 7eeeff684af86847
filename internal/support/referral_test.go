package support

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/web"
)

// TestReferralWithoutPlacement: an installation without the placement
// module shows no referral form and refuses a referral with a message
// saying whom to call, writing nothing. (The referral itself is tested
// through the real placement module in internal/app,
// TestSupportReferralToPlacement.)
func TestReferralWithoutPlacement(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		if page := f.do(t, f.sup, "GET", path(f.family, ""), nil).Body.String(); strings.Contains(page, `/plek"`) {
			t.Error("a referral form without a placement module")
		}
		_, err := f.s.Refer(context.Background(), f.sup, f.family, ReferInput{Profile: "VG7", Dossierhouder: "Ilse", Reason: "Thuis gaat niet meer", Consent: true})
		var we *web.Error
		if !errors.As(err, &we) || we.Code != web.CodeUnavailable || !strings.Contains(we.Message, "zorgkantoor van de regio") {
			t.Errorf("referral without placement: %v", err)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM support_referrals`) + f.count(t, `SELECT COUNT(*) FROM support_actions`); n != 0 {
			t.Errorf("%d rows written", n)
		}
	})
}

// TestSystemEntriesReadInTheReadersLanguage: the log entry the system
// writes when the supporter refers the family is stored as a code with
// its reference, so the supporter's file reads it in Dutch or English and
// the family's easy-read page in plain words without the care office's
// reference or "in beeld brengen". An entry a person wrote shows as
// written; an entry from before the code (Dutch text only) gets its code
// from the migration and then reads in English too.
func TestSystemEntriesReadInTheReadersLanguage(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		f.s.place = &fakeRegister{phase: map[string]string{}}
		if _, err := f.s.Refer(ctx, f.sup, f.family, ReferInput{Profile: "VG7", Dossierhouder: "Zorgkantoor Utrecht", Reason: "Thuis gaat het niet meer", Consent: true}); err != nil {
			t.Fatal(err)
		}
		// The same entry for a search that was already running, and one
		// written the old way (Dutch text, no code) on the other family.
		running := Action{FamilyID: f.family, Kind: ActionEscalation, HappenedOn: start, Event: EventReferredRunning, EventRef: "CZ-7", CreatedBy: f.sup.UserID}
		running.Subject, running.Outcome = running.SubjectIn("nl"), running.OutcomeIn("nl")
		if _, err := f.s.store.insertAction(ctx, f.d, running, start); err != nil {
			t.Fatal(err)
		}
		old := Action{FamilyID: f.otherFamily, Kind: ActionEscalation, HappenedOn: start, Subject: "Aangemeld bij het zorgkantoor voor een plek (CZ-9)", Outcome: "Het zorgkantoor brengt de cliënt in beeld.", CreatedBy: f.sup2.UserID}
		if _, err := f.s.store.insertAction(ctx, f.d, old, start); err != nil {
			t.Fatal(err)
		}
		var stored string
		if err := f.d.QueryRowContext(ctx, `SELECT subject FROM support_actions WHERE family_id = $1 AND event = $2`, f.family, string(EventReferred)).Scan(&stored); err != nil || stored != "Aangemeld bij het zorgkantoor voor een plek (CZ-1)" {
			t.Errorf("stored subject %q (%v): the Dutch text stays for exports and the API", stored, err)
		}
		for _, c := range []struct {
			lang       string
			want, deny []string
		}{
			{"nl", []string{"Aangemeld bij het zorgkantoor voor een plek (CZ-1)", "Plek gevraagd bij het zorgkantoor; de zoektocht liep al (CZ-7)", "Het zorgkantoor brengt de cliënt in beeld."}, nil},
			{"en", []string{"Referred to the care office for a place to live (CZ-1)", "Asked the care office for a place to live; the search was already running (CZ-7)", "The care office looks at what the client needs."},
				[]string{"Aangemeld bij", "zoektocht liep al", "in beeld"}},
		} {
			page := f.do(t, f.sup, "GET", path(f.family, "?lang="+c.lang), nil).Body.String()
			for _, w := range c.want {
				if !strings.Contains(page, w) {
					t.Errorf("%s file: no %q", c.lang, w)
				}
			}
			for _, w := range c.deny {
				if strings.Contains(page, w) {
					t.Errorf("%s file still shows %q", c.lang, w)
				}
			}
		}
		for _, c := range []struct {
			lang string
			want []string
		}{
			{"nl", []string{"De cliëntondersteuner vroeg het zorgkantoor om een woonplek te zoeken.<br>Het zorgkantoor kijkt welke woonplek past.", "Het zorgkantoor zocht al.<br>Het zoekt verder."}},
			{"en", []string{"The client supporter asked the care office to look for a place to live.<br>The care office will look at which place fits.", "The care office was already looking.<br>It keeps looking."}},
		} {
			mine := f.do(t, f.naaste, "GET", "/ondersteuning/mijn?lang="+c.lang, nil).Body.String()
			for _, w := range c.want {
				if !strings.Contains(mine, w) {
					t.Errorf("%s easy-read page: no %q", c.lang, w)
				}
			}
			for _, w := range []string{"in beeld", "CZ-1", "CZ-7", "Aangemeld bij", "Referred to"} {
				if strings.Contains(mine, w) {
					t.Errorf("%s easy-read page shows %q", c.lang, w)
				}
			}
		}
		// Before the migration gives it its code, an old entry reads as
		// stored; the migration's backfill (run again here) codes it.
		if page := f.do(t, f.sup2, "GET", path(f.otherFamily, "?lang=en"), nil).Body.String(); !strings.Contains(page, "Aangemeld bij het zorgkantoor voor een plek (CZ-9)") {
			t.Error("an old entry without a code is not shown as stored")
		}
		src, err := os.ReadFile("migrations/" + string(f.d.Dialect()) + "/0007_support_action_event.sql")
		if err != nil {
			t.Fatal(err)
		}
		text := string(src)
		for i := strings.Index(text, "UPDATE "); i >= 0; i = strings.Index(text, "UPDATE ") {
			end := strings.Index(text[i:], ";\n") // a statement ends its line; "; de zoektocht" is inside a string
			if _, err := f.d.ExecContext(ctx, text[i:i+end]); err != nil {
				t.Fatal(err)
			}
			text = text[i+end:]
		}
		page := f.do(t, f.sup2, "GET", path(f.otherFamily, "?lang=en"), nil).Body.String()
		if !strings.Contains(page, "Referred to the care office for a place to live (CZ-9)") || strings.Contains(page, "Aangemeld bij") {
			t.Error("the migration does not give an old entry its code")
		}
	})
}
