package placement

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/notify"
	"github.com/volwaardig/volwaardig/internal/orgs"
	"github.com/volwaardig/volwaardig/internal/web"
)

// Auditor records access to personal data (audit.Log implements it).
type Auditor interface {
	Record(ctx context.Context, p *auth.Principal, ev audit.Event) error
	RecordTx(ctx context.Context, tx *sql.Tx, p *auth.Principal, ev audit.Event) error
}

// Notifier delivers notifications inside the caller's transaction
// (notify.Service implements it).
type Notifier interface {
	NotifyTx(ctx context.Context, tx *sql.Tx, n notify.Notification) error
	NotifyRoleTx(ctx context.Context, tx *sql.Tx, role auth.Role, scopeKind, scopeValue string, n notify.Notification) error
}

// ClientContacts finds the user accounts that answer for a client: the
// client's own account and the representatives who may act. The client
// register implements it; nil means only the care office is told.
type ClientContacts interface {
	ContactUsers(ctx context.Context, clientID int64) ([]int64, error)
}

// ClientAccess is the client register's one decision on what a principal
// may do for a client: read, act, and on whose behalf (DESIGN §3: a
// representative acts for a client through an explicit, audited
// authorisation). Placement asks it for every action that names a client:
// registering one, and everything the client or family does on their own
// pages. *clients.Service implements it.
type ClientAccess interface {
	// Get reads a client's record (the name on a page the caller has
	// already been allowed to see).
	Get(ctx context.Context, id int64) (clients.Client, error)
	AuthorityFor(ctx context.Context, p *auth.Principal, clientID int64, subject clients.Subject) (clients.Authority, error)
	Represented(ctx context.Context, p *auth.Principal, subject clients.Subject) ([]clients.Authority, error)
	// Find is the client picker of the registration form (issue 11).
	Find(ctx context.Context, p *auth.Principal, req clients.PickRequest) (clients.Pick, error)
	// FindByBSN resolves an imported list's BSN through the keyed hash.
	FindByBSN(ctx context.Context, b clients.BSN) (int64, error)
}

var _ ClientAccess = (*clients.Service)(nil)

// Organisations names organisations for the pages (*orgs.Store implements
// it): platform tables are read through the platform's API.
type Organisations interface {
	Names(ctx context.Context, ids []int64) (map[int64]string, error)
	// OrganisationByCode finds a provider by AGB or a care office by
	// UZOVI code, for an imported list (sql.ErrNoRows when none).
	OrganisationByCode(ctx context.Context, code string) (orgs.Organisation, error)
	// Locations lists an organisation's locations, for the place form.
	Locations(ctx context.Context, orgID int64) ([]orgs.Location, error)
}

// Config holds the module's settings.
type Config struct {
	// Consequences per decline reason; nil = DefaultConsequences.
	Consequences Consequences
	// HoldWarning is how long before a hold's deadline the provider is
	// told (default 48 hours).
	HoldWarning time.Duration
	// EscalationGrace is how long after its deadline an unsolved case
	// goes to the national table (default 30 days).
	EscalationGrace time.Duration
	// JobInterval is how often the background job runs (default 1 minute).
	JobInterval time.Duration
}

// Service is the placement module: its operations, background job and
// handlers.
type Service struct {
	// JobDone, when set, is told the outcome of each round of the background
	// job (nil on success), so the operator's metrics count its runs,
	// failures and last success.
	JobDone func(err error)

	db       *db.DB
	store    store
	clock    db.Clock
	audit    Auditor
	notify   Notifier
	contacts ClientContacts
	reg      ClientAccess
	creator  ClientCreator
	orgs     Organisations
	logger   *slog.Logger
	cfg      Config
	pages    *pageTemplates
	rd       *web.Renderer
	// runs bounds concurrent batch runs on this instance.
	runs chan struct{}
}

func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Microsecond) }

// Errors crossing to HTTP are web errors with a Dutch message.
func notFound() error {
	return web.NotFound("Deze casus, plek of dit voorstel bestaat niet of valt buiten uw regio of organisatie.", "This case, place or proposal does not exist or is outside your region or organisation.")
}

func badInput(field, nl string) error { return web.BadInput(field, nl, translateDomain(nl)) }

func conflict(nl string) error { return web.Conflict(nl, translateDomain(nl)) }

// translateDomain gives the English of a Dutch refusal: its own English
// from the module's catalogues, or, for a message built from parts (a
// parser's error with the value in it), what kind of problem it is with
// the Dutch detail.
func translateDomain(nl string) string {
	for _, m := range []map[string]string{domainTranslations, caseworkTranslations, translations} {
		if en, ok := m[nl]; ok {
			return en
		}
	}
	return "Not possible: " + nl
}

func asWeb(err error) error {
	if errors.Is(err, ErrNotFound) {
		return notFound()
	}
	return err
}

