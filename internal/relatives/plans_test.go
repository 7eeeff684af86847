package relatives

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/web"
)

// TestCreatePlanAllErrorsAtOnce sends a plan with every field wrong:
// each is named at once and nothing is written.
func TestCreatePlanAllErrorsAtOnce(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		_, err := f.s.CreatePlan(context.Background(), f.mother, PlanInput{ClientID: f.other, Title: " ", Text: map[string]string{"medisch": strings.Repeat("x", maxSection+1)}, Review: "31-02-2027"})
		got := fields(err)
		for _, want := range []string{"client", "titel", "medisch", "herzien"} {
			if !slices.Contains(got, want) {
				t.Errorf("fields %v, want %s among them", got, want)
			}
		}
		if n := f.count(t, `SELECT COUNT(*) FROM relatives_plans`); n != 0 {
			t.Errorf("%d plans written after refused input", n)
		}
		// The form answers 422 with the summary and every message.
		rec := f.do(t, f.mother, "POST", "/naasten/plan/nieuw", url.Values{"client": {"eigen"}, "titel": {""}, "herzien": {"gisteren"}})
		if rec.Code != http.StatusUnprocessableEntity {
			t.Fatalf("form: %d", rec.Code)
		}
		body := rec.Body.String()
		for _, want := range []string{"error-summary", "Geef het plan een naam", "Vul ten minste één onderdeel", "Schrijf de datum van de volgende controle"} {
			if !strings.Contains(body, want) {
				t.Errorf("form page lacks %q", want)
			}
		}
	})
}

// TestPlanInClientRecord makes a plan about a represented client: it is
// audited on the client's behalf, is in the client's right-of-access
// section, and a client the relative does not represent is refused.
func TestPlanInClientRecord(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		id := f.makePlan(t)
		created := f.aud.Find(func(e audit.Event) bool { return e.Action == audit.ActionCreate && e.Object == "relatives_plan" })
		if len(created) != 1 || created[0].ClientID != f.client || created[0].Purpose != audit.PurposeClientAccess {
			t.Errorf("create audit %+v, want one about the client for client access", created)
		}
		sec, err := f.s.Inzage(ctx, f.client)
		if err != nil {
			t.Fatal(err)
		}
		if len(sec.Tables) < 2 || sec.Tables[0].Rows[0][0] != "Plan voor Sanne" || sec.Tables[0].Rows[0][1] != "Marieke de Vries" {
			t.Errorf("inzage %+v", sec)
		}
		if other, _ := f.s.Inzage(ctx, f.other); len(other.Tables) != 0 {
			t.Errorf("other client's inzage holds plans: %+v", other)
		}
		// A relative without representation cannot put a plan in the record.
		f.sister.Scope.Represents = []int64{f.client}
		pi := f.fullPlan()
		if _, err := f.s.CreatePlan(ctx, f.sister, pi); !slices.Contains(fields(err), "client") {
			t.Errorf("sister without authorisation: %v", err)
		}
		// Own document: no client, no purpose needed.
		pi.ClientID = 0
		if _, err := f.s.CreatePlan(ctx, f.sister, pi); err != nil {
			t.Errorf("own document: %v", err)
		}
		pl, err := f.s.ReadPlan(ctx, f.mother, id)
		if err != nil || len(pl.Granted) != len(Sections) || pl.ClientName != "Sanne de Vries" {
			t.Errorf("owner reads %+v, %v", pl, err)
		}
	})
}

