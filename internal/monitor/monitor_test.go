package monitor

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/module"
	"github.com/volwaardig/volwaardig/internal/web"
)

func TestParseAmount(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Amount
		bad  bool
	}{
		{in: "70", want: Amount{Value: 70}},
		{in: "8.462", want: Amount{Value: 8462}},
		{in: "1.234.567", want: Amount{Value: 1234567}},
		{in: "7,5", want: Amount{Value: 75, Decimals: 1}},
		{in: " 70 plekken ", want: Amount{Value: 70, Unit: "plekken"}},
		{in: "85 %", want: Amount{Value: 85, Unit: "%"}},
		{in: "7.5", bad: true},     // a point is not a decimal separator
		{in: "84.62", bad: true},   // nor a thousands separator of 2 digits
		{in: "7,5,1", bad: true},   // two commas
		{in: "-3", bad: true},      // no sign
		{in: "7,555", bad: true},   // more than 2 decimals
		{in: "plekken", bad: true}, // no number
		{in: "", bad: true},
		{in: ",5", bad: true},
		{in: "5,", bad: true},
		{in: "99999999999", bad: true},
		{in: "70 <script>", bad: true},
	} {
		got, err := ParseAmount(c.in)
		if c.bad != (err != nil) || (!c.bad && got != c.want) {
			t.Errorf("ParseAmount(%q) = %+v, %v; want %+v, bad %v", c.in, got, err, c.want, c.bad)
		}
	}
	if got := FormatAmount(8462, 0); got != "8.462" {
		t.Errorf("FormatAmount(8462) = %q", got)
	}
	if got := FormatAmount(75, 1); got != "7,5" {
		t.Errorf("FormatAmount(75, 1) = %q", got)
	}
}

// FuzzParseAmount: whatever is typed, the parser does not panic, and what
// it accepts prints back (FormatAmount) to text it reads as the same value.
func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"70", "8.462", "7,5", "70 plekken", "85 %", "1.2", ",", "9.999.999,99", "0,05"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseAmount(s)
		if err != nil {
			return
		}
		if a.Value < 0 || a.Value > maxAmount || a.Decimals > 2 {
			t.Fatalf("ParseAmount(%q) = %+v out of range", s, a)
		}
		back, err := ParseAmount(FormatAmount(a.Value, a.Decimals))
		if err != nil || back.Value != a.Value || back.Decimals != a.Decimals {
			t.Fatalf("ParseAmount(%q) = %+v; its print %q reads as %+v, %v", s, a, FormatAmount(a.Value, a.Decimals), back, err)
		}
	})
}

