package crisis

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/orgs"
	"github.com/volwaardig/volwaardig/internal/web"
)

// reportBy files a valid intake as the (non-director) reporter, with a
// phone number, so the reporter's notices are apart from the director's.
func (f *fixture) reportBy(t *testing.T, name string, u Urgency) int64 {
	t.Helper()
	id, err := f.s.Report(context.Background(), f.reporter, Intake{ClientName: name, Region: "ZK11", Where: "Thuis", WhatHappened: "Escalatie", Urgency: u, ReporterPhone: "06 1234 5678"})
	if err != nil {
		t.Fatalf("report: %v", err)
	}
	return id
}

// The admission clock runs until the person is admitted, not until the
// bed is reserved; an acute crisis has the region's shorter norm; the
// deadline job and the monitor follow that clock.
func TestClockRunsUntilAdmission(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		normal := f.report(t, "Gewoon", UrgencyNormal)
		acute := f.report(t, "Acuut", UrgencyAcute)
		for id, want := range map[int64]time.Duration{normal: 48 * time.Hour, acute: 24 * time.Hour} {
			c, _ := f.s.Case(ctx, id)
			if !c.DeadlineAt.Equal(start.Add(want)) {
				t.Errorf("case %d (%s): deadline %v, want report + %v", id, c.Urgency, c.DeadlineAt, want)
			}
		}
		f.clock.Advance(time.Hour)
		if err := f.s.ReserveBed(ctx, f.regie, acute, f.bed1, false, ""); err != nil {
			t.Fatal(err)
		}
		c, _ := f.s.Case(ctx, acute)
		if k := c.ClockAt(f.clock.Now()); !k.Running || k.Stopped || k.Left != 23*time.Hour {
			t.Errorf("a reserved bed stopped the clock: %+v", k)
		}
		// Past the acute norm with the bed reserved but nobody admitted:
		// the deadline job warns.
		f.clock.Advance(24 * time.Hour)
		if _, err := f.s.CheckDeadlines(ctx); err != nil {
			t.Fatal(err)
		}
		passed := `SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND dedupe_key = $2`
		if n := f.count(t, passed, f.regie.UserID, "crisis:deadline-passed:"+strconv.FormatInt(acute, 10)); n != 1 {
			t.Errorf("deadline-passed notices for a reserved, not admitted case: %d, want 1", n)
		}
		// The provider confirms the arrival 26 h after the report: the
		// clock stops, late.
		f.clock.Advance(time.Hour)
		if err := f.s.ConfirmAdmission(ctx, f.aanb, acute); err != nil {
			t.Fatal(err)
		}
		c, _ = f.s.Case(ctx, acute)
		if k := c.ClockAt(f.clock.Now().Add(time.Hour)); !k.Stopped || k.By != StopAdmitted || k.Met || k.TakenFor != 26*time.Hour {
			t.Errorf("clock after admission: %+v", k)
		}
		// C.O.T. support stops the clock at the decision.
		if err := f.s.AssignTeam(ctx, f.regie, normal, f.team1, false, ""); err != nil {
			t.Fatal(err)
		}
		c, _ = f.s.Case(ctx, normal)
		if k := c.ClockAt(f.clock.Now().Add(100 * time.Hour)); !k.Stopped || k.By != StopCOT || !k.Met || k.TakenFor != 26*time.Hour {
			t.Errorf("clock after C.O.T. decision: %+v", k)
		}
		// The monitor: two clocks stopped, one within the norm.
		agg, err := f.s.Aggregates(ctx, start.Add(-time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if len(agg.Months) != 1 || agg.Months[0].WithinNorm.N != 1 || agg.Months[0].Stopped != 2 {
			t.Errorf("monitor month %+v, want 2 stopped, 1 within the norm", agg.Months)
		}
		// The job no longer warns about the admitted case.
		f.clock.Advance(time.Hour)
		before := f.count(t, `SELECT COUNT(*) FROM notifications WHERE kind = 'deadline'`)
		if _, err := f.s.CheckDeadlines(ctx); err != nil {
			t.Fatal(err)
		}
		if after := f.count(t, `SELECT COUNT(*) FROM notifications WHERE kind = 'deadline'`); after != before {
			t.Errorf("deadline notices after admission: %d -> %d", before, after)
		}
	})
}

