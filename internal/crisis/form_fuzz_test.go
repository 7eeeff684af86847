package crisis

import (
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/volwaardig/volwaardig/internal/testkit"
)

// FuzzDecodeDecideForm feeds the decide page's bed and team forms
// arbitrary values: decoding never panics and is deterministic, a refusal
// names the choice's field in Dutch and English, and an accepted form has
// the positive id that was typed.
func FuzzDecodeDecideForm(f *testing.F) {
	f.Add(true, "12", "1", "geen bed in de eigen regio")
	f.Add(false, "3", "", "")
	f.Add(true, "", "1", "")
	f.Add(false, "-4", "0", "x")
	f.Add(true, " 99999999999999999999 ", "ja", "")
	f.Fuzz(func(t *testing.T, bed bool, id, escalate, reason string) {
		choice := "team"
		if bed {
			choice = "bed"
		}
		form := url.Values{choice: {id}, "opschalen": {escalate}, choice + "reden": {reason}}
		in, errs := decodeDecideForm(form, choice)
		in2, errs2 := decodeDecideForm(form, choice)
		if !reflect.DeepEqual(in, in2) || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		if len(errs) > 0 {
			for _, e := range errs {
				if e.Field != choice && e.Field != choice+"reden" || e.Message == "" || e.English == "" || in != (decideForm{}) {
					t.Fatalf("refusal %+v of %+v", errs, in)
				}
			}
			return
		}
		if in.Escalate && strings.TrimSpace(in.Reason) == "" {
			t.Fatalf("escalation without a reason accepted: %+v", in)
		}
		if n, err := strconv.ParseInt(strings.TrimSpace(id), 10, 64); err != nil || n <= 0 || n != in.ID {
			t.Fatalf("id %q read as %d", id, in.ID)
		}
		if in.Escalate != (escalate == "1") || in.Reason != reason {
			t.Fatalf("form read as %+v", in)
		}
	})
}

// FuzzDecodeSettingsForm feeds a region's settings form arbitrary values:
// decoding and checking never panic and are deterministic, every error
// names a field of the region's form in Dutch and English, and accepted
// settings have both norms in 1–168 hours, the acute one not longer, and a
// stay of 1–90 days.
func FuzzDecodeSettingsForm(f *testing.F) {
	f.Add("ZK11", "24", "4", "14")
	f.Add(" zk31 ", "168", "168", "90")
	f.Add("ZK11", "", "", "")
	f.Add("ZK11", "0", "0", "0")
	f.Add("ZK11", "12", "24", "91")
	f.Add("ZK11", "-1", "99999999999999999999", "1e3")
	f.Fuzz(func(t *testing.T, region, norm, acute, stay string) {
		form := url.Values{"regio": {region}, "norm": {norm}, "acuut": {acute}, "verblijf": {stay}}
		st := decodeSettingsForm(form)
		if st != decodeSettingsForm(form) {
			t.Fatal("decoding is not deterministic")
		}
		if st.AcuteNormHours == 0 {
			st.AcuteNormHours = 4 // what SetSettings does: the region's current acute norm
		}
		errs := settingsErrors(st)
		if !reflect.DeepEqual(errs, settingsErrors(st)) {
			t.Fatal("checking is not deterministic")
		}
		fields := []string{"norm-" + st.Region, "acuut-" + st.Region, "verblijf-" + st.Region}
		for _, e := range errs {
			if !slices.Contains(fields, e.Field) || e.Message == "" || e.English == "" {
				t.Fatalf("error %+v names no field of %v", e, fields)
			}
		}
		if len(errs) > 0 {
			return
		}
		if st.NormHours < 1 || st.NormHours > 168 || st.AcuteNormHours < 1 || st.AcuteNormHours > st.NormHours || st.StayLimitDays < 1 || st.StayLimitDays > 90 {
			t.Fatalf("accepted %+v", st)
		}
		if st.Region != strings.ToUpper(strings.TrimSpace(region)) {
			t.Fatalf("region %q read as %q", region, st.Region)
		}
	})
}

