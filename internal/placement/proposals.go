package placement

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/notify"
	"github.com/volwaardig/volwaardig/internal/web"
)

// placesFor lists every place for ranking one case: the case's own active
// holds do not count against it, since a hold reserves the place for this
// very person.
func (s *Service) placesFor(ctx context.Context, caseID int64) ([]Place, error) {
	places, err := s.store.listPlaces(ctx, s.db, PlaceFilter{})
	if err != nil {
		return nil, err
	}
	hs, err := s.store.listHolds(ctx, s.db, "h.case_id = $1 AND h.released_at IS NULL", caseID)
	if err != nil {
		return nil, err
	}
	own := map[int64]int{}
	for _, h := range hs {
		own[h.PlaceID]++
	}
	if len(own) > 0 {
		for i := range places {
			places[i].Held -= own[places[i].ID]
		}
	}
	return places, nil
}

// discountOwnHolds takes a case's own active holds off a place's held
// count: a hold reserves the place for that person, not against them.
func discountOwnHolds(ctx context.Context, st store, tx *sql.Tx, pl *Place, caseID int64) error {
	own, err := st.countOwnHolds(ctx, tx, pl.ID, caseID)
	if err != nil {
		return err
	}
	pl.Held -= own
	return nil
}

// Propose sends one place to one person by hand (from the ranking): the
// case moves to voorstel and the person, family and provider are told.
// The place must pass every hard constraint.
func (s *Service) Propose(ctx context.Context, p *auth.Principal, caseID, placeID int64) (int64, error) {
	return s.propose(ctx, p, caseID, placeID, false)
}

// ProposeUnderCondition proposes a place that fits once help is arranged
// (what would help, in the ranking: meerzorg, a C.O.T.'s support, an
// adaptation of the place). The condition is derived from the ranking's
// own checks, never typed, so it cannot contradict the case, and it is
// recorded with the proposal and shown to the provider. A place that
// fits needs no condition and is proposed as it is; a place that no help
// would make fit is refused, naming what fails.
func (s *Service) ProposeUnderCondition(ctx context.Context, p *auth.Principal, caseID, placeID int64) (int64, error) {
	return s.propose(ctx, p, caseID, placeID, true)
}

func (s *Service) propose(ctx context.Context, p *auth.Principal, caseID, placeID int64, conditional bool) (int64, error) {
	now := s.now()
	var id int64
	err := s.tx(ctx, p, func(tx *sql.Tx) error {
		c, err := s.store.getCase(ctx, tx, caseID, s.db.ForUpdate())
		if err != nil {
			return asWeb(err)
		}
		if !p.InRegion(c.Region) {
			return audit.Deny(caseEvent(audit.ActionCreate, c), notFound())
		}
		if !c.ReassessSince.IsZero() {
			return conflict("Deze casus wacht op een herindicatie; leg die eerst vast, dan kan er een voorstel komen.")
		}
		pl, err := s.store.getPlace(ctx, tx, placeID, s.db.ForUpdate())
		if err != nil {
			return asWeb(err)
		}
		if err := discountOwnHolds(ctx, s.store, tx, &pl, caseID); err != nil {
			return err
		}
		e := Explain(c.Person, pl, now)
		kinds, condition, fixable := e.Condition()
		if !e.Pass && !(conditional && fixable) {
			var names []string
			for _, f := range e.Failures() {
				names = append(names, strings.ToLower(f.Label))
			}
			msg := "Deze plek voldoet niet aan alle harde eisen: " + strings.Join(names, ", ") + "."
			if conditional {
				msg += " Geen hulp maakt de plek passend, dus ook een voorstel onder voorwaarde kan niet."
			}
			return conflict(msg)
		}
		if id, err = s.openProposalTx(ctx, tx, p, &c, pl, 0, termsOf(c.Person, pl, e.Soft, now), now); err != nil {
			return err
		}
		if !e.Pass {
			return s.store.setConditionTx(ctx, tx, id, kinds, condition)
		}
		return nil
	})
	return id, err
}

