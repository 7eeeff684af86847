package placement

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/orgs"
)

// ErrNotFound is returned for a record that does not exist or is out of the
// user's scope (the two are not told apart, so ids cannot be probed).
var ErrNotFound = errors.New("placement: not found")

const caseColumns = `pc.id, pc.client_id, pc.region, pc.profile, pc.meerzorg, pc.wzd, pc.waiting, pc.phase,
	pc.low_stimulus, pc.one_to_one, pc.secured, pc.wheelchair, pc.age_group, pc.gender, pc.max_distance_km, pc.expertise,
	pc.family_lat, pc.family_lon, pc.wish_region, pc.wish_organisation, pc.wishes_client, pc.wishes_family, pc.dossierhouder,
	pc.registered_at, pc.deadline, pc.phase_since, pc.parked_until, pc.objection, pc.escalated_at, pc.escalation_reason,
	pc.reassess_since, pc.waiting_before, pc.objectable_reason, pc.objection_at, pc.contact_user_id`

// Case is a person in the register with the fields only the pages need.
type Case struct {
	Person
	BirthDate   string
	Objection   string
	ObjectionAt time.Time
	EscalatedAt time.Time
	// ReassessSince is when a decline sent the case back to wait for a
	// reassessment of the indication; zero = no reassessment pending.
	ReassessSince time.Time
	// WaitingBefore is the waiting status a decline replaced ("" = none),
	// restored when the table upholds the client's objection.
	WaitingBefore WaitingStatus
	// ObjectableReason is the decline whose consequence the client may
	// object to ("" = none).
	ObjectableReason DeclineReason
}

// store is the module's one store type (DESIGN §6): every SQL statement of
// placement is a method on it, in the store*.go files, so the service code
// reads as rules and the queries can be reviewed in one place. Methods take
// a db.Querier so they run inside the caller's transaction.
//
// The platform's tables (clients, accounts, organisations, regions,
// locations) are not joined here: names, birth dates and organisation codes come from the
// platform packages' batch look-ups (one query per set of ids), so the
// client register and the reference data keep their own schema.
type store struct {
	db       *db.DB
	people   *clients.Directory
	accounts *auth.Directory
	orgs     *orgs.Store
}

func newStore(d *db.DB) store {
	return store{db: d, people: clients.NewDirectory(d), accounts: auth.NewDirectory(d), orgs: orgs.NewStore(d)}
}

// named fills the client's name and birth date of each case from the
// client register, in one look-up for the whole list.
func (st store) named(ctx context.Context, q db.Querier, cs []Case) error {
	if len(cs) == 0 {
		return nil
	}
	ids := make([]int64, len(cs))
	for i, c := range cs {
		ids[i] = c.ClientID
	}
	people, err := st.people.People(ctx, q, ids)
	if err != nil {
		return fmt.Errorf("placement: client names: %w", err)
	}
	for i := range cs {
		p, ok := people[cs[i].ClientID]
		if !ok {
			return fmt.Errorf("placement case %d: client %d is not in the client register", cs[i].CaseID, cs[i].ClientID)
		}
		cs[i].Name, cs[i].BirthDate = p.Name, p.BirthDate
	}
	return nil
}

type scanner interface{ Scan(dest ...any) error }

func scanCase(s scanner) (Case, error) {
	var c Case
	var prof, wzd, waiting, phase, age, gender, exp string
	var deadline, parked, escalated, reassess, objected sql.NullTime
	var before, objectable string
	var contact sql.NullInt64
	err := s.Scan(&c.CaseID, &c.ClientID, &c.Region, &prof, &c.Meerzorg, &wzd, &waiting, &phase,
		&c.Needs.LowStimulus, &c.Needs.OneToOne, &c.Needs.Secured, &c.Needs.Wheelchair, &age, &gender, &c.Needs.MaxDistanceKm, &exp,
		&c.FamilyLat, &c.FamilyLon, &c.WishRegion, &c.WishOrganisation, &c.WishesClient, &c.WishesFamily, &c.Dossierhouder,
		&c.RegisteredAt, &deadline, &c.PhaseSince, &parked, &c.Objection, &escalated, &c.EscalationReason,
		&reassess, &before, &objectable, &objected, &contact)
	if err != nil {
		return c, err
	}
	c.Profile, c.Wzd, c.Waiting, c.Phase = Profile(prof), WzdStatus(wzd), WaitingStatus(waiting), Phase(phase)
	c.Needs.AgeGroup, c.Needs.Gender = AgeGroup(age), Gender(gender)
	// A stored code this binary does not know is an error, not "no
	// expertise needed": dropped, it would match the case to places
	// without the expertise it needs.
	if c.Needs.Expertise, err = ParseExpertise(exp); err != nil {
		return c, fmt.Errorf("placement case %d: stored expertise: %w", c.CaseID, err)
	}
	c.Deadline, c.ParkedUntil, c.EscalatedAt = deadline.Time.UTC(), parked.Time.UTC(), escalated.Time.UTC()
	c.Escalated = escalated.Valid
	c.ReassessSince, c.WaitingBefore, c.ObjectableReason, c.ObjectionAt = reassess.Time.UTC(), WaitingStatus(before), DeclineReason(objectable), objected.Time.UTC()
	c.RegisteredAt, c.PhaseSince = c.RegisteredAt.UTC(), c.PhaseSince.UTC()
	c.ContactUser = contact.Int64
	return c, nil
}

