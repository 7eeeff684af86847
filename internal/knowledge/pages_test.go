package knowledge

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/db/dbtest"
)

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// TestPublicPagesWithoutLogin: the knowledge pages and the two tools
// answer without login in Dutch, English and easy-read, with no text
// missing from the English catalog; a wrong filter is a clear error at
// the field, not an empty page.
func TestPublicPagesWithoutLogin(t *testing.T) {
	each(t, true, func(t *testing.T, f *fixture) {
		paths := []string{"/kennis", "/kennis?q=broers+zussen&rol=broer-zus", "/kennis/wie-wordt-mentor-of-curator-als-wij-er-niet-meer-zijn",
			"/kennis/video-een-zorgtestament-maken-in-vijf-stappen", "/kennis/veilig-thuis", "/kennis/mijn-plan-voor-later-voor-clienten",
			"/naasten/wegwijzer", "/naasten/wegwijzer?rol=ouder&fase=peuter", "/naasten/wegwijzer?rol=broer-zus&pad=1",
			"/naasten/wat-als", "/naasten/wat-als?rol=broer-zus&aanleiding=ouder-worden", "/naasten/wat-als?thema=overdragen", "/naasten/wat-als?vraag=mentor"}
		for _, p := range paths {
			for _, suffix := range []string{"", "lang=en", "eenvoudig=1"} {
				target := p
				if suffix != "" {
					if strings.Contains(p, "?") {
						target += "&" + suffix
					} else {
						target += "?" + suffix
					}
				}
				if rec := f.do(t, nil, "GET", target, "", ""); rec.Code != http.StatusOK {
					t.Errorf("GET %s: %d", target, rec.Code)
				}
			}
		}
		f.do(t, f.editor, "GET", "/kennis/redactie?lang=en", "", "")
		f.do(t, f.editor, "GET", "/kennis/redactie/nieuw?lang=en", "", "")
		f.do(t, f.editor, "POST", "/kennis/redactie/nieuw?lang=en", "", formType)
		for _, m := range f.s.rd.Catalog.Missing() {
			t.Errorf("no English translation for %q", m)
		}
		page := f.do(t, nil, "GET", "/naasten/wegwijzer?rol=oom&fase=puber", "", "").Body.String()
		if !strings.Contains(page, "Kies wie u bent: ouder, broer of zus, partner of kind.") || !strings.Contains(page, "error-summary") {
			t.Error("wrong role not named at the field")
		}
		page = f.do(t, nil, "GET", "/naasten/wegwijzer?rol=broer-zus&fase=puber", "", "").Body.String()
		for _, want := range []string{"Broer of zus in de puberteit", "Wat komt hierna", "Jongvolwassen broers en zussen"} {
			if !strings.Contains(page, want) {
				t.Errorf("wegwijzer lacks %q", want)
			}
		}
		if rec := f.do(t, nil, "GET", "/kennis/bestaat-niet", "", ""); rec.Code != http.StatusNotFound {
			t.Errorf("unknown item: %d", rec.Code)
		}
		rec := f.do(t, nil, "GET", "/kennis/ondertiteling/video-een-zorgtestament-maken-in-vijf-stappen", "", "")
		if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/vtt") || !strings.HasPrefix(rec.Body.String(), "WEBVTT") {
			t.Errorf("captions: %d %s", rec.Code, rec.Header().Get("Content-Type"))
		}
	})
}

// TestFiguresFollowDataAndReach: the figures count published items per
// kind and change with publishing; reading an item counts a visitor once
// a day, anonymously, and the roll-up keeps only the count.
func TestFiguresFollowDataAndReach(t *testing.T) {
	each(t, true, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		fig := func() map[string]int {
			fs, err := f.s.Figures(ctx)
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]int{}
			for _, x := range fs {
				out[x.Key] = x.Value
			}
			return out
		}
		before := fig()
		if before["knowledge.items_published"] < 60 || before["knowledge.products"] < 5 || before["knowledge.videos"] < 3 || before["knowledge.articles"] == 0 || before["knowledge.reach_12m"] != 0 {
			t.Errorf("figures %v", before)
		}
		in := validInput()
		in.Kind = KindProduct
		it, err := f.s.Create(ctx, f.editor, in)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.SetStatus(ctx, f.editor, it.ID, StatusReview, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.SetStatus(ctx, f.editor2, it.ID, StatusPublished, ""); err != nil {
			t.Fatal(err)
		}
		after := fig()
		if after["knowledge.items_published"] != before["knowledge.items_published"]+1 || after["knowledge.products"] != before["knowledge.products"]+1 {
			t.Errorf("after publishing: %v", after)
		}
		read := func(addr string) {
			req := "/kennis/" + it.Slug
			r := f.do(t, nil, "GET", req, "", "")
			_ = r
			_ = addr
		}
		read("")
		read("")
		if got := fig()["knowledge.reach_12m"]; got != 1 {
			t.Errorf("reach after two reads by one visitor: %d", got)
		}
		f.clock.Advance(24 * time.Hour)
		f.do(t, nil, "GET", "/kennis/"+it.Slug, "", "")
		if err := f.s.RollUp(ctx); err != nil {
			t.Fatal(err)
		}
		if got := fig()["knowledge.reach_12m"]; got != 2 {
			t.Errorf("reach over two days: %d", got)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM knowledge_reach_seen WHERE day < $1`, f.s.today().Format(time.DateOnly)); n != 0 {
			t.Errorf("%d visitor hashes outlived their day", n)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM knowledge_reach_keys`); n != 1 {
			t.Errorf("%d day keys kept", n)
		}
	})
}

