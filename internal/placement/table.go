package placement

import (
	"context"
	"database/sql"
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/notify"
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

// redecideAfter is how long a decision on a passed deadline or on an
// urgent case without a place keeps it off the agenda: the cause is still
// there, so the table sees it again after two weeks.
const redecideAfter = 14 * 24 * time.Hour

// Agenda builds the table's agenda for the principal. A regional care
// office gets its regions' agenda: passed deadlines, urgent cases for which
// no place fits (UrgentWithoutPlace), objections, declines and stalled
// cases; decided items drop off. The national table (DutyNationalTable)
// gets its own agenda: every region's escalated cases until it decides.
// Each case shown is an audited read.
func (s *Service) Agenda(ctx context.Context, p *auth.Principal) ([]AgendaEntry, error) {
	if p.HasDuty(auth.DutyNationalTable) {
		return s.nationalAgenda(ctx, p)
	}
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
	for i, c := range cs {
		people[i] = c.Person
		byID[c.CaseID] = c
	}
	objections, err := s.store.objections(ctx)
	if err != nil {
		return nil, err
	}
	declines, err := s.store.declinesSince(ctx, now.Add(-AgendaLookback))
	if err != nil {
		return nil, err
	}
	last, err := s.store.lastDecisions(ctx, false)
	if err != nil {
		return nil, err
	}
	items := BuildAgenda(people, declines, objections, now.Add(-AgendaLookback), now, s.cfg.Consequences)
	if slices.ContainsFunc(people, func(x Person) bool { return x.Waiting == UrgentPlaatsen }) {
		places, err := s.store.listPlaces(ctx, s.db, PlaceFilter{})
		if err != nil {
			return nil, err
		}
		items = MergeAgenda(items, UrgentWithoutPlace(people, places, now))
	}
	var out []AgendaEntry
	var evs []audit.Event
	for _, it := range items {
		d, decided := last[it.CaseID]
		recurring := it.Kind == AgendaDeadline || it.Kind == AgendaNoPlace
		if decided && !recurring && !d.Before(it.Since) {
			continue
		}
		if decided && recurring && now.Sub(d) < redecideAfter {
			continue
		}
		c := byID[it.CaseID]
		evs = append(evs, caseEvent(audit.ActionSearch, c))
		out = append(out, AgendaEntry{AgendaItem: it, Case: c})
	}
	return out, s.recordAll(ctx, p, evs)
}

// nationalAgenda is the national table's agenda: the open escalated cases
// of every region, oldest escalation first, without those the national
// table decided on since they were escalated (a decision that keeps the
// case at the table brings it back when its new deadline passes).
func (s *Service) nationalAgenda(ctx context.Context, p *auth.Principal) ([]AgendaEntry, error) {
	cs, err := s.store.escalatedCases(ctx)
	if err != nil {
		return nil, err
	}
	last, err := s.store.lastDecisions(ctx, true)
	if err != nil {
		return nil, err
	}
	now := s.now()
	var out []AgendaEntry
	var evs []audit.Event
	for _, c := range cs {
		if d, ok := last[c.CaseID]; ok && !d.Before(c.EscalatedAt) && (c.Deadline.IsZero() || !now.After(c.Deadline)) {
			continue
		}
		evs = append(evs, caseEvent(audit.ActionSearch, c))
		out = append(out, AgendaEntry{AgendaItem: AgendaItem{CaseID: c.CaseID, Region: c.Region, Kind: AgendaNational, Since: c.EscalatedAt,
			Detail: c.EscalationReason}, Case: c})
	}
	return out, s.recordAll(ctx, p, evs)
}

// Decide records a structured decision and moves the case accordingly: a
// new deadline for further mediation, anders geholpen, gestopt, escalation
// to the national table with the reason, or the answer to a client's
// objection (upheld: the waiting status before the decline comes back and
// parking ends; dismissed: the consequence stays).
//
// A regional care office decides on its regions' cases. The national
// table's outcome (kind AgendaNational) is recorded by a national-table
// account itself, for a case of any region that is at the national table,
// never by the region on its behalf; further mediation hands the case back
// to the region with the new deadline.
func (s *Service) Decide(ctx context.Context, p *auth.Principal, caseID int64, kind AgendaKind, d Decision, note string, newDeadline time.Time) error {
	if _, err := ParseAgendaKind(string(kind)); err != nil {
		return badInput("agenda", err.Error())
	}
	national := p.HasDuty(auth.DutyNationalTable)
	if kind == AgendaNational && !national {
		return web.Forbidden("Alleen de landelijke tafel legt haar uitkomst vast. De regio ziet de uitkomst op de agenda zodra de landelijke tafel besloot.",
			"Only the national table records its outcome. The region sees the outcome on its agenda once the national table has decided.")
	}
	if national && kind != AgendaNational {
		kind = AgendaNational
	}
	var errs []web.FieldError
	if note == "" {
		errs = append(errs, web.FieldError{Field: "toelichting", Message: "Schrijf kort op wat de tafel besloot en waarom.", English: "Write briefly what the table decided and why."})
	}
	if len(note) > 2000 {
		errs = append(errs, web.FieldError{Field: "toelichting", Message: "De toelichting mag hoogstens 2000 tekens zijn.", English: "The explanation may be at most 2000 characters."})
	}
	now := s.now()
	if (d == DecideMediate || d == DecideExtendSearch) && !newDeadline.After(now) {
		errs = append(errs, web.FieldError{Field: "deadline", Message: "Geef een nieuwe uiterste datum in de toekomst.", English: "Give a new deadline in the future."})
	}
	if national && (d == DecideEscalate || d.ForObjection()) {
		errs = append(errs, web.FieldError{Field: "besluit", Message: "Kies een uitkomst van de landelijke tafel: verder bemiddelen, landelijk zoeken, op een andere manier helpen of stoppen.",
			English: "Choose an outcome of the national table: further mediation, search nationally, help another way or stop."})
	}
	if len(errs) > 0 {
		return web.Invalid(errs...)
	}
	return s.tx(ctx, p, func(tx *sql.Tx) error {
		c, err := s.store.getCase(ctx, tx, caseID, s.db.ForUpdate())
		if err != nil {
			return asWeb(err)
		}
		if national && !c.Escalated || !national && !p.InRegion(c.Region) {
			if national && c.Phase.Open() {
				return conflict("Deze casus is niet bij de landelijke tafel.")
			}
			return audit.Deny(caseEvent(audit.ActionUpdate, c), notFound())
		}
		if !c.Phase.Open() {
			return conflict("Deze casus is afgesloten; de tafel besluit er niet meer over.")
		}
		if d.ForObjection() && c.Objection == "" {
			return conflict("Er ligt geen bezwaar van de cliënt om over te besluiten.")
		}
		if d == DecideEscalate && c.Escalated {
			return conflict("Deze casus is al bij de landelijke tafel.")
		}
		table := "Regionale tafel: "
		if national {
			table = "Landelijke tafel: "
		}
		to, escalate := DecisionEffect(d, c.Phase)
		if to == Bemiddeling && c.Phase == Aangemeld {
			// A registered case the table sends into mediation is taken
			// into view first, as a proposal does (the lifecycle has no
			// shortcut from aangemeld to bemiddeling).
			if err := s.moveTx(ctx, tx, &c, InBeeld, p.UserID, p.DisplayName, table+"in beeld genomen om te bemiddelen", now); err != nil {
				return err
			}
		}
		if to != "" {
			if err := s.moveTx(ctx, tx, &c, to, p.UserID, p.DisplayName, table+d.Label()+". "+note, now); err != nil {
				return err
			}
		}
		if !newDeadline.IsZero() {
			if err := s.store.setDeadlineTx(ctx, tx, caseID, newDeadline, now); err != nil {
				return err
			}
		}
		if escalate {
			if err := s.store.escalateTx(ctx, tx, caseID, note, now); err != nil {
				return err
			}
		}
		if national && d == DecideMediate {
			// The national table hands the case back to the region with a
			// new deadline; the escalation stays in the decisions.
			if err := s.store.returnToRegionTx(ctx, tx, caseID, now); err != nil {
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
			if err := s.store.restoreWaitingTx(ctx, tx, caseID, restore, now); err != nil {
				return err
			}
		}
		if kind == AgendaObjection || d.ForObjection() {
			if err := s.store.clearObjectionTx(ctx, tx, caseID); err != nil {
				return err
			}
			// The objection leaves the case but stays in the history,
			// in the words of the client, with the table's answer.
			if c.Objection != "" {
				note = "Bezwaar van de cliënt (" + c.ObjectionAt.Format("02-01-2006") + "): \u201c" + c.Objection + "\u201d. " + note
			}
		}
		if err := s.store.insertDecisionTx(ctx, tx, DecisionRecord{CaseID: caseID, Region: c.Region, Agenda: kind, Decision: d, Note: note,
			NewDeadline: newDeadline, DecidedAt: now, By: p.UserID}); err != nil {
			return err
		}
		if national && s.notify != nil {
			// The region hears the national table's outcome.
			if err := s.notify.NotifyRoleTx(ctx, tx, auth.RoleZorgkantoor, "region", c.Region, notify.Notification{Kind: notify.KindDeadline,
				Title: "Uitkomst van de landelijke tafel: " + d.Label(), Body: note, TitleEN: "Outcome of the national table: " + d.LabelEN(), Link: "/complexe-zorg/agenda",
				DedupeKey: "placement:national:" + strconv.FormatInt(caseID, 10) + ":" + strconv.FormatInt(now.Unix(), 10)}); err != nil {
				return err
			}
		}
		return s.audit.RecordTx(ctx, tx, p, caseEvent(audit.ActionUpdate, c))
	})
}

// NationalOutcome is a decision of the national table on a region's case,
// as the region reads it.
type NationalOutcome struct {
	CaseID      int64
	ClientID    int64
	Name        string
	Region      string
	Decision    Decision
	Note        string
	NewDeadline time.Time
	DecidedAt   time.Time
	ByName      string // who at the national table recorded it
}

// NationalOutcomeDays is how far back the region's agenda page lists the
// national table's outcomes.
const NationalOutcomeDays = 90

// Escalated lists the open cases of the principal's regions that are at the
// national table, with the reason, and the national table's outcomes on
// the regions' cases of the last NationalOutcomeDays days; each case shown
// is an audited read. The region reads them; it does not record them.
func (s *Service) Escalated(ctx context.Context, p *auth.Principal) ([]Case, []NationalOutcome, error) {
	if len(p.Scope.Regions) == 0 {
		return nil, nil, nil
	}
	cs, err := s.store.listCases(ctx, s.db, CaseFilter{Regions: append([]string{}, p.Scope.Regions...), OpenOnly: true})
	if err != nil {
		return nil, nil, err
	}
	var out []Case
	var evs []audit.Event
	for _, c := range cs {
		if c.Escalated {
			evs = append(evs, caseEvent(audit.ActionSearch, c))
			out = append(out, c)
		}
	}
	outcomes, err := s.store.nationalOutcomes(ctx, p.Scope.Regions, s.now().AddDate(0, 0, -NationalOutcomeDays))
	if err != nil {
		return nil, nil, err
	}
	for _, o := range outcomes {
		evs = append(evs, audit.Event{Action: audit.ActionSearch, ClientID: o.ClientID, Object: "placement_case", ObjectID: strconv.FormatInt(o.CaseID, 10), Purpose: audit.PurposeMediation})
	}
	return out, outcomes, s.recordAll(ctx, p, evs)
}

// GapReport is the gap analysis of one scope.
type GapReport struct {
	Scope        string    // region code, or "" for the country
	People       web.Count // open cases considered
	WithoutPlace web.Count
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
		regions = append(regions, GapReport{Scope: r, People: web.Shown(len(peopleOf[r])), WithoutPlace: web.Shown(without), Gaps: gaps})
	}
	gaps, without := GapAnalysis(people, places, now)
	country := GapReport{People: web.Shown(len(people)), WithoutPlace: web.Shown(without), Gaps: gaps}
	regions, country = SuppressGaps(regions, country, ownRegions(p))
	return regions, country, nil
}

// SuppressGaps hides the gap analysis' person counts the viewer may not
// see, as SuppressFigures does; a hidden count is marked Hidden. The sums a
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
		x := cells{people: count(g.People.N), without: count(g.WithoutPlace.N)}
		c.Sum(x.people, x.without, c.Unpublished(g.People.N-g.WithoutPlace.N))
		for _, gap := range g.Gaps {
			x.gaps = append(x.gaps, count(gap.People.N))
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
	InBeeld       web.Count // open cases
	Urgent        web.Count // open and Urgent or Actief plaatsen
	AboutToMove   web.Count // geaccepteerd
	Moved         web.Count
	OtherHelp     web.Count
	Stopped       web.Count
	Escalated     web.Count
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
	caseCounts, placeSums, err := s.store.figureCounts(ctx)
	if err != nil {
		return nil, RegionFigures{}, err
	}
	for _, c := range caseCounts {
		f, n := get(c.Region), c.N
		switch ph := c.Phase; {
		case ph.Open():
			f.InBeeld.N += n
			if c.Waiting.Searching() {
				f.Urgent.N += n
			}
			if c.Escalated {
				f.Escalated.N += n
			}
		case ph == Geaccepteerd:
			f.AboutToMove.N += n
		case ph == Verhuisd:
			f.Moved.N += n
		case ph == AndersGeholpen:
			f.OtherHelp.N += n
		case ph == Gestopt:
			f.Stopped.N += n
		}
	}
	for _, p := range placeSums {
		f := get(p.Region)
		f.Places += p.Capacity
		f.PlacesInUse += p.Occupied
		if p.Kind == Maatwerkplek {
			f.Maatwerk += p.Capacity
			f.MaatwerkInUse += p.Occupied
		}
	}
	var out []RegionFigures
	var total RegionFigures
	for _, f := range by {
		out = append(out, *f)
		total.InBeeld.N += f.InBeeld.N
		total.Urgent.N += f.Urgent.N
		total.AboutToMove.N += f.AboutToMove.N
		total.Moved.N += f.Moved.N
		total.OtherHelp.N += f.OtherHelp.N
		total.Stopped.N += f.Stopped.N
		total.Escalated.N += f.Escalated.N
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
// is marked Hidden. The counts of a region for which visible says yes (a care
// office's own regions) are shown as they are. The sums a reader knows:
// each column's total is the sum of the regions; urgent and escalated
// cases are part of those in view. Place counts are no person counts and
// stay.
func SuppressFigures(regions []RegionFigures, total RegionFigures, visible func(region string) bool) ([]RegionFigures, RegionFigures) {
	out := append([]RegionFigures(nil), regions...)
	cols := []func(*RegionFigures) *web.Count{
		func(f *RegionFigures) *web.Count { return &f.InBeeld }, func(f *RegionFigures) *web.Count { return &f.Urgent },
		func(f *RegionFigures) *web.Count { return &f.AboutToMove }, func(f *RegionFigures) *web.Count { return &f.Moved },
		func(f *RegionFigures) *web.Count { return &f.OtherHelp }, func(f *RegionFigures) *web.Count { return &f.Stopped },
		func(f *RegionFigures) *web.Count { return &f.Escalated },
	}
	var c web.Counts
	// row adds one region's counts, then its two unpublished remainders
	// (in view but not urgent, in view but not escalated).
	row := func(f *RegionFigures, add func(int) int) []int {
		r := make([]int, len(cols)+2)
		for k, col := range cols {
			r[k] = add(col(f).N)
		}
		r[len(cols)] = c.Unpublished(f.InBeeld.N - f.Urgent.N)
		r[len(cols)+1] = c.Unpublished(f.InBeeld.N - f.Escalated.N)
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