// event builds an audit event about a case.
func caseEvent(action audit.Action, c Case) audit.Event {
	return audit.Event{Action: action, ClientID: c.ClientID, Object: "placement_case", ObjectID: strconv.FormatInt(c.CaseID, 10), Purpose: audit.PurposeMediation}
}

// Refusals of a client's or representative's own pages: a representative
// whose authorisation does not cover what they ask is told why (they know
// the client exists); anyone else gets notFound.
func noReading() error {
	return web.Forbidden("U kunt de zoektocht naar een plek van deze cliënt niet inzien: de cliënt deelt die niet met u en uw machtiging geeft geen recht om namens de cliënt te handelen. Wilt u meelezen? Vraag de cliënt om dit met u te delen, of vraag het zorgkantoor om uw machtiging aan te passen.",
		"You cannot see this client's search for a place: the client does not share it with you and your authorisation does not let you act for the client. Want to read along? Ask the client to share it with you, or ask the care office to change your authorisation.")
}

func noActing() error {
	return web.Forbidden("U mag niet namens deze cliënt handelen: uw machtiging staat dat niet toe (‘mag handelen’ staat op nee). Vraag het zorgkantoor de machtiging aan te passen.",
		"You may not act for this client: your authorisation does not allow it. Ask the care office to change the authorisation.")
}

// authority asks the client register what p may do for a client's
// placement; without a register nobody reaches a client.
func (s *Service) authority(ctx context.Context, p *auth.Principal, clientID int64) (clients.Authority, error) {
	if s.reg == nil || p == nil {
		return clients.Authority{ClientID: clientID}, nil
	}
	a, err := s.reg.AuthorityFor(ctx, p, clientID, clients.SubjectPlacement)
	if errors.Is(err, clients.ErrNotFound) {
		return clients.Authority{ClientID: clientID}, nil
	}
	return a, err
}

// ownReach decides what a client or representative may do with case c,
// by the client register's AuthorityFor: act when act is set, else read.
// The authority it returns stamps the audit entries with on_behalf_of.
//
// A refusal carries the audit event of the attempt (Authority.Refuse): the
// caller's transaction is rolled back, and s.tx or Case logs it after.
func (s *Service) ownReach(ctx context.Context, p *auth.Principal, c Case, act bool) (clients.Authority, error) {
	a, err := s.authority(ctx, p, c.ClientID)
	ev := caseEvent(audit.ActionRead, c)
	if act {
		ev.Action = audit.ActionUpdate
	}
	switch {
	case err != nil:
		return a, err
	case act && a.Act, !act && a.Read:
		return a, nil
	case a.Representative && act:
		return a, a.Refuse(ev, noActing())
	case a.Representative:
		return a, a.Refuse(ev, noReading())
	}
	return a, a.Refuse(ev, notFound())
}

// tx runs fn in a write transaction for p and, once it has ended, logs a
// refusal fn returned as a denied attempt (audit.RecordDenial): the one
// place placement's refused acts reach the audit log.
func (s *Service) tx(ctx context.Context, p *auth.Principal, fn func(*sql.Tx) error) error {
	return audit.RecordDenial(ctx, s.audit, p, s.db.Tx(ctx, fn))
}

// canSee decides record-level access to a case: care-office staff by
// region, providers when the case has a proposal or hold at one of their
// places, the client and representatives to their own case as the client
// register's AuthorityFor allows reading.
func (s *Service) canSee(ctx context.Context, q db.Querier, p *auth.Principal, c Case) (bool, error) {
	if p == nil {
		return false, nil
	}
	switch p.Role {
	case auth.RoleZorgkantoor:
		return p.InRegion(c.Region), nil
	case auth.RoleClient, auth.RoleNaaste:
		a, err := s.authority(ctx, p, c.ClientID)
		return a.Read, err
	case auth.RoleAanbieder:
		if len(p.Scope.Organisations) == 0 {
			return false, nil
		}
		cs, err := s.store.listCases(ctx, q, CaseFilter{Organisations: p.Scope.Organisations, ClientIDs: []int64{c.ClientID}})
		if err != nil {
			return false, err
		}
		for _, x := range cs {
			if x.CaseID == c.CaseID {
				return true, nil
			}
		}
	}
	return false, nil
}

