package safety

import (
	"context"
	"database/sql"
	"regexp"
	"slices"
	"time"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/web"
)

// PurposeSafety is the audit purpose of every access to a report: handling
// a report of violence or abuse. The audit log knows it and the object
// "safety_report", and keeps those entries from a representative's view.
const PurposeSafety = audit.PurposeSafety

// objectReport is the audit object code of a report.
const objectReport = audit.ObjectSafetyReport

// groupOf is the group a logged-in reporter belongs to by their role; ""
// for an anonymous reporter, who says it in the form.
func groupOf(p *auth.Principal) Group {
	if p == nil {
		return ""
	}
	switch p.Role {
	case auth.RoleClient:
		return GroupClient
	case auth.RoleNaaste:
		return GroupRelative
	}
	return GroupProfessional
}

// anonymous is the context an anonymous submission is audited in: without
// the address the web layer put there, so the entry holds no user, no
// address and no object id.
func anonymous(ctx context.Context) context.Context { return audit.WithSource(ctx, "") }

// Submitted is the outcome of a stored report: the status code, shown
// once and never again.
type Submitted struct {
	ID   int64
	Code string
}

// Submit stores a report or advice request of the care relationship for
// the provider named, with the reporter's account when logged in. The
// report and its audit entry are written together or not at all.
func (s *Service) Submit(ctx context.Context, p *auth.Principal, f flow, providerID int64, region string) (Submitted, error) {
	r := Report{Kind: f.Kind, Group: f.Group, ProviderID: providerID, Region: region, What: f.What, Where: f.Where, Who: f.Who,
		Ongoing: f.Ongoing, SafeNow: f.SafeNow, Contact: f.Contact, Status: StatusNew, CreatedAt: s.now()}
	if p != nil {
		r.ReporterID = p.UserID
		if p.Role == auth.RoleClient {
			r.ClientID = p.Scope.ClientID
		}
	}
	code := NewStatusCode()
	var out Submitted
	err := s.d.Tx(ctx, func(tx *sql.Tx) error {
		id, err := s.store.insertReport(ctx, tx, r, hashCode(code))
		if err != nil {
			return err
		}
		out = Submitted{ID: id, Code: code}
		if p == nil {
			return s.aud.RecordTx(anonymous(ctx), tx, nil, audit.Event{Action: audit.ActionCreate, Object: objectReport, Purpose: PurposeSafety})
		}
		return s.aud.RecordTx(ctx, tx, p, audit.Event{Action: audit.ActionCreate, ClientID: r.ClientID, Object: objectReport, ObjectID: itoa(int(id)), Purpose: PurposeSafety})
	})
	if err != nil {
		return Submitted{}, err
	}
	return out, nil
}

// Lookup finds the report of a status code for its reporter; ok is false
// for a code that is not known (the caller counts it for the rate limit).
// The read is audited like the submission: anonymous without address or
// object id, or as the logged-in reporter.
func (s *Service) Lookup(ctx context.Context, p *auth.Principal, code string) (Report, bool, error) {
	c := normaliseCode(code)
	if c == "" {
		return Report{}, false, nil
	}
	r, ok, err := s.store.reportByCode(ctx, s.d, hashCode(c))
	if err != nil || !ok {
		return Report{}, false, err
	}
	if err := s.recordReporterRead(ctx, p, r); err != nil {
		return Report{}, false, err
	}
	if err := s.name(ctx, []*Report{&r}); err != nil {
		return Report{}, false, err
	}
	return r, true, nil
}

func (s *Service) recordReporterRead(ctx context.Context, p *auth.Principal, r Report) error {
	if p == nil || p.UserID != r.ReporterID {
		return s.aud.Record(anonymous(ctx), nil, audit.Event{Action: audit.ActionRead, Object: objectReport, Purpose: PurposeSafety})
	}
	return s.aud.Record(ctx, p, audit.Event{Action: audit.ActionRead, ClientID: r.ClientID, Object: objectReport, ObjectID: itoa(int(r.ID)), Purpose: PurposeSafety})
}