// openProposalTx writes an open proposal, moves the case to voorstel
// (through bemiddeling when needed) and notifies.
func (s *Service) openProposalTx(ctx context.Context, tx *sql.Tx, p *auth.Principal, c *Case, pl Place, runID int64, t Terms, now time.Time) (int64, error) {
	open, err := s.store.countOpenProposals(ctx, tx, c.CaseID)
	if err != nil {
		return 0, err
	}
	if open > 0 {
		return 0, conflict("Deze persoon heeft al een open voorstel; wacht het antwoord af.")
	}
	if c.Phase == Aangemeld || c.Phase == InBeeld {
		if c.Phase == Aangemeld {
			if err := s.moveTx(ctx, tx, c, InBeeld, p.UserID, p.DisplayName, "In beeld genomen voor een voorstel", now); err != nil {
				return 0, err
			}
		}
		if err := s.moveTx(ctx, tx, c, Bemiddeling, p.UserID, p.DisplayName, "Bemiddeling gestart", now); err != nil {
			return 0, err
		}
	}
	if err := s.moveTx(ctx, tx, c, Voorstel, p.UserID, p.DisplayName, "Voorstel: "+pl.Name, now); err != nil {
		return 0, err
	}
	var id int64
	if runID > 0 {
		var err error
		if id, err = s.store.openConceptProposal(ctx, tx, runID, c.CaseID, pl.ID, p.UserID, now); err != nil {
			return 0, err
		}
	} else {
		var err error
		if id, err = s.store.insertProposal(ctx, tx, c.CaseID, pl.ID, 0, ProposalOpen, t, p.UserID, now); err != nil {
			return 0, err
		}
	}
	if err := s.audit.RecordTx(ctx, tx, p, caseEvent(audit.ActionCreate, *c)); err != nil {
		return 0, err
	}
	if s.notify != nil {
		key := "placement:proposal:" + strconv.FormatInt(id, 10)
		if s.contacts != nil {
			users, err := s.contacts.ContactUsers(ctx, c.ClientID)
			if err != nil {
				return 0, err
			}
			if len(users) > 0 {
				if err := s.notify.NotifyTx(ctx, tx, notify.Notification{UserIDs: users, Kind: notify.KindProposal, Title: "Er is een plek voor u voorgesteld",
					Body: "Bekijk de plek en zeg of u hem wilt. U mag erover praten met uw familie.", TitleEN: "A place has been proposed for you",
					BodyEN: "Look at the place and say whether you want it. You may talk about it with your family.", Link: "/mijn/plaatsing", DedupeKey: key + ":client"}); err != nil {
					return 0, err
				}
			}
		}
		if err := s.notify.NotifyRoleTx(ctx, tx, auth.RoleAanbieder, "organisation", strconv.FormatInt(pl.OrganisationID, 10), notify.Notification{Kind: notify.KindProposal,
			Title: "Voorstel om te beantwoorden", Body: "Het zorgkantoor stelt een persoon voor op " + pl.Name + ". Accepteer of wijs af met een reden.",
			TitleEN: "Proposal to answer", BodyEN: "The care office proposes a person for " + pl.Name + ". Accept, or decline with a reason.",
			Link: "/complexe-zorg/voorstellen", DedupeKey: key + ":provider"}); err != nil {
			return 0, err
		}
	}
	return id, nil
}

// Answer is one party's answer to a proposal.
type Answer struct {
	Accept bool
	Reason DeclineReason // required when declining
	Note   string
	// ForClientReason is why a care office records the client's answer
	// instead of the client or an authorised representative answering
	// (e.g. "de cliënt belde en zei ja"); required from a care office, and
	// written to the audit entry, which names the client's account as on
	// whose behalf.
	ForClientReason string
}

// forClientField is the form field (and API field, on_behalf_reason) of
// Answer.ForClientReason.
const forClientField = "namens_reden"

// forClientMissing is the error when a care office leaves the reason out.
const forClientMissing = "Vul bij ‘Reden om namens de cliënt te antwoorden’ in waarom u het antwoord van de cliënt vastlegt, bijvoorbeeld: de cliënt belde en zei ja."

