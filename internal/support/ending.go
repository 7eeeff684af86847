package support

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"time"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/web"
)

// EndReason is why a family's support ended. Support lasts as long as the
// family needs it, so the reasons say who or what ended it; the programme
// reads them in the inzage and a family reads them on its own page.
type EndReason string

// The reasons a family's support ends.
const (
	EndGoalsMet    EndReason = "doelen_bereikt"
	EndFamilyStops EndReason = "gezin_stopt"
	EndOtherHelp   EndReason = "andere_hulp"
	EndMoved       EndReason = "verhuisd"
	EndDeceased    EndReason = "overleden"
	EndOther       EndReason = "anders"
)

// EndReasons lists the reasons in the order of the form.
func EndReasons() []EndReason {
	return []EndReason{EndGoalsMet, EndFamilyStops, EndOtherHelp, EndMoved, EndDeceased, EndOther}
}

// Label is the reason in Dutch, written so that it reads as an answer to
// "Waarom is de ondersteuning gestopt?" on the family's easy-read page too.
func (r EndReason) Label() string {
	switch r {
	case EndGoalsMet:
		return "De doelen zijn bereikt"
	case EndFamilyStops:
		return "Het gezin wil stoppen"
	case EndOtherHelp:
		return "Andere hulp neemt het over"
	case EndMoved:
		return "Het gezin is verhuisd"
	case EndDeceased:
		return "De cliënt is overleden"
	case EndOther:
		return "Een andere reden"
	}
	return string(r)
}

// Ending is the recorded end of a family's support.
type Ending struct {
	FamilyID   int64
	EndedOn    time.Time
	Reason     EndReason
	Note       string
	EndedBy    int64
	EndedByWho string
	RecordedAt time.Time
}

// EndInput is the form that ends a family's support.
type EndInput struct {
	Reason, Date, Note string
}

// End ends a family's support: by the supporter who keeps the file or by
// the family itself (the client or a naaste who may act for them). The day
// lies between the intake and today and not before the last logged action
// or measure (nothing happens in a file after it ended); "een andere
// reden" needs a note. The file stays readable for who had access; nothing
// can be added to it, and the family can invite a supporter again, which
// starts a new file. All errors at once; a refused form writes nothing.
func (s *Service) End(ctx context.Context, p *auth.Principal, familyID int64, in EndInput) error {
	v, err := s.open(ctx, p, familyID, audit.ActionUpdate)
	if err != nil {
		return err
	}
	if !v.Family.Active() {
		return &web.Error{Code: web.CodeConflict, Message: "De ondersteuning van dit gezin is al beëindigd op " + v.Family.EndedOn.Format("02-01-2006") + ".",
			English: "The support of this family already ended on " + v.Family.EndedOn.Format("02-01-2006") + "."}
	}
	if !v.Write && !v.Manage {
		return &web.Error{Code: web.CodeForbidden, Message: "Alleen de cliëntondersteuner van het gezin of het gezin zelf kan de ondersteuning beëindigen.",
			English: "Only the family's client supporter or the family itself can end the support."}
	}
	reason, endedOn, note, errs := decodeEnd(in, v.Family.IntakeOn, s.now())
	if !endedOn.IsZero() {
		last, err := s.lastEntry(ctx, familyID)
		if err != nil {
			return err
		}
		if endedOn.Before(last) {
			errs = append(errs, web.FieldError{Field: "einddatum", Message: "De einddatum ligt vóór de laatste actie of meting op " + last.Format("02-01-2006") + "; kies die dag of later."})
		}
	}
	if len(errs) > 0 {
		return badInput(errs)
	}
	return s.d.Tx(ctx, func(tx *sql.Tx) error {
		ok, err := s.store.endFamily(ctx, tx, Ending{FamilyID: familyID, EndedOn: endedOn, Reason: reason, Note: note, EndedBy: p.UserID, RecordedAt: s.now()})
		if err != nil {
			return err
		}
		if !ok {
			return &web.Error{Code: web.CodeConflict, Message: "De ondersteuning van dit gezin is zojuist al beëindigd.", English: "The support of this family was just ended."}
		}
		return s.aud.RecordTx(ctx, tx, p, v.event(audit.ActionUpdate))
	})
}

// decodeEnd reads the form that ends a family's support without the
// database, so it can be fuzzed (issue 18): a known reason, a day from the
// intake to today (now), a note of at most 500 characters that "een
// andere reden" needs. The last logged entry is End's to check.
func decodeEnd(in EndInput, intake, now time.Time) (EndReason, time.Time, string, []web.FieldError) {
	var errs []web.FieldError
	reason := EndReason(in.Reason)
	if !slices.Contains(EndReasons(), reason) {
		errs = append(errs, web.FieldError{Field: "reden", Message: "Kies waarom de ondersteuning stopt."})
	}
	endedOn := day(&errs, "einddatum", "de einddatum", in.Date, intake, now)
	note := text(&errs, "eindtoelichting", "de toelichting", in.Note, reason == EndOther, 500)
	return reason, endedOn, note, errs
}