// Reply adds the reporter's message to the report of code.
func (s *Service) Reply(ctx context.Context, p *auth.Principal, code, body string) error {
	body, errs := replyErrors(body)
	if err := web.Invalid(errs...); err != nil {
		return err
	}
	r, ok, err := s.store.reportByCode(ctx, s.d, hashCode(code))
	if err != nil {
		return err
	}
	if !ok || r.Status == StatusClosed {
		return web.BadInput("bericht", "Deze melding is afgesloten. Wilt u iets nieuws vertellen? Doe dan een nieuwe melding.", "This report is closed. Make a new report to tell something new.")
	}
	return s.d.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.store.insertMessage(ctx, tx, Message{ReportID: r.ID, FromReporter: true, Body: body, CreatedAt: s.now(), AuthorID: reporterID(p, r)}); err != nil {
			return err
		}
		if reporterID(p, r) == 0 {
			return s.aud.RecordTx(anonymous(ctx), tx, nil, audit.Event{Action: audit.ActionUpdate, Object: objectReport, Purpose: PurposeSafety})
		}
		return s.aud.RecordTx(ctx, tx, p, audit.Event{Action: audit.ActionUpdate, ClientID: r.ClientID, Object: objectReport, ObjectID: itoa(int(r.ID)), Purpose: PurposeSafety})
	})
}

// ReplyMine adds a logged-in reporter's message to one of their own
// reports, found by its id on their page "Mijn meldingen": a reporter with
// an account should not need the status code to write back. A report the
// account did not make is not found (and the refusal is audited), whatever
// the message says, so an id tried tells nothing.
func (s *Service) ReplyMine(ctx context.Context, p *auth.Principal, id int64, body string) error {
	if p == nil {
		return errReportNotFound()
	}
	r, err := s.store.reportByID(ctx, s.d, id)
	if err != nil {
		return err
	}
	if r.ReporterID != p.UserID {
		_ = s.aud.Record(ctx, p, audit.Event{Action: audit.ActionUpdate, Outcome: audit.OutcomeDenied, Object: objectReport, ObjectID: itoa(int(id)), Purpose: PurposeSafety})
		return errReportNotFound()
	}
	body, errs := replyErrors(body)
	if err := web.Invalid(errs...); err != nil {
		return err
	}
	return s.d.Tx(ctx, func(tx *sql.Tx) error {
		r, err := s.store.lockReport(ctx, tx, id)
		if err != nil {
			return err
		}
		if r.Status == StatusClosed {
			return web.BadInput("bericht", "Deze melding is afgesloten. Wilt u iets nieuws vertellen? Doe dan een nieuwe melding.", "This report is closed. Make a new report to tell something new.")
		}
		if err := s.store.insertMessage(ctx, tx, Message{ReportID: id, FromReporter: true, Body: body, CreatedAt: s.now(), AuthorID: p.UserID}); err != nil {
			return err
		}
		return s.aud.RecordTx(ctx, tx, p, audit.Event{Action: audit.ActionUpdate, ClientID: r.ClientID, Object: objectReport, ObjectID: itoa(int(id)), Purpose: PurposeSafety})
	})
}

func reporterID(p *auth.Principal, r Report) int64 {
	if p != nil && p.UserID == r.ReporterID {
		return p.UserID
	}
	return 0
}

// MineFor lists the reports the account made, for its own page and
// timeline, and records the reads.
func (s *Service) MineFor(ctx context.Context, p *auth.Principal) ([]Report, error) {
	rs, err := s.store.reportsByReporter(ctx, p.UserID)
	if err != nil {
		return nil, err
	}
	var evs []audit.Event
	ptrs := make([]*Report, len(rs))
	for i := range rs {
		ptrs[i] = &rs[i]
		evs = append(evs, audit.Event{Action: audit.ActionRead, ClientID: rs[i].ClientID, Object: objectReport, ObjectID: itoa(int(rs[i].ID)), Purpose: PurposeSafety})
	}
	if err := audit.RecordAll(ctx, s.aud, p, evs); err != nil {
		return nil, err
	}
	return rs, s.name(ctx, ptrs)
}

// IsAdviser reports whether p is a confidential adviser of a provider.
func IsAdviser(p *auth.Principal) bool {
	return p != nil && p.Role == auth.RoleAanbieder && p.HasDuty(auth.DutyConfidentialAdviser) && len(p.Scope.Organisations) > 0
}

