package catalogue

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/shafaf-city/shafaf/domain/access"
)

// Staff is one member of the city's staff as the roster names them: the subject their token
// carries, their department and their role. Cases are assigned only to staff on the roster.
type Staff struct {
	ID         string      `json:"id"`
	Department string      `json:"department"`
	Role       access.Role `json:"role"`
}

// roster is the shape of the staff file.
type roster struct {
	Version string  `json:"version"`
	Staff   []Staff `json:"staff"`
}

// The roster is city data like the catalogue: embedded, validated, and changed by a release
// that edits city/staff.json (the municipality's HR export), not at run time.
//
//go:embed city/staff.json
var staffFile []byte

// staff is the embedded roster by id; it is tested, so a bad file is a build defect and panics.
var staff = sync.OnceValue(func() map[string]Staff {
	if problems := ValidateStaff(staffFile); len(problems) > 0 {
		panic(fmt.Sprintf("city/staff.json: %v", problems))
	}
	var r roster
	_ = json.Unmarshal(staffFile, &r)
	byID := make(map[string]Staff, len(r.Staff))
	for _, m := range r.Staff {
		byID[m.ID] = m
	}
	return byID
})

// StaffMember returns the roster's entry for id.
func StaffMember(id string) (Staff, bool) {
	m, ok := staff()[id]
	return m, ok
}

// StaffOf lists the roster of department, ordered by id.
func StaffOf(department string) []Staff {
	var out []Staff
	for _, m := range staff() {
		if m.Department == department {
			out = append(out, m)
		}
	}
	slices.SortFunc(out, func(a, b Staff) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// ValidateStaff reports every problem in a staff file: each member needs a unique id, one of
// the city's departments and a staff role.
func ValidateStaff(data []byte) []Problem {
	var r roster
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return []Problem{decodeProblem(data, indexLines(data), err)}
	}
	c := &checker{lines: indexLines(data)}
	if r.Version == "" {
		c.add("version", "missing version")
	}
	first := map[string]int{}
	for i, m := range r.Staff {
		path := fmt.Sprintf("staff[%d]", i)
		if j, dup := first[m.ID]; dup {
			c.add(path+".id", "duplicate id %q, first at staff[%d]", m.ID, j)
		} else if m.ID == "" {
			c.add(path+".id", "missing id")
		}
		first[m.ID] = i
		if !access.IsDepartment(m.Department) {
			c.add(path+".department", "unknown department %q", m.Department)
		}
		if m.Role == access.Applicant || !slices.Contains(access.Roles, m.Role) {
			c.add(path+".role", "%q is not a staff role", m.Role)
		}
	}
	return c.problems
}
