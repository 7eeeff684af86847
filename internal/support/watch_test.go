package support

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/notify"
	"github.com/volwaardig/volwaardig/internal/web"
)

// fakeRegister is the care office's register as the watch needs it: the
// phase of each reference, changed by the test as the care office would.
type fakeRegister struct{ phase map[string]string }

func (r *fakeRegister) ReferTx(context.Context, *sql.Tx, *auth.Principal, ReferralRequest) (ReferralResult, error) {
	return ReferralResult{Ref: "CZ-1"}, nil
}
func (r *fakeRegister) Status(ctx context.Context, _ *auth.Principal, clientID int64, ref string) (ReferralStatus, bool, error) {
	return r.Phase(ctx, clientID, ref)
}
func (r *fakeRegister) Phase(_ context.Context, _ int64, ref string) (ReferralStatus, bool, error) {
	ph, ok := r.phase[ref]
	st := ReferralStatus{Phase: ph, PhaseEN: map[string]string{"Aangemeld": "Registered", "Actief zoeken": "Active search"}[ph],
		Since: time.Date(2026, 8, 3, 10, 0, 0, 0, time.UTC), Closed: ph == "Geplaatst"}
	if ph == "Actief zoeken" {
		st.Easy, st.EasyAbout = "Wij zoeken een plek voor u.", "Wij zoeken een plek voor %s."
		st.EasyEN, st.EasyAboutEN = "We are looking for a place for you.", "We are looking for a place for %s."
	}
	return st, ok, nil
}

// inbox records the messages sent.
type inbox struct{ got []notify.Notification }

func (b *inbox) NotifyTx(_ context.Context, _ *sql.Tx, n notify.Notification) error {
	b.got = append(b.got, n)
	return nil
}

// TestWatchReferrals: the supporter gets a message in the inbox when the
// register phase of a family's referral changes: not on the first look
// (that records where it stands), once per change, naming the client and
// both phases and linking to the file; each message is on the client's
// access log. An ended file is no longer watched.
func TestWatchReferrals(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		reg := &fakeRegister{phase: map[string]string{"CZ-1": "Aangemeld"}}
		box := &inbox{}
		f.s.place, f.s.notes = reg, box
		if _, err := f.s.store.insertReferral(ctx, f.d, Referral{FamilyID: f.family, Ref: "CZ-1", Profile: "VG7", Dossierhouder: "Zorgkantoor Utrecht", Reason: "Thuis gaat het niet meer", ReferredBy: f.sup.UserID, ReferredAt: start}); err != nil {
			t.Fatal(err)
		}
		round := func(want int) {
			t.Helper()
			if n, err := f.s.WatchReferrals(ctx); err != nil || n != want {
				t.Fatalf("round sent %d (%v), want %d", n, err, want)
			}
		}
		round(0) // the first look
		round(0)
		if len(box.got) != 0 {
			t.Fatalf("messages before any change: %+v", box.got)
		}
		before := f.aud.Count(func(e audit.Event) bool { return e.Object == "family_file" && e.Action == audit.ActionUpdate })
		reg.phase["CZ-1"] = "Actief zoeken"
		round(1)
		round(0) // told once
		if len(box.got) != 3 {
			t.Fatalf("%d messages, want 3 (supporter, client, representative)", len(box.got))
		}
		// The family hears it too, in plain words: the client as "u",
		// the representative who may act about Sanne by name.
		own, rep := box.got[1], box.got[2]
		if len(own.UserIDs) != 1 || own.UserIDs[0] != f.own.UserID || own.Title != "Nieuws over uw woonplek" ||
			own.Body != "Wij zoeken een plek voor u. Dat is zo sinds 03-08-2026. Ilse Mulder weet het ook. Heeft u een vraag? Vraag het Ilse Mulder." ||
			own.Link != "/ondersteuning/mijn#plek-"+itoa(f.family) {
			t.Errorf("client's message %+v", own)
		}
		if len(rep.UserIDs) != 1 || rep.UserIDs[0] != f.naaste.UserID || rep.Title != "Nieuws over een woonplek voor Sanne" || !strings.HasPrefix(rep.Body, "Wij zoeken een plek voor Sanne. ") {
			t.Errorf("representative's message %+v", rep)
		}
		n := box.got[0]
		if len(n.UserIDs) != 1 || n.UserIDs[0] != f.sup.UserID || !strings.Contains(n.Title, "Sanne de Vries") || !strings.Contains(n.Title, "Actief zoeken") ||
			!strings.Contains(n.Body, "‘Aangemeld’ naar ‘Actief zoeken’") || !strings.Contains(n.Body, "03-08-2026") || n.Link != path(f.family, "#plek") {
			t.Errorf("message %+v", n)
		}
		if got := f.aud.Count(func(e audit.Event) bool { return e.Object == "family_file" && e.Action == audit.ActionUpdate }) - before; got != 1 {
			t.Errorf("%d access-log entries for the message, want 1", got)
		}
		if err := f.s.End(ctx, f.sup, f.family, EndInput{Reason: string(EndGoalsMet), Date: "01-06-2026"}); err != nil {
			t.Fatal(err)
		}
		reg.phase["CZ-1"] = "Geplaatst"
		round(0)
	})
}