// Answer records the answer of the principal's party: the provider
// (aanbieder of the place's organisation), the person (client) or a
// representative whose authorisation lets them act for the person (the
// client register's AuthorityFor), or the care office recording the
// person's answer with a reason. A decline ends
// the proposal and applies the reason's consequence; when both the person
// and the provider have accepted, the place is taken, competing proposals
// for a now full place are cancelled and the case moves to geaccepteerd.
func (s *Service) Answer(ctx context.Context, p *auth.Principal, proposalID int64, a Answer) error {
	if !a.Accept {
		if a.Reason == "" {
			return badInput("reden", "Kies een reden voor de afwijzing.")
		}
		if _, err := ParseDeclineReason(string(a.Reason)); err != nil {
			return badInput("reden", err.Error())
		}
	}
	if len(a.Note) > 1000 {
		return badInput("toelichting", "De toelichting mag hoogstens 1000 tekens zijn.")
	}
	a.ForClientReason = strings.TrimSpace(a.ForClientReason)
	if p.Role == auth.RoleZorgkantoor {
		if a.ForClientReason == "" {
			return badInput(forClientField, forClientMissing)
		}
		if len(a.ForClientReason) > 1000 {
			return badInput(forClientField, "De reden om namens de cliënt te antwoorden mag hoogstens 1000 tekens zijn.")
		}
	}
	now := s.now()
	return s.tx(ctx, p, func(tx *sql.Tx) error {
		ps, err := s.store.listProposals(ctx, tx, "pp.id = $1", proposalID)
		if err != nil {
			return err
		}
		if len(ps) == 0 {
			return notFound()
		}
		pr := ps[0]
		c, err := s.store.getCase(ctx, tx, pr.CaseID, s.db.ForUpdate())
		if err != nil {
			return err
		}
		var column string
		ev := caseEvent(audit.ActionUpdate, c)
		switch p.Role {
		case auth.RoleAanbieder:
			if !p.InOrganisation(pr.Organisation) {
				return audit.Deny(ev, notFound())
			}
			column = "provider_answer"
		case auth.RoleClient, auth.RoleNaaste:
			au, err := s.ownReach(ctx, p, c, true)
			if err != nil {
				return err
			}
			column, ev = "client_answer", au.Audit(ev)
		case auth.RoleZorgkantoor:
			if ok, err := s.canSee(ctx, tx, p, c); err != nil || !ok {
				if err != nil {
					return err
				}
				return audit.Deny(ev, notFound())
			}
			// The care office answers for the client: on the client's
			// behalf, with the reason why, in the audit entry.
			au, err := s.authority(ctx, p, c.ClientID)
			if err != nil {
				return err
			}
			column, ev.OnBehalfOf, ev.Reason = "client_answer", au.Account, a.ForClientReason
		default:
			return audit.Deny(ev, notFound())
		}
		if pr.Status != ProposalOpen {
			return conflict("Dit voorstel is niet meer open (" + strings.ToLower(pr.Status.Label()) + ").")
		}
		if (column == "provider_answer" && pr.ProviderAnswer != "") || (column == "client_answer" && pr.ClientAnswer != "") {
			return conflict("Op dit voorstel is namens u al geantwoord.")
		}
		answer := "nee"
		if a.Accept {
			answer = "ja"
		}
		if err := s.store.recordAnswer(ctx, tx, pr.ID, column, answer, a.Note, p.UserID); err != nil {
			return err
		}
		if err := s.audit.RecordTx(ctx, tx, p, ev); err != nil {
			return err
		}
		if !a.Accept {
			return s.declineTx(ctx, tx, p, &c, pr, a.Reason, now)
		}
		other := pr.ClientAnswer
		if column == "client_answer" {
			other = pr.ProviderAnswer
		}
		if other != "ja" {
			return nil
		}
		return s.acceptTx(ctx, tx, p, &c, pr, now)
	})
}

