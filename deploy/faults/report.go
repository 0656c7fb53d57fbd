package faults

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"time"
)

// Table is the results as a Markdown table: one row per fault.
func Table(results []Result) string {
	var b strings.Builder
	b.WriteString("| fault | runs | acknowledged | lost | duplicated | recovery s (median / max) | checks |\n")
	b.WriteString("|---|---:|---:|---:|---:|---:|---|\n")
	for _, r := range results {
		checks := "pass"
		if !r.Passed() {
			checks = fmt.Sprintf("FAIL (%d findings)", len(r.Problems))
		}
		recovery := seconds(r.Recovery)
		if r.Unrecovered > 0 {
			recovery += fmt.Sprintf("; %d not within the limit", r.Unrecovered)
		}
		fmt.Fprintf(&b, "| %s | %d | %d | %d | %d | %s | %s |\n", r.Fault, r.Injections, r.Acknowledged, r.Lost, r.Duplicated, recovery, checks)
	}
	return b.String()
}

// seconds is the median and the maximum of ds.
func seconds(ds []time.Duration) string {
	if len(ds) == 0 {
		return "–"
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return fmt.Sprintf("%.2f / %.2f", s[len(s)/2].Seconds(), s[len(s)-1].Seconds())
}

// Markers around the generated part of docs/reliability.md.
const (
	resultsBegin = "<!-- fault results: written by make test-faults -->"
	resultsEnd   = "<!-- end of fault results -->"
)

// WriteResults replaces the results between the markers of the document at path.
func WriteResults(path, results string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	doc := string(b)
	i, j := strings.Index(doc, resultsBegin), strings.Index(doc, resultsEnd)
	if i < 0 || j < i {
		return fmt.Errorf("%s: no %q … %q section", path, resultsBegin, resultsEnd)
	}
	doc = doc[:i+len(resultsBegin)] + "\n" + results + doc[j:]
	return os.WriteFile(path, []byte(doc), 0o644)
}

// Descriptions lists what each fault does, for the report.
func Descriptions() string {
	var b strings.Builder
	for _, sc := range Scenarios {
		fmt.Fprintf(&b, "- **%s**: %s.\n", sc.Name, sc.What)
	}
	return b.String()
}
