package relatives

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/search"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/notify"
	"github.com/volwaardig/volwaardig/internal/web"
)

// errNoPlan is the answer for a plan that does not exist and for one the
// reader may not see: the same, so an id reveals nothing.
var errNoPlan = web.NotFound("Dit plan bestaat niet of is niet met u gedeeld.", "This plan does not exist or has not been shared with you.")

// planEvent is the audit event of an access to a plan: about the client
// when the plan is part of a client's record, for the reader's purpose.
func planEvent(action audit.Action, p *auth.Principal, pl Plan) audit.Event {
	ev := audit.Event{Action: action, Object: "relatives_plan", ObjectID: strconv.FormatInt(pl.ID, 10), ClientID: pl.ClientID}
	if pl.ClientID != 0 {
		switch p.Role {
		case auth.RoleZorgverlener:
			ev.Purpose = audit.PurposeCare
		case auth.RoleOndersteuner:
			ev.Purpose = audit.PurposeSupport
		default:
			ev.Purpose = audit.PurposeClientAccess
		}
	}
	return ev
}

// ActingFor lists the registered clients p may make a plan for: those p
// represents with "mag handelen" (the plan is then part of the client's
// record), by name.
func (s *Service) ActingFor(ctx context.Context, p *auth.Principal) ([]ClientChoice, error) {
	if p == nil || p.Role != auth.RoleNaaste {
		return nil, nil
	}
	as, err := s.reg.Represented(ctx, p, clients.SubjectPlan)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, a := range as {
		if a.Act {
			ids = append(ids, a.ClientID)
		}
	}
	names, err := s.reg.Names(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]ClientChoice, 0, len(ids))
	for _, id := range ids {
		out = append(out, ClientChoice{ID: id, Name: names[id]})
	}
	return out, nil
}

// ClientChoice is a client a relative may choose, by name.
type ClientChoice struct {
	ID   int64
	Name string
}

// actFor checks that p may keep a plan in client's record: a
// representative who may act for the client now.
func (s *Service) actFor(ctx context.Context, p *auth.Principal, client int64) (clients.Authority, bool, error) {
	a, err := s.reg.AuthorityFor(ctx, p, client, clients.SubjectPlan)
	if errors.Is(err, clients.ErrNotFound) {
		return a, false, nil
	}
	if err != nil {
		return a, false, err
	}
	return a, a.Representative && a.Act, nil
}

var errClientChoice = web.FieldError{Field: "client", Message: "Kies voor wie het plan is: iemand die u vertegenwoordigt en voor wie u mag handelen, of ‘Mijn eigen plan’.",
	English: "Choose whom the plan is for: someone you represent and may act for, or ‘My own plan’."}

// CreatePlan makes a plan owned by relative p: about a registered client
// p may act for (then part of the client's record), or p's own document.
// Every fault of the input is reported at once; nothing is written then.
func (s *Service) CreatePlan(ctx context.Context, p *auth.Principal, in PlanInput) (int64, error) {
	if p == nil || p.Role != auth.RoleNaaste {
		return 0, web.Forbidden("Alleen een naaste maakt een plan.", "Only a relative makes a plan.")
	}
	now := s.now()
	review, err := in.validate(now, s.cfg.ReviewAfter)
	errs, _ := web.FieldErrorsOf(err)
	var auth clients.Authority
	if in.ClientID != 0 {
		a, ok, err := s.actFor(ctx, p, in.ClientID)
		if err != nil {
			return 0, err
		}
		if !ok {
			errs = append([]web.FieldError{errClientChoice}, errs...)
		}
		auth = a
	}
	if len(errs) > 0 {
		return 0, web.Invalid(errs...)
	}
	pl := Plan{OwnerID: p.UserID, ClientID: in.ClientID, Title: in.Title, Text: in.Text, ReviewAt: review, CreatedAt: now, UpdatedAt: now}
	var id int64
	err = s.d.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if id, err = s.store.insertPlan(ctx, tx, pl); err != nil {
			return err
		}
		pl.ID = id
		return s.aud.RecordTx(ctx, tx, p, auth.Audit(planEvent(audit.ActionCreate, p, pl)))
	})
	return id, err
}

