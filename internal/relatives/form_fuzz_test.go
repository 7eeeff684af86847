package relatives

import (
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/testkit"
	"github.com/volwaardig/volwaardig/internal/web"
)

// FuzzCallbackForm feeds a relative's call-back request arbitrary values:
// decoding and checking never panic and are deterministic, every error
// names a field of the form, and an accepted request has a topic and a
// moment from their lists, a phone number in the platform's written form
// and a question of at most maxQuestion characters.
func FuzzCallbackForm(f *testing.F) {
	f.Add(Topics[0].Value, "06 1234 5678", Moments[0].Value, "Hoe vraag ik een pgb aan?")
	f.Add("", "", "", "")
	f.Add("onbekend", "+32 2 123 45 67", "nacht", strings.Repeat("v", 1001))
	f.Add(Topics[0].Value, "+999999999999999999999", Moments[0].Value, " ")
	f.Add(Topics[0].Value, "0612345678\x00", Moments[0].Value, "\xff")
	f.Fuzz(func(t *testing.T, topic, phone, moment, question string) {
		form := url.Values{"onderwerp": {topic}, "telefoon": {phone}, "moment": {moment}, "vraag": {question}}
		in, in2 := decodeCallbackForm(form), decodeCallbackForm(form)
		err, err2 := in.validate(), in2.validate()
		if in != in2 || !reflect.DeepEqual(err, err2) {
			t.Fatal("decoding is not deterministic")
		}
		if err != nil {
			errs, ok := web.FieldErrorsOf(err)
			if !ok || len(errs) == 0 {
				t.Fatalf("refusal without fields: %v", err)
			}
			testkit.BilingualErrorsAtFields(t, errs, "onderwerp", "telefoon", "moment", "vraag")
			return
		}
		if !validChoice(Topics, in.Topic) || !slices.ContainsFunc(Moments, func(m struct {
			Value, Label string
			From, To     int
		}) bool {
			return m.Value == in.Preferred
		}) {
			t.Fatalf("accepted %+v", in)
		}
		if w, ok := auth.NormalizeAnyPhone(phone); !ok || w == "" || w != in.Phone {
			t.Fatalf("phone %q read as %q", phone, in.Phone)
		}
		if in.Question != strings.TrimSpace(question) || utf8.RuneCountInString(in.Question) > maxQuestion {
			t.Fatalf("accepted question %q", in.Question)
		}
	})
}

// FuzzHandleForm feeds an expert's record of a call arbitrary values:
// nothing panics, decoding is deterministic, every error names the
// request's status or outcome field, and an accepted record is spoken to
// or not reached with an outcome of 1 to maxQuestion characters.
func FuzzHandleForm(f *testing.F) {
	f.Add("gebeld", "Doorverwezen naar cliëntondersteuning.", int64(7))
	f.Add("niet_bereikt", "Twee keer gebeld.", int64(1))
	f.Add("", "", int64(0))
	f.Add("gebeld", strings.Repeat("u", 1001), int64(-3))
	f.Add("bezet", " \t", int64(1<<62))
	f.Fuzz(func(t *testing.T, status, outcome string, id int64) {
		form := url.Values{"status": {status}, "uitkomst": {outcome}}
		in, errs := checkHandle(decodeHandleForm(form), id)
		in2, errs2 := checkHandle(decodeHandleForm(form), id)
		if in != in2 || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		n := strconv.FormatInt(id, 10)
		testkit.BilingualErrorsAtFields(t, errs, "status-"+n, "uitkomst-"+n)
		if len(errs) > 0 {
			return
		}
		if (in.Status != "gebeld" && in.Status != "niet_bereikt") || in.Outcome == "" || in.Outcome != strings.TrimSpace(outcome) || utf8.RuneCountInString(in.Outcome) > maxQuestion {
			t.Fatalf("accepted %+v", in)
		}
	})
}