// listGroups are the groups each of the adviser's two lists holds.
var (
	clientGroups       = []Group{GroupClient, GroupRelative}
	professionalGroups = []Group{GroupProfessional}
)

// AdviserList lists the reports of the adviser's providers made by the
// groups given, and records each report shown.
func (s *Service) AdviserList(ctx context.Context, p *auth.Principal, groups []Group) ([]Report, error) {
	if !IsAdviser(p) {
		return nil, errNotAdviser()
	}
	rs, err := s.store.reportsFor(ctx, p.Scope.Organisations, groups)
	if err != nil {
		return nil, err
	}
	ptrs := make([]*Report, len(rs))
	evs := make([]audit.Event, 0, len(rs))
	for i := range rs {
		ptrs[i] = &rs[i]
		evs = append(evs, audit.Event{Action: audit.ActionRead, ClientID: rs[i].ClientID, Object: objectReport, ObjectID: itoa(int(rs[i].ID)), Purpose: PurposeSafety})
	}
	if err := audit.RecordAll(ctx, s.aud, p, evs); err != nil {
		return nil, err
	}
	return rs, s.name(ctx, ptrs)
}

func errNotAdviser() error {
	return web.Forbidden("Alleen de vertrouwenspersoon van de zorgaanbieder behandelt meldingen.", "Only the provider's confidential adviser handles reports.")
}

// mayHandle reports whether p is the confidential adviser of the report's
// provider.
func mayHandle(p *auth.Principal, r Report) bool {
	return IsAdviser(p) && slices.Contains(p.Scope.Organisations, r.ProviderID)
}

// ForAdviser reads one report for its confidential adviser, audited; a
// report of another provider is not found (and the refusal is logged).
func (s *Service) ForAdviser(ctx context.Context, p *auth.Principal, id int64) (Report, error) {
	r, err := s.store.reportByID(ctx, s.d, id)
	if err != nil {
		return Report{}, err
	}
	if !mayHandle(p, r) {
		_ = s.aud.Record(ctx, p, audit.Event{Action: audit.ActionRead, Outcome: audit.OutcomeDenied, Object: objectReport, ObjectID: itoa(int(id)), Purpose: PurposeSafety})
		return Report{}, errReportNotFound()
	}
	if err := s.aud.Record(ctx, p, audit.Event{Action: audit.ActionRead, ClientID: r.ClientID, Object: objectReport, ObjectID: itoa(int(id)), Purpose: PurposeSafety}); err != nil {
		return Report{}, err
	}
	return r, s.name(ctx, []*Report{&r})
}

// change runs fn on the report locked in a transaction, for its adviser,
// with the change audited in the same transaction.
func (s *Service) change(ctx context.Context, p *auth.Principal, id int64, fn func(tx *sql.Tx, r Report) error) error {
	return s.d.Tx(ctx, func(tx *sql.Tx) error {
		r, err := s.store.lockReport(ctx, tx, id)
		if err != nil {
			return err
		}
		if !mayHandle(p, r) {
			return errReportNotFound()
		}
		if err := fn(tx, r); err != nil {
			return err
		}
		return s.aud.RecordTx(ctx, tx, p, audit.Event{Action: audit.ActionUpdate, ClientID: r.ClientID, Object: objectReport, ObjectID: itoa(int(id)), Purpose: PurposeSafety})
	})
}

// StepInput is a meldcode step as the adviser fills it in.
type StepInput struct {
	Step    int
	Choice  string
	Outcome string
}

// RecordStep records a meldcode step with its time and outcome. Steps go
// in order: a step may be recorded again, but none may be skipped.
func (s *Service) RecordStep(ctx context.Context, p *auth.Principal, id int64, in StepInput) error {
	in, errs := stepErrors(in)
	out := in.Outcome
	if err := web.Invalid(errs...); err != nil {
		return err
	}
	return s.change(ctx, p, id, func(tx *sql.Tx, r Report) error {
		if r.Status == StatusClosed {
			return web.Conflict("Deze melding is afgesloten.", "This report is closed.")
		}
		if in.Step > r.LastStep()+1 {
			return web.BadInput("stap", "Leg eerst stap "+itoa(r.LastStep()+1)+" van de meldcode vast.", "Record step "+itoa(r.LastStep()+1)+" of the reporting code first.")
		}
		return s.store.insertStep(ctx, tx, Step{ReportID: id, Step: in.Step, Choice: in.Choice, Outcome: out, RecordedAt: s.now(), RecordedBy: p.UserID})
	})
}

