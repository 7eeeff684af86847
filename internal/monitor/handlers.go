package monitor

import (
	"html/template"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/chart"
	"github.com/volwaardig/volwaardig/internal/export"
	"github.com/volwaardig/volwaardig/internal/orgs"
	"github.com/volwaardig/volwaardig/internal/web"
)

// Who may use the working monitor: the programme edits, administrators
// read along (the monitor holds no personal data).
var (
	readers = []auth.Role{auth.RoleProgramma, auth.RoleBeheerder}
	editors = []auth.Role{auth.RoleProgramma}
)

func (s *Service) parseTemplates() {
	s.tmpl = map[string]*template.Template{}
	for _, name := range []string{"index", "indicator", "new", "periods", "project", "report", "reports"} {
		s.tmpl[name] = s.rd.Parse(templatesFS, "templates/"+name+".html", "templates/parts.html")
	}
}

// Routes registers the pages and the JSON API.
func (s *Service) Routes(rt *web.Router) {
	read, edit := auth.Roles(readers...), auth.Roles(editors...)
	rt.HandleFunc("GET /monitor", read, s.handleIndex)
	rt.HandleFunc("GET /monitor/indicatoren/nieuw", edit, s.handleNewForm)
	rt.HandleFunc("POST /monitor/indicatoren", edit, s.handleCreate)
	rt.HandleFunc("GET /monitor/indicatoren/{id}", read, s.handleIndicator)
	rt.HandleFunc("POST /monitor/indicatoren/{id}/status", edit, s.handleStatus)
	rt.HandleFunc("POST /monitor/indicatoren/{id}/meting", edit, s.handleMeasurement)
	rt.HandleFunc("POST /monitor/indicatoren/{id}/eenvoudig", edit, s.handleEasyRead)
	rt.HandleFunc("GET /monitor/periodes", read, s.handlePeriods)
	rt.HandleFunc("POST /monitor/periodes", edit, s.handleCreatePeriod)
	rt.HandleFunc("GET /monitor/projecten/{id}", read, s.handleProject)
	rt.HandleFunc("POST /monitor/projecten/{id}", edit, s.handleUpdateProject)
	rt.HandleFunc("GET /monitor/rapport/{code}", read, s.handleConcept)
	rt.HandleFunc("POST /monitor/rapport/{code}/publiceren", edit, s.handlePublish)
	rt.HandleFunc("GET /monitor/export.csv", read, s.handleExport)
	rt.HandleFunc("GET /monitor/export.xlsx", read, s.handleExport)
	rt.HandleFunc("GET /monitor/rapporten", auth.Public(), s.handleReports)
	rt.HandleFunc("GET /monitor/rapporten/{code}", auth.Public(), s.handlePublished)
	rt.HandleFunc("GET /monitor/rapporten/{code}/eenvoudig", auth.Public(), s.handlePublished)
	rt.HandleFunc("GET /monitor/rapporten/{code}/pdf", auth.Public(), s.handlePublishedPDF)
	rt.HandleFunc("GET /monitor/rapporten/{code}/eenvoudig/pdf", auth.Public(), s.handlePublishedPDF)
	s.apiRoutes(rt)
	rt.Nav(web.NavItem{Path: "/monitor", Label: "Monitor", English: "Monitor", Order: 80, Rule: read,
		Summary: "Doelen, indicatoren en voortgangsrapportages van het programma.", SummaryEN: "The programme's goals, indicators and progress reports."})
}

// flashes are the confirmations shown after a redirect.
var flashes = map[string]string{
	"aangemaakt":   "De indicator is toegevoegd.",
	"status":       "De status is vastgelegd.",
	"meting":       "De meting is opgeslagen.",
	"eenvoudig":    "De tekst in eenvoudige taal is opgeslagen.",
	"periode":      "De periode is toegevoegd.",
	"project":      "Het project is bijgewerkt.",
	"gepubliceerd": "Het rapport is gepubliceerd. Beide versies zijn nu openbaar.",
}

func formMap(r *http.Request, names ...string) map[string]string {
	m := map[string]string{}
	for _, n := range names {
		m[n] = r.PostFormValue(n)
	}
	return m
}

