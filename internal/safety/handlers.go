package safety

import (
	"bytes"
	"context"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/export"
	"github.com/volwaardig/volwaardig/internal/orgs"
	"github.com/volwaardig/volwaardig/internal/web"
)

// formLimit bounds a posted step of the flow: the longest text is 4000
// characters (up to 16 KB in UTF-8) plus the hidden fields.
const formLimit = 64 << 10

func (s *Service) parseTemplates() {
	s.tmpl = map[string]*template.Template{}
	for _, name := range []string{"flow", "status", "mine", "adviser", "report", "prevention"} {
		s.tmpl[name] = s.rd.Parse(templatesFS, "templates/"+name+".html", "templates/parts.html")
	}
}

// Routes registers the pages and the JSON API.
func (s *Service) Routes(rt *web.Router) {
	public := auth.Public()
	adviser := auth.Roles(auth.RoleAanbieder)
	rt.HandleFunc("GET /meldingen", public, s.handleStart)
	rt.HandleFunc("POST /meldingen", public, s.handleFlow, web.MaxBody(formLimit))
	rt.HandleFunc("GET /meldingen/status", public, s.handleStatusForm)
	rt.HandleFunc("POST /meldingen/status", public, s.handleStatus, web.MaxBody(formLimit))
	rt.HandleFunc("GET /meldingen/wat-is-goed", public, s.handlePrevention)
	rt.HandleFunc("GET /meldingen/snel-weg.js", public, s.handleAsset("assets/snel-weg.js", "text/javascript; charset=utf-8"))
	rt.HandleFunc("GET /meldingen/meldingen.css", public, s.handleAsset("assets/meldingen.css", "text/css; charset=utf-8"))
	rt.HandleFunc("GET /meldingen/mijn", auth.AnyUser(), s.handleMine)
	rt.HandleFunc("POST /meldingen/mijn/{id}/bericht", auth.AnyUser(), s.handleMineReply, web.MaxBody(formLimit))
	rt.HandleFunc("GET /meldingen/behandelen", adviser, s.handleAdviserList(clientGroups))
	rt.HandleFunc("GET /meldingen/behandelen/medewerkers", adviser, s.handleAdviserList(professionalGroups))
	rt.HandleFunc("GET /meldingen/behandelen/{id}", adviser, s.handleReport)
	rt.HandleFunc("POST /meldingen/behandelen/{id}/stap", adviser, s.handleStep)
	rt.HandleFunc("POST /meldingen/behandelen/{id}/igj", adviser, s.handleIGJ)
	rt.HandleFunc("GET /meldingen/behandelen/{id}/igj.pdf", adviser, s.handleIGJPDF)
	rt.HandleFunc("POST /meldingen/behandelen/{id}/bericht", adviser, s.handleMessage)
	rt.HandleFunc("POST /meldingen/behandelen/{id}/afsluiten", adviser, s.handleClose)
	s.apiRoutes(rt)
	// The flow is public: in the menu of an anonymous visitor, and of
	// everyone logged in (a professional may report too).
	for _, rule := range []auth.Rule{public, auth.AnyUser()} {
		rt.Nav(web.NavItem{Path: "/meldingen", Label: "Melden van geweld", English: "Report violence", Order: 60, Rule: rule,
			Summary: "Praat met iemand of meld geweld of misbruik. Dat kan zonder in te loggen.", SummaryEN: "Talk to someone or report violence or abuse. No login needed."})
	}
	rt.Nav(web.NavItem{Path: "/meldingen/behandelen", Label: "Meldingen behandelen", English: "Handle reports", Order: 61, Rule: adviser,
		Summary: "Meldingen van geweld in de zorg, met de stappen van de meldcode (vertrouwenspersoon).", SummaryEN: "Reports of violence in care, with the steps of the reporting code (confidential adviser)."})
}

// flashes are the adviser's confirmations after a change.
var flashes = map[string]string{
	"stap":       "De stap is vastgelegd.",
	"igj":        "De datum van de melding bij de IGJ is vastgelegd.",
	"bericht":    "Het bericht staat klaar voor de melder. De melder leest het met de statuscode, of bij Mijn meldingen als de melder is ingelogd.",
	"afgesloten": "De melding is afgesloten.",
	"verstuurd":  "Uw bericht is verstuurd. Alleen de vertrouwenspersoon leest het.",
}

