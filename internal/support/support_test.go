package support

import (
	"context"
	"encoding/json"
	"errors"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/web"
)

// TestFamilyControlsAccess walks the family's control of its file: the
// supporter it invited reads and writes; another professional reads
// nothing until invited, then only the sections the family ticked; a
// withdrawal ends it; every grant, withdrawal and refusal is audited.
func TestFamilyControlsAccess(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		fl, err := f.s.File(ctx, f.sup, f.family)
		if err != nil || !fl.Write || len(fl.Sections) != 4 {
			t.Fatalf("supporter: write %v sections %v err %v, want write and all four", fl.Write, fl.Sections, err)
		}
		if _, err := f.s.AddGoal(ctx, f.sup, f.family, GoalInput{Domain: "wonen", Goal: "Een aangepaste woning"}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.AddAction(ctx, f.sup, f.family, ActionInput{Kind: "aanvraag", Date: "01-06-2026", Subject: "Aanvraag Wlz", Minutes: "60"}); err != nil {
			t.Fatal(err)
		}
		// Not invited: the same 404 as a file that does not exist, and a
		// denied event naming the client.
		if rec := f.do(t, f.zv, "GET", path(f.family, ""), nil); rec.Code != http.StatusNotFound {
			t.Fatalf("zorgverlener before invitation: %d, want 404", rec.Code)
		}
		if n := f.events(audit.ActionRead, audit.OutcomeDenied); n != 1 {
			t.Errorf("denied reads logged: %d, want 1", n)
		}
		// The naaste invites the zorgverlener for the goals only, through the page.
		grants := f.events(audit.ActionGrant, "")
		rec := f.do(t, f.naaste, "POST", path(f.family, "/toegang"), url.Values{"wie": {strconv.FormatInt(f.zv.UserID, 10)}, "delen": {"doelen"}})
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("invite: %d %s", rec.Code, rec.Body.String())
		}
		// The confirmation travels in the query, before the fragment.
		if loc := rec.Header().Get("Location"); loc != path(f.family, "?melding=uitgenodigd#toegang") {
			t.Errorf("redirect to %q", loc)
		}
		if page := f.do(t, f.naaste, "GET", path(f.family, "?melding=uitgenodigd"), nil); !strings.Contains(page.Body.String(), "De uitnodiging is verstuurd") {
			t.Errorf("no confirmation after the invitation")
		}
		if f.events(audit.ActionGrant, "") != grants+1 {
			t.Errorf("grant not audited")
		}
		fl, err = f.s.File(ctx, f.zv, f.family)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(fl.Sections, []Section{SectionGoals}) || len(fl.Goals) != 1 || fl.Actions != nil || fl.Write || fl.Grants != nil {
			t.Errorf("invited zorgverlener sees sections %v goals %d actions %v write %v grants %v; want goals only", fl.Sections, len(fl.Goals), fl.Actions, fl.Write, fl.Grants)
		}
		page := f.do(t, f.zv, "GET", path(f.family, ""), nil)
		if page.Code != 200 || !strings.Contains(page.Body.String(), "Een aangepaste woning") || strings.Contains(page.Body.String(), "Aanvraag Wlz") {
			t.Errorf("zorgverlener's page: %d; must show the goal and not the log", page.Code)
		}
		// The API leaves the unshared sections out (null).
		api := f.do(t, f.zv, "GET", "/api/v1/support/families/"+strconv.FormatInt(f.family, 10), nil)
		var body map[string]any
		if err := json.Unmarshal(api.Body.Bytes(), &body); err != nil || api.Code != 200 {
			t.Fatalf("api: %d %v", api.Code, err)
		}
		if body["actions"] != nil || body["goals"] == nil {
			t.Errorf("api sections: actions %v goals %v", body["actions"], body["goals"])
		}
		// The zorgverlener cannot write, even though it reads.
		if rec := f.do(t, f.zv, "POST", path(f.family, "/doelen"), url.Values{"domein": {"zorg"}, "doel": {"x"}}); rec.Code != http.StatusForbidden {
			t.Errorf("zorgverlener writes a goal: %d, want 403 (route rule)", rec.Code)
		}
		// Withdraw both the zorgverlener and the supporter.
		gs, err := f.s.store.grants(ctx, f.family)
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range gs {
			if err := f.s.Withdraw(ctx, f.naaste, f.family, g.ID); err != nil {
				t.Fatal(err)
			}
		}
		if f.events(audit.ActionRevoke, "") != 2 {
			t.Errorf("withdrawals audited: %d, want 2", f.events(audit.ActionRevoke, ""))
		}
		for _, p := range []struct {
			name string
			code int
		}{{"zv", 404}, {"sup", 404}} {
			pr := f.zv
			if p.name == "sup" {
				pr = f.sup
			}
			if rec := f.do(t, pr, "GET", path(f.family, ""), nil); rec.Code != p.code {
				t.Errorf("%s after withdrawal: %d, want %d", p.name, rec.Code, p.code)
			}
		}
		if _, err := f.s.AddGoal(ctx, f.sup, f.family, GoalInput{Domain: "zorg", Goal: "Na intrekken"}); !errors.Is(err, errNoFile) {
			t.Errorf("withdrawn supporter writes: %v, want errNoFile", err)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM support_goals WHERE family_id = $1`, f.family); n != 1 {
			t.Errorf("goals after refused write: %d, want 1", n)
		}
		// The family still reads its own file.
		if rec := f.do(t, f.own, "GET", path(f.family, ""), nil); rec.Code != 200 {
			t.Errorf("client reads own file: %d", rec.Code)
		}
	})
}

// TestOtherFamilyIDs: ids in paths are an attack surface. A supporter,
// a naaste or a client outside the family gets the same 404 as for a file
// that does not exist, on pages and API, reading and writing; the
// programme and beheerder do not pass the route rule at all.
func TestOtherFamilyIDs(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		id := f.otherFamily
		cases := []struct {
			name   string
			method string
			target string
			form   url.Values
			want   int
		}{
			{"sup GET", "GET", path(id, ""), nil, 404},
			{"sup goal", "POST", path(id, "/doelen"), url.Values{"domein": {"zorg"}, "doel": {"x"}}, 404},
			{"sup log", "POST", path(id, "/logboek"), url.Values{"soort": {"gesprek"}, "datum": {"01-06-2026"}, "onderwerp": {"x"}}, 404},
			{"sup api", "GET", "/api/v1/support/families/" + strconv.FormatInt(id, 10), nil, 404},
			{"sup unknown", "GET", path(99999, ""), nil, 404},
		}
		for _, c := range cases {
			if rec := f.do(t, f.sup, c.method, c.target, c.form); rec.Code != c.want {
				t.Errorf("%s: %d, want %d", c.name, rec.Code, c.want)
			}
		}
		if rec := f.do(t, f.naaste, "GET", path(id, ""), nil); rec.Code != 404 {
			t.Errorf("naaste of another family: %d, want 404", rec.Code)
		}
		if rec := f.do(t, f.own, "POST", path(id, "/toegang"), url.Values{"wie": {strconv.FormatInt(f.sup.UserID, 10)}}); rec.Code != 404 {
			t.Errorf("client invites into another family's file: %d, want 404", rec.Code)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM support_grants WHERE family_id = $1`, id); n != 1 {
			t.Errorf("grants on the other file: %d, want 1", n)
		}
		// A grant id of another family cannot be withdrawn through one's own file.
		var other int64
		if err := f.d.QueryRowContext(context.Background(), `SELECT id FROM support_grants WHERE family_id = $1`, id).Scan(&other); err != nil {
			t.Fatal(err)
		}
		if rec := f.do(t, f.naaste, "POST", path(f.family, "/toegang/"+strconv.FormatInt(other, 10)+"/intrekken"), url.Values{}); rec.Code != 404 {
			t.Errorf("withdraw another family's grant: %d, want 404", rec.Code)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM support_grants WHERE id = $1 AND withdrawn_at IS NULL`, other); n != 1 {
			t.Errorf("the other family's grant was withdrawn")
		}
		for _, p := range []struct {
			name string
			code int
		}{{"programma", 403}, {"beheerder", 403}} {
			pr := f.prog
			if p.name == "beheerder" {
				pr = f.beheer
			}
			if rec := f.do(t, pr, "GET", path(f.family, ""), nil); rec.Code != p.code {
				t.Errorf("%s opens a family file: %d, want %d", p.name, rec.Code, p.code)
			}
		}
	})
}

// TestLogAllErrorsAtOnce: a log entry with negative minutes, a date
// before the intake, no subject and no kind shows every error at once at
// its field, and writes nothing.
func TestLogAllErrorsAtOnce(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		rec := f.do(t, f.sup, "POST", path(f.family, "/logboek"), url.Values{"soort": {""}, "datum": {"01-01-2020"}, "onderwerp": {" "}, "minuten": {"-30"}})
		if rec.Code != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422", rec.Code)
		}
		body := rec.Body.String()
		for _, want := range []string{`href="#soort"`, `href="#datum"`, `href="#onderwerp"`, `href="#minuten"`, "vóór de intake", "kan niet negatief zijn", `id="minuten-fout"`} {
			if !strings.Contains(body, want) {
				t.Errorf("page lacks %q", want)
			}
		}
		if !strings.Contains(body, `value="-30"`) {
			t.Errorf("the typed minutes are not kept")
		}
		if n := f.count(t, `SELECT COUNT(*) FROM support_actions`); n != 0 {
			t.Errorf("%d actions written, want 0", n)
		}
		// A date in the future is refused too; a good entry is written.
		_, err := f.s.AddAction(context.Background(), f.sup, f.family, ActionInput{Kind: "gesprek", Date: "01-01-2030", Subject: "x"})
		if !slices.Equal(fieldsOf(err), []string{"datum"}) {
			t.Errorf("future date: fields %v", fieldsOf(err))
		}
		if _, err := f.s.AddAction(context.Background(), f.sup, f.family, ActionInput{Kind: "escalatie", Date: "2026-06-01", Subject: "Escalatie naar het zorgkantoor", Minutes: "45"}); err != nil {
			t.Fatal(err)
		}
	})
}

// TestMeasurementRules: a measure before the intake date, a follow-up
// without an intake, a second intake and values out of range are refused
// with every field named; nothing is written until the form is right.
func TestMeasurementRules(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		_, err := f.s.AddMeasurement(ctx, f.sup, f.family, MeasureInput{Moment: "vervolg", Date: "01-05-2026", Quality: "11", Burden: "0", RestHours: "-1"})
		if got := fieldsOf(err); !slices.Equal(got, []string{"moment", "meetdatum", "kwaliteit", "belasting", "rust"}) {
			t.Errorf("fields %v", got)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM support_measurements`); n != 0 {
			t.Fatalf("%d measurements written", n)
		}
		if _, err := f.s.AddMeasurement(ctx, f.sup, f.family, MeasureInput{Moment: "intake", Date: "01-06-2026", Quality: "5", Burden: "8", RestHours: "4"}); err != nil {
			t.Fatal(err)
		}
		_, err = f.s.AddMeasurement(ctx, f.sup, f.family, MeasureInput{Moment: "intake", Date: "01-06-2026", Quality: "5", Burden: "8", RestHours: "4"})
		if !slices.Equal(fieldsOf(err), []string{"moment"}) {
			t.Errorf("second intake: %v", fieldsOf(err))
		}
		f.clock.Advance(180 * 24 * time.Hour)
		if _, err := f.s.AddMeasurement(ctx, f.sup, f.family, MeasureInput{Moment: "vervolg", Date: "20-11-2026", Quality: "7", Burden: "5", RestHours: "9"}); err != nil {
			t.Fatal(err)
		}
	})
}