// rename maps the domain's (API) field names to the form's ids, so the
// error summary links to the fields.
func rename(fs []web.FieldError, names map[string]string) []web.FieldError {
	out := make([]web.FieldError, len(fs))
	for i, f := range fs {
		if n, ok := names[f.Field]; ok {
			f.Field = n
		}
		out[i] = f
	}
	return out
}

// indexPage is the dashboard with a chart per action line.
type indexPage struct {
	Dashboard
	Charts  map[int64]template.HTML
	Tables  map[int64]template.HTML
	Regions []orgs.Region
	Editor  bool
	// Today marks a planned evaluation whose day has passed: in 2026 a
	// project "planned for 01-10-2022" reads as a promise still open.
	Today Day
	// Cells are each indicator row's status and "how determined" texts,
	// translated and put together in Go: the dashboard prints them for
	// every indicator of the programme, and as template calls they were
	// much of the page's work (issue 18).
	Cells map[int64]indicatorCells
	// Bodies are each project's table rows by project id, built in Go
	// (projectBody).
	Bodies map[int64]template.HTML
}

// projectBody writes the rows of a project's table of goals and
// indicators. They are built in Go with web.Markup rather than ranged over
// in the template: html/template calls its escapers through reflection for
// every value, and with the "status" and "value" parts called per row that
// was half of the dashboard's CPU (issue 18). The output is byte for byte
// what the template wrote (TestProjectBodyIsTheTemplatesRows).
func projectBody(pv ProjectView, cells map[int64]indicatorCells, t func(string) string) template.HTML {
	lInd, lStand, lDoel, lStatus, lHoe, geen := t("Indicator"), t("Stand"), t("Streefwaarde"), t("Status"), t("Hoe bepaald"), t("geen")
	var m web.Markup
	for _, g := range pv.Goals {
		for i, in := range g.Indicators {
			m.Tag("<tr>\n    ")
			if i == 0 {
				m.Tag(`<th scope="row" rowspan="`).Int(int64(len(g.Indicators))).Tag(`">`).Text(g.Name).Tag(`<br>`)
				if g.Status != "" {
					m.Tag(`<span class="tag`)
					if g.Status == StatusNotAchieved || g.Status == StatusAttention {
						m.Tag(` tag--urgent`)
					}
					m.Tag(`">`).Text(t(g.Status.Label())).Tag(`</span>`)
				} else {
					m.Tag(`<span class="muted">`).Text(t("Nog geen status")).Tag(`</span>`)
				}
				m.Tag(`</th>`)
			}
			m.Tag("\n    " + `<td data-label="`).Text(lInd).Tag(`"><a href="/monitor/indicatoren/`).Int(in.ID).Tag(`">`).Text(in.Name).Tag(`</a></td>`)
			m.Tag("\n    " + `<td data-label="`).Text(lStand).Tag(`">`)
			if in.Reading.Hidden {
				m.Count(in.Reading.Count(), t, web.NewFormatter())
			} else {
				m.Text(in.Reading.Text())
			}
			if in.Reading.Known() {
				m.Tag(" ").Text(in.Unit)
			}
			m.Tag(`</td>` + "\n    " + `<td data-label="`).Text(lDoel).Tag(`">`)
			if tt := in.TargetText(); tt != "" {
				m.Text(tt).Tag(" ").Text(in.Unit)
			} else {
				m.Tag(`<span class="muted">`).Text(geen).Tag(`</span>`)
			}
			c := cells[in.ID]
			m.Tag(`</td>` + "\n    " + `<td data-label="`).Text(lStatus).Tag(`">`)
			if c.NoStatus {
				m.Tag(`<span class="muted">`).Text(c.Status).Tag(`</span>`)
			} else {
				m.Tag(`<span class="tag`)
				if c.Urgent {
					m.Tag(` tag--urgent`)
				}
				m.Tag(`">`).Text(c.Status).Tag(`</span>`)
			}
			m.Tag(`</td>` + "\n    " + `<td data-label="`).Text(lHoe).Tag(`">`)
			if c.Unavailable {
				m.Tag(`<strong>`).Text(t("Niet beschikbaar")).Tag(`</strong>: `)
			}
			m.Text(c.How).Tag(`</td>` + "\n  </tr>")
		}
	}
	return m.HTML()
}

