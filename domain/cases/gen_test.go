package cases_test

import (
	"github.com/shafaf-city/shafaf/domain/jalali"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/fees"
)

// input is what a generator draws to build one command; the randomized test draws plausible
// values, the fuzzer arbitrary ones.
type input struct {
	kind  int
	text  string
	n     int64
	flag  bool
	at    time.Time // when the command is issued
	on    time.Time // a date the command reports (served on, filed on, notified on)
	sched *fees.Schedule
}

// commandKinds is how many kinds commandFor builds.
const commandKinds = 30

// commandFor builds a command of kind in.kind % commandKinds from the drawn values.
func commandFor(in input) cases.Command {
	outcome := cases.OutcomeApprove
	if in.flag {
		outcome = cases.OutcomeReject
	}
	ruling := cases.Ruling{Kind: cases.RulingFine, FineRials: in.n, Summary: in.text}
	if in.n%3 == 0 {
		ruling = cases.Ruling{Kind: cases.RulingRestoration, Summary: in.text}
	}
	switch in.kind % commandKinds {
	case 0:
		return cases.AcceptIntake{At: in.at}
	case 1:
		return cases.RequestDocuments{Requests: []cases.DocumentRequest{{Document: in.text, Kind: "missing"}}, At: in.at}
	case 2:
		return cases.ProvideDocuments{Documents: []string{in.text}, At: in.at}
	case 3:
		return cases.Assign{Assignee: in.text, At: in.at}
	case 4:
		return cases.ScheduleInspection{Inspector: in.text, On: jalali.Instant{Time: in.on}, At: in.at}
	case 5:
		return cases.RecordInspection{Findings: in.text, MeasuredAreaDM2: in.n, ViolationFound: in.flag, At: in.at}
	case 6:
		return cases.RecordReview{Summary: in.text, At: in.at}
	case 7:
		return cases.ReferToCommission{Commission: cases.CommissionArticle100, Reason: in.text, At: in.at}
	case 8:
		return cases.RecordCommissionRuling{Outcome: outcome, Summary: in.text, At: in.at}
	case 9:
		return cases.AssessFee{Schedule: in.sched, At: in.at, Inputs: fees.Inputs{Use: "residential",
			LandArea: fees.Area(in.n), RequestedArea: fees.Area(in.n), FloorAreas: []fees.Area{fees.Area(in.n)},
			RegionalPrice: in.n, TransactionValue: in.n, FineRateBP: 20000, ParkingRequired: 1}}
	case 10:
		return cases.RecordPayment{Rials: in.n, Channel: "card", Reference: in.text, At: in.at}
	case 11:
		return cases.WaiveFee{Reason: in.text, At: in.at}
	case 12:
		return cases.RecordDecision{Outcome: outcome, Reasons: []string{in.text}, At: in.at}
	case 13:
		var holds cases.PlotHolds
		if in.flag {
			holds = cases.PlotHolds{{CaseID: uuid.Nil}}
		}
		return cases.Issue{Number: in.text, VerificationCode: in.text, PlotHolds: holds, At: in.at}
	case 14:
		return cases.Expire{At: in.at}
	case 15:
		return cases.Renew{At: in.at}
	case 16:
		return cases.Revoke{Reason: in.text, At: in.at}
	case 17:
		return cases.Withdraw{Reason: in.text, At: in.at}
	case 18:
		return cases.Cancel{Reason: in.text, At: in.at}
	case 19:
		return cases.Reopen{Reason: in.text, At: in.at}
	case 20:
		return cases.ExtendDeadline{Days: int(in.n % 400), Reason: in.text, At: in.at}
	case 21:
		return cases.AddNote{Text: in.text, Visibility: cases.NoteInternal, At: in.at}
	case 22:
		return cases.ServeNotice{ServedOn: jalali.Instant{Time: in.on}, At: in.at}
	case 23:
		return cases.FileDefence{Statement: in.text, FiledOn: jalali.Instant{Time: in.on}, At: in.at}
	case 24:
		return cases.RuleFirstInstance{Ruling: ruling, NotifiedOn: jalali.Instant{Time: in.on}, At: in.at}
	case 25:
		return cases.FileAppeal{Grounds: in.text, FiledOn: jalali.Instant{Time: in.on}, At: in.at}
	case 26:
		return cases.RuleAppeal{Ruling: ruling, At: in.at}
	case 27:
		actions := []string{"collection", "demolition", "restoration"}
		return cases.Enforce{Action: actions[int(uint64(in.n)%3)], At: in.at}
	case 28:
		return cases.AttachDocument{DocumentID: uuid.NewSHA1(uuid.Nil, []byte(in.text)), Document: in.text, FileName: in.text,
			Size: in.n, MediaType: cases.MediaPDF, SHA256: strings.Repeat("ab", 32), StorageKey: "sha256/" + strings.Repeat("ab", 32),
			Uploader: "3974017844", QuotaBytes: 1 << 30, At: in.at}
	}
	return cases.Close{Reason: in.text, At: in.at}
}