// TestBusinessCase checks the calculator and its settings: attribution
// tables that do not add up to 100 %, negative and non-numeric amounts are
// refused all at once, nothing half-written; only the programme saves.
func TestBusinessCase(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		c, err := f.s.BusinessCase(ctx)
		if err != nil {
			t.Fatal(err)
		}
		sc := c.Calculate(10)
		// Defaults: per family 21.500 without, 13.000 with, 4.500 supporter.
		if sc.Without != 10*21500*100 || sc.Saving != 10*8500*100 || sc.SupporterCost != 10*4500*100 || sc.Net != 10*4000*100 {
			t.Errorf("without %d saving %d supporters %d net %d (cents)", sc.Without, sc.Saving, sc.SupporterCost, sc.Net)
		}
		var uwv int64
		for _, r := range sc.Rows {
			if r.Party == PartyUWV {
				uwv = r.Saving
			}
		}
		if uwv != 10*1500*100 {
			t.Errorf("UWV saves %d cents, want %d", uwv, 10*1500*100)
		}
		form := BCForm(c)
		form["pct_verzuim_uwv"] = "50" // 40 + 50 = 90
		form["zonder_crisis"] = "-100"
		form["met_opname"] = "veel"
		rec := f.do(t, f.prog, "POST", "/ondersteuning/businesscase/instellingen", toValues(form))
		if rec.Code != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", rec.Code)
		}
		body := rec.Body.String()
		for _, want := range []string{"tellen op tot 90 %", "kan niet negatief zijn", "geen heel getal", `href="#pct_verzuim_maatschappij"`, `href="#zonder_crisis"`, `href="#met_opname"`} {
			if !strings.Contains(body, want) {
				t.Errorf("page lacks %q", want)
			}
		}
		after, err := f.s.BusinessCase(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if after.Drivers[0].Shares[PartyUWV] != 60 || after.Drivers[3].CostWithout != 4000 {
			t.Errorf("a refused form changed the configuration: %+v", after.Drivers)
		}
		// The supporter may read but not configure.
		if rec := f.do(t, f.sup, "POST", "/ondersteuning/businesscase/instellingen", toValues(BCForm(c))); rec.Code != http.StatusForbidden {
			t.Errorf("supporter configures: %d", rec.Code)
		}
		good := BCForm(c)
		good["kosten_ondersteuner"] = "5000"
		if rec := f.do(t, f.prog, "POST", "/ondersteuning/businesscase/instellingen", toValues(good)); rec.Code != http.StatusSeeOther {
			t.Fatalf("good form: %d %s", rec.Code, rec.Body.String())
		}
		if c2, _ := f.s.BusinessCase(ctx); c2.SupporterCost != 5000 {
			t.Errorf("supporter cost %d, want 5000", c2.SupporterCost)
		}
		// Scenarios: bad numbers are named; exports answer in each format.
		if rec := f.do(t, f.sup, "GET", "/ondersteuning/businesscase?gezinnen_a=-3&gezinnen_b=abc", nil); rec.Code != 422 || !strings.Contains(rec.Body.String(), `href="#gezinnen_a"`) || !strings.Contains(rec.Body.String(), `href="#gezinnen_b"`) {
			t.Errorf("bad scenario: %d", rec.Code)
		}
		for _, fm := range []string{"csv", "xlsx", "pdf"} {
			rec := f.do(t, f.sup, "GET", "/ondersteuning/businesscase/export?formaat="+fm+"&gezinnen_a=10&gezinnen_b=20", nil)
			if rec.Code != 200 || rec.Body.Len() < 100 {
				t.Errorf("%s export: %d, %d bytes", fm, rec.Code, rec.Body.Len())
			}
		}
		api := f.do(t, f.prog, "GET", "/api/v1/support/business-case?families_a=10&families_b=20", nil)
		var bc businessCaseResponse
		if err := json.Unmarshal(api.Body.Bytes(), &bc); err != nil || api.Code != 200 || bc.ScenarioB.Families != 20 || bc.ScenarioA.SavingCents != 10*8500*100 {
			t.Errorf("api: %d %v %+v", api.Code, err, bc.ScenarioA)
		}
	})
}

