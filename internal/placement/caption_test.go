package placement

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// headingThenCaption is a heading followed, with at most a template comment
// or a line between, by a table whose visible caption repeats it.
var headingThenCaption = regexp.MustCompile(`(?s)<h[23][^>]*>([^<]*)</h[23]>(.{0,400}?)<caption>([^<]*)</caption>`)

// TestNoCaptionRepeatsItsHeading: a table right under a heading of the same
// words keeps its caption for screen readers but hides it on screen; the
// provider's proposals page showed "Beantwoorde voorstellen" twice in a row.
func TestNoCaptionRepeatsItsHeading(t *testing.T) {
	files, err := filepath.Glob("templates/*.html")
	if err != nil || len(files) == 0 {
		t.Fatalf("templates: %v (%d files)", err, len(files))
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range headingThenCaption.FindAllStringSubmatch(string(b), -1) {
			if strings.Contains(m[2], "<h") {
				continue // a caption under a later heading
			}
			if strings.TrimSpace(m[1]) == strings.TrimSpace(m[3]) {
				t.Errorf("%s: heading and visible caption both say %s", f, m[1])
			}
		}
	}
}

// TestRegionLabelNotInParentheses: a region label already carries its code
// in parentheses ("Zaanstreek/Waterland (ZK15)"); wrapped in another pair
// the national agenda read "Iris van Leeuwen (Zaanstreek/Waterland (ZK15))".
func TestRegionLabelNotInParentheses(t *testing.T) {
	wrapped := regexp.MustCompile(`\((?:<[^>]*>)?\{\{[^}]*RegionLabel\}\}(?:<[^>]*>)?\)`)
	files, err := filepath.Glob("templates/*.html")
	if err != nil || len(files) == 0 {
		t.Fatalf("templates: %v (%d files)", err, len(files))
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if m := wrapped.FindString(string(b)); m != "" {
			t.Errorf("%s: region label in parentheses: %s", f, m)
		}
	}
}