// lastEntry is the day of the family's last logged action or measure (zero
// when there is none).
func (s *Service) lastEntry(ctx context.Context, familyID int64) (time.Time, error) {
	var last time.Time
	as, err := s.store.actions(ctx, familyID)
	if err != nil {
		return last, err
	}
	for _, a := range as {
		if a.HappenedOn.After(last) {
			last = a.HappenedOn
		}
	}
	ms, err := s.store.measurements(ctx, familyID)
	if err != nil {
		return last, err
	}
	for _, m := range ms {
		if m.MeasuredOn.After(last) {
			last = m.MeasuredOn
		}
	}
	return dayOf(last), nil
}

// endingOf is the recorded end of a family's support with the name of who
// ended it; ok is false while the support runs.
func (s *Service) endingOf(ctx context.Context, familyID int64) (Ending, bool, error) {
	e, err := s.store.ending(ctx, familyID)
	if errors.Is(err, errNoRow) {
		return e, false, nil
	}
	if err != nil {
		return e, false, err
	}
	if e.EndedBy != 0 {
		names, err := s.accounts.DisplayNames(ctx, []int64{e.EndedBy})
		if err != nil {
			return e, false, err
		}
		e.EndedByWho = names[e.EndedBy]
	}
	return e, true, nil
}

// Reopening is an ending undone: the end that was recorded and why the
// support runs again, by whom and when.
type Reopening struct {
	FamilyID    int64
	EndedOn     time.Time
	EndReason   EndReason
	Reason      string
	ReopenedBy  int64
	ReopenedWho string
	ReopenedAt  time.Time
}

// decodeReopen checks the reason for reopening a family's support
// without the database, so the form can be fuzzed (issue 18): required, at
// most 500 characters. A newer running file is Reopen's to check.
func decodeReopen(reason string) (string, []web.FieldError) {
	var errs []web.FieldError
	why := text(&errs, "heropenreden", "de reden", reason, true, 500)
	return why, errs
}

// Reopen undoes the end of a family's support, for a mistaken ending or a
// family that needs help again soon after: by the supporter who kept the
// file or by the family. The reason is required; a file whose client has
// a newer running file is not reopened (the family works in that one).
// The ending is kept in the file's history, the change is audited, and
// every error comes at once; a refusal writes nothing.
func (s *Service) Reopen(ctx context.Context, p *auth.Principal, familyID int64, reason string) error {
	v, err := s.open(ctx, p, familyID, audit.ActionUpdate)
	if err != nil {
		return err
	}
	if v.Family.Active() {
		return &web.Error{Code: web.CodeConflict, Message: "De ondersteuning van dit gezin loopt al.", English: "The support of this family is already running."}
	}
	if !v.Keeper && !v.Manage {
		return &web.Error{Code: web.CodeForbidden, Message: "Alleen de cliëntondersteuner van het gezin of het gezin zelf kan de ondersteuning weer openen.",
			English: "Only the family's client supporter or the family itself can reopen the support."}
	}
	why, errs := decodeReopen(reason)
	other, err := s.store.runningFileOf(ctx, s.d, v.Family.ClientID, familyID)
	if err != nil {
		return err
	}
	if other != 0 {
		errs = append(errs, web.FieldError{Field: "heropenreden", Message: "Er loopt al een nieuwer dossier voor dit gezin. Werk daarin verder; dit dossier blijft gesloten."})
	}
	if len(errs) > 0 {
		return badInput(errs)
	}
	e, ok, err := s.endingOf(ctx, familyID)
	if err != nil {
		return err
	}
	if !ok {
		e = Ending{FamilyID: familyID, EndedOn: v.Family.EndedOn}
	}
	return s.d.Tx(ctx, func(tx *sql.Tx) error {
		ok, err := s.store.reopenFamily(ctx, tx, e, Reopening{Reason: why, ReopenedBy: p.UserID, ReopenedAt: s.now()})
		if err != nil {
			return err
		}
		if !ok {
			return &web.Error{Code: web.CodeConflict, Message: "De ondersteuning van dit gezin is zojuist al weer geopend.", English: "The support of this family was just reopened."}
		}
		return s.aud.RecordTx(ctx, tx, p, v.event(audit.ActionUpdate))
	})
}

// reopeningsOf lists the file's undone endings with who reopened them.
func (s *Service) reopeningsOf(ctx context.Context, familyID int64) ([]Reopening, error) {
	rs, err := s.store.reopenings(ctx, familyID)
	if err != nil || len(rs) == 0 {
		return rs, err
	}
	ids := make([]int64, len(rs))
	for i, r := range rs {
		ids[i] = r.ReopenedBy
	}
	names, err := s.accounts.DisplayNames(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i := range rs {
		rs[i].ReopenedWho = names[rs[i].ReopenedBy]
	}
	return rs, nil
}