func toValues(m map[string]string) url.Values {
	v := url.Values{}
	for k, x := range m {
		v.Set(k, x)
	}
	return v
}

// TestOutcomesSuppressed: three measured families of a pilot are hidden
// ("<5") with their means, for the programme's page and API alike.
func TestOutcomesSuppressed(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		o, err := f.s.Outcomes(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if o.Pilots[0].Families.N != 1 || !o.Pilots[0].Families.Hidden {
			t.Errorf("one ZEVMB family: %+v, want hidden", o.Pilots[0].Families)
		}
		// The ZEVMB family measured twice: one family, so neither its
		// count nor its means may show.
		for _, m := range []Measurement{{FamilyID: f.family, Moment: MomentIntake, MeasuredOn: start, Quality: 3, Burden: 9, RestHours: 1}, {FamilyID: f.family, Moment: MomentFollowUp, MeasuredOn: start.AddDate(0, 6, 0), Quality: 8, Burden: 2, RestHours: 9}} {
			if _, err := f.s.store.insertMeasurement(ctx, f.d, m, 0, start); err != nil {
				t.Fatal(err)
			}
		}
		// Six more families in each of the NAH and autism pilots, each
		// measured twice.
		for _, pilot := range []Pilot{PilotNAH, PilotAutisme} {
			for i := 0; i < 6; i++ {
				id, err := f.s.store.createFamily(ctx, f.d, Family{ClientID: f.other, Pilot: pilot, Region: "ZK02", IntakeOn: start, CreatedAt: start})
				if err != nil {
					t.Fatal(err)
				}
				for _, m := range []Measurement{{FamilyID: id, Moment: MomentIntake, MeasuredOn: start, Quality: 4, Burden: 8, RestHours: 2}, {FamilyID: id, Moment: MomentFollowUp, MeasuredOn: start.AddDate(0, 6, 0), Quality: 7, Burden: 5, RestHours: 6}} {
					if _, err := f.s.store.insertMeasurement(ctx, f.d, m, 0, start); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
		o, err = f.s.Outcomes(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if z := o.Pilots[0]; !z.Measured.Hidden || z.MeansShown || z.QualityFollowUp != 0 {
			t.Errorf("one measured ZEVMB family shows: %+v", z)
		}
		// One of the two pilots of six is hidden beside ZEVMB (else the
		// total minus the other would give ZEVMB away); the other shows.
		aut, nah := o.Pilots[1], o.Pilots[2]
		if aut.Measured.Hidden == nah.Measured.Hidden {
			t.Errorf("autism hidden %v, NAH hidden %v: want exactly one hidden", aut.Measured.Hidden, nah.Measured.Hidden)
		}
		for _, po := range []PilotOutcome{aut, nah} {
			if po.MeansShown != !po.Measured.Hidden || (po.MeansShown && (po.Measured.N != 6 || po.QualityFollowUp != 7)) {
				t.Errorf("%s: %+v", po.Pilot, po)
			}
		}
		rec := f.do(t, f.prog, "GET", "/api/v1/support/outcomes", nil)
		var out outcomesResponse
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil || rec.Code != 200 || !out.Pilots[0].Families.Hidden || out.Pilots[0].QualityFollowUp != nil {
			t.Errorf("api: %d %v %s", rec.Code, err, rec.Body.String())
		}
		if page := f.do(t, f.prog, "GET", "/ondersteuning/uitkomsten", nil); page.Code != 200 || strings.Contains(page.Body.String(), "Sanne") {
			t.Errorf("outcomes page: %d (must name nobody)", page.Code)
		}
		if page := f.do(t, f.prog, "GET", "/ondersteuning/uitkomsten", nil); !strings.Contains(page.Body.String(), `<div class="chart chart-narrow"><svg class="chart" viewBox="0 0 340 `) {
			t.Error("the outcome charts have no version drawn for a phone")
		}
	})
}

// TestFiguresFollowData: the monitor's figures follow the module's data,
// nationally and per region.
func TestFiguresFollowData(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		get := func(key, region string) int {
			fs, err := f.s.Figures(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range fs {
				if x.Key == key && x.Region == region {
					return x.Value
				}
			}
			return -1
		}
		fs, err := f.s.Figures(ctx)
		if err != nil {
			t.Fatal(err)
		}
		keys := map[string]bool{}
		for _, x := range fs {
			keys[x.Key] = true
		}
		for _, k := range []string{"support.families", "support.families.zevmb", "support.families.autisme", "support.families.nah", "support.families.lvbplus", "support.families.naasten", "support.supporters", "support.hours_12m"} {
			if !keys[k] {
				t.Errorf("figure %s missing", k)
			}
		}
		if len(keys) != 8 {
			t.Errorf("%d figure keys, want exactly 8", len(keys))
		}
		if get("support.families", "") != 2 || get("support.families.zevmb", "ZK11") != 1 || get("support.supporters", "") != 2 || get("support.hours_12m", "") != 0 {
			t.Errorf("start: families %d zevmb ZK11 %d supporters %d hours %d", get("support.families", ""), get("support.families.zevmb", "ZK11"), get("support.supporters", ""), get("support.hours_12m", ""))
		}
		if _, err := f.s.AddAction(ctx, f.sup, f.family, ActionInput{Kind: "gesprek", Date: "01-06-2026", Subject: "Huisbezoek", Minutes: "120"}); err != nil {
			t.Fatal(err)
		}
		if get("support.hours_12m", "") != 2 || get("support.hours_12m", "ZK11") != 2 || get("support.hours_12m", "ZK02") != 0 {
			t.Errorf("hours after 120 minutes: %d, ZK11 %d", get("support.hours_12m", ""), get("support.hours_12m", "ZK11"))
		}
		if _, err := f.s.Start(ctx, f.own, StartInput{ClientID: f.client, Pilot: "autisme", SupporterID: f.sup.UserID}); err != nil {
			t.Fatal(err)
		}
		if get("support.families", "") != 3 || get("support.families.autisme", "ZK11") != 1 {
			t.Errorf("after a new file: %d", get("support.families", ""))
		}
	})
}

// TestInzage: the client's right-of-access section lists the file with
// its access, goals and log.
func TestInzage(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		if _, err := f.s.AddGoal(ctx, f.sup, f.family, GoalInput{Domain: "zorg", Goal: "Logeeropvang"}); err != nil {
			t.Fatal(err)
		}
		sec, err := f.s.Inzage(ctx, f.client)
		if err != nil {
			t.Fatal(err)
		}
		var all string
		for _, tb := range sec.Tables {
			all += tb.Caption + ":"
			for _, r := range tb.Rows {
				all += strings.Join(r, "|") + ";"
			}
		}
		for _, want := range []string{"Ilse Mulder", "Logeeropvang", "Cliëntondersteuner"} {
			if !strings.Contains(all, want) {
				t.Errorf("inzage lacks %q: %s", want, all)
			}
		}
		empty, err := f.s.Inzage(ctx, 424242)
		if err != nil || len(empty.Fields) != 1 {
			t.Errorf("empty inzage: %+v %v", empty, err)
		}
	})
}

