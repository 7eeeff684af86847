package relatives

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/web"
)

func yes() *bool { t := true; return &t }
func no() *bool  { f := false; return &f }

// TestLetterFigures checks that the demo's first measurement gives the
// letters' figures exactly: 7,5; 75% good or very good; 85% happy; 10%
// not satisfied; three in five always ready; and that the figures for the
// monitor carry them.
func TestLetterFigures(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		c := cycleAt(start.AddDate(-2, 0, 0))
		id, err := f.s.store.ensureCycle(ctx, f.d, c)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.s.store.insertResponses(ctx, f.d, id, LetterAnswers(200)); err != nil {
			t.Fatal(err)
		}
		rs, err := f.s.Results(ctx)
		if err != nil {
			t.Fatal(err)
		}
		r, ok := Latest(rs)
		if !ok || r.Score != 75 || r.GoodPct != 75 || r.HappyPct != 85 || r.NotSatisfiedPct != 10 || r.AlwaysReadyPct != 60 || r.Respondents.N != 200 {
			t.Fatalf("first measurement %+v", r)
		}
		figs, err := f.s.Figures(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int{"relatives.survey_score": 75, "relatives.survey_good_pct": 75, "relatives.survey_happy_pct": 85, "relatives.survey_not_satisfied_pct": 10,
			"relatives.survey_always_ready_pct": 60, "relatives.survey_respondents": 200, "relatives.plans": 0, "relatives.callbacks_12m": 0, "relatives.respite_places": 0}
		if len(figs) != len(want) {
			t.Errorf("%d figures, want %d", len(figs), len(want))
		}
		for _, fg := range figs {
			if w, ok := want[fg.Key]; !ok || fg.Value != w {
				t.Errorf("%s = %d, want %d", fg.Key, fg.Value, w)
			}
			if fg.Key == "relatives.survey_score" && fg.Decimals != 1 {
				t.Errorf("score decimals %d", fg.Decimals)
			}
		}
		rec := f.do(t, nil, "GET", "/naasten/vragenlijst/uitkomsten", nil)
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), "7,5") || !strings.Contains(rec.Body.String(), "<svg") || !strings.Contains(rec.Body.String(), "<table") {
			t.Errorf("results page: %d", rec.Code)
		}
		if !strings.Contains(rec.Body.String(), `<div class="chart chart-narrow"><svg class="chart" viewBox="0 0 340 `) {
			t.Error("the survey chart has no version drawn for a phone")
		}
	})
}

// TestAlwaysReadyFigureFollowsTheSurvey: the share who feel they must
// always be ready is offered to the monitor from the latest published
// cycle and follows its answers; a newer cycle with fewer than five
// answers is not published, so its share is not offered (the older
// cycle's stands), and once it has enough answers its own share is.
func TestAlwaysReadyFigureFollowsTheSurvey(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		ready := func() (int, string) {
			t.Helper()
			figs, err := f.s.Figures(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, fg := range figs {
				if fg.Key == "relatives.survey_always_ready_pct" {
					if fg.Unit != "procent" || fg.LabelEN == "" || fg.Persons {
						t.Errorf("figure %+v", fg)
					}
					return fg.Value, fg.Label
				}
			}
			t.Fatal("no always-ready figure")
			return 0, ""
		}
		old, err := f.s.store.ensureCycle(ctx, f.d, cycleAt(start.AddDate(-2, 0, 0)))
		if err != nil {
			t.Fatal(err)
		}
		if err := f.s.store.insertResponses(ctx, f.d, old, LetterAnswers(200)); err != nil {
			t.Fatal(err)
		}
		if v, label := ready(); v != 60 || !strings.Contains(label, "altijd klaar moeten staan (2024–2025)") {
			t.Errorf("first measurement %d %q", v, label)
		}
		answers := func(n int, always bool) []Answer {
			out := make([]Answer, n)
			for i := range out {
				out[i] = Answer{Score: 7, Quality: "goed", Happy: yes(), Satisfaction: "tevreden", AlwaysReady: &always}
			}
			return out
		}
		now, err := f.s.store.ensureCycle(ctx, f.d, cycleAt(start))
		if err != nil {
			t.Fatal(err)
		}
		if err := f.s.store.insertResponses(ctx, f.d, now, answers(4, true)); err != nil {
			t.Fatal(err)
		}
		if v, _ := ready(); v != 60 {
			t.Errorf("four answers moved the figure to %d", v)
		}
		if err := f.s.store.insertResponses(ctx, f.d, now, answers(6, false)); err != nil {
			t.Fatal(err)
		}
		if v, label := ready(); v != 40 || !strings.Contains(label, "(2026–2027)") {
			t.Errorf("ten answers, four always ready: %d %q", v, label)
		}
	})
}

