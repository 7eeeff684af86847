package crisis

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// TestRegionLabelNotInParentheses: a region label already carries its code
// in parentheses ("Utrecht (ZK11)"); wrapped in another pair the case page
// read "Crisisbed 1, De Zijlen (Utrecht (ZK11))".
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
