package knowledge

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/volwaardig/volwaardig/internal/testkit"
	"github.com/volwaardig/volwaardig/internal/web"
)

// FuzzItemForm posts any form body to the editors' item form: its decoder
// and the validation behind it (issue 18: every form decoder has a fuzz
// test). Neither panics, and an item it accepts is one the knowledge base
// can publish: a kind from the list, a title and summary within their
// limits, a web address of lower-case words, no HTML in the texts shown
// to readers, and a video with captions that are valid WebVTT.
func FuzzItemForm(f *testing.F) {
	for _, s := range []string{
		"kind=artikel&title=Zorgtestament&summary=Wat+het+is.&body=Tekst&owner=Redactie&review_by=01-06-2027&roles=naaste",
		"kind=video&title=Film&summary=Kort&owner=R&review_by=01-06-2027&video_url=https://example.org/v.mp4&captions=WEBVTT%0A%0A00:00.000+--%3E+00:01.000%0AHallo&transcript=Hallo",
		"kind=organisatie&title=MEE&summary=S&owner=O&review_by=31-02-2027&website=javascript:alert(1)",
		"kind=artikel&title=%3Cscript%3E&slug=Bad+Slug&summary=%3Cb%3Ex%3C/b%3E&owner=O&review_by=1-1-2027&themes=onbekend",
		"kind=video&video_url=//evil.example/x&captions=WEBVTT%0A%0A99:99.999+--%3E+00:00.000%0Ax",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		r := httptest.NewRequest(http.MethodPost, "/kennis/redactie/nieuw", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if err := r.ParseForm(); err != nil {
			return // the handler answers 400 here
		}
		in := inputFromForm(r)
		form := formValues(in)
		if form["title"] != in.Title || form["body"] != in.Body {
			t.Fatalf("the form shown again differs from what was read")
		}
		it, err := in.validate()
		if err != nil {
			return
		}
		if !validOption(FacetKind, it.Kind) {
			t.Fatalf("accepted kind %q", it.Kind)
		}
		if it.Title == "" || utf8.RuneCountInString(it.Title) > 150 || it.Summary == "" || utf8.RuneCountInString(it.Summary) > 400 {
			t.Fatalf("accepted title %q, summary %q", it.Title, it.Summary)
		}
		if !slugRe.MatchString(it.Slug) || len(it.Slug) > 80 {
			t.Fatalf("accepted web address %q", it.Slug)
		}
		for _, text := range []string{it.Body, it.EasyBody, it.Summary, it.Transcript} {
			if ContainsHTML(text) {
				t.Fatalf("accepted HTML in %q", text)
			}
		}
		if it.Website != "" && !strings.HasPrefix(it.Website, "https://") && !strings.HasPrefix(it.Website, "http://") {
			t.Fatalf("accepted website %q", it.Website)
		}
		if it.Kind == KindVideo {
			if _, err := ParseVTT(it.Captions); err != nil {
				t.Fatalf("accepted captions that are not WebVTT: %v", err)
			}
			if strings.HasPrefix(it.VideoURL, "//") {
				t.Fatalf("accepted a video address on another site without a scheme: %q", it.VideoURL)
			}
		}
	})
}

