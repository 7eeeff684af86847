package web

import "testing"

// TestFieldErrorInEnglish: a field error built from data (a count, names)
// cannot be in the catalog, so the handler gives its English beside the
// Dutch; an English page shows that English, at the field and in the
// summary (both go through T), and records no missing translation. Before,
// the English was dropped and the Dutch shown on English pages.
func TestFieldErrorInEnglish(t *testing.T) {
	c := NewCatalog()
	c.Add(map[string]string{"Fout:": "Error:"})
	e := FieldError{Field: "aanbieder", Message: "Er zijn 2 zorgaanbieders met deze naam.", English: "There are 2 care providers with this name."}
	en := Page{Lang: LangEN, Errors: []FieldError{e}, catalog: c}
	if got := en.T(en.ErrorFor("aanbieder")); got != e.English {
		t.Errorf("English page shows %q, want %q", got, e.English)
	}
	if m := c.Missing(); len(m) != 0 {
		t.Errorf("missing translations recorded: %v", m)
	}
	nl := Page{Lang: LangNL, Errors: []FieldError{e}, catalog: c}
	if got := nl.T(nl.ErrorFor("aanbieder")); got != e.Message {
		t.Errorf("Dutch page shows %q, want %q", got, e.Message)
	}
	// A field error without English still goes through the catalog.
	c.Add(map[string]string{"Vul dit in.": "Fill this in."})
	plain := Page{Lang: LangEN, Errors: []FieldError{{Field: "x", Message: "Vul dit in."}}, catalog: c}
	if got := plain.T(plain.ErrorFor("x")); got != "Fill this in." {
		t.Errorf("catalogued error shows %q", got)
	}
}
