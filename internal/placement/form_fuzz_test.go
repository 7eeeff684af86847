package placement

import (
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/volwaardig/volwaardig/internal/testkit"
	"github.com/volwaardig/volwaardig/internal/web"
)

// inDateRange reports whether a decoded date lies in the years the date
// fields accept (web.ParseDate: 1900–2199).
func inDateRange(d time.Time) bool { return d.Year() >= 1900 && d.Year() <= 2199 }

// FuzzDecodeAnswer feeds the provider's (or client's) answer to a proposal
// arbitrary values: decoding never panics and is deterministic, every
// error names a field of the form, and an accepted answer is a yes or a
// no with a known decline reason, with a care office's reason when a care
// office answers.
func FuzzDecodeAnswer(f *testing.F) {
	f.Add("ja", "", "past goed", "", false)
	f.Add("nee", string(DeclineReasons()[0]), "", "", false)
	f.Add("nee", "onbekend", "", "", true)
	f.Add("", "", "", "  ", true)
	f.Add("ja", "", "", "de cliënt belde en zei ja", true)
	f.Fuzz(func(t *testing.T, answer, reason, note, forClient string, careOffice bool) {
		form := url.Values{"antwoord": {answer}, "reden": {reason}, "toelichting": {note}, forClientField: {forClient}}
		a, errs := decodeAnswer(form, careOffice)
		a2, errs2 := decodeAnswer(form, careOffice)
		if !reflect.DeepEqual(a, a2) || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		testkit.BilingualErrorsAtFields(t, errs, "antwoord", "reden", forClientField)
		if len(errs) > 0 {
			if a != (Answer{}) {
				t.Fatalf("refused form returned %+v", a)
			}
			return
		}
		switch {
		case answer == "ja" && !a.Accept, answer == "nee" && a.Accept, answer != "ja" && answer != "nee":
			t.Fatalf("answer %q read as %+v", answer, a)
		case !a.Accept && !slices.Contains(DeclineReasons(), a.Reason):
			t.Fatalf("unknown decline reason %q accepted", a.Reason)
		case careOffice && strings.TrimSpace(a.ForClientReason) == "":
			t.Fatal("care office answer without its reason accepted")
		case a.Note != strings.TrimSpace(a.Note):
			t.Fatalf("note %q not trimmed", a.Note)
		}
	})
}

// FuzzDecodePlaceEdit feeds the place edit form arbitrary values: decoding
// never panics and is deterministic, every error names a field of the
// form, and an accepted form has whole numbers, a real ready date or none,
// a location id or none, and a municipality.
func FuzzDecodePlaceEdit(f *testing.F) {
	f.Add("10", "4", "01-03-2027", "12", "GM0344", "070 123 4567", "https://example.nl")
	f.Add("", "", "", "", "", "", "")
	f.Add("-1", "99999999999999999999", "31-02-2027", "x", " ", "", "")
	f.Add(" 5 ", "0", "2027-01-01", "0", "GM0363", "", "")
	fm := web.NewFormatter()
	f.Fuzz(func(t *testing.T, capacity, occupied, ready, location, municipality, phone, site string) {
		form := url.Values{"capaciteit": {capacity}, "bezet": {occupied}, "gereed": {ready}, "locatie": {location}, "gemeente": {municipality}, "telefoon": {phone}, "website": {site}}
		u, shown, errs := decodePlaceEdit(form, fm)
		u2, shown2, errs2 := decodePlaceEdit(form, fm)
		if !reflect.DeepEqual(u, u2) || !reflect.DeepEqual(shown, shown2) || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		testkit.BilingualErrorsAtFields(t, errs, "capaciteit", "bezet", "gereed", "locatie", "gemeente")
		if len(errs) > 0 {
			return
		}
		if u.Capacity == nil || u.Occupied == nil || u.ReadyDate == nil || u.LocationID == nil || u.Municipality == nil || u.Phone == nil || u.Website == nil {
			t.Fatalf("accepted form leaves a field unset: %+v", u)
		}
		if n, err := strconv.Atoi(strings.TrimSpace(capacity)); err != nil || n != *u.Capacity {
			t.Fatalf("capacity %q read as %d", capacity, *u.Capacity)
		}
		if n, err := strconv.Atoi(strings.TrimSpace(occupied)); err != nil || n != *u.Occupied {
			t.Fatalf("residents %q read as %d", occupied, *u.Occupied)
		}
		if strings.TrimSpace(ready) == "" != u.ReadyDate.IsZero() || !u.ReadyDate.IsZero() && !inDateRange(*u.ReadyDate) {
			t.Fatalf("ready date %q read as %v", ready, *u.ReadyDate)
		}
		if strings.TrimSpace(location) == "" && *u.LocationID != 0 {
			t.Fatalf("no location read as %d", *u.LocationID)
		}
		if *u.Municipality == "" || *u.Municipality != strings.TrimSpace(*u.Municipality) {
			t.Fatalf("municipality %q accepted", *u.Municipality)
		}
	})
}

