package innovation

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/web"
)

// Who may use which part of the module. Record-level scope (own
// organisation, the council duty) is decided in the service.
var (
	// overview roles open the start page, the catalogue and the themes.
	overview = []auth.Role{auth.RoleAanbieder, auth.RoleZorgverlener, auth.RoleNaaste, auth.RoleZorgkantoor, auth.RoleProgramma}
	// projectReaders reach projects of their own organisation: the
	// provider, its professionals and (naaste with the duty) its client
	// council.
	projectReaders = []auth.Role{auth.RoleAanbieder, auth.RoleZorgverlener, auth.RoleNaaste}
	contributors   = []auth.Role{auth.RoleAanbieder, auth.RoleZorgverlener}
	figureReaders  = []auth.Role{auth.RoleAanbieder, auth.RoleZorgkantoor, auth.RoleProgramma}
)

func (s *Service) parseTemplates() {
	s.tmpl = map[string]*template.Template{}
	for _, name := range []string{"index", "new", "project", "catalogue", "technology", "compare", "themes", "theme", "guide", "figures"} {
		s.tmpl[name] = s.rd.Parse(templatesFS, "templates/"+name+".html", "templates/parts.html")
		if name == "project" {
			s.tmpl[name] = clients.ParsePicker(s.rd, s.tmpl[name])
		}
	}
}