// TestCreateIndicatorAllErrorsNothingWritten: a target in the wrong unit,
// a figure of a module that is not there and a missing name come back at
// once, each at its field with a Dutch message naming what to fix, and
// nothing is written.
func TestCreateIndicatorAllErrorsNothingWritten(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		_, err := f.s.CreateIndicator(ctx, f.prog, IndicatorInput{GoalID: f.goal, Kind: KindComputed, FigureKey: "support.families", Target: "450 gezinnen"})
		if got := fields(err); !slices.Equal(got, []string{"name", "figure_key"}) {
			t.Fatalf("fields = %v (%v), want name and figure_key", got, err)
		}
		var we *web.Error
		_ = errorsAs(err, &we)
		msg := we.Fields[1].Message
		if !strings.Contains(msg, "de module ‘support’ is er niet") || !strings.Contains(msg, "crisis, placement") {
			t.Errorf("missing-module message %q does not name the module and the available ones", msg)
		}
		// A module that is there but has no such key names its keys.
		_, err = f.s.CreateIndicator(ctx, f.prog, IndicatorInput{GoalID: f.goal, Name: "X", Kind: KindComputed, FigureKey: "crisis.beds"})
		_ = errorsAs(err, &we)
		if we == nil || !strings.Contains(we.Message, "crisis.open, crisis.teams") {
			t.Errorf("missing key: %v, want the module's keys named", err)
		}
		// Target in another unit than the figure's.
		_, err = f.s.CreateIndicator(ctx, f.prog, IndicatorInput{GoalID: f.goal, Name: "Plekken", Kind: KindComputed, FigureKey: "placement.maatwerkplekken", Target: "70 bedden"})
		if got := fields(err); !slices.Equal(got, []string{"target"}) {
			t.Fatalf("wrong-unit target: fields %v (%v)", got, err)
		}
		_ = errorsAs(err, &we)
		if !strings.Contains(we.Message, "telt in ‘plekken’, niet in ‘bedden’") {
			t.Errorf("wrong-unit message %q", we.Message)
		}
		// A unit given that differs from the figure's, and too many decimals.
		_, err = f.s.CreateIndicator(ctx, f.prog, IndicatorInput{GoalID: f.goal, Name: "Plekken", Kind: KindComputed, FigureKey: "placement.maatwerkplekken", Unit: "bedden", Target: "70,5"})
		if got := fields(err); !slices.Equal(got, []string{"unit", "target"}) {
			t.Fatalf("unit and decimals: fields %v (%v)", got, err)
		}
		// A goal that does not exist, a hand-entered one without unit.
		_, err = f.s.CreateIndicator(ctx, f.prog, IndicatorInput{GoalID: 9999, Name: "Y", Kind: KindManual, Decimals: 3})
		if got := fields(err); !slices.Equal(got, []string{"goal_id", "unit", "decimals"}) {
			t.Fatalf("manual: fields %v (%v)", got, err)
		}
		if n := f.count(t, "monitor_indicators"); n != 0 {
			t.Fatalf("bad input wrote %d indicators", n)
		}
		// The right input is taken, with the figure's unit.
		id, err := f.s.CreateIndicator(ctx, f.prog, IndicatorInput{GoalID: f.goal, Name: "Plekken", Kind: KindComputed, FigureKey: "placement.maatwerkplekken", Target: "70 plekken"})
		if err != nil {
			t.Fatal(err)
		}
		in, err := f.s.Indicator(ctx, id)
		if err != nil || in.Unit != "plekken" || in.Target != 70 || !in.HasTarget {
			t.Fatalf("indicator %+v, %v", in, err)
		}
	})
}

func errorsAs(err error, we **web.Error) bool {
	*we = web.AsError(err)
	return *we != nil
}

// TestIndicatorFormShowsEveryError: the page form shows the errors in the
// summary and at each field, and keeps what was typed.
func TestIndicatorFormShowsEveryError(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		form := url.Values{"doel": {strconv.FormatInt(f.goal, 10)}, "soort": {"berekend"}, "cijfer": {"placement.maatwerkplekken"}, "streefwaarde": {"70 bedden"}}
		rec := f.do(t, f.prog, "POST", "/monitor/indicatoren", form.Encode(), "application/x-www-form-urlencoded")
		body := rec.Body.String()
		if rec.Code != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", rec.Code)
		}
		for _, want := range []string{`href="#naam"`, `href="#streefwaarde"`, `id="streefwaarde-fout"`, `value="70 bedden"`, "niet in ‘bedden’"} {
			if !strings.Contains(body, want) {
				t.Errorf("form page lacks %q", want)
			}
		}
		if n := f.count(t, "monitor_indicators"); n != 0 {
			t.Fatalf("bad form wrote %d indicators", n)
		}
		// Decimals that are not a whole number are refused at their
		// field before anything is written (the handler once added this
		// error after the indicator was stored).
		form = url.Values{"doel": {strconv.FormatInt(f.goal, 10)}, "naam": {"Gezinnen"}, "soort": {"handmatig"}, "eenheid": {"gezinnen"}, "decimalen": {"twee"}}
		rec = f.do(t, f.prog, "POST", "/monitor/indicatoren", form.Encode(), "application/x-www-form-urlencoded")
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `href="#decimalen"`) {
			t.Fatalf("decimals %q: status %d", "twee", rec.Code)
		}
		if n := f.count(t, "monitor_indicators"); n != 0 {
			t.Fatalf("bad decimals wrote %d indicators", n)
		}
	})
}

