package transparency

import (
	"math/rand/v2"
	"testing"
)

// split is one published relation: a total and the parts it adds up from, nil where hidden.
type split struct {
	name  string
	total *int
	parts []*int
}

// subtract is the reader who tries every subtraction a relation allows: with the total
// published, the hidden parts add up to the total minus the published ones, and each hidden
// part is at least 1 (zero is published). It fails the test when that pins a hidden part (one
// hidden part alone, or all of them forced to 1) or reveals a group smaller than MinCell.
func subtract(tb testing.TB, s split) {
	tb.Helper()
	if s.total == nil {
		return
	}
	rest, hidden := *s.total, 0
	for _, p := range s.parts {
		if p == nil {
			hidden++
		} else {
			rest -= *p
		}
	}
	switch {
	case hidden == 1:
		tb.Errorf("%s: the one hidden part is %d, the total minus the published ones", s.name, rest)
	case hidden > 1 && rest-(hidden-1) <= 1:
		tb.Errorf("%s: %d hidden parts add up to %d, so each is 1", s.name, hidden, rest)
	case hidden > 1 && rest < MinCell:
		tb.Errorf("%s: %d hidden parts add up to %d, a group under %d", s.name, hidden, rest, MinCell)
	}
}

// TestHideLeavesNothingToSubtract draws many small cities (two ways of splitting one total,
// many small parts) and lets the reader subtract in each: no hidden part can be worked out,
// every part under MinCell is hidden, and what is published is the true figure.
func TestHideLeavesNothingToSubtract(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 1405))
	for range 5000 {
		total := 0
		splits := make([][]int, 1+rng.IntN(2))
		first := make([]int, 1+rng.IntN(6))
		for i := range first {
			first[i] = rng.IntN(4) * rng.IntN(6) // many zeros and small parts
			total += first[i]
		}
		splits[0] = first
		if len(splits) == 2 { // the same cases split another way
			second, left := []int{}, total
			for left > 0 {
				n := min(left, rng.IntN(7))
				second = append(second, n)
				left -= n
			}
			splits[1] = second
		}
		totalShown, shown := hide(total, splits...)
		if totalShown == small(total) {
			t.Fatalf("total %d shown=%v", total, totalShown)
		}
		for i, parts := range splits {
			published := make([]*int, len(parts))
			for j, n := range parts {
				if shown[i][j] && small(n) {
					t.Fatalf("part %d of %v published", n, parts)
				}
				published[j] = shownOr(n, shown[i][j])
			}
			subtract(t, split{name: "random city", total: shownOr(total, totalShown), parts: published})
			if t.Failed() {
				t.Fatalf("total %d split %v shown %v", total, parts, shown[i])
			}
		}
	}
}
