package catalogue

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/shafaf-city/shafaf/domain/fees"
	"github.com/shafaf-city/shafaf/domain/jalali"
	"github.com/shafaf-city/shafaf/domain/lifecycle"
	"github.com/shafaf-city/shafaf/domain/workdays"
)

// file is the shape of a catalogue JSON file.
type file struct {
	Version     string                   `json:"version"`
	Published   string                   `json:"published"`
	Documents   map[string]Text          `json:"documents"`
	StatusTexts map[Flow]map[Status]Text `json:"status_texts"`
	Services    []Service                `json:"services"`
	PlotRules   []PlotRule               `json:"plot_rules"`
}

// Validate reports every problem in a catalogue file, in file order; none means Load accepts
// it. Malformed JSON or an unknown field is reported alone, since nothing after it is reliable.
func Validate(data []byte) []Problem {
	lines := indexLines(data)
	f, err := decode(data)
	if err != nil {
		return []Problem{decodeProblem(data, lines, err)}
	}
	c := &checker{lines: lines, feeItems: fees.KnownItemCodes()}
	c.file(f)
	return c.problems
}

// decode reads a catalogue file strictly: an unknown field is a typo, not an extension.
func decode(data []byte) (file, error) {
	var f file
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	err := dec.Decode(&f)
	return f, err
}

// checker accumulates problems; each rule adds one and validation goes on.
type checker struct {
	lines    map[string]int
	feeItems []string
	problems []Problem
}

func (c *checker) add(path, format string, args ...any) {
	c.problems = append(c.problems, Problem{Location: path, Line: lineOf(c.lines, path), Message: fmt.Sprintf(format, args...)})
}

func (c *checker) file(f file) {
	if f.Version == "" {
		c.add("version", "missing version")
	}
	if _, err := jalali.Parse(f.Published); err != nil {
		c.add("published", "publication day must be a Jalali date like 1405/01/01, not %q", f.Published)
	}
	for _, key := range sortedKeys(f.Documents) {
		c.text(fmt.Sprintf("documents.%s", key), f.Documents[key])
	}
	for _, flow := range sortedKeys(f.StatusTexts) {
		if _, ok := Statuses[flow]; !ok {
			c.add("status_texts."+string(flow), "unknown flow %q", flow)
		}
	}
	for _, flow := range lifecycle.Flows {
		c.statusTexts("status_texts."+string(flow), flow, f.StatusTexts[flow])
	}
	if len(f.Services) == 0 {
		c.add("services", "no services")
	}
	first := map[string]int{}
	for i, s := range f.Services {
		path := fmt.Sprintf("services[%d]", i)
		if j, dup := first[s.Key]; dup {
			c.add(path+".key", "duplicate key %q, first at services[%d]", s.Key, j)
		} else {
			first[s.Key] = i
		}
		c.service(path, s, f.Documents)
	}
	c.plotRules(f.PlotRules, f.Services)
}

// text wants both languages.
func (c *checker) text(path string, t Text) {
	if t.Fa == "" {
		c.add(path+".fa", "missing Persian text")
	}
	if t.En == "" {
		c.add(path+".en", "missing English text")
	}
}

// statusTexts checks texts that word a flow's statuses over the vocabulary's: each of a status
// the flow has, in both languages.
func (c *checker) statusTexts(path string, flow Flow, texts map[Status]Text) {
	for _, status := range sortedKeys(texts) {
		if !slices.Contains(Statuses[flow], status) {
			c.add(path+"."+string(status), "unknown status %q for the %s flow", status, flow)
			continue
		}
		c.text(path+"."+string(status), texts[status])
	}
}

func (c *checker) sourced(path string, s Sourced) {
	switch {
	case s.Source != "cited" && s.Source != "assumed":
		c.add(path+".source", `source must be "cited" or "assumed", not %q`, s.Source)
	case s.Source == "cited" && s.Citation == "":
		c.add(path+".citation", "a cited figure needs its citation")
	}
}

func (c *checker) deadline(path string, d Deadline) {
	if d.Days <= 0 {
		c.add(path+".days", "deadline must be positive, not %d", d.Days)
	}
	if !d.Kind.Valid() {
		c.add(path+".kind", "deadline kind must be %q or %q, not %q", workdays.WorkingDays, workdays.CalendarDays, d.Kind)
	}
	c.sourced(path, d.Sourced)
}

func sortedKeys[K ~string, V any](m map[K]V) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
