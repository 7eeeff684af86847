package demo

import (
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/clients"
)

// The national scale wants more clients than the 99999xxxx test block has
// valid numbers (909); before testBSNs looked below it, loading the national
// demo panicked on the 910th client.
func TestTestBSNsNationalScale(t *testing.T) {
	const n = 2500
	bsns := testBSNs(n)
	if len(bsns) != n {
		t.Fatalf("testBSNs(%d) gave %d numbers", n, len(bsns))
	}
	seen := map[clients.BSN]bool{}
	for i, b := range bsns {
		if _, err := clients.ParseBSN(string(b)); err != nil {
			t.Fatalf("number %d, %s, fails the eleven-test: %v", i, b, err)
		}
		if !strings.HasPrefix(string(b), "9999") {
			t.Fatalf("number %d, %s, is outside the 9999xxxxx test numbers", i, b)
		}
		if seen[b] {
			t.Fatalf("number %d, %s, given twice", i, b)
		}
		seen[b] = true
	}
	if !strings.HasPrefix(string(bsns[0]), "99999") || !strings.HasPrefix(string(bsns[908]), "99999") {
		t.Errorf("the 99999xxxx block should come first: %s, %s", bsns[0], bsns[908])
	}
	if strings.HasPrefix(string(bsns[909]), "99999") {
		t.Errorf("number 910, %s, should come from below the 99999xxxx block", bsns[909])
	}
}
