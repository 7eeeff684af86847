package audit

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestEveryObjectHasALabel walks the product's code for the object codes
// its audit events name and checks that each has Dutch and English words:
// the client's page "wie bekeek mijn gegevens" showed "sleep overview
// bekeken" and "sleep epochs toegevoegd".
func TestEveryObjectHasALabel(t *testing.T) {
	objectLit := regexp.MustCompile(`Object:\s*"([a-z_]+)"`)
	root := filepath.Join("..")
	seen := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range objectLit.FindAllStringSubmatch(string(src), -1) {
			seen++
			if _, ok := objectLabels[m[1]]; !ok {
				t.Errorf("%s: audit object %q has no words for the client's page (objectLabels)", path, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen < 10 {
		t.Fatalf("found only %d object codes: the walk looks in the wrong place", seen)
	}
}

// TestWhoNamesNonPersons guards that a sensor or the system's own jobs
// are told in words, not by their login name.
func TestWhoNamesNonPersons(t *testing.T) {
	for user, want := range map[string]string{"sensor": "Een sensor", "systeem": "Volwaardig zelf (automatisch)"} {
		if got := (Access{UserName: user}).Who(); got != want {
			t.Errorf("Who() of %q = %q, want %q", user, got, want)
		}
	}
	if got := (Access{UserName: "sensor", DisplayName: "Sensor 12"}).Who(); got != "Sensor 12" {
		t.Errorf("a display name wins: %q", got)
	}
}