// scopeFilter is the case filter for a principal's lists, with, for a
// client or representative, what they may do for each client listed.
func (s *Service) scopeFilter(ctx context.Context, p *auth.Principal) (CaseFilter, map[int64]clients.Authority, bool, error) {
	switch p.Role {
	case auth.RoleZorgkantoor:
		return CaseFilter{Regions: append([]string{}, p.Scope.Regions...)}, nil, true, nil
	case auth.RoleAanbieder:
		return CaseFilter{Organisations: append([]int64{}, p.Scope.Organisations...)}, nil, true, nil
	case auth.RoleClient, auth.RoleNaaste:
		f := CaseFilter{ClientIDs: []int64{}}
		if s.reg == nil {
			return f, nil, true, nil
		}
		reach, err := s.reg.Represented(ctx, p, clients.SubjectPlacement)
		if err != nil {
			return f, nil, false, err
		}
		if p.Role == auth.RoleNaaste && len(reach) == 0 && len(p.Scope.Represents) > 0 {
			// Represents clients but may read none of their searches:
			// say why rather than show an empty page; the lists that
			// show it (Cases, Proposals) log the refusal per client.
			return f, nil, false, clients.RefuseEach(ctx, s.reg, p, clients.SubjectPlacement,
				audit.Event{Action: audit.ActionSearch, Object: "placement_case", Purpose: audit.PurposeMediation}, noReading())
		}
		by := make(map[int64]clients.Authority, len(reach))
		for _, a := range reach {
			f.ClientIDs = append(f.ClientIDs, a.ClientID)
			by[a.ClientID] = a
		}
		return f, by, true, nil
	}
	return CaseFilter{}, nil, false, nil
}

// scoped narrows f to what the principal may see.
func (s *Service) scoped(ctx context.Context, p *auth.Principal, f CaseFilter) (CaseFilter, map[int64]clients.Authority, error) {
	scope, by, ok, err := s.scopeFilter(ctx, p)
	if err != nil {
		return scope, nil, err
	}
	if !ok {
		return scope, nil, web.Forbidden("Uw rol ziet geen personen in het register.", "Your role sees no people in the register.")
	}
	scope.Phase, scope.OpenOnly, scope.Limit, scope.Offset, scope.RegisterOnly = f.Phase, f.OpenOnly, f.Limit, f.Offset, f.RegisterOnly
	if f.Regions != nil && scope.Regions != nil {
		var rs []string
		for _, r := range f.Regions {
			if slices.Contains(scope.Regions, r) {
				rs = append(rs, r)
			}
		}
		scope.Regions = append([]string{}, rs...)
	}
	return scope, by, nil
}

// CaseCount counts the cases Cases would list for the principal without
// Limit and Offset: the total beside one page of a long register. A count
// names nobody, so no audit record.
func (s *Service) CaseCount(ctx context.Context, p *auth.Principal, f CaseFilter) (int, error) {
	scope, _, err := s.scoped(ctx, p, f)
	if err != nil {
		return 0, err
	}
	return s.store.countCases(ctx, s.db, scope)
}

// Cases lists the cases the principal may see, and records the list view
// (one audit event per case shown, as each is personal data).
func (s *Service) Cases(ctx context.Context, p *auth.Principal, f CaseFilter) ([]Case, error) {
	scope, by, err := s.scoped(ctx, p, f)
	if err != nil {
		return nil, audit.RecordDenial(ctx, s.audit, p, err)
	}
	cs, err := s.store.listCases(ctx, s.db, scope)
	if err != nil {
		return nil, err
	}
	evs := make([]audit.Event, 0, len(cs))
	for _, c := range cs {
		evs = append(evs, by[c.ClientID].Audit(caseEvent(audit.ActionSearch, c)))
	}
	if err := s.recordAll(ctx, p, evs); err != nil {
		return nil, err
	}
	return cs, nil
}

// recordAll records the events of one list view together
// (audit.RecordAll).
func (s *Service) recordAll(ctx context.Context, p *auth.Principal, evs []audit.Event) error {
	return audit.RecordAll(ctx, s.audit, p, evs)
}

// Case opens one case for the principal, recording the read.
func (s *Service) Case(ctx context.Context, p *auth.Principal, id int64) (Case, error) {
	c, err := s.store.getCase(ctx, s.db, id, "")
	if err != nil {
		return c, asWeb(err)
	}
	var a clients.Authority
	var refused error
	switch p.Role {
	case auth.RoleClient, auth.RoleNaaste:
		a, refused = s.ownReach(ctx, p, c, false)
		var we *web.Error
		if refused != nil && !errors.As(refused, &we) {
			return Case{}, refused
		}
	default:
		ok, err := s.canSee(ctx, s.db, p, c)
		if err != nil {
			return Case{}, err
		}
		if !ok {
			refused = notFound()
		}
	}
	if refused != nil {
		var d *audit.Denial
		if !errors.As(refused, &d) {
			refused = a.Refuse(caseEvent(audit.ActionRead, c), refused)
		}
		return Case{}, audit.RecordDenial(ctx, s.audit, p, refused)
	}
	return c, s.audit.Record(ctx, p, a.Audit(caseEvent(audit.ActionRead, c)))
}

