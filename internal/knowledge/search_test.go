package knowledge

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
	"github.com/volwaardig/volwaardig/internal/demo"
)

func slugs(hs []Summary) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = h.Slug
	}
	return out
}

// TestSameHitsOnBothDatabases runs the same queries on SQLite and
// PostgreSQL with the same content: the one Go stemmer makes both find
// the same items (and, with the same index, rank them alike).
func TestSameHitsOnBothDatabases(t *testing.T) {
	lite := newFixture(t, dbtest.SQLite(t, sets()...), true)
	pg := newFixture(t, dbtest.Postgres(t, sets()...), true)
	ctx := context.Background()
	for _, q := range []Query{
		{Text: "zorgtestament"}, {Text: "broers en zussen"}, {Text: "zussen"}, {Text: "mentoren"}, {Text: "logeren -dementie"},
		{Text: "overlijden", Role: RoleSibling}, {Text: "rouw"}, {Theme: ThemeFamily, Kind: KindStory}, {Text: "gesprekken over later"},
		{Text: "pgb beheer", LifePhase: "volwassen"}, {Text: "ondertiteling mentor"},
	} {
		q.Limit = 100
		a, err := lite.s.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		b, err := pg.s.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(slugs(a.Hits), slugs(b.Hits)) {
			t.Errorf("%+v: sqlite %v, postgres %v", q, slugs(a.Hits), slugs(b.Hits))
		}
		if len(a.Hits) == 0 {
			t.Errorf("%+v found nothing", q)
		}
	}
}

// TestSearchStemsRanksAndFilters: an inflected word finds the base form,
// the title weighs most, a minus excludes, filters narrow, and a query of
// stopwords finds nothing rather than everything.
func TestSearchStemsRanksAndFilters(t *testing.T) {
	each(t, true, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		res, err := f.s.Search(ctx, Query{Text: "testamenten", Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(slugs(res.Hits), "wat-regel-ik-in-mijn-testament-voor-mijn-kind-met-een-beperking") {
			t.Errorf("testamenten did not find the testament item: %v", slugs(res.Hits))
		}
		if res.Hits[0].Slug != "wat-regel-ik-in-mijn-testament-voor-mijn-kind-met-een-beperking" {
			t.Errorf("title hit not first: %v", slugs(res.Hits))
		}
		res, _ = f.s.Search(ctx, Query{Text: "zorgtestament", Limit: 100})
		with := len(res.Hits)
		res, _ = f.s.Search(ctx, Query{Text: "zorgtestament -video", Limit: 100})
		if len(res.Hits) != with-1 || slices.Contains(slugs(res.Hits), "video-een-zorgtestament-maken-in-vijf-stappen") {
			t.Errorf("minus did not exclude the video: %d of %d, %v", len(res.Hits), with, slugs(res.Hits))
		}
		res, _ = f.s.Search(ctx, Query{Role: RoleSibling, LifePhase: "puber", Limit: 100})
		for _, h := range res.Hits {
			it, _ := f.s.Published(ctx, h.Slug)
			if !slices.Contains(it.Tags[FacetRole], RoleSibling) || !slices.Contains(it.Tags[FacetLifePhase], "puber") {
				t.Errorf("%s does not carry the filters: %v", h.Slug, it.Tags)
			}
		}
		if res.Counts[FacetKind][KindStory] == 0 {
			t.Errorf("facet counts missing: %v", res.Counts)
		}
		res, _ = f.s.Search(ctx, Query{Text: "de het een", Limit: 100})
		if len(res.Hits) != 0 {
			t.Errorf("stopwords found %d items", len(res.Hits))
		}
		// A draft is never found.
		res, _ = f.s.Search(ctx, Query{Text: "respijtzorg dementie", Limit: 100})
		if slices.Contains(slugs(res.Hits), "respijtzorg-bij-dementie-en-een-verstandelijke-beperking-concept") {
			t.Error("a draft was found")
		}
		if _, err := f.s.Search(ctx, Query{Role: "oom"}); len(fieldsOf(err)) != 1 || fieldsOf(err)[0] != FacetRole {
			t.Errorf("unknown role: %v", err)
		}
		// Find, the API for other modules, gives the same hits.
		got, err := f.s.Find(ctx, Query{Text: "kennisproduct", Kind: KindProduct})
		if err != nil || len(got) < 5 {
			t.Errorf("knowledge products: %v, %v", slugs(got), err)
		}
	})
}

// TestRelatedSharesTags: related items share a tag with the item and
// never include the item itself.
func TestRelatedSharesTags(t *testing.T) {
	each(t, true, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		it, err := f.s.Published(ctx, "broer-of-zus-in-de-puberteit-ruimte-voor-jezelf")
		if err != nil {
			t.Fatal(err)
		}
		rel, err := f.s.Related(ctx, it, 6)
		if err != nil || len(rel) != 6 {
			t.Fatalf("related: %v %v", rel, err)
		}
		for _, r := range rel {
			if r.Slug == it.Slug {
				t.Error("item related to itself")
			}
			o, _ := f.s.Published(ctx, r.Slug)
			shared := false
			for facet, codes := range o.Tags {
				for _, c := range codes {
					shared = shared || slices.Contains(it.Tags[facet], c)
				}
			}
			if !shared {
				t.Errorf("%s shares no tag", r.Slug)
			}
		}
	})
}