// FuzzDecodeDecision feeds an agenda card's decision form arbitrary
// values: decoding never panics and is deterministic, every error names a
// field of the form, a refusal asks for the note when there is none, and
// an accepted form has a known decision and a real deadline or none.
func FuzzDecodeDecision(f *testing.F) {
	f.Add(string(DecideMediate), "01-03-2027", "nog zes weken", "regio")
	f.Add(string(DecideStop), "", "", "")
	f.Add("onbekend", "31-02-2027", "", "landelijk")
	f.Add(" "+string(DecideUphold)+" ", "2027-13-01", "x", "")
	fm := web.NewFormatter()
	f.Fuzz(func(t *testing.T, decision, deadline, note, agenda string) {
		form := url.Values{"besluit": {decision}, "deadline": {deadline}, "toelichting": {note}, "agenda": {agenda}}
		in, errs := decodeDecision(form, fm)
		in2, errs2 := decodeDecision(form, fm)
		if !reflect.DeepEqual(in, in2) || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		testkit.BilingualErrorsAtFields(t, errs, "besluit", "deadline", "toelichting")
		if len(errs) > 0 {
			if strings.TrimSpace(note) == "" && !slices.ContainsFunc(errs, func(e web.FieldError) bool { return e.Field == "toelichting" }) {
				t.Fatal("refused form without note does not ask for it")
			}
			return
		}
		if !slices.Contains(Decisions(), in.Decision) {
			t.Fatalf("unknown decision %q accepted", in.Decision)
		}
		if deadline == "" != in.Deadline.IsZero() || !in.Deadline.IsZero() && !inDateRange(in.Deadline) {
			t.Fatalf("deadline %q read as %v", deadline, in.Deadline)
		}
	})
}

// FuzzDecodeTransitionForm feeds the transition form arbitrary values: no
// panic, deterministic, an error only at "naar", and an accepted
// transition goes to a known phase with the trimmed reason.
func FuzzDecodeTransitionForm(f *testing.F) {
	f.Add(string(Bemiddeling), "start zoektocht")
	f.Add(" VERHUISD ", "")
	f.Add("", "x")
	f.Add("onbekend", "\xff")
	f.Fuzz(func(t *testing.T, to, reason string) {
		form := url.Values{"naar": {to}, "reden": {reason}}
		in, errs := decodeTransitionForm(form)
		in2, errs2 := decodeTransitionForm(form)
		if in != in2 || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		testkit.BilingualErrorsAtFields(t, errs, "naar")
		if len(errs) == 0 && (!slices.Contains(Phases(), in.To) || in.Reason != strings.TrimSpace(reason)) {
			t.Fatalf("accepted %+v", in)
		}
	})
}

// FuzzDecodePlaceForm feeds the proposal form arbitrary values: no panic,
// deterministic, an error only at "plek", and an accepted proposal has the
// place number typed.
func FuzzDecodePlaceForm(f *testing.F) {
	f.Add("12", "ja")
	f.Add("12", "")
	f.Add(" 12", "nee")
	f.Add("99999999999999999999", "ja")
	f.Fuzz(func(t *testing.T, place, condition string) {
		form := url.Values{"plek": {place}, "voorwaarde": {condition}}
		in, errs := decodePlaceForm(form)
		in2, errs2 := decodePlaceForm(form)
		if in != in2 || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		testkit.BilingualErrorsAtFields(t, errs, "plek")
		if len(errs) > 0 {
			return
		}
		if n, err := strconv.ParseInt(place, 10, 64); err != nil || n != in.Place || in.Conditional != (condition == "ja") {
			t.Fatalf("accepted %+v from %q", in, place)
		}
	})
}

