package placement

import (
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/web"
)

// checkFieldErrors fails when an error names no field of the form or has
// no English (issue 18: every refusal at its field, Dutch with English).
func checkFieldErrors(t *testing.T, errs []web.FieldError, fields ...string) {
	t.Helper()
	for _, e := range errs {
		if !slices.Contains(fields, e.Field) || e.Message == "" || e.English == "" {
			t.Fatalf("error %+v names no field of %v or lacks a message", e, fields)
		}
	}
}

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
		checkFieldErrors(t, errs, "antwoord", "reden", forClientField)
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
		checkFieldErrors(t, errs, "capaciteit", "bezet", "gereed", "locatie", "gemeente")
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
		checkFieldErrors(t, errs, "besluit", "deadline", "toelichting")
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