// The acute norm is a region setting on /crisis/regio, checked with the
// field named.
func TestAcuteNormSetting(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		st, err := f.s.Settings(ctx, "ZK11")
		if err != nil || st.AcuteNormHours != DefaultAcuteNormHours {
			t.Fatalf("default acute norm %d, %v", st.AcuteNormHours, err)
		}
		err = f.s.SetSettings(ctx, f.regie, Settings{Region: "ZK11", NormHours: 24, AcuteNormHours: 30, StayLimitDays: 28})
		if got := fields(err); !slices.Equal(got, []string{"acuut-ZK11"}) {
			t.Errorf("acute norm longer than the norm: %v", err)
		}
		form := url.Values{"regio": {"ZK11"}, "norm": {"0"}, "acuut": {"x"}, "verblijf": {"28"}}
		rec := f.do(t, f.regie, "POST", "/crisis/regio", form.Encode(), formType)
		body := rec.Body.String()
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(body, "Vul een norm in van 1 tot en met 168 uur.") || !strings.Contains(body, "Vul een norm voor een acute crisis in van 1 tot en met 168 uur.") {
			t.Errorf("settings form with two errors: %d, both errors shown: %v", rec.Code, body)
		}
		// What was typed stays in the fields, to correct (the browser walk
		// of issue 18 found the stored values back instead).
		if !strings.Contains(body, `id="norm-ZK11" name="norm" autocomplete="off" value="0" aria-invalid="true"`) || !strings.Contains(body, `name="acuut" autocomplete="off" value="x"`) {
			t.Errorf("settings form with two errors does not keep what was typed")
		}
		form.Set("norm", "48")
		form.Set("acuut", "12")
		if rec := f.do(t, f.regie, "POST", "/crisis/regio", form.Encode(), formType); rec.Code != http.StatusSeeOther {
			t.Fatalf("save: %d %s", rec.Code, rec.Body.String())
		}
		if rec := f.do(t, f.regie, "GET", "/crisis/regio", "", ""); !strings.Contains(rec.Body.String(), `id="acuut-ZK11" name="acuut" autocomplete="off" value="12"`) {
			t.Error("settings page does not show the acute norm")
		}
		id := f.report(t, "Acuut", UrgencyAcute)
		if c, _ := f.s.Case(ctx, id); !c.DeadlineAt.Equal(start.Add(12*time.Hour)) || c.NormHours != 12 {
			t.Errorf("acute case deadline %v norm %d, want 12 h", c.DeadlineAt, c.NormHours)
		}
		// An API client that does not send the acute norm keeps it.
		rec = f.do(t, f.regie, "POST", "/api/v1/crisis/settings", `{"region":"ZK11","norm_hours":40,"stay_limit_days":28}`, "application/json")
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"acute_norm_hours": 12`) {
			t.Errorf("API settings: %d %s", rec.Code, rec.Body.String())
		}
	})
}

// The assigned C.O.T. acknowledges the assignment; the reporter and the
// crisisregisseur see it, with the time.
func TestCOTAcknowledgesAssignment(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		id := f.reportBy(t, "Steun", UrgencyHigh)
		if err := f.s.AssignTeam(ctx, f.regie, id, f.team1, false, ""); err != nil {
			t.Fatal(err)
		}
		path := "/crisis/" + strconv.FormatInt(id, 10)
		if rec := f.do(t, f.cot, "GET", path, "", ""); !strings.Contains(rec.Body.String(), `action="`+path+`/bevestigen"`) {
			t.Error("the team's case page has no acknowledge button")
		}
		if err := f.s.Acknowledge(ctx, f.regie, id); !isCode(err, web.CodeForbidden) {
			t.Errorf("crisisregisseur acknowledged for the team: %v", err)
		}
		f.clock.Advance(20 * time.Minute)
		if rec := f.do(t, f.cot, "POST", path+"/bevestigen", "", formType); rec.Code != http.StatusSeeOther {
			t.Fatalf("acknowledge: %d %s", rec.Code, rec.Body.String())
		}
		if err := f.s.Acknowledge(ctx, f.cot, id); !isCode(err, web.CodeConflict) {
			t.Errorf("second acknowledgement: %v", err)
		}
		if n := f.aud.count(audit.ActionUpdate, audit.OutcomeSuccess, "crisis_acknowledgement"); n != 1 {
			t.Errorf("%d acknowledgements audited", n)
		}
		if n := f.aud.count(audit.ActionUpdate, audit.OutcomeDenied, "crisis_acknowledgement"); n != 1 {
			t.Errorf("%d refused acknowledgements audited, want 1", n)
		}
		for _, u := range []int64{f.reporter.UserID, f.regie.UserID} {
			if n := f.notes(t, u, "crisis_acknowledged"); n != 1 {
				t.Errorf("user %d got %d acknowledgement notices", u, n)
			}
		}
		for _, p := range []struct {
			name string
			body string
		}{{"reporter", f.do(t, f.reporter, "GET", path, "", "").Body.String()}, {"director", f.do(t, f.regie, "GET", path, "", "").Body.String()}} {
			if !strings.Contains(p.body, "Bevestigd door het C.O.T. op 02-03-2026 10:20") {
				t.Errorf("%s does not see the acknowledgement with its time", p.name)
			}
		}
		if rec := f.do(t, f.cot, "GET", path, "", ""); strings.Contains(rec.Body.String(), "/bevestigen") {
			t.Error("acknowledge button still shown after the acknowledgement")
		}
		// The API: another case, acknowledged through the JSON API.
		id2 := f.reportBy(t, "Steun 2", UrgencyHigh)
		if err := f.s.AssignTeam(ctx, f.regie, id2, f.team1, false, ""); err != nil {
			t.Fatal(err)
		}
		rec := f.do(t, f.cot, "POST", "/api/v1/crisis/cases/"+strconv.FormatInt(id2, 10)+"/acknowledge", "", "application/json")
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"acknowledged_at": "2026-03-02T09:20:00Z"`) {
			t.Errorf("API acknowledge: %d %s", rec.Code, rec.Body.String())
		}
	})
}

