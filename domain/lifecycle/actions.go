package lifecycle

import "github.com/shafaf-city/shafaf/domain/access"

// actionTexts say in both languages what each next step of a status is, for the person who
// reads "what happens now" on a case. A test holds every Next of the vocabulary to a text.
var actionTexts = map[access.Action]Text{
	access.AcceptIntake:           {Fa: "بررسی و پذیرش پرونده در پیشخوان", En: "Check the file and accept it at intake"},
	access.ReturnForDocuments:     {Fa: "درخواست مدارک ناقص از متقاضی", En: "Ask the applicant for missing documents"},
	access.ProvideDocuments:       {Fa: "ارسال مدارک درخواست‌شده", En: "Send the requested documents"},
	access.ScheduleInspection:     {Fa: "تعیین وقت بازدید از محل", En: "Book the site inspection"},
	access.RecordInspection:       {Fa: "ثبت نتیجه بازدید", En: "Record the inspection's findings"},
	access.RecordReview:           {Fa: "بررسی فنی پرونده", En: "Review the case technically"},
	access.ReferToCommission:      {Fa: "ارجاع به کمیسیون", En: "Refer the case to the commission"},
	access.RecordCommissionRuling: {Fa: "ثبت رأی کمیسیون", En: "Record the commission's ruling"},
	access.AssessFee:              {Fa: "محاسبه عوارض", En: "Assess the fees"},
	access.RecordPayment:          {Fa: "پرداخت عوارض", En: "Pay the fees"},
	access.Decide:                 {Fa: "تصمیم‌گیری درباره درخواست", En: "Decide on the application"},
	access.Issue:                  {Fa: "صدور پروانه یا گواهی", En: "Issue the permit or certificate"},
	access.Renew:                  {Fa: "تمدید پروانه یا گواهی", En: "Renew the permit or certificate"},
	access.Expire:                 {Fa: "ثبت پایان اعتبار", En: "Record the end of validity"},
	access.Revoke:                 {Fa: "ابطال پروانه یا گواهی", En: "Revoke the permit or certificate"},
	access.Reopen:                 {Fa: "بازگشایی پرونده", En: "Reopen the case"},
	access.ServeNotice:            {Fa: "ابلاغ اخطاریه به مالک", En: "Serve the notice on the owner"},
	access.RecordRuling:           {Fa: "ثبت رأی بدوی", En: "Record the first-instance ruling"},
	access.FileAppeal:             {Fa: "اعتراض به رأی", En: "Appeal the ruling"},
	access.RecordAppealRuling:     {Fa: "ثبت رأی تجدیدنظر", En: "Record the appeal ruling"},
	access.RecordEnforcement:      {Fa: "اجرای رأی", En: "Carry out the ruling"},
	access.CloseCase:              {Fa: "بستن پرونده", En: "Close the case"},
}

// ActionText is what next step a says, in both languages; ok is false for an action that is
// no status's next step.
func ActionText(a access.Action) (Text, bool) {
	t, ok := actionTexts[a]
	return t, ok
}
