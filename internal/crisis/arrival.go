package crisis

import (
	"context"
	"database/sql"
	"strconv"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/notify"
	"github.com/volwaardig/volwaardig/internal/orgs"
	"github.com/volwaardig/volwaardig/internal/web"
)

// Acknowledge records that the assigned C.O.T. has taken up the case, so
// the reporter and the region's crisisregisseurs know the support is
// picked up, and when. Only a member of the assigned team may, once.
func (s *Service) Acknowledge(ctx context.Context, p *auth.Principal, caseID int64) error {
	return s.tx(ctx, p, func(tx *sql.Tx) error {
		c, err := s.getCase(ctx, tx, caseID, true)
		if err != nil {
			return err
		}
		if p == nil || p.Role != auth.RoleCOT || c.TeamID == 0 || !p.InTeam(c.TeamID) {
			return audit.Deny(caseEvent(audit.ActionUpdate, c, "crisis_acknowledgement", c.ID),
				web.Forbidden("Alleen het toegewezen C.O.T. kan de toewijzing bevestigen.", "Only the assigned team can acknowledge the assignment."))
		}
		if c.Status != StatusCOT {
			return web.Conflict("Deze crisis loopt niet (meer) als C.O.T.-ondersteuning ("+c.Status.Label()+").", "This crisis is not under team support.")
		}
		res, err := s.store.acknowledge(ctx, tx, s.now(), p.UserID, c.ID)
		if err != nil {
			return err
		}
		affected, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if affected == 0 {
			return web.Conflict("Uw team heeft deze toewijzing al bevestigd.", "Your team already acknowledged this assignment.")
		}
		if err := s.aud.RecordTx(ctx, tx, p, caseEvent(audit.ActionUpdate, c, "crisis_acknowledgement", c.ID)); err != nil {
			return err
		}
		link := "/crisis/" + strconv.FormatInt(c.ID, 10)
		n := notify.Notification{Kind: "crisis_acknowledged", InAppOnly: true, Link: link,
			Title:     "Het C.O.T. heeft de crisis opgepakt in regio " + orgs.RegionLabel(c.Region),
			Body:      "Bevestigd door " + p.DisplayName + " op " + s.now().In(web.Amsterdam()).Format("02-01-2006 15:04") + ".",
			TitleEN:   "The C.O.T. has taken up the crisis in region " + orgs.RegionLabel(c.Region),
			BodyEN:    "Confirmed by " + p.DisplayName + " on " + s.now().In(web.Amsterdam()).Format("02-01-2006 15:04") + ".",
			DedupeKey: "crisis:acknowledged:" + strconv.FormatInt(c.ID, 10), UserIDs: []int64{c.ReporterID}}
		return s.notes.NotifyRoleTx(ctx, tx, auth.RoleCrisisregisseur, "region", c.Region, n)
	})
}

// mayReceive allows the provider that owns the case's bed: its staff
// receive the person and so see who is coming.
func (s *Service) mayReceive(ctx context.Context, q db.Querier, p *auth.Principal, c Case) (Bed, error) {
	deny := audit.Deny(caseEvent(audit.ActionUpdate, c, "crisis_admission", c.ID),
		web.Forbidden("Alleen de aanbieder van het gereserveerde crisisbed kan de opname bevestigen of het verblijf beëindigen.", "Only the provider of the reserved crisis bed can confirm the admission or end the stay."))
	if p == nil || p.Role != auth.RoleAanbieder || c.BedID == 0 {
		return Bed{}, deny
	}
	b, err := s.bed(ctx, q, c.BedID)
	if err != nil {
		return Bed{}, err
	}
	if !p.InOrganisation(b.OrganisationID) {
		return Bed{}, deny
	}
	return b, nil
}

