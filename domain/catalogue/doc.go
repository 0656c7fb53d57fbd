// Package catalogue is the versioned list of e-services the municipality offers: for each
// service its workflow steps, who may act on each, required documents, fee items, legal
// deadline and the status texts applicants see. It is data (embedded JSON), validated as a
// whole with every problem located, and versioned so a case keeps the rules it was opened
// under for life while new versions serve new cases. Service groups and roles are
// access.Group and access.Role, so the policy table and the catalogue share one vocabulary.
package catalogue
