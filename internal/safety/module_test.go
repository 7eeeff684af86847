package safety

import (
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/auth"
)

// TestInzageHidesOpenReports: the client's right-of-access section lists
// only finished reports the client made, without their content, since a
// representative may read the export and may be the person reported.
func TestInzageHidesOpenReports(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		f.submit(t, f.client, report("melding", ""))
		id := f.lastReport(t)
		sec, err := f.s.Inzage(t.Context(), f.clientID)
		if err != nil {
			t.Fatal(err)
		}
		if len(sec.Tables) != 0 || len(sec.Fields) != 1 || sec.Fields[0].Value != "Geen" {
			t.Errorf("an open report is in the export: %+v", sec)
		}
		if err := f.s.Close(t.Context(), f.adviser, id, "Afgerond."); err != nil {
			t.Fatal(err)
		}
		sec, err = f.s.Inzage(t.Context(), f.clientID)
		if err != nil {
			t.Fatal(err)
		}
		if len(sec.Tables) != 1 || len(sec.Tables[0].Rows) != 1 {
			t.Fatalf("the closed report is not in the export: %+v", sec)
		}
		for _, cell := range sec.Tables[0].Rows[0] {
			if strings.Contains(cell, "raakt mij aan") {
				t.Error("the export shows the report's content")
			}
		}
	})
}

// TestFiguresFollowData: the figures count reports and advice requests of
// twelve months and the open ones, nationally and per region, and follow
// a new report and a closing.
func TestFiguresFollowData(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		get := func(key, region string) int {
			t.Helper()
			fs, err := f.s.Figures(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			for _, fig := range fs {
				if fig.Key == key && fig.Region == region {
					if !fig.Persons {
						t.Errorf("%s is not marked as a count of people", key)
					}
					return fig.Value
				}
			}
			return -1
		}
		if get("safety.reports_12m", "") != 0 || get("safety.advice_12m", "") != 0 || get("safety.open", "") != 0 {
			t.Fatal("figures of an empty module are not 0")
		}
		f.submit(t, nil, report("melding", "client"))
		f.submit(t, nil, report("advies", "client"))
		if get("safety.reports_12m", "") != 1 || get("safety.advice_12m", "") != 1 || get("safety.open", "") != 2 || get("safety.reports_12m", "ZK11") != 1 {
			t.Error("figures do not follow the new reports")
		}
		if err := f.s.Close(t.Context(), f.adviser, f.lastReport(t), "Beantwoord."); err != nil {
			t.Fatal(err)
		}
		if get("safety.open", "") != 1 {
			t.Error("the open figure does not follow a closing")
		}
		f.clock.Advance(366 * 24 * 3600 * 1e9)
		if get("safety.reports_12m", "") != 0 {
			t.Error("a report older than a year still counts")
		}
	})
}

// TestTimelineAndMine: a reporter with an account sees the report on the
// start page (neutrally worded) and on /meldingen/mijn with the adviser's
// message; the adviser's start page counts new reports without naming.
func TestTimelineAndMine(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		f.submit(t, f.client, report("melding", ""))
		id := f.lastReport(t)
		tasks, err := f.s.Today(t.Context(), f.adviser)
		if err != nil || len(tasks) != 1 || tasks[0].Count != 1 || !strings.Contains(tasks[0].Label, "1 nieuwe melding ") {
			t.Fatalf("adviser's tasks: %+v %v", tasks, err)
		}
		if tasks, _ := f.s.Today(t.Context(), f.adviser2); len(tasks) != 0 {
			t.Errorf("another provider's adviser is told: %+v", tasks)
		}
		if err := f.s.SendMessage(t.Context(), f.adviser, id, "Ik bel u morgen."); err != nil {
			t.Fatal(err)
		}
		tasks, err = f.s.Today(t.Context(), f.client)
		if err != nil || len(tasks) != 1 || tasks[0].Href != "/meldingen/mijn" || tasks[0].Note == "" || strings.Contains(tasks[0].Label, "raakt") {
			t.Fatalf("client's timeline: %+v %v", tasks, err)
		}
		rec := f.get(t, f.client, "/meldingen/mijn")
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), "Ik bel u morgen.") {
			t.Errorf("/meldingen/mijn: %d", rec.Code)
		}
		if rec := f.get(t, f.relative, "/meldingen/mijn"); strings.Contains(rec.Body.String(), "Ik bel u morgen.") {
			t.Error("the relative sees the client's report on their own page")
		}
		if tasks, _ := f.s.Today(t.Context(), f.relative); len(tasks) != 0 {
			t.Errorf("the relative's timeline shows the client's report: %+v", tasks)
		}
	})
}