// TestFamilyForms covers the family's own forms: starting a file and
// inviting with every error at once; the supporter's goal, network and
// progress forms on the page.
func TestFamilyForms(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		rec := f.do(t, f.naaste, "POST", "/ondersteuning/mijn", url.Values{"client": {strconv.FormatInt(f.client, 10)}, "pilot": {"onbekend"}, "ondersteuner": {strconv.FormatInt(f.zv.UserID, 10)}})
		if rec.Code != 422 || !strings.Contains(rec.Body.String(), `href="#pilot"`) || !strings.Contains(rec.Body.String(), `href="#ondersteuner"`) {
			t.Errorf("start with two errors: %d", rec.Code)
		}
		rec = f.do(t, f.naaste, "POST", path(f.family, "/toegang"), url.Values{"wie": {strconv.FormatInt(f.prog.UserID, 10)}})
		if rec.Code != 422 || !strings.Contains(rec.Body.String(), `href="#wie"`) || !strings.Contains(rec.Body.String(), `href="#delen"`) {
			t.Errorf("invite the programme without sections: %d", rec.Code)
		}
		rec = f.do(t, f.sup, "POST", path(f.family, "/doelen"), url.Values{"domein": {"maan"}, "doel": {""}, "voortgang": {"150"}})
		if rec.Code != 422 || strings.Count(rec.Body.String(), `class="field-error"`) != 3 {
			t.Errorf("goal form: %d, %d field errors", rec.Code, strings.Count(rec.Body.String(), `class="field-error"`))
		}
		rec = f.do(t, f.sup, "POST", path(f.family, "/netwerk"), url.Values{"naam": {"Oma Gerda"}, "relatie": {"Oma"}, "contactsoort": {"familie"}, "nabijheid": {"1"}})
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("network: %d %s", rec.Code, rec.Body.String())
		}
		page := f.do(t, f.sup, "GET", path(f.family, ""), nil).Body.String()
		if !strings.Contains(page, `class="chart network-map"`) || !strings.Contains(page, "Oma Gerda") {
			t.Errorf("network map missing")
		}
		id, err := f.s.AddGoal(context.Background(), f.sup, f.family, GoalInput{Domain: "zorg", Goal: "Logeeropvang"})
		if err != nil {
			t.Fatal(err)
		}
		gp := path(f.family, "/doelen/"+strconv.FormatInt(id, 10))
		rec = f.do(t, f.sup, "POST", gp, url.Values{"voortgang": {"abc"}})
		if rec.Code != 422 || !strings.Contains(rec.Body.String(), `href="#voortgang-`+strconv.FormatInt(id, 10)+`"`) {
			t.Errorf("progress form error not at its field: %d", rec.Code)
		}
		if rec := f.do(t, f.sup, "POST", gp, url.Values{"voortgang": {"60"}, "stap": {"Bellen"}}); rec.Code != http.StatusSeeOther {
			t.Errorf("progress: %d", rec.Code)
		}
		// Another family's goal id through this family's path changes nothing.
		other, err := f.s.store.insertGoal(context.Background(), f.d, Goal{FamilyID: f.otherFamily, Domain: DomainCare, Goal: "Ander", UpdatedAt: start}, 0)
		if err != nil {
			t.Fatal(err)
		}
		if rec := f.do(t, f.sup, "POST", path(f.family, "/doelen/"+strconv.FormatInt(other, 10)), url.Values{"voortgang": {"90"}}); rec.Code != 404 {
			t.Errorf("another family's goal: %d", rec.Code)
		}
		if n := f.count(t, `SELECT progress FROM support_goals WHERE id = $1`, other); n != 0 {
			t.Errorf("another family's goal changed to %d", n)
		}
	})
}

