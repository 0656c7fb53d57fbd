package cases_test

import (
	"testing"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/jalali"
	"github.com/shafaf-city/shafaf/domain/lifecycle"
)

// steps applies cmds to a new case of service, at the times they carry, and returns the state
// and the events.
func steps(t *testing.T, service string, cmds ...cases.Command) (cases.State, []domain.Event) {
	t.Helper()
	var s cases.State
	var history []domain.Event
	d := depsOf(t, "2026.2", service)
	for _, c := range cmds {
		evs, err := decide(s, c, d)
		if err != nil {
			t.Fatalf("%T: %v", c, err)
		}
		for _, e := range evs {
			s = cases.Evolve(s, e)
		}
		history = append(history, evs...)
	}
	return s, history
}

func TestAFeeOwedWaitsOnTheApplicantAndStopsTheClock(t *testing.T) {
	t.Parallel()
	fee := assess(t, "residential")
	fee.At = tehran(t, "1405/09/01") // a Saturday
	paid := pay(0, "r1")
	paid.At = tehran(t, "1405/09/08") // a week later
	cmds := append(permitReady(), fee)
	s, _ := steps(t, "permit.new", cmds...)
	if s.Status != cases.StatusAwaitingPayment || s.WaitingOn() != lifecycle.Applicant || !s.Clock.Paused {
		t.Fatalf("fee owed: status %s waiting on %s, clock %+v; want awaiting_payment, applicant, paused", s.Status, s.WaitingOn(), s.Clock)
	}
	due := s.DueAt
	paid.Rials = s.Money.Outstanding()
	s, _ = steps(t, "permit.new", append(cmds, paid)...)
	waited := depsOf(t, "2026.2", "permit.new").Calendar.WorkingDaysBetween(fee.At, paid.At)
	if s.WaitingOn() != lifecycle.Staff || s.Clock.Paused || s.Clock.ApplicantDays != waited || waited == 0 {
		t.Fatalf("paid: waiting on %s, clock %+v; want staff, running, %d applicant days", s.WaitingOn(), s.Clock, waited)
	}
	if want := depsOf(t, "2026.2", "permit.new").Calendar.Due(s.SubmittedAt, s.Deadline, waited); !s.DueAt.Equal(want) || !s.DueAt.After(due) {
		t.Fatalf("due %s, want %s: moved by the %d working days the applicant took to pay", jalali.FromTime(s.DueAt), jalali.FromTime(want), waited)
	}
}

func TestTheOwnerHasTheMoveWithinTheWindowsAndFiledStepsSaySo(t *testing.T) {
	t.Parallel()
	notice := cases.ServeNotice{ServedOn: jalali.Instant{Time: days(1)}, At: days(1)}
	defence := cases.FileDefence{Statement: "built before 1390", FiledOn: jalali.Instant{Time: days(4)}, At: days(4)}
	ruling := cases.RuleFirstInstance{Ruling: fine(1_000_000), NotifiedOn: jalali.Instant{Time: days(20)}, At: days(20)}
	appeal := cases.FileAppeal{Grounds: "the fine is too high", FiledOn: jalali.Instant{Time: days(22)}, At: days(22)}
	base := []cases.Command{submitOf("viol.art100"), schedule, found}
	for _, tt := range []struct {
		name  string
		cmds  []cases.Command
		want  cases.Status
		party lifecycle.Party
	}{
		{"the owner may defend once served", []cases.Command{notice}, cases.StatusNoticeServed, lifecycle.Owner},
		{"a filed defence awaits the ruling", []cases.Command{notice, defence}, cases.StatusDefenceFiled, lifecycle.Staff},
		{"the owner may appeal once ruled", []cases.Command{notice, defence, ruling}, cases.StatusFirstInstanceRuled, lifecycle.Owner},
		{"a filed appeal awaits its ruling", []cases.Command{notice, defence, ruling, appeal}, cases.StatusAppealFiled, lifecycle.Staff},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, _ := steps(t, "viol.art100", append(base, tt.cmds...)...)
			if s.Status != tt.want || s.WaitingOn() != tt.party || s.Clock.Paused != (tt.party == lifecycle.Owner) {
				t.Fatalf("status %s waiting on %s, clock %+v; want %s, %s", s.Status, s.WaitingOn(), s.Clock, tt.want, tt.party)
			}
		})
	}
	t.Run("the defence window does not count against staff", func(t *testing.T) {
		t.Parallel()
		s, _ := steps(t, "viol.art100", append(base, notice, defence)...)
		cal := depsOf(t, "2026.2", "viol.art100").Calendar
		if want := cal.WorkingDaysBetween(days(1), days(4)); s.Clock.ApplicantDays != want || want == 0 ||
			!s.DueAt.Equal(cal.Due(s.SubmittedAt, s.Deadline, want)) {
			t.Fatalf("clock %+v due %s; want %d days waited on the owner added to the due date", s.Clock, s.DueAt, want)
		}
	})
}

