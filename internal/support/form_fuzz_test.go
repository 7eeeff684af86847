package support

import (
	"errors"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/volwaardig/volwaardig/internal/testkit"
)

// fuzzClock is the clock of the family form fuzz targets: an intake day
// and a moment today, fixed so a run reads the same every day.
func fuzzClock() (intake, now time.Time) {
	return time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 7, 15, 0, 0, 0, time.UTC)
}

// checkText fails when an accepted free text is not trimmed or too long.
func checkText(t *testing.T, v string, maxLen int) {
	t.Helper()
	if v != strings.TrimSpace(v) || utf8.RuneCountInString(v) > maxLen {
		t.Fatalf("text %q accepted", v)
	}
}

// checkDay fails when an accepted day lies before the intake or after
// tomorrow (the forms' window).
func checkDay(t *testing.T, d time.Time) {
	t.Helper()
	fuzzIntake, fuzzNow := fuzzClock()
	if d.IsZero() || d.Before(fuzzIntake) || d.After(dayOf(fuzzNow).AddDate(0, 0, 1)) {
		t.Fatalf("day %v accepted", d)
	}
}

// FuzzDecodeGoal feeds the goal forms (new goal, progress) arbitrary
// values: decoding never panics and is deterministic, every error names a
// field, and an accepted goal has a known domain, a goal, texts within
// bounds and progress 0–100.
func FuzzDecodeGoal(f *testing.F) {
	f.Add(string(Domains()[0]), "Rust in huis", "Gesprek met school", "20")
	f.Add("", "", "", "")
	f.Add("onbekend", strings.Repeat("é", 301), " ", "101")
	f.Add(string(Domains()[1]), " x ", "", "-1")
	f.Fuzz(func(t *testing.T, domain, goal, next, progress string) {
		in := GoalInput{Domain: domain, Goal: goal, NextStep: next, Progress: progress}
		g, errs := decodeGoal(in)
		g2, errs2 := decodeGoal(in)
		if g != g2 || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		testkit.ErrorsAtFields(t, errs, "domein", "doel", "stap", "voortgang")
		if len(errs) == 0 {
			if !g.Domain.Valid() || g.Goal == "" || g.Progress < 0 || g.Progress > 100 {
				t.Fatalf("goal %+v accepted", g)
			}
			checkText(t, g.Goal, 300)
			checkText(t, g.NextStep, 300)
		}
		pr, nx, errs := decodeGoalUpdate(in)
		testkit.ErrorsAtFields(t, errs, "stap", "voortgang")
		if len(errs) == 0 {
			if pr < 0 || pr > 100 {
				t.Fatalf("progress %d accepted", pr)
			}
			checkText(t, nx, 300)
		}
	})
}

// FuzzDecodeMember feeds the network form arbitrary values: an accepted
// member has a name and relation within bounds, a known kind and
// closeness 1–3; every error names a field.
func FuzzDecodeMember(f *testing.F) {
	f.Add("Oma Jansen", "grootmoeder", string(NetworkKinds()[0]), "1")
	f.Add("", "", "", "")
	f.Add(strings.Repeat("n", 101), "x", "vreemd", "4")
	f.Add(" a ", " b ", string(NetworkKinds()[0]), "03")
	f.Fuzz(func(t *testing.T, name, relation, kind, closeness string) {
		in := MemberInput{Name: name, Relation: relation, Kind: kind, Closeness: closeness}
		m, errs := decodeMember(in)
		m2, errs2 := decodeMember(in)
		if m != m2 || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		testkit.ErrorsAtFields(t, errs, "naam", "relatie", "contactsoort", "nabijheid")
		if len(errs) > 0 {
			return
		}
		if m.Name == "" || m.Relation == "" || !slices.Contains(NetworkKinds(), NetworkKind(m.Kind)) || m.Closeness < 1 || m.Closeness > 3 {
			t.Fatalf("member %+v accepted", m)
		}
		checkText(t, m.Name, 100)
		checkText(t, m.Relation, 100)
	})
}

