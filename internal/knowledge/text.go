package knowledge

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxQueryRunes and maxQueryTerms bound what one search may ask: a query
// is outside input on a public page.
const (
	maxQueryRunes = 200
	maxQueryTerms = 12
	maxTermRunes  = 40
)

// stopwords are the Dutch function words that say nothing about an item;
// they are left out of the index and of queries (a query of stopwords
// only finds nothing, rather than everything).
var stopwords = map[string]bool{
	"de": true, "het": true, "een": true, "en": true, "van": true, "ik": true, "je": true, "te": true, "dat": true, "die": true,
	"in": true, "is": true, "op": true, "voor": true, "met": true, "als": true, "zijn": true, "er": true, "maar": true, "om": true,
	"aan": true, "ook": true, "bij": true, "of": true, "wat": true, "hoe": true, "naar": true, "dan": true, "nog": true,
	"wel": true, "mijn": true, "zo": true, "dit": true, "hij": true, "zij": true, "ze": true, "we": true, "wij": true, "u": true,
	"uw": true, "hem": true, "haar": true, "hun": true, "me": true, "mij": true, "tot": true, "uit": true, "over": true, "door": true,
	"al": true, "was": true, "werd": true, "wordt": true, "worden": true, "deze": true, "heb": true, "heeft": true, "hebben": true,
	"had": true, "ben": true, "bent": true, "zal": true, "zou": true, "kan": true, "kunnen": true, "moet": true, "jij": true, "jouw": true,
	"onze": true, "ons": true, "welke": true, "waar": true, "wanneer": true, "wie": true, "niet": true, "meer": true, "nu": true,
}

// words splits text into lower-case words: runs of letters and digits
// (an apostrophe or hyphen inside a word splits it, so "zorg-testament"
// is found by both "zorg" and "testament").
func words(text string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			out = append(out, b.String())
			b.Reset()
		}
	}
	for _, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		flush()
	}
	flush()
	return out
}

// Terms are the index terms of a text: its words without stopwords,
// stemmed, each with how often it occurs.
func Terms(text string) map[string]int {
	out := map[string]int{}
	for _, w := range words(text) {
		if stopwords[w] || utf8.RuneCountInString(w) > maxTermRunes {
			continue
		}
		out[Stem(w)]++
	}
	return out
}

// ParsedQuery is a search query as the index understands it.
type ParsedQuery struct {
	// Must are the stems an item must all contain (in any field).
	Must []string
	// Not are stems an item must not contain (words written -woord).
	Not []string
	// Words are the words as typed (for "you searched for"), in order.
	Words []string
}

// Empty reports whether the query asks for no words at all (the page then
// lists items by the filters alone).
func (q ParsedQuery) Empty() bool { return len(q.Must) == 0 && len(q.Not) == 0 }

// ParseQuery reads what someone typed in the search box: words, an
// optional minus before a word to leave it out, quotes ignored (every word
// must occur anyway). It never fails: whatever it cannot use it drops,
// and it caps the length and the number of terms, since the query comes
// from anyone on a public page.
func ParseQuery(s string) ParsedQuery {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, " ")
	}
	if utf8.RuneCountInString(s) > maxQueryRunes {
		s = string([]rune(s)[:maxQueryRunes])
	}
	var q ParsedQuery
	seen := map[string]bool{}
	for _, field := range strings.Fields(s) {
		neg := strings.HasPrefix(field, "-")
		for i, w := range words(field) {
			if len(q.Must)+len(q.Not) >= maxQueryTerms {
				return q
			}
			if utf8.RuneCountInString(w) > maxTermRunes {
				continue
			}
			if stopwords[w] {
				continue
			}
			st := Stem(w)
			key := st
			// Only the first word of "-zorg-testament" is negated: the
			// minus belongs to the word it stands before.
			isNot := neg && i == 0
			if isNot {
				key = "-" + st
			}
			if seen[key] {
				continue
			}
			seen[key] = true
			if isNot {
				q.Not = append(q.Not, st)
			} else {
				q.Must = append(q.Must, st)
				q.Words = append(q.Words, w)
			}
		}
	}
	return q
}
