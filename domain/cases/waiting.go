package cases

// Who a case waits on: staff, until documents are requested and the applicant must answer.
// The read models write these values and the work queue filters by them.
const (
	WaitingOnStaff     = "staff"
	WaitingOnApplicant = "applicant"
)

// WaitingOn lists the parties a case can wait on, for the API's filters.
var WaitingOn = []string{WaitingOnStaff, WaitingOnApplicant}
