package relatives

import (
	"html/template"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/web"
)

// Who may use which part of the module. Plans are read by the people a
// relative shares them with: another relative, the client, a client
// supporter or a care professional.
var (
	planReaders = []auth.Role{auth.RoleNaaste, auth.RoleClient, auth.RoleOndersteuner, auth.RoleZorgverlener}
	relative    = auth.Roles(auth.RoleNaaste)
)

func (s *Service) parseTemplates() {
	s.tmpl = map[string]*template.Template{}
	for _, name := range []string{"index", "plans", "planform", "plan", "callback", "expert", "survey", "results", "respite", "peers"} {
		s.tmpl[name] = s.rd.Parse(templatesFS, "templates/"+name+".html", "templates/parts.html")
	}
}

// Routes registers the pages and the JSON API. The knowledge pages
// (/kennis, /naasten/wegwijzer, /naasten/wat-als) are the knowledge
// module's: this module registers exact paths only, never a catch-all
// under /naasten/.
func (s *Service) Routes(rt *web.Router) {
	s.rt = rt
	rt.HandleFunc("GET /naasten", auth.Public(), s.handleIndex)
	rt.HandleFunc("GET /naasten/plan", auth.Roles(planReaders...), s.handlePlans)
	rt.HandleFunc("GET /naasten/plan/nieuw", relative, s.handleNewPlan)
	rt.HandleFunc("POST /naasten/plan/nieuw", relative, s.handleCreatePlan)
	rt.HandleFunc("GET /naasten/plan/{id}", auth.Roles(planReaders...), s.handlePlan)
	rt.HandleFunc("GET /naasten/plan/{id}/plan.pdf", auth.Roles(planReaders...), s.handlePlanPDF)
	rt.HandleFunc("GET /naasten/plan/{id}/bewerken", relative, s.handleEditPlan)
	rt.HandleFunc("POST /naasten/plan/{id}/bewerken", relative, s.handleUpdatePlan)
	rt.HandleFunc("POST /naasten/plan/{id}/delen", relative, s.handleShare)
	rt.HandleFunc("POST /naasten/plan/{id}/delen/{sid}/intrekken", relative, s.handleRevoke)
	s.moreRoutes(rt)
	s.apiRoutes(rt)
	rt.Nav(web.NavItem{Path: "/naasten", Label: "Naasten", English: "Relatives", Order: 40, Rule: relative,
		Summary:   "Uw plan voor later, terugbellen door een ervaringsdeskundige, logeeropvang zoeken en de vragenlijst.",
		SummaryEN: "Your plan for later, a call-back from an expert by experience, finding respite care and the survey."})
	// The landing page is public: an anonymous relative finds it from the
	// front page's menu (the Wegwijzer, "Wat als" and the knowledge base
	// are one click away from it).
	rt.Nav(web.NavItem{Path: "/naasten", Label: "Voor naasten", English: "For relatives", Order: 40, Rule: auth.Public(),
		Summary:   "De Wegwijzer, “Wat als ik het niet meer kan?” en informatie voor ouders, broers, zussen, partners en kinderen. U hoeft niet in te loggen.",
		SummaryEN: "The Wegwijzer, “What if I can no longer do it?” and information for parents, siblings, partners and children. No login needed."})
	rt.Nav(web.NavItem{Path: "/naasten/plan", Label: "Gedeelde plannen", English: "Shared plans", Order: 41,
		Rule:    auth.Roles(auth.RoleClient, auth.RoleOndersteuner, auth.RoleZorgverlener),
		Summary: "Plannen van naasten (zorgtestament, goed-leven-plan) die met u gedeeld zijn.", SummaryEN: "Relatives' plans (care will, good-life plan) shared with you."})
}

