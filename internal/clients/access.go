package clients

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/web"
)

// access is the outcome of opening a client record: why the reader may see
// it, and what the audit entries of this request carry.
type access struct {
	p         *auth.Principal
	ref       auth.ClientRef
	emergency bool
	until     time.Time // end of emergency access
	reason    string    // reason given for emergency access
	showBSN   bool
	purpose   string
	onBehalf  int64 // the client's own account when a representative acts
	rep       *Representative
}

// errNoScope is returned by open when the record exists but is outside the
// reader's scope; the record page then offers emergency access.
var errNoScope = web.Forbidden("U heeft geen toegang tot dit cliëntdossier.", "You have no access to this client record.")

func notFound() error {
	return web.NotFound("Deze cliënt staat niet in het register.", "This client is not in the register.")
}

// purposeOf gives the audit purpose of a role's normal access.
func purposeOf(r auth.Role) string {
	switch r {
	case auth.RoleZorgkantoor:
		return audit.PurposeMediation
	case auth.RoleCrisisregisseur, auth.RoleCOT:
		return audit.PurposeCrisis
	case auth.RoleOndersteuner:
		return audit.PurposeSupport
	case auth.RoleClient, auth.RoleNaaste:
		return audit.PurposeClientAccess
	}
	return audit.PurposeCare
}

// open decides whether p may read client id: in scope by the policy, or
// through an emergency access still running. A refusal of an existing
// record is audited as denied.
func (s *Service) open(ctx context.Context, p *auth.Principal, id int64, allowEmergency bool) (*access, error) {
	ref, err := s.Ref(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return nil, notFound()
	}
	if err != nil {
		return nil, err
	}
	a := &access{p: p, ref: ref, purpose: purposeOf(p.Role)}
	if s.policy.CanSeeClient(p, ref) {
		a.showBSN = s.policy.CanSeeBSN(p, ref)
		if p.Role == auth.RoleNaaste {
			rep, ok, err := s.representation(ctx, id, p.UserID)
			if err != nil {
				return nil, err
			}
			if ok {
				a.rep = &rep
			}
			if a.onBehalf, err = s.accountOf(ctx, id); err != nil {
				return nil, err
			}
		}
		return a, nil
	}
	if allowEmergency && s.policy.MayUseEmergencyAccess(p) {
		until, reason, err := s.emergencyUntil(ctx, id, p.UserID)
		if err != nil {
			return nil, err
		}
		if !until.IsZero() {
			// Emergency access opens the record, not the BSN: the reason
			// justifies acute care, which name and birth date identify.
			a.emergency, a.until, a.reason, a.purpose = true, until, reason, audit.PurposeEmergency
			return a, nil
		}
	}
	if err := s.audit(ctx, p, audit.Event{Action: audit.ActionRead, Outcome: audit.OutcomeDenied, ClientID: id, Object: "client", ObjectID: strconv.FormatInt(id, 10), Purpose: purposeOf(p.Role)}); err != nil {
		return nil, err
	}
	return nil, errNoScope
}

// event fills the audit fields that follow from the access.
func (a *access) event(action audit.Action, object string, objectID int64) audit.Event {
	ev := audit.Event{Action: action, ClientID: a.ref.ID, Object: object, Purpose: a.purpose, OnBehalfOf: a.onBehalf}
	if objectID != 0 {
		ev.ObjectID = strconv.FormatInt(objectID, 10)
	}
	if a.emergency {
		ev.Emergency, ev.Reason = true, a.reason
	}
	return ev
}

// audit records an event; without an audit log configured (store-only
// use) nothing personal is served, so that is an error.
func (s *Service) audit(ctx context.Context, p *auth.Principal, ev audit.Event) error {
	if s.aud == nil {
		return errors.New("clients: no audit log configured")
	}
	return s.aud.Record(ctx, p, ev)
}
