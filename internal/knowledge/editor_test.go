package knowledge

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/web"
)

func validInput() ItemInput {
	return ItemInput{Kind: KindArticle, Title: "Vakantie met je broer", Summary: "Tips voor een vakantie samen.", Body: "## Tips\n\n- Plan rust in.", Owner: "Redactie",
		ReviewBy: "01-06-2027", Roles: []string{RoleSibling}, Themes: []string{ThemeFamily}}
}

// TestEditorFormAllErrorsAtOnce: an empty form names every required field
// at once and writes nothing.
func TestEditorFormAllErrorsAtOnce(t *testing.T) {
	each(t, false, func(t *testing.T, f *fixture) {
		_, err := f.s.Create(context.Background(), f.editor, ItemInput{Kind: KindVideo, ReviewBy: "31-02-2027", Roles: []string{"oom"}, Website: "www.x.nl"})
		got := fieldsOf(err)
		for _, want := range []string{"title", "summary", "owner", "review_by", "video_url", "captions", "transcript", "roles", "website"} {
			if !slices.Contains(got, want) {
				t.Errorf("no error for %s: %v", want, got)
			}
		}
		if n := f.count(t, `SELECT COUNT(*) FROM knowledge_items`); n != 0 {
			t.Errorf("%d items written", n)
		}
		rec := f.do(t, f.editor, "POST", "/kennis/redactie/nieuw", "kind=artikel", formType)
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "error-summary") || !strings.Contains(rec.Body.String(), `href="#summary"`) {
			t.Errorf("form: %d, summary missing", rec.Code)
		}
	})
}

