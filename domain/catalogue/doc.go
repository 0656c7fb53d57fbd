// Package catalogue is the versioned list of e-services the municipality offers: for each
// service its workflow steps, required documents, fee items, legal deadline and the status
// texts applicants see. It is data (embedded JSON), validated as a whole with every problem
// located, and versioned so a case keeps the rules it was opened under for life while new
// versions serve new cases. Who may act on each step is not catalogue data: the access policy
// (domain/access) alone decides, and Load shows its answer per step (Step.Actions).
package catalogue
