package safety

import (
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/volwaardig/volwaardig/internal/testkit"
)

// cleanOK is what every accepted text of these forms is: trimmed, valid
// UTF-8 within limit characters, no control characters but line breaks
// and tabs, and not empty.
func cleanOK(s string, limit int) bool {
	if s == "" || s != strings.TrimSpace(s) || !utf8.ValidString(s) || utf8.RuneCountInString(s) > limit {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			return false
		}
	}
	return true
}

// FuzzDecodeStepForm feeds the meldcode step form arbitrary values: no
// panic, deterministic, every error at "stap", "keuze" or "uitkomst", and
// an accepted step is 1 to 5 with an outcome and, where the step has
// choices, one of them.
func FuzzDecodeStepForm(f *testing.F) {
	f.Add("1", "", "Blauwe plek gezien bij het wassen.")
	f.Add("2", "veilig_thuis", "Advies: gesprek met de cliënt.")
	f.Add("2", "", "x")
	f.Add("6", "collega", "")
	f.Add(" 3", "nee", "a\r\nb")
	f.Add("99999999999999999999", "", "\xff")
	f.Add("5", "x", strings.Repeat("a", maxOutcome+1))
	f.Fuzz(func(t *testing.T, step, choice, outcome string) {
		form := url.Values{"stap": {step}, "keuze": {choice}, "uitkomst": {outcome}}
		in, errs := decodeStepForm(form)
		in2, errs2 := decodeStepForm(form)
		if in != in2 || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		testkit.ErrorsAtFields(t, errs, "stap", "keuze", "uitkomst")
		if len(errs) > 0 {
			return
		}
		st, ok := stepByN(in.Step)
		if n, err := strconv.Atoi(step); !ok || err != nil || n != in.Step {
			t.Fatalf("step %q accepted as %d", step, in.Step)
		}
		if !cleanOK(in.Outcome, maxOutcome) {
			t.Fatalf("accepted outcome %q", in.Outcome)
		}
		if len(st.Choices) == 0 && in.Choice != "" || len(st.Choices) > 0 && !slices.ContainsFunc(st.Choices, func(c Choice) bool { return c.Code == in.Choice }) {
			t.Fatalf("accepted choice %q for step %d", in.Choice, in.Step)
		}
	})
}

// FuzzDecodeIGJForm feeds the IGJ date arbitrary text: no panic,
// deterministic, every error at "igj_datum", and an accepted day is not
// after now and reads back as the same day.
func FuzzDecodeIGJForm(f *testing.F) {
	f.Add("01-03-2026")
	f.Add("7-12-2026")
	f.Add("31-02-2026")
	f.Add("08-12-2026")
	f.Add("")
	f.Add("2026-03-01")
	f.Add("99-99-99999")
	now := time.Date(2026, 12, 7, 21, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, day string) {
		form := url.Values{"igj_datum": {day}}
		got, errs := decodeIGJForm(form, now)
		got2, errs2 := decodeIGJForm(form, now)
		if !got.Equal(got2) || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		testkit.ErrorsAtFields(t, errs, "igj_datum")
		if len(errs) > 0 {
			if !got.IsZero() {
				t.Fatalf("refused day read as %v", got)
			}
			return
		}
		if got.IsZero() || got.After(now) {
			t.Fatalf("day %q accepted as %v", day, got)
		}
	})
}

// FuzzDecodeMessageForm feeds the adviser's message form arbitrary text:
// no panic, deterministic, every error at "bericht", and an accepted
// message is clean and within 2000 characters.
func FuzzDecodeMessageForm(f *testing.F) {
	f.Add("Wij hebben uw melding ontvangen.")
	f.Add("")
	f.Add(" a\r\nb ")
	f.Add("a\x00b")
	f.Add("\xff")
	f.Add(strings.Repeat("é", maxMessage+1))
	f.Fuzz(func(t *testing.T, body string) {
		form := url.Values{"bericht": {body}}
		got, errs := decodeMessageForm(form)
		got2, errs2 := decodeMessageForm(form)
		if got != got2 || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		testkit.ErrorsAtFields(t, errs, "bericht")
		if len(errs) == 0 && !cleanOK(got, maxMessage) {
			t.Fatalf("accepted %q", got)
		}
	})
}

// FuzzDecodeCloseForm feeds the close form arbitrary text: no panic,
// deterministic, every error at "besluit", and an accepted decision is
// clean and within 4000 characters.
func FuzzDecodeCloseForm(f *testing.F) {
	f.Add("Gesprek gevoerd, maatregelen genomen.")
	f.Add("")
	f.Add("\t")
	f.Add("a\x7f")
	f.Add(strings.Repeat("a", maxOutcome+1))
	f.Fuzz(func(t *testing.T, decision string) {
		form := url.Values{"besluit": {decision}}
		got, errs := decodeCloseForm(form)
		got2, errs2 := decodeCloseForm(form)
		if got != got2 || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		testkit.ErrorsAtFields(t, errs, "besluit")
		if len(errs) == 0 && !cleanOK(got, maxOutcome) {
			t.Fatalf("accepted %q", got)
		}
	})
}

// FuzzDecodeFollowUpForm feeds the reporter's follow-up form arbitrary
// values: no panic, deterministic, an error only at "bericht" and only
// when a message is sent, the code is normalised as Lookup does, and an
// accepted message is clean and within 2000 characters.
func FuzzDecodeFollowUpForm(f *testing.F) {
	f.Add("K7QX-M2PA-9RTD-W4HB", "bericht", "Het is weer gebeurd.")
	f.Add("k7qx m2pa 9rtd w4hb", "", "")
	f.Add("", "bericht", "")
	f.Add(strings.Repeat("A", 65), "bericht", "\x00")
	f.Add("ÄÄÄÄ", "bericht", strings.Repeat("a", maxMessage+1))
	f.Fuzz(func(t *testing.T, code, action, body string) {
		form := url.Values{"code": {code}, "actie": {action}, "bericht": {body}}
		in, errs := decodeFollowUpForm(form)
		in2, errs2 := decodeFollowUpForm(form)
		if in != in2 || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		if in.Code != normaliseCode(code) || in.Reply != (action == "bericht") {
			t.Fatalf("form read as %+v", in)
		}
		testkit.ErrorsAtFields(t, errs, "bericht")
		if len(errs) > 0 && (!in.Reply || in.Body != "") {
			t.Fatalf("error %+v for %+v", errs, in)
		}
		if len(errs) == 0 && in.Reply && !cleanOK(in.Body, maxMessage) || !in.Reply && in.Body != "" {
			t.Fatalf("accepted %+v", in)
		}
	})
}
