package cases_test

import (
	"errors"
	"testing"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/cases"
)

// A case goes only to a department the city has and to staff on the roster of the
// department it lands in (submitOf files it in district 3).
func TestAssignmentNamesKnownDepartmentsAndStaff(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		cmd      cases.Assign
		wantRule string
	}{
		{"assigns a clerk of the case's district", cases.Assign{Assignee: "clerk-3-1"}, ""},
		{"assigns a district's department with its clerk", cases.Assign{Assignee: "clerk-4-2", Department: "district-4"}, ""},
		{"hands the case to a central department", cases.Assign{Department: "urban-planning"}, ""},
		{"refuses a department the city does not have", cases.Assign{Department: "district-99"}, cases.RuleAssignUnknownDepartment},
		{"refuses someone not on the roster", cases.Assign{Assignee: "clerk-7", Department: "district-3"}, cases.RuleAssignUnknownAssignee},
		{"refuses a citizen as assignee", cases.Assign{Assignee: "3974017844"}, cases.RuleAssignUnknownAssignee},
		{"refuses staff of another department", cases.Assign{Assignee: "clerk-4-1", Department: "district-3"}, cases.RuleAssignOtherDepartment},
		{"refuses staff of another district when the case stays in its own", cases.Assign{Assignee: "clerk-4-1"}, cases.RuleAssignOtherDepartment},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.cmd.At = t0
			s, err := run(t, "permit.new", submitOf("permit.new"), tt.cmd)
			if tt.wantRule == "" {
				if err != nil || s.Assignee != tt.cmd.Assignee || s.Department != tt.cmd.Department {
					t.Fatalf("state %q/%q, %v; want %+v", s.Assignee, s.Department, err, tt.cmd)
				}
				return
			}
			var de *domain.Error
			if !errors.As(err, &de) || de.Code != domain.CodeRuleViolated || de.Rule != tt.wantRule {
				t.Fatalf("got %v, want rule %s", err, tt.wantRule)
			}
		})
	}
}