// TestReopenSupport: an ended support is reopened by the supporter or the
// family with a reason; no reason, or a newer running file for the same
// client, is named at the field (all at once) and writes nothing; another
// supporter gets no file; the reopening is audited, the file takes
// entries again and its page keeps the ending in its history.
func TestReopenSupport(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		f.clock.Advance(30 * 24 * time.Hour)
		if err := f.s.End(ctx, f.sup, f.family, EndInput{Reason: string(EndFamilyStops), Date: "20-06-2026"}); err != nil {
			t.Fatal(err)
		}
		page := f.do(t, f.naaste, "GET", path(f.family, ""), nil).Body.String()
		if !strings.Contains(page, `action="/ondersteuning/gezin/`+itoa(f.family)+`/heropenen"`) {
			t.Fatal("the family's page of an ended file offers no reopening")
		}
		rec := f.do(t, f.naaste, "POST", path(f.family, "/heropenen"), url.Values{"heropenreden": {"  "}})
		if rec.Code != 422 || !strings.Contains(rec.Body.String(), `href="#heropenreden"`) || !strings.Contains(rec.Body.String(), "Vul de reden in.") {
			t.Errorf("reopen without a reason: %d", rec.Code)
		}
		if err := f.s.Reopen(ctx, f.sup2, f.family, "vergissing"); !errors.Is(err, errNoFile) {
			t.Errorf("another supporter reopens: %v", err)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM support_reopenings`) + f.count(t, `SELECT COUNT(*) FROM support_families WHERE id = $1 AND ended_on IS NULL`, f.family); n != 0 {
			t.Fatalf("a refused reopening wrote %d rows", n)
		}
		before := f.events(audit.ActionUpdate, "")
		rec = f.do(t, f.sup, "POST", path(f.family, "/heropenen"), url.Values{"heropenreden": {"Per vergissing beëindigd: het gezin wilde alleen een pauze."}})
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("reopen: %d %s", rec.Code, rec.Body.String())
		}
		if got := f.events(audit.ActionUpdate, "") - before; got != 1 {
			t.Errorf("%d audit events for the reopening, want 1", got)
		}
		if fam, err := f.s.store.family(ctx, f.family); err != nil || !fam.Active() {
			t.Fatalf("file after reopening: %+v %v", fam, err)
		}
		if f.count(t, `SELECT COUNT(*) FROM support_endings WHERE family_id = $1`, f.family) != 0 {
			t.Error("the ending is still recorded as current")
		}
		if _, err := f.s.AddAction(ctx, f.sup, f.family, ActionInput{Kind: "afspraak", Date: "01-07-2026", Subject: "Weer op gang", Minutes: "30"}); err != nil {
			t.Errorf("no entries after reopening: %v", err)
		}
		page = f.do(t, f.sup, "GET", path(f.family, ""), nil).Body.String()
		for _, want := range []string{"Eerder beëindigd en weer geopend", "20-06-2026", "Het gezin wil stoppen", "Ilse Mulder", "het gezin wilde alleen een pauze", `/beeindigen"`} {
			if !strings.Contains(page, want) {
				t.Errorf("page after reopening lacks %q", want)
			}
		}
		// Ended again, and the family started a new file meanwhile: the
		// old one is not reopened beside it.
		if err := f.s.End(ctx, f.sup, f.family, EndInput{Reason: string(EndOtherHelp), Date: "01-07-2026"}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.Start(ctx, f.naaste, StartInput{ClientID: f.client, Pilot: string(PilotZEVMB), SupporterID: f.sup.UserID}); err != nil {
			t.Fatal(err)
		}
		err := f.s.Reopen(ctx, f.sup, f.family, "")
		fs := fieldsOf(err)
		all, _ := web.FieldErrorsOf(err)
		if len(fs) != 2 || !strings.Contains(all[0].Message+all[1].Message, "nieuwer dossier") || !strings.Contains(all[0].Message+all[1].Message, "Vul de reden in.") {
			t.Errorf("no reason and a newer file, want both errors: %+v", all)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestOpenReferralReplacesTheForm: while a referral's search runs, the
// file shows where it stands instead of the form to refer again; once
// the search has ended the form is back. The family's easy-read page
// tells the phase in plain words: the client as "u", the relative about
// Sanne by name.
func TestOpenReferralReplacesTheForm(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		reg := &fakeRegister{phase: map[string]string{"CZ-1": "Actief zoeken"}}
		f.s.place = reg
		if _, err := f.s.store.insertReferral(ctx, f.d, Referral{FamilyID: f.family, Ref: "CZ-1", Profile: "VG7", Dossierhouder: "Zorgkantoor Utrecht", Reason: "Thuis gaat het niet meer", ReferredBy: f.sup.UserID, ReferredAt: start}); err != nil {
			t.Fatal(err)
		}
		form := `action="/ondersteuning/gezin/` + itoa(f.family) + `/plek"`
		page := f.do(t, f.sup, "GET", path(f.family, ""), nil).Body.String()
		if strings.Contains(page, form) || !strings.Contains(page, "Er loopt een aanmelding bij het zorgkantoor (CZ-1)") || !strings.Contains(page, "Nu: Actief zoeken, sinds 03-08-2026") {
			t.Error("the referral form stays while the referral runs, or its status is not shown")
		}
		for _, c := range []struct {
			p    *auth.Principal
			want string
		}{{f.own, "Wij zoeken een plek voor u."}, {f.naaste, "Wij zoeken een plek voor Sanne."}} {
			mine := f.do(t, c.p, "GET", "/ondersteuning/mijn", nil).Body.String()
			if !strings.Contains(mine, `id="plek-`+itoa(f.family)+`"`) || !strings.Contains(mine, c.want) || !strings.Contains(mine, "Dat is zo sinds 03-08-2026.") {
				t.Errorf("%s: the easy-read page does not say %q", c.p.Username, c.want)
			}
		}
		// A stale page posting the form anyway is refused; nothing written.
		rec := f.do(t, f.sup, "POST", path(f.family, "/plek"), url.Values{"zorgprofiel": {"VG7"}, "dossierhouder": {"Zorgkantoor Utrecht"}, "plekreden": {"Thuis gaat het niet"}, "toestemming": {"ja"}})
		if rec.Code != http.StatusConflict || !strings.Contains(rec.Body.String(), "Er loopt al een aanmelding bij het zorgkantoor (CZ-1)") {
			t.Errorf("second referral while the first runs: %d", rec.Code)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM support_referrals`); n != 1 {
			t.Errorf("%d referrals after the refused second", n)
		}
		reg.phase["CZ-1"] = "Geplaatst"
		if page := f.do(t, f.sup, "GET", path(f.family, ""), nil).Body.String(); !strings.Contains(page, form) {
			t.Error("the search ended but the form to refer again is not back")
		}
	})
}

// TestReopenFromEasyRead: the family's easy-read page of an ended support
// offers to start the help again, in plain words with a reason; no
// reason is named at its field on that page and writes nothing; with a
// reason the support runs again and the page confirms it.
func TestReopenFromEasyRead(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		f.clock.Advance(30 * 24 * time.Hour)
		if err := f.s.End(ctx, f.sup, f.family, EndInput{Reason: string(EndFamilyStops), Date: "20-06-2026"}); err != nil {
			t.Fatal(err)
		}
		mine := f.do(t, f.naaste, "GET", "/ondersteuning/mijn", nil).Body.String()
		if !strings.Contains(mine, `action="/ondersteuning/gezin/`+itoa(f.family)+`/heropenen"`) || !strings.Contains(mine, "Dan kan de hulp van Ilse Mulder weer beginnen.") {
			t.Fatal("the easy-read page of an ended support offers no way to start it again")
		}
		rec := f.do(t, f.naaste, "POST", path(f.family, "/heropenen"), url.Values{"terug": {"mijn"}, "heropenreden": {" "}})
		if body := rec.Body.String(); rec.Code != 422 || !strings.Contains(body, `href="#heropenreden"`) || !strings.Contains(body, "Wilt u weer hulp?") {
			t.Errorf("no reason from the easy-read page: %d", rec.Code)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM support_reopenings`); n != 0 {
			t.Fatalf("a refused reopening wrote %d rows", n)
		}
		rec = f.do(t, f.naaste, "POST", path(f.family, "/heropenen"), url.Values{"terug": {"mijn"}, "heropenreden": {"Het gaat thuis weer niet goed."}})
		if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/ondersteuning/mijn?") {
			t.Fatalf("reopen from the easy-read page: %d %s", rec.Code, rec.Header().Get("Location"))
		}
		if fam, err := f.s.store.family(ctx, f.family); err != nil || !fam.Active() {
			t.Fatalf("file after reopening: %+v %v", fam, err)
		}
		if mine := f.do(t, f.naaste, "GET", "/ondersteuning/mijn", nil).Body.String(); strings.Contains(mine, "/heropenen\"") {
			t.Error("a running support is still offered to start again")
		}
	})
}

