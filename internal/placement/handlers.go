package placement

import (
	"cmp"
	"embed"
	"errors"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/chart"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/export"
	"github.com/volwaardig/volwaardig/internal/orgs"
	"github.com/volwaardig/volwaardig/internal/web"
)

//go:embed templates
var templatesFS embed.FS

type pageTemplates struct {
	register, person, newCase, proposals, agenda, gaps, batch, run, provider, placeForm, placeEdit, mine, monitor, importer *template.Template
}

func staff() auth.Rule     { return auth.Roles(auth.RoleZorgkantoor) }
func provider() auth.Rule  { return auth.Roles(auth.RoleAanbieder) }
func own() auth.Rule       { return auth.Roles(auth.RoleClient, auth.RoleNaaste) }
func answerers() auth.Rule { return auth.Roles(auth.RoleAanbieder, auth.RoleZorgkantoor) }
func figures() auth.Rule   { return auth.Roles(auth.RoleZorgkantoor, auth.RoleProgramma) }
func holders() auth.Rule   { return auth.Roles(auth.RoleAanbieder, auth.RoleZorgkantoor) }

// maxUpload limits an imported list.
const maxUpload = 4 << 20

// parseTemplates parses the pages once, when the module is built with a
// renderer.
func (s *Service) parseTemplates() {
	s.rd.Catalog.Add(translations)
	s.rd.Catalog.Add(matchingTranslations)
	s.rd.Catalog.Add(caseworkTranslations)
	parse := func(f string) *template.Template {
		return s.rd.Parse(templatesFS, "templates/"+f, "templates/parts.html")
	}
	s.pages = &pageTemplates{register: parse("register.html"), person: s.rd.Parse(templatesFS, "templates/person.html", "templates/parts.html", "templates/ranking.html", "templates/casework.html"), newCase: clients.ParsePicker(s.rd, parse("newcase.html")), proposals: parse("proposals.html"),
		agenda: parse("agenda.html"), gaps: parse("gaps.html"), batch: parse("batch.html"), run: parse("run.html"), provider: parse("provider.html"),
		placeForm: parse("placeform.html"), placeEdit: parse("placeedit.html"), mine: parse("mine.html"), monitor: parse("monitor.html"), importer: parse("import.html")}
}

// Routes registers the pages, forms and JSON API with their access rules.
func (s *Service) Routes(rt *web.Router) {
	rt.HandleFunc("GET /complexe-zorg", staff(), s.registerPage)
	rt.HandleFunc("GET /complexe-zorg/export.csv", staff(), s.exportList)
	rt.HandleFunc("GET /complexe-zorg/export.xlsx", staff(), s.exportList)
	rt.HandleFunc("GET /complexe-zorg/nieuw", staff(), s.newCasePage)
	rt.HandleFunc("POST /complexe-zorg/nieuw", staff(), s.newCaseSubmit)
	rt.HandleFunc("GET /complexe-zorg/personen/{id}", staff(), s.personPage)
	rt.HandleFunc("POST /complexe-zorg/personen/{id}/fase", staff(), s.transitionSubmit)
	rt.HandleFunc("POST /complexe-zorg/personen/{id}/voorstel", staff(), s.proposeSubmit)
	rt.HandleFunc("POST /complexe-zorg/personen/{id}/nazorg", staff(), s.followUpSubmit)
	rt.HandleFunc("POST /complexe-zorg/personen/{id}/herindicatie", staff(), s.reassessSubmit)
	rt.HandleFunc("POST /complexe-zorg/personen/{id}/gegevens", staff(), s.editSubmit)
	rt.HandleFunc("POST /complexe-zorg/personen/{id}/notities", staff(), s.noteSubmit)
	rt.HandleFunc("POST /complexe-zorg/personen/{id}/consultaties", staff(), s.consultSubmit)
	rt.HandleFunc("POST /complexe-zorg/personen/{id}/consultaties/{cid}/antwoord", staff(), s.consultAnswerSubmit)
	rt.HandleFunc("GET /complexe-zorg/voorstellen", answerers(), s.proposalsPage)
	rt.HandleFunc("GET /complexe-zorg/voorstellen/export.csv", answerers(), s.exportProposals)
	rt.HandleFunc("GET /complexe-zorg/voorstellen/export.xlsx", answerers(), s.exportProposals)
	rt.HandleFunc("GET /complexe-zorg/plekken/export.csv", holders(), s.exportPlaces)
	rt.HandleFunc("GET /complexe-zorg/plekken/export.xlsx", holders(), s.exportPlaces)
	rt.HandleFunc("GET /complexe-zorg/tekorten/export.csv", figures(), s.exportGaps)
	rt.HandleFunc("GET /complexe-zorg/tekorten/export.xlsx", figures(), s.exportGaps)
	rt.HandleFunc("POST /complexe-zorg/voorstellen/{id}/antwoord", answerers(), s.answerSubmit)
	rt.HandleFunc("GET /complexe-zorg/agenda", staff(), s.agendaPage)
	rt.HandleFunc("POST /complexe-zorg/agenda/{id}/besluit", staff(), s.decideSubmit)
	rt.HandleFunc("GET /complexe-zorg/tekorten", figures(), s.gapsPage)
	rt.HandleFunc("GET /complexe-zorg/batch", staff(), s.batchPage)
	rt.HandleFunc("POST /complexe-zorg/batch", staff(), s.batchStart)
	rt.HandleFunc("GET /complexe-zorg/batch/{id}", staff(), s.runPage)
	rt.HandleFunc("POST /complexe-zorg/batch/{id}/versturen", staff(), s.runSend)
	rt.HandleFunc("GET /complexe-zorg/import", staff(), s.importPage)
	rt.HandleFunc("POST /complexe-zorg/import", staff(), s.importPreview, web.MaxBody(2*maxUpload))
	rt.HandleFunc("POST /complexe-zorg/import/bevestigen", staff(), s.importConfirm, web.MaxBody(3*maxUpload))
	rt.HandleFunc("GET /complexe-zorg/aanbieder", provider(), s.providerPage)
	rt.HandleFunc("GET /complexe-zorg/plekken/nieuw", provider(), s.placeFormPage)
	rt.HandleFunc("POST /complexe-zorg/plekken/nieuw", provider(), s.placeSubmit)
	rt.HandleFunc("GET /complexe-zorg/plekken/{id}", provider(), s.placeEditPage)
	rt.HandleFunc("POST /complexe-zorg/plekken/{id}", provider(), s.placeEditSubmit)
	rt.HandleFunc("POST /complexe-zorg/reserveringen", holders(), s.holdSubmit)
	rt.HandleFunc("POST /complexe-zorg/reserveringen/{id}/vrijgeven", holders(), s.releaseSubmit)
	rt.HandleFunc("GET /complexe-zorg/cijfers", figures(), s.monitorPage)
	rt.HandleFunc("GET /mijn/plaatsing", own(), s.minePage)
	rt.HandleFunc("POST /mijn/plaatsing/wensen", own(), s.mineWishes)
	rt.HandleFunc("POST /mijn/plaatsing/voorstellen/{id}", own(), s.mineAnswer)
	rt.HandleFunc("POST /mijn/plaatsing/bezwaar", own(), s.mineObject)
	s.apiRoutes(rt)

	rt.Nav(web.NavItem{Path: "/complexe-zorg", Label: "Complexe zorg", English: "Complex care", Summary: "Register van mensen met een zeer complexe zorgvraag, plekken, voorstellen en de regionale tafel.",
		SummaryEN: "Register of people with a very complex care need, places, proposals and the regional table.", Rule: staff(), Order: 20})
	rt.Nav(web.NavItem{Path: "/complexe-zorg/aanbieder", Label: "Plekken en voorstellen", English: "Places and proposals", Summary: "Uw plekken, reserveringen en voorstellen om te beantwoorden.",
		SummaryEN: "Your places, holds and proposals to answer.", Rule: provider(), Order: 20})
	rt.Nav(web.NavItem{Path: "/mijn/plaatsing", Label: "Waar sta ik", English: "Where do I stand", Summary: "Waar u staat in de zoektocht naar een passende plek, en uw wensen.",
		SummaryEN: "Where you stand in the search for a fitting place, and your wishes.", Rule: own(), Order: 20,
		RelativeLabel: "Zoektocht naar een plek", RelativeSummary: "Waar de zoektocht naar een passende plek staat voor wie u vertegenwoordigt, en de wensen."})
	rt.Nav(web.NavItem{Path: "/complexe-zorg/cijfers", Label: "Cijfers complexe zorg", English: "Complex care figures", Summary: "Mensen in beeld, verhuisd, anders geholpen; maatwerkplekken gerealiseerd en in gebruik.",
		SummaryEN: "People in view, moved, helped another way; purpose-built places realised and in use.", Rule: auth.Roles(auth.RoleProgramma), Order: 20})
}

