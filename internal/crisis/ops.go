package crisis

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/notify"
	"github.com/volwaardig/volwaardig/internal/orgs"
	"github.com/volwaardig/volwaardig/internal/web"
)

// Notification kinds of this module besides notify's own.
const (
	kindAssigned notify.Kind = "crisis_assigned"
	kindStay     notify.Kind = "crisis_stay"
)

// fieldErr is a bad-input error for one field; several found at once go
// through web.Invalid, so a form shows all of them.
func fieldErr(field, msg string) error {
	return web.Invalid(web.FieldError{Field: field, Message: msg})
}

// event makes an audit event about a case.
func caseEvent(action audit.Action, c Case, object string, objectID int64) audit.Event {
	return audit.Event{Action: action, Outcome: audit.OutcomeSuccess, ClientID: c.ClientID, Object: object, ObjectID: strconv.FormatInt(objectID, 10), Purpose: audit.PurposeCrisis}
}

// Report records a crisis intake: an existing client (the reporter must be
// able to see the record) or a new client with minimal facts; the
// crisisregisseur on call of the region (every crisisregisseur of the
// region when nobody is on call) is notified at once. All in one
// transaction.
func (s *Service) Report(ctx context.Context, p *auth.Principal, in Intake) (int64, error) {
	errs := in.Validate()
	if in.ClientID == 0 {
		errs = append(errs, registerErrors(p, in)...)
	}
	if len(errs) > 0 {
		return 0, web.Invalid(errs...)
	}
	if in.ClientID != 0 {
		ref, err := s.reg.Ref(ctx, in.ClientID)
		if errors.Is(err, clients.ErrNotFound) {
			return 0, fieldErr("client_id", "Er staat geen cliënt met nummer "+strconv.FormatInt(in.ClientID, 10)+" in het register. Laat het cliëntnummer leeg en vul de naam in.")
		}
		if err != nil {
			return 0, err
		}
		if in.Region == "" {
			in.Region = ref.Region
		}
		ok, _, err := s.clientAccess(ctx, p, ref)
		if err != nil {
			return 0, err
		}
		if !ok {
			if err := s.aud.Record(ctx, p, audit.Event{Action: audit.ActionCreate, Outcome: audit.OutcomeDenied, ClientID: ref.ID, Object: "crisis_case", Purpose: audit.PurposeCrisis}); err != nil {
				s.logger.ErrorContext(ctx, "audit of a refused request failed", "err", err)
			}
			return 0, fieldErr("client_id", "U heeft geen toegang tot cliënt "+strconv.FormatInt(in.ClientID, 10)+". Open het dossier via Cliënten en gebruik daar de noodknop, of laat het cliëntnummer leeg en vul de naam in.")
		}
	}
	var id int64
	err := s.tx(ctx, p, func(tx *sql.Tx) error {
		ok, err := s.regionExists(ctx, tx, in.Region)
		if err != nil {
			return err
		}
		if !ok {
			return fieldErr("regio", "Kies een bestaande zorgkantoorregio.")
		}
		clientID := in.ClientID
		if clientID == 0 {
			clientID, err = s.reg.Create(ctx, tx, clients.NewClient{Name: in.ClientName, BirthDate: in.BirthDate, Region: in.Region, BSN: in.BSN, CreatedBy: p.UserID})
			if errors.Is(err, clients.ErrDuplicateBSN) {
				return fieldErr("bsn", "Er staat al een cliënt met dit BSN in het register. Zoek de cliënt bovenaan op BSN en kies hem of haar.")
			}
			if err != nil {
				return fmt.Errorf("create client: %w", err)
			}
			if err := s.aud.RecordTx(ctx, tx, p, audit.Event{Action: audit.ActionCreate, Outcome: audit.OutcomeSuccess, ClientID: clientID, Object: "client", ObjectID: strconv.FormatInt(clientID, 10), Purpose: audit.PurposeCrisis}); err != nil {
				return err
			}
		}
		st, err := s.settings(ctx, tx, in.Region)
		if err != nil {
			return err
		}
		now := s.now()
		norm := st.NormFor(in.Urgency)
		deadline := now.Add(time.Duration(norm) * time.Hour)
		id, err = s.store.insertCase(ctx, tx, clientID, in, p.UserID, now, norm, deadline)
		if err != nil {
			return fmt.Errorf("insert case: %w", err)
		}
		c := Case{ID: id, ClientID: clientID}
		if err := s.aud.RecordTx(ctx, tx, p, caseEvent(audit.ActionCreate, c, "crisis_case", id)); err != nil {
			return err
		}
		n := notify.Notification{Kind: notify.KindCrisisNew, Link: "/crisis/" + strconv.FormatInt(id, 10),
			Title:     "Nieuwe crisismelding in regio " + orgs.RegionLabel(in.Region) + " (urgentie " + string(in.Urgency) + ")",
			Body:      "Opname of ondersteuning vóór " + deadline.In(web.Amsterdam()).Format("02-01-2006 15:04") + " (norm " + strconv.Itoa(norm) + " uur).",
			TitleEN:   "New crisis report in region " + orgs.RegionLabel(in.Region) + " (urgency " + in.Urgency.english() + ")",
			BodyEN:    "Admission or support before " + deadline.In(web.Amsterdam()).Format("02-01-2006 15:04") + " (standard " + strconv.Itoa(norm) + " hours).",
			DedupeKey: "crisis:new:" + strconv.FormatInt(id, 10)}
		if st.OnCallUserID != 0 {
			n.UserIDs = []int64{st.OnCallUserID}
			return s.notes.NotifyTx(ctx, tx, n)
		}
		return s.notes.NotifyRoleTx(ctx, tx, auth.RoleCrisisregisseur, "region", in.Region, n)
	})
	return id, err
}

