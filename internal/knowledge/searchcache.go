package knowledge

import "sync"

// searchCache keeps search results while the published content stays the
// same. The search page (and its facet counts) reads the summaries and tags
// of every published item that matches, for every visitor; the knowledge
// base changes a few times a day. Issue 18's profile put the search at two
// thirds of /kennis.
//
// Whether the published content changed is asked of the database on every
// search (fingerprint: how many items are published and which, the sum of
// their versions weighted by id, and their latest change; publishing,
// withdrawing or a new version of an item changes it), so an edit on another instance
// on the same PostgreSQL empties this instance's cache at its next search,
// and nothing is served stale.
type searchCache struct {
	mu      sync.Mutex
	print   string
	results map[Query]Result
}

// maxCachedSearches bounds the cache: free-text searches are many and
// varied, and a full cache starts again rather than growing.
const maxCachedSearches = 512

// get returns the cached result of q under fingerprint print.
func (c *searchCache) get(print string, q Query) (Result, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.print != print {
		c.print, c.results = print, nil
		return Result{}, false
	}
	r, ok := c.results[q]
	return r, ok
}

// put keeps the result of q computed under fingerprint print, unless the
// content changed meanwhile.
func (c *searchCache) put(print string, q Query, r Result) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.print != print {
		return
	}
	if c.results == nil || len(c.results) >= maxCachedSearches {
		c.results = make(map[Query]Result)
	}
	c.results[q] = r
}