// indicatorCells is what an indicator's row says of its status and of how
// its value was determined.
type indicatorCells struct {
	Status   string
	Urgent   bool // not achieved, or needs attention
	NoStatus bool
	How      string
	// Unavailable marks a value the module could not give; How then says
	// why.
	Unavailable bool
}

// cellsOf puts an indicator row's texts together, as the "status" and
// "how" parts of parts.html do for the other pages.
func (s *Service) cellsOf(iv IndicatorView, t func(string) string) indicatorCells {
	var c indicatorCells
	if iv.Status == "" {
		c.NoStatus, c.Status = true, t("Nog geen status")
	} else {
		c.Status, c.Urgent = t(iv.Status.Label()), iv.Status == StatusNotAchieved || iv.Status == StatusAttention
	}
	r := iv.Reading
	switch r.Source {
	case SourceManual:
		c.How = t("Met de hand ingevoerd.") + " " + t("Bron:") + " " + r.Note + " (" + t("gemeten op") + " " + r.MeasuredOn.Dutch() + ")"
	case SourceLive:
		c.How = t("Berekend uit") + " ‘" + r.FigureLabel + "’ (" + t("module") + " " + t(r.ModuleName()) + "), " + t("stand op") + " " + s.rd.Fmt.DateTime(r.At)
	case SourceSnapshot:
		c.How = t("Berekend uit") + " ‘" + r.FigureLabel + "’ (" + t("module") + " " + t(r.ModuleName()) + "), " + t("momentopname van") + " " + s.rd.Fmt.Date(r.At)
	case SourceUnavailable:
		c.Unavailable, c.How = true, t(r.Why)
		if r.Module != "" {
			c.How += " (" + t("module") + " " + t(r.ModuleName()) + ")"
		}
	default:
		c.How = t(r.Why)
	}
	return c
}

// shown is what a chart draws: NaN (no bar, "<5" or "–" in the table) for
// what cannot be shown.
func progressFormat(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return chart.DutchNumber(v) + "%"
}

func (s *Service) handleIndex(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	d, err := s.Dashboard(r.Context(), q.Get("periode"), q.Get("regio"))
	if fs, ok := web.FieldErrorsOf(err); ok {
		d, err = s.Dashboard(r.Context(), "", "")
		if err == nil {
			s.renderIndex(w, r, http.StatusUnprocessableEntity, d, fs)
			return
		}
	}
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	s.renderIndex(w, r, http.StatusOK, d, nil)
}

func (s *Service) renderIndex(w http.ResponseWriter, r *http.Request, status int, d Dashboard, errs []web.FieldError) {
	lang := web.LangFromRequest(r)
	t := func(nl string) string { return s.rd.Catalog.Translate(lang, nl) }
	p := indexPage{Dashboard: d, Charts: map[int64]template.HTML{}, Tables: map[int64]template.HTML{}, Regions: orgs.CareOfficeRegions(), Editor: auth.FromContext(r.Context()).Role == auth.RoleProgramma, Today: s.today()}
	p.Cells, p.Bodies = map[int64]indicatorCells{}, map[int64]template.HTML{}
	for _, l := range d.Lines {
		for _, pv := range l.Projects {
			for _, g := range pv.Goals {
				for _, iv := range g.Indicators {
					p.Cells[iv.ID] = s.cellsOf(iv, t)
				}
			}
			p.Bodies[pv.ID] = projectBody(pv, p.Cells, t)
		}
	}
	for _, l := range d.Lines {
		bars := chart.Bars{ID: "lijn-" + strconv.FormatInt(l.ID, 10), Title: t("Stand ten opzichte van het doel") + ": " + l.Name,
			Desc: t("Per indicator met een streefwaarde en een stand: de stand als percentage van de streefwaarde."), Unit: "%", Format: progressFormat}
		ser := chart.Series{Name: t("Stand als % van het doel")}
		// Only indicators with a stand and a target have a bar; the
		// table below the chart lists every indicator anyway.
		for _, iv := range l.Indicators() {
			if iv.HasProgress {
				bars.Categories = append(bars.Categories, iv.Name)
				ser.Values = append(ser.Values, math.Round(iv.Progress))
			}
		}
		bars.Series = []chart.Series{ser}
		if len(bars.Categories) > 0 {
			p.Charts[l.ID], p.Tables[l.ID] = bars.ForScreens(), bars.Table()
		}
	}
	form := map[string]string{"periode": d.Period.Code, "regio": d.Region}
	s.rd.Render(w, r, status, s.tmpl["index"], web.Page{Title: "Monitor Volwaardig Leven", Data: p, Form: form, Errors: errs, Flash: web.Flash(r, flashes)})
}