// registerColumns are the columns of a register row (registerRow), the
// list care offices open most: reading and converting all of caseColumns
// (eight of them times) for 100 rows was a fifth of the page (issue 18).
const registerColumns = `pc.id, pc.client_id, pc.region, pc.profile, pc.meerzorg, pc.waiting, pc.phase, pc.registered_at, pc.deadline, pc.escalated_at`

// scanRegisterCase reads registerColumns; the other fields stay zero.
func scanRegisterCase(s scanner) (Case, error) {
	var c Case
	var prof, waiting, phase string
	var deadline, escalated sql.NullTime
	if err := s.Scan(&c.CaseID, &c.ClientID, &c.Region, &prof, &c.Meerzorg, &waiting, &phase, &c.RegisteredAt, &deadline, &escalated); err != nil {
		return c, err
	}
	c.Profile, c.Waiting, c.Phase = Profile(prof), WaitingStatus(waiting), Phase(phase)
	c.RegisteredAt, c.Deadline, c.EscalatedAt, c.Escalated = c.RegisteredAt.UTC(), deadline.Time.UTC(), escalated.Time.UTC(), escalated.Valid
	return c, nil
}

// CaseFilter selects cases for lists. Empty fields select everything.
type CaseFilter struct {
	Regions       []string // nil = every region
	ClientIDs     []int64  // nil = every client
	Organisations []int64  // cases with a proposal or hold at these providers
	Phase         Phase
	OpenOnly      bool
	Limit         int
	Offset        int // rows to skip, with Limit: one page of a long list
	// RegisterOnly reads only the register's columns (registerColumns):
	// for the register page, which shows nothing else.
	RegisterOnly bool
}

func inArgs[T any](vals []T, args *[]any) string {
	ph := make([]string, len(vals))
	for i, v := range vals {
		*args = append(*args, v)
		ph[i] = fmt.Sprintf("$%d", len(*args))
	}
	return strings.Join(ph, ",")
}

func openPhases() []string {
	var out []string
	for _, p := range Phases() {
		if p.Open() {
			out = append(out, string(p))
		}
	}
	return out
}

// caseWhere builds the WHERE clause of f over placement_cases pc; none is
// false when f selects nothing at all (an empty, non-nil list).
func caseWhere(f CaseFilter) (clause string, args []any, none bool) {
	var where []string
	if f.Regions != nil {
		if len(f.Regions) == 0 {
			return "", nil, true
		}
		where = append(where, "pc.region IN ("+inArgs(f.Regions, &args)+")")
	}
	if f.ClientIDs != nil {
		if len(f.ClientIDs) == 0 {
			return "", nil, true
		}
		where = append(where, "pc.client_id IN ("+inArgs(f.ClientIDs, &args)+")")
	}
	if f.Organisations != nil {
		if len(f.Organisations) == 0 {
			return "", nil, true
		}
		orgs := inArgs(f.Organisations, &args)
		where = append(where, `(EXISTS (SELECT 1 FROM placement_proposals pp JOIN placement_places pl ON pl.id = pp.place_id
			WHERE pp.case_id = pc.id AND pp.status <> 'concept' AND pl.organisation_id IN (`+orgs+`))
			OR EXISTS (SELECT 1 FROM placement_holds h JOIN placement_places pl ON pl.id = h.place_id
			WHERE h.case_id = pc.id AND pl.organisation_id IN (`+orgs+`)))`)
	}
	if f.Phase != "" {
		args = append(args, string(f.Phase))
		where = append(where, fmt.Sprintf("pc.phase = $%d", len(args)))
	}
	if f.OpenOnly {
		where = append(where, "pc.phase IN ("+inArgs(openPhases(), &args)+")")
	}
	if len(where) > 0 {
		clause = " WHERE " + strings.Join(where, " AND ")
	}
	return clause, args, false
}

