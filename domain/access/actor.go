package access

import "slices"

// Actor is what the policy needs to know about whoever makes a request; the
// HTTP layer builds it from a verified token.
type Actor struct {
	// Subject is the identity provider's stable user id.
	Subject string
	// Roles are all the actor's known roles; Authorize permits an action
	// when any of them does.
	Roles []Role
	// Department is the staff member's department; empty for applicants.
	Department string
	// NationalID identifies an applicant as the owner of their cases.
	NationalID string
	// ActingFor are the officials who delegated their cases to this one for a period that
	// includes now (domain/delegation); the edge fills it from the delegations read model.
	ActingFor []string
}

// Target describes the case an action touches. The zero Target means "no
// particular case" (submit-less listings, queues, the catalogue): then only
// the role is checked and the caller filters results with Grants.
type Target struct {
	Group      Group
	Department string
	// ApplicantNationalID and OwnerSubject identify the case's applicant;
	// either one matching the actor makes the case theirs.
	ApplicantNationalID string
	OwnerSubject        string
	// Assignee is the official the case is assigned to; whoever holds their delegation reaches
	// the case as its department does.
	Assignee string
}

func (t Target) isZero() bool { return t == Target{} }

// ownedBy never matches on empty identifiers, so a token without a
// national ID cannot claim cases that lack one.
func (t Target) ownedBy(a Actor) bool {
	return (t.OwnerSubject != "" && t.OwnerSubject == a.Subject) ||
		(t.ApplicantNationalID != "" && t.ApplicantNationalID == a.NationalID)
}

// holdsFor reports whether the actor holds the assignee's cases by delegation now; never on an
// unassigned case.
func (a Actor) holdsFor(assignee string) bool {
	return assignee != "" && slices.Contains(a.ActingFor, assignee)
}
