package crisis

import (
	"context"
	"database/sql"
	"sort"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/web"
)

// Case reads one case.
func (s *Service) Case(ctx context.Context, id int64) (Case, error) {
	c, err := s.store.caseByID(ctx, s.d, id, false)
	if err != nil {
		return c, err
	}
	cs := []Case{c}
	err = s.nameCases(ctx, cs)
	return cs[0], err
}

// getCase reads a case inside a transaction, locked when lock is set.
// The names are read outside it: they are committed platform records.
func (s *Service) getCase(ctx context.Context, q db.Querier, id int64, lock bool) (Case, error) {
	c, err := s.store.caseByID(ctx, q, id, lock)
	if err != nil {
		return c, err
	}
	cs := []Case{c}
	err = s.nameCases(ctx, cs)
	return cs[0], err
}

// named fills in the names of a list of cases the store read.
func (s *Service) named(ctx context.Context, read func() ([]Case, error)) ([]Case, error) {
	cs, err := read()
	if err != nil {
		return nil, err
	}
	return cs, s.nameCases(ctx, cs)
}

// SortQueue orders cases for the crisisregisseur: undecided cases first, by
// urgency and then by the deadline nearest (or most overdue); running cases
// after, a stay over its limit first.
func SortQueue(cs []Case, now time.Time) {
	sort.SliceStable(cs, func(i, j int) bool {
		a, b := cs[i], cs[j]
		if a.Status.Undecided() != b.Status.Undecided() {
			return a.Status.Undecided()
		}
		if a.Status.Undecided() {
			if a.Urgency.Rank() != b.Urgency.Rank() {
				return a.Urgency.Rank() < b.Urgency.Rank()
			}
			return a.DeadlineAt.Before(b.DeadlineAt)
		}
		if a.StayOverLimit(now) != b.StayOverLimit(now) {
			return a.StayOverLimit(now)
		}
		return a.ReportedAt.Before(b.ReportedAt)
	})
}

// RegionCases lists the open cases of the regions (and those escalated to
// them), in queue order.
func (s *Service) RegionCases(ctx context.Context, regions []string) ([]Case, error) {
	if len(regions) == 0 {
		return nil, nil
	}
	cs, err := s.named(ctx, func() ([]Case, error) { return s.store.regionCases(ctx, regions) })
	if err != nil {
		return nil, err
	}
	SortQueue(cs, s.now())
	return cs, nil
}

// TeamCases lists the cases assigned to the teams, open ones first.
func (s *Service) TeamCases(ctx context.Context, teams []int64) ([]Case, error) {
	if len(teams) == 0 {
		return nil, nil
	}
	cs, err := s.store.teamCases(ctx, teams)
	if err != nil {
		return nil, err
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].Status.Open() && !cs[j].Status.Open() })
	if len(cs) > 100 {
		cs = cs[:100]
	}
	return cs, s.nameCases(ctx, cs)
}

// ReportedBy lists the latest cases a user reported.
func (s *Service) ReportedBy(ctx context.Context, userID int64) ([]Case, error) {
	cs, err := s.store.reportedBy(ctx, userID)
	if len(cs) > 50 {
		cs = cs[:50]
	}
	if err != nil {
		return cs, err
	}
	return cs, s.nameCases(ctx, cs)
}

// ClientCases lists a client's cases, newest first.
func (s *Service) ClientCases(ctx context.Context, clientID int64) ([]Case, error) {
	return s.named(ctx, func() ([]Case, error) { return s.store.clientCases(ctx, clientID) })
}

// Settings returns a region's crisis settings, the defaults when none are
// stored.
func (s *Service) Settings(ctx context.Context, region string) (Settings, error) {
	return s.settings(ctx, s.d, region)
}

func (s *Service) settings(ctx context.Context, q db.Querier, region string) (Settings, error) {
	st, err := s.store.settings(ctx, q, region)
	if err != nil || st.OnCallUserID == 0 {
		return st, err
	}
	names, err := s.users.DisplayNames(ctx, []int64{st.OnCallUserID})
	st.OnCallName = names[st.OnCallUserID]
	return st, err
}

// Teams lists teams; region "" lists all, else the teams covering region.
func (s *Service) Teams(ctx context.Context, region string) ([]Team, error) {
	return s.store.teams(ctx, region)
}

