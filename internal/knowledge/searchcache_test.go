package knowledge

import (
	"context"
	"testing"
)

// TestSearchCacheFollowsPublishedContent: a repeated search is answered
// from the cache, and publishing a new version, taking an item offline or
// a change made through another instance (another Service on the same
// database) shows at the next search: nothing is served stale.
func TestSearchCacheFollowsPublishedContent(t *testing.T) {
	each(t, false, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		it := publishedWithNewVersion(t, f)
		q := Query{Text: "vakantie"}
		summary := func(s *Service) string {
			t.Helper()
			res, err := s.Search(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Hits) == 0 {
				return ""
			}
			return res.Hits[0].Summary
		}
		old := summary(f.s)
		if old == "" || old == "Tips voor een reis met uw broer of zus, ook buitenland." {
			t.Fatalf("before publishing the new version the search shows %q", old)
		}
		if _, ok := f.s.searches.results[q]; !ok {
			t.Fatal("the search was not kept")
		}
		if got := summary(f.s); got != old {
			t.Fatalf("the repeated search shows %q, want %q", got, old)
		}
		// Another instance on the same database, with a cache of its own.
		other := &Service{d: f.s.d, store: f.s.store, clock: f.s.clock, aud: f.s.aud, reg: f.s.reg, users: f.s.users, rd: f.s.rd, logger: f.s.logger, searches: &searchCache{}}
		if got := summary(other); got != old {
			t.Fatalf("the other instance shows %q", got)
		}
		if _, err := f.s.SetStatus(ctx, f.editor2, it.ID, StatusPublished, ""); err != nil {
			t.Fatal(err)
		}
		for name, s := range map[string]*Service{"this instance": f.s, "the other instance": other} {
			if got := summary(s); got != "Tips voor een reis met uw broer of zus, ook buitenland." {
				t.Errorf("after publishing the new version %s shows %q", name, got)
			}
		}
		if _, err := f.s.Withdraw(ctx, f.editor, it.ID, "Telefoonnummer klopt niet meer"); err != nil {
			t.Fatal(err)
		}
		for name, s := range map[string]*Service{"this instance": f.s, "the other instance": other} {
			if got := summary(s); got != "" {
				t.Errorf("after taking it offline %s still finds it: %q", name, got)
			}
		}
	})
}