// Routes registers the pages and the JSON API.
func (s *Service) Routes(rt *web.Router) {
	edit := auth.Roles(auth.RoleAanbieder)
	rt.HandleFunc("GET /innovatie", auth.Roles(overview...), s.handleIndex)
	rt.HandleFunc("GET /innovatie/gids", auth.AnyUser(), s.handleGuide)
	rt.HandleFunc("GET /innovatie/projecten/nieuw", edit, s.handleNewForm)
	rt.HandleFunc("POST /innovatie/projecten", edit, s.handleCreate)
	rt.HandleFunc("GET /innovatie/projecten/{id}", auth.Roles(projectReaders...), s.handleProject)
	rt.HandleFunc("POST /innovatie/projecten/{id}/zorgvraag", edit, s.post("zorgvraag", func(ctx context.Context, p *auth.Principal, id int64, r *http.Request) error {
		return s.UpdateQuestion(ctx, p, id, projectForm(r))
	}))
	rt.HandleFunc("POST /innovatie/projecten/{id}/zelfscan", edit, s.post("zelfscan", func(ctx context.Context, p *auth.Principal, id int64, r *http.Request) error {
		return s.SaveScan(ctx, p, id, decodeScanForm(r.PostForm))
	}))
	rt.HandleFunc("POST /innovatie/projecten/{id}/kandidaten", edit, s.post("kandidaat", func(ctx context.Context, p *auth.Principal, id int64, r *http.Request) error {
		c, errs := decodeCandidateForm(r.PostForm)
		if err := web.Invalid(errs...); err != nil {
			return err
		}
		if c.Remove {
			return s.RemoveCandidate(ctx, p, id, c.TechnologyID)
		}
		return s.AddCandidate(ctx, p, id, c.TechnologyID)
	}))
	rt.HandleFunc("POST /innovatie/projecten/{id}/matrix", edit, s.post("matrix", func(ctx context.Context, p *auth.Principal, id int64, r *http.Request) error {
		return s.SaveMatrix(ctx, p, id, decodeMatrixForm(r.PostForm))
	}))
	rt.HandleFunc("POST /innovatie/projecten/{id}/keuze", edit, s.post("keuze", func(ctx context.Context, p *auth.Principal, id int64, r *http.Request) error {
		return s.Choose(ctx, p, id, decodeChoiceForm(r.PostForm))
	}))
	rt.HandleFunc("POST /innovatie/projecten/{id}/taken", edit, s.post("taak", func(ctx context.Context, p *auth.Principal, id int64, r *http.Request) error {
		return s.AddTask(ctx, p, id, decodeTaskForm(r.PostForm))
	}))
	rt.HandleFunc("POST /innovatie/projecten/{id}/taken/{tid}/klaar", auth.Roles(contributors...), s.post("klaar", func(ctx context.Context, p *auth.Principal, id int64, r *http.Request) error {
		tid, err := web.PathID(r, "tid")
		if err != nil {
			return err
		}
		return s.TaskDone(ctx, p, id, tid)
	}))
	rt.HandleFunc("POST /innovatie/projecten/{id}/metingen", auth.Roles(contributors...), s.post("meting", func(ctx context.Context, p *auth.Principal, id int64, r *http.Request) error {
		return s.AddMeasure(ctx, p, id, decodeMeasureForm(r.PostForm))
	}))
	rt.HandleFunc("POST /innovatie/projecten/{id}/metingen/{mid}", auth.Roles(contributors...), s.post("vervolg", func(ctx context.Context, p *auth.Principal, id int64, r *http.Request) error {
		mid, err := web.PathID(r, "mid")
		if err != nil {
			return err
		}
		return s.SetFollowUp(ctx, p, id, mid, decodeFollowUpForm(r.PostForm, mid))
	}))
	rt.HandleFunc("POST /innovatie/projecten/{id}/opschaling", edit, s.post("opschaling", func(ctx context.Context, p *auth.Principal, id int64, r *http.Request) error {
		return s.AddScale(ctx, p, id, decodeScaleForm(r.PostForm))
	}))
	rt.HandleFunc("POST /innovatie/projecten/{id}/deelnemers", auth.Roles(contributors...), s.post("deelnemer", func(ctx context.Context, p *auth.Principal, id int64, r *http.Request) error {
		c, errs := decodeParticipantForm(r.PostForm, id)
		if err := web.Invalid(errs...); err != nil {
			return err
		}
		return s.AddParticipant(ctx, p, id, c)
	}))
	rt.HandleFunc("POST /innovatie/projecten/{id}/advies", auth.Roles(auth.RoleNaaste), s.post("advies", func(ctx context.Context, p *auth.Principal, id int64, r *http.Request) error {
		return s.Advise(ctx, p, id, AdviceInput{Text: r.PostFormValue("advies")})
	}))
	rt.HandleFunc("POST /innovatie/projecten/{id}/advies/{aid}", edit, s.post("antwoord", func(ctx context.Context, p *auth.Principal, id int64, r *http.Request) error {
		aid, err := web.PathID(r, "aid")
		if err != nil {
			return err
		}
		return s.Answer(ctx, p, id, aid, r.PostFormValue("antwoord-"+strconv.FormatInt(aid, 10)))
	}))
	rt.HandleFunc("POST /innovatie/projecten/{id}/besluit", edit, s.postSaying("besluit", func(ctx context.Context, p *auth.Principal, id int64, r *http.Request) (string, error) {
		to, err := s.Decide(ctx, p, id, decodeGateForm(r.PostForm))
		if to == PhaseStopped {
			return "besluit-gestopt", err
		}
		return "besluit-door", err
	}))
	rt.HandleFunc("GET /innovatie/technologie", auth.Roles(overview...), s.handleCatalogue)
	rt.HandleFunc("POST /innovatie/technologie", edit, s.handleAddTechnology)
	rt.HandleFunc("GET /innovatie/technologie/vergelijken", auth.Roles(overview...), s.handleCompare)
	rt.HandleFunc("GET /innovatie/technologie/{id}", auth.Roles(overview...), s.handleTechnology)
	rt.HandleFunc("GET /innovatie/themas", auth.Roles(overview...), s.handleThemes)
	rt.HandleFunc("GET /innovatie/themas/{code}", auth.Roles(overview...), s.handleTheme)
	rt.HandleFunc("POST /innovatie/themas/{code}/leden", edit, s.themePost("lid", func(ctx context.Context, p *auth.Principal, code string, r *http.Request) error {
		return s.AddMember(ctx, p, code, decodeMemberForm(r.PostForm))
	}))
	rt.HandleFunc("POST /innovatie/themas/{code}/bijeenkomsten", edit, s.themePost("bijeenkomst", func(ctx context.Context, p *auth.Principal, code string, r *http.Request) error {
		return s.AddMeeting(ctx, p, code, decodeMeetingForm(r.PostForm))
	}))
	rt.HandleFunc("POST /innovatie/themas/{code}/kennis", auth.Roles(contributors...), s.themePost("kennis", func(ctx context.Context, p *auth.Principal, code string, r *http.Request) error {
		return s.AddLink(ctx, p, code, decodeLinkForm(r.PostForm))
	}))
	rt.HandleFunc("GET /innovatie/cijfers", auth.Roles(figureReaders...), s.handleFigures)
	rt.HandleFunc("GET /innovatie/export.csv", edit, s.handleExport)
	rt.HandleFunc("GET /innovatie/export.xlsx", edit, s.handleExportXLSX)
	rt.HandleFunc("GET /innovatie/projecten/{id}/besluit.pdf", auth.Roles(projectReaders...), s.handleDecisionPDF)
	s.apiRoutes(rt)
	rt.Nav(web.NavItem{Path: "/innovatie", Label: "Innovatie", English: "Innovation", Order: 40, Rule: auth.Roles(overview...),
		Summary:   "Van zorgvraag naar een goed gekozen technologie: projecten, catalogus, thema's en lerende netwerken.",
		SummaryEN: "From care question to a well-chosen technology: projects, catalogue, themes and learning networks."})
}