// registerErrors are the refusals of registering a new person with a
// report: a role that may not (clients.MayRegisterAtCrisis), a BSN from a
// role without a basis for one, and a C.O.T. registering a person outside
// the regions it works in. The page and the API share them, so neither is
// the weaker door.
func registerErrors(p *auth.Principal, in Intake) []web.FieldError {
	var errs []web.FieldError
	if in.ClientName == "" || p == nil {
		return nil
	}
	if !clients.MayRegisterAtCrisis(p.Role) {
		return []web.FieldError{{Field: "naam", Message: "Met uw rol schrijft u geen nieuwe cliënt in. Zoek de cliënt bovenaan en kies hem of haar.",
			English: "Your role does not register new clients. Search the client at the top and choose them."}}
	}
	if in.BSN != "" && !clients.MayEnterBSN(p.Role) {
		errs = append(errs, web.FieldError{Field: "bsn", Message: "Met uw rol legt u geen BSN vast; laat het veld leeg.", English: "Your role does not record a BSN; leave the field empty."})
	}
	if p.Role == auth.RoleCOT && in.Region != "" && len(p.Scope.Regions) > 0 && !p.InRegion(in.Region) {
		errs = append(errs, web.FieldError{Field: "regio", Message: "Een nieuwe persoon meldt u in de regio waar uw team werkt: " + orgs.RegionLabel(p.Scope.Regions[0]) + ". Kies die regio, of bel de crisisregisseur.",
			English: "You report a new person in the region your team works in: " + orgs.RegionLabel(p.Scope.Regions[0]) + ". Choose that region, or call the crisis director."})
	}
	return errs
}

// Take marks a reported case as taken up by the crisisregisseur.
func (s *Service) Take(ctx context.Context, p *auth.Principal, caseID int64) error {
	return s.tx(ctx, p, func(tx *sql.Tx) error {
		c, err := s.getCase(ctx, tx, caseID, true)
		if err != nil {
			return err
		}
		if err := s.mayDirect(p, c); err != nil {
			return err
		}
		res, err := s.store.takeCase(ctx, tx, caseID, p.UserID, s.now())
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return web.Conflict("Deze melding is al in behandeling genomen of er is al over besloten.", "This report was already taken up or decided.")
		}
		return s.aud.RecordTx(ctx, tx, p, caseEvent(audit.ActionUpdate, c, "crisis_case", c.ID))
	})
}

// mayDirect allows the crisisregisseur of the case's region to decide.
func (s *Service) mayDirect(p *auth.Principal, c Case) error {
	if p == nil || p.Role != auth.RoleCrisisregisseur || !p.InRegion(c.Region) {
		return audit.Deny(caseEvent(audit.ActionUpdate, c, "crisis_case", c.ID),
			web.Forbidden("Alleen de crisisregisseur van regio "+orgs.RegionLabel(c.Region)+" kan over deze crisis besluiten.", "Only the crisis director of region "+orgs.RegionLabel(c.Region)+" can decide on this crisis."))
	}
	return nil
}

// tx runs fn in a write transaction for p and, once it has ended, logs a
// refusal fn returned (mayDirect, mayWork) as a denied attempt: the one
// place the module's refused acts on a case reach the audit log, since an
// entry staged in the rolled-back transaction would be lost with it.
func (s *Service) tx(ctx context.Context, p *auth.Principal, fn func(*sql.Tx) error) error {
	return audit.RecordDenial(ctx, s.aud, p, s.d.Tx(ctx, fn))
}

