package crisis

import "context"

// The names on the module's pages are of clients, accounts and
// organisations: platform tables, which the module reads through the
// platform packages' look-ups (one query per set, never one per row) and
// never by its own SQL (DESIGN §6).

// UserNames names accounts (*auth.Service implements it).
type UserNames interface {
	DisplayNames(ctx context.Context, ids []int64) (map[int64]string, error)
}

// OrganisationNames names organisations (*orgs.Store implements it).
type OrganisationNames interface {
	Names(ctx context.Context, ids []int64) (map[int64]string, error)
}

// nameCases fills in the client's, the reporter's and the acknowledging
// person's names of the cases.
func (s *Service) nameCases(ctx context.Context, cs []Case) error {
	if len(cs) == 0 {
		return nil
	}
	clientIDs := make([]int64, 0, len(cs))
	userIDs := make([]int64, 0, 2*len(cs))
	for _, c := range cs {
		clientIDs = append(clientIDs, c.ClientID)
		userIDs = append(userIDs, c.ReporterID, c.AcknowledgedBy)
	}
	clientNames, err := s.reg.Names(ctx, clientIDs)
	if err != nil {
		return err
	}
	userNames, err := s.users.DisplayNames(ctx, userIDs)
	if err != nil {
		return err
	}
	for i := range cs {
		cs[i].ClientName = clientNames[cs[i].ClientID]
		cs[i].ReporterName = userNames[cs[i].ReporterID]
		cs[i].AcknowledgedName = userNames[cs[i].AcknowledgedBy]
	}
	return nil
}

// namedBeds fills in the names of the beds' organisations.
func (s *Service) namedBeds(ctx context.Context, bs []Bed, err error) ([]Bed, error) {
	if err != nil || len(bs) == 0 {
		return bs, err
	}
	ids := make([]int64, len(bs))
	for i, b := range bs {
		ids[i] = b.OrganisationID
	}
	names, err := s.organisations.Names(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i := range bs {
		bs[i].OrganisationName = names[bs[i].OrganisationID]
	}
	return bs, nil
}
