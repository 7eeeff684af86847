package support

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/web"
)

// Caseload is the supporter's families (active grants of kind
// ondersteuner), named, with their intensity from the last 90 days'
// minutes. The list read is recorded per family.
func (s *Service) Caseload(ctx context.Context, p *auth.Principal) ([]Family, error) {
	return s.granted(ctx, p, GrantSupporter)
}

// SharedWith is the families that invited p as another professional.
func (s *Service) SharedWith(ctx context.Context, p *auth.Principal) ([]Family, error) {
	return s.granted(ctx, p, GrantProfessional)
}

func (s *Service) granted(ctx context.Context, p *auth.Principal, kind string) ([]Family, error) {
	if p == nil || !p.Role.SeesHealthData() || p.Role == auth.RoleClient || p.Role == auth.RoleNaaste {
		return nil, nil
	}
	fs, err := s.store.familiesGranted(ctx, p.UserID, kind)
	if err != nil || len(fs) == 0 {
		return nil, err
	}
	ptrs := make([]*Family, len(fs))
	ids := make([]int64, len(fs))
	for i := range fs {
		ptrs[i], ids[i] = &fs[i], fs[i].ID
	}
	if err := s.nameFamilies(ctx, ptrs); err != nil {
		return nil, err
	}
	mins, err := s.store.minutesSince(ctx, ids, s.now().AddDate(0, 0, -90))
	if err != nil {
		return nil, err
	}
	for i := range fs {
		fs[i].Minutes = mins[fs[i].ID]
		fs[i].Intensity = intensityFor(fs[i].Minutes)
	}
	return fs, s.recordList(ctx, p, fs)
}

// File is a family file as its reader may see it: only the sections the
// view allows are filled.
type File struct {
	View
	Goals        []Goal
	Network      []NetworkMember
	Actions      []Action
	Measurements []Measurement
	Grants       []Grant
	// Checks are the eligibility checks, newest first (supporter and
	// family only).
	Checks []Eligibility
	// Ending is why and when the support ended, with who ended it
	// (supporter and family only; Ended reports whether there is one).
	Ending Ending
	Ended  bool
	// Reopenings are the endings undone, with why (supporter and family).
	Reopenings []Reopening
	// Referrals are the family's referrals to the care office's register
	// for a place, newest first (supporter and family only).
	Referrals []Referral
	// Minutes90 and HoursTotal are the supporter's time.
	Minutes90, MinutesTotal int
}

// Hours90 and HoursTotal are the supporter's time in hours.
func (fl File) Hours90() float64 { return float64(fl.Minutes90) / 60 }

// HoursTotal is the supporter's time since intake in hours.
func (fl File) HoursTotal() float64 { return float64(fl.MinutesTotal) / 60 }

// File opens family id for p (recorded) with what p may read.
func (s *Service) File(ctx context.Context, p *auth.Principal, id int64) (File, error) {
	v, err := s.open(ctx, p, id, audit.ActionRead)
	if err != nil {
		return File{}, err
	}
	fl := File{View: v}
	if v.May(SectionGoals) {
		if fl.Goals, err = s.store.goals(ctx, id); err != nil {
			return fl, err
		}
	}
	if v.May(SectionNetwork) {
		if fl.Network, err = s.store.network(ctx, id); err != nil {
			return fl, err
		}
	}
	if v.May(SectionLog) {
		if fl.Actions, err = s.store.actions(ctx, id); err != nil {
			return fl, err
		}
		since := s.now().AddDate(0, 0, -90)
		for _, a := range fl.Actions {
			fl.MinutesTotal += a.Minutes
			if !a.HappenedOn.Before(since) {
				fl.Minutes90 += a.Minutes
			}
		}
		fl.Family.Minutes, fl.Family.Intensity = fl.Minutes90, intensityFor(fl.Minutes90)
	}
	if v.May(SectionMeasures) {
		if fl.Measurements, err = s.store.measurements(ctx, id); err != nil {
			return fl, err
		}
	}
	if v.Own || v.Keeper {
		if fl.Grants, err = s.grantsNamed(ctx, id); err != nil {
			return fl, err
		}
		if fl.Checks, err = s.store.eligibility(ctx, id); err != nil {
			return fl, err
		}
		if fl.Referrals, err = s.store.referrals(ctx, id); err != nil {
			return fl, err
		}
		if s.place != nil {
			for i := range fl.Referrals {
				if fl.Referrals[i].Status, fl.Referrals[i].HasStatus, err = s.place.Status(ctx, p, fl.Family.ClientID, fl.Referrals[i].Ref); err != nil {
					return fl, err
				}
			}
		}
	}
	if (v.Own || v.Keeper) && !v.Family.Active() {
		if fl.Ending, fl.Ended, err = s.endingOf(ctx, id); err != nil {
			return fl, err
		}
	}
	if v.Own || v.Keeper {
		if fl.Reopenings, err = s.reopeningsOf(ctx, id); err != nil {
			return fl, err
		}
	}
	return fl, nil
}