var flashes = map[string]string{
	"aangemeld":       "De persoon staat in het register.",
	"fase":            "De stap is vastgelegd.",
	"voorstel":        "Het voorstel is verstuurd.",
	"nazorg":          "De nazorg is vastgelegd.",
	"herindicatie":    "De herindicatie is vastgelegd.",
	"antwoord":        "Uw antwoord is vastgelegd.",
	"besluit":         "Het besluit is vastgelegd.",
	"verstuurd":       "De voorstellen van de batch zijn verstuurd.",
	"geimporteerd":    "De lijst is ingelezen.",
	"plek":            "De plek is toegevoegd.",
	"plek-bijgewerkt": "De plek is bijgewerkt.",
	"reservering":     "De plek is gereserveerd.",
	"vrijgegeven":     "De reservering is vrijgegeven.",
	"wensen":          "Uw wensen zijn bewaard.",
	"bezwaar":         "Uw bezwaar is doorgegeven. Het zorgkantoor bespreekt het.",
	// casework (casework_pages.go)
	"gewijzigd":       "De wijzigingen zijn opgeslagen en staan in de geschiedenis.",
	"notitie":         "De notitie is toegevoegd.",
	"consultatie":     "De vraag om consultatie is vastgelegd.",
	"consultantwoord": "Het antwoord van de consulent is vastgelegd.",
}

// formError turns a domain error into the page's error summary, or
// reports false for an error that is not the user's to fix.
func formError(err error) ([]web.FieldError, int, bool) {
	e := web.AsError(err)
	switch e.Code {
	case web.CodeBadInput:
		// Every field at fault at once (web.Invalid), each at its field.
		return e.FieldErrors(), http.StatusUnprocessableEntity, true
	case web.CodeConflict:
		return []web.FieldError{{Message: e.Message}}, http.StatusConflict, true
	}
	return nil, 0, false
}

// registerPageSize is how many people one page of the register shows: a
// region at national scale has hundreds in view, and every row shown is an
// audited read, so the register pages instead of listing them all.
const registerPageSize = 100

type registerData struct {
	// Body is the table's rows, built in Go (registerBody).
	Body             template.HTML
	Rows             []registerRow
	Phases           []Phase
	Filter           string
	Now              time.Time
	Total, From, To  int
	Page, Prev, Next int
	More             bool
}

func (s *Service) registerPage(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	f := CaseFilter{}
	filter := r.URL.Query().Get("fase")
	if ph, err := ParsePhase(filter); err == nil {
		f.Phase = ph
	} else {
		filter = ""
	}
	page, _ := strconv.Atoi(r.URL.Query().Get("pagina"))
	if page < 1 {
		page = 1
	}
	total, err := s.CaseCount(r.Context(), p, f)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	f.Limit, f.Offset, f.RegisterOnly = registerPageSize, (page-1)*registerPageSize, true
	cs, err := s.Cases(r.Context(), p, f)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	lang := web.LangFromRequest(r)
	rows := s.registerRows(r, cs)
	d := registerData{Rows: rows, Body: registerBody(rows, func(nl string) string { return s.rd.Catalog.Translate(lang, nl) }), Phases: Phases(), Filter: filter, Now: s.now(),
		Total: total, From: f.Offset + 1, To: f.Offset + len(cs), Page: page, Prev: page - 1, Next: page + 1, More: f.Offset+len(cs) < total}
	s.rd.Render(w, r, http.StatusOK, s.pages.register, web.Page{Title: "Complexe zorg", Flash: web.Flash(r, flashes), Data: d})
}

// registerRow is one line of the register, with its texts translated and
// formatted in Go: the template then only prints fields, since every call
// from a template row into the page's helpers costs reflection, and the
// register is the page care offices open most.
type registerRow struct {
	CaseID                               int64
	Name, Region, Profile                string
	Meerzorg, Escalated, Urgent, Expired bool
	Waiting, Phase, Registered, Deadline string
}

func (s *Service) registerRows(r *http.Request, cs []Case) []registerRow {
	lang := web.LangFromRequest(r)
	tr := func(nl string) string { return s.rd.Catalog.Translate(lang, nl) }
	now := s.now()
	out := make([]registerRow, len(cs))
	for i, c := range cs {
		row := registerRow{CaseID: c.CaseID, Name: c.Name, Region: c.Region, Profile: string(c.Profile), Meerzorg: c.Meerzorg, Escalated: c.Escalated,
			Urgent: c.Waiting == UrgentPlaatsen, Waiting: tr(c.Waiting.Label()), Phase: tr(c.Phase.Label()), Registered: s.rd.Fmt.Date(c.RegisteredAt), Deadline: "—"}
		if !c.Deadline.IsZero() {
			row.Deadline = s.rd.Fmt.Date(c.Deadline)
			row.Expired = c.Phase.Open() && c.Deadline.Before(now)
		}
		out[i] = row
	}
	return out
}

// registerBody writes the register's rows. It is built in Go with
// web.Markup rather than ranged over in the template: html/template calls
// its escapers through reflection for each of the fifteen values of a row,
// and for a hundred rows that was a third of the page's CPU at national
// scale (issue 18). TestRegisterBodyIsTheTemplatesRows holds it to the
// template rows it replaced, hostile names included. tr translates the
// page's fixed words.
func registerBody(rows []registerRow, tr func(string) string) template.HTML {
	meerzorg, national, expired := tr("meerzorg"), tr("Landelijke tafel"), tr("verstreken")
	lRegio, lProfiel, lWacht, lFase, lAangemeld, lUiterste := tr("Regio"), tr("Zorgprofiel"), tr("Wachtstatus"), tr("Fase"), tr("Aangemeld"), tr("Uiterste datum")
	var m web.Markup
	m.Grow(len(rows) * 700)
	for _, r := range rows {
		m.Tag(`<tr>` + "\n" + `<th scope="row"><a href="/complexe-zorg/personen/`).Int(r.CaseID).Tag(`">`).Text(r.Name).Tag(`</a>`)
		if r.Escalated {
			m.Tag(` <span class="tag">`).Text(national).Tag(`</span>`)
		}
		m.Tag(`</th>` + "\n" + `<td data-label="`).Text(lRegio).Tag(`">`).Text(r.RegionLabel()).Tag(`</td><td data-label="`).Text(lProfiel).Tag(`">`).Text(r.Profile)
		if r.Meerzorg {
			m.Tag(` + `).Text(meerzorg)
		}
		m.Tag(`</td>` + "\n" + `<td data-label="`).Text(lWacht).Tag(`">`)
		if r.Urgent {
			m.Tag(`<strong class="tag tag--urgent">`).Text(r.Waiting).Tag(`</strong>`)
		} else {
			m.Tag(`<span class="tag">`).Text(r.Waiting).Tag(`</span>`)
		}
		m.Tag(`</td>` + "\n" + `<td data-label="`).Text(lFase).Tag(`">`).Text(r.Phase).Tag(`</td><td data-label="`).Text(lAangemeld).Tag(`">`).Text(r.Registered).Tag(`</td>` + "\n" + `<td data-label="`).Text(lUiterste).Tag(`">`).Text(r.Deadline)
		if r.Expired {
			m.Tag(` <strong class="tag tag--urgent">`).Text(expired).Tag(`</strong>`)
		}
		m.Tag(`</td>` + "\n" + `</tr>`)
	}
	return m.HTML()
}

func (s *Service) exportList(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	cs, err := s.Cases(r.Context(), p, CaseFilter{})
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	evs := make([]audit.Event, 0, len(cs))
	for _, c := range cs {
		evs = append(evs, caseEvent(audit.ActionExport, c))
	}
	if err := s.recordAll(r.Context(), p, evs); err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	t := export.Table{Name: "Register complexe zorg", Header: []string{"Casus", "Cliëntnummer", "Naam", "Regio", "Zorgprofiel", "Meerzorg", "Wzd", "Wachtstatus", "Fase", "Aangemeld", "Uiterste datum", "Dossierhouder"}}
	for _, c := range cs {
		var deadline any
		if !c.Deadline.IsZero() {
			deadline = export.Date(c.Deadline)
		}
		t.Rows = append(t.Rows, []any{c.CaseID, c.ClientID, c.Name, c.Region, string(c.Profile), c.Meerzorg, c.Wzd.Label(), c.Waiting.Label(), c.Phase.Label(), export.Date(c.RegisteredAt), deadline, c.Dossierhouder})
	}
	writeTable(w, r, t, "register-complexe-zorg")
}

