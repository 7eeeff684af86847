package placement

import (
	"errors"
	"fmt"
	"math"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/volwaardig/volwaardig/internal/placement/assign"
	"github.com/volwaardig/volwaardig/internal/web"
)

// The batch cost of a pair (person, place) is lexicographic: urgency ≫ time
// waiting ≫ fit with needs and wishes ≫ distance to family. Money is not a
// term. Each term is a small whole number with a fixed range, and each
// weight is one more than the largest value all lower terms together can
// reach, so within one pair no amount of a lower term ever outweighs one
// step of a higher term:
//
//	distance  d ∈ [0, 500]  km, rounded, capped (unknown: 100)   weight 1
//	misfit    f ∈ [0, 100]                                       weight WeightFit     = 501
//	waiting   w ∈ [0, 520]  520 − whole weeks waiting, capped    weight WeightWaiting = 101·501 = 50,601
//	urgency   u ∈ [0, 3]    Status.Rank (0 = Urgent plaatsen)   weight WeightUrgency = 521·50,601 = 26,363,121
//
// A pair therefore costs at most 3·WeightUrgency + WeightUrgency − 1 <
// NotPlacedCost = 4·WeightUrgency ≈ 1.05e8. Leaving a person without a place
// costs NotPlacedCost, so placing anyone is always cheaper than not placing
// them, and when two people compete for one place the more urgent (then the
// longer waiting, then the better fitting, then the nearer) one gets it. All
// costs are integers below 2^27 and a run has at most a few thousand people,
// so every total stays an exact integer in float64 (far below 2^53) and the
// solver's optimum is exact.
const (
	MaxDistanceTerm = 500
	UnknownDistance = 100
	MaxFitTerm      = 100
	MaxWaitingTerm  = 520
	MaxUrgencyTerm  = 3
	WeightDistance  = 1
	WeightFit       = WeightDistance * (MaxDistanceTerm + 1)
	WeightWaiting   = WeightFit * (MaxFitTerm + 1)
	WeightUrgency   = WeightWaiting * (MaxWaitingTerm + 1)
	NotPlacedCost   = WeightUrgency * (MaxUrgencyTerm + 1)
)

// Terms are the parts of one pair's batch cost, for the explanation.
type Terms struct {
	Urgency  int
	Waiting  int
	Misfit   int
	Distance int
	Cost     int64
}

// PairCost computes the batch cost of a pair; ok is false for a forbidden
// pair (a hard constraint fails).
func PairCost(p Person, pl Place, now time.Time) (Terms, bool) {
	fails, km := fastChecks(p, pl, now)
	if fails != 0 {
		return Terms{}, false
	}
	return termsOf(p, pl, Soft(p, pl, km, now), now), true
}

func termsOf(p Person, pl Place, s SoftScore, now time.Time) Terms {
	t := Terms{Urgency: min(p.Waiting.Rank(), MaxUrgencyTerm)}
	weeks := int(now.Sub(p.RegisteredAt).Hours() / (24 * 7))
	t.Waiting = MaxWaitingTerm - max(0, min(weeks, MaxWaitingTerm))
	// Misfit: wishes not met (0–60) plus scarce features the person does
	// not need (a secured unit, 1:1 supervision, a maatwerkplek for
	// someone who is not urgent), which should go to those who do.
	f := int(math.Round((30 - s.Wishes) * 2))
	if pl.Secured && !p.Needs.Secured {
		f += 20
	}
	if pl.OneToOne && !p.Needs.OneToOne {
		f += 10
	}
	if pl.Kind == Maatwerkplek && p.Waiting != UrgentPlaatsen {
		f += 10
	}
	t.Misfit = max(0, min(f, MaxFitTerm))
	if s.DistanceKm < 0 {
		t.Distance = UnknownDistance
	} else {
		t.Distance = min(int(math.Round(s.DistanceKm)), MaxDistanceTerm)
	}
	t.Cost = int64(t.Urgency)*WeightUrgency + int64(t.Waiting)*WeightWaiting + int64(t.Misfit)*WeightFit + int64(t.Distance)*WeightDistance
	return t
}

// Assignment is one proposed pair of a batch run.
type Assignment struct {
	Person int // index into the run's people
	Place  int // index into the run's places
	Terms  Terms
}

// BatchResult is the exact optimum of a batch run.
type BatchResult struct {
	Assignments []Assignment
	// Unplaced lists the people without a place, with the reason.
	Unplaced []Unplaced
	// Total is the sum of the chosen pair costs plus NotPlacedCost per
	// unplaced person: the objective the solver minimised.
	Total int64
}

// Unplaced is a person the run could not place.
type Unplaced struct {
	Person int
	// Fitting counts the free places that met every hard constraint and
	// went to others (0: none met them).
	Fitting int
	Reason  string // Fitting in Dutch words
}

// Progress is told where a long run stands (a Dutch line).
type Progress func(step string)