// textOK is the rule every free text of these forms keeps once accepted:
// trimmed, valid UTF-8 within max characters and no control characters
// but line breaks and tabs.
func textOK(s string, max int) bool {
	return s == strings.TrimSpace(s) && utf8.ValidString(s) && utf8.RuneCountInString(s) <= max && !hasControl(s)
}

// FuzzDecodeSupportForm feeds the C.O.T.'s support form arbitrary values:
// no panic, deterministic, every error at "soort" or "notitie", and an
// accepted record has a known kind and a note within the rules.
func FuzzDecodeSupportForm(f *testing.F) {
	f.Add("bezoek", "Op huisbezoek geweest, situatie rustig.")
	f.Add("einde", " klaar ")
	f.Add("", "")
	f.Add("onbekend", "a\x00b")
	f.Add("advies", strings.Repeat("é", maxLong+1))
	f.Add("advies", "\xff")
	f.Fuzz(func(t *testing.T, kind, note string) {
		form := url.Values{"soort": {kind}, "notitie": {note}}
		in, errs := decodeSupportForm(form)
		in2, errs2 := decodeSupportForm(form)
		if in != in2 || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		testkit.ErrorsAtFields(t, errs, "soort", "notitie")
		if len(errs) > 0 {
			if in != (supportForm{}) {
				t.Fatalf("refused form read as %+v", in)
			}
			return
		}
		if !in.Kind.Valid() || in.Note == "" || !textOK(in.Note, maxLong) || in.Note != strings.TrimSpace(note) {
			t.Fatalf("accepted %+v", in)
		}
	})
}

// FuzzDecodeExtensionForm feeds the extension form arbitrary values: no
// panic, deterministic, every error at "dagen" or "verlengreden", and an
// accepted request asks 1 to 28 days with a reason.
func FuzzDecodeExtensionForm(f *testing.F) {
	f.Add("7", "Nog geen vervolgplek gevonden.")
	f.Add(" 28 ", "x")
	f.Add("0", "")
	f.Add("29", "a\x07")
	f.Add("-1", strings.Repeat("a", maxLong+1))
	f.Add("99999999999999999999", "ok")
	f.Add("1e1", "ok")
	f.Fuzz(func(t *testing.T, days, reason string) {
		form := url.Values{"dagen": {days}, "verlengreden": {reason}}
		in, errs := decodeExtensionForm(form)
		in2, errs2 := decodeExtensionForm(form)
		if in != in2 || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		testkit.ErrorsAtFields(t, errs, "dagen", "verlengreden")
		if len(errs) > 0 {
			return
		}
		if n, err := strconv.Atoi(strings.TrimSpace(days)); err != nil || n != in.Days || n < 1 || n > MaxExtensionDays {
			t.Fatalf("days %q accepted as %d", days, in.Days)
		}
		if in.Reason == "" || !textOK(in.Reason, maxLong) {
			t.Fatalf("accepted reason %q", in.Reason)
		}
	})
}

// FuzzDecodeJudgeForm feeds the verdict on an extension arbitrary values:
// no panic, deterministic, every error at "oordeel", and an accepted
// refusal has a reason.
func FuzzDecodeJudgeForm(f *testing.F) {
	f.Add("toekennen", "")
	f.Add("afwijzen", "Er is een vervolgplek.")
	f.Add("afwijzen", " ")
	f.Add("", "\x1b")
	f.Add("toekennen", strings.Repeat("a", maxLong+1))
	f.Fuzz(func(t *testing.T, verdict, note string) {
		form := url.Values{"besluit": {verdict}, "oordeel": {note}}
		in, errs := decodeJudgeForm(form)
		in2, errs2 := decodeJudgeForm(form)
		if in != in2 || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		testkit.ErrorsAtFields(t, errs, "oordeel")
		if len(errs) > 0 {
			return
		}
		if in.Grant != (verdict == "toekennen") || (!in.Grant && in.Note == "") || in.Note != "" && !textOK(in.Note, maxLong) {
			t.Fatalf("accepted %+v", in)
		}
	})
}

