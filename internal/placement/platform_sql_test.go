package placement

import (
	"context"
	"database/sql"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
	"github.com/volwaardig/volwaardig/internal/orgs"
)

// platformTableSQL finds SQL that reads or writes a platform table by name
// (DESIGN §3: the platform's tables are read through its packages' API).
var platformTableSQL = regexp.MustCompile(`(?i)\b(FROM|JOIN|UPDATE|INTO)\s+(clients|users|organisations|regions|locations)\b`)

// platformSQLAllowed are files not yet moved to the platform API, each with
// why; none are left.
var platformSQLAllowed = map[string]string{}

// TestNoPlatformTablesInPlacementSQL fails when a non-test Go file of the
// module names the clients, users, organisations, regions or locations
// table in a string literal: names, birth dates and organisation codes come
// from internal/clients, internal/auth and internal/orgs, in one look-up
// per list, not from joins against another package's schema.
func TestNoPlatformTablesInPlacementSQL(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") || platformSQLAllowed[name] != "" {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				s = lit.Value
			}
			if m := platformTableSQL.FindString(s); m != "" {
				t.Errorf("%s: SQL names a platform table (%q): read it through the platform package's API instead", fset.Position(lit.Pos()), m)
			}
			return true
		})
	}
	if checked < 10 {
		t.Fatalf("checked only %d files: run from the package directory", checked)
	}
}

// TestSQLOnlyInStoreFiles fails when a non-test file other than store*.go
// (and the allow-listed files of the helpers still moving theirs) runs a
// statement itself: the store owns the module's SQL (DESIGN §6).
func TestSQLOnlyInStoreFiles(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	run := map[string]bool{"QueryContext": true, "QueryRowContext": true, "ExecContext": true, "Query": true, "QueryRow": true, "Exec": true, "Prepare": true, "PrepareContext": true}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") || strings.HasPrefix(name, "store") || platformSQLAllowed[name] != "" {
			continue
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			// A statement always has arguments; r.URL.Query() has none.
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok && run[sel.Sel.Name] && len(call.Args) > 0 {
				t.Errorf("%s: %s runs SQL outside the store: make it a method on store in a store*.go file", fset.Position(call.Pos()), sel.Sel.Name)
			}
			return true
		})
	}
}

// countingQuerier counts the queries sent to the real database.
type countingQuerier struct {
	db.Querier
	n int
}

func (c *countingQuerier) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	c.n++
	return c.Querier.QueryContext(ctx, q, args...)
}

// The store names clients and providers from the platform packages, one
// look-up per list (not per row), with the same names the join gave.
func TestStoreNamesThroughPlatformLookups(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		if err := orgs.NewStore(d).SetCodes(ctx, d, f.orgA, "41001234", "", ""); err != nil {
			t.Fatal(err)
		}
		var cases []int64
		for i := range 4 {
			cases = append(cases, f.register(t, f.person(i)))
		}
		place := f.place(t, f.orgA, f.locA, 2, nil)
		st := newStore(d)
		q := &countingQuerier{Querier: d}
		cs, err := st.listCases(ctx, q, CaseFilter{Regions: []string{"ZK11"}})
		if err != nil {
			t.Fatal(err)
		}
		if len(cs) != 4 || q.n != 2 {
			t.Fatalf("%d cases in %d queries, want 4 in 2", len(cs), q.n)
		}
		for i, c := range cs {
			if want := "Cliënt " + string(rune('A'+i)); c.Name != want {
				t.Errorf("case %d named %q, want %q", c.CaseID, c.Name, want)
			}
		}
		q.n = 0
		ps, err := st.listPlaces(ctx, q, PlaceFilter{})
		if err != nil || len(ps) != 1 || ps[0].Organisation != "Aanbieder A" || q.n != 2 {
			t.Fatalf("places %+v in %d queries, %v", ps, q.n, err)
		}
		err = d.Tx(ctx, func(tx *sql.Tx) error {
			for _, c := range cases[:3] {
				if _, err := st.insertProposal(ctx, tx, c, place, 0, ProposalOpen, Terms{}, 1, t0); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		q.n = 0
		props, err := st.listProposals(ctx, q, "pp.place_id = $1", place)
		if err != nil || len(props) != 3 || q.n != 3 {
			t.Fatalf("%d proposals in %d queries, %v", len(props), q.n, err)
		}
		for _, p := range props {
			if p.ClientName == "" || !strings.HasPrefix(p.ClientName, "Cliënt ") || p.OrgName != "Aanbieder A" || p.OrgAGB != "41001234" {
				t.Errorf("proposal %+v", p)
			}
		}
		c, err := st.getCase(ctx, d, cases[2], "")
		if err != nil || c.Name != "Cliënt C" {
			t.Errorf("getCase = %q, %v", c.Name, err)
		}
	})
}
