package audit

import (
	"net/url"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzDecodeReviewForm feeds an emergency access's review form arbitrary
// values: no panic, deterministic, every error at the conclusion or note
// of that access's form, in Dutch and English, and an accepted review has
// a known conclusion, a note where it is not justified, and a readable
// note Log.Review will store.
func FuzzDecodeReviewForm(f *testing.F) {
	f.Add("ev-1", "gerechtvaardigd", "")
	f.Add("ev-1", "niet_gerechtvaardigd", "Geen acute situatie.")
	f.Add("ev-2", "nader_onderzoek", "  ")
	f.Add("ev-3", "", strings.Repeat("a", maxNote+1))
	f.Add("ev-4", "onbekend", "\xff")
	f.Add("", "gerechtvaardigd", " \xc3 ")
	f.Fuzz(func(t *testing.T, eventID, conclusion, note string) {
		form := url.Values{"conclusie": {conclusion}, "toelichting": {note}}
		rv, errs := decodeReviewForm(form, eventID)
		rv2, errs2 := decodeReviewForm(form, eventID)
		if rv != rv2 || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		for _, e := range errs {
			if e.Field != "conclusie-"+eventID && e.Field != "toelichting-"+eventID || e.Message == "" || e.English == "" {
				t.Fatalf("error %+v names no field of the form of %q", e, eventID)
			}
		}
		if len(errs) > 0 {
			if rv != (review{}) {
				t.Fatalf("refused form read as %+v", rv)
			}
			return
		}
		if !rv.Conclusion.Valid() || string(rv.Conclusion) != conclusion || rv.Note != strings.TrimSpace(note) ||
			rv.Conclusion != ConclusionJustified && rv.Note == "" || len(rv.Note) > maxNote || !utf8.ValidString(rv.Note) {
			t.Fatalf("accepted %+v", rv)
		}
	})
}
