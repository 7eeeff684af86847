package knowledge

import (
	"context"
	"net/http"
	"slices"
	"sort"
	"strings"

	"github.com/volwaardig/volwaardig/internal/web"
)

// The two public tools for relatives (issue 14): the Wegwijzer, a guided
// entry by who you are and the life phase of your relative, and "Wat als
// ik het niet meer kan?", an entry by question or dilemma per theme. Both
// read the same published items as the search, by their tags.

// relativeRoles are the roles the Wegwijzer starts from.
var relativeRoles = []string{RoleParent, RoleSibling, RolePartner, RoleChild}

// phaseOrder is the life phases from young to old.
func phaseOrder() []Option {
	f, _ := facetByKey(FacetLifePhase)
	return f.Options
}

// nextPhase is the phase after code ("" after the last).
func nextPhase(code string) string {
	ph := phaseOrder()
	for i, o := range ph {
		if o.Code == code && i+1 < len(ph) {
			return ph[i+1].Code
		}
	}
	return ""
}

// tagged is a published item with its tags, for the guided tools.
type tagged struct {
	Summary
	tags map[string][]string
}

func (t tagged) has(facet, code string) bool { return slices.Contains(t.tags[facet], code) }

// published reads every published item with its tags, in title order.
func (s *Service) published(ctx context.Context) ([]tagged, error) {
	tags, err := s.store.publishedTags(ctx)
	if err != nil {
		return nil, err
	}
	items, err := s.store.allItems(ctx, StatusPublished)
	if err != nil {
		return nil, err
	}
	out := make([]tagged, 0, len(items))
	for _, it := range items {
		out = append(out, tagged{Summary: summaryOf(it), tags: tags[it.ID]})
	}
	sort.SliceStable(out, func(i, j int) bool { return strings.ToLower(out[i].Title) < strings.ToLower(out[j].Title) })
	return out, nil
}

func pick(all []tagged, keep func(tagged) bool) []Summary {
	var out []Summary
	for _, t := range all {
		if keep(t) {
			out = append(out, t.Summary)
		}
	}
	return out
}

// WegwijzerView is the Wegwijzer's page: the choice made, what matters now
// and what comes next; for a sibling also the whole path.
type WegwijzerView struct {
	Roles     []Option
	Phases    []Option
	Role      string
	Phase     string
	RoleLabel string
	// PhaseLabel and NextLabel name the phases shown.
	PhaseLabel, NextLabel string
	Now, Next             []Summary
	Orgs                  []Summary
	// Path is the siblings' path: every life phase with its items.
	Path     []PathStep
	ShowPath bool
	Chosen   bool
}

// PathStep is one life phase of the siblings' path.
type PathStep struct {
	Phase Option
	Items []Summary
}

// Wegwijzer builds the guided entry for a role and a life phase (both
// codes; empty shows the choice only).
func (s *Service) Wegwijzer(ctx context.Context, role, phase string, path bool) (WegwijzerView, error) {
	var v WegwijzerView
	rf, _ := facetByKey(FacetRole)
	for _, o := range rf.Options {
		if slices.Contains(relativeRoles, o.Code) {
			v.Roles = append(v.Roles, o)
		}
	}
	v.Phases = phaseOrder()
	var errs []web.FieldError
	if role != "" && !slices.Contains(relativeRoles, role) {
		errs = append(errs, web.FieldError{Field: "rol", Message: "Kies wie u bent: ouder, broer of zus, partner of kind.", English: "Choose who you are: parent, brother or sister, partner or child."})
	}
	if phase != "" && !validOption(FacetLifePhase, phase) {
		errs = append(errs, web.FieldError{Field: "fase", Message: "Kies de levensfase van uw naaste uit de lijst.", English: "Choose the life phase of your relative from the list."})
	}
	if len(errs) > 0 {
		return v, web.Invalid(errs...)
	}
	v.Role, v.Phase = role, phase
	if role == RoleSibling && path {
		v.ShowPath = true
	}
	if role == "" || (phase == "" && !v.ShowPath) {
		if role != "" || phase != "" {
			var errs []web.FieldError
			if role == "" {
				errs = append(errs, web.FieldError{Field: "rol", Message: "Kies wie u bent.", English: "Choose who you are."})
			}
			if phase == "" {
				errs = append(errs, web.FieldError{Field: "fase", Message: "Kies de levensfase van uw naaste.", English: "Choose the life phase of your relative."})
			}
			return v, web.Invalid(errs...)
		}
		return v, nil
	}
	v.Chosen = true
	all, err := s.published(ctx)
	if err != nil {
		return v, err
	}
	v.RoleLabel = OptionLabel(FacetRole, role)
	content := func(t tagged) bool { return t.Kind != KindOrg && t.Kind != KindProduct }
	if phase != "" {
		v.PhaseLabel = OptionLabel(FacetLifePhase, phase)
		v.Now = pick(all, func(t tagged) bool { return content(t) && t.has(FacetRole, role) && t.has(FacetLifePhase, phase) })
		if next := nextPhase(phase); next != "" {
			v.NextLabel = OptionLabel(FacetLifePhase, next)
			v.Next = pick(all, func(t tagged) bool {
				return content(t) && t.has(FacetRole, role) && t.has(FacetLifePhase, next) && !t.has(FacetLifePhase, phase)
			})
		}
	}
	v.Orgs = pick(all, func(t tagged) bool { return t.Kind == KindOrg && t.has(FacetRole, role) })
	if v.ShowPath {
		for _, ph := range phaseOrder() {
			v.Path = append(v.Path, PathStep{Phase: ph, Items: pick(all, func(t tagged) bool {
				return content(t) && t.has(FacetRole, RoleSibling) && t.has(FacetLifePhase, ph.Code)
			})})
		}
	}
	return v, nil
}

