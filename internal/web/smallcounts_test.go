package web

import (
	"encoding/json"
	"math/rand/v2"
	"testing"
)

// column builds parts and their total and returns the handles, total last.
func column(c *Counts, vals ...int) []int {
	var ids []int
	sum := 0
	for _, v := range vals {
		ids = append(ids, c.Count(v))
		sum += v
	}
	t := c.Count(sum)
	c.Sum(t, ids...)
	return append(ids, t)
}

func hiddenOf(c *Counts, ids []int) []bool {
	out := make([]bool, len(ids))
	for i, id := range ids {
		out[i] = c.Hidden(id)
	}
	return out
}

func TestCountsColumn(t *testing.T) {
	for _, tc := range []struct {
		vals []int
		want []bool // parts then total
	}{
		// A lone small count gets a partner, the smallest other one.
		{[]int{10, 3, 7, 0}, []bool{false, true, true, false, false}},
		// Two small counts protect each other unless they are both 1:
		// 2 hidden cells summing to 2 are each 1.
		{[]int{2, 3, 10}, []bool{true, true, false, false}},
		{[]int{1, 1, 10}, []bool{true, true, true, false}},
		// A small total is hidden, and then its parts cannot be shown.
		{[]int{0, 0, 3}, []bool{false, false, true, true}},
		{[]int{5, 9, 0}, []bool{false, false, false, false}},
		// Zero is shown.
		{[]int{0, 0, 0}, []bool{false, false, false, false}},
	} {
		var c Counts
		ids := column(&c, tc.vals...)
		c.Suppress()
		got := hiddenOf(&c, ids)
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%v: hidden %v, want %v", tc.vals, got, tc.want)
				break
			}
		}
	}
}

// An unpublished remainder (in view but not urgent) that is small must not
// follow from the two shown counts.
func TestCountsUnpublishedRemainder(t *testing.T) {
	var c Counts
	all, urgent, rest := c.Count(10), c.Count(8), c.Unpublished(2)
	c.Sum(all, urgent, rest)
	c.Suppress()
	if !c.Hidden(all) && !c.Hidden(urgent) {
		t.Error("10 in view and 8 urgent give away 2 not urgent")
	}
	if !c.Value(rest).Hidden {
		t.Error("an unpublished count has a value")
	}
}

// Known counts (the reader's own region) are never hidden; the others are
// protected against the total minus the known ones.
func TestCountsKnown(t *testing.T) {
	var c Counts
	own, other, third := c.Known(2), c.Count(3), c.Count(20)
	total := c.Count(25)
	c.Sum(total, own, other, third)
	c.Suppress()
	if c.Hidden(own) || !c.Hidden(other) || (!c.Hidden(third) && !c.Hidden(total)) {
		t.Errorf("own %v other %v third %v total %v", c.Hidden(own), c.Hidden(other), c.Hidden(third), c.Hidden(total))
	}
}

// The case: months with a total, one month small; total - shown
// months must not give it.
func TestCountsMonthsAndTotal(t *testing.T) {
	var c Counts
	ids := column(&c, 30, 28, 30, 2)
	c.Suppress()
	if !c.Hidden(ids[3]) {
		t.Fatal("small month shown")
	}
	shown := 0
	for _, id := range ids[:4] {
		if c.Hidden(id) {
			shown++
		}
	}
	if shown < 2 && !c.Hidden(ids[4]) {
		t.Error("90 - 88 gives the hidden month away")
	}
}