// FuzzDecodeReassessForm feeds the reassessment form arbitrary values: no
// panic, deterministic, every error at "her_zorgprofiel" or "her_wzd", and an
// accepted one has a profile and Wzd status the parsers know.
func FuzzDecodeReassessForm(f *testing.F) {
	f.Add("VG7", "ja", "", "nieuwe indicatie")
	f.Add("vg 7", "", "rm", "")
	f.Add("", "nee", "onbekend", "")
	f.Add("XX99", "ja", "\xff", "")
	f.Fuzz(func(t *testing.T, profile, extra, wzd, note string) {
		form := url.Values{"her_zorgprofiel": {profile}, "her_meerzorg": {extra}, "her_wzd": {wzd}, "her_toelichting": {note}}
		in, errs := decodeReassessForm(form)
		in2, errs2 := decodeReassessForm(form)
		if in != in2 || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		testkit.BilingualErrorsAtFields(t, errs, "her_zorgprofiel", "her_wzd")
		if len(errs) > 0 {
			return
		}
		if _, ok := profiles[in.Profile]; !ok {
			t.Fatalf("accepted profile %q from %q", in.Profile, profile)
		}
		if w, err := ParseWzd(string(in.Wzd)); err != nil || w != in.Wzd || in.Meerzorg != (extra == "ja") || in.Note != note {
			t.Fatalf("accepted %+v", in)
		}
	})
}

// FuzzDecodeFollowUpForm feeds the follow-up form arbitrary values: no
// panic, deterministic, every error at one of its fields, and an accepted
// follow-up is at 3, 6 or 12 months with a known outcome and wellbeing and
// views within their length.
func FuzzDecodeFollowUpForm(f *testing.F) {
	f.Add("3", string(FollowStable), string(WellGood), "", "", "gaat goed")
	f.Add("12", " "+string(FollowNewCrisis)+" ", string(WellBad), "zorgen", "onrustig", "")
	f.Add("4", "stabiel", "", "", "", "")
	f.Add("", "", "x", strings.Repeat("a", maxNote+1), strings.Repeat("b", maxNote+1), "")
	f.Add("6", "opnieuw_verhuisd", string(WellMixed), "\xff", "", "")
	f.Fuzz(func(t *testing.T, months, outcome, wellbeing, relatives, staff, note string) {
		form := url.Values{"maanden": {months}, "uitkomst": {outcome}, "welzijn": {wellbeing}, "naasten": {relatives}, "begeleiders": {staff}, "toelichting": {note}}
		in, errs := decodeFollowUpForm(form)
		in2, errs2 := decodeFollowUpForm(form)
		if in != in2 || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		testkit.BilingualErrorsAtFields(t, errs, "uitkomst", "welzijn", "naasten", "begeleiders")
		if len(errs) > 0 {
			return
		}
		if _, err := ParseFollowUp(in.Months, in.Outcome); err != nil || !slices.Contains(WellbeingScale(), in.Views.Wellbeing) ||
			utf8.RuneCountInString(in.Views.Relatives) > maxNote || utf8.RuneCountInString(in.Views.Staff) > maxNote {
			t.Fatalf("accepted %+v", in)
		}
	})
}

// FuzzDecodeHoldForm feeds the hold form arbitrary values: no panic,
// deterministic, every error at "plek", "casus" or "tot", and an accepted
// hold has the numbers typed and lasts until the last second of a day in
// the accepted years.
func FuzzDecodeHoldForm(f *testing.F) {
	f.Add("4", "17", "15-01-2027")
	f.Add("x", "17", "")
	f.Add("4", "", "31-02-2027")
	f.Add("", "y", "1-1-1899")
	fm := web.NewFormatter()
	f.Fuzz(func(t *testing.T, place, cs, until string) {
		form := url.Values{"plek": {place}, "casus": {cs}, "tot": {until}}
		in, errs := decodeHoldForm(form, fm)
		in2, errs2 := decodeHoldForm(form, fm)
		if in.Place != in2.Place || in.Case != in2.Case || in.CaseOK != in2.CaseOK || !in.Until.Equal(in2.Until) || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		testkit.BilingualErrorsAtFields(t, errs, "plek", "casus", "tot")
		if n, err := strconv.ParseInt(cs, 10, 64); (err == nil) != in.CaseOK || in.CaseOK && n != in.Case {
			t.Fatalf("case %q read as %+v", cs, in)
		}
		if len(errs) > 0 {
			return
		}
		if n, err := strconv.ParseInt(place, 10, 64); err != nil || n != in.Place {
			t.Fatalf("place %q read as %d", place, in.Place)
		}
		if !inDateRange(in.Until) || in.Until.Hour() != 23 || in.Until.Minute() != 59 || in.Until.Second() != 59 {
			t.Fatalf("until %q read as %v", until, in.Until)
		}
	})
}