// The owner let the defence window pass and the commission ruled ten days later: the days after
// the window count against staff, those within it do not.
func TestAWindowThatPassedEndsTheOwnersWait(t *testing.T) {
	t.Parallel()
	s, _ := steps(t, "viol.art100", submitOf("viol.art100"), schedule, found,
		cases.ServeNotice{ServedOn: jalali.Instant{Time: days(1)}, At: days(1)},
		cases.RuleFirstInstance{Ruling: fine(1_000_000), NotifiedOn: jalali.Instant{Time: days(25)}, At: days(25)})
	cal := depsOf(t, "2026.2", "viol.art100").Calendar
	end := s.Violation.DefenceEndsAt
	waited, staff := cal.WorkingDaysBetween(days(1), end), cal.WorkingDaysBetween(end, days(25))
	if s.Status != cases.StatusFirstInstanceRuled || !s.Clock.Paused || s.Clock.ApplicantDays != waited || waited == 0 ||
		s.Clock.StaffDays != cal.WorkingDaysBetween(t0, days(1))+staff || staff == 0 {
		t.Fatalf("clock %+v; want %d days waited within the window and %d staff days after it", s.Clock, waited, staff)
	}
	if want := cal.Due(s.SubmittedAt, s.Deadline, waited); !s.DueAt.Equal(want) {
		t.Fatalf("due %s, want %s: moved by the window only", jalali.FromTime(s.DueAt), jalali.FromTime(want))
	}
}

// Events stored before the clock moved with the fee carry none: they fold as they always did,
// and a stored Reopened naming a wave-1 status is read as today's.
func TestStoredEventsFoldAsBefore(t *testing.T) {
	t.Parallel()
	_, history := steps(t, "permit.new", append(permitReady(), assess(t, "residential"))...)
	old := history[len(history)-1].(*cases.FeeAssessed)
	old.Clock = nil
	if s := cases.Fold(history); s.Status != cases.StatusAwaitingPayment || s.Clock.Paused {
		t.Fatalf("a fee stored without a clock step: status %s clock %+v; want awaiting_payment, the clock as it was", s.Status, s.Clock)
	}
	_, history = steps(t, "viol.art100", submitOf("viol.art100"), schedule, found,
		cases.ServeNotice{ServedOn: jalali.Instant{Time: days(1)}, At: days(1)},
		cases.FileDefence{Statement: "built before 1390", FiledOn: jalali.Instant{Time: days(4)}, At: days(4)},
		cases.Cancel{Reason: "duplicate", At: days(5)})
	history = append(history, &cases.Reopened{Reason: "not a duplicate", Status: "defence_window", At: days(6)})
	if s := cases.Fold(history); s.Status != cases.StatusDefenceFiled {
		t.Fatalf("reopened to the stored status defence_window: %s, want defence_filed", s.Status)
	}
}