// Register puts a person in the register (phase aangemeld, or in beeld when
// inBeeld is set) and records the first transition.
func (s *Service) Register(ctx context.Context, p *auth.Principal, person Person, inBeeld bool) (int64, error) {
	now := s.now()
	if person.RegisteredAt.IsZero() {
		person.RegisteredAt = now
	}
	if err := person.Validate(); err != nil {
		return 0, asWeb(err)
	}
	if p.Role == auth.RoleZorgkantoor && !p.InRegion(person.Region) {
		return 0, badInput("regio", "U kunt alleen personen in uw eigen regio aanmelden.")
	}
	if err := s.mayName(ctx, p, person.ClientID); err != nil {
		return 0, err
	}
	var id int64
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		// Lock the client first, as the crisis handover does (HandoverTx):
		// two registrations of one person at the same moment then queue
		// here, and the second sees the first's open case below.
		_, err := s.store.lockClient(ctx, tx, person.ClientID)
		if errors.Is(err, clients.ErrNotFound) {
			return badInput("client", "Deze cliënt bestaat niet in het cliëntenregister.")
		}
		if err != nil {
			return err
		}
		n, err := s.store.openCaseCount(ctx, tx, person.ClientID)
		if err != nil {
			return err
		}
		if n > 0 {
			return conflict("Deze cliënt staat al in het register met een open zoektocht.")
		}
		if person.WishOrganisation > 0 {
			ok, err := s.store.providerExists(ctx, tx, person.WishOrganisation)
			if err != nil {
				return err
			}
			if !ok {
				return badInput("wens_aanbieder", "Er is geen aanbieder met dit organisatienummer.")
			}
		}
		person.Phase, person.PhaseSince = Aangemeld, now
		person.ContactUser = defaultContact(p, person.ContactUser)
		if inBeeld {
			person.Phase = InBeeld
		}
		id, err = s.store.insertCase(ctx, tx, person, p.UserID, now)
		if err != nil {
			return err
		}
		if err := s.store.setCaseIdentity(ctx, tx, id, person); err != nil {
			return err
		}
		if err := s.store.insertTransition(ctx, tx, Transition{CaseID: id, From: "", To: Aangemeld, At: now, By: p.UserID, ByName: p.DisplayName, Reason: "Aangemeld"}); err != nil {
			return err
		}
		if inBeeld {
			if err := s.store.insertTransition(ctx, tx, Transition{CaseID: id, From: Aangemeld, To: InBeeld, At: now, By: p.UserID, ByName: p.DisplayName, Reason: "In beeld bij het zorgkantoor"}); err != nil {
				return err
			}
		}
		return s.audit.RecordTx(ctx, tx, p, audit.Event{Action: audit.ActionCreate, ClientID: person.ClientID, Object: "placement_case", ObjectID: strconv.FormatInt(id, 10), Purpose: audit.PurposeMediation})
	})
	return id, err
}

// defaultContact is the vaste contactpersoon of a new case: the one
// chosen, or else the care-office employee who registers it (a case
// registered by a crisis team or a supporter gets none until the care
// office chooses one on the person page).
func defaultContact(p *auth.Principal, chosen int64) int64 {
	if chosen == 0 && p != nil && p.Role == auth.RoleZorgkantoor {
		return p.UserID
	}
	return chosen
}

// mayName checks that p may see the client an action names by id (a
// registration, a row of an imported list), by the client register's one
// decision, the same as for opening the record: a care office once
// registered another region's client by typing the id, and the case page
// then showed the name. An unknown client is bad input; one outside p's
// scope is refused and the refusal audited.
func (s *Service) mayName(ctx context.Context, p *auth.Principal, clientID int64) error {
	if s.reg == nil || p == nil {
		return web.Forbidden("Aanmelden kan hier niet: het cliëntenregister is niet gekoppeld.", "Registering is not possible here: the client register is not connected.")
	}
	a, err := s.reg.AuthorityFor(ctx, p, clientID, clients.SubjectPlacement)
	if errors.Is(err, clients.ErrNotFound) {
		return badInput("client", "Deze cliënt bestaat niet in het cliëntenregister.")
	}
	if err != nil {
		return err
	}
	if a.Act {
		return nil
	}
	return audit.RecordDenial(ctx, s.audit, p, a.Refuse(audit.Event{Action: audit.ActionCreate, ClientID: clientID, Object: "placement_case", Purpose: audit.PurposeMediation}, errClientOutOfScope))
}

// errClientOutOfScope refuses an action naming a client the actor may not see.
var errClientOutOfScope = web.Forbidden("Deze cliënt valt buiten uw regio of organisatie: u kunt alleen cliënten aanmelden die u in het cliëntenregister mag zien.",
	"This client is outside your region or organisation: you can only register clients you may see in the client register.")

// moveTx changes a locked case's phase and records the transition.
func (s *Service) moveTx(ctx context.Context, tx *sql.Tx, c *Case, to Phase, by int64, byName, reason string, now time.Time) error {
	if err := CheckTransition(c.Phase, to); err != nil {
		return conflict(err.Error())
	}
	if err := s.store.setPhase(ctx, tx, c.CaseID, to, now); err != nil {
		return err
	}
	if err := s.store.insertTransition(ctx, tx, Transition{CaseID: c.CaseID, From: c.Phase, To: to, At: now, By: by, ByName: byName, Reason: reason}); err != nil {
		return err
	}
	c.Phase, c.PhaseSince = to, now
	return nil
}