func (s *Service) declineTx(ctx context.Context, tx *sql.Tx, p *auth.Principal, c *Case, pr Proposal, reason DeclineReason, now time.Time) error {
	if err := s.store.declineProposal(ctx, tx, pr.ID, reason, now); err != nil {
		return err
	}
	cons := s.cfg.Consequences.For(reason)
	if c.Phase == Voorstel {
		if err := s.moveTx(ctx, tx, c, cons.Phase, p.UserID, p.DisplayName, "Voorstel afgewezen: "+reason.Label()+". "+cons.Explain, now); err != nil {
			return err
		}
	}
	if cons.Waiting != "" && cons.Waiting != c.Waiting {
		// The status replaced is kept, so an upheld objection can bring it back.
		if err := s.store.replaceWaiting(ctx, tx, c.CaseID, cons.Waiting, c.Waiting); err != nil {
			return err
		}
		c.WaitingBefore, c.Waiting = c.Waiting, cons.Waiting
	}
	if cons.ParkDays > 0 {
		if err := s.store.parkCase(ctx, tx, c.CaseID, now.AddDate(0, 0, cons.ParkDays)); err != nil {
			return err
		}
	}
	if cons.Reassess {
		if err := s.store.awaitReassessment(ctx, tx, c.CaseID, now); err != nil {
			return err
		}
	}
	objectable := ""
	if cons.Objectable {
		objectable = string(reason)
	}
	return s.store.setObjectable(ctx, tx, c.CaseID, objectable, now)
}

// MayObject reports whether the client may object now: to the waiting
// status Wacht op voorkeur, or to the consequence of a decline whose reason
// is configured as objectable; not while an objection is pending.
func (c Case) MayObject() bool {
	return c.Phase.Open() && c.Objection == "" && (c.Waiting == WachtOpVoorkeur || c.ObjectableReason != "")
}

func (s *Service) acceptTx(ctx context.Context, tx *sql.Tx, p *auth.Principal, c *Case, pr Proposal, now time.Time) error {
	pl, err := s.store.getPlace(ctx, tx, pr.PlaceID, s.db.ForUpdate())
	if err != nil {
		return err
	}
	if pl.Occupied >= pl.Capacity {
		return conflict("De plek is inmiddels vol; dit voorstel kan niet meer worden geaccepteerd.")
	}
	if err := s.store.addOccupant(ctx, tx, pl.ID); err != nil {
		return err
	}
	// The proposal is accepted, the person's holds have done their work
	// and other proposals to the same person are void.
	if err := s.store.acceptProposal(ctx, tx, pr.ID, c.CaseID, now); err != nil {
		return err
	}
	if pl.Occupied+1 >= pl.Capacity {
		if err := s.cancelCompetingTx(ctx, tx, p, pl, pr.ID, now); err != nil {
			return err
		}
	}
	return s.moveTx(ctx, tx, c, Geaccepteerd, p.UserID, p.DisplayName, "Voorstel geaccepteerd door cliënt en aanbieder: "+pl.Name, now)
}

// cancelCompetingTx cancels the other proposals for a place that is now
// full, and returns their cases from voorstel to bemiddeling.
func (s *Service) cancelCompetingTx(ctx context.Context, tx *sql.Tx, p *auth.Principal, pl Place, keep int64, now time.Time) error {
	others, err := s.store.listProposals(ctx, tx, "pp.place_id = $1 AND pp.id <> $2 AND pp.status IN ('open', 'concept')", pl.ID, keep)
	if err != nil {
		return err
	}
	for _, o := range others {
		if err := s.store.voidProposal(ctx, tx, o.ID, "De plek is door een ander geaccepteerd", now); err != nil {
			return err
		}
		if o.Status != ProposalOpen {
			continue
		}
		oc, err := s.store.getCase(ctx, tx, o.CaseID, s.db.ForUpdate())
		if err != nil {
			return err
		}
		if oc.Phase == Voorstel {
			if err := s.moveTx(ctx, tx, &oc, Bemiddeling, p.UserID, p.DisplayName, "Voorstel vervallen: de plek is door een ander geaccepteerd", now); err != nil {
				return err
			}
		}
		// The other person's case changed: that is a write on their data.
		if err := s.audit.RecordTx(ctx, tx, p, caseEvent(audit.ActionUpdate, oc)); err != nil {
			return err
		}
		if s.notify != nil {
			if err := s.notify.NotifyRoleTx(ctx, tx, auth.RoleZorgkantoor, "region", oc.Region, notify.Notification{Kind: "placement_cancelled",
				Title: "Voorstel vervallen", Body: "Een voorstel is vervallen omdat de plek door een ander is geaccepteerd. Zoek verder.",
				TitleEN: "Proposal lapsed", BodyEN: "A proposal has lapsed because someone else accepted the place. Search on.",
				Link: "/complexe-zorg/personen/" + strconv.FormatInt(oc.CaseID, 10), DedupeKey: "placement:cancelled:" + strconv.FormatInt(o.ID, 10)}); err != nil {
				return err
			}
		}
	}
	return nil
}