// flashes are the confirmations shown after a redirect.
var flashes = map[string]string{
	"gestart":    "Het project is gestart in de fase Zorgvraag.",
	"zorgvraag":  "De zorgvraag is opgeslagen.",
	"zelfscan":   "De zelfscan is opgeslagen.",
	"kandidaat":  "De lijst om te vergelijken is bijgewerkt.",
	"matrix":     "De beslismatrix is opgeslagen.",
	"keuze":      "De keuze en de redenen zijn vastgelegd.",
	"taak":       "De taak staat in het implementatieplan.",
	"klaar":      "De taak is afgerond.",
	"meting":     "De nulmeting is vastgelegd.",
	"vervolg":    "De vervolgmeting is vastgelegd.",
	"opschaling": "Het aantal cliënten op de locatie is vastgelegd.",
	"deelnemer":  "De cliënt doet mee aan het project.",
	"advies":     "Uw advies is vastgelegd. Het project moet erop antwoorden voor het volgende besluit.",
	"antwoord":   "Uw antwoord aan de cliëntenraad is vastgelegd.",
	"besluit":    "Het besluit is vastgelegd.",
	// A gate's confirmation says which way it went: the page that follows
	// leads with the next phase's work, or with the stop and its reason.
	"besluit-door":    "Het besluit is vastgelegd: het project gaat door. De nieuwe fase staat hieronder, met wat u nu doet.",
	"besluit-gestopt": "Het besluit is vastgelegd: het project is gestopt. De reden staat hieronder.",
	"technologie":     "De technologie staat in de catalogus.",
	"lid":             "Het lid is toegevoegd aan het netwerk.",
	"bijeenkomst":     "De bijeenkomst is vastgelegd.",
	"kennis":          "De kennis is gedeeld met het netwerk.",
}

// noticeAnchors name, per confirmation, the part of the project page
// whose form it confirms: the redirect lands at that part (#sectie-…) and
// the confirmation shows there, in view. A confirmation not named here
// (a gate decision, a new project) shows at the page's top, where the
// next phase's work now is.
var noticeAnchors = map[string]string{
	"zorgvraag":  "zorgvraag",
	"zelfscan":   "zelfscan",
	"kandidaat":  "verkennen",
	"matrix":     "matrix",
	"keuze":      "keuze",
	"taak":       "plan",
	"klaar":      "plan",
	"meting":     "effecten",
	"vervolg":    "effecten",
	"opschaling": "opschaling",
	"deelnemer":  "deelnemers",
	"advies":     "raad",
	"antwoord":   "raad",
}

