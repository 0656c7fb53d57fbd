package access

import "fmt"

// Denial says how a refusal must look to the caller.
type Denial string

const (
	// Forbidden: the actor may know the case exists but may not do this (403).
	Forbidden Denial = "forbidden"
	// NotFound: the actor may not even know the case exists (404), as for an
	// applicant reaching for someone else's case.
	NotFound Denial = "not_found"
)

// Error is the policy's refusal; match it with errors.As and map Denial to
// an HTTP status.
type Error struct {
	Denial Denial
	Action Action
	// Reason is for logs and problem details, never shown to applicants as
	// proof that a case exists.
	Reason string
}

func (e *Error) Error() string {
	return fmt.Sprintf("access: %s %s: %s", e.Denial, e.Action, e.Reason)
}