// TestMinePage: the client's easy-read page says who helps and what they
// work on; the naaste reads about the client by name.
func TestMinePage(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		if _, err := f.s.AddGoal(context.Background(), f.sup, f.family, GoalInput{Domain: "wonen", Goal: "Een eigen kamer", NextStep: "Woning bekijken"}); err != nil {
			t.Fatal(err)
		}
		own := f.do(t, f.own, "GET", "/ondersteuning/mijn", nil).Body.String()
		for _, want := range []string{"Ilse Mulder is uw cliëntondersteuner.", "Een eigen kamer", "Woning bekijken"} {
			if !strings.Contains(own, want) {
				t.Errorf("client page lacks %q", want)
			}
		}
		rel := f.do(t, f.naaste, "GET", "/ondersteuning/mijn", nil).Body.String()
		if !strings.Contains(rel, "Ilse Mulder is de cliëntondersteuner van Sanne de Vries.") {
			t.Errorf("naaste page does not name the client")
		}
		api := f.do(t, f.own, "GET", "/api/v1/support/mine", nil)
		if api.Code != 200 || !strings.Contains(api.Body.String(), "Een eigen kamer") {
			t.Errorf("api mine: %d", api.Code)
		}
		var we *web.Error
		_, err := f.s.Start(context.Background(), f.sup, StartInput{ClientID: f.client, Pilot: "nah", SupporterID: f.sup.UserID})
		if !errors.As(err, &we) || we.Code != web.CodeForbidden {
			t.Errorf("a supporter starts a file itself: %v", err)
		}
	})
}