// flashes are the confirmations shown after a redirect (web.SeeOther).
var flashes = map[string]string{
	"opgeslagen":   "Het plan is opgeslagen.",
	"gedeeld":      "Het plan is gedeeld. De persoon ziet alleen de onderdelen die u koos en krijgt een bericht.",
	"ingetrokken":  "Het delen is gestopt. De persoon ziet het plan niet meer.",
	"gevraagd":     "Uw verzoek is verstuurd. Een ervaringsdeskundige belt u terug op het moment dat u koos.",
	"wachtrij":     "Uw verzoek is verstuurd. Er is nog geen ervaringsdeskundige die over dit onderwerp praat en op het moment dat u koos kan bellen. Alle ervaringsdeskundigen zien uw verzoek; wie als eerste tijd heeft, belt u terug. Dat kan langer duren.",
	"afgehandeld":  "Het terugbelverzoek is bijgewerkt.",
	"profiel":      "Uw onderwerpen en tijden zijn opgeslagen.",
	"ingevuld":     "Dank u wel voor het invullen. Uw antwoorden tellen anoniem mee.",
	"aangemeld":    "U staat nu op de lijst van lotgenoten.",
	"afgemeld":     "U staat niet meer op de lijst van lotgenoten.",
	"contact":      "Uw verzoek om contact is verstuurd. Pas als de ander ja zegt, ziet u elkaars gegevens.",
	"geaccepteerd": "U heeft het verzoek om contact aangenomen.",
	"bericht":      "Uw bericht is verstuurd. De ander leest het bij Berichten.",
}

// knowledgeLink is a link to a page of the knowledge module, shown only
// when that page is served (the module may not be wired in this build).
type knowledgeLink struct {
	Path, Label, Text string
}

// served reports whether the router has a route for exactly path.
func (s *Service) served(path string) bool {
	if s.rt == nil {
		return false
	}
	route, ok := s.rt.Match(httptest.NewRequest(http.MethodGet, path, nil))
	return ok && route.Pattern == path
}

type indexPage struct {
	Relative, Expert bool
	Knowledge        []knowledgeLink
	DuePlans         int
}

func (s *Service) handleIndex(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	d := indexPage{Relative: p != nil && p.Role == auth.RoleNaaste, Expert: p.HasDuty(auth.DutyExpertByExperience)}
	for _, k := range []knowledgeLink{
		{"/naasten/wegwijzer", "Wegwijzer", "Wat speelt er nu en wat komt er aan, per levensfase van uw naaste. Met een eigen route voor broers en zussen."},
		{"/naasten/wat-als", "Wat als ik het niet meer kan?", "Vragen en dilemma’s als u de zorg niet meer kunt dragen, met hulpmiddelen, organisaties en verhalen."},
		{"/kennis", "Kennisbank", "Artikelen, hulpmiddelen en ervaringsverhalen van en voor naasten."},
	} {
		if s.served(k.Path) {
			d.Knowledge = append(d.Knowledge, k)
		}
	}
	if d.Relative {
		n, err := s.store.countDue(r.Context(), p.UserID, s.now())
		if err != nil {
			s.rd.Fail(w, r, err)
			return
		}
		d.DuePlans = n
	}
	s.rd.Render(w, r, http.StatusOK, s.tmpl["index"], web.Page{Title: "Naasten", Data: d, Flash: web.Flash(r, flashes)})
}

type plansPage struct {
	Relative    bool
	Own, Shared []Plan
}

func (s *Service) handlePlans(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	own, shared, err := s.MyPlans(r.Context(), p)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	s.rd.Render(w, r, http.StatusOK, s.tmpl["plans"], web.Page{Title: "Plannen", Data: plansPage{Relative: p.Role == auth.RoleNaaste, Own: own, Shared: shared}, Flash: web.Flash(r, flashes)})
}

type planFormPage struct {
	Edit     bool
	Plan     Plan
	Clients  []ClientChoice
	Sections []Section
}

func (s *Service) renderPlanForm(w http.ResponseWriter, r *http.Request, status int, d planFormPage, form map[string]string, errs []web.FieldError) {
	d.Sections = Sections
	title := "Nieuw plan"
	if d.Edit {
		title = "Plan bewerken"
	}
	s.rd.Render(w, r, status, s.tmpl["planform"], web.Page{Title: title, Data: d, Form: form, Errors: localErrs(r, errs)})
}

func (s *Service) handleNewPlan(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	cs, err := s.ActingFor(r.Context(), p)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	form := map[string]string{"herzien": web.NewFormatter().Date(s.now().Add(s.cfg.ReviewAfter))}
	if len(cs) > 0 {
		form["client"] = idString(cs[0].ID)
		form["titel"] = "Plan voor " + firstName(cs[0].Name)
	}
	s.renderPlanForm(w, r, http.StatusOK, planFormPage{Clients: cs}, form, nil)
}