// TestPeriodsDoNotOverlap: a period that shares a day with another is
// refused naming that period; nothing is written. Touching periods are
// fine.
func TestPeriodsDoNotOverlap(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		_, err := f.s.CreatePeriod(ctx, PeriodInput{Code: "2026-2", Name: "Tweede helft 2026", Starts: "01-07-2026", Ends: "31-01-2027"})
		var we *web.Error
		if !errorsAs(err, &we) || we.Field != "starts" || !strings.Contains(we.Message, "overlapt met ‘2026’ (01-01-2026 tot en met 31-12-2026)") {
			t.Fatalf("overlap: %v", err)
		}
		// Every error at once: a code in use and an overlap are named
		// beside the other errors, not only after those are fixed.
		_, err = f.s.CreatePeriod(ctx, PeriodInput{Code: "2026", Name: "", Starts: "31-02-2027", Ends: "01-01-2027"})
		if got := fields(err); !slices.Equal(got, []string{"name", "starts", "code"}) {
			t.Fatalf("fields %v (%v)", got, err)
		}
		_, err = f.s.CreatePeriod(ctx, PeriodInput{Code: "2026 b", Name: "", Starts: "01-12-2026", Ends: "31-03-2027"})
		if got := fields(err); !slices.Equal(got, []string{"code", "name", "starts"}) || !strings.Contains(err.Error()+fmt.Sprint(web.FieldErrorsOf(err)), "overlapt met ‘2026’") {
			t.Fatalf("bad code, no name and an overlap: fields %v (%v)", got, err)
		}
		_, err = f.s.CreatePeriod(ctx, PeriodInput{Code: "2027", Name: "2027", Starts: "01-02-2027", Ends: "01-01-2027"})
		if got := fields(err); !slices.Equal(got, []string{"ends"}) {
			t.Fatalf("end before start: fields %v (%v)", got, err)
		}
		if n := f.count(t, "monitor_periods"); n != 1 {
			t.Fatalf("%d periods after refusals, want 1", n)
		}
		if _, err := f.s.CreatePeriod(ctx, PeriodInput{Code: "2027", Name: "2027", Starts: "2027-01-01", Ends: "2027-12-31"}); err != nil {
			t.Fatalf("adjacent period refused: %v", err)
		}
		// The form shows the overlap at the field.
		rec := f.do(t, f.prog, "POST", "/monitor/periodes", url.Values{"code": {"x"}, "naam": {"X"}, "start": {"01-06-2027"}, "einde": {"01-07-2027"}}.Encode(), "application/x-www-form-urlencoded")
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `href="#start"`) {
			t.Fatalf("form: %d", rec.Code)
		}
		// And the API as a problem with invalid-params.
		rec = f.do(t, f.prog, "POST", "/api/v1/monitor/periods", `{"code":"y","name":"Y","starts":"2027-03-01","ends":"2027-04-01"}`, "application/json")
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `"name": "starts"`) {
			t.Fatalf("api: %d %s", rec.Code, rec.Body)
		}
	})
}

