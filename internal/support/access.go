package support

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"time"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/web"
)

// now is the clock's time in UTC at microsecond precision, which both
// dialects keep.
func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Microsecond) }

// errNoFile is the answer for a family file that does not exist or that
// the reader may not open: the same answer, so an id in a path tells an
// outsider nothing.
var errNoFile = &web.Error{Code: web.CodeNotFound, Message: "Dit gezinsdossier bestaat niet, of het gezin heeft u er geen toegang toe gegeven.",
	English: "This family file does not exist, or the family has not given you access to it."}

// View is what a principal may do with one family file.
type View struct {
	Family Family
	// Sections are the sections the reader may read.
	Sections []Section
	// Write: the family's supporter with an active grant, who keeps the
	// file while the support runs; Keeper: that supporter, also after the
	// support ended (they read why it ended).
	Write, Keeper bool
	// Own: the client or their naaste reads their own family's file;
	// Manage: they may invite and withdraw (the register's "mag handelen").
	Own, Manage bool
	authority   clients.Authority
}

// May reports whether the reader may read section sec.
func (v View) May(sec Section) bool { return slices.Contains(v.Sections, sec) }

// event is the audit event of an access to the family file.
func (v View) event(action audit.Action) audit.Event {
	ev := audit.Event{Action: action, ClientID: v.Family.ClientID, Object: "family_file", ObjectID: strconv.FormatInt(v.Family.ID, 10), Purpose: audit.PurposeSupport}
	if v.Own {
		ev.Purpose = audit.PurposeClientAccess
		ev = v.authority.Audit(ev)
	}
	return ev
}

// decide works out what p may do with family f, without recording it.
func (s *Service) decide(ctx context.Context, p *auth.Principal, f Family) (View, error) {
	v := View{Family: f}
	if p == nil {
		return v, nil
	}
	switch {
	case p.Role == auth.RoleClient || p.Role == auth.RoleNaaste:
		a, err := s.reg.AuthorityFor(ctx, p, f.ClientID, clients.SubjectSupport)
		if err != nil && !errors.Is(err, clients.ErrNotFound) {
			return v, err
		}
		if a.Read {
			v.Own, v.Manage, v.authority, v.Sections = true, a.Act, a, Sections()
		}
	case p.Role.SeesHealthData():
		g, ok, err := s.store.activeGrant(ctx, f.ID, p.UserID)
		if err != nil || !ok {
			return v, err
		}
		if g.Kind == GrantSupporter && p.Role == auth.RoleOndersteuner {
			v.Sections, v.Write, v.Keeper = Sections(), f.Active(), true
		} else {
			v.Sections = g.Sections
		}
	}
	return v, nil
}

// open reads family id for p and records the access: a reader without
// access gets errNoFile, and the refused attempt on an existing file is
// logged as denied with the client it concerns.
func (s *Service) open(ctx context.Context, p *auth.Principal, id int64, action audit.Action) (View, error) {
	f, err := s.store.family(ctx, id)
	if errors.Is(err, errNoRow) {
		return View{}, errNoFile
	}
	if err != nil {
		return View{}, err
	}
	v, err := s.decide(ctx, p, f)
	if err != nil {
		return v, err
	}
	if len(v.Sections) == 0 {
		ev := v.event(action)
		ev.Outcome = audit.OutcomeDenied
		if err := s.aud.Record(ctx, p, ev); err != nil {
			return View{}, err
		}
		return View{}, errNoFile
	}
	if err := s.nameFamilies(ctx, []*Family{&v.Family}); err != nil {
		return v, err
	}
	if action == audit.ActionRead {
		if err := s.aud.Record(ctx, p, v.event(action)); err != nil {
			return View{}, err
		}
	}
	return v, nil
}

// nameFamilies fills in the clients' and supporters' names.
func (s *Service) nameFamilies(ctx context.Context, fs []*Family) error {
	if len(fs) == 0 {
		return nil
	}
	var cids, uids []int64
	for _, f := range fs {
		cids, uids = append(cids, f.ClientID), append(uids, f.SupporterID)
	}
	cn, err := s.reg.Names(ctx, cids)
	if err != nil {
		return err
	}
	un, err := s.accounts.DisplayNames(ctx, uids)
	if err != nil {
		return err
	}
	for _, f := range fs {
		f.ClientName, f.Supporter = cn[f.ClientID], un[f.SupporterID]
	}
	return nil
}

// recordList records that p saw the families of a list (a caseload names
// each family's client).
func (s *Service) recordList(ctx context.Context, p *auth.Principal, fs []Family) error {
	evs := make([]audit.Event, 0, len(fs))
	for _, f := range fs {
		evs = append(evs, audit.Event{Action: audit.ActionRead, ClientID: f.ClientID, Object: "support_case", ObjectID: strconv.FormatInt(f.ID, 10), Purpose: audit.PurposeSupport})
	}
	return audit.RecordAll(ctx, s.aud, p, evs)
}