// writeTable answers a list as CSV or, for a path ending in .xlsx, XLSX.
func writeTable(w http.ResponseWriter, r *http.Request, t export.Table, base string) {
	if strings.HasSuffix(r.URL.Path, ".xlsx") {
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", `attachment; filename="`+base+`.xlsx"`)
		_ = export.WriteXLSX(w, t)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+base+`.csv"`)
	_ = export.WriteCSV(w, t)
}

// exportProposals exports the proposals in the principal's scope (the
// proposals page's list); each exported row is an audited export.
func (s *Service) exportProposals(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	ps, err := s.Proposals(r.Context(), p, "")
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	t := export.Table{Name: "Voorstellen complexe zorg", Header: []string{"Voorstel", "Casus", "Naam", "Regio", "Plek", "Aanbieder", "Status", "Antwoord cliënt", "Antwoord aanbieder",
		"Reden afwijzing", "Urgentie", "Wachttijd", "Passendheid", "Afstand", "Kosten", "Aangemaakt"}}
	evs := make([]audit.Event, 0, len(ps))
	for _, pr := range ps {
		evs = append(evs, audit.Event{Action: audit.ActionExport, ClientID: pr.ClientID, Object: "placement_proposal", ObjectID: strconv.FormatInt(pr.ID, 10), Purpose: audit.PurposeMediation})
	}
	if err := s.recordAll(r.Context(), p, evs); err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	for _, pr := range ps {
		var reason string
		if pr.DeclineReason != "" {
			reason = pr.DeclineReason.Label()
		}
		t.Rows = append(t.Rows, []any{pr.ID, pr.CaseID, pr.ClientName, pr.Region, pr.PlaceName, pr.OrgName, pr.Status.Label(), pr.ClientAnswer, pr.ProviderAnswer,
			reason, pr.Terms.Urgency, pr.Terms.Waiting, pr.Terms.Misfit, pr.Terms.Distance, pr.Terms.Cost, export.Date(pr.CreatedAt)})
	}
	writeTable(w, r, t, "voorstellen-complexe-zorg")
}

// exportPlaces exports the places the principal sees: a provider its own,
// the care office every place. Places are no personal data.
func (s *Service) exportPlaces(w http.ResponseWriter, r *http.Request) {
	places, err := s.Places(r.Context(), auth.FromContext(r.Context()), nil)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	yes := func(b bool) string {
		if b {
			return "ja"
		}
		return "nee"
	}
	t := export.Table{Name: "Plekken complexe zorg", Header: []string{"Plek", "Naam", "Aanbieder", "Soort", "Regio", "Capaciteit", "Bezet", "Gereserveerd", "Vrij",
		"Zorgprofielen", "Prikkelarm", "1-op-1", "Besloten", "Rolstoel", "Wzd-accommodatie", "Aanpasbaar", "Expertise", "Gereed", "Kosten per jaar", "Breedtegraad", "Lengtegraad"}}
	for _, pl := range places {
		var ready any
		if !pl.ReadyDate.IsZero() {
			ready = export.Date(pl.ReadyDate)
		}
		t.Rows = append(t.Rows, []any{pl.ID, pl.Name, pl.Organisation, pl.Kind.Label(), pl.Region, pl.Capacity, pl.Occupied, pl.Held, pl.Free(),
			JoinProfiles(pl.Profiles), yes(pl.LowStimulus), yes(pl.OneToOne), yes(pl.Secured), yes(pl.Wheelchair), yes(pl.WzdAccommodation), yes(pl.Adaptable),
			JoinExpertise(pl.Expertise), ready, pl.CostPerYear, pl.Lat, pl.Lon})
	}
	writeTable(w, r, t, "plekken-complexe-zorg")
}

// exportGaps exports the gap analysis table (counts only) of the country
// and, for care-office staff, of each of their regions.
func (s *Service) exportGaps(w http.ResponseWriter, r *http.Request) {
	reports, err := s.gapReportsFor(r)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	t := export.Table{Name: "Tekortenanalyse", Header: []string{"Gebied", "Eis waaraan geen plek voldoet", "Code", "Mensen"}}
	for _, g := range reports {
		scope := g.Scope
		if scope == "" {
			scope = "Nederland"
		}
		t.Rows = append(t.Rows, []any{scope, "Mensen in beeld zonder passende plek", "", g.WithoutPlace.String()})
		for _, x := range g.Gaps {
			t.Rows = append(t.Rows, []any{scope, x.Need, x.Code, x.People.String()})
		}
	}
	writeTable(w, r, t, "tekorten-complexe-zorg")
}

// gapReportsFor returns the gap reports the viewer sees, small numbers
// suppressed: a care office's own regions, then the country.
func (s *Service) gapReportsFor(r *http.Request) ([]GapReport, error) {
	p := auth.FromContext(r.Context())
	regions, country, err := s.GapFigures(r.Context(), p)
	if err != nil {
		return nil, err
	}
	var out []GapReport
	if p.Role == auth.RoleZorgkantoor {
		for _, g := range regions {
			if p.InRegion(g.Scope) {
				out = append(out, g)
			}
		}
	}
	return append(out, country), nil
}

// shownCount is a suppressed count (-1) as exports show it.

type newCaseData struct {
	// Pick is the client picker: the form starts by finding the person.
	Pick clients.Pick
	// Municipalities are the choices of the family's home (a datalist).
	Municipalities []orgs.Municipality
	Providers      []orgChoice
	Profiles       []Profile
	Statuses       []WaitingStatus
	Wzd            []WzdStatus
	AgeGroups      []AgeGroup
	Expertises     []Expertise
	Regions        []string
	// WishRegions are all 31 regions, chosen by name for a wish to live
	// elsewhere (the field asked for a typed code).
	WishRegions []orgs.Region
}

// orgChoice is a provider in a form's list.
type orgChoice struct {
	ID   int64
	Name string
}