// countCases counts the cases matching f, ignoring Limit and Offset.
// A count names nobody, so it needs no audit record.
func (st store) countCases(ctx context.Context, q db.Querier, f CaseFilter) (int, error) {
	clause, args, none := caseWhere(f)
	if none {
		return 0, nil
	}
	var n int
	if err := q.QueryRowContext(ctx, "SELECT COUNT(*) FROM placement_cases pc"+clause, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("placement: count cases: %w", err)
	}
	return n, nil
}

// caseListSQL is listCases' query for f; none when f selects nothing.
func caseListSQL(f CaseFilter) (sqlText string, args []any, none bool) {
	clause, args, none := caseWhere(f)
	if none {
		return "", nil, true
	}
	cols := caseColumns
	if f.RegisterOnly {
		cols = registerColumns
	}
	sqlText = "SELECT " + cols + " FROM placement_cases pc" + clause + " ORDER BY pc.registered_at, pc.id"
	if f.Limit > 0 {
		sqlText += fmt.Sprintf(" LIMIT %d", f.Limit)
		if f.Offset > 0 {
			sqlText += fmt.Sprintf(" OFFSET %d", f.Offset)
		}
	}
	return sqlText, args, false
}

// listCases returns the cases matching f, oldest registration first.
func (st store) listCases(ctx context.Context, q db.Querier, f CaseFilter) ([]Case, error) {
	sqlText, args, none := caseListSQL(f)
	if none {
		return nil, nil
	}
	scan := scanCase
	if f.RegisterOnly {
		scan = scanRegisterCase
	}
	rows, err := q.QueryContext(ctx, sqlText, args...)
	if err != nil {
		return nil, fmt.Errorf("placement: list cases: %w", err)
	}
	defer rows.Close()
	var out []Case
	for rows.Next() {
		c, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Close before the look-up: inside a transaction the connection serves
	// one statement at a time.
	if err := rows.Close(); err != nil {
		return nil, err
	}
	return out, st.named(ctx, q, out)
}

func (st store) getCase(ctx context.Context, q db.Querier, id int64, forUpdate string) (Case, error) {
	c, err := scanCase(q.QueryRowContext(ctx, "SELECT "+caseColumns+" FROM placement_cases pc WHERE pc.id = $1"+forUpdate, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, ErrNotFound
	}
	if err != nil {
		return c, err
	}
	one := []Case{c}
	err = st.named(ctx, q, one)
	return one[0], err
}

// nullID stores an optional reference: 0 is NULL.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

func (st store) insertCase(ctx context.Context, tx *sql.Tx, p Person, by int64, now time.Time) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO placement_cases (client_id, region, profile, meerzorg, wzd, waiting, phase,
		low_stimulus, one_to_one, secured, wheelchair, age_group, gender, max_distance_km, expertise, family_lat, family_lon,
		wish_region, wish_organisation, wishes_client, wishes_family, dossierhouder, registered_at, deadline, phase_since, created_by, updated_at, contact_user_id)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26,$27,$28) RETURNING id`,
		p.ClientID, p.Region, string(p.Profile), p.Meerzorg, string(p.Wzd), string(p.Waiting), string(p.Phase),
		p.Needs.LowStimulus, p.Needs.OneToOne, p.Needs.Secured, p.Needs.Wheelchair, string(p.Needs.AgeGroup), string(p.Needs.Gender),
		p.Needs.MaxDistanceKm, JoinExpertise(p.Needs.Expertise), p.FamilyLat, p.FamilyLon, p.WishRegion, p.WishOrganisation,
		p.WishesClient, p.WishesFamily, p.Dossierhouder, p.RegisteredAt.UTC(), nullTime(p.Deadline), nullTime(p.PhaseSince), by, now, nullID(p.ContactUser)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("placement: insert case: %w", err)
	}
	return id, nil
}

func (st store) insertTransition(ctx context.Context, tx *sql.Tx, t Transition) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO placement_transitions (case_id, from_phase, to_phase, at, by_user, by_name, reason)
		VALUES ($1,$2,$3,$4,$5,$6,$7)`, t.CaseID, string(t.From), string(t.To), t.At.UTC(), t.By, t.ByName, t.Reason)
	if err != nil {
		return fmt.Errorf("placement: record transition: %w", err)
	}
	return nil
}