// ConfirmAdmission is the bed's provider saying the person has arrived:
// the admission clock stops. Audited; the reporter and the region's
// crisisregisseurs are told.
func (s *Service) ConfirmAdmission(ctx context.Context, p *auth.Principal, caseID int64) error {
	return s.tx(ctx, p, func(tx *sql.Tx) error {
		c, err := s.getCase(ctx, tx, caseID, true)
		if err != nil {
			return err
		}
		if _, err := s.mayReceive(ctx, tx, p, c); err != nil {
			return err
		}
		if c.Status != StatusAdmission {
			return web.Conflict("Er loopt voor deze crisis geen crisisopname ("+c.Status.Label()+").", "There is no crisis admission running for this crisis.")
		}
		now := s.now()
		res, err := s.store.admit(ctx, tx, now, p.UserID, c.ID)
		if err != nil {
			return err
		}
		affected, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if affected == 0 {
			return web.Conflict("De opname is al bevestigd.", "The admission was already confirmed.")
		}
		if err := s.aud.RecordTx(ctx, tx, p, caseEvent(audit.ActionUpdate, c, "crisis_admission", c.ID)); err != nil {
			return err
		}
		return s.notes.NotifyRoleTx(ctx, tx, auth.RoleCrisisregisseur, "region", c.Region, notify.Notification{Kind: "crisis_admitted", InAppOnly: true,
			Link: "/crisis/" + strconv.FormatInt(c.ID, 10), UserIDs: []int64{c.ReporterID},
			Title:     "De cliënt is opgenomen in het crisisbed (regio " + orgs.RegionLabel(c.Region) + ")",
			Body:      "Opname bevestigd op " + now.In(web.Amsterdam()).Format("02-01-2006 15:04") + ".",
			TitleEN:   "The client has been admitted to the crisis bed (region " + orgs.RegionLabel(c.Region) + ")",
			BodyEN:    "Admission confirmed on " + now.In(web.Amsterdam()).Format("02-01-2006 15:04") + ".",
			DedupeKey: "crisis:admitted:" + strconv.FormatInt(c.ID, 10)})
	})
}

// EndStay is the bed's provider ending the crisis stay once the person has
// left: the case closes and the bed is free again.
func (s *Service) EndStay(ctx context.Context, p *auth.Principal, caseID int64) error {
	return s.tx(ctx, p, func(tx *sql.Tx) error {
		c, err := s.getCase(ctx, tx, caseID, true)
		if err != nil {
			return err
		}
		if _, err := s.mayReceive(ctx, tx, p, c); err != nil {
			return err
		}
		if c.Status != StatusAdmission || c.AdmittedAt.IsZero() {
			return web.Conflict("Het verblijf kan pas worden beëindigd na een bevestigde opname.", "The stay can only end after a confirmed admission.")
		}
		if err := s.close(ctx, tx, p, c, StatusClosed, "Crisisverblijf beëindigd door de aanbieder; het bed is weer vrij", c.HandoverRef, c.HandoverReason); err != nil {
			return err
		}
		return s.notes.NotifyRoleTx(ctx, tx, auth.RoleCrisisregisseur, "region", c.Region, notify.Notification{Kind: "crisis_stay_ended", InAppOnly: true,
			Link: "/crisis/" + strconv.FormatInt(c.ID, 10), UserIDs: []int64{c.ReporterID},
			Title:     "Crisisverblijf beëindigd in regio " + orgs.RegionLabel(c.Region),
			TitleEN:   "Crisis stay ended in region " + orgs.RegionLabel(c.Region),
			DedupeKey: "crisis:stay-ended:" + strconv.FormatInt(c.ID, 10)})
	})
}

// Arrival is a crisis admission as the receiving provider sees it: who is
// coming (the provider receives the person, so sees the name), to which
// bed, since when it is reserved, by when the norm wants the admission,
// and who reported and decided, with their phone numbers.
type Arrival struct {
	Case
	Bed          Bed
	DirectorName string
	Clock        ClockView
}

// Arrivals lists the running crisis admissions in the beds of the
// provider's organisations, those still to arrive first. Each listed case
// is a read of the client's data and is audited.
func (s *Service) Arrivals(ctx context.Context, p *auth.Principal, lang string) ([]Arrival, error) {
	if p == nil || p.Role != auth.RoleAanbieder || len(p.Scope.Organisations) == 0 {
		return nil, nil
	}
	cs, err := s.named(ctx, func() ([]Case, error) { return s.store.admissionsIn(ctx, p.Scope.Organisations) })
	if err != nil {
		return nil, err
	}
	directors := make([]int64, len(cs))
	for i, c := range cs {
		directors[i] = c.DecidedBy
	}
	names, err := s.users.DisplayNames(ctx, directors)
	if err != nil {
		return nil, err
	}
	now := s.now()
	out := make([]Arrival, 0, len(cs))
	for _, c := range cs {
		b, err := s.Bed(ctx, c.BedID)
		if err != nil {
			return nil, err
		}
		out = append(out, Arrival{Case: c, Bed: b, DirectorName: names[c.DecidedBy], Clock: clockView(c, now, lang)})
	}
	// Still to arrive first, then by when the bed was reserved.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].AdmittedAt.IsZero() && !out[j-1].AdmittedAt.IsZero(); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	if err := s.recordList(ctx, p, cs); err != nil {
		return nil, err
	}
	return out, nil
}
