package placement

import (
	"context"
	"database/sql"
	"slices"
	"time"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
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
	cs, err := listCases(ctx, s.db, CaseFilter{Regions: append([]string{}, p.Scope.Regions...), OpenOnly: true})
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
		c, err := getCase(ctx, tx, caseID, s.db.ForUpdate())
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
			if err := moveTx(ctx, tx, &c, to, p.UserID, p.DisplayName, "Regionale tafel: "+d.Label()+". "+note, now); err != nil {
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
	cs, err := listCases(ctx, s.db, CaseFilter{Regions: append([]string{}, p.Scope.Regions...), OpenOnly: true})
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

// Gaps computes the gap analysis for a region (people of the region against
// the region's places) or, with region "", for the country. It reads no
// personal data beyond counts, so it records no audit event.
func (s *Service) Gaps(ctx context.Context, region string) (GapReport, error) {
	f := CaseFilter{OpenOnly: true}
	pf := PlaceFilter{}
	if region != "" {
		f.Regions = []string{region}
		pf.Regions = []string{region}
	}
	cs, err := listCases(ctx, s.db, f)
	if err != nil {
		return GapReport{}, err
	}
	places, err := listPlaces(ctx, s.db, pf)
	if err != nil {
		return GapReport{}, err
	}
	people := make([]Person, len(cs))
	for i, c := range cs {
		people[i] = c.Person
	}
	gaps, without := GapAnalysis(people, places, s.now())
	return GapReport{Scope: region, People: len(people), WithoutPlace: without, Gaps: gaps}, nil
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

// SmallNumber is the threshold below which counts per region are shown to
// the programme as "< 5" (DESIGN §1: small numbers suppressed).
const SmallNumber = 5

// Suppressed says which of a column of counts (one per region) the
// programme may not see: every count from 1 to SmallNumber-1, and, when
// that hides exactly one count, also the smallest other non-zero count,
// so that the hidden one cannot be worked out from the total
// (complementary suppression).
func Suppressed(vals []int) []bool {
	hide := make([]bool, len(vals))
	hidden := 0
	for i, v := range vals {
		if v > 0 && v < SmallNumber {
			hide[i] = true
			hidden++
		}
	}
	if hidden == 1 {
		next := -1
		for i, v := range vals {
			if v > 0 && !hide[i] && (next < 0 || v < vals[next]) {
				next = i
			}
		}
		if next >= 0 {
			hide[next] = true
		}
	}
	return hide
}

// SuppressForProgramme applies Suppressed to every person count of the
// regions, column by column, and hides small totals; a hidden count
// becomes -1. Place counts are no person counts and stay.
func SuppressForProgramme(regions []RegionFigures, total RegionFigures) ([]RegionFigures, RegionFigures) {
	out := append([]RegionFigures(nil), regions...)
	cols := []func(*RegionFigures) *int{
		func(f *RegionFigures) *int { return &f.InBeeld }, func(f *RegionFigures) *int { return &f.Urgent },
		func(f *RegionFigures) *int { return &f.AboutToMove }, func(f *RegionFigures) *int { return &f.Moved },
		func(f *RegionFigures) *int { return &f.OtherHelp }, func(f *RegionFigures) *int { return &f.Stopped },
		func(f *RegionFigures) *int { return &f.Escalated },
	}
	for _, col := range cols {
		vals := make([]int, len(out))
		for i := range out {
			vals[i] = *col(&out[i])
		}
		for i, h := range Suppressed(vals) {
			if h {
				*col(&out[i]) = -1
			}
		}
		if t := col(&total); *t > 0 && *t < SmallNumber {
			*t = -1
		}
	}
	return out, total
}