// moduleNamesOf are the Dutch names of the modules' code names.
func moduleNamesOf(codes []string) []string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = moduleName(c)
	}
	return out
}

// newPage is the form of a new indicator.
type newPage struct {
	Goals   []GoalChoice
	Figures []FigureInfo
	Modules []string
}

// GoalChoice is a goal in the indicator form's list, by name.
type GoalChoice struct {
	ID            int64
	Name, Project string
}

var indicatorFields = []string{"doel", "naam", "soort", "cijfer", "eenheid", "decimalen", "personen", "streefwaarde", "eenvoudig"}

func (s *Service) renderNew(w http.ResponseWriter, r *http.Request, status int, form map[string]string, errs []web.FieldError) {
	goals, err := s.store.goalChoices(r.Context())
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	ix := s.readFigures(r.Context())
	s.rd.Render(w, r, status, s.tmpl["new"], web.Page{Title: "Nieuwe indicator", Data: newPage{Goals: goals, Figures: ix.national(), Modules: moduleNamesOf(ix.modules)}, Form: form, Errors: errs})
}

func (s *Service) handleNewForm(w http.ResponseWriter, r *http.Request) {
	form := map[string]string{"soort": string(KindComputed), "doel": r.URL.Query().Get("doel"), "decimalen": "0"}
	s.renderNew(w, r, http.StatusOK, form, nil)
}

func (s *Service) handleCreate(w http.ResponseWriter, r *http.Request) {
	if err := web.ParseForm(r); err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	form := formMap(r, indicatorFields...)
	in := decodeIndicatorForm(r.PostForm)
	id, err := s.CreateIndicator(r.Context(), auth.FromContext(r.Context()), in)
	if fs, bad := web.FieldErrorsOf(err); bad {
		s.renderNew(w, r, http.StatusUnprocessableEntity, form, rename(fs, indicatorFieldNames()))
		return
	}
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	web.SeeOther(w, r, "/monitor/indicatoren/"+strconv.FormatInt(id, 10), "aangemaakt")
}

// indicatorPage is an indicator with its history and its forms.
type indicatorPage struct {
	IndicatorDetail
	Chart, Table template.HTML
	Editor       bool
	Statuses     []Status
}

func (s *Service) handleIndicator(w http.ResponseWriter, r *http.Request) {
	s.renderIndicator(w, r, http.StatusOK, nil, nil)
}

func (s *Service) renderIndicator(w http.ResponseWriter, r *http.Request, status int, form map[string]string, errs []web.FieldError) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	d, err := s.Detail(r.Context(), id)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	lang := web.LangFromRequest(r)
	t := func(nl string) string { return s.rd.Catalog.Translate(lang, nl) }
	p := indicatorPage{IndicatorDetail: d, Editor: auth.FromContext(r.Context()).Role == auth.RoleProgramma, Statuses: Statuses()}
	line := chart.Line{ID: "verloop", Title: t("Verloop per periode") + ": " + d.Indicator.Name, Desc: t("De stand aan het eind van elke periode. Een verborgen aantal (minder dan 5) of een ontbrekende stand staat als “–” in de tabel."),
		Unit: d.Indicator.Unit, Format: func(v float64) string {
			if math.IsNaN(v) {
				return "–"
			}
			return chart.DutchNumber(v)
		}}
	ser := chart.Series{Name: d.Indicator.Name}
	for _, pr := range d.PerPeriod {
		line.Labels = append(line.Labels, pr.Period.Name)
		v := math.NaN()
		if pr.Reading.Known() && !pr.Reading.Hidden {
			v = float64(pr.Reading.Value) / float64(pow10(pr.Reading.Decimals))
		}
		ser.Values = append(ser.Values, v)
	}
	line.Series = []chart.Series{ser}
	if len(line.Labels) > 0 {
		p.Chart, p.Table = line.ForScreens(), line.Table()
	}
	if form == nil {
		cur, _ := s.choosePeriod(d.Periods, "")
		form = map[string]string{"periode": cur.Code, "m-periode": cur.Code, "tekst": d.Indicator.EasyRead}
	}
	s.rd.Render(w, r, status, s.tmpl["indicator"], web.Page{Title: "Indicator", Data: p, Form: form, Errors: errs, Flash: web.Flash(r, flashes)})
}

