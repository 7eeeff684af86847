package knowledge

import "testing"

// TestStemVocabulary checks the stemmer on words of the published
// vocabulary of the Snowball Dutch (Porter) stemmer with the stems its
// reference output gives (snowball-data, dutch_porter). Between them they
// walk every step: heden → heid, en/ene after a valid en-ending with
// undoubling, s/se after a valid s-ending, the final e, heid, the d-
// suffixes end/ing/ig/lijk/baar/bar, the vowel undoubling of step 4, the
// accents of the prelude and the I and Y kept as consonants.
func TestStemVocabulary(t *testing.T) {
	for word, want := range map[string]string{
		"aanbesteding": "aanbested", "aanbestedingen": "aanbested", "aanbiddelijk": "aanbid", "aandachtig": "aandacht",
		"aangenaam": "aangenam", "aanhankelijkheden": "aanhank", "aansprakelijkheid": "aansprak", "baby": "baby",
		"begeleiding": "begeleid", "beperking": "beperk", "beperkingen": "beperk", "bereikbaar": "bereik", "boeken": "boek",
		"broers": "broer", "brood": "brod", "eenzaamheid": "eenzam", "fouten": "fout", "gelukkig": "gelukk", "gemeente": "gemeent",
		"gemeenten": "gemeent", "gesprek": "gesprek", "gesprekken": "gesprek", "geven": "gev", "gevende": "gevend",
		"gezondheid": "gezond", "heden": "heden", "huizen": "huiz", "ideeën": "ideeen", "kinderen": "kinder", "kindje": "kindj",
		"kwaliteit": "kwaliteit", "leeftijd": "leeftijd", "lichamelijke": "licham", "liefde": "liefd", "mogelijkheden": "mogelijk",
		"mooie": "mooi", "opvoeding": "opvoed", "ouder": "ouder", "ouderen": "ouder", "ouders": "ouder", "overlijden": "overlijd",
		"plannen": "plann", "reis": "reis", "reizen": "reiz", "ruïne": "ruin", "verdriet": "verdriet", "verhuizen": "verhuiz",
		"verhuizing": "verhuiz", "vriendelijk": "vriendelijk", "vrijheid": "vrijheid", "vruchtbaarheid": "vruchtbar",
		"wonen": "won", "woning": "woning", "zekerheid": "zeker", "ziekte": "ziekt", "ziektes": "ziektes", "zorg": "zorg",
		"zorgen": "zorg", "zorgende": "zorgend", "aalsmeer": "aalsmer", "aanbieders": "aanbieder", "aangetekend": "aangetek",
		"aanbood": "aanbod", "aanhangig": "aanhang", "aanstellerige": "aansteller", "á": "a", "à": "à",
	} {
		if got := Stem(word); got != want {
			t.Errorf("Stem(%q) = %q, want %q", word, got, want)
		}
	}
}

// TestStemShortAndEmpty: words under three letters have no regions and
// keep their suffixes; the empty word stays empty.
func TestStemShortAndEmpty(t *testing.T) {
	for _, w := range []string{"", "en", "s", "is"} {
		if got := Stem(w); got != w {
			t.Errorf("Stem(%q) = %q", w, got)
		}
	}
}
