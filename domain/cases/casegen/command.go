// Package casegen draws random case commands, for tests that drive random histories through
// the domain (domain/cases) or the whole stack (the read models' property test).
package casegen

import (
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/fees"
	"github.com/shafaf-city/shafaf/domain/jalali"
)

// Input is what a generator draws to build one command; Walk draws plausible values, a fuzzer
// arbitrary ones.
type Input struct {
	Kind  int
	Text  string
	N     int64
	Flag  bool
	At    time.Time // when the command is issued
	On    time.Time // a date the command reports (served on, filed on, notified on)
	Sched *fees.Schedule
}

// Kinds is how many kinds Command builds.
const Kinds = 30

// Command builds a command of kind in.Kind % Kinds from the drawn values.
func Command(in Input) cases.Command {
	outcome := cases.OutcomeApprove
	if in.Flag {
		outcome = cases.OutcomeReject
	}
	ruling := cases.Ruling{Kind: cases.RulingFine, FineRials: in.N, Summary: in.Text}
	if in.N%3 == 0 {
		ruling = cases.Ruling{Kind: cases.RulingRestoration, Summary: in.Text}
	}
	switch in.Kind % Kinds {
	case 0:
		return cases.AcceptIntake{At: in.At}
	case 1:
		return cases.RequestDocuments{Requests: []cases.DocumentRequest{{Document: in.Text, Kind: "missing"}}, At: in.At}
	case 2:
		return cases.ProvideDocuments{Documents: []string{in.Text}, At: in.At}
	case 3:
		return cases.Assign{Assignee: in.Text, At: in.At}
	case 4:
		return cases.ScheduleInspection{Inspector: in.Text, On: jalali.Instant{Time: in.On}, At: in.At}
	case 5:
		return cases.RecordInspection{Findings: in.Text, MeasuredAreaDM2: in.N, ViolationFound: in.Flag, At: in.At}
	case 6:
		return cases.RecordReview{Summary: in.Text, At: in.At}
	case 7:
		return cases.ReferToCommission{Commission: cases.CommissionArticle100, Reason: in.Text, At: in.At}
	case 8:
		return cases.RecordCommissionRuling{Outcome: outcome, Summary: in.Text, At: in.At}
	case 9:
		return cases.AssessFee{Schedule: in.Sched, At: in.At, Inputs: fees.Inputs{Use: "residential",
			LandArea: fees.Area(in.N), RequestedArea: fees.Area(in.N), FloorAreas: []fees.Area{fees.Area(in.N)},
			RegionalPrice: in.N, TransactionValue: in.N, FineRateBP: 20000, ParkingRequired: 1}}
	case 10:
		return cases.RecordPayment{Rials: in.N, Channel: "card", Reference: in.Text, At: in.At}
	case 11:
		return cases.WaiveFee{Reason: in.Text, At: in.At}
	case 12:
		return cases.RecordDecision{Outcome: outcome, Reasons: []string{in.Text}, At: in.At}
	case 13:
		var holds cases.PlotHolds
		if in.Flag {
			holds = cases.PlotHolds{{CaseID: uuid.Nil}}
		}
		return cases.Issue{Number: in.Text, VerificationCode: in.Text, PlotHolds: holds, At: in.At}
	case 14:
		return cases.Expire{At: in.At}
	case 15:
		return cases.Renew{At: in.At}
	case 16:
		return cases.Revoke{Reason: in.Text, At: in.At}
	case 17:
		return cases.Withdraw{Reason: in.Text, At: in.At}
	case 18:
		return cases.Cancel{Reason: in.Text, At: in.At}
	case 19:
		return cases.Reopen{Reason: in.Text, At: in.At}
	case 20:
		return cases.ExtendDeadline{Days: int(in.N % 400), Reason: in.Text, At: in.At}
	case 21:
		return cases.AddNote{Text: in.Text, Visibility: cases.NoteInternal, At: in.At}
	case 22:
		return cases.ServeNotice{ServedOn: jalali.Instant{Time: in.On}, At: in.At}
	case 23:
		return cases.FileDefence{Statement: in.Text, FiledOn: jalali.Instant{Time: in.On}, At: in.At}
	case 24:
		return cases.RuleFirstInstance{Ruling: ruling, NotifiedOn: jalali.Instant{Time: in.On}, At: in.At}
	case 25:
		return cases.FileAppeal{Grounds: in.Text, FiledOn: jalali.Instant{Time: in.On}, At: in.At}
	case 26:
		return cases.RuleAppeal{Ruling: ruling, At: in.At}
	case 27:
		actions := []string{"collection", "demolition", "restoration"}
		return cases.Enforce{Action: actions[int(uint64(in.N)%3)], At: in.At}
	case 28:
		return cases.AttachDocument{DocumentID: uuid.NewSHA1(uuid.Nil, []byte(in.Text)), Document: in.Text, FileName: in.Text,
			Size: in.N, MediaType: cases.MediaPDF, SHA256: strings.Repeat("ab", 32), StorageKey: "sha256/" + strings.Repeat("ab", 32),
			Uploader: "3974017844", QuotaBytes: 1 << 30, At: in.At}
	}
	return cases.Close{Reason: in.Text, At: in.At}
}