// UpdatePlan changes the owner's plan (the client it is about stays).
func (s *Service) UpdatePlan(ctx context.Context, p *auth.Principal, id int64, in PlanInput) error {
	pl, a, err := s.ownPlan(ctx, p, id)
	if err != nil {
		return err
	}
	now := s.now()
	review, err := in.validate(now, s.cfg.ReviewAfter)
	if err != nil {
		return err
	}
	pl.Title, pl.Text, pl.ReviewAt, pl.UpdatedAt = in.Title, in.Text, review, now
	return s.d.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.store.updatePlan(ctx, tx, pl); err != nil {
			return err
		}
		return s.aud.RecordTx(ctx, tx, p, a.Audit(planEvent(audit.ActionUpdate, p, pl)))
	})
}

// ownPlan reads plan id for its owner p, with p's authority for the
// client when the plan is in a client's record: an owner whose
// representation ended no longer reaches it. Anyone else gets errNoPlan,
// and the attempt is audited as denied.
func (s *Service) ownPlan(ctx context.Context, p *auth.Principal, id int64) (Plan, clients.Authority, error) {
	var a clients.Authority
	pl, err := s.store.plan(ctx, s.d, id)
	if errors.Is(err, sql.ErrNoRows) {
		return pl, a, errNoPlan
	}
	if err != nil {
		return pl, a, err
	}
	if !pl.Mine(p) {
		return pl, a, s.deny(ctx, p, pl)
	}
	if pl.ClientID != 0 {
		var ok bool
		if a, ok, err = s.actFor(ctx, p, pl.ClientID); err != nil {
			return pl, a, err
		}
		if !ok {
			return pl, a, s.deny(ctx, p, pl)
		}
	}
	pl.Granted = SectionCodes()
	return pl, a, nil
}

// deny records a refused access to a plan and answers errNoPlan.
func (s *Service) deny(ctx context.Context, p *auth.Principal, pl Plan) error {
	ev := planEvent(audit.ActionRead, p, pl)
	ev.Outcome = audit.OutcomeDenied
	if err := s.aud.Record(ctx, p, ev); err != nil {
		return err
	}
	return errNoPlan
}

// ReadPlan is plan id as p may see it: the owner every section with the
// shares, someone it is shared with the sections granted. The read is
// audited; a refusal too.
func (s *Service) ReadPlan(ctx context.Context, p *auth.Principal, id int64) (Plan, error) {
	pl, err := s.store.plan(ctx, s.d, id)
	if errors.Is(err, sql.ErrNoRows) {
		return pl, errNoPlan
	}
	if err != nil {
		return pl, err
	}
	var a clients.Authority
	if pl.Mine(p) {
		if pl, a, err = s.ownPlan(ctx, p, id); err != nil {
			return pl, err
		}
		if pl.Shares, err = s.store.shares(ctx, pl.ID); err != nil {
			return pl, err
		}
		if err := s.nameShares(ctx, pl.Shares); err != nil {
			return pl, err
		}
	} else {
		sh, ok, err := s.store.share(ctx, s.d, pl.ID, p.UserID)
		if err != nil {
			return pl, err
		}
		if !ok || !sh.Active() {
			return pl, s.deny(ctx, p, pl)
		}
		pl.Granted = sh.Sections
	}
	if err := s.namePlans(ctx, []Plan{pl}, &pl); err != nil {
		return pl, err
	}
	return pl, s.aud.Record(ctx, p, a.Audit(planEvent(audit.ActionRead, p, pl)))
}

