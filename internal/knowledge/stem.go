package knowledge

// Stem reduces a lower-case Dutch word to its stem by the published Dutch
// Snowball algorithm (Porter's Dutch stemmer, "dutch_porter" in Snowball
// 3). The search index and every query go through this one Go function,
// so SQLite (whose FTS5 has no Dutch stemmer) and PostgreSQL (whose
// dutch configuration would stem differently) find the same items for the
// same query: the database only ever compares stems we made.
//
// The steps follow the algorithm's description on the Snowball site: a
// prelude (accents off, i and y between vowels marked as consonants),
// regions R1 and R2, then the suffix steps on the end of the word.
func Stem(word string) string {
	w := []rune(word)
	if len(w) == 0 {
		return word
	}
	w = prelude(w)
	p1, p2 := regions(w)
	st := stemmer{w: w, p1: p1, p2: p2}
	st.standardSuffix()
	for i, r := range st.w {
		switch r {
		case 'Y':
			st.w[i] = 'y'
		case 'I':
			st.w[i] = 'i'
		}
	}
	return string(st.w)
}

// isVowel is the algorithm's v grouping: a e i o u y è. The marked I and
// Y of the prelude are consonants.
func isVowel(r rune) bool {
	switch r {
	case 'a', 'e', 'i', 'o', 'u', 'y', 'è':
		return true
	}
	return false
}

// prelude takes the accents off (ä á ë é ï í ö ó ü ú), marks an initial y
// and a y after a vowel as the consonant Y, and an i between vowels as I.
func prelude(w []rune) []rune {
	out := make([]rune, len(w))
	for i, r := range w {
		switch r {
		case 'ä', 'á':
			r = 'a'
		case 'ë', 'é':
			r = 'e'
		case 'ï', 'í':
			r = 'i'
		case 'ö', 'ó':
			r = 'o'
		case 'ü', 'ú':
			r = 'u'
		}
		out[i] = r
	}
	if out[0] == 'y' {
		out[0] = 'Y'
	}
	// repeat goto (v [('i'] v <- 'I') or ('y'] <- 'Y')): scan for a vowel
	// followed by i+vowel or y; after a match the scan goes on behind it.
	c := 0
	for c < len(out) {
		matched := false
		for s := c; s < len(out); s++ {
			if !isVowel(out[s]) || s+1 >= len(out) {
				continue
			}
			if out[s+1] == 'i' && s+2 < len(out) && isVowel(out[s+2]) {
				out[s+1] = 'I'
				c, matched = s+3, true
				break
			}
			if out[s+1] == 'y' {
				out[s+1] = 'Y'
				c, matched = s+2, true
				break
			}
		}
		if !matched {
			break
		}
	}
	return out
}

// regions finds R1 (after the first non-vowel that follows a vowel, but at
// least three letters in) and R2 (the same again inside R1), as offsets.
func regions(w []rune) (int, int) {
	n := len(w)
	p1, p2 := n, n
	if n < 3 {
		return p1, p2
	}
	past := func(from int) int {
		i := from
		for i < n && !isVowel(w[i]) {
			i++
		}
		for i < n && isVowel(w[i]) {
			i++
		}
		if i >= n {
			return n
		}
		return i + 1
	}
	p1 = past(0)
	if p1 == n {
		return n, n
	}
	p2 = past(p1)
	if p1 < 3 {
		p1 = 3
	}
	return p1, p2
}

type stemmer struct {
	w      []rune
	p1, p2 int
	eFound bool
}

func (s *stemmer) ends(suf string) bool {
	r := []rune(suf)
	if len(r) > len(s.w) {
		return false
	}
	return string(s.w[len(s.w)-len(r):]) == suf
}

// endsAt reports whether the word up to position at ends with suf.
func (s *stemmer) endsAt(at int, suf string) bool {
	r := []rune(suf)
	if len(r) > at {
		return false
	}
	return string(s.w[at-len(r):at]) == suf
}