// FuzzConversationForm posts any form body to the three-way conversation
// form (its decoder and validation). Nothing panics, the form shown again
// holds what was read, and a conversation it accepts names a client, has a
// topic within its limit, a follow-up after the day it was held, at least
// one view, and agreements that each say what is agreed.
func FuzzConversationForm(f *testing.F) {
	for _, s := range []string{
		"client=7&topic=Wonen&held_on=03-03-2026&follow_up=01-09-2026&view_goed_client=Fijn&agreement_what_1=Bellen&agreement_who_1=Moeder",
		"client=-1&topic=&held_on=31-02-2026&follow_up=01-01-2026&agreement_who_2=Iemand",
		"client=99999999999999999999&topic=%00&held_on=01-01-2026&follow_up=01-01-2026&view_x_y=z",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		r := httptest.NewRequest(http.MethodPost, "/kennis/driegesprek", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if err := r.ParseForm(); err != nil {
			return // the handler answers 400 here
		}
		in, form := conversationInput(r)
		if form["topic"] != in.Topic || len(in.Agreements) != maxAgreements {
			t.Fatalf("the form shown again differs from what was read, or %d agreement rows", len(in.Agreements))
		}
		c, err := in.validate()
		if err != nil {
			return
		}
		if c.ClientID <= 0 || c.Topic == "" || utf8.RuneCountInString(c.Topic) > 200 || !c.FollowUp.After(c.HeldOn) {
			t.Fatalf("accepted client %d, topic %q, held %s, follow-up %s", c.ClientID, c.Topic, c.HeldOn, c.FollowUp)
		}
		views := 0
		for _, byParty := range c.Views {
			for _, v := range byParty {
				if v == "" || utf8.RuneCountInString(v) > 4000 {
					t.Fatalf("accepted view %q", v)
				}
				views++
			}
		}
		if views == 0 {
			t.Fatal("accepted a conversation without any view")
		}
		for _, a := range c.Agreements {
			if a.What == "" && a.Who != "" {
				t.Fatalf("accepted an agreement without what: %+v", a)
			}
		}
	})
}

// FuzzStatusForm feeds the edit page's workflow form arbitrary values:
// decoding never panics and is deterministic, a refusal names the status
// field in Dutch and English, and an accepted step is one of the
// workflow's, with the note as typed.
func FuzzStatusForm(f *testing.F) {
	f.Add("review", "Graag nalezen.")
	f.Add("gepubliceerd", "")
	f.Add("", "x")
	f.Add("ingetrokken", " ")
	f.Add("Concept", "\xff")
	f.Fuzz(func(t *testing.T, status, note string) {
		form := url.Values{"status": {status}, "note": {note}}
		to, n, errs := decodeStatusForm(form)
		to2, n2, errs2 := decodeStatusForm(form)
		if to != to2 || n != n2 || !reflect.DeepEqual(errs, errs2) {
			t.Fatal("decoding is not deterministic")
		}
		testkit.BilingualErrorsAtFields(t, errs, "status")
		if len(errs) > 0 {
			if len(errs) != 1 || to != "" {
				t.Fatalf("refusal %+v of %q", errs, to)
			}
			return
		}
		if _, ok := transitions[to]; !ok || string(to) != status || n != note {
			t.Fatalf("accepted step %q with note %q", to, n)
		}
	})
}

// FuzzSmallEditForms feeds the edit page's two small forms, taking an
// item offline (reason) and throwing a new version away (discard_note),
// arbitrary text: checking never panics and is deterministic, an error
// names the service's field of the text (smallEditForm renames it to the
// form's) in Dutch and English, and an accepted text is trimmed and at most 300 characters,
// a reason never empty.
func FuzzSmallEditForms(f *testing.F) {
	f.Add("De informatie klopt niet meer.")
	f.Add("")
	f.Add("   ")
	f.Add(strings.Repeat("é", 301))
	f.Add(" " + strings.Repeat("a", 300) + " ")
	f.Add("\xff\xfe")
	f.Fuzz(func(t *testing.T, text string) {
		for _, c := range []struct {
			formField, serviceField string
			check                   func(string) (string, []web.FieldError)
			required                bool
		}{{"reason", "reason", checkWithdrawReason, true}, {"discard_note", "note", checkDiscardNote, false}} {
			form := url.Values{c.formField: {text}}
			got, errs := c.check(form.Get(c.formField))
			got2, errs2 := c.check(form.Get(c.formField))
			if got != got2 || !reflect.DeepEqual(errs, errs2) {
				t.Fatal("checking is not deterministic")
			}
			testkit.BilingualErrorsAtFields(t, errs, c.serviceField)
			if len(errs) > 1 {
				t.Fatalf("%s: refusal %+v", c.formField, errs)
			}
			if len(errs) > 0 {
				continue
			}
			if got != strings.TrimSpace(text) || utf8.RuneCountInString(got) > 300 || (c.required && got == "") {
				t.Fatalf("%s: accepted %q", c.formField, got)
			}
		}
	})
}
