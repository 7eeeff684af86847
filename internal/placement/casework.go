package placement

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/web"
)

// Casework: the care office works on a case the way it does in its iWlz
// systems and an ECD: it edits the needs, wishes, waiting status, deadline
// and dossierhouder, every change kept as history (who, when, old → new;
// DESIGN §2.1 "history never rewritten"), writes notes with author and
// time, asks an expertise centre or the CCE for a consult and records the
// answer, and records at each follow-up how the client is doing in words
// and what relatives and staff see.
//
// Who may see what: the client has the right to access their file (WGBO
// art. 7:456, AVG art. 15), and the care office's working notes on a case
// are part of that file, so notes, consults, follow-ups and the change
// history are all in the client's right-of-access export (Inzage). The note
// form says so, so nobody writes a note assuming the client never reads it.

// CaseEdit is what the care office may change on a case by hand. The
// region, the client and the phase are not here: the region follows the
// client, and a phase changes only through a transition with its reason.
type CaseEdit struct {
	Profile       Profile
	Meerzorg      bool
	Wzd           WzdStatus
	LowStimulus   bool
	OneToOne      bool
	Secured       bool
	Wheelchair    bool
	MaxDistanceKm int
	Expertise     []Expertise
	Waiting       WaitingStatus
	Deadline      time.Time // zero = none
	Dossierhouder string
	// ContactUser is the vaste contactpersoon, one of the region's
	// care-office accounts (0 = none).
	ContactUser  int64
	WishesClient string
	WishesFamily string
}

// Limits of the free-text fields, in characters.
const (
	maxWishes      = 2000
	maxNote        = 4000
	maxConsultText = 4000
	maxCentre      = 200
)

// editOf is the editable part of a case as it stands.
func editOf(c Case) CaseEdit {
	return CaseEdit{Profile: c.Profile, Meerzorg: c.Meerzorg, Wzd: c.Wzd, LowStimulus: c.Needs.LowStimulus, OneToOne: c.Needs.OneToOne,
		Secured: c.Needs.Secured, Wheelchair: c.Needs.Wheelchair, MaxDistanceKm: c.Needs.MaxDistanceKm, Expertise: c.Needs.Expertise,
		Waiting: c.Waiting, Deadline: c.Deadline, Dossierhouder: c.Dossierhouder, ContactUser: c.ContactUser, WishesClient: c.WishesClient, WishesFamily: c.WishesFamily}
}

// validate returns every problem at once, each naming its form field.
// staff are the care-office accounts of the case's region (RegionStaff)
// and current the case's contact as it stands: the contact must be one of
// staff, or stay who it was (an account since moved or disabled is not
// dropped from a case without someone choosing a successor).
func (e CaseEdit) validate(staff []auth.Member, current int64) []web.FieldError {
	var errs []web.FieldError
	add := func(field, nl string) {
		errs = append(errs, web.FieldError{Field: field, Message: nl, English: translateDomain(nl)})
	}
	if _, ok := profiles[e.Profile]; !ok {
		add("zorgprofiel", "Kies een zorgprofiel uit de lijst.")
	}
	if _, ok := wzdLabels[e.Wzd]; !ok {
		add("wzd", "Kies een Wzd-status uit de lijst.")
	}
	if _, err := ParseWaitingStatus(string(e.Waiting)); err != nil {
		add("wachtstatus", "Kies een wachtstatus uit de lijst.")
	}
	if e.MaxDistanceKm < 0 || e.MaxDistanceKm > 500 {
		add("max_afstand_km", "De maximale afstand is een aantal kilometers van 0 tot en met 500 (0 = geen grens).")
	}
	if utf8.RuneCountInString(e.Dossierhouder) > maxDossierhouder {
		add("dossierhouder", fmt.Sprintf("De dossierhouder mag hoogstens %d tekens zijn.", maxDossierhouder))
	}
	if e.ContactUser != 0 && e.ContactUser != current && !slices.ContainsFunc(staff, func(m auth.Member) bool { return m.ID == e.ContactUser }) {
		errs = append(errs, errNoSuchContact)
	}
	if utf8.RuneCountInString(e.WishesClient) > maxWishes {
		add("wensen_client", fmt.Sprintf("De wensen van de cliënt mogen hoogstens %d tekens zijn.", maxWishes))
	}
	if utf8.RuneCountInString(e.WishesFamily) > maxWishes {
		add("wensen_familie", fmt.Sprintf("De wensen van de familie mogen hoogstens %d tekens zijn.", maxWishes))
	}
	return errs
}

