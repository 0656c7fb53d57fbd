package cases_test

import (
	"errors"
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/domain/jalali"

	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/cases"
)

type transition struct {
	name     string
	service  string
	history  []cases.Command
	cmd      cases.Command
	wantType string // the event on success
	wantRule string // the rule of a refusal
}

func with(h []cases.Command, more ...cases.Command) []cases.Command {
	return append(append([]cases.Command{}, h...), more...)
}

var (
	docs    = cases.RequestDocuments{Requests: []cases.DocumentRequest{{Document: "deed", Kind: "replacement"}}, At: t0}
	provide = cases.ProvideDocuments{Documents: []string{"deed"}, At: days(3)}
	notice  = cases.ServeNotice{ServedOn: jalali.Instant{Time: days(0)}, At: days(1)}
)

func applicationTransitions(t *testing.T) []transition {
	assessed := with(permitReady(), assess(t, "residential"))
	approved := with(assessed, approveD)
	paid := with(approved, payAll{})
	issued := with(paid, issue)
	completion := []cases.Command{submitOf("cert.completion"), accept, schedule, found, review}
	return []transition{
		{"accepts intake of a submitted case", "permit.new", []cases.Command{submitOf("permit.new")}, accept, cases.TypeIntakeAccepted, ""},
		{"refuses intake twice", "permit.new", []cases.Command{submitOf("permit.new"), accept}, accept, "", cases.RuleIntakeNotPending},
		{"refuses intake on a violation", "viol.art100", []cases.Command{submitOf("viol.art100")}, accept, "", cases.RuleWrongFlow},
		{"refuses a second submission", "permit.new", []cases.Command{submitOf("permit.new")}, submitOf("permit.new"), "", cases.RuleAlreadySubmitted},
		{"requests documents the service lists", "permit.new", []cases.Command{submitOf("permit.new")}, docs, cases.TypeDocumentsRequested, ""},
		{"refuses a document the service does not list", "permit.new", []cases.Command{submitOf("permit.new")},
			cases.RequestDocuments{Requests: []cases.DocumentRequest{{Document: "partition_map", Kind: "missing"}}}, "", cases.RuleDocumentNotInService},
		{"refuses a document request on a service without one", "cert.clearance", []cases.Command{submitOf("cert.clearance")}, docs, "", cases.RuleStepNotInService},
		{"takes the requested documents", "permit.new", []cases.Command{submitOf("permit.new"), docs}, provide, cases.TypeDocumentsProvided, ""},
		{"refuses documents nobody asked for", "permit.new", []cases.Command{submitOf("permit.new")}, provide, "", cases.RuleDocumentsNoneAsked},
		{"refuses an incomplete answer", "permit.new", []cases.Command{submitOf("permit.new"), docs},
			cases.ProvideDocuments{Documents: []string{"utility_bills"}}, "", cases.RuleDocumentsIncomplete},
		{"assigns an open case", "permit.new", []cases.Command{submitOf("permit.new")}, cases.Assign{Department: "district-3"}, cases.TypeAssigned, ""},
		{"schedules an inspection after intake", "permit.new", []cases.Command{submitOf("permit.new"), accept}, schedule, cases.TypeInspectionScheduled, ""},
		{"refuses an inspection before intake", "permit.new", []cases.Command{submitOf("permit.new")}, schedule, "", cases.RuleRequiresIntake},
		{"refuses an inspection the service lacks", "cert.clearance", []cases.Command{submitOf("cert.clearance"), accept}, schedule, "", cases.RuleStepNotInService},
		{"records a scheduled inspection", "permit.new", []cases.Command{submitOf("permit.new"), accept, schedule}, inspect, cases.TypeInspectionRecorded, ""},
		{"refuses an unscheduled inspection report", "permit.new", []cases.Command{submitOf("permit.new"), accept}, inspect, "", cases.RuleInspectionNotBooked},
		{"records the review after inspection", "permit.new", []cases.Command{submitOf("permit.new"), accept, schedule, inspect}, review, cases.TypeReviewRecorded, ""},
		{"refuses a review before inspection", "permit.new", []cases.Command{submitOf("permit.new"), accept}, review, "", cases.RuleRequiresInspection},
		{"refers to a commission", "cert.completion", completion, refer, cases.TypeReferredToCommission, ""},
		{"refuses a referral the service lacks", "permit.new", permitReady(), refer, "", cases.RuleStepNotInService},
		{"records the commission's ruling", "cert.completion", with(completion, refer),
			cases.RecordCommissionRuling{Outcome: cases.OutcomeApprove, Summary: "keep"}, cases.TypeCommissionRuled, ""},
		{"refuses a ruling without a referral", "cert.completion", completion,
			cases.RecordCommissionRuling{Outcome: cases.OutcomeApprove, Summary: "keep"}, "", cases.RuleCommissionNotReferred},
		{"refuses a decision while before the commission", "cert.completion", with(completion, refer), approveD, "", cases.RuleCommissionPending},
		{"refuses a decision on a violation the commission has not seen", "cert.completion", completion, approveD, "", cases.RuleDecisionNeedsCommiss},
		{"refuses approval the commission rejected", "cert.completion", with(completion, refer,
			cases.RecordCommissionRuling{Outcome: cases.OutcomeReject, Summary: "demolish"}), approveD, "", cases.RuleDecisionContradicts},
		{"assesses the fee after inspection", "permit.new", permitReady(), assess(t, "residential"), cases.TypeFeeAssessed, ""},
		{"refuses a fee before inspection", "permit.new", []cases.Command{submitOf("permit.new"), accept}, assess(t, "residential"), "", cases.RuleRequiresInspection},
		{"refuses a new assessment after payment", "permit.new", with(assessed, pay(1000, "p1")), assess(t, "residential"), "", cases.RuleFeeAlreadyPaid},
		{"records a partial payment", "permit.new", assessed, pay(1000, "p1"), cases.TypePaymentRecorded, ""},
		{"refuses a payment beyond the balance", "permit.new", assessed, pay(1<<60, "p1"), "", cases.RulePaymentExceedsBalance},
		{"refuses a payment recorded twice", "permit.new", with(assessed, pay(1000, "p1")), pay(1000, "p1"), "", cases.RulePaymentDuplicateRef},
		{"refuses a payment when nothing is owed", "permit.new", permitReady(), pay(1000, "p1"), "", cases.RulePaymentNothingDue},
		{"waives what is owed", "permit.new", assessed, cases.WaiveFee{Reason: "veteran"}, cases.TypeFeeWaived, ""},
		{"refuses a waiver when nothing is owed", "permit.new", paid, cases.WaiveFee{Reason: "x"}, "", cases.RuleFeeNothingToWaive},
		{"decides a reviewed case", "permit.new", permitReady(), approveD, cases.TypeDecided, ""},
		{"refuses a decision before intake", "permit.new", []cases.Command{submitOf("permit.new")}, approveD, "", cases.RuleNotInReview},
		{"refuses a decision without review", "permit.new", []cases.Command{submitOf("permit.new"), accept, schedule, inspect}, approveD, "", cases.RuleRequiresReview},
		{"refuses a decision while waiting on the applicant", "permit.new", with(permitReady(), docs), approveD, "", cases.RuleAwaitingApplicant},
		{"refuses a second decision", "permit.new", approved, rejectD, "", cases.RuleNotInReview},
		{"issues an approved, paid case", "permit.new", paid, issue, cases.TypeIssued, ""},
		{"refuses issuance without approval", "permit.new", with(assessed, payAll{}), issue, "", cases.RuleIssuanceRequiresApproval},
		{"refuses issuance without an assessment", "permit.new", with(permitReady(), approveD), issue, "", cases.RuleIssuanceRequiresAssessment},
		{"refuses issuance before payment", "permit.new", approved, issue, "", cases.RuleIssuanceRequiresPayment},
		{"refuses issuance on a held plot", "permit.new", paid,
			cases.Issue{Number: "1", VerificationCode: "c", PlotHolds: cases.PlotHolds{{CaseID: uuid.New()}}}, "", cases.RuleIssuancePlotOnHold},
		{"refuses issuance blocked by a plot rule, naming the rule", "permit.new", paid, cases.Issue{Number: "1", VerificationCode: "c",
			PlotHolds: cases.PlotHolds{{CaseID: uuid.New(), Rule: "plot.open_violation", Blocks: []string{"permit.new"}}}}, "", "plot.open_violation"},
		{"issues beside a rule hold that blocks other services", "permit.new", paid, cases.Issue{Number: "1", VerificationCode: "c",
			PlotHolds: cases.PlotHolds{{CaseID: uuid.New(), Rule: "plot.open_violation", Blocks: []string{"cert.noviolation"}}}}, cases.TypeIssued, ""},
		{"refuses a second issuance", "permit.new", issued, issue, "", cases.RuleIssuanceAlreadyIssued},
		{"expires a document past its validity", "permit.new", issued, cases.Expire{At: days(800)}, cases.TypeExpired, ""},
		{"refuses expiry within validity", "permit.new", issued, cases.Expire{At: days(30)}, "", cases.RuleExpiryNotDue},
		{"renews a renewable document", "permit.new", with(issued, cases.Expire{At: days(800)}), cases.Renew{At: days(801)}, cases.TypeRenewed, ""},
		{"refuses renewing a one-off permit", "permit.wall", []cases.Command{submitOf("permit.wall"), accept, schedule, inspect,
			assess(t, "residential"), approveD, payAll{}, issue}, cases.Renew{At: t0}, "", cases.RuleRenewalNotRenewable},
		{"revokes an issued document", "permit.new", issued, cases.Revoke{Reason: "forged deed"}, cases.TypeRevoked, ""},
		{"refuses revoking what was never issued", "permit.new", approved, cases.Revoke{Reason: "x"}, "", cases.RuleNotIssued},
		{"lets the applicant withdraw", "permit.new", permitReady(), cases.Withdraw{}, cases.TypeWithdrawn, ""},
		{"refuses withdrawal after issuance", "permit.new", issued, cases.Withdraw{}, "", cases.RuleAfterIssuance},
		{"cancels an open case", "permit.new", permitReady(), cases.Cancel{Reason: "duplicate file"}, cases.TypeCancelled, ""},
		{"refuses anything on a closed case", "permit.new", with(permitReady(), cases.Cancel{Reason: "x"}),
			cases.AddNote{Text: "late", Visibility: cases.NoteInternal}, "", cases.RuleClosed},
		{"reopens a closed case", "permit.new", with(permitReady(), cases.Withdraw{}), cases.Reopen{Reason: "changed mind"}, cases.TypeReopened, ""},
		{"refuses reopening an open case", "permit.new", permitReady(), cases.Reopen{Reason: "x"}, "", cases.RuleReopenNotClosed},
		{"extends the deadline", "permit.new", permitReady(), cases.ExtendDeadline{Days: 5, Reason: "complex plot"}, cases.TypeDeadlineExtended, ""},
		{"notes an open case", "permit.new", permitReady(), cases.AddNote{Text: "call back", Visibility: cases.NoteApplicant}, cases.TypeNoteAdded, ""},
		{"refuses closing an application", "permit.new", permitReady(), cases.Close{Reason: "x"}, "", cases.RuleWrongFlow},
	}
}