// TestDemoContentCoversEveryTag: the demo set has at least 60 published
// items, every value of every facet, each theme with questions, tools,
// organisations and stories, a sibling item in every life phase, five or
// more knowledge products and videos with captions and a transcript.
func TestDemoContentCoversEveryTag(t *testing.T) {
	f := newFixture(t, dbtest.SQLite(t, sets()...), true)
	ctx := context.Background()
	all, err := f.s.published(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) < 60 {
		t.Errorf("%d published items, want at least 60", len(all))
	}
	for _, fc := range Facets() {
		for _, o := range fc.Options {
			res, err := f.s.Search(ctx, Query{Kind: map[bool]string{true: o.Code}[fc.Key == FacetKind], Role: map[bool]string{true: o.Code}[fc.Key == FacetRole],
				LifePhase: map[bool]string{true: o.Code}[fc.Key == FacetLifePhase], Trigger: map[bool]string{true: o.Code}[fc.Key == FacetTrigger], Theme: map[bool]string{true: o.Code}[fc.Key == FacetTheme]})
			if err != nil || res.Total == 0 {
				t.Errorf("no item with %s=%s (%v)", fc.Key, o.Code, err)
			}
		}
	}
	for _, th := range []string{ThemeConversation, ThemePractical, ThemeEmotional, ThemeFamily, ThemeHandOver} {
		v, err := f.s.WatAls(ctx, "", "", th, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Theme.Questions) == 0 || len(v.Theme.Tools) == 0 || len(v.Theme.Orgs) == 0 || len(v.Theme.Stories) == 0 {
			t.Errorf("theme %s: %d questions, %d tools, %d organisations, %d stories", th, len(v.Theme.Questions), len(v.Theme.Tools), len(v.Theme.Orgs), len(v.Theme.Stories))
		}
	}
	path, err := f.s.Wegwijzer(ctx, RoleSibling, "", true)
	if err != nil {
		t.Fatal(err)
	}
	for _, step := range path.Path {
		if len(step.Items) == 0 {
			t.Errorf("siblings' path: nothing for %s", step.Phase.Code)
		}
	}
	res, _ := f.s.Search(ctx, Query{Kind: KindProduct})
	if res.Total < 5 {
		t.Errorf("%d knowledge products", res.Total)
	}
	res, _ = f.s.Search(ctx, Query{Kind: KindVideo})
	for _, h := range res.Hits {
		it, _ := f.s.Published(ctx, h.Slug)
		if _, err := ParseVTT(it.Captions); err != nil || it.Transcript == "" {
			t.Errorf("video %s: captions %v, transcript %q", h.Slug, err, it.Transcript)
		}
	}
	if res.Total < 3 {
		t.Errorf("%d videos", res.Total)
	}
}

// TestDemoNational loads the national scale (the same content plus a year
// of reach counts) on both databases and logs how long it took; the reach
// figure then holds the year.
func TestDemoNational(t *testing.T) {
	each(t, false, func(t *testing.T, f *fixture) {
		w := &demo.World{Scale: demo.National, Users: map[auth.Role]int64{}, Duties: map[string]int64{"redacteur": f.editor.UserID}, Rand: rand.New(rand.NewPCG(3, 4))}
		began := time.Now()
		if err := f.s.loadDemo(context.Background(), w); err != nil {
			t.Fatal(err)
		}
		t.Logf("national knowledge demo loaded in %s", time.Since(began).Round(time.Millisecond))
		fs, err := f.s.Figures(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range fs {
			if x.Key == "knowledge.reach_12m" && x.Value < 365*1000 {
				t.Errorf("reach %d after a year of counts", x.Value)
			}
		}
	})
}
