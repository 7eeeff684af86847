package monitor

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/export"
	"github.com/volwaardig/volwaardig/internal/web"
)

// Report is the progress report of a period, generated from the data. A
// published report is this value frozen as JSON, so its public address
// shows what was published even when the data changes later.
type Report struct {
	PeriodCode   string       `json:"period_code"`
	PeriodName   string       `json:"period_name"`
	Starts       Day          `json:"starts"`
	Ends         Day          `json:"ends"`
	PreviousName string       `json:"previous_name,omitempty"`
	GeneratedAt  time.Time    `json:"generated_at"`
	PublishedAt  *time.Time   `json:"published_at,omitempty"`
	Lines        []ReportLine `json:"action_lines"`
}

// ReportLine is an action line in the report.
type ReportLine struct {
	Name     string          `json:"name"`
	Summary  string          `json:"summary"`
	EasyRead string          `json:"easy_read"`
	Projects []ReportProject `json:"projects"`
}

// ReportProject is a project in the report with the four points of
// attention as sentences.
type ReportProject struct {
	Name       string       `json:"name"`
	Summary    string       `json:"summary"`
	Evaluation string       `json:"evaluation"`
	Continues  string       `json:"continues"`
	Knowledge  string       `json:"knowledge"`
	Goals      []ReportGoal `json:"goals"`
}

// ReportGoal is a goal in the report.
type ReportGoal struct {
	Name       string            `json:"name"`
	Status     Status            `json:"status"`
	Indicators []ReportIndicator `json:"indicators"`
}

// ReportIndicator is an indicator in the report: the period's value, the
// previous period's, the target and the status, all as printed.
type ReportIndicator struct {
	Name        string   `json:"name"`
	Unit        string   `json:"unit"`
	Value       string   `json:"value"`
	Previous    string   `json:"previous"`
	Target      string   `json:"target"`
	Progress    float64  `json:"progress_pct"`
	HasProgress bool     `json:"has_progress"`
	Status      Status   `json:"status"`
	Reason      string   `json:"reason"`
	How         string   `json:"how"`
	Easy        []string `json:"easy_read"`
	Reviewed    bool     `json:"easy_read_reviewed"`
	Terms       []Term   `json:"terms,omitempty"`
}

// Term is a word the easy-read report explains where it is used.
type Term struct {
	Term        string `json:"term"`
	Explanation string `json:"explanation"`
}

// Changed reports whether the value differs from the previous period's.
func (r ReportIndicator) Changed() bool {
	return r.Previous != "–" && r.Value != "–" && r.Previous != r.Value
}

// how says, in Dutch, how a reading was found.
func how(r Reading, key string) string {
	switch r.Source {
	case SourceManual:
		return fmt.Sprintf("Met de hand ingevoerd. Bron: %s (gemeten op %s).", r.Note, r.MeasuredOn.Dutch())
	case SourceLive:
		return fmt.Sprintf("Berekend uit het cijfer ‘%s’ van de module %s, stand op %s.", r.FigureLabel, moduleName(r.Module), web.NewFormatter().DateTime(r.At))
	case SourceSnapshot:
		return fmt.Sprintf("Berekend uit het cijfer ‘%s’ van de module %s, momentopname van %s.", r.FigureLabel, moduleName(r.Module), web.NewFormatter().Date(r.At))
	case SourceUnavailable:
		return fmt.Sprintf("Niet beschikbaar: %s (cijfer %s).", r.Why, key)
	}
	return r.Why + "."
}