// TestEveryFormMessageTranslated: each message the module's forms can
// show (found in the source as a Dutch literal passed to bad or as a
// FieldError) has an English translation, so an English page never
// falls back to Dutch for an error.
func TestEveryFormMessageTranslated(t *testing.T) {
	en := translations()
	re := regexp.MustCompile(`(?:bad\(.*?, |Message: )"([^"]+)"\s*[,)]`)
	files, _ := filepath.Glob("*.go")
	for _, fn := range files {
		if strings.HasSuffix(fn, "_test.go") {
			continue
		}
		src, err := os.ReadFile(fn)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			if _, ok := en[m[1]]; !ok {
				t.Errorf("%s: no English for %q", fn, m[1])
			}
		}
	}
}

// TestVideoFromAnotherSiteIsALink: the Content-Security-Policy lets media
// come from this site only, so a video on another site is a link (with
// the captions and transcript on the page), and only a file on this site
// is played in the page with its captions track.
func TestVideoFromAnotherSiteIsALink(t *testing.T) {
	if isMedia("https://video.volwaardig.example/x.mp4") || isMedia("//evil.example/x.mp4") || !isMedia("/static/video/x.mp4") || isMedia("/static/video/x.txt") {
		t.Error("isMedia")
	}
	f := newFixture(t, dbtest.SQLite(t, sets()...), true)
	page := f.do(t, nil, "GET", "/kennis/video-een-zorgtestament-maken-in-vijf-stappen", "", "").Body.String()
	if strings.Contains(page, "<video") || !strings.Contains(page, `href="https://video.volwaardig.example/zorgtestament.mp4"`) || !strings.Contains(page, "Uitgeschreven tekst van de video") {
		t.Error("an external video is embedded, or its link or transcript is missing")
	}
}

// TestDemoTitlesFitTheirRoles: an item on the siblings' path does not
// speak to a parent in its title ("als mijn kind ..."), which a sibling
// walking the Wegwijzer read as not meant for them.
func TestDemoTitlesFitTheirRoles(t *testing.T) {
	for _, d := range withProgramme(demoContent()) {
		it, err := d.item()
		if err != nil {
			t.Fatal(err)
		}
		if slices.Contains(it.Tags[FacetRole], "broer-zus") && strings.Contains(strings.ToLower(it.Title), "mijn kind") {
			t.Errorf("%q is on the siblings' path but speaks to a parent", it.Title)
		}
	}
}

// TestEnglishPagesSayTheItemsAreDutch: the items are written in Dutch
// only, so an English reader of the knowledge pages and the two tools is
// told so, and every item title, summary and body is marked lang="nl"
// (a screen reader then reads it as Dutch); the Dutch pages carry no such
// note. Walked as an anonymous English reader: Dutch questions under
// English headings without a word of explanation.
func TestEnglishPagesSayTheItemsAreDutch(t *testing.T) {
	each(t, true, func(t *testing.T, f *fixture) {
		const note = "The articles, questions and stories in the knowledge base are written in Dutch."
		for _, p := range []string{"/kennis?q=mentor", "/kennis/wie-wordt-mentor-of-curator-als-wij-er-niet-meer-zijn",
			"/naasten/wegwijzer?rol=ouder&fase=puber", "/naasten/wat-als", "/naasten/wat-als?thema=overdragen"} {
			en := f.do(t, nil, "GET", p+sep(p)+"lang=en", "", "").Body.String()
			if !strings.Contains(en, note) {
				t.Errorf("%s in English does not say the items are Dutch", p)
			}
			const title = ">Wie wordt mentor of curator als wij er niet meer zijn?<"
			shown, marked := strings.Count(en, title), strings.Count(en, `lang="nl"`+title)
			if shown == 0 || marked != shown {
				t.Errorf("%s in English shows the Dutch title %d times, %d of them marked lang=\"nl\"", p, shown, marked)
			}
			if nl := f.do(t, nil, "GET", p, "", "").Body.String(); strings.Contains(nl, "in het Nederlands geschreven") {
				t.Errorf("%s in Dutch carries the note for English readers", p)
			}
		}
		item := f.do(t, nil, "GET", "/kennis/wie-wordt-mentor-of-curator-als-wij-er-niet-meer-zijn?lang=en", "", "").Body.String()
		for _, want := range []string{`<p class="lead" lang="nl">`, `<div class="kb-body" lang="nl">`} {
			if !strings.Contains(item, want) {
				t.Errorf("item page lacks %s", want)
			}
		}
	})
}

func sep(p string) string {
	if strings.Contains(p, "?") {
		return "&"
	}
	return "?"
}
