package cases

import "github.com/shafaf-city/shafaf/domain/lifecycle"

// Who a case waits on, as the read models write it and the work queue filters by it; the
// case's status decides (lifecycle).
const (
	WaitingOnStaff     = string(lifecycle.Staff)
	WaitingOnApplicant = string(lifecycle.Applicant)
	WaitingOnOwner     = string(lifecycle.Owner)
	WaitingOnNobody    = string(lifecycle.Nobody)
)

// WaitingOn lists the parties a case can wait on, for the API's filters.
var WaitingOn = []string{WaitingOnStaff, WaitingOnApplicant, WaitingOnOwner, WaitingOnNobody}
