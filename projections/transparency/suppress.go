package transparency

import "slices"

// A published total and its published parts let a reader subtract: if a single part is hidden,
// the total minus the others is that part. hide is the one rule that prevents it (complementary
// suppression): each set of parts that adds up to the total either hides nothing, or hides at
// least two parts whose sum is at least MinCell and more than their number (so they are not
// all ones, and no hidden part is pinned by the sum). Parts under MinCell are hidden first
// (primary suppression); the smallest other non-zero parts are hidden next until the rule
// holds; when even that cannot satisfy it, the total is hidden instead and the parts keep only
// their primary suppression. Zero is always published: it names nobody.
//
// A total may be split several ways (by service and by district): it is one number, so it is
// hidden for all of them if any one needs it.
func hide(total int, splits ...[]int) (totalShown bool, shown [][]bool) {
	totalShown = !small(total)
	shown = make([][]bool, len(splits))
	for i, parts := range splits {
		shown[i] = make([]bool, len(parts))
		for j, n := range parts {
			shown[i][j] = !small(n)
		}
		if totalShown && !complement(parts, shown[i]) {
			totalShown = false
		}
	}
	if !totalShown { // no subtraction left to guard against: primary suppression only
		for i, parts := range splits {
			for j, n := range parts {
				shown[i][j] = !small(n)
			}
		}
	}
	return totalShown, shown
}

// complement hides more of parts (clearing shown) until the hidden ones are safe against the
// total, smallest first; false when no choice of the parts can make them safe.
func complement(parts []int, shown []bool) bool {
	order := make([]int, len(parts))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return parts[a] - parts[b] })
	for !safe(parts, shown) {
		next := slices.IndexFunc(order, func(i int) bool { return shown[i] && parts[i] > 0 })
		if next < 0 {
			return false
		}
		shown[order[next]] = false
	}
	return true
}

// safe is the rule above for one set of parts.
func safe(parts []int, shown []bool) bool {
	n, sum := 0, 0
	for i, p := range parts {
		if !shown[i] {
			n++
			sum += p
		}
	}
	return n == 0 || (n >= 2 && sum >= MinCell && sum > n)
}

// small is a count that could point at a person.
func small(n int) bool { return n > 0 && n < MinCell }

// shownOr is n when shown, else nil (hidden).
func shownOr(n int, shown bool) *int {
	if !shown {
		return nil
	}
	return &n
}
