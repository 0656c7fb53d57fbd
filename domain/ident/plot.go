package ident

import (
	"slices"
	"strconv"
	"strings"
)

// Plot is a cadastral plot (پلاک ثبتی): its registration section (بخش ثبتی) and its main
// (اصلی) and sub (فرعی) numbers, kept as separate fields because sources disagree on the
// order in which the combined text form is read (see domain.md §4). Sub is empty for a plot
// that has only a main number; both may list several numbers for a multi-plot deed.
type Plot struct {
	Section int   `json:"section"`
	Main    []int `json:"main"`
	Sub     []int `json:"sub,omitempty"`
}

// NewPlot checks a plot given as separate fields, which is how forms should collect it.
func NewPlot(section int, main, sub []int) (Plot, error) {
	if section <= 0 {
		return Plot{}, invalid("plot.section", CodePlotSection, "the registration section must be a positive number")
	}
	if len(main) == 0 || slices.ContainsFunc(main, notPositive) {
		return Plot{}, invalid("plot.main", CodePlotMain, "main plot numbers must be positive")
	}
	if slices.ContainsFunc(sub, notPositive) {
		return Plot{}, invalid("plot.sub", CodePlotSub, "sub plot numbers must be positive")
	}
	return Plot{Section: section, Main: slices.Clone(main), Sub: slices.Clone(sub)}, nil
}

// ParsePlot reads the combined text form "sub/main" as deeds print it in right-to-left text:
// "1617/72" is sub 1617 of main 72, and "211-253-254/6932-6933" lists subs 211, 253, 254 of
// mains 6932 and 6933; a bare "72" is a main number. Caveat: some sources (S48 in domain.md)
// read the halves the other way round, so a form should show the parsed fields back to the
// applicant for confirmation rather than trust this order silently.
func ParsePlot(section int, text string) (Plot, error) {
	sub, main, found := strings.Cut(NormalizeDigits(text), "/")
	if !found {
		main, sub = sub, ""
	}
	mains, ok := parseNumberList(main)
	if !ok {
		return Plot{}, invalid("plot", CodePlotFormat, `a plot reads "sub/main", numbers joined by "-"`)
	}
	var subs []int
	if found {
		if subs, ok = parseNumberList(sub); !ok {
			return Plot{}, invalid("plot", CodePlotFormat, `a plot reads "sub/main", numbers joined by "-"`)
		}
	}
	return NewPlot(section, mains, subs)
}

// String renders the text form ParsePlot reads, so the two round-trip.
func (p Plot) String() string {
	if len(p.Sub) == 0 {
		return joinNumbers(p.Main)
	}
	return joinNumbers(p.Sub) + "/" + joinNumbers(p.Main)
}

// parseNumberList reads "211-253-254" into numbers; ok is false on any malformed part.
func parseNumberList(s string) ([]int, bool) {
	parts := strings.Split(strings.TrimSpace(s), "-")
	numbers := make([]int, 0, len(parts))
	for _, part := range parts {
		part = strings.TrimSpace(part)
		if len(part) > 9 || !allDigits(part) {
			return nil, false
		}
		n, _ := strconv.Atoi(part)
		numbers = append(numbers, n)
	}
	return numbers, true
}

func joinNumbers(numbers []int) string {
	parts := make([]string, len(numbers))
	for i, n := range numbers {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, "-")
}

func notPositive(n int) bool { return n <= 0 }
