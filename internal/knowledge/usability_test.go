package knowledge

import (
	"context"
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

// TestEditorsFindItemsWaitingForReview: an item offered for review is on
// the editor's start page as a task and heads the editors' list in its own
// group (before, the start page named only overdue items and the list was
// one alphabetical table of every item, so a reviewer had to read it all
// to find the one waiting); a plain beheerder gets no task.
func TestEditorsFindItemsWaitingForReview(t *testing.T) {
	each(t, false, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		draft := validInput()
		draft.Title, draft.Slug = "Aaa eerst in het alfabet", "aaa-eerst"
		if _, err := f.s.Create(ctx, f.editor, draft); err != nil {
			t.Fatal(err)
		}
		in := validInput()
		in.Title, in.Slug = "Zzz wacht op beoordeling", "zzz-beoordeling"
		it, err := f.s.Create(ctx, f.editor, in)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.SetStatus(ctx, f.editor, it.ID, StatusReview, ""); err != nil {
			t.Fatal(err)
		}
		// Four eyes: the author's start page does not ask her to review
		// her own item; the second editor's does.
		if tasks, err := f.s.Today(ctx, f.editor); err != nil || len(tasks) != 0 {
			t.Errorf("the author is asked to review her own item: %+v %v", tasks, err)
		}
		tasks, err := f.s.Today(ctx, f.editor2)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, task := range tasks {
			if task.Label == "1 onderwerp in de kennisbank wacht op beoordeling" && task.Count == 1 && task.Href == "/kennis/redactie#beoordelen" {
				found = true
			}
		}
		if !found {
			t.Errorf("no review task: %+v", tasks)
		}
		if tasks, _ := f.s.Today(ctx, f.admin); len(tasks) != 0 {
			t.Errorf("plain beheerder has tasks: %+v", tasks)
		}
		page := f.do(t, f.editor, "GET", "/kennis/redactie", "", "").Body.String()
		review, drafts := strings.Index(page, `id="beoordelen"`), strings.Index(page, `id="concepten"`)
		if review < 0 || drafts < 0 {
			t.Fatal("list not grouped by status")
		}
		if z, a := strings.Index(page, "Zzz wacht op beoordeling"), strings.Index(page, "Aaa eerst in het alfabet"); !(review < z && z < drafts && drafts < a) {
			t.Errorf("item in review not in its group at the top: %d %d %d %d", review, z, drafts, a)
		}
	})
}

// TestClientReadsOwnConversations: the client's own conversations page
// says "your conversations" (before: "Gesprekken met Sanne de Vries", the
// client addressed by her own name); her relative reads her name.
func TestClientReadsOwnConversations(t *testing.T) {
	each(t, false, func(t *testing.T, f *fixture) {
		ps := f.people(t)
		page := f.do(t, ps.self, "GET", "/kennis/driegesprek", "", "").Body.String()
		if !strings.Contains(page, "Uw driegesprekken") || strings.Contains(page, "Gesprekken met Sanne de Vries") {
			t.Error("the client is not addressed as herself")
		}
		page = f.do(t, ps.relative, "GET", "/kennis/driegesprek?client="+itoa(ps.client), "", "").Body.String()
		if !strings.Contains(page, "Gesprekken met Sanne de Vries") {
			t.Error("the relative does not read the client's name")
		}
	})
}