// FuzzDecodeAction feeds the log form arbitrary values: an accepted action
// has a known kind, a day from the intake to today, a subject, texts
// within bounds and minutes 0–1440; every error names a field.
func FuzzDecodeAction(f *testing.F) {
	fuzzIntake, fuzzNow := fuzzClock()
	f.Add(string(ActionKinds()[0]), "01-12-2026", "Gesprek met de gemeente", "Afspraak gemaakt", "45")
	f.Add("", "", "", "", "")
	f.Add("x", "01-01-2026", "y", "", "1441")
	f.Add(string(ActionKinds()[0]), "2026-12-08", " ", strings.Repeat("u", 501), "-5")
	f.Add(string(ActionKinds()[0]), "31-02-2026", "s", "", " ")
	f.Fuzz(func(t *testing.T, kind, date, subject, outcome, minutes string) {
		in := ActionInput{Kind: kind, Date: date, Subject: subject, Outcome: outcome, Minutes: minutes}
		a, errs := decodeAction(in, fuzzIntake, fuzzNow)
		a2, errs2 := decodeAction(in, fuzzIntake, fuzzNow)
		if !reflect.DeepEqual(a, a2) || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		testkit.ErrorsAtFields(t, errs, "soort", "datum", "onderwerp", "uitkomst", "minuten")
		if len(errs) > 0 {
			return
		}
		if !slices.Contains(ActionKinds(), a.Kind) || a.Subject == "" || a.Minutes < 0 || a.Minutes > 24*60 {
			t.Fatalf("action %+v accepted", a)
		}
		checkDay(t, a.HappenedOn)
		checkText(t, a.Subject, 300)
		checkText(t, a.Outcome, 500)
	})
}

// FuzzDecodeMeasurement feeds the outcome measure form arbitrary values:
// an accepted measure is the first intake or a follow-up after one, on a
// day from the intake to today, with scores 1–10 and rest 0–168 hours;
// every error names a field.
func FuzzDecodeMeasurement(f *testing.F) {
	fuzzIntake, fuzzNow := fuzzClock()
	f.Add(string(MomentIntake), "02-03-2026", "6", "8", "10", false)
	f.Add(string(MomentFollowUp), "01-12-2026", "7", "5", "20", true)
	f.Add(string(MomentIntake), "01-12-2026", "7", "5", "20", true)
	f.Add("", "", "", "", "", false)
	f.Add(string(MomentFollowUp), "01-03-2026", "0", "11", "169", false)
	f.Fuzz(func(t *testing.T, moment, date, quality, burden, rest string, hasIntake bool) {
		in := MeasureInput{Moment: moment, Date: date, Quality: quality, Burden: burden, RestHours: rest}
		m, errs := decodeMeasurement(in, hasIntake, fuzzIntake, fuzzNow)
		m2, errs2 := decodeMeasurement(in, hasIntake, fuzzIntake, fuzzNow)
		if !reflect.DeepEqual(m, m2) || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		testkit.ErrorsAtFields(t, errs, "moment", "meetdatum", "kwaliteit", "belasting", "rust")
		if len(errs) > 0 {
			return
		}
		if m.Moment == MomentIntake == hasIntake || m.Moment != MomentIntake && m.Moment != MomentFollowUp {
			t.Fatalf("moment %q accepted (intake there: %v)", m.Moment, hasIntake)
		}
		if m.Quality < 1 || m.Quality > 10 || m.Burden < 1 || m.Burden > 10 || m.RestHours < 0 || m.RestHours > 168 {
			t.Fatalf("measure %+v accepted", m)
		}
		checkDay(t, m.MeasuredOn)
	})
}

