package web

import (
	"math"
	"sort"
)

// SmallCount is the smallest person count shown to a role that may not see
// the persons behind it (DESIGN §3 "Small counts"): 1 to SmallCount-1 are
// hidden, 0 is shown.
const SmallCount = 5

// Counts decides which person counts of one publication to hide. Hiding
// the counts from 1 to 4 alone is not enough: a reader adds and subtracts
// what is shown (a total minus the visible cells, a month's figure minus
// its regions, "in view" minus "urgent"), so Counts also knows the sums
// that hold between the counts and hides further cells (complementary
// suppression) until no small count follows from the shown ones, neither
// exactly by the sums nor by the bounds a reader knows (a hidden count is
// at least 1, since 0 is shown). Every aggregate of the product goes
// through it, pages, API and exports alike, so they hide the same cells.
//
// Build it with Count, Known and Unpublished, declare the sums with Sum,
// call Suppress once and read the answer with Hidden or Value.
type Counts struct {
	cells []countCell
	sums  [][]term
}

type countKind uint8

const (
	published   countKind = iota // shown unless hidden
	known                        // the reader may see it anyway: never hidden
	unpublished                  // never shown, but may follow from shown ones
)

type countCell struct {
	n    int
	kind countKind
	hide bool
}

type term struct {
	cell int
	coef float64
}

// Count adds a count to publish and returns its handle.
func (c *Counts) Count(n int) int { return c.add(n, published) }

// Known adds a count the reader may see anyway (a care office's own
// region): it is shown and never hidden, but it takes part in the sums.
func (c *Counts) Known(n int) int { return c.add(n, known) }

// Unpublished adds a count that is not shown but that a reader could work
// out from the shown ones (the open cases that are not urgent, say); it
// must be declared so a small one is not given away by a difference.
func (c *Counts) Unpublished(n int) int { return c.add(n, unpublished) }

func (c *Counts) add(n int, k countKind) int {
	c.cells = append(c.cells, countCell{n: n, kind: k, hide: k == unpublished})
	return len(c.cells) - 1
}

// Sum declares that the count total is the sum of the counts parts.
func (c *Counts) Sum(total int, parts ...int) {
	row := []term{{total, 1}}
	for _, p := range parts {
		row = append(row, term{p, -1})
	}
	c.sums = append(c.sums, row)
}

// Hidden reports whether count i must not be shown.
func (c *Counts) Hidden(i int) bool { return c.cells[i].hide }

func (c *Counts) small(i int) bool {
	n := c.cells[i].n
	return n > 0 && n < SmallCount
}

// Suppress hides every published count from 1 to SmallCount-1 and then,
// one at a time, the smallest shown count that shares a sum with a small
// count that could still be worked out, until none can.
func (c *Counts) Suppress() {
	c.spreadKnown()
	for i := range c.cells {
		if c.cells[i].kind == published && c.small(i) {
			c.cells[i].hide = true
		}
	}
	safe := make([]bool, len(c.cells))
	for range len(c.cells) + 1 {
		leak := c.disclosed(safe)
		if leak < 0 {
			return
		}
		pick := c.complement(leak)
		if pick < 0 {
			// Nothing beside it left to hide: hide everything rather
			// than give a small count away.
			for i := range c.cells {
				if c.cells[i].kind == published && c.cells[i].n != 0 {
					c.cells[i].hide = true
				}
			}
			return
		}
		c.cells[pick].hide = true
	}
}

// spreadKnown marks as known every published count that follows from
// known ones alone (a total of the reader's own regions): hiding it would
// hide nothing. A shown zero counts as known.
func (c *Counts) spreadKnown() {
	isKnown := func(i int) bool {
		cl := c.cells[i]
		return cl.kind == known || (cl.kind == published && cl.n == 0)
	}
	for changed := true; changed; {
		changed = false
		for _, row := range c.sums {
			unknown := -1
			for _, t := range row {
				if !isKnown(t.cell) {
					if unknown >= 0 {
						unknown = -2
						break
					}
					unknown = t.cell
				}
			}
			if unknown >= 0 && c.cells[unknown].kind == published {
				c.cells[unknown].kind = known
				changed = true
			}
		}
	}
}

// complement picks the count to hide next to protect leak: the smallest
// shown, non-zero, hideable count in a sum with leak, or failing that in a
// sum with any hidden count that shares a sum with leak.
func (c *Counts) complement(leak int) int {
	best := -1
	consider := func(i int) {
		cl := c.cells[i]
		if cl.kind != published || cl.hide || cl.n == 0 {
			return
		}
		if best < 0 || cl.n < c.cells[best].n {
			best = i
		}
	}
	near := map[int]bool{leak: true}
	for _, row := range c.sums {
		if hasCell(row, leak) {
			for _, t := range row {
				consider(t.cell)
				if c.cells[t.cell].hide {
					near[t.cell] = true
				}
			}
		}
	}
	if best >= 0 {
		return best
	}
	for _, row := range c.sums {
		for _, t := range row {
			if near[t.cell] {
				for _, u := range row {
					consider(u.cell)
				}
				break
			}
		}
	}
	return best
}

func hasCell(row []term, i int) bool {
	for _, t := range row {
		if t.cell == i {
			return true
		}
	}
	return false
}