// TestAPIWrites: the API's changes keep the form's rules (every field at
// fault named, nothing written), answer 201 with the id, and refuse a
// family outside the caller's reach with 404.
func TestAPIWrites(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		base := "/api/v1/support/families/" + strconv.FormatInt(f.family, 10)
		rec := f.json(t, f.sup, "POST", base+"/actions", `{"kind":"aanvraag","happened_on":"2020-01-01","subject":"","minutes":-5}`)
		if rec.Code != 422 || !strings.Contains(rec.Body.String(), "minuten") || !strings.Contains(rec.Body.String(), "datum") || !strings.Contains(rec.Body.String(), "onderwerp") {
			t.Errorf("bad action: %d %s", rec.Code, rec.Body.String())
		}
		if n := f.count(t, `SELECT COUNT(*) FROM support_actions`); n != 0 {
			t.Errorf("%d actions written", n)
		}
		for _, c := range []struct{ path, body string }{
			{"/actions", `{"kind":"afspraak","happened_on":"2026-06-01","subject":"Afspraak met school","minutes":45}`},
			{"/goals", `{"domain":"school_werk","goal":"Passend onderwijs","progress":20}`},
			{"/measurements", `{"moment":"intake","measured_on":"2026-06-01","quality_of_life":5,"burden":8,"rest_hours_per_week":3}`},
		} {
			if rec := f.json(t, f.sup, "POST", base+c.path, c.body); rec.Code != 201 {
				t.Errorf("%s: %d %s", c.path, rec.Code, rec.Body.String())
			}
		}
		if rec := f.json(t, f.sup2, "POST", base+"/goals", `{"domain":"zorg","goal":"x"}`); rec.Code != 404 {
			t.Errorf("another supporter writes: %d", rec.Code)
		}
		rec = f.json(t, f.naaste, "POST", base+"/grants", `{"user_id":`+strconv.FormatInt(f.zv.UserID, 10)+`,"sections":["metingen"]}`)
		if rec.Code != 201 {
			t.Fatalf("grant: %d %s", rec.Code, rec.Body.String())
		}
		var created createdResponse
		if err := json.Unmarshal(rec.Body.Bytes(), &created); err != nil {
			t.Fatal(err)
		}
		rec = f.json(t, f.naaste, "POST", base+"/grants/"+strconv.FormatInt(created.ID, 10)+"/withdraw", ``)
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), "withdrawn_at") {
			t.Errorf("withdraw: %d %s", rec.Code, rec.Body.String())
		}
		if rec := f.json(t, f.naaste, "POST", base+"/grants/"+strconv.FormatInt(created.ID, 10)+"/withdraw", ``); rec.Code != 409 {
			t.Errorf("withdraw twice: %d", rec.Code)
		}
		if rec := f.do(t, f.sup, "GET", "/api/v1/support/families", nil); rec.Code != 200 || !strings.Contains(rec.Body.String(), "Sanne de Vries") {
			t.Errorf("caseload api: %d", rec.Code)
		}
	})
}