// FuzzPeerForm feeds the peer list's opt-in form arbitrary values:
// nothing panics, decoding is deterministic, every error names a field of
// the form, and an accepted opt-in has a relation and life phase from
// their lists and an introduction of at most maxIntro characters. Only
// "aanmelden=0" opts out, and opting out is not checked.
func FuzzPeerForm(f *testing.F) {
	f.Add("1", Relations[0].Value, LifePhases[0].Value, "Moeder van een zoon van 12.")
	f.Add("0", "", "", "")
	f.Add("", "oom", "tiener", strings.Repeat("i", 501))
	f.Add("ja", Relations[0].Value, LifePhases[0].Value, "\xff ")
	f.Fuzz(func(t *testing.T, optIn, relation, phase, intro string) {
		form := url.Values{"aanmelden": {optIn}, "relatie": {relation}, "levensfase": {phase}, "intro": {intro}}
		in := decodePeerForm(form)
		if in.OptIn != (optIn != "0") {
			t.Fatalf("aanmelden %q read as %v", optIn, in.OptIn)
		}
		got, errs := checkPeer(in)
		got2, errs2 := checkPeer(decodePeerForm(form))
		if got != got2 || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		testkit.BilingualErrorsAtFields(t, errs, "relatie", "levensfase", "intro")
		if len(errs) > 0 {
			return
		}
		if !validChoice(Relations, got.Relation) || !validChoice(LifePhases, got.LifePhase) || got.Intro != strings.TrimSpace(intro) || utf8.RuneCountInString(got.Intro) > maxIntro {
			t.Fatalf("accepted %+v", got)
		}
	})
}

// FuzzPeerMessageForm feeds the peer page's two message forms (a request
// for contact, a message in an accepted contact) arbitrary text: nothing
// panics, checking is deterministic, an error names the form's own field
// (with the peer's or contact's id), and an accepted message is trimmed
// and 1 to maxIntro characters.
func FuzzPeerMessageForm(f *testing.F) {
	f.Add("Ik ben ook ouder van een puber met autisme.", int64(4))
	f.Add("", int64(0))
	f.Add("  \n ", int64(-1))
	f.Add(strings.Repeat("é", 501), int64(9))
	f.Fuzz(func(t *testing.T, text string, id int64) {
		for _, request := range []bool{true, false} {
			field := "contactbericht-" + idString(id)
			if request {
				field = "bericht-" + idString(id)
			}
			form := url.Values{"bericht": {text}}
			msg, errs := checkPeerMessage(form.Get("bericht"), field, request)
			msg2, errs2 := checkPeerMessage(form.Get("bericht"), field, request)
			if msg != msg2 || !reflect.DeepEqual(errs, errs2) {
				t.Fatal("checking is not deterministic")
			}
			testkit.BilingualErrorsAtFields(t, errs, field)
			if len(errs) > 0 {
				if len(errs) != 1 {
					t.Fatalf("errors %+v", errs)
				}
				continue
			}
			if msg == "" || msg != strings.TrimSpace(text) || utf8.RuneCountInString(msg) > maxIntro {
				t.Fatalf("accepted %q", msg)
			}
		}
	})
}

// FuzzShareForm feeds the form that shares a plan arbitrary values:
// nothing panics, decoding and checking are deterministic, every error
// names a field of the form, and an accepted share is either a person
// picked by a positive id or a name of at most maxName characters with a
// share role, and at least one section, each from the list, once.
func FuzzShareForm(f *testing.F) {
	f.Add("", "", "12", true, SectionCodes()[0], "")
	f.Add("Anna de Vries", string(auth.RoleZorgverlener), "", false, SectionCodes()[0], SectionCodes()[0])
	f.Add("  ", "beheerder", "x", true, "onbekend", "")
	f.Add(strings.Repeat("n", 300), string(auth.RoleNaaste), "-1", false, "", "")
	f.Fuzz(func(t *testing.T, name, role, person string, hasPerson bool, s1, s2 string) {
		form := url.Values{"naam": {name}, "rol": {role}, "onderdelen": {s1, s2}}
		if hasPerson {
			form.Set("persoon", person)
		}
		in, in2 := decodeShareForm(form), decodeShareForm(form)
		errs, errs2 := in.validate(), in2.validate()
		if !reflect.DeepEqual(in, in2) || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		testkit.BilingualErrorsAtFields(t, errs, "naam", "rol", "persoon", "onderdelen")
		if len(errs) > 0 {
			return
		}
		if in.Picked {
			if in.UserID <= 0 {
				t.Fatalf("accepted person %d", in.UserID)
			}
		} else if in.Name == "" || utf8.RuneCountInString(in.Name) > maxName || !slices.Contains(ShareRoles, in.Role) {
			t.Fatalf("accepted %+v", in)
		}
		if len(in.Sections) == 0 {
			t.Fatal("accepted no section")
		}
		for i, c := range in.Sections {
			if !slices.Contains(SectionCodes(), c) || (i > 0 && in.Sections[i-1] == c) {
				t.Fatalf("accepted sections %v", in.Sections)
			}
		}
	})
}