// noticeShownAt is where the notice meant for anchor can show on the page
// d: its own place when the page has it, else the page's top (a reload
// of an old address, a part since closed, the council's own view), so a
// confirmation or an error is never lost.
func noticeShownAt(d projectPage, anchor string) string {
	if d.Council {
		if anchor == "raad" {
			return anchor
		}
		return ""
	}
	choosing := d.Edit && !d.Stopped() && (d.Phase == PhaseExplore || d.Phase == PhaseChoice)
	switch {
	case anchor == "verkennen" && d.Kind == KindSocial: // no catalogue to explore
		return ""
	case anchor == "matrix" && len(d.Matrix) == 0 && !(choosing && len(d.Candidates) > 0):
		return ""
	case anchor == "keuze" && d.Kind == KindTechnology && !(d.Edit && d.Phase == PhaseChoice && len(d.Candidates) > 0):
		return ""
	}
	if part := partOf(d.Kind, anchor); part != "" && !slices.Contains(d.Layout.Current, part) && !slices.Contains(d.Layout.Done, part) {
		return ""
	}
	return anchor
}

// themeAnchors are noticeAnchors for a theme's network page: its forms
// are each under their own heading, below the projects' choices.
var themeAnchors = map[string]string{
	"lid":         "leden",
	"bijeenkomst": "bijeenkomsten",
	"kennis":      "kennis",
}

// errorsAt is the part where a form's errors show: its own part, or for
// a gate decision the gates' part, where its form is.
func errorsAt(flash string) string {
	if a := noticeAnchors[flash]; a != "" {
		return a
	}
	return "besluiten"
}

func (s *Service) fail(w http.ResponseWriter, r *http.Request, err error) { s.rd.Fail(w, r, err) }

// localize gives an English page the English of each field error: the
// module writes both, and a message with a number or a name in it has no
// entry in the catalog.
func localize(r *http.Request, fields []web.FieldError) []web.FieldError {
	if web.LangFromRequest(r) != web.LangEN {
		return fields
	}
	out := make([]web.FieldError, len(fields))
	for i, f := range fields {
		out[i] = f
		if f.English != "" {
			out[i].Message = f.English
		}
	}
	return out
}

// formMap keeps every posted value, to fill the form in again.
func formMap(r *http.Request) map[string]string {
	m := map[string]string{}
	for k, v := range r.PostForm {
		if len(v) > 0 {
			m[k] = v[0]
		}
	}
	return m
}

// post is a form on the project page: on bad input the page shows again
// with every error at its field and what was typed; otherwise the page
// shows with the confirmation at the form's section.
func (s *Service) post(flash string, do func(ctx context.Context, p *auth.Principal, id int64, r *http.Request) error) http.HandlerFunc {
	return s.postSaying(flash, func(ctx context.Context, p *auth.Principal, id int64, r *http.Request) (string, error) {
		return flash, do(ctx, p, id, r)
	})
}

