package cases

import "github.com/shafaf-city/shafaf/domain"

// evolveViolation applies a violation's steps to what its notice, windows and rulings say.
func evolveViolation(v ViolationState, ev domain.Event) ViolationState {
	switch e := ev.(type) {
	case *NoticeServed:
		v.NoticeServed, v.DefenceEndsAt = true, e.DefenceEndsAt
	case *DefenceFiled:
		v.DefenceFiled = true
	case *FirstInstanceRuled:
		r := e.Ruling
		v.Ruling, v.AppealEndsAt = &r, e.AppealEndsAt
	case *AppealFiled:
		v.Appealed = true
	case *AppealRuled:
		r := e.Ruling
		v.Ruling = &r
	case *EnforcementStarted:
		v.Enforcing = true
	}
	return v
}