// TeamsOf lists the teams run by the organisations.
func (s *Service) TeamsOf(ctx context.Context, orgs []int64) ([]Team, error) {
	if len(orgs) == 0 {
		return nil, nil
	}
	return s.store.teamsOf(ctx, orgs)
}

// Team reads one team.
func (s *Service) Team(ctx context.Context, id int64) (Team, error) { return s.team(ctx, s.d, id) }

func (s *Service) team(ctx context.Context, q db.Querier, id int64) (Team, error) {
	return s.store.team(ctx, q, id)
}

// CreateTeam adds a team covering regions (its home region included).
func (s *Service) CreateTeam(ctx context.Context, tx *sql.Tx, t Team) (int64, error) {
	at := t.AvailabilityAt
	if at.IsZero() {
		at = s.now()
	}
	regions := t.Regions
	if !t.Covers(t.Region) || len(regions) == 0 {
		regions = append([]string{t.Region}, regions...)
	}
	return s.store.createTeam(ctx, tx, t, regions, at)
}

// Beds lists the crisis beds of a region ("" = all regions).
func (s *Service) Beds(ctx context.Context, region string) ([]Bed, error) {
	bs, err := s.store.beds(ctx, region)
	return s.namedBeds(ctx, bs, err)
}

// BedsOf lists the beds of the organisations.
func (s *Service) BedsOf(ctx context.Context, orgs []int64) ([]Bed, error) {
	if len(orgs) == 0 {
		return nil, nil
	}
	bs, err := s.store.bedsOf(ctx, orgs)
	return s.namedBeds(ctx, bs, err)
}

// Bed reads one bed.
func (s *Service) Bed(ctx context.Context, id int64) (Bed, error) { return s.bed(ctx, s.d, id) }

func (s *Service) bed(ctx context.Context, q db.Querier, id int64) (Bed, error) {
	b, err := s.store.bed(ctx, q, id)
	if err != nil {
		return b, err
	}
	bs, err := s.namedBeds(ctx, []Bed{b}, nil)
	if err != nil {
		return b, err
	}
	return bs[0], nil
}

// CreateBed adds a contracted crisis bed.
func (s *Service) CreateBed(ctx context.Context, tx *sql.Tx, b Bed) (int64, error) {
	at := b.AvailabilityAt
	if at.IsZero() {
		at = s.now()
	}
	if b.Status == "" {
		b.Status = BedFree
	}
	// The bed's phone is the provider's crisis line in the Netherlands:
	// stored in the written form of the platform's phone rule, a wrong
	// one refused (its tel: link would not dial).
	p, ok := auth.NormalizePhone(b.Phone)
	if !ok {
		return 0, web.Invalid(web.FieldError{Field: "telefoon", Message: "Vul het telefoonnummer van het crisisbed in zoals 030 234 5601 of 0800 1234.",
			English: "Fill in the crisis bed's phone number such as 030 234 5601 or 0800 1234."})
	}
	b.Phone = p
	return s.store.createBed(ctx, tx, b, at)
}

// Support lists a case's support records, oldest first.
func (s *Service) Support(ctx context.Context, caseID int64) ([]SupportRecord, error) {
	rs, err := s.store.support(ctx, caseID)
	if err != nil || len(rs) == 0 {
		return rs, err
	}
	ids := make([]int64, len(rs))
	for i, r := range rs {
		ids[i] = r.RecordedBy
	}
	names, err := s.users.DisplayNames(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i := range rs {
		rs[i].ByName = names[rs[i].RecordedBy]
	}
	return rs, nil
}

// Extensions lists a case's extension requests, oldest first.
func (s *Service) Extensions(ctx context.Context, caseID int64) ([]Extension, error) {
	return s.store.extensions(ctx, caseID)
}

// regionExists reports whether a care-office region is known.
func (s *Service) regionExists(ctx context.Context, q db.Querier, code string) (bool, error) {
	return s.store.regionExists(ctx, q, code)
}

// RegionCodes lists the known region codes, for the intake form.
func (s *Service) RegionCodes(ctx context.Context) ([]string, error) {
	return s.store.regionCodes(ctx)
}

// RegionNames maps the known region codes to their names, so pages say
// "Utrecht (ZK11)" instead of the code alone.
func (s *Service) RegionNames(ctx context.Context) (map[string]string, error) {
	return s.store.regionNames(ctx)
}