func (st store) listTransitions(ctx context.Context, q db.Querier, caseID int64) ([]Transition, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, case_id, from_phase, to_phase, at, by_user, by_name, reason
		FROM placement_transitions WHERE case_id = $1 ORDER BY at, id`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Transition
	for rows.Next() {
		var t Transition
		var from, to string
		if err := rows.Scan(&t.ID, &t.CaseID, &from, &to, &t.At, &t.By, &t.ByName, &t.Reason); err != nil {
			return nil, err
		}
		t.From, t.To = Phase(from), Phase(to)
		out = append(out, t)
	}
	return out, rows.Err()
}

const placeColumns = `pl.id, pl.organisation_id, COALESCE(pl.location_id, 0), pl.name, pl.kind, pl.region, pl.lat, pl.lon, pl.capacity, pl.occupied,
	pl.profiles, pl.low_stimulus, pl.one_to_one, pl.secured, pl.wheelchair, pl.wzd_accommodation, pl.age_groups, pl.gender, pl.expertise,
	pl.adaptable, pl.ready_date, pl.cost_per_year, pl.stay, pl.available_from, pl.available_until, pl.availability, pl.contact_phone, pl.website,
	(SELECT COUNT(*) FROM placement_holds h WHERE h.place_id = pl.id AND h.released_at IS NULL)`

func scanPlace(s scanner) (Place, error) {
	var p Place
	var kind, profs, ages, gender, exp string
	var ready, from, until sql.NullTime
	var stay string
	err := s.Scan(&p.ID, &p.OrganisationID, &p.LocationID, &p.Name, &kind, &p.Region, &p.Lat, &p.Lon, &p.Capacity, &p.Occupied,
		&profs, &p.LowStimulus, &p.OneToOne, &p.Secured, &p.Wheelchair, &p.WzdAccommodation, &ages, &gender, &exp,
		&p.Adaptable, &ready, &p.CostPerYear, &stay, &from, &until, &p.Availability, &p.Phone, &p.Website, &p.Held)
	if err != nil {
		return p, err
	}
	p.Stay, p.AvailableFrom, p.AvailableUntil = Stay(stay), from.Time.UTC(), until.Time.UTC()
	p.Kind, p.Gender = PlaceKind(kind), Gender(gender)
	// As in scanCase: an unknown stored code is an error, not an empty list.
	if p.Profiles, err = ParseProfiles(profs); err != nil {
		return p, fmt.Errorf("placement place %d: stored profiles: %w", p.ID, err)
	}
	for _, a := range strings.Split(ages, ",") {
		if a != "" {
			p.AgeGroups = append(p.AgeGroups, AgeGroup(a))
		}
	}
	if p.Expertise, err = ParseExpertise(exp); err != nil {
		return p, fmt.Errorf("placement place %d: stored expertise: %w", p.ID, err)
	}
	p.ReadyDate = ready.Time.UTC()
	return p, nil
}

// PlaceFilter selects places.
type PlaceFilter struct {
	Regions       []string
	Organisations []int64
	IDs           []int64
	// AllStays includes the respite places (part-time stay, logeren,
	// weekends, holidays); without it a filter selects places to live,
	// the only ones the matching may offer.
	AllStays bool
}

func (st store) listPlaces(ctx context.Context, q db.Querier, f PlaceFilter) ([]Place, error) {
	var where []string
	var args []any
	if f.Regions != nil {
		if len(f.Regions) == 0 {
			return nil, nil
		}
		where = append(where, "pl.region IN ("+inArgs(f.Regions, &args)+")")
	}
	if f.Organisations != nil {
		if len(f.Organisations) == 0 {
			return nil, nil
		}
		where = append(where, "pl.organisation_id IN ("+inArgs(f.Organisations, &args)+")")
	}
	if f.IDs != nil {
		if len(f.IDs) == 0 {
			return nil, nil
		}
		where = append(where, "pl.id IN ("+inArgs(f.IDs, &args)+")")
	}
	if !f.AllStays {
		where = append(where, "pl.stay = ''")
	}
	sqlText := "SELECT " + placeColumns + " FROM placement_places pl"
	if len(where) > 0 {
		sqlText += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := q.QueryContext(ctx, sqlText+" ORDER BY pl.region, pl.id", args...)
	if err != nil {
		return nil, fmt.Errorf("placement: list places: %w", err)
	}
	defer rows.Close()
	var out []Place
	for rows.Next() {
		p, err := scanPlace(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	return out, st.placesNamed(ctx, q, out)
}

// placesNamed fills each place's organisation name from the reference
// data, in one look-up for the whole list.
func (st store) placesNamed(ctx context.Context, q db.Querier, ps []Place) error {
	if len(ps) == 0 {
		return nil
	}
	ids := make([]int64, len(ps))
	for i, p := range ps {
		ids[i] = p.OrganisationID
	}
	os, err := st.orgs.ByIDs(ctx, q, ids)
	if err != nil {
		return fmt.Errorf("placement: organisation names: %w", err)
	}
	for i := range ps {
		ps[i].Organisation = os[ps[i].OrganisationID].Name
	}
	return nil
}

func (st store) getPlace(ctx context.Context, q db.Querier, id int64, forUpdate string) (Place, error) {
	// FOR UPDATE cannot lock a row with an aggregate subquery on
	// PostgreSQL, so lock the row first and read it second.
	if forUpdate != "" {
		var one int
		if err := q.QueryRowContext(ctx, "SELECT 1 FROM placement_places WHERE id = $1"+forUpdate, id).Scan(&one); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return Place{}, ErrNotFound
			}
			return Place{}, err
		}
	}
	p, err := scanPlace(q.QueryRowContext(ctx, "SELECT "+placeColumns+" FROM placement_places pl WHERE pl.id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, ErrNotFound
	}
	if err != nil {
		return p, err
	}
	one := []Place{p}
	err = st.placesNamed(ctx, q, one)
	return one[0], err
}

func joinAges(as []AgeGroup) string {
	s := make([]string, len(as))
	for i, a := range as {
		s[i] = string(a)
	}
	return strings.Join(s, ",")
}

func (st store) insertPlace(ctx context.Context, q db.Querier, p Place, now time.Time) (int64, error) {
	var id int64
	var loc any
	if p.LocationID > 0 {
		loc = p.LocationID
	}
	err := q.QueryRowContext(ctx, `INSERT INTO placement_places (organisation_id, location_id, name, kind, region, lat, lon, capacity, occupied,
		profiles, low_stimulus, one_to_one, secured, wheelchair, wzd_accommodation, age_groups, gender, expertise, adaptable, ready_date, cost_per_year, created_at,
		stay, available_from, available_until, availability, contact_phone, website)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26,$27,$28) RETURNING id`,
		p.OrganisationID, loc, p.Name, string(p.Kind), p.Region, p.Lat, p.Lon, p.Capacity, p.Occupied, JoinProfiles(p.Profiles),
		p.LowStimulus, p.OneToOne, p.Secured, p.Wheelchair, p.WzdAccommodation, joinAges(p.AgeGroups), string(p.Gender), JoinExpertise(p.Expertise),
		p.Adaptable, nullTime(p.ReadyDate), p.CostPerYear, now, string(p.Stay), nullTime(p.AvailableFrom), nullTime(p.AvailableUntil), p.Availability, p.Phone, p.Website).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("placement: insert place: %w", err)
	}
	return id, nil
}

// Hold is a provisional reservation of a place for one person.
type Hold struct {
	ID            int64
	PlaceID       int64
	PlaceName     string
	Organisation  int64
	CaseID        int64
	ClientID      int64
	CreatedBy     int64
	CreatedAt     time.Time
	Deadline      time.Time
	ReleasedAt    time.Time
	ReleaseReason string
}

// Active reports whether the hold still reserves its place.
func (h Hold) Active() bool { return h.ReleasedAt.IsZero() }

func (st store) listHolds(ctx context.Context, q db.Querier, where string, args ...any) ([]Hold, error) {
	rows, err := q.QueryContext(ctx, `SELECT h.id, h.place_id, pl.name, pl.organisation_id, h.case_id, pc.client_id, h.created_by, h.created_at, h.deadline, h.released_at, h.release_reason
		FROM placement_holds h JOIN placement_places pl ON pl.id = h.place_id JOIN placement_cases pc ON pc.id = h.case_id WHERE `+where+` ORDER BY h.deadline, h.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("placement: list holds: %w", err)
	}
	defer rows.Close()
	var out []Hold
	for rows.Next() {
		var h Hold
		var rel sql.NullTime
		if err := rows.Scan(&h.ID, &h.PlaceID, &h.PlaceName, &h.Organisation, &h.CaseID, &h.ClientID, &h.CreatedBy, &h.CreatedAt, &h.Deadline, &rel, &h.ReleaseReason); err != nil {
			return nil, err
		}
		h.ReleasedAt = rel.Time.UTC()
		h.CreatedAt, h.Deadline = h.CreatedAt.UTC(), h.Deadline.UTC()
		out = append(out, h)
	}
	return out, rows.Err()
}