// CaseChange is one recorded change of a case field: the field's Dutch
// name and its value before and after, as people read them.
type CaseChange struct {
	ID     int64
	CaseID int64
	Field  string // Dutch label of the field, e.g. "Wachtstatus"
	Old    string
	New    string
	At     time.Time
	By     int64
	ByName string
}

func yesNo(b bool) string {
	if b {
		return "ja"
	}
	return "nee"
}

func dateText(t time.Time) string {
	if t.IsZero() {
		return "geen"
	}
	return t.In(web.Amsterdam()).Format("02-01-2006")
}

func expertiseText(es []Expertise) string {
	if len(es) == 0 {
		return "geen"
	}
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Label()
	}
	return strings.Join(out, ", ")
}

func distanceText(km int) string {
	if km == 0 {
		return "geen grens"
	}
	return strconv.Itoa(km) + " km"
}

func orNone(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

// changes lists the fields that differ between two edits, in the order of
// the form, with their values in words; names are the display names of
// the contact persons' accounts.
func changes(old, new CaseEdit, names map[int64]string) []CaseChange {
	var out []CaseChange
	add := func(field, o, n string) {
		if o != n {
			out = append(out, CaseChange{Field: field, Old: o, New: n})
		}
	}
	add("Zorgprofiel", string(old.Profile)+" "+old.Profile.Label(), string(new.Profile)+" "+new.Profile.Label())
	add("Meerzorg", yesNo(old.Meerzorg), yesNo(new.Meerzorg))
	add("Wzd-status", old.Wzd.Label(), new.Wzd.Label())
	add("Prikkelarme omgeving", yesNo(old.LowStimulus), yesNo(new.LowStimulus))
	add("1-op-1 begeleiding", yesNo(old.OneToOne), yesNo(new.OneToOne))
	add("Besloten afdeling", yesNo(old.Secured), yesNo(new.Secured))
	add("Rolstoeltoegankelijk", yesNo(old.Wheelchair), yesNo(new.Wheelchair))
	add("Maximale afstand tot familie", distanceText(old.MaxDistanceKm), distanceText(new.MaxDistanceKm))
	add("Expertise", expertiseText(old.Expertise), expertiseText(new.Expertise))
	add("Wachtstatus", old.Waiting.Label(), new.Waiting.Label())
	add("Uiterste datum", dateText(old.Deadline), dateText(new.Deadline))
	add("Dossierhouder", orNone(old.Dossierhouder), orNone(new.Dossierhouder))
	if old.ContactUser != new.ContactUser {
		add("Vaste contactpersoon", contactText(old.ContactUser, names), contactText(new.ContactUser, names))
	}
	add("Wensen van de cliënt", orNone(old.WishesClient), orNone(new.WishesClient))
	add("Wensen van de familie", orNone(old.WishesFamily), orNone(new.WishesFamily))
	return out
}

// errNoSuchContact refuses a contact person who is not one of the care
// office's employees of the case's region.
var errNoSuchContact = web.FieldError{Field: "contactpersoon", Message: "Kies de vaste contactpersoon uit de medewerkers van het zorgkantoor van deze regio.",
	English: "Choose the regular contact person from the employees of this region's care office."}

// contactText is a contact person in the history: the name, or "—" for
// none (an account whose name cannot be read any more stays "—" too, never
// its id).
func contactText(id int64, names map[int64]string) string {
	if id == 0 || names[id] == "" {
		return "—"
	}
	return names[id]
}

// mayWork decides whether p may work on case c: the care office of the
// case's region. Anyone else is told the case does not exist, and the
// refusal is audited.
func mayWork(p *auth.Principal, c Case, action audit.Action) error {
	if p == nil || p.Role != auth.RoleZorgkantoor || !p.InRegion(c.Region) {
		return audit.Deny(caseEvent(action, c), notFound())
	}
	return nil
}

// EditCase stores the care office's changes to a case and records each
// changed field in the case's history; it returns the changes (none when
// nothing differed). Every problem of the input is reported at once.
func (s *Service) EditCase(ctx context.Context, p *auth.Principal, caseID int64, e CaseEdit) ([]CaseChange, error) {
	e.Dossierhouder, e.WishesClient, e.WishesFamily = strings.TrimSpace(e.Dossierhouder), strings.TrimSpace(e.WishesClient), strings.TrimSpace(e.WishesFamily)
	slices.Sort(e.Expertise)
	e.Expertise = slices.Compact(e.Expertise)
	now := s.now()
	var out []CaseChange
	err := s.tx(ctx, p, func(tx *sql.Tx) error {
		c, err := s.store.getCase(ctx, tx, caseID, s.db.ForUpdate())
		if err != nil {
			return asWeb(err)
		}
		if err := mayWork(p, c, audit.ActionUpdate); err != nil {
			return err
		}
		if c.Phase.Closed() {
			return conflict("Deze casus is afgesloten; wijzigen kan niet meer. Leg nieuwe informatie vast in een notitie.")
		}
		staff, err := s.store.accounts.RegionStaff(ctx, tx, auth.RoleZorgkantoor, c.Region)
		if err != nil {
			return err
		}
		if errs := e.validate(staff, c.ContactUser); len(errs) > 0 {
			return web.Invalid(errs...)
		}
		names, err := s.store.accounts.Names(ctx, tx, []int64{c.ContactUser, e.ContactUser})
		if err != nil {
			return err
		}
		old := editOf(c)
		slices.Sort(old.Expertise)
		out = changes(old, e, names)
		if len(out) == 0 {
			return nil
		}
		if err := s.store.updateCaseFields(ctx, tx, caseID, e, now); err != nil {
			return err
		}
		for i := range out {
			out[i].CaseID, out[i].At, out[i].By, out[i].ByName = caseID, now, p.UserID, p.DisplayName
			if err := s.store.insertChange(ctx, tx, out[i]); err != nil {
				return err
			}
		}
		return s.audit.RecordTx(ctx, tx, p, caseEvent(audit.ActionUpdate, c))
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Note is a note on a case with its author and time.
type Note struct {
	ID     int64
	CaseID int64
	Body   string
	At     time.Time
	By     int64
	ByName string
}

// AddNote adds a note to a case. Notes are never edited or removed: a
// correction is a new note.
func (s *Service) AddNote(ctx context.Context, p *auth.Principal, caseID int64, body string) (int64, error) {
	body = strings.TrimSpace(body)
	if errs := noteErrors(body); len(errs) > 0 {
		return 0, web.Invalid(errs...)
	}
	now := s.now()
	var id int64
	err := s.tx(ctx, p, func(tx *sql.Tx) error {
		c, err := s.store.getCase(ctx, tx, caseID, "")
		if err != nil {
			return asWeb(err)
		}
		if err := mayWork(p, c, audit.ActionCreate); err != nil {
			return err
		}
		if id, err = s.store.insertNote(ctx, tx, Note{CaseID: caseID, Body: body, At: now, By: p.UserID, ByName: p.DisplayName}); err != nil {
			return err
		}
		return s.audit.RecordTx(ctx, tx, p, caseEvent(audit.ActionCreate, c))
	})
	return id, err
}

// Consultant is whom the regional table asks for a consult.
type Consultant string

// The consultants: the national Centrum voor Consultatie en Expertise, or
// an expertise centre named in the request.
const (
	ConsultCCE    Consultant = "cce"
	ConsultCentre Consultant = "expertisecentrum"
)

// Label is the Dutch wording.
func (c Consultant) Label() string {
	switch c {
	case ConsultCCE:
		return "CCE (Centrum voor Consultatie en Expertise)"
	case ConsultCentre:
		return "Expertisecentrum"
	}
	return string(c)
}

// Consultants lists the consultants for a form.
func Consultants() []Consultant { return []Consultant{ConsultCCE, ConsultCentre} }

// Consult is a question to the CCE or an expertise centre about a case,
// with its answer once recorded.
type Consult struct {
	ID             int64
	CaseID         int64
	Consultant     Consultant
	Centre         string // the expertise centre's name; "" for the CCE
	Question       string
	AskedAt        time.Time
	AskedBy        int64
	AskedByName    string
	Answer         string
	AnsweredAt     time.Time // zero = not answered yet
	AnsweredByName string
}

// Whom is the consultant as people read it: the CCE or the centre's name.
func (c Consult) Whom() string {
	if c.Consultant == ConsultCentre && c.Centre != "" {
		return c.Centre
	}
	return c.Consultant.Label()
}

// Answered reports whether the answer is recorded.
func (c Consult) Answered() bool { return !c.AnsweredAt.IsZero() }

// RequestConsult records that the regional table asks a consultant a
// question about a case; every problem is reported at once.
func (s *Service) RequestConsult(ctx context.Context, p *auth.Principal, caseID int64, who Consultant, centre, question string) (int64, error) {
	centre, question = strings.TrimSpace(centre), strings.TrimSpace(question)
	centre, errs := consultErrors(who, centre, question)
	if len(errs) > 0 {
		return 0, web.Invalid(errs...)
	}
	now := s.now()
	var id int64
	err := s.tx(ctx, p, func(tx *sql.Tx) error {
		c, err := s.store.getCase(ctx, tx, caseID, "")
		if err != nil {
			return asWeb(err)
		}
		if err := mayWork(p, c, audit.ActionCreate); err != nil {
			return err
		}
		if id, err = s.store.insertConsult(ctx, tx, Consult{CaseID: caseID, Consultant: who, Centre: centre, Question: question, AskedAt: now, AskedBy: p.UserID, AskedByName: p.DisplayName}); err != nil {
			return err
		}
		return s.audit.RecordTx(ctx, tx, p, caseEvent(audit.ActionCreate, c))
	})
	return id, err
}

// AnswerConsult records the consultant's answer; an answer is recorded
// once (a later insight is a note or a new consult).
func (s *Service) AnswerConsult(ctx context.Context, p *auth.Principal, caseID, consultID int64, answer string) error {
	answer = strings.TrimSpace(answer)
	if errs := consultAnswerErrors(answer); len(errs) > 0 {
		return web.Invalid(errs...)
	}
	now := s.now()
	return s.tx(ctx, p, func(tx *sql.Tx) error {
		c, err := s.store.getCase(ctx, tx, caseID, "")
		if err != nil {
			return asWeb(err)
		}
		if err := mayWork(p, c, audit.ActionUpdate); err != nil {
			return err
		}
		done, err := s.store.answerConsult(ctx, tx, caseID, consultID, answer, p.DisplayName, now)
		if err != nil {
			return err
		}
		if !done {
			return conflict("Deze consultatie bestaat niet bij deze casus of het antwoord is al vastgelegd.")
		}
		return s.audit.RecordTx(ctx, tx, p, caseEvent(audit.ActionUpdate, c))
	})
}

// Wellbeing is how the client is doing at a follow-up, in words.
type Wellbeing string

// The wellbeing scale, best first.
const (
	WellVeryGood Wellbeing = "heel_goed"
	WellGood     Wellbeing = "goed"
	WellMixed    Wellbeing = "wisselend"
	WellPoor     Wellbeing = "niet_goed"
	WellBad      Wellbeing = "slecht"
)

// WellbeingScale lists the scale for a form.
func WellbeingScale() []Wellbeing {
	return []Wellbeing{WellVeryGood, WellGood, WellMixed, WellPoor, WellBad}
}

// Label is the Dutch wording.
func (w Wellbeing) Label() string {
	switch w {
	case WellVeryGood:
		return "Het gaat heel goed"
	case WellGood:
		return "Het gaat goed"
	case WellMixed:
		return "Het gaat wisselend"
	case WellPoor:
		return "Het gaat niet goed"
	case WellBad:
		return "Het gaat slecht"
	}
	return string(w)
}

// FollowUpViews is what a follow-up records beside stable or crisis: how
// the client is doing, and what relatives and staff see.
type FollowUpViews struct {
	Wellbeing Wellbeing
	Relatives string
	Staff     string
}

// RecordFollowUpViews records a follow-up with the client's wellbeing and
// the views of relatives and staff; every problem is reported at once.
func (s *Service) RecordFollowUpViews(ctx context.Context, p *auth.Principal, caseID int64, months int, outcome, note string, v FollowUpViews) error {
	v.Relatives, v.Staff = strings.TrimSpace(v.Relatives), strings.TrimSpace(v.Staff)
	if errs := followUpErrors(months, outcome, v); len(errs) > 0 {
		return web.Invalid(errs...)
	}
	return s.recordFollowUp(ctx, p, caseID, months, outcome, note, v)
}
