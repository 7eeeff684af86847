package innovation

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/volwaardig/volwaardig/internal/web"
)

// FuzzProjectForm posts any form body to the care-question form (new
// project and its edit) and to the selection matrix: their decoders and
// the care question's validation (issue 18: every form decoder has a fuzz
// test). Nothing panics; a care question it accepts has a kind and theme
// from the lists, texts within their limits, only the listed groups as
// involved (each once) and an expected number of clients in range; the
// matrix always has its fixed number of rows.
func FuzzProjectForm(f *testing.F) {
	for _, s := range []string{
		"soort=technologie&titel=Slimme+sensor&thema=" + themes[0].Code + "&doelgroep=Bewoners&zorgvraag=Rust&verschil_client=Meer+rust&verschil_professional=Minder+rondes&betrokken=clienten&betrokken=clienten&verwacht=35",
		"soort=bac&titel=%00&thema=onbekend&betrokken=iedereen&verwacht=-1",
		"titel=" + strings.Repeat("x", 130) + "&verwacht=99999999999999999999",
		"criterium-0=Prijs&gewicht-0=3&score-0-12=4&score-0-x=5&score-9-1=2&criterium-5=Gebruik",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		r := httptest.NewRequest(http.MethodPost, "/innovatie/nieuw", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if err := r.ParseForm(); err != nil {
			return // the handler answers 400 here
		}
		if rows := decodeMatrixForm(r.PostForm); len(rows) != maxCriteria {
			t.Fatalf("the matrix form gave %d rows, want %d", len(rows), maxCriteria)
		}
		var errs []web.FieldError
		p := projectForm(r).check(&errs)
		for _, e := range errs {
			if e.Field == "" || e.Message == "" || e.English == "" {
				t.Fatalf("a field error without field or message: %+v", e)
			}
		}
		if len(errs) > 0 {
			return
		}
		if p.Kind != KindTechnology && p.Kind != KindSocial {
			t.Fatalf("accepted kind %q", p.Kind)
		}
		if _, ok := ThemeByCode(p.Theme); !ok {
			t.Fatalf("accepted theme %q", p.Theme)
		}
		for _, v := range []struct {
			text string
			max  int
		}{{p.Title, 120}, {p.ClientGroup, 300}, {p.Question, 2000}, {p.DiffClient, 2000}, {p.DiffProfessional, 2000}} {
			if strings.TrimSpace(v.text) == "" || utf8.RuneCountInString(v.text) > v.max || !readable(v.text) {
				t.Fatalf("accepted text %q (at most %d characters)", v.text, v.max)
			}
		}
		if len(p.Involved) == 0 {
			t.Fatal("accepted a care question nobody was involved in")
		}
		for i, g := range p.Involved {
			if slices.Contains(p.Involved[:i], g) || !slices.ContainsFunc(involvedGroups, func(x struct{ Code, Label string }) bool { return x.Code == g }) {
				t.Fatalf("accepted involved groups %q", p.Involved)
			}
		}
		if p.ExpectedClients < 0 || p.ExpectedClients > 100000 {
			t.Fatalf("accepted %d expected clients", p.ExpectedClients)
		}
	})
}

// networkErrors fails unless every error names one of fields in Dutch and
// English.
func networkErrors(t *testing.T, errs []web.FieldError, fields ...string) {
	t.Helper()
	for _, e := range errs {
		if !slices.Contains(fields, e.Field) || e.Message == "" || e.English == "" {
			t.Fatalf("error %+v names no field of %v", e, fields)
		}
	}
}