// Report generates the report of a period (by code) from the data now.
func (s *Service) Report(ctx context.Context, code string) (Report, Period, error) {
	ps, err := s.Periods(ctx)
	if err != nil {
		return Report{}, Period{}, err
	}
	per, ok := s.choosePeriod(ps, code)
	if !ok || per.ID == 0 {
		return Report{}, Period{}, web.NotFound("Er is geen periode met deze code.", "There is no period with this code.")
	}
	lines, err := s.store.hierarchy(ctx)
	if err != nil {
		return Report{}, per, err
	}
	ix := s.readFigures(ctx)
	rc, err := s.newReadingContext(ctx, ix, per, "")
	if err != nil {
		return Report{}, per, err
	}
	prev, hasPrev := previous(ps, per)
	var rcPrev readingContext
	if hasPrev {
		if rcPrev, err = s.newReadingContext(ctx, ix, prev, ""); err != nil {
			return Report{}, per, err
		}
	}
	current, err := s.currentStatuses(ctx)
	if err != nil {
		return Report{}, per, err
	}
	terms, err := s.store.terms(ctx)
	if err != nil {
		return Report{}, per, err
	}
	rep := Report{PeriodCode: per.Code, PeriodName: per.Name, Starts: per.Starts, Ends: per.Ends, GeneratedAt: s.now()}
	if hasPrev {
		rep.PreviousName = prev.Name
	}
	for _, l := range lines {
		lv := s.lineView(l, rc, current)
		rl := ReportLine{Name: l.Name, Summary: l.Summary, EasyRead: l.EasyRead}
		for _, p := range lv.Projects {
			rp := ReportProject{Name: p.Name, Summary: p.Summary, Evaluation: evaluationText(p.Project), Continues: continuesText(p.Project), Knowledge: knowledgeText(p)}
			for _, g := range p.Goals {
				rg := ReportGoal{Name: g.Name, Status: g.Status}
				for _, iv := range g.Indicators {
					ri := ReportIndicator{Name: iv.Name, Unit: iv.Unit, Value: iv.Reading.Text(), Previous: "–", Target: iv.TargetText(), Progress: iv.Progress, HasProgress: iv.HasProgress,
						Status: iv.Status, Reason: iv.Reason, How: how(iv.Reading, iv.FigureKey), Reviewed: iv.ReviewedBy != 0}
					if hasPrev {
						ri.Previous = rcPrev.reading(iv.Indicator).Text()
					}
					if iv.EasyRead != "" {
						ri.Easy = easyLines(iv.EasyRead, ri.Value, ri.Previous, rep.PreviousName)
						ri.Terms = usedTerms(strings.Join(ri.Easy, "\n"), terms)
					}
					rg.Indicators = append(rg.Indicators, ri)
				}
				rp.Goals = append(rp.Goals, rg)
			}
			rl.Projects = append(rl.Projects, rp)
		}
		rep.Lines = append(rep.Lines, rl)
	}
	return rep, per, nil
}

// noFigure is the easy-read line for a number the report does not have.
const noFigure = "Daar is nog geen cijfer over."

// easyLines fills an item's easy-read text with the period's value, one
// line each. A sentence never shows the "–" of a missing value (the
// letters' 2021 report read "Er zijn – C.O.T.'s aan het werk."): without
// a value in the period the previous period's is used, with a line saying
// whose it is; without either, the lines that need the number give way to
// one line saying there is no figure yet. A hidden small count reads
// "minder dan 5".
func easyLines(text, value, prev, prevName string) []string {
	var note string
	if value == "–" && prev != "–" && prev != "" {
		value, note = prev, "Dit cijfer is van "+prevName+". Er is nog geen nieuwer cijfer."
	}
	if value == web.HiddenText {
		value = "minder dan 5"
	}
	var out []string
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if strings.Contains(line, "{aantal}") {
			if value == "–" {
				if !slices.Contains(out, noFigure) {
					out = append(out, noFigure)
				}
				continue
			}
			line = strings.ReplaceAll(line, "{aantal}", value)
			if r, n := utf8.DecodeRuneInString(line); unicode.IsLower(r) {
				line = string(unicode.ToUpper(r)) + line[n:]
			}
		}
		out = append(out, line)
	}
	if note != "" {
		out = append(out, note)
	}
	return out
}

// usedTerms are the glossary's terms that a text uses, so the easy-read
// report explains each where it is used.
func usedTerms(text string, terms map[string]string) []Term {
	lower := strings.ToLower(text)
	var out []Term
	for t, e := range terms {
		if strings.Contains(lower, strings.ToLower(t)) {
			out = append(out, Term{Term: t, Explanation: e})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Term < out[j].Term })
	return out
}

func evaluationText(p Project) string {
	switch p.Evaluation {
	case "ja":
		return "Geëvalueerd op " + p.EvaluationDate.Dutch() + "."
	case "gepland":
		return "Evaluatie gepland voor " + p.EvaluationDate.Dutch() + "."
	}
	return "Nog geen evaluatie."
}