// flowPage is the view of one step of the public flow or its outcome.
type flowPage struct {
	Step      string // soort, situatie, aanbieder, verhaal; or gevaar, thuis, klaar, beperkt
	F         flow
	LoggedIn  bool
	Group     Group // fixed by the account, or ""
	Providers []string
	ExitURL   string
	Code      string
	Steps     int // the number of question steps, for "stap n van m"
	StepN     int
}

func (s *Service) renderFlow(w http.ResponseWriter, r *http.Request, status int, d flowPage, errs []web.FieldError) {
	p := auth.FromContext(r.Context())
	d.LoggedIn, d.Group, d.ExitURL, d.Steps = p != nil, groupOf(p), s.cfg.ExitURL, 4
	d.StepN = stepOrder[d.Step]
	if d.Step == stepProvider {
		names, err := s.providerNames(r.Context())
		if err != nil {
			s.rd.Fail(w, r, err)
			return
		}
		d.Providers = names
	}
	s.rd.Render(w, r, status, s.tmpl["flow"], web.Page{Title: "Melden van geweld of misbruik", Data: d, Errors: errs, Form: d.F.formValues()})
}

func (s *Service) handleStart(w http.ResponseWriter, r *http.Request) {
	s.renderFlow(w, r, http.StatusOK, flowPage{Step: stepKind}, nil)
}

// handleFlow takes one posted step of the flow and answers with the next
// step, the same step with its errors, or the outcome, always at the same
// URL (no redirect carries data into an address).
func (s *Service) handleFlow(w http.ResponseWriter, r *http.Request) {
	if err := web.ParseForm(r); err != nil {
		s.renderFlow(w, r, web.AsError(err).Status(), flowPage{Step: stepKind}, []web.FieldError{{Field: "soort", Message: web.AsError(err).Message}})
		return
	}
	p := auth.FromContext(r.Context())
	f, errs := decodeFlow(r.PostForm, groupOf(p))
	if f.Back {
		prev := stepNames[max(1, stepOrder[f.Step]-1)]
		s.renderFlow(w, r, http.StatusOK, flowPage{Step: prev, F: f}, nil)
		return
	}
	var providerID int64
	var region string
	if stepOrder[f.Step] >= 3 && len(errs) == 0 {
		var err error
		providerID, region, f.Provider, err = s.findProvider(r.Context(), f.Provider)
		if err != nil {
			if fe, ok := web.FieldErrorsOf(err); ok {
				errs = append(errs, fe...)
			} else {
				s.rd.Fail(w, r, err)
				return
			}
		}
	}
	if len(errs) > 0 {
		s.renderFlow(w, r, http.StatusUnprocessableEntity, flowPage{Step: firstErrorStep(errs, f.Step), F: f}, errs)
		return
	}
	switch f.Step {
	case stepKind:
		s.renderFlow(w, r, http.StatusOK, flowPage{Step: stepSituation, F: f}, nil)
	case stepSituation:
		if f.Situation == SituationDanger || f.Situation == SituationHome {
			// Routing advice only: nothing is stored but an anonymous count.
			if err := s.store.countRouting(r.Context(), monthOf(s.now()), f.Situation); err != nil {
				s.logger.Error("safety: routing count failed", "err", err)
			}
			s.renderFlow(w, r, http.StatusOK, flowPage{Step: string(f.Situation), F: f}, nil)
			return
		}
		s.renderFlow(w, r, http.StatusOK, flowPage{Step: stepProvider, F: f}, nil)
	case stepProvider:
		s.renderFlow(w, r, http.StatusOK, flowPage{Step: stepStory, F: f}, nil)
	case stepStory:
		addr := addressOf(r)
		if s.limit.over("melding", addr, s.cfg.MaxReports) {
			// Too many from this address: nothing is stored, but the
			// advice to call 112 or Veilig Thuis is shown all the same.
			s.renderFlow(w, r, http.StatusTooManyRequests, flowPage{Step: "beperkt", F: f}, nil)
			return
		}
		sub, err := s.Submit(r.Context(), p, f, providerID, region)
		if err != nil {
			s.rd.Fail(w, r, err)
			return
		}
		s.limit.add("melding", addr)
		s.renderFlow(w, r, http.StatusOK, flowPage{Step: "klaar", F: flow{Kind: f.Kind, SafeNow: f.SafeNow, Provider: f.Provider}, Code: sub.Code}, nil)
	}
}

