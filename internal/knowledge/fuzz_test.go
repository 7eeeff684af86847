package knowledge

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParseQuery: whatever anyone types in the public search box, the
// parser neither panics nor exceeds its caps, and every term it keeps is
// a stem of a word of the query (no empty terms, no stopwords).
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"", "zorgtestament", "broers en zussen", "-logeren zorg", `"wie wordt mentor"`, "----", "a-b-c", "\xff\xfe", strings.Repeat("woord ", 100), "ÉÉN één ruïne"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := ParseQuery(s)
		if len(q.Must)+len(q.Not) > maxQueryTerms {
			t.Fatalf("%d terms", len(q.Must)+len(q.Not))
		}
		for _, term := range append(append([]string{}, q.Must...), q.Not...) {
			if term == "" || !utf8.ValidString(term) || utf8.RuneCountInString(term) > maxTermRunes {
				t.Fatalf("bad term %q from %q", term, s)
			}
		}
		for _, w := range q.Words {
			if stopwords[w] {
				t.Fatalf("stopword %q kept", w)
			}
		}
		if len(q.Words) != len(q.Must) {
			t.Fatalf("words %v vs must %v", q.Words, q.Must)
		}
	})
}

var allowedTag = regexp.MustCompile(`^</?(p|h2|h3|ul|ol|li|strong|a)( href="[^"<>]*"( rel="noopener noreferrer")?)?>`)

// FuzzRenderMarkup: an editor's text can only ever become the allowed
// tags; a script, an event handler or a javascript: link stays text.
func FuzzRenderMarkup(f *testing.F) {
	for _, s := range []string{"## Kop\n\n- een\n- twee", "**vet** en [link](https://x.nl)", "<script>alert(1)</script>", "[x](javascript:alert(1))",
		"[x](//evil.example)", "1. a\n2. b", "** open", `"><img src=x onerror=alert(1)>`, "[a](/pad\"onclick=x)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := string(RenderMarkup(s))
		for i := 0; i < len(out); i++ {
			if out[i] != '<' {
				continue
			}
			m := allowedTag.FindString(out[i:])
			if m == "" {
				t.Fatalf("tag outside the allow-list at %d in %q (from %q)", i, out, s)
			}
			if strings.Contains(strings.ToLower(m), "javascript:") {
				t.Fatalf("javascript link %q from %q", m, s)
			}
			i += len(m) - 1
		}
		_ = PlainText(s)
	})
}

// FuzzParseVTT: a pasted captions file is accepted only with valid cues
// (end after start, text present), and nothing panics.
func FuzzParseVTT(f *testing.F) {
	for _, s := range []string{vtt("Hallo", "Dag"), "WEBVTT\n\n00:01.000 --> 00:02.000\nTekst\n", "WEBVTT\n\nNOTE x\n\n1\n00:00:01.000 --> 00:00:00.500\nx", "webvtt", "WEBVTT\n\n99:99:99.999 --> 1", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cues, err := ParseVTT(s)
		if err != nil {
			return
		}
		if len(cues) == 0 {
			t.Fatal("accepted without cues")
		}
		for _, c := range cues {
			if c.End <= c.Start || strings.TrimSpace(c.Text) == "" && c.Text == "" {
				t.Fatalf("bad cue %+v from %q", c, s)
			}
		}
	})
}