func continuesText(p Project) string {
	switch p.Continues {
	case "ja":
		return "Gaat door na het programma: " + p.ContinuesWhere + "."
	case "nee":
		return "Gaat niet door na het programma."
	}
	return "Nog niet bekend of het werk doorgaat na het programma."
}

func knowledgeText(p ProjectView) string {
	products := fmt.Sprintf("%d kennisproducten", p.KnowledgeProducts)
	if p.KnowledgeProducts == 1 {
		products = "1 kennisproduct"
	}
	switch {
	case p.KnowledgeProducts == 0:
		return "Geen kennisproducten."
	case p.KnowledgeUpdated == "":
		return products + "; niet bekend wanneer bijgewerkt."
	case p.KnowledgeStale:
		return fmt.Sprintf("%s, laatst bijgewerkt op %s: niet actueel (ouder dan een jaar).", products, p.KnowledgeUpdated.Dutch())
	}
	return fmt.Sprintf("%s, laatst bijgewerkt op %s.", products, p.KnowledgeUpdated.Dutch())
}

// Published reads the published report of a period; a period without one
// is not found, so an unpublished report is never public.
func (s *Service) Published(ctx context.Context, code string) (Report, error) {
	per, ok, err := s.periodByCode(ctx, code)
	if err != nil {
		return Report{}, err
	}
	notFound := web.NotFound("Er is (nog) geen gepubliceerd rapport over deze periode.", "There is no published report about this period (yet).")
	if !ok {
		return Report{}, notFound
	}
	content, _, err := s.store.report(ctx, per.ID)
	if errors.Is(err, errNotFound) {
		return Report{}, notFound
	}
	if err != nil {
		return Report{}, err
	}
	var rep Report
	if err := json.Unmarshal([]byte(content), &rep); err != nil {
		return Report{}, fmt.Errorf("monitor: published report %s: %w", code, err)
	}
	return rep, nil
}

// PublishedList is a published report in the public list.
type PublishedList struct {
	Code, Name  string
	PublishedAt time.Time
}

// PublishedReports lists the published reports, newest period first.
func (s *Service) PublishedReports(ctx context.Context) ([]PublishedList, error) {
	ps, err := s.Periods(ctx)
	if err != nil {
		return nil, err
	}
	pub, err := s.store.publishedPeriods(ctx)
	if err != nil {
		return nil, err
	}
	var out []PublishedList
	for i := len(ps) - 1; i >= 0; i-- {
		if at, ok := pub[ps[i].ID]; ok {
			out = append(out, PublishedList{Code: ps[i].Code, Name: ps[i].Name, PublishedAt: at})
		}
	}
	return out, nil
}

// Publish freezes the period's report and makes both versions public. Every
// indicator needs a reviewed easy-read text first: the easy-read version
// is written per item and read back, never left out or generated.
func (s *Service) Publish(ctx context.Context, p *auth.Principal, code string) error {
	rep, per, err := s.Report(ctx, code)
	if err != nil {
		return err
	}
	var errs []web.FieldError
	for _, l := range rep.Lines {
		for _, pr := range l.Projects {
			for _, g := range pr.Goals {
				for _, in := range g.Indicators {
					switch {
					case len(in.Easy) == 0:
						errs = append(errs, field("", fmt.Sprintf("De indicator ‘%s’ heeft nog geen tekst in eenvoudige taal. Schrijf die eerst.", in.Name), fmt.Sprintf("The indicator ‘%s’ has no easy-read text yet. Write it first.", in.Name)))
					case !in.Reviewed:
						errs = append(errs, field("", fmt.Sprintf("De tekst in eenvoudige taal van ‘%s’ is nog niet nagelezen.", in.Name), fmt.Sprintf("The easy-read text of ‘%s’ has not been reviewed yet.", in.Name)))
					}
				}
			}
		}
	}
	if err := web.Invalid(errs...); err != nil {
		return err
	}
	at := s.now()
	rep.PublishedAt = &at
	content, err := json.Marshal(rep)
	if err != nil {
		return err
	}
	err = s.store.insertReport(ctx, per.ID, string(content), p.UserID, at)
	if db.IsUniqueViolation(err) {
		return web.Conflict(fmt.Sprintf("Het rapport over %s is al gepubliceerd; een gepubliceerd rapport verandert niet meer.", per.Name), fmt.Sprintf("The report about %s is already published; a published report does not change.", per.Name))
	}
	return err
}