// SolveBatch finds the assignment of people to free places of minimum total
// cost. A place with k free plaatsen stands for k columns; a plaats held for
// a person of the run (Person.HeldPlaces) is one more column that only that
// person may take; every person also has a private "not placed" column at
// NotPlacedCost so a run with too few places or hard-constraint failures
// still has an exact optimum. Forbidden pairs are hard-constraint failures.
func SolveBatch(people []Person, places []Place, now time.Time, progress Progress) (BatchResult, error) {
	if progress == nil {
		progress = func(string) {}
	}
	caps := make([]int, len(places))
	beds := 0
	for j, pl := range places {
		caps[j] = pl.Free()
		beds += caps[j]
	}
	n := len(people)
	if n == 0 {
		return BatchResult{}, nil
	}
	if int64(n)*(int64(beds)+int64(n)) > 200_000_000 {
		return BatchResult{}, errors.New("de batch is te groot: meer dan 200 miljoen paren; draai hem per regio")
	}
	base := assign.NewMatrix(n, len(places))
	terms := make([][]Terms, n)
	for i, p := range people {
		if i%200 == 0 {
			progress(fmt.Sprintf("kosten berekenen: persoon %d van %d", i+1, n))
		}
		terms[i] = make([]Terms, len(places))
		for j, pl := range places {
			if caps[j] == 0 {
				base.Forbid(i, j)
				continue
			}
			t, ok := PairCost(p, pl, now)
			if !ok {
				base.Forbid(i, j)
				continue
			}
			terms[i][j] = t
			base.Set(i, j, float64(t.Cost))
		}
	}
	expanded, placeOf, err := assign.ExpandCapacities(base, caps)
	if err != nil {
		return BatchResult{}, err
	}
	// A held plaats is a column of its own, open to its holder only.
	index := make(map[int64]int, len(places))
	for j, pl := range places {
		index[pl.ID] = j
	}
	type heldCol struct{ person, place int }
	var held []heldCol
	for i, p := range people {
		for _, id := range p.HeldPlaces {
			j, ok := index[id]
			if !ok {
				continue
			}
			pl := places[j]
			pl.Held-- // the holder's own hold does not count against them
			t, ok := PairCost(p, pl, now)
			if !ok {
				continue
			}
			held = append(held, heldCol{i, j})
			if terms[i][j] == (Terms{}) {
				terms[i][j] = t
			}
		}
	}
	// Then one private "not placed" column per person.
	first := expanded.Cols + len(held)
	cols := first + n
	m := assign.NewMatrix(n, cols)
	for i := 0; i < n; i++ {
		copy(m.Cost[i*cols:i*cols+expanded.Cols], expanded.Cost[i*expanded.Cols:(i+1)*expanded.Cols])
		for k, h := range held {
			if h.person == i {
				m.Set(i, expanded.Cols+k, float64(terms[i][h.place].Cost))
			} else {
				m.Forbid(i, expanded.Cols+k)
			}
		}
		for k := 0; k < n; k++ {
			if k == i {
				m.Set(i, first+k, NotPlacedCost)
			} else {
				m.Forbid(i, first+k)
			}
		}
	}
	for _, h := range held {
		placeOf = append(placeOf, h.place)
	}
	progress(fmt.Sprintf("optimale toewijzing zoeken: %d personen, %d vrije plaatsen", n, beds))
	res, err := assign.Solve(m)
	if err != nil {
		return BatchResult{}, fmt.Errorf("toewijzing: %w", err)
	}
	var out BatchResult
	for i, c := range res.ColOfRow {
		if c < 0 || c >= first {
			fitting := fittingPlaces(people[i], places, caps, now)
			out.Unplaced = append(out.Unplaced, Unplaced{Person: i, Fitting: fitting, Reason: unplacedWhy(fitting, web.LangNL)})
			out.Total += NotPlacedCost
			continue
		}
		j := placeOf[c]
		out.Assignments = append(out.Assignments, Assignment{Person: i, Place: j, Terms: terms[i][j]})
		out.Total += terms[i][j].Cost
	}
	return out, nil
}

// fittingPlaces counts the places with free room that pass every hard
// constraint for p: when there are some and p got none, they went to
// people before p.
func fittingPlaces(p Person, places []Place, caps []int, now time.Time) int {
	feasible := 0
	for j, pl := range places {
		if caps[j] == 0 {
			continue
		}
		if fails, _ := fastChecks(p, pl, now); fails == 0 {
			feasible++
		}
	}
	return feasible
}

// BatchCost is the objective of a complete choice: place[i] is the index of
// the place for person i, or -1 for not placed. It returns ok false when a
// choice uses a forbidden pair or overfills a place. Tests use it to check
// the solver against brute force.
func BatchCost(people []Person, places []Place, choice []int, now time.Time) (int64, bool) {
	used := make([]int, len(places))
	var total int64
	for i, j := range choice {
		if j < 0 {
			total += NotPlacedCost
			continue
		}
		used[j]++
		if used[j] > places[j].Free() {
			return 0, false
		}
		t, ok := PairCost(people[i], places[j], now)
		if !ok {
			return 0, false
		}
		total += t.Cost
	}
	return total, true
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}
