package cases_test

import (
	"errors"
	"testing"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/ident"
	"github.com/shafaf-city/shafaf/domain/jalali"
)

func patrolFinding(service string) cases.RecordPatrolFinding {
	sub := submitOf(service)
	return cases.RecordPatrolFinding{Service: service, District: "3", Plot: sub.Plot, Location: "خیابان امام، روبروی پارک",
		Owner: sub.Applicant, Findings: "two floors beyond the permit", MeasuredAreaDM2: 12000,
		CaseID: sub.CaseID, CatalogueVersion: "2026.2", Inspector: "inspector-3-1", At: t0}
}

func TestAPatrolFindingIsRecordedInOneStep(t *testing.T) {
	t.Parallel()
	t.Run("opens the case with its inspection recorded and the inspector assigned", func(t *testing.T) {
		evs, err := cases.Decide(cases.State{}, patrolFinding("viol.art100"), depsOf(t, "2026.2", "viol.art100"))
		if err != nil {
			t.Fatal(err)
		}
		var types []string
		for _, e := range evs {
			types = append(types, e.EventType())
		}
		if len(evs) != 3 || types[0] != cases.TypeSubmitted || types[1] != cases.TypeInspectionRecorded || types[2] != cases.TypeAssigned {
			t.Fatalf("events %v, want submitted, inspection recorded, assigned", types)
		}
		if sub := evs[0].(*cases.Submitted); sub.Channel != "inspection" || sub.Personal.NationalID != "3974017844" {
			t.Fatalf("submitted %+v", sub)
		}
		insp := evs[1].(*cases.InspectionRecorded)
		if !insp.OnPatrol || !insp.ViolationFound || insp.Inspector != "inspector-3-1" || insp.Location == "" {
			t.Fatalf("inspection %+v, want the patrol's finding", insp)
		}
		s := cases.Fold(evs)
		if !s.Inspection.Recorded || !s.Inspection.ViolationFound || s.Assignee != "inspector-3-1" || s.Department != "district-3" {
			t.Fatalf("state %+v", s)
		}
		// The next step is the notice: nothing waits for a booked visit.
		serve := cases.ServeNotice{ServedOn: jalali.Instant{Time: t0}, At: t0}
		if _, err := cases.Decide(s, serve, depsOf(t, "2026.2", "viol.art100")); err != nil {
			t.Fatalf("serving notice after a patrol finding: %v", err)
		}
	})
	t.Run("records on the plot's open case before notice", func(t *testing.T) {
		s := MustRun(t, "viol.art100", submitOf("viol.art100"))
		evs, err := cases.Decide(s, patrolFinding("viol.art100"), depsOf(t, "2026.2", "viol.art100"))
		if err != nil || len(evs) != 1 || evs[0].EventType() != cases.TypeInspectionRecorded {
			t.Fatalf("events %v, %v: want the inspection alone", evs, err)
		}
	})
	t.Run("refuses on a case already served notice", func(t *testing.T) {
		s := MustRun(t, "viol.art100", ruled()...)
		_, err := cases.Decide(s, patrolFinding("viol.art100"), depsOf(t, "2026.2", "viol.art100"))
		wantRule(t, err, cases.RuleNoticeAlreadyServed)
	})
	t.Run("refuses another plot's case", func(t *testing.T) {
		s := MustRun(t, "viol.art100", submitOf("viol.art100"))
		f := patrolFinding("viol.art100")
		f.Plot = &ident.Plot{Section: 3, Main: []int{72}, Sub: []int{9}}
		_, err := cases.Decide(s, f, depsOf(t, "2026.2", "viol.art100"))
		wantRule(t, err, cases.RuleServiceMismatch)
	})
	t.Run("refuses a service that is not a violation", func(t *testing.T) {
		f := patrolFinding("permit.new")
		_, err := cases.Decide(cases.State{}, f, depsOf(t, "2026.2", "permit.new"))
		wantRule(t, err, cases.RuleWrongFlow)
	})
	t.Run("refuses a violation service without site inspections", func(t *testing.T) {
		f := patrolFinding("viol.technical")
		_, err := cases.Decide(cases.State{}, f, depsOf(t, "2026.2", "viol.technical"))
		wantRule(t, err, cases.RuleStepNotInService)
	})
}

func TestAPatrolFindingIsValidated(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, field string
		edit        func(f *cases.RecordPatrolFinding)
	}{
		{"no plot", "plot", func(f *cases.RecordPatrolFinding) { f.Plot = nil }},
		{"no location", "location", func(f *cases.RecordPatrolFinding) { f.Location = " " }},
		{"no findings", "findings", func(f *cases.RecordPatrolFinding) { f.Findings = "" }},
		{"a negative area", "measured_area_dm2", func(f *cases.RecordPatrolFinding) { f.MeasuredAreaDM2 = -1 }},
		{"an owner's national ID with a wrong check digit", "owner.national_id", func(f *cases.RecordPatrolFinding) { f.Owner.NationalID = "3974017845" }},
		{"no owner's name", "owner.name", func(f *cases.RecordPatrolFinding) { f.Owner.Name = "" }},
		{"an unknown district", "district", func(f *cases.RecordPatrolFinding) { f.District = "99" }},
	}
	for _, tt := range tests {
		t.Run("refuses "+tt.name, func(t *testing.T) {
			t.Parallel()
			f := patrolFinding("viol.art100")
			tt.edit(&f)
			err := cases.Validate(f)
			var de *domain.Error
			if !errors.As(err, &de) || de.Code != domain.CodeInvalid {
				t.Fatalf("err = %v, want invalid %s", err, tt.field)
			}
			for _, fe := range de.Fields {
				if fe.Field == tt.field {
					return
				}
			}
			t.Fatalf("problems %+v lack %s", de.Fields, tt.field)
		})
	}
}

// wantRule fails unless err is the refusal of rule.
func wantRule(t *testing.T, err error, rule string) {
	t.Helper()
	var de *domain.Error
	if !errors.As(err, &de) || de.Code != domain.CodeRuleViolated || de.Rule != rule {
		t.Fatalf("err = %v, want rule %s", err, rule)
	}
}