// escalationCheck decides whether a bed or team outside the case's region
// may be used: only on escalation with a reason.
func escalationCheck(field, reasonField, what, caseRegion string, escalate bool, reason string) error {
	if !escalate {
		return fieldErr(field, what+" hoort niet bij regio "+orgs.RegionLabel(caseRegion)+". Kies een "+strings.ToLower(firstWord(what))+" uit de eigen regio, of kies ‘Opschalen naar een andere regio’ en geef de reden.")
	}
	if strings.TrimSpace(reason) == "" {
		return fieldErr(reasonField, "Geef de reden voor het opschalen naar een andere regio.")
	}
	if utf8.RuneCountInString(reason) > maxShort*5 {
		return fieldErr(reasonField, "De reden is te lang: gebruik hoogstens 1000 tekens.")
	}
	return nil
}

func firstWord(s string) string {
	f := strings.Fields(s)
	if len(f) < 2 {
		return s
	}
	return f[1]
}

// ReserveBed decides a crisis admission: the bed is reserved for the case in
// one transaction whose conditional UPDATE lets exactly one of two users
// reserving the same bed at once succeed. A bed of another region needs
// escalation, which is allowed only when no contracted bed of the own region
// is free.
func (s *Service) ReserveBed(ctx context.Context, p *auth.Principal, caseID, bedID int64, escalate bool, reason string) error {
	return s.tx(ctx, p, func(tx *sql.Tx) error {
		c, err := s.getCase(ctx, tx, caseID, true)
		if err != nil {
			return err
		}
		if err := s.mayDirect(p, c); err != nil {
			return err
		}
		if !c.Status.Undecided() {
			return web.Conflict("Over deze crisis is al besloten ("+c.Status.Label()+").", "This crisis has already been decided.")
		}
		b, err := s.bed(ctx, tx, bedID)
		if err != nil {
			return fieldErr("bed", "Kies een bestaand crisisbed.")
		}
		if !b.Contracted {
			return fieldErr("bed", "Het bed "+b.Name+" is niet gecontracteerd door het zorgkantoor. Kies een gecontracteerd crisisbed.")
		}
		escalatedTo, why := "", ""
		if b.Region != c.Region {
			if err := escalationCheck("bed", "bedreden", "Het bed "+b.Name, c.Region, escalate, reason); err != nil {
				return err
			}
			free, err := s.store.freeBeds(ctx, tx, c.Region)
			if err != nil {
				return err
			}
			if free > 0 {
				return fieldErr("bed", "In regio "+orgs.RegionLabel(c.Region)+" is nog een gecontracteerd crisisbed vrij. Reserveer dat bed; opschalen kan pas als er in de eigen regio geen bed vrij is.")
			}
			escalatedTo, why = b.Region, strings.TrimSpace(reason)
		}
		now := s.now()
		res, err := s.store.reserveBed(ctx, tx, c.ID, now, p.UserID, b.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return web.Conflict("Het bed "+b.Name+" is niet meer vrij: iemand anders heeft het net gereserveerd of het is buiten gebruik. Kies een ander bed.", "The bed is no longer free: someone else just reserved it or it is out of use. Choose another bed.")
		}
		st, err := s.settings(ctx, tx, c.Region)
		if err != nil {
			return err
		}
		stay := now.Add(time.Duration(st.StayLimitDays) * 24 * time.Hour)
		res, err = s.store.decideAdmission(ctx, tx, now, p.UserID, b.ID, escalatedTo, why, stay, c.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return web.Conflict("Over deze crisis is net besloten door iemand anders.", "Someone else just decided on this crisis.")
		}
		if err := s.aud.RecordTx(ctx, tx, p, caseEvent(audit.ActionUpdate, c, "crisis_bed_reservation", b.ID)); err != nil {
			return err
		}
		link := "/crisis/" + strconv.FormatInt(c.ID, 10)
		// The provider prepares the bed; it learns of a reservation, not of
		// the person (its staff open the case only within their scope).
		if err := s.notes.NotifyRoleTx(ctx, tx, auth.RoleAanbieder, "organisation", strconv.FormatInt(b.OrganisationID, 10), notify.Notification{Kind: "crisis_bed_reserved",
			Title:     "Crisisbed " + b.Name + " is gereserveerd voor een crisisopname",
			TitleEN:   "Crisis bed " + b.Name + " is reserved for a crisis admission",
			DedupeKey: "crisis:bed:" + strconv.FormatInt(b.ID, 10) + ":" + strconv.FormatInt(c.ID, 10)}); err != nil {
			return err
		}
		if escalatedTo != "" {
			if err := s.escalationNotice(ctx, tx, c, escalatedTo, link); err != nil {
				return err
			}
		}
		return s.notes.NotifyTx(ctx, tx, notify.Notification{UserIDs: []int64{c.ReporterID}, Kind: "crisis_decided", InAppOnly: true,
			Title: "Besluit over uw crisismelding: crisisopname", Body: "Er is een crisisbed gereserveerd.",
			TitleEN: "Decision on your crisis report: crisis admission", BodyEN: "A crisis bed has been reserved.", Link: "/crisis/" + strconv.FormatInt(c.ID, 10),
			DedupeKey: "crisis:decided:" + strconv.FormatInt(c.ID, 10)})
	})
}