// FuzzDecodeEligibility feeds the eligibility check arbitrary criteria and
// decisions: an admission has every criterion of the pilot, a refusal a
// note; accepted criteria are the pilot's, each once; every error names a
// field.
func FuzzDecodeEligibility(f *testing.F) {
	pilot := Pilots()[0]
	var all []string
	for _, c := range criteriaOf(pilot).Criteria {
		all = append(all, c.Code)
	}
	f.Add(uint8(0), strings.Join(all, ","), "toegelaten", "")
	f.Add(uint8(1), "", "afgewezen", "past niet")
	f.Add(uint8(2), "x,x", "afgewezen", "")
	f.Add(uint8(0), "", "", strings.Repeat("t", 501))
	f.Fuzz(func(t *testing.T, pilotIndex uint8, met, decision, note string) {
		p := Pilots()[int(pilotIndex)%len(Pilots())]
		in := EligibilityInput{Met: strings.Split(met, ","), Decision: decision, Note: note}
		codes, n, errs := decodeEligibility(in, p)
		codes2, n2, errs2 := decodeEligibility(in, p)
		if !reflect.DeepEqual(codes, codes2) || n != n2 || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		testkit.ErrorsAtFields(t, errs, "criteria", "toelichting", "besluit")
		if len(errs) > 0 {
			return
		}
		pc := criteriaOf(p)
		for i, c := range codes {
			if !slices.ContainsFunc(pc.Criteria, func(x Criterion) bool { return x.Code == c }) || slices.Contains(codes[:i], c) {
				t.Fatalf("criteria %v accepted for %s", codes, p)
			}
		}
		switch decision {
		case "toegelaten":
			if len(codes) != len(pc.Criteria) {
				t.Fatalf("admitted with %v of %d criteria", codes, len(pc.Criteria))
			}
		case "afgewezen":
			if n == "" {
				t.Fatal("refused without a note")
			}
		default:
			t.Fatalf("decision %q accepted", decision)
		}
		checkText(t, n, 500)
	})
}

// FuzzDecodeEnd feeds the form that ends support arbitrary values: an
// accepted end has a known reason, a day from the intake to today, and a
// note within bounds that "een andere reden" needs; every error names a
// field.
func FuzzDecodeEnd(f *testing.F) {
	fuzzIntake, fuzzNow := fuzzClock()
	f.Add(string(EndGoalsMet), "01-12-2026", "")
	f.Add(string(EndOther), "01-12-2026", "")
	f.Add(string(EndOther), "2026-03-02", "verhuisd naar het buitenland")
	f.Add("", "01-01-2026", strings.Repeat("e", 501))
	f.Fuzz(func(t *testing.T, reason, date, note string) {
		in := EndInput{Reason: reason, Date: date, Note: note}
		r, d, n, errs := decodeEnd(in, fuzzIntake, fuzzNow)
		r2, d2, n2, errs2 := decodeEnd(in, fuzzIntake, fuzzNow)
		if r != r2 || !d.Equal(d2) || n != n2 || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		testkit.ErrorsAtFields(t, errs, "reden", "einddatum", "eindtoelichting")
		if len(errs) > 0 {
			return
		}
		if !slices.Contains(EndReasons(), r) || r == EndOther && n == "" {
			t.Fatalf("end %q with note %q accepted", r, n)
		}
		checkDay(t, d)
		checkText(t, n, 500)
	})
}

// FuzzDecodeReopen feeds the reopen form arbitrary reasons: checking
// never panics and is deterministic, every error names the reason's field,
// and an accepted reason is trimmed, not empty and at most 500
// characters.
func FuzzDecodeReopen(f *testing.F) {
	f.Add("Het gezin heeft toch weer hulp nodig.")
	f.Add("")
	f.Add(" \t ")
	f.Add(strings.Repeat("r", 501))
	f.Add("\xff")
	f.Fuzz(func(t *testing.T, reason string) {
		form := url.Values{"heropenreden": {reason}}
		why, errs := decodeReopen(form.Get("heropenreden"))
		why2, errs2 := decodeReopen(form.Get("heropenreden"))
		if why != why2 || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		testkit.ErrorsAtFields(t, errs, "heropenreden")
		if len(errs) > 0 {
			return
		}
		if why == "" {
			t.Fatal("accepted an empty reason")
		}
		checkText(t, why, 500)
	})
}

