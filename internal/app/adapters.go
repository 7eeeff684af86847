package app

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/crisis"
	"github.com/volwaardig/volwaardig/internal/orgs"
	"github.com/volwaardig/volwaardig/internal/placement"
	"github.com/volwaardig/volwaardig/internal/sleep"
	"github.com/volwaardig/volwaardig/internal/support"
)

// crisisHandover adapts the placement register to the crisis module's
// PlacementHandover: modules do not import each other, so the request and
// the result are translated here; a refusal is the shared bad-input
// *web.Error, which reaches the crisis form as it is.
type crisisHandover struct{ s *placement.Service }

var _ crisis.PlacementHandover = crisisHandover{}

func (h crisisHandover) HandoverTx(ctx context.Context, tx *sql.Tx, p *auth.Principal, r crisis.HandoverRequest) (crisis.HandoverResult, error) {
	res, err := h.s.HandoverTx(ctx, tx, p, placement.HandoverRequest{ClientID: r.ClientID, Region: r.Region, Profile: r.Profile, Urgent: r.Urgent,
		Dossierhouder: r.Dossierhouder, Reason: r.Reason, Source: "crisismelding " + strconv.FormatInt(r.CaseID, 10)})
	if err != nil {
		return crisis.HandoverResult{}, err
	}
	return crisis.HandoverResult{Ref: res.Ref(), Existing: res.Existing, Dossierhouder: res.Dossierhouder}, nil
}

// supportReferral adapts the placement register to the support module's
// PlacementReferral: a family's supporter refers the client when the
// family needs a place, through the same register handover the crisis
// module uses (issue 15).
type supportReferral struct{ s *placement.Service }

var _ support.PlacementReferral = supportReferral{}

func (h supportReferral) ReferTx(ctx context.Context, tx *sql.Tx, p *auth.Principal, r support.ReferralRequest) (support.ReferralResult, error) {
	res, err := h.s.HandoverTx(ctx, tx, p, placement.HandoverRequest{ClientID: r.ClientID, Region: r.Region, Profile: r.Profile, Urgent: r.Urgent,
		Dossierhouder: r.Dossierhouder, Reason: r.Reason, Source: "gezinsdossier " + strconv.FormatInt(r.FamilyID, 10)})
	if err != nil {
		return support.ReferralResult{}, err
	}
	return support.ReferralResult{Ref: res.Ref(), Existing: res.Existing}, nil
}

func (h supportReferral) Status(ctx context.Context, p *auth.Principal, clientID int64, ref string) (support.ReferralStatus, bool, error) {
	id, ok := placement.ParseHandoverRef(ref)
	if !ok {
		return support.ReferralStatus{}, false, nil
	}
	st, ok, err := h.s.HandoverStatusOf(ctx, p, id, clientID)
	if err != nil || !ok {
		return support.ReferralStatus{}, false, err
	}
	return supportStatus(st.Phase, st.Since), true, nil
}

func (h supportReferral) Phase(ctx context.Context, clientID int64, ref string) (support.ReferralStatus, bool, error) {
	id, ok := placement.ParseHandoverRef(ref)
	if !ok {
		return support.ReferralStatus{}, false, nil
	}
	st, ok, err := h.s.HandoverPhase(ctx, id, clientID)
	if err != nil || !ok {
		return support.ReferralStatus{}, false, err
	}
	return supportStatus(st.Phase, st.Since), true, nil
}

// supportStatus is a register phase as the support module shows and
// tells it: the labels, whether the search ended, and the plain words
// the family reads.
func supportStatus(ph placement.Phase, since time.Time) support.ReferralStatus {
	return support.ReferralStatus{Phase: ph.Label(), PhaseEN: ph.LabelEN(), Since: since, Closed: ph.Closed(), Easy: ph.EasyLabel(), EasyAbout: ph.EasyLabelAbout(),
		EasyEN: ph.EasyLabelEN(), EasyAboutEN: ph.EasyLabelAboutEN()}
}

// sleepPlaces names an organisation's locations for Nachtrust's forms.
type sleepPlaces struct{ o *orgs.Store }

func (p sleepPlaces) Locations(ctx context.Context, org int64) ([]sleep.Place, error) {
	ls, err := p.o.Locations(ctx, org)
	if err != nil {
		return nil, err
	}
	out := make([]sleep.Place, len(ls))
	for i, l := range ls {
		out[i] = sleep.Place{ID: l.ID, Name: l.Name}
	}
	return out, nil
}

// LocationOrganisation is the organisation a location belongs to.
func (p sleepPlaces) LocationOrganisation(ctx context.Context, loc int64) (int64, error) {
	return p.o.LocationOrganisation(ctx, loc)
}
