package knowledge

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/volwaardig/volwaardig/internal/web"
)

// editorFormView is the editor's form: the item (empty when new), its
// history, the facets to tick and the statuses it may move to.
type editorFormView struct {
	Item     Item
	New      bool
	Versions []versionView
	Facets   []editFacet
	Kinds    []Option
	Checked  map[string]map[string]bool
	Next     []Status
	Overdue  bool
	// OwnWork says the reader helped write the version under review: the
	// four-eyes principle leaves its publication to another editor.
	OwnWork bool
	// LiveVersion is the version the public reads (0 when the item is
	// not on the site); PublicSlug its address there.
	LiveVersion int
	PublicSlug  string
}

// editFacet is a facet's checkboxes with the form field they post as.
type editFacet struct {
	Facet
	Field string
}

type versionView struct {
	Version
	By string
}

func inputFromForm(r *http.Request) ItemInput {
	f := r.PostForm
	return ItemInput{Kind: f.Get("kind"), Title: f.Get("title"), Slug: f.Get("slug"), Summary: f.Get("summary"), Body: f.Get("body"), EasyBody: f.Get("easy_body"),
		Owner: f.Get("owner"), ReviewBy: f.Get("review_by"), Source: f.Get("source"), Phone: f.Get("phone"), Website: f.Get("website"),
		VideoURL: f.Get("video_url"), Captions: f.Get("captions"), Transcript: f.Get("transcript"),
		Roles: f["roles"], Phases: f["life_phases"], Triggers: f["triggers"], Themes: f["themes"], Note: f.Get("note")}
}

func formValues(in ItemInput) map[string]string {
	return map[string]string{"kind": in.Kind, "title": in.Title, "slug": in.Slug, "summary": in.Summary, "body": in.Body, "easy_body": in.EasyBody,
		"owner": in.Owner, "review_by": in.ReviewBy, "source": in.Source, "phone": in.Phone, "website": in.Website, "video_url": in.VideoURL,
		"captions": in.Captions, "transcript": in.Transcript, "note": in.Note}
}

func itemValues(it Item) map[string]string {
	review := ""
	if !it.ReviewBy.IsZero() {
		review = it.ReviewBy.Format("02-01-2006")
	}
	return map[string]string{"kind": it.Kind, "title": it.Title, "slug": it.Slug, "summary": it.Summary, "body": it.Body, "easy_body": it.EasyBody,
		"owner": it.Owner, "review_by": review, "source": it.Source, "phone": it.Phone, "website": it.Website, "video_url": it.VideoURL,
		"captions": it.Captions, "transcript": it.Transcript}
}

func checkedOf(roles, phases, triggers, themes []string) map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for facet, vs := range map[string][]string{FacetRole: roles, FacetLifePhase: phases, FacetTrigger: triggers, FacetTheme: themes} {
		out[facet] = map[string]bool{}
		for _, v := range vs {
			out[facet][v] = true
		}
	}
	return out
}