// FuzzDecodeInvite feeds the invite form arbitrary values: nothing
// panics, decoding is deterministic, every error names a field of the
// form, the person is the id typed (0 for what is not a number, the
// nearest limit for one out of range: no account has either), and accepted
// sections are at least one, each from the list, once.
func FuzzDecodeInvite(f *testing.F) {
	f.Add("12", string(Sections()[0]), string(Sections()[0]))
	f.Add("", "", "")
	f.Add("-3", "onbekend", string(Sections()[0]))
	f.Add("99999999999999999999", string(Sections()[len(Sections())-1]), "")
	f.Fuzz(func(t *testing.T, who, s1, s2 string) {
		form := url.Values{"wie": {who}, "delen": {s1, s2}}
		in := decodeInviteForm(form)
		if n, err := strconv.ParseInt(who, 10, 64); in.UserID != n || (err != nil && n != 0 && errors.Is(err, strconv.ErrSyntax)) {
			t.Fatalf("wie %q read as %d", who, in.UserID)
		}
		secs, errs := decodeInviteSections(in.Sections)
		secs2, errs2 := decodeInviteSections(decodeInviteForm(form).Sections)
		if !reflect.DeepEqual(secs, secs2) || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		testkit.ErrorsAtFields(t, errs, "wie", "delen")
		if len(errs) > 0 {
			return
		}
		if len(secs) == 0 {
			t.Fatal("accepted no section")
		}
		for i, sec := range secs {
			if !slices.Contains(Sections(), sec) || slices.Contains(secs[:i], sec) {
				t.Fatalf("accepted sections %v", secs)
			}
		}
	})
}

// FuzzDecodeStart feeds the start form arbitrary values: nothing panics,
// decoding is deterministic, the ids are the numbers typed (0 for what is
// not a number, the nearest limit for one out of range), an error names the pilot's field, and an accepted pilot
// is one of the pilots.
func FuzzDecodeStart(f *testing.F) {
	f.Add("5", string(Pilots()[0]), "9")
	f.Add("", "", "")
	f.Add("x", "onbekend", "-1")
	f.Fuzz(func(t *testing.T, client, pilot, supporter string) {
		form := url.Values{"client": {client}, "pilot": {pilot}, "ondersteuner": {supporter}}
		in := decodeStartForm(form)
		if in != decodeStartForm(form) || !reflect.DeepEqual(startPilotErrors(in), startPilotErrors(decodeStartForm(form))) {
			t.Fatal("decoding is not deterministic")
		}
		for typed, got := range map[string]int64{client: in.ClientID, supporter: in.SupporterID} {
			if n, err := strconv.ParseInt(typed, 10, 64); got != n || (err != nil && n != 0 && errors.Is(err, strconv.ErrSyntax)) {
				t.Fatalf("id %q read as %d", typed, got)
			}
		}
		errs := startPilotErrors(in)
		testkit.ErrorsAtFields(t, errs, "pilot")
		if len(errs) == 0 && !Pilot(in.Pilot).Valid() {
			t.Fatalf("accepted pilot %q", in.Pilot)
		}
	})
}

// FuzzDecodeRefer feeds the refer form arbitrary values: nothing panics,
// decoding is deterministic, only "ja" ticks urgency and consent, an
// error names the consent's field, and no referral is accepted without
// consent.
func FuzzDecodeRefer(f *testing.F) {
	f.Add("Wonen met 24-uurs toezicht", "Zorgkantoor", "Thuis gaat het niet meer.", "ja", "ja")
	f.Add("", "", "", "", "")
	f.Add("x", "y", "z", "JA", "nee")
	f.Fuzz(func(t *testing.T, profile, keeper, reason, urgent, consent string) {
		form := url.Values{"zorgprofiel": {profile}, "dossierhouder": {keeper}, "plekreden": {reason}, "spoed": {urgent}, "toestemming": {consent}}
		in := decodeReferForm(form)
		errs := referConsentErrors(in)
		if in != decodeReferForm(form) || !reflect.DeepEqual(errs, referConsentErrors(decodeReferForm(form))) {
			t.Fatal("decoding is not deterministic")
		}
		if in.Profile != profile || in.Dossierhouder != keeper || in.Reason != reason || in.Urgent != (urgent == "ja") || in.Consent != (consent == "ja") {
			t.Fatalf("form read as %+v", in)
		}
		testkit.ErrorsAtFields(t, errs, "toestemming")
		if len(errs) == 0 && !in.Consent {
			t.Fatal("accepted a referral without consent")
		}
	})
}
