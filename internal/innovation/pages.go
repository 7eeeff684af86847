package innovation

import (
	"bytes"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/chart"
	"github.com/volwaardig/volwaardig/internal/export"
	"github.com/volwaardig/volwaardig/internal/orgs"
	"github.com/volwaardig/volwaardig/internal/web"
)

// MatrixRow is one row of the decision matrix form.
type MatrixRow struct {
	N            int
	Name, Weight string // form field names
	Cells        []MatrixCell
}

// MatrixCell is one score field of the matrix form.
type MatrixCell struct {
	Field, Technology string
}

// MatrixRows are the rows of the matrix form for the candidates.
func (d projectPage) MatrixRows() []MatrixRow {
	// The saved criteria and two empty rows (at least four, at most
	// maxCriteria), so the form is no longer than it needs to be.
	n := min(max(len(d.Matrix)+2, 4), maxCriteria)
	out := make([]MatrixRow, n)
	for i := range out {
		k := strconv.Itoa(i)
		out[i] = MatrixRow{N: i + 1, Name: "criterium-" + k, Weight: "gewicht-" + k}
		for _, t := range d.Candidates {
			out[i].Cells = append(out[i].Cells, MatrixCell{Field: "score-" + k + "-" + strconv.FormatInt(t.ID, 10), Technology: t.Name})
		}
	}
	return out
}

// defaultCriteria are offered when a project has no matrix yet; the
// project changes names and weights with the client group.
var defaultCriteria = []Criterion{{Name: "Verschil voor de cliënt", Weight: 40}, {Name: "Verschil voor de professional", Weight: 25}, {Name: "Kosten", Weight: 20}, {Name: "Checklist leverancier", Weight: 15}}

// fillMatrixForm puts the saved matrix (or the default criteria) in the
// form where nothing was posted.
func fillMatrixForm(form map[string]string, saved []Criterion) {
	if _, posted := form["gewicht-0"]; posted {
		return
	}
	cs := saved
	if len(cs) == 0 {
		cs = defaultCriteria
	}
	for i, c := range cs {
		k := strconv.Itoa(i)
		form["criterium-"+k] = c.Name
		form["gewicht-"+k] = strconv.Itoa(c.Weight)
		for t, sc := range c.Scores {
			form["score-"+k+"-"+strconv.FormatInt(t, 10)] = strconv.Itoa(sc)
		}
	}
}

// Checked tells a checkbox of a comma list in the form whether it is on.
func Checked(list, code string) bool {
	for _, v := range splitComma(list) {
		if v == code {
			return true
		}
	}
	return false
}

func splitComma(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ',' {
			if i > start {
				out = append(out, s[start:i])
			}
			start = i + 1
		}
	}
	return out
}

// IsChecked is Checked for the templates.
func (d projectPage) IsChecked(list, code string) bool { return Checked(list, code) }

// IsChecked is Checked for the new-project template.
func (d newPage) IsChecked(list, code string) bool { return Checked(list, code) }

// OrgKnown tells the new-project form to offer an organisation choice.
func (d newPage) OrgChoice() bool { return len(d.Orgs) > 1 }

func sleepChart(sv *SleepView, lang string) (template.HTML, template.HTML) {
	if sv == nil || sv.Suppressed || !sv.Available || len(sv.Aggregate.Weeks) == 0 {
		return "", ""
	}
	title, series, unit := "Gemiddelde slaapduur per week van de deelnemers", "Slaapduur (minuten)", "minuten"
	if lang == web.LangEN {
		title, series, unit = "Participants' mean sleep per week", "Sleep (minutes)", "minutes"
	}
	l := chart.Line{ID: "slaap", Title: title, Unit: unit}
	var vals []float64
	for _, wk := range sv.Aggregate.Weeks {
		l.Labels = append(l.Labels, wk.Start.In(web.Amsterdam()).Format("02-01-2006"))
		vals = append(vals, wk.MeanSleepMinutes)
	}
	l.Series = []chart.Series{{Name: series, Values: vals}}
	return l.ForScreens(), l.Table()
}