// Transition moves a case to another phase with a reason; invalid moves are
// refused with a Dutch message naming what is possible.
func (s *Service) Transition(ctx context.Context, p *auth.Principal, caseID int64, to Phase, reason string) error {
	if len(reason) > 1000 {
		return badInput("reden", "De reden mag hoogstens 1000 tekens zijn.")
	}
	if reason == "" {
		return badInput("reden", "Geef een reden voor deze stap.")
	}
	now := s.now()
	return s.tx(ctx, p, func(tx *sql.Tx) error {
		c, err := s.store.getCase(ctx, tx, caseID, s.db.ForUpdate())
		if err != nil {
			return asWeb(err)
		}
		if ok, err := s.canSee(ctx, tx, p, c); err != nil || !ok || p.Role != auth.RoleZorgkantoor {
			if err != nil {
				return err
			}
			return audit.Deny(caseEvent(audit.ActionUpdate, c), notFound())
		}
		if err := s.moveTx(ctx, tx, &c, to, p.UserID, p.DisplayName, reason, now); err != nil {
			return err
		}
		return s.audit.RecordTx(ctx, tx, p, caseEvent(audit.ActionUpdate, c))
	})
}

// RecordFollowUp records how a moved person is doing after 3, 6 or 12
// months, as stable or crisis only (the pages and the API record the
// client's wellbeing too, RecordFollowUpViews).
func (s *Service) RecordFollowUp(ctx context.Context, p *auth.Principal, caseID int64, months int, outcome, note string) error {
	return s.recordFollowUp(ctx, p, caseID, months, outcome, note, FollowUpViews{})
}

func (s *Service) recordFollowUp(ctx context.Context, p *auth.Principal, caseID int64, months int, outcome, note string, v FollowUpViews) error {
	o, err := ParseFollowUp(months, outcome)
	if err != nil {
		return badInput("uitkomst", err.Error())
	}
	now := s.now()
	return s.tx(ctx, p, func(tx *sql.Tx) error {
		c, err := s.store.getCase(ctx, tx, caseID, s.db.ForUpdate())
		if err != nil {
			return asWeb(err)
		}
		if ok, err := s.canSee(ctx, tx, p, c); err != nil || !ok || p.Role != auth.RoleZorgkantoor {
			if err != nil {
				return err
			}
			return audit.Deny(caseEvent(audit.ActionUpdate, c), notFound())
		}
		if c.Phase != Verhuisd {
			return conflict("Nazorg kan pas worden vastgelegd als de persoon is verhuisd.")
		}
		// A follow-up describes how the person is doing after so many
		// months, so it cannot be recorded long before that moment.
		ts, err := s.store.listTransitions(ctx, tx, caseID)
		if err != nil {
			return err
		}
		var moved time.Time
		for _, t := range ts {
			if t.To == Verhuisd {
				moved = t.At
			}
		}
		if due := moved.AddDate(0, months, 0); now.Before(due.Add(-FollowUpEarly)) {
			return badInput("maanden", fmt.Sprintf("De nazorg na %d maanden kan vanaf %s worden vastgelegd; de verhuizing was op %s.",
				months, due.Add(-FollowUpEarly).Format("02-01-2006"), moved.Format("02-01-2006")))
		}
		err = s.store.insertFollowUp(ctx, tx, FollowUp{CaseID: caseID, Months: months, Outcome: o, Note: note, RecordedAt: now, By: p.UserID, ByName: p.DisplayName,
			Wellbeing: v.Wellbeing, Relatives: v.Relatives, Staff: v.Staff})
		if db.IsUniqueViolation(err) {
			return web.Conflict(fmt.Sprintf("De nazorg na %d maanden is al vastgelegd; de geschiedenis wordt niet overschreven.", months),
				fmt.Sprintf("The aftercare after %d months has already been recorded; the history is not overwritten.", months))
		}
		if err != nil {
			return err
		}
		return s.audit.RecordTx(ctx, tx, p, caseEvent(audit.ActionUpdate, c))
	})
}

// FollowUpEarly is how long before its moment a follow-up may be recorded
// (a visit planned a little early still counts).
const FollowUpEarly = 14 * 24 * time.Hour

