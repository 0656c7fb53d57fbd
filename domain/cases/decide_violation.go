package cases

import (
	"time"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/jalali"
	"github.com/shafaf-city/shafaf/domain/workdays"
)

// decideViolation decides the steps of a building-violation case. Its windows come from the
// service's catalogue data and count calendar days; each ends with the whole of its last day.
func decideViolation(s State, c Command, d Deps) (domain.Event, error) {
	if err := flow(s, catalogue.FlowViolation); err != nil {
		return nil, err
	}
	if d.Service.Windows == nil {
		return nil, domain.Errorf(domain.CodeInternal, "cases: violation service %s has no windows", d.Service.Key)
	}
	v := s.Violation
	switch c := c.(type) {
	case ServeNotice:
		if err := firstOf(notServed(s), legalDate(s, c.ServedOn.Time, c.At), inspected(s, d), reviewed(s, d)); err != nil {
			return nil, err
		}
		return &NoticeServed{ServedOn: c.ServedOn.Time, At: c.At,
			DefenceEndsAt: windowEnd(d, c.ServedOn.Time, d.Service.Windows.DefenceDays)}, nil
	case FileDefence:
		if err := firstOf(served(s), unruled(s), legalDate(s, c.FiledOn.Time, c.At)); err != nil {
			return nil, err
		}
		if workdays.Overdue(v.DefenceEndsAt, c.FiledOn.Time) {
			return nil, refuse(RuleDefenceWindowClosed, "the defence window closed on %s", day(v.DefenceEndsAt))
		}
		return &DefenceFiled{Statement: c.Statement, FiledOn: c.FiledOn.Time, At: c.At}, nil
	case RuleFirstInstance:
		err := firstOf(d.uses(catalogue.StepCommissionReferral), served(s), unruled(s), legalDate(s, c.NotifiedOn.Time, c.At))
		if err != nil {
			return nil, err
		}
		if !workdays.Overdue(v.DefenceEndsAt, c.NotifiedOn.Time) {
			return nil, refuse(RuleDefenceWindowOpen, "the owner may defend until the end of %s", day(v.DefenceEndsAt))
		}
		return &FirstInstanceRuled{Ruling: c.Ruling, NotifiedOn: c.NotifiedOn.Time, At: c.At,
			AppealEndsAt: windowEnd(d, c.NotifiedOn.Time, d.Service.Windows.AppealDays)}, nil
	case FileAppeal:
		if err := firstOf(ruled(s), legalDate(s, c.FiledOn.Time, c.At)); err != nil {
			return nil, err
		}
		switch {
		case v.Appealed:
			return nil, refuse(RuleAppealAlreadyFiled, "an appeal has already been filed")
		case v.Enforcing:
			return nil, refuse(RuleAlreadyEnforcing, "the ruling is already being enforced")
		case workdays.Overdue(v.AppealEndsAt, c.FiledOn.Time):
			return nil, refuse(RuleAppealWindowClosed, "the appeal window closed on %s", day(v.AppealEndsAt))
		}
		return &AppealFiled{Grounds: c.Grounds, FiledOn: c.FiledOn.Time, At: c.At}, nil
	case RuleAppeal:
		switch {
		case !v.Appealed:
			return nil, refuse(RuleNotAppealed, "no appeal has been filed")
		case s.Status != StatusAppealFiled:
			return nil, refuse(RuleRulingAlreadyMade, "the appeal has already been ruled on")
		}
		return &AppealRuled{Ruling: c.Ruling, At: c.At}, nil
	case Enforce:
		if err := final(s, c.At); err != nil {
			return nil, err
		}
		if want := enforcementOf(v.Ruling.Kind); want != c.Action {
			return nil, refuse(RuleEnforcementMismatch, "a %s ruling is enforced by %s", v.Ruling.Kind, want)
		}
		return &EnforcementStarted{Action: c.Action, At: c.At}, nil
	}
	return nil, domain.Errorf(domain.CodeInternal, "cases: %T is not a violation command", c)
}