// AssignTeam decides C.O.T. support by a team of the case's region (another
// region's team only on escalation with a reason). The team reaches the
// client's record through a care relation, and its members are notified.
func (s *Service) AssignTeam(ctx context.Context, p *auth.Principal, caseID, teamID int64, escalate bool, reason string) error {
	return s.tx(ctx, p, func(tx *sql.Tx) error {
		c, err := s.getCase(ctx, tx, caseID, true)
		if err != nil {
			return err
		}
		if err := s.mayDirect(p, c); err != nil {
			return err
		}
		if !c.Status.Undecided() {
			return web.Conflict("Over deze crisis is al besloten ("+c.Status.Label()+").", "This crisis has already been decided.")
		}
		t, err := s.team(ctx, tx, teamID)
		if err != nil {
			return fieldErr("team", "Kies een bestaand C.O.T.-team.")
		}
		if !t.Active {
			return fieldErr("team", "Team "+t.Name+" is niet actief. Kies een ander team.")
		}
		escalatedTo, why := "", ""
		if !t.Covers(c.Region) {
			if err := escalationCheck("team", "teamreden", "Het team "+t.Name, c.Region, escalate, reason); err != nil {
				return err
			}
			escalatedTo, why = t.Region, strings.TrimSpace(reason)
		}
		now := s.now()
		rel, err := s.reg.AddCareRelation(ctx, tx, clients.CareRelation{ClientID: c.ClientID, Kind: clients.CareTeam, RefID: t.ID, Label: t.Name, Start: now, CreatedBy: p.UserID})
		if err != nil {
			return err
		}
		res, err := s.store.decideTeam(ctx, tx, now, p.UserID, t.ID, rel, escalatedTo, why, c.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return web.Conflict("Over deze crisis is net besloten door iemand anders.", "Someone else just decided on this crisis.")
		}
		if err := s.aud.RecordTx(ctx, tx, p, caseEvent(audit.ActionUpdate, c, "crisis_team_assignment", t.ID)); err != nil {
			return err
		}
		link := "/crisis/" + strconv.FormatInt(c.ID, 10)
		if escalatedTo != "" {
			if err := s.escalationNotice(ctx, tx, c, escalatedTo, link); err != nil {
				return err
			}
		}
		if err := s.notes.NotifyRoleTx(ctx, tx, auth.RoleCOT, "team", strconv.FormatInt(t.ID, 10), notify.Notification{Kind: kindAssigned, Link: link,
			Title: "Nieuwe crisis voor " + t.Name + " in regio " + orgs.RegionLabel(c.Region), Body: "De crisisregisseur vraagt uw team het zorgteam te ondersteunen.",
			TitleEN: "New crisis for " + t.Name + " in region " + orgs.RegionLabel(c.Region), BodyEN: "The crisis director asks your team to support the care team.",
			DedupeKey: "crisis:assigned:" + strconv.FormatInt(c.ID, 10)}); err != nil {
			return err
		}
		return s.notes.NotifyTx(ctx, tx, notify.Notification{UserIDs: []int64{c.ReporterID}, Kind: "crisis_decided", InAppOnly: true,
			Title: "Besluit over uw crisismelding: ondersteuning door " + t.Name, TitleEN: "Decision on your crisis report: support by " + t.Name, Link: link, DedupeKey: "crisis:decided:" + strconv.FormatInt(c.ID, 10)})
	})
}

// escalationNotice tells the crisisregisseurs of the region a case is
// escalated to, who then see it in their queue.
func (s *Service) escalationNotice(ctx context.Context, tx *sql.Tx, c Case, to, link string) error {
	return s.notes.NotifyRoleTx(ctx, tx, auth.RoleCrisisregisseur, "region", to, notify.Notification{Kind: "crisis_escalated", Link: link,
		Title:   "Crisis uit regio " + orgs.RegionLabel(c.Region) + " opgeschaald naar uw regio " + orgs.RegionLabel(to),
		TitleEN: "Crisis from region " + orgs.RegionLabel(c.Region) + " escalated to your region " + orgs.RegionLabel(to), DedupeKey: "crisis:escalated:" + strconv.FormatInt(c.ID, 10)})
}