// TestShareToUnknownPerson shares with a name no account has, and with a
// bad role and no sections: a clear error naming each field, and nothing
// written: no share, no notification.
func TestShareToUnknownPerson(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		id := f.makePlan(t)
		_, err := f.s.SharePlan(context.Background(), f.mother, id, ShareInput{Name: "Iemand Onbekend", Role: auth.RoleZorgverlener, Sections: []string{"medisch"}})
		fs, ok := web.FieldErrorsOf(err)
		if !ok || len(fs) != 1 || fs[0].Field != "naam" || !strings.Contains(fs[0].Message, "Er is geen account van een zorgverlener met de naam ‘Iemand Onbekend’") {
			t.Fatalf("unknown person: %v", err)
		}
		// The right name with the wrong role is unknown too: a share must
		// reach exactly the person meant.
		if _, err := f.s.SharePlan(context.Background(), f.mother, id, ShareInput{Name: "Jeroen Bakker", Role: auth.RoleOndersteuner, Sections: []string{"medisch"}}); !slices.Contains(fields(err), "naam") {
			t.Errorf("wrong role: %v", err)
		}
		if got := fields(func() error {
			_, err := f.s.SharePlan(context.Background(), f.mother, id, ShareInput{Name: "", Role: "programma", Sections: []string{"geheim"}})
			return err
		}()); !slices.Equal(got, []string{"naam", "rol", "onderdelen"}) {
			t.Errorf("all errors at once: %v", got)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM relatives_plan_shares`); n != 0 {
			t.Errorf("%d shares written", n)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM notifications`); n != 0 {
			t.Errorf("%d notifications written", n)
		}
		if n := f.events(audit.ActionGrant, audit.OutcomeSuccess, "relatives_plan"); n != 0 {
			t.Errorf("%d grants audited", n)
		}
		// The page says it at the field.
		rec := f.do(t, f.mother, "POST", "/naasten/plan/"+idString(id)+"/delen", url.Values{"naam": {"Iemand Onbekend"}, "rol": {"zorgverlener"}, "onderdelen": {"medisch"}})
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "Er is niets gedeeld") {
			t.Errorf("share form: %d", rec.Code)
		}
	})
}

