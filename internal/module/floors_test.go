package module

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

const modPath = "github.com/volwaardig/volwaardig/internal/"

// floors places every internal package (by its top directory) on a
// floor of DESIGN §6: the platform below, the module contract above it,
// the modules above that, the application and command line on top.
// A new package must be placed here, which is deciding what it may use.
var floors = map[string]int{
	"db": 0, "keyring": 0, "chart": 0,
	"auth": 1, "orgs": 1, "web": 1, "export": 1, "audit": 1, "notify": 1, "clients": 1, "demo": 1,
	// authweb is the login pages: above auth and web, below the modules;
	// testkit is test support over the platform.
	"authweb": 1, "testkit": 1,
	"module":    2,
	"placement": 3, "crisis": 3, "knowledge": 3, "sleep": 3, "innovation": 3, "relatives": 3, "support": 3, "monitor": 3, "safety": 3,
	"app": 4, "cli": 4,
}

// TestImportFloors reads the imports of every non-test Go file under
// internal/ and checks that dependencies point one way: nothing imports
// a package on a higher floor, and modules do not import each other
// (where one needs another, the consumer declares an interface and
// internal/app wires it). It prints the graph's floors as they stand.
func TestImportFloors(t *testing.T) {
	root := filepath.Join("..")
	edges := map[string]map[string]bool{}
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		from := strings.Split(filepath.ToSlash(rel), "/")[0]
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, imp := range f.Imports {
			p := strings.Trim(imp.Path.Value, `"`)
			if !strings.HasPrefix(p, modPath) {
				continue
			}
			to := strings.Split(strings.TrimPrefix(p, modPath), "/")[0]
			if to == from {
				continue
			}
			if edges[from] == nil {
				edges[from] = map[string]bool{}
			}
			edges[from][to] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if _, ok := floors[e.Name()]; e.IsDir() && !ok {
			t.Errorf("package internal/%s is on no floor: add it to floors", e.Name())
		}
	}
	byFloor := map[int][]string{}
	for from, tos := range edges {
		for to := range tos {
			ff, tf := floors[from], floors[to]
			switch {
			case tf > ff:
				t.Errorf("internal/%s (floor %d) imports internal/%s (floor %d): dependencies must point down", from, ff, to, tf)
			case ff == 3 && tf == 3:
				t.Errorf("module %s imports module %s: declare an interface in the consumer and wire it in internal/app", from, to)
			}
		}
	}
	for p, f := range floors {
		if _, err := os.Stat(filepath.Join(root, p)); err == nil {
			byFloor[f] = append(byFloor[f], p)
		}
	}
	for f := 0; f <= 4; f++ {
		sort.Strings(byFloor[f])
		t.Logf("floor %d: %s", f, strings.Join(byFloor[f], ", "))
	}
}