// FuzzMemberForm feeds a theme network's member form arbitrary values:
// nothing panics, decoding is deterministic, every error names a field of
// the form, and an accepted member has a name (at most 120 characters),
// an organisation (at most 160) and a kind from the list.
func FuzzMemberForm(f *testing.F) {
	f.Add("Anna de Vries", "Zorggroep Noord", memberKinds[0].Code)
	f.Add("", "", "")
	f.Add(strings.Repeat("n", 121), strings.Repeat("o", 161), "buurman")
	f.Add(" \t", "\xff", memberKinds[len(memberKinds)-1].Code)
	f.Fuzz(func(t *testing.T, name, org, kind string) {
		form := url.Values{"lid_naam": {name}, "lid_organisatie": {org}, "lid_soort": {kind}}
		m, errs := checkMember(decodeMemberForm(form))
		m2, errs2 := checkMember(decodeMemberForm(form))
		if m != m2 || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		networkErrors(t, errs, "lid_naam", "lid_organisatie", "lid_soort")
		if len(errs) > 0 {
			return
		}
		if m.Name == "" || utf8.RuneCountInString(m.Name) > 120 || m.Organisation == "" || utf8.RuneCountInString(m.Organisation) > 160 || !readable(m.Name) || !readable(m.Organisation) ||
			!slices.ContainsFunc(memberKinds, func(k struct{ Code, Label string }) bool { return k.Code == m.Kind }) {
			t.Fatalf("accepted %+v", m)
		}
	})
}

// FuzzMeetingForm feeds a theme network's meeting form arbitrary values:
// nothing panics, decoding is deterministic, every error names a field of
// the form, and an accepted meeting has a day from 2000 to 2100, a title
// of at most 200 characters and a report of at most 3000.
func FuzzMeetingForm(f *testing.F) {
	f.Add("15-03-2027", "Netwerkdag", "Verslag van de dag.")
	f.Add("", "", "")
	f.Add("31-02-2027", strings.Repeat("t", 201), strings.Repeat("v", 3001))
	f.Add("01-01-1999", "x", "")
	f.Add("1-1-2101", "\xff", " ")
	f.Fuzz(func(t *testing.T, held, title, summary string) {
		form := url.Values{"bijeenkomst_datum": {held}, "bijeenkomst_titel": {title}, "bijeenkomst_verslag": {summary}}
		m, errs := checkMeeting(decodeMeetingForm(form))
		m2, errs2 := checkMeeting(decodeMeetingForm(form))
		if !reflect.DeepEqual(m, m2) || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		networkErrors(t, errs, "bijeenkomst_datum", "bijeenkomst_titel", "bijeenkomst_verslag")
		if len(errs) > 0 {
			return
		}
		if m.HeldOn.Year() < 2000 || m.HeldOn.Year() > 2100 || m.Title == "" || utf8.RuneCountInString(m.Title) > 200 || utf8.RuneCountInString(m.Summary) > 3000 || !readable(m.Title) || !readable(m.Summary) {
			t.Fatalf("accepted %+v", m)
		}
	})
}

// FuzzLinkForm feeds a theme network's knowledge form arbitrary values:
// nothing panics, decoding is deterministic, every error names a field of
// the form, and an accepted link has a title of at most 200 characters
// and a full http or https address of at most 500 bytes.
func FuzzLinkForm(f *testing.F) {
	f.Add("Handreiking", "https://example.org/handreiking.pdf")
	f.Add("", "")
	f.Add("x", "javascript:alert(1)")
	f.Add("x", "//example.org/x")
	f.Add(strings.Repeat("t", 201), "https://"+strings.Repeat("a", 500)+".nl")
	f.Add("x", " http://[::1]:80/ ")
	f.Fuzz(func(t *testing.T, title, address string) {
		form := url.Values{"kennis_titel": {title}, "kennis_url": {address}}
		l, errs := checkLink(decodeLinkForm(form))
		l2, errs2 := checkLink(decodeLinkForm(form))
		if l != l2 || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		networkErrors(t, errs, "kennis_titel", "kennis_url")
		if len(errs) > 0 {
			return
		}
		u, err := url.Parse(l.URL)
		if l.Title == "" || utf8.RuneCountInString(l.Title) > 200 || !readable(l.Title) || !readable(l.URL) || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(l.URL) > 500 {
			t.Fatalf("accepted %+v", l)
		}
	})
}

