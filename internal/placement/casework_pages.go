package placement

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/web"
)

// editMarker tells renderPerson that the form values are the submitted edit
// form (checkboxes absent = unticked), not a fill from the case.
const editMarker = "_bewerken"

// editForm fills the edit form's fields from the case as it stands.
func editForm(c Case) map[string]string {
	f := map[string]string{
		"zorgprofiel": string(c.Profile), "wzd": string(c.Wzd), "wachtstatus": string(c.Waiting),
		"dossierhouder": c.Dossierhouder, "contactpersoon": idText(c.ContactUser), "wensen_client": c.WishesClient, "wensen_familie": c.WishesFamily,
		"expertise": JoinExpertise(c.Needs.Expertise),
	}
	for k, v := range map[string]bool{"meerzorg": c.Meerzorg, "prikkelarm": c.Needs.LowStimulus, "een_op_een": c.Needs.OneToOne,
		"besloten": c.Needs.Secured, "rolstoel": c.Needs.Wheelchair} {
		if v {
			f[k] = "ja"
		}
	}
	if c.Needs.MaxDistanceKm > 0 {
		f["max_afstand_km"] = strconv.Itoa(c.Needs.MaxDistanceKm)
	}
	if !c.Deadline.IsZero() {
		f["uiterste_datum"] = c.Deadline.In(web.Amsterdam()).Format("02-01-2006")
	}
	return f
}