// TestScriptInRichTextRefused: HTML in the text and a javascript: link
// are refused with a clear error naming the field, nothing is written;
// and whatever is stored renders without a tag of its own.
func TestScriptInRichTextRefused(t *testing.T) {
	each(t, false, func(t *testing.T, f *fixture) {
		in := validInput()
		in.Body = "Hallo <script>alert(1)</script>"
		in.EasyBody = "[klik](javascript:void)"
		_, err := f.s.Create(context.Background(), f.editor, in)
		got := fieldsOf(err)
		if !slices.Contains(got, "body") || !slices.Contains(got, "easy_body") {
			t.Errorf("fields %v", got)
		}
		if fes, _ := web.FieldErrorsOf(err); len(fes) == 0 || !strings.Contains(fes[0].Message, "HTML is niet toegestaan") {
			t.Errorf("message: %v", fes)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM knowledge_items`); n != 0 {
			t.Errorf("%d items written", n)
		}
		if out := string(RenderMarkup("<script>alert(1)</script> [x](javascript:alert(1))")); strings.Contains(out, "<script") || strings.Contains(out, "href") {
			t.Errorf("rendered %q", out)
		}
	})
}

// TestWorkflowAndHistory walks draft → review → published → draft with
// the version history (who, when, what), and the public sees the item
// only while it is published.
func TestWorkflowAndHistory(t *testing.T) {
	each(t, false, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		it, err := f.s.Create(ctx, f.editor, validInput())
		if err != nil {
			t.Fatal(err)
		}
		if rec := f.do(t, nil, "GET", "/kennis/"+it.Slug, "", ""); rec.Code != http.StatusNotFound {
			t.Errorf("draft public: %d", rec.Code)
		}
		if _, err := f.s.SetStatus(ctx, f.editor, it.ID, StatusPublished, ""); !isConflict(err) {
			t.Errorf("draft straight to published: %v", err)
		}
		if _, err := f.s.SetStatus(ctx, f.editor, it.ID, StatusReview, "klaar"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.SetStatus(ctx, f.editor2, it.ID, StatusPublished, "nagekeken"); err != nil {
			t.Fatal(err)
		}
		if rec := f.do(t, nil, "GET", "/kennis/"+it.Slug, "", ""); rec.Code != http.StatusOK {
			t.Errorf("published public: %d", rec.Code)
		}
		in := validInput()
		in.Title, in.Slug, in.Note = "Op vakantie met je broer of zus", it.Slug, "titel verduidelijkt"
		if _, err := f.s.Update(ctx, f.editor, it.ID, in); err != nil {
			t.Fatal(err)
		}
		for _, step := range []struct {
			p  *auth.Principal
			to Status
		}{{f.editor, StatusReview}, {f.editor2, StatusPublished}} {
			if _, err := f.s.SetStatus(ctx, step.p, it.ID, step.to, ""); err != nil {
				t.Fatal(err)
			}
		}
		res, _ := f.s.Search(ctx, Query{Text: "zus vakantie"})
		if len(res.Hits) != 1 {
			t.Errorf("the changed title is not indexed: %v", slugs(res.Hits))
		}
		_, vs, err := f.s.EditorItem(ctx, f.editor, it.ID)
		if err != nil || len(vs) != 6 {
			t.Fatalf("versions %v %v", vs, err)
		}
		if vs[2].Changes != "nieuwe versie: titel" || vs[2].Note != "titel verduidelijkt" || vs[2].ChangedBy != f.editor.UserID || vs[2].Status != StatusDraft {
			t.Errorf("the edit's version %+v", vs[2])
		}
		rec := f.do(t, f.editor, "POST", "/kennis/redactie/"+itoa(it.ID)+"/status", "status=concept", formType)
		if rec.Code != http.StatusSeeOther {
			t.Errorf("back to draft: %d", rec.Code)
		}
		if rec := f.do(t, nil, "GET", "/kennis/"+it.Slug, "", ""); rec.Code != http.StatusNotFound {
			t.Errorf("back in draft but public: %d", rec.Code)
		}
		page := f.do(t, f.editor, "GET", "/kennis/redactie/"+itoa(it.ID), "", "").Body.String()
		if !strings.Contains(page, "Naam redacteur") || !strings.Contains(page, "titel verduidelijkt") {
			t.Error("history on the page lacks who or what")
		}
	})
}

// TestEditorsOnly: a beheerder without the redacteur duty and every other
// role are refused the editors' pages and API; nothing is written.
func TestEditorsOnly(t *testing.T) {
	each(t, false, func(t *testing.T, f *fixture) {
		if _, err := f.s.Create(context.Background(), f.admin, validInput()); !isForbidden(err) {
			t.Errorf("plain beheerder created: %v", err)
		}
		for _, c := range []struct{ method, path, body, ct string }{
			{"GET", "/kennis/redactie", "", ""}, {"GET", "/kennis/redactie/nieuw", "", ""},
			{"POST", "/kennis/redactie/nieuw", url.Values{"kind": {"artikel"}, "title": {"x"}}.Encode(), formType},
			{"GET", "/api/v1/knowledge/editor/items", "", ""},
			{"POST", "/api/v1/knowledge/editor/items", `{"kind":"artikel","title":"x"}`, "application/json"},
		} {
			if rec := f.do(t, f.admin, c.method, c.path, c.body, c.ct); rec.Code != http.StatusForbidden {
				t.Errorf("%s %s as plain beheerder: %d", c.method, c.path, rec.Code)
			}
		}
		if n := f.count(t, `SELECT COUNT(*) FROM knowledge_items`); n != 0 {
			t.Errorf("%d items written", n)
		}
	})
}

func isConflict(err error) bool {
	var we *web.Error
	return errors.As(err, &we) && we.Code == web.CodeConflict
}

func isForbidden(err error) bool {
	var we *web.Error
	return errors.As(err, &we) && we.Code == web.CodeForbidden
}

// TestNoEditorLinkForOtherBeheerders: a beheerder without the redacteur
// duty is offered no link to the editors' pages (which would answer 403);
// an editor finds them from the knowledge base's page.
func TestNoEditorLinkForOtherBeheerders(t *testing.T) {
	each(t, false, func(t *testing.T, f *fixture) {
		for _, p := range []*auth.Principal{f.admin, f.editor} {
			page := f.do(t, p, "GET", "/kennis", "", "").Body.String()
			has := strings.Contains(page, `href="/kennis/redactie"`)
			if has != (p == f.editor) {
				t.Errorf("%s: link to the editors' pages %v", p.Username, has)
			}
		}
	})
}

// TestFourEyes: an editor may not publish a version she helped write; a
// second editor reviews and publishes it. The page offers the author no
// publish button and says why; a post by hand is refused and writes
// nothing. An edit during review makes its editor an author too, and a
// publication starts the count anew.
func TestFourEyes(t *testing.T) {
	each(t, false, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		it, err := f.s.Create(ctx, f.editor, validInput())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.SetStatus(ctx, f.editor, it.ID, StatusReview, ""); err != nil {
			t.Fatal(err)
		}
		page := f.do(t, f.editor, "GET", "/kennis/redactie/"+itoa(it.ID), "", "").Body.String()
		if strings.Contains(page, `value="gepubliceerd"`) || !strings.Contains(page, "Een andere redacteur beoordeelt en publiceert haar") {
			t.Error("the author is offered to publish her own version")
		}
		if rec := f.do(t, f.editor, "POST", "/kennis/redactie/"+itoa(it.ID)+"/status", "status=gepubliceerd", formType); rec.Code != http.StatusConflict || !strings.Contains(rec.Body.String(), "vier-ogenprincipe") {
			t.Errorf("author publishes by hand: %d", rec.Code)
		}
		if _, vs, _ := f.s.EditorItem(ctx, f.editor, it.ID); len(vs) != 2 || vs[0].Status != StatusReview {
			t.Fatalf("a refused publication wrote a version: %+v", vs)
		}
		page = f.do(t, f.editor2, "GET", "/kennis/redactie/"+itoa(it.ID), "", "").Body.String()
		if !strings.Contains(page, `value="gepubliceerd"`) || strings.Contains(page, "vier-ogenprincipe") {
			t.Error("the second editor is not offered to publish")
		}
		// The reviewer corrects a word during review: now she wrote part
		// of the version, and neither may publish it alone.
		in := validInput()
		in.Summary = "Tips voor een vakantie met uw naaste."
		if _, err := f.s.Update(ctx, f.editor2, it.ID, in); err != nil {
			t.Fatal(err)
		}
		for _, p := range []*auth.Principal{f.editor, f.editor2} {
			if _, err := f.s.SetStatus(ctx, p, it.ID, StatusPublished, ""); !isConflict(err) {
				t.Errorf("%s publishes a version she helped write: %v", p.Username, err)
			}
		}
		// Back to draft and rewritten by the first editor: the second's
		// correction is still part of the text (nothing was published in
		// between), so she may not publish it either.
		if _, err := f.s.SetStatus(ctx, f.editor2, it.ID, StatusDraft, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.Update(ctx, f.editor, it.ID, validInput()); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.SetStatus(ctx, f.editor, it.ID, StatusReview, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.SetStatus(ctx, f.editor2, it.ID, StatusPublished, ""); !isConflict(err) {
			t.Errorf("editor2 wrote part of this text before it was ever published: %v", err)
		}
	})
}

// TestEditOfPublishedItemWaitsForReview: editing a published item makes a
// new draft version; the public (page, search, API) keeps reading the
// published text until the new version has been reviewed and published
// by a second editor. The history shows both versions, the editor's page
// says which one is on the site, and the editors' list marks the items
// the reader wrote.
func TestEditOfPublishedItemWaitsForReview(t *testing.T) {
	each(t, false, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		it, err := f.s.Create(ctx, f.editor, validInput())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.SetStatus(ctx, f.editor, it.ID, StatusReview, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.SetStatus(ctx, f.editor2, it.ID, StatusPublished, ""); err != nil {
			t.Fatal(err)
		}
		publicSees := func(want string) {
			t.Helper()
			page := f.do(t, nil, "GET", "/kennis/"+it.Slug, "", "").Body.String()
			if !strings.Contains(page, want) {
				t.Errorf("the public page does not read %q", want)
			}
			api := f.do(t, nil, "GET", "/api/v1/knowledge/items/"+it.Slug, "", "").Body.String()
			if !strings.Contains(api, want) {
				t.Errorf("the API does not read %q", want)
			}
		}
		in := validInput()
		in.Slug, in.Summary, in.Note = it.Slug, "Tips voor een reis met uw broer of zus, ook buitenland.", "reis erbij"
		rec := f.do(t, f.editor, "POST", "/kennis/redactie/"+itoa(it.ID), formOf(in), formType)
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("edit: %d %s", rec.Code, rec.Body)
		}
		publicSees("Tips voor een vakantie samen.")
		if res, _ := f.s.Search(ctx, Query{Text: "buitenland"}); len(res.Hits) != 0 {
			t.Errorf("the unpublished text is found: %v", slugs(res.Hits))
		}
		work, vs, err := f.s.EditorItem(ctx, f.editor, it.ID)
		if err != nil {
			t.Fatal(err)
		}
		if work.Status != StatusDraft || work.Summary != in.Summary || work.LiveVersion != 3 || work.Version != 4 {
			t.Errorf("the editor's version: %s %q live %d version %d", work.Status, work.Summary, work.LiveVersion, work.Version)
		}
		if len(vs) != 4 || vs[0].Status != StatusDraft || vs[1].Status != StatusPublished {
			t.Errorf("history %+v", vs)
		}
		page := f.do(t, f.editor, "GET", "/kennis/redactie/"+itoa(it.ID), "", "").Body.String()
		for _, want := range []string{"Op de website staat nog versie 3", "Staat op de website", "Nieuwe versie", "ook buitenland", `value="review"`} {
			if !strings.Contains(page, want) {
				t.Errorf("editor's page lacks %q", want)
			}
		}
		// The author sends it for review; she may not publish it, the
		// list marks it as hers for her and not for the second editor.
		if _, err := f.s.SetStatus(ctx, f.editor, it.ID, StatusReview, ""); err != nil {
			t.Fatal(err)
		}
		publicSees("Tips voor een vakantie samen.")
		if _, err := f.s.SetStatus(ctx, f.editor, it.ID, StatusPublished, ""); !isConflict(err) {
			t.Errorf("the author publishes her own new version: %v", err)
		}
		for _, c := range []struct {
			p    *auth.Principal
			mine bool
		}{{f.editor, true}, {f.editor2, false}} {
			list := f.do(t, c.p, "GET", "/kennis/redactie", "", "").Body.String()
			review := list[strings.Index(list, `id="beoordelen"`):]
			if !strings.Contains(review, "Vakantie met je broer") || !strings.Contains(review, "de gepubliceerde staat nog online") {
				t.Errorf("%s: the new version is not waiting for review on the list", c.p.Username)
			}
			if got := strings.Contains(review, "<strong class=\"tag\">Door u geschreven"); got != c.mine {
				t.Errorf("%s: marked as hers %v", c.p.Username, got)
			}
		}
		if n, _ := f.s.ReviewCountFor(ctx, f.editor2); n != 1 {
			t.Errorf("the second editor has %d items to review", n)
		}
		if _, err := f.s.SetStatus(ctx, f.editor2, it.ID, StatusPublished, "gecontroleerd"); err != nil {
			t.Fatal(err)
		}
		publicSees("ook buitenland")
		if res, _ := f.s.Search(ctx, Query{Text: "buitenland"}); len(res.Hits) != 1 {
			t.Errorf("the published text is not found: %v", slugs(res.Hits))
		}
		if n := f.count(t, `SELECT COUNT(*) FROM knowledge_revisions`); n != 0 {
			t.Errorf("%d revisions left after publication", n)
		}
		if live, _, _ := f.s.EditorItem(ctx, f.editor, it.ID); live.Status != StatusPublished || live.Version != 6 || live.Pending() {
			t.Errorf("after publication: %s version %d pending %v", live.Status, live.Version, live.Pending())
		}
	})
}

// formOf is an item as the editor's form posts it.
func formOf(in ItemInput) string {
	v := url.Values{"kind": {in.Kind}, "title": {in.Title}, "slug": {in.Slug}, "summary": {in.Summary}, "body": {in.Body}, "owner": {in.Owner},
		"review_by": {in.ReviewBy}, "roles": in.Roles, "themes": in.Themes, "note": {in.Note}}
	return v.Encode()
}

// publishedWithNewVersion makes an item published by the second editor
// with a new version by the first one waiting in review beside it.
func publishedWithNewVersion(t *testing.T, f *fixture) Item {
	t.Helper()
	ctx := context.Background()
	it, err := f.s.Create(ctx, f.editor, validInput())
	if err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct {
		p  *auth.Principal
		to Status
	}{{f.editor, StatusReview}, {f.editor2, StatusPublished}} {
		if _, err := f.s.SetStatus(ctx, step.p, it.ID, step.to, ""); err != nil {
			t.Fatal(err)
		}
	}
	in := validInput()
	in.Slug, in.Summary = it.Slug, "Tips voor een reis met uw broer of zus, ook buitenland."
	if _, err := f.s.Update(ctx, f.editor, it.ID, in); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.SetStatus(ctx, f.editor, it.ID, StatusReview, ""); err != nil {
		t.Fatal(err)
	}
	return it
}

// TestWithdrawWhileNewVersionWaits: while a new version waits for review,
// an editor takes the published item offline with a reason (none: the
// error at the field, nothing changes). The public page and the API then
// say plainly it was taken offline (404), search no longer finds it, the
// history and the audit log hold the step and the reason; the new version
// stays, and once a second editor publishes it the item is back online.
func TestWithdrawWhileNewVersionWaits(t *testing.T) {
	each(t, false, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		it := publishedWithNewVersion(t, f)
		page := f.do(t, f.editor2, "GET", "/kennis/redactie/"+itoa(it.ID), "", "").Body.String()
		if !strings.Contains(page, `action="/kennis/redactie/`+itoa(it.ID)+`/offline"`) || !strings.Contains(page, `action="/kennis/redactie/`+itoa(it.ID)+`/weggooien"`) {
			t.Fatal("the editor's page offers no taking offline or throwing away while the new version waits")
		}
		rec := f.do(t, f.editor2, "POST", "/kennis/redactie/"+itoa(it.ID)+"/offline", "reason=+", formType)
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `href="#reason"`) || !strings.Contains(rec.Body.String(), `id="reason-fout"`) {
			t.Errorf("no reason: %d, error not at the field", rec.Code)
		}
		if rec := f.do(t, nil, "GET", "/kennis/"+it.Slug, "", ""); rec.Code != http.StatusOK {
			t.Fatalf("offline without a reason: %d", rec.Code)
		}
		rec = f.do(t, f.editor2, "POST", "/kennis/redactie/"+itoa(it.ID)+"/offline", "reason=Telefoonnummer+klopt+niet+meer", formType)
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("take offline: %d %s", rec.Code, rec.Body)
		}
		for _, target := range []string{"/kennis/" + it.Slug, "/api/v1/knowledge/items/" + it.Slug} {
			rec := f.do(t, nil, "GET", target, "", "")
			if rec.Code != http.StatusNotFound || !strings.Contains(rec.Body.String(), "offline gehaald") {
				t.Errorf("%s after taking offline: %d %.200s", target, rec.Code, rec.Body)
			}
		}
		if res, _ := f.s.Search(ctx, Query{Text: "vakantie"}); len(res.Hits) != 0 {
			t.Errorf("search still finds it: %v", slugs(res.Hits))
		}
		_, vs, err := f.s.EditorItem(ctx, f.editor, it.ID)
		if err != nil {
			t.Fatal(err)
		}
		if vs[0].Changes != "status: offline gehaald" || vs[0].Note != "Telefoonnummer klopt niet meer" || vs[0].ChangedBy != f.editor2.UserID {
			t.Errorf("history: %+v", vs[0])
		}
		var logged bool
		for _, ev := range f.aud.Events() {
			if ev.Object == "knowledge_item" && ev.ObjectID == itoa(it.ID) && ev.Reason == "Telefoonnummer klopt niet meer" {
				logged = true
			}
		}
		if !logged {
			t.Error("taking offline is not in the audit log")
		}
		page = f.do(t, f.editor, "GET", "/kennis/redactie/"+itoa(it.ID), "", "").Body.String()
		for _, want := range []string{"offline gehaald en staat niet op de website", "Telefoonnummer klopt niet meer", "ook buitenland"} {
			if !strings.Contains(page, want) {
				t.Errorf("editor's page lacks %q", want)
			}
		}
		if strings.Contains(page, `/offline"`) || strings.Contains(page, "Bekijk op de website") {
			t.Error("an offline item still offers taking offline or a link to the site")
		}
		list := f.do(t, f.editor2, "GET", "/kennis/redactie", "", "").Body.String()
		if !strings.Contains(list, "het onderwerp is offline gehaald") {
			t.Error("the list does not say the new version's item is offline")
		}
		if _, err := f.s.Withdraw(ctx, f.editor2, it.ID, "nogmaals"); !isConflict(err) {
			t.Errorf("taking offline twice: %v", err)
		}
		if _, err := f.s.Withdraw(ctx, f.admin, it.ID, "x"); !isForbidden(err) {
			t.Errorf("a plain beheerder takes offline: %v", err)
		}
		// The waiting version is still the first editor's: she may not
		// publish it; the second editor does, and the item is back.
		if _, err := f.s.SetStatus(ctx, f.editor, it.ID, StatusPublished, ""); !isConflict(err) {
			t.Errorf("the author publishes her own version: %v", err)
		}
		if _, err := f.s.SetStatus(ctx, f.editor2, it.ID, StatusPublished, ""); err != nil {
			t.Fatal(err)
		}
		if rec := f.do(t, nil, "GET", "/kennis/"+it.Slug, "", ""); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "ook buitenland") {
			t.Errorf("after publishing the new version: %d", rec.Code)
		}
		// The API takes it offline too, and asks for the reason.
		rec = f.do(t, f.editor, "POST", "/api/v1/knowledge/editor/items/"+itoa(it.ID)+"/withdraw", `{"reason":""}`, "application/json")
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "reason") {
			t.Errorf("API without a reason: %d %s", rec.Code, rec.Body)
		}
		rec = f.do(t, f.editor, "POST", "/api/v1/knowledge/editor/items/"+itoa(it.ID)+"/withdraw", `{"reason":"verouderd"}`, "application/json")
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"status": "offline"`) {
			t.Errorf("API: %d %s", rec.Code, rec.Body)
		}
	})
}

// TestDiscardNewVersion: the new version waiting beside a published item
// is thrown away; the published text stays on the site and in the
// editor's form, nothing waits any more, the history says so (keeping
// the thrown-away text's snapshot), and a next edit starts afresh with a
// number of its own. Without a waiting version there is nothing to throw
// away (409).
func TestDiscardNewVersion(t *testing.T) {
	each(t, false, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		it := publishedWithNewVersion(t, f)
		rec := f.do(t, f.editor, "POST", "/kennis/redactie/"+itoa(it.ID)+"/weggooien", "discard_note=toch+niet", formType)
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("throw away: %d %s", rec.Code, rec.Body)
		}
		page := f.do(t, nil, "GET", "/kennis/"+it.Slug, "", "")
		if page.Code != http.StatusOK || !strings.Contains(page.Body.String(), "Tips voor een vakantie samen.") {
			t.Errorf("the published text is gone: %d", page.Code)
		}
		work, vs, err := f.s.EditorItem(ctx, f.editor, it.ID)
		if err != nil {
			t.Fatal(err)
		}
		if work.Pending() || work.Status != StatusPublished || work.Summary != "Tips voor een vakantie samen." {
			t.Errorf("after throwing away: %s pending %v %q", work.Status, work.Pending(), work.Summary)
		}
		if vs[0].Changes != "nieuwe versie weggegooid" || vs[0].Note != "toch niet" || vs[0].Version != work.Version {
			t.Errorf("history: %+v (item version %d)", vs[0], work.Version)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM knowledge_versions WHERE item_id = $1 AND snapshot LIKE '%ook buitenland%'`, it.ID); n == 0 {
			t.Error("the thrown-away text is not kept in the history")
		}
		if n := f.count(t, `SELECT COUNT(*) FROM knowledge_revisions`); n != 0 {
			t.Errorf("%d revisions left", n)
		}
		if _, err := f.s.Discard(ctx, f.editor, it.ID, ""); !isConflict(err) {
			t.Errorf("throwing away with nothing waiting: %v", err)
		}
		// The author of the thrown-away version is no author of what is
		// published: a new edit by the second editor may be published by
		// the first.
		in := validInput()
		in.Slug, in.Title = it.Slug, "Vakantie met je broer of zus"
		if _, err := f.s.Update(ctx, f.editor2, it.ID, in); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.SetStatus(ctx, f.editor2, it.ID, StatusReview, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.SetStatus(ctx, f.editor, it.ID, StatusPublished, ""); err != nil {
			t.Errorf("the first editor publishes the second one's version: %v", err)
		}
		if rec := f.do(t, nil, "GET", "/kennis/"+it.Slug, "", ""); !strings.Contains(rec.Body.String(), "Vakantie met je broer of zus") {
			t.Error("the new title is not on the site")
		}
	})
}