func (s *Service) newCaseData(r *http.Request, p *auth.Principal, pick clients.Pick) (newCaseData, error) {
	d := newCaseData{Pick: pick, Municipalities: orgs.Municipalities(), Profiles: Profiles(), Statuses: WaitingStatuses(), Wzd: WzdStatuses(), AgeGroups: AgeGroups(), Expertises: Expertises(), Regions: p.Scope.Regions, WishRegions: orgs.CareOfficeRegions()}
	// The wished provider is chosen from the organisations that hold places.
	ids, err := s.store.providersWithPlaces(r.Context(), s.db)
	if err != nil {
		return d, err
	}
	names, err := s.orgs.Names(r.Context(), ids)
	if err != nil {
		return d, err
	}
	for _, id := range ids {
		d.Providers = append(d.Providers, orgChoice{ID: id, Name: names[id]})
	}
	slices.SortFunc(d.Providers, func(a, b orgChoice) int {
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return d, nil
}

// newCasePick runs the client picker of the registration form: the query
// and the choice come from the picker's GET form, the choice also from
// the posted form's hidden field.
func (s *Service) newCasePick(r *http.Request, p *auth.Principal, query, chosen string) (clients.Pick, error) {
	id, _ := strconv.ParseInt(strings.TrimSpace(chosen), 10, 64)
	return s.reg.Find(r.Context(), p, clients.PickRequest{Field: "client", Action: "/complexe-zorg/nieuw", Query: query, Chosen: max(id, 0)})
}

func (s *Service) newCasePage(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	q := r.URL.Query()
	pick, err := s.newCasePick(r, p, q.Get("client_zoek"), q.Get("client"))
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	form := map[string]string{"aangemeld": s.now().In(web.Amsterdam()).Format("02-01-2006")}
	var errs []web.FieldError
	if pick.Refused {
		errs = append(errs, pick.Error())
	}
	data, err := s.newCaseData(r, p, pick)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	s.rd.Render(w, r, http.StatusOK, s.pages.newCase, web.Page{Title: "Persoon aanmelden", Data: data, Form: form, Errors: errs})
}

// personFromForm reads the register form; errors name the fields.
func personFromForm(r *http.Request) (Person, map[string]string, []web.FieldError) {
	form := map[string]string{}
	for k, v := range r.PostForm {
		if len(v) > 0 {
			form[k] = strings.Join(v, ",")
		}
	}
	rec := make([]string, len(ImportColumns))
	col := map[string]int{}
	for i, c := range ImportColumns {
		col[c] = i
		rec[i] = form[c]
	}
	// Checkboxes send "ja" only when ticked.
	row := parseRow(rec, col, 0)
	var errs []web.FieldError
	for _, e := range row.Errors {
		field, msg, _ := strings.Cut(e, ": ")
		errs = append(errs, web.FieldError{Field: field, Message: msg})
	}
	return row.Person, form, errs
}

func (s *Service) newCaseSubmit(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	if err := web.ParseForm(r); err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	// The client comes from the picker only: a typed number or BSN in
	// the post is ignored.
	pick, err := s.newCasePick(r, p, "", r.PostForm.Get("client"))
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	r.PostForm.Del("bsn")
	r.PostForm.Del("client_id")
	if pick.Picked.ID != 0 {
		r.PostForm.Set("client_id", strconv.FormatInt(pick.Picked.ID, 10))
	}
	person, form, rowErrs := personFromForm(r)
	var errs []web.FieldError
	if pick.Picked.ID == 0 {
		errs = append(errs, pick.Error())
	}
	for _, e := range rowErrs {
		if e.Field != "client_id" {
			errs = append(errs, e)
		}
	}
	person.WishesClient = strings.TrimSpace(r.PostForm.Get("wensen_client"))
	if len(errs) == 0 {
		id, err := s.Register(r.Context(), p, person, true)
		if err == nil {
			web.SeeOther(w, r, "/complexe-zorg/personen/"+strconv.FormatInt(id, 10), "aangemeld")
			return
		}
		fe, _, ok := formError(err)
		if !ok {
			s.rd.Fail(w, r, err)
			return
		}
		errs = fe
	}
	data, err := s.newCaseData(r, p, pick)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	s.rd.Render(w, r, http.StatusUnprocessableEntity, s.pages.newCase, web.Page{Title: "Persoon aanmelden", Data: data, Errors: errs, Form: form})
}

type personData struct {
	Case    Case
	Ranking []Explanation // every place, only when the user asks for all
	// Fits and Near are the readable ranking (Shortlist): the few places
	// that fit, then the near misses with their one reason.
	Fits, Near []Explanation
	// OpenProposal is true while a proposal waits for answers: the
	// ranking then offers no second one.
	OpenProposal bool
	AllPlaces    int
	ShowAll      bool
	Transitions  []Transition
	Proposals    []Proposal
	Holds        []Hold
	Decisions    []DecisionRecord
	FollowUps    []FollowUp
	Reassessed   []Reassessment
	WishOrg      string // name of the wished provider, "" = none
	// Indication is the CIZ indication number, Municipality the name of
	// the family's municipality ("" = not known).
	Indication, Municipality string
	Profiles                 []Profile
	Wzd                      []WzdStatus
	Next                     []Phase
	FollowDue                []time.Time
	Reasons                  []DeclineReason
	// Casework (casework.go): the change history, notes, consults, the
	// whole course in one timeline, and the edit form's choices.
	Changes     []CaseChange
	Notes       []Note
	Consults    []Consult
	Timeline    []TimelineEntry
	Waiting     []WaitingStatus
	Expertise   []expertiseChoice
	Consultants []Consultant
	Wellbeing   []Wellbeing
	// Staff are the care-office accounts of the case's region, offered by
	// name as its vaste contactpersoon; Contact is the one chosen (zero
	// for none).
	Staff   []auth.Member
	Contact auth.Contact
}

// fitsShown and nearShown are how many fitting places and near misses
// the person page shows unless the user asks for all: a short list one
// reads, not the country's places.
const (
	fitsShown = 5
	nearShown = 5
)

func (s *Service) personData(r *http.Request, id int64) (personData, error) {
	p := auth.FromContext(r.Context())
	ctx := r.Context()
	c, err := s.Case(ctx, p, id)
	if err != nil {
		return personData{}, err
	}
	d := personData{Case: c, Next: c.Phase.Allowed(), Reasons: DeclineReasons(), Profiles: Profiles(), Wzd: WzdStatuses(),
		Waiting: WaitingStatuses(), Consultants: Consultants(), Wellbeing: WellbeingScale()}
	places, err := s.placesFor(ctx, c.CaseID)
	if err != nil {
		return d, err
	}
	d.AllPlaces = len(places)
	ranked := Rank(c.Person, places, s.now())
	d.Fits, d.Near = Shortlist(ranked, fitsShown, nearShown)
	d.ShowAll = r.URL.Query().Get("alle") == "1"
	if d.ShowAll {
		d.Ranking = ranked
	}
	if d.Transitions, err = s.store.listTransitions(ctx, s.db, id); err != nil {
		return d, err
	}
	if d.Proposals, err = s.store.listProposals(ctx, s.db, "pp.case_id = $1 AND pp.status <> 'concept'", id); err != nil {
		return d, err
	}
	for _, pr := range d.Proposals {
		d.OpenProposal = d.OpenProposal || pr.Status == ProposalOpen
	}
	if d.Holds, err = s.store.listHolds(ctx, s.db, "h.case_id = $1", id); err != nil {
		return d, err
	}
	if d.Decisions, err = s.store.listDecisions(ctx, s.db, id); err != nil {
		return d, err
	}
	if d.FollowUps, err = s.store.listFollowUps(ctx, s.db, id); err != nil {
		return d, err
	}
	if d.Reassessed, err = s.store.listReassessments(ctx, s.db, id); err != nil {
		return d, err
	}
	var muni string
	if muni, d.Indication, err = s.store.caseIdentity(ctx, s.db, id); err != nil {
		return d, err
	}
	if m, ok := orgs.MunicipalityByCode(muni); ok {
		d.Municipality = m.Name
	}
	if d.Changes, err = s.store.listChanges(ctx, s.db, id); err != nil {
		return d, err
	}
	if d.Notes, err = s.store.listNotes(ctx, s.db, id); err != nil {
		return d, err
	}
	if d.Consults, err = s.store.listConsults(ctx, s.db, id); err != nil {
		return d, err
	}
	if d.Staff, err = s.caseStaff(ctx, c.Region); err != nil {
		return d, err
	}
	contacts, err := s.store.caseContacts(ctx, []int64{id})
	if err != nil {
		return d, err
	}
	d.Contact = contacts[id]
	d.Timeline = caseTimeline(func(nl string) string { return s.rd.Catalog.Translate(web.LangFromRequest(r), nl) }, d.Transitions, d.Changes, d.Notes, d.Consults, d.Proposals, d.Decisions, d.Reassessed, d.FollowUps)
	if c.WishOrganisation > 0 {
		names, err := s.orgs.Names(ctx, []int64{c.WishOrganisation})
		if err != nil {
			return d, err
		}
		d.WishOrg = names[c.WishOrganisation]
	}
	if c.Phase == Verhuisd {
		for _, t := range d.Transitions {
			if t.To == Verhuisd {
				d.FollowDue = FollowUpDue(t.At)
			}
		}
	}
	return d, nil
}

func (s *Service) personPage(w http.ResponseWriter, r *http.Request) {
	s.renderPerson(w, r, http.StatusOK, nil, nil)
}

func (s *Service) renderPerson(w http.ResponseWriter, r *http.Request, status int, errs []web.FieldError, form map[string]string) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	d, err := s.personData(r, id)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	if form[editMarker] == "" {
		// The edit form shows the case as it stands; the other forms'
		// submitted values stay.
		f := editForm(d.Case)
		for k, v := range form {
			f[k] = v
		}
		form = f
	}
	d.Expertise = expertiseChoices(form)
	s.rd.Render(w, r, status, s.pages.person, web.Page{Title: "Persoon in beeld", Data: d, Flash: web.Flash(r, flashes), Errors: errs, Form: form})
}

// afterAction redirects on success or re-renders the page with the error.
func (s *Service) afterAction(w http.ResponseWriter, r *http.Request, err error, okPath, melding string, rerender func(status int, errs []web.FieldError)) {
	if err == nil {
		web.SeeOther(w, r, okPath, melding)
		return
	}
	errs, status, ok := formError(err)
	if !ok {
		s.rd.Fail(w, r, err)
		return
	}
	rerender(status, errs)
}

func (s *Service) personAction(w http.ResponseWriter, r *http.Request, do func(p *auth.Principal, id int64) error, melding string) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	if err := web.ParseForm(r); err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	err = do(auth.FromContext(r.Context()), id)
	s.afterAction(w, r, err, "/complexe-zorg/personen/"+strconv.FormatInt(id, 10), melding, func(status int, errs []web.FieldError) {
		form := map[string]string{}
		for k := range r.PostForm {
			form[k] = r.PostForm.Get(k)
		}
		s.renderPerson(w, r, status, errs, form)
	})
}

func (s *Service) transitionSubmit(w http.ResponseWriter, r *http.Request) {
	s.personAction(w, r, func(p *auth.Principal, id int64) error {
		in, errs := decodeTransitionForm(r.PostForm)
		if err := web.Invalid(errs...); err != nil {
			return err
		}
		return s.Transition(r.Context(), p, id, in.To, in.Reason)
	}, "fase")
}

