package placement

import (
	"context"
	"fmt"
)

// The statements behind the programme's figures (Aggregates): counts of
// cases and sums of places per region, naming nobody.

// caseCount is the number of cases of one region in one phase, waiting
// status and escalation.
type caseCount struct {
	Region    string
	Phase     Phase
	Waiting   WaitingStatus
	Escalated bool
	N         int
}

// placeSum is the capacity and occupancy of one region's places of a kind.
type placeSum struct {
	Region             string
	Kind               PlaceKind
	Capacity, Occupied int
}

// figureCounts reads the case counts and place sums per region.
func (st store) figureCounts(ctx context.Context) ([]caseCount, []placeSum, error) {
	rows, err := st.db.QueryContext(ctx, `SELECT region, phase, waiting, escalated_at IS NOT NULL, COUNT(*) FROM placement_cases GROUP BY region, phase, waiting, escalated_at IS NOT NULL`)
	if err != nil {
		return nil, nil, fmt.Errorf("placement: case counts: %w", err)
	}
	defer rows.Close()
	var cases []caseCount
	for rows.Next() {
		var c caseCount
		var phase, waiting string
		if err := rows.Scan(&c.Region, &phase, &waiting, &c.Escalated, &c.N); err != nil {
			return nil, nil, err
		}
		c.Phase, c.Waiting = Phase(phase), WaitingStatus(waiting)
		cases = append(cases, c)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	if err := rows.Close(); err != nil {
		return nil, nil, err
	}
	prows, err := st.db.QueryContext(ctx, `SELECT region, kind, SUM(capacity), SUM(occupied) FROM placement_places WHERE stay = '' GROUP BY region, kind`)
	if err != nil {
		return nil, nil, fmt.Errorf("placement: place sums: %w", err)
	}
	defer prows.Close()
	var places []placeSum
	for prows.Next() {
		var p placeSum
		var kind string
		if err := prows.Scan(&p.Region, &kind, &p.Capacity, &p.Occupied); err != nil {
			return nil, nil, err
		}
		p.Kind = PlaceKind(kind)
		places = append(places, p)
	}
	return cases, places, prows.Err()
}