// providerNames are the names of the providers a reporter can choose.
func (s *Service) providerNames(ctx context.Context) ([]string, error) {
	os, err := s.providers.Organisations(ctx, "aanbieder")
	if err != nil {
		return nil, err
	}
	out := make([]string, len(os))
	for i, o := range os {
		out[i] = o.Name
	}
	return out, nil
}

// findProvider finds the provider a reporter named, and returns its full
// name. A reporter often knows only part of it ("Zijlen" for "De Zijlen"),
// and a phone may not show the list of names: a part of at least three
// letters that fits one provider is that provider; a part that fits
// several names a few of them. Anything else is a field error naming what
// to do.
func (s *Service) findProvider(ctx context.Context, name string) (int64, string, string, error) {
	os, err := s.providers.Organisations(ctx, "aanbieder")
	if err != nil {
		return 0, "", "", err
	}
	var found, partly []orgs.Organisation
	typed := normName(name)
	for _, o := range os {
		switch n := normName(o.Name); {
		case n == typed:
			found = append(found, o)
		case utf8.RuneCountInString(typed) >= 3 && strings.Contains(n, typed):
			partly = append(partly, o)
		}
	}
	if len(found) == 0 && len(partly) == 1 {
		found = partly
	}
	if len(found) == 1 {
		return found[0].ID, found[0].Region, found[0].Name, nil
	}
	if len(found) == 0 && len(partly) > 1 {
		names := make([]string, 0, 3)
		for _, o := range partly[:min(3, len(partly))] {
			names = append(names, o.Name)
		}
		return 0, "", "", web.Invalid(web.FieldError{Field: "aanbieder",
			Message: "Er zijn " + strconv.Itoa(len(partly)) + " zorgaanbieders met deze naam. Typ de hele naam, bijvoorbeeld " + strings.Join(names, " of ") + ".",
			English: "There are " + strconv.Itoa(len(partly)) + " care providers with this name. Type the whole name, for example " + strings.Join(names, " or ") + "."})
	}
	return 0, "", "", web.Invalid(web.FieldError{Field: "aanbieder", Message: "Wij kennen geen zorgaanbieder met deze naam. Kies een naam uit de lijst, of vraag uw begeleider hoe de organisatie heet.",
		English: "We know no care provider by this name. Choose a name from the list, or ask your carer what the organisation is called."})
}

// statusPage is the reporter's view of a report by its code.
type statusPage struct {
	Report  *Report
	Code    string
	ExitURL string
	Sent    bool
	Limited bool
}

func (s *Service) handleStatusForm(w http.ResponseWriter, r *http.Request) {
	s.rd.Render(w, r, http.StatusOK, s.tmpl["status"], web.Page{Title: "Uw melding volgen", Data: statusPage{ExitURL: s.cfg.ExitURL}})
}