// typedAsDate is a text written as dd-mm-jjjj, whether or not the day
// exists.
var typedAsDate = regexp.MustCompile(`^\d{1,2}-\d{1,2}-\d{4}$`)

// RecordIGJ records the day the provider reported to the inspectorate
// (typed as dd-mm-jjjj, not in the future).
func (s *Service) RecordIGJ(ctx context.Context, p *auth.Principal, id int64, day string) error {
	t, errs := igjDay(day, s.now())
	if err := web.Invalid(errs...); err != nil {
		return err
	}
	return s.change(ctx, p, id, func(tx *sql.Tx, r Report) error {
		if !r.IGJDuty() {
			return web.BadInput("igj_datum", "Een adviesvraag wordt niet bij de IGJ gemeld.", "An advice request is not reported to the inspectorate.")
		}
		return s.store.setIGJ(ctx, tx, id, t.UTC(), p.UserID)
	})
}

// SendMessage sends the adviser's message to the reporter, who reads it
// on the status page; it counts as the first contact.
func (s *Service) SendMessage(ctx context.Context, p *auth.Principal, id int64, body string) error {
	body, errs := messageErrors(body)
	if err := web.Invalid(errs...); err != nil {
		return err
	}
	return s.change(ctx, p, id, func(tx *sql.Tx, r Report) error {
		if r.Status == StatusClosed {
			return web.Conflict("Deze melding is afgesloten.", "This report is closed.")
		}
		at := s.now()
		if err := s.store.insertMessage(ctx, tx, Message{ReportID: id, Body: body, CreatedAt: at, AuthorID: p.UserID}); err != nil {
			return err
		}
		return s.store.touch(ctx, tx, id, at)
	})
}

// Close closes the report with the adviser's decision.
func (s *Service) Close(ctx context.Context, p *auth.Principal, id int64, decision string) error {
	decision, errs := decisionErrors(decision)
	if err := web.Invalid(errs...); err != nil {
		return err
	}
	return s.change(ctx, p, id, func(tx *sql.Tx, r Report) error {
		if r.Status == StatusClosed {
			return web.Conflict("Deze melding is al afgesloten.", "This report is already closed.")
		}
		return s.store.close(ctx, tx, id, s.now(), decision)
	})
}

// name fills in the names of providers, clients and reporters.
func (s *Service) name(ctx context.Context, rs []*Report) error {
	if len(rs) == 0 {
		return nil
	}
	var orgIDs, clientIDs, userIDs []int64
	for _, r := range rs {
		orgIDs = append(orgIDs, r.ProviderID)
		if r.ClientID != 0 {
			clientIDs = append(clientIDs, r.ClientID)
		}
		if r.ReporterID != 0 {
			userIDs = append(userIDs, r.ReporterID)
		}
		for _, st := range r.Steps {
			userIDs = append(userIDs, st.RecordedBy)
		}
	}
	orgNames, err := s.providers.Names(ctx, orgIDs)
	if err != nil {
		return err
	}
	clientNames := map[int64]string{}
	if len(clientIDs) > 0 {
		if clientNames, err = s.clients.Names(ctx, clientIDs); err != nil {
			return err
		}
	}
	userNames := map[int64]string{}
	if len(userIDs) > 0 {
		if userNames, err = s.users.DisplayNames(ctx, userIDs); err != nil {
			return err
		}
	}
	for _, r := range rs {
		r.ProviderName, r.ClientName, r.ReporterName = orgNames[r.ProviderID], clientNames[r.ClientID], userNames[r.ReporterID]
		for i := range r.Steps {
			r.Steps[i].ByName = userNames[r.Steps[i].RecordedBy]
		}
	}
	return nil
}

// monthOf is the month key of the anonymous routing counts.
func monthOf(t time.Time) string { return t.UTC().Format("2006-01") }
