package placement

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestRefusalsHaveTheirEnglish: every fixed refusal the module writes
// (badInput and conflict with a literal message) has its own English, so
// the English pages and API never answer "Not possible:" with Dutch for
// them (issue 11). A new refusal without an English entry fails here.
func TestRefusalsHaveTheirEnglish(t *testing.T) {
	fset := token.NewFileSet()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]*ast.File{}
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files[name] = f
	}
	seen := 0
	for name, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			id, ok := call.Fun.(*ast.Ident)
			if !ok || (id.Name != "badInput" && id.Name != "conflict") || len(call.Args) == 0 {
				return true
			}
			lit, ok := call.Args[len(call.Args)-1].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			nl, err := strconv.Unquote(lit.Value)
			if err != nil {
				t.Fatal(err)
			}
			seen++
			if en := translateDomain(nl); strings.HasPrefix(en, "Not possible: ") {
				t.Errorf("%s:%d: %q has no English", name, fset.Position(lit.Pos()).Line, nl)
			}
			return true
		})
	}
	if seen < 40 {
		t.Errorf("found %d refusals; the test no longer finds the module's messages", seen)
	}
}