// FuzzAdviceForms feeds the client council's advice form and the
// provider's answer form arbitrary text: nothing panics, checking is
// deterministic, an error names the form's field (the answer's carries
// the advice's id), and an accepted text is trimmed and 1 to 3000
// characters.
func FuzzAdviceForms(f *testing.F) {
	f.Add("Betrek de bewoners eerder.", int64(3))
	f.Add("", int64(0))
	f.Add(" \n ", int64(-1))
	f.Add(strings.Repeat("é", 3001), int64(1<<62))
	f.Fuzz(func(t *testing.T, text string, adviceID int64) {
		field := "antwoord-" + strconv.FormatInt(adviceID, 10)
		form := url.Values{"advies": {text}, field: {text}}
		for _, c := range []struct {
			field string
			check func() (string, []web.FieldError)
		}{
			{"advies", func() (string, []web.FieldError) { return checkAdvice(AdviceInput{Text: form.Get("advies")}) }},
			{field, func() (string, []web.FieldError) { return checkAnswer(form.Get(field), adviceID) }},
		} {
			got, errs := c.check()
			got2, errs2 := c.check()
			if got != got2 || !reflect.DeepEqual(errs, errs2) {
				t.Fatal("checking is not deterministic")
			}
			networkErrors(t, errs, c.field)
			if len(errs) > 0 {
				continue
			}
			if got == "" || got != strings.TrimSpace(text) || utf8.RuneCountInString(got) > 3000 || !readable(got) {
				t.Fatalf("%s: accepted %q", c.field, got)
			}
		}
	})
}

// textOK says an accepted text is the posted one trimmed, readable, and 1
// to max characters (0 to max when optional).
func textOK(got, posted string, max int, optional bool) bool {
	return got == strings.TrimSpace(posted) && (optional || got != "") && utf8.RuneCountInString(got) <= max && utf8.ValidString(got) && !strings.Contains(got, "\x00")
}

// sameFloat is == that takes a refused NaN as equal to itself, for the
// determinism checks.
func sameFloat(a, b float64) bool { return a == b || a != a && b != b }

// fuzzNow is the clock of the forms whose dates may not lie after today.
var fuzzNow = time.Date(2026, 12, 7, 23, 30, 0, 0, time.UTC)

// pastDayOK says an accepted measuring day is from 2000 on and not after
// fuzzNow's day in Amsterdam (already 8 December there).
func pastDayOK(d time.Time) bool {
	return d.Year() >= 2000 && !d.After(time.Date(2026, 12, 8, 0, 0, 0, 0, time.UTC))
}

// FuzzScanForm feeds the readiness self-scan arbitrary values: nothing
// panics, checking is deterministic, every error names a field of the
// form, and an accepted scan answers each of the four areas with one of
// the three answers and has a note of at most 2000 characters.
func FuzzScanForm(f *testing.F) {
	f.Add(string(ReadyYes), string(ReadyPartly), string(ReadyNo), string(ReadyYes), "Wifi komt in maart.")
	f.Add("", "", "", "", "")
	f.Add("ja", string(ReadyYes)+" ", "\xff", "NIET_OP_ORDE", strings.Repeat("t", 2001))
	f.Add(string(ReadyYes), string(ReadyYes), string(ReadyYes), string(ReadyYes), "a\x00b\xff")
	f.Fuzz(func(t *testing.T, org, it, finance, staff, note string) {
		form := url.Values{"scan_org": {org}, "scan_it": {it}, "scan_finance": {finance}, "scan_staff": {staff}, "scan_toelichting": {note}}
		p, errs := checkScan(decodeScanForm(form))
		p2, errs2 := checkScan(decodeScanForm(form))
		if !reflect.DeepEqual(p, p2) || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		networkErrors(t, errs, "scan_org", "scan_it", "scan_finance", "scan_staff", "scan_toelichting")
		if len(errs) > 0 {
			return
		}
		for _, a := range []Readiness{p.ScanOrg, p.ScanIT, p.ScanFinance, p.ScanStaff} {
			if a != ReadyYes && a != ReadyPartly && a != ReadyNo {
				t.Fatalf("accepted answer %q", a)
			}
		}
		if !p.ScanDone() || !textOK(p.ScanNote, note, 2000, true) {
			t.Fatalf("accepted %+v", p)
		}
	})
}