func decideClose(s State, c Close, d Deps) (domain.Event, error) {
	if err := flow(s, catalogue.FlowViolation); err != nil {
		return nil, err
	}
	if s.Violation.Ruling != nil && s.Violation.Ruling.Kind == RulingDismissed {
		if err := decidedFinally(s, c.At); err != nil {
			return nil, err
		}
		return &Closed{Reason: c.Reason, At: c.At}, nil
	}
	switch {
	case !s.Violation.Enforcing:
		return nil, refuse(RuleCloseNotEnforced, "the ruling has not been enforced")
	case s.Money.Outstanding() > 0:
		return nil, refuse(RuleCloseUnpaid, "%d rials are still owed", s.Money.Outstanding())
	}
	return &Closed{Reason: c.Reason, At: c.At}, nil
}

// final admits enforcement: the ruling is final and not yet being enforced.
func final(s State, at time.Time) error {
	if err := decidedFinally(s, at); err != nil {
		return err
	}
	switch {
	case s.Violation.Enforcing:
		return refuse(RuleAlreadyEnforcing, "the ruling is already being enforced")
	case s.Violation.Ruling.Kind == RulingDismissed:
		return refuse(RuleNothingToEnforce, "the case was dismissed; close it")
	}
	return nil
}

// decidedFinally admits acting on a ruling no appeal can change any more.
func decidedFinally(s State, at time.Time) error {
	v := s.Violation
	switch {
	case v.Ruling == nil:
		return refuse(RuleRulingMissing, "the commission has not ruled")
	case v.Appealed && s.Status == StatusAppealFiled:
		return refuse(RuleAppealPending, "the appeal has not been ruled on")
	case !v.Appealed && !workdays.Overdue(v.AppealEndsAt, at):
		return refuse(RuleAppealWindowOpen, "the owner may appeal until the end of %s", day(v.AppealEndsAt))
	}
	return nil
}

func enforcementOf(k RulingKind) string {
	if k == RulingFine {
		return "collection"
	}
	return string(k)
}

func notServed(s State) error {
	if s.Violation.NoticeServed {
		return refuse(RuleNoticeAlreadyServed, "the notice has already been served")
	}
	return nil
}

func served(s State) error {
	if !s.Violation.NoticeServed {
		return refuse(RuleNoticeNotServed, "the owner has not been served notice")
	}
	return nil
}

func unruled(s State) error {
	if s.Violation.Ruling != nil {
		return refuse(RuleRulingAlreadyMade, "the commission has already ruled")
	}
	return nil
}

func ruled(s State) error {
	if s.Violation.Ruling == nil {
		return refuse(RuleRulingMissing, "the commission has not ruled")
	}
	return nil
}

func reviewed(s State, d Deps) error {
	if d.Service.UsesStep(catalogue.StepEngineeringReview) && !s.Reviewed {
		return refuse(RuleRequiresReview, "the engineering review has not been recorded")
	}
	return nil
}

// clockSkew is how far ahead of the recording instant a legal date may lie: the clerk's and the
// server's clocks differ a little.
const clockSkew = 5 * time.Minute

// legalDate refuses a date staff give for something that happened (a notice served, a
// defence filed) unless it lies between the day the case was submitted and now: a backdated
// notice would open and close the owner's defence window before the case existed.
func legalDate(s State, on, at time.Time) error {
	if on.After(at.Add(clockSkew)) {
		return refuse(RuleDateInFuture, "%s is in the future", day(on))
	}
	if jalali.FromTime(on).Compare(jalali.FromTime(s.SubmittedAt)) < 0 {
		return refuse(RuleDateBeforeCase, "%s is before the case was submitted on %s", day(on), day(s.SubmittedAt))
	}
	return nil
}

// windowEnd is the last day of a window of n calendar days from start, moved past days off.
func windowEnd(d Deps, start time.Time, n int) time.Time {
	return d.Calendar.Due(start, workdays.Deadline{Days: n, Kind: workdays.CalendarDays}, 0)
}

func day(t time.Time) string { return jalali.FromTime(t).String() }

func (c ServeNotice) decide(s State, d Deps) (domain.Event, error) { return decideViolation(s, c, d) }

func (c FileDefence) decide(s State, d Deps) (domain.Event, error) { return decideViolation(s, c, d) }

func (c RuleFirstInstance) decide(s State, d Deps) (domain.Event, error) {
	return decideViolation(s, c, d)
}

func (c FileAppeal) decide(s State, d Deps) (domain.Event, error) { return decideViolation(s, c, d) }

func (c RuleAppeal) decide(s State, d Deps) (domain.Event, error) { return decideViolation(s, c, d) }

func (c Enforce) decide(s State, d Deps) (domain.Event, error) { return decideViolation(s, c, d) }