// TestFiguresFollowData adds a plan, a call-back and a respite place and
// sees the figures move.
func TestFiguresFollowData(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		value := func(key string) int {
			figs, err := f.s.Figures(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, fg := range figs {
				if fg.Key == key {
					return fg.Value
				}
			}
			t.Fatalf("no figure %s", key)
			return 0
		}
		f.makePlan(t)
		f.makePlan(t) // a second plan about the same client: still one person
		pi := f.fullPlan()
		pi.ClientID = 0
		if _, err := f.s.CreatePlan(ctx, f.sister, pi); err != nil {
			t.Fatal(err)
		}
		if v := value("relatives.plans"); v != 2 {
			t.Errorf("plans %d, want 2 persons", v)
		}
		if _, err := f.s.RequestCallback(ctx, f.mother, CallbackInput{Topic: "wonen", Phone: "06 12345678", Preferred: "avond"}); err != nil {
			t.Fatal(err)
		}
		if v := value("relatives.callbacks_12m"); v != 1 {
			t.Errorf("callbacks %d", v)
		}
		f.respite.places = []RespitePlace{{Name: "Logeerkamer"}}
		if v := value("relatives.respite_places"); v != 1 {
			t.Errorf("respite %d", v)
		}
	})
}

// TestSurveyOncePerCycleAndSuppressed answers the survey: all errors at
// once, one answer per relative per cycle (the second refused, nothing
// written), no account stored with the answer, and a cycle with fewer
// than 5 answers shows no figures.
func TestSurveyOncePerCycleAndSuppressed(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		err := f.s.Respond(ctx, f.mother, Answer{Score: 11, Quality: "super", Satisfaction: "", Remarks: strings.Repeat("a", maxRemarks+1)})
		if got := fields(err); !slices.Equal(got, []string{"cijfer", "kwaliteit", "gelukkig", "tevreden", "klaarstaan", "opmerkingen"}) {
			t.Errorf("all errors at once: %v", got)
		}
		ok := Answer{Score: 8, Quality: "goed", Happy: yes(), Satisfaction: "tevreden", AlwaysReady: no()}
		if err := f.s.Respond(ctx, f.mother, ok); err != nil {
			t.Fatal(err)
		}
		if err := f.s.Respond(ctx, f.mother, ok); !isCode(err, web.CodeConflict) {
			t.Errorf("second answer: %v", err)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM relatives_survey_responses`); n != 1 {
			t.Errorf("%d responses after the refused second", n)
		}
		rs, err := f.s.Results(ctx)
		if err != nil || len(rs) != 1 {
			t.Fatalf("results %v %v", rs, err)
		}
		if rs[0].Published || !rs[0].Respondents.Hidden || rs[0].Score != 0 {
			t.Errorf("one answer published: %+v", rs[0])
		}
		rec := f.do(t, nil, "GET", "/api/v1/relatives/survey/results", nil)
		if rec.Code != 200 || strings.Contains(rec.Body.String(), `"score": 8`) {
			t.Errorf("api leaks a single answer: %s", rec.Body.String())
		}
		// The form: 422 with every error, then done.
		rec = f.do(t, f.sister, "POST", "/naasten/vragenlijst", url.Values{"cijfer": {"0"}})
		if rec.Code != http.StatusUnprocessableEntity || strings.Count(rec.Body.String(), `class="field-error"`) != 5 {
			t.Errorf("survey form errors: %d, %d at the fields", rec.Code, strings.Count(rec.Body.String(), `class="field-error"`))
		}
		rec = f.do(t, f.sister, "POST", "/naasten/vragenlijst", url.Values{"cijfer": {"7"}, "kwaliteit": {"redelijk"}, "gelukkig": {"ja"}, "tevreden": {"neutraal"}, "klaarstaan": {"ja"}})
		if rec.Code != http.StatusSeeOther {
			t.Errorf("survey: %d", rec.Code)
		}
		if rec := f.do(t, f.sister, "GET", "/naasten/vragenlijst", nil); !strings.Contains(rec.Body.String(), "al ingevuld") {
			t.Error("survey page does not say it was answered")
		}
		if rec := f.doJSON(t, f.sanne, "POST", "/api/v1/relatives/survey", `{"score":7,"quality":"goed","happy":true,"satisfaction":"tevreden","always_ready":false}`); rec.Code != http.StatusForbidden {
			t.Errorf("client answers the relatives' survey: %d", rec.Code)
		}
	})
}

// TestCycles checks the two-year cycles.
func TestCycles(t *testing.T) {
	for _, tc := range []struct {
		year int
		want string
	}{{2026, "2026–2027"}, {2027, "2026–2027"}, {2028, "2028–2029"}, {2025, "2024–2025"}} {
		c := cycleAt(start.AddDate(tc.year-2026, 0, 0))
		if c.Name != tc.want || !c.Open(start.AddDate(tc.year-2026, 0, 0)) {
			t.Errorf("%d: %+v", tc.year, c)
		}
	}
}

// TestSurveyAPI answers through the API: 201 with the cycle, then 409.
func TestSurveyAPI(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		body := `{"score":7,"quality":"goed","happy":true,"satisfaction":"tevreden","always_ready":true}`
		if rec := f.doJSON(t, f.mother, "POST", "/api/v1/relatives/survey", body); rec.Code != http.StatusCreated || !strings.Contains(rec.Body.String(), "2026–2027") {
			t.Errorf("first: %d %s", rec.Code, rec.Body.String())
		}
		if rec := f.doJSON(t, f.mother, "POST", "/api/v1/relatives/survey", body); rec.Code != http.StatusConflict {
			t.Errorf("second: %d", rec.Code)
		}
		if rec := f.doJSON(t, f.mother, "POST", "/api/v1/relatives/survey", `{"score":7}`); rec.Code != http.StatusBadRequest && rec.Code != http.StatusUnprocessableEntity {
			t.Errorf("missing fields: %d", rec.Code)
		}
	})
}

// TestResultsReadOnAPhone: the survey's results table stacks on a phone,
// each figure labelled, so the later columns ("Altijd klaarstaan") and a
// suppressed cycle's reason are not past the screen's edge at 375 px.
func TestResultsReadOnAPhone(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		id, err := f.s.store.ensureCycle(ctx, f.d, cycleAt(start.AddDate(-2, 0, 0)))
		if err != nil {
			t.Fatal(err)
		}
		if err := f.s.store.insertResponses(ctx, f.d, id, LetterAnswers(200)); err != nil {
			t.Fatal(err)
		}
		rec := f.do(t, nil, "GET", "/naasten/vragenlijst/uitkomsten", nil)
		if body := rec.Body.String(); rec.Code != 200 || !strings.Contains(body, `<table class="table--stack">`) || !strings.Contains(body, `data-label="Antwoorden"`) {
			t.Errorf("results page: %d, the table does not stack", rec.Code)
		}
	})
}

// TestResultsChartInEnglish: the results chart is drawn in Go, outside
// the template, so its title, description, series and table were Dutch
// on the English page (walked as an English reader). Every word of it
// is now in the reader's language.
func TestResultsChartInEnglish(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		id, err := f.s.store.ensureCycle(ctx, f.d, cycleAt(start.AddDate(-2, 0, 0)))
		if err != nil {
			t.Fatal(err)
		}
		if err := f.s.store.insertResponses(ctx, f.d, id, LetterAnswers(200)); err != nil {
			t.Fatal(err)
		}
		en := f.do(t, nil, "GET", "/naasten/vragenlijst/uitkomsten?lang=en", nil).Body.String()
		for _, dutch := range []string{"Kwaliteit van leven van naasten per meting", "Percentage naasten", ">Goed of zeer goed<", ">Gelukkig<", ">Niet tevreden<", ">Altijd klaarstaan<"} {
			if strings.Contains(en, dutch) {
				t.Errorf("English results page still says %q", dutch)
			}
		}
		for _, want := range []string{"Relatives' quality of life per measurement", "Percentage of relatives per outcome", ">Good or very good<", ">Always ready<"} {
			if !strings.Contains(strings.ReplaceAll(en, "&#39;", "'"), want) {
				t.Errorf("English results page lacks %q", want)
			}
		}
		if nl := f.do(t, nil, "GET", "/naasten/vragenlijst/uitkomsten", nil).Body.String(); !strings.Contains(nl, "Kwaliteit van leven van naasten per meting") {
			t.Error("the Dutch chart lost its title")
		}
	})
}