func (s *Service) handleStatus(w http.ResponseWriter, r *http.Request) {
	s.indicatorForm(w, r, []string{"periode", "status", "toelichting"}, statusFieldNames(), "status",
		func(id int64, f map[string]string) error {
			return s.SetStatus(r.Context(), auth.FromContext(r.Context()), id, decodeStatusForm(r.PostForm))
		})
}

func (s *Service) handleMeasurement(w http.ResponseWriter, r *http.Request) {
	s.indicatorForm(w, r, []string{"m-periode", "waarde", "bron", "gemeten"}, measurementFieldNames(), "meting",
		func(id int64, f map[string]string) error {
			return s.PutMeasurement(r.Context(), auth.FromContext(r.Context()), id, decodeMeasurementForm(r.PostForm))
		})
}

func (s *Service) handleEasyRead(w http.ResponseWriter, r *http.Request) {
	s.indicatorForm(w, r, []string{"tekst", "nagelezen"}, easyReadFieldNames(), "eenvoudig",
		func(id int64, f map[string]string) error {
			return s.SetEasyRead(r.Context(), auth.FromContext(r.Context()), id, decodeEasyReadForm(r.PostForm))
		})
}

// indicatorForm runs one of the indicator page's forms: on bad input the
// page again with every error at its field, else back with a flash.
func (s *Service) indicatorForm(w http.ResponseWriter, r *http.Request, fields []string, names map[string]string, flash string, do func(id int64, f map[string]string) error) {
	if err := web.ParseForm(r); err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	id, err := web.PathID(r, "id")
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	form := formMap(r, fields...)
	err = do(id, form)
	if fs, ok := web.FieldErrorsOf(err); ok {
		s.renderIndicator(w, r, http.StatusUnprocessableEntity, form, rename(fs, names))
		return
	}
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	web.SeeOther(w, r, "/monitor/indicatoren/"+strconv.FormatInt(id, 10), flash)
}

type periodsPage struct {
	Periods   []Period
	Published map[string]bool
	Editor    bool
}

func (s *Service) renderPeriods(w http.ResponseWriter, r *http.Request, status int, form map[string]string, errs []web.FieldError) {
	ps, err := s.Periods(r.Context())
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	pub, err := s.PublishedReports(r.Context())
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	d := periodsPage{Periods: ps, Published: map[string]bool{}, Editor: auth.FromContext(r.Context()).Role == auth.RoleProgramma}
	for _, p := range pub {
		d.Published[p.Code] = true
	}
	s.rd.Render(w, r, status, s.tmpl["periods"], web.Page{Title: "Periodes en rapporten", Data: d, Form: form, Errors: errs, Flash: web.Flash(r, flashes)})
}

func (s *Service) handlePeriods(w http.ResponseWriter, r *http.Request) {
	s.renderPeriods(w, r, http.StatusOK, nil, nil)
}

func (s *Service) handleCreatePeriod(w http.ResponseWriter, r *http.Request) {
	if err := web.ParseForm(r); err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	form := formMap(r, "code", "naam", "start", "einde")
	_, err := s.CreatePeriod(r.Context(), decodePeriodForm(r.PostForm))
	if fs, ok := web.FieldErrorsOf(err); ok {
		s.renderPeriods(w, r, http.StatusUnprocessableEntity, form, rename(fs, periodFieldNames()))
		return
	}
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	web.SeeOther(w, r, "/monitor/periodes", "periode")
}

type projectPage struct {
	Project ProjectView
	Editor  bool
}

