package support

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/web"
)

// PlacementReferral hands a client over to the care office's register
// (the placement module, DESIGN §2.1) when the family's case needs a place,
// as the crisis module hands over today. Modules do not import each other:
// the application wires the placement module in. ReferTx runs in the
// support module's transaction, so the file records the referral exactly
// when the register holds the client. Bad input comes back as a bad-input
// *web.Error naming the register's fields (zorgprofiel, dossierhouder,
// reden).
type PlacementReferral interface {
	ReferTx(ctx context.Context, tx *sql.Tx, p *auth.Principal, r ReferralRequest) (ReferralResult, error)
	// Status is where the register case of a referral stands now, so the
	// supporter and the family see its progress on the file (ok false
	// when the register does not know the reference, or it is not the
	// case of clientID: a file never learns about another client's case).
	Status(ctx context.Context, p *auth.Principal, clientID int64, ref string) (st ReferralStatus, ok bool, err error)
	// Phase is Status for the watch job (watch.go): no person reads, so
	// the register records nothing; the job records what it passes on.
	Phase(ctx context.Context, clientID int64, ref string) (st ReferralStatus, ok bool, err error)
}

// ReferralStatus is a referred case's phase in the register, in Dutch and
// English, and since when.
type ReferralStatus struct {
	Phase, PhaseEN string
	Since          time.Time
	// Closed says the search ended (moved, helped another way, stopped):
	// only then may the family be referred anew.
	Closed bool
	// Easy is the phase in plain words told to the client ("Wij zoeken
	// een plek voor u."); EasyAbout the same told to a relative, a
	// pattern whose %s is the client's name.
	Easy, EasyAbout string
	// EasyEN and EasyAboutEN are the same in English, for the inbox
	// message a family reads in English.
	EasyEN, EasyAboutEN string
}

// OpenReferral is the newest referral whose search in the register still
// runs: while there is one, the file shows where it stands instead of the
// form to refer again (nil when there is none).
func (fl File) OpenReferral() *Referral {
	for i, r := range fl.Referrals {
		if r.HasStatus && !r.Status.Closed {
			return &fl.Referrals[i]
		}
	}
	return nil
}

// ReferralRequest is what the register needs of a referred client.
type ReferralRequest struct {
	FamilyID int64
	ClientID int64
	// Region is the family's care-office region.
	Region string
	// Profile is the Wlz zorgprofiel as typed (e.g. VG7).
	Profile       string
	Urgent        bool
	Dossierhouder string
	Reason        string
}

// ReferralResult is the register's answer: its reference, and whether the
// client already had a search underway (then nothing new was registered).
type ReferralResult struct {
	Ref      string
	Existing bool
}

// Referral is a recorded referral of the family to the register.
type Referral struct {
	ID            int64
	FamilyID      int64
	Ref           string
	Profile       string
	Urgent        bool
	Dossierhouder string
	Reason        string
	Existing      bool
	ReferredBy    int64
	ReferredAt    time.Time
	// Status is where the register case stands now (HasStatus when the
	// register answered), filled when the file is opened.
	Status    ReferralStatus
	HasStatus bool
}

// ReferInput is the supporter's form.
type ReferInput struct {
	Profile, Dossierhouder, Reason string
	Urgent                         bool
	// Consent: the family wants the referral and knows the care office
	// sees the client's name and profile.
	Consent bool
}

// referConsentErrors checks a referral's consent without the database, so
// the refer form can be fuzzed (issue 18): the family must want it. The
// profile and the rest are the register's to check (ReferTx).
func referConsentErrors(in ReferInput) []web.FieldError {
	if !in.Consent {
		return []web.FieldError{{Field: "toestemming", Message: "Vink aan dat het gezin de aanmelding wil: het zorgkantoor ziet de naam en het zorgprofiel."}}
	}
	return nil
}

// errNoPlacement answers a referral in an installation without the
// placement module.
var errNoPlacement = &web.Error{Code: web.CodeUnavailable, Message: "Aanmelden voor een plek is in deze installatie niet beschikbaar. Neem contact op met het zorgkantoor van de regio.",
	English: "Referring for a place is not available in this installation. Contact the region's care office."}