// TestTagOrderIsNoChange: the same labels in another order (the form
// posts them in the facet's order, the demo stored them otherwise) are
// not reported as a change in the history.
func TestTagOrderIsNoChange(t *testing.T) {
	a, b := Item{Tags: map[string][]string{FacetTheme: {ThemeHandOver, ThemeEmotional}}}, Item{Tags: map[string][]string{FacetTheme: {ThemeEmotional, ThemeHandOver}}}
	if got := changedFields(a, b); got != "niets gewijzigd" {
		t.Errorf("reordered labels: %q", got)
	}
	b.Tags[FacetTheme] = []string{ThemeEmotional}
	if got := changedFields(a, b); got != "labels" {
		t.Errorf("a label taken off: %q", got)
	}
}

// TestBackToDraftSaysWhatHappened: setting an item back to draft says it
// left the website only when it was on it; an item taken back from review
// was never public, and its editor reads what to do next instead.
func TestBackToDraftSaysWhatHappened(t *testing.T) {
	each(t, false, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		it, err := f.s.Create(ctx, f.editor, validInput())
		if err != nil {
			t.Fatal(err)
		}
		back := func() string {
			rec := f.do(t, f.editor, "POST", "/kennis/redactie/"+itoa(it.ID)+"/status", "status=concept", formType)
			if rec.Code != http.StatusSeeOther {
				t.Fatalf("back to draft: %d", rec.Code)
			}
			return f.do(t, f.editor, "GET", rec.Header().Get("Location"), "", "").Body.String()
		}
		if _, err := f.s.SetStatus(ctx, f.editor, it.ID, StatusReview, ""); err != nil {
			t.Fatal(err)
		}
		page := back()
		if strings.Contains(page, "staat niet meer op de website") || !strings.Contains(page, "U kunt het verder bewerken en opnieuw ter beoordeling aanbieden.") {
			t.Error("an item taken back from review is said to have left the website")
		}
		for _, step := range []struct {
			p  *auth.Principal
			to Status
		}{{f.editor, StatusReview}, {f.editor2, StatusPublished}} {
			if _, err := f.s.SetStatus(ctx, step.p, it.ID, step.to, ""); err != nil {
				t.Fatal(err)
			}
		}
		if page := back(); !strings.Contains(page, "Het onderwerp is teruggezet naar concept en staat niet meer op de website.") {
			t.Error("a published item set back to draft does not say it left the website")
		}
	})
}