func violationTransitions() []transition {
	served := []cases.Command{submitOf("viol.art100"), schedule, found, notice}
	appealed := with(ruled(), cases.FileAppeal{Grounds: "mismeasured", FiledOn: jalali.Instant{Time: days(25)}, At: days(25)})
	enforcing := with(ruled(), cases.Enforce{Action: "collection", At: days(60)})
	return []transition{
		{"serves notice after the inspection", "viol.art100", []cases.Command{submitOf("viol.art100"), schedule, found}, notice, cases.TypeNoticeServed, ""},
		{"refuses notice before the inspection", "viol.art100", []cases.Command{submitOf("viol.art100")}, notice, "", cases.RuleRequiresInspection},
		{"refuses a notice dated in the future", "viol.art100", []cases.Command{submitOf("viol.art100"), schedule, found},
			cases.ServeNotice{ServedOn: jalali.Instant{Time: days(5)}, At: t0}, "", cases.RuleDateInFuture},
		{"refuses a notice served before the case was submitted", "viol.art100", []cases.Command{submitOf("viol.art100"), schedule, found},
			cases.ServeNotice{ServedOn: jalali.Instant{Time: days(-3)}, At: t0}, "", cases.RuleDateBeforeCase},
		{"takes a notice served earlier on the day the case was submitted", "viol.art100", []cases.Command{submitOf("viol.art100"), schedule, found},
			cases.ServeNotice{ServedOn: jalali.Instant{Time: t0.Add(-time.Hour)}, At: t0}, cases.TypeNoticeServed, ""},
		{"refuses a defence filed before the case was submitted", "viol.art100", served,
			cases.FileDefence{Statement: "old", FiledOn: jalali.Instant{Time: days(-1)}, At: days(5)}, "", cases.RuleDateBeforeCase},
		{"takes a defence within the window", "viol.art100", served, cases.FileDefence{Statement: "old", FiledOn: jalali.Instant{Time: days(5)}, At: days(5)}, cases.TypeDefenceFiled, ""},
		{"refuses a late defence", "viol.art100", served, cases.FileDefence{Statement: "old", FiledOn: jalali.Instant{Time: days(30)}, At: days(30)}, "", cases.RuleDefenceWindowClosed},
		{"refuses a ruling before notice", "viol.art100", []cases.Command{submitOf("viol.art100"), schedule, found},
			cases.RuleFirstInstance{Ruling: fine(1), NotifiedOn: jalali.Instant{Time: days(20)}, At: days(20)}, "", cases.RuleNoticeNotServed},
		{"refuses a ruling inside the defence window", "viol.art100", served,
			cases.RuleFirstInstance{Ruling: fine(1), NotifiedOn: jalali.Instant{Time: days(5)}, At: days(5)}, "", cases.RuleDefenceWindowOpen},
		{"rules once the defence window has closed", "viol.art100", served,
			cases.RuleFirstInstance{Ruling: fine(1), NotifiedOn: jalali.Instant{Time: days(20)}, At: days(20)}, cases.TypeFirstInstanceRuled, ""},
		{"takes an appeal within the window", "viol.art100", ruled(), cases.FileAppeal{Grounds: "x", FiledOn: jalali.Instant{Time: days(25)}, At: days(25)}, cases.TypeAppealFiled, ""},
		{"refuses a late appeal", "viol.art100", ruled(), cases.FileAppeal{Grounds: "x", FiledOn: jalali.Instant{Time: days(60)}, At: days(60)}, "", cases.RuleAppealWindowClosed},
		{"rules on the appeal", "viol.art100", appealed, cases.RuleAppeal{Ruling: fine(500_000)}, cases.TypeAppealRuled, ""},
		{"refuses an appeal ruling without an appeal", "viol.art100", ruled(), cases.RuleAppeal{Ruling: fine(500_000)}, "", cases.RuleNotAppealed},
		{"refuses enforcement inside the appeal window", "viol.art100", ruled(), cases.Enforce{Action: "collection", At: days(25)}, "", cases.RuleAppealWindowOpen},
		{"refuses enforcement while the appeal is pending", "viol.art100", appealed, cases.Enforce{Action: "collection", At: days(60)}, "", cases.RuleAppealPending},
		{"refuses enforcement that does not match the ruling", "viol.art100", ruled(), cases.Enforce{Action: "demolition", At: days(60)}, "", cases.RuleEnforcementMismatch},
		{"enforces a final ruling", "viol.art100", ruled(), cases.Enforce{Action: "collection", At: days(60)}, cases.TypeEnforcementStarted, ""},
		{"refuses closing before enforcement", "viol.art100", ruled(), cases.Close{Reason: "x", At: days(60)}, "", cases.RuleCloseNotEnforced},
		{"refuses closing with the fine unpaid", "viol.art100", enforcing, cases.Close{Reason: "x"}, "", cases.RuleCloseUnpaid},
		{"closes a paid, enforced case", "viol.art100", with(enforcing, payAll{}), cases.Close{Reason: "collected"}, cases.TypeClosed, ""},
		{"refuses withdrawing a violation", "viol.art100", served, cases.Withdraw{}, "", cases.RuleWrongFlow},
	}
}

func TestTransitions(t *testing.T) {
	t.Parallel()
	for _, tt := range append(applicationTransitions(t), violationTransitions()...) {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := MustRun(t, tt.service, tt.history...)
			evs, err := decide(s, tt.cmd, depsOf(t, "2026.2", tt.service))
			if tt.wantType != "" {
				if err != nil || len(evs) != 1 || evs[0].EventType() != tt.wantType {
					t.Fatalf("got %v, %v; want one %s", evs, err, tt.wantType)
				}
				cases.Evolve(s, evs[0])
				return
			}
			var de *domain.Error
			if !errors.As(err, &de) || de.Code != domain.CodeRuleViolated || de.Rule != tt.wantRule {
				t.Fatalf("got %v, %v; want a refusal naming %s", evs, err, tt.wantRule)
			}
		})
	}
}
