package knowledge

import (
	"net/http"
	"strconv"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/web"
)

func (s *Service) apiRoutes(rt *web.Router) {
	api := func(summary string, req, resp any, status int, query ...web.Param) web.Option {
		return web.API(web.Spec{Summary: summary, Tag: "knowledge", Request: req, Response: resp, Status: status, Query: query})
	}
	facetParam := func(name, key string) web.Param {
		f, _ := facetByKey(key)
		var codes []string
		for _, o := range f.Options {
			codes = append(codes, o.Code)
		}
		return web.Param{Name: name, Enum: codes, Description: "Only items with this " + f.English + "."}
	}
	editors := auth.RolesWithDuty(auth.DutyEditor, auth.RoleBeheerder)
	rt.HandleFunc("GET /api/v1/knowledge/items", auth.Public(), s.apiSearch, api("Search the published items (Dutch full text with stemming) with facet counts", nil, searchResponse{}, 0,
		web.Param{Name: "q", Description: "Words to look for; -word leaves items with that word out."},
		facetParam("kind", FacetKind), facetParam("role", FacetRole), facetParam("life_phase", FacetLifePhase), facetParam("trigger", FacetTrigger), facetParam("theme", FacetTheme),
		web.Param{Name: "limit", Type: "integer", Description: "At most this many hits (default 20, at most 100)."}))
	rt.HandleFunc("GET /api/v1/knowledge/items/{slug}", auth.Public(), s.apiItem, api("One published item with its related items", nil, itemResponse{}, 0))
	rt.HandleFunc("GET /api/v1/knowledge/facets", auth.Public(), s.apiFacets, api("The facets and their values", nil, facetsResponse{}, 0))
	rt.HandleFunc("GET /api/v1/knowledge/editor/items", editors, s.apiEditorList, api("Every item in every status, for editors (redacteur)", nil, editorListResponse{}, 0))
	rt.HandleFunc("POST /api/v1/knowledge/editor/items", editors, s.apiCreate, api("Write a new item as a draft (redacteur)", ItemInput{}, itemJSON{}, http.StatusCreated))
	rt.HandleFunc("POST /api/v1/knowledge/editor/items/{id}", editors, s.apiUpdate, api("Change an item's content (redacteur)", ItemInput{}, itemJSON{}, 0))
	rt.HandleFunc("POST /api/v1/knowledge/editor/items/{id}/status", editors, s.apiStatus, api("Move an item through the workflow: concept, review, gepubliceerd (redacteur)", statusRequest{}, itemJSON{}, 0))
	rt.HandleFunc("POST /api/v1/knowledge/editor/items/{id}/withdraw", editors, s.apiWithdraw, api("Take a published item offline with a reason, also while a new version waits (redacteur)", withdrawRequest{}, itemJSON{}, 0))
	rt.HandleFunc("POST /api/v1/knowledge/editor/items/{id}/discard", editors, s.apiDiscard, api("Throw away the new version that waits beside a published item; the published text stays (redacteur)", discardRequest{}, itemJSON{}, 0))
}

// searchResponse is a search in the API.
type searchResponse struct {
	Total  int                       `json:"total"`
	Loose  bool                      `json:"loose"`
	Hits   []Summary                 `json:"hits"`
	Counts map[string]map[string]int `json:"counts"`
}

// itemJSON is an item in the API.
type itemJSON struct {
	ID         int64               `json:"id"`
	Slug       string              `json:"slug"`
	URL        string              `json:"url"`
	Kind       string              `json:"kind"`
	Status     Status              `json:"status"`
	Title      string              `json:"title"`
	Summary    string              `json:"summary"`
	Body       string              `json:"body"`
	BodyHTML   string              `json:"body_html"`
	EasyBody   string              `json:"easy_body"`
	Owner      string              `json:"owner"`
	ReviewBy   string              `json:"review_by"`
	Overdue    bool                `json:"overdue"`
	Source     string              `json:"source"`
	Phone      string              `json:"phone"`
	Website    string              `json:"website"`
	VideoURL   string              `json:"video_url"`
	Captions   string              `json:"captions_url"`
	Transcript string              `json:"transcript"`
	Tags       map[string][]string `json:"tags"`
	Version    int                 `json:"version"`
	UpdatedAt  time.Time           `json:"updated_at"`
	// PublishedVersion is, for a new version of a published item that
	// waits for review, the version the public still reads.
	PublishedVersion int `json:"published_version,omitempty"`
}

func (s *Service) toJSON(it Item) itemJSON {
	j := itemJSON{ID: it.ID, Slug: it.Slug, URL: itemURL(it.Slug), Kind: it.Kind, Status: it.Status, Title: it.Title, Summary: it.Summary, Body: it.Body,
		BodyHTML: string(RenderMarkup(it.Body)), EasyBody: it.EasyBody, Owner: it.Owner, ReviewBy: dateText(it.ReviewBy), Overdue: it.Overdue(s.today()), Source: it.Source,
		Phone: it.Phone, Website: it.Website, VideoURL: it.VideoURL, Transcript: it.Transcript, Tags: map[string][]string{}, Version: it.Version, UpdatedAt: it.UpdatedAt, PublishedVersion: it.LiveVersion}
	for k, v := range it.Tags {
		j.Tags[k] = v
	}
	if it.Captions != "" {
		j.Captions = "/kennis/ondertiteling/" + it.Slug
	}
	return j
}