// TestWatchTellsAChangeBeforeItsFirstLook: a referral records the
// register's phase when it is made, so a change the care office makes
// before the watch job first looks is told (it was taken for the first
// look and only recorded). A referral without a recorded phase (made
// before this was kept) still only has its phase recorded on the first
// look.
func TestWatchTellsAChangeBeforeItsFirstLook(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		reg := &fakeRegister{phase: map[string]string{"CZ-1": "Aangemeld"}}
		box := &inbox{}
		f.s.place, f.s.notes = reg, box
		ref, err := f.s.Refer(ctx, f.sup, f.family, ReferInput{Profile: "VG7", Dossierhouder: "Zorgkantoor Utrecht", Reason: "Thuis gaat het niet meer", Consent: true})
		if err != nil {
			t.Fatal(err)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM support_referrals WHERE id = $1 AND told_phase = 'Aangemeld'`, ref.ID); n != 1 {
			t.Fatal("the referral did not record the register's phase at referral")
		}
		reg.phase["CZ-1"] = "Actief zoeken" // before the job's first look
		if n, err := f.s.WatchReferrals(ctx); err != nil || n != 1 {
			t.Fatalf("first look after an early change told %d (%v), want 1", n, err)
		}
		if len(box.got) != 3 || !strings.Contains(box.got[0].Body, "‘Aangemeld’ naar ‘Actief zoeken’") {
			t.Fatalf("messages %+v", box.got)
		}
		// Each message carries its English text too, for the reader who
		// uses the application in English (the inbox picks by language).
		sup, own, rep := box.got[0], box.got[1], box.got[2]
		if sup.TitleEN != "Place for Sanne de Vries: Active search" || !strings.Contains(sup.BodyEN, "from ‘Registered’ to ‘Active search’ on 03-08-2026") {
			t.Errorf("supporter's English: %q %q", sup.TitleEN, sup.BodyEN)
		}
		if own.TitleEN != "News about your place to live" ||
			own.BodyEN != "We are looking for a place for you. It has been so since 03-08-2026. Ilse Mulder knows too. Do you have a question? Ask Ilse Mulder." {
			t.Errorf("client's English: %q %q", own.TitleEN, own.BodyEN)
		}
		if rep.TitleEN != "News about a place to live for Sanne" || !strings.HasPrefix(rep.BodyEN, "We are looking for a place for Sanne. ") {
			t.Errorf("representative's English: %q %q", rep.TitleEN, rep.BodyEN)
		}
		// An old referral without a recorded phase: recorded, not told.
		if _, err := f.d.ExecContext(ctx, `UPDATE support_referrals SET told_phase = '' WHERE id = $1`, ref.ID); err != nil {
			t.Fatal(err)
		}
		reg.phase["CZ-1"] = "Voorgedragen"
		if n, err := f.s.WatchReferrals(ctx); err != nil || n != 0 || len(box.got) != 3 {
			t.Errorf("first look at an old referral told %d (%v)", n, err)
		}
	})
}