// The bed's provider sees who is coming, when and from whom, confirms the
// admission and frees the bed at the end of the stay; another provider
// sees nothing of it.
func TestProviderReceivesAdmission(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		id := f.reportBy(t, "Petra Opname", UrgencyHigh)
		f.clock.Advance(2 * time.Hour)
		if err := f.s.ReserveBed(ctx, f.regie, id, f.bed1, false, ""); err != nil {
			t.Fatal(err)
		}
		reads := f.aud.count(audit.ActionRead, audit.OutcomeSuccess, "crisis_case")
		rec := f.do(t, f.aanb, "GET", "/crisis/beschikbaarheid", "", "")
		body := rec.Body.String()
		for _, want := range []string{"Petra Opname", "Komt eraan", "Naam melder", `href="tel:&#43;31612345678"`, "Naam regie", "02-03-2026 12:00", `action="/crisis/` + strconv.FormatInt(id, 10) + `/opname"`} {
			if !strings.Contains(body, want) {
				t.Errorf("provider's list lacks %q", want)
			}
		}
		if f.aud.count(audit.ActionRead, audit.OutcomeSuccess, "crisis_case") != reads+1 {
			t.Error("the provider's reading of who is coming is not audited")
		}
		if rec := f.do(t, f.aanb2, "GET", "/crisis/beschikbaarheid", "", ""); strings.Contains(rec.Body.String(), "Petra Opname") {
			t.Error("another provider sees the client's name")
		}
		if err := f.s.ConfirmAdmission(ctx, f.aanb2, id); !isCode(err, web.CodeForbidden) {
			t.Errorf("another provider confirmed the admission: %v", err)
		}
		if err := f.s.EndStay(ctx, f.aanb, id); !isCode(err, web.CodeConflict) {
			t.Errorf("stay ended before the admission: %v", err)
		}
		f.clock.Advance(time.Hour)
		if rec := f.do(t, f.aanb, "POST", "/crisis/"+strconv.FormatInt(id, 10)+"/opname", "", formType); rec.Code != http.StatusSeeOther {
			t.Fatalf("confirm admission: %d %s", rec.Code, rec.Body.String())
		}
		c, _ := f.s.Case(ctx, id)
		if !c.AdmittedAt.Equal(start.Add(3*time.Hour)) || c.AdmittedBy != f.aanb.UserID || c.ClockRunning() {
			t.Errorf("admission %+v", c)
		}
		if n := f.aud.count(audit.ActionUpdate, audit.OutcomeSuccess, "crisis_admission"); n != 1 {
			t.Errorf("%d admissions audited", n)
		}
		if n := f.notes(t, f.reporter.UserID, "crisis_admitted"); n != 1 {
			t.Errorf("reporter got %d admission notices", n)
		}
		if rec := f.do(t, f.reporter, "GET", "/crisis/"+strconv.FormatInt(id, 10), "", ""); !strings.Contains(rec.Body.String(), "Opgenomen binnen de norm, na 3 uur") {
			t.Error("the case page does not show the stopped clock")
		}
		// End of stay: the case closes and the bed is free again.
		if rec := f.do(t, f.aanb, "POST", "/crisis/"+strconv.FormatInt(id, 10)+"/vertrek", "", formType); rec.Code != http.StatusSeeOther {
			t.Fatalf("end stay: %d %s", rec.Code, rec.Body.String())
		}
		c, _ = f.s.Case(ctx, id)
		b, _ := f.s.Bed(ctx, f.bed1)
		if c.Status != StatusClosed || b.Status != BedFree || b.CaseID != 0 {
			t.Errorf("after the stay: case %s, bed %s (case %d)", c.Status, b.Status, b.CaseID)
		}
		// The API: a second admission seen and confirmed through JSON.
		id2 := f.reportBy(t, "Jan Api", UrgencyHigh)
		if err := f.s.ReserveBed(ctx, f.regie, id2, f.bed1, false, ""); err != nil {
			t.Fatal(err)
		}
		rec = f.do(t, f.aanb, "GET", "/api/v1/crisis/arrivals", "", "")
		var list struct {
			Arrivals []arrivalJSON `json:"arrivals"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &list); err != nil || len(list.Arrivals) != 1 || list.Arrivals[0].ClientName != "Jan Api" || list.Arrivals[0].ReporterPhone != "06 1234 5678" {
			t.Errorf("API arrivals: %d %s", rec.Code, rec.Body.String())
		}
		if rec := f.do(t, f.aanb2, "POST", "/api/v1/crisis/cases/"+strconv.FormatInt(id2, 10)+"/admit", "", "application/json"); rec.Code != http.StatusForbidden {
			t.Errorf("API admit by another provider: %d", rec.Code)
		}
		rec = f.do(t, f.aanb, "POST", "/api/v1/crisis/cases/"+strconv.FormatInt(id2, 10)+"/admit", "", "application/json")
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"admitted_at"`) {
			t.Errorf("API admit: %d %s", rec.Code, rec.Body.String())
		}
		if rec := f.do(t, f.aanb, "POST", "/api/v1/crisis/cases/"+strconv.FormatInt(id2, 10)+"/discharge", "", "application/json"); rec.Code != http.StatusOK {
			t.Errorf("API discharge: %d %s", rec.Code, rec.Body.String())
		}
	})
}