// mayWork allows the people working a decided case: the crisisregisseur of
// the region and the assigned team.
func (s *Service) mayWork(p *auth.Principal, c Case) error {
	if p != nil && p.Role == auth.RoleCrisisregisseur && p.InRegion(c.Region) {
		return nil
	}
	if p != nil && p.Role == auth.RoleCOT && c.TeamID != 0 && p.InTeam(c.TeamID) {
		return nil
	}
	return audit.Deny(caseEvent(audit.ActionUpdate, c, "crisis_case", c.ID),
		web.Forbidden("Alleen de crisisregisseur van de regio en het toegewezen C.O.T. kunnen dit doen.", "Only the region's crisis director and the assigned team can do this."))
}

// AddSupport records a C.O.T.'s visit or advice; "einde" ends the support
// and closes the case.
func (s *Service) AddSupport(ctx context.Context, p *auth.Principal, caseID int64, kind SupportKind, note string) error {
	note = strings.TrimSpace(note)
	if errs := supportErrors(kind, note); len(errs) > 0 {
		return web.Invalid(errs...)
	}
	return s.tx(ctx, p, func(tx *sql.Tx) error {
		c, err := s.getCase(ctx, tx, caseID, true)
		if err != nil {
			return err
		}
		if p == nil || p.Role != auth.RoleCOT || !p.InTeam(c.TeamID) {
			return audit.Deny(caseEvent(audit.ActionUpdate, c, "crisis_case", c.ID),
				web.Forbidden("Alleen het toegewezen C.O.T. legt ondersteuning vast.", "Only the assigned team records support."))
		}
		if c.Status != StatusCOT {
			return web.Conflict("Deze crisis loopt niet meer als C.O.T.-ondersteuning ("+c.Status.Label()+").", "This crisis is no longer under team support.")
		}
		now := s.now()
		id, err := s.store.insertSupport(ctx, tx, c.ID, c.TeamID, kind, note, now, p.UserID)
		if err != nil {
			return err
		}
		if err := s.aud.RecordTx(ctx, tx, p, caseEvent(audit.ActionCreate, c, "crisis_support", id)); err != nil {
			return err
		}
		if kind == SupportEnd {
			return s.close(ctx, tx, p, c, StatusClosed, "Einde ondersteuning door het C.O.T.", "", "")
		}
		return nil
	})
}

// close ends a case: frees its bed, ends the team's care relation and
// records who closed it, conditionally on the case still being open.
func (s *Service) close(ctx context.Context, tx *sql.Tx, p *auth.Principal, c Case, to Status, note, ref, reason string) error {
	now := s.now()
	res, err := s.store.closeCase(ctx, tx, to, now, p.UserID, note, ref, reason, c.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return web.Conflict("Deze crisis is al afgesloten.", "This crisis is already closed.")
	}
	if c.BedID != 0 {
		if err := s.store.releaseBed(ctx, tx, now, p.UserID, c.BedID, c.ID); err != nil {
			return err
		}
	}
	if c.CareRelationID != 0 {
		if err := s.reg.EndCareRelation(ctx, tx, c.CareRelationID, now); err != nil {
			return err
		}
	}
	return s.aud.RecordTx(ctx, tx, p, caseEvent(audit.ActionUpdate, c, "crisis_case", c.ID))
}

// Close ends a case with a note (the crisis is over, the client returns).
func (s *Service) Close(ctx context.Context, p *auth.Principal, caseID int64, note string) error {
	note = strings.TrimSpace(note)
	if errs := closeErrors(note); len(errs) > 0 {
		return web.Invalid(errs...)
	}
	return s.tx(ctx, p, func(tx *sql.Tx) error {
		c, err := s.getCase(ctx, tx, caseID, true)
		if err != nil {
			return err
		}
		if err := s.mayWork(p, c); err != nil {
			return err
		}
		return s.close(ctx, tx, p, c, StatusClosed, note, "", "")
	})
}

// ErrNoPlacement is returned when no placement module is wired in.
var ErrNoPlacement = &web.Error{Code: web.CodeUnavailable, Message: "Overdragen aan bemiddeling is in deze installatie niet beschikbaar. Neem contact op met het zorgkantoor van de regio.",
	English: "Handing over to placement is not available in this installation. Contact the region's care office."}

