package placement

import (
	"context"
	"fmt"
	"time"
)

// officeCounts are the numbers on a care-office employee's start page for
// their regions. They are counts: they name nobody, so reading them needs
// no audit record (as CaseCount).
type officeCounts struct {
	DeadlinePassed int // open cases whose deadline has passed
	DeadlineSoon   int // open cases whose deadline falls before soon
	UrgentNoPlace  int // open cases waiting "urgent plaatsen" without an accepted proposal
	ToSend         int // concept proposals of a batch run, not yet sent
	ClientToAnswer int // open proposals the person has not answered yet
}

// officeCounts counts, for the regions, what waits for the care office.
func (st store) officeCounts(ctx context.Context, regions []string, now, soon time.Time) (officeCounts, error) {
	var c officeCounts
	if len(regions) == 0 {
		return c, nil
	}
	var args []any
	in := inArgs(regions, &args)
	open := inArgs(openPhases(), &args)
	args = append(args, now, soon, string(UrgentPlaatsen))
	nowArg, soonArg, urgentArg := len(args)-2, len(args)-1, len(args)
	q := fmt.Sprintf(`SELECT
		COUNT(CASE WHEN pc.deadline IS NOT NULL AND pc.deadline < $%[1]d THEN 1 END),
		COUNT(CASE WHEN pc.deadline IS NOT NULL AND pc.deadline >= $%[1]d AND pc.deadline < $%[2]d THEN 1 END),
		COUNT(CASE WHEN pc.waiting = $%[3]d THEN 1 END)
		FROM placement_cases pc WHERE pc.region IN (%[4]s) AND pc.phase IN (%[5]s)`, nowArg, soonArg, urgentArg, in, open)
	if err := st.db.QueryRowContext(ctx, q, args...).Scan(&c.DeadlinePassed, &c.DeadlineSoon, &c.UrgentNoPlace); err != nil {
		return c, fmt.Errorf("placement: today's case counts: %w", err)
	}
	args = args[:0]
	in = inArgs(regions, &args)
	q = `SELECT
		COUNT(CASE WHEN pp.status = 'concept' THEN 1 END),
		COUNT(CASE WHEN pp.status = 'open' AND pp.client_answer = '' THEN 1 END)
		FROM placement_proposals pp JOIN placement_cases pc ON pc.id = pp.case_id WHERE pc.region IN (` + in + `)`
	if err := st.db.QueryRowContext(ctx, q, args...).Scan(&c.ToSend, &c.ClientToAnswer); err != nil {
		return c, fmt.Errorf("placement: today's proposal counts: %w", err)
	}
	return c, nil
}