// Proposals lists proposals in the principal's scope; status "" = all.
func (s *Service) Proposals(ctx context.Context, p *auth.Principal, status ProposalStatus) ([]Proposal, error) {
	var args []any
	var where string
	var by map[int64]clients.Authority
	switch p.Role {
	case auth.RoleZorgkantoor:
		if len(p.Scope.Regions) == 0 {
			return nil, nil
		}
		where = "pc.region IN (" + inArgs(p.Scope.Regions, &args) + ")"
	case auth.RoleAanbieder:
		if len(p.Scope.Organisations) == 0 {
			return nil, nil
		}
		where = "pl.organisation_id IN (" + inArgs(p.Scope.Organisations, &args) + ") AND pp.status <> 'concept'"
	case auth.RoleClient, auth.RoleNaaste:
		f, reach, _, err := s.scopeFilter(ctx, p)
		if err != nil {
			return nil, audit.RecordDenial(ctx, s.audit, p, err)
		}
		by = reach
		if len(f.ClientIDs) == 0 {
			return nil, nil
		}
		where = "pc.client_id IN (" + inArgs(f.ClientIDs, &args) + ") AND pp.status <> 'concept'"
	default:
		return nil, nil
	}
	if status != "" {
		args = append(args, string(status))
		where += fmt.Sprintf(" AND pp.status = $%d", len(args))
	} else {
		where += " AND pp.status <> 'concept'"
	}
	ps, err := s.store.listProposals(ctx, s.db, where, args...)
	if err != nil {
		return nil, err
	}
	evs := make([]audit.Event, 0, len(ps))
	for _, pr := range ps {
		evs = append(evs, by[pr.ClientID].Audit(audit.Event{Action: audit.ActionSearch, ClientID: pr.ClientID, Object: "placement_proposal", ObjectID: strconv.FormatInt(pr.ID, 10), Purpose: audit.PurposeMediation}))
	}
	return ps, s.recordAll(ctx, p, evs)
}

// ProposalContext gives, for proposals the principal already reached
// (Proposals), what an answerer needs to decide: each proposal's
// condition and contact at the care office, and each person's case
// (care profile, meerzorg, Wzd status, needs, wishes, dossierhouder).
// Showing a case is a read of the person's data and is audited.
func (s *Service) ProposalContext(ctx context.Context, p *auth.Principal, ps []Proposal) (map[int64]ProposalDetail, map[int64]Case, error) {
	ids := make([]int64, 0, len(ps))
	var clientIDs []int64
	for _, pr := range ps {
		ids = append(ids, pr.ID)
		if pr.Status == ProposalOpen && !slices.Contains(clientIDs, pr.ClientID) {
			clientIDs = append(clientIDs, pr.ClientID)
		}
	}
	details, err := s.store.proposalDetails(ctx, ids)
	if err != nil {
		return nil, nil, err
	}
	cases := map[int64]Case{}
	if len(clientIDs) == 0 {
		return details, cases, nil
	}
	cs, err := s.store.listCases(ctx, s.db, CaseFilter{ClientIDs: clientIDs})
	if err != nil {
		return nil, nil, err
	}
	wanted := map[int64]bool{}
	for _, pr := range ps {
		if pr.Status == ProposalOpen {
			wanted[pr.CaseID] = true
		}
	}
	var evs []audit.Event
	for _, c := range cs {
		if wanted[c.CaseID] {
			cases[c.CaseID] = c
			evs = append(evs, caseEvent(audit.ActionRead, c))
		}
	}
	return details, cases, s.recordAll(ctx, p, evs)
}