func (s *Service) proposeSubmit(w http.ResponseWriter, r *http.Request) {
	s.personAction(w, r, func(p *auth.Principal, id int64) error {
		in, errs := decodePlaceForm(r.PostForm)
		if err := web.Invalid(errs...); err != nil {
			return err
		}
		if in.Conditional {
			_, err := s.ProposeUnderCondition(r.Context(), p, id, in.Place)
			return err
		}
		_, err := s.Propose(r.Context(), p, id, in.Place)
		return err
	}, "voorstel")
}

func (s *Service) reassessSubmit(w http.ResponseWriter, r *http.Request) {
	s.personAction(w, r, func(p *auth.Principal, id int64) error {
		in, errs := decodeReassessForm(r.PostForm)
		if err := web.Invalid(errs...); err != nil {
			return err
		}
		return s.Reassess(r.Context(), p, id, in.Profile, in.Meerzorg, in.Wzd, in.Note)
	}, "herindicatie")
}

func (s *Service) followUpSubmit(w http.ResponseWriter, r *http.Request) {
	s.personAction(w, r, func(p *auth.Principal, id int64) error {
		in, errs := decodeFollowUpForm(r.PostForm)
		if err := web.Invalid(errs...); err != nil {
			return err
		}
		return s.RecordFollowUpViews(r.Context(), p, id, in.Months, in.Outcome, in.Note, in.Views)
	}, "nazorg")
}

type proposalsData struct {
	Open, Done []Proposal
	Reasons    []DeclineReason
	Provider   bool
	// Details and Cases are what an answerer needs to decide, by
	// proposal and by case id (ProposalContext).
	Details map[int64]ProposalDetail
	Cases   map[int64]Case
}

func (s *Service) proposalsPage(w http.ResponseWriter, r *http.Request) {
	s.renderProposals(w, r, http.StatusOK, nil, nil)
}

func (s *Service) renderProposals(w http.ResponseWriter, r *http.Request, status int, errs []web.FieldError, form map[string]string) {
	p := auth.FromContext(r.Context())
	ps, err := s.Proposals(r.Context(), p, "")
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	d := proposalsData{Reasons: DeclineReasons(), Provider: p.Role == auth.RoleAanbieder}
	if d.Details, d.Cases, err = s.ProposalContext(r.Context(), p, ps); err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	for _, pr := range ps {
		if pr.Status == ProposalOpen {
			d.Open = append(d.Open, pr)
		} else {
			d.Done = append(d.Done, pr)
		}
	}
	s.rd.Render(w, r, status, s.pages.proposals, web.Page{Title: "Voorstellen", Data: d, Flash: web.Flash(r, flashes), Errors: errs, Form: form})
}

// decodeAnswer reads a proposal answer form without the database, so it
// can be fuzzed (issue 18): the answer, the reason of a decline and, from
// a care office (careOffice), the reason to record the client's answer.
// It returns every mistake at once, each at its field, and the answer
// only when there is none (the same rules and messages as Service.Answer).
func decodeAnswer(f url.Values, careOffice bool) (Answer, []web.FieldError) {
	var errs []web.FieldError
	bad := func(field, nl string) {
		errs = append(errs, web.FieldError{Field: field, Message: nl, English: translateDomain(nl)})
	}
	a := Answer{Note: strings.TrimSpace(f.Get("toelichting")), ForClientReason: f.Get(forClientField)}
	switch f.Get("antwoord") {
	case "ja":
		a.Accept = true
	case "nee":
		reason, err := ParseDeclineReason(f.Get("reden"))
		if err != nil {
			bad("reden", "Kies een reden voor de afwijzing.")
		}
		a.Reason = reason
	default:
		bad("antwoord", "Kies ja of nee.")
	}
	if careOffice && strings.TrimSpace(a.ForClientReason) == "" {
		bad(forClientField, forClientMissing)
	}
	if len(errs) > 0 {
		return Answer{}, errs
	}
	return a, nil
}

func (s *Service) answerSubmit(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	if err := web.ParseForm(r); err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	p := auth.FromContext(r.Context())
	// Every mistake of the form at once, each at its field of this
	// proposal's card (the page holds one form per open proposal).
	a, errs := decodeAnswer(r.PostForm, p != nil && p.Role == auth.RoleZorgkantoor)
	if len(errs) > 0 {
		s.renderProposals(w, r, http.StatusUnprocessableEntity, cardErrors(errs, id, ""), cardForm(r.PostForm, id))
		return
	}
	err = s.Answer(r.Context(), p, id, a)
	s.afterAction(w, r, err, "/complexe-zorg/voorstellen", "antwoord", func(status int, errs []web.FieldError) {
		s.renderProposals(w, r, status, cardErrors(errs, id, ""), cardForm(r.PostForm, id))
	})
}

// cardForm is the answer as typed, keyed like cardErrors by the ids of
// proposal id's card, so after a mistake that card (and no other) shows
// the choice, reason and note again instead of an empty form.
func cardForm(f url.Values, id int64) map[string]string {
	n := "-" + strconv.FormatInt(id, 10)
	return map[string]string{"antwoord" + n: f.Get("antwoord"), "reden" + n: f.Get("reden"), "toel" + n: f.Get("toelichting"), forClientField + n: f.Get(forClientField)}
}

// cardErrors points the fields of errs at the inputs of proposal id's
// card, whose ids carry the proposal id (after prefix: "m" on the client's
// own page), so the error summary's links land on the right input and the
// card shows its own errors.
// caseFieldErrors gives a /mijn/plaatsing form's field errors the id of
// the field on the page (one form per case, so "wensen-12"), so that the
// error summary's link lands on the field and the message stands beside it.
func caseFieldErrors(errs []web.FieldError, caseID int64) []web.FieldError {
	out := make([]web.FieldError, len(errs))
	for i, e := range errs {
		if e.Field == "wensen" || e.Field == "bezwaar" {
			e.Field += "-" + strconv.FormatInt(caseID, 10)
		}
		out[i] = e
	}
	return out
}

// caseForm is a /mijn/plaatsing text form (field "wensen" or "bezwaar")
// as typed, keyed like caseFieldErrors, with "posted" naming that field:
// after a mistake the page shows what was typed there (also an empty box,
// which "Het vak is nog leeg" is about) instead of the wishes stored.
func caseForm(f url.Values, field string, caseID int64) map[string]string {
	key := field + "-" + strconv.FormatInt(caseID, 10)
	return map[string]string{"posted": key, key: f.Get(field)}
}

func cardErrors(errs []web.FieldError, id int64, prefix string) []web.FieldError {
	out := make([]web.FieldError, len(errs))
	for i, e := range errs {
		switch e.Field {
		case "antwoord":
			e.Field = "ja"
		case "reden", "toelichting":
		case forClientField:
		default:
			out[i] = e
			continue
		}
		if e.Field == "toelichting" {
			e.Field = "toel"
		}
		if e.Field != forClientField {
			e.Field = prefix + e.Field
		}
		e.Field += "-" + strconv.FormatInt(id, 10)
		out[i] = e
	}
	return out
}

type gapsData struct {
	Regions      []regionGaps // the care office's own regions, sorted
	Country      GapReport
	CountryChart chart.Bars
}

// regionGaps is the gap analysis of one region with its chart.
type regionGaps struct {
	Report GapReport
	Chart  chart.Bars
}

func gapChart(id, title string, g GapReport) chart.Bars {
	b := chart.Bars{ID: id, Title: title, Desc: "Aantal mensen per eis waaraan geen enkele plek voldoet.", Unit: "mensen", Format: func(v float64) string { return strconv.Itoa(int(v)) }}
	vals := []float64{}
	for _, x := range g.Gaps {
		if x.People.Hidden { // suppressed: listed beside the chart as "<5"
			continue
		}
		b.Categories = append(b.Categories, x.Need)
		vals = append(vals, float64(x.People.N))
	}
	b.Series = []chart.Series{{Name: "Mensen zonder passende plek", Values: vals}}
	return b
}

func (s *Service) gapsPage(w http.ResponseWriter, r *http.Request) {
	reports, err := s.gapReportsFor(r)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	var d gapsData
	for _, g := range reports[:len(reports)-1] {
		d.Regions = append(d.Regions, regionGaps{Report: g, Chart: gapChart("tekort-"+strings.ToLower(g.Scope), "Tekorten in regio "+g.ScopeLabel(), g)})
	}
	d.Country = reports[len(reports)-1]
	d.CountryChart = gapChart("tekort-land", "Tekorten in het hele land", d.Country)
	s.rd.Render(w, r, http.StatusOK, s.pages.gaps, web.Page{Title: "Tekortenanalyse", Data: d})
}

type batchData struct {
	Runs    []Run
	Regions []string
}