// planInput reads the plan form.
func planInput(r *http.Request) (PlanInput, map[string]string) {
	form := map[string]string{}
	in := PlanInput{Text: map[string]string{}}
	for _, f := range []string{"client", "titel", "herzien"} {
		form[f] = r.PostFormValue(f)
	}
	for _, sec := range Sections {
		in.Text[sec.Code] = r.PostFormValue(sec.Code)
		form[sec.Code] = in.Text[sec.Code]
	}
	in.Title, in.Review = form["titel"], form["herzien"]
	in.ClientID = parseID(form["client"])
	if form["client"] != "" && form["client"] != "eigen" && in.ClientID == 0 {
		in.ClientID = -1 // refused by CreatePlan as a client one cannot choose
	}
	return in, form
}

func (s *Service) handleCreatePlan(w http.ResponseWriter, r *http.Request) {
	if err := web.ParseForm(r); err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	p := auth.FromContext(r.Context())
	in, form := planInput(r)
	id, err := s.CreatePlan(r.Context(), p, in)
	if fe, ok := web.FieldErrorsOf(err); ok {
		cs, cerr := s.ActingFor(r.Context(), p)
		if cerr != nil {
			s.rd.Fail(w, r, cerr)
			return
		}
		s.renderPlanForm(w, r, http.StatusUnprocessableEntity, planFormPage{Clients: cs}, form, fe)
		return
	}
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	web.SeeOther(w, r, "/naasten/plan/"+idString(id), "opgeslagen")
}

func (s *Service) handleEditPlan(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	pl, err := s.ReadPlan(r.Context(), auth.FromContext(r.Context()), id)
	if err == nil && !pl.Mine(auth.FromContext(r.Context())) {
		err = errNoPlan
	}
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	form := map[string]string{"titel": pl.Title, "herzien": web.NewFormatter().Date(pl.ReviewAt)}
	for k, v := range pl.Text {
		form[k] = v
	}
	s.renderPlanForm(w, r, http.StatusOK, planFormPage{Edit: true, Plan: pl}, form, nil)
}

func (s *Service) handleUpdatePlan(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err == nil {
		err = web.ParseForm(r)
	}
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	p := auth.FromContext(r.Context())
	in, form := planInput(r)
	err = s.UpdatePlan(r.Context(), p, id, in)
	if fe, ok := web.FieldErrorsOf(err); ok {
		pl, rerr := s.ReadPlan(r.Context(), p, id)
		if rerr != nil {
			s.rd.Fail(w, r, rerr)
			return
		}
		s.renderPlanForm(w, r, http.StatusUnprocessableEntity, planFormPage{Edit: true, Plan: pl}, form, fe)
		return
	}
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	web.SeeOther(w, r, "/naasten/plan/"+idString(id), "opgeslagen")
}

type planPage struct {
	Plan       Plan
	Mine       bool
	Sections   []Section
	ShareRoles []shareRole
	Due        bool
	// Query is the name searched in the share picker; Candidates are
	// the people found, by name, role and organisation.
	Query      string
	Candidates []candidate
	// JustShared is the share just made, for a confirmation that names
	// the person and the sections (nil on any other visit).
	JustShared *Share
}

// candidate is one person the picker offers to share with.
type candidate struct {
	ID                       int64
	Name, Role, Organisation string
}

type shareRole struct {
	Value auth.Role
	Label string
}

func shareRoles() []shareRole {
	out := make([]shareRole, len(ShareRoles))
	for i, r := range ShareRoles {
		out[i] = shareRole{Value: r, Label: shareRoleLabel(r)}
	}
	return out
}

