package placement

import (
	"context"
	"database/sql"
	"errors"
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

// HandoverRequest is a client handed over to the register by the crisis
// module (DESIGN §2.2: "return or onward placement hands over to 2.1") when
// a crisis shows the client needs another place. The crisis team knows the
// client, the region and the reason, not the whole profile: the care office
// completes the record when it brings the person in beeld.
type HandoverRequest struct {
	ClientID int64
	// Region is the care-office region whose register takes the person
	// (the crisis's region); empty means the client's own region.
	Region string
	// Profile is the Wlz zorgprofiel as the user typed it ("vg 7"); the
	// register cannot match without one.
	Profile string
	// Urgent asks for waiting status Urgent plaatsen (the client is in a
	// crisis bed or cannot go back); otherwise Actief plaatsen.
	Urgent bool
	// Dossierhouder is who stays responsible for the client while the
	// search runs (name and organisation).
	Dossierhouder string
	Reason        string
	// Source names where the handover comes from for the history, e.g.
	// "crisismelding 12"; it also keys the notification, so a retried
	// handover does not tell the care office twice.
	Source string
}

// HandoverResult says which register case now holds the client.
type HandoverResult struct {
	CaseID int64
	// Existing: the client already had a search underway, which keeps its
	// own dossierhouder and history; nothing new was registered.
	Existing bool
	// Dossierhouder is the responsible person the register case records.
	Dossierhouder string
}

// Ref is the register case's reference as other modules show it.
func (r HandoverResult) Ref() string { return HandoverRef(r.CaseID) }

// HandoverRef is the reference of a register case handed over from
// elsewhere: "CZ-" and the case number the care office sees in the
// register.
func HandoverRef(caseID int64) string { return "CZ-" + strconv.FormatInt(caseID, 10) }

// kindHandover is the care office's notice of a handover.
const kindHandover notify.Kind = "placement_handover"

// Field limits of a handover; the reason becomes the first transition's
// reason, which the register caps at 1000 characters.
const (
	maxHandoverReason = 1000
	maxDossierhouder  = 200
)

// validate checks a handover request and parses its profile, naming every
// field at fault.
func (r HandoverRequest) validate() (Profile, []web.FieldError) {
	var errs []web.FieldError
	add := func(field, msg string) { errs = append(errs, web.FieldError{Field: field, Message: msg}) }
	if r.ClientID <= 0 {
		add("client", "Kies de cliënt die wordt overgedragen.")
	}
	prof, err := ParseProfile(r.Profile)
	if err != nil {
		add("zorgprofiel", "Vul het zorgprofiel uit de Wlz-indicatie in: "+err.Error()+".")
	}
	switch d := strings.TrimSpace(r.Dossierhouder); {
	case d == "":
		add("dossierhouder", "Vul in wie dossierhouder blijft en verantwoordelijk is (naam en organisatie).")
	case utf8.RuneCountInString(d) > maxDossierhouder:
		add("dossierhouder", "Gebruik bij dossierhouder hoogstens 200 tekens.")
	}
	switch reason := strings.TrimSpace(r.Reason); {
	case reason == "":
		add("reden", "Schrijf op waarom de cliënt een andere plek nodig heeft.")
	case utf8.RuneCountInString(reason) > maxHandoverReason:
		add("reden", "De reden is te lang: het register bewaart hoogstens 1000 tekens.")
	}
	return prof, errs
}

// HandoverTx registers a handed-over client in the caller's transaction,
// so the crisis case closes as handed over exactly when the register holds
// the person, and a failure leaves neither half written. A new case starts
// as aangemeld (the care office brings it in beeld) with the dossierhouder
// kept as responsible, a first transition saying where it came from, an
// audit record and a notice to the region's care office.
//
// A client whose search is already underway (any phase before verhuisd,
// anders geholpen or gestopt) is not registered twice: the handover points
// to that case, keeps its dossierhouder and history, and tells its care
// office of the new crisis. So a retried handover is harmless, and two
// handovers of one client at once give one case: the client's row is
// locked first on PostgreSQL, and SQLite has one writer.
//
// Only the crisis roles and the client supporter hand over; the crisis
// module has checked that p works the crisis, the support module that p
// keeps the family's file.
func (s *Service) HandoverTx(ctx context.Context, tx *sql.Tx, p *auth.Principal, r HandoverRequest) (HandoverResult, error) {
	if p == nil || (p.Role != auth.RoleCrisisregisseur && p.Role != auth.RoleCOT && p.Role != auth.RoleOndersteuner) {
		return HandoverResult{}, web.Forbidden("Alleen de crisisregisseur, het C.O.T. en de cliëntondersteuner van het gezin dragen een cliënt over aan bemiddeling.", "Only the crisis director, the C.O.T. and the family's client supporter hand a client over to placement.")
	}
	prof, errs := r.validate()
	if len(errs) > 0 {
		return HandoverResult{}, web.Invalid(errs...)
	}
	r.Region, r.Dossierhouder, r.Reason = strings.TrimSpace(r.Region), strings.TrimSpace(r.Dossierhouder), strings.TrimSpace(r.Reason)
	clientRegion, err := s.store.lockClient(ctx, tx, r.ClientID)
	if errors.Is(err, clients.ErrNotFound) {
		return HandoverResult{}, web.Invalid(web.FieldError{Field: "client", Message: "Deze cliënt bestaat niet in het cliëntenregister."})
	}
	if err != nil {
		return HandoverResult{}, err
	}
	if r.Region == "" {
		r.Region = clientRegion
	}
	known, err := s.store.regionExists(ctx, tx, r.Region)
	if err != nil {
		return HandoverResult{}, err
	}
	if !known {
		return HandoverResult{}, web.Invalid(web.FieldError{Field: "regio", Message: "Kies een bestaande zorgkantoorregio."})
	}
	now := s.now()
	existing, err := s.store.runningCase(ctx, tx, r.ClientID)
	switch {
	case err == nil:
		ev := caseEvent(audit.ActionRead, existing)
		ev.Outcome = audit.OutcomeSuccess
		if err := s.audit.RecordTx(ctx, tx, p, ev); err != nil {
			return HandoverResult{}, err
		}
		if err := s.tellHandover(ctx, tx, p.Role, existing.Region, existing.CaseID, r.Source, true); err != nil {
			return HandoverResult{}, err
		}
		return HandoverResult{CaseID: existing.CaseID, Existing: true, Dossierhouder: existing.Dossierhouder}, nil
	case !errors.Is(err, ErrNotFound):
		return HandoverResult{}, err
	}
	waiting := ActiefPlaatsen
	if r.Urgent {
		waiting = UrgentPlaatsen
	}
	person := Person{ClientID: r.ClientID, Region: r.Region, Profile: prof, Wzd: WzdNone, Waiting: waiting, Phase: Aangemeld,
		Dossierhouder: r.Dossierhouder, RegisteredAt: now, PhaseSince: now}
	if err := person.Validate(); err != nil {
		return HandoverResult{}, asWeb(err)
	}
	id, err := s.store.insertCase(ctx, tx, person, p.UserID, now)
	if err != nil {
		return HandoverResult{}, err
	}
	why := "Overgedragen door de crisisregie"
	if p.Role == auth.RoleOndersteuner {
		why = "Aangemeld door de cliëntondersteuner van het gezin"
	}
	if r.Source != "" {
		why += " (" + r.Source + ")"
	}
	why += ": " + r.Reason
	if utf8.RuneCountInString(why) > maxHandoverReason {
		why = string([]rune(why)[:maxHandoverReason])
	}
	if err := s.store.insertTransition(ctx, tx, Transition{CaseID: id, From: "", To: Aangemeld, At: now, By: p.UserID, ByName: p.DisplayName, Reason: why}); err != nil {
		return HandoverResult{}, err
	}
	if err := s.audit.RecordTx(ctx, tx, p, audit.Event{Action: audit.ActionCreate, Outcome: audit.OutcomeSuccess, ClientID: r.ClientID, Object: "placement_case",
		ObjectID: strconv.FormatInt(id, 10), Purpose: audit.PurposeMediation}); err != nil {
		return HandoverResult{}, err
	}
	if err := s.tellHandover(ctx, tx, p.Role, r.Region, id, r.Source, false); err != nil {
		return HandoverResult{}, err
	}
	return HandoverResult{CaseID: id, Dossierhouder: r.Dossierhouder}, nil
}

// tellHandover notifies the region's care office: of a new person to bring
// in beeld, or of a new crisis of a person whose search runs. The notice
// names no one; the link leads to the case within the office's scope.
func (s *Service) tellHandover(ctx context.Context, tx *sql.Tx, from auth.Role, region string, caseID int64, source string, existing bool) error {
	if s.notify == nil {
		return nil
	}
	n := notify.Notification{Kind: kindHandover, Link: "/complexe-zorg/personen/" + strconv.FormatInt(caseID, 10),
		Title:     "Aanmelding vanuit de crisisregie in regio " + orgs.RegionLabel(region) + ": " + HandoverRef(caseID),
		Body:      "Het C.O.T. of de crisisregisseur heeft een cliënt aangemeld die een andere plek nodig heeft. Breng de persoon in beeld; de dossierhouder blijft verantwoordelijk.",
		TitleEN:   "Referral from crisis coordination in region " + orgs.RegionLabel(region) + ": " + HandoverRef(caseID),
		BodyEN:    "The C.O.T. or the crisis director has referred a client who needs another place. Bring the person into view; the case holder stays responsible.",
		DedupeKey: "placement:handover:" + strconv.FormatInt(caseID, 10) + ":" + source}
	if existing {
		n.Title = "Nieuwe crisis bij een persoon in het register (" + HandoverRef(caseID) + ")"
		n.Body = "De crisisregie vraagt een andere plek voor een persoon van wie de zoektocht al loopt. Bekijk of de wachtstatus moet veranderen."
		n.TitleEN = "New crisis for a person in the register (" + HandoverRef(caseID) + ")"
		n.BodyEN = "Crisis coordination asks for another place for a person whose search is already running. Check whether the waiting status should change."
	}
	// A family's client supporter refers a family that needs a place
	// (issue 15): the same register case, told as what it is.
	if from == auth.RoleOndersteuner {
		n.Title = "Aanmelding door de cliëntondersteuning in regio " + orgs.RegionLabel(region) + ": " + HandoverRef(caseID)
		n.Body = "De cliëntondersteuner van een gezin heeft een cliënt aangemeld die een plek nodig heeft. Breng de persoon in beeld; de dossierhouder blijft verantwoordelijk."
		n.TitleEN = "Referral by client support in region " + orgs.RegionLabel(region) + ": " + HandoverRef(caseID)
		n.BodyEN = "A family's client supporter has referred a client who needs a place. Bring the person into view; the case holder stays responsible."
		if existing {
			n.Title = "Nieuwe vraag bij een persoon in het register (" + HandoverRef(caseID) + ")"
			n.Body = "De cliëntondersteuner van het gezin vraagt een plek voor een persoon van wie de zoektocht al loopt. Bekijk of de wachtstatus moet veranderen."
			n.TitleEN = "New request for a person in the register (" + HandoverRef(caseID) + ")"
			n.BodyEN = "The family's client supporter asks for a place for a person whose search is already running. Check whether the waiting status should change."
		}
	}
	return s.notify.NotifyRoleTx(ctx, tx, auth.RoleZorgkantoor, "region", region, n)
}

// runningPhases are the phases of a search that has not ended: the open
// phases and geaccepteerd (about to move), so a client moving soon is not
// registered a second time.
func runningPhases() []string {
	var out []string
	for _, ph := range Phases() {
		if !ph.Closed() {
			out = append(out, string(ph))
		}
	}
	return out
}

// HandoverStatus is where a handed-over register case stands now.
type HandoverStatus struct {
	Phase Phase
	Since time.Time
}

// ParseHandoverRef is the register case a HandoverRef names.
func ParseHandoverRef(ref string) (int64, bool) {
	n, err := strconv.ParseInt(strings.TrimPrefix(ref, "CZ-"), 10, 64)
	return n, err == nil && strings.HasPrefix(ref, "CZ-") && n > 0
}

// HandoverStatusOf tells the module that handed a client over where the
// register case stands, so the family's supporter stays informed (issue
// 15) without reaching into the register. The caller has already decided
// that p may see the referral it keeps (the family's file) and names the
// client it is about: a case of any other client is not answered (ok
// false), so a wrong or forged reference never reveals another person's
// case. The read is recorded on the client's access log like any other
// read of the case.
func (s *Service) HandoverStatusOf(ctx context.Context, p *auth.Principal, caseID, clientID int64) (HandoverStatus, bool, error) {
	c, ok, err := s.handoverCase(ctx, caseID, clientID)
	if !ok || err != nil {
		return HandoverStatus{}, ok, err
	}
	if err := s.audit.Record(ctx, p, caseEvent(audit.ActionRead, c)); err != nil {
		return HandoverStatus{}, false, err
	}
	return HandoverStatus{Phase: c.Phase, Since: c.PhaseSince}, true, nil
}

// HandoverPhase is HandoverStatusOf for a module's background job that
// watches its referrals (issue 15: the supporter gets a message when the
// phase changes). No person reads here, so nothing is recorded: the
// caller records what it passes on to whom.
func (s *Service) HandoverPhase(ctx context.Context, caseID, clientID int64) (HandoverStatus, bool, error) {
	c, ok, err := s.handoverCase(ctx, caseID, clientID)
	if !ok || err != nil {
		return HandoverStatus{}, ok, err
	}
	return HandoverStatus{Phase: c.Phase, Since: c.PhaseSince}, true, nil
}

// handoverCase reads case caseID if it is clientID's (ok false otherwise).
func (s *Service) handoverCase(ctx context.Context, caseID, clientID int64) (Case, bool, error) {
	c, err := s.store.getCase(ctx, s.db, caseID, "")
	if errors.Is(err, ErrNotFound) || (err == nil && c.ClientID != clientID) {
		return Case{}, false, nil
	}
	if err != nil {
		return Case{}, false, asWeb(err)
	}
	return c, true, nil
}

// LabelEN is the phase's label in English, for a module that shows it.
func (p Phase) LabelEN() string {
	if en, ok := translations[p.Label()]; ok {
		return en
	}
	return p.Label()
}

// EasyLabelEN is EasyLabel in English, for a module that tells the client
// in English (the support module's inbox message).
func (p Phase) EasyLabelEN() string {
	if en, ok := translations[p.EasyLabel()]; ok {
		return en
	}
	return p.EasyLabel()
}

// EasyLabelAboutEN is EasyLabelAbout in English (a pattern whose %s is
// the client's name).
func (p Phase) EasyLabelAboutEN() string {
	if en, ok := translations[p.EasyLabelAbout()]; ok {
		return en
	}
	return p.EasyLabelAbout()
}
