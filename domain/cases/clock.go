package cases

import (
	"time"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/lifecycle"
	"github.com/shafaf-city/shafaf/domain/workdays"
)

// ClockStep is how an event moves the legal clock when it changes whom the case waits on: the
// staff's clock stops while the applicant owes a fee or the owner is within a defence or appeal
// window, as it does while documents are owed, and the due date moves by the working days
// waited. Decide computes it (Evolve has no calendar); events stored before it have none and
// fold as they always did.
type ClockStep struct {
	Paused     bool       `json:"paused"`                // whether the clock stands still from Since
	Since      time.Time  `json:"since"`                 // start of the new stretch
	StaffDays  int        `json:"staff_days,omitempty"`  // working days of the staff stretch closed
	WaitedDays int        `json:"waited_days,omitempty"` // working days of the applicant's or owner's wait closed
	DueAt      *time.Time `json:"due_at,omitempty"`      // the due date once a wait is over
}

// Timing is embedded in the events that can change whom a case waits on.
type Timing struct {
	Clock *ClockStep `json:"clock,omitempty"`
}

func (t *Timing) timing() *Timing { return t }

// timed is an event that embeds Timing.
type timed interface{ timing() *Timing }

// step applies a clock step.
func (p Progress) step(c ClockStep) Progress {
	p.Clock = Clock{Paused: c.Paused, Since: c.Since,
		StaffDays: p.Clock.StaffDays + c.StaffDays, ApplicantDays: p.Clock.ApplicantDays + c.WaitedDays}
	if c.DueAt != nil {
		p.DueAt = *c.DueAt
	}
	return p
}

// waits reports whether the clock stands still for party: the move is the applicant's or owner's.
func waits(party lifecycle.Party) bool {
	return party == lifecycle.Applicant || party == lifecycle.Owner
}

// clockEvents gives each event that leaves the clock out of step with whom the case then waits
// on the step that brings it in line; it changes the events in place. A finished case keeps
// its clock as it was, so a reopened case takes it up where it stopped.
func clockEvents(s State, events []domain.Event, d Deps) {
	for _, ev := range events {
		next := Evolve(s, ev)
		// Only an event that moves the status or the clock may need a step; every one that can is
		// timed (TestRandomSequencesKeepTheInvariants checks the clock after each event).
		moved := next.Status != s.Status || next.Clock.Paused != s.Clock.Paused
		if t, ok := ev.(timed); ok && moved && next.WaitingOn() != lifecycle.Nobody {
			if step, ok := clockStep(s, next, d, ev.OccurredAt()); ok {
				t.timing().Clock = &step
				next = Evolve(s, ev)
			}
		}
		s = next
	}
}

// clockStep is the step that brings next's clock in line with whom it waits on, if any. The
// owner's wait ends with the window it has, if that passed before at.
func clockStep(s, next State, d Deps, at time.Time) (ClockStep, bool) {
	c, cal := next.Clock, d.Calendar
	end, lapsed := at, false
	if w := windowOf(s); s.WaitingOn() == lifecycle.Owner && workdays.Overdue(w, at) {
		end, lapsed = w, true
	}
	switch wait := waits(next.WaitingOn()); {
	case wait && !c.Paused:
		return ClockStep{Paused: true, Since: at, StaffDays: max(0, cal.WorkingDaysBetween(c.Since, at))}, true
	case !wait && c.Paused:
		waited := max(0, cal.WorkingDaysBetween(c.Since, end))
		return ClockStep{Since: end, WaitedDays: waited, DueAt: dueAfter(next, d, waited)}, true
	case wait && lapsed: // the owner's window passed and staff acted into the next one
		waited := max(0, cal.WorkingDaysBetween(c.Since, end))
		return ClockStep{Paused: true, Since: at, WaitedDays: waited, StaffDays: max(0, cal.WorkingDaysBetween(end, at)),
			DueAt: dueAfter(next, d, waited)}, true
	}
	return ClockStep{}, false
}

// windowOf is the last day of the window the owner has in s's status.
func windowOf(s State) time.Time {
	if s.Status == StatusFirstInstanceRuled {
		return s.Violation.AppealEndsAt
	}
	return s.Violation.DefenceEndsAt
}

func dueAfter(s State, d Deps, waited int) *time.Time {
	due := due(s, d.Calendar, s.Clock.ApplicantDays+waited, s.ExtensionDays)
	return &due
}

// staffStretch is the working days staff have had the case since its clock last started; none
// while it stands still.
func staffStretch(s State, d Deps, at time.Time) int {
	if s.Clock.Paused {
		return 0
	}
	return max(0, d.Calendar.WorkingDaysBetween(s.Clock.Since, at))
}