// Reassess records a reassessment (herindicatie) of a case's indication:
// the new zorgprofiel, meerzorg and Wzd status, with a note. It ends the
// wait that a "not eligible" decline started, so the case can get
// proposals again; the old and new profile stay in the history.
func (s *Service) Reassess(ctx context.Context, p *auth.Principal, caseID int64, profile Profile, meerzorg bool, wzd WzdStatus, note string) error {
	if _, ok := profiles[profile]; !ok {
		return badInput("zorgprofiel", fmt.Sprintf("Onbekend zorgprofiel %q; kies bijvoorbeeld VG7.", profile))
	}
	if _, ok := wzdLabels[wzd]; !ok {
		return badInput("wzd", fmt.Sprintf("Onbekende Wzd-status %q.", wzd))
	}
	note = strings.TrimSpace(note)
	if note == "" {
		return badInput("toelichting", "Schrijf kort op wat de herindicatie inhoudt (bijvoorbeeld het besluit van het CIZ).")
	}
	if len(note) > 1000 {
		return badInput("toelichting", "De toelichting mag hoogstens 1000 tekens zijn.")
	}
	now := s.now()
	return s.tx(ctx, p, func(tx *sql.Tx) error {
		c, err := s.store.getCase(ctx, tx, caseID, s.db.ForUpdate())
		if err != nil {
			return asWeb(err)
		}
		if p.Role != auth.RoleZorgkantoor || !p.InRegion(c.Region) {
			return audit.Deny(caseEvent(audit.ActionUpdate, c), notFound())
		}
		if !c.Phase.Open() {
			return conflict("Deze casus is afgesloten; een herindicatie verandert er niets meer aan.")
		}
		if err := s.store.reassess(ctx, tx, c, profile, meerzorg, wzd, note, now, p.UserID); err != nil {
			return err
		}
		return s.audit.RecordTx(ctx, tx, p, caseEvent(audit.ActionUpdate, c))
	})
}

// Places lists the places the principal may see: providers their own,
// everyone else with access every place (places are not personal data).
func (s *Service) Places(ctx context.Context, p *auth.Principal, regions []string) ([]Place, error) {
	f := PlaceFilter{AllStays: true}
	if p.Role == auth.RoleAanbieder {
		f.Organisations = append([]int64{}, p.Scope.Organisations...)
	}
	if regions != nil {
		f.Regions = regions
	}
	return s.store.listPlaces(ctx, s.db, f)
}

// AddPlace stores a new place for a provider's organisation.
func (s *Service) AddPlace(ctx context.Context, p *auth.Principal, pl Place) (int64, error) {
	if err := pl.Validate(); err != nil {
		return 0, asWeb(err)
	}
	if p.Role == auth.RoleAanbieder && !p.InOrganisation(pl.OrganisationID) {
		return 0, badInput("organisatie", "U kunt alleen plekken van uw eigen organisatie toevoegen.")
	}
	if pl.Kind != Maatwerkplek && pl.Kind != RegularPlace {
		return 0, badInput("soort", "Kies maatwerkplek of reguliere plek.")
	}
	return s.store.insertPlace(ctx, s.db, pl, s.now())
}

// CreateHold reserves a free place for one person until deadline.
func (s *Service) CreateHold(ctx context.Context, p *auth.Principal, placeID, caseID int64, deadline time.Time) (int64, error) {
	now := s.now()
	if !deadline.After(now) {
		return 0, badInput("deadline", "De reservering moet tot een moment in de toekomst gelden.")
	}
	if deadline.After(now.AddDate(0, 3, 0)) {
		return 0, badInput("deadline", "Een reservering duurt hoogstens drie maanden.")
	}
	var id int64
	err := s.tx(ctx, p, func(tx *sql.Tx) error {
		pl, err := s.store.getPlace(ctx, tx, placeID, s.db.ForUpdate())
		if err != nil {
			return asWeb(err)
		}
		if p.Role == auth.RoleAanbieder && !p.InOrganisation(pl.OrganisationID) {
			return notFound()
		}
		c, err := s.store.getCase(ctx, tx, caseID, "")
		if err != nil {
			return badInput("casus", "Deze casus bestaat niet.")
		}
		if p.Role == auth.RoleZorgkantoor && !p.InRegion(c.Region) {
			return audit.Deny(caseEvent(audit.ActionCreate, c), notFound())
		}
		// A provider holds a place only for a person it already sees (a
		// proposal or hold at its places, the form's choice): a hold for
		// any case id typed in would make that case, with the person's
		// name, visible to the provider.
		if p.Role == auth.RoleAanbieder {
			ok, err := s.canSee(ctx, tx, p, c)
			if err != nil {
				return err
			}
			if !ok {
				return audit.Deny(caseEvent(audit.ActionCreate, c), badInput("casus", "Deze casus bestaat niet."))
			}
		}
		if !c.Phase.Open() {
			return conflict("Voor deze casus is de zoektocht afgerond; er valt niets te reserveren.")
		}
		if pl.Free() < 1 {
			return conflict("Deze plek is vol of al gereserveerd.")
		}
		if id, err = s.store.insertHold(ctx, tx, placeID, caseID, p.UserID, now, deadline); err != nil {
			return err
		}
		return s.audit.RecordTx(ctx, tx, p, caseEvent(audit.ActionCreate, c))
	})
	return id, err
}

