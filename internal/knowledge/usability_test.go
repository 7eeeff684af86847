package knowledge

import (
	"strings"
	"testing"
)

// mainNav is the page's main menu, so a test can tell a menu link from
// a link in the page's own content.
func mainNav(t *testing.T, page string) string {
	t.Helper()
	i := strings.Index(page, `class="main-nav"`)
	if i < 0 {
		t.Fatal("page has no main menu")
	}
	j := strings.Index(page[i:], "</nav>")
	if j < 0 {
		t.Fatal("main menu not closed")
	}
	return page[i : i+j]
}

// TestAnonymousMenuHasKnowledgeBase: the knowledge base is public, so an
// anonymous visitor's menu leads to it (before, only logged-in people had
// the item and a relative without an account could not find it from the
// front page); someone logged in has it once.
func TestAnonymousMenuHasKnowledgeBase(t *testing.T) {
	each(t, false, func(t *testing.T, f *fixture) {
		if nav := mainNav(t, f.do(t, nil, "GET", "/naasten/wegwijzer", "", "").Body.String()); !strings.Contains(nav, `href="/kennis"`) {
			t.Errorf("anonymous menu lacks the knowledge base: %s", nav)
		}
		if n := strings.Count(mainNav(t, f.do(t, f.admin, "GET", "/kennis", "", "").Body.String()), `href="/kennis"`); n != 1 {
			t.Errorf("logged-in menu has the knowledge base %d times", n)
		}
	})
}