// postSaying is post whose action names its own confirmation, for a form
// whose outcome decides what the person is told (a gate: on or stopped);
// flash is the form's part for its errors.
func (s *Service) postSaying(flash string, do func(ctx context.Context, p *auth.Principal, id int64, r *http.Request) (string, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := web.ParseForm(r); err != nil {
			s.fail(w, r, err)
			return
		}
		id, err := web.PathID(r, "id")
		if err != nil {
			s.fail(w, r, err)
			return
		}
		p := auth.FromContext(r.Context())
		said, err := do(r.Context(), p, id, r)
		if fields, ok := web.FieldErrorsOf(err); ok {
			s.renderProject(w, r, p, id, http.StatusUnprocessableEntity, localize(r, fields), formMap(r), partOf("", flash), errorsAt(flash))
			return
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		flash := said
		// The confirmation's key goes in the query, before the section's
		// fragment, or the browser would keep it out of the request. A
		// gate lands at the top: the next phase's work now leads the page.
		target := "/innovatie/projecten/" + strconv.FormatInt(id, 10) + "?" + web.FlashParam + "=" + flash
		if anchor := noticeAnchors[flash]; anchor != "" {
			target += "#sectie-" + anchor
		}
		http.Redirect(w, r, target, http.StatusSeeOther)
	}
}

func (s *Service) themePost(flash string, do func(ctx context.Context, p *auth.Principal, code string, r *http.Request) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := web.ParseForm(r); err != nil {
			s.fail(w, r, err)
			return
		}
		p := auth.FromContext(r.Context())
		code := r.PathValue("code")
		err := do(r.Context(), p, code, r)
		if fields, ok := web.FieldErrorsOf(err); ok {
			s.renderTheme(w, r, p, code, http.StatusUnprocessableEntity, localize(r, fields), formMap(r), themeAnchors[flash])
			return
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		// The code named a network (do found it), so it is one of ours.
		http.Redirect(w, r, "/innovatie/themas/"+code+"?"+web.FlashParam+"="+flash+"#sectie-"+themeAnchors[flash], http.StatusSeeOther)
	}
}

type indexPage struct {
	Provider, Professional, Council, Relative, Monitor bool
	Projects                                           []Project
	Themes                                             []Theme
	Networks                                           bool
}

func (s *Service) handleIndex(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	d := indexPage{Provider: p.Role == auth.RoleAanbieder, Professional: p.Role == auth.RoleZorgverlener, Council: IsCouncil(p),
		Relative: p.Role == auth.RoleNaaste && !IsCouncil(p), Monitor: slices.Contains(figureReaders, p.Role), Themes: Themes(), Networks: canReadNetworks(p)}
	ps, err := s.Projects(r.Context(), p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Projects = ps
	s.rd.Render(w, r, http.StatusOK, s.tmpl["index"], web.Page{Title: "Innovatie", Data: d, Flash: web.Flash(r, flashes)})
}

func (s *Service) handleGuide(w http.ResponseWriter, r *http.Request) {
	s.rd.Render(w, r, http.StatusOK, s.tmpl["guide"], web.Page{Title: "Meedoen als cliëntenraad", Data: nil})
}

type newPage struct {
	Themes   []Theme
	Involved []struct{ Code, Label string }
	Orgs     []NamedID
}

func (s *Service) newPageData(ctx context.Context, p *auth.Principal) (newPage, error) {
	d := newPage{Themes: Themes(), Involved: involvedGroups}
	names, err := s.orgs.Names(ctx, p.Scope.Organisations)
	if err != nil {
		return d, err
	}
	for _, o := range p.Scope.Organisations {
		d.Orgs = append(d.Orgs, NamedID{ID: o, Name: names[o]})
	}
	return d, nil
}

func (s *Service) handleNewForm(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	d, err := s.newPageData(r.Context(), p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	form := map[string]string{"soort": string(KindTechnology)}
	if k := r.URL.Query().Get("soort"); k == string(KindSocial) {
		form["soort"] = k
	}
	s.rd.Render(w, r, http.StatusOK, s.tmpl["new"], web.Page{Title: "Nieuw innovatieproject", Data: d, Form: form})
}

// projectForm reads the care-question form.
func projectForm(r *http.Request) ProjectInput {
	org, _ := strconv.ParseInt(r.PostFormValue("organisatie"), 10, 64)
	return ProjectInput{OrganisationID: org, Kind: Kind(r.PostFormValue("soort")), Title: r.PostFormValue("titel"), Theme: r.PostFormValue("thema"),
		ClientGroup: r.PostFormValue("doelgroep"), Question: r.PostFormValue("zorgvraag"), DiffClient: r.PostFormValue("verschil_client"),
		DiffProfessional: r.PostFormValue("verschil_professional"), Involved: r.PostForm["betrokken"], ExpectedClients: r.PostFormValue("verwacht")}
}

func (s *Service) handleCreate(w http.ResponseWriter, r *http.Request) {
	if err := web.ParseForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	p := auth.FromContext(r.Context())
	id, err := s.CreateProject(r.Context(), p, projectForm(r))
	if fields, ok := web.FieldErrorsOf(err); ok {
		d, derr := s.newPageData(r.Context(), p)
		if derr != nil {
			s.fail(w, r, derr)
			return
		}
		form := formMap(r)
		form["betrokken"] = strings.Join(r.PostForm["betrokken"], ",")
		s.rd.Render(w, r, http.StatusUnprocessableEntity, s.tmpl["new"], web.Page{Title: "Nieuw innovatieproject", Data: d, Form: form, Errors: localize(r, fields)})
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	web.SeeOther(w, r, "/innovatie/projecten/"+strconv.FormatInt(id, 10), "gestart")
}

// projectPage is the project page's data.
type projectPage struct {
	ProjectView
	Edit, Contribute, Council bool
	Layout                    PageLayout
	// NoticeAt is the part whose form was just used: its confirmation or
	// its errors show there (see noticeAnchors).
	NoticeAt string
	// CatalogueTheme are the catalogue's technologies of the project's
	// theme, offered first when choosing candidates; CatalogueOther the
	// rest. Technologies already on the list are left out of both.
	CatalogueTheme, CatalogueOther []Technology
	Steps                          []struct{ Code, Label string }
	Groups                         []struct{ Code, Label string }
	StopCategories                 []struct{ Code, Label string }
	Readiness                      []Readiness
	Themes                         []Theme
	Involved                       []struct{ Code, Label string }
	Pick                           clients.Pick
	HasPick                        bool
	SleepChart                     template.HTML
	SleepTable                     template.HTML
	ScaleChart                     template.HTML
	ScaleTable                     template.HTML
}

func (s *Service) handleProject(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	open := partOf("", r.URL.Query().Get(web.FlashParam))
	if r.URL.Query().Has("client_zoek") || r.URL.Query().Has("client") {
		open = "deelnemers"
	}
	s.renderProject(w, r, auth.FromContext(r.Context()), id, http.StatusOK, nil, nil, open, noticeAnchors[r.URL.Query().Get(web.FlashParam)])
}

// renderProject shows the project page; open names the part of the page
// whose form was just used, which opens even when it belongs to a phase
// already passed; noticeAt names the part where the confirmation or the
// errors show ("" for the page's top).
func (s *Service) renderProject(w http.ResponseWriter, r *http.Request, p *auth.Principal, id int64, status int, errs []web.FieldError, form map[string]string, open, noticeAt string) {
	ctx := r.Context()
	v, err := s.View(ctx, p, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := projectPage{ProjectView: v, Edit: v.Level == LevelEdit, Contribute: v.Level >= LevelContribute, Council: v.Level == LevelCouncil,
		Steps: stepsFor(v.Kind), Groups: measureGroups, StopCategories: stopCategories, Readiness: []Readiness{ReadyYes, ReadyPartly, ReadyNo}, Themes: Themes(), Involved: involvedGroups}
	if v.Kind == KindSocial && open == "verkennen" {
		open = "aanpak"
	}
	d.Layout = layout(v.Project, v.Gates, open, v.TasksDone < len(v.Tasks))
	if d.Edit && v.Kind == KindTechnology && (v.Phase == PhaseExplore || v.Phase == PhaseChoice) {
		all, err := s.store.technologies(ctx, "")
		if err != nil {
			s.fail(w, r, err)
			return
		}
		d.CatalogueTheme, d.CatalogueOther = splitCatalogue(all, v.Theme, v.Candidates)
	}
	if d.Contribute && !v.Stopped() {
		chosen, _ := strconv.ParseInt(r.URL.Query().Get("client"), 10, 64)
		req := pickRequest(id, chosen)
		req.Query = r.URL.Query().Get("client_zoek")
		if d.Pick, err = s.reg.Find(ctx, p, req); err != nil {
			s.fail(w, r, err)
			return
		}
		d.HasPick = true
	}
	lang := web.LangFromRequest(r)
	d.SleepChart, d.SleepTable = sleepChart(v.Sleep, lang)
	d.ScaleChart, d.ScaleTable = scaleChart(v.ScaleHistory, lang)
	if form == nil {
		form = map[string]string{}
	}
	fillProjectForm(form, v.Project, d.Next)
	fillMatrixForm(form, v.Matrix)
	d.NoticeAt = noticeShownAt(d, noticeAt)
	s.rd.Render(w, r, status, s.tmpl["project"], web.Page{Title: "Innovatieproject", Data: d, Errors: errs, Form: form, Flash: web.Flash(r, flashes), NoticeInPlace: d.NoticeAt != ""})
}

// fillProjectForm puts the project's current values in the forms where
// nothing was posted.
func fillProjectForm(form map[string]string, p Project, next Phase) {
	set := func(k, v string) {
		if _, ok := form[k]; !ok {
			form[k] = v
		}
	}
	set("titel", p.Title)
	set("thema", p.Theme)
	set("doelgroep", p.ClientGroup)
	set("zorgvraag", p.Question)
	set("verschil_client", p.DiffClient)
	set("verschil_professional", p.DiffProfessional)
	set("betrokken", strings.Join(p.Involved, ","))
	if p.ExpectedClients > 0 {
		set("verwacht", strconv.Itoa(p.ExpectedClients))
	}
	set("scan_org", string(p.ScanOrg))
	set("scan_it", string(p.ScanIT))
	set("scan_finance", string(p.ScanFinance))
	set("scan_staff", string(p.ScanStaff))
	set("scan_toelichting", p.ScanNote)
	set("aanpak", p.Approach)
	set("keuze_reden", p.ChoiceReason)
	if p.TechnologyID != 0 {
		set("technologie", strconv.FormatInt(p.TechnologyID, 10))
	}
	set("naar", string(next))
}

// splitCatalogue puts the technologies of the project's theme first: a
// project looks for an answer to its own care question, and the 55
// technologies of all six themes in one list bury those few. What is on
// the list already is not offered again.
func splitCatalogue(all []Technology, theme string, listed []Technology) (own, other []Technology) {
	on := map[int64]bool{}
	for _, t := range listed {
		on[t.ID] = true
	}
	for _, t := range all {
		switch {
		case on[t.ID]:
		case t.Theme == theme:
			own = append(own, t)
		default:
			other = append(other, t)
		}
	}
	return own, other
}

// decodeMatrixForm reads the decision matrix without the database, so it
// can be fuzzed (issue 18): rows criterium-i, gewicht-i and
// score-i-<technology id>; checkMatrix checks them, for the API too. Only
// an id as the page writes it counts: score-0-3 and score-0-03 would both
// name technology 3, and which won depended on the map's order (found by
// FuzzMatrixForm).
func decodeMatrixForm(f url.Values) []CriterionInput {
	var rows []CriterionInput
	for i := 0; i < maxCriteria; i++ {
		k := strconv.Itoa(i)
		row := CriterionInput{Name: f.Get("criterium-" + k), Weight: f.Get("gewicht-" + k), Scores: map[int64]string{}}
		for name, vals := range f {
			if rest, ok := strings.CutPrefix(name, "score-"+k+"-"); ok && len(vals) > 0 {
				if t, err := strconv.ParseInt(rest, 10, 64); err == nil && strconv.FormatInt(t, 10) == rest {
					row.Scores[t] = vals[0]
				}
			}
		}
		rows = append(rows, row)
	}
	return rows
}

// maxCriteria is how many rows the matrix form offers.
const maxCriteria = 6

// The theme network's form decoders read its forms without the database,
// so they can be fuzzed (issue 18); checkMember, checkMeeting and
// checkLink check what they read, for the API too. themePost parses the
// form first.

// decodeMemberForm reads the form that invites a network member.
func decodeMemberForm(f url.Values) MemberInput {
	return MemberInput{Name: f.Get("lid_naam"), Organisation: f.Get("lid_organisatie"), Kind: f.Get("lid_soort")}
}

// decodeMeetingForm reads the form that records a network meeting.
func decodeMeetingForm(f url.Values) MeetingInput {
	return MeetingInput{HeldOn: f.Get("bijeenkomst_datum"), Title: f.Get("bijeenkomst_titel"), Summary: f.Get("bijeenkomst_verslag")}
}

// decodeLinkForm reads the form that shares a knowledge link.
func decodeLinkForm(f url.Values) LinkInput {
	return LinkInput{Title: f.Get("kennis_titel"), URL: f.Get("kennis_url")}
}

// The project page's form decoders read its forms without the database,
// so they can be fuzzed (issue 18); checkScan, checkChoice, checkTask,
// checkMeasure, checkFollowUp, checkScale and checkGate check what they
// read, for the API too, with what only the database knows left to the
// service. post parses the form first.

// decodeScanForm reads the readiness self-scan.
func decodeScanForm(f url.Values) ScanInput {
	return ScanInput{Organisation: Readiness(f.Get("scan_org")), IT: Readiness(f.Get("scan_it")), Finance: Readiness(f.Get("scan_finance")),
		Staff: Readiness(f.Get("scan_staff")), Note: f.Get("scan_toelichting")}
}

// decodeChoiceForm reads the choice: a technology (0 when none or not a
// number) or, for the social route, the approach, and the reason.
func decodeChoiceForm(f url.Values) ChoiceInput {
	return ChoiceInput{TechnologyID: formInt(f, "technologie"), Approach: f.Get("aanpak"), Reason: f.Get("keuze_reden")}
}

// formInt is the id in field, or 0 when it is missing or not a number.
// strconv.ParseInt gives the largest int64 with its error for a number
// out of range, which a decoder ignoring the error took for an id
// (FuzzParticipantForm, "9227000000000000000").
func formInt(f url.Values, field string) int64 {
	n, err := strconv.ParseInt(f.Get(field), 10, 64)
	if err != nil {
		return 0
	}
	return n
}

// decodeTaskForm reads a task of the implementation plan.
func decodeTaskForm(f url.Values) TaskInput {
	return TaskInput{Step: f.Get("stap"), Title: f.Get("taak"), Owner: f.Get("eigenaar"), Due: f.Get("datum"), Risk: f.Get("risico")}
}

// decodeMeasureForm reads a baseline measurement.
func decodeMeasureForm(f url.Values) MeasureInput {
	return MeasureInput{Group: f.Get("groep"), Name: f.Get("maat"), Unit: f.Get("eenheid"), Baseline: f.Get("nulmeting"), MeasuredOn: f.Get("gemeten")}
}

// decodeFollowUpForm reads the follow-up of measure measureID, whose
// fields carry its id (the page has a form per measure).
func decodeFollowUpForm(f url.Values, measureID int64) FollowUpInput {
	k := strconv.FormatInt(measureID, 10)
	return FollowUpInput{Value: f.Get("vervolg-" + k), On: f.Get("vervolgdatum-" + k)}
}

// decodeScaleForm reads a client count at a location (location 0 when
// none or not a number).
func decodeScaleForm(f url.Values) ScaleInput {
	return ScaleInput{LocationID: formInt(f, "locatie"), Clients: f.Get("aantal"), On: f.Get("peildatum")}
}

// candidateForm is the form that puts a catalogue technology on the list
// to compare or, with actie=weg, takes it off.
type candidateForm struct {
	TechnologyID int64
	Remove       bool
}

// decodeCandidateForm reads the candidate form: a technology id above 0
// (whether the catalogue has it is AddCandidate's to check) and the
// action.
func decodeCandidateForm(f url.Values) (candidateForm, []web.FieldError) {
	id, err := strconv.ParseInt(strings.TrimSpace(f.Get("technologie")), 10, 64)
	if err != nil || id <= 0 {
		return candidateForm{}, []web.FieldError{{Field: "technologie", Message: "Kies een technologie uit de catalogus.", English: "Choose from the list."}}
	}
	return candidateForm{TechnologyID: id, Remove: f.Get("actie") == "weg"}, nil
}

// decodeParticipantForm reads the client chosen with the picker on the
// page of project projectID: an id above 0, or the picker's error (the
// register checks the client in AddParticipant).
func decodeParticipantForm(f url.Values, projectID int64) (int64, []web.FieldError) {
	c := formInt(f, "client")
	if c <= 0 {
		return 0, []web.FieldError{clients.Pick{PickRequest: pickRequest(projectID, 0)}.Error()}
	}
	return c, nil
}

// decodeGateForm reads a gate decision; naar names the phase the form was
// made for.
func decodeGateForm(f url.Values) GateInput {
	return GateInput{To: Phase(f.Get("naar")), Decision: f.Get("besluit"), Reason: f.Get("reden"), StopCategory: f.Get("stopreden")}
}
