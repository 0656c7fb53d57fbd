package catalogue

import (
	"fmt"
	"slices"

	"github.com/shafaf-city/shafaf/domain/access"
)

// service checks one service entry against the vocabulary and the file's dictionaries.
func (c *checker) service(path string, s Service, documents map[string]Text) {
	if s.Key == "" {
		c.add(path+".key", "missing key")
	}
	c.text(path+".name", s.Name)
	if !slices.Contains(access.Groups, s.Group) {
		c.add(path+".group", "unknown group %q", s.Group)
	}
	c.steps(path, s)
	for i, doc := range s.Documents {
		if _, ok := documents[doc]; !ok {
			c.add(fmt.Sprintf("%s.documents[%d]", path, i), "unknown document %q", doc)
		}
	}
	for i, item := range s.FeeItems {
		if _, found := slices.BinarySearch(c.feeItems, item); !found {
			c.add(fmt.Sprintf("%s.fee_items[%d]", path, i), "unknown fee item %q", item)
		}
	}
	if len(s.FeeItems) > 0 && !(s.UsesStep(StepFeeAssessment) && s.UsesStep(StepPayment)) {
		c.add(path+".fee_items", "charging fees needs the fee_assessment and payment steps")
	}
	c.deadline(path+".deadline", s.Deadline)
	if s.NormDays <= 0 {
		c.add(path+".norm_days", "service norm must be positive, not %d", s.NormDays)
	}
	if s.Issues != nil {
		c.issuance(path+".issues", *s.Issues, s.UsesStep(StepIssuance))
	}
	c.windows(path+".windows", s)
	c.statusTexts(path+".status_texts", s.Flow(), s.StatusTexts)
}

func (c *checker) steps(path string, s Service) {
	if len(s.Steps) == 0 {
		c.add(path+".steps", "no workflow steps")
	}
	seen := map[Step]bool{}
	for i, rule := range s.Steps {
		stepPath := fmt.Sprintf("%s.steps[%d]", path, i)
		switch {
		case !slices.Contains(Steps, rule.Step):
			c.add(stepPath+".step", "unknown step %q", rule.Step)
		case seen[rule.Step]:
			c.add(stepPath+".step", "step %q listed twice", rule.Step)
		}
		seen[rule.Step] = true
		if rule.Roles != nil {
			c.add(stepPath+".roles", "who may act on a step is the access policy's (domain/access), not the catalogue's")
		}
	}
}

func (c *checker) issuance(path string, is Issuance, hasIssuanceStep bool) {
	if is.Document == "" {
		c.add(path+".document", "missing the kind of document issued")
	}
	if is.ValidityMonths < 0 {
		c.add(path+".validity_months", "validity must not be negative")
	}
	if !hasIssuanceStep {
		c.add(path, "issuing a document needs the issuance step")
	}
	if is.Content != "" && is.Content != ContentZoning {
		c.add(path+".content", "unknown content %q", is.Content)
	}
	c.sourced(path, is.Sourced)
}

// windows are required for violation services and meaningless for the others.
func (c *checker) windows(path string, s Service) {
	switch {
	case s.Flow() == FlowViolation && s.Windows == nil:
		c.add(path, "a violation service needs its defence and appeal windows")
	case s.Flow() != FlowViolation && s.Windows != nil:
		c.add(path, "only violation services have defence and appeal windows")
	case s.Windows != nil:
		if s.Windows.DefenceDays <= 0 || s.Windows.AppealDays <= 0 {
			c.add(path, "defence and appeal windows must be positive")
		}
		c.sourced(path, s.Windows.Sourced)
	}
}