func (s *Service) grantsNamed(ctx context.Context, familyID int64) ([]Grant, error) {
	gs, err := s.store.grants(ctx, familyID)
	if err != nil || len(gs) == 0 {
		return gs, err
	}
	ids := make([]int64, len(gs))
	for i, g := range gs {
		ids[i] = g.UserID
	}
	names, err := s.accounts.DisplayNames(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i := range gs {
		gs[i].UserName = names[gs[i].UserID]
	}
	return gs, nil
}

// badInput is the one form error of the module: every field at fault.
func badInput(errs []web.FieldError) error {
	return &web.Error{Code: web.CodeBadInput, Message: "Niet alles is goed ingevuld. Verbeter de velden die hieronder genoemd worden.",
		English: "Not everything is filled in correctly. Correct the fields listed below.", Fields: errs}
}

// parseDay reads a day as dd-mm-jjjj (the forms) or jjjj-mm-dd (the API),
// in the years web.ParseDate accepts (1900–2199) either way.
func parseDay(s string) (time.Time, error) {
	if t, err := time.Parse("2006-01-02", strings.TrimSpace(s)); err == nil {
		if t.Year() < 1900 || t.Year() > 2199 {
			return time.Time{}, fmt.Errorf("%q ligt niet tussen 1900 en 2199", s)
		}
		return t, nil
	}
	return web.ParseDate(s)
}

// text checks a free-text field: required or not, at most max characters.
func text(errs *[]web.FieldError, field, what, v string, required bool, maxLen int) string {
	v = strings.TrimSpace(v)
	if required && v == "" {
		*errs = append(*errs, web.FieldError{Field: field, Message: "Vul " + what + " in."})
	}
	if utf8.RuneCountInString(v) > maxLen {
		*errs = append(*errs, web.FieldError{Field: field, Message: fmt.Sprintf("%s is te lang: hoogstens %d tekens.", capital(what), maxLen)})
	}
	return v
}

// number checks a whole-number field in [lo, hi].
func number(errs *[]web.FieldError, field, what, raw string, lo, hi int) int {
	n, msg := wholeNumber(raw, what, lo, hi)
	if msg != "" {
		*errs = append(*errs, web.FieldError{Field: field, Message: msg})
	}
	return n
}

// day checks a date field: a valid day, not before intake, not after
// today (now). The clock is given, not the service's, so the forms that
// use it can be decoded and fuzzed without a service (issue 18).
func day(errs *[]web.FieldError, field, what, raw string, intake, now time.Time) time.Time {
	if strings.TrimSpace(raw) == "" {
		*errs = append(*errs, web.FieldError{Field: field, Message: "Vul " + what + " in (dd-mm-jjjj)."})
		return time.Time{}
	}
	t, err := parseDay(raw)
	if err != nil {
		*errs = append(*errs, web.FieldError{Field: field, Message: capital(what) + " is geen datum: schrijf dd-mm-jjjj, bijvoorbeeld 03-02-2026."})
		return time.Time{}
	}
	if t.Before(dayOf(intake)) {
		*errs = append(*errs, web.FieldError{Field: field, Message: capital(what) + " ligt vóór de intake op " + intake.Format("02-01-2006") + "; kies een datum vanaf de intake."})
	}
	if t.After(dayOf(now).AddDate(0, 0, 1)) {
		*errs = append(*errs, web.FieldError{Field: field, Message: capital(what) + " ligt in de toekomst; leg vast wat al gebeurd is."})
	}
	return t
}

func dayOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// write opens the family file for a change by its supporter: only the
// supporter the family invited keeps the file, and only while it runs.
func (s *Service) write(ctx context.Context, p *auth.Principal, id int64) (View, error) {
	v, err := s.open(ctx, p, id, audit.ActionUpdate)
	if err != nil {
		return v, err
	}
	if !v.Write {
		return v, &web.Error{Code: web.CodeForbidden, Message: "Alleen de cliëntondersteuner die het gezin heeft uitgenodigd, houdt dit dossier bij.",
			English: "Only the client supporter the family invited keeps this file."}
	}
	return v, nil
}

// GoalInput is the form of a new goal or a goal's progress.
type GoalInput struct {
	Domain, Goal, NextStep, Progress string
}

// AddGoal adds a goal on a life domain.
func (s *Service) AddGoal(ctx context.Context, p *auth.Principal, familyID int64, in GoalInput) (int64, error) {
	v, err := s.write(ctx, p, familyID)
	if err != nil {
		return 0, err
	}
	g, errs := decodeGoal(in)
	if len(errs) > 0 {
		return 0, badInput(errs)
	}
	g.FamilyID = familyID
	g.UpdatedAt = s.now()
	var id int64
	err = s.d.Tx(ctx, func(tx *sql.Tx) error {
		if id, err = s.store.insertGoal(ctx, tx, g, p.UserID); err != nil {
			return err
		}
		return s.aud.RecordTx(ctx, tx, p, v.event(audit.ActionCreate))
	})
	return id, err
}

// UpdateGoal records a goal's progress and next step.
func (s *Service) UpdateGoal(ctx context.Context, p *auth.Principal, familyID, goalID int64, in GoalInput) error {
	v, err := s.write(ctx, p, familyID)
	if err != nil {
		return err
	}
	progress, next, errs := decodeGoalUpdate(in)
	if len(errs) > 0 {
		return badInput(errs)
	}
	return s.d.Tx(ctx, func(tx *sql.Tx) error {
		ok, err := s.store.updateGoal(ctx, tx, familyID, goalID, progress, next, s.now(), p.UserID)
		if err != nil {
			return err
		}
		if !ok {
			return &web.Error{Code: web.CodeNotFound, Message: "Dit doel hoort niet bij dit gezin.", English: "This goal does not belong to this family."}
		}
		return s.aud.RecordTx(ctx, tx, p, v.event(audit.ActionUpdate))
	})
}

// MemberInput is the form of a person or organisation in the network.
type MemberInput struct {
	Name, Relation, Kind, Closeness string
}

// AddMember adds a person or organisation to the network map.
func (s *Service) AddMember(ctx context.Context, p *auth.Principal, familyID int64, in MemberInput) (int64, error) {
	v, err := s.write(ctx, p, familyID)
	if err != nil {
		return 0, err
	}
	m, errs := decodeMember(in)
	if len(errs) > 0 {
		return 0, badInput(errs)
	}
	m.FamilyID = familyID
	var id int64
	err = s.d.Tx(ctx, func(tx *sql.Tx) error {
		if id, err = s.store.insertMember(ctx, tx, m, s.now()); err != nil {
			return err
		}
		return s.aud.RecordTx(ctx, tx, p, v.event(audit.ActionCreate))
	})
	return id, err
}

// ActionInput is the form of a log entry.
type ActionInput struct {
	Kind, Date, Subject, Outcome, Minutes string
}

// AddAction logs an action or bottleneck with the supporter's minutes:
// the date lies between the intake and today, minutes are not negative.
func (s *Service) AddAction(ctx context.Context, p *auth.Principal, familyID int64, in ActionInput) (int64, error) {
	v, err := s.write(ctx, p, familyID)
	if err != nil {
		return 0, err
	}
	a, errs := decodeAction(in, v.Family.IntakeOn, s.now())
	if len(errs) > 0 {
		return 0, badInput(errs)
	}
	a.FamilyID, a.CreatedBy = familyID, p.UserID
	var id int64
	err = s.d.Tx(ctx, func(tx *sql.Tx) error {
		if id, err = s.store.insertAction(ctx, tx, a, s.now()); err != nil {
			return err
		}
		return s.aud.RecordTx(ctx, tx, p, v.event(audit.ActionCreate))
	})
	return id, err
}

// MeasureInput is the form of an outcome measure.
type MeasureInput struct {
	Moment, Date, Quality, Burden, RestHours string
}

// AddMeasurement records an outcome measure: one intake measure, then
// follow-ups after it; none before the intake date.
func (s *Service) AddMeasurement(ctx context.Context, p *auth.Principal, familyID int64, in MeasureInput) (int64, error) {
	v, err := s.write(ctx, p, familyID)
	if err != nil {
		return 0, err
	}
	existing, err := s.store.measurements(ctx, familyID)
	if err != nil {
		return 0, err
	}
	hasIntake := slices.ContainsFunc(existing, func(x Measurement) bool { return x.Moment == MomentIntake })
	m, errs := decodeMeasurement(in, hasIntake, v.Family.IntakeOn, s.now())
	if len(errs) > 0 {
		return 0, badInput(errs)
	}
	m.FamilyID = familyID
	var id int64
	err = s.d.Tx(ctx, func(tx *sql.Tx) error {
		if id, err = s.store.insertMeasurement(ctx, tx, m, p.UserID, s.now()); err != nil {
			return err
		}
		return s.aud.RecordTx(ctx, tx, p, v.event(audit.ActionCreate))
	})
	return id, err
}

// decodeGoal reads a new goal's form without the database, so it can be
// fuzzed (issue 18): a known life domain, the goal (required) and the next
// step of at most 300 characters, progress 0 to 100 percent (empty is 0).
// Every mistake at once, each at its field.
func decodeGoal(in GoalInput) (Goal, []web.FieldError) {
	var errs []web.FieldError
	g := Goal{Domain: Domain(in.Domain)}
	if !g.Domain.Valid() {
		errs = append(errs, web.FieldError{Field: "domein", Message: "Kies een levensdomein."})
	}
	g.Goal = text(&errs, "doel", "het doel", in.Goal, true, 300)
	g.NextStep = text(&errs, "stap", "de volgende stap", in.NextStep, false, 300)
	if strings.TrimSpace(in.Progress) == "" {
		in.Progress = "0"
	}
	g.Progress = number(&errs, "voortgang", "de voortgang (procent)", in.Progress, 0, 100)
	return g, errs
}

// decodeGoalUpdate reads a goal's progress form without the database:
// progress 0 to 100 percent, a next step of at most 300 characters.
func decodeGoalUpdate(in GoalInput) (progress int, next string, errs []web.FieldError) {
	progress = number(&errs, "voortgang", "de voortgang (procent)", in.Progress, 0, 100)
	next = text(&errs, "stap", "de volgende stap", in.NextStep, false, 300)
	return progress, next, errs
}

// decodeMember reads the network form without the database, so it can be
// fuzzed (issue 18): a name and who it is for the family (each at most 100
// characters), a known kind of contact, closeness 1 to 3.
func decodeMember(in MemberInput) (NetworkMember, []web.FieldError) {
	var errs []web.FieldError
	m := NetworkMember{Kind: in.Kind}
	m.Name = text(&errs, "naam", "de naam", in.Name, true, 100)
	m.Relation = text(&errs, "relatie", "wie het is voor het gezin", in.Relation, true, 100)
	if !slices.Contains(NetworkKinds(), NetworkKind(in.Kind)) {
		errs = append(errs, web.FieldError{Field: "contactsoort", Message: "Kies wat voor contact het is."})
	}
	m.Closeness, _ = strconv.Atoi(in.Closeness)
	if m.Closeness < 1 || m.Closeness > 3 {
		errs = append(errs, web.FieldError{Field: "nabijheid", Message: "Kies hoe dichtbij het contact staat."})
	}
	return m, errs
}

// decodeAction reads the log form without the database, so it can be
// fuzzed (issue 18): a known kind, a day from the intake to today (now),
// a subject, an outcome, minutes 0 to a day (empty is 0).
func decodeAction(in ActionInput, intake, now time.Time) (Action, []web.FieldError) {
	var errs []web.FieldError
	a := Action{Kind: ActionKind(in.Kind)}
	if !slices.Contains(ActionKinds(), a.Kind) {
		errs = append(errs, web.FieldError{Field: "soort", Message: "Kies wat voor actie het is."})
	}
	a.HappenedOn = day(&errs, "datum", "de datum", in.Date, intake, now)
	a.Subject = text(&errs, "onderwerp", "waar het over ging", in.Subject, true, 300)
	a.Outcome = text(&errs, "uitkomst", "de uitkomst", in.Outcome, false, 500)
	if strings.TrimSpace(in.Minutes) == "" {
		in.Minutes = "0"
	}
	a.Minutes = number(&errs, "minuten", "de bestede tijd in minuten", in.Minutes, 0, 24*60)
	return a, errs
}

// decodeMeasurement reads the outcome measure form without the database,
// so it can be fuzzed (issue 18): the intake measure once (hasIntake says
// whether the file has it), then follow-ups; a day from the intake to
// today; scores 1 to 10 and rest hours 0 to 168.
func decodeMeasurement(in MeasureInput, hasIntake bool, intake, now time.Time) (Measurement, []web.FieldError) {
	var errs []web.FieldError
	m := Measurement{Moment: Moment(in.Moment)}
	switch {
	case m.Moment != MomentIntake && m.Moment != MomentFollowUp:
		errs = append(errs, web.FieldError{Field: "moment", Message: "Kies of dit de intake of een vervolgmeting is."})
	case m.Moment == MomentIntake && hasIntake:
		errs = append(errs, web.FieldError{Field: "moment", Message: "Er is al een intakemeting; kies vervolgmeting."})
	case m.Moment == MomentFollowUp && !hasIntake:
		errs = append(errs, web.FieldError{Field: "moment", Message: "Leg eerst de intakemeting vast; een vervolgmeting vergelijkt daarmee."})
	}
	m.MeasuredOn = day(&errs, "meetdatum", "de datum van de meting", in.Date, intake, now)
	m.Quality = number(&errs, "kwaliteit", "de kwaliteit van leven (1 tot 10)", in.Quality, 1, 10)
	m.Burden = number(&errs, "belasting", "de belasting door het regelen van zorg (1 tot 10)", in.Burden, 1, 10)
	m.RestHours = number(&errs, "rust", "de uren per week voor gezin en rust", in.RestHours, 0, 168)
	return m, errs
}

// manage opens the family file for a change of who has access: only the
// client or a naaste who may act for them.
func (s *Service) manage(ctx context.Context, p *auth.Principal, id int64) (View, error) {
	v, err := s.open(ctx, p, id, audit.ActionGrant)
	if err != nil {
		return v, err
	}
	if !v.Manage {
		return v, &web.Error{Code: web.CodeForbidden, Message: "Alleen het gezin zelf (de cliënt of wie voor de cliënt mag handelen) bepaalt wie dit dossier ziet.",
			English: "Only the family itself (the client or whoever may act for them) decides who sees this file."}
	}
	return v, nil
}

// Professional is an account a family may invite, by name.
type Professional struct {
	UserID       int64
	Name         string
	Organisation string
	Role         auth.Role
}

// Label names the professional with their role and organisation.
func (pr Professional) Label() string {
	s := pr.Name + " (" + pr.Role.Label()
	if pr.Organisation != "" {
		s += ", " + pr.Organisation
	}
	return s + ")"
}

// invitable are the roles a family may give access to its file: the
// professionals who may see health data. Programme and beheerder never.
func invitable(r auth.Role) bool {
	return r.Professional() && r.SeesHealthData()
}

// Professionals lists the accounts a family may invite, supporters first,
// by name.
func (s *Service) Professionals(ctx context.Context) ([]Professional, error) {
	us, err := s.accounts.Users(ctx)
	if err != nil {
		return nil, err
	}
	var out []Professional
	for _, u := range us {
		if u.Disabled || !invitable(u.Role) {
			continue
		}
		out = append(out, Professional{UserID: u.ID, Name: u.DisplayName, Organisation: u.Organisation, Role: u.Role})
	}
	slices.SortStableFunc(out, func(a, b Professional) int {
		ra, rb := a.Role == auth.RoleOndersteuner, b.Role == auth.RoleOndersteuner
		if ra != rb {
			if ra {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Name, b.Name)
	})
	return out, nil
}

func (s *Service) professional(ctx context.Context, userID int64) (Professional, bool, error) {
	ps, err := s.Professionals(ctx)
	if err != nil {
		return Professional{}, false, err
	}
	for _, pr := range ps {
		if pr.UserID == userID {
			return pr, true, nil
		}
	}
	return Professional{}, false, nil
}

// InviteInput is the family's invitation: whom (an account chosen by
// name) and, for a professional other than the supporter, which sections.
type InviteInput struct {
	UserID   int64
	Sections []string
}

// decodeInviteSections checks the sections ticked for an invited
// professional who is not a client supporter, without the database, so
// the invite form can be fuzzed (issue 18): at least one, each from the
// list, kept once each in the order ticked. Who is invited is Invite's to
// check.
func decodeInviteSections(ticked []string) ([]Section, []web.FieldError) {
	var errs []web.FieldError
	var secs []Section
	for _, x := range ticked {
		sec := Section(x)
		if !slices.Contains(Sections(), sec) {
			errs = append(errs, web.FieldError{Field: "delen", Message: "Kies alleen onderdelen uit de lijst."})
			break
		}
		if !slices.Contains(secs, sec) {
			secs = append(secs, sec)
		}
	}
	if len(secs) == 0 {
		errs = append(errs, web.FieldError{Field: "delen", Message: "Kies welke onderdelen deze persoon mag zien."})
	}
	return secs, errs
}

// Invite gives a professional access to the family file. Inviting a
// client supporter makes them the family's supporter with every section;
// another professional reads only the sections the family ticks.
func (s *Service) Invite(ctx context.Context, p *auth.Principal, familyID int64, in InviteInput) (int64, error) {
	v, err := s.manage(ctx, p, familyID)
	if err != nil {
		return 0, err
	}
	var errs []web.FieldError
	pr, ok, err := s.professional(ctx, in.UserID)
	if err != nil {
		return 0, err
	}
	if !ok {
		errs = append(errs, web.FieldError{Field: "wie", Message: "Kies uit de lijst wie u uitnodigt."})
	}
	g := Grant{FamilyID: familyID, UserID: in.UserID, Kind: GrantProfessional, GrantedBy: p.UserID, GrantedAt: s.now()}
	if ok && pr.Role == auth.RoleOndersteuner {
		g.Kind, g.Sections = GrantSupporter, Sections()
	} else {
		var fs []web.FieldError
		g.Sections, fs = decodeInviteSections(in.Sections)
		errs = append(errs, fs...)
	}
	if ok {
		if _, has, err := s.store.activeGrant(ctx, familyID, in.UserID); err != nil {
			return 0, err
		} else if has {
			errs = append(errs, web.FieldError{Field: "wie", Message: pr.Name + " heeft al toegang. Trek die eerst in als u iets wilt veranderen."})
		}
	}
	if len(errs) > 0 {
		return 0, badInput(errs)
	}
	var id int64
	err = s.d.Tx(ctx, func(tx *sql.Tx) error {
		if id, err = s.store.insertGrant(ctx, tx, g); err != nil {
			return err
		}
		if g.Kind == GrantSupporter {
			if err := s.store.setSupporter(ctx, tx, familyID, g.UserID); err != nil {
				return err
			}
		}
		return s.aud.RecordTx(ctx, tx, p, v.event(audit.ActionGrant))
	})
	return id, err
}

// Withdraw ends an access the family gave. Withdrawing the supporter
// leaves the file without a supporter until the family invites one.
func (s *Service) Withdraw(ctx context.Context, p *auth.Principal, familyID, grantID int64) error {
	v, err := s.manage(ctx, p, familyID)
	if err != nil {
		return err
	}
	return s.d.Tx(ctx, func(tx *sql.Tx) error {
		g, err := s.store.grantByID(ctx, tx, grantID)
		if errors.Is(err, errNoRow) || (err == nil && g.FamilyID != familyID) {
			return &web.Error{Code: web.CodeNotFound, Message: "Deze toegang hoort niet bij uw gezinsdossier.", English: "This access does not belong to your family file."}
		}
		if err != nil {
			return err
		}
		ok, err := s.store.withdrawGrant(ctx, tx, grantID, p.UserID, s.now())
		if err != nil {
			return err
		}
		if !ok {
			return &web.Error{Code: web.CodeConflict, Message: "Deze toegang was al ingetrokken.", English: "This access was already withdrawn."}
		}
		if g.Kind == GrantSupporter && v.Family.SupporterID == g.UserID {
			if err := s.store.setSupporter(ctx, tx, familyID, 0); err != nil {
				return err
			}
		}
		return s.aud.RecordTx(ctx, tx, p, v.event(audit.ActionRevoke))
	})
}

// Own is the family files of the clients p reaches as client or naaste
// (the register decides), each with what p may do, recorded.
func (s *Service) Own(ctx context.Context, p *auth.Principal) ([]File, []clients.Authority, error) {
	reach, err := s.reg.Represented(ctx, p, clients.SubjectSupport)
	if err != nil {
		return nil, nil, err
	}
	var out []File
	for _, a := range reach {
		fs, err := s.store.familiesOfClient(ctx, a.ClientID)
		if err != nil {
			return nil, nil, err
		}
		for _, f := range fs {
			fl, err := s.File(ctx, p, f.ID)
			if err != nil {
				return nil, nil, err
			}
			out = append(out, fl)
		}
	}
	return out, reach, nil
}

// StartInput is a family's first invitation of a supporter, which starts
// the family file.
type StartInput struct {
	ClientID    int64
	Pilot       string
	SupporterID int64
}

// startPilotErrors checks the pilot of a new family file without the
// database, so the start form can be fuzzed (issue 18). The client and the
// supporter are Start's to check.
func startPilotErrors(in StartInput) []web.FieldError {
	if !Pilot(in.Pilot).Valid() {
		return []web.FieldError{{Field: "pilot", Message: "Kies bij welke groep het gezin hoort."}}
	}
	return nil
}

// Start opens a family file for a client the caller may act for, with the
// supporter they invite.
func (s *Service) Start(ctx context.Context, p *auth.Principal, in StartInput) (int64, error) {
	a, err := s.reg.AuthorityFor(ctx, p, in.ClientID, clients.SubjectSupport)
	if err != nil && !errors.Is(err, clients.ErrNotFound) {
		return 0, err
	}
	if !a.Act || (p.Role != auth.RoleClient && p.Role != auth.RoleNaaste) {
		return 0, &web.Error{Code: web.CodeForbidden, Message: "U kunt alleen voor uzelf of voor wie u mag handelen een cliëntondersteuner uitnodigen.",
			English: "You can only invite a client supporter for yourself or for someone you may act for."}
	}
	errs := startPilotErrors(in)
	pr, ok, err := s.professional(ctx, in.SupporterID)
	if err != nil {
		return 0, err
	}
	if !ok || pr.Role != auth.RoleOndersteuner {
		errs = append(errs, web.FieldError{Field: "ondersteuner", Message: "Kies een cliëntondersteuner uit de lijst."})
	}
	if len(errs) > 0 {
		return 0, badInput(errs)
	}
	ref, err := s.reg.Ref(ctx, in.ClientID)
	if err != nil {
		return 0, err
	}
	now := s.now()
	var id int64
	err = s.d.Tx(ctx, func(tx *sql.Tx) error {
		if id, err = s.store.createFamily(ctx, tx, Family{ClientID: in.ClientID, Pilot: Pilot(in.Pilot), Region: ref.Region, SupporterID: in.SupporterID, IntakeOn: dayOf(now), CreatedAt: now}); err != nil {
			return err
		}
		if _, err := s.store.insertGrant(ctx, tx, Grant{FamilyID: id, UserID: in.SupporterID, Kind: GrantSupporter, Sections: Sections(), GrantedBy: p.UserID, GrantedAt: now}); err != nil {
			return err
		}
		ev := a.Audit(audit.Event{Action: audit.ActionGrant, ClientID: in.ClientID, Object: "family_file", ObjectID: strconv.FormatInt(id, 10), Purpose: audit.PurposeClientAccess})
		return s.aud.RecordTx(ctx, tx, p, ev)
	})
	return id, err
}
