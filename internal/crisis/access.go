package crisis

import (
	"context"
	"errors"
	"strconv"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/web"
)

// View is why a reader may see a case: by their crisis role, as the
// reporter, in the normal scope of the client's record, or through the
// client register's emergency access (noodknop), which the audit entries
// then carry.
type View struct {
	Case      Case
	Emergency bool
	Reason    string
	// Director: the crisisregisseur of the region (may decide).
	Director bool
	// Team: a member of the assigned C.O.T. (records support).
	Team bool
}

// event makes the audit event of reading or changing the case.
func (v View) event(action audit.Action, object string, id int64) audit.Event {
	ev := caseEvent(action, v.Case, object, id)
	if v.Emergency {
		ev.Emergency, ev.Reason, ev.Purpose = true, v.Reason, audit.PurposeEmergency
	}
	return ev
}

// ErrOutsideScope is the refusal of a case outside the reader's scope; the
// page links to the client record where emergency access can be used.
type ErrOutsideScope struct{ ClientID int64 }

// Error says what was refused, for logs.
func (e *ErrOutsideScope) Error() string { return "crisis case outside the reader's scope" }

// Web is the refusal as a shared error.
func (e *ErrOutsideScope) Web() *web.Error {
	return web.Forbidden("Deze crisis valt buiten uw regio of team. Alleen via noodtoegang op het cliëntdossier (/clienten/"+strconv.FormatInt(e.ClientID, 10)+") kunt u deze openen.",
		"This crisis is outside your region or team. Open it only through emergency access on the client record.")
}

// clientAccess decides whether p reaches the client's record: in the
// policy's normal scope, or with an emergency access still running.
func (s *Service) clientAccess(ctx context.Context, p *auth.Principal, ref auth.ClientRef) (ok bool, emergency *clients.EmergencyAccess, err error) {
	if s.policy.CanSeeClient(p, ref) {
		return true, nil, nil
	}
	if !s.policy.MayUseEmergencyAccess(p) {
		return false, nil, nil
	}
	grants, err := s.reg.EmergencyAccesses(ctx, ref.ID)
	if err != nil {
		return false, nil, err
	}
	now := s.now()
	for i := len(grants) - 1; i >= 0; i-- {
		g := grants[i]
		if g.UserID == p.UserID && g.ExpiresAt.After(now) && !g.GrantedAt.After(now) {
			return true, &g, nil
		}
	}
	return false, nil, nil
}

// Open reads a case for p and records the read in the audit log; a
// refusal is recorded as denied.
func (s *Service) Open(ctx context.Context, p *auth.Principal, caseID int64) (View, error) {
	c, err := s.Case(ctx, caseID)
	if err != nil {
		return View{}, err
	}
	v, err := s.view(ctx, p, c)
	if err != nil {
		var out *ErrOutsideScope
		if errors.As(err, &out) {
			if err := s.aud.Record(ctx, p, audit.Event{Action: audit.ActionRead, Outcome: audit.OutcomeDenied, ClientID: c.ClientID, Object: "crisis_case", ObjectID: strconv.FormatInt(c.ID, 10), Purpose: audit.PurposeCrisis}); err != nil {
				s.logger.ErrorContext(ctx, "audit of a refused request failed", "err", err)
			}
		}
		return View{}, err
	}
	if err := s.aud.Record(ctx, p, v.event(audit.ActionRead, "crisis_case", c.ID)); err != nil {
		return View{}, err
	}
	return v, nil
}

func (s *Service) view(ctx context.Context, p *auth.Principal, c Case) (View, error) {
	v := View{Case: c}
	if p == nil {
		return v, &ErrOutsideScope{ClientID: c.ClientID}
	}
	switch {
	case p.Role == auth.RoleCrisisregisseur && (p.InRegion(c.Region) || (c.EscalatedTo != "" && p.InRegion(c.EscalatedTo))):
		v.Director = p.InRegion(c.Region)
		return v, nil
	case p.Role == auth.RoleCOT && c.TeamID != 0 && p.InTeam(c.TeamID):
		v.Team = true
		return v, nil
	case p.UserID == c.ReporterID && p.Role.Professional():
		return v, nil
	}
	if p.Role == auth.RoleClient || p.Role == auth.RoleNaaste || !p.Role.SeesHealthData() {
		return v, &ErrOutsideScope{ClientID: c.ClientID}
	}
	ref, err := s.reg.Ref(ctx, c.ClientID)
	if err != nil {
		return v, err
	}
	ok, grant, err := s.clientAccess(ctx, p, ref)
	if err != nil {
		return v, err
	}
	if !ok {
		return v, &ErrOutsideScope{ClientID: c.ClientID}
	}
	if grant != nil {
		v.Emergency, v.Reason = true, grant.Reason
	}
	return v, nil
}

// recordList audits the reading of the cases a list shows (one entry per
// client shown, since a list shows names and urgency).
func (s *Service) recordList(ctx context.Context, p *auth.Principal, cs []Case) error {
	return s.recordOwn(ctx, p, cs, nil)
}

// recordOwn is recordList for a client or representative reading their own
// crises: for the purpose of their own access, and a representative's on
// the client's behalf (by holds what the register decided per client).
func (s *Service) recordOwn(ctx context.Context, p *auth.Principal, cs []Case, by map[int64]clients.Authority) error {
	evs := make([]audit.Event, 0, len(cs))
	for _, c := range cs {
		ev := by[c.ClientID].Audit(caseEvent(audit.ActionRead, c, "crisis_case", c.ID))
		if p.Role == auth.RoleClient || p.Role == auth.RoleNaaste {
			ev.Purpose = audit.PurposeClientAccess
		}
		evs = append(evs, ev)
	}
	return audit.RecordAll(ctx, s.aud, p, evs)
}