// TestToday: half a year after intake without a follow-up measure, the
// supporter's start page names the family; the client's links to her page.
func TestToday(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		tasks, err := f.s.Today(ctx, f.sup)
		if err != nil || len(tasks) != 0 {
			t.Fatalf("at intake: %v %v", tasks, err)
		}
		f.clock.Advance(200 * 24 * time.Hour)
		tasks, err = f.s.Today(ctx, f.sup)
		if err != nil || len(tasks) != 1 || !strings.Contains(tasks[0].Label, "Sanne de Vries") || !strings.HasPrefix(tasks[0].Href, path(f.family, "")) {
			t.Fatalf("after 200 days: %+v %v", tasks, err)
		}
		if _, err := f.s.AddMeasurement(ctx, f.sup, f.family, MeasureInput{Moment: "intake", Date: "01-06-2026", Quality: "5", Burden: "8", RestHours: "4"}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.AddMeasurement(ctx, f.sup, f.family, MeasureInput{Moment: "vervolg", Date: "01-12-2026", Quality: "7", Burden: "5", RestHours: "8"}); err != nil {
			t.Fatal(err)
		}
		if tasks, _ := f.s.Today(ctx, f.sup); len(tasks) != 0 {
			t.Errorf("after the follow-up: %+v", tasks)
		}
		if tasks, _ := f.s.Today(ctx, f.own); len(tasks) != 1 || tasks[0].Href != "/ondersteuning/mijn" {
			t.Errorf("client: %+v", tasks)
		}
		if tasks, _ := f.s.Today(ctx, f.prog); len(tasks) != 0 {
			t.Errorf("programme: %+v", tasks)
		}
	})
}