// TestComputedIndicatorFollowsFigure: a computed indicator reads its
// module's figure at the moment of asking and says how; a module that
// goes away makes it "niet beschikbaar", and a person count under 5 is
// shown as <5.
func TestComputedIndicatorFollowsFigure(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		id, err := f.s.CreateIndicator(ctx, f.prog, IndicatorInput{GoalID: f.goal, Name: "Lopende crises", Kind: KindComputed, FigureKey: "crisis.open"})
		if err != nil {
			t.Fatal(err)
		}
		read := func(region string) Reading {
			d, err := f.s.Dashboard(ctx, "", region)
			if err != nil {
				t.Fatal(err)
			}
			return d.Lines[0].Indicators()[0].Reading
		}
		r := read("")
		if r.Source != SourceLive || r.Text() != web.HiddenText || r.FigureLabel != "Crises die nu lopen" || r.Module != "crisis" {
			t.Fatalf("reading %+v, want live <5 with its label", r)
		}
		f.figs.set("crisis", module.Figure{Key: "crisis.open", Label: "Crises die nu lopen", Unit: "meldingen", Value: 9, Persons: true},
			module.Figure{Key: "crisis.open", Unit: "meldingen", Value: 7, Persons: true, Region: "ZK11"})
		if r := read(""); r.Text() != "9" {
			t.Fatalf("after the figure changed: %q", r.Text())
		}
		if r := read("ZK11"); r.Text() != "7" {
			t.Fatalf("region ZK11: %q", r.Text())
		}
		if r := read("ZK02"); r.Known() {
			t.Fatalf("region without a line: %+v", r)
		}
		f.figs.mu.Lock()
		delete(f.figs.modules, "crisis")
		f.figs.mu.Unlock()
		r = read("")
		if r.Source != SourceUnavailable || !strings.Contains(how(r, "crisis.open"), "Niet beschikbaar: de module is er niet (cijfer crisis.open)") {
			t.Fatalf("without the module: %+v %q", r, how(r, "crisis.open"))
		}
		rec := f.do(t, f.prog, "GET", "/monitor/indicatoren/"+strconv.FormatInt(id, 10), "", "")
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Niet beschikbaar") {
			t.Fatalf("indicator page: %d", rec.Code)
		}
	})
}

// TestSnapshotsGivePastPeriods: the daily snapshot keeps a figure's value
// for a period that has ended, so the period filter shows it then.
func TestSnapshotsGivePastPeriods(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		if _, err := f.s.CreateIndicator(ctx, f.prog, IndicatorInput{GoalID: f.goal, Name: "Plekken", Kind: KindComputed, FigureKey: "placement.maatwerkplekken"}); err != nil {
			t.Fatal(err)
		}
		if n, err := f.s.Snapshot(ctx); err != nil || n != 4 {
			t.Fatalf("snapshot: %d, %v", n, err)
		}
		f.figs.set("placement", module.Figure{Key: "placement.maatwerkplekken", Label: "Maatwerkplekken", Unit: "plekken", Value: 40})
		if _, err := f.s.Snapshot(ctx); err != nil { // same day: replaces
			t.Fatal(err)
		}
		if n := f.count(t, "monitor_snapshots"); n != 4 {
			t.Fatalf("%d snapshot rows after two rounds in a day, want 4", n)
		}
		f.clock.Set(time.Date(2027, 2, 1, 9, 0, 0, 0, time.UTC))
		f.figs.set("placement", module.Figure{Key: "placement.maatwerkplekken", Label: "Maatwerkplekken", Unit: "plekken", Value: 55})
		d, err := f.s.Dashboard(ctx, "2026", "")
		if err != nil {
			t.Fatal(err)
		}
		r := d.Lines[0].Indicators()[0].Reading
		if r.Source != SourceSnapshot || r.Text() != "40" {
			t.Fatalf("2026 after it ended: %+v", r)
		}
		if _, err := f.s.Dashboard(ctx, "1999", ""); !slices.Equal(fields(err), []string{"periode"}) {
			t.Fatalf("unknown period: %v", err)
		}
	})
}