// MyPlans are the plans p owns and those shared with p, named; listing
// them is recorded as a read of each plan in a client's record (an
// owner's on the client's behalf).
func (s *Service) MyPlans(ctx context.Context, p *auth.Principal) (own, shared []Plan, err error) {
	by := map[int64]clients.Authority{}
	if p.Role == auth.RoleNaaste {
		all, err := s.store.ownedPlans(ctx, p.UserID)
		if err != nil {
			return nil, nil, err
		}
		for _, pl := range all {
			if pl.ClientID != 0 {
				a, ok, err := s.actFor(ctx, p, pl.ClientID)
				if err != nil {
					return nil, nil, err
				}
				if !ok {
					continue // the representation ended: no longer the owner's to read
				}
				by[pl.ID] = a
			}
			pl.Granted = SectionCodes()
			own = append(own, pl)
		}
	}
	if shared, err = s.store.sharedPlans(ctx, p.UserID); err != nil {
		return nil, nil, err
	}
	if err := s.namePlans(ctx, own); err != nil {
		return nil, nil, err
	}
	if err := s.namePlans(ctx, shared); err != nil {
		return nil, nil, err
	}
	var evs []audit.Event
	for _, pl := range append(append([]Plan(nil), own...), shared...) {
		if pl.ClientID == 0 {
			continue
		}
		evs = append(evs, by[pl.ID].Audit(planEvent(audit.ActionRead, p, pl)))
	}
	if err := audit.RecordAll(ctx, s.aud, p, evs); err != nil {
		return nil, nil, err
	}
	return own, shared, nil
}

// namePlans fills in the owners' and clients' names; one, when given, is
// filled from the first plan (a single plan read).
func (s *Service) namePlans(ctx context.Context, ps []Plan, one ...*Plan) error {
	if len(ps) == 0 {
		return nil
	}
	var users, cls []int64
	for _, pl := range ps {
		users = append(users, pl.OwnerID)
		if pl.ClientID != 0 {
			cls = append(cls, pl.ClientID)
		}
	}
	un, err := s.users.DisplayNames(ctx, users)
	if err != nil {
		return err
	}
	cn, err := s.reg.Names(ctx, cls)
	if err != nil {
		return err
	}
	for i := range ps {
		ps[i].OwnerName, ps[i].ClientName = un[ps[i].OwnerID], cn[ps[i].ClientID]
	}
	for _, o := range one {
		o.OwnerName, o.ClientName = ps[0].OwnerName, ps[0].ClientName
	}
	return nil
}

func (s *Service) nameShares(ctx context.Context, shs []Share) error {
	if len(shs) == 0 {
		return nil
	}
	ids := make([]int64, len(shs))
	for i, sh := range shs {
		ids[i] = sh.UserID
	}
	names, err := s.users.DisplayNames(ctx, ids)
	if err != nil {
		return err
	}
	for i := range shs {
		shs[i].Name = names[shs[i].UserID]
	}
	return nil
}

