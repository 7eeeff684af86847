// Package knowledge is the knowledge base of DESIGN §2.5: articles,
// questions and dilemmas, tools, organisations, stories, videos and the
// innovation route's knowledge products, each tagged by role, life phase,
// trigger and theme, with an optional easy-read variant, an owner and a
// review date. It serves the public knowledge pages (/kennis), the two
// public tools for relatives (the Wegwijzer and "Wat als ik het niet meer
// kan?"), the editors' workflow (draft, review, published, with version
// history) and the three-party conversation guide kept per client.
//
// Search is Dutch full text with stemming: one Go stemmer (stem.go) makes
// the stems of the index and of every query, and both databases compare
// stems in the module's own inverted index, so SQLite and PostgreSQL find
// the same items for a query (and here even rank them alike).
//
// Other modules use the base through the exported Find (the module
// contract forbids imports between modules: a consumer declares the
// method in an interface of its own and internal/app wires this service
// in).
package knowledge

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"embed"
	"encoding/hex"
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/web"
)

//go:embed migrations
var migrationsFS embed.FS

//go:embed templates
var templatesFS embed.FS

// Migrations returns the module's schema. It refers to the users and
// clients tables, so it runs after the platform's migrations.
func Migrations() db.Migrations {
	sub, err := fs.Sub(migrationsFS, "migrations")
	if err != nil {
		panic("knowledge: embedded migrations missing: " + err.Error())
	}
	return db.Migrations{Module: "knowledge", FS: sub}
}

// Auditor is the part of the audit log the module uses (the conversation
// guide is client data); *audit.Log implements it.
type Auditor interface {
	Record(ctx context.Context, p *auth.Principal, ev audit.Event) error
	RecordTx(ctx context.Context, tx *sql.Tx, p *auth.Principal, ev audit.Event) error
}

var _ Auditor = (*audit.Log)(nil)

// ClientRegister is the part of the client register the conversation
// guide uses: the picker, names, and the decisions on who reaches a
// client's record. *clients.Service implements it.
type ClientRegister interface {
	Ref(ctx context.Context, clientID int64) (auth.ClientRef, error)
	AuthorityFor(ctx context.Context, p *auth.Principal, clientID int64, subject clients.Subject) (clients.Authority, error)
	Represented(ctx context.Context, p *auth.Principal, subject clients.Subject) ([]clients.Authority, error)
	Find(ctx context.Context, p *auth.Principal, req clients.PickRequest) (clients.Pick, error)
	Names(ctx context.Context, ids []int64) (map[int64]string, error)
}

var _ ClientRegister = (*clients.Service)(nil)

// UserNames names accounts (*auth.Service implements it): the editors in
// the version history and the writers of a conversation.
type UserNames interface {
	DisplayNames(ctx context.Context, ids []int64) (map[int64]string, error)
}

// Deps are what the module is built from. Renderer may be nil for
// store-only use (demo loader, tests of the engine).
type Deps struct {
	DB       *db.DB
	Clock    db.Clock
	Audit    Auditor
	Clients  ClientRegister
	Users    UserNames
	Renderer *web.Renderer
	Logger   *slog.Logger
}

// Service is the knowledge module.
type Service struct {
	d      *db.DB
	store  store
	clock  db.Clock
	aud    Auditor
	reg    ClientRegister
	users  UserNames
	rd     *web.Renderer
	logger *slog.Logger
	tmpl   map[string]*template.Template
	// searches keeps search results while the published items stay the
	// same (searchcache.go).
	searches *searchCache
}

// New builds the module.
func New(deps Deps) (*Service, error) {
	if deps.DB == nil || deps.Audit == nil || deps.Clients == nil || deps.Users == nil {
		return nil, errors.New("knowledge: database, audit log, client register and accounts are required")
	}
	if deps.Clock == nil {
		deps.Clock = db.SystemClock{}
	}
	if deps.Logger == nil {
		deps.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Service{d: deps.DB, store: store{d: deps.DB}, clock: deps.Clock, aud: deps.Audit, reg: deps.Clients, users: deps.Users, rd: deps.Renderer, logger: deps.Logger, searches: &searchCache{}}
	if s.rd != nil {
		s.rd.Catalog.Add(translations())
		s.parseTemplates()
	}
	return s, nil
}

func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Microsecond) }