func (s *Service) renderPlan(w http.ResponseWriter, r *http.Request, status int, pl Plan, form map[string]string, errs []web.FieldError) {
	p := auth.FromContext(r.Context())
	d := planPage{Plan: pl, Mine: pl.Mine(p), Sections: Sections, ShareRoles: shareRoles(), Due: pl.ReviewDue(s.now()), Query: strings.TrimSpace(form["zoek"])}
	if d.Mine && d.Query != "" {
		us, err := s.ShareCandidates(r.Context(), p, pl, d.Query)
		if err != nil {
			s.rd.Fail(w, r, err)
			return
		}
		for _, u := range us {
			d.Candidates = append(d.Candidates, candidate{ID: u.ID, Name: u.DisplayName, Role: shareRoleLabel(u.Role), Organisation: u.Organisation})
		}
	}
	// Only an active share of this plan, read by its owner, is named: a
	// "met" in an address typed by hand names nobody else.
	if q := r.URL.Query(); d.Mine && status == http.StatusOK && q.Get(web.FlashParam) == "gedeeld" {
		if met, err := strconv.ParseInt(q.Get("met"), 10, 64); err == nil {
			for i := range pl.Shares {
				if sh := pl.Shares[i]; sh.Active() && sh.UserID == met {
					d.JustShared = &sh
					break
				}
			}
		}
	}
	s.rd.Render(w, r, status, s.tmpl["plan"], web.Page{Title: "Plan", Form: form, Errors: localErrs(r, errs), Flash: web.Flash(r, flashes), Data: d,
		NoticeInPlace: d.JustShared != nil})
}

func (s *Service) handlePlan(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	pl, err := s.ReadPlan(r.Context(), auth.FromContext(r.Context()), id)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	s.renderPlan(w, r, http.StatusOK, pl, map[string]string{"zoek": r.URL.Query().Get("zoek")}, nil)
}

// decodeShareForm reads the form that shares a plan, without the database
// so it can be fuzzed (issue 18); ShareInput.validate checks it. The
// page's picker posts the person chosen from the search; a post by name
// and role (older pages, scripts) still finds the account.
func decodeShareForm(f url.Values) ShareInput {
	in := ShareInput{Name: f.Get("naam"), Role: auth.Role(f.Get("rol")), Sections: f["onderdelen"]}
	if f.Has("persoon") || strings.TrimSpace(in.Name) == "" {
		in.Picked = true
		in.UserID, _ = strconv.ParseInt(f.Get("persoon"), 10, 64)
	}
	return in
}

func (s *Service) handleShare(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err == nil {
		err = web.ParseForm(r)
	}
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	p := auth.FromContext(r.Context())
	in := decodeShareForm(r.PostForm)
	sh, err := s.SharePlan(r.Context(), p, id, in)
	if fe, ok := web.FieldErrorsOf(err); ok {
		pl, rerr := s.ReadPlan(r.Context(), p, id)
		if rerr != nil {
			s.rd.Fail(w, r, rerr)
			return
		}
		form := map[string]string{"naam": in.Name, "rol": string(in.Role), "zoek": r.PostFormValue("zoek"), "persoon": r.PostFormValue("persoon")}
		for _, c := range in.Sections {
			form["onderdeel-"+c] = "1"
		}
		s.renderPlan(w, r, http.StatusUnprocessableEntity, pl, form, fe)
		return
	}
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	// The confirmation names the person and the sections shared; the page
	// reads both from the plan's own shares (see renderPlan).
	web.SeeOther(w, r, "/naasten/plan/"+idString(id)+"?met="+idString(sh.UserID), "gedeeld")
}

func (s *Service) handleRevoke(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	var sid int64
	if err == nil {
		sid, err = web.PathID(r, "sid")
	}
	if err == nil {
		err = s.RevokeShare(r.Context(), auth.FromContext(r.Context()), id, sid)
	}
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	web.SeeOther(w, r, "/naasten/plan/"+idString(id), "ingetrokken")
}

// firstName is the first word of a name, for a suggested plan title.
func firstName(name string) string {
	if f := strings.Fields(name); len(f) > 0 {
		return f[0]
	}
	return name
}

// localErrs gives an English page the English of each field error the
// domain wrote (many name what was typed, so they are not catalog texts).
func localErrs(r *http.Request, errs []web.FieldError) []web.FieldError {
	if web.LangFromRequest(r) != web.LangEN {
		return errs
	}
	out := make([]web.FieldError, len(errs))
	for i, e := range errs {
		out[i] = e
		if e.English != "" {
			out[i].Message = e.English
		}
	}
	return out
}