// With no free bed in the region, the decision page says so and lists the
// free beds of the neighbouring regions and of the rest of the country,
// each with the age of its figure and a tel: link.
func TestNoFreeBedListsNeighbours(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		var near int64
		err := f.d.Tx(ctx, func(tx *sql.Tx) error {
			org, err := orgs.NewStore(f.d).AddOrganisation(ctx, tx, orgs.Organisation{Name: "Zorg Amersfoort", Kind: "aanbieder", Region: "ZK12"})
			if err != nil {
				return err
			}
			near, err = f.s.CreateBed(ctx, tx, Bed{Region: "ZK12", OrganisationID: org, Name: "Bed Amersfoort", Contracted: true,
				Phone: "033 123 45 67", AvailabilityAt: start.Add(-3 * time.Hour)})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		path := func(id int64) string { return "/crisis/" + strconv.FormatInt(id, 10) + "/besluit" }
		first := f.report(t, "Eerste", UrgencyHigh)
		if body := f.do(t, f.regie, "GET", path(first), "", "").Body.String(); strings.Contains(body, "Er is geen vrij crisisbed") {
			t.Error("says no free bed while the region's bed is free")
		}
		if err := f.s.ReserveBed(ctx, f.regie, first, f.bed1, false, ""); err != nil {
			t.Fatal(err)
		}
		second := f.report(t, "Tweede", UrgencyHigh)
		body := f.do(t, f.regie, "GET", path(second), "", "").Body.String()
		iNone, iNear, iNat := strings.Index(body, "Er is geen vrij crisisbed in regio Utrecht (ZK11)"), strings.Index(body, "Bed Amersfoort"), strings.Index(body, "Bed Friesland")
		if iNone < 0 || iNear < iNone || iNat < iNear {
			t.Errorf("no-free-bed notice %d, neighbour bed %d, national bed %d: want all, in that order", iNone, iNear, iNat)
		}
		for _, want := range []string{`href="tel:&#43;31331234567"`, "bijgewerkt 3 uur geleden", "Amersfoort (ZK12)", "Friesland (ZK02)", "Vrije crisisbedden in de buurregio", "Vrije crisisbedden in de rest van het land"} {
			if !strings.Contains(body, want) {
				t.Errorf("decision page lacks %q", want)
			}
		}
		_ = near
	})
}

