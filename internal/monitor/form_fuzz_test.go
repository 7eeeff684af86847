package monitor

import (
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/volwaardig/volwaardig/internal/web"
)

// formErrors renames a check's errors to the form's ids, as the handlers
// do, and fails unless each names one of the form's fields in Dutch and
// English.
func formErrors(t *testing.T, errs []web.FieldError, names map[string]string) []web.FieldError {
	t.Helper()
	fs := rename(errs, names)
	for _, e := range fs {
		found := false
		for _, id := range names {
			found = found || e.Field == id
		}
		if !found || e.Message == "" || e.English == "" {
			t.Fatalf("error %+v names no field of the form %v", e, names)
		}
	}
	return fs
}

// FuzzStatusForm feeds the indicator page's status form arbitrary values:
// decoding and checking never panic and are deterministic, every error
// names a field of the form, and an accepted status is one of the four
// with a reason of 1 to 1000 characters.
func FuzzStatusForm(f *testing.F) {
	f.Add("2022", "op_koers", "Meer gezinnen dan verwacht.")
	f.Add("", "", "")
	f.Add("2022", "groen", "   ")
	f.Add("x", "gehaald", strings.Repeat("é", 1001))
	f.Add("2022", "niet_gehaald", "\xff\xfe")
	f.Fuzz(func(t *testing.T, period, status, reason string) {
		form := url.Values{"periode": {period}, "status": {status}, "toelichting": {reason}}
		in := decodeStatusForm(form)
		got, errs := checkStatus(in)
		got2, errs2 := checkStatus(decodeStatusForm(form))
		if got != got2 || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		if in.Period != period {
			t.Fatalf("period %q read as %q", period, in.Period)
		}
		if len(formErrors(t, errs, statusFieldNames())) > 0 {
			return
		}
		if !in.Status.Valid() || got == "" || utf8.RuneCountInString(got) > 1000 || got != strings.TrimSpace(reason) {
			t.Fatalf("accepted status %q with reason %q", in.Status, got)
		}
	})
}

// FuzzMeasurementForm feeds the indicator page's measurement form
// arbitrary values for an indicator of any unit and 0 to 2 decimals:
// nothing panics, decoding is deterministic, every error names a field of
// the form, and an accepted measurement has a source of 1 to 500
// characters, a day not after today, and a percentage of at most 100.
func FuzzMeasurementForm(f *testing.F) {
	f.Add("2022", "70", "Kamerbrief 12-03-2023", "12-03-2023", "gezinnen", 0)
	f.Add("2022", "7,5 procent", "bron", "2023-03-12", "procent", 1)
	f.Add("", "", "", "", "", 0)
	f.Add("2022", "100,01", "b", "31-02-2023", "procent", 2)
	f.Add("2022", "70 plekken", strings.Repeat("x", 501), "01-01-2099", "gezinnen", 0)
	f.Add("2022", "99999999999999999999999", "b", "1-1-2023", "plekken", 2)
	f.Fuzz(func(t *testing.T, period, value, source, on, unit string, decimals int) {
		decimals = ((decimals % 3) + 3) % 3
		today := Day("2026-12-07")
		form := url.Values{"m-periode": {period}, "waarde": {value}, "bron": {source}, "gemeten": {on}}
		m, errs := checkMeasurement(decodeMeasurementForm(form), unit, decimals, today)
		m2, errs2 := checkMeasurement(decodeMeasurementForm(form), unit, decimals, today)
		if m != m2 || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		if len(formErrors(t, errs, measurementFieldNames())) > 0 {
			return
		}
		if m.Source == "" || utf8.RuneCountInString(m.Source) > 500 || m.Source != strings.TrimSpace(source) {
			t.Fatalf("accepted source %q", m.Source)
		}
		if _, ok := parseDay(string(m.MeasuredOn)); !ok || today.Before(m.MeasuredOn) {
			t.Fatalf("accepted day %q from %q", m.MeasuredOn, on)
		}
		if SameUnit(unit, "procent") && m.Value > 100*pow10(decimals) {
			t.Fatalf("accepted percentage %d with %d decimals", m.Value, decimals)
		}
	})
}