// findAccount finds the one active account of role named name (case and
// spacing ignored). A share must reach exactly the person meant, so no
// match and more than one match are both refused with what to do.
func (s *Service) findAccount(ctx context.Context, name string, role auth.Role, may func(auth.User) bool) (auth.User, *web.FieldError, error) {
	us, err := s.users.Users(ctx)
	if err != nil {
		return auth.User{}, nil, err
	}
	var found []auth.User
	for _, u := range us {
		if u.Role == role && may(u) && strings.EqualFold(strings.Join(strings.Fields(u.DisplayName), " "), name) {
			found = append(found, u)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil, nil
	case 0:
		return auth.User{}, &web.FieldError{Field: "naam",
			Message: fmt.Sprintf("Er is geen account van een %s met de naam ‘%s’. Controleer de spelling en de gekozen rol, of vraag de persoon eerst een account aan te maken. Met naasten en de cliënt zelf kunt u alleen delen als zij bij de cliënt van dit plan zijn ingeschreven. Er is niets gedeeld.", strings.ToLower(shareRoleLabel(role)), clip(name, 80)),
			English: fmt.Sprintf("There is no account of a %s named ‘%s’. Check the spelling and the role chosen, or ask the person to create an account first. You can share with relatives and the client only when they are registered with this plan's client. Nothing was shared.", role, clip(name, 80))}, nil
	}
	return auth.User{}, &web.FieldError{Field: "naam",
		Message: fmt.Sprintf("Er zijn meer accounts met de naam ‘%s’. Vraag de beheerder om hulp; er is niets gedeeld.", clip(name, 80)),
		English: fmt.Sprintf("More than one account is named ‘%s’. Ask the administrator for help; nothing was shared.", clip(name, 80))}, nil
}

// SharePlan shares the owner's plan with one account, chosen by name and
// role, for the sections chosen; sharing again replaces the sections. An
// unknown person, a bad role or no sections are reported at once, and
// nothing is written. The share is audited as a grant (about the client
// when the plan is in a client's record) and the person is told.
func (s *Service) SharePlan(ctx context.Context, p *auth.Principal, id int64, in ShareInput) (Share, error) {
	pl, a, err := s.ownPlan(ctx, p, id)
	if err != nil {
		return Share{}, err
	}
	errs := in.validate()
	var to auth.User
	if !hasField(errs, "naam") && !hasField(errs, "rol") && !hasField(errs, "persoon") {
		var u auth.User
		var fe *web.FieldError
		may, err := s.shareRule(ctx, pl)
		if err != nil {
			return Share{}, err
		}
		if in.Picked {
			u, fe, err = s.pickedAccount(ctx, in.UserID, may)
		} else {
			u, fe, err = s.findAccount(ctx, in.Name, in.Role, may)
		}
		if err != nil {
			return Share{}, err
		}
		switch {
		case fe != nil:
			errs = append(errs, *fe)
		case u.ID == p.UserID:
			errs = append(errs, web.FieldError{Field: fe0(in.Picked), Message: "Dit is uw eigen account: u ziet uw plan al.", English: "This is your own account: you already see your plan."})
		default:
			to = u
		}
	}
	if len(errs) > 0 {
		return Share{}, web.Invalid(sortFields(errs)...)
	}
	sh := Share{PlanID: pl.ID, UserID: to.ID, Name: to.DisplayName, Role: to.Role, Sections: orderedSections(in.Sections), GrantedAt: s.now()}
	err = s.d.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if sh.ID, err = s.store.upsertShare(ctx, tx, pl.ID, to.ID, sh.Sections, p.UserID, sh.GrantedAt); err != nil {
			return err
		}
		ev := a.Audit(planEvent(audit.ActionGrant, p, pl))
		if err := s.aud.RecordTx(ctx, tx, p, ev); err != nil {
			return err
		}
		return s.notes.NotifyTx(ctx, tx, notify.Notification{UserIDs: []int64{to.ID}, Kind: "relatives_plan_shared",
			Title: "Er is een plan met u gedeeld", Body: "Een naaste heeft een plan (zorgtestament of goed-leven-plan) met u gedeeld. U ziet de onderdelen die met u gedeeld zijn.",
			TitleEN: "A plan was shared with you", BodyEN: "A relative shared a plan (care will or good-life plan) with you. You see the parts shared with you.",
			Link: "/naasten/plan/" + strconv.FormatInt(pl.ID, 10)})
	})
	return sh, err
}

// fe0 is the field naming the person: the picker's, or the API's name.
func fe0(picked bool) string {
	if picked {
		return "persoon"
	}
	return "naam"
}

// shareable reports whether a plan may be shared with account u: an
// active account of one of the share roles.
func shareable(u auth.User) bool { return !u.Disabled && slices.Contains(ShareRoles, u.Role) }

// shareRule says with whom plan pl may be shared: professionals (a
// supporter, a carer: work identities) by any active account of their
// role; relatives and clients only when they are in the circle of the
// plan's client (Circle), and nobody of those two roles for a relative's
// own document. Searching, picking and naming a person all apply it, so a
// relative cannot learn by trying names who else is a client or a relative
// of one.
func (s *Service) shareRule(ctx context.Context, pl Plan) (func(auth.User) bool, error) {
	circle := map[int64]bool{}
	if pl.ClientID != 0 {
		ids, err := s.reg.Circle(ctx, pl.ClientID)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			circle[id] = true
		}
	}
	return func(u auth.User) bool {
		if !shareable(u) {
			return false
		}
		if u.Role == auth.RoleNaaste || u.Role == auth.RoleClient {
			return circle[u.ID]
		}
		return true
	}, nil
}

// pickedAccount is the account chosen in the picker: a choice that is no
// shareable account (tampered, or disabled since the search) is refused
// at the field, so nothing is shared with an unknown person.
func (s *Service) pickedAccount(ctx context.Context, id int64, may func(auth.User) bool) (auth.User, *web.FieldError, error) {
	us, err := s.users.Users(ctx)
	if err != nil {
		return auth.User{}, nil, err
	}
	for _, u := range us {
		if u.ID == id && may(u) {
			return u, nil, nil
		}
	}
	return auth.User{}, &web.FieldError{Field: "persoon", Message: "Deze persoon staat niet (meer) in de lijst van mensen met wie u kunt delen. Zoek opnieuw op naam; er is niets gedeeld.",
		English: "This person is not (or no longer) in the list of people you can share with. Search by name again; nothing was shared."}, nil
}