// writePDF prints a report, standard or easy-read; the HTML page stays
// the accessible version.
func writePDF(w io.Writer, rep Report, easy bool) error {
	doc := export.Document{Title: "Voortgangsrapportage Volwaardig Leven: " + rep.PeriodName, Subject: "Voortgangsrapportage", Author: "Programma Volwaardig Leven", Created: rep.GeneratedAt}
	if rep.PublishedAt != nil {
		doc.Created = *rep.PublishedAt
	}
	period := fmt.Sprintf("Periode %s tot en met %s.", rep.Starts.Dutch(), rep.Ends.Dutch())
	if easy {
		doc.Title = "Volwaardig Leven: wat is er gebeurd? (" + rep.PeriodName + ")"
		doc.Subtitle = "Eenvoudig verteld"
		doc.Blocks = append(doc.Blocks, export.Paragraph{Text: period})
		for _, l := range rep.Lines {
			doc.Blocks = append(doc.Blocks, export.Heading{Text: l.Name, Level: 1})
			if l.EasyRead != "" {
				doc.Blocks = append(doc.Blocks, export.Paragraph{Text: l.EasyRead})
			}
			for _, part := range easyParts(l) {
				doc.Blocks = append(doc.Blocks, export.Heading{Text: part.Question, Level: 2})
				for _, it := range part.Items {
					text := it.Name + ":\n" + strings.Join(it.Easy, "\n") + "\n" + it.Status.EasyLabel()
					for _, t := range it.Terms {
						text += "\nWat betekent ‘" + t.Term + "’? " + t.Explanation
					}
					doc.Blocks = append(doc.Blocks, export.Paragraph{Text: text})
				}
			}
		}
		return export.WritePDF(w, doc)
	}
	doc.Subtitle = period
	for _, l := range rep.Lines {
		doc.Blocks = append(doc.Blocks, export.Heading{Text: l.Name, Level: 1})
		if l.Summary != "" {
			doc.Blocks = append(doc.Blocks, export.Paragraph{Text: l.Summary})
		}
		for _, p := range l.Projects {
			doc.Blocks = append(doc.Blocks, export.Heading{Text: p.Name, Level: 2},
				export.KeyValues{Pairs: []export.KeyValue{{Key: "Evaluatie", Value: p.Evaluation}, {Key: "Na het programma", Value: p.Continues}, {Key: "Kennisproducten", Value: p.Knowledge}}})
			t := export.Table{Header: []string{"Doel", "Indicator", "Vorige periode", "Deze periode", "Streefwaarde", "Status", "Hoe bepaald"}}
			for _, g := range p.Goals {
				for _, in := range g.Indicators {
					t.Rows = append(t.Rows, []any{g.Name, in.Name + " (" + in.Unit + ")", in.Previous, in.Value, in.Target, in.Status.Label(), in.How})
				}
			}
			if len(t.Rows) > 0 {
				doc.Blocks = append(doc.Blocks, t)
			}
		}
	}
	return export.WritePDF(w, doc)
}

// EasyPart is a question heading of the easy-read report with its items.
type EasyPart struct {
	Question string
	Items    []ReportIndicator
}

// easyParts sorts a line's items under the easy-read questions: what
// happened, and what did not work out yet.
func easyParts(l ReportLine) []EasyPart {
	done := EasyPart{Question: "Wat is er gebeurd?"}
	notYet := EasyPart{Question: "Wat is nog niet gelukt?"}
	for _, p := range l.Projects {
		for _, g := range p.Goals {
			for _, in := range g.Indicators {
				if len(in.Easy) == 0 {
					continue
				}
				if in.Status == StatusNotAchieved || in.Status == StatusAttention {
					notYet.Items = append(notYet.Items, in)
				} else {
					done.Items = append(done.Items, in)
				}
			}
		}
	}
	var out []EasyPart
	for _, p := range []EasyPart{done, notYet} {
		if len(p.Items) > 0 {
			out = append(out, p)
		}
	}
	return out
}