func (s *Service) renderProject(w http.ResponseWriter, r *http.Request, status int, form map[string]string, errs []web.FieldError) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	d, err := s.Dashboard(r.Context(), "", "")
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	for _, l := range d.Lines {
		for _, p := range l.Projects {
			if p.ID != id {
				continue
			}
			if form == nil {
				form = map[string]string{"evaluatie": p.Evaluation, "evaluatiedatum": p.EvaluationDate.Dutch(), "doorgang": p.Continues, "waar": p.ContinuesWhere,
					"kennisproducten": strconv.Itoa(p.KnowledgeProducts), "bijgewerkt": p.KnowledgeUpdated.Dutch()}
			}
			s.rd.Render(w, r, status, s.tmpl["project"], web.Page{Title: "Project", Data: projectPage{Project: p, Editor: auth.FromContext(r.Context()).Role == auth.RoleProgramma},
				Form: form, Errors: errs, Flash: web.Flash(r, flashes)})
			return
		}
	}
	s.rd.Fail(w, r, web.NotFound("Dit project bestaat niet.", "This project does not exist."))
}

func (s *Service) handleProject(w http.ResponseWriter, r *http.Request) {
	s.renderProject(w, r, http.StatusOK, nil, nil)
}

func (s *Service) handleUpdateProject(w http.ResponseWriter, r *http.Request) {
	if err := web.ParseForm(r); err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	id, err := web.PathID(r, "id")
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	form := formMap(r, "evaluatie", "evaluatiedatum", "doorgang", "waar", "kennisproducten", "bijgewerkt")
	err = s.UpdateProject(r.Context(), auth.FromContext(r.Context()), id, decodeProjectForm(r.PostForm))
	if fs, ok := web.FieldErrorsOf(err); ok {
		s.renderProject(w, r, http.StatusUnprocessableEntity, form, rename(fs, projectFieldNames()))
		return
	}
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	web.SeeOther(w, r, "/monitor/projecten/"+strconv.FormatInt(id, 10), "project")
}

// The form decoders below read the monitor's forms without the database,
// so they can be fuzzed (issue 18); the checks are the service's pure
// check functions (checkIndicator, checkStatus, checkMeasurement,
// checkEasyReadText, checkPeriod, checkProject), shared with the API. The
// *FieldNames maps give each domain (API) field its form id, for rename.

// decodeIndicatorForm reads the new-indicator form. A figure counts only
// for a computed indicator. Empty decimals are 0; decimals that are not a
// whole number read as -1, which checkIndicator refuses at their field for
// a hand-entered indicator (a computed one takes its figure's).
func decodeIndicatorForm(f url.Values) IndicatorInput {
	goal, _ := strconv.ParseInt(f.Get("doel"), 10, 64)
	typed := strings.TrimSpace(f.Get("decimalen"))
	dec, err := strconv.Atoi(typed)
	switch {
	case typed == "":
		dec = 0
	case err != nil:
		dec = -1
	}
	in := IndicatorInput{GoalID: goal, Name: f.Get("naam"), Kind: Kind(f.Get("soort")), Unit: f.Get("eenheid"), Decimals: dec, Persons: f.Get("personen") == "1",
		Target: f.Get("streefwaarde"), EasyRead: f.Get("eenvoudig")}
	if in.Kind == KindComputed {
		in.FigureKey = f.Get("cijfer")
	}
	return in
}

func indicatorFieldNames() map[string]string {
	return map[string]string{"goal_id": "doel", "name": "naam", "kind": "soort", "figure_key": "cijfer", "unit": "eenheid", "decimals": "decimalen", "target": "streefwaarde", "easy_read": "eenvoudig"}
}

// decodeEasyReadForm reads the indicator page's easy-read form: the text,
// and whether the person saving it has read it back.
func decodeEasyReadForm(f url.Values) EasyReadInput {
	return EasyReadInput{Text: f.Get("tekst"), Reviewed: f.Get("nagelezen") == "1"}
}

func easyReadFieldNames() map[string]string {
	return map[string]string{"text": "tekst"}
}

// decodeStatusForm reads the indicator page's status form.
func decodeStatusForm(f url.Values) StatusInput {
	return StatusInput{Period: f.Get("periode"), Status: Status(f.Get("status")), Reason: f.Get("toelichting")}
}

