package access_test

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/shafaf-city/shafaf/domain/access"
)

// probe summarises how far role reaches for action by asking Authorize about
// concrete cases: "any" (every case), "dept" (own department), "own" (own
// cases) or "-", followed by the groups it is limited to when not all.
func probe(role access.Role, action access.Action) string {
	actor := access.Actor{Subject: "u-1", Roles: []access.Role{role}, Department: "permits", NationalID: "0012345678"}
	reach := func(g access.Group) string {
		for _, c := range []struct {
			scope  string
			target access.Target
		}{
			{"any", access.Target{Group: g, Department: "land", ApplicantNationalID: "0099999999", OwnerSubject: "u-2"}},
			{"dept", access.Target{Group: g, Department: "permits", ApplicantNationalID: "0099999999", OwnerSubject: "u-2"}},
			{"own", access.Target{Group: g, Department: "land", ApplicantNationalID: "0012345678"}},
		} {
			if access.Authorize(actor, action, c.target) == nil {
				return c.scope
			}
		}
		return "-"
	}
	byScope := map[string][]string{}
	for _, g := range access.Groups {
		s := reach(g)
		byScope[s] = append(byScope[s], string(g))
	}
	if len(byScope) == 1 {
		return slices.Collect(maps.Keys(byScope))[0]
	}
	var parts []string
	for _, s := range slices.Sorted(maps.Keys(byScope)) {
		if s != "-" {
			parts = append(parts, s+"["+strings.Join(byScope[s], " ")+"]")
		}
	}
	return strings.Join(parts, " ")
}

func TestPolicyMatrix(t *testing.T) {
	t.Parallel()
	got := map[access.Action][6]string{}
	for _, a := range access.Actions() {
		var cells [6]string
		for i, r := range access.Roles {
			cells[i] = probe(r, a)
		}
		got[a] = cells
	}
	if len(got) != len(wantMatrix) {
		t.Errorf("policy has %d actions, matrix %d", len(got), len(wantMatrix))
	}
	for _, a := range slices.Sorted(maps.Keys(wantMatrix)) {
		for i, r := range access.Roles {
			if g, w := got[a][i], wantMatrix[a][i]; g != w {
				t.Errorf("%s × %s = %q, want %q", a, r, g, w)
			}
		}
	}
	for _, a := range access.Actions() {
		if _, ok := wantMatrix[a]; !ok {
			t.Errorf("action %s missing from the matrix: %q", a, fmt.Sprint(got[a]))
		}
	}
}

// Whatever the action, an applicant reaching for another's case gets the very answer a missing
// case gets, so no action tells them whether a case id is taken.
func TestAnotherApplicantsCaseAnswersAsAMissingOne(t *testing.T) {
	t.Parallel()
	actor := access.Actor{Subject: "u-1", Roles: []access.Role{access.Applicant}, NationalID: "0012345678"}
	for _, a := range access.Actions() {
		if slices.ContainsFunc(access.Grants(actor, a), func(g access.Grant) bool { return g.Scope == access.ScopeAny }) {
			continue // not about one case (the catalogue)
		}
		for _, g := range access.Groups {
			target := access.Target{Group: g, Department: "land", ApplicantNationalID: "0099999999", OwnerSubject: "u-2"}
			if err := access.Authorize(actor, a, target); !reflect.DeepEqual(err, access.CaseNotFound()) {
				t.Errorf("%s on another applicant's %s case: %v, want %v", a, g, err, access.CaseNotFound())
			}
		}
	}
}