// FuzzChoiceForm feeds the choice form of a project of either kind in any
// phase arbitrary values: nothing panics, checking is deterministic, every
// error names a field of the form, and an accepted choice has a reason of
// 1 to 2000 characters and, on the social route, an approach of 1 to 2000
// recorded at the self-scan or the plan, or for technology a technology
// (the number posted) chosen in the choice phase.
func FuzzChoiceForm(f *testing.F) {
	f.Add("12", "", "Past het best bij de nachtzorg.", false, string(PhaseChoice))
	f.Add("", "Vaste begeleider per avond", "Rust voor de bewoners.", true, string(PhasePlan))
	f.Add("0", "", "", false, string(PhaseExplore))
	f.Add("9227000000000000000", "", "Goed", false, string(PhaseChoice))
	f.Add("-3", "x", " ", true, string(PhaseChoice))
	f.Add("99999999999999999999", strings.Repeat("a", 2001), strings.Repeat("r", 2001), false, "")
	f.Fuzz(func(t *testing.T, tech, approach, reason string, social bool, phase string) {
		kind := KindTechnology
		if social {
			kind = KindSocial
		}
		form := url.Values{"technologie": {tech}, "aanpak": {approach}, "keuze_reden": {reason}}
		c, errs := checkChoice(decodeChoiceForm(form), kind, Phase(phase))
		c2, errs2 := checkChoice(decodeChoiceForm(form), kind, Phase(phase))
		if !reflect.DeepEqual(c, c2) || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		networkErrors(t, errs, "technologie", "aanpak", "keuze_reden")
		if len(errs) > 0 {
			return
		}
		if !textOK(c.ChoiceReason, reason, 2000, false) {
			t.Fatalf("accepted reason %q", c.ChoiceReason)
		}
		if social {
			if (phase != string(PhasePlan) && phase != string(PhaseReadiness)) || !textOK(c.Approach, approach, 2000, false) || c.TechnologyID != 0 {
				t.Fatalf("accepted %+v in phase %q", c, phase)
			}
			return
		}
		if n, err := strconv.ParseInt(tech, 10, 64); phase != string(PhaseChoice) || err != nil || n <= 0 || n != c.TechnologyID || c.Approach != "" {
			t.Fatalf("accepted %+v in phase %q from %q", c, phase, tech)
		}
	})
}

// FuzzTaskForm feeds the plan's task form of either route arbitrary
// values: nothing panics, checking is deterministic, every error names a
// field of the form, and an accepted task has a step of that route's plan
// (the social route has no supplier step), a title of 1 to 300
// characters, an owner of 1 to 120, a due day from 2000 to 2100 and a
// risk of at most 1000.
func FuzzTaskForm(f *testing.F) {
	f.Add(planSteps[0].Code, "Draagvlak peilen", "Teamleider", "15-03-2027", "", false)
	f.Add("leverancier", "Contract", "Inkoop", "01-01-2027", "Levertijd", true)
	f.Add("", "", "", "", "", false)
	f.Add("stap9", strings.Repeat("t", 301), strings.Repeat("o", 121), "31-02-2027", strings.Repeat("r", 1001), false)
	f.Add(planSteps[6].Code, "x", "y", "1-1-1999", " ", true)
	f.Add(planSteps[0].Code, "\xff", "\x00", "15-03-2027", "\xc3", false)
	f.Fuzz(func(t *testing.T, step, title, owner, due, risk string, social bool) {
		kind := KindTechnology
		if social {
			kind = KindSocial
		}
		form := url.Values{"stap": {step}, "taak": {title}, "eigenaar": {owner}, "datum": {due}, "risico": {risk}}
		task, errs := checkTask(decodeTaskForm(form), kind)
		task2, errs2 := checkTask(decodeTaskForm(form), kind)
		if !reflect.DeepEqual(task, task2) || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		networkErrors(t, errs, "stap", "taak", "eigenaar", "datum", "risico")
		if len(errs) > 0 {
			return
		}
		if !slices.ContainsFunc(stepsFor(kind), func(s struct{ Code, Label string }) bool { return s.Code == task.Step }) || social && task.Step == "leverancier" {
			t.Fatalf("accepted step %q on the %s route", task.Step, kind)
		}
		if !textOK(task.Title, title, 300, false) || !textOK(task.Owner, owner, 120, false) || !textOK(task.Risk, risk, 1000, true) ||
			task.Due.Year() < 2000 || task.Due.Year() > 2100 {
			t.Fatalf("accepted %+v", task)
		}
	})
}