func (s *Service) handleEditorList(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	items, mine, err := s.EditorList(r.Context(), p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	overdue := 0
	today := s.today()
	for _, it := range items {
		if it.Overdue(today) {
			overdue++
		}
	}
	s.rd.Render(w, r, http.StatusOK, s.tmpl["editor_list"], web.Page{Title: "Redactie kennisbank", Flash: web.Flash(r, flashes),
		Data: map[string]any{"Groups": editorGroups(items), "Kinds": kindLabels(), "Today": today, "Overdue": overdue, "Mine": mine}})
}

// editorGroup is one status's items on the editors' list.
type editorGroup struct {
	ID, Title string
	Items     []Item
}

// editorGroups splits the list by status, the items waiting for review
// first and the drafts next: those are the editors' work, and in one
// alphabetical list of some seventy items they were hard to find. An
// empty group is left out.
func editorGroups(items []Item) []editorGroup {
	groups := []editorGroup{{ID: "beoordelen", Title: "Wacht op beoordeling"}, {ID: "concepten", Title: "Concepten"}, {ID: "gepubliceerd", Title: "Gepubliceerd"}}
	at := map[Status]int{StatusReview: 0, StatusDraft: 1, StatusPublished: 2}
	for _, it := range items {
		i, ok := at[it.Status]
		if !ok {
			i = 1
		}
		groups[i].Items = append(groups[i].Items, it)
	}
	out := groups[:0]
	for _, g := range groups {
		if len(g.Items) > 0 {
			out = append(out, g)
		}
	}
	return out
}

func (s *Service) renderForm(w http.ResponseWriter, r *http.Request, status int, v editorFormView, form map[string]string, errs []web.FieldError) {
	fields := map[string]string{FacetRole: "roles", FacetLifePhase: "life_phases", FacetTrigger: "triggers", FacetTheme: "themes"}
	v.Facets = nil
	for _, f := range Facets() {
		if f.Key == FacetKind {
			v.Kinds = f.Options
			continue
		}
		v.Facets = append(v.Facets, editFacet{Facet: f, Field: fields[f.Key]})
	}
	title := "Onderwerp bewerken"
	if v.New {
		title = "Nieuw onderwerp"
	}
	s.rd.Render(w, r, status, s.tmpl["editor_form"], web.Page{Title: title, Data: v, Form: form, Errors: errs, Flash: web.Flash(r, flashes)})
}

func (s *Service) handleNewForm(w http.ResponseWriter, r *http.Request) {
	if !mayEdit(principal(r)) {
		s.fail(w, r, notEditor())
		return
	}
	review := s.today().AddDate(1, 0, 0).Format("02-01-2006")
	s.renderForm(w, r, http.StatusOK, editorFormView{New: true, Checked: checkedOf(nil, nil, nil, nil)}, map[string]string{"review_by": review, "kind": KindArticle}, nil)
}

func (s *Service) handleCreate(w http.ResponseWriter, r *http.Request) {
	if err := web.ParseForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	in := inputFromForm(r)
	it, err := s.Create(r.Context(), principal(r), in)
	if fes, ok := web.FieldErrorsOf(err); ok {
		s.renderForm(w, r, http.StatusUnprocessableEntity, editorFormView{New: true, Checked: checkedOf(in.Roles, in.Phases, in.Triggers, in.Themes)}, formValues(in), fes)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	web.SeeOther(w, r, "/kennis/redactie/"+strconv.FormatInt(it.ID, 10), "aangemaakt")
}

func (s *Service) editView(r *http.Request, id int64) (editorFormView, Item, error) {
	it, vs, err := s.EditorItem(r.Context(), principal(r), id)
	if err != nil {
		return editorFormView{}, Item{}, err
	}
	ids := make([]int64, len(vs))
	for i, v := range vs {
		ids[i] = v.ChangedBy
	}
	names, err := s.users.DisplayNames(r.Context(), ids)
	if err != nil {
		return editorFormView{}, Item{}, err
	}
	v := editorFormView{Item: it, Next: transitions[it.Status], Overdue: it.Overdue(s.today()),
		Checked: checkedOf(it.Tags[FacetRole], it.Tags[FacetLifePhase], it.Tags[FacetTrigger], it.Tags[FacetTheme])}
	switch {
	case it.Pending():
		v.LiveVersion = it.LiveVersion
	case it.Status == StatusPublished:
		v.LiveVersion = it.Version
	}
	v.PublicSlug = it.Slug
	if it.Pending() {
		// The new version may carry a new address; the public page is
		// still at the published one's.
		live, err := s.store.itemByID(r.Context(), s.d, id)
		if err != nil {
			return editorFormView{}, Item{}, err
		}
		v.PublicSlug = live.Slug
	}
	for _, ver := range vs {
		v.Versions = append(v.Versions, versionView{Version: ver, By: names[ver.ChangedBy]})
	}
	if it.Status == StatusReview && slices.Contains(AuthorsSincePublication(vs), principal(r).UserID) {
		v.OwnWork = true
		v.Next = slices.DeleteFunc(slices.Clone(v.Next), func(st Status) bool { return st == StatusPublished })
	}
	return v, it, nil
}

func (s *Service) handleEditForm(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, it, err := s.editView(r, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderForm(w, r, http.StatusOK, v, itemValues(it), nil)
}

func (s *Service) handleUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err == nil {
		err = web.ParseForm(r)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in := inputFromForm(r)
	it, err := s.Update(r.Context(), principal(r), id, in)
	if fes, ok := web.FieldErrorsOf(err); ok {
		v, _, verr := s.editView(r, id)
		if verr != nil {
			s.fail(w, r, verr)
			return
		}
		v.Checked = checkedOf(in.Roles, in.Phases, in.Triggers, in.Themes)
		s.renderForm(w, r, http.StatusUnprocessableEntity, v, formValues(in), fes)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	flash := "opgeslagen"
	if it.Pending() {
		flash = "nieuwe-versie"
	}
	web.SeeOther(w, r, "/kennis/redactie/"+strconv.FormatInt(id, 10), flash)
}

func (s *Service) handleStatus(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err == nil {
		err = web.ParseForm(r)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	to := Status(r.PostForm.Get("status"))
	if _, ok := transitions[to]; !ok {
		s.fail(w, r, web.BadInput("status", "Kies een geldige stap: concept, review of gepubliceerd.", "Choose a valid step: draft, review or published."))
		return
	}
	it, err := s.SetStatus(r.Context(), principal(r), id, to, r.PostForm.Get("note"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	flash := string(to)
	if to == StatusDraft && it.Pending() {
		flash = "versie-concept"
	}
	web.SeeOther(w, r, "/kennis/redactie/"+strconv.FormatInt(id, 10), flash)
}
