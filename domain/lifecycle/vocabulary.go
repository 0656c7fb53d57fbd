package lifecycle

import (
	"slices"
	"sync"

	"github.com/shafaf-city/shafaf/domain/access"
)

// Application statuses.
const (
	Submitted            Status = "submitted"
	ReturnedForDocuments Status = "returned_for_documents"
	InReview             Status = "in_review"
	InspectionScheduled  Status = "inspection_scheduled"
	Inspected            Status = "inspected"
	AwaitingPayment      Status = "awaiting_payment"
	Paid                 Status = "paid"
	InCommission         Status = "in_commission"
	Approved             Status = "approved"
	Rejected             Status = "rejected"
	Issued               Status = "issued"
	Expired              Status = "expired"
	Revoked              Status = "revoked"
	Withdrawn            Status = "withdrawn"
	Cancelled            Status = "cancelled"
	Closed               Status = "closed"
)

// Building-violation statuses (Article 100 and the other boards).
const (
	Reported           Status = "reported"
	NoticeServed       Status = "notice_served" // the owner's defence window is open
	DefenceFiled       Status = "defence_filed" // awaiting the first-instance ruling
	FirstInstanceRuled Status = "first_instance_ruled"
	AppealFiled        Status = "appeal_filed" // awaiting the appeal commission's ruling
	AppealRuled        Status = "appeal_ruled"
	Enforcement        Status = "enforcement"
)

var (
	applications = []Flow{FlowApplication}
	violations   = []Flow{FlowViolation}
	both         = []Flow{FlowApplication, FlowViolation}
)

// vocabulary is every status in life-cycle order, applications first.
var vocabulary = []Entry{
	{Submitted, applications, Text{"درخواست شما ثبت شد", "Your application has been received"}, Staff,
		[]access.Action{access.AcceptIntake, access.ReturnForDocuments}},
	{ReturnedForDocuments, applications, Text{"پرونده برای تکمیل مدارک به شما بازگشت", "Your application needs more documents"}, Applicant,
		[]access.Action{access.ProvideDocuments}},
	{InReview, applications, Text{"پرونده در حال بررسی است", "Your application is being reviewed"}, Staff,
		[]access.Action{access.ScheduleInspection, access.RecordReview, access.AssessFee, access.ReferToCommission, access.Decide}},
	{InspectionScheduled, applications, Text{"بازدید از ملک زمان‌بندی شد", "A site visit has been scheduled"}, Staff,
		[]access.Action{access.RecordInspection}},
	{Inspected, applications, Text{"بازدید از ملک انجام شد", "The site visit has been carried out"}, Staff,
		[]access.Action{access.RecordReview, access.AssessFee, access.ReferToCommission, access.Decide}},
	{AwaitingPayment, applications, Text{"در انتظار پرداخت عوارض", "Waiting for your payment"}, Applicant,
		[]access.Action{access.RecordPayment}},
	{Paid, applications, Text{"پرداخت شما دریافت شد", "Your payment has been received"}, Staff,
		[]access.Action{access.Decide, access.Issue}},
	{InCommission, applications, Text{"پرونده به کمیسیون ارجاع شد", "Your case has been referred to a commission"}, Staff,
		[]access.Action{access.RecordCommissionRuling}},
	{Approved, applications, Text{"درخواست شما تأیید شد", "Your application has been approved"}, Staff,
		[]access.Action{access.AssessFee, access.Issue}},
	{Rejected, applications, Text{"درخواست شما رد شد", "Your application has been rejected"}, Nobody,
		[]access.Action{access.Reopen}},
	{Issued, applications, Text{"مدرک شما صادر شد", "Your document has been issued"}, Nobody,
		[]access.Action{access.Renew, access.Expire, access.Revoke}},
	{Expired, applications, Text{"اعتبار مدرک به پایان رسید", "The document has expired"}, Nobody,
		[]access.Action{access.Renew}},
	{Revoked, applications, Text{"مدرک ابطال شد", "The document has been revoked"}, Nobody,
		[]access.Action{access.Reopen}},
	{Withdrawn, applications, Text{"درخواست به انصراف شما مختومه شد", "You withdrew the application"}, Nobody,
		[]access.Action{access.Reopen}},
	{Cancelled, both, Text{"پرونده توسط شهرداری لغو شد", "The municipality cancelled the case"}, Nobody,
		[]access.Action{access.Reopen}},
	{Closed, both, Text{"پرونده مختومه شد", "The case is closed"}, Nobody,
		[]access.Action{access.Reopen}},

	{Reported, violations, Text{"تخلف گزارش شد", "A violation has been reported"}, Staff,
		[]access.Action{access.ScheduleInspection, access.RecordInspection, access.RecordReview, access.ServeNotice}},
	{NoticeServed, violations, Text{"اخطاریه به مالک ابلاغ شد؛ مهلت دفاع مالک", "The owner has been served notice and may submit a defence"}, Owner,
		[]access.Action{access.FileAppeal, access.RecordRuling}}, // the defence is filed under the appeal row
	{DefenceFiled, violations, Text{"دفاعیه مالک ثبت شد؛ در انتظار رأی کمیسیون", "The owner's defence is filed; awaiting the commission's ruling"}, Staff,
		[]access.Action{access.RecordRuling}},
	{FirstInstanceRuled, violations, Text{"رأی بدوی صادر شد؛ مهلت تجدیدنظرخواهی", "The first-instance ruling has been issued and may be appealed"}, Owner,
		[]access.Action{access.FileAppeal, access.RecordEnforcement, access.AssessFee, access.CloseCase}},
	{AppealFiled, violations, Text{"تجدیدنظرخواهی ثبت شد؛ در انتظار رأی تجدیدنظر", "An appeal is filed; awaiting the appeal ruling"}, Staff,
		[]access.Action{access.RecordAppealRuling}},
	{AppealRuled, violations, Text{"رأی تجدیدنظر صادر شد", "The appeal ruling has been issued"}, Staff,
		[]access.Action{access.RecordEnforcement, access.AssessFee, access.CloseCase}},
	{Enforcement, violations, Text{"رأی در حال اجرا است", "The ruling is being enforced"}, Staff,
		[]access.Action{access.RecordPayment, access.CloseCase}},
}