func (s *Service) batchPage(w http.ResponseWriter, r *http.Request) {
	s.renderBatch(w, r, http.StatusOK, nil)
}

func (s *Service) renderBatch(w http.ResponseWriter, r *http.Request, status int, errs []web.FieldError) {
	p := auth.FromContext(r.Context())
	runs, err := s.Runs(r.Context(), p)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	s.rd.Render(w, r, status, s.pages.batch, web.Page{Title: "Batchvoorstel", Data: batchData{Runs: runs, Regions: p.Scope.Regions}, Flash: web.Flash(r, flashes), Errors: errs})
}

func (s *Service) batchStart(w http.ResponseWriter, r *http.Request) {
	if err := web.ParseForm(r); err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	p := auth.FromContext(r.Context())
	region, errs := decodeRegionForm(r.PostForm, p.InRegion)
	err := web.Invalid(errs...)
	var id int64
	if err == nil {
		id, err = s.StartRun(r.Context(), p, region, true)
	}
	if err != nil {
		errs, status, ok := formError(err)
		if !ok {
			s.rd.Fail(w, r, err)
			return
		}
		s.renderBatch(w, r, status, errs)
		return
	}
	http.Redirect(w, r, "/complexe-zorg/batch/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

func (s *Service) runPage(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	v, err := s.RunDetail(r.Context(), auth.FromContext(r.Context()), id)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	if v.Status == "bezig" {
		// A national run takes a while; the page follows its progress by
		// itself, as the sleep upload status does, without script.
		w.Header().Set("Refresh", "2")
	}
	s.rd.Render(w, r, http.StatusOK, s.pages.run, web.Page{Title: "Batchvoorstel", Data: v, Flash: web.Flash(r, flashes)})
}

func (s *Service) runSend(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	_, err = s.SendRun(r.Context(), auth.FromContext(r.Context()), id)
	s.afterAction(w, r, err, "/complexe-zorg/batch/"+strconv.FormatInt(id, 10), "verstuurd", func(status int, errs []web.FieldError) { s.renderBatch(w, r, status, errs) })
}

type providerData struct {
	Places    []Place
	Holds     []Hold
	Proposals []Proposal
	Reasons   []DeclineReason
	Cases     []Case
	// CaseNames names the person of each hold (never the case number).
	CaseNames map[int64]string
}

func (s *Service) providerPage(w http.ResponseWriter, r *http.Request) {
	s.renderProvider(w, r, http.StatusOK, nil, nil)
}

func (s *Service) renderProvider(w http.ResponseWriter, r *http.Request, status int, errs []web.FieldError, form map[string]string) {
	p := auth.FromContext(r.Context())
	ctx := r.Context()
	var d providerData
	var err error
	if d.Places, err = s.Places(ctx, p, nil); err == nil {
		if d.Holds, err = s.Holds(ctx, p); err == nil {
			d.Proposals, err = s.Proposals(ctx, p, ProposalOpen)
		}
	}
	if err == nil {
		d.Cases, err = s.Cases(ctx, p, CaseFilter{OpenOnly: true})
	}
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	d.Reasons = DeclineReasons()
	d.CaseNames = map[int64]string{}
	for _, c := range d.Cases {
		d.CaseNames[c.CaseID] = c.Name
	}
	s.rd.Render(w, r, status, s.pages.provider, web.Page{Title: "Plekken en voorstellen", Data: d, Flash: web.Flash(r, flashes), Errors: errs, Form: form})
}

type placeFormData struct {
	// Stays are the respite kinds of stay (issue 14); living is the default.
	Stays      []Stay
	Profiles   []Profile
	AgeGroups  []AgeGroup
	Expertises []Expertise
	// Locations are the organisation's own; Municipalities the list a
	// place's position is chosen from (no coordinates typed).
	Locations      []orgs.Location
	Municipalities []orgs.Municipality
}

// placeForm is the add form's data for the principal's organisation.
func (s *Service) placeForm(r *http.Request, p *auth.Principal) (placeFormData, error) {
	d := placeFormData{Profiles: Profiles(), AgeGroups: AgeGroups(), Expertises: Expertises(), Municipalities: orgs.Municipalities(), Stays: Stays}
	for _, org := range p.Scope.Organisations {
		locs, err := s.orgs.Locations(r.Context(), org)
		if err != nil {
			return d, err
		}
		d.Locations = append(d.Locations, locs...)
	}
	return d, nil
}

func (s *Service) placeFormPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.placeForm(r, auth.FromContext(r.Context()))
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	s.rd.Render(w, r, http.StatusOK, s.pages.placeForm, web.Page{Title: "Plek toevoegen", Data: d, Form: map[string]string{"capaciteit": "1"}})
}

func (s *Service) placeSubmit(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	if err := web.ParseForm(r); err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	form := map[string]string{}
	for k, v := range r.PostForm {
		form[k] = strings.Join(v, ",")
	}
	pl, errs := s.placeFromForm(r, p)
	if len(errs) == 0 {
		_, err := s.AddPlace(r.Context(), p, pl)
		if err == nil {
			web.SeeOther(w, r, "/complexe-zorg/aanbieder", "plek")
			return
		}
		fe, _, ok := formError(err)
		if !ok {
			s.rd.Fail(w, r, err)
			return
		}
		errs = fe
	}
	d, err := s.placeForm(r, p)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	s.rd.Render(w, r, http.StatusUnprocessableEntity, s.pages.placeForm, web.Page{Title: "Plek toevoegen", Data: d, Errors: errs, Form: form})
}

func (s *Service) placeFromForm(r *http.Request, p *auth.Principal) (Place, []web.FieldError) {
	f := r.PostForm
	var errs []web.FieldError
	bad := func(field, msg string) { errs = append(errs, web.FieldError{Field: field, Message: msg}) }
	pl := Place{Name: strings.TrimSpace(f.Get("naam")), Kind: PlaceKind(f.Get("soort"))}
	if len(p.Scope.Organisations) > 0 {
		pl.OrganisationID = p.Scope.Organisations[0]
	}
	var err error
	if v := f.Get("locatie"); v != "" && v != "0" {
		ok := false
		if pl.LocationID, err = strconv.ParseInt(v, 10, 64); err == nil {
			if ok, err = s.ownLocation(r.Context(), pl.OrganisationID, pl.LocationID); err != nil {
				return pl, []web.FieldError{{Message: "De locaties van uw organisatie konden niet worden gelezen; probeer het opnieuw."}}
			}
		}
		if !ok {
			bad("locatie", "Kies een locatie van uw eigen organisatie.")
		}
	} else if len(p.Scope.Locations) > 0 {
		pl.LocationID = p.Scope.Locations[0]
	}
	if pl.Capacity, err = strconv.Atoi(f.Get("capaciteit")); err != nil {
		bad("capaciteit", "Vul de capaciteit in als heel getal.")
	}
	if v := f.Get("bezet"); v != "" {
		if pl.Occupied, err = strconv.Atoi(v); err != nil {
			bad("bezet", "Vul het aantal bewoners in als heel getal.")
		}
	}
	// The municipality chosen from the list gives the place its position
	// (the municipality's centre) and its care-office region.
	if m, ok := orgs.MunicipalityByCode(f.Get("gemeente")); ok {
		pl.Lat, pl.Lon, pl.Region = m.Lat, m.Lon, m.Region
	} else {
		bad("gemeente", "Kies de gemeente uit de lijst.")
	}
	if pl.Profiles, err = ParseProfiles(strings.Join(f["profielen"], ",")); err != nil {
		bad("profielen", err.Error())
	}
	pl.LowStimulus, pl.OneToOne, pl.Secured = f.Get("prikkelarm") == "ja", f.Get("een_op_een") == "ja", f.Get("besloten") == "ja"
	pl.Wheelchair, pl.WzdAccommodation, pl.Adaptable = f.Get("rolstoel") == "ja", f.Get("wzd") == "ja", f.Get("aanpasbaar") == "ja"
	for _, a := range f["leeftijd"] {
		if g, err := ParseAgeGroup(a); err == nil && g != AgeAny {
			pl.AgeGroups = append(pl.AgeGroups, g)
		}
	}
	if pl.Gender, err = ParseGender(f.Get("groep")); err != nil {
		bad("groep", err.Error())
	}
	if pl.Expertise, err = ParseExpertise(strings.Join(f["expertise"], ",")); err != nil {
		bad("expertise", err.Error())
	}
	if v := f.Get("gereed"); v != "" {
		if pl.ReadyDate, err = registerDate(v); err != nil {
			bad("gereed", "De datum van gereedheid bestaat niet; schrijf dd-mm-jjjj.")
		}
	}
	// Issue 14: the kind of stay, and for respite when it takes guests.
	pl.Stay, pl.Availability = Stay(f.Get("verblijf")), strings.TrimSpace(f.Get("beschikbaarheid"))
	if !pl.Stay.Valid() {
		bad("verblijf", "Kies een soort verblijf uit de lijst.")
	}
	if v := f.Get("beschikbaar_van"); v != "" {
		if pl.AvailableFrom, err = registerDate(v); err != nil {
			bad("beschikbaar_van", "De eerste beschikbare dag bestaat niet; schrijf dd-mm-jjjj.")
		}
	}
	if v := f.Get("beschikbaar_tot"); v != "" {
		if pl.AvailableUntil, err = registerDate(v); err != nil {
			bad("beschikbaar_tot", "De laatste beschikbare dag bestaat niet; schrijf dd-mm-jjjj.")
		} else if !pl.AvailableFrom.IsZero() && pl.AvailableUntil.Before(pl.AvailableFrom) {
			bad("beschikbaar_tot", "De laatste beschikbare dag ligt voor de eerste.")
		}
	}
	if len([]rune(pl.Availability)) > 200 {
		bad("beschikbaarheid", "Schrijf de beschikbaarheid in hoogstens 200 tekens.")
	}
	pl.Phone, pl.Website = strings.TrimSpace(f.Get("telefoon")), strings.TrimSpace(f.Get("website"))
	if n, ok := auth.NormalizePhone(pl.Phone); ok {
		pl.Phone = n // stored as one written form, as account numbers are
	} else {
		bad("telefoon", "Schrijf een Nederlands telefoonnummer met 10 cijfers, bijvoorbeeld 030 123 4567, of een 0800- of 090x-nummer.")
	}
	if pl.Website != "" && !validWebsite(pl.Website) {
		bad("website", "Schrijf de website als een volledig adres, bijvoorbeeld https://www.aanbieder.nl.")
	}
	if v := f.Get("kosten"); v != "" {
		if pl.CostPerYear, err = strconv.ParseInt(strings.ReplaceAll(v, ".", ""), 10, 64); err != nil {
			bad("kosten", "Vul de kosten per jaar in hele euro's in.")
		}
	}
	if len(errs) == 0 {
		if err := pl.Validate(); err != nil {
			var fe *web.Error
			if errors.As(err, &fe) && fe.Code == web.CodeBadInput && fe.Message != "" {
				bad(fe.Field, strings.ToUpper(fe.Message[:1])+fe.Message[1:]+".")
			}
		}
	}
	return pl, errs
}

func (s *Service) holdSubmit(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	if err := web.ParseForm(r); err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	in, errs := decodeHoldForm(r.PostForm, s.rd.Fmt)
	err := web.Invalid(errs...)
	if err == nil {
		_, err = s.CreateHold(r.Context(), p, in.Place, in.Case, in.Until)
	}
	back := "/complexe-zorg/aanbieder"
	if p.Role == auth.RoleZorgkantoor {
		back = "/complexe-zorg/personen/" + r.PostForm.Get("casus")
	}
	s.afterAction(w, r, err, back, "reservering", func(status int, errs []web.FieldError) {
		form := map[string]string{"plek": r.PostForm.Get("plek"), "casus": r.PostForm.Get("casus"), "tot": r.PostForm.Get("tot")}
		if p.Role == auth.RoleZorgkantoor && in.CaseOK {
			// The person page has a hold form per place, each with its
			// own date field "tot-<place>": the mistake is shown there,
			// and the summary's link leads there, not to a "tot" the page
			// does not have.
			dated := "tot-" + r.PostForm.Get("plek")
			for i := range errs {
				if errs[i].Field == "tot" {
					errs[i].Field = dated
				}
			}
			r.SetPathValue("id", strconv.FormatInt(in.Case, 10))
			s.renderPerson(w, r, status, errs, map[string]string{dated: form["tot"]})
			return
		}
		s.renderProvider(w, r, status, errs, form)
	})
}

func (s *Service) releaseSubmit(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	id, err := web.PathID(r, "id")
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	if err := web.ParseForm(r); err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	err = s.ReleaseHold(r.Context(), p, id, "vrijgegeven")
	back := "/complexe-zorg/aanbieder"
	if p.Role == auth.RoleZorgkantoor {
		back = "/complexe-zorg"
	}
	s.afterAction(w, r, err, back, "vrijgegeven", func(status int, errs []web.FieldError) { s.renderProvider(w, r, status, errs, nil) })
}

// figureFormat writes a chart's count as every page does, with thousands
// separators (12.345).
func figureFormat(v float64) string { return web.NewFormatter().Int(int64(v)) }

type monitorData struct {
	Regions  []RegionFigures
	Total    RegionFigures
	Suppress bool
	Chart    chart.Bars
}

func (s *Service) monitorPage(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	regions, total, err := s.Aggregates(r.Context())
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	// Every role gets the figures of the regions it may not see with small
	// numbers suppressed, as the API does.
	regions, total = SuppressFigures(regions, total, ownRegions(p))
	suppress := p.Role != auth.RoleZorgkantoor || len(regions) > len(p.Scope.Regions)
	b := chart.Bars{ID: "complexe-zorg-stand", Title: "Stand van zaken complexe zorg", Desc: "Mensen in beeld, verhuisd en anders geholpen; maatwerkplekken.", Unit: "aantal",
		Format: figureFormat}
	var vals []float64
	for _, c := range []struct {
		label string
		n     web.Count
	}{{"In beeld", total.InBeeld}, {"Gaat verhuizen", total.AboutToMove}, {"Verhuisd", total.Moved}, {"Anders geholpen", total.OtherHelp},
		{"Maatwerkplekken", web.Shown(total.Maatwerk)}, {"Maatwerkplekken in gebruik", web.Shown(total.MaatwerkInUse)}} {
		if c.n.Hidden { // suppressed: left out of the chart, shown as "<5" beside it
			continue
		}
		b.Categories = append(b.Categories, c.label)
		vals = append(vals, float64(c.n.N))
	}
	b.Series = []chart.Series{{Name: "Landelijk", Values: vals}}
	s.rd.Render(w, r, http.StatusOK, s.pages.monitor, web.Page{Title: "Cijfers complexe zorg", Data: monitorData{Regions: regions, Total: total, Suppress: suppress, Chart: b}})
}

type mineData struct {
	Cases []mineCase
}

type mineCase struct {
	Case        Case
	Transitions []Transition
	Proposals   []Proposal
	Steps       []Phase
	Reasons     []DeclineReason
	Objectable  bool
	// CanAct: the reader may answer, write wishes and object for the
	// client (the client register's AuthorityFor); a representative who
	// may only read sees the page without the forms.
	CanAct bool
	// Contact is the vaste contactpersoon at the care office, to call or
	// mail (zero when the case has none: store.caseContacts).
	Contact auth.Contact
	// CareOffice names the region's care office, whom to contact when the
	// case has no vaste contactpersoon ("" when none is registered: the
	// page then names the region).
	CareOffice string
}

// SearchSentences says in plain words where the search stands, one idea
// per sentence (catalogue keys). While the care office searches, the
// sentences follow the iWlz waiting status; once a place is proposed,
// chosen or the search has ended they follow the phase, so the page never
// says "Het zorgkantoor zoekt nu een plek" beside "Er is een plek voor u".
func (mc mineCase) SearchSentences() []string {
	if !mc.Searching() {
		return mc.phaseSentences()
	}
	return mc.waitingSentences()
}

// Searching reports whether the care office is still looking for a place:
// only then does "how soon" (the waiting status) answer the reader's
// question; after a proposal the easy-read heading asks what the care
// office does now.
func (mc mineCase) Searching() bool {
	switch mc.Case.Phase {
	case Voorstel, Geaccepteerd, Verhuisd, AndersGeholpen, Gestopt:
		return false
	}
	return true
}

// phaseSentences tell what follows a proposal or the end of the search.
func (mc mineCase) phaseSentences() []string {
	switch mc.Case.Phase {
	case Voorstel:
		return []string{"Het zorgkantoor heeft een plek gevonden.", "Eerst komt er een antwoord op die plek."}
	case Geaccepteerd:
		return []string{"De nieuwe plek is gekozen.", "Het zorgkantoor zoekt niet verder."}
	}
	return []string{"Het zorgkantoor zoekt geen plek meer."}
}

// waitingSentences explain the iWlz waiting status while the search runs.
func (mc mineCase) waitingSentences() []string {
	switch mc.Case.Waiting {
	case UrgentPlaatsen:
		return []string{"Er moet snel een plek komen.", "Het zorgkantoor zoekt eerst voor mensen bij wie het snel moet."}
	case ActiefPlaatsen:
		return []string{"Het zorgkantoor zoekt nu een plek."}
	case WachtOpVoorkeur:
		return []string{"Er wordt gewacht op een plek die past bij de wensen.", "Dat kan langer duren."}
	}
	return []string{"Er is nu nog geen nieuwe plek nodig.", "Het zorgkantoor houdt het in de gaten."}
}

func (s *Service) minePage(w http.ResponseWriter, r *http.Request) {
	s.renderMine(w, r, http.StatusOK, nil, nil)
}

func (s *Service) renderMine(w http.ResponseWriter, r *http.Request, status int, errs []web.FieldError, form map[string]string) {
	p := auth.FromContext(r.Context())
	ctx := r.Context()
	cs, err := s.Cases(ctx, p, CaseFilter{})
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	var d mineData
	for _, c := range cs {
		mc := mineCase{Case: c, Steps: []Phase{Aangemeld, InBeeld, Bemiddeling, Voorstel, Geaccepteerd, Verhuisd}, Reasons: []DeclineReason{DeclinePrefersWait, DeclineClientRefused, DeclineNotEligible},
			Objectable: c.MayObject()}
		au, err := s.authority(ctx, p, c.ClientID)
		if err != nil {
			s.rd.Fail(w, r, err)
			return
		}
		mc.CanAct = au.Act
		if mc.Transitions, err = s.store.listTransitions(ctx, s.db, c.CaseID); err == nil {
			mc.Proposals, err = s.store.listProposals(ctx, s.db, "pp.case_id = $1 AND pp.status <> 'concept'", c.CaseID)
		}
		if err != nil {
			s.rd.Fail(w, r, err)
			return
		}
		d.Cases = append(d.Cases, mc)
	}
	ids := make([]int64, len(d.Cases))
	for i, mc := range d.Cases {
		ids[i] = mc.Case.CaseID
	}
	contacts, err := s.store.caseContacts(ctx, ids)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	for i := range d.Cases {
		mc := &d.Cases[i]
		mc.Contact = contacts[mc.Case.CaseID]
		if mc.Contact.Name == "" {
			if mc.CareOffice, err = s.store.careOfficeName(ctx, mc.Case.Region); err != nil {
				s.rd.Fail(w, r, err)
				return
			}
		}
	}
	s.rd.Render(w, r, status, s.pages.mine, web.Page{Title: "Waar sta ik", Data: d, Flash: web.Flash(r, flashes), Errors: errs, Form: form})
}

func (s *Service) mineCaseID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PostForm.Get("casus"), 10, 64)
	if err != nil {
		return 0, notFound()
	}
	return id, nil
}

