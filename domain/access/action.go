package access

import (
	"fmt"
	"maps"
	"slices"
)

// Action names one case command or query of the product; handlers ask the
// policy about an Action, never about a role directly.
type Action string

// Application-case commands.
const (
	Submit                 Action = "submit"
	AcceptIntake           Action = "accept_intake"
	ReturnForDocuments     Action = "return_for_documents"
	ProvideDocuments       Action = "provide_documents"
	Assign                 Action = "assign"
	ScheduleInspection     Action = "schedule_inspection"
	RecordInspection       Action = "record_inspection"
	RecordReview           Action = "record_review"
	AssessFee              Action = "assess_fee"
	RecordPayment          Action = "record_payment"
	WaiveFee               Action = "waive_fee"
	ReferToCommission      Action = "refer_to_commission"
	RecordCommissionRuling Action = "record_commission_ruling"
	Decide                 Action = "decide"
	Issue                  Action = "issue"
	Renew                  Action = "renew"
	Expire                 Action = "expire"
	Revoke                 Action = "revoke"
	Withdraw               Action = "withdraw"
	Cancel                 Action = "cancel"
	Reopen                 Action = "reopen"
	ExtendDeadline         Action = "extend_deadline"
	PlaceHold              Action = "place_hold"
	ReleaseHold            Action = "release_hold"
	AddNote                Action = "add_note"
	AddInternalNote        Action = "add_internal_note"
	UploadDocument         Action = "upload_document"
)

// Violation-case commands.
const (
	ReportViolation    Action = "report_violation"
	ServeNotice        Action = "serve_notice"
	RecordRuling       Action = "record_ruling"
	FileAppeal         Action = "file_appeal"
	RecordAppealRuling Action = "record_appeal_ruling"
	RecordEnforcement  Action = "record_enforcement"
	CloseCase          Action = "close_case"
)

// Queries and operator actions.
const (
	ViewCase             Action = "view_case"
	ListCases            Action = "list_cases"
	ViewHistory          Action = "view_history"
	ViewAsOf             Action = "view_as_of"
	ViewWorkQueue        Action = "view_work_queue"
	ViewActorActivity    Action = "view_actor_activity"
	ViewCatalogue        Action = "view_catalogue"
	ViewProjectionStatus Action = "view_projection_status"
	DownloadDocument     Action = "download_document"
	// ViewInternalNotes decides whether a case view includes staff-only notes.
	ViewInternalNotes Action = "view_internal_notes"
	// RebuildProjection lets an operator replay a read model from the log.
	RebuildProjection Action = "rebuild_projection"
)

// overrides are the actions that bend the normal flow; the audit trail must
// say why, so commands for them carry a mandatory reason.
var overrides = map[Action]bool{
	WaiveFee: true, Revoke: true, Cancel: true, Reopen: true,
	ExtendDeadline: true, PlaceHold: true, CloseCase: true,
}

// RequiresReason reports whether a command must carry a written reason
// because it overrides the normal flow of a case.
func RequiresReason(a Action) bool { return overrides[a] }

// Actions lists every action the policy table knows, sorted by name.
func Actions() []Action {
	return slices.Sorted(maps.Keys(table))
}

// ParseAction turns a route's action name into an Action, rejecting unknown names.
func ParseAction(s string) (Action, error) {
	if _, ok := table[Action(s)]; ok {
		return Action(s), nil
	}
	return "", fmt.Errorf("access: unknown action %q", s)
}
