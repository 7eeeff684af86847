package monitor

import (
	"maps"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/volwaardig/volwaardig/internal/module"
	"github.com/volwaardig/volwaardig/internal/testkit"
	"github.com/volwaardig/volwaardig/internal/web"
)

// formErrors renames a check's errors to the form's ids, as the handlers
// do, and fails unless each names one of the form's fields in Dutch and
// English.
func formErrors(t *testing.T, errs []web.FieldError, names map[string]string) []web.FieldError {
	t.Helper()
	fs := rename(errs, names)
	testkit.BilingualErrorsAtFields(t, fs, slices.Sorted(maps.Values(names))...)
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

// indicatorFigures is a figure index as the modules could give it: a
// count of people, a score with a decimal and a percentage.
func indicatorFigures() figureIndex {
	ix := figureIndex{modules: []string{"placement", "support"}, failed: map[string]bool{}, byKey: map[string][]module.Figure{}, module: map[string]string{}}
	for _, f := range []module.Figure{
		{Key: "placement.waiting", Label: "Wachtenden", LabelEN: "Waiting", Unit: "personen", Persons: true},
		{Key: "placement.waiting", Label: "Wachtenden", LabelEN: "Waiting", Unit: "personen", Persons: true, Region: "ZK11"},
		{Key: "support.score", Label: "Rapportcijfer", LabelEN: "Score", Unit: "cijfer", Decimals: 1},
		{Key: "support.share", Label: "Aandeel", LabelEN: "Share", Unit: "procent", Decimals: 1},
	} {
		mod, _, _ := strings.Cut(f.Key, ".")
		ix.byKey[f.Key] = append(ix.byKey[f.Key], f)
		ix.module[f.Key] = mod
	}
	return ix
}

// FuzzIndicatorForm feeds the new-indicator form arbitrary values, with
// and without its goal: nothing panics, decoding is deterministic, the
// figures are asked for only for a computed indicator that names one,
// every error names a field of the form, and an accepted indicator has a
// name of 1 to 200 characters, a figure there is (with its unit and
// decimals) or a unit of 1 to 40 characters and 0 to 2 decimals, a target
// when one was typed (a percentage at most 100) and an easy-read text of
// short lines.
func FuzzIndicatorForm(f *testing.F) {
	f.Add("1", "Wachtenden", "berekend", "placement.waiting", "", "0", "", "50", "Minder mensen wachten.", true)
	f.Add("2", "Tevredenheid", "handmatig", "", "cijfer", "1", "1", "7,5", "", true)
	f.Add("x", "", "", "", "", "", "", "", "", false)
	f.Add("1", "Aandeel", "berekend", "support.share", "procent", "2", "", "100,1", "", true)
	f.Add("1", strings.Repeat("n", 201), "handmatig", "placement.waiting", strings.Repeat("u", 41), "3", "ja", "70 plekken", strings.Repeat("woord ", 16), true)
	f.Add("1", " Gezinnen ", "handmatig", "", "gezinnen", " x ", "1", "1e3", "\xff\r\nkort", true)
	f.Add("1", "Onbekend", "berekend", "nergens.cijfer", "personen", "", "", "", "", true)
	f.Fuzz(func(t *testing.T, goal, name, kind, figure, unit, decimals, persons, target, easy string, goalOK bool) {
		form := url.Values{"doel": {goal}, "naam": {name}, "soort": {kind}, "cijfer": {figure}, "eenheid": {unit}, "decimalen": {decimals},
			"personen": {persons}, "streefwaarde": {target}, "eenvoudig": {easy}}
		asked := 0
		figures := func() figureIndex { asked++; return indicatorFigures() }
		in := decodeIndicatorForm(form)
		ind, errs := checkIndicator(in, goalOK, figures)
		ind2, errs2 := checkIndicator(decodeIndicatorForm(form), goalOK, figures)
		if !reflect.DeepEqual(ind, ind2) || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		if want := in.Kind == KindComputed && strings.TrimSpace(in.FigureKey) != ""; asked != 2 && want || asked != 0 && !want {
			t.Fatalf("figures asked for %d times for %+v", asked, in)
		}
		if in.Kind != KindComputed && in.FigureKey != "" {
			t.Fatalf("a figure read for kind %q", in.Kind)
		}
		fs := formErrors(t, errs, indicatorFieldNames())
		if !goalOK && !slices.ContainsFunc(fs, func(e web.FieldError) bool { return e.Field == "doel" }) {
			t.Fatal("a goal that is not there accepted")
		}
		if len(fs) > 0 {
			return
		}
		if ind.Name == "" || ind.Name != strings.TrimSpace(name) || utf8.RuneCountInString(ind.Name) > 200 {
			t.Fatalf("accepted name %q", ind.Name)
		}
		switch ind.Kind {
		case KindComputed:
			fig, ok := indicatorFigures().figure(ind.FigureKey, "")
			if !ok || ind.Unit != fig.Unit || ind.Decimals != fig.Decimals || ind.Persons != fig.Persons {
				t.Fatalf("accepted computed %+v", ind)
			}
		case KindManual:
			if ind.FigureKey != "" || ind.Unit == "" || utf8.RuneCountInString(ind.Unit) > 40 || ind.Decimals < 0 || ind.Decimals > 2 || ind.Persons != (persons == "1") {
				t.Fatalf("accepted hand-entered %+v", ind)
			}
		default:
			t.Fatalf("accepted kind %q", ind.Kind)
		}
		if ind.HasTarget != (strings.TrimSpace(target) != "") || SameUnit(ind.Unit, "procent") && ind.Target > 100*pow10(ind.Decimals) {
			t.Fatalf("target %q accepted as %+v", target, ind)
		}
		if !easyReadOK(ind.EasyRead) || ind.EasyRead != strings.TrimSpace(easy) {
			t.Fatalf("accepted easy-read text %q", ind.EasyRead)
		}
	})
}

// easyReadOK is the rule an accepted easy-read text keeps: at most 2000
// characters, at most maxEasyWords words a line.
func easyReadOK(text string) bool {
	if utf8.RuneCountInString(text) > 2000 {
		return false
	}
	for _, line := range strings.Split(text, "\n") {
		if len(strings.Fields(line)) > maxEasyWords {
			return false
		}
	}
	return true
}

// FuzzEasyReadForm feeds the indicator page's easy-read form arbitrary
// values: nothing panics, decoding is deterministic, every error names
// the text field, and an accepted text is the typed one trimmed, with
// plain line ends, not empty, of short lines; it is reviewed only when
// the box was ticked.
func FuzzEasyReadForm(f *testing.F) {
	f.Add("Meer gezinnen krijgen hulp.\nDat is goed nieuws.", "1")
	f.Add("", "")
	f.Add("  \r\n  ", "1")
	f.Add(strings.Repeat("een twee drie ", 6), "0")
	f.Add(strings.Repeat("é", 2001), "ja")
	f.Add("kort\r\n\xff\xfe\rregel", "1")
	f.Fuzz(func(t *testing.T, text, reviewed string) {
		form := url.Values{"tekst": {text}, "nagelezen": {reviewed}}
		in := decodeEasyReadForm(form)
		got, errs := checkEasyReadText(in)
		got2, errs2 := checkEasyReadText(decodeEasyReadForm(form))
		if got != got2 || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		if in.Text != text || in.Reviewed != (reviewed == "1") {
			t.Fatalf("form read as %+v", in)
		}
		if len(formErrors(t, errs, easyReadFieldNames())) > 0 {
			return
		}
		if got == "" || got != strings.TrimSpace(strings.ReplaceAll(text, "\r\n", "\n")) || !easyReadOK(got) {
			t.Fatalf("accepted %q", got)
		}
	})
}