// FuzzMeasureForm feeds the baseline measurement form arbitrary values:
// nothing panics, checking is deterministic, every error names a field of
// the form, and an accepted measure has a group from the list, a name of
// 1 to 200 characters, a unit of at most 40, a finite baseline from -1e9
// to 1e9 and a day from 2000 on, not after today.
func FuzzMeasureForm(f *testing.F) {
	f.Add(measureGroups[0].Code, "Keren wakker per nacht", "keer", "6,5", "01-12-2026")
	f.Add("", "", "", "", "")
	f.Add("buren", strings.Repeat("m", 201), strings.Repeat("e", 41), "NaN", "09-12-2026")
	f.Add(measureGroups[2].Code, "x", "", "1e10", "08-12-2026")
	f.Add(measureGroups[1].Code, "x", "", "-Inf", "31-12-1999")
	f.Add(measureGroups[1].Code, "x", "", "0x1p-2", "29-02-2024")
	f.Fuzz(func(t *testing.T, group, name, unit, baseline, on string) {
		form := url.Values{"groep": {group}, "maat": {name}, "eenheid": {unit}, "nulmeting": {baseline}, "gemeten": {on}}
		m, errs := checkMeasure(decodeMeasureForm(form), fuzzNow)
		m2, errs2 := checkMeasure(decodeMeasureForm(form), fuzzNow)
		if !sameFloat(m.Baseline, m2.Baseline) || m.Name != m2.Name || m.Unit != m2.Unit || m.Group != m2.Group || m.MeasuredOn != m2.MeasuredOn || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		networkErrors(t, errs, "groep", "maat", "eenheid", "nulmeting", "gemeten")
		if len(errs) > 0 {
			return
		}
		if !slices.ContainsFunc(measureGroups, func(g struct{ Code, Label string }) bool { return g.Code == m.Group }) ||
			!textOK(m.Name, name, 200, false) || !textOK(m.Unit, unit, 40, true) ||
			m.Baseline != m.Baseline || m.Baseline < -1e9 || m.Baseline > 1e9 || !pastDayOK(m.MeasuredOn) {
			t.Fatalf("accepted %+v", m)
		}
	})
}

// FuzzFollowUpForm feeds the follow-up form of any measure arbitrary
// values: nothing panics, checking is deterministic, every error names a
// field of that measure's form, and an accepted follow-up is a finite
// number from -1e9 to 1e9 measured on a day from 2000 on, not after
// today. Another measure's fields on the same page are not read.
func FuzzFollowUpForm(f *testing.F) {
	f.Add(int64(4), "4,5", "01-12-2026")
	f.Add(int64(0), "", "")
	f.Add(int64(-1), "1.000,5", "32-01-2026")
	f.Add(int64(1<<62), "1e9", "08-12-2026")
	f.Fuzz(func(t *testing.T, measureID int64, value, on string) {
		k := strconv.FormatInt(measureID, 10)
		form := url.Values{"vervolg-" + k: {value}, "vervolgdatum-" + k: {on}, "vervolg-" + k + "1": {"3"}, "vervolgdatum-" + k + "1": {"01-12-2026"}}
		v, day, errs := checkFollowUp(decodeFollowUpForm(form, measureID), measureID, fuzzNow)
		v2, day2, errs2 := checkFollowUp(decodeFollowUpForm(form, measureID), measureID, fuzzNow)
		if !sameFloat(v, v2) || day != day2 || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		networkErrors(t, errs, "vervolg-"+k, "vervolgdatum-"+k)
		if len(errs) > 0 {
			return
		}
		if v != v || v < -1e9 || v > 1e9 || !pastDayOK(day) {
			t.Fatalf("accepted %v on %v", v, day)
		}
	})
}