// today is the calendar day in Amsterdam, as a date at midnight UTC.
func (s *Service) today() time.Time {
	t := s.clock.Now().In(web.Amsterdam())
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// Field weights of the index: a word in the title says more about an
// item than one in its body.
const (
	weightTitle   = 5
	weightSummary = 3
	weightBody    = 1
)

// indexTerms are the stems of an item with their weights: title, summary,
// body, the easy-read variant, a video's transcript and the labels of its
// tags (so "broer" finds the siblings' items).
func indexTerms(it Item) map[string]int {
	out := map[string]int{}
	add := func(text string, w int) {
		for t, n := range Terms(text) {
			out[t] += n * w
		}
	}
	add(it.Title, weightTitle)
	add(it.Summary, weightSummary)
	add(PlainText(it.Body), weightBody)
	add(PlainText(it.EasyBody), weightBody)
	add(it.Transcript, weightBody)
	add(it.Owner, weightBody)
	for facet, codes := range it.Tags {
		for _, c := range codes {
			add(OptionLabel(facet, c), weightBody)
		}
	}
	add(OptionLabel(FacetKind, it.Kind), weightBody)
	return out
}

// Query is a search of the knowledge base: the words typed and one value
// per facet (codes as in Facets), each optional.
type Query struct {
	Text      string
	Kind      string
	Role      string
	LifePhase string
	Trigger   string
	Theme     string
	// Limit caps the hits (0: 20; at most 100).
	Limit int
}

func (q Query) filters() map[string]string {
	return map[string]string{FacetKind: q.Kind, FacetRole: q.Role, FacetLifePhase: q.LifePhase, FacetTrigger: q.Trigger, FacetTheme: q.Theme}
}

// check refuses a filter value that is not a code of its facet, naming
// the field, so a wrong link says so instead of finding nothing.
func (q Query) check() error {
	var errs []web.FieldError
	for key, v := range q.filters() {
		if v != "" && !validOption(key, v) {
			f, _ := facetByKey(key)
			errs = append(errs, web.FieldError{Field: key, Message: "Kies bij ‘" + f.Label + "’ een waarde uit de lijst.", English: "Choose a value from the list for ‘" + f.English + "’."})
		}
	}
	if len(errs) == 0 {
		return nil
	}
	sort.Slice(errs, func(i, j int) bool { return errs[i].Field < errs[j].Field })
	return web.Invalid(errs...)
}

// Result is a search with its hits and the counts per facet value among
// them (for the facet filters).
type Result struct {
	Parsed ParsedQuery
	Hits   []Summary
	Total  int
	// Counts: facet key → code → hits with that value (before the limit).
	Counts map[string]map[string]int
	// Loose is set when no item held every word and the hits hold some.
	Loose bool
}

// Find searches the published items: the exported API for other modules
// (the innovation route's knowledge products, the relatives module's
// pages). Hits are ranked; without words they come in title order.
func (s *Service) Find(ctx context.Context, q Query) ([]Summary, error) {
	r, err := s.Search(ctx, q)
	if err != nil {
		return nil, err
	}
	// A copy: the result is shared with other searches (searchcache.go).
	return slices.Clone(r.Hits), nil
}

// Search is Find with the facet counts, for the search page and the API.
func (s *Service) Search(ctx context.Context, q Query) (Result, error) {
	if err := q.check(); err != nil {
		return Result{}, err
	}
	print, err := s.store.fingerprint(ctx)
	if err != nil {
		return Result{}, err
	}
	if r, ok := s.searches.get(print, q); ok {
		return r, nil
	}
	r, err := s.search(ctx, q)
	if err == nil {
		s.searches.put(print, q, r)
	}
	return r, err
}

// search runs a search on the database. Its result is shared by the
// requests that ask the same while the content stays the same, so it is
// read-only once returned.
func (s *Service) search(ctx context.Context, q Query) (Result, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = 20
	}
	limit = min(limit, 100)
	pq := ParseQuery(q.Text)
	res := Result{Parsed: pq, Counts: map[string]map[string]int{}}
	if strings.TrimSpace(q.Text) != "" && pq.Empty() {
		return res, nil // only stopwords or signs: nothing to look for
	}
	hits, err := s.store.search(ctx, StatusPublished, pq.Must, pq.Not, q.filters())
	if err != nil {
		return Result{}, err
	}
	if len(hits) == 0 && len(pq.Must) > 1 {
		// No item holds every word: rank those holding any of them.
		seen := map[int64]int{}
		for _, t := range pq.Must {
			hs, err := s.store.search(ctx, StatusPublished, []string{t}, pq.Not, q.filters())
			if err != nil {
				return Result{}, err
			}
			for _, h := range hs {
				seen[h.id] += h.score
			}
		}
		for id, sc := range seen {
			hits = append(hits, hit{id: id, score: sc})
		}
		res.Loose = len(hits) > 0
	}
	ids := make([]int64, len(hits))
	for i, h := range hits {
		ids[i] = h.id
	}
	items, err := s.store.summaries(ctx, ids)
	if err != nil {
		return Result{}, err
	}
	tags, err := s.store.tagsOf(ctx, s.d, ids)
	if err != nil {
		return Result{}, err
	}
	// Titles folded once, not twice per comparison of the sort.
	lower := make(map[int64]string, len(items))
	for id, it := range items {
		lower[id] = strings.ToLower(it.Title)
	}
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].score != hits[j].score {
			return hits[i].score > hits[j].score
		}
		a, b := lower[hits[i].id], lower[hits[j].id]
		if a != b {
			return a < b
		}
		return hits[i].id < hits[j].id
	})
	for _, h := range hits {
		it := items[h.id]
		count(res.Counts, FacetKind, it.Kind)
		for facet, codes := range tags[h.id] {
			for _, c := range codes {
				count(res.Counts, facet, c)
			}
		}
	}
	res.Total = len(hits)
	for _, h := range hits[:min(limit, len(hits))] {
		sm := summaryOf(items[h.id])
		sm.Score = h.score
		res.Hits = append(res.Hits, sm)
	}
	return res, nil
}