// ProposalStatus is where a proposal stands.
type ProposalStatus string

// The proposal statuses: a batch run writes concepts; sent proposals are
// open until accepted by everyone, declined by anyone, or cancelled because
// another acceptance filled the place.
const (
	ProposalConcept   ProposalStatus = "concept"
	ProposalOpen      ProposalStatus = "open"
	ProposalAccepted  ProposalStatus = "geaccepteerd"
	ProposalDeclined  ProposalStatus = "afgewezen"
	ProposalCancelled ProposalStatus = "vervallen"
)

// Label is the Dutch wording.
func (s ProposalStatus) Label() string {
	switch s {
	case ProposalConcept:
		return "Concept"
	case ProposalOpen:
		return "Open"
	case ProposalAccepted:
		return "Geaccepteerd"
	case ProposalDeclined:
		return "Afgewezen"
	case ProposalCancelled:
		return "Vervallen"
	}
	return string(s)
}

// Proposal is a place proposed to a person.
type Proposal struct {
	ID             int64
	CaseID         int64
	ClientID       int64
	ClientName     string
	Region         string
	PlaceID        int64
	PlaceName      string
	Organisation   int64
	OrgName        string
	OrgAGB         string // the provider's AGB code, "" when not known
	RunID          int64
	Status         ProposalStatus
	Terms          Terms
	ClientAnswer   string // "", "ja", "nee"
	ProviderAnswer string
	DeclineReason  DeclineReason
	Note           string
	CreatedAt      time.Time
	AnsweredAt     time.Time
}