// ReleaseHold ends a hold by hand.
func (s *Service) ReleaseHold(ctx context.Context, p *auth.Principal, holdID int64, reason string) error {
	now := s.now()
	return s.tx(ctx, p, func(tx *sql.Tx) error {
		hs, err := s.store.listHolds(ctx, tx, "h.id = $1", holdID)
		if err != nil {
			return err
		}
		if len(hs) == 0 {
			return notFound()
		}
		h := hs[0]
		c, err := s.store.getCase(ctx, tx, h.CaseID, "")
		if err != nil {
			return err
		}
		if (p.Role == auth.RoleAanbieder && !p.InOrganisation(h.Organisation)) || (p.Role == auth.RoleZorgkantoor && !p.InRegion(c.Region)) ||
			(p.Role != auth.RoleAanbieder && p.Role != auth.RoleZorgkantoor) {
			return audit.Deny(caseEvent(audit.ActionUpdate, c), notFound())
		}
		if reason == "" {
			reason = "vrijgegeven"
		}
		released, err := s.store.releaseHold(ctx, tx, holdID, reason, now)
		if err != nil {
			return err
		}
		if !released {
			return conflict("Deze reservering is al vrijgegeven.")
		}
		return s.audit.RecordTx(ctx, tx, p, caseEvent(audit.ActionUpdate, c))
	})
}

// Holds lists the active holds in the principal's scope, soonest deadline
// first. A hold names the person it is for, so each is an audited read.
func (s *Service) Holds(ctx context.Context, p *auth.Principal) ([]Hold, error) {
	var hs []Hold
	var err error
	var args []any
	switch p.Role {
	case auth.RoleAanbieder:
		if len(p.Scope.Organisations) == 0 {
			return nil, nil
		}
		hs, err = s.store.listHolds(ctx, s.db, "h.released_at IS NULL AND pl.organisation_id IN ("+inArgs(p.Scope.Organisations, &args)+")", args...)
	case auth.RoleZorgkantoor:
		if len(p.Scope.Regions) == 0 {
			return nil, nil
		}
		hs, err = s.store.listHolds(ctx, s.db, "h.released_at IS NULL AND pc.region IN ("+inArgs(p.Scope.Regions, &args)+")", args...)
	default:
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	evs := make([]audit.Event, 0, len(hs))
	for _, h := range hs {
		evs = append(evs, audit.Event{Action: audit.ActionSearch, ClientID: h.ClientID, Object: "placement_hold", ObjectID: strconv.FormatInt(h.ID, 10), Purpose: audit.PurposeMediation})
	}
	return hs, s.recordAll(ctx, p, evs)
}

// jobEvent is the audit event of a change the background job makes on its
// own (no user): it names the job as the actor.
func jobEvent(clientID int64, object string, id int64) audit.Event {
	return audit.Event{Action: audit.ActionUpdate, ClientID: clientID, Object: object, ObjectID: strconv.FormatInt(id, 10), Purpose: audit.PurposeMediation,
		Source: "placement job", UserName: "systeem"}
}

// jobLockKey serialises the background job across PostgreSQL instances.
const jobLockKey = 7_513_301

// JobResult says what one pass of the background job did.
type JobResult struct {
	Released, Warned, Escalated int
	// UrgentNoPlace counts the care offices told, this round, of an
	// urgent case for which no place in the country fits.
	UrgentNoPlace int
}

// RunJobOnce releases expired holds, warns providers of holds about to
// expire and escalates cases past their deadline plus grace. It is safe on
// several instances: one transaction under an advisory lock, and every
// update conditional on the row's state, with notification dedupe keys.
func (s *Service) RunJobOnce(ctx context.Context) (JobResult, error) {
	var r JobResult
	now := s.now()
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		ok, err := s.db.TryAdvisoryLock(ctx, tx, jobLockKey)
		if err != nil || !ok {
			return err
		}
		expired, err := s.store.listHolds(ctx, tx, "h.released_at IS NULL AND h.deadline <= $1", now)
		if err != nil {
			return err
		}
		for _, h := range expired {
			released, err := s.store.releaseHold(ctx, tx, h.ID, "verlopen", now)
			if err != nil {
				return err
			}
			if released {
				r.Released++
				if err := s.audit.RecordTx(ctx, tx, nil, jobEvent(h.ClientID, "placement_hold", h.ID)); err != nil {
					return err
				}
			}
		}
		soon, err := s.store.listHolds(ctx, tx, "h.released_at IS NULL AND h.deadline > $1 AND h.deadline <= $2", now, now.Add(s.cfg.HoldWarning))
		if err != nil {
			return err
		}
		for _, h := range soon {
			if s.notify == nil {
				break
			}
			n := notify.Notification{Kind: notify.KindHoldExpiring, Title: "Een reservering verloopt binnenkort",
				Body:    "De reservering van " + h.PlaceName + " verloopt binnenkort. Verleng haar niet vanzelf: doe een voorstel of geef de plek vrij.",
				TitleEN: "A reservation expires soon",
				BodyEN:  "The reservation of " + h.PlaceName + " expires soon. Do not extend it as a matter of course: make a proposal or release the place.",
				Link:    "/complexe-zorg/aanbieder", DedupeKey: "placement:hold:" + strconv.FormatInt(h.ID, 10) + ":expiring"}
			if err := s.notify.NotifyRoleTx(ctx, tx, auth.RoleAanbieder, "organisation", strconv.FormatInt(h.Organisation, 10), n); err != nil {
				return err
			}
			r.Warned++
		}
		// A batch run whose instance stopped mid-run would show "bezig"
		// for ever; after an hour it is marked as failed.
		if err := s.store.failStaleRuns(ctx, tx, now); err != nil {
			return err
		}
		cs, err := s.store.listCases(ctx, tx, CaseFilter{OpenOnly: true})
		if err != nil {
			return err
		}
		for _, c := range cs {
			if err := s.tellDeadlineTx(ctx, tx, c, now); err != nil {
				return err
			}
			if !EscalationDue(c.Person, now, s.cfg.EscalationGrace) {
				continue
			}
			reason := fmt.Sprintf("De regio heeft de casus niet binnen de termijn opgelost: de uiterste datum (%s) is meer dan %d dagen verstreken.",
				c.Deadline.Format("02-01-2006"), int(s.cfg.EscalationGrace.Hours()/24))
			escalated, err := s.store.escalateByJob(ctx, tx, c, reason, now)
			if err != nil {
				return err
			}
			if !escalated {
				continue
			}
			if err := s.audit.RecordTx(ctx, tx, nil, jobEvent(c.ClientID, "placement_case", c.CaseID)); err != nil {
				return err
			}
			if s.notify != nil {
				if err := s.notify.NotifyRoleTx(ctx, tx, auth.RoleZorgkantoor, "region", c.Region, notify.Notification{Kind: notify.KindDeadline,
					Title: "Casus geëscaleerd naar de landelijke tafel", Body: reason, TitleEN: "Case escalated to the national table",
					BodyEN: fmt.Sprintf("The region did not resolve the case in time: the deadline (%s) passed more than %d days ago.", c.Deadline.Format("02-01-2006"), int(s.cfg.EscalationGrace.Hours()/24)), Link: "/complexe-zorg/personen/" + strconv.FormatInt(c.CaseID, 10),
					DedupeKey: "placement:escalated:" + strconv.FormatInt(c.CaseID, 10)}); err != nil {
					return err
				}
			}
			r.Escalated++
		}
		n, err := s.tellUrgentWithoutPlaceTx(ctx, tx, cs, now)
		r.UrgentNoPlace = n
		return err
	})
	return r, err
}