func statusFieldNames() map[string]string {
	return map[string]string{"period": "periode", "status": "status", "reason": "toelichting"}
}

// decodeMeasurementForm reads the indicator page's measurement form.
func decodeMeasurementForm(f url.Values) MeasurementInput {
	return MeasurementInput{Period: f.Get("m-periode"), Value: f.Get("waarde"), Source: f.Get("bron"), MeasuredOn: f.Get("gemeten")}
}

func measurementFieldNames() map[string]string {
	return map[string]string{"period": "m-periode", "value": "waarde", "source": "bron", "measured_on": "gemeten"}
}

// decodePeriodForm reads the periods page's form for a new period.
func decodePeriodForm(f url.Values) PeriodInput {
	return PeriodInput{Code: f.Get("code"), Name: f.Get("naam"), Starts: f.Get("start"), Ends: f.Get("einde")}
}

func periodFieldNames() map[string]string {
	return map[string]string{"code": "code", "name": "naam", "starts": "start", "ends": "einde"}
}

// decodeProjectForm reads a project's form. An empty number of knowledge
// products is 0; one that is not a whole number reads as -1, which
// checkProject refuses at its field.
func decodeProjectForm(f url.Values) ProjectInput {
	typed := strings.TrimSpace(f.Get("kennisproducten"))
	n, err := strconv.Atoi(typed)
	switch {
	case typed == "":
		n = 0
	case err != nil:
		n = -1
	}
	return ProjectInput{Evaluation: f.Get("evaluatie"), EvaluationDate: f.Get("evaluatiedatum"), Continues: f.Get("doorgang"),
		ContinuesWhere: f.Get("waar"), KnowledgeProducts: n, KnowledgeUpdated: f.Get("bijgewerkt")}
}

func projectFieldNames() map[string]string {
	return map[string]string{"evaluation": "evaluatie", "evaluation_date": "evaluatiedatum", "continues": "doorgang",
		"continues_where": "waar", "knowledge_products": "kennisproducten", "knowledge_updated": "bijgewerkt"}
}

// reportPage is a report in one of its versions.
type reportPage struct {
	Report
	Easy      bool
	Public    bool
	Published bool
	Editor    bool
	Base      string // the report's address without the version
	Charts    []template.HTML
	Tables    []template.HTML
	Parts     [][]EasyPart
}

func (s *Service) renderReport(w http.ResponseWriter, r *http.Request, status int, rep Report, d reportPage, errs []web.FieldError) {
	lang := web.LangFromRequest(r)
	t := func(nl string) string { return s.rd.Catalog.Translate(lang, nl) }
	d.Report = rep
	for i, l := range rep.Lines {
		d.Parts = append(d.Parts, easyParts(l))
		bars := chart.Bars{ID: "rapport-" + strconv.Itoa(i), Title: t("Stand ten opzichte van het doel") + ": " + l.Name,
			Desc: t("Per indicator met een streefwaarde en een stand: de stand als percentage van de streefwaarde."), Unit: "%", Format: progressFormat}
		ser := chart.Series{Name: t("Stand als % van het doel")}
		for _, p := range l.Projects {
			for _, g := range p.Goals {
				for _, in := range g.Indicators {
					if in.HasProgress {
						bars.Categories = append(bars.Categories, in.Name)
						ser.Values = append(ser.Values, math.Round(in.Progress))
					}
				}
			}
		}
		bars.Series = []chart.Series{ser}
		var c, tb template.HTML
		if len(bars.Categories) > 0 {
			c, tb = bars.ForScreens(), bars.Table()
		}
		d.Charts, d.Tables = append(d.Charts, c), append(d.Tables, tb)
	}
	// The title is translated; the period's name is in the heading.
	title := "Voortgangsrapportage Volwaardig Leven"
	if d.Easy {
		title = "Volwaardig Leven: wat is er gebeurd?"
	}
	s.rd.Render(w, r, status, s.tmpl["report"], web.Page{Title: title, Data: d, Errors: errs, Flash: web.Flash(r, flashes)})
}