// TestSharedSectionsOnly shares the medical section with a care
// professional: they see that section only, on the page, in the API and
// in the PDF; another professional gets 404 and the refusal is audited;
// after revoking, the first gets 404 too.
func TestSharedSectionsOnly(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		id := f.makePlan(t)
		sh, err := f.s.SharePlan(ctx, f.mother, id, ShareInput{Name: "  jeroen   bakker ", Role: auth.RoleZorgverlener, Sections: []string{"medisch"}})
		if err != nil {
			t.Fatal(err)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM notifications WHERE user_id = $1`, f.zv.UserID); n != 1 {
			t.Errorf("recipient told %d times", n)
		}
		pl, err := f.s.ReadPlan(ctx, f.zv, id)
		if err != nil || !slices.Equal(pl.Granted, []string{"medisch"}) {
			t.Fatalf("shared read: %v %v", pl.Granted, err)
		}
		rec := f.do(t, f.zv, "GET", "/naasten/plan/"+idString(id), nil)
		body := rec.Body.String()
		if rec.Code != 200 || !strings.Contains(body, "levetiracetam") || strings.Contains(body, "Bel Joost") || strings.Contains(body, "06 22222222") {
			t.Errorf("page shows more than granted (%d)", rec.Code)
		}
		rec = f.doJSON(t, f.zv, "GET", "/api/v1/relatives/plans/"+idString(id), "")
		if rec.Code != 200 || strings.Contains(rec.Body.String(), "Joost") {
			t.Errorf("API shows more than granted: %s", rec.Body.String())
		}
		rec = f.do(t, f.zv, "GET", "/naasten/plan/"+idString(id)+"/plan.pdf", nil)
		if rec.Code != 200 || rec.Header().Get("Content-Type") != "application/pdf" || !strings.HasPrefix(rec.Body.String(), "%PDF") {
			t.Errorf("pdf: %d %s", rec.Code, rec.Header().Get("Content-Type"))
		}
		if f.events(audit.ActionPrint, audit.OutcomeSuccess, "relatives_plan") != 1 {
			t.Error("print not audited")
		}
		reads := f.aud.Find(func(e audit.Event) bool {
			return e.Action == audit.ActionRead && e.Object == "relatives_plan" && e.Purpose == audit.PurposeCare
		})
		if len(reads) == 0 || reads[0].ClientID != f.client {
			t.Errorf("professional's read not audited for care: %+v", reads)
		}
		for _, p := range []*auth.Principal{f.zv2, f.sister, f.mee} {
			if rec := f.do(t, p, "GET", "/naasten/plan/"+idString(id), nil); rec.Code != http.StatusNotFound {
				t.Errorf("%s reads an unshared plan: %d", p.Username, rec.Code)
			}
		}
		if n := f.events(audit.ActionRead, audit.OutcomeDenied, "relatives_plan"); n != 3 {
			t.Errorf("%d refusals audited, want 3", n)
		}
		// Only the owner edits or shares.
		if rec := f.do(t, f.sister, "POST", "/naasten/plan/"+idString(id)+"/delen", url.Values{"naam": {"Karin Smit"}, "rol": {"zorgverlener"}, "onderdelen": {"medisch"}}); rec.Code != http.StatusNotFound {
			t.Errorf("another relative shares the plan: %d", rec.Code)
		}
		if err := f.s.RevokeShare(ctx, f.mother, id, sh.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.ReadPlan(ctx, f.zv, id); !isCode(err, web.CodeNotFound) {
			t.Errorf("read after revoke: %v", err)
		}
		if f.events(audit.ActionRevoke, audit.OutcomeSuccess, "relatives_plan") != 1 {
			t.Error("revoke not audited")
		}
	})
}

// TestOwnerLosesPlanWithRepresentation ends the relative's authorisation:
// the plan stays in the client's record, but the former representative
// no longer reads it.
func TestOwnerLosesPlanWithRepresentation(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		id := f.makePlan(t)
		if _, err := f.d.ExecContext(ctx, `UPDATE client_representatives SET revoked_at = $1 WHERE user_id = $2`, start, f.mother.UserID); err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(1)
		if _, err := f.s.ReadPlan(ctx, f.mother, id); !isCode(err, web.CodeNotFound) {
			t.Errorf("former representative reads the plan: %v", err)
		}
		own, _, err := f.s.MyPlans(ctx, f.mother)
		if err != nil || len(own) != 0 {
			t.Errorf("former representative lists %d plans (%v)", len(own), err)
		}
		if ps, _ := f.s.ClientPlans(ctx, f.client); len(ps) != 1 {
			t.Errorf("plan gone from the record")
		}
	})
}

// TestPlanPagesPerRole walks the plan journey over HTTP: new, save, view,
// share with the client by name, the client reads the shared sections.
func TestPlanPagesPerRole(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		rec := f.do(t, f.mother, "GET", "/naasten/plan/nieuw", nil)
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), "Sanne de Vries") {
			t.Fatalf("new plan form: %d", rec.Code)
		}
		form := url.Values{"client": {idString(f.client)}, "titel": {"Plan voor Sanne"}, "netwerk": {"Joost"}, "dagritme": {"Ontbijt om 7.30 uur"}, "herzien": {"01-03-2027"}}
		rec = f.do(t, f.mother, "POST", "/naasten/plan/nieuw", form)
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("save: %d %s", rec.Code, rec.Body.String())
		}
		loc := rec.Header().Get("Location")
		path := strings.SplitN(loc, "?", 2)[0]
		rec = f.do(t, f.mother, "POST", path+"/delen", url.Values{"naam": {"Sanne de Vries"}, "rol": {"client"}, "onderdelen": {"dagritme"}})
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("share: %d", rec.Code)
		}
		rec = f.do(t, f.sanne, "GET", "/naasten/plan", nil)
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), "Plan voor Sanne") {
			t.Errorf("client's list: %d", rec.Code)
		}
		rec = f.do(t, f.sanne, "GET", path+"?eenvoudig=1", nil)
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), "Ontbijt om 7.30 uur") || strings.Contains(rec.Body.String(), "Joost") || !strings.Contains(rec.Body.String(), "U ziet alleen de delen die met u gedeeld zijn.") {
			t.Errorf("client's easy-read plan page: %d", rec.Code)
		}
		if rec := f.do(t, f.sanne, "GET", path+"/bewerken", nil); rec.Code != http.StatusForbidden {
			t.Errorf("client edits: %d", rec.Code)
		}
		// The public landing page answers without login and links the
		// plan only for a relative.
		rec = f.do(t, nil, "GET", "/naasten", nil)
		if rec.Code != 200 || strings.Contains(rec.Body.String(), `href="/naasten/plan"`) {
			t.Errorf("public landing: %d", rec.Code)
		}
		if rec := f.do(t, f.mother, "GET", "/naasten", nil); !strings.Contains(rec.Body.String(), `href="/naasten/plan"`) {
			t.Error("relative's landing lacks the plan")
		}
	})
}

// TestReviewReminder runs the reminder job: the owner of a plan past its
// review date is told once, and again only after a new review date.
func TestReviewReminder(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		pi := f.fullPlan()
		pi.Review = "10-03-2026"
		id, err := f.s.CreatePlan(ctx, f.mother, pi)
		if err != nil {
			t.Fatal(err)
		}
		if n, err := f.s.RemindReviews(ctx); err != nil || n != 0 {
			t.Fatalf("before the date: %d %v", n, err)
		}
		f.clock.Advance(9 * 24 * 3600 * 1e9)
		if n, err := f.s.RemindReviews(ctx); err != nil || n != 1 {
			t.Fatalf("after the date: %d %v", n, err)
		}
		if n, _ := f.s.RemindReviews(ctx); n != 0 {
			t.Errorf("reminded twice: %d", n)
		}
		tasks, err := f.s.Today(ctx, f.mother)
		if err != nil || len(tasks) != 1 || tasks[0].Label != "1 plan is toe aan een controle" {
			t.Errorf("today: %+v %v", tasks, err)
		}
		if err := f.s.UpdatePlan(ctx, f.mother, id, PlanInput{Title: "Plan voor Sanne", Text: pi.Text, Review: "01-01-2027"}); err != nil {
			t.Fatal(err)
		}
		if tasks, _ := f.s.Today(ctx, f.mother); len(tasks) != 0 {
			t.Errorf("after review: %+v", tasks)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND kind = 'relatives_plan_review'`, f.mother.UserID); n != 1 {
			t.Errorf("%d reminders", n)
		}
	})
}