// handleStatus shows a report's status to whoever has its code (posted,
// never in the URL), and takes the reporter's reply. Wrong codes are
// counted per address: after MaxLookups in a window every code is refused
// for that address until the window ends.
func (s *Service) handleStatus(w http.ResponseWriter, r *http.Request) {
	d := statusPage{ExitURL: s.cfg.ExitURL}
	if err := web.ParseForm(r); err != nil {
		s.rd.Render(w, r, web.AsError(err).Status(), s.tmpl["status"], web.Page{Title: "Uw melding volgen", Data: d, Errors: []web.FieldError{{Field: "code", Message: web.AsError(err).Message}}})
		return
	}
	p := auth.FromContext(r.Context())
	code := r.PostForm.Get("code")
	in, replyErrs := decodeFollowUpForm(r.PostForm)
	addr := addressOf(r)
	fail := func(status int, errs []web.FieldError) {
		s.rd.Render(w, r, status, s.tmpl["status"], web.Page{Title: "Uw melding volgen", Data: d, Errors: errs, Form: map[string]string{"code": code, "bericht": r.PostForm.Get("bericht")}})
	}
	if s.limit.over("code", addr, s.cfg.MaxLookups) {
		d.Limited = true
		msg := "U heeft te vaak een verkeerde code ingevuld. Probeer het over een uur opnieuw. Bent u in gevaar? Bel 112."
		if web.EasyReadFromRequest(r) {
			msg = "U vulde te vaak een verkeerde code in. Wacht een uur. Probeer het dan opnieuw. Bent u in gevaar? Bel 112."
		}
		fail(http.StatusTooManyRequests, []web.FieldError{{Field: "code", Message: msg}})
		return
	}
	rep, ok, err := s.Lookup(r.Context(), p, code)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	if !ok {
		s.limit.add("code", addr)
		// In easy-read the message is its own short text, without the
		// example code a reader could take for theirs.
		msg := "Deze code kennen wij niet. Kijk of u de code goed heeft overgenomen: 16 letters en cijfers, bijvoorbeeld K7QX-M2PA-9RTD-W4HB."
		if web.EasyReadFromRequest(r) {
			msg = "Deze code kennen wij niet. Kijk de code nog een keer goed na."
		}
		fail(http.StatusUnprocessableEntity, []web.FieldError{{Field: "code", Message: msg}})
		return
	}
	d.Code = in.Code
	if in.Reply {
		if len(replyErrs) > 0 {
			d.Report = &rep
			fail(http.StatusUnprocessableEntity, replyErrs)
			return
		}
		if err := s.Reply(r.Context(), p, d.Code, in.Body); err != nil {
			if fe, ok := web.FieldErrorsOf(err); ok {
				d.Report = &rep
				fail(http.StatusUnprocessableEntity, fe)
				return
			}
			s.rd.Fail(w, r, err)
			return
		}
		d.Sent = true
		if rep, _, err = s.store.reportByCode(r.Context(), s.d, hashCode(d.Code)); err != nil {
			s.rd.Fail(w, r, err)
			return
		}
		if err := s.name(r.Context(), []*Report{&rep}); err != nil {
			s.rd.Fail(w, r, err)
			return
		}
	}
	d.Report = &rep
	s.rd.Render(w, r, http.StatusOK, s.tmpl["status"], web.Page{Title: "Uw melding volgen", Data: d})
}

func (s *Service) handlePrevention(w http.ResponseWriter, r *http.Request) {
	s.rd.Render(w, r, http.StatusOK, s.tmpl["prevention"], web.Page{Title: "Wat is goed en wat is niet goed?", Data: flowPage{ExitURL: s.cfg.ExitURL}})
}

// handleAsset serves one of the module's own static files: the quick
// exit's script (the CSP allows no inline script) and the flow's styles.
func (s *Service) handleAsset(name, contentType string) http.HandlerFunc {
	body, err := assetsFS.ReadFile(name)
	if err != nil {
		panic("safety: embedded asset missing: " + name)
	}
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.Header().Set("Cache-Control", "public, max-age=3600")
		_, _ = w.Write(body)
	}
}

// minePage is a logged-in reporter's own reports.
type minePage struct {
	Reports []Report
	ExitURL string
}

func (s *Service) handleMine(w http.ResponseWriter, r *http.Request) {
	s.showMine(w, r, http.StatusOK, nil, nil)
}

func (s *Service) showMine(w http.ResponseWriter, r *http.Request, status int, errs []web.FieldError, form map[string]string) {
	p := auth.FromContext(r.Context())
	rs, err := s.MineFor(r.Context(), p)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	s.rd.Render(w, r, status, s.tmpl["mine"], web.Page{Title: "Mijn meldingen", Data: minePage{Reports: rs, ExitURL: s.cfg.ExitURL}, Errors: errs, Form: form, Flash: web.Flash(r, flashes)})
}