// TestStatusHistory: every status set is kept with who set it, when and
// why; the latest is the indicator's status; bad input is refused whole.
func TestStatusHistory(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		id, err := f.s.CreateIndicator(ctx, f.prog, IndicatorInput{GoalID: f.goal, Name: "Netwerk", Kind: KindManual, Unit: "netwerken", Target: "1"})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.s.SetStatus(ctx, f.prog, id, StatusInput{Period: "2026", Status: StatusOnTrack, Reason: "Eerste overleg gehouden."}); err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(time.Hour)
		if err := f.s.SetStatus(ctx, f.prog, id, StatusInput{Period: "2026", Status: StatusNotAchieved, Reason: "Volgens de monitor niet van de grond gekomen."}); err != nil {
			t.Fatal(err)
		}
		err = f.s.SetStatus(ctx, f.prog, id, StatusInput{Period: "1999", Status: "prima"})
		if got := fields(err); !slices.Equal(got, []string{"period", "status", "reason"}) {
			t.Fatalf("fields %v", got)
		}
		d, err := f.s.Detail(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.History) != 2 || d.History[0].Status != StatusNotAchieved || d.History[0].SetByName != "Naam prog" || d.History[1].Reason != "Eerste overleg gehouden." {
			t.Fatalf("history %+v", d.History)
		}
		if d.Indicator.Status != StatusNotAchieved {
			t.Fatalf("current status %q", d.Indicator.Status)
		}
		dash, _ := f.s.Dashboard(ctx, "", "")
		if g := dash.Lines[0].Projects[0].Goals[0]; g.Status != StatusNotAchieved {
			t.Fatalf("goal status %q", g.Status)
		}
		rec := f.do(t, f.prog, "GET", "/api/v1/monitor/indicators/"+strconv.FormatInt(id, 10), "", "")
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"set_by": "Naam prog"`) {
			t.Fatalf("api: %d %s", rec.Code, rec.Body)
		}
	})
}

// TestMeasurementChecks: a hand-entered value in the wrong unit, without
// source or with a future date is refused whole.
func TestMeasurementChecks(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		id, err := f.s.CreateIndicator(ctx, f.prog, IndicatorInput{GoalID: f.goal, Name: "Rapportcijfer", Kind: KindManual, Unit: "cijfer", Decimals: 1, Target: "7,5"})
		if err != nil {
			t.Fatal(err)
		}
		err = f.s.PutMeasurement(ctx, f.prog, id, MeasurementInput{Period: "2026", Value: "7,5 gezinnen", Source: " ", MeasuredOn: "01-01-2030"})
		if got := fields(err); !slices.Equal(got, []string{"value", "source", "measured_on"}) {
			t.Fatalf("fields %v (%v)", got, err)
		}
		if n := f.count(t, "monitor_measurements"); n != 0 {
			t.Fatalf("%d measurements written", n)
		}
		form := url.Values{"m-periode": {"2026"}, "waarde": {"7,6"}, "bron": {"Peiling naasten"}, "gemeten": {"01-03-2026"}}
		rec := f.do(t, f.prog, "POST", "/monitor/indicatoren/"+strconv.FormatInt(id, 10)+"/meting", form.Encode(), "application/x-www-form-urlencoded")
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("measurement form: %d %s", rec.Code, rec.Body)
		}
		d, _ := f.s.Detail(ctx, id)
		if r := d.Indicator.Reading; r.Text() != "7,6" || r.Note != "Peiling naasten" || r.MeasuredOn != "2026-03-01" {
			t.Fatalf("reading %+v", r)
		}
	})
}

// publishable gives the fixture's indicator a reviewed easy-read text.
func publishable(t *testing.T, f *fixture) int64 {
	t.Helper()
	ctx := context.Background()
	id, err := f.s.CreateIndicator(ctx, f.prog, IndicatorInput{GoalID: f.goal, Name: "Plekken", Kind: KindComputed, FigureKey: "placement.maatwerkplekken", Target: "70"})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.s.SetStatus(ctx, f.prog, id, StatusInput{Period: "2026", Status: StatusOnTrack, Reason: "Op schema."}); err != nil {
		t.Fatal(err)
	}
	return id
}

// TestPublishNeedsReviewedEasyRead: the easy-read text of every item is
// written and reviewed before publication; without it nothing is
// published and the page names the items.
func TestPublishNeedsReviewedEasyRead(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		id := publishable(t, f)
		err := f.s.Publish(ctx, f.prog, "2026")
		var we *web.Error
		if !errorsAs(err, &we) || !strings.Contains(we.Message, "‘Plekken’ heeft nog geen tekst in eenvoudige taal") {
			t.Fatalf("publish without text: %v", err)
		}
		if err := f.s.SetEasyRead(ctx, f.prog, id, EasyReadInput{Text: "Er zijn {aantal} maatwerkplekken."}); err != nil {
			t.Fatal(err)
		}
		rec := f.do(t, f.prog, "POST", "/monitor/rapport/2026/publiceren", "", "")
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "nog niet nagelezen") {
			t.Fatalf("publish unreviewed: %d", rec.Code)
		}
		long := strings.Repeat("woord ", 16)
		if got := fields(f.s.SetEasyRead(ctx, f.prog, id, EasyReadInput{Text: long, Reviewed: true})); !slices.Equal(got, []string{"text"}) {
			t.Fatalf("long line: %v", got)
		}
		if n := f.count(t, "monitor_reports"); n != 0 {
			t.Fatalf("%d reports published", n)
		}
	})
}

// TestPublishedReportPublicAndFrozen: before publication the report is
// not public; after, both versions and their PDFs are readable without
// logging in at stable addresses, and they keep what was published when
// the data changes.
func TestPublishedReportPublicAndFrozen(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		id := publishable(t, f)
		if rec := f.do(t, nil, "GET", "/monitor/rapporten/2026", "", ""); rec.Code != http.StatusNotFound {
			t.Fatalf("unpublished report public: %d", rec.Code)
		}
		if rec := f.do(t, nil, "GET", "/monitor/rapport/2026", "", ""); rec.Code == http.StatusOK {
			t.Fatal("the working concept is public")
		}
		if err := f.s.SetEasyRead(ctx, f.prog, id, EasyReadInput{Text: "Er zijn {aantal} maatwerkplekken.\nDat is een woonplek op maat.", Reviewed: true}); err != nil {
			t.Fatal(err)
		}
		if err := f.s.store.insertTerm(ctx, f.d, "maatwerkplek", "Een woonplek die speciaal gemaakt is voor iemand."); err != nil {
			t.Fatal(err)
		}
		if rec := f.do(t, f.admin, "POST", "/monitor/rapport/2026/publiceren", "", ""); rec.Code != http.StatusForbidden {
			t.Fatalf("beheerder publishes: %d", rec.Code)
		}
		if rec := f.do(t, f.prog, "POST", "/monitor/rapport/2026/publiceren", "", ""); rec.Code != http.StatusSeeOther {
			t.Fatalf("publish: %d %s", rec.Code, rec.Body)
		}
		f.figs.set("placement", module.Figure{Key: "placement.maatwerkplekken", Label: "Maatwerkplekken", Unit: "plekken", Value: 99})
		std := f.do(t, nil, "GET", "/monitor/rapporten/2026", "", "")
		easy := f.do(t, nil, "GET", "/monitor/rapporten/2026/eenvoudig", "", "")
		if std.Code != http.StatusOK || easy.Code != http.StatusOK {
			t.Fatalf("public: %d %d", std.Code, easy.Code)
		}
		if !strings.Contains(std.Body.String(), `">12</td>`) || strings.Contains(std.Body.String(), `">99</td>`) {
			t.Error("the published report does not show the published value 12")
		}
		// On a phone each indicator of the report stacks, its cells named
		// (the table ran 860 px wide at 375 px).
		if !strings.Contains(std.Body.String(), `<table class="table--stack">`) || !strings.Contains(std.Body.String(), `<td data-label="2026">12</td>`) {
			t.Error("the report's table does not stack on a phone")
		}
		eb := easy.Body.String()
		for _, want := range []string{"Wat is er gebeurd?", "<p>Er zijn 12 maatwerkplekken.</p>", "<p>Dat is een woonplek op maat.</p>", "Wat betekent ‘maatwerkplek’?", "Een woonplek die speciaal gemaakt is"} {
			if !strings.Contains(eb, want) {
				t.Errorf("easy-read version lacks %q", want)
			}
		}
		for _, path := range []string{"/monitor/rapporten/2026/pdf", "/monitor/rapporten/2026/eenvoudig/pdf"} {
			rec := f.do(t, nil, "GET", path, "", "")
			if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Body.String(), "%PDF") {
				t.Errorf("%s: %d", path, rec.Code)
			}
		}
		rec := f.do(t, nil, "GET", "/api/v1/monitor/reports/2026", "", "")
		var rep Report
		if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &rep) != nil || rep.Lines[0].Projects[0].Goals[0].Indicators[0].Value != "12" {
			t.Fatalf("api report: %d %s", rec.Code, rec.Body)
		}
		if err := f.s.Publish(ctx, f.prog, "2026"); web.AsError(err) == nil || web.AsError(err).Code != web.CodeConflict {
			t.Fatalf("second publication: %v", err)
		}
		if rec := f.do(t, nil, "GET", "/monitor/rapporten", "", ""); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `href="/monitor/rapporten/2026/eenvoudig"`) {
			t.Fatalf("list: %d", rec.Code)
		}
	})
}

// TestAccessOnlyProgrammeAndAdmin: only programma and beheerder reach
// the working monitor; the beheerder reads but does not change it.
func TestAccessOnlyProgrammeAndAdmin(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		for _, role := range []auth.Role{auth.RoleClient, auth.RoleNaaste, auth.RoleZorgverlener, auth.RoleAanbieder, auth.RoleZorgkantoor, auth.RoleCrisisregisseur, auth.RoleCOT, auth.RoleOndersteuner} {
			p := &auth.Principal{UserID: f.prog.UserID, Role: role}
			for _, path := range []string{"/monitor", "/monitor/export.csv", "/api/v1/monitor/indicators", "/monitor/rapport/2026"} {
				if rec := f.do(t, p, "GET", path, "", ""); rec.Code != http.StatusForbidden {
					t.Errorf("%s GET %s: %d, want 403", role, path, rec.Code)
				}
			}
		}
		if rec := f.do(t, f.admin, "GET", "/monitor", "", ""); rec.Code != http.StatusOK {
			t.Errorf("beheerder reads: %d", rec.Code)
		}
		if rec := f.do(t, f.admin, "POST", "/api/v1/monitor/periods", `{"code":"z","name":"Z","starts":"2030-01-01","ends":"2030-02-01"}`, "application/json"); rec.Code != http.StatusForbidden {
			t.Errorf("beheerder writes: %d", rec.Code)
		}
	})
}

// TestExports: every indicator in every period as CSV and XLSX.
func TestExports(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		publishable(t, f)
		rec := f.do(t, f.prog, "GET", "/monitor/export.csv", "", "")
		body := rec.Body.String()
		if rec.Code != http.StatusOK || !strings.Contains(body, "Plekken") || !strings.Contains(body, "Op koers") || !strings.Contains(body, "Berekend uit het cijfer ‘Maatwerkplekken’") {
			t.Fatalf("csv: %d %s", rec.Code, body)
		}
		rec = f.do(t, f.admin, "GET", "/monitor/export.xlsx", "", "")
		if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Body.String(), "PK") {
			t.Fatalf("xlsx: %d", rec.Code)
		}
	})
}

// TestPlannedEvaluationPassed: a planned evaluation whose day has passed
// says so on the dashboard; one still to come does not.
func TestPlannedEvaluationPassed(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		const flag = "die dag is voorbij"
		for _, c := range []struct {
			day  string
			want bool
		}{{"2025-10-01", true}, {"2026-10-01", false}} {
			if _, err := f.d.ExecContext(t.Context(), `UPDATE monitor_projects SET evaluation = 'gepland', evaluation_date = $1`, c.day); err != nil {
				t.Fatal(err)
			}
			rec := f.do(t, f.prog, "GET", "/monitor", "", "")
			if rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), flag) != c.want {
				t.Errorf("evaluation planned for %s (today %s): %d, flagged %v, want %v", c.day, start.Format("2006-01-02"), rec.Code, !c.want, c.want)
			}
		}
	})
}

// TestChartsDrawnForPhones: every chart of the dashboard, the indicator
// page and the report is drawn a second time at phone width (its labels
// at their own size on a phone, not scaled down to half), with its own
// ids, once, beside the one data table.
func TestChartsDrawnForPhones(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		id, err := f.s.CreateIndicator(ctx, f.prog, IndicatorInput{GoalID: f.goal, Name: "Maatwerkplekken", Kind: KindComputed, FigureKey: "placement.maatwerkplekken", Target: "70 plekken"})
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{"/monitor?periode=2026", "/monitor/indicatoren/" + strconv.FormatInt(id, 10), "/monitor/rapport/2026"} {
			body := f.do(t, f.prog, "GET", path, "", "").Body.String()
			wide, narrow := strings.Count(body, `<div class="chart chart-wide">`), strings.Count(body, `<div class="chart chart-narrow"><svg class="chart" viewBox="0 0 340 `)
			if wide == 0 || wide != narrow {
				t.Errorf("%s: %d wide charts, %d drawn for a phone", path, wide, narrow)
			}
			if strings.Count(body, `-telefoon-t"`) != narrow || strings.Count(body, "<table") < wide {
				t.Errorf("%s: the phone's charts lack their own ids, or a chart its table", path)
			}
		}
		// The goals and indicators stack on a phone, each cell named (at
		// 375 px the table was 856 px wide in its scroll frame).
		body := f.do(t, f.prog, "GET", "/monitor?periode=2026", "", "").Body.String()
		if !strings.Contains(body, `<table class="table--stack">`) || !strings.Contains(body, `data-label="Streefwaarde"`) {
			t.Error("the goals table does not stack on a phone")
		}
	})
}