// TestShareThroughPicker: the owner finds the person by part of the name
// (accents and case ignored) among the accounts a plan may be shared
// with, and shares by choosing them; nobody chosen, and a choice that is
// no such account (a beheerder's id posted by hand), are named at the
// field with nothing written.
func TestShareThroughPicker(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		id := f.makePlan(t)
		path := "/naasten/plan/" + idString(id)
		body := f.do(t, f.mother, "GET", path+"?zoek=mulder", nil).Body.String()
		if !strings.Contains(body, `value="`+idString(f.mee.UserID)+`"`) || !strings.Contains(body, "Ilse Mulder <span class=\"muted\">(Cliëntondersteuner)") {
			t.Errorf("search 'mulder' does not offer Ilse Mulder")
		}
		// Relatives and clients only from the client's circle: Anna, a
		// relative with an account but not (yet) registered with Sanne,
		// is not offered, nor is she found by her exact name.
		if body := f.do(t, f.mother, "GET", path+"?zoek=DE+VR", nil).Body.String(); strings.Contains(body, "Anna de Vries") || !strings.Contains(body, "Sanne de Vries") || strings.Contains(body, `id="persoon-`+idString(f.mother.UserID)+`"`) {
			t.Errorf("search 'DE VR' should find Sanne only: not Anna (outside Sanne's circle), not the owner herself")
		}
		rec := f.do(t, f.mother, "POST", path+"/delen", url.Values{"naam": {"Anna de Vries"}, "rol": {"naaste"}, "onderdelen": {"medisch"}})
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "Er is geen account van een") {
			t.Errorf("share by name with a relative outside the circle: %d", rec.Code)
		}
		rec = f.do(t, f.mother, "POST", path+"/delen", url.Values{"persoon": {idString(f.sister.UserID)}, "onderdelen": {"medisch"}})
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "Deze persoon staat niet (meer) in de lijst") {
			t.Errorf("share by posted id with a relative outside the circle: %d", rec.Code)
		}
		if _, err := f.reg.AddRepresentative(context.Background(), nil, clients.Representative{ClientID: f.client, UserID: f.sister.UserID, Name: "Anna de Vries", Relation: clients.RelNaaste, ValidFrom: start.AddDate(0, -1, 0)}); err != nil {
			t.Fatal(err)
		}
		if body := f.do(t, f.mother, "GET", path+"?zoek=DE+VR", nil).Body.String(); !strings.Contains(body, "Anna de Vries") {
			t.Errorf("Anna, now registered with Sanne, is not offered")
		}
		if body := f.do(t, f.mother, "GET", path+"?zoek=beheer", nil).Body.String(); strings.Contains(body, `id="persoon-`+idString(f.beheer.UserID)+`"`) || !strings.Contains(body, "Niemand gevonden met deze naam") {
			t.Errorf("a beheerder is offered to share a plan with")
		}
		if body := f.do(t, f.mother, "GET", path+"?zoek=j", nil).Body.String(); strings.Contains(body, `name="persoon" value=`) {
			t.Errorf("one letter lists accounts")
		}
		rec = f.do(t, f.mother, "POST", path+"/delen", url.Values{"zoek": {"mulder"}, "persoon": {""}})
		if got := rec.Body.String(); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(got, "Zoek de persoon op naam en kies hem of haar uit de lijst.") || !strings.Contains(got, "Kies ten minste één onderdeel") || !strings.Contains(got, "Ilse Mulder") {
			t.Errorf("empty share: %d", rec.Code)
		}
		rec = f.do(t, f.mother, "POST", path+"/delen", url.Values{"persoon": {idString(f.beheer.UserID)}, "onderdelen": {"medisch"}})
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "Deze persoon staat niet (meer) in de lijst") {
			t.Errorf("share with a beheerder: %d", rec.Code)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM relatives_plan_shares`) + f.count(t, `SELECT COUNT(*) FROM notifications`); n != 0 {
			t.Fatalf("%d rows written by refused shares", n)
		}
		rec = f.do(t, f.mother, "POST", path+"/delen", url.Values{"zoek": {"mulder"}, "persoon": {idString(f.mee.UserID)}, "onderdelen": {"medisch", "netwerk"}})
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("share with Ilse Mulder: %d %s", rec.Code, rec.Body.String())
		}
		if n := f.count(t, `SELECT COUNT(*) FROM relatives_plan_shares WHERE user_id = $1`, f.mee.UserID); n != 1 {
			t.Errorf("%d shares with Ilse Mulder", n)
		}
		// The list of who may read stacks on a phone, so "stop sharing"
		// is not past the screen's edge.
		if body := f.do(t, f.mother, "GET", path, nil).Body.String(); !strings.Contains(body, `<table class="table--stack">`) || !strings.Contains(body, `data-label="Onderdelen"`) {
			t.Error("the shares table does not stack on a phone")
		}
	})
}

// TestShareConfirmationNamesPersonAndSections: after sharing, the
// confirmation says with whom and which sections, once, at the top; an
// address with someone the plan is not shared with names nobody (walked:
// "Het plan is gedeeld." without saying with whom).
func TestShareConfirmationNamesPersonAndSections(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		id := f.makePlan(t)
		path := "/naasten/plan/" + idString(id)
		rec := f.do(t, f.mother, "POST", path+"/delen", url.Values{"persoon": {idString(f.mee.UserID)}, "onderdelen": {"medisch", "planb"}})
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("share: %d", rec.Code)
		}
		body := f.do(t, f.mother, "GET", rec.Header().Get("Location"), nil).Body.String()
		if !strings.Contains(body, "Het plan is gedeeld met <strong>Ilse Mulder</strong>. Deze persoon ziet alleen: Medische informatie, Plan B bij een acute situatie.") {
			t.Error("the confirmation does not name the person and the sections")
		}
		if n := strings.Count(body, `class="alert alert--ok"`); n != 1 {
			t.Errorf("%d confirmations, want 1", n)
		}
		en := f.do(t, f.mother, "GET", rec.Header().Get("Location")+"&lang=en", nil).Body.String()
		if !strings.Contains(en, "The plan has been shared with <strong>Ilse Mulder</strong>. This person sees only: ") {
			t.Error("the English confirmation does not name the person")
		}
		other := f.do(t, f.mother, "GET", path+"?met="+idString(f.sister.UserID)+"&melding=gedeeld", nil).Body.String()
		if strings.Contains(other, "Het plan is gedeeld met") || !strings.Contains(other, "Het plan is gedeeld.") {
			t.Error("an address naming someone the plan is not shared with shows a name, or no confirmation")
		}
	})
}
