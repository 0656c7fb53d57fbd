package cases_test

import (
	"github.com/shafaf-city/shafaf/domain/jalali"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/fees"
	"github.com/shafaf-city/shafaf/domain/ident"
)

// payAll stands for "pay what is owed"; run turns it into a RecordPayment of the outstanding sum.
type payAll struct{}

func (payAll) Validate() error { return nil }

func submitOf(service string) cases.Submit {
	return cases.Submit{CaseID: uuid.MustParse("6f1c7a1e-8a8e-4f3e-9d0b-1c2d3e4f5a6b"), Service: service,
		CatalogueVersion: "2026.2", Channel: "online", District: "3",
		Plot:      &ident.Plot{Section: 3, Main: []int{72}, Sub: []int{1617}},
		Applicant: cases.Applicant{Name: "Sara Ahmadi", NationalID: "3974017844"}, At: t0}
}

// MustRun applies cmds to a new case of service (catalogue 2026.2) and returns its state.
func MustRun(tb testing.TB, service string, cmds ...cases.Command) cases.State {
	tb.Helper()
	s, err := run(tb, service, cmds...)
	if err != nil {
		tb.Fatalf("%s: %v", service, err)
	}
	return s
}

func run(tb testing.TB, service string, cmds ...cases.Command) (cases.State, error) {
	tb.Helper()
	var s cases.State
	d := depsOf(tb, "2026.2", service)
	for _, c := range cmds {
		evs, err := decide(s, c, d)
		if err != nil {
			return s, err
		}
		for _, e := range evs {
			s = cases.Evolve(s, e)
		}
	}
	return s, nil
}

func decide(s cases.State, c cases.Command, d cases.Deps) ([]domain.Event, error) {
	if _, ok := c.(payAll); ok {
		c = cases.RecordPayment{Rials: s.Money.Outstanding(), Channel: "card", Reference: "all", At: t0}
	}
	return cases.Decide(s, c, d)
}

func mustSchedule(tb testing.TB) *fees.Schedule {
	tb.Helper()
	s, ok := fees.ByVersion("urmia-1404.1")
	if !ok {
		tb.Fatal("no schedule urmia-1404.1")
	}
	return s
}

func assess(tb testing.TB, use string) cases.AssessFee {
	return cases.AssessFee{Schedule: mustSchedule(tb), At: t0, Inputs: fees.Inputs{Use: use,
		LandArea: fees.SquareMetres(200), RequestedArea: fees.SquareMetres(300), CommercialArea: fees.SquareMetres(50),
		FloorAreas: []fees.Area{fees.SquareMetres(150), fees.SquareMetres(150)}, ParkingRequired: 2, ParkingProvided: 1,
		RegionalPrice: 5_000_000, TransactionValue: 20_000_000, FineRateBP: 20000}}
}

func days(n int) time.Time { return t0.AddDate(0, 0, n) }

var (
	accept   = cases.AcceptIntake{At: t0}
	schedule = cases.ScheduleInspection{Inspector: "insp-1", On: jalali.Instant{Time: t0}, At: t0}
	inspect  = cases.RecordInspection{Findings: "as drawn", MeasuredAreaDM2: 30000, At: t0}
	found    = cases.RecordInspection{Findings: "excess area", MeasuredAreaDM2: 35000, ViolationFound: true, At: t0}
	review   = cases.RecordReview{Summary: "drawings comply", At: t0}
	approveD = cases.RecordDecision{Outcome: cases.OutcomeApprove, Reasons: []string{"complies"}, At: t0}
	rejectD  = cases.RecordDecision{Outcome: cases.OutcomeReject, Reasons: []string{"too dense"}, At: t0}
	issue    = cases.Issue{Number: "1405-1", VerificationCode: "abc", At: t0}
	refer    = cases.ReferToCommission{Commission: cases.CommissionArticle100, Reason: "excess area", At: t0}
)

// permitReady is a permit.new case through intake, inspection and review.
func permitReady() []cases.Command {
	return []cases.Command{submitOf("permit.new"), accept, schedule, inspect, review}
}

func pay(rials int64, ref string) cases.RecordPayment {
	return cases.RecordPayment{Rials: rials, Channel: "card", Reference: ref, At: t0}
}

func fine(rials int64) cases.Ruling {
	return cases.Ruling{Kind: cases.RulingFine, FineRials: rials, Summary: "fine"}
}

// ruled is a viol.art100 case whose first-instance fine was notified 20 days after notice.
func ruled() []cases.Command {
	return []cases.Command{submitOf("viol.art100"), schedule, found,
		cases.ServeNotice{ServedOn: jalali.Instant{Time: days(0)}, At: days(1)},
		cases.RuleFirstInstance{Ruling: fine(1_000_000), NotifiedOn: jalali.Instant{Time: days(20)}, At: days(20)}}
}