// referFields maps the register's field names to the family page's, where
// "reden" is the ending form's.
var referFields = map[string]string{"zorgprofiel": "zorgprofiel", "dossierhouder": "dossierhouder", "reden": "plekreden", "client": "zorgprofiel", "regio": "zorgprofiel"}

// Refer refers the family's client to the care office's register when the
// family needs a place: only the supporter who keeps a running file, with
// the family's consent. In one transaction the register takes the client
// (or points to the search already underway), the file records the
// reference and the log gets an escalation entry the family reads on its
// page; the register tells the region's care office. Every error at once;
// a refusal writes nothing on either side.
func (s *Service) Refer(ctx context.Context, p *auth.Principal, familyID int64, in ReferInput) (Referral, error) {
	v, err := s.write(ctx, p, familyID)
	if err != nil {
		return Referral{}, err
	}
	if s.place == nil {
		return Referral{}, errNoPlacement
	}
	// A referral whose search still runs is not made twice (the page
	// offers no form then; this holds for a stale page and the API too).
	earlier, err := s.store.referrals(ctx, familyID)
	if err != nil {
		return Referral{}, err
	}
	for _, r := range earlier {
		st, ok, err := s.place.Phase(ctx, v.Family.ClientID, r.Ref)
		if err != nil {
			return Referral{}, err
		}
		if ok && !st.Closed {
			return Referral{}, &web.Error{Code: web.CodeConflict, Message: "Er loopt al een aanmelding bij het zorgkantoor (" + r.Ref + "). Het gezin kan opnieuw worden aangemeld als die zoektocht klaar of gestopt is.",
				English: "A referral to the care office is already running (" + r.Ref + "). The family can be referred again once that search is done or stopped."}
		}
	}
	consent := referConsentErrors(in)
	now := s.now()
	ref := Referral{FamilyID: familyID, Profile: strings.TrimSpace(in.Profile), Urgent: in.Urgent, Dossierhouder: strings.TrimSpace(in.Dossierhouder),
		Reason: strings.TrimSpace(in.Reason), ReferredBy: p.UserID, ReferredAt: now}
	err = s.d.Tx(ctx, func(tx *sql.Tx) error {
		res, err := s.place.ReferTx(ctx, tx, p, ReferralRequest{FamilyID: familyID, ClientID: v.Family.ClientID, Region: v.Family.Region, Profile: in.Profile,
			Urgent: in.Urgent, Dossierhouder: in.Dossierhouder, Reason: in.Reason})
		if fe, ok := web.FieldErrorsOf(err); ok || len(consent) > 0 {
			var errs []web.FieldError
			for _, f := range fe {
				if name, ok := referFields[f.Field]; ok {
					f.Field = name
				}
				errs = append(errs, f)
			}
			return badInput(append(consent, errs...))
		}
		if err != nil {
			return err
		}
		ref.Ref, ref.Existing = res.Ref, res.Existing
		if ref.ID, err = s.store.insertReferral(ctx, tx, ref); err != nil {
			return err
		}
		entry := Action{FamilyID: familyID, Kind: ActionEscalation, HappenedOn: dayOf(now), Event: EventReferred, EventRef: res.Ref, CreatedBy: p.UserID}
		if res.Existing {
			entry.Event = EventReferredRunning
		}
		entry.Subject, entry.Outcome = entry.SubjectIn("nl"), entry.OutcomeIn("nl")
		if _, err := s.store.insertAction(ctx, tx, entry, now); err != nil {
			return err
		}
		return s.aud.RecordTx(ctx, tx, p, v.event(audit.ActionCreate))
	})
	if err != nil {
		return ref, err
	}
	// The phase the register gives the case now is the one the family
	// knows at referral: the watch job compares its first look against
	// it, so a change the care office makes before that look is told too.
	// The register answers only once the referral is committed (it reads
	// outside this module's transaction). If it does not answer, the
	// referral stands and the watch's first look records the phase.
	if st, ok, perr := s.place.Phase(ctx, v.Family.ClientID, ref.Ref); perr == nil && ok {
		if _, err := s.store.setToldPhase(ctx, s.d, ref.ID, "", st); err != nil {
			return ref, err
		}
	}
	return ref, nil
}