// TestComputedFromNamesTheModule: a computed indicator says which module
// it was computed from by the name people know ("module Naasten"), on its
// page, the dashboard, the form's list of figures and in the report's
// text, never by the module's code name ("module relatives").
func TestComputedFromNamesTheModule(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		f.figs.set("relatives", module.Figure{Key: "relatives.survey_good_pct", Label: "Naasten met een goede of zeer goede kwaliteit van leven", Unit: "procent", Value: 62})
		id, err := f.s.CreateIndicator(ctx, f.prog, IndicatorInput{GoalID: f.goal, Name: "Naasten met een goed leven", Kind: KindComputed, FigureKey: "relatives.survey_good_pct"})
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{"/monitor/indicatoren/" + strconv.FormatInt(id, 10), "/monitor?periode=2026", "/monitor/indicatoren/nieuw", "/monitor/rapport/2026"} {
			body := f.do(t, f.prog, "GET", path, "", "").Body.String()
			if strings.Contains(body, "module relatives") || strings.Contains(body, "; relatives)") || strings.Contains(body, "(relatives.survey_good_pct)") {
				t.Errorf("%s shows the module's code name", path)
			}
			if !strings.Contains(body, "module Naasten") && !strings.Contains(body, "; Naasten)") {
				t.Errorf("%s does not name the module Naasten", path)
			}
		}
	})
}