// handleMineReply takes a logged-in reporter's message on one of their own
// reports. Each report on the page has its own form, so the field carries
// the report's id ("bericht-12") to put an error at the right form.
func (s *Service) handleMineReply(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	if err := web.ParseForm(r); err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	field := "bericht-" + strconv.FormatInt(id, 10)
	body := r.PostForm.Get(field)
	if err := s.ReplyMine(r.Context(), auth.FromContext(r.Context()), id, body); err != nil {
		if fe, ok := web.FieldErrorsOf(err); ok {
			for i := range fe {
				fe[i].Field = field
			}
			s.showMine(w, r, http.StatusUnprocessableEntity, fe, map[string]string{field: body})
			return
		}
		s.rd.Fail(w, r, err)
		return
	}
	web.SeeOther(w, r, "/meldingen/mijn", "verstuurd")
}

// adviserPage is one of the adviser's two lists.
type adviserPage struct {
	Adviser       bool
	Professionals bool
	Reports       []Report
}

func (s *Service) handleAdviserList(groups []Group) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p := auth.FromContext(r.Context())
		d := adviserPage{Adviser: IsAdviser(p), Professionals: groups[0] == GroupProfessional}
		title := "Meldingen van cliënten en naasten"
		if d.Professionals {
			title = "Meldingen van medewerkers"
		}
		if d.Adviser {
			rs, err := s.AdviserList(r.Context(), p, groups)
			if err != nil {
				s.rd.Fail(w, r, err)
				return
			}
			d.Reports = rs
		}
		// A provider account without the duty sees who handles reports,
		// and nothing of them.
		s.rd.Render(w, r, http.StatusOK, s.tmpl["adviser"], web.Page{Title: title, Data: d, Flash: web.Flash(r, flashes)})
	}
}

// reportPage is the adviser's view of one report.
type reportPage struct {
	Report Report
	Steps  []MeldcodeStep
	Next   int
}

func (s *Service) handleReport(w http.ResponseWriter, r *http.Request) {
	s.showReport(w, r, http.StatusOK, nil, nil)
}

func (s *Service) showReport(w http.ResponseWriter, r *http.Request, status int, errs []web.FieldError, form map[string]string) {
	rep, err := s.adviserReport(r)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	title := "Melding"
	if rep.Kind == KindAdvice {
		title = "Adviesvraag"
	}
	s.rd.Render(w, r, status, s.tmpl["report"], web.Page{Title: title, Data: reportPage{Report: rep, Steps: Steps, Next: min(5, rep.LastStep()+1)}, Errors: errs, Form: form, Flash: web.Flash(r, flashes)})
}

