package catalogue

import (
	"fmt"
	"slices"
	"strings"
)

// PlotRule says which cases on one cadastral plot stop others: while a case of one of the
// Open services is open on a plot, no case of one of the Blocks services issues its document
// on that plot. The rule's name is what a refused caller reads (e.g. "plot.open_violation").
type PlotRule struct {
	Rule   string   `json:"rule"`
	Name   Text     `json:"name"`
	Open   []string `json:"open"`
	Blocks []string `json:"blocks"`
	Sourced
}

// BlocksService reports whether the rule refuses issuance of service.
func (r PlotRule) BlocksService(service string) bool { return slices.Contains(r.Blocks, service) }

// plotRules checks the file's plot rules against its services: known keys, blocked services
// that issue something, and each opening service under one rule at most, since its open case
// holds the plot once.
func (c *checker) plotRules(rules []PlotRule, services []Service) {
	byKey := map[string]Service{}
	for _, s := range services {
		byKey[s.Key] = s
	}
	names, opener := map[string]int{}, map[string]int{}
	for i, r := range rules {
		path := fmt.Sprintf("plot_rules[%d]", i)
		if j, dup := names[r.Rule]; dup {
			c.add(path+".rule", "duplicate rule %q, first at plot_rules[%d]", r.Rule, j)
		}
		names[r.Rule] = i
		if !strings.HasPrefix(r.Rule, "plot.") || len(r.Rule) == len("plot.") {
			c.add(path+".rule", `a plot rule is named "plot.<name>", not %q`, r.Rule)
		}
		c.text(path+".name", r.Name)
		c.sourced(path, r.Sourced)
		if len(r.Open) == 0 || len(r.Blocks) == 0 {
			c.add(path, "a plot rule needs the services that open it and the services it blocks")
		}
		for k, key := range r.Open {
			at := fmt.Sprintf("%s.open[%d]", path, k)
			if _, ok := byKey[key]; !ok {
				c.add(at, "unknown service %q", key)
			}
			if j, dup := opener[key]; dup && j != i {
				c.add(at, "service %q already holds plots under plot_rules[%d]", key, j)
			}
			opener[key] = i
		}
		for k, key := range r.Blocks {
			s, ok := byKey[key]
			switch {
			case !ok:
				c.add(fmt.Sprintf("%s.blocks[%d]", path, k), "unknown service %q", key)
			case !s.UsesStep(StepIssuance):
				c.add(fmt.Sprintf("%s.blocks[%d]", path, k), "service %q issues nothing to block", key)
			}
		}
	}
}