// StartRun starts a batch proposal run for a region ("" = the whole
// country). With async it returns at once and the run continues in the
// background, writing its progress to the run's row, which the status page
// shows; without, it returns when the run is done.
func (s *Service) StartRun(ctx context.Context, p *auth.Principal, region string, async bool) (int64, error) {
	if region != "" && !p.InRegion(region) {
		return 0, badInput("regio", "Kies uw eigen regio of het hele land.")
	}
	select {
	case s.runs <- struct{}{}:
	default:
		return 0, conflict("Er loopt al een batchvoorstel op deze server; wacht tot het klaar is.")
	}
	var id int64
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		id, err = s.store.insertRun(ctx, tx, region, p.UserID, s.now())
		return err
	})
	if err != nil {
		<-s.runs
		return 0, err
	}
	work := func(ctx context.Context) {
		defer func() { <-s.runs }()
		if err := s.runBatch(ctx, id, region); err != nil {
			s.logger.Error("placement batch failed", "run", id, "err", err)
			if uerr := s.store.failRun(context.WithoutCancel(ctx), id, err.Error(), s.now()); uerr != nil {
				// The run then still shows as running; the log says why.
				s.logger.Error("placement batch: cannot mark the run failed", "run", id, "err", uerr)
			}
		}
	}
	if async {
		go work(context.WithoutCancel(ctx))
		return id, nil
	}
	work(ctx)
	return id, nil
}

// batchInput loads the people and places of a run: open cases that are
// searching (Urgent or Actief plaatsen), in beeld or in bemiddeling, not
// parked, not waiting for a reassessment and without an open proposal;
// places with free room.
func (s *Service) batchInput(ctx context.Context, region string) ([]Person, []Place, error) {
	f := CaseFilter{OpenOnly: true}
	pf := PlaceFilter{}
	if region != "" {
		f.Regions = []string{region}
		pf.Regions = []string{region}
	}
	cs, err := s.store.listCases(ctx, s.db, f)
	if err != nil {
		return nil, nil, err
	}
	busy, err := s.store.casesWithOpenProposal(ctx)
	if err != nil {
		return nil, nil, err
	}
	now := s.now()
	var people []Person
	for _, c := range cs {
		if (c.Phase != InBeeld && c.Phase != Bemiddeling) || !c.Waiting.Searching() || busy[c.CaseID] || c.ParkedUntil.After(now) || !c.ReassessSince.IsZero() {
			continue
		}
		people = append(people, c.Person)
	}
	// The active holds of the run's people: each held plaats may go to its
	// holder only, so the place stays in the run even when it has no
	// other room.
	inRun := map[int64]int{}
	for i, p := range people {
		inRun[p.CaseID] = i
	}
	heldFor := map[int64]bool{}
	hs, err := s.store.listHolds(ctx, s.db, "h.released_at IS NULL")
	if err != nil {
		return nil, nil, err
	}
	for _, h := range hs {
		if i, ok := inRun[h.CaseID]; ok {
			people[i].HeldPlaces = append(people[i].HeldPlaces, h.PlaceID)
			heldFor[h.PlaceID] = true
		}
	}
	all, err := s.store.listPlaces(ctx, s.db, pf)
	if err != nil {
		return nil, nil, err
	}
	var places []Place
	for _, pl := range all {
		if pl.Free() > 0 || heldFor[pl.ID] {
			places = append(places, pl)
		}
	}
	return people, places, nil
}

func (s *Service) runBatch(ctx context.Context, id int64, region string) error {
	people, places, err := s.batchInput(ctx, region)
	if err != nil {
		return err
	}
	last := time.Time{}
	progress := func(step string) {
		if time.Since(last) < 500*time.Millisecond {
			return
		}
		last = time.Now()
		// Progress is a hint for the waiting page; the run's outcome is
		// written (and its errors returned) after SolveBatch, so a failed
		// hint is logged, not returned.
		if err := s.store.runProgress(ctx, id, step, len(people), len(places)); err != nil {
			s.logger.Warn("placement batch: progress not written", "run", id, "err", err)
		}
	}
	progress("gegevens geladen")
	now := s.now()
	res, err := SolveBatch(people, places, now, progress)
	if err != nil {
		return err
	}
	if err := s.store.runProgress(ctx, id, "voorstellen opslaan", len(people), len(places)); err != nil {
		s.logger.Warn("placement batch: progress not written", "run", id, "err", err)
	}
	// The run in words, for its page: who gets which place and why, who
	// gets none, why not and what would change that.
	told := make([]RunPerson, 0, len(people))
	for _, a := range res.Assignments {
		p, pl := people[a.Person], places[a.Place]
		r := PlacedReason(p, pl, now)
		told = append(told, RunPerson{CaseID: p.CaseID, Region: p.Region, PlaceID: pl.ID, Why: r.WhyIn(web.LangNL), Reason: r, HasReason: true})
	}
	for _, u := range res.Unplaced {
		p := people[u.Person]
		r := UnplacedReason(p, u.Fitting, places, now)
		told = append(told, RunPerson{CaseID: p.CaseID, Region: p.Region, Why: r.WhyIn(web.LangNL), Help: r.HelpIn(web.LangNL), Reason: r, HasReason: true})
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		for _, a := range res.Assignments {
			if _, err := s.store.insertProposal(ctx, tx, people[a.Person].CaseID, places[a.Place].ID, id, ProposalConcept, a.Terms, 0, now); err != nil {
				return err
			}
		}
		if err := s.store.insertRunPeopleTx(ctx, tx, id, told); err != nil {
			return err
		}
		return s.store.finishRun(ctx, tx, id, len(people), len(places), len(res.Assignments), res.Total, s.now())
	})
}