func scaleChart(hist []ScalePoint, lang string) (template.HTML, template.HTML) {
	if len(hist) == 0 {
		return "", ""
	}
	title, series, unit := "Cliënten die de technologie of aanpak gebruiken", "Cliënten", "cliënten"
	if lang == web.LangEN {
		title, series, unit = "Clients using the technology or approach", "Clients", "clients"
	}
	l := chart.Line{ID: "opschaling-grafiek", Title: title, Unit: unit}
	var vals []float64
	for _, h := range hist {
		l.Labels = append(l.Labels, h.On.Format("02-01-2006"))
		vals = append(vals, float64(h.Clients))
	}
	l.Series = []chart.Series{{Name: series, Values: vals}}
	return l.ForScreens(), l.Table()
}

type cataloguePage struct {
	Themes  []Theme
	Theme   string
	Items   []Technology
	Add     bool
	Checks  []struct{ Field, Label string }
	Answers []Check
}

func (s *Service) handleCatalogue(w http.ResponseWriter, r *http.Request) {
	s.renderCatalogue(w, r, http.StatusOK, nil, nil)
}

func (s *Service) renderCatalogue(w http.ResponseWriter, r *http.Request, status int, errs []web.FieldError, form map[string]string) {
	p := auth.FromContext(r.Context())
	theme := r.URL.Query().Get("thema")
	if _, ok := ThemeByCode(theme); !ok {
		theme = ""
	}
	items, err := s.Technologies(r.Context(), theme)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := cataloguePage{Themes: Themes(), Theme: theme, Items: items, Add: p.Role == auth.RoleAanbieder, Checks: checkFields, Answers: []Check{CheckPass, CheckFail, CheckUnknown}}
	s.rd.Render(w, r, status, s.tmpl["catalogue"], web.Page{Title: "Technologiecatalogus", Data: d, Errors: errs, Form: form, Flash: web.Flash(r, flashes)})
}