// ThemeView is one theme of "Wat als ik het niet meer kan?" with its
// questions and, at its end, its tools, organisations and stories.
type ThemeView struct {
	Theme     Option
	Intro     string
	Questions []Summary
	Tools     []Summary
	Orgs      []Summary
	Stories   []Summary
	Other     []Summary // articles and videos of the theme
}

// themeIntros say in one sentence what each theme is about.
var themeIntros = map[string]string{
	ThemeConversation: "Hoe begin je over later, met je naaste, met de rest van de familie en met de zorg?",
	ThemePractical:    "Geld, wonen, wettelijke vertegenwoordiging en papieren: wat regel je nu al?",
	ThemeEmotional:    "Zorgen, schuldgevoel, rouw en loslaten: wat doet het met jou en met je naaste?",
	ThemeFamily:       "Wat mag je verwachten van broers, zussen, vrienden en familie, en wat niet?",
	ThemeHandOver:     "Soms kan een ander het beter. Hoe draag je zorg over zonder je naaste los te laten?",
}

// WatAlsView is the tool's page.
type WatAlsView struct {
	Themes   []ThemeView
	Theme    *ThemeView
	Roles    []Option
	Triggers []Option
	Role     string
	Trigger  string
	Text     string
	// Found are the questions matching the typed question.
	Found    []Summary
	Searched bool
}

// WatAls builds the tool for the filters: a role and a trigger (codes),
// an optional theme and an optional typed question.
func (s *Service) WatAls(ctx context.Context, role, trigger, theme, text string) (WatAlsView, error) {
	v := WatAlsView{Role: role, Trigger: trigger, Text: text}
	rf, _ := facetByKey(FacetRole)
	v.Roles = rf.Options
	tf, _ := facetByKey(FacetTrigger)
	v.Triggers = tf.Options
	var errs []web.FieldError
	if role != "" && !validOption(FacetRole, role) {
		errs = append(errs, web.FieldError{Field: "rol", Message: "Kies bij ‘Voor wie’ een waarde uit de lijst.", English: "Choose a value from the list for ‘For whom’."})
	}
	if trigger != "" && !validOption(FacetTrigger, trigger) {
		errs = append(errs, web.FieldError{Field: "aanleiding", Message: "Kies bij ‘Aanleiding’ een waarde uit de lijst.", English: "Choose a value from the list for ‘Trigger’."})
	}
	if theme != "" && !validOption(FacetTheme, theme) {
		errs = append(errs, web.FieldError{Field: "thema", Message: "Dit thema bestaat niet. Kies een van de vijf thema’s.", English: "This theme does not exist. Choose one of the five themes."})
	}
	if len(errs) > 0 {
		return v, web.Invalid(errs...)
	}
	all, err := s.published(ctx)
	if err != nil {
		return v, err
	}
	match := func(t tagged) bool {
		return (role == "" || t.has(FacetRole, role)) && (trigger == "" || t.has(FacetTrigger, trigger))
	}
	tf2, _ := facetByKey(FacetTheme)
	for _, th := range tf2.Options {
		in := func(t tagged) bool { return t.has(FacetTheme, th.Code) && match(t) }
		tv := ThemeView{Theme: th, Intro: themeIntros[th.Code],
			Questions: pick(all, func(t tagged) bool { return in(t) && t.Kind == KindQuestion })}
		if theme == th.Code {
			// The theme ends with its tools, organisations and stories; those
			// serve every relative, so the role does not narrow them.
			inTheme := func(t tagged) bool { return t.has(FacetTheme, th.Code) }
			tv.Tools = pick(all, func(t tagged) bool { return inTheme(t) && t.Kind == KindTool })
			tv.Orgs = pick(all, func(t tagged) bool { return inTheme(t) && t.Kind == KindOrg })
			tv.Stories = pick(all, func(t tagged) bool { return inTheme(t) && t.Kind == KindStory })
			tv.Other = pick(all, func(t tagged) bool { return in(t) && (t.Kind == KindArticle || t.Kind == KindVideo) })
			tvc := tv
			v.Theme = &tvc
		}
		v.Themes = append(v.Themes, tv)
	}
	if strings.TrimSpace(text) != "" {
		v.Searched = true
		res, err := s.Search(ctx, Query{Text: text, Kind: KindQuestion, Role: role, Trigger: trigger, Limit: 10})
		if err != nil {
			return v, err
		}
		v.Found = res.Hits
	}
	return v, nil
}

func (s *Service) handleWegwijzer(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v, err := s.Wegwijzer(r.Context(), q.Get("rol"), q.Get("fase"), q.Get("pad") == "1")
	page := web.Page{Title: "Wegwijzer voor naasten", Data: v, Form: map[string]string{"rol": q.Get("rol"), "fase": q.Get("fase")}}
	if fes, ok := web.FieldErrorsOf(err); ok {
		page.Errors = fes
		err = nil
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.rd.Render(w, r, http.StatusOK, s.tmpl["wegwijzer"], page)
}

func (s *Service) handleWatAls(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v, err := s.WatAls(r.Context(), q.Get("rol"), q.Get("aanleiding"), q.Get("thema"), q.Get("vraag"))
	page := web.Page{Title: "Wat als ik het niet meer kan?", Data: v, Form: map[string]string{"vraag": q.Get("vraag")}}
	if fes, ok := web.FieldErrorsOf(err); ok {
		page.Errors = fes
		v, err = s.WatAls(r.Context(), "", "", "", q.Get("vraag"))
		page.Data = v
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.rd.Render(w, r, http.StatusOK, s.tmpl["watals"], page)
}