// RunView is a run with its concept proposals in the principal's scope.
type RunView struct {
	Run
	Proposals []Proposal
	Hidden    int // concepts outside the principal's regions
	// Placed and Unplaced tell the run in words, for the principal's
	// regions: who gets which place and why; who gets none, why not and
	// what would change that.
	Placed, Unplaced []RunPerson
}

// RunDetail returns a run and its proposals.
func (s *Service) RunDetail(ctx context.Context, p *auth.Principal, id int64) (RunView, error) {
	r, err := s.store.getRun(ctx, s.db, id)
	if err != nil {
		return RunView{}, asWeb(err)
	}
	if r.Region != "" && !p.InRegion(r.Region) {
		return RunView{}, notFound()
	}
	v := RunView{Run: r}
	ps, err := s.store.listProposals(ctx, s.db, "pp.run_id = $1", id)
	if err != nil {
		return v, err
	}
	var evs []audit.Event
	for _, pr := range ps {
		if !p.InRegion(pr.Region) {
			v.Hidden++
			continue
		}
		evs = append(evs, audit.Event{Action: audit.ActionRead, ClientID: pr.ClientID, Object: "placement_proposal", ObjectID: strconv.FormatInt(pr.ID, 10), Purpose: audit.PurposeMediation})
		v.Proposals = append(v.Proposals, pr)
	}
	if err := s.recordAll(ctx, p, evs); err != nil {
		return v, err
	}
	slices.SortFunc(v.Proposals, func(a, b Proposal) int { return int(a.Terms.Cost - b.Terms.Cost) })
	told, err := s.store.runPeople(ctx, id, p.Scope.Regions)
	if err != nil {
		return v, err
	}
	// The placed people's reads are the proposals' above; the others'
	// are reads of their cases.
	var unplacedEvs []audit.Event
	for _, rp := range told {
		if rp.PlaceID > 0 {
			v.Placed = append(v.Placed, rp)
		} else {
			v.Unplaced = append(v.Unplaced, rp)
			unplacedEvs = append(unplacedEvs, audit.Event{Action: audit.ActionRead, ClientID: rp.ClientID, Object: "placement_case", ObjectID: strconv.FormatInt(rp.CaseID, 10), Purpose: audit.PurposeMediation})
		}
	}
	if err := s.recordAll(ctx, p, unplacedEvs); err != nil {
		return v, err
	}
	return v, nil
}

// Runs lists recent runs visible to the principal.
func (s *Service) Runs(ctx context.Context, p *auth.Principal) ([]Run, error) {
	return s.store.listRuns(ctx, s.db, p.Scope.Regions)
}