// FuzzDecodeCloseForm feeds the close form arbitrary notes: no panic,
// deterministic, every error at "toelichting", and an accepted note is
// present and within the rules.
func FuzzDecodeCloseForm(f *testing.F) {
	f.Add("Cliënt is weer thuis.")
	f.Add("")
	f.Add(" \t\n")
	f.Add("a\x00")
	f.Add(strings.Repeat("a", maxLong+1))
	f.Fuzz(func(t *testing.T, note string) {
		form := url.Values{"toelichting": {note}}
		got, errs := decodeCloseForm(form)
		got2, errs2 := decodeCloseForm(form)
		if got != got2 || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		testkit.ErrorsAtFields(t, errs, "toelichting")
		if len(errs) > 0 {
			return
		}
		if got == "" || got != strings.TrimSpace(note) || !textOK(got, maxLong) {
			t.Fatalf("accepted %q", got)
		}
	})
}

// FuzzDecodeHandoverForm feeds the handover form arbitrary values: no
// panic, deterministic, every error at one of its three text fields, and
// an accepted handover has a trimmed reason, dossierhouder and profile
// within their lengths.
func FuzzDecodeHandoverForm(f *testing.F) {
	f.Add("Past niet meer op de groep", "J. de Wit, Zorg Utrecht", "VG7", "1")
	f.Add(" ", "", "", "")
	f.Add("a\x00", strings.Repeat("b", maxShort+1), strings.Repeat("c", 21), "ja")
	f.Add(strings.Repeat("r", maxHandoverReason+1), "\xff", "LVG4", "1")
	f.Fuzz(func(t *testing.T, reason, holder, profile, urgent string) {
		form := url.Values{"reden": {reason}, "dossierhouder": {holder}, "zorgprofiel": {profile}, "urgent": {urgent}}
		in, errs := decodeHandoverForm(form)
		in2, errs2 := decodeHandoverForm(form)
		if in != in2 || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		testkit.ErrorsAtFields(t, errs, "reden", "dossierhouder", "zorgprofiel")
		if len(errs) > 0 {
			return
		}
		if in.Reason == "" || !textOK(in.Reason, maxHandoverReason) || in.Dossierhouder == "" || !textOK(in.Dossierhouder, maxShort) ||
			in.Profile == "" || in.Profile != strings.TrimSpace(profile) || utf8.RuneCountInString(in.Profile) > 20 || hasControl(in.Profile) || in.Urgent != (urgent == "1") {
			t.Fatalf("accepted %+v", in)
		}
	})
}

// FuzzDecodeBedStatusForm feeds the bed status form arbitrary values: no
// panic, deterministic, an error only at "status", and only free or out of
// use accepted.
func FuzzDecodeBedStatusForm(f *testing.F) {
	f.Add("vrij")
	f.Add("buiten_gebruik")
	f.Add("gereserveerd")
	f.Add("")
	f.Add(" vrij")
	f.Fuzz(func(t *testing.T, status string) {
		form := url.Values{"status": {status}}
		st, errs := decodeBedStatusForm(form)
		st2, errs2 := decodeBedStatusForm(form)
		if st != st2 || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		testkit.ErrorsAtFields(t, errs, "status")
		if len(errs) == 0 && (st != BedFree && st != BedOut || string(st) != status) {
			t.Fatalf("accepted %q as %q", status, st)
		}
	})
}

// FuzzDecodeTeamStatusForm feeds the team status form arbitrary values: no
// panic, deterministic, an error only at "toelichting", and an accepted
// note is within 200 characters.
func FuzzDecodeTeamStatusForm(f *testing.F) {
	f.Add("1", "Bereikbaar tot 22.00 uur")
	f.Add("0", "")
	f.Add("", strings.Repeat("a", maxShort+1))
	f.Add("1", "\x00")
	f.Fuzz(func(t *testing.T, available, note string) {
		form := url.Values{"beschikbaar": {available}, "toelichting": {note}}
		in, errs := decodeTeamStatusForm(form)
		in2, errs2 := decodeTeamStatusForm(form)
		if in != in2 || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		testkit.ErrorsAtFields(t, errs, "toelichting")
		if len(errs) > 0 {
			return
		}
		if in.Available != (available == "1") || in.Note != strings.TrimSpace(note) || !textOK(in.Note, maxShort) {
			t.Fatalf("accepted %+v", in)
		}
	})
}