func (s *Service) mineWishes(w http.ResponseWriter, r *http.Request) {
	if err := web.ParseForm(r); err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	id, err := s.mineCaseID(r)
	if err == nil {
		text, errs := decodeWishesForm(r.PostForm)
		if err = web.Invalid(errs...); err == nil {
			err = s.UpdateWishes(r.Context(), auth.FromContext(r.Context()), id, text)
		}
	}
	s.afterAction(w, r, err, "/mijn/plaatsing", "wensen", func(status int, errs []web.FieldError) {
		s.renderMine(w, r, status, caseFieldErrors(errs, id), caseForm(r.PostForm, "wensen", id))
	})
}

func (s *Service) mineAnswer(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	if err := web.ParseForm(r); err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	// The client answers for themself: no care office's reason asked.
	a, errs := decodeAnswer(r.PostForm, false)
	if len(errs) > 0 {
		err = web.Invalid(errs...)
	} else {
		err = s.Answer(r.Context(), auth.FromContext(r.Context()), id, a)
	}
	s.afterAction(w, r, err, "/mijn/plaatsing", "antwoord", func(status int, errs []web.FieldError) {
		s.renderMine(w, r, status, cardErrors(errs, id, "m"), cardForm(r.PostForm, id))
	})
}

func (s *Service) mineObject(w http.ResponseWriter, r *http.Request) {
	if err := web.ParseForm(r); err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	id, err := s.mineCaseID(r)
	if err == nil {
		text, errs := decodeObjectionForm(r.PostForm)
		if err = web.Invalid(errs...); err == nil {
			err = s.Object(r.Context(), auth.FromContext(r.Context()), id, text)
		}
	}
	s.afterAction(w, r, err, "/mijn/plaatsing", "bezwaar", func(status int, errs []web.FieldError) {
		s.renderMine(w, r, status, caseFieldErrors(errs, id), caseForm(r.PostForm, "bezwaar", id))
	})
}