func (s *Service) handleAddTechnology(w http.ResponseWriter, r *http.Request) {
	if err := web.ParseForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	p := auth.FromContext(r.Context())
	_, err := s.AddTechnology(r.Context(), p, decodeTechnologyForm(r.PostForm))
	if fields, ok := web.FieldErrorsOf(err); ok {
		s.renderCatalogue(w, r, http.StatusUnprocessableEntity, localize(r, fields), formMap(r))
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	web.SeeOther(w, r, "/innovatie/technologie", "technologie")
}

func (s *Service) handleTechnology(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	t, err := s.Technology(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.rd.Render(w, r, http.StatusOK, s.tmpl["technology"], web.Page{Title: "Technologie", Data: t})
}

type comparePage struct {
	Items []Technology
	Back  string
}

// handleCompare shows up to four technologies side by side (?id=1&id=2).
func (s *Service) handleCompare(w http.ResponseWriter, r *http.Request) {
	var items []Technology
	for _, v := range r.URL.Query()["id"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			s.fail(w, r, web.BadInput("id", "Kies technologieën uit de catalogus om te vergelijken.", "Choose technologies from the catalogue to compare."))
			return
		}
		t, err := s.Technology(r.Context(), id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		items = append(items, t)
		if len(items) == 4 {
			break
		}
	}
	back := "/innovatie/technologie"
	if pid, err := web.QueryID(r, "project"); err == nil && pid > 0 {
		back = "/innovatie/projecten/" + strconv.FormatInt(pid, 10) + "#sectie-verkennen"
	}
	s.rd.Render(w, r, http.StatusOK, s.tmpl["compare"], web.Page{Title: "Technologieën vergelijken", Data: comparePage{Items: items, Back: back}})
}

type themesPage struct {
	Themes   []Theme
	Networks bool
}

func (s *Service) handleThemes(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	s.rd.Render(w, r, http.StatusOK, s.tmpl["themes"], web.Page{Title: "Thema's en lerende netwerken", Data: themesPage{Themes: Themes(), Networks: canReadNetworks(p)}})
}

type themePage struct {
	Network
	Provider, Contributor bool
	Kinds                 []struct{ Code, Label string }
	// NoticeAt is the part whose form was just used: its confirmation or
	// its errors show there (see themeAnchors).
	NoticeAt string
}

func (s *Service) handleTheme(w http.ResponseWriter, r *http.Request) {
	s.renderTheme(w, r, auth.FromContext(r.Context()), r.PathValue("code"), http.StatusOK, nil, nil, themeAnchors[r.URL.Query().Get(web.FlashParam)])
}

// renderTheme shows a theme's network; noticeAt names the part where the
// confirmation or the errors of its form show.
func (s *Service) renderTheme(w http.ResponseWriter, r *http.Request, p *auth.Principal, code string, status int, errs []web.FieldError, form map[string]string, noticeAt string) {
	n, err := s.Network(r.Context(), p, code)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := themePage{Network: n, Provider: p.Role == auth.RoleAanbieder, Contributor: (p.Role == auth.RoleAanbieder || p.Role == auth.RoleZorgverlener) && len(p.Scope.Organisations) > 0, Kinds: memberKinds,
		NoticeAt: noticeAt}
	s.rd.Render(w, r, status, s.tmpl["theme"], web.Page{Title: "Lerend netwerk", Data: d, Errors: errs, Form: form, Flash: web.Flash(r, flashes), NoticeInPlace: noticeAt != ""})
}

// figuresPage is the programme figures with small person counts hidden.
type figuresPage struct {
	Totals
	Clients web.Count
	Regions []regionLine
	Themes  []regionLine
}

type regionLine struct {
	Region  string
	Label   string
	Totals  Totals
	Clients web.Count
}

// Figures reads the programme figures for pages and API: the client
// counts go through web.Counts, nationally and per region.
func (s *Service) figures(r *http.Request) (figuresPage, error) {
	tot, err := s.totals(r.Context())
	if err != nil {
		return figuresPage{}, err
	}
	var c web.Counts
	nat := c.Count(tot[""].Clients)
	var regions []string
	for reg := range tot {
		if reg != "" && !strings.HasPrefix(reg, themeKey) {
			regions = append(regions, reg)
		}
	}
	slices.Sort(regions)
	var parts, themeParts []int
	for _, reg := range regions {
		parts = append(parts, c.Count(tot[reg].Clients))
	}
	c.Sum(nat, parts...)
	var themeLines []Theme
	for _, th := range Themes() {
		if t, ok := tot[themeKey+th.Code]; ok {
			themeLines = append(themeLines, th)
			themeParts = append(themeParts, c.Count(t.Clients))
		}
	}
	if len(themeParts) > 0 {
		c.Sum(nat, themeParts...)
	}
	c.Suppress()
	d := figuresPage{Totals: *tot[""], Clients: c.Value(nat)}
	for i, reg := range regions {
		d.Regions = append(d.Regions, regionLine{Region: reg, Label: orgs.RegionLabel(reg), Totals: *tot[reg], Clients: c.Value(parts[i])})
	}
	for i, th := range themeLines {
		d.Themes = append(d.Themes, regionLine{Region: th.Code, Label: th.Name, Totals: *tot[themeKey+th.Code], Clients: c.Value(themeParts[i])})
	}
	return d, nil
}

func (s *Service) handleFigures(w http.ResponseWriter, r *http.Request) {
	d, err := s.figures(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.rd.Render(w, r, http.StatusOK, s.tmpl["figures"], web.Page{Title: "Cijfers innovatie", Data: d})
}

// projectTable is the provider's projects as one table for CSV and XLSX,
// without client names.
func (s *Service) projectTable(r *http.Request) (export.Table, error) {
	ps, err := s.Projects(r.Context(), auth.FromContext(r.Context()))
	if err != nil {
		return export.Table{}, err
	}
	t := export.Table{Name: "Innovatieprojecten", Header: []string{"Project", "Organisatie", "Soort", "Thema", "Fase", "Technologie of aanpak", "Reden van de keuze", "Reden van stoppen", "Laatst gewijzigd"}}
	for _, pr := range ps {
		t.Rows = append(t.Rows, []any{pr.Title, pr.OrganisationName, pr.Kind.Label(), pr.ThemeName, pr.Phase.Label(), firstNonEmpty(pr.TechnologyName, pr.Approach),
			pr.ChoiceReason, pr.StopReason, export.Date(pr.UpdatedAt)})
	}
	return t, nil
}

// handleExport writes the provider's projects as CSV for Dutch
// spreadsheets.
func (s *Service) handleExport(w http.ResponseWriter, r *http.Request) {
	t, err := s.projectTable(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="innovatieprojecten.csv"`)
	_ = export.WriteCSV(w, t)
}

// handleExportXLSX writes the same table as a spreadsheet.
func (s *Service) handleExportXLSX(w http.ResponseWriter, r *http.Request) {
	t, err := s.projectTable(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := export.WriteXLSX(&buf, t); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="innovatieprojecten.xlsx"`)
	_, _ = w.Write(buf.Bytes())
}

// handleDecisionPDF prints a project's care question, self-scan, choice
// with the decision matrix, plan and gate decisions: the record a provider
// files or hands to its client council. It names no client.
func (s *Service) handleDecisionPDF(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.View(r.Context(), auth.FromContext(r.Context()), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	loc := web.Amsterdam()
	doc := export.Document{Title: v.Title, Subtitle: v.OrganisationName + " · " + v.Kind.Label() + " · " + v.ThemeName, Author: v.OrganisationName,
		Subject: "Besluit en implementatieplan", Created: s.now()}
	kv := func(pairs ...string) export.KeyValues {
		var out export.KeyValues
		for i := 0; i+1 < len(pairs); i += 2 {
			out.Pairs = append(out.Pairs, export.KeyValue{Key: pairs[i], Value: pairs[i+1]})
		}
		return out
	}
	doc.Blocks = append(doc.Blocks, export.Heading{Text: "Zorgvraag", Level: 1},
		kv("Fase", v.Phase.Label(), "Voor welke cliënten", v.ClientGroup, "Zorgvraag", v.Question, "Verschil voor de cliënt", v.DiffClient,
			"Verschil voor de professional", v.DiffProfessional, "Wie dachten mee", strings.Join(v.InvolvedLabels(), ", ")),
		export.Heading{Text: "Randvoorwaarden (zelfscan)", Level: 1})
	scan := export.KeyValues{}
	for _, a := range v.ScanAnswers() {
		scan.Pairs = append(scan.Pairs, export.KeyValue{Key: a.Label, Value: a.Answer.Label()})
	}
	doc.Blocks = append(doc.Blocks, scan)
	if v.Kind == KindTechnology {
		doc.Blocks = append(doc.Blocks, export.Heading{Text: "Keuze", Level: 1}, kv("Gekozen technologie", firstNonEmpty(v.TechnologyName, "Nog niet gekozen"), "Waarom", v.ChoiceReason))
		if len(v.Ranking) > 0 {
			t := export.Table{Name: "Beslismatrix", Header: []string{"Technologie", "Gewogen score (1 tot 5)"}}
			for _, rk := range v.Ranking {
				t.Rows = append(t.Rows, []any{rk.Technology.Name, rk.TotalText()})
			}
			doc.Blocks = append(doc.Blocks, t)
		}
	} else {
		doc.Blocks = append(doc.Blocks, export.Heading{Text: "Aanpak", Level: 1}, kv("Aanpak", v.Approach, "Waarom", v.ChoiceReason))
	}
	plan := export.Table{Header: []string{"Stap", "Taak", "Eigenaar", "Klaar op", "Risico", "Status"}}
	for _, t := range v.Tasks {
		status := "Open"
		if !t.DoneAt.IsZero() {
			status = "Klaar"
		}
		plan.Rows = append(plan.Rows, []any{t.StepLabel(), t.Title, t.Owner, export.Date(t.Due), t.Risk, status})
	}
	gates := export.Table{Header: []string{"Van", "Naar", "Besluit", "Door", "Op", "Waarom"}}
	for _, g := range v.Gates {
		d := "Go"
		if g.Decision != "go" {
			d = "No-go"
		}
		gates.Rows = append(gates.Rows, []any{g.From.Label(), g.To.Label(), d, g.DecidedName, g.DecidedAt.In(loc).Format("02-01-2006"), g.Reason})
	}
	doc.Blocks = append(doc.Blocks, export.Heading{Text: "Implementatieplan", Level: 1}, plan, export.Heading{Text: "Besluiten", Level: 1}, gates)
	if v.Stopped() {
		doc.Blocks = append(doc.Blocks, export.Heading{Text: "Gestopt", Level: 1}, kv("Waarom", v.StopLabel(), "Toelichting", v.StopReason))
	}
	var buf bytes.Buffer
	if err := export.WritePDF(&buf, doc); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="innovatieproject-`+strconv.FormatInt(id, 10)+`.pdf"`)
	_, _ = w.Write(buf.Bytes())
}