// TestAPIContract: the public JSON submission routes by situation, stores
// only in the care relationship and gives the code once; the status call
// takes the code in the body; bad input names the fields.
func TestAPIContract(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		post := func(path, body string) (int, string) {
			rec := f.postJSON(t, path, body)
			return rec.Code, rec.Body.String()
		}
		if st, body := post("/api/v1/safety/reports", `{"kind":"melding","situation":"gevaar"}`); st != 200 || !strings.Contains(body, `"routing": "112"`) || strings.Contains(body, "status_code") {
			t.Errorf("danger: %d %s", st, body)
		}
		st, body := post("/api/v1/safety/reports", `{"kind":"melding","situation":"zorg","provider":"Zorg Utrecht","group":"client","what":"Geduwd","where":"Gang","still_going_on":"nee","safe_now":"ja"}`)
		if st != 200 || !strings.Contains(body, `"status_code"`) {
			t.Fatalf("report: %d %s", st, body)
		}
		code := body[strings.Index(body, `"status_code": "`)+len(`"status_code": "`):]
		code = code[:strings.Index(code, `"`)]
		if st, body := post("/api/v1/safety/status", `{"code":"`+code+`"}`); st != 200 || !strings.Contains(body, `"provider": "Zorg Utrecht"`) {
			t.Errorf("status: %d %s", st, body)
		}
		if st, body := post("/api/v1/safety/reports", `{"kind":"melding","situation":"zorg","provider":"Zorg Utrecht","group":"client"}`); st != 422 || !strings.Contains(body, `"name": "wat"`) || !strings.Contains(body, `"name": "veilig"`) {
			t.Errorf("empty report: %d %s", st, body)
		}
		if st, _ := post("/api/v1/safety/status", `{"code":"AAAA-BBBB-CCCC-DDDD"}`); st != 404 {
			t.Errorf("unknown code: %d", st)
		}
		rec := f.get(t, f.adviser, "/api/v1/safety/reports/"+itoa(int(f.lastReport(t)))+"/inspectorate")
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"what": "Geduwd"`) || !strings.Contains(rec.Body.String(), `"safe_now": "ja"`) {
			t.Errorf("inspectorate export: %d %s", rec.Code, rec.Body.String())
		}
	})
}

// TestAggregatesSuppressSmallCounts: the monitor's quarters hide counts of
// 1–4 (and what would give them away), and give the median time to first
// contact only over five or more.
func TestAggregatesSuppressSmallCounts(t *testing.T) {
	dbtestEach(t, Config{MaxReports: 20}, func(t *testing.T, f *fixture) {
		for i := 0; i < 6; i++ {
			f.submit(t, nil, report("melding", "client"))
			if err := f.s.SendMessage(t.Context(), f.adviser, f.lastReport(t), "Ik bel u."); err != nil {
				t.Fatal(err)
			}
		}
		f.submit(t, nil, report("advies", "client"))
		agg, err := f.s.Aggregates(t.Context(), start.AddDate(-1, 0, 0))
		if err != nil {
			t.Fatal(err)
		}
		if len(agg.Quarters) != 1 {
			t.Fatalf("quarters: %+v", agg.Quarters)
		}
		q := agg.Quarters[0]
		if q.Quarter != "2026-Q1" || q.Reports.Hidden || q.Reports.N != 6 || !q.Advice.Hidden || !agg.TotalAdvice.Hidden || q.MedianHours == nil {
			t.Errorf("aggregates: %+v %+v", q, agg)
		}
		rec := f.get(t, &auth.Principal{UserID: f.adviser.UserID, Role: auth.RoleProgramma}, "/api/v1/safety/aggregates")
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"advice": "\u003c5"`) {
			t.Errorf("aggregates API: %d %s", rec.Code, rec.Body.String())
		}
	})
}
