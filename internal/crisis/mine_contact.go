package crisis

import (
	"context"
	"html/template"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/clients"
)

// CallContact is whom the client's crisis page tells them to call, by
// name with the number as a tel: link (issue 11: the page said "Bel uw
// begeleider" without a number). Zero when the data knows no number; the
// page then keeps the general line.
type CallContact struct {
	Name  string // "Annelies Visser (Crisisregie Utrecht)" or a provider
	Phone string // as written, e.g. "030 299 0102"
}

// Tel is the contact's tel: link, made of digits and "+" only.
func (c CallContact) Tel() template.URL { return template.URL(auth.TelURI(c.Phone)) }

// callFor finds whom to call about a crisis, in the order the client is
// best helped: the crisis bed's provider while the client stays there
// (they care for the client now), the crisis director who took the case,
// and otherwise the region's on-call crisis director (the region's crisis
// line). Only someone with a phone number counts.
func (s *Service) callFor(ctx context.Context, c Case) (CallContact, error) {
	if c.Status == StatusAdmission && c.BedID != 0 {
		b, err := s.Bed(ctx, c.BedID)
		if err != nil {
			return CallContact{}, err
		}
		if p, ok := auth.NormalizePhone(b.Phone); ok && p != "" {
			name := b.OrganisationName
			if name == "" {
				name = b.Name
			}
			return CallContact{Name: name, Phone: p}, nil
		}
	}
	if c.TakenBy != 0 {
		if k, err := s.accountCall(ctx, c.TakenBy); err != nil || k.Phone != "" {
			return k, err
		}
	}
	return s.regionCall(ctx, c.Region)
}

// regionCall is the region's on-call crisis director with their number
// (zero when none is set or they have no number).
func (s *Service) regionCall(ctx context.Context, region string) (CallContact, error) {
	st, err := s.store.settings(ctx, s.d, region)
	if err != nil || st.OnCallUserID == 0 {
		return CallContact{}, err
	}
	return s.accountCall(ctx, st.OnCallUserID)
}

// accountCall is an account's name, organisation and work number.
func (s *Service) accountCall(ctx context.Context, id int64) (CallContact, error) {
	cs, err := auth.NewDirectory(s.d).Contacts(ctx, s.d, []int64{id})
	if err != nil {
		return CallContact{}, err
	}
	k, ok := cs[id]
	if !ok || k.Phone == "" {
		return CallContact{}, nil
	}
	name := k.Name
	if k.Organisation != "" {
		name += " (" + k.Organisation + ")"
	}
	return CallContact{Name: name, Phone: k.Phone}, nil
}

// ownRegionCall is whom a client or representative without a crisis now
// calls when things go wrong: the on-call crisis director of the region of
// the (first) client they may read the crises of.
func (s *Service) ownRegionCall(ctx context.Context, p *auth.Principal) (CallContact, error) {
	reach, err := s.reg.Represented(ctx, p, clients.SubjectCrisis)
	if err != nil || len(reach) == 0 {
		return CallContact{}, err
	}
	ref, err := s.reg.Ref(ctx, reach[0].ClientID)
	if err != nil {
		return CallContact{}, err
	}
	return s.regionCall(ctx, ref.Region)
}
