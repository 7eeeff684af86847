package knowledge

import (
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/web"
)

func (s *Service) parseTemplates() {
	s.tmpl = map[string]*template.Template{}
	for _, name := range []string{"search", "item", "wegwijzer", "watals", "editor_list", "editor_form"} {
		s.tmpl[name] = s.rd.Parse(templatesFS, "templates/"+name+".html", "templates/parts.html")
	}
	s.convTemplates()
}

// Routes registers the public pages, the editors' pages and the API.
func (s *Service) Routes(rt *web.Router) {
	public := auth.Public()
	editors := auth.RolesWithDuty(auth.DutyEditor, auth.RoleBeheerder)
	rt.HandleFunc("GET /kennis", public, s.handleSearch)
	rt.HandleFunc("GET /kennis/{slug}", public, s.handleItem)
	rt.HandleFunc("GET /kennis/ondertiteling/{slug}", public, s.handleCaptions)
	rt.HandleFunc("GET /naasten/wegwijzer", public, s.handleWegwijzer)
	rt.HandleFunc("GET /naasten/wat-als", public, s.handleWatAls)
	rt.HandleFunc("GET /kennis/redactie", editors, s.handleEditorList)
	rt.HandleFunc("GET /kennis/redactie/nieuw", editors, s.handleNewForm)
	rt.HandleFunc("POST /kennis/redactie/nieuw", editors, s.handleCreate)
	rt.HandleFunc("GET /kennis/redactie/{id}", editors, s.handleEditForm)
	rt.HandleFunc("POST /kennis/redactie/{id}", editors, s.handleUpdate)
	rt.HandleFunc("POST /kennis/redactie/{id}/status", editors, s.handleStatus)
	rt.HandleFunc("POST /kennis/redactie/{id}/offline", editors, s.handleWithdraw)
	rt.HandleFunc("POST /kennis/redactie/{id}/weggooien", editors, s.handleDiscard)
	s.convRoutes(rt)
	s.apiRoutes(rt)
	// The knowledge base is public: in the menu (and on the start page) of
	// an anonymous visitor too, or a relative who has no account never
	// finds it from the front page (issue 14: readable without logging in).
	for _, rule := range []auth.Rule{public, auth.AnyUser()} {
		rt.Nav(web.NavItem{Path: "/kennis", Label: "Kennisbank", English: "Knowledge base", Order: 60, Rule: rule,
			Summary: "Artikelen, vragen, hulpmiddelen, organisaties en verhalen voor naasten en professionals.", SummaryEN: "Articles, questions, tools, organisations and stories for relatives and professionals."})
	}
	// The editors' pages get no menu item: a menu item's rule is a role,
	// and only a beheerder with the redacteur duty may use them. The
	// knowledge base's page links an editor there, as does the start
	// page's task for items past their review date.
}

// flashes are the confirmations after a redirect.
var flashes = map[string]string{
	"aangemaakt":     "Het onderwerp is opgeslagen als concept.",
	"opgeslagen":     "De wijzigingen zijn opgeslagen.",
	"concept":        "Het onderwerp is teruggezet naar concept en staat niet meer op de website.",
	"terug-concept":  "Het onderwerp is teruggezet naar concept. U kunt het verder bewerken en opnieuw ter beoordeling aanbieden.",
	"review":         "Het onderwerp is ter beoordeling aangeboden.",
	"nieuwe-versie":  "De wijzigingen zijn opgeslagen als nieuwe versie (concept). De gepubliceerde versie blijft op de website tot een andere redacteur de nieuwe versie publiceert.",
	"versie-concept": "De nieuwe versie is teruggezet naar concept. De gepubliceerde versie staat nog op de website.",
	"gepubliceerd":   "Het onderwerp is gepubliceerd.",
	"offline":        "Het onderwerp is offline gehaald. Bezoekers lezen nu dat de redactie het heeft weggehaald.",
	"weggegooid":     "De nieuwe versie is weggegooid. Het onderwerp heeft weer de tekst van voor de wijziging.",
	"gesprek":        "Het gesprek is opgeslagen.",
}

// searchView is the search page's data.
type searchView struct {
	Query   Query
	Result  Result
	Facets  []facetView
	Kinds   map[string]string
	Started bool
	// Editor: the reader is an editor (redacteur), and the page links to
	// the editors' pages.
	Editor bool
}

type facetView struct {
	Facet
	Selected string
	Counts   map[string]int
}

func queryFrom(r *http.Request) Query {
	v := r.URL.Query()
	return Query{Text: v.Get("q"), Kind: v.Get(FacetKind), Role: v.Get(FacetRole), LifePhase: v.Get(FacetLifePhase), Trigger: v.Get(FacetTrigger), Theme: v.Get(FacetTheme)}
}