func (s *Service) handleConcept(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	rep, _, err := s.Report(r.Context(), code)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	pub, err := s.PublishedReports(r.Context())
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	d := reportPage{Easy: r.URL.Query().Get("versie") == "eenvoudig", Editor: auth.FromContext(r.Context()).Role == auth.RoleProgramma, Base: "/monitor/rapport/" + code}
	for _, p := range pub {
		d.Published = d.Published || p.Code == code
	}
	s.renderReport(w, r, http.StatusOK, rep, d, nil)
}

func (s *Service) handlePublish(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	err := s.Publish(r.Context(), auth.FromContext(r.Context()), code)
	if fs, ok := web.FieldErrorsOf(err); ok {
		rep, _, rerr := s.Report(r.Context(), code)
		if rerr != nil {
			s.rd.Fail(w, r, rerr)
			return
		}
		s.renderReport(w, r, http.StatusUnprocessableEntity, rep, reportPage{Editor: true, Base: "/monitor/rapport/" + code}, fs)
		return
	}
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	web.SeeOther(w, r, "/monitor/rapporten/"+code, "gepubliceerd")
}

func (s *Service) handleReports(w http.ResponseWriter, r *http.Request) {
	list, err := s.PublishedReports(r.Context())
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	s.rd.Render(w, r, http.StatusOK, s.tmpl["reports"], web.Page{Title: "Voortgangsrapportages Volwaardig Leven", Data: list})
}

func (s *Service) handlePublished(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	rep, err := s.Published(r.Context(), code)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	d := reportPage{Easy: strings.HasSuffix(r.URL.Path, "/eenvoudig"), Public: true, Published: true, Base: "/monitor/rapporten/" + code}
	s.renderReport(w, r, http.StatusOK, rep, d, nil)
}

func (s *Service) handlePublishedPDF(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	rep, err := s.Published(r.Context(), code)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	easy := strings.Contains(r.URL.Path, "/eenvoudig/")
	name := "voortgangsrapportage-" + code
	if easy {
		name += "-eenvoudig"
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="`+name+`.pdf"`)
	if err := writePDF(w, rep, easy); err != nil {
		s.logger.Error("monitor: writing a report's PDF failed", "period", code, "err", err)
	}
}

// exportTable is every indicator in every period: the CSV and XLSX
// exports, aggregates only.
func (s *Service) exportTable(r *http.Request) (export.Table, error) {
	t := export.Table{Name: "Indicatoren", Header: []string{"Actielijn", "Project", "Doel", "Indicator", "Soort", "Cijfer", "Eenheid", "Periode", "Stand", "Streefwaarde", "Status", "Toelichting status", "Hoe bepaald"}}
	ctx := r.Context()
	ps, err := s.Periods(ctx)
	if err != nil {
		return t, err
	}
	lines, err := s.store.hierarchy(ctx)
	if err != nil {
		return t, err
	}
	current, err := s.currentStatuses(ctx)
	if err != nil {
		return t, err
	}
	ix := s.readFigures(ctx)
	for _, per := range ps {
		rc, err := s.newReadingContext(ctx, ix, per, "")
		if err != nil {
			return t, err
		}
		for _, l := range lines {
			lv := s.lineView(l, rc, current)
			for _, p := range lv.Projects {
				for _, g := range p.Goals {
					for _, iv := range g.Indicators {
						t.Rows = append(t.Rows, []any{l.Name, p.Name, g.Name, iv.Name, string(iv.Kind), iv.FigureKey, iv.Unit, per.Name, iv.Reading.Text(), iv.TargetText(),
							statusText(iv.Status), iv.Reason, how(iv.Reading, iv.FigureKey)})
					}
				}
			}
		}
	}
	return t, nil
}

func statusText(s Status) string {
	if s == "" {
		return ""
	}
	return s.Label()
}

func (s *Service) handleExport(w http.ResponseWriter, r *http.Request) {
	t, err := s.exportTable(r)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	if strings.HasSuffix(r.URL.Path, ".xlsx") {
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", `attachment; filename="monitor-indicatoren.xlsx"`)
		if err := export.WriteXLSX(w, t); err != nil {
			s.logger.Error("monitor: writing the XLSX export failed", "err", err)
		}
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="monitor-indicatoren.csv"`)
	if err := export.WriteCSV(w, t); err != nil {
		s.logger.Error("monitor: writing the CSV export failed", "err", err)
	}
}
