package access

import (
	"slices"
	"strconv"
)

// The city's departments, one list for the policy (a department grant reaches the cases of
// the actor's department) and for assignment (a case goes to no other department).
var (
	// Districts are the city's municipal districts (مناطق شهرداری), "1" to "22", as cases name
	// them; each is served by its department DistrictDepartment(d).
	Districts = func() []string {
		out := make([]string, 22)
		for i := range out {
			out[i] = strconv.Itoa(i + 1)
		}
		return out
	}()
	// CentralDepartments serve the whole city; a district hands them a case by assignment.
	CentralDepartments = []string{"urban-planning"}
	// Departments are every district's department and the central ones.
	Departments = func() []string {
		out := make([]string, 0, len(Districts)+len(CentralDepartments))
		for _, d := range Districts {
			out = append(out, DistrictDepartment(d))
		}
		return append(out, CentralDepartments...)
	}()
)

// DistrictDepartment is the department answerable for a district's cases until one is
// assigned elsewhere.
func DistrictDepartment(district string) string { return "district-" + district }

// IsDepartment reports whether d is one of Departments.
func IsDepartment(d string) bool { return slices.Contains(Departments, d) }