// FuzzScaleForm feeds the form that counts clients at a location
// arbitrary values: nothing panics, checking is deterministic, every
// error names a field of the form, and an accepted count is at a chosen
// location (the number posted), a whole number from 0 to 10000, on a day
// from 2000 on, not after today.
func FuzzScaleForm(f *testing.F) {
	f.Add("7", "12", "01-12-2026")
	f.Add("", "", "")
	f.Add("0", "-1", "09-12-2026")
	f.Add("x", "10001", "1-1-2000")
	f.Add("-5", " 3 ", "08-12-2026")
	f.Add("9227000000000000000", "3", "01-12-2026")
	f.Fuzz(func(t *testing.T, location, clients, on string) {
		form := url.Values{"locatie": {location}, "aantal": {clients}, "peildatum": {on}}
		in := decodeScaleForm(form)
		n, day, errs := checkScale(in, fuzzNow)
		n2, day2, errs2 := checkScale(decodeScaleForm(form), fuzzNow)
		if n != n2 || day != day2 || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		networkErrors(t, errs, "locatie", "aantal", "peildatum")
		if len(errs) > 0 {
			return
		}
		if loc, err := strconv.ParseInt(location, 10, 64); err != nil || loc <= 0 || loc != in.LocationID {
			t.Fatalf("accepted location %q as %d", location, in.LocationID)
		}
		if n < 0 || n > 10000 || !pastDayOK(day) {
			t.Fatalf("accepted %d clients on %v", n, day)
		}
	})
}

// FuzzGateForm feeds the gate form of a project of either kind in any
// phase arbitrary values: nothing panics, checking is deterministic,
// every error names a field of the form, and an accepted decision has a
// reason of 1 to 2000 characters and is either a go to the next phase of
// the route (asking for the phase's work to be checked) or a no-go with a
// category from the list that stops the project.
func FuzzGateForm(f *testing.F) {
	f.Add(string(PhaseReadiness), "go", "Zorgvraag is helder.", "", false, string(PhaseQuestion))
	f.Add("", "nogo", "Geen geld.", "financiering", true, string(PhaseSmall))
	f.Add(string(PhaseChoice), "go", "Overslaan", "", false, string(PhaseReadiness))
	f.Add(string(PhaseStopped), "nogo", "x", "onbekend", false, string(PhaseScale))
	f.Add("", "go", "", "", true, string(PhaseScale))
	f.Add("", "misschien", strings.Repeat("r", 2001), "", false, string(PhaseStopped))
	f.Fuzz(func(t *testing.T, to, decision, reason, stop string, social bool, from string) {
		kind := KindTechnology
		if social {
			kind = KindSocial
		}
		form := url.Values{"naar": {to}, "besluit": {decision}, "reden": {reason}, "stopreden": {stop}}
		d, ready, errs := checkGate(decodeGateForm(form), kind, Phase(from))
		d2, ready2, errs2 := checkGate(decodeGateForm(form), kind, Phase(from))
		if d != d2 || ready != ready2 || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		networkErrors(t, errs, "naar", "besluit", "reden", "stopreden")
		if len(errs) > 0 {
			return
		}
		if !textOK(d.Reason, reason, 2000, false) {
			t.Fatalf("accepted reason %q", d.Reason)
		}
		next, hasNext := Next(kind, Phase(from))
		switch decision {
		case "go":
			if !ready || !hasNext || d.To != next || (to != "" && Phase(to) != next) || d.StopCategory != "" || d.StopReason != "" {
				t.Fatalf("accepted go %+v from %q to %q", d, from, to)
			}
		case "nogo":
			if ready || d.To != PhaseStopped || d.StopReason != d.Reason || stopLabel(d.StopCategory) == d.StopCategory ||
				(to != "" && Phase(to) != PhaseStopped && Phase(to) != next) {
				t.Fatalf("accepted no-go %+v from %q to %q", d, from, to)
			}
		default:
			t.Fatalf("accepted decision %q", decision)
		}
	})
}