// HandoverInput is the handover form: why another place is needed, who
// stays responsible as dossierhouder, the client's Wlz zorgprofiel (the
// register cannot match without one) and whether the placement is urgent.
type HandoverInput struct {
	Reason        string `json:"reason"`
	Dossierhouder string `json:"dossierhouder"`
	Profile       string `json:"profile"`
	Urgent        bool   `json:"urgent"`
}

// maxHandoverReason is what the register keeps of the reason.
const maxHandoverReason = 1000

// Validate checks the form, naming every field at fault.
func (in *HandoverInput) Validate() []web.FieldError {
	in.Reason, in.Dossierhouder, in.Profile = strings.TrimSpace(in.Reason), strings.TrimSpace(in.Dossierhouder), strings.TrimSpace(in.Profile)
	var errs []web.FieldError
	if in.Reason == "" {
		errs = append(errs, web.FieldError{Field: "reden", Message: "Schrijf op waarom de cliënt een andere plek nodig heeft."})
	} else if utf8.RuneCountInString(in.Reason) > maxHandoverReason || hasControl(in.Reason) || !utf8.ValidString(in.Reason) {
		errs = append(errs, web.FieldError{Field: "reden", Message: "De reden is te lang of bevat tekens die niet zijn toegestaan (hoogstens 1000 tekens)."})
	}
	if in.Dossierhouder == "" {
		errs = append(errs, web.FieldError{Field: "dossierhouder", Message: "Vul in wie dossierhouder blijft en verantwoordelijk is (naam en organisatie)."})
	} else if utf8.RuneCountInString(in.Dossierhouder) > maxShort || hasControl(in.Dossierhouder) || !utf8.ValidString(in.Dossierhouder) {
		errs = append(errs, web.FieldError{Field: "dossierhouder", Message: "Gebruik bij dossierhouder hoogstens 200 tekens."})
	}
	if in.Profile == "" {
		errs = append(errs, web.FieldError{Field: "zorgprofiel", Message: "Vul het zorgprofiel uit de Wlz-indicatie in, bijvoorbeeld VG7."})
	} else if utf8.RuneCountInString(in.Profile) > 20 || hasControl(in.Profile) {
		errs = append(errs, web.FieldError{Field: "zorgprofiel", Message: "Vul een zorgprofiel in zoals VG7 of LVG4."})
	}
	return errs
}

// Handover hands the client over to placement when another place is
// needed: in one transaction the register takes the client (or points to
// the search already underway) and the case closes as handed over, with
// the dossierhouder who stays responsible recorded. A client in a crisis
// bed keeps it: the admission runs on with the register's reference until
// it is closed. A case already closed or handed over is refused, so a
// repeated handover writes nothing.
func (s *Service) Handover(ctx context.Context, p *auth.Principal, caseID int64, in HandoverInput) (HandoverResult, error) {
	if s.placement == nil {
		return HandoverResult{}, ErrNoPlacement
	}
	if errs := in.Validate(); len(errs) > 0 {
		return HandoverResult{}, web.Invalid(errs...)
	}
	var res HandoverResult
	err := s.tx(ctx, p, func(tx *sql.Tx) error {
		c, err := s.getCase(ctx, tx, caseID, true)
		if err != nil {
			return err
		}
		if err := s.mayWork(p, c); err != nil {
			return err
		}
		if !c.Status.Open() {
			return web.Conflict("Deze crisis is al afgesloten of overgedragen ("+c.Status.Label()+"); er is niets meer over te dragen.", "This crisis is already closed or handed over; there is nothing left to hand over.")
		}
		if c.HandoverRef != "" {
			return web.Conflict("De cliënt is al overgedragen aan bemiddeling ("+c.HandoverRef+"); er is niets meer over te dragen.", "The client has already been handed over to placement.")
		}
		res, err = s.placement.HandoverTx(ctx, tx, p, HandoverRequest{CaseID: c.ID, ClientID: c.ClientID, Region: c.Region, Profile: in.Profile,
			Urgent: in.Urgent, Dossierhouder: in.Dossierhouder, Reason: in.Reason})
		if err != nil {
			return err
		}
		if c.Status == StatusAdmission {
			// The client stays in the crisis bed until the register finds
			// a place: the admission runs on (stay limit, extensions) and
			// is closed when the client moves or returns.
			res2, err := s.store.handOverAdmission(ctx, tx, in.Dossierhouder, res.Ref, in.Reason, c.ID)
			if err != nil {
				return err
			}
			if n, _ := res2.RowsAffected(); n == 0 {
				return web.Conflict("Deze crisis is net door iemand anders overgedragen of afgesloten.", "Someone else just handed over or closed this crisis.")
			}
			return s.aud.RecordTx(ctx, tx, p, caseEvent(audit.ActionUpdate, c, "crisis_case", c.ID))
		}
		if err := s.store.setDossierhouder(ctx, tx, in.Dossierhouder, c.ID); err != nil {
			return err
		}
		note := "Overgedragen aan bemiddeling"
		if res.Existing {
			note = "Overgedragen aan bemiddeling: de cliënt stond al in het register, de lopende zoektocht gaat door"
		}
		return s.close(ctx, tx, p, c, StatusHandedOver, note, res.Ref, in.Reason)
	})
	if err != nil {
		return HandoverResult{}, err
	}
	return res, nil
}