// All lists every status in life-cycle order, applications first.
func All() []Status {
	out := make([]Status, len(vocabulary))
	for i, e := range vocabulary {
		out[i] = e.Status
	}
	return out
}

// Of returns what the vocabulary says about s; ok is false for a status it does not know.
func Of(s Status) (Entry, bool) {
	i := slices.IndexFunc(vocabulary, func(e Entry) bool { return e.Status == s })
	if i < 0 {
		return Entry{}, false
	}
	return vocabulary[i], true
}

// OfFlow lists the statuses a case of flow can reach, in life-cycle order.
func OfFlow(f Flow) []Status {
	var out []Status
	for _, e := range vocabulary {
		if slices.Contains(e.Flows, f) {
			out = append(out, e.Status)
		}
	}
	return out
}

// WaitsOn is whom a case in status s waits on; nobody for a status the vocabulary lacks.
func (s Status) WaitsOn() Party {
	e, ok := Of(s)
	if !ok {
		return Nobody
	}
	return e.WaitsOn
}

// ClockRuns reports whether the legal clock runs in status s.
func (s Status) ClockRuns() bool { return s.WaitsOn() == Staff }

// Stopped lists the statuses in which the legal clock does not run, so a case in one is never
// overdue; SQL filters take it as a parameter.
func Stopped() []Status {
	var out []Status
	for _, e := range vocabulary {
		if !e.ClockRuns() {
			out = append(out, e.Status)
		}
	}
	return out
}

// MayTake lists the roles the access policy lets take action on some case, in policy order;
// callers share the slice and must not change it.
func MayTake(a access.Action) []access.Role {
	if roles, ok := mayTake.Load(a); ok {
		return roles.([]access.Role)
	}
	var out []access.Role
	for _, r := range access.Roles {
		if len(access.Grants(access.Actor{Roles: []access.Role{r}}, a)) > 0 {
			out = append(out, r)
		}
	}
	out = slices.Clip(out) // shared: an append by a caller must copy
	mayTake.Store(a, out)
	return out
}

// mayTake holds MayTake's answers (access.Action → []access.Role): the access table never
// changes, and every case a list shows asks again for each of its next actions.
var mayTake sync.Map

// Closed reports whether a case in status s is closed: reopening is all that can happen to it.
func (s Status) Closed() bool {
	e, _ := Of(s)
	return slices.Equal(e.Next, []access.Action{access.Reopen})
}