func kindLabels() map[string]string {
	out := map[string]string{}
	f, _ := facetByKey(FacetKind)
	for _, o := range f.Options {
		out[o.Code] = o.Label
	}
	return out
}

func (s *Service) handleSearch(w http.ResponseWriter, r *http.Request) {
	q := queryFrom(r)
	q.Limit = 50
	res, err := s.Search(r.Context(), q)
	page := web.Page{Title: "Kennisbank", Form: map[string]string{"q": q.Text}}
	if fes, ok := web.FieldErrorsOf(err); ok {
		page.Errors = fes
		q = Query{Text: q.Text, Limit: 50}
		res, err = s.Search(r.Context(), q)
	}
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	sel := q.filters()
	var fv []facetView
	for _, f := range Facets() {
		fv = append(fv, facetView{Facet: f, Selected: sel[f.Key], Counts: res.Counts[f.Key]})
	}
	page.Data = searchView{Query: q, Result: res, Facets: fv, Kinds: kindLabels(), Started: r.URL.RawQuery != "", Editor: mayEdit(principal(r))}
	s.rd.Render(w, r, http.StatusOK, s.tmpl["search"], page)
}

// itemView is an item page's data.
type itemView struct {
	Item     Item
	Body     template.HTML
	EasyBody template.HTML
	Related  []Summary
	Tags     []tagGroup
	Kinds    map[string]string
	Cues     []Cue
	Media    bool // the video is a file the browser plays (with the track)
	Overdue  bool
}

// tagGroup is one facet of an item with its values, each a link to the
// search filtered on it.
type tagGroup struct {
	Label  string
	Values []tagView
}

type tagView struct {
	Facet, Code, Value string
}

func tagViews(it Item) []tagGroup {
	var out []tagGroup
	for _, f := range Facets() {
		if f.Key == FacetKind {
			continue
		}
		g := tagGroup{Label: f.Label}
		for _, o := range f.Options {
			for _, c := range it.Tags[f.Key] {
				if c == o.Code {
					g.Values = append(g.Values, tagView{Facet: f.Key, Code: c, Value: o.Label})
				}
			}
		}
		if len(g.Values) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// isMedia reports whether the browser can play the video in the page:
// a video file on this site (the Content-Security-Policy lets media come
// from the site itself only); another site's video is a link, with the
// captions and the transcript on the page.
func isMedia(u string) bool {
	p, err := url.Parse(u)
	if err != nil || !strings.HasPrefix(u, "/") || strings.HasPrefix(u, "//") {
		return false
	}
	l := strings.ToLower(p.Path)
	return strings.HasSuffix(l, ".mp4") || strings.HasSuffix(l, ".webm")
}

func (s *Service) handleItem(w http.ResponseWriter, r *http.Request) {
	it, err := s.Published(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	rel, err := s.Related(r.Context(), it, 6)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	if err := s.CountRead(r.Context(), r, it.ID); err != nil {
		// Counting is for the monitor's reach only; the reader still gets
		// the page.
		s.logger.Warn("knowledge: read not counted", "err", err)
	}
	v := itemView{Item: it, Body: RenderMarkup(it.Body), EasyBody: RenderMarkup(it.EasyBody), Related: rel, Tags: tagViews(it), Kinds: kindLabels(),
		Media: isMedia(it.VideoURL), Overdue: it.Overdue(s.today())}
	if it.Captions != "" {
		v.Cues, _ = ParseVTT(it.Captions)
	}
	// The content is Dutch only: the page title is the item's title in
	// Dutch; in English it names the knowledge base (the layout translates
	// titles, and a title written by an editor has no translation).
	title := it.Title
	if web.LangFromRequest(r) == web.LangEN {
		title = "Kennisbank"
	}
	s.rd.Render(w, r, http.StatusOK, s.tmpl["item"], web.Page{Title: title, Data: v})
}

// handleCaptions serves a video item's WebVTT track.
func (s *Service) handleCaptions(w http.ResponseWriter, r *http.Request) {
	it, err := s.Published(r.Context(), r.PathValue("slug"))
	if err == nil && it.Captions == "" {
		err = notFound()
	}
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/vtt; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write([]byte(it.Captions))
}

// fail renders an error page.
func (s *Service) fail(w http.ResponseWriter, r *http.Request, err error) { s.rd.Fail(w, r, err) }

// principal is the logged-in user (nil on a public page without login).
func principal(r *http.Request) *auth.Principal {
	return auth.FromContext(r.Context())
}
