package access

// Group is a family of services in the catalogue; some permissions only make
// sense for some families (violations have their own lifecycle).
type Group string

// The service groups of the catalogue.
const (
	Permit       Group = "permit"
	Certificate  Group = "certificate"
	Inquiry      Group = "inquiry"
	Land         Group = "land"
	Violation    Group = "violation"
	CityServices Group = "city_services"
)

// Groups lists every service group, for validation and enumeration.
var Groups = []Group{Permit, Certificate, Inquiry, Land, Violation, CityServices}

// ParseGroup turns a catalogue's group name into a Group, rejecting unknown names.
func ParseGroup(s string) (Group, error) { return parse("service group", Groups, s) }