type importData struct {
	Rows     []importPreviewRow
	Valid    int
	Invalid  int
	Payload  string
	Name     string
	Columns  []string
	Previewd bool
}

// Sources documents the columns on the page (ImportSources).
func (importData) Sources() []ImportSource { return ImportSources() }

type importPreviewRow struct {
	ImportRow
	Name string
}

func (s *Service) importPage(w http.ResponseWriter, r *http.Request) {
	s.rd.Render(w, r, http.StatusOK, s.pages.importer, web.Page{Title: "Regionale lijst inlezen", Data: importData{Columns: ImportColumns}})
}

func readUpload(r *http.Request) (string, []byte, error) {
	if err := r.ParseMultipartForm(maxUpload); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return "", nil, &web.Error{Code: web.CodeTooLarge, Message: "Het bestand is te groot (hoogstens 4 MB).", English: "The file is too large (at most 4 MB)."}
		}
		return "", nil, badInput("bestand", "Kies een CSV- of XLSX-bestand.")
	}
	f, h, err := r.FormFile("bestand")
	if err != nil {
		return "", nil, badInput("bestand", "Kies een CSV- of XLSX-bestand.")
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxUpload+1))
	if err != nil || len(data) > maxUpload {
		return "", nil, badInput("bestand", "Het bestand is te groot (hoogstens 4 MB).")
	}
	return h.Filename, data, nil
}

func (s *Service) importPreview(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	name, data, err := readUpload(r)
	var rows []ImportRow
	if err == nil {
		rows, err = ParseImportFile(name, data)
		if err != nil {
			err = badInput("bestand", err.Error())
		}
	}
	if err != nil {
		errs, status, ok := formError(err)
		if !ok {
			s.rd.Fail(w, r, err)
			return
		}
		s.rd.Render(w, r, status, s.pages.importer, web.Page{Title: "Regionale lijst inlezen", Data: importData{Columns: ImportColumns}, Errors: errs})
		return
	}
	d, err := s.previewRows(r, p, rows)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	d.Name = name
	d.Payload = encodePayload(name, data)
	s.rd.Render(w, r, http.StatusOK, s.pages.importer, web.Page{Title: "Regionale lijst inlezen", Data: d})
}

func (s *Service) importConfirm(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	if err := web.ParseForm(r); err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	name, data, err := decodePayload(r.PostForm.Get("gegevens"))
	if err != nil {
		s.rd.Fail(w, r, badInput("bestand", "De voorvertoning is verlopen of beschadigd; lees het bestand opnieuw in."))
		return
	}
	rows, err := ParseImportFile(name, data)
	if err != nil {
		s.rd.Fail(w, r, badInput("bestand", err.Error()))
		return
	}
	n, err := s.ImportRows(r.Context(), p, rows)
	if err != nil {
		errs, status, ok := formError(err)
		if !ok {
			s.rd.Fail(w, r, err)
			return
		}
		d, _ := s.previewRows(r, p, rows)
		d.Payload, d.Name = r.PostForm.Get("gegevens"), name
		s.rd.Render(w, r, status, s.pages.importer, web.Page{Title: "Regionale lijst inlezen", Data: d, Errors: errs})
		return
	}
	_ = n
	web.SeeOther(w, r, "/complexe-zorg", "geimporteerd")
}

func (s *Service) previewRows(r *http.Request, p *auth.Principal, rows []ImportRow) (importData, error) {
	checked, err := s.CheckImport(r.Context(), p, rows)
	if err != nil {
		return importData{}, err
	}
	d := importData{Columns: ImportColumns, Previewd: true}
	var evs []audit.Event
	for _, row := range checked {
		var name string
		if len(row.Errors) == 0 {
			d.Valid++
			cl, err := s.reg.Get(r.Context(), row.Person.ClientID)
			if err != nil {
				return importData{}, err
			}
			name = cl.Name
			evs = append(evs, audit.Event{Action: audit.ActionRead, ClientID: row.Person.ClientID, Object: "client", ObjectID: strconv.FormatInt(row.Person.ClientID, 10), Purpose: audit.PurposeMediation})
		} else {
			d.Invalid++
		}
		d.Rows = append(d.Rows, importPreviewRow{ImportRow: row, Name: name})
	}
	if err := audit.RecordAll(r.Context(), s.audit, p, evs); err != nil {
		return importData{}, err
	}
	return d, nil
}