// SendRun turns a finished run's concept proposals in the principal's
// regions into open proposals; concepts whose case or place changed since
// the run are skipped. It returns how many were sent.
func (s *Service) SendRun(ctx context.Context, p *auth.Principal, id int64) (int, error) {
	v, err := s.RunDetail(ctx, p, id)
	if err != nil {
		return 0, err
	}
	if v.Status != "klaar" {
		return 0, conflict("Alleen een afgerond batchvoorstel kan worden verstuurd.")
	}
	now := s.now()
	sent := 0
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		for _, pr := range v.Proposals {
			if pr.Status != ProposalConcept {
				continue
			}
			c, err := s.store.getCase(ctx, tx, pr.CaseID, s.db.ForUpdate())
			if err != nil {
				return err
			}
			pl, err := s.store.getPlace(ctx, tx, pr.PlaceID, s.db.ForUpdate())
			if err != nil {
				return err
			}
			if err := discountOwnHolds(ctx, s.store, tx, &pl, c.CaseID); err != nil {
				return err
			}
			if (c.Phase != InBeeld && c.Phase != Bemiddeling) || !c.ReassessSince.IsZero() || !Explain(c.Person, pl, now).Pass {
				if err := s.store.voidProposal(ctx, tx, pr.ID, "Situatie veranderd sinds de batch", time.Time{}); err != nil {
					return err
				}
				continue
			}
			if _, err := s.openProposalTx(ctx, tx, p, &c, pl, id, pr.Terms, now); err != nil {
				if e := web.AsError(err); e.Code == web.CodeConflict {
					continue
				}
				return err
			}
			sent++
		}
		return s.store.markRunSent(ctx, tx, id)
	})
	return sent, err
}

// UpdateWishes stores the wishes of the client or family in their own words.
func (s *Service) UpdateWishes(ctx context.Context, p *auth.Principal, caseID int64, text string) error {
	// An empty text is refused rather than "saved": a client who pressed
	// Bewaren on an empty field would otherwise be told her wishes were
	// passed on while nothing was (and earlier wishes would be wiped).
	text = strings.TrimSpace(text)
	if errs := wishesErrors(text); len(errs) > 0 {
		return web.Invalid(errs...)
	}
	column := "wishes_client"
	if p.Role == auth.RoleNaaste {
		column = "wishes_family"
	}
	return s.tx(ctx, p, func(tx *sql.Tx) error {
		c, err := s.store.getCase(ctx, tx, caseID, s.db.ForUpdate())
		if err != nil {
			return asWeb(err)
		}
		a, err := s.ownReach(ctx, p, c, true)
		if err != nil {
			return err
		}
		if err := s.store.setWishes(ctx, tx, caseID, column, text, s.now()); err != nil {
			return err
		}
		return s.audit.RecordTx(ctx, tx, p, a.Audit(caseEvent(audit.ActionUpdate, c)))
	})
}

// Object records the client's objection to the waiting status "Wacht op
// voorkeur" or to an objectable decline consequence (see MayObject); it
// puts the case on the regional table's agenda.
func (s *Service) Object(ctx context.Context, p *auth.Principal, caseID int64, text string) error {
	text = strings.TrimSpace(text)
	if errs := objectionErrors(text); len(errs) > 0 {
		return web.Invalid(errs...)
	}
	return s.tx(ctx, p, func(tx *sql.Tx) error {
		c, err := s.store.getCase(ctx, tx, caseID, s.db.ForUpdate())
		if err != nil {
			return asWeb(err)
		}
		a, err := s.ownReach(ctx, p, c, true)
		if err != nil {
			return err
		}
		if c.Objection != "" {
			return conflict("Er ligt al een bezwaar; de regionale tafel bespreekt het.")
		}
		if !c.MayObject() {
			return conflict("Bezwaar kan alleen tegen de wachtstatus Wacht op voorkeur of tegen het gevolg van een afgewezen voorstel.")
		}
		now := s.now()
		if err := s.store.setObjection(ctx, tx, caseID, text, now); err != nil {
			return err
		}
		if s.notify != nil {
			if err := s.notify.NotifyRoleTx(ctx, tx, auth.RoleZorgkantoor, "region", c.Region, notify.Notification{Kind: "placement_objection",
				Title: "Bezwaar van een cliënt", Body: "Een cliënt maakt bezwaar tegen de wachtstatus of het gevolg van een afwijzing. De casus staat op de agenda.",
				TitleEN: "Objection from a client", BodyEN: "A client objects to the waiting status or to the consequence of a refusal. The case is on the agenda.",
				Link: "/complexe-zorg/personen/" + strconv.FormatInt(caseID, 10), DedupeKey: "placement:objection:" + strconv.FormatInt(caseID, 10) + ":" + now.Format("20060102150405")}); err != nil {
				return err
			}
		}
		return s.audit.RecordTx(ctx, tx, p, a.Audit(caseEvent(audit.ActionUpdate, c)))
	})
}
