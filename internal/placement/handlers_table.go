package placement

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/web"
)

// The pages of the regional and the national table: one agenda page at
// /complexe-zorg/agenda whose content follows the account. A regional care
// office sees its regions' agenda and reads the national table's outcomes;
// a national-table account (DutyNationalTable) sees the escalated cases of
// every region and records its own outcomes.

type agendaData struct {
	Items     []AgendaEntry
	Escalated []Case
	// Outcomes are the national table's decisions on the region's cases.
	Outcomes []NationalOutcome
	// National is true for a national-table account.
	National bool
	// General and Objection are the decision choices of an item, with
	// their labels translated once for the whole agenda: an agenda at
	// national scale has hundreds of items, each with the same form.
	// NationalChoices are the national table's outcomes.
	General, Objection, NationalChoices []decisionChoice
}

// decisionChoice is one option of the table's decision form.
type decisionChoice struct {
	Value Decision
	Label string
}

func (s *Service) agendaPage(w http.ResponseWriter, r *http.Request) {
	s.renderAgenda(w, r, http.StatusOK, nil, nil)
}

func (s *Service) renderAgenda(w http.ResponseWriter, r *http.Request, status int, errs []web.FieldError, form map[string]string) {
	p := auth.FromContext(r.Context())
	items, err := s.Agenda(r.Context(), p)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	d := agendaData{Items: items, National: p.HasDuty(auth.DutyNationalTable)}
	if !d.National {
		if d.Escalated, d.Outcomes, err = s.Escalated(r.Context(), p); err != nil {
			s.rd.Fail(w, r, err)
			return
		}
	}
	lang := web.LangFromRequest(r)
	for _, x := range Decisions() {
		c := decisionChoice{Value: x, Label: s.rd.Catalog.Translate(lang, x.Label())}
		d.Objection = append(d.Objection, c)
		if !x.ForObjection() {
			d.General = append(d.General, c)
			if x != DecideEscalate {
				d.NationalChoices = append(d.NationalChoices, c)
			}
		}
	}
	title := "Agenda regionale tafel"
	if d.National {
		title = "Agenda landelijke tafel"
	}
	s.rd.Render(w, r, status, s.pages.agenda, web.Page{Title: title, Data: d, Flash: web.Flash(r, flashes), Errors: errs, Form: form})
}

// decideSubmit records a decision from an agenda card. Every error of the
// card's form is shown at once, at its field (whose id carries the case).
func (s *Service) decideSubmit(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	if err := web.ParseForm(r); err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	in, errs := decodeDecision(r.PostForm, s.rd.Fmt)
	if len(errs) > 0 {
		err = web.Invalid(errs...)
	} else {
		err = s.Decide(r.Context(), auth.FromContext(r.Context()), id, in.Agenda, in.Decision, in.Note, in.Deadline)
	}
	s.afterAction(w, r, err, "/complexe-zorg/agenda", "besluit", func(status int, errs []web.FieldError) {
		suffix := "-" + strconv.FormatInt(id, 10)
		form := map[string]string{"toel" + suffix: r.PostForm.Get("toelichting"), "deadline" + suffix: r.PostForm.Get("deadline"), "besluit" + suffix: r.PostForm.Get("besluit")}
		s.renderAgenda(w, r, status, agendaFieldErrors(errs, suffix), form)
	})
}

// agendaFieldErrors gives a decision form's field errors the ids of the
// card's inputs, so the error summary's links land on them.
func agendaFieldErrors(errs []web.FieldError, suffix string) []web.FieldError {
	out := make([]web.FieldError, len(errs))
	for i, e := range errs {
		switch e.Field {
		case "besluit", "deadline":
			e.Field += suffix
		case "toelichting":
			e.Field = "toel" + suffix
		}
		out[i] = e
	}
	return out
}

// decisionForm is an agenda card's decision form, read.
type decisionForm struct {
	Agenda   AgendaKind
	Decision Decision
	Note     string
	// Deadline is the new deadline; the zero time when none was given.
	Deadline time.Time
}

// decodeDecision reads an agenda card's decision form without the
// database, so it can be fuzzed (issue 18): a known decision, a real date
// or none as the new deadline, and, when the form is refused, the note
// asked for too so the table writes it in the same go. Every mistake at
// once, each at its field.
func decodeDecision(f url.Values, fm web.Formatter) (decisionForm, []web.FieldError) {
	in := decisionForm{Agenda: AgendaKind(f.Get("agenda")), Note: strings.TrimSpace(f.Get("toelichting"))}
	var errs []web.FieldError
	var err error
	if in.Decision, err = ParseDecision(f.Get("besluit")); err != nil {
		errs = append(errs, web.FieldError{Field: "besluit", Message: "Kies een besluit.", English: "Choose a decision."})
	}
	if v := f.Get("deadline"); v != "" {
		if in.Deadline, err = fm.ParseDate(v); err != nil {
			errs = append(errs, web.FieldError{Field: "deadline", Message: "De nieuwe uiterste datum is geen datum; schrijf dd-mm-jjjj.", English: "The new deadline is not a date; write dd-mm-yyyy."})
		}
	}
	if len(errs) > 0 && in.Note == "" {
		errs = append(errs, web.FieldError{Field: "toelichting", Message: "Schrijf kort op wat de tafel besloot en waarom.", English: "Write briefly what the table decided and why."})
	}
	return in, errs
}