func count(m map[string]map[string]int, facet, code string) {
	if m[facet] == nil {
		m[facet] = map[string]int{}
	}
	m[facet][code]++
}

// ErrNotFound is the answer for an item that does not exist or is not
// published (for the public).
func notFound() *web.Error {
	return web.NotFound("Dit onderwerp staat niet (meer) in de kennisbank. Zoek op een ander woord op /kennis.",
		"This topic is not (or no longer) in the knowledge base. Search for another word on /kennis.")
}

// Published reads a published item by its slug, with its tags.
func (s *Service) Published(ctx context.Context, slug string) (Item, error) {
	it, err := s.store.itemBySlug(ctx, slug)
	if err == nil && it.Status == StatusWithdrawn {
		// Said plainly: a reader who saved the link learns the page was
		// taken down on purpose, not that the site is broken.
		return Item{}, web.NotFound("De redactie heeft dit onderwerp offline gehaald. Het staat niet meer in de kennisbank. Zoek een ander onderwerp via Kennisbank in het menu.",
			"The editors took this topic offline. It is no longer in the knowledge base. Look for another topic through Knowledge base in the menu.")
	}
	if errors.Is(err, errNoItem) || err == nil && it.Status != StatusPublished {
		return Item{}, notFound()
	}
	return it, err
}

// Related are the published items that share the most tags with it
// (a shared theme counts most, then trigger, role and life phase), the
// item itself left out.
func (s *Service) Related(ctx context.Context, it Item, n int) ([]Summary, error) {
	all, err := s.store.publishedTags(ctx)
	if err != nil {
		return nil, err
	}
	weights := map[string]int{FacetTheme: 3, FacetTrigger: 2, FacetRole: 1, FacetLifePhase: 1}
	type sc struct {
		id    int64
		score int
	}
	var scored []sc
	for id, tags := range all {
		if id == it.ID {
			continue
		}
		score := 0
		for facet, codes := range tags {
			for _, c := range codes {
				for _, mine := range it.Tags[facet] {
					if mine == c {
						score += weights[facet]
					}
				}
			}
		}
		if score > 0 {
			scored = append(scored, sc{id, score})
		}
	}
	sort.Slice(scored, func(i, j int) bool {
		if scored[i].score != scored[j].score {
			return scored[i].score > scored[j].score
		}
		return scored[i].id < scored[j].id
	})
	scored = scored[:min(n, len(scored))]
	ids := make([]int64, len(scored))
	for i, x := range scored {
		ids[i] = x.id
	}
	items, err := s.store.items(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]Summary, 0, len(ids))
	for _, id := range ids {
		out = append(out, summaryOf(items[id]))
	}
	return out, nil
}

// CountRead records that someone read an item, anonymously: the visitor
// is a keyed hash of address and browser with the day's random key, which
// is dropped after the day (rollUp), so nobody can be followed from one
// day to the next and only counts remain.
func (s *Service) CountRead(ctx context.Context, r *http.Request, itemID int64) error {
	day := s.today().Format(time.DateOnly)
	fresh := make([]byte, 32)
	if _, err := rand.Read(fresh); err != nil {
		return err
	}
	key, err := s.store.reachKey(ctx, day, hex.EncodeToString(fresh))
	if err != nil {
		return err
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(host + "\x00" + r.UserAgent()))
	return s.store.markRead(ctx, day, hex.EncodeToString(m.Sum(nil)[:16]), itemID)
}

// RollUp turns the finished days' visitor hashes into counts (the daily
// job).
func (s *Service) RollUp(ctx context.Context) error {
	_, err := s.store.rollUp(ctx, s.today().Format(time.DateOnly))
	return err
}