// FuzzTechnologyForm feeds the catalogue's form arbitrary values: nothing
// panics, checking is deterministic, every error names a field of the
// form, and an accepted technology has its texts within their limits, a
// theme from the six, both costs as amounts in range, every checklist
// item pass, fail or unknown, and sleep monitoring only when ticked.
func FuzzTechnologyForm(f *testing.F) {
	f.Add("Slimme matras", themes[0].Code, "Onrustig slapen", "Meet beweging.", "Minder rondes", "Prijs", "1.250,00", "240", "", "Sensa BV",
		string(CheckPass), string(CheckFail), "", string(CheckUnknown), "1")
	f.Add("", "", "", "", "", "", "", "", "", "", "", "", "", "", "")
	f.Add(strings.Repeat("n", 121), "zwemmen", " ", strings.Repeat("b", 2001), "x", "y", "12.50", "-1", strings.Repeat("e", 2001), strings.Repeat("l", 121),
		"ja", "nee", "ONBEKEND", "?", "true")
	f.Add("x", themes[5].Code, "y", "", "p", "c", "€ 9.999.999,99", "450,-", "", "s", "", "", "", "", "0")
	f.Fuzz(func(t *testing.T, name, theme, care, desc, pros, cons, purchase, yearly, evidence, supplier, privacy, security, interop, access, sleep string) {
		form := url.Values{"naam": {name}, "thema": {theme}, "zorgvragen": {care}, "beschrijving": {desc}, "voordelen": {pros}, "nadelen": {cons},
			"aanschaf": {purchase}, "jaarlijks": {yearly}, "bewijs": {evidence}, "leverancier": {supplier},
			"avg": {privacy}, "beveiliging": {security}, "koppeling": {interop}, "toegankelijkheid": {access}, "nachtrust": {sleep}}
		tech, errs := checkTechnology(decodeTechnologyForm(form))
		tech2, errs2 := checkTechnology(decodeTechnologyForm(form))
		if !reflect.DeepEqual(tech, tech2) || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		networkErrors(t, errs, "naam", "thema", "zorgvragen", "beschrijving", "voordelen", "nadelen", "aanschaf", "jaarlijks", "bewijs", "leverancier",
			"avg", "beveiliging", "koppeling", "toegankelijkheid")
		if len(errs) > 0 {
			return
		}
		if _, ok := ThemeByCode(tech.Theme); !ok || !textOK(tech.Name, name, 120, false) || !textOK(tech.CareQuestions, care, 1000, false) ||
			!textOK(tech.Description, desc, 2000, true) || !textOK(tech.Pros, pros, 2000, false) || !textOK(tech.Cons, cons, 2000, false) ||
			!textOK(tech.Evidence, evidence, 2000, true) || !textOK(tech.Supplier, supplier, 120, false) {
			t.Fatalf("accepted %+v", tech)
		}
		if tech.PurchaseCents < 0 || tech.PurchaseCents > maxEuroCents || tech.YearlyCents < 0 || tech.YearlyCents > maxEuroCents {
			t.Fatalf("accepted costs %d and %d", tech.PurchaseCents, tech.YearlyCents)
		}
		for _, c := range []Check{tech.Privacy, tech.Security, tech.Interop, tech.Accessibility} {
			if c != CheckPass && c != CheckFail && c != CheckUnknown {
				t.Fatalf("accepted checklist answer %q", c)
			}
		}
		if tech.SleepMonitor != (sleep == "1") {
			t.Fatalf("sleep monitoring %v from %q", tech.SleepMonitor, sleep)
		}
	})
}

