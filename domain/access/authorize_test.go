package access_test

import (
	"errors"
	"testing"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/access"
)

func TestAuthorize(t *testing.T) {
	t.Parallel()
	applicant := access.Actor{Subject: "citizen-1", Roles: []access.Role{access.Applicant}, NationalID: "0012345678"}
	clerk := access.Actor{Subject: "clerk-7", Roles: []access.Role{access.Clerk}, Department: "permits"}
	ownCase := access.Target{Group: access.Permit, Department: "permits", ApplicantNationalID: "0012345678"}
	otherCase := access.Target{Group: access.Permit, Department: "permits", ApplicantNationalID: "0099999999", OwnerSubject: "citizen-2"}
	landCase := access.Target{Group: access.Land, Department: "land"}

	tests := []struct {
		name   string
		actor  access.Actor
		action access.Action
		target access.Target
		want   domain.ErrorCode // "" means allowed
		rule   string
	}{
		{"lets an applicant withdraw their own case", applicant, access.Withdraw, ownCase, "", ""},
		{"matches ownership by subject too", applicant, access.ViewCase, access.Target{Group: access.Permit, OwnerSubject: "citizen-1"}, "", ""},
		{"hides another applicant's case as not found", applicant, access.ViewCase, otherCase, domain.CodeNotFound, ""},
		{"hides another applicant's case even for actions applicants never have", applicant, access.Decide, otherCase, domain.CodeNotFound, ""},
		{"forbids an applicant deciding their own case", applicant, access.Decide, ownCase, domain.CodeForbidden, access.RuleRole},
		{"never matches an empty national id", access.Actor{Subject: "x", Roles: []access.Role{access.Applicant}}, access.ViewCase, access.Target{Group: access.Permit}, domain.CodeNotFound, ""},
		{"lets a clerk accept intake in their department", clerk, access.AcceptIntake, ownCase, "", ""},
		{"forbids a clerk another department's case without hiding it", clerk, access.AcceptIntake, landCase, domain.CodeForbidden, access.RuleDepartment},
		{"never matches an empty department", access.Actor{Roles: []access.Role{access.Clerk}}, access.ViewCase, access.Target{Group: access.Permit}, domain.CodeForbidden, access.RuleDepartment},
		{"forbids a clerk a group outside the grant", clerk, access.ServeNotice, ownCase, domain.CodeForbidden, access.RuleGroup},
		{"lets a clerk list cases without a particular target", clerk, access.ListCases, access.Target{}, "", ""},
		{"forbids a role without the action even without a target", clerk, access.Decide, access.Target{}, domain.CodeForbidden, access.RuleRole},
		{"lets a delegate of another department act on the delegator's case", access.Actor{Subject: "clerk-9", Roles: []access.Role{access.Clerk}, Department: "land", ActingFor: []string{"clerk-7"}},
			access.AcceptIntake, access.Target{Group: access.Permit, Department: "permits", Assignee: "clerk-7"}, "", ""},
		{"keeps a delegate off the delegator's department's other cases", access.Actor{Subject: "clerk-9", Roles: []access.Role{access.Clerk}, Department: "land", ActingFor: []string{"clerk-7"}},
			access.AcceptIntake, access.Target{Group: access.Permit, Department: "permits", Assignee: "clerk-8"}, domain.CodeForbidden, access.RuleDepartment},
		{"gives a delegate no more than their own role", access.Actor{Subject: "clerk-9", Roles: []access.Role{access.Clerk}, Department: "land", ActingFor: []string{"head-7"}},
			access.Decide, access.Target{Group: access.Permit, Department: "permits", Assignee: "head-7"}, domain.CodeForbidden, access.RuleRole},
		{"accepts any permitting role of several", access.Actor{Roles: []access.Role{access.Clerk, access.Auditor}, Department: "permits"}, access.ViewCase, landCase, "", ""},
		{"keeps auditors read-only", access.Actor{Roles: []access.Role{access.Auditor}}, access.AddNote, landCase, domain.CodeForbidden, access.RuleRole},
		{"ignores unknown roles", access.Actor{Roles: []access.Role{"root"}}, access.ViewCatalogue, access.Target{}, domain.CodeForbidden, access.RuleRole},
		{"denies an actor without roles", access.Actor{}, access.ViewCatalogue, access.Target{}, domain.CodeForbidden, access.RuleRole},
		{"denies unknown actions even to admins", access.Actor{Roles: []access.Role{access.Admin}}, "launch_rockets", access.Target{}, domain.CodeForbidden, access.RuleRole},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := access.Authorize(tt.actor, tt.action, tt.target)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Authorize = %v, want allowed", err)
				}
				return
			}
			var got *domain.Error
			if !errors.As(err, &got) || got.Code != tt.want || got.Rule != tt.rule {
				t.Fatalf("Authorize = %#v, want %s with rule %q", err, tt.want, tt.rule)
			}
		})
	}
}

func TestGrants(t *testing.T) {
	t.Parallel()
	actor := access.Actor{Roles: []access.Role{access.Applicant, access.Inspector}}
	got := access.Grants(actor, access.ListCases)
	if len(got) != 2 || got[0].Scope != access.ScopeOwn || got[1].Scope != access.ScopeDepartment {
		t.Fatalf("Grants = %+v, want own then department", got)
	}
	if got := access.Grants(actor, access.RebuildProjection); len(got) != 0 {
		t.Fatalf("Grants(rebuild) = %+v, want none", got)
	}
}

func TestRequiresReason(t *testing.T) {
	t.Parallel()
	var got []access.Action
	for _, a := range access.Actions() {
		if access.RequiresReason(a) {
			got = append(got, a)
		}
	}
	want := []access.Action{access.Cancel, access.CloseCase, access.ExtendDeadline, access.PlaceHold, access.Reopen, access.Revoke, access.WaiveFee}
	if len(got) != len(want) {
		t.Fatalf("overrides = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("overrides = %v, want %v", got, want)
		}
	}
}

func TestParse(t *testing.T) {
	t.Parallel()
	for _, r := range access.Roles {
		if got, err := access.ParseRole(string(r)); err != nil || got != r {
			t.Errorf("ParseRole(%q) = %q, %v", r, got, err)
		}
	}
	for _, g := range access.Groups {
		if got, err := access.ParseGroup(string(g)); err != nil || got != g {
			t.Errorf("ParseGroup(%q) = %q, %v", g, got, err)
		}
	}
	for _, a := range access.Actions() {
		if got, err := access.ParseAction(string(a)); err != nil || got != a {
			t.Errorf("ParseAction(%q) = %q, %v", a, got, err)
		}
	}
	for _, bad := range []string{"", "Admin", "superuser"} {
		if _, err := access.ParseRole(bad); err == nil {
			t.Errorf("ParseRole(%q) accepted", bad)
		}
		if _, err := access.ParseGroup(bad); err == nil {
			t.Errorf("ParseGroup(%q) accepted", bad)
		}
		if _, err := access.ParseAction(bad); err == nil {
			t.Errorf("ParseAction(%q) accepted", bad)
		}
	}
}