// RequestExtension asks to extend a crisis stay; the crisisregisseur judges.
func (s *Service) RequestExtension(ctx context.Context, p *auth.Principal, caseID int64, days int, reason string) (int64, error) {
	reason = strings.TrimSpace(reason)
	if errs := extensionErrors(days, reason); len(errs) > 0 {
		return 0, web.Invalid(errs...)
	}
	var id int64
	err := s.tx(ctx, p, func(tx *sql.Tx) error {
		c, err := s.getCase(ctx, tx, caseID, true)
		if err != nil {
			return err
		}
		if err := s.mayWork(p, c); err != nil && p.UserID != c.ReporterID {
			return err
		}
		if c.Status != StatusAdmission {
			return web.Conflict("Verlengen kan alleen bij een lopende crisisopname.", "An extension is only possible during a crisis admission.")
		}
		pending, err := s.store.pendingExtensions(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		if pending > 0 {
			return web.Conflict("Er ligt al een verzoek om verlenging bij de crisisregisseur.", "An extension request is already waiting for the crisis director.")
		}
		if id, err = s.store.insertExtension(ctx, tx, c.ID, days, reason, s.now(), p.UserID); err != nil {
			return err
		}
		if err := s.aud.RecordTx(ctx, tx, p, caseEvent(audit.ActionCreate, c, "crisis_extension", id)); err != nil {
			return err
		}
		return s.notes.NotifyRoleTx(ctx, tx, auth.RoleCrisisregisseur, "region", c.Region, notify.Notification{Kind: notify.KindDeadline,
			Title: "Verzoek om verlenging van een crisisopname in regio " + orgs.RegionLabel(c.Region), TitleEN: "Request to extend a crisis admission in region " + orgs.RegionLabel(c.Region), Link: "/crisis/" + strconv.FormatInt(c.ID, 10),
			DedupeKey: "crisis:extension:" + strconv.FormatInt(id, 10)})
	})
	return id, err
}

// JudgeExtension grants or refuses an extension request; granting moves the
// stay limit by the requested days.
func (s *Service) JudgeExtension(ctx context.Context, p *auth.Principal, caseID, extID int64, grant bool, note string) error {
	note = strings.TrimSpace(note)
	if errs := judgeErrors(grant, note); len(errs) > 0 {
		return web.Invalid(errs...)
	}
	return s.tx(ctx, p, func(tx *sql.Tx) error {
		c, err := s.getCase(ctx, tx, caseID, true)
		if err != nil {
			return err
		}
		if err := s.mayDirect(p, c); err != nil {
			return err
		}
		days, err := s.store.extensionDays(ctx, tx, extID, c.ID)
		if errors.Is(err, sql.ErrNoRows) {
			return web.NotFound("Dit verzoek om verlenging bestaat niet.", "This extension request does not exist.")
		}
		if err != nil {
			return err
		}
		status := ExtensionRefused
		if grant {
			status = ExtensionGranted
		}
		res, err := s.store.judgeExtension(ctx, tx, status, s.now(), p.UserID, note, extID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return web.Conflict("Over dit verzoek is al besloten.", "This request has already been decided.")
		}
		if grant && c.Status == StatusAdmission {
			until := c.StayUntil.Add(time.Duration(days) * 24 * time.Hour)
			if err := s.store.setStayUntil(ctx, tx, until, c.ID); err != nil {
				return err
			}
		}
		return s.aud.RecordTx(ctx, tx, p, caseEvent(audit.ActionUpdate, c, "crisis_extension", extID))
	})
}

// SetSettings stores a region's norm, stay limit and who is on call; only
// the region's crisisregisseur may.
func (s *Service) SetSettings(ctx context.Context, p *auth.Principal, st Settings) error {
	if p == nil || p.Role != auth.RoleCrisisregisseur || !p.InRegion(st.Region) {
		return web.Forbidden("Alleen een crisisregisseur van regio "+orgs.RegionLabel(st.Region)+" kan de instellingen wijzigen.", "Only a crisis director of the region can change its settings.")
	}
	if st.AcuteNormHours == 0 {
		// Not given (an API client of before the acute norm): keep the
		// region's current one.
		cur, err := s.Settings(ctx, st.Region)
		if err != nil {
			return err
		}
		st.AcuteNormHours = cur.AcuteNormHours
	}
	if errs := settingsErrors(st); len(errs) > 0 {
		return web.Invalid(errs...)
	}
	return s.tx(ctx, p, func(tx *sql.Tx) error {
		return s.store.saveSettings(ctx, tx, st, s.now(), p.UserID)
	})
}

// settingsErrors checks a region's settings without the database (the
// acute norm already resolved), so the settings form can be fuzzed (issue
// 18): both norms 1 to 168 hours, the acute one not longer than the
// other, a stay of 1 to 90 days. Every mistake at once, each at its field
// (whose id carries the region: the page has a form per region).
func settingsErrors(st Settings) []web.FieldError {
	var errs []web.FieldError
	if st.NormHours < 1 || st.NormHours > 168 {
		errs = append(errs, web.FieldError{Field: "norm-" + st.Region, Message: "Vul een norm in van 1 tot en met 168 uur.", English: "Enter a norm of 1 to 168 hours."})
	}
	if st.AcuteNormHours < 1 || st.AcuteNormHours > 168 {
		errs = append(errs, web.FieldError{Field: "acuut-" + st.Region, Message: "Vul een norm voor een acute crisis in van 1 tot en met 168 uur.", English: "Enter a norm for an acute crisis of 1 to 168 hours."})
	} else if st.NormHours >= 1 && st.AcuteNormHours > st.NormHours {
		errs = append(errs, web.FieldError{Field: "acuut-" + st.Region, Message: "De norm voor een acute crisis mag niet langer zijn dan de gewone norm van " + strconv.Itoa(st.NormHours) + " uur.",
			English: "The norm for an acute crisis may not be longer than the ordinary norm of " + strconv.Itoa(st.NormHours) + " hours."})
	}
	if st.StayLimitDays < 1 || st.StayLimitDays > 90 {
		errs = append(errs, web.FieldError{Field: "verblijf-" + st.Region, Message: "Vul een maximale verblijfsduur in van 1 tot en met 90 dagen.", English: "Enter a maximum stay of 1 to 90 days."})
	}
	return errs
}

// SetBedStatus is a provider's availability update of one of its beds. A
// bed held for a case stays held (the crisisregisseur frees it by closing
// the case); setting the same status confirms the figure is current.
func (s *Service) SetBedStatus(ctx context.Context, p *auth.Principal, bedID int64, status BedStatus) error {
	if errs := bedStatusErrors(status); len(errs) > 0 {
		return web.Invalid(errs...)
	}
	return s.tx(ctx, p, func(tx *sql.Tx) error {
		b, err := s.bed(ctx, tx, bedID)
		if err != nil {
			return err
		}
		if p == nil || p.Role != auth.RoleAanbieder || !p.InOrganisation(b.OrganisationID) {
			return web.Forbidden("U kunt alleen de bedden van uw eigen organisatie bijwerken.", "You can only update your own organisation's beds.")
		}
		now := s.now()
		if b.Status == BedReserved {
			if err := s.store.confirmBed(ctx, tx, now, p.UserID, b.ID); err != nil {
				return err
			}
			if status != BedReserved {
				return web.Conflict("Dit bed is gereserveerd voor een crisisopname. Het komt vrij als de crisisregisseur de opname afsluit.", "This bed is reserved for a crisis admission; it becomes free when the admission is closed.")
			}
			return nil
		}
		return s.store.setBedStatus(ctx, tx, status, now, p.UserID, b.ID)
	})
}

// SetTeamAvailability is a provider's (or the team's own) update of whether
// the team can take a new case.
func (s *Service) SetTeamAvailability(ctx context.Context, p *auth.Principal, teamID int64, available bool, note string) error {
	note = strings.TrimSpace(note)
	if errs := teamStatusErrors(note); len(errs) > 0 {
		return web.Invalid(errs...)
	}
	return s.tx(ctx, p, func(tx *sql.Tx) error {
		t, err := s.team(ctx, tx, teamID)
		if err != nil {
			return err
		}
		allowed := p != nil && ((p.Role == auth.RoleAanbieder && t.OrganisationID != 0 && p.InOrganisation(t.OrganisationID)) || (p.Role == auth.RoleCOT && p.InTeam(t.ID)))
		if !allowed {
			return web.Forbidden("U kunt alleen de beschikbaarheid van uw eigen team bijwerken.", "You can only update your own team's availability.")
		}
		return s.store.setTeamAvailability(ctx, tx, available, note, s.now(), p.UserID, t.ID)
	})
}