// The neighbour table covers the 31 care-office regions, each with a
// neighbour, and is symmetric.
func TestNeighbourRegions(t *testing.T) {
	known := map[string]bool{}
	for _, r := range orgs.CareOfficeRegions() {
		known[r.Code] = true
		if len(Neighbours(r.Code)) == 0 {
			t.Errorf("%s has no neighbour", r.Code)
		}
	}
	if len(known) != 31 || len(neighbourRegions) != 31 {
		t.Errorf("%d regions, %d in the table, want 31", len(known), len(neighbourRegions))
	}
	for r, ns := range neighbourRegions {
		if !known[r] {
			t.Errorf("unknown region %s", r)
		}
		for _, n := range ns {
			if n == r || !known[n] {
				t.Errorf("%s: bad neighbour %s", r, n)
			}
			if !slices.Contains(neighbourRegions[n], r) {
				t.Errorf("%s lists %s, but %s does not list %s", r, n, n, r)
			}
		}
	}
}

// On a phone: the case page opens with the status and the clock, before
// any table or list of facts, and phone numbers are tel: links.
func TestCasePageStatusFirstAndTelLinks(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		id := f.reportBy(t, "Nacht", UrgencyAcute)
		body := f.do(t, f.reporter, "GET", "/crisis/"+strconv.FormatInt(id, 10), "", "").Body.String()
		status, clock, facts := strings.Index(body, `class="case-status"`), strings.Index(body, "Tijd over tot de norm"), strings.Index(body, `<dl`)
		if status < 0 || clock < status || facts < clock || strings.Contains(body[:max(clock, 0)], "<table") {
			t.Errorf("status block %d, clock %d, first facts %d: the status and clock must come first", status, clock, facts)
		}
		if !strings.Contains(body, `<a href="tel:&#43;31612345678">06 1234 5678</a>`) {
			t.Error("the reporter's phone is not a tel: link")
		}
		// The platform's one phone rule (auth.NormalizeAnyPhone, TelURI):
		// a Dutch number dials as +31, one abroad with its country code.
		for in, want := range map[string]string{"030 123 45 67": "tel:+31301234567", "+31 (0)30-1234567": "tel:+31301234567", "0800 1234": "tel:08001234",
			"+32 2 123 45 67": "tel:+3221234567", "12": "", "javascript:alert(1)": ""} {
			if got := string(telURI(in)); got != want {
				t.Errorf("telURI(%q) = %q, want %q", in, got, want)
			}
		}
	})
}

// The crisis queue names each crisis by its person, never by its internal
// number, and stacks on a phone with every cell labelled, the clock
// before the status, so a director at night reads it without sideways
// scrolling.
func TestQueueNamesPersonsAndStacksOnPhone(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		id := f.reportBy(t, "Nachtelijke Persoon", UrgencyAcute)
		ids := strconv.FormatInt(id, 10)
		body := f.do(t, f.regie, "GET", "/crisis", "", "").Body.String()
		if !strings.Contains(body, `<a href="/crisis/`+ids+`">Nachtelijke Persoon</a>`) {
			t.Error("the queue does not link the crisis by the person's name")
		}
		if strings.Contains(body, "Melding "+ids) {
			t.Error("the queue shows the crisis's internal number")
		}
		clock, status := strings.Index(body, `data-label="Klok"`), strings.Index(body, `data-label="Status"`)
		if !strings.Contains(body, `class="table--stack"`) || clock < 0 || status < clock {
			t.Errorf("queue not stacked with labelled cells, clock (%d) before status (%d)", clock, status)
		}
		body = f.do(t, f.regie, "GET", "/crisis/"+ids+"/besluit", "", "").Body.String()
		if strings.Contains(body, "Melding "+ids) || !strings.Contains(body, "Melding over Nachtelijke Persoon") {
			t.Error("the decision page names the crisis by its number")
		}
		// The bed and team lists stack on a phone too, each cell labelled.
		if strings.Count(body, `<table class="table--stack">`) != 2 || !strings.Contains(body, `data-label="Beschikbaarheid"`) || !strings.Contains(body, `data-label="Open crises"`) {
			t.Error("the decision page's bed and team lists do not stack on a phone")
		}
		// So do the provider's own beds and teams, with the buttons that
		// free a bed.
		body = f.do(t, f.aanb, "GET", "/crisis/beschikbaarheid", "", "").Body.String()
		if strings.Count(body, `<table class="table--stack">`) != 2 || !strings.Contains(body, `data-label="Bijgewerkt"`) {
			t.Error("the provider's availability lists do not stack on a phone")
		}
	})
}

