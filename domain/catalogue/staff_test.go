package catalogue_test

import (
	"slices"
	"testing"

	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/catalogue"
)

func TestTheEmbeddedRosterValidatesAndCoversEveryDistrict(t *testing.T) {
	t.Parallel()
	if problems := catalogue.ValidateStaff(mustRead(t, "city/staff.json")); len(problems) > 0 {
		t.Fatal(problems)
	}
	for _, d := range catalogue.Districts {
		if m, ok := catalogue.StaffMember("clerk-" + d + "-1"); !ok || m.Department != access.DistrictDepartment(d) {
			t.Errorf("district %s has no clerk on the roster: %+v", d, m)
		}
	}
}

func TestStaffOfListsADepartmentsRoster(t *testing.T) {
	t.Parallel()
	var ids []string
	for _, m := range catalogue.StaffOf("district-3") {
		ids = append(ids, m.ID)
	}
	want := []string{"clerk-3-1", "clerk-3-2", "clerk-3-3", "inspector-3-1", "inspector-3-2", "supervisor-3"}
	if !slices.Equal(ids, want) {
		t.Fatalf("district 3 roster %v, want %v", ids, want)
	}
}

func TestValidateStaffReportsEveryProblemWithItsLocation(t *testing.T) {
	t.Parallel()
	got := catalogue.ValidateStaff([]byte(`{
  "version": "",
  "staff": [
    {"id": "clerk-1-1", "department": "district-1", "role": "clerk"},
    {"id": "clerk-1-1", "department": "district-99", "role": "applicant"}
  ]
}`))
	want := []catalogue.Problem{
		{Location: "version", Line: 2, Message: "missing version"},
		{Location: "staff[1].id", Line: 5, Message: `duplicate id "clerk-1-1", first at staff[0]`},
		{Location: "staff[1].department", Line: 5, Message: `unknown department "district-99"`},
		{Location: "staff[1].role", Line: 5, Message: `"applicant" is not a staff role`},
	}
	if !slices.Equal(got, want) {
		t.Fatalf("problems %v, want %v", got, want)
	}
}