// FuzzPeriodForm feeds the periods page's form arbitrary values: nothing
// panics, decoding is deterministic, every error names a field of the
// form, and an accepted period has a code fit for a web address, a name of
// 1 to 80 characters and whole days in order.
func FuzzPeriodForm(f *testing.F) {
	f.Add("2022", "2022", "01-01-2022", "31-12-2022")
	f.Add(" 2023-1 ", "Eerste helft", "2023-01-01", "2023-06-30")
	f.Add("", "", "", "")
	f.Add("Bad Code", strings.Repeat("n", 81), "31-02-2022", "1-1-2022")
	f.Add("2024", "2024", "31-12-2024", "01-01-2024")
	f.Add("-x", "\xff", "2024-13-01", "2024-1-011")
	f.Fuzz(func(t *testing.T, code, name, starts, ends string) {
		form := url.Values{"code": {code}, "naam": {name}, "start": {starts}, "einde": {ends}}
		p, ok, errs := checkPeriod(decodePeriodForm(form))
		p2, ok2, errs2 := checkPeriod(decodePeriodForm(form))
		if p != p2 || ok != ok2 || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		if len(formErrors(t, errs, periodFieldNames())) > 0 {
			return
		}
		if !ok || !codePattern.MatchString(p.Code) || p.Name == "" || utf8.RuneCountInString(p.Name) > 80 || p.Ends.Before(p.Starts) {
			t.Fatalf("accepted %+v", p)
		}
		for _, d := range []Day{p.Starts, p.Ends} {
			if _, whole := parseDay(string(d)); !whole {
				t.Fatalf("accepted day %q", d)
			}
		}
	})
}

// FuzzMonitorProjectForm feeds a project's form arbitrary values: nothing panics,
// decoding is deterministic, every error names a field of the form, and
// accepted points of attention have an evaluation and continuation from
// their lists, a day where one is needed, a place where the work goes on,
// 0 to 100000 knowledge products and an update day not after today.
func FuzzMonitorProjectForm(f *testing.F) {
	f.Add("ja", "01-10-2022", "ja", "Toekomstagenda", "3", "01-12-2026")
	f.Add("nee", "", "onbekend", "", "", "")
	f.Add("gepland", "", "ja", "  ", "-1", "31-12-2099")
	f.Add("misschien", "2022-02-30", "x", strings.Repeat("w", 501), "1e3", "x")
	f.Add("ja", "2022-10-01", "nee", "", " 100001 ", "2026-12-08")
	f.Fuzz(func(t *testing.T, eval, evalDate, cont, where, products, updated string) {
		today := Day("2026-12-07")
		form := url.Values{"evaluatie": {eval}, "evaluatiedatum": {evalDate}, "doorgang": {cont}, "waar": {where}, "kennisproducten": {products}, "bijgewerkt": {updated}}
		var pr, pr2 Project
		errs := checkProject(&pr, decodeProjectForm(form), today)
		errs2 := checkProject(&pr2, decodeProjectForm(form), today)
		if !reflect.DeepEqual(pr, pr2) || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		if len(formErrors(t, errs, projectFieldNames())) > 0 {
			return
		}
		if !slices.Contains([]string{"ja", "gepland", "nee"}, pr.Evaluation) || !slices.Contains([]string{"ja", "nee", "onbekend"}, pr.Continues) {
			t.Fatalf("accepted %+v", pr)
		}
		if (pr.Evaluation != "nee" && pr.EvaluationDate == "") || (pr.Continues == "ja" && pr.ContinuesWhere == "") || utf8.RuneCountInString(pr.ContinuesWhere) > 500 {
			t.Fatalf("accepted %+v", pr)
		}
		if n, err := strconv.Atoi(strings.TrimSpace(products)); (err != nil && strings.TrimSpace(products) != "") || pr.KnowledgeProducts != n || n < 0 || n > 100000 {
			t.Fatalf("knowledge products %q read as %d", products, pr.KnowledgeProducts)
		}
		if pr.KnowledgeUpdated != "" && today.Before(pr.KnowledgeUpdated) {
			t.Fatalf("accepted update day %q", pr.KnowledgeUpdated)
		}
	})
}