// TestSnapshotReadingIsTheLatestOfThePeriod: a past period shows, per
// figure, the snapshot of the last day it holds, read by the region index
// however many days of snapshots lie in it (one a day for every figure).
func TestSnapshotReadingIsTheLatestOfThePeriod(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		if _, err := f.s.CreateIndicator(ctx, f.prog, IndicatorInput{GoalID: f.goal, Name: "Plekken", Kind: KindComputed, FigureKey: "placement.maatwerkplekken"}); err != nil {
			t.Fatal(err)
		}
		for i, v := range []int{40, 45, 43, 47} {
			f.clock.Set(time.Date(2026, 12, 1+7*i, 9, 0, 0, 0, time.UTC))
			f.figs.set("placement", module.Figure{Key: "placement.maatwerkplekken", Label: "Maatwerkplekken", Unit: "plekken", Value: v})
			if _, err := f.s.Snapshot(ctx); err != nil {
				t.Fatal(err)
			}
		}
		f.clock.Set(time.Date(2027, 2, 1, 9, 0, 0, 0, time.UTC))
		f.figs.set("placement", module.Figure{Key: "placement.maatwerkplekken", Label: "Maatwerkplekken", Unit: "plekken", Value: 55})
		d, err := f.s.Dashboard(ctx, "2026", "")
		if err != nil {
			t.Fatal(err)
		}
		if r := d.Lines[0].Indicators()[0].Reading; r.Source != SourceSnapshot || r.Text() != "47" {
			t.Fatalf("2026 shows %+v, want the snapshot of 22-12-2026 (47)", r)
		}
	})
}
