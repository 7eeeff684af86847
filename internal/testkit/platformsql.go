package testkit

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// platformTable finds a platform table (DESIGN §6: clients, accounts and
// organisations are read through the platform packages' Go API) used in
// SQL: named after FROM, JOIN, INTO or UPDATE, or as a column qualifier.
var platformTable = regexp.MustCompile(`(?i)\b(?:from|join|into|update)\s+(clients|users|organisations)\b|\b(clients|users|organisations)\.[a-z_]+\b`)

// sqlWord tells a string literal that holds SQL from one that is a message.
var sqlWord = regexp.MustCompile(`\b(SELECT|INSERT|UPDATE|DELETE|FROM|JOIN)\b`)

// sqlStatement finds a SQL statement in a string literal.
var sqlStatement = regexp.MustCompile(`(?s)\bSELECT\b.*\bFROM\b|\bINSERT INTO\b|\bUPDATE\s+\w+\s+SET\b|\bDELETE FROM\b|\bSELECT\s+(COUNT|COALESCE|EXISTS)\b`)

// SQLOnlyInStore fails the test for every SQL statement in a string
// literal of dir's non-test Go files outside the files named store*.go: a
// module's store holds all of its SQL, behind one type (DESIGN §6).
func SQLOnlyInStore(t testing.TB, dir string) {
	t.Helper()
	for _, hit := range stringLiterals(t, dir, func(name, s string) bool {
		return !strings.HasPrefix(filepath.Base(name), "store") && sqlStatement.MatchString(s)
	}) {
		t.Errorf("%s: SQL outside the store; move it into a method of the store type in a store*.go file: %s", hit[0], hit[1])
	}
}

// NoPlatformSQL fails the test for every string literal in the non-test Go
// files of dir (a module's package directory) that uses a platform table
// in SQL, so a module's own SQL cannot come to read clients, users or
// organisations again.
func NoPlatformSQL(t testing.TB, dir string) {
	t.Helper()
	for _, hit := range PlatformSQL(t, dir) {
		t.Errorf("%s: SQL on a platform table; read it through the platform package's Go API instead: %s", hit[0], hit[1])
	}
}

// PlatformSQL lists, as (position, literal) pairs, the string literals of
// dir's non-test Go files that use a platform table in SQL.
func PlatformSQL(t testing.TB, dir string) [][2]string {
	t.Helper()
	return stringLiterals(t, dir, func(_, s string) bool { return sqlWord.MatchString(s) && platformTable.MatchString(s) })
}

// stringLiterals lists, as (position, literal) pairs, the string literals
// of dir's non-test Go files (by file name) that match.
func stringLiterals(t testing.TB, dir string, match func(file, lit string) bool) [][2]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var hits [][2]string
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			if match(name, s) {
				hits = append(hits, [2]string{fset.Position(lit.Pos()).String(), strings.Join(strings.Fields(s), " ")})
			}
			return true
		})
	}
	return hits
}