// idText is an optional reference as a form value ("" for none).
func idText(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

// caseStaff lists the care-office accounts of a region, the people a case
// of that region may have as its vaste contactpersoon, by name.
func (s *Service) caseStaff(ctx context.Context, region string) ([]auth.Member, error) {
	return s.store.accounts.RegionStaff(ctx, s.db, auth.RoleZorgkantoor, region)
}

// caseEditFromForm reads the edit form over the case's current values and
// returns every problem at once, each naming its field. A field that does
// not parse keeps its current value, so validate does not report it twice.
func caseEditFromForm(r *http.Request, c Case, staff []auth.Member) (CaseEdit, map[string]string, []web.FieldError) {
	e := editOf(c)
	form := map[string]string{editMarker: "1"}
	for k, v := range r.PostForm {
		if len(v) > 0 {
			form[k] = strings.TrimSpace(strings.Join(v, ","))
		}
	}
	var errs []web.FieldError
	fail := func(field, nl string) {
		errs = append(errs, web.FieldError{Field: field, Message: nl, English: translateDomain(nl)})
	}
	if p, err := ParseProfile(form["zorgprofiel"]); err != nil {
		fail("zorgprofiel", "Kies een zorgprofiel uit de lijst.")
	} else {
		e.Profile = p
	}
	if w, err := ParseWzd(form["wzd"]); err != nil {
		fail("wzd", "Kies een Wzd-status uit de lijst.")
	} else {
		e.Wzd = w
	}
	if w, err := ParseWaitingStatus(form["wachtstatus"]); err != nil {
		fail("wachtstatus", "Kies een wachtstatus uit de lijst.")
	} else {
		e.Waiting = w
	}
	e.Meerzorg, e.LowStimulus, e.OneToOne = form["meerzorg"] == "ja", form["prikkelarm"] == "ja", form["een_op_een"] == "ja"
	e.Secured, e.Wheelchair = form["besloten"] == "ja", form["rolstoel"] == "ja"
	if v := form["max_afstand_km"]; v == "" {
		e.MaxDistanceKm = 0
	} else if n, err := strconv.Atoi(v); err != nil {
		fail("max_afstand_km", "Schrijf de maximale afstand als een heel aantal kilometers, bijvoorbeeld 30, of laat het veld leeg.")
	} else {
		e.MaxDistanceKm = n
	}
	if es, err := ParseExpertise(form["expertise"]); err != nil {
		fail("expertise", "Kies de expertise uit de lijst.")
	} else {
		e.Expertise = es
	}
	if v := form["uiterste_datum"]; v == "" {
		e.Deadline = time.Time{}
	} else if t, err := web.ParseDate(v); err != nil {
		fail("uiterste_datum", "Schrijf de uiterste datum als dd-mm-jjjj, bijvoorbeeld 01-03-2027, of laat het veld leeg.")
	} else {
		e.Deadline = t
	}
	if v := form["contactpersoon"]; v == "" {
		e.ContactUser = 0
	} else if id, err := strconv.ParseInt(v, 10, 64); err != nil || id <= 0 {
		errs = append(errs, errNoSuchContact)
	} else {
		e.ContactUser = id
	}
	e.Dossierhouder, e.WishesClient, e.WishesFamily = form["dossierhouder"], form["wensen_client"], form["wensen_familie"]
	for _, v := range e.validate(staff, c.ContactUser) {
		if !slices.ContainsFunc(errs, func(f web.FieldError) bool { return f.Field == v.Field }) {
			errs = append(errs, v)
		}
	}
	return e, form, errs
}

func (s *Service) editSubmit(w http.ResponseWriter, r *http.Request) {
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
	c, err := s.Case(r.Context(), p, id)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	staff, err := s.caseStaff(r.Context(), c.Region)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	e, form, errs := caseEditFromForm(r, c, staff)
	if len(errs) > 0 {
		s.renderPerson(w, r, http.StatusUnprocessableEntity, errs, form)
		return
	}
	_, err = s.EditCase(r.Context(), p, id, e)
	s.afterAction(w, r, err, "/complexe-zorg/personen/"+strconv.FormatInt(id, 10), "gewijzigd", func(status int, errs []web.FieldError) {
		s.renderPerson(w, r, status, errs, form)
	})
}

func (s *Service) noteSubmit(w http.ResponseWriter, r *http.Request) {
	s.personAction(w, r, func(p *auth.Principal, id int64) error {
		body, errs := decodeNoteForm(r.PostForm)
		if err := web.Invalid(errs...); err != nil {
			return err
		}
		_, err := s.AddNote(r.Context(), p, id, body)
		return err
	}, "notitie")
}

func (s *Service) consultSubmit(w http.ResponseWriter, r *http.Request) {
	s.personAction(w, r, func(p *auth.Principal, id int64) error {
		in, errs := decodeConsultForm(r.PostForm)
		if err := web.Invalid(errs...); err != nil {
			return err
		}
		_, err := s.RequestConsult(r.Context(), p, id, in.Who, in.Centre, in.Question)
		return err
	}, "consultatie")
}

func (s *Service) consultAnswerSubmit(w http.ResponseWriter, r *http.Request) {
	s.personAction(w, r, func(p *auth.Principal, id int64) error {
		cid, err := web.PathID(r, "cid")
		if err != nil {
			return err
		}
		answer, errs := decodeConsultAnswerForm(r.PostForm)
		if err := web.Invalid(errs...); err != nil {
			return err
		}
		return s.AnswerConsult(r.Context(), p, id, cid, answer)
	}, "consultantwoord")
}

// TimelineEntry is one dated event of a case, with who and why: the page
// shows every change with its reason so that the course of a case never
// contradicts itself without saying why.
type TimelineEntry struct {
	At     time.Time
	What   string
	Detail string
	By     string
	// Warning explains an entry that looks out of order (a proposal after
	// the move); empty when the entry follows from the ones before.
	Warning string
}

// caseTimeline merges a case's history into one course, oldest first, in
// the reader's language: tr translates the module's own words and labels
// (phases, statuses, field names); what people wrote (reasons, notes,
// questions, answers) and names stay as written.
func caseTimeline(tr func(string) string, ts []Transition, cs []CaseChange, ns []Note, cons []Consult, ps []Proposal, ds []DecisionRecord, rs []Reassessment, fs []FollowUp) []TimelineEntry {
	var out []TimelineEntry
	var moved time.Time
	for _, t := range ts {
		what := tr("Fase") + ": " + tr(t.To.Label())
		if t.From != "" {
			what = tr("Fase") + ": " + tr(t.From.Label()) + " → " + tr(t.To.Label())
		}
		out = append(out, TimelineEntry{At: t.At, What: what, Detail: t.Reason, By: t.ByName})
		if t.To == Verhuisd {
			moved = t.At
		}
	}
	for _, c := range cs {
		old, new := c.Old, c.New
		if labelledChanges[c.Field] {
			old, new = tr(old), tr(new)
		}
		out = append(out, TimelineEntry{At: c.At, What: tr("Gewijzigd") + ": " + tr(c.Field), Detail: old + " → " + new, By: c.ByName})
	}
	for _, n := range ns {
		out = append(out, TimelineEntry{At: n.At, What: tr("Notitie"), Detail: n.Body, By: n.ByName})
	}
	for _, c := range cons {
		out = append(out, TimelineEntry{At: c.AskedAt, What: tr("Consultatie gevraagd aan") + " " + c.Whom(), Detail: c.Question, By: c.AskedByName})
		if c.Answered() {
			out = append(out, TimelineEntry{At: c.AnsweredAt, What: tr("Antwoord van") + " " + c.Whom(), Detail: c.Answer, By: c.AnsweredByName})
		}
	}
	for _, p := range ps {
		e := TimelineEntry{At: p.CreatedAt, What: tr("Voorstel") + ": " + p.PlaceName + " (" + p.OrgName + ")", Detail: tr("Nu") + ": " + tr(p.Status.Label())}
		if !moved.IsZero() && p.CreatedAt.After(moved) {
			e.Warning = "Dit voorstel is gedaan na de verhuizing; de fase is daarna niet teruggezet. Controleer of de verhuizing klopt."
		}
		out = append(out, e)
		if !p.AnsweredAt.IsZero() {
			d := tr(p.Status.Label())
			if p.DeclineReason != "" {
				d += ": " + tr(p.DeclineReason.Label())
			}
			if p.Note != "" {
				d += ". " + p.Note
			}
			out = append(out, TimelineEntry{At: p.AnsweredAt, What: tr("Antwoord op voorstel") + ": " + p.PlaceName, Detail: d})
		}
	}
	for _, d := range ds {
		out = append(out, TimelineEntry{At: d.DecidedAt, What: tr("Besluit van de tafel") + ": " + tr(d.Decision.Label()), Detail: d.Note})
	}
	for _, r := range rs {
		out = append(out, TimelineEntry{At: r.RecordedAt, What: tr("Herindicatie") + ": " + string(r.OldProfile) + " → " + string(r.NewProfile), Detail: r.Note})
	}
	for _, f := range fs {
		d := tr(f.Outcome.Label())
		if f.Wellbeing != "" {
			d += ". " + tr(f.Wellbeing.Label())
		}
		out = append(out, TimelineEntry{At: f.RecordedAt, What: strings.ReplaceAll(tr("Nazorg na {n} maanden"), "{n}", strconv.Itoa(f.Months)), Detail: d, By: f.ByName})
	}
	slices.SortStableFunc(out, func(a, b TimelineEntry) int { return a.At.Compare(b.At) })
	return out
}

// labelledChanges are the case fields whose old and new values are the
// module's own labels (yes/no, Wzd status, waiting status), so the
// timeline translates them; the other values are what people wrote.
var labelledChanges = map[string]bool{"Meerzorg": true, "Wzd-status": true, "Prikkelarme omgeving": true, "1-op-1 begeleiding": true,
	"Besloten afdeling": true, "Rolstoeltoegankelijk": true, "Wachtstatus": true}

// expertiseChoice is one expertise checkbox of the edit form.
type expertiseChoice struct {
	Code    Expertise
	Label   string
	Checked bool
}

func expertiseChoices(form map[string]string) []expertiseChoice {
	picked, _ := ParseExpertise(form["expertise"])
	var out []expertiseChoice
	for _, e := range Expertises() {
		out = append(out, expertiseChoice{Code: e, Label: e.Label(), Checked: slices.Contains(picked, e)})
	}
	return out
}