type itemResponse struct {
	Item    itemJSON  `json:"item"`
	Related []Summary `json:"related"`
}

type facetsResponse struct {
	Facets []facetJSON `json:"facets"`
}

type facetJSON struct {
	Key     string       `json:"key"`
	Label   string       `json:"label"`
	English string       `json:"label_en"`
	Options []optionJSON `json:"options"`
}

type optionJSON struct {
	Code    string `json:"code"`
	Label   string `json:"label"`
	English string `json:"label_en"`
}

type editorListResponse struct {
	Items []editorItemJSON `json:"items"`
}

// editorItemJSON is an item on the editors' list.
type editorItemJSON struct {
	itemJSON
	// YouWrote says the reader helped write it since its last
	// publication, so another editor publishes it (four-eyes principle).
	YouWrote bool `json:"you_wrote"`
}

type statusRequest struct {
	Status Status `json:"status" required:"true"`
	Note   string `json:"note"`
}

// withdrawRequest takes an item offline; the reason is required.
type withdrawRequest struct {
	Reason string `json:"reason" required:"true"`
}

// discardRequest throws a waiting new version away, with an optional note.
type discardRequest struct {
	Note string `json:"note"`
}

func (s *Service) apiFail(w http.ResponseWriter, r *http.Request, err error) {
	web.WriteJSONError(w, r, s.logger, err)
}

func (s *Service) apiSearch(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	q := Query{Text: v.Get("q"), Kind: v.Get("kind"), Role: v.Get("role"), LifePhase: v.Get("life_phase"), Trigger: v.Get("trigger"), Theme: v.Get("theme")}
	if l := v.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > 100 {
			s.apiFail(w, r, web.BadInput("limit", "limit moet een geheel getal van 1 tot en met 100 zijn.", "limit must be a whole number from 1 to 100."))
			return
		}
		q.Limit = n
	}
	res, err := s.Search(r.Context(), q)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	out := searchResponse{Total: res.Total, Loose: res.Loose, Hits: res.Hits, Counts: res.Counts}
	if out.Hits == nil {
		out.Hits = []Summary{}
	}
	web.WriteJSON(w, http.StatusOK, out)
}

func (s *Service) apiItem(w http.ResponseWriter, r *http.Request) {
	it, err := s.Published(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	rel, err := s.Related(r.Context(), it, 6)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	if err := s.CountRead(r.Context(), r, it.ID); err != nil {
		s.logger.Warn("knowledge: read not counted", "err", err)
	}
	web.WriteJSON(w, http.StatusOK, itemResponse{Item: s.toJSON(it), Related: append([]Summary{}, rel...)})
}

func (s *Service) apiFacets(w http.ResponseWriter, r *http.Request) {
	var out facetsResponse
	for _, f := range Facets() {
		fj := facetJSON{Key: f.Key, Label: f.Label, English: f.English}
		for _, o := range f.Options {
			fj.Options = append(fj.Options, optionJSON(o))
		}
		out.Facets = append(out.Facets, fj)
	}
	web.WriteJSON(w, http.StatusOK, out)
}

func (s *Service) apiEditorList(w http.ResponseWriter, r *http.Request) {
	items, mine, err := s.EditorList(r.Context(), principal(r))
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	tags, err := s.store.tagsOf(r.Context(), s.d, idsOf(items))
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	out := editorListResponse{Items: []editorItemJSON{}}
	for _, it := range items {
		if !it.Pending() {
			it.Tags = tags[it.ID]
		}
		out.Items = append(out.Items, editorItemJSON{itemJSON: s.toJSON(it), YouWrote: mine[it.ID]})
	}
	web.WriteJSON(w, http.StatusOK, out)
}

func idsOf(items []Item) []int64 {
	out := make([]int64, len(items))
	for i, it := range items {
		out[i] = it.ID
	}
	return out
}

func (s *Service) apiCreate(w http.ResponseWriter, r *http.Request) {
	var in ItemInput
	if err := web.DecodeJSON(r, &in); err != nil {
		s.apiFail(w, r, err)
		return
	}
	it, err := s.Create(r.Context(), principal(r), in)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusCreated, s.toJSON(it))
}

func (s *Service) apiUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	var in ItemInput
	if err := web.DecodeJSON(r, &in); err != nil {
		s.apiFail(w, r, err)
		return
	}
	it, err := s.Update(r.Context(), principal(r), id, in)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, s.toJSON(it))
}

func (s *Service) apiStatus(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	var in statusRequest
	if err := web.DecodeJSON(r, &in); err != nil {
		s.apiFail(w, r, err)
		return
	}
	if _, ok := transitions[in.Status]; !ok {
		s.apiFail(w, r, web.BadInput("status", "Kies concept, review of gepubliceerd.", "Choose concept, review or gepubliceerd."))
		return
	}
	it, err := s.SetStatus(r.Context(), principal(r), id, in.Status, in.Note)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, s.toJSON(it))
}

func (s *Service) apiWithdraw(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	var in withdrawRequest
	if err := web.DecodeJSON(r, &in); err != nil {
		s.apiFail(w, r, err)
		return
	}
	it, err := s.Withdraw(r.Context(), principal(r), id, in.Reason)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, s.toJSON(it))
}

func (s *Service) apiDiscard(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	var in discardRequest
	if err := web.DecodeJSON(r, &in); err != nil {
		s.apiFail(w, r, err)
		return
	}
	it, err := s.Discard(r.Context(), principal(r), id, in.Note)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, s.toJSON(it))
}
