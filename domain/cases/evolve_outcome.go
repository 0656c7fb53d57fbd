package cases

import "github.com/shafaf-city/shafaf/domain"

// evolveOutcome applies the events that issue, close and reopen a case, and a violation's steps.
func evolveOutcome(s State, ev domain.Event) State {
	switch e := ev.(type) {
	case *Issued:
		s.Status = StatusIssued
		s.Issued = IssuedState{Number: e.Number, VerificationCode: e.VerificationCode, ValidUntil: e.ValidUntil}
	case *Expired:
		s.Status = StatusExpired
	case *Renewed:
		until := e.ValidUntil
		s.Status, s.Issued.ValidUntil = StatusIssued, &until
	case *Revoked:
		s.closedFrom, s.Status = s.Status, StatusRevoked
	case *Withdrawn:
		s.closedFrom, s.Status = s.Status, StatusWithdrawn
	case *Cancelled:
		s.closedFrom, s.Status = s.Status, StatusCancelled
	case *Closed:
		s.closedFrom, s.Status = s.Status, StatusClosed
	case *Reopened:
		if s.Status == StatusRejected {
			s.Outcome = ""
		}
		s.Status = e.Status
	case *NoticeServed:
		s.Violation.NoticeServed, s.Violation.DefenceEndsAt = true, e.DefenceEndsAt
		s.Status = StatusNoticeServed
	case *DefenceFiled:
		s.Violation.DefenceFiled, s.Status = true, StatusDefenceWindow
	case *FirstInstanceRuled:
		r := e.Ruling
		s.Violation.Ruling, s.Violation.AppealEndsAt = &r, e.AppealEndsAt
		s.Money.Fine, s.Status = r.FineRials, StatusFirstInstanceRuled
	case *AppealFiled:
		s.Violation.Appealed, s.Status = true, StatusAppealWindow
	case *AppealRuled:
		r := e.Ruling
		s.Violation.Ruling, s.Money.Fine, s.Status = &r, r.FineRials, StatusAppealRuled
	case *EnforcementStarted:
		s.Violation.Enforcing, s.Status = true, StatusEnforcement
	}
	return s
}