// The case page names the person, never the case's or the client's
// internal number; the demo's acute crisis has the acute norm, as a real
// report has, so the demo does not contradict the clock it shows.
func TestCasePageNoNumbersAndDemoAcuteNorm(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		id := f.reportBy(t, "Persoon Zonder Nummer", UrgencyHigh)
		c, err := f.s.Case(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		body := f.do(t, f.regie, "GET", "/crisis/"+strconv.FormatInt(id, 10), "", "").Body.String()
		if !strings.Contains(body, "<h1>Crisismelding: Persoon Zonder Nummer</h1>") || strings.Contains(body, "cliëntnummer") ||
			strings.Contains(body, "Crisismelding "+strconv.FormatInt(id, 10)) {
			t.Errorf("the case page shows an internal number (client %d, case %d)", c.ClientID, id)
		}
		var demoID int64
		err = f.d.Tx(context.Background(), func(tx *sql.Tx) error {
			var err error
			demoID, err = f.s.store.demoCase(context.Background(), tx, f.client, "ZK11", UrgencyAcute, "thuis", "x", "", "", f.regie.UserID, "", start)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		d, _ := f.s.Case(context.Background(), demoID)
		if d.NormHours != DefaultAcuteNormHours || !d.DeadlineAt.Equal(start.Add(DefaultAcuteNormHours*time.Hour)) {
			t.Errorf("demo acute case: norm %d h, deadline %v; want the acute norm", d.NormHours, d.DeadlineAt)
		}
	})
}

// One phone rule (issue 11): the reporter's number and a crisis bed's
// number are checked by auth's rule, not one of their own. A wrong
// reporter's number is named with every other error of the form at once;
// a number abroad is stored in its one written form; a bed's number that
// would not dial is refused.
func TestPhonesByThePlatformRule(t *testing.T) {
	in := Intake{ClientName: "Noor", Region: "ZK11", Where: "Thuis", Urgency: UrgencyHigh, ReporterPhone: "06-1234"}
	got := map[string]bool{}
	for _, e := range in.Validate() {
		got[e.Field] = true
	}
	if !got["telefoon"] || !got["wat"] {
		t.Errorf("errors %v: want telefoon and wat at once", got)
	}
	in = Intake{ClientName: "Noor", Region: "ZK11", Where: "Thuis", WhatHappened: "x", Urgency: UrgencyHigh, ReporterPhone: "0032 2 123 45 67"}
	if errs := in.Validate(); len(errs) != 0 || in.ReporterPhone != "+3221234567" {
		t.Errorf("a Belgian reporter's number: %v %q", errs, in.ReporterPhone)
	}
	each(t, func(t *testing.T, f *fixture) {
		err := f.d.Tx(context.Background(), func(tx *sql.Tx) error {
			_, err := f.s.CreateBed(context.Background(), tx, Bed{Region: "ZK11", OrganisationID: f.org, Name: "Bed", Contracted: true, Phone: "12345"})
			return err
		})
		var we *web.Error
		if !errors.As(err, &we) {
			t.Errorf("a bed's number that does not dial: %v", err)
		}
		var id int64
		if err := f.d.Tx(context.Background(), func(tx *sql.Tx) error {
			var err error
			id, err = f.s.CreateBed(context.Background(), tx, Bed{Region: "ZK11", OrganisationID: f.org, Name: "Bed", Contracted: true, Phone: "0800-1234567"})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if b, err := f.s.Bed(context.Background(), id); err != nil || b.Phone != "0800 1234567" || b.Tel() != "tel:08001234567" {
			t.Errorf("bed phone %q %q %v", b.Phone, b.Tel(), err)
		}
	})
}