// FuzzMatrixForm posts any body to the decision matrix of a project with
// two candidates: nothing panics, decoding and checking are
// deterministic, every error names a criterion, weight or score field of
// the form's rows, and an accepted matrix has 1 to 6 criteria with names
// of at most 120 characters, weights from 1 to 100 that add up to 100,
// and a score from 1 to 5 for each candidate on each criterion.
func FuzzMatrixForm(f *testing.F) {
	for _, s := range []string{
		"criterium-0=Prijs&gewicht-0=40&score-0-3=4&score-0-12=2&criterium-1=Gebruiksgemak&gewicht-1=60&score-1-3=3&score-1-12=5",
		"criterium-0=Prijs&gewicht-0=100&score-0-3=1&score-0-12=5&criterium-2=&gewicht-2=",
		"criterium-0=&gewicht-0=50&score-0-3=6&score-0-12=0&criterium-5=x&gewicht-5=abc",
		"criterium-0=Prijs&gewicht-0=100&score-0-3=4&score-0-12=2&score-0-012=3&score-0-+3=5",
		"criterium-0=" + strings.Repeat("c", 121) + "&gewicht-0=101&score-9-3=2&score-0-x=1",
		"criterium-0=%FF&gewicht-0=100&score-0-3=1&score-0-12=1&criterium-1=a%00&gewicht-1=0",
		"",
	} {
		f.Add(s)
	}
	cands := []int64{3, 12}
	names := map[int64]string{3: "Slimme matras", 12: "Bedsensor"}
	var fields []string
	for i := 0; i < maxCriteria; i++ {
		k := strconv.Itoa(i)
		fields = append(fields, "criterium-"+k, "gewicht-"+k, "score-"+k+"-3", "score-"+k+"-12")
	}
	f.Fuzz(func(t *testing.T, body string) {
		form, err := url.ParseQuery(body)
		if err != nil {
			return // web.ParseForm answers 400 here
		}
		rows := decodeMatrixForm(form)
		if len(rows) != maxCriteria || !reflect.DeepEqual(rows, decodeMatrixForm(form)) {
			t.Fatalf("decoding gave %d rows or is not deterministic", len(rows))
		}
		cs, errs := checkMatrix(rows, cands, names)
		cs2, errs2 := checkMatrix(rows, cands, names)
		if !reflect.DeepEqual(cs, cs2) || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("checking is not deterministic")
		}
		networkErrors(t, errs, fields...)
		if len(errs) > 0 {
			return
		}
		if len(cs) == 0 || len(cs) > maxCriteria {
			t.Fatalf("accepted %d criteria", len(cs))
		}
		sum := 0
		for _, c := range cs {
			if c.Name == "" || c.Name != strings.TrimSpace(c.Name) || utf8.RuneCountInString(c.Name) > 120 || !readable(c.Name) || c.Weight < 1 || c.Weight > 100 || len(c.Scores) != len(cands) {
				t.Fatalf("accepted criterion %+v", c)
			}
			for _, id := range cands {
				if sc := c.Scores[id]; sc < 1 || sc > 5 {
					t.Fatalf("accepted criterion %+v", c)
				}
			}
			sum += c.Weight
		}
		if sum != 100 {
			t.Fatalf("accepted weights adding up to %d", sum)
		}
	})
}

// FuzzCandidateForm feeds the form that puts a technology on the list to
// compare (or takes it off) arbitrary values: nothing panics, decoding is
// deterministic, an error names the technology field, and an accepted
// form has the id posted (above 0) and removes only with actie=weg.
func FuzzCandidateForm(f *testing.F) {
	f.Add("12", "")
	f.Add(" 7 ", "weg")
	f.Add("", "weg")
	f.Add("-1", "toevoegen")
	f.Add("9223372036854775808", "WEG")
	f.Fuzz(func(t *testing.T, tech, action string) {
		form := url.Values{"technologie": {tech}, "actie": {action}}
		c, errs := decodeCandidateForm(form)
		c2, errs2 := decodeCandidateForm(form)
		if c != c2 || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		networkErrors(t, errs, "technologie")
		if len(errs) > 0 {
			return
		}
		if n, err := strconv.ParseInt(strings.TrimSpace(tech), 10, 64); err != nil || n <= 0 || n != c.TechnologyID || c.Remove != (action == "weg") {
			t.Fatalf("accepted %+v from %q, %q", c, tech, action)
		}
	})
}

// FuzzParticipantForm feeds the participant form arbitrary values:
// nothing panics, decoding is deterministic, an error names the picker's
// client field, and an accepted client is the id posted (above 0).
func FuzzParticipantForm(f *testing.F) {
	f.Add("42", int64(3))
	f.Add("", int64(1))
	f.Add("0", int64(-1))
	f.Add(" 5", int64(1<<62))
	f.Fuzz(func(t *testing.T, client string, projectID int64) {
		form := url.Values{"client": {client}}
		c, errs := decodeParticipantForm(form, projectID)
		c2, errs2 := decodeParticipantForm(form, projectID)
		if c != c2 || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		networkErrors(t, errs, "client")
		if len(errs) > 0 {
			return
		}
		if n, err := strconv.ParseInt(client, 10, 64); err != nil || n <= 0 || n != c {
			t.Fatalf("accepted client %d from %q", c, client)
		}
	})
}
