package commands

import (
	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/cases"
)

// actionOf maps every command on an existing case to the policy's action; an unknown command
// maps to "" and Authorize refuses it, so a new command is denied until it is mapped here.
// The policy has no rows of their own for two commands: an engineering review is asked of the
// inspection row (inspector and supervisor of the department), and the owner's defence of the
// appeal row (the owner, or a clerk on their behalf).
func actionOf(cmd cases.Command) access.Action {
	switch c := cmd.(type) {
	case cases.AcceptIntake:
		return access.AcceptIntake
	case cases.RequestDocuments:
		return access.ReturnForDocuments
	case cases.ProvideDocuments:
		return access.ProvideDocuments
	case cases.Assign:
		return access.Assign
	case cases.ScheduleInspection:
		return access.ScheduleInspection
	case cases.RecordReview:
		return access.RecordReview
	case cases.RecordInspection:
		return access.RecordInspection
	case cases.ReferToCommission:
		return access.ReferToCommission
	case cases.RecordCommissionRuling:
		return access.RecordCommissionRuling
	case cases.AssessFee:
		return access.AssessFee
	case cases.RecordPayment:
		return access.RecordPayment
	case cases.WaiveFee:
		return access.WaiveFee
	case cases.RecordDecision:
		return access.Decide
	case cases.Issue:
		return access.Issue
	case cases.Expire:
		return access.Expire
	case cases.Renew:
		return access.Renew
	case cases.Revoke:
		return access.Revoke
	case cases.Withdraw:
		return access.Withdraw
	case cases.Cancel:
		return access.Cancel
	case cases.Reopen:
		return access.Reopen
	case cases.ExtendDeadline:
		return access.ExtendDeadline
	case cases.AddNote:
		if c.Visibility == cases.NoteApplicant {
			return access.AddNote
		}
		return access.AddInternalNote
	case cases.ServeNotice:
		return access.ServeNotice
	case cases.FileDefence, cases.FileAppeal:
		return access.FileAppeal
	case cases.RuleFirstInstance:
		return access.RecordRuling
	case cases.RuleAppeal:
		return access.RecordAppealRuling
	case cases.Enforce:
		return access.RecordEnforcement
	case cases.Close:
		return access.CloseCase
	case cases.AttachDocument:
		return access.UploadDocument
	case cases.RecordDownload:
		return access.DownloadDocument
	}
	return ""
}