// maxCandidates bounds the picker's list: a name search shows a handful
// of people, never a directory of every account.
const maxCandidates = 10

// ShareCandidates finds the accounts owner p may share a plan with whose
// name matches query: every word typed starts a word of the name,
// ignoring case and accents ("ilse mul" finds Ilse Mulder). At least two
// letters are needed, the owner is left out, and at most maxCandidates
// are returned, sorted by name.
func (s *Service) ShareCandidates(ctx context.Context, p *auth.Principal, pl Plan, query string) ([]auth.User, error) {
	words := strings.Fields(query)
	if utf8.RuneCountInString(strings.Join(words, "")) < 2 {
		return nil, nil
	}
	may, err := s.shareRule(ctx, pl)
	if err != nil {
		return nil, err
	}
	us, err := s.users.Users(ctx)
	if err != nil {
		return nil, err
	}
	m := search.New(language.Dutch, search.IgnoreCase, search.IgnoreDiacritics)
	var out []auth.User
	for _, u := range us {
		if u.ID == p.UserID || !may(u) || !namePrefixes(m, u.DisplayName, words) {
			continue
		}
		out = append(out, u)
	}
	col := collate.New(language.Dutch, collate.IgnoreCase, collate.IgnoreDiacritics)
	slices.SortFunc(out, func(a, b auth.User) int { return col.CompareString(a.DisplayName, b.DisplayName) })
	if len(out) > maxCandidates {
		out = out[:maxCandidates]
	}
	return out, nil
}

// namePrefixes reports whether each query word starts some word of name,
// compared without case and accents.
func namePrefixes(m *search.Matcher, name string, words []string) bool {
	parts := strings.Fields(name)
	for _, w := range words {
		if !slices.ContainsFunc(parts, func(p string) bool { start, _ := m.IndexString(p, w); return start == 0 }) {
			return false
		}
	}
	return true
}

// fieldOrder is the order of the share form's fields, for the summary.
var fieldOrder = map[string]int{"persoon": 0, "naam": 0, "rol": 1, "onderdelen": 2}

func sortFields(fs []web.FieldError) []web.FieldError {
	out := append([]web.FieldError(nil), fs...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && fieldOrder[out[j].Field] < fieldOrder[out[j-1].Field]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func hasField(fs []web.FieldError, name string) bool {
	for _, f := range fs {
		if f.Field == name {
			return true
		}
	}
	return false
}

// RevokeShare ends a share of the owner's plan, audited as a revocation.
func (s *Service) RevokeShare(ctx context.Context, p *auth.Principal, id, shareID int64) error {
	pl, a, err := s.ownPlan(ctx, p, id)
	if err != nil {
		return err
	}
	return s.d.Tx(ctx, func(tx *sql.Tx) error {
		ok, err := s.store.revokeShare(ctx, tx, pl.ID, shareID, s.now())
		if err != nil {
			return err
		}
		if !ok {
			return web.NotFound("Dit plan is niet (meer) met deze persoon gedeeld.", "This plan is not (or no longer) shared with this person.")
		}
		return s.aud.RecordTx(ctx, tx, p, a.Audit(planEvent(audit.ActionRevoke, p, pl)))
	})
}

// ClientPlans are the plans in client's record, for the right-of-access
// export.
func (s *Service) ClientPlans(ctx context.Context, client int64) ([]Plan, error) {
	ps, err := s.store.clientPlans(ctx, client)
	if err != nil {
		return nil, err
	}
	for i := range ps {
		if ps[i].Shares, err = s.store.shares(ctx, ps[i].ID); err != nil {
			return nil, err
		}
		if err := s.nameShares(ctx, ps[i].Shares); err != nil {
			return nil, err
		}
	}
	return ps, s.namePlans(ctx, ps)
}