// handleIGJPDF prints the fields the inspectorate (IGJ) asks for in a
// report of violence in the care relationship, in Dutch, for the adviser
// to copy into the IGJ's form or file: the same fields as the API's
// inspectorate export, which a person cannot read as JSON.
func (s *Service) handleIGJPDF(w http.ResponseWriter, r *http.Request) {
	rep, err := s.adviserReport(r)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	if !rep.IGJDuty() {
		s.rd.Fail(w, r, web.NotFound("Een adviesvraag wordt niet bij de IGJ gemeld.", "An advice request is not reported to the inspectorate."))
		return
	}
	loc := web.Amsterdam()
	moment := func(t time.Time) string {
		if t.IsZero() {
			return "Nog niet"
		}
		return t.In(loc).Format("02-01-2006 15:04")
	}
	reported := "Nog niet gemeld"
	if !rep.IGJReportedAt.IsZero() {
		reported = rep.IGJReportedAt.In(loc).Format("02-01-2006")
	}
	facts := export.KeyValues{Pairs: []export.KeyValue{
		{Key: "Zorgaanbieder", Value: rep.ProviderName},
		{Key: "Bekend sinds", Value: moment(rep.CreatedAt)},
		{Key: "Gemeld door", Value: rep.Group.Label()},
		{Key: "Wat is er gebeurd?", Value: rep.What},
		{Key: "Waar gebeurde het?", Value: rep.Where},
		{Key: "Wie waren erbij?", Value: firstNonEmpty(rep.Who, "Niet ingevuld")},
		{Key: "Gebeurt het nog steeds?", Value: rep.Ongoing.Label()},
		{Key: "Is de cliënt nu veilig?", Value: rep.SafeNow.Label()},
		{Key: "Gemeld bij de IGJ op", Value: reported},
	}}
	steps := export.Table{Header: []string{"Stap", "Uitkomst", "Vastgelegd op", "Door"}}
	for _, st := range rep.Steps {
		outcome := st.Outcome
		if c := st.ChoiceLabel(); c != "" {
			outcome = c + ": " + outcome
		}
		steps.Rows = append(steps.Rows, []any{strconv.Itoa(st.Step) + ". " + st.Title(), outcome, moment(st.RecordedAt), st.ByName})
	}
	doc := export.Document{Title: "Melding van geweld in de zorgrelatie", Subtitle: "Gegevens voor de Inspectie Gezondheidszorg en Jeugd (IGJ)",
		Author: rep.ProviderName, Subject: "Gegevens voor de IGJ", Created: s.now(), Footer: "Vertrouwelijk: melding van geweld",
		Blocks: []export.Block{facts, export.Heading{Text: "Maatregelen: de stappen van de meldcode", Level: 1}}}
	if len(steps.Rows) > 0 {
		doc.Blocks = append(doc.Blocks, steps)
	} else {
		doc.Blocks = append(doc.Blocks, export.Paragraph{Text: "Er is nog geen stap vastgelegd."})
	}
	doc.Blocks = append(doc.Blocks, export.Heading{Text: "Besluit", Level: 1}, export.Paragraph{Text: firstNonEmpty(rep.Decision, "Nog geen besluit.")})
	var buf bytes.Buffer
	if err := export.WritePDF(&buf, doc); err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="melding-igj.pdf"`)
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(buf.Bytes())
}

// firstNonEmpty is s, or otherwise when s is blank.
func firstNonEmpty(s, otherwise string) string {
	if strings.TrimSpace(s) == "" {
		return otherwise
	}
	return s
}

// adviserChange runs a change of the adviser's report page: back to the
// report with a confirmation, or the page again with every error.
func (s *Service) adviserChange(w http.ResponseWriter, r *http.Request, flash string, fn func(p *auth.Principal, id int64) error) {
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
	if err := fn(p, id); err != nil {
		if fe, ok := web.FieldErrorsOf(err); ok {
			form := map[string]string{}
			for k := range r.PostForm {
				form[k] = r.PostForm.Get(k)
			}
			s.showReport(w, r, http.StatusUnprocessableEntity, fe, form)
			return
		}
		s.rd.Fail(w, r, err)
		return
	}
	web.SeeOther(w, r, "/meldingen/behandelen/"+strconv.FormatInt(id, 10), flash)
}

func (s *Service) handleStep(w http.ResponseWriter, r *http.Request) {
	s.adviserChange(w, r, "stap", func(p *auth.Principal, id int64) error {
		in, errs := decodeStepForm(r.PostForm)
		if err := web.Invalid(errs...); err != nil {
			return err
		}
		return s.RecordStep(r.Context(), p, id, in)
	})
}

func (s *Service) handleIGJ(w http.ResponseWriter, r *http.Request) {
	s.adviserChange(w, r, "igj", func(p *auth.Principal, id int64) error {
		if _, errs := decodeIGJForm(r.PostForm, s.now()); len(errs) > 0 {
			return web.Invalid(errs...)
		}
		return s.RecordIGJ(r.Context(), p, id, r.PostForm.Get("igj_datum"))
	})
}

func (s *Service) handleMessage(w http.ResponseWriter, r *http.Request) {
	s.adviserChange(w, r, "bericht", func(p *auth.Principal, id int64) error {
		body, errs := decodeMessageForm(r.PostForm)
		if err := web.Invalid(errs...); err != nil {
			return err
		}
		return s.SendMessage(r.Context(), p, id, body)
	})
}

func (s *Service) handleClose(w http.ResponseWriter, r *http.Request) {
	s.adviserChange(w, r, "afgesloten", func(p *auth.Principal, id int64) error {
		decision, errs := decodeCloseForm(r.PostForm)
		if err := web.Invalid(errs...); err != nil {
			return err
		}
		return s.Close(r.Context(), p, id, decision)
	})
}

// GroupValues are the answers to "who are you?", in order.
func (flowPage) GroupValues() []string {
	return []string{string(GroupClient), string(GroupRelative), string(GroupProfessional)}
}

// AnswerValues are yes, no and don't know, in order.
func (flowPage) AnswerValues() []string {
	return []string{string(AnswerYes), string(AnswerNo), string(AnswerUnknown)}
}