// nonVowelBefore reports whether the letter before position at is a
// non-vowel (and, with notJ, not a j).
func (s *stemmer) nonVowelBefore(at int, notJ bool) bool {
	if at <= 0 {
		return false
	}
	r := s.w[at-1]
	return !isVowel(r) && !(notJ && r == 'j')
}

func (s *stemmer) cut(n int) { s.w = s.w[:len(s.w)-n] }

// undouble removes the last letter of a final kk, dd or tt.
func (s *stemmer) undouble() {
	if s.ends("kk") || s.ends("dd") || s.ends("tt") {
		s.cut(1)
	}
}

// enEnding deletes a suffix en/ene of length n in R1 after a valid
// en-ending (a non-vowel, not after gem), then undoubles.
func (s *stemmer) enEnding(n int) bool {
	at := len(s.w) - n
	if at < s.p1 || !s.nonVowelBefore(at, false) || s.endsAt(at, "gem") {
		return false
	}
	s.cut(n)
	s.undouble()
	return true
}

// eEnding deletes a final e in R1 after a non-vowel, undoubles, and
// remembers that it did (the bar suffix needs it).
func (s *stemmer) eEnding() bool {
	s.eFound = false
	if !s.ends("e") {
		return false
	}
	at := len(s.w) - 1
	if at < s.p1 || !s.nonVowelBefore(at, false) {
		return false
	}
	s.cut(1)
	s.eFound = true
	s.undouble()
	return true
}

func (s *stemmer) standardSuffix() {
	// Step 1: the longest of heden, ene, en, se, s.
	switch {
	case s.ends("heden"):
		if len(s.w)-5 >= s.p1 {
			s.w = append(s.w[:len(s.w)-5], []rune("heid")...)
		}
	case s.ends("ene"):
		s.enEnding(3)
	case s.ends("en"):
		s.enEnding(2)
	case s.ends("se"):
		if at := len(s.w) - 2; at >= s.p1 && s.nonVowelBefore(at, true) {
			s.cut(2)
		}
	case s.ends("s"):
		if at := len(s.w) - 1; at >= s.p1 && s.nonVowelBefore(at, true) {
			s.cut(1)
		}
	}
	// Step 2: a final e.
	s.eEnding()
	// Step 3a: heid in R2, not after c; then an en before it as in step 1.
	if s.ends("heid") {
		at := len(s.w) - 4
		if at >= s.p2 && !s.endsAt(at, "c") {
			s.cut(4)
			if s.ends("en") {
				s.enEnding(2)
			}
		}
	}
	// Step 3b: the longest of end, ing, ig, lijk, baar, bar.
	switch {
	case s.ends("end"), s.ends("ing"):
		if len(s.w)-3 >= s.p2 {
			s.cut(3)
			if at := len(s.w) - 2; s.ends("ig") && at >= s.p2 && !s.endsAt(at, "e") {
				s.cut(2)
			} else {
				s.undouble()
			}
		}
	case s.ends("ig"):
		if at := len(s.w) - 2; at >= s.p2 && !s.endsAt(at, "e") {
			s.cut(2)
		}
	case s.ends("lijk"):
		if len(s.w)-4 >= s.p2 {
			s.cut(4)
			s.eEnding()
		}
	case s.ends("baar"):
		if len(s.w)-4 >= s.p2 {
			s.cut(4)
		}
	case s.ends("bar"):
		if len(s.w)-3 >= s.p2 && s.eFound {
			s.cut(3)
		}
	}
	// Step 4: undouble a vowel in a final consonant, double vowel,
	// consonant (maan → man), the last consonant not the marked I.
	n := len(s.w)
	if n >= 4 {
		last, a, b, before := s.w[n-1], s.w[n-2], s.w[n-3], s.w[n-4]
		if !isVowel(last) && last != 'I' && a == b && (a == 'a' || a == 'e' || a == 'o' || a == 'u') && !isVowel(before) {
			s.w = append(s.w[:n-2], last)
		}
	}
}
