package commands

import (
	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/cases"
)

// Action is one command on an existing case as the API offers it: the route, the OpenAPI
// operation and the access policy's action beside the domain command the body decodes into.
// Everything a command needs beyond its fields and the time is done by the one pipeline (Run),
// so a new command is a row here, not a file.
type Action struct {
	Method, Path string        // the route, in gin's syntax
	Operation    string        // the OpenAPI operationId
	Policy       access.Action // what the access policy is asked
	// New returns a zero command for the body to decode into and a func reading it back.
	New func() (body any, cmd func() cases.Received)
	// is reports whether cmd is this row's command; prepare adds what the server looks up.
	is      func(cases.Command) bool
	prepare func(cases.Command) cases.Command
}

// row is the Action of command type T.
func row[T cases.Received](method, path, operation string, policy access.Action) Action {
	return Action{Method: method, Path: path, Operation: operation, Policy: policy,
		New: func() (any, func() cases.Received) {
			var c T
			return &c, func() cases.Received { return c }
		},
		is:      func(c cases.Command) bool { _, ok := c.(T); return ok },
		prepare: func(c cases.Command) cases.Command { return c },
	}
}

// prepared is row with a step that completes the command with data the server looks up.
func prepared[T cases.Received](method, path, operation string, policy access.Action, prepare func(T) T) Action {
	a := row[T](method, path, operation, policy)
	a.prepare = func(c cases.Command) cases.Command { return prepare(c.(T)) }
	return a
}

// Actions is every command on an existing case that runs through Run alone. Commands with
// logic of their own (submission, issuance, uploads, plot holds) keep their files.
var Actions = []Action{
	// intake accepts a complete file
	row[cases.AcceptIntake]("POST", "/v1/cases/:id/accept", "acceptIntake", access.AcceptIntake),
	// approve or reject with reasons
	row[cases.RecordDecision]("POST", "/v1/cases/:id/decision", "recordDecision", access.Decide),
	// return the file for missing or replacement documents; the clock pauses
	row[cases.RequestDocuments]("POST", "/v1/cases/:id/request-documents", "requestDocuments", access.ReturnForDocuments),
	// the applicant answers; the clock resumes
	row[cases.ProvideDocuments]("POST", "/v1/cases/:id/provide-documents", "provideDocuments", access.ProvideDocuments),
	// give the case to a clerk or department
	row[cases.Assign]("POST", "/v1/cases/:id/assign", "assign", access.Assign),
	// book the site visit
	row[cases.ScheduleInspection]("POST", "/v1/cases/:id/schedule-inspection", "scheduleInspection", access.ScheduleInspection),
	// the inspector's findings
	row[cases.RecordInspection]("POST", "/v1/cases/:id/record-inspection", "recordInspection", access.RecordInspection),
	// the engineering review
	row[cases.RecordReview]("POST", "/v1/cases/:id/record-review", "recordReview", access.RecordReview),
	// send to the Article 100 / Article 5 commission
	row[cases.ReferToCommission]("POST", "/v1/cases/:id/refer-to-commission", "referToCommission", access.ReferToCommission),
	// the commission's verdict on an application
	row[cases.RecordCommissionRuling]("POST", "/v1/cases/:id/commission-ruling", "recordCommissionRuling", access.RecordCommissionRuling),
	// charge the case under the schedule it names or the one in force (withSchedule)
	prepared("POST", "/v1/cases/:id/assess-fee", "assessFee", access.AssessFee, withSchedule),
	// one payment or instalment
	row[cases.RecordPayment]("POST", "/v1/cases/:id/record-payment", "recordPayment", access.RecordPayment),
	// forgive what is owed
	row[cases.WaiveFee]("POST", "/v1/cases/:id/waive-fee", "waiveFee", access.WaiveFee),
	// an issued document is past its validity
	row[cases.Expire]("POST", "/v1/cases/:id/expire", "expire", access.Expire),
	// extend an issued document
	row[cases.Renew]("POST", "/v1/cases/:id/renew", "renew", access.Renew),
	// withdraw an issued document
	row[cases.Revoke]("POST", "/v1/cases/:id/revoke", "revoke", access.Revoke),
	// the applicant gives up
	row[cases.Withdraw]("POST", "/v1/cases/:id/withdraw", "withdraw", access.Withdraw),
	// staff end the case
	row[cases.Cancel]("POST", "/v1/cases/:id/cancel", "cancel", access.Cancel),
	// bring a closed case back
	row[cases.Reopen]("POST", "/v1/cases/:id/reopen", "reopen", access.Reopen),
	// extra working days, with a reason
	row[cases.ExtendDeadline]("POST", "/v1/cases/:id/extend-deadline", "extendDeadline", access.ExtendDeadline),
	// an internal or applicant-visible note (policyOfNote)
	row[cases.AddNote]("POST", "/v1/cases/:id/notes", "addNote", access.AddInternalNote),
	// violation: notice served, defence window starts
	row[cases.ServeNotice]("POST", "/v1/cases/:id/serve-notice", "serveNotice", access.ServeNotice),
	// violation: the owner's defence (the appeal row's roles)
	row[cases.FileDefence]("POST", "/v1/cases/:id/file-defence", "fileDefence", access.FileAppeal),
	// violation: first-instance ruling, appeal window starts
	row[cases.RuleFirstInstance]("POST", "/v1/cases/:id/first-instance-ruling", "ruleFirstInstance", access.RecordRuling),
	// violation: appeal lodged
	row[cases.FileAppeal]("POST", "/v1/cases/:id/file-appeal", "fileAppeal", access.FileAppeal),
	// violation: final ruling on appeal
	row[cases.RuleAppeal]("POST", "/v1/cases/:id/appeal-ruling", "ruleAppeal", access.RecordAppealRuling),
	// violation: demolition, restoration or collection
	row[cases.Enforce]("POST", "/v1/cases/:id/enforce", "enforce", access.RecordEnforcement),
	// violation: closed once carried out and paid
	row[cases.Close]("POST", "/v1/cases/:id/close", "closeCase", access.CloseCase),
}

// actionFor is cmd's row of Actions.
func actionFor(cmd cases.Command) (Action, bool) {
	for _, a := range Actions {
		if a.is(cmd) {
			return a, true
		}
	}
	return Action{}, false
}

// actionOf maps every command on an existing case to the policy's action; an unknown command
// maps to "" and Authorize refuses it, so a new command is denied until it has a row. The
// owner's defence is asked of the appeal row (the owner, or a clerk on their behalf).
func actionOf(cmd cases.Command) access.Action {
	switch c := cmd.(type) {
	case cases.Issue:
		return access.Issue
	case cases.AttachDocument:
		return access.UploadDocument
	case cases.RecordDownload:
		return access.DownloadDocument
	case cases.AddNote:
		return policyOfNote(c)
	case cases.RecordPatrolFinding:
		return access.RecordPatrolFinding // on the plot's open case; one that opens asks the same
	}
	a, _ := actionFor(cmd)
	return a.Policy
}

// policyOfNote: a note the applicant will read is a different permission from an internal one.
func policyOfNote(n cases.AddNote) access.Action {
	if n.Visibility == cases.NoteApplicant {
		return access.AddNote
	}
	return access.AddInternalNote
}