// TestEligibility: the check is recorded with its decision; admitting
// without every criterion, refusing without a reason, a criterion of
// another pilot or no decision are refused at once, nothing written.
func TestEligibility(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		rec := f.do(t, f.sup, "POST", path(f.family, "/toelating"), url.Values{"criteria": {"zevmb_iq", "nah_letsel"}})
		if rec.Code != 422 || !strings.Contains(rec.Body.String(), `href="#criteria"`) || !strings.Contains(rec.Body.String(), `href="#besluit"`) {
			t.Errorf("bad check: %d", rec.Code)
		}
		_, err := f.s.CheckEligibility(ctx, f.sup, f.family, EligibilityInput{Met: []string{"zevmb_iq"}, Decision: "toegelaten"})
		if !slices.Equal(fieldsOf(err), []string{"criteria"}) {
			t.Errorf("admit on one criterion: %v", fieldsOf(err))
		}
		_, err = f.s.CheckEligibility(ctx, f.sup, f.family, EligibilityInput{Decision: "afgewezen"})
		if !slices.Equal(fieldsOf(err), []string{"toelichting"}) {
			t.Errorf("refuse without a reason: %v", fieldsOf(err))
		}
		if n := f.count(t, `SELECT COUNT(*) FROM support_eligibility`); n != 0 {
			t.Fatalf("%d checks written", n)
		}
		if _, err := f.s.CheckEligibility(ctx, f.sup, f.family, EligibilityInput{Met: []string{"zevmb_iq", "zevmb_motoriek", "zevmb_bijkomend"}, Decision: "toegelaten"}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.CheckEligibility(ctx, f.sup2, f.family, EligibilityInput{Decision: "afgewezen", Note: "x"}); !errors.Is(err, errNoFile) {
			t.Errorf("another supporter: %v", err)
		}
		page := f.do(t, f.naaste, "GET", path(f.family, ""), nil).Body.String()
		if !strings.Contains(page, "Toegelaten") || !strings.Contains(page, "Niet nagekeken") || !strings.Contains(page, "Ernstige motorische beperking") {
			t.Errorf("the family does not see the check")
		}
		sec, err := f.s.Inzage(ctx, f.client)
		if err != nil || !slices.ContainsFunc(sec.Tables, func(tb clients.SectionTable) bool { return tb.Caption == "Toelating tot de pilot" }) {
			t.Errorf("inzage lacks the check: %v", err)
		}
	})
}

// TestFiguresReadOnAPhone: the business case's scenario tables and the
// outcomes table stack on a phone, each figure labelled with its column,
// so the saving and the follow-up measures are not past the screen's
// right edge (at 375 px they were, in a table 605 and 912 px wide).
func TestFiguresReadOnAPhone(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		for _, c := range []struct{ path, label string }{
			{"/ondersteuning/businesscase?gezinnen_a=10&gezinnen_b=20", `data-label="Besparing"`},
			{"/ondersteuning/businesscase?gezinnen_a=10&gezinnen_b=20", `data-label="Zorgverzekeraars (Zvw)"`},
			{"/ondersteuning/uitkomsten", `data-label="Gemeten gezinnen"`},
		} {
			rec := f.do(t, f.prog, "GET", c.path, nil)
			if body := rec.Body.String(); rec.Code != 200 || !strings.Contains(body, `<table class="table--stack">`) || !strings.Contains(body, c.label) {
				t.Errorf("%s: %d, no stacked table labelled %s", c.path, rec.Code, c.label)
			}
		}
	})
}

// TestActionSentence: the family's easy-read page joins an action's
// subject and outcome without a doubled mark ("nodig?. Plek").
func TestActionSentence(t *testing.T) {
	for _, c := range []struct{ subject, outcome, want string }{
		{"Huisbezoek: wat heeft het gezin nodig?", "Plek gevonden", "Huisbezoek: wat heeft het gezin nodig? Plek gevonden"},
		{"Pgb aangevraagd", "Toegekend", "Pgb aangevraagd. Toegekend"},
		{"Gesprek met school.", "", "Gesprek met school."},
	} {
		if got := (Action{Subject: c.subject, Outcome: c.outcome}).Sentence(); got != c.want {
			t.Errorf("%q + %q = %q, want %q", c.subject, c.outcome, got, c.want)
		}
	}
}

// TestExportLinksKeepTheScenario: the page's export links carry the
// scenario the user chose, so the CSV, XLSX and PDF show the same families
// as the page (the query was once escaped whole, "gezinnen_a%3d10%26…", and
// every export fell back to the default scenarios).
func TestExportLinksKeepTheScenario(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		rec := f.do(t, f.sup, "GET", "/ondersteuning/businesscase?gezinnen_a=10&gezinnen_b=200", nil)
		if rec.Code != 200 {
			t.Fatalf("page: %d", rec.Code)
		}
		links := regexp.MustCompile(`href="(/ondersteuning/businesscase/export\?[^"]*)"`).FindAllStringSubmatch(rec.Body.String(), -1)
		if len(links) != 3 {
			t.Fatalf("%d export links, want 3", len(links))
		}
		for _, l := range links {
			u, err := url.Parse(html.UnescapeString(l[1]))
			if err != nil {
				t.Fatal(err)
			}
			q := u.Query()
			if q.Get("gezinnen_a") != "10" || q.Get("gezinnen_b") != "200" || q.Get("formaat") == "" {
				t.Errorf("link %s loses the scenario: %v", l[1], q)
			}
		}
		csv := f.do(t, f.sup, "GET", html.UnescapeString(links[0][1]), nil)
		if csv.Code != 200 || !strings.Contains(csv.Body.String(), "Aantal gezinnen scenario A;10;") || !strings.Contains(csv.Body.String(), "Aantal gezinnen scenario B;200;") {
			t.Errorf("CSV from the page's link: %d\n%s", csv.Code, csv.Body.String())
		}
	})
}