// TestOversizedCaptionsRefusedAtTheirField: the issue's "oversized
// uploads": captions past 200 kB are refused with a message at the
// captions field, beside the form's other errors, and nothing is written.
func TestOversizedCaptionsRefusedAtTheirField(t *testing.T) {
	each(t, false, func(t *testing.T, f *fixture) {
		lines := make([]string, 0, 6000)
		for i := range 6000 {
			lines = append(lines, fmt.Sprintf("Regel %d van een heel lange video", i))
		}
		in := validInput()
		in.Kind, in.VideoURL, in.Transcript, in.Captions = KindVideo, "https://www.youtube.com/watch?v=abc", "De tekst van de video.", vtt(lines...)
		in.Owner = ""
		if len(in.Captions) <= maxCaptionBytes {
			t.Fatalf("captions of %d bytes are not oversized", len(in.Captions))
		}
		_, err := f.s.Create(context.Background(), f.editor, in)
		fes, _ := web.FieldErrorsOf(err)
		var captions, owner bool
		for _, fe := range fes {
			captions = captions || fe.Field == "captions" && strings.Contains(fe.Message, "te groot")
			owner = owner || fe.Field == "owner"
		}
		if !captions || !owner {
			t.Errorf("errors %v: want the captions' size and the owner at once", fes)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM knowledge_items`); n != 0 {
			t.Errorf("%d items written", n)
		}
	})
}
