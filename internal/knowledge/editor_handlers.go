package knowledge

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/volwaardig/volwaardig/internal/auth"
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
	// Withdrawable: the item is on the site and an editor may take it
	// offline (with a reason), also while a new version waits.
	Withdrawable bool
	// Withdrawn: the item was taken offline, for WithdrawnReason; a
	// waiting new version brings it back once published.
	Withdrawn       bool
	WithdrawnReason string
}

// editFacet is a facet's checkboxes with the form field they post as.
type editFacet struct {
	Facet
	Field string
}

type versionView struct {
	Version
	By string
	// Live marks the version the public reads; New the steps of the new
	// version that waits beside it.
	Live, New bool
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
	groups := []editorGroup{{ID: "beoordelen", Title: "Wacht op beoordeling"}, {ID: "concepten", Title: "Concepten"}, {ID: "gepubliceerd", Title: "Gepubliceerd"},
		{ID: "offline", Title: "Offline gehaald"}}
	at := map[Status]int{StatusReview: 0, StatusDraft: 1, StatusPublished: 2, StatusWithdrawn: 3}
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
	case it.Pending() && !it.LiveWithdrawn:
		v.LiveVersion = it.LiveVersion
	case it.Status == StatusPublished:
		v.LiveVersion = it.Version
		// Taking a published item off the site goes with a reason (the
		// form below), not through a bare "back to draft".
		v.Next = nil
	}
	v.Withdrawable = v.LiveVersion != 0
	v.Withdrawn = it.Status == StatusWithdrawn || it.LiveWithdrawn
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
	newFrom := firstNewVersion(vs)
	for _, ver := range vs {
		vv := versionView{Version: ver, By: names[ver.ChangedBy], Live: ver.Version == v.LiveVersion}
		vv.New = it.Pending() && newFrom != 0 && ver.Version >= newFrom && ver.Changes != withdrawnChanges()
		v.Versions = append(v.Versions, vv)
		if v.Withdrawn && v.WithdrawnReason == "" && ver.Changes == withdrawnChanges() {
			v.WithdrawnReason = ver.Note
		}
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
	to, note, errs := decodeStatusForm(r.PostForm)
	if len(errs) > 0 {
		s.fail(w, r, web.BadInput(errs[0].Field, errs[0].Message, errs[0].English))
		return
	}
	// The status before the step decides what the confirmation may say:
	// only an item that was on the website leaves it when set back to draft.
	before, _, err := s.EditorItem(r.Context(), principal(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	it, err := s.SetStatus(r.Context(), principal(r), id, to, note)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	flash := string(to)
	switch {
	case to == StatusDraft && it.Pending():
		flash = "versie-concept"
	case to == StatusDraft && before.Status != StatusPublished:
		flash = "terug-concept"
	}
	web.SeeOther(w, r, "/kennis/redactie/"+strconv.FormatInt(id, 10), flash)
}

// decodeStatusForm reads the edit page's workflow step without the
// database, so it can be fuzzed (issue 18): a status of the workflow and
// the editor's note as typed (SetStatus trims it). Whether the item may
// take that step now is SetStatus's to check.
func decodeStatusForm(f url.Values) (Status, string, []web.FieldError) {
	to := Status(f.Get("status"))
	if _, ok := transitions[to]; !ok {
		return "", "", []web.FieldError{{Field: "status", Message: "Kies een geldige stap: concept, review of gepubliceerd.", English: "Choose a valid step: draft, review or published."}}
	}
	return to, f.Get("note"), nil
}

// withdrawnChanges is the history's line of an item taken offline.
func withdrawnChanges() string { return "status: " + strings.ToLower(StatusWithdrawn.Label()) }

// firstNewVersion is the first version of the new version that waits
// beside the published item (vs newest first): the history's line that
// started it, after the last publication or throw-away; 0 when none.
func firstNewVersion(vs []Version) int {
	first := 0
	for _, v := range vs {
		if v.Changes == "status: "+strings.ToLower(StatusPublished.Label()) || v.Changes == changesDiscarded {
			break
		}
		if strings.HasPrefix(v.Changes, "nieuwe versie: ") {
			first = v.Version
		}
	}
	return first
}

// handleWithdraw takes a published item offline with the editor's reason;
// without a reason the page comes back with the error at the field.
func (s *Service) handleWithdraw(w http.ResponseWriter, r *http.Request) {
	s.smallEditForm(w, r, "reason", "reason", "offline", s.Withdraw)
}

// handleDiscard throws away the new version that waits beside the item.
// The page's main form has its own "note", so this form's is
// "discard_note".
func (s *Service) handleDiscard(w http.ResponseWriter, r *http.Request) {
	s.smallEditForm(w, r, "discard_note", "note", "weggegooid", s.Discard)
}

// smallEditForm handles one of the edit page's small forms (taking
// offline, throwing away): it reads the form's one text field, acts, and
// either lands on the edit page with the notice or shows the page again
// with the error at the field (the service names it serviceField, the
// form formField) and what was typed.
func (s *Service) smallEditForm(w http.ResponseWriter, r *http.Request, formField, serviceField, notice string,
	act func(ctx context.Context, p *auth.Principal, id int64, text string) (Item, error)) {
	id, err := web.PathID(r, "id")
	if err == nil {
		err = web.ParseForm(r)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	text := r.PostForm.Get(formField)
	_, err = act(r.Context(), principal(r), id, text)
	if fes, ok := web.FieldErrorsOf(err); ok {
		for i := range fes {
			if fes[i].Field == serviceField {
				fes[i].Field = formField
			}
		}
		s.renderEditAgain(w, r, id, map[string]string{formField: text}, fes)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	web.SeeOther(w, r, "/kennis/redactie/"+strconv.FormatInt(id, 10), notice)
}

// renderEditAgain shows the edit page again with the errors of one of its
// small forms (taking offline, throwing away) and what was typed there.
func (s *Service) renderEditAgain(w http.ResponseWriter, r *http.Request, id int64, typed map[string]string, fes []web.FieldError) {
	v, it, err := s.editView(r, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	form := itemValues(it)
	for k, val := range typed {
		form[k] = val
	}
	s.renderForm(w, r, http.StatusUnprocessableEntity, v, form, fes)
}