// tellDeadlineTx tells the region's care office that a case's deadline
// passed (DESIGN §3: a deadline passed cannot wait), once per deadline:
// the conditional update lets one instance win, and a new deadline set by
// the table is told again when it passes.
func (s *Service) tellDeadlineTx(ctx context.Context, tx *sql.Tx, c Case, now time.Time) error {
	if s.notify == nil || c.Escalated || c.Deadline.IsZero() || !now.After(c.Deadline) {
		return nil
	}
	fresh, err := s.store.markDeadlineTold(ctx, tx, c.CaseID)
	if err != nil || !fresh {
		return err // or told before
	}
	return s.notify.NotifyRoleTx(ctx, tx, auth.RoleZorgkantoor, "region", c.Region, notify.Notification{Kind: notify.KindDeadline,
		Title: "Uiterste datum verstreken", Body: "De uiterste datum van een casus in uw regio is verstreken (" + c.Deadline.Format("02-01-2006") + "). De casus staat op de agenda van de regionale tafel.",
		TitleEN: "Deadline passed", BodyEN: "The deadline of a case in your region has passed (" + c.Deadline.Format("02-01-2006") + "). The case is on the agenda of the regional table.",
		Link: "/complexe-zorg/personen/" + strconv.FormatInt(c.CaseID, 10), DedupeKey: "placement:deadline:" + strconv.FormatInt(c.CaseID, 10) + ":" + c.Deadline.Format("20060102")})
}

// Run runs the background job every JobInterval until ctx ends.
func (s *Service) Run(ctx context.Context) {
	t := time.NewTicker(s.cfg.JobInterval)
	defer t.Stop()
	for {
		_, err := s.RunJobOnce(ctx)
		if err != nil && ctx.Err() == nil {
			s.logger.Error("placement job failed", "err", err)
		}
		if s.JobDone != nil && ctx.Err() == nil {
			s.JobDone(err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
