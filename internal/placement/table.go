package placement

import (
	"context"
	"database/sql"
	"maps"
	"slices"
	"time"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/orgs"
	"github.com/volwaardig/volwaardig/internal/web"
)

// AgendaLookback is how far back declined proposals count for the agenda.
const AgendaLookback = 30 * 24 * time.Hour

// AgendaEntry is an agenda item with the case it is about.
type AgendaEntry struct {
	AgendaItem
	Case Case
}

// Agenda builds the regional table's agenda for the principal's regions;
// decided items (a decision recorded after the item arose) drop off.
func (s *Service) Agenda(ctx context.Context, p *auth.Principal) ([]AgendaEntry, error) {
	if len(p.Scope.Regions) == 0 {
		return nil, nil
	}
	now := s.now()
	cs, err := s.store.listCases(ctx, s.db, CaseFilter{Regions: append([]string{}, p.Scope.Regions...), OpenOnly: true})
	if err != nil {
		return nil, err
	}
	people := make([]Person, len(cs))
	byID := map[int64]Case{}
	var objections []Objection
	for i, c := range cs {
		people[i] = c.Person
		byID[c.CaseID] = c
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, objection, objection_at FROM placement_cases WHERE objection <> '' AND objection_at IS NOT NULL`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var o Objection
		if err := rows.Scan(&o.CaseID, &o.Text, &o.At); err != nil {
			rows.Close()
			return nil, err
		}
		objections = append(objections, o)
	}
	rows.Close()
	var declines []DeclineEvent
	rows, err = s.db.QueryContext(ctx, `SELECT case_id, answered_at, decline_reason FROM placement_proposals WHERE status = 'afgewezen' AND answered_at >= $1`, now.Add(-AgendaLookback))
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var d DeclineEvent
		var r string
		if err := rows.Scan(&d.CaseID, &d.At, &r); err != nil {
			rows.Close()
			return nil, err
		}
		d.Reason = DeclineReason(r)
		declines = append(declines, d)
	}
	rows.Close()
	last := map[int64]time.Time{}
	rows, err = s.db.QueryContext(ctx, `SELECT case_id, decided_at FROM placement_decisions WHERE by_user <> 0`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var at time.Time
		if err := rows.Scan(&id, &at); err != nil {
			rows.Close()
			return nil, err
		}
		if at.After(last[id]) {
			last[id] = at
		}
	}
	rows.Close()
	var out []AgendaEntry
	var evs []audit.Event
	for _, it := range BuildAgenda(people, declines, objections, now.Add(-AgendaLookback), now, s.cfg.Consequences) {
		if d, ok := last[it.CaseID]; ok && !d.Before(it.Since) && it.Kind != AgendaDeadline {
			continue
		}
		if d, ok := last[it.CaseID]; ok && it.Kind == AgendaDeadline && now.Sub(d) < 14*24*time.Hour {
			continue
		}
		c := byID[it.CaseID]
		evs = append(evs, caseEvent(audit.ActionSearch, c))
		out = append(out, AgendaEntry{AgendaItem: it, Case: c})
	}
	return out, s.recordAll(ctx, p, evs)
}

// Decide records a structured decision of the regional table and moves the
// case accordingly: a new deadline for further mediation, anders geholpen,
// gestopt, escalation to the national table with the reason, or the answer
// to a client's objection (upheld: the waiting status before the decline
// comes back and parking ends; dismissed: the consequence stays). For a case
// at the national table (kind AgendaNational) the same decisions record
// the national table's outcome; further mediation hands it back to the
// region with the new deadline.
func (s *Service) Decide(ctx context.Context, p *auth.Principal, caseID int64, kind AgendaKind, d Decision, note string, newDeadline time.Time) error {
	if _, err := ParseAgendaKind(string(kind)); err != nil {
		return badInput("agenda", err.Error())
	}
	if note == "" {
		return badInput("toelichting", "Schrijf kort op wat de tafel besloot en waarom.")
	}
	if len(note) > 2000 {
		return badInput("toelichting", "De toelichting mag hoogstens 2000 tekens zijn.")
	}
	now := s.now()
	if (d == DecideMediate || d == DecideExtendSearch) && !newDeadline.After(now) {
		return badInput("deadline", "Geef een nieuwe uiterste datum in de toekomst.")
	}
	return s.tx(ctx, p, func(tx *sql.Tx) error {
		c, err := s.store.getCase(ctx, tx, caseID, s.db.ForUpdate())
		if err != nil {
			return asWeb(err)
		}
		if !p.InRegion(c.Region) {
			return audit.Deny(caseEvent(audit.ActionUpdate, c), notFound())
		}
		if !c.Phase.Open() {
			return conflict("Deze casus is afgesloten; de tafel besluit er niet meer over.")
		}
		if d.ForObjection() && c.Objection == "" {
			return conflict("Er ligt geen bezwaar van de cliënt om over te besluiten.")
		}
		if kind == AgendaNational && !c.Escalated {
			return conflict("Deze casus is niet bij de landelijke tafel.")
		}
		if d == DecideEscalate && c.Escalated {
			return conflict("Deze casus is al bij de landelijke tafel.")
		}
		to, escalate := DecisionEffect(d, c.Phase)
		if to != "" {
			if err := s.moveTx(ctx, tx, &c, to, p.UserID, p.DisplayName, "Regionale tafel: "+d.Label()+". "+note, now); err != nil {
				return err
			}
		}
		if !newDeadline.IsZero() {
			if _, err := tx.ExecContext(ctx, `UPDATE placement_cases SET deadline = $1, updated_at = $2 WHERE id = $3`, newDeadline.UTC(), now, caseID); err != nil {
				return err
			}
		}
		if escalate {
			if _, err := tx.ExecContext(ctx, `UPDATE placement_cases SET escalated_at = $1, escalation_reason = $2 WHERE id = $3 AND escalated_at IS NULL`, now, note, caseID); err != nil {
				return err
			}
		}
		if kind == AgendaNational && d == DecideMediate {
			// The national table hands the case back to the region with a
			// new deadline; the escalation stays in the decisions.
			if _, err := tx.ExecContext(ctx, `UPDATE placement_cases SET escalated_at = NULL, updated_at = $1 WHERE id = $2`, now, caseID); err != nil {
				return err
			}
		}
		if d == DecideUphold {
			// The consequence objected to is undone: the waiting status it
			// replaced comes back, and parking and a pending reassessment end.
			restore := c.Waiting
			switch {
			case c.WaitingBefore != "":
				restore = c.WaitingBefore
			case c.Waiting == WachtOpVoorkeur:
				// Wacht op voorkeur from the start (an imported list): the
				// upheld objection means the search is active.
				restore = ActiefPlaatsen
			}
			if _, err := tx.ExecContext(ctx, `UPDATE placement_cases SET waiting = $1, waiting_before = '', parked_until = NULL, reassess_since = NULL, updated_at = $2 WHERE id = $3`,
				string(restore), now, caseID); err != nil {
				return err
			}
		}
		if kind == AgendaObjection || d.ForObjection() {
			if _, err := tx.ExecContext(ctx, `UPDATE placement_cases SET objection = '', objection_at = NULL, objectable_reason = '' WHERE id = $1`, caseID); err != nil {
				return err
			}
			// The objection leaves the case but stays in the history,
			// in the words of the client, with the table's answer.
			if c.Objection != "" {
				note = "Bezwaar van de cliënt (" + c.ObjectionAt.Format("02-01-2006") + "): \u201c" + c.Objection + "\u201d. " + note
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO placement_decisions (case_id, region, agenda, decision, note, new_deadline, decided_at, by_user) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
			caseID, c.Region, string(kind), string(d), note, nullTime(newDeadline), now, p.UserID); err != nil {
			return err
		}
		return s.audit.RecordTx(ctx, tx, p, caseEvent(audit.ActionUpdate, c))
	})
}

// Escalated lists the open cases of the principal's regions that are at the
// national table, with the reason; each one shown is an audited read.
func (s *Service) Escalated(ctx context.Context, p *auth.Principal) ([]Case, error) {
	cs, err := s.store.listCases(ctx, s.db, CaseFilter{Regions: append([]string{}, p.Scope.Regions...), OpenOnly: true})
	if err != nil {
		return nil, err
	}
	var out []Case
	var evs []audit.Event
	for _, c := range cs {
		if c.Escalated {
			evs = append(evs, caseEvent(audit.ActionSearch, c))
			out = append(out, c)
		}
	}
	return out, s.recordAll(ctx, p, evs)
}

// GapReport is the gap analysis of one scope.
type GapReport struct {
	Scope        string // region code, or "" for the country
	People       int    // open cases considered
	WithoutPlace int
	Gaps         []Gap
}

// GapFigures computes the gap analysis of every care-office region
// (people of the region against the region's places) and of the country,
// and hides the person counts the viewer may not see (SuppressGaps).
// Pages, API and export all read this one publication, so asking region
// by region gives nothing away that the whole table would not. It reads
// no personal data beyond counts, so it records no audit event.
func (s *Service) GapFigures(ctx context.Context, p *auth.Principal) ([]GapReport, GapReport, error) {
	cs, err := s.store.listCases(ctx, s.db, CaseFilter{OpenOnly: true})
	if err != nil {
		return nil, GapReport{}, err
	}
	places, err := s.store.listPlaces(ctx, s.db, PlaceFilter{})
	if err != nil {
		return nil, GapReport{}, err
	}
	people := make([]Person, len(cs))
	peopleOf, placesOf := map[string][]Person{}, map[string][]Place{}
	for i, c := range cs {
		people[i] = c.Person
		peopleOf[c.Region] = append(peopleOf[c.Region], c.Person)
	}
	for _, pl := range places {
		placesOf[pl.Region] = append(placesOf[pl.Region], pl)
	}
	codes := map[string]bool{}
	for _, r := range orgs.CareOfficeRegions() {
		codes[r.Code] = true
	}
	for r := range peopleOf {
		codes[r] = true
	}
	now := s.now()
	var regions []GapReport
	for _, r := range slices.Sorted(maps.Keys(codes)) {
		gaps, without := GapAnalysis(peopleOf[r], placesOf[r], now)
		regions = append(regions, GapReport{Scope: r, People: len(peopleOf[r]), WithoutPlace: without, Gaps: gaps})
	}
	gaps, without := GapAnalysis(people, places, now)
	country := GapReport{People: len(people), WithoutPlace: without, Gaps: gaps}
	regions, country = SuppressGaps(regions, country, ownRegions(p))
	return regions, country, nil
}

// SuppressGaps hides the gap analysis' person counts the viewer may not
// see, as SuppressFigures does; a hidden count becomes -1. The sums a
// reader knows: the country's people in view are the regions' together,
// and in each scope those without a place are part of those in view. The
// need counts overlap (a person counts once per unmet need), so no sum
// holds between them.
func SuppressGaps(regions []GapReport, country GapReport, visible func(region string) bool) ([]GapReport, GapReport) {
	var c web.Counts
	type cells struct {
		people, without int
		gaps            []int
	}
	add := func(g GapReport, count func(int) int) cells {
		x := cells{people: count(g.People), without: count(g.WithoutPlace)}
		c.Sum(x.people, x.without, c.Unpublished(g.People-g.WithoutPlace))
		for _, gap := range g.Gaps {
			x.gaps = append(x.gaps, count(gap.People))
		}
		return x
	}
	out := make([]GapReport, len(regions))
	ids := make([]cells, len(regions))
	var parts []int
	for i, g := range regions {
		count := c.Count
		if visible != nil && visible(g.Scope) {
			count = c.Known
		}
		ids[i] = add(g, count)
		parts = append(parts, ids[i].people)
	}
	cid := add(country, c.Count)
	c.Sum(cid.people, parts...)
	c.Suppress()
	apply := func(g GapReport, x cells) GapReport {
		g.People, g.WithoutPlace = c.Value(x.people), c.Value(x.without)
		g.Gaps = append([]Gap(nil), g.Gaps...)
		for k := range g.Gaps {
			g.Gaps[k].People = c.Value(x.gaps[k])
		}
		return g
	}
	for i, g := range regions {
		out[i] = apply(g, ids[i])
	}
	return out, apply(country, cid)
}

// RegionFigures are the monitor's counts for one region.
type RegionFigures struct {
	Region        string
	InBeeld       int // open cases
	Urgent        int // open and Urgent or Actief plaatsen
	AboutToMove   int // geaccepteerd
	Moved         int
	OtherHelp     int
	Stopped       int
	Escalated     int
	Maatwerk      int // maatwerkplekken realised (capacity)
	MaatwerkInUse int
	Places        int // all places (capacity)
	PlacesInUse   int
}

// Aggregates counts the register and places per region and in total, for
// the programme monitor. SmallNumber counts below it are suppressed by the
// pages for the programma role.
func (s *Service) Aggregates(ctx context.Context) ([]RegionFigures, RegionFigures, error) {
	by := map[string]*RegionFigures{}
	get := func(r string) *RegionFigures {
		if by[r] == nil {
			by[r] = &RegionFigures{Region: r}
		}
		return by[r]
	}
	rows, err := s.db.QueryContext(ctx, `SELECT region, phase, waiting, escalated_at IS NOT NULL, COUNT(*) FROM placement_cases GROUP BY region, phase, waiting, escalated_at IS NOT NULL`)
	if err != nil {
		return nil, RegionFigures{}, err
	}
	for rows.Next() {
		var region, phase, waiting string
		var esc bool
		var n int
		if err := rows.Scan(&region, &phase, &waiting, &esc, &n); err != nil {
			rows.Close()
			return nil, RegionFigures{}, err
		}
		f := get(region)
		ph := Phase(phase)
		switch {
		case ph.Open():
			f.InBeeld += n
			if WaitingStatus(waiting).Searching() {
				f.Urgent += n
			}
			if esc {
				f.Escalated += n
			}
		case ph == Geaccepteerd:
			f.AboutToMove += n
		case ph == Verhuisd:
			f.Moved += n
		case ph == AndersGeholpen:
			f.OtherHelp += n
		case ph == Gestopt:
			f.Stopped += n
		}
	}
	rows.Close()
	rows, err = s.db.QueryContext(ctx, `SELECT region, kind, SUM(capacity), SUM(occupied) FROM placement_places GROUP BY region, kind`)
	if err != nil {
		return nil, RegionFigures{}, err
	}
	for rows.Next() {
		var region, kind string
		var capSum, occ int
		if err := rows.Scan(&region, &kind, &capSum, &occ); err != nil {
			rows.Close()
			return nil, RegionFigures{}, err
		}
		f := get(region)
		f.Places += capSum
		f.PlacesInUse += occ
		if PlaceKind(kind) == Maatwerkplek {
			f.Maatwerk += capSum
			f.MaatwerkInUse += occ
		}
	}
	rows.Close()
	var out []RegionFigures
	var total RegionFigures
	for _, f := range by {
		out = append(out, *f)
		total.InBeeld += f.InBeeld
		total.Urgent += f.Urgent
		total.AboutToMove += f.AboutToMove
		total.Moved += f.Moved
		total.OtherHelp += f.OtherHelp
		total.Stopped += f.Stopped
		total.Escalated += f.Escalated
		total.Maatwerk += f.Maatwerk
		total.MaatwerkInUse += f.MaatwerkInUse
		total.Places += f.Places
		total.PlacesInUse += f.PlacesInUse
	}
	slices.SortFunc(out, func(a, b RegionFigures) int {
		if a.Region < b.Region {
			return -1
		}
		if a.Region > b.Region {
			return 1
		}
		return 0
	})
	return out, total, nil
}

// SmallNumber is the threshold below which person counts are hidden from
// a role that may not see the persons behind them (DESIGN §3).
const SmallNumber = web.SmallCount

// SuppressFigures hides the person counts of the regions and the total
// that the viewer may not see (every count from 1 to 4, and what would
// give one away by a difference) through web.Counts; a hidden count
// becomes -1. The counts of a region for which visible says yes (a care
// office's own regions) are shown as they are. The sums a reader knows:
// each column's total is the sum of the regions; urgent and escalated
// cases are part of those in view. Place counts are no person counts and
// stay.
func SuppressFigures(regions []RegionFigures, total RegionFigures, visible func(region string) bool) ([]RegionFigures, RegionFigures) {
	out := append([]RegionFigures(nil), regions...)
	cols := []func(*RegionFigures) *int{
		func(f *RegionFigures) *int { return &f.InBeeld }, func(f *RegionFigures) *int { return &f.Urgent },
		func(f *RegionFigures) *int { return &f.AboutToMove }, func(f *RegionFigures) *int { return &f.Moved },
		func(f *RegionFigures) *int { return &f.OtherHelp }, func(f *RegionFigures) *int { return &f.Stopped },
		func(f *RegionFigures) *int { return &f.Escalated },
	}
	var c web.Counts
	// row adds one region's counts, then its two unpublished remainders
	// (in view but not urgent, in view but not escalated).
	row := func(f *RegionFigures, add func(int) int) []int {
		r := make([]int, len(cols)+2)
		for k, col := range cols {
			r[k] = add(*col(f))
		}
		r[len(cols)] = c.Unpublished(f.InBeeld - f.Urgent)
		r[len(cols)+1] = c.Unpublished(f.InBeeld - f.Escalated)
		c.Sum(r[0], r[1], r[len(cols)])
		c.Sum(r[0], r[6], r[len(cols)+1])
		return r
	}
	ids := make([][]int, len(out))
	for i := range out {
		add := c.Count
		if visible != nil && visible(out[i].Region) {
			add = c.Known
		}
		ids[i] = row(&out[i], add)
	}
	tot := row(&total, c.Count)
	for k := range tot {
		if len(out) == 0 {
			break
		}
		parts := make([]int, len(out))
		for i := range out {
			parts[i] = ids[i][k]
		}
		c.Sum(tot[k], parts...)
	}
	c.Suppress()
	for k, col := range cols {
		for i := range out {
			*col(&out[i]) = c.Value(ids[i][k])
		}
		*col(&total) = c.Value(tot[k])
	}
	return out, total
}

// ownRegions says which regions' persons p may see: a care office its own
// regions; every other role none, so all its figures are suppressed.
func ownRegions(p *auth.Principal) func(string) bool {
	return func(region string) bool {
		return p != nil && p.Role == auth.RoleZorgkantoor && p.InRegion(region)
	}
}