// disclosed returns a hidden small count that a reader can work out, or -1.
// The reader knows the shown counts, the sums, that a hidden published
// count is at least 1 and an unpublished one at least 0; a hidden count is
// safe when the linear programme over those facts lets it move by at
// least 1 either way. Hiding more only widens what fits, so a count once
// found safe stays safe (safe remembers them).
func (c *Counts) disclosed(safe []bool) int {
	// Only sums that hold a hidden count matter, and only together with
	// the sums they share hidden counts with: split the hidden counts into
	// groups joined by sums and solve each group's programme on its own
	// (a table's independent columns stay small programmes).
	parent := map[int]int{}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for i, cl := range c.cells {
		if cl.hide {
			parent[i] = i
		}
	}
	for _, s := range c.sums {
		first := -1
		for _, t := range s {
			if _, ok := parent[t.cell]; !ok {
				continue
			}
			if first < 0 {
				first = t.cell
			} else {
				parent[find(t.cell)] = find(first)
			}
		}
	}
	groups := map[int][]int{}
	for i, cl := range c.cells {
		if cl.hide {
			r := find(i)
			groups[r] = append(groups[r], i)
		}
	}
	roots := make([]int, 0, len(groups))
	for r := range groups {
		roots = append(roots, r)
	}
	sort.Ints(roots)
	for _, r := range roots {
		if i := c.disclosedIn(groups[r], safe); i >= 0 {
			return i
		}
	}
	return -1
}

// disclosedIn checks the hidden counts cols, one group joined by sums.
func (c *Counts) disclosedIn(cols []int, safe []bool) int {
	todo := false
	for _, i := range cols {
		todo = todo || (!safe[i] && c.small(i))
	}
	if !todo {
		return -1
	}
	col := map[int]int{}
	for j, i := range cols {
		col[i] = j
	}
	// Rows over y = x - lower bound >= 0: Σ a_k y_k = value - Σ a_k lb_k.
	var a [][]float64
	var b []float64
	for _, s := range c.sums {
		r := make([]float64, len(cols))
		rhs, any := 0.0, false
		for _, t := range s {
			if j, ok := col[t.cell]; ok {
				r[j] += t.coef
				rhs += t.coef * float64(c.cells[t.cell].n-c.lower(t.cell))
				any = true
			}
		}
		if any {
			a, b = append(a, r), append(b, rhs)
		}
	}
	for j, i := range cols {
		if safe[i] || !c.small(i) {
			continue
		}
		y := float64(c.cells[i].n - c.lower(i))
		obj := make([]float64, len(cols))
		obj[j] = 1
		if lpMax(a, b, obj) >= y+1-1e-6 {
			safe[i] = true
			continue
		}
		obj[j] = -1
		if -lpMax(a, b, obj) <= y-1+1e-6 {
			safe[i] = true
			continue
		}
		return i
	}
	return -1
}

// lower is what a reader knows a hidden count is at least.
func (c *Counts) lower(i int) int {
	if c.cells[i].kind == unpublished {
		return 0
	}
	return 1
}

// lpMax maximises obj·y subject to a·y = b and y >= 0 by the two-phase
// simplex method with Bland's rule (no cycling); it returns +Inf when the
// objective is unbounded. The system is known to be feasible (the true
// counts satisfy it). The tables are small: a few hundred unknowns.
func lpMax(a [][]float64, b []float64, obj []float64) float64 {
	const eps = 1e-9
	m, n := len(a), len(obj)
	if m == 0 {
		for _, o := range obj {
			if o > eps {
				return math.Inf(1)
			}
		}
		return 0
	}
	w := n + m + 1 // originals, artificials, right-hand side
	t := make([][]float64, m)
	basis := make([]int, m)
	for i := range m {
		t[i] = make([]float64, w)
		sign := 1.0
		if b[i] < 0 {
			sign = -1
		}
		for j := range n {
			t[i][j] = sign * a[i][j]
		}
		t[i][n+i] = 1
		t[i][w-1] = sign * b[i]
		basis[i] = n + i
	}
	pivot := func(r, e int) {
		pv := t[r][e]
		for k := range w {
			t[r][k] /= pv
		}
		for i := range m {
			if i != r && math.Abs(t[i][e]) > eps {
				f := t[i][e]
				for k := range w {
					t[i][k] -= f * t[r][k]
				}
			}
		}
		basis[r] = e
	}
	// run maximises cost·x over the tableau, entering only columns < limit.
	run := func(cost []float64, limit int) bool {
		for {
			e := -1
			for j := 0; j < limit; j++ {
				rc := cost[j]
				for i := range m {
					rc -= cost[basis[i]] * t[i][j]
				}
				if rc > eps {
					e = j
					break
				}
			}
			if e < 0 {
				return true
			}
			r := -1
			for i := range m {
				if t[i][e] > eps {
					q := t[i][w-1] / t[i][e]
					if r < 0 || q < t[r][w-1]/t[r][e]-eps || (math.Abs(q-t[r][w-1]/t[r][e]) <= eps && basis[i] < basis[r]) {
						r = i
					}
				}
			}
			if r < 0 {
				return false // unbounded
			}
			pivot(r, e)
		}
	}
	phase1 := make([]float64, w)
	for i := range m {
		phase1[n+i] = -1
	}
	run(phase1, n+m)
	// Drive artificials still in the basis (at zero) out where a row
	// allows; rows without an original column are redundant and stay.
	for i := range m {
		if basis[i] >= n {
			for j := range n {
				if math.Abs(t[i][j]) > eps {
					pivot(i, j)
					break
				}
			}
		}
	}
	cost := make([]float64, w)
	copy(cost, obj)
	if !run(cost, n) {
		return math.Inf(1)
	}
	v := 0.0
	for i := range m {
		if basis[i] < n {
			v += obj[basis[i]] * t[i][w-1]
		}
	}
	return v
}