func (st store) listProposals(ctx context.Context, q db.Querier, where string, args ...any) ([]Proposal, error) {
	rows, err := q.QueryContext(ctx, `SELECT pp.id, pp.case_id, pc.client_id, pc.region, pp.place_id, pl.name, pl.organisation_id,
		COALESCE(pp.run_id, 0), pp.status, pp.urgency_term, pp.waiting_term, pp.misfit_term, pp.distance_term, pp.cost,
		pp.client_answer, pp.provider_answer, pp.decline_reason, pp.note, pp.created_at, pp.answered_at
		FROM placement_proposals pp JOIN placement_cases pc ON pc.id = pp.case_id JOIN placement_places pl ON pl.id = pp.place_id
		WHERE `+where+` ORDER BY pp.created_at DESC, pp.id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("placement: list proposals: %w", err)
	}
	defer rows.Close()
	var out []Proposal
	for rows.Next() {
		var p Proposal
		var status, reason string
		var ans sql.NullTime
		if err := rows.Scan(&p.ID, &p.CaseID, &p.ClientID, &p.Region, &p.PlaceID, &p.PlaceName, &p.Organisation,
			&p.RunID, &status, &p.Terms.Urgency, &p.Terms.Waiting, &p.Terms.Misfit, &p.Terms.Distance, &p.Terms.Cost,
			&p.ClientAnswer, &p.ProviderAnswer, &reason, &p.Note, &p.CreatedAt, &ans); err != nil {
			return nil, err
		}
		p.Status, p.DeclineReason = ProposalStatus(status), DeclineReason(reason)
		p.AnsweredAt = ans.Time.UTC()
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	return out, st.proposalsNamed(ctx, q, out)
}

// proposalsNamed fills the client's name and the provider's name and AGB
// code of each proposal from the platform, one look-up each for the list.
func (st store) proposalsNamed(ctx context.Context, q db.Querier, ps []Proposal) error {
	if len(ps) == 0 {
		return nil
	}
	cids, oids := make([]int64, len(ps)), make([]int64, len(ps))
	for i, p := range ps {
		cids[i], oids[i] = p.ClientID, p.Organisation
	}
	people, err := st.people.People(ctx, q, cids)
	if err != nil {
		return fmt.Errorf("placement: client names: %w", err)
	}
	os, err := st.orgs.ByIDs(ctx, q, oids)
	if err != nil {
		return fmt.Errorf("placement: organisation names: %w", err)
	}
	for i := range ps {
		ps[i].ClientName = people[ps[i].ClientID].Name
		o := os[ps[i].Organisation]
		ps[i].OrgName, ps[i].OrgAGB = o.Name, o.AGB
	}
	return nil
}

func (st store) insertProposal(ctx context.Context, tx *sql.Tx, caseID, placeID, runID int64, status ProposalStatus, t Terms, by int64, now time.Time) (int64, error) {
	var run any
	if runID > 0 {
		run = runID
	}
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO placement_proposals (case_id, place_id, run_id, status, urgency_term, waiting_term, misfit_term, distance_term, cost, created_by, created_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) RETURNING id`, caseID, placeID, run, string(status), t.Urgency, t.Waiting, t.Misfit, t.Distance, t.Cost, by, now).Scan(&id)
	return id, err
}

