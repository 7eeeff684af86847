package clients

import (
	"context"
	"errors"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
)

// Authority is what one principal may do with one client's data. It is
// decided in one place, AuthorityFor, so that every module that reads or
// acts on a client's behalf (placement, crisis, sleep, the access log)
// follows the same recorded authorisation and consent instead of a rule of
// its own: a representative without "mag handelen" once accepted a
// placement offer because a module only asked whether they represent the
// client.
type Authority struct {
	ClientID int64
	// Read: the principal may read the client's data of the subject asked.
	Read bool
	// Act: the principal may act on the record: for a professional, the
	// record is in their scope (what their role may do is the route's
	// rule); for a representative, the authorisation says "mag handelen",
	// so they may answer, state wishes or object for the client.
	Act bool
	// Representative: the principal reaches the client as a representative
	// (role naaste): every read and act is on the client's behalf.
	Representative bool
	// Account is the user id of the client's own account, 0 when the
	// client has none: the audit log's on_behalf_of when someone reads or
	// acts for the client (a representative; a care office recording the
	// client's answer).
	Account int64
}

// Audit stamps an audit event with the on-behalf-of this authority
// implies, so a module records representatives' reads and acts as such.
// A client without an account has no user id to put in on_behalf_of: the
// entry's client id then names on whose behalf, so it is always filled
// here, and the client's access log ("wie heeft mijn gegevens bekeken"),
// which selects by client id, shows the representative's actions.
func (a Authority) Audit(ev audit.Event) audit.Event {
	if ev.ClientID == 0 {
		ev.ClientID = a.ClientID
	}
	if a.Representative {
		ev.OnBehalfOf = a.Account
	}
	return ev
}

// Refuse is the one way a module turns this authority's "no" into its
// refusal: err (the 403 or 404 the module shows) carrying the audit event
// of the attempt, stamped as Audit does and marked denied. The module's
// transaction wrapper logs it with audit.RecordDenial after the rollback,
// so a refused act on a client's behalf is in the log, with on whose
// behalf, whether it came through a page or the API.
func (a Authority) Refuse(ev audit.Event, err error) error {
	return audit.Deny(a.Audit(ev), err)
}

// AuthorityFor decides what p may do with client clientID's data of
// subject:
//
//   - the client: read and act on their own record;
//   - a naaste: only with an authorisation valid now (not revoked, within
//     its period). "Mag handelen" gives read and act; without it the naaste
//     reads only what the client shares with them (an active consent for
//     subject naming this user) and never acts;
//   - a professional: read and act on a record in their normal scope
//     (auth.Policy); emergency access is decided by the caller, since it
//     needs a reason and is audited as such;
//   - anyone else: nothing.
//
// subject may be empty for a question that no consent answers (acting);
// ErrNotFound when the client does not exist.
func (s *Service) AuthorityFor(ctx context.Context, p *auth.Principal, clientID int64, subject Subject) (Authority, error) {
	a := Authority{ClientID: clientID}
	ref, err := s.Ref(ctx, clientID)
	if err != nil || p == nil {
		return a, err
	}
	if p.Role != auth.RoleNaaste {
		a.Read = s.policy.CanSeeClient(p, ref)
		a.Act = a.Read
		if a.Read {
			a.Account, err = s.accountOf(ctx, clientID)
		}
		return a, err
	}
	rep, ok, err := s.representation(ctx, clientID, p.UserID)
	if err != nil || !ok {
		return a, err
	}
	a.Representative = true
	a.Read, a.Act = rep.MayAct, rep.MayAct
	if !a.Read && subject != "" {
		if a.Read, err = s.SharedWith(ctx, clientID, subject, p.UserID, s.now()); err != nil {
			return a, err
		}
	}
	a.Account, err = s.accountOf(ctx, clientID)
	return a, err
}

// Represented lists the clients a client or representative reaches for
// subject, with what they may do for each: the client their own record,
// a naaste each client they hold an authorisation for that gives them at
// least Read. Other roles reach no one through this list. Modules show a
// client's or family's own pages ("mijn ...") from it.
func (s *Service) Represented(ctx context.Context, p *auth.Principal, subject Subject) ([]Authority, error) {
	var ids []int64
	switch {
	case p == nil:
	case p.Role == auth.RoleClient && p.Scope.ClientID != 0:
		ids = []int64{p.Scope.ClientID}
	case p.Role == auth.RoleNaaste:
		ids = p.Scope.Represents
	}
	var out []Authority
	for _, id := range ids {
		a, err := s.AuthorityFor(ctx, p, id, subject)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if a.Read {
			out = append(out, a)
		}
	}
	return out, nil
}

// AccessLogAuthority answers, for the audit log's page "wie heeft mijn
// gegevens bekeken", whether p may read client clientID's access log and on
// whose behalf: the client, or a representative who may act or with whom
// the client shares the data of the register (SubjectRecord).
func (s *Service) AccessLogAuthority(ctx context.Context, p *auth.Principal, clientID int64) (ok bool, onBehalfOf int64, err error) {
	if p == nil || (p.Role != auth.RoleClient && p.Role != auth.RoleNaaste) {
		return false, 0, nil
	}
	a, err := s.AuthorityFor(ctx, p, clientID, SubjectRecord)
	if errors.Is(err, ErrNotFound) {
		return false, 0, nil
	}
	if err != nil {
		return false, 0, err
	}
	return a.Read, a.Audit(audit.Event{}).OnBehalfOf, nil
}

// AuthorityDecider is the register's one decision, as the modules hold it.
type AuthorityDecider interface {
	AuthorityFor(ctx context.Context, p *auth.Principal, clientID int64, subject Subject) (Authority, error)
}

// RefuseEach is the refusal of a representative's own page when the
// register lets them read it for none of the clients they represent: err
// carrying, per client, the denied event ev stamped with that client's
// authority (on whose behalf), for audit.RecordDenial.
func RefuseEach(ctx context.Context, reg AuthorityDecider, p *auth.Principal, subject Subject, ev audit.Event, err error) error {
	evs := make([]audit.Event, 0, len(p.Scope.Represents))
	for _, id := range p.Scope.Represents {
		a, aerr := reg.AuthorityFor(ctx, p, id, subject)
		if errors.Is(aerr, ErrNotFound) {
			continue
		}
		if aerr != nil {
			return aerr
		}
		e := ev
		e.ClientID = id
		evs = append(evs, a.Audit(e))
	}
	return audit.DenyAll(evs, err)
}