// TestCountsNeverDisclose checks Suppress against a brute-force reader on
// random small two-way tables with margins: for every hidden small count,
// at least two values must fit everything shown.
func TestCountsNeverDisclose(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 300; n++ {
		rows, cols := 2+rng.IntN(2), 2
		var c Counts
		cell := make([][]int, rows)
		colTot := make([]int, cols)
		var rowTot []int
		grand := 0
		for i := range rows {
			cell[i] = make([]int, cols)
			sum := 0
			for j := range cols {
				v := []int{0, 1, 2, 3, 5, 6, 8}[rng.IntN(7)]
				cell[i][j] = c.Count(v)
				colTot[j] += v
				sum += v
			}
			rowTot = append(rowTot, c.Count(sum))
			grand += sum
		}
		var colIDs []int
		for j := range cols {
			colIDs = append(colIDs, c.Count(colTot[j]))
		}
		g := c.Count(grand)
		for i := range rows {
			c.Sum(rowTot[i], cell[i]...)
		}
		for j := range cols {
			var parts []int
			for i := range rows {
				parts = append(parts, cell[i][j])
			}
			c.Sum(colIDs[j], parts...)
		}
		c.Sum(g, rowTot...)
		c.Sum(g, colIDs...)
		c.Suppress()
		if i := bruteDisclosed(&c, grand); i >= 0 {
			t.Fatalf("table %d: hidden count %d (=%d) can be worked out: %+v", n, i, c.cells[i].n, c.cells)
		}
	}
}

// bruteDisclosed enumerates every assignment of the hidden counts (each at
// least 1 and at most max) that satisfies the sums, and returns a hidden
// small count that has the same value in all of them, or -1.
func bruteDisclosed(c *Counts, max int) int {
	var hidden []int
	for i, cl := range c.cells {
		if cl.hide {
			hidden = append(hidden, i)
		}
	}
	vals := make([]int, len(c.cells))
	for i, cl := range c.cells {
		vals[i] = cl.n
	}
	seen := make([]map[int]bool, len(hidden))
	for k := range seen {
		seen[k] = map[int]bool{}
	}
	// A sum is checked as soon as its last hidden count has a value.
	pos := map[int]int{}
	for k, i := range hidden {
		pos[i] = k
	}
	due := make([][][]term, len(hidden))
	for _, s := range c.sums {
		last := -1
		for _, t := range s {
			if k, ok := pos[t.cell]; ok && k > last {
				last = k
			}
		}
		if last >= 0 {
			due[last] = append(due[last], s)
		}
	}
	var walk func(k int)
	walk = func(k int) {
		if k == len(hidden) {
			for h, i := range hidden {
				seen[h][vals[i]] = true
			}
			return
		}
		for v := 1; v <= max; v++ {
			vals[hidden[k]] = v
			fits := true
			for _, s := range due[k] {
				sum := 0.0
				for _, t := range s {
					sum += t.coef * float64(vals[t.cell])
				}
				if sum != 0 {
					fits = false
					break
				}
			}
			if fits {
				walk(k + 1)
			}
		}
	}
	walk(0)
	for h, i := range hidden {
		if c.small(i) && len(seen[h]) < 2 {
			return i
		}
	}
	return -1
}

// A total made of the reader's own counts only is shown, however small.
func TestCountsTotalOfKnown(t *testing.T) {
	var c Counts
	own, other := c.Known(2), c.Count(0)
	total := c.Count(2)
	c.Sum(total, own, other)
	c.Suppress()
	if c.Hidden(total) {
		t.Error("a total of known counts is hidden")
	}
}

// A Count writes a shown count as a JSON number and a hidden one as "<5"
// (never its value), reads both back, and refuses anything else.
func TestCountJSON(t *testing.T) {
	for _, c := range []struct {
		in   Count
		want string
		back Count
	}{{Count{N: 12}, `12`, Count{N: 12}}, {Count{N: 0}, `0`, Count{}}, {Count{N: 3, Hidden: true}, `"\u003c5"`, Count{Hidden: true}}} {
		b, err := json.Marshal(c.in)
		if err != nil || string(b) != c.want {
			t.Errorf("%+v: %s %v, want %s", c.in, b, err, c.want)
		}
		var back Count
		if err := json.Unmarshal(b, &back); err != nil || back != c.back {
			t.Errorf("%s read as %+v %v", b, back, err)
		}
	}
	var x Count
	for _, bad := range []string{`"3"`, `"<4"`, `1.5`, `true`} {
		if err := json.Unmarshal([]byte(bad), &x); err == nil {
			t.Errorf("%s accepted as a count", bad)
		}
	}
	if s := (Count{N: 3, Hidden: true}).String(); s != "<5" {
		t.Errorf("hidden count as text: %q", s)
	}
}