// Run is one batch proposal run.
type Run struct {
	ID         int64
	Region     string // "" = the whole country
	Status     string // bezig, klaar, mislukt, verstuurd
	Progress   string
	People     int
	Places     int
	Assigned   int
	TotalCost  int64
	Error      string
	StartedBy  int64
	StartedAt  time.Time
	FinishedAt time.Time
}

func (st store) getRun(ctx context.Context, q db.Querier, id int64) (Run, error) {
	var r Run
	var fin sql.NullTime
	err := q.QueryRowContext(ctx, `SELECT id, region, status, progress, people, places, assigned, total_cost, error, started_by, started_at, finished_at
		FROM placement_runs WHERE id = $1`, id).Scan(&r.ID, &r.Region, &r.Status, &r.Progress, &r.People, &r.Places, &r.Assigned, &r.TotalCost, &r.Error, &r.StartedBy, &r.StartedAt, &fin)
	if errors.Is(err, sql.ErrNoRows) {
		return r, ErrNotFound
	}
	r.FinishedAt = fin.Time.UTC()
	return r, err
}

func (st store) listRuns(ctx context.Context, q db.Querier, regions []string) ([]Run, error) {
	var args []any
	where := "region = ''"
	if len(regions) > 0 {
		where += " OR region IN (" + inArgs(regions, &args) + ")"
	}
	rows, err := q.QueryContext(ctx, `SELECT id FROM placement_runs WHERE `+where+` ORDER BY id DESC LIMIT 20`, args...)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	var out []Run
	for _, id := range ids {
		r, err := st.getRun(ctx, q, id)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// DecisionRecord is one recorded decision of a regional or national table.
type DecisionRecord struct {
	ID          int64
	CaseID      int64
	Region      string
	Agenda      AgendaKind
	Decision    Decision
	Note        string
	NewDeadline time.Time
	DecidedAt   time.Time
	By          int64
}

func (st store) listDecisions(ctx context.Context, q db.Querier, caseID int64) ([]DecisionRecord, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, case_id, region, agenda, decision, note, new_deadline, decided_at, by_user FROM placement_decisions WHERE case_id = $1 ORDER BY decided_at, id`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []DecisionRecord
	for rows.Next() {
		var d DecisionRecord
		var ag, dec string
		var nd sql.NullTime
		if err := rows.Scan(&d.ID, &d.CaseID, &d.Region, &ag, &dec, &d.Note, &nd, &d.DecidedAt, &d.By); err != nil {
			return nil, err
		}
		d.Agenda, d.Decision, d.NewDeadline = AgendaKind(ag), Decision(dec), nd.Time.UTC()
		out = append(out, d)
	}
	return out, rows.Err()
}

// Reassessment is a recorded reassessment (herindicatie) of a case's
// indication.
type Reassessment struct {
	OldProfile, NewProfile Profile
	Meerzorg               bool
	Wzd                    WzdStatus
	Note                   string
	RecordedAt             time.Time
	By                     int64
}

func (st store) listReassessments(ctx context.Context, q db.Querier, caseID int64) ([]Reassessment, error) {
	rows, err := q.QueryContext(ctx, `SELECT old_profile, new_profile, meerzorg, wzd, note, recorded_at, by_user FROM placement_reassessments WHERE case_id = $1 ORDER BY recorded_at, id`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Reassessment
	for rows.Next() {
		var r Reassessment
		var oldP, newP, wzd string
		if err := rows.Scan(&oldP, &newP, &r.Meerzorg, &wzd, &r.Note, &r.RecordedAt, &r.By); err != nil {
			return nil, err
		}
		r.OldProfile, r.NewProfile, r.Wzd = Profile(oldP), Profile(newP), WzdStatus(wzd)
		out = append(out, r)
	}
	return out, rows.Err()
}

// FollowUp is a recorded follow-up after the move: stable or crisis, and
// how the client is doing in words with the views of relatives and staff
// (empty for follow-ups recorded before those were asked).
type FollowUp struct {
	CaseID     int64
	Months     int
	Outcome    FollowUpOutcome
	Note       string
	RecordedAt time.Time
	By         int64
	ByName     string
	Wellbeing  Wellbeing
	Relatives  string
	Staff      string
}

func (st store) listFollowUps(ctx context.Context, q db.Querier, caseID int64) ([]FollowUp, error) {
	rows, err := q.QueryContext(ctx, `SELECT case_id, months, outcome, note, recorded_at, by_user, by_name, wellbeing, views_relatives, views_staff
		FROM placement_followups WHERE case_id = $1 ORDER BY months`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []FollowUp
	for rows.Next() {
		var f FollowUp
		var o, w string
		if err := rows.Scan(&f.CaseID, &f.Months, &o, &f.Note, &f.RecordedAt, &f.By, &f.ByName, &w, &f.Relatives, &f.Staff); err != nil {
			return nil, err
		}
		f.Outcome, f.Wellbeing, f.RecordedAt = FollowUpOutcome(o), Wellbeing(w), f.RecordedAt.UTC()
		out = append(out, f)
	}
	return out, rows.Err()
}

// regionFigures are nationalFigures per care-office region (the case's
// and the place's region), so the monitor can filter by region.
func (st store) regionFigures(ctx context.Context, q db.Querier) (map[string]*nationalCounts, error) {
	out := map[string]*nationalCounts{}
	at := func(region string) *nationalCounts {
		if out[region] == nil {
			out[region] = &nationalCounts{}
		}
		return out[region]
	}
	var args []any
	open := inArgs(openPhases(), &args)
	args = append(args, string(UrgentPlaatsen), string(Verhuisd))
	n := len(args)
	rows, err := q.QueryContext(ctx, fmt.Sprintf(`SELECT region,
		SUM(CASE WHEN phase IN (%[1]s) THEN 1 ELSE 0 END),
		SUM(CASE WHEN phase IN (%[1]s) AND waiting = $%[2]d THEN 1 ELSE 0 END),
		SUM(CASE WHEN phase = $%[3]d THEN 1 ELSE 0 END)
		FROM placement_cases GROUP BY region`, open, n-1, n), args...)
	if err != nil {
		return nil, fmt.Errorf("placement: figures per region: %w", err)
	}
	for rows.Next() {
		var region string
		var c nationalCounts
		if err := rows.Scan(&region, &c.open, &c.urgent, &c.moved); err != nil {
			rows.Close()
			return nil, err
		}
		r := at(region)
		r.open, r.urgent, r.moved = c.open, c.urgent, c.moved
	}
	if err := rows.Err(); err != nil {
		rows.Close()
		return nil, err
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	rows, err = q.QueryContext(ctx, `SELECT region, COALESCE(SUM(capacity), 0) FROM placement_places WHERE kind = $1 GROUP BY region`, string(Maatwerkplek))
	if err != nil {
		return nil, fmt.Errorf("placement: places per region: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var region string
		var m int
		if err := rows.Scan(&region, &m); err != nil {
			return nil, err
		}
		at(region).maatwerk = m
	}
	return out, rows.Err()
}

// nationalCounts are the register's national counts for the programme monitor.
type nationalCounts struct{ open, urgent, moved, maatwerk int }

// nationalFigures counts open and urgent cases, people moved and the
// maatwerkplekken (their capacity), over the whole country.
func (st store) nationalFigures(ctx context.Context, q db.Querier) (nationalCounts, error) {
	var f nationalCounts
	var args []any
	open := inArgs(openPhases(), &args)
	args = append(args, string(UrgentPlaatsen), string(Verhuisd), string(Maatwerkplek))
	n := len(args)
	err := q.QueryRowContext(ctx, fmt.Sprintf(`SELECT
		(SELECT COUNT(*) FROM placement_cases WHERE phase IN (%[1]s)),
		(SELECT COUNT(*) FROM placement_cases WHERE phase IN (%[1]s) AND waiting = $%[2]d),
		(SELECT COUNT(*) FROM placement_cases WHERE phase = $%[3]d),
		(SELECT COALESCE(SUM(capacity), 0) FROM placement_places WHERE kind = $%[4]d AND stay = '')`, open, n-2, n-1, n), args...).Scan(&f.open, &f.urgent, &f.moved, &f.maatwerk)
	if err != nil {
		return f, fmt.Errorf("placement: figures: %w", err)
	}
	return f, nil
}

// providersWithPlaces returns the organisations that hold places.
func (st store) providersWithPlaces(ctx context.Context, q db.Querier) ([]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT organisation_id FROM placement_places`)
	if err != nil {
		return nil, fmt.Errorf("placement: providers with places: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