// fuzzText runs a one-text form's decoder on arbitrary text: no panic,
// deterministic, an error only at field, and an accepted text is the
// trimmed input, not empty and within ok's limit.
func fuzzText(f *testing.F, field string, decode func(url.Values) (string, []web.FieldError), ok func(string) bool, seeds ...string) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		form := url.Values{field: {text}}
		got, errs := decode(form)
		got2, errs2 := decode(form)
		if got != got2 || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		testkit.BilingualErrorsAtFields(t, errs, field)
		if len(errs) > 0 {
			if got != "" {
				t.Fatalf("refused text read as %q", got)
			}
			return
		}
		if got == "" || got != strings.TrimSpace(text) || !ok(got) {
			t.Fatalf("accepted %q", got)
		}
	})
}

// FuzzDecodeWishesForm: the client's own wishes, 1 to 2000 bytes.
func FuzzDecodeWishesForm(f *testing.F) {
	fuzzText(f, "wensen", decodeWishesForm, func(s string) bool { return len(s) <= 2000 },
		"Dicht bij mijn zus wonen", "", "  ", strings.Repeat("é", 1001), "\xff")
}

// FuzzDecodeObjectionForm: the client's objection, 1 to 2000 bytes.
func FuzzDecodeObjectionForm(f *testing.F) {
	fuzzText(f, "bezwaar", decodeObjectionForm, func(s string) bool { return len(s) <= 2000 },
		"Ik wil niet zo lang wachten", "", "\t", strings.Repeat("a", 2001))
}

// FuzzDecodeNoteForm: a casework note, 1 to maxNote characters.
func FuzzDecodeNoteForm(f *testing.F) {
	fuzzText(f, "notitie", decodeNoteForm, func(s string) bool { return utf8.RuneCountInString(s) <= maxNote },
		"Gebeld met de moeder", "", " \n ", strings.Repeat("é", maxNote+1))
}

// FuzzDecodeConsultAnswerForm: the consultant's answer, 1 to
// maxConsultText characters.
func FuzzDecodeConsultAnswerForm(f *testing.F) {
	fuzzText(f, "antwoord", decodeConsultAnswerForm, func(s string) bool { return utf8.RuneCountInString(s) <= maxConsultText },
		"Advies: eerst observatie", "", strings.Repeat("a", maxConsultText+1))
}

// FuzzDecodeConsultForm feeds the consultation form arbitrary values: no
// panic, deterministic, every error at one of its fields, and an accepted
// request asks the CCE (no centre) or a named centre, with a question,
// each within its length.
func FuzzDecodeConsultForm(f *testing.F) {
	f.Add(string(ConsultCCE), "iets", "Welke aanpak past?")
	f.Add(string(ConsultCentre), " Centrum Noord ", "vraag")
	f.Add(string(ConsultCentre), "", "")
	f.Add("", strings.Repeat("c", maxCentre+1), strings.Repeat("q", maxConsultText+1))
	f.Fuzz(func(t *testing.T, who, centre, question string) {
		form := url.Values{"consulent": {who}, "centrum": {centre}, "vraag": {question}}
		in, errs := decodeConsultForm(form)
		in2, errs2 := decodeConsultForm(form)
		if in != in2 || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		testkit.BilingualErrorsAtFields(t, errs, "consulent", "centrum", "vraag")
		if len(errs) > 0 {
			return
		}
		switch in.Who {
		case ConsultCCE:
			if in.Centre != "" {
				t.Fatalf("the CCE with centre %q", in.Centre)
			}
		case ConsultCentre:
			if in.Centre == "" || in.Centre != strings.TrimSpace(centre) || utf8.RuneCountInString(in.Centre) > maxCentre {
				t.Fatalf("accepted centre %q", in.Centre)
			}
		default:
			t.Fatalf("accepted consultant %q", in.Who)
		}
		if in.Question == "" || in.Question != strings.TrimSpace(question) || utf8.RuneCountInString(in.Question) > maxConsultText {
			t.Fatalf("accepted question %q", in.Question)
		}
	})
}

// FuzzDecodeRegionForm feeds the batch proposal's region form arbitrary
// values: no panic, deterministic, an error only at "regio", and an
// accepted region is the whole country or one of the user's.
func FuzzDecodeRegionForm(f *testing.F) {
	f.Add("land")
	f.Add("ZK11")
	f.Add("ZK31")
	f.Add("")
	f.Add("zk11")
	mine := func(r string) bool { return r == "ZK11" }
	f.Fuzz(func(t *testing.T, region string) {
		form := url.Values{"regio": {region}}
		got, errs := decodeRegionForm(form, mine)
		got2, errs2 := decodeRegionForm(form, mine)
		if got != got2 || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		testkit.BilingualErrorsAtFields(t, errs, "regio")
		if len(errs) == 0 && !(got == "" && (region == "land" || region == "") || got == "ZK11" && region == "ZK11") {
			t.Fatalf("region %q accepted as %q", region, got)
		}
	})
}
