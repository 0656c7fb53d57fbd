package catalogue_test

import (
	"slices"
	"testing"

	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/catalogue"
)

// TestStepRolesAreThePolicys: every step of every service of every embedded catalogue shows
// exactly the roles access.Authorize lets act on it, asked as a member of the case's own
// department (or its applicant). Wave 1 kept a second, hand-written list that said the
// applicant records payments, which the policy refuses.
func TestStepRolesAreThePolicys(t *testing.T) {
	t.Parallel()
	for _, v := range catalogue.Versions() {
		cat, _ := catalogue.ByVersion(v)
		for _, svc := range cat.Services() {
			target := access.Target{Group: svc.Group, Department: "district-3", ApplicantNationalID: "3974017844"}
			for _, rule := range svc.Steps {
				var want []access.Role
				for _, r := range access.Roles {
					actor := access.Actor{Subject: "someone", Roles: []access.Role{r}, Department: "district-3", NationalID: "3974017844"}
					if slices.ContainsFunc(rule.Step.Actions(), func(a access.Action) bool { return access.Authorize(actor, a, target) == nil }) {
						want = append(want, r)
					}
				}
				if len(want) == 0 || !slices.Equal(rule.Roles, want) {
					t.Errorf("%s %s step %s shows roles %v, the policy lets %v act", v, svc.Key, rule.Step, rule.Roles, want)
				}
			}
		}
	}
}

// TestEveryStepHasActions: a step no policy action acts on could show no one.
func TestEveryStepHasActions(t *testing.T) {
	t.Parallel()
	for _, s := range catalogue.Steps {
		if len(s.Actions()) == 0 {
			t.Errorf("step %s names no policy action", s)
		}
		for _, a := range s.Actions() {
			if !slices.Contains(access.Actions(), a) {
				t.Errorf("step %s names %q, which the policy does not know", s, a)
			}
		}
	}
}
